# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The plural shape: many objects of one resource in one task, in the shape of ansible.netcommon's resource modules.

``config`` is a list whose items take exactly the single module's resource options (declared to ansible-core as
its ``suboptions``, so its own type checks, aliases, ``no_log`` and warnings apply inside items), and ``state`` is:

* ``merged``: create or update what is given, leave the rest alone;
* ``replaced``: each listed object gets exactly the given options, the others back to the schema's defaults;
* ``overridden``: ``replaced`` for the listed objects, and every other object inside ``scope`` deleted;
* ``deleted``: the listed objects deleted;
* ``gathered``: the account (or the scope) read into ``gathered``, in ``config`` shape.

Every item is validated before any request; the account is read once (``_snapshot``); each item is converged
by the same ``_engine.Engine`` as the single module, a few at a time on a pool of clients. A purge deletes only
what the resource may delete, only inside a scope, only from a snapshot that read steady, and never because the
list was empty unless ``allow_empty`` says so.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.telnyx.voice.plugins.module_utils._api import PAGE_SIZE, check_connection_options, connection_argument_spec
from ansible_collections.telnyx.voice.plugins.module_utils._bulk import JobRun, converge_with_jobs
from ansible_collections.telnyx.voice.plugins.module_utils._engine import (
    Engine,
    Item,
    LiveFinder,
    SnapshotFinder,
    user_failures,
)
from ansible_collections.telnyx.voice.plugins.module_utils._fields import schema_defaults
from ansible_collections.telnyx.voice.plugins.module_utils._info import as_config
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import Secrets
from ansible_collections.telnyx.voice.plugins.module_utils._snapshot import read_snapshot, sweep
from ansible_collections.telnyx.voice.plugins.module_utils._writes import ClientPool

LIST_OPTION = "config"
STATES = ("merged", "replaced", "overridden", "deleted", "gathered")
# The states that can delete what the list does not name.
PURGING = ("overridden",)
DEFAULT_WORKERS = 16
MAX_WORKERS = 32
# The warnings shown for the task; the rest are in the items' entries.
MAX_WARNINGS = 10
# The longest message of a failed task: one bad item of thousands must not make a message of megabytes.
MAX_PROBLEMS = 20
# Items handed to a worker thread at a time.
CHUNK = 16


def states(resource):
    """The states a resource allows: a resource that is never deleted has no ``deleted`` nor ``overridden``."""
    return [state for state in STATES if resource.deletable or state not in ("deleted", "overridden")]


def argument_spec(resource):
    """The plural module's options (with the connection options)."""
    spec = connection_argument_spec()
    spec.update({
        LIST_OPTION: dict(type="list", elements="dict", options=resource.item_argument_spec(),
                          required_one_of=[(resource.id_option, resource.name_field)]),
        "state": dict(type="str", default="merged", choices=states(resource)),
        "scope": dict(type="dict", options=dict(tag=dict(type="str"), name_prefix=dict(type="str"))),
        "allow_empty": dict(type="bool", default=False),
        "workers": dict(type="int", default=DEFAULT_WORKERS),
        "full_results": dict(type="bool", default=False),
    })
    return spec


def item_label(resource, index, item):
    """``config[3] (connection_name 'x')``: how a message names an item."""
    parts = []
    # Ansible maps an alias (connection_name's ``name``) to the option, but an item read before that still has it.
    aliases = resource.fields[resource.name_field].aliases or ()
    name = next((item.get(key) for key in [resource.name_field] + list(aliases) if item.get(key) is not None),
                None)
    if name is not None:
        parts.append("%s %r" % (resource.name_field, name))
    if item.get(resource.id_option) is not None:
        parts.append("%s %r" % (resource.id_option, item[resource.id_option]))
    return "%s[%d] (%s)" % (LIST_OPTION, index, ", ".join(parts) or "unnamed")


# Validation, before any request

def scope_of(params):
    return {name: value for name, value in (params.get("scope") or {}).items() if value is not None}


