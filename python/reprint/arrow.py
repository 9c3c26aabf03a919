"""Batch functions over pyarrow arrays, for engines (Spark ``mapInArrow``, Ray, datatrove).

Arrow in, Arrow out: no Python object per n-gram or span is built, which is
what a list-returning call would spend most of its time on.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from . import _reprint

__all__ = ["keys", "verify", "components"]


def _array(values: Any, typ: pa.DataType, what: str) -> pa.Array:
    # Lists, numpy arrays and chunked arrays in; one contiguous Arrow array to Rust.
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    elif not isinstance(values, pa.Array):
        try:
            values = pa.array(values, type=typ)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as e:
            raise TypeError(f"{what} must be an array of {typ}: {e}") from None
    return values


def keys(texts: Any, *, markup: str = "auto") -> pa.ListArray:
    """Each text's folded, sampled n-gram hashes: ``list<int64>``, one row per text.

    The same hashes ``reprint scan --unit file`` indexes the text by
    (``reprint::scan::units::grams_of``), their u64 bits carried as int64 (Spark
    has no unsigned 64-bit type). A null text gives a null row.
    """
    return _reprint.keys(_array(texts, pa.large_string(), "texts"), markup)


def verify(
    a_texts: Any,
    b_texts: Any,
    *,
    cover: float = 0.8,
    min_overlap: int = 40,
    min_span: int = 14,
    max_df: int = 64,
    markup: str = "auto",
) -> pa.StructArray:
    """Row i of ``a_texts`` against row i of ``b_texts``.

    Returns ``struct<relation: string, similarity: double,
    spans: list<struct<a: fixed_size_list<int64>[2], b: ...>>>``: for each row
    exactly what ``reprint scan --unit file --format json`` reports for the pair
    in a corpus of just those two texts (it is that call): relation
    ``duplicate``, ``contains`` (a holds b), ``contained_in``, ``overlap`` or
    ``template``, seen from a; null relation and similarity and no spans when
    they share nothing reportable; a null row when either text is null. Spans
    are UTF-8 byte offsets into each text.
    """
    a = _array(a_texts, pa.large_string(), "a_texts")
    b = _array(b_texts, pa.large_string(), "b_texts")
    return _reprint.verify(a, b, cover, min_overlap, min_span, max_df, markup)


def components(src: Any, dst: Any) -> tuple[pa.Int64Array, pa.Int64Array]:
    """Connected components of the undirected graph of edges ``src[i]``–``dst[i]``.

    Returns ``(vertex, label)``: every vertex that appears once, ascending, and
    the smallest vertex id of its component as its label (deterministic for any
    edge order). Union-find in Rust: what the driver does after a distributed
    pairs stage, instead of rounds of large-star/small-star joins.
    """
    s = _array(src, pa.int64(), "src").cast(pa.int64())
    d = _array(dst, pa.int64(), "dst").cast(pa.int64())
    return _reprint.components(s, d)
