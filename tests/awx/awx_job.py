# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run a playbook the way AWX and Automation Controller run a job: ansible-runner on a private data directory.

What is taken from docs/awx.md, so that the tests exercise what the guide tells users to configure:
- the custom credential type's injector configuration (``env``), rendered with the credential's inputs in a
  sandboxed Jinja2 environment, as AWX renders injectors;
- the job-template playbook and the execution-environment definition shown there.

The job's private data directory holds what AWX writes: ``project/`` (the playbooks), ``inventory/hosts`` (the
inventory of docs/awx.md step 3), ``env/extravars`` (the job template's extra vars); the injected environment is
passed to ansible-runner as ``envvars``, which ansible-runner records in ``env/envvars`` and in the ``command``
artifact.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import sys
from pathlib import Path

import ansible_runner
import yaml
from jinja2.sandbox import SandboxedEnvironment

REPO = Path(__file__).resolve().parents[2]
AWX_DOC = REPO / "docs" / "awx.md"
COLLECTIONS = REPO / ".collections"
# ansible-runner finds ansible-playbook on PATH: the one of the Python running the tests comes first.
PATH = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
INVENTORY = ('localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n')


def doc_yaml_block(after, doc=AWX_DOC):
    """The first ```yaml block of ``doc`` that follows the text ``after``, parsed."""
    text = doc.read_text(encoding="utf-8")
    start = text.index(after)
    match = re.compile(r"```yaml\n(.*?)\n```", re.S).search(text, start)
    assert match, "no yaml block after %r in %s" % (after, doc)
    return yaml.safe_load(match.group(1))


def injected_env(api_key, base_url=""):
    """The environment AWX injects for a credential of the docs' Telnyx credential type."""
    injectors = doc_yaml_block("**Injector configuration:**")
    fields = {field["id"] for field in doc_yaml_block("**Input configuration:**")["fields"]}
    assert fields == {"api_key", "base_url"}, fields
    jinja = SandboxedEnvironment()
    inputs = {"api_key": api_key, "base_url": base_url}
    return {name: jinja.from_string(template).render(inputs) for name, template in injectors["env"].items()}


class AwxJob:
    """One job: a private data directory, run with ansible-runner; what it stored, ready to be scanned."""

    def __init__(self, root, playbooks):
        self.root = Path(root)
        (self.root / "project").mkdir(parents=True)
        for name, content in playbooks.items():
            path = self.root / "project" / name
            if isinstance(content, Path) and content.is_dir():
                shutil.copytree(content, path)
            elif isinstance(content, Path):
                shutil.copyfile(content, path)
            else:
                path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
        (self.root / "inventory").mkdir()
        (self.root / "inventory" / "hosts").write_text(INVENTORY, encoding="utf-8")
        self.runner = None

    def run(self, playbook, env, extravars=None, verbosity=0, diff=False, check=False, forks=None,
            inventory=None):
        """Run ``playbook`` as a job; returns the ansible_runner Runner.

        Once only: AWX gives every job a fresh private data directory, and ansible-runner keeps state in it
        (env/cmdline, env/envvars).
        """
        assert self.runner is None, "an AwxJob runs once; build another for the next job"
        (self.root / "env").mkdir(exist_ok=True)
        (self.root / "env" / "extravars").write_text(json.dumps(extravars or {}), encoding="utf-8")
        if inventory is not None:
            (self.root / "inventory" / "hosts").write_text(inventory, encoding="utf-8")
        cmdline = " ".join(option for option, wanted in (("--diff", diff), ("--check", check)) if wanted)
        envvars = dict(env, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR="1",
                       ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_LOCALHOST_WARNING="0", PATH=PATH)
        self.runner = ansible_runner.run(private_data_dir=str(self.root), playbook=playbook, envvars=envvars,
                                         verbosity=verbosity or None, cmdline=cmdline or None, forks=forks,
                                         quiet=True)
        return self.runner

    @property
    def artifacts(self):
        return Path(self.runner.config.artifact_dir)

    @property
    def stdout(self):
        return (self.artifacts / "stdout").read_text(encoding="utf-8", errors="replace")

    @property
    def events(self):
        return list(self.runner.events)

    def results(self, task_name, event="runner_on_ok"):
        """The ``res`` of each ``event`` (runner_on_ok, runner_on_failed) of the task named ``task_name``."""
        return [item["event_data"]["res"] for item in self.events
                if item["event"] == event and item["event_data"].get("task") == task_name]

    def holders(self, secret):
        """Every file of the private data directory, relative to it, whose text contains ``secret``.

        The in-memory events and stdout (what AWX stores in its database) are written to
        artifacts/<id>/job_events/*.json and artifacts/<id>/stdout, so they are covered; their in-memory copies are
        checked too, under the names ``<events>`` and ``<stdout>``.
        """
        found = set()
        for path in self.root.rglob("*"):
            if path.is_file() and secret in path.read_text(encoding="utf-8", errors="replace"):
                relative = path.relative_to(self.root).as_posix()
                found.add(re.sub(r"^artifacts/[^/]+/", "artifacts/<id>/", relative))
        if secret in json.dumps(self.events):
            found.add("<events>")
        if secret in self.runner.stdout.read():
            found.add("<stdout>")
        return found
