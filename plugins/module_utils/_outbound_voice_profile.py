# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Telnyx v2 outbound voice profiles as a field table and the hooks for their quirks.

The table follows the UpdateOutboundVoiceProfile request schema with its wire names, nesting and defaults.
"""

from __future__ import annotations

import re

from ansible_collections.telnyx.voice.plugins.module_utils._fields import E164, UUID, Field
from ansible_collections.telnyx.voice.plugins.module_utils._info import Inventory
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceType
_COUNTRY = re.compile(r"[A-Z]{2}")
# The schema's description says HH:MM, its example 08:00:00.00Z: both are taken, with seconds, a fraction and UTC
# marks. What is sent is the request schema's own ``format: time`` (RFC 3339 full-time), which HH:MM is not.
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:\.([0-9]+))?)?(?:Z|[+-]00(?::?00)?)?")


def _clock(value):
    """A UTC time of day in one spelling, RFC 3339's HH:MM:SS[.fraction]Z, so that 08:00 and 08:00:00.00Z compare
    equal and what is sent is a ``format: time``; anything else is returned as it is (its rule refuses it)."""
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return value
    hours, minutes, seconds, fraction = match.groups()
    text = "%s:%s:%s" % (hours, minutes, seconds or "00")
    return ("%s.%sZ" % (text, fraction.rstrip("0"))) if fraction and fraction.strip("0") else text + "Z"


def _clock_rule(value):
    if _CLOCK.fullmatch(value):
        return None
    return "must be a UTC time of day such as 08:00 or 08:00:00Z, got %r" % value


def _countries_rule(values):
    wrong = [value for value in values if not _COUNTRY.fullmatch(value)]
    if wrong:
        return "must be two-letter upper-case country codes such as US, got %s" % ", ".join(repr(w) for w in wrong)
    return None


def _phone_numbers_rule(values):
    wrong = [problem for problem in (E164(value) for value in values) if problem]
    return "; ".join(wrong) or None


def _name_rule(value):
    if len(value.strip()) < 3:
        return "must have at least 3 characters, got %r" % value
    return None


CALL_RECORDING = dict(
    call_recording_type=Field("str", choices=["all", "none", "by_caller_phone_number"]),
    call_recording_caller_phone_numbers=Field("set", check=_phone_numbers_rule),
    call_recording_channels=Field("str", choices=["single", "dual"], default="single"),
    call_recording_format=Field("str", choices=["wav", "mp3"], default="wav"),
)

CALLING_WINDOW = dict(
    # Its description says "A null value means no limit", but its type is integer, not nullable: the schema wins.
    calls_per_cld=Field("int", minimum=0, maximum=2 ** 31 - 1,
                        cannot_clear="Telnyx's schema takes only an integer here (its description speaks of null, "
                        "but the type is not nullable), so no request can remove the limit once set; give it as a "
                        "number"),
    start_time=Field("str", normalize=_clock, check=_clock_rule),
    end_time=Field("str", normalize=_clock, check=_clock_rule),
)


class OutboundVoiceProfile(ResourceType):
    label = "outbound voice profile"
    path = "/outbound_voice_profiles"
    result_key = "outbound_voice_profile"
    plural_key = "outbound_voice_profiles"
    name_field = "name"
    name_filter = "filter[name][contains]"
    required_on_create = ("name",)
    # UpdateOutboundVoiceProfile lists name as required: a PATCH of enabled alone must carry it too.
    update_carries = ("name",)

    fields = dict(
        name=Field("str", check=_name_rule),
        enabled=Field("bool", default=True),
        billing_group_id=Field("str", nullable=True, check=UUID, default=None),
        concurrent_call_limit=Field("int", nullable=True, minimum=0, maximum=2 ** 31 - 1),
        daily_spend_limit=Field("decimal", minimum=0),
        daily_spend_limit_enabled=Field("bool", default=False),
        max_destination_rate=Field("number", minimum=0),
        service_plan=Field("str", choices=["global"], default="global"),
        traffic_type=Field("str", choices=["conversational"], default="conversational"),
        usage_payment_method=Field("str", choices=["rate-deck"], default="rate-deck"),
        tags=Field("set"),
        whitelisted_destinations=Field("set", check=_countries_rule, default=["US", "CA"]),
        call_recording=Field("dict", options=CALL_RECORDING),
        calling_window=Field("dict", options=CALLING_WINDOW),
    )

    def managed_desired(self, desired, params, exists):
        """Times of day in the spelling the schema's ``format: time`` takes (``08:00`` is sent as ``08:00:00Z``)."""
        window = desired.get("calling_window")
        if not window:
            return desired
        return dict(desired, calling_window={name: _clock(value) if name.endswith("_time") and value else value
                                             for name, value in window.items()})


OUTBOUND_VOICE_PROFILE = OutboundVoiceProfile()

OUTBOUND_VOICE_PROFILE_INVENTORY = Inventory(
    OUTBOUND_VOICE_PROFILE,
    result_key="outbound_voice_profiles",
    name_contains_option="name_contains",
)
