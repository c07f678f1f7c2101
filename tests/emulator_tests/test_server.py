"""Tests of the emulator's shared parts: process and CLI, HTTP, auth and routing, faults, request log, control API.

One emulator process serves the module and is reset before every test; the CLI, signal and
shutdown tests start their own processes.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from tests.emulator.control import EMULATOR_SCRIPT, QUIRKS_ENV, Emulator, EmulatorError, quirk_args
from tests.emulator_tests.helpers import API_KEY, VALID, create, list_page, raw_request


# ---- process, CLI and shutdown


def read_listening_line(process):
    line = process.stdout.readline()
    match = re.fullmatch(r"Telnyx emulator listening on http://127\.0\.0\.1:(\d+)/v2 \(api key: (\S+)\)\n", line)
    assert match, line
    return int(match.group(1)), match.group(2)


def test_cli_prints_one_line_writes_port_file_and_exits_on_sigterm(tmp_path):
    port_file = tmp_path / "port"
    env = dict(os.environ, TELNYX_EMULATOR_API_KEY="key-from-env")
    with subprocess.Popen([sys.executable, EMULATOR_SCRIPT, "--port", "0", "--port-file", str(port_file)],
                          stdout=subprocess.PIPE, text=True, env=env) as process:
        port, key = read_listening_line(process)
        assert key == "key-from-env"
        assert int(port_file.read_text()) == port
        status, _headers, _body = Emulator(port, key).api("GET", "/credential_connections")
        assert status == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
        assert process.stdout.read() == ""


def test_cli_default_api_key_and_sigint(tmp_path):
    env = {name: value for name, value in os.environ.items() if name != "TELNYX_EMULATOR_API_KEY"}
    with subprocess.Popen([sys.executable, EMULATOR_SCRIPT], stdout=subprocess.PIPE, text=True, env=env) as process:
        port, key = read_listening_line(process)
        assert key == "demo-api-key"
        assert Emulator(port, key).api("GET", "/credential_connections")[0] == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0


def test_shutdown_endpoint_stops_the_process():
    emulator = Emulator.start()
    emulator.shutdown()
    assert emulator.process.wait(10) == 0


def test_context_manager_stops_with_sigterm():
    with Emulator.start(api_key="other-key") as emulator:
        assert emulator.base_url == "http://127.0.0.1:%d/v2" % emulator.port
        assert emulator.api_key == "other-key"
        assert emulator.api("GET", "/credential_connections")[0] == 200
    assert emulator.process.returncode == 0


def test_keep_alive_http11_and_content_length(emu):
    connection = raw_request(emu, "GET", "/v2/credential_connections")
    for _attempt in range(3):
        response = connection.getresponse()
        body = response.read()
        assert response.version == 11
        assert int(response.getheader("Content-Length")) == len(body)
        assert not response.will_close
        connection.request("GET", "/v2/credential_connections", headers={"Authorization": "Bearer " + API_KEY})
    connection.getresponse().read()
    connection.close()


# ---- auth, routing and headers


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-key"}, {"Authorization": "Basic " + API_KEY}])
def test_unauthenticated_requests_get_401(emu, headers):
    connection = raw_request(emu, "GET", "/v2/credential_connections", headers=headers, auth=False)
    response = connection.getresponse()
    body = json.loads(response.read())
    assert response.status == 401
    assert body["errors"][0]["code"] == "10009"
    assert body["errors"][0]["title"] == "Authentication failed"
    assert body["errors"][0]["detail"]
    assert "source" not in body["errors"][0]
    assert emu.requests()[-1]["authorized"] is False
    assert emu.requests()[-1]["status"] == 401


def test_bearer_scheme_is_case_insensitive(emu):
    status, _headers, _body = emu.api("GET", "/credential_connections", headers={"Authorization": "bearer " + API_KEY})
    assert status == 200


def test_unknown_paths_get_telnyx_404(emu):
    for path in ("/v2/credential_connection", "/v2/credential_connections/1/actions/unknown", "/v2"):
        status, _headers, body = emu.api("GET", path[len("/v2"):])
        assert status == 404, path
        assert body["errors"][0]["code"] == "10005"
    connection = raw_request(emu, "GET", "/elsewhere")
    response = connection.getresponse()
    assert response.status == 404
    assert json.loads(response.read())["errors"][0]["title"] == "Resource not found"


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", "/credential_connections", "GET, POST"),
    ("DELETE", "/credential_connections", "GET, POST"),
    ("POST", "/credential_connections/123", "DELETE, GET, PATCH"),
    ("GET", "/credential_connections/123/actions/check_registration_status", "POST"),
])
def test_wrong_method_gets_405(emu, method, path, allowed):
    status, headers, body = emu.api(method, path, {} if method in ("PUT", "POST") else None)
    assert status == 405
    assert headers["allow"] == allowed
    assert body["errors"][0]["code"]


def test_rate_limit_headers_on_normal_responses(emu):
    for status_expected, call in ((200, ("GET", "/credential_connections", None)),
                                  (422, ("POST", "/credential_connections", {})),
                                  (404, ("GET", "/credential_connections/1", None))):
        status, headers, _body = emu.api(*call)
        assert status == status_expected
        assert int(headers["x-ratelimit-limit"]) > 0
        assert int(headers["x-ratelimit-remaining"]) >= 0
        assert int(headers["x-ratelimit-reset"]) >= 1


# ---- faults


def test_fault_status_default_bodies_headers_and_times(emu):
    emu.add_fault(kind="status", status=503, times=2)
    for _attempt in range(2):
        status, _headers, body = emu.api("GET", "/credential_connections")
        assert status == 503
        assert body["errors"][0]["code"] == "10007"
    assert emu.api("GET", "/credential_connections")[0] == 200
    emu.add_fault(kind="status", status=429)
    status, _headers, body = emu.api("GET", "/credential_connections")
    assert status == 429
    assert body["errors"][0] == {"code": "10011", "title": "Too many requests",
                                 "detail": "You have exceeded the maximum number of allowed requests.",
                                 "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10011"}}
    emu.add_fault(kind="status", status=409, headers={"x-should-retry": "true"}, body={"custom": True})
    status, headers, body = emu.api("GET", "/credential_connections")
    assert (status, headers["x-should-retry"], body) == (409, "true", {"custom": True})
    emu.add_fault(kind="status", status=418)
    status, _headers, body = emu.api("GET", "/credential_connections")
    assert (status, body["errors"][0]["title"]) == (418, "I'm a Teapot")
    assert [entry["status"] for entry in emu.requests()] == [503, 503, 200, 429, 409, 418]


def test_fault_matching_by_method_and_path_fifo(emu):
    created = create(emu)
    emu.add_fault(kind="status", status=500, method="PATCH")
    emu.add_fault(kind="status", status=502, path=r"/credential_connections/\d+$")
    emu.add_fault(kind="status", status=504, method="patch", path="credential_connections/")
    assert emu.api("GET", "/credential_connections")[0] == 200
    assert emu.api("GET", "/credential_connections/" + created["id"])[0] == 502
    assert emu.api("PATCH", "/credential_connections/" + created["id"], {})[0] == 500
    assert [fault["status"] for fault in emu.faults()] == [504]
    assert emu.api("PATCH", "/credential_connections/" + created["id"], {})[0] == 504
    assert emu.faults() == []


def test_fault_list_and_clear_and_validation(emu):
    fault = emu.add_fault(kind="delay", seconds=0.5, method="GET", path="x", times=3)
    assert fault == {"id": fault["id"], "kind": "delay", "seconds": 0.5, "method": "GET", "path": "x", "times": 3}
    assert emu.faults() == [fault]
    emu.clear_faults()
    assert emu.faults() == []
    for bad in ({"kind": "explode"}, {"kind": "status"}, {"kind": "drop", "path": "("}, {"kind": "drop", "times": 0},
                {"kind": "drop", "method": "PUT"}, {"kind": "delay", "seconds": -1}):
        with pytest.raises(EmulatorError):
            emu.add_fault(**bad)


def test_fault_rate_limit(emu):
    emu.add_fault(kind="rate_limit")
    status, headers, body = emu.api("GET", "/credential_connections")
    assert status == 429
    assert body["errors"][0]["code"] == "10011"
    assert headers["x-ratelimit-remaining"] == "0"
    assert headers["x-ratelimit-reset"] == "1"
    assert int(headers["x-ratelimit-limit"]) > 0
    assert "retry-after" not in headers
    emu.add_fault(kind="rate_limit", reset=7, retry_after=2, limit=100)
    status, headers, _body = emu.api("GET", "/credential_connections")
    assert (status, headers["x-ratelimit-reset"], headers["retry-after"], headers["x-ratelimit-limit"]) == (429, "7", "2", "100")
    assert emu.api("GET", "/credential_connections")[0] == 200


def test_fault_delay(emu):
    emu.add_fault(kind="delay", seconds=0.4)
    started = time.monotonic()
    status, _headers, _body = emu.api("GET", "/credential_connections")
    assert status == 200
    assert time.monotonic() - started >= 0.4


def test_fault_drop(emu):
    emu.add_fault(kind="drop", method="POST")
    connection = raw_request(emu, "POST", "/v2/credential_connections", VALID)
    with pytest.raises(http.client.RemoteDisconnected):
        connection.getresponse()
    assert emu.requests()[-1]["status"] == 0
    assert emu.state()["connections"] == []


def test_fault_non_json(emu):
    emu.add_fault(kind="non_json")
    connection = raw_request(emu, "GET", "/v2/credential_connections")
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/html")
    assert body.startswith(b"<html>")
    with pytest.raises(ValueError):
        json.loads(body)


def test_fault_truncated(emu):
    emu.seed(count=3)
    emu.add_fault(kind="truncated", method="GET")
    connection = raw_request(emu, "GET", "/v2/credential_connections")
    response = connection.getresponse()
    assert response.status == 200
    declared = int(response.getheader("Content-Length"))
    with pytest.raises(http.client.IncompleteRead) as caught:
        response.read()
    assert 0 < len(caught.value.partial) < declared
    assert emu.requests()[-1]["status"] == 0


def test_fault_commit_then_500(emu):
    emu.add_fault(kind="commit_then_500", method="POST")
    status, _headers, body = emu.api("POST", "/credential_connections", VALID)
    assert status == 500
    assert body["errors"][0]["code"] == "10007"
    assert [record["user_name"] for record in emu.state()["connections"]] == ["alice1234"]
    assert emu.requests()[-1]["status"] == 500


def test_fault_delete_before(emu):
    created = create(emu)
    emu.add_fault(kind="delete_before", method="PATCH")
    status, _headers, body = emu.api("PATCH", "/credential_connections/" + created["id"], {"active": False})
    assert status == 404
    assert body["errors"][0]["code"] == "10005"
    assert emu.state()["connections"] == []


def test_fault_shift_after_moves_the_list_between_two_pages(emu):
    ids = emu.seed([{"connection_name": "shift-%d" % number} for number in range(4)])
    emu.add_fault(kind="shift_after", method="GET", path="/credential_connections$", delete=[ids[3]],
                  query={"page[number]": "1"})
    emu.add_fault(kind="shift_after", method="GET", path="/credential_connections$",
                  create=[{"connection_name": "shift-late"}])
    first = list_page(emu, **{"page[size]": 2, "page[number]": 1})
    second = list_page(emu, **{"page[size]": 2, "page[number]": 2})
    third = list_page(emu, **{"page[size]": 2, "page[number]": 2})
    # Newest first. Page 1 was answered whole; then its first record went, so page 2 starts one later: shift-1
    # was never seen. After page 2 a record was created, so the same page then repeats shift-1.
    assert [record["connection_name"] for record in first["data"]] == ["shift-3", "shift-2"]
    assert [record["connection_name"] for record in second["data"]] == ["shift-0"]
    assert [record["connection_name"] for record in third["data"]] == ["shift-1", "shift-0"]
    assert [page["meta"]["total_results"] for page in (first, second, third)] == [4, 3, 4]
    assert sorted(record["connection_name"] for record in emu.state()["connections"]) == [
        "shift-0", "shift-1", "shift-2", "shift-late"]
    assert emu.faults() == []


def test_fault_shift_after_is_checked(emu):
    for payload in ({"delete": "1"}, {"delete": [1]}, {"create": [1]}, {"create": {}}, {"query": {"a": 1}}):
        with pytest.raises(Exception, match="400"):
            emu.add_fault(kind="shift_after", **payload)


def test_faulted_requests_are_logged(emu):
    emu.add_fault(kind="status", status=500)
    emu.api("GET", "/credential_connections", query={"page[size]": 5})
    assert emu.requests() == [{"method": "GET", "path": "/v2/credential_connections", "query": {"page[size]": "5"},
                               "body": None, "status": 500, "authorized": True}]


# ---- request log


def test_request_log(emu):
    emu.api("POST", "/credential_connections", VALID)
    emu.api("GET", "/credential_connections", query={"filter[connection_name][contains]": "office", "page[number]": 1})
    emu.api("GET", "/credential_connections", api_key="wrong")
    emu.seed(count=2)
    emu.state()
    log = emu.requests()
    assert log == [
        {"method": "POST", "path": "/v2/credential_connections", "query": {}, "body": VALID, "status": 201, "authorized": True},
        {"method": "GET", "path": "/v2/credential_connections",
         "query": {"filter[connection_name][contains]": "office", "page[number]": "1"}, "body": None, "status": 200, "authorized": True},
        {"method": "GET", "path": "/v2/credential_connections", "query": {}, "body": None, "status": 401, "authorized": False},
    ]
    assert API_KEY not in json.dumps(log) and "wrong" not in json.dumps(log)
    emu.clear_requests()
    assert emu.requests() == []


def test_state_and_reset(emu):
    create(emu)
    emu.add_fault(kind="drop")
    emu.set_quirks(mask_password=True)
    state = emu.state()
    assert len(state["connections"]) == 1
    assert state["connections"][0]["password"] == VALID["password"]
    emu.reset()
    assert emu.state()["connections"] == []
    assert emu.faults() == [] and emu.requests() == []
    assert emu.quirks()["mask_password"] is False


def test_control_api_errors(emu):
    status, _headers, body = emu._call("GET", emu.root_url + "/_emulator/nothing")  # pylint: disable=protected-access
    assert status == 404 and "error" in body
    status, headers, _body = emu._call("PUT", emu.root_url + "/_emulator/state", {})  # pylint: disable=protected-access
    assert status == 405 and headers["allow"] == "GET"
    status, _headers, _body = emu._call("POST", emu.root_url + "/_emulator/quirks", ["x"])  # pylint: disable=protected-access
    assert status == 400


# ---- settings: latency and rate limiting


def test_help_lists_every_control_route():
    from tests.emulator.emu.server import EmulatorServer  # pylint: disable=import-outside-toplevel
    server = EmulatorServer(("127.0.0.1", 0), API_KEY)
    routes = sorted(server.control.routes)
    server.server_close()
    output = subprocess.run([sys.executable, EMULATOR_SCRIPT, "--help"], capture_output=True, text=True, check=True).stdout
    for name, method in routes:
        assert re.search(r"^\s+%s\s+%s\s" % (method, name), output, re.MULTILINE), (method, name)
    for flag in ("--latency-ms", "--rate-limit", "--rate-window", "--port", "--api-key", "--port-file",
                 "--job-duration-ms", "--emergency-duration-ms"):
        assert flag in output


def test_settings_defaults_merge_validation_and_reset(emu):
    defaults = {"latency_ms": 0, "rate_limit": None, "rate_window_secs": 1, "job_duration_ms": 200,
                "emergency_duration_ms": 200}
    assert emu.settings() == defaults
    assert emu.set_settings(rate_limit=10) == dict(defaults, rate_limit=10)
    assert emu.set_settings(latency_ms=5, rate_window_secs=0.5, job_duration_ms=0) == \
        dict(defaults, latency_ms=5, rate_limit=10, rate_window_secs=0.5, job_duration_ms=0)
    for bad in ({"latency_ms": -1}, {"latency_ms": 1.5}, {"rate_limit": 0}, {"rate_limit": True},
                {"job_duration_ms": -1}, {"job_duration_ms": 0.5}, {"emergency_duration_ms": -1},
                {"rate_window_secs": 0}, {"rate_window_secs": "1"}, {"burst": 3}):
        with pytest.raises(EmulatorError, match="400"):
            emu.set_settings(**bad)
    assert emu.settings()["rate_limit"] == 10
    emu.reset()
    assert emu.settings() == defaults


def test_cli_settings_are_what_reset_restores():
    with Emulator.start(args=["--latency-ms", "20", "--rate-limit", "7", "--rate-window", "2.5",
                              "--job-duration-ms", "2000", "--emergency-duration-ms", "50"]) as emulator:
        expected = {"latency_ms": 20, "rate_limit": 7, "rate_window_secs": 2.5, "job_duration_ms": 2000,
                    "emergency_duration_ms": 50}
        assert emulator.settings() == expected
        emulator.set_settings(latency_ms=0, rate_limit=None)
        emulator.reset()
        assert emulator.settings() == expected
        status, headers, _body = emulator.api("GET", "/credential_connections")
        assert status == 200 and headers["x-ratelimit-limit"] == "7" and headers["x-ratelimit-remaining"] == "6"


def test_cli_quirks_are_on_from_the_start_and_after_reset():
    with Emulator.start(args=["--quirks", "all"]) as emulator:
        on = {flag for flag, value in emulator.quirks().items() if value is True}
        assert "mask_password" in on and "omit_password" not in on and "connection_id_null_refused" not in on
        emulator.set_quirks(mask_password=False)
        emulator.reset()
        assert {flag for flag, value in emulator.quirks().items() if value is True} == on
        created = create(emulator)
        assert created["password"] == "********"
    with Emulator.start(args=["--quirks", "timeouts_as_strings"]) as emulator:
        assert [flag for flag, value in emulator.quirks().items() if value is True] == ["timeouts_as_strings"]


def test_quirks_come_from_the_environment_only_when_set():
    assert quirk_args({QUIRKS_ENV: "all"}) == ["--quirks", "all"]
    assert quirk_args({QUIRKS_ENV: " "}) == [] and quirk_args({}) == []


@pytest.mark.parametrize("args", [["--latency-ms", "-5"], ["--rate-limit", "0"], ["--rate-window", "0"], ["--latency-ms", "x"],
                                  ["--quirks", "mask_password,nope"]])
def test_cli_refuses_bad_settings(args):
    result = subprocess.run([sys.executable, EMULATOR_SCRIPT, "--port", "0"] + args, capture_output=True, text=True, timeout=10,
                            check=False)
    assert result.returncode == 2 and args[0] in result.stderr and "Traceback" not in result.stderr


def test_latency_delays_every_answer_and_requests_overlap(emu):
    emu.set_settings(latency_ms=200)
    started = time.monotonic()
    assert emu.api("GET", "/credential_connections")[0] == 200
    assert emu.api("GET", "/credential_connections", api_key="wrong")[0] == 401
    assert time.monotonic() - started >= 0.4
    connections = [raw_request(emu, "GET", "/v2/credential_connections") for _index in range(4)]
    started = time.monotonic()
    statuses = [connection.getresponse().status for connection in connections]
    elapsed = time.monotonic() - started
    for connection in connections:
        connection.close()
    assert statuses == [200] * 4
    assert elapsed < 0.6, "four concurrent requests took %.2f s: latency is serialised" % elapsed
    started = time.monotonic()
    emu.state()
    assert time.monotonic() - started < 0.2, "the control API is not delayed"


def test_rate_limit_counts_every_client_and_answers_telnyx_429(emu):
    emu.set_settings(rate_limit=3, rate_window_secs=0.6)
    answers = [emu.api("GET", "/credential_connections", api_key=key) for key in (API_KEY, "wrong", API_KEY, API_KEY)]
    assert [status for status, _headers, _body in answers] == [200, 401, 200, 429]
    assert [headers["x-ratelimit-remaining"] for _status, headers, _body in answers] == ["2", "1", "0", "0"]
    assert all(headers["x-ratelimit-limit"] == "3" and headers["x-ratelimit-reset"] == "1" for _s, headers, _b in answers)
    assert answers[3][2] == {"errors": [{"code": "10011", "title": "Too many requests",
                                         "detail": "You have exceeded the maximum number of allowed requests."}]}
    emu.add_fault(kind="status", status=500)
    status, _headers, _body = emu.api("POST", "/credential_connections", VALID)
    assert status == 429 and emu.state()["connections"] == [], "a refused request is not applied"
    assert len(emu.faults()) == 1, "a refused request consumes no fault"
    time.sleep(0.65)
    status, headers, _body = emu.api("POST", "/credential_connections", VALID)
    assert (status, headers["x-ratelimit-remaining"]) == (500, "2"), "a new window: the pending fault now applies"
    assert emu.faults() == []


def test_rate_limit_window_resets_and_header_counts_down(emu):
    emu.set_settings(rate_limit=100, rate_window_secs=1.5)
    first = emu.api("GET", "/credential_connections")[1]
    time.sleep(0.6)
    second = emu.api("GET", "/credential_connections")[1]
    assert first["x-ratelimit-reset"] == "2" and second["x-ratelimit-reset"] == "1", "whole seconds, rounded up"
    assert (first["x-ratelimit-remaining"], second["x-ratelimit-remaining"]) == ("99", "98")


def test_rate_limit_off_reports_nominal_headers_and_never_refuses(emu):
    statuses = {emu.api("GET", "/credential_connections")[0] for _index in range(20)}
    assert statuses == {200}
    assert emu.api("GET", "/credential_connections")[1]["x-ratelimit-limit"] == "1000"


# ---- slow_commit


def client_gives_up(emu, method, path, body=None, timeout=0.3):
    """Send a request with a short timeout; assert the client times out before the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=timeout)
    headers = {"Authorization": "Bearer " + API_KEY, "Content-Type": "application/json"}
    connection.request(method, "/v2" + path, body=None if body is None else json.dumps(body), headers=headers)
    with pytest.raises(TimeoutError):
        connection.getresponse()
    connection.close()


