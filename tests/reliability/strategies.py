# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hypothesis strategies: random valid desired states, the world they meet, and invalid inputs.

Values are drawn the way a user may write them in a playbook, not only in wire form: booleans as
``yes``/``on``/``1``, numbers as strings, a YAML number for ``webhook_api_version``, a comma-separated
string for a list, the ``report_frequency_seconds`` alias, ``""`` to clear a nullable value.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

ALNUM = string.ascii_letters + string.digits
ANCHORSITES = ["Latency", "Chicago, IL", "Ashburn, VA", "San Jose, CA", "Sydney, Australia", "Amsterdam, Netherlands",
               "London, UK", "Toronto, Canada", "Vancouver, Canada", "Frankfurt, Germany"]
NOISE_ENGINES = ["denoiser", "deep_filter_net", "deep_filter_net_large", "krisp_viva_tel", "krisp_viva_tel_lite",
                 "krisp_viva_promodel", "krisp_viva_ss", "quail_voice_focus"]
CODECS = ["G722", "G711U", "G711A", "G729", "OPUS", "H.264"]
# Connections the scenarios seed besides the one under test use these user-name prefixes, so a drawn
# user name never collides with theirs (Telnyx refuses a taken user name).
RESERVED_USER_PREFIXES = ("decoy", "seeduser")

# Any text a user may type, and a tamer alphabet for playbooks: no Jinja delimiters, nothing YAML mangles.
ANY_CHARS = st.characters(exclude_categories=("Cs", "Cc"))
PLAYBOOK_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0x24F, exclude_characters="{}%#\\\"'")


class Alphabet:
    """The characters free-text values are drawn from."""

    def __init__(self, chars):
        self.chars = chars

    def text(self, min_size=1, max_size=20):
        return st.text(self.chars, min_size=min_size, max_size=max_size)


ANY = Alphabet(ANY_CHARS)
PLAYBOOK = Alphabet(PLAYBOOK_CHARS)


# Scalars, as a user may spell them

BOOLS = st.sampled_from([True, False, "yes", "no", "true", "false", "True", "FALSE", "on", "off", "y", "n",
                         1, 0, "1", "0"])


def ints(low, high):
    """An int option: a number, or a string of digits (Ansible converts both)."""
    return st.integers(low, high).flatmap(lambda n: st.sampled_from([n, str(n)]))


def raw_ints(low, high):
    """A raw int option that may be cleared: a number, digits with blanks around, or "" (clear)."""
    return st.one_of(st.integers(low, high), st.integers(low, high).map(str),
                     st.integers(low, high).map(lambda n: " %d " % n), st.just(""))


def limits(low, high):
    """A raw int option that cannot be cleared (the schema has no null there): a number, or digits with blanks."""
    return st.one_of(st.integers(low, high), st.integers(low, high).map(str),
                     st.integers(low, high).map(lambda n: " %d " % n))


RAW_BOOLS = st.one_of(BOOLS, st.just(""))


@st.composite
def user_names(draw):
    """4 to 32 ASCII letters or digits with a letter among the first 5, never a reserved prefix."""
    head = draw(st.text(st.sampled_from(ALNUM), max_size=4))
    letter = draw(st.sampled_from(string.ascii_letters))
    tail = draw(st.text(st.sampled_from(ALNUM), min_size=max(0, 3 - len(head)), max_size=31 - len(head)))
    name = head + letter + tail
    if name.lower().startswith(RESERVED_USER_PREFIXES):
        name = "q" + name[1:]
    return name


def passwords(alphabet):
    return alphabet.text(min_size=8, max_size=128)


def connection_names(alphabet):
    """Any non-blank name, short ones included (under 3 characters the list filter cannot be used)."""
    return alphabet.text(min_size=1, max_size=24).filter(lambda name: name.strip())


def uuids():
    return st.uuids().map(str)


