# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""More cases where both execution paths must agree: deprecations, warnings, no_log, check_mode and diff per task,
the task's environment, failures with tracebacks, and the Python each path runs with.

Deprecations and raised exceptions come from telnyx_e2e.modes.probe, a test-only module (in tests/e2e/collections)
whose action is telnyx.voice's own InProcessAction: the Telnyx modules deprecate nothing today.
"""

from __future__ import annotations

import re
import subprocess
import sys

from _modes_helpers import MODULE, agreed, comparable_records, run_both, task, user_output
from conftest import API_KEY, COLLECTIONS, REPO

PROBE = "telnyx_e2e.modes.probe"
PROBE_ENV = {"ANSIBLE_COLLECTIONS_PATH": "%s:%s" % (COLLECTIONS, REPO / "tests" / "e2e" / "collections")}
NAME = "e2e-modes-cases"
PASSWORD = "Cases-Pass-7t3R"
PROBE_SECRET = "probe-secret-3c8d1"
IGNORED = {"ignore_errors": True}


def probe(title, **options):
    return {"name": title, PROBE: options}


def without(records, task_name, *keys):
    """The records with ``keys`` dropped from one task's result (what legitimately differs there, checked apart)."""
    for record in records:
        if record["task"] == task_name:
            for key in keys:
                record["result"].pop(key, None)
    return records


def status(run, task_name):
    return [record["status"] for record in run.records if record["task"] == task_name][-1]


def test_deprecations_warnings_no_log_check_diff_and_environment_per_task(playbook, emulator):
    tasks = [
        probe("deprecated", old="x", legacy="y", secret=PROBE_SECRET),
        dict(probe("check and diff on the task"), check_mode=True, diff=True),
        dict(probe("no_log on the task", secret=PROBE_SECRET), no_log=True),
        dict(probe("environment on the task", env="PROBE_VAR"), environment={"PROBE_VAR": "from-the-task"}),
        dict(probe("fails", outcome="fail", secret=PROBE_SECRET), **IGNORED),
    ]
    runs = run_both(playbook, emulator, tasks, env=PROBE_ENV)
    (inprocess, inprocess_requests), (module, module_requests) = runs["in-process"], runs["module"]
    assert inprocess.rc == module.rc == 0, inprocess.output + module.output
    assert comparable_records(inprocess) == comparable_records(module)
    assert user_output(inprocess) == user_output(module)

    results = {record["task"]: record["result"] for record in inprocess.records}
    deprecations = results["deprecated"]["deprecations"]
    assert len(deprecations) == 2, deprecations
    assert "old" in str(deprecations) and "legacy" in str(deprecations)
    for run in (inprocess, module):
        assert "[DEPRECATION WARNING]" in run.output and "[WARNING]: the probe warns" in run.output
        assert PROBE_SECRET not in run.output and PROBE_SECRET not in str(run.records)
    assert results["check and diff on the task"]["check_mode"] is True
    assert results["check and diff on the task"]["diff_mode"] is True
    assert results["check and diff on the task"]["changed"] is False
    assert results["deprecated"]["diff_mode"] is False
    assert results["environment on the task"]["env"] == "from-the-task"
    assert results["fails"]["msg"] == "the probe failed"


