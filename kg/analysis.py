"""The graph as a network: a typed networkx projection of the RDF store, and analyses over it.

``project`` turns the store's quads into a ``networkx.MultiDiGraph`` whose nodes are the entities
(people, organisations, districts, divisions, places, events, schemes, sectors, products) and whose
edges are the relations between them, each with the articles and quotes that state it (or
``"reference"`` for the reference vocabularies). Everything else is a pure function of that graph
returning plain dicts and lists: centrality, communities, the district x sector/product matrix, the
connection between two entities with the evidence for each hop, a timeline of events, the
statistics with their sources. ``example_graph`` is a tiny made-up graph for the examples.

>>> G = example_graph()
>>> G.nodes[AGRA]["label"], G.nodes[AGRA]["label_hi"], G.nodes[AGRA]["type"]
('Agra', 'आगरा', 'District')
>>> [(d["label"], d["evidence"][0]["article"]) for _, _, d in G.edges(ASHA, data=True)]
[('President', 'ex1')]
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg import iris

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
UPKG = iris.ONTOLOGY

# Entity types, in the order the explorer's legend lists them, keyed by the IRI kind (kg.iris.KINDS).
TYPES = ("Person", "Organization", "District", "Division", "Place", "Event", "Scheme", "Sector", "Product")
_KIND_TYPE = {"person": "Person", "org": "Organization", "district": "District", "division": "Division",
              "state": "Place", "country": "Place", "place": "Place", "event": "Event", "scheme": "Scheme",
              "sector": "Sector", "product": "Product"}
# Weight of a hop in ``connection``: prefer what articles state over the reference vocabularies.
_REFERENCE_WEIGHT = 3

AGRA, ASHA = iris.ID + "district/agra", iris.ID + "person/asha-verma"
EXAMPLE_TRIG = """\
PREFIX id: <https://w3id.org/upkg/id/>
PREFIX upkg: <https://w3id.org/upkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX a: <https://w3id.org/upkg/article/>
GRAPH <https://w3id.org/upkg/graph/reference> {
  <https://w3id.org/upkg/id/district/agra> a upkg:District ; rdfs:label "Agra"@en , "आगरा"@hi ;
      upkg:inDivision <https://w3id.org/upkg/id/division/agra> ;
      upkg:odopProduct <https://w3id.org/upkg/id/product/leather-products> .
  <https://w3id.org/upkg/id/district/aligarh> a upkg:District ; rdfs:label "Aligarh"@en ;
      upkg:inDivision <https://w3id.org/upkg/id/division/aligarh> .
  <https://w3id.org/upkg/id/division/agra> a upkg:Division ; rdfs:label "Agra division"@en .
  <https://w3id.org/upkg/id/division/aligarh> a upkg:Division ; rdfs:label "Aligarh division"@en .
  <https://w3id.org/upkg/id/product/leather-products> a upkg:Product ; rdfs:label "Leather products"@en .
}
GRAPH <https://w3id.org/upkg/graph/linking> {
  <https://w3id.org/upkg/id/person/asha-verma> a foaf:Person ; rdfs:label "Asha Verma"@en , "आशा वर्मा"@hi .
  <https://w3id.org/upkg/id/org/footwear-guild> a upkg:IndustryAssociation ; rdfs:label "Footwear Guild"@en .
  <https://w3id.org/upkg/id/event/shoe-fair> a upkg:Exhibition ; rdfs:label "Shoe fair"@en .
}
GRAPH <https://w3id.org/upkg/graph/article/ex1> {
  a:ex1 a schema:NewsArticle ; schema:headline "A shoe fair in Agra" ; schema:datePublished "2026-01-05"^^xsd:date .
  <https://w3id.org/upkg/id/person/asha-verma> a foaf:Person ; org:memberOf <https://w3id.org/upkg/id/org/footwear-guild> .
  <https://w3id.org/upkg/id/org/footwear-guild> a upkg:IndustryAssociation .
  <https://w3id.org/upkg/id/district/agra> a upkg:District .
  a:ex1\\#m0 a upkg:Mention ; oa:hasBody <https://w3id.org/upkg/id/district/agra> ; oa:hasSource a:ex1 ;
      oa:start 0 ; oa:end 4 ; oa:exact "Agra" .
  a:ex1\\#m1 a upkg:Mention ; oa:hasBody <https://w3id.org/upkg/id/person/asha-verma> ; oa:hasSource a:ex1 ;
      oa:start 10 ; oa:end 20 ; oa:exact "Asha Verma" .
  a:ex1\\#post a upkg:PostHolding ; org:member <https://w3id.org/upkg/id/person/asha-verma> ;
      org:organization <https://w3id.org/upkg/id/org/footwear-guild> ; upkg:title "President" ; upkg:evidence a:ex1\\#ev1 .
  a:ex1\\#ev1 a upkg:Evidence ; oa:hasSource a:ex1 ; oa:start 10 ; oa:end 45 ; oa:exact "Asha Verma, president of the guild" .
  <https://w3id.org/upkg/id/event/shoe-fair> a upkg:Exhibition ; schema:startDate "2026-01-20"^^xsd:date ;
      schema:location <https://w3id.org/upkg/id/district/agra> ; schema:organizer <https://w3id.org/upkg/id/org/footwear-guild> ;
      upkg:participant <https://w3id.org/upkg/id/person/asha-verma> ; upkg:evidence a:ex1\\#ev2 .
  a:ex1\\#ev2 a upkg:Evidence ; oa:hasSource a:ex1 ; oa:start 50 ; oa:end 80 ; oa:exact "the guild holds a shoe fair in Agra" .
  a:ex1\\#st a upkg:Statistic ; upkg:about <https://w3id.org/upkg/id/district/agra> ; upkg:measure "footwear units" ;
      upkg:value 5000.0 ; upkg:unit "count" ; upkg:qualifier "more than" ; upkg:evidence a:ex1\\#ev3 .
  a:ex1\\#ev3 a upkg:Evidence ; oa:hasSource a:ex1 ; oa:start 90 ; oa:end 120 ; oa:exact "more than 5,000 footwear units" .
}
"""


def example_graph() -> nx.MultiDiGraph:
    """The projection of ``EXAMPLE_TRIG``: one made-up article about a shoe fair in Agra.

    >>> sorted(example_graph().graph["articles"])
    ['ex1']
    """
    import pyoxigraph as ox

    return project(ox.parse(EXAMPLE_TRIG, format=ox.RdfFormat.TRIG))


def ensure_store(store_at: Path | str | None = None) -> Path:
    """The store the notebooks read: ``store_at``, else ``$KG_STORE``, else ``.kg/store`` in the project.

    Builds it from ``seeds/`` first when nothing is published there yet (a second or two for the seeds).
    """
    from kg.build import build
    from kg.paths import project_root
    from kg.store import current

    path = Path(store_at or os.environ.get("KG_STORE") or project_root() / ".kg" / "store")
    if current(path) is None:
        build(store_at=path, jobs=1)
    return path


def load(store_at: Path | str | None = None) -> nx.MultiDiGraph:
    """The projection of the published store (default: ``$KG_STORE`` or ``.kg/store``)."""
    from kg.store import open_store

    return project(open_store(store_at))


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _words(iri: str) -> str:
    """A readable name for a term without a label: ``upkg:inDivision`` -> ``in division``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", _local(iri)).lower()


