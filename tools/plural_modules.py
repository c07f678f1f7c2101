# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the plural modules (plugins/modules/<resources>.py) from their single module's documentation.

A plural module's ``config`` items take exactly the single module's resource options, and ansible-test's
validate-modules holds the documentation of every suboption to the argument spec: so the items' documentation is
the single module's, copied here (its O() references pointed at the item), never written twice by hand.
The rest of a plural module's documentation is the same for every resource, with its names put in.

Usage: python tools/plural_modules.py write | check   (check fails when a module file is stale; `make docs-check` runs it)
"""

from __future__ import annotations

import difflib
import importlib
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "plugins" / "modules"
FRAGMENTS = ROOT / "plugins" / "doc_fragments"
# The collection's fragments that a plural module extends itself (its DOC below); a single module's other fragments
# hold resource options, which become the items' suboptions.
PLURAL_FRAGMENTS = ("telnyx.voice.connection", "telnyx.voice.attributes")

# plural module: (single module, resource constant, the module_utils file, example config, the name key)
PLURALS = {
    "credential_connections": dict(
        single="credential_connection", resource="CREDENTIAL_CONNECTION", util="_credential_connection",
        name_field="connection_name",
        states="merged, replaced, overridden, deleted, gathered", example="""\
      - connection_name: customer-0001
        user_name: customer0001
        password: "{{ vault_customer_0001_password }}"
        tags: [managed-by-ansible]
        outbound:
          outbound_voice_profile_name: default-outbound
      - connection_name: customer-0002
        user_name: customer0002
        password: "{{ vault_customer_0002_password }}"
        tags: [managed-by-ansible]
        update_password: on_create"""),
    "fqdn_connections": dict(
        single="fqdn_connection", resource="FQDN_CONNECTION", util="_fqdn_connection",
        name_field="connection_name",
        states="merged, replaced, overridden, deleted, gathered", example="""\
      - connection_name: customer-0001-pbx
        tags: [managed-by-ansible]
        fqdns:
          - fqdn: pbx.customer-0001.example.com
        outbound:
          outbound_voice_profile_name: default-outbound
      - connection_name: customer-0002-pbx
        tags: [managed-by-ansible]
        fqdns:
          - fqdn: sip.customer-0002.example.com
            dns_record_type: srv
        outbound:
          outbound_voice_profile_name: default-outbound"""),
    "ip_connections": dict(
        single="ip_connection", resource="IP_CONNECTION", util="_ip_connection",
        name_field="connection_name",
        states="merged, replaced, overridden, deleted, gathered", example="""\
      - connection_name: customer-0001-sbc
        tags: [managed-by-ansible]
        ips:
          - ip_address: 192.0.2.10
          - ip_address: 192.0.2.11
        outbound:
          outbound_voice_profile_name: default-outbound"""),
    "outbound_voice_profiles": dict(
        single="outbound_voice_profile", resource="OUTBOUND_VOICE_PROFILE", util="_outbound_voice_profile",
        name_field="name",
        states="merged, replaced, overridden, deleted, gathered", example="""\
      - name: chicago-outbound
        daily_spend_limit: "100"
        daily_spend_limit_enabled: true
        tags: [managed-by-ansible]
      - name: toronto-outbound
        whitelisted_destinations: [CA, US]
        tags: [managed-by-ansible]"""),
    "phone_numbers": dict(
        single="phone_number", resource="PHONE_NUMBER", util="_phone_number",
        name_field="phone_number",
        states="merged, replaced, gathered", example="""\
      - phone_number: "+13125550100"
        connection_id: "1293384261075731499"
        tags: [chicago]
      - phone_number: "+13125550101"
        connection_id: "1293384261075731499"
        tags: [chicago]"""),
}

HEADER = '''#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# Written by tools/plural_modules.py from the documentation of {single}: edit that module, or the tool,
# then run `make docs`.

from __future__ import annotations

'''

DOC = '''module: {plural}
short_description: Manage many Telnyx {label}s in one task
version_added: 0.1.0
description:
  - Keep many Telnyx v2 {label}s in one task, in the shape of the ansible.netcommon resource modules
    (O(config) and O(state)), such as every {label} kept in a source of truth.
  - Each item of O(config) takes exactly the resource options of M(telnyx.voice.{single}), is validated by the
    same rules and planned by the same code, so an item does what a task of that module with the same options
    would do. The connection options are given once, for the task.
  - Every item is validated before any request; a bad item, or two items that name the same {label}, fails the
    task naming the item, and nothing is sent.
  - The account's {label}s are read once (every page of the list, in parallel), or each item's own when that is
    fewer requests. A list that others changed while it was read is read again, and an item the list lacks is
    looked up by name before anything is created, so a {label} is never created twice.
  - Only the writes are sent, by up to O(workers) threads at a time, which slow down together when Telnyx says
    the rate limit is reached.
{bulk}{refusal}author:
  - telnyx.voice maintainers (@telnyx-voice)
extends_documentation_fragment:
  - telnyx.voice.connection
  - telnyx.voice.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - telnyx.voice.attributes.inprocess
attributes:
  check_mode:
    support: full
    details:
      - Check mode sends only reads and predicts, item by item, what a real run would do; RV(commands) lists the
        write requests it would send.
  diff_mode:
    support: full
    details:
      - Each changed item has a before/after diff of the options given. A secret is never shown.
{delete_diff}  idempotent:
    support: full
    details:
      - "A second run with the same arguments reads the list (one request per 250 {label}s) and sends no write:
        C(changed: false)."
  platform:
    platforms: all
options:
  state:
    description:
      - V(merged) creates or updates the listed {label}s with the options given; what is not given is left alone.
      - V(replaced) gives each listed {label} exactly the options given; an option not given returns to the
        default of Telnyx's schema. Options without a schema default (names, references, tags, secrets) are
        left as they are, as is a secret not given.
{state_docs}      - V(gathered) reads the account (or O(scope)) into RV(gathered), in the shape of O(config), with no
        secret, so that it feeds back as O(config) with no write.
    type: str
    choices: [{states}]
    default: merged
  scope:
    description:
      - Which {label}s {scope_use}. Give one of O(scope.tag) and O(scope.name_prefix).
    type: dict
    suboptions:
      tag:
        description: The {label}s that carry this tag.
        type: str
      name_prefix:
        description: The {label}s whose C({name_field}) starts with this text (case matters).
        type: str
  allow_empty:
    description:
{allow_empty_doc}    type: bool
    default: false
  workers:
    description:
      - How many requests may be in flight at once, 1 to 32 (the writes, and the pages of the list after the first).
    type: int
    default: 16
  full_results:
    description:
      - Return the whole object of every item, unchanged ones included. By default an unchanged item's entry in
        RV({plural}) has its C(id) and C({name_field}) only.
    type: bool
    default: false
  config:
    description:
      - The {label}s, each a dictionary of the resource options of M(telnyx.voice.{single}), described below.
      - Each {label} may appear once, by C(id) or by C({name_field}).
    type: list
    elements: dict
    suboptions: {{}}
notes:
  - The retry budget (O(max_retries)) applies to each logical operation, as in M(telnyx.voice.{single}). The read
    of every page is one operation, and each item's write with its read-back is another.
  - An item that fails does not stop the others. The task then fails naming the items that failed with Telnyx's
    reasons; RV({plural}) says what each item did, and a rerun converges the rest.
{bulk_notes}seealso:
  - module: telnyx.voice.{single}
    description: One {label} per task.
  - module: telnyx.voice.{single}_info
    description: List {label}s with filters, in the shape an item takes.
'''

EXAMPLES = '''
- name: Keep the {label}s of the source of truth, leaving others alone
  telnyx.voice.{plural}:
    config:
{example}
  delegate_to: localhost

- name: Read them back in the shape of config
  telnyx.voice.{plural}:
    state: gathered
    scope:
      tag: managed-by-ansible
  register: gathered
  delegate_to: localhost
'''

RETURN = '''
{plural}:
  description:
    - One entry per item of O(config), in its order, with C(index), C(changed), C(action) (V(create), V(update),
      V(delete) or V(none)), C(id) and C({name_field}); the whole object (as C({result_key})) when it changed,
      failed or O(full_results) is set;{deleted_entry}
      C(diff) in diff mode; C(warnings); and C(failed) with C(msg) for an item that failed.{bulk_entry}
      Secrets are masked.
    - When some items failed, Ansible prints the result whole, so the entries of the items that converged beside
      them hold only C(index), C(changed), C(action), C(id) and C({name_field}), unless O(full_results) is set.
  returned: unless O(state=gathered)
  type: list
  elements: dict
purged:
  description: The {label}s that O(state=overridden) deleted (or would delete), each as an entry of RV({plural}).
  returned: unless O(state=gathered)
  type: list
  elements: dict
counts:
  description: How many items were created, updated, deleted, unchanged and failed, of the total, and how many
    {label}s were purged.
  returned: unless O(state=gathered)
  type: dict
  sample: {{total: 2, created: 1, updated: 0, deleted: 0, unchanged: 1, failed: 0, purged: 0}}
commands:
  description:
    - The write requests sent or, in check mode, that would be sent, each with C(method), C(path) and C(body)
      (secrets masked), in the spirit of the C(commands) of network resource modules.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{{method: PATCH, path: /{path}/1293384261075731499, body: {{tags: [managed-by-ansible]}}}}]
{bulk_return}requests:
  description: How many HTTP requests the task sent, retries included.
  returned: always
  type: int
retries:
  description: How many of RV(requests) were retries (after a 429, a 5xx or a lost answer).
  returned: unless O(state=gathered)
  type: int
rate_limited:
  description: How many answers were HTTP 429 (too many requests); the task's clients share one rate gate.
  returned: unless O(state=gathered)
  type: int
gathered:
  description: With O(state=gathered), the {label}s of the account (or of O(scope)), each in the shape of an item
    of O(config), with no secret.
  returned: when O(state=gathered)
  type: list
  elements: dict
failed_items:
  description: When some items failed, the items that failed.
  returned: failure
  type: list
  elements: str
converged_items:
  description: When some items failed, the items that converged.
  returned: failure
  type: list
  elements: str
'''

MAIN = '''
from ansible_collections.telnyx.voice.plugins.module_utils.{util} import {resource}
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_plural_module


def main():
    run_plural_module({resource})


if __name__ == "__main__":
    main()
'''

STATE_DOCS = '''      - V(overridden) is V(replaced) for the listed {label}s, and deletes every other {label} inside O(scope),
        which it requires. Nothing outside the scope is touched; an item that would leave the scope is refused.
      - V(deleted) deletes the listed {label}s.
'''

ALLOW_EMPTY = '''      - An empty or missing O(config) never deletes anything unless this is V(true). With V(true), O(state=overridden)
        and an empty O(config) delete every {label} in O(scope), and so does O(state=deleted) with O(scope).
      - A task that can delete {label}s it does not list fails inside a C(loop), before any request, since each
        iteration would delete what the others list.
'''

NO_ALLOW_EMPTY = '''      - Has no effect here, since this module never deletes a {label}; it is accepted so that every plural module
        takes the same options.
'''

BULK = '''  - Reads are sweeps of Telnyx's lists, 250 {label}s a page; the {label}s, and each further list (the
    voice settings, C(/phone_numbers/voice)) only when an item sets one of its options.
  - Writes go by Telnyx's jobs (C(POST /phone_numbers/jobs/update_phone_numbers)); the items whose change is the
    same (one request body) are written by one job of up to 1,000 numbers, at most 20 jobs at once, each polled
    as its estimated completion says, then every number is read back to verify it. When Telnyx says the
    account's job quota is full, the task waits for a slot (up to 5 minutes while none of its own jobs runs).
  - A change shared by fewer than 5 numbers, and one that clears a value (a job has no documented way to clear),
    is sent number by number (C(PATCH)), as M(telnyx.voice.{single}) sends it.
'''

BULK_NOTES = '''  - A job that fails for some numbers fails those items with Telnyx's errors (RV({plural}) and RV(jobs)); a
    job that expires, or is not done after 15 minutes, fails its items naming the job id and how many numbers it
    had done. A job whose POST lost its answer is looked for among the account's jobs and followed, never posted
    again while it may still run.
  - In check mode only the sweeps are sent; RV(jobs) and RV(commands) hold the exact jobs (numbers and body) a
    real run would send.
'''

BULK_ENTRY = " An item written by a job\n      has C(job), the job's id."

BULK_RETURN = '''jobs:
  description:
    - The Telnyx jobs sent or, in check mode, that would be sent, each with C(id) (null in check mode), C(status)
      (V(completed), V(failed), V(expired)...), C(body) (secrets masked), C({plural}) (the ids it wrote), C(succeeded)
      and C(failed) (how many numbers), and C(msg) when the run gave up on it.
  returned: unless O(state=gathered)
  type: list
  elements: dict
'''

REFUSAL = '''  - Numbers are never deleted or released (that goes through paid number orders), so there is no V(deleted) or
    V(overridden) state.
'''


def _documentation(path, name):
    """The DOCUMENTATION of a module or a doc fragment file, as data."""
    source = path.read_text()
    namespace = {}
    exec(compile(source.split("\nEXAMPLES = ", 1)[0].split("from __future__ import annotations", 1)[1],
                 name, "exec"), namespace)  # pylint: disable=exec-used
    documentation = namespace["DOCUMENTATION"] if "DOCUMENTATION" in namespace else \
        namespace["ModuleDocFragment"].DOCUMENTATION
    return yaml.safe_load(documentation)


def single_documentation(single):
    """The single module's documentation, with the options of the collection's fragments it extends (those the
    plural module does not extend itself: the resource's shared options) merged in."""
    documentation = _documentation(MODULES / ("%s.py" % single), single)
    for fragment in documentation.get("extends_documentation_fragment", []):
        namespace, dummy, name = fragment.rpartition(".")
        if namespace == "telnyx.voice" and fragment not in PLURAL_FRAGMENTS:
            shared = _documentation(FRAGMENTS / ("%s.py" % name), name).get("options") or {}
            documentation["options"].update((option, spec) for option, spec in shared.items()
                                            if option not in documentation["options"])
    return documentation


def item_options(single):
    """The single module's options, less ``state``, with references to them pointed at the item."""
    options = single_documentation(single)["options"]
    options.pop("state", None)
    names = set(options)

    def point(text):
        text = re.sub(r"O\(state=([a-z_]+)\)", r"C(state=\1)", text)
        return re.sub(r"O\(([a-z_0-9]+)", lambda m: "O(config[].%s" % m.group(1) if m.group(1) in names else m.group(0),
                      text)

    def walk(value):
        if isinstance(value, str):
            return point(value)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value
    return walk(options)


def render(plural):
    spec = PLURALS[plural]
    sys.path.insert(0, str(ROOT / ".collections"))
    util = importlib.import_module("ansible_collections.telnyx.voice.plugins.module_utils." + spec["util"])
    resource = getattr(util, spec["resource"])
    deletable = resource.deletable
    names = dict(spec, plural=plural, label=resource.label, result_key=resource.result_key,
                 path=resource.path.strip("/"),
                 delete_diff="      - A delete or a purge shows in one line which %s goes, by name and id; the whole %s "
                 "is in the C(deleted) of its entry.\n" % (resource.label, resource.label) if deletable else "",
                 deleted_entry="\n      C(deleted), the whole object as it was, for an item deleted or purged;"
                 if deletable else "")
    bulk = resource.bulk is not None
    doc = DOC.format(refusal="" if deletable else REFUSAL, bulk=BULK.format(**names) if bulk else "",
                     bulk_notes=BULK_NOTES.format(**names) if bulk else "",
                     allow_empty_doc=(ALLOW_EMPTY if deletable else NO_ALLOW_EMPTY).format(**names), state_docs=STATE_DOCS.format(**names) if deletable else "",
                     scope_use="a purge may touch (O(state=overridden), O(state=deleted) with O(allow_empty)), and "
                     "which O(state=gathered) reads" if deletable else "O(state=gathered) reads", **names)
    documentation = yaml.safe_load(doc)
    documentation["options"]["config"]["suboptions"] = item_options(spec["single"])
    text = yaml.safe_dump(documentation, sort_keys=False, width=110, default_flow_style=False)
    returned = RETURN.format(bulk_entry=BULK_ENTRY if bulk else "",
                             bulk_return=BULK_RETURN.format(**names) if bulk else "", **names)
    return (HEADER.format(**names) + 'DOCUMENTATION = r"""\n' + text + '"""\n\nEXAMPLES = r"""' +
            EXAMPLES.format(**names) + '"""\n\nRETURN = r"""' + returned + '"""\n' +
            MAIN.format(**names))


def main(argv):
    mode = argv[1] if len(argv) > 1 else "check"
    stale = []
    for plural in PLURALS:
        path = MODULES / ("%s.py" % plural)
        text = render(plural)
        if mode == "write":
            path.write_text(text)
        elif not path.exists() or path.read_text() != text:
            stale.append(path)
            old = path.read_text().splitlines() if path.exists() else []
            sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(old, text.splitlines(), str(path),
                                                                               "generated", lineterm="", n=1))
    if stale:
        print("plural modules are stale: run `make docs` (tools/plural_modules.py write) and commit them")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
