# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet core (plugins/module_utils/_fleet.py) over scripted HTTP: validation before any request, the read
strategy, the snapshot client's first-read rule, the shared rate gate, exclusive mode's scope, the result."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils import _fleet
from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxApiError, TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure

from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, existing, page

COLLECTION = "/credential_connections"


def params(connections, **options):
    base = dict(api_key="unit-key-1", base_url="https://api.telnyx.com/v2", validate_certs=True,
                request_timeout=5, max_retries=2, retry_max_delay=0.1, connections=connections, exclusive=False,
                scope=None, workers=1, full_results=False)
    base.update(options)
    return base


def client(calls):
    session = FakeSession(calls)
    return TelnyxClient(api_key="unit-key-1", session=session, sleep=lambda seconds: None), session


def conn(number, **extra):
    return dict(existing(id=str(1000 + number), connection_name="c-%d" % number, user_name="user%04d" % number,
                         password="Pass-word-%d" % number), **extra)


def item(number, **extra):
    return dict({"connection_name": "c-%d" % number, "user_name": "user%04d" % number,
                 "password": "Pass-word-%d" % number}, **extra)


def run(calls, connections, check_mode=False, diff_mode=False, **options):
    fake, session = client(calls)
    try:
        return _fleet.run_fleet(CREDENTIAL_CONNECTION, params(connections, **options), check_mode=check_mode,
                                diff_mode=diff_mode, client=fake), session
    finally:
        session.assert_done()


# Validation: every item, before any request

@pytest.mark.parametrize("bad, option", [
    ({"connection_name": "c-1", "inbound": {"channel_limit": "lots"}}, "channel_limit"),
    ({"connection_name": "c-1", "state": "gone"}, "state"),
    ({"connection_name": "c-1", "user_name": "a b"}, "user_name"),
    ({"id": "12/../13"}, "id"),
    ({"connection_name": "c-1", "surprise": 1}, "surprise"),
    ({"active": True}, "connection_name"),
])
def test_a_bad_item_is_named_by_index_name_and_option_with_nothing_sent(bad, option):
    with pytest.raises(ResourceFailure) as failure:
        run([], [item(0), bad])
    assert "connections[1]" in failure.value.msg and option in failure.value.msg, failure.value.msg
    assert "connections[0]" not in failure.value.msg
    if "connection_name" in bad:
        assert "connection_name 'c-1'" in failure.value.msg


def test_an_item_that_is_not_a_dict_is_refused():
    with pytest.raises(ResourceFailure) as failure:
        run([], [item(0), "c-1"])
    assert "connections[1]: must be a dictionary" in failure.value.msg


def test_a_password_in_a_bad_item_is_never_in_the_message():
    with pytest.raises(ResourceFailure) as failure:
        run([], [item(0, password="short-secret-but-ok", inbound="not-a-dict")])
    assert "short-secret-but-ok" not in str(failure.value.msg) + str(failure.value.details)


@pytest.mark.parametrize("first, second", [
    (item(0), item(0, user_name="other01")),
    ({"id": "1001", "active": True}, {"id": "1001", "active": False}),
])
def test_two_items_for_one_connection_are_refused_before_any_request(first, second):
    with pytest.raises(ResourceFailure) as failure:
        run([], [first, item(5), second])
    assert "connections[2]" in failure.value.msg and "connections[0]" in failure.value.msg


def test_an_id_and_a_name_of_one_connection_are_refused_after_the_read_and_before_any_write():
    calls = [Call("GET", COLLECTION, body=page([conn(1), conn(2)]))]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, [{"id": "1001", "active": False}, item(1)])
    assert "connections[1]" in failure.value.msg and "1001" in failure.value.msg


@pytest.mark.parametrize("options, rule", [
    (dict(exclusive=True), "needs scope.tag or scope.name_prefix"),
    (dict(exclusive=True, scope={"tag": " ", "name_prefix": None}), "scope.tag"),
    (dict(scope={"tag": "a", "name_prefix": "b"}), "not both"),
    (dict(workers=0), "workers"),
    (dict(request_timeout=-1), "request_timeout"),
])
def test_options_that_cannot_work_fail_before_any_request(options, rule):
    with pytest.raises(ResourceFailure) as failure:
        run([], [item(0)], **options)
    assert rule in failure.value.msg


# Reading the account

