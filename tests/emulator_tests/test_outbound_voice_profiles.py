"""Tests of the emulated outbound voice profiles (/v2/outbound_voice_profiles)."""

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.emulator.control import EmulatorError
from tests.emulator_tests.helpers import TIMESTAMP_RE

PATH = "/outbound_voice_profiles"
EXPECTED_DEFAULTS = {
    "billing_group_id": None,
    "call_recording": {"call_recording_caller_phone_numbers": [], "call_recording_channels": "single",
                       "call_recording_format": "wav", "call_recording_type": "none"},
    # Unset fields the schema types without null (daily_spend_limit, max_destination_rate, the window's times) are
    # absent; calls_per_cld is null, which its description calls "no limit".
    "calling_window": {"calls_per_cld": None},
    "concurrent_call_limit": None,
    "connections_count": 0,
    "daily_spend_limit_enabled": False,
    "enabled": True,
    "record_type": "outbound_voice_profile",
    "service_plan": "global",
    "tags": [],
    "traffic_type": "conversational",
    "usage_payment_method": "rate-deck",
    "whitelisted_destinations": ["US", "CA"],
}


def create(emu, **fields):
    status, _headers, body = emu.api("POST", PATH, dict({"name": "office"}, **fields))
    assert status == 200, body
    return body["data"]


def errors_of(emu, method, path, body):
    status, _headers, answer = emu.api(method, path, body)
    assert status == 422, answer
    return [(error["source"]["pointer"], error["code"]) for error in answer["errors"]]


def test_create_answers_200_with_every_default(emu):
    data = create(emu)
    assert re.fullmatch(r"\d{19}", data["id"])
    assert TIMESTAMP_RE.match(data["created_at"]) and data["created_at"] == data["updated_at"]
    assert {key: data[key] for key in EXPECTED_DEFAULTS} == EXPECTED_DEFAULTS
    assert set(data) == set(EXPECTED_DEFAULTS) | {"id", "name", "created_at", "updated_at"}
    assert emu.api("GET", PATH + "/" + data["id"])[2] == {"data": data}


def test_name_is_required_on_create_and_on_every_patch(emu):
    assert errors_of(emu, "POST", PATH, {"enabled": True}) == [("/name", "10015")]
    assert errors_of(emu, "POST", PATH, {"name": "ab"}) == [("/name", "10015")]
    profile_id = create(emu)["id"]
    assert errors_of(emu, "PATCH", PATH + "/" + profile_id, {"enabled": False}) == [("/name", "10015")]
    assert emu.state()["outbound_voice_profiles"][0]["enabled"] is True, "a refused PATCH changes nothing"
    status, _headers, body = emu.api("PATCH", PATH + "/" + profile_id, {"name": "office", "enabled": False})
    assert status == 200 and body["data"]["enabled"] is False


@pytest.mark.parametrize("sent, answered", [("100", "100.00"), ("100.0", "100.00"), ("100.5", "100.50"), ("0", "0.00"),
                                            ("12.34", "12.34")])
def test_daily_spend_limit_is_answered_as_a_string_with_two_decimals(emu, sent, answered):
    assert create(emu, daily_spend_limit=sent)["daily_spend_limit"] == answered


@pytest.mark.parametrize("fields, pointer", [
    ({"daily_spend_limit": 100}, "/daily_spend_limit"),
    ({"daily_spend_limit": "1.234"}, "/daily_spend_limit"),
    ({"daily_spend_limit": "ten"}, "/daily_spend_limit"),
    ({"max_destination_rate": "10"}, "/max_destination_rate"),
    ({"max_destination_rate": -1}, "/max_destination_rate"),
    ({"concurrent_call_limit": 2.5}, "/concurrent_call_limit"),
    ({"concurrent_call_limit": -1}, "/concurrent_call_limit"),
    ({"whitelisted_destinations": ["us"]}, "/whitelisted_destinations"),
    ({"whitelisted_destinations": "US"}, "/whitelisted_destinations"),
    ({"traffic_type": "short_duration"}, "/traffic_type"),
    ({"service_plan": "us"}, "/service_plan"),
    ({"usage_payment_method": "tariff"}, "/usage_payment_method"),
    ({"billing_group_id": "not-a-uuid"}, "/billing_group_id"),
    ({"enabled": "true"}, "/enabled"),
    ({"calling_window": {"start_time": "8am"}}, "/calling_window/start_time"),
    ({"calling_window": {"end_time": "24:00"}}, "/calling_window/end_time"),
    ({"calling_window": {"calls_per_cld": -1}}, "/calling_window/calls_per_cld"),
    ({"calling_window": "08:00-20:00"}, "/calling_window"),
    ({"call_recording": {"call_recording_type": "some"}}, "/call_recording/call_recording_type"),
    ({"call_recording": {"call_recording_caller_phone_numbers": ["3125550100"]}},
     "/call_recording/call_recording_caller_phone_numbers"),
])
def test_create_and_update_reject(emu, fields, pointer):
    assert errors_of(emu, "POST", PATH, dict(fields, name="office")) == [(pointer, "10015")]
    profile_id = create(emu)["id"]
    assert errors_of(emu, "PATCH", PATH + "/" + profile_id, dict(fields, name="office")) == [(pointer, "10015")]


