"""A remote SPARQL 1.1 store: load the build's named graphs into it and query it over HTTP.

``Endpoint`` speaks three W3C protocols with the standard library's HTTP client:

* the SPARQL 1.1 Protocol for queries (``POST`` with ``application/sparql-query``);
* the Graph Store HTTP Protocol to replace one named graph (``PUT ?graph=IRI`` with N-Triples) and
  to delete one (``DELETE ?graph=IRI``), where the store has one;
* SPARQL 1.1 Update (``DROP SILENT GRAPH`` + ``INSERT DATA``, in one request) where it has none.

``publish`` writes every graph a build computed -- one per article, plus the ontology, reference
and linking graphs -- each replaced whole, and deletes the graphs of articles that are gone
(only graphs under ``https://w3id.org/upkg/graph/``; anything else the store holds is left alone).

Queries see the union of the named graphs only if the store is configured for it (Oxigraph:
``oxigraph serve --union-default-graph``; see ``kg/queries/README.md`` for other stores).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg import iris
from kg.errors import UserError

RESULTS_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
                  "application/sparql-results+xml;q=0.5")
_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class RemoteError(UserError):
    """The endpoint cannot be reached, refused a request, or holds something other than what was sent."""


class RemoteQueryError(RemoteError):
    """The endpoint rejected a query (its message, e.g. a syntax error with line and column, is kept)."""


@dataclass(frozen=True)
class Endpoint:
    """The URLs of one SPARQL store: queries, updates and (optionally) the graph store."""

    query_url: str
    update_url: str
    graph_store_url: str | None = None
    timeout: float = 120.0

    @classmethod
    def from_url(cls, url: str, update: str | None = None, graph_store: str | None = None) -> Endpoint:
        """The endpoint for a query URL; the update and graph-store URLs default by the URL's shape.

        A URL ending in ``/query`` is taken for Oxigraph's layout (``/update``, ``/store`` beside
        it); any other URL (Virtuoso's or Neptune's ``/sparql``, a GraphDB repository) takes
        updates at the same URL and has no graph store unless one is given.

        >>> e = Endpoint.from_url("http://127.0.0.1:7878/query")
        >>> e.update_url, e.graph_store_url
        ('http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
        >>> Endpoint.from_url("http://localhost:8890/sparql").graph_store_url is None
        True
        """
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise RemoteError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
        if parsed.path.endswith("/query"):
            base = url[: url.rindex("/query")]
            update = update or base + "/update"
            graph_store = graph_store or base + "/store"
        return cls(query_url=url, update_url=update or url, graph_store_url=graph_store)

    # -- the SPARQL 1.1 Protocol ------------------------------------------------------------------

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query; solutions and booleans come back as pyoxigraph results, graphs as triples."""
        status, ctype, body = self._request("POST", self.query_url, sparql.encode("utf-8"),
                                            {"Content-Type": "application/sparql-query; charset=utf-8",
                                             "Accept": RESULTS_ACCEPT}, query_error=True)
        if ctype in _RESULT_TYPES:
            return ox.parse_query_results(body, _RESULT_TYPES[ctype])
        if ctype in _GRAPH_TYPES:
            return [q.triple for q in ox.parse(body, _GRAPH_TYPES[ctype])]
        raise RemoteError(f"{self.query_url} answered with an unexpected content type {ctype!r}")

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update request."""
        self._request("POST", self.update_url, sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"})

    # -- graphs ------------------------------------------------------------------------------------

    def put_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Replace the named graph ``graph`` by ``triples`` (one request, so one transaction)."""
        body = "".join(f"{t} .\n" for t in triples)
        if self.graph_store_url:
            self._request("PUT", self._graph_url(graph), body.encode("utf-8"),
                          {"Content-Type": "application/n-triples"})
            return
        update = f"DROP SILENT GRAPH {ox.NamedNode(graph)} ;\n"
        if body:
            update += f"INSERT DATA {{ GRAPH {ox.NamedNode(graph)} {{\n{body}}} }}"
        self.update(update)

    def delete_graph(self, graph: str) -> None:
        if self.graph_store_url:
            self._request("DELETE", self._graph_url(graph), None, {}, missing_ok=True)
        else:
            self.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def graph_sizes(self) -> dict[str, int]:
        """``{graph IRI: number of triples}`` of every non-empty named graph."""
        result = self.query(_SIZES)
        return {row["g"].value: int(row["n"].value) for row in result}

    def _graph_url(self, graph: str) -> str:
        sep = "&" if "?" in self.graph_store_url else "?"
        return f"{self.graph_store_url}{sep}{urllib.parse.urlencode({'graph': graph})}"

    def _request(self, method: str, url: str, body: bytes | None, headers: dict[str, str],
                 missing_ok: bool = False, query_error: bool = False) -> tuple[int, str, bytes]:
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                ctype = resp.headers.get_content_type()
                return resp.status, ctype, resp.read()
        except urllib.error.HTTPError as e:
            if missing_ok and e.code == 404:
                return 404, "", b""
            message = e.read().decode("utf-8", "replace").strip()[:2000]
            cls = RemoteQueryError if query_error and e.code == 400 else RemoteError
            raise cls(f"{method} {url} failed with HTTP {e.code}: {message or e.reason}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise RemoteError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None


def publish(endpoint: Endpoint, graphs: dict[str, list[ox.Triple]]) -> tuple[list[str], list[str]]:
    """Replace every graph of ``graphs`` in the remote store and drop the project's graphs that are gone.

    Returns ``(written, removed)``. Checks afterwards that each graph holds as many triples as was
    sent, so a store that silently drops data is reported, not trusted.
    """
    present = endpoint.graph_sizes()
    removed = sorted(g for g in present if g.startswith(iris.GRAPH) and g not in graphs)
    for g in removed:
        endpoint.delete_graph(g)
    written = sorted(graphs)
    for g in written:
        endpoint.put_graph(g, graphs[g])
    sizes = endpoint.graph_sizes()
    wrong = [f"<{g}> has {sizes.get(g, 0)} triples, {len(graphs[g])} were sent"
             for g in written if sizes.get(g, 0) != len(graphs[g])]
    if wrong:
        raise RemoteError(f"the store at {endpoint.query_url} does not hold what was sent: " + "; ".join(wrong[:5]))
    return written, removed

