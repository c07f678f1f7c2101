# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the in-process path takes from ansible-core: each private name, each ActionBase method it overrides and
each behaviour it relies on, with a test that fails on the ansible-core release that changes it (the version
matrix runs these on every line, the newest pre-release included)."""

from __future__ import annotations

import importlib
import inspect
import io
import json
import sys

from unittest.mock import MagicMock

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as core_warnings
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.template import Templar

from ansible_collections.telnyx.voice.plugins.action.credential_connection import ActionModule
from ansible_collections.telnyx.voice.plugins.plugin_utils import _inprocess
from ansible_collections.telnyx.voice.tests.unit.plugins.action.core_fakes import (
    MODULE_DATA, built_module, fake_update_module_args,
)

try:
    from ansible.module_utils import _internal as core_internal
except ImportError:  # ansible-core before 2.19
    core_internal = None

CORE_2_19_OR_LATER = core_internal is not None and hasattr(core_internal, "is_controller")


@pytest.fixture(autouse=True, scope="module")
def not_a_controller_afterwards():
    """Importing the action plugin made this test process a controller (2.19+); other test modules run module code."""
    yield
    if CORE_2_19_OR_LATER:
        core_internal.is_controller = False


def test_the_private_names_are_two_and_listed():
    assert sorted(_inprocess.PRIVATE_CORE_NAMES) == [
        "ansible.module_utils._internal.is_controller", "ansible.module_utils.basic._ANSIBLE_ARGS"]


def test_the_action_is_cores_normal_action_with_only_the_listed_hooks():
    """Everything of the normal action and of ActionBase is core's but the CORE_HOOKS: a new override must be
    listed (and tested below), and _execute_module, _parse_returned_data and run's result handling stay core's."""
    assert issubclass(ActionModule, NormalAction)
    overridden = {name for name in vars(_inprocess.InProcessAction)
                  if name.startswith("_") and not name.startswith("__") and callable(getattr(ActionBase, name, None))}
    assert overridden == set(_inprocess.CORE_HOOKS)
    for name in ("_execute_module", "_parse_returned_data", "_configure_module"):
        assert getattr(ActionModule, name) is getattr(ActionBase, name)


@pytest.mark.parametrize("name, parameters", [
    ("_is_pipelining_enabled", ["self", "module_style", "wrap_async"]),
    ("_update_module_args", ["self", "module_name", "module_args", "task_vars"]),
    ("_low_level_execute_command", ["self", "cmd", "sudoable", "in_data"]),
])
def test_each_hook_has_the_parameters_it_is_overridden_with(name, parameters):
    assert name in _inprocess.CORE_HOOKS
    assert list(inspect.signature(getattr(ActionBase, name)).parameters)[:len(parameters)] == parameters


class RecordingAction(NormalAction):
    """The normal action with the in-process path's view of core: pipelining on, a module payload, and a record
    of every command core would run, each answered with one module result."""

    commands = None

    def _is_pipelining_enabled(self, module_style, wrap_async=False):
        return True

    def _configure_module(self, module_name, module_args, task_vars):
        return built_module()

    def _low_level_execute_command(self, cmd, sudoable=True, in_data=None, *args, **kwargs):
        self.commands.append(in_data)
        out = '{"changed": true, "_ansible_no_log": false, "_ansible_verbose_always": true, "x": 1}'
        return dict(rc=0, stdout=out, stdout_lines=[out], stderr="", stderr_lines=[])


def test_a_pipelined_module_is_one_low_level_command_with_its_payload_in_band(monkeypatch):
    """What the in-process path rests on: with pipelining on, the normal action's run() completes the arguments
    with _update_module_args, makes no temporary directory, runs the module with one _low_level_execute_command
    whose in_data is the module's payload, and parses and cleans the answer itself."""
    fake_update_module_args(monkeypatch)
    task = MagicMock(args={"a": 1}, action="telnyx.voice.credential_connection", async_val=0, check_mode=False,
                     diff=False, environment=[])
    connection = MagicMock(transport="local", become=None)
    connection._shell.tmpdir = None
    loader = DataLoader()
    action = RecordingAction(task, connection, MagicMock(), loader=loader, templar=Templar(loader=loader),
                             shared_loader_obj=None)
    action.commands = []
    action._make_tmp_path = MagicMock(side_effect=AssertionError("no temporary directory with pipelining"))
    result = action.run(task_vars={})
    assert action.commands == [MODULE_DATA]
    assert result["x"] == 1 and result["changed"] is True
    assert not [key for key in result if key.startswith("_ansible_") and key != "_ansible_parsed"]
    assert task.args["_ansible_check_mode"] is False, "_update_module_args completed the task's own arguments"


def test_ansible_args_caches_what_ansiblemodule_reads_from_stdin(monkeypatch):
    """basic._ANSIBLE_ARGS: None means "read stdin"; AnsibleModule keeps what it read there."""
    assert hasattr(basic, "_ANSIBLE_ARGS")
    payload = json.dumps({"ANSIBLE_MODULE_ARGS": {"a": 1}})
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", None)
    monkeypatch.setattr(sys, "argv", sys.argv[:1])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload.encode()), encoding="utf-8"))
    assert basic._load_params() == {"a": 1}
    assert basic._ANSIBLE_ARGS == payload.encode()
    # A second read takes the cache, not stdin: why run_main clears it before each run.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{}"), encoding="utf-8"))
    assert basic._load_params() == {"a": 1}


def test_is_controller_decides_where_module_warnings_go(monkeypatch):
    """From 2.19, warn() records a warning for the module's result only where is_controller is False; before,
    it always records it (and there is no is_controller to set)."""
    if not CORE_2_19_OR_LATER:
        importlib.reload(core_warnings)
        core_warnings.warn("recorded")
        assert core_warnings.get_warning_messages() == ("recorded",)
        return
    monkeypatch.setattr(core_internal, "is_controller", False)
    importlib.reload(core_warnings)
    core_warnings.warn("recorded")
    assert core_warnings.get_warning_messages() == ("recorded",)
    monkeypatch.setattr(core_internal, "is_controller", True)
    importlib.reload(core_warnings)
    core_warnings.warn("displayed")
    assert core_warnings.get_warning_messages() == ()


def test_is_controller_is_listed_exactly_where_core_has_it():
    assert ("ansible.module_utils._internal.is_controller" in _inprocess.PRIVATE_CORE_NAMES) is True
    assert (_inprocess.core_module_internal is not None) is CORE_2_19_OR_LATER


def test_a_reload_gives_basic_fresh_warnings(monkeypatch):
    """Warnings and deprecations are module state of ansible.module_utils.common.warnings, which basic's warn()
    and get_warnings() share: a reload starts them afresh, as a module process starts."""
    if CORE_2_19_OR_LATER:
        monkeypatch.setattr(core_internal, "is_controller", False)
    # What AnsibleModule._return_formatted reads: get_warnings() from 2.19, get_warning_messages() before.
    get_warnings = getattr(basic, "get_warnings", None) or basic.get_warning_messages
    get_deprecations = getattr(basic, "get_deprecations", None) or basic.get_deprecation_messages
    basic.warn("left over")
    basic.deprecate("left over too", version="9.0.0", collection_name="telnyx.voice")
    assert get_warnings() and get_deprecations()
    importlib.reload(core_warnings)
    assert not get_warnings()
    assert not get_deprecations()


def test_the_action_plugin_api_used_is_there():
    """The ActionBase method run() calls for the task's environment, with the dict it fills."""
    assert "variables" in inspect.signature(ActionBase._compute_environment_string).parameters or \
        len(inspect.signature(ActionBase._compute_environment_string).parameters) >= 2
