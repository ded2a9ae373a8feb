"""Reference vocabularies generated from the sourced tables in ``ontology/sources/``.

``python -m kg.refdata`` regenerates ``ontology/reference/districts.ttl`` (the 75 districts, the 18
divisions, Uttar Pradesh and India), ``states.ttl`` (the 36 states and union territories of India) and
``odop.ttl`` (ODOP products as a SKOS concept scheme and the district-to-product links) and
``towns.ttl`` (towns below district level, from the project's own curated ``up_towns.csv``). Every value
comes from a source table; an empty cell produces no triple. The source ids in ``dcterms:source`` are
explained in ``ontology/sources/SOURCES.md`` §1.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.iris import entity_iri
from kg.vocab import SCHEMA, UPKG, bind_prefixes

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT / "ontology" / "sources"
REFERENCE_DIR = ROOT / "ontology" / "reference"

ODOP_SCHEME = URIRef("https://w3id.org/upkg/id/scheme-of/odop-products")
WIKIDATA = "http://www.wikidata.org/entity/"
STATE = "Uttar Pradesh"
COUNTRY = "India"

# Division names beyond the English name: ontology/sources/up_divisions.csv (from SOURCES.md §2).
# SOURCES.md §2 (name_en, lgd_code) and §5 (every column): the sources of every row of the two tables.
DISTRICT_SOURCES = ("LGD_PLANEMAD", "DATACOMMONS_LGD_WD")
STATE_SOURCES = ("LGD_PLANEMAD", "DATACOMMONS_WD_STATES")

_DEVANAGARI = re.compile("[\u0900-\u097f]")
_VARIANTS_HEADING = "### Hindi name variants"


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file with a header row, every cell stripped of surrounding spaces."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def name_literal(text: str) -> Literal:
    """A name tagged ``@hi`` if it contains Devanagari, ``@en`` otherwise.

    >>> name_literal("कानपुर").language, name_literal("J.P. Nagar").language
    ('hi', 'en')
    """
    return Literal(text, lang="hi" if _DEVANAGARI.search(text) else "en")


def hindi_variants(sources_md: Path) -> dict[str, list[str]]:
    """Devanagari spellings per district from the "Hindi name variants" table of ``SOURCES.md``.

    Parameters
    ----------
    sources_md : Path
        ``SOURCES.md``; its table has the columns name_en, ODOPNEXT_DISTRICT_HI form, BhuNaksha form.

    Returns
    -------
    dict[str, list[str]]
        ``name_en`` -> the spellings in the table (both columns).
    """
    lines = sources_md.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith(_VARIANTS_HEADING))
    except StopIteration:
        raise ValueError(f"{sources_md}: no {_VARIANTS_HEADING!r} table") from None
    table = []
    for line in lines[start + 1:]:
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif table:
            break
    return {cells[0]: [c for c in cells[1:] if c] for cells in table[2:]}  # skip header, separator


def _add_sources(graph: Graph, subject: URIRef, ids) -> None:
    graph.addN((subject, DCTERMS.source, Literal(source_id), graph) for source_id in ids)


def _add_codes(graph: Graph, subject: URIRef, row: dict[str, str], columns: dict[str, URIRef]) -> None:
    for column, predicate in columns.items():
        if row.get(column):
            graph.add((subject, predicate, Literal(row[column])))
    if row.get("wikidata_qid"):
        graph.add((subject, UPKG.wikidata, URIRef(WIKIDATA + row["wikidata_qid"])))


def _add_state(graph: Graph, row: dict[str, str]) -> URIRef:
    state = URIRef(entity_iri("state", row["name_en"]))
    graph.add((state, RDF.type, UPKG.State))
    graph.add((state, RDFS.label, Literal(row["name_en"], lang="en")))
    graph.add((state, SCHEMA.containedInPlace, URIRef(entity_iri("country", COUNTRY))))
    codes = {"lgd_state_code": UPKG.lgdCode, "census2011_code": UPKG.census2011Code, "iso_3166_2": UPKG.isoCode}
    _add_codes(graph, state, row, codes)
    _add_sources(graph, state, STATE_SOURCES)
    return state


def _add_country(graph: Graph) -> None:
    country = URIRef(entity_iri("country", COUNTRY))
    graph.add((country, RDF.type, UPKG.Country))
    graph.add((country, RDFS.label, Literal(COUNTRY, lang="en")))


def states_graph(sources_dir: Path = SOURCES_DIR) -> Graph:
    """The states and union territories of India (``india_states.csv``), each contained in India."""
    graph = Graph()
    for row in read_table(sources_dir / "india_states.csv"):
        _add_state(graph, row)
    _add_country(graph)
    return graph


def districts_graph(sources_dir: Path = SOURCES_DIR) -> Graph:
    """The districts and divisions of Uttar Pradesh, Uttar Pradesh itself and India.

    Parameters
    ----------
    sources_dir : Path
        Folder with ``up_districts.csv``, ``india_states.csv`` (for the Uttar Pradesh row) and
        ``SOURCES.md`` (for the Hindi spelling variants, added as ``@hi`` alternative labels).

    Returns
    -------
    Graph
        Districts with labels, alternative labels, codes, division and state; divisions with labels.
    """
    graph = Graph()
    up_rows = [row for row in read_table(sources_dir / "india_states.csv") if row["name_en"] == STATE]
    if len(up_rows) != 1:
        raise ValueError(f"india_states.csv: expected one row for {STATE}, found {len(up_rows)}")
    up = _add_state(graph, up_rows[0])
    _add_country(graph)
    variants = hindi_variants(sources_dir / "SOURCES.md")
    rows = read_table(sources_dir / "up_districts.csv")
    unknown = set(variants) - {row["name_en"] for row in rows}
    if unknown:
        raise ValueError(f"SOURCES.md names Hindi variants of unknown districts: {sorted(unknown)}")
    for row in rows:
        district = URIRef(entity_iri("district", row["name_en"]))
        graph.add((district, RDF.type, UPKG.District))
        labels = [row["name_en"], row["name_hi"]]
        for label in filter(None, labels):
            graph.add((district, RDFS.label, name_literal(label)))
        aliases = [alias.strip() for alias in row["alt_names"].split(";")] + variants.get(row["name_en"], [])
        for alias in aliases:
            if alias and alias not in labels:
                graph.add((district, SKOS.altLabel, name_literal(alias)))
        graph.add((district, UPKG.inDivision, URIRef(entity_iri("division", row["division"]))))
        graph.add((district, SCHEMA.containedInPlace, up))
        _add_codes(graph, district, row, {"lgd_code": UPKG.lgdCode, "census2011_code": UPKG.census2011Code})
        _add_sources(graph, district, DISTRICT_SOURCES)
    names = {row["division"]: row for row in read_table(sources_dir / "up_divisions.csv")}
    for name in sorted({row["division"] for row in rows}):
        division = URIRef(entity_iri("division", name))
        graph.add((division, RDF.type, UPKG.Division))
        graph.add((division, RDFS.label, Literal(f"{name} division", lang="en")))
        extra = names.get(name, {})
        if extra.get("name_hi"):
            graph.add((division, RDFS.label, Literal(extra["name_hi"], lang="hi")))
        for alias in filter(None, (extra.get("alt_names") or "").split(";")):
            graph.add((division, SKOS.altLabel, name_literal(alias)))
        graph.add((division, SCHEMA.containedInPlace, up))
    return graph


def source_ids(cell: str) -> list[str]:
    """Source ids of an ``up_odop.csv`` ``source`` cell, including those after ``hi=``.

    >>> source_ids("C71428062136;ODOPNEXT_EVENT;hi=DRISHTI_HI+ODOPNEXT_CATEGORY_HI")
    ['C71428062136', 'ODOPNEXT_EVENT', 'DRISHTI_HI', 'ODOPNEXT_CATEGORY_HI']
    """
    ids: list[str] = []
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        ids.extend(p.strip() for p in part.removeprefix("hi=").split("+") if p.strip())
    return ids


def odop_graph(sources_dir: Path = SOURCES_DIR) -> Graph:
    """ODOP products (``up_odop.csv``) as a SKOS concept scheme, with ``upkg:odopProduct`` links.

    Rows with the same ``product_en`` are one product. When its rows give different Hindi names, the
    most frequent one (the first in file order on a tie) is the Hindi label and the others are
    ``@hi`` alternative labels. A product's ``dcterms:source`` is the union of its rows' sources; the
    source of each district-product pair stays in the CSV.
    """
    graph = Graph()
    graph.add((ODOP_SCHEME, RDF.type, SKOS.ConceptScheme))
    title = Literal("One District One Product (ODOP) products of Uttar Pradesh", lang="en")
    graph.add((ODOP_SCHEME, RDFS.label, title))
    graph.add((ODOP_SCHEME, SKOS.prefLabel, title))
    graph.add((ODOP_SCHEME, DCTERMS.description, Literal(
        "Products associated with the districts of Uttar Pradesh under the One District One Product "
        "scheme. The ODOP list changes over time and no source gives a dated, complete list, so "
        "upkg:odopProduct means 'associated ODOP product' (original 2018 product or a later addition).",
        lang="en")))
    english: dict[URIRef, str] = {}
    hindi: dict[URIRef, Counter] = {}
    for row in read_table(sources_dir / "up_odop.csv"):
        product = URIRef(entity_iri("product", row["product_en"]))
        if english.setdefault(product, row["product_en"]) != row["product_en"]:
            raise ValueError(f"products {english[product]!r} and {row['product_en']!r} share the IRI {product}")
        graph.add((URIRef(entity_iri("district", row["district_en"])), UPKG.odopProduct, product))
        _add_sources(graph, product, source_ids(row["source"]))
        if row["product_hi"]:
            hindi.setdefault(product, Counter())[row["product_hi"]] += 1
    for product, name in english.items():
        graph.add((product, RDF.type, UPKG.Product))
        graph.add((product, SKOS.inScheme, ODOP_SCHEME))
        graph.add((ODOP_SCHEME, SKOS.hasTopConcept, product))
        names_hi = [text for text, _ in hindi.get(product, Counter()).most_common()]
        for label in [Literal(name, lang="en")] + [Literal(text, lang="hi") for text in names_hi[:1]]:
            graph.add((product, RDFS.label, label))
            graph.add((product, SKOS.prefLabel, label))
        for other in names_hi[1:]:
            graph.add((product, SKOS.altLabel, Literal(other, lang="hi")))
    return graph


def towns_graph(sources_dir: Path = SOURCES_DIR) -> Graph:
    """Towns below district level (``up_towns.csv``): tehsil and district headquarters and other towns,
    each an ``upkg:City`` ``upkg:locatedIn`` its district, IRI ``place/<name>-<district>`` (one per
    district when two share a name). A name that is also an ordinary word or a given name
    (``common_word`` = yes: "Khair", "Mohan") gets its Latin spellings only, so it is read only when
    written capitalised in English text, never in Hindi, where no capital tells the town apart."""
    graph = Graph()
    districts = {row["name_en"] for row in read_table(sources_dir / "up_districts.csv")}
    seen: set[URIRef] = set()
    for row in read_table(sources_dir / "up_towns.csv"):
        if row["district_en"] not in districts:
            raise ValueError(f"up_towns.csv: {row['name_en']!r} is in {row['district_en']!r}, which is no district of up_districts.csv")
        town = URIRef(entity_iri("place", f"{row['name_en']} {row['district_en']}"))
        if town in seen:
            raise ValueError(f"up_towns.csv: {row['name_en']!r} ({row['district_en']}) is listed twice")
        seen.add(town)
        latin_only = row["common_word"] == "yes"
        names = [row["name_en"]] + ([row["name_hi"]] if row["name_hi"] and not latin_only else [])
        graph.add((town, RDF.type, UPKG.City))
        for name in names:
            graph.add((town, RDFS.label, name_literal(name)))
        for alias in filter(None, (a.strip() for a in row["alt_names"].split(";"))):
            if alias not in names and not (latin_only and _DEVANAGARI.search(alias)):
                graph.add((town, SKOS.altLabel, name_literal(alias)))
        graph.add((town, UPKG.locatedIn, URIRef(entity_iri("district", row["district_en"]))))
        _add_sources(graph, town, ("UPKG_CURATED",))
    return graph


# Generated file -> (builder, the source files it reads, named in the file's header).
OUTPUTS = {
    "districts.ttl": (districts_graph, ("up_districts.csv", "up_divisions.csv", "india_states.csv", "SOURCES.md")),
    "states.ttl": (states_graph, ("india_states.csv",)),
    "odop.ttl": (odop_graph, ("up_odop.csv",)),
    "towns.ttl": (towns_graph, ("up_towns.csv", "up_districts.csv")),
}


def reference_graph(sources_dir: Path = SOURCES_DIR) -> Graph:
    """Everything the source tables give: districts, divisions, states, India and ODOP products."""
    graph = Graph()
    bind_prefixes(graph)
    for build, _ in OUTPUTS.values():
        graph += build(sources_dir)
    return graph


def to_turtle(graph: Graph, file_name: str) -> str:
    """Turtle text of ``graph`` behind a header naming the generator and the source files.

    rdflib's Turtle serializer orders subjects, predicates, objects and prefixes by sorting, and the
    graphs have no blank nodes, so the same triples always give the same text.
    """
    sources = ", ".join(f"ontology/sources/{name}" for name in OUTPUTS[file_name][1])
    bind_prefixes(graph)
    header = (
        f"# ontology/reference/{file_name} -- GENERATED by `python -m kg.refdata` (kg/refdata.py); do not edit.\n"
        f"# Source files: {sources}.\n"
        "# Source ids in dcterms:source are explained in ontology/sources/SOURCES.md section 1.\n"
        "# To change a value, edit the source table and rerun `python -m kg.refdata`.\n\n"
    )
    return header + graph.serialize(format="turtle").rstrip("\n") + "\n"


def write_reference(out_dir: Path = REFERENCE_DIR, sources_dir: Path = SOURCES_DIR) -> list[Path]:
    """Write ``districts.ttl``, ``states.ttl``, ``odop.ttl`` and ``towns.ttl`` into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Target folder (created if missing); normally ``ontology/reference``.
    sources_dir : Path
        Folder with the source tables; normally ``ontology/sources``.

    Returns
    -------
    list[Path]
        The files written. Two runs on the same tables write byte-identical files.
    """
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    written = [Path(out_dir) / file_name for file_name in OUTPUTS]
    for path in written:
        path.write_bytes(to_turtle(OUTPUTS[path.name][0](Path(sources_dir)), path.name).encode("utf-8"))
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m kg.refdata [OUT_DIR]`` (default ``ontology/reference``)."""
    args = sys.argv[1:] if argv is None else argv
    print("\n".join(map(str, write_reference(Path(args[0]) if args else REFERENCE_DIR))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
