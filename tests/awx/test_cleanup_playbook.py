# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""tests/integration/cleanup.yml as a scheduled AWX job: it removes leftovers by prefix, and only those.

Leftovers are credential connections and outbound voice profiles.

The account is the emulator, holding leftovers of two interrupted runs and objects whose names merely contain the
prefix (Telnyx's name filter is a case-insensitive substring match). The key comes from the credential type of
docs/awx.md, as in AWX.
"""

from __future__ import annotations

from tests.awx.awx_job import REPO, injected_env

PROJECT = {"integration": REPO / "tests" / "integration"}
LEFTOVERS = ["ansible-test-k3v9x2aa-cc", "ansible-test-k3v9x2aa-info-a", "ansible-test-zz91qq00-cc"]
KEEP = ["office-main", "my-ansible-test-k3v9x2aa-cc", "ANSIBLE-TEST-K3V9X2AA-cc"]


def seed(emulator):
    emulator.seed(connections=[{"connection_name": name, "user_name": "user%02d" % index}
                               for index, name in enumerate(LEFTOVERS + KEEP)],
                  outbound_voice_profiles=[{"name": "ansible-test-k3v9x2aa-ovp"}, {"name": "office-outbound"}])
    return emulator.state()


def names(emulator):
    return sorted(connection["connection_name"] for connection in emulator.state()["connections"])


def writes(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.requests() if entry["method"] != "GET"]


def cleanup_job(awx_job, emulator, status="successful", **options):
    """Run cleanup.yml as a job with the docs' credential injected; assert its status; return the job."""
    job = awx_job(PROJECT)
    runner = job.run("integration/cleanup.yml", injected_env(emulator.api_key, emulator.base_url), **options)
    assert runner.status == status, job.stdout
    return job


def test_check_mode_lists_and_deletes_nothing_then_a_run_deletes_only_prefixed(awx_job, emulator):
    before = seed(emulator)
    job = cleanup_job(awx_job, emulator, check=True)
    assert "Would delete 3 credential connection(s) named ansible-test-*" in job.stdout
    assert "Would delete 1 outbound voice profile(s)" in job.stdout
    assert writes(emulator) == []
    assert emulator.state() == before

    cleanup_job(awx_job, emulator)
    assert names(emulator) == sorted(KEEP)
    assert [profile["name"] for profile in emulator.state()["outbound_voice_profiles"]] == ["office-outbound"]
    assert [method for method, _path in writes(emulator)] == ["DELETE"] * 4


def test_a_run_prefix_limits_it_to_that_run(awx_job, emulator):
    seed(emulator)
    cleanup_job(awx_job, emulator, extravars={"telnyx_cleanup_prefix": "ansible-test-k3v9x2aa-"})
    assert names(emulator) == sorted(KEEP + ["ansible-test-zz91qq00-cc"])


def test_a_prefix_outside_the_test_family_is_refused_before_any_request(awx_job, emulator):
    seed(emulator)
    job = cleanup_job(awx_job, emulator, status="failed", extravars={"telnyx_cleanup_prefix": "office-"})
    assert "telnyx_cleanup_prefix must be ansible-test-" in job.stdout
    assert emulator.requests() == []
