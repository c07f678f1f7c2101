# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The reconcile core: keep one Telnyx resource in a declared state.

A resource type is a table of ``Field`` objects plus a few hooks named after API quirks. From
the table come the argument spec, input validation, normalisation for comparison, the PATCH
payload, the check-mode prediction, the diff and the redaction of secrets. Nothing here knows
about AnsibleModule: the module, and a controller-side action, both call ``reconcile()``.
"""

from __future__ import annotations

import contextlib
import copy
import html
import json
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    SECRET_MASK,
    TelnyxApiError,
    TelnyxClient,
    TelnyxError,
    TelnyxTransportError,
    check_connection_options,
    segment,
)

# Option names that Ansible's sanity test suspects of holding secrets; the non-secret ones say no_log=False.
_LOOKS_SECRET = re.compile(r"(?:pass(?!ive)|secret|token|key)", re.IGNORECASE)
DIFF_SECRET = "<hidden>"
DIFF_SECRET_CHANGED = "<hidden, changed>"


def full_match(pattern, expected, blank_allowed=False):
    """A ``check`` that a value matches ``pattern`` in full, or is blank where blank means something.

    Full match, not search: a pasted trailing space or line break is refused, not carried to Telnyx.
    """
    regex = re.compile(pattern)

    def check(value):
        if (blank_allowed and not value) or regex.fullmatch(value):
            return None
        return "must be %s, got %r" % (expected, value)
    return check


TELNYX_ID = full_match(r"[0-9]{1,19}", "a Telnyx id: 1 to 19 digits such as 1293384261075731499")
"""The rule of every Telnyx object id (an int64 sent as a string), whichever option holds it."""

UUID = full_match(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                  "a UUID such as 06b09dfd-7154-4980-8b75-cebf7a9d4f8e")


class ResourceFailure(Exception):
    """The run cannot go on; ``msg`` is for the user and ``details`` are extra result keys."""

    def __init__(self, msg, **details):
        super().__init__(msg)
        self.msg = msg
        self.details = details


class Field:
    """One option of a resource, named by its wire key.

    kind is one of ``str``, ``int``, ``bool``, ``number`` (a decimal, sent as a JSON number, or as a
    string with ``as_string``), ``list`` (of strings) or ``dict`` (with ``options``).
    ``nullable`` fields are cleared with an empty string, sent as JSON null. ``null_equals`` names
    the value the API reports as null. ``relevant_if`` receives the merged parent object and says
    whether the field means anything there. ``check`` returns an error text for a bad value.
    ``normalize`` maps every spelling of one value to one form, for comparison and the diff.
    ``immutable`` fields identify the object: a different value fails instead of being sent.
    ``address`` names the sub-path (``voice`` for ``/phone_numbers/{id}/voice``) where a top-level
    field is written, when it is not the object's own path; ``read_address`` where it is read, when
    that differs (Telnyx takes ``caller_id_name_enabled`` at ``/voice`` but reports it on the number).
    ``clear_spellings`` lists the values that clear the field, first the one sent; when Telnyx refuses
    it (422 pointing at the field), the next is sent instead (``""`` or null, where that is undocumented).
    ``resolves_to`` is ``(id_key, resource)`` for an option that names another object: the core looks
    the name up (exactly, across every page) and sets ``id_key`` beside it to the id; it is never sent.
    """

    def __init__(self, kind, choices=None, nullable=False, minimum=None, maximum=None, multiple_of=None,
                 min_length=None, max_length=None, url=False, aliases=None, ordered=True, secret=False,
                 options=None, null_equals=None, relevant_if=None, check=None, normalize=None, as_string=False,
                 immutable=False, address=None, resolves_to=None, read_address="same", clear_spellings=()):
        self.kind = kind
        self.choices = list(choices) if choices else None
        self.nullable = nullable
        self.minimum = minimum
        self.maximum = maximum
        self.multiple_of = multiple_of
        self.min_length = min_length
        self.max_length = max_length
        self.url = url
        self.aliases = aliases
        self.ordered = ordered
        self.secret = secret
        self.options = options
        self.null_equals = null_equals
        self.relevant_if = relevant_if
        self.check = check
        self.normalize = normalize
        self.as_string = as_string
        self.immutable = immutable
        self.address = address
        self.read_address = address if read_address == "same" else read_address
        self.clear_spellings = tuple(clear_spellings)
        self.resolves_to = resolves_to

    # The argument spec

    def argument_spec(self, name):
        if self.kind == "dict":
            spec = dict(type="dict", options=spec_of(self.options))
        elif self.kind == "list":
            spec = dict(type="list", elements="str")
        elif self.kind == "number" or (self.nullable and self.kind in ("int", "bool")):
            # An empty string must get through to clear the value, so Ansible may not convert it.
            spec = dict(type="raw")
        else:
            spec = dict(type=self.kind)
        if self.choices:
            spec["choices"] = self.choices + ([""] if self.nullable else [])
        if self.aliases:
            spec["aliases"] = list(self.aliases)
        if self.secret:
            spec["no_log"] = True
        elif _LOOKS_SECRET.search(name):
            spec["no_log"] = False
        return spec

    # Validation of what the user gave, after Ansible's own type checks

    def validate(self, path, value, errors):
        """Return the wire value, appending a message naming ``path`` for each broken rule."""
        if value == "" and self.nullable:
            return None
        if self.kind == "dict":
            return {name: self.options[name].validate("%s.%s" % (path, name), sub, errors)
                    for name, sub in value.items() if sub is not None and name in self.options}
        if self.kind == "int":
            value = self._coerce_int(path, value, errors)
            if value is None:
                return None
        elif self.kind == "number":
            value = self._coerce_number(path, value, errors)
            if value is None:
                return None
        elif self.kind == "bool":
            try:
                value = boolean(value, strict=True)
            except TypeError:
                errors.append("%s: must be a boolean (or an empty string to clear it), got %r" % (path, value))
                return None
        elif self.kind == "list":
            value = [str(item) for item in value]
            if any(not item.strip() for item in value):
                errors.append("%s: items must be non-empty strings" % path)
        elif self.kind == "str":
            value = str(value)
        self._check_rules(path, value, errors)
        return value

    @staticmethod
    def _coerce_int(path, value, errors):
        if isinstance(value, bool) or value is None:
            errors.append("%s: must be an integer (or an empty string to clear it), got %r" % (path, value))
            return None
        try:
            return int(str(value).strip())
        except ValueError:
            errors.append("%s: must be an integer (or an empty string to clear it), got %r" % (path, value))
            return None

    def _coerce_number(self, path, value, errors):
        """A decimal in the type the API takes: a string such as "100.00" with ``as_string``, else a number."""
        number = _decimal(value)
        if number is None:
            errors.append("%s: must be a number such as 100 or 0.25, got %r" % (path, value))
            return None
        if self.as_string:
            return str(value).strip() if isinstance(value, str) else format(number, "f")
        return int(number) if number == number.to_integral_value() else float(number)

    def _check_rules(self, path, value, errors):
        if self.kind == "number":
            number = _decimal(value)
            if self.minimum is not None and number < self.minimum:
                errors.append("%s: must be at least %s, got %s" % (path, self.minimum, value))
            value = number
        elif self.minimum is not None and self.maximum is not None and not self.minimum <= value <= self.maximum:
            errors.append("%s: must be between %s and %s, got %s" % (path, self.minimum, self.maximum, value))
        if self.multiple_of and value % self.multiple_of:
            errors.append("%s: must be a multiple of %s, got %s" % (path, self.multiple_of, value))
        if self.min_length is not None and self.max_length is not None and \
                not self.min_length <= len(value) <= self.max_length:
            errors.append("%s: must be %s to %s characters long, got %s"
                          % (path, self.min_length, self.max_length, len(value)))
        if self.url:
            try:
                parsed = urlparse(value)
            except ValueError:
                parsed = None
            if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
                errors.append("%s: must be an absolute URL with an http or https scheme, got %r" % (path, value))
        if self.check:
            problem = self.check(value)
            if problem:
                errors.append("%s: %s" % (path, problem))

    # Normalisation: the same value must compare equal however the API spells it

    def comparable(self, value):
        if isinstance(value, str) and value == "" and self.kind != "list":
            value = None
        if value is None and self.kind == "list":
            return []
        if value is None:
            return self.null_equals
        if self.kind == "int" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if self.kind == "str" and not isinstance(value, str):
            return str(value)
        if self.kind == "list":
            items = [value] if isinstance(value, str) else [str(item) for item in value]
            items = [self.normalize(item) for item in items] if self.normalize else items
            return items if self.ordered else sorted(set(items))
        if self.kind == "number":
            number = _decimal(value)
            if number is None:
                return value
            # "100", "100.0" and 100 are one amount: shown in the diff in its shortest spelling, as a string
            # where Telnyx keeps a string and as a number where it keeps a number.
            if self.as_string:
                return format(number.normalize(), "f")
            return int(number) if number == number.to_integral_value() else float(number)
        return self.normalize(value) if self.normalize else value

    def to_wire(self, value):
        """A value read from the API, in the type the API accepts back."""
        if self.kind == "int" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if self.kind == "list" and isinstance(value, str):
            return [value]
        return value


def _decimal(value):
    """``value`` as a finite Decimal, or None when it is not a number (a bool is not one)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def spec_of(fields):
    return {name: field.argument_spec(name) for name, field in fields.items()}


