"""Tests of the emulated credential connections (/v2/credential_connections): CRUD, validation, listing, quirks, seeding."""

import http.client
import json
import re
import time

import pytest

from tests.emulator.control import EmulatorError
from tests.emulator_tests.helpers import (
    API_KEY, TIMESTAMP_RE, VALID, assert_single_error, create, create_error, list_page,
)

DOCUMENTED_TOP_KEYS = {
    "active", "anchorsite_override", "android_push_credential_id", "call_cost_in_webhooks", "connection_name",
    "conversation_persistence", "created_at", "default_on_hold_comfort_noise_enabled", "dtmf_type",
    "encode_contact_header_enabled", "encrypted_media", "id", "inbound", "ios_push_credential_id", "jitter_buffer",
    "noise_suppression", "noise_suppression_details", "onnet_t38_passthrough_enabled", "outbound", "password",
    "record_type", "rtcp_settings", "sip_uri_calling_preference", "tags", "updated_at", "user_name",
    "webhook_api_version", "webhook_event_failover_url", "webhook_event_url", "webhook_timeout_secs",
}
EXTRA_TOP_KEYS = {"registration_status", "registration_status_updated_at", "third_party_control_enabled"}
EXPECTED_DEFAULTS = {
    "active": True,
    "anchorsite_override": "Latency",
    "android_push_credential_id": None,
    "call_cost_in_webhooks": False,
    "conversation_persistence": False,
    "default_on_hold_comfort_noise_enabled": False,
    "dtmf_type": "RFC 2833",
    "encode_contact_header_enabled": False,
    "encrypted_media": None,
    "inbound": {
        "ani_number_format": "E.164-national",
        "channel_limit": None,
        "codecs": ["G722", "G711U", "G711A", "G729", "OPUS", "H.264"],
        "default_routing_method": "sequential",
        "dnis_number_format": "e164",
        "generate_ringback_tone": False,
        "instant_ringback_enabled": False,
        "isup_headers_enabled": False,
        "prack_enabled": False,
        "shaken_stir_enabled": False,
        "simultaneous_ringing": "disabled",
        "sip_compact_headers_enabled": True,
        "timeout_1xx_secs": 3,
        "timeout_2xx_secs": 90,
    },
    "ios_push_credential_id": None,
    "jitter_buffer": {"enable_jitter_buffer": False, "jitterbuffer_msec_max": 200, "jitterbuffer_msec_min": 60},
    "noise_suppression": "disabled",
    "noise_suppression_details": {"attenuation_limit": 0, "engine": "denoiser"},
    "onnet_t38_passthrough_enabled": False,
    "outbound": {
        "ani_override": "",
        "ani_override_type": "always",
        "call_parking_enabled": False,
        "channel_limit": None,
        "generate_ringback_tone": False,
        "instant_ringback_enabled": True,
        "localization": "US",
        "outbound_voice_profile_id": None,
        "t38_reinvite_source": "telnyx",
    },
    "record_type": "credential_connection",
    "registration_status": "Not Registered",
    "registration_status_updated_at": None,
    "rtcp_settings": {"capture_enabled": False, "port": "rtp+1", "report_frequency_secs": 5},
    "sip_uri_calling_preference": None,
    "tags": [],
    "third_party_control_enabled": False,
    "webhook_api_version": "1",
    "webhook_event_failover_url": "",
    "webhook_timeout_secs": None,
}


# ---- CRUD


def test_crud_status_codes_and_envelopes(emu):
    created = create(emu)
    connection_id = created["id"]
    assert re.fullmatch(r"\d{19}", connection_id)
    assert created["record_type"] == "credential_connection"
    assert TIMESTAMP_RE.match(created["created_at"]) and created["updated_at"] == created["created_at"]

    status, _headers, body = emu.api("GET", "/credential_connections/" + connection_id)
    assert (status, body["data"]) == (200, created)

    status, _headers, body = emu.api("PATCH", "/credential_connections/" + connection_id, {"connection_name": "renamed"})
    assert status == 200
    assert body["data"]["connection_name"] == "renamed"
    assert body["data"]["created_at"] == created["created_at"]
    assert body["data"]["updated_at"] > created["updated_at"]
    assert TIMESTAMP_RE.match(body["data"]["updated_at"])

    status, _headers, deleted = emu.api("DELETE", "/credential_connections/" + connection_id)
    assert status == 200
    assert deleted["data"]["id"] == connection_id
    assert deleted["data"]["connection_name"] == "renamed"

    for method, body in (("GET", None), ("PATCH", {"active": False}), ("DELETE", None)):
        status, _headers, answer = emu.api(method, "/credential_connections/" + connection_id, body)
        assert status == 404, method
        assert answer["errors"][0]["code"] == "10005"
        assert answer["errors"][0]["title"] == "Resource not found"
    assert emu.state()["connections"] == []


