#!/usr/bin/env python
"""Emulator of the Telnyx v2 credential-connections API, used by the tests and by ``make demo``.

Run it by hand from the repository root::

    python tests/emulator/telnyx_emulator.py --port 8765 --api-key demo-api-key

and point clients at ``http://127.0.0.1:8765/v2`` with ``Authorization: Bearer demo-api-key``.
``--port 0`` (the default) picks a free port; ``--port-file PATH`` writes the chosen port to PATH.
It prints one line, ``Telnyx emulator listening on http://HOST:PORT/v2 (api key: KEY)``, and stops on
SIGTERM, SIGINT or ``POST /_emulator/shutdown``.

Why it exists: the collection must be testable without a Telnyx account, and it has to cope with the
live API's documented quirks. The field table below is written out as code (derived from the OpenAPI
spec ``team-telnyx/openapi`` ``spec3.yml`` at commit 4f3a6bd8, 2026-07-16, and the project's fact
sheet) so that the emulator needs nothing outside this file. Only the standard library is used.

Besides the six API operations under ``/v2/credential_connections``, a control API under
``/_emulator/`` (no auth, loopback clients only) lets tests read the request log and the stored
state, seed connections, switch on live-API quirks, set registration status and inject faults.
See ``ControlApi`` for the routes.
"""

import argparse
import hmac
import http.client
import ipaddress
import json
import math
import os
import random
import re
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_API_KEY = "demo-api-key"
API_KEY_ENV = "TELNYX_EMULATOR_API_KEY"
API_PREFIX = "/v2"
COLLECTION_PATH = "credential_connections"
CONTROL_PREFIX = "/_emulator/"
FIRST_ID = 1293384261075731499
MAX_PAGE_SIZE = 250
RATE_LIMIT = 1000
"""Requests per window reported in x-ratelimit-limit. Reported only: real 429s come from faults."""
RATE_WINDOW_SECS = 1
ERROR_DOC_URL = "https://developers.telnyx.com/docs/overview/errors/"
JSON_TYPE = "application/json"
COMPACT = (",", ":")

# --------------------------------------------------------------------------------------------
# Field table (FACTS.md section 3 and the resolved OpenAPI create/update/response schemas)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A documented field and the rules the server checks for it on create and update."""

    kind: str
    """One of "bool", "int", "str" or "str_list"."""
    default: object = None
    """What the server stores on create when the field is not sent."""
    enum: tuple = ()
    create_enum: tuple = ()
    """Extra values that only the create schema allows (webhook_api_version "texml")."""
    nullable: bool = False
    minimum: Optional[int] = None
    maximum: Optional[int] = None
    multiple_of: Optional[int] = None
    rule: Optional[Callable[[object], Optional[str]]] = None
    """Extra check returning a problem description, or None when the value is fine."""
    on_create: bool = True
    """False for update-only fields; the create schema does not know them, so they are ignored."""


USER_NAME_RE = re.compile(r"[A-Za-z0-9]{4,32}")


def _user_name_rule(value):
    """user_name: 4-32 ASCII alphanumerics, with a letter among the first five characters."""
    if not USER_NAME_RE.fullmatch(value):
        return "must be 4-32 characters long and alphanumeric only (no spaces or special characters)"
    if not any(char.isalpha() for char in value[:5]):
        return "must have at least one letter among its first 5 characters"
    return None


def _password_rule(value):
    """password: 8 to 128 characters."""
    if not 8 <= len(value) <= 128:
        return "must be 8 to 128 characters long"
    return None


def _url_rule(value):
    """Webhook URLs must include an http or https scheme; the empty string means "unset"."""
    if value == "":
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be a URL that includes a scheme, such as 'https'"
    return None


ANCHORSITES = (
    "Latency", "Chicago, IL", "Ashburn, VA", "San Jose, CA", "Sydney, Australia",
    "Amsterdam, Netherlands", "London, UK", "Toronto, Canada", "Vancouver, Canada", "Frankfurt, Germany",
)
NOISE_ENGINES = (
    "denoiser", "deep_filter_net", "deep_filter_net_large", "krisp_viva_tel", "krisp_viva_tel_lite",
    "krisp_viva_promodel", "krisp_viva_ss", "quail_voice_focus",
)
ENGINE_ATTENUATION_DEFAULTS = {"denoiser": 0, "quail_voice_focus": 100}
"""attenuation_limit default per engine; every other engine defaults to 80 (spec description)."""
OTHER_ENGINE_ATTENUATION = 80
DEFAULT_CODECS = ("G722", "G711U", "G711A", "G729", "OPUS", "H.264")

