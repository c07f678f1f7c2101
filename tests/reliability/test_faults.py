# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fault matrix: every operation under every fault the emulator injects, once and on every attempt.

``MATRIX`` below is the single list of cases. The tests run each case in-process through the reconcile
core and a real TelnyxClient, and docs/reliability.md shows the same list as a table: regenerate it with
``PYTHONPATH=.collections python -m tests.reliability.test_faults --write`` after changing a case
(``test_the_doc_shows_this_matrix`` fails until the two agree).

Each case ends either in success after a bounded number of requests or in a clean failure; the exact
request counts from the emulator's log are asserted, and so are the failure message or the one warning a
success carries. In every case: no traceback, never a second connection, ``changed`` true exactly when the
module's write took effect, a failure only when it did not, and a wall time below
(requests) x (request_timeout + retry_max_delay) + 1 s.

After a PATCH or DELETE that may have been applied but got no usable answer, the core reads the connection
back once (``GET /credential_connections/{id}``): the rows marked "read back" end with that GET.
"""

from __future__ import annotations

import email.utils
import re
import socket
import sys
import time

import pytest
import yaml

from ansible_collections.telnyx.voice.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_RETRY_MAX_DELAY,
    time_bound,
)
from tests.e2e.conftest import ECHOES_PASSWORD
from tests.reliability.harness import (
    EXECUTION_MODES,
    REPO,
    Waits,
    connections,
    core_run,
    execution_env,
    method_counts,
)

# The client settings of the matrix: small, so that a run whose every attempt fails stays short.
RETRIES, TIMEOUT, MAX_DELAY = 3, 1.0, 0.2
CLIENT = dict(max_retries=RETRIES, request_timeout=TIMEOUT, retry_max_delay=MAX_DELAY)
# Past the timeout and past every look for a lost create (at about 1.0, 1.2, 1.4 and 1.6 s), so that the
# commit of a timed-out create lands only after the run gave up on it: deterministic, whatever the load.
DELAY = 2.2
# A slow commit lands between two looks, half a wait away from each (looks at about 1.0, 1.5, 2.0, 2.5 s).
SLOW_COMMIT = 1.75
SLOW_CLIENT = dict(CLIENT, retry_max_delay=0.5)
EVERY_ATTEMPT = 50
DOC = REPO / "docs" / "reliability.md"
DOC_START, DOC_END = "<!-- fault-matrix:start -->", "<!-- fault-matrix:end -->"

# The emulator adds x-ratelimit-* headers to every answer; blank values are what a header-less 429 looks like
# to the client (it ignores an empty header exactly as a missing one).
NO_RATE_HEADERS = {"x-ratelimit-limit": "", "x-ratelimit-remaining": "", "x-ratelimit-reset": ""}
FAULTS = {
    "429 with rate-limit headers": dict(kind="rate_limit"),
    "429 without headers": dict(kind="status", status=429, headers=NO_RATE_HEADERS),
    "500": dict(kind="status", status=500),
    "502": dict(kind="status", status=502),
    "503": dict(kind="status", status=503),
    "504": dict(kind="status", status=504),
    "timeout (no answer within request_timeout)": dict(kind="delay", seconds=DELAY),
    "dropped connection": dict(kind="drop"),
    "non-JSON body": dict(kind="non_json"),
    "truncated body": dict(kind="truncated"),
    "committed, then answered 500": dict(kind="commit_then_500"),
    "deleted by someone else first": dict(kind="delete_before"),
    "committed after the client gave up": dict(kind="slow_commit", seconds=SLOW_COMMIT),
}
# Client settings of the faults that need other waits than CLIENT's.
FAULT_CLIENT = {"committed after the client gave up": SLOW_CLIENT}

OPERATIONS = {
    # name: (method and path the fault hits, task arguments, what the write is for)
    "list": ("GET", r"/credential_connections$", dict(connection_name="office", active=False)),
    "read by id": ("GET", r"/credential_connections/\d+$", dict(id="{id}", active=False)),
    "create": ("POST", r"/credential_connections$",
               dict(connection_name="office", user_name="office01", password="matrix-pass-1")),
    "update": ("PATCH", None, dict(connection_name="office", active=False)),
    "delete": ("DELETE", None, dict(connection_name="office", state="absent")),
}
PATHS = {"list": "GET /credential_connections", "read by id": "GET /credential_connections/{id}",
         "create": "POST /credential_connections", "update": "PATCH /credential_connections/{id}",
         "delete": "DELETE /credential_connections/{id}"}


class Ok:
    """Success: ``requests`` as logged (for example "GET 2, PATCH 1"), the ``changed`` reported, and the one
    warning it carries, if any, as the texts it holds (``adopted`` or ``confirmed`` below)."""

    def __init__(self, requests, changed=True, warning=None):
        self.requests = parse_requests(requests)
        self.changed = changed
        self.warning = warning
        self.read_back = bool(warning) and warning[-1] in (CONFIRMED["update"], CONFIRMED["delete"])

    def describe(self):
        text = "ok, %s, after %s" % ("changed" if self.changed else "unchanged", show_requests(self.requests))
        if self.warning:
            text += "; warns: %s" % " … ".join("`%s`" % t for t in self.warning)
        return text


class Failed:
    """A clean failure: ``requests`` as logged, ``texts`` the message holds; ``read_back`` when the core read the
    connection back after the write and found it not applied (the original failure is then reported)."""

    def __init__(self, requests, *texts, read_back=False, lands=False):
        self.requests = parse_requests(requests)
        self.texts = texts
        self.read_back = read_back
        # The failure says the create may still land, and here it does, after the run.
        self.lands = lands

    def describe(self):
        text = "failed after %s: %s" % (show_requests(self.requests), " … ".join("`%s`" % t for t in self.texts))
        if self.read_back:
            text += "; read back: not applied"
        if self.lands:
            text += "; Telnyx commits it later, and the next run adopts it"
        return text


def parse_requests(text):
    return {method: int(count) for method, count in re.findall(r"([A-Z]+) (\d+)", text)}


def show_requests(counts):
    total = sum(counts.values())
    return "%d request%s (%s)" % (total, "s" * (total != 1), ", ".join("%s %d" % item for item in counts.items()))


def failed(op, attempts):
    """How a transport failure starts: "(after N attempts)" only when the request was sent more than once."""
    return "%s failed%s: " % (PATHS[op], " (after %d attempts)" % attempts if attempts > 1 else "")


def rate_limited(op):
    return "Rate limited by Telnyx (HTTP 429) on %s, and the retries ran out" % PATHS[op]


def http(op, status):
    return "Telnyx API %s failed with HTTP %d: Unexpected error" % (PATHS[op], status)


def not_json(op):
    return "%s: %s (content-type text/html" % (PATHS[op], NOT_JSON)


def adopted(failure):
    return ("Telnyx answered the create with an error (%s" % failure, ADOPTED)


def confirmed(op, failure):
    return ("Telnyx did not confirm the %s (%s" % (op, failure), CONFIRMED[op])


TIMED_OUT = "timed out after %ss waiting for Telnyx to answer (request_timeout)" % TIMEOUT
DROPPED = "the connection was dropped before Telnyx answered (ProtocolError: ('Connection aborted."
BROKE_OFF = "the answer broke off before it was complete (ProtocolError: ('Connection broken: IncompleteRead("
NOT_JSON = "Telnyx answered HTTP 200 with a body that is not the expected JSON document"
REFUSED = "could not reach Telnyx at "
MAYBE_APPLIED = " It may have been applied all the same: run again to converge."
NOT_SENT_AGAIN = ("The credential connection may still be created by Telnyx: it was not found by its name after "
                  "%d looks, so it was not sent again. Run again to converge" % (RETRIES + 1))
ADOPTED = "but the credential connection was made; it was found and adopted."
CONFIRMED = {"update": "but reading the credential connection back shows it was applied.",
             "delete": "but the credential connection is gone."}


def matrix():
    """Every case: (operation, fault, outcome when only the first attempt fails, outcome when every one does)."""
    rows = []
    for op in ("list", "read by id"):
        two = "GET 2, PATCH 1"
        rows += [
            (op, "429 with rate-limit headers", Ok(two), Failed("GET 4", rate_limited(op))),
            (op, "429 without headers", Ok(two), Failed("GET 4", rate_limited(op))),
        ] + [(op, str(code), Ok(two), Failed("GET 4", http(op, code))) for code in (500, 502, 503, 504)] + [
            (op, "timeout (no answer within request_timeout)", Ok(two), Failed("GET 4", failed(op, 4) + TIMED_OUT)),
            (op, "dropped connection", Ok(two), Failed("GET 4", failed(op, 4) + DROPPED)),
            (op, "non-JSON body", Failed("GET 1", not_json(op)), Failed("GET 1", not_json(op))),
            (op, "truncated body", Ok(two), Failed("GET 4", failed(op, 4) + BROKE_OFF)),
            (op, "committed, then answered 500", Ok(two), Failed("GET 4", http(op, 500))),
        ]
    gone = "No credential connection with id {id} exists"
    rows.append(("read by id", "deleted by someone else first", Failed("GET 1", gone), Failed("GET 1", gone)))

    op = "create"
    # A create is sent again only after a 429 (Telnyx did not act on it). After any answer that may hide a
    # create, the core looks it up by name (and again after each wait the budget allows) and never POSTs again.
    looked = "GET %d, POST 1" % (1 + RETRIES + 1)
    rows += [
        (op, "429 with rate-limit headers", Ok("GET 1, POST 2"), Failed("GET 1, POST 4", rate_limited(op))),
        (op, "429 without headers", Ok("GET 1, POST 2"), Failed("GET 1, POST 4", rate_limited(op))),
    ] + [(op, str(code), Failed(looked, http(op, code), NOT_SENT_AGAIN), Failed(looked, http(op, code), NOT_SENT_AGAIN))
         for code in (500, 502, 503, 504)] + [
        (op, "timeout (no answer within request_timeout)",
         Failed(looked, failed(op, 1) + TIMED_OUT, NOT_SENT_AGAIN, lands=True),
         Failed(looked, failed(op, 1) + TIMED_OUT, NOT_SENT_AGAIN, lands=True)),
        (op, "dropped connection", Failed(looked, failed(op, 1) + DROPPED, NOT_SENT_AGAIN),
         Failed(looked, failed(op, 1) + DROPPED, NOT_SENT_AGAIN)),
        (op, "non-JSON body", Failed(looked, not_json(op), NOT_SENT_AGAIN), Failed(looked, not_json(op), NOT_SENT_AGAIN)),
        (op, "truncated body", Ok("GET 2, POST 1", warning=adopted(failed(op, 1) + BROKE_OFF)),
         Ok("GET 2, POST 1", warning=adopted(failed(op, 1) + BROKE_OFF))),
        (op, "committed, then answered 500", Ok("GET 2, POST 1", warning=adopted(http(op, 500))),
         Ok("GET 2, POST 1", warning=adopted(http(op, 500)))),
        (op, "committed after the client gave up", Ok("GET 4, POST 1", warning=adopted(failed(op, 1) + TIMED_OUT)),
         Ok("GET 4, POST 1", warning=adopted(failed(op, 1) + TIMED_OUT))),
    ]

    # A PATCH or DELETE is retried; when every attempt failed in a way that may have applied it, one read decides.
    for op, method in (("update", "PATCH"), ("delete", "DELETE")):
        two, read = "GET 1, %s 2" % method, "GET 2, %s 4" % method
        refused = "GET 1, %s 4" % method
        rows += [
            # Telnyx acted on none of the 429s, so there is nothing to read back.
            (op, "429 with rate-limit headers", Ok(two), Failed(refused, rate_limited(op))),
            (op, "429 without headers", Ok(two), Failed(refused, rate_limited(op))),
        ] + [(op, str(code), Ok(two), Failed(read, http(op, code), read_back=True))
             for code in (500, 502, 503, 504)] + [
            (op, "timeout (no answer within request_timeout)", Ok(two),
             Ok(read, warning=confirmed(op, failed(op, 4) + TIMED_OUT))),
            (op, "dropped connection", Ok(two), Failed(read, failed(op, 4) + DROPPED, read_back=True)),
            (op, "non-JSON body", Failed("GET 2, %s 1" % method, not_json(op), read_back=True),
             Failed("GET 2, %s 1" % method, not_json(op), read_back=True)),
            (op, "truncated body", Ok(two), Ok(read, warning=confirmed(op, failed(op, 4) + BROKE_OFF))),
            (op, "committed, then answered 500", Ok(two), Ok(read, warning=confirmed(op, http(op, 500)))),
            # Retried after the timeout: the retry is answered (once), or the read-back sees the late commit.
            (op, "committed after the client gave up", Ok(two),
             Ok(read, warning=confirmed(op, failed(op, 4) + TIMED_OUT))),
        ]
    deleted = "was deleted by someone else between the read and the update; nothing was changed"
    rows.append(("update", "deleted by someone else first", Failed("GET 1, PATCH 1", deleted),
                 Failed("GET 1, PATCH 1", deleted)))
    rows.append(("delete", "deleted by someone else first", Ok("GET 1, DELETE 1", changed=False),
                 Ok("GET 1, DELETE 1", changed=False)))
    return rows


MATRIX = matrix()
CASES = [pytest.param(op, fault, times, outcome, id="%s | %s | %s" % (op, fault, label))
         for op, fault, once, always in MATRIX
         for times, label, outcome in ((1, "once", once), (EVERY_ATTEMPT, "every attempt", always))]


def prepare(emulator, op):
    """The starting state of ``op``; returns the id of the existing connection (None for a create)."""
    if op == "create":
        return None
    return emulator.seed([{"connection_name": "office", "user_name": "office01", "password": "matrix-pass-1",
                           "active": True}])[0]


def took_effect(op, emulator, connection_id):
    """Whether the write the task asks for is in the emulator's state."""
    named = [c for c in connections(emulator) if c["connection_name"] == "office"]
    assert len(named) <= 1, "a duplicate connection: %r" % named
    if op == "create":
        return bool(named)
    if op == "delete":
        return not named
    return bool(named) and named[0]["active"] is False


