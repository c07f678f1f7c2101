# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Telnyx v2 SIP credential connections as a field table and the hooks for their quirks.

The table follows the UpdateCredentialConnectionRequest schema with its wire names, nesting and defaults.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._fields import (
    TELNYX_ID,
    UUID,
    Field,
    blank_or,
    full_match,
    length,
    listing,
    multiple_of,
    not_blank,
    url,
)
from ansible_collections.telnyx.voice.plugins.module_utils._info import Detail, Inventory, ListFilter
from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceType

ANCHORSITES = ("Latency", "Chicago, IL", "Ashburn, VA", "San Jose, CA", "Sydney, Australia",
               "Amsterdam, Netherlands", "London, UK", "Toronto, Canada", "Vancouver, Canada", "Frankfurt, Germany")
NOISE_ENGINES = ("denoiser", "deep_filter_net", "deep_filter_net_large", "krisp_viva_tel", "krisp_viva_tel_lite",
                 "krisp_viva_promodel", "krisp_viva_ss", "quail_voice_focus")
TEXML = "texml"
# The codecs the contract names (the schema's default and description; the items are free strings there): another
# spelling such as g711u would reach Telnyx and be dropped silently (FACTS T16).
CODECS = ("G722", "G711U", "G711A", "G729", "OPUS", "H.264")


def _codecs_rule(values):
    wrong = [value for value in values if value not in CODECS]
    if wrong:
        return "must be codecs among %s, got %s" % (listing(CODECS), ", ".join(repr(value) for value in wrong))
    return None


def _user_name_rule(value):
    if not 4 <= len(value) <= 32 or not value.isalnum() or not value.isascii():
        return "must be 4 to 32 letters or digits (no spaces or symbols), got %r" % value
    if not any(char.isalpha() for char in value[:5]):
        return "must have a letter among its first 5 characters, got %r" % value
    return None


# Telnyx's schema types the channel limits integer and not nullable, so no request can remove a limit once set.
NO_NULL_INTEGER = ("Telnyx's schema takes only an integer here (not null), so no request can remove a limit once "
                   "set; give the limit as a number")


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
    t38_reinvite_source=Field("str", choices=["telnyx", "customer", "disabled", "passthru", "caller-passthru",
                                              "callee-passthru"], default="telnyx"),
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


class CredentialConnection(ResourceType):
    label = "credential connection"
    path = "/credential_connections"
    result_key = "credential_connection"
    plural_key = "credential_connections"
    name_field = "connection_name"
    name_filter = "filter[connection_name][contains]"
    required_on_create = ("connection_name", "user_name", "password")

    fields = dict(
        connection_name=Field("str", aliases=["name"], check=not_blank),
        active=Field("bool"),
        user_name=Field("str", check=_user_name_rule),
        password=Field("str", secret=True, check=length(8, 128)),
        anchorsite_override=Field("str", choices=ANCHORSITES, default="Latency"),
        # The live API reads "disabled" back as null.
        sip_uri_calling_preference=Field("str", choices=["disabled", "unrestricted", "internal"],
                                         null_equals="disabled"),
        # The request schemas default it to false, the response schema to true (FACTS T6): the request's wins.
        default_on_hold_comfort_noise_enabled=Field("bool", default=False),
        dtmf_type=Field("str", choices=["RFC 2833", "Inband", "SIP INFO"], default="RFC 2833"),
        encode_contact_header_enabled=Field("bool", default=False),
        encrypted_media=Field("str", choices=["SRTP"], nullable=True),
        onnet_t38_passthrough_enabled=Field("bool", default=False),
        ios_push_credential_id=Field("str", nullable=True, check=UUID, default=None),
        android_push_credential_id=Field("str", nullable=True, check=UUID, default=None),
        webhook_event_url=Field("str", check=url),
        webhook_event_failover_url=Field("str", check=url, nullable=True, default=None),
        webhook_api_version=Field("str", choices=["1", "2", TEXML], default="1"),
        webhook_timeout_secs=Field("int", nullable=True, minimum=0, maximum=30, default=None),
        call_cost_in_webhooks=Field("bool", default=False),
        tags=Field("set"),
        noise_suppression=Field("str", choices=["inbound", "outbound", "both", "disabled"]),
        noise_suppression_details=Field("dict", options=NOISE_SUPPRESSION_DETAILS),
        jitter_buffer=Field("dict", options=JITTER_BUFFER),
        rtcp_settings=Field("dict", options=RTCP_SETTINGS),
        inbound=Field("dict", options=INBOUND),
        outbound=Field("dict", options=OUTBOUND),
    )

    def extra_options(self):
        return dict(super().extra_options(),
                    update_password=dict(type="str", default="always", choices=["always", "on_create"], no_log=False))

    def check_desired(self, desired):
        jitter = desired.get("jitter_buffer") or {}
        low, high = jitter.get("jitterbuffer_msec_min"), jitter.get("jitterbuffer_msec_max")
        if low is not None and high is not None and low > high:
            return ["jitter_buffer.jitterbuffer_msec_min (%s) must not exceed jitter_buffer.jitterbuffer_msec_max "
                    "(%s)" % (low, high)]
        return []

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
        return ["The credential connection %r %s no outbound voice profile, so Telnyx refuses every outbound call "
                "from it with SIP cause D38 (no outbound profile assigned). Set outbound.outbound_voice_profile_id "
                "or outbound.outbound_voice_profile_name, or outbound.outbound_voice_profile_id: \"\" for a "
                "connection that only receives calls."
                % (state.get("connection_name"), "would have" if check_mode else "has")]

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
    filters=dict(
        outbound_voice_profile_id=ListFilter(
            "filter[outbound_voice_profile_id]",
            check=TELNYX_ID,
            matches=lambda item, value: (item.get("outbound") or {}).get("outbound_voice_profile_id") == value),
    ),
    details=dict(registration_status=Detail("actions/check_registration_status", key="registration")),
)
