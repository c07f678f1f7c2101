"""Place tools/get_pip_offline.py where ansible-test looks for its cached get-pip.py.

ansible-test (any --local, --venv or sanity run) needs ~/.ansible/test/cache/get_pip_<X_Y>.py, where <X.Y> is the pip
version it pins; it would otherwise download it from a host this project cannot reach. The pip versions are read from
the ansible-test that is installed with the running interpreter, so the shim follows ansible-core upgrades.
A real get-pip.py already in the cache (one without our marker) is left alone.
"""

import importlib.util
import os
import re
import shutil
import sys

MARKER = 'telnyx-voice offline get-pip shim'
SHIM = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'get_pip_offline.py')


def pins_in(sources):
    """The pip versions pinned in the given ansible_test/_internal/python_requirements.py files."""
    versions = set()
    for source in sources:
        with open(source, encoding='utf-8') as handle:
            versions.update(re.findall(r"""pip\s*=\s*['"]([0-9][0-9.]*)['"]""", handle.read()))
    return sorted(versions)


def pinned_pip_versions():
    """Return the pip versions that the ansible-test installed with the running interpreter bootstraps."""
    spec = importlib.util.find_spec('ansible_test')
    if spec is None or not spec.submodule_search_locations:
        sys.exit('install_get_pip_shim: ansible_test is not importable; run it with the venv that has ansible-core')
    return pins_in([os.path.join(list(spec.submodule_search_locations)[0], '_internal', 'python_requirements.py')])


def install(versions):
    """Install the shim under the cache name of each pip version that ansible-test may ask for."""
    if not versions:
        sys.exit('install_get_pip_shim: found no pinned pip version; ansible-test changed, update this script')
    cache_dir = os.path.expanduser('~/.ansible/test/cache')
    os.makedirs(cache_dir, exist_ok=True)
    with open(SHIM, encoding='utf-8') as handle:
        shim = handle.read()
    for version in versions:
        target = os.path.join(cache_dir, 'get_pip_%s.py' % version.replace('.', '_'))
        if os.path.exists(target):
            with open(target, encoding='utf-8', errors='replace') as handle:
                current = handle.read()
            if MARKER not in current or current == shim:
                continue  # a genuine get-pip.py, or our shim, up to date
        # Atomically: make test runs ansible-test sessions side by side, and one may read the file meanwhile.
        staged = '%s.%d' % (target, os.getpid())
        shutil.copyfile(SHIM, staged)
        os.replace(staged, target)
        print('install_get_pip_shim: installed %s' % target)


if __name__ == '__main__':
    install(pinned_pip_versions())
