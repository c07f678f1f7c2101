"""FQDN and IP connections and their records: ``/v2/fqdn_connections``, ``/v2/fqdns``, ``/v2/ip_connections``, ``/v2/ips``.

Derived from the OpenAPI operations of ``fqdn_connections.*`` and ``ip_connections.*`` (spec commit 4f3a6bd8) and the
traps in the reference README. The connection types share the credential connection's operations
(``connections.ConnectionResource``) and its nested objects; what differs by type is written here as overrides of
the shared tables. What the schema leaves open, decided here:

- Unset values of fields the schema types without null (``outbound.channel_limit``, ``outbound.tech_prefix`` on FQDN,
  ``outbound.localization`` on IP, the IP pointers...) are absent from answers, not null.
  ``outbound.outbound_voice_profile_id`` accepts null (detaches, as for credential connections) and is absent when unset.
- ``inbound.default_primary|secondary|tertiary_fqdn_id`` / ``_ip_id`` must name a record of **this** connection
  (422 with the pointer otherwise); on an FQDN create, where no record can exist yet, any value but null is refused.
  The IP pointers are update-only (the create schema lacks them) and cleared with ``""`` (their type has no null).
  Deleting a record clears the pointers that named it.
- An FQDN record: ``dns_record_type`` is ``a`` or ``srv`` (lower case, as the description names them); ``a`` takes a
  port (5060 when none is sent; null is refused), ``srv`` takes none (a port is refused) and is answered without
  one. ``connection_id`` must name an FQDN connection. The rules hold for the merged record on update.
- An IP record: ``ip_address`` is an IPv4 address; ``connection_id`` is optional (an unattached record) but must name
  an IP connection when given; ``UpdateIp`` requires ``ip_address``. ``port`` is 1..65535, default 5060.
- Deleting a connection deletes its records (not documented; a record of a connection that is gone is useless).
- ``microsoft_teams_sbc`` is taken on create only; ``filter[fqdn]`` on either connection list matches the connections
  that have an FQDN record of exactly that name.
"""

import ipaddress
import json
import re

from .common import (
    Field, apply_fields, error_body, list_body, not_found, page_meta, parse_paging, validate_fields, validation_error,
    with_object_body, id_order,
)
from .connections import NESTED_FIELDS, TOP_FIELDS, ConnectionResource, default_record_json
from .store import Resource

