#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: phone_number_info
short_description: List the phone numbers of a Telnyx account, in the shape phone_number takes
version_added: 0.1.0
description:
  - Read the Telnyx v2 phone numbers of an account, every page of them, or those that the filters select. All
    filters given must match.
  - Each number comes back with the option names and nesting of M(telnyx.voice.phone_number), so that an item,
    without its C(read_only) key, can be fed straight back to that module, which then changes nothing.
  - External PINs are never returned; C(read_only.external_pin_set) says whether one is set.
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
      - The id of one number, a string of digits assigned by Telnyx. It is read directly, without a list.
      - An id that does not exist gives an empty list, not a failure.
    type: str
  phone_number:
    description:
      - Only the number that is exactly this, in E.164 form such as V(+13125550100). Its digits are sent as
        C(filter[phone_number]) and the number is then matched exactly.
    type: str
  connection_id:
    description: Only the numbers pointed at this connection, given by its id. Sent as C(filter[connection_id]).
    type: str
  tag:
    description: Only the numbers with this tag. Sent as C(filter[tag]).
    type: str
  status:
    description:
      - Only the numbers in this status, for example V(active) or V(port-pending). Sent as C(filter[status]).
    type: str
  customer_reference:
    description: Only the numbers with this customer reference. Sent as C(filter[customer_reference]).
    type: str
  country_iso_alpha2:
    description: Only the numbers of this country, a two-letter code such as V(US). Sent as C(filter[country_iso_alpha2]).
    type: str
  emergency_address_id:
    description:
      - Only the numbers whose emergency address has this id. Sent as C(filter[emergency_address_id]).
      - V(null) lists the numbers B(without) an emergency address, that is without emergency calling (E911), the
        audit before going live, since a US or Canadian number is not ready for voice without it.
    type: str
  voice_settings:
    description:
      - Also read the voice settings of each number, with one request per number, and return them as options
        (O(telnyx.voice.phone_number#module:call_forwarding), O(telnyx.voice.phone_number#module:translated_number),
        ...). What else the voice settings hold is returned as C(read_only.voice).
    type: bool
    default: false
notes:
  - Without O(voice_settings=true), the items still carry the voice options that the number itself reports
    (C(caller_id_name_enabled), C(inbound_call_screening)).
seealso:
  - module: telnyx.voice.phone_number
  - name: Telnyx phone numbers API
    description: The Telnyx v2 API reference for listing phone numbers.
    link: https://developers.telnyx.com/api/numbers/list-phone-numbers
"""

EXAMPLES = r"""
- name: Read the numbers pointed at one connection
  telnyx.voice.phone_number_info:
    api_key: "{{ vault_telnyx_api_key }}"
    connection_id: "{{ office.credential_connection.id }}"
  delegate_to: localhost
  register: office_numbers

- name: Read every active number with its voice settings
  telnyx.voice.phone_number_info:
    api_key: "{{ vault_telnyx_api_key }}"
    status: active
    voice_settings: true
  delegate_to: localhost
  register: numbers

- name: Fail when a number has no emergency calling (E911) yet
  telnyx.voice.phone_number_info:
    api_key: "{{ vault_telnyx_api_key }}"
    emergency_address_id: "null"
    country_iso_alpha2: US
  delegate_to: localhost
  register: without_e911
  failed_when: without_e911.phone_numbers | length > 0

- name: Bring every number under management, changing nothing
  telnyx.voice.phone_number: "{{ item | combine({'read_only': omit}) }}"
  loop: "{{ numbers.phone_numbers }}"
  loop_control:
    label: "{{ item.phone_number }}"
  delegate_to: localhost
  module_defaults:
    group/telnyx.voice.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"
"""

RETURN = r"""
phone_numbers:
  description:
    - Every number that matches, across all pages, in the order Telnyx lists them. Empty when none matches.
    - Each item holds C(id), then the options of M(telnyx.voice.phone_number), then C(read_only). Never the
      external PIN.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The id of the number.
      type: str
      sample: "1293384261075731499"
    read_only:
      description:
        - Everything else Telnyx reports, for example C(status), C(connection_name), C(phone_number_type) and
          C(purchased_at), and with O(voice_settings=true) the rest of the voice settings under C(voice).
        - Remove this key before feeding the item to M(telnyx.voice.phone_number).
      type: dict
      contains:
        external_pin_set:
          description: Whether the number has an external PIN; null when Telnyx does not report it.
          type: bool
          sample: true
  sample:
    - id: "1293384261075731499"
      phone_number: "+13125550100"
      connection_id: "1293384261075731500"
      tags: [office]
      hd_voice_enabled: false
      inbound_call_screening: disabled
      caller_id_name_enabled: false
      read_only:
        record_type: phone_number
        status: active
        connection_name: chicago-office
        phone_number_type: local
        external_pin_set: false
"""

from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER_INVENTORY
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_info_module


def main():
    run_info_module(PHONE_NUMBER_INVENTORY)


if __name__ == "__main__":
    main()
