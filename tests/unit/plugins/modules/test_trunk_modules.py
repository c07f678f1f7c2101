# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The four trunk modules as Ansible runs them: arguments in, JSON out, with the HTTP layer scripted."""

from __future__ import annotations


import pytest

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.modules import (
    outbound_voice_profile,
    outbound_voice_profile_info,
    phone_number,
    phone_number_info,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.core_secrets import handed_to_controller
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, page
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import patch_module_args
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import (
    NUMBER, NUMBERS, PIN, PROFILE, PROFILES, VOICE, number, profile, query, voice,
)

API_KEY = "key-modules-123456"


def run_module(monkeypatch, capsys, module, args, calls, handed=(API_KEY,)):
    """The module's result and its text as the controller takes them, which hands over the ``handed`` secrets."""
    session = FakeSession(calls)
    monkeypatch.setattr(TelnyxClient, "_new_session", lambda self: session)
    with patch_module_args(dict(args, api_key=API_KEY)):
        with pytest.raises(SystemExit):
            module.main()
    out = capsys.readouterr().out
    session.assert_done()
    result, text = handed_to_controller(out, handed)
    return result, text, session


def test_outbound_voice_profile_main_patches_with_the_name(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, outbound_voice_profile, dict(name="office", enabled=False), [
        Call("GET", PROFILES, body=page([profile()]), params=query(**{"filter[name][contains]": "office"})),
        Call("PATCH", PROFILE, json_body={"enabled": False, "name": "office"}, body={"data": profile(enabled=False)}),
    ])
    assert result["changed"] is True and result["outbound_voice_profile"]["enabled"] is False
    assert API_KEY not in out


def test_outbound_voice_profile_info_main_lists(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, outbound_voice_profile_info, {}, [
        Call("GET", PROFILES, body=page([profile()]), params=query()),
    ])
    assert result["changed"] is False and [item["name"] for item in result["outbound_voice_profiles"]] == ["office"]


def test_phone_number_main_writes_the_voice_address_and_hides_the_pin(monkeypatch, capsys):
    args = dict(phone_number="+13125550100", tech_prefix_enabled=True, _ansible_check_mode=True)
    # The PIN Telnyx shows is handed to the controller too (2.22), which masks it wherever it shows anything.
    result, out, session = run_module(monkeypatch, capsys, phone_number, args, [
        Call("GET", NUMBERS, body=page([number()]), params=query(**{"filter[phone_number]": "13125550100"})),
        Call("GET", VOICE, body={"data": voice()}),
    ], handed=(API_KEY, PIN))
    assert result["changed"] is True and session.writes == []
    assert PIN not in out and result["phone_number"]["external_pin"] == "********"


def test_phone_number_main_fails_cleanly_for_a_number_not_on_the_account(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, phone_number, dict(phone_number="+13125550100", tags=[]), [
        Call("GET", NUMBERS, body=page([]), params=query(**{"filter[phone_number]": "13125550100"})),
    ])
    assert result["failed"] is True and "never buys one" in result["msg"]
    assert session.writes == []


def test_phone_number_info_main_never_returns_the_pin(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, phone_number_info, dict(phone_number="+13125550100"), [
        Call("GET", NUMBERS, body=page([number()]), params=query(**{"filter[phone_number]": "13125550100"})),
    ])
    [item] = result["phone_numbers"]
    assert item["phone_number"] == "+13125550100" and item["read_only"]["external_pin_set"] is True
    assert PIN not in out and NUMBER.endswith(item["id"])