def article_id(iri: str) -> str:
    """The article id of an article IRI or article graph IRI (``""`` for other graphs).

    >>> article_id("https://w3id.org/upkg/graph/article/004_20c34a6f234d4514")
    '004_20c34a6f234d4514'
    """
    for base in (iris.ARTICLE, iris.GRAPH + "article/"):
        if iri.startswith(base):
            return iri[len(base):].split("#")[0]
    return ""


def project(quads: Iterable) -> nx.MultiDiGraph:
    """Project RDF quads (pyoxigraph ``Quad`` objects, e.g. a ``Store``) to a typed ``MultiDiGraph``.

    Nodes are entity IRIs with ``label`` (English, else Hindi, else from the IRI), ``label_hi``,
    ``alt_labels``, ``type`` (one of ``TYPES``), ``classes`` (most specific class names), ``reference``
    (described by the reference vocabularies), ``articles`` (ids of the articles naming it),
    ``mentions`` (``{article, quote, start, end}``), ``statistics`` and, for events, ``start_date``.
    Edges go from subject to object, keyed by the relation's local name, with ``relation`` (IRI),
    ``label`` (English; the post's title for posts), ``articles`` and ``evidence``
    (``{article, quote, start, end}``; ``{"article": "reference"}`` for reference data).
    ``G.graph["articles"]`` maps article ids to their headline, date, outlet and language and
    ``G.graph["statistics"]`` lists the numbers stated, with their sources.

    >>> G = example_graph()
    >>> sorted(G.nodes[AGRA])[:5]
    ['alt_labels', 'articles', 'classes', 'label', 'label_hi']
    >>> sorted((G.nodes[u]["label"], k, G.nodes[v]["label"]) for u, v, k in G.edges(keys=True))[:3]
    [('Agra', 'inDivision', 'Agra division'), ('Agra', 'odopProduct', 'Leather products'), ('Aligarh', 'inDivision', 'Aligarh division')]
    """
    triples: list[tuple[str, str, object, str]] = []
    types: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        g = getattr(q.graph_name, "value", "") or ""
        s, p, o = q.subject.value, q.predicate.value, q.object
        triples.append((s, p, o, g))
        if p == RDF + "type":
            types[s].add(o.value)
    by_subject: dict[str, list[tuple[str, object, str]]] = defaultdict(list)
    for s, p, o, g in triples:
        by_subject[s].append((p, o, g))

    def first(s: str, p: str, default=None):
        return next((o.value for pp, o, _ in by_subject.get(s, ()) if pp == p), default)

    def ann(s: str, g: str) -> dict:
        return {"article": article_id(first(s, OA + "hasSource", "") or g), "quote": first(s, OA + "exact", ""),
                "start": int(first(s, OA + "start", 0)), "end": int(first(s, OA + "end", 0))}

    supers = {s: {o.value for p, o, _ in by_subject[s] if p == SUBCLASS} for s in by_subject}
    labels = {s: o.value for s, p, o, g in triples if p == RDFS_LABEL and getattr(o, "language", "") == "en"}
    G = nx.MultiDiGraph()
    for e, classes in sorted(types.items()):
        kind = e[len(iris.ID):].split("/")[0] if e.startswith(iris.ID) else ""
        if kind not in _KIND_TYPE:
            continue
        specific = sorted(c for c in classes if not any(c in supers.get(d, ()) for d in classes if d != c))
        G.add_node(e, label="", label_hi="", alt_labels=[], type=_KIND_TYPE[kind], reference=False,
                   classes=[labels.get(c, _words(c)) for c in specific], articles=[], mentions=[], statistics=[])
    articles, statistics = {}, []
    assertions: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    own_evidence: dict[tuple[str, str], list[dict]] = defaultdict(list)
    posts: list[tuple[str, str, str, str, list[dict]]] = []
    for s, rows in by_subject.items():
        cls = types.get(s, set())
        graph = rows[0][2]
        if s in G:
            node = G.nodes[s]
            for p, o, g in rows:
                if p == RDFS_LABEL or p == ALT:
                    lang = getattr(o, "language", "")
                    if p == RDFS_LABEL and lang == "en" and not node["label"]:
                        node["label"] = o.value
                    elif p == RDFS_LABEL and lang == "hi" and not node["label_hi"]:
                        node["label_hi"] = o.value
                    elif o.value not in node["alt_labels"]:
                        node["alt_labels"].append(o.value)
                elif p == SCHEMA + "startDate":
                    node["start_date"] = o.value
                elif p == SCHEMA + "endDate":
                    node["end_date"] = o.value
                elif p in (UPKG + "census2011Code", UPKG + "lgdCode"):
                    node[_local(p)] = o.value
                elif p == UPKG + "evidence" and article_id(g):
                    own_evidence[(s, g)].append(ann(o.value, g))
                if g == iris.REFERENCE_GRAPH:
                    node["reference"] = True
        elif SCHEMA + "NewsArticle" in cls:
            articles[article_id(s)] = {"headline": first(s, SCHEMA + "headline", ""),
                                       "published": first(s, SCHEMA + "datePublished", ""),
                                       "outlet": first(s, SCHEMA + "publisher", ""),
                                       "language": first(s, SCHEMA + "inLanguage", "")}
        elif UPKG + "Mention" in cls and first(s, OA + "hasBody") in G:
            G.nodes[first(s, OA + "hasBody")]["mentions"].append(ann(s, graph))
        elif UPKG + "Assertion" in cls:
            key = (first(s, RDF + "subject"), first(s, RDF + "predicate"), first(s, RDF + "object"))
            assertions[key] += [ann(o.value, graph) for p, o, _ in rows if p == UPKG + "evidence"]
        elif UPKG + "PostHolding" in cls:
            evidence = [ann(o.value, graph) for p, o, _ in rows if p == UPKG + "evidence"]
            target = first(s, ORG + "organization") or first(s, UPKG + "postPlace")
            posts.append((first(s, ORG + "member"), target, first(s, UPKG + "title", ""),
                          article_id(graph), evidence))
        elif UPKG + "Statistic" in cls:
            ev = [ann(o.value, graph) for p, o, _ in rows if p == UPKG + "evidence"]
            statistics.append({"about": first(s, UPKG + "about"), "measure": first(s, UPKG + "measure", ""),
                               "value": float(first(s, UPKG + "value", "nan")), "unit": first(s, UPKG + "unit", ""),
                               "qualifier": first(s, UPKG + "qualifier", ""), "period": first(s, UPKG + "period", ""),
                               "article": article_id(graph), "quote": ev[0]["quote"] if ev else ""})
    for e, node in G.nodes(data=True):
        node["label"] = node["label"] or node["label_hi"] or _local(e).replace("-", " ").capitalize()
        node["alt_labels"] = sorted(set(node["alt_labels"]) - {node["label"], node["label_hi"]})
        node["mentions"].sort(key=lambda m: (m["article"], m["start"]))
        node["articles"] = sorted({m["article"] for m in node["mentions"]})
    for s, p, o, g in triples:
        o = getattr(o, "value", None) if type(o).__name__ == "NamedNode" else None
        if s not in G or o not in G or p in (RDF + "type", ORG + "memberOf") or s == o:
            continue
        art = article_id(g)
        evidence = assertions.get((s, p, o)) or own_evidence.get((s, g)) or [{"article": art or "reference"}]
        _add_edge(G, s, o, p, labels.get(p, _words(p)), evidence)
    for person, target, title, art, evidence in posts:
        if person in G and target in G:
            _add_edge(G, person, target, ORG + "memberOf", title, evidence or [{"article": art}])
        elif person in G and title:
            G.nodes[person].setdefault("titles", []).append(title)
    for st in statistics:
        st["about_label"] = G.nodes[st["about"]]["label"] if st["about"] in G else ""
        if st["about"] in G:
            G.nodes[st["about"]]["statistics"].append(st)
    G.graph.update(articles=dict(sorted(articles.items())),
                   statistics=sorted(statistics, key=lambda st: (st["article"], st["quote"])))
    return G


