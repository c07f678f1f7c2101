# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The resource description: what a Telnyx resource is, as a field table plus hooks named after its quirks.

A ``ResourceType`` says where the resource lives (``path``), how it is named and found (``name_field``,
``name_filter``, ``lookup``), what a create needs, what Telnyx wants carried in every PATCH, whether the
collection may create or delete it at all, and its fields (``_fields.Field``). From it the engine
(``_engine``) plans and writes, and the three module shapes (``_module``) take their argument specs.
Nothing here sends a request except ``lookup``, which lists through the client it is given.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._api import check_connection_options, segment
from ansible_collections.telnyx.voice.plugins.module_utils._fields import TELNYX_ID, spec_of
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import DIFF_SECRET, DIFF_SECRET_CHANGED


class ResourceFailure(Exception):
    """The run cannot go on; ``msg`` is for the user and ``details`` are extra result keys."""

    def __init__(self, msg, **details):
        super().__init__(msg)
        self.msg = msg
        self.details = details


class AnyOf:
    """Several resource types a reference may name, looked up as one: a phone number's connection may be a
    credential, FQDN or IP connection (Telnyx keeps one id space for them). Has what ``Engine.resolve_name`` uses of a
    ``ResourceType``: ``path`` (the key of its one lookup per name and run), ``label`` and ``lookup``."""

    def __init__(self, label, *resources):
        self.label = label
        self.resources = resources
        self.path = "|".join(resource.path for resource in resources)

    def lookup(self, client, name=None, query=None, budget=None):
        """Every object of each type named ``name``: one list read per type."""
        return [match for resource in self.resources for match in resource.lookup(client, name, query, budget)]


