"""The contract checker itself, and every emulated operation driven through its success and error paths.

The ``emu`` fixture (conftest.py) checks every exchange of every emulator test against the official schemas; the
tests here make sure that check can fail, and that each operation of credential, FQDN and IP connections and their
records, outbound voice profiles, phone numbers and their jobs, emergency addresses and settings, with the quirks
off and all on, is among what it checked.
"""

import pytest

from tests.emulator.emu.store import ALL_QUIRKS_LEAVE_OFF, select_quirks
from tests.emulator_tests.contract import NOT_EMULATED, REFERENCE_ENV, Contract, Exchange, ReferenceMissing, load_operations
from tests.emulator_tests.contract_exceptions import EXCEPTIONS
from tests.emulator_tests.helpers import VALID

CONNECTIONS = "/credential_connections"
PROFILES = "/outbound_voice_profiles"
FQDN_CONNECTIONS = "/fqdn_connections"
IP_CONNECTIONS = "/ip_connections"
NUMBERS = "/phone_numbers"
ADDRESSES = "/addresses"
UNKNOWN_ID = "1293384261075731000"


def exchange(method, path, status, response_body, request_body=None, **quirks):
    return Exchange(method, path, request_body, status, response_body, quirks)


# ---- the checker


def test_missing_reference_fails_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv(REFERENCE_ENV, str(tmp_path))
    with pytest.raises(ReferenceMissing, match=r"credential_connections\.resolved\.json is missing.*" + REFERENCE_ENV):
        load_operations()


@pytest.mark.parametrize("method, path, operation_id", [
    ("GET", "/v2/credential_connections", "ListCredentialConnections"),
    ("POST", "/v2/credential_connections/1/actions/check_registration_status", "CheckRegistrationStatus"),
    ("PATCH", "/v2/outbound_voice_profiles/1", "UpdateOutboundVoiceProfile"),
    ("GET", "/v2/phone_numbers/1", "RetrievePhoneNumber"),
    ("PATCH", "/v2/phone_numbers/1/voice", "UpdatePhoneNumberVoiceSettings"),
    ("PUT", "/v2/phone_numbers/1", None),
    ("GET", "/v2/phone_numbers/1/messaging", None),
])
def test_exchanges_map_to_their_operation(contract, method, path, operation_id):
    assert contract.operation_of(method, path) == operation_id


def test_a_wrongly_typed_response_field_is_a_deviation(contract):
    found = contract.deviations(exchange("GET", "/v2/credential_connections/1", 200, {"data": {"active": "yes"}}))
    expected = [("RetrieveCredentialConnection", "response 200", "/data/active")]
    assert [(d.operation_id, d.where, d.pointer) for d in found] == expected


def test_an_undocumented_status_is_a_deviation(contract):
    found = contract.deviations(exchange("DELETE", "/v2/credential_connections/1", 418, {}))
    assert len(found) == 1 and "status 418 is not among the documented statuses" in found[0].message


def test_only_an_accepted_request_body_is_held_to_the_request_schema(contract):
    body = {"connection_name": 5}
    error = {"errors": [{"code": "10015", "title": "Bad Request", "detail": "x", "source": {"pointer": "/connection_name"}}]}
    assert contract.deviations(exchange("PATCH", "/v2/credential_connections/1", 422, error, body)) == []
    accepted = contract.deviations(exchange("PATCH", "/v2/credential_connections/1", 200, {"data": {}}, body))
    assert [(d.where, d.pointer) for d in accepted] == [("request", "/connection_name")]


def test_a_quirk_exception_covers_only_while_its_quirk_is_on(contract):
    shown = {"data": {"inbound": {"timeout_1xx_secs": "3"}}}
    assert contract.deviations(exchange("GET", "/v2/credential_connections/1", 200, shown, timeouts_as_strings=True)) == []
    found = contract.deviations(exchange("GET", "/v2/credential_connections/1", 200, shown))
    assert [d.pointer for d in found] == ["/data/inbound/timeout_1xx_secs"]


def test_without_exceptions_the_documented_differences_are_deviations():
    contract = Contract(load_operations(), exceptions=())
    found = contract.deviations(exchange("GET", "/v2/credential_connections/1", 200, {"data": {"inbound": {"channel_limit": None}}}))
    assert [d.pointer for d in found] == ["/data/inbound/channel_limit"]


def test_every_exception_has_a_unique_name_and_a_sourced_reason():
    names = [exception.name for exception in EXCEPTIONS]
    assert len(set(names)) == len(names)
    for exception in EXCEPTIONS:
        assert any(source in exception.reason for source in ("FACTS", "README", "schema", "spec")), exception.name


