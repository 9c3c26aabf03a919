# MinHash-LSH peer for the scan benchmark: near-duplicate pairs of a JSONL corpus with datasketch.
#
# Shingles: character 5-grams of the text with whitespace and punctuation removed; MinHash with
# 128 permutations; MinHashLSH at --threshold. Writes the raw LSH candidate pairs to OUT.raw.jsonl
# and those whose exact shingle Jaccard is >= threshold to OUT.verified.jsonl ({"a","b","jaccard"}).
from datasketch import MinHash, MinHashLSH

from peer_common import parse_args, read_corpus, shingles, write_pairs

NUM_PERM = 128


def main():
    args = parse_args()
    ids, texts = read_corpus(args.corpus)
    hashes = MinHash.bulk(([g.encode("utf-8") for g in shingles(t)] for t in texts), num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=args.threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i, m in enumerate(hashes):
            session.insert(i, m)
    candidates = sorted({(min(i, j), max(i, j)) for i, m in enumerate(hashes) for j in lsh.query(m) if j != i})
    write_pairs(args.out, ids, texts, candidates, args.threshold)


if __name__ == "__main__":
    main()