def urls():
    host = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\.[a-z]{2,6}){1,2}\Z")
    path = st.lists(st.text(st.sampled_from(ALNUM + "-._~"), min_size=1, max_size=8), max_size=3)
    return st.builds(lambda scheme, name, port, parts: "%s://%s%s/%s" % (scheme, name, port, "/".join(parts)),
                     st.sampled_from(["http", "https"]), host, st.sampled_from(["", ":8443", ":80"]), path)


def tokens(alphabet):
    """A list item: non-blank, without a comma (so the comma-separated spelling is unambiguous)."""
    return alphabet.text(min_size=1, max_size=12).filter(lambda item: item.strip() and "," not in item)


def string_lists(items, min_size=0, max_size=6):
    """A list as a YAML list, or as the comma-separated string Ansible splits."""
    lists = st.lists(items, min_size=min_size, max_size=max_size)
    return st.one_of(lists, st.lists(items, min_size=1, max_size=max_size).map(",".join))


# The options

def inbound(alphabet):
    return st.fixed_dictionaries({}, optional={
        "ani_number_format": st.sampled_from(["+E.164", "E.164", "+E.164-national", "E.164-national"]),
        "dnis_number_format": st.sampled_from(["+e164", "e164", "national", "sip_username"]),
        "codecs": st.one_of(string_lists(st.sampled_from(CODECS)), st.sampled_from(CODECS)),
        "channel_limit": limits(0, 2 ** 31 - 1),
        "default_routing_method": st.sampled_from(["sequential", "round-robin"]),
        "generate_ringback_tone": BOOLS,
        "isup_headers_enabled": BOOLS,
        "prack_enabled": BOOLS,
        "shaken_stir_enabled": BOOLS,
        "simultaneous_ringing": st.sampled_from(["disabled", "enabled"]),
        "sip_compact_headers_enabled": BOOLS,
        "timeout_1xx_secs": ints(1, 120),
        "timeout_2xx_secs": ints(1, 600),
    })


def outbound():
    return st.fixed_dictionaries({}, optional={
        "ani_override": st.one_of(st.from_regex(r"\A\+[1-9][0-9]{1,14}\Z"), st.just("")),
        "ani_override_type": st.sampled_from(["always", "normal", "emergency"]),
        "call_parking_enabled": RAW_BOOLS,
        "channel_limit": limits(0, 2 ** 31 - 1),
        "generate_ringback_tone": BOOLS,
        "instant_ringback_enabled": BOOLS,
        "localization": st.one_of(st.from_regex(r"\A[A-Z]{2}\Z"), st.just("")),
        "outbound_voice_profile_id": st.one_of(st.from_regex(r"\A[0-9]{1,19}\Z"),
                                               st.integers(1, 10 ** 19), st.just("")),
        "t38_reinvite_source": st.sampled_from(["telnyx", "customer", "disabled", "passthru", "caller-passthru",
                                                "callee-passthru"]),
    })


@st.composite
def jitter_buffer(draw):
    value = draw(st.fixed_dictionaries({}, optional={
        "enable_jitter_buffer": BOOLS,
        "jitterbuffer_msec_min": st.integers(40, 400),
        "jitterbuffer_msec_max": st.integers(40, 400),
    }))
    if "jitterbuffer_msec_min" in value and "jitterbuffer_msec_max" in value:
        low, high = sorted([value["jitterbuffer_msec_min"], value["jitterbuffer_msec_max"]])
        value.update(jitterbuffer_msec_min=low, jitterbuffer_msec_max=high)
    return value


@st.composite
def rtcp_settings(draw):
    value = draw(st.fixed_dictionaries({}, optional={
        "port": st.sampled_from(["rtcp-mux", "rtp+1"]),
        "capture_enabled": BOOLS,
        "report_frequency_secs": ints(5, 3000),
    }))
    if "report_frequency_secs" in value and draw(st.booleans()):
        # The alias of the public docs page; Ansible maps it, the module sends report_frequency_secs.
        value["report_frequency_seconds"] = value.pop("report_frequency_secs")
    return value


def noise_suppression_details():
    return st.fixed_dictionaries({}, optional={
        "engine": st.sampled_from(NOISE_ENGINES),
        "attenuation_limit": st.sampled_from(range(0, 101, 10)).flatmap(lambda n: st.sampled_from([n, str(n)])),
    })