def test_ids_are_distinct_19_digit_strings_in_increasing_order(emu):
    ids = [create(emu, user_name="user%04d" % number)["id"] for number in range(5)]
    assert len(set(ids)) == 5
    assert all(re.fullmatch(r"\d{19}", connection_id) for connection_id in ids)
    assert ids == sorted(ids)


def test_create_fills_every_default(emu):
    created = create(emu)
    # webhook_event_url has no default and is not nullable in the schema: while unset it is absent, not null.
    assert set(created) == DOCUMENTED_TOP_KEYS - {"webhook_event_url"} | EXTRA_TOP_KEYS
    for key, value in EXPECTED_DEFAULTS.items():
        assert created[key] == value, key
    assert created["password"] == VALID["password"]
    assert created["user_name"] == VALID["user_name"]


def test_create_keeps_given_values_and_fills_nested_defaults(emu):
    created = create(emu, inbound={"codecs": ["G711U"], "timeout_2xx_secs": 30}, rtcp_settings={"port": "rtcp-mux"},
                     tags=["b", "a"], webhook_event_url="https://example.com/hook")
    assert created["inbound"]["codecs"] == ["G711U"]
    assert created["inbound"]["timeout_2xx_secs"] == 30
    assert created["inbound"]["timeout_1xx_secs"] == 3
    assert created["rtcp_settings"] == {"capture_enabled": False, "port": "rtcp-mux", "report_frequency_secs": 5}
    assert created["tags"] == ["b", "a"]
    assert created["webhook_event_url"] == "https://example.com/hook"


@pytest.mark.parametrize("engine, attenuation", [("denoiser", 0), ("deep_filter_net", 80), ("krisp_viva_ss", 80),
                                                 ("quail_voice_focus", 100)])
def test_attenuation_default_depends_on_engine(emu, engine, attenuation):
    created = create(emu, noise_suppression="both", noise_suppression_details={"engine": engine})
    assert created["noise_suppression_details"] == {"attenuation_limit": attenuation, "engine": engine}


def test_patch_deep_merges_nested_objects(emu):
    created = create(emu, inbound={"codecs": ["G722", "G711U"], "channel_limit": 4}, outbound={"localization": "GB"},
                     jitter_buffer={"enable_jitter_buffer": True}, tags=["one"])
    body = {"inbound": {"timeout_1xx_secs": 9}, "outbound": {"channel_limit": 2}, "rtcp_settings": {"report_frequency_secs": 60},
            "jitter_buffer": {"jitterbuffer_msec_max": 300}, "noise_suppression_details": {"engine": "deep_filter_net"}}
    status, _headers, answer = emu.api("PATCH", "/credential_connections/" + created["id"], body)
    assert status == 200
    data = answer["data"]
    assert data["inbound"] == dict(created["inbound"], timeout_1xx_secs=9)
    assert data["outbound"] == dict(created["outbound"], channel_limit=2)
    assert data["rtcp_settings"] == dict(created["rtcp_settings"], report_frequency_secs=60)
    assert data["jitter_buffer"] == {"enable_jitter_buffer": True, "jitterbuffer_msec_max": 300, "jitterbuffer_msec_min": 60}
    assert data["noise_suppression_details"] == {"attenuation_limit": 0, "engine": "deep_filter_net"}
    unchanged = {key: value for key, value in created.items() if key not in body and key != "updated_at"}
    assert {key: data[key] for key in unchanged} == unchanged
    assert emu.state()["connections"][0] == dict(data, webhook_event_url=None), "state shows the unset URL as stored"


def test_patch_empty_body_and_lists_replace(emu):
    created = create(emu, tags=["a", "b"])
    status, _headers, answer = emu.api("PATCH", "/credential_connections/" + created["id"], {})
    assert status == 200 and answer["data"]["tags"] == ["a", "b"]
    status, _headers, answer = emu.api("PATCH", "/credential_connections/" + created["id"], {"tags": ["c"]})
    assert answer["data"]["tags"] == ["c"]


def test_patch_null_clears_nullable_fields(emu):
    created = create(emu, encrypted_media="SRTP", webhook_timeout_secs=10, outbound={"outbound_voice_profile_id": "1293384261075731499"})
    status, _headers, answer = emu.api("PATCH", "/credential_connections/" + created["id"], {
        "encrypted_media": None, "webhook_timeout_secs": None, "outbound": {"outbound_voice_profile_id": None}})
    assert status == 200
    assert answer["data"]["encrypted_media"] is None
    assert answer["data"]["webhook_timeout_secs"] is None
    assert answer["data"]["outbound"]["outbound_voice_profile_id"] is None


