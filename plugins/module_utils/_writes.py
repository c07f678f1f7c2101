# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Writes, with recovery: the one path every create, update and delete takes, check mode included.

``Writer.apply(plan, current)`` sends a ``_planner.Plan``, or in check mode records it without sending; either
way the request is listed in ``commands`` (method, path and body, secrets masked), so a plural module reports
what it sent or would send. Recovery lives here too: a create whose answer was lost is looked up, never sent
again; a PATCH or DELETE without a usable answer is confirmed by reading the object back; a spelling that
clears a field and that Telnyx refuses is sent once more in its other spelling.

For a plural run, ``ClientPool`` lets several threads write at once, each with its own client.
"""

from __future__ import annotations

import threading

from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    TelnyxApiError,
    TelnyxClient,
    TelnyxError,
    TelnyxTransportError,
)
from ansible_collections.telnyx.voice.plugins.module_utils._fields import differs
from ansible_collections.telnyx.voice.plugins.module_utils._planner import CREATE, DELETE, NONE, REPLACE, UPDATE
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import redact


class Outcome:
    """What happened to one object: ``changed``, the object as left (``state``), the diff, the action taken, and
    the object a delete removed (``deleted``), whole, since its diff names it in one line."""

    def __init__(self, changed, state, diff=None, action=NONE, deleted=None):
        self.changed = changed
        self.state = state
        self.diff = diff
        self.action = action if changed else NONE
        self.deleted = deleted if changed else None


def maybe_applied(error):
    """Whether a write that failed with ``error`` may have been applied by Telnyx all the same.

    Yes after a lost or broken answer, a 5xx, or any failure after an earlier attempt that Telnyx may have acted
    on (``error.retried``); no when Telnyx refused it outright (a 4xx, or 429s only) or no connection was made.
    """
    return bool(error.retried or (isinstance(error, TelnyxTransportError) and error.maybe_applied)
                or (isinstance(error, TelnyxApiError) and error.status is not None and error.status >= 500))


def hidden(value):
    """Whether the API withheld a secret (left it out, or masked it) rather than showed it."""
    return value is None or (isinstance(value, str) and set(value) <= {"*"})


class Writer:
    """Sends the plans of one run through ``client``; in check mode, only records them.

    ``secrets`` (a ``_secrets.Secrets``) learns the secrets Telnyx shows back; ``warnings`` and ``commands`` are
    the run's lists, appended to.
    """

    def __init__(self, resource, client, check_mode, secrets, warnings, commands):
        self.resource = resource
        self.client = client
        self.check_mode = check_mode
        self.secrets = secrets
        self.warnings = warnings
        self.commands = commands

    def remember(self, obj):
        return self.secrets.remember(self.resource, obj)

    # The writes of an object's child records (``_children``): each recorded, only predicted in check mode.

    def post(self, path, body, predicted, find_made, what):
        """POST ``body`` to ``path``, once; ``predicted`` in check mode. After an answer that may hide the create,
        ``find_made()`` (the objects that match it, read again) is adopted with a warning rather than sent twice."""
        self._record("POST", path, body)
        if self.check_mode:
            return predicted
        try:
            return self.client.create(path, body)
        except TelnyxError as error:
            if not maybe_applied(error):
                raise
            made = find_made()
            if not made:
                raise
            self.warnings.append("Telnyx answered the create of the %s with an error (%s), but it was made; it was "
                                 "found and adopted." % (what, error.message))
            return made[0]

    def patch(self, path, body, predicted):
        """PATCH ``body`` to ``path``; Telnyx's answer, or ``predicted`` in check mode."""
        self._record("PATCH", path, body)
        return predicted if self.check_mode else self.remember(self.client.update(path, body))

    def delete(self, path):
        """DELETE ``path`` (nothing in check mode); one already gone is what the delete was for."""
        self._record("DELETE", path)
        if self.check_mode:
            return
        try:
            self.client.delete(path)
        except TelnyxApiError as error:
            if not error.not_found:
                raise

    def _record(self, method, path, body=None):
        command = {"method": method, "path": path}
        if body is not None:
            command["body"] = redact(self.resource, body)
        self.commands.append(command)

    def apply(self, plan, current):
        """Do ``plan`` (or predict it in check mode); the ``Outcome``."""
        diff = {"before": plan.before, "after": plan.after}
        if plan.action == NONE:
            return Outcome(False, current if current is not None else {}, diff)
        if plan.action == DELETE:
            return self._delete(plan, current)
        if plan.action == REPLACE:
            return self._replace(plan, current)
        if plan.action == CREATE:
            self._record("POST", self.resource.path, plan.payload)
            state = plan.predicted if self.check_mode else self._post_once(plan.payload)
            if not self.check_mode:
                self._warn_unconverged(plan.desired, state)
                diff["after"] = self.resource.project(plan.desired, state)
            return Outcome(True, state, diff, CREATE)
        for name in plan.changed_secrets:
            if hidden(current.get(name)):
                self.warnings.append(self.resource.hidden_secret_warning(name))
        parts = plan.by_address(self.resource)
        actions = [(address, part) for address, part in parts if address in self.resource.action_addresses]
        parts = [(address, part) for address, part in parts if address not in self.resource.action_addresses]
        for address, part in parts:
            self._record("PATCH", self.resource.address_path(current.get("id"), address),
                         self._carried(current, address, part))
        for address, part in actions:
            self._record(*self.resource.action_request(current, address, part))
        if self.check_mode:
            return Outcome(True, plan.predicted, diff, UPDATE)
        state = current
        for address, part in parts:
            state = self.resource.overlay(state, address, self._patch(state, address, part))
        for address, part in actions:
            state = self.resource.send_action(self, state, address, part)
        state = self._read_where_reported(current, plan.payload, state)
        self._warn_unconverged(plan.desired, state)
        after = self.resource.project(plan.desired, state, plan.changed_secrets)
        # A PATCH that Telnyx accepted but applied none of (it dropped the values) changed nothing: saying so keeps
        # a value Telnyx will never hold from reporting a change on every run (FACTS T16).
        return Outcome(after != plan.before, state, {"before": plan.before, "after": after}, UPDATE)

    # Create

    def _post_once(self, payload):
        """POST once; after an answer that may hide a create, look for it instead of sending it again.

        The POST is re-sent only where Telnyx cannot have acted on it (429, or no connection made). After a
        lost answer or a 5xx the create may still land later (Telnyx can commit after the client gave up), so
        the object is looked up by name, waiting and looking again while the operation's retry budget lasts;
        what is found is adopted with a warning, else the run fails saying that it may still be created:
        never a second POST, never a duplicate.
        """
        resource = self.resource
        budget = self.client.budget()
        try:
            return self.remember(self.client.create(resource.path, payload, budget=budget))
        except TelnyxError as error:
            if not maybe_applied(error):
                raise
            lost = error
        look = 0
        while True:
            look += 1
            made = [item for item in self._look_for(payload, budget) if resource.same_object(item, payload)]
            if made:
                self.warnings.append("Telnyx answered the create with an error (%s), but the %s was made; "
                                     "it was found and adopted." % (lost.message, resource.label))
                return self.remember(made[0])
            if not budget.take():
                break
            self.client.sleep_before_retry(look)
        lost.message += (" The %s may still be created by Telnyx: it was not found by its name after %d "
                         "look%s, so it was not sent again. Run again to converge: a later run finds it or "
                         "creates it." % (resource.label, look, "s" * (look != 1)))
        raise lost

    def _look_for(self, payload, budget):
        try:
            return self.resource.lookup(self.client, payload[self.resource.name_field], budget=budget)
        except TelnyxError:
            # The lookup failing too says nothing about the create; the next look, or the failure, will.
            return []

    # A job: one change for many objects (_bulk)

    def send_job(self, bulk, payload, known):
        """POST one job of ``bulk`` (or, in check mode, only record it); Telnyx's answer, the job.

        The POST is never sent twice for one change: after an answer that may hide the job (lost, or a 5xx),
        the account's jobs are listed and a job that was not among ``known`` (the ids listed before this run's
        first job) and names the same objects is adopted, looking again while the retry budget lasts; else the
        run fails saying that the job may still run. A refusal (a 4xx, the quota full) is raised as it is.
        """
        if self.check_mode:
            self._record("POST", bulk.path, payload)
            return None
        budget = self.client.budget()
        try:
            answer = self.client.create(bulk.path, payload, budget=budget)
        except TelnyxError as error:
            if not maybe_applied(error):
                raise
            lost = error
        else:
            self._record("POST", bulk.path, payload)
            return answer
        self._record("POST", bulk.path, payload)
        wanted = sorted(payload[bulk.items_key])
        look = 0
        while True:
            look += 1
            try:
                listed = self.client.get(bulk.jobs_path, params={"filter[type]": bulk.job_type, "page[size]": 250,
                                                                 "page[number]": 1}, budget=budget)
            except TelnyxError:
                listed = []
            for job in listed:
                given = sorted(entry.get("id") or entry.get("phone_number") for entry in job.get(bulk.items_key) or [])
                if job.get("id") not in known and given == wanted:
                    self.warnings.append("Telnyx answered the job's POST with an error (%s), but job %s was made; "
                                         "it was found and followed." % (lost.message, job.get("id")))
                    return job
            if not budget.take():
                break
            self.client.sleep_before_retry(look)
        raise ResourceFailure(
            "%s The job may still run at Telnyx: it was not found among the account's jobs after %d look%s, so it "
            "was not sent again (a second job for the same change could run beside it). Run again once it has "
            "ended: a rerun reads the numbers and converges." % (lost.message, look, "s" * (look != 1)),
            status=lost.status, errors=lost.errors)

    # Update

    def _carried(self, current, address, part):
        """The body of a PATCH at ``address``: ``part``, plus what Telnyx requires in every PATCH there."""
        body = dict(part)
        if address is None:
            for name in self.resource.update_carries:
                body.setdefault(name, current.get(name))
        return body

    def _patch(self, current, address, part):
        """One PATCH of ``part`` to ``address``; the object there as it now is, even when the answer was lost."""
        resource = self.resource
        item_id = current.get("id")
        budget = self.client.budget()
        try:
            return self.remember(self._send_update(resource.address_path(item_id, address),
                                                   self._carried(current, address, part), budget))
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
            unconfirmed = [name for name, value in part.items() if resource.fields[name].read_address == address
                           and differs(resource.fields[name], value, state.get(name))]
            if unconfirmed:
                if all(resource.fields[name].secret and hidden(state.get(name)) for name in unconfirmed):
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
                spellings = self.resource.clear_spellings.get(name, ())
                if error.status == 422 and "/" + name in pointers and value in spellings:
                    respelled[name] = spellings[(spellings.index(value) + 1) % len(spellings)]
            if respelled == body:
                raise
            return self.client.update(path, respelled, budget=budget)

    def _read_where_reported(self, current, payload, state):
        """A field written at one address and reported at another is read again where it is reported."""
        resource = self.resource
        for address in resource.addresses():
            if any(resource.fields[name].address != address == resource.fields[name].read_address
                   for name in payload):
                answer = self.client.get(resource.address_path(current.get("id"), address))
                state = resource.overlay(state, address, self.remember(answer))
        return state

    # Replace (an immutable resource)

    def _replace(self, plan, current):
        """Create the new object, then delete ``current``: the new one first, so that a refused create leaves the
        old one as it was. A create whose answer was lost is looked up (``same_object`` matches every field sent,
        so the old object, which differs, is never adopted); a delete that fails after the create is reported
        with both ids, since two objects then share the name."""
        resource = self.resource
        old_path = resource.item_path(current.get("id"))
        self._record("POST", resource.path, plan.payload)
        self._record("DELETE", old_path)
        if self.check_mode:
            return Outcome(True, plan.predicted, plan.diff(), REPLACE, deleted=current)
        state = self._post_once(plan.payload)
        budget = self.client.budget()
        try:
            self.client.delete(old_path, budget=budget)
        except TelnyxError as error:
            if not (isinstance(error, TelnyxApiError) and error.not_found) and not self._gone(current, error, budget):
                raise ResourceFailure(
                    "The new %s %s was created, but deleting the one it replaces (%s) failed: %s Both now exist "
                    "with %s %r: delete %s, or run again with state=absent and id=%s."
                    % (resource.label, state.get("id"), current.get("id"), error.message, resource.name_field,
                       state.get(resource.name_field), current.get("id"), current.get("id")),
                    status=error.status, errors=error.errors, created=state)
        self._warn_unconverged(plan.desired, state)
        return Outcome(True, state, plan.diff(after=resource.project(plan.desired, state)), REPLACE, deleted=current)

    def _gone(self, current, error, budget):
        """Whether ``current``, whose DELETE got ``error``, is gone all the same (read back; warned)."""
        try:
            gone = self._read_back(current.get("id"), error, budget) is None
        except TelnyxError:
            return False
        if gone:
            self.warnings.append("Telnyx did not confirm the delete (%s), but the %s is gone."
                                 % (error.message, self.resource.label))
        return gone

    # Delete

    def _delete(self, plan, current):
        resource = self.resource
        item_id = current.get("id")
        diff = {"before": plan.before, "after": plan.after}
        self._record("DELETE", resource.item_path(item_id))
        if self.check_mode:
            return Outcome(True, {}, diff, DELETE, deleted=current)
        budget = self.client.budget()
        try:
            self.client.delete(resource.item_path(item_id), budget=budget)
        except TelnyxError as error:
            if isinstance(error, TelnyxApiError) and error.not_found:
                # Gone between the read and the DELETE: our own first attempt (its answer lost) or someone else.
                return Outcome(error.retried, {}, {"before": plan.before if error.retried else "", "after": ""},
                               DELETE, deleted=current)
            if self._read_back(item_id, error, budget) is not None:
                raise
            self.warnings.append("Telnyx did not confirm the delete (%s), but the %s is gone."
                                 % (error.message, resource.label))
        return Outcome(True, {}, diff, DELETE, deleted=current)

    def _read_back(self, item_id, error, budget, address=None):
        """After a write that got no usable answer, the object as it now is (None when gone).

        The read draws on the write's retry budget. Re-raises ``error`` as it is when the request cannot have
        been applied (Telnyx refused it), and with a note that it may have been applied when the read-back fails
        too: then nobody knows, and the user is told.
        """
        if not maybe_applied(error):
            raise error
        try:
            return self.remember(self.client.get(self.resource.address_path(item_id, address), budget=budget))
        except TelnyxApiError as read_error:
            if read_error.not_found:
                return None
        except TelnyxError:
            pass
        error.message += " It may have been applied all the same: run again to converge."
        raise error

    def _warn_unconverged(self, desired, state):
        """Telnyx may drop or rewrite a value it accepted; say so rather than report success silently."""
        resource = self.resource
        for name, want in desired.items():
            field = resource.fields[name]
            if field.secret or not differs(field, want, state.get(name)):
                continue
            self.warnings.append(
                "Telnyx accepted %s but reports %r instead of %r; the next run will try again."
                % (name, resource.project({name: want}, state)[name], resource.project({name: want}, {name: want})[name]))


# Several writers at once

class ClientPool:
    """One TelnyxClient (and requests session) per thread; every client of one key and base_url paces its sends at
    the shared rate gate of ``_ratelimit``, so the threads slow down together when Telnyx says the limit is reached.

    ``redact_text`` masks the task's secrets in the answers the clients shorten into messages. A ``given`` client
    (tests, or a kept session) is used by the one thread a run then has.
    """

    def __init__(self, params, redact_text, given=None):
        self._params = params
        self._redact_text = redact_text
        self._local = threading.local()
        self._given = given
        self._lock = threading.Lock()
        self.clients = []

    def client(self):
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._given or TelnyxClient.from_params(self._params)
            client.redact_text = self._redact_text
            with self._lock:
                if not any(known is client for known in self.clients):
                    self.clients.append(client)
            self._local.client = client
        return client

    def stat(self, name):
        """The sum of one of the clients' ``stats`` over the pool: ``requests`` sent (retries included),
        ``retries``, ``rate_limited`` (HTTP 429 answers)."""
        return sum(client.stats.get(name, 0) for client in self.clients)

    @property
    def sent(self):
        return self.stat("requests")
