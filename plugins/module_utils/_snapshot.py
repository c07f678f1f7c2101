# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The account, read once: every object of a resource, checked before a plural run trusts it.

A plural task plans every item from one ``Snapshot``. Telnyx's lists are pages of a list others may change
while it is read: an object deleted between two pages shifts the later ones back, so an object can be missed;
one created shifts them on, so an object can come twice. ``read_snapshot`` detects both (the ``total_results``
each page reports, the ids seen twice, the count of distinct ids against the total) and reads again; a snapshot
that never reads steady is marked ``steady=False``, and then nothing is purged from it. Whatever the snapshot
says, a create is confirmed by a lookup by name first (``_engine``), so a missed object is never made twice.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.telnyx.voice.plugins.module_utils._api import PAGE_SIZE

# A page-number list never longer than this many pages is read; the client's own list has the same bound.
MAX_PAGES = 10000
# Reads of the whole list before a snapshot that never reads steady is used as it is (and purges nothing).
READS = 3


class Snapshot:
    """Every object of a resource as listed, by id and by name; ``steady`` when the pages agreed.

    ``requests`` counts the list pages read, over every attempt; ``swept`` maps each further address read by
    the resource's ``sweeps`` (``sweep``) to the ids of the objects that carry its fields.
    """

    def __init__(self, objects, name_field, steady=True, requests=0):
        self.objects = objects
        self.steady = steady
        self.requests = requests
        self.swept = {}
        self.by_id = {}
        self.by_name = {}
        for obj in objects:
            self.by_id.setdefault(obj.get("id"), obj)
            self.by_name.setdefault(obj.get(name_field), []).append(obj)


def _page_reader(path, client_of, budget, query):
    def page(number):
        params = dict(query or {}, **{"page[size]": PAGE_SIZE, "page[number]": number})
        return client_of().request("GET", path, params=params, budget=budget)
    return page


def read_pages(resource, client_of, budget, most_pages=None, workers=1, query=None, path=None):
    """One read of the whole list (``path``, the resource's own by default): page 1, then the rest by up to
    ``workers`` threads.

    Returns the pages' documents, or None when page 1 says there are more than ``most_pages`` pages.
    """
    page = _page_reader(path or resource.path, client_of, budget, query)
    first = page(1)
    total_pages = (first.get("meta") or {}).get("total_pages")
    documents = [first]
    if total_pages is None:
        # No page count: read on until a short page, one after the other.
        number = 1
        while len(documents[-1].get("data") or []) >= PAGE_SIZE and number < MAX_PAGES:
            number += 1
            documents.append(page(number))
        return documents
    total_pages = min(int(total_pages), MAX_PAGES)
    if most_pages is not None and total_pages > most_pages:
        return None
    rest = range(2, total_pages + 1)
    if workers > 1 and len(rest) > 1:
        with ThreadPoolExecutor(max_workers=workers) as executor:
            documents.extend(executor.map(page, rest))
    else:
        documents.extend(page(number) for number in rest)
    return documents


def steady(documents):
    """Whether the pages describe one list: the same ``total_results`` on every page, no id twice, and as many
    distinct ids as that total (where Telnyx gives one)."""
    totals = {(document.get("meta") or {}).get("total_results") for document in documents}
    ids = [obj.get("id") for document in documents for obj in document.get("data") or []]
    if len(set(ids)) != len(ids) or len(totals) > 1:
        return False
    total = totals.pop() if totals else None
    return total is None or int(total) == len(ids)


def read_snapshot(resource, client_of, budget, most_pages=None, workers=1, query=None):
    """The account's objects of ``resource`` as a ``Snapshot``, or None when reading each item's own object is
    fewer requests (page 1 shows more than ``most_pages`` pages).

    The list is read again, up to ``READS`` times in all, until its pages agree (``steady``).
    """
    requests = 0
    for attempt in range(1, READS + 1):
        documents = read_pages(resource, client_of, budget, most_pages, workers, query)
        if documents is None:
            return None
        requests += len(documents)
        calm = steady(documents)
        if calm or attempt == READS:
            found = {}
            for document in documents:
                for obj in document.get("data") or []:
                    found.setdefault(obj.get("id"), obj)
            return Snapshot(list(found.values()), resource.name_field, steady=calm, requests=requests)
        most_pages = None  # the list is worth reading whole from now on
    raise AssertionError("unreachable")  # pragma: no cover


def sweep(resource, snapshot, addresses, client_of, budget, workers=1):
    """Complete every object of ``snapshot`` with the fields of each of ``addresses`` that the resource sweeps,
    one list read per address (a few hundred objects a page) instead of one read per object.

    An object the sweep lacks (added meanwhile) keeps what it has, and its address is read on its own when it is
    planned (``Engine.read_addresses``). Returns the requests sent.
    """
    sent = 0
    for address in addresses:
        if address not in resource.sweeps or address in snapshot.swept:
            continue
        documents = read_pages(resource, client_of, budget, workers=workers, path=resource.sweeps[address])
        sent += len(documents)
        answers = {}
        for document in documents:
            for obj in document.get("data") or []:
                answers.setdefault(obj.get("id"), obj)
        carried = set()
        for obj in snapshot.objects:
            answer = answers.get(obj.get("id"))
            if answer is not None:
                # In place: the snapshot's indexes by id and by name hold the same objects.
                merged = resource.overlay(obj, address, answer)
                obj.clear()
                obj.update(merged)
                carried.add(obj.get("id"))
        snapshot.swept[address] = carried
    return sent
