# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The plural modules (``_plural.run``) against a loop of the single module, under faults, and their secrets.

- Property, for each resource and for ``merged``, ``replaced`` and ``overridden`` (phone numbers: ``merged`` and
  ``replaced``): a plural task and a loop of the single module leave the same state, with the same ``changed``
  and diff per item, and a rerun sends no write. ``replaced``/``overridden`` are the loop whose items are the
  schema's defaults (``_fields.schema_defaults``) overlaid with the given options, plus ``state: absent`` for the
  unlisted objects in scope. An item the loop refuses as invalid makes the plural task refuse, with nothing sent.
  In-process over HTTP; one example through real ansible-playbook in each execution mode.
- Faults: the rate limit across the whole run, a 5xx that outlasts an item's retries, a create committed after
  the client gave up, a dropped page; the list shifting between two pages (an object deleted or created by
  someone else while the snapshot is read): never a duplicate, never a purge from a shifted read.
- Secrets: no password in any result or message, whatever Telnyx echoes.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from ansible_collections.telnyx.voice.plugins.module_utils._credential_connection import CREDENTIAL_CONNECTION
from ansible_collections.telnyx.voice.plugins.module_utils._fields import schema_defaults
from ansible_collections.telnyx.voice.plugins.module_utils._outbound_voice_profile import OUTBOUND_VOICE_PROFILE
from ansible_collections.telnyx.voice.plugins.module_utils._phone_number import PHONE_NUMBER
from ansible_collections.telnyx.voice.plugins.module_utils._snapshot import READS

from tests.e2e.conftest import ECHOES_PASSWORD, PlaybookRunner, reset
from tests.reliability import strategies as s
from tests.reliability.harness import (
    CI,
    EXECUTION_MODES,
    FAST,
    connections,
    core_run,
    execution_env,
    plural_run,
    writes,
)

NUMBERS = ["+13125550100", "+13125550101", "+13125550102"]
# Seeded in scope ("prop-") but never listed, and outside the scope: what overridden deletes, and must not touch.
UNLISTED, OUTSIDE = "prop-unlisted", "other-kept"


def run(emulator, items, resource=CREDENTIAL_CONNECTION, check_mode=False, **options):
    return plural_run(emulator, resource, dict(dict(config=items, workers=4, full_results=True), **options),
                      check_mode=check_mode)


def comparable(value):
    """A record without what differs between two equal runs: its id and its timestamps."""
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items() if key != "id" and not key.endswith("_at")}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


def account(emulator, resource):
    key = {CREDENTIAL_CONNECTION: "connections"}.get(resource, resource.plural_key)
    return sorted((comparable(record) for record in emulator.state()[key]), key=repr)


# ---------------------------------------------------------------------------------------------------------------
# Property: a plural task and a loop of the single module leave the same state
# ---------------------------------------------------------------------------------------------------------------

def connection_options(number, user="propuser"):
    def named(options):
        options.pop("user_name", None)
        options.pop("update_password", None) if user != "propuser" else None
        options.update(connection_name="prop-%d" % number, user_name="%s%d" % (user, number))
        options.setdefault("password", "Prop-Pass-%d-xx" % number)
        if "rtcp_settings" in options and "report_frequency_seconds" in options["rtcp_settings"]:
            # The alias beside the default's own name would be two spellings of one option in the loop's item.
            rtcp = options["rtcp_settings"]
            rtcp["report_frequency_secs"] = rtcp.pop("report_frequency_seconds")
        return options
    return s.options(s.ANY).map(named)


KINDS = {
    "credential_connections": dict(resource=CREDENTIAL_CONNECTION, options=connection_options,
                                   before=lambda number: connection_options(number, "propold")),
    "outbound_voice_profiles": dict(resource=OUTBOUND_VOICE_PROFILE,
                                    options=lambda number: s.PROFILE_OPTIONS.map(
                                        lambda options: dict(options, name="prop-%d" % number)),
                                    before=lambda number: s.PROFILE_OPTIONS.map(
                                        lambda options: dict(options, name="prop-%d" % number))),
    "phone_numbers": dict(resource=PHONE_NUMBER,
                          options=lambda number: s.NUMBER_OPTIONS.map(
                              lambda options: dict({key: value for key, value in options.items()
                                                    if key != "connection_id"}, phone_number=NUMBERS[number])),
                          before=lambda number: s.NUMBER_OPTIONS.map(
                              lambda options: dict({key: value for key, value in options.items()
                                                    if key != "connection_id"}, phone_number=NUMBERS[number]))),
}
CASES = [(kind, state) for kind in KINDS for state in ("merged", "replaced", "overridden")
         if not (kind == "phone_numbers" and state == "overridden")]


