# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The reconcile core over the credential-connection table, with the HTTP layer scripted exactly."""

from __future__ import annotations

import json

import pytest
import requests

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._module import module_argument_spec, module_kwargs
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._engine import reconcile
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import (
    LIST, ONE, Call, FakeSession, existing, list_params, page,
)
from ansible_collections.telnyx.voice.tests.unit.plugins.module_args import validated_params

API_KEY = "key-abcdef-123456"


def params(**args):
    """Parameters exactly as AnsibleModule would hand them over."""
    args.setdefault("api_key", API_KEY)
    return validated_params(module_argument_spec(CREDENTIAL_CONNECTION), module_kwargs(CREDENTIAL_CONNECTION), **args)


def run(calls, check_mode=False, diff_mode=True, **args):
    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    result, warnings = reconcile(CREDENTIAL_CONNECTION, params(**args), check_mode=check_mode, diff_mode=diff_mode,
                                 client=client)
    session.assert_done()
    return result, warnings, session


def fail(calls, **args):
    session = FakeSession(calls)
    client = TelnyxClient(API_KEY, session=session, sleep=lambda seconds: None)
    with pytest.raises(ResourceFailure) as caught:
        reconcile(CREDENTIAL_CONNECTION, params(**args), client=client)
    session.assert_done()
    return caught.value, session


def found(connection=None, name="office"):
    return Call("GET", LIST, body=page([connection or existing()]), params=list_params(name))


CREATE_ARGS = dict(connection_name="office", user_name="office01", password="s3cret-pass-1")


# Unchanged: one read, no write

def test_unchanged_when_every_set_option_matches():
    result, warnings, session = run([found()], connection_name="office", active=True, tags=["a", "b"],
                                    inbound={"codecs": ["G722", "G711U", "G711A", "G729", "OPUS", "H.264"]})
    assert result["changed"] is False
    assert session.writes == []
    assert warnings == []


@pytest.mark.parametrize("args, server", [
    (dict(inbound={"timeout_1xx_secs": 3, "timeout_2xx_secs": 90}),
     dict(inbound={"timeout_1xx_secs": "3", "timeout_2xx_secs": "90"})),
    (dict(webhook_api_version=1), {}),
    (dict(webhook_event_failover_url=""), dict(webhook_event_failover_url=None)),
    (dict(encrypted_media=""), {}),
    (dict(sip_uri_calling_preference="disabled"), dict(sip_uri_calling_preference=None)),
    (dict(tags=["a", "b", "a"]), dict(tags=["b", "a"])),
    (dict(inbound={"codecs": "G722"}), dict(inbound={"codecs": ["G722"]})),
    (dict(outbound={"ani_override_type": "emergency"}), dict(outbound={"ani_override": ""})),
    (dict(outbound={"outbound_voice_profile_id": 1293384261075731500}),
     dict(outbound={"outbound_voice_profile_id": "1293384261075731500"})),
    (dict(tags=[]), dict(tags=None)),
])
def test_normalised_values_compare_equal(args, server):
    """FACTS §8: ints as strings, string-typed numbers, "" and null, disabled and null, tag order, one codec."""
    result, dummy, session = run([found(existing(**server))], connection_name="office", **args)
    assert result["changed"] is False
    assert session.writes == []


def test_read_only_and_unknown_response_keys_never_count():
    server = existing(created_at="2030-01-01T00:00:00Z", registration_status="Registered",
                      brand_new_key={"x": 1}, inbound={"instant_ringback_enabled": True, "future": 1})
    result, dummy, session = run([found(server)], connection_name="office", inbound={"prack_enabled": False})
    assert result["changed"] is False


def test_a_partly_applied_update_is_a_change():
    result, warnings, session = run([
        found(),
        Call("PATCH", ONE, body={"data": existing(active=False)}),
    ], connection_name="office", active=False, ios_push_credential_id="ec0c8e5d-439e-4620-a0c1-9d9c8d02a836")
    assert result["changed"] is True
    assert len(warnings) == 1