def is_read_back(entry, connection_id):
    return entry["method"] == "GET" and entry["path"].endswith("/credential_connections/%s" % connection_id)


def run_bounds(client):
    """What one run may send and take: a find (one request) and a write with its read-back or lookup (two
    requests), each operation with its own budget of max_retries retries, from the client's own constants."""
    settings = dict(max_retries=client["max_retries"], request_timeout=client["request_timeout"],
                    retry_max_delay=client["retry_max_delay"])
    requests = 1 + 2 + 2 * client["max_retries"]
    seconds = time_bound(1, **settings) + time_bound(2, **settings)
    return requests, seconds


@pytest.mark.parametrize("op, fault, times, expected", CASES)
@ECHOES_PASSWORD  # each case runs again expecting no change
def test_fault(emulator, op, fault, times, expected):
    method, path, args = OPERATIONS[op]
    client = FAULT_CLIENT.get(fault, CLIENT)
    connection_id = prepare(emulator, op)
    args = {key: value.format(id=connection_id) if isinstance(value, str) else value for key, value in args.items()}
    emulator.add_fault(method=method, path=path, times=times, **FAULTS[fault])

    started = time.monotonic()
    run = core_run(emulator, args, **client)
    elapsed = time.monotonic() - started
    if fault.startswith("timeout") or fault == "committed after the client gave up":
        # Requests the client gave up on were sent at least TIMEOUT ago; let them finish in the emulator.
        time.sleep(max(DELAY, SLOW_COMMIT) - TIMEOUT + 0.3)
    log = emulator.requests()

    assert method_counts(log) == expected.requests, "requests: %s" % [(e["method"], e["status"]) for e in log]
    most_requests, most_seconds = run_bounds(client)
    assert len(log) <= most_requests, "more requests than two operations' budgets allow"
    assert method_counts(log).get(method, 0) <= client["max_retries"] + 1 or method == "GET"
    assert elapsed <= most_seconds, "retries are not bounded in time: %.1fs" % elapsed
    assert elapsed <= len(log) * (client["request_timeout"] + client["retry_max_delay"]) + 1.0, elapsed
    if expected.read_back:
        assert is_read_back(log[-1], connection_id), "the last request is not the read-back: %r" % log[-1]
    else:
        assert not any(is_read_back(entry, connection_id) for entry in log if op != "read by id"), "a read-back"
    effect = took_effect(op, emulator, connection_id)  # also: never a duplicate
    if isinstance(expected, Ok):
        assert run.ok, run
        assert run.changed is expected.changed
        if fault == "deleted by someone else first":
            assert effect, "the connection is still there"
        else:
            assert effect is run.changed, "changed: %s, but the write %s" % (
                run.changed, "took effect" if effect else "did not take effect")
        # A connection without an outbound voice profile also gets the D38 warning (test_trunk_faults.py).
        warnings = [w for w in run.warnings if "SIP cause D38" not in w]
        if expected.warning:
            assert len(warnings) == 1, run.warnings
            for text in expected.warning:
                assert text.format(id=connection_id) in warnings[0]
        else:
            assert warnings == []
    else:
        assert not run.ok, run
        for text in expected.texts:
            assert text.format(id=connection_id) in run.msg
        assert "Traceback" not in run.msg
        # Every read-back here got an answer, so a failure is certain that nothing was applied, and says nothing else.
        assert MAYBE_APPLIED not in run.msg
        outcome = "did not land" if expected.lands else "took effect"
        assert effect is expected.lands, "the run failed, and its write %s" % outcome
    if fault == "deleted by someone else first" and op != "delete":
        return  # nothing is left to converge on
    # Whatever happened, the next run converges, and there is never a second connection.
    emulator.clear_faults()
    again = core_run(emulator, args, **client)
    assert again.ok, again
    assert took_effect(op, emulator, connection_id)
    assert core_run(emulator, args, **client).changed is False


