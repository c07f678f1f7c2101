"""Phone numbers: ``/v2/phone_numbers`` (list, retrieve, update) and ``/v2/phone_numbers/{id}/voice`` (get, update).

Derived from the OpenAPI operations ListPhoneNumbers, RetrievePhoneNumber, UpdatePhoneNumber,
GetPhoneNumberVoiceSettings and UpdatePhoneNumberVoiceSettings (spec commit 4f3a6bd8) and the traps
in the reference README. What the schema leaves open, decided here:

- Numbers cannot be bought, created or deleted through this API (number orders cost money): they
  are only seeded through ``POST /_emulator/seed``. POST on the collection and POST/DELETE on a number
  answer the Telnyx-shaped 405 with ``Allow``, as for any method a path does not serve.
- A number's settings live at two addresses. ``PATCH /phone_numbers/{id}`` takes ``connection_id``,
  ``tags``, ``customer_reference``, ``billing_group_id``, ``hd_voice_enabled``, ``external_pin`` and
  ``address_id`` (stored but not answered: the response schema has no such key). ``PATCH
  /phone_numbers/{id}/voice`` takes ``tech_prefix_enabled``, ``translated_number``,
  ``call_forwarding``, ``cnam_listing``, ``usage_payment_method``, ``media_features``,
  ``call_recording``, ``inbound_call_screening`` and ``caller_id_name_enabled``; nested objects are
  deep-merged. The number's answer mirrors some voice settings read-only (call_forwarding_enabled,
  call_recording_enabled, caller_id_name_enabled, cnam_listing_enabled, inbound_call_screening,
  t38_fax_gateway_enabled); the voice answer (record_type "voice_settings") has id, phone_number,
  connection_id, customer_reference and ``emergency`` besides the voice settings, and **no**
  ``caller_id_name_enabled`` (its schema has none: read it from the number).
- ``connection_id`` must name an existing credential connection (422, pointer "/connection_id",
  otherwise). ``null`` and ``""`` both detach the number (stored and answered as null); the
  quirks ``connection_id_null_refused`` / ``connection_id_empty_refused`` refuse one spelling with
  422. ``connection_name`` in answers is the attached connection's current name. Deleting a
  connection detaches its numbers.
- ``external_pin`` is answered (the response schema requires it, nullable); the ``withhold_external_pin``
  quirk answers it as null. ``billing_group_id``, ``customer_reference`` and ``external_pin`` accept null.
- ``cnam_listing.cnam_listing_details``: at most 15 letters, digits or spaces; after the merge, details
  need ``cnam_listing_enabled: true`` and enabled needs details (422 on the offending key).
  ``call_forwarding.forwards_to`` is "" (no forwarding) or +E.164. Unset defaults:
  forwarding_type null, forwards_to "", cnam_listing_details null, translated_number "".
- List: ``page[size]`` 1..250 (default **20**, as the schema says), ``page[number]`` >= 1; filters
  ``filter[phone_number]`` (at least 3 characters, else 400; any non-digit, "+" included, returns
  nothing; otherwise the digits are searched in the number's digits), ``filter[tag]``,
  ``filter[status]``, ``filter[country_iso_alpha2]`` (comma-separated for several),
  ``filter[connection_id]``, ``filter[voice.connection_name][eq|contains|starts_with|ends_with]``
  (the last three need 3+ characters), ``filter[voice.usage_payment_method]``,
  ``filter[billing_group_id]`` and ``filter[emergency_address_id]`` (the string "null" matches
  unset), ``filter[customer_reference]``, ``filter[number_type][eq]``, ``filter[source]``
  (ported/purchased); ``sort`` purchased_at, phone_number, connection_name or usage_payment_method
  (ascending; default created_at descending); ``handle_messaging_profile_error`` "true"/"false".
  Bad parameters are 400, code 10015 with a pointer.
"""

import re

from .common import (
    E164_RE,
    MAX_PAGE_SIZE, Field, apply_fields, deep_copy, defaults_of, drop_unset, dumps, error_body, list_body, merge_partial, not_found,
    page_meta, parse_page_param, telnyx_error, validate_fields, validation_error, with_object_body, id_order,
)
from .emergency import Emergency
from .phone_number_jobs import Jobs
from .store import Resource

DEFAULT_PAGE_SIZE = 20
DIGITS_RE = re.compile(r"[0-9]+")
CNAM_RE = re.compile(r"[A-Za-z0-9 ]{0,15}")
STATUSES = ("purchase-pending", "purchase-failed", "port-pending", "active", "deleted", "port-failed", "emergency-only",
            "ported-out", "port-out-pending")
