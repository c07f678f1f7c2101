"""Outbound voice profiles: ``/v2/outbound_voice_profiles`` (list, create, retrieve, update, delete).

Derived from the OpenAPI operations ListOutboundVoiceProfiles, CreateVoiceProfile,
GetOutboundVoiceProfile, UpdateOutboundVoiceProfile and DeleteOutboundVoiceProfile (spec commit
4f3a6bd8) and the traps in the reference README. What the schema leaves open, decided here:

- Create answers **200** (the only success the schema declares), not 201.
- ``name`` (3+ characters) is required on create **and** on update: a PATCH without it is 422 with
  ``source.pointer`` "/name".
- ``daily_spend_limit`` is sent as a string of USD (``"100"``, ``"100.5"``, at most two decimals) and
  answered with two decimals (``"100.00"``); a number is 422. ``max_destination_rate`` is a number
  (>= 0) answered as sent. Both are null until set. ``concurrent_call_limit`` is an integer >= 0 or null.
- ``calling_window.start_time``/``end_time`` accept ``HH:MM`` or ``HH:MM[:SS[.ff]]Z`` and are stored
  and answered as ``HH:MM`` (seconds dropped); the ``calling_window_long_times`` quirk answers
  ``HH:MM:00.00Z`` instead. ``calls_per_cld`` is an integer >= 0 or null (no limit).
- ``whitelisted_destinations`` (default ["US", "CA"]) must be ISO alpha-2 codes (two upper-case letters).
- ``billing_group_id`` is a UUID or null. ``call_recording.call_recording_caller_phone_numbers`` are +E.164.
- ``connections_count`` (answers only) counts the connections (of every type) whose
  ``outbound.outbound_voice_profile_id`` names the profile.
- Deleting a profile that a connection still names is refused **422** (the emulator's choice; the
  schema declares 422 for the delete), code 10015 without source, detail naming the count; nothing
  changes.
- List: ``filter[name][contains]`` (case-insensitive substring), ``sort`` one of enabled, created_at,
  name, service_plan, traffic_type, usage_payment_method with an optional ``-`` (default
  ``-created_at``), ``page[size]`` 1..250 (default **20**, as the schema says) and ``page[number]`` >= 1.
  Bad parameters are **422** (the only client error the list declares), code 10015 with a pointer.
"""

import re
from decimal import Decimal

from .common import (
    E164_RE,
    Field, apply_fields, deep_copy, defaults_of, drop_unset, dumps, error_body, list_body, merge_partial, not_found, page_meta,
    parse_page_param, telnyx_error, validate_fields, with_object_body, id_order, MAX_PAGE_SIZE,
)
from .store import Resource

DEFAULT_PAGE_SIZE = 20
ALPHA2_RE = re.compile(r"[A-Z]{2}")
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
TIME_RE = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])(?::[0-5][0-9](?:\.[0-9]+)?)?Z?")
USD_RE = re.compile(r"[0-9]+(\.[0-9]{1,2})?")


def _usd_rule(value):
    return None if USD_RE.fullmatch(value) else "must be a string of USD with at most two decimals, such as \"100.00\""


def _time_rule(value):
    return None if TIME_RE.fullmatch(value) else "must be a UTC time of day, HH:MM (24-hour clock)"


def _alpha2_list_rule(value):
    bad = [item for item in value if not ALPHA2_RE.fullmatch(item)]
    return "must hold ISO 3166-1 alpha-2 codes, got %s" % ", ".join(map(repr, bad)) if bad else None


def _e164_list_rule(value):
    bad = [item for item in value if not E164_RE.fullmatch(item)]
    return "must hold +E.164 numbers, got %s" % ", ".join(map(repr, bad)) if bad else None


def _uuid_rule(value):
    return None if UUID_RE.fullmatch(value) else "must be a UUID"


def _name_rule(value):
    return None if len(value) >= 3 else "must be at least 3 characters long"


