#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# Written by tools/plural_modules.py from the documentation of outbound_voice_profile: edit that module, or the tool,
# then run `make docs`.

from __future__ import annotations

DOCUMENTATION = r"""
module: outbound_voice_profiles
short_description: Manage many Telnyx outbound voice profiles in one task
version_added: 0.1.0
description:
- Keep many Telnyx v2 outbound voice profiles in one task, in the shape of the ansible.netcommon resource modules
  (O(config) and O(state)), such as every outbound voice profile kept in a source of truth.
- Each item of O(config) takes exactly the resource options of M(telnyx.voice.outbound_voice_profile), is validated
  by the same rules and planned by the same code, so an item does what a task of that module with the same options
  would do. The connection options are given once, for the task.
- Every item is validated before any request; a bad item, or two items that name the same outbound voice profile,
  fails the task naming the item, and nothing is sent.
- The account's outbound voice profiles are read once (every page of the list, in parallel), or each item's own
  when that is fewer requests. A list that others changed while it was read is read again, and an item the list
  lacks is looked up by name before anything is created, so a outbound voice profile is never created twice.
- Only the writes are sent, by up to O(workers) threads at a time, which slow down together when Telnyx says the
  rate limit is reached.
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
    - Check mode sends only reads and predicts, item by item, what a real run would do; RV(commands) lists the write
      requests it would send.
  diff_mode:
    support: full
    details:
    - Each changed item has a before/after diff of the options given. A secret is never shown.
    - A delete or a purge shows in one line which outbound voice profile goes, by name and id; the whole outbound
      voice profile is in the C(deleted) of its entry.
  idempotent:
    support: full
    details:
    - 'A second run with the same arguments reads the list (one request per 250 outbound voice profiles) and sends
      no write: C(changed: false).'
  platform:
    platforms: all
options:
  state:
    description:
    - V(merged) creates or updates the listed outbound voice profiles with the options given; what is not given
      is left alone.
    - V(replaced) gives each listed outbound voice profile exactly the options given; an option not given returns
      to the default of Telnyx's schema. Options without a schema default (names, references, tags, secrets) are
      left as they are, as is a secret not given.
    - V(overridden) is V(replaced) for the listed outbound voice profiles, and deletes every other outbound voice
      profile inside O(scope), which it requires. Nothing outside the scope is touched; an item that would leave
      the scope is refused.
    - V(deleted) deletes the listed outbound voice profiles.
    - V(gathered) reads the account (or O(scope)) into RV(gathered), in the shape of O(config), with no secret,
      so that it feeds back as O(config) with no write.
    type: str
    choices:
    - merged
    - replaced
    - overridden
    - deleted
    - gathered
    default: merged
  scope:
    description:
    - Which outbound voice profiles a purge may touch (O(state=overridden), O(state=deleted) with O(allow_empty)),
      and which O(state=gathered) reads. Give one of O(scope.tag) and O(scope.name_prefix).
    type: dict
    suboptions:
      tag:
        description: The outbound voice profiles that carry this tag.
        type: str
      name_prefix:
        description: The outbound voice profiles whose C(name) starts with this text (case matters).
        type: str
  allow_empty:
    description:
    - An empty or missing O(config) never deletes anything unless this is V(true). With V(true), O(state=overridden)
      and an empty O(config) delete every outbound voice profile in O(scope), and so does O(state=deleted) with
      O(scope).
    - A task that can delete outbound voice profiles it does not list fails inside a C(loop), before any request,
      since each iteration would delete what the others list.
    type: bool
    default: false
  workers:
    description:
    - How many requests may be in flight at once, 1 to 32 (the writes, and the pages of the list after the first).
    type: int
    default: 16
  full_results:
    description:
    - Return the whole object of every item, unchanged ones included. By default an unchanged item's entry in RV(outbound_voice_profiles)
      has its C(id) and C(name) only.
    type: bool
    default: false
  config:
    description:
    - The outbound voice profiles, each a dictionary of the resource options of M(telnyx.voice.outbound_voice_profile),
      described below.
    - Each outbound voice profile may appear once, by C(id) or by C(name).
    type: list
    elements: dict
    suboptions:
      id:
        description:
        - The id of the profile, a string of digits assigned by Telnyx.
        - With O(config[].id), the profile is read by id and a O(config[].name) given beside it is the name to set,
          which renames it.
        - A profile cannot be created with a given O(config[].id); with C(state=present) an unknown O(config[].id)
          fails.
        - One of O(config[].id) and O(config[].name) is required.
        type: str
      name:
        description:
        - The profile's name, at least 3 characters. Without O(config[].id), the profile is the one whose name is
          exactly this (case matters). If several have this name, the module fails, listing their ids, and writes
          nothing.
        - Required to create a profile.
        type: str
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
        - The most usage charges in USD allowed in a day, for example V(100.00). Telnyx keeps it as a string; C(100),
          C("100") and C("100.00") are the same amount and compare equal.
        - Enforced only with O(config[].daily_spend_limit_enabled=true).
        type: raw
      daily_spend_limit_enabled:
        description: Whether O(config[].daily_spend_limit) is enforced.
        type: bool
      max_destination_rate:
        description:
        - The highest price per minute of a destination that calls may reach, a number such as V(10) or V(0.25).
        type: raw
      service_plan:
        description: The coverage of the termination regions; Telnyx documents one value.
        type: str
        choices:
        - global
      traffic_type:
        description: The kind of traffic allowed; Telnyx documents one value.
        type: str
        choices:
        - conversational
      usage_payment_method:
        description: How the costs are calculated; Telnyx documents one value.
        type: str
        choices:
        - rate-deck
      tags:
        description: Tags of the profile. Compared as a set; an empty list removes every tag.
        type: list
        elements: str
      purge_tags:
        description:
        - With V(true), O(config[].tags) is the whole set of tags, and any other tag is removed.
        - With V(false), the tags of O(config[].tags) are added to those the object has, and no tag is removed,
          so tags that others put on it stay.
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
            choices:
            - all
            - none
            - by_caller_phone_number
          call_recording_caller_phone_numbers:
            description:
            - With O(config[].call_recording.call_recording_type=by_caller_phone_number), the calling numbers, in
              E.164 form, whose calls are recorded. Compared as a set.
            type: list
            elements: str
          call_recording_channels:
            description: V(dual) records a stereo file, the first leg on one channel and the rest on the other.
            type: str
            choices:
            - single
            - dual
          call_recording_format:
            description: The audio file format.
            type: str
            choices:
            - wav
            - mp3
      calling_window:
        description: (Beta at Telnyx) When calls may start, in UTC, and how many may reach one called number.
        type: dict
        suboptions:
          calls_per_cld:
            description:
            - The most calls to one called number within the window.
            - Once set, the limit can be changed but not removed, since Telnyx's schema types it integer, not nullable
              (though its description speaks of null); an empty string is refused, naming the option.
            type: raw
          start_time:
            description:
            - The UTC time of day when calls may start, V(HH:MM) on a 24-hour clock. Seconds, a fraction and a trailing
              V(Z) are accepted too; V(08:00) and V(08:00:00.00Z) compare equal.
            - It is sent in the form the API schema takes (RFC 3339, V(08:00) as V(08:00:00Z)).
            type: str
          end_time:
            description: The UTC time of day when calls may no longer start, spelled like O(config[].calling_window.start_time).
            type: str
notes:
- The retry budget (O(max_retries)) applies to each logical operation, as in M(telnyx.voice.outbound_voice_profile).
  The read of every page is one operation, and each item's write with its read-back is another.
- An item that fails does not stop the others. The task then fails naming the items that failed with Telnyx's reasons;
  RV(outbound_voice_profiles) says what each item did, and a rerun converges the rest.
seealso:
- module: telnyx.voice.outbound_voice_profile
  description: One outbound voice profile per task.
- module: telnyx.voice.outbound_voice_profile_info
  description: List outbound voice profiles with filters, in the shape an item takes.
"""

