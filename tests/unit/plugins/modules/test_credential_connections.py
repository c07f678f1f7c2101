# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""telnyx.voice.credential_connections through its real main(): the invocation and every failure without a
password, the items' warnings of a partial failure at task level, and the linear masking of many items."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils import basic

from ansible_collections.telnyx.voice.plugins.module_utils import _api, _module
from ansible_collections.telnyx.voice.plugins.modules import credential_connections
from ansible_collections.telnyx.voice.tests.unit.plugins.core_secrets import (
    CORE_REGISTERS_SECRETS, NO_LOG_MASK, handed_to_controller,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, existing, list_params, page
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import patch_module_args

API_KEY = "key-plural-unit-1"
PASSWORDS = ("Plural-Unit-Pass-1", "Plural-Unit-Pass-2")
ITEMS = [{"connection_name": "office", "password": PASSWORDS[0], "active": False},
         {"connection_name": "lab", "user_name": "lab00001", "password": PASSWORDS[1]}]
MASK = NO_LOG_MASK
ITEM_DEFAULTS = {"purge_tags": True, "update_password": "always"}


def run_module(monkeypatch, capsys, args, calls):
    session = FakeSession(calls)
    # Every client the plural run makes talks to the scripted session.
    monkeypatch.setattr(_api.TelnyxClient, "_new_session", staticmethod(lambda: session))
    logged = []
    monkeypatch.setattr(basic.AnsibleModule, "log", lambda self, msg, log_args=None: logged.append(msg))
    args = dict(args, api_key=API_KEY)
    if "inject_invocation" in getattr(basic, "PASS_VARS", {}):
        args["_ansible_inject_invocation"] = True  # ansible-core 2.21 adds invocation only when asked
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            credential_connections.main()
    # The module hands the controller (2.22) every secret the task holds: the api_key, and each item's password
    # (and an api_key put in an item by mistake), valid or not.
    given = [API_KEY] + [item.get(name) for item in args["config"] for name in ("password", "api_key")
                         if isinstance(item, dict) and item.get(name)]
    result, text = handed_to_controller(capsys.readouterr().out, given)
    return result, text, session, "\n".join(logged)


def assert_no_secret(*texts, secrets=PASSWORDS + (API_KEY,)):
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_a_run_masks_every_items_password_in_the_invocation_and_the_log(monkeypatch, capsys):
    calls = [Call("GET", "/credential_connections", params=list_params(),
                  body=page([existing(password=PASSWORDS[0])])),
             Call("PATCH", "/credential_connections/1293384261075731499",
                  body={"data": existing(password=PASSWORDS[0], active=False)}),
             Call("GET", "/credential_connections", params=list_params("lab"), body=page([])),
             Call("POST", "/credential_connections",
                  body={"data": existing(id="2", connection_name="lab", password=PASSWORDS[1])})]
    result, out, session, log = run_module(monkeypatch, capsys, dict(config=ITEMS, workers=1), calls)
    session.assert_done()
    assert result["changed"] is True and result["counts"]["created"] == 1 and result["counts"]["updated"] == 1
    # The items as given, with the defaults they took: what the user left unset is not shown as None (at 10,000
    # items that was 8.5 MB).
    assert result["invocation"]["module_args"]["config"] == [dict(item, password=MASK, **ITEM_DEFAULTS)
                                                             for item in ITEMS]
    assert "Invoked with" in log and "None" not in log.split("config=", 1)[1].split("]", 1)[0]
    assert_no_secret(out, log)


@pytest.mark.parametrize("args, expected", [
    (dict(config=ITEMS, workers="many"), "workers"),
    (dict(config=ITEMS, workers=40), "workers: must be between 1 and 32"),
    (dict(config=ITEMS + [{"connection_name": "x", "inbound": "no"}]), "dictionary requested"),
    (dict(config=ITEMS + [{"connection_name": "x", "user_name": "a b"}]), "config[2] (connection_name 'x')"),
    (dict(config=ITEMS, state="overridden"), "scope"),
    (dict(config=ITEMS + [{"connection_name": "x", "api_key": "key-in-an-item-7"}]), "api_key"),
    (dict(config=ITEMS, state="released"), "state"),
])
def test_every_failure_before_any_request_masks_the_passwords(monkeypatch, capsys, args, expected):
    result, out, session, log = run_module(monkeypatch, capsys, args, [])
    assert result["failed"] is True and expected in result["msg"], result["msg"]
    assert session.sent == []
    assert_no_secret(out, log, secrets=PASSWORDS + (API_KEY, "key-in-an-item-7"))


def test_a_partial_failure_shows_the_items_warnings_for_the_task(monkeypatch, capsys):
    lab = existing(id="2", connection_name="lab", user_name="lab00001", password=PASSWORDS[1],
                   outbound={"outbound_voice_profile_id": None})
    calls = [Call("GET", "/credential_connections", params=list_params(), body=page([lab])),
             Call("GET", "/credential_connections", params=list_params("office"), body=page([])),
             Call("POST", "/credential_connections", status=422,
                  body={"errors": [{"title": "user_name has already been taken"}]}),
             Call("PATCH", "/credential_connections/2", body={"data": dict(lab, active=False)})]
    # lab is changed and left without an outbound voice profile (a warning); office fails.
    items = [dict(ITEMS[0], user_name="office01"), dict(ITEMS[1], active=False)]
    result, out, session, log = run_module(monkeypatch, capsys, dict(config=items, workers=1), calls)
    assert result["failed"] is True and result["failed_items"] == ["config[0] (connection_name 'office')"]
    assert result["converged_items"] == ["config[1] (connection_name 'lab')"]
    # A text on ansible-core before 2.19, a warning summary (the text in event.msg) from 2.19.
    assert "config[1] (connection_name 'lab'): The credential connection 'lab' has no outbound voice profile" \
        in json.dumps(result["warnings"])
    assert_no_secret(out, log)


def test_many_item_secrets_are_masked_by_place_in_the_invocation_and_the_result(monkeypatch, capsys):
    count = _module.SCAN_LIMIT + 6
    passwords = ["Many-Pass-%04d" % number for number in range(count)]
    items = [{"connection_name": "c-%d" % number, "user_name": "user%04d" % number, "password": password}
             for number, password in enumerate(passwords)]
    account = [existing(id=str(1000 + number), connection_name="c-%d" % number, user_name="user%04d" % number,
                        password=password) for number, password in enumerate(passwords)]
    # What the result is scanned for: by core before 2.22 (remove_values), by the module itself from 2.22.
    scans = []
    if CORE_REGISTERS_SECRETS:
        scrub_result = _module.scrub_result
        monkeypatch.setattr(_module, "scrub_result", lambda value, secrets: scans.append(set(secrets)) or
                            scrub_result(value, secrets))
    else:
        remove_values = basic.remove_values
        monkeypatch.setattr(basic, "remove_values", lambda value, no_log: scans.append(set(no_log)) or
                            remove_values(value, no_log))
    result, out, session, log = run_module(monkeypatch, capsys, dict(config=items, workers=1, full_results=True),
                                           [Call("GET", "/credential_connections", params=list_params(),
                                                 body=page(account))])
    session.assert_done()
    assert result["changed"] is False and result["counts"]["unchanged"] == count
    assert result["invocation"]["module_args"]["config"] == [dict(item, password=MASK, **ITEM_DEFAULTS)
                                                             for item in items]
    assert "Invoked with" in log
    assert_no_secret(out, log, secrets=passwords + [API_KEY])
    # The result is not scanned for every item's password: that would cost items x secrets.
    assert scans and all(not set(passwords) & no_log for no_log in scans)
    assert {API_KEY} in scans
