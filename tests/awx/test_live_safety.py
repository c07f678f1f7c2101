# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The real-account path of the integration targets, with the emulator standing in for a user's Telnyx account.

tests/integration/run.sh is given an integration_config.yml (through TELNYX_INTEGRATION_CONFIG) that points at an
emulator already holding objects the tests must never touch (the account's own connections and profiles, the
leftovers of another run) and the phone number the config lends to the tests. The request log then shows what a
real-account run does: every create carries the run prefix, every other write addresses an object the run created
or the lent number, and the account ends as it began (the number with its settings back), also when the run is
interrupted with Ctrl-C.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
RUN = REPO / "tests" / "integration" / "run.sh"
RUN_ID = re.compile(r"run id ([a-z0-9]+) ")
LENT_NUMBER = "+13125550142"
# The number a real-account run may give E911 to (telnyx_e911_phone_number): turned on, then off again.
E911_NUMBER = "+15125550142"
FOREIGN = {
    "connections": [
        {"connection_name": "office-main", "user_name": "officemain01", "password": "Foreign-Pass-1"},
        {"connection_name": "ansible-test-otherrun-cc", "user_name": "atotherruncc", "password": "Foreign-Pass-2"},
        {"connection_name": "my-ansible-test-x", "user_name": "myansible01", "password": "Foreign-Pass-3"},
    ],
    "outbound_voice_profiles": [{"name": "office-outbound"}, {"name": "ansible-test-otherrun-ovp"}],
    "phone_numbers": [{"phone_number": LENT_NUMBER, "tags": ["office"], "customer_reference": "front-desk"},
                      {"phone_number": "+13125550199", "tags": ["office"]}, {"phone_number": E911_NUMBER}],
}
CREATED = {"POST /v2/credential_connections": "connection_name", "POST /v2/outbound_voice_profiles": "name",
           "POST /v2/fqdn_connections": "connection_name", "POST /v2/ip_connections": "connection_name",
           "POST /v2/addresses": "customer_reference"}
# Writes that change nothing on the account (an address checked, not stored).
HARMLESS = {"POST /v2/addresses/actions/validate"}
# Records have no name of their own: each must belong to a connection the run made (and so wrote to later by id).
RECORDS = {"POST /v2/fqdns", "POST /v2/ips"}


def comparable(state):
    """The stored state without update times (a number whose settings were put back has a new one)."""
    def strip(record):
        return {key: strip(value) if isinstance(value, dict) else value
                for key, value in record.items() if key != "updated_at"}
    return {kind: [strip(record) for record in records] for kind, records in state.items()}


@pytest.fixture
def account(emulator, tmp_path):
    """The emulator as a Telnyx account with foreign objects and a lent number; a config file that points at it."""
    emulator.seed(**FOREIGN)
    before = emulator.state()
    lent_id = next(number["id"] for number in before["phone_numbers"] if number["phone_number"] == LENT_NUMBER)
    config = tmp_path / "integration_config.yml"
    config.write_text(yaml.safe_dump({"telnyx_api_key": emulator.api_key, "telnyx_base_url": emulator.base_url,
                                      "telnyx_phone_number": LENT_NUMBER, "telnyx_e911_phone_number": E911_NUMBER}))
    env = dict(os.environ, TELNYX_INTEGRATION_CONFIG=str(config),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    return before, lent_id, env


def assert_only_own_objects_written(emulator, run_id, lent_id):
    """Creates carry the run prefix; other writes address what the run created, or the lent numbers: settings on
    the one, emergency calling (the enable action, the emergency job) on the other."""
    prefix = "ansible-test-%s-" % run_id
    e911 = next(number for number in emulator.state()["phone_numbers"] if number["phone_number"] == E911_NUMBER)
    created, parents = set(), set()
    for entry in emulator.requests():
        if entry["status"] not in (200, 201, 202) or entry["method"] == "GET":
            continue
        route = "%s %s" % (entry["method"], entry["path"])
        if route in HARMLESS:
            continue
        if route in CREATED:
            assert entry["body"][CREATED[route]].startswith(prefix), entry
            continue
        if route == "POST /v2/phone_numbers/%s/actions/enable_emergency" % e911["id"]:
            continue
        if route == "POST /v2/phone_numbers/jobs/update_emergency_settings":
            assert set(entry["body"]["phone_numbers"]) <= {e911["id"], E911_NUMBER}, entry
            continue
        if route in RECORDS:
            parents.add(entry["body"]["connection_id"])
            continue
        parts = entry["path"].split("/")  # ['', 'v2', kind, id, ...]
        if parts[2] == "phone_numbers":
            assert parts[3] == lent_id and entry["method"] == "PATCH", entry
        else:
            created.add(parts[3])
    assert parents <= created, "records made on connections the run did not make: %s" % (parents - created)
    posted = {entry["path"] for entry in emulator.requests() if entry["method"] == "POST"}
    return created, posted


def run_id_of(output):
    match = RUN_ID.search(output)
    assert match, output[-4000:]
    return match.group(1)


def test_a_live_run_touches_only_its_own_objects(emulator, account):
    before, lent_id, env = account
    completed = subprocess.run([str(RUN)], env=env, capture_output=True, text=True, timeout=900, check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-6000:]
    run_id = run_id_of(output)
    assert "Real Telnyx account at %s" % emulator.base_url in output
    assert "NOT RUN" not in output  # the phone-number targets ran, on the lent number
    touched, _posted = assert_only_own_objects_written(emulator, run_id, lent_id)
    assert touched, "the run wrote nothing"
    assert any(entry["method"] == "PATCH" and lent_id in entry["path"] for entry in emulator.requests())
    assert comparable(emulator.state()) == comparable(before)
    assert emulator.api_key not in output


@pytest.mark.parametrize("targets, stop_after", [
    ((), ("POST", "/v2/credential_connections")),
    (("phone_number",), ("PATCH", "/v2/phone_numbers/")),
], ids=["after-a-create", "after-a-phone-number-change"])
def test_an_interrupted_live_run_leaves_nothing_behind(emulator, account, targets, stop_after):
    before, lent_id, env = account
    process = subprocess.Popen([str(RUN), *targets], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while not any(entry["method"] == stop_after[0] and entry["path"].startswith(stop_after[1])
                      for entry in emulator.requests()):
            assert process.poll() is None and time.monotonic() < deadline, "the run ended before the change"
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground process group
        output = process.communicate(timeout=300)[0]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    kept = re.search(r"the tested copy is kept at (\S+)/ansible_collections/", output)
    if kept:
        shutil.rmtree(kept.group(1))
    assert process.returncode == 130, output[-4000:]
    run_id = run_id_of(output)
    assert "removing what run %s left" % run_id in output
    # The run was stopped after its first create: the clean-up found that connection and deleted it.
    assert re.search(r"Deleted [1-9][0-9]* credential connection\(s\) named ansible-test-%s-" % run_id, output), output
    if "phone_number" in targets:  # the number was changed and the run stopped: its settings came from the file
        assert "Put back 1 phone number(s) of 1 recorded" in output, output
    assert_only_own_objects_written(emulator, run_id, lent_id)
    assert comparable(emulator.state()) == comparable(before)
