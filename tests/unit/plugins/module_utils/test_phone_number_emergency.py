# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A number's emergency calling through phone_number: never a PATCH; the enable action on, the emergency job off;
a wait for the provisioning, bounded, and where it ends reported. The HTTP layer is scripted exactly."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import (
    PHONE_NUMBER,
    PHONE_NUMBER_INVENTORY,
    poll_waits,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, page
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import (
    NUMBER, NUMBER_ID, NUMBERS, fail, inventory_run, number, query, run, voice,
)

RESOURCE = PHONE_NUMBER
E164 = "+13125550100"
ADDRESS_ID = "1293384261075731700"
OTHER_ADDRESS_ID = "1293384261075731701"
ENABLE = NUMBER + "/actions/enable_emergency"
JOB_POST = "/phone_numbers/jobs/update_emergency_settings"
JOBS = "/phone_numbers/jobs"
JOB_ID = "5b6d1c44-6e7e-4f3a-9d7c-0a1b2c3d4e5f"
INVALID_STREET = {"code": "20207", "title": "Invalid street address", "source": {"pointer": "/street_address"}}


def listed(*items):
    return Call("GET", NUMBERS, body=page(list(items)), params=query(**{"filter[phone_number]": "13125550100"}))


def emergency(enabled, address_id, status):
    return {"emergency_enabled": enabled, "emergency_address_id": address_id, "emergency_status": status}


def off():
    return number(**emergency(False, None, "disabled"))


def on(status="active", address_id=ADDRESS_ID):
    return number(**emergency(True, address_id, status))


def enable(status="provisioning", address_id=ADDRESS_ID, **call):
    return Call("POST", ENABLE, json_body={"emergency_enabled": True, "emergency_address_id": address_id},
                status=202 if status == "provisioning" else 200,
                body={"data": voice(emergency=emergency(True, address_id, status))}, **call)


def read(obj):
    return Call("GET", NUMBER, body={"data": obj})


def job(status, **lists):
    answer = {"id": JOB_ID, "record_type": "phone_numbers_job", "type": "update_emergency_settings",
              "status": status, "created_at": "2026-11-22T09:00:00.000Z", "etc": "2026-11-22T09:00:00.200Z",
              "successful_operations": [], "failed_operations": [], "pending_operations": []}
    answer.update(lists)
    return answer


def test_enabling_sends_the_action_never_a_patch_waits_for_active_and_the_diff_shows_the_status():
    result, warnings, session = run(RESOURCE, [
        listed(off()), enable(), read(on("provisioning")), read(on("provisioning")), read(on("active")),
    ], phone_number=E164, emergency_enabled=True, emergency_address_id=ADDRESS_ID)
    assert [(write["method"], write["path"]) for write in session.writes] == [("POST", ENABLE)]
    assert result["changed"] is True and result["phone_number"]["emergency_status"] == "active"
    assert result["diff"] == {
        "before": {"phone_number": E164, "emergency_enabled": False, "emergency_address_id": None,
                   "emergency_status": "disabled"},
        "after": {"phone_number": E164, "emergency_enabled": True, "emergency_address_id": ADDRESS_ID,
                  "emergency_status": "active"}}
    assert warnings == []


def test_the_address_by_customer_reference_is_looked_up_once_and_sent_by_id():
    lookup = Call("GET", "/addresses", params=query(**{"filter[customer_reference][eq]": "hq"}),
                  body=page([{"id": ADDRESS_ID, "customer_reference": "hq"}, {"id": "9", "customer_reference": "HQ"}]))
    result, dummy, session = run(RESOURCE, [lookup, listed(off()), enable("active"), read(on())],
                                 phone_number=E164, emergency_enabled=True, emergency_address_reference="hq")
    assert result["phone_number"]["emergency_address_id"] == ADDRESS_ID and len(session.writes) == 1


def test_a_rerun_while_provisioning_sends_nothing_and_waits_again():
    result, warnings, session = run(RESOURCE, [listed(on("provisioning")), read(on("active"))],
                                    phone_number=E164, emergency_enabled=True, emergency_address_id=ADDRESS_ID)
    assert session.writes == [] and result["changed"] is False
    assert result["phone_number"]["emergency_status"] == "active"
    assert result["diff"]["before"]["emergency_status"] == "provisioning"
    assert result["diff"]["after"]["emergency_status"] == "active"


