# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Converge many objects of one resource in one task: validate all, read the account once, send only the writes.

Each item is planned by the unchanged ``Reconciler`` of ``_resource.py``, exactly as a task of the resource's
own module would be, over a ``SnapshotClient``: that client answers the item's first read (the lookup by name,
or the GET by id) from the one snapshot of the account read up front, and passes every other request (the
writes, their read-backs, the look for a lost create) to a real ``TelnyxClient``. So a fleet item and a task
of the single module make the same decision from the same object, and the fleet saves only the reads.

Writes run on a bounded pool of threads, each with its own client and requests session, behind one
``RateGate`` shared by the whole run: it honours ``x-ratelimit-remaining`` / ``x-ratelimit-reset`` and a 429
seen by any thread, so the threads slow down together instead of each spending its retries.

``run_fleet`` takes validated top-level params and returns ``(result, warnings)`` or raises ``ResourceFailure``
with nothing sent; ``run_fleet_module`` is the ``main()`` of a fleet module around it.
"""

from __future__ import annotations

import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    HAS_REQUESTS,
    PAGE_SIZE,
    REQUESTS_IMPORT_ERROR,
    SECRET_MASK,
    TelnyxApiError,
    TelnyxClient,
    check_connection_options,
    connection_argument_spec,
    header_seconds,
    retry_after_seconds,
)
from ansible_collections.telnyx.voice.plugins.module_utils._resource import (
    Reconciler,
    ResourceFailure,
    scrub,
    secret_values,
    user_failures,
)

DEFAULT_WORKERS = 16
MAX_WORKERS = 32
# The warnings shown for the task; the rest are in the items' entries.
MAX_WARNINGS = 10
# Items handed to a worker thread at a time.
CHUNK = 16
# A page-number list never longer than this many pages is read; the core's own list has the same bound.
MAX_PAGES = 10000


# Validation of every item, before any request

def item_argument_spec(resource):
    """The argument spec of one item: the single module's, without the connection options (given once)."""
    return resource.argument_spec()


def item_secrets(resource, item):
    """The secret values an item holds, whatever shape it has (it may not have passed validation)."""
    if not isinstance(item, dict):
        return []
    return [item[name] for name, field in resource.fields.items()
            if field.secret and isinstance(item.get(name), str) and item[name]]


def masked_items(resource, items):
    """``items`` with every secret option replaced by the mask: what the invocation may show."""
    if not isinstance(items, list):
        return items
    return [dict(item, **{name: SECRET_MASK for name, field in resource.fields.items()
                          if field.secret and item.get(name) is not None}) if isinstance(item, dict) else item
            for item in items]


def item_label(resource, index, item):
    name = item.get(resource.name_field) if isinstance(item, dict) else None
    item_id = item.get(resource.id_option) if isinstance(item, dict) else None
    return "%s[%d] (%s)" % ("connections", index, ", ".join(
        part for part in ("%s %r" % (resource.name_field, name) if name is not None else "",
                          "%s %r" % (resource.id_option, item_id) if item_id is not None else "") if part)
        or "unnamed")


class Item:
    """One validated item: its index in the list, its params (connection options included) and desired state."""

    def __init__(self, index, params, desired, label):
        self.index = index
        self.params = params
        self.desired = desired
        self.label = label


def validate_items(resource, items, connection_params, list_option="connections"):
    """Every item validated with the single module's spec and rules; one ResourceFailure naming each bad one.

    An item's problem is named by its index, its name or id, and the option. Two items that name the same
    object (the same id, or the same name where no id is given) are refused the same way.
    """
    spec = item_argument_spec(resource)
    validator = ArgumentSpecValidator(spec, required_one_of=[(resource.id_option, resource.name_field)])
    problems = []
    validated = []
    for index, raw in enumerate(items):
        secrets = item_secrets(resource, raw)
        if not isinstance(raw, dict):
            problems.append("%s[%d]: must be a dictionary of %s options, got %s"
                            % (list_option, index, resource.label, type(raw).__name__))
            continue
        label = item_label(resource, index, raw)
        result = validator.validate(raw)
        if result.error_messages:
            problems.extend(scrub("%s: %s" % (label, message), secrets) for message in result.error_messages)
            continue
        params = dict(connection_params)
        params.update(result.validated_parameters)
        # validate_params' rules, but the connection options once for the task (run_fleet), not once per item.
        item_problems = resource.identity_problems(params)
        try:
            desired = resource.desired_state(params)
        except ResourceFailure as failure:
            item_problems += failure.details.get("invalid") or [failure.msg]
        if item_problems:
            problems.extend(scrub("%s: %s" % (label, problem), secrets) for problem in item_problems)
            continue
        validated.append(Item(index, params, desired, label))
    problems.extend(duplicate_problems(resource, validated))
    if problems:
        raise ResourceFailure("Invalid %s: nothing was sent. %s" % (list_option, "; ".join(problems)),
                              invalid=problems)
    return validated


