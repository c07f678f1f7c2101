# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""phone_number and its inventory: two addresses, a lookup by digits, never a create or a delete."""

from __future__ import annotations

import json

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils._secrets import MASK as SECRET_MASK
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER_INVENTORY
from ansible_collections.telnyx.voice.plugins.module_utils._info import READ_ONLY_KEY
from ansible_collections.telnyx.voice.plugins.module_utils._module import module_argument_spec
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, page
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import (
    NUMBER, NUMBER_ID, NUMBERS, PIN, VOICE, fail, inventory_run, number, query, run, voice,
)

RESOURCE = PHONE_NUMBER
E164 = "+13125550100"


def listed(*items, digits="13125550100"):
    return Call("GET", NUMBERS, body=page(list(items)), params=query(**{"filter[phone_number]": digits}))


def test_found_by_the_digits_and_matched_exactly_on_the_plus_form():
    other = number(id="1", phone_number="+113125550100")
    result, warnings, session = run(RESOURCE, [listed(other, number())], phone_number=E164, tags=[])
    assert result["changed"] is False and session.writes == []
    assert result["phone_number"]["id"] == NUMBER_ID


def test_own_settings_alone_never_read_the_voice_address():
    result, warnings, session = run(RESOURCE, [
        listed(number()),
        Call("PATCH", NUMBER, json_body={"connection_id": "1293384261075731499"},
             body={"data": number(connection_id="1293384261075731499")}),
    ], phone_number=E164, connection_id="1293384261075731499", hd_voice_enabled=False)
    assert result["changed"] is True
    assert [request["path"] for request in session.sent] == [NUMBERS, NUMBER]


def test_a_voice_option_reads_the_voice_address_and_writes_only_it():
    result, warnings, session = run(RESOURCE, [
        listed(number()),
        Call("GET", VOICE, body={"data": voice()}),
        Call("PATCH", VOICE, json_body={"call_forwarding": {"call_forwarding_enabled": True, "forwarding_type":
                                                            "on-failure", "forwards_to": "+13125559999"}},
             body={"data": voice(call_forwarding={"forwarding_type": "on-failure", "forwards_to": "+13125559999"})}),
    ], phone_number=E164, tags=[], call_forwarding={"forwarding_type": "on-failure", "forwards_to": "+13125559999"})
    assert result["changed"] is True
    assert result["phone_number"]["call_forwarding"]["forwards_to"] == "+13125559999"
    assert result["phone_number"]["phone_number"] == E164


def test_both_addresses_differ_so_two_patches_own_first_and_a_second_run_writes_nothing():
    args = dict(phone_number=E164, customer_reference="office", translated_number="+13125550199")
    run(RESOURCE, [
        listed(number()),
        Call("GET", VOICE, body={"data": voice()}),
        Call("PATCH", NUMBER, json_body={"customer_reference": "office"},
             body={"data": number(customer_reference="office")}),
        Call("PATCH", VOICE, json_body={"translated_number": "+13125550199"},
             body={"data": voice(translated_number="+13125550199")}),
    ], **args)
    result, warnings, session = run(RESOURCE, [
        listed(number(customer_reference="office")),
        Call("GET", VOICE, body={"data": voice(translated_number="+13125550199")}),
    ], **args)
    assert result["changed"] is False and session.writes == []


def test_a_voice_option_that_holds_is_a_read_and_no_write():
    result, warnings, session = run(RESOURCE, [listed(number()), Call("GET", VOICE, body={"data": voice()})],
                                    phone_number=E164, media_features={"rtp_auto_adjust_enabled": True},
                                    inbound_call_screening="disabled")
    assert result["changed"] is False and session.writes == []


def test_caller_id_name_is_read_from_the_number_and_written_with_the_voice_settings():
    # The voice answer has no caller_id_name_enabled: the number reports it, so the voice address is not read.
    result, warnings, session = run(RESOURCE, [listed(number(caller_id_name_enabled=True))],
                                    phone_number=E164, caller_id_name_enabled=True)
    assert result["changed"] is False
    result, warnings, session = run(RESOURCE, [
        listed(number()),
        Call("PATCH", VOICE, json_body={"caller_id_name_enabled": True}, body={"data": voice()}),
        Call("GET", NUMBER, body={"data": number(caller_id_name_enabled=True)}),
    ], phone_number=E164, caller_id_name_enabled=True)
    assert result["changed"] is True and warnings == []
    assert result["phone_number"]["caller_id_name_enabled"] is True


