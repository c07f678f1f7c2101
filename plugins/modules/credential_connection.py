#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: credential_connection
short_description: Manage a Telnyx SIP credential connection
version_added: 0.1.0
description:
  - Create, update or delete one Telnyx v2 SIP credential connection, so that it matches the options given.
  - Only the options you set are compared and sent. Server defaults, read-only fields and keys Telnyx adds are
    never treated as drift.
  - An update is one PATCH that carries only the top-level keys that differ. For a nested object
    (O(inbound), O(outbound), O(rtcp_settings), O(jitter_buffer), O(noise_suppression_details)), the changed
    sub-options are sent merged into the current values of that object.
  - The connection is found by O(id) or, without it, by its exact O(connection_name) across every page of the list.
author:
  - telnyx.voice maintainers (@telnyx-voice)
extends_documentation_fragment:
  - telnyx.voice.connection
  - telnyx.voice.connection_settings
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
      - The diff shows the options you set, before and after. A password is never shown; a change to it shows
        as V(<hidden, changed>).
      - A delete shows in one line which connection goes, by name and id; the whole connection is in RV(deleted).
  idempotent:
    support: partial
    details:
      - "What a second run with the same arguments sends: by O(connection_name), one list read (one request per
        250 connections with names containing it); by O(id), one read of that connection; with O(state=absent) and
        the connection gone, the same single read. No write, and C(changed: false)."
      - Telnyx returns the password, so it is compared like any other option. If the API returns it masked or not
        at all, O(update_password=always) sends it on every run and reports a change; use
        O(update_password=on_create) then.
  platform:
    platforms: all
options:
  id:
    description:
      - The id of the connection, a string of digits assigned by Telnyx.
      - With O(id), the connection is read by id and a O(connection_name) given beside it is the name to set,
        which renames it.
      - A connection cannot be created with a given O(id); with O(state=present) an unknown O(id) fails.
      - One of O(id) and O(connection_name) is required.
    type: str
  connection_name:
    description:
      - The connection's name. Without O(id), the connection is the one whose name is exactly this (case matters).
        If several have this name, the module fails, listing their ids, and writes nothing.
      - Required to create a connection.
    type: str
    aliases:
      - name
  state:
    description:
      - V(present) creates the connection or updates it to match; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  update_password:
    description:
      - V(always) compares O(password) with the connection's and updates it when they differ.
      - V(on_create) sets O(password) only when the connection is created, and never changes it afterwards.
    type: str
    choices: [always, on_create]
    default: always
  user_name:
    description:
      - The SIP user name. 4 to 32 letters or digits, with a letter among the first 5.
      - Required to create a connection. Telnyx treats user names as unique and case-insensitive.
    type: str
  password:
    description:
      - The SIP password, 8 to 128 characters. Required to create a connection. See O(update_password).
      - Never shown in results, diffs or logs.
    type: str
  sip_uri_calling_preference:
    description:
      - Whether SIP URI calls to this connection are accepted. Telnyx reports V(disabled) as null; the two compare equal.
    type: str
    choices: [disabled, unrestricted, internal]
  webhook_api_version:
    description:
      - The webhook API version. V(texml) can only be set when the connection is created, and needs
        O(outbound.call_parking_enabled=true).
      - A YAML number such as C(2) is taken as the string V(2).
    type: str
    choices: ["1", "2", "texml"]
  inbound:
    description: Settings for calls to this connection.
    type: dict
    suboptions:
      ani_number_format:
        description: The format of the calling number.
        type: str
        choices: ["+E.164", "E.164", "+E.164-national", "E.164-national"]
      dnis_number_format:
        description: The format of the called number.
        type: str
        choices: ["+e164", "e164", "national", "sip_username"]
      codecs:
        description:
          - Codecs in priority order, each one of V(G722), V(G711U), V(G711A), V(G729), V(OPUS) and V(H.264), the
            codecs Telnyx's schema names, spelt exactly so. Compared in order. A single string becomes a one-item
            list.
        type: list
        elements: str
      channel_limit:
        description:
          - The most simultaneous inbound calls.
          - Once set, a limit can be changed but not removed, since Telnyx's schema takes an integer here, not
            null; an empty string is refused, naming the option.
        type: raw
      default_routing_method:
        description: How calls are routed.
        type: str
        choices: [sequential, round-robin]
      generate_ringback_tone:
        description: Whether Telnyx generates a ringback tone.
        type: bool
      isup_headers_enabled:
        description: Whether ISUP headers are sent.
        type: bool
      prack_enabled:
        description: Whether PRACK is used.
        type: bool
      shaken_stir_enabled:
        description: Whether SHAKEN/STIR headers are sent.
        type: bool
      simultaneous_ringing:
        description: Whether all registered devices ring at once.
        type: str
        choices: [disabled, enabled]
      sip_compact_headers_enabled:
        description: Whether compact SIP headers are used.
        type: bool
      timeout_1xx_secs:
        description: Seconds, 1 to 120, to wait for a 1xx answer.
        type: int
      timeout_2xx_secs:
        description: Seconds, 1 to 600, to wait for a 2xx answer.
        type: int
  outbound:
    description: Settings for calls from this connection.
    type: dict
    suboptions:
      ani_override:
        description:
          - A phone number, in E.164 form, to present as the caller; an empty string removes the override.
        type: str
      ani_override_type:
        description:
          - When O(outbound.ani_override) applies. It means nothing, and is not compared, while
            O(outbound.ani_override) is blank.
        type: str
        choices: [always, normal, emergency]
      call_parking_enabled:
        description: Whether call parking is on; an empty string clears it.
        type: raw
      channel_limit:
        description:
          - The most simultaneous outbound calls.
          - Once set, a limit can be changed but not removed, since Telnyx's schema takes an integer here, not
            null; an empty string is refused, naming the option.
        type: raw
      generate_ringback_tone:
        description: Whether Telnyx generates a ringback tone.
        type: bool
      instant_ringback_enabled:
        description: Whether ringback starts at once.
        type: bool
      localization:
        description: A two-letter country code such as V(US); an empty string means US, then GB.
        type: str
      outbound_voice_profile_id:
        description:
          - The id of the outbound voice profile, a string of digits; an empty string clears it.
          - A connection without a profile cannot place outbound calls (SIP cause D38); the module warns then.
          - Not together with O(outbound.outbound_voice_profile_name).
        type: str
      outbound_voice_profile_name:
        description:
          - The outbound voice profile by its exact name, looked up across every page as
            M(telnyx.voice.outbound_voice_profile) looks it up, and set as O(outbound.outbound_voice_profile_id).
            An empty string clears the profile.
          - The run fails, before any write, when no profile or several profiles have this name. In check mode, a
            profile that does not exist yet gives a warning instead, since an earlier task may create it.
          - Not together with O(outbound.outbound_voice_profile_id).
        type: str
      t38_reinvite_source:
        description: Which side sends the T.38 re-INVITE.
        type: str
        choices: [telnyx, customer, disabled, passthru, caller-passthru, callee-passthru]