def task_problems(resource, params):
    """What is wrong with the task's own options, whatever its items."""
    state = params.get("state")
    problems = check_connection_options(params)
    scope = scope_of(params)
    for name, value in scope.items():
        if not value.strip() or value != value.strip():
            problems.append("scope.%s: must be a non-empty value without surrounding spaces, got %r" % (name, value))
    if len(scope) > 1:
        problems.append("scope: give one of tag and name_prefix, not both")
    if state == "overridden" and not scope:
        problems.append("state=overridden deletes every %s in the scope that config does not list, so it needs "
                        "scope.tag or scope.name_prefix; without one it would delete the whole account"
                        % resource.label)
    if not params.get(LIST_OPTION) and state in ("overridden", "deleted") and not params.get("allow_empty"):
        problems.append("%s: is empty, so state=%s would %s; if that is what you mean, say so with "
                        "allow_empty=true" % (LIST_OPTION, state, "delete every %s in the scope" % resource.label
                                              if state == "overridden" else "delete nothing"))
    if params.get("allow_empty") and state == "deleted" and not params.get(LIST_OPTION) and not scope:
        problems.append("allow_empty with state=deleted deletes every %s in the scope, so it needs scope.tag or "
                        "scope.name_prefix" % resource.label)
    workers = params.get("workers")
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        problems.append("workers: must be between 1 and %d, got %s" % (MAX_WORKERS, workers))
    return problems


def desired_of(resource, state, given):
    """The desired state of an item: as given (``merged``), or over the schema's defaults (``replaced``)."""
    if state not in ("replaced", "overridden"):
        return given
    desired = schema_defaults(resource.fields)
    for name, value in given.items():
        if isinstance(value, dict) and isinstance(desired.get(name), dict):
            desired[name] = dict(desired[name], **value)
        else:
            desired[name] = value
    return desired


def in_scope(resource, scope, obj):
    """Whether an object (as Telnyx lists it, or as an item would leave it) is inside ``scope``."""
    if "tag" in scope:
        return scope["tag"] in (obj.get("tags") or [])
    if "name_prefix" in scope:
        return str(obj.get(resource.name_field) or "").startswith(scope["name_prefix"])
    return True


def validate_items(resource, params, connection, task_secrets):
    """Every item as an ``Item``, or one ResourceFailure naming each bad one; nothing is sent either way.

    ansible-core has checked each item against the single module's spec; here are the resource's own rules,
    the identity, the scope, and two items naming the same object.
    """
    state = params["state"]
    scope = scope_of(params)
    problems = []
    items = []
    seen = {}
    for index, raw in enumerate(params.get(LIST_OPTION) or []):
        label = item_label(resource, index, raw)
        item_params = dict(connection, **raw)
        item_problems = resource.identity_problems(item_params)
        try:
            given = resource.desired_state(item_params)
        except ResourceFailure as failure:
            item_problems += failure.details.get("invalid") or [failure.msg]
            given = {}
        if state == "overridden" and not item_problems and not in_scope(resource, scope, given):
            item_problems.append("is not inside the scope (%s), and state=overridden touches nothing outside it: "
                                 "give it %s" % (", ".join("%s %r" % pair for pair in scope.items()),
                                                 "the tag in tags" if "tag" in scope else "a name with the prefix"))
        for key in ((resource.id_option, raw.get(resource.id_option)), (resource.name_field, given.get(resource.name_field))):
            if key[1] is None or item_problems:
                continue
            if key in seen:
                item_problems.append("names the same %s as %s[%d] (%s %r); give each %s once"
                                     % (resource.label, LIST_OPTION, seen[key], key[0], key[1], resource.label))
                break
            seen[key] = index
        if item_problems:
            # Masked with the item's own secrets: one pass per item, whatever the number of items.
            secrets = task_secrets.child(resource, raw)
            problems.extend(secrets.scrub("%s: %s" % (label, problem)) for problem in item_problems)
            continue
        desired = desired_of(resource, state, given)
        # The schema's defaults may not go with what the item gives (a jitter buffer minimum above the default
        # maximum): the combination is checked again, as the single module would check the same options.
        combined = resource.check_desired(desired) if desired is not given else []
        if combined:
            problems.extend("%s: %s (with the schema's defaults that state=%s gives the options left out)"
                            % (label, problem, state) for problem in combined)
            continue
        items.append(Item(index, item_params, desired, label, absent=state == "deleted"))
    if problems:
        fail_problems("Invalid %s: nothing was sent." % LIST_OPTION, problems)
    return items