TOP_FIELDS = {
    "active": Field("bool", True),
    "anchorsite_override": Field("str", "Latency", enum=ANCHORSITES),
    "android_push_credential_id": Field("str", None, nullable=True),
    "call_cost_in_webhooks": Field("bool", False),
    "connection_name": Field("str"),
    "conversation_persistence": Field("bool", False, on_create=False),
    # The create and update schemas say false, the response schema says true; the create default wins.
    "default_on_hold_comfort_noise_enabled": Field("bool", False),
    "dtmf_type": Field("str", "RFC 2833", enum=("RFC 2833", "Inband", "SIP INFO")),
    "encode_contact_header_enabled": Field("bool", False),
    "encrypted_media": Field("str", None, enum=("SRTP",), nullable=True),
    "ios_push_credential_id": Field("str", None, nullable=True),
    # No spec default; a live create response (FACTS OBS) showed "disabled".
    "noise_suppression": Field("str", "disabled", enum=("inbound", "outbound", "both", "disabled")),
    "onnet_t38_passthrough_enabled": Field("bool", False),
    "password": Field("str", rule=_password_rule),
    "sip_uri_calling_preference": Field("str", None, enum=("disabled", "unrestricted", "internal")),
    "tags": Field("str_list", ()),
    "user_name": Field("str", rule=_user_name_rule),
    "webhook_api_version": Field("str", "1", enum=("1", "2"), create_enum=("texml",)),
    "webhook_event_failover_url": Field("str", "", nullable=True, rule=_url_rule),
    "webhook_event_url": Field("str", None, rule=_url_rule),
    "webhook_timeout_secs": Field("int", None, nullable=True, minimum=0, maximum=30),
}

NESTED_FIELDS = {
    "inbound": {
        "ani_number_format": Field("str", "E.164-national", enum=("+E.164", "E.164", "+E.164-national", "E.164-national")),
        "channel_limit": Field("int", None, nullable=True),
        "codecs": Field("str_list", DEFAULT_CODECS),
        # The spec allows the two methods "or left blank"; a live response (OBS) showed "sequential".
        "default_routing_method": Field("str", "sequential", enum=("sequential", "round-robin", "")),
        "dnis_number_format": Field("str", "e164", enum=("+e164", "e164", "national", "sip_username")),
        "generate_ringback_tone": Field("bool", False),
        "isup_headers_enabled": Field("bool", False),
        "prack_enabled": Field("bool", False),
        "shaken_stir_enabled": Field("bool", False),
        "simultaneous_ringing": Field("str", "disabled", enum=("disabled", "enabled")),
        "sip_compact_headers_enabled": Field("bool", True),
        "timeout_1xx_secs": Field("int", 3, minimum=1, maximum=120),
        "timeout_2xx_secs": Field("int", 90, minimum=1, maximum=600),
    },
    "jitter_buffer": {
        "enable_jitter_buffer": Field("bool", False),
        "jitterbuffer_msec_max": Field("int", 200, minimum=40, maximum=400),
        "jitterbuffer_msec_min": Field("int", 60, minimum=40, maximum=400),
    },
    "noise_suppression_details": {
        "attenuation_limit": Field("int", ENGINE_ATTENUATION_DEFAULTS["denoiser"], minimum=0, maximum=100, multiple_of=10),
        "engine": Field("str", "denoiser", enum=NOISE_ENGINES),
    },
    "outbound": {
        "ani_override": Field("str", ""),
        "ani_override_type": Field("str", "always", enum=("always", "normal", "emergency")),
        "call_parking_enabled": Field("bool", False, nullable=True),
        "channel_limit": Field("int", None, nullable=True),
        "generate_ringback_tone": Field("bool", False),
        "instant_ringback_enabled": Field("bool", True),
        "localization": Field("str", "US"),
        "outbound_voice_profile_id": Field("str", None, nullable=True),
        "t38_reinvite_source": Field(
            "str", "telnyx", enum=("telnyx", "customer", "disabled", "passthru", "caller-passthru", "callee-passthru")),
    },
    "rtcp_settings": {
        "capture_enabled": Field("bool", False),
        "port": Field("str", "rtp+1", enum=("rtcp-mux", "rtp+1")),
        "report_frequency_secs": Field("int", 5, minimum=5, maximum=3000),
    },
}

REQUIRED_ON_CREATE = ("user_name", "password", "connection_name")

UNDOCUMENTED_TOP = {
    "registration_status": "Not Registered",
    "registration_status_updated_at": None,
    "third_party_control_enabled": False,
}
"""Keys a live response carries although no schema documents them (FACTS section 3.1, OBS)."""
UNDOCUMENTED_NESTED = {"inbound": {"instant_ringback_enabled": False}}

REFERENCE_ID_PATHS = (
    (None, "ios_push_credential_id"),
    (None, "android_push_credential_id"),
    ("outbound", "outbound_voice_profile_id"),
)
"""Ids of other resources; the drop_unknown_push_ids quirk nulls those the test has not declared."""

TYPE_CHECKS = {
    "bool": lambda value: isinstance(value, bool),
    "int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "str": lambda value: isinstance(value, str),
    "str_list": lambda value: isinstance(value, list) and all(isinstance(item, str) for item in value),
}
TYPE_NAMES = {"bool": "a boolean", "int": "an integer", "str": "a string", "str_list": "an array of strings"}

SORT_KEYS = {
    "created_at": lambda record: str(record.get("created_at")),
    "connection_name": lambda record: (str(record.get("connection_name")).casefold(), str(record.get("connection_name"))),
    "active": lambda record: bool(record.get("active")),
}
DEFAULT_SORT = "-created_at"

REGISTRATION_STATUSES = ("Not Applicable", "Not Registered", "Failed", "Expired", "Registered", "Unregistered")
REGISTRATION_DETAILS = ("ip_address", "last_registration", "port", "sip_username", "transport", "user_agent")

QUIRK_FLAGS = ("sip_uri_disabled_as_null", "timeouts_as_strings", "mask_password", "omit_password", "drop_unknown_push_ids")
MASKED_PASSWORD = "********"

