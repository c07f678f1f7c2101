# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reliability of E911 (emergency_address, phone_number's emergency options) against the emulator.

- properties (hypothesis): for any valid address, check mode predicts the real run's change, a rerun writes
  nothing, and any changed option is a replacement (a new address, the old one gone) predicted by check mode; an
  address that a number uses is never deleted nor replaced, whatever changes;
- faults: a lost answer to the enable action (the connection dropped, the commit answered 500) is read back and
  never sent twice; provisioning that fails ends in a failure with Telnyx's reason; a wait that runs out warns and a
  rerun converges without a second request;
- secrets: no option of an address is secret, and the API key never shows in a result or a failure.
"""

from __future__ import annotations

import json
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reliability.harness import FAST
from tests.reliability.test_trunk import run

from ansible_collections.telnyx.voice.plugins.module_utils._emergency_address import EMERGENCY_ADDRESS
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import secret_names

CI = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci"
NUMBER = "+15125550100"
ENABLE = "actions/enable_emergency"
_WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
_TEXT = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
ADDRESS = st.fixed_dictionaries(
    {"first_name": _TEXT, "last_name": _TEXT, "business_name": _TEXT, "street_address": _TEXT, "locality": _TEXT,
     "country_code": st.sampled_from(["US", "CA"])},
    optional={"extended_address": _TEXT, "administrative_area": st.sampled_from(["TX", "IL", "ON"]),
              "postal_code": st.from_regex(r"[0-9]{5}", fullmatch=True), "borough": _TEXT, "neighborhood": _TEXT,
              "phone_number": st.from_regex(r"\+1[2-9][0-9]{9}", fullmatch=True), "address_book": st.booleans()})


def examples(in_ci):
    return in_ci if CI else settings.default.max_examples


def writes(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.requests() if entry["method"] != "GET"]


@settings(max_examples=examples(15))
@given(address=ADDRESS, changed=st.sampled_from(["street_address", "locality", "business_name", "first_name"]),
       new=_TEXT)
def test_check_mode_predicts_a_rerun_is_quiet_and_a_change_is_a_replacement(emulator, address, changed, new):
    emulator.reset()
    args = dict(address, customer_reference="site")
    predicted, dummy = run(emulator, EMERGENCY_ADDRESS, args, check_mode=True)
    assert writes(emulator) == [] and predicted["changed"] is True
    made, dummy = run(emulator, EMERGENCY_ADDRESS, args)
    assert made["changed"] is True and made["diff"]["after"] == predicted["diff"]["after"]
    emulator.clear_requests()
    again, warnings = run(emulator, EMERGENCY_ADDRESS, args)
    assert again["changed"] is False and writes(emulator) == [] and warnings == []
    if " ".join(new.split()).casefold() == " ".join(args[changed].split()).casefold():
        return
    moved = dict(args, **{changed: new})
    check, dummy = run(emulator, EMERGENCY_ADDRESS, moved, check_mode=True)
    replaced, dummy = run(emulator, EMERGENCY_ADDRESS, moved)
    assert check["changed"] is replaced["changed"] is True
    assert check["diff"]["after_header"] == replaced["diff"]["after_header"]
    (stored,) = emulator.state()["addresses"]
    assert stored["id"] == replaced["emergency_address"]["id"] != made["emergency_address"]["id"]
    assert stored[changed] == new


@settings(max_examples=examples(10))
@given(address=ADDRESS, change=st.sampled_from([{"street_address": "1 Other Street"}, {"locality": "Elsewhere"},
                                                {"state": "absent"}]))
def test_an_address_a_number_uses_is_never_deleted_nor_replaced(emulator, address, change):
    emulator.reset()
    emulator.set_settings(emergency_duration_ms=0)
    emulator.seed(phone_numbers=[{"phone_number": NUMBER}])
    args = dict(address, customer_reference="site")
    run(emulator, EMERGENCY_ADDRESS, args)
    enabled, dummy = run(emulator, PHONE_NUMBER, dict(phone_number=NUMBER, emergency_enabled=True,
                                                      emergency_address_reference="site"))
    assert enabled["phone_number"]["emergency_status"] == "active"
    emulator.clear_requests()
    failure, dummy = run(emulator, EMERGENCY_ADDRESS, dict(args, **change))
    assert NUMBER in failure.msg and writes(emulator) == []
    assert len(emulator.state()["addresses"]) == 1


def enable_args(**extra):
    return dict(phone_number=NUMBER, emergency_enabled=True, emergency_address_reference="site", **extra)


def site(emulator, **fields):
    address = dict(customer_reference="site", first_name="A", last_name="B", business_name="C",
                   street_address="600 Congress Avenue", locality="Austin", country_code="US", postal_code="78701")
    address.update(fields)
    made, dummy = run(emulator, EMERGENCY_ADDRESS, address)
    return made["emergency_address"]["id"]


def test_a_lost_answer_to_the_applied_action_is_read_back_never_sent_twice(emulator):
    emulator.set_settings(emergency_duration_ms=100)
    emulator.seed(phone_numbers=[{"phone_number": NUMBER}])
    site(emulator)
    for kind in ("truncated", "commit_then_500"):
        emulator.add_fault(kind, method="POST", path=ENABLE)
        result, warnings = run(emulator, PHONE_NUMBER, enable_args())
        assert result["changed"] is True and result["phone_number"]["emergency_status"] == "active", result
        assert any("shows it was applied" in warning for warning in warnings)
        assert [path for dummy, path in writes(emulator) if path.endswith(ENABLE)] == [
            "/v2/phone_numbers/%s/%s" % (result["phone_number"]["id"], ENABLE)]
        run(emulator, PHONE_NUMBER, dict(phone_number=NUMBER, emergency_enabled=False))
        emulator.clear_requests()


def test_a_dropped_action_that_was_not_applied_fails_and_is_not_sent_again(emulator):
    emulator.seed(phone_numbers=[{"phone_number": NUMBER}])
    site(emulator)
    emulator.add_fault("drop", method="POST", path=ENABLE)
    failure, dummy = run(emulator, PHONE_NUMBER, enable_args())
    assert "enable_emergency failed" in failure.msg
    assert len([path for dummy, path in writes(emulator) if path.endswith(ENABLE)]) == 1
    assert emulator.state()["phone_numbers"][0]["emergency_status"] == "disabled"


def test_a_refused_action_is_not_taken_for_applied(emulator):
    emulator.seed(phone_numbers=[{"phone_number": NUMBER}])
    site(emulator)
    emulator.add_fault("status", method="POST", path=ENABLE, status=422)
    failure, dummy = run(emulator, PHONE_NUMBER, enable_args())
    assert "422" in failure.msg or "Bad Request" in failure.msg
    assert emulator.state()["phone_numbers"][0]["emergency_status"] == "disabled"


def test_provisioning_that_fails_fails_the_run_with_the_reason_and_a_rerun_sends_nothing(emulator):
    emulator.set_settings(emergency_duration_ms=50)
    emulator.seed(phone_numbers=[{"phone_number": NUMBER}])
    site(emulator, street_address="1 Undeliverable Road", validate_address=False)
    failure, dummy = run(emulator, PHONE_NUMBER, enable_args())
    assert "provisioning-failed" in failure.msg and "Invalid street address" in failure.msg
    emulator.clear_requests()
    again, dummy = run(emulator, PHONE_NUMBER, enable_args())
    assert "provisioning-failed" in again.msg
    assert [path for dummy, path in writes(emulator) if path.endswith(ENABLE)] == []


def test_a_wait_that_runs_out_warns_and_a_rerun_converges_without_a_second_request(emulator):
    emulator.set_settings(emergency_duration_ms=1500)
    emulator.seed(phone_numbers=[{"phone_number": NUMBER}])
    site(emulator)
    result, warnings = run(emulator, PHONE_NUMBER, enable_args(emergency_wait_timeout=0))
    assert result["phone_number"]["emergency_status"] == "provisioning" and "still provisioning" in warnings[0]
    again, warnings = run(emulator, PHONE_NUMBER, enable_args(emergency_wait_timeout=10))
    assert again["changed"] is False and again["phone_number"]["emergency_status"] == "active" and warnings == []
    assert len([path for dummy, path in writes(emulator) if path.endswith(ENABLE)]) == 1


def test_no_address_option_is_secret_and_the_api_key_never_shows(emulator):
    assert secret_names(EMERGENCY_ADDRESS) == []
    emulator.seed(phone_numbers=[{"phone_number": NUMBER}])
    site(emulator)
    results = [run(emulator, PHONE_NUMBER, enable_args())[0],
               run(emulator, EMERGENCY_ADDRESS, dict(customer_reference="site", state="absent"))[0],
               run(emulator, EMERGENCY_ADDRESS, dict(customer_reference="x", country_code="usa"))[0]]
    for outcome in results:
        shown = json.dumps(outcome) if isinstance(outcome, dict) else json.dumps([outcome.msg, outcome.details])
        assert emulator.api_key not in shown and FAST
