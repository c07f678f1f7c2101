# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator an integration target starts stops by itself when the target cannot stop it (an interrupted run)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LAUNCHER = REPO / "tests" / "integration" / "targets" / "setup_telnyx" / "files" / "emulator_launcher.py"


def answers(port):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open("http://127.0.0.1:%d/_emulator/requests" % port, timeout=2):
            return True
    except OSError:
        return False


def test_an_idle_emulator_stops_by_itself(tmp_path):
    port_file = tmp_path / "port"
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, str(LAUNCHER), "--port-file", str(port_file), "--idle-timeout", "3"],
        env=dict(os.environ, TELNYX_EMULATOR_API_KEY="launcher-test-key"))
    try:
        deadline = time.monotonic() + 30
        while not port_file.exists():
            assert process.poll() is None and time.monotonic() < deadline, "the launcher did not publish a port"
            time.sleep(0.05)
        port = int(port_file.read_text())
        assert answers(port)
        assert process.wait(timeout=30) == 0  # idle for 3 s: it stops the emulator and exits
        assert not answers(port)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