def test_the_account_is_read_once_and_only_the_writes_follow():
    account = [conn(0), conn(1, active=False), conn(2)]
    calls = [Call("GET", COLLECTION, body=page(account)),
             Call("PATCH", COLLECTION + "/1001", json_body={"active": True}, body={"data": conn(1)}),
             Call("POST", COLLECTION, body={"data": conn(3)}),
             Call("DELETE", COLLECTION + "/1002", body={"data": conn(2)})]
    (result, warnings), session = run(calls, [item(0), item(1, active=True), item(3),
                                              {"connection_name": "c-2", "state": "absent"}], diff_mode=True)
    assert [entry["action"] for entry in result["connections"]] == ["none", "update", "create", "delete"]
    assert result["counts"] == dict(total=4, created=1, updated=1, deleted=1, unchanged=1, failed=0, purged=0)
    assert result["requests"] == len(session.sent) == 4
    assert "credential_connection" not in result["connections"][0]
    assert result["connections"][0]["id"] == "1000"
    assert result["connections"][1]["credential_connection"]["password"] == "********"
    assert [diff["before_header"] for diff in result["diff"]] == [
        "connections[1] (connection_name 'c-1')", "connections[2] (connection_name 'c-3')",
        "connections[3] (connection_name 'c-2')"]
    assert warnings == []


def test_every_page_is_read_and_repeated_ids_are_kept_once():
    first = [conn(number) for number in range(250)]
    second = [conn(249)] + [conn(number) for number in range(250, 260)]
    calls = [Call("GET", COLLECTION, body=page(first, 1, 2)), Call("GET", COLLECTION, body=page(second, 2, 2))]
    (result, dummy), dummy = run(calls, [item(0), item(259)])
    assert result["counts"]["unchanged"] == 2 and result["requests"] == 2


def test_few_items_on_a_big_account_read_their_own_connection_instead():
    calls = [Call("GET", COLLECTION, body=page([conn(number) for number in range(250)], 1, 40)),
             Call("GET", COLLECTION, params={"filter[connection_name][contains]": "c-3", "page[size]": 250,
                                             "page[number]": 1}, body=page([conn(3)])),
             Call("GET", COLLECTION, params={"filter[connection_name][contains]": "c-7", "page[size]": 250,
                                             "page[number]": 1}, body=page([conn(7)]))]
    (result, dummy), dummy = run(calls, [item(3), item(7)])
    assert result["counts"]["unchanged"] == 2 and result["requests"] == 3


def test_items_by_id_and_by_name_read_every_page_to_find_one_connection_named_twice():
    calls = [Call("GET", COLLECTION, body=page([conn(number) for number in range(250)], 1, 2)),
             Call("GET", COLLECTION, body=page([conn(250)], 2, 2))]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, [{"id": "1250", "active": True}, item(250)])
    assert "connections[1]" in failure.value.msg and "1250" in failure.value.msg


def test_one_item_reads_only_its_own_connection():
    calls = [Call("GET", COLLECTION + "/1000", status=404, body={"errors": [{"title": "Not found"}]})]
    (result, dummy), dummy = run(calls, [{"id": "1000", "state": "absent"}])
    assert result["changed"] is False and result["requests"] == 1


def test_check_mode_reads_only_and_predicts():
    calls = [Call("GET", COLLECTION, body=page([conn(0, active=False), conn(1)]))]
    (result, dummy), session = run(calls, [item(0, active=True), item(5), {"id": "1001", "state": "absent"}],
                                   check_mode=True)
    assert session.writes == []
    assert [entry["action"] for entry in result["connections"]] == ["update", "create", "delete"]
    assert result["connections"][1]["credential_connection"]["id"] is None


# Exclusive mode

def test_exclusive_removes_only_unnamed_connections_inside_the_scope():
    account = [conn(0, tags=["fleet"]), conn(1, tags=["fleet"]), conn(2, tags=["other"]), conn(3, tags=["fleet"])]
    calls = [Call("GET", COLLECTION, body=page(account)),
             Call("DELETE", COLLECTION + "/1001", body={"data": conn(1)})]
    (result, dummy), dummy = run(calls, [item(0, tags=["fleet"]), {"id": "1003"}], exclusive=True,
                                 scope={"tag": "fleet", "name_prefix": None}, diff_mode=True)
    assert [entry["id"] for entry in result["purged"]] == ["1001"]
    assert result["counts"]["purged"] == 1
    assert result["diff"][-1]["before"]["connection_name"] == "c-1"


