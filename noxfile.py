# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""nox sessions of telnyx.voice: antsibull-nox's standard checks (antsibull-nox.toml) plus ansible-test.

Run through make (`make docs-check`, `extra-checks`, `importer`, `sanity`, `ansible-units`), which installs the
pinned nox and antsibull-nox (tools/requirements-tools.txt). Two things here are specific to this project's
machines, which reach no network but the package registries and have no container engine:

* ansible-test runs with --local, not --docker, on the Python interpreters of pyenv, which are put on PATH as
  pythonX.Y (pyenv's shims would fail inside ansible-test, which strips PYENV_VERSION from the environment);
* ansible-test downloads get-pip.py from ci-files.testing.ansible.com for every venv it makes; that host is not
  reachable, so tools/get_pip_offline.py is placed in ansible-test's cache under the name it looks for.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sys
import zlib
from pathlib import Path


try:
    import antsibull_nox
    import nox
except ImportError:
    raise SystemExit("antsibull-nox is missing: run nox through make (make sanity, ...), which installs it")

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))
from install_get_pip_shim import install, pins_in  # noqa: E402  pylint: disable=wrong-import-position
# Target Pythons of the modules: tests/config.yml says >=3.8; ansible-core 2.19 targets 3.8 to 3.14.
TARGET_PYTHONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]
ANSIBLE_CORE = "2.19"
PYTHONS_DIR = ROOT / ".nox" / "pythons"
DOCSITE_DIR = ROOT / "build" / "docsite"


def expose_pyenv_pythons() -> None:
    """Link each target Python's real interpreter as .nox/pythons/pythonX.Y and put that directory first on PATH.

    A version pyenv does not have gets no link; ansible-test then says which Python it could not find.
    make test runs nox sessions side by side (ansible-test sanity beside the importer): a link is only replaced when
    it points elsewhere, and then atomically, so that no session ever sees it missing.
    """
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    PYTHONS_DIR.mkdir(parents=True, exist_ok=True)
    for version in TARGET_PYTHONS:
        link = PYTHONS_DIR / f"python{version}"
        found = glob.glob(str(pyenv_root / "versions" / f"{version}.*" / "bin" / f"python{version}"))
        if not found:
            link.unlink(missing_ok=True)
            continue
        target = max(found, key=lambda path: [int(part) for part in re.findall(r"\d+", path)])  # newest patch
        if link.is_symlink() and os.readlink(link) == target:
            continue
        staged = PYTHONS_DIR / f".python{version}.{os.getpid()}"
        staged.unlink(missing_ok=True)
        staged.symlink_to(target)
        os.replace(staged, link)
    os.environ["PATH"] = f"{PYTHONS_DIR}{os.pathsep}{os.environ['PATH']}"


def install_get_pip_shim() -> None:
    """Place tools/get_pip_offline.py where the ansible-test of any nox venv looks for get-pip.py."""
    install(pins_in(glob.glob(str(ROOT / ".nox" / "*" / "lib" / "python*" / "site-packages" / "ansible_test"
                                  / "_internal" / "python_requirements.py"))))


def prepare_sanity() -> None:
    """Fail unless every target Python is there (ansible-test would skip a missing one silently), then add the shim."""
    missing = [version for version in TARGET_PYTHONS if not (PYTHONS_DIR / f"python{version}").exists()]
    if missing:
        raise SystemExit(f"noxfile: no pyenv Python {', '.join(missing)}; sanity must compile and import on every "
                         f"target Python of tests/config.yml (install it: pyenv install {missing[0]})")
    install_get_pip_shim()


def drop_ansible_test_scratch() -> None:
    """Remove tests/output/.tmp (ansible-test's scratch, delegation venvs included) from the tested copy.

    antsibull-nox 1.10.0 copies the copy's tests/output back into the checkout walking bottom-up, and fails with
    FileNotFoundError on any directory nested two levels deep; the reports (junit, bot) stay one level deep.
    """
    shutil.rmtree(Path.cwd() / "tests" / "output" / ".tmp", ignore_errors=True)


expose_pyenv_pythons()
antsibull_nox.load_antsibull_nox_toml()

antsibull_nox.add_ansible_test_session(
    name="ansible-test-sanity",
    description=f"ansible-test sanity (ansible-core {ANSIBLE_CORE}), compile and import on Python "
    + ", ".join(TARGET_PYTHONS),
    ansible_test_params=["sanity", "--local", "-v", "--color", "--requirements"],
    default=False,
    ansible_core_version=ANSIBLE_CORE,
    ansible_core_source="pypi",
    callback_before=prepare_sanity,
    callback_after=drop_ansible_test_scratch,
)

