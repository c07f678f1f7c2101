# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reliability of the trunk modules (outbound_voice_profile, phone_number) against the emulator.

- properties (hypothesis): for any valid options, check mode predicts the real run's diff and change, and a second
  run changes nothing and writes nothing, whatever spelling the server answers in; a number's voice address is
  read only when a voice option is set;
- faults: a lost or broken answer to a write at either address of a number is read back from that address, a
  profile create whose answer is lost is adopted, never sent twice;
- secrets: the external PIN and the API key never show at -vvv with --diff, in either execution mode.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reliability.harness import API_KEY, EXECUTION_MODES, FAST, execution_env
from tests.reliability.strategies import NUMBER_OPTIONS, PROFILE_OPTIONS, VOICE_OPTIONS

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.telnyx.voice.plugins.module_utils._module import module_argument_spec, module_kwargs
from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile

CI = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci"
NUMBER = "+13125550100"
PIN = "pin-Qw8Er4Ty6Ui2-pin"
NEW_PIN = "pin-Zx3Cv7Bn1Mk5-new"


def examples(in_ci):
    return in_ci if CI else settings.default.max_examples


def run(emulator, resource, args, check_mode=False):
    """The module's core for ``args`` as AnsibleModule validates them: ``(result, warnings)``, or the failure."""
    full = dict(api_key=emulator.api_key, base_url=emulator.base_url, **FAST)
    full.update(args)
    kwargs = dict(module_kwargs(resource))
    kwargs.pop("supports_check_mode")
    validation = ArgumentSpecValidator(module_argument_spec(resource), **kwargs).validate(full)
    assert not validation.error_messages, validation.error_messages
    try:
        result, warnings = reconcile(resource, validation.validated_parameters, check_mode=check_mode, diff_mode=True)
    except ResourceFailure as failure:
        return failure, []
    json.dumps(result)
    return result, warnings


def writes(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.requests() if entry["method"] != "GET"]


def check_real_again(emulator, resource, args):
    """Check mode, the real run, the same again: the prediction holds and the second run writes nothing."""
    emulator.clear_requests()
    predicted, dummy = run(emulator, resource, args, check_mode=True)
    assert not isinstance(predicted, ResourceFailure), predicted.msg
    assert writes(emulator) == [], "check mode wrote"
    real, warnings = run(emulator, resource, args)
    assert not isinstance(real, ResourceFailure), real.msg
    assert warnings == [], warnings
    assert real["changed"] == predicted["changed"]
    assert real["diff"] == predicted["diff"], "check mode predicted another diff"
    assert bool(writes(emulator)) == real["changed"]
    emulator.clear_requests()
    again, warnings = run(emulator, resource, args)
    assert again["changed"] is False and writes(emulator) == [] and warnings == []
    return real


# ---------------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------------

@settings(max_examples=examples(25))
@given(create=PROFILE_OPTIONS, update=PROFILE_OPTIONS, long_times=st.booleans())
def test_profile_check_mode_predicts_and_a_second_run_changes_nothing(emulator_process, create, update, long_times):
    emulator = emulator_process
    emulator.reset()
    emulator.set_quirks(calling_window_long_times=long_times)
    created = check_real_again(emulator, OUTBOUND_VOICE_PROFILE, dict(create, name="prop-profile"))
    assert created["changed"] is True
    check_real_again(emulator, OUTBOUND_VOICE_PROFILE, dict(update, name="prop-profile"))
    assert len(emulator.state()["outbound_voice_profiles"]) == 1


@settings(max_examples=examples(30))
@given(first=NUMBER_OPTIONS, second=NUMBER_OPTIONS, by_id=st.booleans())
def test_number_check_mode_predicts_and_the_voice_address_is_read_only_when_used(
        emulator_process, first, second, by_id):
    emulator = emulator_process
    emulator.reset()
    (connection_id,) = emulator.seed([{"connection_name": "prop-trunk"}])
    (number_id,) = emulator.seed(phone_numbers=[{"phone_number": NUMBER}])["phone_numbers"]
    for options in (first, second):
        args = dict(options, **({"id": number_id} if by_id else {"phone_number": NUMBER}))
        if args.get("connection_id") == "<connection>":
            args["connection_id"] = connection_id
        check_real_again(emulator, PHONE_NUMBER, args)
        voice_read = any(entry["path"].endswith("/voice") for entry in emulator.requests())
        # An empty dict sets nothing; caller_id_name_enabled is read from the number itself.
        assert voice_read == any(name in VOICE_OPTIONS and name != "caller_id_name_enabled" and value != {}
                                 for name, value in options.items())
    assert len(emulator.state()["phone_numbers"]) == 1


