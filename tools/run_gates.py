"""Run the gates of `make test`: in order, some side by side, stopping at the first failure, with each gate's time.

Usage: python3 tools/run_gates.py STAGE...   (the Makefile's `test` target passes $(GATES); MAKE names the make binary)

A STAGE is one gate (``unit``), or lanes that run at the same time, separated by ``+``, each lane a chain of gates
separated by ``,`` (``sanity,ansible-units+integration,awx``). The stages run one after the other.

Why lanes: on the project's 2-core machines, the suites that spread over both cores (unit, e2e and reliability
with pytest-xdist, the version matrix with two lines at once) run alone; the gates that use one core (ansible-test
sanity and integration, the AWX jobs, the nox sessions) run two at a time, which is what both cores can do.

A lane's output goes to build/gates/<gate>.log and is printed whole when the gate ends, so the log of each gate
reads as if it had run alone. When a gate fails, no lane starts another gate; the gates already running finish.
``GATE_LANES=1`` runs every gate alone, in the order given, its output streamed as it comes.

The summary gives each gate's wall time and the CPU time of its processes (user + system, from wait4), and the
total of each: CPU time over wall time says how busy the two cores were.
"""

import os
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOG_DIR = os.path.join(ROOT, 'build', 'gates')
PRINT_LOCK = threading.Lock()


class Gate:
    """One make target: its result once run."""

    def __init__(self, name):
        self.name = name
        self.status = None  # None: not run; 0: passed; other: failed
        self.wall = 0.0
        self.cpu = 0.0


def header(name):
    return '\n=================== make %s ===================\n' % name


def run(gate, capture, stop):
    """Run `make gate` (its output to a log file when capture), record status, wall and CPU time."""
    if stop.is_set():
        return
    command = [os.environ.get('MAKE', 'make'), '--no-print-directory', gate.name]
    started = time.monotonic()
    if capture:
        log_path = os.path.join(LOG_DIR, gate.name + '.log')
        with open(log_path, 'wb') as log:
            process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL)
            # wait4, not Popen.wait: it gives the CPU time of this gate's processes alone, while other lanes run.
            _pid, status, usage = os.wait4(process.pid, 0)
    else:
        sys.stdout.write(header(gate.name))
        sys.stdout.flush()
        process = subprocess.Popen(command, cwd=ROOT)
        _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    gate.status = process.returncode
    gate.wall = time.monotonic() - started
    gate.cpu = usage.ru_utime + usage.ru_stime
    if capture:
        with PRINT_LOCK:
            sys.stdout.write(header(gate.name))
            sys.stdout.flush()
            with open(log_path, 'rb') as log:
                sys.stdout.buffer.write(log.read())
            sys.stdout.write('(make %s: %s in %.0f s)\n' % (gate.name, 'ok' if gate.status == 0 else 'FAILED', gate.wall))
            sys.stdout.flush()
    if gate.status != 0:
        stop.set()


def parse(stages):
    """'a,b+c' -> [[Gate a, Gate b], [Gate c]] per stage."""
    return [[[Gate(name) for name in lane.split(',') if name] for lane in stage.split('+')] for stage in stages]


def main(argv):
    if not argv:
        sys.exit(__doc__)
    plan = parse(argv)
    sequential = os.environ.get('GATE_LANES') == '1'
    if sequential:
        plan = [[[gate]] for stage in plan for lane in stage for gate in lane]
    os.makedirs(LOG_DIR, exist_ok=True)
    stop = threading.Event()
    started = time.monotonic()
    for lanes in plan:
        if stop.is_set():
            break
        if len(lanes) == 1:
            for gate in lanes[0]:
                run(gate, capture=False, stop=stop)
            continue

        def chain(lane):
            for gate in lane:
                run(gate, capture=True, stop=stop)

        threads = [threading.Thread(target=chain, args=(lane,)) for lane in lanes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    total = time.monotonic() - started
    gates = [gate for lanes in plan for lane in lanes for gate in lane]
    ran = [gate for gate in gates if gate.status is not None]
    failed = [gate for gate in ran if gate.status != 0]
    print('\nGate timings (wall, CPU of the gate\'s processes; "+" marks gates that ran beside others):')
    for lanes in plan:
        shared = len(lanes) > 1
        for lane in lanes:
            for gate in lane:
                if gate.status is None:
                    continue
                mark = '+' if shared else ' '
                verdict = 'ok' if gate.status == 0 else 'FAILED'
                print('  %s%-16s %5.0fs  cpu %5.0fs  %s' % (mark, gate.name, gate.wall, gate.cpu, verdict))
    cpu = sum(gate.cpu for gate in ran)
    print('   %-16s %5.0fs  cpu %5.0fs  (%.1f cores busy on average)\n' % ('total', total, cpu, cpu / total if total else 0))
    if failed:
        print('make test stopped: gate %s failed. Re-run it alone with: %s'
              % (', '.join(repr(gate.name) for gate in failed), '; '.join('make ' + gate.name for gate in failed)))
        print('gates: %d passed, %d failed' % (len(ran) - len(failed), len(failed)))
        return 1
    print('make test: all %d gates passed in %.0fs' % (len(ran), total))
    print('gates: %d passed, 0 failed' % len(ran))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
