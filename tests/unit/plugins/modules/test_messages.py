# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a refused task says, through the modules' real main() (issue 22 point 7): choices with commas quoted,
every unknown option with its "Unsupported parameters" lead-in and a hint, an item named by any alias of its
identity, a bounded message and result, the environment variable a bad connection value came from, and the command
that installs a missing requests."""

from __future__ import annotations

import json
import sys

import pytest

from ansible.module_utils import basic

from ansible_collections.telnyx.voice.plugins.module_utils import _api, _module, _plural
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.modules import credential_connection, credential_connections
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, FakeSession, existing, list_params, page
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import patch_module_args

API_KEY = "key-messages-unit-1"


def run(monkeypatch, capsys, module, args, calls=(), env=None):
    session = FakeSession(list(calls))
    monkeypatch.setattr(_api.TelnyxClient, "_new_session", staticmethod(lambda: session))
    monkeypatch.setattr(basic.AnsibleModule, "log", lambda self, msg, log_args=None: None)
    for name in _api.ENV_VARS.values():
        monkeypatch.delenv(name, raising=False)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    session.assert_done()
    return json.loads(capsys.readouterr().out)


def single(monkeypatch, capsys, env=None, **args):
    args.setdefault("api_key", API_KEY)
    return run(monkeypatch, capsys, credential_connection, args, env=env)


def plural(monkeypatch, capsys, config, calls=(), **args):
    return run(monkeypatch, capsys, credential_connections, dict(args, api_key=API_KEY, config=config, workers=1),
               calls)


def test_choices_holding_commas_are_quoted_where_they_are_listed(monkeypatch, capsys):
    result = single(monkeypatch, capsys, connection_name="office", anchorsite_override="Ashburn VA")
    assert "must be one of: 'Latency', 'Chicago, IL', 'Ashburn, VA', 'San Jose, CA'," in result["msg"]
    assert "got: Ashburn VA" in result["msg"]


def test_an_unknown_key_in_an_item_keeps_the_lead_in_beside_another_error_and_says_where_api_key_goes(
        monkeypatch, capsys):
    # Core shows only its first error: the bad choice, without a word of the unknown keys.
    result = plural(monkeypatch, capsys, [{"name": "office", "base_url": "http://x", "anchorsite_override": "x"}])
    msg = result["msg"]
    assert msg.startswith("Unsupported parameters for (") and "config.base_url" in msg
    assert "base_url is an option of the task (or of module_defaults), not of an item" in msg
    assert "value of anchorsite_override must be one of" in msg


@pytest.mark.parametrize("module, args, expected", [
    (credential_connection, dict(conection_name="office"), "conection_name: did you mean connection_name?"),
    (credential_connections, dict(config=[{"conection_name": "office"}]),
     "config.conection_name: did you mean connection_name?"),
])
def test_a_misspelled_identity_option_is_named_with_the_option_meant(monkeypatch, capsys, module, args, expected):
    result = run(monkeypatch, capsys, module, dict(args, api_key=API_KEY))
    assert expected in result["msg"] and "Unsupported parameters" in result["msg"]


def test_an_item_given_by_an_alias_of_its_identity_is_labelled_by_its_value():
    assert _plural.item_label(CREDENTIAL_CONNECTION, 3, {"name": "office"}) == "config[3] (connection_name 'office')"


def test_many_bad_items_give_a_bounded_message_with_the_count_of_the_rest(monkeypatch, capsys):
    config = [{"connection_name": "c-%d" % number, "anchorsite_override": "bad-%d" % number} for number in range(60)]
    result = plural(monkeypatch, capsys, config)
    assert result["msg"].count("must be one of") == _plural.MAX_PROBLEMS
    assert result["msg"].endswith("(and %d more problems)" % (60 - _plural.MAX_PROBLEMS))


def test_one_failed_item_among_many_does_not_print_every_converged_object(monkeypatch, capsys):
    objects = [existing(id=str(1000 + number), connection_name="c-%d" % number, user_name="user%04d" % number)
               for number in range(30)]
    calls = [Call("GET", "/credential_connections", params=list_params(), body=page(objects))]
    calls += [Call("PATCH", "/credential_connections/%d" % (1000 + number),
                   body={"data": dict(objects[number], active=False)}) for number in range(29)]
    calls.append(Call("PATCH", "/credential_connections/1029", status=422,
                      body={"errors": [{"title": "Bad Request", "detail": "no"}]}))
    config = [{"connection_name": "c-%d" % number, "active": False} for number in range(30)]
    result = plural(monkeypatch, capsys, config, calls)
    assert result["failed"] is True and result["counts"]["updated"] == 29
    # The failed item in full; the 29 that converged named only (Ansible prints a failed result whole).
    entries = result["credential_connections"]
    assert "credential_connection" in entries[29] and entries[29]["failed"] is True
    assert all(set(entry) == {"index", "changed", "action", "id", "connection_name"} for entry in entries[:29])
    # What Ansible prints of it (the invocation only at -vvv): a few short lines per item, no object (they were
    # some 2 KB each with the items' warnings, 1.2 MB for 500 items).
    shown = {key: value for key, value in result.items() if key != "invocation"}
    assert len(json.dumps(shown)) < 30 * 300 and len(result["msg"]) < 400


@pytest.mark.parametrize("variable, value, expected", [
    ("TELNYX_BASE_URL", "ftp://example.com", "base_url (from the environment variable TELNYX_BASE_URL): must be"),
    ("TELNYX_MAX_RETRIES", "abc", "argument 'max_retries' (from the environment variable TELNYX_MAX_RETRIES)"),
    ("TELNYX_MAX_RETRIES", "99", "max_retries (from the environment variable TELNYX_MAX_RETRIES): must be"),
    ("TELNYX_REQUEST_TIMEOUT", "0", "request_timeout (from the environment variable TELNYX_REQUEST_TIMEOUT)"),
    ("TELNYX_RETRY_MAX_DELAY", "9999", "retry_max_delay (from the environment variable TELNYX_RETRY_MAX_DELAY)"),
    ("TELNYX_API_KEY", "two words", "api_key (from the environment variable TELNYX_API_KEY): must be printable"),
])
def test_a_bad_value_from_the_environment_names_the_variable(monkeypatch, capsys, variable, value, expected):
    args = dict(connection_name="office")
    if variable != "TELNYX_API_KEY":
        args["api_key"] = API_KEY
    result = run(monkeypatch, capsys, credential_connection, args, env={variable: value})
    assert result["failed"] is True and expected in result["msg"], result["msg"]


def test_the_same_value_given_in_the_task_names_no_variable(monkeypatch, capsys):
    result = single(monkeypatch, capsys, connection_name="office", base_url="ftp://example.com")
    assert "base_url: must be" in result["msg"] and "environment" not in result["msg"]


def test_a_missing_requests_gives_the_command_that_installs_it(monkeypatch, capsys):
    monkeypatch.setattr(_module, "HAS_REQUESTS", False)
    result = single(monkeypatch, capsys, connection_name="office")
    assert "Failed to import the required Python library (requests)" in result["msg"]
    assert result["msg"].endswith("Install it with: %s -m pip install requests" % sys.executable)
