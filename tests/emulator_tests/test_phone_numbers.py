"""Tests of the emulated phone numbers (/v2/phone_numbers and /v2/phone_numbers/{id}/voice)."""

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.emulator.control import EmulatorError
from tests.emulator_tests.helpers import TIMESTAMP_RE

PATH = "/phone_numbers"
NUMBER = "+13125550100"
NUMBER_KEYS = {
    "activated_at", "billing_group_id", "call_forwarding_enabled", "call_recording_enabled", "caller_id_name_enabled",
    "cnam_listing_enabled", "connection_id", "connection_name", "country_iso_alpha2", "created_at", "customer_reference",
    "deletion_lock_enabled", "emergency_address_id", "emergency_enabled", "emergency_status", "external_pin",
    "hd_voice_enabled", "id", "inbound_call_screening", "messaging_profile_id", "messaging_profile_name", "phone_number",
    "phone_number_type", "purchased_at", "record_type", "source_type", "status", "t38_fax_gateway_enabled", "tags",
    "updated_at",
}
VOICE_DEFAULTS = {
    # forwarding_type and cnam_listing_details are absent while unset: the schema types them without null.
    "call_forwarding": {"call_forwarding_enabled": True, "forwards_to": ""},
    "call_recording": {"inbound_call_recording_channels": "single", "inbound_call_recording_enabled": False,
                       "inbound_call_recording_format": "wav"},
    "cnam_listing": {"cnam_listing_enabled": False},
    "connection_id": None,
    "customer_reference": None,
    "emergency": {"emergency_address_id": None, "emergency_enabled": False, "emergency_status": "disabled"},
    "inbound_call_screening": "disabled",
    "media_features": {"accept_any_rtp_packets_enabled": False, "rtp_auto_adjust_enabled": True,
                       "t38_fax_gateway_enabled": False},
    "phone_number": NUMBER,
    "record_type": "voice_settings",
    "tech_prefix_enabled": False,
    "translated_number": "",
    "usage_payment_method": "pay-per-minute",
}


def seed_number(emu, **fields):
    return emu.seed(phone_numbers=[dict({"phone_number": NUMBER}, **fields)])["phone_numbers"][0]


def seed_connection(emu, name="office-trunk"):
    return emu.seed([{"connection_name": name}])[0]


def patch(emu, number_id, body, suffix=""):
    return emu.api("PATCH", "%s/%s%s" % (PATH, number_id, suffix), body)


def refused(emu, number_id, body, suffix=""):
    status, _headers, answer = patch(emu, number_id, body, suffix)
    assert status == 422, answer
    return [error["source"]["pointer"] for error in answer["errors"]]


def numbers(emu, **query):
    status, _headers, body = emu.api("GET", PATH, query=query)
    assert status == 200, body
    return body


def test_a_seeded_number_has_the_documented_shape(emu):
    number_id = seed_number(emu)
    assert re.fullmatch(r"[0-9]{19}", number_id)
    data = emu.api("GET", PATH + "/" + number_id)[2]["data"]
    assert set(data) == NUMBER_KEYS
    assert (data["phone_number"], data["record_type"], data["status"], data["country_iso_alpha2"]) == \
        (NUMBER, "phone_number", "active", "US")
    assert (data["connection_id"], data["connection_name"], data["external_pin"], data["tags"]) == (None, None, None, [])
    assert TIMESTAMP_RE.match(data["purchased_at"])


def test_numbers_cannot_be_bought_or_released_through_the_api(emu):
    number_id = seed_number(emu)
    status, headers, body = emu.api("POST", PATH, {"phone_number": "+13125550111"})
    assert (status, headers["allow"], body["errors"][0]["code"]) == (405, "GET", "10015")
    status, headers, _body = emu.api("DELETE", PATH + "/" + number_id)
    assert (status, headers["allow"]) == (405, "GET, PATCH")
    assert emu.api("POST", PATH + "/" + number_id + "/voice", {})[1]["allow"] == "GET, PATCH"
    assert emu.api("GET", PATH + "/" + number_id + "/messaging")[0] == 404
    assert [record["id"] for record in emu.state()["phone_numbers"]] == [number_id]
    for suffix in ("", "/voice"):
        assert emu.api("GET", PATH + "/404" + suffix)[0] == 404
        assert patch(emu, "404", {}, suffix)[0] == 404


def test_seed_needs_an_e164_number_once_per_account(emu):
    for bad in ({}, {"phone_number": "3125550100"}, {"phone_number": "+0125550100"}, {"phone_number": 13125550100}):
        with pytest.raises(EmulatorError, match="400"):
            emu.seed(phone_numbers=[bad])
    seed_number(emu)
    with pytest.raises(EmulatorError, match="already on the account"):
        seed_number(emu)
    with pytest.raises(EmulatorError, match="repeated"):
        emu.seed(phone_numbers=[{"phone_number": "+442071234567"}, {"phone_number": "+442071234567"}])
    assert len(emu.state()["phone_numbers"]) == 1


