# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Stand-ins for the two steps of ActionBase._execute_module that need a real play: building the module's payload
(_configure_module, which needs the plugin loader and the collection finder) and completing its arguments
(_update_module_args, which reads the play context and the configuration). Everything else of _execute_module,
and of the normal action's run(), is core's own in the unit tests of the action plugin."""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace

from ansible import constants as C
from ansible.plugins.action import ActionBase

try:
    from ansible.module_utils import _internal as core_internal
except ImportError:  # ansible-core before 2.19
    core_internal = None

CORE_2_19_OR_LATER = hasattr(core_internal, "is_controller")
MODULE = "telnyx.voice.credential_connection"
MODULE_PATH = "/collections/ansible_collections/telnyx/voice/plugins/modules/credential_connection.py"
# The in-band payload of a pipelined module (an AnsiballZ zip in a real run); the in-process run never reads it.
MODULE_DATA = b"AnsiballZ payload stand-in"
# ansible-core 2.21 adds the invocation to a module's result only when INJECT_INVOCATION is on.
INJECT_INVOCATION_KNOWN = "INJECT_INVOCATION" in C.config.get_configuration_definitions()


def built_module(data=MODULE_DATA):
    """What ActionBase._configure_module returns for a new-style Python module.

    Before 2.19 the tuple ``(module_style, shebang, module_data, module_path)``; from 2.19 ``(module_bits,
    module_path)``, module_bits with the attributes _execute_module reads: 2.19 b_module_data, module_style,
    shebang and serialization_profile; 2.21 adds has_async, has_environment, has_become, process_result and
    get_command_args (None: the payload goes in-band).
    """
    shebang = "#!" + sys.executable
    if not CORE_2_19_OR_LATER:
        return "new", shebang, data, MODULE_PATH
    bits = SimpleNamespace(b_module_data=data, module_style="new", shebang=shebang, serialization_profile="legacy",
                           has_async=False, has_environment=False, has_become=False, process_result=None,
                           get_command_args=lambda remote_module_path: None)
    return bits, MODULE_PATH


def internal_args(check_mode=False, diff=False):
    """A few of the ``_ansible_*`` arguments core's _update_module_args adds (the e2e tests use core's own)."""
    internal = {"_ansible_check_mode": check_mode, "_ansible_diff": diff, "_ansible_module_name": MODULE}
    if INJECT_INVOCATION_KNOWN:
        internal["_ansible_inject_invocation"] = os.environ.get("ANSIBLE_INJECT_INVOCATION") == "1"
    return internal


def fake_update_module_args(monkeypatch):
    """ActionBase._update_module_args replaced, for the test, by one adding internal_args() for the task: the
    action's own override still runs and calls it as core's."""
    def update(self, module_name, module_args, task_vars, *args, **kwargs):
        module_args.update(internal_args(self._task.check_mode, self._task.diff))

    monkeypatch.setattr(ActionBase, "_update_module_args", update)
