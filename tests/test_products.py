"""Checks of ontology/reference/products.ttl, the hand-curated vocabulary of goods and crafts.

The file mints products (upkg:Product) and adds aliases, broader links and sectors to the ODOP
products of the generated odop.ttl. These tests keep it usable by the gazetteer: it parses, every
product has English labels, labels are in the script their language tag says, IRIs follow
kg.iris.entity_iri, links point at entities that exist, and no alias names two different products
(or a product and any other reference entity) unless the overlap is documented below.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.gazetteer import alias_key
from kg.iris import entity_iri

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "ontology" / "reference"
PRODUCTS = REFERENCE / "products.ttl"
ODOP = REFERENCE / "odop.ttl"

UPKG = "https://w3id.org/upkg/ontology#"
PRODUCT = URIRef(UPKG + "Product")
SECTOR = URIRef(UPKG + "Sector")
IN_SECTOR = URIRef(UPKG + "inSector")
SCHEME = URIRef("https://w3id.org/upkg/id/scheme-of/products")
ID = "https://w3id.org/upkg/id/"
NAME_PREDICATES = (RDFS.label, SKOS.altLabel, SKOS.prefLabel)

# Alias strings (compared as kg.gazetteer.alias_key compares them: case, nukta, anusvara and vowel
# length folded, last word stemmed) that knowingly name more than one product, with the reason.
DOCUMENTED_PRODUCT_OVERLAPS = {
    "कालीन": "odop.ttl gives कालीन as the Hindi label of three ODOP products (Carpets, Carpet (Dari), "
             "Carpets and Dari), one per district row of the source table; products.ttl adds no further "
             "कालीन alias. The shortest IRI, Carpets, wins in the gazetteer.",
    "home furnishings": "odop.ttl has both Home Furnishing and Home Furnishings (two spellings in the source "
                        "table); products.ttl links them by skos:broader and adds no alias of that form.",
}

# Aliases of products.ttl that knowingly also name a non-product reference entity, with the reason.
DOCUMENTED_OTHER_OVERLAPS: dict[str, str] = {}

# Words deliberately kept out of the product aliases (see the header of products.ttl): ordinary words
# of news that would make false product mentions.
NOT_ALIASES = ["आम", "soap", "साबुन", "हथकरघा", "हैंडलूम", "चीनी", "शुगर", "सरसों", "दीये", "दीपक", "मधु", "चिकन", "इतर", "itr", "बिंदी", "जेवर",
               "कार", "लोहा", "लकड़ी", "paper", "पेपर", "कागज", "machinery", "मशीनरी", "pump", "पंप", "तार",
               "हथियार", "टीका", "टीके", "चारा", "आचार", "सेंसर", "chips", "चिप", "wafers", "वेफर", "mobile",
               "मोबाइल", "TV", "टीवी", "बाइक", "harness", "marble", "संगमरमर", "PCB", "ताला", "glass", "ग्लास",
               # the item vocabulary (see the header): ring road, हार (defeat), names, GeM, World Cup ...
               "ring", "rings", "हार", "बाली", "पायल", "गुड़िया", "रत्न", "gems", "cup", "cups", "कप", "plates",
               "bags", "बैग", "बोरी", "बोरा", "bottles", "hardware", "cotton", "glove", "gloves", "hinges",
               "bearings", "brakes", "pants", "vests", "thermals", "stoles", "jersey", "racket", "रैकेट",
               "कब्जा", "कब्जे", "अलमारी", "मटका", "साइकिल", "मोटर", "पर्दे", "jam", "जाम", "खोया", "रेवड़ी",
               "चूड़ा", "सोया", "gram", "candles", "कैंडल", "fireworks", "आतिशबाजी", "matches", "fans",
               "speakers", "loudspeakers", "knives", "umbrella", "tablets", "बन", "पाव", "नग"]

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@lru_cache(maxsize=1)
def products() -> Graph:
    g = Graph()
    g.parse(PRODUCTS)
    return g


@lru_cache(maxsize=1)
def odop() -> Graph:
    g = Graph()
    g.parse(ODOP)
    return g


@lru_cache(maxsize=1)
def reference() -> Graph:
    """Every reference file, as the gazetteer reads them."""
    g = Graph()
    for path in sorted(REFERENCE.glob("*.ttl")):
        g.parse(path)
    return g


def minted() -> list[URIRef]:
    """Products typed in products.ttl (the ODOP products get their type from odop.ttl)."""
    return sorted(products().subjects(RDF.type, PRODUCT))


def all_products() -> set[URIRef]:
    """Products of products.ttl and odop.ttl together."""
    merged = products() + odop()
    return set(merged.subjects(RDF.type, PRODUCT))


def names(graph: Graph, s) -> list[Literal]:
    return [o for p in NAME_PREDICATES for o in graph.objects(s, p)]


def is_devanagari_text(text: str) -> bool:
    letters = [c for c in text if unicodedata.category(c)[0] in "LM"]
    return bool(letters) and all("\u0900" <= c <= "\u097f" for c in letters)


def is_latin_text(text: str) -> bool:
    letters = [c for c in text if unicodedata.category(c)[0] in "LM"]
    return bool(letters) and all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)


def test_file_parses_and_is_broad():
    assert len(products()) > 0
    assert len(minted()) >= 150
    in_scheme = set(products().subjects(SKOS.inScheme, SCHEME))
    assert len(in_scheme) >= 200, "the scheme also takes in the ODOP products the file describes"


def test_file_is_strict_turtle():
    """rdflib is lenient; the store loader (pyoxigraph) is not."""
    ox = pytest.importorskip("pyoxigraph")
    triples = list(ox.parse(path=str(PRODUCTS), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(products())


def test_every_product_has_english_label_and_preflabel():
    g = products()
    for s in minted():
        for p in (RDFS.label, SKOS.prefLabel):
            en = [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == "en"]
            assert len(en) == 1, f"{s} needs exactly one @en {p}, has {en}"
            hi = [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == "hi"]
            assert len(hi) <= 1, f"{s} has several @hi {p}: {hi}"
        assert set(g.objects(s, SKOS.prefLabel)) == set(g.objects(s, RDFS.label)), f"{s}: prefLabel != label"
        assert (s, SKOS.inScheme, SCHEME) in g, f"{s} is not in the products scheme"


def test_labels_are_in_the_script_of_their_language_tag():
    for s, p, o in products():
        if p not in NAME_PREDICATES:
            continue
        assert isinstance(o, Literal) and o.language in ("en", "hi"), f"{s} {p} {o!r}: tag it @en or @hi"
        text = str(o)
        assert text == text.strip() and "  " not in text, f"stray spaces in {text!r} of {s}"
        if o.language == "hi":
            assert is_devanagari_text(text), f"{text!r}@hi of {s} is not Devanagari"
        else:
            assert is_latin_text(text) and not DEVANAGARI.search(text), f"{text!r}@en of {s} is not Latin script"


def test_minted_iris_follow_the_slug_rule_and_do_not_duplicate_odop():
    g = products()
    odop_products = set(odop().subjects(RDF.type, PRODUCT))
    for s in minted():
        label = next(str(o) for o in g.objects(s, RDFS.label) if o.language == "en")
        assert str(s) == entity_iri("product", label), f"{s} should be {entity_iri('product', label)}"
        assert s not in odop_products, f"{s} is already an ODOP product in odop.ttl"


def test_described_odop_products_exist_and_keep_their_labels():
    """A subject not typed here must be an ODOP product; the file adds no type or labels to it."""
    g = products()
    odop_products = set(odop().subjects(RDF.type, PRODUCT))
    typed_here = set(g.subjects(RDF.type, None))
    for s in set(g.subjects()) - typed_here:
        assert s in odop_products, f"{s} is described in products.ttl but is no ODOP product of odop.ttl"
        for p in (RDFS.label, SKOS.prefLabel, RDF.type):
            assert not list(g.objects(s, p)), f"{s}: {p} of an ODOP product belongs in odop.ttl"


def test_links_point_at_known_entities():
    ref = reference()
    sectors = set(ref.subjects(RDF.type, SECTOR))
    prods = set(ref.subjects(RDF.type, PRODUCT))
    g = products()
    for s, o in g.subject_objects(IN_SECTOR):
        assert o in sectors, f"{s} upkg:inSector {o}: no such sector in ontology/reference"
        assert s in prods, f"{s} has a sector but is no product"
    for s, o in g.subject_objects(SKOS.broader):
        assert o in prods, f"{s} skos:broader {o}: no such product in ontology/reference"
        assert o != s
    for p in (SKOS.inScheme, SKOS.topConceptOf):
        for s, o in g.subject_objects(p):
            assert o == SCHEME, f"{s} {p} {o}: only the products scheme is used here"
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g


def test_broader_has_no_cycles():
    merged = products() + odop()
    parents = defaultdict(set)
    for s, o in merged.subject_objects(SKOS.broader):
        parents[s].add(o)

    def ancestors(x, seen=()):
        for p in parents.get(x, ()):
            assert p not in seen and p != x, f"skos:broader cycle through {x}"
            yield p
            yield from ancestors(p, seen + (x,))

    for s in list(parents):
        list(ancestors(s))


def test_top_concepts_have_no_broader():
    g = products()
    for s in g.subjects(SKOS.topConceptOf, SCHEME):
        assert not list(g.objects(s, SKOS.broader)), f"{s} is a top concept with a broader product"


def _index(graph: Graph, subjects) -> dict[tuple, set[str]]:
    index: dict[tuple, set[str]] = defaultdict(set)
    for s in subjects:
        for n in names(graph, s):
            key = alias_key(str(n))
            assert key, f"{n!r} of {s} has no gazetteer key"
            index[key].add(str(s))
    return index


def test_no_alias_names_two_products():
    merged = products() + odop()
    documented = {alias_key(a) for a in DOCUMENTED_PRODUCT_OVERLAPS}
    clashes = {k: sorted(v) for k, v in _index(merged, all_products()).items() if len(v) > 1 and k not in documented}
    assert not clashes, f"aliases naming several products: {clashes}"


def test_documented_overlaps_are_real():
    """A documented overlap that no longer exists should be removed from the list."""
    merged = products() + odop()
    index = _index(merged, all_products())
    for alias in DOCUMENTED_PRODUCT_OVERLAPS:
        assert len(index.get(alias_key(alias), ())) > 1, f"{alias!r} no longer names several products"


def test_no_alias_of_this_file_names_another_reference_entity():
    """The gazetteer ranks entity families, so an alias shared with a sector, place, organisation or
    scheme would hide one reading: products.ttl's aliases name nothing else in ontology/reference."""
    ref = reference()
    mine = _index(products(), set(products().subjects()) - {SCHEME})
    others = _index(ref, {s for s in set(ref.subjects(RDF.type, None))
                          if (s, RDF.type, PRODUCT) not in ref and (s, RDF.type, SKOS.ConceptScheme) not in ref})
    documented = {alias_key(a) for a in DOCUMENTED_OTHER_OVERLAPS}
    clashes = {k: sorted(others[k]) for k in mine if k in others and k not in documented}
    assert not clashes, f"products.ttl aliases that also name other reference entities: {clashes}"


