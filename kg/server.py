"""``kg serve``: the store as a read-only SPARQL 1.1 Protocol endpoint, plus a small HTML query page.

``/sparql`` answers queries by GET (``?query=``) and POST (URL-encoded form or a direct
``application/sparql-query`` body), with the protocol's ``default-graph-uri``/``named-graph-uri``
(without them, the default graph is the union of the named graphs). Results are negotiated from the
``Accept`` header (or a ``format``/``output`` parameter, as Virtuoso-style clients send): SPARQL
JSON, XML, CSV and TSV for SELECT and ASK; Turtle, N-Triples, RDF/XML and JSON-LD for CONSTRUCT and
DESCRIBE. Without a query it returns the service description. ``/`` is the HTML page.

Guards: updates and graph-store writes get 403; ``SERVICE`` gets 403 unless enabled; every query
runs in a worker process with a deadline -- pyoxigraph cannot cancel a query, so a worker that
overruns is killed and replaced, and the client gets 503 -- and its serialised result may not exceed
a size limit (413-style refusal as 400 with a message). The server binds to 127.0.0.1 by default.
Workers open the store's published generation read-only and reopen it after a rebuild.
"""

from __future__ import annotations

import html
import io
import multiprocessing as mp
import queue
import re
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from kg import query as kq
from kg.vocab import PREFIXES

SELECT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
# Short names clients put in ?format= / ?output=, per result kind.
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None), "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"), "ttl": (None, "text/turtle"), "n3": (None, "text/turtle"),
    "nt": (None, "application/n-triples"), "ntriples": (None, "application/n-triples"),
    "rdf": (None, "application/rdf+xml"), "rdf+xml": (None, "application/rdf+xml"),
    "json-ld": (None, "application/ld+json"), "jsonld": (None, "application/ld+json"),
}
MAX_REQUEST = 1 << 20


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds per query
    max_bytes: int = 16 << 20  # serialised result
    workers: int = 4
    allow_service: bool = False


# -- the query workers ----------------------------------------------------------------------------


class _TooLarge(Exception):
    pass


class _Capped(io.RawIOBase):
    """A byte sink that refuses to grow past ``limit`` (pyoxigraph writes results into it as it goes)."""

    def __init__(self, limit: int):
        self.buf, self.limit = bytearray(), limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(self.buf) + len(data) > self.limit:
            raise _TooLarge()
        self.buf += data
        return len(data)


def negotiate(kind: str, accept: str, formats: list[str]) -> str | None:
    """The media type to answer a ``kind`` ("select", "ask" or "graph") result with, or None (406).

    >>> negotiate("select", "text/csv;q=0.5, application/sparql-results+xml", [])
    'application/sparql-results+xml'
    >>> negotiate("graph", "*/*", ["xml"])
    'application/rdf+xml'
    """
    table = GRAPH_TYPES if kind == "graph" else SELECT_TYPES
    for name in formats:
        name = name.strip().lower()
        media = name if name in table else FORMAT_NAMES.get(name, (None, None))[kind == "graph"]
        if media:
            return media
    ranked = []
    for i, part in enumerate(p for p in (accept or "*/*").split(",") if p.strip()):
        media, _, params = part.strip().partition(";")
        q = re.search(r"q\s*=\s*([0-9.]+)", params)
        ranked.append((-(float(q.group(1)) if q else 1.0), i, media.strip().lower()))
    for negq, _, media in sorted(ranked):
        if negq == 0:
            continue
        if media in table:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            return next(t for t in table if prefix == "*" or t.startswith(prefix + "/"))
    return None


