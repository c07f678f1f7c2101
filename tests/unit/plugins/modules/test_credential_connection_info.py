# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""credential_connection_info as Ansible runs it: arguments in, JSON out, with the HTTP layer scripted."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ansible.module_utils.common import warnings as core_warnings

from ansible_collections.telnyx.voice.plugins.module_utils import _module
from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient, connection_argument_spec
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION_INVENTORY
from ansible_collections.telnyx.voice.plugins.modules import credential_connection_info
from ansible_collections.telnyx.voice.tests.unit.plugins.core_secrets import handed_to_controller
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import (
    LIST, ONE, Call, FakeSession, existing, list_params, page,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import patch_module_args

try:
    from ansible.module_utils import _internal as core_internal
except ImportError:  # ansible-core before 2.19
    core_internal = None


COLLECTION = Path(credential_connection_info.__file__).resolve().parents[2]
API_KEY = "key-xyz-987654321"
REGISTRATION = ONE + "/actions/check_registration_status"


def run_module(monkeypatch, capsys, args, calls, handed=(API_KEY,)):
    """main() as a fresh module process runs it: no warnings yet, and not on the controller. Its result and text as
    the controller takes them: the module hands over (2.22) the api_key, and no password it lists (never shown)."""
    session = FakeSession(calls)
    monkeypatch.setattr(TelnyxClient, "_new_session", lambda self: session)
    for name in ("_global_warnings", "_global_deprecations"):
        getattr(core_warnings, name).clear()
    with monkeypatch.context() as patch:
        if hasattr(core_internal, "is_controller"):
            # Importing an action plugin in this test process made it a controller (2.19+), where warn()
            # goes to the display; a module process never is one.
            patch.setattr(core_internal, "is_controller", False)
        with patch_module_args(dict(args, api_key=API_KEY)):
            with pytest.raises(SystemExit):
                credential_connection_info.main()
    result, text = handed_to_controller(capsys.readouterr().out, handed)
    return result, text, session


def test_lists_every_connection_and_never_shows_a_password(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, {}, [
        Call("GET", LIST, params=list_params(), body=page([existing(), existing(id="2", password="other-pass-2")])),
    ])
    session.assert_done()
    assert result["changed"] is False
    assert [item["id"] for item in result["credential_connections"]] == ["1293384261075731499", "2"]
    for secret in ("s3cret-pass-1", "other-pass-2", API_KEY):
        assert secret not in out
    assert all(item["read_only"]["password_set"] is True for item in result["credential_connections"])


def test_exact_name_through_main(monkeypatch, capsys):
    listed = [existing(id=str(number), connection_name=name)
              for number, name in enumerate(["office", "Office", "office-2", "my office"])]
    result, out, session = run_module(monkeypatch, capsys, {"name": "office"}, [
        Call("GET", LIST, params=list_params("office"), body=page(listed)),
    ])
    assert [item["id"] for item in result["credential_connections"]] == ["0"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_registration_status_through_main_in_both_modes(monkeypatch, capsys, check_mode):
    args = {"id": "1293384261075731499", "registration_status": True, "_ansible_check_mode": check_mode}
    result, out, session = run_module(monkeypatch, capsys, args, [
        Call("GET", ONE, body={"data": existing()}),
        Call("POST", REGISTRATION, body={"data": {"record_type": "registration_status", "status": "Registered"}}),
    ])
    session.assert_done()
    assert result["changed"] is False
    assert result["credential_connections"][0]["read_only"]["registration"]["status"] == "Registered"


def test_check_mode_gives_the_same_result_from_the_same_reads(monkeypatch, capsys):
    calls = [Call("GET", LIST, params=list_params(), body=page([existing()]))]
    normal, out, session = run_module(monkeypatch, capsys, {}, list(calls))
    # A second run in this process: core knows the api_key already (2.22), and only a new secret is handed over.
    checked, out, session = run_module(monkeypatch, capsys, {"_ansible_check_mode": True}, list(calls), handed=())
    session.assert_done()
    assert checked["credential_connections"] == normal["credential_connections"]
    assert checked["changed"] is False and "skipped" not in checked


def test_short_name_contains_fails_before_any_request(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, {"name_contains": "of"}, [])
    assert result["failed"] is True
    assert "name_contains must have at least 3 characters" in result["msg"]
    assert session.sent == []


def test_failure_through_main_is_clean_json_with_errors(monkeypatch, capsys):
    errors = [{"code": "10010", "title": "Not authorized", "detail": "nope"}]
    result, out, session = run_module(monkeypatch, capsys, {}, [
        Call("GET", LIST, status=403, body={"errors": errors}),
    ])
    assert result["failed"] is True
    assert "Permission denied (HTTP 403)" in result["msg"]
    assert result["errors"] == errors and result["status"] == 403


def test_a_refused_value_is_a_warning(monkeypatch, capsys):
    result, out, session = run_module(monkeypatch, capsys, {}, [
        Call("GET", LIST, params=list_params(), body=page([existing(anchorsite_override="Singapore")])),
    ])
    (warning,) = result["warnings"]
    text = warning["event"]["msg"] if isinstance(warning, dict) else warning  # a WarningSummary from 2.19
    assert text.startswith("credential connection 1293384261075731499 (office): anchorsite_override is 'Singapore'")
    assert result["credential_connections"][0]["read_only"]["anchorsite_override"] == "Singapore"


def test_missing_requests_gives_ansibles_missing_library_message(monkeypatch, capsys):
    monkeypatch.setattr(_module, "HAS_REQUESTS", False)
    result, out, session = run_module(monkeypatch, capsys, {}, [])
    assert result["failed"] is True
    assert "Failed to import the required Python library (requests)" in result["msg"]


def test_an_unexpected_bug_is_a_clean_failure_without_secrets(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KeyError("boom %s" % API_KEY)
    monkeypatch.setattr(CREDENTIAL_CONNECTION_INVENTORY, "run", broken)
    result, out, session = run_module(monkeypatch, capsys, {}, [])
    assert result["failed"] is True
    assert result["msg"].startswith("Unexpected error in telnyx.voice")
    assert API_KEY not in out


# The documentation and the metadata agree with the code

def documentation():
    return yaml.safe_load(credential_connection_info.DOCUMENTATION)


def test_documented_options_are_the_argument_spec():
    spec = CREDENTIAL_CONNECTION_INVENTORY.argument_spec()
    options = documentation()["options"]
    assert set(options) == set(spec)
    for name, option in options.items():
        assert option["type"] == spec[name]["type"], name
        assert option.get("default") == spec[name].get("default"), name
        assert option.get("aliases") == spec[name].get("aliases"), name
    assert not set(spec) & set(connection_argument_spec()), "the connection options come from the fragment"


def test_attributes_of_an_info_module():
    doc = documentation()
    assert doc["attributes"]["check_mode"]["support"] == "full"
    assert doc["attributes"]["diff_mode"]["support"] == "N/A"
    assert doc["attributes"]["idempotent"]["support"] == "full"
    assert "telnyx.voice.connection" in doc["extends_documentation_fragment"]
    assert "telnyx.voice.attributes" in doc["extends_documentation_fragment"]


def test_the_module_is_in_the_telnyx_action_group():
    runtime = yaml.safe_load((COLLECTION / "meta" / "runtime.yml").read_text())
    assert "credential_connection_info" in runtime["action_groups"]["telnyx"]


def test_examples_and_return_parse():
    assert yaml.safe_load(credential_connection_info.EXAMPLES)
    returned = yaml.safe_load(credential_connection_info.RETURN)["credential_connections"]
    sample = returned["sample"][0]
    assert "password" not in sample and sample["read_only"]["password_set"] is True
