#!/usr/bin/env bash
# Run the integration targets with ansible-test on a fresh copy of the collection, against the bundled emulator or,
# when tests/integration/integration_config.yml exists, against the Telnyx account it names.
#
# Usage: tests/integration/run.sh [--emulator] [ansible-test integration options and targets...]
#   --emulator   ignore integration_config.yml (this is what `make integration` uses)
# TELNYX_INTEGRATION_CONFIG names another config file (the tests of this script use it).
#
# Against a real account every target names its objects ansible-test-<run id>-*, with one run id for the whole run,
# and this script runs tests/integration/cleanup.yml with that prefix when ansible-test ends, also after a failure
# or Ctrl-C, so nothing the run created is left behind and a phone number it changed gets its settings back.
# Every run ends with a dated, secret-free report (tools/integration_report.py; docs/live-runs/README.md).
# ansible-test must be on PATH (make puts .venv/bin first).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
config=${TELNYX_INTEGRATION_CONFIG:-${root}/tests/integration/integration_config.yml}
live=false
if [ "${1:-}" = "--emulator" ]; then
    shift
elif [ -f "${config}" ]; then
    live=true
fi

python=$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
python "${root}/tools/install_get_pip_shim.py"
stage=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-voice-integration.XXXXXX")
collection=$(python "${root}/tools/stage_collection.py" "${stage}")
run_id=$(python -c 'import secrets, string; print("".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(8)))')

status=0

finish() {
    # Every exit path comes here once: after a real-account run, remove whatever carries this run's prefix; then
    # drop the copy after a pass, or keep it for inspection.
    trap - INT TERM
    if ${live}; then
        echo "run.sh: removing what run ${run_id} left on the account (tests/integration/cleanup.yml)"
        ANSIBLE_COLLECTIONS_PATH=${stage} ansible-playbook -i localhost, "${collection}/tests/integration/cleanup.yml" \
            -e "@${collection}/tests/integration/integration_config.yml" \
            -e "telnyx_cleanup_prefix=ansible-test-${run_id}-" || { status=1; echo "run.sh: the clean-up failed;" \
            "run it again: ansible-playbook tests/integration/cleanup.yml -e @tests/integration/integration_config.yml" \
            "-e telnyx_cleanup_prefix=ansible-test-${run_id}-" >&2; }
    fi
    if [ "${status}" -eq 0 ]; then
        rm -rf "${stage}"
    else
        echo "run.sh: the tested copy is kept at ${collection}" >&2
    fi
}

if ${live}; then
    # The run id names every object of the run; the restore file keeps a phone number's settings from before a
    # target changes it, so that the clean-up can put them back after Ctrl-C too.
    { cat "${config}"; printf '\ntelnyx_run_id: %s\ntelnyx_restore_file: %s\n' "${run_id}" "${stage}/phone-numbers.json"; } \
        > "${collection}/tests/integration/integration_config.yml"
    echo "run.sh: real Telnyx account of ${config#"${root}"/}, run id ${run_id} (objects named ansible-test-${run_id}-*)"
else
    rm -f "${collection}/tests/integration/integration_config.yml"
    echo "run.sh: bundled emulator (each target starts and stops its own)"
fi
trap 'status=130; finish; exit 130' INT
trap 'status=143; finish; exit 143' TERM

# The run's report (tools/integration_report.py): a real-account run with the user's own config goes to docs/live-runs/
# for the maintainers to commit; an emulator run, or a test of this script (TELNYX_INTEGRATION_CONFIG), to build/.
if ${live} && [ -z "${TELNYX_INTEGRATION_CONFIG:-}" ]; then
    report_dir=${TELNYX_REPORT_DIR:-${root}/docs/live-runs}
else
    report_dir=${TELNYX_REPORT_DIR:-${root}/build/integration-runs}
fi
run_log="${stage}/ansible-test.log"

started=${SECONDS}
(cd "${collection}" && ansible-test integration --local --python "${python}" "$@") 2>&1 | tee "${run_log}" || status=$?
seconds=$((SECONDS - started))
echo "run.sh: ansible-test integration took ${seconds} s (status ${status})"
python "${root}/tools/integration_report.py" --log "${run_log}" --status "${status}" --run-id "${run_id}" \
    --mode "$(${live} && echo live || echo emulator)" --out "${report_dir}" --config "${config}" --seconds "${seconds}" \
    || echo "run.sh: the run report could not be written (the run's own result stands)" >&2
finish
exit "${status}"
