# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Child records (``_children``) through the FQDN and IP connections: the exact requests of each run.

The connection is written first, then its records, then its pointers in one PATCH, then the records the list lost
are deleted; with state=absent, the records and then the connection. Check mode sends the same reads and no write.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile
from ansible_collections.telnyx.voice.plugins.module_utils._fqdn_connection import FQDN_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._ip_connection import IP_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._module import module_argument_spec, module_kwargs
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, page
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import validated_params

API_KEY = "key-children-123456"
CID = "1293384261075731499"
OTHER = "1293384261075731777"
PROFILE = "1293384261075731400"
CONNECTIONS = "/fqdn_connections"
ONE = CONNECTIONS + "/" + CID
POINTERS = ("default_primary_fqdn_id", "default_secondary_fqdn_id", "default_tertiary_fqdn_id")
INBOUND = {"ani_number_format": "E.164-national", "dnis_number_format": "e164", "codecs": ["G722"],
           "channel_limit": None, "default_routing_method": "sequential", "sip_region": "US",
           "sip_subdomain": None, "sip_subdomain_receive_settings": "from_anyone"}


def connection(pointed=(), **overrides):
    inbound = dict(INBOUND, **{name: None for name in POINTERS})
    inbound.update(zip(POINTERS, pointed))
    data = {"id": CID, "record_type": "fqdn_connection", "connection_name": "office-pbx", "active": True,
            "password": "server-made-secret-9", "transport_protocol": "UDP", "inbound": inbound,
            "outbound": {"outbound_voice_profile_id": PROFILE, "t38_reinvite_source": "customer"}}
    data.update(overrides)
    return data


def fqdn(record_id, name, port=5060, record_type="a", parent=CID):
    record = {"id": record_id, "record_type": "fqdn", "connection_id": parent, "fqdn": name,
              "dns_record_type": record_type}
    if port is not None:
        record["port"] = port
    return record


def run(resource, calls, check_mode=False, **args):
    args.setdefault("api_key", API_KEY)
    params = validated_params(module_argument_spec(resource), module_kwargs(resource), **args)
    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    result, warnings = reconcile(resource, params, check_mode=check_mode, diff_mode=True, client=client)
    session.assert_done()
    return result, warnings, session


def listed(*items):
    return Call("GET", CONNECTIONS, body=page(list(items)),
                params={"page[size]": 250, "page[number]": 1, "filter[connection_name][contains]": "office-pbx"})


def records(*items, parent=CID, path="/fqdns"):
    return Call("GET", path, body=page(list(items)),
                params={"page[size]": 250, "page[number]": 1, "filter[connection_id]": parent})


def pointers_body(*ids):
    inbound = {key: value for key, value in INBOUND.items() if value is not None}
    inbound.update(zip(POINTERS, list(ids) + [None] * (3 - len(ids))))
    return {"inbound": inbound}


WANT = [dict(fqdn="pbx.example.com"), dict(fqdn="sip.example.com", dns_record_type="srv")]
PROFILE_BY_ID = {"outbound_voice_profile_id": PROFILE}


def test_create_writes_the_connection_then_its_records_then_the_pointers():
    calls = [
        listed(),
        Call("POST", CONNECTIONS, status=201, body={"data": connection()},
             json_body={"connection_name": "office-pbx", "outbound": PROFILE_BY_ID}),
        Call("POST", "/fqdns", status=201, body={"data": fqdn("11", "pbx.example.com")},
             json_body={"fqdn": "pbx.example.com", "port": 5060, "dns_record_type": "a", "connection_id": CID}),
        Call("POST", "/fqdns", status=201, body={"data": fqdn("12", "sip.example.com", None, "srv")},
             json_body={"fqdn": "sip.example.com", "port": None, "dns_record_type": "srv", "connection_id": CID}),
        Call("PATCH", ONE, body={"data": connection(("11", "12"))}, json_body=pointers_body("11", "12")),
    ]
    result, warnings, dummy = run(FQDN_CONNECTION, calls, connection_name="office-pbx", fqdns=WANT,
                                  outbound=PROFILE_BY_ID)
    state = result["fqdn_connection"]
    assert result["changed"] and warnings == []
    assert state["fqdns"] == [
        {"id": "11", "fqdn": "pbx.example.com", "port": 5060, "dns_record_type": "a"},
        {"id": "12", "fqdn": "sip.example.com", "port": None, "dns_record_type": "srv"}]
    assert state["inbound"]["default_primary_fqdn_id"] == "11"
    assert state["password"] == "********"
    # Nowhere in what the task returns (its result, diff and commands are what -v, AWX and the callback show).
    assert "server-made-secret-9" not in json.dumps(result) + " ".join(warnings)
    assert result["diff"]["before"]["fqdns"] == [] and result["diff"]["after"]["fqdns"] == [
        {"fqdn": "pbx.example.com", "port": 5060, "dns_record_type": "a"},
        {"fqdn": "sip.example.com", "port": None, "dns_record_type": "srv"}]


