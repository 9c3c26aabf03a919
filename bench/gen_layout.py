#!/usr/bin/env python3
"""Newspaper pages with known truth for `reprint split` (issue 17).

Each page holds 2-4 stories; one long story is cut mid-sentence (mid-word mostly) and its rest
printed after one or two other stories, or on another page. Layouts:
  plain    one page per file, the cut stories continue on the same page, no markers;
  markers  the long story jumps from page P (`…办事更（下转第4版）`) to page Q (`（上接第1版）加便捷`),
           both pages in one file or in two files of the run (`000_p1.txt`, `000_p4.txt`);
  mixed    the two alternately.
Hard wraps at 14-30 chars (a page may have two column widths), paragraphs with blank lines, with
an indent or flush, headlines of every shape, some pieces in reverse reading order.

Writes DIR/pages/*.txt, DIR/truth.jsonl (one story a line: title, text as split should give it,
body pieces as [file, byte start, byte end] in reading order, features of each join) and
DIR/pages.jsonl (one page a line: its files and layout features).

Usage: bench/gen_layout.py --articles ARTICLES.jsonl [--extra MORE.jsonl ...] --out DIR
                           --pages N --seed S [--layout plain|markers|mixed] [--max-chars C]
"""
import argparse
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from layout_common import fold, is_han  # noqa: E402
from layout_pool import Lexicon, load, trim  # noqa: E402

NO_LINE_START = set("，。、；：！？”’）》」』…")
OPENING = set("“‘（《「『")
KICKERS = ["奋进新征程", "高质量发展调研行", "权威发布", "一线调查", "经济观察", "民生直通车", "今日关注", "新时代新征程新伟业"]
NAMES = ["王晓东", "李梅", "张家豪", "刘洋", "陈思远", "赵一鸣", "孙丽", "周圆", "吴斌", "郑好"]
CITIES = ["北京", "上海", "广州", "杭州", "成都", "武汉", "西安", "南京"]
PAGE_HEADS = ["第{n}版：要闻", "{z}版 要闻", "第{z}版：综合新闻", "人民日报 2025年6月9日 第{n}版"]
# (name, template): every spelling markers.rs reads; bare 转/接 are read at a line edge, where render puts them.
TO_MARKERS = [("paren_xiazhuan_di", "（下转第{p}版）"), ("ascii_xiazhuan", "(下转第{p}版)"),
              ("paren_xiazhuan", "（下转{p}版）"), ("bare_xiazhuan_di", "下转第{p}版"),
              ("bare_xiazhuan", "下转{p}版"), ("bare_zhuan_di", "转第{p}版"), ("paren_zhuan_di", "（转第{p}版）"),
              ("paren_zhuan", "（转{p}版）"), ("paren_zhuanzhi", "（转至第{p}版）"), ("ascii_zhuan", "(转{p}版)")]
FROM_MARKERS = [("paren_shangjie_di", "（上接第{p}版）"), ("ascii_shangjie", "(上接{p}版)"),
                ("bare_shangjie", "上接{p}版"), ("bare_shangjie_di", "上接第{p}版"), ("bare_jie_di", "接第{p}版"),
                ("bare_jie", "接{p}版"), ("paren_jie_di", "（接第{p}版）"), ("paren_xu_di", "（续第{p}版）"),
                ("paren_xu", "（续{p}版）"), ("bare_xujie_di", "续接第{p}版"), ("ascii_jie", "(接{p}版)")]
HAN_DIGITS = "〇一二三四五六七八九"


def cells(c):
    return 1 if c.isascii() else 2


def wrap(text, width, offset=0):
    """Hard-wrap at `width` chars (2 cells each; ASCII 1); closing marks never open a line."""
    lines, cur, used, limit = [], "", offset, 2 * width
    for c in text:
        w = cells(c)
        over = used + w > limit
        # An opening mark is not left alone at the end of a line.
        opener_at_end = c in OPENING and used + w + 2 > limit and cur
        if (cur or offset) and (over or opener_at_end) and c not in NO_LINE_START:
            lines.append(cur)
            cur, used = "", 0
        cur += c
        used += w
    lines.append(cur)
    return lines


def han_page(n):
    if n <= 10:
        return "十" if n == 10 else HAN_DIGITS[n]
    return "十" + HAN_DIGITS[n - 10] if n < 20 else "二十"


def page_spelling(rng, page):
    """`4`, `04`, `四` for page 4; `A4`, `A04` for page A4."""
    if page[0].isalpha():
        return rng.choice([page, page[0] + page[1:].zfill(2)])
    n = int(page)
    return rng.choice([str(n), str(n).zfill(2), han_page(n)])


