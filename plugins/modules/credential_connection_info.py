#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: credential_connection_info
short_description: List Telnyx SIP credential connections, in the shape credential_connection takes
version_added: 0.1.0
description:
  - Read the Telnyx v2 SIP credential connections of an account, every page of them, or those that the filters
    select. All filters given must match.
  - Each connection comes back with the option names and nesting of M(telnyx.voice.credential_connection), so that
    an item, without its C(read_only) key, can be fed straight back to that module, which then changes nothing.
    That is how an existing account is brought under management; see the adopting guide (C(docs/adopting.md)).
  - Passwords are never returned. Telnyx's API returns them, but this module reports only whether one is set.
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
      - The module only reads, in check mode as in a normal run. O(registration_status=true) sends a POST, a
        read-only action of Telnyx that changes nothing, so it is sent in check mode too.
  diff_mode:
    support: N/A
    details:
      - The module changes nothing, so there is no diff.
  idempotent:
    support: full
    details:
      - Every run sends the same reads (one per page of 250, or one by O(id)) and never a write.
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
  registration_status:
    description:
      - Also read the SIP registration status of each connection, with one request per connection to Telnyx's
        C(check_registration_status) action, and report it as C(read_only.registration).
    type: bool
    default: false
notes:
  - The items carry O(id), so feeding one back to M(telnyx.voice.credential_connection) manages that very
    connection, even where several share a name.
  - A value that M(telnyx.voice.credential_connection) would refuse (for example a choice that Telnyx added after
    this collection was released) is reported under C(read_only) instead of among the options, with a warning,
    so that feeding the item back still works and leaves that value alone.
  - Ansible warns "Using a template for task args is unsafe in some situations" on a task whose module arguments
    are one template, as in the adopt loop of the examples, because facts of a managed host could reach such a
    template. The arguments here come from Telnyx through a variable you registered. The warning is not shown when
    C(inject_facts_as_vars) is false.
seealso:
  - module: telnyx.voice.credential_connection
  - name: Telnyx credential connections API
    description: The Telnyx v2 API reference for listing credential connections.
    link: https://developers.telnyx.com/api/connections/list-credential-connections
"""

EXAMPLES = r"""
- name: Read every credential connection of the account
  telnyx.voice.credential_connection_info:
    api_key: "{{ vault_telnyx_api_key }}"
  delegate_to: localhost
  register: telnyx

- name: Bring every connection under management, changing nothing
  telnyx.voice.credential_connection: "{{ item | combine({'read_only': omit}) }}"
  loop: "{{ telnyx.credential_connections }}"
  loop_control:
    label: "{{ item.connection_name }}"
  delegate_to: localhost
  module_defaults:
    group/telnyx.voice.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"

- name: Set the API key once for every Telnyx task
  module_defaults:
    group/telnyx.voice.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"
  delegate_to: localhost
  block:
    - name: Find the connection named exactly office (not Office, not office-2)
      telnyx.voice.credential_connection_info:
        connection_name: office
      register: office

    - name: Check the SIP registration of every Chicago connection
      telnyx.voice.credential_connection_info:
        name_contains: chicago
        registration_status: true
      register: chicago

    - name: Show which ones have a registered device
      ansible.builtin.debug:
        msg: "{{ chicago.credential_connections | selectattr('read_only.registration.status', 'eq', 'Registered')
                 | map(attribute='connection_name') }}"

    - name: List the connections that use one outbound voice profile
      telnyx.voice.credential_connection_info:
        outbound_voice_profile_id: "1293384261075731500"
      register: profile_users

- name: Export the account to a vars file, read-only keys left out
  ansible.builtin.copy:
    dest: telnyx_credential_connections.yml
    content: "{{ {'telnyx_credential_connections': telnyx.credential_connections
                  | map('dict2items') | map('rejectattr', 'key', 'eq', 'read_only') | map('items2dict')}
                 | to_nice_yaml(indent=2) }}"
    mode: "0600"
  delegate_to: localhost
