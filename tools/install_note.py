# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rewrite antsibull-docs' install line in generated pages: telnyx.voice is not on Ansible Galaxy.

antsibull-docs writes "To install it, use: ansible-galaxy collection install telnyx.voice" on every plugin page;
that command fails, since the collection is not published. The pages say how to install it instead: from the
tarball built from the repository (the README's Install section).

Usage: tools/install_note.py DIR   (every .rst under DIR, in place; fails if a page still says Galaxy)
"""

import re
import sys
from pathlib import Path

GALAXY = re.compile(r"To install it, use: :code:`ansible\\?-galaxy collection install telnyx\.voice`\.")
NOTE = ("It is not on Ansible Galaxy: build it from its repository and install the tarball, "
        ":code:`ansible-galaxy collection build` then "
        ":code:`ansible-galaxy collection install telnyx-voice-<version>.tar.gz` (the README's Install section says "
        "more).")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    left = []
    for page in sorted(Path(argv[1]).rglob("*.rst")):
        text = page.read_text(encoding="utf-8")
        fixed = GALAXY.sub(NOTE, text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
        if "collection install telnyx.voice" in fixed:
            left.append(str(page))
    if left:
        print("install_note: still told to install from Galaxy: %s" % ", ".join(left), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
