"""Tests of the emulated FQDN and IP connections and their records (/v2/fqdn_connections, /fqdns, /ip_connections, /ips)."""

import pytest

from tests.emulator_tests.helpers import VALID, assert_single_error, create_error


def make(emu, path, body, status=201):
    answer = emu.api("POST", path, body)
    assert answer[0] == status, answer
    return answer[2]["data"]


def get(emu, path):
    answer = emu.api("GET", path)
    assert answer[0] == 200, answer
    return answer[2]["data"]


@pytest.mark.parametrize("path, body, expected", [
    # The defaults that differ by type (reference README), against the credential connection's.
    ("/credential_connections", VALID, {"comfort": False, "ringback": True, "t38": "telnyx", "localization": "US",
                                        "routing": "sequential"}),
    ("/fqdn_connections", {"connection_name": "fqdn-trunk"}, {"comfort": True, "ringback": False, "t38": "customer",
                                                              "localization": "US", "routing": "sequential"}),
    ("/ip_connections", {}, {"comfort": True, "ringback": True, "t38": "customer", "localization": None, "routing": None}),
])
def test_defaults_differ_by_type(emu, path, body, expected):
    data = make(emu, path, body)
    found = {"comfort": data["default_on_hold_comfort_noise_enabled"],
             "ringback": data["outbound"]["instant_ringback_enabled"], "t38": data["outbound"]["t38_reinvite_source"],
             "localization": data["outbound"].get("localization"), "routing": data["inbound"].get("default_routing_method")}
    assert found == expected
    if path != "/credential_connections":
        assert data["transport_protocol"] == "UDP" and data["inbound"]["sip_region"] == "US"
        assert "user_name" not in data and "password" not in data


def test_connection_name_is_required_for_fqdn_only(emu):
    assert_single_error(create_error(emu, {"active": True}, path="/fqdn_connections"), "/connection_name", "required")
    assert "connection_name" not in make(emu, "/ip_connections", {})


def test_tech_prefix_is_four_digits(emu):
    errors = create_error(emu, {"connection_name": "fqdn-trunk", "outbound": {"tech_prefix": "12a4"}}, path="/fqdn_connections")
    assert_single_error(errors, "/outbound/tech_prefix", "exactly 4 digits")


@pytest.mark.parametrize("body, pointer", [
    ({"fqdn": "pbx.example.com", "dns_record_type": "srv", "port": 5060}, "/port"),
    ({"fqdn": "pbx.example.com", "dns_record_type": "a", "port": None}, "/port"),
    ({"fqdn": "pbx.example.com", "dns_record_type": "A"}, "/dns_record_type"),
    ({"fqdn": "pbx example", "dns_record_type": "a"}, "/fqdn"),
    ({"fqdn": "pbx.example.com", "dns_record_type": "a", "port": 70000}, "/port"),
])
def test_fqdn_record_rules(emu, body, pointer):
    connection = make(emu, "/fqdn_connections", {"connection_name": "fqdn-trunk"})
    assert_single_error(create_error(emu, dict(body, connection_id=connection["id"]), path="/fqdns"), pointer)


def test_fqdn_record_ports_by_type(emu):
    connection_id = make(emu, "/fqdn_connections", {"connection_name": "fqdn-trunk"})["id"]
    a_record = make(emu, "/fqdns", {"fqdn": "pbx.example.com", "dns_record_type": "a", "connection_id": connection_id})
    srv = make(emu, "/fqdns", {"fqdn": "sip.example.com", "dns_record_type": "srv", "connection_id": connection_id})
    assert a_record["port"] == 5060 and "port" not in srv
    status, _headers, answer = emu.api("PATCH", "/fqdns/" + a_record["id"], {"dns_record_type": "srv"})
    assert status == 200 and "port" not in answer["data"]


def test_records_belong_to_a_connection_of_their_type(emu):
    ip_connection = make(emu, "/ip_connections", {})["id"]
    errors = create_error(emu, {"fqdn": "pbx.example.com", "dns_record_type": "a", "connection_id": ip_connection}, path="/fqdns")
    assert_single_error(errors, "/connection_id", "does not name an existing")
    assert "connection_id" not in make(emu, "/ips", {"ip_address": "192.0.2.10"})
    assert_single_error(create_error(emu, {"port": 5061}, method="PATCH",
                                     path="/ips/" + make(emu, "/ips", {"ip_address": "192.0.2.11"})["id"]), "/ip_address")


