"""The /_emulator/ control routes (no auth, loopback clients only); see the package docstring for the contract.

Each handler takes the parsed JSON body (an object, ``{}`` when empty) and returns (status, JSON value).
Control errors are ``{"error": "..."}`` with 400 (bad payload), 404 (unknown route or id) or 405.
"""

import re

from .connections import REGISTRATION_DETAILS, REGISTRATION_STATUSES
from .store import DEFAULT_SLOW_COMMIT_SECS, FAULT_KINDS, FAULT_METHODS, NOMINAL_RATE_LIMIT, WRITE_METHODS, WRITE_ONLY_FAULTS

ROUTES_HELP = """\
control API (no auth, loopback clients only), under http://HOST:PORT/_emulator/:
  GET    requests      the /v2 request log: [{method, path, query, body, status, authorized}]
  DELETE requests      clear the request log
  GET    state         {"connections": [...], "outbound_voice_profiles": [...], "phone_numbers": [...]}
  POST   reset         forget every record, the log and faults; restore the command line's settings and quirks
  POST   seed          {"connections": [partial], "count": N, "template": {...},
                        "outbound_voice_profiles": [partial], "phone_numbers": [partial with phone_number],
                        "addresses": [partial]}
                       -> {"ids": [connection ids], "connections": [the same ids],
                           "outbound_voice_profiles": [ids], "phone_numbers": [ids], "addresses": [ids]}
  GET    quirks        every quirk switch and known_ids
  POST   quirks        merge quirk switches ({"name": bool}); "known_ids" replaces the list
  GET    settings      {"latency_ms": int, "rate_limit": int or null, "rate_window_secs": number,
                        "job_duration_ms": int, "emergency_duration_ms": int}
  POST   settings      merge any of those keys; answers all settings
  GET    jobs          the phone number jobs, each with the body it was given
  POST   jobs          {"expire_next": N, "busy": N, "busy_secs": S, "fail_numbers": {"+E164": "detail"}}
  POST   registration  {"id", "status", ip_address, port, transport, user_agent, last_registration, sip_username}
  GET    faults        pending faults
  POST   faults        queue one fault: {"kind", "method", "path", "times", "query", ...kind parameters}
  DELETE faults        clear pending faults
  POST   shutdown      stop the server (after answering)
"""


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


SETTING_RULES = {
    "latency_ms": (lambda value: _is_int(value) and value >= 0, "latency_ms must be a non-negative integer"),
    "rate_limit": (lambda value: value is None or (_is_int(value) and value >= 1),
                   "rate_limit must be a positive integer or null (off)"),
    "rate_window_secs": (lambda value: _is_number(value) and value > 0, "rate_window_secs must be a positive number"),
    "job_duration_ms": (lambda value: _is_int(value) and value >= 0, "job_duration_ms must be a non-negative integer"),
    "emergency_duration_ms": (lambda value: _is_int(value) and value >= 0,
                              "emergency_duration_ms must be a non-negative integer"),
}


def settings_problem(changes):
    """The first problem with a settings change, or None."""
    for key, value in changes.items():
        if key not in SETTING_RULES:
            return "unknown setting %r; settings: %s" % (key, ", ".join(SETTING_RULES))
        check, message = SETTING_RULES[key]
        if not check(value):
            return message
    return None


