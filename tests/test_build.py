"""`kg build`: the store holds the articles and vocabularies, and rebuilds are incremental, idempotent and atomic."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
import yaml

from kg import iris, store
from kg.build import BuildError
from kg.build import build as kg_build
from kg.cli import main
from kg.vocab import SCHEMA, UPKG
from storeutil import copy_seeds, graph_quads, graphs, quads, seed_ids, shared_cache, value

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


@pytest.fixture
def seeds(tmp_path):
    return copy_seeds(tmp_path / "seeds")


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "data" / "store"


@pytest.fixture
def warm():
    """The session's extraction cache: a test re-extracts only the articles it changes."""
    return shared_cache()


def build(seeds, store_path, warm=None, **options):
    return kg_build(seeds, store_path, cache=warm, **options)


def test_articles_and_their_metadata_are_in_the_store(seeds, store_path, warm):
    report = build(seeds, store_path, warm, jobs=1)
    assert report.ok, report.errors
    assert sorted(report.extracted + report.reused) == sorted(str(p) for p in seeds.glob("*.txt"))
    for article_id in seed_ids():
        art = iris.article_iri(article_id)
        sidecar = yaml.safe_load((seeds / f"{article_id}.meta").read_text(encoding="utf-8"))
        assert value(store_path, art, str(UPKG.sourceFile)) == f"{article_id}.txt"
        if sidecar.get("language"):
            assert value(store_path, art, str(SCHEMA.inLanguage)) == sidecar["language"]
        published = value(store_path, art, str(SCHEMA.datePublished))
        assert published == (str(sidecar["published"]) if sidecar.get("published") else None)
        assert iris.article_graph(article_id) in graphs(store_path)
    # One article checked by hand against its sidecar: a Hindi article of 6 January 2026.
    kanpur = iris.article_iri("000_b16039df73752885")
    assert value(store_path, kanpur, str(SCHEMA.inLanguage)) == "hi"
    assert value(store_path, kanpur, str(SCHEMA.datePublished)) == "2026-01-06"


def test_ontology_and_reference_graphs_are_present(seeds, store_path, warm):
    build(seeds, store_path, warm, jobs=1)
    assert {iris.ONTOLOGY_GRAPH, iris.REFERENCE_GRAPH} <= graphs(store_path)
    ontology = graph_quads(store_path, iris.ONTOLOGY_GRAPH)
    assert f'<{UPKG.PostHolding}> <http://www.w3.org/2000/01/rdf-schema#label> "post held"@en' in ontology
    reference = graph_quads(store_path, iris.REFERENCE_GRAPH)
    gorakhpur = iris.entity_iri("district", "Gorakhpur")
    assert f'<{gorakhpur}> <http://www.w3.org/2000/01/rdf-schema#label> "Gorakhpur"@en' in reference


def test_second_build_reuses_every_article_and_changes_nothing(seeds, store_path, warm):
    first = build(seeds, store_path, warm, jobs=1)
    before = quads(store_path)
    second = build(seeds, store_path, warm, jobs=1)
    assert second.ok
    assert second.extracted == [] and len(second.reused) == len(seed_ids())
    assert second.unchanged and second.written == []
    assert second.generation == first.generation == store.current(store_path).name
    assert quads(store_path) == before
    assert "up to date" in second.summary()


def _keep(seeds, n):
    """Keep only the first ``n`` seed articles (for tests that re-extract everything)."""
    for path in sorted(seeds.glob("*.txt"))[n:]:
        path.unlink()
        path.with_suffix(".meta").unlink(missing_ok=True)
    return seeds


def test_full_rebuild_extracts_everything_into_a_new_generation(seeds, store_path, warm):
    _keep(seeds, 2)
    first = build(seeds, store_path, warm, jobs=1)
    before = quads(store_path)
    full = build(seeds, store_path, warm, full=True, jobs=1)
    assert len(full.extracted) == 2 and full.reused == []
    assert full.generation != first.generation
    assert quads(store_path) == before


