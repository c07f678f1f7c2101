#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# Written by tools/plural_modules.py from the documentation of credential_connection: edit that module, or the tool,
# then run `make docs`.

from __future__ import annotations

DOCUMENTATION = r"""
module: credential_connections
short_description: Manage many Telnyx credential connections in one task
version_added: 0.1.0
description:
- Keep many Telnyx v2 credential connections in one task, in the shape of the ansible.netcommon resource modules
  (O(config) and O(state)), such as every credential connection kept in a source of truth.
- Each item of O(config) takes exactly the resource options of M(telnyx.voice.credential_connection), is validated
  by the same rules and planned by the same code, so an item does what a task of that module with the same options
  would do. The connection options are given once, for the task.
- Every item is validated before any request; a bad item, or two items that name the same credential connection,
  fails the task naming the item, and nothing is sent.
- The account's credential connections are read once (every page of the list, in parallel), or each item's own when
  that is fewer requests. A list that others changed while it was read is read again, and an item the list lacks
  is looked up by name before anything is created, so a credential connection is never created twice.
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
    - A delete or a purge shows in one line which credential connection goes, by name and id; the whole credential
      connection is in the C(deleted) of its entry.
  idempotent:
    support: full
    details:
    - 'A second run with the same arguments reads the list (one request per 250 credential connections) and sends
      no write: C(changed: false).'
  platform:
    platforms: all
options:
  state:
    description:
    - V(merged) creates or updates the listed credential connections with the options given; what is not given is
      left alone.
    - V(replaced) gives each listed credential connection exactly the options given; an option not given returns
      to the default of Telnyx's schema. Options without a schema default (names, references, tags, secrets) are
      left as they are, as is a secret not given.
    - V(overridden) is V(replaced) for the listed credential connections, and deletes every other credential connection
      inside O(scope), which it requires. Nothing outside the scope is touched; an item that would leave the scope
      is refused.
    - V(deleted) deletes the listed credential connections.
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
    - Which credential connections a purge may touch (O(state=overridden), O(state=deleted) with O(allow_empty)),
      and which O(state=gathered) reads. Give one of O(scope.tag) and O(scope.name_prefix).
    type: dict
    suboptions:
      tag:
        description: The credential connections that carry this tag.
        type: str
      name_prefix:
        description: The credential connections whose C(connection_name) starts with this text (case matters).
        type: str
  allow_empty:
    description:
    - An empty or missing O(config) never deletes anything unless this is V(true). With V(true), O(state=overridden)
      and an empty O(config) delete every credential connection in O(scope), and so does O(state=deleted) with O(scope).
    - A task that can delete credential connections it does not list fails inside a C(loop), before any request,
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
    - Return the whole object of every item, unchanged ones included. By default an unchanged item's entry in RV(credential_connections)
      has its C(id) and C(connection_name) only.
    type: bool
    default: false
  config:
    description:
    - The credential connections, each a dictionary of the resource options of M(telnyx.voice.credential_connection),
      described below.
    - Each credential connection may appear once, by C(id) or by C(connection_name).
    type: list
    elements: dict
    suboptions:
      id:
        description:
        - The id of the connection, a string of digits assigned by Telnyx.
        - With O(config[].id), the connection is read by id and a O(config[].connection_name) given beside it is
          the name to set, which renames it.
        - A connection cannot be created with a given O(config[].id); with C(state=present) an unknown O(config[].id)
          fails.
        - One of O(config[].id) and O(config[].connection_name) is required.
        type: str
      connection_name:
        description:
        - The connection's name. Without O(config[].id), the connection is the one whose name is exactly this (case
          matters). If several have this name, the module fails, listing their ids, and writes nothing.
        - Required to create a connection.
        type: str
        aliases:
        - name
      update_password:
        description:
        - V(always) compares O(config[].password) with the connection's and updates it when they differ.
        - V(on_create) sets O(config[].password) only when the connection is created, and never changes it afterwards.
        type: str
        choices:
        - always
        - on_create
        default: always
      user_name:
        description:
        - The SIP user name. 4 to 32 letters or digits, with a letter among the first 5.
        - Required to create a connection. Telnyx treats user names as unique and case-insensitive.
        type: str
      password:
        description:
        - The SIP password, 8 to 128 characters. Required to create a connection. See O(config[].update_password).
        - Never shown in results, diffs or logs.
        type: str
      sip_uri_calling_preference:
        description:
        - Whether SIP URI calls to this connection are accepted. Telnyx reports V(disabled) as null; the two compare
          equal.
        type: str
        choices:
        - disabled
        - unrestricted
        - internal
      webhook_api_version:
        description:
        - The webhook API version. V(texml) can only be set when the connection is created, and needs O(config[].outbound.call_parking_enabled=true).
        - A YAML number such as C(2) is taken as the string V(2).
        type: str
        choices:
        - '1'
        - '2'
        - texml
      inbound:
        description: Settings for calls to this connection.
        type: dict
        suboptions:
          ani_number_format:
            description: The format of the calling number.
            type: str
            choices:
            - +E.164
            - E.164
            - +E.164-national
            - E.164-national
          dnis_number_format:
            description: The format of the called number.
            type: str
            choices:
            - +e164
            - e164
            - national
            - sip_username
          codecs:
            description:
            - Codecs in priority order, each one of V(G722), V(G711U), V(G711A), V(G729), V(OPUS) and V(H.264),
              the codecs Telnyx's schema names, spelt exactly so. Compared in order. A single string becomes a one-item
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
            choices:
            - sequential
            - round-robin
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
            choices:
            - disabled
            - enabled
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
            - When O(config[].outbound.ani_override) applies. It means nothing, and is not compared, while O(config[].outbound.ani_override)
              is blank.
            type: str
            choices:
            - always
            - normal
            - emergency
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
            - Not together with O(config[].outbound.outbound_voice_profile_name).
            type: str
          outbound_voice_profile_name:
            description:
            - The outbound voice profile by its exact name, looked up across every page as M(telnyx.voice.outbound_voice_profile)
              looks it up, and set as O(config[].outbound.outbound_voice_profile_id). An empty string clears the
              profile.
            - The run fails, before any write, when no profile or several profiles have this name. In check mode,
              a profile that does not exist yet gives a warning instead, since an earlier task may create it.
            - Not together with O(config[].outbound.outbound_voice_profile_id).
            type: str
          t38_reinvite_source:
            description: Which side sends the T.38 re-INVITE.
            type: str
            choices:
            - telnyx
            - customer
            - disabled
            - passthru
            - caller-passthru
            - callee-passthru
      active:
        description: Whether the connection is enabled.
        type: bool
      anchorsite_override:
        description: The Telnyx media anchor site, or V(Latency) for the one with the lowest latency.
        type: str
        choices:
        - Latency
        - Chicago, IL
        - Ashburn, VA
        - San Jose, CA
        - Sydney, Australia
        - Amsterdam, Netherlands
        - London, UK
        - Toronto, Canada
        - Vancouver, Canada
        - Frankfurt, Germany
      default_on_hold_comfort_noise_enabled:
        description: Whether comfort noise is generated while a call is on hold.
        type: bool
      dtmf_type:
        description: How DTMF digits are sent.
        type: str
        choices:
        - RFC 2833
        - Inband
        - SIP INFO
      encode_contact_header_enabled:
        description: Whether the Contact header is encoded.
        type: bool
      encrypted_media:
        description: V(SRTP) to encrypt media; an empty string turns encryption off (sent as null).
        type: str
        choices:
        - SRTP
        - ''
      onnet_t38_passthrough_enabled:
        description: Whether T.38 fax passes through on-net calls.
        type: bool
      ios_push_credential_id:
        description: The uuid of the iOS push credential; an empty string clears it.
        type: str
      android_push_credential_id:
        description: The uuid of the Android push credential; an empty string clears it.
        type: str
      webhook_event_url:
        description: The URL that receives this connection's webhooks, with an http or https scheme.
        type: str
      webhook_event_failover_url:
        description: The URL used when O(config[].webhook_event_url) fails, with an http or https scheme; an empty
          string clears it.
        type: str
      webhook_timeout_secs:
        description: Seconds, 0 to 30, that Telnyx waits for a webhook answer; an empty string clears it.
        type: raw
      call_cost_in_webhooks:
        description: Whether call-cost webhooks are sent.
        type: bool
      tags:
        description: Tags of the connection. Compared as a set; an empty list removes every tag.
        type: list
        elements: str
      purge_tags:
        description:
        - With V(true), O(config[].tags) is the whole set of tags, and any other tag is removed.
        - With V(false), the tags of O(config[].tags) are added to those the object has, and no tag is removed,
          so tags that others put on it stay.
        type: bool
        default: true
      noise_suppression:
        description: Which call legs get noise suppression.
        type: str
        choices:
        - inbound
        - outbound
        - both
        - disabled
      noise_suppression_details:
        description: Noise suppression settings, kept even while suppression is disabled.
        type: dict
        suboptions:
          engine:
            description: The noise suppression engine.
            type: str
            choices:
            - denoiser
            - deep_filter_net
            - deep_filter_net_large
            - krisp_viva_tel
            - krisp_viva_tel_lite
            - krisp_viva_promodel
            - krisp_viva_ss
            - quail_voice_focus
          attenuation_limit:
            description: The attenuation limit, 0 to 100 in steps of 10.
            type: int
      jitter_buffer:
        description: Jitter buffer settings. The limits have an effect only while the buffer is enabled.
        type: dict
        suboptions:
          enable_jitter_buffer:
            description: Whether the jitter buffer is on.
            type: bool
          jitterbuffer_msec_min:
            description: The smallest buffer, 40 to 400 milliseconds, not above O(config[].jitter_buffer.jitterbuffer_msec_max).
            type: int
          jitterbuffer_msec_max:
            description: The largest buffer, 40 to 400 milliseconds.
            type: int
      rtcp_settings:
        description: RTCP settings.
        type: dict
        suboptions:
          port:
            description: Where RTCP is sent.
            type: str
            choices:
            - rtcp-mux
            - rtp+1
          capture_enabled:
            description: Whether RTCP is captured (beta).
            type: bool
          report_frequency_secs:
            description:
            - Seconds between RTCP reports, 5 to 3000.
            - The alias O(config[].rtcp_settings.report_frequency_seconds) is the spelling of the public docs page,
              which Telnyx ignores; it is sent as C(report_frequency_secs).
            type: int
            aliases:
            - report_frequency_seconds
notes:
- The retry budget (O(max_retries)) applies to each logical operation, as in M(telnyx.voice.credential_connection).
  The read of every page is one operation, and each item's write with its read-back is another.
- An item that fails does not stop the others. The task then fails naming the items that failed with Telnyx's reasons;
  RV(credential_connections) says what each item did, and a rerun converges the rest.
seealso:
- module: telnyx.voice.credential_connection
  description: One credential connection per task.
- module: telnyx.voice.credential_connection_info
  description: List credential connections with filters, in the shape an item takes.
"""

