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
from ansible_collections.telnyx.voice.plugins.module_utils._children import reporting
from ansible_collections.telnyx.voice.plugins.module_utils._planner import (
    DELETE,
    REPLACE,
    UPDATE,
    plan_create,
    plan_delete,
    plan_update,
)
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
        # Between ``Engine.stage`` and its end: the plan, the object it starts from, the item's secrets; and the
        # id of the bulk job that wrote it, if one did.
        self.plan = None
        self.current = None
        self.desired = None
        self.secrets = None
        self.job = None

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
        self.swept = snapshot.swept
        self.confirmed = 0

    def listed(self, resource, item):
        """The object ``item`` names, as the snapshot lists it, or None; fails when its name is several's."""
        item_id = item.params.get(resource.id_option)
        if item_id:
            return self.snapshot.by_id.get(item_id)
        name = item.desired.get(resource.name_field)
        return one_match(resource, [obj for obj in self.snapshot.by_name.get(name, [])
                                    if resource.name_matches(obj, name)], name)

    def find(self, engine, item, client):
        found = self.listed(engine.resource, item)
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
        self._name_locks = {}
        self._lock = threading.Lock()
        # The child records a plural run read for many parents at once (``Children.read_many``):
        # {option: {parent id: [records]}}. Each parent's are taken once, by its one item; any other is read.
        self.records = {}

    def converge(self, item, finder):
        """Converge one item; never raises for what a user can act on: the failure is in the ``ItemResult``."""
        return self.apply(self.stage(item, finder))

    def stage(self, item, finder):
        """Find and plan one item, sending nothing but reads: an ``ItemResult`` holding its ``plan`` and
        ``current`` object (or its failure), for ``apply`` or for a bulk write (``_bulk``)."""
        resource = self.resource
        result = ItemResult(item)
        result.secrets = secrets = self.secrets.child(resource, item.params)
        client = self.pool.client()
        # The client masks the item's secrets (and those Telnyx shows back) in the answers it quotes; a thread's
        # client serves one item at a time.
        client.redact_text = secrets.scrub
        try:
            with user_failures(secrets):
                if item.absent:
                    result.current = secrets.remember(resource, finder.find(self, item, client))
                    result.plan = plan_delete(resource, result.current)
                else:
                    desired = self.resolve_names(resource.fields, item.desired, client, result.warnings)
                    own = {name: value for name, value in desired.items() if name not in resource.children}
                    current = secrets.remember(resource, finder.find(self, item, client))
                    # The records (``_children``) are written in apply(), around the object's own write.
                    result.desired = desired
                    result.plan, result.current = self.plan(item, own, current, client, secrets,
                                                            getattr(finder, "swept", None))
                if result.plan.action in (DELETE, REPLACE):
                    self.refuse_in_use(item, result.plan, result.current, client)
        except ResourceFailure as failure:
            self._failed(result, failure)
        return result

    def apply(self, result):
        """Send a staged item's plan (or predict it in check mode) and finish its result."""
        if not result.failed:
            client = self.pool.client()
            client.redact_text = result.secrets.scrub
            writer = Writer(self.resource, client, self.check_mode, result.secrets, result.warnings, result.commands)
            try:
                with user_failures(result.secrets):
                    if result.item.absent:
                        self._delete(writer, result)
                    else:
                        self._write(writer, result)
            except ResourceFailure as failure:
                self._failed(result, failure)
        return self.finish(result)

    def _delete(self, writer, result):
        current = result.current
        # Records go before the object they belong to: the order of their writes, reversed.
        for option, children in self.resource.children.items() if current is not None else ():
            children.remove(writer, current, self.known_records(option, current))
        result.outcome = writer.apply(result.plan, current)

    def _write(self, writer, result):
        resource, plan, current, desired = self.resource, result.plan, result.current, result.desired
        # The records of an object that exists go first, so that its one PATCH can name them too; a new object's go
        # after it, since they need its id (_children).
        stages = self.stage_children(writer, desired, current, result) if current is not None else {}
        for option, stage in stages.items():
            plan = resource.children[option].fold(writer, stage, plan)
        # After records were written, a failure of the object's own write says so.
        with reporting(lambda: sent(result) if any(stage.written for stage in stages.values()) else []):
            result.outcome = writer.apply(plan, current)
        if current is None:
            stages = self.stage_children(writer, desired, result.outcome.state, result, created=True)
        self.finish_children(writer, stages, result)
        resource.settle(writer, result.outcome, current, result.item)
        result.warnings.extend(resource.final_warnings(result.outcome, result.item.desired, self.check_mode))

    def finish(self, result):
        """The item's warnings scrubbed and its object's secrets masked: what every path ends with."""
        secrets = result.secrets or self.secrets
        result.warnings = [secrets.scrub(warning) for warning in result.warnings]
        if result.outcome is not None:
            result.outcome.state = redact(self.resource, result.outcome.state)
            result.outcome.deleted = redact(self.resource, result.outcome.deleted)
        return result

    @staticmethod
    def _failed(result, failure):
        result.failed = True
        result.msg = failure.msg
        result.details = failure.details

    def plan(self, item, desired, current, client, secrets, swept=None):
        """``(plan, current)``: the plan for ``item``, and the object it starts from, completed from each further
        address the plan compares (the writes start from that object too); ``swept`` maps the addresses a
        snapshot's sweep read to the ids whose objects carry them, which are not read again."""
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
        current = self.read_addresses(current, desired, client, secrets, swept)
        return plan_update(resource, current, desired), current

    def refuse_in_use(self, item, plan, current, client):
        """Fail, before any write, a delete or replacement of an object that something still uses (``in_use``);
        and a replacement of an object named by its id, since the new one gets another id."""
        resource = self.resource
        if plan.action == REPLACE and item.params.get(resource.id_option):
            raise ResourceFailure(
                "The %s %s differs in %s, and Telnyx cannot change a %s: a change is a new %s, with a new id. Name "
                "it by %s instead of %s to have it replaced, or create another one."
                % (resource.label, current.get("id"), ", ".join(plan.differing), resource.label, resource.label,
                   resource.name_field, resource.id_option))
        users = resource.in_use(client, current)
        if users:
            what = "deleted" if plan.action == DELETE else "replaced (Telnyx cannot change one: a change is a new one)"
            raise ResourceFailure(
                "The %s %r (id %s) cannot be %s: it is still used by %s. Move them off it first; nothing was changed."
                % (resource.label, current.get(resource.name_field), current.get("id"), what, ", ".join(users)),
                used_by=users)

    def stage_children(self, writer, desired, parent, result, created=False):
        """Each kind of records given (``_children``) read, created and changed: {option: Stage}."""
        return {option: children.stage(writer, parent, desired[option], sent(result), created=created,
                                       known=None if created else self.known_records(option, parent))
                for option, children in self.resource.children.items() if option in desired}

    def known_records(self, option, parent):
        """The records of ``parent`` that a plural run read for it (``records``), or None: they are read then."""
        return self.records.get(option, {}).pop(str(parent.get("id")), None)

    def finish_children(self, writer, stages, result):
        """The pointers and the deletes of each kind of records, after the object's own write; into the result."""
        outcome = result.outcome
        for option, stage in stages.items():
            parent, records, changed, before, after = self.resource.children[option].finish(
                writer, stage, outcome.state)
            outcome.state = dict(parent, **{option: records})
            outcome.diff = {"before": dict(outcome.diff["before"], **{option: before}),
                            "after": dict(outcome.diff["after"], **{option: after})}
            if changed and not outcome.changed:
                outcome.changed, outcome.action = True, UPDATE

    def read_addresses(self, current, desired, client, secrets, swept=None):
        """``current`` completed from each further address that ``desired`` sets an option of.

        An address none of whose options is set is never read: its fields are not compared. One that a sweep
        read for this object already is (``swept``).
        """
        resource = self.resource
        state = current
        for address in resource.addresses()[1:]:
            if current.get("id") in (swept or {}).get(address, ()):
                continue
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
            one_lookup = self._name_locks.setdefault(key, threading.Lock())
        # One lookup per name and run: the threads that need the same name while it is read wait for its answer
        # (10,000 items naming one connection, 16 workers: 1 request, not 16).
        with one_lookup:
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


def sent(result):
    """The write requests of an item so far (in check mode, those it would send), as ``METHOD path``."""
    return ["%s %s" % (command["method"], command["path"]) for command in result.commands]


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
