# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""outbound_voice_profile and its inventory over the reconcile core, with the HTTP layer scripted exactly."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE_INVENTORY
from ansible_collections.telnyx.voice.plugins.module_utils._info import READ_ONLY_KEY
from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, page
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import (
    PROFILE, PROFILE_ID, PROFILES, fail, inventory_run, profile, query, run,
)

RESOURCE = OUTBOUND_VOICE_PROFILE


def listed(*items, name="office"):
    return Call("GET", PROFILES, body=page(list(items)), params=query(**{"filter[name][contains]": name}))


@pytest.mark.parametrize("args", [
    dict(daily_spend_limit=100), dict(daily_spend_limit="100"), dict(daily_spend_limit="100.0"),
    dict(max_destination_rate="10.00"), dict(max_destination_rate=10.0),
    dict(whitelisted_destinations=["CA", "US", "US"]), dict(tags=[]),
    dict(calling_window={"start_time": "08:00", "end_time": "20:00:00Z"}),
    dict(concurrent_call_limit=""), dict(billing_group_id=""),
    dict(call_recording={"call_recording_caller_phone_numbers": []}),
])
def test_one_value_in_another_spelling_is_no_change_and_no_write(args):
    result, warnings, session = run(RESOURCE, [listed(profile())], name="office", **args)
    assert result["changed"] is False
    assert session.writes == [] and warnings == []


def test_a_patch_always_carries_the_name_because_telnyx_requires_it():
    result, warnings, session = run(RESOURCE, [
        listed(profile()),
        Call("PATCH", PROFILE, json_body={"enabled": False, "name": "office"},
             body={"data": profile(enabled=False)}),
    ], name="office", enabled=False)
    assert result["changed"] is True
    assert result["diff"] == {"before": {"name": "office", "enabled": True},
                              "after": {"name": "office", "enabled": False}}


def test_a_rename_by_id_sends_the_new_name_once():
    result, warnings, session = run(RESOURCE, [
        Call("GET", PROFILE, body={"data": profile()}),
        Call("PATCH", PROFILE, json_body={"name": "office-2"}, body={"data": profile(name="office-2")}),
    ], id=PROFILE_ID, name="office-2")
    assert result["changed"] is True and result["outbound_voice_profile"]["name"] == "office-2"


def test_money_goes_out_as_a_string_a_rate_as_a_number_and_a_limit_is_cleared_with_null():
    run(RESOURCE, [
        listed(profile(concurrent_call_limit=5)),
        Call("PATCH", PROFILE, json_body={"daily_spend_limit": "250", "max_destination_rate": 0.25,
                                          "concurrent_call_limit": None, "name": "office"},
             body={"data": profile(daily_spend_limit="250.00", max_destination_rate=0.25)}),
    ], name="office", daily_spend_limit=250, max_destination_rate="0.25", concurrent_call_limit="")


def test_a_nested_change_is_merged_into_the_current_object():
    # 09:30 (the description's HH:MM) goes as the request schema's format: time, RFC 3339's 09:30:00Z.
    run(RESOURCE, [
        listed(profile()),
        Call("PATCH", PROFILE, json_body={
            "calling_window": {"start_time": "09:30:00Z", "end_time": "20:00:00.00Z"}, "name": "office"},
            body={"data": profile(calling_window={"start_time": "09:30:00.00Z"})}),
    ], name="office", calling_window={"start_time": "09:30"})


# Every spelling the options take (the description's HH:MM, the example's 08:00:00.00Z, seconds, a fraction, an
# offset of zero) is sent as the request schema's format: time, RFC 3339's full-time, which HH:MM is not.
@pytest.mark.parametrize("given, sent", [
    ("08:00", "08:00:00Z"), ("08:00:00", "08:00:00Z"), ("08:00Z", "08:00:00Z"), ("08:00:00.00Z", "08:00:00Z"),
    ("20:30:15.50Z", "20:30:15.5Z"), ("23:59+00:00", "23:59:00Z"), ("00:00-0000", "00:00:00Z"),
])
def test_a_time_of_day_is_sent_in_rfc_3339_whatever_its_spelling(given, sent):
    body = {"calling_window": {"start_time": sent, "end_time": "20:00:00.00Z"}, "name": "office"}
    result, warnings, session = run(RESOURCE, [
        listed(profile(calling_window={"start_time": "06:00:00.00Z", "end_time": "20:00:00.00Z"})),
        Call("PATCH", PROFILE, json_body=body, body={"data": profile(calling_window=body["calling_window"])}),
    ], name="office", calling_window={"start_time": given})
    assert result["changed"] is True and warnings == []


