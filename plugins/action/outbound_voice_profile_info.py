# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Action plugin of telnyx.voice.outbound_voice_profile_info: the module's documentation is in plugins/modules/.

On a local connection the module runs in-process on the controller; anywhere else, or with
TELNYX_VOICE_EXECUTION=module, as a module process on the target. See plugin_utils/_inprocess.py.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._inventory import OUTBOUND_VOICE_PROFILE_INVENTORY
from ansible_collections.telnyx.voice.plugins.plugin_utils._inprocess import InventoryAction


class ActionModule(InventoryAction):
    INVENTORY = OUTBOUND_VOICE_PROFILE_INVENTORY
