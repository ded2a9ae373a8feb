"""A remote store: `kg build --endpoint` loads a real Oxigraph server, and the questions answer the same.

The tests start ``oxigraph serve`` (from the ``oxigraph`` package on PyPI) on a free loopback port
with ``--union-default-graph`` and stop it afterwards; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg import query as kq
from kg.build import build
from kg.remote import Endpoint, RemoteError, publish
from seedstore import SEEDS
from seedstore import seed_store as shared_seed_store


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not os.access(found, os.X_OK):
        pytest.fail("the oxigraph server is not installed: pip install -e '.[dev]'")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path, request):
    """Start an in-memory Oxigraph server on a free loopback port; return its query URL."""
    port = _free_port()
    log = open(tmp_path / "oxigraph.log", "wb")
    proc = subprocess.Popen([_oxigraph(), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=log, stderr=subprocess.STDOUT)

    def finish():
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()

    request.addfinalizer(finish)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            return url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"oxigraph did not start: {(tmp_path / 'oxigraph.log').read_text(errors='replace')}")
            time.sleep(0.1)


@pytest.fixture(scope="session")
def seed_store():
    return shared_seed_store()


# Columns that GROUP_CONCAT a list: SPARQL leaves the order of its parts to the store.
LISTS = {"organisers": "; ", "participants": "; ", "topics": "; ", "articles": " ", "languages": ", ",
         "forms": " | ", "article_ids": " "}


def comparable(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: sep.join(sorted(v.split(sep))) if (sep := LISTS.get(k)) else v for k, v in r.items()} for r in rows]


def kg(*args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, timeout=300,
                          env=dict(os.environ, **env))


def test_the_questions_answer_the_same_on_the_remote_store(oxigraph_server, seed_store, tmp_path):
    report = build(SEEDS, tmp_path / "work" / "store", jobs=1, endpoint=Endpoint.from_url(oxigraph_server))
    assert report.ok, report.errors
    remote, local = Endpoint.from_url(oxigraph_server), kq.open_target(seed_store)
    local_sizes = {g: n for g, n in ((r["g"].value, int(r["n"].value)) for r in local.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))}
    assert remote.graph_sizes() == local_sizes
    asked = [(q, {}) for q in kq.library()] + [
        (kq.load("district"), {"district": "गोरखपुर"}), (kq.load("statistics"), {"subject": "Kanpur"}),
        (kq.load("connection"), {"from": "Kanpur", "to": "H P Jaiswal"}),
        (kq.load("article"), {"article": "003_3ada5cefde7cd019.txt"})]
    for query, params in asked:
        on_remote = kq.records(kq.execute(remote, kq.parametrise(query, params, remote)))
        on_local = kq.records(kq.execute(local, kq.parametrise(query, params, local)))
        assert comparable(on_remote) == comparable(on_local), query.name
    # The facts a reader checks are there, not just equal emptiness.
    rows = kq.records(kq.execute(remote, kq.parametrise(kq.load("statistics"), {"subject": "Gorakhpur"}, remote)))
    assert "करीब 300 करोड़ रुपये" in {r["quote"] for r in rows}


def test_kg_build_and_kg_query_with_endpoint(oxigraph_server, seed_store, tmp_path):
    built = kg("build", "--seeds", str(SEEDS), "--store", str(tmp_path / "store"), "--jobs", "1",
               "--endpoint", oxigraph_server)
    assert built.returncode == 0, built.stderr.decode()
    assert f"Built {oxigraph_server} (remote store)" in built.stdout.decode()
    remote = kg("query", "district", "--param", "district=Gorakhpur", "--endpoint", oxigraph_server)
    local = kg("query", "district", "--param", "district=Gorakhpur", "--store", str(seed_store))
    assert remote.returncode == 0, remote.stderr.decode()
    assert remote.stdout == local.stdout and "करीब 300 करोड़ रुपये".encode() in remote.stdout
    bad = kg("query", "--sparql", "SELECT * WHERE {\n ?s ?p \n}", "--endpoint", oxigraph_server)
    assert bad.returncode == 1 and "3:" in bad.stderr.decode()


def test_a_rebuild_replaces_an_article_graph_and_drops_a_removed_one(oxigraph_server, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    endpoint = Endpoint.from_url(oxigraph_server)
    work = tmp_path / "work" / "store"
    assert build(seeds, work, jobs=1, endpoint=endpoint).ok
    gorakhpur = "https://w3id.org/upkg/graph/article/004_20c34a6f234d4514"
    jhansi = "https://w3id.org/upkg/graph/article/001_cc6166910ea1a3df"
    # Edit one article (drop its last paragraphs) and remove another.
    text = (seeds / "004_20c34a6f234d4514.txt").read_text(encoding="utf-8")
    (seeds / "004_20c34a6f234d4514.txt").write_text(text[: text.index("450")], encoding="utf-8")
    (seeds / "001_cc6166910ea1a3df.txt").unlink()
    (seeds / "001_cc6166910ea1a3df.meta").unlink()
    report = build(seeds, work, jobs=1, endpoint=endpoint)
    assert report.ok and report.removed == [jhansi] and gorakhpur in report.written
    sizes = endpoint.graph_sizes()
    assert jhansi not in sizes and gorakhpur in sizes
    quotes = {r["quote"] for r in kq.records(kq.execute(endpoint, kq.parametrise(
        kq.load("statistics"), {"subject": "Gorakhpur"}, endpoint)))}
    assert "करीब 300 करोड़ रुपये" not in quotes  # the edited article's old numbers are gone
    coverage = {r["district"]: r for r in kq.records(kq.execute(endpoint, kq.load("coverage").text))}
    assert coverage["Jhansi"]["coverage"] == "none"


def test_stores_without_a_graph_store_are_loaded_with_sparql_update(oxigraph_server, seed_store):
    base = oxigraph_server.rsplit("/", 1)[0]
    endpoint = Endpoint(query_url=oxigraph_server, update_url=base + "/update", graph_store_url=None)
    local = kq.open_target(seed_store)
    graphs: dict = {}
    for q in local.store.quads_for_pattern(None, None, None, None):
        graphs.setdefault(q.graph_name.value, []).append(q.triple)
    written, removed = publish(endpoint, graphs)
    assert written == sorted(graphs) and removed == []
    assert endpoint.graph_sizes() == {g: len(t) for g, t in graphs.items()}
    rows = kq.records(kq.execute(endpoint, kq.load("coverage").text))
    assert rows == kq.records(kq.execute(local, kq.load("coverage").text))


def test_an_unreachable_endpoint_is_a_clear_error(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/query"
    with pytest.raises(RemoteError, match="cannot reach the SPARQL endpoint"):
        build(SEEDS, tmp_path / "store", jobs=1, endpoint=Endpoint.from_url(url))
    result = kg("query", "coverage", "--endpoint", url)
    assert result.returncode == 1 and "cannot reach" in result.stderr.decode()
