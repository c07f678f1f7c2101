"""The emulator's shared state: resources, ids and clocks, quirks, settings, rate window, request log, faults.

One lock guards everything (``Store.lock``), resources included, so that an operation touching two
resources (deleting a profile a connection still uses) sees one consistent state.
"""

import math
import random
import threading
import time
from urllib.parse import unquote

from .common import format_timestamp

FIRST_ID = 1293384261075731499

NOMINAL_RATE_LIMIT = 1000
"""x-ratelimit-limit reported while rate limiting is off (never enforced then)."""
DEFAULT_SETTINGS = {"latency_ms": 0, "rate_limit": None, "rate_window_secs": 1, "job_duration_ms": 200,
                    "emergency_duration_ms": 200}

FAULT_KINDS = ("status", "rate_limit", "delay", "drop", "non_json", "truncated", "commit_then_500", "delete_before",
               "slow_commit", "shift_after")
FAULT_METHODS = ("GET", "POST", "PATCH", "DELETE")
WRITE_METHODS = ("POST", "PATCH", "DELETE")
WRITE_ONLY_FAULTS = ("slow_commit",)
"""Faults that only ever match writes: with ``method`` null they skip GETs."""
DEFAULT_SLOW_COMMIT_SECS = 2.5

ALL_QUIRKS_LEAVE_OFF = {
    "omit_password": "the alternative to mask_password, which it would override; \"all\" masks the password",
    "connection_id_null_refused": "the alternative to connection_id_empty_refused: with both on no number could be "
                                  "detached; \"all\" refuses \"\", so clients must fall back to null",
}
"""The switches ``--quirks all`` leaves off, and why: each contradicts another switch that "all" turns on."""


def select_quirks(spec, flags):
    """The switches ``--quirks`` names: "all", "none"/"" or a comma-separated list of ``flags``.

    Raises ValueError naming the known switches when a name is unknown.
    """
    spec = (spec or "").strip()
    if spec in ("", "none"):
        return ()
    if spec == "all":
        return tuple(flag for flag in flags if flag not in ALL_QUIRKS_LEAVE_OFF)
    names = tuple(name.strip() for name in spec.split(",") if name.strip())
    unknown = [name for name in names if name not in flags]
    if unknown:
        raise ValueError("unknown quirk %s; use all, none or a comma-separated list of: %s"
                         % (", ".join(unknown), ", ".join(flags)))
    return names


class Resource:
    """Base of one API resource (a collection under /v2). Subclasses set the class attributes.

    Callers of the ``_``-prefixed helpers hold ``store.lock``; the public operations take it themselves.
    Operations return (status, body) with body bytes or a JSON-able value.
    """

    collection = ""
    """Path segment under /v2, e.g. "credential_connections"."""
    quirk_flags = ()
    """Quirk switches this resource honours (all default off)."""
    state_key = None
    """Key in /_emulator/state when it is not ``collection`` (connections are listed as "connections")."""

    def __init__(self, store):
        self.store = store
        self.lock = store.lock
        self.records = {}
        self.clear()

    def clear(self):
        """Forget every record (called under the lock by reset)."""
        self.records = {}

    def quirks_changed(self):
        """Drop whatever rendering the quirks affect (called under the lock)."""

    def on_removed(self, collection, record_id):
        """React to a record of another resource being deleted (called under the lock)."""

    def operations(self, rest, query, raw):
        """The {method: callable() -> (status, body)} served at /v2/<collection>/<rest...>, or None for 404."""
        raise NotImplementedError

    def state(self):
        """Stored records for /_emulator/state, deep-copied, without quirks (called under the lock)."""
        raise NotImplementedError

    def remove_silently(self, record_id):
        """delete_before fault: the record vanishes between the client's read and its write."""
        with self.lock:
            if record_id in self.records:
                self._remove(record_id)

    def _remove(self, record_id):
        record = self.records.pop(record_id)
        self.store.record_removed(self.collection, record_id)
        return record

    def _quirk(self, name):
        return self.store.quirks[name]


