# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The harness itself: a create, then the same task again, through real ansible-playbook."""

from __future__ import annotations

from conftest import ECHOES_PASSWORD, writes

TASK = {"name": "office", "telnyx.voice.credential_connection": {
    "connection_name": "office", "user_name": "office01", "password": "smoke-pass-1"}}


@ECHOES_PASSWORD
def test_create_then_unchanged(playbook, emulator):
    first = playbook([TASK])
    assert first.rc == 0, first.output
    assert first.task("office")["changed"] is True
    assert writes(emulator) == [("POST", "/v2/credential_connections")]
    emulator.clear_requests()
    second = playbook([TASK])
    assert second.task("office")["changed"] is False
    assert writes(emulator) == []