def _add_edge(G: nx.MultiDiGraph, s: str, o: str, p: str, label: str, evidence: list[dict]) -> None:
    key = _local(p) if p != ORG + "memberOf" else "post"
    if G.has_edge(s, o, key):
        data = G.edges[s, o, key]
        if label and label not in data["label"].split("; "):
            data["label"] = f"{data['label']}; {label}" if data["label"] else label
    else:
        G.add_edge(s, o, key, relation=p, label=label, evidence=[], articles=[])
        data = G.edges[s, o, key]
    data["evidence"] += [e for e in evidence if e not in data["evidence"]]
    data["articles"] = sorted({e["article"] for e in data["evidence"]} - {"reference"})


def find(G: nx.Graph, name: str) -> str:
    """The IRI of the entity called ``name`` (an IRI, an English or Hindi label or an alias).

    An exact (case-insensitive) name wins; otherwise the shortest label containing ``name``.

    >>> find(example_graph(), "asha") == ASHA
    True
    >>> find(example_graph(), "आगरा") == AGRA
    True
    """
    if name in G:
        return name
    want = name.casefold().strip()
    names = [(n, d[k] if k != "alt_labels" else a) for n, d in G.nodes(data=True)
             for k in ("label", "label_hi", "alt_labels") for a in (d[k] if k == "alt_labels" else [None])]
    exact = sorted(n for n, label in names if label and label.casefold() == want)
    if exact:
        return exact[0]
    partial = sorted((len(label), n) for n, label in names if label and want in label.casefold())
    if partial:
        return partial[0][1]
    raise KeyError(f"no entity called {name!r}")


