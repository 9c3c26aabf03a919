# Generates a JSONL corpus of Chinese-like news articles with known reprint/overlap truth (stdlib only).
#
# Base articles are word salad: words of the samples/ pages (segmented by forward max-match against
# src/segment/lexicon.txt), so every base article is new text at the n-gram level and two unrelated
# articles share nothing but stock words. Some base articles get derived documents:
#   copy     the whole article, with scan/OCR noise (5 % char substitutions, hard wraps, letter
#            spacing, ASCII/full-width punctuation swaps, header/footer boilerplate, CRLF)
#   drop     a copy with one body paragraph left out (2 % substitutions, same formatting noise)
#   append   a copy with a paragraph of another base article appended (2 %, same noise)
#   overlap  1-2 body paragraphs of the article inside 2-3 fresh paragraphs (2 %, same noise)
#   quote    a fresh article quoting 15-30 chars of the article: a hard negative, not a pair
# Every paragraph has a provenance id; two documents are a true pair when they hold a common
# paragraph (so two copies of one base are a pair too, and `append` links to the other base).
# The truth relation follows reprint's definition on the un-noised lengths (cover 0.8).
# Writes DIR/corpus.jsonl, DIR/truth.jsonl ({"a","b","relation","kinds"}, a < b) and
# DIR/meta.jsonl (how each document was made).
import argparse, collections, itertools, json, pathlib, random, re

ROOT = pathlib.Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u4e00-\u9fff]+")
HEADERS = ["本文字数:1025,阅读时长大约2分钟", "来源：新华社", "来源:人民日报", "2025-06-09 08:30  来源：经济日报",
           "（上接第一版）", "分享到：微信 微博 QQ空间"]
FOOTERS = ["（责任编辑：王宁）", "责任编辑:李娜", "来源：新华社", "【纠错】 【责任编辑:张樵苏】", "（完）"]
PUNCT_SWAP = {"，": ",", "（": "(", "）": ")", "：": ":", "；": ";", "！": "!", "？": "?"}
COVER = 0.8


def vocabulary():
    """(words, weights) from the samples, segmented by forward max-match on the lexicon."""
    lexicon = set((ROOT / "src/segment/lexicon.txt").read_text(encoding="utf-8").split())
    counts = collections.Counter()
    for page in sorted((ROOT / "samples").glob("*.txt")):
        for run in HAN.findall(page.read_text(encoding="utf-8")):
            i = 0
            while i < len(run):
                for n in (4, 3, 2, 1):
                    if n == 1 or run[i:i + n] in lexicon:
                        counts[run[i:i + n]] += 1
                        i += n
                        break
    words = sorted(counts)
    return words, [counts[w] ** 0.5 for w in words]  # flattened: fewer repeated stock phrases


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.words, weights = vocabulary()
        self.cum = list(itertools.accumulate(weights))
        self.chars = sorted({c for w in self.words for c in w})
        self.next_para = 0

    def clause(self, lo, hi):
        target, out = self.rng.randint(lo, hi), ""
        while len(out) < target:
            out += self.rng.choices(self.words, cum_weights=self.cum)[0]
        if self.rng.random() < 0.08:
            out += f"{self.rng.randint(2, 98)}.{self.rng.randint(1, 9)}%"
        return out

    def sentence(self):
        parts = [self.clause(6, 16) for _ in range(self.rng.randint(2, 4))]
        text = parts[0]
        for p in parts[1:]:
            text += self.rng.choice("，，，、；") + p
        if self.rng.random() < 0.1:
            text += f"（{self.clause(3, 6)}）"
        return text + "。"

    def para(self):
        """A fresh paragraph: (provenance id, text)."""
        self.next_para += 1
        text, n = "", self.rng.randint(2, 5)
        while n > 0 or len(text) < 60:  # a shared paragraph is always a substantial passage
            text, n = text + self.sentence(), n - 1
        return self.next_para, text

    def base(self):
        self.next_para += 1
        title = (self.next_para, self.clause(8, 20))
        return [title] + [self.para() for _ in range(self.rng.randint(3, 7))]

    def noisy(self, paras, ocr):
        """Render paragraphs as a scraped/OCR'd page."""
        r, info = self.rng, {"ocr": ocr}
        texts = ["".join(r.choice(self.chars) if "\u4e00" <= c <= "\u9fff" and r.random() < ocr else c
                         for c in t) for _, t in paras]
        if r.random() < 0.5:
            info["ascii_punct"] = True
            texts = ["".join(PUNCT_SWAP[c] if c in PUNCT_SWAP and r.random() < 0.7 else c for c in t)
                     for t in texts]
        if r.random() < 0.3:
            k = r.randrange(len(texts))
            t = texts[k]
            s = r.randrange(max(1, len(t) - 12))
            e = min(len(t), s + r.randint(4, 12))
            texts[k] = t[:s] + " ".join(t[s:e]) + t[e:]
            info["spaced"] = t[s:e]
        if r.random() < 0.5:
            w = info["wrap"] = r.randint(15, 35)
            texts = ["\n".join(t[i:i + w] for i in range(0, len(t), w)) for t in texts]
        lines = []
        if r.random() < 0.5:
            lines += r.sample(HEADERS, r.randint(1, 2))
        lines += texts
        if r.random() < 0.3:
            lines.append(r.choice(FOOTERS))
        info["boilerplate"] = len(lines) - len(texts)
        text = "\n\n".join(lines) + "\n"
        if r.random() < 0.2:
            info["crlf"] = True
            text = text.replace("\n", "\r\n")
        return text, info


