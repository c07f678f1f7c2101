# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""credential_connection_info gives the same answer in-process and as a module process."""

from __future__ import annotations

TASK = {"name": "list", "telnyx.voice.credential_connection_info": {"name_contains": "mode",
                                                                    "registration_status": True}}


def test_info_is_identical_in_both_execution_modes(playbook, emulator):
    ids = emulator.seed(count=3, template={"connection_name": "mode"})
    emulator.set_registration(ids[0], status="Registered", ip_address="192.0.2.10")
    runs = {}
    for mode in ("auto", "module"):
        run = playbook([TASK], verbosity=3, env={"TELNYX_VOICE_EXECUTION": mode})
        assert run.rc == 0, run.output
        runs[mode] = run
    assert "runs in-process on the controller" in runs["auto"].output
    assert "runs as a module process" in runs["module"].output
    inprocess, module = runs["auto"].task("list"), runs["module"].task("list")
    assert inprocess["credential_connections"] == module["credential_connections"]
    assert [item["id"] for item in inprocess["credential_connections"]] and inprocess["changed"] is False
    registered = [item for item in inprocess["credential_connections"] if item["id"] == ids[0]]
    assert registered[0]["read_only"]["registration"]["status"] == "Registered"
    assert emulator.api_key not in runs["auto"].output + runs["module"].output
