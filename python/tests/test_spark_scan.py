"""reprint.spark.scan gives the CLI's pairs and clusters, byte for byte, whatever the partitioning."""

from __future__ import annotations

import json
import random
import subprocess

import pytest

from conftest import _cli, write_jsonl
from spark_corpora import generated, phrases, stress, write
from reprint.spark import COPIES
from spark_fixtures import cli_scan, spark_scan


def _same(cli_out, spark_out):
    (cp, cc), (sp, sc) = cli_out, spark_out
    # Pair lines as the CLI writes them, in its order; clusters as parsed records, in its order.
    assert len(sp) == len(cp)
    assert sp == cp
    assert sc == cc


def test_samples_with_copies_equal_cli(cli, spark, tmp_path, copies):
    # The five samples and edited copies of them (conftest.copies): duplicates, containment, a cluster.
    recs = [dict(r, id=r.get("id", f"x{i}")) for i, r in enumerate(copies)]
    path = tmp_path / "copies.jsonl"
    write_jsonl(path, recs)
    want = cli_scan(cli, path)
    assert want[1], "the fixture has clusters"
    _same(want, spark_scan(spark, recs))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus")
    recs = generated(tmp, 600, 3) + stress()
    return write(tmp / "corpus.jsonl", recs), recs


def test_generated_and_stress_corpus_equals_cli_for_1_2_8_partitions_and_any_order(cli, spark, corpus):
    path, recs = corpus
    want = cli_scan(cli, path)
    pairs, clusters = want
    rel = {json.loads(p)["relation"] for p in pairs}
    assert {"duplicate", "contains", "contained_in", "overlap"} <= rel, rel
    # The chain is one cluster of 1,000; the reprinted story's 100 copies another.
    sizes = sorted(len(c["members"]) for c in clusters)
    assert sizes[-1] == 1000 and 100 in sizes, sizes[-3:]
    rng = random.Random(11)
    for parts in (1, 2, 8):
        shuffled = recs[:]
        rng.shuffle(shuffled)
        df = spark.createDataFrame([(str(r["id"]), r["text"]) for r in shuffled], "id string, text string")
        _same(want, spark_scan(spark, df.repartition(parts)))


def test_stress_with_other_thresholds_equals_cli(cli, spark, tmp_path):
    # max_df over the block size: the voting path's posting lists are cut into blocks too;
    # a low cap puts the chain's and the story's grams over it.
    recs = stress(seed=8, chain=120)
    path = write(tmp_path / "stress.jsonl", recs)
    for flags, kw in ((("--max-df", "200"), dict(max_df=200)),
                      (("--max-df", "4", "--cover", "0.6", "--min-overlap", "20"), dict(max_df=4, cover=0.6, min_overlap=20))):
        _same(cli_scan(cli, path, *flags), spark_scan(spark, recs, **kw))


def test_stock_sentences_in_order_equal_cli(cli, spark, tmp_path):
    # Copies that only the junction index proposes (the CLI counts them in --stats) are the
    # CLI's on Spark too, reported only as copies, whatever the partitioning.
    recs = phrases()
    path = write(tmp_path / "phrases.jsonl", recs)
    p = subprocess.run([str(_cli()), "scan", str(path), "--unit", "file", "--input", "jsonl", "--format", "jsonl",
                        "--stats-format", "json"], capture_output=True, text=True)
    stages = {s["stage"]: s for s in json.loads(p.stderr.strip().splitlines()[-1])["stages"]}
    assert stages["index"]["junction_pairs"] > 0, stages["index"]
    want = cli_scan(cli, path)
    found = {tuple(sorted((r["a"], r["b"]))): r["relation"] for r in map(json.loads, want[0])}
    assert sum(found.get((f"base{k:02d}", f"part{k:02d}")) in COPIES for k in range(30)) >= 25
    assert not any(found.get((f"base{k:02d}", f"look{k:02d}")) in COPIES for k in range(30))
    for parts in (1, 3):
        df = spark.createDataFrame([(r["id"], r["text"]) for r in recs], "id string, text string")
        _same(want, spark_scan(spark, df.repartition(parts)))


def test_distributed_components_equal_driver_union_find(cli, spark, tmp_path):
    # A chain of 1,000 copies clustered by large-star/small-star rounds gives the CLI's clusters.
    recs = stress(seed=9, chain=1000)[:1000] + stress(seed=10, chain=40)[:40]
    path = write(tmp_path / "chain.jsonl", recs)
    want = cli_scan(cli, path)
    assert [len(c["members"]) for c in want[1]] in ([1000, 40], [40, 1000])
    from reprint.spark import ScanPlan

    df = spark.createDataFrame([(r["id"], r["text"]) for r in recs], "id string, text string")
    plan = ScanPlan(df, driver_limit=0, checkpoint_dir=str(tmp_path / "ckpt"))
    pairs, clusters = plan.run()
    assert plan.stats["star_rounds"] > 2
    got = [{"type": "cluster", "id": r["id"], "members": list(r["members"])} for r in clusters.collect()]
    assert got == want[1]
    assert [r["line"] for r in pairs.select("line").collect()] == want[0]


def test_bad_input_raises_naming_it(spark):
    from reprint.spark import scan

    df = spark.createDataFrame([("a", "x"), ("a", "y")], "id string, text string")
    with pytest.raises(ValueError, match="'a' is on more than one record"):
        scan(df)
    with pytest.raises(ValueError, match="no 'text' column"):
        scan(df.select("id"))
    with pytest.raises(ValueError, match="cover"):
        scan(df, cover=2)
    df = spark.createDataFrame([(None, "x")], "id string, text string")
    with pytest.raises(ValueError, match="has no id"):
        scan(df)
