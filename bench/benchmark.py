# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""How long it takes to converge N credential connections, three ways, against the bundled emulator.

Variants, run in alternation (each round runs every variant once, in order):

- ``in-process``: this collection, its action plugin running the module in the controller's worker;
- ``module``: this collection with TELNYX_VOICE_EXECUTION=module, one module process per connection;
- ``uri``: an equivalent hand-written ``ansible.builtin.uri`` playbook: GET the list filtered by name,
  compare in Jinja, POST when missing, PATCH when different.

Each variant converges the same N connections in one playbook run (one task with a loop), first on an
empty account (the apply: N creates), then again (the rerun: nothing to change). Every run is checked: the
apply must leave N connections and the rerun must send no write.

Then it lists 10,000 connections with the credential_connection_info module (run as a module process, as
it is executed: time and peak memory of that process), and once through ansible-playbook.

Usage (from the repository root, with a Python that has ansible-core and requests, e.g. .venv):

    .venv/bin/python bench/benchmark.py                   # quick: n=20, one round (about 2 minutes here)
    .venv/bin/python bench/benchmark.py --n 100 --rounds 3 --json bench/results-n100.json   # the full run
    .venv/bin/python bench/benchmark.py --variants in-process --baseline /tmp/old-checkout --skip-list
        # in-process cost of this checkout against another one (e.g. a ``git worktree`` of an older commit),
        # alternated in one run: variant ``baseline`` is that checkout, in-process

The targets apply at n=100; a run with another N prints them as indicative.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.emulator.control import Emulator  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = "bench-api-key-7d41c2"
MODULE = "telnyx.voice.credential_connection"
INFO_MODULE = REPO / "plugins" / "modules" / "credential_connection_info.py"
VARIANTS = ("in-process", "module", "uri")
TARGET_N = 100
TARGET_MS_PER_CONNECTION = 30.0
TARGET_RATIO_VS_URI = 20.0
TARGET_LIST_SECONDS = 5.0


def desired(number):
    """The options of connection ``number``: a few beside the required ones, all of which the API echoes."""
    return {
        "connection_name": "bench-%04d" % number,
        "user_name": "bench%04d" % number,
        "password": "Bench-Pass-%04d" % number,
        "active": True,
        "anchorsite_override": "Chicago, IL",
        "dtmf_type": "Inband",
        "webhook_event_url": "https://hooks.example.com/telnyx",
    }


COLLECTION_TASK = {
    "name": "Converge the credential connections",
    MODULE: {key: "{{ item.%s }}" % key for key in desired(0)},
    "loop": "{{ connections }}",
    "loop_control": {"label": "{{ item.connection_name }}"},
}

HEADERS = {"Authorization": "Bearer {{ api_key }}", "Accept": "application/json"}
CURRENT = "{{ item.json.data | selectattr('connection_name', 'equalto', item.item.connection_name) | list }}"
URI_TASKS = [
    {
        "name": "Look up each connection by name",
        "ansible.builtin.uri": {
            "url": "{{ base_url }}/credential_connections?filter[connection_name][contains]="
                   "{{ item.connection_name | urlencode }}&page[size]=250",
            "headers": HEADERS,
        },
        "loop": "{{ connections }}",
        "loop_control": {"label": "{{ item.connection_name }}"},
        "register": "lookups",
    },
    {
        "name": "Create the missing ones",
        "ansible.builtin.uri": {
            "url": "{{ base_url }}/credential_connections",
            "method": "POST",
            "headers": HEADERS,
            "body_format": "json",
            "body": "{{ item.item }}",
            "status_code": [200, 201],
        },
        "vars": {"current": CURRENT},
        "when": "current | length == 0",
        "changed_when": True,
        "loop": "{{ lookups.results }}",
        "loop_control": {"label": "{{ item.item.connection_name }}"},
    },
    {
        "name": "Update the ones that differ",
        "ansible.builtin.uri": {
            "url": "{{ base_url }}/credential_connections/{{ current[0].id }}",
            "method": "PATCH",
            "headers": HEADERS,
            "body_format": "json",
            "body": "{{ item.item }}",
        },
        "vars": {
            "current": CURRENT,
            "wanted_keys": "{{ item.item.keys() | list }}",
        },
        "when": "current | length > 0 and "
                "dict(wanted_keys | zip(wanted_keys | map('extract', current[0]))) != item.item",
        "changed_when": True,
        "loop": "{{ lookups.results }}",
        "loop_control": {"label": "{{ item.item.connection_name }}"},
    },
]


