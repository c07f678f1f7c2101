# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""docs/examples/fqdn-trunk.yml against the emulator: build, run again, preview a new priority order, tear down."""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO, writes
from test_trunk import NUMBERS, assert_ok, seed_numbers, warnings

EXAMPLE = REPO / "docs" / "examples" / "fqdn-trunk.yml"


def fqdn_trunk(playbook, emulator, *extra, check=False, diff=False):
    environment = dict(TELNYX_API_KEY=emulator.api_key, TELNYX_BASE_URL=emulator.base_url)
    args = [arg for item in extra for arg in ("-e", item)]
    return playbook(yaml.safe_load(EXAMPLE.read_text()), check=check, diff=diff, env=environment, extra_args=args)


# The teardown counts one PATCH per number: a Telnyx that refuses "" for connection_id takes a second (tests/unit).
@pytest.mark.quirks(connection_id_empty_refused=False)
def test_the_fqdn_trunk_example_builds_converges_previews_and_tears_down(playbook, emulator):
    number_ids = seed_numbers(emulator)
    built = fqdn_trunk(playbook, emulator)
    assert_ok(built)
    state = emulator.state()
    (profile,), (connection,) = state["outbound_voice_profiles"], state["fqdn_connections"]
    records = {record["id"]: record["fqdn"] for record in state["fqdns"]}
    assert connection["outbound"]["outbound_voice_profile_id"] == profile["id"]
    assert [records[connection["inbound"][key]] for key in ("default_primary_fqdn_id", "default_secondary_fqdn_id")] \
        == ["pbx-a.example.com", "pbx-b.example.com"]
    assert sorted(number["connection_id"] for number in state["phone_numbers"]) == [connection["id"]] * len(NUMBERS)
    assert not [warning for warning in warnings(built) if "D38" in warning]

    emulator.clear_requests()
    again = fqdn_trunk(playbook, emulator)
    assert_ok(again)
    assert "changed=0" in again.stdout and writes(emulator) == []

    emulator.clear_requests()
    swap = ("pbx_primary=pbx-b.example.com", "pbx_secondary=pbx-a.example.com")
    preview = fqdn_trunk(playbook, emulator, *swap, check=True, diff=True)
    assert_ok(preview)
    assert writes(emulator) == [] and "changed=1" in preview.stdout
    result = preview.task("Ensure the FQDN connection, its FQDNs in priority order, linked to the profile, cloud-pbx")
    assert [item["fqdn"] for item in result["diff"]["after"]["fqdns"]] == ["pbx-b.example.com", "pbx-a.example.com"]
    applied = fqdn_trunk(playbook, emulator, *swap)
    assert_ok(applied)
    assert writes(emulator) == [("PATCH", "/v2/fqdn_connections/%s" % connection["id"])]

    emulator.clear_requests()
    torn = fqdn_trunk(playbook, emulator, "trunk_state=absent")
    assert_ok(torn)
    deleted = [call for call in writes(emulator) if call[0] == "DELETE"]
    assert writes(emulator)[:len(number_ids)] == [("PATCH", "/v2/phone_numbers/%s" % number_id) for number_id in number_ids]
    assert [path.split("/")[2] for dummy, path in deleted] == ["fqdns", "fqdns", "fqdn_connections", "outbound_voice_profiles"]
    state = emulator.state()
    assert state["fqdn_connections"] == state["fqdns"] == state["outbound_voice_profiles"] == []
