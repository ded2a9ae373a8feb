"""The network analyses answer the analyst's questions about the seed articles, with evidence."""

from __future__ import annotations

import networkx as nx
import pytest

from kg import analysis, iris
from seedstore import seed_graph

GORAKHPUR = iris.entity_iri("district", "Gorakhpur")
EXPORT_CONCLAVE_ARTICLE = "004_20c34a6f234d4514"
KARIWAL_ARTICLE = "002_6b67660b8fd70b02"
NSE_ARTICLE = "000_b16039df73752885"


@pytest.fixture(scope="module")
def G():
    return seed_graph()


def _named(G, name, type_):
    """The entity of ``type_`` called exactly ``name`` (English, Hindi or alias), or None."""
    want = name.casefold()
    for n, d in G.nodes(data=True):
        if d["type"] == type_ and want in {x.casefold() for x in [d["label"], d["label_hi"], *d["alt_labels"]] if x}:
            return n
    return None


def test_districts_the_articles_name_carry_labels_division_and_sources(G):
    gkp = G.nodes[GORAKHPUR]
    assert (gkp["label"], gkp["label_hi"], gkp["type"]) == ("Gorakhpur", "गोरखपुर", "District")
    assert {KARIWAL_ARTICLE, EXPORT_CONCLAVE_ARTICLE} <= set(gkp["articles"])
    assert all(m["quote"] == "गोरखपुर" for m in gkp["mentions"] if m["article"] == KARIWAL_ARTICLE)
    divisions = [G.nodes[v]["label"] for _, v, k in G.out_edges(GORAKHPUR, keys=True) if k == "inDivision"]
    assert divisions == ["Gorakhpur division"]
    for name in ("Jhansi", "Kanpur Nagar", "Lucknow"):
        assert G.nodes[iris.entity_iri("district", name)]["articles"], name
    assert analysis.find(G, "गोरखपुर") == GORAKHPUR == analysis.find(G, "gorakhpur")


def test_every_article_edge_has_a_quote_from_its_article(G):
    arts = G.graph["articles"]
    assert EXPORT_CONCLAVE_ARTICLE in arts and arts[EXPORT_CONCLAVE_ARTICLE]["published"]
    for u, v, d in G.edges(data=True):
        for ev in d["evidence"]:
            assert ev["article"] == "reference" or (ev["article"] in arts and ev["quote"]), (u, v, ev)


def test_odop_matrix_gives_each_district_its_products(G):
    odop = analysis.district_matrix(G, "Product", how="odop")
    assert len(odop) == 75
    assert "Terracotta" in odop["Gorakhpur"]
    assert "Metal Craft" in odop["Moradabad"]


def test_sector_matrix_counts_the_articles_naming_district_and_sector(G):
    matrix = analysis.district_matrix(G, "Sector", how="articles")
    assert "Jhansi" in matrix and all(n >= 1 for n in matrix["Jhansi"].values())
    with pytest.raises(ValueError):
        analysis.district_matrix(G, how="guess")


def test_timeline_has_the_gorakhpur_export_conclave_of_24_september_2021(G):
    events = [e for e in analysis.timeline(G) if "Gorakhpur" in e["place"] and e["date"] == "2021-09-24"]
    assert any(EXPORT_CONCLAVE_ARTICLE in e["articles"] and "conclave" in e["class"] for e in events), events
    dates = [e["date"] or e["reported"] or "undated" for e in analysis.timeline(G)]
    assert dates == sorted(dates)  # events without any date come last


def test_statistics_about_gorakhpur_quote_their_article(G):
    stats = [s for s in analysis.statistics(G) if s["about_label"] == "Gorakhpur"]
    exports = [s for s in stats if s["unit"] == "INR"]
    assert exports and exports[0]["value"] == 3_000_000_000 and "300 करोड़" in exports[0]["quote"]
    assert exports[0]["article"] == EXPORT_CONCLAVE_ARTICLE and exports[0]["published"] == "2021-09-21"