# ---- every operation, success and error paths, quirks off and all on


def drive_connections(emu):
    created = emu.api("POST", CONNECTIONS, dict(VALID, webhook_api_version="texml", outbound={"call_parking_enabled": True},
                                                inbound={"default_routing_method": ""}))
    assert created[0] == 201, created
    item = CONNECTIONS + "/" + created[2]["data"]["id"]
    statuses = [
        emu.api("GET", CONNECTIONS)[0],
        emu.api("GET", CONNECTIONS, query={"page[size]": 0})[0],
        emu.api("GET", CONNECTIONS, api_key="wrong")[0],
        emu.api("POST", CONNECTIONS, {"connection_name": "no-user"})[0],
        emu.api("POST", CONNECTIONS, [VALID])[0],
        emu.api("GET", item)[0],
        emu.api("GET", CONNECTIONS + "/" + UNKNOWN_ID)[0],
        emu.api("PATCH", item, {"inbound": {"channel_limit": None}, "outbound": {"outbound_voice_profile_id": None}})[0],
        emu.api("PATCH", item, {"dtmf_type": "loud"})[0],
        emu.api("PATCH", CONNECTIONS + "/" + UNKNOWN_ID, {"active": False})[0],
        emu.api("POST", item + "/actions/check_registration_status")[0],
        emu.api("POST", CONNECTIONS + "/" + UNKNOWN_ID + "/actions/check_registration_status")[0],
        emu.api("DELETE", item)[0],
        emu.api("DELETE", item)[0],
    ]
    assert statuses == [200, 400, 401, 422, 400, 200, 404, 200, 422, 404, 200, 404, 200, 404]


def drive_profiles(emu):
    created = emu.api("POST", PROFILES, {"name": "office", "calling_window": {"start_time": "08:00", "end_time": "20:00"}})
    assert created[0] == 200, created
    item = PROFILES + "/" + created[2]["data"]["id"]
    statuses = [
        emu.api("GET", PROFILES)[0],
        emu.api("GET", PROFILES, query={"page[size]": 0})[0],
        emu.api("POST", PROFILES, {"enabled": True})[0],
        emu.api("GET", item)[0],
        emu.api("GET", PROFILES + "/" + UNKNOWN_ID)[0],
        emu.api("PATCH", item, {"name": "office", "enabled": False, "calling_window": {"calls_per_cld": None}})[0],
        emu.api("PATCH", item, {"enabled": False})[0],
        emu.api("PATCH", PROFILES + "/" + UNKNOWN_ID, {"name": "office"})[0],
        emu.api("DELETE", item)[0],
        emu.api("DELETE", item)[0],
    ]
    assert statuses == [200, 422, 422, 200, 404, 200, 422, 404, 200, 404]


def drive_numbers(emu, phone_number):
    number_id = emu.seed(phone_numbers=[{"phone_number": phone_number}])["phone_numbers"][0]
    item = NUMBERS + "/" + number_id
    statuses = [
        emu.api("GET", NUMBERS)[0],
        emu.api("GET", NUMBERS, query={"page[size]": 0})[0],
        emu.api("GET", item)[0],
        emu.api("GET", NUMBERS + "/" + UNKNOWN_ID)[0],
        emu.api("PATCH", item, {"connection_id": None, "customer_reference": None, "tags": ["a"]})[0],
        emu.api("PATCH", item, {"tags": "a"})[0],
        emu.api("PATCH", NUMBERS + "/" + UNKNOWN_ID, {"tags": []})[0],
        emu.api("GET", item + "/voice")[0],
        emu.api("GET", NUMBERS + "/" + UNKNOWN_ID + "/voice")[0],
        emu.api("PATCH", item + "/voice", {"tech_prefix_enabled": True})[0],
        emu.api("PATCH", item + "/voice", {"inbound_call_screening": "block"})[0],
        emu.api("PATCH", NUMBERS + "/" + UNKNOWN_ID + "/voice", {"tech_prefix_enabled": True})[0],
    ]
    assert statuses == [200, 400, 200, 404, 200, 422, 404, 200, 404, 200, 422, 404]


