"""The library of SPARQL questions (``kg/queries/*.rq``): load, list, parametrise, run and format them.

A library query is a plain SPARQL file whose header comment says what it answers::

    # title: Everything about a district
    # question: Everything connected to a district: organisations, officials, events, ...
    # question-hi: किसी जिले से जुड़ी हर चीज़ ...
    # param: district: entity upkg:District = Gorakhpur -- the district, by English or Hindi name, or IRI
    # column: section -- what kind of connection the row is

Each parameter is a ``VALUES ?name { ... }`` block in the body that holds its default, so every file
runs as it is in any SPARQL tool. ``parametrise`` replaces the block's content with the term a
user's value resolves to -- a name such as "Gorakhpur" or "गोरखपुर" is looked up among labels, an
IRI or CURIE is taken as it is -- always serialised by pyoxigraph as an N-Triples term, so user
text never reaches the query unescaped. A default of ``any`` is ``UNDEF``: no constraint.

Queries run on a *target*: the embedded store (union of its named graphs) or a ``kg.remote.Endpoint``.
Results are formatted as an aligned table (Devanagari-aware widths) or in the standard SPARQL
result formats (JSON, XML, CSV, TSV) and RDF formats for CONSTRUCT/DESCRIBE, by pyoxigraph.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UserError
from kg.vocab import PREFIXES

QUERIES_DIR = Path(__file__).parent / "queries"
KINDS = ("entity", "article", "string", "integer", "date")
SELECT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json": ox.RdfFormat.JSON_LD,
                 "xml": ox.RdfFormat.RDF_XML}
FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt")

_HEADER = re.compile(r"^#\s*([a-z-]+):\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+):\s*(\w+)(?:\s+([\w:]+))?\s*=\s*(.*?)\s+--\s+(.*)$")
_COLUMN = re.compile(r"^(\w+)\s+--\s+(.*)$")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_POSITION = re.compile(r"(error at |line |at )(\d+):(\d+)")


class QueryError(UserError):
    """A query that cannot run: unknown name, bad parameter, syntax error (with line and column)."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # one of KINDS
    cls: str | None  # for entities: the class (CURIE) the value must be an instance of
    default: str  # as a user would type it; "any" for no constraint
    doc: str


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    title: str
    question: str
    question_hi: str | None
    params: tuple[Param, ...]
    columns: tuple[tuple[str, str], ...]
    text: str

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (its parameters: {known})")


def parse_header(name: str, path: Path, text: str) -> Query:
    """The ``Query`` a library file describes; raise ``QueryError`` if its header is incomplete."""
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            fields.setdefault(m.group(1), []).append(m.group(2))
    params = []
    for spec in fields.get("param", []):
        m = _PARAM.match(spec)
        if not m or m.group(2) not in KINDS:
            raise QueryError(f"{path}: bad parameter line {spec!r}; expected "
                             "'NAME: KIND [CLASS] = DEFAULT -- what it is' with KIND one of " + ", ".join(KINDS))
        params.append(Param(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)))
    columns = []
    for spec in fields.get("column", []):
        m = _COLUMN.match(spec)
        if not m:
            raise QueryError(f"{path}: bad column line {spec!r}; expected 'NAME -- what it is'")
        columns.append((m.group(1), m.group(2)))
    for required in ("title", "question"):
        if required not in fields:
            raise QueryError(f"{path}: the header has no '# {required}:' line")
    return Query(name=name, path=path, title=fields["title"][0], question=" ".join(fields["question"]),
                 question_hi=" ".join(fields["question-hi"]) if "question-hi" in fields else None,
                 params=tuple(params), columns=tuple(columns), text=text)


def load(name_or_path: str | Path) -> Query:
    """A library query by name (``posts``) or a ``.rq`` file by path."""
    path = Path(name_or_path)
    if path.suffix != ".rq":
        path = QUERIES_DIR / f"{name_or_path}.rq"
        if not path.is_file():
            names = ", ".join(q.name for q in library())
            raise QueryError(f"no query named {name_or_path!r}; the library has: {names}")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise QueryError(f"cannot read {path}: {e.strerror}") from None
    return parse_header(path.stem, path, text)


def library() -> list[Query]:
    """Every library query, by name (files starting with ``_`` are helpers, not questions)."""
    return [load(p) for p in sorted(QUERIES_DIR.glob("*.rq")) if not p.name.startswith("_")]


# -- targets ----------------------------------------------------------------------------------------