class Workspace:
    """A temporary ANSIBLE_COLLECTIONS_PATH pointing at this checkout, an inventory and the playbooks."""

    def __init__(self, emulator, count, baseline=None):
        self.root = Path(tempfile.mkdtemp(prefix="telnyx-bench-"))
        self.last_cpu_s = 0.0
        self.collections = self.link_collection("collections", REPO)
        self.baseline_collections = self.link_collection("baseline-collections", baseline) if baseline else None
        self.inventory = self.root / "inventory.ini"
        self.inventory.write_text('localhost ansible_connection=local '
                                  'ansible_python_interpreter="{{ ansible_playbook_python }}"\n')
        self.vars_file = self.root / "vars.json"
        self.vars_file.write_text(json.dumps({
            "api_key": emulator.api_key, "base_url": emulator.base_url,
            "connections": [desired(number) for number in range(count)],
        }))
        self.playbooks = {
            "collection": self.add_playbook("collection", [COLLECTION_TASK], module_defaults=True),
            "uri": self.add_playbook("uri", URI_TASKS, module_defaults=False),
            "noop": self.add_playbook("noop", [{"name": "Nothing", "ansible.builtin.meta": "noop"}],
                                      module_defaults=False),
        }

    def link_collection(self, name, checkout):
        """A collections directory ``name`` in which telnyx.voice is ``checkout``."""
        link = self.root / name / "ansible_collections" / "telnyx" / "voice"
        link.parent.mkdir(parents=True)
        link.symlink_to(Path(checkout).resolve(), target_is_directory=True)
        return self.root / name

    def add_playbook(self, name, tasks, module_defaults):
        play = {"name": "benchmark " + name, "hosts": "localhost", "gather_facts": False, "tasks": tasks}
        if module_defaults:
            play["module_defaults"] = {"group/telnyx.voice.telnyx": {"api_key": "{{ api_key }}",
                                                                     "base_url": "{{ base_url }}"}}
        path = self.root / ("%s.yml" % name)
        path.write_text(json.dumps([play], indent=1))  # JSON is YAML
        return path

    def environment(self, execution=None, collections=None):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "TELNYX_"))}
        env.update(ANSIBLE_COLLECTIONS_PATH=str(collections or self.collections), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
                   ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_RETRY_FILES_ENABLED="0",
                   ANSIBLE_LOCAL_TEMP=str(self.root / "ansible-tmp"))
        if execution:
            env["TELNYX_VOICE_EXECUTION"] = execution
        return env

    def run(self, playbook, execution=None, collections=None):
        """Run one playbook; return its wall time in seconds. A failed run stops the benchmark.

        ``self.last_cpu_s`` is then the CPU time (user + system) of ansible-playbook and its worker processes: much
        less sensitive than the wall time to other load on the machine.
        """
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(self.inventory),
                   "-e", "@%s" % self.vars_file, str(self.playbooks[playbook])]
        output = self.root / "playbook-output.txt"
        started = time.perf_counter()
        with open(output, "wb") as handle:
            process = subprocess.Popen(command, env=self.environment(execution, collections),  # pylint: disable=consider-using-with
                                       stdout=handle, stderr=subprocess.STDOUT)
            dummy, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        self.last_cpu_s = usage.ru_utime + usage.ru_stime
        returncode = os.waitstatus_to_exitcode(status)
        if returncode != 0:
            sys.exit("benchmark: %s failed (rc %d):\n%s" % (playbook, returncode, output.read_text()[-8000:]))
        return elapsed

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


def converge(workspace, emulator, variant, count):
    """Time the apply and the rerun of one variant on an empty account; check both did what they should."""
    playbook, execution = {"in-process": ("collection", "auto"), "module": ("collection", "module"),
                           "uri": ("uri", None), "baseline": ("collection", "auto")}[variant]
    collections = workspace.baseline_collections if variant == "baseline" else None
    emulator.reset()
    apply_seconds = workspace.run(playbook, execution, collections)
    apply_cpu = workspace.last_cpu_s
    names = sorted(connection["connection_name"] for connection in emulator.state()["connections"])
    if names != ["bench-%04d" % number for number in range(count)]:
        sys.exit("benchmark: %s apply left %d connections instead of %d" % (variant, len(names), count))
    creates = [entry for entry in emulator.requests() if entry["method"] == "POST"]
    if len(creates) != count:
        sys.exit("benchmark: %s apply sent %d POSTs instead of %d" % (variant, len(creates), count))
    emulator.clear_requests()
    rerun_seconds = workspace.run(playbook, execution, collections)
    rerun_cpu = workspace.last_cpu_s
    writes = [entry for entry in emulator.requests() if entry["method"] != "GET"]
    if writes:
        sys.exit("benchmark: %s rerun sent %d writes: %s" % (variant, len(writes), writes[:3]))
    reads = len(emulator.requests())
    return {"apply_s": apply_seconds, "rerun_s": rerun_seconds, "rerun_requests": reads,
            "apply_cpu_s": apply_cpu, "rerun_cpu_s": rerun_cpu}


