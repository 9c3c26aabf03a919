"""``python -m reprint.spark scan INPUT --out DIR``: the scan as a Spark job, pairs and clusters as Parquet and JSONL."""

from __future__ import annotations

import argparse
import json
import sys
import time

from . import ScanPlan


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reprint.spark", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scan", help="reprint scan --unit file over JSONL or Parquet records (id, text)")
    s.add_argument("input", help="JSONL or Parquet: a file, a folder or a glob, on any file system Spark reads")
    s.add_argument("--out", required=True, help="folder for pairs and clusters (Parquet and JSONL)")
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
    a = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("reprint scan").getOrCreate()
    t = time.time()
    df = _read(spark, a.input, a.input_format)
    if a.partitions:
        df = df.repartition(a.partitions)
    try:
        plan = ScanPlan(df, cover=a.cover, min_overlap=a.min_overlap, min_span=a.min_span, max_df=a.max_df,
                        markup=a.markup, driver_limit=a.driver_limit, checkpoint_dir=a.checkpoint_dir, counts=True)
        pairs, clusters = plan.run()
        plan.phase("write")
        write(pairs, clusters, a.out)
        plan.phase(None)
    except ValueError as e:
        print(f"reprint.spark: {a.input}: {e}", file=sys.stderr)
        return 2
    plan.stats["seconds"] = round(time.time() - t, 2)
    print(json.dumps(plan.stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