def drive_trunk(emu, connections, records, record_body, pointer, create_body):
    """One connection type and its records: every operation, success and error paths, pointers set and cleared."""
    created = emu.api("POST", connections, create_body)
    assert created[0] == 201, created
    connection_id = created[2]["data"]["id"]
    item = connections + "/" + connection_id
    made = emu.api("POST", records, dict(record_body, connection_id=connection_id))
    assert made[0] == 201, made
    record = records + "/" + made[2]["data"]["id"]
    statuses = [
        emu.api("GET", connections)[0],
        emu.api("GET", connections, query={"page[size]": 0})[0],
        emu.api("POST", connections, {"transport_protocol": "SCTP"})[0],
        emu.api("GET", item)[0],
        emu.api("GET", connections + "/" + UNKNOWN_ID)[0],
        emu.api("PATCH", item, {"inbound": {pointer: made[2]["data"]["id"]}, "outbound": {"outbound_voice_profile_id": None}})[0],
        emu.api("PATCH", item, {"inbound": {pointer: UNKNOWN_ID}})[0],
        emu.api("PATCH", connections + "/" + UNKNOWN_ID, {"active": False})[0],
        emu.api("GET", records)[0],
        emu.api("GET", records, query={"page[size]": 251})[0],
        emu.api("POST", records, {"port": 5060})[0],
        emu.api("GET", record)[0],
        emu.api("GET", records + "/" + UNKNOWN_ID)[0],
        emu.api("PATCH", record, dict(record_body, port=5080))[0],
        emu.api("PATCH", record, dict(record_body, port=0))[0],
        emu.api("PATCH", records + "/" + UNKNOWN_ID, record_body)[0],
        emu.api("DELETE", record)[0],
        emu.api("DELETE", record)[0],
        emu.api("DELETE", item)[0],
        emu.api("DELETE", item)[0],
    ]
    assert statuses == [200, 400, 422, 200, 404, 200, 422, 404, 200, 400, 422, 200, 404, 200, 422, 404, 200, 404, 200, 404]


def drive_jobs(emu, phone_number):
    """The job routes and the voice list: each success and documented error (jobs take no time here)."""
    emu.set_settings(job_duration_ms=0)
    number_id = emu.seed(phone_numbers=[{"phone_number": phone_number[:-2] + "9" + phone_number[-1]}])["phone_numbers"][0]
    post = NUMBERS + "/jobs/update_phone_numbers"
    created = emu.api("POST", post, {"phone_numbers": [number_id], "tags": ["a"], "voice": {"tech_prefix_enabled": True}})
    assert created[0] == 202, created
    statuses = [
        emu.api("GET", NUMBERS + "/jobs/" + created[2]["data"]["id"])[0],
        emu.api("GET", NUMBERS + "/jobs/00000000-0000-4000-8000-000000000000")[0],
        emu.api("GET", NUMBERS + "/jobs")[0],
        emu.api("GET", NUMBERS + "/jobs", query={"page[size]": 0})[0],
        emu.api("GET", NUMBERS + "/jobs", query={"sort": "updated_at"})[0],
        emu.api("POST", post, {"tags": []})[0],
        emu.api("POST", post, {"phone_numbers": [], "tags": []})[0],
        emu.api("POST", post, {"phone_numbers": [number_id, phone_number], "tags": []})[0],
        emu.api("POST", post, {"phone_numbers": [number_id]})[0],
        emu.api("GET", NUMBERS + "/voice")[0],
        emu.api("GET", NUMBERS + "/voice", query={"page[size]": 0})[0],
    ]
    assert statuses == [200, 404, 200, 422, 422, 422, 422, 422, 422, 200, 400]
    emu.set_settings(job_duration_ms=200)


