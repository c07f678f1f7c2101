# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugin's two paths give the same results: in-process on the controller, and as a module.

Each test runs the same playbook twice against a freshly reset emulator, once with
TELNYX_VOICE_EXECUTION=auto (in-process on a local connection) and once with =module, then compares
what the callbacks received, what a user saw and what the emulator was asked.
"""

from __future__ import annotations

import base64
import json

from ansible import constants as C

from _modes_helpers import MODULE, agreed, run_both, task
from conftest import API_KEY, ECHOES_PASSWORD, NO_LOG_MASK

PASSWORD = "Modes-Pass-4k9Q"
NEW_PASSWORD = "Modes-Pass-8z2W"
# From 2.21 the invocation is in a result only with INJECT_INVOCATION, and register: keeps it; before, always in
# the result, and register: drops it.
INJECT_INVOCATION_KNOWN = "INJECT_INVOCATION" in C.config.get_configuration_definitions()
NAME = "e2e-modes"
CREATE = dict(connection_name=NAME, user_name="modes01", password=PASSWORD, tags=["a"],
              inbound={"codecs": ["G722", "G711U"]})
IGNORED = {"ignore_errors": True}

LIFECYCLE = [
    task("create", **CREATE),
    task("rerun", **CREATE),
    task("update", connection_name=NAME, name=NAME, password=NEW_PASSWORD, active=False, inbound={"channel_limit": 5}),
    dict(task("check-mode update", connection_name=NAME, dtmf_type="Inband"), check_mode=True),
    dict(task("unknown option", connection_name=NAME, colour="red"), **IGNORED),
    dict(task("no name or id", active=True), **IGNORED),
    dict(task("create without user name", connection_name="e2e-modes-incomplete"), **IGNORED),
    dict(task("wrong api key", connection_name=NAME, api_key="wrong-key-1234567"), **IGNORED),
    dict(task("texml on update", connection_name=NAME, webhook_api_version="texml"), **IGNORED),
    task("delete", connection_name=NAME, state="absent"),
    task("delete again", connection_name=NAME, state="absent"),
    task("delete unknown id", id="1293384261075731499", state="absent"),
]


@ECHOES_PASSWORD
def test_lifecycle_and_failures_are_identical_in_both_modes(playbook, emulator):
    runs = run_both(playbook, emulator, LIFECYCLE, diff=True)
    inprocess, module, inprocess_requests = agreed(runs)

    results = {record["task"]: record["result"] for record in inprocess.records}
    assert [results[name]["changed"] for name in ("create", "rerun", "update", "check-mode update", "delete",
                                                  "delete again", "delete unknown id")] == \
        [True, False, True, True, True, False, False]
    assert results["create"]["diff"]["after"]["password"] == "<hidden>"
    assert results["update"]["diff"] == {
        "before": {"connection_name": NAME, "password": "<hidden>", "active": True, "inbound": {"channel_limit": None}},
        "after": {"connection_name": NAME, "password": "<hidden, changed>", "active": False,
                  "inbound": {"channel_limit": 5}}}
    assert results["unknown option"]["msg"].startswith(
        "Unsupported parameters for (%s) module: colour. Supported parameters include: active," % MODULE)
    assert results["no name or id"]["msg"] == "one of the following is required: id, connection_name"
    assert results["create without user name"]["msg"] == \
        "To create a credential connection, set user_name, password."
    assert results["create without user name"]["missing"] == ["user_name", "password"]
    assert results["wrong api key"]["msg"].startswith("Authentication failed (HTTP 401)")
    assert results["wrong api key"]["status"] == 401
    assert results["texml on update"]["msg"].startswith("Cannot update the credential connection: ")

    # The alias warning of the update task reaches the user as a warning in both modes.
    for run in (inprocess, module):
        assert "[WARNING]: Both option connection_name and its alias name are set." in run.output
    # One read per task, plus the single write where one is needed: the same in both modes.
    writes = [(entry["method"], entry["path"]) for entry in inprocess_requests if entry["method"] != "GET"]
    # A delete by an unknown id reads it (404) and sends no DELETE.
    assert writes == [("POST", "/v2/credential_connections"), ("PATCH", "/v2/credential_connections/<id>"),
                      ("DELETE", "/v2/credential_connections/<id>")]


def test_module_defaults_and_env_fallbacks_are_identical_in_both_modes(playbook, emulator):
    """The group and the action's own module_defaults apply once (an omitted default stays omitted), and the
    api_key can come from the task's environment keyword."""
    plays = [
        {"name": "defaults", "hosts": "localhost", "gather_facts": False,
         "module_defaults": {
             "group/telnyx.voice.telnyx": {"api_key": API_KEY, "base_url": emulator.base_url,
                                           "retry_max_delay": 0.2},
             MODULE: {"tags": ["from-defaults"], "dtmf_type": "Inband", "active": False},
         },
         "tasks": [
             task("create with defaults", connection_name=NAME, user_name="modes01", password=PASSWORD, active=True),
             # Applying the defaults a second time would bring active=false back and send it.
             task("omit a default", connection_name=NAME, active="{{ omit }}", dtmf_type="SIP INFO"),
         ]},
        {"name": "environment", "hosts": "localhost", "gather_facts": False,
         "environment": {"TELNYX_API_KEY": API_KEY, "TELNYX_BASE_URL": emulator.base_url},
         "tasks": [task("key from the environment keyword", connection_name=NAME, active=False)]},
    ]
    runs = run_both(playbook, emulator, plays)
    inprocess, _module, inprocess_requests = agreed(runs, output=False)
    bodies = [entry["body"] for entry in inprocess_requests if entry["method"] != "GET"]
    assert bodies == [
        {"connection_name": NAME, "user_name": "modes01", "password": PASSWORD, "tags": ["from-defaults"],
         "dtmf_type": "Inband", "active": True},
        {"dtmf_type": "SIP INFO"},
        {"active": False},
    ]


