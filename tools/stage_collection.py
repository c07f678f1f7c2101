"""Copy the collection into a fresh <dest>/ansible_collections/<namespace>/<name> tree and print that path.

ansible-test only works on a collection that sits at .../ansible_collections/<namespace>/<name>, and it tests every
file it finds there. The copy holds exactly what git would commit: tracked files plus untracked files that are not
ignored (``git ls-files -co --exclude-standard``), so venvs, build output and caches never reach the tests.
Symbolic links are copied as links. The destination collection directory must not exist yet.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def galaxy_field(name):
    """Read a top-level scalar (namespace, name) from galaxy.yml without needing PyYAML."""
    with open(os.path.join(ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        match = re.search(r'^%s:\s*["\']?([A-Za-z0-9_]+)' % name, handle.read(), re.MULTILINE)
    if not match:
        sys.exit('stage_collection: no %s in galaxy.yml' % name)
    return match.group(1)


def collection_files():
    """List the files git would commit, relative to the collection root."""
    output = subprocess.run(['git', 'ls-files', '-z', '-co', '--exclude-standard'], cwd=ROOT, check=True,
                            stdout=subprocess.PIPE).stdout
    paths = sorted(set(path for path in output.decode('utf-8').split('\0') if path))
    # tracked files deleted in the work tree are still listed by git: skip them
    return [path for path in paths if os.path.lexists(os.path.join(ROOT, path))]


def main():
    """Build the staged tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('dest', help='directory that will hold ansible_collections/')
    args = parser.parse_args()

    target = os.path.join(os.path.abspath(args.dest), 'ansible_collections', galaxy_field('namespace'), galaxy_field('name'))
    if os.path.lexists(target):
        sys.exit('stage_collection: %s already exists; stage into a new directory' % target)
    os.makedirs(target)
    for path in collection_files():
        source = os.path.join(ROOT, path)
        destination = os.path.join(target, path)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        if os.path.islink(source):
            os.symlink(os.readlink(source), destination)
        else:
            shutil.copy2(source, destination)
    print(target)


if __name__ == '__main__':
    main()
