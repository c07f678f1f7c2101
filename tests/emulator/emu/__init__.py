"""Emulator of the Telnyx v2 API, used by the tests, the benchmarks and ``make demo`` (standard library only).

Run it from the repository root::

    python tests/emulator/telnyx_emulator.py --port 8765 --api-key demo-api-key \\
        [--port-file PATH] [--host H] [--latency-ms N] [--rate-limit N] [--rate-window SECS] [--quirks all|none|a,b]

and point clients at ``http://127.0.0.1:8765/v2`` with ``Authorization: Bearer demo-api-key``.
``--port 0`` (the default) picks a free port; ``--port-file`` writes it to a file. It prints one
line, ``Telnyx emulator listening on http://HOST:PORT/v2 (api key: KEY)``, and stops on SIGTERM,
SIGINT or ``POST /_emulator/shutdown``. ``tests/emulator/control.py`` drives it from Python.

Why it exists: the collection must be testable without a Telnyx account, and it has to cope with
the live API's documented quirks. The field tables are code derived from the OpenAPI spec
(``team-telnyx/openapi`` ``spec3.yml`` at commit 4f3a6bd8, 2026-07-16) and the project's fact sheet.

Modules
=======

- ``common``: Telnyx error envelope, field rules, paging, timestamps.
- ``store``: shared state (ids, clocks, quirks, settings, rate window, request log, faults) and the
  ``Resource`` base class.
- ``control_api``: the ``/_emulator/`` routes.
- ``server``: HTTP server, routing, auth, latency, rate limiting, faults, command line.
- ``connections``: ``/v2/credential_connections`` (six operations), and the operations every connection type
  shares (``ConnectionResource``).
- ``trunks``: ``/v2/fqdn_connections`` and ``/v2/ip_connections`` (the shared tables with their type's defaults) and
  their records ``/v2/fqdns`` and ``/v2/ips``; the pointers of a connection to its records.
- ``outbound_voice_profiles``: ``/v2/outbound_voice_profiles`` (list, create, retrieve, update, delete).
- ``phone_numbers``: ``/v2/phone_numbers`` (list, retrieve, update) and ``/v2/phone_numbers/{id}/voice``
  (get, update); numbers are seeded only.
- ``phone_number_jobs``: ``/v2/phone_numbers/jobs/update_phone_numbers`` (a job that takes ``job_duration_ms``),
  ``/v2/phone_numbers/jobs`` and ``/jobs/{id}``, ``/v2/phone_numbers/voice`` (the voice list); the job quota (20),
  limits and error examples of the contract; ``/v2/phone_numbers/jobs/update_emergency_settings`` (the emergency job).
- ``addresses``: ``/v2/addresses`` (list, create, retrieve, delete; immutable) and ``/v2/addresses/actions/validate``;
  the documented bad-address trigger (a ``street_address`` containing ``UNDELIVERABLE``).
- ``emergency``: ``/v2/phone_numbers/{id}/actions/enable_emergency``, the emergency job's checks and effects, and
  the provisioning clock (``provisioning`` -> ``active`` | ``provisioning-failed``, ``deprovisioning`` -> ``disabled``).

Each resource module's docstring lists its fields' rules and what the emulator decided where the
schema is silent.

API (``/v2``)
=============

Bearer auth (scheme case-insensitive); a wrong or missing key is 401 (code 10009). Unknown paths
are 404 (10005); a known path with another method is 405 with ``Allow``. Bodies that are not a JSON
object are 400. Validation errors are 422, code "10015", one entry per problem with
``source.pointer`` naming the field; unknown keys are ignored and not stored. Lists take
``page[number]`` (>= 1, default 1) and ``page[size]`` (1..250; outside: an error with a pointer like
``/page/size``, 400 for connections and numbers, 422 for profiles, as each schema declares). The
default page size is each schema's: 250 for connections, **20** for profiles and numbers. Lists
answer ``{"data": [...], "meta": {"page_number", "page_size",
"total_pages" (at least 1), "total_results"}}``. Ids are digit strings (19 digits when generated),
increasing, unique across resources. Timestamps are ``YYYY-MM-DDTHH:MM:SS.mmmZ``.

Every /v2 answer carries ``x-ratelimit-limit``, ``x-ratelimit-remaining`` and ``x-ratelimit-reset``
(whole seconds until the window resets, at least 1), counted over a fixed window across every
client and every /v2 request (authorized or not); the non_json and drop faults answer without them,
and a status fault's ``headers`` override them.

Settings
========

``GET /_emulator/settings`` answers and ``POST /_emulator/settings`` merges (then answers all):

- ``latency_ms`` (int >= 0, default 0; ``--latency-ms``): every /v2 answer, errors and faults
  included, is held this long in the request's own thread, so concurrent requests overlap as on a
  real network.
- ``rate_limit`` (int >= 1 or null = off, default off; ``--rate-limit``): requests per window across
  all clients. Past it the answer is 429 ``{"errors":[{"code":"10011","title":"Too many requests",
  "detail":"You have exceeded the maximum number of allowed requests."}]}`` (verbatim, no meta) with
  remaining 0; the request is not applied and no fault is consumed. While off, the headers report
  a nominal limit of 1000 per window that is never enforced.
- ``rate_window_secs`` (number > 0, default 1; ``--rate-window``): the window length.
- ``job_duration_ms`` (int >= 0, default 200; ``--job-duration-ms``): how long a phone number job takes from its
  POST to ``completed`` (``pending`` for its first fifth, then ``in_progress``); see ``phone_number_jobs``.
- ``emergency_duration_ms`` (int >= 0, default 200; ``--emergency-duration-ms``): how long a number stays
  ``provisioning`` (or ``deprovisioning``) once enabling (or disabling) emergency started; see ``emergency``.

Changing a setting starts a fresh window. ``POST /_emulator/reset`` restores the command line's settings.

Control API (``/_emulator/``, no auth, loopback clients only)
=============================================================

Answers are JSON; errors are ``{"error": "..."}`` with 400 (bad payload), 404 (unknown route or
id) or 405 (with ``Allow``). ``--help`` prints the same list.

======  ==============  ==============================================================================
GET     requests        request log of /v2 calls in arrival order: ``[{"method", "path", "query" (dict of
                        strings), "body" (parsed JSON or null), "status" (null while still being
                        handled, e.g. held by latency or slow_commit; 0: no answer or a cut one),
                        "authorized"}]``; logged on arrival, so in arrival order; the key is never logged
DELETE  requests        clear the log
GET     state           ``{"connections": [...], "outbound_voice_profiles": [...], "phone_numbers": [...],
                        "addresses": [...]}``,
                        stored records in creation order, quirks not applied; a phone number carries its
                        voice settings under ``"voice"`` (and ``address_id`` when set)
POST    reset           forget records, log, faults and known_ids; restore the command line's settings and quirks
POST    seed            see Seeding
GET     quirks          ``{"<quirk>": bool, ..., "known_ids": [...]}``
POST    quirks          merge ``{"<quirk>": bool}``; ``"known_ids": [str]`` replaces the list; answers all
GET     settings        see Settings
POST    settings        see Settings
POST    registration    ``{"id", "status" (default "Registered"), "ip_address", "port", "transport",
                        "user_agent", "last_registration", "sip_username"}``: what
                        check_registration_status reports for that connection (404 unknown id)
GET     faults          pending faults, each with its ``id`` and remaining ``times``
POST    faults          queue one fault (see Faults); answers it with its ``id``
DELETE  faults          clear pending faults
GET     jobs            the phone number jobs, each as the API shows it plus the ``body`` it was given
POST    jobs            ``{"expire_next": N, "busy": N, "busy_secs": S, "fail_numbers": {"+E164": "detail"}}``:
                        the next N jobs expire; N jobs of another type hold the quota S seconds (default 60);
                        those numbers fail in every job with that detail (see ``phone_number_jobs``)
POST    shutdown        stop the server after answering
======  ==============  ==============================================================================

Seeding
-------

``POST /_emulator/seed`` inserts records without API validation (partials are laid over the
defaults, nested objects merged one level deep; an ``id`` may be given; every key is optional)::

    {"connections": [partial, ...], "count": N, "template": {partial},
     "outbound_voice_profiles": [partial, ...],
     "phone_numbers": [{"phone_number": "+13125550100", ..., "voice": {partial voice settings}}, ...],
     "addresses": [partial, ...]}
    -> {"ids": [connection ids], "connections": [the same ids],
        "outbound_voice_profiles": [ids], "phone_numbers": [ids], "addresses": [ids]}

``count`` adds N copies of ``template`` named ``<template connection_name or "seeded">-00001`` ... with
unique user names. A profile without ``name`` is named ``seeded-profile-<id>``. A phone number needs
``phone_number`` in +E.164, not already on the account; ``country_iso_alpha2`` is derived from its
prefix (+1 US, +44 GB, ...) unless given; a seeded ``connection_id`` is not checked. A given id that
is already in use (by any resource) or repeated is 400. ``control.py``'s ``seed()`` returns the
connection ids alone when called without profiles and numbers, else ``{"connections",
"outbound_voice_profiles", "phone_numbers"}``.

Quirk switches (all off by default)
===================================

``--quirks all`` (or a comma-separated list of names) turns switches on from the start, and
``POST /_emulator/reset`` comes back to them. ``all`` leaves off ``omit_password`` (the alternative
to ``mask_password``) and ``connection_id_null_refused`` (the alternative to
``connection_id_empty_refused``; with both on no number could be detached). The e2e and reliability
suites pass ``$TELNYX_EMULATOR_QUIRKS`` on as ``--quirks`` (``tests/emulator/control.py``
``quirk_args``), e.g. ``TELNYX_EMULATOR_QUIRKS=all make e2e``.

Credential connections:

- ``sip_uri_disabled_as_null``: answers show ``sip_uri_calling_preference`` "disabled" as null.
- ``timeouts_as_strings``: answers show ``inbound.timeout_1xx_secs``/``timeout_2xx_secs`` as strings.
- ``mask_password``: answers show ``password`` as "********".
- ``omit_password``: answers leave ``password`` out (wins over mask_password).
- ``drop_unknown_push_ids``: ``ios_push_credential_id``, ``android_push_credential_id`` and
  ``outbound.outbound_voice_profile_id`` values not listed in ``known_ids`` (for the profile id: nor
  naming a stored profile) are stored as null (FACTS T16). Without this quirk a connection may name
  any profile id: existence is not checked.

Outbound voice profiles:

- ``calling_window_long_times``: answers show ``calling_window.start_time``/``end_time`` as
  ``08:00:00.00Z`` (the spec example's spelling) instead of ``08:00`` (its description's).

Phone numbers:

- ``withhold_external_pin``: answers show ``external_pin`` as null (the stored PIN is kept).
- ``connection_id_null_refused``: ``PATCH {"connection_id": null}`` is 422 (detach with "" only).
- ``connection_id_empty_refused``: ``PATCH {"connection_id": ""}`` is 422 (detach with null only).
- ``jobs_accept_unowned``: a job naming a number not on the account is accepted (202) and the number ends in
  ``failed_operations``, instead of the contract's 422 "You must own every number in the bulk request".

Faults
======

``POST /_emulator/faults`` with ``{"kind", "method" (GET/POST/PATCH/DELETE or null = any), "path"
(a regex searched in the /v2 path such as "/v2/credential_connections/123", or null = any),
"times" (default 1), "query" (optional: query parameters, as strings, the request must carry, such
as ``{"page[number]": "1"}``, or null for one it must not), ...}`` queues a fault for the next matching /v2 requests of any
resource; the oldest matching fault wins. Kinds and their parameters:

- ``status``: answer ``status`` with optional ``headers`` and ``body``; without a body, errors get a
  Telnyx-shaped one (429: 10011 "Too many requests"; 5xx: 10007 "Unexpected error").
- ``rate_limit``: 429 with x-ratelimit-remaining 0, x-ratelimit-reset ``reset`` (default 1),
  x-ratelimit-limit ``limit`` (default 1000) and, only when ``retry_after`` is given, retry-after.
- ``delay``: hold ``seconds`` (default 1), then handle the request normally.
- ``slow_commit``: hold ``seconds`` (default 2.5), then apply (commit) the write and answer late; a
  client with a shorter timeout has given up by then ("Telnyx commits the POST after the client gave
  up"). Only matches POST/PATCH/DELETE: with ``method`` null it skips GETs, and ``method: "GET"`` is 400.
- ``drop``: close the connection without answering (logged with status 0).
- ``non_json``: 200 with an HTML body and content-type text/html; the request is not applied.
- ``truncated``: handle the request normally (a write is applied), send the headers and
  Content-Length but only half the body, then close (logged with status 0).
- ``commit_then_500``: handle the request normally, then answer 500 instead of its response.
- ``delete_before``: delete the record named in the path, then handle the request normally.
- ``shift_after``: handle the request normally, then, before its answer is sent, delete the record
  ``delete[n]`` and create ``create[n]`` (a partial record, seeded over the defaults as ``seed`` does)
  in the resource of the path, where n counts the fault's uses from 0: on a list page, the list shifts
  between this page and the next ("someone deleted or created one while the pages were read").

The replacing kinds (status, rate_limit, drop, non_json) apply before the auth check.
"""
