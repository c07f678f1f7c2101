# telnyx.voice: developer and CI entry point. CONTRIBUTING.md explains the workflow, what `make test` needs
# (Python 3.11, pyenv's 3.8 to 3.13, make, git, PyPI) and how long each gate takes.
#
#   make test       every gate (one-core gates two at a time), stopping at the first failure, timed (.ci/run runs it)
#   make help       the list of targets
#
# antsibull-nox (noxfile.py, antsibull-nox.toml) drives ansible-test sanity and units, the docs lint, the extra
# checks, build + galaxy-importer, and the docsite, each in its own nox venv under .nox/. The other gates call
# their tool directly: pytest suites need the emulator and the project venv, ansible-lint is one command, and the
# version matrix (tools/matrix.py) pins one venv per ansible-core line, which antsibull-nox would take from git.
# Where antsibull-nox cannot run here: its ansible-test sessions and ee-check need a container engine (docker or
# podman), and this machine has none, so noxfile.py defines --local/--venv ansible-test sessions instead and there
# is no EE build; its ansible-core "devel"/"milestone" sessions install from github.com, which is unreachable.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV := .venv
VENV_BIN := $(CURDIR)/$(VENV)/bin
VENV_STAMP := $(VENV)/.installed-stamp
DEMO_VENV := .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.installed-stamp
COLLECTIONS := $(CURDIR)/.collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/telnyx/voice
VERSION := $(shell sed -n 's/^version:[[:space:]]*["'\'']*\([^"'\'' ]*\).*/\1/p' galaxy.yml)
TARBALL := dist/telnyx-voice-$(VERSION).tar.gz
# Makes the collection importable as ansible_collections.telnyx.voice (pytest) and resolvable by Ansible.
COLLECTION_ENV := PYTHONPATH=$(COLLECTIONS) ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS)
PYTEST_ARGS ?=
# Each e2e worker runs its own emulator; a file's tests stay on one worker, which keeps its module-scoped fixtures.
E2E_XDIST ?= -n 2 --dist loadfile
# The reliability suite spends most of its time waiting (timeouts, retry waits, dropped answers), not computing: four
# workers, each with its own emulator, take tests one at a time.
RELIABILITY_XDIST ?= -n 4 --dist load

# Tools of the project venv come first for every recipe.
export PATH := $(VENV_BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# nox with uv venvs, reused between runs (their pins are re-checked each time, which uv does in well under a second).
NOX := $(VENV_BIN)/nox --default-venv-backend uv --reuse-venv yes

# `make test` runs these stages in order (tools/run_gates.py): a stage "a,b+c,d" runs the lanes a,b and c,d side by
# side, each a chain of gates. The suites that spread over both cores (pytest-xdist, the matrix's two lines at once)
# run alone; the gates that use one core pair up, in two lanes of about the same CPU time (measured: about 390 and
# 375 s). GATE_LANES=1 make test runs every gate alone, in this order.
GATES := venv collections-path workflow-lint unit emulator-test e2e reliability \
	sanity,awx,extra-checks+integration,ansible-units,lint,docs-check,docsite,changelog-lint,build-check,importer matrix

.PHONY: help test demo venv collections-path workflow-lint unit emulator-test e2e e2e-module reliability integration integration-live awx \
	sanity ansible-units lint docs docs-check extra-checks docsite changelog-lint release build build-check importer matrix \
	lock clean

## Show the targets and why each exists.
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z][a-z0-9-]*:/{if (doc) printf "  %-16s %s\n", substr($$1,1,length($$1)-1), doc; doc=""}' $(MAKEFILE_LIST)

## Run every gate (one-core gates two at a time), stop at the first failure, print each gate's time (CI runs this).
test:
	@MAKE="$(MAKE)" python3 tools/run_gates.py $(GATES)

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
	@# Only when missing or wrong: ln -sfn replaces the link in two steps, and make test runs gates side by side.
	@[ "$$(readlink $(COLLECTION_LINK) 2>/dev/null)" = ../../.. ] || ln -sfn ../../.. $(COLLECTION_LINK)
	@test -f $(COLLECTION_LINK)/galaxy.yml

## The GitHub Actions workflows in .github/workflows/ against the GitHub workflow schema (check-jsonschema, offline).
workflow-lint: venv
	@check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	@echo "workflow-lint: OK"

## Unit tests under coverage.py: line and branch coverage of plugins/, failing below tests/coverage-floor.txt.
unit: venv collections-path
	@rm -rf .coverage-data
	@COVERAGE_ROOT=$(CURDIR) COVERAGE_RCFILE=tests/coverage.ini $(COLLECTION_ENV) PYTEST="coverage run -m pytest" \
		tools/pytest_gate.sh tests/unit $(PYTEST_ARGS)
	@COVERAGE_ROOT=$(CURDIR) COVERAGE_RCFILE=tests/coverage.ini coverage report --fail-under=$$(cat tests/coverage-floor.txt) \
		|| { echo "unit: coverage of plugins/ fell below tests/coverage-floor.txt (the lines above lack a test)" >&2; exit 1; }

## Tests of the Telnyx API emulator itself.
emulator-test: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh tests/emulator_tests $(PYTEST_ARGS)

## End-to-end tests: real ansible-playbook runs against the emulator with every known Telnyx quirk on (two xdist workers).
# The quirks on by default prove the modules against Telnyx's realistic answers; a test that needs a plain one says so
# (pytest.mark.quirks). `TELNYX_EMULATOR_QUIRKS= make e2e` runs with them off, `=a,b` with some (docs/testing.md).
e2e: export TELNYX_EMULATOR_QUIRKS ?= all
e2e: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh tests/e2e $(E2E_XDIST) $(PYTEST_ARGS)

## Not in `make test`: the e2e suite with every task as a module process (the equivalence suite compares both paths).
e2e-module: venv collections-path
	@TELNYX_VOICE_EXECUTION=module $(COLLECTION_ENV) tools/pytest_gate.sh tests/e2e $(E2E_XDIST) $(PYTEST_ARGS)

## Before each commit, in under 2 minutes: unit and emulator tests, the generated plural modules, changelog, lint.
check: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh tests/unit -q $(PYTEST_ARGS)
	@$(COLLECTION_ENV) tools/pytest_gate.sh tests/emulator_tests -q $(PYTEST_ARGS)
	@python tools/plural_modules.py check
	@antsibull-changelog lint
	@$(COLLECTION_ENV) ansible-lint
	@echo "check: OK (make test runs every gate)"

## Property-based idempotence (hypothesis, profile ci; HYPOTHESIS_PROFILE=long for more), the fault matrix, secret scans.
reliability: venv collections-path
	@$(COLLECTION_ENV) tools/pytest_gate.sh tests/reliability $(RELIABILITY_XDIST) $(PYTEST_ARGS)

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

## ansible-test sanity (ansible-core 2.19, no ignore entries); compile and import on Python 3.8 to 3.13 (tests/config.yml).
# --local, not antsibull-nox's --docker sessions: there is no container engine here (noxfile.py says more).
sanity: venv
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then \
		echo "sanity: tests/sanity/ignore-*.txt exist; fix the code instead of ignoring sanity findings" >&2; exit 1; fi
	@$(NOX) -s ansible-test-sanity

## ansible-test units (ansible-core 2.19, Python 3.13) in a venv made from tests/unit/requirements.txt.
ansible-units: venv
	@$(NOX) -s ansible-test-units

## ansible-lint, production profile, offline (.ansible-lint): collection, docs and example playbooks.
lint: venv collections-path
	@$(COLLECTION_ENV) ansible-lint

## Regenerate the plural modules' documentation (tools/plural_modules.py) and the pages in docs/modules/ (antsibull-docs).
docs: venv collections-path
	@python tools/plural_modules.py write
	@$(COLLECTION_ENV) tools/docs.sh generate

## Fail if docs/modules/ is stale, then lint the plugin docs and docs/docsite/ (antsibull-nox docs-check).
docs-check: venv collections-path
	@python tools/plural_modules.py check
	@$(COLLECTION_ENV) tools/docs.sh check
	@$(NOX) -s docs-check

## antsibull-nox extra checks: action group = modules = attributes fragment; no unwanted files; no trailing spaces.
extra-checks: venv
	@$(NOX) -s extra-checks

## The HTML docsite in build/docsite/ (antsibull-docs + Sphinx): module pages and the guides in docs/*.md.
docsite: venv collections-path
	@$(NOX) -s docsite

## Validate the changelog fragments and changelogs/ config (antsibull-changelog lint).
changelog-lint: venv
	@antsibull-changelog lint
	@echo "changelog-lint: OK"

## Maintainers: release the galaxy.yml version: copy it to plugins/module_utils/_version.py, write the release notes.
release: venv
	@sed -i 's/^COLLECTION_VERSION = .*/COLLECTION_VERSION = "$(VERSION)"/' plugins/module_utils/_version.py
	@antsibull-changelog release --version $(VERSION)

## Build the collection tarball dist/telnyx-voice-<version>.tar.gz with ansible-galaxy.
build: venv
	@rm -f dist/telnyx-voice-*.tar.gz
	@ansible-galaxy collection build --force --output-path dist/

## Build, check the tarball's contents, install it, and run docs/examples/smoke.yml from the installed copy.
build-check: build
	@tools/build_check.sh $(TARBALL)

## Build, then galaxy-importer on the tarball (antsibull-nox build-import-check; ansible-test off, lint offline).
# antsibull-nox only warns about the importer's ERROR lines; this gate fails on them.
importer: venv
	@mkdir -p .nox
	@$(NOX) -s build-import-check 2>&1 | tee .nox/importer.log
	@if grep -q 'Galaxy importer emitted' .nox/importer.log; then \
		echo "importer: galaxy-importer reported errors (above)" >&2; exit 1; fi

## Unit tests, the smoke playbook and the equivalence e2e suite on each ansible-core line, 2.16 to the newest, and the newest pre-release.
matrix: venv collections-path
	@$(VENV)/bin/python tools/matrix.py run

## Re-pin the matrix (newest patch release of each ansible-core line, newest pre-release) and galaxy-importer.
lock: venv
	@$(VENV)/bin/python tools/matrix.py lock
	@$(VENV)/bin/uv pip compile --quiet --python-version 3.11 --annotation-style line \
		tools/requirements-importer.in -o tools/requirements-importer.txt

## Try the collection without a Telnyx account: start the bundled emulator and build a SIP trunk (docs/examples/trunk.yml).
demo: $(DEMO_STAMP) collections-path
	@PYTHON=$(CURDIR)/$(DEMO_VENV)/bin/python bash tools/demo.sh

# The demo's own small venv: ansible-core and requests (tools/requirements-demo.txt), with pip, from PyPI.
$(DEMO_STAMP): tools/requirements-demo.txt
	@python=$$(tools/find_python.sh 3.11); rm -rf $(DEMO_VENV); \
	echo "demo: creating $(DEMO_VENV) with $$python (ansible-core, requests)"; \
	"$$python" -m venv $(DEMO_VENV); \
	$(DEMO_VENV)/bin/python -m pip install --quiet -r tools/requirements-demo.txt
	@touch $@

## Remove the venvs, the collections link, build output and ansible-test output.
clean:
	rm -rf $(VENV) .venv-demo .venv-matrix .nox .collections dist build tests/output .pytest_cache .hypothesis
