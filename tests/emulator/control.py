"""Start, drive and stop the Telnyx emulator from pytest or scripts (standard library only).

Typical use::

    from tests.emulator.control import Emulator

    with Emulator.start() as emulator:
        emulator.seed(count=300, template={"connection_name": "bulk"})
        emulator.add_fault(kind="rate_limit", method="GET", path=r"/credential_connections$")
        status, headers, body = emulator.api("GET", "/credential_connections", query={"page[size]": 250})
        assert status == 429 and emulator.requests()[-1]["status"] == 429

    with Emulator.start(args=["--latency-ms", "50"]) as emulator:
        ids = emulator.seed(connections=[{"connection_name": "trunk"}], outbound_voice_profiles=[{"name": "office"}],
                            phone_numbers=[{"phone_number": "+13125550100"}])
        emulator.set_settings(rate_limit=100, rate_window_secs=1)
        emulator.add_fault(kind="slow_commit", method="POST", seconds=2.5)

``Emulator(port, api_key)`` attaches to an emulator that is already running (for example the one
``make demo`` starts); ``Emulator.start()`` launches a private one as a subprocess. The control API,
quirk switches, settings and faults are documented in ``tests/emulator/emu/__init__.py``.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

EMULATOR_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "telnyx_emulator.py")
QUIRKS_ENV = "TELNYX_EMULATOR_QUIRKS"
"""Test suites that start the emulator pass this on as ``--quirks`` (all, none or a comma-separated list)."""
START_TIMEOUT_SECS = 10
STOP_TIMEOUT_SECS = 10

# Loopback calls must never go through an HTTP proxy taken from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def quirk_args(environ=None):
    """``["--quirks", value]`` when $TELNYX_EMULATOR_QUIRKS is set and not empty, else ``[]`` (quirks off)."""
    value = (os.environ if environ is None else environ).get(QUIRKS_ENV, "").strip()
    return ["--quirks", value] if value else []


class EmulatorError(RuntimeError):
    """The emulator did not start, or a control call failed."""


class Emulator:
    """Handle on one emulator: its URLs, its API key, its control API and (if started here) its process."""

    def __init__(self, port, api_key, process=None, host="127.0.0.1"):
        self.host = host
        self.port = int(port)
        self.api_key = api_key
        self.process = process
        self.root_url = "http://%s:%d" % (host, self.port)
        self.base_url = self.root_url + "/v2"

    @classmethod
    def start(cls, api_key="test-api-key", port=0, args=()):
        """Launch the emulator with ``sys.executable`` and wait (up to 10 s) until it listens.

        ``args`` are extra command-line arguments, e.g. ``["--latency-ms", "50"]``.
        """
        with tempfile.TemporaryDirectory(prefix="telnyx-emulator-") as workdir:
            port_file = os.path.join(workdir, "port")
            command = [sys.executable, EMULATOR_SCRIPT, "--port", str(port), "--api-key", api_key, "--port-file", port_file]
            command.extend(args)
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # pylint: disable=consider-using-with
            deadline = time.monotonic() + START_TIMEOUT_SECS
            while not os.path.exists(port_file):
                if process.poll() is not None:
                    raise EmulatorError("the emulator exited with status %s before listening" % process.returncode)
                if time.monotonic() > deadline:
                    process.kill()
                    process.wait()
                    raise EmulatorError("the emulator did not start within %d s" % START_TIMEOUT_SECS)
                time.sleep(0.02)
            with open(port_file, encoding="ascii") as handle:
                listening_port = int(handle.read().strip())
        return cls(listening_port, api_key, process)

    def stop(self):
        """Terminate the process started by ``start`` and wait for it (no-op when attached)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(STOP_TIMEOUT_SECS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    # ---- HTTP

    def _call(self, method, url, body=None, headers=None):
        """Return (status, headers dict with lower-case names, parsed JSON or raw text or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with _OPENER.open(request, timeout=30) as response:
                status, raw, response_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, response_headers = error.code, error.read(), error.headers
        text = raw.decode("utf-8", "replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return status, {name.lower(): value for name, value in response_headers.items()}, parsed

    def _control(self, method, route, body=None):
        status, _headers, answer = self._call(method, self.root_url + "/_emulator/" + route, body)
        if status != 200:
            raise EmulatorError("%s /_emulator/%s answered %s: %s" % (method, route, status, answer))
        return answer

    def api(self, method, path, body=None, query=None, api_key=None, headers=None):
        """Call the emulated API: ``path`` is relative to /v2, ``api_key`` defaults to the right one.

        Returns (status, headers, body) without raising on HTTP errors.
        """
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        all_headers = {"Authorization": "Bearer %s" % (self.api_key if api_key is None else api_key)}
        all_headers.update(headers or {})
        return self._call(method, url, body, all_headers)

    # ---- control API

    def requests(self):
        """The /v2 request log: dicts with method, path, query, body, status and authorized."""
        return self._control("GET", "requests")

    def clear_requests(self):
        self._control("DELETE", "requests")

    def state(self):
        """``{"connections": [...], "outbound_voice_profiles": [...], "phone_numbers": [...]}``: stored records in
        creation order, without quirks; each phone number carries its voice settings under ``"voice"``."""
        return self._control("GET", "state")

    def reset(self):
        """Forget every record, the request log and faults; restore the command line's settings and quirks."""
        self._control("POST", "reset")

    def seed(self, connections=None, count=0, template=None, outbound_voice_profiles=None, phone_numbers=None,
             addresses=None):
        """Insert records directly (partials merged over the defaults, no API validation).

        ``connections``: partial connections; ``count`` more copies of ``template``. ``outbound_voice_profiles``:
        partial profiles. ``phone_numbers``: partial numbers, each with ``phone_number`` in +E.164 and optionally
        ``voice`` (partial voice settings). ``addresses``: partial addresses. Returns the list of connection ids
        when none of ``outbound_voice_profiles``, ``phone_numbers`` and ``addresses`` is given, else
        ``{"connections": [ids], "outbound_voice_profiles": [ids], "phone_numbers": [ids], "addresses": [ids]}``.
        Raises EmulatorError (400) on an id already in use or repeated, or a number without a valid phone_number.
        """
        payload = {"connections": list(connections or []), "count": count, "template": dict(template or {}),
                   "outbound_voice_profiles": list(outbound_voice_profiles or []),
                   "phone_numbers": list(phone_numbers or []), "addresses": list(addresses or [])}
        answer = self._control("POST", "seed", payload)
        if outbound_voice_profiles is None and phone_numbers is None and addresses is None:
            return answer["ids"]
        return {key: answer[key] for key in ("connections", "outbound_voice_profiles", "phone_numbers", "addresses")}

    def quirks(self):
        return self._control("GET", "quirks")

    def set_quirks(self, **switches):
        """Merge quirk switches (names: tests/emulator/emu/__init__.py) and ``known_ids``; return all of them."""
        return self._control("POST", "quirks", switches)

    def settings(self):
        """``{"latency_ms": int, "rate_limit": int or None, "rate_window_secs": number, "job_duration_ms": int}``."""
        return self._control("GET", "settings")

    def set_settings(self, **changes):
        """Merge any of latency_ms, rate_limit (None: off), rate_window_secs and job_duration_ms; return all settings."""
        return self._control("POST", "settings", changes)

    def add_fault(self, kind, method=None, path=None, times=1, **params):
        """Queue a fault (kinds: tests/emulator/emu/__init__.py); return it with its id."""
        payload = dict(params, kind=kind, method=method, path=path, times=times)
        return self._control("POST", "faults", payload)

    def faults(self):
        return self._control("GET", "faults")

    def clear_faults(self):
        self._control("DELETE", "faults")

    def jobs(self):
        """The phone number jobs, settled, each with the ``body`` it was given."""
        return self._control("GET", "jobs")

    def set_jobs(self, **switches):
        """``expire_next``, ``busy`` (with ``busy_secs``), ``fail_numbers`` (see tests/emulator/emu/phone_number_jobs.py)."""
        return self._control("POST", "jobs", switches)

    def set_registration(self, connection_id, status="Registered", **details):
        """Set what check_registration_status reports (ip_address, port, transport, user_agent, ...)."""
        return self._control("POST", "registration", dict(details, id=connection_id, status=status))

    def shutdown(self):
        """Ask the server to exit through the control API (``stop`` uses SIGTERM instead)."""
        self._control("POST", "shutdown")
