# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every run sends the fewest requests the Telnyx API allows.

- unchanged: one read (GET by id, or one page of the list filtered by name);
- update: that read plus one PATCH;
- create: one list page plus one POST;
- absent by id: one DELETE (its answer is the deleted object, so no read is needed);
- absent by name: one list page, plus one DELETE when it exists;
- check mode: the same reads, and never a write.

FakeSession fails a test on any request it was not told to expect, so each script below is exact.
"""

from __future__ import annotations

import pytest


from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._module import module_argument_spec, module_kwargs
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import (
    LIST, ONE, Call, FakeSession, existing, list_params, page,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import validated_params

API_KEY = "key-count-123456"
ID = "1293384261075731499"
CREATE = dict(connection_name="office", user_name="office01", password="s3cret-pass-1")


def params(**args):
    args.setdefault("api_key", API_KEY)
    return validated_params(module_argument_spec(CREDENTIAL_CONNECTION), module_kwargs(CREDENTIAL_CONNECTION), **args)


def sent(calls, check_mode=False, **args):
    """Run once; return the result and the (method, path) of every request, which must be exactly ``calls``."""
    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    result, dummy = reconcile(CREDENTIAL_CONNECTION, params(**args), check_mode=check_mode, diff_mode=True,
                              client=client)
    session.assert_done()
    return result, [(request["method"], request["path"]) for request in session.sent]


def listed(*items):
    return Call("GET", LIST, body=page(list(items)), params=list_params("office"))


READ_BY_ID = Call("GET", ONE, body={"data": existing()})


# unchanged: one read

def test_unchanged_by_name_is_one_list_page():
    result, requests = sent([listed(existing())], connection_name="office", active=True, tags=["a", "b"])
    assert result["changed"] is False
    assert requests == [("GET", LIST)]


def test_unchanged_by_id_is_one_get():
    result, requests = sent([READ_BY_ID], id=ID, connection_name="office", active=True)
    assert result["changed"] is False
    assert requests == [("GET", ONE)]


def test_unchanged_with_a_password_the_api_echoes_is_one_read():
    result, requests = sent([listed(existing())], **CREATE)
    assert result["changed"] is False
    assert requests == [("GET", LIST)]


# update: the read plus one PATCH, however many options differ

def test_update_by_name_is_one_list_page_and_one_patch():
    calls = [listed(existing()), Call("PATCH", ONE, body={"data": existing(active=False)})]
    result, requests = sent(calls, connection_name="office", active=False, password="n3w-password-1",
                            tags=["x"], inbound={"channel_limit": 5}, outbound={"localization": "GB"},
                            rtcp_settings={"report_frequency_secs": 10})
    assert result["changed"] is True
    assert requests == [("GET", LIST), ("PATCH", ONE)]


def test_update_by_id_is_one_get_and_one_patch():
    calls = [READ_BY_ID, Call("PATCH", ONE, body={"data": existing(connection_name="renamed")})]
    result, requests = sent(calls, id=ID, connection_name="renamed")
    assert result["changed"] is True
    assert requests == [("GET", ONE), ("PATCH", ONE)]


# create: one list page plus one POST

def test_create_is_one_list_page_and_one_post():
    calls = [listed(), Call("POST", LIST, body={"data": existing()})]
    result, requests = sent(calls, **CREATE)
    assert result["changed"] is True
    assert requests == [("GET", LIST), ("POST", LIST)]


# absent

def test_absent_by_id_is_one_read_and_one_delete():
    result, requests = sent([Call("GET", ONE, body={"data": existing()}), Call("DELETE", ONE, body={"data": existing()})],
                            id=ID, state="absent")
    assert result["changed"] is True
    assert requests == [("GET", ONE), ("DELETE", ONE)]


def test_absent_by_id_already_gone_is_one_read_and_no_write():
    """The second run of a delete by id sends no write (issue 10, case 6)."""
    result, requests = sent([Call("GET", ONE, status=404, body={"errors": [{"title": "Not found"}]})],
                            id=ID, state="absent")
    assert result["changed"] is False
    assert requests == [("GET", ONE)]


def test_absent_by_name_is_one_list_page_and_one_delete():
    result, requests = sent([listed(existing()), Call("DELETE", ONE, body={"data": existing()})],
                            connection_name="office", state="absent")
    assert result["changed"] is True
    assert requests == [("GET", LIST), ("DELETE", ONE)]


def test_absent_by_name_already_gone_is_one_list_page():
    result, requests = sent([listed()], connection_name="office", state="absent")
    assert result["changed"] is False
    assert requests == [("GET", LIST)]


# check mode: reads only, the same reads as a real run

@pytest.mark.parametrize("calls, args", [
    ([listed(existing())], dict(connection_name="office", active=False)),
    ([READ_BY_ID], dict(id=ID, active=False)),
    ([listed()], CREATE),
    ([READ_BY_ID], dict(id=ID, state="absent")),
    ([listed(existing())], dict(connection_name="office", state="absent")),
    ([listed()], dict(connection_name="office", state="absent")),
    ([listed(existing())], CREATE),
], ids=["update-by-name", "update-by-id", "create", "absent-by-id", "absent-by-name", "absent-missing", "unchanged"])
def test_check_mode_sends_one_read_and_no_write(calls, args):
    result, requests = sent(calls, check_mode=True, **args)
    assert requests == [(calls[0].method, calls[0].path)]


# Where more than one read is the minimum

def test_a_name_too_short_for_the_filter_reads_every_page():
    """Telnyx's name filter needs 3 characters; a shorter name is matched against the whole list."""
    first = Call("GET", LIST, body=page([existing(connection_name="other")] * 250, number=1, total_pages=2),
                 params={"page[size]": 250, "page[number]": 1})
    second = Call("GET", LIST, body=page([existing(connection_name="ab")], number=2, total_pages=2),
                  params={"page[size]": 250, "page[number]": 2})
    result, requests = sent([first, second], connection_name="ab")
    assert result["changed"] is False
    assert requests == [("GET", LIST), ("GET", LIST)]
