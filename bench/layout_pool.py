"""The story pool gen_layout.py prints: titled articles of whole prose, from split's output and more.

A story is usable when it has a title and 200+ chars, is mostly Han and every paragraph is a
finished sentence or a short section heading; a paragraph a column break left split (a word across
the break) is rejoined, one a search snippet flattened is cut at sentence ends.
"""
import os

from layout_common import is_han, read_jsonl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FINAL = "。！？…"
CLOSING = "”’）》」』"


def ends_sentence(s):
    s = s.rstrip(CLOSING)
    return bool(s) and s[-1] in FINAL


def usable(text):
    """Whole prose: mostly Han, every paragraph a finished sentence or a short section heading."""
    chars = [c for c in text if not c.isspace()]
    if not chars or sum(is_han(c) for c in chars) < 0.6 * len(chars) or not ends_sentence(text):
        return False
    for p in text.split("\n\n"):
        heading = len(p) <= 24 and not any(c in p for c in "，。；！？|")
        if not (ends_sentence(p) or heading):
            return False
    return True


def reparagraph(paras, lex):
    """Paragraphs a column break split rejoined (`…与产` + `业生态，…`: a word across the break);
    paragraphs over 360 chars (search snippets flatten a story) cut at sentence ends."""
    joined = []
    for p in paras:
        if joined and not ends_sentence(joined[-1]) and " " not in joined[-1] and lex.inside_word(joined[-1] + p, len(joined[-1])):
            joined[-1] += p
        else:
            joined.append(p)
    out = []
    for p in joined:
        while len(p) > 360:
            ends = [i + 1 for i in range(120, min(len(p) - 60, 300)) if p[i] in "。！？" and p[i + 1] not in CLOSING]
            if not ends:
                break
            out.append(p[: ends[-1]])
            p = p[ends[-1]:]
        out.append(p)
    return out


def load(articles, extras, max_chars, lex):
    """Stories with a title and 200+ chars of whole prose, at most about max_chars long."""
    stories = []
    recs = read_jsonl(articles) + [r for path in extras for r in read_jsonl(path)]
    for rec in recs:
        title, text = rec.get("title"), (rec.get("text") or "").strip()
        paras = reparagraph([p.strip() for p in text.split("\n\n") if p.strip()], lex)
        # A story cut off at the end of its page keeps its whole paragraphs.
        paras = paras[:-1] if len(paras) > 1 and not ends_sentence(paras[-1]) else paras
        if not title or len(text) < 200 or not usable("\n\n".join(paras)):
            continue
        kept = trim(paras, max_chars)
        if sum(map(len, kept)) >= 200:
            stories.append({"src": rec.get("id") or title, "title": title, "subtitle": rec.get("subtitle"),
                            "kicker": rec.get("kicker"), "paras": kept})
    return stories


class Lexicon:
    def __init__(self):
        path = os.path.join(ROOT, "src/segment/lexicon.txt")
        with open(path, encoding="utf-8") as f:
            self.words = {w.strip() for w in f if 2 <= len(w.strip()) <= 4}

    def inside_word(self, s, o):
        """A dictionary word spans the boundary before s[o]."""
        return any(s[o - a:o - a + n] in self.words for n in (2, 3, 4) for a in range(1, n) if o - a >= 0)


def trim(paras, limit):
    kept = []
    for p in paras:
        if kept and sum(map(len, kept)) + len(p) > limit:
            break
        kept.append(p)
    while len(kept) > 1 and not ends_sentence(kept[-1]):
        kept.pop()
    return kept