FAULT_KINDS = ("status", "rate_limit", "delay", "drop", "non_json", "truncated", "commit_then_500", "delete_before")
FAULT_METHODS = ("GET", "POST", "PATCH", "DELETE")
NON_JSON_BODY = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n"

STATUS_ERRORS = {
    400: ("10015", "Bad Request", "The request failed because it was not well-formed."),
    401: ("10009", "Authentication failed", "The required authentication headers were either invalid or not included in the request."),
    403: ("10010", "Not authorized", "You are not authorized to access the requested resource."),
    404: ("10005", "Resource not found", "The requested resource or URL could not be found."),
    408: ("10008", "Request timeout", "The request timed out."),
    409: ("10012", "Duplicate resource", "Resource is a duplicate."),
    422: ("10015", "Bad Request", "The request was well-formed but was unable to be followed due to semantic errors."),
    429: ("10011", "Too many requests", "You have exceeded the maximum number of allowed requests."),
}
UNEXPECTED_ERROR = ("10007", "Unexpected error", "An unexpected error occured.")


def _build_default_record_json():
    """Serialise the record a create starts from, keys sorted like the spec, so copies are one json.loads."""
    record = {name: field.default for name, field in TOP_FIELDS.items()}
    for name, fields in NESTED_FIELDS.items():
        nested = {sub: field.default for sub, field in fields.items()}
        nested.update(UNDOCUMENTED_NESTED.get(name, {}))
        record[name] = dict(sorted(nested.items()))
    record.update(UNDOCUMENTED_TOP)
    record.update(id=None, record_type="credential_connection", created_at=None, updated_at=None)
    return json.dumps(dict(sorted(record.items())))


DEFAULT_RECORD_JSON = _build_default_record_json()


def new_default_record():
    """Return a fresh, independent record holding every server default."""
    return json.loads(DEFAULT_RECORD_JSON)


# --------------------------------------------------------------------------------------------
# Errors and validation
# --------------------------------------------------------------------------------------------


def telnyx_error(code, title, detail, pointer=None):
    """One entry of a Telnyx ``errors`` array (SPEC components.schemas.ErrorResponse)."""
    error = {"code": code, "title": title, "detail": detail}
    if pointer is not None:
        error["source"] = {"pointer": pointer}
    error["meta"] = {"url": ERROR_DOC_URL + code}
    return error


def error_body(*errors):
    """The Telnyx error envelope."""
    return {"errors": list(errors)}


def status_error_body(status, detail=None):
    """A Telnyx-shaped error body for an HTTP status, with the code the docs give for it."""
    code, title, default_detail = STATUS_ERRORS.get(status, UNEXPECTED_ERROR)
    if status not in STATUS_ERRORS and status < 500:
        title = http.client.responses.get(status, "Error")
    return error_body(telnyx_error(code, title, detail or default_detail))


def validation_error(pointer, detail):
    """A 422 entry: code 10015, with source.pointer naming the field."""
    return telnyx_error("10015", "Bad Request", detail, pointer)


def bad_request(pointer, detail):
    """A 400 body: code 10015, used for malformed bodies and list parameters."""
    return error_body(telnyx_error("10015", "Bad Request", detail, pointer))


def _describe_values(values):
    return ", ".join(json.dumps(value) for value in values)


def field_problem(field, value, operation):
    """Describe what is wrong with ``value`` for ``field`` in a create or update, or return None."""
    if value is None:
        return None if field.nullable else "must not be null"
    if not TYPE_CHECKS[field.kind](value):
        return "must be " + TYPE_NAMES[field.kind] + (" or null" if field.nullable else "")
    allowed = field.enum + field.create_enum if operation == "create" else field.enum
    if allowed and value not in allowed:
        accepted = allowed + ((None,) if field.nullable else ())
        return "has an invalid value %s. Acceptable values are %s" % (json.dumps(value), _describe_values(accepted))
    if field.minimum is not None and not field.minimum <= value <= field.maximum:
        return "must be between %d and %d, got %d" % (field.minimum, field.maximum, value)
    if field.multiple_of and value % field.multiple_of:
        return "must be a multiple of %d, got %d" % (field.multiple_of, value)
    if field.rule is not None:
        return field.rule(value)
    return None


def accepts(field, operation):
    """Whether the request schema of ``operation`` has ``field`` at all (unknown keys are ignored)."""
    return field is not None and (field.on_create or operation == "update")


def validate_body(body, operation):
    """Return every 422 error entry for a create or update body; an empty list means it is valid.

    Unknown keys, top-level or nested, are ignored rather than rejected: the live API evidently
    tolerates them (FACTS section 5), and they are not stored either.
    """
    errors = []
    if operation == "create":
        errors.extend(validation_error("/" + name, "%s is required" % name) for name in REQUIRED_ON_CREATE if name not in body)
    for name, value in body.items():
        nested = NESTED_FIELDS.get(name)
        if nested is None:
            field = TOP_FIELDS.get(name)
            problem = field_problem(field, value, operation) if accepts(field, operation) else None
            if problem:
                errors.append(validation_error("/" + name, "%s %s" % (name, problem)))
            continue
        if not isinstance(value, dict):
            errors.append(validation_error("/" + name, "%s must be an object" % name))
            continue
        for sub, sub_value in value.items():
            problem = field_problem(nested[sub], sub_value, operation) if sub in nested else None
            if problem:
                errors.append(validation_error("/%s/%s" % (name, sub), "%s.%s %s" % (name, sub, problem)))
    if operation == "create" and body.get("webhook_api_version") == "texml":
        outbound = body.get("outbound")
        if not (isinstance(outbound, dict) and outbound.get("call_parking_enabled") is True):
            errors.append(validation_error(
                "/webhook_api_version", "webhook_api_version texml can only be set when outbound.call_parking_enabled is true"))
    return errors


