# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Secrets, in one place.

A field is marked ``secret=True`` once, in its resource's table. Everything else follows from that mark, here:

* ``no_log`` in the argument spec (``Field.argument_spec``), items of a plural module included, so ansible-core
  masks them in the invocation and the syslog/journald line it writes for every module run;
* ``Secrets``: the secret values of one run (the options' and the connection options', and those Telnyx shows
  back), with ``scrub()`` for every text a user can see (messages, warnings, Telnyx's echoes) and the client's
  ``redact_text`` for the answers it shortens into messages;
* ``redact()``: an object with its secret fields masked, for results and diffs;
* ``masked_params()``: the task's arguments with every secret masked by its place, not by its value, so that
  a plural module's invocation costs one pass over its items, not one per item per secret;
* ``register_with_core()``: from ansible-core 2.22, the secrets handed to core, which masks them wherever it shows
  or logs anything (the module returns them to the controller as ``_ansible_new_secrets``).

The connection options hold secrets too: ``api_key``, and a user or password written into ``base_url``.
"""

from __future__ import annotations

import html
import json
from urllib.parse import urlsplit

try:  # ansible-core 2.22 and later: the registry of secrets that core masks wherever it shows or logs anything
    from ansible.module_utils.secrets import register_secrets as _core_register_secrets
except ImportError:  # ansible-core 2.16 to 2.21: AnsibleModule masks its no_log_values in its result and its log
    _core_register_secrets = None

CORE_REGISTERS_SECRETS = _core_register_secrets is not None

MASK = "********"
"""What a secret value is replaced with, in text and in objects."""

NOT_LOGGED = "NOT_LOGGING_PARAMETER"
"""What ansible-core logs for a no_log option; the same for a secret inside an item."""

DIFF_SECRET = "<hidden>"
DIFF_SECRET_CHANGED = "<hidden, changed>"

CONNECTION_SECRETS = ("api_key",)


def register_with_core(values):
    """Hand ``values`` (secrets, empty or not) to ansible-core 2.22+, which masks them in everything it shows or
    logs, in this process and, through the module's result, on the controller; nothing before 2.22."""
    if CORE_REGISTERS_SECRETS:
        _core_register_secrets(value for value in values if isinstance(value, str) and value)


def secret_fields(fields):
    """The names of the secret fields of a table (top level; no resource nests one)."""
    return [name for name, field in fields.items() if field.secret]


def url_credentials(value):
    """A user name and password written into a URL (refused as ``base_url``, and never shown)."""
    try:
        parts = urlsplit(value)
        found = [parts.username, parts.password]
    except (TypeError, ValueError, AttributeError):
        return []
    return [part for part in found if part]


def secret_names(resource):
    """The top-level keys of ``resource``'s objects that hold a secret: its secret fields, and the secrets Telnyx
    shows that no option sets (``response_secrets``)."""
    return secret_fields(resource.fields) + list(resource.response_secrets)


class Secrets:
    """The secret values of one run, to mask wherever text is shown.

    ``of_params`` takes them from validated (or raw) arguments; ``remember`` adds those Telnyx shows in an
    object it answered with. Masking a text costs one pass per secret: a plural run keeps one ``Secrets`` per
    item (the item's own and the task's), so masking every item stays linear in the number of items.
    """

    def __init__(self, values=()):
        self._values = {}  # an ordered set
        self.add(*values)

    @property
    def values(self):
        return list(self._values)

    def add(self, *values):
        for value in values:
            if isinstance(value, str) and value:
                self._values.setdefault(value)
        return self

    @classmethod
    def of_connection(cls, params):
        secrets = cls(params.get(name) for name in CONNECTION_SECRETS)
        return secrets.add(*url_credentials(params.get("base_url")))

    @classmethod
    def of_params(cls, resource, params):
        """The task's connection secrets and the secret options of ``params`` (a single module's, or an item)."""
        secrets = cls.of_connection(params)
        return secrets.add(*(params.get(name) for name in secret_fields(resource.fields)))

    def child(self, resource, item):
        """A copy with the secrets of one item (a dict of the resource's options) added."""
        return Secrets(self._values).add_item(resource, item)

    def add_item(self, resource, item):
        """Add the secrets of one item (a dict of the resource's options, valid or not)."""
        if isinstance(item, dict):
            self.add(*(item.get(name) for name in secret_fields(resource.fields)))
            # An option that does not belong in an item (the api_key) is refused, and never shown.
            self.add(*(item.get(name) for name in CONNECTION_SECRETS))
        return self

    def remember(self, resource, obj):
        """``obj`` as Telnyx answered it, after noting the secrets it shows (Telnyx echoes a password)."""
        if isinstance(obj, dict):
            shown = [obj.get(name) for name in secret_names(resource)]
            self.add(*shown)
            register_with_core(shown)
        return obj

    def scrub(self, value):
        """``value`` with every occurrence of a secret, nested anywhere in its strings, replaced by the mask.

        A secret is also found as an API echoes it inside JSON or HTML (its escaped forms).
        """
        forms = _forms(self._values)
        return _scrub(value, forms) if forms else value


def _scrub(value, forms):
    if isinstance(value, str):
        for form in forms:
            value = value.replace(form, MASK)
        return value
    if isinstance(value, dict):
        return {key: _scrub(item, forms) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(item, forms) for item in value]
    return value


def _forms(secrets):
    forms = set()
    for secret in secrets:
        escaped = json.dumps(secret)[1:-1]
        # A JSON body quoted inside another JSON string escapes it twice.
        forms.update((secret, escaped, json.dumps(escaped)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
                      html.escape(secret)))
    # Longest first, so that a secret containing another is masked whole.
    return sorted((form for form in forms if form), key=len, reverse=True)


def redact(resource, obj):
    """A copy of ``obj`` with every secret field masked, safe for results, diffs and logs."""
    if not isinstance(obj, dict):
        return obj
    redacted = dict(obj)
    for name in secret_names(resource):
        if redacted.get(name) is not None:
            redacted[name] = MASK
    return redacted


def masked_params(resource, params, list_option=None, mask=NOT_LOGGED):
    """The task's arguments with every secret masked by its place: a no_log option, a secret of an item of
    ``list_option``, an ``api_key`` put in an item by mistake, and credentials written into ``base_url``.

    The items of ``list_option`` are shown as the user gave them: without the suboptions they left unset, which
    argument validation filled with None (some 50 per connection; at 10,000 items they made the invocation 8.5 MB,
    which Ansible scans, serializes and logs)."""
    shown = dict(params)
    for name in CONNECTION_SECRETS:
        if shown.get(name) is not None:
            shown[name] = mask
    for name in secret_fields(resource.fields):
        if shown.get(name) is not None:
            shown[name] = mask
    credentials = url_credentials(shown.get("base_url"))
    if credentials:
        shown["base_url"] = Secrets(credentials).scrub(shown["base_url"])
    items = shown.get(list_option) if list_option else None
    if isinstance(items, list):
        hidden = secret_fields(resource.fields) + list(CONNECTION_SECRETS)
        shown[list_option] = [
            dict(_set_only(item), **{name: mask for name in hidden if item.get(name) is not None})
            if isinstance(item, dict) else item for item in items]
    return shown


def _set_only(value):
    """``value`` without the None values of its dicts, at every depth."""
    if isinstance(value, dict):
        return {key: _set_only(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_set_only(item) for item in value]
    return value
