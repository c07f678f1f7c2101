# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Converging many credential connections behind a realistic round trip: a loop of the single module, the
hand-written ``uri`` playbook, and the fleet module ``credential_connections``, in one run.

The emulator answers every /v2 request after ``--latency-ms`` (default 50 ms, a real API's distance).

- The loops (``credential_connection`` in-process, the same with TELNYX_VOICE_EXECUTION=module, and the
  ``uri`` playbook of bench/benchmark.py) converge ``--loop-n`` connections (default 100): an apply on an empty
  account, then a rerun. Their cost grows with n, so their time at 10,000 is the per-connection cost times
  10,000, printed as such.
- The fleet module, one task, at each size of ``--fleet-n`` (default 100,1000,10000): ``verify`` reruns it
  on an account that already holds every connection (nothing to change), ``apply`` updates every connection
  (each differs in one option); at most ``--changed-max`` (default 1000) of them change, the rest being unchanged.

Every run is checked (what was written, that a rerun sends no write). The requests are the emulator's log, the
memory is the peak RSS of the largest process of the ansible-playbook run (the worker that runs the task).

Usage (from the repository root, with .venv):

    .venv/bin/python bench/fleet_benchmark.py --loop-n 20 --fleet-n 100,1000   # quick, about a minute
    .venv/bin/python bench/fleet_benchmark.py --json bench/results-fleet.json   # the full run, the targets
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from benchmark import API_KEY, Workspace, converge, desired  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator.control import Emulator  # noqa: E402  pylint: disable=wrong-import-position

FLEET = "telnyx.voice.credential_connections"
TARGET_N = 10000
TARGET_VERIFY_SECONDS = 10.0
TARGET_VERIFY_REQUESTS = 45
TARGET_CHANGED_N = 1000
TARGET_APPLY_SECONDS = 20.0
TARGET_PEAK_MB = 300.0
# Peak RSS of the largest process ansible-playbook waited for, in KiB on Linux.
_MEASURE = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
            "sys.stderr.write('\\nPEAK_KB %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "sys.exit(rc)")


def add_fleet_playbooks(workspace, count):
    """The fleet task over ``count`` connections of the vars file, and the floor: the same playbook and variables
    with a task that only counts them (Ansible's own cost of a ``count``-item variable)."""
    task = {"name": "Converge the credential connections in one task",
            FLEET: {"connections": "{{ connections }}"}, "register": "fleet"}
    workspace.playbooks["fleet"] = workspace.add_playbook("fleet", [task], module_defaults=True)
    floor = {"name": "Count the connections", "ansible.builtin.debug": {"msg": "{{ connections | length }}"}}
    workspace.playbooks["floor"] = workspace.add_playbook("floor", [floor], module_defaults=True)
    workspace.vars_file.write_text(json.dumps({
        "api_key": workspace.api_key, "base_url": workspace.base_url,
        "connections": [desired(number) for number in range(count)]}))


def run_measured(workspace, playbook, execution=None):
    """Run one playbook; return ``(seconds, peak MB)``. A failed run stops the benchmark."""
    command = [sys.executable, "-c", _MEASURE, str(Path(sys.executable).parent / "ansible-playbook"), "-i",
               str(workspace.inventory), "-e", "@%s" % workspace.vars_file, str(workspace.playbooks[playbook])]
    started = time.perf_counter()
    completed = subprocess.run(command, env=workspace.environment(execution), capture_output=True, text=True,
                               check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit("fleet benchmark: %s failed (rc %d):\n%s\n%s" % (playbook, completed.returncode,
                                                                  completed.stdout[-4000:], completed.stderr[-4000:]))
    peak_kb = int(completed.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    return elapsed, peak_kb / 1024.0


def seed(emulator, count, changed):
    """An account holding connections 0 .. count-1 as desired, the first ``changed`` with one option differing."""
    emulator.reset()
    connections = []
    for number in range(count):
        connection = desired(number)
        if number < changed:
            connection["dtmf_type"] = "RFC 2833"
        connections.append(connection)
    for start in range(0, count, 2000):
        emulator.seed(connections[start:start + 2000])
    emulator.clear_requests()


def fleet(workspace, emulator, count, changed_max):
    """The fleet module at ``count``: verify (nothing to change), and apply (``changed`` updates)."""
    add_fleet_playbooks(workspace, count)
    changed = min(count, changed_max)
    seed(emulator, count, changed)
    apply_s, apply_mb = run_measured(workspace, "fleet")
    log = emulator.requests()
    patches = [entry for entry in log if entry["method"] == "PATCH"]
    others = [entry for entry in log if entry["method"] not in ("GET", "PATCH")]
    if len(patches) != changed or others:
        sys.exit("fleet benchmark: the apply at %d sent %d PATCHes (expected %d) and %d other writes"
                 % (count, len(patches), changed, len(others)))
    apply_requests = len(log)
    emulator.clear_requests()
    verify_s, verify_mb = run_measured(workspace, "fleet")
    log = emulator.requests()
    if any(entry["method"] != "GET" for entry in log):
        sys.exit("fleet benchmark: the verify at %d sent writes" % count)
    floor_s, floor_mb = run_measured(workspace, "floor")
    return {"n": count, "changed": changed, "apply_s": apply_s, "apply_requests": apply_requests,
            "apply_peak_mb": apply_mb, "verify_s": verify_s, "verify_requests": len(log), "verify_peak_mb": verify_mb,
            "floor_s": floor_s, "floor_peak_mb": floor_mb}


def report(results):
    print()
    print("At %d ms per request. Loops of n=%d; ms/conn = (rerun - start-up %.2f s) / n; their rerun at 10,000 = "
          "start-up + ms/conn x 10,000." % (results["latency_ms"], results["loop_n"], results.get("loop_baseline_s", 0)))
    header = ("variant", "n", "apply s", "rerun s", "rerun req", "ms/conn", "rerun 10k s")
    print("%-26s %7s %9s %9s %9s %12s %12s" % header)
    for variant, run in results["loops"].items():
        baseline = results["loop_baseline_s"]
        per = 1000.0 * max(run["rerun_s"] - baseline, 0) / results["loop_n"]
        run["rerun_ms_per_connection"] = per
        run["rerun_10k_s_estimate"] = baseline + per * TARGET_N / 1000.0
        print("%-26s %7d %9.2f %9.2f %9d %12.1f %12.0f" % (variant, results["loop_n"], run["apply_s"],
                                                           run["rerun_s"], run["rerun_requests"], per,
                                                           run["rerun_10k_s_estimate"]))
    for run in results["fleet"]:
        print("%-26s %7d %9.2f %9.2f %9d %12.2f %12s   (apply: %d changed, %d requests; peak %.0f / %.0f MB; "
              "floor %.2f s, %.0f MB)" % (
                  "fleet (one task)", run["n"], run["apply_s"], run["verify_s"], run["verify_requests"],
                  1000.0 * (run["verify_s"] - run["floor_s"]) / run["n"], "-", run["changed"], run["apply_requests"],
                  run["apply_peak_mb"], run["verify_peak_mb"], run["floor_s"], run["floor_peak_mb"]))
    print("  floor = the same ansible-playbook run and variables with a task that only counts the connections")
    big = [run for run in results["fleet"] if run["n"] == TARGET_N]
    changed = [run for run in results["fleet"] if run["changed"] >= TARGET_CHANGED_N]
    print()
    if big:
        run = big[0]
        print("%s  %d unchanged verified in under %.0f s (%.2f s for the whole run; %.2f s above the floor of %.2f s)"
              % (_verdict(run["verify_s"] < TARGET_VERIFY_SECONDS), TARGET_N, TARGET_VERIFY_SECONDS, run["verify_s"],
                 run["verify_s"] - run["floor_s"], run["floor_s"]))
        print("%s  with at most %d requests (%d)" % (
            _verdict(run["verify_requests"] <= TARGET_VERIFY_REQUESTS), TARGET_VERIFY_REQUESTS, run["verify_requests"]))
        peak = max(run["verify_peak_mb"], run["apply_peak_mb"])
        print("%s  peak memory under %.0f MB at %d (%.0f MB)" % (_verdict(peak < TARGET_PEAK_MB), TARGET_PEAK_MB,
                                                                 TARGET_N, peak))
    if changed:
        run = changed[0]
        print("%s  %d changed applied in under %.0f s (%.2f s, on an account of %d)" % (
            _verdict(run["apply_s"] < TARGET_APPLY_SECONDS), run["changed"], TARGET_APPLY_SECONDS, run["apply_s"],
            run["n"]))


def _verdict(ok):
    return "PASS" if ok else "FAIL"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--loop-n", type=int, default=100, help="connections each loop converges (default 100)")
    parser.add_argument("--loop-variants", default="in-process,module,uri")
    parser.add_argument("--fleet-n", default="100,1000,10000", help="comma-separated sizes of the fleet runs")
    parser.add_argument("--changed-max", type=int, default=TARGET_CHANGED_N)
    parser.add_argument("--json", help="also write every measurement to this file")
    options = parser.parse_args(argv)
    sizes = [int(size) for size in options.fleet_n.split(",") if size.strip()]
    loops = [variant.strip() for variant in options.loop_variants.split(",") if variant.strip()]

    emulator = Emulator.start(api_key=API_KEY, args=["--latency-ms", str(options.latency_ms)])
    workspace = Workspace(emulator, options.loop_n)
    results = {"latency_ms": options.latency_ms, "loop_n": options.loop_n, "loops": {}, "fleet": []}
    try:
        from ansible.release import __version__ as ansible_version
        results["ansible_core"] = ansible_version
        # The loops converge the first loop_n connections of the vars file.
        workspace.vars_file.write_text(json.dumps({
            "api_key": emulator.api_key, "base_url": emulator.base_url,
            "connections": [desired(number) for number in range(options.loop_n)]}))
        results["loop_baseline_s"] = workspace.run("noop")
        for variant in loops:
            results["loops"][variant] = converge(workspace, emulator, variant, options.loop_n)
            run = results["loops"][variant]
            print("loop %-10s n=%d apply %.2f s rerun %.2f s" % (variant, options.loop_n, run["apply_s"],
                                                                 run["rerun_s"]), flush=True)
        workspace.api_key, workspace.base_url = emulator.api_key, emulator.base_url
        for size in sizes:
            run = fleet(workspace, emulator, size, options.changed_max)
            results["fleet"].append(run)
            print("fleet n=%d apply (%d changed) %.2f s, verify %.2f s in %d requests" % (
                size, run["changed"], run["apply_s"], run["verify_s"], run["verify_requests"]), flush=True)
        report(results)
    finally:
        emulator.stop()
        workspace.remove()
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