def cut_points(rng, lex, paras, widths, indent, full_line):
    """A cut (paragraph, offset, kind, at a line end) before each piece after the first, mid-sentence."""
    total, n = sum(map(len, paras)), len(widths) + 1
    starts = [sum(map(len, paras[:i])) for i in range(len(paras))]
    cuts = []
    for k, width in enumerate(widths, 1):
        lo, hi = total * (k - 0.35) / n, total * (k + 0.35) / n
        pool = []
        for pi, p in enumerate(paras):
            if any(c[0] == pi for c in cuts) or starts[pi] + len(p) < lo or starts[pi] > hi:
                continue
            bounds = set()
            for line in wrap(p, width, 4 if indent else 0)[:-1]:
                bounds.add(len(line) + max(bounds, default=0))
            for o in range(4, len(p) - 4):
                a, b, g = p[o - 1], p[o], starts[pi] + o
                if lo <= g <= hi and g >= 60 and total - g >= 40 and is_han(b) and (is_han(a) or a == "，"):
                    kind = "comma" if a == "，" else ("word" if lex.inside_word(p, o) else "han")
                    pool.append((pi, o, kind, o in bounds))
        kind = rng.choices(["word", "han", "comma"], [6, 3, 1])[0]
        for want in ((kind, full_line), (kind, None), (None, full_line), (None, None)):
            pick = [c for c in pool if want[0] in (None, c[2]) and want[1] in (None, c[3])]
            if pick:
                cuts.append(rng.choice(pick))
                break
        else:
            return None
    return sorted(cuts)


def headline(rng, story, width):
    """The headline block's lines, its shape and the kicker printed (a shape fits the column width)."""
    t, n = story["title"], len(story["title"])
    shapes = {"plain": 3 if n <= width else 0, "long": 2 if n > width else 0, "wrapped": 2 if n > width else 0,
              "two_line": 1 if " " in t and n <= width else 0, "kicker_inline": 1, "kicker_line": 1}
    shape = rng.choices(list(shapes), list(shapes.values()))[0]
    kicker = story["kicker"] or rng.choice(KICKERS)
    if shape == "wrapped":
        lines = wrap(t, width)
    elif shape == "two_line":
        lines = t.split(" ", 1)
    elif shape == "kicker_inline":
        lines = [f"【{kicker}】{t}"]
    elif shape == "kicker_line":
        lines = [rng.choice([f"【{kicker}】", kicker]), t]
    else:
        lines = [t]
    if story["subtitle"] and rng.random() < 0.8:
        lines.append(story["subtitle"])
    if rng.random() < 0.25:
        lines.append(rng.choice(["本报记者", "新华社记者", "□本报记者"]) + " " + " ".join(rng.sample(NAMES, rng.choice([1, 2]))))
    return lines, shape, (kicker if shape.startswith("kicker") else None)


def jump_title(title):
    """The short repeated title printed above a jump continuation."""
    parts = [p for p in title.replace("——", " ").replace("：", " ").split(" ") if 4 <= len(p) <= 14]
    return max(parts, key=len) if parts else title[:10]


class Page:
    """Text of one file being written, with the label of every stretch."""

    def __init__(self, name):
        self.name, self.parts, self.size = name, [], 0
        self.spans = {}  # label -> [start, end] in bytes

    def add(self, text, label=None):
        n = len(text.encode("utf-8"))
        if label is not None and text.strip():
            s = self.spans.setdefault(label, [self.size, self.size + n])
            s[1] = self.size + n
        self.parts.append(text)
        self.size += n

    def text(self):
        return "".join(self.parts)


class Deck:
    """Stories dealt least-used first, so a run repeats a story only when the pool runs out."""

    def __init__(self, rng, stories):
        self.rng, self.stories, self.uses = rng, stories, {s["src"]: 0 for s in stories}

    def draw(self, exclude, long=False):
        pool = [s for s in self.stories if s["src"] not in exclude and (s["long"] or not long)]
        if not pool:
            sys.exit("gen_layout: too few stories for a page")
        least = min(self.uses[s["src"]] for s in pool)
        pick = self.rng.choice([s for s in pool if self.uses[s["src"]] == least])
        self.uses[pick["src"]] += 1
        exclude.add(pick["src"])
        return pick


