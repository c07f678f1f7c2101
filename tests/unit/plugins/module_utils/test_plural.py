# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The plural shape (plugins/module_utils/_plural.py) over scripted HTTP: validation before any request, each
state, the snapshot a purge trusts, check mode predicting the real run's writes, counts, partial failures."""

from __future__ import annotations

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.telnyx.voice.plugins.module_utils import _plural
from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure

from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, existing, list_params
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import validated_params

COLLECTION = "/credential_connections"
API_KEY = "unit-key-1"


def params(config, resource=CREDENTIAL_CONNECTION, **options):
    args = dict(api_key=API_KEY, max_retries=2, retry_max_delay=0.1, workers=1, config=config)
    args.update(options)
    return validated_params(_plural.argument_spec(resource), **args)


def conn(number, **extra):
    return dict(existing(id=str(1000 + number), connection_name="c-%d" % number, user_name="user%04d" % number,
                         password="Pass-word-%d" % number), **extra)


def item(number, **extra):
    return dict({"connection_name": "c-%d" % number, "user_name": "user%04d" % number,
                 "password": "Pass-word-%d" % number}, **extra)


def listing(objects, number=1, total_pages=1, total=None):
    return {"data": objects, "meta": {"page_number": number, "page_size": 250, "total_pages": total_pages,
                                      "total_results": len(objects) if total is None else total}}


def read(objects):
    """The snapshot's read of a one-page account."""
    return Call("GET", COLLECTION, params=list_params(), body=listing(objects))


def absent(name):
    """The live lookup by name of an item the snapshot lacks, finding nothing: what precedes every create."""
    return Call("GET", COLLECTION, params=list_params(name), body=listing([]))


def fleet(number, **extra):
    """An item of the fleet scope, matching conn(number, tags=["fleet"]) also where replaced compares defaults."""
    return item(number, tags=["fleet"], default_on_hold_comfort_noise_enabled=True, **extra)


def run(calls, config, resource=CREDENTIAL_CONNECTION, check_mode=False, diff_mode=False, **options):
    session = FakeSession(calls)
    client = TelnyxClient(api_key=API_KEY, session=session, sleep=lambda seconds: None)
    try:
        return _plural.run(resource, params(config, resource, **options), check_mode=check_mode,
                           diff_mode=diff_mode, client=client), session
    finally:
        session.assert_done()


def refused(config, resource=CREDENTIAL_CONNECTION, **options):
    """The failure of a task that must fail before any request (run() with no call scripted)."""
    with pytest.raises(ResourceFailure) as failure:
        run([], config, resource, **options)
    return failure.value


# Validation: every item and option, before any request

@pytest.mark.parametrize("bad, option", [
    ({"connection_name": "x", "user_name": "a b"}, "user_name"),
    ({"connection_name": "x", "id": "12/../13"}, "id"),
    ({"connection_name": "x", "webhook_timeout_secs": 99}, "webhook_timeout_secs"),
])
def test_a_bad_item_is_named_by_index_name_and_option_with_nothing_sent(bad, option):
    failure = refused([item(0), bad])
    assert "config[1] (connection_name 'x'" in failure.msg and option in failure.msg, failure.msg
    assert "config[0]" not in failure.msg and "nothing was sent" in failure.msg


def test_a_password_in_a_bad_item_is_never_in_the_message():
    failure = refused([item(0, password="short-secret-but-ok", user_name="a b")])
    assert "short-secret-but-ok" not in str(failure.msg) + str(failure.details)
    assert "config[0] (connection_name 'c-0')" in failure.msg


@pytest.mark.parametrize("first, second, key", [
    (item(0), item(0, user_name="other01"), "connection_name 'c-0'"),
    ({"id": "1001", "active": True}, {"id": "1001", "active": False}, "id '1001'"),
])
def test_two_items_for_one_object_are_refused_before_any_request(first, second, key):
    failure = refused([first, item(5), second])
    assert "config[2]" in failure.msg and "as config[0] (%s)" % key in failure.msg


def test_an_id_and_a_name_of_one_object_are_refused_after_the_read_and_before_any_write():
    failure = None
    with pytest.raises(ResourceFailure) as failure:
        run([read([conn(1), conn(2)])], [{"id": "1001", "active": False}, item(1)])
    assert "config[1]" in failure.value.msg and "1001" in failure.value.msg and "config[0]" in failure.value.msg


