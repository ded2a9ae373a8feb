"""`kg serve`: a standards-compliant, read-only SPARQL endpoint, checked with a real SPARQL client."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from kg import query as kq
from kg.server import Limits, make_server
from seedstore import seed_store as shared_seed_store

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="session")
def seed_store():
    return shared_seed_store()


def start(store, **limits):
    server = make_server(store, port=0, limits=Limits(**limits), quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def stop(server):
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def endpoint(seed_store):
    server, base = start(seed_store, timeout=2.0, workers=2)
    yield base
    stop(server)


@pytest.fixture(scope="module")
def local(seed_store):
    return kq.open_target(seed_store)


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """``(status, content type, body text)`` of a request, errors included."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def values(result) -> list[dict[str, str]]:
    return [{v.value: s[v.value].value for v in result.variables if s[v.value] is not None} for s in result]


def wrapper(base: str, sparql: str, fmt) -> SPARQLWrapper:
    sw = SPARQLWrapper(base + "/sparql")
    sw.setQuery(sparql)
    sw.setReturnFormat(fmt)
    return sw


# -- a real SPARQL client gets the same answers as `kg query` ------------------------------------------

def test_sparqlwrapper_select_json_matches_kg_query(endpoint, local):
    for name in ("district", "statistics", "coverage"):
        text = kq.load(name).text
        got = wrapper(endpoint, text, JSON).query().convert()
        rows = [{k: b["value"] for k, b in binding.items()} for binding in got["results"]["bindings"]]
        assert rows == values(kq.execute(local, text)), name


def test_sparqlwrapper_select_xml_and_csv_match_kg_query(endpoint, local):
    text = kq.load("statistics").text
    expected = values(kq.execute(local, text))
    doc = wrapper(endpoint, text, XML).query().convert()
    quotes = [b.getElementsByTagName("literal")[0].firstChild.data
              for b in doc.getElementsByTagName("binding") if b.getAttribute("name") == "quote"]
    assert quotes == [r["quote"] for r in expected]
    data = wrapper(endpoint, text, CSV).query().convert().decode("utf-8")
    assert "करीब 300 करोड़ रुपये" in data
    assert data.splitlines()[0] == ",".join(v.value for v in kq.execute(local, text).variables)


def test_sparqlwrapper_ask_and_construct(endpoint, local):
    ask = "ASK { <https://w3id.org/upkg/id/district/gorakhpur> <https://w3id.org/upkg/ontology#inDivision> ?d }"
    assert wrapper(endpoint, ask, JSON).query().convert()["boolean"] is True
    construct = ("CONSTRUCT { ?d <https://w3id.org/upkg/ontology#inDivision> ?v } WHERE { "
                 "?d <https://w3id.org/upkg/ontology#inDivision> ?v }")
    expected = {(t.subject.value, t.object.value) for t in kq.execute(local, construct)}
    graph = wrapper(endpoint, construct, XML).query().convert()  # RDF/XML, parsed by rdflib
    assert {(str(s), str(o)) for s, _, o in graph} == expected
    turtle = wrapper(endpoint, construct, TURTLE).query().convert()
    assert {(t.subject.value, t.object.value) for t in ox.parse(turtle, ox.RdfFormat.TURTLE)} == expected


# -- the protocol ---------------------------------------------------------------------------------------

def test_get_post_form_and_post_body_give_the_same_answer(endpoint):
    q = "SELECT ?d WHERE { ?d <https://w3id.org/upkg/ontology#inDivision> <https://w3id.org/upkg/id/division/jhansi> } ORDER BY ?d"
    accept = {"Accept": "text/csv"}
    get = http(endpoint + "/sparql?" + urllib.parse.urlencode({"query": q}), headers=accept)
    form = http(endpoint + "/sparql", urllib.parse.urlencode({"query": q}).encode(),
                {**accept, "Content-Type": "application/x-www-form-urlencoded"})
    body = http(endpoint + "/sparql", q.encode(), {**accept, "Content-Type": "application/sparql-query"})
    assert get == form == body
    assert get[2].split() == ["d", "https://w3id.org/upkg/id/district/jalaun",
                              "https://w3id.org/upkg/id/district/jhansi", "https://w3id.org/upkg/id/district/lalitpur"]


def test_content_negotiation(endpoint):
    q = urllib.parse.urlencode({"query": "SELECT (1 AS ?x) WHERE {}"})
    assert http(f"{endpoint}/sparql?{q}", headers={"Accept": "text/tab-separated-values"})[2] == "?x\n1\n"
    status, ctype, _ = http(f"{endpoint}/sparql?{q}", headers={"Accept": "application/sparql-results+xml"})
    assert ctype.startswith("application/sparql-results+xml")
    assert http(f"{endpoint}/sparql?{q}")[1].startswith("application/sparql-results+json")
    assert http(f"{endpoint}/sparql?{q}", headers={"Accept": "image/png"})[0] == 406
    g = urllib.parse.urlencode({"query": "CONSTRUCT { <http://e/s> <http://e/p> 1 } WHERE {}"})
    assert http(f"{endpoint}/sparql?{g}", headers={"Accept": "application/n-triples"})[2].startswith("<http://e/s>")
    assert http(f"{endpoint}/sparql?{g}")[1].startswith("text/turtle")


