# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Bulk writes: one change for many objects as Telnyx background jobs, for a plural run.

A resource that Telnyx writes in bulk declares a ``BulkWrite`` (``ResourceType.bulk``): the job's endpoint, the
jobs' own path, the most objects a job takes, the most jobs an account may have running, and how the fields of a
PATCH become a job's body. Once every item is planned (``Engine.stage``), ``plan_jobs`` groups the updates whose
job body is the same, in chunks of at most ``max_items``. What a job cannot carry (a clear, whose spelling Telnyx
does not document for jobs; a field at an address the body has not) and groups of fewer than ``min_items`` go by
PATCH as before: a handful of PATCHes is as few requests as a job and its polls, and it needs no wait.

``JobRunner`` sends each job through ``_writes.Writer.send_job`` (in check mode: only recorded, with its numbers
and body), at most ``max_active`` at a time, backs off while Telnyx says the account's job quota is full, polls
each job guided by its estimated completion (``etc``), and tells each item what its job did:
``successful_operations``, ``failed_operations`` with Telnyx's errors, or, for a job that expired or whose poll
timed out, the job id and what is known. The caller reads the written objects back to verify them.
"""

from __future__ import annotations

import json
import time
from datetime import datetime

from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    PAGE_SIZE,
    TelnyxApiError,
    TelnyxError,
    describe_errors,
)
from ansible_collections.telnyx.voice.plugins.module_utils._fields import differs
from ansible_collections.telnyx.voice.plugins.module_utils._planner import UPDATE
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import redact
from ansible_collections.telnyx.voice.plugins.module_utils._snapshot import read_snapshot, sweep
from ansible_collections.telnyx.voice.plugins.module_utils._writes import Outcome, Writer, hidden

JOB_DONE = ("completed", "failed", "expired")
# Seconds between two polls of one job: never sooner, never later.
MIN_POLL = 0.2
MAX_POLL = 15.0
# Seconds a job may take from its POST before the run stops waiting for it.
JOB_TIMEOUT = 900.0
# Seconds to wait in all for a free slot of the account's job quota while none of this run's jobs holds one.
QUOTA_WAIT = 300.0
# Polls of one job in a row that get no answer (each after its own retries) before the run stops asking.
MAX_POLL_FAILURES = 5


class BulkWrite:
    """How Telnyx writes one change to many objects of a resource: a job.

    ``path`` takes the job (POST), ``jobs_path`` lists the jobs and, with the job's id, answers one; ``job_type``
    is the list's ``filter[type]``; ``items_key`` the body's key of the objects (given by id, never mixed with
    names); ``max_items`` the most objects a job takes; ``max_active`` the most jobs pending or in progress on the
    account; ``nests`` maps each further address to the body's key that carries its fields; ``min_items`` the
    fewest objects worth a job; ``quota_detail`` words of Telnyx's refusal when the quota is full.
    """

    def __init__(self, path, jobs_path, job_type, items_key, max_items, max_active, nests, min_items=5,
                 quota_detail="pending or in progress jobs"):
        self.path = path
        self.jobs_path = jobs_path
        self.job_type = job_type
        self.items_key = items_key
        self.max_items = max_items
        self.max_active = max_active
        self.nests = dict(nests)
        self.min_items = min_items
        self.quota_detail = quota_detail

    def carries(self, resource, payload):
        """Whether one job body can carry ``payload``: every field at an address the body has, and no clear
        (null, or a spelling of ``clear_spellings``: how a job clears is not documented; a PATCH that Telnyx
        refuses is sent again in the other spelling)."""
        for name, value in payload.items():
            field = resource.fields[name]
            if field.address is not None and field.address not in self.nests:
                return False
            if value is None or value in resource.clear_spellings.get(name, ()):
                return False
            if isinstance(value, dict) and any(sub is None for sub in value.values()):
                return False
        return True

    def body(self, resource, payload):
        """The job body (without the objects) that writes ``payload``."""
        body = {}
        for name, value in payload.items():
            address = resource.fields[name].address
            if address is None:
                body[name] = value
            else:
                body.setdefault(self.nests[address], {})[name] = value
        return body

    def refused_for_quota(self, error):
        return (isinstance(error, TelnyxApiError) and error.status in (422, 429) and
                any(self.quota_detail in str(item.get("detail") or "") for item in error.errors
                    if isinstance(item, dict)))


class Job:
    """One job: its body, the staged items (``_engine.ItemResult``) it writes, and what Telnyx said of it."""

    def __init__(self, body, members):
        self.body = body
        self.members = members
        self.id = None
        self.status = None
        self.answer = None
        self.failure = None
        self.posted = None
        self.expected = None
        self.next_poll = None
        self.polls = 0
        self.poll_failures = 0

    def ids(self):
        return [member.current.get("id") for member in self.members]


def plan_jobs(resource, staged):
    """``(jobs, rest)``: the updates of ``staged`` grouped into jobs, and every other staged item, in order."""
    bulk = resource.bulk
    groups = {}
    rest = []
    for result in staged:
        plan = result.plan
        if (bulk is None or result.failed or plan is None or plan.action != UPDATE
                or not bulk.carries(resource, plan.payload)):
            rest.append(result)
            continue
        body = bulk.body(resource, plan.payload)
        groups.setdefault(json.dumps(body, sort_keys=True), (body, []))[1].append(result)
    jobs = []
    for body, members in groups.values():
        if len(members) < bulk.min_items:
            rest.extend(members)
            continue
        jobs.extend(Job(body, members[start:start + bulk.max_items])
                    for start in range(0, len(members), bulk.max_items))
    rest.sort(key=lambda result: result.item.index)
    return jobs, rest


def now():
    """The run's clock (seconds, monotonic); a test replaces it together with the client's sleep."""
    return time.monotonic()


def _seconds_between(start, end):
    """Seconds from one ISO 8601 time of Telnyx's to another, or None when either is unreadable."""
    try:
        return (_parse_time(end) - _parse_time(start)).total_seconds()
    except (TypeError, ValueError):
        return None


