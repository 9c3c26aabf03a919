"""``python -m reprint.spark scan|merge INPUT --out DIR``: the scan or the merge as a Spark job, written as Parquet and JSONL."""

from __future__ import annotations

import argparse
import json
import sys
import time

from . import ScanPlan, merge


def _read(spark, path: str, fmt: str):
    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") else "jsonl"
    if fmt == "parquet":
        return spark.read.parquet(path)
    # Records as the CLI reads them: id and text; ids as strings (a number is its digits).
    return spark.read.option("primitivesAsString", "true").json(path)


def write(pairs, clusters, out: str) -> None:
    """``out/{pairs,clusters}.parquet`` and ``out/{pairs,clusters}.jsonl`` (the CLI's ``scan --format jsonl`` lines)."""
    from pyspark.sql import functions as F

    pairs = pairs.persist()
    pairs.drop("line").write.mode("overwrite").parquet(f"{out}/pairs.parquet")
    pairs.select("line").write.mode("overwrite").text(f"{out}/pairs.jsonl")
    clusters.write.mode("overwrite").parquet(f"{out}/clusters.parquet")
    line = F.to_json(F.struct(F.lit("cluster").alias("type"), "id", "members"))
    clusters.select(line.alias("line")).write.mode("overwrite").text(f"{out}/clusters.jsonl")


def _read_records(spark, path: str, fmt: str):
    """Records for a merge: ``id``, ``text``, ``record`` (the JSON object whose fields the output keeps), ``pos``."""
    from pyspark.sql import functions as F

    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") else "jsonl"
    if fmt == "parquet":
        df = spark.read.parquet(path)
        others = [c for c in df.columns if c != "text"]
        record = F.to_json(F.struct(*others)) if others else F.lit("{}")
        return df.select(F.col("id").cast("string").alias("id"), "text", record.alias("record"),
                         F.monotonically_increasing_id().alias("pos"))
    # Each line kept whole, as the CLI keeps a record's fields; its place in the input is its
    # position (increasing with the file's splits), for --keep first.
    lines = spark.read.text(path).filter(F.trim("value") != "")
    return lines.select(F.get_json_object("value", "$.id").alias("id"),
                        F.get_json_object("value", "$.text").alias("text"),
                        F.col("value").alias("record"), F.monotonically_increasing_id().alias("pos"))


def _common(s) -> None:
    s.add_argument("input", help="JSONL or Parquet: a file, a folder or a glob, on any file system Spark reads")
    s.add_argument("--out", required=True, help="output folder (Parquet and JSONL)")
    s.add_argument("--input-format", choices=("auto", "jsonl", "parquet"), default="auto")
    s.add_argument("--cover", type=float, default=0.8)
    s.add_argument("--min-overlap", type=int, default=40)
    s.add_argument("--min-span", type=int, default=14)
    s.add_argument("--max-df", type=int, default=64)
    s.add_argument("--markup", default="auto", choices=("auto", "html", "markdown", "none"))
    s.add_argument("--driver-limit", type=int, default=5_000_000,
                   help="copy links clustered on the driver up to this many; above, on the cluster")
    s.add_argument("--checkpoint-dir", default=None)
    s.add_argument("--partitions", type=int, default=None, help="repartition the input into this many")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reprint.spark", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scan", help="reprint scan --unit file over JSONL or Parquet records (id, text)")
    _common(s)
    m = sub.add_parser("merge", help="reprint merge --input jsonl over JSONL or Parquet records (id, text, ...)")
    _common(m)
    m.add_argument("--keep", choices=("merged", "first", "longest"), default="merged")
    a = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(f"reprint {a.command}").getOrCreate()
    t = time.time()
    knobs = dict(cover=a.cover, min_overlap=a.min_overlap, min_span=a.min_span, max_df=a.max_df, markup=a.markup,
                 driver_limit=a.driver_limit, checkpoint_dir=a.checkpoint_dir)
    stats: dict = {}
    try:
        if a.command == "merge":
            df = _read_records(spark, a.input, a.input_format)
            if a.partitions:
                df = df.repartition(a.partitions)
            docs = merge(df, keep=a.keep, record="record", order="pos", **knobs).persist()
            docs.write.mode("overwrite").parquet(f"{a.out}/merged.parquet")
            docs.select("line").write.mode("overwrite").text(f"{a.out}/merged.jsonl")
        else:
            df = _read(spark, a.input, a.input_format)
            if a.partitions:
                df = df.repartition(a.partitions)
            plan = ScanPlan(df, counts=True, **knobs)
            pairs, clusters = plan.run()
            plan.phase("write")
            write(pairs, clusters, a.out)
            plan.phase(None)
            stats = plan.stats
    except ValueError as e:
        print(f"reprint.spark: {a.input}: {e}", file=sys.stderr)
        return 2
    stats = dict(stats)
    stats["seconds"] = round(time.time() - t, 2)
    print(json.dumps(stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
