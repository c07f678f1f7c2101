# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""credential_connection_info through real ansible-playbook against the emulator, and the adopt workflow.

The adopt tests run docs/examples/adopt.yml itself, the playbook that docs/adopting.md documents.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import PLAYBOOK_TIMEOUT, REPO, PlaybookRun, writes

ADOPT = REPO / "docs" / "examples" / "adopt.yml"
LIST_PATH = "/v2/credential_connections"
SEED_PASSWORD = "seedpassword123"  # what the emulator gives a seeded connection without a password

SIMILAR_NAMES = ["office", "Office", "office-2", "my office"]

# Connections that differ from the defaults in every way the field table knows, all valid for Telnyx.
VARIED = [
    {"connection_name": "office", "password": "office-pass-0001", "tags": ["office", "chicago"],
     "anchorsite_override": "Chicago, IL", "encrypted_media": "SRTP", "webhook_event_url": "https://hooks.example.com/a",
     "webhook_event_failover_url": "https://hooks.example.com/b", "webhook_api_version": "2",
     "webhook_timeout_secs": 25, "sip_uri_calling_preference": "disabled",
     "inbound": {"codecs": ["G722", "G711U"], "channel_limit": 10, "timeout_1xx_secs": 5},
     "outbound": {"ani_override": "+13125550100", "ani_override_type": "emergency", "channel_limit": 4,
                  "outbound_voice_profile_id": "1293384261075731500", "call_parking_enabled": True},
     "rtcp_settings": {"port": "rtcp-mux", "report_frequency_secs": 30},
     "jitter_buffer": {"enable_jitter_buffer": True, "jitterbuffer_msec_min": 40, "jitterbuffer_msec_max": 400},
     "noise_suppression": "both", "noise_suppression_details": {"engine": "krisp_viva_tel", "attenuation_limit": 80}},
    {"connection_name": "lab", "active": False, "password": "lab-pass-0002", "dtmf_type": "SIP INFO",
     "sip_uri_calling_preference": "internal", "webhook_api_version": "texml",
     "outbound": {"call_parking_enabled": True, "localization": ""}},
    {"connection_name": "ab", "password": "ab-pass-00003"},
]

QUIRKS = {"sip_uri_disabled_as_null": True, "timeouts_as_strings": True, "mask_password": True}


def info(task="info", **args):
    return {"name": task, "telnyx.voice.credential_connection_info": args, "register": "info"}


def list_requests(emulator):
    return [entry for entry in emulator.requests() if entry["method"] == "GET" and entry["path"] == LIST_PATH]


def registration_requests(emulator):
    return [entry for entry in emulator.requests() if entry["path"].endswith("/actions/check_registration_status")]


def items(run, task="info"):
    return run.task(task)["credential_connections"]


def assert_no_password_shown(run, *passwords):
    text = run.output + json.dumps(run.records)
    for password in passwords:
        assert password not in text, [line for line in text.split(",") if password in line][:3]


# Every connection, across pages

def test_more_than_250_connections_all_come_back_across_pages(playbook, emulator):
    ids = emulator.seed(count=300, template={"connection_name": "bulk"})
    emulator.clear_requests()
    run = playbook([info()], verbosity=1)
    assert run.rc == 0, run.output
    found = items(run)
    assert len(found) == 300
    assert sorted(item["id"] for item in found) == sorted(ids)
    assert {item["connection_name"] for item in found} == {"bulk-%05d" % number for number in range(1, 301)}
    requests = list_requests(emulator)
    assert [(entry["query"]["page[number]"], entry["query"]["page[size]"]) for entry in requests] == \
        [("1", "250"), ("2", "250")]
    assert len(emulator.requests()) == 2, "nothing but the two pages"
    assert run.task("info")["changed"] is False
    assert all(item["read_only"]["password_set"] is True for item in found)
    assert_no_password_shown(run, SEED_PASSWORD)


def test_name_contains_is_filtered_by_telnyx_in_any_case(playbook, emulator):
    emulator.seed(count=260, template={"connection_name": "bulk"})
    emulator.seed(connections=[{"connection_name": "other"}])
    emulator.clear_requests()
    run = playbook([info(name_contains="BULK-0025")])
    assert run.rc == 0, run.output
    assert sorted(item["connection_name"] for item in items(run)) == ["bulk-%05d" % number for number in range(250, 260)]
    assert [entry["query"] for entry in list_requests(emulator)] == [
        {"filter[connection_name][contains]": "BULK-0025", "page[size]": "250", "page[number]": "1"}]


# The exact name among similar names

