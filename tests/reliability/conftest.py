# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures and hypothesis profiles of the reliability tests.

Profiles (choose with HYPOTHESIS_PROFILE):
- ``ci`` (default): derandomized, so every run tries the same examples; sized for about a minute.
- ``long``: 1000 examples per property with fresh randomness, for a soak run before a release.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.e2e.conftest import PlaybookRunner
from tests.emulator.control import Emulator
from tests.reliability.harness import API_KEY

_COMMON = dict(deadline=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                      HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=60, derandomize=True, database=None, **_COMMON)
settings.register_profile("long", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def emulator_process():
    emulator = Emulator.start(api_key=API_KEY)
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def emulator(emulator_process):
    emulator_process.reset()
    return emulator_process


@pytest.fixture
def playbook(tmp_path, emulator):
    """Real ansible-playbook runs against the emulator (the e2e harness), recording every task result."""
    return PlaybookRunner(tmp_path, emulator)
