"""Version matrix: unit tests, the smoke playbook and the execution-mode equivalence suite on every ansible-core line.

Usage:
  python tools/matrix.py run [LINE...]   create/refresh .venv-matrix/<line> from tools/matrix/ansible-core-<line>.txt,
                                          run ``pytest tests/unit``, the smoke playbook against the emulator and
                                          the equivalence suite (EQUIVALENCE_TESTS: in-process and module process
                                          give the same results, output and requests) and the version-dependent
                                          ansible-test sanity tests (SANITY_TESTS) on the line's Python; a line
                                          that pins the project venv's own ansible-core is left to the unit, e2e
                                          and sanity gates; print a line x result table, exit non-zero if any line failed
  python tools/matrix.py lock            find the newest patch release of each line on PyPI (pip index versions)
                                          and re-pin tools/matrix/ansible-core-<line>.in/.txt with ``uv pip compile``;
                                          the line ``pre`` gets the newest pre-release (a, b or rc) when it is newer
                                          than every release, and is run; when none is, its .in says so and the
                                          line is reported as "no pre-release" (a later lock picks the next one up).
                                          A failure of the pre line is reported but does not fail the run (as the
                                          model collections let their devel/milestone CI jobs fail), unless
                                          MATRIX_STRICT_PRE=1. MATRIX_JOBS (default 2) lines run at once.

Run it with the project venv's Python (it provides uv); the Makefile does. The interpreter of each line is found by
tools/find_python.sh; a missing interpreter fails the line with a clear message, it is never skipped.
"""

import concurrent.futures
import hashlib
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MATRIX_DIR = os.path.join(ROOT, 'tools', 'matrix')
VENV_ROOT = os.path.join(ROOT, '.venv-matrix')
COLLECTIONS = os.path.join(ROOT, '.collections')

# The matrix line of the newest pre-release; its lock file names the version.
PRE_LINE = 'pre'
# What the .in of the pre line holds instead of a pin when PyPI has no pre-release newer than every release.
NO_PRERELEASE = '# no-prerelease'
# ansible-core release line -> controller Python used for it. 2.16-2.19 run on the project's Python 3.11;
# 2.20 and 2.21 need Python >= 3.12, so they also cover 3.12 and 3.13.
LINES = [
    ('2.16', '3.11'),
    ('2.17', '3.11'),
    ('2.18', '3.11'),
    ('2.19', '3.11'),
    ('2.20', '3.12'),
    ('2.21', '3.13'),
    # The newest ansible-core pre-release on PyPI, found by "lock" (2.22.0rc1 when last locked): what the next line
    # will break, seen before its release. The newest Python ansible-core supports.
    (PRE_LINE, '3.13'),
]
# The e2e tests that run both execution paths and compare them; each line runs them with its own ansible-playbook.
EQUIVALENCE_TESTS = ['tests/e2e/test_execution_modes.py', 'tests/e2e/test_execution_modes_cases.py',
                     'tests/e2e/test_info_modes.py', 'tests/e2e/test_plural_modes.py']
# The sanity tests that each line runs with its own ansible-test (make sanity runs them all with the project's).
SANITY_TESTS = ['validate-modules', 'ansible-doc', 'import', 'runtime-metadata', 'action-plugin-docs']
# The get-pip shim goes to ~/.ansible/test/cache, which every line shares: one install at a time.
SHIM_LOCK = threading.Lock()
# ansible-test keeps its sanity venvs in ~/.ansible/test/venv, keyed by Python and requirements, not by
# ansible-core: two lines on one Python would build the same venv at once and break it. Lines on different
# Pythons share no venv and run their sanity tests side by side.
SANITY_LOCKS = {python: threading.Lock() for python in sorted({python for _line, python in LINES})}
# What each line's venv holds besides ansible-core (the brief of the matrix: unit tests and the smoke playbook).
EXTRA_REQUIREMENTS = ['requests', 'pytest', 'pytest-mock', 'mock']


class StepFailed(Exception):
    """A matrix step failed; the message says why."""


class NoPrerelease(Exception):
    """The pre line has nothing to run: PyPI had no pre-release newer than every release at the last lock."""