def apply_body(record, body, operation):
    """Write the accepted keys of a validated body into ``record``, deep-merging nested objects."""
    for name, value in body.items():
        nested = NESTED_FIELDS.get(name)
        if nested is not None:
            target = record[name]
            for sub, sub_value in value.items():
                if sub in nested:
                    target[sub] = list(sub_value) if isinstance(sub_value, list) else sub_value
        elif accepts(TOP_FIELDS.get(name), operation):
            record[name] = list(value) if isinstance(value, list) else value


def format_timestamp(milliseconds):
    """ISO-8601 UTC with milliseconds and a Z, like the spec examples."""
    moment = datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (milliseconds % 1000)


def id_order(connection_id):
    """Numeric order for digit-string ids (all generated ids have 19 digits; seeded ones may not)."""
    return (len(connection_id), connection_id)


def parse_page_param(query, key, default, maximum, errors):
    """Read page[number] / page[size]; record a 400 entry when the value is not an integer in range."""
    raw = query.get(key)
    if raw is None:
        return default
    pointer = "/" + key.replace("[", "/").replace("]", "")
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < 1 or (maximum is not None and value > maximum):
        limits = "between 1 and %d" % maximum if maximum is not None else "at least 1"
        errors.append(telnyx_error("10015", "Bad Request", "%s must be an integer %s, got %r" % (key, limits, raw), pointer))
    return value


def parse_json(raw):
    """Parse a request body; return (True, value) or (False, None) for empty or invalid JSON."""
    if not raw:
        return False, None
    try:
        return True, json.loads(raw)
    except ValueError:
        return False, None


# --------------------------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------------------------


