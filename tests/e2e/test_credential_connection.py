# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""telnyx.voice.credential_connection end to end: real ansible-playbook runs against the emulator.

Every test asserts three things: what Ansible reported (``changed``, ``msg``, ``diff``), what the
emulator was asked (its request log) and what it holds afterwards (its state). Several tasks share
one playbook run where that stays readable, because each run costs a couple of seconds.
"""

from __future__ import annotations

import copy
import sys

import pytest

from conftest import API_KEY, COLLECTIONS, ECHOES_PASSWORD, NO_LOG_MASK, ensure_collection_link, writes

MODULE = "telnyx.voice.credential_connection"
COLLECTION = "/v2/credential_connections"
MASK = "********"

# Every option of the module, each with a valid value that differs from the server default.
# (webhook_api_version "texml" exists only on create and cannot be kept through an update, so "2".)
CREATE_OPTIONS = {
    "connection_name": "e2e-every-option",
    "user_name": "everyopt01",
    "password": "Create-Pass-7f3a",
    "active": False,
    "anchorsite_override": "Chicago, IL",
    "sip_uri_calling_preference": "internal",
    "default_on_hold_comfort_noise_enabled": True,
    "dtmf_type": "SIP INFO",
    "encode_contact_header_enabled": True,
    "encrypted_media": "SRTP",
    "onnet_t38_passthrough_enabled": True,
    "ios_push_credential_id": "6b1f0d5e-3c2a-4e8b-9f1d-0a2b3c4d5e6f",
    "android_push_credential_id": "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
    "webhook_event_url": "https://hooks.example.com/telnyx",
    "webhook_event_failover_url": "https://failover.example.com/telnyx",
    "webhook_api_version": "2",
    "webhook_timeout_secs": 25,
    "call_cost_in_webhooks": True,
    "tags": ["office", "chicago"],
    "noise_suppression": "both",
    "noise_suppression_details": {"engine": "deep_filter_net", "attenuation_limit": 70},
    "jitter_buffer": {"enable_jitter_buffer": True, "jitterbuffer_msec_min": 60, "jitterbuffer_msec_max": 300},
    "rtcp_settings": {"port": "rtcp-mux", "capture_enabled": True, "report_frequency_secs": 10},
    "inbound": {
        "ani_number_format": "+E.164",
        "dnis_number_format": "national",
        "codecs": ["G722", "G711U"],
        "channel_limit": 10,
        "default_routing_method": "round-robin",
        "generate_ringback_tone": True,
        "isup_headers_enabled": True,
        "prack_enabled": True,
        "shaken_stir_enabled": True,
        "simultaneous_ringing": "enabled",
        "sip_compact_headers_enabled": False,
        "timeout_1xx_secs": 5,
        "timeout_2xx_secs": 60,
    },
    "outbound": {
        "ani_override": "+13125550100",
        "ani_override_type": "normal",
        "call_parking_enabled": True,
        "channel_limit": 5,
        "generate_ringback_tone": True,
        "instant_ringback_enabled": False,
        "localization": "GB",
        "outbound_voice_profile_id": "1293384261075731500",
        "t38_reinvite_source": "customer",
    },
}

# Each of them changed (the codecs only in their order, which is a priority), plus a rename by id.
UPDATE_OPTIONS = {
    "connection_name": "e2e-every-option-renamed",
    "user_name": "everyopt02",
    "password": "Update-Pass-9c1e",
    "active": True,
    "anchorsite_override": "Amsterdam, Netherlands",
    "sip_uri_calling_preference": "unrestricted",
    "default_on_hold_comfort_noise_enabled": False,
    "dtmf_type": "Inband",
    "encode_contact_header_enabled": False,
    "encrypted_media": "",
    "onnet_t38_passthrough_enabled": False,
    "ios_push_credential_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    "android_push_credential_id": "9f8e7d6c-5b4a-4392-8170-f6e5d4c3b2a1",
    "webhook_event_url": "https://hooks.example.com/telnyx-v2",
    "webhook_event_failover_url": "https://failover.example.com/telnyx-v2",
    "webhook_api_version": "1",
    "webhook_timeout_secs": 10,
    "call_cost_in_webhooks": False,
    "tags": ["lab", "office"],
    "noise_suppression": "inbound",
    "noise_suppression_details": {"engine": "krisp_viva_tel", "attenuation_limit": 40},
    "jitter_buffer": {"enable_jitter_buffer": False, "jitterbuffer_msec_min": 80, "jitterbuffer_msec_max": 250},
    # The alias of the public docs page; it must reach Telnyx as report_frequency_secs (FACTS T3).
    "rtcp_settings": {"port": "rtp+1", "capture_enabled": False, "report_frequency_seconds": 20},
    "inbound": {
        "ani_number_format": "E.164",
        "dnis_number_format": "sip_username",
        "codecs": ["G711U", "G722"],
        "channel_limit": 20,
        "default_routing_method": "sequential",
        "generate_ringback_tone": False,
        "isup_headers_enabled": False,
        "prack_enabled": False,
        "shaken_stir_enabled": False,
        "simultaneous_ringing": "disabled",
        "sip_compact_headers_enabled": True,
        "timeout_1xx_secs": 10,
        "timeout_2xx_secs": 120,
    },
    "outbound": {
        "ani_override": "+442071838750",
        "ani_override_type": "emergency",
        "call_parking_enabled": False,
        "channel_limit": 8,
        "generate_ringback_tone": False,
        "instant_ringback_enabled": True,
        "localization": "US",
        "outbound_voice_profile_id": "1293384261075731777",
        "t38_reinvite_source": "callee-passthru",
    },
}


def wire(options):
    """What the module sends for ``options``: canonical names, and an empty string as null."""
    body = {}
    for name, value in options.items():
        if isinstance(value, dict):
            value = {("report_frequency_secs" if sub == "report_frequency_seconds" else sub):
                     (None if item == "" else item) for sub, item in value.items()}
        elif value == "":
            value = None
        body[name] = value
    return body


def diff_view(body, password):
    """The diff projection of ``body``: tags as a sorted set, the password hidden."""
    view = copy.deepcopy(body)
    view["tags"] = sorted(set(view["tags"]))
    view["password"] = password
    return view


def connection_options(emulator):
    """The connection options, set on the task itself: they then override module_defaults."""
    return {"api_key": emulator.api_key, "base_url": emulator.base_url, "validate_certs": True,
            "request_timeout": 5, "max_retries": 2, "retry_max_delay": 0.2}


def task(title, **options):
    return {"name": title, MODULE: options}


def calls(emulator):
    """Every request the emulator got, as (method, path)."""
    return [(entry["method"], entry["path"]) for entry in emulator.requests()]


def bodies(emulator, method):
    return [entry["body"] for entry in emulator.requests() if entry["method"] == method]


def stored(emulator):
    """The emulator's connections, by connection_name."""
    return {record["connection_name"]: record for record in emulator.state()["connections"]}


