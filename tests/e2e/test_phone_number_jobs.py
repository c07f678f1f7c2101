# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""phone_numbers at scale end to end: sweeps to read, Telnyx's jobs to write, in real ansible-playbook runs.

A check-mode run shows the exact job a real run sends and sends nothing; the run sends it and reads the numbers
back; a rerun only sweeps; a job that fails for one number names it with Telnyx's reason while the others
converge, and a rerun converges; the two execution paths (in-process, module) give the same results; and
docs/examples/numbers.yml, fed from its CSV, runs as it is.
"""

from __future__ import annotations

import re

from _modes_helpers import MODES, comparable_records, normalised, user_output
from conftest import REPO, writes
from test_info import run_file

NUMBERS = "telnyx.voice.phone_numbers"
POST = "/v2/phone_numbers/jobs/update_phone_numbers"
EXAMPLE = REPO / "docs" / "examples" / "numbers.yml"
COUNT = 8
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def e164(index):
    return "+1312555%04d" % index


def seed(emulator):
    old, new = emulator.seed([{"connection_name": "jobs-old"}, {"connection_name": "jobs-new"}])
    emulator.seed(phone_numbers=[{"phone_number": e164(index), "connection_id": old} for index in range(COUNT)])
    return old, new


def config(**options):
    return [dict({"phone_number": e164(index)}, **options) for index in range(COUNT)]


def task(name, items, **keywords):
    return dict({"name": name, NUMBERS: {"config": items}}, **keywords)


def paths(emulator, method=None):
    return [(entry["method"], entry["path"]) for entry in emulator.requests()
            if method is None or entry["method"] == method]


def test_check_mode_shows_the_job_the_run_sends_and_a_rerun_only_sweeps(playbook, emulator):
    old, new = seed(emulator)
    items = config(connection_name="jobs-new", tech_prefix_enabled=True)
    run = playbook([task("check", items, check_mode=True), task("apply", items), task("rerun", items)], diff=True)
    assert run.rc == 0, run.output
    checked, applied, rerun = run.task("check"), run.task("apply"), run.task("rerun")
    assert checked["commands"] == applied["commands"] and len(applied["commands"]) == 1
    body = applied["commands"][0]["body"]
    assert applied["commands"][0]["path"] == POST[3:] and body["connection_id"] == new
    assert body["voice"] == {"tech_prefix_enabled": True} and len(body["phone_numbers"]) == COUNT
    assert applied["counts"]["updated"] == COUNT and applied["jobs"][0]["status"] == "completed"
    assert {entry["job"] for entry in applied["phone_numbers"]} == {applied["jobs"][0]["id"]}
    assert rerun["changed"] is False and rerun["commands"] == [] and rerun["jobs"] == []
    # The only write of the three tasks is the job; a rerun reads one page of each list.
    assert paths(emulator, "POST") == [("POST", POST)] and not paths(emulator, "PATCH")
    for number in emulator.state()["phone_numbers"]:
        assert number["connection_id"] == new and number["voice"]["tech_prefix_enabled"] is True
    assert old != new


def test_a_job_that_fails_for_one_number_names_it_and_a_rerun_converges(playbook, emulator):
    seed(emulator)
    emulator.set_jobs(fail_numbers={e164(3): "HD voice is not available for this number"})
    items = config(hd_voice_enabled=True)
    run = playbook([task("apply", items, ignore_errors=True)])
    failed = run.task("apply")
    assert [record["status"] for record in run.records] == ["failed"] and "1 of %d" % COUNT in failed["msg"]
    assert "HD voice is not available for this number" in failed["msg"] and failed["jobs"][0]["id"] in failed["msg"]
    assert failed["failed_items"] == ["config[3] (phone_number '%s')" % e164(3)]
    assert failed["counts"]["updated"] == COUNT - 1
    emulator.set_jobs(fail_numbers={})
    rerun = playbook([task("rerun", items)]).task("rerun")
    # The one number left is a handful: PATCHed, no job.
    assert rerun["counts"]["updated"] == 1 and rerun["jobs"] == [] and rerun["commands"][0]["method"] == "PATCH"
    assert all(number["hd_voice_enabled"] for number in emulator.state()["phone_numbers"])


def test_jobs_give_the_same_results_in_both_execution_paths(playbook, emulator):
    items = config(connection_name="jobs-new", tags=["fleet"])
    tasks = [task("check", items, check_mode=True), task("apply", items), task("rerun", items)]
    results = {}
    for label, mode in MODES.items():
        emulator.reset()
        seed(emulator)
        run = playbook(tasks, env={"TELNYX_VOICE_EXECUTION": mode}, diff=True)
        assert run.rc == 0, run.output
        requests = [normalised({key: entry.get(key) for key in ("method", "path", "query", "body", "status")})
                    for entry in emulator.requests()]
        results[label] = (comparable_records(run), user_output(run), requests)
    inprocess, module = (_UUID.sub("<uuid>", str(results[label])) for label in MODES)
    assert inprocess == module
    assert results["module"][0][1]["result"]["jobs"][0]["status"] == "completed"


def test_the_numbers_csv_example_writes_a_job_and_a_patch_and_reruns_clean(playbook, emulator):
    chicago, toronto = emulator.seed([{"connection_name": "chicago-trunk"}, {"connection_name": "toronto-trunk"}])
    rows = (REPO / "docs" / "examples" / "numbers.csv").read_text().splitlines()[1:]
    emulator.seed(phone_numbers=[{"phone_number": row.split(",")[0]} for row in rows])
    options = dict(telnyx_api_key=emulator.api_key, telnyx_base_url=emulator.base_url)
    run = run_file(playbook, EXAMPLE, "--diff", **options)
    assert run.rc == 0, run.output
    result = run.task("Converge every number in one task")
    assert result["counts"]["updated"] == 6 and len(result["jobs"]) == 1 and len(result["jobs"][0]["phone_numbers"]) == 5
    # Five numbers share one change (a job); the sixth is PATCHed, before the job is sent.
    toronto_id = [number["id"] for number in emulator.state()["phone_numbers"] if number["phone_number"][2] == "4"][0]
    assert writes(emulator) == [("PATCH", "/v2/phone_numbers/" + toronto_id), ("POST", POST)]
    state = {number["phone_number"]: number for number in emulator.state()["phone_numbers"]}
    assert state["+14165550100"]["connection_id"] == toronto and state["+13125550104"]["connection_id"] == chicago
    assert all(number["tags"] == ["managed-by-ansible"] for number in state.values())
    emulator.clear_requests()
    rerun = run_file(playbook, EXAMPLE, **options)
    assert rerun.rc == 0 and rerun.task("Converge every number in one task")["changed"] is False
    assert writes(emulator) == []
