"""The official Telnyx contract, read from ../shared/reference/*.resolved.json, and a checker for emulator exchanges.

An *exchange* is one /v2 request the emulator answered: method, path, request body, status and response body.
``Contract.deviations(exchange)`` returns what in it breaks the official schema of its operation (the request
body schema when the emulator accepted the request, the response schema of the status code otherwise), minus
what contract_exceptions.py documents. The reference files are data owned outside this repository, so they are
read at test time, never copied in; ``TELNYX_API_REFERENCE`` points elsewhere (CI, another checkout).
"""

import json
import os
import re
from dataclasses import dataclass, field

from jsonschema import Draft202012Validator

from tests.emulator_tests.contract_exceptions import EXCEPTIONS

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE_ENV = "TELNYX_API_REFERENCE"
DEFAULT_REFERENCE_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "reference")
# The resources the emulator serves; the other reference files describe resources it does not emulate.
REFERENCE_FILES = ("credential_connections", "fqdn_connections", "ip_connections", "outbound_voice_profiles",
                   "phone_numbers", "phone_number_jobs", "emergency")
# Operations of those files that the emulator does not serve, and why: the collection never calls them.
NOT_EMULATED = {
    "CreateDeletePhoneNumbersJob": "deletes numbers from the account (reference README: never called)",
    "SlimListPhoneNumbers": "the sweeps read /phone_numbers and /phone_numbers/voice, which carry every field",
}
JSON_TYPE = "application/json"


class ReferenceMissing(RuntimeError):
    """The reference folder or one of its files is absent: the contract cannot be checked."""


@dataclass
class Exchange:
    """One request the emulator answered, as the test client saw it."""

    method: str
    path: str
    request_body: object
    status: int
    response_body: object
    quirks: dict = field(default_factory=dict)
    """The quirk switches that were on, so an exception can depend on them."""


@dataclass(frozen=True)
class Deviation:
    operation_id: str
    where: str
    """"request" or "response <status>"."""
    pointer: str
    message: str

    def __str__(self):
        return "%s %s at %s: %s" % (self.operation_id, self.where, self.pointer or "/", self.message)


def reference_dir():
    return os.environ.get(REFERENCE_ENV) or DEFAULT_REFERENCE_DIR


def load_operations(directory=None):
    """{operationId: operation} from the resolved files; a clear error when the folder or a file is missing."""
    directory = directory or reference_dir()
    operations = {}
    for name in REFERENCE_FILES:
        path = os.path.join(directory, name + ".resolved.json")
        if not os.path.isfile(path):
            raise ReferenceMissing(
                "the official Telnyx schema %s is missing: the emulator's contract tests read the OpenAPI excerpts "
                "from %s (the folder ../shared/reference beside the repository, or $%s)" % (path, directory, REFERENCE_ENV))
        with open(path, encoding="utf-8") as handle:
            operations.update(json.load(handle)["operations"])
    return operations


def _template_regex(path_template):
    """/v2/phone_numbers/{id}/voice -> a regex matching one path segment per {parameter}."""
    pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path_template))
    return re.compile("^" + pattern + "$")


def json_pointer(path):
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


class Contract:
    """The operations of the reference files, their validators, and the documented exceptions."""

    def __init__(self, operations, exceptions=EXCEPTIONS):
        self.operations = operations
        self.exceptions = exceptions
        # Literal paths before templates with parameters, so a fixed segment wins over {id}.
        self.routes = sorted(
            ((operation["method"].upper(), _template_regex(operation["path"]), operation_id)
             for operation_id, operation in operations.items()),
            key=lambda route: route[1].pattern.count("[^/]+"))
        self._validators = {}

    def operation_of(self, method, path):
        """The operationId serving (method, path), or None when the contract has no such operation."""
        return next((operation_id for route_method, regex, operation_id in self.routes
                     if route_method == method.upper() and regex.match(path)), None)

    def _validator(self, schema):
        key = id(schema)
        if key not in self._validators:
            # Formats are asserted too (date-time, uri, ...): the schema states them and clients parse them.
            self._validators[key] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self._validators[key]

    def _schema_errors(self, operation_id, where, schema, instance):
        return [Deviation(operation_id, where, json_pointer(error.absolute_path), error.message)
                for error in self._validator(schema).iter_errors(instance)]

    def raw_deviations(self, exchange):
        """Every deviation of one exchange, before the documented exceptions are applied."""
        operation_id = self.operation_of(exchange.method, exchange.path)
        if operation_id is None:
            return []
        operation = self.operations[operation_id]
        found = []
        request_body = operation.get("requestBody")
        if request_body and 200 <= exchange.status < 300:
            # Only an accepted body must fit the request schema: a refused one is a test of refusing.
            schema = request_body["content"][JSON_TYPE]["schema"]
            found += self._schema_errors(operation_id, "request", schema, exchange.request_body)
        where = "response %d" % exchange.status
        response = operation["responses"].get(str(exchange.status))
        if response is None:
            found.append(Deviation(operation_id, where, "", "status %d is not among the documented statuses %s"
                                   % (exchange.status, ", ".join(operation["responses"]))))
            return found
        content = (response.get("content") or {}).get(JSON_TYPE)
        if content is None or "schema" not in content:
            # The spec documents the status with no body schema (e.g. the profiles' 4xx): nothing to hold it to.
            return found
        found += self._schema_errors(operation_id, where, content["schema"], exchange.response_body)
        return found

    def deviations(self, exchange):
        """The deviations no documented exception covers."""
        return [deviation for deviation in self.raw_deviations(exchange)
                if not any(exception.covers(deviation, exchange) for exception in self.exceptions)]
