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


def task(connections, **options):
    return {"name": "fleet", FLEET: dict(connections=connections, **options), "register": "fleet"}


def by_name(emulator):
    return {record["connection_name"]: record for record in emulator.state()["connections"]}


def test_apply_rerun_and_per_item_results(playbook, emulator):
    emulator.seed([{"connection_name": "fleet-001", "user_name": "fleet001", "password": "Fleet-Pass-001-x9",
                    "tags": ["fleet"], "active": True},
                   {"connection_name": "fleet-gone", "user_name": "fleetgone", "password": "Gone-Pass-1234"}])
    items = [item(0), item(1, active=False), item(2), {"connection_name": "fleet-gone", "state": "absent"}]
    run = playbook([task(items)], diff=True)
    assert run.rc == 0, run.output
    result = run.task("fleet")
    assert result["changed"] is True
    assert [entry["action"] for entry in result["connections"]] == ["create", "update", "create", "delete"]
    assert [entry["index"] for entry in result["connections"]] == [0, 1, 2, 3]
    assert result["counts"] == {"total": 4, "created": 2, "updated": 1, "deleted": 1, "unchanged": 0,
                                "failed": 0, "purged": 0}
    assert result["connections"][1]["diff"] == {"before": {"connection_name": "fleet-001", "user_name": "fleet001",
                                                           "password": "<hidden>", "tags": ["fleet"], "active": True},
                                                "after": {"connection_name": "fleet-001", "user_name": "fleet001",
                                                          "password": "<hidden>", "tags": ["fleet"], "active": False}}
    assert all(entry["credential_connection"].get("password") in (MASK, None) for entry in result["connections"])
    state = by_name(emulator)
    assert set(state) == {"fleet-000", "fleet-001", "fleet-002"}
    assert state["fleet-001"]["active"] is False
    # One list read, then only the writes.
    log = [(entry["method"], entry["path"]) for entry in emulator.requests()]
    assert log.count(("GET", COLLECTION)) == 1 and len([1 for method, _ in log if method == "GET"]) == 1, log
    assert result["requests"] == len(log) == 5

    emulator.clear_requests()
    rerun = playbook([task(items)])
    assert rerun.rc == 0, rerun.output
    assert rerun.task("fleet")["changed"] is False
    assert rerun.task("fleet")["counts"]["unchanged"] == 4
    assert writes(emulator) == []
    assert len(emulator.requests()) == 1


def test_check_mode_reads_only_and_predicts_the_real_run(playbook, emulator):
    emulator.seed([{"connection_name": "fleet-001", "user_name": "fleet001", "password": "Fleet-Pass-001-x9",
                    "tags": ["fleet"], "active": True}])
    items = [item(0), item(1, active=False)]
    checked = playbook([task(items)], check=True, diff=True)
    assert checked.rc == 0, checked.output
    assert writes(emulator) == []
    real = playbook([task(items)], diff=True)
    predicted, applied = checked.task("fleet"), real.task("fleet")
    assert predicted["counts"] == applied["counts"]
    assert [(entry["changed"], entry["action"], entry["diff"]) for entry in predicted["connections"]] == \
        [(entry["changed"], entry["action"], entry["diff"]) for entry in applied["connections"]]


def test_a_bad_item_fails_naming_index_name_and_option_with_nothing_sent(playbook, emulator):
    items = [item(0), item(1, inbound={"channel_limit": "many"}), item(2, user_name="x y")]
    run = playbook([task(items)])
    assert run.rc != 0
    msg = run.last["msg"]
    assert "connections[1] (connection_name 'fleet-001')" in msg and "channel_limit" in msg, msg
    assert "connections[2] (connection_name 'fleet-002')" in msg and "user_name" in msg, msg
    assert emulator.requests() == []


def test_two_items_for_one_connection_are_refused(playbook, emulator):
    ids = emulator.seed([{"connection_name": "fleet-001", "user_name": "fleet001", "password": "Fleet-Pass-001-x9"}])
    run = playbook([task([item(1), item(2, connection_name="fleet-001")])])
    assert run.rc != 0 and "connections[1]" in run.last["msg"] and "same" in run.last["msg"], run.output
    assert emulator.requests() == []
    # By id and by name: found the same in the account, still before any write.
    run = playbook([task([{"id": ids[0], "active": False}, item(1), item(3)])])
    assert run.rc != 0 and "connections[1]" in run.last["msg"] and ids[0] in run.last["msg"], run.output
    assert writes(emulator) == []


def test_exclusive_needs_a_scope_and_removes_only_inside_it(playbook, emulator):
    emulator.seed([
        {"connection_name": "fleet-000", "user_name": "fleet000", "password": "Fleet-Pass-000-x9", "tags": ["fleet"]},
        {"connection_name": "fleet-old", "user_name": "fleetold", "password": "Fleet-Pass-old-x9", "tags": ["fleet"]},
        {"connection_name": "other", "user_name": "other001", "password": "Other-Pass-001-x9", "tags": ["office"]},
    ])
    run = playbook([task([item(0)], exclusive=True)])
    assert run.rc != 0 and "scope" in run.last["msg"], run.output
    assert emulator.requests() == []

    checked = playbook([task([item(0)], exclusive=True, scope={"tag": "fleet"})], check=True, diff=True)
    assert checked.rc == 0, checked.output
    assert [entry["id"] for entry in checked.task("fleet")["purged"]] == [by_name(emulator)["fleet-old"]["id"]]
    assert writes(emulator) == []
    run = playbook([task([item(0)], exclusive=True, scope={"tag": "fleet"})])
    assert run.rc == 0, run.output
    assert run.task("fleet")["counts"]["purged"] == 1
    assert set(by_name(emulator)) == {"fleet-000", "other"}


def test_a_partial_failure_names_both_sides_and_a_rerun_converges(playbook, emulator):
    emulator.seed([{"connection_name": "taken", "user_name": "fleet001", "password": "Taken-Pass-001-x9"}])
    items = [item(0), item(1), item(2)]
    run = playbook([task(items)])
    assert run.rc != 0
    result = run.last
    assert "1 of 3" in result["msg"] and "connections[1] (connection_name 'fleet-001')" in result["msg"]
    assert "taken" in result["msg"], result["msg"]
    assert [entry.get("failed", False) for entry in result["connections"]] == [False, True, False]
    assert result["counts"]["created"] == 2 and result["counts"]["failed"] == 1
    assert {"fleet-000", "fleet-002"} <= set(by_name(emulator))

    items[1]["user_name"] = "fleet001b"
    rerun = playbook([task(items)])
    assert rerun.rc == 0, rerun.output
    assert [entry["action"] for entry in rerun.task("fleet")["connections"]] == ["none", "create", "none"]


def test_passwords_never_appear_in_any_output(playbook, emulator):
    items = [item(0), item(1, inbound={"channel_limit": -5})]
    for check in (False, True):
        run = playbook([task(items)], verbosity=3, diff=True, check=check)
        for number in (0, 1):
            assert "Fleet-Pass-%03d-x9" % number not in run.output
            assert "Fleet-Pass-%03d-x9" % number not in str(run.records)
    run = playbook([task([item(0)])], verbosity=3, diff=True)
    assert run.rc == 0
    assert "Fleet-Pass-000-x9" not in run.output and "Fleet-Pass-000-x9" not in str(run.records)
