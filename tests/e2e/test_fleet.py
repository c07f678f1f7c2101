# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""telnyx.voice.credential_connections end to end: real ansible-playbook runs against the emulator.

The suite runs in both execution paths (``make e2e`` and ``make e2e-module``). Each test asserts what
Ansible reported, what the emulator was asked, and what it holds afterwards.
"""

from __future__ import annotations

from conftest import writes

FLEET = "telnyx.voice.credential_connections"
SINGLE = "telnyx.voice.credential_connection"
COLLECTION = "/v2/credential_connections"
MASK = "********"


def item(number, **extra):
    base = {"connection_name": "fleet-%03d" % number, "user_name": "fleet%03d" % number,
            "password": "Fleet-Pass-%03d-x9" % number, "tags": ["fleet"]}
    base.update(extra)
    return base


def task(connections, name="fleet", **options):
    keywords = {key: options.pop(key) for key in ("check_mode", "ignore_errors") if key in options}
    return dict({"name": name, FLEET: dict(connections=connections, **options)}, **keywords)


def by_name(emulator):
    return {record["connection_name"]: record for record in emulator.state()["connections"]}


def test_refusals_check_mode_apply_and_rerun_in_one_play(playbook, emulator):
    ids = emulator.seed([{"connection_name": "fleet-001", "user_name": "fleet001", "password": "Fleet-Pass-001-x9",
                          "tags": ["fleet"], "active": True},
                         {"connection_name": "fleet-gone", "user_name": "fleetgone", "password": "Gone-Pass-1234"}])
    items = [item(0), item(1, active=False), item(2), {"connection_name": "fleet-gone", "state": "absent"}]
    run = playbook([
        task([item(0), item(1, inbound={"channel_limit": "many"}), item(2, user_name="x y")], "bad",
             ignore_errors=True),
        task([item(1), item(2, connection_name="fleet-001")], "same name", ignore_errors=True),
        task([item(3), item(4), {"id": ids[0], "active": False}, item(1)], "same object", ignore_errors=True),
        task([item(0)], "no scope", exclusive=True, ignore_errors=True),
        task(items, "check", check_mode=True),
        task(items, "apply"),
        task(items, "rerun"),
    ], diff=True, verbosity=3)
    assert run.rc == 0, run.output

    # Refused before any write, each naming the index, the name and the option or the rule.
    msg = run.task("bad")["msg"]
    assert "connections[1] (connection_name 'fleet-001')" in msg and "channel_limit" in msg, msg
    assert "connections[2] (connection_name 'fleet-002')" in msg and "user_name" in msg, msg
    msg = run.task("same name")["msg"]
    assert "connections[1] (connection_name 'fleet-001')" in msg and "same" in msg, msg
    msg = run.task("same object")["msg"]
    assert "connections[3] (connection_name 'fleet-001')" in msg and ids[0] in msg and "connections[2]" in msg, msg
    assert "scope" in run.task("no scope")["msg"]

    checked, applied, rerun = run.task("check"), run.task("apply"), run.task("rerun")
    assert [entry["action"] for entry in applied["connections"]] == ["create", "update", "create", "delete"]
    assert [entry["index"] for entry in applied["connections"]] == [0, 1, 2, 3]
    assert applied["counts"] == {"total": 4, "created": 2, "updated": 1, "deleted": 1, "unchanged": 0,
                                 "failed": 0, "purged": 0}
    assert applied["connections"][1]["diff"] == {
        "before": {"connection_name": "fleet-001", "user_name": "fleet001", "password": "<hidden>",
                   "tags": ["fleet"], "active": True},
        "after": {"connection_name": "fleet-001", "user_name": "fleet001", "password": "<hidden>",
                  "tags": ["fleet"], "active": False}}
    # Check mode predicted exactly what the real run did.
    assert checked["counts"] == applied["counts"]
    assert [(entry["changed"], entry["action"], entry["diff"]) for entry in checked["connections"]] == \
        [(entry["changed"], entry["action"], entry["diff"]) for entry in applied["connections"]]
    assert rerun["changed"] is False and rerun["counts"]["unchanged"] == 4

    state = by_name(emulator)
    assert set(state) == {"fleet-000", "fleet-001", "fleet-002"}
    assert state["fleet-001"]["active"] is False
    # The account read once per task that got past validation (same object, check, apply, rerun), then only the
    # apply's 4 writes.
    log = [(entry["method"], entry["path"]) for entry in emulator.requests()]
    assert log.count(("GET", COLLECTION)) == 4 and len([1 for method, dummy in log if method == "GET"]) == 4, log
    assert len(writes(emulator)) == 4
    assert (checked["requests"], applied["requests"], rerun["requests"]) == (1, 5, 1)

    # No password anywhere, at -vvv with diffs, in the failures or the results.
    for number in range(5):
        assert "Fleet-Pass-%03d-x9" % number not in run.output
        assert "Fleet-Pass-%03d-x9" % number not in str(run.records)
    assert all(entry["credential_connection"].get("password") in (MASK, None) for entry in applied["connections"])


def test_exclusive_removes_only_inside_its_scope(playbook, emulator):
    emulator.seed([
        {"connection_name": "fleet-000", "user_name": "fleet000", "password": "Fleet-Pass-000-x9", "tags": ["fleet"]},
        {"connection_name": "fleet-old", "user_name": "fleetold", "password": "Fleet-Pass-old-x9", "tags": ["fleet"]},
        {"connection_name": "other", "user_name": "other001", "password": "Other-Pass-001-x9", "tags": ["office"]},
    ])
    old = by_name(emulator)["fleet-old"]["id"]
    run = playbook([task([item(0)], "check", exclusive=True, scope={"tag": "fleet"}, check_mode=True),
                    task([item(0)], "apply", exclusive=True, scope={"tag": "fleet"})], diff=True)
    assert run.rc == 0, run.output
    assert [entry["id"] for entry in run.task("check")["purged"]] == [old]
    assert run.task("check")["purged"][0]["diff"]["before"]["connection_name"] == "fleet-old"
    assert run.task("apply")["counts"]["purged"] == 1
    assert writes(emulator) == [("DELETE", "%s/%s" % (COLLECTION, old))]
    assert set(by_name(emulator)) == {"fleet-000", "other"}


def test_a_partial_failure_names_both_sides_and_a_rerun_converges(playbook, emulator):
    emulator.seed([{"connection_name": "taken", "user_name": "fleet001", "password": "Taken-Pass-001-x9"}])
    fixed = [item(0), item(1, user_name="fleet001b"), item(2)]
    run = playbook([task([item(0), item(1), item(2)], "partial", ignore_errors=True), task(fixed, "rerun")])
    assert run.rc == 0, run.output
    result = run.task("partial")
    assert "1 of 3" in result["msg"] and "connections[1] (connection_name 'fleet-001')" in result["msg"]
    assert "taken" in result["msg"], result["msg"]
    assert [entry.get("failed", False) for entry in result["connections"]] == [False, True, False]
    assert result["counts"]["created"] == 2 and result["counts"]["failed"] == 1
    assert [entry["action"] for entry in run.task("rerun")["connections"]] == ["none", "create", "none"]
    assert {"fleet-000", "fleet-001", "fleet-002", "taken"} == set(by_name(emulator))
