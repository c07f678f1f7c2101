# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The plural modules end to end: real ansible-playbook runs against the emulator.

credential_connections, outbound_voice_profiles and phone_numbers: create by merged, a rerun that sends no write,
check mode and diff predicting the real run exactly, replaced, overridden inside a tag scope, gathered fed back
with no write, the refusals before any request, the loop refusal. ``make e2e`` runs them in-process;
test_plural_modes.py compares both execution paths. Few playbooks, each of several tasks: every run costs seconds.
"""

from __future__ import annotations

from conftest import ECHOES_PASSWORD, writes

CONNECTIONS = "telnyx.voice.credential_connections"
PROFILES = "telnyx.voice.outbound_voice_profiles"
NUMBERS = "telnyx.voice.phone_numbers"


def item(number, **extra):
    base = {"connection_name": "fleet-%03d" % number, "user_name": "fleet%03d" % number,
            "password": "Fleet-Pass-%03d-x9" % number, "tags": ["fleet"]}
    base.update(extra)
    return base


def task(module, config, name, **options):
    keywords = {key: options.pop(key) for key in ("check_mode", "ignore_errors", "loop", "register") if key in options}
    return dict({"name": name, module: dict(config=config, **options)}, **keywords)


def by_name(records, key):
    return {record[key]: record for record in records}


@ECHOES_PASSWORD
def test_credential_connections_refusals_check_apply_rerun_replaced_overridden_gathered(playbook, emulator):
    ids = emulator.seed([{"connection_name": "fleet-001", "user_name": "fleet001", "password": "Fleet-Pass-001-x9",
                          "tags": ["fleet"], "active": True},
                         {"connection_name": "fleet-old", "user_name": "fleetold", "password": "Fleet-Pass-old-x9",
                          "tags": ["fleet"]},
                         {"connection_name": "other", "user_name": "other001", "password": "Other-Pass-001-x9",
                          "tags": ["office"]}])
    items = [item(0), item(1, active=False), item(2)]
    scoped = dict(state="overridden", scope={"tag": "fleet"})
    run = playbook([
        task(CONNECTIONS, [item(0), item(1, user_name="x y")], "bad", ignore_errors=True),
        task(CONNECTIONS, [item(1), item(2, connection_name="fleet-001")], "same name", ignore_errors=True),
        task(CONNECTIONS, [item(3), {"id": ids[0], "active": False}, item(1)], "same object", ignore_errors=True),
        task(CONNECTIONS, [item(0)], "no scope", state="overridden", ignore_errors=True),
        task(CONNECTIONS, [], "empty", state="overridden", scope={"tag": "fleet"}, ignore_errors=True),
        task(CONNECTIONS, [item(0, tags=["office"])], "outside", ignore_errors=True, **scoped),
        task(CONNECTIONS, "{{ [item] }}", "in a loop", loop=[{"connection_name": "fleet-000", "tags": ["fleet"]}], ignore_errors=True, **scoped),
        task(CONNECTIONS, items, "check", check_mode=True),
        task(CONNECTIONS, items, "apply"),
        task(CONNECTIONS, items, "rerun"),
        task(CONNECTIONS, [item(0, active=False)], "replaced check", state="replaced", check_mode=True),
        task(CONNECTIONS, [item(0, active=False)], "replaced", state="replaced"),
        task(CONNECTIONS, items, "overridden check", check_mode=True, **scoped),
        task(CONNECTIONS, items, "overridden", **scoped),
        task(CONNECTIONS, None, "gathered", state="gathered", scope={"tag": "fleet"}, register="found"),
        task(CONNECTIONS, "{{ found.gathered }}", "fed back", state="overridden", scope={"tag": "fleet"}),
    ], diff=True, verbosity=3)
    assert run.rc == 0, run.output

    # Refused before any request, each naming the item and the rule.
    msg = run.task("bad")["msg"]
    assert "config[1] (connection_name 'fleet-001')" in msg and "user_name" in msg, msg
    assert "config[1] (connection_name 'fleet-001')" in run.task("same name")["msg"]
    msg = run.task("same object")["msg"]
    assert "config[2] (connection_name 'fleet-001')" in msg and ids[0] in msg and "config[1]" in msg, msg
    assert "scope" in run.task("no scope")["msg"]
    assert "allow_empty" in run.task("empty")["msg"]
    assert "is not inside the scope" in run.task("outside")["msg"]
    looped = run.task("in a loop")
    assert "inside a loop" in str(looped), looped

    checked, applied, rerun = run.task("check"), run.task("apply"), run.task("rerun")
    assert [entry["action"] for entry in applied["credential_connections"]] == ["create", "update", "create"]
    assert applied["counts"] == {"total": 3, "created": 2, "updated": 1, "deleted": 0, "unchanged": 0,
                                 "failed": 0, "purged": 0}
    # Check mode predicted exactly what the real run did: the same writes, the same diffs.
    assert checked["commands"] == applied["commands"] and len(applied["commands"]) == 3
    assert checked["counts"] == applied["counts"] and checked["diff"] == applied["diff"]
    assert rerun["changed"] is False and rerun["commands"] == [] and rerun["counts"]["unchanged"] == 3

    assert run.task("replaced check")["commands"] == run.task("replaced")["commands"] != []
    predicted, overridden = run.task("overridden check"), run.task("overridden")
    assert predicted["commands"] == overridden["commands"]
    assert [entry["connection_name"] for entry in overridden["purged"]] == ["fleet-old"]
    assert overridden["counts"]["purged"] == 1
    gathered = run.task("gathered")["gathered"]
    assert sorted(entry["connection_name"] for entry in gathered) == ["fleet-000", "fleet-001", "fleet-002"]
    fed = run.task("fed back")
    assert fed["changed"] is False and fed["commands"] == [] and fed["purged"] == []

    assert set(by_name(emulator.state()["connections"], "connection_name")) == {
        "fleet-000", "fleet-001", "fleet-002", "other"}
    # Writes went out in the apply, replaced and overridden only, exactly their commands: none for the refusals,
    # check modes, the rerun, gathered or the gathered list fed back.
    sent = [(command["method"], "/v2" + command["path"])
            for name in ("apply", "replaced", "overridden") for command in run.task(name)["commands"]]
    assert writes(emulator) == sent
    for secret in ["Fleet-Pass-%03d-x9" % number for number in range(3)] + ["Fleet-Pass-old-x9"]:
        assert secret not in run.output and secret not in str(run.records)


def test_outbound_voice_profiles_and_phone_numbers(playbook, emulator):
    seeded = emulator.seed(outbound_voice_profiles=[{"name": "ovp-old", "tags": ["fleet"]},
                                                    {"name": "ovp-keep", "tags": ["office"]}],
                           phone_numbers=[{"phone_number": "+13125550101", "tags": ["fleet"]},
                                          {"phone_number": "+13125550102", "tags": ["fleet"]},
                                          {"phone_number": "+13125550103", "tags": ["office"]}])
    profiles = [{"name": "ovp-%d" % number, "tags": ["fleet"], "concurrent_call_limit": 10 + number}
                for number in range(2)]
    numbers = [{"phone_number": "+13125550101", "tags": ["fleet"], "customer_reference": "desk-1"},
               {"phone_number": "+13125550102", "tags": ["fleet"], "customer_reference": "desk-2"}]
    scoped = dict(state="overridden", scope={"tag": "fleet"})
    run = playbook([
        task(PROFILES, profiles, "profiles check", check_mode=True, **scoped),
        task(PROFILES, profiles, "profiles", **scoped),
        task(PROFILES, profiles, "profiles rerun", **scoped),
        task(PROFILES, None, "profiles gathered", state="gathered", scope={"tag": "fleet"}, register="ovps"),
        task(PROFILES, "{{ ovps.gathered }}", "profiles fed back", state="replaced"),
        task(NUMBERS, numbers, "numbers check", check_mode=True),
        task(NUMBERS, numbers, "numbers"),
        task(NUMBERS, numbers, "numbers rerun"),
        task(NUMBERS, [numbers[0]], "numbers replaced", state="replaced"),
        task(NUMBERS, None, "numbers gathered", state="gathered", scope={"tag": "fleet"}, register="found"),
        task(NUMBERS, "{{ found.gathered }}", "numbers fed back"),
        task(NUMBERS, numbers, "numbers deleted", state="deleted", ignore_errors=True),
    ], diff=True)
    assert run.rc == 0, run.output

    checked, applied = run.task("profiles check"), run.task("profiles")
    assert checked["commands"] == applied["commands"]
    assert applied["counts"]["created"] == 2 and applied["counts"]["purged"] == 1
    assert [entry["name"] for entry in applied["purged"]] == ["ovp-old"]
    # A purge shows in --diff as one line naming it (issue 22 point 6); the whole object is in its entry.
    old_id = applied["purged"][0]["id"]
    assert applied["diff"][-1]["before"] == "outbound voice profile 'ovp-old' (id %s)\n" % old_id
    assert "\n-outbound voice profile 'ovp-old' (id %s)\n" % old_id in run.stdout
    assert applied["purged"][0]["deleted"]["tags"] == ["fleet"]
    assert run.task("profiles rerun")["commands"] == []
    assert sorted(entry["name"] for entry in run.task("profiles gathered")["gathered"]) == ["ovp-0", "ovp-1"]
    assert run.task("profiles fed back")["commands"] == []
    assert set(by_name(emulator.state()["outbound_voice_profiles"], "name")) == {"ovp-0", "ovp-1", "ovp-keep"}

    checked, applied = run.task("numbers check"), run.task("numbers")
    assert checked["commands"] == applied["commands"] and applied["counts"]["updated"] == 2
    assert run.task("numbers rerun")["commands"] == []
    assert run.task("numbers replaced")["commands"] == []
    assert len(run.task("numbers gathered")["gathered"]) == 2
    assert run.task("numbers fed back")["commands"] == []
    assert "deleted" in run.task("numbers deleted")["msg"]
    numbers_now = by_name(emulator.state()["phone_numbers"], "phone_number")
    assert numbers_now["+13125550101"]["customer_reference"] == "desk-1" and len(numbers_now) == 3
    assert seeded["phone_numbers"]
    # Profiles: 2 creates and a purge; numbers: 2 PATCHes; nothing else.
    methods = sorted(method for method, dummy in writes(emulator))
    assert methods == ["DELETE", "PATCH", "PATCH", "POST", "POST"], writes(emulator)


@ECHOES_PASSWORD
def test_a_partial_failure_names_both_sides_and_a_rerun_converges(playbook, emulator):
    emulator.seed([{"connection_name": "taken", "user_name": "fleet001", "password": "Taken-Pass-001-x9"}])
    fixed = [item(0), item(1, user_name="fleet001b"), item(2)]
    run = playbook([task(CONNECTIONS, [item(0), item(1), item(2)], "partial", ignore_errors=True),
                    task(CONNECTIONS, fixed, "rerun")])
    assert run.rc == 0, run.output
    result = run.task("partial")
    assert "1 of 3" in result["msg"] and "config[1] (connection_name 'fleet-001')" in result["msg"]
    assert result["failed_items"] == ["config[1] (connection_name 'fleet-001')"]
    assert [entry.get("failed", False) for entry in result["credential_connections"]] == [False, True, False]
    assert result["counts"]["created"] == 2 and result["counts"]["failed"] == 1
    assert [entry["action"] for entry in run.task("rerun")["credential_connections"]] == ["none", "create", "none"]
    names = set(by_name(emulator.state()["connections"], "connection_name"))
    assert {"fleet-000", "fleet-001", "fleet-002", "taken"} == names


def test_check_flag_predicts_exactly(playbook, emulator):
    """``--check`` on the whole playbook: its commands are the writes the real run then sends."""
    emulator.seed([{"connection_name": "fleet-001", "user_name": "fleet001", "password": "Fleet-Pass-001-x9",
                    "tags": ["fleet"], "active": True}])
    tasks = [task(CONNECTIONS, [item(0), item(1, active=False)], "apply", state="overridden",
                  scope={"tag": "fleet"})]
    predicted = playbook(tasks, check=True)
    assert predicted.rc == 0 and writes(emulator) == [], predicted.output
    applied = playbook(tasks)
    assert applied.rc == 0, applied.output
    assert predicted.last["commands"] == applied.last["commands"]
    assert [(command["method"], "/v2" + command["path"]) for command in applied.last["commands"]] == writes(emulator)