@pytest.mark.parametrize("options, rule", [
    (dict(state="overridden"), "needs scope.tag or scope.name_prefix"),
    (dict(state="overridden", scope={"tag": " "}), "scope.tag: must be a non-empty value"),
    (dict(scope={"tag": "a", "name_prefix": "b"}), "not both"),
    (dict(workers=0), "workers: must be between 1 and 32, got 0"),
    (dict(workers=33), "workers: must be between 1 and 32, got 33"),
    (dict(request_timeout=-1), "request_timeout"),
])
def test_options_that_cannot_work_fail_before_any_request(options, rule):
    assert rule in refused([item(0)], **options).msg


@pytest.mark.parametrize("workers", [1, 32])
def test_workers_inside_the_bounds_are_taken(workers):
    assert not _plural.task_problems(CREDENTIAL_CONNECTION, params([item(0)], workers=workers))


@pytest.mark.parametrize("state, options", [
    ("overridden", dict(scope={"tag": "fleet"})),
    ("deleted", dict(scope={"tag": "fleet"})),
    ("deleted", {}),
])
def test_an_empty_config_that_would_delete_is_refused_without_allow_empty(state, options):
    for config in ([], None):
        failure = refused(config, state=state, **options)
        assert "allow_empty=true" in failure.msg and "config: is empty" in failure.msg


def test_allow_empty_with_deleted_still_needs_a_scope():
    assert "needs scope.tag" in refused([], state="deleted", allow_empty=True).msg


def test_allow_empty_lets_an_empty_overridden_purge_its_scope():
    calls = [read([conn(0, tags=["fleet"]), conn(1, tags=["other"])]),
             Call("DELETE", COLLECTION + "/1000", body={"data": conn(0)})]
    (result, dummy), dummy = run(calls, [], state="overridden", scope={"tag": "fleet"}, allow_empty=True)
    assert [entry["id"] for entry in result["purged"]] == ["1000"] and result["counts"]["purged"] == 1


@pytest.mark.parametrize("scope, fix", [({"tag": "fleet"}, "the tag in tags"),
                                        ({"name_prefix": "lab-"}, "a name with the prefix")])
def test_an_item_outside_the_scope_is_refused_under_overridden(scope, fix):
    failure = refused([item(0, tags=["fleet"], connection_name="lab-0"), item(1, tags=["other"])],
                      state="overridden", scope=scope)
    assert "config[1] (connection_name 'c-1'): is not inside the scope" in failure.msg and fix in failure.msg
    assert "config[0]" not in failure.msg


def test_the_message_names_twenty_problems_and_counts_the_rest():
    failure = refused([{"connection_name": "x%d" % number, "user_name": "a b"} for number in range(25)])
    assert len(failure.details["invalid"]) == 25
    assert "config[19] (connection_name 'x19')" in failure.msg and "config[20]" not in failure.msg
    assert failure.msg.endswith("(and 5 more problems: see invalid)")


def test_phone_numbers_refuse_deleted_and_overridden_by_their_choices():
    spec = _plural.argument_spec(PHONE_NUMBER)
    assert spec["state"]["choices"] == ["merged", "replaced", "gathered"]
    assert "deleted" in _plural.argument_spec(CREDENTIAL_CONNECTION)["state"]["choices"]
    for state in ("deleted", "overridden"):
        errors = ArgumentSpecValidator(spec).validate(
            dict(api_key=API_KEY, state=state, config=[{"phone_number": "+13125550100"}])).error_messages
        assert any("state" in error and state in error for error in errors), errors


def test_a_purge_never_deletes_what_the_resource_cannot_delete():
    # Even a state the spec refuses for phone numbers finds nothing to purge: the snapshot is read, nothing sent.
    number = {"id": "77", "phone_number": "+13125550100", "tags": ["fleet"], "connection_id": None}
    session = FakeSession([Call("GET", "/phone_numbers", body=listing([number]))])
    client = TelnyxClient(api_key=API_KEY, session=session, sleep=lambda seconds: None)
    args = params([], PHONE_NUMBER)
    args.update(state="overridden", scope={"tag": "fleet"}, allow_empty=True)
    result, dummy = _plural.run(PHONE_NUMBER, args, client=client)
    session.assert_done()
    assert result["purged"] == [] and session.writes == []


