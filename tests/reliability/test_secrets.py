# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""No secret ever reaches what a user or a callback sees, at -vvvv with --diff: on success, in a warning, on failure.

Real ansible-playbook runs; stdout, stderr and every task result handed to callbacks are scanned for the
old password (the one Telnyx holds and returns in plaintext), the new one, and the API key. The secrets
hold quotes and a backslash, so that an echo of a JSON request body carries them escaped; the scan looks
for every run of six or more of their letters and digits, which catches escaped, re-encoded and truncated
copies as well as whole ones.
"""

from __future__ import annotations

import json
import re
import socket

import pytest

from tests.e2e.conftest import ECHOES_PASSWORD
from tests.reliability.harness import API_KEY, EXECUTION_MODES, connections, execution_env

OLD_PASSWORD = 'old-Hq7Xr2Kp9"Zt\\Wm4Ln8-old'
NEW_PASSWORD = 'new-Jd5Vq8Nc3"Bx\\Ry6Fs2-new'
THIRD_PASSWORD = "third-Pk4Tz9Gh6Mw3-third"
SHORT_PASSWORD = "Sv8Qe3!"  # 7 characters: refused, and still a secret
WRONG_API_KEY = "wrongkey-Lc9Hd4Ub7Yn2-apikey"
SECRETS = {"old password": OLD_PASSWORD, "new password": NEW_PASSWORD, "third password": THIRD_PASSWORD,
           "short password": SHORT_PASSWORD, "api key": API_KEY, "wrong api key": WRONG_API_KEY}


def fragments(secret, size=6):
    """Every window of ``size`` letters and digits of ``secret``: whichever way a copy is encoded, these show."""
    return {run[i:i + size] for run in re.findall(r"[A-Za-z0-9]+", secret) for i in range(len(run) - size + 1)}


def leaks(run):
    """Which secrets show in what the user sees (stdout, stderr) or callbacks get (task results), and where."""
    places = {"stdout": run.stdout, "stderr": run.stderr, "task results": json.dumps(run.records)}
    found = []
    for label, secret in SECRETS.items():
        for place, text in places.items():
            shown = sorted(fragment for fragment in fragments(secret) if fragment in text)
            if shown:
                context = text[max(0, text.index(shown[0]) - 80):text.index(shown[0]) + 40]
                found.append("%s in %s, e.g. ...%s..." % (label, place, context))
    return found


def test_the_fragments_catch_escaped_and_truncated_copies():
    for secret in (OLD_PASSWORD, NEW_PASSWORD):
        escaped = json.dumps(json.dumps({"password": secret}))
        assert secret not in escaped
        assert any(fragment in escaped for fragment in fragments(secret))
        assert any(fragment in secret[:len(secret) // 2] for fragment in fragments(secret))


def office(password, **args):
    return dict(dict(connection_name="office", user_name="office01", password=password), **args)


def step(name, args, **keywords):
    return dict({"name": name, "telnyx.voice.credential_connection": args}, **keywords)


def seed_office(emulator):
    return emulator.seed([{"connection_name": "office", "user_name": "office01", "password": OLD_PASSWORD}])[0]


@pytest.mark.parametrize("mode", EXECUTION_MODES)
@ECHOES_PASSWORD
def test_no_secret_on_success(playbook, emulator, mode):
    run = playbook([
        step("create (check)", office(OLD_PASSWORD), check_mode=True),
        step("create", office(OLD_PASSWORD)),
        step("password change (check)", office(NEW_PASSWORD), check_mode=True),
        step("password change", office(NEW_PASSWORD)),
        step("unchanged", office(NEW_PASSWORD)),
        step("on_create leaves it alone", office(THIRD_PASSWORD, update_password="on_create")),
        step("delete (check)", dict(connection_name="office", state="absent"), check_mode=True),
        step("delete", dict(connection_name="office", state="absent")),
    ], diff=True, verbosity=4, env=execution_env(mode))
    assert run.rc == 0, run.output
    assert [r["changed"] for r in run.results] == [True, True, True, True, False, False, True, True]
    assert "<hidden, changed>" in run.output  # the diff shows that the password changed, not what it is
    assert connections(emulator) == []
    assert leaks(run) == []


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_no_secret_when_the_api_hides_the_password(playbook, emulator, mode):
    emulator.set_quirks(mask_password=True)
    seed_office(emulator)
    run = playbook([step("always sent", office(NEW_PASSWORD))], diff=True, verbosity=4, env=execution_env(mode))
    assert run.rc == 0 and run.last["changed"] is True, run.output
    assert leaks(run) == []


def echo_of(body):
    """A Telnyx 422 whose detail echoes the request body as JSON, as some APIs do."""
    return {"errors": [{"code": "10015", "title": "Bad Request", "source": {"pointer": "/password"},
                        "detail": "Invalid request body: %s" % json.dumps(body)}]}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


FAILURES = {
    # name: (fault, task arguments, connection options, text the failure message holds)
    "422 echoing the request body": (
        dict(kind="status", status=422, method="PATCH", body=echo_of({"password": NEW_PASSWORD})),
        office(NEW_PASSWORD), {}, "failed with HTTP 422"),
    "422 echoing the request body on create": (
        dict(kind="status", status=422, method="POST", body=echo_of(office(NEW_PASSWORD, connection_name="new"))),
        office(NEW_PASSWORD, connection_name="new"), {}, "failed with HTTP 422"),
    "422 echoing the stored connection": (
        dict(kind="status", status=422, method="PATCH", body={"errors": [{
            "code": "10015", "title": "Bad Request",
            "detail": "conflicts with the stored connection user_name=office01 password=%s" % OLD_PASSWORD}]}),
        office(NEW_PASSWORD), {}, "failed with HTTP 422"),
    # The emulator sends a string body as a JSON string, so this error page reaches the client JSON-encoded: the
    # echoed request body in it is escaped twice. Not Telnyx's envelope, so the message quotes the raw text.
    "error page (as a JSON string) echoing the request body": (
        dict(kind="status", status=400, method="PATCH",
             body="<html><body>Bad Request. You sent: %s</body></html>" % json.dumps({"password": NEW_PASSWORD})),
        office(NEW_PASSWORD), {}, "failed with HTTP 400"),
    "JSON error, not Telnyx's envelope, echoing the request body": (
        dict(kind="status", status=400, method="PATCH",
             body={"message": "You sent: %s" % json.dumps({"password": NEW_PASSWORD})}),
        office(NEW_PASSWORD), {}, "failed with HTTP 400"),
    # The client keeps the first 200 characters of a body that is not Telnyx JSON: this one cuts the password.
    "error page cut in the middle of the echoed password": (
        dict(kind="status", status=400, method="PATCH", body="%s password=%s" % ("x" * 174, THIRD_PASSWORD)),
        office(THIRD_PASSWORD), {}, "failed with HTTP 400"),
    "echo of the API key": (
        dict(kind="status", status=403, method="GET", body={"errors": [{
            "code": "10010", "title": "Not authorized", "detail": "Bearer %s may not list connections" % API_KEY}]}),
        office(NEW_PASSWORD), {}, "Permission denied (HTTP 403)"),
    "validation error in the module": (None, office(NEW_PASSWORD, webhook_timeout_secs=99), {},
                                       "webhook_timeout_secs: must be between 0 and 30"),
    "validation error of the password": (None, office(SHORT_PASSWORD), {}, "password: must be 8 to 128 characters"),
    "validation error of the argument spec": (None, office(NEW_PASSWORD, inbound={"codec": ["G722"]}), {},
                                              "Unsupported parameters"),
    "network failure": (None, office(NEW_PASSWORD), "closed port", "could not reach Telnyx"),
    # With active changed too, so that the read-back after the lost PATCH has a visible field to check.
    "dropped connection": (dict(kind="drop", method="PATCH", times=10), office(NEW_PASSWORD, active=False), {},
                           "the connection was dropped before Telnyx answered"),
    "auth failure": (None, office(NEW_PASSWORD), dict(api_key=WRONG_API_KEY), "Authentication failed (HTTP 401)"),
}


@pytest.mark.parametrize("name", list(FAILURES))
@pytest.mark.parametrize("mode", EXECUTION_MODES)
@ECHOES_PASSWORD  # Telnyx quotes back the stored password it shows
def test_no_secret_on_failure(playbook, emulator, mode, name):
    fault, args, connection, text = FAILURES[name]
    seed_office(emulator)
    if fault:
        emulator.add_fault(**fault)
    if connection == "closed port":
        connection = dict(base_url="http://127.0.0.1:%d/v2" % free_port())
    run = playbook([step(name, dict(args, max_retries=1, **connection))], diff=True, verbosity=4,
                   env=execution_env(mode))
    assert run.rc != 0 and [r["status"] for r in run.records] == ["failed"], run.output
    assert text in run.last["msg"]
    assert "Traceback" not in run.output
    assert leaks(run) == []


@pytest.mark.parametrize("mode", EXECUTION_MODES)
@ECHOES_PASSWORD
def test_no_secret_in_a_warning(playbook, emulator, mode):
    """A write applied but not confirmed succeeds with a warning that quotes the failure; that failure echoes
    the old password (read from Telnyx) and the new one JSON-escaped, and the warning shows neither."""
    seed_office(emulator)
    emulator.add_fault(kind="commit_then_500", method="PATCH")
    emulator.add_fault(kind="status", status=500, method="PATCH", body={"errors": [{
        "code": "10007", "title": "Unexpected error",
        "detail": "while saving user_name=office01 password=%s: %s"
                  % (OLD_PASSWORD, json.dumps({"password": NEW_PASSWORD}))}]})
    run = playbook([step("applied, not confirmed", office(NEW_PASSWORD, active=False, max_retries=1))],
                   diff=True, verbosity=4, env=execution_env(mode))
    assert run.rc == 0 and run.last["changed"] is True, run.output
    warnings = [w for w in run.last.get("warnings", []) if w.startswith("Telnyx did not confirm the update")]
    assert len(warnings) == 1, run.output
    assert 'while saving user_name=office01 password=********: {"password": "********"}' in warnings[0]
    assert warnings[0].endswith("but reading the credential connection back shows it was applied.")
    assert connections(emulator)[0]["password"] == NEW_PASSWORD
    assert leaks(run) == []


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_no_item_secret_of_a_plural_task_at_vvvv_with_diff(playbook, emulator, mode):
    # Issue 18: the plural items' passwords, in every output a user sees at -vvvv with --diff, check mode included,
    # on success and when Telnyx echoes one back in an error.
    seed_office(emulator)
    items = [office(NEW_PASSWORD), office(THIRD_PASSWORD, connection_name="lab", user_name="lab00001")]
    plural = "telnyx.voice.credential_connections"
    run = playbook([
        {"name": "check", plural: {"config": items}, "check_mode": True},
        {"name": "apply", plural: {"config": items}},
        {"name": "gathered", plural: {"state": "gathered"}},
    ], diff=True, verbosity=4, env=execution_env(mode))
    assert run.rc == 0, run.output
    assert [r["changed"] for r in run.results] == [True, True, False]
    assert leaks(run) == []
    emulator.add_fault(kind="status", status=422, method="PATCH", body=echo_of({"password": OLD_PASSWORD}))
    failed = playbook([{"name": "echoed", plural: {"config": [office(OLD_PASSWORD)]}}], diff=True, verbosity=4,
                      env=execution_env(mode))
    assert failed.rc != 0 and "failed with HTTP 422" in failed.output
    assert leaks(failed) == []
