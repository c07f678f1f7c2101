# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugin of credential_connection, driven with a mocked task, connection and play context.

The HTTP layer is scripted with FakeSession. Where the module can run the same scenario, its result
(from main(), as the module process prints it) is compared with the in-process result key by key.
"""

from __future__ import annotations

import copy
import json
import os
from unittest.mock import MagicMock

import pytest

from ansible.module_utils.common import warnings as core_warnings
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.telnyx.voice.plugins.action.credential_connection import ActionModule
from ansible_collections.telnyx.voice.plugins.module_utils import _api, _module
from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.modules import credential_connection
from ansible_collections.telnyx.voice.plugins.plugin_utils import _inprocess
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import (
    LIST, ONE, Call, FakeSession, existing, list_params, page,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import patch_module_args

try:
    from ansible.module_utils import _internal as core_internal
except ImportError:  # ansible-core before 2.19
    core_internal = None


MODULE = "telnyx.voice.credential_connection"
# ansible-core 2.21 adds the invocation to a module's result only when INJECT_INVOCATION is on.
INJECT_INVOCATION_KNOWN = "INJECT_INVOCATION" in _inprocess.C.config.get_configuration_definitions()
API_KEY = "key-xyz-987654321"
PASSWORD = "s3cret-pass-1"
NEW_PASSWORD = "n3w-password-1"
BASE = {"api_key": API_KEY, "connection_name": "office"}
CREATE = dict(BASE, user_name="office01", password=PASSWORD)
MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("TELNYX_API_KEY", "TELNYX_BASE_URL", "TELNYX_REQUEST_TIMEOUT", "TELNYX_MAX_RETRIES",
                 "TELNYX_RETRY_MAX_DELAY", "TELNYX_VOICE_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    # From 2.21 the invocation is in the result only on request; these tests look at it.
    monkeypatch.setenv("ANSIBLE_INJECT_INVOCATION", "1")


def script(monkeypatch, calls):
    """Every TelnyxClient made from now on talks to one FakeSession that expects ``calls``."""
    session = FakeSession(calls)
    monkeypatch.setattr(TelnyxClient, "_new_session", lambda self: session)
    monkeypatch.setattr(_inprocess, "_SESSIONS", {})
    return session


def make_action(args, transport="local", become=None, check_mode=False, diff=False, async_val=0,
                environment=None, action=MODULE, resolved_action=MODULE, module_defaults=None, action_groups=None):
    """The action plugin as TaskExecutor builds it, around mocks of the task, connection and play context."""
    task = MagicMock()
    task.args = copy.deepcopy(args)
    task.action = action
    task.resolved_action = resolved_action
    task.async_val = async_val
    task.check_mode = check_mode
    task.diff = diff
    task.environment = environment or []
    task.module_defaults = module_defaults or []
    task._parent._play._action_groups = action_groups or {}
    connection = MagicMock()
    connection.transport = transport
    connection.become = become
    connection.has_native_async = False
    connection._shell.tmpdir = None
    play_context = MagicMock()
    play_context.check_mode = check_mode
    play_context.diff = diff
    play_context.remote_addr = "localhost"
    loader = DataLoader()
    plugin = ActionModule(task, connection, play_context, loader=loader, templar=Templar(loader=loader, variables={}),
                          shared_loader_obj=None)
    plugin._execute_module = MagicMock(return_value={"changed": False, "ran": "module"})
    plugin._remove_tmp_path = MagicMock()
    return plugin


def run_action(monkeypatch, args, calls, **options):
    session = script(monkeypatch, calls)
    plugin = make_action(args, **options)
    result = plugin.run(task_vars={})
    return result, session, plugin


def run_module(monkeypatch, capsys, args, calls, check_mode=False, diff=False):
    """The module as its process runs it: the JSON it prints."""
    session = script(monkeypatch, calls)
    internal = {"_ansible_check_mode": check_mode, "_ansible_diff": diff, "_ansible_module_name": MODULE}
    if INJECT_INVOCATION_KNOWN:
        internal["_ansible_inject_invocation"] = os.environ.get("ANSIBLE_INJECT_INVOCATION") == "1"
    for name in ("_global_warnings", "_global_deprecations"):
        # A module process starts with none; this test process keeps them from the last module run.
        getattr(core_warnings, name).clear()
    with monkeypatch.context() as patch:
        if hasattr(core_internal, "is_controller"):
            # Importing the action made this process a controller (2.19+), where warn() goes to the display.
            # A module process never is one.
            patch.setattr(core_internal, "is_controller", False)
        with patch_module_args(dict(copy.deepcopy(args), **internal)):
            with pytest.raises(SystemExit):
                credential_connection.main()
    return json.loads(capsys.readouterr().out), session


def message(warning):
    """A warning's text, whether a string (action, and modules before 2.19) or a serialised WarningSummary."""
    if isinstance(warning, dict):
        return warning["event"]["msg"]
    if hasattr(warning, "event"):  # a WarningSummary, as 2.21 hands results on
        return warning.event.msg
    return str(warning)


