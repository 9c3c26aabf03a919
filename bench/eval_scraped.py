#!/usr/bin/env python3
"""Run reprint over a crawl made by gen_scraped.py and score it against the truth.

  - clean: pages whose cleaned text still holds markup or site furniture;
  - scan (all pages as JSON Lines records, the dedup step's input): copy pairs
    of one story linked (same cluster), pairs between stories, template twins linked;
  - merge: output documents per story (one expected), records accounted for.

Usage: bench/eval_scraped.py DIR [--reprint target/release/reprint]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

LEFTOVERS = re.compile(
    r"<[A-Za-z/!]|&[a-z]{2,8};|&#\d+;|\]\(|\*\*|^#{1,6} |https?://|www\.|\{[^}]*:[^}]*\}|"
    r"责任编辑|扫一扫|版权所有|Copyright|原标题|分享到|当前位置|往期回顾|央视网消息|人民日报社概况|"
    r"相关新闻|版面导航|原文链接|var _hmt|text-indent",
    re.M,
)


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd}: exit {p.returncode}: {p.stderr}")
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--reprint", default="target/release/reprint")
    args = ap.parse_args()
    truth = json.load(open(os.path.join(args.dir, "truth.json"), encoding="utf-8"))
    pages = truth["pages"]
    records = []
    pdir = os.path.join(args.dir, "pages")
    for name in sorted(os.listdir(pdir)):
        records.append({"id": name.rsplit(".", 1)[0], "text": open(os.path.join(pdir, name), encoding="utf-8").read()})
    for line in open(os.path.join(args.dir, "api.jsonl"), encoding="utf-8"):
        if line.strip():
            records.append(json.loads(line))
    corpus = os.path.join(args.dir, "all.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # clean
    dirty = []
    for line in run([args.reprint, "clean", "--input", "jsonl", "--format", "jsonl", corpus]).splitlines():
        d = json.loads(line)
        found = LEFTOVERS.findall(d["text"])
        if found:
            dirty.append((d["id"], sorted(set(found))))
    print(f"clean: {len(records)} pages, {len(dirty)} with markup or furniture left")
    for rid, found in dirty[:10]:
        print(f"  {rid}: {found}")

    # scan
    res = json.loads(run([args.reprint, "scan", "--input", "jsonl", "--format", "json", corpus]))
    cluster = {}
    for c in res["clusters"]:
        for m in c["members"]:
            cluster[m] = c["id"]
    twins = {tuple(sorted(t)) for t in truth["twins"]}
    # Stories that share passages as written (a quotation, a common source) may pair as overlaps.
    base = json.loads(run([args.reprint, "scan", "--input", "jsonl", "--format", "json",
                           os.path.join(args.dir, "stories.jsonl")]))
    related = {tuple(sorted((p["a"], p["b"]))): p["relation"] for p in base["pairs"]}
    rel = collections.Counter()
    cross = []
    for p in res["pairs"]:
        sa, sb = pages[str(p["a"])], pages[str(p["b"])]
        key = tuple(sorted((sa, sb)))
        if sa == sb:
            rel["same story: " + p["relation"]] += 1
        elif key in twins:
            rel["template twins: " + p["relation"]] += 1
        elif key in related:
            rel[f"stories that overlap as written ({related[key]}): " + p["relation"]] += 1
        else:
            rel["unrelated stories: " + p["relation"]] += 1
            cross.append(p)
    by_story = collections.defaultdict(list)
    for rid, s in pages.items():
        by_story[s].append(rid)
    linked = total = 0
    for s, ids in by_story.items():
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                total += 1
                a, b = cluster.get(ids[i]), cluster.get(ids[j])
                linked += a is not None and a == b
    twin_linked = sum(
        1 for a, b in twins for x in by_story[a] for y in by_story[b]
        if cluster.get(x) is not None and cluster.get(x) == cluster.get(y))
    print(f"scan: {len(res['pairs'])} pairs; copy pairs of one story in one cluster: {linked}/{total}; "
          f"template-twin pages in one cluster: {twin_linked}")
    for k, v in sorted(rel.items()):
        print(f"  {k}: {v}")
    for p in cross[:8]:
        print(f"  cross: {p['a']} {p['relation']} {p['b']} ({p['shared_chars']} chars)")

    # merge
    out = run([args.reprint, "merge", "--input", "jsonl", "--format", "jsonl", corpus])
    per_story = collections.Counter()
    seen = set()
    for line in out.splitlines():
        d = json.loads(line)
        meta = d.get("reprint", {})
        wits = meta.get("witnesses") or [d["id"]]
        seen.update(map(str, wits))
        per_story[pages[str(d["id"])]] += 1
    extra = {s: n for s, n in per_story.items() if n > 1}
    print(f"merge: {sum(per_story.values())} documents for {len(by_story)} stories; "
          f"stories with more than one: {len(extra)} {dict(sorted(extra.items())[:8])}; "
          f"records accounted for: {len(seen & set(pages))}/{len(pages)}")


if __name__ == "__main__":
    main()
