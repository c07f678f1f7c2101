#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: credential_connections
short_description: Manage many Telnyx SIP credential connections in one task
version_added: 0.1.0
description:
  - Converge a whole list of Telnyx v2 SIP credential connections in one task, such as the trunks of every
    customer kept in a source of truth.
  - Each item of O(connections) takes exactly the options of M(telnyx.voice.credential_connection) (apart from
    the connection options, given once for the task) and is planned by the same code, so an item does what a task
    of that module with the same options would do.
  - Every item is validated before any request; one bad item, or two items that name the same connection, fails
    the task naming the item's index, name and option, and nothing is sent.
  - The account's connections are read once (every page of the list, 250 a page), or each item's own connection
    when that is fewer requests. Only the writes are sent, by up to O(workers) threads at a time, which slow down
    together when Telnyx says the rate limit is reached (C(x-ratelimit-remaining), C(x-ratelimit-reset), HTTP 429).
  - With O(exclusive=true), the connections inside O(scope) that no item names are deleted.
  - For one or a few connections, or when items depend on each other in order, use
    M(telnyx.voice.credential_connection) in a loop instead.
author:
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
      - Check mode sends only the reads and predicts, item by item, the create, update or delete a real run would
        make, and which connections O(exclusive) would delete.
  diff_mode:
    support: full
    details:
      - Each changed item, and each connection O(exclusive) deletes, has a before/after diff of the options given.
        A password is never shown.
  idempotent:
    support: full
    details:
      - "What a second run with the same arguments sends: the list of connections, one request per 250 (or, with
        few items on a big account, one read per item), and no write. C(changed: false)."
  platform:
    platforms: all
options:
  connections:
    description:
      - The connections, each a dictionary of the options of M(telnyx.voice.credential_connection) (O(ignore:id),
        O(ignore:connection_name), O(ignore:state), O(ignore:update_password) and every connection field, with the
        same types, defaults, aliases and rules). Its documentation describes them.
      - The connection options (O(api_key), O(base_url) and the others) are given once, for the task, not per item.
      - Each connection may appear once, by id or by name.
    type: list
    elements: dict
    required: true
  exclusive:
    description:
      - Also delete every connection inside O(scope) that no item names (by id or by exact name).
      - Needs O(scope); the task fails before any request without it.
    type: bool
    default: false
  scope:
    description:
      - The connections O(exclusive) may delete. Give one of O(scope.tag) and O(scope.name_prefix).
      - Connections outside the scope are never deleted by O(exclusive), even if no item names them.
    type: dict
    suboptions:
      tag:
        description: The connections that carry this tag.
        type: str
      name_prefix:
        description: The connections whose name starts with this text (case matters).
        type: str
  workers:
    description:
      - How many requests may be in flight at once, 1 to 32 (the writes, and the pages of the list after the first).
      - All of them wait together when Telnyx says the rate limit is reached.
    type: int
    default: 16
  full_results:
    description:
      - Return the whole connection object of every item, unchanged ones included.
      - By default an unchanged item's entry in RV(connections) has its C(id) and C(connection_name) only, since
        the objects of 10,000 connections are some 20 MB that Ansible would carry through every step of the task.
    type: bool
    default: false
notes:
  - The connection options' retry budget (O(max_retries)) applies to each logical operation, as in
    M(telnyx.voice.credential_connection). The list of every page is one operation, and each item's write with
    its read-back is another.
  - An item that fails does not stop the others. The task then fails, naming the items that failed with Telnyx's
    reasons; O(connections) in the result says what each item did, and a rerun converges the rest.
seealso:
  - module: telnyx.voice.credential_connection
    description: One connection per task; its documentation describes every option an item takes.
  - module: telnyx.voice.credential_connection_info
    description: Export the account's connections, in the shape an item takes.
"""

EXAMPLES = r"""
- name: Keep every customer trunk from the source of truth
  telnyx.voice.credential_connections:
    api_key: "{{ vault_telnyx_api_key }}"
    connections: "{{ customer_trunks }}"
  delegate_to: localhost

- name: Read the trunks from a CSV file (header connection_name,user_name,password)
  community.general.read_csv:
    path: trunks.csv
  register: trunks_csv
  delegate_to: localhost

- name: Keep them, deleting the managed trunks no longer listed
  telnyx.voice.credential_connections:
    api_key: "{{ vault_telnyx_api_key }}"
    connections: "{{ trunks_csv.list | map('combine', {'tags': ['managed-by-ansible'], 'update_password': 'on_create'}) }}"
    exclusive: true
    scope:
      tag: managed-by-ansible
  delegate_to: localhost

- name: Delete two connections, one by id and one by name
  telnyx.voice.credential_connections:
    api_key: "{{ vault_telnyx_api_key }}"
    connections:
      - id: "1293384261075731499"
        state: absent
      - connection_name: lab-old
        state: absent
  delegate_to: localhost
"""

RETURN = r"""
connections:
  description:
    - One entry per item of O(connections), in the same order.
    - C(index) is the item's position, C(action) one of V(create), V(update), V(delete) and V(none), C(id) and
      C(connection_name) name the connection, and C(credential_connection) is the connection after the run (as
      M(telnyx.voice.credential_connection) returns it, the password masked; in check mode the prediction), for
      an item that changed or failed, or for every item with O(full_results=true).
    - C(diff) (in diff mode) is the item's before/after. A failed item has C(failed) and C(msg) with Telnyx's reason.
    - C(warnings) holds the item's warnings, those M(telnyx.voice.credential_connection) would give. The task shows
      the first 10 warnings of all items and says how many more there are.
  returned: always
  type: list
  elements: dict
  sample:
    - index: 0
      changed: true
      action: update
      id: "1293384261075731499"
      connection_name: customer-0001
      credential_connection:
        id: "1293384261075731499"
        connection_name: customer-0001
        user_name: customer0001
        password: "********"
        active: true
purged:
  description: The connections O(exclusive) deleted (or, in check mode, would delete), each with its C(id).
  returned: always
  type: list
  elements: dict
  sample: []
counts:
  description: How many items were created, updated, deleted, unchanged and failed, and how many connections were purged.
  returned: always
  type: dict
  sample: {total: 2, created: 0, updated: 1, deleted: 0, unchanged: 1, failed: 0, purged: 0}
requests:
  description: How many requests were sent to Telnyx, retries not counted.
  returned: always
  type: int
  sample: 1
failed_items:
  description: The items that failed, by index and name.
  returned: failure
  type: list
  elements: str
  sample: ["connections[3] (connection_name 'customer-0004')"]
converged_items:
  description: When some items failed, the items (and the connections O(exclusive) deleted) that converged.
  returned: failure
  type: list
  elements: str
  sample: ["connections[0] (connection_name 'customer-0001')"]
"""

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._fleet import run_fleet_module


def main():
    run_fleet_module(CREDENTIAL_CONNECTION)


if __name__ == "__main__":
    main()
