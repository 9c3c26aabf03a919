# What the MinHash-LSH peers share: the corpus, the shingles, and the pair files they write.
import argparse
import json

K = 5


def shingles(text):
    """Character 5-grams of the text with whitespace and punctuation removed."""
    s = "".join(c for c in text if c.isalnum())
    return {s[i:i + K] for i in range(max(1, len(s) - K + 1))}


def read_corpus(path):
    """Ids and texts of a JSONL corpus, in file order."""
    ids, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            ids.append(rec["id"])
            texts.append(rec["text"])
    return ids, texts


def write_pairs(out, ids, texts, candidates, threshold):
    """Raw LSH candidates to OUT.raw.jsonl; those with exact shingle Jaccard >= threshold to
    OUT.verified.jsonl. Shingles are made again for candidates only, as a dedup job short of
    memory would: holding every document's shingle set costs about 100 bytes per input byte."""
    with open(out + ".raw.jsonl", "w") as raw, open(out + ".verified.jsonl", "w") as ver:
        for i, j in candidates:
            a, b = sorted((ids[i], ids[j]))
            raw.write(json.dumps({"a": a, "b": b}) + "\n")
            sa, sb = shingles(texts[i]), shingles(texts[j])
            jac = len(sa & sb) / max(1, len(sa | sb))
            if jac >= threshold:
                ver.write(json.dumps({"a": a, "b": b, "jaccard": round(jac, 4)}) + "\n")


def parse_args():
    """CORPUS --threshold T --out PREFIX, the same for every peer."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--threshold", type=float, required=True)
    ap.add_argument("--out", required=True, help="output prefix")
    return ap.parse_args()
