"""`kg viz` writes one self-contained, offline, escaped explorer page (checked without a browser)."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from kg import iris, viz
from kg.analysis import ASHA, example_graph
from kg.cli import main
from seedstore import seed_graph, seed_store

GORAKHPUR = iris.entity_iri("district", "Gorakhpur")
EVIL = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def page_data(page: str) -> dict:
    """The JSON the page embeds, parsed as the browser parses it."""
    body = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(body)


def evil_graph() -> nx.MultiDiGraph:
    """The example graph with article text that tries to break out of the page."""
    G = example_graph()
    G.nodes[ASHA]["label"] = "Asha " + EVIL
    G.nodes[ASHA]["label_hi"] = "<b>आशा</b>"
    for m in G.nodes[ASHA]["mentions"]:
        m["quote"] = EVIL
    for _, _, d in G.edges(ASHA, data=True):
        d["label"] = "Pres<ident>"
        for ev in d["evidence"]:
            ev["quote"] = "said " + EVIL
    G.graph["articles"]["ex1"]["headline"] = "<script>alert('headline')</script>"
    return G


@pytest.fixture(scope="module")
def seed_page() -> str:
    return viz.explorer_html(seed_graph())


def test_the_page_links_nothing_outside_itself(seed_page):
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(?!data:)', seed_page)
    assert "cdnjs" not in seed_page and "jsdelivr" not in seed_page and "unpkg" not in seed_page
    assert "default-src 'none'" in seed_page  # the page's CSP forbids every request
    assert "vis-network" in seed_page and "new vis.Network" in seed_page  # the library is inlined


def test_the_page_holds_the_districts_and_their_facts(seed_page):
    data = page_data(seed_page)
    nodes = {n["id"]: n for n in data["nodes"]}
    gkp = nodes[GORAKHPUR]
    assert (gkp["label"], gkp["label_hi"], gkp["type"], gkp["shape"]) == ("Gorakhpur", "गोरखपुर", "District", "hexagon")
    assert "Gorakhpur division" in gkp["title"] and "Terracotta" in gkp["title"] and "गोरखपुर" in gkp["title"]
    assert "004_20c34a6f234d4514" in gkp["title"]  # a source article, with its quote
    assert gkp["value"] > nodes[iris.entity_iri("district", "Mahoba")]["value"]  # size follows degree
    division = iris.entity_iri("division", "Gorakhpur")
    assert any(e["from"] == GORAKHPUR and e["to"] == division and e["label"] == "in division" for e in data["edges"])
    assert [t["name"] for t in data["types"]][:3] == ["Person", "Organization", "District"]


def test_article_text_is_escaped_everywhere():
    page = viz.explorer_html(evil_graph())
    assert EVIL not in page and "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "<script>alert('headline')" not in page
    data = page_data(page)
    asha = next(n for n in data["nodes"] if n["id"] == ASHA)
    assert asha["label"] == viz._clip("Asha " + EVIL, 40)  # the data keeps the text as it is ...
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1" in asha["title"]  # ... tooltips escape it
    assert "&lt;b&gt;आशा&lt;/b&gt;" in asha["title"] and "<b>आशा</b>" not in asha["title"]
    edge = next(e for e in data["edges"] if e["from"] == ASHA)
    assert "Pres&lt;ident&gt;" in edge["title"] and "&lt;img src=x" in edge["title"]
    assert "&lt;script&gt;alert(&#x27;headline&#x27;)" in page  # the article menu


def test_options_set_the_initial_view():
    G = example_graph()
    data = viz.explorer_data(G, focus="asha verma", depth=3, types="Person,Organization,Event", article="ex")
    assert data["initial"] == {"focus": ASHA, "depth": 3, "types": ["Person", "Organization", "Event"],
                               "article": "ex1"}
    with pytest.raises(ValueError, match="unknown type"):
        viz.explorer_data(G, types="Persons")
    with pytest.raises(KeyError):
        viz.explorer_data(G, focus="Nobody")
    with pytest.raises(KeyError):
        viz.explorer_data(G, article="zz")


def test_the_page_is_deterministic():
    assert viz.explorer_html(example_graph()) == viz.explorer_html(example_graph())


def test_kg_viz_writes_the_page(tmp_path, capsys):
    out = tmp_path / "explorer.html"
    assert main(["viz", "--store", str(seed_store()), "--out", str(out), "--focus", "गोरखपुर", "--depth", "2"]) == 0
    assert "wrote" in capsys.readouterr().out
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["initial"]["focus"] == GORAKHPUR and data["initial"]["depth"] == 2


def test_kg_viz_explains_an_unknown_entity(tmp_path, capsys):
    out = tmp_path / "explorer.html"
    assert main(["viz", "--store", str(seed_store()), "--out", str(out), "--focus", "Atlantis"]) == 1
    assert "no entity called 'Atlantis'" in capsys.readouterr().err
    assert not out.exists()


def test_table_escapes_cells():
    html = viz.Table([{"name": "<script>x</script>", "n": 1.5}])._repr_html_()
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html


def test_the_explorer_leaves_out_reference_places_no_article_names():
    G = seed_graph()
    ids = {n["id"] for n in viz.explorer_data(G)["nodes"]}
    unnamed_town = iris.ID + "place/ghosi-mau"  # in the town table, in no seed
    assert unnamed_town in G and unnamed_town not in ids
    named = [n for n, d in G.nodes(data=True) if d["type"] == "Place" and d["reference"] and d["articles"]]
    assert named and set(named) <= ids  # places the seeds name stay
    assert iris.entity_iri("district", "Gorakhpur") in ids  # and so does every district
