"""Records as JSON Lines lines (str or bytes): read by the CLI's own reader, so results and errors are the CLI's."""

from __future__ import annotations

import json

import pytest

import reprint
from conftest import write_jsonl


def odd_lines(copies) -> list[bytes]:
    """The copies as the CLI would read them from a file: a BOM, CRLF, a blank line, ids of every
    type, escapes, fields after text, a record with no id, U+2028 and non-BMP chars."""
    recs = [json.dumps(r, ensure_ascii=i % 2 == 0) for i, r in enumerate(copies)]
    recs[0] = "\ufeff" + recs[0]
    recs[1] += "\r"
    recs.insert(2, "   ")
    recs.append(json.dumps({"text": copies[0]["text"] + "\u2028𠀀", "id": 12.5, "after": [1, None]}, ensure_ascii=False))
    return [(x + "\n").encode() for x in recs]


@pytest.mark.parametrize("flags", [(), ("--cover", "0.5", "--min-overlap", "100", "--max-df", "8")])
def test_scan_of_lines_equals_cli(cli, tmp_path, copies, flags):
    lines = odd_lines(copies)
    (tmp_path / "copies.jsonl").write_bytes(b"".join(lines))
    _, out = cli("scan", "copies.jsonl", "--input", "jsonl", "--format", "json", *flags, cwd=tmp_path)
    want = json.loads(out)
    kw = dict(zip((f[2:].replace("-", "_") for f in flags[::2]), (float(v) if "." in v else int(v) for v in flags[1::2])))
    with open(tmp_path / "copies.jsonl", "rb") as f:
        got = reprint.scan(f, name="copies.jsonl", **kw)
    assert got == want
    assert got["pairs"] and got["clusters"], "the fixture has copies"
    # str lines (a text-mode file) and lines without their ending: the same.
    with open(tmp_path / "copies.jsonl", encoding="utf-8", newline="") as f:
        assert reprint.scan(f, name="copies.jsonl", **kw) == want
    assert reprint.scan((x.rstrip(b"\n") for x in lines), name="copies.jsonl", **kw) == want


def test_many_lines_in_many_batches_equal_cli(cli, tmp_path, copies):
    # More lines than a batch (2048), copies far apart, lines mixed with dicts (numbered as one sequence).
    filler = [{"id": f"f{i}", "text": f"第{i}条消息：本市今日天气晴，气温{i % 30}度，{'风' * (i % 7)}。"} for i in range(5000)]
    recs = copies[:3] + filler + copies[3:]
    write_jsonl(tmp_path / "in.jsonl", recs)
    _, out = cli("scan", "in.jsonl", "--input", "jsonl", "--format", "json", cwd=tmp_path)
    want = json.loads(out)
    lines = (tmp_path / "in.jsonl").read_bytes().splitlines(keepends=True)
    mixed = [r if i % 3 else lines[i] for i, r in enumerate(recs)]
    assert reprint.scan(iter(lines), name="in.jsonl", threads=2) == want
    assert reprint.scan(iter(mixed), name="in.jsonl") == want


def test_merge_of_lines_equals_cli(cli, tmp_path, copies):
    lines = odd_lines(copies)
    (tmp_path / "in.jsonl").write_bytes(b"".join(lines))
    _, out = cli("merge", "in.jsonl", "--input", "jsonl", "--format", "jsonl", cwd=tmp_path)
    want = [json.loads(x) for x in out.split("\n")[:-1]]
    with open(tmp_path / "in.jsonl", "rb") as f:
        got = list(reprint.merge(f, name="in.jsonl"))
    assert got == want
    assert len(got) < len(copies)


@pytest.mark.parametrize("bad, message", [
    (b'{"text": "broken"', r'in\.jsonl:3: invalid JSON: EOF while parsing an object \(column 17\)'),
    (b"[1, 2]", r"in\.jsonl:3: not a JSON object"),
    (b'{"id": "x"}', r'in\.jsonl:3: missing "text" field'),
    (b'{"id": true, "text": "t"}', r'in\.jsonl:3: "id" is not a string or number'),
    (b'{"text": 5}', r'in\.jsonl:3: "text" is not a string'),
    (b'{"text": "\xff"}', r"in\.jsonl:3: invalid UTF-8 at column 11"),
    (b'{"id": 1,\n"text": "x"}', r"in\.jsonl:3: a line holds a newline"),
])
def test_a_bad_line_raises_value_error_naming_it(bad, message):
    good = [b'{"id": "a", "text": "\xe4\xb8\xad"}\n', b"\n"]
    for run in (reprint.scan, lambda recs, **kw: list(reprint.merge(recs, **kw))):
        with pytest.raises(ValueError, match=message):
            run(good + [bad, b'{"text": 5}'], name="in.jsonl")


def test_a_bad_line_after_many_batches_names_it():
    # Earlier batches are parsed on the worker while later ones are read: the first bad line is reported.
    good = [json.dumps({"id": str(i), "text": "今年将新增就业一千二百万人以上。"}) for i in range(7000)]
    lines = good[:5000] + ['{"text": null}'] + good[5000:] + [{"id": "later", "text": None}]
    with pytest.raises(ValueError, match=r"records:5001: \"text\" is not a string"):
        reprint.scan(iter(lines))
    assert reprint.scan(['{"id": "a", "text": "x"}'])["documents"][0]["id"] == "a"


def test_single_str_or_bytes_is_not_records():
    for records in ('{"text": "x"}', b'{"text": "x"}'):
        with pytest.raises(TypeError, match="records"):
            reprint.scan(records)
