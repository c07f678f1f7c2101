#!/usr/bin/env bash
# `make demo`: show a whole SIP trunk kept as code, against the bundled Telnyx API emulator.
#
# Starts tests/emulator/telnyx_emulator.py on a free port, seeds three phone numbers into it (nothing buys numbers),
# runs docs/examples/trunk.yml five times (build the trunk, run again, preview a change with --check --diff, apply
# it, tear it down), then docs/examples/fqdn-trunk.yml twice (an FQDN trunk to a cloud PBX: build it, tear it down),
# prints after each run the API calls the emulator received, then stops the emulator. The
# emulator is stopped on success, on failure and on Ctrl-C.
#
# Usage: bash tools/demo.sh        (PYTHON=/path/to/python overrides .venv-demo/bin/python; it needs ansible-core
#                                  and requests, which `make demo` installs there from tools/requirements-demo.txt)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-.venv-demo/bin/python}"
if [[ "$PYTHON" != */* ]]; then
    PYTHON="$(command -v "$PYTHON" || true)"
fi
if [[ ! -x "$PYTHON" ]]; then
    echo "demo: no Python at '${PYTHON}'; run 'make demo', or set PYTHON to a Python with ansible-core and requests." >&2
    exit 1
fi
ANSIBLE_PLAYBOOK="$(dirname "$PYTHON")/ansible-playbook"
if [[ ! -x "$ANSIBLE_PLAYBOOK" ]]; then
    echo "demo: $ANSIBLE_PLAYBOOK not found; install ansible-core next to $PYTHON (make demo does)." >&2
    exit 1
fi

PLAYBOOK=docs/examples/trunk.yml
API_KEY="demo-key-$RANDOM$RANDOM"
WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/telnyx-demo.XXXXXX")"
EMULATOR_PID=""

stop_emulator() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$EMULATOR_PID" ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
        kill -TERM "$EMULATOR_PID" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$EMULATOR_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
    fi
    if [[ $status -eq 130 ]]; then
        echo "demo: interrupted; the emulator is stopped." >&2
    elif [[ $status -ne 0 ]]; then
        echo "demo: failed (exit status $status); the emulator is stopped. Its output was:" >&2
        sed 's/^/  | /' "$WORKDIR/emulator.log" >&2 || true
    else
        echo "The emulator is stopped; nothing is left running."
    fi
    rm -rf "$WORKDIR"
    exit "$status"
}
trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A step header: a bold title, then what is about to happen and why (plain when not on a terminal).
BOLD="" PLAIN=""
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
    BOLD=$'\033[1m' PLAIN=$'\033[0m'
fi
say() {
    printf '\n%s==> %s%s\n' "$BOLD" "$1" "$PLAIN"
    shift
    printf '    %s\n' "$@"
}

# What the emulator received since the last call: every step ends with it, so writes (or their absence) show,
# each with the JSON body it carried (the password masked), so that "only the changed field" can be seen.
api_calls() {
    "$PYTHON" - "$EMULATOR_PORT" "$API_KEY" <<'PY'
import json
import sys
sys.path.insert(0, ".")
from tests.emulator.control import Emulator


def masked(value):
    if isinstance(value, dict):
        return {key: "********" if "password" in key else masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [masked(item) for item in value]
    return value


emulator = Emulator(sys.argv[1], sys.argv[2])
entries = emulator.requests()
emulator.clear_requests()
calls = ["%s %s (%s)" % (entry["method"], entry["path"], entry["status"]) for entry in entries]
print("    API calls: %s" % ("; ".join(calls) or "none"))
writes = [entry for entry in entries if entry["method"] != "GET"]
if not writes:
    print("    Writes:    none: nothing was changed on the Telnyx side")
for entry in writes:
    body = "" if entry.get("body") is None else " " + json.dumps(masked(entry["body"]), sort_keys=True)
    print("    Write:     %s %s%s" % (entry["method"], entry["path"], body))
PY
}

playbook() {
    "$ANSIBLE_PLAYBOOK" -i localhost, "$PLAYBOOK" "$@"
    api_calls
}
fqdn_playbook() {
    "$ANSIBLE_PLAYBOOK" -i localhost, docs/examples/fqdn-trunk.yml "$@"
    api_calls
}

# The collection is used from this checkout: .collections/ansible_collections/telnyx/voice -> the repository.
LINK=.collections/ansible_collections/telnyx/voice
mkdir -p "$(dirname "$LINK")"
if [[ -e "$LINK" && ! -L "$LINK" ]]; then
    rm -rf "$LINK"
fi
ln -sfn ../../.. "$LINK"

"$PYTHON" tests/emulator/telnyx_emulator.py --port 0 --api-key "$API_KEY" --port-file "$WORKDIR/port" \
    </dev/null >"$WORKDIR/emulator.log" 2>&1 &
EMULATOR_PID=$!
for _ in $(seq 100); do
    [[ -s "$WORKDIR/port" ]] && break
    if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
        echo "demo: the emulator exited before it listened." >&2
        exit 1
    fi
    sleep 0.1
done
if [[ ! -s "$WORKDIR/port" ]]; then
    echo "demo: the emulator did not start within 10 seconds." >&2
    exit 1
fi
EMULATOR_PORT="$(cat "$WORKDIR/port")"

export TELNYX_API_KEY="$API_KEY"
export TELNYX_BASE_URL="http://127.0.0.1:$EMULATOR_PORT/v2"
export ANSIBLE_COLLECTIONS_PATH="$ROOT/.collections"
export ANSIBLE_STDOUT_CALLBACK=default
export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=false
export ANSIBLE_DIFF_CONTEXT=20
export ANSIBLE_RETRY_FILES_ENABLED=false
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false

# Numbers are bought through paid number orders, so the emulator gets them through its control API.
"$PYTHON" - "$EMULATOR_PORT" "$API_KEY" <<'PY'
import sys
sys.path.insert(0, ".")
from tests.emulator.control import Emulator

Emulator(sys.argv[1], sys.argv[2]).seed(phone_numbers=[
    {"phone_number": number} for number in ("+13125550100", "+13125550101", "+13125550102")])
PY

say "telnyx.voice demo: a whole SIP trunk" \
    "A local emulator of the Telnyx v2 API listens on $TELNYX_BASE_URL: no Telnyx account is needed." \
    "It holds three phone numbers, +13125550100 to +13125550102, as an account would after buying them." \
    "The modules take their credentials from TELNYX_API_KEY and TELNYX_BASE_URL. With a real key and no" \
    "TELNYX_BASE_URL, the same playbook ($PLAYBOOK) manages your Telnyx account."

say "Step 1/7: build the trunk" \
    "An outbound voice profile, a credential connection linked to it by name (without a profile every outbound" \
    "call fails with SIP cause D38), and the three numbers pointed at the connection: two POSTs, three PATCHes."
playbook

say "Step 2/7: run the same playbook again" \
    "Everything already matches: every task is 'ok', changed=0, and only reads are sent." \
    "The numbers' voice settings are never read, since the playbook sets none of them."
playbook

say "Step 3/7: preview a change with --check --diff" \
    "Same playbook, with the profile's daily spend limit raised from 100.00 to 250.00 USD" \
    "(-e trunk_daily_spend_limit=250.00). Check mode only reads; the diff shows what would change."
playbook --check --diff -e trunk_daily_spend_limit=250.00

say "Step 4/7: apply the change" \
    "The same command without --check: one PATCH of the profile, carrying the limit and the name Telnyx requires."
playbook --diff -e trunk_daily_spend_limit=250.00

say "Step 5/7: tear the trunk down" \
    "-e trunk_state=absent goes the other way round: the numbers are detached (they stay on the account)," \
    "then the connection is deleted, then the profile, which Telnyx refuses to delete while a connection uses it."
playbook -e trunk_state=absent

say "Step 6/7: an FQDN trunk to a cloud PBX" \
    "A PBX reached by host name authenticates by FQDN (docs/examples/fqdn-trunk.yml): a profile, an FQDN" \
    "connection, its two FQDN records in priority order (one POST each), then one PATCH that makes them the" \
    "connection's default primary and secondary, then the three numbers pointed at the connection."
fqdn_playbook --diff

say "Step 7/7: tear the FQDN trunk down" \
    "The numbers are detached, the FQDN records deleted, then the connection, then the profile."
fqdn_playbook -e trunk_state=absent

say "Done" \
    "The guides: docs/trunk.md and docs/fqdn-trunk.md. Every option of a module:" \
    "  ANSIBLE_COLLECTIONS_PATH=.collections .venv-demo/bin/ansible-doc telnyx.voice.phone_number"
echo
