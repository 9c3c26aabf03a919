#!/usr/bin/env bash
# reprint.spark against the CLI on one JSONL corpus, local[2]: wall and CPU time, peak memory, and
# whether the pairs and clusters are the same (sorted JSONL), and per plan stage the tasks' time and shuffle volume. Usage: bench/spark_bench.sh CORPUS.jsonl [OUT]
# DRIVER_MEMORY (4g) and SHUFFLE_PARTITIONS (8) override those Spark settings.
# Needs the venv of python/run_tests.sh (pyspark, the package built) and the release CLI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$1"; out="${2:-/tmp/reprint-spark-bench}"
py="${REPRINT_PY_VENV:-$root/python/.venv}/bin/python"
bin="${REPRINT_BIN:-$root/target/release/reprint}"
rm -rf "$out" && mkdir -p "$out/events"
export SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON="$py"
export PYSPARK_SUBMIT_ARGS="--master local[2] --driver-memory ${DRIVER_MEMORY:-4g} --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false --conf spark.sql.shuffle.partitions=${SHUFFLE_PARTITIONS:-8} --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$out/events --conf spark.eventLog.compress=false pyspark-shell"
/usr/bin/time -v "$bin" scan "$corpus" --unit file --input jsonl --format jsonl > "$out/cli.jsonl" 2> "$out/cli.time" || true
"$py" "$root/bench/proc_tree.py" "$out/spark.tree" "$py" -m reprint.spark scan "$corpus" --out "$out/spark" > /dev/null 2> "$out/spark.log"
grep '"type":"pair"' "$out/cli.jsonl" | sort > "$out/cli.pairs"
cat "$out/spark/pairs.jsonl"/part-* | sort > "$out/spark.pairs"
"$py" - "$out" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
cli = sorted(json.dumps(json.loads(l), sort_keys=True) for l in (out / "cli.jsonl").open() if '"type":"cluster"' in l)
sp = sorted(json.dumps(json.loads(l), sort_keys=True) for p in sorted((out / "spark/clusters.jsonl").glob("part-*")) for l in p.open())
same_pairs = (out / "cli.pairs").read_text() == (out / "spark.pairs").read_text()
print(f"pairs {sum(1 for _ in (out / 'cli.pairs').open())} same={same_pairs}; clusters {len(cli)} same={cli == sp}")
PY
w=$(grep "Elapsed (wall" "$out/cli.time" | awk '{print $NF}')
u=$(grep "User time" "$out/cli.time" | awk '{print $NF}'); s=$(grep "System time" "$out/cli.time" | awk '{print $NF}')
m=$(grep "Maximum resident" "$out/cli.time" | awk '{print $NF}')
echo "cli: wall $w, user+sys $(echo "$u + $s" | bc) s, peak RSS $((m / 1024)) MB"
echo "spark (the whole process tree: driver, JVM, Python workers): $(cat "$out/spark.tree")"
grep '^{"documents"' "$out/spark.log" | tail -1
# Per plan stage (the job groups ScanPlan.phase sets): task time and shuffle volume, from the event log.
"$py" "$root/bench/spark_stages.py" "$out"/events/*
