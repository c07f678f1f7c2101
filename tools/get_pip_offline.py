"""Offline stand-in for the get-pip.py script that ansible-test downloads (telnyx-voice offline get-pip shim).

ansible-test bootstraps pip into each virtual environment it creates (sanity venvs, --venv) by running get-pip.py,
which it downloads once from ci-files.testing.ansible.com and caches as ~/.ansible/test/cache/get_pip_<version>.py.
That host is not a package registry and is unreachable from this project's machines and CI, so noxfile.py
(install_get_pip_shim) copies this file to the cache path instead, before each ansible-test session.

Like get-pip.py, it is run with pip's install arguments (for example ``--disable-pip-version-check pip==24.2
--no-setuptools --no-wheel``). It bootstraps pip from the interpreter's bundled wheel with ensurepip, then lets that
pip install the requested packages from the package index configured in pip.conf.
ensurepip runs in a subprocess: run in-process it sets PIP_CONFIG_FILE=/dev/null, which would drop the pip.conf
that holds the proxy's CA certificate.
"""

import subprocess
import sys

SKIPPED_OPTIONS = ('--no-setuptools', '--no-wheel')


def run(command):
    """Run a command quietly; show its output and exit with its status if it fails."""
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        sys.stdout.write(result.stdout.decode('utf-8', 'replace'))
        sys.stderr.write('get-pip shim: command failed with status %d: %s\n' % (result.returncode, ' '.join(command)))
        sys.exit(result.returncode)


def main():
    """Bootstrap pip with ensurepip, then install what get-pip.py would have installed."""
    pip_args = [arg for arg in sys.argv[1:] if arg not in SKIPPED_OPTIONS]
    run([sys.executable, '-m', 'ensurepip', '--default-pip'])
    if pip_args:
        run([sys.executable, '-m', 'pip', 'install', '--quiet'] + pip_args)


if __name__ == '__main__':
    main()