def derive(g, kind, base, bases):
    r = g.rng
    if kind == "copy":
        return base
    if kind == "drop":
        k = r.randrange(1, len(base))
        return base[:k] + base[k + 1:]
    if kind == "append":
        # bases[-1] is `base` itself. Same draw as r.choice(bases[:-1] or bases)
        # without copying the list, which made a million documents quadratic.
        other = bases[r.randrange(max(1, len(bases) - 1))]
        return base + [r.choice(other[1:])]
    if kind == "quote":  # not a pair: a fresh article quoting 15-30 chars of the base
        paras = [g.para() for _ in range(r.randint(3, 5))]
        src = r.choice(base[1:])[1]
        s = r.randrange(max(1, len(src) - 30))
        k = r.randrange(len(paras))
        paras[k] = (paras[k][0], paras[k][1] + f"“{src[s:s + r.randint(15, 30)]}”。")
        g.next_para += 1
        return [(g.next_para, g.clause(8, 20))] + paras
    # overlap: 1-2 consecutive body paragraphs among 2-3 fresh ones, under a fresh title
    n = r.randint(1, min(2, len(base) - 1))
    s = r.randint(1, len(base) - n)
    fresh = [g.para() for _ in range(r.randint(2, 3))]
    at = r.randint(0, len(fresh))
    g.next_para += 1
    return [(g.next_para, g.clause(8, 20))] + fresh[:at] + base[s:s + n] + fresh[at:]


def han_len(text):
    return sum(c.isalnum() for c in text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "bench/out"))
    args = ap.parse_args()
    g = Gen(args.seed)
    docs = []  # (kind, index of its base document, paragraphs)
    bases = []
    while len(docs) < args.docs:
        b = g.base()
        bases.append(b)
        at = len(docs)
        docs.append(("base", at, b))
        if g.rng.random() < 0.5:
            for _ in range(g.rng.choice([1, 1, 2, 3])):
                kind = g.rng.choices(["copy", "drop", "append", "overlap", "quote"], [40, 15, 15, 20, 10])[0]
                docs.append((kind, at, derive(g, kind, b, bases)))
    docs = docs[:args.docs]
    order = list(range(len(docs)))
    g.rng.shuffle(order)
    width = len(str(len(docs)))
    ids = {d: f"doc{n:0{width}d}" for n, d in enumerate(order)}
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    by_para = collections.defaultdict(list)
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as cf, open(out / "meta.jsonl", "w", encoding="utf-8") as mf:
        for d in sorted(range(len(docs)), key=ids.get):
            kind, b, paras = docs[d]
            ocr = 0.0 if kind == "base" else 0.05 if kind == "copy" else 0.02
            text, info = ("\n\n".join(t for _, t in paras) + "\n", {}) if kind == "base" else g.noisy(paras, ocr)
            cf.write(json.dumps({"id": ids[d], "text": text}, ensure_ascii=False) + "\n")
            mf.write(json.dumps({"id": ids[d], "kind": kind, "base": ids[b], "paras": [p for p, _ in paras],
                                 **info}, ensure_ascii=False) + "\n")
            for p, _ in paras:
                by_para[p].append(d)
    lens = [{p: han_len(t) for p, t in paras} for _, _, paras in docs]
    pairs = {tuple(sorted(pr, key=ids.get)) for ds in by_para.values() for pr in itertools.combinations(set(ds), 2)}
    with open(out / "truth.jsonl", "w", encoding="utf-8") as tf:
        for x, y in sorted(pairs, key=lambda pr: (ids[pr[0]], ids[pr[1]])):
            shared = sum(n for p, n in lens[x].items() if p in lens[y])
            cx, cy = shared >= COVER * sum(lens[x].values()), shared >= COVER * sum(lens[y].values())
            rel = {(True, True): "duplicate", (False, True): "contains", (True, False): "contained_in"}.get((cx, cy), "overlap")
            tf.write(json.dumps({"a": ids[x], "b": ids[y], "relation": rel, "shared": shared,
                                 "kinds": [docs[x][0], docs[y][0]]}) + "\n")
    print(f"{len(docs)} docs ({len(bases)} base articles), {len(pairs)} true pairs -> {out}")


if __name__ == "__main__":
    main()
