# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The plural shape gives the same results, output and requests in-process and as a module process.

The rest of the plural e2e suite runs in-process only: this one playbook (check, apply, rerun, a purge with diff,
gathered, a refusal naming an item, a partial failure) is where the module path of the plural shape is compared,
including the per-item secrets that only the plural argument spec knows about.
"""

from __future__ import annotations

from _modes_helpers import agreed, run_both
from conftest import ECHOES_PASSWORD

CONNECTIONS = "telnyx.voice.credential_connections"
SCOPE = {"tag": "modes"}


def item(number, **extra):
    base = {"connection_name": "modes-%02d" % number, "user_name": "modes%02d" % number,
            "password": "Modes-Pass-%02d-q4" % number, "tags": ["modes"]}
    base.update(extra)
    return base


def task(name, config, **options):
    keywords = {key: options.pop(key) for key in ("check_mode", "ignore_errors") if key in options}
    return dict({"name": name, CONNECTIONS: dict(config=config, **options)}, **keywords)


TASKS = [
    task("refused", [item(1), item(2, user_name="a b")], ignore_errors=True),
    task("check", [item(1), item(2)], check_mode=True),
    task("apply", [item(1), item(2)]),
    task("rerun", [item(1), item(2)]),
    task("purge check", [item(1, active=False)], state="overridden", scope=SCOPE, check_mode=True),
    task("purge", [item(1, active=False)], state="overridden", scope=SCOPE),
    task("gathered", None, state="gathered", scope=SCOPE),
    # A user name Telnyx refuses (another connection has it) fails that item only; the other is created and reported.
    task("partial", [item(3), item(4, user_name="taken01")], ignore_errors=True),
]
SEED = [{"connection_name": "modes-old", "user_name": "modesold", "password": "Modes-Pass-old-q4", "tags": ["modes"]},
        {"connection_name": "taken", "user_name": "taken01", "password": "Modes-Pass-tk-q4", "tags": ["other"]}]


@ECHOES_PASSWORD
def test_the_plural_shape_is_identical_in_both_modes(playbook, emulator):
    runs = run_both(playbook, emulator, TASKS, seed=SEED, diff=True, verbosity=1)
    inprocess, module, _requests = agreed(runs)

    results = {record["task"]: record["result"] for record in inprocess.records}
    statuses = {record["task"]: record["status"] for record in inprocess.records}
    assert "config[1] (connection_name 'modes-02')" in results["refused"]["msg"]
    assert results["check"]["commands"] == results["apply"]["commands"] != []
    assert results["rerun"]["changed"] is False and results["rerun"]["commands"] == []
    assert results["purge check"]["commands"] == results["purge"]["commands"]
    assert [entry["connection_name"] for entry in results["purge"]["purged"]] == ["modes-02", "modes-old"]
    assert sorted(entry["connection_name"] for entry in results["gathered"]["gathered"]) == ["modes-01"]
    partial = results["partial"]
    assert statuses["partial"] == "failed" and partial["counts"]["failed"] == 1 and partial["counts"]["created"] == 1
    # No password of an item reaches any output of either path.
    for run in (inprocess, module):
        assert "Modes-Pass" not in run.output