def options(alphabet):
    """Any subset of the options besides the identity and state, nested ones included, each valid alone."""
    return st.fixed_dictionaries({}, optional={
        "active": BOOLS,
        "user_name": user_names(),
        "password": passwords(alphabet),
        "update_password": st.sampled_from(["always", "on_create"]),
        "anchorsite_override": st.sampled_from(ANCHORSITES),
        "sip_uri_calling_preference": st.sampled_from(["disabled", "unrestricted", "internal"]),
        "default_on_hold_comfort_noise_enabled": BOOLS,
        "dtmf_type": st.sampled_from(["RFC 2833", "Inband", "SIP INFO"]),
        "encode_contact_header_enabled": BOOLS,
        "encrypted_media": st.sampled_from(["SRTP", ""]),
        "onnet_t38_passthrough_enabled": BOOLS,
        "ios_push_credential_id": st.one_of(uuids(), st.just("")),
        "android_push_credential_id": st.one_of(uuids(), st.just("")),
        "webhook_event_url": urls(),
        "webhook_event_failover_url": st.one_of(urls(), st.just("")),
        "webhook_api_version": st.sampled_from(["1", "2", 1, 2]),
        "webhook_timeout_secs": raw_ints(0, 30),
        "call_cost_in_webhooks": BOOLS,
        "tags": string_lists(tokens(alphabet)),
        "noise_suppression": st.sampled_from(["inbound", "outbound", "both", "disabled"]),
        "noise_suppression_details": noise_suppression_details(),
        "jitter_buffer": jitter_buffer(),
        "rtcp_settings": rtcp_settings(),
        "inbound": inbound(alphabet),
        "outbound": outbound(),
    })


# The world the desired state meets

# What a live server may hold that the module never wrote (FACTS section 8): nulls, blanks, hidden values.
SERVER_ODDITIES = st.fixed_dictionaries({}, optional={
    "tags": st.just(None),
    "webhook_event_failover_url": st.sampled_from([None, ""]),
    "sip_uri_calling_preference": st.just(None),
    "webhook_timeout_secs": st.just(None),
    "inbound": st.just({"default_routing_method": "", "channel_limit": None}),
    "outbound": st.just({"call_parking_enabled": None, "outbound_voice_profile_id": None, "ani_override": ""}),
})

QUIRKS = st.fixed_dictionaries({}, optional={
    "sip_uri_disabled_as_null": st.booleans(),
    "timeouts_as_strings": st.booleans(),
    "mask_password": st.booleans(),
    "omit_password": st.booleans(),
})


@st.composite
def scenarios(draw, alphabet=ANY):
    """One run of the module against a prepared emulator.

    ``setup`` is ``none`` (nothing exists yet), ``seed`` (a connection with other random values is inserted
    directly, with some server oddities) or ``create`` (the module first creates it with other values).
    ``args`` are the task's arguments; ``by_id`` replaces the name lookup with the connection's id, the
    name given beside it then renames it.
    """
    name = draw(connection_names(alphabet))
    setup = draw(st.sampled_from(["none", "seed", "create"]))
    state = draw(st.sampled_from(["present"] * 5 + ["absent"]))
    args = draw(options(alphabet))
    if setup == "none" and state == "present":
        args.setdefault("user_name", draw(user_names()))
        args.setdefault("password", draw(passwords(alphabet)))
        if draw(st.integers(0, 5)) == 0:
            # texml can only be set on create, together with call parking (FACTS T15).
            args["webhook_api_version"] = "texml"
            args["outbound"] = dict(args.get("outbound", {}), call_parking_enabled=draw(st.sampled_from([True, "yes"])))
    by_id = setup != "none" and draw(st.booleans())
    if by_id:
        rename = draw(st.one_of(st.none(), connection_names(alphabet)))
        if rename is not None:
            args["connection_name"] = rename
    else:
        args["connection_name"] = name
    if state == "absent":
        args["state"] = "absent"
    before = None
    if setup != "none":
        before = draw(options(alphabet))
        before.pop("update_password", None)
        if before.get("webhook_api_version") == "texml":
            before.pop("webhook_api_version")
        before.update(connection_name=name, user_name=draw(user_names()), password=draw(passwords(alphabet)))
    return {
        "name": name,
        "setup": setup,
        "before": before,
        "oddities": draw(SERVER_ODDITIES) if setup == "seed" else {},
        "decoys": draw(st.booleans()),
        "bulk": draw(st.integers(0, 14)) == 0,
        "quirks": draw(QUIRKS),
        "by_id": by_id,
        "args": args,
    }