def test_a_changed_article_is_re_extracted_and_only_its_graph_replaced(seeds, store_path, warm):
    build(seeds, store_path, warm, jobs=1)
    changed, *others = seed_ids()
    before = {a: graph_quads(store_path, iris.article_graph(a)) for a in others}
    with open(seeds / f"{changed}.txt", "a", encoding="utf-8") as f:
        f.write("\nKanpur, the city of leather, awaits the new industrial policy.\n")
    report = build(seeds, store_path, warm, jobs=1)
    assert report.extracted == [str(seeds / f"{changed}.txt")]
    assert len(report.reused) == len(others)
    written = set(report.written)
    assert iris.article_graph(changed) in written
    assert not written & {iris.article_graph(a) for a in others}
    assert not written & {iris.ONTOLOGY_GRAPH, iris.REFERENCE_GRAPH}
    assert all(graph_quads(store_path, iris.article_graph(a)) == before[a] for a in others)
    new_hash = value(store_path, iris.article_iri(changed), str(UPKG.contentHash))
    import hashlib
    assert new_hash == hashlib.sha256((seeds / f"{changed}.txt").read_bytes()).hexdigest()


def test_a_large_linking_graph_is_split_and_an_update_rewrites_only_the_buckets_it_touches(
        seeds, store_path, tmp_path, warm, monkeypatch):
    """Above LINKING_BUCKET_MIN entities the canonical labels live in 64 graphs by IRI hash; the
    seeds have far fewer, so the threshold is lowered. A new article naming one new person
    rewrites its own graph and that person's bucket, and the store equals a from-scratch build."""
    monkeypatch.setattr(iris, "LINKING_BUCKET_MIN", 1)
    build(seeds, store_path, warm, jobs=1)
    buckets = {g for g in graphs(store_path) if iris.is_linking_graph(g)}
    assert iris.LINKING_GRAPH not in buckets and len(buckets) > 10
    assert all(g.startswith(iris.LINKING_GRAPH + "/") and len(g) == len(iris.LINKING_GRAPH) + 3 for g in buckets)
    asha = iris.entity_iri("person", "Ashalata Vishwakarma")
    (seeds / "zz_new.txt").write_text(
        "Agra, 4 March 2026. Ashalata Vishwakarma, president of the Agra Footwear Guild, said exports rose.\n",
        encoding="utf-8")
    report = build(seeds, store_path, warm, jobs=1)
    written = set(report.written)
    assert iris.article_graph("zz_new") in written and iris.linking_graph_of(asha, 2) in written
    assert len([g for g in written if iris.is_linking_graph(g)]) <= 3, written  # the person, the guild, an event
    label = f'<{asha}> <http://www.w3.org/2000/01/rdf-schema#label> "Ashalata Vishwakarma"@en'
    assert label in graph_quads(store_path, iris.linking_graph_of(asha, 2))
    fresh = tmp_path / "fresh" / "store"
    build(seeds, fresh, warm, jobs=1)
    assert quads(fresh) == quads(store_path)


def test_a_removed_article_leaves_the_store(seeds, store_path, warm):
    build(seeds, store_path, warm, jobs=1)
    gone = seed_ids()[-1]
    (seeds / f"{gone}.txt").unlink()
    report = build(seeds, store_path, warm, jobs=1)
    assert iris.article_graph(gone) in report.removed
    assert iris.article_graph(gone) not in graphs(store_path)
    assert value(store_path, iris.article_iri(gone), str(UPKG.sourceFile)) is None


def test_a_duplicate_article_is_skipped_with_a_warning_naming_both_files(seeds, store_path, warm):
    first = seed_ids()[0]
    (seeds / "zz_copy.txt").write_bytes((seeds / f"{first}.txt").read_bytes())
    report = build(seeds, store_path, warm, jobs=1)
    assert report.ok
    assert report.duplicates == [str(seeds / "zz_copy.txt")]
    warning = next(w for w in report.warnings if "duplicate" in w)
    assert "zz_copy.txt" in warning and f"{first}.txt" in warning
    assert iris.article_graph("zz_copy") not in graphs(store_path)


def test_a_build_that_fails_midway_leaves_the_previous_store(seeds, store_path, monkeypatch, warm):
    build(seeds, store_path, warm, jobs=1)
    before, generation = quads(store_path), store.current(store_path)
    (seeds / f"{seed_ids()[0]}.txt").write_text("Agra footwear exporters met on Monday.\n", encoding="utf-8")
    calls = []

    def broken(self, nquads):
        calls.append(nquads)
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(store.Generation, "load_file", broken)
    with pytest.raises(OSError, match="disk full"):
        build(seeds, store_path, warm, jobs=1)
    assert calls, "the build should have reached the store-writing step"
    assert store.current(store_path) == generation
    assert quads(store_path) == before
    leftovers = [p.name for p in store_path.parent.iterdir() if p.name.startswith("store.g")]
    assert leftovers == [generation.name]