@st.composite
def tasks(draw, kind):
    """1 to 3 items with distinct names, and the objects they meet (some already there, with other options)."""
    spec = KINDS[kind]
    items, before = [], []
    for number in range(draw(st.integers(1, 3))):
        items.append(draw(spec["options"](number)))
        if kind == "phone_numbers" or draw(st.booleans()):
            before.append(draw(spec["before"](number)) if draw(st.booleans()) or kind != "phone_numbers"
                          else {"phone_number": NUMBERS[number]})
    return items, before


def prepare(emulator, kind, before):
    """The account the items meet: the ``before`` objects as the single module leaves them, and (besides the phone
    numbers, which are never created) one unlisted object in the scope and one outside it."""
    reset(emulator)
    resource = KINDS[kind]["resource"]
    if kind == "phone_numbers":
        emulator.seed(phone_numbers=[{"phone_number": number} for number in NUMBERS])
    else:
        extra = [{resource.name_field: name} for name in (UNLISTED, OUTSIDE)]
        if kind == "credential_connections":
            extra = [dict(options, user_name="propseed%d" % number, password="Seed-Pass-%d-xx" % number)
                     for number, options in enumerate(extra)]
        before = before + extra
    for options in before:
        if set(options) != {"phone_number"}:
            done = core_run(emulator, options, resource=resource)
            assert done.ok, done.msg
    emulator.clear_requests()


def loop_item(resource, state, given):
    """The single module's item that does what ``state`` does with ``given``: as given (merged), or the schema's
    defaults (a null one cleared with "") overlaid with the given options (replaced, overridden)."""
    if state == "merged":
        return dict(given)
    item = {name: "" if value is None else value for name, value in schema_defaults(resource.fields).items()}
    for name, value in given.items():
        item[name] = dict(item[name], **value) if isinstance(value, dict) and isinstance(item.get(name), dict) \
            else value
    return item


# The drawn ids stand for push credentials and profiles of the account, and Telnyx echoes the password; a Telnyx
# that drops an id it does not know is test_reconcile.py's case (a warning naming the option, no change counted).
@pytest.mark.quirks(mask_password=False, drop_unknown_push_ids=False)
@pytest.mark.parametrize("kind, state", CASES)
@settings(max_examples=10 if CI else settings.default.max_examples)
@given(data=st.data())
def test_a_plural_task_and_a_loop_of_the_single_module_leave_the_same_state(emulator, kind, state, data):
    resource = KINDS[kind]["resource"]
    items, before = data.draw(tasks(kind))
    note("items %r, before %r" % (items, before))
    prepare(emulator, kind, before)
    loop = [core_run(emulator, loop_item(resource, state, item), resource=resource) for item in items]
    if state == "overridden":
        loop.append(core_run(emulator, {resource.name_field: UNLISTED, "state": "absent"}, resource=resource))
    loop_state = account(emulator, resource)

    prepare(emulator, kind, before)
    options = {"scope": {"name_prefix": "prop-"}} if state == "overridden" else {}
    plural = run(emulator, items, resource, state=state, **options)
    invalid = [index for index, done in enumerate(loop[:len(items)])
               if not done.ok and ("Invalid options" in done.msg or done.details.get("validation"))]
    event("refused as invalid" if invalid else "compared")
    if invalid:
        assert not plural.ok and ("Invalid config: nothing was sent" in plural.msg
                                  or plural.details.get("validation")), plural
        assert emulator.requests() == []
        return
    assert account(emulator, resource) == loop_state
    entries = plural.result[resource.plural_key] if plural.ok else plural.details[resource.plural_key]
    for done, entry in zip(loop, entries):
        if done.ok:
            assert not entry.get("failed") and entry["changed"] == done.changed and entry["diff"] == done.diff
        else:
            assert entry.get("failed") and entry["msg"] == done.msg
    if state == "overridden" and plural.ok:
        assert [entry[resource.name_field] for entry in plural.result["purged"]] == [UNLISTED]
    if plural.ok:
        emulator.clear_requests()
        again = run(emulator, items, resource, state=state, **options)
        assert again.ok and again.changed is False and writes(emulator.requests()) == [], again


