# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The planner: from what a user wants and what Telnyx has, the one write that converges an object.

Pure functions, no request: ``plan_create``, ``plan_update`` and ``plan_delete`` take the resource, the desired
state in wire form (``ResourceType.desired_state``) and the current object, and return a ``Plan``: the payload of
each write, the diff a person reads, and the state a check-mode run predicts. ``_writes.Writer`` sends a plan (or,
in check mode, records it); the single and the plural modules plan every object through these same functions.
"""

from __future__ import annotations

import copy

from ansible_collections.telnyx.voice.plugins.module_utils._fields import differs, merge_branch
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure

NONE, CREATE, UPDATE, DELETE, REPLACE = "none", "create", "update", "delete", "replace"


class Plan:
    """What to do with one object.

    ``action`` is ``none``, ``create``, ``update``, ``delete`` or ``replace`` (an object Telnyx cannot change:
    a new one is created and the old one deleted); ``payload`` the top-level fields to send (a nested object
    whole); ``desired`` the fields the user manages; ``before``/``after`` the diff; ``predicted`` the object as a
    real run would leave it; ``changed_secrets`` the secret fields sent; ``headers`` the diff's
    ``before_header``/``after_header``, where the diff alone would not say what happens (a replacement).
    """

    def __init__(self, action, payload=None, desired=None, before=None, after=None, predicted=None,
                 changed_secrets=(), headers=None):
        self.action = action
        self.payload = payload or {}
        self.desired = desired or {}
        self.before = before if before is not None else {}
        self.after = after if after is not None else {}
        self.predicted = predicted if predicted is not None else {}
        self.changed_secrets = tuple(changed_secrets)
        self.headers = dict(headers or {})
        # The options that force a replacement (``plan_replace``).
        self.differing = []

    def diff(self, before=None, after=None):
        """The diff a person reads: ``before``/``after`` (the plan's own unless given) and the headers."""
        diff = {"before": self.before if before is None else before, "after": self.after if after is None else after}
        diff.update(self.headers)
        return diff

    def by_address(self, resource):
        """The payload split by the address each field is written at, in the resource's address order."""
        parts = []
        for address in resource.addresses():
            part = {name: value for name, value in self.payload.items() if resource.fields[name].address == address}
            if part:
                parts.append((address, part))
        return parts


def plan_create(resource, desired):
    """A create of ``desired``; fails naming what is missing or impossible."""
    missing = [name for name in resource.required_on_create if desired.get(name) in (None, "")]
    if missing:
        raise ResourceFailure("To create a %s, set %s." % (resource.label, ", ".join(missing)), missing=missing)
    # Telnyx does not always accept an explicit null on create; leaving the key out means the same.
    payload = {name: value for name, value in desired.items() if value is not None}
    errors = resource.check_create(payload)
    if errors:
        raise ResourceFailure("Cannot create the %s: %s" % (resource.label, "; ".join(errors)), invalid=errors)
    predicted = dict(copy.deepcopy(payload), id=None)
    return Plan(CREATE, payload, desired, before={}, after=resource.project(desired, predicted),
                predicted=predicted)


def plan_update(resource, current, desired):
    """The PATCH that brings ``current`` to ``desired``: only the top-level fields that differ, a nested object
    whole (the user's sub-options merged into what Telnyx has, FACTS T11); ``none`` when nothing differs."""
    payload = {}
    for name, want in desired.items():
        field = resource.fields[name]
        if not differs(field, want, current.get(name)):
            continue
        payload[name] = merge_branch(field, current.get(name), want) if field.kind == "dict" else want
    if not resource.renamable and resource.name_field in payload:
        raise ResourceFailure("Cannot update the %s: %s identifies it and cannot be changed (it is %r)"
                              % (resource.label, resource.name_field, current.get(resource.name_field)),
                              invalid=[resource.name_field])
    before = resource.project(desired, current)
    if not payload:
        return Plan(NONE, desired=desired, before=before, after=before, predicted=current)
    if resource.immutable:
        return plan_replace(resource, current, desired, sorted(payload))
    errors = resource.check_update(payload)
    if errors:
        raise ResourceFailure("Cannot update the %s: %s" % (resource.label, "; ".join(errors)), invalid=errors)
    predicted = copy.deepcopy(current)
    for name, value in payload.items():
        predicted[name] = dict(predicted.get(name) or {}, **value) if isinstance(value, dict) else value
    changed_secrets = [name for name in payload if resource.fields[name].secret]
    return Plan(UPDATE, payload, desired, before=before,
                after=resource.project(desired, predicted, changed_secrets), predicted=predicted,
                changed_secrets=changed_secrets)


def plan_replace(resource, current, desired, differing):
    """The replacement of an object Telnyx cannot change (``resource.immutable``): a create of a new one, then the
    delete of ``current``.

    The new object takes what the user gave and, for every other field of the table, what ``current`` holds, so
    that an option left out is kept, as an update would keep it. ``differing`` names the options that force it.
    """
    payload = {name: copy.deepcopy(current[name]) for name in resource.fields
               if current.get(name) is not None and name not in resource.create_only}
    payload.update((name, value) for name, value in desired.items() if value is not None)
    errors = resource.check_create(payload)
    if errors:
        raise ResourceFailure("Cannot replace the %s: %s" % (resource.label, "; ".join(errors)), invalid=errors)
    predicted = dict(copy.deepcopy(payload), id=None)
    headers = {"before_header": "%s %r (id %s), deleted" % (resource.label, current.get(resource.name_field),
                                                            current.get("id")),
               "after_header": "a new %s replacing it: Telnyx cannot change one (%s differ%s)"
                               % (resource.label, ", ".join(differing), "s" * (len(differing) == 1))}
    plan = Plan(REPLACE, payload, desired, before=resource.project(desired, current),
                after=resource.project(desired, predicted), predicted=predicted, headers=headers)
    plan.differing = list(differing)
    return plan


def plan_delete(resource, current):
    """The delete of ``current``; ``none`` when there is nothing to delete."""
    if current is None:
        return Plan(NONE)
    return Plan(DELETE, before=resource.deleted_line(current), after="", predicted={})
