#!/usr/bin/env python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the bundled Telnyx emulator for one integration target, and make sure it cannot outlive the test.

Usage: emulator_launcher.py --port-file PATH [--idle-timeout SECS] [-- EMULATOR ARGS...]
The API key comes from the environment (TELNYX_EMULATOR_API_KEY), so it never appears in a task's command line.

setup_telnyx starts this with ``async`` (the async job's time limit is the hard bound) and stops the emulator with
``POST /_emulator/shutdown`` in the target's ``always:``. When a run is interrupted, ``always:`` does not run: the
launcher then stops the emulator after ``--idle-timeout`` seconds without a request.

The emulator script is found by walking up from this file to the collection root (ansible-test runs a copy of the
target under tests/output/.tmp/, inside the collection), so it works in place and in ansible-test's copy alike.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

EMULATOR = os.path.join('tests', 'emulator', 'telnyx_emulator.py')
START_TIMEOUT_SECS = 30
POLL_SECS = 2


def find_emulator():
    """The emulator of the collection this file belongs to."""
    here = os.path.dirname(os.path.abspath(__file__))
    while True:
        candidate = os.path.join(here, EMULATOR)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            sys.exit('emulator_launcher: %s not found above %s' % (EMULATOR, os.path.abspath(__file__)))
        here = parent


def request_count(port):
    """How many API requests the emulator has logged (None when it does not answer)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open('http://127.0.0.1:%d/_emulator/requests' % port, timeout=5) as response:
            return len(json.loads(response.read().decode('utf-8')))
    except (OSError, ValueError):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--port-file', required=True)
    parser.add_argument('--idle-timeout', type=float, default=180.0)
    parser.add_argument('emulator_args', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    extra = args.emulator_args[1:] if args.emulator_args[:1] == ['--'] else args.emulator_args
    if not os.environ.get('TELNYX_EMULATOR_API_KEY'):
        sys.exit('emulator_launcher: TELNYX_EMULATOR_API_KEY is not set')

    partial = args.port_file + '.starting'
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, find_emulator(), '--port', '0', '--port-file', partial] + extra,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)

    def stop(*_ignored):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    deadline = time.monotonic() + START_TIMEOUT_SECS
    while not os.path.exists(partial):
        if process.poll() is not None or time.monotonic() > deadline:
            stop()
        time.sleep(0.05)
    with open(partial, encoding='ascii') as handle:
        port = int(handle.read().strip())
    # Published only now, whole: wait_for on the port file never reads a half-written port.
    os.rename(partial, args.port_file)

    seen, last_activity = -1, time.monotonic()
    while process.poll() is None:
        time.sleep(POLL_SECS)
        count = request_count(port)
        if count is not None and count != seen:
            seen, last_activity = count, time.monotonic()
        elif time.monotonic() - last_activity > args.idle_timeout:
            stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
