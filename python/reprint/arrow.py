"""Batch functions over pyarrow arrays, for engines (Spark ``mapInArrow``, Ray, datatrove).

Arrow in, Arrow out: no Python object per n-gram or span is built, which is
what a list-returning call would spend most of its time on.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from . import _reprint

__all__ = ["keys", "fold", "verify", "components", "junctions", "evidence", "merge"]


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


def fold(texts: Any, *, markup: str = "auto") -> pa.StructArray:
    """Each text folded as ``reprint scan --unit file`` folds it.

    Returns ``struct<key: binary, chars: int64, grams: list<int64>>``: the
    comparison key (its UTF-16 units as little-endian bytes; two texts with
    equal keys are what the CLI settles as identical copies), its length in
    chars, and the sampled n-gram hashes ``keys`` gives. A null text, a null row.
    """
    return _reprint.fold(_array(texts, pa.large_string(), "texts"), markup)


def verify(
    a_texts: Any,
    b_texts: Any,
    *,
    a_ids: Any = None,
    b_ids: Any = None,
    by_stock: Any = None,
    stock: Any = (),
    stock_shift: int = 24,
    cover: float = 0.8,
    min_overlap: int = 40,
    min_span: int = 14,
    max_df: int = 64,
    markup: str = "auto",
) -> pa.StructArray:
    """Row i of ``a_texts`` against row i of ``b_texts``, as the CLI verifies a candidate pair.

    It is the library's ``reprint::scan::verify_texts``, what ``reprint scan
    --unit file`` runs on each pair its index proposes. The corpus-wide facts
    a pair's verdict depends on come from the caller: ``stock`` holds the
    corpus's stock phrases as the top bits of their n-gram hashes
    (``hash >> stock_shift``, the bits the CLI's index keeps: 24 below 2^24
    documents), ``by_stock[i]`` says the pair was proposed through stock
    phrases alone. ``a_ids``/``b_ids`` name the texts in ``line`` (default
    ``"a"``/``"b"``).

    Returns ``struct<relation: string, similarity: double, shared_chars:
    int64, spans: list<struct<a: fixed_size_list<int64>[2], b: ...>>, line:
    string>``: relation ``duplicate``, ``contains`` (a holds b),
    ``contained_in``, ``overlap`` or ``template``, seen from a, spans in UTF-8
    byte offsets of each text, and ``line`` the pair exactly as ``scan
    --format jsonl`` writes it; nulls and no spans when they share nothing
    reportable; a null row when either text is null.
    """
    a = _array(a_texts, pa.large_string(), "a_texts")
    b = _array(b_texts, pa.large_string(), "b_texts")
    n = len(a)
    ia = _array(a_ids if a_ids is not None else ["a"] * n, pa.large_string(), "a_ids")
    ib = _array(b_ids if b_ids is not None else ["b"] * n, pa.large_string(), "b_ids")
    flags = _array(by_stock if by_stock is not None else [False] * n, pa.bool_(), "by_stock")
    grams = _array(stock, pa.int64(), "stock").cast(pa.int64())
    return _reprint.verify(ia, a, ib, b, flags, grams, stock_shift, cover, min_overlap, min_span, max_df, markup)


def junctions(keys: Any, stock: Any, stock_shift: int) -> pa.ListArray:
    """Each key's junction keys: ``list<int64>``, one row per key.

    ``keys`` are the ``key`` field of ``fold``; ``stock`` the first index's
    stock grams as ``hash >> stock_shift`` (int64 bits). A key is made for
    each pair of stock grams on either side of a junction between runs of
    stock phrases, as ``reprint scan`` indexes them a second time
    (``reprint::scan::junction``): what proposes copies recombined from stock
    sentences in the same order. A null key gives a null row.
    """
    k = _array(keys, pa.binary(), "keys")
    return _reprint.junctions(k, _array(stock, pa.int64(), "stock"), stock_shift)


def components(src: Any, dst: Any) -> tuple[pa.Int64Array, pa.Int64Array, pa.Int64Array]:
    """Connected components of the undirected graph of edges ``src[i]``–``dst[i]``.

    Returns ``(vertex, label, cluster)``: every vertex that appears once,
    ascending; the smallest vertex of its component as its label; and its
    cluster id as ``reprint scan`` numbers clusters when the vertices are
    documents numbered in id order (from 1, in order of first member; 0 for a
    vertex whose only edge is to itself). Deterministic for any edge order.
    The library's union-find in Rust: what the driver runs on the collected
    copy links after a distributed pairs stage.
    """
    s = _array(src, pa.int64(), "src").cast(pa.int64())
    d = _array(dst, pa.int64(), "dst").cast(pa.int64())
    return _reprint.components(s, d)


def evidence(texts: Any, *, markup: str = "auto") -> pa.StructArray:
    """How often each Han char occurs in ``texts``, each cleaned as ``reprint merge`` cleans a record.

    Returns ``struct<char: int32, count: int64>`` (code points ascending). It is
    one part of a run's vote evidence: the merge's tie-breaks ask whether a
    reading's char occurs anywhere else in the whole run, so sum the counts of
    every part (``groupBy(char).sum``) and hand them to :func:`merge`.
    """
    return _reprint.evidence(_array(texts, pa.large_string(), "texts"), markup)


def merge(
    ids: Any,
    texts: Any,
    *,
    fields: Any = None,
    positions: Any = None,
    clusters: Any = None,
    evidence: Any = None,
    keep: str = "merged",
    markup: str = "auto",
) -> pa.StructArray:
    """Records merged into documents as ``reprint merge --input jsonl --format jsonl`` merges them.

    Rows with the same non-null ``clusters`` value are one cluster's members,
    next to one another and in the cluster's member order (ids ascending), as
    ``reprint scan`` lists them; a row with a null cluster (or ``clusters``
    None) is a record in no cluster, merged alone. ``fields``: each record's
    JSON object (its line; ``text`` in it is ignored), kept in the output
    record as the CLI keeps the input record's fields (null: ``id`` only).
    ``positions``: each record's input position, for ``keep="first"``
    (default: the row number). ``evidence``: the whole run's
    :func:`evidence`, summed (a cluster is merged with the counts of every
    record of the run, as the CLI does; a lone record needs none).

    Returns ``struct<id: string, cluster: int64, line: string>``, one row per
    document in the order of its first row; ``line`` is the record exactly as
    the CLI writes it (without the newline).
    """
    i = _array(ids, pa.large_string(), "ids")
    t = _array(texts, pa.large_string(), "texts")
    n = len(i)
    f = _array(fields if fields is not None else [None] * n, pa.large_string(), "fields")
    p = _array(positions if positions is not None else list(range(n)), pa.int64(), "positions").cast(pa.int64())
    c = _array(clusters if clusters is not None else [None] * n, pa.int64(), "clusters").cast(pa.int64())
    if evidence is None:
        chars, counts = pa.array([], pa.int64()), pa.array([], pa.int64())
    else:
        ev = evidence.combine_chunks() if isinstance(evidence, (pa.ChunkedArray, pa.Table)) else evidence
        if isinstance(ev, pa.StructArray):
            chars, counts = ev.field("char"), ev.field("count")
        else:
            chars, counts = ev
        chars = _array(chars, pa.int64(), "evidence chars").cast(pa.int64())
        counts = _array(counts, pa.int64(), "evidence counts").cast(pa.int64())
    return _reprint.merge_records(i, t, f, p, c, chars, counts, keep, markup)