HOST_RE = re.compile(r"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
TECH_PREFIX_RE = re.compile(r"[0-9]{4}")
POINTERS = ("default_primary_%s_id", "default_secondary_%s_id", "default_tertiary_%s_id")


def _tech_prefix_rule(value):
    return None if value == "" or TECH_PREFIX_RE.fullmatch(value) else "must be exactly 4 digits"


def _port_rule(value):
    return None if 1 <= value <= 65535 else "must be between 1 and 65535"


def _table(base, drop=(), **changes):
    """``base`` without ``drop``, with ``changes`` (a Field, or a dict of Field attributes to change)."""
    table = {name: field for name, field in base.items() if name not in drop}
    for name, change in changes.items():
        table[name] = change if isinstance(change, Field) else Field(**dict(vars(table[name]), **change))
    return dict(sorted(table.items()))


SHARED_TOP = _table(TOP_FIELDS, drop=("user_name", "password", "sip_uri_calling_preference", "conversation_persistence"),
                    default_on_hold_comfort_noise_enabled={"default": True},
                    webhook_api_version={"create_enum": ()},
                    transport_protocol=Field("str", "UDP", enum=("UDP", "TCP", "TLS")))
SHARED_INBOUND = _table(NESTED_FIELDS["inbound"], drop=("simultaneous_ringing",),
                        sip_region=Field("str", "US", enum=("US", "Europe", "Australia")))
SHARED_OUTBOUND = dict(NESTED_FIELDS["outbound"], t38_reinvite_source=Field(
    "str", "customer", enum=("telnyx", "customer", "disabled", "passthru", "caller-passthru", "callee-passthru")),
    ip_authentication_token=Field("str"), tech_prefix=Field("str", rule=_tech_prefix_rule))
SHARED_NESTED = {name: fields for name, fields in NESTED_FIELDS.items() if name not in ("inbound", "outbound")}

FQDN_TOP = dict(SHARED_TOP, microsoft_teams_sbc=Field("bool", False))
FQDN_NESTED = dict(SHARED_NESTED, inbound=_table(
    SHARED_INBOUND,
    default_routing_method=Field("str", "sequential", enum=("sequential", "round-robin"), nullable=True),
    sip_subdomain=Field("str", None, nullable=True),
    sip_subdomain_receive_settings=Field("str", "from_anyone", enum=("only_my_connections", "from_anyone")),
    **{pointer % "fqdn": Field("str", None, nullable=True) for pointer in POINTERS}),
    outbound=_table(
        SHARED_OUTBOUND, instant_ringback_enabled={"default": False}, channel_limit=Field("int", minimum=0),
        encrypted_media=Field("str", None, enum=("SRTP",), nullable=True),
        ip_authentication_method=Field("str", "ip-authentication", enum=("credential-authentication", "ip-authentication")),
        timeout_1xx_secs=Field("int", 3, minimum=1, maximum=120), timeout_2xx_secs=Field("int", 90, minimum=1, maximum=600)))

IP_TOP = SHARED_TOP
IP_NESTED = dict(SHARED_NESTED, inbound=_table(
    SHARED_INBOUND,
    channel_limit=Field("int", minimum=0),
    default_routing_method=Field("str", enum=("sequential", "round-robin")),
    sip_subdomain=Field("str"),
    sip_subdomain_receive_settings=Field("str", enum=("only_my_connections", "from_anyone")),
    **{pointer % "ip": Field("str", on_create=False) for pointer in POINTERS}),
    outbound=_table(
        SHARED_OUTBOUND, channel_limit=Field("int", minimum=0), localization=Field("str"), tech_prefix={"default": ""},
        ip_authentication_method=Field("str", "tech-prefixp-charge-info", enum=("tech-prefixp-charge-info", "token"))))

FQDN_CREATE_ONLY = ("microsoft_teams_sbc",)
"""Create and response only: an update that carries it is not refused, and it is not applied."""
ABSENT_WHEN_UNSET = (("outbound", "outbound_voice_profile_id"),)
"""Accepted as null (to detach), yet typed string in the answer: absent when unset."""


class TrunkConnections(ConnectionResource):
    """A connection type whose inbound calls go to records of its own (FQDNs or IPs), named by three pointers."""

    records_collection = ""
    pointer_kind = ""

    def pointer_keys(self):
        return [pointer % self.pointer_kind for pointer in POINTERS]

    def extra_errors(self, body, operation, connection_id, errors):
        inbound = body.get("inbound")
        if not isinstance(inbound, dict):
            return
        records = self.store.resources[self.records_collection].records
        for key in self.pointer_keys():
            value = inbound.get(key)
            if key not in inbound or value in (None, "") or not isinstance(value, str) or \
                    not (operation == "update" or self.nested_fields["inbound"][key].on_create):
                continue
            record = records.get(value)
            if connection_id is None or record is None or record.get("connection_id") != connection_id:
                errors.append(validation_error("/inbound/" + key, "inbound.%s must be the ID of an %s set on the "
                                               "connection" % (key, self.pointer_kind.upper())))

    def _index(self, record):
        """A pointer sent as "" is cleared: stored unset (lock held, after every write)."""
        inbound = record.get("inbound")
        for key in self.pointer_keys():
            if isinstance(inbound, dict) and inbound.get(key) == "":
                inbound[key] = None

    def _present(self, record):
        shown = super()._present(record)
        for parent, key in ABSENT_WHEN_UNSET:
            if isinstance(shown.get(parent), dict) and shown[parent].get(key) is None:
                shown[parent] = {sub: value for sub, value in shown[parent].items() if sub != key}
        return shown

    def _remove(self, record_id):
        record = super()._remove(record_id)
        self.store.resources[self.records_collection].remove_of_connection(record_id)
        return record

    def clear_pointers_to(self, connection_id, record_id):
        """A deleted record is no longer a default of its connection (lock held)."""
        inbound = (self.records.get(connection_id) or {}).get("inbound")
        if isinstance(inbound, dict):
            for key in self.pointer_keys():
                if inbound.get(key) == record_id:
                    inbound[key] = None
                    self._touched(connection_id)


class FqdnConnections(TrunkConnections):
    collection = "fqdn_connections"
    top_fields = FQDN_TOP
    nested_fields = FQDN_NESTED
    required_on_create = ("connection_name",)
    record_type = "fqdn_connection"
    default_record_json = default_record_json(FQDN_TOP, FQDN_NESTED, "fqdn_connection")
    records_collection = "fqdns"
    pointer_kind = "fqdn"

    def validate(self, body, operation, connection_id=None):
        if operation == "update":
            body = {key: value for key, value in body.items() if key not in FQDN_CREATE_ONLY}
        return super().validate(body, operation, connection_id)

    def update(self, connection_id, body):
        return super().update(connection_id, {key: value for key, value in body.items() if key not in FQDN_CREATE_ONLY})


class IpConnections(TrunkConnections):
    collection = "ip_connections"
    top_fields = IP_TOP
    nested_fields = IP_NESTED
    record_type = "ip_connection"
    default_record_json = default_record_json(IP_TOP, IP_NESTED, "ip_connection")
    records_collection = "ips"
    pointer_kind = "ip"

    def _seed_fill(self, record, partial, numbered):
        if "connection_name" not in partial and not numbered:
            record.pop("connection_name", None)


# ---- the records


RECORD_FILTERS = {"fqdns": ("connection_id", "fqdn", "port", "dns_record_type"), "ips": ("connection_id", "ip_address", "port")}


def _fqdn_rule(value):
    return None if HOST_RE.fullmatch(value) else "must be a host name such as pbx.example.com"


def _ipv4_rule(value):
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return "must be an IPv4 address such as 192.0.2.10"
    return None


class ConnectionRecords(Resource):
    """The records a connection type sends its inbound calls to: one object each, attached by connection_id."""

    parent_collection = ""
    record_type = ""
    fields = {}
    required_on_create = ()
    required_on_update = ()

    def operations(self, rest, query, raw):
        if not rest:
            return {"GET": lambda: self.list(query), "POST": lambda: with_object_body(raw, self.create)}
        if len(rest) == 1:
            record_id = rest[0]
            return {"GET": lambda: self.retrieve(record_id),
                    "PATCH": lambda: with_object_body(raw, lambda body: self.update(record_id, body)),
                    "DELETE": lambda: self.delete(record_id)}
        return None

    def _present(self, record):
        return {key: value for key, value in record.items() if value is not None}

    def _problems(self, body, operation, merged):
        required = self.required_on_create if operation == "create" else self.required_on_update
        errors = validate_fields(body, self.fields, {}, operation, required)
        connection_id = body.get("connection_id")
        parents = self.store.resources[self.parent_collection].records
        if isinstance(connection_id, str) and connection_id not in parents:
            errors.append(validation_error("/connection_id", "connection_id %s does not name an existing %s"
                                           % (connection_id, self.parent_collection[:-1].replace("_", " "))))
        if not errors:
            errors.extend(self.record_problems(merged, body))
        return errors

    def record_problems(self, merged, body):
        """The rules that tie fields together, on the record as the write would leave it."""
        return []

    def list(self, query):
        errors = []
        page_number, page_size = parse_paging(query, errors)
        if errors:
            return 400, error_body(*errors)
        with self.lock:
            ids = sorted(self.records, key=id_order)
            for key in RECORD_FILTERS[self.collection]:
                wanted = query.get("filter[%s]" % key)
                if wanted is not None:
                    ids = [rid for rid in ids if str(self.records[rid].get(key)) == wanted]
            start = (page_number - 1) * page_size
            fragments = [json.dumps(self._present(self.records[rid])).encode() for rid in ids[start:start + page_size]]
            return 200, list_body(fragments, page_meta(page_number, page_size, len(ids)))

    def create(self, body):
        with self.lock:
            record = {name: field.default for name, field in self.fields.items()}
            merged = dict(record)
            merged.update((key, value) for key, value in body.items() if key in self.fields)
            errors = self._problems(body, "create", merged)
            if errors:
                return 422, error_body(*errors)
            apply_fields(record, body, self.fields, {}, "create")
            self.fill(record, body)
            record.update(id=self.store.new_id(), record_type=self.record_type)
            record["created_at"] = record["updated_at"] = self.store.timestamp()
            self.records[record["id"]] = record
            return 201, {"data": self._present(record)}

    def fill(self, record, body):
        """Defaults that depend on the rest of the body."""

    def retrieve(self, record_id):
        with self.lock:
            if record_id not in self.records:
                return not_found()
            return 200, {"data": self._present(self.records[record_id])}

    def update(self, record_id, body):
        with self.lock:
            record = self.records.get(record_id)
            if record is None:
                return not_found()
            merged = dict(record)
            merged.update((key, value) for key, value in body.items() if key in self.fields)
            errors = self._problems(body, "update", merged)
            if errors:
                return 422, error_body(*errors)
            old_parent = record.get("connection_id")
            apply_fields(record, body, self.fields, {}, "update")
            if record.get("connection_id") != old_parent:
                self.store.resources[self.parent_collection].clear_pointers_to(old_parent, record_id)
            record["updated_at"] = self.store.timestamp()
            return 200, {"data": self._present(record)}

    def delete(self, record_id):
        with self.lock:
            record = self.records.get(record_id)
            if record is None:
                return not_found()
            self._remove(record_id)
            return 200, {"data": self._present(record)}

    def _remove(self, record_id):
        record = super()._remove(record_id)
        self.store.resources[self.parent_collection].clear_pointers_to(record.get("connection_id"), record_id)
        return record

    def remove_of_connection(self, connection_id):
        """The records of a deleted connection go with it (lock held)."""
        for record_id in [rid for rid, record in self.records.items() if record.get("connection_id") == connection_id]:
            Resource._remove(self, record_id)

    def state(self):
        return [json.loads(json.dumps(record)) for record in self.records.values()]


class Fqdns(ConnectionRecords):
    collection = "fqdns"
    parent_collection = "fqdn_connections"
    record_type = "fqdn"
    fields = {
        "connection_id": Field("str"),
        "dns_record_type": Field("str", enum=("a", "srv")),
        "fqdn": Field("str", rule=_fqdn_rule),
        "port": Field("int", 5060, nullable=True, rule=_port_rule),
    }
    required_on_create = ("fqdn", "dns_record_type", "connection_id")

    def record_problems(self, merged, body):
        if merged.get("dns_record_type") == "srv" and merged.get("port") is not None and "port" in body:
            return [validation_error("/port", "port must not be set for an srv record: the port comes from DNS")]
        if merged.get("dns_record_type") == "a" and merged.get("port") is None and "port" in body:
            return [validation_error("/port", "port must be set for an a record (5060 when left out)")]
        return []

    def fill(self, record, body):
        if record.get("dns_record_type") == "srv" and "port" not in body:
            record["port"] = None

    def update(self, record_id, body):
        # A record turned into srv loses the port it had unless the body gives one (which is then refused).
        with self.lock:
            record = self.records.get(record_id)
            becomes_srv = record is not None and body.get("dns_record_type") == "srv" and "port" not in body
        return super().update(record_id, dict(body, port=None) if becomes_srv else body)


class Ips(ConnectionRecords):
    collection = "ips"
    parent_collection = "ip_connections"
    record_type = "ip"
    fields = {
        "connection_id": Field("str"),
        "ip_address": Field("str", rule=_ipv4_rule),
        "port": Field("int", 5060, rule=_port_rule),
    }
    required_on_create = ("ip_address",)
    required_on_update = ("ip_address",)