def _hidden(value):
    """Whether the API withheld a secret (left it out, or masked it) rather than showed it."""
    return value is None or (isinstance(value, str) and set(value) <= {"*"})


def differs(field, want, have):
    """Whether ``want`` (what the user set) is not yet true of ``have`` (what the API reports)."""
    if field.kind == "dict":
        have = have if isinstance(have, dict) else {}
        merged = merge_branch(field, have, want)
        return any(differs(field.options[name], sub, have.get(name))
                   for name, sub in want.items()
                   if field.options[name].relevant_if is None or field.options[name].relevant_if(merged))
    if field.secret:
        # Compared as sent: a secret the API masks or leaves out never equals it, so it is sent to be sure.
        return want != have
    return field.comparable(want) != field.comparable(have)


def merge_branch(field, have, want):
    """A nested object to send: the current documented sub-keys that hold a value, then the user's."""
    have = have if isinstance(have, dict) else {}
    merged = {name: field.options[name].to_wire(value) for name, value in have.items()
              if name in field.options and value not in (None, "")}
    merged.update(want)
    return merged


class ResourceType:
    """A Telnyx resource described declaratively. Subclasses name the quirks in hooks."""

    label = "resource"
    path = None
    result_key = None
    id_option = "id"
    name_field = None
    name_filter = None
    name_filter_min_length = 3
    required_on_create = ()
    # Top-level keys that Telnyx requires in every PATCH, changed or not: they are sent with their current value.
    update_carries = ()
    # False for what the account already has and this collection must never make or remove (a phone number is
    # bought and released through paid number orders): no create, and no state option.
    creatable = True
    deletable = True
    fields = {}

    # Hooks, named after the quirk they handle

    def managed_desired(self, desired, params, exists):
        """The desired fields that this run may change; a hook drops write-once values."""
        return desired

    def check_create(self, payload):
        """Errors that make a create impossible, beyond the required fields."""
        return []

    def check_update(self, payload):
        """Errors that make an update impossible."""
        return []

    def same_object(self, item, desired):
        """Whether a listed item is the one a lost create made."""
        return item.get(self.name_field) == desired.get(self.name_field)

    def final_warnings(self, state):
        """Warnings about the object as the run leaves it (or, in check mode, would leave it)."""
        return []

    def not_found_message(self, params):
        """Why a run that found nothing cannot create it, for a resource that is not ``creatable``."""
        return "No %s matches %s, and this module never creates one." % (
            self.label, params.get(self.id_option) or params.get(self.name_field))

    # Derived from the table

    def argument_spec(self):
        spec = spec_of(self.fields)
        spec[self.id_option] = dict(type="str")
        if self.deletable:
            spec["state"] = dict(type="str", default="present", choices=["present", "absent"])
        return spec

    def desired_state(self, params):
        """Validate the user's options and return them in wire form; fail naming every broken rule."""
        errors = []
        desired = {}
        for name, field in self.fields.items():
            value = params.get(name)
            if value is None:
                continue
            if field.kind == "dict" and all(sub is None for sub in value.values()):
                continue
            desired[name] = field.validate(name, value, errors)
        _reference_conflicts(self.fields, desired, "", errors)
        if errors:
            raise ResourceFailure("Invalid options for %s: %s" % (self.label, "; ".join(errors)), invalid=errors)
        return desired

    def redact(self, obj):
        """A copy with every secret masked, safe for results, diffs and logs."""
        if not isinstance(obj, dict):
            return obj
        redacted = dict(obj)
        for name, field in self.fields.items():
            if field.secret and redacted.get(name) is not None:
                redacted[name] = SECRET_MASK
        return redacted

    def project(self, desired, state, changed_secrets=()):
        """The managed fields of ``state``, normalised, for a diff."""
        projection = {}
        for name, want in desired.items():
            field = self.fields[name]
            have = state.get(name)
            if field.kind == "dict":
                have = have if isinstance(have, dict) else {}
                projection[name] = {sub: field.options[sub].comparable(have.get(sub)) for sub in want}
            elif field.secret:
                projection[name] = DIFF_SECRET_CHANGED if name in changed_secrets else DIFF_SECRET
            else:
                projection[name] = field.comparable(have)
        return projection

    def summary(self, state):
        """Every documented field of ``state``, normalised and redacted, to show what a delete removes."""
        return self.project({name: {sub: None for sub, option in field.options.items() if not option.resolves_to}
                             if field.kind == "dict" else None
                             for name, field in self.fields.items() if not field.resolves_to}, state)

    def item_path(self, item_id, *rest):
        """The path of one object (and of what lies under it), every value percent-quoted as one segment."""
        return "/".join([self.path] + [segment(part) for part in (item_id,) + rest])

    # Identity

    def request_problems(self, params):
        """Errors in every option that reaches a request whatever the module does with the object: the connection
        options (a header, the URL, the timers) and the identity options (the path)."""
        return check_connection_options(params) + self.identity_problems(params)

    def identity_problems(self, params):
        """Errors in the options that name the object; they reach a URL, so they are checked before any request."""
        item_id = params.get(self.id_option)
        problem = None if item_id is None else TELNYX_ID(item_id)
        return ["%s: %s" % (self.id_option, problem)] if problem else []

    def name_query(self, name):
        """The list query that narrows a lookup of ``name``; the exact match is made by ``name_matches``."""
        return {self.name_filter: name} if len(name) >= self.name_filter_min_length else {}

    def name_matches(self, item, name):
        return item.get(self.name_field) == name

    def lookup(self, client, name=None, query=None, budget=None):
        """Every listed object that ``query`` selects and that is named ``name`` (when given), each once.

        The one lookup of every module. Pages are read with one retry budget. An object created while the pages
        are read shifts them, so one may come twice: it is kept once, in the order Telnyx gave.
        """
        query = dict(query or {})
        if name is not None:
            for key, value in self.name_query(name).items():
                query.setdefault(key, value)
        found = {}
        for item in client.list(self.path, query, budget=budget):
            if (name is None or self.name_matches(item, name)) and item.get("id") not in found:
                found[item.get("id")] = item
        return list(found.values())

    # Several addresses per object

    def addresses(self):
        """Where the fields live: None, the object's own path, first; then each sub-path in table order."""
        found = [None]
        for field in self.fields.values():
            if field.address not in found:
                found.append(field.address)
        return found

    def address_path(self, item_id, address=None):
        return self.item_path(item_id) if address is None else self.item_path(item_id, address)

    def overlay(self, state, address, answer):
        """``state`` with the fields kept at ``address`` as ``answer``, the object read or written there, has them.

        The object's own answer replaces ``state`` except for the fields of other addresses, which it may repeat
        stale or not at all; another address's answer brings only its own fields.
        """
        if address is None:
            merged = dict(answer)
            merged.update((name, state[name]) for name, field in self.fields.items()
                          if field.read_address is not None and name in state)
            return merged
        merged = dict(state)
        merged.update((name, answer[name]) for name, field in self.fields.items()
                      if field.read_address == address and name in answer)
        return merged