# After a write whose answer was lost: one read decides (and only then)

WRITES = {"update": ("PATCH", dict(connection_name="office", active=False)),
          "delete": ("DELETE", dict(connection_name="office", state="absent"))}


@pytest.mark.parametrize("op", list(WRITES))
def test_a_write_whose_read_back_fails_too_says_it_may_have_been_applied(emulator, op):
    """Nobody knows whether it was applied: the failure says so, and that running again converges."""
    method, args = WRITES[op]
    connection_id = prepare(emulator, op)
    emulator.add_fault(kind="commit_then_500", method=method, times=EVERY_ATTEMPT)
    emulator.add_fault(kind="status", status=500, method="GET", path=r"/credential_connections/\d+$",
                       times=EVERY_ATTEMPT)
    run = core_run(emulator, args, **CLIENT)
    log = emulator.requests()
    # The PATCH or DELETE spent the operation's retries, so the read-back is sent once.
    assert method_counts(log) == {"GET": 2, method: RETRIES + 1}
    assert [is_read_back(entry, connection_id) for entry in log] == [False] * (RETRIES + 2) + [True]
    assert not run.ok, run
    assert run.msg == "%s: An unexpected error occured. [code 10007]%s" % (
        http(op, 500).format(id=connection_id), MAYBE_APPLIED)
    assert run.details.get("status") == 500
    # It was applied (committed, then answered 500): only a read could tell, and none answered.
    assert took_effect(op, emulator, connection_id) is True
    emulator.clear_faults()
    emulator.clear_requests()
    again = core_run(emulator, args, **CLIENT)
    assert again.ok and again.changed is False, again


