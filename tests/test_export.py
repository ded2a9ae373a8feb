"""`kg export`: identical inputs give byte-identical files, and every format reads back as the same graph."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg import iris
from kg.build import build
from kg.cli import main
from kg.export import FORMATS, SUFFIXES, export
from kg.vocab import SCHEMA, UPKG
from seedstore import seed_store
from storeutil import copy_seeds, quads, seed_ids

# rdflib's own TriG, N-Quads and JSON-LD parsers use its deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

RDFLIB_FORMATS = {"nquads": "nquads", "trig": "trig", "turtle": "turtle", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def two_stores(tmp_path_factory):
    """The same seeds built twice: in process from seeds/, and in two worker processes from a copy."""
    root = tmp_path_factory.mktemp("export")
    second = root / "two" / "store"
    assert build(copy_seeds(root / "seeds"), second, jobs=2).ok
    return seed_store(), second


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_two_builds_from_the_same_inputs_export_byte_identical_files(two_stores, fmt, tmp_path):
    first, second = two_stores
    a = export(fmt, out=tmp_path / f"a{SUFFIXES[fmt]}", store_at=first)
    b = export(fmt, out=tmp_path / f"b{SUFFIXES[fmt]}", store_at=second)
    assert a == b
    assert (tmp_path / f"a{SUFFIXES[fmt]}").read_bytes() == (tmp_path / f"b{SUFFIXES[fmt]}").read_bytes() == a


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_exports_read_back_with_the_article_triples(two_stores, fmt):
    store_path = two_stores[0]
    data = export(fmt, store_at=store_path)
    article_id = seed_ids()[0]
    art = URIRef(iris.article_iri(article_id))
    expected = [(art, UPKG.sourceFile, Literal(f"{article_id}.txt")),
                (art, URIRef(str(SCHEMA.inLanguage)), Literal("hi"))]
    if fmt == "turtle":
        graph = Graph().parse(data=data, format="turtle")
        assert len(graph) == len({str(q.triple) for q in _store_quads(store_path)})
        for triple in expected:
            assert triple in graph
    else:
        ds = Dataset().parse(data=data, format=RDFLIB_FORMATS[fmt])
        assert sum(1 for _ in ds.quads((None, None, None, None))) == len(quads(store_path))
        article_graph = ds.graph(URIRef(iris.article_graph(article_id)))
        for triple in expected:
            assert triple in article_graph
        assert (None, None, None) in ds.graph(URIRef(iris.REFERENCE_GRAPH))


def _store_quads(store_path):
    from kg.store import open_store

    return list(open_store(store_path))


def test_nquads_lines_are_sorted_and_turtle_uses_the_project_prefixes(two_stores):
    lines = export("nquads", store_at=two_stores[0]).decode("utf-8").splitlines()
    graphs_in_order = [line.rsplit(" ", 2)[-2] for line in lines]
    assert graphs_in_order == sorted(graphs_in_order)
    head = export("turtle", store_at=two_stores[0]).decode("utf-8").split("\n", 20)
    prefixes = [line for line in head if line.startswith("@prefix ")]
    assert "@prefix upkg: <https://w3id.org/upkg/ontology#> ." in prefixes
    assert prefixes == sorted(prefixes)


def test_export_command_writes_the_file_or_stdout(two_stores, tmp_path, capfd):
    out = tmp_path / "build" / "graph.trig"
    assert main(["export", "--format", "trig", "--out", str(out), "--store", str(two_stores[0])]) == 0
    assert out.read_bytes() == export("trig", store_at=two_stores[0])
    capfd.readouterr()
    assert main(["export", "--format", "nquads", "--store", str(two_stores[0])]) == 0
    assert capfd.readouterr().out.encode("utf-8") == export("nquads", store_at=two_stores[0])