# ---------------------------------------------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("address, args", [
    ("", {"customer_reference": "after-fault"}),
    ("/voice", {"translated_number": "+13125550177"}),
])
@pytest.mark.parametrize("kind", ["commit_then_500", "truncated"])
def test_a_lost_answer_at_either_address_is_read_back_from_that_address(emulator, address, args, kind):
    (number_id,) = emulator.seed(phone_numbers=[{"phone_number": NUMBER}])["phone_numbers"]
    emulator.add_fault(kind=kind, method="PATCH", path="/phone_numbers/%s%s$" % (number_id, address))
    # No retries: the answer is lost for good, so only the read-back can tell.
    result, warnings = run(emulator, PHONE_NUMBER, dict(args, phone_number=NUMBER, max_retries=0))
    assert not isinstance(result, ResourceFailure), result.msg
    assert result["changed"] is True
    assert len(warnings) == 1 and "shows it was applied" in warnings[0], warnings
    assert ("GET", "/v2/phone_numbers/%s%s" % (number_id, address)) in [
        (entry["method"], entry["path"]) for entry in emulator.requests()][-1:]
    assert [entry["method"] for entry in emulator.requests()].count("PATCH") == 1
    emulator.clear_requests()
    again, warnings = run(emulator, PHONE_NUMBER, dict(args, phone_number=NUMBER))
    assert again["changed"] is False and writes(emulator) == []


def test_a_profile_create_answered_with_500_after_its_commit_is_adopted_not_sent_twice(emulator):
    emulator.add_fault(kind="commit_then_500", method="POST", path="/outbound_voice_profiles$")
    result, warnings = run(emulator, OUTBOUND_VOICE_PROFILE, {"name": "fault-profile", "enabled": False})
    assert not isinstance(result, ResourceFailure), result.msg
    assert "it was found and adopted" in warnings[0]
    assert [entry["method"] for entry in emulator.requests()].count("POST") == 1
    assert len(emulator.state()["outbound_voice_profiles"]) == 1


def test_a_rate_limited_number_lookup_is_retried_within_the_budget(emulator):
    emulator.seed(phone_numbers=[{"phone_number": NUMBER}])
    emulator.add_fault(kind="rate_limit", method="GET", path="/phone_numbers$", times=2, reset=0)
    result, warnings = run(emulator, PHONE_NUMBER, {"phone_number": NUMBER, "tags": ["x"]})
    assert not isinstance(result, ResourceFailure), result.msg
    assert result["changed"] is True
    assert [entry["status"] for entry in emulator.requests() if entry["method"] == "GET"][:3] == [429, 429, 200]


def test_a_number_released_between_the_read_and_the_write_fails_without_claiming_a_create(emulator):
    (number_id,) = emulator.seed(phone_numbers=[{"phone_number": NUMBER}])["phone_numbers"]
    emulator.add_fault(kind="status", method="PATCH", path="/phone_numbers/%s$" % number_id, status=404)
    result, warnings = run(emulator, PHONE_NUMBER, {"phone_number": NUMBER, "hd_voice_enabled": True})
    assert isinstance(result, ResourceFailure)
    assert "nothing was changed" in result.msg and "create" not in result.msg


# ---------------------------------------------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", EXECUTION_MODES)
@pytest.mark.quirks(withhold_external_pin=False)  # it sets a PIN and needs Telnyx to show one is set
def test_the_external_pin_and_api_key_never_show(playbook, emulator, mode):
    emulator.seed(phone_numbers=[{"phone_number": NUMBER, "external_pin": PIN}])
    tasks = [
        {"name": "new pin", "telnyx.voice.phone_number": {"phone_number": NUMBER, "external_pin": NEW_PIN}},
        {"name": "same pin", "telnyx.voice.phone_number": {"phone_number": NUMBER, "external_pin": NEW_PIN}},
        {"name": "info", "telnyx.voice.phone_number_info": {"phone_number": NUMBER, "voice_settings": True}},
        {"name": "refused", "telnyx.voice.phone_number": {"phone_number": NUMBER, "external_pin": PIN,
                                                          "connection_id": "999"},
         "ignore_errors": True},
    ]
    result = playbook(tasks, diff=True, verbosity=3, env=execution_env(mode))
    assert result.rc == 0, result.output
    assert result.task("new pin")["changed"] is True and result.task("same pin")["changed"] is False
    assert [record["status"] for record in result.records][-1] == "failed"
    text = result.output + json.dumps(result.records)
    for secret in (PIN, NEW_PIN, API_KEY):
        assert secret not in text, secret


@pytest.mark.parametrize("quirk", [None, "connection_id_empty_refused", "connection_id_null_refused"])
def test_a_number_is_detached_whichever_spelling_telnyx_refuses(emulator, quirk):
    (connection_id,) = emulator.seed([{"connection_name": "detach-trunk"}])
    emulator.seed(phone_numbers=[{"phone_number": NUMBER, "connection_id": connection_id}])
    # One spelling refused at most (with both, no number could be detached), whatever the run turned on.
    emulator.set_quirks(**{name: name == quirk for name in ("connection_id_empty_refused", "connection_id_null_refused")})
    result, warnings = run(emulator, PHONE_NUMBER, {"phone_number": NUMBER, "connection_id": ""})
    assert not isinstance(result, ResourceFailure), result.msg
    assert result["changed"] is True and warnings == []
    assert emulator.state()["phone_numbers"][0]["connection_id"] is None
    emulator.clear_requests()
    again, warnings = run(emulator, PHONE_NUMBER, {"phone_number": NUMBER, "connection_id": ""})
    assert again["changed"] is False and writes(emulator) == []