NUMBER_TYPES = ("local", "national", "toll_free", "mobile", "shared_cost")
USAGE_PAYMENT_METHODS = ("pay-per-minute", "channel")
SOURCES = {"ported": "port_request", "purchased": "number_order"}
SORT_KEYS = ("purchased_at", "phone_number", "connection_name", "usage_payment_method")
VOICE_UNSET_ABSENT = (("call_forwarding", "forwarding_type"), ("cnam_listing", "cnam_listing_details"))
"""Typed without null and with no default in the voice settings schema: absent from answers while unset."""
QUIRK_FLAGS = ("withhold_external_pin", "connection_id_null_refused", "connection_id_empty_refused", "jobs_accept_unowned")
COUNTRY_PREFIXES = (("+1", "US"), ("+44", "GB"), ("+49", "DE"), ("+33", "FR"), ("+31", "NL"), ("+61", "AU"), ("+55", "BR"))
NAME_FILTERS = ("eq", "contains", "starts_with", "ends_with")


def _forwards_to_rule(value):
    return None if value == "" or E164_RE.fullmatch(value) else "must be a +E.164 number (or \"\" for none)"


def _cnam_rule(value):
    return None if CNAM_RE.fullmatch(value) else "must be at most 15 letters, digits or spaces"


NUMBER_FIELDS = {
    "address_id": Field("str"),
    "billing_group_id": Field("str", None, nullable=True),
    "customer_reference": Field("str", None, nullable=True),
    "external_pin": Field("str", None, nullable=True),
    "hd_voice_enabled": Field("bool", False),
    "tags": Field("str_list", ()),
}
"""PATCH /phone_numbers/{id} fields other than connection_id (checked against the connections)."""

VOICE_FIELDS = {
    "caller_id_name_enabled": Field("bool", False),
    "inbound_call_screening": Field("str", "disabled", enum=("disabled", "reject_calls", "flag_calls")),
    "tech_prefix_enabled": Field("bool", False),
    "translated_number": Field("str", ""),
    "usage_payment_method": Field("str", "pay-per-minute", enum=USAGE_PAYMENT_METHODS),
}
VOICE_NESTED = {
    "call_forwarding": {
        "call_forwarding_enabled": Field("bool", True),
        "forwarding_type": Field("str", None, enum=("always", "on-failure")),
        "forwards_to": Field("str", "", rule=_forwards_to_rule),
    },
    "call_recording": {
        "inbound_call_recording_channels": Field("str", "single", enum=("single", "dual")),
        "inbound_call_recording_enabled": Field("bool", False),
        "inbound_call_recording_format": Field("str", "wav", enum=("wav", "mp3")),
    },
    "cnam_listing": {
        "cnam_listing_details": Field("str", None, rule=_cnam_rule),
        "cnam_listing_enabled": Field("bool", False),
    },
    "media_features": {
        "accept_any_rtp_packets_enabled": Field("bool", False),
        "rtp_auto_adjust_enabled": Field("bool", True),
        "t38_fax_gateway_enabled": Field("bool", False),
    },
}

NUMBER_DEFAULTS = {
    "billing_group_id": None, "connection_id": None, "country_iso_alpha2": None, "customer_reference": None,
    "deletion_lock_enabled": False, "emergency_address_id": None, "emergency_enabled": False,
    "emergency_status": "disabled", "external_pin": None, "hd_voice_enabled": False, "messaging_profile_id": None,
    "messaging_profile_name": None, "phone_number": None, "phone_number_type": "local", "record_type": "phone_number",
    "source_type": "number_order", "status": "active", "tags": [],
}
HIDDEN_KEYS = ("voice", "address_id", "emergency_due")
"""Stored but not part of the number's answer."""


def country_of(phone_number):
    for prefix, country in COUNTRY_PREFIXES:
        if phone_number.startswith(prefix):
            return country
    return None


def _nested(voice, group, key):
    """voice[group][key], or None when a seeded record holds no object there (seeding does not validate)."""
    value = voice.get(group)
    return value.get(key) if isinstance(value, dict) else None


