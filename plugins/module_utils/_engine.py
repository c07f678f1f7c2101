# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The reconcile engine: converge objects of one resource, one item at a time, the same way for every shape.

``Engine.converge(item, finder)`` is the whole life of one object in a run: resolve the options that name other
objects, find the object (``finder``), plan the one write that converges it (``_planner``), and send it or, in
check mode, predict it (``_writes.Writer``). The single module converges one item with a ``LiveFinder`` (a GET by
id or a lookup by name); the plural module converges each item of its list with a ``SnapshotFinder`` over one
verified read of the account (``_snapshot``). There is no other path.

``reconcile()`` is the single module's run; ``validate_params()`` checks every option before any request.
"""

from __future__ import annotations

import contextlib
import threading

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxApiError, TelnyxClient, TelnyxError
from ansible_collections.telnyx.voice.plugins.module_utils._planner import plan_create, plan_delete, plan_update
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import Secrets, redact
from ansible_collections.telnyx.voice.plugins.module_utils._writes import ClientPool, Writer


@contextlib.contextmanager
def user_failures(secrets):
    """Turn every failure a user can act on into a ResourceFailure, with ``secrets`` scrubbed."""
    try:
        yield
    except ResourceFailure as failure:
        raise ResourceFailure(secrets.scrub(failure.msg), **secrets.scrub(failure.details))
    except TelnyxError as error:
        details = {"errors": error.errors} if error.errors else {}
        if error.status:
            details["status"] = error.status
        raise ResourceFailure(secrets.scrub(error.message), **secrets.scrub(details))


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


class Item:
    """One object to converge: its position, its options (connection options included), its desired state in
    wire form, ``absent`` or not, and the label that names it in messages."""

    def __init__(self, index, params, desired, label, absent=False):
        self.index = index
        self.params = params
        self.desired = desired
        self.label = label
        self.absent = absent


class ItemResult:
    """How one item ended: ``outcome`` (a ``_writes.Outcome``) or ``failed`` with ``msg`` and ``details``; its
    warnings and the write requests it sent or, in check mode, would send."""

    def __init__(self, item):
        self.item = item
        self.outcome = None
        self.failed = False
        self.msg = None
        self.details = {}
        self.warnings = []
        self.commands = []

    @property
    def changed(self):
        return bool(self.outcome and self.outcome.changed)


class LiveFinder:
    """Finds an object by asking Telnyx: a GET by id, or the lookup by name across every page."""

    def find(self, engine, item, client):
        resource = engine.resource
        item_id = item.params.get(resource.id_option)
        if item_id:
            try:
                return client.get(resource.item_path(item_id))
            except TelnyxApiError as error:
                if error.not_found:
                    return None
                raise
        name = item.desired.get(resource.name_field)
        return one_match(resource, resource.lookup(client, name), name)


class SnapshotFinder:
    """Finds an object in the snapshot; one the snapshot lacks is looked for live before anything is decided.

    An object missed by a read that others shifted is then still found, so a create is never sent for what
    exists and a delete never skipped for what does.
    """

    def __init__(self, snapshot):
        self.snapshot = snapshot
        self.confirmed = 0

    def find(self, engine, item, client):
        resource = engine.resource
        item_id = item.params.get(resource.id_option)
        if item_id:
            found = self.snapshot.by_id.get(item_id)
        else:
            name = item.desired.get(resource.name_field)
            found = one_match(resource, [obj for obj in self.snapshot.by_name.get(name, [])
                                         if resource.name_matches(obj, name)], name)
        if found is not None:
            return found
        self.confirmed += 1
        return LiveFinder().find(engine, item, client)


def one_match(resource, matches, name):
    """The one object named ``name``; fails listing the ids when several are."""
    if len(matches) > 1:
        raise ResourceFailure(
            "%d %ss are named %r, so the name does not say which one to manage: set %s to one of %s"
            % (len(matches), resource.label, name, resource.id_option,
               ", ".join(str(match.get("id")) for match in matches)),
            matching_ids=[match.get("id") for match in matches])
    return matches[0] if matches else None


class Engine:
    """Converges items of ``resource`` with the clients of ``pool``; safe to call from several threads.

    ``secrets`` are the task's (its connection options'); each item adds its own. Reads of other resources
    (the objects that options name) are made once per run and shared by every item.
    """

    def __init__(self, resource, pool, check_mode=False, secrets=None):
        self.resource = resource
        self.pool = pool
        self.check_mode = check_mode
        self.secrets = secrets or Secrets()
        self._names = {}
        self._lock = threading.Lock()

    def converge(self, item, finder):
        """Converge one item; never raises for what a user can act on: the failure is in the ``ItemResult``."""
        resource = self.resource
        result = ItemResult(item)
        secrets = self.secrets.child(resource, item.params)
        client = self.pool.client()
        # The client masks the item's secrets (and those Telnyx shows back) in the answers it quotes; a thread's
        # client serves one item at a time.
        client.redact_text = secrets.scrub
        writer = Writer(resource, client, self.check_mode, secrets, result.warnings, result.commands)
        try:
            with user_failures(secrets):
                if item.absent:
                    current = secrets.remember(resource, finder.find(self, item, client))
                    result.outcome = writer.apply(plan_delete(resource, current), current)
                else:
                    desired = self.resolve_names(resource.fields, item.desired, client, result.warnings)
                    current = secrets.remember(resource, finder.find(self, item, client))
                    plan, current = self.plan(item, desired, current, client, secrets)
                    result.outcome = writer.apply(plan, current)
                    result.warnings.extend(resource.final_warnings(result.outcome, item.desired, self.check_mode))
        except ResourceFailure as failure:
            result.failed = True
            result.msg = failure.msg
            result.details = failure.details
        result.warnings = [secrets.scrub(warning) for warning in result.warnings]
        if result.outcome is not None:
            result.outcome.state = redact(resource, result.outcome.state)
            result.outcome.deleted = redact(resource, result.outcome.deleted)
        return result

    def plan(self, item, desired, current, client, secrets):
        """``(plan, current)``: the plan for ``item``, and the object it starts from, completed from each further
        address the plan compares (the writes start from that object too)."""
        resource = self.resource
        if current is None:
            if not resource.creatable:
                raise ResourceFailure(resource.not_found_message(item.params))
            if item.params.get(resource.id_option):
                raise ResourceFailure(
                    "No %s with %s %s exists. Telnyx assigns ids, so one cannot be created with a given id: "
                    "omit %s to create it by name."
                    % (resource.label, resource.id_option, item.params[resource.id_option], resource.id_option))
            return plan_create(resource, resource.managed_desired(desired, item.params, exists=False)), None
        desired = resource.managed_desired(desired, item.params, exists=True)
        if item.params.get("purge_tags") is False and "tags" in desired:
            # Tags other teams put on the object stay: the given ones are added to them (amazon.aws's purge_tags).
            have = [str(tag) for tag in current.get("tags") or []]
            desired = dict(desired, tags=have + [tag for tag in desired["tags"] if tag not in have])
        current = self.read_addresses(current, desired, client, secrets)
        return plan_update(resource, current, desired), current

    def read_addresses(self, current, desired, client, secrets):
        """``current`` completed from each further address that ``desired`` sets an option of.

        An address none of whose options is set is never read: its fields are not compared.
        """
        resource = self.resource
        state = current
        for address in resource.addresses()[1:]:
            if any(resource.fields[name].read_address == address for name in desired):
                answer = client.get(resource.address_path(current.get("id"), address))
                state = resource.overlay(state, address, secrets.remember(resource, answer))
        return state

    # Options that name other objects

    def resolve_names(self, fields, desired, client, warnings, prefix=""):
        """``desired`` with every option that names an object replaced by that object's id."""
        resolved = dict(desired)
        for name, field in fields.items():
            if field.kind == "dict" and isinstance(resolved.get(name), dict):
                resolved[name] = self.resolve_names(field.options, resolved[name], client, warnings,
                                                    "%s%s." % (prefix, name))
            elif field.resolves_to and name in resolved:
                id_key, target = field.resolves_to
                resolved[id_key] = self.resolve_name(target, resolved.pop(name), prefix + name, client, warnings)
                if resolved[id_key] is None and not fields[id_key].nullable:
                    # An empty name clears the reference the way its id option is cleared: "" where the schema
                    # types the id a plain string, which null would leave.
                    resolved[id_key] = ""
        return resolved

    def resolve_name(self, target, name, option, client, warnings):
        """The id of the ``target`` named ``name``; an empty name clears the reference (None)."""
        if not name:
            return None
        key = (target.path, name)
        with self._lock:
            matches = self._names.get(key)
        if matches is None:
            matches = target.lookup(client, name)
            with self._lock:
                self._names.setdefault(key, matches)
        if len(matches) == 1:
            return matches[0].get("id")
        if len(matches) > 1:
            raise ResourceFailure("%s: %d %ss are named %r; give the id of one of them instead: %s"
                                  % (option, len(matches), target.label, name,
                                     ", ".join(str(match.get("id")) for match in matches)),
                                  matching_ids=[match.get("id") for match in matches])
        if self.check_mode:
            # An earlier task of the same check-mode run may only have predicted its creation.
            warnings.append("%s: no %s is named %r yet; a real run fails unless an earlier task creates it."
                            % (option, target.label, name))
            return "<id of the %s %r>" % (target.label, name)
        raise ResourceFailure("%s: no %s is named %r" % (option, target.label, name))


