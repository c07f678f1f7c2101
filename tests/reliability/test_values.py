# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Exact values, for every input of their kind (issue 22 points 9 and 11): every plain decimal goes out in one
canonical form and every other text is refused; every codec the contract does not name is refused."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.telnyx.voice.plugins.module_utils._connection import CODECS, INBOUND
from ansible_collections.telnyx.voice.plugins.module_utils._fields import Field, differs

MONEY = Field("decimal", minimum=0)
RATE = Field("number", minimum=0)
CODECS_FIELD = INBOUND["codecs"]


@given(st.decimals(min_value=0, max_value=10 ** 9, places=4, allow_nan=False, allow_infinity=False))
def test_any_plain_decimal_goes_out_canonical_and_compares_equal_to_its_other_spellings(number):
    text = format(number, "f")
    for field in (MONEY, RATE):
        errors = []
        wire = field.validate("x", text, errors)
        assert errors == []
        assert not differs(field, wire, text) and not differs(field, wire, format(number.normalize(), "f"))
        assert field.comparable(wire) == field.comparable(float(number)) or field is MONEY


PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?", re.ASCII)


@given(st.text(min_size=1, max_size=12))
def test_any_text_that_is_not_plain_decimal_notation_is_refused_naming_the_option(text):
    # The kind of issue 22 point 9 (1e3, 1_000, non-ASCII digits, +5 ...): every such text, not the reported ones.
    for field in (MONEY, RATE):
        errors = []
        wire = field.validate("daily_spend_limit", text, errors)
        if PLAIN.fullmatch(text.strip()) and len(Decimal(text.strip()).normalize().as_tuple().digits) <= 15:
            assert errors == [] and wire is not None
        else:
            assert wire is None and errors and errors[0].startswith("daily_spend_limit: must ")


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=4))
def test_any_codec_the_contract_does_not_name_is_refused_naming_the_option(codecs):
    # The kind of issue 22 point 11: any spelling outside the six the contract names, not only g711u.
    errors = []
    CODECS_FIELD.validate("inbound.codecs", codecs, errors)
    named = all(codec in CODECS for codec in codecs) and all(codec.strip() for codec in codecs)
    assert (errors == []) is named
    if not named:
        assert errors[0].startswith("inbound.codecs: ")