def validate_params(resource, params):
    """The desired state in wire form, after checking every option that reaches a request.

    ``request_problems`` and every field: one failure names every broken rule, before any request.
    """
    errors = resource.request_problems(params)
    try:
        desired = resource.desired_state(params)
    except ResourceFailure as failure:
        errors += failure.details.get("invalid") or [failure.msg]
        desired = None
    if errors:
        raise ResourceFailure("Invalid options for %s: %s" % (resource.label, "; ".join(errors)), invalid=errors)
    return desired


def _reference_conflicts(fields, desired, prefix, errors):
    """An option that names an object and the id option it resolves to cannot both be set."""
    for name, field in fields.items():
        if field.kind == "dict" and isinstance(desired.get(name), dict):
            _reference_conflicts(field.options, desired[name], "%s%s." % (prefix, name), errors)
        elif field.resolves_to and name in desired and field.resolves_to[0] in desired:
            errors.append("%s%s and %s%s: set only one of them" % (prefix, field.resolves_to[0], prefix, name))


class Outcome:
    def __init__(self, changed, state, diff=None, warnings=None):
        self.changed = changed
        self.state = state
        self.diff = diff
        self.warnings = warnings or []


class Reconciler:
    """One run: find the resource, plan the single write that converges it, then do it or predict it."""

    def __init__(self, resource, client, params, check_mode=False, secrets=None):
        self.resource = resource
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.warnings = []
        # Secret values to mask in every message; the current ones read from Telnyx are added as seen.
        self.secrets = secrets if secrets is not None else []

    def remember_secrets(self, obj):
        for name, field in self.resource.fields.items():
            value = (obj or {}).get(name)
            if field.secret and isinstance(value, str) and value and value not in self.secrets:
                self.secrets.append(value)
        return obj

    # Finding the resource

    def find(self, desired):
        """The current object, or None; fails when the name is ambiguous. One read operation, one retry budget."""
        resource = self.resource
        item_id = self.params.get(resource.id_option)
        if item_id:
            try:
                return self.remember_secrets(self.client.get(resource.item_path(item_id)))
            except TelnyxApiError as error:
                if error.not_found:
                    return None
                raise
        name = desired.get(resource.name_field)
        matches = resource.lookup(self.client, name)
        if len(matches) > 1:
            raise ResourceFailure(
                "%d %ss are named %r, so the name does not say which one to manage: set %s to one of %s"
                % (len(matches), resource.label, name, resource.id_option,
                   ", ".join(str(match.get("id")) for match in matches)),
                matching_ids=[match.get("id") for match in matches])
        return self.remember_secrets(matches[0]) if matches else None

    def resolve_names(self, fields, desired, prefix=""):
        """``desired`` with every option that names an object replaced by that object's id."""
        resolved = dict(desired)
        for name, field in fields.items():
            if field.kind == "dict" and isinstance(resolved.get(name), dict):
                resolved[name] = self.resolve_names(field.options, resolved[name], "%s%s." % (prefix, name))
            elif field.resolves_to and name in resolved:
                id_key, target = field.resolves_to
                resolved[id_key] = self.resolve_name(target, resolved.pop(name), prefix + name)
        return resolved

    def resolve_name(self, target, name, option):
        """The id of the ``target`` named ``name``; an empty name clears the reference (None)."""
        if not name:
            return None
        matches = target.lookup(self.client, name)
        if len(matches) == 1:
            return matches[0].get("id")
        if len(matches) > 1:
            raise ResourceFailure("%s: %d %ss are named %r; give the id of one of them instead: %s"
                                  % (option, len(matches), target.label, name,
                                     ", ".join(str(match.get("id")) for match in matches)),
                                  matching_ids=[match.get("id") for match in matches])
        if self.check_mode:
            # An earlier task of the same check-mode run may only have predicted its creation.
            self.warnings.append("%s: no %s is named %r yet; a real run fails unless an earlier task creates it."
                                 % (option, target.label, name))
            return "<id of the %s %r>" % (target.label, name)
        raise ResourceFailure("%s: no %s is named %r" % (option, target.label, name))

    def read_addresses(self, current, desired):
        """``current`` completed from each further address that ``desired`` sets an option of.

        An address none of whose options is set is never read: its fields are not compared.
        """
        resource = self.resource
        state = current
        for address in resource.addresses()[1:]:
            if any(resource.fields[name].read_address == address for name in desired):
                answer = self.client.get(resource.address_path(current.get("id"), address))
                state = resource.overlay(state, address, self.remember_secrets(answer))
        return state

    # Planning and applying

    def run(self, desired):
        if self.params.get("state") == "absent":
            return self.ensure_absent(desired)
        outcome = self.ensure_present(self.resolve_names(self.resource.fields, desired))
        self.warnings.extend(self.resource.final_warnings(outcome.state))
        return outcome

    def ensure_absent(self, desired):
        """Read first, by id or by name, and DELETE only what is there: a second run sends no write."""
        current = self.find(desired)
        if current is None:
            return Outcome(False, {}, diff={"before": {}, "after": {}})
        return self._delete(current.get("id"), current)

    def _delete(self, item_id, current):
        resource = self.resource
        before = resource.summary(current)
        if self.check_mode:
            return Outcome(True, {}, diff={"before": before, "after": {}})
        budget = self.client.budget()
        try:
            self.client.delete(resource.item_path(item_id), budget=budget)
        except TelnyxError as error:
            if isinstance(error, TelnyxApiError) and error.not_found:
                # Gone between the read and the DELETE: our own first attempt (its answer lost) or someone else.
                return Outcome(error.retried, {}, diff={"before": before if error.retried else {}, "after": {}})
            if self._read_back(item_id, error, budget) is not None:
                raise
            self.warnings.append("Telnyx did not confirm the delete (%s), but the %s is gone."
                                 % (error.message, resource.label))
        return Outcome(True, {}, diff={"before": before, "after": {}})

    def _read_back(self, item_id, error, budget, address=None):
        """After a write that got no usable answer, the object as it now is (None when gone).

        The read draws on the write's retry budget. Re-raises ``error`` as it is when the request cannot have
        been applied (Telnyx refused it), and with a note that it may have been applied when the read-back fails
        too: then nobody knows, and the user is told.
        """
        if not _maybe_applied(error):
            raise error
        try:
            return self.remember_secrets(self.client.get(self.resource.address_path(item_id, address),
                                                         budget=budget))
        except TelnyxApiError as read_error:
            if read_error.not_found:
                return None
        except TelnyxError:
            pass
        error.message += " It may have been applied all the same: run again to converge."
        raise error

    def ensure_present(self, desired):
        resource = self.resource
        current = self.find(desired)
        if current is None:
            if not resource.creatable:
                raise ResourceFailure(resource.not_found_message(self.params))
            if self.params.get(resource.id_option):
                raise ResourceFailure(
                    "No %s with %s %s exists. Telnyx assigns ids, so one cannot be created with a given id: "
                    "omit %s to create it by name."
                    % (resource.label, resource.id_option, self.params[resource.id_option], resource.id_option))
            return self.create(resource.managed_desired(desired, self.params, exists=False))
        desired = resource.managed_desired(desired, self.params, exists=True)
        return self.update(self.read_addresses(current, desired), desired)

    def create(self, desired):
        resource = self.resource
        missing = [name for name in resource.required_on_create if desired.get(name) in (None, "")]
        if missing:
            raise ResourceFailure("To create a %s, set %s." % (resource.label, ", ".join(missing)),
                                  missing=missing)
        # Telnyx does not always accept an explicit null on create; leaving the key out means the same.
        payload = {name: value for name, value in desired.items() if value is not None}
        errors = resource.check_create(payload)
        if errors:
            raise ResourceFailure("Cannot create the %s: %s" % (resource.label, "; ".join(errors)), invalid=errors)
        if self.check_mode:
            state = dict(copy.deepcopy(payload), id=None)
        else:
            state = self._post_once(payload)
            self._warn_unconverged(desired, state)
        return Outcome(True, state, diff={"before": {}, "after": resource.project(desired, state)})

    def _post_once(self, payload):
        """POST once; after an answer that may hide a create, look for it instead of sending it again.

        The POST is re-sent only where Telnyx cannot have acted on it (429, or no connection made). After a
        lost answer or a 5xx the create may still land later (Telnyx can commit after the client gave up), so
        the core looks it up by name, waits and looks again while the operation's retry budget lasts, adopts
        what it finds with a warning, and otherwise fails saying that it may still be created: never a
        second POST, never a duplicate.
        """
        resource = self.resource
        budget = self.client.budget()
        try:
            return self.client.create(resource.path, payload, budget=budget)
        except TelnyxError as error:
            if not _maybe_applied(error):
                raise
            lost = error
        look = 0
        while True:
            look += 1
            made = [item for item in self._lookup_for_lost_create(payload, budget)
                    if resource.same_object(item, payload)]
            if made:
                self.warnings.append("Telnyx answered the create with an error (%s), but the %s was made; "
                                     "it was found and adopted." % (lost.message, resource.label))
                return self.remember_secrets(made[0])
            if not budget.take():
                break
            self.client.sleep_before_retry(look)
        lost.message += (" The %s may still be created by Telnyx: it was not found by its name after %d "
                         "look%s, so it was not sent again. Run again to converge: a later run finds it or "
                         "creates it." % (resource.label, look, "s" * (look != 1)))
        raise lost

    def _lookup_for_lost_create(self, payload, budget):
        try:
            return self.resource.lookup(self.client, payload[self.resource.name_field], budget=budget)
        except TelnyxError:
            # The lookup failing too says nothing about the create; the next look, or the failure, will.
            return []

    def update(self, current, desired):
        resource = self.resource
        payload = {}
        for name, want in desired.items():
            field = resource.fields[name]
            if not differs(field, want, current.get(name)):
                continue
            payload[name] = merge_branch(field, current.get(name), want) if field.kind == "dict" else want
        fixed = [name for name in payload if resource.fields[name].immutable]
        if fixed:
            raise ResourceFailure("Cannot update the %s: %s identifies it and cannot be changed (it is %s)"
                                  % (resource.label, ", ".join(fixed),
                                     ", ".join(repr(current.get(name)) for name in fixed)), invalid=fixed)
        changed_secrets = [name for name in payload if resource.fields[name].secret]
        before = resource.project(desired, current)
        if not payload:
            return Outcome(False, current, diff={"before": before, "after": before})
        errors = resource.check_update(payload)
        if errors:
            raise ResourceFailure("Cannot update the %s: %s" % (resource.label, "; ".join(errors)), invalid=errors)
        if self.check_mode:
            state = copy.deepcopy(current)
            for name, value in payload.items():
                state[name] = dict(state.get(name) or {}, **value) if isinstance(value, dict) else value
        else:
            state = current
            for address in resource.addresses():
                part = {name: value for name, value in payload.items() if resource.fields[name].address == address}
                if part:
                    state = resource.overlay(state, address, self._patch(state, address, part))
            # A field written at one address and read at another is read again where it is reported.
            for address in resource.addresses():
                if any(resource.fields[name].address != address == resource.fields[name].read_address
                       for name in payload):
                    answer = self.client.get(resource.address_path(current.get("id"), address))
                    state = resource.overlay(state, address, self.remember_secrets(answer))
            self._warn_unconverged(desired, state)
        after = resource.project(desired, state, changed_secrets)
        # A PATCH that Telnyx accepted but applied none of (it dropped the values) changed nothing:
        # saying so keeps a value Telnyx will never hold from reporting a change on every run.
        return Outcome(after != before, state, diff={"before": before, "after": after})

    def _patch(self, current, address, payload):
        """One PATCH of ``payload`` to ``address``; the object there as it now is, even when the answer was lost."""
        resource = self.resource
        item_id = current.get("id")
        body = dict(payload)
        if address is None:
            for name in resource.update_carries:
                body.setdefault(name, current.get(name))
        budget = self.client.budget()
        try:
            return self._send_update(resource.address_path(item_id, address), body, budget)
        except TelnyxError as error:
            if isinstance(error, TelnyxApiError) and error.not_found:
                raise ResourceFailure("The %s %s was deleted by someone else between the read and the update; "
                                      "nothing was changed.%s" % (resource.label, item_id, " Run again to create it."
                                                                  if resource.creatable else ""),
                                      status=error.status, errors=error.errors)
            state = self._read_back(item_id, error, budget, address)
            if state is None:
                raise error
            # Secrets count too: Telnyx echoes the password, and one it hides cannot confirm the change. A field
            # reported elsewhere is confirmed when that address is read again after the writes.
            unconfirmed = [name for name, value in payload.items() if resource.fields[name].read_address == address
                           and differs(resource.fields[name], value, state.get(name))]
            if unconfirmed:
                if all(resource.fields[name].secret and _hidden(state.get(name)) for name in unconfirmed):
                    error.message += " It may have been applied all the same: run again to converge."
                raise error
            self.warnings.append("Telnyx did not confirm the update (%s), but reading the %s back shows it "
                                 "was applied." % (error.message, resource.label))
            return state

    def _send_update(self, path, body, budget):
        """PATCH ``body``; when Telnyx refuses the spelling that clears a field, once more with its other one."""
        try:
            return self.client.update(path, body, budget=budget)
        except TelnyxApiError as error:
            pointers = {(item.get("source") or {}).get("pointer") for item in error.errors
                        if isinstance(item, dict) and isinstance(item.get("source"), dict)}
            respelled = dict(body)
            for name, value in body.items():
                spellings = self.resource.fields[name].clear_spellings if name in self.resource.fields else ()
                if error.status == 422 and "/" + name in pointers and value in spellings:
                    respelled[name] = spellings[(spellings.index(value) + 1) % len(spellings)]
            if respelled == body:
                raise
            return self.client.update(path, respelled, budget=budget)

    def _warn_unconverged(self, desired, state):
        """Telnyx may drop or rewrite a value it accepted; say so rather than report success silently."""
        for name, want in desired.items():
            field = self.resource.fields[name]
            if field.secret or not differs(field, want, state.get(name)):
                continue
            self.warnings.append(
                "Telnyx accepted %s but reports %r instead of %r; the next run will try again."
                % (name, self.resource.project({name: want}, state)[name],
                   self.resource.project({name: want}, {name: want})[name]))


