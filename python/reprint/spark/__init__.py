"""reprint.spark: ``reprint scan --unit file`` and ``reprint merge`` as Spark plans, with the CLI's output.

Each stage is a Spark operation over the Rust engine's Arrow batch functions
(``reprint.arrow``), run on the executors; nothing is fetched from a Maven
repository and no scheduler of our own is involved::

    keys        mapInArrow(reprint.arrow.fold)      no shuffle
    identical   groupBy(hash(key)), then groupBy(key)  shuffles 16 bytes a doc, and the keys whose hash recurs
    postings    groupBy(gram)                         shuffles (gram, doc) pairs, 8 + 8 bytes each
    candidates  blocks of each posting list, groupBy(pair)  shuffles pairs with a shared gram
    verify      join both texts, mapInArrow(reprint.arrow.verify)  shuffles texts to pairs
    clusters    copy links to the driver: reprint.arrow.components (union-find in Rust);
                above ``driver_limit`` links, large-star/small-star rounds on the cluster

The plan reproduces the CLI's candidate rules exactly (see ``_candidates``):
identical keys settled first, df counted over the remaining documents on the
index's 40 hash bits, pairs with >= 3 shared grams of df <= max_df, and the
stock-phrase rule for copies (>= max(32, half its sampled grams) shared grams
of df in (max_df, 1024]); ``verify`` is the library's own per-pair check.
"""

from __future__ import annotations

import math
import sys
import time
from typing import Any

import pyarrow as pa

from .. import arrow
from . import components as _components

__all__ = ["scan", "merge", "ScanPlan"]

# The CLI's constants (src/scan/index/): least shared sampled grams of a pair
# (CandidateOptions::min_shared_grams), largest stock group kept for copies
# (votes::COPY_GROUP), least stock groups two copies share (prefix::COPY_MIN),
# hash bits below the index's (store::DROPPED_BITS), n-gram length (keys::N).
MIN_SHARED = 3
# Least junction keys a pair shares to be proposed as copies (scan::junction::JUNCTION_MIN).
JUNCTION_MIN = 10
COPY_GROUP = 1024
COPY_MIN = 32
DROPPED_BITS = 24
N = 6
# Skew guard: a posting list longer than this is cut into blocks of this many
# documents, and each pair of blocks makes its pairs in a task of its own.
BLOCK = 64
COPIES = ("duplicate", "contains", "contained_in")

_FOLD_SCHEMA = "rank long, key binary, chars long, grams array<long>"
_PAIR_SCHEMA = (
    "ra long, rb long, a string, b string, relation string, similarity double, shared_chars long, "
    "spans array<struct<a: array<long>, b: array<long>>>, line string"
)


def _log(msg: str) -> None:
    print(f"reprint.spark: {msg}", file=sys.stderr)


def _fold_batches(markup: str):
    def run(batches):
        for b in batches:
            f = arrow.fold(b.column("text"), markup=markup)
            yield pa.RecordBatch.from_arrays(
                [b.column("rank"), f.field("key"), f.field("chars"), f.field("grams")],
                names=["rank", "key", "chars", "grams"],
            )

    return run


_SPAN = pa.list_(pa.struct([("a", pa.list_(pa.int64())), ("b", pa.list_(pa.int64()))]))


def _junction_batches(stock, shift: int):
    def run(batches):
        grams = stock.value
        for b in batches:
            yield pa.RecordBatch.from_arrays(
                [b.column("rank"), arrow.junctions(b.column("key"), grams, shift)], names=["rank", "grams"])

    return run


def _voted(indexed, shift: int, max_df: int, least: int):
    """Posting lists of ``indexed``'s grams (rank, grams) on the index's bits, and the pairs (a, b)
    with at least ``least`` shared grams of df 2..max_df; the lists are persisted."""
    from pyspark.sql import functions as F

    # Postings on the index's bits of each gram (logical shift: the hash is a u64), once per
    # document (deduplicated inside each row: no shuffle), grouped by gram in ONE shuffle that
    # gives each gram's df and its sorted documents; a gram of one document is of no use after.
    gs = F.array_distinct(F.transform("grams", lambda h: F.shiftrightunsigned(h, shift)))
    post = indexed.select("rank", F.explode(gs).alias("g"))
    lists = (post.groupBy("g").agg(F.count("*").alias("df"), F.sort_array(F.collect_list("rank")).alias("m"))
             .filter(F.col("df") >= 2).persist())
    votes = _pairs_in(lists.filter(F.col("df") <= max_df)).groupBy("a", "b").count()
    return lists, votes.filter(F.col("count") >= least).select("a", "b")


