# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The settings of a Telnyx v2 phone number as a field table and the hooks for their quirks.

A number's settings live at two addresses: its own (UpdatePhoneNumber) and ``/voice``
(UpdatePhoneNumberVoiceSettings); each field says where. Numbers are bought and released through
number orders, which cost money, so this resource is never created or deleted: it is found.

Its emergency settings are read-only on the number: no PATCH writes them. They are an action address
(``emergency``): EnablePhoneNumberEmergency turns emergency calling on (or moves it to another address), the
update_emergency_settings job turns it off (the API has no disable action). Both only start it: the number's
``emergency_status`` goes ``provisioning`` -> ``active`` (or ``provisioning-failed``), ``deprovisioning`` ->
``disabled``, and ``settle`` waits for that, bounded by ``emergency_wait_timeout``.
"""

from __future__ import annotations

import re

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxError, describe_errors
from ansible_collections.telnyx.voice.plugins.module_utils._bulk import BulkWrite, Job, JobRunner
from ansible_collections.telnyx.voice.plugins.module_utils._emergency_address import EMERGENCY_ADDRESS
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
from ansible_collections.telnyx.voice.plugins.module_utils._resource import AnyOf, ResourceFailure, ResourceType
from ansible_collections.telnyx.voice.plugins.module_utils._writes import maybe_applied

VOICE = "voice"
EMERGENCY = "emergency"
ENABLE_EMERGENCY = "actions/enable_emergency"
# CreatePhoneNumbersJobUpdateEmergencySettings: the only documented way to turn emergency calling off.
EMERGENCY_JOB = BulkWrite(path="/phone_numbers/jobs/update_emergency_settings", jobs_path="/phone_numbers/jobs",
                          job_type="update_emergency_settings", items_key="phone_numbers", max_items=1000,
                          max_active=500, nests={}, min_items=1)
# Where emergency_status ends; "provisioning" and "deprovisioning" are on the way.
SETTLED = ("active", "disabled", "provisioning-failed")
DEFAULT_EMERGENCY_WAIT = 300
# Seconds between two reads of a provisioning number: a back-off from the first to the last.
FIRST_POLL, LAST_POLL = 0.25, 10.0


def poll_waits(timeout):
    """The waits between the reads of a number whose emergency settings are being provisioned, ``timeout`` s in
    all: a back-off, so that a quick provisioning is seen quickly and a slow one is not read every second."""
    waits, wait, total = [], FIRST_POLL, 0.0
    while total < timeout:
        wait = min(wait, timeout - total)
        waits.append(wait)
        total += wait
        wait = min(LAST_POLL, wait * 2)
    return waits


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
        # Read-only on the number (reported there), written by an action or a job: the ``emergency`` address.
        emergency_enabled=Field("bool", address=(EMERGENCY, None), default=False),
        emergency_address_id=Field("str", address=(EMERGENCY, None), check=TELNYX_ID),
        # The address by its exact customer_reference, looked up like emergency_address looks it up; never sent.
        emergency_address_reference=Field("str", resolves_to=("emergency_address_id", EMERGENCY_ADDRESS)),
    )
    action_addresses = (EMERGENCY,)

    def extra_options(self):
        options = super().extra_options()
        options["emergency_wait_timeout"] = dict(type="int", default=DEFAULT_EMERGENCY_WAIT)
        return options

    def check_desired(self, desired):
        enabled = desired.get("emergency_enabled")
        blank = [name for name in ("emergency_address_id", "emergency_address_reference") if desired.get(name) == ""]
        if blank:
            # An emergency address is never cleared: emergency_enabled=false turns emergency calling off.
            return ["%s: cannot be empty (to turn emergency calling off, set emergency_enabled=false)" % blank[0]]
        has_address = "emergency_address_id" in desired or "emergency_address_reference" in desired
        if enabled is True and not has_address:
            return ["emergency_enabled=true needs the address: set emergency_address_id or "
                    "emergency_address_reference"]
        if has_address and enabled is not True:
            return ["emergency_address_id and emergency_address_reference need emergency_enabled=true (to turn "
                    "emergency calling off, set emergency_enabled=false alone)"]
        return []

    # The emergency address: an action turns it on, a job turns it off

    def action_request(self, current, address, part):
        enabled = part.get("emergency_enabled", current.get("emergency_enabled"))
        if enabled:
            return ("POST", self.item_path(current.get("id"), *ENABLE_EMERGENCY.split("/")),
                    {"emergency_enabled": True,
                     "emergency_address_id": part.get("emergency_address_id", current.get("emergency_address_id"))})
        return "POST", EMERGENCY_JOB.path, {"emergency_enabled": False, "phone_numbers": [current.get("id")]}

    def send_action(self, writer, current, address, part):
        dummy, path, body = self.action_request(current, address, part)
        if path != EMERGENCY_JOB.path:
            # Answered with the number's voice settings, its emergency settings among them.
            try:
                answer = writer.client.create(path, body)
            except TelnyxError as error:
                return self._lost_enable(writer, current, body, error)
            emergency = answer.get("emergency") if isinstance(answer, dict) else None
            return dict(current, **emergency) if isinstance(emergency, dict) else current
        job = Job({"emergency_enabled": False}, [_Member(current)])
        JobRunner(self, writer, bulk=EMERGENCY_JOB).run([job])
        failed = _job_failure(job, current.get("id"))
        if failed:
            raise ResourceFailure("Telnyx did not turn emergency calling off on %s: %s"
                                  % (current.get("phone_number"), failed))
        return current

    def _lost_enable(self, writer, current, body, error):
        """After an enable whose answer was lost: the number read back, when it shows the request took effect (the
        address set, provisioning or active); else the error, saying it may have been applied."""
        if not maybe_applied(error):
            raise error
        try:
            state = writer.remember(writer.client.get(self.item_path(current.get("id"))))
        except TelnyxError:
            error.message += " It may have been applied all the same: run again to converge."
            raise error
        if (state.get("emergency_enabled") is True and state.get("emergency_address_id") == body["emergency_address_id"]
                and state.get("emergency_status") in ("provisioning", "active")):
            writer.warnings.append("Telnyx did not confirm the request to enable emergency calling (%s), but reading "
                                   "the number back shows it was applied." % error.message)
            return state
        raise error

    def settle(self, writer, outcome, before, item):
        """Wait while the number's emergency settings are (de)provisioning; report where they end."""
        if "emergency_enabled" not in item.desired or before is None:
            return
        want = "active" if item.desired["emergency_enabled"] else "disabled"
        was = before.get("emergency_status")
        if writer.check_mode:
            now = want if outcome.changed else was
            return _show_status(outcome, was, now)
        state = outcome.state
        timeout = item.params.get("emergency_wait_timeout")
        timeout = DEFAULT_EMERGENCY_WAIT if timeout is None else timeout
        waits = poll_waits(timeout)
        while state.get("emergency_status") not in SETTLED and waits:
            writer.client._sleep(waits.pop(0))  # pylint: disable=protected-access
            state = writer.remember(writer.client.get(self.item_path(state.get("id"))))
            outcome.state = dict(outcome.state, **{key: state.get(key) for key in
                                                   ("emergency_enabled", "emergency_address_id", "emergency_status")})
        now = outcome.state.get("emergency_status")
        _show_status(outcome, was, now)
        number = outcome.state.get("phone_number")
        if now in ("provisioning", "deprovisioning"):
            writer.warnings.append(
                "Emergency calling on %s is still %s after %d s (emergency_wait_timeout); Telnyx goes on with it. "
                "A rerun sends no second request and waits again." % (number, now, timeout))
        elif now == "provisioning-failed" and want == "active":
            raise ResourceFailure(
                "Telnyx could not provision emergency calling on %s with address %s (emergency_status "
                "provisioning-failed)%s. The number cannot make emergency calls: point it at a valid address (a "
                "new one: an address cannot be changed)." % (number, outcome.state.get("emergency_address_id"),
                                                             _address_reason(writer.client,
                                                                             outcome.state.get("emergency_address_id"))),
                changed=outcome.changed, phone_number=outcome.state)

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