def assert_holds(record, body):
    """The stored ``record`` has every value of ``body`` (nested objects compared key by key)."""
    for name, value in body.items():
        if isinstance(value, dict):
            for sub, item in value.items():
                assert record[name][sub] == item, "%s.%s: %r != %r" % (name, sub, record[name][sub], item)
        elif name == "tags":
            assert sorted(record[name]) == sorted(value)
        else:
            assert record[name] == value, "%s: %r != %r" % (name, record[name], value)


def failed(run, name):
    """The result of task ``name``, which must have failed (ansible-core 2.19 hands callbacks no ``failed`` key)."""
    (record,) = [record for record in run.records if record["task"] == name]
    assert record["status"] == "failed", record
    return record["result"]


def assert_ok(run):
    assert run.rc == 0, run.output
    assert all(record["status"] == "ok" for record in run.records), run.output


# ---------------------------------------------------------------------------------------------------------------
# Create, update and delete: --check, the real run, the same again; every option is in the idempotence loop
# ---------------------------------------------------------------------------------------------------------------


def module_argument_spec():
    """The module's argument spec, from the collection as Ansible sees it."""
    ensure_collection_link()
    if str(COLLECTIONS) not in sys.path:
        sys.path.insert(0, str(COLLECTIONS))
    # pylint: disable=import-outside-toplevel
    from ansible_collections.telnyx.voice.plugins.module_utils import _credential_connection, _module

    return _module.module_argument_spec(_credential_connection.CREDENTIAL_CONNECTION)


