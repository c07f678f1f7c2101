# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Telnyx v2 IP connections and their IP records, as a field table, a child-record table and hooks.

The table follows UpdateIpConnectionRequest: the fields every connection type shares (``_connection``) with the
defaults of this type, and its own. The IP records (``/ips``) are the list option ``ips`` (``_children``).
"""

from __future__ import annotations

import ipaddress

from ansible_collections.telnyx.voice.plugins.module_utils._children import Children
from ansible_collections.telnyx.voice.plugins.module_utils._connection import (
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


def _ipv4_rule(value):
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return "must be an IPv4 address such as 192.0.2.10, got %r" % value
    return None


IPS = Children(
    "IP", "/ips", key="ip_address", parent_key="connection_id",
    fields=dict(ip_address=Field("str", check=_ipv4_rule), port=PORT),
    # The pointers are strings without null in the schema: an empty string clears one.
    pointers=("inbound", ("default_primary_ip_id", "default_secondary_ip_id", "default_tertiary_ip_id")), clear="",
    # UpdateIp requires ip_address, changed or not.
    update_carries=("ip_address",),
    complete=lambda item: dict(item, port=item.get("port") or 5060))


class IpConnection(Connection):
    label = "IP connection"
    path = "/ip_connections"
    result_key = "ip_connection"
    plural_key = "ip_connections"
    # connection_name is optional in CreateIpConnectionRequest; this module finds a connection by it, so it is
    # needed all the same (or the id), as for every connection.
    required_on_create = ("connection_name",)
    children = dict(ips=IPS)

    fields = dict(
        NAME,
        transport_protocol=TRANSPORT_PROTOCOL,
        **SHARED,
        inbound=Field("dict", options=trunk_inbound(
            sip_subdomain=Field("str"), sip_subdomain_receive_settings=Field("str", choices=RECEIVE_SETTINGS))),
        outbound=Field("dict", options=dict(
            OUTBOUND,
            localization=OUTBOUND["localization"].but(default=None),
            t38_reinvite_source=OUTBOUND["t38_reinvite_source"].but(default="customer"),
            ip_authentication_method=Field("str", choices=["tech-prefixp-charge-info", "token"],
                                           default="tech-prefixp-charge-info"),
            tech_prefix=TECH_PREFIX.but(default=""))),
    )


IP_CONNECTION = IpConnection()

IP_CONNECTION_INVENTORY = Inventory(
    IP_CONNECTION, result_key="ip_connections", name_contains_option="name_contains",
    filters=dict(outbound_voice_profile_id=profile_filter()))
