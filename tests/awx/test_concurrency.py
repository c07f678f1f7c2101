# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Concurrency as AWX runs it: a job with forks 10, and one with forks 50, converges 100 connections, one per
inventory host, each task delegated to localhost, against an emulator that rate-limits like Telnyx (429 with
x-ratelimit-* headers), with the default max_retries.

Every connection converges, none is created twice, the run time stays within the bound docs/awx.md documents, and
(forks 10 only, to keep `make awx` short: the rerun's reads are the same with 50 forks) a rerun reports every host ok
and writes nothing. The 429s the emulator drew are printed (``-s`` or ``-rP`` shows
them) for docs/awx.md's table: they are a measurement, not an assertion.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.awx.awx_job import AWX_DOC, injected_env

HOSTS = 100
RATE_LIMIT = 20  # requests per 1 s window
PASSWORD = "PWconc7d1e0b3a9f55"
TASK = "Keep the site's SIP trunk"
# No module_defaults: the job must converge with the default max_retries (3), as an AWX job template left as it is.
PLAYBOOK = [{
    "name": "One SIP trunk per site",
    "hosts": "sites",
    "gather_facts": False,
    "tasks": [{
        "name": TASK,
        "telnyx.voice.credential_connection": {
            "connection_name": "trunk-{{ inventory_hostname }}",
            "user_name": "trunk{{ inventory_hostname | replace('-', '') }}",
            "password": "{{ site_trunk_password }}",
            "update_password": "on_create",
            "tags": ["site", "{{ inventory_hostname }}"],
            "inbound": {"channel_limit": "{{ site_channels | int }}"},
        },
        "delegate_to": "localhost",
    }],
}]
INVENTORY = ('localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n'
             "[sites]\n" + "".join("site-%03d site_channels=%d\n" % (index, 1 + index % 20) for index in range(HOSTS)))


def documented_bound(forks):
    """The seconds docs/awx.md promises for the first run and for the rerun of this job (None: no rerun)."""
    text = AWX_DOC.read_text(encoding="utf-8")
    assert "max_retries: 10" not in text, "docs/awx.md still advises raising max_retries for such a job"
    match = re.search(r"\| %d connections, forks %d, %d requests/s \| (\d+) s \| (?:(\d+) s|not run) \|"
                      % (HOSTS, forks, RATE_LIMIT), text)
    assert match, "docs/awx.md has no row for this job in its table of run-time bounds"
    return int(match.group(1)), match.group(2) and int(match.group(2))


def timed_job(awx_job, emulator, forks):
    job = awx_job({"site.yml": PLAYBOOK})
    started = time.monotonic()
    runner = job.run("site.yml", injected_env(emulator.api_key, emulator.base_url), forks=forks,
                     inventory=INVENTORY, extravars={"site_trunk_password": PASSWORD})
    elapsed = time.monotonic() - started
    failures = ["%s: %s" % (event["event_data"]["host"], event["event_data"]["res"].get("msg"))
                for event in job.events if event["event"] == "runner_on_failed"]
    refused = sum(1 for entry in emulator.requests() if entry["status"] == 429)
    print("\nforks %d: %.1f s, %d requests, %d refused with 429, %d failed hosts"
          % (forks, elapsed, len(emulator.requests()), refused, len(failures)))
    assert runner.status == "successful" and not failures, failures or job.stdout[-6000:]
    return job, elapsed


@pytest.mark.parametrize("forks", [10, 50])
def test_a_job_converges_100_connections_under_a_rate_limit_with_the_default_max_retries(awx_job, emulator, forks):
    first_bound, rerun_bound = documented_bound(forks)
    emulator.set_settings(rate_limit=RATE_LIMIT, rate_window_secs=1)

    job, elapsed = timed_job(awx_job, emulator, forks)
    results = job.results(TASK)
    assert len(results) == HOSTS and all(result["changed"] for result in results)
    connections = emulator.state()["connections"]
    names = sorted(connection["connection_name"] for connection in connections)
    assert names == ["trunk-site-%03d" % index for index in range(HOSTS)]  # every one, none twice
    for connection in connections:
        index = int(connection["connection_name"][-3:])
        assert connection["inbound"]["channel_limit"] == 1 + index % 20
        assert sorted(connection["tags"]) == sorted(["site", "site-%03d" % index])
    log = emulator.requests()
    accepted_posts = [entry for entry in log if entry["method"] == "POST" and entry["status"] == 201]
    assert len(accepted_posts) == HOSTS
    assert elapsed < first_bound, "the first run took %.1f s; docs/awx.md promises < %d s" % (elapsed, first_bound)
    if rerun_bound is None:
        return

    emulator.clear_requests()
    job, elapsed = timed_job(awx_job, emulator, forks)
    results = job.results(TASK)
    assert len(results) == HOSTS and not any(result["changed"] for result in results)
    assert [entry for entry in emulator.requests() if entry["method"] != "GET"] == []
    assert emulator.state()["connections"] == connections
    assert elapsed < rerun_bound, "the rerun took %.1f s; docs/awx.md promises < %d s" % (elapsed, rerun_bound)
