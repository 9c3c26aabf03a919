"""A pytest plugin (conftest.py loads it): one local[2] Spark session for every Spark test, and the CLI's scan of a JSONL file to compare with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def spark():
    """``local[2]``, bound to 127.0.0.1, no UI, few shuffle partitions. Under CI=true a missing
    Java or pyspark fails the run instead of skipping it."""
    why = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        why = "pyspark is not installed (python/run_tests.sh pins it)"
    if why is None and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        why = "no Java (apt-get install -y openjdk-17-jre-headless)"
    if why:
        if CI:
            pytest.fail(why)
        pytest.skip(why)
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    # Executors run the venv's Python, where reprint is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    s = (SparkSession.builder.master("local[2]").appName("reprint-tests")
         .config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false")
         # One shuffle partition a core: a test corpus is small, and each partition is a task per stage.
         .config("spark.sql.shuffle.partitions", "2")
         .config("spark.default.parallelism", "2")
         .config("spark.sql.execution.arrow.pyspark.enabled", "true")
         .config("spark.driver.memory", "2g")
         .getOrCreate())
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def cli_scan(cli, path, *flags) -> tuple[list[str], list[dict]]:
    """The CLI's pair lines (as written) and clusters (parsed) for a JSONL file."""
    _, out = cli("scan", str(path), "--unit", "file", "--input", "jsonl", "--format", "jsonl", *flags)
    pairs, clusters = [], []
    for line in out.splitlines():
        rec = json.loads(line)
        if rec["type"] == "pair":
            pairs.append(line)
        elif rec["type"] == "cluster":
            clusters.append(rec)
    return pairs, clusters


def spark_scan(spark, recs_or_df, **kw) -> tuple[list[str], list[dict]]:
    """reprint.spark.scan's pair lines and clusters (as the CLI's cluster records), in output order."""
    from reprint.spark import scan

    df = recs_or_df
    if isinstance(recs_or_df, list):
        df = spark.createDataFrame([(str(r["id"]), r["text"]) for r in recs_or_df], "id string, text string")
    pairs, clusters = scan(df, **kw)
    lines = [r["line"] for r in pairs.select("line").collect()]
    cl = [{"type": "cluster", "id": r["id"], "members": list(r["members"])} for r in clusters.collect()]
    return lines, cl


def subprocess_ok(*args, **kw):
    p = subprocess.run(list(args), capture_output=True, **kw)
    assert p.returncode == 0, p.stderr.decode()[-3000:]
    return p