def _verify_batches(stock, shift: int, knobs: dict):
    def run(batches):
        grams = stock.value  # a broadcast numpy array of the stock grams' top bits
        for b in batches:
            v = arrow.verify(
                b.column("ta"), b.column("tb"), a_ids=b.column("a"), b_ids=b.column("b"),
                by_stock=b.column("by_stock"), stock=grams, stock_shift=shift, **knobs,
            )
            yield pa.RecordBatch.from_arrays(
                [b.column("ra"), b.column("rb"), b.column("a"), b.column("b"), v.field("relation"),
                 v.field("similarity"), v.field("shared_chars"), v.field("spans").cast(_SPAN), v.field("line")],
                names=["ra", "rb", "a", "b", "relation", "similarity", "shared_chars", "spans", "line"],
            )

    return run


def _pairs_in(groups, members: str = "m"):
    """(a, b), a < b, of every two documents in each row's sorted ``members`` list.

    The skew guard: a list longer than ``BLOCK`` is cut into blocks and every
    pair of blocks is a row of its own, so no task makes more than BLOCK**2
    pairs however long one posting list is.
    """
    from pyspark.sql import functions as F

    g = groups.select(F.col(members).alias("m"), F.ceil(F.size(members) / F.lit(BLOCK)).alias("nb"))
    g = g.select("m", "nb", F.explode(F.sequence(F.lit(0), F.col("nb") - 1)).alias("ci"))
    g = g.select("m", "ci", F.explode(F.sequence(F.col("ci"), F.col("nb") - 1)).alias("cj"))
    g = g.select(
        F.expr(f"slice(m, ci * {BLOCK} + 1, {BLOCK})").alias("x"),
        F.expr(f"slice(m, cj * {BLOCK} + 1, {BLOCK})").alias("y"),
        (F.col("ci") == F.col("cj")).alias("same"),
    )
    # Spread the block pairs before their pairs are made (one long list's
    # blocks would otherwise stay in the task that grouped it).
    g = g.repartition(F.xxhash64("x", "y"))
    within = "flatten(transform(sequence(0, size(x) - 1), i -> transform(filter(sequence(0, size(x) - 1), " \
             "j -> j > i), j -> named_struct('a', x[i], 'b', x[j]))))"
    across = "flatten(transform(x, p -> transform(y, q -> named_struct('a', p, 'b', q))))"
    p = g.select(F.explode(F.expr(f"CASE WHEN same THEN {within} ELSE {across} END")).alias("p"))
    return p.select(F.col("p.a").alias("a"), F.col("p.b").alias("b"))