def test_codecs_are_compared_in_priority_order():
    result, dummy, session = run([
        found(existing(inbound={"codecs": ["G711U", "G722"]})),
        Call("PATCH", ONE, body={"data": existing(inbound={"codecs": ["G722", "G711U"]})}),
    ], connection_name="office", inbound={"codecs": ["G722", "G711U"]})
    assert result["changed"] is True
    assert session.writes[0]["json"]["inbound"]["codecs"] == ["G722", "G711U"]


# Update: exactly one PATCH with only what differs

def test_update_sends_one_patch_with_only_the_top_level_keys_that_differ():
    after = existing(active=False, dtmf_type="Inband")
    result, dummy, session = run([
        found(),
        Call("PATCH", ONE, json_body={"active": False, "dtmf_type": "Inband"}, body={"data": after}),
    ], connection_name="office", active=False, dtmf_type="Inband", anchorsite_override="Latency")
    assert result["changed"] is True
    assert result["credential_connection"]["active"] is False
    assert result["diff"] == {
        "before": {"connection_name": "office", "active": True, "dtmf_type": "RFC 2833",
                   "anchorsite_override": "Latency"},
        "after": {"connection_name": "office", "active": False, "dtmf_type": "Inband",
                  "anchorsite_override": "Latency"},
    }


def test_nested_change_sends_the_current_documented_sub_keys_merged_with_the_users():
    current = existing(inbound={"timeout_1xx_secs": "3", "channel_limit": None})
    expected_inbound = dict(existing()["inbound"], channel_limit=20, timeout_1xx_secs=3)
    del expected_inbound["instant_ringback_enabled"]  # undocumented for inbound: never sent
    del expected_inbound["channel_limit"]
    expected_inbound["channel_limit"] = 20
    result, dummy, session = run([
        found(current),
        Call("PATCH", ONE, json_body={"inbound": expected_inbound}, body={"data": existing(inbound={"channel_limit": 20})}),
    ], connection_name="office", inbound={"channel_limit": 20})
    sent = session.writes[0]["json"]["inbound"]
    assert sent["timeout_1xx_secs"] == 3, "a timeout read back as a string is sent back as an integer"
    assert None not in sent.values(), "no null the user did not ask for"
    assert result["diff"]["before"] == {"connection_name": "office", "inbound": {"channel_limit": None}}
    assert result["diff"]["after"] == {"connection_name": "office", "inbound": {"channel_limit": 20}}


def test_blank_current_sub_keys_are_not_sent_back():
    """A blank enum read back (default_routing_method "") would be refused if sent; it holds no value."""
    result, dummy, session = run([
        found(existing(inbound={"default_routing_method": ""})),
        Call("PATCH", ONE, body={"data": existing(inbound={"prack_enabled": True})}),
    ], connection_name="office", inbound={"prack_enabled": True})
    assert "default_routing_method" not in session.writes[0]["json"]["inbound"]


def test_empty_string_clears_a_nullable_field_with_null():
    result, dummy, session = run([
        found(existing(encrypted_media="SRTP", webhook_timeout_secs=10)),
        Call("PATCH", ONE, json_body={"encrypted_media": None, "webhook_timeout_secs": None},
             body={"data": existing()}),
    ], connection_name="office", encrypted_media="", webhook_timeout_secs="")
    assert result["changed"] is True


def test_clearing_a_nested_nullable_sends_null_for_that_sub_key_only():
    result, dummy, session = run([
        found(existing(outbound={"call_parking_enabled": True})),
        Call("PATCH", ONE, body={"data": existing()}),
    ], connection_name="office", outbound={"call_parking_enabled": ""})
    sent = session.writes[0]["json"]["outbound"]
    assert sent["call_parking_enabled"] is None
    assert [key for key, value in sent.items() if value is None] == ["call_parking_enabled"]


def test_a_nested_id_the_schema_types_a_plain_string_is_cleared_with_the_empty_string_not_null():
    # outbound.outbound_voice_profile_id is a string in the schema, not nullable (issue 22 point 10).
    result, dummy, session = run([
        found(existing(outbound={"outbound_voice_profile_id": "42"})),
        Call("PATCH", ONE, body={"data": existing()}),
    ], connection_name="office", outbound={"outbound_voice_profile_id": ""})
    assert session.writes[0]["json"]["outbound"]["outbound_voice_profile_id"] == ""


