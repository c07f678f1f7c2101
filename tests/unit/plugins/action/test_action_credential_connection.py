# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugin of credential_connection, driven with a mocked task, connection and play context.

Which path a task takes is decided here from the task, its connection and the module's Python. The in-process
path runs the module's own main() inside core's own _execute_module (only the module's payload and a few of
core's internal arguments are faked, see core_fakes.py); its result is compared with the JSON main() prints as a
module process. The HTTP layer is scripted with FakeSession. The end-to-end suite compares both paths through
real ansible-playbook runs, with core's internal module arguments and payload as core builds them.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from unittest.mock import MagicMock

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common import warnings as core_warnings
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.action import ActionBase
from ansible.template import Templar

from ansible_collections.telnyx.voice.plugins.action.credential_connection import ActionModule
from ansible_collections.telnyx.voice.plugins.module_utils import _api, _module
from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.modules import credential_connection
from ansible_collections.telnyx.voice.plugins.plugin_utils import _inprocess
from ansible_collections.telnyx.voice.tests.unit.plugins.core_secrets import (
    NO_LOG_MASK, fresh_registry, known_to_core,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import (
    LIST, ONE, Call, FakeSession, existing, list_params, page,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.action.core_fakes import (
    built_module, fake_update_module_args, internal_args,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import patch_module_args

try:
    from ansible.module_utils import _internal as core_internal
except ImportError:  # ansible-core before 2.19
    core_internal = None


MODULE = "telnyx.voice.credential_connection"
API_KEY = "key-xyz-987654321"
PASSWORD = "s3cret-pass-1"
BASE = {"api_key": API_KEY, "connection_name": "office"}
CREATE = dict(BASE, user_name="office01", password=PASSWORD)
MASK = NO_LOG_MASK
CONTROLLER = {"ansible_python_interpreter": sys.executable}


@pytest.fixture(autouse=True, scope="module")
def not_a_controller_afterwards():
    """Importing the action plugin made this test process a controller (2.19+) for good; the other test modules
    run module code, which never is one."""
    yield
    if hasattr(core_internal, "is_controller"):
        core_internal.is_controller = False


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("TELNYX_API_KEY", "TELNYX_BASE_URL", "TELNYX_REQUEST_TIMEOUT", "TELNYX_MAX_RETRIES",
                 "TELNYX_RETRY_MAX_DELAY", "TELNYX_VOICE_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    # From 2.21 the invocation is in the result only on request; these tests look at it.
    monkeypatch.setenv("ANSIBLE_INJECT_INVOCATION", "1")
    # Sessions are kept only once an action has run in-process; other tests of this process make their own.
    monkeypatch.setattr(_module, "_SESSIONS", None)
    fake_update_module_args(monkeypatch)


def script(monkeypatch, calls):
    """Every TelnyxClient made from now on talks to one FakeSession that expects ``calls``."""
    session = FakeSession(calls)
    monkeypatch.setattr(TelnyxClient, "_new_session", lambda self: session)
    if _module._SESSIONS is not None:
        monkeypatch.setattr(_module, "_SESSIONS", {})
    return session


def make_action(args, transport="local", become=None, check_mode=False, diff=False, async_val=0,
                environment=None, delegate_to=None):
    """The action plugin as TaskExecutor builds it, around mocks of the task, connection and play context.

    Core's own _execute_module runs; the module's payload (_configure_module) is a stand-in, and the connection
    is a mock whose exec_command a module process would go through (in-process, nothing may reach it)."""
    task = MagicMock()
    task.args = copy.deepcopy(args)
    task.action = MODULE
    task.async_val = async_val
    task.check_mode = check_mode
    task.diff = diff
    task.delegate_to = delegate_to
    task.environment = environment or []
    connection = MagicMock()
    connection.transport = transport
    connection.become = become
    connection.has_native_async = False
    connection._shell.tmpdir = None
    play_context = MagicMock()
    play_context.remote_addr = "localhost"
    loader = DataLoader()
    plugin = ActionModule(task, connection, play_context, loader=loader, templar=Templar(loader=loader, variables={}),
                          shared_loader_obj=None)
    plugin._configure_module = MagicMock(return_value=built_module())
    plugin._remove_tmp_path = MagicMock()
    return plugin


def module_process(plugin):
    """The plugin with core's _execute_module replaced by a mock: what the module-process path calls."""
    plugin._execute_module = MagicMock(return_value={"changed": False, "ran": "module"})
    return plugin


def run_action(monkeypatch, args, calls, task_vars=None, **options):
    session = script(monkeypatch, calls)
    plugin = make_action(args, **options)
    result = plugin.run(task_vars=dict(CONTROLLER) if task_vars is None else task_vars)
    return result, session, plugin


def run_module(monkeypatch, capsys, args, calls, check_mode=False, diff=False):
    """The module as its process runs it: the JSON it prints, without the secrets it hands the controller (2.22,
    ``_ansible_new_secrets``, which the controller takes out first), and those secrets."""
    session = script(monkeypatch, calls)
    for name in ("_global_warnings", "_global_deprecations"):
        # A module process starts with none; this test process keeps them from the last module run.
        getattr(core_warnings, name).clear()
    with monkeypatch.context() as patch:
        if hasattr(core_internal, "is_controller"):
            # Importing the action made this process a controller (2.19+), where warn() goes to the display.
            patch.setattr(core_internal, "is_controller", False)
        with patch_module_args(dict(copy.deepcopy(args), **internal_args(check_mode, diff))):
            with pytest.raises(SystemExit):
                credential_connection.main()
    result = json.loads(capsys.readouterr().out)
    return result, session, result.pop("_ansible_new_secrets", [])


def message(warning):
    """A warning's text, whether a string (before 2.19) or a serialised or parsed WarningSummary."""
    if isinstance(warning, dict):
        return warning["event"]["msg"]
    if hasattr(warning, "event"):
        return warning.event.msg
    return str(warning)


def comparable(result):
    """A result without what core adds when it parses a module's answer (``_ansible_parsed``, ``ansible_parsed``
    from 2.22, and ``changed`` and ``failed`` from 2.21), with warnings as their text; the e2e tests compare after
    core's processing in full."""
    result = dict(result)
    result.pop("_ansible_parsed", None)
    result.pop("ansible_parsed", None)
    result.pop("exception", None)
    result.setdefault("changed", False)
    result.setdefault("failed", False)
    for key in ("warnings", "deprecations"):
        if result.get(key):
            result[key] = [message(item) for item in result[key]]
    return json.loads(json.dumps(result, default=str))


def same_as_module(monkeypatch, capsys, args, calls, check_mode=False, diff=False):
    """Run the module and the in-process action on the same script; both must send and return the same, and the
    in-process run leaves core (2.22) knowing every secret the module process hands the controller: in the worker,
    whose secrets core sends on to the controller with its results."""
    module_result, module_session, handed = run_module(monkeypatch, capsys, args, calls, check_mode=check_mode,
                                                       diff=diff)
    fresh_registry(monkeypatch)  # the worker's, which has not seen the module process's secrets
    action_result, action_session, plugin = run_action(monkeypatch, args, calls, check_mode=check_mode, diff=diff)
    plugin._connection.exec_command.assert_not_called()
    known_to_core(handed)
    assert "_ansible_new_secrets" not in action_result
    assert comparable(action_result) == comparable(module_result)
    assert action_session.sent == module_session.sent
    action_session.assert_done()
    return action_result, action_session


# Where it runs

def test_local_connection_with_the_controllers_python_runs_main_in_process(monkeypatch):
    result, session, plugin = run_action(monkeypatch, CREATE, [
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("POST", LIST, json_body={"connection_name": "office", "user_name": "office01", "password": PASSWORD},
             body={"data": existing()}),
    ])
    session.assert_done()
    # Core built the module's payload and sent it in-band, but nothing reached the connection.
    plugin._configure_module.assert_called_once()
    plugin._connection.exec_command.assert_not_called()
    assert result["changed"] is True
    assert result["credential_connection"]["password"] == "********"
    assert result["invocation"]["module_args"]["api_key"] == MASK
    # Core completes the task's arguments in place, for this action as for the normal action.
    assert plugin._task.args == dict(CREATE, **internal_args())


@pytest.mark.parametrize("options, env, reason", [
    (dict(transport="ssh"), {}, "connection ssh is not local"),
    (dict(transport="paramiko"), {}, "connection paramiko is not local"),
    (dict(become=MagicMock()), {}, "become is set, so the module must run as the become user"),
    (dict(async_val=30), {}, "async task"),
    ({}, {"TELNYX_VOICE_EXECUTION": "module"}, "TELNYX_VOICE_EXECUTION=module"),
], ids=["ssh", "paramiko", "become", "async", "forced-by-env"])
def test_anything_but_a_plain_local_connection_runs_the_module(monkeypatch, options, env, reason):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    session = script(monkeypatch, [])
    plugin = module_process(make_action(CREATE, **options))
    assert plugin.execution_mode({}, CONTROLLER) == ("module", reason)
    task_vars = dict(CONTROLLER, some="var")
    result = plugin.run(task_vars=task_vars)
    assert result == {"changed": False, "ran": "module"}
    # Core's normal action ran the module; wrap_async is async_val itself from 2.21, a bool before.
    assert plugin._execute_module.call_args.kwargs["task_vars"] is task_vars
    assert bool(plugin._execute_module.call_args.kwargs["wrap_async"]) is bool(options.get("async_val"))
    # For a module process, whether to pipeline is core's answer (from the connection and config), not forced.
    monkeypatch.setattr(ActionBase, "_is_pipelining_enabled", lambda self, module_style, wrap_async=False: "core's")
    assert plugin._is_pipelining_enabled("new") == "core's"
    assert session.sent == []


def test_another_python_runs_the_module(monkeypatch):
    """ansible_python_interpreter naming another Python: that Python's packages decide, so the module runs there."""
    other = os.path.join(os.path.dirname(os.path.dirname(sys.executable)), "other-python", "python3")
    plugin = make_action(CREATE)
    mode, reason = plugin.execution_mode({}, {"ansible_python_interpreter": other})
    assert mode == "module"
    assert reason == "the module's Python %s is not the controller's %s" % (other, sys.executable)


def test_an_undiscovered_interpreter_runs_the_module_and_a_discovered_one_decides(monkeypatch):
    plugin = make_action(CREATE)
    assert plugin.execution_mode({}, {}) == (
        "module", "the Python interpreter is not known yet; core discovers it for the module process")
    facts = {"ansible_facts": {"discovered_interpreter_python": sys.executable}}
    assert plugin.execution_mode({}, facts)[0] == "inprocess"
    facts = {"ansible_facts": {"discovered_interpreter_python": "/usr/bin/python3.99"}}
    assert plugin.execution_mode({}, facts)[0] == "module"


def test_a_delegated_task_uses_the_delegated_hosts_interpreter():
    plugin = make_action(CREATE, delegate_to="controller")
    task_vars = {"ansible_python_interpreter": "/usr/bin/python3.99",
                 "ansible_delegated_vars": {"controller": CONTROLLER}}
    assert plugin.execution_mode({}, task_vars)[0] == "inprocess"
    task_vars["ansible_delegated_vars"]["controller"] = {"ansible_python_interpreter": "/usr/bin/python3.99"}
    assert plugin.execution_mode({}, task_vars)[0] == "module"


def test_a_controller_without_requests_runs_the_module(monkeypatch):
    monkeypatch.setattr(_api, "HAS_REQUESTS", False)
    plugin = make_action(CREATE)
    assert plugin.execution_mode({}, CONTROLLER) == ("module", "requests is missing on the controller's Python")


@pytest.mark.parametrize("interpreter, same", [
    (sys.executable, True),
    (os.path.join(os.path.dirname(sys.executable), ".", os.path.basename(sys.executable)), True),
    (os.path.realpath(sys.executable) + "-not-there", False),
    ("/usr/bin/python3.99", False),
])
def test_same_python(interpreter, same):
    assert _inprocess.same_python(interpreter) is same


def test_a_link_to_the_base_python_of_a_venv_is_another_python(tmp_path):
    """A venv's python links to its base interpreter, which lacks the venv's packages."""
    base = tmp_path / "base" / "python3"
    base.parent.mkdir()
    base.write_text("")
    venv_python = tmp_path / "venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.symlink_to(base)
    (venv_python.parent / "python3").symlink_to(base)
    assert _inprocess.same_python(str(base), executable=str(venv_python)) is False
    assert _inprocess.same_python(str(venv_python.parent / "python3"), executable=str(venv_python)) is True


def test_the_switch_can_be_set_in_the_tasks_environment(monkeypatch):
    script(monkeypatch, [])
    plugin = module_process(make_action(CREATE, environment=[{"TELNYX_VOICE_EXECUTION": "module"}]))
    assert plugin.run(task_vars=dict(CONTROLLER))["ran"] == "module"


def test_auto_is_the_default_and_a_bad_switch_fails_clearly(monkeypatch):
    monkeypatch.setenv("TELNYX_VOICE_EXECUTION", "auto")
    result, session, plugin = run_action(monkeypatch, BASE, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office"))])
    assert result["changed"] is False
    monkeypatch.setenv("TELNYX_VOICE_EXECUTION", "fast")
    result, session, plugin = run_action(monkeypatch, BASE, [])
    assert result["failed"] is True
    assert result["msg"] == "TELNYX_VOICE_EXECUTION must be one of auto, module, got 'fast'"
    plugin._configure_module.assert_not_called()
    assert session.sent == []


def test_the_module_mode_removes_its_temporary_directory(monkeypatch):
    script(monkeypatch, [])
    plugin = module_process(make_action(CREATE, transport="ssh"))
    plugin._connection._shell.tmpdir = "/tmp/ansible-tmp-x"
    plugin.run(task_vars={})
    plugin._remove_tmp_path.assert_called_once_with("/tmp/ansible-tmp-x")


def test_the_action_knows_its_module():
    assert make_action(BASE).module_name == MODULE
    assert _inprocess.module_package(ActionModule.__module__) == credential_connection.__name__


# The same answers as the module process

def test_api_key_comes_from_the_controllers_environment(monkeypatch, capsys):
    monkeypatch.setenv("TELNYX_API_KEY", "env-key-123456")
    result, session = same_as_module(monkeypatch, capsys, {"connection_name": "office"}, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
    ])
    assert result["invocation"]["module_args"]["api_key"] == MASK
    assert "env-key-123456" not in json.dumps(result, default=str)


def test_api_key_comes_from_the_tasks_environment_keyword(monkeypatch):
    result, session, plugin = run_action(monkeypatch, {"connection_name": "office"}, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office"))],
        environment=[{"TELNYX_API_KEY": "task-env-key-123456"}])
    session.assert_done()
    assert result["changed"] is False
    assert "TELNYX_API_KEY" not in os.environ, "the task's environment must be undone"


def test_check_mode_sends_reads_only_and_predicts_like_the_module(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, active=False), [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
    ], check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["diff"]["after"] == {"connection_name": "office", "active": False}


def test_update_masks_every_secret_like_the_module(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, dict(BASE, password="n3w-password-1"), [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
        Call("PATCH", ONE, json_body={"password": "n3w-password-1"}, body={"data": existing()}),
    ], diff=True)
    assert "n3w-password-1" not in json.dumps(result, default=str)
    assert API_KEY not in json.dumps(result, default=str)


@pytest.mark.parametrize("args", [
    dict(BASE, colour="red"),
    {"api_key": API_KEY, "active": True},
    dict(BASE, inbound="not-a-dict"),
    dict(BASE, state="gone"),
], ids=["unknown-option", "no-name-or-id", "dict-as-string", "bad-choice"])
def test_validation_errors_are_the_modules(monkeypatch, capsys, args):
    result, session = same_as_module(monkeypatch, capsys, args, [])
    assert result["failed"] is True
    assert API_KEY not in json.dumps(result, default=str)


def test_api_failure_keeps_its_details_like_the_module(monkeypatch, capsys):
    result, session = same_as_module(monkeypatch, capsys, BASE, [
        Call("GET", LIST, status=401, body={"errors": [{"detail": "bad key"}]}, params=list_params("office"))])
    assert result["msg"].startswith("Authentication failed (HTTP 401)")
    assert API_KEY not in json.dumps(result, default=str)


def test_an_unexpected_bug_is_a_clean_failure_like_the_module(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KeyError("boom " + API_KEY)

    monkeypatch.setattr(_module, "reconcile", broken)
    result, session = same_as_module(monkeypatch, capsys, BASE, [])
    assert result["msg"].startswith("Unexpected error in telnyx.voice (please report it): KeyError")
    assert API_KEY not in json.dumps(result, default=str)


def test_an_exception_out_of_main_is_a_module_failure_as_core_reports_one(monkeypatch):
    def broken():
        raise RuntimeError("main broke")

    monkeypatch.setattr(credential_connection, "main", broken)
    result, session, plugin = run_action(monkeypatch, BASE, [])
    assert result["failed"] is True
    # "MODULE FAILURE" before 2.19, "Module result deserialization failed" from 2.19: core's words either way.
    assert result["msg"].startswith(("MODULE FAILURE", "Module result deserialization failed"))
    assert "RuntimeError: main broke" in result["module_stderr"]


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


# run_main: this worker as a module process, for one main()

def deprecating_main():
    """A test-only module: an option with removed_in_version and one with a deprecated alias, and a warning."""
    module = AnsibleModule(argument_spec={
        "old": {"type": "str", "removed_in_version": "9.0.0", "removed_from_collection": "telnyx.voice"},
        "new": {"type": "str", "aliases": ["legacy"], "deprecated_aliases": [
            {"name": "legacy", "version": "9.0.0", "collection_name": "telnyx.voice"}]},
    })
    module.warn("careful")
    module.exit_json(changed=False)


def main_output(main, args):
    output = _inprocess.run_main(main, json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    return output["rc"], json.loads(output["stdout"]), output


def test_deprecations_and_warnings_come_from_the_real_ansiblemodule():
    rc, result, output = main_output(deprecating_main, {"old": "x", "legacy": "y"})
    assert rc == 0
    assert [message(item) for item in result["warnings"]] == ["careful"]
    texts = json.dumps(result["deprecations"])
    assert "old" in texts and "legacy" in texts and "9.0.0" in texts
    assert len(result["deprecations"]) == 2


def test_each_run_starts_without_the_last_runs_warnings():
    """The items of a loop run in one worker; a module process would start each without the last one's."""
    main_output(deprecating_main, {"old": "x"})
    rc, result, output = main_output(deprecating_main, {"new": "z"})
    assert [message(item) for item in result["warnings"]] == ["careful"]
    assert "deprecations" not in result


def test_run_main_puts_the_worker_back():
    argv, stdin, stdout = sys.argv, sys.stdin, sys.stdout
    controller = getattr(core_internal, "is_controller", None)
    main_output(deprecating_main, {"old": "x"})
    assert (sys.argv, sys.stdin, sys.stdout) == (argv, stdin, stdout)
    assert getattr(core_internal, "is_controller", None) == controller
    assert _inprocess.core_basic._ANSIBLE_ARGS is None, "the arguments, with their secrets, must not stay cached"


def test_run_main_reports_an_exit_code_and_an_uncaught_exception_as_a_process_would():
    def failing():
        AnsibleModule(argument_spec={}).fail_json(msg="no")

    def crashing():
        raise ValueError("crash")

    rc, result, output = main_output(failing, {})
    assert rc == 1 and result["failed"] is True and result["msg"] == "no"
    output = _inprocess.run_main(crashing, json.dumps({"ANSIBLE_MODULE_ARGS": {}}))
    assert output["rc"] == 1 and output["stdout"] == ""
    assert output["stderr"].startswith("Traceback") and "ValueError: crash" in output["stderr"]
