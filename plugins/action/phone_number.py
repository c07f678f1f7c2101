# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Action plugin of telnyx.voice.phone_number: the module's documentation is in plugins/modules/.

On a local connection the module runs in-process on the controller; anywhere else, or with
TELNYX_VOICE_EXECUTION=module, as a module process on the target. See plugin_utils/_inprocess.py.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.plugins.plugin_utils._inprocess import ResourceAction


class ActionModule(ResourceAction):
    RESOURCE = PHONE_NUMBER