class _Member:
    """What a ``_bulk.Job`` needs of the one number it writes."""

    def __init__(self, current):
        self.current = current


def _job_failure(job, number_id):
    """Why ``job`` did not write the number, or None when it did."""
    if job.failure:
        return job.failure
    answer = job.answer or {}
    for entry in answer.get("failed_operations") or []:
        if entry.get("id") == number_id or not entry.get("id"):
            return describe_errors(entry.get("errors") or []) or "the job lists it among its failed operations"
    if answer.get("status") == "expired":
        return "job %s expired before writing it; a rerun sends it again" % answer.get("id")
    return None


def _show_status(outcome, was, now):
    """The emergency status in the diff, before and after, beside the options that moved it."""
    diff = outcome.diff
    if isinstance(diff.get("before"), dict) and isinstance(diff.get("after"), dict):
        outcome.diff = dict(diff, before=dict(diff["before"], emergency_status=was),
                            after=dict(diff["after"], emergency_status=now))


def _address_reason(client, address_id):
    """Telnyx's own reason, when its validation of the address gives one: ``: <errors>``, else ``""``."""
    try:
        address = client.get(EMERGENCY_ADDRESS.item_path(address_id))
        if not address.get("postal_code"):
            return ""
        body = {key: address[key] for key in ("country_code", "street_address", "postal_code", "locality",
                                              "administrative_area", "extended_address") if address.get(key)}
        result = client.create(EMERGENCY_ADDRESS.path + "/actions/validate", body)
    except TelnyxError:
        return ""
    errors = result.get("errors") if isinstance(result, dict) else None
    if result.get("result") == "invalid" and errors:
        return ": Telnyx's validation of the address says %s" % describe_errors(errors)
    return ""


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
        # "null" lists the numbers without an emergency address: the audit before a run that needs E911 on all.
        emergency_address_id=ListFilter("filter[emergency_address_id]",
                                        matches=lambda item, value: (item.get("emergency_address_id") or "null") == value,
                                        check=lambda value: value != "null" and TELNYX_ID(value)),
    ),
    address_options=dict(voice_settings=VOICE),
)
