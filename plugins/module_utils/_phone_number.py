# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The settings of a Telnyx v2 phone number as a field table and the hooks for their quirks.

A number's settings live at two addresses: its own (UpdatePhoneNumber) and ``/voice``
(UpdatePhoneNumberVoiceSettings); each field says where. Numbers are bought and released through
number orders, which cost money, so this resource is never created or deleted: it is found.
"""

from __future__ import annotations

import re

from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import E164
from ansible_collections.telnyx.voice.plugins.module_utils._resource import (
    TELNYX_ID,
    UUID,
    Field,
    ResourceType,
    full_match,
)

VOICE = "voice"

CALL_FORWARDING = dict(
    call_forwarding_enabled=Field("bool"),
    forwarding_type=Field("str", choices=["always", "on-failure"]),
    forwards_to=Field("str", check=full_match(r"\+[1-9][0-9]{1,14}", "a phone number in E.164 form such as "
                                              "+13125550100 (or empty)", blank_allowed=True)),
)

CNAM_LISTING = dict(
    cnam_listing_enabled=Field("bool"),
    cnam_listing_details=Field("str", check=full_match(r"[A-Za-z0-9 ]{1,15}", "at most 15 letters, digits or "
                                                       "spaces (or empty)", blank_allowed=True)),
)

MEDIA_FEATURES = dict(
    accept_any_rtp_packets_enabled=Field("bool"),
    rtp_auto_adjust_enabled=Field("bool"),
    t38_fax_gateway_enabled=Field("bool"),
)

CALL_RECORDING = dict(
    inbound_call_recording_enabled=Field("bool"),
    inbound_call_recording_channels=Field("str", choices=["single", "dual"]),
    inbound_call_recording_format=Field("str", choices=["wav", "mp3"]),
)


class PhoneNumber(ResourceType):
    label = "phone number"
    path = "/phone_numbers"
    result_key = "phone_number"
    name_field = "phone_number"
    name_filter = "filter[phone_number]"
    creatable = False
    deletable = False

    fields = dict(
        # The number itself identifies the object; it is looked up, never written.
        phone_number=Field("str", immutable=True, check=E164),
        # UpdatePhoneNumber types these as plain strings: the empty string, not null, clears them.
        # How to detach a number is not documented: the empty string (the schema's type), else null.
        connection_id=Field("str", check=lambda value: value and TELNYX_ID(value), clear_spellings=("", None)),
        tags=Field("list", ordered=False),
        customer_reference=Field("str"),
        billing_group_id=Field("str", check=lambda value: value and UUID(value)),
        hd_voice_enabled=Field("bool"),
        external_pin=Field("str", secret=True, check=lambda value: not value.strip() and "must not be empty"),
        translated_number=Field("str", address=VOICE,
                                check=full_match(r"\+?[A-Za-z0-9]+", "letters and digits, optionally after a + "
                                                 "(or empty)", blank_allowed=True)),
        tech_prefix_enabled=Field("bool", address=VOICE),
        usage_payment_method=Field("str", choices=["pay-per-minute", "channel"], address=VOICE),
        inbound_call_screening=Field("str", choices=["disabled", "reject_calls", "flag_calls"], address=VOICE),
        # Written with the voice settings, but only the number reports it (the voice answer has no such key).
        caller_id_name_enabled=Field("bool", address=VOICE, read_address=None),
        call_forwarding=Field("dict", options=CALL_FORWARDING, address=VOICE),
        cnam_listing=Field("dict", options=CNAM_LISTING, address=VOICE),
        media_features=Field("dict", options=MEDIA_FEATURES, address=VOICE),
        call_recording=Field("dict", options=CALL_RECORDING, address=VOICE),
    )

    def name_query(self, name):
        """filter[phone_number] returns nothing for non-digits: send the digits, then match the + form exactly."""
        digits = re.sub(r"[^0-9]", "", name)
        return {self.name_filter: digits} if len(digits) >= self.name_filter_min_length else {}

    def not_found_message(self, params):
        if params.get(self.id_option):
            what = "with id %s" % params[self.id_option]
        else:
            what = "%s" % params.get(self.name_field)
        return ("The phone number %s is not on this Telnyx account. This module only keeps the settings of a "
                "number the account already has; it never buys one (that costs money): order the number from "
                "Telnyx first." % what)

    def check_update(self, payload):
        cnam = payload.get("cnam_listing") or {}
        if cnam.get("cnam_listing_details") and cnam.get("cnam_listing_enabled") is not True:
            return ["cnam_listing.cnam_listing_details needs cnam_listing.cnam_listing_enabled set to true"]
        return []


PHONE_NUMBER = PhoneNumber()
