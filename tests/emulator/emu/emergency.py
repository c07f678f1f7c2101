"""Emergency calling on numbers: ``POST /v2/phone_numbers/{id}/actions/enable_emergency`` and the
``POST /v2/phone_numbers/jobs/update_emergency_settings`` job, and the provisioning clock both start.

Derived from the OpenAPI operations EnablePhoneNumberEmergency (``emergency.*``) and
CreatePhoneNumbersJobUpdateEmergencySettings (``phone_number_jobs.*``) and the traps in the reference README. A
number's ``emergency_enabled``, ``emergency_address_id`` and ``emergency_status`` are read-only on the number (no
PATCH sets them); they show on the number, in ``GET /phone_numbers/{id}/voice`` and in ``GET /phone_numbers/voice``
(``emergency{...}``). What the schema leaves open, decided here:

- **Provisioning takes time**: the ``emergency_duration_ms`` setting (``--emergency-duration-ms``, default 200).
  Enabling puts the number in ``provisioning`` (``emergency_enabled`` true, the address set) and, once the time
  is up, ``active``, or ``provisioning-failed`` when the address is the undeliverable one (a ``street_address``
  containing ``UNDELIVERABLE`` made with ``validate_address: false``, see ``addresses``), when the address was
  deleted meanwhile, or when the number is in the control's ``fail_numbers``. Disabling puts it in
  ``deprovisioning`` (``emergency_enabled`` false) and then ``disabled`` with no address. Like the jobs, numbers
  settle lazily on any request that reads or writes numbers, jobs or addresses. The number carries no reason for a
  failure (its schema has none); the job's ``failed_operations[].errors`` does.
- The action requires ``emergency_enabled`` and ``emergency_address_id`` (422 with a pointer when missing or
  mistyped). ``emergency_enabled: false`` is 422 pointing at it (whether the action disables is not documented;
  the job does). An address not on the account is 422 at ``/emergency_address_id``. It answers the number's voice
  settings: **202** while provisioning, **200** once settled (``emergency_duration_ms`` 0). A number already
  ``provisioning`` or ``active`` with that address is left as it is (200 or 202 as it stands): no second request
  starts provisioning again; ``provisioning-failed`` with that address starts it again.
- The job answers **202** with a ``pending`` job and takes ``job_duration_ms`` like the update job. Its checks, in
  order (422, the contract's examples): ``phone_numbers`` missing, not strings, empty, over 1,000, ids mixed with
  E.164; ``emergency_enabled`` missing or not a boolean; ``emergency_address_id`` missing when enabling, not null or
  omitted when disabling, or naming no address; a number not on the account (``jobs_accept_unowned`` quirk: a
  failed operation instead); at most **500** jobs ``pending`` or ``in_progress`` (the emergency job's own example).
  When it is done, each number starts provisioning (or deprovisioning) as the action would, except that a number
  whose address is undeliverable, or named in ``fail_numbers``, is a ``failed_operations`` entry with Telnyx-shaped
  ``errors`` pointing at ``/emergency_address_id`` (the schema's example) and is ``provisioning-failed`` at once.
"""

import time

from .addresses import is_bad_address
from .common import error_body, not_found, telnyx_error, validation_error

MAX_EMERGENCY_JOBS = 500
SETTLED = ("active", "disabled", "provisioning-failed")
BAD_ADDRESS_DETAIL = "The emergency address could not be validated for emergency services."


def _bad(detail, pointer="/phone_numbers"):
    return 422, error_body(telnyx_error("10015", "Bad Request", detail, pointer))


