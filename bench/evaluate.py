# Scores pair outputs against truth.jsonl: precision, recall (per truth relation), relation accuracy,
# wall time, peak RSS and throughput from `/usr/bin/time -v` logs; prints a Markdown table and writes
# each run's false positives/negatives (with how the documents were made) to DIR/<run>.fp|fn.jsonl.
#
# usage: evaluate.py CORPUS_DIR NAME=PAIRS.jsonl@TIME.log [...]   (the first run is the reference
# for the speed ratio; PAIRS lines are {"a","b"[,"relation"]}, lines with a "type" other than
# "pair" are skipped)
import collections, json, os, re, sys

FLIP = {"contains": "contained_in", "contained_in": "contains"}


def pairs(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("type", "pair") != "pair":
                continue
            a, b, rel = r["a"], r["b"], r.get("relation")
            if a > b:
                a, b, rel = b, a, FLIP.get(rel, rel)
            out[(a, b)] = rel
    return out


def timing(path):
    log = open(path).read()
    h, m, s = ("0:0:" + re.search(r"Elapsed \(wall clock\).*?: ([\d:.]+)", log).group(1)).split(":")[-3:]
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
    return int(h) * 3600 + int(m) * 60 + float(s), rss / 1024


def main():
    d = sys.argv[1]
    truth = pairs(os.path.join(d, "truth.jsonl"))
    meta = {m["id"]: m for m in map(json.loads, open(os.path.join(d, "meta.jsonl"), encoding="utf-8"))}
    ndocs, mb = len(meta), os.path.getsize(os.path.join(d, "corpus.jsonl")) / 1e6
    by_rel = collections.Counter(truth.values())
    rows, ref = [], None
    for arg in sys.argv[2:]:
        name, rest = arg.split("=", 1)
        path, log = rest.split("@")
        found = pairs(path)
        wall, rss = timing(log)
        ref = ref or wall
        tp = found.keys() & truth.keys()
        hit = collections.Counter(truth[p] for p in tp)
        rel_ok = [found[p] == truth[p] for p in tp if found[p] is not None]
        rows.append([name, f"{wall:.1f}", f"{rss:.0f}", f"{ndocs / wall:.0f}", f"{mb / wall:.2f}",
                     f"{wall / ref:.2f}", f"{len(found)}", f"{len(found) - len(tp)}", f"{len(truth) - len(tp)}",
                     f"{len(tp) / max(1, len(found)):.4f}",
                     f"{len(tp) / len(truth):.4f}"]
                    + [f"{hit[r] / by_rel[r]:.4f}" for r in sorted(by_rel)]
                    + [f"{sum(rel_ok) / len(rel_ok):.4f}" if rel_ok else "–"])
        for kind, keys in (("fp", found.keys() - truth.keys()), ("fn", truth.keys() - found.keys())):
            with open(os.path.join(d, f"{name.replace(' ', '_')}.{kind}.jsonl"), "w", encoding="utf-8") as f:
                for a, b in sorted(keys):
                    f.write(json.dumps({"a": meta[a], "b": meta[b], "truth": truth.get((a, b)),
                                        "found": found.get((a, b))}, ensure_ascii=False) + "\n")
    head = ["tool", "wall s", "peak RSS MB", "docs/s", "MB/s", "reprint speed ÷ this", "pairs", "FP", "FN", "precision",
            "recall"] + [f"recall {r} ({by_rel[r]})" for r in sorted(by_rel)] + ["relation accuracy"]
    print(f"corpus: {ndocs} docs, {mb:.1f} MB, {len(truth)} true pairs\n")
    for r in [head, ["---"] * len(head)] + rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
