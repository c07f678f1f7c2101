# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The three module shapes, joined to AnsibleModule: single (``run_resource_module``), plural
(``run_plural_module``) and info (``run_info_module``). Each module's ``main()`` is one call of these.

Every shape's argument spec comes from the resource's table; ansible-core validates it, items of a plural
module included, and its ``no_log`` marks come from the table's ``secret`` marks (``_secrets``).
"""

from __future__ import annotations

import difflib
import os
import sys
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.telnyx.voice.plugins.module_utils import _plural
from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    ENV_VARS,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    TelnyxClient,
    check_connection_options,
    connection_argument_spec,
)
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile
from ansible_collections.telnyx.voice.plugins.module_utils._fields import listing
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import (
    CORE_REGISTERS_SECRETS,
    NOT_LOGGED,
    Secrets,
    masked_params,
    register_with_core,
)

# Before 2.22, AnsibleModule masks its result itself (remove_values over its no_log_values) before printing it.
# From 2.22 it no longer does: the invocation it adds is the arguments as they are, it hands the secrets it
# registered to the controller (``_ansible_new_secrets``), and the controller masks them, as "$REDACTED$", only
# where it shows a result; what ``register:`` keeps is the result as the module printed it. The module therefore
# masks its result itself on 2.22 (its invocation by the places of its secrets), with the placeholder of the line,
# so that no secret is in a registered result on any line, and registers every secret of the run with core, those
# that argument validation did not list included (an api_key put in an item, a password in base_url).
CORE_MASKS_RESULT = not CORE_REGISTERS_SECRETS
NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" if CORE_MASKS_RESULT else "$REDACTED$"
"""What a no_log option shows in the invocation: ansible-core's placeholder on each line."""
LOG_MASK = NOT_LOGGED if CORE_MASKS_RESULT else "$REDACTED$"
"""What a no_log option shows in the line logged to syslog/journald: ansible-core's placeholder on each line."""

# One requests session per set of connection options, kept only where the action plugin runs main() in its
# worker (keep_sessions): the items of a loop run in one worker and reuse the kept-alive (TLS) connection instead of
# opening one each. A module process runs once and makes one client, as before.
_SESSIONS = None
_SESSION_KEYS = ("api_key", "base_url", "validate_certs", "request_timeout", "max_retries", "retry_max_delay")

# A plural task with more item secrets than this masks its invocation and result by the secrets' places, not by
# scanning every string for every secret (ansible-core's remove_values), which grows with items x secrets.
SCAN_LIMIT = 64


def keep_sessions():
    """Keep one requests session per set of connection options for the rest of this process."""
    global _SESSIONS  # pylint: disable=global-statement
    if _SESSIONS is None:
        _SESSIONS = {}


def client_for(params):
    """A TelnyxClient for ``params`` on the kept session for the same connection options; None (the core makes
    its own client) where sessions are not kept."""
    if _SESSIONS is None or check_connection_options(params):
        # A broken connection option: the core fails naming it, before any request.
        return None
    key = tuple(repr(params.get(name)) for name in _SESSION_KEYS)
    session = _SESSIONS.get(key)
    if session is not None and getattr(session, "cookies", None) is not None:
        session.cookies.clear()  # a module process starts without any
    client = TelnyxClient.from_params(params, session=session)
    _SESSIONS[key] = client.session
    return client


def module_argument_spec(shape):
    """The connection options plus the resource's (or the inventory's) own; the action plugin validates against
    the same."""
    spec = connection_argument_spec()
    spec.update(shape.argument_spec())
    return spec


def module_kwargs(resource):
    """Everything AnsibleModule needs besides the spec, so that both execution paths agree."""
    return dict(
        required_one_of=[(resource.id_option, resource.name_field)],
        supports_check_mode=True,
    )


