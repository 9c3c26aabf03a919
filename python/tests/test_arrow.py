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
        v, l = arrow.components(pa.array([s for s, _ in flip]), pa.array([d for _, d in flip]))
        assert list(zip(v.to_pylist(), l.to_pylist())) == want


def test_components_of_a_long_chain_and_nothing():
    n = 100_000
    v, l = arrow.components(pa.array(range(n - 1), pa.int32()), pa.array(range(1, n)))
    assert len(v) == n and set(l.to_pylist()) == {0}
    v, l = arrow.components([], [])
    assert len(v) == 0 and len(l) == 0
