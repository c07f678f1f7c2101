# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A scripted stand-in for requests.Session: each expected call, in order, with its answer.

A test lists the exact requests it expects; any other request, or one left unsent, fails it.
That is how check-mode tests prove that no write goes out.
"""

from __future__ import annotations

import copy
import json


class Call:
    def __init__(self, method, path, status=200, body=None, params=None, json_body=None, headers=None,
                 raise_exc=None, text=None):
        self.method = method
        self.path = path
        self.status = status
        self.body = body
        self.params = params
        self.json_body = json_body
        self.headers = headers or {"Content-Type": "application/json"}
        self.raise_exc = raise_exc
        self.text = text


class FakeResponse:
    def __init__(self, call):
        self.status_code = call.status
        self.headers = call.headers
        self.reason = "scripted"
        self.raw = None
        if call.text is not None:
            self.text = call.text
        else:
            self.text = json.dumps(call.body) if call.body is not None else ""

    def json(self):
        return json.loads(self.text)


class FakeSession:
    def __init__(self, calls, base_url="https://api.telnyx.com/v2"):
        self.expected = list(calls)
        self.sent = []
        self.base_url = base_url
        self.headers = {}
        self.verify = True

    def request(self, method, url, params=None, json=None, timeout=None, allow_redirects=True):
        assert url.startswith(self.base_url), url
        path = url[len(self.base_url):]
        self.sent.append(dict(method=method, path=path, params=copy.deepcopy(params), json=copy.deepcopy(json)))
        assert self.expected, "unexpected request %s %s %r" % (method, path, json)
        call = self.expected.pop(0)
        assert (method, path) == (call.method, call.path), \
            "expected %s %s, got %s %s" % (call.method, call.path, method, path)
        if call.params is not None:
            assert params == call.params, "params of %s %s: %r != %r" % (method, path, params, call.params)
        if call.json_body is not None:
            assert json == call.json_body, "body of %s %s:\n  sent     %r\n  expected %r" % (
                method, path, json, call.json_body)
        assert allow_redirects is False
        if call.raise_exc is not None:
            raise call.raise_exc
        return FakeResponse(call)

    def assert_done(self):
        assert not self.expected, "requests never sent: %s" % [(c.method, c.path) for c in self.expected]

    @property
    def writes(self):
        return [s for s in self.sent if s["method"] != "GET"]


def page(items, number=1, total_pages=1, size=250):
    return {"data": items, "meta": {"page_number": number, "page_size": size, "total_pages": total_pages,
                                    "total_results": len(items)}}


def existing(**overrides):
    """A connection as the live API returns it: defaults filled, extra undocumented keys, password echoed."""
    connection = {
        "id": "1293384261075731499",
        "record_type": "credential_connection",
        "connection_name": "office",
        "active": True,
        "user_name": "office01",
        "password": "s3cret-pass-1",
        "anchorsite_override": "Latency",
        "sip_uri_calling_preference": None,
        "default_on_hold_comfort_noise_enabled": True,
        "dtmf_type": "RFC 2833",
        "encode_contact_header_enabled": False,
        "encrypted_media": None,
        "onnet_t38_passthrough_enabled": False,
        "ios_push_credential_id": None,
        "android_push_credential_id": None,
        "webhook_event_url": "https://hooks.example.com/a",
        "webhook_event_failover_url": "",
        "webhook_api_version": "1",
        "webhook_timeout_secs": None,
        "call_cost_in_webhooks": False,
        "tags": ["b", "a"],
        "noise_suppression": "disabled",
        "noise_suppression_details": {"engine": "denoiser", "attenuation_limit": 0},
        "jitter_buffer": {"enable_jitter_buffer": False, "jitterbuffer_msec_min": 60, "jitterbuffer_msec_max": 200},
        "rtcp_settings": {"port": "rtp+1", "capture_enabled": False, "report_frequency_secs": 5},
        "inbound": {"ani_number_format": "E.164-national", "dnis_number_format": "e164",
                    "codecs": ["G722", "G711U", "G711A", "G729", "OPUS", "H.264"], "channel_limit": None,
                    "default_routing_method": "sequential", "generate_ringback_tone": False,
                    "isup_headers_enabled": False, "prack_enabled": False, "shaken_stir_enabled": False,
                    "simultaneous_ringing": "disabled", "sip_compact_headers_enabled": True,
                    "timeout_1xx_secs": 3, "timeout_2xx_secs": 90, "instant_ringback_enabled": False},
        "outbound": {"ani_override": "", "ani_override_type": "always", "call_parking_enabled": False,
                     "channel_limit": None, "generate_ringback_tone": False, "instant_ringback_enabled": True,
                     "localization": "US", "outbound_voice_profile_id": "1293384261075731400",
                     "t38_reinvite_source": "telnyx"},
        "registration_status": "Not Registered",
        "registration_status_updated_at": None,
        "third_party_control_enabled": False,
        "created_at": "2026-11-22T09:00:00.000Z",
        "updated_at": "2026-11-22T09:00:00.000Z",
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(connection.get(key), dict):
            connection[key] = dict(connection[key], **value)
        else:
            connection[key] = value
    return connection


LIST = "/credential_connections"
ONE = "/credential_connections/1293384261075731499"


def list_params(name=None, number=1):
    params = {"page[size]": 250, "page[number]": number}
    if name is not None:
        params["filter[connection_name][contains]"] = name
    return params