def list_many(workspace, emulator, count):
    """Time the info module listing ``count`` connections, as its module process and through a playbook."""
    emulator.reset()
    emulator.seed(count=count, template={"connection_name": "bulk"})
    args = workspace.root / "info-args.json"
    args.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": {"api_key": emulator.api_key, "base_url": emulator.base_url,
                                                        "_ansible_module_name": "telnyx.voice.credential_connection_info"}}))
    env = workspace.environment()
    env["PYTHONPATH"] = str(workspace.collections)
    output = workspace.root / "info-output.json"
    started = time.perf_counter()
    with open(output, "wb") as handle:
        process = subprocess.Popen([sys.executable, str(INFO_MODULE), str(args)], stdout=handle, env=env)  # pylint: disable=consider-using-with
        dummy, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    result = json.loads(output.read_text())
    if process.returncode or result.get("failed"):
        sys.exit("benchmark: the info module failed: %s" % result.get("msg"))
    listed = len(result["credential_connections"])
    if listed != count:
        sys.exit("benchmark: the info module listed %d connections instead of %d" % (listed, count))
    pages = len([entry for entry in emulator.requests() if entry["method"] == "GET"])
    tasks = [
        {"name": "List every connection", "telnyx.voice.credential_connection_info": {}, "register": "listing"},
        {"name": "Count them", "ansible.builtin.assert": {
            "that": ["listing.credential_connections | length == %d" % count], "quiet": True}},
    ]
    workspace.playbooks["info"] = workspace.add_playbook("info", tasks, module_defaults=True)
    playbook_seconds = workspace.run("info")
    return {"count": count, "module_s": elapsed, "peak_rss_mb": usage.ru_maxrss / 1024.0, "pages": pages,
            "output_mb": output.stat().st_size / 1e6, "playbook_s": playbook_seconds}


def verdict(ok):
    return "PASS" if ok else "FAIL"