def fail_problems(lead, problems):
    """One failure naming the first problems and counting the rest; every one is in ``invalid``."""
    shown = problems[:MAX_PROBLEMS]
    more = len(problems) - len(shown)
    raise ResourceFailure("%s %s%s" % (lead, "; ".join(shown), " (and %d more problems: see invalid)" % more
                                       if more else ""), invalid=problems)


def same_object_problems(resource, items, snapshot):
    """An item by id and another by name may still name one object; found in the snapshot, before any write."""
    claimed = {}
    problems = []
    for item in items:
        target = item.params.get(resource.id_option)
        if not target:
            matches = snapshot.by_name.get(item.desired.get(resource.name_field), [])
            target = matches[0].get("id") if len(matches) == 1 else None
        if target is None:
            continue
        if target in claimed:
            problems.append("%s: names the same %s (%s) as %s[%d]; give each %s once"
                            % (item.label, resource.label, target, LIST_OPTION, claimed[target], resource.label))
        claimed.setdefault(target, item.index)
    return problems


def purge_candidates(resource, items, snapshot, scope):
    """The objects of the scope that no item names, by id or by name, in the account's order."""
    if not resource.deletable:
        return []
    ids = {item.params.get(resource.id_option) for item in items if item.params.get(resource.id_option)}
    names = {item.desired.get(resource.name_field) for item in items
             if not item.params.get(resource.id_option) and item.desired.get(resource.name_field) is not None}
    return [obj for obj in snapshot.objects
            if in_scope(resource, scope, obj) and obj.get("id") not in ids and obj.get(resource.name_field) not in names]


# One run

def run(resource, params, check_mode=False, diff_mode=False, client=None):
    """Converge ``params[config]`` as ``params[state]`` says; return ``(result, warnings)``.

    Raises ResourceFailure, with nothing sent, when an item or an option is invalid; when an item fails, the
    others still run, and the failure says which items converged and which failed.
    """
    state = params["state"]
    connection = {name: params.get(name) for name in connection_argument_spec()}
    task_secrets = Secrets.of_connection(connection)
    with user_failures(task_secrets):
        problems = task_problems(resource, params)
        if problems:
            fail_problems("Invalid options for %ss:" % resource.label, problems)
        items = validate_items(resource, params, connection, task_secrets)
    workers = 1 if client is not None else (params.get("workers") or DEFAULT_WORKERS)
    pool = ClientPool(connection, task_secrets.scrub, given=client)
    scope = scope_of(params)
    purging = state in PURGING or (state == "deleted" and not items)
    with user_failures(task_secrets):
        snapshot = None
        if state == "gathered" or purging or len(items) > 1:
            # The whole list, unless page 1 shows more pages than the items would read one by one (one request
            # each). A purge and gathered must see every object of the scope, and items by id beside items by
            # name must be checked for naming one object twice: those read every page.
            mixed = len({bool(item.params.get(resource.id_option)) for item in items}) > 1
            whole = state == "gathered" or purging or mixed
            # Within a scope, only its objects are read where the list can filter on it (an item outside it is
            # then looked up on its own, as any object the snapshot lacks); not when items by id and by name must
            # be checked against every object for naming one twice.
            snapshot = read_snapshot(resource, pool.client, pool.client().budget(),
                                     most_pages=None if whole else len(items), workers=workers,
                                     query=None if mixed else resource.scope_query(scope) or None)
        if snapshot is not None:
            problems = same_object_problems(resource, items, snapshot)
            if problems:
                fail_problems("Invalid %s: nothing was sent." % LIST_OPTION, problems)
            sweep(resource, snapshot, sweeps_needed(resource, items, snapshot), pool.client, pool.client().budget(),
                  workers)
    if state == "gathered":
        shown = [obj for obj in snapshot.objects if in_scope(resource, scope, obj)]
        with user_failures(task_secrets):
            known = {option: children.read_many(pool.client, [str(obj.get("id")) for obj in shown],
                                                pool.client().budget(), workers)
                     for option, children in resource.children.items()}
            gathered = [as_config(resource, obj, pool.client(), known) for obj in shown]
        return {"changed": False, "gathered": gathered, "requests": pool.sent}, []
    warnings = []
    jobs = list(items)
    if purging:
        if snapshot.steady:
            for position, obj in enumerate(purge_candidates(resource, items, snapshot, scope)):
                purge = Item(position, dict(connection, **{resource.id_option: obj.get("id")}), {},
                             "purged %s %s (%r)" % (resource.label, obj.get("id"), obj.get(resource.name_field)),
                             absent=True)
                jobs.append(purge)
        else:
            warnings.append("The list of %ss changed while it was read (others were creating or deleting), so "
                            "nothing was purged this run; the listed ones were converged. Run again to purge."
                            % resource.label)
    engine = Engine(resource, pool, check_mode, task_secrets)
    finder = SnapshotFinder(snapshot) if snapshot is not None else LiveFinder()
    if snapshot is not None and resource.children:
        with user_failures(task_secrets):
            engine.records = read_records(resource, jobs, finder, pool, workers)
    job_run = JobRun()
    if resource.bulk is not None and len(jobs) == len(items) and state != "deleted":
        with user_failures(task_secrets):
            done = converge_with_jobs(engine, finder, jobs, lambda function, each: run_each(function, each, workers),
                                      snapshot, task_secrets, job_run, workers)
    else:
        done = converge_all(engine, finder, jobs, workers)
    return shape_result(resource, done[:len(items)], done[len(items):], diff_mode, bool(params.get("full_results")),
                        warnings + job_run.warnings, pool, job_run)


