# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the in-process path takes from ansible-core: each private name and each behaviour it relies on, with a
test that fails on the ansible-core release that changes it (the version matrix runs these on every line)."""

from __future__ import annotations

import importlib
import inspect
import io
import json
import sys

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as core_warnings
from ansible.plugins.action import ActionBase

from ansible_collections.telnyx.voice.plugins.action.credential_connection import ActionModule
from ansible_collections.telnyx.voice.plugins.plugin_utils import _inprocess

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


def test_the_private_names_are_three_and_listed():
    assert len(_inprocess.PRIVATE_CORE_NAMES) <= 3
    assert len(set(_inprocess.PRIVATE_CORE_NAMES)) == len(_inprocess.PRIVATE_CORE_NAMES)


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


def test_parse_returned_data_takes_a_profile_from_2_19_and_a_unified_result_from_2_21():
    """_parse_returned_data(res[, profile]) and, from 2.21, the UnifiedTaskResult it returns."""
    parameters = inspect.signature(ActionBase._parse_returned_data).parameters
    assert list(parameters)[:2] == ["self", "res"]
    assert ("profile" in parameters) is CORE_2_19_OR_LATER
    action = object.__new__(ActionModule)
    action._used_interpreter = None
    res = dict(rc=0, stdout='{"changed": true, "_ansible_no_log": false, "x": 1}', stdout_lines=[], stderr="",
               stderr_lines=[])
    args = (res, _inprocess.MODULE_SERIALIZATION_PROFILE) if "profile" in parameters else (res,)
    data = action._parse_returned_data(*args)
    if _inprocess.remove_internal_keys is None:  # 2.21 and later
        from ansible._internal._task import UnifiedTaskResult
        assert isinstance(data, UnifiedTaskResult)
        data.remove_internal_keys()
        data = data.as_result_dict(for_round_trip=True)
    else:
        assert not hasattr(data, "as_result_dict")
        _inprocess.remove_internal_keys(data)
    assert data["x"] == 1 and data["changed"] is True
    assert "_ansible_no_log" not in data


def test_the_action_plugin_api_used_is_there():
    """The ActionBase methods every in-process run calls, with the arguments it gives them."""
    assert list(inspect.signature(ActionBase._update_module_args).parameters)[:4] == [
        "self", "module_name", "module_args", "task_vars"]
    assert "variables" in inspect.signature(ActionBase._compute_environment_string).parameters or \
        len(inspect.signature(ActionBase._compute_environment_string).parameters) >= 2