def drive_emergency(emu, phone_number):
    """Addresses, the enable action and the emergency job: each success and error (no provisioning time here)."""
    emu.set_settings(job_duration_ms=0, emergency_duration_ms=0)
    address = {"first_name": "Alfred", "last_name": "Foster", "business_name": "Toy-O'Kon", "borough": "x",
               "street_address": "600 Congress Avenue", "locality": "Austin", "country_code": "US",
               "address_book": False, "customer_reference": "ref"}
    created = emu.api("POST", ADDRESSES, address)
    assert created[0] == 200, created
    address_id = created[2]["data"]["id"]
    spare = emu.api("POST", ADDRESSES, dict(address, street_address="1 Undeliverable Road", validate_address=False))
    assert spare[0] == 200, spare
    number_id = emu.seed(phone_numbers=[{"phone_number": phone_number[:-2] + "8" + phone_number[-1]}])["phone_numbers"][0]
    action = NUMBERS + "/" + number_id + "/actions/enable_emergency"
    job = NUMBERS + "/jobs/update_emergency_settings"
    statuses = [
        emu.api("GET", ADDRESSES)[0],
        emu.api("GET", ADDRESSES, query={"filter[used_as_emergency]": "true", "sort": "-street_address"})[0],
        emu.api("GET", ADDRESSES, query={"page[size]": 0})[0],
        emu.api("POST", ADDRESSES, {"street_address": "600 Congress Avenue"})[0],
        emu.api("GET", ADDRESSES + "/" + address_id)[0],
        emu.api("GET", ADDRESSES + "/" + UNKNOWN_ID)[0],
        emu.api("POST", ADDRESSES + "/actions/validate", {"country_code": "US", "street_address": "1 Undeliverable Road",
                                                          "postal_code": "78701"})[0],
        emu.api("POST", ADDRESSES + "/actions/validate", {"country_code": "US"})[0],
        emu.api("POST", action, {"emergency_enabled": True, "emergency_address_id": address_id})[0],
        emu.api("POST", action, {"emergency_enabled": True})[0],
        emu.api("POST", NUMBERS + "/" + UNKNOWN_ID + "/actions/enable_emergency",
                {"emergency_enabled": True, "emergency_address_id": address_id})[0],
        emu.api("DELETE", ADDRESSES + "/" + address_id)[0],
        emu.api("POST", job, {"phone_numbers": [number_id], "emergency_enabled": False})[0],
        emu.api("POST", job, {"phone_numbers": [number_id], "emergency_enabled": True})[0],
        emu.api("DELETE", ADDRESSES + "/" + spare[2]["data"]["id"])[0],
        emu.api("DELETE", ADDRESSES + "/" + spare[2]["data"]["id"])[0],
    ]
    assert statuses == [200, 200, 400, 422, 200, 404, 200, 422, 200, 422, 404, 422, 202, 422, 200, 404]
    # The job settled (no job time): the number is disabled and the address free to delete.
    assert emu.api("GET", NUMBERS + "/" + number_id)[2]["data"]["emergency_status"] == "disabled"
    assert emu.api("DELETE", ADDRESSES + "/" + address_id)[0] == 200
    emu.set_settings(job_duration_ms=200, emergency_duration_ms=200)


def drive_rate_limit(emu):
    emu.set_settings(rate_limit=1, rate_window_secs=60)
    assert [emu.api("GET", PROFILES)[0], emu.api("GET", PROFILES)[0]] == [200, 429]
    emu.set_settings(rate_limit=None, rate_window_secs=1)


def test_every_operation_with_quirks_off_and_all_on_and_every_exception_is_needed(emu, contract):
    for quirks, phone_number in (("none", "+13125550100"), ("all", "+13125550101")):
        switches = select_quirks(quirks, [flag for flag in emu.quirks() if flag != "known_ids"])
        emu.set_quirks(**{flag: flag in switches for flag in emu.quirks() if flag != "known_ids"})
        drive_connections(emu)
        drive_profiles(emu)
        drive_numbers(emu, phone_number)
        drive_trunk(emu, FQDN_CONNECTIONS, "/fqdns", {"fqdn": "pbx.example.com", "dns_record_type": "a"},
                    "default_primary_fqdn_id", {"connection_name": "fqdn-trunk", "inbound": {"default_primary_fqdn_id": None}})
        drive_trunk(emu, IP_CONNECTIONS, "/ips", {"ip_address": "192.0.2.10"}, "default_primary_ip_id", {})
        drive_jobs(emu, phone_number)
        drive_emergency(emu, phone_number)
        drive_rate_limit(emu)
    served = {contract.operation_of(ex.method, ex.path) for ex in emu.exchanges}
    assert served == set(contract.operations) - set(NOT_EMULATED)
    # An exception no exchange needs is stale: drop it rather than let it hide a future deviation.
    used = {exception.name for ex in emu.exchanges for deviation in contract.raw_deviations(ex)
            for exception in EXCEPTIONS if exception.covers(deviation, ex)}
    assert used == {exception.name for exception in EXCEPTIONS}


def test_quirks_all_leaves_off_only_the_alternatives(emu):
    flags = [flag for flag in emu.quirks() if flag != "known_ids"]
    assert set(flags) - set(select_quirks("all", flags)) == set(ALL_QUIRKS_LEAVE_OFF)
    assert select_quirks("none", flags) == () and select_quirks("mask_password", flags) == ("mask_password",)
    with pytest.raises(ValueError, match="unknown quirk nope"):
        select_quirks("mask_password,nope", flags)
