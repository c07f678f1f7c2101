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

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.telnyx.voice.plugins.module_utils import _plural
from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    TelnyxClient,
    check_connection_options,
    connection_argument_spec,
)
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import Secrets, masked_params

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
    """
    class TelnyxModule(AnsibleModule):
        def _raw_secrets(self):
            # Read once: the first call comes after validation (the log line) or ends the run (a failure), and the
            # arguments do not change after it, so one walk of the items serves the log line and the exit.
            if getattr(self, "_secret_values", None) is None:
                self._secret_values = _secrets_of(resource, self.params, list_option).values
            return self._secret_values

        def _many_item_secrets(self):
            return list_option and len(self._raw_secrets()) > SCAN_LIMIT

        def _log_invocation(self):
            if not list_option:
                super()._log_invocation()
                return
            # The same line ansible-core logs, with the items' secrets masked by place: one pass over the items.
            shown = masked_params(resource, self.params, list_option)
            # AnsibleModule.log() scans its text for every no_log value; the items' secrets are masked by place here,
            # so it scans for the task's own (10,000 item passwords made that scan take 24 s).
            every = self.no_log_values
            if self._many_item_secrets():
                self.no_log_values = set(Secrets.of_connection(self.params).values)
            try:
                self.log("Invoked with %s" % " ".join("%s=%s" % (name, value) for name, value in shown.items()),
                         log_args=shown)
            finally:
                self.no_log_values = every

        def exit_json(self, **kwargs):
            self._mask_by_place(kwargs)
            super().exit_json(**kwargs)

        def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
            self.no_log_values.update(value for value in self._raw_secrets() if value)
            self._mask_by_place(kwargs)
            if "exception" in kwargs:
                kwargs["exception"] = Secrets(self._raw_secrets()).scrub(kwargs["exception"])
            super().fail_json(msg, **kwargs)

        def _mask_by_place(self, kwargs):
            if not list_option:
                return
            # The items as the user gave them (masked_params leaves out what they did not set), secrets masked.
            kwargs.setdefault("invocation", {"module_args": masked_params(
                resource, self.params, list_option, mask="VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")})
            if self._many_item_secrets():
                # What is left to scan for: the task's own secrets, not every item's.
                self.no_log_values = set(Secrets.of_connection(self.params).values)

    return TelnyxModule(argument_spec=argument_spec, **kwargs)


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
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
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
