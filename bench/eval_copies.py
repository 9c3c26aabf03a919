# Scores pair outputs on copies alone, as issue 19 judges them: a pair is a copy pair when its relation is
# duplicate, contains or contained_in (truth's relation by --cover, reprint's by the cover it ran with;
# a peer's pairs, which have no relation, all count). Template twins and overlaps are left out on both
# sides; prints a Markdown table with copy precision and recall per run.
#
# usage: eval_copies.py CORPUS_DIR NAME=PAIRS.jsonl [...]
import json, os, sys

COPY = {"duplicate", "contains", "contained_in"}


def pairs(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("type", "pair") == "pair":
                out[tuple(sorted((r["a"], r["b"])))] = r.get("relation")
    return out


def main():
    truth = pairs(os.path.join(sys.argv[1], "truth.jsonl"))
    copies = {p for p, rel in truth.items() if rel in COPY}
    other = truth.keys() - copies  # twins and overlaps: neither right nor wrong as copies
    print(f"{len(copies)} true copy pairs ({len(other)} template or overlap pairs left out)\n")
    print("| run | copy pairs found | FP | FN | copy precision | copy recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for arg in sys.argv[2:]:
        name, path = arg.split("=", 1)
        found = {p for p, rel in pairs(path).items() if rel is None or rel in COPY} - other
        tp = len(found & copies)
        print(f"| {name} | {len(found)} | {len(found) - tp} | {len(copies) - tp} | {tp / max(1, len(found)):.4f} |"
              f" {tp / len(copies):.4f} |")


if __name__ == "__main__":
    main()