def _answer(store: ox.Store, req: dict) -> tuple[int, str, bytes]:
    """Run one request in a worker: ``(HTTP status, content type, body)``."""
    options = {"use_default_graph_as_union": True}
    try:
        if req["default_graphs"] or req["named_graphs"]:
            options = {"default_graph": [ox.NamedNode(g) for g in req["default_graphs"]] or None,
                       "named_graphs": [ox.NamedNode(g) for g in req["named_graphs"]] or None}
    except ValueError as e:  # raised here it would kill the worker
        return 400, "text/plain", f"default-graph-uri or named-graph-uri is not a valid IRI: {e}\n".encode()
    try:
        result = store.query(req["query"], **options)
        kind = kq.kind_of(result)
        media = negotiate(kind, req["accept"], req["formats"])
        if media is None:
            offered = ", ".join(GRAPH_TYPES if kind == "graph" else SELECT_TYPES)
            return 406, "text/plain", f"None of the accepted types is available; this result can be: {offered}\n".encode()
        out = _Capped(req["max_bytes"])
        if kind == "graph":
            prefixes = PREFIXES if media == "text/turtle" else None
            ox.serialize(result, out, GRAPH_TYPES[media], prefixes=prefixes)
        else:
            result.serialize(out, SELECT_TYPES[media])
        charset = "; charset=utf-8" if media.startswith("text/") or media.endswith("json") else ""
        return 200, media + charset, bytes(out.buf)
    except SyntaxError as e:
        return 400, "text/plain", f"Query syntax error: {e}\n".encode()
    except _TooLarge:
        return 400, "text/plain", (f"The result is larger than this endpoint's limit of {req['max_bytes']:,} bytes; "
                                   "add a LIMIT or select fewer variables.\n").encode()
    except (OSError, ValueError, TypeError) as e:
        return 500, "text/plain", f"The query failed: {e}\n".encode()


def _worker_main(conn) -> None:
    """A worker process: answer requests from the pipe until it closes."""
    store, opened = None, None
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        if req["generation"] != opened:
            store, opened = None, None
            store = ox.Store.read_only(str(Path(req["generation"]) / "oxigraph"))
            opened = req["generation"]
        conn.send(_answer(store, req))


class QueryTimeout(Exception):
    pass


class Busy(Exception):
    pass


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child,), daemon=True, name="kg-sparql-worker")
        self.proc.start()
        child.close()

    def run(self, req: dict, timeout: float) -> tuple[int, str, bytes]:
        self.conn.send(req)
        if not self.conn.poll(timeout):
            raise QueryTimeout()
        return self.conn.recv()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """Worker processes; a worker that overruns its deadline is killed and replaced."""

    def __init__(self, size: int):
        self.ctx = mp.get_context("spawn")  # never fork a process that runs server threads
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: set[_Worker] = set()
        self.lock = threading.Lock()
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        w = _Worker(self.ctx)
        with self.lock:
            self.all.add(w)
        self.idle.put(w)

    def run(self, req: dict, timeout: float) -> tuple[int, str, bytes]:
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy() from None
        try:
            answer = w.run(req, timeout)
        except (QueryTimeout, EOFError, OSError) as e:
            with self.lock:
                self.all.discard(w)
            w.kill()
            self._add()
            if isinstance(e, QueryTimeout):
                raise
            return 500, "text/plain", b"The query worker died; it has been replaced.\n"
        self.idle.put(w)
        return answer

    def close(self) -> None:
        with self.lock:
            workers, self.all = list(self.all), set()
        for w in workers:
            w.kill()


# -- SERVICE detection ------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_STRIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')


def uses_service(sparql: str) -> bool:
    """Whether a query has a ``SERVICE`` clause (outside strings, IRIs and comments).

    >>> uses_service('SELECT * { SERVICE <http://x/> { ?s ?p ?o } }'), uses_service('SELECT ("SERVICE" AS ?x) {}')
    (True, False)
    """
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)  # \\u escapes come first
    return re.search(r"\bSERVICE\b", _STRIP.sub(" ", text), re.IGNORECASE) is not None


# -- HTTP ---------------------------------------------------------------------------------------------

SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix ent: <http://www.w3.org/ns/entailment/> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
   sd:endpoint <{endpoint}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:feature sd:UnionDefaultGraph{federation} ;
   sd:defaultEntailmentRegime ent:Simple ;
   sd:resultFormat fmt:SPARQL_Results_JSON , fmt:SPARQL_Results_XML , fmt:SPARQL_Results_CSV ,
       fmt:SPARQL_Results_TSV , fmt:Turtle , fmt:N-Triples , fmt:RDF_XML , fmt:JSON-LD .
"""


class Handler(BaseHTTPRequestHandler):
    """One request; the server object carries the store path, the pool and the limits."""

    server_version = "kg-sparql/1"
    timeout = 60  # seconds a client may stall sending its request before the connection is closed

    def log_message(self, fmt, *args):  # one line per request on stderr, as http.server does, unless quiet
        if not getattr(self.server, "quiet", False):
            super().log_message(fmt, *args)

    # -- dispatch

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path == "/":
            return self._page(params)
        if url.path != "/sparql":
            return self._send(404, "text/plain", b"Not found: the endpoint is /sparql, the query page is /\n")
        if "update" in params:
            return self._refuse_update()
        if "query" not in params:
            if "text/html" in self.headers.get("Accept", "") and "turtle" not in self.headers.get("Accept", ""):
                return self._send(303, "text/plain", b"See /\n", {"Location": "/"})
            return self._service_description()
        return self._query(params)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:  # int() raised in the handler, and a negative length read until the client hung up
            return self._send(400, "text/plain", b"Content-Length must be a non-negative whole number.\n",
                              {"Connection": "close"})
        if length > MAX_REQUEST:
            return self._send(413, "text/plain", f"The request is larger than {MAX_REQUEST:,} bytes.\n".encode())
        body = self.rfile.read(length)
        ctype = self.headers.get_content_type()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif ctype == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        elif ctype == "application/sparql-update":
            return self._refuse_update()
        else:
            return self._send(415, "text/plain", b"Send application/sparql-query or an HTML form "
                                                 b"(application/x-www-form-urlencoded).\n")
        if url.path == "/":
            return self._page(params)
        if url.path != "/sparql":
            return self._send(404, "text/plain", b"Not found: the endpoint is /sparql\n")
        if "update" in params:
            return self._refuse_update()
        if "query" not in params:
            return self._send(400, "text/plain", b"No query: send it as the 'query' parameter or the body.\n")
        return self._query(params)

    def do_PUT(self):
        self._refuse_update()

    do_DELETE = do_PATCH = do_PUT

    # -- answers

    def _refuse_update(self):
        self._send(403, "text/plain", b"This endpoint is read-only: SPARQL Update and graph writes are refused. "
                                      b"Change the graph by editing seeds/ and running `kg build`.\n")

    def _run(self, sparql: str, accept: str, formats: list[str], default_graphs=(), named_graphs=()):
        limits: Limits = self.server.limits
        if not limits.allow_service and uses_service(sparql):
            return 403, "text/plain", (b"SERVICE (federated query to another endpoint) is disabled on this "
                                       b"endpoint; start it with --allow-service to enable it.\n")
        from kg.store import current

        generation = current(self.server.store_path)
        if generation is None:
            return 503, "text/plain", b"No store is published yet; run `kg build`.\n"
        req = {"query": sparql, "accept": accept, "formats": formats, "generation": str(generation),
               "default_graphs": list(default_graphs), "named_graphs": list(named_graphs),
               "max_bytes": limits.max_bytes}
        try:
            return self.server.pool.run(req, limits.timeout)
        except QueryTimeout:
            return 503, "text/plain", (f"Query timeout: the query ran longer than this endpoint's limit of "
                                       f"{limits.timeout:g} s and was stopped.\n").encode()
        except Busy:
            return 503, "text/plain", b"The endpoint is busy (every query worker is in use); try again.\n"

    def _query(self, params: dict[str, list[str]]):
        if len(params["query"]) != 1:
            return self._send(400, "text/plain", b"Give exactly one 'query' parameter.\n")
        formats = params.get("format", []) + params.get("output", []) + params.get("results", [])
        status, ctype, body = self._run(params["query"][0], self.headers.get("Accept", ""), formats,
                                        params.get("default-graph-uri", []), params.get("named-graph-uri", []))
        self._send(status, ctype, body)

    def _service_description(self):
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        ttl = SERVICE_DESCRIPTION.format(endpoint=f"http://{host}/sparql",
                                         federation=" , sd:BasicFederatedQuery" if self.server.limits.allow_service else "")
        media = negotiate("graph", self.headers.get("Accept", ""), []) or "text/turtle"
        if media != "text/turtle":
            body = ox.serialize(ox.parse(ttl, ox.RdfFormat.TURTLE), format=GRAPH_TYPES[media])
        else:
            body = ttl.encode("utf-8")
        self._send(200, media, body)

    def _page(self, params: dict[str, list[str]]):
        sparql = (params.get("query") or [""])[0]
        name = (params.get("name") or [""])[0]
        if not sparql and name:
            try:
                sparql = kq.load(name).text if re.fullmatch(r"\w+", name) else ""
            except kq.QueryError:
                sparql = ""
        self._send(200, "text/html; charset=utf-8", render_page(sparql, self._page_result(sparql)).encode("utf-8"),
                   {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"})

    def _page_result(self, sparql: str) -> str:
        if not sparql.strip():
            return ""
        status, ctype, body = self._run(sparql, "application/sparql-results+json, application/n-triples", [])
        if status != 200:
            return f'<p class="error">{html.escape(body.decode("utf-8", "replace"))}</p>'
        if ctype.startswith("application/n-triples"):
            result = [q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
        else:
            result = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        names, data = kq.rows(result)
        shown = data[:1000]
        head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
        body_rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in shown)
        note = f"{len(data)} row{'s' if len(data) != 1 else ''}" + (", the first 1,000 shown" if len(data) > 1000 else "")
        return f"<p>{note}</p><table><tr>{head}</tr>{body_rows}</table>"

    def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


def render_page(sparql: str, result_html: str) -> str:
    """The query page: the library's questions, a text box, and the result (every value escaped)."""
    links = "".join(f'<li><a href="/?name={urllib.parse.quote(q.name)}">{html.escape(q.title)}</a>'
                    f' &mdash; {html.escape(q.question)}</li>' for q in kq.library())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>UP Industrial Knowledge Graph &mdash; SPARQL</title>