def test_a_time_telnyx_reports_in_an_unknown_spelling_is_compared_as_it_is():
    # Not a time of day the module knows (Telnyx's BETA field): it differs from any given time, so it is set.
    body = {"calling_window": {"start_time": "08:00:00Z", "end_time": "20:00:00.00Z"}, "name": "office"}
    result, warnings, session = run(RESOURCE, [
        listed(profile(calling_window={"start_time": "8 a.m.", "end_time": "20:00:00.00Z"})),
        Call("PATCH", PROFILE, json_body=body, body={"data": profile(calling_window=body["calling_window"])}),
    ], name="office", calling_window={"start_time": "08:00"})
    assert result["diff"]["before"]["calling_window"]["start_time"] == "8 a.m."


def test_create_sends_one_post_of_what_was_set_and_check_mode_sends_none():
    args = dict(name="office", whitelisted_destinations=["US"], daily_spend_limit="50.00")
    result, warnings, session = run(RESOURCE, [listed(), Call("POST", PROFILES, json_body=args,
                                                              body={"data": profile(**args)})], **args)
    assert result["changed"] is True and result["outbound_voice_profile"]["id"] == PROFILE_ID
    result, warnings, session = run(RESOURCE, [listed()], check_mode=True, **args)
    assert result["changed"] is True and session.writes == []
    assert result["diff"]["after"] == {"name": "office", "whitelisted_destinations": ["US"],
                                       "daily_spend_limit": "50"}


def test_delete_by_name_and_absent_is_no_change():
    result, warnings, session = run(RESOURCE, [listed(profile()), Call("DELETE", PROFILE, body={"data": profile()})],
                                    name="office", state="absent")
    assert result["changed"] is True
    result, warnings, session = run(RESOURCE, [listed()], name="office", state="absent")
    assert result["changed"] is False


@pytest.mark.parametrize("args, option", [
    (dict(name="ab"), "name"),
    (dict(whitelisted_destinations=["us"]), "whitelisted_destinations"),
    (dict(daily_spend_limit="lots"), "daily_spend_limit"),
    (dict(daily_spend_limit=-1), "daily_spend_limit"),
    (dict(max_destination_rate=True), "max_destination_rate"),
    (dict(concurrent_call_limit=-1), "concurrent_call_limit"),
    (dict(calling_window={"start_time": "8am"}), "calling_window.start_time"),
    (dict(calling_window={"end_time": "24:00"}), "calling_window.end_time"),
    (dict(call_recording={"call_recording_caller_phone_numbers": ["3125550100"]}),
     "call_recording.call_recording_caller_phone_numbers"),
    (dict(billing_group_id="group-1"), "billing_group_id"),
])
def test_bad_input_fails_before_any_request_naming_the_option(args, option):
    args.setdefault("name", "office")
    failure, session = fail(RESOURCE, [], **args)
    assert session.sent == []
    assert ("%s: " % option) in failure.msg


def test_the_inventory_gives_items_that_feed_back_without_a_change():
    item = profile(concurrent_call_limit=None, daily_spend_limit="100.00", connections_count=2, tags=["b", "a"])
    result, warnings, session = inventory_run(OUTBOUND_VOICE_PROFILE_INVENTORY, [
        Call("GET", PROFILES, body=page([item]), params=query(**{"filter[name][contains]": "off"}))],
        name_contains="off")
    [entry] = result["outbound_voice_profiles"]
    assert entry["id"] == PROFILE_ID and entry["concurrent_call_limit"] == ""
    assert entry[READ_ONLY_KEY]["connections_count"] == 2
    options = {key: value for key, value in entry.items() if key != READ_ONLY_KEY}
    result, warnings, session = run(RESOURCE, [Call("GET", PROFILE, body={"data": item})], **options)
    assert result["changed"] is False and session.writes == [] and warnings == []
