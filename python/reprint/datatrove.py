"""datatrove pipeline steps: ``ReprintClean`` and ``ReprintDedup``.

Use them between a reader and a writer::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from reprint.datatrove import ReprintClean, ReprintDedup

    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), ReprintClean(), ReprintDedup(),
                                    JsonlWriter("out/")], tasks=1).run()
"""

from __future__ import annotations

import base64
import pickle
from typing import Iterable

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

import reprint

__all__ = ["ReprintClean", "ReprintDedup"]

# What `clean` reports about a document besides its text and names.
_CLEAN_FIELDS = ("truncated", "removed", "continuations", "datelines", "bylines", "variants", "stats")


class ReprintClean(PipelineStep):
    """Cleans ``Document.text`` as ``reprint clean`` does.

    What was taken out (``removed``, ``continuations``, ...) and what was found
    (``datelines``, ``bylines``, ``variants``), with their UTF-8 byte spans in the
    original text, go to ``metadata["reprint"]``. Arguments as :func:`reprint.clean`;
    ``drop_empty`` drops documents that clean to nothing (counted as ``dropped``).
    """

    name = "🧹 reprint clean"
    type = "✂️ - FORMATTER"

    def __init__(self, *, disable: Iterable[str] | str = (), markup: str = "auto", drop_empty: bool = False):
        super().__init__()
        self.disable = disable if isinstance(disable, str) else tuple(disable)
        self.markup = markup
        self.drop_empty = drop_empty
        # Bad options fail when the pipeline is built, not in a worker.
        reprint.clean("", disable=self.disable, markup=self.markup)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update("documents")
            with self.track_time():
                r = reprint.clean(doc.text, disable=self.disable, markup=self.markup)
            doc.text = r["text"]
            doc.metadata["reprint"] = {k: r[k] for k in _CLEAN_FIELDS}
            self.stat_update("removed", value=len(r["removed"]))
            if self.drop_empty and not doc.text:
                self.stat_update("dropped")
                continue
            self.update_doc_stats(doc)
            yield doc


class ReprintDedup(PipelineStep):
    """Clusters the documents of its input and merges each cluster's copies.

    Yields one merged document per cluster (the most complete copy's id, media
    and metadata; ``text`` merged, or as ``keep`` says) with
    ``metadata["reprint"] = {cluster, keep, witnesses, removed, decisions,
    notes}`` (``witnesses`` every copy's id, ``removed`` those folded away),
    and every other document unchanged, in input order. Each task dedups
    the documents of its own shard with :func:`reprint.merge`'s streamed
    merge: the documents are spooled to a temp file, memory holds their ids
    and the clusters. Run one task, or shard by story, to dedup a whole corpus. Stats account for every input
    document: ``documents`` = ``kept`` + ``merged`` + ``removed``.
    """

    name = "🫂 reprint dedup"
    type = "🫂 - DEDUP"

    def __init__(
        self,
        *,
        keep: str = "merged",
        cover: float = 0.8,
        min_overlap: int = 40,
        max_df: int = 64,
        markup: str = "auto",
        threads: int | None = None,
    ):
        super().__init__()
        self.options = dict(keep=keep, cover=cover, min_overlap=min_overlap, max_df=max_df, markup=markup, threads=threads)
        # Bad options fail when the pipeline is built, not in a worker.
        list(reprint.merge([], **self.options))

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        # Only the ids are held here: each document rides along whole in its record
        # (pickled), so the shard is spooled to disk by the merge, not kept in memory.
        doc_ids: list[str] = []

        def records():
            # Named by position: document ids need not be unique, positions are.
            for i, d in enumerate(data):
                doc_ids.append(d.id)
                yield {"id": str(i), "text": d.text, "doc": _packed(d)}

        with self.track_time(unit="shard"):
            merged = reprint.merge(records(), **self.options)
        self.stat_update("documents", value=len(doc_ids))
        ids = lambda xs: [doc_ids[int(x)] for x in xs]  # noqa: E731
        for rec in merged:
            meta = rec["reprint"]
            base = _unpacked(rec["doc"])
            if meta["cluster"] is None:
                self.stat_update("kept")
                yield base
                continue
            self.stat_update("merged")
            self.stat_update("removed", value=len(meta["removed"]))
            metadata = dict(base.metadata)
            metadata["reprint"] = {**meta, "witnesses": ids(meta["witnesses"]), "removed": ids(meta["removed"])}
            out = Document(text=rec["text"], id=base.id, media=base.media, metadata=metadata)
            self.update_doc_stats(out)
            yield out


def _packed(d: Document) -> str:
    # Whole and exact (media bytes, any metadata), as a str the record's JSON can carry.
    return base64.b64encode(pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")


def _unpacked(s: str) -> Document:
    return pickle.loads(base64.b64decode(s))
