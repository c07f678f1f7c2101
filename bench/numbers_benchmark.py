# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Phone numbers at scale: ``telnyx.voice.phone_numbers`` (sweeps to read, Telnyx's jobs to write) against a loop of
``telnyx.voice.phone_number``, behind a realistic round trip, in one run.

The emulator answers every /v2 request after ``--latency-ms`` (default 50 ms) and takes ``--job-seconds`` (default
2 s) to complete each phone number job. The account holds ``--numbers`` numbers (default 10,000), each on the
connection ``bench-a`` with ``tech_prefix_enabled: true`` (a voice setting, so that both sweeps are needed).

- ``verify``: one ``phone_numbers`` task whose items are every number as it is (``connection_name: bench-a``,
  ``tech_prefix_enabled: true``): no write. Targets: at most 100 requests, under 10 s.
- ``repoint``: one task moving the first ``--repoint`` numbers (default 5,000) to ``bench-b``. Targets: at most 5
  job POSTs, no per-number write, every number applied and verified (the emulator's state is checked, and a rerun
  sends no write), under 30 s.
- ``loop``: ``phone_number`` in a ``loop`` over ``--loop-n`` numbers (default 50), the same re-pointing and its
  rerun; its per-number cost (its time less ansible-playbook's start-up, a no-op play) times 10,000 (verify) and
  5,000 (re-point), plus the start-up, is printed as the baseline.

The memory is the peak RSS of the largest process of each ansible-playbook run. Every run is checked.

Usage (from the repository root, with .venv):

    .venv/bin/python bench/numbers_benchmark.py --json bench/results-numbers.json
    .venv/bin/python bench/numbers_benchmark.py --numbers 2000 --repoint 1000 --loop-n 20   # quick
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from benchmark import API_KEY, Workspace  # noqa: E402  pylint: disable=wrong-import-position
from fleet_benchmark import load, run_measured  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator.control import Emulator  # noqa: E402  pylint: disable=wrong-import-position

POST = "/v2/phone_numbers/jobs/update_phone_numbers"
TARGETS = {"verify_requests": 100, "verify_s": 10.0, "repoint_posts": 5, "repoint_s": 30.0, "peak_mb": 300.0}


def e164(number):
    return "+1312%07d" % number


def item(number, connection):
    return {"phone_number": e164(number), "connection_name": connection, "tech_prefix_enabled": True}


def seed(emulator, count):
    """``count`` numbers on bench-a with tech_prefix_enabled, and the connections bench-a and bench-b."""
    emulator.reset()
    first, second = emulator.seed([{"connection_name": "bench-a"}, {"connection_name": "bench-b"}])
    for start in range(0, count, 2000):
        emulator.seed(phone_numbers=[{"phone_number": e164(number), "connection_id": first,
                                      "voice": {"tech_prefix_enabled": True}}
                                     for number in range(start, min(count, start + 2000))])
    emulator.clear_requests()
    return first, second


def playbooks(workspace):
    plural = {"name": "Converge the numbers in one task", "telnyx.voice.phone_numbers": {"config": "{{ bench_items }}"},
              "register": "plural"}
    show = {"name": "Show the counters", "ansible.builtin.debug": {
        "msg": "{{ {'counts': plural.counts, 'requests': plural.requests, 'jobs': plural.jobs | length} }}"}}
    workspace.playbooks["plural"] = workspace.add_playbook("plural", [plural, show], module_defaults=True)
    loop = {"name": "One number a task", "telnyx.voice.phone_number": "{{ item }}", "loop": "{{ bench_items }}"}
    workspace.playbooks["loop"] = workspace.add_playbook("loop", [loop], module_defaults=True)


def items_file(workspace, items):
    workspace.vars_file.write_text(json.dumps({"api_key": workspace.api_key, "base_url": workspace.base_url,
                                               "bench_items": items}))


def by_method(log):
    counts = {}
    for entry in log:
        key = "POST job" if entry["path"] == POST else entry["method"]
        counts[key] = counts.get(key, 0) + 1
    return counts


def measure(workspace, emulator, playbook):
    emulator.clear_requests()
    seconds, peak_mb, before, dummy = run_measured(workspace, playbook)
    log = emulator.requests()
    return {"s": round(seconds, 2), "peak_mb": round(peak_mb, 1), "load": before, "requests": len(log),
            "by_method": by_method(log)}


def on(emulator, connection, numbers):
    state = {number["phone_number"]: number for number in emulator.state()["phone_numbers"]}
    return all(state[e164(number)]["connection_id"] == connection for number in numbers)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--job-seconds", type=float, default=2.0)
    parser.add_argument("--numbers", type=int, default=10000)
    parser.add_argument("--repoint", type=int, default=5000)
    parser.add_argument("--loop-n", type=int, default=50)
    parser.add_argument("--json", help="also write every measurement to this file")
    options = parser.parse_args(argv)
    emulator = Emulator.start(api_key=API_KEY, args=["--latency-ms", str(options.latency_ms),
                                                     "--job-duration-ms", str(int(options.job_seconds * 1000))])
    workspace = Workspace(emulator, 0)
    workspace.api_key, workspace.base_url = emulator.api_key, emulator.base_url
    playbooks(workspace)
    results = {"latency_ms": options.latency_ms, "job_seconds": options.job_seconds, "numbers": options.numbers,
               "repoint_n": options.repoint, "loop_n": options.loop_n, "cpus": os.cpu_count(),
               "load_at_start": load()}
    try:
        from ansible.release import __version__ as ansible_version
        results["ansible_core"] = ansible_version
        first, second = seed(emulator, options.numbers)
        items_file(workspace, [item(number, "bench-a") for number in range(options.numbers)])
        results["verify"] = measure(workspace, emulator, "plural")
        if results["verify"]["by_method"].keys() - {"GET"}:
            sys.exit("numbers benchmark: the verify sent writes: %s" % results["verify"]["by_method"])
        print("verify %d: %s" % (options.numbers, results["verify"]), flush=True)

        items_file(workspace, [item(number, "bench-b") for number in range(options.repoint)])
        results["repoint"] = measure(workspace, emulator, "plural")
        rest = range(options.repoint, options.numbers)
        if not on(emulator, second, range(options.repoint)) or not on(emulator, first, rest):
            sys.exit("numbers benchmark: the re-pointing left numbers on the wrong connection")
        if results["repoint"]["by_method"].get("PATCH"):
            sys.exit("numbers benchmark: the re-pointing sent per-number writes: %s" % results["repoint"]["by_method"])
        print("repoint %d: %s" % (options.repoint, results["repoint"]), flush=True)
        results["repoint_rerun"] = measure(workspace, emulator, "plural")
        if results["repoint_rerun"]["by_method"].keys() - {"GET"}:
            sys.exit("numbers benchmark: the rerun of the re-pointing sent writes")

        first, second = seed(emulator, options.numbers)
        items_file(workspace, [item(number, "bench-b") for number in range(options.loop_n)])
        results["startup_s"] = round(run_measured(workspace, "noop")[0], 2)
        results["loop_apply"] = measure(workspace, emulator, "loop")
        if not on(emulator, second, range(options.loop_n)):
            sys.exit("numbers benchmark: the loop left numbers on the wrong connection")
        results["loop_rerun"] = measure(workspace, emulator, "loop")
        print("loop %d: apply %s, rerun %s" % (options.loop_n, results["loop_apply"], results["loop_rerun"]),
              flush=True)
        results["load_at_end"] = load()
    finally:
        emulator.stop()
        workspace.remove()
    report(results)
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1) + "\n")
    return 0


