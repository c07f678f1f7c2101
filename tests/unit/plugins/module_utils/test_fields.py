# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Field kinds and attributes of the core that the trunk resources brought: decimals, normalisation."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.voice.plugins.module_utils._fields import Field, differs, full_match

MONEY = Field("decimal", minimum=0)
RATE = Field("number", minimum=0)


@pytest.mark.parametrize("want, have", [("100", "100.00"), (100, "100.0"), ("0.50", "0.5"), (100.0, "100")])
def test_one_amount_in_several_spellings_is_no_change(want, have):
    errors = []
    wire = MONEY.validate("daily_spend_limit", want, errors)
    assert errors == [] and isinstance(wire, str)
    assert not differs(MONEY, wire, have)


def test_a_different_amount_differs_and_a_rate_goes_out_as_a_number():
    assert differs(MONEY, "100", "100.01")
    errors = []
    assert RATE.validate("max_destination_rate", "10", errors) == 10
    assert RATE.validate("max_destination_rate", "0.25", errors) == 0.25
    assert errors == []


@pytest.mark.parametrize("value", [True, "ten", "nan", "inf", "", [1], "-1"])
def test_a_value_that_is_not_a_non_negative_number_is_refused_naming_the_option(value):
    errors = []
    MONEY.validate("daily_spend_limit", value, errors)
    assert errors and errors[0].startswith("daily_spend_limit: ")


def test_normalize_makes_spellings_compare_equal_and_list_items_too():
    field = Field("str", normalize=str.upper)
    assert not differs(field, "us", "US")
    listed = Field("set", normalize=str.upper)
    assert not differs(listed, ["us", "ca"], ["CA", "US"])
    assert differs(listed, ["us"], ["CA"])


def test_full_match_names_the_rule_and_allows_blank_only_when_asked():
    check = full_match(r"[0-9]+", "digits")
    assert check("123") is None
    assert check("12a") == "must be digits, got '12a'"
    assert check("") is not None
    assert full_match(r"[0-9]+", "digits", blank_allowed=True)("") is None


def test_the_diff_shows_an_amount_kept_as_a_string_as_a_string_and_a_rate_as_a_number():
    assert MONEY.comparable("100.00") == "100"
    assert RATE.comparable("0.250") == 0.25 and RATE.comparable(10.0) == 10


# Issue 22 point 9: one canonical decimal form, the rest refused naming the option.

@pytest.mark.parametrize("value", ["1e3", "1_000", "\u0661\u0660\u0660", "+5", "-5", "1e400", "1e-400", "0x10",
                                   " 1 0", "1.", ".5", float("inf"), float("nan"), "12345678901234567"])
@pytest.mark.parametrize("field", [MONEY, RATE], ids=["decimal", "number"])
def test_a_number_not_in_plain_decimal_notation_is_refused_naming_the_option(field, value):
    errors = []
    assert field.validate("daily_spend_limit", value, errors) is None
    assert len(errors) == 1 and errors[0].startswith("daily_spend_limit: must ")


@pytest.mark.parametrize("value", [-0.0, "-0", "0"])
def test_minus_zero_is_zero_and_no_change_against_a_stored_zero(value):
    errors = []
    wire = MONEY.validate("daily_spend_limit", value, errors) if value != "-0" else "0"
    assert errors == [] and not differs(MONEY, wire, "0.00") and not differs(RATE, -0.0, 0)
