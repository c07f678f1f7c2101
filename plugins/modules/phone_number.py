#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: phone_number
short_description: Keep the settings of a Telnyx phone number the account already has
version_added: 0.1.0
description:
  - Update the settings of one Telnyx v2 phone number so that they match the options given, for example to point
    it at a SIP connection with O(connection_id).
  - The module never buys, releases or deletes a number, since that costs money and is done with Telnyx number
    orders. It fails, writing nothing, when the number is not on the account.
  - The number is found by O(id) or, without it, by O(phone_number) in E.164 form. The list is filtered on the
    digits of the number (Telnyx's filter finds nothing when given a V(+)) and the number is then matched exactly.
  - A number's settings live at two addresses. O(connection_id), O(tags), O(customer_reference),
    O(billing_group_id), O(hd_voice_enabled) and O(external_pin) are the number's own; the others are its voice
    settings. The voice settings are read only when one of them is set, and each address is written only when
    one of its options differs, with one PATCH that carries what differs.
  - Only the options you set are compared and sent. For a nested object, the changed sub-options are sent merged
    into the current values of that object.
  - Emergency calling (E911, O(emergency_enabled)) is read-only on the number, so no PATCH sets it. Turning it on,
    or moving it to another address, is Telnyx's C(enable_emergency) action; turning it off is Telnyx's
    C(update_emergency_settings) job (there is no disable action). Both only start it. The module then waits, at
    most O(emergency_wait_timeout) seconds, until the number's C(emergency_status) is C(active) (or C(disabled)),
    and reports where it ends.
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
      - Check mode sends only reads and predicts the update that a real run would make.
  diff_mode:
    support: full
    details:
      - The diff shows the options you set, before and after. The external PIN is never shown; a change to it
        shows as V(<hidden, changed>).
      - With O(emergency_enabled) set, the diff also shows the number's C(emergency_status) before and after (in
        check mode, the status the run waits for).
  idempotent:
    support: partial
    details:
      - The external PIN is compared with the one Telnyx returns. If Telnyx returns it masked or not at all, a run
        that sets O(external_pin) sends it every time and reports a change; leave O(external_pin) out then.
  platform:
    platforms: all
options:
  id:
    description:
      - The id of the number, a string of digits assigned by Telnyx. One of O(id) and O(phone_number) is required.
    type: str
  phone_number:
    description:
      - The number in E.164 form, such as V(+13125550100). Without O(id), the number is the one whose
        C(phone_number) is exactly this.
      - With O(id), a different O(phone_number) fails, since a number cannot be renumbered.
    type: str
  connection_id:
    description:
      - The id of the connection that receives the number's calls, a string of digits; an empty string detaches the
        number from its connection.
      - Mutually exclusive with O(connection_name).
    type: str
  connection_name:
    description:
      - The same connection by its exact name, of any type the collection manages (credential, FQDN or IP). Each
        list is read as M(telnyx.voice.credential_connection) reads it (every page, the name matched exactly), and
        several connections with the name, of one type or of several, fail, listing their ids.
        It is never sent; the number is pointed at the id of the connection. An empty string detaches the number.
      - In check mode, a connection that an earlier task of the same run would create has no id yet; the run then
        warns that it cannot resolve the name, and predicts the link.
      - Mutually exclusive with O(connection_id).
    type: str
  tags:
    description: Tags of the number. Compared as a set; an empty list removes every tag.
    type: list
    elements: str
  purge_tags:
    description:
      - With V(true), O(tags) is the whole set of tags, and any other tag is removed.
      - With V(false), the tags of O(tags) are added to those the object has, and no tag is removed, so tags that
        others put on it stay.
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
      - The PIN that a carrier must give to port the number away from Telnyx. Never shown in results, diffs or logs.
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
    choices: [pay-per-minute, channel]
  inbound_call_screening:
    description: A voice setting. Whether suspected fraudulent calls are rejected or flagged (charged per month).
    type: str
    choices: [disabled, reject_calls, flag_calls]
  caller_id_name_enabled:
    description: A voice setting. Whether the caller ID name is looked up.
    type: bool
  call_forwarding:
    description: A voice setting. Where and when inbound calls are forwarded.
    type: dict
    suboptions:
      call_forwarding_enabled:
        description: Whether forwarding is on, once O(call_forwarding.forwards_to) is set.
        type: bool
      forwarding_type:
        description: V(always), or V(on-failure) to forward only when the call fails.
        type: str
        choices: [always, on-failure]
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
          - The listed name, at most 15 letters, digits or spaces. Needs O(cnam_listing.cnam_listing_enabled=true).
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
        choices: [single, dual]
      inbound_call_recording_format:
        description: The audio file format.
        type: str
        choices: [wav, mp3]
  emergency_enabled:
    description:
      - Whether emergency calling (E911) is on. A US or Canadian number is not ready for voice without it.
      - V(true) needs the address, O(emergency_address_id) or O(emergency_address_reference). V(false) turns it
        off, and is given alone.
      - Compared with what the number reports. A number still C(provisioning) with the address asked for is not
        sent another request; the run waits for it again.
      - When Telnyx ends in C(provisioning-failed), the module fails with Telnyx's reason when its validation of
        the address gives one. A rerun sends nothing again for the same address; point the number at a corrected
        address (a new one, since an address cannot be changed).
    type: bool
  emergency_address_id:
    description:
      - The id of the emergency address (see M(telnyx.voice.emergency_address)). Needs O(emergency_enabled=true).
    type: str
  emergency_address_reference:
    description:
      - The emergency address by its exact C(customer_reference), looked up like M(telnyx.voice.emergency_address)
        finds it and sent as its id; fails when no address or several have it. Needs O(emergency_enabled=true).
      - Give only one of O(emergency_address_id) and O(emergency_address_reference).
    type: str
  emergency_wait_timeout:
    description:
      - How many seconds to wait for emergency calling to be C(active) (or C(disabled)) once it was asked for, or
        while a run finds it still in progress. V(0) does not wait.
      - When the time runs out, the run warns that the number is still C(provisioning); Telnyx goes on with it,
        and a rerun waits again without sending another request.
    type: int
    default: 300
