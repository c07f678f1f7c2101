#!/usr/bin/env bash
# Print the path of a working CPython interpreter for version X.Y (the argument), or fail with a clear message.
# Tries pythonX.Y on PATH (pyenv shims that are not activated fail the version check and are skipped),
# then pyenv's installed versions (newest patch first). For 3.11 only, plain python3 is also accepted.
# The printed path is the base interpreter, never a virtual environment's python.
set -euo pipefail

want=${1:?usage: find_python.sh X.Y}
probe="import sys; v = '%d.%d' % sys.version_info[:2]; assert v == '${want}', v; print(getattr(sys, '_base_executable', '') or sys.executable)"

candidates=()
if command -v "python${want}" >/dev/null 2>&1; then
    candidates+=("$(command -v "python${want}")")
fi
pyenv_root=${PYENV_ROOT:-${HOME}/.pyenv}
for root in "${pyenv_root}" /root/.pyenv; do
    if [ -d "${root}/versions" ]; then
        while IFS= read -r path; do
            candidates+=("${path}")
        done < <(find "${root}/versions" -maxdepth 3 -path "*/versions/${want}.*/bin/python${want}" 2>/dev/null | sort -rV)
    fi
done
if [ "${want}" = "3.11" ] && command -v python3 >/dev/null 2>&1; then
    candidates+=("$(command -v python3)")
fi

for candidate in "${candidates[@]+"${candidates[@]}"}"; do
    if found=$("${candidate}" -c "${probe}" 2>/dev/null) && [ -x "${found}" ]; then
        echo "${found}"
        exit 0
    fi
done

echo "find_python.sh: no working Python ${want} found (tried: python${want} on PATH, ${pyenv_root}/versions/${want}.*; install it, e.g. 'pyenv install ${want}')" >&2
exit 1