def duplicate_problems(resource, items):
    """Two items for one object would race (their order decides in a loop): each repeat is refused."""
    problems = []
    seen = {}
    for item in items:
        keys = []
        if item.params.get(resource.id_option):
            keys.append((resource.id_option, item.params[resource.id_option]))
        if item.desired.get(resource.name_field) is not None:
            keys.append((resource.name_field, item.desired[resource.name_field]))
        for key in keys:
            if key in seen:
                problems.append("%s: names the same %s as connections[%d] (%s %r); give each %s once"
                                % (item.label, resource.label, seen[key], key[0], key[1], resource.label))
                break
            seen[key] = item.index
    return problems


def scope_problems(params):
    """Exclusive mode removes what the list does not hold, so it needs a scope: a tag or a name prefix."""
    scope = params.get("scope") or {}
    given = {name: value for name, value in scope.items() if value is not None}
    problems = []
    for name, value in given.items():
        if not value.strip() or value != value.strip():
            problems.append("scope.%s: must be a non-empty value without surrounding spaces, got %r" % (name, value))
    if params.get("exclusive") and not given:
        problems.append("exclusive: removes every connection in the scope that the list does not hold, so it "
                        "needs scope.tag or scope.name_prefix; without one it would remove the whole account")
    if len(given) > 1:
        problems.append("scope: give one of tag and name_prefix, not both")
    return problems


def in_scope(resource, scope, obj):
    tag = scope.get("tag")
    if tag is not None:
        return tag in (obj.get("tags") or [])
    prefix = scope.get("name_prefix")
    return prefix is not None and str(obj.get(resource.name_field) or "").startswith(prefix)


# The shared rate gate and the per-thread clients

class RateGate:
    """One view of the account's rate limit for every thread of the run.

    Before each send a thread waits while Telnyx has said that no request is left until the window resets
    (``x-ratelimit-remaining: 0`` or a 429, with ``x-ratelimit-reset`` seconds, else ``Retry-After``).
    """

    def __init__(self, clock=time.monotonic, sleep=time.sleep, max_wait=60.0):
        self._lock = threading.Lock()
        self._open_at = 0.0
        self._clock = clock
        self._sleep = sleep
        self._max_wait = max_wait
        self.waits = 0

    def before_send(self):
        while True:
            with self._lock:
                delay = self._open_at - self._clock()
            if delay <= 0:
                return
            self.waits += 1
            self._sleep(min(delay, self._max_wait))

    def after_answer(self, response):
        headers = response.headers
        remaining = header_seconds(headers.get("x-ratelimit-remaining"))
        if response.status_code != 429 and (remaining is None or remaining > 0):
            return
        reset = header_seconds(headers.get("x-ratelimit-reset"))
        if reset is None:
            reset = retry_after_seconds(headers.get("Retry-After"))
        if reset is None:
            reset = 1.0
        with self._lock:
            self._open_at = max(self._open_at, self._clock() + min(reset, self._max_wait))


def gated_session(gate):
    """A requests session (the client's own kind) whose every send passes the gate."""
    session = TelnyxClient._new_session()  # pylint: disable=protected-access
    send = session.request

    def request(method, url, **kwargs):
        gate.before_send()
        response = send(method, url, **kwargs)
        gate.after_answer(response)
        return response

    session.request = request
    return session


class ClientPool:
    """One TelnyxClient (and requests session) per thread, every one behind the same gate."""

    def __init__(self, params, secrets, gate, client=None):
        self._params = params
        self._secrets = secrets
        self._gate = gate
        self._local = threading.local()
        self._given = client

    def client(self):
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._given or TelnyxClient.from_params(self._params, session=gated_session(self._gate))
            client.redact_text = lambda text: scrub(text, self._secrets)
            self._local.client = client
        return client


