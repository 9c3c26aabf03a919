#!/usr/bin/env bash
# Issue 17's layout benchmark: builds the release binary, generates RUNS runs of PAGES pages in
# each layout (markers, plain; fixed seeds), runs `reprint split` over each run and scores it.
#
#   bench/layout_bench.sh            # 20 runs x 10 pages per layout: 400 pages
#   RUNS=5 PAGES=20 bench/layout_bench.sh
#   FRESH_ARTICLES=1 bench/layout_bench.sh   # stories from this binary's split of samples/
#
# The stories are split's articles of samples/ (kept in bench/layout_articles.jsonl, made at
# main 0ae54ca, so the pages stay the same while split changes) and bench/layout_stories.jsonl.
# A run of 10 pages prints each story once: no copy elsewhere in the run vouches for a junction.
# Writes under bench/out/layout/: the runs, figures.json, details.txt (every page not stitched
# exactly, piece by piece).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
PAGES=${PAGES:-10}
OUT=bench/out/layout
R=target/release/reprint

cargo build --release --quiet
mkdir -p "$OUT"
ARTICLES=bench/layout_articles.jsonl
if [ -n "${FRESH_ARTICLES:-}" ]; then
    ARTICLES=$OUT/articles.jsonl
    "$R" split --format jsonl samples/ > "$ARTICLES"
fi

dirs=()
for layout in markers plain; do
    base=$([ "$layout" = markers ] && echo 1000 || echo 2000)
    for i in $(seq 1 "$RUNS"); do
        d=$OUT/$layout-$i
        python3 bench/gen_layout.py --articles "$ARTICLES" --extra bench/layout_stories.jsonl \
            --out "$d" --pages "$PAGES" --seed $((base + i)) --layout "$layout" 2>/dev/null
        dirs+=("$d")
    done
done

echo "reprint $(git rev-parse --short HEAD)$(git diff --quiet -- src || echo '+changes'): $RUNS runs x $PAGES pages per layout"
python3 bench/eval_layout.py "${dirs[@]}" --reprint "$R" --json-file "$OUT/figures.json" --details "$OUT/details.txt"
