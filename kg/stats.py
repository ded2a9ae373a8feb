"""``kg stats``: what the store holds, counted with SPARQL over the union of its graphs.

``stats`` returns a plain dict (for notebooks and tests); ``render`` prints it as a table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg import iris
from kg.paths import shown, store_path
from kg.store import current, open_store
from kg.vocab import PREFIXES

# Entity types (kg.models.ENTITY_TYPES) and the ontology class each is counted by, with subclasses.
ENTITY_CLASSES = {
    "Person": "foaf:Person",
    "Organization": "org:Organization",
    "Place": "upkg:Place",
    "Scheme": "upkg:Scheme",
    "Event": "upkg:Event",
    "Sector": "upkg:Sector",
    "Product": "upkg:Product",
}
RECORD_CLASSES = {
    "articles": "schema:NewsArticle",
    "mentions": "upkg:Mention",
    "posts": "upkg:PostHolding",
    "events": "upkg:Event",
    "statistics": "upkg:Statistic",
    "relations": "upkg:Assertion",
}

_ENTITIES = """
SELECT ?cls (COUNT(DISTINCT ?e) AS ?all) (COUNT(DISTINCT ?m) AS ?mentioned) WHERE {
  VALUES ?cls { %s }
  ?e a ?c . ?c rdfs:subClassOf* ?cls .
  OPTIONAL { ?mention oa:hasBody ?e . BIND(?e AS ?m) }
} GROUP BY ?cls
"""
_RECORDS = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* %s }"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _query(st: ox.Store, sparql: str):
    return st.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)


def stats(store_at: Path | str | None = None) -> dict:
    """Counts of the published store: graphs, triples, records and entities by type.

    The returned dict has ``store``, ``generation``, ``triples``, ``graphs`` (graph kind -> count of
    graphs and triples), ``records`` (articles, mentions, posts, events, statistics, relations) and
    ``entities`` (type -> ``{"all": n, "mentioned": n}``, where *mentioned* counts those an article
    names).
    """
    path = Path(store_at) if store_at is not None else store_path()
    st = open_store(path)
    graphs: dict[str, dict[str, int]] = {}
    for row in _query(st, _GRAPHS):
        kind = _graph_kind(row["g"].value)
        entry = graphs.setdefault(kind, {"graphs": 0, "triples": 0})
        entry["graphs"] += 1
        entry["triples"] += int(row["n"].value)
    records = {name: int(next(iter(_query(st, _RECORDS % cls)))["n"].value)
               for name, cls in RECORD_CLASSES.items()}
    by_class = {row["cls"].value: (int(row["all"].value), int(row["mentioned"].value))
                for row in _query(st, _ENTITIES % " ".join(ENTITY_CLASSES.values()))}
    entities = {}
    for kind, curie in ENTITY_CLASSES.items():
        prefix, _, local = curie.partition(":")
        total, mentioned = by_class.get(PREFIXES[prefix] + local, (0, 0))
        entities[kind] = {"all": total, "mentioned": mentioned}
    return {
        "store": shown(path),
        "generation": current(path).name,
        "triples": len(st),
        "graphs": dict(sorted(graphs.items())),
        "records": records,
        "entities": entities,
    }


def _graph_kind(graph: str) -> str:
    if graph.startswith(iris.GRAPH + "article/"):
        return "article"
    if iris.is_linking_graph(graph):
        return "linking"  # one graph, or 64 buckets in a large store
    return {iris.ONTOLOGY_GRAPH: "ontology", iris.REFERENCE_GRAPH: "reference",
            iris.LINKING_GRAPH: "linking"}.get(graph, graph)


def render(data: dict) -> str:
    """The statistics as an aligned table."""
    lines = [f"Store {data['store']} ({data['generation']})", f"  {'triples':<22}{data['triples']:>8,}"]
    for kind, entry in data["graphs"].items():
        label = f"{kind} graphs" if entry["graphs"] > 1 else f"{kind} graph"
        lines.append(f"  {label:<22}{entry['graphs']:>8,}  ({entry['triples']:,} triples)")
    for name, n in data["records"].items():
        lines.append(f"  {name:<22}{n:>8,}")
    lines.append(f"  {'entities by type':<22}{'all':>8}  {'mentioned in articles':>21}")
    for kind, counts in data["entities"].items():
        lines.append(f"    {kind:<20}{counts['all']:>8,}  {counts['mentioned']:>21,}")
    return "\n".join(lines)


def to_json(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)
