"""The pydantic models (kg/models.py), the RDF mapping (kg/rdf.py) and the ontology (ontology/kg.ttl) agree.

Model -> ontology: every field names the RDF term it becomes, and that term exists (our own terms
in kg.ttl, W3C terms in their vocabularies). Ontology -> code: every property kg.ttl defines is
written by something (a model field, kg/rdf.py, or a named producer listed below with the reason),
and kg/vocab.py's closed namespace lists exactly the terms kg.ttl defines.
"""

from __future__ import annotations

import inspect
import re

import pytest
from pydantic import BaseModel
from rdflib import Graph, URIRef
from rdflib import namespace as ns
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import models
from kg.paths import ontology_dir, project_root
from kg.vocab import PREFIXES, UPKG_TERMS

ROOT = project_root()
UPKG_NS = PREFIXES["upkg"]
# rdflib's DefinedNamespaces list every term of these vocabularies (looked up by name: pytest's
# collection would otherwise probe the namespace objects and warn).
DEFINED = {"rdf": "RDF", "rdfs": "RDFS", "owl": "OWL", "skos": "SKOS", "org": "ORG", "foaf": "FOAF",
           "prov": "PROV", "schema": "SDO", "dcterms": "DCTERMS"}
# The bundle of records one article yields; its fields are records, not RDF terms.
CONTAINERS = {"Extraction"}
# rdflib has no Web Annotation namespace: the terms of https://www.w3.org/TR/annotation-vocab/ we use.
OA_TERMS = {"hasBody", "hasSource", "hasTarget", "hasSelector", "start", "end", "exact", "prefix", "suffix",
            "TextQuoteSelector", "TextPositionSelector", "Annotation", "SpecificResource"}

# Properties of kg.ttl that no model field carries and kg/rdf.py does not write, with who writes them.
PRODUCERS = {
    "inDivision": ("the district -> division links of the generated reference data", ["kg/refdata.py"]),
    "lgdCode": ("district and state codes in the generated reference data", ["kg/refdata.py"]),
    "census2011Code": ("district codes in the generated reference data", ["kg/refdata.py"]),
    "isoCode": ("state and country codes in the generated reference data", ["kg/refdata.py"]),
    "wikidata": ("Wikidata links in the generated reference data", ["kg/refdata.py"]),
    "odopProduct": ("district -> ODOP product links in the generated reference data", ["kg/refdata.py"]),
    "roleOrganization": ("a role's organisation, stated by the roles catalogue and read by the gazetteer",
                         ["ontology/reference", "kg/gazetteer.py"]),
    "locatedIn": ("a Relation predicate chosen by the relation extractor", ["kg/relations.py"]),
    "hasSector": ("a Relation predicate chosen by the relation extractor", ["kg/relations.py"]),
    "hasProduct": ("a Relation predicate chosen by the relation extractor", ["kg/relations.py"]),
    "partnerOf": ("a Relation predicate chosen by the relation extractor", ["kg/relations.py"]),
    "exportsTo": ("a Relation predicate chosen by the relation extractor", ["kg/relations.py"]),
    "inSector": ("product -> sector links of the product catalogue", ["ontology/reference"]),
}


def _ontology() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


def _own_terms(kinds=(OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)) -> set[str]:
    g = _ontology()
    return {str(s)[len(UPKG_NS):] for kind in kinds for s in g.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(UPKG_NS)}


def _models() -> list[type[BaseModel]]:
    return [cls for _, cls in inspect.getmembers(models, inspect.isclass)
            if issubclass(cls, BaseModel) and cls.__module__ == models.__name__
            and not cls.__name__.startswith("_") and cls.__name__ not in CONTAINERS]


def _field_terms() -> list[tuple[str, str]]:
    """``(Model.field, CURIE)`` for every field that becomes RDF."""
    out = []
    for cls in _models():
        for name, info in cls.model_fields.items():
            term = (info.json_schema_extra or {}).get("rdf")
            if term is not None:
                out.append((f"{cls.__name__}.{name}", term))
    return out


