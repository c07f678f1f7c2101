# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The example playbooks run as AWX runs a job, and what AWX would store and show holds no secret.

The playbooks: the job template of docs/awx.md (the password from an extra var), and docs/examples/demo.yml and
trunk.yml (a random password). Each job runs through ansible-runner with a private data directory, the API key injected as docs/awx.md's
credential type injects it, the SIP password passed as a job template's extra var, "Show Changes" (--diff) on,
at every verbosity from 0 to 4, on success and on failure. The secrets may be in exactly these files:
- the API key: ``env/envvars`` and the ``command`` artifact, where ansible-runner records the environment it was
  given (docs/awx.md says so, and what AWX does about it);
- the password: ``env/extravars``, the job's input that AWX writes (a survey password field is stored encrypted
  and shown as $encrypted$).
Nothing else: not a job event, not stdout.
"""

from __future__ import annotations

import pytest

from tests.awx.awx_job import REPO, doc_yaml_block, injected_env

EXAMPLES = REPO / "docs" / "examples"
# The example playbooks that read the key from the environment, with what the account must hold for them.
ENV_EXAMPLES = {
    "demo.yml": {},
    "trunk.yml": {"phone_numbers": [{"phone_number": "+1312555010%d" % index} for index in range(3)]},
}
PASSWORD = "PWawx5e8d1c7b2f9a04"
KEY_HOLDERS = {"env/envvars", "artifacts/<id>/command"}
PASSWORD_HOLDERS = {"env/extravars"}
VERBOSITIES = [0, 1, 2, 3, 4]


def doc_job_playbook():
    """The job-template playbook of docs/awx.md step 3 (the password comes from an extra var)."""
    return doc_yaml_block("A playbook for it needs no key at all")


def test_injector_renders_the_default_base_url_for_an_empty_field():
    assert injected_env("k", "") == {"TELNYX_API_KEY": "k", "TELNYX_BASE_URL": "https://api.telnyx.com/v2"}
    assert injected_env("k", "http://127.0.0.1:1/v2")["TELNYX_BASE_URL"] == "http://127.0.0.1:1/v2"


@pytest.mark.parametrize("verbosity", VERBOSITIES)
def test_job_template_playbook_success_holds_no_secret(awx_job, emulator, verbosity):
    job = awx_job({"site.yml": doc_job_playbook()})
    runner = job.run("site.yml", injected_env(emulator.api_key, emulator.base_url),
                     extravars={"office_trunk_password": PASSWORD}, verbosity=verbosity, diff=True)
    assert runner.status == "successful", job.stdout
    (result,) = job.results("Keep the office trunk")
    assert result["changed"] is True
    assert result["credential_connection"]["password"] == "********"
    (record,) = emulator.state()["connections"]
    assert record["password"] == PASSWORD  # the password did reach Telnyx
    assert job.holders(emulator.api_key) == KEY_HOLDERS
    assert job.holders(PASSWORD) == PASSWORD_HOLDERS


@pytest.mark.parametrize("verbosity", VERBOSITIES)
def test_job_template_playbook_failure_holds_no_secret(awx_job, emulator, verbosity):
    # Telnyx refuses the create with an error whose detail echoes the password back.
    emulator.add_fault(kind="status", method="POST", status=422, body={"errors": [{
        "code": "10015", "title": "Bad Request", "detail": "password %s is not allowed" % PASSWORD,
        "source": {"pointer": "/password"}}]})
    job = awx_job({"site.yml": doc_job_playbook()})
    runner = job.run("site.yml", injected_env(emulator.api_key, emulator.base_url),
                     extravars={"office_trunk_password": PASSWORD}, verbosity=verbosity, diff=True)
    assert runner.status == "failed", job.stdout
    (result,) = job.results("Keep the office trunk", "runner_on_failed")
    assert "422" in result["msg"] and "/password" in result["msg"]
    assert emulator.state()["connections"] == []
    assert job.holders(emulator.api_key) == KEY_HOLDERS
    assert job.holders(PASSWORD) == PASSWORD_HOLDERS


@pytest.mark.parametrize("example", sorted(ENV_EXAMPLES))
@pytest.mark.parametrize("verbosity", VERBOSITIES)
def test_example_playbook_success_holds_no_secret(awx_job, emulator, verbosity, example):
    if ENV_EXAMPLES[example]:
        emulator.seed(**ENV_EXAMPLES[example])
    job = awx_job({example: EXAMPLES / example})
    runner = job.run(example, injected_env(emulator.api_key, emulator.base_url), verbosity=verbosity, diff=True)
    assert runner.status == "successful", job.stdout
    (record,) = emulator.state()["connections"]
    password = record["password"]  # the examples make a random one: read it where it landed
    assert len(password) == 24
    for number in emulator.state()["phone_numbers"]:  # trunk.yml points its numbers at the connection
        assert number["connection_id"] == record["id"]
    assert job.holders(emulator.api_key) == KEY_HOLDERS
    assert job.holders(password) == set()


@pytest.mark.parametrize("verbosity", VERBOSITIES)
def test_demo_playbook_failure_with_a_wrong_key_holds_no_secret(awx_job, emulator, verbosity):
    wrong_key = "KEYwrong0d4be61a93c7"
    job = awx_job({"demo.yml": EXAMPLES / "demo.yml"})
    runner = job.run("demo.yml", injected_env(wrong_key, emulator.base_url), verbosity=verbosity, diff=True)
    assert runner.status == "failed", job.stdout
    (result,) = job.results("Ensure the credential connection is present", "runner_on_failed")
    assert "401" in result["msg"]
    assert emulator.state()["connections"] == []
    assert [entry["authorized"] for entry in emulator.requests()] == [False]
    assert job.holders(wrong_key) == KEY_HOLDERS


def plural_playbook():
    """A plural task as a job template runs it: the items' passwords from an extra var, the key injected."""
    config = [{"connection_name": "awx-plural-%d" % index, "user_name": "awxplural%d" % index,
               "password": "{{ plural_password }}%d" % index} for index in range(3)]
    return [{"name": "Plural", "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"name": "Keep many trunks", "telnyx.voice.credential_connections": {"config": config}}]}]


@pytest.mark.parametrize("verbosity", [0, 4])
@pytest.mark.parametrize("fail", [False, True], ids=["success", "failure"])
def test_a_plural_job_holds_no_item_secret_in_its_events(awx_job, emulator, verbosity, fail):
    # Issue 18: the job events AWX stores hold no item password, on success and when Telnyx echoes one in an error.
    if fail:
        emulator.add_fault(kind="status", method="POST", status=422, body={"errors": [{
            "code": "10015", "title": "Bad Request", "detail": "password %s1 is not allowed" % PASSWORD,
            "source": {"pointer": "/password"}}]})
    job = awx_job({"plural.yml": plural_playbook()})
    runner = job.run("plural.yml", injected_env(emulator.api_key, emulator.base_url),
                     extravars={"plural_password": PASSWORD}, verbosity=verbosity, diff=True)
    assert runner.status == ("failed" if fail else "successful"), job.stdout
    assert len(emulator.state()["connections"]) == (2 if fail else 3)
    assert job.holders(emulator.api_key) == KEY_HOLDERS
    for index in range(3):
        assert job.holders("%s%d" % (PASSWORD, index)) <= PASSWORD_HOLDERS
