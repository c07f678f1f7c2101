# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bulk writes (plugins/module_utils/_bulk.py) over scripted HTTP: phone_numbers' sweeps and jobs, request by
request: grouping and chunking, the polls guided by etc, each number's outcome from its job, the quota, a lost
answer to the job's POST, check mode."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils import _bulk, _plural
from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._engine import Item, ItemResult
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.plugins.module_utils._planner import Plan, UPDATE
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure

from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import validated_params
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import number, voice

import requests

API_KEY = "unit-key-1"
NUMBERS = "/phone_numbers"
JOBS = "/phone_numbers/jobs"
POST = JOBS + "/update_phone_numbers"
OLD, NEW = "1293384261075731499", "1293384261075731777"
JOB_ID = "42587e44-3a3e-46de-9255-0c9a7a1d1ec7"
PAGE = {"page[size]": 250, "page[number]": 1}
KNOWN = {"filter[type]": "update_phone_numbers", "page[size]": 250, "page[number]": 1}


def nid(index):
    return str(1293384261075731600 + index)


def e164(index):
    return "+1312555%04d" % index


def account(count, **extra):
    return [number(id=nid(index), phone_number=e164(index), connection_id=OLD, **extra) for index in range(count)]


def listing(objects):
    return {"data": objects, "meta": {"page_number": 1, "page_size": 250, "total_pages": 1,
                                      "total_results": len(objects)}}


def job(status, ids, done=(), failed=None, etc="2026-12-03T10:00:03.000Z", created="2026-12-03T10:00:00.000Z"):
    failed = failed or {}
    return {"id": JOB_ID, "record_type": "phone_numbers_job", "type": "update_phone_numbers", "status": status,
            "created_at": created, "updated_at": created, "etc": etc,
            "phone_numbers": [{"id": one} for one in ids],
            "successful_operations": [{"id": one, "phone_number": e164(int(one) - 1293384261075731600)}
                                      for one in done],
            "failed_operations": [{"id": one, "phone_number": e164(int(one) - 1293384261075731600),
                                   "errors": [{"code": "10015", "title": "Bad Request", "detail": detail,
                                               "source": {"pointer": "/hd_voice_enabled"}}]}
                                  for one, detail in failed.items()],
            "pending_operations": [{"id": one} for one in ids if one not in done and one not in failed]
            if status in ("pending", "in_progress", "expired") else []}


