"""A stand-in for the syslog module: every message goes, as a JSON line, to the file named by TELNYX_LOG_CAPTURE.

Put first on PYTHONPATH (tests/reliability/test_syslog.py), it is what ansible-core's AnsibleModule.log() uses in
the controller's worker (in-process) and in a module process alike.
"""

import json
import os
import sys

LOG_USER = 8
LOG_INFO = 6
LOG_WARNING = 4
LOG_ERR = 3
LOG_PID = 1
LOG_LOCAL0 = 128


def write(record):
    with open(os.environ["TELNYX_LOG_CAPTURE"], "a", encoding="utf-8") as capture:
        capture.write(json.dumps(dict(record, argv0=os.path.basename(sys.argv[0]))) + "\n")


def openlog(*args, **kwargs):
    pass


def closelog():
    pass


def syslog(*args):
    write({"via": "syslog", "message": args[-1]})
