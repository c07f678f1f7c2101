"""HTTP server, routing, auth, faults, latency, rate limiting and the command line.

A /v2 request goes through, in order: the request log (on arrival), the ``latency_ms`` hold (in the
request's own thread, so concurrent requests overlap), the rate window (429 over ``rate_limit``),
the oldest matching fault, the bearer-key check, then the resource's operation. Every /v2 answer
carries x-ratelimit-limit / -remaining / -reset.
"""

import argparse
import hmac
import ipaddress
import json
import os
import signal
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

from .addresses import Addresses
from .common import (
    API_PREFIX, COMPACT, CONTROL_PREFIX, JSON_TYPE, bad_request, method_not_allowed, parse_json, status_error_body,
)
from .connections import CredentialConnections
from .control_api import ROUTES_HELP, ControlApi, settings_problem
from .outbound_voice_profiles import OutboundVoiceProfiles
from .phone_numbers import PhoneNumbers
from .store import ALL_QUIRKS_LEAVE_OFF, DEFAULT_SETTINGS, Store, select_quirks
from .trunks import FqdnConnections, Fqdns, IpConnections, Ips

DEFAULT_API_KEY = "demo-api-key"
API_KEY_ENV = "TELNYX_EMULATOR_API_KEY"
RESOURCES = (CredentialConnections, FqdnConnections, IpConnections, Fqdns, Ips, OutboundVoiceProfiles, PhoneNumbers,
             Addresses)
QUIRK_FLAGS = tuple(flag for resource_class in RESOURCES for flag in resource_class.quirk_flags)
NON_JSON_BODY = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n"
REPLACING_FAULTS = ("status", "rate_limit", "non_json", "drop")
HELD_FAULTS = ("delay", "slow_commit")
RATE_LIMITED_BODY = {"errors": [{"code": "10011", "title": "Too many requests",
                                 "detail": "You have exceeded the maximum number of allowed requests."}]}
"""The rate-limiting docs' 429 body, verbatim (FACTS section 1): no source, no meta."""


