# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 10: no unchecked value reaches a URL, a header or a timer; one retry budget; one name lookup; never a
second create while the first may still land.

First the six reported cases, each a plain regression test; then the properties that generate their kinds:
hostile ids (for the resource module in both states and for the info module), connection options that cannot
work, and the path quoting that is the second line of defence. The fault matrix (test_faults.py) holds every
operation to the retry budget and the documented time bound, the slow commit included.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
import requests
from hypothesis import example, given, note, settings
from hypothesis import strategies as st

from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    CONNECTION_RULES,
    MAX_MAX_RETRIES,
    MAX_REQUEST_TIMEOUT,
    MAX_RETRY_MAX_DELAY,
    TelnyxClient,
    connection_argument_spec,
    segment,
)
from tests.e2e.conftest import ECHOES_PASSWORD
from tests.reliability.harness import (
    EXECUTION_MODES,
    connections,
    core_run,
    execution_env,
    info_run,
    method_counts,
    writes,
)

CREATE = dict(connection_name="office", user_name="office01", password="safety-pass-1")
VALID_ID = re.compile(r"[0-9]{1,19}")
CI_EXAMPLES = 80


# The six reported cases

@pytest.mark.parametrize("hostile", [
    "{id} ",                  # a pasted trailing space: the DELETE went to .../{id}%20, got 404, and reported ok
    "{id}/../{other}",        # the HTTP library resolved the dot segments: the other connection was deleted
    "../phone_numbers/42",    # another kind of resource
    "{id}?force=true",        # a query string handed to Telnyx
])
@pytest.mark.parametrize("state", ["absent", "present"])
def test_case_1_an_id_that_is_not_a_telnyx_id_fails_before_any_request(emulator, hostile, state):
    connection_id, other_id = emulator.seed([{"connection_name": "office"}, {"connection_name": "other"}])
    before = connections(emulator)
    run = core_run(emulator, {"id": hostile.format(id=connection_id, other=other_id), "state": state, "active": False})
    assert not run.ok
    assert "id: must be a Telnyx id: 1 to 19 digits" in run.msg, run.msg
    assert emulator.requests() == [] and connections(emulator) == before


@pytest.mark.parametrize("hostile", ["1300000000000000502 ", "1/../2", "../phone_numbers/42", "1?force=true"])
def test_case_1_the_info_module_refuses_the_same_ids(emulator, hostile):
    run = info_run(emulator, {"id": hostile})
    assert not run.ok and "id: must be a Telnyx id" in run.msg, run
    assert emulator.requests() == []


@pytest.mark.parametrize("option, value, rule", [
    ("request_timeout", -1, "request_timeout: must be more than 0 and at most 3600, got -1.0"),
    ("request_timeout", 0, "request_timeout: must be more than 0 and at most 3600, got 0.0"),
    ("max_retries", -1, "max_retries: must be at least 0 and at most 20, got -1"),
    ("retry_max_delay", -0.5, "retry_max_delay: must be at least 0 and at most 600, got -0.5"),
])
def test_case_2_connection_options_that_cannot_work_fail_before_any_request(emulator, option, value, rule):
    for run in (core_run(emulator, dict(CREATE, **{option: value})), info_run(emulator, {option: value})):
        assert not run.ok and rule in run.msg, run
        assert "Unexpected error" not in run.msg
    assert emulator.requests() == []


def test_case_3_a_create_answered_429_429_429_500_is_sent_at_most_max_retries_plus_one_times(emulator):
    """It was 16 POSTs: the core's re-POST loop wrapped the client's own retries. Now the four sends share one
    budget; the 500 may hide a create, so the core then looks for it instead of sending it again."""
    for dummy in range(4):  # the oldest pending fault answers first: 429, 429, 429, 500, four times over
        emulator.add_fault(kind="rate_limit", method="POST", times=3)
        emulator.add_fault(kind="status", status=500, method="POST")
    run = core_run(emulator, CREATE, max_retries=3, request_timeout=2, retry_max_delay=0.1)
    # The retries are spent on the 429s, so the 500 leaves one look (GET) and no retry of it.
    assert [(e["method"], e["status"]) for e in emulator.requests()] == [
        ("GET", 200), ("POST", 429), ("POST", 429), ("POST", 429), ("POST", 500), ("GET", 200)]
    assert not run.ok and "may still be created by Telnyx" in run.msg and "Run again to converge" in run.msg
    assert connections(emulator) == []