def test_patch_number_settings(emu):
    number_id = seed_number(emu)
    body = {"tags": ["b", "a"], "customer_reference": "ref-1", "billing_group_id": "bg-1", "hd_voice_enabled": True,
            "address_id": "addr-1", "id": "ignored"}
    status, _headers, answer = patch(emu, number_id, body)
    data = answer["data"]
    assert status == 200 and data["id"] == number_id
    assert (data["tags"], data["customer_reference"], data["billing_group_id"], data["hd_voice_enabled"]) == \
        (["b", "a"], "ref-1", "bg-1", True)
    assert "address_id" not in data, "the response schema has no address_id"
    assert emu.state()["phone_numbers"][0]["address_id"] == "addr-1"
    assert patch(emu, number_id, {"customer_reference": None})[2]["data"]["customer_reference"] is None
    assert refused(emu, number_id, {"tags": "a", "hd_voice_enabled": "yes", "address_id": None}) == \
        ["/tags", "/hd_voice_enabled", "/address_id"]


def test_connection_id_must_name_a_connection_and_null_or_empty_detach(emu):
    number_id = seed_number(emu)
    connection_id = seed_connection(emu)
    assert refused(emu, number_id, {"connection_id": "1293384261075731499"}) == ["/connection_id"]
    assert refused(emu, number_id, {"connection_id": 1293384261075731499}) == ["/connection_id"]
    for detach in (None, ""):
        data = patch(emu, number_id, {"connection_id": connection_id})[2]["data"]
        assert (data["connection_id"], data["connection_name"]) == (connection_id, "office-trunk")
        data = patch(emu, number_id, {"connection_id": detach})[2]["data"]
        assert (data["connection_id"], data["connection_name"]) == (None, None)


@pytest.mark.parametrize("quirk, refused_value, accepted_value",
                         [("connection_id_null_refused", None, ""), ("connection_id_empty_refused", "", None)])
def test_detach_quirks_refuse_one_spelling(emu, quirk, refused_value, accepted_value):
    number_id = seed_number(emu)
    connection_id = seed_connection(emu)
    patch(emu, number_id, {"connection_id": connection_id})
    emu.set_quirks(**{quirk: True})
    assert refused(emu, number_id, {"connection_id": refused_value}) == ["/connection_id"]
    assert emu.state()["phone_numbers"][0]["connection_id"] == connection_id
    assert patch(emu, number_id, {"connection_id": accepted_value})[2]["data"]["connection_id"] is None


def test_connection_name_follows_the_connection_and_deleting_it_detaches(emu):
    number_id = seed_number(emu)
    connection_id = seed_connection(emu)
    patch(emu, number_id, {"connection_id": connection_id})
    emu.api("PATCH", "/credential_connections/" + connection_id, {"connection_name": "renamed"})
    assert emu.api("GET", PATH + "/" + number_id)[2]["data"]["connection_name"] == "renamed"
    assert emu.api("DELETE", "/credential_connections/" + connection_id)[0] == 200
    data = emu.api("GET", PATH + "/" + number_id)[2]["data"]
    assert (data["connection_id"], data["connection_name"]) == (None, None)


def test_external_pin_is_answered_unless_withheld(emu):
    number_id = seed_number(emu)
    assert patch(emu, number_id, {"external_pin": "1234"})[2]["data"]["external_pin"] == "1234"
    emu.set_quirks(withhold_external_pin=True)
    assert emu.api("GET", PATH + "/" + number_id)[2]["data"]["external_pin"] is None
    assert patch(emu, number_id, {"tags": []})[2]["data"]["external_pin"] is None
    assert numbers(emu)["data"][0]["external_pin"] is None
    assert emu.state()["phone_numbers"][0]["external_pin"] == "1234"


