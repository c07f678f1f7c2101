# telnyx.voice: developer and CI entry point.
#
#   make test       every gate, in order, stopping at the first failure (this is what .ci/run runs)
#   make help       the list of targets
#
# Contributing notes:
# - Every target installs what it needs: `make test` on a fresh clone needs only python3.11 (plus pyenv's 3.12 and
#   3.13 for `make matrix`), make, git and access to PyPI.
# - Each change to plugins/ gets a changelog fragment in changelogs/fragments/<topic>.yml
#   (sections: major_changes, minor_changes, breaking_changes, deprecated_features, removed_features,
#   security_fixes, bugfixes, known_issues); `make changelog-lint` checks them.
# - Module docs in docs/modules/ are generated: after editing a module's DOCUMENTATION, run `make docs` and commit.
# - Releasing (maintainers only): set `version` in galaxy.yml, run `make release` (antsibull-changelog turns the
#   fragments into changelogs/changelog.yaml and CHANGELOG.rst and deletes them), commit, tag, then `make build`.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV := .venv
VENV_BIN := $(CURDIR)/$(VENV)/bin
VENV_STAMP := $(VENV)/.installed-stamp
COLLECTIONS := $(CURDIR)/.collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/telnyx/voice
VERSION := $(shell sed -n 's/^version:[[:space:]]*["'\'']*\([^"'\'' ]*\).*/\1/p' galaxy.yml)
TARBALL := dist/telnyx-voice-$(VERSION).tar.gz
# Makes the collection importable as ansible_collections.telnyx.voice (pytest) and resolvable by Ansible.
COLLECTION_ENV := PYTHONPATH=$(COLLECTIONS) ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS)
PYTEST_ARGS ?=

# Tools of the project venv come first for every recipe.
export PATH := $(VENV_BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

GATES := venv collections-path unit emulator-test e2e e2e-module reliability integration awx sanity ansible-units lint \
	docs-check changelog-lint build-check importer matrix

.PHONY: help test demo venv collections-path unit emulator-test e2e e2e-module reliability integration integration-live awx sanity ansible-units lint docs docs-check \
	changelog-lint release build build-check importer matrix lock clean

## Show the targets and why each exists.
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z][a-z0-9-]*:/{if (doc) printf "  %-16s %s\n", substr($$1,1,length($$1)-1), doc; doc=""}' $(MAKEFILE_LIST)

## Run every gate in order, stop at the first failure, print per-gate timings (CI runs this).
test:
	@MAKE="$(MAKE)" tools/run_gates.sh $(GATES)

## Create .venv (Python 3.11) with requirements-dev.txt; reinstalls only when the requirements change.
venv: $(VENV_STAMP)

$(VENV_STAMP): requirements-dev.txt requirements.txt tools/requirements-tools.txt
	@python=$$(tools/find_python.sh 3.11); \
	if ! $(VENV)/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then \
		echo "venv: creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV); \
	fi
	@echo "venv: installing requirements-dev.txt into $(VENV)"
	@$(VENV)/bin/python -m pip install --quiet -r tools/requirements-tools.txt
	@$(VENV)/bin/uv pip install --quiet --python $(VENV)/bin/python -r requirements-dev.txt -r tools/requirements-tools.txt \
		|| { echo "venv: uv failed, retrying with pip"; \
		     $(VENV)/bin/python -m pip install --quiet -r requirements-dev.txt -r tools/requirements-tools.txt; }
	@touch $@

## Link .collections/ansible_collections/telnyx/voice to this checkout so Python and Ansible can import it.
collections-path:
	@mkdir -p $(dir $(COLLECTION_LINK))
	@if [ -e $(COLLECTION_LINK) ] && [ ! -L $(COLLECTION_LINK) ]; then rm -rf $(COLLECTION_LINK); fi
	@ln -sfn ../../.. $(COLLECTION_LINK)
	@test -f $(COLLECTION_LINK)/galaxy.yml

## Unit tests with plain pytest: the fast inner loop.
unit: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh tests/unit $(PYTEST_ARGS)

## Tests of the Telnyx API emulator itself (skipped with a message until tests/emulator_tests/ exists).
emulator-test: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh --skip-if-absent tests/emulator_tests $(PYTEST_ARGS)

## End-to-end tests: real ansible-playbook runs against the emulator (skipped until tests/e2e/ exists).
e2e: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh --skip-if-absent tests/e2e $(PYTEST_ARGS)

## The end-to-end suite again with every task as a module process (TELNYX_VOICE_EXECUTION=module), not in-process.
e2e-module: venv collections-path
	@TELNYX_VOICE_EXECUTION=module $(COLLECTION_ENV) tools/pytest_gate.sh tests/e2e $(PYTEST_ARGS)

## Property-based idempotence (hypothesis, profile ci; HYPOTHESIS_PROFILE=long for more), the fault matrix, secret scans.
reliability: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh --skip-if-absent tests/reliability $(PYTEST_ARGS)

## ansible-test integration targets against the bundled emulator, which each target starts and stops (docs/testing.md).
integration: venv
	@tests/integration/run.sh --emulator $(INTEGRATION_ARGS)

## The integration targets against the Telnyx account of tests/integration/integration_config.yml, then its clean-up.
integration-live: venv
	@test -f tests/integration/integration_config.yml || { echo "integration-live: copy tests/integration/integration_config.yml.template to integration_config.yml and set your key (docs/testing.md)"; exit 1; }
	@tests/integration/run.sh $(INTEGRATION_ARGS)

## The AWX job path: ansible-runner jobs (no secret stored, -v to -vvvv), forks-10 concurrency, the EE build context.
awx: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh tests/awx $(PYTEST_ARGS)

## ansible-test sanity (every test that runs here, no ignore entries) on a fresh copy at <tmp>/ansible_collections/.
sanity: venv
	@tools/ansible_test.sh sanity --local --python 3.11

## ansible-test units on a fresh copy: the unit tests the way Ansible's own CI runs them.
ansible-units: venv
	@tools/ansible_test.sh units --local --python 3.11

## ansible-lint, production profile, offline (.ansible-lint): collection, docs and example playbooks.
lint: venv collections-path
	@$(COLLECTION_ENV) ansible-lint

## Regenerate the module pages in docs/modules/ from the modules' own DOCUMENTATION (antsibull-docs).
docs: venv collections-path
	@$(COLLECTION_ENV) tools/docs.sh generate

## Fail if docs/modules/ is stale, then lint the docs (antsibull-docs lint-collection-docs).
docs-check: venv collections-path
	@$(COLLECTION_ENV) tools/docs.sh check

## Validate the changelog fragments and changelogs/ config (antsibull-changelog lint).
changelog-lint: venv
	@antsibull-changelog lint
	@echo "changelog-lint: OK"

## Maintainers: turn the fragments into the release notes of the galaxy.yml version (changelog.yaml + CHANGELOG.rst).
release: venv
	@antsibull-changelog release --version $(VERSION)

## Build the collection tarball dist/telnyx-voice-<version>.tar.gz with ansible-galaxy.
build: venv
	@rm -f dist/telnyx-voice-*.tar.gz
	@ansible-galaxy collection build --force --output-path dist/

## Build, check the tarball's contents, install it, and run docs/examples/smoke.yml from the installed copy.
build-check: build
	@tools/build_check.sh $(TARBALL)

## galaxy-importer on the tarball (own venv .venv-importer; ansible-test off, lint offline): what Galaxy checks.
importer: build
	@tools/importer.sh $(TARBALL)

## Unit tests and the smoke playbook on each ansible-core line, 2.16 to the newest (.venv-matrix/<line>).
matrix: venv collections-path
	@$(VENV)/bin/python tools/matrix.py run

## Re-pin the matrix (newest patch release of each ansible-core line) and the importer venv.
lock: venv
	@$(VENV)/bin/python tools/matrix.py lock
	@$(VENV)/bin/uv pip compile --quiet --python-version 3.11 --annotation-style line \
		tools/requirements-importer.in -o tools/requirements-importer.txt

## Try the collection without a Telnyx account: start the bundled emulator and run docs/examples/demo.yml against it.
demo: venv collections-path
	@PYTHON=$(VENV_BIN)/python bash tools/demo.sh

## Remove the venvs, the collections link, build output and ansible-test output.
clean:
	rm -rf $(VENV) .venv-importer .venv-matrix .collections dist tests/output .pytest_cache .hypothesis
