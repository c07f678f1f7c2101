# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Fields and rules: the vocabulary of a resource's table.

A ``Field`` is one option of a resource, named by its wire key. From it come the option's argument spec, the
validation of what a user gives (to the wire form), the normalisation that makes every spelling of one value
compare equal, and the comparison itself (``differs``). Rules are plain functions ``value -> error text or
None``; the ones several resources share live here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

from ansible.module_utils.parsing.convert_bool import boolean

# Option names that Ansible's sanity test suspects of holding secrets; the non-secret ones say no_log=False.
_LOOKS_SECRET = re.compile(r"(?:pass(?!ive)|secret|token|key)", re.IGNORECASE)

NO_DEFAULT = object()
"""A field's ``default`` when the schema gives none: ``state: replaced`` leaves such a field as it is."""

# Plain decimal notation, the only spelling of a number accepted in a string: "100", "0.25".
_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?", re.ASCII)
# A JSON number is a double on the way: beyond 15 significant digits it would not arrive as typed.
MAX_DIGITS = 15

KINDS = ("str", "int", "bool", "number", "decimal", "list", "set", "dict")


def listing(values):
    """Values listed for a message, unambiguously: each quoted when one of them holds a comma or a space
    (``'Chicago, IL', 'Ashburn, VA'``, not ``Chicago, IL, Ashburn, VA``)."""
    values = [str(value) for value in values]
    if any("," in value or " " in value or not value for value in values):
        return ", ".join(repr(value) for value in values)
    return ", ".join(values)


# Rules

def full_match(pattern, expected, blank_allowed=False):
    """A rule: the value matches ``pattern`` in full, or is blank where blank means something.

    Full match, not search: a pasted trailing space or line break is refused, not carried to Telnyx.
    """
    regex = re.compile(pattern)

    def check(value):
        if (blank_allowed and not value) or regex.fullmatch(value):
            return None
        return "must be %s, got %r" % (expected, value)
    return check


def length(minimum, maximum):
    """A rule: a string of ``minimum`` to ``maximum`` characters."""
    def check(value):
        if not minimum <= len(value) <= maximum:
            return "must be %s to %s characters long, got %s" % (minimum, maximum, len(value))
        return None
    return check


def multiple_of(step):
    """A rule: an integer multiple of ``step``."""
    return lambda value: "must be a multiple of %s, got %s" % (step, value) if value % step else None


