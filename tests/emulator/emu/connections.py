"""Credential connections: ``/v2/credential_connections`` (six operations) and their field table.

The field table is written out as code, derived from the OpenAPI spec ``team-telnyx/openapi``
``spec3.yml`` at commit 4f3a6bd8 (2026-07-16) and the project's fact sheet (FACTS.md section 3).
Operations: list (filters ``filter[connection_name][contains]`` (3+ characters, case-insensitive),
``filter[fqdn]`` (never matches a credential connection), ``filter[outbound_voice_profile_id]`` and
``filter[outbound.outbound_voice_profile_id]``; ``sort`` created_at/connection_name/active with an
optional ``-``), create (201), retrieve, update (deep-merges nested objects), delete (200 with the
deleted object) and ``POST .../{id}/actions/check_registration_status``.
"""

import json
import re
from urllib.parse import urlsplit

from .common import (
    COMPACT, Field, apply_fields, drop_unset, error_body, list_body, merge_partial, not_found, page_meta, parse_paging,
    telnyx_error, validate_fields, validation_error, with_object_body, id_order,
)
from .store import Resource

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


def default_record_json(top_fields, nested_fields, record_type, undocumented_top=None, undocumented_nested=None):
    """Serialise the record a create starts from, keys sorted like the spec, so copies are one json.loads."""
    record = {name: field.default for name, field in top_fields.items()}
    for name, fields in nested_fields.items():
        nested = {sub: field.default for sub, field in fields.items()}
        nested.update((undocumented_nested or {}).get(name, {}))
        record[name] = dict(sorted(nested.items()))
    record.update(undocumented_top or {})
    record.update(id=None, record_type=record_type, created_at=None, updated_at=None)
    return json.dumps(dict(sorted(record.items())))


DEFAULT_RECORD_JSON = default_record_json(TOP_FIELDS, NESTED_FIELDS, "credential_connection", UNDOCUMENTED_TOP,
                                          UNDOCUMENTED_NESTED)


def new_default_record():
    """Return a fresh, independent record holding every server default."""
    return json.loads(DEFAULT_RECORD_JSON)


def validate_body(body, operation):
    """Every 422 entry for a create or update body (the shared rules plus the texml/call-parking rule)."""
    errors = validate_fields(body, TOP_FIELDS, NESTED_FIELDS, operation, REQUIRED_ON_CREATE if operation == "create" else ())
    if operation == "create" and body.get("webhook_api_version") == "texml":
        outbound = body.get("outbound")
        if not (isinstance(outbound, dict) and outbound.get("call_parking_enabled") is True):
            errors.append(validation_error(
                "/webhook_api_version", "webhook_api_version texml can only be set when outbound.call_parking_enabled is true"))
    return errors


def profile_of(record):
    """outbound.outbound_voice_profile_id, or None (also when a seeded record has no outbound object)."""
    outbound = record.get("outbound")
    return outbound.get("outbound_voice_profile_id") if isinstance(outbound, dict) else None


