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

from ansible_collections.telnyx.voice.plugins.module_utils._bulk import BulkWrite
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._fqdn_connection import FQDN_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._ip_connection import IP_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._fields import (
    E164,
    TELNYX_ID,
    UUID,
    Field,
    blank_or,
    full_match,
    listing,
    not_blank,
)
from ansible_collections.telnyx.voice.plugins.module_utils._info import Inventory, ListFilter
from ansible_collections.telnyx.voice.plugins.module_utils._resource import AnyOf, ResourceType

VOICE = "voice"

CALL_FORWARDING = dict(
    call_forwarding_enabled=Field("bool", default=True),
    forwarding_type=Field("str", choices=["always", "on-failure"]),
    forwards_to=Field("str", check=full_match(r"\+[1-9][0-9]{1,14}", "a phone number in E.164 form such as "
                                              "+13125550100 (or empty)", blank_allowed=True)),
)

CNAM_LISTING = dict(
    cnam_listing_enabled=Field("bool", default=False),
    cnam_listing_details=Field("str", check=full_match(r"[A-Za-z0-9 ]{1,15}", "at most 15 letters, digits or "
                                                       "spaces (or empty)", blank_allowed=True)),
)

MEDIA_FEATURES = dict(
    accept_any_rtp_packets_enabled=Field("bool", default=False),
    rtp_auto_adjust_enabled=Field("bool", default=True),
    t38_fax_gateway_enabled=Field("bool", default=False),
)

CALL_RECORDING = dict(
    inbound_call_recording_enabled=Field("bool", default=False),
    inbound_call_recording_channels=Field("str", choices=["single", "dual"], default="single"),
    inbound_call_recording_format=Field("str", choices=["wav", "mp3"], default="wav"),
)


CONNECTION = AnyOf("connection", CREDENTIAL_CONNECTION, FQDN_CONNECTION, IP_CONNECTION)


class PhoneNumber(ResourceType):
    label = "phone number"
    path = "/phone_numbers"
    result_key = "phone_number"
    plural_key = "phone_numbers"
    name_field = "phone_number"
    name_filter = "filter[phone_number]"
    tag_filter = "filter[tag]"
    creatable = False
    deletable = False
    # The number itself identifies the object; it is looked up, never written.
    renamable = False
    # UpdatePhoneNumber types connection_id as a plain string, and how to detach a number is not documented:
    # the empty string (the schema's type) first, else null.
    clear_spellings = {"connection_id": ("", None)}
    # GET /phone_numbers/voice lists every number's voice settings, 250 a page (ListPhoneNumbersWithVoiceSettings).
    sweeps = {VOICE: "/phone_numbers/voice"}
    # CreateUpdatePhoneNumbersJob: one body (the number's fields, the voice settings under "voice") for up to 1,000
    # numbers given by id, at most 20 jobs pending or in progress on the account (reference README).
    bulk = BulkWrite(path="/phone_numbers/jobs/update_phone_numbers", jobs_path="/phone_numbers/jobs",
                     job_type="update_phone_numbers", items_key="phone_numbers", max_items=1000, max_active=20,
                     nests={VOICE: "voice"}, min_items=5)

    fields = dict(
        phone_number=Field("str", check=E164),
        # UpdatePhoneNumber types these as plain strings: the empty string, not null, clears them.
        connection_id=Field("str", check=blank_or(TELNYX_ID)),
        # The same connection by its exact name, looked up like its own module looks it up; never sent.
        # Any connection type the collection manages: the name is looked up in each list, and must name one.
        connection_name=Field("str", resolves_to=("connection_id", CONNECTION)),
        tags=Field("set"),
        customer_reference=Field("str"),
        billing_group_id=Field("str", check=blank_or(UUID)),
        hd_voice_enabled=Field("bool"),
        external_pin=Field("str", secret=True, check=not_blank),
        translated_number=Field("str", address=VOICE,
                                check=full_match(r"\+?[A-Za-z0-9]+", "letters and digits, optionally after a + "
                                                 "(or empty)", blank_allowed=True)),
        tech_prefix_enabled=Field("bool", address=VOICE, default=False),
        usage_payment_method=Field("str", choices=["pay-per-minute", "channel"], address=VOICE,
                                   default="pay-per-minute"),
        inbound_call_screening=Field("str", choices=["disabled", "reject_calls", "flag_calls"], address=VOICE,
                                     default="disabled"),
        # Written with the voice settings, but only the number reports it (the voice answer has no such key).
        caller_id_name_enabled=Field("bool", address=(VOICE, None), default=False),
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


def _equals(field_name):
    return lambda item, value: str(item.get(field_name) or "") == value


NUMBER_STATUSES = ("purchase-pending", "purchase-failed", "port-pending", "active", "deleted", "port-failed",
                   "emergency-only", "ported-out", "port-out-pending")

PHONE_NUMBER_INVENTORY = Inventory(
    PHONE_NUMBER,
    result_key="phone_numbers",
    filters=dict(
        connection_id=ListFilter("filter[connection_id]", check=PHONE_NUMBER.fields["connection_id"].problem,
                                 matches=_equals("connection_id")),
        tag=ListFilter("filter[tag]", matches=lambda item, value: value in (item.get("tags") or [])),
        status=ListFilter("filter[status]", matches=_equals("status"),
                          check=lambda value: value not in NUMBER_STATUSES and "must be one of %s, got %r"
                          % (listing(NUMBER_STATUSES), value)),
        customer_reference=ListFilter("filter[customer_reference]", matches=_equals("customer_reference")),
        country_iso_alpha2=ListFilter("filter[country_iso_alpha2]", matches=_equals("country_iso_alpha2"),
                                      check=lambda value: not re.fullmatch(r"[A-Z]{2}", value) and
                                      "must be a two-letter upper-case country code such as US, got %r" % value),
    ),
    address_options=dict(voice_settings=VOICE),
)
