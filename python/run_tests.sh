#!/usr/bin/env bash
# The Python package's tests: a fresh venv with pinned tools, the package built from this tree, pytest
# against the release CLI. Under CI=true anything missing fails the run (no test is skipped).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
venv="${REPRINT_PY_VENV:-$here/.venv}"
start=$SECONDS

# Pinned: the versions measured on these machines (../shared/SCALE-OUT.md).
# pyspark for reprint.spark's tests (they need Java 17 too: .ci/run installs it); pandas 3 is not supported by it.
pins=(maturin==1.16.0 pytest==9.2.0 pyarrow==26.0.1 "datatrove[io]==0.10.1" pyspark==4.3.0 pandas==2.3.3)

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}"
echo "run_tests: venv ready ($((SECONDS - start)) s)"

# The CLI the tests compare with.
if [ -z "${REPRINT_BIN:-}" ]; then
    (cd "$root" && cargo build --release --locked --quiet)
    export REPRINT_BIN="$root/target/release/reprint"
fi
echo "run_tests: CLI built ($((SECONDS - start)) s)"

# The package as users install it (a release build of the abi3 wheel, installed into the venv), with the
# two functions that panic on purpose for test_errors.py and test_merge_stream.py (feature test-hooks).
(cd "$here" && VIRTUAL_ENV="$venv" "$venv/bin/maturin" develop --release --locked --quiet --features test-hooks)
echo "run_tests: package built ($((SECONDS - start)) s)"

cd "$here/tests"
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
echo "run_tests: done in $((SECONDS - start)) s"