def test_every_option_is_in_the_create_and_update_tasks(emulator):
    """Guards the next three tests: an option added to the module must be added to CREATE/UPDATE_OPTIONS."""
    spec = module_argument_spec()
    # id is in the update task, state and update_password in both, the connection options in both; purge_tags
    # (how tags are compared, not a field) has its own tests (tests/unit/plugins/module_utils/test_number_links.py).
    assert set(spec) == set(CREATE_OPTIONS) | {"id", "state", "update_password", "purge_tags"} | set(
        connection_options(emulator))
    assert set(spec) - {"id"} - set(UPDATE_OPTIONS) == {"state", "update_password", "purge_tags"} | set(
        connection_options(emulator))
    # The profile by name cannot be set beside its id; test_trunk.py covers it.
    by_name = {"outbound_voice_profile_name"}
    for name, option in spec.items():
        if option.get("options"):
            assert set(option["options"]) - by_name == set(CREATE_OPTIONS[name]), name
            assert set(wire(UPDATE_OPTIONS)[name]) == set(option["options"]) - by_name, name


# The every-option tests rerun expecting no change, so they need what a real account gives them: the push
# credentials and the outbound voice profiles they name exist there (Telnyx stores an id it does not know as null,
# FACTS T16, which the emulator's drop_unknown_push_ids quirk plays), and Telnyx echoes the password (FACTS T5).
EVERY_OPTION_ACCOUNT = pytest.mark.quirks(mask_password=False, known_ids=sorted({
    options[name] for options in (CREATE_OPTIONS, UPDATE_OPTIONS)
    for name in ("ios_push_credential_id", "android_push_credential_id")} | {
    options["outbound"]["outbound_voice_profile_id"] for options in (CREATE_OPTIONS, UPDATE_OPTIONS)}))


@EVERY_OPTION_ACCOUNT
def test_create_every_option_check_real_unchanged(playbook, emulator):
    create = [task("create", state="present", update_password="always", **connection_options(emulator),
                   **CREATE_OPTIONS)]
    expected = wire(CREATE_OPTIONS)
    lookup = [("GET", COLLECTION)]

    check = playbook(create, check=True, diff=True)
    assert_ok(check)
    result = check.task("create")
    assert result["changed"] is True
    assert result["credential_connection"]["id"] is None
    assert result["credential_connection"]["password"] == MASK
    assert result["diff"] == {"before": {}, "after": diff_view(expected, "<hidden>")}
    assert calls(emulator) == lookup
    query = emulator.requests()[0]["query"]
    assert query["filter[connection_name][contains]"] == "e2e-every-option"
    assert query["page[size]"] == "250"
    assert emulator.state()["connections"] == []

    emulator.clear_requests()
    real = playbook(create)
    assert_ok(real)
    result = real.task("create")
    assert result["changed"] is True
    assert result["credential_connection"]["password"] == MASK
    assert calls(emulator) == lookup + [("POST", COLLECTION)]
    assert bodies(emulator, "POST") == [expected]
    assert all(entry["authorized"] for entry in emulator.requests())
    (record,) = emulator.state()["connections"]
    assert result["credential_connection"]["id"] == record["id"]
    assert_holds(record, expected)

    emulator.clear_requests()
    again = playbook(create)
    assert_ok(again)
    assert again.task("create")["changed"] is False
    assert again.task("create").get("warnings", []) == []
    assert calls(emulator) == lookup
    assert emulator.state()["connections"] == [record]