class ScanPlan:
    """The stages of one scan, kept so that a caller can read each stage's figures (``stats``)."""

    def __init__(self, df, *, cover=0.8, min_overlap=40, min_span=14, max_df=64, markup="auto",
                 driver_limit=5_000_000, checkpoint_dir=None, counts=False):
        # The library checks every knob as for the CLI's flags (ValueError naming it).
        arrow.verify([], [], cover=cover, min_overlap=min_overlap, min_span=min_span, max_df=max_df,
                     markup=markup)
        self.df = df
        self.knobs = dict(cover=cover, min_overlap=min_overlap, min_span=min_span, max_df=max_df, markup=markup)
        # As the library clamps them (ScanOptions::with).
        self.max_df = max(int(max_df), 2)
        self.min_span = max(int(min_span), N)
        self.markup = markup
        self.driver_limit = driver_limit
        self.checkpoint_dir = checkpoint_dir
        self.counts = counts
        self.stats: dict[str, Any] = {}
        self._mark: tuple[str, float] | None = None

    def phase(self, name: str | None) -> None:
        """Starts the plan stage ``name`` (``None``: ends the last one): its jobs carry it as their
        job group (so an event log's stages can be summed per plan stage) and, with ``counts``, its
        wall seconds go to ``stats["stage_seconds"]``."""
        now = time.time()
        if self._mark is not None and self.counts:
            self.stats.setdefault("stage_seconds", {})[self._mark[0]] = round(now - self._mark[1], 2)
        self._mark = None if name is None else (name, now)
        if name is not None:
            self.df.sparkSession.sparkContext.setJobGroup(name, f"reprint.spark: {name}")

    def _count(self, name: str, df) -> None:
        # A job each: only when asked for (`counts=True`), since on a small input jobs are the cost.
        if self.counts:
            self.stats[name] = df.count()

    def _documents(self):
        from pyspark.sql import functions as F

        cols = self.df.columns
        for c in ("id", "text"):
            if c not in cols:
                raise ValueError(f"the DataFrame has no {c!r} column (columns: {', '.join(cols)})")
        docs = self.df.select(F.col("id").cast("string").alias("id"), F.col("text").cast("string").alias("text"))
        # One pass checks the records: a record without text is skipped, as the CLI
        # skips it; ids must be there and unique (the CLI would name records by line).
        has_text = F.col("text").isNotNull()
        row = docs.agg(
            F.sum(has_text.cast("long")).alias("n"),
            F.sum((~has_text).cast("long")).alias("no_text"),
            F.sum((has_text & F.col("id").isNull()).cast("long")).alias("no_id"),
            F.count_distinct(F.when(has_text, F.col("id"))).alias("ids"),
        ).collect()[0]
        n = row["n"] or 0
        if row["no_text"]:
            _log(f"{row['no_text']} records without text skipped")
        docs = docs.filter(has_text)
        if row["no_id"]:
            raise ValueError("a record has no id: reprint.spark needs every record's id "
                             "(the CLI names it by its line, which a DataFrame does not have)")
        if row["ids"] != n:
            dup = docs.groupBy("id").count().filter("count > 1").limit(1).collect()
            raise ValueError(f"id {dup[0]['id']!r} is on more than one record: ids must be unique")
        self.stats["documents"] = n
        # Documents numbered in id order (byte order of UTF-8, as the CLI sorts ids).
        # (UTF-8 byte order is code point order: Spark's string order and Rust's alike.)
        ranks = docs.select("id").orderBy("id").rdd.zipWithIndex().map(lambda x: (x[0][0], x[1]))
        return docs.join(ranks.toDF("id string, rank long"), "id"), n

    def run(self):
        from pyspark.sql import functions as F

        self.phase("check")
        docs, n = self._documents()
        # Kept for a merge after the scan (its records' ranks, for keep="first" in id order).
        self.docs = docs = docs.persist()
        # The index's entry keeps the hash above `shift` bits (index::IndexWriter::finish).
        shift = max(max(n, 2).bit_length(), DROPPED_BITS)
        folded = docs.select("rank", "text").mapInArrow(_fold_batches(self.markup), _FOLD_SCHEMA).persist()

        # Identical keys: each copy pairs with the first in id order; only that one is indexed.
        # Keys are whole texts: only a 64-bit hash of each is shuffled, and the keys of documents
        # whose hash recurs (a broadcast filter) are then grouped exactly.
        same = folded.filter(F.col("chars") >= self.min_span).select(F.xxhash64("key").alias("kh"), "key", "rank")
        recurring = same.groupBy("kh").count().filter(F.col("count") > 1).select("kh")
        groups = (same.join(F.broadcast(recurring), "kh").groupBy("key")
                  .agg(F.array_sort(F.collect_list("rank")).alias("rs")).filter(F.size("rs") > 1))
        identical = groups.select(F.col("rs")[0].alias("ra"), F.explode(F.slice("rs", 2, max(n, 1))).alias("rb"),
                                  F.lit(False).alias("by_stock"))
        identical = identical.persist()
        self.phase("keys")
        self._count("identical_copies", identical)
        indexed = folded.join(identical.select(F.col("rb").alias("rank")), "rank", "left_anti")

        self.phase("candidates")
        candidates, grams = self._candidates(indexed, shift)
        ordered = candidates.filter("ordered").select("ra", "rb", F.lit(True).alias("o"))
        todo = identical.unionByName(candidates.drop("ordered"))
        texts = docs.select("rank", "id", "text")
        ta = texts.select(F.col("rank").alias("ra"), F.col("id").alias("a"), F.col("text").alias("ta"))
        tb = texts.select(F.col("rank").alias("rb"), F.col("id").alias("b"), F.col("text").alias("tb"))
        joined = todo.join(ta, "ra").join(tb, "rb").select("ra", "rb", "a", "b", "ta", "tb", "by_stock")
        verified = joined.mapInArrow(_verify_batches(grams, shift, self.knobs), _PAIR_SCHEMA)
        # A pair only the junction index proposed is reported only as copies (scan::compare).
        verified = verified.join(ordered, ["ra", "rb"], "left")
        verified = verified.filter(~(F.coalesce("o", F.lit(False)) & (F.col("relation") == "overlap"))).drop("o")
        pairs = verified.filter(F.col("relation").isNotNull()).persist()
        self.phase("verify")
        self._count("pairs", pairs)

        links = pairs.filter(F.col("relation").isin(*COPIES)).select("ra", "rb")
        self.phase("clusters")
        numbers = _components.cluster_numbers(links, driver_limit=self.driver_limit,
                                              checkpoint_dir=self.checkpoint_dir, stats=self.stats)
        members = numbers.join(docs.select("rank", "id"), "rank")
        clusters = (members.groupBy("cluster")
                    .agg(F.sort_array(F.collect_list(F.struct("rank", "id"))).alias("m"))
                    .select(F.col("cluster").alias("id"), F.expr("transform(m, x -> x.id)").alias("members")))
        pairs = pairs.orderBy("ra", "rb").drop("ra", "rb")
        return pairs, clusters.orderBy("id")

    def _candidates(self, indexed, shift: int):
        """Candidate pairs ``(ra, rb, by_stock, ordered)`` as the CLI's index proposes them, and the stock
        grams, broadcast (the junction keys and verify read them)."""
        from pyspark.sql import functions as F

        lists, voted = _voted(indexed, shift, self.max_df, MIN_SHARED)
        stock_rows = lists.filter(F.col("df") > self.max_df)
        stock = stock_rows.select("g").toPandas()["g"].to_numpy(dtype="int64")
        self.stats["stock_grams"] = len(stock)
        grams = self.df.sparkSession.sparkContext.broadcast(stock)
        voted = voted.select("a", "b", F.lit(False).alias("by_stock"))

        # The stock-phrase rule for copies (index::prefix): grams of df in (max_df, COPY_GROUP];
        # a pair sharing at least max(COPY_MIN, half its sampled grams) of them, for each side.
        need = indexed.select("rank", F.greatest(F.lit(COPY_MIN), F.ceil(F.size("grams") / 2)).alias("need"))
        copy_post = stock_rows.filter(F.col("df") <= COPY_GROUP).select("g", "df", F.explode("m").alias("rank"))
        per_doc = (copy_post.groupBy("rank")
                   .agg(F.sort_array(F.collect_list(F.struct(F.least("df", F.lit(255)).alias("size"), "g")))
                        .alias("l"))
                   .join(need, "rank"))
        # Prefix filtering (All-Pairs): two lists in one order sharing >= need groups share one
        # among the first len - need + 1 of each; the pairs so met are then counted whole.
        prefix = per_doc.select("rank", F.expr("slice(l, 1, greatest(size(l) + 1 - need, 0))").alias("p"))
        met = (prefix.select("rank", F.explode("p").alias("e")).select("rank", F.col("e.g").alias("g"))
               .groupBy("g").agg(F.sort_array(F.collect_list("rank")).alias("m")))
        met = _pairs_in(met).distinct()
        side = per_doc.select("rank", F.expr("transform(l, x -> x.g)").alias("gs"), "need")
        sa = side.select(F.col("rank").alias("a"), F.col("gs").alias("ga"), F.col("need").alias("na"))
        sb = side.select(F.col("rank").alias("b"), F.col("gs").alias("gb"), F.col("need").alias("nb"))
        copies = (met.join(sa, "a").join(sb, "b")
                  .filter(F.size(F.array_intersect("ga", "gb")) >= F.greatest("na", "nb"))
                  .select("a", "b", F.lit(True).alias("by_stock")))

        both = voted.unionByName(copies).groupBy("a", "b").agg(F.max("by_stock").alias("by_stock"))
        both = both.withColumn("ordered", F.lit(False))

        # The junction index (scan::junction): keys for the order of each document's stock
        # phrases, voted like grams; its pairs are verified as copies, and those only it
        # proposed ("ordered") are reported only as copies.
        if len(stock):
            keyed = indexed.select("rank", "key").mapInArrow(_junction_batches(grams, shift),
                                                             "rank long, grams array<long>")
            _, joined = _voted(keyed, shift, self.max_df, JUNCTION_MIN)
            joined = joined.select("a", "b", F.lit(True).alias("j"))
            both = (both.join(joined, ["a", "b"], "full_outer")
                    .select("a", "b", (F.coalesce("by_stock", F.lit(False)) | F.coalesce("j", F.lit(False)))
                            .alias("by_stock"), F.col("ordered").isNull().alias("ordered")))
        both = both.select(F.col("a").alias("ra"), F.col("b").alias("rb"), "by_stock", "ordered").persist()
        self._count("candidate_pairs", both)
        return both, grams


