# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: probe
short_description: Test-only module of the telnyx.voice e2e suite
description:
  - Has an option removed in a later version, a deprecated alias and a no_log option; warns; fails on request.
author:
  - telnyx.voice maintainers (@telnyx-voice)
options:
  old:
    description: Removed in 2.0.0.
    type: str
  new:
    description: Has the deprecated alias O(legacy).
    type: str
    aliases: [legacy]
  secret:
    description: A secret.
    type: str
  outcome:
    description: V(fail) fails from inside an exception handler, V(raise) raises out of main().
    type: str
    choices: [ok, fail, raise]
    default: ok
  env:
    description: The name of an environment variable to return the value of.
    type: str
"""

import os

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(
        old=dict(type="str", removed_in_version="2.0.0", removed_from_collection="telnyx_e2e.modes"),
        new=dict(type="str", aliases=["legacy"],
                 deprecated_aliases=[dict(name="legacy", version="2.0.0", collection_name="telnyx_e2e.modes")]),
        secret=dict(type="str", no_log=True),
        outcome=dict(type="str", choices=["ok", "fail", "raise"], default="ok"),
        env=dict(type="str"),
    ), supports_check_mode=True)
    module.warn("the probe warns")
    outcome = module.params["outcome"]
    if outcome == "raise":
        raise RuntimeError("the probe raised")
    if outcome == "fail":
        try:
            int("not a number")
        except ValueError:
            module.fail_json(msg="the probe failed", secret_was=module.params["secret"])
    module.exit_json(changed=not module.check_mode, check_mode=module.check_mode, diff_mode=module._diff,
                     env=os.environ.get(module.params["env"] or "", None), secret_was=module.params["secret"])


if __name__ == "__main__":
    main()