@EVERY_OPTION_ACCOUNT
def test_update_every_option_and_rename_by_id_check_real_unchanged(playbook, emulator):
    (connection_id,) = emulator.seed([wire(CREATE_OPTIONS)])
    original = emulator.state()["connections"]
    update = [task("update", id=connection_id, update_password="always", **connection_options(emulator),
                   **UPDATE_OPTIONS)]
    expected = wire(UPDATE_OPTIONS)
    read = [("GET", "%s/%s" % (COLLECTION, connection_id))]
    before = {name: wire(CREATE_OPTIONS)[name] for name in expected}

    check = playbook(update, check=True, diff=True)
    assert_ok(check)
    result = check.task("update")
    assert result["changed"] is True
    assert result["diff"] == {"before": diff_view(before, "<hidden>"),
                              "after": diff_view(expected, "<hidden, changed>")}
    assert result["credential_connection"]["password"] == MASK
    assert calls(emulator) == read
    assert emulator.state()["connections"] == original
    # The preview as the user reads it: a unified diff of the options, the password only said to change.
    assert '-    "dtmf_type": "SIP INFO",' in check.stdout
    assert '+    "dtmf_type": "Inband",' in check.stdout
    assert '-    "password": "<hidden>",' in check.stdout
    assert '+    "password": "<hidden, changed>",' in check.stdout
    assert "Create-Pass-7f3a" not in check.output and "Update-Pass-9c1e" not in check.output

    emulator.clear_requests()
    real = playbook(update, diff=True)
    assert_ok(real)
    result = real.task("update")
    assert result["changed"] is True
    assert result["diff"]["after"] == diff_view(expected, "<hidden, changed>")
    assert calls(emulator) == read + [("PATCH", "%s/%s" % (COLLECTION, connection_id))]
    # One PATCH with every key, each nested object whole (every sub-option changed), the alias on its wire name.
    assert bodies(emulator, "PATCH") == [expected]
    assert "report_frequency_seconds" not in bodies(emulator, "PATCH")[0]["rtcp_settings"]
    (record,) = emulator.state()["connections"]
    assert record["id"] == connection_id
    assert record["connection_name"] == "e2e-every-option-renamed"
    assert_holds(record, expected)

    emulator.clear_requests()
    again = playbook(update, diff=True)
    assert_ok(again)
    result = again.task("update")
    assert result["changed"] is False
    assert result["diff"]["before"] == result["diff"]["after"]
    assert calls(emulator) == read
    assert emulator.state()["connections"] == [record]


def test_delete_check_real_unchanged(playbook, emulator):
    (connection_id,) = emulator.seed([wire(CREATE_OPTIONS)])
    (keep_id,) = emulator.seed([{"connection_name": "e2e-every-option-2", "user_name": "keepme01"}])
    delete = [task("delete", connection_name="e2e-every-option", state="absent")]
    lookup = [("GET", COLLECTION)]

    check = playbook(delete, check=True, diff=True)
    assert_ok(check)
    result = check.task("delete")
    assert result["changed"] is True
    assert result["credential_connection"] == {}
    # One line in --diff names what is deleted; the whole object, password masked, is in the result.
    assert result["diff"] == {"before": "credential connection 'e2e-every-option' (id %s)\n" % connection_id,
                              "after": ""}
    assert result["deleted"]["id"] == connection_id and result["deleted"]["password"] == "********"
    assert "-credential connection 'e2e-every-option' (id %s)\n" % connection_id in check.stdout
    assert calls(emulator) == lookup
    assert sorted(stored(emulator)) == ["e2e-every-option", "e2e-every-option-2"]

    emulator.clear_requests()
    real = playbook(delete)
    assert_ok(real)
    assert real.task("delete")["changed"] is True
    assert calls(emulator) == lookup + [("DELETE", "%s/%s" % (COLLECTION, connection_id))]
    assert [record["id"] for record in emulator.state()["connections"]] == [keep_id]

    emulator.clear_requests()
    again = playbook(delete)
    assert_ok(again)
    assert again.task("delete")["changed"] is False
    assert calls(emulator) == lookup
    assert [record["id"] for record in emulator.state()["connections"]] == [keep_id]


# ---------------------------------------------------------------------------------------------------------------
# Finding the connection
# ---------------------------------------------------------------------------------------------------------------


