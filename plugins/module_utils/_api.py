# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""A small client for the Telnyx v2 REST API.

It knows the transport (bearer auth, JSON, timeouts, bounded retries), Telnyx's error
envelope and list pagination, and nothing about any resource.
"""

from __future__ import annotations

import email.utils
import math
import os
import re
import time
from urllib.parse import quote, urlsplit

try:
    import requests
    from requests.adapters import HTTPAdapter
except ImportError as exc:  # pragma: no cover - exercised through the module's missing-library message
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None


from ansible_collections.telnyx.voice.plugins.module_utils._ratelimit import SharedRateGate
from ansible_collections.telnyx.voice.plugins.module_utils._version import COLLECTION_VERSION
DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
DEFAULT_REQUEST_TIMEOUT = 30
DEFAULT_MAX_RETRIES = 3
DEFAULT_RETRY_MAX_DELAY = 10
PAGE_SIZE = 250
# A list that never reports its last page must still end.
MAX_PAGES = 10000
RETRYABLE_STATUSES = (429, 500, 502, 503, 504)
# POST is absent on purpose: a create is retried only on 429, never after a 5xx or a lost answer.
IDEMPOTENT_METHODS = frozenset(("GET", "PATCH", "DELETE"))


# The bounds of the connection options: outside them a run cannot work, or could wait without end.
MAX_REQUEST_TIMEOUT = 3600
MAX_MAX_RETRIES = 20
MAX_RETRY_MAX_DELAY = 600


# The environment variable each connection option falls back to, when the task does not set it.
ENV_VARS = dict(api_key="TELNYX_API_KEY", base_url="TELNYX_BASE_URL", request_timeout="TELNYX_REQUEST_TIMEOUT",
                max_retries="TELNYX_MAX_RETRIES", retry_max_delay="TELNYX_RETRY_MAX_DELAY")


def connection_argument_spec():
    """The options every Telnyx module takes, documented in the telnyx.voice.connection doc fragment.

    ``api_key`` is not ``required`` here so that ``check_connection_options`` can say where it may come from.
    """
    from ansible.module_utils.basic import env_fallback

    spec = dict(
        api_key=dict(type="str", no_log=True),
        base_url=dict(type="str", default=DEFAULT_BASE_URL),
        validate_certs=dict(type="bool", default=True),
        request_timeout=dict(type="float", default=DEFAULT_REQUEST_TIMEOUT),
        max_retries=dict(type="int", default=DEFAULT_MAX_RETRIES),
        retry_max_delay=dict(type="float", default=DEFAULT_RETRY_MAX_DELAY),
    )
    for name, variable in ENV_VARS.items():
        spec[name]["fallback"] = (env_fallback, [variable])
    return spec


def env_source(name, value):
    """The environment variable that ``value`` of the connection option ``name`` came from, or None.

    The value is the variable's when they are equal (as the option's type reads the variable): a message about a
    bad value then names the variable, which the task does not show.
    """
    variable = ENV_VARS.get(name)
    text = os.environ.get(variable) if variable else None
    if text is None or value is None:
        return None
    if isinstance(value, str):
        return variable if text == value else None
    try:
        return variable if float(text) == float(value) else None
    except (TypeError, ValueError):
        return None


def _api_key_problem(value):
    if value is None or value == "":
        return "is required: set it in the task or in module_defaults, or export TELNYX_API_KEY"
    # It is sent in a header: a space, a line break or a non-ASCII character would break or forge the request.
    if not re.fullmatch(r"[\x21-\x7e]+", value):
        return "must be printable ASCII without spaces or line breaks (it is sent as a bearer token)"
    return None


def _base_url_problem(value):
    try:
        parts = urlsplit(value)
        parts.port  # pylint: disable=pointless-statement  # raises ValueError for a bad port
    except (TypeError, ValueError, AttributeError):
        return "must be an absolute http or https URL such as %s, got %r" % (DEFAULT_BASE_URL, value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an absolute http or https URL such as %s, got %r" % (DEFAULT_BASE_URL, value)
    if parts.username is not None or parts.password is not None:
        return "must not hold a user name or password (the api_key is the credential)"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return "must not have a query or a fragment, got %r" % value
    if re.search(r"[\s\x00-\x1f\x7f]", value):
        return "must not contain spaces or control characters, got %r" % value
    return None


def _number_problem(minimum, maximum, integer=False, above_minimum=False):
    def problem(value):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
            return "must be a%s number, got %r" % ("n integer" if integer else "", value)
        if not math.isfinite(value) or value > maximum or value < minimum or (above_minimum and value == minimum):
            return "must be %s %s and at most %s, got %r" % (
                "more than" if above_minimum else "at least", minimum, maximum, value)
        return None
    return problem


CONNECTION_RULES = dict(
    api_key=_api_key_problem,
    base_url=_base_url_problem,
    validate_certs=lambda value: None if isinstance(value, bool) else "must be a boolean, got %r" % (value,),
    request_timeout=_number_problem(0, MAX_REQUEST_TIMEOUT, above_minimum=True),
    max_retries=_number_problem(0, MAX_MAX_RETRIES, integer=True),
    retry_max_delay=_number_problem(0, MAX_RETRY_MAX_DELAY),
)
"""One rule per connection option: a function of the validated value returning an error text or None."""


def check_connection_options(params):
    """Every broken rule of the connection options in ``params``, as ``"option: rule"`` texts.

    A missing value (None) is checked as its default would be, except api_key, which has none.
    """
    defaults = {name: spec.get("default") for name, spec in connection_argument_spec().items()}
    problems = []
    for name, rule in CONNECTION_RULES.items():
        value = params.get(name)
        problem = rule(defaults[name] if value is None and name != "api_key" else value)
        if problem:
            variable = env_source(name, value)
            problems.append("%s%s: %s" % (name, " (from the environment variable %s)" % variable if variable
                                          else "", problem))
    return problems


def time_bound(requests, max_retries=DEFAULT_MAX_RETRIES, request_timeout=DEFAULT_REQUEST_TIMEOUT,
               retry_max_delay=DEFAULT_RETRY_MAX_DELAY):
    """The most seconds one operation of ``requests`` distinct requests can take with its one retry budget.

    The retries, ``max_retries`` for the whole operation, each add one send. Each send waits at most
    ``request_timeout`` for its answer, and before it goes at most ``retry_max_delay``: for the shared rate gate,
    and before a retry for the retry's own wait too, both at once. With the defaults and one request: 160 s.
    """
    return (requests + max_retries) * (request_timeout + retry_max_delay)


def segment(value):
    """``value`` as one percent-quoted URL path segment, so that no value can reach another path or a query.

    Dots are quoted too when they are the whole segment, since an HTTP library resolves ``.`` and ``..``.
    Raises ValueError for an empty value: that would name the collection instead of an item.
    """
    text = str(value)
    if not text:
        raise ValueError("an empty path segment")
    quoted = quote(text, safe="")
    return quoted.replace(".", "%2E") if set(text) <= {"."} else quoted


# A path as the client sends it: segments of unreserved or percent-quoted characters, none of them dots only.
_SAFE_PATH = re.compile(r"(?:/(?!\.{1,2}(?:/|$))[A-Za-z0-9_.~%-]+)+")


class TelnyxError(Exception):
    """A request to Telnyx did not give a usable answer."""

    def __init__(self, message, status=None, errors=None, method=None, path=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.errors = errors or []
        self.method = method
        self.path = path
        # Set when an earlier attempt of the same request may have been acted on (it was retried after a 5xx
        # or a lost answer, not after a 429): a 404 may then be our own doing, and a write may have happened.
        self.retried = False

    @property
    def not_found(self):
        return self.status == 404


class TelnyxApiError(TelnyxError):
    """Telnyx answered with an HTTP error status."""


class TelnyxTransportError(TelnyxError):
    """No usable answer: network failure, timeout, truncated or non-JSON body.

    ``maybe_applied`` is true when the request may have reached Telnyx, so a write may have
    happened even though no answer came back.
    """

    def __init__(self, message, maybe_applied, method=None, path=None):
        super().__init__(message, method=method, path=path)
        self.maybe_applied = maybe_applied


def describe_errors(errors, said=""):
    """One line per Telnyx error: title, detail and the field its source.pointer names.

    A title that ``said`` (the message's lead) already holds is left out, so it is not read twice.
    """
    parts = []
    for error in errors:
        if not isinstance(error, dict):
            parts.append(str(error))
            continue
        keys = ("detail",) if error.get("title") and str(error["title"]) in said else ("title", "detail")
        text = ": ".join(str(error[key]) for key in keys if error.get(key))
        pointer = (error.get("source") or {}).get("pointer") if isinstance(error.get("source"), dict) else None
        if pointer:
            text = "%s (at %s)" % (text, pointer)
        if error.get("code"):
            text = "%s [code %s]" % (text, error["code"])
        parts.append(text)
    return "; ".join(parts)


def header_seconds(value):
    """A header's number of seconds (``x-ratelimit-reset``, ``x-ratelimit-remaining``), or None when unreadable."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


class RetryBudget:
    """The retries one logical operation may still make: a read, a list of every page, or a write together with
    the read-back or lookup that confirms it. The client's re-sends and the core's re-looks draw on it alike."""

    def __init__(self, retries):
        self.left = retries
        self.used = 0

    def take(self):
        """Spend one retry; False when none is left."""
        if self.left <= 0:
            return False
        self.left -= 1
        self.used += 1
        return True


class TelnyxClient:
    """Bearer-authenticated JSON over a requests session, with bounded retries.

    Raises ValueError when a connection option breaks its rule (see ``CONNECTION_RULES``); modules check the
    options first and fail naming them, so this only guards callers that skip that.
    """

    def __init__(self, api_key, base_url=DEFAULT_BASE_URL, request_timeout=DEFAULT_REQUEST_TIMEOUT,
                 max_retries=DEFAULT_MAX_RETRIES, retry_max_delay=DEFAULT_RETRY_MAX_DELAY,
                 validate_certs=True, user_agent=None, session=None, sleep=time.sleep, rate_gate=None):
        problems = check_connection_options(dict(
            api_key=api_key, base_url=base_url, request_timeout=request_timeout, max_retries=max_retries,
            retry_max_delay=retry_max_delay, validate_certs=validate_certs))
        if problems:
            raise ValueError("; ".join(problems))
        self.base_url = base_url.rstrip("/")
        self.timeout = request_timeout
        self.max_retries = max_retries
        self.retry_max_delay = retry_max_delay
        self._sleep = sleep
        # Every client of one key and base_url paces its sends through the same gate (see _ratelimit.py).
        self.rate_gate = rate_gate if rate_gate is not None else SharedRateGate(api_key, self.base_url)
        # What this client did, for the results: sends made, re-sends, 429 answers, seconds waited for the gate
        # beyond the waits its retries would have made anyway.
        self.stats = {"requests": 0, "retries": 0, "rate_limited": 0, "paced_seconds": 0.0}
        self.session = session if session is not None else self._new_session()
        self.session.headers.update({
            "Authorization": "Bearer %s" % api_key,
            "Accept": "application/json",
            "User-Agent": user_agent or default_user_agent(),
        })
        self.session.verify = validate_certs

    @classmethod
    def from_params(cls, params, **kwargs):
        """A client for validated module ``params``; an option left unset (None) takes its default."""
        options = {name: params.get(name) for name in ("base_url", "request_timeout", "max_retries",
                                                       "retry_max_delay", "validate_certs")}
        given = {name: value for name, value in options.items() if value is not None}
        return cls(api_key=params.get("api_key"), **given, **kwargs)

    @staticmethod
    def _new_session():
        # The adapter never retries: request() alone decides, so every kind of failure shares one budget.
        session = requests.Session()
        adapter = HTTPAdapter(max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def budget(self):
        """A fresh retry budget for one logical operation."""
        return RetryBudget(self.max_retries)

    # The verbs the resources use; ``budget`` shares one operation's retries across its requests.

    def get(self, path, params=None, budget=None):
        return self.request("GET", path, params=params, budget=budget)["data"]

    def create(self, path, body, budget=None):
        return self.request("POST", path, body=body, budget=budget)["data"]

    def update(self, path, body, budget=None):
        return self.request("PATCH", path, body=body, budget=budget)["data"]

    def delete(self, path, budget=None):
        return self.request("DELETE", path, budget=budget)["data"]

    def action(self, path, budget=None):
        return self.request("POST", path, budget=budget)["data"]

    def list(self, path, params=None, budget=None):
        """Every item of a paginated list, following ``meta`` until the last page; the pages share one budget."""
        budget = budget or self.budget()
        query = dict(params or {})
        query["page[size]"] = PAGE_SIZE
        for number in range(1, MAX_PAGES + 1):
            query["page[number]"] = number
            try:
                document = self.request("GET", path, params=query, budget=budget)
            except TelnyxApiError as error:
                if error.status == 404 and not error.errors:
                    # Telnyx answers a list with a 404 only when the address is not Telnyx's list.
                    error.message += (" (no Telnyx list answers at %s%s: check that base_url is the API's address, "
                                      "ending in /v2)" % (self.base_url, path))
                raise
            data = document.get("data") or []
            yield from data
            meta = document.get("meta") or {}
            total_pages = meta.get("total_pages")
            if total_pages is None:
                if len(data) < PAGE_SIZE:
                    return
            elif number >= int(total_pages):
                return

    def request(self, method, path, params=None, body=None, budget=None):
        """One request with bounded retries; returns the JSON document.

        ``path`` must be built with ``segment()`` for every value in it (ValueError otherwise). The retries come
        from ``budget`` (a new one of ``max_retries`` when not given), so a request is sent at most
        ``1 + max_retries`` times, and all the requests of one operation together retry at most ``max_retries``
        times. A 429 is retried for every method; a 5xx, a timeout or a broken answer only for GET, PATCH and
        DELETE, because a create sent again could be made twice (the resource core looks for a lost create
        instead). A connection that was never made is retried for every method, since it carried nothing.
        """
        if not _SAFE_PATH.fullmatch(path):
            raise ValueError("refusing to send %s to the unsafe path %r" % (method, path))
        budget = budget or self.budget()
        url = self.base_url + path
        attempt = 0
        # Whether an attempt already sent may have been acted on: a 429 or a connection never made was not.
        acted_on = False
        retry_wait = 0.0
        while True:
            attempt += 1
            self._wait_to_send(retry_wait)
            self.stats["requests"] += 1
            try:
                response = self.session.request(method, url, params=params, json=body, timeout=self.timeout,
                                                allow_redirects=False)
            except requests.exceptions.RequestException as exc:
                failure = self._transport_failure(method, path, exc, attempt)
                if (not failure.maybe_applied or method in IDEMPOTENT_METHODS) and budget.take():
                    acted_on = acted_on or failure.maybe_applied
                    self.stats["retries"] += 1
                    retry_wait = self._backoff(attempt)
                    continue
                failure.retried = acted_on
                raise failure
            status = response.status_code
            self.rate_gate.learn(status, response.headers)
            if status == 429:
                self.stats["rate_limited"] += 1
            if status in RETRYABLE_STATUSES and (status == 429 or method in IDEMPOTENT_METHODS) and budget.take():
                acted_on = acted_on or status != 429
                self.stats["retries"] += 1
                retry_wait = self._wait_before_retry(response, attempt)
                continue
            try:
                return self._parse(method, path, response, self.redact_text)
            except TelnyxError as error:
                error.retried = acted_on
                raise

    def _wait_to_send(self, retry_wait):
        """Wait for the send's slot at the shared rate gate, and for the retry's own wait: both at once, so the
        send waits the longer of the two, never more than retry_max_delay (the bound time_bound() counts)."""
        gate_wait = self.rate_gate.reserve(self.retry_max_delay)
        wait = min(self.retry_max_delay, max(retry_wait, gate_wait))
        if wait > 0:
            self._sleep(wait)
        self.stats["paced_seconds"] += max(0.0, wait - retry_wait)

    def sleep_before_retry(self, attempt):
        """Wait as before retry number ``attempt`` (1, 2 ...) of a request: for a caller's own bounded re-tries."""
        self._sleep(self._backoff(attempt))

    def _backoff(self, attempt):
        """0.5 s, then 1, 2, 4 ... seconds, never more than retry_max_delay."""
        return min(self.retry_max_delay, 0.5 * (2 ** (attempt - 1)))

    def _wait_before_retry(self, response, attempt):
        """What Telnyx asks for (x-ratelimit-reset, or Retry-After), else the backoff; capped either way."""
        asked = header_seconds(response.headers.get("x-ratelimit-reset")) if response.status_code == 429 else None
        if asked is None:
            asked = retry_after_seconds(response.headers.get("Retry-After"))
        return self._backoff(attempt) if asked is None else min(asked, self.retry_max_delay)

    def _transport_failure(self, method, path, exc, attempt):
        """A TelnyxTransportError that says what happened, and whether the request may have been applied."""
        tries = " (after %d attempts)" % attempt if attempt > 1 else ""
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            text, applied = "could not connect to %s within %ss" % (self.base_url, self.timeout), False
        elif isinstance(exc, requests.exceptions.Timeout):
            text, applied = ("timed out after %ss waiting for Telnyx to answer (request_timeout)" % self.timeout,
                             True)
        elif isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
            text, applied = "the answer broke off before it was complete (%s)" % _reason_text(exc), True
        elif isinstance(exc, requests.exceptions.SSLError):
            text, applied = "TLS failed with %s: %s" % (self.base_url, _reason_text(exc)), False
        elif isinstance(exc, requests.exceptions.ConnectionError) and not _maybe_sent(exc):
            text, applied = "could not reach Telnyx at %s: %s" % (self.base_url, _reason_text(exc)), False
        elif isinstance(exc, requests.exceptions.ConnectionError):
            text, applied = "the connection was dropped before Telnyx answered (%s)" % _reason_text(exc), True
        else:
            text, applied = _reason_text(exc), True
        return TelnyxTransportError("%s %s failed%s: %s" % (method, path, tries, self.redact_text(text)),
                                    maybe_applied=applied, method=method, path=path)

    @staticmethod
    def redact_text(text):
        """Hook for the caller to mask secrets in response text before it is shortened into a message."""
        return text

    @staticmethod
    def _parse(method, path, response, redact):
        status = response.status_code
        try:
            document = response.json()
        except ValueError:
            document = None
        if 300 <= status < 400:
            raise TelnyxApiError(
                "%s %s was redirected (HTTP %s to %s); writes are never followed through a redirect, so set "
                "base_url to the final address" % (method, path, status, response.headers.get("Location")),
                status=status, method=method, path=path)
        if status >= 400:
            errors = document.get("errors") if isinstance(document, dict) else None
            errors = errors if isinstance(errors, list) else []
            raise TelnyxApiError(_error_message(method, path, status, errors, response, redact), status=status,
                                 errors=errors, method=method, path=path)
        if not isinstance(document, dict) or "data" not in document:
            raise TelnyxTransportError(
                "%s %s: Telnyx answered HTTP %s with a body that is not the expected JSON document "
                "(content-type %s): %r" % (method, path, status, response.headers.get("Content-Type"),
                                           redact(response.text)[:200]),
                maybe_applied=method != "GET", method=method, path=path)
        return document


def _error_message(method, path, status, errors, response, redact):
    if status == 401:
        lead = "Authentication failed (HTTP 401): Telnyx rejected the api_key"
    elif status == 403:
        lead = "Permission denied (HTTP 403): the api_key may not do %s %s" % (method, path)
    elif status == 429:
        lead = "Rate limited by Telnyx (HTTP 429) on %s %s, and the retries ran out" % (method, path)
    else:
        lead = "Telnyx API %s %s failed with HTTP %s" % (method, path, status)
    summary = describe_errors(errors, said=lead) or (redact(response.text)[:200] if response.text else response.reason)
    return "%s: %s" % (lead, summary) if summary else lead


def retry_after_seconds(value):
    """Retry-After as seconds: a number of seconds, or an HTTP date."""
    seconds = header_seconds(value)
    if seconds is not None or not value:
        return seconds
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _maybe_sent(exc):
    """A connection that was never made never carried the request; anything else might have."""
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # MaxRetryError wraps the failure
    return not isinstance(reason, (NewConnectionError, ConnectTimeoutError))


def _reason_text(exc):
    """The innermost cause, without urllib3's long wrapper that repeats the whole URL."""
    reason = exc.args[0] if exc.args else exc
    reason = getattr(reason, "reason", reason)
    text = "%s: %s" % (type(reason).__name__, reason) if isinstance(reason, BaseException) else str(reason)
    return text if len(text) <= 300 else text[:300] + "..."


def default_user_agent():
    try:
        from ansible.module_utils.ansible_release import __version__ as ansible_version
    except ImportError:  # pragma: no cover
        ansible_version = "unknown"
    return "telnyx.voice/%s (ansible-core %s; python-requests %s)" % (
        COLLECTION_VERSION, ansible_version, getattr(requests, "__version__", "unknown"))
