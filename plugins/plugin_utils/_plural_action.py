# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This plugin util is private to the telnyx.voice collection: it may change at any time.

"""The action of a plural module: refuse a purge inside a loop, then run the module as every telnyx.voice action does.

A plural task that may delete what its list does not name (``state: overridden``, or ``allow_empty`` with
``state: deleted``) deletes, in each iteration of a ``loop``, what the other iterations list: everything would
end up deleted. Only the controller knows that a task loops (``ansible_loop_var`` is set for each iteration), so
the refusal is made here, before the module runs and before any request.
"""

from __future__ import annotations

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.telnyx.voice.plugins.plugin_utils._inprocess import InProcessAction


def purges(args):
    """Whether a plural task with ``args`` may delete objects it does not list."""
    state = args.get("state") or "merged"
    try:
        allow_empty = boolean(args.get("allow_empty") or False, strict=False)
    except TypeError:
        allow_empty = False
    return state == "overridden" or (state == "deleted" and allow_empty)


class PluralAction(InProcessAction):
    """Runs a plural module; fails a purging task inside a loop before anything is sent."""

    def run(self, tmp=None, task_vars=None):
        if (task_vars or {}).get("ansible_loop_var") and purges(self._task.args):
            return dict(failed=True, changed=False, msg=(
                "%s with state=%s runs inside a loop: each iteration would delete the objects that the other "
                "iterations list, so nothing was sent. Give the whole list to one task as config instead of "
                "looping." % (self._task.action, self._task.args.get("state"))))
        return super().run(tmp, task_vars)
