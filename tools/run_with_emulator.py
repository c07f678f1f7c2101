"""Start the Telnyx API emulator on a free port, run a command against it, and always stop the emulator.

Usage: python tools/run_with_emulator.py [--api-key KEY] [--emulator PATH] -- COMMAND [ARGS...]

The emulator (tests/emulator/telnyx_emulator.py, standard library only) is started with ``--port 0`` under this
interpreter; the URL it prints is exported to the command as TELNYX_BASE_URL, together with TELNYX_API_KEY.
The command's exit status is returned. The emulator's output goes to a log file that is shown when the command fails.
"""

import argparse
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_EMULATOR = os.path.join(ROOT, 'tests', 'emulator', 'telnyx_emulator.py')
LISTENING = re.compile(r'listening on (https?://\S+)')
START_TIMEOUT = 30.0


def on_sigterm(signum, frame):  # pylint: disable=unused-argument
    """Turn SIGTERM into SystemExit so that the emulator is stopped in ``finally``."""
    raise SystemExit(128 + signum)


def wait_for_url(process, log_path):
    """Wait until the emulator prints its URL; fail if it exits or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        with open(log_path, encoding='utf-8', errors='replace') as handle:
            match = LISTENING.search(handle.read())
        if match:
            return match.group(1).rstrip('/')
        if process.poll() is not None:
            break
        time.sleep(0.05)
    with open(log_path, encoding='utf-8', errors='replace') as handle:
        log = handle.read()
    state = 'exited with status %s' % process.returncode if process.returncode is not None else 'did not start in time'
    sys.exit('run_with_emulator: the emulator %s; its output:\n%s' % (state, log))


def stop(process):
    """Stop the emulator: SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def show_log(log_path, lines=60):
    """Print the tail of the emulator's log."""
    with open(log_path, encoding='utf-8', errors='replace') as handle:
        tail = handle.read().splitlines()[-lines:]
    sys.stderr.write('run_with_emulator: last lines of the emulator log (%s):\n' % log_path)
    sys.stderr.write(''.join('  | %s\n' % line for line in tail))


def main():
    """Parse arguments, run the emulator and the command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--api-key', default='emulator-key-' + secrets.token_hex(8), help='API key the emulator accepts')
    parser.add_argument('--emulator', default=DEFAULT_EMULATOR, help='path of telnyx_emulator.py')
    parser.add_argument('command', nargs=argparse.REMAINDER, help='command to run (after --)')
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    if not command:
        parser.error('no command given')
    if not os.path.isfile(args.emulator):
        sys.exit('run_with_emulator: %s does not exist (the emulator lives in tests/emulator/)' % args.emulator)

    signal.signal(signal.SIGTERM, on_sigterm)
    log_fd, log_path = tempfile.mkstemp(prefix='telnyx-emulator-', suffix='.log')
    status = 1
    with os.fdopen(log_fd, 'w') as log:
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, args.emulator, '--port', '0', '--api-key', args.api_key],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = wait_for_url(process, log_path)
        print('run_with_emulator: emulator at %s (pid %d)' % (url, process.pid), flush=True)
        env = dict(os.environ, TELNYX_BASE_URL=url, TELNYX_API_KEY=args.api_key)
        status = subprocess.call(command, env=env)
    finally:
        stop(process)
        if status != 0:
            show_log(log_path)
        else:
            os.unlink(log_path)
    return status


if __name__ == '__main__':
    sys.exit(main())
