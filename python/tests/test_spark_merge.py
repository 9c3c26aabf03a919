"""reprint.spark.merge gives the CLI's merged records (sorted JSONL, byte for byte), whatever the partitioning."""

from __future__ import annotations

import pytest

from conftest import write_jsonl
from spark_corpora import generated, stress, write


def cli_merge(cli, path, *flags) -> list[str]:
    _, out = cli("merge", str(path), "--input", "jsonl", "--format", "jsonl", *flags)
    return sorted(out.split("\n")[:-1])


def records(spark, path):
    """The JSONL file as the command reads it: id, text, the line whole, its position."""
    from reprint.spark.__main__ import _read_records

    return _read_records(spark, str(path), "jsonl")


def lines(docs) -> list[str]:
    return sorted(r["line"] for r in docs.select("line").collect())


def test_samples_with_copies_equal_cli_for_every_keep(cli, spark, tmp_path, copies):
    from reprint.spark import merge

    recs = [dict(r, id=r.get("id", f"x{i}")) for i, r in enumerate(copies)]
    path = tmp_path / "copies.jsonl"
    write_jsonl(path, recs)
    df = records(spark, path).persist()
    # (first: the command's test below.)
    for keep in ("merged", "longest"):
        want = cli_merge(cli, path, "--keep", keep)
        assert len(want) < len(recs), "the fixture has copies"
        assert lines(merge(df, keep=keep, record="record", order="pos")) == want, keep


def test_command_writes_the_cli_records_as_jsonl_and_parquet(cli, spark, tmp_path, copies):
    from reprint.spark.__main__ import main

    recs = [dict(r, id=r.get("id", f"x{i}")) for i, r in enumerate(copies)]
    path = tmp_path / "copies.jsonl"
    write_jsonl(path, recs)
    out = tmp_path / "out"
    assert main(["merge", str(path), "--out", str(out), "--keep", "first", "--partitions", "3"]) == 0
    got = sorted(x for p in sorted((out / "merged.jsonl").glob("part-*"))
                 for x in p.read_text(encoding="utf-8").split("\n")[:-1])
    assert got == cli_merge(cli, path, "--keep", "first")
    pq = spark.read.parquet(str(out / "merged.parquet"))
    assert set(pq.columns) == {"id", "cluster", "line"} and pq.count() == len(got)


def test_generated_corpus_equals_cli_for_1_2_8_partitions(cli, spark, tmp_path):
    from reprint.spark import merge

    # Noisy copies (votes, where the run's evidence breaks ties), a chain, a reprinted story, ties.
    recs = generated(tmp_path, 250, 4) + stress(seed=6, chain=60)
    path = write(tmp_path / "corpus.jsonl", recs)
    want = cli_merge(cli, path)
    assert len(want) < len(recs) - 100
    df = records(spark, path).persist()
    for parts in (1, 2, 8):
        assert lines(merge(df.repartition(parts), record="record", order="pos")) == want, parts


def test_bad_ids_raise_naming_them(spark):
    from reprint.spark import merge, scan

    dup = spark.createDataFrame([("a", "一二三"), ("a", "四五六")], "id string, text string")
    for run in (scan, merge):
        with pytest.raises(ValueError, match="'a' is on more than one record"):
            run(dup)
        with pytest.raises(ValueError, match="no 'id' column"):
            run(dup.select("text"))
        with pytest.raises(ValueError, match="has no id"):
            run(spark.createDataFrame([(None, "x")], "id string, text string"))
    with pytest.raises(ValueError, match="keep"):
        merge(dup, keep="biggest")
    with pytest.raises(ValueError, match="order='nope'"):
        merge(dup, order="nope")