@pytest.mark.parametrize("status", [400, 422])
@pytest.mark.parametrize("op", list(WRITES))
def test_a_refused_write_is_not_read_back(emulator, op, status):
    """A 4xx on the first attempt means Telnyx refused the write: nothing to read back."""
    method, args = WRITES[op]
    connection_id = prepare(emulator, op)
    emulator.add_fault(kind="status", status=status, method=method)
    run = core_run(emulator, args, **CLIENT)
    assert method_counts(emulator.requests()) == {"GET": 1, method: 1}
    assert not run.ok and run.msg.startswith("Telnyx API %s failed with HTTP %d: Bad Request"
                                             % (PATHS[op].format(id=connection_id), status)), run
    assert MAYBE_APPLIED not in run.msg
    assert took_effect(op, emulator, connection_id) is False


@pytest.mark.parametrize("op", list(WRITES))
def test_a_4xx_after_a_retry_is_read_back(emulator, op):
    """After a 503 the first attempt may have been applied, so a 422 on the retry does not settle it: one read does."""
    method, args = WRITES[op]
    connection_id = prepare(emulator, op)
    emulator.add_fault(kind="status", status=503, method=method)
    emulator.add_fault(kind="status", status=422, method=method)
    run = core_run(emulator, args, **CLIENT)
    log = emulator.requests()
    assert method_counts(log) == {"GET": 2, method: 2}
    assert is_read_back(log[-1], connection_id)
    assert not run.ok and run.msg.startswith("Telnyx API %s failed with HTTP 422" % PATHS[op].format(id=connection_id))
    assert MAYBE_APPLIED not in run.msg
    assert took_effect(op, emulator, connection_id) is False


