# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The trunk modules through real ansible-playbook against the emulator: outbound_voice_profile, phone_number,
their info modules, credential_connection linked to a profile by name, and docs/examples/trunk.yml itself.

``make e2e`` runs these in-process (``make e2e-module``, not part of ``make test``, as module processes);
test_the_trunk_is_the_same_in_both_modes compares the two within one run.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import ECHOES_PASSWORD, REPO, writes
from _modes_helpers import MODES, comparable_records, normalised

TRUNK = REPO / "docs" / "examples" / "trunk.yml"
NUMBERS = ["+13125550100", "+13125550101", "+13125550102"]
PIN = "port-pin-8391-secret"


def trunk(playbook, emulator, *extra, check=False, diff=False, env=None):
    """Run docs/examples/trunk.yml as a user does: credentials from the environment, options from -e."""
    play = yaml.safe_load(TRUNK.read_text())
    environment = dict(env or {}, TELNYX_API_KEY=emulator.api_key, TELNYX_BASE_URL=emulator.base_url)
    args = []
    for item in extra:
        args += ["-e", item]
    return playbook(play, check=check, diff=diff, env=environment, extra_args=args)


def seed_numbers(emulator, **overrides):
    return emulator.seed(phone_numbers=[dict(overrides, phone_number=number, external_pin=PIN)
                                        for number in NUMBERS])["phone_numbers"]


def calls(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.requests()]


def changed(run):
    return {record["task"]: record["result"].get("changed") for record in run.records
            if not record["result"].get("results")} | {
        record["task"]: [item.get("changed") for item in record["result"]["results"]]
        for record in run.records if record["result"].get("results")}


def warnings(run):
    found = []
    for result in run.results:
        found += result.get("warnings", [])
        for item in result.get("results", []):
            found += item.get("warnings", [])
    return found


def assert_ok(run):
    assert run.rc == 0, run.output
    assert all(record["status"] in ("ok", "skipped") for record in run.records), run.output


def task(module, title, **options):
    return {"name": title, "telnyx.voice.%s" % module: options}


# ---------------------------------------------------------------------------------------------------------------
# docs/examples/trunk.yml: build, run again, --check --diff, apply, tear down in order, tear down again
# ---------------------------------------------------------------------------------------------------------------


def test_the_trunk_example_builds_converges_previews_and_tears_down_in_order(playbook, emulator):
    number_ids = seed_numbers(emulator)

    built = trunk(playbook, emulator)
    assert_ok(built)
    state = emulator.state()
    (profile,) = state["outbound_voice_profiles"]
    (connection,) = state["connections"]
    assert profile["name"] == "ansible-trunk-outbound" and profile["daily_spend_limit"] == "100.00"
    assert connection["outbound"]["outbound_voice_profile_id"] == profile["id"]
    assert sorted(number["connection_id"] for number in state["phone_numbers"]) == [connection["id"]] * 3
    assert not [w for w in warnings(built) if "D38" in w], warnings(built)
    assert PIN not in built.output

    emulator.clear_requests()
    again = trunk(playbook, emulator)
    assert_ok(again)
    assert "changed=0" in again.stdout, again.stdout
    assert writes(emulator) == []
    # No voice option is set, so the voice address is never read.
    assert not [path for method, path in calls(emulator) if path.endswith("/voice")]
    assert warnings(again) == []

    emulator.clear_requests()
    preview = trunk(playbook, emulator, "trunk_daily_spend_limit=250.00", check=True, diff=True)
    assert_ok(preview)
    assert writes(emulator) == []
    result = preview.task("Ensure the outbound voice profile ansible-trunk-outbound")
    assert result["changed"] is True
    assert result["diff"]["before"]["daily_spend_limit"] == "100" and result["diff"]["after"]["daily_spend_limit"] == "250"
    assert "changed=1" in preview.stdout, preview.stdout

    emulator.clear_requests()
    applied = trunk(playbook, emulator, "trunk_daily_spend_limit=250.00")
    assert_ok(applied)
    (patch,) = [entry for entry in emulator.requests() if entry["method"] == "PATCH"]
    assert patch["body"] == {"daily_spend_limit": "250.00", "name": "ansible-trunk-outbound"}

    emulator.clear_requests()
    torn = trunk(playbook, emulator, "trunk_state=absent")
    assert_ok(torn)
    # A number is detached with connection_id "" (the schema's string); where Telnyx refuses "", once more with null.
    tries = 2 if emulator.quirks()["connection_id_empty_refused"] else 1
    assert writes(emulator) == [("PATCH", "/v2/phone_numbers/%s" % number_id) for number_id in number_ids
                                for _try in range(tries)] + [
        ("DELETE", "/v2/credential_connections/%s" % connection["id"]),
        ("DELETE", "/v2/outbound_voice_profiles/%s" % profile["id"])]
    state = emulator.state()
    assert state["connections"] == [] and state["outbound_voice_profiles"] == []
    assert [number["connection_id"] for number in state["phone_numbers"]] == [None] * 3  # kept, detached

    emulator.clear_requests()
    assert_ok(trunk(playbook, emulator, "trunk_state=absent"))
    assert writes(emulator) == []