def test_lookup_by_name_across_pages_and_ambiguous_name(playbook, emulator):
    # 300 connections e2e-page-00001... plus the target "e2e-page" and "E2E-PAGE", which the
    # case-insensitive filter also matches. Seeded first, they come last: on page 2 of 250.
    seeded = emulator.seed([{"connection_name": "e2e-page", "user_name": "pagetarget01"},
                            {"connection_name": "E2E-PAGE", "user_name": "pagecase01"},
                            {"connection_name": "e2e-twin", "user_name": "twinone01"},
                            {"connection_name": "e2e-twin", "user_name": "twintwo01"}],
                           count=300, template={"connection_name": "e2e-page"})
    target, case_twin, twin_one, twin_two = seeded[:4]
    before = {record["id"]: record for record in emulator.state()["connections"]}

    run = playbook([task("by name on page 2", connection_name="e2e-page", active=False),
                    dict(task("ambiguous name", connection_name="e2e-twin", active=False), ignore_errors=True)])
    assert run.rc == 0, run.output

    assert run.task("by name on page 2")["changed"] is True
    lists = [entry["query"] for entry in emulator.requests() if entry["path"] == COLLECTION]
    assert [query["page[number]"] for query in lists[:2]] == ["1", "2"]
    assert all(query["page[size]"] == "250" for query in lists)
    assert lists[0]["filter[connection_name][contains]"] == "e2e-page"

    ambiguous = failed(run, "ambiguous name")
    assert "2 credential connections are named 'e2e-twin'" in ambiguous["msg"]
    assert twin_one in ambiguous["msg"] and twin_two in ambiguous["msg"]
    assert sorted(ambiguous["matching_ids"]) == sorted([twin_one, twin_two])

    # Only the exact name on page 2 was written; the twins and the other 301 were not touched.
    assert writes(emulator) == [("PATCH", "%s/%s" % (COLLECTION, target))]
    assert bodies(emulator, "PATCH") == [{"active": False}]
    after = {record["id"]: record for record in emulator.state()["connections"]}
    assert after[target]["active"] is False
    assert after[case_twin] == before[case_twin]
    assert {key: value for key, value in after.items() if key != target} == \
        {key: value for key, value in before.items() if key != target}


def test_rename_and_delete_by_id(playbook, emulator):
    (connection_id,) = emulator.seed([{"connection_name": "e2e-old-name", "user_name": "renameme01"}])
    item = "%s/%s" % (COLLECTION, connection_id)
    # "name" is the alias of connection_name.
    run = playbook([task("rename", id=connection_id, name="e2e-new-name"),
                    task("rename again", id=connection_id, name="e2e-new-name"),
                    task("delete by id", id=connection_id, state="absent"),
                    task("delete by id again", id=connection_id, state="absent")])
    assert_ok(run)
    assert [run.task(name)["changed"] for name in ("rename", "rename again", "delete by id", "delete by id again")] \
        == [True, False, True, False]
    assert run.task("rename")["credential_connection"]["connection_name"] == "e2e-new-name"
    assert run.task("rename")["credential_connection"]["id"] == connection_id
    # A rename reads by id and sends only the name; a delete by id reads first, so its second run sends no write.
    assert calls(emulator) == [("GET", item), ("PATCH", item), ("GET", item), ("GET", item), ("DELETE", item),
                               ("GET", item)]
    assert bodies(emulator, "PATCH") == [{"connection_name": "e2e-new-name"}]
    assert [entry["status"] for entry in emulator.requests()] == [200, 200, 200, 200, 200, 404]
    # No api_key or base_url on the tasks: they came from module_defaults for group/telnyx.voice.telnyx.
    assert all(entry["authorized"] for entry in emulator.requests())
    assert emulator.state()["connections"] == []