TOP_FIELDS = {
    "billing_group_id": Field("str", None, nullable=True, rule=_uuid_rule),
    "concurrent_call_limit": Field("int", None, nullable=True, minimum=0),
    "daily_spend_limit": Field("str", None, rule=_usd_rule),
    "daily_spend_limit_enabled": Field("bool", False),
    "enabled": Field("bool", True),
    "max_destination_rate": Field("number", None, minimum=0),
    "name": Field("str", rule=_name_rule),
    "service_plan": Field("str", "global", enum=("global",)),
    "tags": Field("str_list", ()),
    "traffic_type": Field("str", "conversational", enum=("conversational",)),
    "usage_payment_method": Field("str", "rate-deck", enum=("rate-deck",)),
    "whitelisted_destinations": Field("str_list", ("US", "CA"), rule=_alpha2_list_rule),
}
NESTED_FIELDS = {
    "call_recording": {
        "call_recording_caller_phone_numbers": Field("str_list", (), rule=_e164_list_rule),
        "call_recording_channels": Field("str", "single", enum=("single", "dual")),
        "call_recording_format": Field("str", "wav", enum=("wav", "mp3")),
        # No schema default; "none" is what an account that never asked for recording would have.
        "call_recording_type": Field("str", "none", enum=("all", "none", "by_caller_phone_number")),
    },
    "calling_window": {
        "calls_per_cld": Field("int", None, nullable=True, minimum=0),
        "end_time": Field("str", None, rule=_time_rule),
        "start_time": Field("str", None, rule=_time_rule),
    },
}
REQUIRED = ("name",)
SORT_KEYS = ("enabled", "created_at", "name", "service_plan", "traffic_type", "usage_payment_method")
QUIRK_FLAGS = ("calling_window_long_times",)
UNSET_ABSENT = ("daily_spend_limit", "max_destination_rate")
"""Typed without null and with no default in the schema: absent from answers while unset (calling_window's times too)."""


def _canonical(record, body):
    """Store the canonical spelling of what the body set: USD with two decimals, times as HH:MM."""
    if isinstance(body.get("daily_spend_limit"), str):
        record["daily_spend_limit"] = str(Decimal(body["daily_spend_limit"]).quantize(Decimal("0.01")))
    window = record.get("calling_window")
    if isinstance(window, dict):
        for key in ("start_time", "end_time"):
            if isinstance(window.get(key), str) and TIME_RE.fullmatch(window[key]):
                window[key] = window[key][:5]


