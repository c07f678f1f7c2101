# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""A rate gate shared by every Telnyx request made on this machine with one API key against one base_url.

Telnyx limits an account, not a task. The forks of a job (workers running a module's main() in-process, and
module processes alike) each see only their own answers; alone, each retries its 429s and the ones refused late
in a window run out of retries. The gate lets them pace their sends together instead of retrying after:

* It learns from Telnyx's answers (``x-ratelimit-limit``, ``x-ratelimit-remaining``, ``x-ratelimit-reset`` in
  seconds until the window resets, a 429): the window's length and limit give the interval between two sends
  (with a margin), and a 429 or ``remaining: 0`` closes the gate until the reset.
* Before each send a request reserves the next free slot, so the waiters go in the order they came and none of
  them is overtaken window after window; the caller bounds the wait.

The state is a small JSON file of numbers (never the key: its name is a hash of the base_url and the key) in a
private folder ``<tempdir>/telnyx-voice-ratelimit-<uid>/``, updated under ``fcntl.flock``. Where that cannot
work (no fcntl, as on Windows; a read-only or foreign folder; any OSError), the gate keeps its state in the
process instead: the threads of one process still share it, and nothing fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import threading
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the gate then works per process
    fcntl = None

# Sends are spaced by the window divided by the limit, times this: a fixed window then admits at most
# limit / MARGIN + 1 sends of ours, which leaves room for jitter in when they arrive.
MARGIN = 1.1
# Below this interval (more than 200 requests a second allowed) pacing is not worth a sleep: one controller does
# not send that fast, and a sequential task must not be slowed by its own previous request.
MIN_INTERVAL = 0.005
# Telnyx's own reset is seconds until the window ends; anything longer is not a rate window.
MAX_SECONDS = 3600.0

_LOCAL_STATES = {}
_LOCAL_LOCK = threading.Lock()


def _number(value):
    """A header's non-negative finite number, or None when absent or unreadable."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= MAX_SECONDS * 1000 else None


def state_folder():
    """The private folder of this user's gate files, made if missing; None when it cannot be trusted or used."""
    if fcntl is None or not hasattr(os, "getuid"):
        return None
    folder = os.path.join(tempfile.gettempdir(), "telnyx-voice-ratelimit-%d" % os.getuid())
    try:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        info = os.lstat(folder)
    except OSError:
        return None
    # In a shared temp folder another user could have made it first: use it only if it is ours and private.
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


class SharedRateGate:
    """The pacing of one account (API key) at one base_url, shared through the file system where it can be."""

    def __init__(self, api_key, base_url, folder=None, clock=time.time):
        # The wall clock, not a monotonic one: the processes sharing the file must read the same time.
        self._clock = clock
        self.name = hashlib.sha256(("%s\n%s" % (base_url, api_key)).encode("utf-8")).hexdigest()[:32]
        folder = folder if folder is not None else state_folder()
        self.path = os.path.join(folder, self.name + ".json") if folder else None

    @property
    def shared(self):
        """Whether the state is shared with other processes (False: kept in this process)."""
        return self.path is not None

    def reserve(self, max_wait):
        """Reserve the next send; return the seconds to wait before it, at most ``max_wait``.

        The slot is taken even when the wait is cut short, so the waiters behind it keep their order.
        """
        def take(state, now):
            for name in ("next", "closed_until"):
                if state.get(name, 0.0) > now + MAX_SECONDS:
                    del state[name]  # the clock went back: a time that far ahead is not a wait Telnyx asked for
            start = max(now, state.get("closed_until", 0.0))
            interval = self.interval(state)
            if interval:
                start = max(start, state.get("next", 0.0))
                state["next"] = start + interval
            return start - now

        return max(0.0, min(max_wait, self._update(take)))

    def learn(self, status, headers):
        """Take in what one answer says of the account's limit."""
        limit = _number(headers.get("x-ratelimit-limit"))
        remaining = _number(headers.get("x-ratelimit-remaining"))
        reset = _number(headers.get("x-ratelimit-reset"))
        if reset is None and status == 429:
            reset = _number(headers.get("Retry-After"))
        if reset is not None:
            reset = min(reset, MAX_SECONDS)
        if reset is None or (status != 429 and (limit is None or remaining is None)):
            return  # nothing to learn: no time is known (a header-less 429 is left to the client's backoff)

        def note(state, now):
            # Only the first answer of a window tells its length; a later one (a 429 included) says only what is
            # left of it, and would make the interval far too long or too short.
            if limit and limit >= 1 and remaining is not None and remaining >= limit - 1:
                state["limit"], state["window"] = limit, reset
            if status == 429 or remaining == 0:
                state["closed_until"] = max(state.get("closed_until", 0.0), now + reset)
            return None

        self._update(note)

    @staticmethod
    def interval(state):
        """Seconds between two sends for the limit learnt; 0 (no pacing) when unknown or negligible."""
        limit, window = state.get("limit"), state.get("window")
        if not limit or not window:
            return 0.0
        interval = window / limit * MARGIN
        return interval if interval >= MIN_INTERVAL else 0.0

    def _update(self, change):
        """Apply ``change(state, now)`` atomically to the shared state (or this process's); return its result."""
        if self.path is not None:
            try:
                return self._update_file(change)
            except (OSError, ValueError):
                # A file system that stops working mid-run (full, read-only, removed): go on per process.
                self.path = None
        with _LOCAL_LOCK:
            state = _LOCAL_STATES.setdefault(self.name, {})
            return change(state, self._clock())

    def _update_file(self, change):
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(self.path, flags, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # released when the descriptor is closed
            text = b""
            while True:
                chunk = os.read(descriptor, 4096)
                if not chunk:
                    break
                text += chunk
            try:
                state = json.loads(text.decode("utf-8")) if text else {}
            except ValueError:
                state = {}  # a torn or foreign file: start afresh rather than fail
            if not isinstance(state, dict) or not all(isinstance(value, (int, float)) for value in state.values()):
                state = {}
            result = change(state, self._clock())
            data = json.dumps(state, sort_keys=True).encode("utf-8")
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.ftruncate(descriptor, 0)
            os.write(descriptor, data)
            return result
        finally:
            os.close(descriptor)