def report(results):
    loop_n = results["loop_n"]
    startup = results["startup_s"]
    per_verify = max(results["loop_rerun"]["s"] - startup, 0) / loop_n
    per_apply = max(results["loop_apply"]["s"] - startup, 0) / loop_n
    results["loop_verify_estimate_s"] = round(startup + per_verify * results["numbers"])
    results["loop_repoint_estimate_s"] = round(startup + per_apply * results["repoint_n"])
    results["loop_verify_estimate_requests"] = round(results["loop_rerun"]["requests"] / loop_n * results["numbers"])
    results["loop_repoint_estimate_requests"] = round(results["loop_apply"]["requests"] / loop_n * results["repoint_n"])
    print()
    print("At %d ms per request, jobs taking %.1f s; load = 1-minute load average before each run (%d CPUs)."
          % (results["latency_ms"], results["job_seconds"], results["cpus"]))
    print("%-44s %9s %9s %8s %7s  %s" % ("run", "seconds", "requests", "peak MB", "load", "requests by kind"))
    rows = [("phone_numbers verify %d unchanged" % results["numbers"], results["verify"]),
            ("phone_numbers re-point %d" % results["repoint_n"], results["repoint"]),
            ("phone_numbers rerun of the re-pointing", results["repoint_rerun"]),
            ("loop of phone_number re-point %d" % loop_n, results["loop_apply"]),
            ("loop of phone_number rerun %d" % loop_n, results["loop_rerun"])]
    for label, run in rows:
        print("%-44s %9.2f %9d %8.0f %7.2f  %s"
              % (label, run["s"], run["requests"], run["peak_mb"], run["load"][0], run["by_method"]))
    print("ansible-playbook start-up (a no-op play): %.2f s; a loop's estimate = start-up + (its time - start-up) / n"
          " x the size" % startup)
    print("%-44s %9d %9d   (per number x %d)" % ("loop of phone_number verify, at %d" % results["numbers"],
                                                 results["loop_verify_estimate_s"],
                                                 results["loop_verify_estimate_requests"], results["numbers"]))
    print("%-44s %9d %9d   (per number x %d)" % ("loop of phone_number re-point, at %d" % results["repoint_n"],
                                                 results["loop_repoint_estimate_s"],
                                                 results["loop_repoint_estimate_requests"], results["repoint_n"]))
    print()
    verify, repoint = results["verify"], results["repoint"]
    peak = max(verify["peak_mb"], repoint["peak_mb"])
    checks = [
        (verify["requests"] <= TARGETS["verify_requests"], "verify %d: at most %d requests (%d)"
         % (results["numbers"], TARGETS["verify_requests"], verify["requests"])),
        (verify["s"] < TARGETS["verify_s"], "verify %d: under %.0f s (%.2f s)"
         % (results["numbers"], TARGETS["verify_s"], verify["s"])),
        (repoint["by_method"].get("POST job", 0) <= TARGETS["repoint_posts"] and not repoint["by_method"].get("PATCH"),
         "re-point %d: at most %d job POSTs (%d), no per-number write" % (
             results["repoint_n"], TARGETS["repoint_posts"], repoint["by_method"].get("POST job", 0))),
        (repoint["s"] < TARGETS["repoint_s"], "re-point %d: under %.0f s (%.2f s), every number applied and verified"
         % (results["repoint_n"], TARGETS["repoint_s"], repoint["s"])),
        (peak < TARGETS["peak_mb"], "peak memory under %.0f MB (%.0f MB)" % (TARGETS["peak_mb"], peak)),
    ]
    results["targets_met"] = all(ok for ok, dummy in checks)
    for ok, text in checks:
        print("%s  %s" % ("PASS" if ok else "FAIL", text))


if __name__ == "__main__":
    sys.exit(main())
