"""Checks of the hand-curated reference catalogues in ontology/reference/.

organisations.ttl, schemes.ttl, sectors.ttl, roles.ttl, countries.ttl, places.ttl and people.ttl are
written by hand. These tests keep them usable by the gazetteer: they parse, every entity has a type
from the ontology and an English label, labels are in the script their language tag says, IRIs follow
kg.iris.entity_iri, links point at entities that exist, and no alias names two different entities
unless the overlap is documented below.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.gazetteer import ROOTS as GAZETTEER_ROOTS
from kg.gazetteer import alias_key
from kg.iris import entity_iri

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
REFERENCE = ROOT / "ontology" / "reference"
CATALOGUES = ("organisations", "schemes", "sectors", "roles", "countries", "places", "people")

UPKG = "https://w3id.org/upkg/ontology#"
ORG = "http://www.w3.org/ns/org#"
DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")
ID = "https://w3id.org/upkg/id/"
GOV_UP = ID + "org/government-of-uttar-pradesh"
GOV_IN = ID + "org/government-of-india"

# The entity families of the gazetteer (kg/gazetteer.py ROOTS): an alias is looked up per family.
FAMILY_ROOTS = dict(GAZETTEER_ROOTS)  # the classes the extractor sorts entities by
# The kind segment of entity_iri for each family (places below country level are "place").
KIND_OF_FAMILY = {"Person": "person", "Organization": "org", "Scheme": "scheme", "Sector": "sector",
                  "Role": "role", "Place": "place"}

# Alias keys (kg.gazetteer.alias_key) that knowingly name more than one entity, with the reason.
# Keys are compared as the gazetteer compares them: case, nukta, anusvara/half-nasal and vowel
# length folded, last token stemmed.
DOCUMENTED_OVERLAPS = {
    ("noida",): "districts.ttl lists Noida as an alias of Gautam Buddha Nagar; places.ttl has the town "
                "(the gold convention: Noida is a Place, not the district). The shorter IRI, the town, wins.",
    ("greater", "noida"): "as Noida: the town Greater Noida in places.ttl, an alias of the district in districts.ttl.",
    ("tanda",): "two towns: Tanda of Ambedkar Nagar (places.ttl) and Tanda of Rampur (towns.ttl); a town name "
                "of several districts is the one in the district the article names (kg.entities._pick_towns).",
    ("टांडा",): "as Tanda.",
}

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@lru_cache(maxsize=1)
def ontology() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY)
    return g


@lru_cache(maxsize=None)
def catalogue(name: str) -> Graph:
    g = Graph()
    g.parse(REFERENCE / f"{name}.ttl")
    return g


@lru_cache(maxsize=1)
def catalogues() -> Graph:
    g = Graph()
    for name in CATALOGUES:
        g += catalogue(name)
    return g


@lru_cache(maxsize=1)
def reference() -> Graph:
    """Every reference file (generated and hand-curated), as the gazetteer reads them."""
    g = Graph()
    for path in sorted(REFERENCE.glob("*.ttl")):
        g.parse(path)
    return g


@lru_cache(maxsize=1)
def class_family() -> dict[str, str]:
    """Class IRI -> entity family, by the gazetteer's own subclass walk (what the extractor sees)."""
    from kg.gazetteer import _class_types

    return _class_types(ontology())


def family(graph: Graph, s) -> str | None:
    fams = sorted({class_family().get(str(c)) for c in graph.objects(s, RDF.type)} - {None})
    assert len(fams) <= 1, f"{s} is typed in several entity families: {fams}"
    return fams[0] if fams else None


def entities(graph: Graph):
    """Subjects typed with a class of an entity family."""
    return sorted(s for s in set(graph.subjects(RDF.type, None)) if family(graph, s))


def names(graph: Graph, s) -> list[Literal]:
    return [o for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel) for o in graph.objects(s, p)]


def is_devanagari_text(text: str) -> bool:
    """Letters are Devanagari; digits, spaces and punctuation may appear."""
    letters = [c for c in text if unicodedata.category(c)[0] in "LM"]
    return bool(letters) and all("\u0900" <= c <= "\u097f" for c in letters)


def is_latin_text(text: str) -> bool:
    letters = [c for c in text if unicodedata.category(c)[0] in "LM"]
    return bool(letters) and all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)


@pytest.mark.parametrize("name", CATALOGUES)
def test_catalogue_parses_and_is_not_empty(name):
    g = catalogue(name)
    assert len(g) > 0