# ---------------------------------------------------------------------------------------------------------------
# Passwords, nullable fields, credentials, live-API quirks
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("masked", [False, True], ids=["echoed", "masked"])
def test_update_password_on_create_versus_always(playbook, emulator, masked):
    # Telnyx echoes the password (FACTS T5); should it mask it, update_password: always sends it on every run,
    # reports the change and says to use on_create (the documented fallback), and on_create still keeps it.
    emulator.set_quirks(mask_password=masked, omit_password=False)
    emulator.seed([{"connection_name": "e2e-pw-keep", "user_name": "pwkeep01", "password": "Old-Pass-1111"},
                   {"connection_name": "e2e-pw-always", "user_name": "pwalways01", "password": "Old-Pass-1111"}])
    run = playbook([
        task("on_create keeps", connection_name="e2e-pw-keep", user_name="pwkeep01", password="New-Pass-2222",
             update_password="on_create"),
        task("always updates", connection_name="e2e-pw-always", user_name="pwalways01", password="New-Pass-2222"),
        task("always again", connection_name="e2e-pw-always", user_name="pwalways01", password="New-Pass-2222"),
        task("on_create creates", connection_name="e2e-pw-new", user_name="pwnew01", password="New-Pass-2222",
             update_password="on_create"),
    ])
    assert_ok(run)
    assert [run.task(name)["changed"] for name in ("on_create keeps", "always updates", "always again",
                                                   "on_create creates")] == [False, True, masked, True]
    assert [method for method, _path in writes(emulator)] == ["PATCH"] * (1 + masked) + ["POST"]
    assert bodies(emulator, "PATCH") == [{"password": "New-Pass-2222"}] * (1 + masked)
    hidden = [warning for name in ("always updates", "always again") for warning in run.task(name).get("warnings", [])
              if "update_password: on_create" in warning]
    assert len(hidden) == 2 * masked, run.output
    assert bodies(emulator, "POST")[0]["password"] == "New-Pass-2222"
    connections = stored(emulator)
    assert connections["e2e-pw-keep"]["password"] == "Old-Pass-1111"
    assert connections["e2e-pw-always"]["password"] == "New-Pass-2222"
    assert connections["e2e-pw-new"]["password"] == "New-Pass-2222"
    assert "New-Pass-2222" not in run.output and "Old-Pass-1111" not in run.output


def test_clear_nullable_fields_with_empty_string(playbook, emulator):
    """"" clears what the schema lets a request clear: null where the field is nullable, "" where it is a plain
    string. The channel limits (integer, not nullable) cannot be cleared: tests/unit shows that refusal."""
    emulator.seed([{"connection_name": "e2e-clear", "user_name": "clearme01",
                    "encrypted_media": "SRTP", "webhook_event_failover_url": "https://failover.example.com/x",
                    "webhook_timeout_secs": 20, "ios_push_credential_id": "6b1f0d5e-3c2a-4e8b-9f1d-0a2b3c4d5e6f",
                    "android_push_credential_id": "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                    "inbound": {"channel_limit": 10, "codecs": ["G722"]},
                    "outbound": {"channel_limit": 4, "call_parking_enabled": True, "ani_override": "+13125550100",
                                 "outbound_voice_profile_id": "1293384261075731500"}}])
    clear = dict(connection_name="e2e-clear", encrypted_media="", webhook_event_failover_url="",
                 webhook_timeout_secs="", ios_push_credential_id="", android_push_credential_id="",
                 outbound={"call_parking_enabled": "", "outbound_voice_profile_id": "", "ani_override": ""})
    run = playbook([task("clear", **clear), task("clear again", **clear)])
    assert_ok(run)
    assert run.task("clear")["changed"] is True
    assert run.task("clear again")["changed"] is False
    assert [method for method, _path in writes(emulator)] == ["PATCH"]
    (body,) = bodies(emulator, "PATCH")
    assert {name: body[name] for name in ("encrypted_media", "webhook_event_failover_url", "webhook_timeout_secs",
                                          "ios_push_credential_id", "android_push_credential_id")} == \
        dict.fromkeys(("encrypted_media", "webhook_event_failover_url", "webhook_timeout_secs",
                       "ios_push_credential_id", "android_push_credential_id"))
    # A nested object goes whole: the cleared keys as null or "", the others as they were.
    assert body["outbound"]["call_parking_enabled"] is None and body["outbound"]["channel_limit"] == 4
    assert body["outbound"]["outbound_voice_profile_id"] == "" and body["outbound"]["ani_override"] == ""
    assert body["outbound"]["localization"] == "US" and "inbound" not in body
    record = stored(emulator)["e2e-clear"]
    for name in ("encrypted_media", "webhook_event_failover_url", "webhook_timeout_secs", "ios_push_credential_id",
                 "android_push_credential_id"):
        assert record[name] is None, name
    assert record["outbound"]["call_parking_enabled"] is None
    assert not record["outbound"]["outbound_voice_profile_id"]
    assert record["outbound"]["ani_override"] == ""
    assert record["inbound"] == dict(record["inbound"], channel_limit=10, codecs=["G722"])


