# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures of the unit tests."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.voice.tests.unit.plugins.core_secrets import fresh_registry


@pytest.fixture(autouse=True)
def empty_registry_of_secrets(monkeypatch):
    """Each test starts with ansible-core's registry of secrets (2.22+) empty, as a module process does."""
    fresh_registry(monkeypatch)
