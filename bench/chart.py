# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Draw docs/performance.png from the JSON that ``bench/benchmark.py --json`` writes.

    python -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -r bench/requirements.txt
    /tmp/bench-venv/bin/python bench/chart.py bench/results-n100.json docs/performance.png
"""

from __future__ import annotations

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  pylint: disable=wrong-import-position

LABELS = {"in-process": "telnyx.voice\n(in-process)", "module": "telnyx.voice\n(module mode)",
          "uri": "ansible.builtin.uri\nplaybook"}
COLOURS = {"apply": "#3b6ea8", "rerun": "#9cc3e6"}


def main(source, target):
    with open(source, encoding="utf-8") as handle:
        results = json.load(handle)
    summary = results["summary"]
    variants = [variant for variant in LABELS if variant in summary]
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=120)
    width = 0.38
    for offset, kind in ((-width / 2, "apply"), (width / 2, "rerun")):
        values = [summary[variant]["%s_ms" % kind] for variant in variants]
        bars = axes.bar([number + offset for number in range(len(variants))], values, width,
                        label="first apply" if kind == "apply" else "rerun (no change)", color=COLOURS[kind])
        for rectangle, value in zip(bars, values):
            axes.annotate("%.0f" % value, (rectangle.get_x() + rectangle.get_width() / 2, value), ha="center", va="bottom",
                          fontsize=9, xytext=(0, 2), textcoords="offset points")
    axes.set_yscale("log")
    axes.set_ylabel("milliseconds per connection (log scale)")
    axes.set_xticks(range(len(variants)))
    axes.set_xticklabels([LABELS[variant] for variant in variants])
    axes.set_title("Converging %d credential connections in one playbook run\n(ansible-core %s, %s CPUs, "
                   "median of %d rounds, whole-run wall time / n)"
                   % (results["n"], results.get("ansible_core", "?"), results.get("cpus", "?"), results["rounds"]),
                   fontsize=10)
    axes.legend(frameon=False)
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    figure.tight_layout()
    figure.savefig(target)
    print("chart: wrote %s" % target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: chart.py RESULTS.json OUTPUT.png")
    main(sys.argv[1], sys.argv[2])
