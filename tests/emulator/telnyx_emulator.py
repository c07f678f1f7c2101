#!/usr/bin/env python
"""Start the Telnyx v2 API emulator (standard library only); the code lives in the ``emu`` package beside this file.

Run it from the repository root::

    python tests/emulator/telnyx_emulator.py --port 8765 --api-key demo-api-key

and point clients at ``http://127.0.0.1:8765/v2`` with ``Authorization: Bearer demo-api-key``.
``--help`` lists the options and the control routes; ``emu/__init__.py`` documents the control
API, quirk switches, settings and faults.
"""

import os
import sys

if __package__:
    from .emu.server import main  # imported as tests.emulator.telnyx_emulator
else:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from emu.server import main  # pylint: disable=import-error

if __name__ == "__main__":
    sys.exit(main())
