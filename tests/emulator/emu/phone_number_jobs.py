"""Phone number jobs and the voice list: ``/v2/phone_numbers/jobs...`` and ``GET /v2/phone_numbers/voice``.

Derived from the OpenAPI operations CreateUpdatePhoneNumbersJob, RetrievePhoneNumbersJob, ListPhoneNumbersJobs and
ListPhoneNumbersWithVoiceSettings (spec commit 4f3a6bd8, ``phone_number_jobs.*``) and the traps in the reference
README. They live under the phone numbers' collection, so ``PhoneNumbers.operations`` hands them here. What the
schema leaves open, decided here:

- ``POST /phone_numbers/jobs/update_phone_numbers`` answers **202** with a ``pending`` job. Its checks, in order,
  each a 422 with the contract's own example: ``phone_numbers`` missing ("must be present"), empty ("at least 1"),
  more than 1,000 ("1000 numbers is the maximum allowed."), ids mixed with E.164 ("either all ... e164 ... or all
  as phone number ids"), no updateable field ("at least 1 updateable field"), a number not on the account ("You
  must own every number in the bulk request"; with the ``jobs_accept_unowned`` quirk it is accepted and ends in
  ``failed_operations`` instead), then the fields (as ``PATCH /phone_numbers/{id}`` and ``/voice`` check them;
  ``connection_id`` must name a connection, "" detaches). A full quota is the last check: at most **20** jobs
  ``pending`` or ``in_progress`` for the account (every type, the control's busy jobs included), else 422 "You can
  have at most 20 pending or in progress jobs". Filters in the query are not emulated: the numbers are required.
- A job takes the ``job_duration_ms`` setting (``--job-duration-ms``, default 200): ``pending`` for its first fifth,
  ``in_progress`` (every number in ``pending_operations``) until then, and done after: ``completed``, or ``failed``
  when every number failed. ``etc`` is the creation time plus the duration. Jobs settle lazily, on any request that
  reads or writes phone numbers or jobs, and at settling the body is applied to each number in turn, as one PATCH of
  each address would be: a number whose merged cnam settings break the cnam rule, one released meanwhile, one not on
  the account (``jobs_accept_unowned``) or one the control names in ``fail_numbers`` is a ``failed_operations``
  entry with Telnyx-shaped ``errors``, and the others are applied.
- ``POST /_emulator/jobs`` {"expire_next": N} makes the next N jobs end ``expired`` (nothing applied, every number
  left in ``pending_operations``); {"busy": N, "busy_secs": S} adds N jobs of another type that hold the quota S
  seconds; {"fail_numbers": {"+E164": "detail"}} makes those numbers fail in every job. ``GET /_emulator/jobs``
  lists the stored jobs with their bodies.
- ``GET /phone_numbers/jobs``: ``page[size]`` 1..250 (default 20), ``filter[type]``, ``sort=created_at``
  (ascending; default created_at descending); bad parameters are 422 (the contract's examples). ``GET
  /phone_numbers/jobs/{id}``: the job, or 404 code 10005.
- ``GET /phone_numbers/voice``: every number's voice settings as ``GET /phone_numbers/{id}/voice`` answers them;
  ``page[size]`` 1..250 (default 20), ``filter[phone_number]`` (as the number list's), ``filter[connection_name]
  [contains]`` (3+ characters), ``filter[customer_reference]``, ``filter[voice.usage_payment_method]``; ``sort`` as
  the number list's. Bad parameters are 400.
- ``POST /phone_numbers/jobs/update_emergency_settings``: the emergency job, whose checks and effects are in
  ``emergency``; it shares the clock, the expiry switch, ``fail_numbers`` and the quota count of this module.
- The delete job (``CreateDeletePhoneNumbersJob``) and ``/phone_numbers/slim`` are not emulated (404): the collection
  never calls them.
"""

import time
import uuid

from .common import (
    E164_RE, MAX_PAGE_SIZE, deep_copy, dumps, error_body, format_timestamp, list_body, page_meta,
    parse_page_param, telnyx_error, validate_fields, validation_error, with_object_body,
)

