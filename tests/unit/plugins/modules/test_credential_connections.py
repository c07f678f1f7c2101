# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""telnyx.voice.credential_connections through its real main(): the invocation and every failure without a password."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils import basic

from ansible_collections.telnyx.voice.plugins.module_utils import _fleet
from ansible_collections.telnyx.voice.plugins.modules import credential_connections
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, existing, page
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import patch_module_args

PASSWORDS = ("Fleet-Unit-Pass-1", "Fleet-Unit-Pass-2")
ITEMS = [{"connection_name": "office", "password": PASSWORDS[0], "active": False},
         {"connection_name": "lab", "user_name": "lab00001", "password": PASSWORDS[1]}]


def run_module(monkeypatch, capsys, args, calls):
    session = FakeSession(calls)
    monkeypatch.setattr(_fleet, "gated_session", lambda gate: session)
    args = dict(args, api_key="key-fleet-unit-1")
    if "inject_invocation" in getattr(basic, "PASS_VARS", {}):
        args["_ansible_inject_invocation"] = True  # ansible-core 2.21 adds invocation only when asked
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            credential_connections.main()
    out = capsys.readouterr().out
    return json.loads(out), out, session


def assert_no_secret(out):
    for secret in PASSWORDS + ("key-fleet-unit-1",):
        assert secret not in out


def test_a_run_masks_every_items_password_in_the_invocation(monkeypatch, capsys):
    calls = [Call("GET", "/credential_connections", body=page([existing(password=PASSWORDS[0])])),
             Call("PATCH", "/credential_connections/1293384261075731499",
                  body={"data": existing(password=PASSWORDS[0], active=False)}),
             Call("POST", "/credential_connections",
                  body={"data": existing(id="2", connection_name="lab", password=PASSWORDS[1])})]
    result, out, session = run_module(monkeypatch, capsys, dict(connections=ITEMS, workers=1), calls)
    session.assert_done()
    assert result["changed"] is True and result["counts"]["created"] == 1 and result["counts"]["updated"] == 1
    assert [item["password"] for item in result["invocation"]["module_args"]["connections"]] == ["********"] * 2
    assert_no_secret(out)


@pytest.mark.parametrize("args, expected", [
    (dict(connections=ITEMS, workers="many"), "workers"),
    (dict(connections=ITEMS + [{"connection_name": "x", "inbound": "no"}]), "connections[2] (connection_name 'x')"),
    (dict(connections=ITEMS, exclusive=True), "scope"),
])
def test_every_failure_before_any_request_masks_the_passwords(monkeypatch, capsys, args, expected):
    result, out, session = run_module(monkeypatch, capsys, args, [])
    assert result["failed"] is True and expected in result["msg"]
    assert session.sent == []
    assert_no_secret(out)
