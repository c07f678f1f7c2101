# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Docs that run (issue 22 point 12): every command and playbook of the README and the guides (docs/*.md), as a
user types it, against the emulator.

``BLOCKS`` lists every fenced block of those files by its file and first line, with what is done with it: ``shell``
(its commands run in bash, in a copy of docs/examples, with the emulator's address and key where the text says
``TELNYX_BASE_URL``/``KEY``), ``play`` (the playbook runs), or why it cannot run here. A check proves the list
complete: a block added to the docs fails it until someone says how it is tested.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PLAYBOOK_TIMEOUT, REPO, ensure_collection_link

GUIDES = ["README.md"] + sorted(str(path.relative_to(REPO)) for path in (REPO / "docs").glob("*.md"))
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)

SHELL, PLAY = "shell", "play"
NOT_RUN = "not run: "
BLOCKS = {
    ("README.md", "git clone https://github.com/telnyx-voice/ansible-collection-telnyx-voice.git && cd ansible-collecti"):
        NOT_RUN + "clones and builds from the network; make build-check builds and installs the tarball",
    ("README.md", 'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"'):
        NOT_RUN + "an inventory line, used by the harness's own inventory",
    ("README.md", "- name: Keep our SIP trunks"): PLAY,
    ("README.md", "make demo"): NOT_RUN + "runs docs/examples/trunk.yml, whose commands run here (docs/trunk.md)",
    ("README.md", "python3 tests/emulator/telnyx_emulator.py --port 8765 --api-key demo-api-key   # standard library only"):
        SHELL,
    ("README.md", "make test"): NOT_RUN + "the test suite itself",
    ("docs/adopting.md", "- name: Read every credential connection of the account"): NOT_RUN + "a task of adopt.yml",
    ("docs/adopting.md", "- name: Which Chicago trunks have a registered device?"):
        NOT_RUN + "tasks on an account's own names; tests/e2e/test_info.py covers the filters and registration",
    ("docs/adopting.md", '- id: "1293384261075731499"'): NOT_RUN + "an export's sample, not a command",
    ("docs/adopting.md", "- name: Bring every connection under management"): NOT_RUN + "a task of adopt.yml",
    ("docs/adopting.md", '  telnyx.voice.credential_connection: "{{ item | dict2items | rejectattr(\'key\', \'eq\', \'r'):
        NOT_RUN + "a one-line variant of a task of adopt.yml",
    ("docs/adopting.md", "- name: Export the connections to a vars file, without their read-only keys"):
        NOT_RUN + "a task of adopt.yml",
    ("docs/adopting.md", "- name: Load the vars file"): NOT_RUN + "tasks of adopt.yml",
    ("docs/adopting.md", "# First run: inventory, export to docs/examples/telnyx_credential_connections.yml, apply (changed=0)."):
        SHELL,
    ("docs/adopting.md", "# passwords.vault.yml, encrypted with ansible-vault"): NOT_RUN + "a vars file's sample",
    ("docs/awx.md", "fields:"): NOT_RUN + "AWX credential type input (tests/awx)",
    ("docs/awx.md", "env:"): NOT_RUN + "AWX credential type injector (tests/awx)",
    ("docs/awx.md", "- name: Create the Telnyx credential type"): NOT_RUN + "needs an AWX controller (awx.awx)",
    ("docs/awx.md", "---"): NOT_RUN + "execution environment and job files, tested by tests/awx",
    ("docs/awx.md", "ansible-builder build -t registry.example.com/telnyx-ee:1 -f execution-e"):
        NOT_RUN + "needs a container engine; tests/awx checks the build context",
    ("docs/awx.md", "  module_defaults:"): NOT_RUN + "a fragment of a play",
    ("docs/awx.md", "- name: One SIP trunk per site"): NOT_RUN + "tasks over an AWX inventory of sites",
    ("docs/fleet.md", "changed: true"): NOT_RUN + "a result's sample",
    ("docs/fleet.md", "1 of 3 credential connections failed; the other 2 converged (see credential_connections and counts),"):
        NOT_RUN + "a message's sample",
    ("docs/fleet.md", "ansible-playbook docs/examples/fleet.yml -e telnyx_api_key=KEY -e @vault/trunk_passwords.yml --check"):
        SHELL,
    ("docs/fleet.md", "- name: Converge every trunk of the inventory group customer_trunks"): NOT_RUN + "tasks over an inventory group",
    ("docs/fleet.md", "ansible-playbook docs/examples/numbers.yml -e telnyx_api_key=$TELNYX_API_KEY --check --diff"):
        NOT_RUN + "tests/e2e/test_phone_number_jobs.py runs numbers.yml and its CSV, in check mode and for real",
    ("docs/fqdn-trunk.md", "$ export TELNYX_API_KEY=..."):
        NOT_RUN + "tests/e2e/test_fqdn_trunk.py runs fqdn-trunk.yml: build, rerun, the swap, the teardown",
    ("docs/fqdn-trunk.md", "$ ansible-playbook -i localhost, docs/examples/fqdn-trunk.yml --check --diff \\"):
        NOT_RUN + "tests/e2e/test_fqdn_trunk.py runs this swap in check mode, then for real",
    ("docs/fqdn-trunk.md", "$ ansible-playbook -i localhost, docs/examples/fqdn-trunk.yml -e trunk_state=absent"):
        NOT_RUN + "tests/e2e/test_fqdn_trunk.py runs this teardown",
    ("docs/fqdn-trunk.md", "fqdns:"): NOT_RUN + "a fragment of fqdn-trunk.yml",
    ("docs/number-ready-for-voice.md", "$ export TELNYX_API_KEY=..."): SHELL,
    ("docs/number-ready-for-voice.md", "$ ansible-playbook -i localhost, docs/examples/number-ready-for-voice.yml -e ready_s"):
        SHELL,
    ("docs/performance.md", ".venv/bin/python bench/numbers_benchmark.py --json bench/results-numbers.json   # about 3 minutes here"):
        NOT_RUN + "a benchmark of minutes (bench/)",
    ("docs/performance.md", "telnyx.voice.credential_connection runs in-process on the controller (local connection with the cont"):
        NOT_RUN + "output's sample",
    ("docs/performance.md", "git archive a6242a6 | tar -x -C /tmp/baseline     # the previous in-proc"):
        NOT_RUN + "a benchmark of minutes (bench/)",
    ("docs/performance.md", "make venv collections-path                       # or any Python with an"):
        NOT_RUN + "a benchmark of minutes (bench/)",
    ("docs/performance.md", "python3.11 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -r tools/requirements-demo.txt"):
        NOT_RUN + "installs from PyPI",
    ("docs/performance.md", ".venv/bin/python bench/fleet_benchmark.py --latency-ms 50 --loop-variant"):
        NOT_RUN + "a benchmark of minutes (bench/)",
    ("docs/reliability.md", "PYTHONPATH=.collections python -m pytest tests/reliability -p no:cachepr"):
        NOT_RUN + "the test suite itself",
    ("docs/reliability.md", "HYPOTHESIS_PROFILE=long PYTHONPATH=.collections python -m pytest tests/reliability/ -p no:randomly"):
        NOT_RUN + "the test suite itself",
    ("docs/testing.md", "make e2e                                            # every quirk on"):
        NOT_RUN + "the test suite itself",
    ("docs/testing.md", "make integration                                   # against the emulato"):
        NOT_RUN + "the test suite itself",
    ("docs/testing.md", "git clone <this repository> telnyx-voice && cd telnyx-voice"): NOT_RUN + "the test suite itself",
    ("docs/testing.md", "export ANSIBLE_COLLECTIONS_PATH=$PWD/.collections"):
        NOT_RUN + "needs tests/integration/integration_config.yml of a real account",
    ("docs/trunk.md", "$ export TELNYX_API_KEY=..."): SHELL,
    ("docs/trunk.md", "$ ansible-playbook -i localhost, docs/examples/trunk.yml"): SHELL,
    ("docs/trunk.md", "$ ansible-playbook -i localhost, docs/examples/trunk.yml --check --diff -e trunk_daily_spend_limit=250.00"):
        SHELL,
    ("docs/trunk.md", "$ ansible-playbook -i localhost, docs/examples/trunk.yml -e trunk_state=absent"): SHELL,
    ("docs/trunk.md", "- name: Read the numbers of a connection, with their voice settings"):
        NOT_RUN + "tasks on an account's own connection id; tests/e2e/test_trunk.py feeds info back",
}
# A block is known by its file and the start of its first line.
KEY_LENGTH = 72
BLOCKS = {(name, first[:KEY_LENGTH]): action for (name, first), action in BLOCKS.items()}
NUMBERS = ["+13125550100", "+13125550101", "+13125550102"]


