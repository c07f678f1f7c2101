# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""E911 end to end, in real ansible-playbook runs against the emulator: an emergency address (immutable: a change
is a replacement, refused while numbers use it), a number's emergency calling turned on with the action and off
with the job, the wait for active, a provisioning that fails for an undeliverable address, the audit of numbers
without one, and both execution paths giving the same results.
"""

from __future__ import annotations

from _modes_helpers import MODES, comparable_records, normalised, user_output

ADDRESS = "telnyx.voice.emergency_address"
ADDRESSES_INFO = "telnyx.voice.emergency_address_info"
NUMBER = "telnyx.voice.phone_number"
NUMBERS_INFO = "telnyx.voice.phone_number_info"
E164 = "+15125550100"
OFFICE = dict(customer_reference="austin-office", first_name="Alfred", last_name="Foster",
              business_name="Example Corp", street_address="600 Congress Avenue", locality="Austin",
              administrative_area="TX", postal_code="78701", country_code="US")


def task(name, module, given=None, **options):
    """A task of ``module``: the options ``given`` as a dict, and any more as keywords."""
    return {"name": name, module: dict(given or {}, **options)}


def writes(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.requests() if entry["method"] != "GET"]


def test_a_number_is_made_ready_check_mode_predicts_and_a_rerun_sends_nothing(playbook, emulator):
    emulator.seed(phone_numbers=[{"phone_number": E164}])
    enable = dict(phone_number=E164, emergency_enabled=True, emergency_address_reference="austin-office")
    run = playbook([task("address check", ADDRESS, **OFFICE) | {"check_mode": True},
                    task("address", ADDRESS, **OFFICE),
                    task("audit", NUMBERS_INFO, emergency_address_id="null"),
                    task("enable check", NUMBER, **enable) | {"check_mode": True},
                    task("enable", NUMBER, **enable),
                    task("rerun", NUMBER, **enable),
                    task("address rerun", ADDRESS, **OFFICE),
                    task("used", ADDRESSES_INFO, used_as_emergency=True)], diff=True)
    assert run.rc == 0, run.output
    assert run.task("address check")["changed"] is True and run.task("address")["changed"] is True
    assert [number["phone_number"] for number in run.task("audit")["phone_numbers"]] == [E164]
    checked, enabled = run.task("enable check"), run.task("enable")
    assert checked["diff"]["after"]["emergency_status"] == "active"
    assert enabled["changed"] is True and enabled["phone_number"]["emergency_status"] == "active"
    assert enabled["diff"]["before"]["emergency_status"] == "disabled"
    assert enabled["diff"]["after"]["emergency_status"] == "active"
    assert run.task("rerun")["changed"] is False and run.task("address rerun")["changed"] is False
    address_id = run.task("address")["emergency_address"]["id"]
    assert [item["id"] for item in run.task("used")["emergency_addresses"]] == [address_id]
    number_id = emulator.state()["phone_numbers"][0]["id"]
    # Two writes in eight tasks: the address and the action; never a PATCH.
    assert writes(emulator) == [("POST", "/v2/addresses"),
                                ("POST", "/v2/phone_numbers/%s/actions/enable_emergency" % number_id)]


def test_a_changed_address_in_use_is_refused_naming_the_number_then_replaced_once_free(playbook, emulator):
    emulator.set_settings(emergency_duration_ms=0)
    emulator.seed(phone_numbers=[{"phone_number": E164}])
    moved = dict(OFFICE, street_address="700 Lavaca Street")
    run = playbook([task("address", ADDRESS, **OFFICE),
                    task("enable", NUMBER, phone_number=E164, emergency_enabled=True,
                         emergency_address_reference="austin-office"),
                    task("change", ADDRESS, moved) | {"ignore_errors": True},
                    task("disable", NUMBER, phone_number=E164, emergency_enabled=False),
                    task("change again", ADDRESS, moved)], diff=True)
    refused = run.task("change")
    assert "cannot be replaced" in refused["msg"] and E164 in refused["msg"]
    assert run.task("disable")["phone_number"]["emergency_status"] == "disabled"
    replaced = run.task("change again")
    assert replaced["changed"] is True and replaced["deleted"]["street_address"] == "600 Congress Avenue"
    assert "Telnyx cannot change one" in replaced["diff"]["after_header"]
    (address,) = emulator.state()["addresses"]
    assert address["street_address"] == "700 Lavaca Street"
    assert "/v2/phone_numbers/jobs/update_emergency_settings" in [path for dummy, path in writes(emulator)]


def test_an_undeliverable_address_ends_provisioning_failed_with_telnyx_s_reason(playbook, emulator):
    emulator.seed(phone_numbers=[{"phone_number": E164}])
    bad = dict(OFFICE, customer_reference="bad", street_address="1 Undeliverable Road", validate_address=False)
    run = playbook([task("address", ADDRESS, bad),
                    task("enable", NUMBER, phone_number=E164, emergency_enabled=True,
                         emergency_address_reference="bad") | {"ignore_errors": True}])
    failed = run.task("enable")
    assert "provisioning-failed" in failed["msg"] and "Invalid street address" in failed["msg"]
    assert failed["changed"] is True


def test_the_wait_that_runs_out_warns_and_a_rerun_converges_without_a_second_request(playbook, emulator):
    emulator.set_settings(emergency_duration_ms=3000)
    emulator.seed(phone_numbers=[{"phone_number": E164}])
    enable = dict(phone_number=E164, emergency_enabled=True, emergency_address_reference="austin-office")
    run = playbook([task("address", ADDRESS, **OFFICE), task("enable", NUMBER, emergency_wait_timeout=0, **enable),
                    task("rerun", NUMBER, **enable)])
    assert run.rc == 0, run.output
    assert any("still provisioning" in warning for warning in run.task("enable")["warnings"])
    rerun = run.task("rerun")
    assert rerun["changed"] is False and rerun["phone_number"]["emergency_status"] == "active"
    assert len([path for dummy, path in writes(emulator) if path.endswith("enable_emergency")]) == 1


def test_both_execution_paths_give_the_same_results(playbook, emulator):
    tasks = [task("address", ADDRESS, **OFFICE),
             task("enable check", NUMBER, phone_number=E164, emergency_enabled=True,
                  emergency_address_reference="austin-office") | {"check_mode": True},
             task("enable", NUMBER, phone_number=E164, emergency_enabled=True,
                  emergency_address_reference="austin-office"),
             task("list", ADDRESSES_INFO, customer_reference_contains="austin")]
    results = {}
    for label, mode in MODES.items():
        emulator.reset()
        emulator.set_settings(emergency_duration_ms=0)
        emulator.seed(phone_numbers=[{"phone_number": E164}])
        run = playbook(tasks, env={"TELNYX_VOICE_EXECUTION": mode}, diff=True)
        assert run.rc == 0, run.output
        requests = [normalised({key: entry.get(key) for key in ("method", "path", "query", "body", "status")})
                    for entry in emulator.requests()]
        results[label] = (comparable_records(run), user_output(run), requests)
    assert results["in-process"] == results["module"]


def test_phone_numbers_turns_emergency_calling_on_for_each_number_and_a_rerun_sends_nothing(playbook, emulator):
    # The plural module converges each number with the enable action (the emergency job is not used yet) and waits
    # for each, in its pool of workers.
    emulator.set_settings(emergency_duration_ms=100)
    numbers = ["+1512555%04d" % index for index in range(3)]
    emulator.seed(phone_numbers=[{"phone_number": number} for number in numbers])
    items = [{"phone_number": number, "emergency_enabled": True, "emergency_address_reference": "austin-office"}
             for number in numbers]
    run = playbook([task("address", ADDRESS, **OFFICE),
                    {"name": "numbers", "telnyx.voice.phone_numbers": {"config": items}},
                    {"name": "rerun", "telnyx.voice.phone_numbers": {"config": items}}])
    assert run.rc == 0, run.output
    applied, rerun = run.task("numbers"), run.task("rerun")
    assert applied["counts"]["updated"] == 3
    assert {entry["phone_number"]["emergency_status"] for entry in applied["phone_numbers"]} == {"active"}
    assert len([path for dummy, path in writes(emulator) if path.endswith("/actions/enable_emergency")]) == 3
    assert rerun["changed"] is False and rerun["commands"] == []
    assert all(number["emergency_status"] == "active" for number in emulator.state()["phone_numbers"])
