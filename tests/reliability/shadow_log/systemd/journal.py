"""journal.send/sendv write every message and field to the capture file (see ../syslog.py)."""

import os

from syslog import write

if not os.environ.get("TELNYX_LOG_JOURNALD"):
    raise ImportError("journald capture is off")


def send(MESSAGE, **fields):  # noqa: N803  pylint: disable=invalid-name
    write({"via": "journald", "message": MESSAGE, "fields": {name: str(value) for name, value in fields.items()}})


def sendv(*lines):
    write({"via": "journald", "message": "\n".join(str(line) for line in lines)})