def connect(params, secrets, client=None, **client_options):
    """The client for validated ``params``, masking ``secrets`` in response text before it is shortened.

    ``client_options`` (a requests ``session``, a ``sleep``) go to the client made when none is given.
    """
    client = client or TelnyxClient.from_params(params, **client_options)
    client.redact_text = secrets.scrub
    return client


def reconcile(resource, params, check_mode=False, diff_mode=False, client=None, **client_options):
    """The single module's run: converge the one object ``params`` describe.

    Returns ``(result, warnings)``: the result dict for exit_json and the texts to warn with.
    Raises ResourceFailure, with secrets scrubbed, for every failure a user can act on; invalid options
    fail before any request.
    """
    secrets = Secrets.of_params(resource, params)
    with user_failures(secrets):
        desired = validate_params(resource, params)
        pool = ClientPool(params, secrets.scrub, given=client or TelnyxClient.from_params(params, **client_options))
    engine = Engine(resource, pool, check_mode, secrets)
    label = resource.label
    done = engine.converge(Item(0, params, desired, label, absent=params.get("state") == "absent"), LiveFinder())
    if done.failed:
        raise ResourceFailure(done.msg, **done.details)
    result = {"changed": done.outcome.changed, resource.result_key: done.outcome.state}
    if done.outcome.deleted is not None:
        result["deleted"] = done.outcome.deleted
    if diff_mode:
        result["diff"] = done.outcome.diff
    return result, done.warnings