def test_an_active_number_is_no_change_and_no_request_beyond_the_lookup():
    result, warnings, session = run(RESOURCE, [listed(on())], phone_number=E164, emergency_enabled=True,
                                    emergency_address_id=ADDRESS_ID)
    assert result["changed"] is False and session.sent == [session.sent[0]] and warnings == []


def test_the_wait_that_runs_out_warns_that_it_is_still_provisioning():
    waits = poll_waits(1)
    calls = [listed(off()), enable(), read(on("provisioning"))] + [read(on("provisioning")) for dummy in waits]
    result, warnings, session = run(RESOURCE, calls, phone_number=E164, emergency_enabled=True,
                                    emergency_address_id=ADDRESS_ID, emergency_wait_timeout=1)
    assert result["changed"] is True and result["phone_number"]["emergency_status"] == "provisioning"
    assert len(warnings) == 1 and "still provisioning after 1 s" in warnings[0]
    assert "sends no second request" in warnings[0]


def test_no_wait_at_all_with_a_timeout_of_zero():
    result, warnings, session = run(RESOURCE, [listed(off()), enable(), read(on("provisioning"))],
                                    phone_number=E164, emergency_enabled=True, emergency_address_id=ADDRESS_ID,
                                    emergency_wait_timeout=0)
    assert result["phone_number"]["emergency_status"] == "provisioning" and "still provisioning" in warnings[0]


def test_provisioning_failed_fails_with_telnyx_s_reason_from_the_address_validation():
    bad = {"id": ADDRESS_ID, "street_address": "1 Undeliverable Road", "postal_code": "78701", "country_code": "US",
           "locality": "Austin"}
    failure, session = fail(RESOURCE, [
        listed(off()), enable(), read(on("provisioning-failed")),
        Call("GET", "/addresses/" + ADDRESS_ID, body={"data": bad}),
        Call("POST", "/addresses/actions/validate",
             json_body={"country_code": "US", "street_address": "1 Undeliverable Road", "postal_code": "78701",
                        "locality": "Austin"},
             body={"data": {"result": "invalid", "errors": [INVALID_STREET]}}),
    ], phone_number=E164, emergency_enabled=True, emergency_address_id=ADDRESS_ID)
    assert "provisioning-failed" in failure.msg and "Invalid street address" in failure.msg
    assert "/street_address" in failure.msg and failure.details["changed"] is True


def test_a_lost_answer_to_the_action_is_read_back_and_never_sent_twice():
    lost = requests.exceptions.ReadTimeout("read timed out")
    result, warnings, session = run(RESOURCE, [
        listed(off()), enable(raise_exc=lost), read(on("provisioning")), read(on("provisioning")),
        read(on("active")),
    ], phone_number=E164, emergency_enabled=True, emergency_address_id=ADDRESS_ID)
    assert [write["path"] for write in session.writes] == [ENABLE]
    assert result["phone_number"]["emergency_status"] == "active"
    assert any("shows it was applied" in warning for warning in warnings)


def test_a_lost_answer_to_the_action_that_did_not_take_effect_fails_with_the_timeout():
    lost = requests.exceptions.ReadTimeout("read timed out")
    failure, session = fail(RESOURCE, [listed(off()), enable(raise_exc=lost), read(off())],
                            phone_number=E164, emergency_enabled=True, emergency_address_id=ADDRESS_ID)
    assert [write["path"] for write in session.writes] == [ENABLE]
    assert "enable_emergency failed: timed out" in failure.msg


def test_moving_to_another_address_sends_the_action_with_it():
    result, dummy, session = run(RESOURCE, [
        listed(on()), enable("active", OTHER_ADDRESS_ID), read(on("active", OTHER_ADDRESS_ID)),
    ], phone_number=E164, emergency_enabled=True, emergency_address_id=OTHER_ADDRESS_ID)
    assert result["changed"] is True and result["diff"]["after"]["emergency_address_id"] == OTHER_ADDRESS_ID