def read_records(resource, jobs, finder, pool, workers):
    """``{option: {parent id: [records]}}`` (``Engine.records``): the child records of the listed objects whose
    records the jobs read (an item that gives the option, or deletes its object), each kind read whole once
    where that is fewer requests than a read per object (``Children.read_many``)."""
    records = {}
    for option, children in resource.children.items():
        parents = []
        for job in jobs:
            if not job.absent and option not in job.desired:
                continue
            try:
                obj = finder.listed(resource, job)
            except ResourceFailure:
                continue  # a name several objects have: the item fails on its own, reading nothing
            if obj is not None:
                parents.append(str(obj.get("id")))
        records[option] = children.read_many(pool.client, parents, pool.client().budget(), workers)
    return records


def sweeps_needed(resource, items, snapshot):
    """The further addresses worth a sweep: those the items' options are read from, where more items want one
    than the list has pages (else each item's own read is fewer requests)."""
    wanted = {}
    for item in items:
        for address in {resource.fields[name].read_address for name in item.desired if name in resource.fields}:
            if address is not None and address in resource.sweeps:
                wanted[address] = wanted.get(address, 0) + 1
    pages = len(snapshot.objects) // PAGE_SIZE + 1
    return [address for address, count in wanted.items() if count > pages]


def run_each(function, each, workers):
    """``function`` over ``each``, in order, on up to ``workers`` threads, a chunk at a time."""
    if workers == 1 or len(each) <= 1:
        return [function(one) for one in each]
    chunks = [each[start:start + CHUNK] for start in range(0, len(each), CHUNK)]
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return [result for chunk in executor.map(lambda chunk: [function(one) for one in chunk], chunks)
                for result in chunk]


def converge_all(engine, finder, items, workers):
    # Chunks, so that 10,000 unchanged items (no request, only planning) cost few futures.
    return run_each(lambda item: engine.converge(item, finder), items, workers)