# Retries: one budget, bounded in count and in total time

@pytest.mark.parametrize("retries, max_delay", [(0, 0.5), (1, 0.5), (2, 0.3)])
def test_every_attempt_timing_out_takes_at_most_attempts_times_timeout_plus_waits(emulator, retries, max_delay):
    emulator.seed([{"connection_name": "office"}])
    emulator.add_fault(kind="delay", seconds=DELAY, method="GET", times=EVERY_ATTEMPT)
    waits = Waits()
    started = time.monotonic()
    run = core_run(emulator, {"connection_name": "office"}, max_retries=retries, request_timeout=TIMEOUT,
                   retry_max_delay=max_delay, sleep=waits)
    elapsed = time.monotonic() - started
    time.sleep(DELAY - TIMEOUT + 0.3)
    assert not run.ok
    assert len(emulator.requests()) == retries + 1
    assert waits == [max_delay] * retries
    assert (retries + 1) * TIMEOUT <= elapsed <= (retries + 1) * TIMEOUT + retries * max_delay + 1.0


@pytest.mark.parametrize("fault, max_delay, expected", [
    (dict(kind="status", status=503), 10, [0.5, 1.0, 2.0]),
    (dict(kind="drop"), 0.7, [0.5, 0.7, 0.7]),
], ids=["503, cap 10 s", "dropped, cap 0.7 s"])
def test_waits_between_retries_are_half_a_second_then_1_then_2_capped(emulator, fault, max_delay, expected):
    """0.5 s before the first retry, then 1 s, 2 s, 4 s ... each capped at retry_max_delay, whatever failed."""
    emulator.seed([{"connection_name": "office"}])
    emulator.add_fault(method="GET", times=EVERY_ATTEMPT, **fault)
    waits = Waits()
    started = time.monotonic()
    run = core_run(emulator, {"connection_name": "office"}, max_retries=3, retry_max_delay=max_delay, sleep=waits)
    elapsed = time.monotonic() - started
    assert not run.ok and len(emulator.requests()) == 4
    assert waits == expected
    assert sum(expected) - 0.05 <= elapsed <= sum(expected) + 1.0


