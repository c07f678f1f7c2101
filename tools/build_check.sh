#!/usr/bin/env bash
# Check the built collection as a user gets it: the tarball holds no local clutter, it installs with
# ansible-galaxy into an empty collections path, and the smoke playbook *from the installed copy* creates a
# credential connection against a fresh emulator and is unchanged on its second run.
# Usage: tools/build_check.sh TARBALL   (the Makefile's build target makes it)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tarball=$(cd "$(dirname "${1:?usage: build_check.sh TARBALL}")" && pwd)/$(basename "$1")
[ -f "${tarball}" ] || { echo "build-check: ${tarball} does not exist; run 'make build'" >&2; exit 1; }

# 1. Nothing that only belongs to a work tree may be shipped.
forbidden='^(\./)?(\.venv[^/]*|\.collections|\.git|\.ansible|\.pytest_cache|\.hypothesis|\.benchmarks|tests/output|dist|build)(/|$)|(^|/)(__pycache__/|[^/]*\.pyc$|[^/]*\.tar\.gz$|importer_result\.json$)'
if tar -tzf "${tarball}" | grep -E "${forbidden}"; then
    echo "build-check: the tarball contains the paths above; add them to build_ignore in galaxy.yml" >&2
    exit 1
fi
echo "build-check: $(tar -tzf "${tarball}" | wc -l) entries, none of them local clutter"

# 2. Install into an empty collections path, with nothing else visible to Ansible.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-voice-build-check.XXXXXX")
trap 'rm -rf "${tmp}"' EXIT
mkdir -p "${tmp}/collections" "${tmp}/run"
unset PYTHONPATH
export ANSIBLE_COLLECTIONS_PATH=${tmp}/collections
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=False
export ANSIBLE_HOME=${tmp}/ansible-home
cd "${tmp}/run"   # no ansible.cfg, no adjacent collections/ of the repo

ansible-galaxy collection install --offline -p "${tmp}/collections" "${tarball}"
installed=${tmp}/collections/ansible_collections/telnyx/voice
[ -f "${installed}/MANIFEST.json" ] || { echo "build-check: nothing installed at ${installed}" >&2; exit 1; }

listed=$(ansible-galaxy collection list telnyx.voice --format json)
case "${listed}" in
    *"${tmp}/collections/ansible_collections"*) ;;
    *) echo "build-check: Ansible does not resolve telnyx.voice to the installed copy: ${listed}" >&2; exit 1 ;;
esac
echo "build-check: telnyx.voice resolves to ${installed}"

# 3. The smoke playbook shipped in the tarball, against a freshly started emulator.
python "${root}/tools/run_with_emulator.py" -- python "${root}/tools/smoke.py" --playbook "${installed}/docs/examples/smoke.yml"
