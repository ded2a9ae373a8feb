"""``kg explain``: why an IRI stands for what it does — its names, mentions and linking rules."""

from __future__ import annotations

from pathlib import Path

from kg.errors import UserError
from kg.text import fold_key

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX upkg: <https://w3id.org/upkg/ontology#>
PREFIX schema: <https://schema.org/>
"""


def resolve(store, entity: str) -> str:
    """The IRI of ``entity``: an IRI as given, else the entity one of whose names folds to it."""
    if entity.startswith(("http://", "https://")):
        return entity
    want = fold_key(entity)
    hits = set()
    for row in store.query(use_default_graph_as_union=True, query=PREFIXES + "SELECT DISTINCT ?e ?n WHERE { { ?e rdfs:label ?n } UNION { ?e skos:altLabel ?n } }"):
        if fold_key(row["n"].value) == want:
            hits.add(row["e"].value)
    if not hits:
        raise UserError(f"no entity is named {entity!r}; try an IRI or another spelling")
    if len(hits) > 1:
        raise UserError(f"{entity!r} names several entities: " + ", ".join(sorted(hits)))
    return hits.pop()


def explain(entity: str, store_path: Path | None = None) -> str:
    """A readable account of one entity."""
    from kg.paths import store_path as default_store
    from kg.store import open_store

    store = open_store(Path(store_path) if store_path else default_store())
    iri = resolve(store, entity)
    labels = sorted(f"{r['n'].value} ({r['n'].language or '-'})" for r in store.query(use_default_graph_as_union=True, query=
        PREFIXES + f"SELECT ?n WHERE {{ <{iri}> rdfs:label|skos:altLabel ?n }}"))
    types = sorted(r["t"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                   for r in store.query(use_default_graph_as_union=True, query=f"SELECT DISTINCT ?t WHERE {{ <{iri}> a ?t }}"))
    lines = [iri, f"  type:   {', '.join(types) or '-'}", f"  names:  {'; '.join(labels) or '-'}"]
    rows = list(store.query(use_default_graph_as_union=True, query=PREFIXES + f"""
        SELECT ?file ?s ?e ?x ?rule ?key WHERE {{
          ?m a upkg:Mention ; oa:hasBody <{iri}> ; oa:hasSource ?art ; oa:start ?s ; oa:end ?e ; oa:exact ?x ;
             upkg:linkRule ?rule .
          OPTIONAL {{ ?m upkg:linkKey ?key }}
          OPTIONAL {{ ?art upkg:sourceFile ?file }}
        }} ORDER BY ?file ?s"""))
    lines.append(f"  mentions: {len(rows)} in {len({r['file'].value if r['file'] else '' for r in rows})} article(s)")
    current = None
    for r in rows:
        f = r["file"].value if r["file"] else "?"
        if f != current:
            lines.append(f"  {f}")
            current = f
        key = f" key={r['key'].value!r}" if r["key"] else ""
        lines.append(f"    [{r['s'].value}:{r['e'].value}] «{r['x'].value}»  rule={r['rule'].value}{key}")
    if not rows:
        lines.append("  (a reference entity no article mentions yet)")
    return "\n".join(lines)
