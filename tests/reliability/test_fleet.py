# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet module (credential_connections) against the loop of the single module, under faults, and its secrets.

- Property: for any list of items and any account they meet, the fleet leaves the same state as a loop of
  ``credential_connection`` over the same items, with the same ``changed`` and diff per item, refuses exactly
  the items the loop would fail to validate (with nothing sent), and a rerun sends no write. In-process over
  HTTP for many examples; one example through real ansible-playbook in each execution mode.
- Faults: the account's rate limit across the whole run, a 5xx that outlasts an item's retries, a create
  committed after the client gave up, a dropped page.
- Secrets: no password in any result or message, whatever Telnyx echoes.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._fleet import run_fleet
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure

from tests.e2e.conftest import PlaybookRunner
from tests.reliability import strategies as s
from tests.reliability.harness import EXECUTION_MODES, FAST, connections, core_run, execution_env, writes

READ_ONLY = ("id", "created_at", "updated_at")


def fleet_params(emulator, items, **options):
    base = dict(api_key=emulator.api_key, base_url=emulator.base_url, validate_certs=True, connections=items,
                exclusive=False, scope=None, workers=4, full_results=True, **FAST)
    base.update(options)
    return base


def fleet_run(emulator, items, check_mode=False, **options):
    """``(result, None)`` or ``(None, failure)``; the result must serialise as the module's exit does."""
    try:
        result, dummy = run_fleet(CREDENTIAL_CONNECTION, fleet_params(emulator, copy.deepcopy(items), **options),
                                  check_mode=check_mode, diff_mode=True)
    except ResourceFailure as failure:
        json.dumps(failure.details)
        return None, failure
    json.dumps(result)
    return result, None


def comparable_state(emulator, rename=None):
    state = []
    for record in connections(emulator):
        record = {key: value for key, value in record.items() if key not in READ_ONLY}
        if rename:
            record["connection_name"] = rename(record["connection_name"])
        state.append(record)
    return sorted(state, key=lambda record: record["connection_name"])


@st.composite
def fleets(draw):
    """2 to 4 items with distinct names and user names, and the account they meet (some already there)."""
    count = draw(st.integers(2, 4))
    items, seeds = [], []
    for number in range(count):
        options = draw(s.options(s.ANY))
        options.pop("user_name", None)
        options.update(connection_name="prop-%d" % number, user_name="propuser%d" % number)
        options.setdefault("password", "Prop-Pass-%d-xx" % number)
        if draw(st.booleans()):
            other = draw(s.options(s.ANY))
            other.pop("update_password", None)
            other.update(connection_name="prop-%d" % number, user_name="propuser%d" % number)
            other.setdefault("password", "Prop-Old-%d-xx" % number)
            seeds.append(other)
            if draw(st.integers(0, 4)) == 0:
                options = {"connection_name": "prop-%d" % number, "state": "absent"}
        items.append(options)
    return items, seeds


def seed(emulator, seeds):
    emulator.reset()
    for record in seeds:
        # The account holds what Telnyx would: the seed goes through the API as a create would.
        emulator.api("POST", "/v2/credential_connections", body=record)
    emulator.clear_requests()