def test_check_mode_reads_both_addresses_and_predicts_without_a_write():
    result, warnings, session = run(RESOURCE, [listed(number()), Call("GET", VOICE, body={"data": voice()})],
                                    check_mode=True, phone_number=E164, connection_id="42",
                                    tech_prefix_enabled=True)
    assert result["changed"] is True and session.writes == []
    assert result["diff"]["after"] == {"phone_number": E164, "connection_id": "42", "tech_prefix_enabled": True}


def test_a_number_not_on_the_account_fails_clearly_and_nothing_is_bought():
    failure, session = fail(RESOURCE, [listed()], phone_number=E164, connection_id="42")
    assert "is not on this Telnyx account" in failure.msg and "never buys" in failure.msg
    assert session.writes == []
    failure, session = fail(RESOURCE, [Call("GET", NUMBER, status=404, body={"errors": [{"title": "Not found"}]})],
                            id=NUMBER_ID, tags=[])
    assert NUMBER_ID in failure.msg and session.writes == []


def test_there_is_no_state_option_so_a_number_cannot_be_released():
    spec = module_argument_spec(RESOURCE)
    assert "state" not in spec


def test_the_number_cannot_be_changed_through_id():
    failure, session = fail(RESOURCE, [Call("GET", NUMBER, body={"data": number()})],
                            id=NUMBER_ID, phone_number="+13125550111")
    assert "phone_number identifies it" in failure.msg and session.writes == []


def test_detaching_sends_the_empty_string_and_null_reads_as_detached():
    run(RESOURCE, [listed(number(connection_id="42")),
                   Call("PATCH", NUMBER, json_body={"connection_id": ""}, body={"data": number()})],
        phone_number=E164, connection_id="")
    result, warnings, session = run(RESOURCE, [listed(number())], phone_number=E164, connection_id="")
    assert result["changed"] is False


def test_a_refused_empty_string_detaches_with_null_instead():
    refused = {"errors": [{"title": "Invalid", "detail": "must not be blank", "source": {"pointer": "/connection_id"}}]}
    result, warnings, session = run(RESOURCE, [
        listed(number(connection_id="42")),
        Call("PATCH", NUMBER, json_body={"connection_id": ""}, status=422, body=refused),
        Call("PATCH", NUMBER, json_body={"connection_id": None}, body={"data": number()}),
    ], phone_number=E164, connection_id="")
    assert result["changed"] is True and warnings == []


def test_another_refusal_is_not_respelled():
    refused = {"errors": [{"title": "Invalid", "source": {"pointer": "/tags"}}]}
    failure, session = fail(RESOURCE, [
        listed(number(connection_id="42")),
        Call("PATCH", NUMBER, json_body={"connection_id": "", "tags": ["x"]}, status=422, body=refused),
    ], phone_number=E164, connection_id="", tags=["x"])
    assert "HTTP 422" in failure.msg and len(session.writes) == 1


def test_the_external_pin_never_shows_and_a_change_is_hidden_in_the_diff():
    result, warnings, session = run(RESOURCE, [
        listed(number()),
        Call("PATCH", NUMBER, json_body={"external_pin": "9999-new-pin"},
             body={"data": number(external_pin="9999-new-pin")}),
    ], phone_number=E164, external_pin="9999-new-pin")
    text = json.dumps([result, warnings])
    assert PIN not in text and "9999-new-pin" not in text
    assert result["phone_number"]["external_pin"] == SECRET_MASK
    assert result["diff"]["after"]["external_pin"] == "<hidden, changed>"