def test_connection_between_two_districts_gives_evidence_for_every_hop(G):
    hops = analysis.connection(G, "Gorakhpur", "Lucknow")
    assert hops[0]["from"] == "Gorakhpur" and hops[-1]["to"] == "Lucknow"
    for a, b in zip(hops, hops[1:]):
        assert a["to"] == b["from"]
    assert all(h["evidence"] for h in hops)
    with pytest.raises(KeyError):
        analysis.connection(G, "Gorakhpur", "Atlantis")


def test_focus_and_article_views(G):
    near = analysis.neighbourhood(G, "Gorakhpur", 1)
    assert {"Gorakhpur", "Gorakhpur division", "Terracotta"} <= {d["label"] for _, d in near.nodes(data=True)}
    assert "Jhansi" not in {d["label"] for _, d in near.nodes(data=True)}
    art = analysis.article_view(G, EXPORT_CONCLAVE_ARTICLE)
    assert {"Gorakhpur", "Lucknow"} <= {d["label"] for _, d in art.nodes(data=True)}
    assert "Jhansi" not in {d["label"] for _, d in art.nodes(data=True)}


def test_centrality_ranks_only_people_and_organisations_and_communities_are_stable(G):
    scores = analysis.centrality(analysis.attested(G))
    assert scores and {v["type"] for v in scores.values()} <= {"Person", "Organization"}
    assert analysis.communities(G) == analysis.communities(G)
    assert any(GORAKHPUR in c for c in analysis.communities(G))


def test_summary_counts_the_reference_vocabularies(G):
    s = analysis.summary(G)
    assert s["entities"]["District"]["all"] == 75 and s["articles"] == 5
    assert s["entities"]["District"]["in articles"] >= 4


def test_laghu_udyog_bharati_has_a_state_president_from_the_gorakhpur_article(G):
    org = _named(G, "Laghu Udyog Bharati", "Organization")
    posts = [(G.nodes[u]["type"], d["label"], d["articles"]) for u, _, k, d in G.in_edges(org, keys=True, data=True)
             if k == "post"]
    assert ("Person", "State President", [KARIWAL_ARTICLE]) in posts


def test_ashish_kumar_chauhan_holds_a_post_at_the_nse(G):
    person = _named(G, "Ashish Kumar Chauhan", "Person")
    nse = _named(G, "NSE", "Organization")
    assert person and nse and analysis.find(G, "National Stock Exchange of India") == nse
    hops = analysis.connection(G, person, nse)
    assert len(hops) == 1 and "Managing Director" in hops[0]["relation"]
    assert hops[0]["evidence"][0]["article"] == NSE_ARTICLE and hops[0]["evidence"][0]["quote"]


# --- checks that wait on the extractor (they pass once it yields these names and events) ---

@pytest.mark.xfail(reason="waiting on extraction: Deepak Kariwal's English name (now 'Dipak Karival')", strict=False)
def test_deepak_kariwal_is_state_president_of_laghu_udyog_bharati(G):
    person, org = _named(G, "Deepak Kariwal", "Person"), _named(G, "Laghu Udyog Bharati", "Organization")
    assert person and org
    hops = analysis.connection(G, person, org)
    assert len(hops) == 1 and "President" in hops[0]["relation"] and hops[0]["evidence"][0]["article"] == KARIWAL_ARTICLE


@pytest.mark.xfail(reason="waiting on extraction: the NSE visit to Kanpur (event, place, participants)", strict=False)
def test_ashish_chauhan_is_connected_to_kanpur_by_the_nse_visit(G):
    person = _named(G, "Ashish Kumar Chauhan", "Person")
    hops = analysis.connection(G, person, iris.entity_iri("district", "Kanpur Nagar"))
    assert len(hops) == 2 and G.nodes[hops[0]["to_iri"]]["type"] == "Event"
    assert all(h["evidence"][0]["article"] == NSE_ARTICLE for h in hops)


def test_projection_of_an_empty_store_is_empty():
    G = analysis.project([])
    assert isinstance(G, nx.MultiDiGraph) and len(G) == 0
    assert analysis.timeline(G) == [] and analysis.statistics(G) == [] and analysis.communities(G) == []
