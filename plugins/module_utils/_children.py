# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Child records: objects of their own, at a path of their own, that belong to a parent and that it names.

An FQDN connection's FQDNs (``/fqdns``) and an IP connection's IPs (``/ips``) are such records: each belongs to one
connection by ``connection_id``, and the connection names the first three, in order, as its default primary,
secondary and tertiary. A resource declares them in ``ResourceType.children`` as a ``Children`` table; the user
gives them as one list option of the parent, in priority order, and the engine keeps the records to match it:

* a pointer must name a record that exists, and a record needs its parent's id: a new parent is created first,
  then its records, then one PATCH sets its pointers. The records of a parent that exists are created and changed
  first, so that the parent's one PATCH carries its pointers beside its own changes (``fold``). The records the
  list lost are deleted last, when no pointer names them any more. A parent is deleted after its records;
* a record is known by its ``key`` field (the FQDN, the IP address), not by the id the server made: the record
  with the same key is changed in place, another key is a new record;
* only the parent's own records are read (the list filtered on ``parent_key``, and each record checked), so a
  record of another parent is never touched. A plural task or an info module that reads the records of many
  parents reads the whole list once instead (``read_many``), when that is fewer pages than the parents, and
  groups it by ``parent_key``; a list whose pages disagree (records made or deleted meanwhile) is not trusted,
  and each parent's records are then read on their own.