def blocks():
    """Every fenced block of the README and the guides: ``(file, first line, language, text)``."""
    found = []
    for name in GUIDES:
        for language, text in FENCE.findall((REPO / name).read_text(encoding="utf-8")):
            found.append((name, text.splitlines()[0][:KEY_LENGTH], language, text))
    return found


def test_every_block_of_the_readme_and_the_guides_is_run_or_says_why_not():
    found = {(name, first) for name, first, dummy, dummy in blocks()}
    assert sorted(found - set(BLOCKS)) == [], "blocks nobody decided how to test: add them to BLOCKS"
    assert sorted(set(BLOCKS) - found) == [], "BLOCKS names blocks the docs no longer have"


def commands(language, text):
    """The commands of a shell block, one per line, continuations joined; a console block's after its prompt."""
    lines = text.replace("\\\n", " ").splitlines()
    if language == "console":
        lines = [line[2:] for line in lines if line.startswith("$ ")]
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def as_run_here(command, emulator, tmp_path):
    """``command`` as it runs here: the emulator stands in for the one the text starts, and for the real API."""
    if command.startswith("python3 tests/emulator/telnyx_emulator.py"):
        return None
    command = command.replace("http://127.0.0.1:8765", emulator.base_url.rsplit("/v2", 1)[0])
    command = command.replace("demo-api-key", emulator.api_key).replace("TELNYX_API_KEY=...",
                                                                        "TELNYX_API_KEY=" + emulator.api_key)
    command = re.sub(r"telnyx_api_key=KEY\b", "telnyx_api_key=" + emulator.api_key, command)
    command = command.replace(".venv-demo/bin/", "%s/" % BIN)
    # The commands run from the checkout, whose .collections link the test's copy of the examples lacks.
    command = command.replace("$PWD/.collections", str(ensure_collection_link()))
    # The vaulted vars files of the guides: the passwords of the trunks to create, here in the clear.
    command = re.sub(r"-e @(\S*vault\S*)", lambda match: "-e @%s" % vault_file(tmp_path, match.group(1)), command)
    return command


