# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This plugin util is private to the telnyx.voice collection: it may change at any time.

"""Run a telnyx.voice module's own ``main()`` inside the controller's worker process instead of a module process.

A module task costs a fresh Python, the module's imports and a JSON round trip (about 0.6 s on a small
machine), while its Telnyx request takes about a millisecond. When the module would run on the controller,
with the controller's own Python, the action plugin runs the module's ``main()`` in the worker instead.

The action is core's ``normal`` action (``ansible.plugins.action.normal.ActionModule``), inherited as
ansible.netcommon's ``network`` action inherits it: ``run()`` is core's on both paths, and so is
``ActionBase._execute_module`` (module arguments, the module's payload, async, become, result parsing and
cleaning, ``wrap_var`` before 2.19, the ``UnifiedTaskResult`` of 2.21). The in-process path replaces only the
command that runs the module, at ``_low_level_execute_command``, the one call through which core hands a
pipelined module to the connection:

* ``_is_pipelining_enabled`` answers True, so core sends the module in-band, as with pipelining, and makes no
  temporary directory on the controller for it;
* ``_update_module_args`` keeps the arguments core completed with its ``_ansible_*`` keys;
* ``_low_level_execute_command``, given that module's payload (``in_data``), runs the module's own ``main()``
  on those arguments, JSON-encoded as core sends them, with the real ``AnsibleModule`` reading them from stdin
  and the task's ``environment:`` in ``os.environ``, and returns its exit code, stdout and stderr as the
  connection's would be returned; core's ``_execute_module`` takes it from there.

Anywhere else nothing is replaced and the module runs as a module process, exactly as the ``normal`` action
runs it: on a connection that is not local, with become or async, when the module's Python
(``ansible_python_interpreter`` or the discovered interpreter) is not the controller's, when the controller
lacks ``requests``, and with ``TELNYX_VOICE_EXECUTION=module``. ``-vvv`` says which path a task took and why.

The private names of ansible-core this relies on are the ``PRIVATE_CORE_NAMES`` below, each used in one place;
the ``ActionBase`` methods it overrides are ``CORE_HOOKS``. tests/unit/plugins/action/test_core_contract.py
checks both on every ansible-core line of the version matrix.
"""

from __future__ import annotations

import contextlib
import importlib
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
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.telnyx.voice.plugins.module_utils import _api, _module

try:  # ansible-core 2.19 and later mark the controller's processes; a module process is never one
    from ansible.module_utils import _internal as core_module_internal
    if not hasattr(core_module_internal, "is_controller"):  # pragma: no cover
        core_module_internal = None
except ImportError:  # ansible-core 2.16 to 2.18
    core_module_internal = None

display = Display()

EXECUTION_ENV = "TELNYX_VOICE_EXECUTION"
EXECUTION_MODES = ("auto", "module")
_LOCAL_TRANSPORTS = ("local", "ansible.builtin.local", "ansible.legacy.local")
_DISCOVERY_MODES = ("", "auto", "auto_legacy", "auto_silent", "auto_legacy_silent")

# Every name of ansible-core that is private (``_``-prefixed, or under ``ansible._internal``) that this file relies
# on, beyond the action plugin API of ActionBase. tests/unit/plugins/action/test_core_contract.py fails when core
# changes one of them.
PRIVATE_CORE_NAMES = (
    # AnsibleModule caches its input here on first read; cleared so that each run reads its own stdin.
    "ansible.module_utils.basic._ANSIBLE_ARGS",
    # 2.19+: False in a module process; warn() and deprecate() then go into the result instead of the display.
    "ansible.module_utils._internal.is_controller",
)
# The methods of ActionBase (its ``_``-prefixed action plugin API) that InProcessAction overrides, each calling
# core's own for everything but the in-process run; test_core_contract.py checks their signatures and that
# core's _execute_module calls them as described in the docstring above.
CORE_HOOKS = ("_is_pipelining_enabled", "_update_module_args", "_low_level_execute_command")


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


class InProcessAction(NormalAction):
    """Core's ``normal`` action, whose module runs in-process (its ``main()`` in this worker) when it would run
    on the controller with the controller's Python, and as a module process elsewhere."""

    # What run() decided for this task: the task's environment while the module is to run in-process, else None;
    # and the module arguments core completed (set by _update_module_args, used once by the in-process run).
    _inprocess_environment = None
    _inprocess_args = None

    @property
    def module_name(self):
        """The fully qualified name of the module this action stands for."""
        return module_fqcn(type(self).__module__)

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        environment = {}
        self._compute_environment_string(environment)
        mode, reason = self.execution_mode(environment, task_vars)
        if mode is None:
            return dict(failed=True, msg=reason)
        display.vvv("telnyx.voice: %s runs %s (%s)" % (
            self._task.action, "as a module process" if mode == "module" else "in-process on the controller", reason),
            host=self._play_context.remote_addr)
        self._inprocess_environment = environment if mode == "inprocess" else None
        try:
            return super().run(tmp, task_vars)
        finally:
            self._inprocess_environment = self._inprocess_args = None

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

    def _is_pipelining_enabled(self, module_style, wrap_async=False):
        """True for the in-process run: core then sends the module in-band (``in_data``) and makes no temporary
        directory, since nothing is copied anywhere; core's own answer otherwise."""
        if self._inprocess_environment is not None:
            return True
        return super()._is_pipelining_enabled(module_style, wrap_async)

    def _update_module_args(self, module_name, module_args, task_vars, *args, **kwargs):
        """Core's, keeping ``module_args`` (the task's arguments with core's ``_ansible_*`` keys) for the
        in-process run; ``*args`` and ``**kwargs`` pass on what later cores add (2.19: ``ignore_unknown_opts``)."""
        super()._update_module_args(module_name, module_args, task_vars, *args, **kwargs)
        self._inprocess_args = module_args

    def _low_level_execute_command(self, cmd, sudoable=True, in_data=None, *args, **kwargs):
        """Runs the module's ``main()`` in-process in place of the pipelined module command; any other command,
        and every command of the module-process path, is core's. Returns ``{rc, stdout, stdout_lines, stderr,
        stderr_lines}``, what core's returns for the module process."""
        if self._inprocess_environment is None or in_data is None or self._inprocess_args is None:
            return super()._low_level_execute_command(cmd, sudoable, in_data, *args, **kwargs)
        module_args, self._inprocess_args = self._inprocess_args, None  # one module run per _execute_module
        # What core sends a module with the legacy serialization profile (vaulted values decrypted).
        payload = json.dumps({"ANSIBLE_MODULE_ARGS": module_args}, cls=AnsibleJSONEncoder, vault_to_text=True)
        module = importlib.import_module(module_package(type(self).__module__))
        _module.keep_sessions()
        with overlay_environ(self._inprocess_environment):
            return run_main(module.main, payload)