class ControlApi:
    """The /_emulator/ routes, bound to one Store and its resources."""

    def __init__(self, store):
        self.store = store
        self.routes = {
            ("requests", "GET"): lambda _payload: (200, store.request_log()),
            ("requests", "DELETE"): lambda _payload: (200, store.clear_log()),
            ("state", "GET"): lambda _payload: (200, store.state()),
            ("reset", "POST"): lambda _payload: (200, store.reset()),
            ("seed", "POST"): self.seed,
            ("quirks", "GET"): lambda _payload: (200, store.get_quirks()),
            ("quirks", "POST"): self.set_quirks,
            ("settings", "GET"): lambda _payload: (200, store.get_settings()),
            ("settings", "POST"): self.set_settings,
            ("registration", "POST"): self.set_registration,
            ("faults", "GET"): lambda _payload: (200, store.pending_faults()),
            ("faults", "POST"): self.add_fault,
            ("faults", "DELETE"): lambda _payload: (200, store.clear_faults()),
            ("jobs", "GET"): lambda _payload: store.resources["phone_numbers"].jobs.state(),
            ("jobs", "POST"): self.jobs,
            ("shutdown", "POST"): lambda _payload: (200, {"shutting_down": True}),
        }

    def seed(self, payload):
        """Insert records without API validation; see the package docstring for the shapes."""
        resources = self.store.resources
        count = payload.get("count", 0)
        template = payload.get("template", {})
        lists = {key: payload.get(key, []) for key in ("connections", "outbound_voice_profiles", "phone_numbers",
                                                       "addresses")}
        for key, partials in lists.items():
            if not (isinstance(partials, list) and all(isinstance(partial, dict) for partial in partials)):
                return 400, {"error": "%s must be a list of objects" % key}
        if not (_is_int(count) and count >= 0) or not isinstance(template, dict):
            return 400, {"error": "count must be a non-negative integer and template an object"}
        given_ids = [str(partial["id"]) for partials in lists.values() for partial in partials if "id" in partial]
        if len(set(given_ids)) != len(given_ids):
            return 400, {"error": "the seeded records repeat an id"}
        numbers = resources["phone_numbers"]
        problem = next(filter(None, map(numbers.seed_problem, lists["phone_numbers"])), None)
        if problem:
            return 400, {"error": problem}
        with self.store.lock:
            if any(record_id in resource.records for record_id in given_ids for resource in resources.values()):
                return 400, {"error": "a seeded id is already in use"}
            problem = numbers.seed_clash(lists["phone_numbers"])
            if problem:
                return 400, {"error": problem}
            ids = resources["credential_connections"].seed(lists["connections"], count, template)
            return 200, {"ids": ids, "connections": ids,
                         "outbound_voice_profiles": resources["outbound_voice_profiles"].seed(lists["outbound_voice_profiles"]),
                         "phone_numbers": numbers.seed(lists["phone_numbers"]),
                         "addresses": resources["addresses"].seed(lists["addresses"])}

    def jobs(self, payload):
        return self.store.resources["phone_numbers"].jobs.control(payload)

    def set_quirks(self, payload):
        flags = self.store.quirk_flags
        for key, value in payload.items():
            if key == "known_ids":
                if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                    return 400, {"error": "known_ids must be a list of strings"}
            elif key not in flags:
                return 400, {"error": "unknown quirk %r; known quirks: %s, known_ids" % (key, ", ".join(flags))}
            elif not isinstance(value, bool):
                return 400, {"error": "quirk %s must be true or false" % key}
        return 200, self.store.set_quirks(payload)

    def set_settings(self, payload):
        problem = settings_problem(payload)
        if problem:
            return 400, {"error": problem}
        return 200, self.store.set_settings(payload)

    def set_registration(self, payload):
        connections = self.store.resources["credential_connections"]
        status = payload.get("status", "Registered")
        if status not in REGISTRATION_STATUSES:
            return 400, {"error": "status must be one of %s" % ", ".join(REGISTRATION_STATUSES)}
        details = {key: payload[key] for key in REGISTRATION_DETAILS if key in payload}
        answer = connections.set_registration(str(payload.get("id")), status, details)
        if answer is None:
            return 404, {"error": "no connection with id %s" % payload.get("id")}
        return 200, answer

    def add_fault(self, payload):
        """Validate and queue one fault (kinds and parameters: the package docstring); answer it with its id."""
        kind = payload.get("kind")
        method = payload.get("method")
        path = payload.get("path")
        times = payload.get("times", 1)
        if kind not in FAULT_KINDS:
            return 400, {"error": "kind must be one of %s" % ", ".join(FAULT_KINDS)}
        if method is not None and (not isinstance(method, str) or method.upper() not in FAULT_METHODS):
            return 400, {"error": "method must be null or one of %s" % ", ".join(FAULT_METHODS)}
        if kind in WRITE_ONLY_FAULTS and method is not None and method.upper() not in WRITE_METHODS:
            return 400, {"error": "a %s fault only applies to %s" % (kind, ", ".join(WRITE_METHODS))}
        if not _is_int(times) or times < 1:
            return 400, {"error": "times must be a positive integer"}
        try:
            pattern = re.compile(path) if path is not None else None
        except (re.error, TypeError) as exc:
            return 400, {"error": "path is not a valid regular expression: %s" % exc}
        query = payload.get("query") or {}
        if not (isinstance(query, dict) and all(value is None or isinstance(value, str) for value in query.values())):
            return 400, {"error": "query must be an object of strings or nulls"}
        params, problem = self.fault_params(kind, payload)
        if problem:
            return 400, {"error": problem}
        if query:
            params["query"] = query
        params.update(kind=kind, method=method.upper() if method else None, path=path, times=times)
        return 200, self.store.add_fault(params, pattern)

    @staticmethod
    def fault_params(kind, payload):
        """Return (the kind-specific parameters with their defaults, a problem text or None)."""
        if kind == "status":
            status = payload.get("status")
            headers = payload.get("headers", {})
            if not _is_int(status) or not 100 <= status <= 599:
                return {}, "a status fault needs an integer status between 100 and 599"
            if not isinstance(headers, dict):
                return {}, "headers must be an object"
            params = {"status": status, "headers": {str(name): str(value) for name, value in headers.items()}}
            if "body" in payload:
                params["body"] = payload["body"]
            return params, None
        if kind == "rate_limit":
            params = {"reset": payload.get("reset", 1), "limit": payload.get("limit", NOMINAL_RATE_LIMIT)}
            if "retry_after" in payload:
                params["retry_after"] = payload["retry_after"]
            return params, None
        if kind in ("delay", "slow_commit"):
            seconds = payload.get("seconds", 1 if kind == "delay" else DEFAULT_SLOW_COMMIT_SECS)
            if not _is_number(seconds) or seconds < 0:
                return {}, "seconds must be a non-negative number"
            return {"seconds": seconds}, None
        if kind == "shift_after":
            delete, create = payload.get("delete", []), payload.get("create", [])
            if not (isinstance(delete, list) and all(isinstance(item, str) for item in delete)):
                return {}, "delete must be a list of ids"
            if not (isinstance(create, list) and all(isinstance(item, dict) for item in create)):
                return {}, "create must be a list of partial records"
            return {"delete": delete, "create": create, "total": payload.get("times", 1)}, None
        return {}, None
