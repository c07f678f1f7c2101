# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared harness of the end-to-end tests: real ansible-playbook runs against the bundled emulator.

Fixtures:
- ``emulator``: the Telnyx emulator (one process per session), reset before each test.
- ``playbook``: runs a play of tasks on localhost and returns a ``PlaybookRun`` with the exit code,
  the text a user sees, and every task result as recorded by the ``telnyx_record`` callback.

The execution path of the collection's action plugins follows ``TELNYX_VOICE_EXECUTION`` from the
environment of the test run, so ``make e2e`` can run the whole suite in both modes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.emulator.control import Emulator, quirk_args  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = "e2e-api-key-5f1c9a77"

try:  # ansible-core 2.22 and later (the ansible-playbook run is this Python's own, so the same ansible-core)
    import ansible.module_utils.secrets  # noqa: F401  pylint: disable=unused-import
    CORE_REGISTERS_SECRETS = True
except ImportError:
    CORE_REGISTERS_SECRETS = False
NO_LOG_MASK = "$REDACTED$" if CORE_REGISTERS_SECRETS else "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
"""What a no_log option shows in the invocation: ansible-core's placeholder, before 2.22 and from 2.22."""
COLLECTIONS = REPO / ".collections"
CALLBACKS = Path(__file__).resolve().parent / "callback_plugins"
PLAYBOOK_TIMEOUT = 300


def ensure_collection_link():
    """``.collections/ansible_collections/telnyx/voice`` points at the repo, so ansible finds the collection."""
    link = COLLECTIONS / "ansible_collections" / "telnyx" / "voice"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink():
            link.unlink()
        link.symlink_to(Path("..") / ".." / "..", target_is_directory=True)
    return COLLECTIONS


class PlaybookRun:
    def __init__(self, rc, stdout, stderr, records):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.records = records

    @property
    def output(self):
        return self.stdout + self.stderr

    @property
    def results(self):
        """The result dict of each task that ran, in order."""
        return [record["result"] for record in self.records]

    def task(self, name):
        matches = [record for record in self.records if record["task"] == name]
        assert len(matches) == 1, "expected one result for task %r, got %d:\n%s" % (name, len(matches), self.output)
        return matches[0]["result"]

    @property
    def last(self):
        assert self.records, "no task ran:\n%s" % self.output
        return self.records[-1]["result"]


class PlaybookRunner:
    """Writes a one-play playbook for localhost and runs the real ansible-playbook on it."""

    def __init__(self, tmp_path, emulator):
        self.tmp_path = tmp_path
        self.emulator = emulator
        self.count = 0
        self.inventory = tmp_path / "inventory.ini"
        self.inventory.write_text('localhost ansible_connection=local ansible_python_interpreter="%s"\n'
                                  % sys.executable)

    def play(self, tasks, module_defaults=True, play_vars=None):
        play = {"name": "telnyx.voice end-to-end", "hosts": "localhost", "gather_facts": False,
                "vars": dict(play_vars or {}), "tasks": tasks}
        if module_defaults:
            play["module_defaults"] = {"group/telnyx.voice.telnyx": {
                "api_key": self.emulator.api_key, "base_url": self.emulator.base_url,
                "request_timeout": 5, "retry_max_delay": 0.2}}
        return [play]

    def __call__(self, tasks, check=False, diff=False, verbosity=0, env=None, module_defaults=True,
                 play_vars=None, extra_args=()):
        """Run ``tasks`` (a list of task dicts, or a whole playbook as a list of plays) and return a PlaybookRun."""
        self.count += 1
        playbook = tasks if tasks and "hosts" in tasks[0] else self.play(tasks, module_defaults, play_vars)
        path = self.tmp_path / ("playbook-%d.yml" % self.count)
        path.write_text(json.dumps(playbook, indent=2))  # JSON is YAML
        record = self.tmp_path / ("record-%d.jsonl" % self.count)
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(self.inventory), str(path)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        command.extend(extra_args)
        completed = subprocess.run(command, capture_output=True, text=True, env=self.environment(record, env),
                                   timeout=PLAYBOOK_TIMEOUT, check=False)
        records = []
        if record.exists():
            records = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
        return PlaybookRun(completed.returncode, completed.stdout, completed.stderr, records)

    def environment(self, record, extra):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("TELNYX_", "ANSIBLE_"))}
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": str(ensure_collection_link()),
            "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACKS),
            "ANSIBLE_CALLBACKS_ENABLED": "telnyx_record",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "ANSIBLE_LOCAL_TEMP": str(self.tmp_path / "ansible-tmp"),
            "TELNYX_E2E_RECORD": str(record),
        })
        if os.environ.get("TELNYX_VOICE_EXECUTION"):
            env["TELNYX_VOICE_EXECUTION"] = os.environ["TELNYX_VOICE_EXECUTION"]
        env.update(extra or {})
        return env


# What a test relies on when the run turns every quirk on (TELNYX_EMULATOR_QUIRKS=all): a test that reruns a task
# setting a password and expects no change needs Telnyx to echo the password, as the schema's example and the
# observed API do (FACTS T5); test_credential_connection.py shows the masked case, where update_password: always
# sends it on every run and says so.
ECHOES_PASSWORD = pytest.mark.quirks(mask_password=False)


@pytest.fixture(scope="session")
def emulator_api_key():
    """The key the emulator accepts; a suite that scans output for it may choose a more distinctive one."""
    return API_KEY


@pytest.fixture(scope="session")
def emulator_process(emulator_api_key):
    # TELNYX_EMULATOR_QUIRKS=all runs the suite (and the reliability suite, which shares this fixture) against the
    # known Telnyx quirks; reset() before each test keeps them on.
    emulator = Emulator.start(api_key=emulator_api_key, args=quirk_args())
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def emulator(request, emulator_process):
    # A test states the answers it relies on; every other quirk stays as the run chose (all off, or all on).
    marker = request.node.get_closest_marker("quirks")
    emulator_process.pinned_quirks = dict(marker.kwargs) if marker is not None else {}
    reset(emulator_process)
    return emulator_process


def reset(emulator):
    """Reset the emulator for the next part of a test, keeping the quirks the test pinned."""
    emulator.reset()
    if emulator.pinned_quirks:
        emulator.set_quirks(**emulator.pinned_quirks)


@pytest.fixture
def playbook(tmp_path, emulator):
    return PlaybookRunner(tmp_path, emulator)


def writes(emulator):
    """The write requests the emulator received, as (method, path) pairs."""
    return [(entry["method"], entry["path"]) for entry in emulator.requests() if entry["method"] != "GET"
            and not entry["path"].endswith("/actions/check_registration_status")]
