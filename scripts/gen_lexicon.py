#!/usr/bin/env python3
"""Generate src/segment/lexicon.txt: common Chinese words used to judge whether two layout
fragments join into plausible text (`务实` + `举措`, `数字` + `经济`).

Source: jieba's dictionary (MIT licence), from the package on PyPI:
    pip download --no-deps jieba==0.42.1 -d /tmp/jieba && tar xzf /tmp/jieba/jieba-0.42.1.tar.gz -C /tmp/jieba
    python3 scripts/gen_lexicon.py /tmp/jieba/jieba-0.42.1/jieba/dict.txt
Kept: words of 2-4 Han characters with frequency >= 50, sorted, one per line.
"""
import sys

MIN_FREQ = 50


def main(path: str) -> None:
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            if 2 <= len(word) <= 4 and freq >= MIN_FREQ and all("\u4e00" <= c <= "\u9fff" for c in word):
                words.add(word)
    out = "src/segment/lexicon.txt"
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(w + "\n" for w in sorted(words)))
    print(f"{out}: {len(words)} words")


if __name__ == "__main__":
    main(sys.argv[1])
