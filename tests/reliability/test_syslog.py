# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""No secret reaches syslog or journald: every module (single, plural, info), success and failure, both paths.

ansible-core's AnsibleModule logs every run (``Invoked with ...``) through ``syslog``, or through
``systemd.journal`` where python-systemd is installed and systemd booted. This machine has neither /dev/log nor
python-systemd, so the playbook runs with ``tests/reliability/shadow_log`` first on PYTHONPATH: a ``syslog`` module
and a ``systemd`` package (journal.send/sendv, daemon.booted() true, only with TELNYX_LOG_JOURNALD set) that write
every message and field to the file TELNYX_LOG_CAPTURE names. PYTHONPATH reaches the controller's worker (the
in-process path) and the module processes alike; the capture is checked to hold each module's invocation.
The capture is scanned with test_secrets' fragment scan for every secret: item passwords (a few, and more than
``_module.SCAN_LIMIT`` so that the by-place masking is taken), the single module's password, external PINs, the
API key, an api_key put in an item, and a base_url with a user and password.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils._module import SCAN_LIMIT

from tests.reliability.harness import API_KEY, EXECUTION_MODES, execution_env
from tests.reliability.test_secrets import fragments

SHADOW = Path(__file__).resolve().parent / "shadow_log"
NUMBERS = ["+13125550140", "+13125550141"]
MANY = SCAN_LIMIT + 6
SECRETS = {
    "single password": "sg-Wq4Ez7Rt1Yu9-pw",
    "refused single password": "rf-Lk3Jh8Gf2Ds6-pw",
    "item password": "item-Mn5Bv2Cx9Za4-pw",
    "refused item password": "bad-item-Po7Iu3Yt6Re1-pw",
    "external pin": "pin-Ah8Sd2Fg5Hj3-pin",
    "item external pin": "pin-Qa9Ws4Ed7Rf2-item",
    "api key in an item": "ik-Tg6Yh1Uj8Ik3-key",
    "url password": "urlpw-Ol4Kp9Ij2Uh7-url",
    "api key": API_KEY,
}
SECRETS.update({"many item password %d" % number: "many-Zx%03dCv8Bn-pw" % number for number in range(0, MANY, 7)})


def many_password(number):
    return "many-Zx%03dCv8Bn-pw" % number


def connection(name, password, **options):
    return dict(connection_name=name, user_name=name.replace("-", "") + "u1", password=password, **options)