@pytest.mark.parametrize("nested", ["inbound", "outbound"])
def test_a_channel_limit_cannot_be_cleared_and_says_why_before_any_request(nested):
    # Typed integer and not nullable: "" used to go out as null, outside the schema (issue 22 point 10).
    failure, session = fail([], connection_name="office", **{nested: {"channel_limit": ""}})
    assert "%s.channel_limit: cannot be cleared with an empty string: Telnyx's schema takes only an integer" \
        % nested in failure.msg
    assert session.sent == []


def test_ani_override_type_counts_once_ani_override_is_set():
    result, dummy, session = run([
        found(),
        Call("PATCH", ONE, body={"data": existing(outbound={"ani_override": "+13125550100",
                                                            "ani_override_type": "normal"})}),
    ], connection_name="office", outbound={"ani_override": "+13125550100", "ani_override_type": "normal"})
    assert session.writes[0]["json"]["outbound"]["ani_override_type"] == "normal"


def test_rename_by_id_reads_by_id_and_patches_the_name():
    result, dummy, session = run([
        Call("GET", ONE, body={"data": existing()}),
        Call("PATCH", ONE, json_body={"connection_name": "office-new"},
             body={"data": existing(connection_name="office-new")}),
    ], id="1293384261075731499", connection_name="office-new")
    assert result["credential_connection"]["connection_name"] == "office-new"


def test_report_frequency_seconds_alias_is_sent_as_report_frequency_secs():
    result, dummy, session = run([
        found(),
        Call("PATCH", ONE, json_body={"rtcp_settings": {"port": "rtp+1", "capture_enabled": False,
                                                        "report_frequency_secs": 10}},
             body={"data": existing(rtcp_settings={"report_frequency_secs": 10})}),
    ], connection_name="office", rtcp_settings={"report_frequency_seconds": 10})
    assert result["changed"] is True


# Passwords

def test_password_is_compared_and_updated_with_update_password_always():
    result, dummy, session = run([
        found(),
        Call("PATCH", ONE, json_body={"password": "n3w-password"}, body={"data": existing(password="n3w-password")}),
    ], connection_name="office", password="n3w-password")
    assert result["diff"]["before"]["password"] == "<hidden>"
    assert result["diff"]["after"]["password"] == "<hidden, changed>"
    assert result["credential_connection"]["password"] == "********"


def test_same_password_is_no_change():
    result, dummy, session = run([found()], connection_name="office", password="s3cret-pass-1")
    assert result["changed"] is False
    assert result["diff"]["before"]["password"] == result["diff"]["after"]["password"] == "<hidden>"


def test_on_create_never_sends_the_password_of_an_existing_connection():
    result, dummy, session = run([found()], connection_name="office", password="another-pass",
                                 update_password="on_create")
    assert result["changed"] is False
    assert "password" not in result["diff"]["after"]


def test_a_password_that_looks_like_the_mask_is_still_compared():
    result, dummy, session = run([found(existing(password="********"))], connection_name="office",
                                 password="********")
    assert result["changed"] is False


@pytest.mark.parametrize("masked", ["********", None])
def test_password_the_api_hides_is_sent_with_update_password_always_and_the_user_is_told(masked):
    result, warnings, session = run([
        found(existing(password=masked)),
        Call("PATCH", ONE, json_body={"password": "s3cret-pass-1"}, body={"data": existing(password=masked)}),
    ], connection_name="office", password="s3cret-pass-1")
    assert result["changed"] is True
    # Issue 22 point 4: a change on every run is said, naming the way out.
    assert [w for w in warnings if "update_password: on_create" in w and "every run" in w], warnings


def test_a_password_telnyx_shows_gives_no_such_warning():
    result, warnings, session = run([
        found(existing(password="old-pass-123")),
        Call("PATCH", ONE, json_body={"password": "s3cret-pass-1"}, body={"data": existing(password="s3cret-pass-1")}),
    ], connection_name="office", password="s3cret-pass-1")
    assert result["changed"] is True and not [w for w in warnings if "on_create" in w], warnings


def test_no_secret_in_result_or_diff():
    result, dummy, session = run([
        found(),
        Call("PATCH", ONE, body={"data": existing(password="n3w-password")}),
    ], connection_name="office", password="n3w-password")
    text = repr(result)
    assert "s3cret-pass-1" not in text and "n3w-password" not in text and API_KEY not in text


