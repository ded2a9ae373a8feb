"""The embedded Oxigraph store on disk: generations, the published link, the build lock and meta.

Layout, for the default store ``.kg/store`` (``--store PATH`` or ``$KG_STORE`` to choose)::

    .kg/store            -> store.g000003    symlink to the published generation
    .kg/store.g000003/   oxigraph/ (the RocksDB files) + meta.json (what was built)
    .kg/store.g000002/   the previous generation, kept for readers that still have it open
    .kg/store.lock       held (flock) by the running build; holds its pid
    .kg/cache/           per-article extraction cache (see kg.build)

A published generation is never written again. A build writes a new generation -- a copy of the
current one (``Store.backup``: hard links, cheap) with only the changed named graphs replaced, or a
fresh one for a full build -- checks every graph against the digests in its meta record, and then
publishes it by replacing the symlink atomically (``os.replace``). So readers only ever see a
complete store, and a build that fails or is killed leaves the previous one in place; the next
build removes its half-written directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg import iris
from kg.errors import UserError
from kg.graphs import digest
from kg.paths import shown

FORMAT = 1
META_FILE = "meta.json"
CHECK_SAMPLE = 200  # article graphs a fresh generation reads back and digests (see Generation.check)
DATA_DIR = "oxigraph"


class StoreError(UserError):
    """A problem with the store the user can act on; the message says what to do."""


class StoreBusy(StoreError):
    """Another build holds the lock."""


def _generations(path: Path) -> dict[int, Path]:
    pattern = re.compile(re.escape(path.name) + r"\.g(\d{6})$")
    found = {}
    if path.parent.is_dir():
        for child in path.parent.iterdir():
            m = pattern.match(child.name)
            if m and child.is_dir() and not child.is_symlink():
                found[int(m.group(1))] = child
    return found


def current(path: Path) -> Path | None:
    """The published generation directory of the store at ``path``, or None if nothing is built yet."""
    path = Path(path)
    if path.is_symlink():
        target = path.parent / os.readlink(path)
        return target if (target / DATA_DIR).is_dir() else None
    if path.exists():
        raise StoreError(
            f"{shown(path)} exists but is not a store made by `kg build` (that is a symlink to a "
            "generation directory); move it away or choose another --store"
        )
    return None


def read_meta(path: Path) -> dict | None:
    """The meta record of the published generation, or None (no store, or an unreadable record)."""
    gen = current(path)
    if gen is None:
        return None
    try:
        return json.loads((gen / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def open_store(path: Path | str | None = None) -> ox.Store:
    """Open the published store read-only (for queries, exports, statistics, validation)."""
    from kg.paths import store_path

    path = Path(path) if path is not None else store_path()
    gen = current(path)
    if gen is None:
        raise StoreError(f"no store at {shown(path)}; run `kg build` first (or pass --store PATH)")
    try:
        return ox.Store.read_only(str(gen / DATA_DIR))
    except OSError as e:
        raise StoreError(f"cannot open the store at {shown(path)}: {e}") from None


@contextlib.contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold the store's build lock; raise ``StoreBusy`` at once if another build holds it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise StoreBusy(
                f"another build is running (pid {pid}) on {shown(path)}; try again when it ends"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_stale(path: Path) -> None:
    """Remove generations left by interrupted builds and all but the newest older one (call under the lock)."""
    gens = _generations(path)
    live = current(path)
    live_n = next((n for n, d in gens.items() if live is not None and d.resolve() == live.resolve()), None)
    keep = {live_n} if live_n is not None else set()
    older = sorted(n for n in gens if live_n is not None and n < live_n)
    if older:
        keep.add(older[-1])
    for n, d in gens.items():
        if n not in keep:
            shutil.rmtree(d, ignore_errors=True)
    # The temporary link of a build killed between making it and moving it over the store, and
    # the N-Quads spool of a build killed while rendering.
    prefix = f".{path.name}."
    if path.parent.is_dir():
        for child in path.parent.iterdir():
            if child.name.startswith(prefix) and (
                    (child.name.endswith(".link") and child.is_symlink())
                    or (child.name.endswith(".nq") and child.is_file() and not child.is_symlink())):
                child.unlink(missing_ok=True)


class Generation:
    """A new generation of the store, private to one build until ``publish``.

    ``base`` is the generation to start from (its graphs are copied), or None for an empty store.
    """

    def __init__(self, path: Path, base: Path | None = None):
        self.path = Path(path)
        gens = _generations(self.path)
        self.number = max(gens, default=0) + 1
        self.dir = self.path.parent / f"{self.path.name}.g{self.number:06d}"
        self.dir.mkdir(parents=True)
        data = self.dir / DATA_DIR
        if base is not None:
            source = ox.Store.read_only(str(base / DATA_DIR))
            source.backup(str(data))
            del source
        self.store: ox.Store | None = ox.Store(str(data))

    @property
    def name(self) -> str:
        return self.dir.name

    def load_file(self, nquads: Path) -> None:
        """Add the quads of an N-Quads file (graphs streamed to disk by the build)."""
        if nquads.stat().st_size:
            self.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)

    def drop_graph(self, graph: str) -> None:
        self.store.update(f"DROP SILENT GRAPH <{graph}>")

    def check(self, graphs: dict[str, dict], written: Iterable[str] | None = None,
              removed: Iterable[str] = ()) -> None:
        """Raise ``StoreError`` unless the store holds exactly the graphs of ``graphs``, and those
        in ``written`` have their digests (the others were copied from a checked generation);
        ``written=None`` is a fresh generation: all triples counted, a sample digested."""
        if written is not None:
            # An update of a checked generation: only what it wrote and dropped can be wrong
            # (listing the names of 100,000 graphs takes longer than the rest of the update).
            written = list(written)
            for g in list(removed) + written:
                has = next(self.store.quads_for_pattern(None, None, None, ox.NamedNode(g)), None) is not None
                if has != (g in graphs):
                    raise StoreError(f"graph <{g}> is {'still' if has else 'not'} in the new store; "
                                     "the previous store is kept")
            self._digests(graphs, written)
            return
        present = {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}
        expected = set(graphs)
        # Builds drop whole graphs (a dropped graph loses its name) and never remove quads one by
        # one, so a named expected graph holds quads (written ones are checked by digest below);
        # only the names that should not be there need a look, not 100,000 probes.
        nonempty = (present & expected) | {g for g in present - expected
                                           if next(self.store.quads_for_pattern(None, None, None, ox.NamedNode(g)), None)}
        if nonempty != expected:
            extra, missing = sorted(nonempty - set(graphs)), sorted(set(graphs) - nonempty)
            raise StoreError(f"the new store has the wrong graphs (extra {extra}, missing {missing}); "
                             "the previous store is kept")
        if next(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None:
            raise StoreError("the new store has triples in the default graph; the previous store is kept")
        # A fresh generation: every quad came from the build. The total count says none was
        # lost; digests of the vocabulary graphs and of a fixed sample of the others say the
        # store keeps every kind of term as the build rendered it (reading all 100,000 graphs
        # back would cost as much as writing them).
        total = sum(info["triples"] for info in graphs.values())
        if len(self.store) != total:
            raise StoreError(f"the new store holds {len(self.store):,} triples, {total:,} were built; "
                             "the previous store is kept")
        sample = sorted(graphs, key=lambda g: (graphs[g]["digest"], g))[:CHECK_SAMPLE]
        self._digests(graphs, sample + [g for g in graphs if not g.startswith(iris.GRAPH + "article/")])

    def _digests(self, graphs: dict[str, dict], names: Iterable[str]) -> None:
        for g in sorted(set(names)):
            info = graphs[g]
            got = digest(q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
            if got != info["digest"]:
                raise StoreError(f"graph <{g}> in the new store differs from what was built; "
                                 "the previous store is kept")

    def publish(self, meta: dict, written: Iterable[str] | None = None, removed: Iterable[str] = ()) -> None:
        """Check the generation against ``meta`` (see ``check``), record it and switch the store to it atomically."""
        self.check(meta["graphs"], written, removed)
        # one line: with ``indent`` json falls back to its pure-Python encoder, seconds for 100,000 graphs
        (self.dir / META_FILE).write_text(json.dumps(meta, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                                          + "\n", encoding="utf-8")
        self._close()
        _fsync_dir(self.dir)
        link_tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.link")
        with contextlib.suppress(FileNotFoundError):
            link_tmp.unlink()
        os.symlink(self.dir.name, link_tmp)
        os.replace(link_tmp, self.path)
        _fsync_dir(self.path.parent)

    def discard(self) -> None:
        """Throw the unpublished generation away."""
        self._close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _close(self) -> None:
        if self.store is not None:
            self.store.flush()
            self.store = None
            gc.collect()  # pyoxigraph closes RocksDB when the Store object is freed


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
