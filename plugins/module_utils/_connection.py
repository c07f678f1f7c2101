# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""What every Telnyx connection type shares: the fields of the credential, FQDN and IP connection schemas that are
the same objects (``inbound``, ``outbound``, ``rtcp_settings``, ``jitter_buffer``, ``noise_suppression``), and the
hooks of a connection (the jitter buffer's limits, the D38 warning).

Each type's table takes these with ``Field.but`` where its schema's default differs (reference README).
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._fields import (
    TELNYX_ID,
    UUID,
    Field,
    blank_or,
    full_match,
    listing,
    multiple_of,
    not_blank,
    url,
)
from ansible_collections.telnyx.voice.plugins.module_utils._info import ListFilter
from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceType

# Telnyx's schema types the channel limits integer and not nullable, so no request can remove a limit once set.
NO_NULL_INTEGER = ("Telnyx's schema takes only an integer here (not null), so no request can remove a limit once "
                   "set; give the limit as a number")
ANCHORSITES = ("Latency", "Chicago, IL", "Ashburn, VA", "San Jose, CA", "Sydney, Australia",
               "Amsterdam, Netherlands", "London, UK", "Toronto, Canada", "Vancouver, Canada", "Frankfurt, Germany")
NOISE_ENGINES = ("denoiser", "deep_filter_net", "deep_filter_net_large", "krisp_viva_tel", "krisp_viva_tel_lite",
                 "krisp_viva_promodel", "krisp_viva_ss", "quail_voice_focus")
# The codecs the contract names (the schema's default and description; the items are free strings there): another
# spelling such as g711u would reach Telnyx and be dropped silently (FACTS T16).
CODECS = ("G722", "G711U", "G711A", "G729", "OPUS", "H.264")
T38_SOURCES = ["telnyx", "customer", "disabled", "passthru", "caller-passthru", "callee-passthru"]


def _codecs_rule(values):
    wrong = [value for value in values if value not in CODECS]
    if wrong:
        return "must be codecs among %s, got %s" % (listing(CODECS), ", ".join(repr(value) for value in wrong))
    return None


def _ani_override_is_set(outbound):
    # Telnyx applies ani_override_type only when ani_override is not blank.
    return bool(outbound.get("ani_override"))


INBOUND = dict(
    ani_number_format=Field("str", choices=["+E.164", "E.164", "+E.164-national", "E.164-national"],
                            default="E.164-national"),
    dnis_number_format=Field("str", choices=["+e164", "e164", "national", "sip_username"], default="e164"),
    codecs=Field("list", check=_codecs_rule, default=list(CODECS)),
    channel_limit=Field("int", minimum=0, maximum=2 ** 31 - 1, default=None, cannot_clear=NO_NULL_INTEGER),
    default_routing_method=Field("str", choices=["sequential", "round-robin"]),
    generate_ringback_tone=Field("bool", default=False),
    isup_headers_enabled=Field("bool", default=False),
    prack_enabled=Field("bool", default=False),
    shaken_stir_enabled=Field("bool", default=False),
    simultaneous_ringing=Field("str", choices=["disabled", "enabled"], default="disabled"),
    sip_compact_headers_enabled=Field("bool", default=True),
    timeout_1xx_secs=Field("int", minimum=1, maximum=120, default=3),
    timeout_2xx_secs=Field("int", minimum=1, maximum=600, default=90),
)

OUTBOUND = dict(
    ani_override=Field("str", check=full_match(r"\+[1-9][0-9]{1,14}", "a phone number in E.164 form such as "
                                               "+13125550100 (or empty)", blank_allowed=True), default=""),
    ani_override_type=Field("str", choices=["always", "normal", "emergency"], relevant_if=_ani_override_is_set,
                            default="always"),
    call_parking_enabled=Field("bool", nullable=True, default=False),
    channel_limit=Field("int", minimum=0, maximum=2 ** 31 - 1, default=None, cannot_clear=NO_NULL_INTEGER),
    generate_ringback_tone=Field("bool", default=False),
    instant_ringback_enabled=Field("bool", default=True),
    localization=Field("str", check=full_match(r"[A-Z]{2}", "a two-letter upper-case country code such as US "
                                               "(or empty for US then GB)", blank_allowed=True), default="US"),
    # The schema types it a plain string (not nullable): the empty string, sent as it is, clears it.
    outbound_voice_profile_id=Field("str", check=blank_or(TELNYX_ID)),
    # The same profile by its exact name, looked up like the profile module looks it up; never sent.
    outbound_voice_profile_name=Field("str", resolves_to=("outbound_voice_profile_id", OUTBOUND_VOICE_PROFILE)),
    t38_reinvite_source=Field("str", choices=T38_SOURCES, default="telnyx"),
)

RTCP_SETTINGS = dict(
    port=Field("str", choices=["rtcp-mux", "rtp+1"], default="rtp+1"),
    capture_enabled=Field("bool", default=False),
    # The public docs page says report_frequency_seconds; the API silently ignores that key.
    report_frequency_secs=Field("int", minimum=5, maximum=3000, aliases=["report_frequency_seconds"], default=5),
)

JITTER_BUFFER = dict(
    enable_jitter_buffer=Field("bool", default=False),
    jitterbuffer_msec_min=Field("int", minimum=40, maximum=400, default=60),
    jitterbuffer_msec_max=Field("int", minimum=40, maximum=400, default=200),
)

NOISE_SUPPRESSION_DETAILS = dict(
    engine=Field("str", choices=NOISE_ENGINES, default="denoiser"),
    attenuation_limit=Field("int", minimum=0, maximum=100, check=multiple_of(10)),
)

# The top-level fields every connection type has, in table order; each type puts its own beside them.
NAME = dict(connection_name=Field("str", aliases=["name"], check=not_blank), active=Field("bool"))
SHARED = dict(
    anchorsite_override=Field("str", choices=ANCHORSITES, default="Latency"),
    default_on_hold_comfort_noise_enabled=Field("bool", default=True),
    dtmf_type=Field("str", choices=["RFC 2833", "Inband", "SIP INFO"], default="RFC 2833"),
    encode_contact_header_enabled=Field("bool", default=False),
    encrypted_media=Field("str", choices=["SRTP"], nullable=True),
    onnet_t38_passthrough_enabled=Field("bool", default=False),
    ios_push_credential_id=Field("str", nullable=True, check=UUID, default=None),
    android_push_credential_id=Field("str", nullable=True, check=UUID, default=None),
    webhook_event_url=Field("str", check=url),
    webhook_event_failover_url=Field("str", check=url, nullable=True, default=None),
    webhook_api_version=Field("str", choices=["1", "2"], default="1"),
    webhook_timeout_secs=Field("int", nullable=True, minimum=0, maximum=30, default=None),
    call_cost_in_webhooks=Field("bool", default=False),
    tags=Field("set"),
    noise_suppression=Field("str", choices=["inbound", "outbound", "both", "disabled"]),
    noise_suppression_details=Field("dict", options=NOISE_SUPPRESSION_DETAILS),
    jitter_buffer=Field("dict", options=JITTER_BUFFER),
    rtcp_settings=Field("dict", options=RTCP_SETTINGS),
)


# What the FQDN and IP connection types add to the shared fields, and their records' port.
TRANSPORT_PROTOCOL = Field("str", choices=["UDP", "TCP", "TLS"], default="UDP")
TECH_PREFIX = Field("str", check=full_match(r"[0-9]{4}", "exactly 4 digits (or empty)", blank_allowed=True))
RECEIVE_SETTINGS = ["only_my_connections", "from_anyone"]
PORT = Field("int", minimum=1, maximum=65535)


def trunk_inbound(**changes):
    """The inbound settings of an FQDN or IP connection: the shared ones less simultaneous ringing, with
    ``changes``."""
    inbound = {name: field for name, field in INBOUND.items() if name != "simultaneous_ringing"}
    inbound.update(sip_region=Field("str", choices=["US", "Europe", "Australia"], default="US"), **changes)
    return inbound


class Connection(ResourceType):
    """The hooks every connection type shares."""

    name_field = "connection_name"
    name_filter = "filter[connection_name][contains]"

    def check_desired(self, desired):
        jitter = desired.get("jitter_buffer") or {}
        low, high = jitter.get("jitterbuffer_msec_min"), jitter.get("jitterbuffer_msec_max")
        if low is not None and high is not None and low > high:
            return ["jitter_buffer.jitterbuffer_msec_min (%s) must not exceed jitter_buffer.jitterbuffer_msec_max "
                    "(%s)" % (low, high)]
        return []

    def final_warnings(self, outcome, desired, check_mode):
        """A connection without an outbound voice profile is no trunk: Telnyx refuses its outbound calls (D38).

        Said only when it matters: the run creates or changes the connection, and the user did not say which
        profile, nor "inbound only" (``outbound.outbound_voice_profile_id: ""``). A profile given by name or id is
        the user's word, also when a check-mode run cannot know its id yet.
        """
        state = outcome.state
        said = set(desired.get("outbound") or {}) & {"outbound_voice_profile_id", "outbound_voice_profile_name"}
        if not outcome.changed or said or not state or (state.get("outbound") or {}).get("outbound_voice_profile_id"):
            return []
        return ["The %s %r %s no outbound voice profile, so Telnyx refuses every outbound call from it with SIP "
                "cause D38 (no outbound profile assigned). Set outbound.outbound_voice_profile_id or "
                "outbound.outbound_voice_profile_name, or outbound.outbound_voice_profile_id: \"\" for a connection "
                "that only receives calls."
                % (self.label, state.get("connection_name"), "would have" if check_mode else "has")]


def profile_filter():
    """The connection lists' filter on the outbound voice profile, as an info module's option."""
    return ListFilter(
        "filter[outbound_voice_profile_id]",
        check=TELNYX_ID,
        matches=lambda item, value: (item.get("outbound") or {}).get("outbound_voice_profile_id") == value)
