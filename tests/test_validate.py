"""`kg validate`: the built graph conforms to ontology/shapes.ttl, and broken graphs are reported readably."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from rdflib.namespace import FOAF, ORG, RDFS

from kg import iris, pipeline
from kg.build import build
from kg.cli import main
from kg.export import export
from kg.models import Entity, EventDetails, Mention, Post, Relation, Span, Statistic
from kg.validate import validate_store
from kg.vocab import UPKG
from seedstore import seed_store
from storeutil import write_article

TEXT = ("Kanpur, 2 January 2024: Ram Kumar, director of Acme Udyog, said that 120 units took part in "
        "the Kanpur Leather Expo, organised by Acme Udyog in Kanpur.\n")
PERSON = iris.entity_iri("person", "Ram Kumar")
ORG_ = iris.entity_iri("org", "Acme Udyog")
EVENT = iris.entity_iri("event", "Kanpur Leather Expo")


def _span(cls, quote, **extra):
    start = TEXT.index(quote)
    return cls(start=start, end=start + len(quote), text=quote, **extra)


def _rich(path):
    """The real reading of a synthetic article, with one of every kind of record added by hand."""
    ex = REAL_EXTRACT(path)
    return ex.model_copy(update={
        "entities": [
            Entity(iri=PERSON, type="Person", cls=str(FOAF.Person), label="Ram Kumar",
                   mentions=[_span(Mention, "Ram Kumar")]),
            Entity(iri=ORG_, type="Organization", cls=str(UPKG.Company), label="Acme Udyog",
                   mentions=[_span(Mention, "Acme Udyog")]),
            Entity(iri=EVENT, type="Event", cls=str(UPKG.Exhibition), label="Kanpur Leather Expo",
                   mentions=[_span(Mention, "Kanpur Leather Expo")]),
        ],
        "posts": [Post(person=PERSON, title="Director", organization=ORG_, attested=dt.date(2024, 1, 2),
                       as_stated=_span(Span, "Ram Kumar, director of Acme Udyog"))],
        "events": [EventDetails(event=EVENT, date=dt.date(2024, 1, 2), organizers=[ORG_],
                                evidence=_span(Span, "the Kanpur Leather Expo, organised by Acme Udyog"))],
        "relations": [Relation(subject=ORG_, predicate="upkg:locatedIn",
                               object=iris.entity_iri("district", "Kanpur Nagar"),
                               evidence=_span(Span, "Acme Udyog in Kanpur"))],
        "statistics": [Statistic(subject=EVENT, measure="units taking part", value=120, unit="count",
                                 qualifier="exact", evidence=_span(Span, "120 units"))],
    })


REAL_EXTRACT = pipeline.extract_file


@pytest.fixture(scope="module")
def rich_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("validate")
    write_article(root / "seeds", "expo", TEXT, "language: en\npublished: 2024-01-02\n")
    store_path = root / "data" / "store"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "extract_file", _rich)
        assert build(root / "seeds", store_path, jobs=1).ok
    return store_path


def test_the_graph_built_from_the_seeds_conforms(capsys):
    assert main(["validate", "--store", str(seed_store())]) == 0
    assert "conform to the shapes (no violations)" in capsys.readouterr().out


def test_every_kind_of_record_the_rdf_mapping_writes_conforms(rich_store):
    report = validate_store(rich_store)
    assert report.conforms, report.render()


def _broken_copy(store_path, target, drop):
    """An export of the store without the quads for which ``drop(quad)`` is true."""
    quads = [q for q in ox.parse(export("trig", store_at=store_path), format=ox.RdfFormat.TRIG) if not drop(q)]
    target.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    return target


def test_missing_unit_missing_name_and_post_without_person_are_reported(rich_store, tmp_path, capsys):
    def drop(q):
        return (q.predicate.value == str(UPKG.unit)
                or (q.subject.value == PERSON and q.predicate.value == str(RDFS.label))
                or q.predicate.value == str(ORG.member))

    broken = _broken_copy(rich_store, tmp_path / "broken.trig", drop)
    assert main(["validate", "--data", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "3 violation(s)" in out
    assert "Statistic (1)" in out and "upkg:unit: a statistic needs exactly one unit (upkg:unit)" in out
    assert "Person (1)" in out and f"<{PERSON}>\n    rdfs:label: a person needs a name (rdfs:label)" in out
    assert "Post held (1)" in out and "org:member: a post needs exactly one person who holds it" in out


def test_an_impossible_date_and_a_post_with_neither_organisation_nor_place_are_reported(rich_store, tmp_path, capsys):
    quads = list(ox.parse(export("trig", store_at=rich_store), format=ox.RdfFormat.TRIG))
    fixed = []
    for q in quads:
        if q.predicate.value == "https://schema.org/startDate":
            q = ox.Quad(q.subject, q.predicate, ox.Literal("2024-02-30", datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#date")), q.graph_name)
        if q.predicate.value == str(ORG.organization):
            continue
        fixed.append(q)
    path = tmp_path / "dates.nq"
    path.write_bytes(ox.serialize(fixed, format=ox.RdfFormat.N_QUADS))
    assert main(["validate", "--data", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Kanpur Leather Expo <" + EVENT + ">" in out
    assert "schema:startDate must be a valid date (xsd:date, YYYY-MM-DD) [value: 2024-02-30]" in out
    assert "a post needs an organisation (org:organization) or a place (upkg:postPlace)" in out


def test_an_entity_with_neither_mention_nor_source_lacks_provenance(rich_store, tmp_path, capsys):
    broken = _broken_copy(rich_store, tmp_path / "orphan.trig",
                          lambda q: q.predicate.value == "http://www.w3.org/ns/oa#hasBody" and q.object.value == ORG_)
    assert main(["validate", "--data", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "Organisation (1)" in out and "Acme Udyog <" + ORG_ + ">" in out
    assert "an organisation needs provenance" in out
