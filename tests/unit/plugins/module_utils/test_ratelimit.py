# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The rate gate shared by the clients of one key and base_url: what it learns, how it paces, where it keeps it."""

from __future__ import annotations

import multiprocessing
import os
import stat
import tempfile

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils import _ratelimit
from ansible_collections.telnyx.voice.plugins.module_utils._ratelimit import SharedRateGate, state_folder

KEY = "KEYratelimit5c1e9a"
URL = "https://api.telnyx.com/v2"
# The first answer of a window of 1 s allowing 20 requests: Telnyx's headers as FACTS §1 gives them.
FRESH = {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "19", "x-ratelimit-reset": "1"}
INTERVAL = 1 / 20 * _ratelimit.MARGIN


def near(expected):
    # The state holds wall-clock times (about 1.8e9 s), which a float keeps to about 0.2 microseconds.
    return pytest.approx(expected, abs=1e-6)


class Clock:
    def __init__(self, now=1790000000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def gate(tmp_path, clock):
    return SharedRateGate(KEY, URL, folder=str(tmp_path), clock=clock)


def test_the_state_is_a_private_file_of_numbers_named_without_the_key(tmp_path, clock):
    folder = state_folder()
    gate = SharedRateGate(KEY, URL, clock=clock)
    gate.learn(429, {"x-ratelimit-reset": "2"})
    assert gate.shared and os.path.dirname(gate.path) == folder
    assert folder == os.path.join(tempfile.gettempdir(), "telnyx-voice-ratelimit-%d" % os.getuid())
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(gate.path).st_mode) == 0o600
    assert os.listdir(folder) == [os.path.basename(gate.path)]
    with open(gate.path) as handle:
        text = handle.read()
    assert KEY not in text and KEY not in gate.path and "telnyx.com" not in gate.path
    assert text == '{"closed_until": 1790000002.0}'


