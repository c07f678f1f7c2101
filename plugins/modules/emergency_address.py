#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: emergency_address
short_description: Manage a Telnyx emergency (E911) address
version_added: 0.1.0
description:
  - Create or delete one Telnyx v2 address, the address that emergency services are sent to when a number with
    emergency calling on dials 911 (see O(telnyx.voice.phone_number#module:emergency_address_id)).
  - B(Telnyx cannot change an address once made) (it has no update). When an option you set differs from the address
    Telnyx has, the module B(replaces) it - it creates a new address with your options (the options you left out
    keep their current values) and deletes the old one - and says so in the diff. The new address has a B(new id).
  - An address that phone numbers still use is never deleted nor replaced. The module fails and names the numbers,
    writing nothing. Move them to another address first, for example a new address with another
    O(customer_reference) set on the numbers with M(telnyx.voice.phone_number).
  - The address is found by O(id) or, without it, by its exact O(customer_reference) across every page of the list.
  - Only the options you set are compared. Address texts are compared ignoring case and repeated spaces, so a
    changed spelling does not make a new address.
author:
  - telnyx.voice maintainers (@telnyx-voice)
extends_documentation_fragment:
  - telnyx.voice.connection
  - telnyx.voice.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - telnyx.voice.attributes.inprocess
attributes:
  check_mode:
    support: full
    details:
      - Check mode sends only reads (the address, and the numbers that use it before a delete or a replacement)
        and predicts the create, replacement or delete that a real run would make.
      - Whether Telnyx accepts the address as valid is known only when it is created.
  diff_mode:
    support: full
    details:
      - The diff shows the options you set, before and after. A replacement says so in the diff's headers, naming
        the address that is deleted and the options that force it.
      - A delete shows in one line which address goes, by customer reference and id; the whole address is in
        RV(deleted).
  idempotent:
    support: full
  platform:
    platforms: all
options:
  id:
    description:
      - The id of the address, a string of digits assigned by Telnyx.
      - An address known by O(id) is never replaced, since its replacement would get another id. When an option
        differs, the module fails; name the address by O(customer_reference) instead to have it replaced.
      - An address cannot be created with a given O(id); with O(state=present) an unknown O(id) fails.
      - One of O(id) and O(customer_reference) is required.
    type: str
  customer_reference:
    description:
      - Your own reference of the address, which identifies it. Without O(id), the address is the one whose
        customer reference is exactly this (case matters). If several have it, the module fails, listing their ids,
        and writes nothing.
      - Required to create an address.
    type: str
  state:
    description:
      - V(present) creates the address, or replaces it when it differs; V(absent) deletes it.
      - Neither deletes nor replaces an address that phone numbers still use; the module fails naming them.
    type: str
    choices: [present, absent]
    default: present
  first_name:
    description:
      - The first name of the person at the address. Telnyx's schema requires O(first_name), O(last_name) and
        O(business_name) all three to create an address.
    type: str
  last_name:
    description: The last name of the person at the address. Required to create an address.
    type: str
  business_name:
    description: The business at the address. Required to create an address.
    type: str
  street_address:
    description: The street and number, for example V(600 Congress Avenue). Required to create an address.
    type: str
  extended_address:
    description: More of the street address, such as a floor, suite or apartment, for example V(14th Floor).
    type: str
  locality:
    description: The city (for US addresses). Required to create an address.
    type: str
  administrative_area:
    description: The state (for US addresses), for example V(TX).
    type: str
  postal_code:
    description: The postal code, for example V(78701).
    type: str
  country_code:
    description:
      - The two-letter upper-case ISO 3166-1 alpha-2 country code, for example V(US). Required to create an address.
    type: str
  borough:
    description: The borough; not used for US addresses, used for some international ones.
    type: str
  neighborhood:
    description: The neighborhood; not used for US addresses, used for some international ones.
    type: str
  phone_number:
    description: A phone number of the address, in E.164 form such as V(+12125559000).
    type: str
  address_book:
    description:
      - Whether the address appears among your addresses for regular use. Telnyx makes it V(true) when not given.
    type: bool
  validate_address:
    description:
      - Whether Telnyx validates the address for emergency use when it is created. Telnyx does so when not given.
      - With V(false), an address that is not valid is still made, but emergency calling with it fails
        (C(provisioning-failed)); leave it unset unless the address was validated before.
      - An instruction for the create only; it is never compared, and never alone makes a new address.
    type: bool
notes:
  - Telnyx refuses an address it cannot validate, with its reason (the error's title, detail and pointer).
  - See the guide "make a number ready for voice" (C(docs/number-ready-for-voice.md)) for a connection, its profile,
    a number and its emergency address in one playbook.
  - Telnyx may keep an address in its own spelling. When the address it made differs from the options given in more
    than case and spacing, the module warns; the next run would then replace it, so copy Telnyx's spelling into
    the options.
seealso:
  - module: telnyx.voice.emergency_address_info
  - module: telnyx.voice.phone_number
  - name: Telnyx addresses API
    description: The Telnyx v2 API reference for addresses.
    link: https://developers.telnyx.com/api/addresses/find-addresses
"""

EXAMPLES = r"""
- name: Keep the emergency address of the Austin office
  telnyx.voice.emergency_address:
    customer_reference: austin-office
    first_name: Alfred
    last_name: Foster
    business_name: Example Corp
    street_address: 600 Congress Avenue
    extended_address: 14th Floor
    locality: Austin
    administrative_area: TX
    postal_code: "78701"
    country_code: US
  delegate_to: localhost

- name: Delete an address that no number uses any more
  telnyx.voice.emergency_address:
    customer_reference: old-austin-office
    state: absent
  delegate_to: localhost
"""

RETURN = r"""
emergency_address:
  description:
    - The address after the run, as Telnyx returned it; after a replacement, the new address.
    - In check mode, the prediction; an address to be created has C(id) null.
    - After a delete, or when the address is absent, an empty dict; the deleted address is in RV(deleted).
  returned: always
  type: dict
  sample:
    id: "1293384261075731499"
    record_type: address
    customer_reference: austin-office
    first_name: Alfred
    last_name: Foster
    business_name: Example Corp
    street_address: 600 Congress Avenue
    extended_address: 14th Floor
    locality: Austin
    administrative_area: TX
    postal_code: "78701"
    country_code: US
    address_book: true
    validate_address: true
    created_at: "2026-11-22T09:00:00.000Z"
    updated_at: "2026-11-22T09:00:00.000Z"
deleted:
  description:
    - The address that the run deleted (in check mode, would delete), whole, as Telnyx showed it before - by
      O(state=absent), or as the old address of a replacement.
  returned: when the run deletes or replaces an address
  type: dict
"""

from ansible_collections.telnyx.voice.plugins.module_utils._emergency_address import EMERGENCY_ADDRESS
from ansible_collections.telnyx.voice.plugins.module_utils._module import run_resource_module


def main():
    run_resource_module(EMERGENCY_ADDRESS)


if __name__ == "__main__":
    main()
