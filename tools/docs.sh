#!/usr/bin/env bash
# Module documentation from the modules' own DOCUMENTATION/EXAMPLES/RETURN, rendered by antsibull-docs.
# Usage: tools/docs.sh generate [DIR]   (default DIR: docs/modules) regenerate the pages
#        tools/docs.sh check            regenerate into a temp dir, fail if docs/modules is stale
# (the docs lint is antsibull-nox's docs-check session, which `make docs-check` runs next)
# Needs antsibull-docs on PATH and ANSIBLE_COLLECTIONS_PATH holding telnyx.voice (the Makefile sets both).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "${root}"
collection=telnyx.voice
docs_dir=docs/modules
# simplified-rst: plain reStructuredText without Sphinx-only roles or directives, so GitHub renders the pages.
output_format=simplified-rst

generate() {
    local dest=$1
    mkdir -p "${dest}"
    antsibull-docs collection --use-current --squash-hierarchy --fail-on-error \
        --output-format "${output_format}" --cleanup everything --dest-dir "${dest}" "${collection}"
    # antsibull-docs 2.28.0's simplified-rst template writes <b">Choices:</b> (a stray quote): repair it, and fail
    # if any other malformed tag of that kind shows up.
    sed -i 's|<b">|<b>|g' "${dest}"/*.rst
    rm -rf "${dest}/docsite"
    # The collection is not on Galaxy: the pages say how to install it from the tarball instead.
    python "${root}/tools/install_note.py" "${dest}"
    # shellcheck disable=SC2016  # the backticks are RST markup, not a shell expansion
    # The guides are docs/<name>.md; docs/docsite/rst/<name>.rst only stands in for them on the docsite.
    sed -i 's|^\* `<docsite/\([a-z_]*\)\.rst>`_$|* `\1 <../\1.md>`_|' "${dest}"/index.rst
    if grep -n '<[a-z]*">' "${dest}"/*.rst; then
        echo "docs: malformed HTML tags in the generated pages (above)" >&2
        exit 1
    fi
}

case "${1:-}" in
    generate)
        generate "${2:-${docs_dir}}"
        echo "docs: pages written to ${2:-${docs_dir}}/"
        ;;
    check)
        tmp=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-voice-docs.XXXXXX")
        trap 'rm -rf "${tmp}"' EXIT
        generate "${tmp}/modules" >/dev/null
        if ! diff -ru "${docs_dir}" "${tmp}/modules"; then
            echo "docs-check: ${docs_dir}/ is stale (or missing) compared to the modules' DOCUMENTATION." >&2
            echo "docs-check: run 'make docs' and commit the result." >&2
            exit 1
        fi
        echo "docs-check: ${docs_dir}/ is up to date"
        ;;
    *)
        echo "usage: tools/docs.sh generate [DIR] | check" >&2
        exit 2
        ;;
esac
