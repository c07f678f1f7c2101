# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The few lines that join AnsibleModule to the reconcile core, shared by every resource module."""

from __future__ import annotations

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    TelnyxClient,
    check_connection_options,
    connection_argument_spec,
)
from ansible_collections.telnyx.voice.plugins.module_utils._resource import (
    ResourceFailure,
    reconcile,
    scrub,
    secret_values,
)


# One requests session per set of connection options, kept only where the action plugin runs main() in its
# worker (keep_sessions): the items of a loop run in one worker and reuse the kept-alive (TLS) connection instead of
# opening one each. A module process runs once and makes one client, as before.
_SESSIONS = None
_SESSION_KEYS = ("api_key", "base_url", "validate_certs", "request_timeout", "max_retries", "retry_max_delay")


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


def module_argument_spec(resource):
    """The connection options plus the resource's own; the action plugin validates against the same."""
    spec = connection_argument_spec()
    spec.update(resource.argument_spec())
    return spec


def module_kwargs(resource):
    """Everything AnsibleModule needs besides the spec, so that both execution paths agree."""
    return dict(
        required_one_of=[(resource.id_option, resource.name_field)],
        supports_check_mode=True,
    )


def new_module(resource, argument_spec, **kwargs):
    """The AnsibleModule of a module of ``resource``, which masks the resource's secrets in every failure.

    Argument validation can stop before it has listed every no_log value (a dict option given a string), and
    AnsibleModule would then show the api_key in the invocation of its failure.
    """
    class TelnyxModule(AnsibleModule):
        def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
            self.no_log_values.update(secret_values(resource, self.params))
            super().fail_json(msg, **kwargs)

    return TelnyxModule(argument_spec=argument_spec, **kwargs)


def run_resource_module(resource):
    """main() of a resource module."""
    module = new_module(resource, module_argument_spec(resource), **module_kwargs(resource))
    _run(module, resource, lambda params: reconcile(resource, params, check_mode=module.check_mode,
                                                    diff_mode=module._diff, client=client_for(params)))


def info_module_kwargs(inventory):
    """Everything AnsibleModule needs besides the spec for an info module: every request it sends is a read."""
    return dict(supports_check_mode=True)


def run_info_module(inventory):
    """main() of an info module: list what the options select, never change anything."""
    module = new_module(inventory.resource, module_argument_spec(inventory), **info_module_kwargs(inventory))
    _run(module, inventory.resource,
         lambda params: inventory.run(params, check_mode=module.check_mode, client=client_for(params)))


def _run(module, resource, work):
    """Do ``work(params)`` and exit with its result; every failure ends as clean JSON without a secret."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    try:
        result, warnings = work(module.params)
    except ResourceFailure as failure:
        module.fail_json(msg=failure.msg, **failure.details)
    except Exception as exc:  # pylint: disable=broad-except
        # A bug of ours must still end as a clean failure, and never show a secret.
        secrets = secret_values(resource, module.params)
        module.fail_json(msg=scrub("Unexpected error in telnyx.voice (please report it): %s: %s"
                                   % (type(exc).__name__, exc), secrets),
                         exception=scrub(traceback.format_exc(), secrets))
    for warning in warnings:
        module.warn(warning)
    module.exit_json(**result)
