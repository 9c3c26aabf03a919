#!/usr/bin/env python3
"""Score `reprint split` on pages made by gen_layout.py (issue 17).

Runs `split --format jsonl` once over each DIR/pages (stitching works across the run) and aligns
its articles to DIR/truth.jsonl through source bytes: each article's pieces are mapped to the true
body pieces they overlap, in the article's order.

  page stitched exactly  every story of the page (with the page its jump continues on) is one
                         article whose text has the story's key (layout_common.key: Han chars,
                         letters, digits; a leading dateline aside), and the page's files give no
                         other article with text;
  join                   two true pieces following each other inside one article: right when the
                         second continues the first in the story; a wrong one is `run-on` when both
                         lie in one stretch of source (a boundary missed), `stitched` otherwise;
  precision / recall     right joins / joins made; true joins made / true joins;
  headline               the article holding a story's first piece has its title (a kicker before
                         it allowed); a brief without headline must come out untitled.

A piece is `[start, end]` in the article's `source`; `[file, start, end]`, `[start, end, file]`,
`{"source", "start", "end"}` or a `sources` list beside `pieces` name their own file, for articles
stitched across files.

Usage: bench/eval_layout.py DIR [DIR ...] [--reprint target/release/reprint] [--json] [--json-file F]
                            [--details FILE]
"""
import argparse
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from layout_common import fold, key, read_jsonl  # noqa: E402

JOIN_FEATURES = ["markers", "to", "from", "to_inline", "from_inline", "jump_headline", "cross_file", "reversed",
                 "cut", "cut_line", "width_change", "gap", "copy_in_run"]