def instance(rng, sid, story, limit, width, brief_ok):
    """One printing of a story: its paragraphs, headline block and closing credit."""
    paras = trim(story["paras"], limit)
    st = {"id": sid, "src": story["src"], "paras": paras, "credit": None, "kicker": None}
    if brief_ok and sum(map(len, paras)) <= 800 and rng.random() < 0.3:
        st.update(head=[], shape="brief", title=None)
        if not fold(paras[0][:30]).startswith(("新华社", "本报讯", "据新华社")):
            city, d = rng.choice(CITIES), rng.randint(1, 28)
            dateline = rng.choice([f"新华社{city}6月{d}日电（记者 {rng.choice(NAMES)}）", f"新华社{city}6月{d}日电 ",
                                   f"本报讯（记者 {rng.choice(NAMES)}）"])
            paras = st["paras"] = [dateline + paras[0]] + paras[1:]
    else:
        head, shape, kicker = headline(rng, story, width)
        st.update(head=head, shape=shape, title=story["title"], kicker=kicker, subtitle=story["subtitle"])
        if rng.random() < 0.1 and not fold(paras[0][:30]).startswith(("新华社", "本报讯", "据新华社")):
            st["credit"] = rng.choice([f"（新华社{rng.choice(CITIES)}6月{rng.randint(1, 28)}日电）", "新华社记者"])
    st["flags"] = [f for f, on in (("book", "《" in (st["title"] or "")), ("subtitle", any(h.startswith("——") for h in st["head"])),
                                   ("byline", any("记者" in h for h in st["head"])), ("credit", st["credit"] is not None)) if on]
    st["pieces"] = [[(p, True, True) for p in paras]]
    return st


def cut(rng, lex, st, widths, indent):
    """Cut a story instance into len(widths) pieces; False when it has no place to cut."""
    full_line = rng.random() < 0.6
    cuts = cut_points(rng, lex, st["paras"], widths[:-1], indent, full_line)
    if not cuts:
        return False
    pieces, cur, ci = [], [], 0
    for pi, p in enumerate(st["paras"]):
        start = 0
        while ci < len(cuts) and cuts[ci][0] == pi:
            o = cuts[ci][1]
            cur.append((p[start:o], start == 0, False))
            pieces.append(cur)
            cur, start, ci = [], o, ci + 1
        cur.append((p[start:], start == 0, True))
    pieces.append(cur)
    st["pieces"], st["cols"] = pieces, widths
    st["joins"] = [{"cut": c[2], "cut_line": "full" if c[3] else "short", "width_change": widths[k] != widths[k + 1],
                    "junction": fold(st["paras"][c[0]][c[1] - 5:c[1]]) + fold(st["paras"][c[0]][c[1]:c[1] + 5])}
                   for k, c in enumerate(cuts)]
    return True


def render(page, st, k, style, col, to_marker=None, from_marker=None, jump_head=None):
    """Print piece k of a story instance; markers are (text, inline)."""
    sid, gap = st["id"], "" if style["tight"] else "\n"
    if k == 0 and st["head"]:
        for line in st["head"]:
            page.add(line, ("head", sid))
            page.add("\n")
        page.add(gap)
    if jump_head:
        page.add(jump_head, ("jump", sid))
        page.add("\n" + gap)
    offset = 0
    if from_marker:
        page.add(from_marker[0], ("marker", sid))
        if from_marker[1]:
            offset = sum(map(cells, from_marker[0]))
        else:
            page.add("\n")
    frags = st["pieces"][k]
    for n, (text, starts, ends) in enumerate(frags):
        indent = style["para"] == "indent" and starts
        if indent:
            page.add("\u3000\u3000")
        for i, line in enumerate(wrap(text, col, offset + (4 if indent else 0))):
            page.add("\n" if i else "")
            page.add(line, ("body", sid, k))
        offset = 0
        if n + 1 < len(frags):
            page.add("\n\n" if style["para"] == "blank" else "\n")
    if k == len(st["pieces"]) - 1 and st["credit"]:
        page.add(st["credit"], ("credit", sid))
    if to_marker:
        page.add(("" if to_marker[1] else "\n") + to_marker[0], ("marker", sid))
    page.add("\n")


def order(rng, blocks, reversed_pair):
    """A reading order: 1-2 blocks between a story's consecutive pieces, one pair maybe reversed."""
    for _ in range(4000):
        seq = blocks[:]
        rng.shuffle(seq)
        pos = {b: i for i, b in enumerate(seq)}
        ok = True
        for (sid, k), i in pos.items():
            j = pos.get((sid, k + 1))
            if j is not None:
                between = abs(j - i) - 1
                want_rev = reversed_pair == (sid, k)
                ok &= (j < i) == want_rev and (0 if want_rev else 1) <= between <= 2
        if ok:
            return seq
    return None


