"""The generated reference vocabularies (districts, divisions, states, ODOP products).

The tests read the committed files in ``ontology/reference/`` (what the product loads) and the
tables in ``ontology/sources/``; nothing outside the repository.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg import refdata
from kg.iris import entity_iri
from kg.vocab import SCHEMA, UPKG

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "ontology" / "reference"
SOURCES = ROOT / "ontology" / "sources"
GENERATED = ("districts.ttl", "states.ttl", "odop.ttl", "towns.ttl")


def district(name: str) -> URIRef:
    return URIRef(entity_iri("district", name))


def division(name: str) -> URIRef:
    return URIRef(entity_iri("division", name))


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for name in GENERATED:
        g.parse(REFERENCE / name, format="turtle")
    return g


def test_generator_reads_only_the_repository():
    assert refdata.SOURCES_DIR == SOURCES and refdata.REFERENCE_DIR == REFERENCE
    assert "/work/shared" not in Path(refdata.__file__).read_text(encoding="utf-8")


def test_kanpur_nagar(graph):
    kanpur = district("Kanpur Nagar")
    assert (kanpur, RDF.type, UPKG.District) in graph
    assert (kanpur, RDFS.label, Literal("Kanpur Nagar", lang="en")) in graph
    assert (kanpur, RDFS.label, Literal("कानपुर नगर", lang="hi")) in graph
    assert (kanpur, UPKG.lgdCode, Literal("157")) in graph
    assert (kanpur, UPKG.census2011Code, Literal("164")) in graph
    assert (kanpur, SKOS.altLabel, Literal("Kanpur", lang="en")) in graph
    assert (kanpur, UPKG.inDivision, division("Kanpur")) in graph
    assert (kanpur, UPKG.wikidata, URIRef("http://www.wikidata.org/entity/Q2089152")) in graph
    assert (kanpur, SCHEMA.containedInPlace, URIRef(entity_iri("state", "Uttar Pradesh"))) in graph


def test_75_districts_in_18_divisions(graph):
    districts = set(graph.subjects(RDF.type, UPKG.District))
    divisions = set(graph.subjects(RDF.type, UPKG.Division))
    assert len(districts) == 75
    assert len(divisions) == 18
    for d in districts:
        assert len(set(graph.objects(d, UPKG.inDivision))) == 1
        assert graph.value(d, UPKG.inDivision) in divisions
        assert len(set(graph.objects(d, UPKG.lgdCode))) == 1
    for d in divisions:
        assert (d, SCHEMA.containedInPlace, URIRef(entity_iri("state", "Uttar Pradesh"))) in graph


def test_bhadohi_is_in_mirzapur_division(graph):
    bhadohi = district("Bhadohi")
    assert (bhadohi, UPKG.inDivision, division("Mirzapur")) in graph
    assert (bhadohi, SKOS.altLabel, Literal("Sant Ravidas Nagar", lang="en")) in graph
    assert (division("Mirzapur"), SKOS.altLabel, Literal("Vindhyachal division", lang="en")) in graph


def test_official_lgd_names_and_aliases(graph):
    kheri = district("Kheri")
    assert (kheri, RDFS.label, Literal("खीरी", lang="hi")) in graph
    assert (kheri, SKOS.altLabel, Literal("Lakhimpur Kheri", lang="en")) in graph
    assert (kheri, SKOS.altLabel, Literal("लखीमपुर खीरी", lang="hi")) in graph
    assert (district("Kushi Nagar"), SKOS.altLabel, Literal("Kushinagar", lang="en")) in graph
    assert (division("Prayagraj"), SKOS.altLabel, Literal("Allahabad division", lang="en")) in graph


def test_bhunaksha_hindi_spellings_are_alt_labels(graph):
    assert (district("Azamgarh"), SKOS.altLabel, Literal("आजमगढ", lang="hi")) in graph
    assert (district("Sant Kabeer Nagar"), SKOS.altLabel, Literal("सन्तकबीर नगर", lang="hi")) in graph
    # A spelling equal to the Hindi label is not repeated as an alternative label.
    assert (district("Azamgarh"), SKOS.altLabel, Literal("आजमगढ़", lang="hi")) not in graph


def test_alt_labels_are_tagged_by_script(graph):
    for _, _, label in graph.triples((None, SKOS.altLabel, None)):
        devanagari = any("\u0900" <= ch <= "\u097f" for ch in label)
        assert label.language == ("hi" if devanagari else "en"), label


def test_empty_cells_produce_no_triple(graph):
    for name in ("Amethi", "Hapur", "Sambhal", "Shamli"):
        assert graph.value(district(name), UPKG.census2011Code) is None
        assert graph.value(district(name), UPKG.lgdCode) is not None
    assert graph.value(URIRef(entity_iri("state", "Ladakh")), UPKG.census2011Code) is None
    dnhdd = URIRef(entity_iri("state", "The Dadra and Nagar Haveli and Daman and Diu"))
    assert graph.value(dnhdd, UPKG.isoCode) is None


def test_states_of_india(graph):
    india = URIRef(entity_iri("country", "India"))
    states = set(graph.subjects(RDF.type, UPKG.State))
    assert len(states) == 36
    assert all((s, SCHEMA.containedInPlace, india) in graph for s in states)
    up = URIRef(entity_iri("state", "Uttar Pradesh"))
    assert (up, UPKG.isoCode, Literal("IN-UP")) in graph
    assert (up, UPKG.census2011Code, Literal("09")) in graph
    assert (india, RDF.type, UPKG.Country) in graph
    # No source gives Hindi names for Uttar Pradesh or India: none are invented.
    assert not [label for label in graph.objects(up, RDFS.label) if label.language == "hi"]


def test_firozabad_odop_product_is_glassware(graph):
    products = set(graph.objects(district("Firozabad"), UPKG.odopProduct))
    labels = {str(graph.value(p, SKOS.prefLabel)) for p in products}
    assert any("glass" in label.lower() for label in labels)
    glassware = URIRef(entity_iri("product", "Glassware"))
    assert glassware in products
    assert (glassware, RDF.type, UPKG.Product) in graph
    assert (glassware, SKOS.inScheme, refdata.ODOP_SCHEME) in graph
    assert (glassware, RDFS.label, Literal("कांच के सामान", lang="hi")) in graph
    assert (glassware, DCTERMS.source, Literal("ETV_FIROZABAD")) in graph


def test_every_odop_row_is_a_link(graph):
    with open(SOURCES / "up_odop.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    links = set(graph.triples((None, UPKG.odopProduct, None)))
    assert links == {
        (district(r["district_en"]), UPKG.odopProduct, URIRef(entity_iri("product", r["product_en"])))
        for r in rows
    }
    districts = set(graph.subjects(RDF.type, UPKG.District))
    assert {s for s, _, _ in links} == districts  # every district has a product, no unknown district
    assert (refdata.ODOP_SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    for product in graph.subjects(RDF.type, UPKG.Product):
        for language in ("en", "hi"):
            assert len([x for x in graph.objects(product, SKOS.prefLabel) if x.language == language]) <= 1


def test_committed_files_equal_a_fresh_regeneration(tmp_path):
    written = refdata.write_reference(tmp_path)
    assert sorted(path.name for path in written) == sorted(GENERATED)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (REFERENCE / name).read_bytes(), (
            f"ontology/reference/{name} is out of date: run `python -m kg.refdata`"
        )


def test_regeneration_is_deterministic(tmp_path):
    first = refdata.write_reference(tmp_path / "a")
    second = refdata.write_reference(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_generated_files_name_their_sources():
    for name, (_, sources) in refdata.OUTPUTS.items():
        head = (REFERENCE / name).read_text(encoding="utf-8").splitlines()[:4]
        assert "python -m kg.refdata" in head[0]
        assert all(f"ontology/sources/{source}" in head[1] for source in sources)


def test_towns_are_cities_in_their_district_and_common_words_have_latin_names_only(graph):
    ghosi = URIRef(entity_iri("place", "Ghosi Mau"))
    assert (ghosi, RDF.type, UPKG.City) in graph
    assert (ghosi, RDFS.label, Literal("घोसी", lang="hi")) in graph
    assert (ghosi, UPKG.locatedIn, district("Mau")) in graph
    khair = URIRef(entity_iri("place", "Khair Aligarh"))
    assert {o for o in graph.objects(khair, RDFS.label)} == {Literal("Khair", lang="en")}
    # one name, two districts: two towns
    assert (URIRef(entity_iri("place", "Naugarh Chandauli")), UPKG.locatedIn, district("Chandauli")) in graph
    assert (URIRef(entity_iri("place", "Naugarh Siddharth Nagar")), UPKG.locatedIn, district("Siddharth Nagar")) in graph


def test_a_town_in_no_known_district_is_an_error_naming_it(tmp_path):
    for name in ("up_districts.csv", "up_towns.csv"):
        (tmp_path / name).write_text((SOURCES / name).read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "up_towns.csv", "a", encoding="utf-8") as f:
        f.write("Kanpurr,Bithoor,बिठूर,,town,no\n")
    with pytest.raises(ValueError, match="'Bithoor' is in 'Kanpurr', which is no district"):
        refdata.towns_graph(tmp_path)
