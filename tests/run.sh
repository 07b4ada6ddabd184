#!/usr/bin/env bash
# Every check, from a fresh clone: install exactly as the README says, then ruff, snakefmt, snakemake --lint,
# the pipeline on the bundled seeds from a clean results/, docpipe validate, and pytest.
# `.ci/run` calls this script and nothing else. The quality gates read ../shared/eval beside the
# clone: without it they skip, except in CI (CI or DOCPIPE_REQUIRE_EVAL=1 set), where they fail
# (tests/conftest.py, eval_data).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
.venv/bin/python -m compileall -q src schemas
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff"
ruff check .
ruff format --check .
echo "== snakefmt"
snakefmt --check .
echo "== snakemake --lint"
snakemake --lint
echo "== pipeline on seeds/ from a clean results/"
rm -rf results logs
snakemake -c4 --quiet rules
echo "== docpipe validate"
docpipe validate results/
echo "== docpipe reference --check"
docpipe reference --check docs/tables.md
echo "== pytest"
pytest "$@"