# merged, replaced, overridden, deleted

def test_merged_reads_the_account_once_and_sends_only_the_writes():
    account = [conn(0), conn(1, active=False), conn(2)]
    calls = [read(account),
             Call("PATCH", COLLECTION + "/1001", json_body={"active": True}, body={"data": conn(1)}),
             absent("c-3"), Call("POST", COLLECTION, body={"data": conn(3)})]
    (result, warnings), session = run(calls, [item(0), item(1, active=True), item(3)], diff_mode=True)
    assert [entry["action"] for entry in result["credential_connections"]] == ["none", "update", "create"]
    assert result["counts"] == dict(total=3, created=1, updated=1, deleted=0, unchanged=1, failed=0, purged=0)
    assert result["requests"] == len(session.sent) == 4
    # An unchanged item's object is left out unless full_results; a changed one's password is masked.
    assert "credential_connection" not in result["credential_connections"][0]
    assert result["credential_connections"][1]["credential_connection"]["password"] == "********"
    assert [diff["before_header"] for diff in result["diff"]] == [
        "config[1] (connection_name 'c-1')", "config[2] (connection_name 'c-3')"]
    assert [(command["method"], command["path"]) for command in result["commands"]] == [
        ("PATCH", COLLECTION + "/1001"), ("POST", COLLECTION)]
    assert warnings == []


def test_full_results_keeps_the_unchanged_objects():
    (result, dummy), dummy = run([read([conn(0), conn(1)])], [item(0), item(1)], full_results=True)
    assert [entry["credential_connection"]["id"] for entry in result["credential_connections"]] == ["1000", "1001"]


def test_replaced_returns_an_option_not_given_to_its_default_and_leaves_secrets_and_undefaulted_alone():
    # c-0 differs from the schema in one defaulted option (comfort noise), one option without a default
    # (webhook_event_url) and its password; replaced sends the default, nothing else.
    calls = [read([conn(0), conn(1)]),
             Call("PATCH", COLLECTION + "/1000", json_body={"default_on_hold_comfort_noise_enabled": False},
                  body={"data": conn(0, default_on_hold_comfort_noise_enabled=False)})]
    given = [{"connection_name": "c-0", "user_name": "user0000"},
             {"connection_name": "c-1", "user_name": "user0001", "default_on_hold_comfort_noise_enabled": True}]
    (result, dummy), dummy = run(calls, given, state="replaced")
    assert result["counts"]["updated"] == 1 and result["counts"]["unchanged"] == 1


def test_merged_leaves_an_option_not_given_alone():
    given = [{"connection_name": "c-0", "user_name": "user0000"}, {"connection_name": "c-1"}]
    (result, dummy), dummy = run([read([conn(0), conn(1)])], given)
    assert result["changed"] is False and result["commands"] == []


def test_overridden_purges_only_unlisted_objects_inside_the_scope():
    account = [conn(0, tags=["fleet"]), conn(1, tags=["fleet"]), conn(2, tags=["other"]), conn(3, tags=["fleet"])]
    calls = [read(account), Call("DELETE", COLLECTION + "/1001", body={"data": conn(1)})]
    (result, dummy), dummy = run(calls, [fleet(0), {"id": "1003", "tags": ["fleet"],
                                                    "default_on_hold_comfort_noise_enabled": True}],
                                 state="overridden", scope={"tag": "fleet"}, diff_mode=True)
    assert [entry["id"] for entry in result["purged"]] == ["1001"] and result["counts"]["purged"] == 1
    # A purge names the object by id alone; its result still says which one went.
    assert result["purged"][0]["connection_name"] == "c-1"
    # The diff names what is purged in one line (issue 22 point 6); the whole object is in the entry.
    assert result["diff"][-1]["before"] == "credential connection 'c-1' (id 1001)\n"
    assert result["diff"][-1]["after"] == ""
    assert result["purged"][0]["deleted"]["user_name"] == "user0001"
    assert result["purged"][0]["deleted"]["password"] == "********"
    assert result["commands"] == [{"method": "DELETE", "path": COLLECTION + "/1001"}]