def comparable(result):
    """A result with what legitimately differs between a module's printed JSON and an action's dict removed.

    ``exception`` is normalised by core on both paths before anyone sees it, ``_ansible_parsed`` is added
    by _execute_module (and ``changed``/``failed`` from 2.21), and warnings are serialised objects in a 2.19 module's
    JSON. The end-to-end tests compare the two paths after core's own processing, with nothing removed.
    """
    result = dict(result)
    result.pop("_ansible_parsed", None)
    result.pop("exception", None)
    # From 2.21, _execute_module sets both on every answer.
    result.setdefault("changed", False)
    result.setdefault("failed", False)
    if result.get("warnings"):
        result["warnings"] = [message(warning) for warning in result["warnings"]]
    return json.loads(json.dumps(result, default=str))


def same_as_module(monkeypatch, capsys, args, calls, check_mode=False, diff=False, complete=True):
    """Run the module and the in-process action on the same script; both must send and return the same."""
    module_result, module_session = run_module(monkeypatch, capsys, args, calls, check_mode=check_mode, diff=diff)
    action_result, action_session, plugin = run_action(monkeypatch, args, calls, check_mode=check_mode, diff=diff)
    plugin._execute_module.assert_not_called()
    assert comparable(action_result) == comparable(module_result)
    assert action_session.sent == module_session.sent
    if complete:
        action_session.assert_done()
    return action_result, action_session


# Where it runs

def test_local_connection_runs_in_process_without_a_module(monkeypatch):
    result, session, plugin = run_action(monkeypatch, CREATE, [
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("POST", LIST, json_body={"connection_name": "office", "user_name": "office01", "password": PASSWORD},
             body={"data": existing()}),
    ])
    session.assert_done()
    plugin._execute_module.assert_not_called()
    assert result["changed"] is True
    assert result["credential_connection"]["id"] == "1293384261075731499"
    assert result["credential_connection"]["password"] == "********"