class Clock:
    """The run's clock and the client's sleep at once: every sleep moves the clock, and is kept."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(_bulk, "now", lambda: fake.now)
    return fake


def run(calls, config, clock, check_mode=False, **options):
    session = FakeSession(calls)
    client = TelnyxClient(api_key=API_KEY, session=session, sleep=clock.sleep, max_retries=2)
    args = validated_params(_plural.argument_spec(PHONE_NUMBER), api_key=API_KEY, max_retries=2, workers=1,
                            config=config, **options)
    try:
        return _plural.run(PHONE_NUMBER, args, check_mode=check_mode, client=client), session
    finally:
        session.assert_done()


def repoint(count):
    return [{"phone_number": e164(index), "connection_id": NEW} for index in range(count)]


# Grouping and chunking, no request

def staged(payload, index):
    result = ItemResult(Item(index, {}, dict(payload), "config[%d]" % index))
    result.current = {"id": nid(index)}
    result.plan = Plan(UPDATE, payload, dict(payload))
    return result


def test_the_same_body_is_one_job_of_at_most_1000_numbers_and_small_groups_or_clears_go_by_patch():
    repointed = [staged({"connection_id": NEW}, index) for index in range(1003)]
    tagged = [staged({"tags": ["a"], "tech_prefix_enabled": True}, 2000 + index) for index in range(5)]
    few = [staged({"tags": ["b"]}, 3000 + index) for index in range(4)]
    cleared = [staged({"connection_id": ""}, 4000 + index) for index in range(6)]
    jobs, rest = _bulk.plan_jobs(PHONE_NUMBER, repointed + tagged + few + cleared)
    assert [(job.body, len(job.members)) for job in jobs] == [
        ({"connection_id": NEW}, 1000), ({"connection_id": NEW}, 3),
        ({"tags": ["a"], "voice": {"tech_prefix_enabled": True}}, 5)]
    assert [result.item.index for result in rest] == [3000, 3001, 3002, 3003] + list(range(4000, 4006))


# A run by job, request by request

def test_a_change_shared_by_many_numbers_is_one_job_polled_at_its_etc_and_read_back(clock):
    ids = [nid(index) for index in range(6)]
    before, after = account(6), [dict(obj, connection_id=NEW) for obj in account(6)]
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(before)),
             Call("GET", JOBS, params=KNOWN, body=listing([])),
             Call("POST", POST, status=202, json_body={"connection_id": NEW, "phone_numbers": ids},
                  body={"data": job("pending", ids)}),
             Call("GET", JOBS + "/" + JOB_ID, body={"data": job("completed", ids, done=ids)}),
             Call("GET", NUMBERS, params=PAGE, body=listing(after))]
    (result, warnings), session = run(calls, repoint(6), clock)
    # The first poll waits for what etc says the job takes (3 s), no sooner.
    assert clock.sleeps == [3.0]
    assert result["counts"]["updated"] == 6 and result["changed"] is True and warnings == []
    assert {entry["job"] for entry in result["phone_numbers"]} == {JOB_ID}
    assert result["jobs"] == [{"id": JOB_ID, "status": "completed", "body": {"connection_id": NEW},
                               "phone_numbers": ids, "succeeded": 6, "failed": 0}]
    assert result["commands"] == [{"method": "POST", "path": POST, "body": {"connection_id": NEW, "phone_numbers": ids}}]
    assert [write["path"] for write in session.writes] == [POST]


def test_polls_back_off_once_etc_has_passed(clock):
    ids = [nid(index) for index in range(5)]
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(account(5))),
             Call("GET", JOBS, params=KNOWN, body=listing([])),
             Call("POST", POST, status=202, body={"data": job("pending", ids, etc="2026-12-03T10:00:01.000Z")})]
    calls += [Call("GET", JOBS + "/" + JOB_ID, body={"data": job("in_progress", ids)}) for dummy in range(3)]
    calls += [Call("GET", JOBS + "/" + JOB_ID, body={"data": job("completed", ids, done=ids)}),
              Call("GET", NUMBERS, params=PAGE, body=listing([dict(obj, connection_id=NEW) for obj in account(5)]))]
    (result, dummy), session = run(calls, repoint(5), clock)
    assert clock.sleeps == [1.0, 0.4, 0.8, 1.6]
    assert result["counts"]["updated"] == 5


def test_a_job_that_fails_for_some_numbers_names_them_with_telnyx_s_reasons_and_the_rest_converge(clock):
    ids = [nid(index) for index in range(5)]
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(account(5))),
             Call("GET", JOBS, params=KNOWN, body=listing([])),
             Call("POST", POST, status=202, body={"data": job("pending", ids)}),
             Call("GET", JOBS + "/" + JOB_ID, body={"data": job(
                 "completed", ids, done=ids[:3] + ids[4:], failed={ids[3]: "HD voice is not available"})}),
             Call("GET", NUMBERS, params=PAGE, body=listing(
                 [dict(obj, hd_voice_enabled=obj["id"] != ids[3]) for obj in account(5)]))]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, [{"phone_number": e164(index), "hd_voice_enabled": True} for index in range(5)], clock)
    details = failure.value.details
    assert "1 of 5" in failure.value.msg and "HD voice is not available (at /hd_voice_enabled)" in failure.value.msg
    assert JOB_ID in failure.value.msg
    assert details["failed_items"] == ["config[3] (phone_number '+13125550003')"]
    assert details["counts"]["updated"] == 4 and details["counts"]["failed"] == 1
    entry = details["phone_numbers"][3]
    assert entry["failed"] is True and entry["job"] == JOB_ID and entry["errors"][0]["detail"] == "HD voice is not available"


def test_a_job_that_expires_fails_its_unwritten_numbers_naming_the_job(clock):
    ids = [nid(index) for index in range(5)]
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(account(5))),
             Call("GET", JOBS, params=KNOWN, body=listing([])),
             Call("POST", POST, status=202, body={"data": job("pending", ids)}),
             Call("GET", JOBS + "/" + JOB_ID, body={"data": job("expired", ids)}),
             Call("GET", NUMBERS, params=PAGE, body=listing(account(5)))]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, repoint(5), clock)
    assert "5 of 5" in failure.value.msg and "Telnyx job %s expired" % JOB_ID in failure.value.msg
    assert "5 pending" in failure.value.msg and failure.value.details["jobs"][0]["status"] == "expired"


def test_a_full_quota_is_waited_out_and_the_job_sent_once_accepted(clock):
    ids = [nid(index) for index in range(5)]
    full = {"errors": [{"code": "10015", "title": "Bad Request", "source": {"pointer": "/base"},
                        "detail": "You can have at most 20 pending or in progress jobs"}]}
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(account(5))),
             Call("GET", JOBS, params=KNOWN, body=listing([])),
             Call("POST", POST, status=422, body=full),
             Call("POST", POST, status=422, body=full),
             Call("POST", POST, status=202, body={"data": job("completed", ids, done=ids)}),
             Call("GET", NUMBERS, params=PAGE, body=listing([dict(obj, connection_id=NEW) for obj in account(5)]))]
    (result, dummy), session = run(calls, repoint(5), clock)
    assert clock.sleeps == [1.0, 1.5]
    assert result["counts"]["updated"] == 5 and len(result["commands"]) == 1


def test_a_lost_answer_to_the_job_s_post_is_found_in_the_jobs_list_never_posted_twice(clock):
    ids = [nid(index) for index in range(5)]
    older = dict(job("completed", ids, done=ids), id="00000000-0000-4000-8000-000000000001")
    dropped = requests.exceptions.ConnectionError("Connection aborted.")
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(account(5))),
             Call("GET", JOBS, params=KNOWN, body=listing([older])),
             Call("POST", POST, raise_exc=dropped),
             # The older job names the same numbers but was there before this run: it is not ours.
             Call("GET", JOBS, params=KNOWN, body=listing([older])),
             Call("GET", JOBS, params=KNOWN, body=listing([job("in_progress", ids), older])),
             Call("GET", JOBS + "/" + JOB_ID, body={"data": job("completed", ids, done=ids)}),
             Call("GET", NUMBERS, params=PAGE, body=listing([dict(obj, connection_id=NEW) for obj in account(5)]))]
    (result, warnings), session = run(calls, repoint(5), clock)
    assert [write["path"] for write in session.writes] == [POST]
    assert result["counts"]["updated"] == 5 and any("was made; it was found" in warning for warning in warnings)


def test_a_lost_answer_whose_job_is_not_found_fails_saying_it_may_still_run(clock):
    dropped = requests.exceptions.ConnectionError("Connection aborted.")
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(account(5))),
             Call("GET", JOBS, params=KNOWN, body=listing([])),
             Call("POST", POST, raise_exc=dropped)]
    calls += [Call("GET", JOBS, params=KNOWN, body=listing([])) for dummy in range(3)]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, repoint(5), clock)
    assert "may still run" in failure.value.msg and "not sent again" in failure.value.msg
    assert failure.value.details["counts"]["failed"] == 5


def test_check_mode_sends_only_the_sweeps_and_shows_the_exact_jobs(clock):
    ids = [nid(index) for index in range(6)]
    voices = [voice(id=one) for one in ids]
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(account(6))),
             Call("GET", NUMBERS + "/voice", params=PAGE, body=listing(voices))]
    config = [{"phone_number": e164(index), "connection_id": NEW, "tech_prefix_enabled": True} for index in range(6)]
    (result, dummy), session = run(calls, config, clock, check_mode=True)
    assert session.writes == []
    assert result["commands"] == [{"method": "POST", "path": POST, "body": {
        "connection_id": NEW, "voice": {"tech_prefix_enabled": True}, "phone_numbers": ids}}]
    assert result["jobs"][0]["id"] is None and result["counts"]["updated"] == 6


def test_no_voice_sweep_without_a_voice_option_and_a_handful_goes_by_patch(clock):
    numbers = account(2)
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(numbers))]
    calls += [Call("PATCH", NUMBERS + "/" + obj["id"], json_body={"connection_id": NEW},
                   body={"data": dict(obj, connection_id=NEW)}) for obj in numbers]
    (result, dummy), session = run(calls, repoint(2), clock)
    assert "/phone_numbers/voice" not in [sent["path"] for sent in session.sent]
    assert result["counts"]["updated"] == 2 and result["jobs"] == []


def test_threads_naming_one_connection_share_one_lookup():
    import threading
    import time as clock_time

    from ansible_collections.telnyx.voice.plugins.module_utils._engine import Engine

    class Target:
        path, label = "/credential_connections", "credential connection"
        calls = 0

        def lookup(self, client, name):
            Target.calls += 1
            clock_time.sleep(0.05)
            return [{"id": "7", "connection_name": name}]

    engine = Engine(PHONE_NUMBER, pool=None)
    found = []
    threads = [threading.Thread(target=lambda: found.append(engine.resolve_name(Target(), "trunk", "connection_name",
                                                                                None, [])))
               for dummy in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == ["7"] * 8 and Target.calls == 1


def test_a_job_that_cannot_be_read_is_given_up_on_naming_it_after_five_polls(clock):
    ids = [nid(index) for index in range(5)]
    calls = [Call("GET", NUMBERS, params=PAGE, body=listing(account(5))),
             Call("GET", JOBS, params=KNOWN, body=listing([])),
             Call("POST", POST, status=202, body={"data": job("pending", ids)})]
    # Each poll is a GET with its own retries (max_retries=2): 3 answers of 503 a poll, 5 polls.
    calls += [Call("GET", JOBS + "/" + JOB_ID, status=503, body={"errors": [{"title": "Unavailable"}]})
              for dummy in range(15)]
    with pytest.raises(ResourceFailure) as failure:
        run(calls, repoint(5), clock)
    assert "Telnyx job %s could not be read 5 times in a row" % JOB_ID in failure.value.msg
    assert "may still run" in failure.value.msg and failure.value.details["counts"]["failed"] == 5