def test_the_trunk_is_the_same_in_both_modes(playbook, emulator):
    runs = {}
    for label, mode in MODES.items():
        emulator.reset()
        seed_numbers(emulator)
        run = trunk(playbook, emulator, env={"TELNYX_VOICE_EXECUTION": mode})
        assert_ok(run)
        requests = [normalised({key: entry.get(key) for key in ("method", "path", "query", "body", "status")})
                    for entry in emulator.requests()]
        for request in requests:
            if isinstance(request["body"], dict) and "password" in request["body"]:
                request["body"]["password"] = "<random password of the example>"
        runs[label] = (comparable_records(run), requests)
    (records, requests), (module_records, module_requests) = runs["in-process"], runs["module"]
    assert len(requests) == len(module_requests)
    for index, (request, module_request) in enumerate(zip(requests, module_requests)):
        assert request == module_request, index
    assert records == module_records


# ---------------------------------------------------------------------------------------------------------------
# outbound_voice_profile
# ---------------------------------------------------------------------------------------------------------------

PROFILE = dict(name="e2e-profile", enabled=True, whitelisted_destinations=["US", "CA", "GB"], daily_spend_limit=75,
               daily_spend_limit_enabled=True, max_destination_rate=0.5, concurrent_call_limit=4, tags=["e2e"],
               call_recording={"call_recording_type": "by_caller_phone_number",
                               "call_recording_caller_phone_numbers": ["+13125550100"],
                               "call_recording_channels": "dual", "call_recording_format": "mp3"},
               calling_window={"start_time": "08:00:00Z", "end_time": "20:00", "calls_per_cld": 3})


def test_profile_check_create_converge_and_delete(playbook, emulator):
    create = [task("outbound_voice_profile", "profile", **PROFILE)]
    check = playbook(create, check=True, diff=True)
    assert_ok(check)
    assert check.task("profile")["changed"] is True and writes(emulator) == []

    real = playbook(create)
    assert_ok(real)
    (post,) = [entry["body"] for entry in emulator.requests() if entry["method"] == "POST"]
    assert post["daily_spend_limit"] == "75" and post["max_destination_rate"] == 0.5
    assert real.task("profile")["outbound_voice_profile"]["daily_spend_limit"] == "75.00"

    # The server answers money with two decimals and times as HH:MM: still no change.
    emulator.clear_requests()
    again = playbook(create)
    assert_ok(again)
    assert again.task("profile")["changed"] is False and writes(emulator) == []

    emulator.clear_requests()
    rename = playbook([task("outbound_voice_profile", "toggle", name="e2e-profile", enabled=False)])
    assert_ok(rename)
    assert [entry["body"] for entry in emulator.requests() if entry["method"] == "PATCH"] == [
        {"enabled": False, "name": "e2e-profile"}]

    gone = playbook([task("outbound_voice_profile", "gone", name="e2e-profile", state="absent")] * 2)
    assert gone.rc == 0, gone.output
    assert [result["changed"] for result in gone.results] == [True, False]
    assert emulator.state()["outbound_voice_profiles"] == []


def test_profile_info_items_feed_back_unchanged(playbook, emulator):
    emulator.seed(outbound_voice_profiles=[{"name": "adopt-a", "daily_spend_limit": "10.00", "tags": ["x"]},
                                           {"name": "adopt-b", "concurrent_call_limit": None}])
    run = playbook([
        {"name": "read", "telnyx.voice.outbound_voice_profile_info": {"name_contains": "adopt"}, "register": "found"},
        {"name": "adopt", "telnyx.voice.outbound_voice_profile": "{{ item | combine({'read_only': omit}) }}",
         "loop": "{{ found.outbound_voice_profiles }}"},
    ])
    assert run.rc == 0, run.output
    assert len(run.task("read")["outbound_voice_profiles"]) == 2
    assert [item["changed"] for item in run.task("adopt")["results"]] == [False, False]
    assert writes(emulator) == []


# ---------------------------------------------------------------------------------------------------------------
# phone_number
# ---------------------------------------------------------------------------------------------------------------