@pytest.mark.parametrize("headers", [dict(reset=3600), dict(reset=3600, retry_after=3600)])
def test_a_rate_limit_wait_is_capped_at_retry_max_delay(emulator, headers):
    """x-ratelimit-reset and Retry-After are honoured, but never longer than retry_max_delay."""
    emulator.seed([{"connection_name": "office"}])
    emulator.add_fault(kind="rate_limit", method="GET", times=EVERY_ATTEMPT, **headers)
    waits = Waits()
    started = time.monotonic()
    run = core_run(emulator, {"connection_name": "office"}, max_retries=2, retry_max_delay=0.3, sleep=waits)
    elapsed = time.monotonic() - started
    assert not run.ok and "Rate limited by Telnyx (HTTP 429)" in run.msg
    assert len(emulator.requests()) == 3
    assert waits == [0.3, 0.3]
    assert 2 * 0.3 - 0.05 <= elapsed <= 2 * 0.3 + 1.0


def test_a_rate_limit_reset_shorter_than_the_cap_is_waited_exactly(emulator):
    emulator.seed([{"connection_name": "office"}])
    emulator.add_fault(kind="rate_limit", method="GET", times=1, reset=1)
    waits = Waits()
    started = time.monotonic()
    run = core_run(emulator, {"connection_name": "office"}, retry_max_delay=5, sleep=waits)
    assert run.ok and run.changed is False
    assert waits == [1.0]
    assert 0.95 <= time.monotonic() - started <= 2.0


@pytest.mark.parametrize("retry_after, expected", [
    ("0.4", 0.4), ("3600", 0.6), ("an hour from now, as an HTTP date", 0.6), ("soon", 0.5),
], ids=["seconds", "seconds past the cap", "HTTP date past the cap", "unreadable"])
def test_a_retry_after_on_a_5xx_is_honoured_and_capped(emulator, retry_after, expected):
    """Retry-After (seconds or an HTTP date) also paces a 5xx; an unreadable one falls back to the backoff."""
    if retry_after.startswith("an hour"):
        retry_after = email.utils.formatdate(time.time() + 3600, usegmt=True)
    emulator.seed([{"connection_name": "office"}])
    emulator.add_fault(kind="status", status=503, method="GET", headers={"Retry-After": retry_after})
    waits = Waits()
    run = core_run(emulator, {"connection_name": "office"}, retry_max_delay=0.6, sleep=waits)
    assert run.ok and run.changed is False
    assert waits == [expected]


