"""Each function gives exactly what the CLI prints for the same input (parsed)."""

from __future__ import annotations

import json

import pytest

import reprint
from conftest import ROOT, SAMPLES, sample_text, write_jsonl


def lines(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines()]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_clean_equals_cli(cli, path):
    rel = str(path.relative_to(ROOT))
    _, out = cli("clean", rel, "--format", "jsonl")
    assert reprint.clean(sample_text(path), source=rel) == json.loads(out)


def test_clean_options_and_stdin_equal_cli(cli):
    path = SAMPLES[1]
    args = ["--disable", "punct,spaces", "--markup", "none", "--no-correct-variants", "--map"]
    _, out = cli("clean", "-", "--format", "jsonl", *args, stdin=path.read_bytes())
    got = reprint.clean(sample_text(path), disable=("punct", "spaces"), markup="none", correct_variants=False, map=True)
    assert got == json.loads(out)
    assert got["id"] == "stdin" and got["source"] == "-" and len(got["map"]) == len(got["text"])


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_split_equals_cli(cli, path):
    rel = str(path.relative_to(ROOT))
    _, out = cli("split", rel, "--format", "jsonl")
    assert reprint.split(sample_text(path), source=rel) == lines(out)


def test_scan_of_samples_equals_cli(cli, tmp_path, records):
    write_jsonl(tmp_path / "samples.jsonl", records)
    _, out = cli("scan", "samples.jsonl", "--input", "jsonl", "--format", "json", cwd=tmp_path)
    want = json.loads(out)
    assert reprint.scan(records, name="samples.jsonl") == want
    # (id, text) pairs, streamed from a generator: the same result.
    pairs = ((r["id"], r["text"]) for r in records)
    assert reprint.scan(pairs, name="samples.jsonl") == want


@pytest.mark.parametrize("flags", [(), ("--cover", "0.5", "--min-overlap", "100", "--max-df", "8")])
def test_scan_of_copies_equals_cli(cli, tmp_path, copies, flags):
    write_jsonl(tmp_path / "copies.jsonl", copies)
    _, out = cli("scan", "copies.jsonl", "--input", "jsonl", "--format", "json", *flags, cwd=tmp_path)
    want = json.loads(out)
    kw = dict(zip((f[2:].replace("-", "_") for f in flags[::2]), (float(v) if "." in v else int(v) for v in flags[1::2])))
    got = reprint.scan(copies, name="copies.jsonl", **kw)
    assert got == want
    assert got["clusters"], "the fixture has copies"


def test_scan_articles_pairs_equal_cli(cli):
    # Pages split into articles: the CLI reads the files, Python the texts as records.
    _, out = cli("scan", "samples/", "--format", "json")
    want = json.loads(out)
    recs = [{"id": p.stem, "text": sample_text(p)} for p in SAMPLES]
    got = reprint.scan(recs, unit="article")
    assert got["pairs"] == want["pairs"]
    assert got["clusters"] == want["clusters"]
    assert [d["id"] for d in got["documents"]] == [d["id"] for d in want["documents"]]


@pytest.mark.parametrize("keep", ["merged", "first", "longest"])
def test_merge_equals_cli(cli, tmp_path, copies, keep):
    write_jsonl(tmp_path / "copies.jsonl", copies)
    _, out = cli("merge", "copies.jsonl", "--input", "jsonl", "--format", "jsonl", "--keep", keep, cwd=tmp_path)
    got = list(reprint.merge(copies, keep=keep, name="copies.jsonl"))
    assert got == lines(out)
    # Every input record is in exactly one output record.
    ids = [w for r in got for w in r["reprint"]["witnesses"]]
    assert len(ids) == len(copies) == len(set(ids))
    # Input fields are kept.
    assert any(r.get("meta", {}).get("site") == "b" or r.get("url") for r in got)


def test_diff_equals_cli(cli):
    a, b = (str(p.relative_to(ROOT)) for p in (SAMPLES[1], SAMPLES[3]))
    _, out = cli("diff", a, b, "--format", "json")
    got = reprint.diff(sample_text(SAMPLES[1]), sample_text(SAMPLES[3]), a_name=a, b_name=b)
    assert got == json.loads(out)
    assert got["variants"]


def test_verify_equals_a_two_record_cli_scan(cli, tmp_path, copies):
    from reprint import arrow

    texts = {str(r.get("id")): r["text"] for r in copies}
    cases = [("001_0ed2445f5550d6ea", "001_copy"), ("7", "003_630f37cb81b2932f"),
             ("001_0ed2445f5550d6ea", "003_630f37cb81b2932f"), ("000_54cc58d3ab6fc1ba", "004_bcb46cb50cc0bcb5")]
    got = arrow.verify([texts[a] for a, _ in cases], [texts[b] for _, b in cases]).to_pylist()
    for (a, b), row in zip(cases, got):
        write_jsonl(tmp_path / "pair.jsonl", [{"id": "a", "text": texts[a]}, {"id": "b", "text": texts[b]}])
        _, out = cli("scan", "pair.jsonl", "--input", "jsonl", "--format", "json", cwd=tmp_path)
        pairs = json.loads(out)["pairs"]
        want = {"relation": None, "similarity": None, "spans": []}
        if pairs:
            assert (pairs[0]["a"], pairs[0]["b"]) == ("a", "b")
            want = {k: pairs[0][k] for k in want}
            # The whole pair, as scan --format jsonl writes it.
            assert json.loads(row["line"]) == {"type": "pair", **pairs[0]}
        assert {k: row[k] for k in want} == want, (a, b)
    assert got[0]["relation"] == "duplicate" and got[1]["relation"] == "contained_in"


def test_scan_over_many_batches_equals_cli(cli, tmp_path, copies):
    # More records than one batch the worker folds (2048), copies far apart, ids repeated: the
    # records stream through in batches and the result is still the CLI's.
    filler = [{"id": f"f{i}", "text": f"第{i}条消息：本市今日天气晴，气温{i % 30}度，{'风' * (i % 7)}。"} for i in range(5000)]
    recs = copies[:4] + filler[:2500] + copies[4:] + filler[2500:] + [copies[0]]
    write_jsonl(tmp_path / "many.jsonl", recs)
    _, out = cli("scan", "many.jsonl", "--input", "jsonl", "--format", "json", cwd=tmp_path)
    want = json.loads(out)
    got = reprint.scan(iter(recs), name="many.jsonl", threads=2)
    assert got == want
    assert len(got["documents"]) == len(recs) and got["clusters"]