def _maybe_applied(error):
    """Whether a write that failed with ``error`` may have been applied by Telnyx all the same.

    Yes after a lost or broken answer, a 5xx, or any failure after an earlier attempt that Telnyx may have acted
    on (``error.retried``); no when Telnyx refused it outright (a 4xx, or 429s only) or no connection was made.
    """
    return bool(error.retried or (isinstance(error, TelnyxTransportError) and error.maybe_applied)
                or (isinstance(error, TelnyxApiError) and error.status is not None and error.status >= 500))


def scrub(value, secrets):
    """Replace every occurrence of a secret value in strings nested anywhere in ``value``.

    A secret is also found as an API echoes it inside JSON or HTML (its escaped forms).
    """
    if isinstance(value, str):
        for secret in _secret_forms(secrets):
            value = value.replace(secret, SECRET_MASK)
        return value
    if isinstance(value, dict):
        return {key: scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, secrets) for item in value]
    return value


def _secret_forms(secrets):
    forms = set()
    for secret in secrets:
        escaped = json.dumps(secret)[1:-1]
        # A JSON body quoted inside another JSON string escapes it twice.
        forms.update((secret, escaped, json.dumps(escaped)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
                      html.escape(secret)))
    # Longest first, so that a secret containing another is masked whole.
    return sorted((form for form in forms if form), key=len, reverse=True)


