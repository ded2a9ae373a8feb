"""`kg serve` under load and under attack, on this machine's loopback address only.

The endpoint runs as a user runs it (``kg serve --port 0`` in its own process, started and
stopped by ``benchmarks/load.py``). Sixteen clients send the library's questions for a minute
(``KG_LOAD_SECONDS`` shortens it; the run is also capped at 20,000 requests) and must get only
answers; the figures go to ``test-artifacts/endpoint-load.json``. Pathological queries (a
cartesian product, an unbounded property path) are stopped at the deadline while the other clients
keep being answered. Updates, ``LOAD``, ``SERVICE``, oversized and malformed requests get clear
statuses; nothing listens beyond 127.0.0.1. ``test_server.py`` covers the protocol itself.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import re
import socket
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from kg.paths import project_root
from seedstore import ARTIFACTS, seed_store

_spec = importlib.util.spec_from_file_location("kg_load_benchmark", project_root() / "benchmarks" / "load.py")
load = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = load  # dataclasses look their module up there
_spec.loader.exec_module(load)

LOAD_SECONDS = float(os.environ.get("KG_LOAD_SECONDS", "60"))


@pytest.fixture(scope="module")
def served():
    with load.Served(seed_store(), "--workers", "4", "--timeout", "10") as s:
        yield s


def request(base: str, raw: bytes, wait: float = 10.0) -> tuple[int, str, float]:
    """Send raw bytes of HTTP; ``(status, body, seconds)`` of the answer (status 0: no answer)."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=wait) as c:
        c.sendall(raw)
        data = b""
        try:
            while chunk := c.recv(65536):
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    if not m:  # http.server answers a request line it cannot parse as HTTP/0.9: an error page, no status line
        body = data
        m = re.search(rb"Error code: (\d{3})", data)
    return (int(m.group(1)) if m else 0), body.decode("utf-8", "replace"), time.monotonic() - started


