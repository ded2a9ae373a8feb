"""Where things live: the project root, ``ontology/``, ``seeds/`` and the default store location.

One place resolves them so the build, the extractor and the command line agree. ``ontology/`` and
``seeds/`` are found relative to the project root (the directory holding ``pyproject.toml`` above
the package); the store lives under the current working directory, like ``git``'s ``.git``.

Environment variables override the defaults: ``KG_STORE`` (the store), ``KG_ONTOLOGY`` (the
ontology folder) and ``KG_SEEDS`` (the articles).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_STORE = Path(".kg") / "store"


def project_root() -> Path:
    """The directory containing ``pyproject.toml`` above the ``kg`` package, else the working directory."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent, *here.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return Path.cwd()


def ontology_dir() -> Path:
    """The ontology folder: ``$KG_ONTOLOGY`` or ``<project root>/ontology``."""
    env = os.environ.get("KG_ONTOLOGY")
    return Path(env) if env else project_root() / "ontology"


def seeds_dir() -> Path:
    """The articles folder: ``$KG_SEEDS`` or ``<project root>/seeds``."""
    env = os.environ.get("KG_SEEDS")
    return Path(env) if env else project_root() / "seeds"


def store_path() -> Path:
    """The store: ``$KG_STORE`` or ``.kg/store`` under the current working directory."""
    env = os.environ.get("KG_STORE")
    return Path(env) if env else Path.cwd() / DEFAULT_STORE


def shown(path: Path | str) -> str:
    """A path as the user should read it: relative to the working directory when it is below it.

    >>> shown(Path.cwd() / "seeds" / "a.txt") == str(Path("seeds") / "a.txt")
    True
    """
    absolute = os.path.abspath(path)  # not resolve(): a store is a symlink and must be shown as one
    relative = os.path.relpath(absolute, os.getcwd())
    return str(path) if relative.startswith("..") else relative