def split_run(reprint, pages):
    p = subprocess.run([reprint, "split", "--format", "jsonl", pages], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{reprint} split {pages}: exit {p.returncode}: {p.stderr}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def spans(article):
    """(file name, start, end) of each piece, in the article's order."""
    out, src, sources = [], article.get("source"), article.get("sources")
    for i, p in enumerate(article.get("pieces") or []):
        f = sources[i] if isinstance(sources, list) and i < len(sources) else src
        if isinstance(p, dict):
            f, s, e = p.get("source") or p.get("file") or f, p["start"], p["end"]
        elif len(p) == 3:
            f, s, e = (p[0], p[1], p[2]) if isinstance(p[0], str) else (p[2], p[0], p[1])
        else:
            s, e = p
        out.append((os.path.basename(f), s, e))
    return out


def overlap(a, b):
    return min(a[1], b[1]) - max(a[0], b[0])


class Run:
    """One generated directory: its truth and what split made of it."""

    def __init__(self, d, articles):
        self.dir = d
        self.stories = {t["id"]: t for t in read_jsonl(os.path.join(d, "truth.jsonl"))}
        self.pages = {p["page"]: p for p in read_jsonl(os.path.join(d, "pages.jsonl"))}
        self.page_of_file = {f: p["page"] for p in self.pages.values() for f in p["files"]}
        self.by_file = collections.defaultdict(list)  # file -> [(start, end, story, k)]
        for t in self.stories.values():
            for k, (f, s, e) in enumerate(t["pieces"]):
                self.by_file[f].append((s, e, t["id"], k))
        self.articles = articles
        self.seqs = [self.sequence(a) for a in articles]

    def sequence(self, a):
        """The true pieces an article holds, in its order: [(story, k, index of split piece)]."""
        seq = []
        for i, (f, s, e) in enumerate(spans(a)):
            hits = sorted(h for h in self.by_file.get(f, []) if overlap((s, e), h[:2]) >= 3)
            for _, _, sid, k in hits:
                if not seq or seq[-1][:2] != (sid, k):
                    seq.append((sid, k, i))
        return seq

    def page_articles(self, page):
        files = set(self.pages[page]["files"])
        return [n for n, a in enumerate(self.articles) if any(f in files for f, _, _ in spans(a))]


def title_ok(t, article):
    got = fold(article.get("title") if article else None)
    if t["title"] is None:
        return got == ""
    return got in (fold(t["title"]), fold(t["kicker"]) + fold(t["title"]))


class Tally:
    def __init__(self):
        self.t = collections.defaultdict(lambda: [0, 0])

    def add(self, name, ok):
        self.t[name][0] += 1
        self.t[name][1] += bool(ok)

    def rows(self):
        return {k: {"n": n, "ok": ok, "pct": round(100 * ok / n, 1)} for k, (n, ok) in sorted(self.t.items())}


def score(runs):
    pages, stories, joins, heads, subtitles = Tally(), Tally(), Tally(), Tally(), Tally()
    made = collections.Counter()
    details = []
    for run in runs:
        found = set()
        for n, seq in enumerate(run.seqs):
            layout = None
            for a, b in zip(seq, seq[1:]):
                layout = run.pages[run.stories[a[0]]["page"]]["features"]["layout"]
                if b[:2] == (a[0], a[1] + 1):
                    found.add(a[:2])
                    kind = "right"
                elif a[0] == b[0]:
                    kind = "misordered"
                else:
                    kind = "run-on" if a[2] == b[2] else "stitched"
                made[kind] += 1
                made[f"{layout}:{kind}"] += 1
        holder = {}  # (story, k) -> article index holding most of that piece
        for n, a in enumerate(run.articles):
            for f, s, e in spans(a):
                for ts, te, sid, k in run.by_file.get(f, []):
                    ov = overlap((s, e), (ts, te))
                    if ov >= 3 and ov > holder.get((sid, k), (0, None))[0]:
                        holder[(sid, k)] = (ov, n)
        keys = [key(a.get("text")) for a in run.articles]
        for pid, page in sorted(run.pages.items()):
            feats = page["features"]
            sts = [run.stories[s] for s in page["stories"]]
            ok_stories = 0
            for t in sts:
                exact = key(t["text"]) in keys
                ok_stories += exact
                stories.add("all", exact)
                stories.add("cut" if t["joins"] else "whole", exact)
                art = holder.get((t["id"], 0), (0, None))[1]
                art = run.articles[art] if art is not None else None
                good = title_ok(t, art)
                heads.add("all", good)
                heads.add(f"shape={t['shape']}", good)
                for flag in t["flags"]:
                    heads.add(f"{flag}", good)
                if "subtitle" in t["flags"]:
                    subtitles.add("subtitle", art is not None and fold(art.get("subtitle")) == fold(t["subtitle"]))
                for k, j in enumerate(t["joins"]):
                    hit = (t["id"], k) in found
                    joins.add("all", hit)
                    joins.add(f"layout={feats['layout']}", hit)
                    for f in JOIN_FEATURES:
                        if f in j and j[f] is not None:
                            joins.add(f"{f}={j[f]}", hit)
            mine = [n for n in run.page_articles(pid) if keys[n]]
            exact = ok_stories == len(sts) and len(mine) == len(sts)
            pages.add("all", exact)
            for f, v in sorted(feats.items()):
                pages.add(f"{f}={v}", exact)
            for shape in sorted({t["shape"] for t in sts}):
                pages.add(f"shape={shape}", exact)
            if not exact:
                details.append(describe(run, pid, sts, mine, keys))
    return {"pages": pages.rows(), "stories": stories.rows(), "joins": joins.rows(), "headlines": heads.rows(),
            "subtitles": subtitles.rows(), "made": dict(made)}, details


def describe(run, pid, sts, mine, keys):
    """A failed page as text: each story's pieces, then each article and the pieces it holds."""
    feats = run.pages[pid]["features"]
    out = [f"== {run.dir} page {pid} {' '.join(f'{k}={v}' for k, v in sorted(feats.items()))}"]
    letter = {t["id"]: t["id"].split(".")[-1] for t in sts}
    for t in sts:
        where = " ".join(f"{letter[t['id']]}{k + 1}@{f}:{s}-{e}" for k, (f, s, e) in enumerate(t["pieces"]))
        joins = "; ".join(f"{j.get('markers')} {j.get('cut')}/{j.get('cut_line')}{' reversed' if j.get('reversed') else ''}"
                          for j in t["joins"])
        out.append(f"  truth {letter[t['id']]} [{t['shape']}] {t['title']!r} {where} {joins}")
    for n in mine:
        a = run.articles[n]
        labels, last = [], None
        for sid, k, i in run.seqs[n]:
            tag = f"{letter.get(sid, sid)}{k + 1}"
            labels.append(("| " if last is not None and i != last else "") + tag)
            last = i
        exact = any(keys[n] == key(t["text"]) for t in sts)
        flags = "".join(f" [{f}]" for f in ("continued", "incomplete") if a.get(f))
        out.append(f"  split {a.get('id')} {a.get('title')!r} [{' '.join(labels)}]{' exact' if exact else ''}{flags}")
    return "\n".join(out)


def pct(n, d):
    return f"{100 * n / d:5.1f} %" if d else "    - "


def report(fig, nruns):
    p, j, m, h = fig["pages"]["all"], fig["joins"]["all"], fig["made"], fig["headlines"]["all"]
    total = sum(v for k, v in m.items() if ":" not in k)
    wrong = {k: m.get(k, 0) for k in ("run-on", "stitched", "misordered")}
    print(f"layout stitching: {nruns} run(s), {p['n']} pages, {fig['stories']['all']['n']} stories, {j['n']} true joins")
    print(f"  pages stitched exactly   {p['ok']:5}/{p['n']:<5} {pct(p['ok'], p['n'])}")
    s = fig["stories"]
    print(f"  stories exact            {s['all']['ok']:5}/{s['all']['n']:<5} {pct(s['all']['ok'], s['all']['n'])}"
          f"   (cut {pct(s.get('cut', {}).get('ok', 0), s.get('cut', {}).get('n', 0))}, whole {pct(s.get('whole', {}).get('ok', 0), s.get('whole', {}).get('n', 0))})")
    print(f"  join precision           {m.get('right', 0):5}/{total:<5} {pct(m.get('right', 0), total)}"
          f"   wrong: {wrong['run-on']} run-on, {wrong['stitched']} stitched, {wrong['misordered']} misordered")
    print(f"  join recall              {j['ok']:5}/{j['n']:<5} {pct(j['ok'], j['n'])}")
    print(f"  headlines right          {h['ok']:5}/{h['n']:<5} {pct(h['ok'], h['n'])}")
    for layout in ("markers", "plain"):
        made = sum(m.get(f"{layout}:{k}", 0) for k in ("right", "run-on", "stitched", "misordered"))
        if made:
            print(f"  join precision {layout:9} {m.get(f'{layout}:right', 0):5}/{made:<5} {pct(m.get(f'{layout}:right', 0), made)}")
    for name, rows in (("pages exact by feature", fig["pages"]), ("join recall by feature", fig["joins"]),
                       ("headlines by shape / flag", fig["headlines"]), ("subtitles", fig["subtitles"])):
        print(f"-- {name}")
        for k, r in rows.items():
            if k != "all":
                print(f"  {k:32} {r['ok']:5}/{r['n']:<5} {pct(r['ok'], r['n'])}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--reprint", default="target/release/reprint")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--json-file", help="also write the figures as JSON to this file")
    ap.add_argument("--details", help="write every page not stitched exactly, piece by piece, to this file")
    args = ap.parse_args()
    runs = [Run(d, split_run(args.reprint, os.path.join(d, "pages"))) for d in args.dirs]
    fig, details = score(runs)
    if args.details:
        with open(args.details, "w", encoding="utf-8") as f:
            f.write("\n".join(details) + "\n")
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as f:
            json.dump(fig, f, ensure_ascii=False, indent=1)
    if args.json:
        print(json.dumps(fig, ensure_ascii=False, indent=1))
    else:
        report(fig, len(runs))


if __name__ == "__main__":
    main()
