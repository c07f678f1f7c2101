# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This plugin util is private to the telnyx.voice collection: it may change at any time.

"""Run a telnyx.voice module inside the controller's worker process instead of as a module process.

A module task costs a fresh Python, the module's imports and a JSON round trip (about 0.6 s on a small
machine), while its Telnyx request takes about a millisecond. When the task would run on the controller
anyway (a local connection without become), the action plugin does what AnsibleModule would do, in-process:

* validates the task's arguments against exactly the module's argument spec, with the same env fallbacks
  (seeing the task's ``environment:``), aliases and error message (the first error, prefixed the same way);
* runs the same core with the task's check mode and diff mode;
* returns the same result: ``invocation.module_args``, warnings, failures with their details, and every
  no_log value masked by ``remove_values`` as AnsibleModule does.

Anywhere else (another connection, become, async, or ``TELNYX_VOICE_EXECUTION=module``) it runs the module
on the target with ``_execute_module``, exactly as the ``normal`` action does.

A resource module's action plugin is two lines::

    class ActionModule(ResourceAction):
        RESOURCE = CREDENTIAL_CONNECTION

Another kind of module subclasses ``InProcessAction`` and gives ``argument_spec``, ``module_kwargs``,
``execute`` and ``secrets``.
"""

from __future__ import annotations

import contextlib
import os
import traceback

from ansible import constants as C
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common import parameters as _parameters
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.telnyx.voice.plugins.module_utils import _api
from ansible_collections.telnyx.voice.plugins.module_utils._module import (
    info_module_kwargs as _info_module_kwargs,
    module_argument_spec as _module_argument_spec,
    module_kwargs as _module_kwargs,
)
from ansible_collections.telnyx.voice.plugins.module_utils._resource import (
    ResourceFailure,
    reconcile,
    scrub,
    secret_values,
)

try:  # ansible-core 2.19 and later
    from ansible._internal._errors._captured import AnsibleModuleCapturedError
    from ansible.module_utils._internal import _traceback as _core_traceback
except ImportError:  # ansible-core 2.16 to 2.18
    AnsibleModuleCapturedError = None
    _core_traceback = None

try:  # ansible-core 2.21 and later: results are built through UnifiedTaskResult
    from ansible._internal._task import UnifiedTaskResult
    if not hasattr(UnifiedTaskResult, "from_module_result_dict"):  # pragma: no cover
        raise ImportError("no UnifiedTaskResult.from_module_result_dict")
except ImportError:  # ansible-core 2.16 to 2.20
    UnifiedTaskResult = None

try:  # ansible-core 2.19 and later
    from ansible.executor.module_common import _apply_action_arg_defaults
    get_action_args_with_defaults = None
except ImportError:  # ansible-core 2.16 to 2.18
    from ansible.executor.module_common import get_action_args_with_defaults
    _apply_action_arg_defaults = None

display = Display()

EXECUTION_ENV = "TELNYX_VOICE_EXECUTION"
EXECUTION_MODES = ("auto", "module")
# The keyword arguments of AnsibleModule that ArgumentSpecValidator takes too.
_VALIDATOR_KWARGS = ("mutually_exclusive", "required_together", "required_one_of", "required_if", "required_by")
_LOCAL_TRANSPORTS = ("local", "ansible.builtin.local", "ansible.legacy.local")


def module_fqcn(python_module_name):
    """``telnyx.voice.x`` for the plugin module ``ansible_collections.telnyx.voice.plugins.action.x``."""
    parts = python_module_name.split(".")
    if len(parts) >= 6 and parts[0] == "ansible_collections" and parts[3] == "plugins":
        return "%s.%s.%s" % (parts[1], parts[2], parts[-1])
    return parts[-1]


def apply_module_defaults(action, task, args, templar):
    """``args`` with the task's ``module_defaults`` for ``action`` and its action groups filled in.

    This is what core's gather_facts, package and service actions do for the module they run. For the
    task's own action, core has already done it before any action plugin starts (TaskExecutor in 2.16 to
    2.18, Task._post_validate_args from 2.19), so ``InProcessAction`` calls this only for a module that is
    not the task's resolved action: doing it twice would bring back a default the task removed with omit.
    """
    if _apply_action_arg_defaults is not None:
        return _apply_action_arg_defaults(action, task, args, templar)
    return get_action_args_with_defaults(action, args, task.module_defaults, templar,
                                         action_groups=task._parent._play._action_groups)


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
def collected_warnings():
    """The warnings that argument validation gives through ``warn()``, collected instead of shown.

    In a module they end up in the result; on the controller ``warn()`` would show them at once (2.19)
    or keep them where nothing reads them (2.16 to 2.18). The worker process is single-threaded.
    """
    collected = []
    saved = _parameters.warn
    _parameters.warn = collected.append
    try:
        yield collected
    finally:
        _parameters.warn = saved