# Create

def test_create_lists_then_posts_only_the_users_options():
    created = existing(inbound={"codecs": ["G722"]})
    result, dummy, session = run([
        Call("GET", LIST, body=page([existing(connection_name="office-2")]), params=list_params("office")),
        Call("POST", LIST, status=201, json_body=dict(CREATE_ARGS, inbound={"codecs": ["G722"]}),
             body={"data": created}),
    ], inbound={"codecs": "G722"}, **CREATE_ARGS)
    assert result["changed"] is True
    assert result["credential_connection"]["id"] == "1293384261075731499"
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"] == {"connection_name": "office", "user_name": "office01", "password": "<hidden>",
                                       "inbound": {"codecs": ["G722"]}}


def test_create_leaves_out_cleared_values():
    result, dummy, session = run([
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("POST", LIST, status=201, json_body=CREATE_ARGS, body={"data": existing()}),
    ], encrypted_media="", **CREATE_ARGS)
    assert "encrypted_media" not in session.writes[0]["json"]


def test_create_needs_user_name_password_and_name():
    failure, session = fail([Call("GET", LIST, body=page([]), params=list_params("office"))],
                            connection_name="office", user_name="office01")
    assert failure.msg == "To create a credential connection, set password."
    assert session.writes == []


def test_short_names_are_listed_without_the_filter_which_needs_three_characters():
    result, dummy, session = run([
        Call("GET", LIST, body=page([existing(connection_name="ab")]), params=list_params()),
    ], connection_name="ab")
    assert result["changed"] is False


def test_lookup_follows_every_page_and_matches_the_exact_name():
    first = [existing(id=str(n), connection_name="office-%d" % n) for n in range(250)]
    second = [existing(connection_name="Office"), existing(id="77", connection_name="office")]
    result, dummy, session = run([
        Call("GET", LIST, body=page(first, 1, 2), params=list_params("office", 1)),
        Call("GET", LIST, body=page(second, 2, 2), params=list_params("office", 2)),
    ], connection_name="office")
    assert result["credential_connection"]["id"] == "77"


def test_several_connections_with_the_name_fail_listing_their_ids_and_write_nothing():
    failure, session = fail([
        Call("GET", LIST, body=page([existing(id="1"), existing(id="2")]), params=list_params("office")),
    ], connection_name="office", active=False)
    assert "set id to one of 1, 2" in failure.msg
    assert failure.details["matching_ids"] == ["1", "2"]
    assert session.writes == []


def test_present_with_an_unknown_id_fails_without_creating():
    failure, session = fail([
        Call("GET", ONE, status=404, body={"errors": [{"code": "10005", "title": "Resource not found"}]}),
    ], id="1293384261075731499", **CREATE_ARGS)
    assert "cannot be created with a given id" in failure.msg


def test_texml_needs_call_parking_on_create_and_is_refused_on_update():
    failure, dummy = fail([Call("GET", LIST, body=page([]), params=list_params("office"))],
                          webhook_api_version="texml", **CREATE_ARGS)
    assert "call_parking_enabled" in failure.msg
    failure, session = fail([found()], connection_name="office", webhook_api_version="texml")
    assert "only be set when the connection is created" in failure.msg
    assert session.writes == []


# Absent

def test_absent_by_id_reads_then_deletes():
    result, dummy, session = run([Call("GET", ONE, body={"data": existing()}), Call("DELETE", ONE, body={"data": existing()})],
                                 id="1293384261075731499", state="absent")
    assert result["changed"] is True
    assert result["credential_connection"] == {}
    # One line names what is deleted (issue 22 point 6); the whole object, password masked, is in the result.
    assert result["diff"] == {"before": "credential connection 'office' (id 1293384261075731499)\n", "after": ""}
    assert result["deleted"]["connection_name"] == "office" and result["deleted"]["password"] == "********"


def test_absent_by_id_already_gone_is_unchanged_and_sends_no_write():
    result, dummy, session = run([Call("GET", ONE, status=404, body={"errors": [{"code": "10005"}]})],
                                 id="1293384261075731499", state="absent")
    assert result["changed"] is False
    assert session.writes == []


