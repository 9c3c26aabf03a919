"""Bad arguments raise ValueError / TypeError naming the argument; nothing aborts."""

from __future__ import annotations

import pytest

import reprint
from reprint import arrow

REC = [{"id": "a", "text": "今年将新增就业一千二百万人以上。"}]


@pytest.mark.parametrize(
    "call, error, names",
    [
        (lambda: reprint.scan(REC, cover=2), ValueError, "cover"),
        (lambda: reprint.scan(REC, cover=0), ValueError, "cover"),
        (lambda: reprint.merge(REC, cover=1.5), ValueError, "cover"),
        (lambda: reprint.scan([{"id": "a"}]), ValueError, "text"),
        (lambda: reprint.scan([{"id": "a", "text": 5}]), TypeError, "text"),
        (lambda: reprint.scan([("a", b"bytes")]), TypeError, "text"),
        (lambda: reprint.scan([("a", "x", "y")]), ValueError, "records[0]"),
        (lambda: reprint.scan([{"id": True, "text": "x"}]), TypeError, "id"),
        (lambda: reprint.scan([42]), TypeError, "records[0]"),
        (lambda: reprint.scan(42), TypeError, "records"),
        (lambda: reprint.scan("not records"), TypeError, "records"),
        (lambda: reprint.merge([{"text": "x", "f": object()}]), TypeError, "records[0]"),
        (lambda: reprint.scan(REC, unit="page"), ValueError, "unit"),
        (lambda: reprint.scan(REC, min_overlap=-1), ValueError, "min_overlap"),
        (lambda: reprint.scan(REC, max_df=-3), ValueError, "max_df"),
        (lambda: reprint.scan(REC, threads=0), ValueError, "threads"),
        (lambda: reprint.scan(REC, min_overlap="40"), TypeError, "min_overlap"),
        (lambda: reprint.scan(REC, frobnicate=1), TypeError, "frobnicate"),
        (lambda: reprint.merge(REC, keep="biggest"), ValueError, "keep"),
        (lambda: reprint.clean("x", disable=("nope",)), ValueError, "disable"),
        (lambda: reprint.clean("x", disable=(3,)), TypeError, "disable"),
        (lambda: reprint.clean("x", markup="xml"), ValueError, "markup"),
        (lambda: reprint.clean(b"x"), TypeError, "text"),
        (lambda: reprint.clean("x", colour=True), TypeError, "colour"),
        (lambda: reprint.split(None), TypeError, "text"),
        (lambda: reprint.diff("a", 3), TypeError, "b"),
        (lambda: reprint.diff("a", "b", deadline=0), ValueError, "deadline"),
        (lambda: arrow.keys([1, 2]), TypeError, "texts"),
        (lambda: arrow.verify(["a"], ["b", "c"]), ValueError, "a_texts"),
        (lambda: arrow.verify(["a"], ["b"], cover=2), ValueError, "cover"),
        (lambda: arrow.components([1, 2], [3]), ValueError, "src"),
        (lambda: arrow.components([1, None], [3, 4]), ValueError, "src"),
    ],
)
def test_bad_argument(call, error, names):
    with pytest.raises(error, match=names.replace("[", r"\[").replace("]", r"\]")):
        call()


def test_errors_are_ordinary_exceptions():
    # Not BaseException-only (as pyo3's PanicException is): `except Exception` catches them.
    with pytest.raises(Exception):
        reprint.scan(REC, cover=2)


def test_a_bad_record_after_many_good_ones_names_it():
    # Earlier batches are already being folded when the bad record is read: still a clean error.
    recs = [{"id": str(i), "text": "今年将新增就业一千二百万人以上。"} for i in range(5000)]
    recs.append({"id": "bad", "text": None})
    with pytest.raises(TypeError, match=r"records\[5000\]\['text'\]"):
        reprint.scan(iter(recs))
    # The package is still usable afterwards.
    assert reprint.scan(REC)["documents"][0]["id"] == "a"


@pytest.mark.parametrize("on_worker", [False, True])
def test_a_panic_is_a_runtime_error_and_the_process_goes_on(on_worker):
    from reprint import _reprint

    with pytest.raises(RuntimeError, match="reprint: internal error: a test panic"):
        _reprint._panic_for_tests(on_worker)
    assert reprint.scan(REC)["documents"][0]["id"] == "a"
