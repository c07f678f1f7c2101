# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Action plugin of telnyx_e2e.modes.probe: telnyx.voice's in-process action, for a test-only module."""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.plugin_utils._inprocess import InProcessAction


class ActionModule(InProcessAction):
    """Runs the probe module's main() in-process, or the module as a process."""
