# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Telnyx v2 SIP credential connections as a field table and the hooks for their quirks.

The table follows the UpdateCredentialConnectionRequest schema with its wire names, nesting and defaults; the
fields every connection type shares are in ``_connection``.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._connection import (
    INBOUND,
    NAME,
    OUTBOUND,
    SHARED,
    Connection,
    profile_filter,
)
from ansible_collections.telnyx.voice.plugins.module_utils._fields import Field, length
from ansible_collections.telnyx.voice.plugins.module_utils._info import Detail, Inventory

TEXML = "texml"


def _user_name_rule(value):
    if not 4 <= len(value) <= 32 or not value.isalnum() or not value.isascii():
        return "must be 4 to 32 letters or digits (no spaces or symbols), got %r" % value
    if not any(char.isalpha() for char in value[:5]):
        return "must have a letter among its first 5 characters, got %r" % value
    return None


class CredentialConnection(Connection):
    label = "credential connection"
    path = "/credential_connections"
    result_key = "credential_connection"
    plural_key = "credential_connections"
    required_on_create = ("connection_name", "user_name", "password")

    fields = dict(
        NAME,
        user_name=Field("str", check=_user_name_rule),
        password=Field("str", secret=True, check=length(8, 128)),
        # The live API reads "disabled" back as null.
        sip_uri_calling_preference=Field("str", choices=["disabled", "unrestricted", "internal"],
                                         null_equals="disabled"),
        **dict(
            SHARED,
            # The request schemas default it to false, the response schema to true (FACTS T6): the request's wins.
            default_on_hold_comfort_noise_enabled=SHARED["default_on_hold_comfort_noise_enabled"].but(default=False),
            webhook_api_version=SHARED["webhook_api_version"].but(choices=["1", "2", TEXML]),
            inbound=Field("dict", options=INBOUND),
            outbound=Field("dict", options=OUTBOUND),
        )
    )

    def extra_options(self):
        return dict(super().extra_options(),
                    update_password=dict(type="str", default="always", choices=["always", "on_create"], no_log=False))

    def managed_desired(self, desired, params, exists):
        """With update_password=on_create, the password of an existing connection is left alone."""
        if exists and params.get("update_password") == "on_create":
            desired = {name: value for name, value in desired.items() if name != "password"}
        return desired

    def check_create(self, payload):
        if payload.get("webhook_api_version") == TEXML and \
                (payload.get("outbound") or {}).get("call_parking_enabled") is not True:
            return ["webhook_api_version texml needs outbound.call_parking_enabled set to true"]
        return []

    def check_update(self, payload):
        if payload.get("webhook_api_version") == TEXML:
            return ["webhook_api_version texml can only be set when the connection is created; Telnyx accepts "
                    "only 1 or 2 on an update"]
        return []

    def hidden_secret_warning(self, name):
        return ("Telnyx does not show the %s back, so it cannot be compared: with update_password: always (the "
                "default) it is sent on every run, and the run reports a change. Set update_password: on_create to "
                "send it only when the connection is created." % name)

    def same_object(self, item, desired):
        """A lost create is recognised by its name and its user name, which Telnyx treats case-insensitively."""
        return (item.get("connection_name") == desired.get("connection_name")
                and str(item.get("user_name") or "").lower() == str(desired.get("user_name") or "").lower())


CREDENTIAL_CONNECTION = CredentialConnection()

CREDENTIAL_CONNECTION_INVENTORY = Inventory(
    CREDENTIAL_CONNECTION,
    result_key="credential_connections",
    name_contains_option="name_contains",
    filters=dict(outbound_voice_profile_id=profile_filter()),
    details=dict(registration_status=Detail("actions/check_registration_status", key="registration")),
)
