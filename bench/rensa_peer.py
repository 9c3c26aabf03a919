# rensa MinHash-LSH peer for the scan benchmark: the same job as minhash_peer.py, with rensa's Rust core.
#
# Shingles: character 5-grams of the text with whitespace and punctuation removed (as minhash_peer.py);
# RMinHash with 128 permutations; RMinHashLSH at --threshold with the band count whose S-curve midpoint
# (1/b)^(1/r) is closest to it. Writes the raw LSH candidate pairs to OUT.raw.jsonl and those whose exact
# shingle Jaccard is >= threshold to OUT.verified.jsonl ({"a","b","jaccard"}).
from rensa import RMinHash, RMinHashLSH

from peer_common import parse_args, read_corpus, shingles, write_pairs

NUM_PERM, SEED = 128, 42


def bands_for(threshold):
    options = [b for b in range(1, NUM_PERM + 1) if NUM_PERM % b == 0]
    return min(options, key=lambda b: abs((1 / b) ** (b / NUM_PERM) - threshold))


def main():
    args = parse_args()
    ids, texts = read_corpus(args.corpus)
    lsh = RMinHashLSH(args.threshold, NUM_PERM, bands_for(args.threshold))
    hashes = []
    for i, t in enumerate(texts):
        m = RMinHash(NUM_PERM, SEED)
        m.update(list(shingles(t)))
        hashes.append(m)
        lsh.insert(i, m)
    candidates = sorted({(min(i, j), max(i, j)) for i, m in enumerate(hashes) for j in lsh.query(m) if j != i})
    write_pairs(args.out, ids, texts, candidates, args.threshold)

if __name__ == "__main__":
    main()