def test_unknown_keys_are_accepted_and_not_stored(emu):
    created = create(emu, microsoft_teams_sbc=False, sip_region="US", inbound={"privacy_zone_enabled": True},
                     rtcp_settings={"report_frequency_seconds": 10}, conversation_persistence=True)
    assert "microsoft_teams_sbc" not in created and "sip_region" not in created
    assert "privacy_zone_enabled" not in created["inbound"]
    assert created["rtcp_settings"]["report_frequency_secs"] == 5
    assert "report_frequency_seconds" not in created["rtcp_settings"]
    assert created["conversation_persistence"] is False
    status, _headers, answer = emu.api("PATCH", "/credential_connections/" + created["id"],
                                       {"conversation_persistence": True, "bogus": 1, "outbound": {"ip_authentication_method": "x"}})
    assert status == 200
    assert answer["data"]["conversation_persistence"] is True
    assert "bogus" not in answer["data"] and "ip_authentication_method" not in answer["data"]["outbound"]


def test_check_registration_status(emu):
    created = create(emu)
    path = "/credential_connections/%s/actions/check_registration_status" % created["id"]
    status, _headers, body = emu.api("POST", path)
    assert status == 200
    # The details a never-registered connection lacks are absent: the schema types none of them nullable.
    assert body["data"] == {"record_type": "registration_status", "sip_username": "alice1234", "status": "Not Registered"}
    emu.set_registration(created["id"], "Registered", ip_address="190.106.106.121", port=37223, transport="UDP",
                         user_agent="Z 5.4.12", last_registration="2021-09-28T15:11:02")
    status, _headers, body = emu.api("POST", path)
    assert body["data"] == {"ip_address": "190.106.106.121", "last_registration": "2021-09-28T15:11:02", "port": 37223,
                            "record_type": "registration_status", "sip_username": "alice1234", "status": "Registered",
                            "transport": "UDP", "user_agent": "Z 5.4.12"}
    data = emu.api("GET", "/credential_connections/" + created["id"])[2]["data"]
    assert data["registration_status"] == "Registered"
    assert TIMESTAMP_RE.match(data["registration_status_updated_at"])
    assert emu.api("POST", "/credential_connections/9999999999999999999/actions/check_registration_status")[0] == 404
    with pytest.raises(EmulatorError, match="404"):
        emu.set_registration("9999999999999999999")
    with pytest.raises(EmulatorError, match="400"):
        emu.set_registration(created["id"], "Online")


# ---- validation


def test_required_fields_all_reported(emu):
    errors = create_error(emu, {})
    assert [error["source"]["pointer"] for error in errors] == ["/user_name", "/password", "/connection_name"]
    assert all(error["code"] == "10015" and error["title"] == "Bad Request" for error in errors)
    assert "user_name" in errors[0]["detail"]


def test_every_error_is_returned_not_just_the_first(emu):
    errors = create_error(emu, dict(VALID, active="yes", inbound={"timeout_1xx_secs": 0, "codecs": "G722"}, dtmf_type="rfc"))
    assert sorted(error["source"]["pointer"] for error in errors) == ["/active", "/dtmf_type", "/inbound/codecs",
                                                                      "/inbound/timeout_1xx_secs"]


def test_error_shape_is_exact(emu):
    errors = create_error(emu, dict(VALID, inbound={"dnis_number_format": "test"}))
    assert errors == [{
        "code": "10015",
        "title": "Bad Request",
        "detail": errors[0]["detail"],
        "source": {"pointer": "/inbound/dnis_number_format"},
        "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10015"},
    }]
    assert "dnis_number_format" in errors[0]["detail"] and '"test"' in errors[0]["detail"]
    assert '"+e164", "e164", "national", "sip_username"' in errors[0]["detail"]