def test_failures_at_vvv_carry_a_traceback_on_both_paths(playbook, emulator):
    """fail_json from an exception handler gives the same failure and traceback on both paths.

    The one known difference: an exception that escapes main() (the Telnyx modules catch every one) is caught by
    the AnsiballZ wrapper of a module process from 2.19, which reports "Module failed: <message>"; in-process, core
    reports the traceback it finds on stderr, as it does for any module process of 2.16 to 2.18.
    """
    tasks = [dict(probe("fails", outcome="fail", secret=PROBE_SECRET), **IGNORED),
             dict(probe("raises", outcome="raise", secret=PROBE_SECRET), **IGNORED)]
    # -vvv asks for tracebacks before 2.19; from 2.19, ANSIBLE_DISPLAY_TRACEBACK does.
    runs = run_both(playbook, emulator, tasks, verbosity=3, env=dict(PROBE_ENV, ANSIBLE_DISPLAY_TRACEBACK="error"))
    (inprocess, _requests), (module, _requests) = runs["in-process"], runs["module"]
    for label, run in (("in-process", inprocess), ("module", module)):
        assert run.rc == 0, run.output
        assert run.task("fails")["msg"] == "the probe failed"
        # The traceback names the module's file (in its AnsiballZ payload, or in the collection) and, in-process
        # only, the source lines; the frame that failed is the same.
        assert re.search(r'probe\.py\\?", line [0-9]+, in main', run.output), label
        assert status(run, "raises") == "failed" and "the probe raised" in str(run.task("raises")), label
        assert PROBE_SECRET not in run.output + str(run.records)
    assert "%s runs in-process on the controller" % PROBE in inprocess.output
    assert without(comparable_records(inprocess)[:1], "fails", "exception") == \
        without(comparable_records(module)[:1], "fails", "exception")
    if "module_stderr" in module.task("raises"):  # 2.16 to 2.18: core reports both from the traceback on stderr
        assert without(comparable_records(inprocess)[1:], "raises", "module_stderr", "exception") == \
            without(comparable_records(module)[1:], "raises", "module_stderr", "exception")


def test_the_telnyx_module_with_defaults_and_per_task_keywords(playbook, emulator):
    tasks = [
        dict(task("create, checked and diffed on the task", connection_name=NAME, user_name="cases01",
                  password=PASSWORD), check_mode=True, diff=True),
        dict(task("create with no_log", connection_name=NAME, user_name="cases01", password=PASSWORD), no_log=True),
        dict(task("update with the key from the task's environment", connection_name=NAME, active=False,
                  api_key="{{ omit }}"), environment={"TELNYX_API_KEY": API_KEY}, diff=True),
    ]
    runs = run_both(playbook, emulator, tasks)
    inprocess, module, inprocess_requests = agreed(runs)
    results = {record["task"]: record["result"] for record in inprocess.records}
    assert results["create, checked and diffed on the task"]["changed"] is True
    assert "diff" in results["create, checked and diffed on the task"]
    assert results["create with no_log"]["censored"].startswith("the output has been hidden")
    assert results["update with the key from the task's environment"]["changed"] is True
    assert [entry["method"] for entry in inprocess_requests] == ["GET", "GET", "POST", "GET", "PATCH"]
    for run in (inprocess, module):
        assert PASSWORD not in run.output and API_KEY not in run.output


def python_without_requests(tmp_path):
    """A Python with the standard library only: a venv of the base interpreter, without pip."""
    venv = tmp_path / "no-requests"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    probe_import = subprocess.run([str(python), "-c", "import requests"], capture_output=True, check=False)
    assert probe_import.returncode != 0, "the base interpreter has requests; this test needs one without"
    return str(python)


def test_the_python_that_would_run_the_module_decides(playbook, emulator, tmp_path):
    """requests is hidden from the controller (a package that fails to import, first on its PYTHONPATH), not from
    the module's Python (the tasks' environment clears PYTHONPATH).

    An interpreter without requests: the module runs there, in either mode, and fails alike. The controller's own
    interpreter, which has requests: the module runs as a process and works, in either mode.
    """
    python = python_without_requests(tmp_path)
    shadow = tmp_path / "shadow" / "requests"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("requests is hidden from this controller")\n')
    create = task("create", connection_name=NAME, user_name="cases01", password=PASSWORD)
    tasks = [dict(create, name="on a Python without requests", vars={"ansible_python_interpreter": python},
                  environment={"PYTHONPATH": ""}, **IGNORED),
             dict(create, environment={"PYTHONPATH": ""})]
    runs = run_both(playbook, emulator, tasks, verbosity=3, env={"PYTHONPATH": str(shadow.parent)})
    inprocess, module, inprocess_requests = agreed(runs, output=False)
    assert [entry["method"] for entry in inprocess_requests] == ["GET", "POST"]

    failed = inprocess.task("on a Python without requests")
    assert status(inprocess, "on a Python without requests") == "failed" and not failed.get("changed")
    assert failed["msg"].startswith("Failed to import the required Python library (requests)")
    assert python in failed["msg"]
    assert inprocess.task("create")["changed"] is True
    assert "%s runs as a module process (the module's Python %s is not the controller's" % (MODULE, python) \
        in inprocess.output
    assert "%s runs as a module process (requests is missing on the controller's Python)" % MODULE \
        in inprocess.output