class Store:
    """All emulator state, guarded by one lock.

    Records are kept in creation order. Rendered JSON of each record is cached (and dropped when the
    record or the quirks change), and so is the id order for each sort key, which is what keeps a
    10,000-connection listing fast without copying records per request.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.random = random.Random()
        self._clear()

    def _clear(self):
        self.connections = {}
        self.user_names = {}
        self.registrations = {}
        self.fragments = {}
        self.orders = {}
        self.quirks = {flag: False for flag in QUIRK_FLAGS}
        self.known_ids = []
        self.faults = []
        self.fault_seq = 0
        self.log = []
        self.next_id = FIRST_ID
        self.last_ms = 0
        self.seed_seq = 0
        self.window_start = 0.0
        self.window_count = 0

    # ---- helpers (callers hold the lock)

    def _timestamp(self):
        """Strictly increasing millisecond timestamps, so created_at order is creation order."""
        self.last_ms = max(int(time.time() * 1000), self.last_ms + 1)
        return format_timestamp(self.last_ms)

    def _new_id(self):
        while True:
            self.next_id += self.random.randint(1, 997)
            candidate = str(self.next_id)
            if candidate not in self.connections:
                return candidate

    def _insert(self, record):
        self.connections[record["id"]] = record
        self._index_user_name(record["id"], record.get("user_name"))
        self.orders.clear()

    def _index_user_name(self, connection_id, user_name):
        if isinstance(user_name, str):
            self.user_names.setdefault(user_name.casefold(), set()).add(connection_id)

    def _unindex_user_name(self, connection_id, user_name):
        if isinstance(user_name, str):
            owners = self.user_names.get(user_name.casefold(), set())
            owners.discard(connection_id)
            if not owners:
                self.user_names.pop(user_name.casefold(), None)

    def _user_name_taken(self, user_name, connection_id):
        return bool(self.user_names.get(user_name.casefold(), set()) - {connection_id})

    def _touched(self, connection_id):
        self.fragments.pop(connection_id, None)
        self.orders.clear()

    def _remove(self, connection_id):
        record = self.connections.pop(connection_id)
        self._unindex_user_name(connection_id, record.get("user_name"))
        self.registrations.pop(connection_id, None)
        self._touched(connection_id)
        return record

    def _present(self, record):
        """The record as the API shows it, with the read-side quirks applied (copies only what changes)."""
        quirks = self.quirks
        shown = dict(record)
        if quirks["sip_uri_disabled_as_null"] and shown.get("sip_uri_calling_preference") == "disabled":
            shown["sip_uri_calling_preference"] = None
        if quirks["timeouts_as_strings"] and isinstance(shown.get("inbound"), dict):
            inbound = dict(shown["inbound"])
            for key in ("timeout_1xx_secs", "timeout_2xx_secs"):
                if inbound.get(key) is not None:
                    inbound[key] = str(inbound[key])
            shown["inbound"] = inbound
        if quirks["omit_password"]:
            shown.pop("password", None)
        elif quirks["mask_password"]:
            shown["password"] = MASKED_PASSWORD
        return shown

    def _fragment(self, connection_id):
        fragment = self.fragments.get(connection_id)
        if fragment is None:
            fragment = json.dumps(self._present(self.connections[connection_id]), separators=COMPACT).encode()
            self.fragments[connection_id] = fragment
        return fragment

    def _envelope(self, connection_id):
        return b'{"data":' + self._fragment(connection_id) + b"}"

    def _ordered_ids(self, sort_key, descending):
        cache_key = (sort_key, descending)
        ids = self.orders.get(cache_key)
        if ids is None:
            key_of = SORT_KEYS[sort_key]
            records = self.connections
            ids = sorted(records, key=lambda cid: (key_of(records[cid]), id_order(cid)), reverse=descending)
            self.orders[cache_key] = ids
        return ids

    def _drop_unknown_ids(self, record, body):
        """drop_unknown_push_ids quirk: ids the test has not declared known are stored as null (T16)."""
        if not self.quirks["drop_unknown_push_ids"]:
            return
        for parent, key in REFERENCE_ID_PATHS:
            sent = body.get(parent) if parent else body
            if isinstance(sent, dict) and sent.get(key) is not None and sent[key] not in self.known_ids:
                (record[parent] if parent else record)[key] = None

    def _not_found(self):
        return 404, status_error_body(404)

    # ---- API operations: each returns (status, body), body being bytes or a JSON-able object

    def rate_limit_headers(self):
        """x-ratelimit-* headers for a normal response, counted over a fixed window, never enforced."""
        with self.lock:
            now = time.monotonic()
            if now - self.window_start >= RATE_WINDOW_SECS:
                self.window_start, self.window_count = now, 0
            self.window_count += 1
            reset = max(1, math.ceil(self.window_start + RATE_WINDOW_SECS - now))
            return {
                "x-ratelimit-limit": str(RATE_LIMIT),
                "x-ratelimit-remaining": str(max(0, RATE_LIMIT - self.window_count)),
                "x-ratelimit-reset": str(reset),
            }

    def list_connections(self, query):
        """GET /credential_connections: filters, paging (1..250 per page) and a deterministic sort."""
        errors = []
        page_number = parse_page_param(query, "page[number]", 1, None, errors)
        page_size = parse_page_param(query, "page[size]", MAX_PAGE_SIZE, MAX_PAGE_SIZE, errors)
        sort = query.get("sort", DEFAULT_SORT)
        descending = sort.startswith("-")
        sort_key = sort[1:] if descending else sort
        if sort_key not in SORT_KEYS:
            errors.append(telnyx_error(
                "10015", "Bad Request", "sort must be one of %s, optionally prefixed with '-'" % ", ".join(SORT_KEYS), "/sort"))
        contains = query.get("filter[connection_name][contains]")
        if contains is not None and len(contains) < 3:
            errors.append(telnyx_error(
                "10015", "Bad Request", "filter[connection_name][contains] requires at least three characters",
                "/filter/connection_name/contains"))
        if errors:
            return 400, error_body(*errors)
        profile_filters = [query[key] for key in ("filter[outbound_voice_profile_id]", "filter[outbound.outbound_voice_profile_id]")
                           if key in query]
        with self.lock:
            ids = [] if "filter[fqdn]" in query else self._ordered_ids(sort_key, descending)
            records = self.connections
            if contains is not None:
                needle = contains.casefold()
                ids = [cid for cid in ids if needle in str(records[cid].get("connection_name")).casefold()]
            for profile_id in profile_filters:
                ids = [cid for cid in ids if (records[cid].get("outbound") or {}).get("outbound_voice_profile_id") == profile_id]
            total = len(ids)
            start = (page_number - 1) * page_size
            fragments = [self._fragment(cid) for cid in ids[start:start + page_size]]
        meta = {
            "page_number": page_number,
            "page_size": page_size,
            "total_pages": max(1, math.ceil(total / page_size)),
            "total_results": total,
        }
        return 200, b'{"data":[' + b",".join(fragments) + b'],"meta":' + json.dumps(meta, separators=COMPACT).encode() + b"}"

    def create(self, body):
        """POST /credential_connections: validate, fill in every default, answer 201."""
        errors = validate_body(body, "create")
        with self.lock:
            user_name = body.get("user_name")
            if (isinstance(user_name, str) and not any(e["source"]["pointer"] == "/user_name" for e in errors)
                    and self._user_name_taken(user_name, None)):
                errors.append(validation_error("/user_name", "user_name %r has already been taken" % user_name))
            if errors:
                return 422, error_body(*errors)
            record = new_default_record()
            apply_body(record, body, "create")
            details = body.get("noise_suppression_details")
            if isinstance(details, dict) and "attenuation_limit" not in details:
                engine = record["noise_suppression_details"]["engine"]
                record["noise_suppression_details"]["attenuation_limit"] = ENGINE_ATTENUATION_DEFAULTS.get(engine, OTHER_ENGINE_ATTENUATION)
            self._drop_unknown_ids(record, body)
            record["id"] = self._new_id()
            record["created_at"] = record["updated_at"] = self._timestamp()
            self._insert(record)
            return 201, self._envelope(record["id"])

    def retrieve(self, connection_id):
        """GET /credential_connections/{id}."""
        with self.lock:
            if connection_id not in self.connections:
                return self._not_found()
            return 200, self._envelope(connection_id)

    def update(self, connection_id, body):
        """PATCH /credential_connections/{id}: validate, deep-merge nested objects, bump updated_at."""
        errors = validate_body(body, "update")
        with self.lock:
            record = self.connections.get(connection_id)
            if record is None:
                return self._not_found()
            user_name = body.get("user_name")
            if (isinstance(user_name, str) and not any(e["source"]["pointer"] == "/user_name" for e in errors)
                    and self._user_name_taken(user_name, connection_id)):
                errors.append(validation_error("/user_name", "user_name %r has already been taken" % user_name))
            if errors:
                return 422, error_body(*errors)
            self._unindex_user_name(connection_id, record.get("user_name"))
            apply_body(record, body, "update")
            self._drop_unknown_ids(record, body)
            self._index_user_name(connection_id, record.get("user_name"))
            record["updated_at"] = self._timestamp()
            self._touched(connection_id)
            return 200, self._envelope(connection_id)

    def delete(self, connection_id):
        """DELETE /credential_connections/{id}: answers 200 with the deleted object, never 204."""
        with self.lock:
            if connection_id not in self.connections:
                return self._not_found()
            body = self._envelope(connection_id)
            self._remove(connection_id)
            return 200, body

    def delete_silently(self, connection_id):
        """delete_before fault: the connection vanishes between the client's read and its write."""
        with self.lock:
            if connection_id in self.connections:
                self._remove(connection_id)

    def registration_status(self, connection_id):
        """POST .../actions/check_registration_status: what /_emulator/registration set, else Not Registered."""
        with self.lock:
            record = self.connections.get(connection_id)
            if record is None:
                return self._not_found()
            details = self.registrations.get(connection_id, {})
            return 200, {"data": {
                "ip_address": details.get("ip_address"),
                "last_registration": details.get("last_registration", record.get("registration_status_updated_at")),
                "port": details.get("port"),
                "record_type": "registration_status",
                "sip_username": details.get("sip_username", record.get("user_name")),
                "status": record.get("registration_status") or "Not Registered",
                "transport": details.get("transport"),
                "user_agent": details.get("user_agent"),
            }}

    # ---- control-side operations (ControlApi validates the payloads)

    def reset(self):
        """Back to a fresh start: no connections, log, faults or quirks."""
        with self.lock:
            self._clear()
        return {"reset": True}

    def state(self):
        """Deep copies of the stored records, in creation order, without quirks."""
        with self.lock:
            return {"connections": [json.loads(json.dumps(record)) for record in self.connections.values()]}

    def seed(self, partials, count, template):
        """Insert partial records merged over the defaults; return their ids, or None on an id clash."""
        with self.lock:
            if any(str(partial["id"]) in self.connections for partial in partials if "id" in partial):
                return None
            now = self._timestamp()
            ids = [self._seed_one(partial, now) for partial in partials]
            base_name = str(template.get("connection_name", "seeded"))
            ids.extend(self._seed_one(template, now, "%s-%05d" % (base_name, number)) for number in range(1, count + 1))
            return ids

    def _seed_one(self, partial, timestamp, connection_name=None):
        record = new_default_record()
        for key, value in json.loads(json.dumps(partial)).items():
            if isinstance(value, dict) and isinstance(record.get(key), dict):
                record[key].update(value)
            else:
                record[key] = value
        record["id"] = str(partial["id"]) if "id" in partial else self._new_id()
        if connection_name is not None:
            record["connection_name"] = connection_name
        elif record.get("connection_name") is None:
            record["connection_name"] = "seeded-%s" % record["id"]
        if connection_name is not None or record.get("user_name") is None:
            record["user_name"] = self._unique_user_name(str(partial.get("user_name") or "seeduser"))
        if record.get("password") is None:
            record["password"] = "seedpassword123"
        record["created_at"] = record.get("created_at") or timestamp
        record["updated_at"] = record.get("updated_at") or timestamp
        self._insert(record)
        return record["id"]

    def _unique_user_name(self, prefix):
        while True:
            self.seed_seq += 1
            candidate = "%s%06d" % (prefix, self.seed_seq)
            if not self._user_name_taken(candidate, None):
                return candidate

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
            self.fragments.clear()
        return self.get_quirks()

    def set_registration(self, connection_id, status, details):
        """Record what check_registration_status reports; None when the connection is unknown."""
        with self.lock:
            record = self.connections.get(connection_id)
            if record is None:
                return None
            self.registrations[connection_id] = dict(details)
            record["registration_status"] = status
            record["registration_status_updated_at"] = self._timestamp()
            self._touched(connection_id)
        return dict(details, id=connection_id, status=status)

    # ---- request log and faults

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

    def take_fault(self, method, path):
        """Consume one use of the oldest pending fault that matches the request, if any."""
        with self.lock:
            for index, (fault, pattern) in enumerate(self.faults):
                if fault["method"] not in (None, method) or (pattern is not None and not pattern.search(path)):
                    continue
                fault["times"] -= 1
                if fault["times"] <= 0:
                    del self.faults[index]
                return dict(fault)
        return None