def test_one_request_is_attempted_at_most_max_retries_plus_one_times(emulator):
    """A 5xx, a broken body, a dropped connection and a 429 all draw on the same budget of max_retries retries."""
    emulator.seed([{"connection_name": "office"}])
    for fault in (dict(kind="status", status=500), dict(kind="truncated"), dict(kind="drop"),
                  dict(kind="rate_limit"), dict(kind="status", status=503)):
        emulator.add_fault(method="GET", **fault)
    waits = Waits()
    run = core_run(emulator, {"connection_name": "office"}, sleep=waits, **CLIENT)
    assert not run.ok
    assert [entry["status"] for entry in emulator.requests()] == [500, 0, 0, 429]
    assert run.msg.startswith(rate_limited("list"))
    assert waits == [MAX_DELAY] * RETRIES
    assert [fault["status"] for fault in emulator.faults()] == [503], "the budget is max_retries + 1 attempts"


def test_a_request_that_always_times_out_says_so(emulator):
    name = "a-rather-long-connection-name-" * 3
    emulator.seed([{"connection_name": name}])
    emulator.add_fault(kind="delay", seconds=DELAY, method="GET", times=EVERY_ATTEMPT)
    run = core_run(emulator, {"connection_name": name}, **CLIENT)
    time.sleep(DELAY - TIMEOUT + 0.3)
    assert not run.ok
    assert run.msg == failed("list", RETRIES + 1) + TIMED_OUT


@pytest.mark.parametrize("retries, attempts", [(0, ""), (1, " (after 2 attempts)")])
def test_a_failure_counts_its_attempts_only_when_there_were_several(emulator, retries, attempts):
    emulator.seed([{"connection_name": "office"}])
    emulator.add_fault(kind="drop", method="GET", times=EVERY_ATTEMPT)
    run = core_run(emulator, {"connection_name": "office"}, max_retries=retries, retry_max_delay=0.1)
    assert not run.ok and len(emulator.requests()) == retries + 1
    assert run.msg.startswith("GET /credential_connections failed%s: %s" % (attempts, DROPPED)), run.msg


