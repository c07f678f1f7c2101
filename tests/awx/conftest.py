# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures of the AWX-path tests: the e2e harness's emulator, with a key that no other text can contain."""

from __future__ import annotations

import pytest

# The e2e harness's emulator fixtures (one process per session, reset before each test).
from tests.e2e.conftest import emulator, emulator_process  # noqa: F401  pylint: disable=unused-import
from tests.awx.awx_job import AwxJob

API_KEY = "KEYawx9f3c2e7d1b5a"


@pytest.fixture(scope="session")
def emulator_api_key():
    return API_KEY


@pytest.fixture
def awx_job(tmp_path):
    """Build an AwxJob in a fresh private data directory: ``awx_job({"name.yml": plays or Path})``."""
    count = [0]

    def build(playbooks):
        count[0] += 1
        return AwxJob(tmp_path / ("job-%d" % count[0]), playbooks)

    return build
