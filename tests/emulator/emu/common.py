"""Shared building blocks of the emulator: the Telnyx error envelope, field rules, paging and clocks.

Everything here is resource-neutral; a resource module (connections.py, outbound_voice_profiles.py,
phone_numbers.py) describes its fields with ``Field`` and validates bodies with ``validate_fields``.
"""

import http.client
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Optional

API_PREFIX = "/v2"
CONTROL_PREFIX = "/_emulator/"
MAX_PAGE_SIZE = 250
ERROR_DOC_URL = "https://developers.telnyx.com/docs/overview/errors/"
JSON_TYPE = "application/json"
COMPACT = (",", ":")
E164_RE = re.compile(r"\+[1-9][0-9]{1,14}")
"""A +E.164 number: plus, no leading zero, at most 15 digits (ASCII only)."""

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


# ---- the Telnyx error envelope (FACTS section 1, SPEC components.schemas.ErrorResponse)


def telnyx_error(code, title, detail, pointer=None):
    """One entry of a Telnyx ``errors`` array: code (a string), title, detail, source.pointer, meta.url."""
    error = {"code": code, "title": title, "detail": detail}
    if pointer is not None:
        error["source"] = {"pointer": pointer}
    error["meta"] = {"url": ERROR_DOC_URL + code}
    return error


def error_body(*errors):
    """The Telnyx error envelope ``{"errors": [...]}``."""
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


def not_found():
    """(404, body) for an unknown id."""
    return 404, status_error_body(404)


def method_not_allowed(method, operations):
    """(status, body, headers) for a method the path does not serve: Telnyx-shaped 405 with Allow."""
    allowed = ", ".join(sorted(operations))
    detail = "Method %s is not allowed here; use %s." % (method, allowed)
    return 405, error_body(telnyx_error("10015", "Method not allowed", detail)), {"Allow": allowed}


# ---- field rules


@dataclass(frozen=True)
class Field:
    """A documented field and the rules the server checks for it on create and update."""

    kind: str
    """One of "bool", "int", "number", "str" or "str_list"."""
    default: object = None
    """What the server stores on create when the field is not sent."""
    enum: tuple = ()
    create_enum: tuple = ()
    """Extra values that only the create schema allows (webhook_api_version "texml")."""
    nullable: bool = False
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    multiple_of: Optional[int] = None
    rule: Optional[Callable[[object], Optional[str]]] = None
    """Extra check returning a problem description, or None when the value is fine."""
    on_create: bool = True
    """False for update-only fields; the create schema does not know them, so they are ignored."""


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


TYPE_CHECKS = {
    "bool": lambda value: isinstance(value, bool),
    "int": _is_int,
    "number": lambda value: _is_int(value) or isinstance(value, float),
    "str": lambda value: isinstance(value, str),
    "str_list": lambda value: isinstance(value, list) and all(isinstance(item, str) for item in value),
}
TYPE_NAMES = {"bool": "a boolean", "int": "an integer", "number": "a number", "str": "a string",
              "str_list": "an array of strings"}


def describe_values(values):
    return ", ".join(json.dumps(value) for value in values)


def _range_text(field):
    if field.maximum is None:
        return "at least %s" % field.minimum
    if field.minimum is None:
        return "at most %s" % field.maximum
    return "between %s and %s" % (field.minimum, field.maximum)


def field_problem(field, value, operation):
    """Describe what is wrong with ``value`` for ``field`` in a create or update, or return None."""
    if value is None:
        return None if field.nullable else "must not be null"
    if not TYPE_CHECKS[field.kind](value):
        return "must be " + TYPE_NAMES[field.kind] + (" or null" if field.nullable else "")
    allowed = field.enum + field.create_enum if operation == "create" else field.enum
    if allowed and value not in allowed:
        accepted = allowed + ((None,) if field.nullable else ())
        return "has an invalid value %s. Acceptable values are %s" % (json.dumps(value), describe_values(accepted))
    if (field.minimum is not None and value < field.minimum) or (field.maximum is not None and value > field.maximum):
        return "must be %s, got %s" % (_range_text(field), value)
    if field.multiple_of and value % field.multiple_of:
        return "must be a multiple of %d, got %d" % (field.multiple_of, value)
    if field.rule is not None:
        return field.rule(value)
    return None


def accepts(field, operation):
    """Whether the request schema of ``operation`` has ``field`` at all (unknown keys are ignored)."""
    return field is not None and (field.on_create or operation == "update")


