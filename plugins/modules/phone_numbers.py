#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# Written by tools/plural_modules.py from the documentation of phone_number: edit that module, or the tool,
# then run `make docs`.

from __future__ import annotations

DOCUMENTATION = r"""
module: phone_numbers
short_description: Manage many Telnyx phone numbers in one task
version_added: 0.1.0
description:
- Keep many Telnyx v2 phone numbers in one task, in the shape of the ansible.netcommon resource modules (O(config)
  and O(state)), such as every phone number kept in a source of truth.
- Each item of O(config) takes exactly the resource options of M(telnyx.voice.phone_number), is validated by the
  same rules and planned by the same code, so an item does what a task of that module with the same options would
  do. The connection options are given once, for the task.
- Every item is validated before any request; a bad item, or two items that name the same phone number, fails the
  task naming the item, and nothing is sent.
- The account's phone numbers are read once (every page of the list, in parallel), or each item's own when that
  is fewer requests. A list that others changed while it was read is read again, and an item the list lacks is looked
  up by name before anything is created, so a phone number is never created twice.
- Only the writes are sent, by up to O(workers) threads at a time, which slow down together when Telnyx says the
  rate limit is reached.
- Reads are sweeps of Telnyx's lists, 250 phone numbers a page; the phone numbers, and each further list (the voice
  settings, C(/phone_numbers/voice)) only when an item sets one of its options.
- Writes go by Telnyx's jobs (C(POST /phone_numbers/jobs/update_phone_numbers)); the items whose change is the same
  (one request body) are written by one job of up to 1,000 numbers, at most 20 jobs at once, each polled as its
  estimated completion says, then every number is read back to verify it. When Telnyx says the account's job quota
  is full, the task waits for a slot (up to 5 minutes while none of its own jobs runs).
- A change shared by fewer than 5 numbers, and one that clears a value (a job has no documented way to clear), is
  sent number by number (C(PATCH)), as M(telnyx.voice.phone_number) sends it.
- Numbers are never deleted or released (that goes through paid number orders), so there is no V(deleted) or V(overridden)
  state.
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
  idempotent:
    support: full
    details:
    - 'A second run with the same arguments reads the list (one request per 250 phone numbers) and sends no write:
      C(changed: false).'
  platform:
    platforms: all
options:
  state:
    description:
    - V(merged) creates or updates the listed phone numbers with the options given; what is not given is left alone.
    - V(replaced) gives each listed phone number exactly the options given; an option not given returns to the default
      of Telnyx's schema. Options without a schema default (names, references, tags, secrets) are left as they are,
      as is a secret not given.
    - V(gathered) reads the account (or O(scope)) into RV(gathered), in the shape of O(config), with no secret,
      so that it feeds back as O(config) with no write.
    type: str
    choices:
    - merged
    - replaced
    - gathered
    default: merged
  scope:
    description:
    - Which phone numbers O(state=gathered) reads. Give one of O(scope.tag) and O(scope.name_prefix).
    type: dict
    suboptions:
      tag:
        description: The phone numbers that carry this tag.
        type: str
      name_prefix:
        description: The phone numbers whose C(phone_number) starts with this text (case matters).
        type: str
  allow_empty:
    description:
    - Has no effect here, since this module never deletes a phone number; it is accepted so that every plural module
      takes the same options.
    type: bool
    default: false
  workers:
    description:
    - How many requests may be in flight at once, 1 to 32 (the writes, and the pages of the list after the first).
    type: int
    default: 16
  full_results:
    description:
    - Return the whole object of every item, unchanged ones included. By default an unchanged item's entry in RV(phone_numbers)
      has its C(id) and C(phone_number) only.
    type: bool
    default: false
  config:
    description:
    - The phone numbers, each a dictionary of the resource options of M(telnyx.voice.phone_number), described below.
    - Each phone number may appear once, by C(id) or by C(phone_number).
    type: list
    elements: dict
    suboptions:
      id:
        description:
        - The id of the number, a string of digits assigned by Telnyx. One of O(config[].id) and O(config[].phone_number)
          is required.
        type: str
      phone_number:
        description:
        - The number in E.164 form, such as V(+13125550100). Without O(config[].id), the number is the one whose
          C(phone_number) is exactly this.
        - With O(config[].id), a different O(config[].phone_number) fails, since a number cannot be renumbered.
        type: str
      connection_id:
        description:
        - The id of the connection that receives the number's calls, a string of digits; an empty string detaches
          the number from its connection.
        - Mutually exclusive with O(config[].connection_name).
        type: str
      connection_name:
        description:
        - The same connection by its exact name, of any type the collection manages (credential, FQDN or IP). Each
          list is read as M(telnyx.voice.credential_connection) reads it (every page, the name matched exactly),
          and several connections with the name, of one type or of several, fail, listing their ids. It is never
          sent; the number is pointed at the id of the connection. An empty string detaches the number.
        - In check mode, a connection that an earlier task of the same run would create has no id yet; the run then
          warns that it cannot resolve the name, and predicts the link.
        - Mutually exclusive with O(config[].connection_id).
        type: str
      tags:
        description: Tags of the number. Compared as a set; an empty list removes every tag.
        type: list
        elements: str
      purge_tags:
        description:
        - With V(true), O(config[].tags) is the whole set of tags, and any other tag is removed.
        - With V(false), the tags of O(config[].tags) are added to those the object has, and no tag is removed,
          so tags that others put on it stay.
        type: bool
        default: true
      customer_reference:
        description: A reference of your own for look-ups; an empty string removes it.
        type: str
      billing_group_id:
        description: The uuid of the billing group of the number; an empty string removes it.
        type: str
      hd_voice_enabled:
        description: Whether HD voice is on.
        type: bool
      external_pin:
        description:
        - The PIN that a carrier must give to port the number away from Telnyx. Never shown in results, diffs or
          logs.
        type: str
      translated_number:
        description:
        - A voice setting. Letters and digits, optionally after a V(+), that replace the dialled number of an inbound
          call before it is routed to you; an empty string removes the rewrite.
        type: str
      tech_prefix_enabled:
        description: A voice setting. Whether a tech prefix is used.
        type: bool
      usage_payment_method:
        description: A voice setting. Whether the number is billed per minute or uses your concurrent channels.
        type: str
        choices:
        - pay-per-minute
        - channel
      inbound_call_screening:
        description: A voice setting. Whether suspected fraudulent calls are rejected or flagged (charged per month).
        type: str
        choices:
        - disabled
        - reject_calls
        - flag_calls
      caller_id_name_enabled:
        description: A voice setting. Whether the caller ID name is looked up.
        type: bool
      call_forwarding:
        description: A voice setting. Where and when inbound calls are forwarded.
        type: dict
        suboptions:
          call_forwarding_enabled:
            description: Whether forwarding is on, once O(config[].call_forwarding.forwards_to) is set.
            type: bool
          forwarding_type:
            description: V(always), or V(on-failure) to forward only when the call fails.
            type: str
            choices:
            - always
            - on-failure
          forwards_to:
            description: The number to forward to, in E.164 form; an empty string stops forwarding.
            type: str
      cnam_listing:
        description: A voice setting. The caller name listed for the number.
        type: dict
        suboptions:
          cnam_listing_enabled:
            description: Whether the number has a CNAM listing.
            type: bool
          cnam_listing_details:
            description:
            - The listed name, at most 15 letters, digits or spaces. Needs O(config[].cnam_listing.cnam_listing_enabled=true).
            type: str
      media_features:
        description: A voice setting. How media is handled.
        type: dict
        suboptions:
          accept_any_rtp_packets_enabled:
            description: Whether RTP is accepted from any address and port of yours.
            type: bool
          rtp_auto_adjust_enabled:
            description: Whether the RTP destination follows where your RTP comes from.
            type: bool
          t38_fax_gateway_enabled:
            description: Whether a T.38 re-INVITE is accepted for this number.
            type: bool
      call_recording:
        description: A voice setting. Whether inbound calls are recorded, and how.
        type: dict
        suboptions:
          inbound_call_recording_enabled:
            description: Whether every inbound call is recorded.
            type: bool
          inbound_call_recording_channels:
            description: V(dual) records a stereo file, the first leg on one channel and the rest on the other.
            type: str
            choices:
            - single
            - dual
          inbound_call_recording_format:
            description: The audio file format.
            type: str
            choices:
            - wav
            - mp3
      emergency_enabled:
        description:
        - Whether emergency calling (E911) is on. A US or Canadian number is not ready for voice without it.
        - V(true) needs the address, O(config[].emergency_address_id) or O(config[].emergency_address_reference).
          V(false) turns it off, and is given alone.
        - Compared with what the number reports. A number still C(provisioning) with the address asked for is not
          sent another request; the run waits for it again.
        - When Telnyx ends in C(provisioning-failed), the module fails with Telnyx's reason when its validation
          of the address gives one. A rerun sends nothing again for the same address; point the number at a corrected
          address (a new one, since an address cannot be changed).
        type: bool
      emergency_address_id:
        description:
        - The id of the emergency address (see M(telnyx.voice.emergency_address)). Needs O(config[].emergency_enabled=true).
        type: str
      emergency_address_reference:
        description:
        - The emergency address by its exact C(customer_reference), looked up like M(telnyx.voice.emergency_address)
          finds it and sent as its id; fails when no address or several have it. Needs O(config[].emergency_enabled=true).
        - Give only one of O(config[].emergency_address_id) and O(config[].emergency_address_reference).
        type: str
      emergency_wait_timeout:
        description:
        - How many seconds to wait for emergency calling to be C(active) (or C(disabled)) once it was asked for,
          or while a run finds it still in progress. V(0) does not wait.
        - When the time runs out, the run warns that the number is still C(provisioning); Telnyx goes on with it,
          and a rerun waits again without sending another request.
        type: int
        default: 300
notes:
- The retry budget (O(max_retries)) applies to each logical operation, as in M(telnyx.voice.phone_number). The read
  of every page is one operation, and each item's write with its read-back is another.
- An item that fails does not stop the others. The task then fails naming the items that failed with Telnyx's reasons;
  RV(phone_numbers) says what each item did, and a rerun converges the rest.
- A job that fails for some numbers fails those items with Telnyx's errors (RV(phone_numbers) and RV(jobs)); a job
  that expires, or is not done after 15 minutes, fails its items naming the job id and how many numbers it had done.
  A job whose POST lost its answer is looked for among the account's jobs and followed, never posted again while
  it may still run.
- In check mode only the sweeps are sent; RV(jobs) and RV(commands) hold the exact jobs (numbers and body) a real
  run would send.
seealso:
- module: telnyx.voice.phone_number
  description: One phone number per task.
- module: telnyx.voice.phone_number_info
  description: List phone numbers with filters, in the shape an item takes.
"""