def attested(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The subgraph of what articles state: edges with article evidence and the entities articles name.

    >>> sorted(attested(example_graph()).nodes[n]["label"] for n in attested(example_graph()))
    ['Agra', 'Asha Verma', 'Footwear Guild', 'Shoe fair']
    """
    edges = [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d["articles"]]
    nodes = {n for n, d in G.nodes(data=True) if d["articles"]} | {n for u, v, _, _ in edges for n in (u, v)}
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in sorted(nodes))
    H.add_edges_from(edges)
    return H


def neighbourhood(G: nx.MultiDiGraph, entity: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entity and everything within ``depth`` hops of it (in either direction).

    >>> sorted(d["label"] for _, d in neighbourhood(example_graph(), ASHA, 1).nodes(data=True))
    ['Asha Verma', 'Footwear Guild', 'Shoe fair']
    """
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), find(G, entity), cutoff=depth)
    return G.subgraph(near).copy()


def article_view(G: nx.MultiDiGraph, article: str) -> nx.MultiDiGraph:
    """What one article states: the entities it names and the edges it gives evidence for.

    >>> sorted(d["label"] for _, d in article_view(example_graph(), "ex1").nodes(data=True))
    ['Agra', 'Asha Verma', 'Footwear Guild', 'Shoe fair']
    """
    H = G.edge_subgraph((u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if article in d["articles"])
    nodes = set(H) | {n for n, d in G.nodes(data=True) if article in d["articles"]}
    keep = nx.MultiDiGraph(**G.graph)
    keep.add_nodes_from((n, G.nodes[n]) for n in nodes)
    keep.add_edges_from(H.edges(keys=True, data=True))
    return keep


def summary(G: nx.MultiDiGraph) -> dict:
    """Counts of entities by type (all, and named by an article), edges by relation, and articles.

    >>> s = summary(example_graph())
    >>> s["entities"]["District"], s["articles"]
    ({'all': 2, 'in articles': 1}, 1)
    """
    entities = {t: {"all": 0, "in articles": 0} for t in TYPES}
    for _, d in G.nodes(data=True):
        entities[d["type"]]["all"] += 1
        entities[d["type"]]["in articles"] += bool(d["articles"])
    relations: dict[str, int] = defaultdict(int)
    for _, _, k in G.edges(keys=True):
        relations[k] += 1
    return {"entities": entities, "relations": dict(sorted(relations.items())),
            "articles": len(G.graph.get("articles", {})), "statistics": len(G.graph.get("statistics", []))}


def centrality(G: nx.MultiDiGraph, types: Iterable[str] = ("Organization", "Person")) -> dict[str, dict]:
    """Degree and betweenness centrality of the entities of ``types``, most central first.

    Computed on the undirected simple graph (parallel edges count once). Pass ``attested(G)`` to
    measure only what articles state, without the reference vocabularies' hubs.

    >>> c = centrality(example_graph())
    >>> [(v["label"], v["degree"]) for v in c.values()]
    [('Asha Verma', 2), ('Footwear Guild', 2)]
    """
    U = nx.Graph(G.to_undirected(as_view=True))
    between = nx.betweenness_centrality(U) if len(U) > 2 else dict.fromkeys(U, 0.0)
    wanted = set(types)
    scores = {n: {"label": G.nodes[n]["label"], "type": G.nodes[n]["type"], "degree": U.degree(n),
                  "degree_centrality": round(U.degree(n) / max(len(U) - 1, 1), 4),
                  "betweenness": round(between[n], 4)}
              for n in U if G.nodes[n]["type"] in wanted}
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1]["betweenness"], -kv[1]["degree"], kv[1]["label"])))


