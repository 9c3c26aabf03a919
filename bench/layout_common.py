"""What gen_layout.py and eval_layout.py share: the text comparison and JSON Lines reading.

Two texts are the same story text when their keys are equal: NFKC, a dateline opening the text
dropped (split may keep it in the body or move it to `dateline`), then only Han chars, ASCII
letters (lowercased) and digits kept, so wrapping, paragraphing and punctuation width never count.
tests/it/layout.rs implements the same key.
"""
import json
import re
import unicodedata

AGENCY = r"(?:新华社|中新社|中新网|本报|人民网|央视网|央广网|光明网|人民日报|经济日报|光明日报|央视新闻|中国日报)"
# credits.rs's dateline, applied after NFKC (full-width brackets are ASCII by then).
DATELINE = re.compile(
    r"\s*(?:(?:据)?" + AGENCY + r"(?:[\u4e00-\u9fff]{1,8}?)?\d{1,2}月\d{1,2}日(?:电|讯)"
    r"(?:\s*\((?:记者|通讯员)[^)]{1,24}\))?|本报讯(?:\s*\(记者[^)]{1,24}\))?)"
)


def is_han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def fold(s):
    """Han chars, ASCII letters and digits of `s` after NFKC: what a comparison looks at."""
    s = unicodedata.normalize("NFKC", s or "")
    return "".join(c.lower() for c in s if is_han(c) or (c.isascii() and c.isalnum()))


def key(text):
    """The comparison key of an article body: `fold` without a leading dateline."""
    s = unicodedata.normalize("NFKC", text or "")
    m = DATELINE.match(s)
    if m:
        s = s[m.end():]
    return fold(s)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