JOB_TYPES = ("update_emergency_settings", "delete_phone_numbers", "update_phone_numbers")
MAX_JOB_NUMBERS = 1000
MAX_ACTIVE_JOBS = 20
MAX_EMERGENCY_JOBS = 500
DEFAULT_PAGE_SIZE = 20
JOB_UPDATEABLE = ("billing_group_id", "connection_id", "customer_reference", "deletion_lock_enabled", "external_pin",
                  "hd_voice_enabled", "tags", "voice")
ACTIVE = ("pending", "in_progress")
DONE = ("completed", "failed", "expired")


def _bad(detail, pointer="/phone_numbers"):
    return 422, error_body(telnyx_error("10015", "Bad Request", detail, pointer))


def _numbers_refused(numbers):
    """The 422 answer for a job's ``phone_numbers`` (every job type checks it the same way), or None."""
    if numbers is None:
        return _bad("must be present")
    if not (isinstance(numbers, list) and all(isinstance(item, str) for item in numbers)):
        return 422, error_body(validation_error("/phone_numbers", "phone_numbers must be an array of strings"))
    if not numbers:
        return _bad("You must provide at least 1 phone number.")
    if len(numbers) > MAX_JOB_NUMBERS:
        return _bad("1000 numbers is the maximum allowed.")
    if len({bool(E164_RE.fullmatch(item)) for item in numbers}) > 1:
        return _bad("You must specify either all phone numbers in the e164 format or all as phone number ids")
    return None


def _operation(record):
    return {"id": record["id"], "phone_number": record["phone_number"]}


