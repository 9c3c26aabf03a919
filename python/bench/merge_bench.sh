#!/usr/bin/env bash
# reprint.merge from Python against the CLI's merge on one corpus: wall, CPU and peak RSS of each
# (/usr/bin/time -v), interleaved. Usage: flock /tmp/reprint-big.lock python/bench/merge_bench.sh CORPUS [PYTHON] [RUNS]
# PYTHON: the interpreter with reprint installed (default python/.venv/bin/python); CLI: $REPRINT_BIN.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus="$1"; py="${2:-$here/../.venv/bin/python}"; runs="${3:-1}"
cli="${REPRINT_BIN:-$here/../../target/release/reprint}"
report() { grep -E "Elapsed|User time|System time|Maximum resident" "$1" | sed 's/^\s*/    /'; }
for _ in $(seq "$runs"); do
    /usr/bin/time -v "$cli" merge "$corpus" --input jsonl --format jsonl > /dev/null 2> /tmp/merge_bench.cli
    echo "CLI merge:"; report /tmp/merge_bench.cli
    /usr/bin/time -v "$py" "$here/merge_bench.py" "$corpus" 2> /tmp/merge_bench.py.err
    echo "Python reprint.merge:"; grep "reprint.merge:" /tmp/merge_bench.py.err | sed 's/^/    /'; report /tmp/merge_bench.py.err
done
