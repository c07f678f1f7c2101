# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The inventory behind credential_connection_info, with the HTTP layer scripted exactly."""

from __future__ import annotations

import copy
import json

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import MASK as SECRET_MASK
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION_INVENTORY
from ansible_collections.telnyx.voice.plugins.module_utils._info import READ_ONLY_KEY, Inventory, ListFilter
from ansible_collections.telnyx.voice.plugins.module_utils._module import (
    module_argument_spec,
    module_kwargs,
)
from ansible_collections.telnyx.voice.plugins.module_utils._fields import Field
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure, ResourceType
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import (
    LIST, ONE, Call, FakeSession, existing, page,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import validated_params

API_KEY = "key-abcdef-123456"
INVENTORY = CREDENTIAL_CONNECTION_INVENTORY
REGISTRATION = ONE + "/actions/check_registration_status"


def info_params(inventory=INVENTORY, **args):
    """Parameters exactly as AnsibleModule would hand them over to the info module."""
    args.setdefault("api_key", API_KEY)
    return validated_params(module_argument_spec(inventory), **args)


def run(calls, check_mode=False, inventory=INVENTORY, **args):
    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    result, warnings = inventory.run(info_params(inventory, **args), check_mode=check_mode, client=client)
    session.assert_done()
    return result, warnings, session


def fail(calls, **args):
    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    with pytest.raises(ResourceFailure) as caught:
        INVENTORY.run(info_params(**args), client=client)
    session.assert_done()
    return caught.value, session


def query(number=1, **filters):
    params = {"page[size]": 250, "page[number]": number}
    params.update(filters)
    return params


def connection(number, **overrides):
    """A distinct connection: its own id, name, user name and password."""
    overrides.setdefault("connection_name", "conn-%03d" % number)
    return existing(id=str(1293384261075731499 + number), user_name="user%05d" % number,
                    password="plain-pass-%05d" % number, **overrides)


def names(result):
    return [item["connection_name"] for item in result["credential_connections"]]


# The request sequence of each filter

def test_no_filter_lists_every_connection_with_page_size_250():
    result, warnings, session = run([Call("GET", LIST, params=query(), body=page([connection(1), connection(2)]))])
    assert names(result) == ["conn-001", "conn-002"]
    assert result["changed"] is False
    assert warnings == []


def test_every_page_is_read_and_every_item_returned_in_order():
    pages = [[connection(number) for number in range(start, start + 250)] for start in (0, 250)] + [[connection(500)]]
    calls = [Call("GET", LIST, params=query(number), body=page(items, number, total_pages=3))
             for number, items in enumerate(pages, start=1)]
    result, warnings, session = run(calls)
    assert names(result) == ["conn-%03d" % number for number in range(0, 501)]
    assert len(session.sent) == 3


def test_without_total_pages_a_short_page_ends_the_list():
    full = {"data": [connection(number) for number in range(250)]}
    short = {"data": [connection(250)]}
    result, warnings, session = run([Call("GET", LIST, params=query(1), body=full),
                                     Call("GET", LIST, params=query(2), body=short)])
    assert len(result["credential_connections"]) == 251


def test_a_connection_listed_twice_while_pages_shift_comes_back_once():
    first = [connection(number) for number in range(250)]
    second = [connection(249), connection(250)]
    result, warnings, session = run([Call("GET", LIST, params=query(1), body=page(first, 1, total_pages=2)),
                                     Call("GET", LIST, params=query(2), body=page(second, 2, total_pages=2))])
    assert len(result["credential_connections"]) == 251


def test_name_contains_is_sent_as_the_substring_filter():
    result, warnings, session = run([
        Call("GET", LIST, params=query(**{"filter[connection_name][contains]": "chi"}),
             body=page([connection(1, connection_name="chicago"), connection(2, connection_name="Chino")])),
    ], name_contains="chi")
    assert names(result) == ["chicago", "Chino"], "the server's case-insensitive match is kept as it is"


@pytest.mark.parametrize("text", ["of", "", "  "])
def test_name_contains_under_3_characters_fails_before_any_request(text):
    failure, session = fail([], name_contains=text)
    assert session.sent == []
    assert "name_contains must have at least 3 characters" in failure.msg
    assert "filter[connection_name][contains]" in failure.msg
    assert repr(text) in failure.msg


SIMILAR = ["office", "Office", "office-2", "my office", "OFFICE"]


def test_connection_name_matches_exactly_among_similar_names():
    listed = [connection(number, connection_name=name) for number, name in enumerate(SIMILAR)]
    result, warnings, session = run([
        Call("GET", LIST, params=query(**{"filter[connection_name][contains]": "office"}), body=page(listed)),
    ], connection_name="office")
    assert names(result) == ["office"]
    assert result["credential_connections"][0]["id"] == listed[0]["id"]


def test_connection_name_returns_every_connection_of_that_exact_name():
    listed = [connection(1, connection_name="office"), connection(2, connection_name="Office"),
              connection(3, connection_name="office")]
    result, warnings, session = run([
        Call("GET", LIST, params=query(**{"filter[connection_name][contains]": "office"}), body=page(listed)),
    ], name="office")
    assert [item["id"] for item in result["credential_connections"]] == [listed[0]["id"], listed[2]["id"]]


def test_a_short_connection_name_reads_every_page_without_a_filter():
    listed = [connection(1, connection_name="ab"), connection(2, connection_name="AB"),
              connection(3, connection_name="abc")]
    result, warnings, session = run([Call("GET", LIST, params=query(), body=page(listed))], connection_name="ab")
    assert names(result) == ["ab"]


def test_connection_name_with_name_contains_sends_name_contains_and_matches_the_name_here():
    listed = [connection(1, connection_name="chicago-office"), connection(2, connection_name="chicago-lab")]
    result, warnings, session = run([
        Call("GET", LIST, params=query(**{"filter[connection_name][contains]": "chicago"}), body=page(listed)),
    ], connection_name="chicago-lab", name_contains="chicago")
    assert names(result) == ["chicago-lab"]


def test_outbound_voice_profile_id_is_sent_as_its_filter():
    listed = [connection(1, outbound={"outbound_voice_profile_id": "1293384261075731500"})]
    result, warnings, session = run([
        Call("GET", LIST, params=query(**{"filter[outbound_voice_profile_id]": "1293384261075731500"}),
             body=page(listed)),
    ], outbound_voice_profile_id="1293384261075731500")
    assert result["credential_connections"][0]["outbound"]["outbound_voice_profile_id"] == "1293384261075731500"


def test_every_filter_at_once():
    result, warnings, session = run([
        Call("GET", LIST, params=query(**{"filter[connection_name][contains]": "off",
                                          "filter[outbound_voice_profile_id]": "42"}),
             body=page([connection(1, connection_name="office"), connection(2, connection_name="my office")])),
    ], connection_name="office", name_contains="off", outbound_voice_profile_id="42")
    assert names(result) == ["office"]


def test_a_bad_outbound_voice_profile_id_fails_before_any_request():
    failure, session = fail([], outbound_voice_profile_id="abc", name_contains="x")
    assert session.sent == []
    assert "outbound_voice_profile_id: must be a Telnyx id" in failure.msg
    assert "name_contains must have at least 3 characters" in failure.msg, "every problem at once"


@pytest.mark.parametrize("name", [" ", "\t"])
def test_a_blank_connection_name_fails_before_any_request(name):
    failure, session = fail([], connection_name=name)
    assert session.sent == []
    assert "connection_name: must not be empty" in failure.msg


def test_id_reads_that_connection_without_a_list():
    result, warnings, session = run([Call("GET", ONE, body={"data": existing()})], id="1293384261075731499")
    assert [item["id"] for item in result["credential_connections"]] == ["1293384261075731499"]


def test_an_unknown_id_gives_an_empty_list():
    errors = [{"code": "10005", "title": "Resource not found"}]
    result, warnings, session = run([Call("GET", ONE, status=404, body={"errors": errors})],
                                    id="1293384261075731499")
    assert result == {"changed": False, "credential_connections": []}


@pytest.mark.parametrize("args, kept", [
    (dict(connection_name="office"), True),
    (dict(connection_name="Office"), False),
    (dict(name_contains="FFI"), True),
    (dict(name_contains="lab"), False),
    (dict(outbound_voice_profile_id="42"), False),
    (dict(outbound_voice_profile_id="42", connection_name="office"), False),
])
def test_with_id_the_other_filters_are_applied_here(args, kept):
    result, warnings, session = run([Call("GET", ONE, body={"data": existing()})], id="1293384261075731499",
                                    **args)
    assert len(result["credential_connections"]) == (1 if kept else 0)


def test_an_api_error_is_a_failure_with_status_and_errors_and_no_api_key():
    errors = [{"code": "10009", "title": "Authentication failed", "detail": "bad key %s" % API_KEY}]
    failure, session = fail([Call("GET", LIST, status=401, body={"errors": errors})])
    assert failure.details["status"] == 401
    assert "Authentication failed (HTTP 401)" in failure.msg
    assert API_KEY not in json.dumps([failure.msg, failure.details])


def test_a_bad_base_url_fails_before_any_request():
    failure, session = fail([], base_url="ftp://api.telnyx.com/v2")
    assert "base_url" in failure.msg and session.sent == []


# Registration status

def test_registration_status_reads_each_connection_after_the_list():
    first, second = connection(1), connection(2)
    status = {"ip_address": "190.106.106.121", "last_registration": "2026-11-22T09:00:00", "port": 37223,
              "record_type": "registration_status", "sip_username": "user00001", "status": "Registered",
              "transport": "UDP", "user_agent": "Z 5.4.12"}
    result, warnings, session = run([
        Call("GET", LIST, params=query(), body=page([first, second])),
        Call("POST", LIST + "/%s/actions/check_registration_status" % first["id"], body={"data": status}),
        Call("POST", LIST + "/%s/actions/check_registration_status" % second["id"],
             body={"data": dict(status, status="Not Registered")}),
    ], registration_status=True)
    assert [item[READ_ONLY_KEY]["registration"]["status"] for item in result["credential_connections"]] == \
        ["Registered", "Not Registered"]
    assert result["credential_connections"][0][READ_ONLY_KEY]["registration"] == status
    assert all(sent["json"] is None for sent in session.writes), "the action has no body"


def test_registration_status_is_read_in_check_mode_too():
    result, warnings, session = run([
        Call("GET", ONE, body={"data": existing()}),
        Call("POST", REGISTRATION, body={"data": {"status": "Expired", "record_type": "registration_status"}}),
    ], check_mode=True, id="1293384261075731499", registration_status=True)
    assert result["changed"] is False
    assert result["credential_connections"][0][READ_ONLY_KEY]["registration"]["status"] == "Expired"


def test_registration_status_of_a_connection_deleted_meanwhile_is_null_with_a_warning():
    result, warnings, session = run([
        Call("GET", LIST, params=query(), body=page([existing()])),
        Call("POST", REGISTRATION, status=404, body={"errors": [{"code": "10005", "title": "Resource not found"}]}),
    ], registration_status=True)
    assert result["credential_connections"][0][READ_ONLY_KEY]["registration"] is None
    assert "deleted while it was being read" in warnings[0]


def test_without_registration_status_no_action_is_sent():
    result, warnings, session = run([Call("GET", LIST, params=query(), body=page([existing()]))])
    assert session.writes == []
    assert "registration" not in result["credential_connections"][0][READ_ONLY_KEY]


def test_check_mode_sends_exactly_the_same_reads():
    calls = [Call("GET", LIST, params=query(**{"filter[connection_name][contains]": "office"}),
                  body=page([existing()]))]
    normal, dummy, dummy_session = run(copy.deepcopy(calls), connection_name="office")
    checked, dummy, session = run(calls, check_mode=True, connection_name="office")
    assert checked == normal
    assert session.writes == []


# The shape of an item

def item_of(server, **args):
    result, warnings, session = run([Call("GET", ONE, body={"data": server})], id=server["id"], **args)
    (item,) = result["credential_connections"]
    return item, warnings


def options_of(item):
    return {key: value for key, value in item.items() if key != READ_ONLY_KEY}


def test_an_item_is_id_then_documented_options_then_read_only():
    item, warnings = item_of(existing())
    assert list(item)[0] == "id" and list(item)[-1] == READ_ONLY_KEY
    fields = CREDENTIAL_CONNECTION.fields
    assert set(options_of(item)) - {"id"} <= set(fields)
    for name, value in options_of(item).items():
        if name != "id" and fields[name].kind == "dict":
            assert set(value) <= set(fields[name].options), name
    assert item["inbound"]["codecs"] == ["G722", "G711U", "G711A", "G729", "OPUS", "H.264"]
    assert item["connection_name"] == "office" and item["user_name"] == "office01"
    assert warnings == []


def test_read_only_keys_and_undocumented_keys_are_set_apart():
    item, warnings = item_of(existing(brand_new_key={"x": 1}, outbound={"future": "y"}))
    assert item[READ_ONLY_KEY] == {
        "record_type": "credential_connection",
        "inbound": {"instant_ringback_enabled": False},
        "outbound": {"future": "y"},
        "registration_status": "Not Registered",
        "registration_status_updated_at": None,
        "third_party_control_enabled": False,
        "created_at": "2026-11-22T09:00:00.000Z",
        "updated_at": "2026-11-22T09:00:00.000Z",
        "brand_new_key": {"x": 1},
        "password_set": True,
    }
    for key in ("record_type", "created_at", "updated_at", "registration_status", "third_party_control_enabled",
                "brand_new_key"):
        assert key not in item
    assert "instant_ringback_enabled" not in item["inbound"]
    assert item["outbound"]["instant_ringback_enabled"] is True, "documented for outbound: an option there"


@pytest.mark.parametrize("password, password_set", [
    ("s3cret-pass-1", True),
    (SECRET_MASK, True),
    (None, False),
])
def test_the_password_is_never_an_option_and_never_shown(password, password_set):
    item, warnings = item_of(existing(password=password))
    assert "password" not in item and "password" not in item[READ_ONLY_KEY]
    assert item[READ_ONLY_KEY]["password_set"] is password_set
    text = json.dumps(item)
    assert "s3cret-pass-1" not in text and SECRET_MASK not in text


def test_a_password_telnyx_does_not_report_is_password_set_null():
    server = existing()
    del server["password"]
    item, warnings = item_of(server)
    assert item[READ_ONLY_KEY]["password_set"] is None


def test_no_password_of_a_whole_listing_shows_anywhere():
    listed = [connection(number) for number in range(20)]
    result, warnings, session = run([Call("GET", LIST, params=query(), body=page(listed))])
    text = json.dumps(result)
    assert "plain-pass-" not in text and "password\"" not in text.replace("password_set", "")


@pytest.mark.parametrize("server, expected", [
    (dict(encrypted_media=None), dict(encrypted_media="")),
    (dict(webhook_timeout_secs=None), dict(webhook_timeout_secs="")),
    (dict(webhook_event_failover_url=None), dict(webhook_event_failover_url="")),
    (dict(ios_push_credential_id=None), dict(ios_push_credential_id="")),
    (dict(sip_uri_calling_preference=None), dict(sip_uri_calling_preference="disabled")),
    (dict(tags=None), dict(tags=[])),
    (dict(webhook_api_version=2), dict(webhook_api_version="2")),
    (dict(inbound={"timeout_1xx_secs": "3", "timeout_2xx_secs": "90"}),
     dict(inbound={"timeout_1xx_secs": 3, "timeout_2xx_secs": 90})),
    (dict(inbound={"codecs": "G722"}), dict(inbound={"codecs": ["G722"]})),
    (dict(outbound={"outbound_voice_profile_id": None}), dict(outbound={"outbound_voice_profile_id": ""})),
    (dict(outbound={"call_parking_enabled": None}), dict(outbound={"call_parking_enabled": ""})),
    (dict(outbound={"ani_override": ""}), dict(outbound={"ani_override": ""})),
])
def test_values_are_given_as_the_module_would_set_them(server, expected):
    item, warnings = item_of(existing(**server))
    for key, value in expected.items():
        if isinstance(value, dict):
            for sub, sub_value in value.items():
                assert item[key][sub] == sub_value, (key, sub)
        else:
            assert item[key] == value, key
    assert warnings == []


def test_an_unset_channel_limit_is_no_option_since_no_value_clears_it():
    # The empty string cannot clear a channel limit (the schema has no null there), so an unset one is not given as
    # an option to feed back; it is not managed then, and the item sends nothing for it.
    item, warnings = item_of(existing(inbound={"channel_limit": None, "timeout_1xx_secs": 3}))
    assert "channel_limit" not in item["inbound"] and item["inbound"]["timeout_1xx_secs"] == 3
    assert warnings == []


@pytest.mark.parametrize("server, path", [
    (dict(webhook_event_url=None), ("webhook_event_url",)),
    (dict(webhook_event_url=""), ("webhook_event_url",)),
    (dict(inbound={"default_routing_method": ""}), ("inbound", "default_routing_method")),
    (dict(inbound=None), ("inbound",)),
])
def test_an_empty_value_no_option_can_express_is_left_out_silently(server, path):
    item, warnings = item_of(existing(**server))
    where, read_only = item, item[READ_ONLY_KEY]
    for key in path[:-1]:
        where, read_only = where[key], read_only.get(key, {})
    assert path[-1] not in where and path[-1] not in read_only
    assert warnings == []


@pytest.mark.parametrize("server, path", [
    (dict(anchorsite_override="Singapore"), ("anchorsite_override",)),
    (dict(user_name="ab"), ("user_name",)),
    (dict(active="yes"), ("active",)),
    (dict(noise_suppression={"engine": "x"}), ("noise_suppression",)),
    (dict(inbound={"timeout_1xx_secs": 3.5}), ("inbound", "timeout_1xx_secs")),
    (dict(outbound={"outbound_voice_profile_id": 1.2933842610757315e+18}), ("outbound", "outbound_voice_profile_id")),
    (dict(jitter_buffer="on"), ("jitter_buffer",)),
])
def test_a_value_the_module_would_refuse_goes_to_read_only_with_a_warning(server, path):
    item, warnings = item_of(existing(**server))
    where, read_only = item, item[READ_ONLY_KEY]
    for key in path[:-1]:
        where, read_only = where[key], read_only[key]
    assert path[-1] not in where
    assert path[-1] in read_only
    assert len(warnings) == 1 and ".".join(path) in warnings[0] and "read_only" in warnings[0]
    assert "1293384261075731499 (office)" in warnings[0]


# Feeding an item back to credential_connection changes nothing

def module_params(item):
    """An item without read_only, as credential_connection's AnsibleModule would take it."""
    args = dict(options_of(item), api_key=API_KEY)
    kwargs = module_kwargs(CREDENTIAL_CONNECTION)
    kwargs.pop("supports_check_mode")
    result = ArgumentSpecValidator(module_argument_spec(CREDENTIAL_CONNECTION), **kwargs).validate(args)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


SERVERS = {
    "as listed": {},
    "timeouts read back as strings": dict(inbound={"timeout_1xx_secs": "3", "timeout_2xx_secs": "90"}),
    "password masked": dict(password=SECRET_MASK),
    "password not reported": dict(password=None),
    "sip URI calling disabled read as null": dict(sip_uri_calling_preference=None),
    "every nullable null": dict(encrypted_media=None, webhook_timeout_secs=None, webhook_event_failover_url=None,
                                ios_push_credential_id=None, android_push_credential_id=None, tags=None,
                                inbound={"channel_limit": None, "codecs": None},
                                outbound={"channel_limit": None, "call_parking_enabled": None,
                                          "outbound_voice_profile_id": None}),
    "every nullable set": dict(encrypted_media="SRTP", webhook_timeout_secs=25,
                               webhook_event_failover_url="https://hooks.example.com/b",
                               ios_push_credential_id="0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
                               inbound={"channel_limit": 10},
                               outbound={"channel_limit": 5, "call_parking_enabled": True,
                                         "outbound_voice_profile_id": "1293384261075731500"}),
    "ani override": dict(outbound={"ani_override": "+13125550100", "ani_override_type": "emergency"}),
    "texml": dict(webhook_api_version="texml", outbound={"call_parking_enabled": True}),
    "blank enum and url": dict(webhook_event_url="", inbound={"default_routing_method": ""}),
    "unknown choice and keys": dict(anchorsite_override="Singapore", brand_new_key=1,
                                    inbound={"future": True}),
    "every option set otherwise": dict(active=False, anchorsite_override="Chicago, IL", dtmf_type="SIP INFO",
                                       sip_uri_calling_preference="internal", tags=["x"],
                                       noise_suppression="both",
                                       noise_suppression_details={"engine": "krisp_viva_tel",
                                                                  "attenuation_limit": 80},
                                       jitter_buffer={"enable_jitter_buffer": True, "jitterbuffer_msec_min": 40,
                                                      "jitterbuffer_msec_max": 400},
                                       rtcp_settings={"port": "rtcp-mux", "report_frequency_secs": 3000}),
}


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check"])
@pytest.mark.parametrize("server", list(SERVERS.values()), ids=list(SERVERS))
def test_feeding_an_item_back_to_credential_connection_changes_nothing(server, check_mode):
    current = existing(**server)
    if server.get("password", "") is None:
        del current["password"]
    item, dummy = item_of(current)
    session = FakeSession([Call("GET", ONE, body={"data": current})])
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    result, warnings = reconcile(CREDENTIAL_CONNECTION, module_params(item), check_mode=check_mode, diff_mode=True,
                                 client=client)
    session.assert_done()
    assert result["changed"] is False
    assert session.writes == []
    # Nothing changes, so nothing is warned about: not even a connection without an outbound voice profile (D38).
    assert warnings == []
    assert result["diff"]["before"] == result["diff"]["after"]


def test_an_item_fed_back_with_a_new_value_is_one_patch_of_that_value():
    """The options are real: change one and the module converges it, nothing else."""
    item, dummy = item_of(existing())
    item["inbound"]["channel_limit"] = 10
    expected_inbound = {key: value for key, value in existing()["inbound"].items()
                        if key != "instant_ringback_enabled" and value is not None}
    expected_inbound["channel_limit"] = 10
    session = FakeSession([
        Call("GET", ONE, body={"data": existing()}),
        Call("PATCH", ONE, json_body={"inbound": expected_inbound},
             body={"data": existing(inbound={"channel_limit": 10})}),
    ])
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    result, warnings = reconcile(CREDENTIAL_CONNECTION, module_params(item), client=client)
    session.assert_done()
    assert result["changed"] is True


# The argument spec, and reuse for another resource

def test_argument_spec():
    assert INVENTORY.argument_spec() == {
        "id": {"type": "str"},
        "connection_name": {"type": "str", "aliases": ["name"]},
        "name_contains": {"type": "str"},
        "outbound_voice_profile_id": {"type": "str"},
        "registration_status": {"type": "bool", "default": False},
    }


class Widget(ResourceType):
    label = "widget"
    path = "/widgets"
    result_key = "widget"
    name_field = "name"
    name_filter = "filter[name][contains]"
    fields = dict(name=Field("str"), secret_code=Field("str", secret=True), size=Field("int"))


def test_an_inventory_for_another_resource_is_a_few_lines():
    widgets = Inventory(Widget(), "widgets", name_contains_option="name_contains",
                        filters=dict(color=ListFilter("filter[color]")))
    assert set(widgets.argument_spec()) == {"id", "name", "name_contains", "color"}
    result, warnings, session = run([
        Call("GET", "/widgets", params=query(**{"filter[name][contains]": "big", "filter[color]": "red"}),
             body=page([{"id": "7", "name": "big", "secret_code": "hush-hush-1", "size": "3", "made_at": "now"},
                        {"id": "8", "name": "bigger", "size": 4}])),
    ], inventory=widgets, name="big", color="red")
    assert result == {"changed": False, "widgets": [
        {"id": "7", "name": "big", "size": 3, "read_only": {"made_at": "now", "secret_code_set": True}},
    ]}
