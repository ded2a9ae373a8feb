"""The named graphs a build writes, as sorted Oxigraph triples with a content digest each.

``kg.rdf`` says *what* the triples of an article and of the linking graph are (in rdflib terms);
this module turns them, the ontology (``ontology/kg.ttl``) and the reference vocabularies
(``ontology/reference/*.ttl``) into ``{graph IRI: sorted triples}``. Sorting by the N-Triples form
gives every graph one canonical order, so its digest identifies its content and exports are
byte-identical from run to run.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg import iris
from kg.errors import UserError

Graphs = dict[str, list[ox.Triple]]

# Blank nodes in the ontology files are renamed to IRIs under this prefix (RDF 1.1 skolemisation),
# from their canonical (RDFC-1.0) labels, so they are stable across builds and can be replaced
# graph by graph with SPARQL Update, where blank nodes would be fresh each time.
SKOLEM = iris.BASE + ".well-known/genid/"


class OntologyFileError(UserError):
    """An ontology or reference file that cannot be parsed; the message names the file."""


def to_ox(term: URIRef | Literal | BNode | ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal:
    """The Oxigraph term for an rdflib term, as the store keeps it (see ``canonical``).

    >>> to_ox(Literal("कानपुर", lang="hi"))
    <Literal value=कानपुर language=hi>
    >>> str(to_ox(Literal("2026-01-06", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    '"2026-01-06"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> str(to_ox(Literal("120.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    '"120"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term  # kg.rdf makes values as Oxigraph terms already
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language.lower())
        if term.datatype:
            return _typed(str(term), str(term.datatype))
        return ox.Literal(str(term))
    raise ValueError(f"blank node {term!r} in article triples: kg.rdf must mint IRIs for every node")


# Predicates, classes and shared entities recur in every article: build their terms once.
_named = functools.lru_cache(maxsize=1 << 16)(ox.NamedNode)

# Datatypes whose lexical forms kg.rdf already writes as Oxigraph keeps them.
_AS_WRITTEN = {XSD + "string", XSD + "date", XSD + "anyURI"}


@functools.lru_cache(maxsize=1 << 16)
def _typed(value: str, datatype: str) -> ox.Literal:
    lit = ox.Literal(value, datatype=_named(datatype))
    if datatype in _AS_WRITTEN:
        return lit
    # Oxigraph stores literals by value ("120.0"^^xsd:decimal comes back as "120", xsd:int as
    # xsd:integer): ask it once per distinct literal rather than passing every graph through a store.
    st = ox.Store()
    x = ox.NamedNode("urn:x")
    st.add(ox.Quad(x, x, lit))
    return next(iter(st)).object


def triples_from_rdflib(triples: Iterable[tuple]) -> list[ox.Triple]:
    """Distinct Oxigraph triples for rdflib triples, in canonical order."""
    return render(triples).triples


@dataclass(frozen=True)
class Rendered:
    """A graph as the store will hold it: distinct triples sorted by their N-Triples form (``lines``,
    the same order) and the digest of those lines (``digest()`` of the triples)."""

    triples: list[ox.Triple]
    lines: list[str]
    digest: str


def render(triples: Iterable[tuple]) -> Rendered:
    """Render rdflib triples: Oxigraph terms as the store keeps them, each N-Triples line made once."""
    by_line = {}
    for s, p, o in triples:
        t = ox.Triple(to_ox(s), to_ox(p), to_ox(o))
        by_line[str(t)] = t
    lines = sorted(by_line)
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return Rendered([by_line[line] for line in lines], lines, h.hexdigest())


def canonical(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Distinct triples as the store keeps them, sorted by their N-Triples form.

    Oxigraph stores literals by value: ``"120.0"^^xsd:decimal`` comes back as ``"120"``,
    ``xsd:nonNegativeInteger`` as ``xsd:integer`` and language tags in lower case. Digests must
    describe what the store will hold, so the triples pass through an in-memory store first.

    >>> x = ox.NamedNode("http://e/x")
    >>> [str(t.object) for t in canonical([ox.Triple(x, x, ox.Literal("120.0", datatype=ox.NamedNode(
    ...     "http://www.w3.org/2001/XMLSchema#decimal")))])]
    ['"120"^^<http://www.w3.org/2001/XMLSchema#decimal>']
    """
    st = ox.Store()
    st.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return sorted((q.triple for q in st), key=str)


def digest(triples: Iterable[ox.Triple]) -> str:
    """SHA-256 of a graph's canonical N-Triples (order-independent).

    >>> t = ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("1"))
    >>> digest([t, t]) == digest([t])
    True
    """
    h = hashlib.sha256()
    for line in sorted({str(t) for t in triples}):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def parse_file(path: Path) -> list[ox.Triple]:
    """The triples of one Turtle file, blank nodes skolemised; ``OntologyFileError`` if it does not parse."""
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=iris.BASE))
    except (SyntaxError, OSError, ValueError) as e:
        raise OntologyFileError(f"{path}: cannot parse the Turtle: {e}") from None
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        quads = _skolemise(quads, path.stem)
    return canonical(q.triple for q in quads)


def _skolemise(quads: list[ox.Quad], stem: str) -> list[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)

    def fix(t):
        return ox.NamedNode(f"{SKOLEM}{stem}-{t.value}") if isinstance(t, ox.BlankNode) else t

    return [ox.Quad(fix(q.subject), q.predicate, fix(q.object)) for q in dataset]


def ontology_graphs(ontology: Path) -> Graphs:
    """The ontology graph (``kg.ttl``) and the reference graph (every ``reference/*.ttl``).

    Parsed once per process for each content of the folder (a notebook or a test session builds
    many times); callers get a fresh dict and must not modify the triple lists.
    """
    return dict(_ontology_graphs(Path(ontology).resolve(), tree_hash(ontology)))


@functools.lru_cache(maxsize=4)
def _ontology_graphs(ontology: Path, _content: str) -> Graphs:
    kg_ttl = ontology / "kg.ttl"
    if not kg_ttl.is_file():
        raise OntologyFileError(f"{kg_ttl}: the ontology file is missing")
    graphs = {iris.ONTOLOGY_GRAPH: parse_file(kg_ttl)}
    reference: list[ox.Triple] = []
    for path in sorted((ontology / "reference").glob("*.ttl")):
        reference.extend(parse_file(path))
    if reference:
        graphs[iris.REFERENCE_GRAPH] = canonical(reference)
    return graphs


def ontology_digest(triples: list[ox.Triple]) -> str:
    """``digest`` of a graph of ``ontology_graphs``, computed once per list (they are cached)."""
    key = id(triples)
    if _DIGESTS.get(key, (None,))[0] is not triples:
        _DIGESTS[key] = (triples, digest(triples))
    return _DIGESTS[key][1]


_DIGESTS: dict[int, tuple[list, str]] = {}


def tree_hash(folder: Path, skip_suffixes: tuple[str, ...] = (".md",), skip_top: frozenset[str] = frozenset()) -> str:
    """SHA-256 over the names and bytes of every file below ``folder`` (sorted; hidden files,
    files with ``skip_suffixes`` and entries of ``folder`` named in ``skip_top`` skipped)."""
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if (not path.is_file() or path.suffix in skip_suffixes or rel.parts[0] in skip_top
                    or any(part.startswith(".") or part == "__pycache__" for part in rel.parts)):
                continue
            h.update(rel.as_posix().encode("utf-8") + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
