#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ip_connection_info
short_description: List Telnyx IP connections with their IP records, in the shape ip_connection takes
version_added: 0.1.0
description:
  - Read the Telnyx v2 IP connections of an account, every page of them, or those that the filters select. All filters
    given must match.
  - Each connection comes back with the option names and nesting of M(telnyx.voice.ip_connection), its IP records
    included as O(telnyx.voice.ip_connection#module:ips) in priority order (the default primary, secondary and tertiary
    first), so that an item, without its C(read_only) key, can be fed straight back to that module, which then
    changes nothing.
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
      - The module only reads, in check mode as in a normal run.
  diff_mode:
    support: N/A
    details:
      - The module changes nothing, so there is no diff.
  idempotent:
    support: full
    details:
      - Every run sends the same reads (one per page of 250, or one by O(id), and one read of the IP records per
        connection) and never a write.
  platform:
    platforms: all
options:
  id:
    description:
      - The id of one connection, a string of digits assigned by Telnyx. It is read directly, without a list.
      - An id that does not exist gives an empty list, not a failure.
    type: str
  connection_name:
    description:
      - Only the connections whose name is exactly this, case included.
      - A name of 3 or more characters is also sent as Telnyx's substring filter, so only matching pages are read;
        the exact match is then made by the module. A shorter name needs every page of the account to be read.
    type: str
    aliases:
      - name
  name_contains:
    description:
      - Only the connections whose name contains this text, in any case. Sent as
        C(filter[connection_name][contains]).
      - Telnyx needs at least 3 characters, so a shorter text fails before any request. To find a short name,
        use O(connection_name).
    type: str
  outbound_voice_profile_id:
    description:
      - Only the connections that use this outbound voice profile, given by its id, a string of digits. Sent as
        C(filter[outbound_voice_profile_id]).
    type: str
notes:
  - The items carry O(id), so feeding one back to M(telnyx.voice.ip_connection) manages that very connection, even where
    several share a name.
  - The module's list is the priority order, its first three records being the connection's default primary,
    secondary and tertiary. A connection whose pointers name fewer records than it has (three or more records, a
    pointer left unset) is listed with its named records first; fed back, it gets its pointers set to the list.
  - A value that M(telnyx.voice.ip_connection) would refuse is reported under C(read_only) instead of among the options,
    with a warning, so that feeding the item back still works and leaves that value alone.
seealso:
  - module: telnyx.voice.ip_connection
"""

EXAMPLES = r"""
- name: Read every IP connection of the account, with its IP records
  telnyx.voice.ip_connection_info:
    api_key: "{{ vault_telnyx_api_key }}"
  delegate_to: localhost
  register: telnyx

- name: Bring every connection and its records under management, changing nothing
  telnyx.voice.ip_connection: "{{ item | combine({'read_only': omit}) }}"
  loop: "{{ telnyx.ip_connections }}"
  loop_control:
    label: "{{ item.connection_name }}"
  delegate_to: localhost
  module_defaults:
    group/telnyx.voice.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"
"""

RETURN = r"""
ip_connections:
  description:
    - Every connection that matches, across all pages, in the order Telnyx lists them. Empty when none matches.
    - Each item holds C(id), then the options of M(telnyx.voice.ip_connection) with their names and nesting, its records
      as C(ips), then C(read_only).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The id of the connection.
      type: str
      sample: "1293384261075731499"
    ips:
      description:
        - The IP records of the connection, in priority order, each with the options of
          O(telnyx.voice.ip_connection#module:ips).
      type: list
      elements: dict
    read_only:
      description:
        - Everything else Telnyx reports, which M(telnyx.voice.ip_connection) does not take as an option, with the same
          nesting, among them the default primary, secondary and tertiary IP ids under C(inbound).
        - Remove this key before feeding the item to M(telnyx.voice.ip_connection).
      type: dict
      contains:
        ips_ids:
          description: The ids of the records of C(ips), in the same order.
          type: list
          elements: str
          sample: ["1293384261075731600"]
  sample:
    - id: "1293384261075731499"
      connection_name: office-pbx
      active: true
      transport_protocol: UDP
      ips:
        - ip_address: 192.0.2.10
          port: 5060
      read_only:
        record_type: ip_connection
        ips_ids: ["1293384261075731600"]
"""

from ansible_collections.telnyx.voice.plugins.module_utils._ip_connection import IP_CONNECTION_INVENTORY
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_info_module


def main():
    run_info_module(IP_CONNECTION_INVENTORY)


if __name__ == "__main__":
    main()
