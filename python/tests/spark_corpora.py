"""Corpora for the Spark tests: generated news with copies, and stress cases the CLI's candidate rules meet."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
# Outside the BMP: two UTF-16 units a char in the key, four UTF-8 bytes in the spans.
EXT_B = [chr(c) for c in range(0x20000, 0x20000 + 300)]


def generated(tmp: Path, docs: int, seed: int) -> list[dict]:
    """bench/gen_corpus.py's corpus: base articles with noisy copies, drops, appends, overlaps, quotes."""
    out = tmp / f"gen{seed}"
    subprocess.run([sys.executable, str(ROOT / "bench/gen_corpus.py"), "--docs", str(docs), "--seed", str(seed),
                    "--out", str(out)], check=True, capture_output=True)
    return [json.loads(x) for x in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]


def _text(rng: random.Random, n: int, alphabet=HAN) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _noisy(rng: random.Random, text: str, rate: float) -> str:
    return "".join(rng.choice(HAN) if rng.random() < rate else c for c in text)


def stress(seed: int = 5, chain: int = 1000) -> list[dict]:
    """A chain of ``chain`` copies (each 85 % of its neighbour, so links only to the next few: one
    cluster that takes many union rounds), a story reprinted 100 times with 2 % noise (its grams
    over max_df: proposed through the stock-phrase rule, posting lists longer than a block), a
    footer on 120 pages (stock phrase only), identical copies (ties broken by id order), texts
    equal but for punctuation, empty and one-char texts, non-BMP chars and ids."""
    rng = random.Random(seed)
    recs: list[dict] = []
    ids = rng.sample(range(10**6), chain)  # ids out of chain order: ranks do not follow the links
    long = _text(rng, 15 * chain + 100)
    recs += [{"id": f"c{ids[i]:06d}", "text": long[15 * i: 15 * i + 100]} for i in range(chain)]
    story = _text(rng, 400)
    recs += [{"id": f"story{k:03d}", "text": _noisy(rng, story, 0.02)} for k in range(100)]
    footer = "本报记者" + _text(rng, 56)
    recs += [{"id": f"page{k:03d}", "text": _text(rng, 150) + footer} for k in range(120)]
    same = _text(rng, 300)
    recs += [{"id": i, "text": same} for i in ("dup-b", "dup-a", "dup-c")]
    recs += [{"id": "punct-1", "text": same[:150] + "，" + same[150:]}]
    recs += [{"id": "empty", "text": ""}, {"id": "one", "text": "中"}, {"id": "one-2", "text": "中"},
             {"id": "e1", "text": "。"}, {"id": "space", "text": "   \n"}]
    ext = _text(rng, 200, EXT_B + HAN[:50])
    recs += [{"id": "𠀀ext", "text": ext}, {"id": "ext-copy", "text": ext[:180]},
             {"id": "Ext-upper", "text": _noisy(rng, ext, 0.01)}]
    return recs


def phrases(seed: int = 6) -> list[dict]:
    """Documents recombined from a pool of 20 stock sentences (each in about 100 fillers, over
    max_df), and 30 bases of 8 of them, each with a partial copy (3-4 of its sentences in order, 2 %
    noise, among new text: too few stock groups for the stock-phrase rule, too few n-grams across
    its junctions for votes) and a lookalike (every other sentence of it, between others): what
    the junction index (scan::junction) proposes, and what it must not."""
    rng = random.Random(seed)
    pool = [_text(rng, rng.randint(30, 40)) for _ in range(20)]
    recs: list[dict] = []
    for k in range(400):
        recs.append({"id": f"filler{k:03d}", "text": "。".join(pool[i] for i in rng.sample(range(20), 5))})
    for k in range(30):
        order = rng.sample(range(20), 8)
        recs.append({"id": f"base{k:02d}", "text": "。".join(pool[i] for i in order) + "。"})
        start = rng.randint(0, 4)
        part = "。".join(pool[i] for i in order[start:start + rng.randint(3, 4)])
        recs.append({"id": f"part{k:02d}", "text": _text(rng, 20) + "。" + _noisy(rng, part, 0.02) + "。"})
        others = [i for i in rng.sample(range(20), 20) if i not in order][:4]
        look = [x for pair in zip(order[::2], others) for x in pair]
        recs.append({"id": f"look{k:02d}", "text": "。".join(pool[i] for i in look) + "。"})
    return recs


def write(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path