# The account, read once

class Snapshot:
    """Every object of the resource as listed at the start of the run, by id and by name."""

    def __init__(self, objects, name_field):
        self.objects = objects
        self.by_id = {}
        self.by_name = {}
        for obj in objects:
            self.by_id.setdefault(obj.get("id"), obj)
            self.by_name.setdefault(obj.get(name_field), []).append(obj)


def read_account(resource, client_of, budget, most_pages=None, workers=1):
    """Every object of ``resource`` on the account, each once, reading the pages with one retry budget.

    Page 1 says how many pages there are; the others are then read by up to ``workers`` threads (``client_of()``
    gives each thread its client). Returns ``(objects, requests)``; ``objects`` is None when page 1 says that the
    list has more than ``most_pages`` pages (the items then read their own objects, which is fewer requests).
    """
    def page(number):
        return client_of().request("GET", resource.path, params={"page[size]": PAGE_SIZE, "page[number]": number},
                                   budget=budget)

    first = page(1)
    total_pages = (first.get("meta") or {}).get("total_pages")
    documents = [first]
    if total_pages is None:
        # No page count: read on until a short page, one after the other.
        number = 1
        while len(documents[-1].get("data") or []) >= PAGE_SIZE and number < MAX_PAGES:
            number += 1
            documents.append(page(number))
    else:
        total_pages = min(int(total_pages), MAX_PAGES)
        if most_pages is not None and total_pages > most_pages:
            return None, 1
        rest = range(2, total_pages + 1)
        if workers > 1 and len(rest) > 1:
            with ThreadPoolExecutor(max_workers=workers) as executor:
                documents.extend(executor.map(page, rest))
        else:
            documents.extend(page(number) for number in rest)
    found = {}
    for document in documents:
        for obj in document.get("data") or []:
            # An object created while the pages are read shifts them: one may come twice, and is kept once.
            found.setdefault(obj.get("id"), obj)
    return list(found.values()), len(documents)


class SnapshotClient:
    """What one item's Reconciler talks to: its first read is answered from the snapshot, the rest is sent.

    The Reconciler's ``find`` is the first read of every run (a GET of the item's path, or the name lookup's
    list); everything after it (writes, read-backs, the lookup after a lost create) goes to Telnyx. Reads of
    other resources' paths are memoised in ``shared_reads`` for the whole run.
    """

    def __init__(self, resource, real, snapshot, name, shared_reads, lock):
        self._resource = resource
        self._real = real
        self._snapshot = snapshot
        self._name = name
        self._first_read = snapshot is not None
        self._shared = shared_reads
        self._lock = lock
        self.sent = 0

    def _answer_first_read(self):
        answer = self._first_read
        self._first_read = False
        return answer

    def budget(self):
        return self._real.budget()

    def sleep_before_retry(self, attempt):
        self._real.sleep_before_retry(attempt)

    def get(self, path, params=None, budget=None):
        resource = self._resource
        if path.startswith(resource.path + "/") and self._answer_first_read():
            obj = self._snapshot.by_id.get(path[len(resource.path) + 1:])
            if obj is None:
                raise TelnyxApiError("%s was not in the account when it was read" % path, status=404,
                                     method="GET", path=path)
            return obj
        if not path.startswith(resource.path):
            return self._memoised(("get", path, repr(params)), lambda: self._real.get(path, params, budget=budget))
        self.sent += 1
        return self._real.get(path, params, budget=budget)

    def list(self, path, params=None, budget=None):
        resource = self._resource
        if path == resource.path and self._answer_first_read():
            # A superset of the exact matches is what Telnyx's contains filter gives; the core keeps the exact ones.
            return iter(list(self._snapshot.by_name.get(self._name, [])))
        if path != resource.path:
            return iter(self._memoised(("list", path, repr(params)),
                                       lambda: list(self._real.list(path, params, budget=budget))))
        self.sent += 1
        return self._real.list(path, params, budget=budget)

    def create(self, path, body, budget=None):
        self.sent += 1
        return self._real.create(path, body, budget=budget)

    def update(self, path, body, budget=None):
        self.sent += 1
        return self._real.update(path, body, budget=budget)

    def delete(self, path, budget=None):
        self.sent += 1
        return self._real.delete(path, budget=budget)

    def action(self, path, budget=None):
        self.sent += 1
        return self._real.action(path, budget=budget)

    def _memoised(self, key, read):
        with self._lock:
            if key in self._shared:
                return self._shared[key]
        value = read()
        with self._lock:
            self._shared.setdefault(key, value)
        return value