EXAMPLES = r"""
- name: Keep the outbound voice profiles of the source of truth, leaving others alone
  telnyx.voice.outbound_voice_profiles:
    config:
      - name: chicago-outbound
        daily_spend_limit: "100"
        daily_spend_limit_enabled: true
        tags: [managed-by-ansible]
      - name: toronto-outbound
        whitelisted_destinations: [CA, US]
        tags: [managed-by-ansible]
  delegate_to: localhost

- name: Read them back in the shape of config
  telnyx.voice.outbound_voice_profiles:
    state: gathered
    scope:
      tag: managed-by-ansible
  register: gathered
  delegate_to: localhost
"""

RETURN = r"""
outbound_voice_profiles:
  description:
    - One entry per item of O(config), in its order, with C(index), C(changed), C(action) (V(create), V(update),
      V(delete) or V(none)), C(id) and C(name); the whole object (as C(outbound_voice_profile)) when it changed,
      failed or O(full_results) is set;
      C(deleted), the whole object as it was, for an item deleted or purged;
      C(diff) in diff mode; C(warnings); and C(failed) with C(msg) for an item that failed.
      Secrets are masked.
    - When some items failed, Ansible prints the result whole, so the entries of the items that converged beside
      them hold only C(index), C(changed), C(action), C(id) and C(name), unless O(full_results) is set.
  returned: unless O(state=gathered)
  type: list
  elements: dict
purged:
  description: The outbound voice profiles that O(state=overridden) deleted (or would delete), each as an entry of RV(outbound_voice_profiles).
  returned: unless O(state=gathered)
  type: list
  elements: dict
counts:
  description: How many items were created, updated, deleted, unchanged and failed, of the total, and how many
    outbound voice profiles were purged.
  returned: unless O(state=gathered)
  type: dict
  sample: {total: 2, created: 1, updated: 0, deleted: 0, unchanged: 1, failed: 0, purged: 0}
commands:
  description:
    - The write requests sent or, in check mode, that would be sent, each with C(method), C(path) and C(body)
      (secrets masked), in the spirit of the C(commands) of network resource modules.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{method: PATCH, path: /outbound_voice_profiles/1293384261075731499, body: {tags: [managed-by-ansible]}}]
requests:
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
  description: With O(state=gathered), the outbound voice profiles of the account (or of O(scope)), each in the shape of an item
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
"""

from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_plural_module


def main():
    run_plural_module(OUTBOUND_VOICE_PROFILE)


if __name__ == "__main__":
    main()
