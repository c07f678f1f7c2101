# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The account read once (plugins/module_utils/_snapshot.py): pages that disagree are read again, a list that
never reads steady is marked so, and a big list is not read at all for a few items."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils import _snapshot
from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION

from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, list_params

COLLECTION = "/credential_connections"


def obj(number):
    return {"id": str(1000 + number), "connection_name": "c-%d" % number}


def listing(numbers, number=1, total_pages=1, total=None):
    return {"data": [obj(n) for n in numbers],
            "meta": {"page_number": number, "total_pages": total_pages,
                     "total_results": len(numbers) if total is None else total}}


def two_pages(first, second, total, total_second=None):
    return [Call("GET", COLLECTION, params=list_params(), body=listing(first, 1, 2, total)),
            Call("GET", COLLECTION, params=list_params(number=2),
                 body=listing(second, 2, 2, total if total_second is None else total_second))]


def read(calls, most_pages=None):
    session = FakeSession(calls)
    client = TelnyxClient(api_key="unit-key-1", session=session, sleep=lambda seconds: None)
    snapshot = _snapshot.read_snapshot(CREDENTIAL_CONNECTION, lambda: client, None, most_pages=most_pages)
    session.assert_done()
    return snapshot


FULL = range(250)


def test_a_steady_list_is_read_once():
    snapshot = read(two_pages(FULL, [250], 251))
    assert snapshot.steady and snapshot.requests == 2 and len(snapshot.objects) == 251
    assert snapshot.by_name["c-250"][0]["id"] == "1250" and snapshot.by_id["1000"]["connection_name"] == "c-0"


@pytest.mark.parametrize("shifted", [
    two_pages(FULL, [250], 252, total_second=251),  # total_results differs between pages
    two_pages(FULL, [249, 250], 252),  # an id on two pages (something was created before it)
    two_pages(FULL, [251], 252),  # fewer distinct ids than the total (something was deleted before it)
], ids=["totals-differ", "id-twice", "id-missing"])
def test_pages_that_disagree_are_read_again(shifted):
    snapshot = read(shifted + two_pages(FULL, [250], 251))
    assert snapshot.steady and snapshot.requests == 4 and len(snapshot.objects) == 251


def test_a_list_that_never_reads_steady_is_marked_so_after_every_read():
    shifted = two_pages(FULL, [249, 250], 252)
    snapshot = read(shifted * _snapshot.READS)
    assert _snapshot.READS == 3
    assert not snapshot.steady and snapshot.requests == 2 * _snapshot.READS
    # What was seen is kept once each.
    assert len(snapshot.objects) == 251


def test_a_list_longer_than_the_items_would_read_is_not_read():
    assert read([Call("GET", COLLECTION, params=list_params(), body=listing(FULL, 1, 9))], most_pages=2) is None


def test_a_list_without_a_page_count_is_read_until_a_short_page():
    pages = [{"data": [obj(n) for n in FULL]}, {"data": [obj(250)]}]
    snapshot = read([Call("GET", COLLECTION, params=list_params(number=number), body=body)
                     for number, body in enumerate(pages, 1)])
    assert snapshot.steady and len(snapshot.objects) == 251