def test_unchanged_is_two_reads_and_no_write():
    calls = [listed(connection(("12", "11"))), records(fqdn("11", "pbx.example.com"), fqdn("12", "sip.example.com", None, "srv"))]
    result, dummy, session = run(FQDN_CONNECTION, calls, connection_name="office-pbx", fqdns=list(reversed(WANT)))
    assert not result["changed"] and session.writes == []
    assert result["diff"]["before"] == result["diff"]["after"]


def test_records_are_added_changed_reordered_and_removed_with_one_pointer_patch():
    have = [fqdn("11", "pbx.example.com"), fqdn("12", "old.example.com"), fqdn("13", "sip.example.com", 5070)]
    calls = [
        listed(connection(("11", "12", "13"))),
        records(*have),
        Call("PATCH", "/fqdns/13", body={"data": fqdn("13", "sip.example.com", 5080)}, json_body={"port": 5080}),
        Call("POST", "/fqdns", status=201, body={"data": fqdn("14", "new.example.com")},
             json_body={"fqdn": "new.example.com", "port": 5060, "dns_record_type": "a", "connection_id": CID}),
        Call("PATCH", ONE, body={"data": connection(("13", "14", "11"))}, json_body=pointers_body("13", "14", "11")),
        Call("DELETE", "/fqdns/12", body={"data": have[1]}),
    ]
    result, dummy, dummy = run(FQDN_CONNECTION, calls, connection_name="office-pbx", fqdns=[
        dict(fqdn="sip.example.com", port=5080), dict(fqdn="new.example.com"), dict(fqdn="pbx.example.com")])
    assert result["changed"]
    assert [record["id"] for record in result["fqdn_connection"]["fqdns"]] == ["13", "14", "11"]
    assert [record["fqdn"] for record in result["diff"]["before"]["fqdns"]] == [
        "pbx.example.com", "old.example.com", "sip.example.com"]


def test_check_mode_reads_and_predicts_every_write():
    have = [fqdn("11", "pbx.example.com"), fqdn("12", "old.example.com")]
    calls = [listed(connection(("11", "12"))), records(*have)]
    result, dummy, session = run(FQDN_CONNECTION, calls, check_mode=True, connection_name="office-pbx",
                                 fqdns=[dict(fqdn="new.example.com"), dict(fqdn="pbx.example.com")])
    assert result["changed"] and session.writes == []
    state = result["fqdn_connection"]
    assert [record["id"] for record in state["fqdns"]] == ["<id of the FQDN new.example.com>", "11"]
    assert state["inbound"]["default_primary_fqdn_id"] == "<id of the FQDN new.example.com>"
    assert state["inbound"]["default_tertiary_fqdn_id"] is None


def test_absent_deletes_the_records_then_the_connection():
    calls = [listed(connection(("11",))), records(fqdn("11", "pbx.example.com")),
             Call("DELETE", "/fqdns/11", body={"data": fqdn("11", "pbx.example.com")}),
             Call("DELETE", ONE, body={"data": connection()})]
    result, dummy, dummy = run(FQDN_CONNECTION, calls, connection_name="office-pbx", state="absent")
    assert result["changed"] and result["fqdn_connection"] == {}


def test_a_record_of_another_connection_is_never_touched():
    # A list that ignored its filter: the other connection's record is neither adopted nor deleted.
    calls = [listed(connection()), records(fqdn("21", "pbx.example.com", parent=OTHER)),
             Call("POST", "/fqdns", status=201, body={"data": fqdn("11", "pbx.example.com")}),
             Call("PATCH", ONE, body={"data": connection(("11",))}, json_body=pointers_body("11"))]
    result, dummy, session = run(FQDN_CONNECTION, calls, connection_name="office-pbx", fqdns=[dict(fqdn="pbx.example.com")])
    assert result["changed"] and "/fqdns/21" not in {request["path"] for request in session.sent}