def test_numbers_limits_and_nulls_as_the_schema_types_them(emu):
    data = create(emu, max_destination_rate=0.25, concurrent_call_limit=10, daily_spend_limit_enabled=True,
                  billing_group_id="6a09cdc3-8948-47f0-aa62-74ac943d6c58", whitelisted_destinations=["US", "BR", "AU"])
    assert data["max_destination_rate"] == 0.25 and data["concurrent_call_limit"] == 10
    assert data["whitelisted_destinations"] == ["US", "BR", "AU"]
    path = PATH + "/" + data["id"]
    status, _headers, body = emu.api("PATCH", path, {"name": "office", "concurrent_call_limit": None, "billing_group_id": None,
                                                     "max_destination_rate": 10})
    assert status == 200
    assert (body["data"]["concurrent_call_limit"], body["data"]["billing_group_id"], body["data"]["max_destination_rate"]) \
        == (None, None, 10)


def test_calling_window_times_are_hh_mm_and_the_quirk_answers_the_long_spelling(emu):
    data = create(emu, calling_window={"start_time": "08:00:00.00Z", "end_time": "20:30", "calls_per_cld": 5})
    assert data["calling_window"] == {"start_time": "08:00", "end_time": "20:30", "calls_per_cld": 5}
    emu.set_quirks(calling_window_long_times=True)
    shown = emu.api("GET", PATH + "/" + data["id"])[2]["data"]["calling_window"]
    assert (shown["start_time"], shown["end_time"]) == ("08:00:00.00Z", "20:30:00.00Z")
    assert emu.state()["outbound_voice_profiles"][0]["calling_window"]["start_time"] == "08:00", "state has no quirks"


def test_patch_deep_merges_nested_objects_and_lists_replace(emu):
    data = create(emu, calling_window={"start_time": "08:00", "end_time": "20:00"}, tags=["a", "b"])
    status, _headers, body = emu.api("PATCH", PATH + "/" + data["id"],
                                     {"name": "renamed", "calling_window": {"end_time": "18:00"}, "tags": ["c"]})
    assert status == 200
    assert body["data"]["calling_window"] == {"start_time": "08:00", "end_time": "18:00", "calls_per_cld": None}
    assert body["data"]["tags"] == ["c"] and body["data"]["name"] == "renamed"
    assert body["data"]["updated_at"] > data["updated_at"]


def test_delete_answers_the_profile_and_refuses_while_a_connection_names_it(emu):
    profile_id = create(emu)["id"]
    connection_id = emu.seed([{"connection_name": "trunk", "outbound": {"outbound_voice_profile_id": profile_id}}])[0]
    assert emu.api("GET", PATH + "/" + profile_id)[2]["data"]["connections_count"] == 1
    status, _headers, body = emu.api("DELETE", PATH + "/" + profile_id)
    assert status == 422 and body["errors"][0]["code"] == "10015" and "1 connection" in body["errors"][0]["detail"]
    assert "source" not in body["errors"][0]
    assert len(emu.state()["outbound_voice_profiles"]) == 1
    emu.api("PATCH", "/credential_connections/" + connection_id, {"outbound": {"outbound_voice_profile_id": None}})
    status, _headers, body = emu.api("DELETE", PATH + "/" + profile_id)
    assert status == 200 and body["data"]["id"] == profile_id and body["data"]["connections_count"] == 0
    assert emu.state()["outbound_voice_profiles"] == []
    for method in ("GET", "DELETE"):
        assert emu.api(method, PATH + "/" + profile_id)[0] == 404
    assert emu.api("PATCH", PATH + "/" + profile_id, {"name": "office"})[0] == 404