@pytest.mark.parametrize("mode", EXECUTION_MODES)
def test_the_plural_task_and_a_loop_task_agree_through_ansible(tmp_path, emulator, mode):
    def items(prefix):
        return [{"connection_name": "%s-%d" % (prefix, number), "user_name": "%suser%d" % (prefix, number),
                 "password": "Play-Pass-%d-xx" % number, "active": bool(number % 2),
                 "inbound": {"channel_limit": number}, "tags": ["t%d" % number]} for number in range(3)]
    for prefix in ("loop", "plural"):
        emulator.api("POST", "/v2/credential_connections", body=dict(items(prefix)[1], active=True))
    run_ = PlaybookRunner(tmp_path, emulator)([
        {"name": "loop", "telnyx.voice.credential_connection": "{{ item }}", "loop": items("loop")},
        {"name": "plural", "telnyx.voice.credential_connections": {"config": items("plural")}},
    ], env=execution_env(mode))
    assert run_.rc == 0, run_.output
    records = [comparable(record) for record in connections(emulator)]
    by_prefix = {prefix: sorted((record for record in records if record["user_name"].startswith(prefix)),
                                key=lambda record: record["user_name"]) for prefix in ("loop", "plural")}
    for record in by_prefix["plural"]:
        for key in ("user_name", "connection_name"):
            record[key] = record[key].replace("plural", "loop")
    assert by_prefix["plural"] == by_prefix["loop"]
    assert [result["changed"] for result in run_.task("loop")["results"]] == \
        [entry["changed"] for entry in run_.task("plural")["credential_connections"]]


# ---------------------------------------------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------------------------------------------

def test_the_rate_limit_is_shared_by_every_thread_and_the_run_converges(emulator):
    emulator.set_settings(rate_limit=8, rate_window_secs=0.5)
    items = [{"connection_name": "rate-%02d" % number, "user_name": "rateuser%02d" % number,
              "password": "Rate-Pass-%02d-x" % number} for number in range(24)]
    done = run(emulator, items, workers=8)
    assert done.ok, done.msg
    assert done.result["counts"]["created"] == 24
    names = [record["connection_name"] for record in connections(emulator)]
    assert sorted(names) == sorted(item["connection_name"] for item in items)
    limited = [entry for entry in emulator.requests() if entry["status"] == 429]
    # Every thread waits for the window the first 429 announced, instead of each spending its own retries.
    assert len(limited) <= 8 * 3, len(limited)


def test_a_5xx_that_outlasts_an_items_retries_fails_that_item_only_and_a_rerun_converges(emulator):
    emulator.seed([{"connection_name": "five-%d" % number, "user_name": "fiveuser%d" % number,
                    "password": "Five-Pass-%d-xx" % number, "active": True} for number in range(3)])
    target = [record for record in connections(emulator) if record["connection_name"] == "five-1"][0]["id"]
    emulator.clear_requests()
    emulator.add_fault("status", method="PATCH", path="/%s$" % target, times=FAST["max_retries"] + 1, status=503)
    items = [{"connection_name": "five-%d" % number, "active": False} for number in range(3)]
    done = run(emulator, items)
    assert not done.ok and "1 of 3" in done.msg and "five-1" in done.msg and "503" in done.msg
    assert [entry["action"] for entry in done.details["credential_connections"]] == ["update", "none", "update"]
    patches = [entry for entry in emulator.requests() if entry["method"] == "PATCH"]
    assert len(patches) == 2 + FAST["max_retries"] + 1
    rerun = run(emulator, items)
    assert rerun.ok and [entry["action"] for entry in rerun.result["credential_connections"]] == \
        ["none", "update", "none"]


def test_a_create_committed_after_the_client_gave_up_is_never_sent_twice(emulator):
    emulator.add_fault("slow_commit", method="POST", seconds=1.5)
    items = [{"connection_name": "slow-%d" % number, "user_name": "slowuser%d" % number,
              "password": "Slow-Pass-%d-xx" % number} for number in range(2)]
    run(emulator, items, request_timeout=1, workers=1)
    rerun = run(emulator, items)
    assert rerun.ok and rerun.result["counts"]["failed"] == 0
    names = sorted(record["connection_name"] for record in connections(emulator))
    assert names == ["slow-0", "slow-1"]
    assert len([entry for entry in emulator.requests() if entry["method"] == "POST"]) == 2


