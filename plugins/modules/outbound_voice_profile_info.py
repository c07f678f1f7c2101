#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: outbound_voice_profile_info
short_description: List Telnyx outbound voice profiles, in the shape outbound_voice_profile takes
version_added: 0.1.0
description:
  - Read the Telnyx v2 outbound voice profiles of an account, every page of them, or those that the filters select.
    All filters given must match.
  - Each profile comes back with the option names and nesting of M(telnyx.voice.outbound_voice_profile), so that an
    item, without its C(read_only) key, can be fed straight back to that module, which then changes nothing.
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
      - The id of one profile, a string of digits assigned by Telnyx. It is read directly, without a list.
      - An id that does not exist gives an empty list, not a failure.
    type: str
  name:
    description:
      - Only the profiles whose name is exactly this, case included.
      - A name of 3 or more characters is also sent as Telnyx's substring filter, so only matching pages are read;
        the exact match is then made by the module.
    type: str
  name_contains:
    description:
      - Only the profiles whose name contains this text, in any case. Sent as C(filter[name][contains]).
      - Telnyx needs at least 3 characters, so a shorter text fails before any request.
    type: str
notes:
  - The items carry O(id), so feeding one back to M(telnyx.voice.outbound_voice_profile) manages that very profile,
    even where several share a name.
  - A value that M(telnyx.voice.outbound_voice_profile) would refuse is reported under C(read_only) instead of among
    the options, with a warning, so that feeding the item back still works and leaves that value alone.
seealso:
  - module: telnyx.voice.outbound_voice_profile
  - name: Telnyx outbound voice profiles API
    description: The Telnyx v2 API reference for listing outbound voice profiles.
    link: https://developers.telnyx.com/api/outbound-voice-profiles/list-outbound-voice-profiles
"""

EXAMPLES = r"""
- name: Read every outbound voice profile of the account
  telnyx.voice.outbound_voice_profile_info:
    api_key: "{{ vault_telnyx_api_key }}"
  delegate_to: localhost
  register: telnyx

- name: Bring every profile under management, changing nothing
  telnyx.voice.outbound_voice_profile: "{{ item | combine({'read_only': omit}) }}"
  loop: "{{ telnyx.outbound_voice_profiles }}"
  loop_control:
    label: "{{ item.name }}"
  delegate_to: localhost
  module_defaults:
    group/telnyx.voice.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"

- name: Find the profiles of every office
  telnyx.voice.outbound_voice_profile_info:
    api_key: "{{ vault_telnyx_api_key }}"
    name_contains: office
  delegate_to: localhost
  register: offices
"""

RETURN = r"""
outbound_voice_profiles:
  description:
    - Every profile that matches, across all pages, in the order Telnyx lists them. Empty when none matches.
    - Each item holds C(id), then the options of M(telnyx.voice.outbound_voice_profile) with their names and
      nesting, then C(read_only).
    - A null that an option can express is given as that option would set it, for example an empty string for
      C(concurrent_call_limit) without a limit.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The id of the profile.
      type: str
      sample: "1293384261075731499"
    read_only:
      description:
        - Everything else Telnyx reports, for example C(record_type), C(connections_count), C(created_at) and
          C(updated_at), and a value the module would refuse.
        - Remove this key before feeding the item to M(telnyx.voice.outbound_voice_profile).
      type: dict
  sample:
    - id: "1293384261075731499"
      name: chicago-outbound
      enabled: true
      billing_group_id: ""
      concurrent_call_limit: 10
      daily_spend_limit: "100.00"
      daily_spend_limit_enabled: true
      max_destination_rate: 0.25
      service_plan: global
      traffic_type: conversational
      usage_payment_method: rate-deck
      tags: [office]
      whitelisted_destinations: [US, CA]
      call_recording:
        call_recording_type: none
        call_recording_caller_phone_numbers: []
        call_recording_channels: single
        call_recording_format: wav
      read_only:
        record_type: outbound_voice_profile
        connections_count: 1
        created_at: "2026-11-22T09:00:00.000Z"
        updated_at: "2026-11-22T09:00:00.000Z"
"""

from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE_INVENTORY
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_info_module


def main():
    run_info_module(OUTBOUND_VOICE_PROFILE_INVENTORY)


if __name__ == "__main__":
    main()