# One run

class ItemResult:
    def __init__(self, index, label, params):
        self.index = index
        self.label = label
        self.params = params
        self.changed = False
        self.failed = False
        self.state = {}
        self.diff = None
        self.action = "none"
        self.warnings = []
        self.msg = None
        self.details = {}


def _action(item_params, outcome):
    if not outcome.changed:
        return "none"
    if item_params.get("state") == "absent":
        return "delete"
    # The core's diff of a create starts from nothing; an update's shows the managed options as they were.
    return "create" if not (outcome.diff or {}).get("before") else "update"


def converge_item(resource, params, desired, client, check_mode, label, index):
    """Run the unchanged core for one item; never raises, the failure is in the result."""
    result = ItemResult(index, label, params)
    secrets = secret_values(resource, params)
    reconciler = Reconciler(resource, client, params, check_mode, secrets)
    try:
        with user_failures(secrets):
            outcome = reconciler.run(desired)
    except ResourceFailure as failure:
        result.failed = True
        result.msg = failure.msg
        result.details = failure.details
    else:
        result.changed = outcome.changed
        result.state = resource.redact(outcome.state)
        result.diff = outcome.diff
        result.action = _action(params, outcome)
    result.warnings = [scrub(warning, reconciler.secrets) for warning in reconciler.warnings]
    return result


def run_fleet(resource, params, check_mode=False, diff_mode=False, client=None, list_option="connections"):
    """Converge every item of ``params[list_option]``; return ``(result, warnings)``.

    ``result`` holds ``changed``, ``<list_option>`` (one entry per item, in the list's order: ``changed``,
    ``action``, the redacted object under the resource's result key, ``diff`` in diff mode, and ``failed`` with
    ``msg`` for an item that failed), ``purged`` (the same for the objects exclusive mode removed), ``counts``
    and ``requests`` (how many were sent). Raises ResourceFailure, with nothing sent, when an item or an option
    is invalid; when an item fails, the others still run, and the failure names which items converged.
    """
    connection_params = {name: params.get(name) for name in connection_argument_spec()}
    all_secrets = list(secret_values(resource, connection_params))
    for raw in params.get(list_option) or []:
        all_secrets.extend(item_secrets(resource, raw))
    with user_failures(all_secrets):
        problems = check_connection_options(connection_params) + scope_problems(params)
        workers = DEFAULT_WORKERS if params.get("workers") is None else params["workers"]
        if not 1 <= workers <= MAX_WORKERS:
            problems.append("workers: must be between 1 and %d, got %s" % (MAX_WORKERS, workers))
        if client is not None:
            workers = 1  # a given client is one session: never shared between threads
        if problems:
            raise ResourceFailure("Invalid options for %ss: %s" % (resource.label, "; ".join(problems)),
                                  invalid=problems)
        items = validate_items(resource, params.get(list_option) or [], connection_params, list_option)
        exclusive = bool(params.get("exclusive"))
        scope = {name: value for name, value in (params.get("scope") or {}).items() if value is not None}

        gate = RateGate()
        pool = ClientPool(connection_params, all_secrets, gate, client=client)
        snapshot = None
        sent = 0
        by_id = {bool(item.params.get(resource.id_option)) for item in items}
        if exclusive or len(items) > 1:
            # The whole list, unless page 1 shows more pages than the items would read one by one (one request
            # each). Exclusive mode must see every object of its scope, and items named some by id and some by
            # name must be checked for naming one object twice before any write: both read every page.
            whole = exclusive or len(by_id) > 1
            objects, sent = read_account(resource, pool.client, pool.client().budget(),
                                         most_pages=None if whole else len(items), workers=workers)
            if objects is not None:
                snapshot = Snapshot(objects, resource.name_field)
        refuse_same_object(resource, items, snapshot)

    shared_reads = {}
    lock = threading.Lock()

    def one(item, item_params, desired, label, index):
        real = pool.client()
        wrapper = SnapshotClient(resource, real, snapshot, desired.get(resource.name_field), shared_reads, lock)
        outcome = converge_item(resource, item_params, desired, wrapper, check_mode, label, index)
        return outcome, wrapper.sent

    jobs = [(item, item.params, item.desired, item.label, item.index) for item in items]
    purge = purge_candidates(resource, items, snapshot, scope) if exclusive else []
    for position, obj in enumerate(purge):
        purge_params = dict(connection_params, **{resource.id_option: obj.get("id"), "state": "absent"})
        jobs.append((None, purge_params, {}, "purged %s %s (%r)" % (resource.label, obj.get("id"),
                                                                    obj.get(resource.name_field)), position))
    if workers == 1:
        answers = [one(*job) for job in jobs]
    else:
        # Chunks, so that 10,000 unchanged items (no request, only planning) cost few futures.
        chunks = [jobs[start:start + CHUNK] for start in range(0, len(jobs), CHUNK)]
        with ThreadPoolExecutor(max_workers=workers) as executor:
            answers = [answer for chunk in executor.map(lambda chunk: [one(*job) for job in chunk], chunks)
                       for answer in chunk]
    sent += sum(count for dummy, count in answers)
    item_results = [answer for answer, dummy in answers[:len(items)]]
    purge_results = [answer for answer, dummy in answers[len(items):]]
    return shape_result(resource, item_results, purge_results, diff_mode, sent, list_option,
                        bool(params.get("full_results")))