def test_the_service_description(endpoint):
    status, ctype, body = http(endpoint + "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and ctype.startswith("text/turtle")
    triples = {(t.predicate.value, t.object.value) for t in ox.parse(body, ox.RdfFormat.TURTLE)}
    assert ("http://www.w3.org/ns/sparql-service-description#endpoint", endpoint + "/sparql") in triples
    assert ("http://www.w3.org/ns/sparql-service-description#feature",
            "http://www.w3.org/ns/sparql-service-description#UnionDefaultGraph") in triples


def test_a_dataset_given_by_the_protocol_replaces_the_union(endpoint):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"
    union = http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": q}), headers={"Accept": "text/csv"})
    only_reference = http(f"{endpoint}/sparql?" + urllib.parse.urlencode(
        {"query": q, "default-graph-uri": "https://w3id.org/upkg/graph/reference"}), headers={"Accept": "text/csv"})
    assert union[2].split() == ["n", "5"] and only_reference[2].split() == ["n", "0"]


def test_a_malformed_query_is_a_400_with_line_and_column(endpoint):
    status, _, body = http(endpoint + "/sparql", b"SELECT * WHERE {\n ?s ?p \n}", {"Content-Type": "application/sparql-query"})
    assert status == 400 and "error at 3:" in body


# -- read-only, limited, local --------------------------------------------------------------------------

def test_updates_and_graph_writes_are_refused(endpoint, local):
    before = len(local.store)
    form = http(endpoint + "/sparql", urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"})
    direct = http(endpoint + "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    put = http(endpoint + "/sparql?graph=x", b"<a:s> <a:p> <a:o> .", {"Content-Type": "application/n-triples"}, "PUT")
    as_query = http(endpoint + "/sparql", b"DROP ALL", {"Content-Type": "application/sparql-query"})
    assert form[0] == direct[0] == put[0] == 403 and "read-only" in form[2]
    assert as_query[0] == 400
    assert len(local.store) == before


def test_service_is_refused_unless_enabled(endpoint):
    for q in ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
              "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
              "SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }"):
        status, _, body = http(endpoint + "/sparql", q.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 403 and "--allow-service" in body
    ok = http(endpoint + "/sparql", b'SELECT ("SERVICE" AS ?x) WHERE {}', {"Content-Type": "application/sparql-query"})
    assert ok[0] == 200


def test_a_runaway_query_times_out_without_starving_others(endpoint):
    slow: dict = {}

    def run_slow():
        slow["answer"] = http(endpoint + "/sparql", CARTESIAN.encode(), {"Content-Type": "application/sparql-query"})

    t = threading.Thread(target=run_slow)
    started = time.monotonic()
    t.start()
    time.sleep(0.3)
    fast_started = time.monotonic()
    fast = http(endpoint + "/sparql", b"ASK { ?s ?p ?o }", {"Content-Type": "application/sparql-query"})
    assert fast[0] == 200 and time.monotonic() - fast_started < 1.5
    t.join(30)
    status, _, body = slow["answer"]
    assert status == 503 and "timeout" in body.lower() and "2 s" in body
    assert time.monotonic() - started < 10
    # The worker that ran it was replaced: the endpoint still answers, twice at once.
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(http(endpoint + "/sparql?query=ASK%7B%7D")[0]))
               for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert answers == [200, 200]


def test_a_result_over_the_size_limit_is_refused(seed_store):
    server, base = start(seed_store, max_bytes=4000, workers=1)
    try:
        status, _, body = http(base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
        assert status == 400 and "4,000 bytes" in body
        assert http(base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"}))[0] == 200
    finally:
        stop(server)


def test_it_binds_to_loopback_by_default(seed_store):
    server = make_server(seed_store, port=0, limits=Limits(workers=1), quiet=True)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


# -- the HTML page --------------------------------------------------------------------------------------

def test_the_page_runs_a_query_and_escapes_every_value(endpoint):
    status, ctype, page = http(endpoint + "/", urllib.parse.urlencode(
        {"query": 'SELECT ("<script>alert(1)</script>" AS ?x) WHERE {}'}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and ctype.startswith("text/html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    status, _, page = http(endpoint + "/?" + urllib.parse.urlencode({"query": kq.load("statistics").text}))
    assert "<td>करीब 300 करोड़ रुपये</td>" in page and "Numbers claimed" in page


def test_the_page_loads_a_library_question(endpoint):
    status, _, page = http(endpoint + "/?name=posts")
    assert status == 200 and "upkg:PostHolding" in page
    status, _, page = http(endpoint + '/?name="><script>x</script>')
    assert status == 200 and "<script>x" not in page
