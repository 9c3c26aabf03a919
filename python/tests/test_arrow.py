"""reprint.arrow: keys, verify and components over pyarrow arrays."""

from __future__ import annotations

import random

import pyarrow as pa

from reprint import arrow
from conftest import SAMPLES, sample_text


def test_keys_shape_nulls_and_types():
    texts = [sample_text(p) for p in SAMPLES]
    k = arrow.keys(pa.array(texts + [None, ""]))
    assert k.type == pa.list_(pa.int64())
    assert len(k) == len(texts) + 2 and k[len(texts)].as_py() is None and k[-1].as_py() == []
    assert all(len(k[i]) > 100 for i in range(len(texts)))
    # str, large_str, string_view, a chunked array and a list give the same keys.
    for alt in (pa.array(texts, pa.large_string()), pa.chunked_array([texts[:2], texts[2:]]), texts):
        assert arrow.keys(alt).to_pylist()[: len(texts)] == k.to_pylist()[: len(texts)]


def test_keys_deterministic_and_fold_layout_and_punctuation():
    t = sample_text(SAMPLES[1])
    once, again = arrow.keys([t]).to_pylist(), arrow.keys([t]).to_pylist()
    assert once == again
    # Keys fold width, punctuation and whitespace away: a reflowed copy has the same keys.
    copy = t.replace("，", ",").replace("\n\n", "\n")
    assert arrow.keys([copy]).to_pylist() == once
    # Hashes use all 64 bits (as int64: negative ones too).
    assert any(h < 0 for h in once[0]) and any(h > 0 for h in once[0])


def test_verify_rows_nulls_and_direction():
    a = sample_text(SAMPLES[3])
    half = a[: len(a) // 2]
    v = arrow.verify([a, half, a, None], [half, a, sample_text(SAMPLES[0]), a]).to_pylist()
    assert v[0]["relation"] == "contains" and v[1]["relation"] == "contained_in"
    assert v[0]["similarity"] == v[1]["similarity"]
    assert [(s["b"], s["a"]) for s in v[0]["spans"]] == [(s["a"], s["b"]) for s in v[1]["spans"]]
    assert v[3] is None
    # `line` is the pair as scan --format jsonl writes it, named by the ids given.
    import json

    line = json.loads(arrow.verify([a], [half], a_ids=["x"], b_ids=["y"])[0]["line"].as_py())
    assert (line["type"], line["a"], line["b"], line["relation"]) == ("pair", "x", "y", "contains")


def test_verify_stock_phrases_decide_what_counts():
    # Two pages sharing only a long footer: with the footer's grams as stock phrases
    # the footer alone is no overlap; proposed through stock phrases alone, still not a copy.
    import random

    rng = random.Random(3)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    footer = "".join(rng.choice(han) for _ in range(80))
    a, b = ("".join(rng.choice(han) for _ in range(200)) + footer for _ in range(2))
    plain = arrow.verify([a], [b])[0].as_py()
    assert plain["relation"] == "overlap"
    stock = [(h % 2**64) >> 24 for h in arrow.keys([footer]).to_pylist()[0]]
    marked = arrow.verify([a], [b], stock=stock, stock_shift=24)[0].as_py()
    assert marked["relation"] is None, marked


def _reference(edges):
    adj = {}
    for s, d in edges:
        adj.setdefault(s, set()).add(d)
        adj.setdefault(d, set()).add(s)
    label = {}
    for v in sorted(adj):
        if v in label:
            continue
        stack, seen = [v], {v}
        while stack:
            for w in adj[stack.pop()]:
                if w not in seen:
                    seen.add(w)
                    stack.append(w)
        for w in seen:
            label[w] = min(seen)
    return sorted(label.items())


def test_components_match_a_reference_for_any_edge_order():
    rng = random.Random(7)
    edges = [(rng.randrange(-50, 2000) * 7919, rng.randrange(-50, 2000) * 7919) for _ in range(1500)]
    want = _reference(edges)
    for _ in range(3):
        rng.shuffle(edges)
        flip = [(d, s) if rng.random() < 0.5 else (s, d) for s, d in edges]
        v, l, c = arrow.components(pa.array([s for s, _ in flip]), pa.array([d for _, d in flip]))
        assert list(zip(v.to_pylist(), l.to_pylist())) == want
        # Cluster ids from 1 by first vertex, as scan numbers clusters; 0 for a vertex with only a loop.
        size = {}
        for _, lab in want:
            size[lab] = size.get(lab, 0) + 1
        firsts = sorted(lab for lab, k in size.items() if k > 1)
        number = {lab: k + 1 for k, lab in enumerate(firsts)}
        assert c.to_pylist() == [number.get(lab, 0) for _, lab in want]


def test_components_of_a_long_chain_and_nothing():
    n = 100_000
    v, l, c = arrow.components(pa.array(range(n - 1), pa.int32()), pa.array(range(1, n)))
    assert len(v) == n and set(l.to_pylist()) == {0} and set(c.to_pylist()) == {1}
    v, l, c = arrow.components([], [])
    assert len(v) == 0 and len(l) == 0 and len(c) == 0


def test_junctions_follow_the_order_of_stock_phrases():
    # Three "sentences", all stock: in one order twice, and rotated. The same order makes the
    # same keys; the rotation shares one junction of the two (s0 to s1); no stock, no keys.
    rng = random.Random(4)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    s = ["".join(rng.choice(han) for _ in range(30)) for _ in range(3)]
    texts = [s[0] + "。" + s[1] + "。" + s[2], s[0] + "，" + s[1] + "，" + s[2], s[2] + "。" + s[0] + "。" + s[1]]
    f = arrow.fold(texts)
    shift = 24
    stock = sorted({g % 2**64 >> shift for t in s for g in arrow.keys([t])[0].as_py()})
    j = arrow.junctions(f.field("key"), stock, shift)
    assert j.type == pa.list_(pa.int64())
    assert arrow.junctions(pa.array([None], pa.binary()), stock, shift)[0].as_py() is None
    a, b, c = (set(j[i].as_py()) for i in range(3))
    assert a and a == b
    assert 0 < len(a & c) < len(a)
    assert arrow.junctions(f.field("key"), [], shift).to_pylist()[:3] == [[], [], []]