def test_a_dropped_page_is_read_again_within_the_list_budget(emulator):
    emulator.seed(count=300, template={"connection_name": "bulk"})
    emulator.clear_requests()
    emulator.add_fault("drop", method="GET", path="/v2/credential_connections$")
    done = run(emulator, [{"connection_name": "bulk-00001"}, {"connection_name": "not-there"}], state="deleted")
    assert done.ok, done.msg
    assert [entry["action"] for entry in done.result["credential_connections"]] == ["delete", "none"]
    pages = [entry for entry in emulator.requests() if entry["method"] == "GET" and "page[number]" in entry["query"]
             and "filter[connection_name][contains]" not in entry["query"]]
    assert len(pages) == 3  # page 1 dropped and read again, then page 2


# Snapshot faults: the list shifts between two pages while the plural task reads it

SHIFTED = {"credential_connections": CREDENTIAL_CONNECTION, "outbound_voice_profiles": OUTBOUND_VOICE_PROFILE}


def seed_many(emulator, kind, count):
    """``count`` objects ``shift-0000``..., in creation order (the list shows the newest first); ``shift-0040`` to
    ``shift-0049`` carry the tag ``shifted``."""
    def tags(number):
        return {"tags": ["shifted"]} if 40 <= number < 50 else {}
    if kind == "credential_connections":
        return emulator.seed([dict({"connection_name": "shift-%04d" % number, "user_name": "shiftuser%04d" % number},
                                   **tags(number)) for number in range(count)])
    return emulator.seed(outbound_voice_profiles=[dict({"name": "shift-%04d" % number}, **tags(number))
                                                  for number in range(count)])["outbound_voice_profiles"]


def names_of(emulator, resource):
    key = {CREDENTIAL_CONNECTION: "connections"}.get(resource, resource.plural_key)
    return [record[resource.name_field] for record in emulator.state()[key]]


@pytest.mark.parametrize("kind", sorted(SHIFTED))
@pytest.mark.parametrize("shift", ["delete", "create"])
@pytest.mark.parametrize("times", [1, READS])
@pytest.mark.parametrize("state", ["merged", "overridden"])
def test_a_list_shifting_between_pages_never_makes_a_duplicate_nor_a_purge_from_a_shifted_read(
        emulator, kind, shift, times, state):
    """300 objects, two pages of 250, the newest first. After page 1 is answered someone deletes its first object
    (page 2 then starts one later: its first object is missed) or creates one (page 2 then repeats page 1's
    last). ``times``: on the first read only (the re-read is steady; a purge goes ahead), or on every read
    (never steady: nothing is purged, with a warning).

    The items name the objects around the page boundary, the missed one included: it must be updated, never
    created again (the old fleet did, 5 of 5 tries). The scope is the tag ``shifted`` (``shift-0040`` to
    ``shift-0049``, ``shift-0040`` unlisted): a tag, so that the whole list is read (a name prefix would narrow
    the read to the scope's few objects, one page that cannot shift)."""
    resource = SHIFTED[kind]
    ids = seed_many(emulator, kind, 300)
    newest_first = list(reversed(ids))
    fault = {"delete": newest_first[:times]} if shift == "delete" else {
        "create": [dict({resource.name_field: "late-%d" % number},
                        **({"user_name": "lateuser%d" % number} if kind == "credential_connections" else {}))
                   for number in range(times)]}
    listed = ["shift-%04d" % number for number in range(41, 50)]
    emulator.clear_requests()
    # Only after page 1 of a whole read: the lookups by name that confirm a missed object read no page 1 of it.
    emulator.add_fault("shift_after", method="GET", path="/%s$" % kind, times=times,
                       query={"page[number]": "1", "filter[%s][contains]" % resource.name_field: None}, **fault)
    done = run(emulator, [{resource.name_field: name, "tags": ["shifted", "seen"]} for name in listed], resource,
               state=state, workers=8, full_results=False,
               **({"scope": {"tag": "shifted"}} if state == "overridden" else {}))
    assert done.ok, done.msg
    after = names_of(emulator, resource)
    assert len(after) == len(set(after)), "a duplicate: %r" % sorted(name for name in after if after.count(name) > 1)
    assert [entry for entry in emulator.requests() if entry["method"] == "POST"] == [], "an object was created again"
    assert done.result["counts"] == dict(done.result["counts"], created=0, failed=0, updated=len(listed))
    purged = [entry[resource.name_field] for entry in done.result["purged"]]
    if state == "overridden" and times == READS:
        assert purged == [] and "shift-0040" in after
        assert any("changed while it was read" in warning for warning in done.warnings), done.warnings
    elif state == "overridden":
        assert purged == ["shift-0040"] and "shift-0040" not in after
    assert len(after) == 300 + (times if shift == "create" else -times) - len(purged)
    if shift == "delete" and times == READS:
        # Every read missed one object; the last read's (shift-0047) was looked up by name before anything else.
        lookups = [entry["query"] for entry in emulator.requests() if entry["method"] == "GET"
                   and "filter[%s][contains]" % resource.name_field in entry["query"]]
        assert lookups, "the missed object was not confirmed live"


