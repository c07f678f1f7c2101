# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Converging many objects behind a realistic round trip: a loop of the single module, the hand-written ``uri``
playbook, and the plural modules ``credential_connections`` and ``outbound_voice_profiles`` (one task, ``config:``),
in one run.

The emulator answers every /v2 request after ``--latency-ms`` (default 50 ms, a real API's distance).

- The loops (``credential_connection`` in-process, the same with TELNYX_VOICE_EXECUTION=module, and the
  ``uri`` playbook of bench/benchmark.py) converge ``--loop-n`` connections (default 100): an apply on an empty
  account, then a rerun. Their cost grows with n, so their time at 10,000 is the per-connection cost times
  10,000, printed as such.
- Each plural module (``--resources``, default both), one task with ``config: "{{ bench_items }}"``, at each size of
  ``--fleet-n`` (default 100,1000,10000): ``apply`` on an account holding every object, the first
  ``--changed-max`` (default 1000) of them differing in one option (a connection's ``dtmf_type``, a profile's
  ``daily_spend_limit``); ``verify`` reruns it (nothing to change); ``floor`` is the same ansible-playbook run and
  the same variable with a task that only counts it (``ansible.builtin.debug: msg="{{ bench_items | length }}"``),
  Ansible's own cost, so ``verify - floor`` is the task's.
- Masking (credential_connections): ``verify`` is run with every item carrying its password (10,000 secrets, masked
  by place above _module.SCAN_LIMIT) and again with the same items without ``password``; the difference is the
  cost of the secrets.

Every run is checked (what was written, that a rerun sends no write). The requests are the emulator's log, the
memory is the peak RSS of the largest process of the ansible-playbook run (the worker that runs the task).

Usage (from the repository root, with .venv):

    .venv/bin/python bench/fleet_benchmark.py --loop-n 20 --fleet-n 100,1000   # quick, a few minutes
    .venv/bin/python bench/fleet_benchmark.py --loop-variants "" --fleet-n 10000 --json bench/results-plural.json
        # the targets only: both resources at 10,000, no loops (about 5 minutes here)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from benchmark import API_KEY, Workspace, converge, desired  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator.control import Emulator  # noqa: E402  pylint: disable=wrong-import-position

RESOURCES = {
    "credential_connections": {"module": "telnyx.voice.credential_connections", "seed_key": "connections",
                               "changed": ("dtmf_type", "RFC 2833")},
    "outbound_voice_profiles": {"module": "telnyx.voice.outbound_voice_profiles",
                                "seed_key": "outbound_voice_profiles", "changed": ("daily_spend_limit", "200")},
}
TARGET_N = 10000
TARGET_OVER_FLOOR_SECONDS = 3.0
TARGET_VERIFY_REQUESTS = 45
TARGET_CHANGED_N = 1000
TARGET_APPLY_SECONDS = 15.0
# Peak RSS of the largest process ansible-playbook waited for, in KiB on Linux.
_MEASURE = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
            "sys.stderr.write('\\nPEAK_KB %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "sys.exit(rc)")


def profile(number):
    """The options of outbound voice profile ``number``."""
    return {"name": "bench-ovp-%05d" % number, "daily_spend_limit": "100", "daily_spend_limit_enabled": True,
            "tags": ["bench"]}


def item(resource, number, password=True):
    """Item ``number`` of ``resource`` as desired (a connection without its password when ``password`` is false)."""
    if resource == "outbound_voice_profiles":
        return profile(number)
    wanted = desired(number)
    if not password:
        del wanted["password"]
    return wanted


def load():
    """The load averages (1, 5, 15 minutes) right now."""
    return [round(value, 2) for value in os.getloadavg()]


def add_plural_playbooks(workspace, resource, count, password=True):
    """The plural task over ``count`` items of the vars file, and the floor: the same playbook and variable with a
    task that only counts them (Ansible's own cost of a ``count``-item variable fed the same way)."""
    task = {"name": "Converge the %s in one task" % resource,
            RESOURCES[resource]["module"]: {"config": "{{ bench_items }}"}, "register": "plural"}
    check = {"name": "Show the result's counters", "ansible.builtin.debug": {
        "msg": "{{ {'counts': plural.counts, 'requests': plural.requests, 'retries': plural.retries} }}"}}
    workspace.playbooks["plural"] = workspace.add_playbook("plural", [task, check], module_defaults=True)
    floor = {"name": "Count the items", "ansible.builtin.debug": {"msg": "{{ bench_items | length }}"}}
    workspace.playbooks["floor"] = workspace.add_playbook("floor", [floor], module_defaults=True)
    workspace.vars_file.write_text(json.dumps({
        "api_key": workspace.api_key, "base_url": workspace.base_url,
        "bench_items": [item(resource, number, password) for number in range(count)]}))


def run_measured(workspace, playbook, execution=None):
    """Run one playbook; return ``(seconds, peak MB, load before, stdout)``. A failed run stops the benchmark."""
    command = [sys.executable, "-c", _MEASURE, str(Path(sys.executable).parent / "ansible-playbook"), "-i",
               str(workspace.inventory), "-e", "@%s" % workspace.vars_file, str(workspace.playbooks[playbook])]
    before = load()
    started = time.perf_counter()
    completed = subprocess.run(command, env=workspace.environment(execution), capture_output=True, text=True,
                               check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit("plural benchmark: %s failed (rc %d):\n%s\n%s" % (playbook, completed.returncode,
                                                                   completed.stdout[-4000:], completed.stderr[-4000:]))
    peak_kb = int(completed.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    return elapsed, peak_kb / 1024.0, before, completed.stdout


def seed(emulator, resource, count, changed):
    """An account holding objects 0 .. count-1 as desired, the first ``changed`` with one option differing."""
    emulator.reset()
    option, value = RESOURCES[resource]["changed"]
    objects = []
    for number in range(count):
        obj = item(resource, number)
        if number < changed:
            obj[option] = value
        objects.append(obj)
    for start in range(0, count, 2000):
        emulator.seed(**{RESOURCES[resource]["seed_key"]: objects[start:start + 2000]})
    emulator.clear_requests()


def _counts(stdout):
    """The counts the task returned, from the debug task's output."""
    marker = stdout.rsplit('"msg": ', 1)
    return json.loads(marker[1].split("\n}", 1)[0]) if len(marker) == 2 else None


def plural(workspace, emulator, resource, count, changed_max, masking):
    """One plural module at ``count``: apply (``changed`` updates), verify (nothing to change), floor, and (for
    credential_connections when ``masking``) verify again without passwords."""
    add_plural_playbooks(workspace, resource, count)
    changed = min(count, changed_max)
    seed(emulator, resource, count, changed)
    apply_s, apply_mb, apply_load, stdout = run_measured(workspace, "plural")
    apply_result = _counts(stdout)
    log = emulator.requests()
    patches = [entry for entry in log if entry["method"] == "PATCH"]
    others = [entry for entry in log if entry["method"] not in ("GET", "PATCH")]
    if len(patches) != changed or others:
        sys.exit("plural benchmark: the %s apply at %d sent %d PATCHes (expected %d) and %d other writes"
                 % (resource, count, len(patches), changed, len(others)))
    apply_requests = len(log)
    emulator.clear_requests()
    verify_s, verify_mb, verify_load, stdout = run_measured(workspace, "plural")
    verify_result = _counts(stdout)
    log = emulator.requests()
    if any(entry["method"] != "GET" for entry in log):
        sys.exit("plural benchmark: the %s verify at %d sent writes" % (resource, count))
    floor_s, floor_mb, floor_load, dummy = run_measured(workspace, "floor")
    run = {"resource": resource, "n": count, "changed": changed,
           "apply_s": apply_s, "apply_requests": apply_requests, "apply_peak_mb": apply_mb, "apply_load": apply_load,
           "apply_result": apply_result,
           "verify_s": verify_s, "verify_requests": len(log), "verify_peak_mb": verify_mb, "verify_load": verify_load,
           "verify_result": verify_result,
           "floor_s": floor_s, "floor_peak_mb": floor_mb, "floor_load": floor_load}
    if masking and resource == "credential_connections":
        add_plural_playbooks(workspace, resource, count, password=False)
        emulator.clear_requests()
        plain_s, plain_mb, plain_load, stdout = run_measured(workspace, "plural")
        if any(entry["method"] != "GET" for entry in emulator.requests()):
            sys.exit("plural benchmark: the verify without passwords at %d sent writes" % count)
        run.update(no_password_verify_s=plain_s, no_password_peak_mb=plain_mb, no_password_load=plain_load,
                   no_password_result=_counts(stdout))
    return run


def report(results):
    print()
    if results["loops"]:
        print("At %d ms per request. Loops of n=%d; ms/conn = (rerun - start-up %.2f s) / n; their rerun at 10,000 "
              "= start-up + ms/conn x 10,000."
              % (results["latency_ms"], results["loop_n"], results.get("loop_baseline_s", 0)))
        print("%-26s %7s %9s %9s %9s %12s %12s"
              % ("variant", "n", "apply s", "rerun s", "rerun req", "ms/conn", "rerun 10k s"))
        for variant, run in results["loops"].items():
            baseline = results["loop_baseline_s"]
            per = 1000.0 * max(run["rerun_s"] - baseline, 0) / results["loop_n"]
            run["rerun_ms_per_connection"] = per
            run["rerun_10k_s_estimate"] = baseline + per * TARGET_N / 1000.0
            print("%-26s %7d %9.2f %9.2f %9d %12.1f %12.0f" % (variant, results["loop_n"], run["apply_s"],
                                                               run["rerun_s"], run["rerun_requests"], per,
                                                               run["rerun_10k_s_estimate"]))
    print("At %d ms per request; load = 1-minute load average before each run (2 CPUs)." % results["latency_ms"])
    print("%-24s %7s %8s %8s %8s %5s %8s %6s %6s  %s" % ("resource", "n", "verify s", "floor s", "v-floor",
                                                         "req", "apply s", "chg", "MB", "load v/f/a"))
    for run in results["plural"]:
        print("%-24s %7d %8.2f %8.2f %8.2f %5d %8.2f %6d %6.0f  %.1f/%.1f/%.1f" % (
            run["resource"], run["n"], run["verify_s"], run["floor_s"], run["verify_s"] - run["floor_s"],
            run["verify_requests"], run["apply_s"], run["changed"], max(run["verify_peak_mb"], run["apply_peak_mb"]),
            run["verify_load"][0], run["floor_load"][0], run["apply_load"][0]))
        if "no_password_verify_s" in run:
            print("%-24s %7d %8.2f  (with a password per item: %.2f s; load %.1f)" % (
                "  same, no passwords", run["n"], run["no_password_verify_s"], run["verify_s"],
                run["no_password_load"][0]))
    print()
    for run in results["plural"]:
        if run["n"] == TARGET_N:
            over = run["verify_s"] - run["floor_s"]
            run["target_verify_met"] = over <= TARGET_OVER_FLOOR_SECONDS
            run["target_requests_met"] = run["verify_requests"] <= TARGET_VERIFY_REQUESTS
            print("%s  %s: %d unchanged verified within %.0f s of the floor (%.2f s - %.2f s = %.2f s)" % (
                _verdict(run["target_verify_met"]), run["resource"], TARGET_N, TARGET_OVER_FLOOR_SECONDS,
                run["verify_s"], run["floor_s"], over))
            print("%s  %s: with at most %d requests (%d)" % (_verdict(run["target_requests_met"]), run["resource"],
                                                             TARGET_VERIFY_REQUESTS, run["verify_requests"]))
        if run["changed"] >= TARGET_CHANGED_N:
            run["target_apply_met"] = run["apply_s"] < TARGET_APPLY_SECONDS
            print("%s  %s: %d changed applied in under %.0f s (%.2f s, on an account of %d)" % (
                _verdict(run["target_apply_met"]), run["resource"], run["changed"], TARGET_APPLY_SECONDS,
                run["apply_s"], run["n"]))


def _verdict(ok):
    return "PASS" if ok else "FAIL"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--loop-n", type=int, default=100, help="connections each loop converges (default 100)")
    parser.add_argument("--loop-variants", default="in-process,module,uri")
    parser.add_argument("--fleet-n", default="100,1000,10000", help="comma-separated sizes of the plural runs")
    parser.add_argument("--resources", default=",".join(RESOURCES))
    parser.add_argument("--no-masking", action="store_true", help="skip the verify without passwords")
    parser.add_argument("--changed-max", type=int, default=TARGET_CHANGED_N)
    parser.add_argument("--json", help="also write every measurement to this file")
    options = parser.parse_args(argv)
    sizes = [int(size) for size in options.fleet_n.split(",") if size.strip()]
    loops = [variant.strip() for variant in options.loop_variants.split(",") if variant.strip()]
    resources = [name.strip() for name in options.resources.split(",") if name.strip()]

    emulator = Emulator.start(api_key=API_KEY, args=["--latency-ms", str(options.latency_ms)])
    workspace = Workspace(emulator, options.loop_n)
    results = {"latency_ms": options.latency_ms, "loop_n": options.loop_n, "loops": {}, "plural": [],
               "load_at_start": load(), "cpus": os.cpu_count()}
    try:
        from ansible.release import __version__ as ansible_version
        results["ansible_core"] = ansible_version
        # The loops converge the first loop_n connections of the vars file.
        workspace.vars_file.write_text(json.dumps({
            "api_key": emulator.api_key, "base_url": emulator.base_url,
            "connections": [desired(number) for number in range(options.loop_n)]}))
        if loops:
            results["loop_baseline_s"] = workspace.run("noop")
        for variant in loops:
            results["loops"][variant] = converge(workspace, emulator, variant, options.loop_n)
            run = results["loops"][variant]
            print("loop %-10s n=%d apply %.2f s rerun %.2f s" % (variant, options.loop_n, run["apply_s"],
                                                                 run["rerun_s"]), flush=True)
        workspace.api_key, workspace.base_url = emulator.api_key, emulator.base_url
        for size in sizes:
            for resource in resources:
                run = plural(workspace, emulator, resource, size, options.changed_max, not options.no_masking)
                results["plural"].append(run)
                print("%s n=%d apply (%d changed) %.2f s, verify %.2f s in %d requests, floor %.2f s, load %s" % (
                    resource, size, run["changed"], run["apply_s"], run["verify_s"], run["verify_requests"],
                    run["floor_s"], run["verify_load"]), flush=True)
        report(results)
        results["load_at_end"] = load()
    finally:
        emulator.stop()
        workspace.remove()
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