def url(value):
    """A rule: an absolute http(s) URL (the schema's ``format: uri``, which Telnyx checks for a scheme)."""
    try:
        parsed = urlparse(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
        return "must be an absolute URL with an http or https scheme, got %r" % value
    return None


def not_blank(value):
    return "must not be empty" if not value.strip() else None


TELNYX_ID = full_match(r"[0-9]{1,19}", "a Telnyx id: 1 to 19 digits such as 1293384261075731499")
"""The rule of every Telnyx object id (an int64 sent as a string), whichever option holds it."""

UUID = full_match(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                  "a UUID such as 06b09dfd-7154-4980-8b75-cebf7a9d4f8e")

E164 = full_match(r"\+[1-9][0-9]{1,14}", "a phone number in E.164 form such as +13125550100")


def blank_or(rule):
    """``rule``, except that the empty string (which clears the value) is accepted."""
    return lambda value: rule(value) if value else None


class Field:
    """One option of a resource, named by its wire key.

    ``kind`` is one of ``str``, ``int``, ``bool``, ``number`` (a decimal sent as a JSON number), ``decimal`` (a
    decimal Telnyx keeps as a string, such as money), ``list`` (strings in an order that means something),
    ``set`` (strings whose order means nothing) or ``dict`` (with ``options``, a table of its own).

    * ``nullable``: the empty string clears the field, sent as JSON null; only where the schema allows null.
    * ``cannot_clear``: why the empty string cannot clear the field, where users might expect it to (the schema has
      no value that clears it, such as an integer that is not nullable): it is refused, naming the option.
    * ``null_equals``: the value Telnyx reports as null (FACTS T2).
    * ``minimum`` / ``maximum``: bounds of an ``int``, ``number`` or ``decimal``.
    * ``check``: a rule, or a tuple of rules, each ``value -> error text or None``.
    * ``normalize``: maps every spelling of one value (or list item) to one form, for comparison and the diff.
    * ``relevant_if``: receives the merged parent object; a sub-option that means nothing there is not compared.
    * ``secret``: never shown anywhere; from this one mark come ``no_log`` and every masking (``_secrets``).
    * ``address``: where a top-level field is written when not at the object's own path (``"voice"`` for
      ``/phone_numbers/{id}/voice``), or ``(written, read)`` when Telnyx reports it at another address
      (``None`` being the object's own).
    * ``resolves_to``: ``(id_key, resource)`` for an option that names another object; it is looked up and
      replaced by ``id_key``, never sent.
    * ``default``: the schema's default, which ``state: replaced`` returns an option to when it is not given.
    """

    def __init__(self, kind, choices=None, nullable=False, null_equals=None, minimum=None, maximum=None,
                 aliases=None, secret=False, options=None, relevant_if=None, check=(), normalize=None,
                 address=None, resolves_to=None, default=NO_DEFAULT, cannot_clear=None):
        if kind not in KINDS:
            raise ValueError("a Field's kind is one of %s, got %r" % (listing(KINDS), kind))
        self.kind = kind
        self.choices = list(choices) if choices else None
        self.nullable = nullable
        self.cannot_clear = cannot_clear
        self.null_equals = null_equals
        self.minimum = minimum
        self.maximum = maximum
        self.aliases = aliases
        self.secret = secret
        self.options = options
        self.relevant_if = relevant_if
        self.checks = tuple(check) if isinstance(check, (tuple, list)) else (check,)
        self.normalize = normalize
        self.address, self.read_address = address if isinstance(address, tuple) else (address, address)
        self.resolves_to = resolves_to
        self.default = default

    def but(self, **changes):
        """A copy with ``changes`` (a default that differs for another resource sharing the field)."""
        copy = object.__new__(Field)
        copy.__dict__.update(self.__dict__, **changes)
        return copy

    def problem(self, value):
        """The first rule of ``check`` that ``value`` breaks, as an error text, or None."""
        for rule in self.checks:
            problem = rule(value) if rule else None
            if problem:
                return problem
        return None

    @property
    def is_list(self):
        return self.kind in ("list", "set")

    # The argument spec

    def argument_spec(self, name):
        if self.kind == "dict":
            spec = dict(type="dict", options=spec_of(self.options))
        elif self.is_list:
            spec = dict(type="list", elements="str")
        elif self.kind in ("number", "decimal") or ((self.nullable or self.cannot_clear) and self.kind in ("int", "bool")):
            # An empty string must get through to clear the value (or to be refused with the reason it cannot), so
            # Ansible may not convert it.
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
        if value == "" and self.cannot_clear:
            errors.append("%s: cannot be cleared with an empty string: %s" % (path, self.cannot_clear))
            return None
        if self.kind == "dict":
            return {name: self.options[name].validate("%s.%s" % (path, name), sub, errors)
                    for name, sub in value.items() if sub is not None and name in self.options}
        if self.kind == "int":
            value = _coerce_int(path, value, errors)
        elif self.kind in ("number", "decimal"):
            value = self._coerce_number(path, value, errors)
        elif self.kind == "bool":
            try:
                value = boolean(value, strict=True)
            except TypeError:
                errors.append("%s: must be a boolean (or an empty string to clear it), got %r" % (path, value))
                value = None
        elif self.is_list:
            value = [str(item) for item in value]
            if any(not item.strip() for item in value):
                errors.append("%s: items must be non-empty strings" % path)
        else:
            value = str(value)
        if value is not None:
            self._check_rules(path, value, errors)
        return value

    def _coerce_number(self, path, value, errors):
        """A decimal in one canonical form, in the type the API takes: a string such as "100.00" for ``decimal``,
        else a JSON number. Refused: anything but plain decimal notation in a string (an exponent, a sign, digit
        separators, non-ASCII digits), a bool, a float that is not finite, and more than ``MAX_DIGITS`` significant
        digits, which a JSON number would not carry exactly."""
        if isinstance(value, str):
            number = Decimal(value.strip()) if _PLAIN_DECIMAL.fullmatch(value.strip()) else None
        else:
            number = _decimal(value)
        if number is None:
            errors.append("%s: must be a plain decimal number such as 100 or 0.25 (ASCII digits and at most one "
                          "point; no sign, exponent or separators), got %r" % (path, value))
            return None
        number = abs(number) if number.is_zero() else number  # -0 is 0
        if len(number.normalize().as_tuple().digits) > MAX_DIGITS:
            errors.append("%s: must have at most %d significant digits, got %r" % (path, MAX_DIGITS, value))
            return None
        if self.kind == "decimal":
            return format(number, "f")
        return int(number) if number == number.to_integral_value() else float(number)

    def _check_rules(self, path, value, errors):
        if self.kind in ("number", "decimal"):
            number = _decimal(value)
            if self.minimum is not None and number < self.minimum:
                errors.append("%s: must be at least %s, got %s" % (path, self.minimum, value))
        elif self.minimum is not None and self.maximum is not None and not self.minimum <= value <= self.maximum:
            errors.append("%s: must be between %s and %s, got %s" % (path, self.minimum, self.maximum, value))
        for rule in self.checks:
            problem = rule(value) if rule else None
            if problem:
                errors.append("%s: %s" % (path, problem))

    # Normalisation: the same value must compare equal however the API spells it

    def comparable(self, value):
        if isinstance(value, str) and value == "" and not self.is_list:
            value = None
        if value is None and self.is_list:
            return []
        if value is None:
            return self.null_equals
        if self.kind == "int" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if self.kind == "str" and not isinstance(value, str):
            return str(value)
        if self.is_list:
            items = [value] if isinstance(value, str) else [str(item) for item in value]
            items = [self.normalize(item) for item in items] if self.normalize else items
            return items if self.kind == "list" else sorted(set(items))
        if self.kind in ("number", "decimal"):
            number = _decimal(value)
            if number is None:
                return value
            # "100", "100.0" and 100 are one amount: shown in the diff in its shortest spelling, as a string
            # where Telnyx keeps a string and as a number where it keeps a number.
            number = Decimal(0) if number.is_zero() else number  # -0 is 0
            if self.kind == "decimal":
                return format(number.normalize(), "f")
            return int(number) if number == number.to_integral_value() else float(number)
        return self.normalize(value) if self.normalize else value

    def to_wire(self, value):
        """A value read from the API, in the type the API accepts back."""
        if self.kind == "int" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if self.is_list and isinstance(value, str):
            return [value]
        return value


def _coerce_int(path, value, errors):
    if isinstance(value, bool) or value is None:
        errors.append("%s: must be an integer (or an empty string to clear it), got %r" % (path, value))
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        errors.append("%s: must be an integer (or an empty string to clear it), got %r" % (path, value))
        return None


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


def differs(field, want, have):
    """Whether ``want`` (what the user set) is not yet true of ``have`` (what the API reports)."""
    if field.kind == "dict":
        have = have if isinstance(have, dict) else {}
        merged = merge_branch(field, have, want)
        # A sub-key that is no option (a pointer a resource's child records set, _children) is not compared here.
        return any(differs(field.options[name], sub, have.get(name))
                   for name, sub in want.items() if name in field.options
                   and (field.options[name].relevant_if is None or field.options[name].relevant_if(merged)))
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


def schema_defaults(fields, nested=False):
    """What ``state: replaced`` gives the fields a user left out: each one's schema default, where it has one.

    A nested object gets the defaults of its sub-options; a field without a default is not in the answer, nor is
    a null default inside a nested object, since the schema does not let a nested value be sent as null.
    """
    defaults = {}
    for name, field in fields.items():
        if field.secret or field.resolves_to:
            continue
        if field.kind == "dict":
            sub = schema_defaults(field.options, nested=True)
            if sub:
                defaults[name] = sub
        elif field.default is not NO_DEFAULT and not (nested and field.default is None):
            defaults[name] = field.default
    return defaults
