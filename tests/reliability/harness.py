# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the reliability tests share: the reconcile core run in-process against the emulator.

The core is given a real ``TelnyxClient`` that talks HTTP to the emulator, and parameters validated
exactly as AnsibleModule validates them (same argument spec, same ``required_one_of``, the same
first-error message), so an in-process run is the module minus the process around it.
"""

from __future__ import annotations

import copy
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# pylint: disable=wrong-import-position
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator  # noqa: E402

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import (  # noqa: E402
    CREDENTIAL_CONNECTION,
    CREDENTIAL_CONNECTION_INVENTORY,
)
from ansible_collections.telnyx.voice.plugins.module_utils._module import (  # noqa: E402
    module_argument_spec,
    module_kwargs,
    validation_message,
)
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure, ResourceType  # noqa: E402
from ansible_collections.telnyx.voice.plugins.module_utils import _plural  # noqa: E402
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile  # noqa: E402

# The hypothesis profile: ``ci`` (the default) is sized for the gate, any other runs the profile's examples.
CI = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci"

# A distinctive key, so that the secret scans can look for it in every output.
API_KEY = "relkey-Vb7Qx2Lm9Zt4-apikey"

# The two ways a playbook runs the module (plugins/action): in the controller's worker, or as a module process.
EXECUTION_MODES = ["in-process", "module"]


def execution_env(mode):
    return {"TELNYX_VOICE_EXECUTION": {"in-process": "auto", "module": "module"}[mode]}


# Connection options for in-process runs. The playbook harness uses the same small values.
FAST = dict(request_timeout=5, max_retries=3, retry_max_delay=0.2)


def validate(args, kind=CREDENTIAL_CONNECTION):
    """Validate module arguments as AnsibleModule does: ``(params, None)`` or ``(None, fail_json msg)``.

    ``kind`` is the module's ResourceType, or the Inventory of an info module.
    """
    kwargs = module_kwargs(kind) if isinstance(kind, ResourceType) else {}
    kwargs.pop("supports_check_mode", None)
    validator = ArgumentSpecValidator(module_argument_spec(kind), **kwargs)
    return _validated(validator, args)


def _validated(validator, args, list_option=None):
    result = validator.validate(copy.deepcopy(args))
    if result.error_messages:
        # What the modules' AnsibleModule says of core's refusal (_module.validation_message).
        return None, validation_message("basic.py", result, validator.argument_spec, list_option, set(args))
    return result.validated_parameters, None


class CoreRun:
    """The outcome of one in-process run: the exit_json result, or the fail_json message and details."""

    def __init__(self, result=None, warnings=None, msg=None, details=None, elapsed=0.0):
        self.result = result
        self.warnings = warnings or []
        self.msg = msg
        self.details = details or {}
        self.elapsed = elapsed

    @property
    def ok(self):
        return self.result is not None

    @property
    def changed(self):
        assert self.ok, "the run failed: %s" % self.msg
        return self.result["changed"]

    @property
    def diff(self):
        return self.result.get("diff") if self.ok else None

    def __repr__(self):
        if self.ok:
            return "CoreRun(changed=%r, diff=%r, warnings=%r)" % (self.changed, self.diff, self.warnings)
        return "CoreRun(failed, msg=%r, details=%r)" % (self.msg, self.details)


def module_args(emulator, args, **connection):
    """The task's arguments plus the connection options a play's module_defaults would give."""
    full = dict(api_key=emulator.api_key, base_url=emulator.base_url, **FAST)
    full.update(connection)
    full.update(args)
    return full


def core_run(emulator, args, check_mode=False, diff_mode=True, sleep=None, session=None, resource=CREDENTIAL_CONNECTION,
             **connection):
    """Run the reconcile core as the module would, over HTTP to ``emulator``; never raises ResourceFailure.

    ``sleep``, when given, is the client's sleep between retries (a ``Waits`` records them); ``session`` the
    requests session the client uses.
    """
    full = module_args(emulator, args, **connection)
    params, msg = validate(full, resource)
    if msg is not None:
        return CoreRun(msg=msg, details={"validation": True})
    started = time.monotonic()
    try:
        options = {name: value for name, value in (("sleep", sleep), ("session", session)) if value is not None}
        result, warnings = reconcile(resource, params, check_mode=check_mode, diff_mode=diff_mode,
                                     **options)
    except ResourceFailure as failure:
        return CoreRun(msg=failure.msg, details=failure.details, elapsed=time.monotonic() - started)
    # The module hands this to exit_json, which must be able to serialise it.
    json.dumps(result)
    return CoreRun(result=result, warnings=warnings, elapsed=time.monotonic() - started)


def plural_run(emulator, resource, args, check_mode=False, diff_mode=True, client=None, **connection):
    """Run a plural module's core (``_plural.run``) as the module would, its arguments validated against the
    module's spec (items' suboptions included); a CoreRun like ``core_run``'s, the result's ``<plural_key>`` and
    the failure's details serialisable as the module's exit makes them."""
    full = module_args(emulator, args, **connection)
    params, msg = _validated(ArgumentSpecValidator(_plural.argument_spec(resource)), full, _plural.LIST_OPTION)
    if msg is not None:
        return CoreRun(msg=msg, details={"validation": True})
    started = time.monotonic()
    try:
        result, warnings = _plural.run(resource, params, check_mode=check_mode, diff_mode=diff_mode, client=client)
    except ResourceFailure as failure:
        json.dumps(failure.details)
        return CoreRun(msg=failure.msg, details=failure.details, elapsed=time.monotonic() - started)
    json.dumps(result)
    return CoreRun(result=result, warnings=warnings, elapsed=time.monotonic() - started)


def info_run(emulator, args, **connection):
    """Run credential_connection_info's core as the module would; a CoreRun like ``core_run``'s."""
    full = module_args(emulator, args, **connection)
    params, msg = validate(full, CREDENTIAL_CONNECTION_INVENTORY)
    if msg is not None:
        return CoreRun(msg=msg, details={"validation": True})
    try:
        result, warnings = CREDENTIAL_CONNECTION_INVENTORY.run(params)
    except ResourceFailure as failure:
        return CoreRun(msg=failure.msg, details=failure.details)
    json.dumps(result)
    return CoreRun(result=result, warnings=warnings)


class Waits(list):
    """The waits between retries, as the client asked for them; each is really slept, so time bounds still hold."""

    def __call__(self, seconds):
        self.append(round(seconds, 3))
        time.sleep(seconds)


def writes(entries):
    """The write requests of a request log, as (method, path) pairs."""
    return [(entry["method"], entry["path"]) for entry in entries if entry["method"] != "GET"]


def method_counts(entries):
    counts = {}
    for entry in entries:
        counts[entry["method"]] = counts.get(entry["method"], 0) + 1
    return counts


def connections(emulator):
    return emulator.state()["connections"]


def wait_out(seconds):
    """Let requests the client gave up on (delay faults) finish inside the emulator before looking at its state."""
    if seconds:
        time.sleep(seconds + 0.3)