EXAMPLES = r"""
- name: Keep the phone numbers of the source of truth, leaving others alone
  telnyx.voice.phone_numbers:
    config:
      - phone_number: "+13125550100"
        connection_id: "1293384261075731499"
        tags: [chicago]
      - phone_number: "+13125550101"
        connection_id: "1293384261075731499"
        tags: [chicago]
  delegate_to: localhost

- name: Read them back in the shape of config
  telnyx.voice.phone_numbers:
    state: gathered
    scope:
      tag: managed-by-ansible
  register: gathered
  delegate_to: localhost
"""

RETURN = r"""
phone_numbers:
  description:
    - One entry per item of O(config), in its order, with C(index), C(changed), C(action) (V(create), V(update),
      V(delete) or V(none)), C(id) and C(phone_number); the whole object (as C(phone_number)) when it changed,
      failed or O(full_results) is set;
      C(diff) in diff mode; C(warnings); and C(failed) with C(msg) for an item that failed. An item written by a job
      has C(job), the job's id.
      Secrets are masked.
    - When some items failed, Ansible prints the result whole, so the entries of the items that converged beside
      them hold only C(index), C(changed), C(action), C(id) and C(phone_number), unless O(full_results) is set.
  returned: unless O(state=gathered)
  type: list
  elements: dict
purged:
  description: The phone numbers that O(state=overridden) deleted (or would delete), each as an entry of RV(phone_numbers).
  returned: unless O(state=gathered)
  type: list
  elements: dict
counts:
  description: How many items were created, updated, deleted, unchanged and failed, of the total, and how many
    phone numbers were purged.
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
  sample: [{method: PATCH, path: /phone_numbers/1293384261075731499, body: {tags: [managed-by-ansible]}}]
jobs:
  description:
    - The Telnyx jobs sent or, in check mode, that would be sent, each with C(id) (null in check mode), C(status)
      (V(completed), V(failed), V(expired)...), C(body) (secrets masked), C(phone_numbers) (the ids it wrote), C(succeeded)
      and C(failed) (how many numbers), and C(msg) when the run gave up on it.
  returned: unless O(state=gathered)
  type: list
  elements: dict
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
  description: With O(state=gathered), the phone numbers of the account (or of O(scope)), each in the shape of an item
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

from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_plural_module


def main():
    run_plural_module(PHONE_NUMBER)


if __name__ == "__main__":
    main()