def _parse_time(text):
    return datetime.fromisoformat(str(text).replace("Z", "+00:00"))


class JobRunner:
    """Sends the jobs of one run and follows them to their end, within the account's quota.

    ``writer`` is the run's ``_writes.Writer`` for jobs (check mode records only); ``clock`` and ``sleep`` are
    injectable for tests.
    """

    def __init__(self, resource, writer, clock=None, sleep=None, bulk=None):
        self.resource = resource
        # Another job of the resource than its ``bulk`` (a number's emergency job).
        self.bulk = bulk or resource.bulk
        self.writer = writer
        self.client = writer.client
        self.clock = clock or now
        self.sleep = sleep or writer.client._sleep  # pylint: disable=protected-access
        self.known = None

    def run(self, jobs):
        """Send ``jobs``, at most ``max_active`` at once; each ends with ``answer`` (Telnyx's last word on it) or
        ``failure`` (a message naming the job and what is known)."""
        if self.writer.check_mode:
            for job in jobs:
                self.writer.send_job(self.bulk, self._payload(job), None)
            return
        queue = list(jobs)
        active = []
        quota_since = None
        while queue or active:
            while queue and len(active) < self.bulk.max_active:
                job = queue[0]
                if self.known is None:
                    self.known = self._job_ids()
                try:
                    answer = self.writer.send_job(self.bulk, self._payload(job), self.known)
                except TelnyxError as error:
                    if not self.bulk.refused_for_quota(error):
                        queue.pop(0).failure = error.message
                        continue
                    if active:
                        break  # one of ours ends first and frees a slot
                    quota_since = quota_since if quota_since is not None else self.clock()
                    if self.clock() - quota_since > QUOTA_WAIT:
                        for waiting in queue:
                            waiting.failure = (
                                "Telnyx kept refusing the job: the account's job quota stayed full (%s) for %d s; "
                                "nothing was written for these numbers. Run again when the account's other jobs "
                                "have ended." % (error.message, QUOTA_WAIT))
                        queue = []
                        break
                    self.sleep(min(MAX_POLL, 1.0 + (self.clock() - quota_since) / 2.0))
                    continue
                except ResourceFailure as failure:
                    queue.pop(0).failure = failure.msg
                    continue
                quota_since = None
                queue.pop(0)
                self._started(job, answer)
                if job.status in JOB_DONE:
                    job.answer = answer
                else:
                    active.append(job)
            if not active:
                continue
            soonest = min(job.next_poll for job in active)
            wait = soonest - self.clock()
            if wait > 0:
                self.sleep(wait)
            for job in [job for job in active if job.next_poll <= self.clock()]:
                if self._poll(job):
                    active.remove(job)

    def _payload(self, job):
        return dict(job.body, **{self.bulk.items_key: job.ids()})

    def _job_ids(self):
        """The ids of the jobs the account has now (newest first): a job found later that is not among them and
        names the same objects is this run's, whose answer was lost."""
        try:
            return {job.get("id") for job in self.client.get(self.bulk.jobs_path, params={
                "filter[type]": self.bulk.job_type, "page[size]": 250, "page[number]": 1})}
        except TelnyxError:
            return set()

    def _started(self, job, answer):
        job.id = answer.get("id")
        job.status = answer.get("status")
        job.posted = self.clock()
        # What etc says the job takes, from the job's own creation time, so that no clock skew counts.
        job.expected = _seconds_between(answer.get("created_at"), answer.get("etc"))
        job.next_poll = job.posted + self._wait(job)

    def _wait(self, job):
        """Seconds until ``job`` is worth asking about: what is left of its estimate, else a back-off by the polls
        made; between MIN_POLL and MAX_POLL."""
        left = None
        if job.expected is not None:
            left = job.posted + job.expected - self.clock()
        if left is None or left < MIN_POLL:
            left = MIN_POLL * (2 ** job.polls)
        return max(MIN_POLL, min(MAX_POLL, left))

    def _poll(self, job):
        """Ask Telnyx about ``job`` once; True when it is over for this run (done, or given up on)."""
        job.polls += 1
        try:
            answer = self.client.get("%s/%s" % (self.bulk.jobs_path, job.id))
        except TelnyxError as error:
            job.poll_failures += 1
            if job.poll_failures >= MAX_POLL_FAILURES or self.clock() - job.posted > JOB_TIMEOUT:
                job.failure = ("Telnyx job %s could not be read %d times in a row (%s): whether it wrote these "
                               "numbers is not known, and it may still run; a rerun reads them and converges."
                               % (job.id, job.poll_failures, error.message))
                return True
            job.next_poll = self.clock() + self._wait(job)
            return False
        job.poll_failures = 0
        job.status = answer.get("status")
        job.answer = answer
        if job.status in JOB_DONE:
            return True
        if self.clock() - job.posted > JOB_TIMEOUT:
            job.failure = ("Telnyx job %s was still %s after %d s, so the run stopped waiting: %s"
                           % (job.id, job.status, JOB_TIMEOUT, known(answer)))
            return True
        job.next_poll = self.clock() + self._wait(job)
        return False