def test_a_name_prefix_scope_is_case_sensitive():
    account = [conn(0), dict(conn(1), connection_name="C-1")]
    calls = [read(account), Call("DELETE", COLLECTION + "/1000", body={"data": conn(0)})]
    (result, dummy), dummy = run(calls, [], state="overridden", scope={"name_prefix": "c-"}, allow_empty=True)
    assert [entry["id"] for entry in result["purged"]] == ["1000"]


def test_a_scope_narrows_the_read_of_the_account_where_the_list_can_filter_on_it():
    # A name prefix of three characters or more: the list's connection_name filter; the prefix still decides
    # (the filter matches anywhere in the name, and ignores case).
    account = [conn(0, connection_name="lab-0"), conn(1, connection_name="LAB-1"), conn(2, connection_name="x-lab-2")]
    calls = [Call("GET", COLLECTION, params=list_params("lab-"), body=listing(account)),
             Call("DELETE", COLLECTION + "/1000", body={"data": account[0]})]
    (result, dummy), dummy = run(calls, [], state="overridden", scope={"name_prefix": "lab-"}, allow_empty=True)
    assert [entry["id"] for entry in result["purged"]] == ["1000"]
    # A tag, where the list has a tag filter (phone numbers): only the tagged numbers are read.
    number = {"id": "77", "phone_number": "+13125550100", "tags": ["fleet"], "connection_id": None}
    session = FakeSession([Call("GET", "/phone_numbers", params={"page[size]": 250, "page[number]": 1,
                                                                 "filter[tag]": "fleet"}, body=listing([number]))])
    client = TelnyxClient(api_key=API_KEY, session=session, sleep=lambda seconds: None)
    args = params(None, PHONE_NUMBER)
    args.update(state="gathered", scope={"tag": "fleet"})
    gathered, dummy = _plural.run(PHONE_NUMBER, args, client=client)
    session.assert_done()
    assert [entry["phone_number"] for entry in gathered["gathered"]] == ["+13125550100"]


def test_items_by_id_and_by_name_read_the_whole_account_even_within_a_scope():
    # Two items may name one object, one by id and one by name: only the whole list shows it.
    account = [conn(0, connection_name="lab-0"), conn(1, connection_name="lab-1")]
    (result, dummy), session = run([read(account)], [{"id": "1000"}, {"connection_name": "lab-1"}],
                                   state="merged", scope={"name_prefix": "lab-"})
    assert result["changed"] is False and session.writes == []


def test_deleted_deletes_the_listed_objects_only():
    calls = [read([conn(0), conn(1), conn(2)]), Call("DELETE", COLLECTION + "/1001", body={"data": conn(1)}),
             Call("DELETE", COLLECTION + "/1002", body={"data": conn(2)}), absent("c-9")]
    (result, dummy), dummy = run(calls, [{"connection_name": "c-1"}, {"id": "1002"}, {"connection_name": "c-9"}],
                                 state="deleted")
    assert [entry["action"] for entry in result["credential_connections"]] == ["delete", "delete", "none"]
    assert result["counts"]["deleted"] == 2 and result["counts"]["unchanged"] == 1 and result["purged"] == []


def test_one_item_reads_only_its_own_object():
    calls = [Call("GET", COLLECTION + "/1000", status=404, body={"errors": [{"title": "Not found"}]})]
    (result, dummy), dummy = run(calls, [{"id": "1000"}], state="deleted")
    assert result["changed"] is False and result["requests"] == 1


def test_few_items_on_a_big_account_read_their_own_objects_instead():
    calls = [Call("GET", COLLECTION, params=list_params(), body=listing([conn(n) for n in range(250)], 1, 40)),
             Call("GET", COLLECTION, params=list_params("c-3"), body=listing([conn(3)])),
             Call("GET", COLLECTION, params=list_params("c-7"), body=listing([conn(7)]))]
    (result, dummy), dummy = run(calls, [item(3), item(7)])
    assert result["counts"]["unchanged"] == 2 and result["requests"] == 3


# gathered

def test_gathered_feeds_back_as_config_with_zero_writes():
    account = [conn(0, tags=["fleet"]), conn(1, tags=["fleet"], active=False), conn(2, tags=["other"])]
    (result, dummy), session = run([read(account)], None, state="gathered", scope={"tag": "fleet"})
    gathered = result["gathered"]
    assert [entry["connection_name"] for entry in gathered] == ["c-0", "c-1"] and session.writes == []
    assert all("password" not in entry for entry in gathered)
    assert result["changed"] is False
    for state in ("merged", "replaced"):
        (again, dummy), session = run([read(account)], gathered, state=state)
        assert again["changed"] is False and again["commands"] == [] and session.writes == [], state


