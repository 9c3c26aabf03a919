#!/usr/bin/env python3
"""One line of Chinese news prose of a given size, no line break: the samples' sentences shuffled,
with digits, ASCII marks and stray spaces varied, as a page extracted without its breaks looks."""
import argparse
import pathlib
import random
import re


def sentences(root):
    out = []
    for p in sorted(pathlib.Path(root).glob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        for s in re.split(r"(?<=[。！？])", text.replace("\r", "").replace("\n", "")):
            s = s.strip()
            if len(s) >= 8:
                out.append(s)
    return out


def vary(s, rng):
    # Another copy's numbers, its half-width marks and its extraction spaces.
    s = re.sub(r"\d", lambda m: str(rng.randrange(10)), s)
    if rng.random() < 0.2:
        s = s.replace("，", ",")
    if rng.random() < 0.1:
        s = s.replace("：", ":")
    if rng.random() < 0.1:
        chars = list(s)
        chars.insert(rng.randrange(len(chars)), " ")
        s = "".join(chars)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("mb", type=float, help="size in MB (10^6 bytes)")
    ap.add_argument("out")
    ap.add_argument("--samples", default="samples")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = sentences(args.samples)
    want = int(args.mb * 1e6)
    size = 0
    with open(args.out, "w", encoding="utf-8") as f:
        while size < want:
            s = vary(rng.choice(pool), rng)
            f.write(s)
            size += len(s.encode("utf-8"))


if __name__ == "__main__":
    main()