def test_voice_settings_are_a_second_address(emu):
    number_id = seed_number(emu)
    status, _headers, body = emu.api("GET", PATH + "/" + number_id + "/voice")
    assert status == 200 and body["data"] == dict(VOICE_DEFAULTS, id=number_id)
    changes = {"tech_prefix_enabled": True, "translated_number": "+13035559999", "usage_payment_method": "channel",
               "inbound_call_screening": "flag_calls", "caller_id_name_enabled": True,
               "call_forwarding": {"forwards_to": "+13035559123", "forwarding_type": "on-failure"},
               "media_features": {"t38_fax_gateway_enabled": True},
               "call_recording": {"inbound_call_recording_enabled": True}}
    status, _headers, body = patch(emu, number_id, changes, "/voice")
    voice = body["data"]
    assert status == 200 and voice["record_type"] == "voice_settings"
    assert voice["call_forwarding"] == {"call_forwarding_enabled": True, "forwarding_type": "on-failure",
                                        "forwards_to": "+13035559123"}
    assert voice["media_features"]["rtp_auto_adjust_enabled"] is True, "nested objects are deep-merged"
    assert (voice["usage_payment_method"], voice["translated_number"]) == ("channel", "+13035559999")
    assert "caller_id_name_enabled" not in voice, "the voice schema has none: read it from the number"
    assert emu.api("GET", PATH + "/" + number_id + "/voice")[2]["data"] == voice
    number = emu.api("GET", PATH + "/" + number_id)[2]["data"]
    assert (number["caller_id_name_enabled"], number["t38_fax_gateway_enabled"], number["call_recording_enabled"],
            number["inbound_call_screening"]) == (True, True, True, "flag_calls")
    assert emu.state()["phone_numbers"][0]["voice"]["call_forwarding"]["forwards_to"] == "+13035559123"


