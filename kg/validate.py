"""``kg validate``: check the built graph against the SHACL shapes in ``ontology/shapes.ttl``.

The data graph is the union of every named graph except the ontology graph; the ontology graph is
given to pyshacl as ``ont_graph``, which mixes it into the data, so ``sh:targetClass`` and
``sh:class`` follow ``rdfs:subClassOf`` and a class's shape also applies to its subclasses (SHACL's
own notion of instance). No RDFS inference is run: its domain and range rules would make every
object of ``upkg:postPlace`` a ``upkg:Place`` and so hide exactly the errors ``sh:class`` is there
to catch (and it is ten times slower). Violations are reported grouped by shape, one line per focus node: its label, the
property path and the shape's message.
"""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef  # noqa: F401  (URIRef: the doctests use it)
from rdflib.namespace import RDF, RDFS, SH

from kg import iris
from kg.errors import UserError
from kg.paths import ontology_dir, shown
from kg.store import open_store
from kg.vocab import PREFIXES

FILE_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
                ".jsonld": ox.RdfFormat.JSON_LD, ".nt": ox.RdfFormat.N_TRIPLES}


@dataclass(frozen=True)
class Violation:
    shape: str
    focus: str
    focus_label: str
    path: str
    message: str
    value: str = ""


@dataclass
class ValidationReport:
    """The outcome of validation: ``conforms`` is False when there is any violation."""

    source: str
    triples: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def render(self) -> str:
        """A readable report grouped by shape."""
        if self.conforms:
            return f"{self.source}: {self.triples:,} triples conform to the shapes (no violations)"
        groups: dict[str, list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[v.shape].append(v)
        lines = [f"{self.source}: {len(self.violations)} violation(s) in {self.triples:,} triples"]
        for shape in sorted(groups):
            lines.append("")
            lines.append(f"{shape} ({len(groups[shape])})")
            for v in groups[shape]:
                where = f"{v.focus_label} <{v.focus}>" if v.focus_label else f"<{v.focus}>"
                value = f" [value: {v.value}]" if v.value else ""
                lines.append(f"  {where}\n    {v.path}: {v.message}{value}")
        return "\n".join(lines)


def compact(term) -> str:
    """A CURIE for an IRI when one of the project's prefixes fits, else the IRI.

    >>> compact(URIRef("http://xmlns.com/foaf/0.1/Person"))
    'foaf:Person'
    """
    text = str(term)
    best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
    if best is None:
        return text
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{text[len(best):]}"


def split_quads(quads) -> tuple[Graph, Graph]:
    """(data, ontology) rdflib graphs from quads: the ontology graph apart, every other graph merged."""
    data, ontology = [], []
    for q in quads:
        graph = q.graph_name
        target = ontology if isinstance(graph, ox.NamedNode) and graph.value == iris.ONTOLOGY_GRAPH else data
        target.append(q.triple)
    return _to_rdflib(data), _to_rdflib(ontology)


@contextlib.contextmanager
def _quiet_rdflib():
    """An ill-formed literal (a 30 February) is a violation to report, not a traceback for rdflib to log."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _to_rdflib(triples: list[ox.Triple]) -> Graph:
    g = Graph()
    if triples:
        with _quiet_rdflib():
            g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return g


def load_store(store_at: Path | str | None = None) -> tuple[Graph, Graph]:
    """The store's (data, ontology) graphs."""
    return split_quads(iter(open_store(store_at)))


def load_file(path: Path | str) -> tuple[Graph, Graph]:
    """(data, ontology) graphs from an export; the ontology is ``ontology/kg.ttl`` if the file has none."""
    path = Path(path)
    fmt = FILE_FORMATS.get(path.suffix)
    if fmt is None:
        raise UserError(f"{path}: unknown RDF file type; expected one of {', '.join(FILE_FORMATS)}")
    try:
        data, ontology = split_quads(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, OSError) as e:
        raise UserError(f"{path}: cannot read it as RDF: {e}") from None
    if len(ontology) == 0:
        ontology.parse(ontology_dir() / "kg.ttl", format="turtle")
    return data, ontology


def validate(data: Graph, ontology: Graph, shapes: Path | str | None = None,
             source: str = "graph") -> ValidationReport:
    """Validate ``data`` against the shapes (default ``ontology/shapes.ttl``)."""
    import pyshacl  # heavy; only validation needs it

    shapes_graph = Graph().parse(Path(shapes) if shapes else ontology_dir() / "shapes.ttl", format="turtle")
    with _quiet_rdflib():
        _, results, _ = pyshacl.validate(
            data, shacl_graph=shapes_graph, ont_graph=ontology, inference="none",
            abort_on_first=False, allow_warnings=True, advanced=False,
        )
    report = ValidationReport(source=source, triples=len(data))
    seen = set()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(r, SH.resultSeverity) != SH.Violation:
            continue
        v = _violation(r, results, shapes_graph, data)
        if v not in seen:
            seen.add(v)
            report.violations.append(v)
    report.violations.sort(key=lambda v: (v.shape, v.focus_label, v.focus, v.path, v.message))
    return report


def _violation(r, results: Graph, shapes: Graph, data: Graph) -> Violation:
    source = results.value(r, SH.sourceShape)
    node_shape = shapes.value(predicate=SH.property, object=source) or source
    shape_label = shapes.value(node_shape, RDFS.label) or compact(node_shape)
    focus = results.value(r, SH.focusNode)
    messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
    value = results.value(r, SH.value)
    return Violation(
        shape=str(shape_label),
        focus=str(focus),
        focus_label=_label(focus, data),
        path=_path(results.value(r, SH.resultPath), results),
        message=messages[0] if messages else "violates the shape",
        value="" if value is None or value == focus or isinstance(value, BNode) else
        (str(value) if isinstance(value, Literal) else compact(value)),
    )


def _label(node, data: Graph) -> str:
    labels = sorted(data.objects(node, RDFS.label), key=lambda lit: (getattr(lit, "language", None) != "en", str(lit)))
    return str(labels[0]) if labels else ""


def _path(path, results: Graph) -> str:
    if path is None:
        return "(the node itself)"
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        return "^" + compact(inverse) if inverse is not None else "(a path)"
    return compact(path)


def validate_store(store_at: Path | str | None = None, shapes: Path | str | None = None) -> ValidationReport:
    """Validate the published store."""
    from kg.paths import store_path

    path = Path(store_at) if store_at is not None else store_path()
    data, ontology = load_store(path)
    return validate(data, ontology, shapes, source=f"store {shown(path)}")


def validate_file(path: Path | str, shapes: Path | str | None = None) -> ValidationReport:
    """Validate an RDF file (an export, or any graph of ours)."""
    data, ontology = load_file(path)
    return validate(data, ontology, shapes, source=shown(path))