class Store:
    """All emulator state, guarded by one lock; the resources are registered by the server."""

    def __init__(self, settings=None, quirks=()):
        self.lock = threading.Lock()
        self.random = random.Random()
        self.resources = {}
        self.initial_settings = dict(DEFAULT_SETTINGS, **(settings or {}))
        # The switches the command line turned on (--quirks); reset() comes back to them.
        self.initial_quirks = frozenset(quirks)
        self._clear()

    def register(self, resource_class):
        resource = resource_class(self)
        self.resources[resource.collection] = resource
        for flag in resource.quirk_flags:
            self.quirks.setdefault(flag, flag in self.initial_quirks)
        return resource

    def connection(self, connection_id):
        """The connection record of any type (credential, FQDN, IP) with ``connection_id``, or None (lock held)."""
        for resource in self.resources.values():
            if getattr(resource, "is_connection", False) and connection_id in resource.records:
                return resource.records[connection_id]
        return None

    def uses_profile(self, profile_id):
        """How many connections of every type name the outbound voice profile ``profile_id`` (lock held)."""
        return sum(resource.uses_profile(profile_id) for resource in self.resources.values()
                   if getattr(resource, "is_connection", False))

    @property
    def quirk_flags(self):
        flags = []
        for resource in self.resources.values():
            flags.extend(flag for flag in resource.quirk_flags if flag not in flags)
        return tuple(flags)

    def _clear(self):
        for resource in self.resources.values():
            resource.clear()
        self.quirks = {flag: flag in self.initial_quirks for flag in self.quirk_flags}
        self.known_ids = []
        self.faults = []
        self.fault_seq = 0
        self.log = []
        self.next_id = FIRST_ID
        self.last_ms = 0
        self.seed_seq = 0
        self.settings = dict(self.initial_settings)
        self.window_start = 0.0
        self.window_count = 0

    # ---- ids and clocks (callers hold the lock)

    def timestamp(self):
        """Strictly increasing millisecond timestamps, so created_at order is creation order."""
        self.last_ms = max(int(time.time() * 1000), self.last_ms + 1)
        return format_timestamp(self.last_ms)

    def new_id(self):
        """A 19-digit string id, increasing, unique across every resource."""
        while True:
            self.next_id += self.random.randint(1, 997)
            candidate = str(self.next_id)
            if not any(candidate in resource.records for resource in self.resources.values()):
                return candidate

    def next_seed_number(self):
        self.seed_seq += 1
        return self.seed_seq

    def record_removed(self, collection, record_id):
        """Tell every resource that a record is gone (lock held), e.g. numbers lose a deleted connection."""
        for resource in self.resources.values():
            resource.on_removed(collection, record_id)

    # ---- reset and quirks

    def reset(self):
        """Back to a fresh start: no records, log or faults; the command line's settings and quirks."""
        with self.lock:
            self._clear()
        return {"reset": True}

    def state(self):
        """{state key: stored records} for every resource; connections are listed as "connections"."""
        with self.lock:
            return {resource.state_key or collection: resource.state() for collection, resource in self.resources.items()}

    def get_quirks(self):
        with self.lock:
            return dict(self.quirks, known_ids=list(self.known_ids))

    def set_quirks(self, changes):
        with self.lock:
            for key, value in changes.items():
                if key == "known_ids":
                    self.known_ids = list(value)
                else:
                    self.quirks[key] = value
            for resource in self.resources.values():
                resource.quirks_changed()
        return self.get_quirks()

    # ---- settings and the rate window

    def get_settings(self):
        with self.lock:
            return dict(self.settings)

    def set_settings(self, changes):
        with self.lock:
            self.settings.update(changes)
            # A new limit or window starts a fresh window, so the headers are true from the next request on.
            self.window_start, self.window_count = 0.0, 0
            return dict(self.settings)

    def latency(self):
        """Seconds every /v2 answer is held (the latency_ms setting)."""
        with self.lock:
            return self.settings["latency_ms"] / 1000.0

    def admit(self):
        """Count one /v2 request in the fixed window; return (over the limit?, x-ratelimit-* headers).

        The window starts at the first request after the previous one ended. While ``rate_limit`` is
        null nothing is refused and the headers report a nominal limit of 1000.
        """
        with self.lock:
            limit = self.settings["rate_limit"]
            window = self.settings["rate_window_secs"]
            now = time.monotonic()
            if now - self.window_start >= window:
                self.window_start, self.window_count = now, 0
            self.window_count += 1
            reported = NOMINAL_RATE_LIMIT if limit is None else limit
            headers = {
                "x-ratelimit-limit": str(reported),
                "x-ratelimit-remaining": str(max(0, reported - self.window_count)),
                "x-ratelimit-reset": str(max(1, math.ceil(self.window_start + window - now))),
            }
            return limit is not None and self.window_count > limit, headers

    # ---- request log

    def log_request(self, entry):
        """Log a /v2 call on arrival, so the log keeps arrival order; the status is filled in later."""
        with self.lock:
            self.log.append(entry)

    def finish_request(self, entry, status):
        with self.lock:
            entry["status"] = status

    def request_log(self):
        with self.lock:
            return [dict(entry) for entry in self.log]

    def clear_log(self):
        with self.lock:
            self.log.clear()
        return {"cleared": True}

    # ---- faults

    def add_fault(self, params, pattern):
        with self.lock:
            self.fault_seq += 1
            fault = dict(params, id=self.fault_seq)
            self.faults.append((fault, pattern))
            return dict(fault)

    def pending_faults(self):
        with self.lock:
            return [dict(fault) for fault, _pattern in self.faults]

    def clear_faults(self):
        with self.lock:
            self.faults.clear()
        return {"cleared": True}

    def take_fault(self, method, path, query=None):
        """Consume one use of the oldest pending fault that matches the request, if any."""
        with self.lock:
            for index, (fault, pattern) in enumerate(self.faults):
                if fault["method"] not in (None, method) or (pattern is not None and not pattern.search(path)):
                    continue
                if any((query or {}).get(key) != value for key, value in (fault.get("query") or {}).items()):
                    continue
                if fault["kind"] in WRITE_ONLY_FAULTS and method not in WRITE_METHODS:
                    continue
                fault["times"] -= 1
                if fault["times"] <= 0:
                    del self.faults[index]
                return dict(fault)
        return None

    def shift(self, resource, fault):
        """shift_after fault: after this answer is made, before it is sent, the list moves under the reader.

        Use number ``n`` (0 for the first) deletes ``fault["delete"][n]`` and creates ``fault["create"][n]`` (a
        partial record seeded over the defaults), where those lists are that long.
        """
        use = fault["total"] - fault["times"] - 1
        deletes, creates = fault.get("delete") or [], fault.get("create") or []
        with self.lock:
            if use < len(deletes) and deletes[use] in resource.records:
                resource._remove(deletes[use])  # pylint: disable=protected-access
            if use < len(creates):
                resource.seed([creates[use]])

    def resource_of(self, path):
        """(resource, record id or None) named by a /v2 path, or (None, None)."""
        parts = path.split("/")[2:]
        resource = self.resources.get(parts[0]) if parts else None
        record_id = unquote(parts[1]) if resource is not None and len(parts) >= 2 and parts[1] else None
        return resource, record_id