@pytest.mark.parametrize("body, pointer", [
    ({"call_forwarding": {"forwards_to": "3035559123"}}, "/call_forwarding/forwards_to"),
    ({"call_forwarding": {"forwarding_type": "busy"}}, "/call_forwarding/forwarding_type"),
    ({"usage_payment_method": "per-call"}, "/usage_payment_method"),
    ({"inbound_call_screening": "block"}, "/inbound_call_screening"),
    ({"tech_prefix_enabled": 1}, "/tech_prefix_enabled"),
    ({"media_features": []}, "/media_features"),
    ({"cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "ACME, Inc."}}, "/cnam_listing/cnam_listing_details"),
    ({"cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "A" * 16}}, "/cnam_listing/cnam_listing_details"),
    ({"cnam_listing": {"cnam_listing_details": "ACME"}}, "/cnam_listing/cnam_listing_details"),
    ({"cnam_listing": {"cnam_listing_enabled": True}}, "/cnam_listing/cnam_listing_enabled"),
])
def test_voice_patch_rejects(emu, body, pointer):
    number_id = seed_number(emu)
    assert refused(emu, number_id, body, "/voice") == [pointer]
    assert emu.state()["phone_numbers"][0]["voice"]["cnam_listing"]["cnam_listing_enabled"] is False


def test_cnam_rules_apply_to_the_merged_settings(emu):
    number_id = seed_number(emu)
    voice = patch(emu, number_id, {"cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "ACME 15 chars X"}},
                  "/voice")[2]["data"]
    assert voice["cnam_listing"] == {"cnam_listing_enabled": True, "cnam_listing_details": "ACME 15 chars X"}
    assert patch(emu, number_id, {"cnam_listing": {"cnam_listing_details": "Other"}}, "/voice")[0] == 200
    assert refused(emu, number_id, {"cnam_listing": {"cnam_listing_enabled": False}}, "/voice") == \
        ["/cnam_listing/cnam_listing_details"]


def test_list_filters(emu):
    office, lab = seed_connection(emu, "office-trunk"), seed_connection(emu, "lab-trunk")
    emu.seed(phone_numbers=[
        {"phone_number": "+13125550100", "tags": ["hq"], "connection_id": office, "customer_reference": "r1"},
        {"phone_number": "+13125550101", "status": "port-pending", "billing_group_id": "bg", "voice": {"usage_payment_method": "channel"}},
        {"phone_number": "+442071234567", "connection_id": lab, "phone_number_type": "national", "source_type": "port_request",
         "emergency_address_id": "ea"},
    ])

    def listed(**query):
        return [number["phone_number"] for number in numbers(emu, **query)["data"]]

    assert listed(**{"filter[phone_number]": "3125550"}) == ["+13125550101", "+13125550100"]
    assert listed(**{"filter[phone_number]": "4420"}) == ["+442071234567"]
    assert listed(**{"filter[phone_number]": "+13125550100"}) == [], "non-digits return nothing"
    assert listed(**{"filter[tag]": "hq"}) == ["+13125550100"]
    assert listed(**{"filter[status]": "port-pending"}) == ["+13125550101"]
    assert listed(**{"filter[connection_id]": lab}) == ["+442071234567"]
    assert listed(**{"filter[country_iso_alpha2]": "GB"}) == ["+442071234567"]
    assert len(listed(**{"filter[country_iso_alpha2]": "US,GB"})) == 3
    assert listed(**{"filter[voice.connection_name][contains]": "TRUNK"}) == ["+442071234567", "+13125550100"]
    assert listed(**{"filter[voice.connection_name][starts_with]": "lab"}) == ["+442071234567"]
    assert listed(**{"filter[voice.connection_name][ends_with]": "trunk", "filter[tag]": "hq"}) == ["+13125550100"]
    assert listed(**{"filter[voice.connection_name][eq]": "office-trunk"}) == ["+13125550100"]
    assert listed(**{"filter[voice.usage_payment_method]": "channel"}) == ["+13125550101"]
    assert listed(**{"filter[billing_group_id]": "null"}) == ["+442071234567", "+13125550100"]
    assert listed(**{"filter[emergency_address_id]": "ea"}) == ["+442071234567"]
    assert listed(**{"filter[customer_reference]": "r1"}) == ["+13125550100"]
    assert listed(**{"filter[number_type][eq]": "national"}) == ["+442071234567"]
    assert listed(**{"filter[source]": "ported"}) == ["+442071234567"]
    assert listed(sort="phone_number") == ["+13125550100", "+13125550101", "+442071234567"]
    assert listed(sort="connection_name")[-1] == "+13125550100"


@pytest.mark.parametrize("query, pointer", [
    ({"filter[phone_number]": "31"}, "/filter/phone_number"),
    ({"filter[status]": "live"}, "/filter/status"),
    ({"filter[voice.connection_name][contains]": "of"}, "/filter/voice.connection_name/contains"),
    ({"filter[voice.connection_name][like]": "office"}, "/filter/voice.connection_name/like"),
    ({"filter[number_type][eq]": "landline"}, "/filter/number_type/eq"),
    ({"filter[source]": "bought"}, "/filter/source"),
    ({"filter[voice.usage_payment_method]": "free"}, "/filter/voice.usage_payment_method"),
    ({"sort": "-phone_number"}, "/sort"),
    ({"page[size]": 251}, "/page/size"),
    ({"handle_messaging_profile_error": "yes"}, "/handle_messaging_profile_error"),
])
def test_bad_list_parameters_are_400(emu, query, pointer):
    status, _headers, body = emu.api("GET", PATH, query=query)
    assert status == 400 and [error["source"]["pointer"] for error in body["errors"]] == [pointer]


def test_list_pages_of_20_by_default(emu):
    ids = emu.seed(phone_numbers=[{"phone_number": "+1312555%04d" % number} for number in range(45)])["phone_numbers"]
    first = numbers(emu)
    assert first["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 3, "total_results": 45}
    third = numbers(emu, **{"page[number]": 3})
    assert len(third["data"]) == 5
    listed = [number["id"] for number in numbers(emu, **{"page[size]": 250})["data"]]
    assert sorted(listed) == sorted(ids) and len(listed) == 45


def test_state_reset_log_and_faults_cover_numbers(emu):
    number_id = seed_number(emu, voice={"cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "X"}})
    assert emu.state()["phone_numbers"][0]["voice"]["cnam_listing"] == {"cnam_listing_enabled": True,
                                                                        "cnam_listing_details": "X"}
    assert emu.state()["phone_numbers"][0]["voice"]["media_features"]["rtp_auto_adjust_enabled"] is True
    emu.add_fault(kind="slow_commit", seconds=0.3, path=r"/voice$")
    started = time.monotonic()
    assert patch(emu, number_id, {"tech_prefix_enabled": True}, "/voice")[0] == 200
    assert time.monotonic() - started >= 0.3
    emu.add_fault(kind="commit_then_500", method="PATCH")
    assert patch(emu, number_id, {"tags": ["x"]})[0] == 500
    assert emu.state()["phone_numbers"][0]["tags"] == ["x"]
    assert [(entry["path"], entry["status"]) for entry in emu.requests()] == [
        ("/v2/phone_numbers/%s/voice" % number_id, 200), ("/v2/phone_numbers/" + number_id, 500)]
    emu.reset()
    assert emu.state() == {"connections": [], "fqdn_connections": [], "fqdns": [], "ip_connections": [], "ips": [],
                           "outbound_voice_profiles": [], "phone_numbers": [], "addresses": []}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(details=st.text(max_size=18))
def test_cnam_details_accepted_exactly_when_up_to_15_letters_digits_or_spaces(shared_emulator, details):
    shared_emulator.reset()
    number_id = seed_number(shared_emulator)
    body = {"cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": details}}
    status, _headers, answer = patch(shared_emulator, number_id, body, "/voice")
    if details and re.fullmatch(r"[A-Za-z0-9 ]{1,15}", details):
        assert status == 200 and answer["data"]["cnam_listing"]["cnam_listing_details"] == details
    else:
        assert status == 422


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(min_size=3, max_size=12))
def test_phone_number_filter_returns_nothing_for_non_digits(shared_emulator, value):
    shared_emulator.reset()
    seed_number(shared_emulator)
    listed = numbers(shared_emulator, **{"filter[phone_number]": value})["data"]
    expected = [NUMBER] if re.fullmatch(r"[0-9]+", value) and value in NUMBER else []
    assert [number["phone_number"] for number in listed] == expected
