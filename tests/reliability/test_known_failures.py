# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Minimal reproducers of what the reliability tests found, one plain test each.

An open failure is marked ``xfail(strict=True)``: it states the expected behaviour, keeps the gate green until
the module is fixed, and fails (XPASS) as soon as it is fixed, so that the marker, and any tolerance the
property tests keep for it, are removed together. A fixed one stays as a regression test, without marker,
named for the behaviour it guards. docs/reliability.md ("Findings") maps each finding to its test.
"""

from __future__ import annotations

import pytest

from tests.reliability.harness import connections, core_run, writes

CREATE = dict(connection_name="office", user_name="office01", password="known-pass-1")


# R1, fixed (issue 10, case 6): state=absent by id sent its DELETE again on every run, answered 404, although the
# idempotent attribute says a second run sends no write. It now reads first (one GET) and deletes only what is there.
def test_absent_by_id_when_already_gone_reads_once_and_sends_no_write(emulator):
    connection_id, other_id = emulator.seed([{"connection_name": "office"}, {"connection_name": "office-2"}])
    first = core_run(emulator, {"id": connection_id, "state": "absent"})
    assert first.ok and first.changed is True, first
    assert [(e["method"], e["status"]) for e in emulator.requests()] == [("GET", 200), ("DELETE", 200)]
    before = connections(emulator)
    assert [c["id"] for c in before] == [other_id]

    emulator.clear_requests()
    second = core_run(emulator, {"id": connection_id, "state": "absent"})
    assert second.ok and second.changed is False, second
    assert second.warnings == []
    assert second.diff == {"before": {}, "after": {}}
    assert [(e["method"], e["path"], e["status"]) for e in emulator.requests()] == [
        ("GET", "/v2/credential_connections/%s" % connection_id, 404)]
    assert connections(emulator) == before

    emulator.clear_requests()
    predicted = core_run(emulator, {"id": connection_id, "state": "absent"}, check_mode=True)
    assert predicted.ok and predicted.changed is False
    assert writes(emulator.requests()) == []


# R2, fixed in b469b7c: a trailing newline passed the rules (their $ matched before a final newline).
@pytest.mark.parametrize("sub, value", [
    ("ani_override", "+13125550100\n"),
    ("localization", "US\n"),
    ("outbound_voice_profile_id", "1293384261075731500\n"),
])
def test_a_trailing_newline_is_refused_before_any_request(emulator, sub, value):
    run = core_run(emulator, dict(CREATE, outbound={sub: value}))
    assert not run.ok and "outbound.%s" % sub in run.msg
    assert emulator.requests() == []


# R3, fixed in b469b7c: urlparse's ValueError escaped the validation ("Unexpected error", no option named).
@pytest.mark.parametrize("option", ["webhook_event_url", "webhook_event_failover_url"])
def test_an_unparsable_url_fails_naming_the_option(emulator, option):
    run = core_run(emulator, dict(CREATE, **{option: "http://[::1"}))
    assert not run.ok and option in run.msg
    assert emulator.requests() == []


# R9, fixed in b469b7c: a password made only of asterisks was taken for Telnyx's mask, and sent on every run.
def test_a_password_of_asterisks_is_idempotent(emulator):
    args = dict(CREATE, password="********")
    assert core_run(emulator, args).changed is True
    emulator.clear_requests()
    again = core_run(emulator, args)
    assert again.ok and again.changed is False
    assert writes(emulator.requests()) == []


# R4 is guarded by test_faults.py (the matrix's "read back" rows and the read-back tests); R5, R6 and R11 by the
# retry tests there; R7, R8 and R10 by test_secrets.py::test_no_secret_on_failure.


# R12, fixed: after a lost PATCH, the read-back compares every field it sent, the password included. Telnyx
# returns the password in plaintext, so a password change that never reached Telnyx is a failure, not a success;
# when Telnyx hides it (the mask_password quirk), nobody can tell, and the failure says it may have been applied.
PASSWORD_ONLY = dict(connection_name="office", password="known-pass-2")


@pytest.mark.parametrize("fault, hidden, applied", [
    pytest.param(dict(kind="drop"), False, False, id="dropped, not applied"),
    pytest.param(dict(kind="status", status=503), False, False, id="503, not applied"),
    pytest.param(dict(kind="drop"), True, False, id="dropped, not applied, password hidden"),
    pytest.param(dict(kind="commit_then_500"), False, True, id="committed then 500, applied"),
])
def test_a_lost_password_change_is_reported_as_applied_only_when_it_was(emulator, fault, hidden, applied):
    connection_id = emulator.seed([dict(CREATE, password="known-pass-1")])[0]
    emulator.set_quirks(mask_password=hidden, omit_password=False)
    emulator.add_fault(method="PATCH", times=50, **fault)
    run = core_run(emulator, PASSWORD_ONLY, max_retries=1, retry_max_delay=0.1)
    log = [(e["method"], e["status"]) for e in emulator.requests()]
    assert log == [("GET", 200)] + [("PATCH", log[1][1])] * 2 + [("GET", 200)], log  # list, 2 attempts, read-back
    stored = connections(emulator)[0]["password"]
    assert stored == ("known-pass-2" if applied else "known-pass-1")
    if applied:
        assert run.ok and run.changed is True, run
        assert run.warnings and run.warnings[0].endswith("shows it was applied."), run.warnings
        return
    assert not run.ok, "the password was not changed (%s), but the run reports %r" % (connection_id, run)
    assert run.msg.startswith("PATCH /credential_connections/%s failed" % connection_id) or \
        run.msg.startswith("Telnyx API PATCH /credential_connections/%s failed" % connection_id), run.msg
    if hidden:
        assert run.msg.endswith(" It may have been applied all the same: run again to converge.")