class Local:
    """The embedded store as a query target: queries see the union of its named graphs."""

    def __init__(self, store: ox.Store):
        self.store = store

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True)


def open_target(store_at: Path | str | None = None, endpoint=None):
    """The remote ``endpoint`` if given, else the published embedded store at ``store_at``."""
    if endpoint is not None:
        return endpoint
    from kg.store import open_store

    return Local(open_store(store_at))


MAX_NESTING = 200


def max_nesting(sparql: str) -> int:
    """How deep ``{``/``(``/``[`` nest, outside strings, IRIs and comments (an estimate, on the safe side).

    >>> max_nesting('SELECT * WHERE { { ?s ?p "}{" } FILTER((?s)) }')
    3
    """
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*',
                  " ", sparql)
    depth = deepest = 0
    for ch in text:
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth -= 1
    return deepest


def execute(target, sparql: str, line_offset: int = 0):
    """Run ``sparql`` on ``target``; a syntax error becomes a ``QueryError`` with its line and column."""
    from kg.remote import RemoteQueryError

    depth = max_nesting(sparql)
    if depth > MAX_NESTING:
        raise QueryError(f"the query nests groups {depth} deep; more than {MAX_NESTING} is refused "
                         "(the parser would run out of stack)")
    try:
        return target.query(sparql)
    except SyntaxError as e:
        raise QueryError(f"the query does not parse: {_shift(str(e), line_offset)}") from None
    except RemoteQueryError as e:
        raise QueryError(_shift(str(e), line_offset)) from None


def _shift(message: str, lines: int) -> str:
    if not lines:
        return message
    return _POSITION.sub(lambda m: f"{m.group(1)}{max(1, int(m.group(2)) - lines)}:{m.group(3)}", message)


def with_prefixes(sparql: str) -> tuple[str, int]:
    """Ad-hoc queries may use the project's prefixes without declaring them: prepend those not declared.

    Returns the text and the number of lines added (to correct the positions in error messages).
    """
    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return (" ".join(missing) + "\n" + sparql, 1) if missing else (sparql, 0)


# -- parameters -------------------------------------------------------------------------------------


def _values_block(name: str) -> re.Pattern:
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^{}]*\}", re.IGNORECASE)


def substitute(text: str, terms: dict[str, ox.NamedNode | ox.Literal | None]) -> str:
    """Replace the content of every ``VALUES ?name { ... }`` block by one term (None: ``UNDEF``).

    A query may repeat a parameter's block (in two subqueries); it must have at least one.
    """
    for name, term in terms.items():
        pattern = _values_block(name)
        spans = [m.span() for m in pattern.finditer(_blank_comments(text))]
        if not spans:
            raise QueryError(f"the query has no 'VALUES ?{name} {{ ... }}' block for its parameter {name!r}")
        block = f"VALUES ?{name} {{ {'UNDEF' if term is None else term} }}"
        for start, end in reversed(spans):
            text = text[:start] + block + text[end:]
    return text


def _blank_comments(text: str) -> str:
    """The text with whole-line comments blanked (same length, so offsets still match)."""
    return "".join(" " * len(line) if line.lstrip().startswith("#") else line
                   for line in text.splitlines(keepends=True))


def parametrise(query: Query, values: dict[str, str], target) -> str:
    """The query's text with each given parameter's value resolved to an RDF term and substituted."""
    for name in values:
        query.param(name)  # an unknown name raises
    terms = {name: resolve(target, query.param(name), value) for name, value in values.items()}
    return substitute(query.text, terms) if terms else query.text


def resolve(target, param: Param, value: str) -> ox.NamedNode | ox.Literal | None:
    """The RDF term for a user's ``value`` of ``param`` (None for ``any``)."""
    value = unicodedata.normalize("NFC", value.strip())
    if value.lower() in ("any", "*", ""):
        return None
    try:
        if param.kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
        if param.kind == "date":
            return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))
    except ValueError:
        raise QueryError(f"parameter {param.name!r}: {value!r} is not a{'n integer' if param.kind == 'integer' else ' date (YYYY-MM-DD)'}") from None
    if param.kind == "string":
        return ox.Literal(value)
    iri = _as_iri(value)
    if param.kind == "article":
        return _article(target, iri, value)
    if iri is not None:
        return iri
    return _lookup(target, param, value)


