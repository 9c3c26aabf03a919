#!/usr/bin/env bash
# Scan benchmark: pair precision/recall and throughput of `reprint scan` and two MinHash-LSH peers
# (datasketch, and rensa with its Rust core), side by side, on a generated corpus with known truth.
# Usage: bench/scan_bench.sh [DOCS] [SEED] (defaults 10000, 1); PEERS="rensa" runs only that peer,
# PEERS="" none; THRESHOLDS="0.5" runs the peers at that threshold only (default "0.5 0.8").
# Everything is written under bench/out/DOCS/; the peers run in bench/.venv. A corpus made by the
# same generator with the same seed is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
seed=${2:-1}
out=bench/out/$docs
venv=bench/.venv
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
peers=${PEERS-datasketch rensa}
if ! "$venv/bin/python" -c 'import datasketch, rensa' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet datasketch rensa
fi
stamp="$(sha256sum bench/gen_corpus.py | cut -c1-16) seed $seed"
if [ "$(cat "$out/.generated" 2>/dev/null)" != "$stamp" ]; then
    python3 bench/gen_corpus.py --docs "$docs" --seed "$seed" --out "$out"
    echo "$stamp" > "$out/.generated"
fi
cargo build --release --quiet
echo "reprint $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml || echo ' (+ uncommitted changes)'),"\
     "datasketch $("$venv/bin/python" -c 'import datasketch; print(datasketch.__version__)'),"\
     "rensa $("$venv/bin/pip" show rensa 2>/dev/null | sed -n 's/^Version: //p'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# run NAME CMD...: time CMD with its stdout to $out/NAME.jsonl; exit code 1 (pairs found) is success
run() {
    local name=$1 rc=0
    shift
    /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.jsonl" || rc=$?
    [ "$rc" -le 1 ] || { echo "$name failed with exit code $rc" >&2; exit 1; }
}
# reprint's runs last a second or two, so one run says more about the machine than about reprint:
# the first one after a pause also pays for memory the virtual machine has handed back to its
# host (about 2.5 s a GB touched). Three runs; the table's "reprint" row is the median, and the
# first run has a row of its own.
for k in 1 2 3; do
    run reprint-run$k target/release/reprint scan "$out/corpus.jsonl" --input jsonl --format jsonl
done
median=$(for k in 1 2 3; do
    echo "$(sed -n 's/.*Elapsed (wall clock).*: //p' "$out/reprint-run$k.time" | awk -F: '{print $(NF-1)*60+$NF}') $k"
done | sort -n | sed -n 2p | cut -d' ' -f2)
cp "$out/reprint-run$median.time" "$out/reprint.time"
cp "$out/reprint-run$median.jsonl" "$out/reprint.jsonl"
echo "reprint runs (s): $(for k in 1 2 3; do sed -n 's/.*Elapsed (wall clock).*: //p' "$out/reprint-run$k.time"; done | tr '\n' ' ')"
run reprint-j1 target/release/reprint -j 1 scan "$out/corpus.jsonl" --input jsonl --format jsonl
runs=("reprint=$out/reprint.jsonl@$out/reprint.time"
      "reprint, first run=$out/reprint-run1.jsonl@$out/reprint-run1.time"
      "reprint -j1=$out/reprint-j1.jsonl@$out/reprint-j1.time")
for peer in $peers; do
    script=bench/minhash_peer.py
    [ "$peer" = rensa ] && script=bench/rensa_peer.py
    for t in ${THRESHOLDS-0.5 0.8}; do
        /usr/bin/time -v -o "$out/$peer-$t.time" \
            "$venv/bin/python" "$script" "$out/corpus.jsonl" --threshold "$t" --out "$out/$peer-$t"
        runs+=("$peer $t LSH=$out/$peer-$t.raw.jsonl@$out/$peer-$t.time"
               "$peer $t verified=$out/$peer-$t.verified.jsonl@$out/$peer-$t.time")
    done
done
python3 bench/evaluate.py "$out" "${runs[@]}" | tee "$out/table.md"
