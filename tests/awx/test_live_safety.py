# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The real-account path of the integration targets, with the emulator standing in for a user's Telnyx account.

tests/integration/run.sh is given an integration_config.yml (through TELNYX_INTEGRATION_CONFIG) that points at an
emulator already holding objects the tests must never touch: the account's own connections, and the leftovers of
another run. The request log then shows what a real-account run would do: every write names or addresses only
objects of its own run prefix, and the account ends as it began, also when the run is interrupted with Ctrl-C.
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
FOREIGN = [
    {"connection_name": "office-main", "user_name": "officemain01", "password": "Foreign-Pass-1"},
    {"connection_name": "ansible-test-otherrun-cc", "user_name": "atotherruncc", "password": "Foreign-Pass-2"},
    {"connection_name": "my-ansible-test-x", "user_name": "myansible01", "password": "Foreign-Pass-3"},
]


@pytest.fixture
def account(emulator, tmp_path):
    """The emulator as a Telnyx account with foreign objects, and a config file that points at it."""
    emulator.seed(FOREIGN)
    foreign = emulator.state()["connections"]
    config = tmp_path / "integration_config.yml"
    config.write_text(yaml.safe_dump({"telnyx_api_key": emulator.api_key, "telnyx_base_url": emulator.base_url}))
    env = dict(os.environ, TELNYX_INTEGRATION_CONFIG=str(config),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    return foreign, env


def assert_only_own_objects_written(emulator, run_id):
    """Every POST names the run prefix; every PATCH and DELETE addresses an id that a POST of this run created."""
    prefix = "ansible-test-%s-" % run_id
    created = set()
    log = emulator.requests()
    for entry in log:
        if entry["method"] == "POST" and not entry["path"].endswith("/actions/check_registration_status"):
            assert entry["body"]["connection_name"].startswith(prefix), entry
            assert entry["body"]["user_name"].startswith("at" + run_id), entry
    ids = {connection["id"] for connection in emulator.state()["connections"]}
    for entry in log:
        if entry["method"] in ("PATCH", "DELETE") or entry["path"].endswith("/check_registration_status"):
            connection_id = entry["path"].split("/")[3]
            assert connection_id not in ids, entry  # not one of the foreign objects, which are all still there
            created.add(connection_id)
    return created


def test_a_live_run_touches_only_its_own_objects(emulator, account):
    foreign, env = account
    completed = subprocess.run([str(RUN)], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    run_id = RUN_ID.search(completed.stdout).group(1)
    assert "Real Telnyx account at %s" % emulator.base_url in completed.stdout
    touched = assert_only_own_objects_written(emulator, run_id)
    assert touched, "the run wrote nothing"
    assert emulator.state()["connections"] == foreign
    assert emulator.api_key not in completed.stdout + completed.stderr


def test_an_interrupted_live_run_leaves_nothing_behind(emulator, account):
    foreign, env = account
    process = subprocess.Popen([str(RUN)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not any(entry["method"] == "POST" for entry in emulator.requests()):
            assert process.poll() is None and time.monotonic() < deadline, "the run ended before it created anything"
            time.sleep(0.2)
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
    run_id = RUN_ID.search(output).group(1)
    assert "removing what run %s left" % run_id in output
    # The run was stopped after its first create: the clean-up found that connection and deleted it.
    assert re.search(r"Deleted [1-9][0-9]* credential connection\(s\) named ansible-test-%s-" % run_id, output), output
    assert_only_own_objects_written(emulator, run_id)
    assert emulator.state()["connections"] == foreign
