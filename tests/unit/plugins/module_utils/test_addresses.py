# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The core's notion of several addresses per object, on a toy resource: read only when one of an address's
options is set, written only when its options differ, the object's own address first."""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._fields import Field
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure, ResourceType
from ansible_collections.telnyx.voice.tests.unit.plugins.fake_http import Call, page
from ansible_collections.telnyx.voice.tests.unit.plugins.trunk_fakes import fail, query, run


class Toy(ResourceType):
    label = "toy"
    path = "/toys"
    result_key = "toy"
    name_field = "name"
    name_filter = "filter[name]"
    fields = dict(name=Field("str"), colour=Field("str"), volume=Field("int", address="sound"),
                  echo=Field("dict", options=dict(delay=Field("int")), address="sound"))


TOY = Toy()
OBJ = {"id": "7", "name": "duck", "colour": "yellow", "volume": 1}
SOUND = {"id": "7", "volume": 3, "echo": {"delay": 2}, "record_type": "sound"}


def listed():
    return Call("GET", "/toys", body=page([dict(OBJ)]), params=query(**{"filter[name]": "duck"}))


def test_the_addresses_are_the_objects_own_then_each_sub_path():
    assert TOY.addresses() == [None, "sound"]
    assert TOY.address_path("7", "sound") == "/toys/7/sound"


def test_no_option_of_an_address_means_it_is_never_read():
    result, warnings, session = run(TOY, [listed()], name="duck", colour="yellow")
    assert result["changed"] is False and len(session.sent) == 1


def test_an_option_of_an_address_is_compared_with_what_that_address_says():
    # The object repeats volume (1), stale; the sound address says 3, which holds.
    result, warnings, session = run(TOY, [listed(), Call("GET", "/toys/7/sound", body={"data": SOUND})],
                                    name="duck", volume=3)
    assert result["changed"] is False and session.writes == []


def test_each_address_is_written_once_with_its_own_fields_the_objects_own_first():
    result, warnings, session = run(TOY, [
        listed(),
        Call("GET", "/toys/7/sound", body={"data": SOUND}),
        Call("PATCH", "/toys/7", json_body={"colour": "red"}, body={"data": dict(OBJ, colour="red")}),
        Call("PATCH", "/toys/7/sound", json_body={"echo": {"delay": 5}},
             body={"data": dict(SOUND, echo={"delay": 5})}),
    ], name="duck", colour="red", volume=3, echo={"delay": 5})
    assert result["changed"] is True
    assert result["toy"]["colour"] == "red" and result["toy"]["volume"] == 3 and result["toy"]["echo"] == {"delay": 5}
    assert "record_type" not in result["toy"]


def test_check_mode_reads_the_address_and_predicts_without_writing():
    result, warnings, session = run(TOY, [listed(), Call("GET", "/toys/7/sound", body={"data": SOUND})],
                                    check_mode=True, name="duck", volume=4)
    assert result["changed"] is True and session.writes == []
    assert result["diff"] == {"before": {"name": "duck", "volume": 3}, "after": {"name": "duck", "volume": 4}}


def test_a_lost_answer_of_an_address_is_read_back_from_that_address():
    result, warnings, session = run(TOY, [
        listed(),
        Call("GET", "/toys/7/sound", body={"data": SOUND}),
        Call("PATCH", "/toys/7/sound", status=503, body={"errors": [{"title": "Unavailable"}]}),
        Call("PATCH", "/toys/7/sound", status=503, body={"errors": [{"title": "Unavailable"}]}),
        Call("PATCH", "/toys/7/sound", status=503, body={"errors": [{"title": "Unavailable"}]}),
        Call("PATCH", "/toys/7/sound", status=503, body={"errors": [{"title": "Unavailable"}]}),
        Call("GET", "/toys/7/sound", body={"data": dict(SOUND, volume=9)}),
    ], name="duck", volume=9)
    assert result["changed"] is True and result["toy"]["volume"] == 9
    assert "reading the toy back shows it was applied" in warnings[0]


class Fixed(Toy):
    """A toy the account already has: found by a query of its own, never created or deleted, name fixed."""

    creatable = False
    deletable = False
    renamable = False

    def name_query(self, name):
        return {"filter[name]": name.upper()}


FIXED = Fixed()


def test_a_resource_that_cannot_be_created_fails_when_absent_and_has_no_state():
    assert "state" not in FIXED.argument_spec()
    failure, session = fail(FIXED, [Call("GET", "/toys", body=page([]), params=query(**{"filter[name]": "DUCK"}))],
                            name="duck", colour="red")
    assert isinstance(failure, ResourceFailure) and "never creates one" in failure.msg and session.writes == []


def test_an_immutable_field_that_differs_fails_instead_of_being_sent():
    failure, session = fail(FIXED, [Call("GET", "/toys/7", body={"data": dict(OBJ)})], id="7", name="goose")
    assert "name identifies it and cannot be changed" in failure.msg and session.writes == []


def test_a_write_at_the_own_address_keeps_what_was_read_at_another():
    # The writes start from the object as planned, completed from /sound: a PATCH of the own address alone must not
    # drop the volume read there (found by the reliability properties: "reports None instead of False").
    result, warnings, session = run(TOY, [
        Call("GET", "/toys/7", body={"data": dict(OBJ)}),
        Call("GET", "/toys/7/sound", body={"data": {"id": "7", "volume": 3}}),
        Call("PATCH", "/toys/7", json_body={"colour": "blue"}, body={"data": dict(OBJ, colour="blue")}),
    ], id="7", volume=3, colour="blue")
    assert result["changed"] is True and warnings == []
    assert result["diff"]["after"] == {"volume": 3, "colour": "blue"}