def test_a_refused_connection_is_retried_and_says_where_it_went(emulator):
    """Nothing was sent, so it is retried (for any method), and the message names the base_url."""
    base_url = "http://127.0.0.1:%d/v2" % free_port()
    waits = Waits()
    run = core_run(emulator, {"connection_name": "office"}, base_url=base_url, sleep=waits, **CLIENT)
    assert not run.ok
    assert run.msg.startswith("%s%s%s: NewConnectionError" % (failed("list", RETRIES + 1), REFUSED, base_url)), run.msg
    assert waits == [MAX_DELAY] * RETRIES
    assert emulator.requests() == []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fragment_option(name):
    return " ".join(yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"][name]["description"])


def test_the_documented_retry_bound_is_the_clients():
    """The doc fragment states the real bound and waits (the client's constants and the waits asserted above)."""
    bound = time_bound(1)
    # Every send may wait retry_max_delay first (its turn at the shared rate gate, a retry's own wait, or both).
    assert bound == (DEFAULT_MAX_RETRIES + 1) * (DEFAULT_REQUEST_TIMEOUT + DEFAULT_RETRY_MAX_DELAY)
    retry_max_delay = fragment_option("retry_max_delay")
    assert "The waits are 0.5, 1, 2, 4 ... seconds up to this value" in retry_max_delay
    assert "(N + O(max_retries)) times (O(request_timeout) plus O(retry_max_delay))" in retry_max_delay
    assert "for one request with the defaults, %d x (%d + %d) = %d seconds" % (
        DEFAULT_MAX_RETRIES + 1, DEFAULT_REQUEST_TIMEOUT, DEFAULT_RETRY_MAX_DELAY, bound) in retry_max_delay
    assert "at most O(max_retries) + 1 times" in fragment_option("max_retries")
    assert "A create is never sent twice" in fragment_option("max_retries")


# What a user sees: real ansible-playbook runs

def task(args, **connection):
    return [{"name": "office", "telnyx.voice.credential_connection": dict(args, **connection)}]


CREATE = OPERATIONS["create"][2]


@pytest.mark.parametrize("setup, fault, args, texts", [
    (False, dict(kind="status", status=503, method="POST", times=EVERY_ATTEMPT), CREATE, [http("create", 503)]),
    (True, dict(kind="drop", method="PATCH", times=EVERY_ATTEMPT), OPERATIONS["update"][2],
     ["failed (after 3 attempts): " + DROPPED]),
    (True, dict(kind="non_json", method="GET"), OPERATIONS["list"][2], [NOT_JSON]),
    (True, dict(kind="rate_limit", method="DELETE", times=EVERY_ATTEMPT), OPERATIONS["delete"][2],
     ["Rate limited by Telnyx (HTTP 429)"]),
], ids=["create 503", "update dropped", "list non-JSON", "delete 429"])
@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_the_user_sees_a_clean_failure(playbook, emulator, mode, setup, fault, args, texts):
    if setup:
        prepare(emulator, "update")
    emulator.add_fault(**fault)
    run = playbook(task(args, max_retries=2), env=execution_env(mode))
    assert run.rc != 0
    assert [record["status"] for record in run.records] == ["failed"]
    assert all(text in run.last["msg"] for text in texts), run.last["msg"]
    assert "FAILED! =>" in run.output and '"msg": ' in run.output
    assert "Traceback" not in run.output and "MODULE FAILURE" not in run.output
    assert len([c for c in connections(emulator) if c["connection_name"] == "office"]) == int(setup)


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_the_user_sees_an_adopted_create_as_changed_with_a_warning(playbook, emulator, mode):
    emulator.add_fault(kind="commit_then_500", method="POST")
    run = playbook(task(CREATE), env=execution_env(mode))
    assert run.rc == 0, run.output
    assert run.last["changed"] is True
    assert "it was found and adopted" in run.output
    assert len(connections(emulator)) == 1


@pytest.mark.parametrize("op", list(WRITES))
@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_the_user_sees_a_write_confirmed_by_reading_it_back_as_changed_with_a_warning(playbook, emulator, mode, op):
    method, args = WRITES[op]
    prepare(emulator, op)
    emulator.add_fault(kind="commit_then_500", method=method, times=EVERY_ATTEMPT)
    run = playbook(task(args, max_retries=1), env=execution_env(mode))
    assert run.rc == 0, run.output
    assert run.last["changed"] is True
    assert [w for w in run.last.get("warnings", []) if w.startswith("Telnyx did not confirm the %s" % op)
            and w.endswith(CONFIRMED[op])], run.output
    assert "[WARNING]: Telnyx did not confirm the %s" % op in run.output
    assert method_counts(emulator.requests()) == {"GET": 2, method: 2}
    assert took_effect(op, emulator, None) is True


# The doc's table is this matrix

def matrix_counts():
    outcomes = [outcome for dummy, dummy, once, always in MATRIX for outcome in (once, always)]
    oks = [outcome for outcome in outcomes if isinstance(outcome, Ok)]
    fails = [outcome for outcome in outcomes if isinstance(outcome, Failed)]
    adopted_ = [ok for ok in oks if ok.warning and ok.warning[-1] == ADOPTED]
    read_back = [ok for ok in oks if ok.read_back]
    plain = [ok for ok in oks if not ok.warning]
    return ("Of the %d cases (%d rows, fault once and fault on every attempt), %d end ok (%d changed with no warning, "
            "%d unchanged, %d changed after a read-back with a warning, %d creates found by name and adopted with a "
            "warning) and %d fail cleanly (%d of them after a read-back that showed the write not applied, %d "
            "creates that say they may still be made, %d of which Telnyx then makes). No other case ends in a "
            "failure whose write took effect, and none leaves a second connection."
            % (len(outcomes), len(MATRIX), len(oks), len([ok for ok in plain if ok.changed]),
               len([ok for ok in oks if not ok.changed]), len(read_back), len(adopted_), len(fails),
               len([f for f in fails if f.read_back]), len([f for f in fails if NOT_SENT_AGAIN in f.texts]),
               len([f for f in fails if f.lands])))


def matrix_markdown():
    lines = [matrix_counts(), "",
             "| Operation | Fault | Fault on the first attempt only | Fault on every attempt |",
             "|---|---|---|---|"]
    for op, fault, once, always in MATRIX:
        lines.append("| %s | %s | %s | %s |" % (op, fault, once.describe(), always.describe()))
    return "\n".join(lines)


def test_the_doc_shows_this_matrix():
    text = DOC.read_text(encoding="utf-8")
    shown = text.split(DOC_START, 1)[1].split(DOC_END, 1)[0].strip()
    assert shown == matrix_markdown(), ("docs/reliability.md is stale: run "
                                        "PYTHONPATH=.collections python -m tests.reliability.test_faults --write")


def write_doc():
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(DOC_START, 1)
    tail = rest.split(DOC_END, 1)[1]
    DOC.write_text("%s%s\n%s\n%s%s" % (head, DOC_START, matrix_markdown(), DOC_END, tail), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_doc()
    else:
        print(matrix_markdown())