def known(answer):
    """What a job's answer says so far, for a message."""
    return ("%d numbers done, %d failed, %d pending; the pending ones may still be written, and a rerun converges"
            % (len(answer.get("successful_operations") or []), len(answer.get("failed_operations") or []),
               len(answer.get("pending_operations") or [])))


def outcome_of(job, object_id):
    """How the job ended for one object: ``(None, None)`` applied, else ``(message, errors)``."""
    if job.failure is not None:
        return job.failure, []
    answer = job.answer or {}
    for entry in answer.get("failed_operations") or []:
        if entry.get("id") == object_id:
            errors = entry.get("errors") or []
            reasons = describe_errors(errors) or "no reason given"
            return "Telnyx job %s failed for this number: %s" % (job.id, reasons), errors
    if any(entry.get("id") == object_id for entry in answer.get("successful_operations") or []):
        return None, None
    status = answer.get("status")
    if status == "expired":
        return ("Telnyx job %s expired before it wrote this number (%s)" % (job.id, known(answer)), [])
    return ("Telnyx job %s ended %s without a word on this number; it was read back to see what it holds"
            % (job.id, status), [])


# A plural run with jobs

class JobRun:
    """The jobs of one plural run, for its result: ``jobs`` (what each job was and how it ended), ``commands``
    (their POSTs, as sent or, in check mode, as a real run would send them) and ``warnings``."""

    def __init__(self):
        self.jobs = []
        self.commands = []
        self.warnings = []

    def entries(self, resource):
        shown = []
        for job in self.jobs:
            entry = {"id": job.id, "status": job.status, "body": redact(resource, job.body),
                     resource.bulk.items_key: job.ids()}
            if job.answer is not None:
                entry["succeeded"] = len(job.answer.get("successful_operations") or [])
                entry["failed"] = len(job.answer.get("failed_operations") or [])
            if job.failure is not None:
                entry["msg"] = job.failure
            shown.append(entry)
        return shown


