# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Outbound voice profiles and phone numbers as the schema says Telnyx returns them, and a scripted run of any
resource or inventory over FakeSession."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._module import module_argument_spec, module_kwargs
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import FakeSession
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import validated_params

API_KEY = "key-trunk-123456"
PROFILE_ID = "1293384261075731400"
PROFILES = "/outbound_voice_profiles"
PROFILE = PROFILES + "/" + PROFILE_ID
NUMBER_ID = "1293384261075731600"
NUMBERS = "/phone_numbers"
NUMBER = NUMBERS + "/" + NUMBER_ID
VOICE = NUMBER + "/voice"
PIN = "4817-pin-secret"


def _merged(obj, overrides):
    obj = copy.deepcopy(obj)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(obj.get(key), dict):
            obj[key] = dict(obj[key], **value)
        else:
            obj[key] = value
    return obj


def profile(**overrides):
    """A profile with the server's defaults filled in and read-only keys."""
    return _merged({
        "id": PROFILE_ID, "record_type": "outbound_voice_profile", "name": "office", "enabled": True,
        "billing_group_id": None, "concurrent_call_limit": None, "connections_count": 0,
        "daily_spend_limit": "100.00", "daily_spend_limit_enabled": False, "max_destination_rate": 10,
        "service_plan": "global", "traffic_type": "conversational", "usage_payment_method": "rate-deck",
        "tags": [], "whitelisted_destinations": ["US", "CA"],
        "call_recording": {"call_recording_type": "none", "call_recording_caller_phone_numbers": [],
                           "call_recording_channels": "single", "call_recording_format": "wav"},
        "calling_window": {"calls_per_cld": None, "start_time": "08:00:00.00Z", "end_time": "20:00:00.00Z"},
        "created_at": "2026-11-22T09:00:00.000Z", "updated_at": "2026-11-22T09:00:00.000Z",
    }, overrides)


def number(**overrides):
    """A phone number of the account, with the voice keys the number object repeats read-only."""
    return _merged({
        "id": NUMBER_ID, "record_type": "phone_number", "phone_number": "+13125550100", "status": "active",
        "connection_id": None, "connection_name": None, "tags": [], "customer_reference": None,
        "billing_group_id": None, "hd_voice_enabled": False, "external_pin": PIN,
        "caller_id_name_enabled": False, "inbound_call_screening": "disabled", "call_forwarding_enabled": True,
        "call_recording_enabled": False, "cnam_listing_enabled": False, "t38_fax_gateway_enabled": False,
        "country_iso_alpha2": "US", "phone_number_type": "local", "purchased_at": "2026-11-22T09:00:00.000Z",
        "created_at": "2026-11-22T09:00:00.000Z", "updated_at": "2026-11-22T09:00:00.000Z",
    }, overrides)


def voice(**overrides):
    """A number's voice settings, with the keys the voice object repeats from the number."""
    return _merged({
        "id": NUMBER_ID, "record_type": "voice_settings", "connection_id": None, "customer_reference": None,
        "tech_prefix_enabled": False, "translated_number": "", "usage_payment_method": "pay-per-minute",
        "inbound_call_screening": "disabled",
        "call_forwarding": {"call_forwarding_enabled": True, "forwarding_type": None, "forwards_to": None},
        "cnam_listing": {"cnam_listing_details": None, "cnam_listing_enabled": False},
        "media_features": {"accept_any_rtp_packets_enabled": False, "rtp_auto_adjust_enabled": True,
                           "t38_fax_gateway_enabled": False},
        "call_recording": {"inbound_call_recording_channels": "single", "inbound_call_recording_enabled": False,
                           "inbound_call_recording_format": "wav"},
        "emergency": {"emergency_address_id": None, "emergency_enabled": False, "emergency_status": "disabled"},
    }, overrides)


def params(resource, **args):
    """Parameters exactly as AnsibleModule would hand them over."""
    args.setdefault("api_key", API_KEY)
    return validated_params(module_argument_spec(resource), module_kwargs(resource), **args)


def client_for(calls):
    session = FakeSession(calls)
    return session, TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)


def run(resource, calls, check_mode=False, **args):
    """reconcile() once; every request must be exactly ``calls``."""
    session, client = client_for(calls)
    result, warnings = reconcile(resource, params(resource, **args), check_mode=check_mode, diff_mode=True,
                                 client=client)
    session.assert_done()
    return result, warnings, session


def fail(resource, calls, check_mode=False, **args):
    session, client = client_for(calls)
    with pytest.raises(ResourceFailure) as caught:
        reconcile(resource, params(resource, **args), check_mode=check_mode, client=client)
    session.assert_done()
    return caught.value, session


def inventory_run(inventory, calls, **args):
    session, client = client_for(calls)
    args.setdefault("api_key", API_KEY)
    result, warnings = inventory.run(validated_params(module_argument_spec(inventory), **args), client=client)
    session.assert_done()
    return result, warnings, session


def query(number=1, **filters):
    params = {"page[size]": 250, "page[number]": number}
    params.update(filters)
    return params
