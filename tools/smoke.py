"""Run the smoke playbook twice against the emulator: the first run must succeed, the second must change nothing.

Usage: python tools/smoke.py [--playbook PATH] [--ansible-playbook PATH]
Needs TELNYX_BASE_URL and TELNYX_API_KEY (tools/run_with_emulator.py exports them) and an ANSIBLE_COLLECTIONS_PATH
that holds telnyx.voice. The values are passed to the playbook as the extra vars telnyx_base_url and telnyx_api_key.
The verdict comes from the PLAY RECAP of ansible-core's default callback.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECAP = re.compile(r'^(?P<host>\S+)\s*:\s*ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)'
                   r'\s+failed=(?P<failed>\d+)', re.MULTILINE)


def run_playbook(ansible_playbook, playbook, extra_vars, label):
    """Run the playbook once, echo its output, and return the recap counters of localhost."""
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK='default', ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0', ANSIBLE_RETRY_FILES_ENABLED='0')
    command = [ansible_playbook, playbook, '-e', json.dumps(extra_vars)]
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    output = result.stdout.decode('utf-8', 'replace')
    print('----- smoke %s: %s %s' % (label, ansible_playbook, playbook))
    print(output.replace(extra_vars['telnyx_api_key'], '********'), flush=True)
    counters = [match.groupdict() for match in RECAP.finditer(output) if match.group('host') == 'localhost']
    if result.returncode != 0 or not counters:
        sys.exit('smoke: %s run failed (ansible-playbook exit status %d)' % (label, result.returncode))
    return {key: int(value) for key, value in counters[-1].items() if key != 'host'}


def main():
    """Run twice and judge."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--playbook', default=os.path.join(ROOT, 'docs', 'examples', 'smoke.yml'))
    parser.add_argument('--ansible-playbook', default=shutil.which('ansible-playbook') or 'ansible-playbook')
    args = parser.parse_args()
    missing = [name for name in ('TELNYX_BASE_URL', 'TELNYX_API_KEY') if not os.environ.get(name)]
    if missing:
        sys.exit('smoke: %s not set; run it through tools/run_with_emulator.py' % ', '.join(missing))
    extra_vars = {'telnyx_base_url': os.environ['TELNYX_BASE_URL'], 'telnyx_api_key': os.environ['TELNYX_API_KEY']}

    first = run_playbook(args.ansible_playbook, args.playbook, extra_vars, 'first')
    if first['failed'] or first['unreachable'] or not first['changed']:
        sys.exit('smoke: the first run should create the connection (changed>=1, failed=0), got %s' % first)
    second = run_playbook(args.ansible_playbook, args.playbook, extra_vars, 'second')
    if second['failed'] or second['unreachable'] or second['changed']:
        sys.exit('smoke: the second run must report changed=0 (idempotence), got %s' % second)
    print('smoke: OK (first run changed=%d, second run changed=0)' % first['changed'])
    return 0


if __name__ == '__main__':
    sys.exit(main())
