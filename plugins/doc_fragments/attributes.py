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
