# MinHash-LSH peer for the scan benchmark: near-duplicate pairs of a JSONL corpus with datasketch.
#
# Shingles: character 5-grams of the text with whitespace and punctuation removed; MinHash with
# 128 permutations; MinHashLSH at --threshold. Writes the raw LSH candidate pairs to OUT.raw.jsonl
# and those whose exact shingle Jaccard is >= threshold to OUT.verified.jsonl ({"a","b","jaccard"}).
import argparse, json

from datasketch import MinHash, MinHashLSH

K, NUM_PERM = 5, 128


def shingles(text):
    s = "".join(c for c in text if c.isalnum())
    return {s[i:i + K] for i in range(max(1, len(s) - K + 1))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--threshold", type=float, required=True)
    ap.add_argument("--out", required=True, help="output prefix")
    args = ap.parse_args()
    ids, texts = [], []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            ids.append(rec["id"])
            texts.append(rec["text"])
    hashes = MinHash.bulk(([g.encode("utf-8") for g in shingles(t)] for t in texts), num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=args.threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i, m in enumerate(hashes):
            session.insert(i, m)
    candidates = sorted({(min(i, j), max(i, j)) for i, m in enumerate(hashes) for j in lsh.query(m) if j != i})
    with open(args.out + ".raw.jsonl", "w") as raw, open(args.out + ".verified.jsonl", "w") as ver:
        for i, j in candidates:
            a, b = sorted((ids[i], ids[j]))
            raw.write(json.dumps({"a": a, "b": b}) + "\n")
            sa, sb = shingles(texts[i]), shingles(texts[j])
            jac = len(sa & sb) / max(1, len(sa | sb))
            if jac >= args.threshold:
                ver.write(json.dumps({"a": a, "b": b, "jaccard": round(jac, 4)}) + "\n")


if __name__ == "__main__":
    main()
