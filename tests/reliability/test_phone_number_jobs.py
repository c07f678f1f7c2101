# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""phone_numbers by jobs (``_bulk``) against a loop of phone_number, and under the faults a job meets.

- Property: a ``phone_numbers`` task whose numbers share a few changes (so that they go by job) and a loop of
  ``phone_number`` over the same items leave the same numbers, with the same ``changed`` and diff per item, and a
  rerun sends no write. Bounded examples: each costs two runs over 5 to 8 numbers.
- Faults: a job that fails for some numbers, one that expires, the account's job quota full, a lost answer to the
  job's POST (never a second job for the same change while the first may still run).
- Secrets: a job carrying the numbers' external_pin shows it nowhere at -vvvv with --diff, in both execution paths,
  even when Telnyx's reason for a failed number quotes it.

Jobs take 20 ms here (the emulator's job_duration_ms), so the whole file stays within seconds.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER

from tests.reliability import strategies as s
from tests.reliability.harness import CI, EXECUTION_MODES, core_run, execution_env, plural_run, writes

POST = "/v2/phone_numbers/jobs/update_phone_numbers"
NUMBERS_MODULE = "telnyx.voice.phone_numbers"
PIN = "Pin-4821-secret"
JOB_MS = 20


def e164(index):
    return "+1312555%04d" % index


def run(emulator, items, check_mode=False, **options):
    return plural_run(emulator, PHONE_NUMBER, dict(dict(config=items, workers=4, full_results=True), **options),
                      check_mode=check_mode)


def prepare(emulator, count, connection=True):
    emulator.reset()
    emulator.set_settings(job_duration_ms=JOB_MS)
    ids = emulator.seed([{"connection_name": "jobs-a"}, {"connection_name": "jobs-b"}]) if connection else []
    emulator.seed(phone_numbers=[{"phone_number": e164(index)} for index in range(count)])
    emulator.clear_requests()
    return ids


def numbers(emulator):
    def comparable(record):
        return {key: value for key, value in record.items() if key != "id" and not key.endswith("_at")}
    return sorted((comparable(record) for record in emulator.state()["phone_numbers"]), key=lambda r: r["phone_number"])


def posts(emulator):
    return [entry for entry in emulator.requests() if entry["method"] == "POST" and entry["path"] == POST]


# ---------------------------------------------------------------------------------------------------------------
# Property
# ---------------------------------------------------------------------------------------------------------------

CHANGE = s.NUMBER_OPTIONS.map(lambda options: {key: value for key, value in options.items()
                                               if key not in ("connection_id", "external_pin")})


@st.composite
def fleets(draw):
    """5 to 8 numbers, each with one of two changes (often enough the same for a group of 5: a job)."""
    changes = [draw(CHANGE), draw(CHANGE)]
    count = draw(st.integers(5, 8))
    picks = draw(st.lists(st.integers(0, 1), min_size=count, max_size=count))
    # Each item its own copy: ansible-core fills the nested options it validates in place, so items sharing one
    # nested dict (as no playbook's do) would see each other's filled-in nulls.
    return [dict(copy.deepcopy(changes[pick]), phone_number=e164(index)) for index, pick in enumerate(picks)]


@settings(max_examples=6 if CI else settings.default.max_examples)
@given(items=fleets())
def test_a_phone_numbers_task_by_jobs_and_a_loop_of_phone_number_leave_the_same_numbers(emulator, items):
    note("items %r" % items)
    prepare(emulator, len(items), connection=False)
    loop = [core_run(emulator, item, resource=PHONE_NUMBER) for item in items]
    loop_numbers = numbers(emulator)

    prepare(emulator, len(items), connection=False)
    plural = run(emulator, items)
    note("plural %r" % (plural,))
    if any(not done.ok and done.details.get("validation") for done in loop):
        assert not plural.ok and emulator.requests() == []
        event("refused as invalid")
        return
    event("by job" if posts(emulator) else "by PATCH")
    assert numbers(emulator) == loop_numbers
    entries = plural.result["phone_numbers"] if plural.ok else plural.details["phone_numbers"]
    for done, entry in zip(loop, entries):
        assert bool(entry.get("failed")) == (not done.ok), (entry, done)
        if done.ok:
            assert entry["changed"] == done.changed and entry["diff"] == done.diff
    emulator.clear_requests()
    again = run(emulator, items)
    if plural.ok:
        assert again.ok and again.changed is False and writes(emulator.requests()) == [], again


# ---------------------------------------------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------------------------------------------

def test_a_job_failing_for_some_numbers_names_them_and_a_rerun_converges(emulator):
    prepare(emulator, 6)
    emulator.set_jobs(fail_numbers={e164(1): "Not allowed for this number", e164(4): "Not allowed for this number"})
    items = [{"phone_number": e164(index), "tags": ["fleet"]} for index in range(6)]
    done = run(emulator, items)
    assert not done.ok and "2 of 6" in done.msg and "Not allowed for this number" in done.msg
    assert done.details["failed_items"] == ["config[1] (phone_number '%s')" % e164(1),
                                            "config[4] (phone_number '%s')" % e164(4)]
    assert [entry["index"] for entry in done.details["phone_numbers"] if entry.get("failed")] == [1, 4]
    assert done.details["counts"]["updated"] == 4
    emulator.set_jobs(fail_numbers={})
    rerun = run(emulator, items)
    assert rerun.ok and rerun.result["counts"]["updated"] == 2
    assert all(number["tags"] == ["fleet"] for number in emulator.state()["phone_numbers"])


def test_a_job_that_expires_fails_naming_it_and_a_rerun_converges(emulator):
    prepare(emulator, 5)
    emulator.set_jobs(expire_next=1)
    items = [{"phone_number": e164(index), "customer_reference": "desk"} for index in range(5)]
    done = run(emulator, items)
    job = done.details["jobs"][0]
    assert not done.ok and job["status"] == "expired" and ("Telnyx job %s expired" % job["id"]) in done.msg
    assert done.details["counts"]["failed"] == 5
    rerun = run(emulator, items)
    assert rerun.ok and rerun.result["counts"]["updated"] == 5 and len(rerun.result["jobs"]) == 1


def test_a_full_job_quota_is_waited_out(emulator):
    prepare(emulator, 5)
    emulator.set_jobs(busy=20, busy_secs=1.5)
    items = [{"phone_number": e164(index), "hd_voice_enabled": True} for index in range(5)]
    done = run(emulator, items)
    assert done.ok and done.result["counts"]["updated"] == 5, done
    attempts = posts(emulator)
    assert [entry["status"] for entry in attempts][-1] == 202 and {entry["status"] for entry in attempts} == {422, 202}
    assert all(number["hd_voice_enabled"] for number in emulator.state()["phone_numbers"])


def test_a_lost_answer_to_the_job_s_post_never_makes_a_second_job(emulator):
    connection_a, connection_b = prepare(emulator, 5)
    emulator.add_fault("drop", method="POST", path="/jobs/update_phone_numbers$")
    items = [{"phone_number": e164(index), "connection_id": connection_b} for index in range(5)]
    done = run(emulator, items)
    # The dropped POST made no job: it is looked for, not found, and not sent again.
    assert not done.ok and "may still run" in done.msg and len(posts(emulator)) == 1
    emulator.clear_requests()
    emulator.add_fault("commit_then_500", method="POST", path="/jobs/update_phone_numbers$")
    done = run(emulator, items)
    # The job was made and its answer lost: it is found in the jobs list and followed, never posted twice.
    assert done.ok and done.result["counts"]["updated"] == 5 and len(posts(emulator)) == 1, done
    assert any("was made; it was found" in warning for warning in done.warnings)
    assert len(emulator.jobs()) == 1 and connection_a != connection_b
    assert all(number["connection_id"] == connection_b for number in emulator.state()["phone_numbers"])


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_no_external_pin_of_a_job_at_vvvv_with_diff_even_when_telnyx_echoes_it(playbook, emulator, mode):
    prepare(emulator, 5)
    emulator.set_jobs(fail_numbers={e164(2): "External PIN %s is not accepted" % PIN})
    items = [{"phone_number": e164(index), "external_pin": PIN} for index in range(5)]
    run = playbook([
        {"name": "check", NUMBERS_MODULE: {"config": items}, "check_mode": True},
        {"name": "apply", NUMBERS_MODULE: {"config": items}, "ignore_errors": True},
    ], diff=True, verbosity=4, env=execution_env(mode))
    assert run.rc == 0, run.output
    applied = run.task("apply")
    assert applied["jobs"][0]["body"] == {"external_pin": "********"} and "1 of 5" in applied["msg"]
    assert "External PIN ******** is not accepted" in applied["msg"]
    assert PIN not in run.output and PIN not in str(run.records)
    assert [number["external_pin"] for number in emulator.state()["phone_numbers"]] == [PIN, PIN, None, PIN, PIN]
