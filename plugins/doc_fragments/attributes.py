# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Every module of the collection is in the telnyx action group; modules set idempotent's support.
    DOCUMENTATION = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/telnyx.voice.telnyx) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - telnyx.voice.telnyx
  idempotent:
    description:
      - When run twice in a row with the same arguments, the second run reports no change and sends no write.
"""

    # The modules whose action plugin runs them in-process on a local connection (plugin_utils/_inprocess.py).
    INPROCESS = r"""
options: {}
attributes:
  action:
    support: full
    details:
      - "On a local connection (C(connection: local), C(delegate_to: localhost) or the implicit localhost) without
        become, where the module's Python is the controller's, the module's own code runs inside the controller's
        worker process, with no module process to start; elsewhere it runs as a module on the target."
      - "A module process runs instead when C(ansible_python_interpreter) or the discovered interpreter names another
        Python, when the interpreter is still to be discovered, and when the controller lacks C(requests). Set
        E(TELNYX_VOICE_EXECUTION=module) to run it as a module process anyway."
  async:
    support: full
    details:
      - An async task always runs as a module process.
  bypass_host_loop:
    support: none
"""