def _known(curie: str) -> bool:
    prefix, _, local = curie.partition(":")
    if prefix == "upkg":
        return local in _own_terms()
    if prefix == "oa":
        return local in OA_TERMS
    if prefix not in DEFINED:
        return False
    vocabulary = getattr(ns, DEFINED[prefix])
    return local in getattr(vocabulary, "__annotations__", {}) or local in getattr(vocabulary, "_extras", [])


def _source(rel: str) -> str:
    path = ROOT / rel
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    return "\n".join(f.read_text(encoding="utf-8") for f in files if f.is_file() and f.suffix in (".py", ".ttl", ".yaml"))


def _mentions(text: str, term: str) -> bool:
    return bool(re.search(rf"(upkg:|UPKG\.|UPKG\[\"|{re.escape(UPKG_NS)}){term}\b", text))


def test_every_model_field_says_which_rdf_term_it_becomes():
    missing = [f"{cls.__name__}.{name}" for cls in _models() for name, info in cls.model_fields.items()
               if "rdf" not in (info.json_schema_extra or {})]
    assert not missing, f"fields without rdf= metadata (use rdf(None) for Python-only fields): {missing}"


@pytest.mark.parametrize("field,term", _field_terms())
def test_every_model_term_exists_in_the_ontology_or_its_w3c_vocabulary(field, term):
    assert _known(term), f"{field} maps to {term}, which is not a term of its vocabulary"


def test_the_terms_kg_writes_in_python_exist():
    """SCHEMA and OA are open namespaces, so a misspelt SCHEMA.startdate would not raise: check the source."""
    unknown = set()
    for path in sorted((ROOT / "kg").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for prefix, name in (("schema", "SCHEMA"), ("oa", "OA")):
            for local in re.findall(rf"\b{name}\.(\w+)", text):
                if not _known(f"{prefix}:{local}"):
                    unknown.add(f"{path.name}: {name}.{local}")
    assert not unknown, sorted(unknown)


def test_every_property_of_the_ontology_is_written_by_something():
    properties = _own_terms((OWL.ObjectProperty, OWL.DatatypeProperty))
    by_fields = {term.partition(":")[2] for _, term in _field_terms() if term.startswith("upkg:")}
    rdf_py = (ROOT / "kg" / "rdf.py").read_text(encoding="utf-8")
    by_rdf_py = {p for p in properties if _mentions(rdf_py, p)}
    unaccounted = properties - by_fields - by_rdf_py - set(PRODUCERS)
    assert not unaccounted, (f"properties of kg.ttl that nothing writes: {sorted(unaccounted)}; map a model field "
                             "to them, write them in kg/rdf.py, or name their producer in PRODUCERS")


@pytest.mark.parametrize("term", sorted(PRODUCERS))
def test_each_named_producer_really_writes_its_property(term):
    reason, places = PRODUCERS[term]
    assert term in _own_terms(), f"upkg:{term} is no longer in kg.ttl; remove it from PRODUCERS"
    assert any(_mentions(_source(place), term) for place in places), f"upkg:{term} ({reason}) is not used in {places}"


def test_the_python_vocabulary_lists_exactly_the_terms_of_the_ontology():
    own = _own_terms()
    assert set(UPKG_TERMS) == own, (f"only in kg/vocab.py: {sorted(set(UPKG_TERMS) - own)}; "
                                    f"only in kg.ttl: {sorted(own - set(UPKG_TERMS))}")


def test_every_own_term_has_english_and_hindi_labels_and_a_definition():
    g = _ontology()
    problems = []
    for term in sorted(_own_terms()):
        iri = URIRef(UPKG_NS + term)
        langs = {lit.language for lit in g.objects(iri, RDFS.label)}
        if not {"en", "hi"} <= langs:
            problems.append(f"upkg:{term} labels in {sorted(filter(None, langs))}")
        if g.value(iri, SKOS.definition) is None:
            problems.append(f"upkg:{term} has no skos:definition")
    assert not problems, problems