notes:
  - How Telnyx detaches a number from its connection is not documented. The module sends the empty string, which
    the update schema allows, and null if Telnyx refuses it; it treats an empty string and null as the same.
  - Telnyx may silently drop a value it accepted. The module then warns and names the value, and the next run tries
    again.
seealso:
  - module: telnyx.voice.phone_number_info
  - module: telnyx.voice.credential_connection
  - module: telnyx.voice.emergency_address
  - name: Telnyx phone numbers API
    description: The Telnyx v2 API reference for phone numbers.
    link: https://developers.telnyx.com/api/numbers/list-phone-numbers
"""

EXAMPLES = r"""
- name: Point three numbers at the Chicago office connection
  telnyx.voice.phone_number:
    phone_number: "{{ item }}"
    connection_name: chicago-office
    tags: [office, chicago]
  loop: ["+13125550100", "+13125550101", "+13125550102"]
  delegate_to: localhost

- name: Set the API key once for every Telnyx task
  module_defaults:
    group/telnyx.voice.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"
  block:
    - name: Forward calls to a mobile when the office does not answer, and list a caller name
      telnyx.voice.phone_number:
        phone_number: "+13125550100"
        call_forwarding:
          call_forwarding_enabled: true
          forwarding_type: on-failure
          forwards_to: "+13125559999"
        cnam_listing:
          cnam_listing_enabled: true
          cnam_listing_details: Chicago Office

    - name: Guard a number against port-out
      telnyx.voice.phone_number:
        phone_number: "+13125550100"
        external_pin: "{{ vault_port_out_pin }}"

    - name: Detach a number from its connection (the number stays on the account)
      telnyx.voice.phone_number:
        id: "1293384261075731499"
        connection_id: ""

    - name: Turn emergency calling on, with the address of the Austin office, and wait until it is active
      telnyx.voice.phone_number:
        phone_number: "+15125550100"
        emergency_enabled: true
        emergency_address_reference: austin-office
"""

RETURN = r"""
phone_number:
  description:
    - The number after the run, as Telnyx returned it, with the external PIN masked. When a voice setting was set,
      the voice settings are merged in at the top level, where their options are.
    - In check mode, the prediction.
  returned: always
  type: dict
  sample:
    id: "1293384261075731499"
    record_type: phone_number
    phone_number: "+13125550100"
    status: active
    connection_id: "1293384261075731500"
    connection_name: chicago-office
    tags: [office, chicago]
    customer_reference: null
    billing_group_id: null
    hd_voice_enabled: false
    external_pin: "********"
    caller_id_name_enabled: false
    inbound_call_screening: disabled
    call_forwarding:
      call_forwarding_enabled: true
      forwarding_type: on-failure
      forwards_to: "+13125559999"
    created_at: "2026-11-22T09:00:00.000Z"
    updated_at: "2026-11-22T09:00:00.000Z"
"""

from ansible_collections.telnyx.voice.plugins.module_utils._module import run_resource_module
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER


def main():
    run_resource_module(PHONE_NUMBER)


if __name__ == "__main__":
    main()
