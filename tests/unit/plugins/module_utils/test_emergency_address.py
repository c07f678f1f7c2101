# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""emergency_address and its inventory over the reconcile core, with the HTTP layer scripted exactly: an address
cannot be changed, so a change is a replacement, never of an address numbers use."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.telnyx.voice.plugins.module_utils._emergency_address import (
    EMERGENCY_ADDRESS,
    EMERGENCY_ADDRESS_INVENTORY,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, page
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import fail, inventory_run, query, run

RESOURCE = EMERGENCY_ADDRESS
ADDRESSES = "/addresses"
OLD_ID = "1293384261075731700"
NEW_ID = "1293384261075731799"
OPTIONS = dict(customer_reference="hq", first_name="Alfred", last_name="Foster", business_name="Example Corp",
               street_address="600 Congress Avenue", locality="Austin", administrative_area="TX",
               postal_code="78701", country_code="US")


def options(**changes):
    given = dict(OPTIONS)
    given.update(changes)
    return given


def address(**overrides):
    shown = dict(OPTIONS, id=OLD_ID, record_type="address", address_book=True, validate_address=True,
                 created_at="2026-11-22T09:00:00.000Z", updated_at="2026-11-22T09:00:00.000Z")
    shown.update(overrides)
    return shown


def listed(*items, reference="hq"):
    return Call("GET", ADDRESSES, body=page(list(items)), params=query(**{"filter[customer_reference][eq]": reference}))


def users(*numbers, address_id=OLD_ID):
    return Call("GET", "/phone_numbers", params=query(**{"filter[emergency_address_id]": address_id}),
                body=page([{"id": "1%018d" % index, "phone_number": number} for index, number in enumerate(numbers)]))


def test_a_new_address_is_created_with_every_option_given_and_validate_address_as_an_instruction():
    sent = dict(OPTIONS, validate_address=False)
    result, warnings, session = run(RESOURCE, [
        listed(),
        Call("POST", ADDRESSES, json_body=sent, body={"data": address(validate_address=False)}),
    ], **sent)
    assert result["changed"] is True and result["emergency_address"]["id"] == OLD_ID
    assert warnings == [] and len(session.writes) == 1


def test_the_same_address_in_another_case_or_spacing_is_no_change_and_no_write():
    result, warnings, session = run(RESOURCE, [listed(address(street_address="600  CONGRESS avenue"))],
                                    **options(validate_address=False))
    assert result["changed"] is False and session.writes == [] and warnings == []


def test_a_changed_address_is_replaced_new_first_then_the_old_deleted_and_the_diff_says_so():
    result, warnings, session = run(RESOURCE, [
        listed(address()),
        users(),
        # The new address keeps what the user left out (address_book here) and takes what changed.
        Call("POST", ADDRESSES, json_body=dict(OPTIONS, street_address="700 Lavaca Street", address_book=True),
             body={"data": address(id=NEW_ID, street_address="700 Lavaca Street")}),
        Call("DELETE", ADDRESSES + "/" + OLD_ID, body={"data": address()}),
    ], **options(street_address="700 Lavaca Street"))
    assert result["changed"] is True and result["emergency_address"]["id"] == NEW_ID
    assert result["deleted"]["id"] == OLD_ID
    diff = result["diff"]
    assert diff["before"]["street_address"] == "600 congress avenue"
    assert diff["after"]["street_address"] == "700 lavaca street"
    assert diff["before_header"] == "emergency address 'hq' (id %s), deleted" % OLD_ID
    assert "replacing it: Telnyx cannot change one (street_address differs)" in diff["after_header"]
    assert warnings == []


def test_check_mode_predicts_the_replacement_with_reads_only():
    result, dummy, session = run(RESOURCE, [listed(address()), users()], check_mode=True,
                                 **options(locality="Round Rock"))
    assert session.writes == []
    assert result["changed"] is True and result["emergency_address"]["id"] is None
    assert result["emergency_address"]["locality"] == "Round Rock" and result["deleted"]["id"] == OLD_ID


def test_an_address_numbers_use_is_never_replaced_and_the_failure_names_them():
    failure, session = fail(RESOURCE, [listed(address()), users("+13125550100", "+13125550101")],
                            **options(postal_code="78702"))
    assert session.writes == []
    assert "cannot be replaced" in failure.msg
    assert "+13125550100" in failure.msg and "+13125550101" in failure.msg
    assert failure.details["used_by"] == ["phone number +13125550100", "phone number +13125550101"]


def test_an_address_numbers_use_is_never_deleted():
    failure, session = fail(RESOURCE, [listed(address()), users("+13125550100")], customer_reference="hq",
                            state="absent")
    assert session.writes == [] and "cannot be deleted" in failure.msg and "+13125550100" in failure.msg


def test_an_unused_address_is_deleted_and_a_missing_one_is_no_change():
    result, dummy, session = run(RESOURCE, [listed(address()), users(),
                                            Call("DELETE", ADDRESSES + "/" + OLD_ID, body={"data": address()})],
                                 customer_reference="hq", state="absent")
    assert result["changed"] is True and result["deleted"]["id"] == OLD_ID
    result, dummy, session = run(RESOURCE, [listed()], customer_reference="hq", state="absent")
    assert result["changed"] is False and session.writes == []


