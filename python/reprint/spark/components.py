"""Clusters of copies from the copy links: union-find on the driver, or large-star/small-star rounds on the cluster.

Documents are numbered in id order (``rank``), so a component's smallest
number is its first member, and numbering components by it from 1 is how the
CLI numbers its clusters (``reprint::scan::cluster::cluster_numbers``).
"""

from __future__ import annotations

import pyarrow as pa

from .. import arrow


def cluster_numbers(links, *, driver_limit: int, checkpoint_dir=None, stats=None):
    """``(rank, cluster)`` of every document with a copy link; ``links`` has ``ra``, ``rb``."""
    spark = links.sparkSession
    links = links.persist()
    count = links.count()
    if stats is not None:
        stats["copy_links"] = count
    if count <= driver_limit:
        return _on_driver(spark, links)
    return _distributed(spark, links, checkpoint_dir, stats)


def _on_driver(spark, links):
    # The links stream to the driver as Arrow; Rust's union-find numbers the clusters.
    table = links.select("ra", "rb").toArrow()
    vertex, _, cluster = arrow.components(table.column("ra"), table.column("rb"))
    out = pa.table({"rank": vertex, "cluster": cluster})
    return spark.createDataFrame(out.to_pandas(), "rank long, cluster long")


def _cut(df, checkpoint_dir):
    # Each round's edges cut from the plan's lineage: the rounds are many on a long chain.
    return df.checkpoint() if checkpoint_dir else df.localCheckpoint()


def labels(links, checkpoint_dir=None, stats=None, max_rounds=10_000):
    """``(v, label)``: each vertex of an edge and the smallest vertex of its component.

    Large-star then small-star (Kiveris et al., "Connected Components in
    MapReduce and Beyond", 2014) until a round changes no edge: the graph is
    then a star on each component's smallest vertex.
    """
    from pyspark.sql import functions as F

    spark = links.sparkSession
    if checkpoint_dir:
        spark.sparkContext.setCheckpointDir(checkpoint_dir)
    e = (links.select(F.greatest("ra", "rb").alias("u"), F.least("ra", "rb").alias("v"))
         .filter(F.col("u") != F.col("v")).distinct())
    e = _cut(e, checkpoint_dir)
    rounds = 0
    while True:
        rounds += 1
        # Large-star: every neighbour larger than u is linked to u's smallest neighbour (or u).
        both = e.select("u", "v").unionByName(e.select(F.col("v").alias("u"), F.col("u").alias("v")))
        m = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
        large = (both.join(m, "u").filter(F.col("v") > F.col("u"))
                 .select(F.col("v").alias("u"), F.col("m").alias("v")).distinct())
        # Small-star: u and its smaller neighbours all linked to the smallest of them.
        m = large.groupBy("u").agg(F.min("v").alias("m"))
        small = (large.join(m, "u").select(F.col("v").alias("x"), "m")
                 .unionByName(m.select(F.col("u").alias("x"), "m"))
                 .filter(F.col("x") != F.col("m"))
                 .select(F.col("x").alias("u"), F.col("m").alias("v")).distinct())
        small = _cut(small, checkpoint_dir)
        changed = small.exceptAll(e).limit(1).count() + e.exceptAll(small).limit(1).count()
        e = small
        if not changed or rounds >= max_rounds:
            break
    if stats is not None:
        stats["star_rounds"] = rounds
    # A star: each leaf u is linked to its component's smallest vertex v.
    return e.select(F.col("u").alias("v"), F.col("v").alias("label")).unionByName(
        e.select(F.col("v").alias("v"), F.col("v").alias("label"))).distinct()


def _distributed(spark, links, checkpoint_dir, stats):
    from pyspark.sql import functions as F

    lab = labels(links, checkpoint_dir, stats)
    # Clusters numbered by their smallest member, ascending, from 1.
    firsts = lab.select("label").distinct().orderBy("label").rdd.map(lambda r: r[0]).zipWithIndex()
    numbered = firsts.map(lambda x: (x[0], x[1] + 1)).toDF("label long, cluster long")
    return lab.join(numbered, "label").select(F.col("v").alias("rank"), "cluster")