class ControlApi:
    """The /_emulator/ routes. Each handler takes the parsed JSON body and returns (status, JSON value).

    GET    /_emulator/requests      request log: [{method, path, query, body, status, authorized}]
    DELETE /_emulator/requests      clear the log
    GET    /_emulator/state         {"connections": [records in creation order, no quirks applied]}
    POST   /_emulator/reset         clear connections, log, faults and quirks
    POST   /_emulator/seed          {"connections": [partial], "count": N, "template": {...}} -> {"ids": [...]}
    GET    /_emulator/quirks        current quirk switches and known_ids
    POST   /_emulator/quirks        merge switches; "known_ids" replaces the list
    POST   /_emulator/registration  {"id", "status", ip_address, port, transport, user_agent, last_registration, sip_username}
    GET    /_emulator/faults        pending faults; DELETE clears them
    POST   /_emulator/faults        queue one fault (see add_fault)
    POST   /_emulator/shutdown      stop the server (after answering)
    """

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
            ("registration", "POST"): self.set_registration,
            ("faults", "GET"): lambda _payload: (200, store.pending_faults()),
            ("faults", "POST"): self.add_fault,
            ("faults", "DELETE"): lambda _payload: (200, store.clear_faults()),
            ("shutdown", "POST"): lambda _payload: (200, {"shutting_down": True}),
        }

    def seed(self, payload):
        """Insert connections without validation; the bulk form makes ``count`` copies of ``template``."""
        partials = payload.get("connections", [])
        count = payload.get("count", 0)
        template = payload.get("template", {})
        if not (isinstance(partials, list) and all(isinstance(partial, dict) for partial in partials)):
            return 400, {"error": "connections must be a list of objects"}
        if not (isinstance(count, int) and not isinstance(count, bool) and count >= 0) or not isinstance(template, dict):
            return 400, {"error": "count must be a non-negative integer and template an object"}
        given_ids = [str(partial["id"]) for partial in partials if "id" in partial]
        if len(set(given_ids)) != len(given_ids):
            return 400, {"error": "the seeded connections repeat an id"}
        ids = self.store.seed(partials, count, template)
        if ids is None:
            return 400, {"error": "a seeded id is already in use"}
        return 200, {"ids": ids}

    def set_quirks(self, payload):
        for key, value in payload.items():
            if key == "known_ids":
                if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                    return 400, {"error": "known_ids must be a list of strings"}
            elif key not in QUIRK_FLAGS:
                return 400, {"error": "unknown quirk %r; known quirks: %s, known_ids" % (key, ", ".join(QUIRK_FLAGS))}
            elif not isinstance(value, bool):
                return 400, {"error": "quirk %s must be true or false" % key}
        return 200, self.store.set_quirks(payload)

    def set_registration(self, payload):
        status = payload.get("status", "Registered")
        if status not in REGISTRATION_STATUSES:
            return 400, {"error": "status must be one of %s" % ", ".join(REGISTRATION_STATUSES)}
        details = {key: payload[key] for key in REGISTRATION_DETAILS if key in payload}
        answer = self.store.set_registration(str(payload.get("id")), status, details)
        if answer is None:
            return 404, {"error": "no connection with id %s" % payload.get("id")}
        return 200, answer

    def add_fault(self, payload):
        """Validate and queue one fault; answer it with its id.

        ``method`` (GET/POST/PATCH/DELETE, or null for any) and ``path`` (a regex searched in the /v2
        path such as "/v2/credential_connections/123", or null for any) select the requests; ``times``
        (default 1) is how many matching requests it affects. The oldest matching fault wins. Kinds:

        - status: answer ``status`` with optional ``headers`` and ``body``; without a body, errors get
          a Telnyx-shaped one (429: 10011 "Too many requests"; 5xx: 10007 "Unexpected error").
        - rate_limit: 429 with x-ratelimit-remaining 0, x-ratelimit-reset ``reset`` (default 1),
          x-ratelimit-limit ``limit`` and, only when ``retry_after`` is given, a retry-after header.
        - delay: sleep ``seconds`` (default 1), then handle the request normally.
        - drop: close the connection without answering (logged with status 0).
        - non_json: 200 with an HTML body and content-type text/html; the request is not applied.
        - truncated: handle the request normally (so a write is applied), send the full headers and
          Content-Length but only half the body, then close (logged with status 0).
        - commit_then_500: handle the request normally, then answer 500 instead of its response.
        - delete_before: delete the connection named in the path, then handle the request normally.
        The replacing kinds (status, rate_limit, drop, non_json) apply before the auth check.
        """
        kind = payload.get("kind")
        method = payload.get("method")
        path = payload.get("path")
        times = payload.get("times", 1)
        if kind not in FAULT_KINDS:
            return 400, {"error": "kind must be one of %s" % ", ".join(FAULT_KINDS)}
        if method is not None and (not isinstance(method, str) or method.upper() not in FAULT_METHODS):
            return 400, {"error": "method must be null or one of %s" % ", ".join(FAULT_METHODS)}
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            return 400, {"error": "times must be a positive integer"}
        try:
            pattern = re.compile(path) if path is not None else None
        except (re.error, TypeError) as exc:
            return 400, {"error": "path is not a valid regular expression: %s" % exc}
        params, problem = self.fault_params(kind, payload)
        if problem:
            return 400, {"error": problem}
        params.update(kind=kind, method=method.upper() if method else None, path=path, times=times)
        return 200, self.store.add_fault(params, pattern)

    @staticmethod
    def fault_params(kind, payload):
        """Return (the kind-specific parameters with their defaults, a problem text or None)."""
        if kind == "status":
            status = payload.get("status")
            headers = payload.get("headers", {})
            if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
                return {}, "a status fault needs an integer status between 100 and 599"
            if not isinstance(headers, dict):
                return {}, "headers must be an object"
            params = {"status": status, "headers": {str(name): str(value) for name, value in headers.items()}}
            if "body" in payload:
                params["body"] = payload["body"]
            return params, None
        if kind == "rate_limit":
            params = {"reset": payload.get("reset", 1), "limit": payload.get("limit", RATE_LIMIT)}
            if "retry_after" in payload:
                params["retry_after"] = payload["retry_after"]
            return params, None
        if kind == "delay":
            seconds = payload.get("seconds", 1)
            if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
                return {}, "seconds must be a non-negative number"
            return {"seconds": seconds}, None
        return {}, None


# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------


class EmulatorServer(ThreadingHTTPServer):
    """Threaded HTTP server holding the store, the API key and the stop signal."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address, api_key):
        super().__init__(address, EmulatorHandler)
        self.api_key = api_key
        self.store = Store()
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
        """Log the call, apply the first matching fault, then answer like the API would."""
        store = self.server.store
        authorized = self.is_authorized()
        parsed, payload = parse_json(raw)
        entry = {"method": self.command, "path": path, "query": query, "body": payload if parsed else None,
                 "status": None, "authorized": authorized}
        store.log_request(entry)
        self.log_entry = entry
        fault = store.take_fault(self.command, path)
        kind = fault["kind"] if fault else None
        status = self.serve_fault(fault) if kind in ("status", "rate_limit", "non_json", "drop") else None
        if status is None:
            if kind == "delay":
                time.sleep(fault["seconds"])
            elif kind == "delete_before":
                target = self.target_id(path)
                if target:
                    store.delete_silently(target)
            status, body, headers = self.route_api(path, query, raw, authorized)
            headers.update(store.rate_limit_headers())
            if kind == "commit_then_500":
                status, body = 500, status_error_body(500)
            self.send(status, body, headers, truncate=kind == "truncated")
            if kind == "truncated":
                status = 0
        store.finish_request(entry, status)
        self.log_entry = None

    def serve_fault(self, fault):
        """Answer a fault that replaces the request entirely; return the status sent (0: none)."""
        kind = fault["kind"]
        if kind == "drop":
            self.close_connection = True
            return 0
        if kind == "non_json":
            self.send(200, NON_JSON_BODY, content_type="text/html; charset=utf-8")
            return 200
        headers = self.server.store.rate_limit_headers()
        if kind == "rate_limit":
            headers.update({"x-ratelimit-limit": str(fault["limit"]), "x-ratelimit-remaining": "0",
                            "x-ratelimit-reset": str(fault["reset"])})
            if "retry_after" in fault:
                headers["retry-after"] = str(fault["retry_after"])
            self.send(429, status_error_body(429), headers)
            return 429
        status = fault["status"]
        headers.update(fault["headers"])
        if "body" in fault:
            body = fault["body"]
        else:
            body = status_error_body(status) if status >= 400 else {}
        self.send(status, body, headers)
        return status

    @staticmethod
    def target_id(path):
        """The connection id in /v2/credential_connections/{id}[/...], or None."""
        parts = path[len(API_PREFIX) + 1:].split("/")
        if len(parts) >= 2 and parts[0] == COLLECTION_PATH and parts[1]:
            return unquote(parts[1])
        return None

    def route_api(self, path, query, raw, authorized):
        """Return (status, body, headers) for an API call, as the real service would answer it."""
        store = self.server.store
        if not authorized:
            return 401, status_error_body(401, "Could not understand the provided credentials."), {}
        parts = path[len(API_PREFIX) + 1:].split("/")
        connection_id = self.target_id(path)
        if parts == [COLLECTION_PATH]:
            operations = {"GET": lambda: store.list_connections(query),
                          "POST": lambda: self.with_object_body(raw, store.create)}
        elif len(parts) == 2 and connection_id:
            operations = {"GET": lambda: store.retrieve(connection_id),
                          "PATCH": lambda: self.with_object_body(raw, lambda body: store.update(connection_id, body)),
                          "DELETE": lambda: store.delete(connection_id)}
        elif len(parts) == 4 and connection_id and parts[2:] == ["actions", "check_registration_status"]:
            operations = {"POST": lambda: store.registration_status(connection_id)}
        else:
            return 404, status_error_body(404), {}
        operation = operations.get(self.command)
        if operation is None:
            allowed = ", ".join(sorted(operations))
            detail = "Method %s is not allowed here; use %s." % (self.command, allowed)
            return 405, error_body(telnyx_error("10015", "Method not allowed", detail)), {"Allow": allowed}
        status, body = operation()
        return status, body, {}

    @staticmethod
    def with_object_body(raw, operation):
        """Run ``operation`` on the JSON object body, or answer 400 when the body is not one."""
        parsed, payload = parse_json(raw)
        if not (parsed and isinstance(payload, dict)):
            return 400, bad_request("/", "The request body must be a JSON object.")
        return operation(payload)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Telnyx v2 credential-connections API emulator.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free port (default)")
    parser.add_argument("--api-key", default=os.environ.get(API_KEY_ENV, DEFAULT_API_KEY),
                        help="bearer token to accept (default $%s or %s)" % (API_KEY_ENV, DEFAULT_API_KEY))
    parser.add_argument("--port-file", help="write the listening port to this file")
    return parser.parse_args(argv)


def write_port_file(path, port):
    """Write atomically, so a poller never reads a half-written port."""
    temporary = "%s.%d.tmp" % (path, os.getpid())
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write("%d\n" % port)
    os.replace(temporary, path)


def main(argv=None):
    args = parse_args(argv)
    server = EmulatorServer((args.host, args.port), args.api_key)
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


if __name__ == "__main__":
    sys.exit(main())