def validate_fields(body, top_fields, nested_fields, operation, required=()):
    """Return every 422 error entry for a create or update body; an empty list means it is valid.

    Unknown keys, top-level or nested, are ignored rather than rejected: the live API evidently
    tolerates them (FACTS section 5), and they are not stored either.
    """
    errors = [validation_error("/" + name, "%s is required" % name) for name in required if name not in body]
    for name, value in body.items():
        nested = nested_fields.get(name)
        if nested is None:
            field = top_fields.get(name)
            problem = field_problem(field, value, operation) if accepts(field, operation) else None
            if problem:
                errors.append(validation_error("/" + name, "%s %s" % (name, problem)))
            continue
        if not isinstance(value, dict):
            errors.append(validation_error("/" + name, "%s must be an object" % name))
            continue
        for sub, sub_value in value.items():
            problem = field_problem(nested[sub], sub_value, operation) if accepts(nested.get(sub), operation) else None
            if problem:
                errors.append(validation_error("/%s/%s" % (name, sub), "%s.%s %s" % (name, sub, problem)))
    return errors


def apply_fields(record, body, top_fields, nested_fields, operation):
    """Write the accepted keys of a validated body into ``record``, deep-merging nested objects."""
    for name, value in body.items():
        nested = nested_fields.get(name)
        if nested is not None:
            target = record.get(name)
            if not isinstance(target, dict):
                target = record[name] = {}
            for sub, sub_value in value.items():
                if sub in nested and accepts(nested[sub], operation):
                    target[sub] = list(sub_value) if isinstance(sub_value, list) else sub_value
        elif accepts(top_fields.get(name), operation):
            record[name] = list(value) if isinstance(value, list) else value


def defaults_of(top_fields, nested_fields):
    """A record holding every field's default, nested objects included, keys sorted."""
    record = {name: field.default for name, field in top_fields.items()}
    for name, fields in nested_fields.items():
        record[name] = dict(sorted((sub, field.default) for sub, field in fields.items()))
    return {key: (list(value) if isinstance(value, tuple) else value) for key, value in sorted(record.items())}


def drop_unset(shown, keys):
    """Leave out each of ``keys`` whose value is null, in place; return ``shown``.

    For fields the official schema types without null and gives no default: an unset one is absent from the
    answer, since null would break the contract (tests/emulator_tests/test_contract.py holds the emulator to it).
    """
    for key in keys:
        if key in shown and shown[key] is None:
            del shown[key]
    return shown


def merge_partial(record, partial):
    """Seeding: lay a partial record over ``record``, one level deep for nested objects, no validation."""
    for key, value in json.loads(json.dumps(partial)).items():
        if isinstance(value, dict) and isinstance(record.get(key), dict):
            record[key].update(value)
        else:
            record[key] = value
    return record


# ---- clocks, ids, bodies and paging


def format_timestamp(milliseconds):
    """ISO-8601 UTC with milliseconds and a Z, like the spec examples."""
    moment = datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (milliseconds % 1000)


def id_order(record_id):
    """Numeric order for digit-string ids (all generated ids have 19 digits; seeded ones may not)."""
    return (len(record_id), record_id)


def parse_json(raw):
    """Parse a request body; return (True, value) or (False, None) for empty or invalid JSON."""
    if not raw:
        return False, None
    try:
        return True, json.loads(raw)
    except ValueError:
        return False, None


def with_object_body(raw, operation):
    """Run ``operation`` on the JSON object body, or answer 400 when the body is not one."""
    parsed, payload = parse_json(raw)
    if not (parsed and isinstance(payload, dict)):
        return 400, bad_request("/", "The request body must be a JSON object.")
    return operation(payload)


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


def parse_paging(query, errors):
    """(page_number, page_size) with the shared rules: number >= 1 (default 1), size 1..250 (default 250)."""
    page_number = parse_page_param(query, "page[number]", 1, None, errors)
    page_size = parse_page_param(query, "page[size]", MAX_PAGE_SIZE, MAX_PAGE_SIZE, errors)
    return page_number, page_size


def page_meta(page_number, page_size, total):
    """The PaginationMeta object: page_number, page_size, total_pages (at least 1), total_results."""
    return {
        "page_number": page_number,
        "page_size": page_size,
        "total_pages": max(1, math.ceil(total / page_size)),
        "total_results": total,
    }


def list_body(fragments, meta):
    """``{"data": [...], "meta": {...}}`` from pre-rendered JSON fragments (bytes)."""
    return b'{"data":[' + b",".join(fragments) + b'],"meta":' + json.dumps(meta, separators=COMPACT).encode() + b"}"


def dumps(value):
    return json.dumps(value, separators=COMPACT).encode()


def deep_copy(value):
    return json.loads(json.dumps(value))