class ConnectionResource(Resource):
    """A connection type (credential, FQDN, IP): the operations every type shares, driven by the class's tables.

    Rendered JSON of each record is cached (and dropped when the record or the quirks change), and so is the id
    order for each sort key, so a listing copies no records per request. A type sets its tables and record_type,
    and adds its own rules in the hooks ``extra_errors``, ``_present``, ``_index``/``_unindex`` and ``_seed_fill``.
    """

    top_fields = {}
    nested_fields = {}
    required_on_create = ()
    record_type = ""
    default_record_json = "{}"
    # The references other resources keep to a connection (a number's connection_id) accept every type.
    is_connection = True

    def clear(self):
        self.records = {}
        self.fragments = {}
        self.orders = {}

    def quirks_changed(self):
        self.fragments.clear()

    def operations(self, rest, query, raw):
        if not rest:
            return {"GET": lambda: self.list(query), "POST": lambda: with_object_body(raw, self.create)}
        connection_id = rest[0]
        if len(rest) == 1:
            return {"GET": lambda: self.retrieve(connection_id),
                    "PATCH": lambda: with_object_body(raw, lambda body: self.update(connection_id, body)),
                    "DELETE": lambda: self.delete(connection_id)}
        return None

    # ---- hooks

    def extra_errors(self, body, operation, connection_id, errors):
        """The type's own 422 entries for a body, beyond the tables' rules (lock held)."""

    def _present(self, record):
        """The record as the API shows it: every unset value of a field the schema types without null is left
        out (null would break the contract)."""
        shown = dict(record)
        for name, field in self.top_fields.items():
            if shown.get(name) is None and not field.nullable and field.default is None:
                shown.pop(name, None)
        for parent, fields in self.nested_fields.items():
            nested = shown.get(parent)
            if isinstance(nested, dict):
                shown[parent] = {key: value for key, value in nested.items()
                                 if not (value is None and key in fields and not fields[key].nullable)}
        return shown

    def _index(self, record):
        """Index what must be unique across records (lock held)."""

    def _unindex(self, record):
        """Undo ``_index`` before a record changes or goes (lock held)."""

    def _seed_fill(self, record, partial, numbered):
        """Complete a seeded record with what a create would have required."""

    # ---- helpers (callers hold the lock)

    def _insert(self, record):
        self.records[record["id"]] = record
        self._index(record)
        self.orders.clear()

    def _touched(self, connection_id):
        self.fragments.pop(connection_id, None)
        self.orders.clear()

    def _remove(self, record_id):
        self._unindex(self.records[record_id])
        record = super()._remove(record_id)
        self._touched(record_id)
        return record

    def _fragment(self, connection_id):
        fragment = self.fragments.get(connection_id)
        if fragment is None:
            fragment = json.dumps(self._present(self.records[connection_id]), separators=COMPACT).encode()
            self.fragments[connection_id] = fragment
        return fragment

    def _envelope(self, connection_id):
        return b'{"data":' + self._fragment(connection_id) + b"}"

    def _ordered_ids(self, sort_key, descending):
        cache_key = (sort_key, descending)
        ids = self.orders.get(cache_key)
        if ids is None:
            key_of = SORT_KEYS[sort_key]
            records = self.records
            ids = sorted(records, key=lambda cid: (key_of(records[cid]), id_order(cid)), reverse=descending)
            self.orders[cache_key] = ids
        return ids

    def _drop_unknown_ids(self, record, body):
        """drop_unknown_push_ids quirk: ids not on the account are stored as null (T16).

        Known are the ids listed in known_ids and, for outbound_voice_profile_id, the stored profiles.
        """
        if not self.store.quirks.get("drop_unknown_push_ids"):
            return
        known = set(self.store.known_ids)
        profiles = self.store.resources.get("outbound_voice_profiles")
        for parent, key in REFERENCE_ID_PATHS:
            sent = body.get(parent) if parent else body
            if not (isinstance(sent, dict) and sent.get(key) is not None):
                continue
            if sent[key] not in known and not (key == "outbound_voice_profile_id" and profiles and sent[key] in profiles.records):
                (record[parent] if parent else record)[key] = None

    def uses_profile(self, profile_id):
        """How many connections name ``profile_id`` in outbound.outbound_voice_profile_id (lock held)."""
        return sum(1 for record in self.records.values() if profile_of(record) == profile_id)

    def validate(self, body, operation, connection_id=None):
        """Every 422 entry for a create or update body (lock held)."""
        errors = validate_fields(body, self.top_fields, self.nested_fields, operation,
                                 self.required_on_create if operation == "create" else ())
        self.extra_errors(body, operation, connection_id, errors)
        return errors

    # ---- API operations

    def list(self, query):
        """GET /<connections>: filters, paging (1..250 per page) and a deterministic sort."""
        errors = []
        page_number, page_size = parse_paging(query, errors)
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
            ids = self._ordered_ids(sort_key, descending)
            if "filter[fqdn]" in query:
                ids = [cid for cid in ids if self.has_fqdn(cid, query["filter[fqdn]"])]
            records = self.records
            if contains is not None:
                needle = contains.casefold()
                ids = [cid for cid in ids if needle in str(records[cid].get("connection_name")).casefold()]
            for profile_id in profile_filters:
                ids = [cid for cid in ids if profile_of(records[cid]) == profile_id]
            start = (page_number - 1) * page_size
            fragments = [self._fragment(cid) for cid in ids[start:start + page_size]]
            return 200, list_body(fragments, page_meta(page_number, page_size, len(ids)))

    def has_fqdn(self, connection_id, fqdn):
        """filter[fqdn]: whether the connection has an FQDN record of exactly ``fqdn`` (lock held)."""
        fqdns = self.store.resources.get("fqdns")
        return bool(fqdns) and any(record.get("connection_id") == connection_id and record.get("fqdn") == fqdn
                                   for record in fqdns.records.values())

    def fill_create_defaults(self, record, body):
        """Defaults that depend on what the body gave (the noise engine's attenuation)."""
        details = body.get("noise_suppression_details")
        if isinstance(details, dict) and "attenuation_limit" not in details and isinstance(record.get("noise_suppression_details"), dict):
            engine = record["noise_suppression_details"]["engine"]
            record["noise_suppression_details"]["attenuation_limit"] = ENGINE_ATTENUATION_DEFAULTS.get(engine, OTHER_ENGINE_ATTENUATION)

    def create(self, body):
        """POST /<connections>: validate, fill in every default, answer 201."""
        with self.lock:
            errors = self.validate(body, "create")
            if errors:
                return 422, error_body(*errors)
            record = json.loads(self.default_record_json)
            apply_fields(record, body, self.top_fields, self.nested_fields, "create")
            self.fill_create_defaults(record, body)
            self._drop_unknown_ids(record, body)
            record["id"] = self.store.new_id()
            record["created_at"] = record["updated_at"] = self.store.timestamp()
            self._insert(record)
            return 201, self._envelope(record["id"])

    def retrieve(self, connection_id):
        """GET /<connections>/{id}."""
        with self.lock:
            if connection_id not in self.records:
                return not_found()
            return 200, self._envelope(connection_id)

    def update(self, connection_id, body):
        """PATCH /<connections>/{id}: validate, deep-merge nested objects, bump updated_at."""
        with self.lock:
            record = self.records.get(connection_id)
            if record is None:
                return not_found()
            errors = self.validate(body, "update", connection_id)
            if errors:
                return 422, error_body(*errors)
            self._unindex(record)
            apply_fields(record, body, self.top_fields, self.nested_fields, "update")
            self._drop_unknown_ids(record, body)
            self._index(record)
            record["updated_at"] = self.store.timestamp()
            self._touched(connection_id)
            return 200, self._envelope(connection_id)

    def delete(self, connection_id):
        """DELETE /<connections>/{id}: answers 200 with the deleted object, never 204."""
        with self.lock:
            if connection_id not in self.records:
                return not_found()
            body = self._envelope(connection_id)
            self._remove(connection_id)
            return 200, body

    # ---- control side

    def state(self):
        return [json.loads(json.dumps(record)) for record in self.records.values()]

    def seed(self, partials, count=0, template=None):
        """Insert partial records merged over the defaults (lock held); return their ids."""
        now = self.store.timestamp()
        ids = [self._seed_one(partial, now) for partial in partials]
        base_name = str((template or {}).get("connection_name", "seeded"))
        ids.extend(self._seed_one(template or {}, now, "%s-%05d" % (base_name, number)) for number in range(1, count + 1))
        return ids

    def _seed_one(self, partial, timestamp, connection_name=None):
        record = merge_partial(json.loads(self.default_record_json), partial)
        record["id"] = str(partial["id"]) if "id" in partial else self.store.new_id()
        if connection_name is not None:
            record["connection_name"] = connection_name
        elif record.get("connection_name") is None:
            record["connection_name"] = "seeded-%s" % record["id"]
        self._seed_fill(record, partial, connection_name is not None)
        record["created_at"] = record.get("created_at") or timestamp
        record["updated_at"] = record.get("updated_at") or timestamp
        self._insert(record)
        return record["id"]


