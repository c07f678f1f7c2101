# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/run_gates.py (make test): stages in order, lanes side by side, the first failure stops what follows."""

from __future__ import annotations

import importlib.util
import os
import stat

import pytest

TOOL = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "run_gates.py")
SPEC = importlib.util.spec_from_file_location("run_gates", TOOL)
run_gates = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(run_gates)

# A stand-in for make: records "<gate> start|end <time>" in $GATE_RECORD, takes 0.3 s, fails for a gate named bad*.
FAKE_MAKE = """#!/bin/sh
gate=$2
echo "$gate start $(date +%s.%N)" >> "$GATE_RECORD"
echo "output of $gate"
sleep 0.3
echo "$gate end $(date +%s.%N)" >> "$GATE_RECORD"
case "$gate" in bad*) exit 2;; esac
"""


@pytest.fixture
def fake_make(tmp_path, monkeypatch):
    make = tmp_path / "make"
    make.write_text(FAKE_MAKE)
    make.chmod(make.stat().st_mode | stat.S_IEXEC)
    record = tmp_path / "record"
    monkeypatch.setenv("MAKE", str(make))
    monkeypatch.setenv("GATE_RECORD", str(record))
    monkeypatch.delenv("GATE_LANES", raising=False)
    monkeypatch.setattr(run_gates, "LOG_DIR", str(tmp_path / "logs"))

    def spans():
        """gate -> (start, end) of each gate that ran."""
        times = {}
        for line in record.read_text().splitlines() if record.exists() else []:
            gate, what, when = line.split()
            times.setdefault(gate, {})[what] = float(when)
        return {gate: (t["start"], t["end"]) for gate, t in times.items()}
    return spans


def overlap(first, second):
    return first[0] < second[1] and second[0] < first[1]


def test_a_stage_is_lanes_of_chained_gates():
    plan = run_gates.parse(["venv", "a,b+c"])
    assert [[[gate.name for gate in lane] for lane in stage] for stage in plan] == [[["venv"]], [["a", "b"], ["c"]]]


def test_lanes_run_side_by_side_and_a_lane_runs_its_gates_in_order(fake_make, capsys):
    assert run_gates.main(["first", "a,b+c", "last"]) == 0
    spans = fake_make()
    assert overlap(spans["a"], spans["c"])
    assert spans["a"][1] <= spans["b"][0]
    assert spans["first"][1] <= min(spans["a"][0], spans["c"][0])
    assert max(spans["b"][1], spans["c"][1]) <= spans["last"][0]
    out = capsys.readouterr().out
    # A lane's gate output is printed whole under its own header, with its time in the summary.
    assert "=================== make b ===================\noutput of b\n(make b: ok in" in out
    assert "make test: all 5 gates passed" in out


def test_gate_lanes_1_runs_every_gate_alone_in_order(fake_make, monkeypatch):
    monkeypatch.setenv("GATE_LANES", "1")
    assert run_gates.main(["a,b+c"]) == 0
    spans = fake_make()
    assert spans["a"][1] <= spans["b"][0] <= spans["b"][1] <= spans["c"][0]


def test_a_failure_lets_running_gates_finish_and_starts_no_other(fake_make, capsys):
    assert run_gates.main(["bad,after+c", "never"]) == 1
    spans = fake_make()
    assert set(spans) == {"bad", "c"}  # c was running beside bad: it finishes; nothing else starts
    out = capsys.readouterr().out
    assert "make test stopped: gate 'bad' failed. Re-run it alone with: make bad" in out
    assert "gates: 1 passed, 1 failed" in out
