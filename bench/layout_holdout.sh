#!/usr/bin/env bash
# Issue 17's hold-out layout benchmark: pages from bench/gen_layout_holdout.py (written apart from
# gen_layout.py, with its own stories and conventions), scored like bench/layout_bench.sh; a check
# that what is tuned on gen_layout.py's pages carries over.
#
#   bench/layout_holdout.sh                      # 20 runs x 10 pages per layout: 400 pages
#   bench/layout_holdout.sh path/to/reprint      # another binary (default target/release/reprint)
#   RUNS=5 PAGES=20 bench/layout_holdout.sh
#
# Does not build: pass a built binary. Writes under bench/out/layout-holdout/: the runs,
# figures.json, details.txt (every page not stitched exactly, piece by piece).
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-target/release/reprint}
RUNS=${RUNS:-20}
PAGES=${PAGES:-10}
OUT=bench/out/layout-holdout
[ -x "$R" ] || { echo "no binary at $R (cargo build --release)" >&2; exit 1; }

mkdir -p "$OUT"
dirs=()
for layout in markers plain; do
    base=$([ "$layout" = markers ] && echo 51000 || echo 52000)
    for i in $(seq 1 "$RUNS"); do
        d=$OUT/$layout-$i
        python3 bench/gen_layout_holdout.py --out "$d" --pages "$PAGES" --seed $((base + i)) --layout "$layout" 2>/dev/null
        dirs+=("$d")
    done
done

echo "hold-out: $R (tree $(git rev-parse --short HEAD)): $RUNS runs x $PAGES pages per layout"
python3 bench/eval_layout.py "${dirs[@]}" --reprint "$R" --json-file "$OUT/figures.json" --details "$OUT/details.txt"
