# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - A Telnyx API v2 key, sent as a bearer token.
      - If not set, the value of the E(TELNYX_API_KEY) environment variable is used.
      - "Environment variables reach a module only where it runs, so run Telnyx tasks on the controller
        (C(connection: local) or C(delegate_to: localhost))."
    type: str
    required: true
  base_url:
    description:
      - The base URL of the Telnyx v2 API.
      - If not set, the value of the E(TELNYX_BASE_URL) environment variable is used, then the default.
      - Redirects are never followed, so give the final address.
    type: str
    default: https://api.telnyx.com/v2
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(base_url).
    type: bool
    default: true
  request_timeout:
    description:
      - Seconds to wait for Telnyx to accept a connection, and then for each answer.
      - If not set, the value of the E(TELNYX_REQUEST_TIMEOUT) environment variable is used, then the default.
    type: float
    default: 30
  max_retries:
    description:
      - How many times a request is retried after HTTP 429 (rate limited), a 5xx answer, a timeout or a broken
        connection, so that a request is sent at most O(max_retries) + 1 times.
      - A create (POST) is retried only after 429 or when the connection could not be made. After a 5xx or a
        lost answer, the module lists by name first, so a create is never made twice.
      - If not set, the value of the E(TELNYX_MAX_RETRIES) environment variable is used, then the default.
      - Set V(0) to turn retries off.
    type: int
    default: 3
  retry_max_delay:
    description:
      - The longest wait, in seconds, before one retry. The waits are 0.5, 1, 2, 4 ... seconds up to this value;
        a C(x-ratelimit-reset) or C(Retry-After) header from Telnyx is honoured up to this value.
      - One request therefore takes at most (O(max_retries) + 1) times O(request_timeout) plus O(max_retries)
        times O(retry_max_delay); with the defaults, 4 x 30 + 3 x 10 = 150 seconds.
      - If not set, the value of the E(TELNYX_RETRY_MAX_DELAY) environment variable is used, then the default.
    type: float
    default: 10
requirements:
  - requests
notes:
  - Secrets (O(api_key) and any password) are masked in results, diffs, warnings and error messages.
"""
