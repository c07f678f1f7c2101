# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""meta/execution-environment.yml, checked with ansible-builder without a container runtime.

``ansible-builder create -f meta/execution-environment.yml`` must make a build context that holds the requirements.

An EE build installs the collection with ansible-galaxy, then runs ansible-builder's introspect.py over the installed
collections to collect their Python requirements from each meta/execution-environment.yml. Here: ``ansible-builder
create`` turns docs/awx.md's EE definition into a build context, and the context's own introspect.py runs over the
collection installed from the tarball that ``ansible-galaxy collection build`` makes, exactly as the build would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.awx.awx_job import REPO, doc_yaml_block

BIN = Path(sys.executable).parent


def requirements_txt(path=REPO / "requirements.txt"):
    """The requirement lines of a requirements file (by default the collection's runtime requirements)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def run(*command, cwd=None):
    completed = subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd=cwd,
                               check=False, timeout=120)
    assert completed.returncode == 0, "%s failed:\n%s%s" % (command, completed.stdout, completed.stderr)
    return completed.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A collections path holding telnyx.voice installed from a freshly built tarball."""
    work = tmp_path_factory.mktemp("ee")
    run(BIN / "ansible-galaxy", "collection", "build", REPO, "--output-path", work / "dist")
    (tarball,) = (work / "dist").glob("telnyx-voice-*.tar.gz")
    run(BIN / "ansible-galaxy", "collection", "install", "--offline", "--force", "-p", work / "collections", tarball)
    return work / "collections"


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    """The build context that ansible-builder create makes from docs/awx.md's EE definition."""
    work = tmp_path_factory.mktemp("context")
    definition = doc_yaml_block("execution-environment.yml` for `ansible-builder build`")
    (work / "execution-environment.yml").write_text(yaml.safe_dump(definition), encoding="utf-8")
    run(BIN / "ansible-builder", "create", "-f", work / "execution-environment.yml", "--context", work / "context")
    return work / "context"


def introspect(context_dir, collections, tmp_path):
    """Run the build context's introspect.py over ``collections``; return the pip lines it would install."""
    out = tmp_path / "pip.txt"
    run(sys.executable, context_dir / "_build" / "scripts" / "introspect.py", "introspect",
        "--write-pip", out, collections)
    return out.read_text(encoding="utf-8").splitlines()


def test_the_docs_definition_builds_a_context_that_installs_the_collection(context):
    containerfile = (context / "Dockerfile").read_text(encoding="utf-8")
    assert "ansible-galaxy collection install" in containerfile
    assert "introspect.py introspect" in containerfile
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text(encoding="utf-8"))
    assert {"name": "telnyx.voice"} in galaxy["collections"]


def test_the_build_finds_requests_in_the_installed_collection(context, installed, tmp_path):
    assert (installed / "ansible_collections" / "telnyx" / "voice" / "meta" / "execution-environment.yml").is_file()
    pip = introspect(context, installed, tmp_path)
    assert pip == ["%s  # from collection telnyx.voice" % line for line in requirements_txt()]


def test_the_checkout_declares_the_same_requirements(context, tmp_path):
    # .collections/ansible_collections/telnyx/voice links to this checkout (make collections-path).
    pip = introspect(context, REPO / ".collections", tmp_path)
    assert pip == ["%s  # from collection telnyx.voice" % line for line in requirements_txt()]


def test_meta_execution_environment_builds_a_context_with_the_requirements(tmp_path):
    # ansible-builder create reads the python path relative to meta/: meta/requirements.txt must be a real file
    # (a link would land dangling in the context) with the same requirements as requirements.txt.
    assert not (REPO / "meta" / "requirements.txt").is_symlink()
    assert requirements_txt(REPO / "meta" / "requirements.txt") == requirements_txt()
    run(BIN / "ansible-builder", "create", "-f", REPO / "meta" / "execution-environment.yml",
        "--context", tmp_path / "context")
    copied = tmp_path / "context" / "_build" / "requirements.txt"
    assert requirements_txt(copied) == requirements_txt()
    assert "COPY _build/requirements.txt requirements.txt" in (tmp_path / "context" / "Dockerfile").read_text()


def test_ansible_builder_introspect_reports_it(installed):
    report = yaml.safe_load(run(BIN / "ansible-builder", "introspect", "--sanitize", installed).split("\n", 1)[1])
    assert report["python"] == ["%s  # from collection telnyx.voice" % line for line in requirements_txt()]