def test_absent_by_name_lists_then_deletes():
    result, dummy, session = run([found(), Call("DELETE", ONE, body={"data": existing()})],
                                 connection_name="office", state="absent")
    assert result["changed"] is True


def test_absent_and_not_found_is_unchanged():
    result, dummy, session = run([Call("GET", LIST, body=page([]), params=list_params("office"))],
                                 connection_name="office", state="absent")
    assert result == {"changed": False, "credential_connection": {}, "diff": {"before": {}, "after": {}}}


# Check mode: reads only, and the same prediction as the real run

@pytest.mark.parametrize("args, first, write", [
    (dict(CREATE_ARGS, active=False), Call("GET", LIST, body=page([]), params=list_params("office")),
     Call("POST", LIST, status=201, body={"data": existing(active=False)})),
    (dict(connection_name="office", active=False, inbound={"channel_limit": 5}), found(),
     Call("PATCH", ONE, body={"data": existing(active=False, inbound={"channel_limit": 5})})),
    (dict(connection_name="office", state="absent"), found(), Call("DELETE", ONE, body={"data": existing()})),
    (dict(id="1293384261075731499", state="absent"), Call("GET", ONE, body={"data": existing()}),
     Call("DELETE", ONE, body={"data": existing()})),
])
def test_check_mode_sends_no_write_and_predicts_the_real_run(args, first, write):
    predicted, dummy, session = run([first], check_mode=True, **args)
    assert session.writes == []
    real, dummy, dummy = run([first, write], **args)
    assert predicted["changed"] is real["changed"] is True
    assert predicted["diff"] == real["diff"]


def test_check_mode_create_returns_the_desired_object_without_id():
    result, dummy, session = run([Call("GET", LIST, body=page([]), params=list_params("office"))],
                                 check_mode=True, **CREATE_ARGS)
    assert result["credential_connection"]["id"] is None
    assert result["credential_connection"]["password"] == "********"


def test_check_mode_update_predicts_the_merged_object():
    result, dummy, session = run([found()], check_mode=True, connection_name="office", inbound={"prack_enabled": True})
    connection = result["credential_connection"]
    assert connection["inbound"]["prack_enabled"] is True
    assert connection["inbound"]["timeout_2xx_secs"] == 90


def test_no_diff_key_without_diff_mode():
    result, dummy, session = run([found()], diff_mode=False, connection_name="office")
    assert "diff" not in result


# Validation: before any request, naming the option and the rule

@pytest.mark.parametrize("args, message", [
    (dict(user_name="ab1"), "user_name: must be 4 to 32 letters or digits"),
    (dict(user_name="has space"), "user_name: must be 4 to 32 letters or digits"),
    (dict(user_name="12345abc"), "user_name: must have a letter among its first 5 characters"),
    (dict(password="short"), "password: must be 8 to 128 characters long, got 5"),
    (dict(webhook_timeout_secs=31), "webhook_timeout_secs: must be between 0 and 30, got 31"),
    (dict(webhook_timeout_secs="soon"), "webhook_timeout_secs: must be an integer"),
    (dict(rtcp_settings={"report_frequency_secs": 4}), "rtcp_settings.report_frequency_secs: must be between 5 and 3000"),
    (dict(inbound={"timeout_1xx_secs": 121}), "inbound.timeout_1xx_secs: must be between 1 and 120, got 121"),
    (dict(inbound={"timeout_2xx_secs": 0}), "inbound.timeout_2xx_secs: must be between 1 and 600, got 0"),
    (dict(jitter_buffer={"jitterbuffer_msec_min": 39}), "jitter_buffer.jitterbuffer_msec_min: must be between 40 and 400"),
    (dict(jitter_buffer={"jitterbuffer_msec_max": 401}), "jitter_buffer.jitterbuffer_msec_max: must be between 40 and 400"),
    (dict(jitter_buffer={"jitterbuffer_msec_min": 300, "jitterbuffer_msec_max": 200}), "must not exceed"),
    (dict(noise_suppression_details={"attenuation_limit": 15}), "attenuation_limit: must be a multiple of 10"),
    (dict(noise_suppression_details={"attenuation_limit": 110}), "attenuation_limit: must be between 0 and 100"),
    (dict(webhook_event_url="hooks.example.com"), "webhook_event_url: must be an absolute URL with an http or https"),
    (dict(webhook_event_failover_url="ftp://x.example.com"), "webhook_event_failover_url: must be an absolute URL"),
    (dict(outbound={"ani_override": "always"}), "outbound.ani_override: must be a phone number in E.164 form"),
    (dict(outbound={"ani_override": "13125550100"}), "outbound.ani_override: must be a phone number in E.164 form"),
    (dict(outbound={"ani_override": "+13125550100\n"}), "outbound.ani_override: must be a phone number"),
    (dict(outbound={"localization": "US\n"}), "outbound.localization: must be a two-letter"),
    (dict(outbound={"outbound_voice_profile_id": "12\n"}), "outbound.outbound_voice_profile_id: must be a Telnyx id"),
    (dict(webhook_event_url="http://[::1"), "webhook_event_url: must be an absolute URL"),
    (dict(outbound={"localization": "usa"}), "outbound.localization: must be a two-letter upper-case country code"),
    (dict(outbound={"call_parking_enabled": "perhaps"}), "outbound.call_parking_enabled: must be a boolean"),
    (dict(outbound={"outbound_voice_profile_id": "abc"}), "outbound.outbound_voice_profile_id: must be a Telnyx id: 1 to 19 digits"),
    (dict(connection_name=" "), "connection_name: must not be empty"),
    (dict(base_url="ftp://api.example.com"), "base_url: must be an absolute http or https URL"),
])
def test_invalid_options_fail_before_any_request(args, message):
    args.setdefault("connection_name", "office")
    failure, session = fail([], **args)
    assert message in failure.msg
    assert session.sent == []