Check mode sends only the reads and records the writes it would send; a record it would create is named by a
placeholder id, which the predicted pointers use, so that the prediction has the PATCH a real run sends.
"""

from __future__ import annotations

import contextlib

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxError
from ansible_collections.telnyx.voice.plugins.module_utils._fields import differs, merge_branch, spec_of
from ansible_collections.telnyx.voice.plugins.module_utils._planner import UPDATE
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._snapshot import read_pages, steady


class Children:
    """The table of one kind of child record.

    * ``label``: what a message calls one record (``FQDN``); ``path``: where the records live (``/fqdns``).
    * ``fields``: the options of one item, by wire name, as ``_fields.Field``; ``key``: the field that says which
      record an item is (required in every item, once per list).
    * ``parent_key``: the record's field holding its parent's id.
    * ``pointers``: ``(parent field, (sub-field per position, ...))``, the parent's references to its records in
      list order; ``clear``: how a pointer is cleared (None, or ``""`` where the schema has no null).
    * ``update_carries``: fields a record's PATCH must carry, changed or not.
    * ``complete(item)``: the item as the server keeps it (its defaults filled), ``check(item)``: errors in an
      item's combination of fields. Both are the hooks of the record type's quirks.
    """

    def __init__(self, label, path, fields, key, parent_key, pointers=None, clear=None, update_carries=(),
                 complete=None, check=None):
        self.label = label
        self.path = path
        self.fields = fields
        self.key = key
        self.parent_key = parent_key
        self.pointers = pointers
        self.clear = clear
        self.update_carries = tuple(update_carries)
        self.complete = complete or dict
        self.check = check or (lambda item: [])

    def argument_spec(self):
        options = spec_of(self.fields)
        options[self.key]["required"] = True
        return dict(type="list", elements="dict", options=options)

    # What the user gave

    def validate(self, option, items, errors):
        """The list in wire form, each item completed; a message naming the item for each broken rule."""
        wanted = []
        seen = {}
        for index, raw in enumerate(items):
            path = "%s[%d]" % (option, index)
            item = {name: self.fields[name].validate("%s.%s" % (path, name), value, errors)
                    for name, value in raw.items() if value is not None and name in self.fields}
            errors.extend("%s: %s" % (path, problem) for problem in self.check(item))
            key = self.fields[self.key].comparable(item.get(self.key))
            if key in seen:
                errors.append("%s: names the same %s as %s[%d] (%s %r); give each once"
                              % (path, self.label, option, seen[key], self.key, key))
            seen.setdefault(key, index)
            wanted.append(self.complete(item))
        return wanted

    # What Telnyx has

    def read(self, client, parent_id):
        """The records of ``parent_id``, every page, none of another parent's (whatever the filter did)."""
        query = {"filter[%s]" % self.parent_key: parent_id}
        return [record for record in client.list(self.path, query) if str(record.get(self.parent_key)) == parent_id]

    def read_many(self, client_of, parent_ids, budget, workers=1):
        """``{parent id: [records]}`` for each of ``parent_ids`` (strings), from one read of the whole list, or
        ``{}`` when reading each parent's own records is no more requests (page 1 shows as many pages as there
        are parents, or there is one parent) or the pages disagree; the parents left out are then read on their
        own (``read``). A record of no parent asked for is dropped, whatever its parent."""
        wanted = set(parent_ids)
        if len(wanted) < 2:
            return {}
        documents = read_pages(None, client_of, budget, most_pages=len(wanted) - 1, workers=workers, path=self.path)
        if documents is None or not steady(documents):
            return {}
        grouped = {parent_id: [] for parent_id in wanted}
        for document in documents:
            for record in document.get("data") or []:
                parent_id = str(record.get(self.parent_key))
                if parent_id in grouped and not any(record.get("id") == seen.get("id") for seen in grouped[parent_id]):
                    grouped[parent_id].append(record)
        return grouped

    def pointed(self, parent):
        """The ids the parent names, in position order (None where a position names nothing)."""
        if not self.pointers:
            return []
        have = (parent or {}).get(self.pointers[0]) or {}
        return [have.get(name) or None for name in self.pointers[1]]

    def ordered(self, records, parent):
        """``records`` in the parent's order: the ones it names, by position, then the others as listed."""
        by_id = {record.get("id"): record for record in records}
        first = [by_id[record_id] for record_id in self.pointed(parent) if record_id in by_id]
        return first + [record for record in records if not any(record is chosen for chosen in first)]

    def view(self, record, with_id=False):
        """One record as an item of the list option, normalised: what a diff shows and an info module returns."""
        shown = {"id": record.get("id")} if with_id else {}
        shown.update((name, field.comparable(record.get(name)) if self._relevant(field, record) else None)
                     for name, field in self.fields.items())
        return shown

    @staticmethod
    def _relevant(field, record):
        """Whether ``field`` means something for ``record`` (an SRV record has no port of its own to compare)."""
        return field.relevant_if is None or field.relevant_if(record)

    def as_option(self, record):
        """One record as an item the module takes back unchanged."""
        return {name: value for name, value in self.view(record).items() if value is not None}

    # Converging: stage() before or after the parent's own write, fold() into it, finish() after it

    def stage(self, writer, parent, wanted, done, created=False, known=None):
        """Read the records of ``parent`` (unless ``known``, as ``read_many`` read them) and create and change
        them to match ``wanted``: a ``Stage`` to finish.

        ``done`` names the writes of the run so far; a failure after some writes says which were made. A parent
        this run ``created`` has no record yet, so none is read.
        """
        parent_id = parent.get("id")
        if created or not parent_id:
            existing = []
        else:
            existing = list(known) if known is not None else self.read(writer.client, parent_id)
        stage = Stage(parent, [self.view(record) for record in self.ordered(existing, parent)], done)
        free = list(existing)
        plan = []
        for item in wanted:
            key = self.fields[self.key].comparable(item[self.key])
            match = next((record for record in free
                          if self.fields[self.key].comparable(record.get(self.key)) == key), None)
            if match is not None:
                free.remove(match)
            plan.append((item, match))
        stage.lost = free
        with stage.failures():
            stage.records = [self._write(writer, parent_id, item, match, stage.done) for item, match in plan]
        return stage

    def fold(self, writer, stage, plan):
        """The parent's update ``plan`` with the pointers added, so that one PATCH carries both; the parent's
        writes then start from records that exist, which a parent that already exists allows."""
        want = self._pointers(stage)
        if not want or plan.action != UPDATE:
            return plan
        name = self.pointers[0]
        have = stage.parent.get(name)
        plan.payload[name] = dict(plan.payload.get(name) or merge_branch(writer.resource.fields[name], have, {}), **want)
        plan.predicted[name] = dict(plan.predicted.get(name) or {}, **want)
        return plan

    def finish(self, writer, stage, parent):
        """After the parent's write (``parent`` as it left it): its pointers, when no PATCH carried them yet, then
        the deletes. Returns ``(parent, records, changed, before, after)`` for the result and the diff."""
        start = len(stage.done)
        with stage.failures():
            parent = self._point(writer, parent, [record.get("id") for record in stage.records], stage.done)
            for record in stage.lost:
                self._delete(writer, record, stage.done)
        changed = stage.written or len(stage.done) > start or self.pointed(parent) != self.pointed(stage.parent)
        return parent, [self.view(record, with_id=True) for record in stage.records], changed, stage.before, \
            [self.view(record) for record in stage.records]

    def _pointers(self, stage):
        """The pointer values that name ``stage``'s records in order, or None when they already do."""
        if not self.pointers:
            return None
        ids = [record.get("id") for record in stage.records]
        want = {position: ids[index] if index < len(ids) else self.clear
                for index, position in enumerate(self.pointers[1])}
        return None if self.pointed(stage.parent) == [value or None for value in want.values()] else want

    def remove(self, writer, parent, known=None):
        """Delete every record of ``parent`` (before the parent itself; ``known``: its records as ``read_many``
        read them); whether any was (or would be) deleted."""
        done = []
        for record in known if known is not None else self.read(writer.client, parent.get("id")):
            self._delete(writer, record, done)
        return bool(done)

    def _write(self, writer, parent_id, item, match, done):
        if match is None:
            body = dict(item, **{self.parent_key: parent_id})
            done.append("POST %s (%s)" % (self.path, item[self.key]))
            key = self.fields[self.key].comparable(body[self.key])
            return writer.post(self.path, body, dict(body, id="<id of the %s %s>" % (self.label, item[self.key])),
                               lambda: [record for record in self.read(writer.client, parent_id)
                                        if self.fields[self.key].comparable(record.get(self.key)) == key],
                               "%s %s" % (self.label, body[self.key]))
        changes = {name: value for name, value in item.items() if self._relevant(self.fields[name], item)
                   and differs(self.fields[name], value, match.get(name))}
        if not changes:
            return match
        body = dict(changes)
        for name in self.update_carries:
            body.setdefault(name, match.get(name))
        path = "%s/%s" % (self.path, match.get("id"))
        done.append("PATCH %s" % path)
        return writer.patch(path, body, dict(match, **body))

    def _point(self, writer, parent, ids, done):
        """One PATCH of the parent that names ``ids`` in order, when it does not already; the parent after it."""
        if not self.pointers:
            return parent
        name, positions = self.pointers
        want = {position: ids[index] if index < len(ids) else self.clear for index, position in enumerate(positions)}
        if self.pointed(parent) == [value or None for value in want.values()]:
            return parent
        field = writer.resource.fields[name]
        body = {name: merge_branch(field, parent.get(name), want)}
        # A parent that check mode only predicts has no id yet.
        path = writer.resource.item_path(parent["id"]) if parent.get("id") else writer.resource.path + "/<new id>"
        done.append("PATCH %s (%s)" % (path, ", ".join(positions)))
        return writer.patch(path, body, dict(parent, **{name: dict(parent.get(name) or {}, **want)}))

    def _delete(self, writer, record, done):
        path = "%s/%s" % (self.path, record.get("id"))
        done.append("DELETE %s (%s)" % (path, record.get(self.key)))
        writer.delete(path)


class Stage:
    """One kind of records of one parent, between ``Children.stage`` and ``Children.finish``: the parent as read,
    the list before (for the diff), the records as the list wants them, those it lost, the writes made."""

    def __init__(self, parent, before, done):
        self.parent = parent
        self.before = before
        self.done = list(done)
        self.start = len(self.done)
        self.records = []
        self.lost = []

    @property
    def written(self):
        return len(self.done) > self.start

    def failures(self):
        return reporting(lambda: self.done)


@contextlib.contextmanager
def reporting(written):
    """A Telnyx failure after writes of the run (``written()`` names them) becomes a ResourceFailure that says
    which went out, with ``changed: true``: an object and its records take several writes."""
    try:
        yield
    except TelnyxError as error:
        done = written()
        if not done:
            raise
        details = {"changed": True, "errors": error.errors} if error.errors else {"changed": True}
        if error.status:
            details["status"] = error.status
        raise ResourceFailure("%s Before this failure, the run sent: %s. Run again to converge."
                              % (error.message, ", ".join(done)), **details)