def vault_file(tmp_path, name):
    path = tmp_path / Path(name).name
    path.write_text(json.dumps({"telnyx_trunk_passwords": {"customer-%04d" % n: "Trunk-Pass-%04d" % n for n in (1, 2, 3)},
                                "telnyx_passwords": {}}))
    return path


def environment(emulator):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TELNYX_", "ANSIBLE_"))}
    env.update(PATH="%s%s%s" % (BIN, os.pathsep, env.get("PATH", "")), ANSIBLE_NOCOLOR="1",
               ANSIBLE_COLLECTIONS_PATH=str(ensure_collection_link()), ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_RETRY_FILES_ENABLED="0")
    return env


def workdir(tmp_path):
    """A copy of the examples where the commands' relative paths find them, so a run writes nothing in the repo."""
    shutil.copytree(REPO / "docs" / "examples", tmp_path / "docs" / "examples")
    return tmp_path


def run_shell(lines, emulator, tmp_path, env_extra=None):
    script = "set -euo pipefail\n" + "\n".join(lines) + "\n"
    env = environment(emulator)
    env.update(env_extra or {})
    completed = subprocess.run(["bash", "-c", script], cwd=str(tmp_path), env=env, capture_output=True, text=True,
                               timeout=PLAYBOOK_TIMEOUT, check=False)
    return completed


def block(name, first):
    first = first[:KEY_LENGTH]
    return next((language, text) for file, line, language, text in blocks() if (file, line) == (name, first))


def shell_lines(emulator, tmp_path, *keys):
    lines = []
    for key in keys:
        key = (key[0], key[1][:KEY_LENGTH])
        assert BLOCKS[key] == SHELL
        language, text = block(*key)
        lines += [line for line in (as_run_here(command, emulator, tmp_path) for command in commands(language, text))
                  if line]
    return lines


