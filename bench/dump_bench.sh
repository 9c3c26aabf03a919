#!/usr/bin/env bash
# Dump-scale benchmark (issue 19): each stage a data engineer runs on a JSONL dump, side by side:
# `scan`, `merge`, `clean` and `split` with `--input jsonl --format jsonl`, each under GNU time.
# Prints one Markdown row per (corpus, stage): wall s, CPU s (user+sys), peak RSS MB, input MB/s.
# Usage: bench/dump_bench.sh CORPUS.jsonl [CORPUS.jsonl ...]   (STAGES="scan merge" to choose;
#        REPRINT=path/to/binary to time another build; outputs go to bench/out/dump/, then deleted
#        unless KEEP=1). The corpora: bench/gen_phrase.py (phrase-heavy) or bench/gen_corpus.py.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
[ $# -ge 1 ] || { sed -n '2,7p' "$0" >&2; exit 2; }
stages=${STAGES:-scan merge clean split}
if [ -z "${REPRINT:-}" ]; then
    cargo build --release --quiet
    REPRINT=target/release/reprint
fi
out=bench/out/dump
mkdir -p "$out"
echo "reprint $("$REPRINT" --version | cut -d' ' -f2) at $(git rev-parse --short HEAD)," \
     "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| corpus | stage | wall s | CPU s | peak MB | MB/s | exit |"
echo "|---|---|---|---|---|---|---|"
for corpus in "$@"; do
    [ -f "$corpus" ] || { echo "no corpus $corpus" >&2; exit 2; }
    mb=$(awk -v b="$(stat -c %s "$corpus")" 'BEGIN {printf "%.1f", b / 1e6}')
    name=$(basename "$(dirname "$corpus")")/$(basename "$corpus")
    for stage in $stages; do
        rc=0
        /usr/bin/time -f "%e %U %S %M" -o "$out/time" \
            "$REPRINT" "$stage" "$corpus" --input jsonl --format jsonl > "$out/$stage.jsonl" 2> "$out/$stage.err" || rc=$?
        read -r wall user sys kb < <(tail -n 1 "$out/time")
        # scan exits 1 when it found pairs; anything above is a failure.
        awk -v c="$name ($mb MB)" -v s="$stage" -v w="$wall" -v u="$user" -v y="$sys" -v k="$kb" \
            -v mb="$mb" -v rc="$rc" \
            'BEGIN {printf "| %s | %s | %.1f | %.1f | %d | %.1f | %d |\n", c, s, w, u + y, k / 1024, mb / w, rc}'
        [ "$rc" -le 1 ] || { echo "$stage failed on $corpus:" >&2; tail -5 "$out/$stage.err" >&2; }
        [ "${KEEP:-0}" = 1 ] || rm -f "$out/$stage.jsonl"
    done
done
