"""reprint: find reprinted and overlapping articles in Chinese news, from Python.

The functions mirror the CLI's commands and return exactly its JSON shapes as
plain dicts and lists (see the repository README for every field):

- ``clean(text)``   -> one ``reprint clean --format jsonl`` object
- ``split(text)``   -> the ``reprint split --format jsonl`` objects
- ``scan(records)`` -> the ``reprint scan --format json`` object
- ``merge(records)``-> the ``reprint merge --format jsonl`` records, one at a time
- ``diff(a, b)``    -> the ``reprint diff --format json`` object

``reprint.arrow`` has batch functions over pyarrow arrays for engines (Spark,
Ray); ``reprint.datatrove`` has pipeline steps. Every call runs in Rust with the
GIL released; an internal error raises ``RuntimeError``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator, Mapping, Sequence, Union

from . import _reprint

__all__ = ["clean", "split", "scan", "merge", "diff"]
__version__ = "0.1.0"

# A dict, an (id, text) pair, or one JSON Lines line.
Record = Union[Mapping[str, Any], Sequence[Any], str, bytes]


def _names(disable: Iterable[str] | str) -> list[str]:
    # `disable="markup"` is one rule, not six letters.
    if isinstance(disable, str):
        return [r for r in disable.split(",") if r]
    names = list(disable)
    for r in names:
        if not isinstance(r, str):
            raise TypeError(f"disable must hold rule names (str), not {type(r).__name__}")
    return names


def _compare(unit: str, cover: float, min_overlap: int, min_span: int, max_df: int, markup: str) -> dict:
    # The comparison knobs scan and merge share, as the native half reads them (one dict).
    return {"unit": unit, "cover": cover, "min_overlap": min_overlap, "min_span": min_span, "max_df": max_df, "markup": markup}


def clean(
    text: str,
    *,
    disable: Iterable[str] | str = (),
    markup: str = "auto",
    correct_variants: bool = True,
    map: bool = False,
    source: str | None = None,
) -> dict:
    """Clean one page, as ``reprint clean --format jsonl`` does.

    Returns one object: ``id``, ``source``, ``encoding``, ``text`` (cleaned),
    ``truncated``, ``removed``, ``continuations``, ``datelines``, ``bylines``,
    ``variants``, ``stats`` (and ``map`` with ``map=True``).

    disable: rules to switch off (``markup``, ``unicode``, ``variants``, ``punct``,
        ``spaces``, ``lines``, ``markers``, ``boilerplate``), as ``--disable``.
    markup: ``auto``, ``html``, ``markdown`` or ``none``, as ``--markup``.
    correct_variants: False is ``--no-correct-variants`` (variants only flagged).
    map: include the source byte range of every char, as ``--map``.
    source: the path the CLI would have read (id = its stem); None reads as stdin
        (id ``stdin``, source ``-``). Spans are UTF-8 byte offsets into ``text``.
    """
    out = _reprint.clean(text, _names(disable), markup, correct_variants, map, source)
    return json.loads(out)


def split(text: str, *, source: str | None = None, markup: str = "auto", map: bool = False) -> list[dict]:
    """Cut one page into articles, as ``reprint split --format jsonl`` does.

    Returns one object per article: ``id`` (``<stem>#<n>``), ``source``, ``title``,
    ``subtitle``, ``text``, ``pieces``, ``continued``, ``continued_from``,
    ``incomplete``, ``truncated``, ``byline``, ``dateline`` (and ``map``).

    source: the page's path as the CLI would have been given it; its file name
        gives the ids and the page number (``0609_p4.txt``). None reads as stdin.
    """
    out = _reprint.split(text, source, markup, map)
    return [json.loads(line) for line in out.split("\n")[:-1]]


def scan(
    records: Iterable[Record],
    *,
    unit: str = "file",
    cover: float = 0.8,
    min_overlap: int = 40,
    min_span: int = 14,
    max_df: int = 64,
    markup: str = "auto",
    threads: int | None = None,
    name: str = "records",
) -> dict:
    """Copies, containment and shared passages among records, as ``reprint scan --format json``.

    records: any iterable of ``{"id", "text", ...}`` dicts, ``(id, text)``
        pairs, or JSON Lines lines (``str`` or ``bytes``, line ending optional),
        read once as it yields them (ids may be str or numbers; a missing id is
        ``<stem of name>:<n>``, n from 1). Lines are parsed in Rust by the CLI's
        own reader, so ``scan(open("dump.jsonl", "rb"), name="dump.jsonl")``
        reads a file as ``reprint scan dump.jsonl --input jsonl`` does (the
        fastest way in: no Python object per record); blank lines are skipped
        and counted, and a bad line raises ``ValueError`` naming it as the CLI
        does (``dump.jsonl:3: missing "text" field``).
    unit: ``file`` (each record whole, as ``--input jsonl``) or ``article``
        (each record split into articles first).
    cover, min_overlap, min_span, max_df, markup: as the CLI's flags.
    threads: worker threads for this call (None: all cores); output is the same.
    name: the JSON Lines file the records stand for: sources are ``name:<n>``.

    Returns ``{"documents", "pairs", "clusters", "notes"}``.
    """
    return _reprint.scan(records, _compare(unit, cover, min_overlap, min_span, max_df, markup), threads, name)


def merge(
    records: Iterable[Record],
    *,
    keep: str = "merged",
    unit: str = "file",
    cover: float = 0.8,
    min_overlap: int = 40,
    min_span: int = 14,
    max_df: int = 64,
    markup: str = "auto",
    threads: int | None = None,
    name: str = "records",
) -> Iterator[dict]:
    """One record per story, as ``reprint merge --input jsonl --format jsonl``.

    Each output record keeps the kept input record's own fields, ``text``
    replaced (merged, or as ``keep`` says: ``merged``, ``first``, ``longest``),
    plus ``"reprint": {cluster, keep, witnesses, removed, decisions, notes}``;
    ``removed`` lists the ids folded into it. Every input record ends up in
    exactly one output record. Other arguments as in :func:`scan` (records
    may be JSON lines too: ``merge(open("dump.jsonl", "rb"))``).

    The records are read when this is called (a bad record raises here) and
    spooled to a temp file; the merge then streams, as the CLI's does: memory
    grows with the clusters, not the records, and the output records are
    made on a worker thread as they are iterated. ``close()`` on the iterator
    (or dropping it) stops the merge and removes the temp file.
    ``unit="article"`` merges in memory, as the CLI does.
    """
    stream = _reprint.merge(records, keep, _compare(unit, cover, min_overlap, min_span, max_df, markup), threads, name)
    return _records(stream)


def _records(stream: Any) -> Iterator[dict]:
    # Chunks of JSON lines; "\n" only ends a line (str.splitlines would split inside a text at U+2028).
    try:
        for chunk in stream:
            for line in chunk.split("\n")[:-1]:
                yield json.loads(line)
    finally:
        stream.close()


def diff(
    a: str,
    b: str,
    *,
    a_name: str = "a",
    b_name: str = "b",
    markup: str = "auto",
    deadline: float = 2.0,
) -> dict:
    """How text ``b`` differs from text ``a``, as ``reprint diff --format json``.

    Both are cleaned first. Returns ``{"a", "b", "a_source", "b_source",
    "similarity", "truncated", "note", "variants"}``; variant offsets are UTF-8
    byte offsets into ``a`` and ``b``. a_name, b_name: the operands as the CLI
    shows them. deadline: kept for compatibility and checked as ``--deadline``
    is; it no longer changes the result (diffs are bounded by size, not time).
    """
    return json.loads(_reprint.diff(a, b, a_name, b_name, markup, deadline))