def test_the_readme_emulator_commands_run_as_written(emulator, tmp_path):
    lines = shell_lines(emulator, workdir(tmp_path), (
        "README.md", "python3 tests/emulator/telnyx_emulator.py --port 8765 --api-key demo-api-key   # standard library only"))
    done = run_shell(lines, emulator, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    # The --check --diff run with -e '{"demo_anchorsite": "Ashburn, VA"}' previewed the anchorsite as written.
    assert '"Ashburn, VA"' in done.stdout
    state = emulator.state()
    assert state["connections"] and {number["phone_number"] for number in state["phone_numbers"]} == set(NUMBERS)
    assert not any(record["connection_name"] == "ansible-demo" for record in state["connections"])


def test_the_readme_playbook_runs_against_the_emulator(emulator, tmp_path):
    language, text = block("README.md", "- name: Keep our SIP trunks")
    play = yaml.safe_load(text)
    path = tmp_path / "readme.yml"
    path.write_text(yaml.safe_dump(play))
    extra = json.dumps({"vault_telnyx_api_key": emulator.api_key, "vault_chicago_sip_password": "Chicago-Pass-01",
                        "ansible_python_interpreter": sys.executable})
    done = run_shell(["ansible-playbook -i localhost, %s -e '%s'" % (path, extra)], emulator, tmp_path,
                     {"TELNYX_BASE_URL": emulator.base_url})
    assert done.returncode == 0, done.stdout + done.stderr
    (connection,) = emulator.state()["connections"]
    assert connection["anchorsite_override"] == "Chicago, IL" and connection["inbound"]["channel_limit"] == 10


def test_the_trunk_guide_commands_build_preview_and_tear_down(emulator, tmp_path):
    emulator.seed(phone_numbers=[{"phone_number": number} for number in NUMBERS])
    keys = [key for key in BLOCKS if key[0] == "docs/trunk.md" and BLOCKS[key] == SHELL]
    lines = shell_lines(emulator, workdir(tmp_path), *keys)
    done = run_shell(lines, emulator, tmp_path, {"TELNYX_BASE_URL": emulator.base_url})
    assert done.returncode == 0, done.stdout + done.stderr
    state = emulator.state()
    assert state["connections"] == [] and state["outbound_voice_profiles"] == []
    assert len(state["phone_numbers"]) == 3


def test_the_number_ready_for_voice_guide_builds_it_and_takes_it_apart(emulator, tmp_path):
    emulator.set_settings(emergency_duration_ms=0)
    emulator.seed(phone_numbers=[{"phone_number": "+15125550100"}])
    key = ("docs/number-ready-for-voice.md", "$ export TELNYX_API_KEY=...")
    build = shell_lines(emulator, workdir(tmp_path), key)
    done = run_shell(build, emulator, tmp_path, {"TELNYX_BASE_URL": emulator.base_url})
    assert done.returncode == 0, done.stdout + done.stderr
    (number,) = emulator.state()["phone_numbers"]
    assert number["emergency_status"] == "active" and number["connection_id"]
    assert len(emulator.state()["addresses"]) == 1
    teardown = ("docs/number-ready-for-voice.md",
                "$ ansible-playbook -i localhost, docs/examples/number-ready-for-voice.yml -e ready_state=absent")
    done = run_shell(build[:1] + shell_lines(emulator, tmp_path, teardown), emulator, tmp_path,
                     {"TELNYX_BASE_URL": emulator.base_url})
    assert done.returncode == 0, done.stdout + done.stderr
    state = emulator.state()
    assert state["addresses"] == [] and state["connections"] == [] and state["outbound_voice_profiles"] == []
    assert state["phone_numbers"][0]["emergency_status"] == "disabled"


def test_the_fleet_and_adopt_commands_reach_the_emulator_named_by_the_environment(emulator, tmp_path):
    # The examples no longer pin the real API's address: TELNYX_BASE_URL alone sends them to the emulator.
    lines = shell_lines(emulator, workdir(tmp_path),
                        ("docs/fleet.md", "ansible-playbook docs/examples/fleet.yml -e telnyx_api_key=KEY "
                                          "-e @vault/trunk_passwords.yml --check"),
                        ("docs/adopting.md", "# First run: inventory, export to docs/examples/telnyx_credential_conn"
                                             "ections.yml, apply (changed=0)."))
    done = run_shell(lines, emulator, tmp_path, {"TELNYX_BASE_URL": emulator.base_url})
    assert done.returncode == 0, done.stdout + done.stderr
    names = {record["connection_name"] for record in emulator.state()["connections"]}
    assert names == {"customer-0001", "customer-0002", "customer-0003"}
    assert (tmp_path / "docs" / "examples" / "telnyx_credential_connections.yml").is_file()


def test_an_empty_channel_limit_cell_of_the_fleet_csv_leaves_the_limit_alone(emulator, tmp_path):
    emulator.seed([{"connection_name": "customer-0001", "user_name": "customer0001", "password": "Old-Pass-0001",
                    "tags": ["managed-by-ansible"], "inbound": {"channel_limit": 7}}])
    workdir(tmp_path)
    csv = tmp_path / "docs" / "examples" / "trunks.csv"
    csv.write_text("connection_name,user_name,channel_limit,active\ncustomer-0001,customer0001,,true\n")
    done = run_shell(["ansible-playbook docs/examples/fleet.yml"], emulator, tmp_path,
                     {"TELNYX_BASE_URL": emulator.base_url, "TELNYX_API_KEY": emulator.api_key})
    assert done.returncode == 0, done.stdout + done.stderr
    (connection,) = emulator.state()["connections"]
    assert connection["inbound"]["channel_limit"] == 7  # | int made the empty cell a limit of 0


@pytest.mark.parametrize("name", ["adopt.yml", "fleet.yml"])
def test_no_example_pins_the_real_api(name):
    assert "api.telnyx.com" not in (REPO / "docs" / "examples" / name).read_text()


def test_no_module_page_says_to_install_from_galaxy():
    # The collection is not on Galaxy: antsibull-docs' install line is rewritten by tools/install_note.py.
    pages = sorted((REPO / "docs" / "modules").glob("*_module.rst"))
    assert pages and not [page.name for page in pages if "collection install telnyx.voice" in page.read_text()]
    assert all("It is not on Ansible Galaxy" in page.read_text() for page in pages)