@ECHOES_PASSWORD
def test_credentials_from_module_defaults_then_from_environment(playbook, emulator):
    office = task("office", connection_name="e2e-env", user_name="envuser01", password="Env-Pass-3333")
    first = playbook([office])  # the harness sets group/telnyx.voice.telnyx module_defaults
    assert_ok(first)
    assert first.task("office")["changed"] is True
    assert writes(emulator) == [("POST", COLLECTION)]

    emulator.clear_requests()
    wrong_key = dict(task("explicit api_key wins", connection_name="e2e-env", api_key="not-the-right-key"),
                     ignore_errors=True)
    second = playbook([office, wrong_key], module_defaults=False,
                      env={"TELNYX_API_KEY": emulator.api_key, "TELNYX_BASE_URL": emulator.base_url})
    assert second.rc == 0, second.output
    assert second.task("office")["changed"] is False
    rejected = failed(second, "explicit api_key wins")
    assert rejected["msg"].startswith("Authentication failed (HTTP 401)")
    assert rejected["status"] == 401
    assert [entry["authorized"] for entry in emulator.requests()] == [True, False]
    assert writes(emulator) == []
    assert list(stored(emulator)) == ["e2e-env"]


@ECHOES_PASSWORD
def test_live_api_quirks_still_unchanged(playbook, emulator):
    # The live API reads "disabled" back as null and the inbound timeouts as strings (FACTS T2, T8).
    emulator.set_quirks(sip_uri_disabled_as_null=True, timeouts_as_strings=True)
    quirky = task("quirky", connection_name="e2e-quirks", user_name="quirks01", password="Quirk-Pass-4444",
                  sip_uri_calling_preference="disabled", inbound={"timeout_1xx_secs": 4, "timeout_2xx_secs": 45})
    run = playbook([quirky, dict(quirky, name="quirky again")])
    assert_ok(run)
    created = run.task("quirky")
    assert created["changed"] is True
    assert created["credential_connection"]["sip_uri_calling_preference"] is None
    assert created["credential_connection"]["inbound"]["timeout_1xx_secs"] == "4"
    assert not [w for w in created.get("warnings", []) if "SIP cause D38" not in w], created.get("warnings")
    again = run.task("quirky again")
    assert again["changed"] is False
    assert not [w for w in again.get("warnings", []) if "SIP cause D38" not in w], again.get("warnings")
    assert writes(emulator) == [("POST", COLLECTION)]
    record = stored(emulator)["e2e-quirks"]
    assert record["sip_uri_calling_preference"] == "disabled"
    assert (record["inbound"]["timeout_1xx_secs"], record["inbound"]["timeout_2xx_secs"]) == (4, 45)


# ---------------------------------------------------------------------------------------------------------------
# Secrets never show, failures say what is wrong
# ---------------------------------------------------------------------------------------------------------------

OLD_PASSWORD = "OldSipSecret-Q7x4Lw"
NEW_PASSWORD = "NewSipSecret-V9m2Kt"


def assert_no_secret(run, *secrets):
    recorded = "\n".join(str(record) for record in run.records)
    for secret in secrets + (API_KEY,):
        assert secret not in run.stdout, "%r in stdout" % secret
        assert secret not in run.stderr, "%r in stderr" % secret
        assert secret not in recorded, "%r in a task result" % secret


@ECHOES_PASSWORD
def test_no_secret_in_verbose_diff_output_on_success(playbook, emulator):
    run = playbook([task("create", connection_name="e2e-secret", user_name="secret01", password=OLD_PASSWORD),
                    task("new password", connection_name="e2e-secret", password=NEW_PASSWORD, dtmf_type="Inband"),
                    task("unchanged", connection_name="e2e-secret", password=NEW_PASSWORD, dtmf_type="Inband")],
                   diff=True, verbosity=4)
    assert_ok(run)
    assert [result["changed"] for result in run.results] == [True, True, False]
    assert run.task("new password")["diff"]["after"]["password"] == "<hidden, changed>"
    assert '+    "password": "<hidden, changed>"' in run.stdout
    assert [body.get("password") for body in bodies(emulator, "POST") + bodies(emulator, "PATCH")] == \
        [OLD_PASSWORD, NEW_PASSWORD]
    # -vvvv shows each task's module_args, where the passwords and the api key appear only masked.
    assert '"password": "%s"' % NO_LOG_MASK in run.stdout
    assert '"api_key": "%s"' % NO_LOG_MASK in run.stdout
    assert_no_secret(run, OLD_PASSWORD, NEW_PASSWORD)


