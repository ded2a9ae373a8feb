"""Crash safety: a build killed with SIGKILL at any point leaves the previous store whole, and the next build completes.

Each test starts from a published store of the seed articles, changes the seeds so that a build has
every kind of work to do (one article edited, so it is extracted again; one removed, so its graph is
dropped; one added), and runs the build in a child process that SIGKILLs itself at a named point:
while extracting, while writing the cache, after copying the new generation, while replacing and
dropping graphs, inside RocksDB's bulk load, before the check, after the meta record, with the new
link made but not moved, after publishing, and while removing old generations. Other children are
killed by the test after a (seeded) random delay. After every kill the store must answer with
exactly the export it had (or, once the link has moved, exactly the new one), the lock must be free,
and the next ordinary build must produce the same export as a clean build of the new seeds, leaving
no half-written generation, temporary link or cache file behind.

``test_build.py`` has the single kill before ``publish`` and the lock held by another process; here
two real ``kg build`` processes race for the same store.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg import store
from kg.build import build
from kg.export import export
from storeutil import copy_seeds, seed_ids, shared_cache

CHILD = textwrap.dedent(r'''
    import os, signal, sys
    import pyoxigraph as ox
    import shutil
    from kg import build, store

    point, seeds, store_at, cache, full = sys.argv[1:6]

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def after(owner, name, nth=1):
        original, calls = getattr(owner, name), [0]
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            calls[0] += 1
            if calls[0] == nth:
                die()
            return result
        setattr(owner, name, wrapper)

    def before(owner, name, nth=1):
        original, calls = getattr(owner, name), [0]
        def wrapper(*args, **kwargs):
            calls[0] += 1
            if calls[0] == nth:
                die()
            return original(*args, **kwargs)
        setattr(owner, name, wrapper)

    real_replace = os.replace
    def replace(src, dst, **kw):
        if point == "cache-write" and str(src).endswith(".tmp"):
            die()  # the extraction's JSON is written to <id>.<key>.<pid>.tmp, not yet moved into place
        if point == "link-made" and os.path.abspath(dst) == os.path.abspath(store_at):
            die()  # the new link exists beside the store, the store still points at the old generation
        result = real_replace(src, dst, **kw)
        if point == "published" and os.path.abspath(dst) == os.path.abspath(store_at):
            die()  # the store points at the new generation; nothing after that has run
        return result
    os.replace = replace

    if point == "extracting":
        after(build, "_extract_job")
    elif point == "new-generation":
        after(store.Generation, "__init__")
    elif point == "rendering":  # half-way through writing the spool of rendered graphs
        after(build, "_render_job", nth=2)
    elif point == "replacing-graphs":
        after(store.Generation, "load_file")
    elif point == "dropping-graph":
        after(store.Generation, "drop_graph")
    elif point == "checking":
        before(store.Generation, "check")
    elif point == "meta-written":
        before(store, "_fsync_dir")  # publish: meta.json written and the store closed, link not yet made
    elif point == "bulk-loading":  # a full build, killed inside RocksDB's bulk load
        def dying_load(self, nquads):
            lines = nquads.read_text(encoding="utf-8").splitlines(keepends=True)
            self.store.bulk_load("".join(lines[: len(lines) // 2]), format=ox.RdfFormat.N_QUADS)
            die()
        store.Generation.load_file = dying_load
    elif point == "removing-stale":  # after publishing, half-way through deleting an old generation
        original, calls = store.remove_stale, [0]
        def half_rmtree(path, *args, **kwargs):
            files = sorted(p for p in __import__("pathlib").Path(path).rglob("*") if p.is_file())
            for f in files[: len(files) // 2]:
                f.unlink()
            die()
        def stale(path):
            calls[0] += 1
            if calls[0] == 2:  # the first call, before the build, runs as usual
                shutil.rmtree = half_rmtree
            return original(path)
        store.remove_stale = stale
    print("ready", flush=True)
    build.build(seeds, store_at, full=full == "full", jobs=1, cache=cache)
    print("finished", flush=True)
''')

POINTS = ["extracting", "cache-write", "rendering", "new-generation", "replacing-graphs", "dropping-graph", "bulk-loading",
          "checking", "meta-written", "link-made", "published", "removing-stale"]
AFTER_THE_SWITCH = {"published", "removing-stale"}  # killed once the new generation is the store


def change(seeds: Path) -> None:
    """Edit one article (re-extracted), remove one (graph dropped), add one (extracted)."""
    first, *_, last = seed_ids()
    with open(seeds / f"{first}.txt", "a", encoding="utf-8") as f:
        f.write("\nAgra footwear exporters met the District Magistrate of Agra on Monday.\n")
    (seeds / f"{last}.txt").unlink()
    (seeds / f"{last}.meta").unlink(missing_ok=True)
    (seeds / "new_article.txt").write_text(
        "Meerut, 4 March 2026: Sports goods makers of Meerut met the Uttar Pradesh MSME department.\n",
        encoding="utf-8")


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """A store of the seeds with two generations (so a build has an old one to remove), its cache,
    and the exports a clean build gives before and after the change."""
    root = tmp_path_factory.mktemp("crash")
    cache = root / "cache"
    shutil.copytree(shared_cache(), cache)
    before_seeds = copy_seeds(root / "before" / "seeds")
    held_back = before_seeds / f"{seed_ids()[1]}.txt"
    text = held_back.read_bytes()
    held_back.unlink()
    assert build(before_seeds, root / "before" / "data" / "store", jobs=1, cache=cache).ok
    held_back.write_bytes(text)
    assert build(before_seeds, root / "before" / "data" / "store", jobs=1, cache=cache).ok
    after_seeds = copy_seeds(root / "after" / "seeds")
    change(after_seeds)
    after_cache = root / "after" / "cache"  # the victims' cache must not know the changed articles
    shutil.copytree(cache, after_cache)
    assert build(after_seeds, root / "after" / "data" / "store", jobs=1, cache=after_cache).ok
    return {"root": root, "cache": cache,
            "before": export("nquads", store_at=root / "before" / "data" / "store"),
            "after": export("nquads", store_at=root / "after" / "data" / "store")}


@pytest.fixture
def victim(states, tmp_path):
    """A private copy of the published seed store and its cache, with the seeds changed."""
    data = tmp_path / "data"
    shutil.copytree(states["root"] / "before" / "data", data, symlinks=True)
    shutil.copytree(states["cache"], data / "cache", dirs_exist_ok=True)
    seeds = copy_seeds(tmp_path / "seeds")
    change(seeds)
    return {"seeds": seeds, "store": data / "store", "cache": data / "cache"}


def run_child(victim, point: str, full: bool = False, kill_after: float | None = None):
    """Run the child build; ``(exit code, stdout, stderr, seconds from 'ready' to its end)``."""
    args = [sys.executable, "-c", CHILD, point, str(victim["seeds"]), str(victim["store"]), str(victim["cache"]),
            "full" if full else "incremental"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=victim["store"].parent.parent)
    ready = proc.stdout.readline().strip()
    started = time.monotonic()
    if kill_after is not None and ready == "ready":
        try:
            proc.wait(kill_after)
        except subprocess.TimeoutExpired:
            proc.kill()
    out, err = proc.communicate(timeout=300)
    return proc.returncode, ready + "\n" + out, err, time.monotonic() - started


def assert_whole(store_path: Path, *allowed: bytes) -> bytes:
    """The store opens and its export is exactly one of ``allowed``."""
    got = export("nquads", store_at=store_path)
    assert got in allowed, "the store's content is neither the old nor the new one"
    return got


def assert_recovers(victim, states) -> None:
    """The lock is free and the next build ends with the clean build's export and no leftovers."""
    report = build(victim["seeds"], victim["store"], jobs=1, cache=victim["cache"])
    assert report.ok, report.problems()
    assert export("nquads", store_at=victim["store"]) == states["after"]
    folder = victim["store"].parent
    generations = [p for p in folder.iterdir() if p.name.startswith("store.g")]
    assert 1 <= len(generations) <= 2 and store.current(victim["store"]) in generations
    assert not [p.name for p in folder.iterdir() if p.name.endswith((".link", ".nq"))]
    assert not [p.name for p in victim["cache"].iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_at_a_point_leaves_a_whole_store_and_the_next_build_completes(victim, states, point):
    generation = store.current(victim["store"])
    code, out, err, _ = run_child(victim, point, full=point == "bulk-loading")
    assert code == -9, (point, out, err)  # it died where it was told to
    if point in AFTER_THE_SWITCH:
        assert assert_whole(victim["store"], states["after"]) == states["after"]
    else:
        assert store.current(victim["store"]) == generation
        assert assert_whole(victim["store"], states["before"]) == states["before"]
    assert_recovers(victim, states)


def test_builds_killed_at_random_moments(victim, states, tmp_path):
    """Kills at seeded random delays within a measured build; each leaves the old or the new store, whole."""
    timing = dict(victim, store=tmp_path / "timing" / "data" / "store", cache=tmp_path / "timing" / "data" / "cache")
    shutil.copytree(victim["store"].parent, timing["store"].parent, symlinks=True)
    code, out, err, duration = run_child(timing, "none")
    assert code == 0, err
    rnd = random.Random(20260303)
    outcomes = []
    for _ in range(4):
        delay = rnd.uniform(0.0, duration)
        full = rnd.random() < 0.5
        code, out, err, _ = run_child(victim, "none", full=full, kill_after=delay)
        got = assert_whole(victim["store"], states["before"], states["after"])
        outcomes.append((round(delay, 2), full, code, "old" if got == states["before"] else "new"))
        if got == states["after"]:  # it got to publish: start the next round from the old store again
            shutil.rmtree(victim["store"].parent)
            shutil.copytree(states["root"] / "before" / "data", victim["store"].parent, symlinks=True)
            shutil.copytree(states["cache"], victim["cache"], dirs_exist_ok=True)
    print(f"\nbuild {duration:.1f} s; kills (delay s, full, exit, store after): {outcomes}")
    assert_recovers(victim, states)


def test_two_builds_started_at_once_never_corrupt_the_store(victim, states):
    """Two real `kg build` processes race: one refuses with a clear message (or waits its turn and
    finds the store up to date); the store ends as a clean build's."""
    for round_ in range(3):
        cmd = [sys.executable, "-m", "kg.cli", "build", "--seeds", str(victim["seeds"]), "--store",
               str(victim["store"]), "--jobs", "1", *(["--full"] if round_ == 2 else [])]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  cwd=victim["store"].parent.parent) for _ in range(2)]
        results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
        codes = sorted(r[2] for r in results)
        assert codes in ([0, 0], [0, 1]), results
        for out, err, code in results:
            if code == 1:
                assert "another build is running (pid " in err and "try again when it ends" in err, err
        assert_whole(victim["store"], states["after"])
    assert_recovers(victim, states)