def communities(G: nx.MultiDiGraph, seed: int = 0) -> list[list[str]]:
    """Groups of densely connected entities (Louvain, fixed seed), largest first; singletons left out.

    >>> [[example_graph().nodes[n]["label"] for n in c] for c in communities(example_graph())][0]
    ['Agra', 'Agra division', 'Leather products']
    """
    U = nx.Graph(G.to_undirected(as_view=True))
    U.remove_nodes_from([n for n in list(U) if U.degree(n) == 0])
    found = nx.community.louvain_communities(U, seed=seed) if len(U) else []
    groups = [sorted(c, key=lambda n: (G.nodes[n]["label"], n)) for c in found if len(c) > 1]
    return sorted(groups, key=lambda c: (-len(c), G.nodes[c[0]]["label"]))


def district_matrix(G: nx.MultiDiGraph, column: str = "Sector", how: str = "articles") -> dict[str, dict[str, int]]:
    """District x sector (or product) matrix as ``{district: {column label: n}}``, nonzero cells only.

    ``how="articles"`` counts the articles that name both the district and the sector/product;
    ``how="odop"`` puts 1 where the product is the district's ODOP product (``column="Product"``);
    ``how="relations"`` counts the edges that join them directly or through one event or organisation.

    >>> district_matrix(example_graph(), "Product", how="odop")
    {'Agra': {'Leather products': 1}}
    """
    districts = sorted((n for n, d in G.nodes(data=True) if d["type"] == "District"), key=lambda n: G.nodes[n]["label"])
    cells: dict[str, dict[str, int]] = {}
    U = G.to_undirected(as_view=True)
    for dist in districts:
        row: dict[str, int] = defaultdict(int)
        if how == "articles":
            arts = set(G.nodes[dist]["articles"])
            for n, d in G.nodes(data=True):
                if d["type"] == column:
                    row[d["label"]] += len(arts & set(d["articles"]))
        elif how == "odop":
            for _, v, k in G.out_edges(dist, keys=True):
                if k == "odopProduct":
                    row[G.nodes[v]["label"]] = 1
        elif how == "relations":
            for mid in U[dist]:
                if G.nodes[mid]["type"] == column:
                    row[G.nodes[mid]["label"]] += len(U[dist][mid])
                elif G.nodes[mid]["type"] in ("Event", "Organization"):
                    for far in U[mid]:
                        if G.nodes[far]["type"] == column:
                            row[G.nodes[far]["label"]] += 1
        else:
            raise ValueError(f"how must be 'articles', 'odop' or 'relations', not {how!r}")
        row = {k: v for k, v in sorted(row.items()) if v}
        if row:
            cells[G.nodes[dist]["label"]] = row
    return cells