def new_module(resource, argument_spec, list_option=None, **kwargs):
    """The AnsibleModule of a module of ``resource``, which keeps every secret out of what it shows.

    * Argument validation can stop before it has listed every no_log value (a dict option given a string, an
      ``api_key`` put in an item): the secrets are then added by their places before a failure is shown.
    * A plural task with many items: its invocation (shown and logged) masks the items' secrets by their places,
      and its result, whose texts the engine masked item by item, is not scanned for every item's secret.
    * ansible-core 2.22 and later: every secret of the run is registered with core, which hands them to the
      controller, and the result is masked here, as core masked it before 2.22 (see ``CORE_MASKS_RESULT``).
    """
    class TelnyxModule(AnsibleModule):
        # Set once ansible-core has validated the arguments: a failure before that is core's refusal of them.
        _validated = False
        _given = ()

        def _load_params(self):
            super()._load_params()
            # The options the task gave: any other one with a value came from a default or an environment variable.
            self._given = frozenset(self.params) if isinstance(self.params, dict) else frozenset()

        def _raw_secrets(self):
            # Read once: the first call comes after validation (the log line) or ends the run (a failure), and the
            # arguments do not change after it, so one walk of the items serves the log line and the exit.
            if getattr(self, "_secret_values", None) is None:
                self._secret_values = _secrets_of(resource, self.params, list_option).values
                # Core 2.22 masks what it knows: validation registered the no_log values it listed, not these.
                register_with_core(self._secret_values)
            return self._secret_values

        def _many_item_secrets(self):
            return list_option and len(self._raw_secrets()) > SCAN_LIMIT

        def _result_secrets(self):
            # What the result is scanned for: every secret of the run, or, when a plural task has many item secrets
            # (its items' texts masked item by item by the engine, its invocation by place), the task's own.
            if self._many_item_secrets():
                return Secrets.of_connection(self.params).values
            return self._raw_secrets()

        def _log_invocation(self):
            if not CORE_MASKS_RESULT:
                self._raw_secrets()  # 2.22 masks the log line by the secrets registered with it: all of them
            if not list_option:
                super()._log_invocation()
                return
            # The same line ansible-core logs, with the items' secrets masked by place: one pass over the items.
            shown = masked_params(resource, self.params, list_option, mask=LOG_MASK)
            # AnsibleModule.log() scans its text for every no_log value; the items' secrets are masked by place here,
            # so it scans for the task's own (10,000 item passwords made that scan take 24 s). 2.22 scans with its
            # registry of secrets, whatever no_log_values holds.
            every = self.no_log_values
            if self._many_item_secrets():
                self.no_log_values = set(Secrets.of_connection(self.params).values)
            try:
                self.log("Invoked with %s" % " ".join("%s=%s" % (name, value) for name, value in shown.items()),
                         log_args=shown)
            finally:
                self.no_log_values = every

        def exit_json(self, **kwargs):
            kwargs = self._mask(kwargs)
            super().exit_json(**kwargs)

        def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
            if not self._validated and getattr(self, "validation_result", None) is not None:
                msg = validation_message(self._name, self.validation_result, argument_spec, list_option, self._given)
            self.no_log_values.update(value for value in self._raw_secrets() if value)
            if "exception" in kwargs:
                kwargs["exception"] = Secrets(self._raw_secrets()).scrub(kwargs["exception"])
            kwargs = self._mask(kwargs)
            if not CORE_MASKS_RESULT:
                msg = Secrets(self._result_secrets()).scrub(msg)
            super().fail_json(msg, **kwargs)

        def _mask(self, kwargs):
            """The result with its secrets masked where core does not (2.22), and its invocation by place."""
            if list_option or not CORE_MASKS_RESULT:
                # The arguments as the user gave them (masked_params leaves out what they did not set in an item),
                # every secret masked by its place. Core drops the invocation where it is not wanted (2.21+).
                kwargs.setdefault("invocation", {"module_args": masked_params(
                    resource, self.params, list_option, mask=NO_LOG_MASK)})
            if CORE_MASKS_RESULT:
                if self._many_item_secrets():
                    # What is left for core to scan for: the task's own secrets, not every item's.
                    self.no_log_values = set(self._result_secrets())
                return kwargs
            invocation = kwargs.pop("invocation", None)
            kwargs = scrub_result(kwargs, self._result_secrets())
            if invocation is not None:
                kwargs["invocation"] = invocation
            return kwargs

    module = TelnyxModule(argument_spec=argument_spec, **kwargs)
    module._validated = True
    return module


def scrub_result(result, secrets):
    """``result`` with every occurrence of the ``secrets`` masked, as AnsibleModule masked it before 2.22."""
    return Secrets(secrets).scrub(result)


def validation_message(name, result, argument_spec, list_option=None, given=()):
    """ansible-core's refusal of the arguments (``result``, its validation result), made to say everything it found.

    Core shows only the first error, and its "Unsupported parameters" lead-in only when that error is the unknown
    option. Here: every error, the same one once and at most ``_plural.MAX_PROBLEMS`` of them with the count of the
    rest; the unknown options first, each with the option it may be a misspelling of and, in an item, the note that
    a connection option (api_key) belongs on the task; choices holding commas quoted; and the environment variable
    that the bad value of a connection option the task does not set (not in ``given``) came from.
    """
    texts = []
    unsupported = [error for error in result.errors if isinstance(error, UnsupportedError)]
    if unsupported:
        texts.append("Unsupported parameters for (%s) module: %s%s" % (
            name, unsupported[0].args[0], _unknown_hints(argument_spec, result.unsupported_parameters, list_option)))
    for error in result.errors:
        text = error.args[0] if error.args else str(error)
        if not isinstance(error, UnsupportedError) and text not in texts:
            texts.append(text)
    shown = texts[:_plural.MAX_PROBLEMS]
    msg = "; ".join(shown)
    if len(texts) > len(shown):
        msg += " (and %d more problems)" % (len(texts) - len(shown))
    for choices in sorted(_comma_choices(argument_spec), key=len, reverse=True):
        msg = msg.replace(", ".join(choices), listing(choices))
    for option, variable in ENV_VARS.items():
        if option not in given and variable in os.environ:
            msg = msg.replace("argument '%s' " % option,
                              "argument '%s' (from the environment variable %s) " % (option, variable))
    return msg