EXAMPLES = r"""
- name: Keep the credential connections of the source of truth, leaving others alone
  telnyx.voice.credential_connections:
    config:
      - connection_name: customer-0001
        user_name: customer0001
        password: "{{ vault_customer_0001_password }}"
        tags: [managed-by-ansible]
        outbound:
          outbound_voice_profile_name: default-outbound
      - connection_name: customer-0002
        user_name: customer0002
        password: "{{ vault_customer_0002_password }}"
        tags: [managed-by-ansible]
        update_password: on_create
  delegate_to: localhost

- name: Read them back in the shape of config
  telnyx.voice.credential_connections:
    state: gathered
    scope:
      tag: managed-by-ansible
  register: gathered
  delegate_to: localhost
"""

RETURN = r"""
credential_connections:
  description:
    - One entry per item of O(config), in its order, with C(index), C(changed), C(action) (V(create), V(update),
      V(delete) or V(none)), C(id) and C(connection_name); the whole object (as C(credential_connection)) when it changed,
      failed or O(full_results) is set;
      C(deleted), the whole object as it was, for an item deleted or purged;
      C(diff) in diff mode; C(warnings); and C(failed) with C(msg) for an item that failed.
      Secrets are masked.
    - When some items failed, Ansible prints the result whole, so the entries of the items that converged beside
      them hold only C(index), C(changed), C(action), C(id) and C(connection_name), unless O(full_results) is set.
  returned: unless O(state=gathered)
  type: list
  elements: dict
purged:
  description: The credential connections that O(state=overridden) deleted (or would delete), each as an entry of RV(credential_connections).
  returned: unless O(state=gathered)
  type: list
  elements: dict
counts:
  description: How many items were created, updated, deleted, unchanged and failed, of the total, and how many
    credential connections were purged.
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
  sample: [{method: PATCH, path: /credential_connections/1293384261075731499, body: {tags: [managed-by-ansible]}}]
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
  description: With O(state=gathered), the credential connections of the account (or of O(scope)), each in the shape of an item
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

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_plural_module


def main():
    run_plural_module(CREDENTIAL_CONNECTION)


if __name__ == "__main__":
    main()
