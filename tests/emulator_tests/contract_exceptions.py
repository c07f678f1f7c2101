"""Where the emulator may differ from the official schema, each case with its reason (FACTS.md). The only such list.

Every other difference between an emulator exchange and ../shared/reference is a failure of the emulator tests.
"""

import re
from dataclasses import dataclass
from typing import Callable, Optional


@dataclass(frozen=True)
class ContractException:
    name: str
    reason: str
    """Why the difference is deliberate, citing FACTS.md or the reference README."""
    operations: str
    """Regex of the operationIds it applies to."""
    where: str
    """Regex of "request" / "response <status>"."""
    pointer: str = r".*"
    """Regex of the JSON pointer of the offending value."""
    quirk: Optional[str] = None
    """Only while this quirk switch is on."""
    when: Optional[Callable] = None
    """Extra condition on (deviation, exchange)."""

    def covers(self, deviation, exchange):
        return (re.fullmatch(self.operations, deviation.operation_id) is not None
                and re.fullmatch(self.where, deviation.where) is not None
                and re.fullmatch(self.pointer, deviation.pointer) is not None
                and (self.quirk is None or bool(exchange.quirks.get(self.quirk)))
                and (self.when is None or self.when(deviation, exchange)))


def _is_rate_limit_body(_deviation, exchange):
    errors = (exchange.response_body or {}).get("errors") if isinstance(exchange.response_body, dict) else None
    return bool(errors) and all(error.get("code") == "10011" for error in errors)


_DATA = r"/data(/[0-9]+)?"
"""A single record's envelope or a list entry."""

EXCEPTIONS = (
    ContractException(
        "channel_limit-null",
        "FACTS §3.2/§3.3 and T8: inbound/outbound channel_limit is typed integer, yet the schema's own default is null "
        "(no limit); the emulator answers that default and accepts null on update to clear it (T7).",
        operations=r".*CredentialConnections?", where=r"request|response 20[01]",
        pointer=r"(%s)?/(inbound|outbound)/channel_limit" % _DATA),
    ContractException(
        "outbound_voice_profile_id-null",
        "FACTS §3.3, T7 and T16: outbound.outbound_voice_profile_id came back null in a live create (OBS), and null "
        "is how a connection is detached from its profile (T7 lists it as nullable). FQDN and IP connections share "
        "the outbound object (reference README), so they are detached the same way; they answer it absent when unset.",
        operations=r".*(Credential|Fqdn|Ip)Connections?", where=r"request|response 20[01]",
        pointer=r"(%s)?/outbound/outbound_voice_profile_id" % _DATA),
    ContractException(
        "sip_uri_calling_preference-null",
        "FACTS §3.1 and T2: the schema has had no default since 2024-02, and the live server answered null (OBS); "
        "an unset preference is shown as null, as is \"disabled\" under the sip_uri_disabled_as_null quirk.",
        operations=r".*CredentialConnections?", where=r"response 20[01]",
        pointer=r"%s/sip_uri_calling_preference" % _DATA),
    ContractException(
        "default_routing_method-blank",
        "FACTS §3.2: inbound.default_routing_method is `sequential`, `round-robin` \"(or blank)\"; the enum omits the "
        "blank that clears it.",
        operations=r".*CredentialConnections?", where=r"request|response 20[01]",
        pointer=r"(%s)?/inbound/default_routing_method" % _DATA,
        when=lambda deviation, exchange: "''" in deviation.message),
    ContractException(
        "webhook_api_version-texml",
        "FACTS T10/T15: `texml` is a create-only value of webhook_api_version; the response enum lists only \"1\" "
        "and \"2\", but the stored value is answered back.",
        operations=r".*CredentialConnections?", where=r"response 20[01]", pointer=r"%s/webhook_api_version" % _DATA,
        when=lambda deviation, exchange: "'texml'" in deviation.message),
    ContractException(
        "timeouts_as_strings",
        "FACTS T8: timeout_1xx_secs/timeout_2xx_secs were strings in the spec until 2021/2025-06; the "
        "timeouts_as_strings quirk answers them so, to test clients that coerce.",
        operations=r".*CredentialConnections?", where=r"response 20[01]",
        pointer=r"%s/inbound/timeout_[12]xx_secs" % _DATA, quirk="timeouts_as_strings"),
    ContractException(
        "calls_per_cld-null",
        "The schema's own description of calling_window.calls_per_cld: \"A null value means no limit\", though it is "
        "typed integer; null is its unset value and clears it.",
        operations=r".*(Voice|Outbound)Profiles?", where=r"request|response 200",
        pointer=r"(%s)?/calling_window/calls_per_cld" % _DATA),
    ContractException(
        "calling_window-times",
        "Reference README (outbound voice profiles): the description says HH:MM, the example 08:00:00.00Z, the "
        "`format: time` neither exactly; the server's spelling is unknown. The emulator accepts both and answers HH:MM "
        "(the long form under the calling_window_long_times quirk).",
        operations=r".*(Voice|Outbound)Profiles?", where=r"request|response 200",
        pointer=r"(%s)?/calling_window/(start|end)_time" % _DATA,
        when=lambda deviation, exchange: "is not a 'time'" in deviation.message),
    ContractException(
        "phone-number-detach",
        "Reference README (phone numbers): connection_id on update is a plain string and how to detach a number "
        "(\"\" or null) is not documented; the emulator accepts both (the connection_id_*_refused quirks refuse one). "
        "customer_reference is cleared with null the same way (the response types it string|null).",
        operations=r"UpdatePhoneNumber", where=r"request", pointer=r"/(connection_id|customer_reference)"),
    ContractException(
        "voice-settings-nullable-fields",
        "The spec contradicts itself: the PhoneNumber schema types connection_id, customer_reference and "
        "emergency_address_id string|null, the voice-settings schema string. One record holds them, so the "
        "voice settings answer the same null the number does (reference README: the schema is the contract).",
        operations=r"(Get|Update)PhoneNumberVoiceSettings|ListPhoneNumbersWithVoiceSettings|EnablePhoneNumberEmergency",
        where=r"response 20[02]",
        pointer=r"%s/(connection_id|customer_reference|emergency/emergency_address_id)" % _DATA),
    ContractException(
        "rate-limited-429",
        "FACTS §1: most endpoints are rate-limited and answer 429 with the documented body (code 10011), yet 429 is "
        "not declared on these operations in the spec.",
        operations=r".*", where=r"response 429", when=_is_rate_limit_body),
    ContractException(
        "malformed-body-400",
        "FACTS §1: a body that is not a JSON object gets the spec's 400 \"Bad Request\" (code 10015, pointer \"/\"), "
        "including on operations whose excerpt declares no 400.",
        operations=r".*", where=r"response 400",
        when=lambda deviation, exchange: not isinstance(exchange.request_body, dict) and "not among" in deviation.message),
)
