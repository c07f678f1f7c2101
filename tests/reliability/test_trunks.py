# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""FQDN and IP connections with their records: a property of any list of records, faults on the record writes, and
no secret at -vvvv with --diff.

Kept cheap: a few dozen derandomized examples in-process, one playbook per execution path.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.telnyx.voice.plugins.module_utils._fqdn_connection import FQDN_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._ip_connection import IP_CONNECTION
from tests.reliability.harness import API_KEY, CI, EXECUTION_MODES, core_run, execution_env, writes
from tests.reliability.test_secrets import leaks

NAME = "rel-fqdn-trunk"
HOSTS = ["pbx.example.com", "pbx2.example.com", "sip.example.org", "edge.example.net", "b.example.io"]

fqdn_items = st.lists(
    st.fixed_dictionaries({"fqdn": st.sampled_from(HOSTS)}, optional={
        "port": st.sampled_from([5060, 5061, 5080]), "dns_record_type": st.sampled_from(["a", "srv"])}),
    max_size=4, unique_by=lambda item: item["fqdn"]).map(
        lambda items: [dict(item, port=None) if item.get("dns_record_type") == "srv" else item for item in items])


def stored(emulator, collection, key, connection_id):
    """The connection's records as the emulator holds them, in its pointers' order, each as (key, port)."""
    state = emulator.state()
    records = {record["id"]: record for record in state[collection] if record["connection_id"] == connection_id}
    connection = next(item for item in state[collection[:-1] + "_connections"] if item["id"] == connection_id)
    pointed = [connection["inbound"].get("default_%s_%s_id" % (position, collection[:-1]))
               for position in ("primary", "secondary", "tertiary")]
    first = [records[record_id] for record_id in pointed if record_id]
    return [(record[key], record.get("port")) for record in first], len(records)


@settings(max_examples=25 if CI else None)
@given(before=fqdn_items, after=fqdn_items)
def test_any_list_of_fqdns_converges_as_check_mode_predicts(emulator, before, after):
    emulator.reset()
    # A record of another connection, which no run may touch.
    other = core_run(emulator, {"connection_name": "rel-other", "fqdns": [{"fqdn": HOSTS[0]}]}, resource=FQDN_CONNECTION)
    assert other.ok, other
    args = {"connection_name": NAME, "outbound": {"outbound_voice_profile_id": ""}}
    first = core_run(emulator, dict(args, fqdns=before), resource=FQDN_CONNECTION)
    assert first.ok, first
    emulator.clear_requests()
    predicted = core_run(emulator, dict(args, fqdns=after), check_mode=True, resource=FQDN_CONNECTION)
    assert predicted.ok and writes(emulator.requests()) == [], predicted
    real = core_run(emulator, dict(args, fqdns=after), resource=FQDN_CONNECTION)
    assert real.ok, real
    assert real.changed == predicted.changed == bool(writes(emulator.requests()))
    assert real.diff == predicted.diff
    assert [dict(item, id=None) for item in real.result["fqdn_connection"]["fqdns"]] == \
        [dict(item, id=None) for item in predicted.result["fqdn_connection"]["fqdns"]]
    connection_id = real.result["fqdn_connection"]["id"]
    pointed, count = stored(emulator, "fqdns", "fqdn", connection_id)
    want = [(item["fqdn"], item.get("port", 5060) if item.get("dns_record_type") != "srv" else None) for item in after]
    assert count == len(after) and pointed == want[:3]
    assert stored(emulator, "fqdns", "fqdn", other.result["fqdn_connection"]["id"])[1] == 1
    emulator.clear_requests()
    again = core_run(emulator, dict(args, fqdns=after), resource=FQDN_CONNECTION)
    assert again.ok and not again.changed and writes(emulator.requests()) == [], again


@pytest.mark.parametrize("kind", ["commit_then_500", "truncated"])
def test_a_lost_answer_to_a_record_create_is_adopted_never_doubled(emulator, kind):
    emulator.reset()
    emulator.add_fault(kind, method="POST", path="/v2/ips$")
    run = core_run(emulator, {"connection_name": NAME, "ips": [{"ip_address": "192.0.2.10"}],
                              "outbound": {"outbound_voice_profile_id": ""}}, resource=IP_CONNECTION)
    assert run.ok and run.changed, run
    assert any("was made; it was found and adopted" in warning for warning in run.warnings)
    assert [record["ip_address"] for record in emulator.state()["ips"]] == ["192.0.2.10"]
    connection = emulator.state()["ip_connections"][0]
    assert connection["inbound"]["default_primary_ip_id"] == emulator.state()["ips"][0]["id"]


def test_a_refused_pointer_patch_fails_naming_the_writes_made(emulator):
    emulator.reset()
    emulator.add_fault("status", method="PATCH", path="/v2/fqdn_connections/", status=422)
    run = core_run(emulator, {"connection_name": NAME, "fqdns": [{"fqdn": HOSTS[0]}]}, resource=FQDN_CONNECTION)
    assert not run.ok
    assert "Before this failure, the run sent: POST /fqdn_connections, POST /fqdns (pbx.example.com)" in run.msg
    # Run again: it converges from what the first run left.
    again = core_run(emulator, {"connection_name": NAME, "fqdns": [{"fqdn": HOSTS[0]}]}, resource=FQDN_CONNECTION)
    assert again.ok and again.changed and len(emulator.state()["fqdns"]) == 1, again


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_no_secret_at_vvvv_with_diff(playbook, emulator, mode):
    fqdn, ip = "telnyx.voice.fqdn_connection", "telnyx.voice.ip_connection"
    trunk = {"connection_name": NAME, "outbound": {"outbound_voice_profile_id": ""}}
    run = playbook([
        {"name": "fqdn (check)", fqdn: dict(trunk, fqdns=[{"fqdn": HOSTS[0]}]), "check_mode": True},
        {"name": "fqdn", fqdn: dict(trunk, fqdns=[{"fqdn": HOSTS[0]}])},
        {"name": "fqdns", "telnyx.voice.fqdn_connections": {"config": [dict(trunk, fqdns=[{"fqdn": HOSTS[1]}])]}},
        {"name": "info", "telnyx.voice.fqdn_connection_info": {"connection_name": NAME}},
        {"name": "ip", ip: dict(trunk, ips=[{"ip_address": "192.0.2.10"}])},
        {"name": "wrong key", fqdn: dict(trunk, api_key="wrongkey-Lc9Hd4Ub7Yn2-apikey"), "ignore_errors": True},
        {"name": "delete", fqdn: {"connection_name": NAME, "state": "absent"}},
    ], diff=True, verbosity=4, env=execution_env(mode))
    assert run.rc == 0, run.output
    assert API_KEY not in run.output and leaks(run) == []
    assert emulator.state()["fqdns"] == []
