"""reprint.scan read from Python against the CLI on one corpus, and reprint.arrow.keys against a
pure-Python shingler. Usage: python bench.py CORPUS.jsonl [RUNS] (CLI: $REPRINT_BIN or target/release).
Python reads the file as lines (``reprint.scan(open(path, "rb"))``) and as dicts (``json.loads`` a line).
Runs are interleaved (CLI, lines, dicts, CLI, ...) so a busy machine slows all alike; medians are printed."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa

import reprint
from reprint import arrow

ROOT = Path(__file__).resolve().parents[2]
CLI = os.environ.get("REPRINT_BIN", str(ROOT / "target" / "release" / "reprint"))


def cli_scan(path: str) -> float:
    t = time.perf_counter()
    with open(os.devnull, "wb") as out:
        rc = subprocess.run([CLI, "scan", path, "--input", "jsonl", "--format", "json"], stdout=out).returncode
    assert rc in (0, 1)
    return time.perf_counter() - t


def py_scan(path: str) -> tuple[float, dict]:
    # Read as a Python user would: the file's lines handed to scan, parsed in Rust by the CLI's reader.
    t = time.perf_counter()
    with open(path, "rb") as f:
        result = reprint.scan(f, name=path)
    return time.perf_counter() - t, result


def py_scan_dicts(path: str) -> tuple[float, dict]:
    # Records made in Python first (one json.loads a line), as from any other source of dicts.
    t = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        result = reprint.scan((json.loads(line) for line in f), name=path)
    return time.perf_counter() - t, result


def shingles(text: str, n: int = 6, rate: int = 3) -> list[int]:
    # The pure-Python baseline: char n-grams of the Han/digit key, one in `rate` kept by hash.
    key = "".join(c for c in text if c.isalnum() and not c.isascii() or c.isdigit())
    return [h for i in range(len(key) - n + 1) if (h := hash(key[i : i + n])) % rate == 0]


def main() -> None:
    path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    cli, py, dicts = [], [], []
    for _ in range(runs):
        cli.append(cli_scan(path))
        secs, result = py_scan(path)
        py.append(secs)
        dicts.append(py_scan_dicts(path)[0])
    c, p, d = statistics.median(cli), statistics.median(py), statistics.median(dicts)
    r = lambda xs: ", ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    print(f"scan: CLI {c:.2f} s; Python, lines {p:.2f} s ({p / c:.2f}x), dicts {d:.2f} s ({d / c:.2f}x)")
    print(f"  runs: CLI {r(cli)}; lines {r(py)}; dicts {r(dicts)}; load average {os.getloadavg()[0]:.1f}")
    print(f"  {len(result['documents'])} documents, {len(result['pairs'])} pairs, {len(result['clusters'])} clusters")
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(next(f))["text"] for _ in range(10_000)]
    arr = pa.array(texts)
    t = time.perf_counter()
    k = arrow.keys(arr)
    rust = (time.perf_counter() - t) / len(texts) * 1e6
    t = time.perf_counter()
    for x in texts:
        shingles(x)
    pure = (time.perf_counter() - t) / len(texts) * 1e6
    chars = sum(map(len, texts)) / len(texts)
    print(f"keys: reprint.arrow.keys {rust:.1f} µs/doc, pure Python {pure:.1f} µs/doc "
          f"({pure / rust:.0f}x), 10k docs of {chars:.0f} chars, {len(k.values) / len(texts):.0f} keys/doc")


if __name__ == "__main__":
    main()
