#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: outbound_voice_profile
short_description: Manage a Telnyx outbound voice profile
version_added: 0.1.0
description:
  - Create, update or delete one Telnyx v2 outbound voice profile, so that it matches the options given.
  - A SIP trunk is a connection plus an outbound voice profile. A connection without one fails every outbound call
    with SIP cause D38; link them with O(telnyx.voice.credential_connection#module:outbound.outbound_voice_profile_id)
    or O(telnyx.voice.credential_connection#module:outbound.outbound_voice_profile_name).
  - Only the options you set are compared and sent. Server defaults and read-only fields such as
    C(connections_count) are never treated as drift.
  - An update is one PATCH that carries the top-level keys that differ, plus O(name), which Telnyx requires in every
    update. For a nested object (O(call_recording), O(calling_window)), the changed sub-options are sent merged into
    the current values of that object.
  - The profile is found by O(id) or, without it, by its exact O(name) across every page of the list.
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
      - Check mode sends only reads and predicts the create, update or delete that a real run would make.
  diff_mode:
    support: full
    details:
      - The diff shows the options you set, before and after, each in one spelling (an amount as its shortest
        number, a time as V(HH:MM:SS)).
      - A delete shows in one line which profile goes, by name and id; the whole profile is in RV(deleted).
  idempotent:
    support: full
  platform:
    platforms: all
options:
  id:
    description:
      - The id of the profile, a string of digits assigned by Telnyx.
      - With O(id), the profile is read by id and a O(name) given beside it is the name to set, which renames it.
      - A profile cannot be created with a given O(id); with O(state=present) an unknown O(id) fails.
      - One of O(id) and O(name) is required.
    type: str
  name:
    description:
      - The profile's name, at least 3 characters. Without O(id), the profile is the one whose name is exactly this
        (case matters). If several have this name, the module fails, listing their ids, and writes nothing.
      - Required to create a profile.
    type: str
  state:
    description:
      - V(present) creates the profile or updates it to match; V(absent) deletes it.
      - Telnyx refuses to delete a profile that a connection still uses; detach the connections first.
    type: str
    choices: [present, absent]
    default: present
  enabled:
    description: Whether the profile can be used. A disabled profile blocks the outbound calls of its connections.
    type: bool
  billing_group_id:
    description: The uuid of the billing group of the profile; an empty string removes it (sent as null).
    type: str
  concurrent_call_limit:
    description:
      - The most simultaneous outbound calls, no more than the account's limit; an empty string removes the limit
        (sent as null, which means no limit).
    type: raw
  daily_spend_limit:
    description:
      - The most usage charges in USD allowed in a day, for example V(100.00). Telnyx keeps it as a string;
        C(100), C("100") and C("100.00") are the same amount and compare equal.
      - Enforced only with O(daily_spend_limit_enabled=true).
    type: raw
  daily_spend_limit_enabled:
    description: Whether O(daily_spend_limit) is enforced.
    type: bool
  max_destination_rate:
    description:
      - The highest price per minute of a destination that calls may reach, a number such as V(10) or V(0.25).
    type: raw
  service_plan:
    description: The coverage of the termination regions; Telnyx documents one value.
    type: str
    choices: [global]
  traffic_type:
    description: The kind of traffic allowed; Telnyx documents one value.
    type: str
    choices: [conversational]
  usage_payment_method:
    description: How the costs are calculated; Telnyx documents one value.
    type: str
    choices: [rate-deck]
  tags:
    description: Tags of the profile. Compared as a set; an empty list removes every tag.
    type: list
    elements: str
  purge_tags:
    description:
      - With V(true), O(tags) is the whole set of tags, and any other tag is removed.
      - With V(false), the tags of O(tags) are added to those the object has, and no tag is removed, so tags that
        others put on it stay.
    type: bool
    default: true
  whitelisted_destinations:
    description:
      - The countries that calls may reach, as two-letter upper-case codes such as V(US). Compared as a set.
      - Telnyx allows V(US) and V(CA) when the profile is created without it.
    type: list
    elements: str
  call_recording:
    description: Which outbound calls are recorded, and how.
    type: dict
    suboptions:
      call_recording_type:
        description: Which calls are recorded.
        type: str
        choices: [all, none, by_caller_phone_number]
      call_recording_caller_phone_numbers:
        description:
          - With O(call_recording.call_recording_type=by_caller_phone_number), the calling numbers, in E.164 form,
            whose calls are recorded. Compared as a set.
        type: list
        elements: str
      call_recording_channels:
        description: V(dual) records a stereo file, the first leg on one channel and the rest on the other.
        type: str
        choices: [single, dual]
      call_recording_format:
        description: The audio file format.
        type: str
        choices: [wav, mp3]
  calling_window:
    description: (Beta at Telnyx) When calls may start, in UTC, and how many may reach one called number.
    type: dict
    suboptions:
      calls_per_cld:
        description:
          - The most calls to one called number within the window.
          - Once set, the limit can be changed but not removed, since Telnyx's schema types it integer, not
            nullable (though its description speaks of null); an empty string is refused, naming the option.
        type: raw
      start_time:
        description:
          - The UTC time of day when calls may start, V(HH:MM) on a 24-hour clock. Seconds, a fraction and a
            trailing V(Z) are accepted too; V(08:00) and V(08:00:00.00Z) compare equal.
          - It is sent in the form the API schema takes (RFC 3339, V(08:00) as V(08:00:00Z)).
        type: str
      end_time:
        description: The UTC time of day when calls may no longer start, spelled like O(calling_window.start_time).
        type: str
notes:
  - Telnyx may silently drop a value it accepted. The module then warns and names the value, and the next run tries
    again.
seealso:
  - module: telnyx.voice.outbound_voice_profile_info
  - module: telnyx.voice.credential_connection
  - name: Telnyx outbound voice profiles API
    description: The Telnyx v2 API reference for outbound voice profiles.
    link: https://developers.telnyx.com/api/outbound-voice-profiles/list-outbound-voice-profiles
"""

EXAMPLES = r"""
- name: Keep the outbound voice profile of the Chicago office
  telnyx.voice.outbound_voice_profile:
    name: chicago-outbound
    enabled: true
    whitelisted_destinations: [US, CA]
    daily_spend_limit: "100.00"
    daily_spend_limit_enabled: true
    max_destination_rate: 0.25
    concurrent_call_limit: 10
    tags: [office, chicago]
    call_recording:
      call_recording_type: none
  delegate_to: localhost

- name: Set the API key once for every Telnyx task
  module_defaults:
    group/telnyx.voice.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"
  block:
    - name: Allow calls only in office hours (UTC)
      telnyx.voice.outbound_voice_profile:
        name: chicago-outbound
        calling_window:
          start_time: "14:00"
          end_time: "23:00"

    - name: Remove the concurrent call limit of a profile known by id
      telnyx.voice.outbound_voice_profile:
        id: "1293384261075731499"
        concurrent_call_limit: ""

- name: Delete a profile no connection uses any more
  telnyx.voice.outbound_voice_profile:
    name: chicago-outbound
    state: absent
  delegate_to: localhost
"""

RETURN = r"""
outbound_voice_profile:
  description:
    - The profile after the run, as Telnyx returned it.
    - In check mode, the prediction; a profile to be created has O(id) null.
    - After a delete, or when the profile is absent, an empty dict; the deleted profile is in RV(deleted).
  returned: always
  type: dict
  sample:
    id: "1293384261075731499"
    record_type: outbound_voice_profile
    name: chicago-outbound
    enabled: true
    billing_group_id: null
    concurrent_call_limit: 10
    connections_count: 1
    daily_spend_limit: "100.00"
    daily_spend_limit_enabled: true
    max_destination_rate: 0.25
    service_plan: global
    traffic_type: conversational
    usage_payment_method: rate-deck
    tags: [office, chicago]
    whitelisted_destinations: [US, CA]
    call_recording:
      call_recording_type: none
      call_recording_caller_phone_numbers: []
      call_recording_channels: single
      call_recording_format: wav
    created_at: "2026-11-22T09:00:00.000Z"
    updated_at: "2026-11-22T09:00:00.000Z"
deleted:
  description:
    - The profile that the run deleted (in check mode, would delete), whole, as Telnyx showed it before, with
      secrets masked. The diff names it in one line.
  returned: when O(state=absent) deletes it
  type: dict
"""

from ansible_collections.telnyx.voice.plugins.module_utils._module import run_resource_module
from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE


def main():
    run_resource_module(OUTBOUND_VOICE_PROFILE)


if __name__ == "__main__":
    main()