class OutboundVoiceProfiles(Resource):
    """The outbound voice profile records, in creation order."""

    collection = "outbound_voice_profiles"
    quirk_flags = QUIRK_FLAGS

    def operations(self, rest, query, raw):
        if not rest:
            return {"GET": lambda: self.list(query), "POST": lambda: with_object_body(raw, self.create)}
        if len(rest) == 1:
            profile_id = rest[0]
            return {"GET": lambda: self.retrieve(profile_id),
                    "PATCH": lambda: with_object_body(raw, lambda body: self.update(profile_id, body)),
                    "DELETE": lambda: self.delete(profile_id)}
        return None

    # ---- helpers (callers hold the lock)

    def _present(self, record):
        shown = deep_copy(record)
        shown["connections_count"] = self.store.uses_profile(record["id"])
        drop_unset(shown, UNSET_ABSENT)
        window = shown.get("calling_window")
        if isinstance(window, dict):
            drop_unset(window, ("start_time", "end_time"))
        if self._quirk("calling_window_long_times") and isinstance(window, dict):
            for key in ("start_time", "end_time"):
                if isinstance(window.get(key), str) and len(window[key]) == 5:
                    window[key] += ":00.00Z"
        return dict(sorted(shown.items()))

    def _envelope(self, record):
        return dumps({"data": self._present(record)})

    def _new_record(self):
        record = defaults_of(TOP_FIELDS, NESTED_FIELDS)
        record.update(id=None, record_type="outbound_voice_profile", created_at=None, updated_at=None)
        return record

    # ---- API operations

    def list(self, query):
        """GET /outbound_voice_profiles: filter[name][contains], sort, paging (422 on bad parameters)."""
        errors = []
        page_number = parse_page_param(query, "page[number]", 1, None, errors)
        page_size = parse_page_param(query, "page[size]", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)
        sort = query.get("sort", "-created_at")
        descending = sort.startswith("-")
        sort_key = sort[1:] if descending else sort
        if sort_key not in SORT_KEYS:
            errors.append(telnyx_error("10015", "Bad Request",
                                       "sort must be one of %s, optionally prefixed with '-'" % ", ".join(SORT_KEYS), "/sort"))
        if errors:
            return 422, error_body(*errors)
        contains = query.get("filter[name][contains]")
        with self.lock:
            records = list(self.records.values())
            if contains is not None:
                records = [record for record in records if contains.casefold() in str(record.get("name")).casefold()]
            records.sort(key=lambda record: (str(record.get(sort_key)), id_order(record["id"])), reverse=descending)
            start = (page_number - 1) * page_size
            fragments = [dumps(self._present(record)) for record in records[start:start + page_size]]
            return 200, list_body(fragments, page_meta(page_number, page_size, len(records)))

    def create(self, body):
        """POST /outbound_voice_profiles: validate, fill in defaults, answer 200."""
        errors = validate_fields(body, TOP_FIELDS, NESTED_FIELDS, "create", REQUIRED)
        if errors:
            return 422, error_body(*errors)
        with self.lock:
            record = self._new_record()
            apply_fields(record, body, TOP_FIELDS, NESTED_FIELDS, "create")
            _canonical(record, body)
            record["id"] = self.store.new_id()
            record["created_at"] = record["updated_at"] = self.store.timestamp()
            self.records[record["id"]] = record
            return 200, self._envelope(record)

    def retrieve(self, profile_id):
        with self.lock:
            record = self.records.get(profile_id)
            return not_found() if record is None else (200, self._envelope(record))

    def update(self, profile_id, body):
        """PATCH /outbound_voice_profiles/{id}: ``name`` required, nested objects deep-merged."""
        errors = validate_fields(body, TOP_FIELDS, NESTED_FIELDS, "update", REQUIRED)
        with self.lock:
            record = self.records.get(profile_id)
            if record is None:
                return not_found()
            if errors:
                return 422, error_body(*errors)
            apply_fields(record, body, TOP_FIELDS, NESTED_FIELDS, "update")
            _canonical(record, body)
            record["updated_at"] = self.store.timestamp()
            return 200, self._envelope(record)

    def delete(self, profile_id):
        """DELETE /outbound_voice_profiles/{id}: 200 with the deleted profile; 422 while a connection names it."""
        with self.lock:
            record = self.records.get(profile_id)
            if record is None:
                return not_found()
            users = self.store.uses_profile(profile_id)
            if users:
                # No source.pointer: a DELETE has no body to point into.
                return 422, error_body(telnyx_error(
                    "10015", "Bad Request", "The outbound voice profile is assigned to %d connection(s); unassign it first." % users))
            body = self._envelope(record)
            self._remove(profile_id)
            return 200, body

    # ---- control side

    def state(self):
        return [deep_copy(record) for record in self.records.values()]

    def seed(self, partials):
        """Insert partial profiles over the defaults, no validation (lock held); return their ids."""
        now = self.store.timestamp()
        ids = []
        for partial in partials:
            record = merge_partial(self._new_record(), partial)
            record["id"] = str(partial["id"]) if "id" in partial else self.store.new_id()
            if record.get("name") is None:
                record["name"] = "seeded-profile-%s" % record["id"]
            record["created_at"] = record.get("created_at") or now
            record["updated_at"] = record.get("updated_at") or now
            self.records[record["id"]] = record
            ids.append(record["id"])
        return ids