def test_ambiguous_words_are_not_aliases():
    index = _index(products(), set(products().subjects()) - {SCHEME})
    for word in NOT_ALIASES:
        assert alias_key(word) not in index, f"{word!r} is a product alias; the header of products.ttl rules it out"


@lru_cache(maxsize=1)
def _lookup() -> dict[tuple, set[str]]:
    merged = products() + odop()
    return _index(merged, all_products())


@pytest.mark.parametrize("form,slug", [
    ("कांच की चूड़ियां", "glass-bangles"), ("चूड़ियों", "bangles"), ("glass bangles", "glass-bangles"),
    ("कांच की कलाकृतियों", "glass-artefacts"), ("झूमर", "chandeliers"), ("दरी", "durries"),
    ("ब्रासवेयर", "brassware-craft"), ("पीतल के बर्तन", "brass-utensils"), ("नक्काशी", "nakkashi"),
    ("ताले", "locks"), ("तालों", "locks"), ("जूते", "footwear"), ("जूता", "footwear"), ("फुटवियर", "footwear"),
    ("shoes", "footwear"), ("saddlery", "saddlery-and-harness"), ("readymade garments", "readymade-garments"),
    ("हथकरघा उत्पाद", "handloom"), ("बनारसी साड़ी", "banarasi-silk-saree"), ("Banarasi sarees", "banarasi-silk-saree"),
    ("जरदोजी", "zari-zardozi"), ("चिकनकारी", "chikankari"), ("इत्र", "perfume-attar"), ("attar", "perfume-attar"),
    ("अगरबत्ती", "incense-sticks"), ("मिट्टी के बर्तन", "clay-pottery"), ("टेराकोटा", "terracotta"),
    ("चीनी मिट्टी", "ceramic-products"), ("खिलौने", "toys"), ("खिलौनों", "toys"), ("सॉफ्ट टॉय", "soft-toys"),
    ("खेल सामान", "sports-goods"), ("खेल के सामान", "sports-goods"), ("स्पोर्ट्स गुड्स", "sports-goods"),
    ("furniture", "furniture"), ("पेठा", "petha-industry"), ("गुड़", "jaggery"), ("आलू", "potato"),
    ("mangoes", "mango"), ("दशहरी आम", "mango"), ("घी", "desi-ghee"), ("दूध", "milk"), ("मूंज", "moonj-products"),
    ("कपड़ा", "textile-products"), ("धागा", "yarn"), ("केमिकल", "chemical-products"),
    ("मेडिकल उपकरण", "medical-equipment"), ("mobile phones", "mobile-phones"), ("display panels", "display-panels"),
    ("display driver chips", "display-driver-chips"), ("compound semiconductors", "compound-semiconductors"),
    ("drones", "drones"), ("ड्रोन", "drones"), ("e-rickshaws", "e-rickshaws"), ("solar panels", "solar-panels"),
    ("बायोगैस", "biogas"), ("tractors", "tractors"), ("auto components", "auto-components"),
    # item-level products of the clusters
    ("footballs", "footballs"), ("फुटबॉल", "footballs"), ("boxing gloves", "boxing-gloves"),
    ("T-shirts", "t-shirts"), ("टी-शर्ट", "t-shirts"), ("knitted garments", "hosiery-products"),
    ("sportswear", "sportswear"), ("door fittings", "door-fittings"), ("padlock parts", "padlock-parts"),
    ("पेंडेंट", "pendants"), ("अंगूठियां", "finger-rings"), ("paperweights", "paperweights"),
    ("कप-प्लेट", "cups-and-plates"), ("टी सेट", "tea-sets"), ("dinner sets", "dinner-sets"),
    ("गमले", "flower-pots"), ("tableware", "tableware"), ("lamps", "lamps"), ("hair clippers", "hair-clippers"),
    ("पटाखे", "firecrackers"), ("firecrackers", "firecrackers"), ("tyres", "tyres"), ("मक्का", "maize"),
])
def test_news_forms_resolve_to_the_expected_product(form, slug):
    iris = _lookup().get(alias_key(form), set())
    assert iris == {ID + "product/" + slug}, f"{form!r} names {sorted(iris)}, expected product/{slug}"