INVALID_CASES = [
    # types
    ({"active": "true"}, "/active", "must be a boolean"),
    ({"active": 1}, "/active", "must be a boolean"),
    ({"inbound": {"prack_enabled": "false"}}, "/inbound/prack_enabled", "must be a boolean"),
    ({"inbound": {"timeout_1xx_secs": "3"}}, "/inbound/timeout_1xx_secs", "must be an integer"),
    ({"webhook_timeout_secs": True}, "/webhook_timeout_secs", "must be an integer"),
    ({"webhook_timeout_secs": 3.0}, "/webhook_timeout_secs", "must be an integer"),
    ({"outbound": {"channel_limit": "10"}}, "/outbound/channel_limit", "must be an integer"),
    ({"connection_name": 5}, "/connection_name", "must be a string"),
    ({"outbound": {"outbound_voice_profile_id": 1293384261075731499}}, "/outbound/outbound_voice_profile_id", "must be a string"),
    ({"webhook_api_version": 1}, "/webhook_api_version", "must be a string"),
    ({"inbound": {"codecs": "G722"}}, "/inbound/codecs", "must be an array of strings"),
    ({"tags": ["ok", 1]}, "/tags", "must be an array of strings"),
    ({"inbound": "G722"}, "/inbound", "must be an object"),
    ({"rtcp_settings": None}, "/rtcp_settings", "must be an object"),
    # enums, exact and case-sensitive
    ({"dtmf_type": "rfc 2833"}, "/dtmf_type", "RFC 2833"),
    ({"anchorsite_override": "chicago, il"}, "/anchorsite_override", "Chicago, IL"),
    ({"encrypted_media": "ZRTP"}, "/encrypted_media", '"SRTP", null'),
    ({"sip_uri_calling_preference": " disabled"}, "/sip_uri_calling_preference", "unrestricted"),
    ({"noise_suppression": "on"}, "/noise_suppression", "both"),
    ({"noise_suppression_details": {"engine": "krisp"}}, "/noise_suppression_details/engine", "krisp_viva_tel"),
    ({"inbound": {"ani_number_format": "+e.164"}}, "/inbound/ani_number_format", "+E.164"),
    ({"inbound": {"dnis_number_format": "+E164"}}, "/inbound/dnis_number_format", "+e164"),
    ({"inbound": {"default_routing_method": "random"}}, "/inbound/default_routing_method", "round-robin"),
    ({"inbound": {"simultaneous_ringing": "on"}}, "/inbound/simultaneous_ringing", "enabled"),
    ({"outbound": {"ani_override_type": "Always"}}, "/outbound/ani_override_type", "emergency"),
    ({"outbound": {"t38_reinvite_source": "Telnyx"}}, "/outbound/t38_reinvite_source", "caller-passthru"),
    ({"rtcp_settings": {"port": "rtcp_mux"}}, "/rtcp_settings/port", "rtcp-mux"),
    ({"webhook_api_version": "3"}, "/webhook_api_version", '"texml"'),
    # null where the schema does not allow it
    ({"active": None}, "/active", "must not be null"),
    ({"sip_uri_calling_preference": None}, "/sip_uri_calling_preference", "must not be null"),
    ({"webhook_event_url": None}, "/webhook_event_url", "must not be null"),
    ({"inbound": {"timeout_1xx_secs": None}}, "/inbound/timeout_1xx_secs", "must not be null"),
    ({"tags": None}, "/tags", "must not be null"),
    ({"password": None}, "/password", "must not be null"),
    # ranges
    ({"webhook_timeout_secs": -1}, "/webhook_timeout_secs", "between 0 and 30"),
    ({"webhook_timeout_secs": 31}, "/webhook_timeout_secs", "between 0 and 30"),
    ({"inbound": {"timeout_1xx_secs": 0}}, "/inbound/timeout_1xx_secs", "between 1 and 120"),
    ({"inbound": {"timeout_1xx_secs": 121}}, "/inbound/timeout_1xx_secs", "between 1 and 120"),
    ({"inbound": {"timeout_2xx_secs": 0}}, "/inbound/timeout_2xx_secs", "between 1 and 600"),
    ({"inbound": {"timeout_2xx_secs": 601}}, "/inbound/timeout_2xx_secs", "between 1 and 600"),
    ({"rtcp_settings": {"report_frequency_secs": 4}}, "/rtcp_settings/report_frequency_secs", "between 5 and 3000"),
    ({"rtcp_settings": {"report_frequency_secs": 3001}}, "/rtcp_settings/report_frequency_secs", "between 5 and 3000"),
    ({"jitter_buffer": {"jitterbuffer_msec_min": 39}}, "/jitter_buffer/jitterbuffer_msec_min", "between 40 and 400"),
    ({"jitter_buffer": {"jitterbuffer_msec_max": 401}}, "/jitter_buffer/jitterbuffer_msec_max", "between 40 and 400"),
    ({"noise_suppression_details": {"attenuation_limit": 110}}, "/noise_suppression_details/attenuation_limit", "between 0 and 100"),
    ({"noise_suppression_details": {"attenuation_limit": -10}}, "/noise_suppression_details/attenuation_limit", "between 0 and 100"),
    ({"noise_suppression_details": {"attenuation_limit": 15}}, "/noise_suppression_details/attenuation_limit", "multiple of 10"),
    # user_name, password and URLs
    ({"user_name": "abc"}, "/user_name", "4-32 characters"),
    ({"user_name": "a" * 33}, "/user_name", "4-32 characters"),
    ({"user_name": "alice_1234"}, "/user_name", "alphanumeric"),
    ({"user_name": "alice 1234"}, "/user_name", "alphanumeric"),
    ({"user_name": "alicé1234"}, "/user_name", "alphanumeric"),
    ({"user_name": "12345abc"}, "/user_name", "first 5 characters"),
    ({"password": "short77"}, "/password", "8 to 128"),
    ({"password": "p" * 129}, "/password", "8 to 128"),
    ({"webhook_event_url": "example.com/hook"}, "/webhook_event_url", "scheme"),
    ({"webhook_event_url": "ftp://example.com/hook"}, "/webhook_event_url", "scheme"),
    ({"webhook_event_failover_url": "https://"}, "/webhook_event_failover_url", "scheme"),
    # texml needs call parking
    ({"webhook_api_version": "texml"}, "/webhook_api_version", "call_parking_enabled"),
    ({"webhook_api_version": "texml", "outbound": {"call_parking_enabled": None}}, "/webhook_api_version", "call_parking_enabled"),
]


