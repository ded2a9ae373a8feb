"""The one place IRIs are minted.

Entity IRIs are readable and stable: ``{BASE}id/{kind}/{slug}``, where the slug comes from the
canonical English name (transliterated from Devanagari where needed), so adding articles never
changes the IRI of something already known.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BASE = "https://w3id.org/upkg/"
ONTOLOGY = BASE + "ontology#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
ARTICLE = BASE + "article/"

ONTOLOGY_GRAPH = GRAPH + "ontology"
REFERENCE_GRAPH = GRAPH + "reference"
LINKING_GRAPH = GRAPH + "linking"
# Above this many linked entities the linking graph is split into LINKING_BUCKETS graphs
# (<LINKING_GRAPH>/00 … /3f, by a hash of the entity IRI), so that a new article rewrites a few
# small graphs, not one that grows with the corpus.
LINKING_BUCKET_MIN = 4096
LINKING_BUCKETS = 64


def linking_graph_of(entity_iri: str, entities: int) -> str:
    """The linking graph that holds an entity, in a store with ``entities`` linked entities.

    >>> linking_graph_of("https://w3id.org/upkg/id/person/asha-verma", 10)
    'https://w3id.org/upkg/graph/linking'
    >>> linking_graph_of("https://w3id.org/upkg/id/person/asha-verma", 10_000)[len(LINKING_GRAPH):]
    '/32'
    """
    if entities < LINKING_BUCKET_MIN:
        return LINKING_GRAPH
    bucket = int(hashlib.sha1(entity_iri.encode("utf-8")).hexdigest()[:8], 16) % LINKING_BUCKETS
    return f"{LINKING_GRAPH}/{bucket:02x}"


def is_linking_graph(graph: str) -> bool:
    return graph == LINKING_GRAPH or graph.startswith(LINKING_GRAPH + "/")

# Entity kinds used as the first path segment of an entity IRI.
KINDS = (
    "person", "org", "district", "division", "state", "country", "place",
    "scheme", "event", "sector", "product", "role",
)

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Lower-case ASCII slug of an English name.

    >>> slugify("Uttar Pradesh State Industrial Development Authority")
    'uttar-pradesh-state-industrial-development-authority'
    >>> slugify("Vinod Kumar Gupta & Associates")
    'vinod-kumar-gupta-associates'
    """
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_.lower()).strip("-")
    return slug or "x"


def entity_iri(kind: str, name: str) -> str:
    """IRI of an entity of ``kind`` whose canonical English name (or key) is ``name``.

    >>> entity_iri("district", "Kanpur Nagar")
    'https://w3id.org/upkg/id/district/kanpur-nagar'
    """
    if kind not in KINDS:
        raise ValueError(f"unknown entity kind {kind!r}; expected one of {', '.join(KINDS)}")
    return f"{ID}{kind}/{slugify(name)}"


def article_iri(article_id: str) -> str:
    """IRI of the news article with file stem ``article_id``."""
    return ARTICLE + slugify_id(article_id)


def article_graph(article_id: str) -> str:
    """Named graph holding one article's assertions and their provenance."""
    return GRAPH + "article/" + slugify_id(article_id)


def slugify_id(article_id: str) -> str:
    """Article ids are file stems; keep them readable but IRI-safe.

    >>> slugify_id("000_b16039df73752885")
    '000_b16039df73752885'
    """
    ascii_ = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", ascii_).strip("-")
    if safe != article_id:
        # Non-ASCII or spaced names: keep them distinct by a short hash of the original.
        import hashlib

        safe = (safe or "article") + "-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8]
    return safe
