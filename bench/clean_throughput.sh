#!/usr/bin/env bash
# Clean throughput: builds a JSON Lines corpus from samples/ (each page repeated N times) and times
# `reprint clean --input jsonl --format jsonl` on it with hyperfine (or `time` when hyperfine is absent);
# then one-line pages of LINE_MB sizes (bench/gen_line.py) cleaned as plain text, best of RUNS.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-400}
line_mb=${LINE_MB:-12 60}
runs=${RUNS:-3}
tmp=${TMPDIR:-/tmp}
corpus=$tmp/reprint-clean-bench.jsonl
python3 - "$copies" "$corpus" <<'PY'
import json, pathlib, sys
copies, out = int(sys.argv[1]), sys.argv[2]
pages = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path("samples").glob("*.txt"))]
with open(out, "w", encoding="utf-8") as f:
    for i in range(copies):
        for j, text in enumerate(pages):
            f.write(json.dumps({"id": f"{i}-{j}", "text": text}, ensure_ascii=False) + "\n")
PY
cargo build --release --quiet
bytes=$(stat -c %s "$corpus")
echo "corpus: $corpus, $((copies * 5)) records, $bytes bytes"
for threads in 1 2; do
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs 3 --export-json "$tmp/reprint-clean-bench-$threads.json" \
            "target/release/reprint -j $threads clean --input jsonl --format jsonl $corpus > /dev/null"
        mean=$(python3 -c "import json;print(json.load(open('$tmp/reprint-clean-bench-$threads.json'))['results'][0]['mean'])")
    else
        start=$(date +%s.%N)
        target/release/reprint -j $threads clean --input jsonl --format jsonl "$corpus" > /dev/null
        mean=$(python3 -c "import time;print($(date +%s.%N) - $start)")
    fi
    python3 -c "print(f'threads=$threads: {$mean:.2f} s, {$bytes/$mean/1e6:.1f} MB/s')"
done
# One line, no break: the shape that was quadratic. Wall and CPU time of the best run, peak memory.
for mb in $line_mb; do
    page=$tmp/reprint-line-$mb.txt
    [ -s "$page" ] || python3 bench/gen_line.py "$mb" "$page"
    best=
    for _ in $(seq "$runs"); do
        t=$( { /usr/bin/time -f "%e %U %S %M" target/release/reprint clean "$page" > /dev/null; } 2>&1 | tail -1)
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if ${t%% *} < ${best%% *} else 1)"; then best=$t; fi
    done
    read -r wall user sys kb <<<"$best"
    bytes=$(stat -c %s "$page")
    python3 -c "print(f'line {$mb} MB: {$wall:.2f} s wall ({$user + $sys:.2f} s CPU), {$bytes/$wall/1e6:.1f} MB/s, {$kb/1024:.0f} MB peak')"
done
