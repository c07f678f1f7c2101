#!/usr/bin/env bash
# Run pytest on one test directory as a make gate.
# Usage: tools/pytest_gate.sh [--skip-if-absent] DIR [pytest options...]
# --skip-if-absent: a DIR that does not exist yet, or holds no file, is skipped with a message (exit 0); once it has
# files it must run. In every case "no tests collected" (pytest's exit status 5) is a failure: a gate that ran no
# test must not pass.
set -euo pipefail

skip_if_absent=false
if [ "${1:-}" = "--skip-if-absent" ]; then
    skip_if_absent=true
    shift
fi
dir=${1:?usage: pytest_gate.sh [--skip-if-absent] DIR [pytest options]}
shift

if [ -z "$(find "${dir}" -type f -print -quit 2>/dev/null)" ]; then
    if ${skip_if_absent}; then
        echo "SKIPPED: ${dir}/ does not exist yet (or is empty); this gate runs as soon as it has tests."
        exit 0
    fi
    echo "FAILED: ${dir}/ has no files, so there is nothing to test." >&2
    exit 1
fi

status=0
python -m pytest "$@" "${dir}" || status=$?
if [ "${status}" -eq 5 ]; then
    echo "FAILED: pytest collected no tests in ${dir}/ (exit status 5)." >&2
fi
exit "${status}"
