# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Telnyx v2 FQDN connections and their FQDN records, as a field table, a child-record table and hooks.

The table follows UpdateFqdnConnectionRequest: the fields every connection type shares (``_connection``) with the
defaults of this type, and its own. The FQDN records (``/fqdns``) are the list option ``fqdns`` (``_children``).
"""

from __future__ import annotations

import re

from ansible_collections.telnyx.voice.plugins.module_utils._children import Children
from ansible_collections.telnyx.voice.plugins.module_utils._connection import (
    INBOUND,
    NAME,
    OUTBOUND,
    PORT,
    RECEIVE_SETTINGS,
    SHARED,
    TECH_PREFIX,
    TRANSPORT_PROTOCOL,
    Connection,
    profile_filter,
    trunk_inbound,
)
from ansible_collections.telnyx.voice.plugins.module_utils._fields import Field
from ansible_collections.telnyx.voice.plugins.module_utils._info import Inventory

_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# A fully qualified host name: labels of letters, digits and inner hyphens, the last one starting with a letter.
_HOST = re.compile(r"(?=.{1,253}$)(%s\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?" % _LABEL)
A, SRV = "a", "srv"


def _host_rule(value):
    if _HOST.fullmatch(value):
        return None
    return "must be a fully qualified host name such as pbx.example.com, got %r" % value


def _complete_fqdn(item):
    """An FQDN record as Telnyx keeps it: an A record without a port gets 5060, an SRV record has none."""
    record_type = item.get("dns_record_type") or A
    return dict(item, dns_record_type=record_type, port=None if record_type == SRV else item.get("port") or 5060)


def _check_fqdn(item):
    if item.get("dns_record_type") == SRV and item.get("port") is not None:
        return ["port: must not be set for an srv record, whose port comes from DNS (got %s)" % item["port"]]
    return []


FQDNS = Children(
    "FQDN", "/fqdns", key="fqdn", parent_key="connection_id",
    # What Telnyx shows as the port of an SRV record (none, null or a default) is not compared: DNS gives it.
    fields=dict(fqdn=Field("str", check=_host_rule),
                port=PORT.but(relevant_if=lambda item: item.get("dns_record_type") != SRV),
                dns_record_type=Field("str", choices=[A, SRV])),
    pointers=("inbound", ("default_primary_fqdn_id", "default_secondary_fqdn_id", "default_tertiary_fqdn_id")),
    complete=_complete_fqdn, check=_check_fqdn)


class FqdnConnection(Connection):
    label = "FQDN connection"
    path = "/fqdn_connections"
    result_key = "fqdn_connection"
    plural_key = "fqdn_connections"
    required_on_create = ("connection_name",)
    # Shown by Telnyx (response only), never settable here: masked wherever the object is shown.
    response_secrets = ("password",)
    children = dict(fqdns=FQDNS)

    fields = dict(
        NAME,
        transport_protocol=TRANSPORT_PROTOCOL,
        # Create and response only: it makes a *.mstsbc.telnyx.tech FQDN. No default here, so that state=replaced
        # never tries to change it back on a connection made as a Teams SBC.
        microsoft_teams_sbc=Field("bool"),
        **SHARED,
        inbound=Field("dict", options=trunk_inbound(
            default_routing_method=INBOUND["default_routing_method"].but(nullable=True, default="sequential"),
            sip_subdomain=Field("str", nullable=True, default=None),
            sip_subdomain_receive_settings=Field("str", choices=RECEIVE_SETTINGS, default="from_anyone"))),
        outbound=Field("dict", options=dict(
            OUTBOUND,
            instant_ringback_enabled=OUTBOUND["instant_ringback_enabled"].but(default=False),
            t38_reinvite_source=OUTBOUND["t38_reinvite_source"].but(default="customer"),
            encrypted_media=Field("str", choices=["SRTP"], nullable=True),
            ip_authentication_method=Field("str", choices=["credential-authentication", "ip-authentication"],
                                           default="ip-authentication"),
            tech_prefix=TECH_PREFIX,
            timeout_1xx_secs=INBOUND["timeout_1xx_secs"],
            timeout_2xx_secs=INBOUND["timeout_2xx_secs"])),
    )

    def check_update(self, payload):
        if "microsoft_teams_sbc" in payload:
            return ["microsoft_teams_sbc can only be set when the connection is created (UpdateFqdnConnection "
                    "does not take it)"]
        return []


FQDN_CONNECTION = FqdnConnection()

FQDN_CONNECTION_INVENTORY = Inventory(
    FQDN_CONNECTION, result_key="fqdn_connections", name_contains_option="name_contains",
    filters=dict(outbound_voice_profile_id=profile_filter()))