def invocation_wanted(task_vars):
    """Whether AnsibleModule adds ``invocation`` to the result: always before 2.21, then per INJECT_INVOCATION."""
    if "INJECT_INVOCATION" not in C.config.get_configuration_definitions():
        return True
    return bool(C.config.get_config_value("INJECT_INVOCATION", variables=task_vars))


def traceback_wanted(always_before_2_19=False):
    """Whether AnsibleModule.fail_json would put a traceback into this failure's result.

    From 2.19, when tracebacks for errors are on (ANSIBLE_DISPLAY_TRACEBACK). Before, fail_json added one
    for the exception being handled only with debug or -vvv, and kept an ``exception`` it was given.
    """
    if _core_traceback is not None:
        return _core_traceback.is_traceback_enabled(_core_traceback.TracebackEvent.ERROR)
    return always_before_2_19 or bool(C.DEFAULT_DEBUG) or display.verbosity >= 3


class InProcessAction(ActionBase):
    """An action that runs its module in-process on a local connection and as a module process elsewhere."""

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = True

    # What a subclass gives

    def argument_spec(self):
        """The module's argument spec, exactly."""
        raise NotImplementedError

    def module_kwargs(self):
        """The module's other AnsibleModule arguments (required_one_of, supports_check_mode, ...)."""
        raise NotImplementedError

    def execute(self, params, check_mode, diff_mode):
        """Return ``(result, warnings)`` or raise ResourceFailure, with secrets already scrubbed."""
        raise NotImplementedError

    def secrets(self, params):
        """Secret values to scrub from the message of an unexpected error."""
        return []

    # The run

    @property
    def module_name(self):
        """The fully qualified name of the module this action stands for."""
        return module_fqcn(type(self).__module__)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect

        environment = {}
        self._compute_environment_string(environment)
        mode, reason = self.execution_mode(environment)
        if mode is None:
            result.update(failed=True, msg=reason)
            return result
        display.vvv("telnyx.voice: %s runs %s (%s)" % (
            self._task.action, "as a module process" if mode == "module" else "in-process on the controller", reason),
            host=self._play_context.remote_addr)
        if mode == "module":
            return self._run_module(result, task_vars or {})
        with overlay_environ(environment):
            return merge_hash(result, self.run_in_process(self.task_args(), invocation=invocation_wanted(task_vars)))

    def execution_mode(self, environment):
        """``("module" | "inprocess", why)``, or ``(None, error)``: in-process only where the module would run
        on the controller, as the same user."""
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
        return "inprocess", "local connection"

    def _run_module(self, result, task_vars):
        """What the ``normal`` action does: transfer and run the module on the target."""
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def task_args(self):
        """The task's arguments, with module_defaults applied only where core has not applied them."""
        args = dict(self._task.args)
        if getattr(self._task, "resolved_action", None) != self.module_name:
            args = apply_module_defaults(self.module_name, self._task, args, self._templar)
        return args

    # The in-process path: what AnsibleModule and run_resource_module do, step by step

    def run_in_process(self, args, invocation=True):
        """The module's result for ``args``, as ``_execute_module`` would return it."""
        state = {"params": dict(args), "no_log_values": set(), "invocation": invocation}
        try:
            return self._run_in_process(args, state)
        except Exception as exc:  # pylint: disable=broad-except
            # A bug of ours must still end as a clean failure, and never show a secret.
            secrets = secret_list(self.secrets(state["params"]))
            msg = scrub("Unexpected error in telnyx.voice (please report it): %s: %s" % (type(exc).__name__, exc),
                        secrets)
            return self._failed(msg, {}, state, exception=scrub(traceback.format_exc(), secrets),
                                always_traceback_before_2_19=True)

    def _run_in_process(self, args, state):
        kwargs = dict(self.module_kwargs())
        supports_check_mode = kwargs.pop("supports_check_mode", False)
        unknown = set(kwargs) - set(_VALIDATOR_KWARGS)
        if unknown:
            raise NotImplementedError("AnsibleModule arguments not handled in-process: %s" % ", ".join(sorted(unknown)))

        # AnsibleModule.__init__: validate, update params, collect no_log values, fail on the first error.
        with collected_warnings() as warnings:
            validation = ArgumentSpecValidator(self.argument_spec(), **kwargs).validate(args)
        state["params"].update(validation.validated_parameters)
        state["no_log_values"].update(validation._no_log_values)
        if validation.error_messages:
            # Validation can stop before it has listed every no_log value (a dict option given a string), and
            # AnsibleModule then shows the api_key in the invocation. Here the module's secrets are masked anyway.
            state["no_log_values"].update(secret_list(self.secrets(state["params"])))
        # Sub-options warn while they are validated; ModuleArgumentSpecValidator then warns for the top level.
        state["warnings"] = warnings + ["Both option {option} and its alias {alias} are set.".format(**warning)
                                        for warning in validation._warnings]
        try:
            error = validation.errors[0]
        except IndexError:
            error = None
        if error:
            msg = validation.errors.msg
            if isinstance(error, UnsupportedError):
                msg = "Unsupported parameters for ({name}) {kind}: {msg}".format(
                    name=self._task.action, kind="module", msg=msg)
            return self._failed(msg, {}, state)

        check_mode = bool(self._task.check_mode)
        if check_mode and not supports_check_mode:
            return self._formatted(dict(skipped=True, msg="remote module (%s) does not support check mode"
                                        % self._task.action), state)

        # run_resource_module
        if not _api.HAS_REQUESTS:
            return self._failed(missing_required_lib("requests"), {}, state, exception=str(_api.REQUESTS_IMPORT_ERROR),
                                always_traceback_before_2_19=True)
        try:
            outcome, warnings = self.execute(state["params"], check_mode=check_mode, diff_mode=bool(self._task.diff))
        except ResourceFailure as failure:
            return self._failed(failure.msg, failure.details, state, exception=traceback.format_exc())
        state["warnings"].extend(warnings)
        return self._formatted(dict(outcome), state)

    def _failed(self, msg, details, state, exception=None, always_traceback_before_2_19=False):
        """AnsibleModule.fail_json, then what _execute_module does with a module's failure."""
        result = dict(details)
        result.update(failed=True, msg=str(msg))
        if exception and traceback_wanted(always_traceback_before_2_19):
            result["exception"] = exception
        return self._formatted(result, state)

    @staticmethod
    def _formatted(result, state):
        """AnsibleModule._return_formatted (invocation, warnings, every no_log value masked), then what
        _execute_module does with the module's answer."""
        if state["invocation"]:
            result.setdefault("invocation", {"module_args": state["params"]})
        else:
            result.pop("invocation", None)
        if state.get("warnings"):
            result["warnings"] = list(state["warnings"])
        # Bools and None survive masking, as in AnsibleModule.
        preserved = {key: value for key, value in result.items() if value is None or isinstance(value, bool)}
        result = remove_values(result, state["no_log_values"])
        result.update(preserved)
        return as_module_answer(result)