def refuse_same_object(resource, items, snapshot):
    """An item by id and another by name may still name one object; found in the snapshot, before any write."""
    if snapshot is None:
        return
    claimed = {}
    problems = []
    for item in items:
        item_id = item.params.get(resource.id_option)
        if item_id:
            target = item_id
        else:
            matches = snapshot.by_name.get(item.desired.get(resource.name_field), [])
            target = matches[0].get("id") if len(matches) == 1 else None
        if target is None:
            continue
        if target in claimed:
            problems.append("%s: names the same %s (%s) as connections[%d]; give each %s once"
                            % (item.label, resource.label, target, claimed[target], resource.label))
        claimed.setdefault(target, item.index)
    if problems:
        raise ResourceFailure("Invalid connections: nothing was sent. %s" % "; ".join(problems), invalid=problems)


def purge_candidates(resource, items, snapshot, scope):
    """The objects of the scope that no item names, by id or by name, in the account's order."""
    ids = {item.params.get(resource.id_option) for item in items if item.params.get(resource.id_option)}
    names = {item.desired.get(resource.name_field) for item in items
             if not item.params.get(resource.id_option) and item.desired.get(resource.name_field) is not None}
    return [obj for obj in snapshot.objects
            if in_scope(resource, scope, obj) and obj.get("id") not in ids and obj.get(resource.name_field) not in names]


def _entry(resource, result, diff_mode, full_results):
    """One item's result. An unchanged item's whole object is left out unless ``full_results``: at 10,000
    connections the objects are some 20 MB, which Ansible would serialize several times over."""
    state = result.state or {}
    # A deleted object's name is only in what it was (a purge names it by id alone).
    was = (result.diff or {}).get("before") or {}
    entry = {"index": result.index, "changed": result.changed, "action": result.action,
             resource.id_option: state.get("id", result.params.get(resource.id_option)),
             resource.name_field: state.get(resource.name_field, result.params.get(resource.name_field)
                                            or was.get(resource.name_field))}
    if full_results or result.changed or result.failed:
        entry[resource.result_key] = result.state
    if diff_mode and result.diff is not None:
        entry["diff"] = result.diff
    if result.warnings:
        entry["warnings"] = list(result.warnings)
    if result.failed:
        entry.update(failed=True, msg=result.msg, **{key: value for key, value in result.details.items()
                                                     if key not in ("failed", "msg", "changed", "index")})
    return entry


