#!/usr/bin/env python3
"""A corpus of many noisy copies of one story among unrelated records, for the index's worst case.

Every copy shares most of its n-grams with every other, so the stock-phrase groups that pair
copies (see `COPY_GROUP` in src/candidates.rs) hold hundreds of documents, and each pair of
copies meets in a hundred groups or more. Usage:
    python3 bench/copies.py OUT.jsonl [COPIES] [OTHERS]   (defaults 600 and 3000)
    target/release/reprint scan OUT.jsonl --input jsonl --format jsonl --stats
"""
import glob
import json
import random
import sys

out = sys.argv[1]
copies = int(sys.argv[2]) if len(sys.argv) > 2 else 600
others = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
rng = random.Random(7)
texts = [open(f, encoding="utf-8").read() for f in sorted(glob.glob("samples/*.txt"))]
story = texts[1][:4000]
han = [c for t in texts for c in t if "\u4e00" <= c <= "\u9fff"]
with open(out, "w", encoding="utf-8") as f:
    for k in range(copies):
        # 2 % of chars replaced, as OCR noise.
        text = "".join(c if rng.random() > 0.02 else rng.choice(han) for c in story)
        f.write(json.dumps({"id": f"copy{k}", "text": text}, ensure_ascii=False) + "\n")
    for k in range(others):
        text = "".join(rng.choice(han) for _ in range(800))
        f.write(json.dumps({"id": f"other{k}", "text": text}, ensure_ascii=False) + "\n")
