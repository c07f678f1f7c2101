# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This plugin util is private to the telnyx.voice collection: it may change at any time.

"""Run a telnyx.voice module's own ``main()`` inside the controller's worker process instead of a module process.

A module task costs a fresh Python, the module's imports and a JSON round trip (about 0.6 s on a small
machine), while its Telnyx request takes about a millisecond. When the module would run on the controller,
with the controller's own Python, the action plugin runs the module the way a pipelined module process
would run it, but without the process:

* the task's arguments get core's internal ``_ansible_*`` arguments from ``_update_module_args`` and are
  JSON-encoded the way core sends them to a module;
* the module's own ``main()`` reads them from stdin with the real ``AnsibleModule`` (validation, no_log
  values, warnings, deprecations, invocation, check mode, result formatting), and its exit is taken from
  stdout, with the task's ``environment:`` in ``os.environ``;
* core's ``_parse_returned_data`` and ``remove_internal_keys`` then turn that output into the task result,
  as ``_execute_module`` does with a module's output.

Anywhere else it runs the module with ``_execute_module``, exactly as the ``normal`` action does: on a
connection that is not local, with become or async, when the module's Python (``ansible_python_interpreter``
or the discovered interpreter) is not the controller's, when the controller lacks ``requests``, and with
``TELNYX_VOICE_EXECUTION=module``. ``-vvv`` says which path a task took and why.

The private names of ansible-core this relies on are the ``PRIVATE_CORE_NAMES`` below, each used in one place.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import json
import os
import shutil
import sys
import traceback

from ansible import constants as C
from ansible.module_utils import basic as core_basic
from ansible.module_utils.common import warnings as core_module_warnings
from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.telnyx.voice.plugins.module_utils import _api, _module

try:  # ansible-core 2.19 and later mark the controller's processes; a module process is never one
    from ansible.module_utils import _internal as core_module_internal
    if not hasattr(core_module_internal, "is_controller"):  # pragma: no cover
        core_module_internal = None
except ImportError:  # ansible-core 2.16 to 2.18
    core_module_internal = None

try:  # ansible-core 2.16 to 2.20; from 2.21 the UnifiedTaskResult that _parse_returned_data returns does it
    from ansible.vars.clean import remove_internal_keys
except ImportError:
    remove_internal_keys = None

# ansible-core 2.16 to 2.18 mark a module's answer unsafe for templating at the end of _execute_module.
from ansible.utils.unsafe_proxy import wrap_var

display = Display()

EXECUTION_ENV = "TELNYX_VOICE_EXECUTION"
EXECUTION_MODES = ("auto", "module")
_LOCAL_TRANSPORTS = ("local", "ansible.builtin.local", "ansible.legacy.local")
_DISCOVERY_MODES = ("", "auto", "auto_legacy", "auto_silent", "auto_legacy_silent")
# The serialization profile of a module without metadata (ours have none): what core encodes the arguments with.
MODULE_SERIALIZATION_PROFILE = "legacy"

# Every name of ansible-core that is private (``_``-prefixed, or under ``ansible._internal``) that this file relies
# on, beyond the action plugin API of ActionBase. tests/unit/plugins/action/test_core_contract.py fails when core
# changes one of them.
PRIVATE_CORE_NAMES = (
    # AnsibleModule caches its input here on first read; cleared so that each run reads its own stdin.
    "ansible.module_utils.basic._ANSIBLE_ARGS",
    # 2.19+: False in a module process; warn() and deprecate() then go into the result instead of the display.
    "ansible.module_utils._internal.is_controller",
    # 2.21: _parse_returned_data returns an ansible._internal._task.UnifiedTaskResult; we call its
    # remove_internal_keys() and as_result_dict(for_round_trip=True) as _execute_module does.
    "ansible._internal._task.UnifiedTaskResult",
)


def module_fqcn(python_module_name):
    """``telnyx.voice.x`` for the plugin module ``ansible_collections.telnyx.voice.plugins.action.x``."""
    parts = python_module_name.split(".")
    if len(parts) >= 6 and parts[0] == "ansible_collections" and parts[3] == "plugins":
        return "%s.%s.%s" % (parts[1], parts[2], parts[-1])
    return parts[-1]


def module_package(python_module_name):
    """``ansible_collections.telnyx.voice.plugins.modules.x`` for the action plugin's Python module name."""
    parts = python_module_name.split(".")
    return ".".join(parts[:-2] + ["modules", parts[-1]])


@contextlib.contextmanager
def overlay_environ(environment):
    """``os.environ`` with the task's ``environment:`` on top, as a module process would see it.

    Env fallbacks (``env_fallback`` reads ``os.environ``) and requests' proxy and CA bundle variables then
    see what the module would. An action runs in a worker process of its own, and the change is undone.
    """
    saved = {name: os.environ.get(name) for name in environment}
    try:
        for name, value in environment.items():
            os.environ[name] = str(value)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def as_module_process(payload):
    """This worker, for the length of one ``main()``, as a module process would be: the JSON arguments on stdin,
    no command line arguments, fresh warnings and deprecations, not a controller; stdout and stderr captured.

    Yields the ``(stdout, stderr)`` buffers. Everything is put back afterwards, and the cached arguments (with
    their secrets) are dropped.
    """
    saved = (sys.argv, sys.stdin)
    stdout, stderr = io.StringIO(), io.StringIO()
    sys.argv = sys.argv[:1] or ["ansible"]
    sys.stdin = io.TextIOWrapper(io.BytesIO(payload.encode("utf-8")), encoding="utf-8")
    core_basic._ANSIBLE_ARGS = None
    # A module process starts without warnings or deprecations; a worker keeps those of the last loop item.
    importlib.reload(core_module_warnings)
    controller = core_module_internal.is_controller if core_module_internal else None
    if core_module_internal:
        core_module_internal.is_controller = False
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            yield stdout, stderr
    finally:
        if core_module_internal:
            core_module_internal.is_controller = controller
        core_basic._ANSIBLE_ARGS = None
        importlib.reload(core_module_warnings)
        sys.argv, sys.stdin = saved