def _as_iri(value: str) -> ox.NamedNode | None:
    """An IRI given as ``<...>``, ``http(s)://...`` or a CURIE with the project's prefixes, else None."""
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif not value.startswith(("http://", "https://")):
        prefix, sep, local = value.partition(":")
        if not sep or prefix not in PREFIXES or " " in value:
            return None
        value = PREFIXES[prefix] + local
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise QueryError(f"{value!r} is not a valid IRI") from None


def _article(target, iri: ox.NamedNode | None, value: str) -> ox.NamedNode:
    """An article by IRI, id (file stem) or file name."""
    from kg import iris

    if iri is None:
        iri = ox.NamedNode(iris.article_iri(value.removesuffix(".txt")))
    ask = f"ASK {{ {iri} a <{PREFIXES['schema']}NewsArticle> }}"
    if not execute(target, ask):
        raise QueryError(f"no article {value!r} in the store (give its id, e.g. 004_20c34a6f234d4514, "
                         "its file name or its IRI)")
    return iri


def _lookup(target, param: Param, name: str) -> ox.NamedNode:
    """The entity whose label or alternative label is ``name`` (any case, English or Hindi)."""
    cls = _as_iri(param.cls) if param.cls else None
    sparql = substitute(load(QUERIES_DIR / "_resolve.rq").text, {"name": ox.Literal(name), "class": cls})
    rows = [(r["entity"], int(r["exact"].value), int(r["mentions"].value)) for r in execute(target, sparql)]
    what = f"{param.cls} " if param.cls else "thing "
    if not rows:
        raise QueryError(f"parameter {param.name!r}: no {what}named {name!r} in the store "
                         "(give another spelling, or its IRI)")
    if len(rows) > 1 and rows[0][1:] == rows[1][1:]:
        options = ", ".join(r[0].value for r in rows[:6])
        raise QueryError(f"parameter {param.name!r}: {name!r} names several things ({options}); give the IRI")
    return rows[0][0]


# -- formatting -------------------------------------------------------------------------------------


def kind_of(result) -> str:
    if isinstance(result, ox.QueryBoolean) or isinstance(result, bool):
        return "ask"
    if isinstance(result, ox.QuerySolutions):
        return "select"
    return "graph"


def serialize(result, fmt: str, max_width: int = 60) -> bytes:
    """Results in a standard format: SPARQL JSON/XML/CSV/TSV, or Turtle/N-Triples/JSON-LD/RDF-XML."""
    kind = kind_of(result)
    if fmt == "table":
        return (table(result, max_width) + "\n").encode("utf-8")
    if kind in ("select", "ask"):
        if fmt not in SELECT_FORMATS:
            raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE results; use table, csv, tsv, json or xml")
        return result.serialize(format=SELECT_FORMATS[fmt])
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"--format {fmt} is for SELECT and ASK results; use table, ttl, nt, json (JSON-LD) or xml")
    prefixes = PREFIXES if fmt == "ttl" else None
    data = ox.serialize(list(result), format=GRAPH_FORMATS[fmt], prefixes=prefixes)
    return data if data.endswith(b"\n") or not data else data + b"\n"


def show(term) -> str:
    """A term as a person reads it: a literal's text, an IRI shortened with the project's prefixes."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    return str(term)


def rows(result) -> tuple[list[str], list[list[str]]]:
    """``(column names, rows of shown values)`` of any result."""
    kind = kind_of(result)
    if kind == "ask":
        return ["boolean"], [["true" if bool(result) else "false"]]
    if kind == "select":
        names = [v.value for v in result.variables]
        return names, [[show(s[n]) for n in names] for s in result]
    return ["subject", "predicate", "object"], [[show(t.subject), show(t.predicate), show(t.object)] for t in result]


def records(result) -> list[dict[str, str]]:
    """SELECT results as dicts of shown values (for notebooks and tests)."""
    names, data = rows(result)
    return [dict(zip(names, r)) for r in data]


def width(text: str) -> int:
    """Columns a terminal gives ``text``: combining marks take none, wide characters two.

    >>> width("गोरखपुर"), width("Gorakhpur")
    (6, 9)
    """
    total = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` columns with an ellipsis, never between a letter and its marks."""
    text = " ".join(text.split())
    if limit <= 0 or width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if w and used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def table(result, max_width: int = 60) -> str:
    """An aligned text table of the results, with a row count."""
    names, data = rows(result)
    cells = [[clip(c, max_width) for c in r] for r in data]
    widths = [max([width(n)] + [width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(names), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)