class Jobs:
    """The jobs of one account, kept by the phone numbers resource (whose lock guards them)."""

    def __init__(self, numbers):
        self.numbers = numbers
        self.store = numbers.store
        self.clear()

    def clear(self):
        self.jobs = {}
        self.expire_next = 0
        self.fail_numbers = {}

    # ---- routing (called by PhoneNumbers.operations)

    def operations(self, rest, query, raw):
        if rest == ["voice"]:
            return {"GET": lambda: self.list_voice(query)}
        if rest == ["jobs"]:
            return {"GET": lambda: self.list_jobs(query)}
        if rest == ["jobs", "update_phone_numbers"]:
            return {"POST": lambda: with_object_body(raw, self.create)}
        if rest == ["jobs", "update_emergency_settings"]:
            return {"POST": lambda: with_object_body(raw, self.create_emergency)}
        if len(rest) == 2 and rest[0] == "jobs" and rest[1] not in ("delete_phone_numbers", "update_emergency_settings"):
            return {"GET": lambda: self.retrieve(rest[1])}
        return None

    # ---- clock

    def _duration(self):
        return self.store.settings.get("job_duration_ms", 0) / 1000.0

    def settle(self):
        """Move every job along its clock; apply the ones that are due; then the numbers' emergency clock (lock held)."""
        self._settle_jobs()
        self.numbers.emergency.settle()

    def _settle_jobs(self):
        now = time.time()
        for job in sorted(self.jobs.values(), key=lambda job: job["created"]):
            if job["status"] in DONE:
                continue
            if now >= job["due"]:
                self._finish(job)
            elif now >= job["created"] + (job["due"] - job["created"]) / 5.0 and job["status"] == "pending":
                job["status"] = "in_progress"
                job["updated_at"] = self.store.timestamp()

    def _finish(self, job):
        job["updated_at"] = self.store.timestamp()
        if job.get("expire"):
            job["status"] = "expired"
            return
        if job["type"] == "update_emergency_settings" and "body" in job:
            apply = self.numbers.emergency.apply
        elif job["type"] == "update_phone_numbers":
            apply = self._apply
        else:
            job["status"] = "completed"
            return
        success, failed = [], []
        for given in job["given"]:
            record = self._find(given)
            if record is None:
                failed.append({"id": given if not given.startswith("+") else None,
                               "phone_number": given if given.startswith("+") else None,
                               "errors": [telnyx_error("10005", "Resource not found",
                                                       "The phone number is not on this account.", "/phone_numbers")]})
                continue
            errors = apply(record, job["body"])
            if errors:
                failed.append(dict(_operation(record), errors=errors))
            else:
                success.append(_operation(record))
        for entry in failed:
            for key in ("id", "phone_number"):
                if entry[key] is None:
                    del entry[key]
        job["successful_operations"] = success
        job["failed_operations"] = failed
        job["status"] = "failed" if failed and not success else "completed"

    def _find(self, given):
        if given.startswith("+"):
            return next((record for record in self.numbers.records.values() if record["phone_number"] == given), None)
        return self.numbers.records.get(given)

    def _apply(self, record, body):
        """Apply the job's body to one number, as its two PATCHes would; the errors that refuse it."""
        from .phone_numbers import NUMBER_FIELDS, VOICE_FIELDS, VOICE_NESTED, cnam_errors  # pylint: disable=import-outside-toplevel
        from .common import apply_fields  # pylint: disable=import-outside-toplevel

        detail = self.fail_numbers.get(record["phone_number"])
        if detail:
            return [telnyx_error("10015", "Bad Request", detail, "/phone_numbers")]
        voice = deep_copy(record["voice"])
        if isinstance(body.get("voice"), dict):
            apply_fields(voice, body["voice"], VOICE_FIELDS, VOICE_NESTED, "update")
            errors = cnam_errors(voice)
            if errors:
                for error in errors:
                    error["source"]["pointer"] = "/voice" + error["source"]["pointer"]
                return errors
        top = {key: value for key, value in body.items() if key in NUMBER_FIELDS}
        apply_fields(record, top, NUMBER_FIELDS, {}, "update")
        if "connection_id" in body:
            record["connection_id"] = body["connection_id"] or None
        if "deletion_lock_enabled" in body:
            record["deletion_lock_enabled"] = body["deletion_lock_enabled"]
        record["voice"] = voice
        record["updated_at"] = self.store.timestamp()
        return []

    # ---- API operations

    def create(self, body):
        """POST /phone_numbers/jobs/update_phone_numbers: the checks of the module docstring, then a pending job."""
        from .phone_numbers import NUMBER_FIELDS, VOICE_FIELDS, VOICE_NESTED  # pylint: disable=import-outside-toplevel

        numbers = body.get("phone_numbers")
        refused = _numbers_refused(numbers)
        if refused:
            return refused
        if not any(key in body for key in JOB_UPDATEABLE):
            return _bad("You must provide at least 1 updateable field.", "/updateable_fields")
        errors = validate_fields({key: value for key, value in body.items() if key in NUMBER_FIELDS},
                                 NUMBER_FIELDS, {}, "update")
        for key in ("deletion_lock_enabled", "hd_voice_enabled"):
            if key in body and not isinstance(body[key], bool):
                errors.append(validation_error("/" + key, "%s must be a boolean" % key))
        if "voice" in body:
            if isinstance(body["voice"], dict):
                errors.extend(dict(error, source={"pointer": "/voice" + error["source"]["pointer"]})
                              for error in validate_fields(body["voice"], VOICE_FIELDS, VOICE_NESTED, "update"))
            else:
                errors.append(validation_error("/voice", "voice must be an object"))
        with self.numbers.lock:
            self.settle()
            if "connection_id" in body:
                value = body["connection_id"]
                if not isinstance(value, str):
                    errors.append(validation_error("/connection_id", "connection_id must be a string"))
                elif value and value not in self.store.resources["credential_connections"].records:
                    errors.append(validation_error("/connection_id",
                                                   "connection_id %s does not name an existing connection" % value))
            if errors:
                return 422, error_body(*errors)
            if not self.numbers._quirk("jobs_accept_unowned") and any(self._find(item) is None for item in numbers):
                return _bad("You must own every number in the bulk request")
            if sum(1 for job in self.jobs.values() if job["status"] in ACTIVE) >= MAX_ACTIVE_JOBS:
                return _bad("You can have at most 20 pending or in progress jobs", "/base")
            job = self._new_job("update_phone_numbers", list(dict.fromkeys(numbers)), self._duration())
            job["body"] = {key: deep_copy(value) for key, value in body.items() if key in JOB_UPDATEABLE}
            if self.expire_next:
                self.expire_next -= 1
                job["expire"] = True
            return 202, {"data": self._present(job)}

    def create_emergency(self, body):
        """POST /phone_numbers/jobs/update_emergency_settings: the checks of ``emergency``, then a pending job."""
        numbers = body.get("phone_numbers")
        refused = _numbers_refused(numbers)
        if refused:
            return refused
        with self.numbers.lock:
            self.settle()
            refused = self.numbers.emergency.job_errors(body)
            if refused:
                return refused
            if not self.numbers._quirk("jobs_accept_unowned") and any(self._find(item) is None for item in numbers):
                return _bad("You must own every number in the bulk request")
            if sum(1 for job in self.jobs.values() if job["status"] in ACTIVE) >= MAX_EMERGENCY_JOBS:
                return _bad("You can have at most 500 pending or in progress jobs", "/base")
            job = self._new_job("update_emergency_settings", list(dict.fromkeys(numbers)), self._duration())
            job["body"] = {"emergency_enabled": body["emergency_enabled"],
                           "emergency_address_id": body.get("emergency_address_id")}
            if self.expire_next:
                self.expire_next -= 1
                job["expire"] = True
            return 202, {"data": self._present(job)}

    def _new_job(self, job_type, given, duration):
        now = time.time()
        job = {"id": str(uuid.UUID(int=self.store.random.getrandbits(128), version=4)), "type": job_type,
               "status": "pending", "given": given, "created": now, "due": now + duration,
               "created_at": self.store.timestamp(), "successful_operations": [], "failed_operations": []}
        job["updated_at"] = job["created_at"]
        self.jobs[job["id"]] = job
        return job

    def _present(self, job):
        shown = {key: deep_copy(job[key]) for key in ("id", "type", "status", "created_at", "updated_at",
                                                      "successful_operations", "failed_operations")}
        shown["record_type"] = "phone_numbers_job"
        shown["etc"] = format_timestamp(int(job["due"] * 1000))
        shown["phone_numbers"] = [{"phone_number": item} if item.startswith("+") else {"id": item}
                                  for item in job["given"]]
        pending = []
        if job["status"] in ACTIVE or job["status"] == "expired":
            for item in job["given"]:
                record = self._find(item)
                pending.append(_operation(record) if record is not None else
                               ({"phone_number": item} if item.startswith("+") else {"id": item}))
        shown["pending_operations"] = pending
        return dict(sorted(shown.items()))

    def retrieve(self, job_id):
        with self.numbers.lock:
            self.settle()
            job = self.jobs.get(job_id)
            if job is None:
                return 404, error_body(telnyx_error("10005", "Resource not found",
                                                    "The requested resource or URL could not be found.", "/base"))
            return 200, {"data": self._present(job)}

    def list_jobs(self, query):
        errors = []
        page_number = parse_page_param(query, "page[number]", 1, None, errors)
        page_size = parse_page_param(query, "page[size]", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)
        sort = query.get("sort")
        if sort is not None and sort != "created_at":
            errors.append(telnyx_error("10015", "Invalid sorting value", "The value provided for sorting is not "
                                       "valid. Check the value used and try again.", "/sort"))
        job_type = query.get("filter[type]")
        if job_type is not None and job_type not in JOB_TYPES:
            errors.append(telnyx_error("10015", "Bad Request", "filter[type] must be one of %s"
                                       % ", ".join(JOB_TYPES), "/filter/type"))
        if errors:
            for error in errors:
                if error["source"]["pointer"].startswith("/page/"):
                    error.update(title="Invalid pagination", detail="The provided 'page' parameter is invalid. It "
                                 "must be an object with 'size' and/or 'number' with numeric values.")
                    error["source"]["pointer"] = error["source"]["pointer"][1:]
            return 422, error_body(*errors)
        with self.numbers.lock:
            self.settle()
            jobs = [job for job in self.jobs.values() if job_type is None or job["type"] == job_type]
            jobs.sort(key=lambda job: job["created"], reverse=sort is None)
            start = (page_number - 1) * page_size
            fragments = [dumps(self._present(job)) for job in jobs[start:start + page_size]]
            return 200, list_body(fragments, page_meta(page_number, page_size, len(jobs)))

    def list_voice(self, query):
        """GET /phone_numbers/voice: each number's voice settings, filtered, sorted and paged (400 on bad ones)."""
        errors = []
        page_number = parse_page_param(query, "page[number]", 1, None, errors)
        page_size = parse_page_param(query, "page[size]", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)
        number_query = {key: value for key, value in query.items()
                        if key in ("filter[phone_number]", "filter[customer_reference]",
                                   "filter[voice.usage_payment_method]", "sort")}
        if "filter[connection_name][contains]" in query:
            number_query["filter[voice.connection_name][contains]"] = query["filter[connection_name][contains]"]
        tests = self.numbers._filters(number_query, errors)  # pylint: disable=protected-access
        sort = query.get("sort")
        if sort is not None and sort not in ("purchased_at", "phone_number", "connection_name", "usage_payment_method"):
            errors.append(telnyx_error("10015", "Bad Request", "sort has an invalid value", "/sort"))
        if errors:
            for error in errors:
                error["source"]["pointer"] = error["source"]["pointer"].replace("/voice.connection_name",
                                                                                "/connection_name")
            return 400, error_body(*errors)
        with self.numbers.lock:
            self.settle()
            records = list(self.numbers.records.values())
            start = (page_number - 1) * page_size
            if not tests and sort is None:
                # The default order, no filter: only the page is presented.
                records.sort(key=lambda record: (record["created_at"], len(record["id"]), record["id"]), reverse=True)
                fragments = [dumps(self.numbers._present_voice(record))  # pylint: disable=protected-access
                             for record in records[start:start + page_size]]
                return 200, list_body(fragments, page_meta(page_number, page_size, len(records)))
            views = [(dict(self.numbers._present(record),  # pylint: disable=protected-access
                           usage_payment_method=record["voice"].get("usage_payment_method")), record)
                     for record in records]
            views = [(view, record) for view, record in views if all(test(view) for test in tests)]
            if sort is None:
                views.sort(key=lambda pair: (pair[0]["created_at"], len(pair[0]["id"]), pair[0]["id"]), reverse=True)
            else:
                views.sort(key=lambda pair: (str(pair[0].get(sort) or ""), len(pair[0]["id"]), pair[0]["id"]))
            fragments = [dumps(self.numbers._present_voice(record))  # pylint: disable=protected-access
                         for _view, record in views[start:start + page_size]]
            return 200, list_body(fragments, page_meta(page_number, page_size, len(views)))

    # ---- control side

    def control(self, payload):
        """POST /_emulator/jobs: expire_next, busy/busy_secs, fail_numbers; answers the switches."""
        expire_next = payload.get("expire_next", 0)
        busy = payload.get("busy", 0)
        busy_secs = payload.get("busy_secs", 60)
        fail_numbers = payload.get("fail_numbers")
        if not all(isinstance(value, int) and not isinstance(value, bool) and value >= 0
                   for value in (expire_next, busy)):
            return 400, {"error": "expire_next and busy must be non-negative integers"}
        if not isinstance(busy_secs, (int, float)) or isinstance(busy_secs, bool) or busy_secs < 0:
            return 400, {"error": "busy_secs must be a non-negative number"}
        if fail_numbers is not None and not (isinstance(fail_numbers, dict) and all(
                isinstance(key, str) and isinstance(value, str) for key, value in fail_numbers.items())):
            return 400, {"error": "fail_numbers must be an object of +E.164 numbers to error details"}
        with self.numbers.lock:
            self.expire_next += expire_next
            for dummy in range(busy):
                self._new_job("update_emergency_settings", [], busy_secs)
            if fail_numbers is not None:
                self.fail_numbers = dict(fail_numbers)
            return 200, {"expire_next": self.expire_next, "fail_numbers": dict(self.fail_numbers),
                         "active": sum(1 for job in self.jobs.values() if job["status"] in ACTIVE)}

    def state(self):
        """GET /_emulator/jobs: every job, settled, with the body it was given."""
        with self.numbers.lock:
            self.settle()
            return 200, [dict(self._present(job), body=deep_copy(job.get("body"))) for job in
                         sorted(self.jobs.values(), key=lambda job: job["created"])]