def secret_values(resource, params):
    values = [params.get("api_key")] + [params.get(name) for name, field in resource.fields.items() if field.secret]
    return [value for value in dict.fromkeys(values) if isinstance(value, str) and value]


@contextlib.contextmanager
def user_failures(secrets):
    """Turn every failure a user can act on into a ResourceFailure, with ``secrets`` scrubbed."""
    try:
        yield
    except ResourceFailure as failure:
        raise ResourceFailure(scrub(failure.msg, secrets), **scrub(failure.details, secrets))
    except TelnyxError as error:
        details = {"errors": error.errors} if error.errors else {}
        if error.status:
            details["status"] = error.status
        raise ResourceFailure(scrub(error.message, secrets), **scrub(details, secrets))


def connect(params, secrets, client=None, **client_options):
    """The client for validated ``params``, masking ``secrets`` in response text before it is shortened.

    ``client_options`` (a requests ``session``, a ``sleep``) go to the client made when none is given.
    """
    client = client or TelnyxClient.from_params(params, **client_options)
    client.redact_text = lambda text: scrub(text, secrets)
    return client


def reconcile(resource, params, check_mode=False, diff_mode=False, client=None, **client_options):
    """Run ``resource`` against Telnyx for ``params`` as AnsibleModule validated them.

    Returns ``(result, warnings)``: the result dict for exit_json and the texts to warn with.
    Raises ResourceFailure, with secrets scrubbed, for every failure a user can act on; invalid options
    fail before any request.
    """
    secrets = secret_values(resource, params)
    with user_failures(secrets):
        desired = validate_params(resource, params)
        reconciler = Reconciler(resource, connect(params, secrets, client, **client_options), params, check_mode,
                                secrets)
        outcome = reconciler.run(desired)
    result = {"changed": outcome.changed, resource.result_key: resource.redact(outcome.state)}
    if diff_mode:
        result["diff"] = outcome.diff
    return result, [scrub(warning, secrets) for warning in reconciler.warnings]
