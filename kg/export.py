"""``kg export``: the store as N-Quads, TriG, Turtle or JSON-LD, byte-identical for identical content.

Quads are sorted (graph, then the triple's N-Triples form) before they are written, and prefixes are
the fixed ones of ``kg.vocab.PREFIXES``, so the same store content always gives the same bytes and
a diff between two exports shows what really changed. Our data has no blank nodes (``kg.graphs``
skolemises any in the ontology files), which is what makes a total order possible.

``nquads``, ``trig`` and ``jsonld`` keep the named graphs; ``turtle`` is the union of all graphs as
one graph (each distinct triple once).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox

from kg.store import open_store
from kg.vocab import PREFIXES

FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
SUFFIXES = {"nquads": ".nq", "trig": ".trig", "turtle": ".ttl", "jsonld": ".jsonld"}


def sorted_quads(st: ox.Store) -> list[ox.Quad]:
    """All quads of the store's named graphs in the canonical order."""
    quads = (q for q in st if isinstance(q.graph_name, ox.NamedNode))
    return sorted(quads, key=lambda q: (q.graph_name.value, str(q.triple)))


def serialize(st: ox.Store, fmt: str) -> bytes:
    """The store's content in ``fmt`` (one of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    quads = sorted_quads(st)
    if fmt == "turtle":
        triples = sorted({q.triple for q in quads}, key=str)
        return _sorted_prefixes(ox.serialize(triples, format=FORMATS[fmt], prefixes=PREFIXES))
    if fmt == "jsonld":
        # Oxigraph writes JSON-LD on one line; indenting (keeping its key order) makes diffs readable.
        data = json.loads(ox.serialize(quads, format=FORMATS[fmt]))
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "trig":
        return _sorted_prefixes(ox.serialize(quads, format=FORMATS[fmt], prefixes=PREFIXES))
    return ox.serialize(quads, format=FORMATS[fmt])


def _sorted_prefixes(data: bytes) -> bytes:
    """Put the ``@prefix`` lines in name order: Oxigraph's own order is not promised to be stable."""
    lines = data.split(b"\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
    return b"\n".join(sorted(lines[:n]) + lines[n:])


def export(fmt: str = "trig", out: Path | str | None = None, store_at: Path | str | None = None) -> bytes:
    """Serialise the published store; write it to ``out`` (atomically) when given, and return the bytes."""
    data = serialize(open_store(store_at), fmt)
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, out)
    return data