@pytest.mark.parametrize("args, option", [
    (dict(phone_number="13125550100"), "phone_number"),
    (dict(connection_id="office"), "connection_id"),
    (dict(call_forwarding={"forwards_to": "3125559999"}), "call_forwarding.forwards_to"),
    (dict(cnam_listing={"cnam_listing_details": "Far Too Long A Name"}), "cnam_listing.cnam_listing_details"),
    (dict(billing_group_id="group"), "billing_group_id"),
    (dict(translated_number="+1 312"), "translated_number"),
    (dict(external_pin=""), "external_pin"),
])
def test_bad_input_fails_before_any_request_naming_the_option(args, option):
    args.setdefault("phone_number", E164)
    failure, session = fail(RESOURCE, [], **args)
    assert session.sent == [] and ("%s: " % option) in failure.msg


def test_cnam_details_need_the_listing_enabled_and_fail_before_a_write():
    failure, session = fail(RESOURCE, [listed(number()), Call("GET", VOICE, body={"data": voice()})],
                            phone_number=E164, cnam_listing={"cnam_listing_details": "Office"})
    assert "cnam_listing_enabled" in failure.msg and session.writes == []


def test_the_inventory_filters_reads_voice_on_request_and_feeds_back_unchanged():
    item = number(connection_id="42", tags=["office"], customer_reference="ref-1")
    result, warnings, session = inventory_run(PHONE_NUMBER_INVENTORY, [
        Call("GET", NUMBERS, body=page([item]), params=query(**{"filter[connection_id]": "42", "filter[tag]":
                                                                "office", "filter[status]": "active"})),
        Call("GET", VOICE, body={"data": voice(translated_number="+1999")}),
    ], connection_id="42", tag="office", status="active", voice_settings=True)
    [entry] = result["phone_numbers"]
    assert entry["translated_number"] == "+1999" and entry["media_features"]["rtp_auto_adjust_enabled"] is True
    assert entry[READ_ONLY_KEY]["external_pin_set"] is True and PIN not in json.dumps(result)
    assert entry[READ_ONLY_KEY]["voice"]["emergency"]["emergency_status"] == "disabled"
    options = {key: value for key, value in entry.items() if key != READ_ONLY_KEY}
    result, warnings, session = run(RESOURCE, [Call("GET", NUMBER, body={"data": item}),
                                               Call("GET", VOICE, body={"data": voice(translated_number="+1999")})],
                                    **options)
    assert result["changed"] is False and session.writes == [] and warnings == []


def test_the_inventory_refuses_a_bad_status_before_any_request():
    with pytest.raises(Exception) as caught:
        inventory_run(PHONE_NUMBER_INVENTORY, [], status="sold")
    assert "status: must be one of" in str(caught.value)


@pytest.mark.parametrize("number", ["13125550100", "+1 312 CALL ME", "+13125550100 ", "+1-312-555-0100"])
def test_the_inventory_refuses_a_number_not_in_e164_form_before_any_request(number):
    """The number narrows the list through filter[phone_number]: it is checked with the module's own rule first."""
    with pytest.raises(Exception) as caught:
        inventory_run(PHONE_NUMBER_INVENTORY, [], phone_number=number)
    assert "phone_number: must be" in str(caught.value)


def test_a_lost_voice_answer_is_confirmed_where_caller_id_name_is_reported():
    lost = {"errors": [{"title": "Unexpected error"}]}
    result, warnings, session = run(RESOURCE, [
        listed(number()),
        Call("PATCH", VOICE, json_body={"caller_id_name_enabled": True}, status=500, body=lost),
        Call("PATCH", VOICE, json_body={"caller_id_name_enabled": True}, status=500, body=lost),
        Call("PATCH", VOICE, json_body={"caller_id_name_enabled": True}, status=500, body=lost),
        Call("PATCH", VOICE, json_body={"caller_id_name_enabled": True}, status=500, body=lost),
        Call("GET", VOICE, body={"data": voice()}),
        Call("GET", NUMBER, body={"data": number(caller_id_name_enabled=True)}),
    ], phone_number=E164, caller_id_name_enabled=True)
    assert result["changed"] is True
    assert len(warnings) == 1 and "shows it was applied" in warnings[0]
