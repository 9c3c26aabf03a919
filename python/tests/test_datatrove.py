"""reprint.datatrove steps in a LocalPipelineExecutor pipeline: JsonlReader -> step -> JsonlWriter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CI, write_jsonl

if not CI:
    pytest.importorskip("datatrove")  # under CI a missing datatrove fails the run

# The executor may spawn workers: the pipeline runs as a script behind a __main__ guard.
SCRIPT = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from reprint.datatrove import ReprintClean, ReprintDedup

if __name__ == "__main__":
    src, out, logs, steps = sys.argv[1:5]
    pipeline = [JsonlReader(src)]
    if "clean" in steps:
        pipeline.append(ReprintClean())
    if "dedup" in steps:
        pipeline.append(ReprintDedup())
    pipeline.append(JsonlWriter(out, compression=None))
    LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=logs).run()
"""


def run(tmp_path: Path, copies: list[dict], steps: str) -> list[dict]:
    src = tmp_path / "in"
    src.mkdir()
    # datatrove needs an id on every document.
    docs = [{**r, "id": str(r.get("id", f"anon{i}"))} for i, r in enumerate(copies)]
    write_jsonl(src / "part.jsonl", docs)
    (tmp_path / "pipe.py").write_text(SCRIPT)
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "pipe.py", str(src), str(out), str(tmp_path / "logs"), steps],
                       cwd=tmp_path, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-3000:]
    return [json.loads(x) for f in sorted(out.glob("*.jsonl")) for x in f.read_text().splitlines()]


def test_clean_step_cleans_and_records(tmp_path, copies):
    import reprint

    got = run(tmp_path, copies, "clean")
    assert len(got) == len(copies)
    for doc, rec in zip(got, copies):
        want = reprint.clean(rec["text"])
        assert doc["text"] == want["text"]
        assert doc["metadata"]["reprint"]["removed"] == want["removed"]


def test_dedup_step_accounts_for_every_document(tmp_path, copies):
    got = run(tmp_path, copies, "clean,dedup")
    ids = [str(r.get("id", f"anon{i}")) for i, r in enumerate(copies)]
    merged = [d for d in got if "reprint" in d["metadata"] and "witnesses" in d["metadata"]["reprint"]]
    assert merged, "the fixture has copies"
    accounted = [w for d in merged for w in d["metadata"]["reprint"]["witnesses"]]
    accounted += [d["id"] for d in got if d not in merged]
    assert sorted(accounted) == sorted(ids)
    for d in merged:
        meta = d["metadata"]["reprint"]
        assert d["id"] == meta["witnesses"][0] and meta["removed"] == meta["witnesses"][1:]
    # Documents without copies pass unchanged (cleaned by the step before).
    assert all(d["metadata"]["reprint"].get("stats") is not None for d in got if d not in merged)
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    dedup = next(s for s in stats if "dedup" in s["name"])["stats"]

    def count(k):  # a plain count, or a summary with its total
        v = dedup.get(k, 0)
        return v["total"] if isinstance(v, dict) else v

    assert count("documents") == len(copies) == count("kept") + count("merged") + count("removed")