def test_a_name_prefix_scope_is_case_sensitive():
    account = [conn(0), dict(conn(1), connection_name="C-1")]
    calls = [Call("GET", COLLECTION, body=page(account)), Call("DELETE", COLLECTION + "/1000", body={"data": conn(0)})]
    (result, dummy), dummy = run(calls, [], exclusive=True, scope={"tag": None, "name_prefix": "c-"})
    assert [entry["id"] for entry in result["purged"]] == ["1000"]
    # A purge names the connection by id alone; its result still says which connection went.
    assert [entry["connection_name"] for entry in result["purged"]] == ["c-0"]


# A partial failure

def test_a_failed_item_does_not_stop_the_others_and_the_failure_names_both_sides():
    calls = [Call("GET", COLLECTION, body=page([])),
             Call("POST", COLLECTION, status=422, body={"errors": [{"title": "user_name has already been taken",
                                                                    "source": {"pointer": "/user_name"}}]}),
             Call("POST", COLLECTION, body={"data": conn(1)})]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, [item(0), item(1)])
    msg = failure.value.msg
    assert "1 of 2" in msg and "connections[0] (connection_name 'c-0')" in msg and "already been taken" in msg
    details = failure.value.details
    assert details["failed_items"] == ["connections[0] (connection_name 'c-0')"]
    assert details["converged_items"] == ["connections[1] (connection_name 'c-1')"]
    assert details["connections"][1]["action"] == "create" and details["counts"]["created"] == 1
    assert details["connections"][0]["failed"] is True and details["changed"] is True


# The pieces

def test_the_snapshot_client_answers_the_first_read_only():
    snapshot = _fleet.Snapshot([conn(0)], "connection_name")
    real, session = client([Call("GET", COLLECTION + "/1000", body={"data": conn(0, active=False)})])
    wrapper = _fleet.SnapshotClient(CREDENTIAL_CONNECTION, real, snapshot, "c-0", {}, None)
    assert wrapper.get(COLLECTION + "/1000")["active"] is True
    assert wrapper.get(COLLECTION + "/1000")["active"] is False  # a read-back goes to Telnyx
    session.assert_done()
    wrapper = _fleet.SnapshotClient(CREDENTIAL_CONNECTION, real, snapshot, "c-9", {}, None)
    with pytest.raises(TelnyxApiError) as error:
        wrapper.get(COLLECTION + "/1009")
    assert error.value.not_found


def test_the_task_shows_ten_warnings_and_every_item_keeps_its_own():
    account = [conn(number, outbound={"outbound_voice_profile_id": None}) for number in range(12)]
    (result, warnings), dummy = run([Call("GET", COLLECTION, body=page(account))], [item(number) for number in range(12)])
    assert len(warnings) == 11 and warnings[-1].startswith("2 more warnings like these")
    assert warnings[0].startswith("connections[0] (connection_name 'c-0'): ")
    assert all("outbound voice profile" in entry["warnings"][0] for entry in result["connections"])


def test_reads_of_other_resources_are_memoised_for_the_whole_run():
    shared, lock = {}, threading.Lock()
    real, session = client([Call("GET", "/outbound_voice_profiles/77", body={"data": {"id": "77"}})])
    for name in ("c-0", "c-1"):
        wrapper = _fleet.SnapshotClient(CREDENTIAL_CONNECTION, real, None, name, shared, lock)
        assert wrapper.get("/outbound_voice_profiles/77") == {"id": "77"}
    session.assert_done()


class Clock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


class Answer:
    def __init__(self, status, **headers):
        self.status_code = status
        self.headers = headers


@pytest.mark.parametrize("answer, wait", [
    (Answer(429, **{"x-ratelimit-reset": "2"}), 2.0),
    (Answer(200, **{"x-ratelimit-remaining": "0", "x-ratelimit-reset": "3"}), 3.0),
    (Answer(429, **{"Retry-After": "1.5"}), 1.5),
    (Answer(429), 1.0),
    (Answer(200, **{"x-ratelimit-remaining": "5", "x-ratelimit-reset": "3"}), 0),
])
def test_the_rate_gate_holds_every_thread_until_the_window_resets(answer, wait):
    clock = Clock()
    gate = _fleet.RateGate(clock=clock.time, sleep=clock.sleep)
    gate.after_answer(answer)
    gate.before_send()
    assert sum(clock.slept) == pytest.approx(wait)
    gate.before_send()
    assert sum(clock.slept) == pytest.approx(wait)  # once the window is open, no more waiting


def test_the_invocation_shows_no_password():
    masked = _fleet.masked_items(CREDENTIAL_CONNECTION, [item(0), "odd", {"id": "1"}])
    assert masked[0]["password"] == "********" and masked[1] == "odd" and "password" not in masked[2]
