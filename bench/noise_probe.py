#!/usr/bin/env python3
# Noise probe: how much of each kind of noise `reprint scan` still sees through, on real text.
#
# Bases are consecutive windows of the samples' own text (003 left out: it repeats 001's 意见);
# each gets one copy per noise setting. A probe run scans bases + copies of one setting and
# reports the share of (base, copy) pairs found (recall) and pairs between different bases
# (stray: real repeats inside the samples, or false positives). Stdlib only; deterministic.
#
# Usage: bench/noise_probe.py [--width W ...] [--reprint target/release/reprint]
import argparse
import json
import pathlib
import random
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def han(c):
    return "\u4e00" <= c <= "\u9fff"


def sample_text():
    text = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        if path.name.startswith("003"):
            continue
        text.append("".join(line.strip() for line in path.read_text().splitlines()))
    return "".join(text)


def simplified_to_traditional():
    """Inverse of reprint's own variant table, where a simplified char has one traditional form."""
    back = {}
    for line in (ROOT / "src/normalize/variants.tsv").read_text().splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        trad, simp = line.split("\t")[:2]
        if len(trad) == 1 and len(simp) == 1:
            back.setdefault(simp, []).append(trad)
    return {s: t[0] for s, t in back.items() if len(t) == 1}


HAN_POOL = [chr(c) for c in range(0x4E00, 0x9FA5)]


def substitute(rng, text, rate):
    return "".join(rng.choice(HAN_POOL) if han(c) and rng.random() < rate else c for c in text)


def indel(rng, text, rate):
    out = []
    for c in text:
        r = rng.random()
        if r < rate / 2:
            continue  # dropped by OCR
        out.append(c)
        if r > 1 - rate / 2:
            out.append(rng.choice(HAN_POOL))  # a speck read as a char
    return "".join(out)


def spaced(text):
    return " ".join(text)


def punct(text):
    return text.translate(str.maketrans("，。：；！？（）“”", ",.:;!?()\"\""))


def html(rng, text):
    out, k = [], 0
    while k < len(text):
        n = rng.randint(10, 40)
        out.append(text[k : k + n])
        out.append(rng.choice(["<br>", "&nbsp;", "<span class=\"x\">", "</span>", "<p>", "</p>\n"]))
        k += n
    return "".join(out)


def wrapped(rng, text):
    out, k = [], 0
    while k < len(text):
        n = rng.randint(12, 20)
        out.append(text[k : k + n])
        k += n
    return "\n".join(out)


def settings(trad):
    yield "clean", lambda rng, t: t
    for r in (0.05, 0.10, 0.15, 0.20):
        yield f"sub {r:.2f}", lambda rng, t, r=r: substitute(rng, t, r)
    for r in (0.05, 0.10):
        yield f"indel {r:.2f}", lambda rng, t, r=r: indel(rng, t, r)
    yield "traditional", lambda rng, t: "".join(trad.get(c, c) for c in t)
    yield "spaced", lambda rng, t: spaced(t)
    yield "punct", lambda rng, t: punct(t)
    yield "html", html
    yield "mixed", lambda rng, t: wrapped(rng, html(rng, indel(rng, substitute(rng, punct(t), 0.08), 0.03)))


def run(reprint, records):
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        out = subprocess.run(
            [reprint, "scan", str(path), "--input", "jsonl", "--format", "jsonl"],
            capture_output=True, text=True, check=False)
        if out.returncode not in (0, 1):
            raise SystemExit(out.stderr)
    pairs = []
    for line in out.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("type") == "pair":
            pairs.append((rec["a"], rec["b"]))
    return pairs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, nargs="+", default=[40, 80, 200, 600])
    ap.add_argument("--reprint", default=str(ROOT / "target/release/reprint"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    text = sample_text()
    trad = simplified_to_traditional()
    print("| noise | " + " | ".join(f"recall {w} chars" for w in args.width) + " | stray pairs |")
    print("|---|" + "---|" * (len(args.width) + 1))
    for name, noise in settings(trad):
        row, stray = [], 0
        for width in args.width:
            rng = random.Random(f"{args.seed} {name} {width}")
            # Chinese windows only: keys leave ASCII letters out, so the English
            # summary in one sample is never compared, by design.
            bases = [text[k : k + width] for k in range(0, len(text) - width + 1, width)]
            bases = [b for b in bases if sum(map(han, b)) >= len(b) / 2]
            records = []
            for n, b in enumerate(bases):
                records.append({"id": f"b{n}", "text": b})
                records.append({"id": f"c{n}", "text": noise(rng, b)})
            found = run(args.reprint, records)
            hit = sum(1 for a, b in found if a[1:] == b[1:] and a[0] != b[0])
            stray += sum(1 for a, b in found if a[1:] != b[1:])
            row.append(f"{hit / len(bases):.3f} ({len(bases)})")
        print(f"| {name} | " + " | ".join(row) + f" | {stray} |")


if __name__ == "__main__":
    main()
