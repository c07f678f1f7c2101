"""What the emulator tests share: the API key, a valid connection and small request helpers."""

import http.client
import json
import re

API_KEY = "test-api-key"
VALID = {"user_name": "alice1234", "password": "s3cretpassw0rd", "connection_name": "office-trunk"}
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def create(emu, **fields):
    """Create a valid connection (overridden by ``fields``) and return its data."""
    status, _headers, body = emu.api("POST", "/credential_connections", dict(VALID, **fields))
    assert status == 201, body
    return body["data"]


def create_error(emu, body, method="POST", path="/credential_connections"):
    """Send a body expected to fail validation; return the list of errors."""
    status, _headers, answer = emu.api(method, path, body)
    assert status == 422, answer
    return answer["errors"]


def list_page(emu, **query):
    status, _headers, body = emu.api("GET", "/credential_connections", query=query)
    assert status == 200, body
    return body


def raw_request(emu, method, path, body=None, headers=None, auth=True):
    """Send one request with http.client and return the connection, for tests that need the raw response."""
    connection = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    all_headers = {"Authorization": "Bearer " + API_KEY} if auth else {}
    all_headers.update(headers or {})
    payload = None if body is None else json.dumps(body)
    if payload is not None:
        all_headers["Content-Type"] = "application/json"
    connection.request(method, path, body=payload, headers=all_headers)
    return connection


def assert_single_error(errors, pointer, fragment=""):
    assert [error["source"]["pointer"] for error in errors] == [pointer], errors
    assert errors[0]["code"] == "10015"
    assert errors[0]["title"] == "Bad Request"
    assert fragment in errors[0]["detail"]