@pytest.mark.parametrize("fields, pointer, fragment", INVALID_CASES, ids=[case[1] + ":" + json.dumps(case[0]) for case in INVALID_CASES])
def test_create_rejects(emu, fields, pointer, fragment):
    assert_single_error(create_error(emu, dict(VALID, **fields)), pointer, fragment)
    assert emu.state()["connections"] == []


VALID_EDGE_CASES = [
    {"user_name": "1234a"},
    {"user_name": "A" * 32},
    {"user_name": "abcd"},
    {"password": "p" * 8},
    {"password": "p" * 128},
    {"webhook_timeout_secs": 0},
    {"webhook_timeout_secs": 30},
    {"inbound": {"timeout_1xx_secs": 1, "timeout_2xx_secs": 600, "codecs": [], "default_routing_method": ""}},
    {"rtcp_settings": {"report_frequency_secs": 3000}},
    {"jitter_buffer": {"jitterbuffer_msec_min": 40, "jitterbuffer_msec_max": 400}},
    {"noise_suppression_details": {"attenuation_limit": 100}},
    {"webhook_event_failover_url": ""},
    {"webhook_event_url": ""},
    {"webhook_event_url": "http://example.com", "webhook_event_failover_url": "https://failover.example.com/x"},
    {"webhook_api_version": "texml", "outbound": {"call_parking_enabled": True}},
    {"webhook_api_version": "2"},
    {"anchorsite_override": "Frankfurt, Germany", "dtmf_type": "SIP INFO"},
]
NULLABLE_CASES = [
    {"encrypted_media": None},
    {"ios_push_credential_id": None, "android_push_credential_id": None},
    {"webhook_event_failover_url": None},
    {"webhook_timeout_secs": None},
    {"outbound": {"call_parking_enabled": None, "channel_limit": None, "outbound_voice_profile_id": None}},
    {"inbound": {"channel_limit": None}},
]


@pytest.mark.parametrize("fields", VALID_EDGE_CASES + NULLABLE_CASES, ids=json.dumps)
def test_create_accepts(emu, fields):
    created = create(emu, **fields)
    for key, value in fields.items():
        if isinstance(value, dict):
            for sub, sub_value in value.items():
                assert created[key][sub] == sub_value
        else:
            assert created[key] == value


def test_update_validates_with_the_update_schema(emu):
    created = create(emu)
    path = "/credential_connections/" + created["id"]
    assert_single_error(create_error(emu, {"webhook_api_version": "texml"}, "PATCH", path), "/webhook_api_version", '"1", "2"')
    assert_single_error(create_error(emu, {"inbound": {"timeout_2xx_secs": 0}}, "PATCH", path), "/inbound/timeout_2xx_secs")
    assert_single_error(create_error(emu, {"user_name": "no"}, "PATCH", path), "/user_name")
    assert_single_error(create_error(emu, {"conversation_persistence": "yes"}, "PATCH", path), "/conversation_persistence")
    assert_single_error(create_error(emu, {"connection_name": None}, "PATCH", path), "/connection_name")
    assert emu.api("GET", path)[2]["data"] == created


def test_user_name_is_unique_case_insensitively(emu):
    first = create(emu)
    assert_single_error(create_error(emu, dict(VALID, user_name="ALICE1234")), "/user_name", "already been taken")
    second = create(emu, user_name="bob12345")
    path = "/credential_connections/" + second["id"]
    assert_single_error(create_error(emu, {"user_name": "Alice1234"}, "PATCH", path), "/user_name", "already been taken")
    status, _headers, answer = emu.api("PATCH", "/credential_connections/" + first["id"], {"user_name": "ALICE1234"})
    assert status == 200 and answer["data"]["user_name"] == "ALICE1234"
    assert emu.api("DELETE", "/credential_connections/" + first["id"])[0] == 200
    assert create(emu, user_name="alice1234")["user_name"] == "alice1234"


@pytest.mark.parametrize("raw", [b"", b"[]", b'"text"', b"{not json", b"null", b"\xff\xfe"])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_body_that_is_not_a_json_object_is_400(emu, raw, method):
    created = create(emu, user_name="body%s1234" % method)
    path = "/v2/credential_connections" + ("/" + created["id"] if method == "PATCH" else "")
    connection = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    connection.request(method, path, body=raw, headers={"Authorization": "Bearer " + API_KEY, "Content-Type": "application/json"})
    response = connection.getresponse()
    body = json.loads(response.read())
    assert response.status == 400
    assert body["errors"][0]["code"] == "10015"
    assert body["errors"][0]["source"] == {"pointer": "/"}