def tasks(emulator):
    bad_url = emulator.base_url.replace("://", "://syslogger:%s@" % SECRETS["url password"])
    fail = {"ignore_errors": True}
    return [
        # Single modules
        {"name": "single ok", "telnyx.voice.credential_connection": connection("log-single", SECRETS["single password"])},
        dict(fail, name="single refused", **{"telnyx.voice.credential_connection": connection(
            "log-refused", SECRETS["refused single password"], update_password="bogus")}),
        dict(fail, name="single bad url", **{"telnyx.voice.credential_connection": connection(
            "log-url", SECRETS["single password"], base_url=bad_url)}),
        {"name": "profile ok", "telnyx.voice.outbound_voice_profile": {"name": "log-profile"}},
        dict(fail, name="profile bad url", **{"telnyx.voice.outbound_voice_profile": {"name": "x", "base_url": bad_url}}),
        {"name": "number ok", "telnyx.voice.phone_number": {"phone_number": NUMBERS[0],
                                                            "external_pin": SECRETS["external pin"]}},
        dict(fail, name="number refused", **{"telnyx.voice.phone_number": {
            "phone_number": NUMBERS[0], "external_pin": SECRETS["external pin"], "tech_prefix_enabled": "bogus"}}),
        # Plural modules
        {"name": "plural ok", "telnyx.voice.credential_connections": {"config": [
            connection("log-item-%d" % number, SECRETS["item password"]) for number in range(3)]}},
        {"name": "plural many", "telnyx.voice.credential_connections": {"config": [
            connection("log-many-%03d" % number, many_password(number)) for number in range(MANY)]}},
        dict(fail, name="plural refused item", **{"telnyx.voice.credential_connections": {"config": [
            connection("log-item-0", SECRETS["item password"]),
            connection("log-bad", SECRETS["refused item password"], update_password="bogus")]}}),
        dict(fail, name="plural api key in item", **{"telnyx.voice.credential_connections": {"config": [
            connection("log-item-0", SECRETS["item password"], api_key=SECRETS["api key in an item"])]}}),
        dict(fail, name="plural many refused", **{"telnyx.voice.credential_connections": {"config": [
            connection("log-many-%03d" % number, many_password(number)) for number in range(MANY)]
            + [connection("log-bad", SECRETS["refused item password"], dtmf_type="bogus")]}}),
        dict(fail, name="plural bad url", **{"telnyx.voice.credential_connections": {
            "base_url": bad_url, "config": [connection("log-item-0", SECRETS["item password"])]}}),
        {"name": "profiles ok", "telnyx.voice.outbound_voice_profiles": {"config": [{"name": "log-profile"}]}},
        dict(fail, name="profiles bad url", **{"telnyx.voice.outbound_voice_profiles": {
            "base_url": bad_url, "config": [{"name": "log-profile"}]}}),
        {"name": "numbers ok", "telnyx.voice.phone_numbers": {"config": [
            {"phone_number": number, "external_pin": SECRETS["item external pin"]} for number in NUMBERS]}},
        dict(fail, name="numbers refused", **{"telnyx.voice.phone_numbers": {"config": [
            {"phone_number": NUMBERS[1], "external_pin": SECRETS["item external pin"], "hd_voice_enabled": "bogus"}]}}),
        # Info modules
        {"name": "info ok", "telnyx.voice.credential_connection_info": {}},
        dict(fail, name="info bad url", **{"telnyx.voice.credential_connection_info": {"base_url": bad_url}}),
        {"name": "profile info ok", "telnyx.voice.outbound_voice_profile_info": {}},
        {"name": "number info ok", "telnyx.voice.phone_number_info": {}},
        dict(fail, name="number info bad url", **{"telnyx.voice.phone_number_info": {"base_url": bad_url}}),
    ]


def capture_env(capture, sink, mode):
    env = dict(execution_env(mode), TELNYX_LOG_CAPTURE=str(capture))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SHADOW), os.environ.get("PYTHONPATH")]))
    if sink == "journald":
        env["TELNYX_LOG_JOURNALD"] = "1"
    return env


def leaks(text):
    found = []
    for label, secret in SECRETS.items():
        shown = sorted(fragment for fragment in fragments(secret) if fragment in text)
        if shown:
            at = text.index(shown[0])
            found.append("%s: ...%s..." % (label, text[max(0, at - 100):at + 40]))
    return found


@pytest.mark.parametrize("sink", ["syslog", "journald"])
@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_no_secret_in_syslog_or_journald(playbook, emulator, tmp_path, sink, mode):
    emulator.seed(phone_numbers=[{"phone_number": number} for number in NUMBERS])
    capture = tmp_path / "capture.jsonl"
    run = playbook(tasks(emulator), env=capture_env(capture, sink, mode))
    assert run.rc == 0, run.output
    failed = {record["task"] for record in run.records if record["status"] == "failed"}
    assert failed == {task["name"] for task in tasks(emulator) if task.get("ignore_errors")}, run.output
    # The capture is reached, by the sink asked for, in the path asked for: each module's invocation is there.
    records = [json.loads(line) for line in capture.read_text(encoding="utf-8").splitlines()]
    assert records and {record["via"] for record in records} == {sink}
    invoked = " ".join(record["message"] for record in records if "Invoked with" in record["message"])
    assert invoked.count("Invoked with") >= 12, invoked[:2000]
    assert "log-many-%03d" % (MANY - 1) in invoked  # the many-items task logged its items, masked by place
    # Logged by the controller's worker (in-process) or by module processes: PYTHONPATH reached each.
    in_controller = {record["argv0"] == "ansible-playbook" for record in records}
    assert in_controller == {mode == "in-process"}, in_controller
    assert leaks(capture.read_text(encoding="utf-8")) == []