def _entry(resource, done, diff_mode, full_results, compact=False):
    """One item's result. An unchanged item's whole object is left out unless ``full_results``: at 10,000
    objects they are some 20 MB, which Ansible would serialize several times over. ``compact`` (the items that
    converged beside a failed one, whose result Ansible prints whole) leaves out every object, diff and warning."""
    item = done.item
    outcome = done.outcome
    state = outcome.state if outcome is not None else {}
    # A deleted object's name is only in what it was (a purge names it by id alone).
    was = (outcome.deleted if outcome is not None else None) or {}
    entry = {"index": item.index, "changed": done.changed, "action": outcome.action if outcome else "none",
             resource.id_option: state.get("id", item.params.get(resource.id_option)),
             resource.name_field: state.get(resource.name_field, item.params.get(resource.name_field)
                                            or was.get(resource.name_field))}
    if compact and not full_results and not done.failed:
        return entry
    if full_results or done.changed or done.failed:
        entry[resource.result_key] = state
    if done.job is not None:
        entry["job"] = done.job
    if outcome is not None and outcome.deleted is not None:
        entry["deleted"] = outcome.deleted
    if diff_mode and outcome is not None and outcome.diff is not None:
        entry["diff"] = outcome.diff
    if done.warnings:
        entry["warnings"] = list(done.warnings)
    if done.failed:
        entry.update(failed=True, msg=done.msg, **{key: value for key, value in done.details.items()
                                                   if key not in ("failed", "msg", "changed", "index")})
    return entry


def shape_result(resource, item_results, purge_results, diff_mode, full_results, warnings, pool, job_run=None):
    """The task's result: ``changed``, one entry per item (``<plural_key>``), ``purged``, ``counts``, the write
    requests sent or, in check mode, that would be sent (``commands``, a bulk job's POST among them), the bulk
    ``jobs`` (where the resource has them), ``requests`` sent in all, and of those the ``retries`` and the answers
    ``rate_limited`` (HTTP 429)."""
    # A failed task's result is printed whole at every verbosity: the items that converged beside the failed ones
    # are then named only, so that one bad item in thousands does not print every object (set full_results).
    compact = any(done.failed for done in item_results + purge_results)
    entries = [_entry(resource, done, diff_mode, full_results, compact) for done in item_results]
    purged = []
    for done in purge_results:
        entry = _entry(resource, done, diff_mode, full_results, compact)
        entry.pop("index")
        purged.append(entry)
    counts = {"total": len(item_results), "created": 0, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 0,
              "purged": sum(1 for done in purge_results if done.changed and not done.failed)}
    for done in item_results:
        if done.failed:
            counts["failed"] += 1
        elif done.changed:
            # A replacement (an object Telnyx cannot change) counts as the update it stands for.
            counts[{"create": "created", "update": "updated", "delete": "deleted",
                    "replace": "updated"}[done.outcome.action]] += 1
        else:
            counts["unchanged"] += 1
    everything = item_results + purge_results
    result = {"changed": any(done.changed for done in everything), resource.plural_key: entries, "purged": purged,
              "counts": counts, "commands": [command for done in everything for command in done.commands],
              "requests": pool.sent, "retries": pool.stat("retries"), "rate_limited": pool.stat("rate_limited")}
    if resource.bulk is not None and job_run is not None:
        result["commands"].extend(job_run.commands)
        result["jobs"] = job_run.entries(resource)
    if diff_mode:
        result["diff"] = [dict(done.outcome.diff, before_header=done.item.label, after_header=done.item.label)
                          for done in everything if done.changed and done.outcome.diff is not None]
    item_warnings = ["%s: %s" % (done.item.label, warning) for done in everything for warning in done.warnings]
    if len(item_warnings) > MAX_WARNINGS:
        # The same warning for thousands of items would bury the output; every one stays in its item's entry.
        item_warnings = item_warnings[:MAX_WARNINGS] + ["%d more warnings like these: see each item's warnings in "
                                                        "%s." % (len(item_warnings) - MAX_WARNINGS,
                                                                 resource.plural_key)]
    warnings = warnings + item_warnings
    failed = [done for done in everything if done.failed]
    if failed:
        converged = [done.item.label for done in everything if not done.failed]
        shown = failed[:MAX_PROBLEMS]
        msg = ("%d of %d %ss failed; the other %d converged (see %s and counts), and a rerun converges the rest. "
               "Failed: %s%s" % (len(failed), len(everything), resource.label, len(converged), resource.plural_key,
                                 "; ".join("%s: %s" % (done.item.label, done.msg) for done in shown),
                                 " (and %d more)" % (len(failed) - len(shown)) if len(failed) > len(shown) else ""))
        raise ResourceFailure(msg, warnings_shown=warnings, **dict(
            result, failed_items=[done.item.label for done in failed], converged_items=converged))
    return result, warnings
