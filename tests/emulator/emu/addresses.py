"""Emergency addresses: ``/v2/addresses`` (list, create, retrieve, delete) and ``/v2/addresses/actions/validate``.

Derived from the OpenAPI operations FindAddresses, CreateAddress, ValidateAddress, GetAddress and DeleteAddress
(spec commit 4f3a6bd8, ``emergency.*``) and the traps in the reference README. What the schema leaves open, decided
here:

- Addresses are immutable: ``/addresses/{id}`` serves GET and DELETE only (PATCH is the Telnyx-shaped 405).
- Create answers **200** (the only success the schema declares). ``first_name``, ``last_name``, ``business_name``,
  ``street_address``, ``locality`` and ``country_code`` are required (the schema's list, although each name's
  description says "first and last name or a business name"); ``country_code`` is two upper-case letters. Every
  other field is a string; ``address_book`` and ``validate_address`` are booleans defaulting to true. Unset strings
  are absent from answers (typed without null). Problems are 422, code 10015, one entry per field with a pointer.
- **The bad-address trigger** (deterministic, for tests): a ``street_address`` containing ``UNDELIVERABLE`` (any
  case) is not a real address. With ``validate_address`` true (the default) its create is refused 422 with the
  schema's own example error (code 20207 "Invalid street address", pointer /street_address). With
  ``validate_address: false`` it is stored (the schema: such an address "will not be able to be used for emergency
  services"), and emergency provisioning with it ends ``provisioning-failed`` (see ``phone_number_jobs``).
  ``POST /addresses/actions/validate`` answers ``result: invalid`` with that error for it, ``valid`` otherwise
  (with ``suggested`` echoing the address); its required keys (``country_code``, ``street_address``,
  ``postal_code``) missing are 422.
- Delete answers 200 with the deleted address. An address that a number still names as its emergency address
  (``emergency_address_id``, whatever its ``emergency_status``) is refused **422** (the emulator's choice: the
  contract does not say; the schema declares 422 for the delete), code 10015 without source, the detail naming
  the numbers.
- List: ``page[size]`` 1..250 (default **20**), ``page[number]`` >= 1; ``filter[customer_reference]`` (a string:
  case-insensitive substring), ``filter[customer_reference][eq]`` (exact) and ``[contains]`` (case-insensitive),
  ``filter[street_address][contains]`` (3+ characters, case-insensitive), ``filter[used_as_emergency]`` ("true":
  named by at least one number with emergency enabled whose status is active; "false": by none),
  ``filter[address_book][eq]`` ("true"/"false"); ``sort`` created_at, first_name, last_name, business_name or
  street_address, with an optional ``-`` (default ``-created_at``). Bad parameters are **400** (the list declares
  400), code 10015 with a pointer.
"""

import re

from .common import (
    MAX_PAGE_SIZE, Field, apply_fields, deep_copy, drop_unset, dumps, error_body, id_order, list_body, merge_partial,
    not_found, page_meta, parse_page_param, telnyx_error, validate_fields, with_object_body,
)
from .store import Resource

DEFAULT_PAGE_SIZE = 20
ALPHA2_RE = re.compile(r"[A-Z]{2}")
BAD_ADDRESS_MARKER = "undeliverable"
"""A street address containing this (any case) is not a real address: the emulator's documented trigger."""
SORT_KEYS = ("created_at", "first_name", "last_name", "business_name", "street_address")
STRING_FIELDS = ("administrative_area", "borough", "business_name", "country_code", "customer_reference",
                 "extended_address", "first_name", "last_name", "locality", "neighborhood", "phone_number",
                 "postal_code", "street_address")
REQUIRED = ("first_name", "last_name", "business_name", "street_address", "locality", "country_code")
VALIDATE_REQUIRED = ("country_code", "street_address", "postal_code")
VALIDATE_FIELDS = ("administrative_area", "country_code", "extended_address", "locality", "postal_code",
                   "street_address")


def _alpha2_rule(value):
    return None if ALPHA2_RE.fullmatch(value) else "must be a two-letter ISO 3166-1 alpha-2 code such as \"US\""


FIELDS = dict({name: Field("str", None) for name in STRING_FIELDS},
              address_book=Field("bool", True), validate_address=Field("bool", True),
              country_code=Field("str", None, rule=_alpha2_rule))


def is_bad_address(record):
    """Whether the address is the emulator's undeliverable one (it fails validation and provisioning)."""
    return BAD_ADDRESS_MARKER in str(record.get("street_address") or "").casefold()


def invalid_street_error():
    """The schema's own example of an address error (ValidateAddress ``errors[]``, the Error schema)."""
    return {"code": "20207", "title": "Invalid street address", "detail": "The street address provided is invalid.",
            "source": {"pointer": "/street_address"}}


