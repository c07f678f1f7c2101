# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every no_log option of every module, at the top and in the items of a plural module, is masked by its place in
the invocation the module builds itself (masked_params): ansible-core 2.22 no longer masks a module's result, so
that invocation is the only thing between a secret and what ``register:`` keeps."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from ansible_collections.telnyx.voice.plugins import modules
from ansible_collections.telnyx.voice.plugins.module_utils import _module
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import masked_params

MODULES = sorted(info.name for info in pkgutil.iter_modules(modules.__path__))


class Built(Exception):
    """What main() gave new_module: stops main() there."""


def what_main_builds(monkeypatch, name):
    def capture(resource, argument_spec, list_option=None, **kwargs):
        raise Built(resource, argument_spec, list_option)

    monkeypatch.setattr(_module, "new_module", capture)
    with pytest.raises(Built) as built:
        importlib.import_module("%s.%s" % (modules.__name__, name)).main()
    return built.value.args


@pytest.mark.parametrize("name", MODULES)
def test_every_no_log_option_is_masked_by_its_place(monkeypatch, name):
    resource, spec, list_option = what_main_builds(monkeypatch, name)
    params = {option: "secret-%s" % option for option in spec}
    hidden = {option for option, settings in spec.items() if settings.get("no_log")}
    if list_option:
        item_spec = spec[list_option]["options"]
        params[list_option] = [{option: "secret-item-%s" % option for option in item_spec}]
    shown = masked_params(resource, params, list_option, mask="MASKED")
    assert "api_key" in hidden
    assert {option for option in hidden if shown[option] != "MASKED"} == set()
    if list_option:
        item_hidden = {option for option, settings in item_spec.items() if settings.get("no_log")}
        assert {option for option in item_hidden if shown[list_option][0][option] != "MASKED"} == set()
        # An api_key put in an item by mistake is not an option there, and is masked all the same.
        shown = masked_params(resource, dict(params, **{list_option: [{"api_key": "key-in-item"}]}), list_option,
                              mask="MASKED")
        assert shown[list_option] == [{"api_key": "MASKED"}]
