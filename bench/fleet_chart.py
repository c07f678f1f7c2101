# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Draw docs/performance-fleet.png from the JSON that ``bench/fleet_benchmark.py --json`` writes.

    python -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -r bench/requirements.txt
    /tmp/bench-venv/bin/python bench/fleet_chart.py bench/results-fleet.json docs/performance-fleet.png
"""

from __future__ import annotations

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  pylint: disable=wrong-import-position

LOOP_LABELS = {"in-process": "loop, in-process", "module": "loop, module mode", "uri": "uri playbook"}


def main(source, target):
    with open(source, encoding="utf-8") as handle:
        results = json.load(handle)
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=120)
    sizes = [run["n"] for run in results["fleet"]]
    axes.plot(sizes, [run["verify_s"] for run in results["fleet"]], "o-", color="#3b6ea8",
              label="credential_connections, nothing to change")
    axes.plot(sizes, [run["floor_s"] for run in results["fleet"]], "o:", color="#999999",
              label="ansible-playbook with the same variables, no Telnyx task")
    for variant, run in results["loops"].items():
        baseline = results["loop_baseline_s"]
        per = max(run["rerun_s"] - baseline, 0) / results["loop_n"]
        axes.plot(sizes, [baseline + per * size for size in sizes], "--", label="%s (from n=%d)"
                  % (LOOP_LABELS.get(variant, variant), results["loop_n"]))
    axes.axhline(10, color="#c0392b", linewidth=0.8)
    axes.annotate("target at 10,000: 10 s", (sizes[0], 10), xytext=(0, 3), textcoords="offset points", fontsize=8,
                  color="#c0392b")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("connections")
    axes.set_ylabel("seconds for the whole ansible-playbook run (log)")
    axes.set_title("Verifying unchanged connections at %d ms per request (ansible-core %s)"
                   % (results["latency_ms"], results.get("ansible_core", "?")), fontsize=10)
    axes.legend(frameon=False, fontsize=8)
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    figure.tight_layout()
    figure.savefig(target)
    print("chart: wrote %s" % target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: fleet_chart.py RESULTS.json OUTPUT.png")
    main(sys.argv[1], sys.argv[2])