@pytest.mark.parametrize("args, message", [
    (dict(dtmf_type="rfc 2833"), "dtmf_type must be one of"),
    (dict(sip_uri_calling_preference=" disabled"), "sip_uri_calling_preference must be one of"),
    (dict(inbound={"codec": ["G722"]}), "inbound.codec"),
    (dict(encrypted_media="ZRTP"), "encrypted_media must be one of"),
    (dict(webhook_api_version="3"), "webhook_api_version must be one of"),
])
def test_enums_are_exact_and_unknown_sub_options_are_refused_by_the_spec(args, message):
    kwargs = module_kwargs(CREDENTIAL_CONNECTION)
    kwargs.pop("supports_check_mode")
    result = ArgumentSpecValidator(module_argument_spec(CREDENTIAL_CONNECTION), **kwargs).validate(
        dict(api_key="k", connection_name="office", **args))
    assert any(message in error for error in result.error_messages), result.error_messages


# API and transport failures

def test_api_errors_give_status_title_detail_and_pointer():
    errors = [{"code": "10015", "title": "Bad Request", "detail": "Invalid dnis_format: test",
               "source": {"pointer": "/inbound/dnis_number_format"}}]
    failure, session = fail([found(), Call("PATCH", ONE, status=422, body={"errors": errors})],
                            connection_name="office", active=False)
    assert failure.msg == ("Telnyx API PATCH /credential_connections/1293384261075731499 failed with HTTP 422: "
                           "Bad Request: Invalid dnis_format: test (at /inbound/dnis_number_format) [code 10015]")
    assert failure.details == {"errors": errors, "status": 422}


@pytest.mark.parametrize("status, lead", [
    (401, "Authentication failed (HTTP 401)"),
    (403, "Permission denied (HTTP 403)"),
])
def test_auth_failures_say_so(status, lead):
    failure, session = fail([Call("GET", LIST, status=status, body={"errors": [{"code": "10009", "title": "x"}]},
                                  params=list_params("office"))], connection_name="office")
    assert failure.msg.startswith(lead)


def test_secrets_echoed_in_an_error_are_masked():
    errors = [{"title": "Bad Request", "detail": "password n3w-password is weak; key %s" % API_KEY}]
    failure, session = fail([found(), Call("PATCH", ONE, status=422, body={"errors": errors})],
                            connection_name="office", password="n3w-password")
    assert "n3w-password" not in repr((failure.msg, failure.details))
    assert API_KEY not in repr((failure.msg, failure.details))


