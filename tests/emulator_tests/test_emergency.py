"""Tests of the emulated emergency addresses (/v2/addresses...), the enable_emergency action and the
update_emergency_settings job, with the provisioning clock they start."""

import time

from tests.emulator_tests.test_phone_number_jobs import seed_numbers, wait_done

ADDRESSES = "/addresses"
NUMBERS = "/phone_numbers"
JOB = NUMBERS + "/jobs/update_emergency_settings"
ADDRESS = {"first_name": "Alfred", "last_name": "Foster", "business_name": "Toy-O'Kon",
           "street_address": "600 Congress Avenue", "locality": "Austin", "administrative_area": "TX",
           "postal_code": "78701", "country_code": "US", "customer_reference": "hq"}
BAD_STREET = "1 Undeliverable Road"


def create_address(emu, **fields):
    status, _headers, body = emu.api("POST", ADDRESSES, dict(ADDRESS, **fields))
    assert status == 200, body
    return body["data"]


def emergency_of(emu, number_id):
    status, _headers, body = emu.api("GET", NUMBERS + "/" + number_id + "/voice")
    assert status == 200, body
    return body["data"]["emergency"]


def wait_status(emu, number_id, settled=("active", "disabled", "provisioning-failed"), timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        emergency = emergency_of(emu, number_id)
        if emergency["emergency_status"] in settled:
            return emergency
        time.sleep(0.02)
    raise AssertionError("number %s did not settle" % number_id)


def pointers(answer):
    return [error["source"]["pointer"] for error in answer["errors"]]


# ---- addresses


def test_an_address_is_created_with_its_defaults_read_and_has_no_update(emu):
    made = create_address(emu)
    assert (made["address_book"], made["validate_address"], made["record_type"]) == (True, True, "address")
    assert "borough" not in made and made["customer_reference"] == "hq"
    status, _headers, body = emu.api("GET", ADDRESSES + "/" + made["id"])
    assert status == 200 and body["data"] == made
    status, headers, _body = emu.api("PATCH", ADDRESSES + "/" + made["id"], {"locality": "Dallas"})
    assert status == 405 and headers["allow"] == "DELETE, GET"


def test_create_requires_the_schemas_fields_and_checks_types(emu):
    status, _headers, body = emu.api("POST", ADDRESSES, {"street_address": "600 Congress Avenue"})
    assert status == 422
    assert sorted(pointers(body)) == ["/business_name", "/country_code", "/first_name", "/last_name", "/locality"]
    status, _headers, body = emu.api("POST", ADDRESSES, dict(ADDRESS, country_code="usa", address_book="yes"))
    assert status == 422 and sorted(pointers(body)) == ["/address_book", "/country_code"]


def test_the_undeliverable_address_is_refused_when_validated_and_stored_when_not(emu):
    status, _headers, body = emu.api("POST", ADDRESSES, dict(ADDRESS, street_address=BAD_STREET))
    assert status == 422
    assert [(error["code"], error["source"]["pointer"]) for error in body["errors"]] == [("20207", "/street_address")]
    made = create_address(emu, street_address=BAD_STREET, validate_address=False)
    assert made["validate_address"] is False
    status, _headers, body = emu.api("POST", ADDRESSES + "/actions/validate",
                                     {"country_code": "US", "street_address": BAD_STREET, "postal_code": "78701"})
    assert status == 200 and body["data"]["result"] == "invalid" and body["data"]["errors"][0]["code"] == "20207"
    status, _headers, body = emu.api("POST", ADDRESSES + "/actions/validate",
                                     {"country_code": "US", "street_address": "600 Congress Avenue"})
    assert status == 422 and pointers(body) == ["/postal_code"]


def test_the_list_filters_sorts_and_pages(emu):
    first = create_address(emu, customer_reference="HQ-Austin")
    second = create_address(emu, customer_reference="hq", street_address="1 Main Street", address_book=False)
    third = create_address(emu, customer_reference="branch")

    def ids(**query):
        status, _headers, body = emu.api("GET", ADDRESSES, query=query)
        assert status == 200, body
        return [address["id"] for address in body["data"]]

    assert ids() == [third["id"], second["id"], first["id"]]
    assert ids(**{"filter[customer_reference][eq]": "hq"}) == [second["id"]]
    assert ids(**{"filter[customer_reference]": "HQ"}) == [second["id"], first["id"]]
    assert ids(**{"filter[customer_reference][contains]": "aus"}) == [first["id"]]
    assert ids(**{"filter[street_address][contains]": "main"}) == [second["id"]]
    assert ids(**{"filter[address_book][eq]": "false"}) == [second["id"]]
    assert ids(sort="created_at") == [first["id"], second["id"], third["id"]]
    status, _headers, body = emu.api("GET", ADDRESSES, query={"page[size]": 2, "page[number]": 2})
    assert [address["id"] for address in body["data"]] == [first["id"]]
    assert body["meta"] == {"page_number": 2, "page_size": 2, "total_pages": 2, "total_results": 3}
    for bad, pointer in (({"filter[street_address][contains]": "ma"}, "/filter/street_address/contains"),
                         ({"filter[used_as_emergency]": "yes"}, "/filter/used_as_emergency"),
                         ({"sort": "locality"}, "/sort"), ({"page[size]": 251}, "/page/size")):
        status, _headers, body = emu.api("GET", ADDRESSES, query=bad)
        assert status == 400 and pointers(body) == [pointer]


def test_used_as_emergency_and_delete_refused_while_a_number_names_the_address(emu):
    emu.set_settings(emergency_duration_ms=0)
    used, unused = create_address(emu), create_address(emu, customer_reference="spare")
    (number_id,) = seed_numbers(emu, 1)
    status, _headers, _body = emu.api("POST", NUMBERS + "/" + number_id + "/actions/enable_emergency",
                                      {"emergency_enabled": True, "emergency_address_id": used["id"]})
    assert status == 200
    for flag, expected in (("true", [used["id"]]), ("false", [unused["id"]])):
        status, _headers, body = emu.api("GET", ADDRESSES, query={"filter[used_as_emergency]": flag})
        assert [address["id"] for address in body["data"]] == expected
    status, _headers, body = emu.api("DELETE", ADDRESSES + "/" + used["id"])
    assert status == 422 and "+13125550000" in body["errors"][0]["detail"]
    status, _headers, body = emu.api("DELETE", ADDRESSES + "/" + unused["id"])
    assert status == 200 and body["data"]["id"] == unused["id"]
    assert emu.api("GET", ADDRESSES + "/" + unused["id"])[0] == 404
    assert emu.api("DELETE", ADDRESSES + "/" + unused["id"])[0] == 404


# ---- the action


def test_the_action_provisions_over_time_then_is_active(emu):
    emu.set_settings(emergency_duration_ms=300)
    address = create_address(emu)
    (number_id,) = seed_numbers(emu, 1)
    action = NUMBERS + "/" + number_id + "/actions/enable_emergency"
    status, _headers, body = emu.api("POST", action, {"emergency_enabled": True, "emergency_address_id": address["id"]})
    assert status == 202
    assert body["data"]["emergency"] == {"emergency_address_id": address["id"], "emergency_enabled": True,
                                         "emergency_status": "provisioning"}
    # A second request while provisioning starts nothing again.
    status, _headers, body = emu.api("POST", action, {"emergency_enabled": True, "emergency_address_id": address["id"]})
    assert status == 202
    assert wait_status(emu, number_id)["emergency_status"] == "active"
    status, _headers, body = emu.api("GET", NUMBERS + "/" + number_id)
    assert (body["data"]["emergency_enabled"], body["data"]["emergency_address_id"],
            body["data"]["emergency_status"]) == (True, address["id"], "active")
    status, _headers, body = emu.api("GET", NUMBERS + "/voice")
    assert body["data"][0]["emergency"]["emergency_status"] == "active"
    assert emu.api("POST", action, {"emergency_enabled": True, "emergency_address_id": address["id"]})[0] == 200


def test_the_action_with_the_undeliverable_address_ends_provisioning_failed(emu):
    emu.set_settings(emergency_duration_ms=50)
    bad = create_address(emu, street_address=BAD_STREET, validate_address=False)
    (number_id,) = seed_numbers(emu, 1)
    status, _headers, _body = emu.api("POST", NUMBERS + "/" + number_id + "/actions/enable_emergency",
                                      {"emergency_enabled": True, "emergency_address_id": bad["id"]})
    assert status == 202
    assert wait_status(emu, number_id) == {"emergency_address_id": bad["id"], "emergency_enabled": True,
                                           "emergency_status": "provisioning-failed"}


def test_the_action_refuses_bad_bodies_unknown_addresses_and_disabling(emu):
    (number_id,) = seed_numbers(emu, 1)
    action = NUMBERS + "/" + number_id + "/actions/enable_emergency"
    for body, expected in (({}, ["/emergency_enabled", "/emergency_address_id"]),
                           ({"emergency_enabled": "yes", "emergency_address_id": 5},
                            ["/emergency_enabled", "/emergency_address_id"]),
                           ({"emergency_enabled": True, "emergency_address_id": "1293384261075731000"},
                            ["/emergency_address_id"]),
                           ({"emergency_enabled": False, "emergency_address_id": "1293384261075731000"},
                            ["/emergency_enabled"])):
        status, _headers, answer = emu.api("POST", action, body)
        assert status == 422 and pointers(answer) == expected
    status, _headers, _answer = emu.api("POST", NUMBERS + "/1293384261075731000/actions/enable_emergency",
                                        {"emergency_enabled": True, "emergency_address_id": "1"})
    assert status == 404
    assert emergency_of(emu, number_id)["emergency_status"] == "disabled"


# ---- the job


def test_the_job_enables_with_per_number_failures_then_disables(emu):
    emu.set_settings(job_duration_ms=50, emergency_duration_ms=50)
    address = create_address(emu)
    ids = seed_numbers(emu, 3)
    emu.set_jobs(fail_numbers={"+13125550002": "Number cannot have emergency services."})
    status, _headers, body = emu.api("POST", JOB, {"phone_numbers": ids, "emergency_enabled": True,
                                                   "emergency_address_id": address["id"]})
    assert status == 202 and body["data"]["type"] == "update_emergency_settings"
    assert emergency_of(emu, ids[0])["emergency_status"] == "disabled"
    done = wait_done(emu, body["data"]["id"])
    assert done["status"] == "completed"
    assert sorted(entry["id"] for entry in done["successful_operations"]) == ids[:2]
    (failed,) = done["failed_operations"]
    assert failed["id"] == ids[2] and failed["errors"][0]["source"]["pointer"] == "/emergency_address_id"
    assert failed["errors"][0]["detail"] == "Number cannot have emergency services."
    assert [wait_status(emu, number_id)["emergency_status"] for number_id in ids] == [
        "active", "active", "provisioning-failed"]
    status, _headers, body = emu.api("POST", JOB, {"phone_numbers": ids[:1], "emergency_enabled": False})
    assert status == 202
    wait_done(emu, body["data"]["id"])
    assert wait_status(emu, ids[0], settled=("disabled",)) == {
        "emergency_address_id": None, "emergency_enabled": False, "emergency_status": "disabled"}


def test_the_job_fails_a_number_on_the_undeliverable_address_with_a_reason(emu):
    emu.set_settings(job_duration_ms=0, emergency_duration_ms=0)
    bad = create_address(emu, street_address=BAD_STREET, validate_address=False)
    (number_id,) = seed_numbers(emu, 1)
    status, _headers, body = emu.api("POST", JOB, {"phone_numbers": [number_id], "emergency_enabled": True,
                                                   "emergency_address_id": bad["id"]})
    assert status == 202
    done = wait_done(emu, body["data"]["id"])
    assert done["status"] == "failed"
    assert "could not be validated" in done["failed_operations"][0]["errors"][0]["detail"]
    assert emergency_of(emu, number_id)["emergency_status"] == "provisioning-failed"


def test_the_job_checks_its_body(emu):
    address = create_address(emu)
    ids = seed_numbers(emu, 1)

    def refused(body):
        status, _headers, answer = emu.api("POST", JOB, body)
        assert status == 422, answer
        return [(error["detail"], error["source"]["pointer"]) for error in answer["errors"]]

    assert refused({"emergency_enabled": True}) == [("must be present", "/phone_numbers")]
    assert refused({"phone_numbers": ids}) == [("must be present", "/emergency_enabled")]
    assert refused({"phone_numbers": ids, "emergency_enabled": True})[0][1] == "/emergency_address_id"
    assert refused({"phone_numbers": ids, "emergency_enabled": False,
                    "emergency_address_id": address["id"]})[0][1] == "/emergency_address_id"
    assert refused({"phone_numbers": ids, "emergency_enabled": True,
                    "emergency_address_id": "1293384261075731000"})[0][1] == "/emergency_address_id"
    assert refused({"phone_numbers": ["+19995550000"], "emergency_enabled": False}) == [
        ("You must own every number in the bulk request", "/phone_numbers")]
    emu.set_jobs(busy=500, busy_secs=60)
    assert refused({"phone_numbers": ids, "emergency_enabled": False}) == [
        ("You can have at most 500 pending or in progress jobs", "/base")]