def wait_for_status(emu, index=-1, seconds=3):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = emu.requests()[index]["status"]
        if status is not None:
            return status
        time.sleep(0.05)
    raise AssertionError("the held request never finished")


def test_slow_commit_applies_the_write_after_the_client_gave_up(emu):
    fault = emu.add_fault(kind="slow_commit", seconds=0.8)
    assert fault["seconds"] == 0.8 and fault["method"] is None
    client_gives_up(emu, "POST", "/credential_connections", VALID)
    assert emu.state()["connections"] == [], "not committed before the hold ends"
    assert emu.requests()[-1]["status"] is None
    assert wait_for_status(emu) == 201
    assert [record["user_name"] for record in emu.state()["connections"]] == [VALID["user_name"]]


def test_slow_commit_covers_patch_and_delete_and_skips_gets(emu):
    connection_id = create(emu)["id"]
    emu.add_fault(kind="slow_commit", seconds=0.6, times=2)
    started = time.monotonic()
    assert emu.api("GET", "/credential_connections/" + connection_id)[0] == 200
    assert time.monotonic() - started < 0.4, "a GET does not trigger slow_commit"
    client_gives_up(emu, "PATCH", "/credential_connections/" + connection_id, {"active": False})
    assert wait_for_status(emu) == 200 and emu.state()["connections"][0]["active"] is False
    client_gives_up(emu, "DELETE", "/credential_connections/" + connection_id)
    assert wait_for_status(emu) == 200 and emu.state()["connections"] == []
    assert emu.faults() == []


def test_slow_commit_default_and_validation(emu):
    assert emu.add_fault(kind="slow_commit")["seconds"] == 2.5
    for bad in ({"method": "GET"}, {"seconds": -1}, {"seconds": "2"}):
        with pytest.raises(EmulatorError, match="400"):
            emu.add_fault(kind="slow_commit", **bad)