class Addresses(Resource):
    """The account's addresses, in creation order; the numbers' emergency settings name them."""

    collection = "addresses"

    def operations(self, rest, query, raw):
        if not rest:
            return {"GET": lambda: self.list(query), "POST": lambda: with_object_body(raw, self.create)}
        if rest == ["actions", "validate"]:
            return {"POST": lambda: with_object_body(raw, self.validate)}
        if len(rest) == 1:
            address_id = rest[0]
            return {"GET": lambda: self.retrieve(address_id), "DELETE": lambda: self.delete(address_id)}
        return None

    # ---- helpers (callers hold the lock)

    def _numbers(self):
        numbers = self.store.resources["phone_numbers"]
        numbers.jobs.settle()
        return numbers.records.values()

    def _users(self, address_id):
        """The numbers (+E.164) naming the address as their emergency address."""
        return [record["phone_number"] for record in self._numbers() if record.get("emergency_address_id") == address_id]

    def _used_as_emergency(self, address_id):
        return any(record.get("emergency_address_id") == address_id and record.get("emergency_enabled") is True
                   and record.get("status") == "active" for record in self._numbers())

    @staticmethod
    def _present(record):
        shown = deep_copy(record)
        drop_unset(shown, STRING_FIELDS)
        return dict(sorted(shown.items()))

    # ---- API operations

    def list(self, query):
        """GET /addresses: the filters, sort and paging of the module docstring (400 on bad parameters)."""
        errors = []
        page_number = parse_page_param(query, "page[number]", 1, None, errors)
        page_size = parse_page_param(query, "page[size]", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)
        sort = query.get("sort", "-created_at")
        descending = sort.startswith("-")
        sort_key = sort[1:] if descending else sort
        if sort_key not in SORT_KEYS:
            errors.append(telnyx_error("10015", "Bad Request", "sort must be one of %s, optionally prefixed with '-'"
                                       % ", ".join(SORT_KEYS), "/sort"))
        tests = self._filters(query, errors)
        if errors:
            return 400, error_body(*errors)
        with self.lock:
            records = [record for record in self.records.values() if all(test(record) for test in tests)]
            records.sort(key=lambda record: (str(record.get(sort_key) or ""), id_order(record["id"])), reverse=descending)
            start = (page_number - 1) * page_size
            fragments = [dumps(self._present(record)) for record in records[start:start + page_size]]
            return 200, list_body(fragments, page_meta(page_number, page_size, len(records)))

    def _filters(self, query, errors):
        tests = []

        def problem(key, detail):
            errors.append(telnyx_error("10015", "Bad Request", detail, "/" + key.replace("[", "/").replace("]", "")))

        def flag(key, value):
            if value not in ("true", "false"):
                problem(key, "%s must be 'true' or 'false'" % key)
            return value == "true"

        for key, value in query.items():
            if key in ("filter[customer_reference]", "filter[customer_reference][contains]"):
                tests.append(lambda record, text=value.casefold():
                             text in str(record.get("customer_reference") or "").casefold())
            elif key == "filter[customer_reference][eq]":
                tests.append(lambda record, text=value: record.get("customer_reference") == text)
            elif key == "filter[street_address][contains]":
                if len(value) < 3:
                    problem(key, "%s requires at least three characters" % key)
                tests.append(lambda record, text=value.casefold():
                             text in str(record.get("street_address") or "").casefold())
            elif key == "filter[used_as_emergency]":
                wanted = flag(key, value)
                tests.append(lambda record, wanted=wanted: self._used_as_emergency(record["id"]) == wanted)
            elif key == "filter[address_book][eq]":
                wanted = flag(key, value)
                tests.append(lambda record, wanted=wanted: record.get("address_book") is wanted)
            elif key.startswith("filter["):
                problem(key, "%s is not a filter of addresses" % key)
        return tests

    def create(self, body):
        """POST /addresses: validate (the bad-address trigger included when validate_address), answer 200."""
        errors = validate_fields(body, FIELDS, {}, "create", REQUIRED)
        if errors:
            return 422, error_body(*errors)
        if body.get("validate_address", True) and is_bad_address(body):
            error = invalid_street_error()
            return 422, error_body(telnyx_error(error["code"], error["title"], error["detail"], "/street_address"))
        with self.lock:
            record = {"address_book": True, "validate_address": True}
            apply_fields(record, body, FIELDS, {}, "create")
            record.update(id=self.store.new_id(), record_type="address")
            record["created_at"] = record["updated_at"] = self.store.timestamp()
            self.records[record["id"]] = record
            return 200, {"data": self._present(record)}

    @staticmethod
    def validate(body):
        """POST /addresses/actions/validate: valid, or invalid with the schema's example error."""
        errors = validate_fields(body, {name: FIELDS[name] for name in VALIDATE_FIELDS}, {}, "create",
                                 VALIDATE_REQUIRED)
        if errors:
            return 422, error_body(*errors)
        suggested = {key: body[key] for key in VALIDATE_FIELDS if key in body}
        if is_bad_address(body):
            return 200, {"data": {"record_type": "address_validation", "result": "invalid",
                                  "suggested": suggested, "errors": [invalid_street_error()]}}
        return 200, {"data": {"record_type": "address_validation", "result": "valid", "suggested": suggested,
                              "errors": []}}

    def retrieve(self, address_id):
        with self.lock:
            record = self.records.get(address_id)
            return not_found() if record is None else (200, {"data": self._present(record)})

    def delete(self, address_id):
        """DELETE /addresses/{id}: 200 with the deleted address; 422 while a number names it."""
        with self.lock:
            record = self.records.get(address_id)
            if record is None:
                return not_found()
            users = self._users(address_id)
            if users:
                return 422, error_body(telnyx_error(
                    "10015", "Bad Request", "The address is the emergency address of %s; move or disable them first."
                    % ", ".join(users)))
            shown = self._present(record)
            self._remove(address_id)
            return 200, {"data": shown}

    # ---- control side

    def state(self):
        return [deep_copy(record) for record in self.records.values()]

    def seed(self, partials):
        """Insert partial addresses, no validation (lock held); return their ids."""
        now = self.store.timestamp()
        ids = []
        for partial in partials:
            record = merge_partial({"address_book": True, "validate_address": True, "record_type": "address"}, partial)
            record["id"] = str(partial["id"]) if "id" in partial else self.store.new_id()
            record["created_at"] = record.get("created_at") or now
            record["updated_at"] = record.get("updated_at") or now
            self.records[record["id"]] = record
            ids.append(record["id"])
        return ids
