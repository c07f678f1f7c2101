# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The module as Ansible runs it: arguments in, JSON out, with the HTTP layer scripted."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils import basic

from ansible_collections.telnyx.voice.plugins.module_utils import _module
from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.modules import credential_connection
from ansible_collections.telnyx.voice.tests.unit.plugins.core_secrets import NO_LOG_MASK, handed_to_controller
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import (
    LIST, ONE, Call, FakeSession, existing, list_params, page,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import patch_module_args


def run_module(monkeypatch, capsys, args, calls, handed=None):
    """The module's result and its text as the controller takes them, which hands over the ``handed`` secrets
    (by default the api_key given)."""
    session = FakeSession(calls)
    monkeypatch.setattr(TelnyxClient, "_new_session", lambda self: session)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            credential_connection.main()
    out = capsys.readouterr().out
    result, text = handed_to_controller(out, [args.get("api_key")] if handed is None else handed)
    return result, text, session


BASE = {"api_key": "key-xyz-987654321", "connection_name": "office"}
# The module hands the controller (2.22) the api_key and the password Telnyx shows for the connection it reads.
READ = ["key-xyz-987654321", "s3cret-pass-1"]


def test_update_through_main_sends_one_patch_and_masks_every_secret(monkeypatch, capsys):
    args = dict(BASE, password="n3w-password-1", active=False, _ansible_diff=True)
    if "inject_invocation" in getattr(basic, "PASS_VARS", {}):
        args["_ansible_inject_invocation"] = True  # ansible-core 2.21 adds invocation only when asked
    result, out, session = run_module(monkeypatch, capsys, args, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
        Call("PATCH", ONE, json_body={"password": "n3w-password-1", "active": False},
             body={"data": existing(password="n3w-password-1", active=False)}),
    ], handed=["key-xyz-987654321", "n3w-password-1", "s3cret-pass-1"])  # the old password, as Telnyx shows it
    session.assert_done()
    assert result["changed"] is True
    assert result["diff"]["after"]["password"] == "<hidden, changed>"
    for secret in ("n3w-password-1", "s3cret-pass-1", "key-xyz-987654321"):
        assert secret not in out
    assert result["invocation"]["module_args"]["password"] == NO_LOG_MASK
    assert result["invocation"]["module_args"]["api_key"] == NO_LOG_MASK


def test_check_mode_through_main_reads_only(monkeypatch, capsys):
    args = dict(BASE, active=False, _ansible_check_mode=True)
    result, out, session = run_module(monkeypatch, capsys, args, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
    ], handed=READ)
    session.assert_done()
    assert result["changed"] is True and session.writes == []


def test_failure_through_main_is_clean_json_with_errors(monkeypatch, capsys):
    errors = [{"code": "10015", "title": "Bad Request", "detail": "nope", "source": {"pointer": "/active"}}]
    result, out, session = run_module(monkeypatch, capsys, dict(BASE, active=False), [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
        Call("PATCH", ONE, status=422, body={"errors": errors}),
    ], handed=READ)
    assert result["failed"] is True
    assert "nope (at /active)" in result["msg"]
    assert result["errors"] == errors and result["status"] == 422


def test_one_of_id_and_name_is_required(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, {"api_key": "k"}, [])
    assert result["failed"] is True
    assert "one of the following is required: id, connection_name" in result["msg"]
    assert session.sent == []


def test_api_key_comes_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("TELNYX_API_KEY", "env-key-123456")
    monkeypatch.setenv("TELNYX_BASE_URL", "https://api.telnyx.com/v2")
    result, out, session = run_module(monkeypatch, capsys, {"connection_name": "office"}, [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
    ], handed=["env-key-123456", "s3cret-pass-1"])
    assert result["changed"] is False
    assert "env-key-123456" not in out


def test_missing_requests_gives_ansibles_missing_library_message(monkeypatch, capsys):
    monkeypatch.setattr(_module, "HAS_REQUESTS", False)
    result, out, session = run_module(monkeypatch, capsys, BASE, [])
    assert result["failed"] is True
    assert "Failed to import the required Python library (requests)" in result["msg"]


def test_an_unexpected_bug_is_a_clean_failure_without_secrets(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KeyError("boom key-xyz-987654321")
    monkeypatch.setattr(_module, "reconcile", broken)
    result, out, session = run_module(monkeypatch, capsys, BASE, [])
    assert result["failed"] is True
    assert result["msg"].startswith("Unexpected error in telnyx.voice")
    assert "key-xyz-987654321" not in out


def test_non_converging_value_is_a_warning(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, dict(BASE, android_push_credential_id="06b09dfd-7154-4980-8b75-cebf7a9d4f8e"), [
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
        Call("PATCH", ONE, body={"data": existing()}),
    ], handed=READ)
    assert "android_push_credential_id" in json.dumps(result["warnings"]), result