# The trunk resources' options (outbound_voice_profile, phone_number), each valid alone

CLOCK = st.builds(lambda h, m, style: style % (h, m), st.integers(0, 23), st.integers(0, 59),
                  st.sampled_from(["%02d:%02d", "%02d:%02d:00", "%02d:%02d:00Z", "%02d:%02d:00.00Z"]))
MONEY = st.one_of(st.integers(0, 5000), st.decimals(0, 5000, places=2).map(str), st.integers(0, 500).map(str))

PROFILE_OPTIONS = st.fixed_dictionaries({}, optional={
    "enabled": st.booleans(),
    "concurrent_call_limit": st.one_of(st.integers(0, 500), st.just("")),
    "daily_spend_limit": MONEY,
    "daily_spend_limit_enabled": st.booleans(),
    "max_destination_rate": st.one_of(st.integers(0, 50), st.sampled_from(["0.25", "1.5", 2.75])),
    "tags": st.lists(st.sampled_from(["a", "b", "office", "trunk"]), max_size=4),
    "whitelisted_destinations": st.lists(st.sampled_from(["US", "CA", "GB", "DE", "BR"]), min_size=1, max_size=4),
    "call_recording": st.fixed_dictionaries({}, optional={
        "call_recording_type": st.sampled_from(["all", "none", "by_caller_phone_number"]),
        "call_recording_caller_phone_numbers": st.lists(st.sampled_from(["+13125550100", "+442071838750"]),
                                                        max_size=2),
        "call_recording_channels": st.sampled_from(["single", "dual"]),
        "call_recording_format": st.sampled_from(["wav", "mp3"])}),
    "calling_window": st.fixed_dictionaries({}, optional={
        "start_time": CLOCK, "end_time": CLOCK, "calls_per_cld": st.integers(0, 20)}),
})


VOICE_OPTIONS = {
    "translated_number": st.sampled_from(["", "+13125550199", "4455"]),
    "tech_prefix_enabled": st.booleans(),
    "usage_payment_method": st.sampled_from(["pay-per-minute", "channel"]),
    "inbound_call_screening": st.sampled_from(["disabled", "reject_calls", "flag_calls"]),
    "caller_id_name_enabled": st.booleans(),
    "call_forwarding": st.fixed_dictionaries({}, optional={
        "call_forwarding_enabled": st.booleans(), "forwarding_type": st.sampled_from(["always", "on-failure"]),
        "forwards_to": st.sampled_from(["", "+13125559999"])}),
    "media_features": st.fixed_dictionaries({}, optional={
        "accept_any_rtp_packets_enabled": st.booleans(), "rtp_auto_adjust_enabled": st.booleans(),
        "t38_fax_gateway_enabled": st.booleans()}),
    "call_recording": st.fixed_dictionaries({}, optional={
        "inbound_call_recording_enabled": st.booleans(),
        "inbound_call_recording_channels": st.sampled_from(["single", "dual"]),
        "inbound_call_recording_format": st.sampled_from(["wav", "mp3"])}),
}
OWN_OPTIONS = {
    "tags": st.lists(st.sampled_from(["a", "b", "trunk"]), max_size=3),
    "customer_reference": st.sampled_from(["", "ref-1", "office"]),
    "hd_voice_enabled": st.booleans(),
    "connection_id": st.just("<connection>") | st.just(""),
}
NUMBER_OPTIONS = st.fixed_dictionaries({}, optional=dict(OWN_OPTIONS, **VOICE_OPTIONS))
