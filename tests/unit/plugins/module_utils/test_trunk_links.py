# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""credential_connection and its outbound voice profile: the D38 warning, and the profile given by name."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import LIST, ONE, Call, existing, list_params, page
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import (
    PROFILE_ID, PROFILES, fail, profile, query, run,
)

RESOURCE = CREDENTIAL_CONNECTION
NO_PROFILE = existing(outbound={"outbound_voice_profile_id": None})
CREATE = dict(connection_name="office", user_name="office01", password="s3cret-pass-1")


def connections(*items):
    return Call("GET", LIST, body=page(list(items)), params=list_params("office"))


def profiles(*items, name="trunk-profile"):
    return Call("GET", PROFILES, body=page(list(items)), params=query(**{"filter[name][contains]": name}))


def d38(warnings):
    return [warning for warning in warnings if "SIP cause D38" in warning]


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check"])
def test_an_unchanged_connection_without_a_profile_is_not_warned_about_again(check_mode):
    # Issue 22 point 3: the D38 warning fired on every run, 490 times in a 500-connection fleet.
    result, warnings, session = run(RESOURCE, [connections(NO_PROFILE)], check_mode=check_mode,
                                    connection_name="office")
    assert result["changed"] is False and d38(warnings) == []


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check"])
def test_a_change_that_leaves_a_connection_without_a_profile_is_warned_about_naming_d38(check_mode):
    result, warnings, session = run(RESOURCE, [connections(NO_PROFILE)] + ([] if check_mode else [
        Call("PATCH", ONE, body={"data": dict(NO_PROFILE, anchorsite_override="Chicago, IL")})]),
        check_mode=check_mode, connection_name="office", anchorsite_override="Chicago, IL")
    assert result["changed"] is True and len(d38(warnings)) == 1
    assert "'office'" in d38(warnings)[0] and ("would have" in d38(warnings)[0]) is check_mode


def test_a_check_mode_create_without_a_profile_is_warned_about_too():
    result, warnings, session = run(RESOURCE, [connections()], check_mode=True, **CREATE)
    assert result["changed"] is True and len(d38(warnings)) == 1 and session.writes == []


@pytest.mark.parametrize("outbound", [{"outbound_voice_profile_id": ""}, {"outbound_voice_profile_name": ""}],
                         ids=["empty id", "empty name"])
def test_a_profile_cleared_on_purpose_means_inbound_only_and_is_not_warned_about(outbound):
    result, warnings, session = run(RESOURCE, [
        connections(existing()),
        Call("PATCH", ONE, body={"data": NO_PROFILE}),
    ], connection_name="office", outbound=outbound)
    assert result["changed"] is True and d38(warnings) == []
    # Cleared as the schema types it, a plain string (issue 22 point 10), by its id or by its name alike.
    assert session.sent[1]["json"]["outbound"]["outbound_voice_profile_id"] == ""


def test_a_connection_with_a_profile_is_not_warned_about():
    result, warnings, session = run(RESOURCE, [connections(existing())], connection_name="office")
    assert warnings == []


def test_the_profile_by_name_is_looked_up_exactly_and_linked_by_id():
    profile_a = profile(id="111", name="trunk-profile-2")
    result, warnings, session = run(RESOURCE, [
        profiles(profile_a, profile(name="trunk-profile")),
        connections(NO_PROFILE),
        Call("PATCH", ONE, json_body={"outbound": dict(
            {key: value for key, value in NO_PROFILE["outbound"].items() if value not in (None, "")},
            outbound_voice_profile_id=PROFILE_ID)},
            body={"data": existing(outbound={"outbound_voice_profile_id": PROFILE_ID})}),
    ], connection_name="office", outbound={"outbound_voice_profile_name": "trunk-profile"})
    assert result["changed"] is True and warnings == []
    assert result["diff"]["after"]["outbound"] == {"outbound_voice_profile_id": PROFILE_ID}


def test_the_profile_by_name_that_already_holds_is_no_change():
    linked = existing(outbound={"outbound_voice_profile_id": PROFILE_ID})
    result, warnings, session = run(RESOURCE, [profiles(profile(name="trunk-profile")), connections(linked)],
                                    connection_name="office", outbound={"outbound_voice_profile_name": "trunk-profile"})
    assert result["changed"] is False and session.writes == [] and warnings == []


def test_an_unknown_profile_name_fails_before_any_write_and_check_mode_warns_instead():
    failure, session = fail(RESOURCE, [profiles()], connection_name="office",
                            outbound={"outbound_voice_profile_name": "trunk-profile"})
    assert "outbound.outbound_voice_profile_name: no outbound voice profile is named 'trunk-profile'" in failure.msg
    result, warnings, session = run(RESOURCE, [profiles(), connections(NO_PROFILE)], check_mode=True,
                                    connection_name="office", outbound={"outbound_voice_profile_name": "trunk-profile"})
    assert result["changed"] is True and session.writes == []
    assert "a real run fails unless an earlier task creates it" in warnings[0] and d38(warnings) == []


def test_a_profile_name_that_several_profiles_share_fails_listing_their_ids():
    failure, session = fail(RESOURCE, [profiles(profile(id="1", name="trunk-profile"),
                                                profile(id="2", name="trunk-profile"))],
                            connection_name="office", outbound={"outbound_voice_profile_name": "trunk-profile"})
    assert "2 outbound voice profiles are named 'trunk-profile'" in failure.msg and "1, 2" in failure.msg
    assert failure.details["matching_ids"] == ["1", "2"]


def test_the_profile_by_id_and_by_name_together_fail_before_any_request():
    failure, session = fail(RESOURCE, [], connection_name="office",
                            outbound={"outbound_voice_profile_name": "trunk-profile",
                                      "outbound_voice_profile_id": PROFILE_ID})
    assert session.sent == []
    assert "outbound.outbound_voice_profile_id and outbound.outbound_voice_profile_name: set only one" in failure.msg