class Emergency:
    """The emergency side of the numbers (their lock guards it): the action, the job's checks and effects, the clock."""

    def __init__(self, numbers):
        self.numbers = numbers
        self.store = numbers.store

    def _duration(self):
        return self.store.settings.get("emergency_duration_ms", 0) / 1000.0

    def _address(self, address_id):
        return self.store.resources["addresses"].records.get(address_id)

    def failure(self, record, address_id):
        """Why provisioning ``record`` with the address fails, or None (lock held)."""
        address = self._address(address_id)
        if address is None:
            return "The emergency address %s no longer exists." % address_id
        if is_bad_address(address):
            return BAD_ADDRESS_DETAIL
        return self.numbers.jobs.fail_numbers.get(record["phone_number"])

    # ---- the clock (lock held)

    def start(self, record, enabled, address_id):
        """Begin provisioning (or deprovisioning) a number; nothing when it already is where it is asked to go."""
        now = time.time()
        if enabled:
            if record.get("emergency_address_id") == address_id and record.get("emergency_status") in (
                    "provisioning", "active"):
                return
            record.update(emergency_enabled=True, emergency_address_id=address_id, emergency_status="provisioning")
        else:
            if record.get("emergency_status") in ("disabled", "deprovisioning"):
                return
            record.update(emergency_enabled=False, emergency_status="deprovisioning")
        record["emergency_due"] = now + self._duration()
        record["updated_at"] = self.store.timestamp()
        self.settle_one(record, now)

    def settle_one(self, record, now):
        due = record.get("emergency_due")
        if due is None or now < due:
            return
        del record["emergency_due"]
        if record.get("emergency_status") == "provisioning":
            record["emergency_status"] = "provisioning-failed" if self.failure(
                record, record.get("emergency_address_id")) else "active"
        elif record.get("emergency_status") == "deprovisioning":
            record.update(emergency_status="disabled", emergency_address_id=None)
        record["updated_at"] = self.store.timestamp()

    def settle(self):
        now = time.time()
        for record in self.numbers.records.values():
            self.settle_one(record, now)

    # ---- the action

    def enable(self, number_id, body):
        """POST /phone_numbers/{id}/actions/enable_emergency."""
        errors = []
        for key, kind, check in (("emergency_enabled", "a boolean", lambda value: isinstance(value, bool)),
                                 ("emergency_address_id", "a string", lambda value: isinstance(value, str))):
            if key not in body:
                errors.append(validation_error("/" + key, "%s is required" % key))
            elif not check(body[key]):
                errors.append(validation_error("/" + key, "%s must be %s" % (key, kind)))
        if not errors and body["emergency_enabled"] is False:
            errors.append(validation_error("/emergency_enabled", "emergency_enabled must be true: this action only "
                                           "enables; disable with the update_emergency_settings job"))
        with self.numbers.lock:
            record = self.numbers.records.get(number_id)
            if record is None:
                return not_found()
            if not errors and self._address(body["emergency_address_id"]) is None:
                errors.append(validation_error("/emergency_address_id", "emergency_address_id %s does not name an "
                                               "address on the account" % body["emergency_address_id"]))
            if errors:
                return 422, error_body(*errors)
            self.numbers.jobs.settle()
            self.start(record, True, body["emergency_address_id"])
            status = 202 if record["emergency_status"] == "provisioning" else 200
            return status, {"data": self.numbers._present_voice(record)}  # pylint: disable=protected-access

    # ---- the job

    def job_errors(self, body):
        """The 422 answer for an update_emergency_settings body, or None (lock held; after the numbers' checks)."""
        if "emergency_enabled" not in body:
            return _bad("must be present", "/emergency_enabled")
        enabled = body["emergency_enabled"]
        if not isinstance(enabled, bool):
            return 422, error_body(validation_error("/emergency_enabled", "emergency_enabled must be a boolean"))
        address_id = body.get("emergency_address_id")
        if enabled and not isinstance(address_id, str):
            return 422, error_body(validation_error("/emergency_address_id", "emergency_address_id is required (a "
                                                    "string) when emergency_enabled is true"))
        if not enabled and address_id is not None:
            return 422, error_body(validation_error("/emergency_address_id", "emergency_address_id must be null or "
                                                    "omitted when emergency_enabled is false"))
        if enabled and self._address(address_id) is None:
            return 422, error_body(validation_error("/emergency_address_id", "emergency_address_id %s does not name "
                                                    "an address on the account" % address_id))
        return None

    def apply(self, record, body):
        """Apply a finished emergency job to one number: the errors that refuse it (its status then failed)."""
        enabled = body["emergency_enabled"]
        if enabled:
            reason = self.failure(record, body["emergency_address_id"])
            if reason:
                record.update(emergency_enabled=True, emergency_address_id=body["emergency_address_id"],
                              emergency_status="provisioning-failed", updated_at=self.store.timestamp())
                record.pop("emergency_due", None)
                return [telnyx_error("10015", "Bad Request", reason, "/emergency_address_id")]
        elif self.numbers.jobs.fail_numbers.get(record["phone_number"]):
            return [telnyx_error("10015", "Bad Request", self.numbers.jobs.fail_numbers[record["phone_number"]],
                                 "/phone_numbers")]
        self.start(record, enabled, body.get("emergency_address_id"))
        return []