def test_pointers_name_records_of_the_same_connection_and_follow_deletes(emu):
    first = make(emu, "/fqdn_connections", {"connection_name": "fqdn-one"})["id"]
    other = make(emu, "/fqdn_connections", {"connection_name": "fqdn-two"})["id"]
    mine = make(emu, "/fqdns", {"fqdn": "pbx.example.com", "dns_record_type": "a", "connection_id": first})["id"]
    theirs = make(emu, "/fqdns", {"fqdn": "pbx.example.org", "dns_record_type": "a", "connection_id": other})["id"]
    errors = create_error(emu, {"inbound": {"default_primary_fqdn_id": theirs}}, method="PATCH", path="/fqdn_connections/" + first)
    assert_single_error(errors, "/inbound/default_primary_fqdn_id", "set on the connection")
    errors = create_error(emu, {"connection_name": "x-trunk", "inbound": {"default_primary_fqdn_id": mine}}, path="/fqdn_connections")
    assert_single_error(errors, "/inbound/default_primary_fqdn_id")
    assert emu.api("PATCH", "/fqdn_connections/" + first, {"inbound": {"default_primary_fqdn_id": mine}})[0] == 200
    assert emu.api("DELETE", "/fqdns/" + mine)[0] == 200
    assert get(emu, "/fqdn_connections/" + first)["inbound"]["default_primary_fqdn_id"] is None
    # A deleted connection takes its records with it; the other connection's stay.
    assert emu.api("DELETE", "/fqdn_connections/" + other)[0] == 200
    assert emu.api("GET", "/fqdns/" + theirs)[0] == 404


def test_ip_pointers_are_set_by_update_and_cleared_with_an_empty_string(emu):
    connection_id = make(emu, "/ip_connections", {"inbound": {"default_primary_ip_id": "ignored"}})["id"]
    record = make(emu, "/ips", {"ip_address": "192.0.2.10", "connection_id": connection_id})["id"]
    assert "default_primary_ip_id" not in get(emu, "/ip_connections/" + connection_id)["inbound"]
    assert emu.api("PATCH", "/ip_connections/" + connection_id, {"inbound": {"default_primary_ip_id": record}})[0] == 200
    assert get(emu, "/ip_connections/" + connection_id)["inbound"]["default_primary_ip_id"] == record
    assert emu.api("PATCH", "/ip_connections/" + connection_id, {"inbound": {"default_primary_ip_id": ""}})[0] == 200
    assert "default_primary_ip_id" not in get(emu, "/ip_connections/" + connection_id)["inbound"]


def test_record_lists_filter_and_the_connection_list_filters_on_fqdn(emu):
    one = make(emu, "/fqdn_connections", {"connection_name": "fqdn-one"})["id"]
    two = make(emu, "/fqdn_connections", {"connection_name": "fqdn-two"})["id"]
    make(emu, "/fqdns", {"fqdn": "pbx.example.com", "dns_record_type": "a", "connection_id": one})
    make(emu, "/fqdns", {"fqdn": "pbx.example.com", "dns_record_type": "a", "port": 5080, "connection_id": two})
    _status, _headers, listed = emu.api("GET", "/fqdns", query={"filter[connection_id]": two})
    assert [(item["connection_id"], item["port"]) for item in listed["data"]] == [(two, 5080)]
    _status, _headers, listed = emu.api("GET", "/fqdn_connections", query={"filter[fqdn]": "pbx.example.com"})
    assert {item["id"] for item in listed["data"]} == {one, two}
    _status, _headers, listed = emu.api("GET", "/credential_connections", query={"filter[fqdn]": "pbx.example.com"})
    assert listed["data"] == []


def test_numbers_and_profiles_see_every_connection_type(emu):
    profile = make(emu, "/outbound_voice_profiles", {"name": "trunk-profile"}, status=200)["id"]
    connection_id = make(emu, "/fqdn_connections", {"connection_name": "fqdn-trunk",
                                                    "outbound": {"outbound_voice_profile_id": profile}})["id"]
    assert get(emu, "/outbound_voice_profiles/" + profile)["connections_count"] == 1
    number = emu.seed(phone_numbers=[{"phone_number": "+13125550199"}])["phone_numbers"][0]
    assert emu.api("PATCH", "/phone_numbers/" + number, {"connection_id": connection_id})[0] == 200
    assert get(emu, "/phone_numbers/" + number)["connection_name"] == "fqdn-trunk"
    assert emu.api("PATCH", "/fqdn_connections/" + connection_id, {"outbound": {"outbound_voice_profile_id": None}})[0] == 200
    assert emu.api("DELETE", "/fqdn_connections/" + connection_id)[0] == 200
    assert get(emu, "/phone_numbers/" + number)["connection_id"] is None
