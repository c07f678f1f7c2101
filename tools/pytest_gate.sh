#!/usr/bin/env bash
# Run pytest on one test directory as a make gate.
# Usage: tools/pytest_gate.sh DIR [pytest options...]   (PYTEST: the command that runs pytest, e.g. under coverage)
# A DIR without files, and "no tests collected" (pytest's exit status 5), are failures: a gate that ran no test must
# not pass.
set -euo pipefail

dir=${1:?usage: pytest_gate.sh DIR [pytest options]}
shift

if [ -z "$(find "${dir}" -type f -print -quit 2>/dev/null)" ]; then
    echo "FAILED: ${dir}/ has no files, so there is nothing to test." >&2
    exit 1
fi

status=0
${PYTEST:-python -m pytest} "$@" "${dir}" || status=$?
if [ "${status}" -eq 5 ]; then
    echo "FAILED: pytest collected no tests in ${dir}/ (exit status 5)." >&2
fi
exit "${status}"
