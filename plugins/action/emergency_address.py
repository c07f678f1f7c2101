# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Action plugin of telnyx.voice.emergency_address: the module's documentation is in plugins/modules/.

On a local connection with the controller's Python, the module's own main() runs in-process in the worker;
anywhere else, or with TELNYX_VOICE_EXECUTION=module, the module runs as a module process on the target. See plugin_utils/_inprocess.py.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.plugin_utils._inprocess import InProcessAction


class ActionModule(InProcessAction):
    """Runs the module's own main() in-process, or the module as a process; see plugin_utils/_inprocess.py."""