def test_gathered_feeds_back_for_outbound_voice_profiles():
    profile = {"id": "9", "name": "ovp-1", "enabled": True, "traffic_type": "conversational",
               "service_plan": "global", "concurrent_call_limit": None, "daily_spend_limit_enabled": False,
               "max_destination_rate": None, "tags": ["fleet"], "usage_payment_method": "rate-deck",
               "whitelisted_destinations": ["US"],
               "call_recording": {"call_recording_type": "none", "call_recording_channels": "single",
                                  "call_recording_format": "wav"},
               "billing_group_id": None, "connections_count": 0}
    calls = [Call("GET", "/outbound_voice_profiles", body=listing([profile]))]
    (result, dummy), dummy = run(calls, None, OUTBOUND_VOICE_PROFILE, state="gathered")
    # One item (gathered with its id) is read by its id alone.
    calls = [Call("GET", "/outbound_voice_profiles/9", body={"data": profile})]
    (again, dummy), session = run(calls, result["gathered"], OUTBOUND_VOICE_PROFILE, state="replaced")
    assert result["gathered"][0]["name"] == "ovp-1"
    assert again["changed"] is False and session.writes == []


# The snapshot a run plans from

def test_an_item_missing_from_the_snapshot_is_looked_up_before_a_create():
    # The read missed c-5 (shifted out by someone else's delete): it exists, so no duplicate is created.
    calls = [read([conn(0)]), Call("GET", COLLECTION, params=list_params("c-5"), body=listing([conn(5)]))]
    (result, dummy), session = run(calls, [item(0), item(5)])
    assert session.writes == [] and result["counts"]["unchanged"] == 2


def test_a_list_whose_pages_disagree_is_read_again_before_a_purge():
    first = [conn(n, tags=["fleet"]) for n in range(250)]
    calls = [Call("GET", COLLECTION, params=list_params(), body=listing(first, 1, 2, total=252)),
             Call("GET", COLLECTION, params=list_params(number=2), body=listing(
                 [conn(250, tags=["fleet"])], 2, 2, total=251)),
             Call("GET", COLLECTION, params=list_params(), body=listing(first, 1, 2, total=251)),
             Call("GET", COLLECTION, params=list_params(number=2), body=listing(
                 [conn(250, tags=["fleet"])], 2, 2, total=251)),
             Call("DELETE", COLLECTION + "/1250", body={"data": conn(250)})]
    keep = [fleet(n) for n in range(250)]
    (result, warnings), dummy = run(calls, keep, state="overridden", scope={"tag": "fleet"})
    assert [entry["id"] for entry in result["purged"]] == ["1250"] and warnings == []


def test_a_list_that_never_reads_steady_purges_nothing_and_warns():
    # An id on two pages at every read: the list keeps shifting, so no purge trusts it.
    first = [conn(n, tags=["fleet"]) for n in range(250)]
    second = [conn(249, tags=["fleet"]), conn(250, tags=["fleet"])]
    calls = []
    for dummy in range(3):
        calls += [Call("GET", COLLECTION, params=list_params(), body=listing(first, 1, 2, total=252)),
                  Call("GET", COLLECTION, params=list_params(number=2), body=listing(second, 2, 2, total=252))]
    (result, warnings), session = run(calls, [fleet(0)], state="overridden", scope={"tag": "fleet"})
    assert result["purged"] == [] and session.writes == []
    assert any("nothing was purged" in warning for warning in warnings)


# Check mode predicts the real run

def scenario():
    account = [conn(0, tags=["fleet"], active=False), conn(1, tags=["fleet"]), conn(2, tags=["fleet"])]
    config = [fleet(0, active=True), fleet(5),
              {"id": "1002", "tags": ["fleet"], "default_on_hold_comfort_noise_enabled": True}]
    return account, config