# ---------------------------------------------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------------------------------------------

def test_no_password_in_any_result_or_message_whatever_telnyx_echoes(emulator):
    secret = "Echoed-Secret-9911"
    emulator.add_fault("status", method="POST", status=422, body={"errors": [
        {"title": "Invalid", "detail": "password %s is not allowed" % secret}]})
    items = [{"connection_name": "echo-0", "user_name": "echouser0", "password": secret},
             {"connection_name": "echo-1", "user_name": "echouser1", "password": "Other-Secret-7722"}]
    done = run(emulator, items, workers=1)
    text = repr([done.msg, done.details])
    assert "is not allowed" in text and secret not in text and "Other-Secret-7722" not in text
    for check_mode in (True, False):
        done = run(emulator, items, check_mode=check_mode)
        text = repr(done.result if done.ok else [done.msg, done.details])
        assert secret not in text and "Other-Secret-7722" not in text


# Hostile input, and faults and secrets through ansible-playbook in both execution modes

NOT_AN_ID = st.text(min_size=1, max_size=25).filter(lambda text: not (text.isascii() and text.isdigit()
                                                                      and len(text) <= 19))


@settings(max_examples=25)
@given(st.lists(NOT_AN_ID, min_size=1, max_size=3), st.integers(0, 3))
def test_an_id_that_is_not_a_telnyx_id_in_any_item_fails_before_any_request(emulator, hostile_ids, good):
    emulator.clear_requests()
    items = [{"connection_name": "ok-%d" % number, "user_name": "okuser%d" % number, "password": "Ok-Pass-%d-xx" % number}
             for number in range(good)]
    items += [{"id": hostile} for hostile in hostile_ids]
    for state in ("merged", "deleted"):
        done = run(emulator, items, state=state)
        assert not done.ok and done.msg.startswith("Invalid config: nothing was sent"), done
        for index in range(good, len(items)):
            assert "config[%d]" % index in done.msg and "id: must be a Telnyx id" in done.msg
        assert emulator.requests() == []


@pytest.mark.parametrize("mode", EXECUTION_MODES)
@ECHOES_PASSWORD
def test_a_partial_failure_through_ansible_is_reported_alike_in_both_modes_without_a_secret(tmp_path, emulator, mode):
    emulator.seed([{"connection_name": "mode-%d" % number, "user_name": "modeuser%d" % number,
                    "password": "Mode-Pass-%d-xx" % number, "active": True} for number in range(3)])
    target = [record for record in connections(emulator) if record["connection_name"] == "mode-1"][0]["id"]
    emulator.add_fault("status", method="PATCH", path="/%s$" % target, times=4, status=503)
    items = [{"connection_name": "mode-%d" % number, "password": "Mode-New-%d-xx" % number, "active": False}
             for number in range(3)]
    done = PlaybookRunner(tmp_path, emulator)([
        {"name": "partial", "telnyx.voice.credential_connections": {"config": items}, "ignore_errors": True},
        {"name": "rerun", "telnyx.voice.credential_connections": {"config": items}},
    ], env=execution_env(mode), verbosity=3, diff=True)
    assert done.rc == 0, done.output
    partial = done.task("partial")
    assert "1 of 3" in partial["msg"] and "config[1] (connection_name 'mode-1')" in partial["msg"]
    assert "503" in partial["msg"]
    assert partial["converged_items"] == ["config[0] (connection_name 'mode-0')",
                                          "config[2] (connection_name 'mode-2')"]
    assert [entry["action"] for entry in done.task("rerun")["credential_connections"]] == ["none", "update", "none"]
    for number in range(3):
        for secret in ("Mode-Pass-%d-xx" % number, "Mode-New-%d-xx" % number):
            assert secret not in done.output and secret not in str(done.records)