def test_disabling_goes_through_the_emergency_job_then_waits_for_disabled():
    ops = [{"id": NUMBER_ID, "phone_number": E164}]
    result, warnings, session = run(RESOURCE, [
        listed(on()),
        Call("GET", JOBS, params={"filter[type]": "update_emergency_settings", "page[size]": 250, "page[number]": 1},
             body=page([])),
        Call("POST", JOB_POST, json_body={"emergency_enabled": False, "phone_numbers": [NUMBER_ID]}, status=202,
             body={"data": job("pending", pending_operations=ops)}),
        Call("GET", JOBS + "/" + JOB_ID, body={"data": job("completed", successful_operations=ops)}),
        read(number(**emergency(False, ADDRESS_ID, "deprovisioning"))),
        read(off()),
    ], phone_number=E164, emergency_enabled=False)
    assert [write["path"] for write in session.writes] == [JOB_POST]
    assert result["diff"]["before"]["emergency_status"] == "active"
    assert result["diff"]["after"] == {"phone_number": E164, "emergency_enabled": False, "emergency_status": "disabled"}


def test_a_job_that_fails_the_number_reports_telnyx_s_errors():
    ops = [{"id": NUMBER_ID, "phone_number": E164}]
    errors = [{"code": "10015", "title": "Bad Request", "detail": "Number cannot be changed now.",
               "source": {"pointer": "/phone_numbers"}}]
    failure, session = fail(RESOURCE, [
        listed(on()),
        Call("GET", JOBS, params={"filter[type]": "update_emergency_settings", "page[size]": 250, "page[number]": 1},
             body=page([])),
        Call("POST", JOB_POST, status=202, body={"data": job("pending", pending_operations=ops)}),
        Call("GET", JOBS + "/" + JOB_ID, body={"data": job("failed", failed_operations=[dict(ops[0], errors=errors)])}),
    ], phone_number=E164, emergency_enabled=False)
    assert "did not turn emergency calling off" in failure.msg and "Number cannot be changed now." in failure.msg


def test_check_mode_predicts_the_action_and_the_status_with_reads_only():
    result, dummy, session = run(RESOURCE, [listed(off())], check_mode=True, phone_number=E164,
                                 emergency_enabled=True, emergency_address_id=ADDRESS_ID)
    assert session.writes == [] and result["changed"] is True
    assert result["diff"]["after"]["emergency_status"] == "active"
    result, dummy, session = run(RESOURCE, [listed(on())], check_mode=True, phone_number=E164,
                                 emergency_enabled=False)
    assert session.writes == [] and result["diff"]["after"]["emergency_status"] == "disabled"


@pytest.mark.parametrize("args, rule", [
    (dict(emergency_enabled=True), "needs the address"),
    (dict(emergency_address_id=ADDRESS_ID), "need emergency_enabled=true"),
    (dict(emergency_enabled=False, emergency_address_reference="hq"), "need emergency_enabled=true"),
    (dict(emergency_enabled=True, emergency_address_id="x1"), "emergency_address_id"),
    (dict(emergency_enabled=True, emergency_address_reference=""), "cannot be empty"),
    (dict(emergency_enabled=True, emergency_address_id=ADDRESS_ID, emergency_address_reference="hq"),
     "set only one of them"),
])
def test_bad_emergency_options_fail_before_any_request(args, rule):
    failure, session = fail(RESOURCE, [], phone_number=E164, **args)
    assert session.sent == [] and rule in failure.msg


def test_phone_number_info_lists_the_numbers_without_an_emergency_address():
    result, dummy, session = inventory_run(PHONE_NUMBER_INVENTORY, [
        Call("GET", NUMBERS, params=query(**{"filter[emergency_address_id]": "null"}), body=page([off()]))],
        emergency_address_id="null")
    (item,) = result["phone_numbers"]
    assert item["emergency_enabled"] is False and "emergency_address_id" not in item
    assert item["read_only"]["emergency_status"] == "disabled"
    result, dummy, session = inventory_run(PHONE_NUMBER_INVENTORY, [read(on())], id=NUMBER_ID,
                                           emergency_address_id="null")
    assert result["phone_numbers"] == []


def test_the_waits_back_off_and_add_up_to_the_timeout():
    waits = poll_waits(30)
    assert waits[:3] == [0.25, 0.5, 1.0] and max(waits) <= 10.0 and sum(waits) == pytest.approx(30)
    assert poll_waits(0) == []
