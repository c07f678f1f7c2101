# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""phone_number and its connection given by name (issue 22 point 1)."""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import LIST, Call, existing, page
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import fail, query, run

NUMBER = "+13125550100"
NUMBER_ID = "1293384261075731700"
CONNECTION_ID = "1293384261075731499"


def number(**fields):
    return dict(dict(id=NUMBER_ID, phone_number=NUMBER, connection_id="", connection_name=None, tags=[]), **fields)


def numbers(*items):
    return Call("GET", "/phone_numbers", body=page(list(items)), params=query(**{"filter[phone_number]": "13125550100"}))


def connections(*items, name="chicago-office", fqdn=(), ip=()):
    """The name looked up in each connection list the collection manages: credential, FQDN, IP."""
    return [Call("GET", path, body=page(list(found)), params=query(**{"filter[connection_name][contains]": name}))
            for path, found in ((LIST, items), ("/fqdn_connections", fqdn), ("/ip_connections", ip))]


def test_a_connection_given_by_name_is_looked_up_exactly_and_linked_by_id():
    result, warnings, session = run(PHONE_NUMBER, [
        *connections(existing(connection_name="chicago-office-2", id="111"),
                     existing(connection_name="chicago-office", id=CONNECTION_ID)),
        numbers(number()),
        Call("PATCH", "/phone_numbers/" + NUMBER_ID, json_body={"connection_id": CONNECTION_ID},
             body={"data": number(connection_id=CONNECTION_ID, connection_name="chicago-office")}),
    ], phone_number=NUMBER, connection_name="chicago-office")
    assert result["changed"] is True and warnings == []
    assert result["diff"]["after"] == {"phone_number": NUMBER, "connection_id": CONNECTION_ID}


def test_a_link_that_holds_is_no_change():
    result, warnings, session = run(PHONE_NUMBER, [
        *connections(existing(connection_name="chicago-office", id=CONNECTION_ID)),
        numbers(number(connection_id=CONNECTION_ID, connection_name="chicago-office")),
    ], phone_number=NUMBER, connection_name="chicago-office")
    assert result["changed"] is False and session.writes == []


def test_check_mode_says_that_it_cannot_resolve_a_name_yet_and_predicts_the_link():
    result, warnings, session = run(PHONE_NUMBER, [*connections(), numbers(number())], check_mode=True,
                                    phone_number=NUMBER, connection_name="chicago-office")
    assert result["changed"] is True and session.writes == []
    assert [w for w in warnings if "connection_name: no connection is named 'chicago-office' yet" in w]


def test_an_unknown_name_fails_naming_it_and_the_id_and_the_name_cannot_both_be_given():
    failure, session = fail(PHONE_NUMBER, connections(), phone_number=NUMBER, connection_name="chicago-office")
    assert "no connection is named 'chicago-office'" in failure.msg and session.writes == []
    failure, session = fail(PHONE_NUMBER, [], phone_number=NUMBER, connection_name="x", connection_id=CONNECTION_ID)
    assert "connection_id and connection_name: set only one of them" in failure.msg


def test_the_name_of_an_fqdn_or_ip_connection_links_the_number_too():
    for kind in ("fqdn", "ip"):
        trunk = existing(connection_name="chicago-office", id=CONNECTION_ID)
        result, warnings, session = run(PHONE_NUMBER, [
            *connections(**{kind: [trunk]}),
            numbers(number()),
            Call("PATCH", "/phone_numbers/" + NUMBER_ID, json_body={"connection_id": CONNECTION_ID},
                 body={"data": number(connection_id=CONNECTION_ID, connection_name="chicago-office")}),
        ], phone_number=NUMBER, connection_name="chicago-office")
        assert result["changed"] is True and warnings == [], kind


def test_a_name_that_two_connection_types_share_fails_listing_both_ids():
    failure, session = fail(PHONE_NUMBER, connections(existing(connection_name="chicago-office", id="111"),
                                                      ip=[existing(connection_name="chicago-office", id="222")]),
                            phone_number=NUMBER, connection_name="chicago-office")
    assert "2 connections are named 'chicago-office'" in failure.msg and "111, 222" in failure.msg
    assert session.writes == []


def test_purge_tags_false_adds_the_given_tags_and_keeps_the_others():
    # Issue 22 point 2: tags: [acme] removed the tags other teams put on a number.
    result, warnings, session = run(PHONE_NUMBER, [
        numbers(number(tags=["billing", "acme"])),
    ], phone_number=NUMBER, tags=["acme"], purge_tags=False)
    assert result["changed"] is False and session.writes == []
    result, warnings, session = run(PHONE_NUMBER, [
        numbers(number(tags=["billing"])),
        Call("PATCH", "/phone_numbers/" + NUMBER_ID, json_body={"tags": ["billing", "acme"]},
             body={"data": number(tags=["billing", "acme"])}),
    ], phone_number=NUMBER, tags=["acme"], purge_tags=False)
    assert result["changed"] is True


def test_purge_tags_true_the_default_makes_the_tags_exactly_the_given_ones():
    result, warnings, session = run(PHONE_NUMBER, [
        numbers(number(tags=["billing", "acme"])),
        Call("PATCH", "/phone_numbers/" + NUMBER_ID, json_body={"tags": ["acme"]}, body={"data": number(tags=["acme"])}),
    ], phone_number=NUMBER, tags=["acme"])
    assert result["changed"] is True


def test_the_info_shape_shows_an_unassigned_number_s_connection_as_an_empty_string():
    # Issue 22 point 8: phone_number_info left null options out, so map(attribute='connection_id') failed.
    from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER_INVENTORY

    options, read_only = PHONE_NUMBER_INVENTORY.as_options(
        number(connection_id=None, customer_reference=None, billing_group_id=None), [])
    assert options["connection_id"] == "" and options["customer_reference"] == "" and options["billing_group_id"] == ""
    assert "connection_name" not in options and "connection_name" in read_only
