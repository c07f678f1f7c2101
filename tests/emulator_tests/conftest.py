"""Make ``from tests.emulator.control import Emulator`` work however pytest is started."""

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import pytest  # noqa: E402  pylint: disable=wrong-import-position

from tests.emulator.control import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator_tests.helpers import API_KEY  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="module")
def shared_emulator():
    """One emulator per test module."""
    with Emulator.start(api_key=API_KEY) as emulator:
        yield emulator


@pytest.fixture
def emu(shared_emulator):  # pylint: disable=redefined-outer-name
    """The module's emulator, reset so that every test starts from nothing."""
    shared_emulator.reset()
    return shared_emulator