@settings(max_examples=12)
@given(fleets())
def test_the_fleet_and_a_loop_leave_the_same_state(emulator, fleet):
    items, seeds = fleet
    note("items %r, account %r" % (items, seeds))
    seed(emulator, seeds)
    accepted_seeds = connections(emulator)
    loop = [core_run(emulator, item) for item in items]
    loop_state = comparable_state(emulator)

    seed(emulator, seeds)
    assert len(connections(emulator)) == len(accepted_seeds)
    result, failure = fleet_run(emulator, items)
    invalid = [index for index, run in enumerate(loop) if not run.ok and "Invalid options" in run.msg]
    if invalid:
        assert failure is not None and failure.msg.startswith("Invalid connections: nothing was sent")
        assert [index for index in range(len(items)) if "connections[%d]" % index in failure.msg] == invalid
        assert emulator.requests() == []
        return
    fleet_state = comparable_state(emulator)
    assert fleet_state == loop_state
    entries = failure.details["connections"] if failure else result["connections"]
    for run, entry in zip(loop, entries):
        if run.ok:
            assert not entry.get("failed") and entry["changed"] == run.changed and entry["diff"] == run.diff
        else:
            assert entry.get("failed") and entry["msg"] == run.msg
    if failure is None:
        emulator.clear_requests()
        rerun, dummy = fleet_run(emulator, items)
        assert rerun["changed"] is False and writes(emulator.requests()) == []


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_the_fleet_task_and_a_loop_task_agree_through_ansible(tmp_path, emulator, mode):
    def items(prefix):
        return [{"connection_name": "%s-%d" % (prefix, number), "user_name": "%suser%d" % (prefix, number),
                 "password": "Play-Pass-%d-xx" % number, "active": bool(number % 2),
                 "inbound": {"channel_limit": number}, "tags": ["t%d" % number]} for number in range(3)]
    for prefix in ("loop", "fleet"):
        emulator.api("POST", "/v2/credential_connections", body=dict(items(prefix)[1], active=True))
    run = PlaybookRunner(tmp_path, emulator)([
        {"name": "loop", "telnyx.voice.credential_connection": "{{ item }}", "loop": items("loop")},
        {"name": "fleet", "telnyx.voice.credential_connections": {"connections": items("fleet")}},
    ], env=execution_env(mode))
    assert run.rc == 0, run.output
    loop = comparable_state(emulator, rename=lambda name: name.replace("fleet", "loop"))
    by_prefix = {prefix: [record for record in loop if record["user_name"].startswith(prefix)]
                 for prefix in ("loop", "fleet")}
    for record in by_prefix["fleet"]:
        record["user_name"] = record["user_name"].replace("fleet", "loop")
    assert by_prefix["fleet"] == by_prefix["loop"]
    assert [result["changed"] for result in run.task("loop")["results"]] == \
        [entry["changed"] for entry in run.task("fleet")["connections"]]


# Faults

def test_the_rate_limit_is_shared_by_every_thread_and_the_run_converges(emulator):
    emulator.set_settings(rate_limit=8, rate_window_secs=0.5)
    items = [{"connection_name": "rate-%02d" % number, "user_name": "rateuser%02d" % number,
              "password": "Rate-Pass-%02d-x" % number} for number in range(24)]
    result, failure = fleet_run(emulator, items, workers=8)
    assert failure is None, failure and failure.msg
    assert result["counts"]["created"] == 24
    names = [record["connection_name"] for record in connections(emulator)]
    assert sorted(names) == sorted(item["connection_name"] for item in items)
    limited = [entry for entry in emulator.requests() if entry["status"] == 429]
    # Every thread waits for the window the first 429 announced, instead of each spending its own retries.
    assert len(limited) <= 8 * 3, len(limited)


def test_a_5xx_that_outlasts_an_items_retries_fails_that_item_only_and_a_rerun_converges(emulator):
    emulator.seed([{"connection_name": "five-%d" % number, "user_name": "fiveuser%d" % number,
                    "password": "Five-Pass-%d-xx" % number, "active": True} for number in range(3)])
    target = [record for record in connections(emulator) if record["connection_name"] == "five-1"][0]["id"]
    emulator.clear_requests()
    emulator.add_fault("status", method="PATCH", path="/%s$" % target, times=FAST["max_retries"] + 1, status=503)
    items = [{"connection_name": "five-%d" % number, "active": False} for number in range(3)]
    result, failure = fleet_run(emulator, items)
    assert result is None and "1 of 3" in failure.msg and "five-1" in failure.msg and "503" in failure.msg
    assert [entry["action"] for entry in failure.details["connections"]] == ["update", "none", "update"]
    patches = [entry for entry in emulator.requests() if entry["method"] == "PATCH"]
    assert len(patches) == 2 + FAST["max_retries"] + 1
    rerun, failure = fleet_run(emulator, items)
    assert failure is None and [entry["action"] for entry in rerun["connections"]] == ["none", "update", "none"]


def test_a_create_committed_after_the_client_gave_up_is_never_sent_twice(emulator):
    emulator.add_fault("slow_commit", method="POST", seconds=1.5)
    items = [{"connection_name": "slow-%d" % number, "user_name": "slowuser%d" % number,
              "password": "Slow-Pass-%d-xx" % number} for number in range(2)]
    fleet_run(emulator, items, request_timeout=1, workers=1)
    rerun, failure = fleet_run(emulator, items)
    assert failure is None and rerun["counts"]["failed"] == 0
    names = sorted(record["connection_name"] for record in connections(emulator))
    assert names == ["slow-0", "slow-1"]
    assert len([entry for entry in emulator.requests() if entry["method"] == "POST"]) == 2


