# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Money and rates: every plain decimal goes out in one canonical form (issue 22 point 9; the refusals of every
other notation are unit tests in tests/unit/plugins/module_utils/test_fields.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.telnyx.voice.plugins.module_utils._fields import Field, differs

MONEY = Field("decimal", minimum=0)
RATE = Field("number", minimum=0)


@given(st.decimals(min_value=0, max_value=10 ** 9, places=4, allow_nan=False, allow_infinity=False))
def test_any_plain_decimal_goes_out_canonical_and_compares_equal_to_its_other_spellings(number):
    text = format(number, "f")
    for field in (MONEY, RATE):
        errors = []
        wire = field.validate("x", text, errors)
        assert errors == []
        assert not differs(field, wire, text) and not differs(field, wire, format(number.normalize(), "f"))
        assert field.comparable(wire) == field.comparable(float(number)) or field is MONEY
