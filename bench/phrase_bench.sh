#!/usr/bin/env bash
# Phrase-heavy scan benchmark (issue 19): `reprint scan --cover 0.6` at two sizes of the corpus of
# bench/gen_phrase.py (articles recombined from a pool of stock sentences), and of the word-salad one of
# bench/gen_corpus.py beside it, with the rensa MinHash-LSH peer at threshold 0.5 on the small size
# (RENSA_BIG=1: on the big one too). Prints per run: wall and CPU time, peak memory, candidate pairs,
# pair precision/recall (bench/evaluate.py) and copy precision/recall (bench/eval_copies.py), and the
# big/small time ratio. Run it under `flock /tmp/reprint-big.lock` on a shared machine.
# Usage: bench/phrase_bench.sh [SMALL] [BIG] (defaults 100000 1000000); CORPORA="phrase words" picks
# the corpora (default both); PHRASE_DIR=DIR reads DIR/SIZE/ made by gen_phrase.py instead of
# generating bench/out/phrase-SIZE/ (a SIZE of 100000 is looked for as DIR/100k, 1000000 as DIR/1m).
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-100000}
big=${2:-1000000}
venv=bench/.venv
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
if ! "$venv/bin/python" -c 'import rensa' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet rensa
fi
cargo build --release --quiet
echo "reprint $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml || echo ' (+ uncommitted changes)'),"\
     "rensa $("$venv/bin/pip" show rensa 2>/dev/null | sed -n 's/^Version: //p'), $(nproc) cores,"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"

# corpus KIND DOCS: the directory of that corpus, generated if missing or made by another generator
corpus() {
    local kind=$1 docs=$2 gen=bench/gen_corpus.py out=bench/out/$2
    if [ "$kind" = phrase ]; then
        gen=bench/gen_phrase.py out=bench/out/phrase-$docs
        if [ -n "${PHRASE_DIR:-}" ]; then
            local short=$docs
            [ "$docs" = 100000 ] && short=100k
            [ "$docs" = 1000000 ] && short=1m
            echo "$PHRASE_DIR/$short"
            return
        fi
    fi
    local stamp
    stamp="$(sha256sum "$gen" | cut -c1-16) seed 1"
    if [ "$(cat "$out/.generated" 2>/dev/null)" != "$stamp" ]; then
        python3 "$gen" --docs "$docs" --seed 1 --out "$out" >&2
        echo "$stamp" > "$out/.generated"
    fi
    echo "$out"
}

# seconds LOG: wall and CPU (user + sys) seconds and peak MB of a `/usr/bin/time -v` log
seconds() {
    awk -F': ' '/Elapsed/ {n = split($2, t, ":"); w = t[n] + 60 * t[n - 1] + 3600 * (n > 2 ? t[1] : 0)}
                /User time|System time/ {c += $2}
                /Maximum resident/ {m = $2 / 1024}
                END {printf "%.1f %.1f %.0f\n", w, c, m}' "$1"
}

for kind in ${CORPORA:-phrase words}; do
    runs=() copies=() cpus=()
    for docs in "$small" "$big"; do
        dir=$(corpus "$kind" "$docs")
        res=bench/out/phrase-runs/$kind-$docs
        mkdir -p "$res"
        rc=0
        /usr/bin/time -v -o "$res/reprint.time" target/release/reprint scan "$dir/corpus.jsonl" --input jsonl \
            --format jsonl --cover 0.6 --stats > "$res/reprint.jsonl" 2> "$res/reprint.err" || rc=$?
        [ "$rc" -le 1 ] || { echo "scan of $dir failed with exit code $rc" >&2; exit 1; }
        read -r wall cpu mb < <(seconds "$res/reprint.time")
        cpus+=("$cpu")
        cands=$(sed -n 's/^stats: index.* \([0-9]*\) candidate pairs.*/\1/p' "$res/reprint.err")
        echo "$kind $docs: reprint scan $wall s wall, $cpu s CPU, $mb MB peak, $cands candidate pairs"
        grep '^stats:' "$res/reprint.err" | sed 's/^/    /'
        runs+=("reprint $docs=$res/reprint.jsonl@$res/reprint.time")
        copies+=("reprint $docs=$res/reprint.jsonl")
        if [ "$docs" = "$small" ] || [ -n "${RENSA_BIG:-}" ]; then
            /usr/bin/time -v -o "$res/rensa.time" "$venv/bin/python" bench/rensa_peer.py "$dir/corpus.jsonl" \
                --threshold 0.5 --out "$res/rensa-0.5"
            read -r wall cpu mb < <(seconds "$res/rensa.time")
            echo "$kind $docs: rensa 0.5 $wall s wall, $cpu s CPU, $mb MB peak"
            runs+=("rensa 0.5 verified $docs=$res/rensa-0.5.verified.jsonl@$res/rensa.time")
            copies+=("rensa 0.5 verified $docs=$res/rensa-0.5.verified.jsonl")
        fi
        # Each size is scored against its own truth.
        python3 bench/evaluate.py "$dir" "${runs[@]}" | tee "$res/table.md"
        python3 bench/eval_copies.py "$dir" "${copies[@]}" | tee "$res/copies.md"
        runs=() copies=()
    done
    echo "$kind: CPU time $big / $small = $(awk -v s="${cpus[0]}" -v b="${cpus[1]}" 'BEGIN {printf "%.2f", b / s}')x"
done
