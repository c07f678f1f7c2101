# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Action plugin of telnyx.voice.fqdn_connections: the module's documentation is in plugins/modules/.

It refuses a purging task inside a loop, then runs the module in-process or as a module process like every
telnyx.voice action; see plugin_utils/_plural_action.py and plugin_utils/_inprocess.py.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.plugin_utils._plural_action import PluralAction


class ActionModule(PluralAction):
    """Refuses a purge inside a loop; runs the module's own main() in-process, or the module as a process."""