@pytest.mark.parametrize("options, env", [
    (dict(transport="ssh"), {}),
    (dict(transport="paramiko"), {}),
    (dict(become=MagicMock()), {}),
    (dict(async_val=30), {}),
    ({}, {"TELNYX_VOICE_EXECUTION": "module"}),
], ids=["ssh", "paramiko", "become", "async", "forced-by-env"])
def test_anything_but_a_plain_local_connection_runs_the_module(monkeypatch, options, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    session = script(monkeypatch, [])
    plugin = make_action(CREATE, **options)
    result = plugin.run(task_vars={"some": "var"})
    assert result == {"changed": False, "ran": "module"}
    plugin._execute_module.assert_called_once_with(task_vars={"some": "var"},
                                                   wrap_async=bool(options.get("async_val")))
    assert session.sent == []


def test_the_module_runs_on_the_delegated_hosts_connection(monkeypatch):
    """TaskExecutor hands the action the connection of the delegate_to host: that is what decides."""
    session = script(monkeypatch, [])
    plugin = make_action(CREATE, transport="ssh")  # e.g. delegate_to: jumphost
    plugin.run(task_vars={})
    plugin._execute_module.assert_called_once()
    assert session.sent == []
    session = script(monkeypatch, [Call("GET", LIST, body=page([existing()]), params=list_params("office"))])
    plugin = make_action(BASE, transport="local")  # e.g. delegate_to: localhost
    assert plugin.run(task_vars={})["changed"] is False
    plugin._execute_module.assert_not_called()


def test_the_switch_can_be_set_in_the_tasks_environment(monkeypatch):
    script(monkeypatch, [])
    plugin = make_action(CREATE, environment=[{"TELNYX_VOICE_EXECUTION": "module"}])
    assert plugin.run(task_vars={})["ran"] == "module"


def test_auto_is_the_default_and_a_bad_switch_fails_clearly(monkeypatch):
    monkeypatch.setenv("TELNYX_VOICE_EXECUTION", "auto")
    script(monkeypatch, [Call("GET", LIST, body=page([existing()]), params=list_params("office"))])
    assert make_action(BASE).run(task_vars={})["changed"] is False
    monkeypatch.setenv("TELNYX_VOICE_EXECUTION", "fast")
    session = script(monkeypatch, [])
    plugin = make_action(BASE)
    result = plugin.run(task_vars={})
    assert result["failed"] is True
    assert result["msg"] == "TELNYX_VOICE_EXECUTION must be one of auto, module, got 'fast'"
    plugin._execute_module.assert_not_called()
    assert session.sent == []


def test_the_module_mode_removes_its_temporary_directory(monkeypatch):
    script(monkeypatch, [])
    plugin = make_action(CREATE, transport="ssh")
    plugin._connection._shell.tmpdir = "/tmp/ansible-tmp-x"
    plugin.run(task_vars={})
    plugin._remove_tmp_path.assert_called_once_with("/tmp/ansible-tmp-x")


# module_defaults

def test_the_action_knows_its_module():
    assert make_action(BASE).module_name == MODULE


def test_arguments_are_taken_as_core_finalised_them(monkeypatch):
    """Core has applied module_defaults to task.args for the task's own action: none is applied twice.

    A default the task removed with omit must stay removed, as it does for the module.
    """
    script(monkeypatch, [Call("GET", LIST, body=page([existing()]), params=list_params("office"))])
    plugin = make_action(BASE, module_defaults=[{"group/telnyx.voice.telnyx": {"active": False}}],
                         action_groups={MODULE: ["telnyx.voice.telnyx"]})
    result = plugin.run(task_vars={})
    assert result["changed"] is False
    assert result["invocation"]["module_args"]["active"] is None


@pytest.mark.parametrize("defaults", [
    {"group/telnyx.voice.telnyx": {"api_key": "group-key-1234567", "active": False}},
    {MODULE: {"api_key": "group-key-1234567", "active": False}},
], ids=["group", "action"])
def test_module_defaults_are_applied_when_core_did_not(monkeypatch, defaults):
    """For a module that is not the task's resolved action, defaults are applied as core's actions do it."""
    session = script(monkeypatch, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
        Call("PATCH", ONE, json_body={"active": False}, body={"data": existing(active=False)}),
    ])
    plugin = make_action({"connection_name": "office"}, resolved_action="telnyx.voice.some_redirect",
                         module_defaults=[defaults], action_groups={MODULE: ["telnyx.voice.telnyx"]})
    result = plugin.run(task_vars={})
    session.assert_done()
    assert result["changed"] is True
    assert result["invocation"]["module_args"]["api_key"] == MASK
    assert "group-key-1234567" not in json.dumps(result)


def test_task_arguments_win_over_module_defaults():
    plugin = make_action({"connection_name": "office", "api_key": "task-key-1234567"},
                         resolved_action="telnyx.voice.some_redirect",
                         module_defaults=[{"group/telnyx.voice.telnyx": {"api_key": "group-key-1234567",
                                                                         "base_url": "http://127.0.0.1:9/v2"}}],
                         action_groups={MODULE: ["telnyx.voice.telnyx"]})
    args = plugin.task_args()
    assert args["api_key"] == "task-key-1234567"
    assert args["base_url"] == "http://127.0.0.1:9/v2"


# Env fallbacks, as the module process would see them