def connection(G: nx.MultiDiGraph, source: str, target: str) -> list[dict]:
    """How two entities are connected: the hops of the shortest path, each with its evidence.

    Hops stated by articles are preferred to hops through the reference vocabularies. An empty list
    means the two are not connected; an unknown name raises ``KeyError``.

    >>> [(h["from"], h["relation"], h["to"], h["evidence"][0]["quote"]) for h in connection(example_graph(), "Asha Verma", "Agra")]
    [('Asha Verma', 'participant', 'Shoe fair', 'the guild holds a shoe fair in Agra'), ('Shoe fair', 'location', 'Agra', 'the guild holds a shoe fair in Agra')]
    """
    a, b = find(G, source), find(G, target)
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v, k, d in G.edges(keys=True, data=True):
        w = 1 if d["articles"] else _REFERENCE_WEIGHT
        if not U.has_edge(u, v) or U[u][v]["weight"] > w:
            U.add_edge(u, v, weight=w)
    try:
        path = nx.shortest_path(U, a, b, weight="weight")
    except nx.NetworkXNoPath:
        return []
    hops = []
    for u, v in zip(path, path[1:]):
        edges = [(u, v, k, d, "forward") for k, d in G.get_edge_data(u, v, default={}).items()]
        edges += [(v, u, k, d, "backward") for k, d in G.get_edge_data(v, u, default={}).items()]
        s, o, k, d, direction = min(edges, key=lambda e: (not e[3]["articles"], e[2]))
        hops.append({"from": G.nodes[u]["label"], "to": G.nodes[v]["label"], "from_iri": u, "to_iri": v,
                     "relation": d["label"] or k, "direction": direction, "subject": G.nodes[s]["label"],
                     "object": G.nodes[o]["label"], "evidence": d["evidence"],
                     "article": d["evidence"][0]["article"], "quote": d["evidence"][0].get("quote", "")})
    return hops