def test_number_voice_settings_are_read_and_written_only_when_set(playbook, emulator):
    (number_id, *others) = seed_numbers(emulator)
    voice = task("phone_number", "voice", phone_number=NUMBERS[0],
                 call_forwarding={"call_forwarding_enabled": True, "forwarding_type": "on-failure",
                                  "forwards_to": "+13125559999"},
                 cnam_listing={"cnam_listing_enabled": True, "cnam_listing_details": "Chicago Office"},
                 caller_id_name_enabled=True)
    emulator.clear_requests()
    check = playbook([voice], check=True, diff=True)
    assert_ok(check)
    assert check.task("voice")["changed"] is True and writes(emulator) == []
    emulator.clear_requests()
    real = playbook([voice])
    assert_ok(real)
    assert writes(emulator) == [("PATCH", "/v2/phone_numbers/%s/voice" % number_id)]
    emulator.clear_requests()
    again = playbook([voice])
    assert_ok(again)
    assert again.task("voice")["changed"] is False and writes(emulator) == []
    assert ("GET", "/v2/phone_numbers/%s/voice" % number_id) in calls(emulator)


def test_a_number_not_on_the_account_fails_and_nothing_is_bought(playbook, emulator):
    seed_numbers(emulator)
    run = playbook([task("phone_number", "missing", phone_number="+13125550199", connection_id="")])
    assert run.rc != 0
    (record,) = run.records
    assert record["status"] == "failed" and "never buys one" in record["result"]["msg"]
    assert writes(emulator) == [] and len(emulator.state()["phone_numbers"]) == 3


# external_pin_set can only say a PIN is set where Telnyx shows it (the response schema has external_pin).
@pytest.mark.quirks(withhold_external_pin=False)
def test_the_external_pin_never_shows(playbook, emulator):
    seed_numbers(emulator)
    new_pin = "new-pin-5521-secret"
    run = playbook([task("phone_number", "pin", phone_number=NUMBERS[1], external_pin=new_pin),
                    {"name": "info", "telnyx.voice.phone_number_info": {"phone_number": NUMBERS[1]}}],
                   diff=True, verbosity=3)
    assert run.rc == 0, run.output
    assert PIN not in run.output and new_pin not in run.output
    assert run.task("info")["phone_numbers"][0]["read_only"]["external_pin_set"] is True


def test_number_info_filters_and_feeds_back_unchanged(playbook, emulator):
    ids = seed_numbers(emulator, tags=["trunk"])
    run = playbook([
        {"name": "read", "register": "found",
         "telnyx.voice.phone_number_info": {"tag": "trunk", "status": "active", "voice_settings": True}},
        {"name": "adopt", "telnyx.voice.phone_number": "{{ item | combine({'read_only': omit}) }}",
         "loop": "{{ found.phone_numbers }}"},
    ])
    assert run.rc == 0, run.output
    assert sorted(item["id"] for item in run.task("read")["phone_numbers"]) == sorted(ids)
    assert [item["changed"] for item in run.task("adopt")["results"]] == [False] * 3
    assert writes(emulator) == []


# ---------------------------------------------------------------------------------------------------------------
# credential_connection and its profile
# ---------------------------------------------------------------------------------------------------------------


@ECHOES_PASSWORD
def test_connection_warns_d38_without_a_profile_and_links_one_by_name(playbook, emulator):
    base = dict(connection_name="e2e-d38", user_name="e2ed38user", password="D38-Pass-8812")
    check = playbook([task("credential_connection", "bare", **base)], check=True)
    assert check.rc == 0, check.output
    assert [w for w in warnings(check) if "SIP cause D38" in w], check.output
    bare = playbook([task("credential_connection", "bare", **base)])
    assert [w for w in warnings(bare) if "SIP cause D38" in w], bare.output

    (profile_id,) = emulator.seed(outbound_voice_profiles=[{"name": "e2e-d38-profile"}])["outbound_voice_profiles"]
    by_name = {"outbound_voice_profile_name": "e2e-d38-profile"}
    linked = playbook([task("credential_connection", "linked", outbound=by_name, **base)] * 2)
    assert linked.rc == 0, linked.output
    assert [result["changed"] for result in linked.results] == [True, False]
    assert warnings(linked) == []
    (connection,) = emulator.state()["connections"]
    assert connection["outbound"]["outbound_voice_profile_id"] == profile_id

    missing = {"outbound_voice_profile_name": "no-such-profile"}
    unknown = playbook([task("credential_connection", "unknown", outbound=missing, **base)])
    assert unknown.rc != 0 and "no outbound voice profile is named 'no-such-profile'" in unknown.output