def scan(df, *, cover: float = 0.8, min_overlap: int = 40, min_span: int = 14, max_df: int = 64,
         markup: str = "auto", driver_limit: int = 5_000_000, checkpoint_dir: str | None = None):
    """``reprint scan --unit file`` over a DataFrame with ``id`` and ``text`` columns.

    Returns ``(pairs, clusters)`` DataFrames: ``pairs`` with ``a``, ``b``,
    ``relation``, ``similarity``, ``shared_chars``, ``spans`` and ``line`` (the
    pair exactly as ``reprint scan --format jsonl`` writes it), in the CLI's
    order; ``clusters`` with ``id`` and ``members`` (ids in id order), numbered
    as the CLI numbers them. The same for any partitioning and input order.
    Copy links are clustered by union-find on the driver up to
    ``driver_limit`` links, by large-star/small-star rounds on the cluster
    above it (checkpointed to ``checkpoint_dir`` when given).
    Ids must be unique and not null; a record whose text is null is skipped.
    """
    plan = ScanPlan(df, cover=cover, min_overlap=min_overlap, min_span=min_span, max_df=max_df, markup=markup,
                    driver_limit=driver_limit, checkpoint_dir=checkpoint_dir)
    return plan.run()


from .merge import merge  # noqa: E402  (the merge plan builds on ScanPlan above)
