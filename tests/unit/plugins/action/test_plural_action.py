# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action of a plural module (plugins/plugin_utils/_plural_action.py): a task that can purge, run inside a
loop, fails before the module runs; every other task runs as every telnyx.voice action does."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.telnyx.voice.plugins.action.credential_connections import ActionModule
from ansible_collections.telnyx.voice.plugins.plugin_utils import _inprocess

try:
    from ansible.module_utils import _internal as core_internal
except ImportError:  # ansible-core before 2.19
    core_internal = None


@pytest.fixture(autouse=True, scope="module")
def not_a_controller_afterwards():
    """Importing the action plugin made this test process a controller (2.19+); other test modules run module code."""
    yield
    if hasattr(core_internal, "is_controller"):
        core_internal.is_controller = False


def run_action(monkeypatch, args, task_vars):
    ran = []
    monkeypatch.setattr(_inprocess.InProcessAction, "run",
                        lambda self, tmp=None, task_vars=None: ran.append(task_vars) or {"changed": False})
    task = MagicMock()
    task.args = dict(args)
    task.action = "telnyx.voice.credential_connections"
    loader = DataLoader()
    plugin = ActionModule(task, MagicMock(), MagicMock(), loader=loader, templar=Templar(loader=loader, variables={}),
                          shared_loader_obj=None)
    return plugin.run(task_vars=task_vars), ran


IN_A_LOOP = {"ansible_loop_var": "item", "item": {"connection_name": "c-1"}}


@pytest.mark.parametrize("args", [
    dict(state="overridden", scope={"tag": "fleet"}, config=[{"connection_name": "c-1"}]),
    dict(state="deleted", allow_empty=True, scope={"tag": "fleet"}),
    dict(state="deleted", allow_empty="yes", scope={"tag": "fleet"}),
])
def test_a_purging_task_in_a_loop_fails_before_the_module_runs(monkeypatch, args):
    result, ran = run_action(monkeypatch, args, IN_A_LOOP)
    assert result["failed"] is True and ran == []
    assert "inside a loop" in result["msg"] and "nothing was sent" in result["msg"]
    assert "state=%s" % args["state"] in result["msg"]


@pytest.mark.parametrize("args, task_vars", [
    (dict(state="merged", config=[{"connection_name": "c-1"}]), IN_A_LOOP),
    (dict(state="deleted", config=[{"connection_name": "c-1"}]), IN_A_LOOP),
    (dict(config=[{"connection_name": "c-1"}]), IN_A_LOOP),
    (dict(state="overridden", scope={"tag": "fleet"}, config=[]), {}),
])
def test_a_task_that_cannot_purge_or_does_not_loop_runs(monkeypatch, args, task_vars):
    result, ran = run_action(monkeypatch, args, task_vars)
    assert result == {"changed": False} and len(ran) == 1