def test_api_key_comes_from_the_controllers_environment(monkeypatch, capsys):
    monkeypatch.setenv("TELNYX_API_KEY", "env-key-123456")
    result, session = same_as_module(monkeypatch, capsys, {"connection_name": "office"}, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
    ])
    assert result["changed"] is False
    assert result["invocation"]["module_args"]["api_key"] == MASK
    assert "env-key-123456" not in json.dumps(result)


def test_api_key_comes_from_the_tasks_environment_keyword(monkeypatch):
    session = script(monkeypatch, [Call("GET", LIST, body=page([existing()]), params=list_params("office"))])
    plugin = make_action({"connection_name": "office"},
                         environment=[{"TELNYX_API_KEY": "task-env-key-1234", "TELNYX_MAX_RETRIES": 1}])
    result = plugin.run(task_vars={})
    session.assert_done()
    assert result["changed"] is False
    assert session.headers["Authorization"] == "Bearer task-env-key-1234"
    assert result["invocation"]["module_args"]["max_retries"] == 1
    assert "task-env-key-1234" not in json.dumps(result)
    # The worker's environment is left as it was.
    assert "TELNYX_API_KEY" not in os.environ


def test_a_missing_api_key_fails_like_the_module(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, {"connection_name": "office"}, [])
    assert result["failed"] is True
    assert result["msg"] == ("Invalid options for credential connection: api_key: is required: set it in the task "
                             "or in module_defaults, or export TELNYX_API_KEY")


# Check mode and diff

def test_check_mode_sends_reads_only_and_predicts_like_the_module(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, active=False, password=NEW_PASSWORD), [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
    ], check_mode=True, diff=True)
    assert result["changed"] is True
    assert session.writes == []
    assert result["diff"]["after"]["active"] is False
    assert result["diff"]["after"]["password"] == "<hidden, changed>"


def test_check_mode_create_writes_nothing(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, CREATE, [
        Call("GET", LIST, body=page([]), params=list_params("office")),
    ], check_mode=True)
    assert result["changed"] is True and session.writes == []
    assert result["credential_connection"]["id"] is None


def test_diff_only_when_asked(monkeypatch, capsys):
    calls = [Call("GET", LIST, body=page([existing()]), params=list_params("office")),
             Call("PATCH", ONE, body={"data": existing(active=False)})]
    with_diff, dummy = same_as_module(monkeypatch, capsys, dict(BASE, active=False), calls, diff=True)
    assert with_diff["diff"] == {"before": {"connection_name": "office", "active": True},
                                 "after": {"connection_name": "office", "active": False}}
    without, dummy = same_as_module(monkeypatch, capsys, dict(BASE, active=False), calls, diff=False)
    assert "diff" not in without


# The same result as the module, scenario by scenario

def test_create(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(CREATE, tags=["a"]), [
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("POST", LIST, body={"data": existing(tags=["a"])}),
    ], diff=True)
    assert result["changed"] is True
    assert result["diff"]["before"] == {}


def test_rerun_is_unchanged(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(CREATE, tags=["a", "b"]), [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
    ], diff=True)
    assert result["changed"] is False and session.writes == []


def test_update_masks_every_secret_in_the_result_and_the_invocation(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, password=NEW_PASSWORD, active=False), [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
        Call("PATCH", ONE, json_body={"password": NEW_PASSWORD, "active": False},
             body={"data": existing(password=NEW_PASSWORD, active=False)}),
    ], diff=True)
    text = json.dumps(result, default=str)
    for secret in (NEW_PASSWORD, PASSWORD, API_KEY):
        assert secret not in text
    assert result["invocation"]["module_args"]["password"] == MASK
    assert result["invocation"]["module_args"]["api_key"] == MASK
    assert result["credential_connection"]["password"] == "********"
    assert result["diff"]["after"]["password"] == "<hidden, changed>"


def test_a_no_log_value_inside_other_strings_is_masked_like_the_module(monkeypatch, capsys):
    """remove_values masks a secret wherever it appears, even in a value Telnyx echoes back."""
    echoed = existing(webhook_event_url="https://hooks.example.com/" + API_KEY)
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, active=True), [
        Call("GET", LIST, body=page([echoed]), params=list_params("office")),
    ])
    assert result["credential_connection"]["webhook_event_url"] == "https://hooks.example.com/********"