def test_a_dropped_page_is_read_again_within_the_list_budget(emulator):
    emulator.seed(count=300, template={"connection_name": "bulk"})
    emulator.clear_requests()
    emulator.add_fault("drop", method="GET", path="/v2/credential_connections$")
    result, failure = fleet_run(emulator, [{"connection_name": "bulk-0001", "state": "absent"},
                                           {"connection_name": "not-there", "state": "absent"}])
    assert failure is None
    assert [entry["action"] for entry in result["connections"]][1] == "none"
    gets = [entry for entry in emulator.requests() if entry["method"] == "GET"]
    assert len(gets) == 3  # page 1 dropped and read again, then page 2


# Secrets

def test_no_password_in_any_result_or_message_whatever_telnyx_echoes(emulator):
    secret = "Echoed-Secret-9911"
    emulator.add_fault("status", method="POST", status=422, body={"errors": [
        {"title": "Invalid", "detail": "password %s is not allowed" % secret}]})
    items = [{"connection_name": "echo-0", "user_name": "echouser0", "password": secret},
             {"connection_name": "echo-1", "user_name": "echouser1", "password": "Other-Secret-7722"}]
    result, failure = fleet_run(emulator, items, workers=1)
    text = json.dumps([failure.msg, failure.details])
    assert "is not allowed" in text and secret not in text and "Other-Secret-7722" not in text
    for check_mode in (True, False):
        result, failure = fleet_run(emulator, items, check_mode=check_mode)
        text = json.dumps(result if failure is None else [failure.msg, failure.details])
        assert secret not in text and "Other-Secret-7722" not in text


# Hostile input, and faults and secrets through ansible-playbook in both execution modes

NOT_AN_ID = st.text(min_size=1, max_size=25).filter(lambda text: not (text.isascii() and text.isdigit()
                                                                      and len(text) <= 19))


@settings(max_examples=25)
@given(st.lists(NOT_AN_ID, min_size=1, max_size=3), st.integers(0, 3))
def test_an_id_that_is_not_a_telnyx_id_in_any_item_fails_before_any_request(emulator, hostile_ids, good):
    emulator.clear_requests()
    items = [{"connection_name": "ok-%d" % number, "user_name": "okuser%d" % number, "password": "Ok-Pass-%d-xx" % number}
             for number in range(good)]
    items += [{"id": hostile, "state": state} for hostile, state in zip(hostile_ids, ["absent", "present"] * 3)]
    result, failure = fleet_run(emulator, items)
    assert result is None and failure.msg.startswith("Invalid connections: nothing was sent")
    for index in range(good, len(items)):
        assert "connections[%d]" % index in failure.msg and "id: must be a Telnyx id" in failure.msg
    assert emulator.requests() == []


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_a_partial_failure_through_ansible_is_reported_alike_in_both_modes_without_a_secret(tmp_path, emulator, mode):
    emulator.seed([{"connection_name": "mode-%d" % number, "user_name": "modeuser%d" % number,
                    "password": "Mode-Pass-%d-xx" % number, "active": True} for number in range(3)])
    target = [record for record in connections(emulator) if record["connection_name"] == "mode-1"][0]["id"]
    emulator.add_fault("status", method="PATCH", path="/%s$" % target, times=4, status=503)
    items = [{"connection_name": "mode-%d" % number, "password": "Mode-New-%d-xx" % number, "active": False}
             for number in range(3)]
    run = PlaybookRunner(tmp_path, emulator)([
        {"name": "partial", "telnyx.voice.credential_connections": {"connections": items}, "ignore_errors": True},
        {"name": "rerun", "telnyx.voice.credential_connections": {"connections": items}},
    ], env=execution_env(mode), verbosity=3, diff=True)
    assert run.rc == 0, run.output
    partial = run.task("partial")
    assert "1 of 3" in partial["msg"] and "connections[1] (connection_name 'mode-1')" in partial["msg"]
    assert "503" in partial["msg"]
    assert partial["converged_items"] == ["connections[0] (connection_name 'mode-0')",
                                          "connections[2] (connection_name 'mode-2')"]
    assert [entry["action"] for entry in run.task("rerun")["connections"]] == ["none", "update", "none"]
    for number in range(3):
        for secret in ("Mode-Pass-%d-xx" % number, "Mode-New-%d-xx" % number):
            assert secret not in run.output and secret not in str(run.records)
