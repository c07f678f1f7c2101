# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""No request leaves the official schema (issue 22 point 10), for every input of every option of every resource.

The inputs are generated from the resources' own field tables, so a field added tomorrow is covered: each option
takes a value it accepts alone, or the empty string (the spelling that clears). The arguments go through
ansible-core's validation and the engine exactly as a module run takes them; a check-mode run records the write
requests it would send (a create, or the PATCHes of an existing object that holds nulls), and each body is held
to the request schema of its operation in ../shared/reference, with none of the emulator's documented exceptions.
"""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._emergency_address import EMERGENCY_ADDRESS
from ansible_collections.telnyx.voice.plugins.module_utils._engine import Engine, Item, validate_params
from ansible_collections.telnyx.voice.plugins.module_utils._fqdn_connection import FQDN_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._ip_connection import IP_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._module import module_argument_spec, module_kwargs
from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.plugins.module_utils._plural import desired_of
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._writes import ClientPool
from tests.emulator_tests.contract import JSON_TYPE, Contract, load_operations

CONTRACT = Contract(load_operations(), exceptions=())
ID = "1293384261075731499"

# Strings that some option accepts; each option is offered those it accepts alone, and always "".
# A time of day in each spelling the option takes (the description's HH:MM, the example's 08:00:00.00Z, ...): what
# is sent must be the schema's format: time whatever the spelling.
SAMPLES = ["office-1", "user0001", "Pass-word-1", "+13125550100", "06b09dfd-7154-4980-8b75-cebf7a9d4f8e", ID,
           "https://example.com/hook", "US", "08:00", "08:00:00", "08:00:00Z", "20:30:15.50Z", "23:59+00:00",
           "G722", "OPUS", "abc 12", "4455", "ref-1"]

# Each resource: its identity, what a create needs, and existing objects as a live account may hold them: with
# nulls and blanks where Telnyx reports them so (FACTS section 8), and with every clearable value set.
RESOURCES = {
    "credential_connection": (CREDENTIAL_CONNECTION, dict(connection_name="office-1"),
                              dict(user_name="user0001", password="Pass-word-1"), [
                                  dict(id=ID, connection_name="office-1", user_name="user0001", tags=None,
                                       webhook_timeout_secs=None, inbound={"channel_limit": None, "codecs": ["G722"]},
                                       outbound={"channel_limit": None, "outbound_voice_profile_id": None,
                                                 "call_parking_enabled": None, "ani_override": ""}),
                                  dict(id=ID, connection_name="office-1", user_name="user0001", tags=["a"],
                                       webhook_timeout_secs=5, encrypted_media="SRTP",
                                       ios_push_credential_id=SAMPLES[4], webhook_event_failover_url=SAMPLES[6],
                                       inbound={"channel_limit": 10, "codecs": ["G722"]},
                                       outbound={"channel_limit": 10, "outbound_voice_profile_id": ID,
                                                 "call_parking_enabled": True, "ani_override": "+13125550100",
                                                 "localization": "US"})]),
    # The other connection types share the inbound and outbound objects, whose blanks differ by type.
    "fqdn_connection": (FQDN_CONNECTION, dict(connection_name="office-1"), {}, [
        dict(id=ID, connection_name="office-1", tags=None, webhook_timeout_secs=None,
             inbound={"channel_limit": None}, outbound={"channel_limit": None, "outbound_voice_profile_id": None}),
        dict(id=ID, connection_name="office-1", tags=["a"], webhook_timeout_secs=5,
             inbound={"channel_limit": 10}, outbound={"channel_limit": 10, "outbound_voice_profile_id": ID})]),
    "ip_connection": (IP_CONNECTION, dict(connection_name="office-1"), {}, [
        dict(id=ID, connection_name="office-1", tags=None, inbound={"channel_limit": None},
             outbound={"channel_limit": None, "outbound_voice_profile_id": None}),
        dict(id=ID, connection_name="office-1", tags=["a"], inbound={"channel_limit": 10},
             outbound={"channel_limit": 10, "outbound_voice_profile_id": ID})]),
    "outbound_voice_profile": (OUTBOUND_VOICE_PROFILE, dict(name="office-1"), {}, [
        dict(id=ID, name="office-1", concurrent_call_limit=None, billing_group_id=None,
             calling_window={"calls_per_cld": None}),
        dict(id=ID, name="office-1", concurrent_call_limit=5, billing_group_id=SAMPLES[4],
             calling_window={"calls_per_cld": 3, "start_time": "08:00:00Z"})]),
    "phone_number": (PHONE_NUMBER, dict(phone_number="+13125550100"), None, [
        dict(id=ID, phone_number="+13125550100", connection_id=None, customer_reference=None,
             call_forwarding={"forwards_to": None}, cnam_listing={"cnam_listing_details": None}),
        dict(id=ID, phone_number="+13125550100", connection_id=ID, customer_reference="ref-1",
             billing_group_id=SAMPLES[4], translated_number="4455",
             call_forwarding={"forwards_to": "+13125550100"}, cnam_listing={"cnam_listing_details": "abc 12"},
             emergency_enabled=True, emergency_address_id=ID, emergency_status="active")]),
    # An address is never updated: a change is a create (of its replacement), held to the create schema.
    "emergency_address": (EMERGENCY_ADDRESS, dict(customer_reference="ref-1"),
                          dict(first_name="office-1", last_name="office-1", business_name="office-1",
                               street_address="office-1", locality="office-1", country_code="US"), [
                              dict(id=ID, customer_reference="ref-1", first_name="A", last_name="B",
                                   business_name="C", street_address="D", locality="E", country_code="US",
                                   address_book=True, validate_address=True)]),
}


def accepted_alone(field, value):
    errors = []
    field.validate("x", value, errors)
    return not errors


def values(field):
    """What a user may give an option: a value it accepts alone, or the empty string."""
    if field.resolves_to:
        return st.just("")  # a name is looked up; the empty one clears the reference without a lookup
    if field.kind == "dict":
        return st.fixed_dictionaries({}, optional={name: values(sub) for name, sub in field.options.items()})
    if field.choices:
        some = st.sampled_from(field.choices)
    elif field.kind == "int":
        low = field.minimum if field.minimum is not None else 0
        some = st.integers(low, field.maximum if field.maximum is not None else low + 1000)
    elif field.kind == "bool":
        some = st.booleans()
    elif field.kind in ("number", "decimal"):
        some = st.sampled_from([0, 7, "0.25", "12.50"])
    elif field.is_list:
        some = st.lists(st.sampled_from([sample for sample in SAMPLES if accepted_alone(field, [sample])]
                                        or ["x"]), max_size=3)
    else:
        some = st.sampled_from([sample for sample in SAMPLES if accepted_alone(field, sample)] or ["x"])
    # The empty string one time in four, so that most runs are accepted and reach a request.
    return st.integers(0, 3).flatmap(lambda n: some if n else st.just(""))


def options(resource):
    return st.fixed_dictionaries({}, optional={name: values(field) for name, field in resource.fields.items()
                                               if name != resource.name_field})


class Reads:
    """The client of a check-mode run: a read answers the existing object; nothing else may be sent."""

    def __init__(self, obj):
        self.obj = obj
        self.stats = {}

    def get(self, path, params=None, budget=None):
        return copy.deepcopy(self.obj)

    @staticmethod
    def list(path, params=None, budget=None):
        """What uses the object (an address's numbers): nothing, so that a replacement is planned."""
        return []

    @staticmethod
    def redact_text(text):
        return text


class Finds:
    def __init__(self, obj):
        self.obj = obj

    def find(self, engine, item, client):
        return copy.deepcopy(self.obj)


def requests_of(resource, args, current, replaced):
    """The write requests a check-mode run of ``args`` against ``current`` would send; None when refused."""
    spec = module_argument_spec(resource)
    checked = ArgumentSpecValidator(spec, **{key: value for key, value in module_kwargs(resource).items()
                                             if key != "supports_check_mode"}).validate(dict(args, api_key="k"))
    if checked.error_messages:
        return None
    params = checked.validated_parameters
    try:
        desired = validate_params(resource, params)
    except ResourceFailure:
        return None
    if replaced:
        # A plural item in state=replaced: the schema's defaults for what it leaves out.
        desired = desired_of(resource, "replaced", desired)
        if resource.check_desired(desired):
            return None
    engine = Engine(resource, ClientPool({}, str, given=Reads(current)), check_mode=True)
    done = engine.converge(Item(0, params, desired, "item"), Finds(current))
    return None if done.failed else done.commands


def schema_problems(command):
    operation_id = CONTRACT.operation_of(command["method"], "/v2" + command["path"])
    assert operation_id, command
    request_body = CONTRACT.operations[operation_id].get("requestBody")
    if request_body is None:
        return []
    schema = request_body["content"][JSON_TYPE]["schema"]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return ["%s at /%s: %s" % (operation_id, "/".join(str(part) for part in error.absolute_path), error.message)
            for error in validator.iter_errors(command["body"])]


@st.composite
def runs(draw):
    kind = draw(st.sampled_from(sorted(RESOURCES)))
    resource, identity, create_needs, existing = RESOURCES[kind]
    args = dict(draw(options(resource)), **identity)
    creating = create_needs is not None and draw(st.booleans())
    if creating:
        for name, value in create_needs.items():
            if args.get(name) in (None, ""):
                args[name] = value
    return resource, args, None if creating else draw(st.sampled_from(existing)), draw(st.booleans())


@given(runs())
def test_every_request_body_the_modules_send_fits_the_official_schema(run):
    resource, args, current, replaced = run
    commands = requests_of(resource, args, current, replaced)
    for command in commands or []:
        if "body" in command:
            assert schema_problems(command) == [], (args, command)
