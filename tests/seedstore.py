"""The seed store, built once per test session (``jobs=1``) for the analysis, explorer and notebook tests."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from kg.paths import project_root

ARTIFACTS = project_root() / "test-artifacts"


def core_seeds() -> Path:
    """The five founding seed articles (those with gold in tests/gold/seeds.yaml), copied alone into
    a temporary folder: the tests' answers stay fixed however many articles seeds/ gathers."""
    import yaml

    all_seeds = project_root() / "seeds"
    core = yaml.safe_load((project_root() / "tests" / "gold" / "seeds.yaml").read_text(encoding="utf-8"))
    folder = Path(tempfile.mkdtemp(prefix="kg-core-seeds-"))
    atexit.register(shutil.rmtree, folder, True)
    for stem in sorted(core):
        for suffix in (".txt", ".meta"):
            if (all_seeds / f"{stem}{suffix}").exists():
                shutil.copy2(all_seeds / f"{stem}{suffix}", folder / f"{stem}{suffix}")
    return folder


SEEDS = core_seeds()


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