class EmulatorServer(ThreadingHTTPServer):
    """Threaded HTTP server holding the store, the API key and the stop signal."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address, api_key, settings=None, quirks=()):
        super().__init__(address, EmulatorHandler)
        self.api_key = api_key
        self.store = Store(settings, quirks)
        for resource_class in RESOURCES:
            self.store.register(resource_class)
        self.control = ControlApi(self.store)
        self.stop_event = threading.Event()


class EmulatorHandler(BaseHTTPRequestHandler):
    """Routes /v2 API calls (with faults and logging) and /_emulator/ control calls."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "TelnyxEmulator/1.0"
    timeout = 120
    server: EmulatorServer
    # The request-log entry of the /v2 call being answered, if any.
    log_entry = None

    def do_GET(self):  # pylint: disable=invalid-name
        self.dispatch()

    def do_POST(self):  # pylint: disable=invalid-name
        self.dispatch()

    def do_PATCH(self):  # pylint: disable=invalid-name
        self.dispatch()

    def do_DELETE(self):  # pylint: disable=invalid-name
        self.dispatch()

    def do_PUT(self):  # pylint: disable=invalid-name
        """PUT is not part of the API; it is routed so that it gets a Telnyx-shaped 405."""
        self.dispatch()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Stay quiet: per-request lines would drown test output, and /_emulator/requests has the log."""

    # ---- plumbing

    def read_body(self):
        """Read a Content-Length or chunked request body (keep-alive needs the body consumed)."""
        length = self.headers.get("Content-Length")
        if length is not None:
            return self.rfile.read(int(length))
        if "chunked" not in self.headers.get("Transfer-Encoding", "").lower():
            return b""
        chunks = []
        while True:
            size = int(self.rfile.readline(65537).split(b";")[0].strip(), 16)
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(65537)

    def send(self, status, body, headers=None, content_type=JSON_TYPE, truncate=False):
        """Send a complete response; ``truncate`` sends only half the body and then closes."""
        if not isinstance(body, bytes):
            body = json.dumps(body, separators=COMPACT).encode()
        if self.log_entry is not None:
            # Logged before the answer leaves, so a client that reads the log right after it sees the status.
            self.server.store.finish_request(self.log_entry, 0 if truncate else status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body[:len(body) // 2] if truncate else body)
        if truncate:
            self.close_connection = True

    def dispatch(self):
        """Route every method the same way so that unknown paths and wrong methods get uniform answers."""
        try:
            split = urlsplit(self.path)
            path = split.path
            query = dict(parse_qsl(split.query, keep_blank_values=True))
            try:
                raw = self.read_body()
            except ValueError:
                self.close_connection = True
                self.send(400, bad_request("/", "The request body could not be read."))
                return
            if path.startswith(CONTROL_PREFIX):
                self.handle_control(path[len(CONTROL_PREFIX):], raw)
            elif path == API_PREFIX or path.startswith(API_PREFIX + "/"):
                self.handle_api(path, query, raw)
            else:
                self.send(404, status_error_body(404))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:  # pylint: disable=broad-exception-caught
            traceback.print_exc(file=sys.stderr)
            self.close_connection = True

    # ---- control API

    def handle_control(self, name, raw):
        """Serve /_emulator/NAME for loopback clients only; JSON object bodies in, JSON out."""
        if not ipaddress.ip_address(self.client_address[0].split("%")[0]).is_loopback:
            self.send(403, {"error": "the control API only answers loopback clients"})
            return
        control = self.server.control
        methods = sorted(method for route, method in control.routes if route == name)
        if not methods:
            self.send(404, {"error": "unknown control route /_emulator/%s" % name})
            return
        if self.command not in methods:
            self.send(405, {"error": "use %s" % ", ".join(methods)}, headers={"Allow": ", ".join(methods)})
            return
        parsed, payload = parse_json(raw)
        if raw and not (parsed and isinstance(payload, dict)):
            self.send(400, {"error": "the body must be a JSON object"})
            return
        status, answer = control.routes[(name, self.command)](payload or {})
        self.send(status, answer)
        if name == "shutdown":
            self.server.stop_event.set()

    # ---- API

    def is_authorized(self):
        """Bearer auth; the scheme is case-insensitive, the key is compared in constant time."""
        scheme, _space, token = self.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self.server.api_key.encode())

    def handle_api(self, path, query, raw):
        """Log the call, hold it for the latency, enforce the rate limit, apply a fault, answer."""
        store = self.server.store
        authorized = self.is_authorized()
        parsed, payload = parse_json(raw)
        entry = {"method": self.command, "path": path, "query": query, "body": payload if parsed else None,
                 "status": None, "authorized": authorized}
        store.log_request(entry)
        self.log_entry = entry
        latency = store.latency()
        if latency:
            time.sleep(latency)
        limited, rate_headers = store.admit()
        if limited:
            self.send(429, RATE_LIMITED_BODY, rate_headers)
            self.log_entry = None
            return
        fault = store.take_fault(self.command, path, query)
        kind = fault["kind"] if fault else None
        if kind in REPLACING_FAULTS:
            self.serve_fault(fault, rate_headers)
            self.log_entry = None
            return
        if kind in HELD_FAULTS:
            time.sleep(fault["seconds"])
        elif kind == "delete_before":
            resource, record_id = store.resource_of(path)
            if record_id:
                resource.remove_silently(record_id)
        status, body, headers = self.route_api(path, query, raw, authorized)
        headers.update(rate_headers)
        if kind == "shift_after":
            resource, dummy = store.resource_of(path)
            if resource is not None:
                store.shift(resource, fault)
        if kind == "commit_then_500":
            status, body = 500, status_error_body(500)
        self.send(status, body, headers, truncate=kind == "truncated")
        self.log_entry = None

    def serve_fault(self, fault, rate_headers):
        """Answer a fault that replaces the request entirely (drop: close without answering, logged 0)."""
        kind = fault["kind"]
        if kind == "drop":
            self.server.store.finish_request(self.log_entry, 0)
            self.close_connection = True
            return
        if kind == "non_json":
            self.send(200, NON_JSON_BODY, content_type="text/html; charset=utf-8")
            return
        headers = dict(rate_headers)
        if kind == "rate_limit":
            headers.update({"x-ratelimit-limit": str(fault["limit"]), "x-ratelimit-remaining": "0",
                            "x-ratelimit-reset": str(fault["reset"])})
            if "retry_after" in fault:
                headers["retry-after"] = str(fault["retry_after"])
            self.send(429, status_error_body(429), headers)
            return
        status = fault["status"]
        headers.update(fault["headers"])
        if "body" in fault:
            body = fault["body"]
        else:
            body = status_error_body(status) if status >= 400 else {}
        self.send(status, body, headers)

    def route_api(self, path, query, raw, authorized):
        """Return (status, body, headers) for an API call, as the real service would answer it."""
        if not authorized:
            return 401, status_error_body(401, "Could not understand the provided credentials."), {}
        parts = [unquote(part) for part in path[len(API_PREFIX) + 1:].split("/")]
        resource = self.server.store.resources.get(parts[0])
        if resource is None or "" in parts[1:]:
            return 404, status_error_body(404), {}
        operations = resource.operations(parts[1:], query, raw)
        if operations is None:
            return 404, status_error_body(404), {}
        operation = operations.get(self.command)
        if operation is None:
            return method_not_allowed(self.command, operations)
        status, body = operation()
        return status, body, {}


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Telnyx v2 API emulator: credential connections, outbound voice profiles, phone numbers.",
        epilog=ROUTES_HELP + "\nSee tests/emulator/emu/__init__.py for quirks, faults and seed shapes.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free port (default)")
    parser.add_argument("--api-key", default=os.environ.get(API_KEY_ENV, DEFAULT_API_KEY),
                        help="bearer token to accept (default $%s or %s)" % (API_KEY_ENV, DEFAULT_API_KEY))
    parser.add_argument("--port-file", help="write the listening port to this file")
    parser.add_argument("--latency-ms", type=int, default=DEFAULT_SETTINGS["latency_ms"],
                        help="hold every /v2 answer this many milliseconds (default 0)")
    parser.add_argument("--rate-limit", type=int, default=DEFAULT_SETTINGS["rate_limit"],
                        help="refuse with 429 past this many /v2 requests per window (default: off)")
    parser.add_argument("--rate-window", type=float, default=DEFAULT_SETTINGS["rate_window_secs"],
                        help="rate-limit window in seconds (default 1)")
    parser.add_argument("--job-duration-ms", type=int, default=DEFAULT_SETTINGS["job_duration_ms"],
                        help="how long a phone number job takes to complete (default %d)"
                        % DEFAULT_SETTINGS["job_duration_ms"])
    parser.add_argument("--emergency-duration-ms", type=int, default=DEFAULT_SETTINGS["emergency_duration_ms"],
                        help="how long emergency (de)provisioning of a number takes (default %d)"
                        % DEFAULT_SETTINGS["emergency_duration_ms"])
    parser.add_argument("--quirks", default="none",
                        help="quirk switches on from the start and after every reset: all, none (default) or a "
                             "comma-separated list of %s. \"all\" leaves off %s (each the alternative of another)"
                             % (", ".join(QUIRK_FLAGS), " and ".join(ALL_QUIRKS_LEAVE_OFF)))
    args = parser.parse_args(argv)
    try:
        args.quirks = select_quirks(args.quirks, QUIRK_FLAGS)
    except ValueError as error:
        parser.error("--quirks: %s" % error)
    args.settings = {"latency_ms": args.latency_ms, "rate_limit": args.rate_limit, "rate_window_secs": args.rate_window,
                     "job_duration_ms": args.job_duration_ms, "emergency_duration_ms": args.emergency_duration_ms}
    if args.rate_window == int(args.rate_window):
        args.settings["rate_window_secs"] = int(args.rate_window)
    problem = settings_problem(args.settings)
    if problem:
        parser.error(problem.replace("latency_ms", "--latency-ms").replace("rate_limit", "--rate-limit")
                     .replace("job_duration_ms", "--job-duration-ms")
                     .replace("emergency_duration_ms", "--emergency-duration-ms")
                     .replace("rate_window_secs", "--rate-window"))
    return args


def write_port_file(path, port):
    """Write atomically, so a poller never reads a half-written port."""
    temporary = "%s.%d.tmp" % (path, os.getpid())
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write("%d\n" % port)
    os.replace(temporary, path)


def main(argv=None):
    args = parse_args(argv)
    server = EmulatorServer((args.host, args.port), args.api_key, args.settings, args.quirks)
    port = server.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, port)
    print("Telnyx emulator listening on http://%s:%d/v2 (api key: %s)" % (args.host, port, args.api_key), flush=True)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: server.stop_event.set())
    worker = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    worker.start()
    while not server.stop_event.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    return 0