<style>body{{font-family:sans-serif;margin:1.5em}}textarea{{width:100%;height:16em;font-family:monospace}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .4em;vertical-align:top;text-align:left}}
.error{{color:#a00;white-space:pre-wrap}}li{{margin:.2em 0}}</style></head>
<body><h1>UP Industrial Knowledge Graph &mdash; SPARQL</h1>
<p>The endpoint for programs is <code>/sparql</code> (SPARQL 1.1 Protocol, read-only).</p>
<details><summary>Questions from the library</summary><ul>{links}</ul></details>
<form method="post" action="/"><textarea name="query" spellcheck="false">{html.escape(sparql)}</textarea>
<p><button type="submit">Run</button></p></form>
{result_html}
</body></html>
"""


def make_server(store_at: Path | str | None = None, host: str = "127.0.0.1", port: int = 7879,
                limits: Limits | None = None, quiet: bool = False) -> ThreadingHTTPServer:
    """A ready server (call ``serve_forever``; ``close`` it to stop its workers)."""
    from kg.paths import store_path
    from kg.store import StoreError, current

    path = Path(store_at) if store_at is not None else store_path()
    if current(path) is None:
        raise StoreError(f"no store at {path}; run `kg build` first (or pass --store PATH)")
    limits = limits or Limits()
    server = _Server((host, port), Handler)
    server.store_path, server.limits, server.quiet = path, limits, quiet
    server.pool = Pool(limits.workers)
    return server


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def server_close(self) -> None:
        super().server_close()
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()