def timeline(G: nx.MultiDiGraph) -> list[dict]:
    """Events in date order (the event's date, else the date of the article that reports it).

    >>> [(e["date"], e["label"], e["place"], e["participants"]) for e in timeline(example_graph())]
    [('2026-01-20', 'Shoe fair', 'Agra', ['Asha Verma'])]
    """
    arts = G.graph.get("articles", {})
    events = []
    for n, d in G.nodes(data=True):
        if d["type"] != "Event":
            continue
        out = {k: [G.nodes[v]["label"] for _, v, kk in G.out_edges(n, keys=True) if kk == k]
               for k in ("location", "organizer", "participant", "concerns")}
        reported = sorted(arts.get(a, {}).get("published", "") for a in d["articles"])
        quotes = [e["quote"] for _, _, e in G.out_edges(n, data=True) for e in e["evidence"] if e.get("quote")]
        events.append({"date": d.get("start_date") or "", "end_date": d.get("end_date") or "",
                       "reported": reported[0] if reported else "", "event": n, "label": d["label"],
                       "label_hi": d["label_hi"], "class": ", ".join(d["classes"]),
                       "place": ", ".join(out["location"]), "organizers": out["organizer"],
                       "participants": out["participant"], "concerns": out["concerns"],
                       "articles": d["articles"], "quote": quotes[0] if quotes else ""})
    return sorted(events, key=lambda e: (e["date"] or e["reported"] or "9999", e["label"]))


def statistics(G: nx.MultiDiGraph) -> list[dict]:
    """The numbers the articles state, each with its subject, unit, article, date and quote.

    >>> [(s["about_label"], s["value"], s["unit"], s["quote"]) for s in statistics(example_graph())]
    [('Agra', 5000.0, 'count', 'more than 5,000 footwear units')]
    """
    arts = G.graph.get("articles", {})
    return [{**st, "published": arts.get(st["article"], {}).get("published", "")} for st in G.graph["statistics"]]