def test_an_address_named_by_id_is_never_replaced_since_the_new_one_gets_another_id():
    failure, session = fail(RESOURCE, [Call("GET", ADDRESSES + "/" + OLD_ID, body={"data": address()})],
                            id=OLD_ID, locality="Dallas")
    assert session.writes == []
    assert "differs in locality" in failure.msg and "Name it by customer_reference" in failure.msg


def test_a_lost_answer_to_the_replacements_create_adopts_the_new_address_never_the_old_one():
    new = address(id=NEW_ID, street_address="700 Lavaca Street")
    result, warnings, session = run(RESOURCE, [
        listed(address()),
        users(),
        Call("POST", ADDRESSES, raise_exc=requests.exceptions.ReadTimeout("lost")),
        # The old address shares the customer reference: it is not taken for the one just made.
        listed(address()),
        listed(address(), new),
        Call("DELETE", ADDRESSES + "/" + OLD_ID, body={"data": address()}),
    ], **options(street_address="700 Lavaca Street"))
    assert result["emergency_address"]["id"] == NEW_ID
    assert [write["method"] for write in session.writes] == ["POST", "DELETE"]
    assert any("found and adopted" in warning for warning in warnings)


def test_a_failed_delete_after_the_replacements_create_names_both_addresses():
    failure, session = fail(RESOURCE, [
        listed(address()),
        users(),
        Call("POST", ADDRESSES, body={"data": address(id=NEW_ID, locality="Dallas")}),
        Call("DELETE", ADDRESSES + "/" + OLD_ID, status=422,
             body={"errors": [{"code": "10015", "title": "Bad Request", "detail": "in use"}]}),
    ], **options(locality="Dallas"))
    assert NEW_ID in failure.msg and OLD_ID in failure.msg and "Both now exist" in failure.msg
    assert failure.details["created"]["id"] == NEW_ID


def test_a_create_lacking_what_the_schema_requires_fails_before_any_write():
    failure, session = fail(RESOURCE, [listed()], customer_reference="hq", street_address="600 Congress Avenue")
    assert session.writes == []
    assert failure.details["missing"] == ["first_name", "last_name", "business_name", "locality", "country_code"]


@pytest.mark.parametrize("option, value, rule", [
    ("country_code", "usa", "two-letter upper-case"),
    ("phone_number", "3125550100", "E.164"),
    ("street_address", "  ", "must not be empty"),
])
def test_bad_options_fail_before_any_request_naming_the_option(option, value, rule):
    failure, session = fail(RESOURCE, [], **options(**{option: value}))
    assert session.sent == [] and option in failure.msg and rule in failure.msg


def test_telnyx_refusing_an_invalid_address_shows_its_title_detail_and_pointer():
    refusal = {"errors": [{"code": "20207", "title": "Invalid street address",
                           "detail": "The street address provided is invalid.", "source": {"pointer": "/street_address"}}]}
    failure, dummy = fail(RESOURCE, [listed(), Call("POST", ADDRESSES, status=422, body=refusal)], **OPTIONS)
    assert "Invalid street address" in failure.msg and "street_address" in failure.msg
    assert "The street address provided is invalid." in failure.msg


def test_the_inventory_sends_boolean_filters_as_telnyx_spells_them():
    result, dummy, session = inventory_run(EMERGENCY_ADDRESS_INVENTORY, [
        Call("GET", ADDRESSES, params=query(**{"filter[used_as_emergency]": "true", "filter[address_book][eq]": "false"}),
             body=page([address()])),
    ], used_as_emergency=True, address_book=False)
    (item,) = result["emergency_addresses"]
    assert item["id"] == OLD_ID and item["street_address"] == "600 Congress Avenue"
    assert item["read_only"]["record_type"] == "address"


def test_the_inventory_by_id_reads_the_filtered_list_when_only_telnyx_can_filter():
    result, dummy, session = inventory_run(EMERGENCY_ADDRESS_INVENTORY, [
        Call("GET", ADDRESSES, params=query(**{"filter[used_as_emergency]": "false"}),
             body=page([address(id=NEW_ID), address()])),
    ], id=OLD_ID, used_as_emergency=False)
    assert [item["id"] for item in result["emergency_addresses"]] == [OLD_ID]
    result, dummy, session = inventory_run(EMERGENCY_ADDRESS_INVENTORY, [
        Call("GET", ADDRESSES + "/" + OLD_ID, body={"data": address()})], id=OLD_ID, address_book=False)
    assert result["emergency_addresses"] == []


def test_the_inventory_refuses_a_street_filter_telnyx_would_refuse():
    with pytest.raises(Exception) as caught:
        inventory_run(EMERGENCY_ADDRESS_INVENTORY, [], street_address_contains="60")
    assert "at least 3 characters" in str(caught.value)