class ResourceType:
    """A Telnyx resource described declaratively. Subclasses name the quirks in hooks."""

    label = "resource"
    path = None
    result_key = None
    # The key of the plural module's result list and of the info module's: the resource's plural.
    plural_key = None
    id_option = "id"
    name_field = None
    name_filter = None
    name_filter_min_length = 3
    # The list's filter on a tag, where it has one: a plural run's read of the account is narrowed to scope.tag.
    tag_filter = None
    required_on_create = ()
    # Top-level keys that Telnyx requires in every PATCH, changed or not: they are sent with their current value.
    update_carries = ()
    # False for what the account already has and this collection must never make or remove (a phone number is
    # bought and released through paid number orders): no create, no delete, no state option.
    creatable = True
    deletable = True
    # Whether the name may be changed (given with the id); a phone number's name is the number itself.
    renamable = True
    # The spellings that clear a field, the one sent first, where Telnyx does not document which it takes: when
    # it refuses one (422 pointing at the field), the next is sent instead.
    clear_spellings = {}
    fields = {}
    # Secrets Telnyx shows in the object that no option sets (masked like a secret field's value).
    response_secrets = ()
    # Records of their own that belong to the object, each kind a list option of it: {option: _children.Children}.
    children = {}
    # The lists that read a further address of every object at once, ``{address: list path}``: a plural run sweeps
    # them instead of reading that address object by object (a phone number's ``/voice``: ``/phone_numbers/voice``).
    sweeps = {}
    # A ``_bulk.BulkWrite`` when Telnyx writes one change to many objects at once (phone number jobs), else None.
    bulk = None
    # True when Telnyx has no update for the resource (an emergency address: GET and DELETE, no PATCH): a changed
    # object is replaced, a new one created and the old one deleted (``_planner.plan_replace``), never patched.
    immutable = False
    # Fields sent on create only, as an instruction, never compared nor carried into a replacement (an address's
    # validate_address: what Telnyx reports back says nothing about the wish).
    create_only = ()
    # Addresses whose fields no PATCH writes: an action (or a job) does, through ``action_request``/``send_action``
    # (a phone number's emergency settings, read-only on the number, set by enable_emergency).
    action_addresses = ()

    # Hooks, named after the quirk they handle

    def extra_options(self):
        """Options of the single module and of each plural item that are not fields (how to treat a secret, tags)."""
        if "tags" in self.fields:
            return dict(purge_tags=dict(type="bool", default=True))
        return {}

    def check_desired(self, desired):
        """Errors in the combination of options a user gave, beyond each option's own rules."""
        return []

    def managed_desired(self, desired, params, exists):
        """The desired fields that this run may change; a hook drops write-once values. ``create_only`` fields
        count only for a create."""
        if exists and self.create_only:
            return {name: value for name, value in desired.items() if name not in self.create_only}
        return desired

    def action_request(self, current, address, part):
        """The one request (``method, path, body``) that writes ``part`` at the action address ``address``."""
        raise NotImplementedError(address)

    def send_action(self, writer, current, address, part):
        """Send ``action_request`` through ``writer`` (which has recorded it); the object as it then is."""
        raise NotImplementedError(address)

    def settle(self, writer, outcome, before, item):
        """After the object's write (or none), wait for what Telnyx finishes in the background and report it in
        ``outcome`` (state and diff), warning or failing as it ends; ``before`` is the object as found. Nothing by
        default."""

    def in_use(self, client, obj):
        """What still uses ``obj`` (texts naming each user), so that it is neither deleted nor replaced: the run
        fails naming them instead. Reads only; none by default."""
        return []

    def check_create(self, payload):
        """Errors that make a create impossible, beyond the required fields."""
        return []

    def check_update(self, payload):
        """Errors that make an update impossible."""
        return []

    def same_object(self, item, desired):
        """Whether a listed item is the one a lost create made."""
        return item.get(self.name_field) == desired.get(self.name_field)

    def final_warnings(self, outcome, desired, check_mode):
        """Warnings about the object as the run leaves it (or, in check mode, would leave it): ``outcome`` is the
        ``_writes.Outcome``, ``desired`` the options the user gave, in wire form."""
        return []

    def hidden_secret_warning(self, name):
        """What to tell a user whose secret ``name`` Telnyx does not show back, so that it is sent on every run."""
        return ("Telnyx does not show %s back, so it cannot be compared: it is sent on every run, and the run "
                "reports a change." % name)

    def not_found_message(self, params):
        """Why a run that found nothing cannot create it, for a resource that is not ``creatable``."""
        return "No %s matches %s, and this module never creates one." % (
            self.label, params.get(self.id_option) or params.get(self.name_field))

    def name_query(self, name):
        """The list query that narrows a lookup of ``name``; the exact match is made by ``name_matches``."""
        return {self.name_filter: name} if len(name) >= self.name_filter_min_length else {}

    def scope_query(self, scope):
        """The list query that narrows a read of the account to a plural task's ``scope``, or ``{}`` where the
        list has no filter for it: the tag filter, or a name filter that matches a part of the name (a prefix is
        such a part). It only narrows what is read; whether an object is in the scope is still decided on it."""
        if scope.get("tag") and self.tag_filter:
            return {self.tag_filter: scope["tag"]}
        if scope.get("name_prefix") and self.name_filter and self.name_filter.endswith("[contains]"):
            return self.name_query(scope["name_prefix"])
        return {}

    def name_matches(self, item, name):
        return item.get(self.name_field) == name

    # Derived from the table

    def item_argument_spec(self):
        """The options of one object: the single module's (less ``state``) and each plural item's."""
        spec = spec_of(self.fields)
        spec.update((option, children.argument_spec()) for option, children in self.children.items())
        spec[self.id_option] = dict(type="str")
        spec.update(self.extra_options())
        return spec

    def argument_spec(self):
        """The single module's own options (``_module`` adds the connection options)."""
        spec = self.item_argument_spec()
        if self.deletable:
            spec["state"] = dict(type="str", default="present", choices=["present", "absent"])
        return spec

    def desired_state(self, params, prefix=""):
        """Validate the user's options and return them in wire form; fail naming every broken rule.

        ``prefix`` names the item in a plural module's messages (``config[3].``).
        """
        errors = []
        desired = {}
        for name, field in self.fields.items():
            value = params.get(name)
            if value is None:
                continue
            if field.kind == "dict" and all(sub is None for sub in value.values()):
                continue
            desired[name] = field.validate(prefix + name, value, errors)
        for option, children in self.children.items():
            if params.get(option) is not None:
                desired[option] = children.validate(prefix + option, params[option], errors)
        _reference_conflicts(self.fields, desired, prefix, errors)
        if not errors:
            errors.extend(prefix + problem for problem in self.check_desired(desired))
        if errors:
            raise ResourceFailure("Invalid options for %s: %s" % (self.label, "; ".join(errors)), invalid=errors)
        return desired

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

    def deleted_line(self, state):
        """What a delete removes, as the one line its diff shows: the object's label, name and id.

        The whole object is in the result (``deleted``); a diff of every field of every deleted object would bury
        the updates beside it (68 lines per connection).
        """
        return "%s %r (id %s)\n" % (self.label, state.get(self.name_field), state.get("id"))

    def item_path(self, item_id, *rest):
        """The path of one object (and of what lies under it), every value percent-quoted as one segment."""
        return "/".join([self.path] + [segment(part) for part in (item_id,) + rest])

    # Identity

    def request_problems(self, params):
        """Errors in every option that reaches a request whatever the module does with the object: the connection
        options (a header, the URL, the timers) and the identity options (the path)."""
        return check_connection_options(params) + self.identity_problems(params)

    def identity_problems(self, params, prefix=""):
        """Errors in the options that name the object; they reach a URL, so they are checked before any request."""
        item_id = params.get(self.id_option)
        problem = None if item_id is None else TELNYX_ID(item_id)
        return ["%s%s: %s" % (prefix, self.id_option, problem)] if problem else []

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


def _reference_conflicts(fields, desired, prefix, errors):
    """An option that names an object and the id option it resolves to cannot both be set."""
    for name, field in fields.items():
        if field.kind == "dict" and isinstance(desired.get(name), dict):
            _reference_conflicts(field.options, desired[name], "%s%s." % (prefix, name), errors)
        elif field.resolves_to and name in desired and field.resolves_to[0] in desired:
            errors.append("%s%s and %s%s: set only one of them" % (prefix, field.resolves_to[0], prefix, name))