def uv():
    """Return the uv binary of the project venv."""
    path = os.path.join(os.path.dirname(sys.executable), 'uv')
    if not os.access(path, os.X_OK):
        path = shutil.which('uv')
    if not path:
        sys.exit('matrix: uv not found; run "make venv" first')
    return path


def find_python(version):
    """Return the interpreter path for a Python version, or raise StepFailed with find_python.sh's message."""
    result = subprocess.run([os.path.join(ROOT, 'tools', 'find_python.sh'), version], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, check=False, universal_newlines=True)
    if result.returncode != 0:
        raise StepFailed(result.stderr.strip())
    return result.stdout.strip()


def run_logged(command, log_path, env=None, cwd=ROOT):
    """Run a command with its output in a log file; return (status, output)."""
    with open(log_path, 'w', encoding='utf-8') as log:
        status = subprocess.call(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd, stdin=subprocess.DEVNULL)
    with open(log_path, encoding='utf-8', errors='replace') as log:
        return status, log.read()


def lock_file(line):
    """Path of the pinned requirements of a line."""
    return os.path.join(MATRIX_DIR, 'ansible-core-%s.txt' % line)


def ensure_venv(line, python_version, log_dir):
    """Create or refresh .venv-matrix/<line> when its lock file changed; return the venv path."""
    lock = lock_file(line)
    if not os.path.isfile(lock):
        raise StepFailed('%s is missing; run "python tools/matrix.py lock"' % os.path.relpath(lock, ROOT))
    with open(lock, encoding='utf-8') as handle:
        if NO_PRERELEASE in handle.read():
            raise NoPrerelease()
    with open(lock, 'rb') as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    venv = os.path.join(VENV_ROOT, line)
    stamp = os.path.join(venv, '.matrix-stamp')
    python = find_python(python_version)
    wanted = '%s %s\n' % (digest, python)
    if os.path.isfile(stamp):
        with open(stamp, encoding='utf-8') as handle:
            if handle.read() == wanted:
                return venv
    shutil.rmtree(venv, ignore_errors=True)
    log = os.path.join(log_dir, '%s-venv.log' % line)
    status, output = run_logged([python, '-m', 'venv', '--without-pip', venv], log)
    if status == 0:
        status, output = run_logged([uv(), 'pip', 'install', '--quiet', '--python', os.path.join(venv, 'bin', 'python'),
                                     '-r', lock], log)
    if status != 0:
        raise StepFailed('creating the venv failed:\n%s' % output)
    with open(stamp, 'w', encoding='utf-8') as handle:
        handle.write(wanted)
    return venv


def covered_by_project_venv(line, python_version):
    """True when the line pins the ansible-core of the project venv (which runs this script) on its Python."""
    # The project venv's ansible-core; imported here so that "lock" and the help need no ansible.
    import ansible.release  # pylint: disable=import-outside-toplevel
    return ('%d.%d' % sys.version_info[:2] == python_version
            and os.path.isfile(lock_file(line)) and pinned_version(line) == ansible.release.__version__)


def run_sanity(line, bin_dir, python_version, log_dir, env):
    """ansible-test sanity of this line's ansible-core, on the line's Python: the tests whose verdict depends on the
    core version (the argument spec and docs schemas, runtime.yml's schema, the import rules). make sanity runs
    every test, on every target Python, with the project's ansible-core.

    ansible-test wants the tree at .../ansible_collections/telnyx/voice (it resolves the .collections link), so
    the tracked files are copied there; each line gets its own copy, since lines run in parallel.
    """
    log = os.path.join(log_dir, '%s-sanity.log' % line)
    python = os.path.join(bin_dir, 'python')
    with SHIM_LOCK:
        status, output = run_logged([python, os.path.join(ROOT, 'tools', 'install_get_pip_shim.py')], log, env=env)
    if status != 0:
        return status, output
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, stdout=subprocess.PIPE, check=True).stdout
    with tempfile.TemporaryDirectory(prefix='matrix-sanity-') as scratch:
        tree = os.path.join(scratch, 'ansible_collections', 'telnyx', 'voice')
        for name in files.decode('utf-8').split('\0'):
            if name and os.path.isfile(os.path.join(ROOT, name)):
                os.makedirs(os.path.dirname(os.path.join(tree, name)), exist_ok=True)
                shutil.copy2(os.path.join(ROOT, name), os.path.join(tree, name))
        command = [os.path.join(bin_dir, 'ansible-test'), 'sanity', '--venv', '--requirements', '--python', python_version]
        for test in SANITY_TESTS:
            command += ['--test', test]
        with SANITY_LOCKS[python_version]:
            return run_logged(command, log, env=env, cwd=tree)


