"""Shared fixtures: the repository's samples, a corpus with copies, and the CLI to compare with."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

# The Spark session fixture and helpers (tests/spark_fixtures.py).
pytest_plugins = ["spark_fixtures"]

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _cli() -> Path | None:
    given = os.environ.get("REPRINT_BIN")
    path = Path(given) if given else ROOT / "target" / "release" / "reprint"
    return path if path.is_file() else None


@pytest.fixture(scope="session")
def cli():
    """Runs the CLI from the repository root; returns (exit code, stdout)."""
    path = _cli()
    if path is None:
        msg = "the reprint CLI is not built (cargo build --release, or set REPRINT_BIN)"
        if CI:
            pytest.fail(msg)  # CI must not pass by skipping
        pytest.skip(msg)

    def run(*args: str, cwd: Path = ROOT, stdin: bytes | None = None) -> tuple[int, str]:
        p = subprocess.run([str(path), *args], cwd=cwd, input=stdin, capture_output=True)
        assert p.returncode in (0, 1), p.stderr.decode()
        return p.returncode, p.stdout.decode()

    return run


def sample_text(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def _copies() -> list[dict]:
    """The samples plus edited copies: a punctuation/OCR variant, a truncated copy, a copy
    with extra fields, so scans find duplicates, containment and clusters."""
    texts = {p.stem: sample_text(p) for p in SAMPLES}
    s1, s3 = texts["001_0ed2445f5550d6ea"], texts["003_630f37cb81b2932f"]
    recs = [{"id": k, "text": v, "url": f"https://example.com/{k}"} for k, v in texts.items()]
    recs.append({"id": "001_copy", "text": s1.replace("，", ",").replace("增", "増", 3), "meta": {"site": "b", "n": [1, 2.5, None, True]}})
    recs.append({"id": 7, "text": s3[: len(s3) // 2]})
    recs.append({"text": s1[len(s1) // 3 :], "lang": "zh"})
    return recs


@pytest.fixture(scope="session")
def records() -> list[dict]:
    return [{"id": p.stem, "text": sample_text(p)} for p in SAMPLES]


@pytest.fixture(scope="session")
def copies() -> list[dict]:
    return _copies()


def write_jsonl(path: Path, recs: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
