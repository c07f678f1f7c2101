# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Module arguments for unit tests: ``patch_module_args`` on every supported ansible-core (core's own from 2.19,
the older way before), and ``validated_params``, parameters exactly as AnsibleModule hands them to a module."""

from __future__ import annotations

import contextlib
import json

from ansible.module_utils import basic
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19
    @contextlib.contextmanager
    def patch_module_args(args):
        from ansible.module_utils.common.text.converters import to_bytes
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


def validated_params(argument_spec, module_kwargs=None, **args):
    """``args`` validated against ``argument_spec`` (and the AnsibleModule kwargs the validator takes)."""
    kwargs = dict(module_kwargs or {})
    kwargs.pop("supports_check_mode", None)
    result = ArgumentSpecValidator(argument_spec, **kwargs).validate(args)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


__all__ = ["patch_module_args", "validated_params"]
