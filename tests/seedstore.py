"""The seed store, built once per test session (``jobs=1``) for the analysis, explorer and notebook tests."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from kg.paths import project_root

ARTIFACTS = project_root() / "test-artifacts"
SEEDS = project_root() / "seeds"


@functools.lru_cache(maxsize=None)
def seed_store() -> Path:
    """Build the project's seed articles into a private store once; every caller gets the same path."""
    from kg.build import build

    folder = Path(tempfile.mkdtemp(prefix="kg-seed-store-"))
    atexit.register(shutil.rmtree, folder, True)
    report = build(seeds=SEEDS, store_at=folder / "store", jobs=1)
    assert report.ok, report.problems()
    return folder / "store"


@functools.lru_cache(maxsize=None)
def seed_graph():
    """The networkx projection of the seed store (callers must not modify it)."""
    from kg.analysis import load

    return load(seed_store())
