#!/usr/bin/env bash
# Run make gates in order, stop at the first failure, and print how long each took.
# Usage: tools/run_gates.sh GATE... (the Makefile's `test` target passes the list; MAKE may name the make binary)
set -euo pipefail

make_cmd=${MAKE:-make}
names=()
times=()
passed=0
failed=0
started=${SECONDS}

summary() {
    echo
    echo "Gate timings:"
    local i
    for i in "${!names[@]}"; do
        printf '  %-16s %s\n' "${names[$i]}" "${times[$i]}"
    done
    printf '  %-16s %ss\n' "total" "$((SECONDS - started))"
    echo
}

for gate in "$@"; do
    echo
    echo "=================== make ${gate} ==================="
    gate_start=${SECONDS}
    if "${make_cmd}" --no-print-directory "${gate}"; then
        names+=("${gate}")
        times+=("$((SECONDS - gate_start))s ok")
        passed=$((passed + 1))
    else
        names+=("${gate}")
        times+=("$((SECONDS - gate_start))s FAILED")
        failed=$((failed + 1))
        summary
        echo "make test stopped: gate '${gate}' failed. Re-run it alone with: make ${gate}"
        echo "gates: ${passed} passed, ${failed} failed"
        exit 1
    fi
done

summary
echo "make test: all $# gates passed in $((SECONDS - started))s"
echo "gates: ${passed} passed, ${failed} failed"