def test_delete_by_id(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys,
                                     {"api_key": API_KEY, "id": "1293384261075731499", "state": "absent"},
                                     [Call("GET", ONE, body={"data": existing()}),
                                      Call("DELETE", ONE, body={"data": existing()})], diff=True)
    assert result["changed"] is True
    assert result["credential_connection"] == {}


def test_absent_and_missing(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, state="absent"), [
        Call("GET", LIST, body=page([]), params=list_params("office")),
    ])
    assert result["changed"] is False


# Failures

@pytest.mark.parametrize("args", [
    dict(BASE, bogus=1),
    dict(BASE, inbound={"codecs": ["G722"], "nope": 1}),
    {"api_key": API_KEY},
    dict(BASE, state="gone"),
    dict(BASE, active="maybe"),
    dict(BASE, max_retries="many"),
    dict(BASE, anchorsite_override="Mars"),
    dict(BASE, tags={"a": 1}),
    dict(BASE, update_password="never", password=PASSWORD),
], ids=["unsupported", "unsupported-nested", "one-of", "choice", "bool", "int", "choice-with-comma", "list",
        "choice-beside-secret"])
def test_validation_errors_are_the_modules(monkeypatch, capsys, args):
    result, session = same_as_module(monkeypatch, capsys, args, [])
    assert result["failed"] is True
    assert session.sent == []
    assert PASSWORD not in json.dumps(result, default=str) and API_KEY not in json.dumps(result, default=str)


UNCHANGED = [Call("GET", LIST, body=page([existing()]), params=list_params("office"))]
UPDATED = UNCHANGED + [Call("PATCH", ONE, body={"data": existing()})]


@pytest.mark.parametrize("args, calls", [
    (dict(BASE, rtcp_settings={"report_frequency_secs": 10, "report_frequency_seconds": 10}), UPDATED),
    (dict(BASE, password=["a", "list", "of", "words"]), UPDATED),
    (dict(BASE, api_key=None), UNCHANGED),
    (dict(BASE, webhook_timeout_secs="7", inbound={"channel_limit": ""}, outbound={"call_parking_enabled": "yes"}),
     UPDATED),
], ids=["alias-and-option", "list-as-string", "null-required", "raw-values"])
def test_odd_inputs_are_taken_as_the_module_takes_them(monkeypatch, capsys, args, calls):
    """Inputs that AnsibleModule converts or lets through rather than rejects: the same either way."""
    same_as_module(monkeypatch, capsys, args, calls, complete=False)


@pytest.mark.skipif(not INJECT_INVOCATION_KNOWN, reason="ansible-core before 2.21 always adds the invocation")
def test_no_invocation_unless_asked_from_2_21(monkeypatch, capsys):
    monkeypatch.delenv("ANSIBLE_INJECT_INVOCATION")
    result, session = same_as_module(monkeypatch, capsys, BASE, UNCHANGED)
    assert "invocation" not in result


def test_in_process_masks_the_api_key_even_where_the_module_shows_it(monkeypatch, capsys):
    """A string for a dict option stops AnsibleModule's collection of no_log values early (ansible-core
    2.16 to 2.19): its invocation then shows the api_key. In-process, the module's secrets are always masked."""
    args = dict(BASE, inbound="not-a-dict")
    module_result, dummy = run_module(monkeypatch, capsys, args, [])
    result, session, plugin = run_action(monkeypatch, args, [])
    assert result["msg"] == module_result["msg"] == "dictionary requested, could not parse JSON or key=value"
    assert result["invocation"]["module_args"]["api_key"] == MASK
    expected = comparable(module_result)
    expected["invocation"]["module_args"]["api_key"] = MASK
    assert comparable(result) == expected
    assert session.sent == []


def test_unsupported_parameter_message_names_the_task_action(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, bogus=1), [])
    assert result["msg"].startswith("Unsupported parameters for (telnyx.voice.credential_connection) module: bogus. "
                                    "Supported parameters include: active, anchorsite_override,")


def test_invalid_values_fail_before_any_request(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, user_name="x!", password="short"), [])
    assert result["msg"].startswith("Invalid options for credential connection: ")
    assert result["invalid"]


