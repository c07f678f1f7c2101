# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - A Telnyx API v2 key, sent as a bearer token. Required.
      - If not set, the value of the E(TELNYX_API_KEY) environment variable is used.
      - "Environment variables reach a module only where it runs, so run Telnyx tasks on the controller
        (C(connection: local) or C(delegate_to: localhost))."
      - Printable ASCII without spaces or line breaks.
    type: str
  base_url:
    description:
      - The base URL of the Telnyx v2 API.
      - If not set, the value of the E(TELNYX_BASE_URL) environment variable is used, then the default.
      - Redirects are never followed, so give the final address.
      - An absolute C(http) or C(https) URL, without a user name, password, query or fragment.
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
      - More than 0 and at most 3600.
      - If not set, the value of the E(TELNYX_REQUEST_TIMEOUT) environment variable is used, then the default.
    type: float
    default: 30
  max_retries:
    description:
      - How many retries one operation may make, after HTTP 429 (rate limited), a 5xx answer, a timeout or a broken
        connection. An operation is one read, one list of every page, or one write together with the read-back or
        lookup that confirms it; its requests share this one budget, so a request is sent at most
        O(max_retries) + 1 times.
      - A create (POST) is sent again only after 429 or when the connection could not be made, since Telnyx cannot
        have acted on it. After a 5xx or a lost answer, Telnyx may still make it, so the module looks for it by name
        instead, waiting and looking again while the retries last, and adopts it; if it is not found the task fails
        saying that it may still be created, and a later run converges. A create is never sent twice.
      - From 0 to 20. Set V(0) to turn retries off.
      - If not set, the value of the E(TELNYX_MAX_RETRIES) environment variable is used, then the default.
    type: int
    default: 3
  retry_max_delay:
    description:
      - The longest wait, in seconds, before one retry. The waits are 0.5, 1, 2, 4 ... seconds up to this value;
        a C(x-ratelimit-reset) or C(Retry-After) header from Telnyx is honoured up to this value.
      - It also bounds the wait of any request for the rate limit that the tasks on the controller share. Every
        request with the same O(api_key) and O(base_url) waits for its turn, paced by what Telnyx's rate-limit
        headers say, so that the tasks of a job with many forks do not spend their retries on HTTP 429. A retry
        waits the longer of its own wait and its turn, still at most this value.
      - From 0 to 600.
      - An operation of N requests therefore takes at most (N + O(max_retries)) times (O(request_timeout) plus
        O(retry_max_delay)); for one request with the defaults, 4 x (30 + 10) = 160 seconds.
        A run is one or two operations (find, then write), so one task takes at most twice that, plus one
        O(request_timeout) per extra page of a list.
      - If not set, the value of the E(TELNYX_RETRY_MAX_DELAY) environment variable is used, then the default.
    type: float
    default: 10
requirements:
  - requests
notes:
  - Secrets (O(api_key) and any password) are masked in results, diffs, warnings and error messages.
"""