def test_check_mode_reads_only_and_its_commands_are_the_real_runs_writes():
    account, config = scenario()
    options = dict(state="overridden", scope={"tag": "fleet"})
    (predicted, dummy), session = run([read(account), absent("c-5")], config, check_mode=True, **options)
    assert session.writes == []
    assert [entry["action"] for entry in predicted["credential_connections"]] == ["update", "create", "none"]
    assert predicted["credential_connections"][1]["credential_connection"]["id"] is None
    writes = [Call("PATCH", COLLECTION + "/1000", body={"data": conn(0, tags=["fleet"])}),
              absent("c-5"), Call("POST", COLLECTION, body={"data": conn(5, tags=["fleet"])}),
              Call("DELETE", COLLECTION + "/1001", body={"data": conn(1)})]
    (applied, dummy), session = run([read(account)] + writes, config, **options)
    sent = [dict(method=write["method"], path=write["path"], **({"body": write["json"]} if write["json"] else {}))
            for write in session.writes]
    assert predicted["commands"] == applied["commands"]
    # The commands show the secrets masked; apart from them they are what was sent.
    assert [(c["method"], c["path"]) for c in sent] == [(c["method"], c["path"]) for c in applied["commands"]]
    assert applied["commands"][1]["body"]["password"] != "Pass-word-5"
    assert "Pass-word-5" not in str(predicted)
    assert predicted["counts"] == applied["counts"] == dict(total=3, created=1, updated=1, deleted=0, unchanged=1,
                                                            failed=0, purged=1)


# A partial failure

def test_a_failed_item_does_not_stop_the_others_and_the_failure_names_both_sides():
    calls = [read([]), absent("c-0"),
             Call("POST", COLLECTION, status=422, body={"errors": [{"title": "user_name has already been taken",
                                                                    "source": {"pointer": "/user_name"}}]}),
             absent("c-1"), Call("POST", COLLECTION, body={"data": conn(1)})]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, [item(0), item(1)])
    msg = failure.value.msg
    assert "1 of 2" in msg and "config[0] (connection_name 'c-0')" in msg and "already been taken" in msg
    details = failure.value.details
    assert details["failed_items"] == ["config[0] (connection_name 'c-0')"]
    assert details["converged_items"] == ["config[1] (connection_name 'c-1')"]
    assert details["credential_connections"][1]["action"] == "create" and details["counts"]["created"] == 1
    assert details["counts"]["failed"] == 1
    assert details["credential_connections"][0]["failed"] is True and details["changed"] is True


def test_a_partial_failure_carries_the_items_warnings_for_the_task():
    # c-1 is changed and left without an outbound voice profile (a warning); c-0 fails.
    bare = conn(1, outbound={"outbound_voice_profile_id": None})
    calls = [read([bare]), absent("c-0"),
             Call("POST", COLLECTION, status=422, body={"errors": [{"title": "user_name has already been taken"}]}),
             Call("PATCH", COLLECTION + "/1001", body={"data": dict(bare, active=False)})]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, [item(0), item(1, active=False)])
    shown = failure.value.details["warnings_shown"]
    assert shown and shown[0].startswith("config[1] (connection_name 'c-1'): ")


def test_the_task_shows_ten_warnings_and_every_item_keeps_its_own():
    # Twelve connections changed and left without an outbound voice profile: twelve warnings.
    account = [conn(number, outbound={"outbound_voice_profile_id": None}) for number in range(12)]
    patches = [Call("PATCH", COLLECTION + "/%d" % (1000 + number), body={"data": dict(account[number], active=False)})
               for number in range(12)]
    (result, warnings), dummy = run([read(account)] + patches, [item(number, active=False) for number in range(12)])
    assert len(warnings) == 11 and warnings[-1].startswith("2 more warnings like these")
    assert warnings[0].startswith("config[0] (connection_name 'c-0'): ")
    assert all("outbound voice profile" in entry["warnings"][0] for entry in result["credential_connections"])


def test_replaced_refuses_an_item_that_does_not_go_with_the_schema_s_defaults():
    # Found by the identity property: a minimum of 201 beside the default maximum of 200; the single module given
    # the same options refuses them, so the plural task must too, before any request.
    failure = refused([item(0, jitter_buffer={"jitterbuffer_msec_min": 201})], state="replaced")
    assert "jitterbuffer_msec_min (201) must not exceed jitter_buffer.jitterbuffer_msec_max (200)" in failure.msg
