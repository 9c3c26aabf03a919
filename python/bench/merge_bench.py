"""reprint.merge over a JSON Lines corpus read from Python (one json.loads a line, streamed in), every
output record parsed and counted. Usage: python merge_bench.py CORPUS.jsonl; run it under
/usr/bin/time -v (bench/../merge_bench.sh) for the peak memory, beside `reprint merge --input jsonl
--format jsonl CORPUS > /dev/null`. Prints the wall time and the records in and out."""

from __future__ import annotations

import json
import sys
import time

import reprint


def main() -> None:
    path = sys.argv[1]
    t = time.perf_counter()
    n_in = 0

    def records():
        nonlocal n_in
        with open(path, encoding="utf-8") as f:
            for line in f:
                n_in += 1
                yield json.loads(line)

    n_out = sum(1 for _ in reprint.merge(records(), name=path))
    print(f"reprint.merge: {n_in} records in, {n_out} out, {time.perf_counter() - t:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