def test_verbose_output_shows_no_secret_and_the_path_taken(playbook, emulator):
    tasks = [task("create", **CREATE),
             dict(task("new password", connection_name=NAME, password=NEW_PASSWORD), register="changed_password"),
             # What register: keeps, base64-encoded: no placeholder of core's then hides a secret it holds.
             {"name": "registered", "ansible.builtin.debug": {"msg": "{{ changed_password | to_json | b64encode }}"}}]
    # From 2.21 the invocation is in the result only with INJECT_INVOCATION; older releases always add it.
    runs = run_both(playbook, emulator, tasks, diff=True, verbosity=4, env={"ANSIBLE_INJECT_INVOCATION": "1"})
    for label, (run, _requests) in runs.items():
        assert run.rc == 0, run.output
        for secret in (API_KEY, PASSWORD, NEW_PASSWORD):
            assert secret not in run.output, "%s appears in the -vvvv output in %s mode" % (secret, label)
            assert secret not in str(run.records), "%s appears in a task result in %s mode" % (secret, label)
        # -vvvv shows the invocation, masked the same way by both paths, with the placeholder of the line.
        assert '"api_key": "%s"' % NO_LOG_MASK in run.stdout
        assert '"password": "%s"' % NO_LOG_MASK in run.stdout
        # A registered result holds no secret either: the module masks it itself, also on 2.22, whose core masks
        # a result only where it shows it. register: keeps the invocation from 2.21 (INJECT_INVOCATION) on.
        registered = base64.b64decode(run.task("registered")["msg"]).decode()
        for secret in (API_KEY, PASSWORD, NEW_PASSWORD):
            assert secret not in registered, "%s is in the registered result in %s mode" % (secret, label)
        registered = json.loads(registered)
        assert ("invocation" in registered) is INJECT_INVOCATION_KNOWN
        if INJECT_INVOCATION_KNOWN:
            arguments = registered["invocation"]["module_args"]
            assert arguments["api_key"] == arguments["password"] == NO_LOG_MASK
    inprocess, module = runs["in-process"][0].output, runs["module"][0].output
    assert "%s runs in-process on the controller (local connection with the controller's Python)" % MODULE in inprocess
    assert "AnsiballZ" not in inprocess
    assert "%s runs as a module process (TELNYX_VOICE_EXECUTION=module)" % MODULE in module
    assert "AnsiballZ_credential_connection.py" in module


def test_a_remote_host_runs_the_module_and_delegate_to_localhost_runs_in_process(playbook, emulator):
    """The connection of the host the task runs on decides: an ssh host gets the module (here unreachable),
    the same task delegated to localhost runs in-process."""
    plays = [
        {"name": "inventory", "hosts": "localhost", "gather_facts": False, "tasks": [
            {"ansible.builtin.add_host": {"name": "jumphost", "ansible_host": "127.0.0.1", "ansible_port": 1,
                                          "ansible_connection": "ssh", "ansible_ssh_timeout": 2}}]},
        {"name": "remote", "hosts": "jumphost", "gather_facts": False, "ignore_unreachable": True,
         "module_defaults": {"group/telnyx.voice.telnyx": {"api_key": API_KEY, "base_url": emulator.base_url}},
         "tasks": [
             dict(task("delegated", **CREATE), delegate_to="localhost"),
             task("on the jump host", **CREATE),
         ]},
    ]
    run = playbook(plays, verbosity=3, env={"TELNYX_VOICE_EXECUTION": "auto"})
    assert run.task("delegated")["changed"] is True, run.output
    assert "%s runs in-process on the controller (local connection with the controller's Python)" % MODULE in run.output
    assert "%s runs as a module process (connection ssh is not local)" % MODULE in run.output
    assert "UNREACHABLE!" in run.output
    assert [entry["method"] for entry in emulator.requests()] == ["GET", "POST"]