def as_module_answer(result):
    """``result`` as ``_execute_module`` returns a module's answer, so that core reports both alike."""
    if UnifiedTaskResult is not None:
        answer = UnifiedTaskResult.from_module_result_dict(result)
        answer.ansible_parsed = True
        answer.remove_internal_keys()
        return answer.as_result_dict(for_round_trip=True)
    if AnsibleModuleCapturedError is not None:
        # A failure's ``exception`` becomes the module's error summary, as _parse_returned_data makes it.
        AnsibleModuleCapturedError.normalize_result_exception(result)
    result["_ansible_parsed"] = True
    return result


# One requests session per set of connection options, for the life of the worker process: the items of a
# loop run in one worker, and reuse its kept-alive (TLS) connection instead of opening one each.
_SESSIONS = {}
_SESSION_KEYS = ("api_key", "base_url", "validate_certs", "request_timeout", "max_retries", "retry_max_delay")


def client_for(params):
    """A TelnyxClient for ``params``, on the worker's session for the same connection options.

    None when an option breaks its rule: the core then fails naming it, before any request.
    """
    if _api.check_connection_options(params):
        return None
    key = tuple(repr(params.get(name)) for name in _SESSION_KEYS)
    session = _SESSIONS.get(key)
    if session is not None and getattr(session, "cookies", None) is not None:
        session.cookies.clear()  # a module process starts without any
    client = _api.TelnyxClient.from_params(params, session=session)
    _SESSIONS[key] = client.session
    return client


def secret_list(values):
    return [value for value in values if isinstance(value, str) and value]


class ResourceAction(InProcessAction):
    """The action of a resource module built on ``reconcile``: set ``RESOURCE`` to its ResourceType."""

    RESOURCE = None

    def argument_spec(self):
        return _module_argument_spec(self.RESOURCE)

    def module_kwargs(self):
        return _module_kwargs(self.RESOURCE)

    def execute(self, params, check_mode, diff_mode):
        return reconcile(self.RESOURCE, params, check_mode=check_mode, diff_mode=diff_mode, client=client_for(params))

    def secrets(self, params):
        return secret_values(self.RESOURCE, params)


class InventoryAction(InProcessAction):
    """The action of an info module built on an ``Inventory``: set ``INVENTORY`` to it."""

    INVENTORY = None

    def argument_spec(self):
        return _module_argument_spec(self.INVENTORY)

    def module_kwargs(self):
        return _info_module_kwargs(self.INVENTORY)

    def execute(self, params, check_mode, diff_mode):
        return self.INVENTORY.run(params, check_mode=check_mode, client=client_for(params))

    def secrets(self, params):
        return secret_values(self.INVENTORY.resource, params)