@pytest.mark.parametrize("name", CATALOGUES)
def test_catalogue_is_strict_turtle(name):
    """rdflib is lenient; the store loader (pyoxigraph) is not."""
    ox = pytest.importorskip("pyoxigraph")
    triples = list(ox.parse(path=str(REFERENCE / f"{name}.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(catalogue(name))


@pytest.mark.parametrize("name,minimum", [("organisations", 150), ("schemes", 60), ("sectors", 40),
                                          ("roles", 60), ("places", 60), ("people", 10)])
def test_catalogue_breadth(name, minimum):
    assert len(entities(catalogue(name))) >= minimum


def test_country_breadth():
    g = catalogue("countries")
    assert len(set(g.subjects(RDF.type, URIRef(UPKG + "Country")))) >= 60


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_typed_subject_has_one_english_label(name):
    g = catalogue(name)
    for s in set(g.subjects(RDF.type, None)):
        en = [o for o in g.objects(s, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        assert len(en) == 1, f"{s} needs exactly one @en rdfs:label, has {en}"
        hi = [o for o in g.objects(s, RDFS.label) if isinstance(o, Literal) and o.language == "hi"]
        assert len(hi) <= 1, f"{s} has several @hi rdfs:labels: {hi}"


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_typed_subject_has_an_entity_type(name):
    g = catalogue(name)
    for s in set(g.subjects(RDF.type, None)):
        types = set(g.objects(s, RDF.type))
        assert family(g, s) or types == {SKOS.ConceptScheme}, f"{s} has no entity type from kg.ttl: {types}"


@pytest.mark.parametrize("name", CATALOGUES)
def test_labels_are_in_the_script_of_their_language_tag(name):
    g = catalogue(name)
    for s, p, o in g:
        if p not in (RDFS.label, SKOS.altLabel, SKOS.prefLabel):
            continue
        assert isinstance(o, Literal) and o.language in ("en", "hi"), f"{s} {p} {o!r}: tag it @en or @hi"
        text = str(o)
        assert text == text.strip() and "  " not in text, f"stray spaces in {text!r} of {s}"
        if o.language == "hi":
            assert is_devanagari_text(text), f"{text!r}@hi of {s} is not Devanagari"
        else:
            assert is_latin_text(text) and not DEVANAGARI.search(text), f"{text!r}@en of {s} is not Latin script"


@pytest.mark.parametrize("name", CATALOGUES)
def test_upkg_terms_exist_in_the_ontology(name):
    g = catalogue(name)
    onto = ontology()
    defined = {str(s) for s in onto.subjects(RDF.type, OWL.Class)}
    defined |= {str(s) for s in onto.subjects(RDF.type, OWL.ObjectProperty)}
    defined |= {str(s) for s in onto.subjects(RDF.type, OWL.DatatypeProperty)}
    used = {str(t) for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(UPKG)}
    assert used <= defined, f"upkg terms not in kg.ttl: {sorted(used - defined)}"


@pytest.mark.parametrize("name", CATALOGUES)
def test_iris_follow_the_slug_rule(name):
    g = catalogue(name)
    for s in entities(g):
        fam = family(g, s)
        kind = "country" if (s, RDF.type, URIRef(UPKG + "Country")) in g else KIND_OF_FAMILY[fam]
        label = next(str(o) for o in g.objects(s, RDFS.label) if o.language == "en")
        assert str(s) == entity_iri(kind, label), f"{s} should be {entity_iri(kind, label)} (label {label!r})"


@pytest.mark.parametrize("name", CATALOGUES)
def test_organisations_and_people_have_a_source(name):
    """The SHACL provenance shape needs a dcterms:source on reference organisations and people."""
    g = catalogue(name)
    for s in entities(g):
        if family(g, s) in ("Organization", "Person"):
            assert list(g.objects(s, DCTERMS_SOURCE)), f"{s} has no dcterms:source"


def test_links_point_at_known_entities():
    ref = reference()
    g = catalogues()
    known = set(ref.subjects(RDF.type, None))
    for p in (URIRef(UPKG + "locatedIn"), URIRef(UPKG + "concerns"), URIRef(UPKG + "roleOrganization"),
              SKOS.broader, SKOS.inScheme, SKOS.topConceptOf):
        for s, o in g.subject_objects(p):
            assert o in known, f"{s} {p} {o}: no such entity in ontology/reference"


def test_located_in_and_concerns_ranges():
    ref = reference()
    g = catalogues()
    fam = lambda x: family(ref, x)  # noqa: E731
    for s, o in g.subject_objects(URIRef(UPKG + "locatedIn")):
        assert fam(o) == "Place", f"{s} is located in {o}, which is not a place"
    for s, o in g.subject_objects(URIRef(UPKG + "concerns")):
        assert fam(o) == "Sector", f"{s} concerns {o}, which is not a sector"
    for s, o in g.subject_objects(SKOS.broader):
        assert fam(s) == fam(o) == "Sector"


def test_concepts_have_preflabel_equal_to_label():
    g = catalogues()
    for cls in ("Scheme", "Sector", "Role"):
        for s in g.subjects(RDF.type, URIRef(UPKG + cls)):
            assert set(g.objects(s, SKOS.prefLabel)) == set(g.objects(s, RDFS.label)), s
            assert list(g.objects(s, SKOS.inScheme)), f"{s} has no skos:inScheme"


def test_role_organisations():
    g = catalogue("roles")
    org = URIRef(UPKG + "roleOrganization")
    got = {str(next(l for l in g.objects(s, RDFS.label) if l.language == "en")): str(o) for s, o in g.subject_objects(org)}
    assert got == {
        "Chief Minister": GOV_UP, "Deputy Chief Minister": GOV_UP,
        "Prime Minister": GOV_IN, "Union Minister": GOV_IN, "Union Minister of State": GOV_IN,
    }


def test_role_lookups():
    """A few forms news uses resolve to the normalised title."""
    g = catalogue("roles")
    title = {}
    for s in entities(g):
        en = next(str(o) for o in g.objects(s, RDFS.label) if o.language == "en")
        for n in names(g, s):
            title[alias_key(str(n))] = en
    for form, expected in [("प्रांतीय अध्यक्ष", "State President"), ("उपायुक्त उद्योग", "Deputy Commissioner (Industries)"),
                           ("DM", "District Magistrate"), ("ज़िलाधिकारी", "District Magistrate"),
                           ("अपर मुख्य सचिव", "Additional Chief Secretary"), ("MD & CEO", "Managing Director and CEO"),
                           ("सीएम", "Chief Minister"), ("कुलपति", "Vice Chancellor"), ("महाप्रबंधक", "General Manager")]:
        assert title.get(alias_key(form)) == expected, form


def test_india_and_uttar_pradesh_hindi_names():
    g = catalogue("countries")
    india, up = URIRef(ID + "country/india"), URIRef(ID + "state/uttar-pradesh")
    assert Literal("भारत", lang="hi") in set(g.objects(india, RDFS.label))
    assert Literal("उत्तर प्रदेश", lang="hi") in set(g.objects(up, RDFS.label))
    assert {Literal("UP", lang="en"), Literal("यूपी", lang="hi")} <= set(g.objects(up, SKOS.altLabel))
    # India and the states are typed by the generated files, not here.
    assert not list(g.objects(india, RDF.type)) and not list(g.objects(up, RDF.type))


def test_iso_codes():
    g = catalogue("countries")
    codes = defaultdict(list)
    for s, o in g.subject_objects(URIRef(UPKG + "isoCode")):
        assert re.fullmatch(r"[A-Z]{2}", str(o)), f"{s}: {o} is not ISO 3166-1 alpha-2"
        codes[str(o)].append(s)
    assert all(len(v) == 1 for v in codes.values()), {k: v for k, v in codes.items() if len(v) > 1}


def _alias_index(graph: Graph, subjects) -> dict[tuple, dict[str, set[str]]]:
    """alias key -> family -> entities, for the given subjects."""
    index: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s in subjects:
        fam = family(graph, s)
        for n in names(graph, s):
            key = alias_key(str(n))
            assert key, f"{n!r} of {s} has no gazetteer key"
            index[key][fam].add(str(s))
    return index


def test_no_alias_names_two_entities_of_one_family_in_the_catalogues():
    g = catalogues()
    clashes = {k: {f: sorted(e) for f, e in fams.items() if len(e) > 1}
               for k, fams in _alias_index(g, entities(g)).items()}
    clashes = {k: v for k, v in clashes.items() if v and k not in DOCUMENTED_OVERLAPS}
    assert not clashes, f"aliases naming several entities of one family: {clashes}"


def test_no_alias_clash_with_any_reference_file():
    """Across every reference file, an alias of a catalogue entity names nothing else, whatever its
    family, unless documented (the gazetteer ranks families, so a clash hides one reading)."""
    ref = reference()
    mine = set(entities(catalogues()))
    index = _alias_index(ref, entities(ref))
    clashes = {}
    for key, fams in index.items():
        ents = set().union(*fams.values())
        if len(ents) > 1 and ents & {str(m) for m in mine} and key not in DOCUMENTED_OVERLAPS:
            clashes[key] = {f: sorted(e) for f, e in fams.items()}
    assert not clashes, f"undocumented alias clashes: {clashes}"