def test_a_failure_after_writes_names_them():
    calls = [listed(), Call("POST", CONNECTIONS, status=201, body={"data": connection()}),
             Call("POST", "/fqdns", status=422, body={"errors": [
                 {"title": "Bad Request", "detail": "fqdn is invalid", "source": {"pointer": "/fqdn"}}]})]
    with pytest.raises(ResourceFailure) as failure:
        run(FQDN_CONNECTION, calls, connection_name="office-pbx", fqdns=[dict(fqdn="pbx.example.com")])
    assert "fqdn is invalid" in failure.value.msg
    assert "POST /fqdn_connections, POST /fqdns (pbx.example.com)" in failure.value.msg
    assert failure.value.details["changed"] is True and failure.value.details["status"] == 422


@pytest.mark.parametrize("fqdns, problem", [
    ([dict(fqdn="sip.example.com", dns_record_type="srv", port=5060)], "fqdns[0]: port: must not be set for an srv"),
    ([dict(fqdn="pbx.example.com"), dict(fqdn="pbx.example.com", port=5080)], "fqdns[1]: names the same FQDN as fqdns[0]"),
    ([dict(fqdn="pbx")], "fqdns[0].fqdn: must be a fully qualified host name"),
    ([dict(fqdn="pbx.example.com", port=70000)], "fqdns[0].port: must be between 1 and 65535"),
])
def test_bad_records_fail_before_any_request(fqdns, problem):
    with pytest.raises(ResourceFailure) as failure:
        run(FQDN_CONNECTION, [], connection_name="office-pbx", fqdns=fqdns)
    assert problem in failure.value.msg


def test_the_d38_warning_names_the_connection_type():
    calls = [listed(), Call("POST", CONNECTIONS, status=201, body={"data": connection(outbound={})})]
    result, warnings, dummy = run(FQDN_CONNECTION, calls, connection_name="office-pbx")
    assert result["changed"] and warnings[0].startswith("The FQDN connection 'office-pbx' has no outbound voice profile")


def test_microsoft_teams_sbc_is_refused_on_an_update():
    with pytest.raises(ResourceFailure, match="microsoft_teams_sbc can only be set when the connection is created"):
        run(FQDN_CONNECTION, [listed(connection(microsoft_teams_sbc=False))], connection_name="office-pbx",
            microsoft_teams_sbc=True)


def ip_connection(pointed=()):
    inbound = {"codecs": ["G722"]}
    inbound.update(zip(("default_primary_ip_id", "default_secondary_ip_id"), pointed))
    return {"id": CID, "record_type": "ip_connection", "connection_name": "office-pbx", "inbound": inbound,
            "outbound": {"outbound_voice_profile_id": PROFILE}}


def ip(record_id, address, port=5060):
    return {"id": record_id, "record_type": "ip", "connection_id": CID, "ip_address": address, "port": port}


def test_ip_records_carry_their_address_and_clear_pointers_with_an_empty_string():
    calls = [
        Call("GET", "/ip_connections", body=page([ip_connection(("31", "32"))])),
        records(ip("31", "192.0.2.10"), ip("32", "192.0.2.11"), path="/ips"),
        Call("PATCH", "/ips/31", body={"data": ip("31", "192.0.2.10", 5080)},
             json_body={"port": 5080, "ip_address": "192.0.2.10"}),
        Call("PATCH", "/ip_connections/" + CID, body={"data": ip_connection(("31",))},
             json_body={"inbound": {"codecs": ["G722"], "default_primary_ip_id": "31", "default_secondary_ip_id": "",
                                    "default_tertiary_ip_id": ""}}),
        Call("DELETE", "/ips/32", body={"data": ip("32", "192.0.2.11")}),
    ]
    result, dummy, dummy = run(IP_CONNECTION, calls, connection_name="office-pbx",
                               ips=[dict(ip_address="192.0.2.10", port=5080)])
    assert result["changed"] and result["ip_connection"]["ips"] == [
        {"id": "31", "ip_address": "192.0.2.10", "port": 5080}]