def shape_result(resource, item_results, purge_results, diff_mode, sent, list_option, full_results=False):
    entries = [_entry(resource, result, diff_mode, full_results) for result in item_results]
    purged = []
    for result in purge_results:
        entry = _entry(resource, result, diff_mode, full_results)
        entry.pop("index")
        purged.append(entry)
    counts = {"total": len(item_results), "created": 0, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 0,
              "purged": sum(1 for result in purge_results if result.changed and not result.failed)}
    for result in item_results:
        if result.failed:
            counts["failed"] += 1
        elif result.changed:
            counts[{"create": "created", "update": "updated", "delete": "deleted"}[result.action]] += 1
        else:
            counts["unchanged"] += 1
    everything = item_results + purge_results
    result = {"changed": any(one.changed for one in everything), list_option: entries, "purged": purged,
              "counts": counts, "requests": sent}
    if diff_mode:
        result["diff"] = [dict(one.diff, before_header=one.label, after_header=one.label)
                          for one in everything if one.changed and one.diff is not None]
    warnings = ["%s: %s" % (one.label, warning) for one in everything for warning in one.warnings]
    if len(warnings) > MAX_WARNINGS:
        # The same warning for thousands of items would bury the output; every one stays in its item's entry.
        warnings = warnings[:MAX_WARNINGS] + ["%d more warnings like these: see each item's warnings in %s."
                                              % (len(warnings) - MAX_WARNINGS, list_option)]
    failed = [one for one in everything if one.failed]
    if failed:
        converged = [one.label for one in everything if not one.failed]
        msg = ("%d of %d %ss failed; the other %d converged (see %s and counts), and a rerun converges the rest. "
               "Failed: %s" % (len(failed), len(everything), resource.label, len(converged), list_option,
                               "; ".join("%s: %s" % (one.label, one.msg) for one in failed)))
        raise ResourceFailure(msg, **dict(result, failed_items=[one.label for one in failed], converged_items=converged))
    return result, warnings


# The module

def fleet_argument_spec(resource, list_option="connections"):
    """The connection options, the list of items (validated item by item by ``run_fleet``) and the fleet's own."""
    spec = connection_argument_spec()
    spec.update({
        list_option: dict(type="list", elements="dict", required=True),
        "exclusive": dict(type="bool", default=False),
        "scope": dict(type="dict", options=dict(tag=dict(type="str"), name_prefix=dict(type="str"))),
        "workers": dict(type="int", default=DEFAULT_WORKERS),
        "full_results": dict(type="bool", default=False),
    })
    return spec


def run_fleet_module(resource, list_option="connections"):
    """main() of a fleet module.

    The items are not described to AnsibleModule option by option, so that each is validated with the single
    module's spec and named by its index (see ``validate_items``). Their secrets are therefore masked here, in
    the invocation and in every message, instead of by no_log: 10,000 passwords as no_log values would make
    AnsibleModule compare every string of the result with each of them.
    """
    class FleetModule(AnsibleModule):
        def _secrets(self):
            items = self.params.get(list_option)
            found = secret_values(resource, self.params)
            for raw in items if isinstance(items, list) else []:
                found.extend(item_secrets(resource, raw))
            return found

        def _shown_params(self):
            params = dict(self.params)
            params[list_option] = masked_items(resource, params.get(list_option))
            return remove_values(params, self.no_log_values)

        def exit_json(self, **kwargs):
            kwargs.setdefault("invocation", {"module_args": self._shown_params()})
            super().exit_json(**kwargs)

        def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
            secrets = self._secrets()
            kwargs.setdefault("invocation", {"module_args": self._shown_params()})
            # The items' results were scrubbed by the core, item by item; the texts made here are scrubbed now.
            if "exception" in kwargs:
                kwargs["exception"] = scrub(kwargs["exception"], secrets)
            super().fail_json(scrub(msg, secrets), **kwargs)

    module = FleetModule(argument_spec=fleet_argument_spec(resource, list_option), supports_check_mode=True)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    try:
        result, warnings = run_fleet(resource, module.params, check_mode=module.check_mode, diff_mode=module._diff,
                                     list_option=list_option)
    except ResourceFailure as failure:
        module.fail_json(msg=failure.msg, **failure.details)
    except Exception as exc:  # pylint: disable=broad-except
        # A bug of ours must still end as a clean failure; fail_json masks every secret of every item.
        module.fail_json(msg="Unexpected error in telnyx.voice (please report it): %s: %s" % (type(exc).__name__, exc),
                         exception=traceback.format_exc())
    for warning in warnings:
        module.warn(warning)
    module.exit_json(**result)
