"""Make ``from tests.emulator.control import Emulator`` work however pytest is started; hold every exchange to the contract.

Every /v2 call a test makes through ``emu.api`` is recorded and, when the test ends, checked against the official
schema of its operation (tests/emulator_tests/contract.py); any deviation not listed in contract_exceptions.py fails
the test. Answers produced by an injected fault are the test's own, not the emulator's, so they are not checked.
"""

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import pytest  # noqa: E402  pylint: disable=wrong-import-position

from tests.emulator.control import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator_tests.contract import Contract, Exchange, ReferenceMissing, load_operations  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator_tests.helpers import API_KEY  # noqa: E402  pylint: disable=wrong-import-position


class RecordingEmulator(Emulator):
    """An Emulator handle that keeps every /v2 exchange made through ``api`` for the contract check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.exchanges = []
        self.faults_queued = False
        # The switches as the emulator last reported them (reset() restores the command line's --quirks).
        self.quirks_on = {}

    def api(self, method, path, body=None, query=None, api_key=None, headers=None):
        # Only while a fault is pending are the queues compared, so ordinary calls cost one request.
        pending = self.faults() if self.faults_queued else None
        status, response_headers, answer = super().api(method, path, body, query, api_key, headers)
        if pending is not None and self.faults() != pending:
            return status, response_headers, answer
        self.exchanges.append(Exchange(method, "/v2" + path, body, status, answer, dict(self.quirks_on)))
        return status, response_headers, answer

    def add_fault(self, kind, method=None, path=None, times=1, **params):
        self.faults_queued = True
        return super().add_fault(kind, method, path, times, **params)

    def set_quirks(self, **switches):
        self.quirks_on = super().set_quirks(**switches)
        return self.quirks_on

    def reset(self):
        super().reset()
        self.exchanges = []
        self.faults_queued = False
        self.quirks_on = self.quirks()


@pytest.fixture(scope="session")
def contract():
    try:
        return Contract(load_operations())
    except ReferenceMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def shared_emulator():
    """One emulator per test module."""
    with RecordingEmulator.start(api_key=API_KEY) as emulator:
        yield emulator


@pytest.fixture
def emu(shared_emulator, contract):  # pylint: disable=redefined-outer-name
    """The module's emulator, reset so that every test starts from nothing; its exchanges are checked at the end."""
    shared_emulator.reset()
    yield shared_emulator
    deviations = [str(deviation) for exchange in shared_emulator.exchanges for deviation in contract.deviations(exchange)]
    if deviations:
        pytest.fail("the emulator broke the official contract:\n  " + "\n  ".join(dict.fromkeys(deviations)), pytrace=False)
