"""reprint.spark.merge: ``reprint merge --input jsonl --format jsonl`` as a Spark plan, with the CLI's records.

The stages, after :class:`reprint.spark.ScanPlan`'s (which give the clusters)::

    evidence  mapInArrow(reprint.arrow.evidence), groupBy(char).sum   shuffles (char, count) per partition
    members   the clusters' member lists exploded, joined to the records  shuffles the records
    lone      mapInArrow(reprint.arrow.merge) on records in no cluster    no shuffle
    clusters  groupBy(cluster).applyInArrow(reprint.arrow.merge)          shuffles cluster members

The vote inside a cluster breaks ties on whether a char occurs anywhere else
in the whole run (``reprint::merge::vote``): a per-cluster count would not
give the CLI's output, so the run's counts are summed over every partition
(a few thousand distinct chars) and broadcast to the groups.
"""

from __future__ import annotations

import pyarrow as pa

from .. import arrow

OUT_SCHEMA = "id string, cluster long, line string"


def _evidence_batches(markup: str):
    def run(batches):
        for b in batches:
            ev = arrow.evidence(b.column("text"), markup=markup)
            yield pa.RecordBatch.from_arrays([ev.field("char"), ev.field("count")], names=["char", "count"])

    return run


def _merged(m: pa.StructArray) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays([m.field("id"), m.field("cluster"), m.field("line")],
                                      names=["id", "cluster", "line"])


def _lone_batches(keep: str, markup: str):
    def run(batches):
        for b in batches:
            yield _merged(arrow.merge(b.column("id"), b.column("text"), fields=b.column("fields"),
                                      positions=b.column("pos"), keep=keep, markup=markup))

    return run


def _cluster_group(evidence, keep: str, markup: str):
    def run(table: pa.Table) -> pa.Table:
        # Members in the cluster's order (ids ascending), as merge_stream merges them.
        t = table.sort_by("m")
        m = arrow.merge(t.column("id"), t.column("text"), fields=t.column("fields"), positions=t.column("pos"),
                        clusters=t.column("cluster"), evidence=evidence.value, keep=keep, markup=markup)
        return pa.Table.from_batches([_merged(m)])

    return run


def merge(df, *, keep: str = "merged", cover: float = 0.8, min_overlap: int = 40, min_span: int = 14,
          max_df: int = 64, markup: str = "auto", record: str | None = None, order: str | None = None,
          driver_limit: int = 5_000_000, checkpoint_dir: str | None = None):
    """``reprint merge --input jsonl --format jsonl`` over a DataFrame with ``id`` and ``text`` columns.

    Returns a DataFrame ``(id, cluster, line)``: one row per output document
    (a cluster's merged copies, or a record in no cluster, as the CLI renders
    it), ``line`` the record exactly as the CLI writes it, ``cluster`` null
    for a lone record. The same rows for any partitioning and input order.

    keep: ``merged``, ``first`` or ``longest``, as ``--keep``.
    record: a column holding each record's JSON object (its JSON Lines line,
        as ``python -m reprint.spark merge`` reads it): the output record's
        fields, as the CLI keeps the input line's. None: the row's other
        columns (``to_json``, nulls left out).
    order: a column giving each record's input position, for
        ``keep="first"``; None: id order.
    Other arguments as :func:`reprint.spark.scan`. Ids must be unique and not
    null (ValueError); a record whose text is null is skipped.
    """
    from pyspark.sql import functions as F

    from . import ScanPlan

    # keep and markup checked before any job (ValueError naming them).
    arrow.merge([], [], keep=keep, markup=markup)
    for what, col in (("record", record), ("order", order)):
        if col is not None and col not in df.columns:
            raise ValueError(f"{what}={col!r}: the DataFrame has no such column (columns: {', '.join(df.columns)})")
    plan = ScanPlan(df, cover=cover, min_overlap=min_overlap, min_span=min_span, max_df=max_df, markup=markup,
                    driver_limit=driver_limit, checkpoint_dir=checkpoint_dir)
    _, clusters = plan.run()
    others = [c for c in df.columns if c not in ("text", record, order)]
    fields = F.col(record) if record else (F.to_json(F.struct(*others)) if others else F.lit("{}"))
    recs = df.filter(F.col("text").isNotNull()).select(
        F.col("id").cast("string").alias("id"), F.col("text").cast("string").alias("text"),
        fields.cast("string").alias("fields"), *([F.col(order).cast("long").alias("pos")] if order else []))
    if order is None:
        recs = recs.join(plan.docs.select("id", F.col("rank").alias("pos")), "id")

    spark = df.sparkSession
    ev = (recs.select("text").mapInArrow(_evidence_batches(markup), "char int, count long")
          .groupBy("char").agg(F.sum("count").alias("count")).toPandas())
    plan.stats["evidence_chars"] = len(ev)
    evidence = spark.sparkContext.broadcast((ev["char"].to_numpy(dtype="int64"), ev["count"].to_numpy(dtype="int64")))

    members = clusters.select(F.col("id").alias("cluster"), F.posexplode("members").alias("m", "id"))
    rows = recs.join(members, "id", "left")
    lone = (rows.filter(F.col("cluster").isNull()).select("id", "text", "fields", "pos")
            .mapInArrow(_lone_batches(keep, markup), OUT_SCHEMA))
    merged = (rows.filter(F.col("cluster").isNotNull()).select("cluster", "m", "id", "text", "fields", "pos")
              .groupBy("cluster").applyInArrow(_cluster_group(evidence, keep, markup), OUT_SCHEMA))
    return merged.unionByName(lone)
