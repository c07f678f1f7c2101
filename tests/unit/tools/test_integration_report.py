# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/integration_report.py: what a run's report says, and that no secret of the run reaches it."""

from __future__ import annotations

import datetime
import importlib.util
import os

import pytest

TOOL = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "integration_report.py")
SPEC = importlib.util.spec_from_file_location("integration_report", TOOL)
report = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(report)

API_KEY = "KEY0123456789abcdefLIVE"
PASSWORD = "Sup3rS3cretPassw0rd"
PIN = "839201"
WHEN = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.timezone.utc)

# A run as ansible-test prints it, with the secrets a careless log could hold: the key in a header and a URL, a
# password and a PIN in a module's answer.
FAKE_RUN = """\
Running credential_connection integration test role
TASK [credential_connection : Create the connection] ****
changed: [testhost]
TASK [credential_connection : The connection reads back] ****
fatal: [testhost]: FAILED! => {"changed": false, "msg": "password differs", "password": "********", \
"user_name": "ansibletest1", "sip_uri_calling_preference": null, "headers": {"Authorization": "Bearer %(key)s"}, \
"sent": {"password": "%(password)s"}, "api_key": "%(key)s"}
PLAY RECAP *********
testhost                   : ok=7    changed=2    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0
ERROR: Command "ansible-playbook credential_connection-xyz.yml -i inventory" returned exit status 2.
Running phone_number integration test role
TASK [phone_number : Read the number] ****
fatal: [testhost]: FAILED! => {"msg": "external_pin came back null", "external_pin": "%(pin)s", "url": "https://api.telnyx.com/v2?key=%(key)s"}
PLAY RECAP *********
testhost                   : ok=5    changed=0    unreachable=0    failed=1    skipped=1    rescued=0    ignored=0
Running outbound_voice_profile integration test role
TASK [setup_telnyx : Bad input fails before any request] ****
fatal: [testhost]: FAILED! => {"msg": "Invalid options: name must not be empty"}
...ignoring
TASK [outbound_voice_profile : A refused write is rescued] ****
fatal: [testhost]: FAILED! => {"msg": "HTTP 422 refused, as the target wants"}
PLAY RECAP *********
testhost                   : ok=12   changed=3    unreachable=0    failed=0    skipped=0    rescued=1    ignored=1
""" % {"key": API_KEY, "password": PASSWORD, "pin": PIN}


@pytest.fixture
def written(tmp_path):
    config = tmp_path / "integration_config.yml"
    config.write_text("telnyx_api_key: %s   # from the portal\n" % API_KEY)
    keys = report.api_keys(str(config), {})
    path = report.write_report(FAKE_RUN, 2, "live", "ab12cd34", str(tmp_path / "live-runs"), keys, when=WHEN, seconds=81)
    with open(path, encoding="utf-8") as handle:
        return path, handle.read()


def test_no_secret_of_the_run_reaches_the_report(written):
    _path, text = written
    for secret in (API_KEY, PASSWORD, PIN):
        assert secret not in text
    assert "<redacted>" in text


def test_the_report_is_dated_and_says_what_ran_and_passed(written):
    path, text = written
    assert os.path.basename(path) == "2026-12-03-live-ab12cd34.md"
    assert "- targets: 3 ran, 1 passed, 2 failed" in text
    assert "| credential_connection | FAILED | 7 | 2 | 1 | 0 |" in text
    assert "| outbound_voice_profile | passed | 12 | 3 | 0 | 0 |" in text
    assert "- duration: 81 s" in text


def test_the_differing_answers_are_listed_with_the_quirks_they_suggest(written):
    _path, text = written
    assert "`credential_connection`, task `credential_connection : The connection reads back`" in text
    assert "- `mask_password` (seen in credential_connection)" in text
    assert "- `sip_uri_disabled_as_null` (seen in credential_connection)" in text
    assert "- `withhold_external_pin` (seen in phone_number)" in text


def test_expected_failures_of_the_targets_are_no_differences(written):
    """Ignored (ignore_errors) and rescued failures are the targets' own tests of refusals, not Telnyx's answers."""
    _path, text = written
    assert "Bad input fails before any request" not in text and "A refused write is rescued" not in text


def test_a_clean_run_reports_no_differences(tmp_path):
    clean = "Running credential_connection_info integration test role\nPLAY RECAP ***\n" \
            "testhost : ok=3 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0\n"
    path = report.write_report(clean, 0, "emulator", "run1", str(tmp_path), when=WHEN)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert "None: every target's expectations" in text and "1 ran, 1 passed, 0 failed" in text


def test_the_key_comes_from_the_config_and_the_environment(tmp_path):
    config = tmp_path / "c.yml"
    config.write_text("telnyx_api_key: 'fromconfig123'\n")
    assert report.api_keys(str(config), {"TELNYX_API_KEY": "fromenv456"}) == {"fromconfig123", "fromenv456"}
    assert report.api_keys(str(tmp_path / "missing.yml"), {}) == set()
