# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test-only callback: append every task result, as Ansible hands it to callbacks, to a JSON-lines file.

The end-to-end tests read that file to assert on ``changed``, results and diffs, while the
default stdout callback still prints what a user sees (which the secret scans read).
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: telnyx_record
type: aggregate
short_description: Record task results for the telnyx.voice end-to-end tests
description:
  - Writes one JSON object per task result to the file named by E(TELNYX_E2E_RECORD).
requirements:
  - E(TELNYX_E2E_RECORD) names the output file
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "telnyx_record"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, status, result):
        path = os.environ.get("TELNYX_E2E_RECORD")
        if not path:
            return
        entry = {
            "status": status,
            "task": result.task_name if hasattr(result, "task_name") else result._task.get_name(),
            "action": result._task.action,
            "result": result._result,
        }
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, default=str) + "\n")

    def v2_runner_on_ok(self, result):
        self._record("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record("failed", result)

    def v2_runner_on_skipped(self, result):
        self._record("skipped", result)