def _legal(spec):
    names = set(spec)
    for option in spec.values():
        names.update(option.get("aliases") or ())
    return names


def _unknown_hints(argument_spec, unsupported, list_option):
    """For each unknown option: the option it may be a misspelling of; in an item, a connection option's place."""
    hints = []
    for unknown in sorted(unsupported, key=str):
        path = list(unknown) if isinstance(unknown, tuple) else [unknown]
        spec = argument_spec
        for parent in path[:-1]:
            spec = (spec.get(parent) or {}).get("options") or {}
        name = path[-1]
        shown = ".".join(str(part) for part in path)
        if len(path) > 1 and path[0] == list_option and name in ENV_VARS:
            hints.append("%s is an option of the task (or of module_defaults), not of an item: the task's "
                         "connection options serve every item of %s" % (name, list_option))
            continue
        close = difflib.get_close_matches(str(name), sorted(_legal(spec)), n=1, cutoff=0.75)
        if close:
            hints.append("%s: did you mean %s?" % (shown, close[0]))
    return "".join(" %s%s" % (hint, "" if hint.endswith("?") else ".") for hint in hints)


def _comma_choices(spec):
    """Every choices list of ``spec`` (nested options included) that holds a value with a comma."""
    found = []
    for option in spec.values():
        choices = option.get("choices")
        if choices and any("," in str(choice) for choice in choices):
            found.append([str(choice) for choice in choices])
        found.extend(_comma_choices(option.get("options") or {}))
    return found


def _secrets_of(resource, params, list_option=None):
    """Every secret value of the task's arguments, its items' included, however valid they are."""
    secrets = Secrets.of_params(resource, params)
    items = params.get(list_option) if list_option else None
    for item in items if isinstance(items, list) else []:
        secrets.add_item(resource, item)
    return secrets


def run_resource_module(resource):
    """main() of a single module: one object, ``state: present/absent``."""
    module = new_module(resource, module_argument_spec(resource), **module_kwargs(resource))
    _run(module, resource, lambda params: reconcile(resource, params, check_mode=module.check_mode,
                                                    diff_mode=module._diff, client=client_for(params)))


def run_plural_module(resource):
    """main() of a plural module: ``config`` and ``state: merged/replaced/overridden/deleted/gathered``."""
    module = new_module(resource, _plural.argument_spec(resource), list_option=_plural.LIST_OPTION,
                        supports_check_mode=True)
    _run(module, resource, lambda params: _plural.run(resource, params, check_mode=module.check_mode,
                                                      diff_mode=module._diff, client=client_for(params)
                                                      if params.get("workers") == 1 else None),
         list_option=_plural.LIST_OPTION)


def info_module_kwargs(inventory):
    """Everything AnsibleModule needs besides the spec for an info module: every request it sends is a read."""
    return dict(supports_check_mode=True)


def run_info_module(inventory):
    """main() of an info module: list what the options select, never change anything."""
    module = new_module(inventory.resource, module_argument_spec(inventory), **info_module_kwargs(inventory))
    _run(module, inventory.resource,
         lambda params: inventory.run(params, check_mode=module.check_mode, client=client_for(params)))


def _run(module, resource, work, list_option=None):
    """Do ``work(params)`` and exit with its result; every failure ends as clean JSON without a secret."""
    if not HAS_REQUESTS:
        # Core's text says which Python lacks it; the command installs it there.
        module.fail_json(msg="%s Install it with: %s -m pip install requests" % (
            missing_required_lib("requests"), sys.executable or "python3"), exception=str(REQUESTS_IMPORT_ERROR))
    try:
        result, warnings = work(module.params)
    except ResourceFailure as failure:
        details = dict(failure.details)
        # A partial failure of a plural task still shows its items' warnings (each is also in its item's entry).
        for warning in details.pop("warnings_shown", None) or []:
            module.warn(warning)
        module.fail_json(msg=failure.msg, **details)
    except Exception as exc:  # pylint: disable=broad-except
        # A bug of ours must still end as a clean failure, and never show a secret.
        secrets = _secrets_of(resource, module.params, list_option)
        module.fail_json(msg=secrets.scrub("Unexpected error in telnyx.voice (please report it): %s: %s"
                                           % (type(exc).__name__, exc)),
                         exception=secrets.scrub(traceback.format_exc()))
    for warning in warnings:
        module.warn(warning)
    module.exit_json(**result)
