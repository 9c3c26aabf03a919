#!/usr/bin/env bash
# Scaling benchmark: how much longer a scan of a big corpus takes than one of a small corpus
# (issue 7's target: 1M documents within 12x the time of 100k). The runs are interleaved, small
# then big, ROUNDS times (default 3), so that the host's load and the memory it has taken back
# weigh on both sizes alike; each size's median is taken and their ratio printed.
# Usage: bench/scale_bench.sh [SMALL] [BIG] (defaults 100000 and 1000000), with both corpora made
# by bench/scan_bench.sh (bench/out/DOCS/corpus.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-100000}
big=${2:-1000000}
rounds=${ROUNDS:-3}
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
for docs in "$small" "$big"; do
    [ -f "bench/out/$docs/corpus.jsonl" ] || { echo "no corpus: run bench/scan_bench.sh $docs first" >&2; exit 2; }
done
cargo build --release --quiet
echo "reprint $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml || echo ' (+ uncommitted changes)'),"\
     "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# seconds DOCS: one scan's wall time (the output goes to a file, as in scan_bench.sh)
seconds() {
    local out=bench/out/$1 rc=0
    /usr/bin/time -f "%e %M" -o "$out/scale.time" target/release/reprint scan "$out/corpus.jsonl" \
        --input jsonl --format jsonl > "$out/scale.jsonl" || rc=$?
    [ "$rc" -le 1 ] || { echo "scan of $1 failed with exit code $rc" >&2; exit 1; }
    tail -n 1 "$out/scale.time"
}
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
small_times=() big_times=()
for ((k = 1; k <= rounds; k++)); do
    read -r s s_kb < <(seconds "$small")
    read -r b b_kb < <(seconds "$big")
    small_times+=("$s") big_times+=("$b")
    echo "round $k: $small in $s s ($((s_kb / 1024)) MB peak), $big in $b s ($((b_kb / 1024)) MB peak),"\
         "load average $(cut -d' ' -f1 /proc/loadavg)"
done
s=$(printf '%s\n' "${small_times[@]}" | median)
b=$(printf '%s\n' "${big_times[@]}" | median)
echo "median: $small in $s s, $big in $b s, ratio $(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.2f", b / s}')x"