notes:
  - Telnyx may silently drop a value it accepted (for example an unknown push credential id). The module then
    warns and names the value, and the next run tries again.
  - A connection without an outbound voice profile cannot place outbound calls; Telnyx refuses them with SIP cause
    D38. The module warns, in check mode too, whenever the connection ends up without one. See the trunk guide
    (C(docs/trunk.md)) for a connection, its profile and its numbers in one playbook.
  - On a local connection without become, the action plugin runs the module in-process on the controller, which
    saves the start of a Python process per task (about half a second). It validates the options, honours
    check mode and diff, masks secrets and returns the same result as the module would. Environment variables
    set with the C(environment) keyword are seen by the option fallbacks in both cases.
  - Set the environment variable E(TELNYX_VOICE_EXECUTION=module) on the controller (or in the task's
    C(environment)) to run it as a module process anyway, for example to compare the two or to benchmark.
    The default, V(auto), runs it in-process where it would run on the controller anyway.
seealso:
  - name: Telnyx credential connections API
    description: The Telnyx v2 API reference for credential connections.
    link: https://developers.telnyx.com/api/connections/list-credential-connections
"""

EXAMPLES = r"""
- name: Keep a SIP trunk for the Chicago office
  telnyx.voice.credential_connection:
    connection_name: chicago-office
    user_name: chicagooffice01
    password: "{{ vault_chicago_sip_password }}"
    anchorsite_override: "Chicago, IL"
    webhook_event_url: https://hooks.example.com/telnyx
    webhook_api_version: "2"
    tags: [office, chicago]
    inbound:
      codecs: [G722, G711U]
      channel_limit: 10
    outbound:
      ani_override: "+13125550100"
      ani_override_type: always
      outbound_voice_profile_name: chicago-outbound
    rtcp_settings:
      report_frequency_secs: 10
  delegate_to: localhost

- name: Set the API key once for every Telnyx task, and run them all on the controller
  module_defaults:
    group/telnyx.voice.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"
  delegate_to: localhost
  block:
    - name: Rename a connection known by id
      telnyx.voice.credential_connection:
        id: "1293384261075731499"
        connection_name: chicago-office-old

    - name: Set a password only when the connection is created
      telnyx.voice.credential_connection:
        connection_name: lab
        user_name: labtrunk01
        password: "{{ lookup('ansible.builtin.password', '/dev/null length=24') }}"
        update_password: on_create

- name: Turn media encryption off and remove the failover URL
  telnyx.voice.credential_connection:
    connection_name: chicago-office
    encrypted_media: ""
    webhook_event_failover_url: ""
  delegate_to: localhost

- name: Delete a connection
  telnyx.voice.credential_connection:
    connection_name: chicago-office
    state: absent
  delegate_to: localhost
"""

RETURN = r"""
credential_connection:
  description:
    - The connection after the run, as Telnyx returned it, with the password masked.
    - In check mode, the prediction; a connection to be created has O(id) null.
    - After a delete, or when the connection is absent, an empty dict; the deleted connection is in RV(deleted).
  returned: always
  type: dict
  sample:
    id: "1293384261075731499"
    record_type: credential_connection
    connection_name: chicago-office
    active: true
    user_name: chicagooffice01
    password: "********"
    anchorsite_override: "Chicago, IL"
    sip_uri_calling_preference: null
    dtmf_type: RFC 2833
    encrypted_media: null
    webhook_event_url: https://hooks.example.com/telnyx
    webhook_api_version: "2"
    webhook_timeout_secs: null
    tags: [office, chicago]
    inbound:
      ani_number_format: E.164-national
      dnis_number_format: e164
      codecs: [G722, G711U]
      channel_limit: 10
      timeout_1xx_secs: 3
      timeout_2xx_secs: 90
    outbound:
      ani_override: "+13125550100"
      ani_override_type: always
      localization: US
      t38_reinvite_source: telnyx
    rtcp_settings:
      port: rtp+1
      capture_enabled: false
      report_frequency_secs: 10
    created_at: "2026-11-22T09:00:00.000Z"
    updated_at: "2026-11-22T09:00:00.000Z"
deleted:
  description:
    - The connection that the run deleted (in check mode, would delete), whole, as Telnyx showed it before, with
      secrets masked. The diff names it in one line.
  returned: when O(state=absent) deletes it
  type: dict
"""

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_resource_module


def main():
    run_resource_module(CREDENTIAL_CONNECTION)


if __name__ == "__main__":
    main()
