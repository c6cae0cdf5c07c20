#!/usr/bin/env bash
# Set up a fresh machine and run graphfraud's demo or its whole test suite.
#   bash scripts/dev.sh demo   # venv + install + demo on the embedded store
#   bash scripts/dev.sh test   # venv + install + Neo4j build + mypy + doctests + every test (Neo4j started by the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${GRAPHFRAUD_VENV:-.venv}"

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet ".[${1:-dev}]"
}

case "${1:-}" in
    demo)
        setup
        "$VENV/bin/graphfraud" demo "${@:2}"
        ;;
    test)
        setup dev,spark   # the Spark engine's contract test runs PySpark in local mode (loopback only)
        # Headless Chromium renders the case bundle's HTML view in one test (Debian package).
        if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) || echo "chromium not installed: its test will skip" >&2
        fi
        # Neo4j 5.26 from Maven Central, built once and cached; the tests start and stop the server.
        "$VENV/bin/python" tools/neo4j/server.py build
        # Static types (settings in pyproject.toml), then the examples in docstrings, then the tests.
        "$VENV/bin/python" -m mypy
        "$VENV/bin/python" -m pytest -p no:cacheprovider -q --doctest-modules graphfraud
        # Two workers (the CI box has 2 cores; each starts its own Neo4j on a free loopback port); a test
        # file stays on one worker so its module fixtures are built once. pytest exits 5 when nothing ran.
        "$VENV/bin/python" -m pytest -p no:cacheprovider -n "${GRAPHFRAUD_TEST_WORKERS:-2}" --dist loadfile \
            --durations=15 "${@:2}"
        ;;
    *)
        echo "usage: bash scripts/dev.sh demo|test [extra arguments]" >&2
        exit 2
        ;;
esac