def test_a_killed_build_leaves_the_previous_store_and_the_next_build_recovers(seeds, store_path, tmp_path, warm):
    build(seeds, store_path, warm, jobs=1)
    before, generation = quads(store_path), store.current(store_path)
    gone = seed_ids()[0]
    (seeds / f"{gone}.txt").unlink()  # a change that needs no extraction, so the child gets to publish fast
    script = textwrap.dedent("""
        import os, signal, sys
        from kg import build, store
        def die(self, *args):  # killed after the new generation is written, before it is published
            os.kill(os.getpid(), signal.SIGKILL)
        store.Generation.publish = die
        build.build(sys.argv[1], sys.argv[2], jobs=1, cache=sys.argv[3])
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(seeds), str(store_path), str(warm)], cwd=tmp_path)
    assert proc.returncode == -9
    assert store.current(store_path) == generation
    assert quads(store_path) == before
    report = build(seeds, store_path, warm, jobs=1)
    assert report.ok and report.generation != generation.name
    assert report.removed == [iris.article_graph(gone)]
    assert value(store_path, iris.article_iri(gone), str(UPKG.sourceFile)) is None
    leftovers = sorted(p.name for p in store_path.parent.iterdir() if p.name.startswith("store.g"))
    assert leftovers == sorted([generation.name, report.generation])  # the killed build's directory is gone


def test_a_second_concurrent_build_refuses(seeds, store_path, tmp_path, capsys, warm):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from kg.store import build_lock\n"
         "with build_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)",
         str(store_path)],
        stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert holder.stdout.readline().strip() == "locked"
        code = main(["build", "--seeds", str(seeds), "--store", str(store_path), "--jobs", "1"])
        err = capsys.readouterr().err
        assert code == 1
        assert f"another build is running (pid {holder.pid})" in err and "try again when it ends" in err
        with pytest.raises(BuildError, match="another build is running"):
            build(seeds, store_path, warm, jobs=1)
    finally:
        holder.kill()
        holder.wait()
    assert build(seeds, store_path, warm, jobs=1).ok  # the lock dies with its holder


def test_a_store_path_that_is_not_a_store_is_refused(seeds, tmp_path):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match="is not a store made by `kg build`"):
        build(seeds, occupied, jobs=1)
    assert (occupied / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_changing_the_reference_data_re_extracts_and_rewrites_the_reference_graph(seeds, store_path, tmp_path):
    import shutil
    from kg.paths import ontology_dir

    ontology = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), ontology)
    _keep(seeds, 2)
    build(seeds, store_path, jobs=1, ontology=ontology)
    (ontology / "reference" / "extra.ttl").write_text(
        "<https://w3id.org/upkg/id/place/test-park> a <https://w3id.org/upkg/ontology#IndustrialArea> ;\n"
        '  <http://www.w3.org/2000/01/rdf-schema#label> "Test Park"@en .\n', encoding="utf-8")
    report = build(seeds, store_path, jobs=1, ontology=ontology)
    assert len(report.extracted) == 2 and report.reused == []
    assert iris.REFERENCE_GRAPH in report.written and iris.ONTOLOGY_GRAPH not in report.written
    assert any("test-park" in q for q in graph_quads(store_path, iris.REFERENCE_GRAPH))


def test_build_summary_names_every_count(seeds, store_path, capsys):
    _keep(seeds, 2)
    assert main(["build", "--seeds", str(seeds), "--store", str(store_path), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    for word in ("articles", "entities", "posts", "events", "statistics", "triples", "warnings"):
        assert f"\n  {word}" in out
    assert os.path.islink(store_path)


def test_extracting_an_article_runs_none_of_the_modules_the_extraction_cache_ignores(tmp_path):
    """kg.build.NOT_EXTRACTION lists the parts of kg/ whose changes keep cached extractions; if
    extraction ever imports one of them, a change there could leave stale extractions."""
    from kg.build import NOT_EXTRACTION
    from seedstore import SEEDS

    article = sorted(SEEDS.glob("*.txt"))[0]
    probe = ("import sys; from kg import extractors; extractors.get()(sys.argv[1]); "
             "print(' '.join(m for m in sys.modules if m.startswith('kg.')))")
    out = subprocess.run([sys.executable, "-c", probe, str(article)], capture_output=True, text=True, check=True)
    loaded = {m.split(".")[1] for m in out.stdout.split()}
    ignored = {name.removesuffix(".py") for name in NOT_EXTRACTION}
    assert "pipeline" in loaded and "mentions" in loaded
    assert not loaded & ignored, f"extraction imports {sorted(loaded & ignored)}, which the cache key ignores"
