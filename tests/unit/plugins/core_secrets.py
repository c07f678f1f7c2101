# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-core's masking of secrets as each line does it, for the tests that read what a module prints.

Before 2.22 AnsibleModule masks the no_log values in its result before printing it, and its invocation shows them
as ``VALUE_SPECIFIED_IN_NO_LOG_PARAMETER``. From 2.22 it registers them in a registry of secrets of its process
and prints the ones it registered as ``_ansible_new_secrets``, which the controller takes out of the result
(``ansible/_internal/_task.py``, ``_from_result_dict``) and masks, as ``$REDACTED$``, wherever it shows anything.
The collection masks its result itself on 2.22, so what a user registers holds no secret on any line.
"""

from __future__ import annotations

import json

try:  # ansible-core 2.22 and later
    from ansible.module_utils import secrets as core_secrets
    from ansible.module_utils._internal import _secrets as core_secrets_internal
    from ansible.module_utils._internal import _secrets_object as core_secrets_object
except ImportError:  # ansible-core 2.16 to 2.21
    core_secrets = core_secrets_internal = core_secrets_object = None

CORE_REGISTERS_SECRETS = core_secrets is not None
NO_LOG_MASK = "$REDACTED$" if CORE_REGISTERS_SECRETS else "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
"""What a no_log option shows in the invocation of a result."""
LOG_MASK = "$REDACTED$" if CORE_REGISTERS_SECRETS else "NOT_LOGGING_PARAMETER"
"""What a no_log option shows in the line a module logs to syslog/journald."""


def fresh_registry(monkeypatch):
    """An empty registry of secrets (2.22+), as a module process starts with: this test process would otherwise
    keep every secret of every test, and a module hands the controller only the secrets that are new to it."""
    if CORE_REGISTERS_SECRETS:
        masker = core_secrets_internal.SecretMasker()
        for holder in (core_secrets, core_secrets_internal, core_secrets_object):
            monkeypatch.setattr(holder, "_secret_masker", masker)


def handed_to_controller(out, secrets):
    """``out``, what a module printed, parsed, with what it hands the controller taken out as the controller takes it:
    on 2.22 ``_ansible_new_secrets``, which must list exactly ``secrets`` (the controller masks only those it is
    given); before 2.22 nothing. Returns the result and its JSON text, for the scans for secrets."""
    result = json.loads(out)
    handed = result.pop("_ansible_new_secrets", None)
    if CORE_REGISTERS_SECRETS:
        assert sorted(handed or []) == sorted(set(secrets)), "handed %r, expected %r" % (handed, secrets)
    else:
        assert handed is None, "core before 2.22 hands no secrets over"
    return result, json.dumps(result)


def known_to_core(secrets):
    """Assert that ansible-core (2.22+) has every one of ``secrets`` registered in this process, so that it masks
    them wherever it shows anything; nothing to assert before 2.22."""
    if CORE_REGISTERS_SECRETS:
        for secret in secrets:
            assert core_secrets.mask_secrets(secret) == "$REDACTED$", "%r is not registered with core" % secret