class CredentialConnections(ConnectionResource):
    """The credential-connection records: user names unique (case-insensitively), registration status, and the
    read-side quirks of the live API."""

    collection = "credential_connections"
    state_key = "connections"
    quirk_flags = QUIRK_FLAGS
    top_fields = TOP_FIELDS
    nested_fields = NESTED_FIELDS
    required_on_create = REQUIRED_ON_CREATE
    record_type = "credential_connection"
    default_record_json = DEFAULT_RECORD_JSON

    def clear(self):
        super().clear()
        self.user_names = {}
        self.registrations = {}

    def operations(self, rest, query, raw):
        if rest[1:] == ["actions", "check_registration_status"]:
            connection_id = rest[0]
            return {"POST": lambda: self.registration_status(connection_id)}
        return super().operations(rest, query, raw)

    # ---- hooks

    def _index(self, record):
        user_name = record.get("user_name")
        if isinstance(user_name, str):
            self.user_names.setdefault(user_name.casefold(), set()).add(record["id"])

    def _unindex(self, record):
        user_name = record.get("user_name")
        if isinstance(user_name, str):
            owners = self.user_names.get(user_name.casefold(), set())
            owners.discard(record["id"])
            if not owners:
                self.user_names.pop(user_name.casefold(), None)

    def _user_name_taken(self, user_name, connection_id):
        return bool(self.user_names.get(user_name.casefold(), set()) - {connection_id})

    def _remove(self, record_id):
        record = super()._remove(record_id)
        self.registrations.pop(record_id, None)
        return record

    def extra_errors(self, body, operation, connection_id, errors):
        """The texml/call-parking rule of a create, and a user name another connection has."""
        if operation == "create" and body.get("webhook_api_version") == "texml":
            outbound = body.get("outbound")
            if not (isinstance(outbound, dict) and outbound.get("call_parking_enabled") is True):
                errors.append(validation_error(
                    "/webhook_api_version", "webhook_api_version texml can only be set when outbound.call_parking_enabled is true"))
        user_name = body.get("user_name")
        if (isinstance(user_name, str) and not any(e["source"]["pointer"] == "/user_name" for e in errors)
                and self._user_name_taken(user_name, connection_id)):
            errors.append(validation_error("/user_name", "user_name %r has already been taken" % user_name))

    def _present(self, record):
        """The record as the API shows it, with the read-side quirks applied (copies only what changes)."""
        quirks = self.store.quirks
        shown = dict(record)
        if quirks["sip_uri_disabled_as_null"] and shown.get("sip_uri_calling_preference") == "disabled":
            shown["sip_uri_calling_preference"] = None
        if quirks["timeouts_as_strings"] and isinstance(shown.get("inbound"), dict):
            inbound = dict(shown["inbound"])
            for key in ("timeout_1xx_secs", "timeout_2xx_secs"):
                if inbound.get(key) is not None:
                    inbound[key] = str(inbound[key])
            shown["inbound"] = inbound
        # No default and not nullable in the schema: an unset webhook URL is absent, not null.
        drop_unset(shown, ("webhook_event_url",))
        if quirks["omit_password"]:
            shown.pop("password", None)
        elif quirks["mask_password"]:
            shown["password"] = MASKED_PASSWORD
        return shown

    def _seed_fill(self, record, partial, numbered):
        if numbered or record.get("user_name") is None:
            record["user_name"] = self._unique_user_name(str(partial.get("user_name") or "seeduser"))
        if record.get("password") is None:
            record["password"] = "seedpassword123"

    # ---- API operations

    def registration_status(self, connection_id):
        """POST .../actions/check_registration_status: what /_emulator/registration set, else Not Registered."""
        with self.lock:
            record = self.records.get(connection_id)
            if record is None:
                return not_found()
            details = self.registrations.get(connection_id, {})
            data = {
                "ip_address": details.get("ip_address"),
                "last_registration": details.get("last_registration", record.get("registration_status_updated_at")),
                "port": details.get("port"),
                "record_type": "registration_status",
                "sip_username": details.get("sip_username", record.get("user_name")),
                "status": record.get("registration_status") or "Not Registered",
                "transport": details.get("transport"),
                "user_agent": details.get("user_agent"),
            }
            # The schema types every detail without null: what a connection that never registered lacks is absent.
            return 200, {"data": drop_unset(data, REGISTRATION_DETAILS)}

    # ---- control side

    def _unique_user_name(self, prefix):
        while True:
            candidate = "%s%06d" % (prefix, self.store.next_seed_number())
            if not self._user_name_taken(candidate, None):
                return candidate

    def set_registration(self, connection_id, status, details):
        """Record what check_registration_status reports; None when the connection is unknown."""
        with self.lock:
            record = self.records.get(connection_id)
            if record is None:
                return None
            self.registrations[connection_id] = dict(details)
            record["registration_status"] = status
            record["registration_status_updated_at"] = self.store.timestamp()
            self._touched(connection_id)
        return dict(details, id=connection_id, status=status)