def test_routes_and_methods(emu):
    assert emu.api("PUT", PATH, {})[1]["allow"] == "GET, POST"
    assert emu.api("POST", PATH + "/1", {})[1]["allow"] == "DELETE, GET, PATCH"
    assert emu.api("GET", PATH + "/1/extra")[0] == 404
    assert emu.api("POST", PATH, api_key="wrong", body={"name": "office"})[0] == 401
    assert emu.api("POST", PATH, body=None)[0] == 400


def test_list_pages_of_20_by_default_newest_first(emu):
    ids = [create(emu, name="profile-%02d" % number)["id"] for number in range(25)]
    status, _headers, body = emu.api("GET", PATH)
    assert status == 200
    assert body["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 2, "total_results": 25}
    assert [item["id"] for item in body["data"]] == ids[::-1][:20]
    second = emu.api("GET", PATH, query={"page[number]": 2})[2]
    assert [item["id"] for item in second["data"]] == ids[::-1][20:]
    everything = emu.api("GET", PATH, query={"page[size]": 250})[2]
    assert everything["meta"]["total_pages"] == 1 and len(everything["data"]) == 25


def test_list_filter_and_sort(emu):
    for name, enabled in (("Office-B", True), ("warehouse", False), ("office-a", True)):
        create(emu, name=name, enabled=enabled)

    def names(**query):
        return [item["name"] for item in emu.api("GET", PATH, query=query)[2]["data"]]

    assert names(**{"filter[name][contains]": "OFFICE"}) == ["office-a", "Office-B"]
    assert names(sort="name") == ["Office-B", "office-a", "warehouse"]
    assert names(sort="-name") == ["warehouse", "office-a", "Office-B"]
    assert names(sort="enabled")[0] == "warehouse"
    assert names(sort="created_at") == ["Office-B", "warehouse", "office-a"]


@pytest.mark.parametrize("query, pointer", [
    ({"page[size]": 0}, "/page/size"), ({"page[size]": 251}, "/page/size"), ({"page[number]": 0}, "/page/number"),
    ({"page[size]": "x"}, "/page/size"), ({"sort": "connections_count"}, "/sort"),
])
def test_bad_list_parameters_are_422(emu, query, pointer):
    status, _headers, body = emu.api("GET", PATH, query=query)
    assert status == 422 and body["errors"][0]["source"]["pointer"] == pointer


def test_seed_profiles_and_state(emu):
    answer = emu.seed(outbound_voice_profiles=[{"name": "seeded", "daily_spend_limit": "5.00"}, {"id": "77"}])
    assert answer["connections"] == [] and answer["phone_numbers"] == []
    first, second = emu.state()["outbound_voice_profiles"]
    assert [first["id"], second["id"]] == answer["outbound_voice_profiles"]
    assert second["id"] == "77" and second["name"] == "seeded-profile-77"
    assert first["whitelisted_destinations"] == ["US", "CA"] and first["daily_spend_limit"] == "5.00"
    with pytest.raises(EmulatorError, match="400"):
        emu.seed(outbound_voice_profiles=[{"id": "77"}])
    emu.reset()
    assert emu.state()["outbound_voice_profiles"] == []


def test_faults_and_log_cover_profiles(emu):
    emu.add_fault(kind="status", status=503, path=PATH)
    assert emu.api("POST", PATH, {"name": "office"})[0] == 503
    profile_id = create(emu)["id"]
    emu.add_fault(kind="delete_before", method="PATCH")
    assert emu.api("PATCH", PATH + "/" + profile_id, {"name": "office"})[0] == 404
    emu.add_fault(kind="slow_commit", seconds=0.3)
    started = time.monotonic()
    assert emu.api("POST", PATH, {"name": "late"})[0] == 200
    assert time.monotonic() - started >= 0.3
    assert [(entry["method"], entry["status"]) for entry in emu.requests()] == [
        ("POST", 503), ("POST", 200), ("PATCH", 404), ("POST", 200)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.text(max_size=8), st.from_regex(r"\A\d{1,4}(\.\d{0,3})?\Z")))
def test_daily_spend_limit_accepted_exactly_when_it_is_usd(shared_emulator, value):
    status, _headers, body = shared_emulator.api("POST", PATH, {"name": "office", "daily_spend_limit": value})
    if re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", value):
        assert status == 200 and body["data"]["daily_spend_limit"] == "%.2f" % float(value)
    else:
        assert status == 422 and body["errors"][0]["source"]["pointer"] == "/daily_spend_limit"