def test_chunked_request_body_is_read(emu):
    connection = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    chunks = iter([json.dumps(VALID).encode()])
    connection.request("POST", "/v2/credential_connections", body=chunks, encode_chunked=True,
                       headers={"Authorization": "Bearer " + API_KEY, "Transfer-Encoding": "chunked"})
    response = connection.getresponse()
    assert response.status == 201, response.read()


# ---- listing: filters, paging and sort


def test_paging_over_more_than_250(emu):
    ids = emu.seed(count=600, template={"connection_name": "bulk"})
    first = list_page(emu)
    assert first["meta"] == {"page_number": 1, "page_size": 250, "total_pages": 3, "total_results": 600}
    assert len(first["data"]) == 250
    seen = []
    for number in (1, 2, 3):
        page = list_page(emu, **{"page[number]": number, "page[size]": 250})
        assert page["meta"]["page_number"] == number
        seen.extend(item["id"] for item in page["data"])
    assert len(seen) == 600 and set(seen) == set(ids)
    assert list_page(emu, **{"page[number]": 3, "page[size]": 250})["data"][-1]["id"] == ids[0]
    beyond = list_page(emu, **{"page[number]": 9, "page[size]": 100})
    assert beyond["data"] == []
    assert beyond["meta"] == {"page_number": 9, "page_size": 100, "total_pages": 6, "total_results": 600}
    assert list_page(emu, **{"page[size]": 7})["meta"]["total_pages"] == 86


def test_empty_list_has_one_page(emu):
    assert list_page(emu) == {"data": [], "meta": {"page_number": 1, "page_size": 250, "total_pages": 1, "total_results": 0}}


@pytest.mark.parametrize("key, value, pointer", [
    ("page[number]", "0", "/page/number"),
    ("page[number]", "x", "/page/number"),
    ("page[size]", "0", "/page/size"),
    ("page[size]", "251", "/page/size"),
    ("page[size]", "2.5", "/page/size"),
    ("sort", "name", "/sort"),
    ("sort", "--created_at", "/sort"),
    ("filter[connection_name][contains]", "of", "/filter/connection_name/contains"),
    ("filter[connection_name][contains]", "", "/filter/connection_name/contains"),
])
def test_bad_list_parameters_are_400(emu, key, value, pointer):
    status, _headers, body = emu.api("GET", "/credential_connections", query={key: value})
    assert status == 400
    assert body["errors"][0]["code"] == "10015"
    assert body["errors"][0]["source"]["pointer"] == pointer


def test_filters(emu):
    profile = "1293384261075731499"
    emu.seed([
        {"connection_name": "Office-Alpha", "outbound": {"outbound_voice_profile_id": profile}},
        {"connection_name": "ALPHABET soup"},
        {"connection_name": "beta", "outbound": {"outbound_voice_profile_id": profile}},
        {"connection_name": "gamma"},
    ])

    def names(page):
        return sorted(item["connection_name"] for item in page["data"])

    assert names(list_page(emu, **{"filter[connection_name][contains]": "alp"})) == ["ALPHABET soup", "Office-Alpha"]
    assert names(list_page(emu, **{"filter[connection_name][contains]": "HABET S"})) == ["ALPHABET soup"]
    assert names(list_page(emu, **{"filter[outbound_voice_profile_id]": profile})) == ["Office-Alpha", "beta"]
    assert names(list_page(emu, **{"filter[outbound.outbound_voice_profile_id]": profile})) == ["Office-Alpha", "beta"]
    assert names(list_page(emu, **{"filter[outbound_voice_profile_id]": profile, "filter[connection_name][contains]": "bet"})) == ["beta"]
    assert list_page(emu, **{"filter[fqdn]": "sip.example.com"})["meta"]["total_results"] == 0
    assert list_page(emu, **{"filter[connection_name][contains]": "zzz"})["meta"]["total_pages"] == 1


def test_filter_results_page_correctly(emu):
    emu.seed(count=300, template={"connection_name": "match"})
    emu.seed(count=50, template={"connection_name": "other"})
    page = list_page(emu, **{"filter[connection_name][contains]": "MATCH", "page[number]": 2, "page[size]": 250})
    assert page["meta"] == {"page_number": 2, "page_size": 250, "total_pages": 2, "total_results": 300}
    assert len(page["data"]) == 50


def test_sort_orders_are_deterministic(emu):
    ids = emu.seed([
        {"connection_name": "bravo", "active": True, "created_at": "2024-01-02T00:00:00.000Z"},
        {"connection_name": "Alpha", "active": False, "created_at": "2024-01-03T00:00:00.000Z"},
        {"connection_name": "charlie", "active": True, "created_at": "2024-01-01T00:00:00.000Z"},
        {"connection_name": "alpha", "active": False, "created_at": "2024-01-03T00:00:00.000Z"},
    ])

    def order(sort):
        return [ids.index(item["id"]) for item in list_page(emu, sort=sort)["data"]]

    assert order("created_at") == [2, 0, 1, 3]
    assert order("-created_at") == [3, 1, 0, 2]
    assert [ids.index(item["id"]) for item in list_page(emu)["data"]] == [3, 1, 0, 2]
    assert order("connection_name") == [1, 3, 0, 2]
    assert order("-connection_name") == [2, 0, 3, 1]
    assert order("active") == [1, 3, 0, 2]
    assert order("-active") == [2, 0, 3, 1]