"""

RETURN = r"""
credential_connections:
  description:
    - Every connection that matches, across all pages, in the order Telnyx lists them. Empty when none matches.
    - Each item holds C(id), then the options of M(telnyx.voice.credential_connection) with their names and
      nesting, then C(read_only). Only documented fields are options, and never the password.
    - A null that an option can express is given as that option would set it, for example an empty string for a
      field that the empty string clears, or V(disabled) for C(sip_uri_calling_preference). A documented field
      whose null no option value expresses is left out.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The id of the connection.
      type: str
      sample: "1293384261075731499"
    read_only:
      description:
        - Everything else Telnyx reports, which M(telnyx.voice.credential_connection) does not take as an option,
          with the same nesting. For example C(record_type), C(created_at), C(updated_at),
          C(registration_status), undocumented keys such as C(third_party_control_enabled), and a value the
          module would refuse.
        - Remove this key before feeding the item to M(telnyx.voice.credential_connection).
      type: dict
      contains:
        password_set:
          description:
            - Whether the connection has a password. The password itself is never returned.
            - Null when Telnyx does not report the password at all.
          type: bool
          sample: true
        registration:
          description:
            - The answer of Telnyx's C(check_registration_status) action.
            - Only with O(registration_status=true); null when the connection was deleted in between.
          type: dict
          sample:
            ip_address: 190.106.106.121
            last_registration: "2026-11-22T09:00:00"
            port: 37223
            record_type: registration_status
            sip_username: office01
            status: Registered
            transport: UDP
            user_agent: Z 5.4.12 v2.10.13.2-mod
  sample:
    - id: "1293384261075731499"
      connection_name: office
      active: true
      user_name: office01
      anchorsite_override: Latency
      sip_uri_calling_preference: disabled
      default_on_hold_comfort_noise_enabled: true
      dtmf_type: RFC 2833
      encode_contact_header_enabled: false
      encrypted_media: ""
      onnet_t38_passthrough_enabled: false
      ios_push_credential_id: ""
      android_push_credential_id: ""
      webhook_event_url: https://hooks.example.com/telnyx
      webhook_event_failover_url: ""
      webhook_api_version: "1"
      webhook_timeout_secs: ""
      call_cost_in_webhooks: false
      tags: [office]
      noise_suppression: disabled
      noise_suppression_details:
        engine: denoiser
        attenuation_limit: 0
      jitter_buffer:
        enable_jitter_buffer: false
        jitterbuffer_msec_min: 60
        jitterbuffer_msec_max: 200
      rtcp_settings:
        port: rtp+1
        capture_enabled: false
        report_frequency_secs: 5
      inbound:
        ani_number_format: E.164-national
        dnis_number_format: e164
        codecs: [G722, G711U, G711A, G729, OPUS, H.264]
        default_routing_method: sequential
        generate_ringback_tone: false
        isup_headers_enabled: false
        prack_enabled: false
        shaken_stir_enabled: false
        simultaneous_ringing: disabled
        sip_compact_headers_enabled: true
        timeout_1xx_secs: 3
        timeout_2xx_secs: 90
      outbound:
        ani_override: ""
        ani_override_type: always
        call_parking_enabled: false
        generate_ringback_tone: false
        instant_ringback_enabled: true
        localization: US
        outbound_voice_profile_id: ""
        t38_reinvite_source: telnyx
      read_only:
        record_type: credential_connection
        inbound:
          instant_ringback_enabled: false
        registration_status: Not Registered
        registration_status_updated_at: null
        third_party_control_enabled: false
        created_at: "2026-11-22T09:00:00.000Z"
        updated_at: "2026-11-22T09:00:00.000Z"
        password_set: true
"""

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION_INVENTORY
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_info_module


def main():
    run_info_module(CREDENTIAL_CONNECTION_INVENTORY)


if __name__ == "__main__":
    main()
