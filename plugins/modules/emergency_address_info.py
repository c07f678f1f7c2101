#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: emergency_address_info
short_description: List Telnyx emergency (E911) addresses, in the shape emergency_address takes
version_added: 0.1.0
description:
  - Read the Telnyx v2 addresses of an account, every page of them, or those that the filters select. All filters
    given must match.
  - Each address comes back with the option names of M(telnyx.voice.emergency_address), so that an item, without
    its C(read_only) key, can be fed straight back to that module, which then changes nothing.
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
  platform:
    platforms: all
options:
  id:
    description:
      - The id of one address, a string of digits assigned by Telnyx. It is read directly, without a list, unless
        O(used_as_emergency) is given (only Telnyx knows which addresses numbers use, so the filtered list is read).
      - An id that does not exist gives an empty list, not a failure.
    type: str
  customer_reference:
    description:
      - Only the address whose customer reference is exactly this, case included. Sent as
        C(filter[customer_reference][eq]).
    type: str
  customer_reference_contains:
    description:
      - Only the addresses whose customer reference contains this text, in any case. Sent as
        C(filter[customer_reference][contains]).
    type: str
  street_address_contains:
    description:
      - Only the addresses whose street address contains this text, in any case. Sent as
        C(filter[street_address][contains]).
      - Telnyx needs at least 3 characters, so a shorter text fails before any request.
    type: str
  used_as_emergency:
    description:
      - With V(true), only the addresses that at least one active number uses for emergency calling; with V(false),
        only those that no number uses. Sent as C(filter[used_as_emergency]).
    type: bool
  address_book:
    description:
      - Only the addresses that are (V(true)) or are not (V(false)) in the address book. Sent as
        C(filter[address_book][eq]).
    type: bool
notes:
  - The items carry O(id), so feeding one back to M(telnyx.voice.emergency_address) manages that very address.
seealso:
  - module: telnyx.voice.emergency_address
  - module: telnyx.voice.phone_number_info
  - name: Telnyx addresses API
    description: The Telnyx v2 API reference for listing addresses.
    link: https://developers.telnyx.com/api/addresses/find-addresses
"""

EXAMPLES = r"""
- name: Read the addresses that numbers use for emergency calling
  telnyx.voice.emergency_address_info:
    api_key: "{{ vault_telnyx_api_key }}"
    used_as_emergency: true
  delegate_to: localhost
  register: telnyx

- name: List the addresses that no number uses, which can be deleted
  telnyx.voice.emergency_address_info:
    api_key: "{{ vault_telnyx_api_key }}"
    used_as_emergency: false
  delegate_to: localhost
  register: unused
"""

RETURN = r"""
emergency_addresses:
  description:
    - Every address that matches, across all pages, in the order Telnyx lists them. Empty when none matches.
    - Each item holds C(id), then the options of M(telnyx.voice.emergency_address), then C(read_only).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The id of the address.
      type: str
      sample: "1293384261075731499"
    read_only:
      description:
        - Everything else Telnyx reports, for example C(record_type), C(created_at) and C(updated_at).
        - Remove this key before feeding the item to M(telnyx.voice.emergency_address).
      type: dict
  sample:
    - id: "1293384261075731499"
      customer_reference: austin-office
      first_name: Alfred
      last_name: Foster
      business_name: Example Corp
      street_address: 600 Congress Avenue
      locality: Austin
      administrative_area: TX
      postal_code: "78701"
      country_code: US
      address_book: true
      validate_address: true
      read_only:
        record_type: address
        created_at: "2026-11-22T09:00:00.000Z"
        updated_at: "2026-11-22T09:00:00.000Z"
"""

from ansible_collections.telnyx.voice.plugins.module_utils._emergency_address import EMERGENCY_ADDRESS_INVENTORY
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_info_module


def main():
    run_info_module(EMERGENCY_ADDRESS_INVENTORY)


if __name__ == "__main__":
    main()