@pytest.mark.parametrize("call, message, attempts", [
    (Call("GET", LIST, text="<html>proxy</html>", headers={"Content-Type": "text/html"}),
     "body that is not the expected JSON document", 1),
    (Call("GET", LIST, raise_exc=requests.exceptions.ReadTimeout("read timed out")),
     "GET /credential_connections failed (after 4 attempts): timed out after 30s waiting for Telnyx to answer "
     "(request_timeout)", 4),
    (Call("GET", LIST, raise_exc=requests.exceptions.ConnectionError("refused")),
     "the connection was dropped before Telnyx answered", 4),
    (Call("GET", LIST, status=302, headers={"Location": "https://elsewhere.example.com"}), "was redirected", 1),
])
def test_transport_failures_fail_cleanly_after_the_retries(call, message, attempts):
    failure, session = fail([call] * attempts, connection_name="office")
    assert message in failure.msg


def test_a_body_that_breaks_off_is_read_again_for_a_get():
    broken = Call("GET", LIST, raise_exc=requests.exceptions.ChunkedEncodingError("IncompleteRead"))
    result, dummy, session = run([broken, found()], connection_name="office")
    assert result["changed"] is False


def test_a_create_answered_with_500_but_made_is_adopted_not_duplicated():
    made = existing()
    result, warnings, session = run([
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("POST", LIST, status=500, body={"errors": [{"title": "Internal error"}]}),
        Call("GET", LIST, body=page([made]), params=list_params("office")),
    ], **CREATE_ARGS)
    assert result["changed"] is True
    assert result["credential_connection"]["id"] == made["id"]
    assert [w["method"] for w in session.writes] == ["POST"]
    assert "was made; it was found and adopted" in warnings[0]


def test_a_lost_create_answer_is_never_posted_again():
    """Issue 10, case 5: Telnyx may still commit the first POST, so the core looks, waits and looks, then fails."""
    failure, session = fail([
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("POST", LIST, raise_exc=requests.exceptions.ReadTimeout("lost")),
        *[Call("GET", LIST, body=page([]), params=list_params("office"))] * 4,
    ], **CREATE_ARGS)
    assert [w["method"] for w in session.writes] == ["POST"]
    assert "may still be created by Telnyx: it was not found by its name after 4 looks" in failure.msg
    assert "Run again to converge" in failure.msg


def test_a_lost_create_found_on_a_later_look_is_adopted():
    result, warnings, session = run([
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("POST", LIST, raise_exc=requests.exceptions.ReadTimeout("lost")),
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("GET", LIST, body=page([existing()]), params=list_params("office")),
    ], **CREATE_ARGS)
    assert result["changed"] is True
    assert [w["method"] for w in session.writes] == ["POST"]
    assert "it was found and adopted" in warnings[0]


def test_a_create_refused_with_422_is_not_retried():
    failure, session = fail([
        Call("GET", LIST, body=page([]), params=list_params("office")),
        Call("POST", LIST, status=422, body={"errors": [{"title": "Bad Request", "detail": "user_name taken",
                                                         "source": {"pointer": "/user_name"}}]}),
    ], **CREATE_ARGS)
    assert "(at /user_name)" in failure.msg


def test_update_of_a_connection_deleted_meanwhile_fails_clearly():
    failure, session = fail([found(), Call("PATCH", ONE, status=404, body={"errors": [{"code": "10005"}]})],
                            connection_name="office", active=False)
    assert "deleted by someone else between the read and the update" in failure.msg


def test_a_value_telnyx_drops_is_reported_and_not_counted_as_a_change():
    """FACTS T16: a value Telnyx accepts but does not keep must not report a change on every run."""
    result, warnings, session = run([
        found(),
        Call("PATCH", ONE, body={"data": existing()}),
    ], connection_name="office", ios_push_credential_id="ec0c8e5d-439e-4620-a0c1-9d9c8d02a836")
    assert result["changed"] is False
    assert warnings == ["Telnyx accepted ios_push_credential_id but reports None instead of "
                        "'ec0c8e5d-439e-4620-a0c1-9d9c8d02a836'; the next run will try again."]


# A write whose answer is lost is read back before anything is reported

