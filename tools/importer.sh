#!/usr/bin/env bash
# Run galaxy-importer (the checks Galaxy runs on upload) on the built tarball, in its own venv .venv-importer.
# Usage: tools/importer.sh TARBALL
# Settings: tools/galaxy-importer.cfg (ansible-test off, ansible-lint offline). Any ERROR line fails the gate.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tarball=$(cd "$(dirname "${1:?usage: importer.sh TARBALL}")" && pwd)/$(basename "$1")
[ -f "${tarball}" ] || { echo "importer: ${tarball} does not exist; run 'make build'" >&2; exit 1; }
venv=${root}/.venv-importer
requirements=${root}/tools/requirements-importer.txt
uv=${root}/.venv/bin/uv

# (Re)create the venv when the pinned requirements change.
stamp=${venv}/.importer-stamp
wanted=$(sha256sum "${requirements}" | cut -d' ' -f1)
if [ ! -f "${stamp}" ] || [ "$(cat "${stamp}")" != "${wanted}" ]; then
    rm -rf "${venv}"
    "$("${root}/tools/find_python.sh" 3.11)" -m venv --without-pip "${venv}"
    "${uv}" pip install --quiet --python "${venv}/bin/python" -r "${requirements}"
    echo "${wanted}" > "${stamp}"
fi

# galaxy-importer writes importer_result.json into the current directory: run it in a temp dir.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-voice-importer.XXXXXX")
trap 'rm -rf "${tmp}"' EXIT
cd "${tmp}"
status=0
env PATH="${venv}/bin:${PATH}" GALAXY_IMPORTER_CONFIG="${root}/tools/galaxy-importer.cfg" \
    "${venv}/bin/python" -m galaxy_importer.main "${tarball}" > importer.log 2>&1 || status=$?
cat importer.log
if [ "${status}" -ne 0 ]; then
    echo "importer: galaxy-importer failed (exit status ${status})" >&2
    exit 1
fi
if grep -E '(^|[^A-Za-z])(ERROR|CRITICAL)([^A-Za-z]|$)' importer.log >/dev/null; then
    echo "importer: galaxy-importer reported errors:" >&2
    grep -E '(^|[^A-Za-z])(ERROR|CRITICAL)([^A-Za-z]|$)' importer.log >&2
    exit 1
fi
[ -s importer_result.json ] || { echo "importer: no importer_result.json was written" >&2; exit 1; }
echo "importer: OK, no errors"
