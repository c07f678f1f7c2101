#!/usr/bin/env bash
# Run ansible-test on a fresh copy of the collection at <tmp>/ansible_collections/telnyx/voice.
# Usage: tools/ansible_test.sh sanity|units [ansible-test options...]
# ansible-test must be on PATH (the Makefile puts .venv/bin first). The copy is removed after a passing run and kept
# (its path is printed) after a failing one, with ansible-test's reports in its tests/output/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command=${1:?usage: ansible_test.sh sanity|units [options]}

if ! command -v ansible-test >/dev/null 2>&1; then
    echo "ansible_test.sh: ansible-test is not on PATH; run 'make venv' and use the make targets" >&2
    exit 1
fi
# ansible-test keeps its venvs and the get-pip stand-in under ~/.ansible/test, so HOME must be writable.
if ! mkdir -p "${HOME}/.ansible/test" || [ ! -w "${HOME}/.ansible/test" ]; then
    echo "ansible_test.sh: HOME (${HOME}) is not writable; ansible-test needs ~/.ansible/test" >&2
    exit 1
fi

if [ "${command}" = "sanity" ]; then
    # The collection promises a sanity run without exceptions: any ignore entry is an error.
    shopt -s nullglob
    for ignore in "${root}"/tests/sanity/ignore-*.txt; do
        if grep -Eqv '^[[:space:]]*(#|$)' "${ignore}"; then
            echo "ansible_test.sh: ${ignore#"${root}"/} has entries; fix the code instead of ignoring sanity findings:" >&2
            grep -Ev '^[[:space:]]*(#|$)' "${ignore}" >&2
            exit 1
        fi
    done
    shopt -u nullglob
fi

python "${root}/tools/install_get_pip_shim.py"

stage=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-voice-ansible-test.XXXXXX")
collection=$(python "${root}/tools/stage_collection.py" "${stage}")
echo "ansible_test.sh: testing a copy at ${collection}"

status=0
(cd "${collection}" && ansible-test "$@") || status=$?
if [ "${status}" -eq 0 ]; then
    rm -rf "${stage}"
else
    echo "ansible_test.sh: ansible-test ${command} failed (status ${status}); the tested copy is kept at ${collection}" >&2
fi
exit "${status}"