def test_ip_addresses_are_checked_before_any_request():
    with pytest.raises(ResourceFailure, match=r"ips\[0\].ip_address: must be an IPv4 address"):
        run(IP_CONNECTION, [], connection_name="office-pbx", ips=[dict(ip_address="192.0.2.300")])


def test_info_lists_the_records_in_priority_order_and_they_feed_back_unchanged():
    from ansible_collections.telnyx.voice.plugins.module_utils._fqdn_connection import FQDN_CONNECTION_INVENTORY

    have = [fqdn("11", "pbx.example.com"), fqdn("12", "sip.example.com", None, "srv"), fqdn("13", "c.example.com")]
    session = FakeSession([listed(connection(("12", "11", "13"))), records(*have)])
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    params = validated_params(module_argument_spec(FQDN_CONNECTION_INVENTORY), {}, api_key=API_KEY,
                              connection_name="office-pbx")
    result, dummy = FQDN_CONNECTION_INVENTORY.run(params, client=client)
    session.assert_done()
    (item,) = result["fqdn_connections"]
    assert item["fqdns"] == [{"fqdn": "sip.example.com", "dns_record_type": "srv"},
                             {"fqdn": "pbx.example.com", "port": 5060, "dns_record_type": "a"},
                             {"fqdn": "c.example.com", "port": 5060, "dns_record_type": "a"}]
    assert item["read_only"]["fqdns_ids"] == ["12", "11", "13"]
    assert item["read_only"]["password_set"] is True and "password" not in item["read_only"]
    assert "default_primary_fqdn_id" in item["read_only"]["inbound"]
    # Fed back: the same two reads, no write.
    fed = {key: value for key, value in item.items() if key != "read_only"}
    again, dummy, session = run(FQDN_CONNECTION, [Call("GET", ONE, body={"data": connection(("12", "11", "13"))}),
                                                  records(*have)], **fed)
    assert not again["changed"] and session.writes == []


def test_a_purge_of_the_plural_module_deletes_the_records_then_the_connection():
    from ansible_collections.telnyx.voice.plugins.module_utils import _plural

    from ansible_collections.telnyx.voice.plugins.module_utils._fields import schema_defaults

    # A connection with the schema's defaults, which state=overridden gives what an item leaves out.
    defaults = schema_defaults(FQDN_CONNECTION.fields)
    kept = connection(("11",), tags=["fleet"])
    kept.update((name, dict(kept.get(name) or {}, **value) if isinstance(value, dict) else value)
                for name, value in defaults.items())
    purged = connection(id=OTHER, connection_name="old-pbx", tags=["fleet"])
    # One read of every FQDN of the account serves both connections (one page, fewer than the two filtered reads).
    calls = [Call("GET", CONNECTIONS, params={"page[size]": 250, "page[number]": 1}, body=page([kept, purged])),
             Call("GET", "/fqdns", params={"page[size]": 250, "page[number]": 1},
                  body=page([fqdn("11", "pbx.example.com"), fqdn("21", "old.example.com", parent=OTHER),
                             fqdn("31", "else.example.com", parent="999")])),
             Call("DELETE", "/fqdns/21", body={"data": fqdn("21", "old.example.com", parent=OTHER)}),
             Call("DELETE", CONNECTIONS + "/" + OTHER, body={"data": purged})]
    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    params = validated_params(_plural.argument_spec(FQDN_CONNECTION), {}, api_key=API_KEY, state="overridden",
                              scope={"tag": "fleet"}, config=[dict(connection_name="office-pbx", tags=["fleet"],
                                                                   fqdns=[dict(fqdn="pbx.example.com")])])
    (result, dummy), = [_plural.run(FQDN_CONNECTION, params, client=client)]
    session.assert_done()
    assert result["changed"] and [entry["action"] for entry in result["purged"]] == ["delete"]


def test_the_port_telnyx_shows_for_an_srv_record_is_not_compared():
    calls = [listed(connection(("12",))), records(fqdn("12", "sip.example.com", 5060, "srv"))]
    result, dummy, session = run(FQDN_CONNECTION, calls, connection_name="office-pbx",
                                 fqdns=[dict(fqdn="sip.example.com", dns_record_type="srv")])
    assert not result["changed"] and session.writes == []
    assert result["diff"]["before"]["fqdns"] == result["diff"]["after"]["fqdns"]


