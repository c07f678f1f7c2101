"""Tests of the emulated phone number jobs (/v2/phone_numbers/jobs...) and the voice list (/v2/phone_numbers/voice)."""

import time

import pytest

from tests.emulator.control import EmulatorError

NUMBERS = "/phone_numbers"
POST = NUMBERS + "/jobs/update_phone_numbers"


def seed_numbers(emu, count, **fields):
    partials = [dict({"phone_number": "+1312555%04d" % index}, **fields) for index in range(count)]
    return emu.seed(phone_numbers=partials)["phone_numbers"]


def job_of(emu, job_id):
    status, _headers, body = emu.api("GET", NUMBERS + "/jobs/" + job_id)
    assert status == 200, body
    return body["data"]


def wait_done(emu, job_id, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = job_of(emu, job_id)
        if job["status"] in ("completed", "failed", "expired"):
            return job
        time.sleep(0.02)
    raise AssertionError("job %s not done" % job_id)


def refusal(emu, body):
    status, _headers, answer = emu.api("POST", POST, body)
    assert status == 422, answer
    return [(error["detail"], error["source"]["pointer"]) for error in answer["errors"]]


def test_a_job_is_pending_then_in_progress_then_applies_its_body_to_every_number(emu):
    emu.set_settings(job_duration_ms=400)
    connection = emu.seed([{"connection_name": "trunk"}])[0]
    ids = seed_numbers(emu, 3)
    status, _headers, body = emu.api("POST", POST, {"phone_numbers": ids, "connection_id": connection,
                                                    "tags": ["a"], "deletion_lock_enabled": True,
                                                    "voice": {"call_forwarding": {"forwards_to": "+13125559999"}}})
    assert status == 202
    job = body["data"]
    assert (job["status"], job["type"], job["record_type"]) == ("pending", "update_phone_numbers", "phone_numbers_job")
    assert job["phone_numbers"] == [{"id": number_id} for number_id in ids]
    assert [operation["id"] for operation in job["pending_operations"]] == ids
    # Nothing is applied before the job is done.
    assert all(number["connection_id"] is None for number in emu.state()["phone_numbers"])
    time.sleep(0.15)
    assert job_of(emu, job["id"])["status"] == "in_progress"
    done = wait_done(emu, job["id"])
    assert done["status"] == "completed" and done["pending_operations"] == [] and done["failed_operations"] == []
    assert sorted(operation["id"] for operation in done["successful_operations"]) == sorted(ids)
    for number in emu.state()["phone_numbers"]:
        assert (number["connection_id"], number["tags"], number["deletion_lock_enabled"]) == (connection, ["a"], True)
        assert number["voice"]["call_forwarding"] == {"call_forwarding_enabled": True, "forwarding_type": None,
                                                      "forwards_to": "+13125559999"}


def test_the_contract_limits_and_examples(emu):
    ids = seed_numbers(emu, 2)
    assert refusal(emu, {"tags": []}) == [("must be present", "/phone_numbers")]
    assert refusal(emu, {"phone_numbers": [], "tags": []}) == [("You must provide at least 1 phone number.", "/phone_numbers")]
    assert refusal(emu, {"phone_numbers": ids * 501, "tags": []}) == [("1000 numbers is the maximum allowed.", "/phone_numbers")]
    assert refusal(emu, {"phone_numbers": [ids[0], "+13125550001"], "tags": []}) == [
        ("You must specify either all phone numbers in the e164 format or all as phone number ids", "/phone_numbers")]
    assert refusal(emu, {"phone_numbers": ids}) == [("You must provide at least 1 updateable field.", "/updateable_fields")]
    assert refusal(emu, {"phone_numbers": ["+19995550000"], "tags": []}) == [
        ("You must own every number in the bulk request", "/phone_numbers")]
    assert refusal(emu, {"phone_numbers": ids, "connection_id": "1293384261075731000"})[0][1] == "/connection_id"
    assert refusal(emu, {"phone_numbers": ids, "voice": {"usage_payment_method": "free"}})[0][1] == "/voice/usage_payment_method"
    assert refusal(emu, {"phone_numbers": ids, "hd_voice_enabled": "yes"})[0][1] == "/hd_voice_enabled"
    # 1,000 E.164 numbers are one job.
    status, _headers, _body = emu.api("POST", POST, {"phone_numbers": ["+13125550000", "+13125550001"] * 500,
                                                     "tags": []})
    assert status == 202


def test_at_most_20_jobs_pending_or_in_progress_shared_with_other_jobs(emu):
    emu.set_settings(job_duration_ms=10000)
    ids = seed_numbers(emu, 1)
    assert emu.set_jobs(busy=19, busy_secs=0.3)["active"] == 19
    assert emu.api("POST", POST, {"phone_numbers": ids, "tags": []})[0] == 202
    assert refusal(emu, {"phone_numbers": ids, "tags": []}) == [
        ("You can have at most 20 pending or in progress jobs", "/base")]
    time.sleep(0.35)
    assert emu.api("POST", POST, {"phone_numbers": ids, "tags": []})[0] == 202


def test_some_numbers_fail_with_telnyx_errors_and_the_others_are_applied(emu):
    emu.set_settings(job_duration_ms=0)
    ids = seed_numbers(emu, 3)
    emu.set_jobs(fail_numbers={"+13125550001": "HD voice is not available for this number"})
    job_id = emu.api("POST", POST, {"phone_numbers": ids, "hd_voice_enabled": True})[2]["data"]["id"]
    done = wait_done(emu, job_id)
    assert done["status"] == "completed"
    assert [operation["id"] for operation in done["successful_operations"]] == [ids[0], ids[2]]
    [failed] = done["failed_operations"]
    assert (failed["id"], failed["phone_number"]) == (ids[1], "+13125550001")
    assert failed["errors"][0]["detail"] == "HD voice is not available for this number"
    assert [number["hd_voice_enabled"] for number in emu.state()["phone_numbers"]] == [True, False, True]
    # A rule of the merged settings fails the numbers it breaks, with a pointer into the body.
    job_id = emu.api("POST", POST, {"phone_numbers": ids[:1], "voice": {"cnam_listing": {"cnam_listing_details": "ACME"}}})[2]["data"]["id"]
    done = wait_done(emu, job_id)
    assert done["status"] == "failed" and done["failed_operations"][0]["errors"][0]["source"]["pointer"] == \
        "/voice/cnam_listing/cnam_listing_details"


def test_unowned_numbers_fail_as_operations_under_the_quirk_and_a_job_can_expire(emu):
    emu.set_settings(job_duration_ms=0)
    emu.set_quirks(jobs_accept_unowned=True)
    seed_numbers(emu, 1)
    job_id = emu.api("POST", POST, {"phone_numbers": ["+13125550000", "+19995550000"], "tags": ["x"]})[2]["data"]["id"]
    done = wait_done(emu, job_id)
    assert [operation["phone_number"] for operation in done["successful_operations"]] == ["+13125550000"]
    assert done["failed_operations"][0]["phone_number"] == "+19995550000"
    assert done["failed_operations"][0]["errors"][0]["code"] == "10005"
    emu.set_jobs(expire_next=1)
    job_id = emu.api("POST", POST, {"phone_numbers": ["+13125550000"], "tags": ["y"]})[2]["data"]["id"]
    done = wait_done(emu, job_id)
    assert done["status"] == "expired" and done["pending_operations"][0]["phone_number"] == "+13125550000"
    assert emu.state()["phone_numbers"][0]["tags"] == ["x"]


def test_the_jobs_list_filters_sorts_and_pages(emu):
    emu.set_settings(job_duration_ms=0)
    ids = seed_numbers(emu, 1)
    made = [emu.api("POST", POST, {"phone_numbers": ids, "tags": [str(index)]})[2]["data"]["id"] for index in range(3)]
    emu.set_jobs(busy=1)
    listed = emu.api("GET", NUMBERS + "/jobs", query={"filter[type]": "update_phone_numbers"})[2]
    assert [job["id"] for job in listed["data"]] == made[::-1] and listed["meta"]["total_results"] == 3
    assert [job["id"] for job in emu.api("GET", NUMBERS + "/jobs", query={"sort": "created_at", "page[size]": 2,
                                                                          "filter[type]": "update_phone_numbers"})[2]["data"]] == made[:2]
    assert emu.api("GET", NUMBERS + "/jobs")[2]["meta"]["total_results"] == 4
    assert [job["body"] for job in emu.jobs()][:3] == [{"tags": [str(index)]} for index in range(3)]
    assert emu.api("GET", NUMBERS + "/jobs", query={"filter[type]": "nope"})[0] == 422


def test_the_voice_list_pages_and_filters(emu):
    connection = emu.seed([{"connection_name": "chicago-trunk"}])[0]
    seed_numbers(emu, 3, connection_id=connection, voice={"usage_payment_method": "channel"})
    emu.seed(phone_numbers=[{"phone_number": "+442071838750", "customer_reference": "uk"}])
    page = emu.api("GET", NUMBERS + "/voice")[2]
    assert page["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 4}
    assert {entry["record_type"] for entry in page["data"]} == {"voice_settings"}
    assert "caller_id_name_enabled" not in page["data"][0]
    query = emu.api("GET", NUMBERS + "/voice", query={"filter[connection_name][contains]": "CHICAGO", "sort": "phone_number",
                                                      "page[size]": 2, "page[number]": 2})[2]
    assert [entry["phone_number"] for entry in query["data"]] == ["+13125550002"]
    assert emu.api("GET", NUMBERS + "/voice", query={"filter[customer_reference]": "uk"})[2]["data"][0]["phone_number"] == "+442071838750"
    assert emu.api("GET", NUMBERS + "/voice", query={"filter[voice.usage_payment_method]": "channel"})[2]["meta"]["total_results"] == 3
    assert emu.api("GET", NUMBERS + "/voice", query={"filter[connection_name][contains]": "ch"})[0] == 400


def test_the_job_control_refuses_bad_switches(emu):
    for bad in ({"expire_next": -1}, {"busy": True}, {"busy_secs": "1"}, {"fail_numbers": ["+13125550000"]}):
        with pytest.raises(EmulatorError, match="400"):
            emu.set_jobs(**bad)