def test_default_sort_breaks_ties_by_id(emu):
    ids = emu.seed(count=300, template={"connection_name": "tie"})
    listed = [item["id"] for page in (1, 2) for item in list_page(emu, **{"page[number]": page})["data"]]
    assert listed == ids[::-1]
    ascending = [item["id"] for page in (1, 2) for item in list_page(emu, sort="created_at", **{"page[number]": page})["data"]]
    assert ascending == ids


def test_new_connections_sort_after_seeded_ones(emu):
    seeded = emu.seed(count=3)
    created = create(emu)
    assert [item["id"] for item in list_page(emu)["data"]] == [created["id"]] + seeded[::-1]


def test_list_reflects_updates_and_deletes(emu):
    first = create(emu, connection_name="zulu")
    second = create(emu, user_name="bob12345", connection_name="yankee")
    assert [item["connection_name"] for item in list_page(emu, sort="connection_name")["data"]] == ["yankee", "zulu"]
    emu.api("PATCH", "/credential_connections/" + first["id"], {"connection_name": "alpha"})
    assert [item["connection_name"] for item in list_page(emu, sort="connection_name")["data"]] == ["alpha", "yankee"]
    emu.api("DELETE", "/credential_connections/" + second["id"])
    assert [item["id"] for item in list_page(emu)["data"]] == [first["id"]]


# ---- undocumented keys


def test_live_response_extra_keys_everywhere(emu):
    created = create(emu)
    fetched = emu.api("GET", "/credential_connections/" + created["id"])[2]["data"]
    listed = list_page(emu)["data"][0]
    for data in (created, fetched, listed):
        assert data["registration_status"] == "Not Registered"
        assert data["registration_status_updated_at"] is None
        assert data["third_party_control_enabled"] is False
        assert data["inbound"]["instant_ringback_enabled"] is False


# ---- quirks


def test_quirks_default_off_and_merge(emu):
    assert emu.quirks() == {"sip_uri_disabled_as_null": False, "timeouts_as_strings": False, "mask_password": False,
                            "omit_password": False, "drop_unknown_push_ids": False, "calling_window_long_times": False,
                            "withhold_external_pin": False, "connection_id_null_refused": False,
                            "connection_id_empty_refused": False, "jobs_accept_unowned": False, "known_ids": []}
    emu.set_quirks(mask_password=True)
    answer = emu.set_quirks(timeouts_as_strings=True)
    assert answer["mask_password"] is True and answer["timeouts_as_strings"] is True
    with pytest.raises(EmulatorError, match="unknown quirk"):
        emu.set_quirks(make_it_slow=True)
    with pytest.raises(EmulatorError, match="true or false"):
        emu.set_quirks(mask_password="yes")
    emu.reset()
    assert emu.quirks()["mask_password"] is False


def test_quirk_sip_uri_disabled_as_null(emu):
    emu.set_quirks(sip_uri_disabled_as_null=True)
    created = create(emu, sip_uri_calling_preference="disabled")
    assert created["sip_uri_calling_preference"] is None
    other = create(emu, user_name="bob12345", sip_uri_calling_preference="internal")
    assert other["sip_uri_calling_preference"] == "internal"
    assert emu.state()["connections"][0]["sip_uri_calling_preference"] == "disabled"
    emu.set_quirks(sip_uri_disabled_as_null=False)
    assert emu.api("GET", "/credential_connections/" + created["id"])[2]["data"]["sip_uri_calling_preference"] == "disabled"


def test_quirk_timeouts_as_strings(emu):
    created = create(emu, inbound={"timeout_1xx_secs": 5})
    emu.set_quirks(timeouts_as_strings=True)
    for data in (emu.api("GET", "/credential_connections/" + created["id"])[2]["data"], list_page(emu)["data"][0]):
        assert data["inbound"]["timeout_1xx_secs"] == "5"
        assert data["inbound"]["timeout_2xx_secs"] == "90"
    assert emu.state()["connections"][0]["inbound"]["timeout_1xx_secs"] == 5


def test_quirk_mask_password(emu):
    emu.set_quirks(mask_password=True)
    created = create(emu)
    assert created["password"] == "********"
    assert list_page(emu)["data"][0]["password"] == "********"
    patched = emu.api("PATCH", "/credential_connections/" + created["id"], {"password": "n3wpassword"})[2]["data"]
    assert patched["password"] == "********"
    assert emu.state()["connections"][0]["password"] == "n3wpassword"