def test_an_update_applied_but_unanswered_is_read_back_and_reported_changed():
    timeout = requests.exceptions.ReadTimeout("read timed out")
    result, warnings, session = run([
        found(),
        *[Call("PATCH", ONE, raise_exc=timeout)] * 4,
        Call("GET", ONE, body={"data": existing(active=False)}),
    ], connection_name="office", active=False)
    assert result["changed"] is True
    assert "reading the credential connection back shows it was applied" in warnings[0]


def test_an_update_not_applied_and_unanswered_fails_saying_it_may_have_been():
    failure, session = fail([
        found(),
        *[Call("PATCH", ONE, status=500, body={"errors": [{"title": "Internal"}]})] * 4,
        # The PATCH spent the operation's retries, so the read-back is sent once.
        Call("GET", ONE, raise_exc=requests.exceptions.ConnectionError("down")),
    ], connection_name="office", active=False)
    assert "It may have been applied all the same: run again to converge." in failure.msg


def test_a_delete_applied_but_unanswered_is_read_back_and_reported_changed():
    result, warnings, session = run([
        found(),
        *[Call("DELETE", ONE, status=500, body={"errors": [{"title": "Internal"}]})] * 4,
        Call("GET", ONE, status=404, body={"errors": [{"code": "10005"}]}),
    ], connection_name="office", state="absent")
    assert result["changed"] is True
    assert "but the credential connection is gone" in warnings[0]


def test_a_refused_write_is_not_read_back():
    failure, session = fail([
        found(),
        Call("PATCH", ONE, status=422, body={"errors": [{"title": "Bad Request"}]}),
    ], connection_name="office", active=False)
    assert "may have been applied" not in failure.msg


# Secrets in error text: escaped, old, and never cut in half

def test_a_password_echoed_json_escaped_is_masked():
    password = 'new-pa"ss\\word-1'
    errors = [{"title": "Bad Request", "detail": "body: %s" % json.dumps({"password": password})}]
    failure, session = fail([found(), Call("PATCH", ONE, status=422, body={"errors": errors})],
                            connection_name="office", password=password)
    text = repr((failure.msg, failure.details))
    assert "pa\\\\\"ss" not in text and 'pa"ss' not in text
    assert "********" in failure.msg


def test_the_old_password_read_from_telnyx_is_masked_in_errors():
    errors = [{"title": "Bad Request", "detail": "password s3cret-pass-1 may not be reused"}]
    failure, session = fail([found(), Call("PATCH", ONE, status=422, body={"errors": errors})],
                            connection_name="office", password="n3w-password")
    assert "s3cret-pass-1" not in repr((failure.msg, failure.details))


def test_a_long_non_json_error_is_masked_before_it_is_shortened():
    body = "x" * 174 + " password=third-Pk4Tz9Gh6Mw3-third"
    failure, session = fail([found(), Call("PATCH", ONE, status=400, text=body, headers={})],
                            connection_name="office", password="third-Pk4Tz9Gh6Mw3-third")
    assert "third-Pk4" not in failure.msg


def test_a_lost_password_change_is_not_taken_for_applied():
    failure, session = fail([
        found(),
        *[Call("PATCH", ONE, status=503, body={"errors": [{"title": "Unavailable"}]})] * 4,
        Call("GET", ONE, body={"data": existing()}),
    ], connection_name="office", password="n3w-password")
    assert "HTTP 503" in failure.msg and "may have been applied" not in failure.msg


def test_a_lost_password_change_that_telnyx_hides_may_have_been_applied():
    failure, session = fail([
        found(existing(password="********")),
        *[Call("PATCH", ONE, status=503, body={"errors": [{"title": "Unavailable"}]})] * 4,
        Call("GET", ONE, body={"data": existing(password="********")}),
    ], connection_name="office", password="n3w-password")
    assert failure.msg.endswith("It may have been applied all the same: run again to converge.")


@pytest.mark.parametrize("codecs", [["g711u"], ["G722", "VP8"], ["PCMU"], ["H264"]])
def test_a_codec_the_contract_does_not_name_is_refused_before_any_request(codecs):
    # Issue 22 point 11: codecs were the one enum not checked.
    with pytest.raises(ResourceFailure) as failure:
        run([], connection_name="office", inbound={"codecs": codecs})
    assert "inbound.codecs: must be codecs among G722, G711U" in failure.value.msg
