# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Telnyx client: retries through urllib3 against a real loopback server, errors, pagination."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils import _api
from ansible_collections.telnyx.voice.plugins.module_utils._api import (
    TelnyxApiError,
    TelnyxClient,
    describe_errors,
)
from ansible_collections.telnyx.voice.plugins.module_utils._ratelimit import MARGIN, SharedRateGate
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, page


class ScriptedServer:
    """A loopback HTTP server answering from a list of (status, headers, body), recording what it got."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                outer.received.append((self.command, self.path, self.headers.get("Authorization"),
                                       self.headers.get("User-Agent"), time.monotonic(),
                                       self.rfile.read(length) if length else b""))
                status, headers, body = outer.answers.pop(0)
                data = json.dumps(body).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return "http://127.0.0.1:%d/v2" % self.server.server_address[1]


RATE_LIMITED = (429, {"x-ratelimit-limit": "10", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.2"},
                {"errors": [{"code": "10011", "title": "Too many requests"}]})
SERVER_ERROR = (500, {}, {"errors": [{"title": "Internal error"}]})


def client_for(server, **kwargs):
    kwargs.setdefault("retry_max_delay", 0.5)
    return TelnyxClient("secret-key", base_url=server.url, request_timeout=5, **kwargs)


def test_a_rate_limited_get_waits_for_x_ratelimit_reset_then_succeeds():
    with ScriptedServer([RATE_LIMITED, (200, {}, {"data": {"id": "1"}})]) as server:
        assert client_for(server).get("/things/1") == {"id": "1"}
    first, second = server.received
    assert second[4] - first[4] >= 0.19, "the wait honours x-ratelimit-reset"
    assert first[2] == "Bearer secret-key"
    assert first[3].startswith("telnyx.voice/%s " % _api.COLLECTION_VERSION)


def test_a_rate_limited_post_is_retried():
    with ScriptedServer([RATE_LIMITED, (201, {}, {"data": {"id": "1"}})]) as server:
        assert client_for(server).create("/things", {"a": 1}) == {"id": "1"}
    assert [r[0] for r in server.received] == ["POST", "POST"]


def test_a_post_answered_500_is_not_retried():
    with ScriptedServer([SERVER_ERROR]) as server:
        with pytest.raises(TelnyxApiError) as caught:
            client_for(server).create("/things", {"a": 1})
    assert caught.value.status == 500
    assert len(server.received) == 1


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_idempotent_methods_are_retried_after_5xx(method):
    with ScriptedServer([SERVER_ERROR, (503, {}, {}), (200, {}, {"data": {}})]) as server:
        assert client_for(server).request(method, "/things/1", body={} if method == "PATCH" else None) == {"data": {}}
    assert len(server.received) == 3


def test_retries_are_bounded_by_max_retries():
    with ScriptedServer([SERVER_ERROR] * 3) as server:
        with pytest.raises(TelnyxApiError) as caught:
            client_for(server, max_retries=2).get("/things/1")
    assert caught.value.status == 500
    assert len(server.received) == 3


def test_a_long_retry_after_is_capped_by_retry_max_delay():
    slow = (429, {"Retry-After": "3600"}, {"errors": [{"code": "10011"}]})
    with ScriptedServer([slow, (200, {}, {"data": {}})]) as server:
        started = time.monotonic()
        client_for(server, retry_max_delay=0.3).get("/things/1")
    assert time.monotonic() - started < 5


def test_a_404_after_a_retried_delete_is_marked_retried():
    with ScriptedServer([SERVER_ERROR, (404, {}, {"errors": [{"code": "10005"}]})]) as server:
        with pytest.raises(TelnyxApiError) as caught:
            client_for(server).delete("/things/1")
    assert caught.value.not_found and caught.value.retried


def test_a_plain_404_is_not_marked_retried():
    with ScriptedServer([(404, {}, {"errors": [{"code": "10005"}]})]) as server:
        with pytest.raises(TelnyxApiError) as caught:
            client_for(server).delete("/things/1")
    assert caught.value.not_found and not caught.value.retried


def test_a_refused_connection_fails_cleanly_and_says_nothing_was_sent():
    with ScriptedServer([]) as server:
        url = server.url
    client = TelnyxClient("k", base_url=url, request_timeout=2, max_retries=1, retry_max_delay=0.1)
    with pytest.raises(_api.TelnyxTransportError) as caught:
        client.create("/things", {})
    assert "could not reach Telnyx" in caught.value.message
    assert caught.value.maybe_applied is False


def test_list_follows_meta_until_the_last_page_and_always_sends_the_page_size():
    session = FakeSession([
        Call("GET", "/things", body=page([{"id": 1}], 1, 3), params={"page[size]": 250, "page[number]": 1}),
        Call("GET", "/things", body=page([{"id": 2}], 2, 3), params={"page[size]": 250, "page[number]": 2}),
        Call("GET", "/things", body=page([{"id": 3}], 3, 3), params={"page[size]": 250, "page[number]": 3}),
    ])
    assert [item["id"] for item in TelnyxClient("k", session=session).list("/things")] == [1, 2, 3]
    session.assert_done()


def test_list_without_meta_stops_at_a_short_page():
    session = FakeSession([Call("GET", "/things", body={"data": [{"id": 1}]})])
    assert len(list(TelnyxClient("k", session=session).list("/things"))) == 1
    session.assert_done()


def test_describe_errors_names_title_detail_pointer_and_code():
    assert describe_errors([
        {"code": "10015", "title": "Bad Request", "detail": "bad", "source": {"pointer": "/a"}},
        {"title": "Other"},
    ]) == "Bad Request: bad (at /a) [code 10015]; Other"


def test_collection_version_matches_galaxy_yml():
    root = os.path.dirname(os.path.abspath(_api.__file__)).rsplit(os.sep + "plugins", 1)[0]
    with open(os.path.join(root, "galaxy.yml")) as handle:
        version = re.search(r"^version:\s*(\S+)", handle.read(), re.MULTILINE).group(1)
    assert _api.COLLECTION_VERSION == version


# The shared rate gate and the client's stats

class Time:
    """A fake clock and sleep: every wait moves the clock on, and is recorded."""

    def __init__(self):
        self.now = 1790000000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def gated_client(session, gate_folder, fake_time, **kwargs):
    gate = SharedRateGate("k", "https://api.telnyx.com/v2", folder=str(gate_folder), clock=fake_time.clock)
    return TelnyxClient("k", session=session, sleep=fake_time.sleep, rate_gate=gate, **kwargs)


LIMITED = {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"}


def test_every_client_of_a_key_and_base_url_shares_one_rate_gate_by_default():
    first, second = TelnyxClient("k"), TelnyxClient("k", base_url="https://api.telnyx.com/v2/")
    assert first.rate_gate.shared and first.rate_gate.path == second.rate_gate.path
    assert TelnyxClient("other").rate_gate.path != first.rate_gate.path


def test_stats_count_sends_retries_and_429s(tmp_path):
    session = FakeSession([
        Call("GET", "/things/1", status=429, headers=LIMITED, body={"errors": [{"code": "10011"}]}),
        Call("GET", "/things/1", status=503, body={"errors": []}),
        Call("GET", "/things/1", body={"data": {"id": "1"}}),
        Call("GET", "/things/2", body={"data": {"id": "2"}}),
    ])
    fake_time = Time()
    client = gated_client(session, tmp_path, fake_time)
    assert client.stats == {"requests": 0, "retries": 0, "rate_limited": 0, "paced_seconds": 0.0}
    client.get("/things/1")
    client.get("/things/2")
    session.assert_done()
    # The 429's own wait (x-ratelimit-reset) is a retry's wait, not pacing; the 503's backoff too.
    assert fake_time.sleeps == [2.0, 1.0]
    assert client.stats == {"requests": 4, "retries": 2, "rate_limited": 1, "paced_seconds": 0.0}


def test_a_429_drawn_by_one_client_paces_the_first_send_of_another(tmp_path):
    """Two clients with one key are two forks: the second waits for the reset before it sends, not after a 429."""
    fake_time = Time()
    refused = FakeSession([Call("POST", "/things", status=429, headers=LIMITED, body={"errors": []})])
    first = gated_client(refused, tmp_path, fake_time, max_retries=0)
    with pytest.raises(TelnyxApiError):
        first.create("/things", {"a": 1})
    refused.assert_done()
    fake_time.now += 0.5
    session = FakeSession([Call("GET", "/things/1", body={"data": {"id": "1"}})])
    second = gated_client(session, tmp_path, fake_time)
    assert second.get("/things/1") == {"id": "1"}
    session.assert_done()
    assert fake_time.sleeps == [1.5]
    assert second.stats == {"requests": 1, "retries": 0, "rate_limited": 0, "paced_seconds": 1.5}


def test_a_retry_waits_the_longer_of_its_backoff_and_the_gate(tmp_path):
    fake_time = Time()
    session = FakeSession([
        # A 500 telling that the window is spent: the gate (2 s) outlasts the backoff (0.5 s).
        Call("GET", "/things/1", status=500, headers=LIMITED, body={"errors": []}),
        # A plain 500: the backoff (1 s), the gate being open again.
        Call("GET", "/things/1", status=500, body={"errors": []}),
        Call("GET", "/things/1", body={"data": {}}),
    ])
    client = gated_client(session, tmp_path, fake_time)
    client.get("/things/1")
    session.assert_done()
    assert fake_time.sleeps == [2.0, 1.0]
    assert client.stats == {"requests": 3, "retries": 2, "rate_limited": 0, "paced_seconds": 1.5}


def test_sends_are_paced_once_the_headers_tell_the_limit(tmp_path):
    fresh = {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "19", "x-ratelimit-reset": "1"}
    session = FakeSession([Call("GET", "/things/%d" % n, headers=fresh, body={"data": {}}) for n in range(4)])
    fake_time = Time()
    client = gated_client(session, tmp_path, fake_time)
    for number in range(4):
        client.get("/things/%d" % number)
    session.assert_done()
    # The first send teaches the limit, the second takes the first slot, the others wait one interval each.
    interval = 1 / 20 * MARGIN
    assert fake_time.sleeps == pytest.approx([interval, interval], abs=1e-6)
    assert client.stats["paced_seconds"] == pytest.approx(2 * interval, abs=1e-6)


def test_the_time_bound_counts_a_wait_of_retry_max_delay_before_every_send(tmp_path):
    """Every attempt failing, with the gate closed throughout: (N + max_retries) sends, each waiting
    retry_max_delay first, never more; time_bound() adds request_timeout for each."""
    closed = {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "3600"}
    session = FakeSession([Call("GET", "/things/1", status=503, headers=closed, body={"errors": []})] * 4)
    fake_time = Time()
    client = gated_client(session, tmp_path, fake_time, max_retries=3, retry_max_delay=10, request_timeout=30)
    client.rate_gate.learn(429, closed)
    with pytest.raises(TelnyxApiError):
        client.get("/things/1")
    session.assert_done()
    assert fake_time.sleeps == [10] * 4
    assert _api.time_bound(1, max_retries=3, request_timeout=30, retry_max_delay=10) == 4 * 30 + 4 * 10 == 160