def test_api_failure_keeps_its_details(monkeypatch, capsys):
    errors = [{"code": "10015", "title": "Bad Request", "detail": "nope", "source": {"pointer": "/active"}}]
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, active=False), [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
        Call("PATCH", ONE, status=422, body={"errors": errors}),
    ])
    assert result["failed"] is True
    assert "nope (at /active)" in result["msg"]
    assert result["errors"] == errors and result["status"] == 422


def test_authentication_failure_shows_no_key(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, BASE, [
        Call("GET", LIST, status=401, body={"errors": [{"title": "Unauthorized", "detail": "bad key " + API_KEY}]}),
    ])
    assert result["msg"].startswith("Authentication failed (HTTP 401)")
    assert API_KEY not in json.dumps(result, default=str)


def test_an_unexpected_bug_is_a_clean_failure_like_the_module(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KeyError("boom " + API_KEY)

    monkeypatch.setattr(_module, "reconcile", broken)
    module_result, dummy = run_module(monkeypatch, capsys, BASE, [])
    monkeypatch.setattr(_inprocess, "reconcile", broken)
    result, session, plugin = run_action(monkeypatch, BASE, [])
    assert comparable(result) == comparable(module_result)
    assert result["failed"] is True
    assert result["msg"].startswith("Unexpected error in telnyx.voice (please report it): KeyError")
    assert "Traceback" not in result["msg"]
    assert API_KEY not in json.dumps(result, default=str)


def test_a_bug_before_validation_is_a_clean_failure_too(monkeypatch):
    def broken(self):
        raise RuntimeError("spec broke")

    monkeypatch.setattr(ActionModule, "argument_spec", broken)
    result, session, plugin = run_action(monkeypatch, BASE, [])
    assert result["failed"] is True
    assert result["msg"] == "Unexpected error in telnyx.voice (please report it): RuntimeError: spec broke"


def test_missing_requests_gives_the_same_message(monkeypatch, capsys):
    monkeypatch.setattr(_module, "HAS_REQUESTS", False)
    module_result, dummy = run_module(monkeypatch, capsys, BASE, [])
    monkeypatch.setattr(_api, "HAS_REQUESTS", False)
    result, session, plugin = run_action(monkeypatch, BASE, [])
    assert comparable(result) == comparable(module_result)
    assert "Failed to import the required Python library (requests)" in result["msg"]


def test_tracebacks_follow_the_core_rules(monkeypatch):
    """A traceback goes into the result only where AnsibleModule.fail_json would put one."""
    monkeypatch.setattr(_inprocess, "traceback_wanted", lambda always_before_2_19=False: False)
    result, session, plugin = run_action(monkeypatch, dict(BASE, bogus=1), [])
    assert not isinstance(result.get("exception"), str)
    monkeypatch.setattr(_inprocess, "traceback_wanted", lambda always_before_2_19=False: True)
    monkeypatch.setattr(_inprocess, "AnsibleModuleCapturedError", None)
    monkeypatch.setattr(_inprocess, "UnifiedTaskResult", None)
    result, session, plugin = run_action(monkeypatch, BASE, [Call("GET", LIST, status=500, body={"errors": []})])
    assert "Traceback" in result["exception"]
    assert API_KEY not in result["exception"]


# Warnings

PUSH_ID = "06b09dfd-7154-4980-8b75-cebf7a9d4f8e"


def test_warnings_come_back_under_warnings_like_the_modules(monkeypatch, capsys):
    args = dict(BASE, name="office", android_push_credential_id=PUSH_ID)
    result, session = same_as_module(monkeypatch, capsys, args, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
        Call("PATCH", ONE, body={"data": existing()}),
    ])
    assert [message(warning) for warning in result["warnings"]] == [
        "Both option connection_name and its alias name are set.",
        "Telnyx accepted android_push_credential_id but reports None instead of '%s'; the next run will try "
        "again." % PUSH_ID,
    ]


def test_no_warnings_key_without_warnings(monkeypatch):
    result, session, plugin = run_action(monkeypatch, BASE, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office"))])
    assert "warnings" not in result
