"""``python -m reprint.spark scan INPUT --out DIR`` writes the CLI's pairs and clusters as JSONL and Parquet."""

from __future__ import annotations

import json

from conftest import write_jsonl
from spark_fixtures import cli_scan


def _lines(folder):
    return [x for p in sorted(folder.glob("part-*")) for x in p.read_text(encoding="utf-8").splitlines()]


def test_command_on_samples_with_copies_equals_cli(cli, spark, tmp_path, copies):
    from reprint.spark.__main__ import main

    recs = [dict(r, id=r.get("id", f"x{i}")) for i, r in enumerate(copies)]
    path = tmp_path / "copies.jsonl"
    write_jsonl(path, recs)
    want_pairs, want_clusters = cli_scan(cli, path)
    out = tmp_path / "out"
    # The session the command gets is the tests' one (getOrCreate).
    assert main(["scan", str(path), "--out", str(out), "--partitions", "3"]) == 0
    # Compared as sorted JSONL: pair lines byte for byte, cluster lines as records.
    assert sorted(_lines(out / "pairs.jsonl")) == sorted(want_pairs)
    got_clusters = [json.loads(x) for x in _lines(out / "clusters.jsonl")]
    assert sorted(got_clusters, key=lambda c: c["id"]) == want_clusters
    pq = spark.read.parquet(str(out / "pairs.parquet"))
    assert pq.count() == len(want_pairs)
    assert {"a", "b", "relation", "similarity", "shared_chars", "spans"} <= set(pq.columns)
    assert spark.read.parquet(str(out / "clusters.parquet")).count() == len(want_clusters)
    # Parquet in gives the same.
    spark.read.json(str(path), primitivesAsString=True).select("id", "text").write.parquet(str(tmp_path / "in.parquet"))
    assert main(["scan", str(tmp_path / "in.parquet"), "--out", str(tmp_path / "out2")]) == 0
    assert sorted(_lines(tmp_path / "out2" / "pairs.jsonl")) == sorted(want_pairs)


def test_command_names_the_input_on_bad_records(spark, tmp_path, capsys):
    from reprint.spark.__main__ import main

    path = tmp_path / "dup.jsonl"
    write_jsonl(path, [{"id": "a", "text": "一二三"}, {"id": "a", "text": "四五六"}])
    assert main(["scan", str(path), "--out", str(tmp_path / "o")]) == 2
    assert f"{path}: id 'a' is on more than one record" in capsys.readouterr().err