def test_api_errors_in_msg_and_no_secret_in_verbose_output_on_failure(playbook, emulator):
    emulator.seed([{"connection_name": "e2e-leak", "user_name": "leakuser01", "password": OLD_PASSWORD},
                   {"connection_name": "e2e-other", "user_name": "takenuser01"}])
    # A 422 whose detail echoes the secrets it was sent: they must be masked all the same.
    emulator.add_fault(kind="status", method="PATCH", path=r"^/v2/credential_connections/\d+$", status=422,
                       body={"errors": [{"code": "10015", "title": "Bad Request",
                                         "detail": "password %s is too weak for key %s" % (NEW_PASSWORD, API_KEY),
                                         "source": {"pointer": "/password"}}]})
    run = playbook([dict(task("taken user name", connection_name="e2e-leak-new", user_name="takenuser01",
                              password=NEW_PASSWORD), ignore_errors=True),
                    task("echoed secret", connection_name="e2e-leak", password=NEW_PASSWORD)],
                   diff=True, verbosity=4)
    assert run.rc == 2, run.output

    taken = failed(run, "taken user name")
    assert taken["status"] == 422
    assert taken["msg"] == ("Telnyx API POST /credential_connections failed with HTTP 422: Bad Request: "
                            "user_name 'takenuser01' has already been taken (at /user_name) [code 10015]")
    echoed = failed(run, "echoed secret")
    assert "Bad Request: password %s is too weak for key %s (at /password)" % (MASK, MASK) in echoed["msg"]
    assert "fatal: [localhost]: FAILED!" in run.stdout

    assert [method for method, _path in writes(emulator)] == ["POST", "PATCH"]
    assert [entry["status"] for entry in emulator.requests() if entry["method"] != "GET"] == [422, 422]
    connections = stored(emulator)
    assert sorted(connections) == ["e2e-leak", "e2e-other"]
    assert connections["e2e-leak"]["password"] == OLD_PASSWORD
    assert_no_secret(run, OLD_PASSWORD, NEW_PASSWORD)


def test_bad_options_fail_before_any_request(playbook, emulator):
    def failing(name, **options):
        return dict(task(name, **options), ignore_errors=True)

    run = playbook([
        failing("unknown option", connection_name="e2e-bad", colour="red"),
        failing("bad choice", connection_name="e2e-bad", dtmf_type="rfc2833"),
        failing("bad values", connection_name="e2e-bad", user_name="ab", password="Tiny7x", webhook_timeout_secs=45,
                webhook_event_url="hooks.example.com", inbound={"timeout_1xx_secs": 0},
                noise_suppression_details={"attenuation_limit": 15}),
        failing("min above max", connection_name="e2e-bad", jitter_buffer={"jitterbuffer_msec_min": 300,
                                                                           "jitterbuffer_msec_max": 100}),
        failing("no name or id", user_name="nameless01"),
    ])
    assert run.rc == 0, run.output
    assert "Unsupported parameters for (%s) module: colour" % MODULE in failed(run, "unknown option")["msg"]
    assert "value of dtmf_type must be one of: RFC 2833, Inband, SIP INFO, got: rfc2833" in \
        failed(run, "bad choice")["msg"]
    message = failed(run, "bad values")["msg"]
    assert message.startswith("Invalid options for credential connection: ")
    for problem in ("user_name: must be 4 to 32 letters or digits",
                    "password: must be 8 to 128 characters long, got 6",
                    "webhook_event_url: must be an absolute URL with an http or https scheme",
                    "webhook_timeout_secs: must be between 0 and 30, got 45",
                    "noise_suppression_details.attenuation_limit: must be a multiple of 10, got 15",
                    "inbound.timeout_1xx_secs: must be between 1 and 120, got 0"):
        assert problem in message, message
    assert "jitterbuffer_msec_min (300) must not exceed jitter_buffer.jitterbuffer_msec_max (100)" in \
        failed(run, "min above max")["msg"]
    assert "one of the following is required: id, connection_name" in failed(run, "no name or id")["msg"]
    assert "Tiny7x" not in run.output
    assert emulator.requests() == []
    assert emulator.state()["connections"] == []