def http(method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body and "Content-Length" not in (headers or {}):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def q(sparql: str, **extra: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": sparql, **extra})


QUERY = {"Content-Type": "application/sparql-query"}
UPDATE = {"Content-Type": "application/sparql-update"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
READ_ONLY = "read-only: SPARQL Update and graph writes are refused"

REFUSED = {
    # name: (raw request, status, words of the answer)
    "update in a form": (http("POST", "/sparql", b"update=INSERT+DATA+%7B%3Ca%3A1%3E+%3Ca%3A2%3E+%3Ca%3A3%3E%7D", FORM),
                         403, [READ_ONLY]),
    "update as an update body": (http("POST", "/sparql", b"DELETE WHERE { ?s ?p ?o }", UPDATE), 403, [READ_ONLY]),
    "LOAD as an update body": (http("POST", "/sparql", b"LOAD <http://example.org/data.ttl>", UPDATE), 403, [READ_ONLY]),
    "LOAD in a GET": (http("GET", "/sparql?" + urllib.parse.urlencode({"update": "LOAD <http://example.org/x.ttl>"})),
                      403, [READ_ONLY]),
    "LOAD sent as a query": (http("POST", "/sparql", b"LOAD <http://example.org/data.ttl>", QUERY), 400,
                             ["Query syntax error: error at 1:1"]),
    "INSERT sent as a query": (http("GET", q("INSERT DATA { <http://e/s> <http://e/p> 1 }")), 400,
                               ["Query syntax error: error at 1:1"]),
    "DELETE method": (http("DELETE", "/sparql?graph=https://w3id.org/upkg/graph/reference"), 403, [READ_ONLY]),
    "PATCH method": (http("PATCH", "/sparql", b"x", {"Content-Type": "text/turtle"}), 403, [READ_ONLY]),
    "SERVICE in OPTIONAL": (http("POST", "/sparql", b"SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE "
                                 b"<http://example.org/sparql> { ?s ?q ?r } } } LIMIT 1", QUERY), 403, ["--allow-service"]),
    "SERVICE in a subquery, by GET": (http("GET", q("SELECT * { { SELECT ?s { SERVICE <http://127.0.0.1:9/> "
                                                    "{ ?s ?p ?o } } } }")), 403, ["SERVICE", "disabled"]),
    "SERVICE with a variable": (http("GET", q("SELECT * { VALUES ?e { <http://x/> } SERVICE ?e { ?s ?p ?o } }")),
                                403, ["--allow-service"]),
    "a body over 1 MB": (http("POST", "/sparql", b"ASK {}" + b" " * (1 << 20), QUERY), 413,
                         ["larger than 1,048,576 bytes"]),
    "a Content-Length of 100 MB": (http("POST", "/sparql", b"ASK {}", {**QUERY, "Content-Length": str(100 << 20)}),
                                   413, ["larger than 1,048,576 bytes"]),
    "a Content-Length that is no number": (http("POST", "/sparql", b"ASK {}", {**QUERY, "Content-Length": "six"}),
                                           400, ["Content-Length must be"]),
    "a negative Content-Length": (http("POST", "/sparql", b"ASK {}", {**QUERY, "Content-Length": "-6"}),
                                  400, ["Content-Length must be"]),
    "a URL over 64 KB": (http("GET", q("ASK {}" + " " * 70_000)), 414, ["Request-URI Too Long"]),
    "150 headers": (http("GET", q("ASK {}"), headers={f"X-Header-{i}": "x" for i in range(150)}), 431,
                    ["Too many headers"]),
    "a body of another type": (http("POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"}), 415,
                               ["application/sparql-query"]),
    "a dataset IRI that is no IRI": (http("GET", q("ASK { ?s ?p ?o }", **{"default-graph-uri": "not an iri"})), 400,
                                     ["default-graph-uri or named-graph-uri is not a valid IRI"]),
    "two queries": (http("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400, ["exactly one 'query'"]),
    "no query in a POST": (http("POST", "/sparql", b"format=json", FORM), 400, ["No query"]),
    "not HTTP": (b"HELLO THERE GENERAL\r\n\r\n", 400, ["Bad request version"]),
}

MALFORMED = {
    # query: the parser's message must be passed on, with its position
    "SELECT * WHERE { ?s ?p }": "error at 1:",
    "SELECT * WHERE { ?s ?p ?o": "error at 1:",
    "SELECT * WHERE { ?s foo:bar ?o }": "Prefix not found",
    "SELECT * WHERE { <not an iri> ?p ?o }": "error at 1:",
    'SELECT * WHERE { ?s ?p "unterminated }': "error at 1:",
    "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = )\n}": "expected one of",
    "ASK { FILTER(1 +) }": "error at 1:",
    "": "error at 1:1",
    "\u0000\u0001\u0002": "error at 1:",
    "SELECT (COUNT(*) AS ?n WHERE { ?s ?p ?o }": "error at 1:",
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_requests_get_a_clear_status(served, case):
    raw, status, words = REFUSED[case]
    got, body, seconds = request(served.base, raw)
    assert got == status, (case, got, body)
    for word in words:
        assert word in body, (case, body)
    assert seconds < 5, (case, seconds)  # refused at once, not after waiting for a body or a worker


@pytest.mark.parametrize("sparql", list(MALFORMED))
def test_a_malformed_query_is_a_400_with_the_parsers_message(served, sparql):
    for raw in (http("POST", "/sparql", sparql.encode("utf-8"), QUERY), http("GET", q(sparql))):
        status, body, _ = request(served.base, raw)
        assert status == 400 and body.startswith("Query syntax error: "), (sparql, status, body)
        assert MALFORMED[sparql] in body, body


def test_the_endpoint_stays_up_after_refusals_and_a_query_that_crashes_its_worker(served):
    """A query nested 10,000 deep overflows the parser's stack in the worker process: the worker is
    replaced, the client told, and the endpoint answers the next query (kg query would crash)."""
    deep = "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o" + " }" * 10_000
    status, body = load.post(served.base, deep)
    assert status in (400, 500) and body.strip(), (status, body)
    answers = [load.post(served.base, "ASK { ?s ?p ?o }")[0] for _ in range(6)]  # every worker, more than once
    assert answers == [200] * 6


# -- nothing listens beyond loopback --------------------------------------------------------------------

def _listening(pids: set[int]) -> list[str]:
    """Local addresses of the listening TCP sockets of ``pids``."""
    inodes = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                addr, port = fields[1].split(":")
                raw = bytes.fromhex(addr)
                if width == 8:
                    host = socket.inet_ntop(socket.AF_INET, raw[::-1])
                else:
                    host = socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
                found.append(f"{host}:{int(port, 16)}")
    return found


def _family(pid: int) -> set[int]:
    """``pid`` and its descendants."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    family, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return family


def test_nothing_listens_beyond_loopback_unless_asked(served):
    from kg.server import make_server

    port = urllib.parse.urlsplit(served.base).port
    family = _family(served.proc.pid)
    assert len(family) >= 5  # the server and its four query workers
    assert _listening(family) == [f"127.0.0.1:{port}"]  # one socket, on loopback; the workers use pipes
    assert inspect.signature(make_server).parameters["host"].default == "127.0.0.1"


def test_serve_help_says_where_it_listens(capsys):
    from kg.cli import main

    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--host HOST address to bind (default: 127.0.0.1, this machine only)" in out


# -- pathological queries and load -----------------------------------------------------------------------

def test_pathological_queries_time_out_without_starving_the_others():
    """A cartesian product and an unbounded property path, sent at once to an endpoint with a 3 s
    deadline while four clients ask the library's questions for 12 s: both are stopped with a 503
    that says so, the workers that ran them are replaced, and the others are answered throughout.

    The deadline is wall-clock time: while the two runaway queries hold both cores, the ``article``
    question (1.1 s on its own) would overrun 3 s too, so it is left to the minute-long test, which
    runs with the default 10 s."""
    queries = {name: text for name, text in load.library_queries().items() if name != "article"}
    with load.Served(seed_store(), "--workers", "4", "--timeout", "3") as s:
        result = load.run(s.base, queries, clients=4, seconds=12, max_requests=2_000,
                          pathological=load.PATHOLOGICAL, pathological_at=0.25)
        after = [load.post(s.base, "ASK { ?s ?p ?o }") for _ in range(8)]
    summary = result.summary()
    print(f"\npathological queries under load: {json.dumps(summary, ensure_ascii=False)}")
    assert result.errors == [], result.errors[:5]
    assert sorted(name for name, *_ in result.pathological) == sorted(load.PATHOLOGICAL)
    for name, status, sent, seconds, body in result.pathological:
        assert status == 503 and "Query timeout" in body and "3 s" in body, (name, status, body)
        assert seconds < 3 + 6, (name, seconds)  # the deadline, plus waiting for a free worker
    start = min(sent for _, _, sent, _, _ in result.pathological)
    end = max(sent + seconds for _, _, sent, seconds, _ in result.pathological)
    during = [name for sent, done, name in result.answered if start < done < end]
    assert len(during) >= 3, (start, end, during)  # not starved while both ran
    assert [status for status, _ in after] == [200] * 8


@pytest.mark.slow
def test_sixteen_clients_for_a_minute_get_only_answers():
    queries = load.library_queries()
    with load.Served(seed_store(), "--workers", "4", "--timeout", "10") as s:
        result = load.run(s.base, queries, clients=16, seconds=LOAD_SECONDS, max_requests=20_000)
        code = s.stop()
    summary = result.summary()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "endpoint-load.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
    print(f"\n16 clients, {summary['seconds']} s: {summary['requests']} answers, {summary['errors']} errors, "
          f"{summary['requests_per_second']}/s, p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms, "
          f"max {summary['max_ms']} ms")
    assert result.errors == [], result.errors[:5]
    assert all(result.latencies[name] for name in queries), "every library question was answered"
    assert summary["p99_ms"] < 15_000  # the 10 s deadline, plus waiting for one of the four workers
    assert result.seconds < LOAD_SECONDS + 60  # it stopped by itself
    assert code == 0  # and the server stopped cleanly on Ctrl-C