def report(results, count, rounds):
    baseline = statistics.median(results["baseline_s"])
    print()
    print("Converging %d credential connections, median of %d round(s); ansible-playbook start-up alone: %.2f s"
          % (count, rounds, baseline))
    print("%-11s %9s %14s %16s %9s %14s %16s" % ("variant", "apply s", "apply ms/conn", "apply ms/conn*",
                                                 "rerun s", "rerun ms/conn", "rerun ms/conn*"))
    summary = {}
    for variant, runs in results["variants"].items():
        apply_s = statistics.median(run["apply_s"] for run in runs)
        rerun_s = statistics.median(run["rerun_s"] for run in runs)
        row = summary[variant] = {
            "apply_s": apply_s, "rerun_s": rerun_s,
            "apply_ms": 1000 * apply_s / count, "rerun_ms": 1000 * rerun_s / count,
            "apply_marginal_ms": 1000 * max(apply_s - baseline, 0) / count,
            "rerun_marginal_ms": 1000 * max(rerun_s - baseline, 0) / count,
        }
        print("%-11s %9.2f %14.1f %16.1f %9.2f %14.1f %16.1f" % (
            variant, apply_s, row["apply_ms"], row["apply_marginal_ms"], rerun_s, row["rerun_ms"],
            row["rerun_marginal_ms"]))
    print("  ms/conn = wall time of the whole ansible-playbook run / n;"
          " ms/conn* = (wall time - start-up) / n")
    results["summary"] = summary
    ratios = results["ratios"] = {}
    for other in ("module", "uri"):
        if other in summary and "in-process" in summary:
            for kind in ("apply", "rerun"):
                ratios["%s_vs_inprocess_%s" % (other, kind)] = \
                    summary[other]["%s_ms" % kind] / summary["in-process"]["%s_ms" % kind]
    cpu_baseline = statistics.median(results["baseline_cpu_s"])
    for variant, runs in results["variants"].items():
        for kind in ("apply", "rerun"):
            cpu = statistics.median(run["%s_cpu_s" % kind] for run in runs)
            summary[variant]["%s_cpu_marginal_ms" % kind] = 1000 * max(cpu - cpu_baseline, 0) / count
        print("%-11s CPU ms/conn* (ansible-playbook and its workers, start-up removed): apply %.1f, rerun %.1f" % (
            variant, summary[variant]["apply_cpu_marginal_ms"], summary[variant]["rerun_cpu_marginal_ms"]))
    if "baseline" in summary and "in-process" in summary:
        for kind in ("apply", "rerun"):
            ratios["inprocess_vs_baseline_%s" % kind] = \
                summary["in-process"]["%s_cpu_marginal_ms" % kind] / summary["baseline"]["%s_cpu_marginal_ms" % kind]
        print("In-process CPU cost per connection against the baseline checkout: apply %+.1f%%, rerun %+.1f%%"
              % (100 * (ratios["inprocess_vs_baseline_apply"] - 1), 100 * (ratios["inprocess_vs_baseline_rerun"] - 1)))
    versus = {name: value for name, value in ratios.items() if not name.startswith("inprocess_vs")}
    if versus:
        print("Ratios of whole-run wall times: " + "; ".join(
            "%s/in-process %.1fx on the %s" % (name.split("_")[0], value, name.rsplit("_", 1)[1])
            for name, value in versus.items()))

    note = "" if count == TARGET_N else "   (indicative: the targets are for n=%d, this run has n=%d)" % (TARGET_N, count)
    print()
    print("Targets%s" % note)
    inprocess = summary.get("in-process")
    if inprocess:
        worst = max(inprocess["apply_ms"], inprocess["rerun_ms"])
        print("%s  in-process at most %.0f ms per connection (apply %.1f, rerun %.1f: whole-run wall time / n)" % (
            verdict(worst <= TARGET_MS_PER_CONNECTION), TARGET_MS_PER_CONNECTION, inprocess["apply_ms"],
            inprocess["rerun_ms"]))
    for kind in ("apply", "rerun"):
        ratio = ratios.get("uri_vs_inprocess_%s" % kind)
        if ratio is not None:
            print("%s  in-process at least %.0fx faster than the uri playbook on the %s (%.1fx)" % (
                verdict(ratio >= TARGET_RATIO_VS_URI), TARGET_RATIO_VS_URI, kind, ratio))
    listing = results.get("listing")
    if listing:
        print("%s  listing %d connections with credential_connection_info under %.0f s (%.2f s as a module process, "
              "peak RSS %.0f MB, %d pages, %.1f MB of result; %.2f s through ansible-playbook)" % (
                  verdict(listing["module_s"] < TARGET_LIST_SECONDS), listing["count"], TARGET_LIST_SECONDS,
                  listing["module_s"], listing["peak_rss_mb"], listing["pages"], listing["output_mb"],
                  listing["playbook_s"]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--n", type=int, default=20, help="connections to converge (default 20; targets: 100)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of every variant, in alternation (default 1)")
    parser.add_argument("--list-count", type=int, default=10000, help="connections to list (default 10000)")
    parser.add_argument("--skip-list", action="store_true", help="do not time the listing")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="comma-separated subset of %s (default: all; the ratios need all)" % ", ".join(VARIANTS))
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument("--baseline", help="another checkout of the collection: adds the variant 'baseline', that "
                                           "checkout in-process, run in alternation with the others")
    options = parser.parse_args(argv)
    variants = [variant.strip() for variant in options.variants.split(",") if variant.strip()]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        parser.error("unknown variant(s): %s" % ", ".join(sorted(unknown)))
    if options.baseline:
        variants.insert(0, "baseline")

    emulator = Emulator.start(api_key=API_KEY)
    workspace = Workspace(emulator, options.n, baseline=options.baseline)
    results = {"n": options.n, "rounds": options.rounds, "python": sys.version.split()[0],
               "cpus": os.cpu_count(), "baseline_s": [], "baseline_cpu_s": [], "variants": {variant: [] for variant in variants}}
    try:
        from ansible.release import __version__ as ansible_version
        results["ansible_core"] = ansible_version
        print("telnyx.voice benchmark: n=%d, %d round(s), ansible-core %s, Python %s, %s CPUs" % (
            options.n, options.rounds, ansible_version, results["python"], results["cpus"]))
        for number in range(1, options.rounds + 1):
            results["baseline_s"].append(workspace.run("noop"))
            results["baseline_cpu_s"].append(workspace.last_cpu_s)
            for variant in variants:
                run = converge(workspace, emulator, variant, options.n)
                results["variants"][variant].append(run)
                print("round %d  %-10s apply %7.2f s  rerun %7.2f s" % (number, variant, run["apply_s"],
                                                                        run["rerun_s"]), flush=True)
        if not options.skip_list:
            results["listing"] = list_many(workspace, emulator, options.list_count)
        report(results, options.n, options.rounds)
    finally:
        emulator.stop()
        workspace.remove()
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
