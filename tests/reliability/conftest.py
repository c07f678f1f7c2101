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

# The e2e harness's fixtures, with this suite's own api key (emulator_api_key below).
from tests.e2e.conftest import emulator, emulator_process, playbook  # noqa: F401  pylint: disable=unused-import
from tests.reliability.harness import API_KEY

_COMMON = dict(deadline=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                      HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=60, derandomize=True, database=None, **_COMMON)
settings.register_profile("long", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def emulator_api_key():
    return API_KEY