antsibull_nox.add_ansible_test_session(
    name="ansible-test-units",
    # --venv, not --local: nox's uv venvs have no pip, which --local --requirements needs.
    description=f"ansible-test units (ansible-core {ANSIBLE_CORE}) in a venv made from tests/unit/requirements.txt",
    ansible_test_params=["units", "--venv", "--python", TARGET_PYTHONS[-1], "-v", "--color"],
    default=False,
    ansible_core_version=ANSIBLE_CORE,
    ansible_core_source="pypi",
    callback_before=install_get_pip_shim,
    callback_after=drop_ansible_test_scratch,
)


def publish_guide(guide: Path, dest: Path, label: str, repository: str, published: set[str]) -> None:
    """Write the Markdown guide to dest with its docsite label; point links to files that are no page to GitHub.

    published: the names of the guides on the docsite (docs/<name>.md), whose links MyST turns into page links.
    """
    def relink(match: re.Match) -> str:
        target, anchor = match.group(2), match.group(3) or ""
        if target.endswith(".md") and "/" not in target and target[:-3] in published:
            return match.group(0)
        if target.endswith((".png", ".svg")):
            shutil.copyfile(guide.parent / target, dest.parent / Path(target).name)
            return f"{match.group(1)}{Path(target).name}{anchor})"
        path = os.path.normpath(os.path.join(guide.parent.relative_to(ROOT), target))
        return f"{match.group(1)}{repository}/blob/main/{path}{anchor})"

    text = re.sub(r"(\]\()(?![a-z]+:|#)([^)#\s]+)(#[^)\s]*)?\)", relink, guide.read_text(encoding="utf-8"))
    dest.write_text(f"({label})=\n\n{text}", encoding="utf-8")


# The labels of the Ansible docs that antsibull-docs' pages refer to, with their pages on docs.ansible.com. The build
# has no network to download Ansible's intersphinx inventory, so this small one stands in for it (conf.py reads it).
ANSIBLE_DOCS_LABELS = {
    "action_plugins": ("plugins/action.html#action-plugins", "Action plugins"),
    "common_return_values": ("reference_appendices/common_return_values.html#common-return-values",
                             "Return Values"),
    "ansible_configuration_settings": ("reference_appendices/config.html#ansible-configuration-settings",
                                       "Ansible Configuration Settings"),
}


def write_ansible_inventory(path: Path) -> None:
    """Write ANSIBLE_DOCS_LABELS as a Sphinx inventory (objects.inv format, version 2)."""
    entries = "".join(f"{label} std:label -1 {uri} {title}\n" for label, (uri, title) in ANSIBLE_DOCS_LABELS.items())
    header = "# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
    header += "# The remainder of this file is compressed using zlib.\n"
    path.write_bytes(header.encode() + zlib.compress(entries.encode()))


@nox.session(name="docsite", default=False)
def docsite(session: nox.Session) -> None:
    """HTML docsite in build/docsite/: antsibull-docs RST of the modules plus the guides in docs/*.md, by Sphinx."""
    session.install("-r", str(ROOT / "tools" / "requirements-docsite.txt"))
    rst = Path(session.create_tmp()) / "rst"
    shutil.rmtree(rst, ignore_errors=True)
    rst.mkdir(mode=0o700)  # antsibull-docs refuses a destination that others can write
    session.run("antsibull-docs", "collection", "--use-current", "--squash-hierarchy", "--fail-on-error",
                "--cleanup", "everything", "--dest-dir", str(rst), "telnyx.voice",
                env={"ANSIBLE_COLLECTIONS_PATH": str(ROOT / ".collections")})
    # The collection is not on Galaxy: the pages say how to install it from the tarball instead.
    session.run("python", str(ROOT / "tools" / "install_note.py"), str(rst))
    repository = re.search(r"^repository:\s*(\S+)", (ROOT / "galaxy.yml").read_text(), re.MULTILINE).group(1)
    stand_ins = (ROOT / "docs" / "docsite" / "rst").glob("*.rst")
    published = {page.stem for page in stand_ins if (ROOT / "docs" / f"{page.stem}.md").is_file()}
    for name in sorted(published):
        (rst / "docsite" / f"{name}.rst").unlink()
        publish_guide(ROOT / "docs" / f"{name}.md", rst / "docsite" / f"{name}.md",
                      f"ansible_collections.telnyx.voice.docsite.{name}", repository, published)
    write_ansible_inventory(rst / "ansible_devel.inv")
    shutil.rmtree(DOCSITE_DIR, ignore_errors=True)
    session.run("sphinx-build", "-W", "--keep-going", "-n", "-q", "-b", "html", "-c", str(ROOT / "docs" / "docsite"),
                str(rst), str(DOCSITE_DIR))
    # antsibull-docs' simplified-rst template writes <b">Choices:</b>; this HTML comes from another template, and
    # this check keeps it that way.
    broken = [str(page) for page in DOCSITE_DIR.rglob("*.html") if '<b">' in page.read_text(encoding="utf-8")]
    if broken:
        session.error("malformed <b\"> markup in " + ", ".join(broken))
    session.log(f"docsite: open {DOCSITE_DIR / 'index.html'}")
