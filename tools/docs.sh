#!/usr/bin/env bash
# Module documentation from the modules' own DOCUMENTATION/EXAMPLES/RETURN, rendered by antsibull-docs.
# Usage: tools/docs.sh generate [DIR]   (default DIR: docs/modules) regenerate the pages
#        tools/docs.sh check            regenerate into a temp dir, fail if docs/modules is stale, then lint the docs
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
        antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs self .
        ;;
    *)
        echo "usage: tools/docs.sh generate [DIR] | check" >&2
        exit 2
        ;;
esac