def test_case_4_an_item_listed_twice_across_pages_is_one_connection(emulator):
    """A connection created while the pages are read shifts them: the same item comes twice. Both modules now share
    one lookup that keeps it once (the resource module failed with '2 credential connections are named')."""
    # Newest first: 249 newer connections, then "office" last on page 1, then 50 older ones on page 2.
    emulator.seed([{"connection_name": "office-old-%03d" % number} for number in range(50)])
    office = emulator.seed([{"connection_name": "office"}])[0]
    emulator.seed([{"connection_name": "office-new-%03d" % number} for number in range(249)])
    shifted = []

    class ShiftingSession(requests.Session):
        """Before page 2 is read, someone creates a connection: page 2 starts with page 1's last item."""

        def request(self, method, url, params=None, **kwargs):  # pylint: disable=arguments-differ
            if params and params.get("page[number]") == 2 and not shifted:
                shifted.append(emulator.seed([{"connection_name": "office-newest"}])[0])
            return super().request(method, url, params=params, **kwargs)

    run = core_run(emulator, {"connection_name": "office", "active": False}, session=ShiftingSession())
    assert shifted, "the lookup read one page only"
    assert run.ok, run
    assert [c for c in connections(emulator) if c["id"] == office][0]["active"] is False
    emulator.clear_requests()
    listed = info_run(emulator, {"connection_name": "office"})
    assert [item["id"] for item in listed.result["credential_connections"]] == [office]


@ECHOES_PASSWORD
def test_case_5_a_create_committed_after_the_client_gave_up_is_adopted_not_duplicated(emulator):
    """request_timeout 1 and a Telnyx that commits the POST 2.5 s later: two connections were left behind."""
    emulator.add_fault(kind="slow_commit", method="POST", seconds=2.5)
    run = core_run(emulator, CREATE, request_timeout=1, max_retries=3, retry_max_delay=10)
    assert run.ok and run.changed is True, run
    warnings = [w for w in run.warnings if "SIP cause D38" not in w]  # the D38 warning of a connection without a profile aside
    assert len(warnings) == 1 and "it was found and adopted" in warnings[0]
    assert method_counts(emulator.requests())["POST"] == 1
    time.sleep(0.5)
    assert [c["connection_name"] for c in connections(emulator)] == ["office"]
    again = core_run(emulator, CREATE, request_timeout=1)
    assert again.ok and again.changed is False


@ECHOES_PASSWORD
def test_case_5_a_create_that_lands_after_every_look_fails_saying_so_and_the_next_run_converges(emulator):
    emulator.add_fault(kind="slow_commit", method="POST", seconds=3)
    run = core_run(emulator, CREATE, request_timeout=1, max_retries=1, retry_max_delay=0.2)
    assert not run.ok
    assert "may still be created by Telnyx: it was not found by its name after 2 looks, so it was not sent again" \
        in run.msg
    assert method_counts(emulator.requests()) == {"GET": 3, "POST": 1}
    time.sleep(2.3)
    assert len(connections(emulator)) == 1
    again = core_run(emulator, CREATE, request_timeout=1)
    assert again.ok and again.changed is False, again
    assert len(connections(emulator)) == 1


def test_case_6_absent_by_id_sends_no_write_on_the_second_run(emulator):
    connection_id = emulator.seed([{"connection_name": "office"}])[0]
    assert core_run(emulator, {"id": connection_id, "state": "absent"}).changed is True
    emulator.clear_requests()
    again = core_run(emulator, {"id": connection_id, "state": "absent"})
    assert again.ok and again.changed is False
    assert writes(emulator.requests()) == [] and len(emulator.requests()) == 1


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_the_user_sees_a_hostile_id_refused_by_name_in_both_modes(playbook, emulator, mode):
    connection_id, other_id = emulator.seed([{"connection_name": "office"}, {"connection_name": "other"}])
    run = playbook([
        {"name": "delete", "ignore_errors": True,
         "telnyx.voice.credential_connection": {"id": "%s/../%s" % (connection_id, other_id), "state": "absent"}},
        {"name": "info", "telnyx.voice.credential_connection_info": {"id": "%s " % connection_id},
         "ignore_errors": True},
        {"name": "timeout", "telnyx.voice.credential_connection": dict(CREATE, request_timeout=-1),
         "ignore_errors": True},
    ], env=execution_env(mode))
    assert [record["status"] for record in run.records] == ["failed"] * 3, run.output
    assert "id: must be a Telnyx id" in run.task("delete")["msg"]
    assert "id: must be a Telnyx id" in run.task("info")["msg"]
    assert "request_timeout: must be more than 0" in run.task("timeout")["msg"]
    assert "Traceback" not in run.output and "Unexpected error" not in run.output
    assert emulator.requests() == [] and len(connections(emulator)) == 2


def test_a_missing_api_key_names_the_environment_variable(emulator):
    run = core_run(emulator, dict(CREATE, api_key=None))
    assert not run.ok and "api_key: is required" in run.msg and "TELNYX_API_KEY" in run.msg
    assert emulator.requests() == []


# The kinds: properties

def hostile_ids():
    """Anything that is not 1 to 19 ASCII digits: valid ids with something after them, paths, queries, text."""
    valid = st.from_regex(r"\A[0-9]{1,19}\Z")
    tails = st.sampled_from([" ", "\n", "\t", "/", "/..", "/../1", "?force=true", "#x", "%2F..", ";x", "\x00", "/."])
    return st.one_of(
        st.tuples(valid, tails).map("".join),
        st.tuples(tails, valid).map("".join),
        st.sampled_from([".", "..", "../phone_numbers/42", "1/../2", "", "+1", "-1", "1e3", "12345678901234567890",
                         "\uff11\uff12\uff13", "\u0661\u0662"]),
        st.text(min_size=1, max_size=30).filter(lambda text: not VALID_ID.fullmatch(text)),
    )


