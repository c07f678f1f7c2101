# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Helpers of test_execution_modes.py: run the same playbook in-process and as a module, then compare.

The ``playbook`` and ``emulator`` fixtures come from conftest.py; the execution path is chosen per run
with TELNYX_VOICE_EXECUTION (``auto``: in-process on a local connection; ``module``: a module process).
"""

from __future__ import annotations

import re

from conftest import reset

MODES = {"in-process": "auto", "module": "module"}
MODULE = "telnyx.voice.credential_connection"

# Telnyx ids are long strings of digits; timestamps are ISO 8601. Both differ from one run to the next.
_ID = re.compile(r"(?<![0-9])[0-9]{15,}(?![0-9])")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z")


def normalised(value):
    """``value`` with the ids and timestamps the emulator assigns replaced by placeholders."""
    if isinstance(value, str):
        return _TIME.sub("<time>", _ID.sub("<id>", value))
    if isinstance(value, dict):
        return {normalised(key): normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    return value


def user_output(run):
    """What the user saw, with ids, times and the name of the generated playbook file normalised."""
    return re.sub(r"playbook-[0-9]+\.yml", "playbook.yml", normalised(run.stdout))


def task(title, **options):
    return {"name": title, MODULE: options}


def run_both(playbook, emulator, tasks, seed=None, **options):
    """Run ``tasks`` once per mode, each on a freshly reset emulator; return ``{mode: (run, requests)}``.

    ``requests`` is the emulator's request log of that run, normalised, without timings.
    """
    extra_env = options.pop("env", None) or {}
    runs = {}
    for label, mode in MODES.items():
        reset(emulator)
        if seed:
            emulator.seed(seed)
        run = playbook(tasks, env=dict(extra_env, TELNYX_VOICE_EXECUTION=mode), **options)
        requests = [normalised({key: entry.get(key) for key in ("method", "path", "query", "body", "status")})
                    for entry in emulator.requests()]
        runs[label] = (run, requests)
    return runs


def comparable_records(run):
    """What a user and a callback see of each task: its name, status and result, ids and times normalised."""
    return [normalised({"task": record["task"], "status": record["status"], "result": record["result"]})
            for record in run.records]


def agreed(runs, output=True):
    """``(in-process run, module run, requests)`` of ``run_both``, once both paths are shown to agree: both ran
    to the end, every task's record, the requests sent and, with ``output``, what the user saw line by line."""
    (inprocess, inprocess_requests), (module, module_requests) = runs["in-process"], runs["module"]
    assert inprocess.rc == module.rc == 0, inprocess.output + module.output
    assert comparable_records(inprocess) == comparable_records(module)
    assert inprocess_requests == module_requests
    if output:
        assert user_output(inprocess) == user_output(module)
    return inprocess, module, inprocess_requests
