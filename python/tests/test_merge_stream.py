"""reprint.merge streams: the CLI's records for any record shape, its temp file gone when it ends or is dropped."""

from __future__ import annotations

import gc
import json

import pytest

import reprint
from conftest import write_jsonl


def lines(out: str) -> list[dict]:
    return [json.loads(x) for x in out.split("\n")[:-1]]


def cli_merge(cli, tmp_path, recs, *flags):
    write_jsonl(tmp_path / "in.jsonl", recs)
    _, out = cli("merge", "in.jsonl", "--input", "jsonl", "--format", "jsonl", *flags, cwd=tmp_path)
    return lines(out)


@pytest.fixture
def spool_dir(tmp_path, monkeypatch):
    # The merge's temp files go to TMPDIR: an empty one of our own, to see them come and go.
    d = tmp_path / "spool"
    d.mkdir()
    monkeypatch.setenv("TMPDIR", str(d))
    return d


def odd_records(copies):
    """Ids of every JSON type the CLI reads as an id (and none), extra fields of every JSON
    type, texts with U+2028 and non-BMP chars, a copy with a different field set."""
    s1 = copies[1]["text"]
    return [
        {"id": 12, "text": s1, "n": 1.25, "tags": ["a", None, False], "deep": {"x": {"y": [1, {"z": "字"}]}}},
        {"text": copies[0]["text"], "id": None},
        {"id": 3.5, "text": s1.replace("，", ",") + "\u2028第二行𠀀", "null": None},
        {"text": "短消息：今天天气晴。\u2028𠀀𠀁", "url": "https://example.com/x"},
        {"id": "s", "text": s1[: len(s1) // 2], "extra": {"k": [True, 2, "三"]}},
        {"id": -7, "text": copies[3]["text"]},
        {"id": 10**30, "text": copies[3]["text"][::-1][:200]},
    ]


@pytest.mark.parametrize("keep", ["merged", "first", "longest"])
def test_odd_records_equal_cli(cli, tmp_path, copies, keep):
    recs = odd_records(copies)
    want = cli_merge(cli, tmp_path, recs, "--keep", keep)
    got = list(reprint.merge(recs, keep=keep, name="in.jsonl"))
    assert got == want
    assert any(r["reprint"]["cluster"] is not None for r in got), "the records have copies"
    assert sorted(w for r in got for w in r["reprint"]["witnesses"]) == sorted(
        w for r in want for w in r["reprint"]["witnesses"])


def test_many_records_in_many_chunks_equal_cli(cli, tmp_path, copies):
    # More records than a spool batch (2048) and output larger than a chunk (256 KiB), copies far apart.
    filler = [{"id": f"f{i}", "text": f"第{i}条消息：本市今日天气晴，气温{i % 30}度，{'风' * (i % 7)}。", "i": i}
              for i in range(6000)]
    recs = copies[:4] + filler[:3000] + copies[4:] + filler[3000:]
    want = cli_merge(cli, tmp_path, recs)
    got = list(reprint.merge(iter(recs), name="in.jsonl", threads=2))
    assert got == want
    assert len(got) < len(recs)


def test_record_without_text_raises_at_the_call(spool_dir):
    with pytest.raises(ValueError, match=r"records\[1\] has no 'text'"):
        reprint.merge([{"id": "a", "text": "x"}, {"id": "b"}])
    assert list(spool_dir.iterdir()) == []


def test_early_break_stops_and_removes_the_temp_file(spool_dir):
    filler = [{"id": f"f{i}", "text": f"第{i}条消息：本市今日天气晴，气温{i % 30}度。" * 3} for i in range(20000)]
    it = reprint.merge(filler)
    first = next(it)
    assert first["id"] == "f0"
    assert list(spool_dir.iterdir()), "the spooled records are there while it runs"
    it.close()
    assert list(spool_dir.iterdir()) == []
    # Dropped without close: the same.
    it = reprint.merge(filler)
    for r in it:
        break
    del it, r
    gc.collect()
    assert list(spool_dir.iterdir()) == []


def test_finished_merge_leaves_no_temp_file(spool_dir, copies):
    assert len(list(reprint.merge(copies))) < len(copies)
    assert list(spool_dir.iterdir()) == []


def test_empty_input_gives_no_records():
    assert list(reprint.merge([])) == []
    assert list(reprint.merge(iter(()), unit="article")) == []


@pytest.mark.parametrize("on_pool", [False, True])
def test_a_panic_on_the_merge_worker_is_a_runtime_error(on_pool):
    # The worker and hand-over of reprint.merge with its engine call swapped for one that panics after
    # 30,000 records (more than a chunk): the records come first, then RuntimeError; the process goes on.
    from reprint import _records, _reprint

    got = []
    with pytest.raises(RuntimeError, match="reprint: internal error: a test panic in a merge"):
        for r in _records(_reprint._merge_panic_for_tests(30_000, on_pool)):
            got.append(r["n"])
    assert got == list(range(30_000))
    assert len(list(reprint.merge([{"id": "a", "text": "今年将新增就业一千二百万人以上。"}]))) == 1