def test_quirk_omit_password(emu):
    emu.set_quirks(omit_password=True, mask_password=True)
    created = create(emu)
    assert "password" not in created
    assert "password" not in emu.api("GET", "/credential_connections/" + created["id"])[2]["data"]
    assert "password" not in emu.api("DELETE", "/credential_connections/" + created["id"])[2]["data"]


def test_quirk_drop_unknown_push_ids(emu):
    known = "ec0c8e5d-439e-4620-a0c1-9d9c8d02a836"
    emu.set_quirks(drop_unknown_push_ids=True, known_ids=[known, "1293384261075731499"])
    created = create(emu, ios_push_credential_id=known, android_push_credential_id="06b09dfd-7154-4980-8b75-cebf7a9d4f8e",
                     outbound={"outbound_voice_profile_id": "1111111111111111111"})
    assert created["ios_push_credential_id"] == known
    assert created["android_push_credential_id"] is None
    assert created["outbound"]["outbound_voice_profile_id"] is None
    patched = emu.api("PATCH", "/credential_connections/" + created["id"],
                      {"outbound": {"outbound_voice_profile_id": "1293384261075731499"}, "ios_push_credential_id": "unknown"})[2]["data"]
    assert patched["outbound"]["outbound_voice_profile_id"] == "1293384261075731499"
    assert patched["ios_push_credential_id"] is None
    emu.set_quirks(drop_unknown_push_ids=False)
    patched = emu.api("PATCH", "/credential_connections/" + created["id"], {"ios_push_credential_id": "unknown"})[2]["data"]
    assert patched["ios_push_credential_id"] == "unknown"


def test_quirk_drop_unknown_push_ids_knows_the_stored_profiles(emu):
    profile_id = emu.api("POST", "/outbound_voice_profiles", {"name": "office"})[2]["data"]["id"]
    emu.set_quirks(drop_unknown_push_ids=True)
    created = create(emu, outbound={"outbound_voice_profile_id": profile_id}, ios_push_credential_id=profile_id)
    assert created["outbound"]["outbound_voice_profile_id"] == profile_id
    assert created["ios_push_credential_id"] is None, "a profile id is no push credential"


# ---- seeding and state


def test_seed_partials_fill_defaults_without_validation(emu):
    ids = emu.seed([
        {"connection_name": "partial", "inbound": {"timeout_1xx_secs": "3"}, "noise_suppression": {"inbound": True}},
        {"id": "42", "user_name": "Custom9", "password": "x"},
    ])
    assert ids[1] == "42" and re.fullmatch(r"\d{19}", ids[0])
    first, second = emu.state()["connections"]
    assert first["inbound"]["timeout_1xx_secs"] == "3"
    assert first["inbound"]["codecs"] == EXPECTED_DEFAULTS["inbound"]["codecs"]
    assert first["noise_suppression"] == {"inbound": True}
    assert first["user_name"] and first["password"]
    assert TIMESTAMP_RE.match(first["created_at"])
    assert second["user_name"] == "Custom9" and second["password"] == "x"
    assert emu.api("GET", "/credential_connections/42")[0] == 200
    with pytest.raises(EmulatorError, match="400"):
        emu.seed([{"id": "42"}])


def test_seed_template_names_and_unique_user_names(emu):
    ids = emu.seed(count=12, template={"connection_name": "bulk", "active": False, "user_name": "bulk"})
    records = emu.state()["connections"]
    assert [record["id"] for record in records] == ids
    assert [record["connection_name"] for record in records] == ["bulk-%05d" % number for number in range(1, 13)]
    assert len({record["user_name"].lower() for record in records}) == 12
    assert all(record["active"] is False for record in records)
    more = emu.seed(count=2, template={"connection_name": "bulk", "user_name": "bulk"})
    assert len({record["user_name"].lower() for record in emu.state()["connections"]}) == 14
    assert len(set(ids + more)) == 14


def test_seed_10000_and_list_40_pages(emu):
    started = time.monotonic()
    ids = emu.seed(count=10000, template={"connection_name": "load"})
    seeded_in = time.monotonic() - started
    connection = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=30)
    seen = []
    started = time.monotonic()
    for number in range(1, 41):
        connection.request("GET", "/v2/credential_connections?page%%5Bnumber%%5D=%d&page%%5Bsize%%5D=250" % number,
                           headers={"Authorization": "Bearer " + API_KEY})
        response = connection.getresponse()
        page = json.loads(response.read())
        assert response.status == 200
        assert page["meta"] == {"page_number": number, "page_size": 250, "total_pages": 40, "total_results": 10000}
        seen.extend(item["id"] for item in page["data"])
    listed_in = time.monotonic() - started
    connection.close()
    print("\nseeded 10,000 connections in %.3f s; listed 40 pages of 250 in %.3f s" % (seeded_in, listed_in))
    assert seen == ids[::-1]