@settings(max_examples=CI_EXAMPLES)
@given(hostile=hostile_ids(), module=st.sampled_from(["present", "absent", "info"]))
@example(hostile="1300000000000000502 ", module="absent")
@example(hostile="1/../2", module="present")
def test_any_id_that_is_not_a_telnyx_id_fails_naming_id_before_any_request(emulator_process, hostile, module):
    emulator = emulator_process
    emulator.reset()
    note("id=%r, %s" % (hostile, module))
    if module == "info":
        run = info_run(emulator, {"id": hostile})
    else:
        run = core_run(emulator, dict(CREATE, id=hostile, state=module))
    assert not run.ok, run
    assert "id: must be a Telnyx id" in run.msg, run.msg
    assert emulator.requests() == []


def hostile_connection_options():
    """A connection option with a value that cannot work, as the argument spec's types let it through."""
    floats = dict(allow_nan=False, allow_infinity=True)
    return st.one_of(
        st.tuples(st.just("request_timeout"),
                  st.one_of(st.floats(max_value=0, **floats), st.floats(min_value=MAX_REQUEST_TIMEOUT + 0.001, **floats),
                            st.just(float("nan")))),
        st.tuples(st.just("max_retries"),
                  st.one_of(st.integers(max_value=-1), st.integers(min_value=MAX_MAX_RETRIES + 1))),
        st.tuples(st.just("retry_max_delay"),
                  st.one_of(st.floats(max_value=-0.001, **floats), st.floats(min_value=MAX_RETRY_MAX_DELAY + 0.001, **floats),
                            st.just(float("nan")), st.just(float("inf")))),
        st.tuples(st.just("base_url"), st.one_of(
            st.sampled_from(["ftp://api.example.com/v2", "http://", "api.telnyx.com/v2", "http://user:pw@h/v2",
                             "https://h/v2?x=1", "https://h/v2#top", "http://h /v2", "http://h:99999/v2",
                             "http://[::1/v2", "https://h/v2\n"]),
            st.text(max_size=20).filter(lambda text: not re.match(r"https?://[^/?#\s]", text)))),
        st.tuples(st.just("api_key"), st.one_of(
            st.sampled_from(["", "key with spaces", "key\nX-Injected: 1", "key\r\n", "cl\u00e9"]),
            st.text(min_size=1, max_size=20).filter(lambda text: not re.fullmatch(r"[\x21-\x7e]+", text)))),
    )


@settings(max_examples=CI_EXAMPLES)
@given(option=hostile_connection_options(), module=st.sampled_from(["present", "absent", "info"]))
def test_any_connection_option_that_cannot_work_fails_naming_it_before_any_request(emulator_process, option, module):
    emulator = emulator_process
    emulator.reset()
    name, value = option
    note("%s=%r, %s" % (name, value, module))
    args = {name: value}
    run = info_run(emulator, args) if module == "info" else core_run(emulator, dict(CREATE, state=module, **args))
    assert not run.ok, run
    assert re.search(r"\b%s\b" % name, run.msg), run.msg
    assert "Unexpected error" not in run.msg and "Traceback" not in run.msg
    assert emulator.requests() == []


def test_every_connection_option_has_a_rule():
    """An option added later without a rule would reach a request unchecked."""
    assert set(CONNECTION_RULES) == set(connection_argument_spec())


@settings(max_examples=300)
@given(value=st.text(min_size=1))
def test_a_quoted_segment_never_leaves_its_collection(value):
    """Whatever a value holds, the URL the client sends names one object under the collection: no dot segment,
    slash, query or fragment survives the quoting, and the client accepts the path."""
    path = "/credential_connections/" + segment(value)
    prepared = requests.Request("GET", "http://127.0.0.1:1/v2" + path).prepare()
    parts = urlsplit(prepared.url)
    assert parts.query == "" and parts.fragment == ""
    assert parts.path.startswith("/v2/credential_connections/")
    assert parts.path.count("/") == 3
    assert parts.path.rsplit("/", 1)[1] not in ("", ".", "..")
    client = TelnyxClient("k", base_url="http://127.0.0.1:1/v2", request_timeout=0.01, max_retries=0)
    with pytest.raises(Exception) as raised:
        client.request("GET", path)
    assert not isinstance(raised.value, ValueError), "the client refused a path that segment() built"


@pytest.mark.parametrize("path", ["/credential_connections/..", "/credential_connections/1/../2", "/a?b=1",
                                  "/a#b", "/a b", "credential_connections", "/a//b", "/"])
def test_the_client_refuses_a_path_that_was_not_built_from_segments(path):
    client = TelnyxClient("k", base_url="http://127.0.0.1:1/v2")
    with pytest.raises(ValueError, match="unsafe path"):
        client.request("GET", path)