def test_gathered_holds_the_records_in_priority_order():
    from ansible_collections.telnyx.voice.plugins.module_utils import _plural

    calls = [Call("GET", CONNECTIONS, params={"page[size]": 250, "page[number]": 1}, body=page([connection(("12", "11"))])),
             records(fqdn("11", "pbx.example.com"), fqdn("12", "sip.example.com", None, "srv"))]
    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    params = validated_params(_plural.argument_spec(FQDN_CONNECTION), {}, api_key=API_KEY, state="gathered")
    (result, dummy), = [_plural.run(FQDN_CONNECTION, params, client=client)]
    session.assert_done()
    assert result["gathered"][0]["fqdns"] == [{"fqdn": "sip.example.com", "dns_record_type": "srv"},
                                              {"fqdn": "pbx.example.com", "port": 5060, "dns_record_type": "a"}]


def test_an_existing_connection_gets_its_records_first_and_one_patch_with_its_pointers():
    body = pointers_body("14", "11")
    body["active"] = False
    calls = [listed(connection(("11",))), records(fqdn("11", "pbx.example.com")),
             Call("POST", "/fqdns", status=201, body={"data": fqdn("14", "new.example.com")}),
             Call("PATCH", ONE, body={"data": connection(("14", "11"), active=False)}, json_body=body)]
    result, dummy, dummy = run(FQDN_CONNECTION, calls, connection_name="office-pbx", active=False,
                               fqdns=[dict(fqdn="new.example.com"), dict(fqdn="pbx.example.com")])
    assert result["changed"] and result["diff"]["after"]["active"] is False
    assert result["fqdn_connection"]["inbound"]["default_primary_fqdn_id"] == "14"


def test_check_mode_predicts_the_one_patch_with_the_pointers():
    calls = [listed(connection(("11", "12"))), records(fqdn("11", "pbx.example.com"), fqdn("12", "sip.example.com"))]
    result, dummy, session = run(FQDN_CONNECTION, calls, check_mode=True, connection_name="office-pbx", active=False,
                                 fqdns=[dict(fqdn="sip.example.com"), dict(fqdn="pbx.example.com")])
    assert result["changed"] and session.writes == []
    assert result["fqdn_connection"]["active"] is False
    assert result["fqdn_connection"]["inbound"]["default_primary_fqdn_id"] == "12"


def test_a_refused_patch_after_record_writes_names_them():
    calls = [listed(connection()), records(),
             Call("POST", "/fqdns", status=201, body={"data": fqdn("11", "pbx.example.com")}),
             Call("PATCH", ONE, status=422, body={"errors": [{"title": "Bad Request", "detail": "active is wrong"}]})]
    with pytest.raises(ResourceFailure) as failure:
        run(FQDN_CONNECTION, calls, connection_name="office-pbx", active=False, fqdns=[dict(fqdn="pbx.example.com")])
    assert "active is wrong" in failure.value.msg and "POST /fqdns" in failure.value.msg
    assert failure.value.details["changed"] is True


# Many parents: the records of every parent from one read of the whole list, when that is fewer requests

THIRD = "1293384261075731888"
ALL = {"page[size]": 250, "page[number]": 1}


def fleet():
    """Three connections of the account, each with one FQDN its primary pointer names."""
    return [connection(("11",)), connection(("21",), id=OTHER, connection_name="lab-pbx"),
            connection(("31",), id=THIRD, connection_name="edge-pbx")]


def plural_run(calls, state="merged", **args):
    from ansible_collections.telnyx.voice.plugins.module_utils import _plural

    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    params = validated_params(_plural.argument_spec(FQDN_CONNECTION), {}, api_key=API_KEY, state=state, **args)
    result, dummy = _plural.run(FQDN_CONNECTION, params, client=client)
    session.assert_done()
    return result, session


FLEET_CONFIG = [dict(connection_name="office-pbx", fqdns=[dict(fqdn="pbx.example.com")]),
                dict(connection_name="lab-pbx", fqdns=[dict(fqdn="lab.example.com")]),
                dict(connection_name="edge-pbx", fqdns=[dict(fqdn="edge.example.com")])]
FLEET_RECORDS = [fqdn("11", "pbx.example.com"), fqdn("21", "lab.example.com", parent=OTHER),
                 fqdn("31", "edge.example.com", parent=THIRD), fqdn("41", "not-ours.example.com", parent="999")]