FQDNS = [{"fqdn": "pbx.example.com"}, {"fqdn": "sip.example.com", "dns_record_type": "srv"}]
TRUNK = {"connection_name": "e2e-fqdn-trunk", "outbound": {"outbound_voice_profile_id": ""}}


def test_fqdn_and_ip_connections_with_their_records(playbook, emulator):
    """Records created, kept, reordered (predicted in check mode), reduced and deleted with their connection, on
    both paths alike; the second run of each writes nothing."""
    fqdn, ip = "telnyx.voice.fqdn_connection", "telnyx.voice.ip_connection"
    tasks = [
        {"name": "create", fqdn: dict(TRUNK, fqdns=FQDNS)},
        {"name": "rerun", fqdn: dict(TRUNK, fqdns=FQDNS)},
        {"name": "reorder, checked", fqdn: dict(TRUNK, fqdns=FQDNS[::-1]), "check_mode": True},
        {"name": "reorder", fqdn: dict(TRUNK, fqdns=FQDNS[::-1])},
        {"name": "info", "telnyx.voice.fqdn_connection_info": {"connection_name": TRUNK["connection_name"]}},
        {"name": "ip create", ip: dict(TRUNK, ips=[{"ip_address": "192.0.2.10"}, {"ip_address": "192.0.2.11"}])},
        {"name": "ip reduce", ip: dict(TRUNK, ips=[{"ip_address": "192.0.2.11", "port": 5080}])},
        {"name": "ip rerun", ip: dict(TRUNK, ips=[{"ip_address": "192.0.2.11", "port": 5080}])},
        {"name": "delete", fqdn: dict(connection_name=TRUNK["connection_name"], state="absent")},
        {"name": "ip delete", ip: dict(connection_name=TRUNK["connection_name"], state="absent")},
    ]
    runs = run_both(playbook, emulator, tasks, diff=True)
    inprocess, _module, _requests = agreed(runs, output=False)
    results = {record["task"]: record["result"] for record in inprocess.records}
    assert [results[name]["changed"] for name in ("create", "rerun", "reorder, checked", "reorder", "ip create",
                                                  "ip reduce", "ip rerun", "delete", "ip delete")] == \
        [True, False, True, True, True, True, False, True, True]
    predicted, done = results["reorder, checked"]["fqdn_connection"], results["reorder"]["fqdn_connection"]
    assert predicted["fqdns"] == done["fqdns"] and predicted["inbound"] == done["inbound"]
    assert results["reorder"]["diff"]["after"]["fqdns"] == [
        {"fqdn": "sip.example.com", "port": None, "dns_record_type": "srv"},
        {"fqdn": "pbx.example.com", "port": 5060, "dns_record_type": "a"}]
    listed = results["info"]["fqdn_connections"][0]
    assert listed["fqdns"] == [{"fqdn": "sip.example.com", "dns_record_type": "srv"},
                               {"fqdn": "pbx.example.com", "port": 5060, "dns_record_type": "a"}]
    assert emulator.state()["fqdns"] == [] and emulator.state()["ips"] == []
