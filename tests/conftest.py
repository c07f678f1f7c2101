# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures of every test suite."""

from __future__ import annotations

import tempfile

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "quirks(**switches): emulator quirk switches (and known_ids) a test relies on, set after each "
        "reset whatever TELNYX_EMULATOR_QUIRKS says (tests/e2e/conftest.py), e.g. quirks(mask_password=False) for "
        "a test that needs Telnyx to echo the password as documented (FACTS T5)")


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path_factory, monkeypatch):
    """A temp folder of the test's own, in this process and in the playbooks it runs.

    The clients share what they learn of the rate limit through a file under the temp folder
    (plugins/module_utils/_ratelimit.py), as the forks of one job should; tests must not share it, or a 429 that
    one test provokes would pace the next one.
    """
    folder = str(tmp_path_factory.mktemp("tmp"))
    monkeypatch.setenv("TMPDIR", folder)
    monkeypatch.setattr(tempfile, "tempdir", folder)
    return folder