def run_main(main, payload):
    """Run a module's ``main()`` on the JSON ``payload``; return what ``_low_level_execute_command`` would."""
    rc = 0
    with as_module_process(payload) as (stdout, stderr):
        try:
            main()
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:  # pylint: disable=broad-except
            # A module process's Python prints an uncaught exception's traceback to stderr and exits with 1;
            # core then reports MODULE FAILURE with it.
            traceback.print_exc()
            rc = 1
    out, err = stdout.getvalue(), stderr.getvalue()
    return dict(rc=rc, stdout=out, stdout_lines=out.splitlines(), stderr=err, stderr_lines=err.splitlines())


def same_python(interpreter, executable=None):
    """Whether ``interpreter`` names the Python of this process (the same file, or a link beside it in a venv)."""
    executable = os.path.abspath(executable or sys.executable)
    if not os.path.isabs(interpreter):
        interpreter = shutil.which(interpreter) or interpreter
    interpreter = os.path.abspath(interpreter)
    if interpreter == executable:
        return True
    # python and python3 in one venv's bin are links to one binary; the base interpreter they point to is not
    # the same Python (it lacks the venv's packages), so links are only followed within one directory.
    return (os.path.dirname(interpreter) == os.path.dirname(executable)
            and os.path.realpath(interpreter) == os.path.realpath(executable))


class InProcessAction(ActionBase):
    """An action that runs its module's ``main()`` in-process when the module would run with the controller's
    Python, and as a module process elsewhere."""

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = True

    @property
    def module_name(self):
        """The fully qualified name of the module this action stands for."""
        return module_fqcn(type(self).__module__)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        task_vars = task_vars or {}

        environment = {}
        self._compute_environment_string(environment)
        mode, reason = self.execution_mode(environment, task_vars)
        if mode is None:
            result.update(failed=True, msg=reason)
            return result
        display.vvv("telnyx.voice: %s runs %s (%s)" % (
            self._task.action, "as a module process" if mode == "module" else "in-process on the controller", reason),
            host=self._play_context.remote_addr)
        if mode == "module":
            return self._run_module(result, task_vars)
        with overlay_environ(environment):
            return merge_hash(result, self.run_in_process(task_vars))

    def execution_mode(self, environment, task_vars):
        """``("module" | "inprocess", why)``, or ``(None, error)``: in-process only where the module would run
        on the controller, as the same user, with the same Python."""
        forced = environment.get(EXECUTION_ENV, os.environ.get(EXECUTION_ENV)) or "auto"
        if forced not in EXECUTION_MODES:
            return None, "%s must be one of %s, got %r" % (EXECUTION_ENV, ", ".join(EXECUTION_MODES), forced)
        if forced == "module":
            return "module", "%s=module" % EXECUTION_ENV
        if self._task.async_val:
            return "module", "async task"
        transport = getattr(self._connection, "transport", None)
        if transport not in _LOCAL_TRANSPORTS:
            return "module", "connection %s is not local" % transport
        if getattr(self._connection, "become", None) is not None:
            return "module", "become is set, so the module must run as the become user"
        interpreter = self.module_interpreter(task_vars)
        if interpreter is None:
            return "module", "the Python interpreter is not known yet; core discovers it for the module process"
        if not same_python(interpreter):
            return "module", "the module's Python %s is not the controller's %s" % (interpreter, sys.executable)
        if not _api.HAS_REQUESTS:
            return "module", "requests is missing on the controller's Python"
        return "inprocess", "local connection with the controller's Python"

    def module_interpreter(self, task_vars):
        """The Python a module process would run with, as core's module builder resolves it; None while core
        has still to discover it (it does so in the first module process of the host, and keeps it as a fact)."""
        variables = task_vars
        if self._task.delegate_to:
            variables = (task_vars.get("ansible_delegated_vars") or {}).get(self._task.delegate_to, task_vars)
        interpreter = C.config.get_config_value("INTERPRETER_PYTHON", variables=variables)
        interpreter = str(self._templar.template(interpreter) or "").strip()
        if interpreter in _DISCOVERY_MODES:
            interpreter = (variables.get("ansible_facts") or {}).get("discovered_interpreter_python")
        return interpreter or None

    def _run_module(self, result, task_vars):
        """What the ``normal`` action does: transfer and run the module on the target."""
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def run_in_process(self, task_vars):
        """The module's result, as ``_execute_module`` would return it, from its ``main()`` run in this process."""
        module_args = dict(self._task.args)  # _update_module_args adds to it; the task keeps its own
        self._update_module_args(self._task.action, module_args, task_vars)
        # What core sends a module with the legacy serialization profile (vaulted values decrypted).
        payload = json.dumps({"ANSIBLE_MODULE_ARGS": module_args}, cls=AnsibleJSONEncoder, vault_to_text=True)
        module = importlib.import_module(module_package(type(self).__module__))
        _module.keep_sessions()
        output = run_main(module.main, payload)
        if "profile" in inspect.signature(self._parse_returned_data).parameters:  # 2.19 and later
            data = self._parse_returned_data(output, MODULE_SERIALIZATION_PROFILE)
        else:
            data = self._parse_returned_data(output)
        if hasattr(data, "as_result_dict"):  # 2.21: a UnifiedTaskResult
            data.remove_internal_keys()
            return data.as_result_dict(for_round_trip=True)
        remove_internal_keys(data)
        if core_module_internal is None:  # 2.16 to 2.18
            data = wrap_var(data)
        return data
