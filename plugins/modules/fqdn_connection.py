#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fqdn_connection
short_description: Manage a Telnyx FQDN connection and its FQDN records
version_added: 0.1.0
description:
  - Create, update or delete one Telnyx v2 FQDN connection, so that it matches the options given, and keep its
    FQDN records to match O(fqdns).
  - A PBX or SBC reached by host name authenticates by FQDN. This is the connection that the guides of voice
    platforms (LiveKit, Vapi, Retell and others) ask for.
  - Only the options you set are compared and sent. Server defaults (some differ from a credential connection's),
    read-only fields and keys Telnyx adds are never treated as drift.
  - The connection is found by O(id) or, without it, by its exact O(connection_name) across every page of the list.
  - "The writes come in the order the API needs, and are as few as it allows: a new connection, then its FQDN
    records, then one PATCH that makes them its default primary, secondary and tertiary FQDN; for a connection that
    exists, the new and changed records first, then one PATCH that carries the pointers with any other change;
    records the list lost are deleted last. With O(state=absent), the records, then the connection."
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
      - Check mode sends only reads and predicts every write a real run would make, records and pointers included; a
        record to be created has an id such as C(<id of the FQDN ...>) in the prediction.
  diff_mode:
    support: full
    details:
      - The diff shows the options you set, before and after, and O(fqdns) as a list of records in priority order.
  idempotent:
    support: full
    details:
      - "What a second run with the same arguments sends: the read of the connection (by O(connection_name), one list
        read; by O(id), one GET) and, with O(fqdns), one read of its FQDN records. No write, and C(changed: false)."
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
      - V(present) creates the connection or updates it to match; V(absent) deletes its FQDN records, then the connection.
    type: str
    choices: [present, absent]
    default: present
  webhook_api_version:
    description:
      - The webhook API version. A YAML number such as C(2) is taken as the string V(2).
    type: str
    choices: ["1", "2"]
  transport_protocol:
    description: The SIP transport protocol for calls to and from this connection.
    type: str
    choices: [UDP, TCP, TLS]
  microsoft_teams_sbc:
    description:
      - Whether the connection is a Microsoft Teams SBC (Telnyx makes a C(*.mstsbc.telnyx.tech) FQDN for it).
      - Only when the connection is created; Telnyx's update does not take it, so a change fails before any write.
    type: bool
  fqdns:
    description:
      - The FQDN records of the connection, in priority order. The first is the connection's default primary FQDN,
        the second its secondary, the third its tertiary; the others are records of the connection too.
      - Each record is known by its O(fqdns[].fqdn). A record of the connection that the list does not name is
        deleted; one whose port or DNS record type differs is changed in place; a new one is created. Records of
        other connections are never read nor touched.
      - An empty list deletes every FQDN record of the connection. Leave the option out to leave the records alone.
    type: list
    elements: dict
    suboptions:
      fqdn:
        description: The host name, such as V(pbx.example.com). Given once per list.
        type: str
        required: true
      port:
        description:
          - The SIP port, 1 to 65535, for an V(a) record; 5060 when left out.
          - An V(srv) record has none (its port comes from DNS) and is sent with a null port.
        type: int
      dns_record_type:
        description: How Telnyx resolves O(fqdns[].fqdn); V(a) when left out.
        type: str
        choices: [a, srv]
  inbound:
    description:
      - Settings for calls to this connection.
      - Its default primary, secondary and tertiary FQDN are set from O(fqdns), not here.
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
        description: The most simultaneous inbound calls; an empty string removes the limit.
        type: raw
      default_routing_method:
        description: How calls are routed to the FQDNs; an empty string clears it.
        type: str
        choices: [sequential, round-robin, ""]
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
      sip_compact_headers_enabled:
        description: Whether compact SIP headers are used.
        type: bool
      timeout_1xx_secs:
        description: Seconds, 1 to 120, to wait for a 1xx answer.
        type: int
      timeout_2xx_secs:
        description: Seconds, 1 to 600, to wait for a 2xx answer.
        type: int
      sip_region:
        description: The region of the Telnyx SIP edge that calls to this connection come from.
        type: str
        choices: [US, Europe, Australia]
      sip_subdomain:
        description: The subdomain under which this connection is reached by SIP URI ({sip_subdomain}.sip.telnyx.com); an empty string clears it.
        type: str
      sip_subdomain_receive_settings:
        description: Who may call the SIP subdomain.
        type: str
        choices: [only_my_connections, from_anyone]
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
        description: The most simultaneous outbound calls; an empty string removes the limit.
        type: raw
      generate_ringback_tone:
        description: Whether Telnyx generates a ringback tone.
        type: bool
      instant_ringback_enabled:
        description: Whether ringback starts at once (false unless set, for FQDN connections).
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
        description: Which side sends the T.38 re-INVITE (the customer's, unless set).
        type: str
        choices: [telnyx, customer, disabled, passthru, caller-passthru, callee-passthru]
      encrypted_media:
        description: V(SRTP) to encrypt outbound media; an empty string turns encryption off (sent as null).
        type: str
        choices: ["SRTP", ""]
      ip_authentication_method:
        description: How Telnyx authenticates the calls your PBX sends.
        type: str
        choices: [credential-authentication, ip-authentication]
      tech_prefix:
        description: A prefix of exactly 4 digits that Telnyx expects on the called number; an empty string removes it.
        type: str
      timeout_1xx_secs:
        description: Seconds, 1 to 120, to wait for a 1xx answer on outbound calls.
        type: int
      timeout_2xx_secs:
        description: Seconds, 1 to 600, to wait for a 2xx answer on outbound calls.
        type: int
notes:
  - Telnyx may silently drop a value it accepted. The module then warns and names the value, and the next run tries
    again.
  - A connection without an outbound voice profile cannot place outbound calls; Telnyx refuses them with SIP cause
    D38. The module warns, in check mode too, whenever the connection ends up without one. See the FQDN trunk guide
    (C(docs/fqdn-trunk.md)) for a connection, its records, its profile and its numbers in one playbook.
  - On a local connection without become, the action plugin runs the module in-process on the controller (see
    M(telnyx.voice.credential_connection)); E(TELNYX_VOICE_EXECUTION=module) runs it as a module process.
seealso:
  - module: telnyx.voice.fqdn_connection_info
  - module: telnyx.voice.fqdn_connections
  - module: telnyx.voice.outbound_voice_profile
  - name: Telnyx FQDN connections API
    description: The Telnyx v2 API reference for FQDN connections.
    link: https://developers.telnyx.com/api/connections/list-fqdn-connections
"""

EXAMPLES = r"""
- name: Keep the trunk to the office PBX, with its two FQDN records in priority order
  telnyx.voice.fqdn_connection:
    connection_name: office-pbx
    transport_protocol: UDP
    fqdns:
      - fqdn: pbx.example.com
        port: 5060
      - fqdn: pbx-backup.example.com
        port: 5060
    inbound:
      codecs: [G722, G711U]
    outbound:
      outbound_voice_profile_name: office-outbound
  delegate_to: localhost

- name: Remove every FQDN record of the connection, and keep the connection
  telnyx.voice.fqdn_connection:
    connection_name: office-pbx
    fqdns: []
  delegate_to: localhost

- name: Delete the connection and its FQDN records
  telnyx.voice.fqdn_connection:
    connection_name: office-pbx
    state: absent
  delegate_to: localhost
"""

RETURN = r"""
fqdn_connection:
  description:
    - The connection after the run, as Telnyx returned it, with any password Telnyx shows masked.
    - With O(fqdns), its records under C(fqdns), in the order of O(fqdns), each with its C(id).
    - In check mode, the prediction; a connection to be created has C(id) null.
    - After a delete, or when the connection is absent, an empty dict.
  returned: always
  type: dict
  sample:
    id: "1293384261075731499"
    record_type: fqdn_connection
    connection_name: office-pbx
    active: true
    transport_protocol: UDP
    inbound:
      default_primary_fqdn_id: "1293384261075731600"
      codecs: [G722, G711U]
    outbound:
      outbound_voice_profile_id: "1293384261075731700"
      t38_reinvite_source: customer
    fqdns:
      - id: "1293384261075731600"
        fqdn: pbx.example.com
        port: 5060
        dns_record_type: a
"""

from ansible_collections.telnyx.voice.plugins.module_utils._fqdn_connection import FQDN_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_resource_module


def main():
    run_resource_module(FQDN_CONNECTION)


if __name__ == "__main__":
    main()
