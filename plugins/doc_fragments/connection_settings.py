# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The options every connection type shares, each the same field of the same schema object
    # (module_utils/_connection.py); each module documents its inbound and outbound settings, whose defaults differ.
    DOCUMENTATION = r"""
options:
  active:
    description: Whether the connection is enabled.
    type: bool
  anchorsite_override:
    description: The Telnyx media anchor site, or V(Latency) for the one with the lowest latency.
    type: str
    choices: ["Latency", "Chicago, IL", "Ashburn, VA", "San Jose, CA", "Sydney, Australia", "Amsterdam, Netherlands",
              "London, UK", "Toronto, Canada", "Vancouver, Canada", "Frankfurt, Germany"]
  default_on_hold_comfort_noise_enabled:
    description: Whether comfort noise is generated while a call is on hold.
    type: bool
  dtmf_type:
    description: How DTMF digits are sent.
    type: str
    choices: ["RFC 2833", "Inband", "SIP INFO"]
  encode_contact_header_enabled:
    description: Whether the Contact header is encoded.
    type: bool
  encrypted_media:
    description: V(SRTP) to encrypt media; an empty string turns encryption off (sent as null).
    type: str
    choices: ["SRTP", ""]
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
    description: The URL used when O(webhook_event_url) fails, with an http or https scheme; an empty string clears it.
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
      - With V(true), O(tags) is the whole set of tags, and any other tag is removed.
      - With V(false), the tags of O(tags) are added to those the object has, and no tag is removed, so tags that
        others put on it stay.
    type: bool
    default: true
  noise_suppression:
    description: Which call legs get noise suppression.
    type: str
    choices: [inbound, outbound, both, disabled]
  noise_suppression_details:
    description: Noise suppression settings, kept even while suppression is disabled.
    type: dict
    suboptions:
      engine:
        description: The noise suppression engine.
        type: str
        choices: [denoiser, deep_filter_net, deep_filter_net_large, krisp_viva_tel, krisp_viva_tel_lite,
                  krisp_viva_promodel, krisp_viva_ss, quail_voice_focus]
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
        description: The smallest buffer, 40 to 400 milliseconds, not above O(jitter_buffer.jitterbuffer_msec_max).
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
        choices: [rtcp-mux, rtp+1]
      capture_enabled:
        description: Whether RTCP is captured (beta).
        type: bool
      report_frequency_secs:
        description:
          - Seconds between RTCP reports, 5 to 3000.
          - The alias O(rtcp_settings.report_frequency_seconds) is the spelling of the public docs page,
            which Telnyx ignores; it is sent as C(report_frequency_secs).
        type: int
        aliases:
          - report_frequency_seconds
"""