def test_a_429_seen_by_one_process_holds_back_the_others_until_the_reset(tmp_path, clock):
    # Two gates on one folder are two processes of one job: what one learns, the other waits for.
    first = SharedRateGate(KEY, URL, folder=str(tmp_path), clock=clock)
    second = SharedRateGate(KEY, URL, folder=str(tmp_path), clock=clock)
    first.learn(429, {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"})
    assert second.reserve(max_wait=10) == 2.0
    assert second.reserve(max_wait=0.5) == 0.5  # the caller bounds every wait
    clock.now += 2
    assert second.reserve(max_wait=10) == 0.0


def test_another_key_or_base_url_has_its_own_limit(tmp_path, clock):
    SharedRateGate(KEY, URL, folder=str(tmp_path), clock=clock).learn(429, {"x-ratelimit-reset": "2"})
    assert SharedRateGate("KEYother", URL, folder=str(tmp_path), clock=clock).reserve(10) == 0.0
    assert SharedRateGate(KEY, "http://127.0.0.1:8080/v2", folder=str(tmp_path), clock=clock).reserve(10) == 0.0


def test_remaining_0_closes_the_gate_until_the_reset(gate, clock):
    gate.learn(200, {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"})
    assert gate.reserve(10) == 1.0


def test_a_429_with_only_retry_after_closes_the_gate_for_that_long(gate):
    gate.learn(429, {"Retry-After": "3"})
    assert gate.reserve(10) == 3.0


def test_a_429_without_any_time_leaves_the_gate_open(gate):
    # Nothing says how long to hold the others back: the refused client's own backoff paces it.
    gate.learn(429, {"x-ratelimit-reset": ""})
    assert gate.reserve(10) == 0.0


def test_sends_are_paced_in_slots_taken_in_order(gate, clock):
    gate.learn(200, FRESH)
    waits = [gate.reserve(10) for dummy in range(4)]
    assert waits == near([0.0, INTERVAL, 2 * INTERVAL, 3 * INTERVAL])
    clock.now += 10  # an idle account: the next send goes at once
    assert gate.reserve(10) == 0.0


def test_a_slot_cut_short_by_max_wait_is_still_taken(gate):
    gate.learn(200, FRESH)
    gate.reserve(10)
    assert gate.reserve(0.01) == 0.01
    assert gate.reserve(10) == near(2 * INTERVAL)


def test_only_the_first_answer_of_a_window_sets_the_pace(gate):
    # Later in the window the reset is what is left of it: 19 of 20 spent with 1 s left is not a 1 s window.
    gate.learn(200, {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "1", "x-ratelimit-reset": "1"})
    gate.learn(429, {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0"})
    assert [gate.reserve(10) for dummy in range(3)] == [0.0, 0.0, 0.0]


def test_a_limit_too_high_to_reach_is_not_paced(gate):
    # The emulator's nominal 1000 a second: pacing a sequential task at 1 ms would only add sleeps.
    gate.learn(200, {"x-ratelimit-limit": "1000", "x-ratelimit-remaining": "999", "x-ratelimit-reset": "1"})
    assert [gate.reserve(10) for dummy in range(3)] == [0.0, 0.0, 0.0]


def test_a_broken_state_file_is_started_afresh(gate):
    with open(gate.path, "w") as handle:
        handle.write('{"next": "soon"')
    gate.learn(200, FRESH)
    assert gate.reserve(10) == 0.0 and gate.reserve(10) == near(INTERVAL)
    assert gate.shared  # rewritten in place, not given up for a per-process state


def test_times_far_in_the_future_after_the_clock_went_back_are_dropped(gate, clock):
    gate.learn(200, FRESH)
    gate.reserve(10)
    gate.learn(429, {"x-ratelimit-reset": "2"})
    clock.now -= 2 * _ratelimit.MAX_SECONDS
    assert gate.reserve(10) == 0.0


@pytest.mark.parametrize("make_unusable", ["no fcntl", "world-writable folder", "a file in its place"])
def test_where_the_file_system_cannot_be_used_the_gate_works_per_process(monkeypatch, clock, make_unusable):
    folder = os.path.join(tempfile.gettempdir(), "telnyx-voice-ratelimit-%d" % os.getuid())
    if make_unusable == "no fcntl":
        monkeypatch.setattr(_ratelimit, "fcntl", None)
    elif make_unusable == "world-writable folder":
        os.mkdir(folder)
        os.chmod(folder, 0o777)  # someone else could plant or read the state
    else:
        open(folder, "w").close()
    monkeypatch.setattr(_ratelimit, "_LOCAL_STATES", {})
    first = SharedRateGate(KEY, URL, clock=clock)
    assert state_folder() is None and not first.shared
    first.learn(429, {"x-ratelimit-reset": "2"})
    # The threads of one process (a fleet task's) still share it.
    assert SharedRateGate(KEY, URL, clock=clock).reserve(10) == 2.0


def test_a_file_system_failing_mid_run_falls_back_without_failing(tmp_path, monkeypatch, clock):
    monkeypatch.setattr(_ratelimit, "_LOCAL_STATES", {})
    gate = SharedRateGate(KEY, URL, folder=str(tmp_path / "removed"), clock=clock)
    assert gate.shared
    gate.learn(429, {"x-ratelimit-reset": "2"})  # the folder is gone: OSError
    assert not gate.shared and gate.reserve(10) == 2.0


class RecordingClock:
    """The wall clock, remembering the time the gate last read (under its lock)."""

    def __init__(self):
        self.last = None

    def __call__(self):
        self.last = _ratelimit.time.time()
        return self.last


def test_a_link_planted_at_the_state_file_is_not_followed(tmp_path, monkeypatch, clock):
    monkeypatch.setattr(_ratelimit, "_LOCAL_STATES", {})
    gate = SharedRateGate(KEY, URL, folder=str(tmp_path), clock=clock)
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    os.symlink(str(target), gate.path)
    gate.learn(429, {"x-ratelimit-reset": "2"})
    assert target.read_text() == "keep" and not gate.shared and gate.reserve(10) == 2.0


def _reserve_slots(folder, count, queue):
    clock = RecordingClock()
    gate = SharedRateGate(KEY, URL, folder=folder, clock=clock)
    slots = []
    for dummy in range(count):
        wait = gate.reserve(60)
        slots.append(clock.last + wait)
    queue.put(slots)


def test_processes_reserving_at_once_never_share_a_slot(tmp_path):
    """fcntl.flock makes each reservation atomic: four processes' 100 slots are all an interval apart."""
    folder = str(tmp_path)
    # 110 a second: an interval of 10 ms.
    SharedRateGate(KEY, URL, folder=folder).learn(200, {"x-ratelimit-limit": "110", "x-ratelimit-remaining": "109",
                                                        "x-ratelimit-reset": "1"})
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_reserve_slots, args=(folder, 25, queue)) for dummy in range(4)]
    for worker in workers:
        worker.start()
    slots = sorted(slot for dummy in workers for slot in queue.get(timeout=30))
    for worker in workers:
        worker.join(30)
    assert len(slots) == 100
    gaps = [later - earlier for earlier, later in zip(slots, slots[1:])]
    assert min(gaps) >= 0.01 - 1e-6
