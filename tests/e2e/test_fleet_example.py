# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""docs/examples/fleet.yml, the CSV-fed fleet playbook that docs/fleet.md documents, run as it is, and
with a header-only CSV, which must not empty the scope."""

from __future__ import annotations

from conftest import REPO, writes
from test_info import run_file

EXAMPLE = REPO / "docs" / "examples" / "fleet.yml"
PASSWORDS = {"customer-0001": "Trunk-Pass-0001", "customer-0002": "Trunk-Pass-0002", "customer-0003": "Trunk-Pass-0003"}


def test_the_csv_example_converges_deletes_only_managed_leftovers_and_reruns_clean(playbook, emulator):
    emulator.seed([{"connection_name": "customer-0009", "user_name": "customer0009", "password": "Old-Pass-0009",
                    "tags": ["managed-by-ansible"]},
                   {"connection_name": "office", "user_name": "office01", "password": "Office-Pass-01"}])
    options = dict(telnyx_api_key=emulator.api_key, telnyx_base_url=emulator.base_url,
                   telnyx_trunk_passwords=PASSWORDS)
    run = run_file(playbook, EXAMPLE, "--diff", **options)
    assert run.rc == 0, run.output
    state = {record["connection_name"]: record for record in emulator.state()["connections"]}
    assert set(state) == {"customer-0001", "customer-0002", "customer-0003", "office"}
    assert state["customer-0003"]["active"] is False and state["customer-0002"]["inbound"]["channel_limit"] == 4
    assert run.task("Converge every trunk in one task")["counts"]["purged"] == 1
    assert not any(password in run.output for password in PASSWORDS.values())

    emulator.clear_requests()
    rerun = run_file(playbook, EXAMPLE, **options)
    assert rerun.rc == 0, rerun.output
    assert rerun.task("Converge every trunk in one task")["changed"] is False
    assert writes(emulator) == []


def test_a_header_only_csv_fails_asking_for_allow_empty_and_deletes_nothing(playbook, emulator, tmp_path):
    emulator.seed([{"connection_name": "customer-0001", "user_name": "customer0001", "password": "Old-Pass-0001",
                    "tags": ["managed-by-ansible"]}])
    empty = tmp_path / "trunks.csv"
    empty.write_text((REPO / "docs" / "examples" / "trunks.csv").read_text().splitlines()[0] + "\n")
    run = run_file(playbook, EXAMPLE, telnyx_api_key=emulator.api_key, telnyx_base_url=emulator.base_url,
                   telnyx_trunks_csv=str(empty))
    assert run.rc != 0
    assert "allow_empty" in run.task("Converge every trunk in one task")["msg"]
    assert writes(emulator) == [] and len(emulator.state()["connections"]) == 1