def converge_with_jobs(engine, finder, items, run_each, snapshot, task_secrets, job_run, workers=1):
    """Converge ``items`` (none to delete) as ``Engine.converge`` would, but the updates that share one job body
    by job: stage every item, send the jobs, PATCH the rest, read the jobs' objects back to verify them.

    ``run_each(function, results)`` maps a function over results on the run's workers. Returns the items'
    ``ItemResult`` in order; ``job_run`` (a ``JobRun``) collects the jobs, their commands and warnings.
    """
    resource = engine.resource
    staged = run_each(lambda item: engine.stage(item, finder), items)
    jobs, rest = plan_jobs(resource, staged)
    job_run.jobs = jobs
    done = run_each(engine.apply, rest)
    if not jobs:
        return done
    secrets = task_secrets.child(resource, {})
    for job in jobs:
        for member in job.members:
            secrets.add(*member.secrets.values)
    client = engine.pool.client()
    client.redact_text = secrets.scrub
    writer = Writer(resource, client, engine.check_mode, secrets, job_run.warnings, job_run.commands)
    JobRunner(resource, writer).run(jobs)
    job_run.warnings[:] = [secrets.scrub(warning) for warning in job_run.warnings]
    written = [member for job in jobs if job.failure is None for member in job.members]
    states = {} if engine.check_mode else read_back(resource, engine.pool, written, snapshot, workers)
    for job in jobs:
        for member in job.members:
            member.job = job.id
            settled = _settle(engine, job, member, states)
            if settled.failed:
                # What Telnyx says of a job may quote a number's secret (its external_pin): masked as every
                # failure of the item's own writes is.
                settled.msg = member.secrets.scrub(settled.msg)
                settled.details = member.secrets.scrub(settled.details)
            done.append(engine.finish(settled))
    done.sort(key=lambda result: result.item.index)
    return done


def read_back(resource, pool, members, snapshot, workers=1):
    """The objects ``members`` name as Telnyx now has them, by id: the whole list again (and its sweeps) when that
    is fewer requests than a read of each, else each one's own addresses."""
    addresses = []
    for member in members:
        for name in member.plan.payload:
            address = resource.fields[name].read_address
            if address is not None and address not in addresses:
                addresses.append(address)
    pages = max(1, len(snapshot.objects) // PAGE_SIZE + 1) if snapshot is not None else None
    client = pool.client()
    if pages is not None and len(members) > pages:
        again = read_snapshot(resource, pool.client, client.budget(), workers=workers)
        sweep(resource, again, addresses, pool.client, client.budget(), workers)
        return {obj.get("id"): obj for obj in again.objects}
    states = {}
    for member in members:
        object_id = member.current.get("id")
        try:
            state = client.get(resource.item_path(object_id))
            for address in addresses:
                state = resource.overlay(state, address, client.get(resource.address_path(object_id, address)))
        except TelnyxError:
            continue
        states[object_id] = state
    return states


def _settle(engine, job, member, states):
    """One member's end: failed as its job says, else its object as read back, compared with what it wanted."""
    resource = engine.resource
    plan = member.plan
    if job.failure is not None:
        member.failed, member.msg, member.details = True, job.failure, {"job": job.id}
        return member
    if engine.check_mode:
        member.outcome = Outcome(True, plan.predicted, {"before": plan.before, "after": plan.after}, UPDATE)
        member.warnings.extend(resource.final_warnings(member.outcome, member.item.desired, True))
        return member
    msg, errors = outcome_of(job, member.current.get("id"))
    if errors:
        member.failed, member.msg, member.details = True, msg, {"job": job.id, "errors": errors}
        return member
    state = states.get(member.current.get("id"))
    if state is None:
        member.failed, member.msg = True, ("%s; reading the number back failed, so whether it holds the change is "
                                           "not known: run again to converge" % (msg or "Telnyx job %s wrote it"
                                                                                 % job.id))
        member.details = {"job": job.id}
        return member
    state = member.secrets.remember(resource, state)
    unconverged = [name for name, want in plan.desired.items()
                   if not resource.fields[name].secret and differs(resource.fields[name], want, state.get(name))]
    if msg is not None and unconverged:
        member.failed, member.msg, member.details = True, msg, {"job": job.id}
        return member
    for name in plan.changed_secrets:
        if hidden(member.current.get(name)):
            member.warnings.append(resource.hidden_secret_warning(name))
    for name in unconverged:
        member.warnings.append("Telnyx accepted %s but reports %r instead of %r; the next run will try again."
                               % (name, resource.project({name: plan.desired[name]}, state)[name],
                                  resource.project({name: plan.desired[name]}, plan.desired)[name]))
    after = resource.project(plan.desired, state, plan.changed_secrets)
    member.outcome = Outcome(after != plan.before, state, {"before": plan.before, "after": after}, UPDATE)
    member.warnings.extend(resource.final_warnings(member.outcome, member.item.desired, False))
    return member