def last_line(output, pattern):
    """Return the last line of output matching pattern (for the summary), or ''."""
    lines = [line.strip() for line in output.splitlines() if re.search(pattern, line)]
    return lines[-1] if lines else ''


def run_line(line, python_version, log_dir):
    """Run one line; return a dict of results."""
    result = {'line': line, 'python': python_version, 'core': '-', 'unit': 'not run', 'smoke': 'not run',
              'equivalence': 'not run', 'sanity': 'not run', 'venv': '-', 'seconds': 0.0}
    started = time.monotonic()
    if line != PRE_LINE and covered_by_project_venv(line, python_version):
        # The unit and e2e gates (the equivalence suite among them) already run on this very ansible-core and Python.
        result.update(ok=True, core=pinned_version(line), python='%d.%d.%d' % sys.version_info[:3],
                      unit='by make unit', smoke='by make build-check', equivalence='by make e2e',
                      sanity='by make sanity')
        return result
    try:
        step = time.monotonic()
        venv = ensure_venv(line, python_version, log_dir)
        result['venv'] = '%.0fs' % (time.monotonic() - step)
        bin_dir = os.path.join(venv, 'bin')
        python = os.path.join(bin_dir, 'python')
        core = subprocess.run([python, '-c', 'import ansible.release as r, sys; print(r.__version__, "%d.%d.%d" % sys.version_info[:3])'],
                              stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout.split()
        result['core'], result['python'] = core[0], core[1]
        expected = pinned_version(line) if line == PRE_LINE else line + '.'
        if not core[0].startswith(expected):
            raise StepFailed('venv has ansible-core %s, expected %s' % (core[0], expected if line == PRE_LINE else line + '.x'))
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get('PATH', ''), PYTHONPATH=COLLECTIONS,
                   ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, VIRTUAL_ENV=venv)
        env.pop('PYTHONHOME', None)

        status, output = run_logged([python, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/unit'],
                                    os.path.join(log_dir, '%s-unit.log' % line), env=env)
        summary = last_line(output, r'\b(passed|failed|error|no tests ran)\b')
        result['unit'] = ('ok: ' if status == 0 else 'FAIL: ') + (summary or 'exit status %d' % status)
        failures = []
        if status != 0:
            failures.append('unit tests failed:\n%s' % output)

        step = time.monotonic()
        status, output = run_logged([sys.executable, os.path.join(ROOT, 'tools', 'run_with_emulator.py'), '--',
                                     python, os.path.join(ROOT, 'tools', 'smoke.py'),
                                     '--ansible-playbook', os.path.join(bin_dir, 'ansible-playbook')],
                                    os.path.join(log_dir, '%s-smoke.log' % line), env=env)
        result['smoke'] = '%s %.0fs' % ('ok' if status == 0 else 'FAIL', time.monotonic() - step)
        if status != 0:
            failures.append('smoke playbook failed:\n%s' % output)

        status, output = run_logged([python, '-m', 'pytest', '-q', '-p', 'no:cacheprovider'] + EQUIVALENCE_TESTS,
                                    os.path.join(log_dir, '%s-equivalence.log' % line), env=env)
        summary = last_line(output, r'\b(passed|failed|error|no tests ran)\b')
        result['equivalence'] = ('ok: ' if status == 0 else 'FAIL: ') + (summary or 'exit status %d' % status)
        if status != 0:
            failures.append('equivalence suite failed:\n%s' % output)
        step = time.monotonic()
        status, output = run_sanity(line, bin_dir, python_version, log_dir, env)
        # The time includes waiting for another line on the same Python (SANITY_LOCKS).
        result['sanity'] = '%s %.0fs' % ('ok' if status == 0 else 'FAIL', time.monotonic() - step)
        if status != 0:
            failures.append('ansible-test sanity failed:\n%s' % output[-4000:])
        if failures:
            raise StepFailed('\n'.join(failures))
        result['ok'] = True
    except NoPrerelease:
        result.update(ok=True, core='no pre-release', unit='-', smoke='-', equivalence='-', sanity='-')
        print('matrix: no ansible-core pre-release newer than every release at the last lock; nothing to run', flush=True)
    except (StepFailed, subprocess.CalledProcessError) as error:
        result['ok'] = False
        print('matrix: ansible-core %s FAILED: %s' % (line, error), flush=True)
    result['seconds'] = time.monotonic() - started
    return result


def print_table(results):
    """Print line x result."""
    header = ('line', 'ansible-core', 'python', 'venv', 'unit', 'smoke', 'equivalence', 'sanity', 'result', 'time')
    rows = [(r['line'], r['core'], r['python'], r['venv'], r['unit'], r['smoke'], r['equivalence'], r['sanity'],
             'PASS' if r['ok'] else 'FAIL',
             '%.0fs' % r['seconds'])
            for r in results]
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    print()
    print('Version matrix')
    for row in [header, tuple('-' * w for w in widths)] + rows:
        print('  ' + ' | '.join(str(cell).ljust(width) for cell, width in zip(row, widths)))
    print()


def command_run(selected):
    """Run the matrix (all lines, or the selected ones)."""
    known = [line for line, dummy in LINES]
    lines = [(line, py) for line, py in LINES if not selected or line in selected]
    unknown = set(selected) - set(known)
    if unknown:
        sys.exit('matrix: unknown line(s) %s; known: %s' % (', '.join(sorted(unknown)), ', '.join(known)))
    if not os.path.isdir(os.path.join(COLLECTIONS, 'ansible_collections')):
        sys.exit('matrix: %s is missing; run "make collections-path"' % COLLECTIONS)
    log_dir = os.path.join(VENV_ROOT, 'logs')
    os.makedirs(log_dir, exist_ok=True)

    def one(line_and_python):
        line, python_version = line_and_python
        # One write per message: the lines run in threads, and print() writes the text and its newline apart.
        sys.stdout.write('matrix: ansible-core %s on Python %s ...\n' % (line, python_version))
        sys.stdout.flush()
        done = run_line(line, python_version, log_dir)
        sys.stdout.write('matrix: ansible-core %s: %s (unit %s; smoke %s; equivalence %s; sanity %s) in %.0fs\n'
                         % (line, 'PASS' if done['ok'] else 'FAIL', done['unit'], done['smoke'], done['equivalence'],
                            done['sanity'], done['seconds']))
        sys.stdout.flush()
        return done

    # Lines share nothing (own venv, own emulators on free ports, own logs), and much of a line's time is waiting
    # on ansible-playbook's process start-up and the emulator: two at a time finish sooner even on two cores.
    jobs = max(1, int(os.environ.get('MATRIX_JOBS', '2')))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        # Lines on different Pythons first side by side: lines on one Python wait for each other's sanity step.
        by_python = {}
        for entry in lines:
            by_python.setdefault(entry[1], []).append(entry)
        order = [entry for group in itertools.zip_longest(*by_python.values()) for entry in group if entry]
        done = dict(zip(order, pool.map(one, order)))
        results = [done[entry] for entry in lines]
    print_table(results)
    failed = [result['line'] for result in results if not result['ok']]
    if PRE_LINE in failed and os.environ.get('MATRIX_STRICT_PRE') != '1':
        # A pre-release may change what a release will not; the failure is shown, the gate stays the releases'.
        failed.remove(PRE_LINE)
        print('matrix: the pre-release line failed (logs in %s); allowed, MATRIX_STRICT_PRE=1 makes it fail the run'
              % os.path.relpath(log_dir, ROOT))
    if failed:
        print('matrix: FAILED lines: %s (logs in %s)' % (', '.join(failed), os.path.relpath(log_dir, ROOT)))
        return 1
    print('matrix: all %d release lines passed' % len([r for r in results if r['line'] != PRE_LINE]))
    return 0


def pinned_version(line):
    """The ansible-core version the lock file of a line pins (``ansible-core==X`` in its .txt)."""
    with open(lock_file(line), encoding='utf-8') as handle:
        match = re.search(r'^ansible-core==(\S+)', handle.read(), re.MULTILINE)
    if not match:
        raise StepFailed('%s pins no ansible-core' % os.path.relpath(lock_file(line), ROOT))
    return match.group(1)


def version_key(version):
    """A sort key of an ansible-core version: ``2.21.5`` -> ((2, 21, 5), (1,)), ``2.22.0rc1`` -> ((2, 22, 0),
    (0, 'rc', 1)); a release sorts after its pre-releases. None for what is neither (``0.0.1a1`` is a, so kept)."""
    match = re.match(r'^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?$', version)
    if not match:
        return None
    release = tuple(int(part) for part in match.group(1, 2, 3))
    return release, ((0, match.group(4), int(match.group(5))) if match.group(4) else (1,))


def index_versions(python_version):
    """Every ansible-core version on the index for a Python, pre-releases included (pip index versions --pre)."""
    output = subprocess.run([sys.executable, '-m', 'pip', 'index', 'versions', 'ansible-core', '--pre',
                             '--python-version', python_version],
                            stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
    match = re.search(r'Available versions:\s*(.*)', output)
    return [v.strip() for v in match.group(1).split(',') if version_key(v.strip())] if match else []


def newest_patch(line, versions, python_version):
    """The newest release (no pre-release) of a line among the index's versions."""
    candidates = [v for v in versions if re.match(r'^%s\.\d+$' % re.escape(line), v)]
    if not candidates:
        sys.exit('matrix: no ansible-core %s.x release for Python %s on the index' % (line, python_version))
    return max(candidates, key=version_key)


def newest_prerelease(versions):
    """The newest pre-release among the index's versions if it is newer than every release, else None (then the
    newest pre-release is one of a line already released, which its own line covers)."""
    newest = max(versions, key=version_key, default=None)
    return newest if newest and version_key(newest)[1] != (1,) else None


def command_lock():
    """Re-pin every line to its newest patch release, and the pre line to the newest pre-release."""
    versions = {}
    for line, python_version in LINES:
        if python_version not in versions:
            versions[python_version] = index_versions(python_version)
        source = os.path.join(MATRIX_DIR, 'ansible-core-%s.in' % line)
        if line == PRE_LINE:
            version = newest_prerelease(versions[python_version])
            what = 'the newest ansible-core pre-release'
        else:
            version = newest_patch(line, versions[python_version], python_version)
            what = 'ansible-core %s' % line
        with open(source, 'w', encoding='utf-8') as handle:
            handle.write('# Matrix venv for %s on Python %s; pinned by "python tools/matrix.py lock".\n' % (what, python_version))
            if version is None:
                # No pin and no lock: the line reports "no pre-release" until a lock finds one.
                handle.write('%s newer than every release on the index at this lock\n' % NO_PRERELEASE)
                with open(lock_file(line), 'w', encoding='utf-8') as lock:
                    lock.write('%s newer than every release on the index at this lock\n' % NO_PRERELEASE)
                print('matrix: %s: no pre-release newer than every release (Python %s)' % (line, python_version))
                continue
            handle.write('ansible-core==%s\n' % version)
            handle.write(''.join('%s\n' % name for name in EXTRA_REQUIREMENTS))
        subprocess.run([uv(), 'pip', 'compile', '--quiet', '--python-version', python_version, '--annotation-style', 'line',
                        os.path.relpath(source, ROOT), '-o', os.path.relpath(lock_file(line), ROOT)], check=True, cwd=ROOT)
        print('matrix: %s -> %s (Python %s)' % (line, version, python_version))


def main():
    """Dispatch."""
    args = sys.argv[1:]
    if args[:1] == ['lock']:
        command_lock()
        return 0
    if args[:1] == ['run']:
        return command_run(args[1:])
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main())
