"""Helpers shared by the store, build, export and validation tests (no network, no ../shared)."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.store import open_store

from seedstore import SEEDS  # noqa: E402  (the five core seeds; see seedstore.core_seeds)


@functools.lru_cache(maxsize=None)
def shared_cache() -> Path:
    """An extraction cache for the whole test session, starting from a copy of the cache of the
    session's seed store (``cache/`` beside it), so each seed article is extracted once.

    Tests that count extracted articles build with a fresh cache (the default) instead.
    """
    from seedstore import seed_store

    folder = Path(tempfile.mkdtemp(prefix="kg-extraction-cache-"))
    atexit.register(shutil.rmtree, folder, True)
    shutil.copytree(seed_store().parent / "cache", folder, dirs_exist_ok=True)
    return folder


def copy_seeds(target: Path) -> Path:
    """A private copy of the project's seed articles and sidecars (tests may edit it)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(SEEDS.iterdir()):
        if path.suffix in (".txt", ".meta"):
            shutil.copy2(path, target / path.name)
    return target


def seed_ids() -> list[str]:
    return sorted(p.stem for p in SEEDS.glob("*.txt"))


def quads(store_path: Path) -> set[str]:
    """Every quad of the published store, as N-Quads text."""
    return {str(q) for q in open_store(store_path)}


def graph_quads(store_path: Path, graph: str) -> set[str]:
    st = open_store(store_path)
    return {str(q.triple) for q in st.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def graphs(store_path: Path) -> set[str]:
    return {g.value for g in open_store(store_path).named_graphs()}


def value(store_path: Path, subject: str, predicate: str) -> str | None:
    """The one value of ``subject predicate ?o`` in any graph (``None`` if absent)."""
    st = open_store(store_path)
    found = [q.object.value for q in st.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)]
    assert len(found) <= 1, found
    return found[0] if found else None


def write_article(folder: Path, name: str, text: str | bytes, sidecar: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    if sidecar is not None:
        (folder / f"{name}.meta").write_text(sidecar, encoding="utf-8")
    return path


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
