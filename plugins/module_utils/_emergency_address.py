# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""Telnyx v2 emergency addresses (``/addresses``) as a field table and the hooks for their quirks.

The table follows the CreateAddress request schema (``AddressCreate``) with its wire names. An address cannot be
changed once made (``/addresses/{id}`` has GET and DELETE, no PATCH): the resource is ``immutable``, so a changed
address is a new one, created, and the old one deleted, which is refused while numbers still name it (``in_use``).
It is found by the user's ``customer_reference``, exactly (``filter[customer_reference][eq]``), or by id.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._fields import E164, Field, full_match, not_blank
from ansible_collections.telnyx.voice.plugins.module_utils._info import Inventory, ListFilter, contains_casefold
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceType


def _spelling(value):
    """One spelling of an address text: its words single-spaced, case folded. Telnyx keeps what it is given, but a
    changed case or spacing is not worth a new address (and a replacement is refused while numbers use it)."""
    return " ".join(value.split()).casefold() if isinstance(value, str) else value


def _text(required=False):
    return Field("str", normalize=_spelling, check=not_blank if required else ())


class EmergencyAddress(ResourceType):
    label = "emergency address"
    path = "/addresses"
    result_key = "emergency_address"
    plural_key = "emergency_addresses"
    name_field = "customer_reference"
    # Exact match on Telnyx's side; the exact, case-sensitive match is then made here (name_matches).
    name_filter = "filter[customer_reference][eq]"
    name_filter_min_length = 1
    # The name identifies the address when no id is given: without it a rerun could not find what it made.
    # CreateAddress requires first_name, last_name AND business_name (the reference README: the schema wins).
    required_on_create = ("customer_reference", "first_name", "last_name", "business_name", "street_address",
                          "locality", "country_code")
    immutable = True
    # An instruction for the create (validate the address first), not a property: never compared nor carried.
    create_only = ("validate_address",)

    fields = dict(
        customer_reference=Field("str", check=not_blank),
        first_name=_text(required=True),
        last_name=_text(required=True),
        business_name=_text(required=True),
        street_address=_text(required=True),
        extended_address=_text(),
        locality=_text(required=True),
        administrative_area=_text(),
        postal_code=_text(),
        country_code=Field("str", check=full_match(r"[A-Z]{2}",
                                                   "a two-letter upper-case ISO 3166-1 alpha-2 code such as US")),
        borough=_text(),
        neighborhood=_text(),
        phone_number=Field("str", check=E164),
        address_book=Field("bool", default=True),
        validate_address=Field("bool", default=True),
    )

    def same_object(self, item, desired):
        """A listed address is the one a lost create made when every field sent matches: the address it replaces
        shares the customer_reference, and differs."""
        return all(_spelling(item.get(name)) == _spelling(value) for name, value in desired.items()
                   if name not in self.create_only)

    def in_use(self, client, obj):
        """The numbers that name the address as their emergency address (one filtered list of numbers)."""
        numbers = client.list("/phone_numbers", {"filter[emergency_address_id]": obj.get("id")})
        return ["phone number %s" % number.get("phone_number") for number in numbers]


EMERGENCY_ADDRESS = EmergencyAddress()

EMERGENCY_ADDRESS_INVENTORY = Inventory(
    EMERGENCY_ADDRESS,
    result_key="emergency_addresses",
    filters=dict(
        customer_reference_contains=ListFilter("filter[customer_reference][contains]",
                                               matches=contains_casefold("customer_reference")),
        street_address_contains=ListFilter("filter[street_address][contains]", min_length=3,
                                           matches=contains_casefold("street_address")),
        # Used by at least one active number: only Telnyx knows, so a lookup by id reads the filtered list.
        used_as_emergency=ListFilter("filter[used_as_emergency]", kind="bool"),
        address_book=ListFilter("filter[address_book][eq]", kind="bool",
                                matches=lambda item, value: item.get("address_book") is value),
    ),
)