def test_connection_name_is_an_exact_case_sensitive_match(playbook, emulator):
    ids = emulator.seed(connections=[{"connection_name": name} for name in SIMILAR_NAMES])
    emulator.clear_requests()
    run = playbook([info("exact", connection_name="office"),
                    info("alias", name="Office"),
                    info("contains", name_contains="office")])
    assert run.rc == 0, run.output
    assert [item["id"] for item in items(run, "exact")] == [ids[0]]
    assert [item["id"] for item in items(run, "alias")] == [ids[1]]
    assert sorted(item["connection_name"] for item in items(run, "contains")) == sorted(SIMILAR_NAMES)
    assert [entry["query"].get("filter[connection_name][contains]") for entry in list_requests(emulator)] == \
        ["office", "Office", "office"]


def test_short_name_contains_fails_before_any_request(playbook, emulator):
    emulator.seed(connections=[{"connection_name": "of"}])
    emulator.clear_requests()
    run = playbook([info(name_contains="of")])
    assert run.rc != 0
    assert "name_contains must have at least 3 characters" in run.last["msg"]
    assert emulator.requests() == []


def test_a_short_exact_name_reads_every_page_then_matches(playbook, emulator):
    ids = emulator.seed(connections=[{"connection_name": name} for name in ("of", "OF", "off")])
    emulator.clear_requests()
    run = playbook([info(connection_name="of")])
    assert [item["id"] for item in items(run)] == [ids[0]]
    assert [entry["query"] for entry in list_requests(emulator)] == [{"page[size]": "250", "page[number]": "1"}]


def test_id_and_an_unknown_id(playbook, emulator):
    ids = emulator.seed(connections=[{"connection_name": "office"}, {"connection_name": "lab"}])
    run = playbook([info("known", id=ids[1]), info("unknown", id="1")])
    assert run.rc == 0, run.output
    assert [item["connection_name"] for item in items(run, "known")] == ["lab"]
    assert items(run, "unknown") == []


def test_outbound_voice_profile_filter(playbook, emulator):
    ids = emulator.seed(connections=[{"connection_name": "a", "outbound": {"outbound_voice_profile_id": "42"}},
                                     {"connection_name": "b", "outbound": {"outbound_voice_profile_id": "43"}}])
    emulator.clear_requests()
    run = playbook([info(outbound_voice_profile_id="42")])
    assert [item["id"] for item in items(run)] == [ids[0]]
    assert list_requests(emulator)[0]["query"]["filter[outbound_voice_profile_id]"] == "42"


# Registration status

def test_registration_status_is_read_for_each_connection_in_check_mode_too(playbook, emulator):
    ids = emulator.seed(connections=[{"connection_name": "office", "user_name": "office01"},
                                     {"connection_name": "lab"}])
    emulator.set_registration(ids[0], status="Registered", ip_address="190.106.106.121", port=37223,
                              transport="UDP", user_agent="Z 5.4.12 v2.10.13.2-mod",
                              last_registration="2026-11-22T09:00:00")
    for check in (False, True):
        emulator.clear_requests()
        run = playbook([info(registration_status=True)], check=check)
        assert run.rc == 0, run.output
        by_id = {item["id"]: item["read_only"] for item in items(run)}
        assert by_id[ids[0]]["registration"] == {
            "ip_address": "190.106.106.121", "last_registration": "2026-11-22T09:00:00", "port": 37223,
            "record_type": "registration_status", "sip_username": "office01", "status": "Registered",
            "transport": "UDP", "user_agent": "Z 5.4.12 v2.10.13.2-mod"}
        assert by_id[ids[0]]["registration_status"] == "Registered"
        assert by_id[ids[1]]["registration"]["status"] == "Not Registered"
        assert sorted(entry["path"] for entry in registration_requests(emulator)) == sorted(
            "%s/%s/actions/check_registration_status" % (LIST_PATH, connection_id) for connection_id in ids)
        assert writes(emulator) == []
        assert run.task("info")["changed"] is False


def test_without_registration_status_no_action_is_sent(playbook, emulator):
    emulator.seed(connections=[{"connection_name": "office"}])
    emulator.clear_requests()
    run = playbook([info()])
    assert "registration" not in items(run)[0]["read_only"]
    assert registration_requests(emulator) == []


# Adopting: feeding every item back to credential_connection changes nothing

def adopt_loop(name, args):
    return {"name": name, "telnyx.voice.credential_connection": args,
            "loop": "{{ info.credential_connections }}", "loop_control": {"label": "{{ item.connection_name }}"}}


