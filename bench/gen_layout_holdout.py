#!/usr/bin/env python3
"""Hold-out newspaper pages for issue 17 (layout stitching), written apart from gen_layout.py.

Same output as gen_layout.py, so bench/eval_layout.py scores it unchanged: DIR/pages/*.txt,
DIR/truth.jsonl (a story a line: title, kicker, subtitle, text, body pieces [file, start byte,
end byte] in reading order, head lines, shape, flags, features of each join) and DIR/pages.jsonl
(a page a line: its files, stories, features). A truth "page" is one printed page (plain) or the
pages a jump connects (markers: one file holding both, or a file each), so every file belongs to
one page. Stories come from bench/layout_holdout_stories.jsonl, each printed once in a run while
the pool lasts (reuse sets copy_in_run on its joins).

  bench/gen_layout_holdout.py --out DIR --pages N --seed S [--layout plain|markers|mixed]
"""
import argparse
import datetime
import json
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from layout_common import DATELINE, is_han, key, read_jsonl  # noqa: E402

NO_START = set("，。、；：？！）》”’…—%,.;:?!)")  # a line never starts with these (kinsoku)
CLAUSE, STOP = set("，、；："), set("。！？”")
SECTIONS = ["要闻", "经济", "综合", "国内新闻", "社会", "文化", "体育", "科教", "地方", "民生"]
KICKERS = ["【经济观察】", "【民生】", "【关注】", "【权威发布】", "聚焦高质量发展", "一线见闻", "新时代 新作为"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["晓东", "立新", "海燕", "志强", "雨桐", "明", "静", "子涵", "建华", "思远", "一鸣", "欣然", "卫国", "丹"]
TO = ["（下转第{n}版）", "下转{n}版", "(转{n}版)", "（转第{n}版）", "（下转{n}版）"]
FROM = ["（上接第{n}版）", "接第{n}版", "（续第{n}版）", "(上接{n}版)", "（接第{n}版）", "上接{n}版"]
CN = "零一二三四五六七八九十"


def units(s):
    """Width in half-width units: a full-width char is 2, ASCII 1."""
    return sum(1 if ord(c) < 128 else 2 for c in s)


def wrap(text, w, prefix=""):
    """Hard-wrap `text` at w full-width chars; `prefix` (indent or marker) opens the first line.
    Closing punctuation and the rest of an ASCII run (2025, 3.5%) stay on the line they follow."""
    lines, cur = [], prefix
    for i, c in enumerate(text):
        over = units(cur) + units(c) > 2 * w
        keep = c in NO_START or (c.isascii() and c != " " and i and text[i - 1].isascii()
                                 and text[i - 1] != " " and units(cur) < 2 * w + 6)
        if over and cur.strip() and not keep:
            lines.append(cur)
            cur = ""
        cur += c
    lines.append(cur)
    return lines


def cn_num(n):
    if n <= 10:
        return CN[n]
    return ("十" if n < 20 else CN[n // 10] + "十") + (CN[n % 10] if n % 10 else "")


def page_no(n, style):
    return {"arabic": str(n), "padded": f"{n:02d}", "chinese": cn_num(n), "letter": f"A{n}",
            "letter-padded": f"A{n:02d}"}[style]


def marker(tpl, n, style):
    s = tpl.format(n=page_no(n, style))
    return s.replace("第", "") if style.startswith("letter") else s


def cut_kind(left, right):
    if left in CLAUSE:
        return "clause"
    if left in STOP:
        return "sentence"
    return "word" if is_han(left) and is_han(right) else "other"


class Story:
    def __init__(self, d):
        self.title, self.subtitle = d["title"], d.get("subtitle")
        self.kicker, self.byline = d.get("kicker"), d.get("byline")
        self.paras = d["text"].split("\n\n")
        self.text = d["text"]
        self.brief = bool(DATELINE.match(unicodedata.normalize("NFKC", self.text)))


class Gen:
    def __init__(self, stories, rng, layout):
        self.pool, self.rng, self.layout = stories, rng, layout
        self.left, self.used = [], set()
        self.truth, self.pages, self.files = [], [], {}
        self.day = datetime.date(2025, 5, 1) + datetime.timedelta(days=rng.randrange(80))

    # -- story choice ------------------------------------------------------------------------
    def take(self, need=0):
        """A story of at least `need` chars not yet printed in this run (the pool refilled when empty),
        never one already on the page being made."""
        ok = lambda i: len(self.pool[i].text) >= need and i not in self.here  # noqa: E731
        fits = [i for i in self.left if ok(i)]
        if not fits:
            self.left += [i for i in range(len(self.pool)) if i not in self.left]
            fits = [i for i in self.left if ok(i)]
            if not fits:
                return None, False
        i = self.rng.choice(fits)
        self.left.remove(i)
        self.here.add(i)
        again = i in self.used
        self.used.add(i)
        return self.pool[i], again

    # -- cuts --------------------------------------------------------------------------------
    def choose_cut(self, st, lo, hi, after, w, style, plain, allow_para):
        """A cut (paragraph, offset) inside [lo, hi] of the text, in a paragraph after `after`.
        Returns (para, offset, kind, cut_line)."""
        rng, total = self.rng, sum(len(p) for p in st.paras)
        starts, c = [], 0
        for p in st.paras:
            starts.append(c)
            c += len(p)
        if allow_para and rng.random() < 0.12:
            opts = [i for i in range(max(after + 1, 1), len(st.paras)) if lo * total <= starts[i] <= hi * total]
            if opts:
                return rng.choice(opts), 0, "paragraph", "para"
        cands = [i for i, p in enumerate(st.paras) if i > after and len(p) >= 24
                 and starts[i] + len(p) >= lo * total and starts[i] <= hi * total]
        if not cands:
            cands = [i for i, p in enumerate(st.paras) if i > after and len(p) >= 12] or [len(st.paras) - 1]
        i = rng.choice(cands)
        p = st.paras[i]
        opts = []
        if rng.random() < 0.55:  # the column ends on a full line
            lines = wrap(p, w, "　　" if "indent" in style else "")
            o = -(2 if "indent" in style else 0)
            for ln in lines[:-1]:
                o += len(ln)
                if 4 <= o <= len(p) - 4:
                    opts.append((o, cut_kind(p[o - 1], p[o]), "full"))
            if plain and any(k != "sentence" for _, k, _ in opts):
                opts = [x for x in opts if x[1] != "sentence"]
        if not opts:
            want = rng.choices(["word", "clause", "sentence"], [0.72, 0.2, 0.0 if plain else 0.08])[0]
            allo = [(o, cut_kind(p[o - 1], p[o]), "short") for o in range(5, len(p) - 5) if p[o] not in NO_START]
            opts = [x for x in allo if x[1] == want] or [x for x in allo if x[1] == "word"] or allo
        if not opts:
            return i, 0, "paragraph", "para"
        o, kind, line = rng.choice(opts)
        return i, o, kind, line

    @staticmethod
    def fragments(st, a, b):
        """The body between cuts a and b ((para, offset); None = start / end): [(text, starts_para)]."""
        a = a or (0, 0)
        b = b or (len(st.paras) - 1, len(st.paras[-1]))
        out = []
        for i in range(a[0], b[0] + 1):
            s = a[1] if i == a[0] else 0
            e = b[1] if i == b[0] else len(st.paras[i])
            if e > s:
                out.append((st.paras[i][s:e], s == 0))
        return out

    # -- rendering ---------------------------------------------------------------------------
    def noisy(self, s, on):
        """OCR-ish noise the comparison key ignores: an ASCII comma or colon, a stray space."""
        if not on or self.rng.random() > 0.07:
            return s
        r = self.rng.random()
        if r < 0.4 and "，" in s:
            return s.replace("，", ",", 1)
        if r < 0.55 and "：" in s:
            return s.replace("：", ":", 1)
        spots = [i for i in range(1, len(s)) if is_han(s[i - 1]) and is_han(s[i])]
        if spots:
            i = self.rng.choice(spots)
            return s[:i] + " " + s[i:]
        return s

    def body(self, ref, frags, w, style, noise, prefix="", first_story_line=False):
        """Lines of one body piece: (text, ref, body start, body end)."""
        out = []
        for n, (text, starts) in enumerate(frags):
            if n and "blank" in style:
                out.append(("", None, 0, 0))
            ind = "　　" if starts and "indent" in style else ""
            pre = prefix if n == 0 else ""
            for m, ln in enumerate(wrap(text, w, pre + ind)):
                head = pre + ind if m == 0 else ""
                b = ln[len(head):]
                if not (first_story_line and n == 0 and m == 0):
                    b = self.noisy(b, noise)
                out.append((head + b, ref, len(head), len(head) + len(b)))
        return out

    def head(self, st, w):
        """Headline lines and what they say: (lines, title, kicker, subtitle, shape, flags)."""
        rng, flags = self.rng, []
        if st.brief and rng.random() < 0.45:
            return [], None, None, None, "none", ["brief"]
        title, tw = st.title, units(st.title) / 2
        shapes = ["over-wide", "wrapped"] if tw > w else ["one-line", "one-line"]
        if " " in title:
            shapes.append("two-line")
        shape = rng.choice(shapes)
        if shape == "two-line":
            sp = [i for i, c in enumerate(title) if c == " "]
            i = min(sp, key=lambda i: abs(i - len(title) / 2))
            lines = [title[:i], title[i + 1:]]
        elif shape == "wrapped":
            lines = wrap(title, w)
            if len(lines) == 1:
                shape = "one-line"
        else:
            lines = [title]
        if shape in ("one-line", "two-line") and rng.random() < 0.15:
            lines = ["　" * max(0, (w - units(ln) // 2) // 2) + ln for ln in lines]
            flags.append("centered")
        kicker = st.kicker or (rng.choice(KICKERS) if rng.random() < 0.2 else None)
        if kicker:
            if kicker.startswith("【") and rng.random() < 0.5:
                lines[0] = kicker + lines[0].lstrip("　")
                flags.append("kicker-inline")
            else:
                lines.insert(0, kicker)
                flags.append("kicker-line")
        subtitle = st.subtitle if st.subtitle and rng.random() < 0.85 else None
        if subtitle:
            subtitle = "——" + subtitle.lstrip("—")
            lines.append(subtitle)
            flags.append("subtitle")
        byline = st.byline
        if not byline and not st.brief and rng.random() < 0.3:
            name = lambda: rng.choice(SURNAMES) + rng.choice(GIVEN)  # noqa: E731
            byline = rng.choice(["本报记者 {a}", "本报记者 {a} 通讯员 {b}", "文/本报记者 {a}", "■ 本报记者 {a} {b}"]
                                ).format(a=name(), b=name())
        if byline:
            lines.append(byline)
            flags.append("byline")
        if "《" in title:
            flags.append("book")
        if any(c.isdigit() for c in title):
            flags.append("digits")
        return lines, title, kicker, subtitle, shape, flags

    def header(self, n):
        d = self.day
        wd = "一二三四五六日"[d.weekday()]
        sec = self.rng.choice(SECTIONS)
        return self.rng.choice([f"第{n}版 {sec}", f"{d.year}年{d.month}月{d.day}日 星期{wd} 第{n}版",
                                f"A{n:02d} {sec}", f"{sec}  {d.year}.{d.month:02d}.{d.day:02d}  第{n:02d}版"])

    # -- pages -------------------------------------------------------------------------------
    def unit(self, u):
        rng = self.rng
        self.here = set()
        layout = self.layout if self.layout != "mixed" else rng.choice(["plain", "markers"])
        style = rng.choices(["blank", "indent", "blank-indent", "flush"], [0.35, 0.3, 0.15, 0.2])[0]
        widths = [rng.randint(14, 30)]
        if rng.random() < 0.35:
            widths = [rng.randint(21, 30), rng.randint(14, 19)]
            rng.shuffle(widths)
        noise = rng.random() < 0.2
        gap_blank = rng.random() < 0.8
        cuts = rng.choices([0, 1, 2], [0.12, 0.7, 0.18])[0]
        nst = rng.randint(2, 4)
        if cuts == 2 and layout == "plain":
            nst = max(nst, 3)
        a, again_a = self.take(520 if cuts == 1 else 680) if cuts else (None, False)
        if a is None:
            cuts = 0
        others = []
        for _ in range(nst - (1 if a else 0)):
            s, again = self.take()
            others.append((s, again))
        pid = f"{u:03d}"
        ids = {}

        def sid(st):
            if id(st) not in ids:
                ids[id(st)] = f"{pid}.{'abcdefgh'[len(ids)]}"
            return ids[id(st)]

        # one block per printed piece: (story, piece k, width); pieces of `a` ordered by layout
        wa = [rng.choice(widths) for _ in range(cuts + 1)]
        cutpts, joins = [], []
        prev = -1
        windows = [(0.3, 0.7)] if cuts == 1 else [(0.2, 0.48), (0.55, 0.85)]
        for c in range(cuts):
            i, o, kind, line = self.choose_cut(a, *windows[c], prev, wa[c], style, layout == "plain",
                                               layout == "markers")
            prev = i
            cutpts.append((i, o))
            joins.append({"cut": kind, "cut_line": line, "width_change": wa[c] != wa[c + 1]})
        if layout == "plain":
            sections, order = self.plain_order(a, cuts, others)
        else:
            sections, order = self.marker_order(a, cuts, others)
        mstyle = rng.choice(["arabic", "padded", "chinese", "letter", "letter-padded"])
        to_t, from_t = rng.choice(TO), rng.choice(FROM)
        one_file = layout == "plain" or rng.random() < 0.45
        name_t = rng.choice(["{u:03d}_p{n}.txt", "{u:03d}-A{n:02d}.txt", "{u:03d}_{n:02d}.txt"])
        files, stories_info, head_done = [], {}, set()
        doc = []  # (file, lines)
        for si, (pno, blocks) in enumerate(sections):
            if one_file:
                fname = (f"{u:03d}.txt" if layout == "markers" or rng.random() < 0.5
                         else name_t.format(u=u, n=pno))
            else:
                fname = name_t.format(u=u, n=pno)
            if not doc or doc[-1][0] != fname:
                doc.append((fname, []))
            lines = doc[-1][1]
            if lines:
                lines += [("", None, 0, 0)] * rng.randint(1, 2)
            if rng.random() < (0.3 if layout == "plain" else 0.65):
                lines += [(self.header(pno), None, 0, 0), ("", None, 0, 0)]
            for bi, (st, k) in enumerate(blocks):
                if bi and gap_blank:
                    lines.append(("", None, 0, 0))
                ref = (sid(st), k)
                is_a = st is a
                w = wa[k] if is_a else rng.choice(widths)
                frags = self.fragments(st, cutpts[k - 1] if is_a and k else None,
                                       cutpts[k] if is_a and k < cuts else None)
                prefix = ""
                if k == 0:
                    hl, title, kicker, sub, shape, flags = self.head(st, w)
                    lines += [(ln, None, 0, 0) for ln in hl]
                    if hl and "blank" in style and rng.random() < 0.5:
                        lines.append(("", None, 0, 0))
                    stories_info[ref[0]] = dict(st=st, title=title, kicker=kicker, subtitle=sub, shape=shape,
                                                flags=flags, head=hl, again=again_a if is_a else
                                                dict((id(s), g) for s, g in others)[id(st)])
                elif layout == "markers":
                    j = joins[k - 1]
                    j.update(markers=mstyle, to=to_t.format(n="N"), **{"from": from_t.format(n="N")})
                    m = marker(from_t, order[k - 1], mstyle)
                    j["jump_headline"] = rng.random() < 0.4
                    j["from_inline"] = rng.random() < 0.45
                    if j["jump_headline"]:
                        jt = st.title.split(" ")[0] if " " in st.title and rng.random() < 0.6 else st.title
                        if not j["from_inline"] and rng.random() < 0.5:
                            lines.append((jt + m, None, 0, 0))
                            j["jump_headline"] = "with-marker"
                            m = None
                        else:
                            lines.append((jt, None, 0, 0))
                    if m and j["from_inline"]:
                        prefix = m if m.startswith(("（", "(")) else m + " "
                    elif m:
                        lines.append((m, None, 0, 0))
                body = self.body(ref, frags, w, style, noise, prefix, first_story_line=(k == 0))
                if layout == "markers" and is_a and k < cuts:
                    j = joins[k]
                    m = marker(to_t, order[k + 1], mstyle)
                    j["to_inline"] = rng.random() < 0.5
                    if j["to_inline"]:
                        t, r, s0, e0 = body[-1]
                        body[-1] = (t + (m if m.startswith(("（", "(")) else " " + m), r, s0, e0)
                    else:
                        body.append(("　" * rng.choice([0, 0, 4]) + m, None, 0, 0))
                lines += body
        # write files, collect spans
        spans, pos = {}, {}
        for n, (fname, lines) in enumerate(doc):
            buf = bytearray(self.files.get(fname, b""))
            for t, ref, s0, e0 in lines:
                off = len(buf)
                if ref:
                    s = off + len(t[:s0].encode())
                    e = off + len(t[:e0].encode())
                    old = spans.get(ref, (s, e, fname))
                    spans[ref] = (min(old[0], s), max(old[1], e), fname)
                    pos.setdefault(ref, (n, off))
                buf += t.encode() + b"\n"
            self.files[fname] = bytes(buf)
            if fname not in files:
                files.append(fname)
        feats = {"layout": layout, "files": len(files), "widths": len(widths), "paras": style,
                 "story_gap": "blank" if gap_blank else "none", "noise": noise, "cuts": cuts}
        sorder = sorted(stories_info, key=lambda s: min(pos[r] for r in pos if r[0] == s))
        for s in sorder:
            info = stories_info[s]
            st, k_n = info["st"], cuts + 1 if info["st"] is a else 1
            pieces = [[spans[(s, k)][2], spans[(s, k)][0], spans[(s, k)][1]] for k in range(k_n)]
            js = joins if st is a else []
            for k, j in enumerate(js):
                j["cross_file"] = pieces[k][0] != pieces[k + 1][0]
                fa, fb = sorted(files).index(pieces[k][0]), sorted(files).index(pieces[k + 1][0])
                j["reversed"] = (fb, pieces[k + 1][1]) < (fa, pieces[k][1])
                j["gap"] = self.gap(sections, st, k)
                j["copy_in_run"] = info["again"]
            got = "".join(self.files[f][b0:b1].decode() for f, b0, b1 in pieces)
            assert key(got) == key(st.text), (s, key(got)[:80], key(st.text)[:80])
            assert all(b1 > b0 for _, b0, b1 in pieces)
            self.truth.append({"id": s, "page": pid, "title": info["title"], "kicker": info["kicker"],
                               "subtitle": info["subtitle"], "text": st.text, "pieces": pieces,
                               "head": info["head"], "shape": info["shape"], "flags": info["flags"], "joins": js})
        self.pages.append({"page": pid, "files": files, "stories": sorder, "features": feats})

    @staticmethod
    def gap(sections, st, k):
        """Other stories printed between piece k and k+1 of st, in reading order."""
        seq = [(s, kk) for _, blocks in sections for s, kk in blocks]
        i, j = seq.index((st, k)), seq.index((st, k + 1))
        return abs(j - i) - 1

    def plain_order(self, a, cuts, others):
        """One printed page: [(page no, [(story, piece)])], and page numbers of a's pieces."""
        rng = self.rng
        o = [(s, 0) for s, _ in others]
        if not cuts:
            return [(rng.randint(1, 12), o)], []
        lead = o[:1] if rng.random() < 0.25 and len(o) > cuts else []
        rest = o[len(lead):]
        if cuts == 1:
            g = rng.randint(1, min(2, len(rest)))
            mid, tail = rest[:g], rest[g:]
            seq = ([(a, 1)] + mid + [(a, 0)] if rng.random() < 0.2 else [(a, 0)] + mid + [(a, 1)]) + tail
        else:
            seq = [(a, 0), rest[0], (a, 1), rest[1], (a, 2)] + rest[2:]
        n = rng.randint(1, 12)
        return [(n, lead + seq)], [n] * (cuts + 1)

    def marker_order(self, a, cuts, others):
        """Printed pages a jump connects: [(page no, [(story, piece)])], page no of each piece of a."""
        rng = self.rng
        o = [(s, 0) for s, _ in others]
        if not cuts:
            return [(rng.randint(1, 12), o)], []
        p = rng.randint(1, 8)
        nums = [p]
        for _ in range(cuts):
            nums.append(nums[-1] + rng.randint(1, 7) if rng.random() > 0.15 else max(1, nums[-1] - rng.randint(1, 3)))
            if nums[-1] in nums[:-1]:
                nums[-1] = max(nums) + 1
        per = [[] for _ in nums]
        for i, s in enumerate(o):  # each printed page gets a story of its own first, then at random
            per[i if i < len(nums) else rng.randrange(len(nums))].append(s)
        sections = []
        for k, n in enumerate(nums):
            blocks = per[k][:]
            at = 0 if k == 0 and rng.random() < 0.6 else rng.randint(0, len(blocks))
            blocks.insert(at, (a, k))
            sections.append((n, blocks))
        if rng.random() < 0.15:  # a scrape that printed the jump's page first
            sections.reverse()
        return sections, nums


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layout", choices=["plain", "markers", "mixed"], default="mixed")
    ap.add_argument("--stories", default=os.path.join(HERE, "layout_holdout_stories.jsonl"))
    args = ap.parse_args()
    pool = [Story(d) for d in read_jsonl(args.stories)]
    g = Gen(pool, random.Random(args.seed), args.layout)
    g.left = list(range(len(pool)))
    for u in range(1, args.pages + 1):
        g.unit(u)
    os.makedirs(os.path.join(args.out, "pages"), exist_ok=True)
    for f in os.listdir(os.path.join(args.out, "pages")):
        os.remove(os.path.join(args.out, "pages", f))
    for name, data in g.files.items():
        with open(os.path.join(args.out, "pages", name), "wb") as f:
            f.write(data)
    for name, rows in (("truth.jsonl", g.truth), ("pages.jsonl", g.pages)):
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    print(f"{args.out}: {len(g.pages)} pages, {len(g.truth)} stories, {len(g.files)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