def widths_of(rng):
    w = [rng.randint(14, 30)]
    if rng.random() < 0.35:
        w.append(rng.choice([x for x in range(14, 31) if abs(x - w[0]) >= 4]))
    return w


def marker(rng, table, page):
    name, template = rng.choice(table)
    return name, template.format(p=page_spelling(rng, page)), rng.random() < 0.5


def make(rng, lex, pid, layout, deck, limit):
    """One page (with the page its jump continues on): its files, story instances and features."""
    style = {"para": rng.choice(["blank", "blank", "indent", "flush"])}
    style["tight"] = style["para"] != "blank" and rng.random() < 0.5
    indent, gap, used, letters = style["para"] == "indent", "" if style["tight"] else "\n", set(), iter("BCDEFGH")
    pages = ["1"] if layout == "plain" else [rng.choice("111123")]
    if layout == "markers":
        pages.append(str(rng.randint(int(pages[0]) + 1, 16)))
        if rng.random() < 0.15:
            pages = ["A" + p for p in pages]
    widths = [widths_of(rng) for _ in pages]
    while True:
        n = 3 if layout == "plain" and rng.random() < 0.25 else 2
        cols = [rng.choice(widths[min(k, len(pages) - 1)]) for k in range(n)]
        main = instance(rng, f"{pid}.A", deck.draw(used, long=True), limit, cols[0], False)
        if cut(rng, lex, main, cols, indent):
            break

    def other(page_no):
        w = rng.choice(widths[page_no])
        st = instance(rng, f"{pid}.{next(letters)}", deck.draw(used), limit * 2 // 3, w, True)
        st["cols"] = [w]
        return st

    feats = {"layout": layout, "para": style["para"], "tight": style["tight"], "two_widths": any(len(w) > 1 for w in widths),
             "two_cut": False, "header": False}
    if layout == "plain":
        others = [other(0) for _ in range(rng.randint(max(1, n - 1), 3))]
        long = [o for o in others if o["head"] and sum(map(len, o["paras"])) >= 400]
        if long and rng.random() < 0.2:
            feats["two_cut"] = cut(rng, lex, long[0], [long[0]["cols"][0], rng.choice(widths[0])], indent)
        stories = [main] + others
        blocks = [(st["id"], k) for st in stories for k in range(len(st["pieces"]))]
        rev = (main["id"], rng.randrange(n - 1)) if rng.random() < 0.2 else None
        seq = order(rng, blocks, rev) or order(rng, blocks, None)
        if seq is None:
            return None
        sections = [seq]
        files = [Page(f"{pid}.txt")]
    else:
        kind = rng.choices(["both", "to", "from"], [7, 1.5, 1.5])[0]
        to = marker(rng, TO_MARKERS, pages[1]) if kind != "from" else None
        fro = marker(rng, FROM_MARKERS, pages[0]) if kind != "to" else None
        jump = jump_title(main["title"]) if rng.random() < 0.4 else None
        main["joins"][0].update(markers=kind, to=to and to[0], to_inline=bool(to and to[2]), **{"from": fro and fro[0]},
                                from_inline=bool(fro and fro[2]), jump_headline=jump is not None)
        main["print"] = {0: {"to_marker": to and (("" if rng.random() < 0.7 or not to[2] else " ") + to[1], to[2])},
                         1: {"from_marker": fro and (fro[1], fro[2]), "jump_head": jump}}
        side = [[other(p) for _ in range(rng.randint(1, 2))] for p in range(2)]
        stories = [main] + side[0] + side[1]
        sections = []
        for p in range(2):
            seq = [(o["id"], 0) for o in side[p]]
            rng.shuffle(seq)
            seq.insert(0 if rng.random() < 0.5 else rng.randint(0, len(seq)), (main["id"], p))
            sections.append(seq)
        if rng.random() < 0.5:
            files = [Page(f"{pid}_p{p}.txt") for p in pages]
            feats["storage"] = "two_files"
        else:
            files = [Page(f"{pid}.txt")] * 2
            feats["storage"] = "one_file"
            if rng.random() < 0.2:
                sections.reverse()
                pages.reverse()
    by_id = {st["id"]: st for st in stories}
    where = {}
    for s, seq in enumerate(sections):
        page = files[s]
        if page.size:
            page.add("\n")
        if rng.random() < 0.5:
            page_no = pages[s]
            head = rng.choice(PAGE_HEADS[:1] if page_no[0].isalpha() else PAGE_HEADS)
            page.add(head.format(n=page_no, z=page_no.zfill(2)) + "\n" + gap)
            feats["header"] = True
        for i, (sid, k) in enumerate(seq):
            if i:
                page.add(gap)
            st = by_id[sid]
            render(page, st, k, style, st["cols"][k], **st.get("print", {}).get(k, {}))
            where[(sid, k)] = (page, page.size)
    order_key = {b: (sorted(f.name for f in files).index(p.name), at) for b, (p, at) in where.items()}
    for st in stories:
        for k, j in enumerate(st.get("joins", [])):
            a, b = order_key[(st["id"], k)], order_key[(st["id"], k + 1)]
            j.setdefault("markers", "none")
            j.update(reversed=b < a, cross_page=layout == "markers", cross_file=where[(st["id"], k)][0] is not where[(st["id"], k + 1)][0])
            if layout == "plain":
                seq = sections[0]
                j["gap"] = abs(seq.index((st["id"], k + 1)) - seq.index((st["id"], k))) - 1
    feats["reversed"] = any(j["reversed"] for st in stories for j in st.get("joins", []))
    feats["stories"] = len(stories) if layout == "plain" else f"{1 + len(side[0])}+{1 + len(side[1])}"
    return files, stories, where, feats


def truth_of(st, pid, where):
    def span(page, label):
        s = page.spans.get(label)
        return [page.name, s[0], s[1]] if s else None

    first = where[(st["id"], 0)][0]
    jumps = [span(where[(st["id"], k)][0], ("jump", st["id"])) for k in range(1, len(st["pieces"]))]
    return {"id": st["id"], "page": pid, "title": st["title"], "kicker": st["kicker"], "subtitle": st.get("subtitle"),
            "text": "\n\n".join(st["paras"]), "pieces": [span(where[(st["id"], k)][0], ("body", st["id"], k)) for k in range(len(st["pieces"]))],
            "head": span(first, ("head", st["id"])), "jump_head": next((j for j in jumps if j), None),
            "shape": st["shape"], "flags": st["flags"], "source": st["src"], "joins": st.get("joins", [])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", required=True, help="split --format jsonl output to take stories from")
    ap.add_argument("--extra", action="append", default=[], help="more stories, {title, text} a line")
    ap.add_argument("--out", required=True)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layout", choices=["plain", "markers", "mixed"], default="mixed")
    ap.add_argument("--max-chars", type=int, default=1500, help="longest story printed (cut at a paragraph)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lex = Lexicon()
    stories = load(args.articles, args.extra, 4 * args.max_chars, lex)
    for s in stories:
        s["long"] = sum(map(len, trim(s["paras"], args.max_chars))) >= 500
    if sum(s["long"] for s in stories) < 2 or len(stories) < 6:
        sys.exit(f"gen_layout: {len(stories)} usable stories: too few")
    deck = Deck(rng, stories)
    pdir = os.path.join(args.out, "pages")
    shutil.rmtree(pdir, ignore_errors=True)
    os.makedirs(pdir)
    truth, page_rows = [], []
    for i in range(args.pages):
        pid = f"{i:03d}"
        layout = args.layout if args.layout != "mixed" else ("markers", "plain")[i % 2]
        made = None
        while made is None:
            made = make(rng, lex, pid, layout, deck, args.max_chars)
        files, sts, where, feats = made
        names = sorted({f.name for f in files})
        for f in {f.name: f for f in files}.values():
            with open(os.path.join(pdir, f.name), "w", encoding="utf-8") as out:
                out.write(f.text())
        raw = {f.name: f.text().encode("utf-8") for f in files}
        for st in sts:
            t = truth_of(st, pid, where)
            printed = b"".join(raw[name][s:e] for name, s, e in t["pieces"]).decode("utf-8")
            assert fold(printed) == fold(t["text"]), (t["id"], printed[:80], t["text"][:80])
            truth.append(t)
        page_rows.append({"page": pid, "files": names, "stories": [st["id"] for st in sts], "features": feats})
    # A junction printed whole elsewhere in the run is evidence the stitcher may lean on.
    texts = [(t["page"], fold(t["text"])) for t in truth]
    for t in truth:
        for j in t["joins"]:
            j["copy_in_run"] = any(p != t["page"] and j["junction"] in k for p, k in texts)
    for name, rows in (("truth.jsonl", truth), ("pages.jsonl", page_rows)):
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    joins = sum(len(t["joins"]) for t in truth)
    print(f"gen_layout: {args.pages} pages, {sum(len(r['files']) for r in page_rows)} files, {len(truth)} stories, "
          f"{joins} joins from {len(stories)} usable stories -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