def cnam_errors(voice):
    """The cross-field rule of cnam_listing, checked on the merged settings."""
    details, enabled = _nested(voice, "cnam_listing", "cnam_listing_details"), _nested(voice, "cnam_listing", "cnam_listing_enabled")
    if details and enabled is not True:
        return [validation_error("/cnam_listing/cnam_listing_details",
                                 "cnam_listing.cnam_listing_details requires cnam_listing.cnam_listing_enabled to be true")]
    if enabled is True and not details:
        return [validation_error("/cnam_listing/cnam_listing_enabled",
                                 "cnam_listing.cnam_listing_enabled requires cnam_listing.cnam_listing_details to be set")]
    return []


class PhoneNumbers(Resource):
    """The account's phone numbers (seeded only), each with its voice settings under ``voice``."""

    collection = "phone_numbers"
    quirk_flags = QUIRK_FLAGS

    def clear(self):
        super().clear()
        self.jobs = Jobs(self)
        self.emergency = Emergency(self)

    def operations(self, rest, query, raw):
        """Every operation first settles the jobs that are due, so that reads see what a finished job wrote."""
        operations = self._operations(rest, query, raw)
        if operations is None:
            return None
        return {method: self._settled(operation) for method, operation in operations.items()}

    def _settled(self, operation):
        def run():
            with self.lock:
                self.jobs.settle()
            return operation()
        return run

    def _operations(self, rest, query, raw):
        if not rest:
            return {"GET": lambda: self.list(query)}
        if rest[0] in ("jobs", "voice"):
            return self.jobs.operations(rest, query, raw)
        number_id = rest[0]
        if len(rest) == 1:
            return {"GET": lambda: self.retrieve(number_id),
                    "PATCH": lambda: with_object_body(raw, lambda body: self.update(number_id, body))}
        if rest[1:] == ["actions", "enable_emergency"]:
            return {"POST": lambda: with_object_body(raw, lambda body: self.emergency.enable(number_id, body))}
        if rest[1:] == ["voice"]:
            return {"GET": lambda: self.retrieve_voice(number_id),
                    "PATCH": lambda: with_object_body(raw, lambda body: self.update_voice(number_id, body))}
        return None

    def on_removed(self, collection, record_id):
        """A deleted connection leaves its numbers unattached (lock held)."""
        if not getattr(self.store.resources.get(collection), "is_connection", False):
            return
        for record in self.records.values():
            if record.get("connection_id") == record_id:
                record["connection_id"] = None
                record["updated_at"] = self.store.timestamp()

    # ---- helpers (callers hold the lock)

    def _connection_name(self, record):
        connection = self.store.connection(record.get("connection_id"))
        return connection.get("connection_name") if connection else None

    def _present(self, record):
        shown = {key: _copy(value) for key, value in record.items() if key not in HIDDEN_KEYS}
        voice = record["voice"]
        shown.update(
            connection_name=self._connection_name(record),
            call_forwarding_enabled=_nested(voice, "call_forwarding", "call_forwarding_enabled"),
            call_recording_enabled=_nested(voice, "call_recording", "inbound_call_recording_enabled"),
            caller_id_name_enabled=voice.get("caller_id_name_enabled"),
            cnam_listing_enabled=_nested(voice, "cnam_listing", "cnam_listing_enabled"),
            inbound_call_screening=voice.get("inbound_call_screening"),
            t38_fax_gateway_enabled=_nested(voice, "media_features", "t38_fax_gateway_enabled"),
        )
        if self._quirk("withhold_external_pin"):
            shown["external_pin"] = None
        return dict(sorted(shown.items()))

    def _present_voice(self, record):
        shown = {key: _copy(value) for key, value in record["voice"].items() if key != "caller_id_name_enabled"}
        shown.update(
            id=record["id"], record_type="voice_settings", phone_number=record["phone_number"],
            connection_id=record.get("connection_id"), customer_reference=record.get("customer_reference"),
            emergency={"emergency_address_id": record.get("emergency_address_id"),
                       "emergency_enabled": record.get("emergency_enabled"),
                       "emergency_status": record.get("emergency_status")},
        )
        for parent, key in VOICE_UNSET_ABSENT:
            if isinstance(shown.get(parent), dict):
                drop_unset(shown[parent], (key,))
        return dict(sorted(shown.items()))

    def _connection_id_errors(self, body):
        if "connection_id" not in body:
            return []
        value = body["connection_id"]
        if value is None:
            refused = self._quirk("connection_id_null_refused")
            return [validation_error("/connection_id", "connection_id must be a string")] if refused else []
        if not isinstance(value, str):
            return [validation_error("/connection_id", "connection_id must be a string")]
        if value == "":
            refused = self._quirk("connection_id_empty_refused")
            return [validation_error("/connection_id", "connection_id must not be blank")] if refused else []
        if self.store.connection(value) is None:
            return [validation_error("/connection_id", "connection_id %s does not name an existing connection" % value)]
        return []

    # ---- API operations

    def list(self, query):
        """GET /phone_numbers: the filters, sort and paging of the module docstring (400 on bad parameters)."""
        errors = []
        page_number = parse_page_param(query, "page[number]", 1, None, errors)
        page_size = parse_page_param(query, "page[size]", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)
        sort = query.get("sort")
        if sort is not None and sort not in SORT_KEYS:
            errors.append(telnyx_error("10015", "Bad Request", "sort must be one of %s" % ", ".join(SORT_KEYS), "/sort"))
        tests = self._filters(query, errors)
        if query.get("handle_messaging_profile_error", "false") not in ("true", "false"):
            errors.append(telnyx_error("10015", "Bad Request", "handle_messaging_profile_error must be true or false",
                                       "/handle_messaging_profile_error"))
        if errors:
            return 400, error_body(*errors)
        start = (page_number - 1) * page_size
        with self.lock:
            if not tests and sort is None:
                # The default order, no filter: only the page is presented (10,000 numbers are 40 cheap pages).
                records = sorted(self.records.values(), key=lambda record: (record["created_at"], id_order(record["id"])),
                                 reverse=True)
                fragments = [dumps(self._present(record)) for record in records[start:start + page_size]]
                return 200, list_body(fragments, page_meta(page_number, page_size, len(records)))
            # Filters and sorts see the voice usage_payment_method too; the answer does not carry it.
            views = [dict(self._present(record), usage_payment_method=record["voice"].get("usage_payment_method"))
                     for record in self.records.values()]
        views = [view for view in views if all(test(view) for test in tests)]
        if sort is None:
            views.sort(key=lambda view: (view["created_at"], id_order(view["id"])), reverse=True)
        else:
            views.sort(key=lambda view: (str(view.get(sort) or ""), id_order(view["id"])))
        shown = [{key: value for key, value in view.items() if key != "usage_payment_method"} for view in views]
        fragments = [dumps(number) for number in shown[start:start + page_size]]
        return 200, list_body(fragments, page_meta(page_number, page_size, len(shown)))

    @staticmethod
    def _filters(query, errors):
        """Turn the filter[...] parameters into predicates on a presented number; record 400 entries."""
        tests = []

        def problem(key, detail):
            errors.append(telnyx_error("10015", "Bad Request", detail, "/" + key.replace("[", "/").replace("]", "")))

        def exact(field, key):
            value = query[key]
            if value == "null":
                tests.append(lambda number: number.get(field) is None)
            else:
                tests.append(lambda number: number.get(field) == value)

        for key, value in query.items():
            if key == "filter[phone_number]":
                if len(value) < 3:
                    problem(key, "filter[phone_number] requires at least three digits")
                elif not DIGITS_RE.fullmatch(value):
                    tests.append(lambda number: False)
                else:
                    tests.append(lambda number, digits=value: digits in number["phone_number"].lstrip("+"))
            elif key == "filter[tag]":
                tests.append(lambda number, tag=value: tag in number.get("tags", []))
            elif key == "filter[status]":
                if value not in STATUSES:
                    problem(key, "filter[status] must be one of %s" % ", ".join(STATUSES))
                tests.append(lambda number, status=value: number.get("status") == status)
            elif key == "filter[country_iso_alpha2]":
                tests.append(lambda number, countries=value.split(","): number.get("country_iso_alpha2") in countries)
            elif key in ("filter[connection_id]", "filter[customer_reference]"):
                tests.append(lambda number, field=key[7:-1], wanted=value: number.get(field) == wanted)
            elif key in ("filter[billing_group_id]", "filter[emergency_address_id]"):
                exact(key[7:-1], key)
            elif key == "filter[voice.usage_payment_method]":
                if value not in USAGE_PAYMENT_METHODS:
                    problem(key, "%s must be one of %s" % (key, ", ".join(USAGE_PAYMENT_METHODS)))
                tests.append(lambda number, method=value: number.get("usage_payment_method") == method)
            elif key.startswith("filter[voice.connection_name]["):
                operator = key[len("filter[voice.connection_name]["):-1]
                if operator not in NAME_FILTERS:
                    problem(key, "filter[voice.connection_name] takes %s" % ", ".join(NAME_FILTERS))
                elif operator != "eq" and len(value) < 3:
                    problem(key, "%s requires at least three characters" % key)
                tests.append(lambda number, operator=operator, text=value: _name_matches(number.get("connection_name"), operator, text))
            elif key == "filter[number_type][eq]":
                if value not in NUMBER_TYPES:
                    problem(key, "%s must be one of %s" % (key, ", ".join(NUMBER_TYPES)))
                tests.append(lambda number, kind=value: number.get("phone_number_type") == kind)
            elif key == "filter[source]":
                if value not in SOURCES:
                    problem(key, "filter[source] must be ported or purchased")
                tests.append(lambda number, source=SOURCES.get(value): number.get("source_type") == source)
        return tests

    def retrieve(self, number_id):
        with self.lock:
            record = self.records.get(number_id)
            return not_found() if record is None else (200, {"data": self._present(record)})

    def retrieve_voice(self, number_id):
        with self.lock:
            record = self.records.get(number_id)
            return not_found() if record is None else (200, {"data": self._present_voice(record)})

    def update(self, number_id, body):
        """PATCH /phone_numbers/{id}: validate, apply, answer the number."""
        errors = validate_fields(body, NUMBER_FIELDS, {}, "update")
        with self.lock:
            record = self.records.get(number_id)
            if record is None:
                return not_found()
            errors.extend(self._connection_id_errors(body))
            if errors:
                return 422, error_body(*errors)
            apply_fields(record, body, NUMBER_FIELDS, {}, "update")
            if "connection_id" in body:
                record["connection_id"] = body["connection_id"] or None
            record["updated_at"] = self.store.timestamp()
            return 200, {"data": self._present(record)}

    def update_voice(self, number_id, body):
        """PATCH /phone_numbers/{id}/voice: validate, deep-merge, check the merged cnam rule, answer the settings."""
        errors = validate_fields(body, VOICE_FIELDS, VOICE_NESTED, "update")
        with self.lock:
            record = self.records.get(number_id)
            if record is None:
                return not_found()
            if errors:
                return 422, error_body(*errors)
            merged = deep_copy(record["voice"])
            apply_fields(merged, body, VOICE_FIELDS, VOICE_NESTED, "update")
            errors = cnam_errors(merged)
            if errors:
                return 422, error_body(*errors)
            record["voice"] = merged
            record["updated_at"] = self.store.timestamp()
            return 200, {"data": self._present_voice(record)}

    # ---- control side

    def state(self):
        self.jobs.settle()
        return [deep_copy(record) for record in self.records.values()]

    @staticmethod
    def seed_problem(partial):
        number = partial.get("phone_number")
        if not (isinstance(number, str) and E164_RE.fullmatch(number)):
            return "each seeded phone number needs phone_number in +E.164, got %r" % (number,)
        if "voice" in partial and not isinstance(partial["voice"], dict):
            return "a seeded phone number's voice must be an object"
        return None

    def seed_clash(self, partials):
        """A problem text when a seeded phone_number repeats or is already on the account (lock held)."""
        wanted = [partial["phone_number"] for partial in partials]
        taken = {record["phone_number"] for record in self.records.values()}
        repeated = sorted({number for number in wanted if wanted.count(number) > 1 or number in taken})
        return "phone number(s) already on the account or repeated: %s" % ", ".join(repeated) if repeated else None

    def seed(self, partials):
        """Insert numbers (partials over the defaults, ``voice`` merged over the voice defaults); return ids."""
        now = self.store.timestamp()
        ids = []
        for partial in partials:
            top = {key: value for key, value in partial.items() if key != "voice"}
            record = merge_partial(deep_copy(NUMBER_DEFAULTS), top)
            record["voice"] = merge_partial(defaults_of(VOICE_FIELDS, VOICE_NESTED), partial.get("voice", {}))
            record["id"] = str(partial["id"]) if "id" in partial else self.store.new_id()
            record["country_iso_alpha2"] = record.get("country_iso_alpha2") or country_of(record["phone_number"])
            for key in ("created_at", "updated_at", "purchased_at", "activated_at"):
                record[key] = record.get(key) or now
            self.records[record["id"]] = record
            ids.append(record["id"])
        return ids


def _copy(value):
    """A value of a record, safe to hand out: nested objects and lists copied, scalars as they are."""
    return deep_copy(value) if isinstance(value, (dict, list)) else value


def _name_matches(name, operator, text):
    if name is None:
        return False
    if operator == "eq":
        return name == text
    name, text = name.casefold(), text.casefold()
    return {"contains": text in name, "starts_with": name.startswith(text), "ends_with": name.endswith(text)}.get(operator, False)