def test_a_plural_run_reads_every_parents_records_in_one_list_read():
    result, session = plural_run([Call("GET", CONNECTIONS, params=ALL, body=page(fleet())),
                                  Call("GET", "/fqdns", params=ALL, body=page(FLEET_RECORDS))], config=FLEET_CONFIG)
    assert not result["changed"] and session.writes == []
    assert result["requests"] == 2


def test_records_listed_on_more_pages_than_parents_are_read_per_parent():
    # Page 1 says the account has 9 pages of FQDNs: three filtered reads are fewer than eight more pages.
    calls = [Call("GET", CONNECTIONS, params=ALL, body=page(fleet())),
             Call("GET", "/fqdns", params=ALL, body=page(FLEET_RECORDS, total_pages=9)),
             records(FLEET_RECORDS[0]), records(FLEET_RECORDS[1], parent=OTHER), records(FLEET_RECORDS[2], parent=THIRD)]
    result, session = plural_run(calls, config=FLEET_CONFIG, workers=1)
    assert not result["changed"] and session.writes == []


def test_records_whose_pages_disagree_are_read_per_parent():
    # One record twice in the list: someone was adding records while it was read, so the list is not trusted
    # (a record missed by it would be created twice).
    shifted = page(FLEET_RECORDS + [FLEET_RECORDS[0]])
    calls = [Call("GET", CONNECTIONS, params=ALL, body=page(fleet())), Call("GET", "/fqdns", params=ALL, body=shifted),
             records(FLEET_RECORDS[0]), records(FLEET_RECORDS[1], parent=OTHER), records(FLEET_RECORDS[2], parent=THIRD)]
    result, session = plural_run(calls, config=FLEET_CONFIG, workers=1)
    assert not result["changed"] and session.writes == []


def test_gathered_and_info_read_the_records_of_many_connections_at_once():
    from ansible_collections.telnyx.voice.plugins.module_utils._fqdn_connection import FQDN_CONNECTION_INVENTORY

    result, dummy = plural_run([Call("GET", CONNECTIONS, params=ALL, body=page(fleet())),
                                Call("GET", "/fqdns", params=ALL, body=page(FLEET_RECORDS))], state="gathered")
    assert [item["fqdns"] for item in result["gathered"]] == [
        [{"fqdn": name, "port": 5060, "dns_record_type": "a"}] for name in
        ("pbx.example.com", "lab.example.com", "edge.example.com")]
    session = FakeSession([Call("GET", CONNECTIONS, params=ALL, body=page(fleet())),
                           Call("GET", "/fqdns", params=ALL, body=page(FLEET_RECORDS))])
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    params = validated_params(module_argument_spec(FQDN_CONNECTION_INVENTORY), {}, api_key=API_KEY)
    info, dummy = FQDN_CONNECTION_INVENTORY.run(params, client=client)
    session.assert_done()
    assert [item["read_only"]["fqdns_ids"] for item in info["fqdn_connections"]] == [["11"], ["21"], ["31"]]


def test_records_are_read_only_for_the_items_that_give_them_and_a_shared_name_fails_on_its_own():
    from ansible_collections.telnyx.voice.plugins.module_utils import _plural

    # lab-pbx gives no fqdns (its records are not read); edge-pbx is the name of two connections (that item fails,
    # naming both, and reads nothing); office-pbx, the one parent left, reads its own records.
    twins = [connection(("31",), id=THIRD, connection_name="edge-pbx"),
             connection(("41",), id="1293384261075731999", connection_name="edge-pbx")]
    session = FakeSession([Call("GET", CONNECTIONS, params=ALL, body=page(fleet()[:2] + twins)),
                           records(FLEET_RECORDS[0])])
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    params = validated_params(_plural.argument_spec(FQDN_CONNECTION), {}, api_key=API_KEY, state="merged", workers=1,
                              config=[FLEET_CONFIG[0], dict(connection_name="lab-pbx"), FLEET_CONFIG[2]])
    with pytest.raises(ResourceFailure) as failure:
        _plural.run(FQDN_CONNECTION, params, client=client)
    session.assert_done()
    assert session.writes == []
    assert "1 of 3 FQDN connections failed" in failure.value.msg and THIRD in failure.value.msg
