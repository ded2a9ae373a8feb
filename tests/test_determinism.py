"""Determinism: a full rebuild, an incremental history and a different article order give byte-identical exports.

The corpus is the five seed articles and eight synthetic ones (``kg.synth``), so that entities are
shared across articles and linking has work to do. The reference is one full build; every other
way of arriving at the same seeds must export the same bytes in every format (N-Quads, TriG,
Turtle, JSON-LD), and record the same meta (graph digests) in its generation. ``test_export.py``
checks two identical builds; here the histories differ.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from kg import store
from kg.build import BuildReport, _article_graphs, build
from kg.export import FORMATS, export
from kg.models import Extraction
from kg.synth import generate
from storeutil import copy_seeds


def exports(store_path: Path) -> dict[str, bytes]:
    return {fmt: export(fmt, store_at=store_path) for fmt in FORMATS}


def meta(store_path: Path) -> dict:
    return json.loads((store.current(store_path) / store.META_FILE).read_text(encoding="utf-8"))


def article_files(seeds: Path) -> list[Path]:
    return sorted(seeds.glob("*.txt"))


def move(article: Path, folder: Path) -> None:
    """Move an article and its sidecar (if any) to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in (article, article.with_suffix(".meta")):
        if f.exists():
            shutil.move(str(f), folder / f.name)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("determinism")
    seeds = copy_seeds(root / "seeds")
    synth = root / "synth"
    generate(8, 11, synth)
    for f in sorted(synth.glob("syn11_*")):
        if f.suffix in (".txt", ".meta"):
            shutil.copy2(f, seeds / f.name)
    return seeds


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """One full build of the corpus, from an empty cache: its exports, meta and extraction cache."""
    root = tmp_path_factory.mktemp("reference")
    report = build(corpus, root / "store", jobs=1, cache=root / "cache")
    assert report.ok, report.problems()
    assert len(report.extracted) == len(article_files(corpus)) == 13
    return {"exports": exports(root / "store"), "meta": meta(root / "store"), "cache": root / "cache"}


def assert_same(store_path: Path, reference: dict) -> None:
    got = exports(store_path)
    for fmt in FORMATS:
        assert got[fmt] == reference["exports"][fmt], f"{fmt} export differs"
    assert meta(store_path) == reference["meta"]


def test_a_full_rebuild_over_an_existing_store_in_two_processes_gives_the_same_bytes(corpus, reference, tmp_path):
    shutil.copytree(reference["cache"], tmp_path / "cache")
    assert build(corpus, tmp_path / "store", jobs=1, cache=tmp_path / "cache").ok  # from the cache
    first = store.current(tmp_path / "store")
    report = build(corpus, tmp_path / "store", full=True, jobs=2, cache=tmp_path / "cache")  # extracted again
    assert report.ok and len(report.extracted) == 13 and store.current(tmp_path / "store") != first
    assert_same(tmp_path / "store", reference)


def test_an_incremental_history_in_shuffled_order_ends_with_the_same_bytes(corpus, reference, tmp_path):
    """Articles arrive a few at a time in a shuffled order; one is edited and restored, one removed and
    put back; every step is an incremental build. The end state exports what one full build did."""
    seeds, waiting = tmp_path / "seeds", tmp_path / "waiting"
    shutil.copytree(corpus, seeds)
    shutil.copytree(reference["cache"], tmp_path / "cache")
    order = article_files(seeds)
    random.Random(5).shuffle(order)
    for f in order[3:]:
        move(f, waiting)
    steps = []

    def step(what: str) -> BuildReport:
        report = build(seeds, tmp_path / "store", jobs=1, cache=tmp_path / "cache")
        assert report.ok, (what, report.problems())
        steps.append((what, len(report.written), len(report.removed)))
        return report

    step("first three")
    for f in order[3:]:
        move(waiting / f.name, seeds)
        step(f"add {f.name}")
    edited = seeds / order[0].name
    original = edited.read_bytes()
    edited.write_bytes(original + "\nAgra footwear units met the District Magistrate on Monday.\n".encode())
    assert step("edit").extracted == [str(edited)]
    edited.write_bytes(original)
    step("restore")
    move(seeds / order[1].name, waiting)
    step("remove")
    move(waiting / order[1].name, seeds)
    final = step("put back")
    assert final.reused and not final.extracted
    assert all(written > 0 for _, written, _ in steps)  # every step changed the store incrementally
    assert_same(tmp_path / "store", reference)


def test_files_written_in_another_order_build_the_same_bytes(corpus, reference, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    files = sorted(corpus.iterdir())
    random.Random(8).shuffle(files)
    for f in reversed(files):  # another creation order, hence another directory order
        shutil.copy(f, seeds / f.name)
    assert build(seeds, tmp_path / "store", jobs=2, cache=tmp_path / "cache").ok
    assert_same(tmp_path / "store", reference)


def test_linking_does_not_depend_on_the_order_articles_come_in(reference):
    """The build sorts articles by file name before linking; linking itself must not care: the
    graphs of any order of the extractions are the same triples."""
    extractions = [Extraction.model_validate_json(p.read_bytes()) for p in sorted(reference["cache"].glob("*.json"))]
    assert len(extractions) == 13

    def graphs(order: list[Extraction]) -> dict[str, list[str]]:
        return {g: [str(t) for t in ts] for g, ts in _article_graphs(order, BuildReport(store="x")).items()}

    expected = graphs(sorted(extractions, key=lambda ex: ex.article.id))
    for seed in range(4):
        order = extractions[:]
        random.Random(seed).shuffle(order)
        assert graphs(order) == expected, f"linking depends on the order (shuffle seed {seed})"
    assert graphs(list(reversed(sorted(extractions, key=lambda ex: ex.article.id)))) == expected