def test_feeding_every_item_back_is_a_no_op(playbook, emulator):
    emulator.seed(connections=VARIED, count=3, template={"connection_name": "bulk"})
    for quirks in ({}, QUIRKS):
        emulator.set_quirks(**quirks)
        emulator.clear_requests()
        run = playbook([
            info(),
            adopt_loop("combine", "{{ item | combine({'read_only': omit}) }}"),
            adopt_loop("dict2items", "{{ item | dict2items | rejectattr('key', 'eq', 'read_only') | items2dict }}"),
        ], diff=True, verbosity=2)
        assert run.rc == 0, run.output
        assert len(items(run)) == 6
        for task in ("combine", "dict2items"):
            results = run.task(task)["results"]
            assert len(results) == 6
            assert [result["changed"] for result in results] == [False] * 6, task
            # Only the D38 warning of a connection without an outbound voice profile (test_trunk.py covers it).
            assert not any(w for result in results for w in result.get("warnings", []) if "SIP cause D38" not in w)
        assert writes(emulator) == []
        assert "changed=0" in run.stdout
        assert_no_password_shown(run, SEED_PASSWORD, "office-pass-0001", "lab-pass-0002", "ab-pass-00003")


# docs/examples/adopt.yml, run as it is

def run_file(playbook, path, *args, **extra_vars):
    """ansible-playbook on ``path`` itself, with the harness's inventory, environment and recorder."""
    playbook.count += 1
    record = playbook.tmp_path / ("record-%d.jsonl" % playbook.count)
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(playbook.inventory), str(path),
               "-e", json.dumps(extra_vars)] + list(args)
    completed = subprocess.run(command, capture_output=True, text=True, env=playbook.environment(record, None),
                               timeout=PLAYBOOK_TIMEOUT, check=False)
    records = [json.loads(line) for line in record.read_text().splitlines() if line.strip()] if record.exists() else []
    return PlaybookRun(completed.returncode, completed.stdout, completed.stderr, records)


def test_adopt_playbook_exports_then_manages_the_account(playbook, emulator, tmp_path):
    ids = emulator.seed(connections=VARIED)
    emulator.set_quirks(sip_uri_disabled_as_null=True, timeouts_as_strings=True)  # passwords come back in clear
    vars_file = tmp_path / "telnyx_credential_connections.yml"
    settings = dict(telnyx_api_key=emulator.api_key, telnyx_base_url=emulator.base_url,
                    telnyx_vars_file=str(vars_file))
    emulator.clear_requests()

    # First run: export, then apply the export, which changes nothing.
    first = run_file(playbook, ADOPT, "-vv", **settings)
    assert first.rc == 0, first.output
    assert first.task("Export them to the vars file, without their read-only keys")["changed"] is True
    applied = first.task("Keep each credential connection as the vars file says")["results"]
    assert [result["changed"] for result in applied] == [False, False, False]
    assert writes(emulator) == []
    exported = yaml.safe_load(vars_file.read_text())["telnyx_credential_connections"]
    assert sorted(entry["id"] for entry in exported) == sorted(ids)
    text = vars_file.read_text()
    assert "password" not in text and "read_only" not in text and "created_at" not in text
    assert_no_password_shown(first, "office-pass-0001", "lab-pass-0002", "ab-pass-00003")

    # Edit the file: one change, and a new connection, whose password comes from a variable (a vault in real use).
    for entry in exported:
        if entry["connection_name"] == "lab":
            entry["active"] = True
    exported.append({"connection_name": "new-office", "user_name": "newoffice01", "tags": ["new"]})
    vars_file.write_text(yaml.safe_dump({"telnyx_credential_connections": exported}, sort_keys=False))
    settings["telnyx_passwords"] = {"new-office": "new-office-pass-1"}
    emulator.clear_requests()
    second = run_file(playbook, ADOPT, "-vv", **settings)
    assert second.rc == 0, second.output
    assert "skip_reason" in second.task("Read every credential connection of the account"), \
        "an existing export is kept as edited"
    lab_id = ids[1]
    assert writes(emulator) == [("PATCH", "%s/%s" % (LIST_PATH, lab_id)), ("POST", LIST_PATH)]
    patch, post = [entry for entry in emulator.requests() if entry["method"] in ("PATCH", "POST")]
    assert patch["body"] == {"active": True}
    assert post["body"]["password"] == "new-office-pass-1"
    assert_no_password_shown(second, "new-office-pass-1")

    # Third run: converged.
    emulator.clear_requests()
    third = run_file(playbook, ADOPT, **settings)
    assert third.rc == 0, third.output
    assert writes(emulator) == []

    # A new export holds the new connection, still without a password.
    fourth = run_file(playbook, ADOPT, telnyx_export_overwrite=True, **settings)
    assert fourth.rc == 0, fourth.output
    exported = yaml.safe_load(vars_file.read_text())["telnyx_credential_connections"]
    assert sorted(entry["connection_name"] for entry in exported) == ["ab", "lab", "new-office", "office"]
    assert "new-office-pass-1" not in vars_file.read_text() and "password" not in vars_file.read_text()
    assert writes(emulator) == []
