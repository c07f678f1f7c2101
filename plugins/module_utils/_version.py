# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's version, for the User-Agent of every request.

galaxy.yml's ``version`` is the one place to set it: ``make release`` rewrites this file from it, and the unit test
test_collection_version_matches_galaxy_yml fails while the two differ. Modules cannot read galaxy.yml at run time
(it is not shipped to the host that runs them), hence this copy.
"""

from __future__ import annotations

COLLECTION_VERSION = "0.1.0"
