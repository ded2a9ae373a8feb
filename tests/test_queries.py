"""The SPARQL question library answers the seed articles' questions as a reader of the articles would.

The seed store is built once per session (``tests/seedstore.py``, shared with the other tests).
Expected facts come from ``tests/gold/seeds.yaml``: names are matched in English or in any Hindi form
the gold lists (or the store's labels of the entity such a form names), because the English labels
of new entities are transliterations. Tests marked xfail wait for the extractor, not for a query.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from kg import query as kq
from kg.paths import project_root
from seedstore import SEEDS
from seedstore import seed_store as shared_seed_store

GOLD = yaml.safe_load((project_root() / "tests" / "gold" / "seeds.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_store() -> Path:
    """The seed articles' store, built once per test session (shared with the other test modules)."""
    return shared_seed_store()


@pytest.fixture(scope="session")
def target(seed_store):
    return kq.open_target(seed_store)


def ask(target, name: str, **params) -> list[dict[str, str]]:
    """Rows of a library question, as shown values."""
    return kq.records(kq.execute(target, kq.parametrise(kq.load(name), params, target)))


def gold_forms(name: str) -> set[str]:
    """The gold's canonical name of an entity and every surface form it lists, lower-cased."""
    out = {name.lower()}
    for article in GOLD.values():
        for ent in article.get("entities", []):
            if ent["name"] == name:
                out |= {m.lower() for m in ent.get("mentions", [])}
    return out


_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { VALUES ?e { UNDEF } ?e rdfs:label ?label }"""


def forms(name: str, target=None) -> set[str]:
    """Every name a reader could see for the gold entity ``name``: the gold's forms, plus the store's
    labels of the entities those forms name (so a transliterated English label still counts, but
    only for the right entity)."""
    out = gold_forms(name)
    if target is None:
        return out
    param = kq.Param("x", "entity", None, "any", "")
    for form in sorted(out):
        try:
            entity = kq.resolve(target, param, form)
        except kq.QueryError:
            continue
        rows = kq.execute(target, kq.substitute(_LABELS, {"e": entity}))
        out |= {r["label"].value.lower() for r in rows}
    return out


def names(row: dict[str, str], *columns: str) -> set[str]:
    return {row[c].lower() for c in columns if row.get(c)}


def is_(row: dict[str, str], gold_name: str, *columns: str, target=None) -> bool:
    """Whether the row names ``gold_name`` (English or a Hindi form) in one of ``columns``."""
    return bool(names(row, *columns) & forms(gold_name, target))


def mentions(text: str, gold_name: str, target) -> bool:
    """Whether a list of names (``a; b; c``) includes the gold entity."""
    return bool({t.strip().lower() for t in text.split(";")} & forms(gold_name, target))


# -- every question ------------------------------------------------------------------------------------

LIBRARY = kq.library()


def test_the_library_has_the_twelve_questions():
    assert {q.name for q in LIBRARY} >= {
        "posts", "district", "events", "schemes", "products", "statistics", "shared", "connection",
        "organisations", "foreign", "article", "coverage"}


@pytest.mark.parametrize("query", LIBRARY, ids=lambda q: q.name)
def test_each_query_has_a_header_and_declares_what_it_uses(query, target):
    assert query.title and query.question.endswith(("?", "."))
    assert query.question_hi, "a Hindi question"
    # It runs as written (its own PREFIXes, default parameters in its VALUES blocks) ...
    result = kq.execute(target, query.text)
    # ... and its header documents exactly the columns it returns.
    assert [v.value for v in result.variables] == [name for name, _ in query.columns]
    for name, doc in query.columns:
        assert doc, f"column {name} has no description"


@pytest.mark.parametrize("query", [q for q in LIBRARY if q.params], ids=lambda q: q.name)
def test_each_default_in_a_header_is_the_value_in_the_query(query, target):
    for p in query.params:
        block = kq._values_block(p.name).search(kq._blank_comments(query.text)).group(0)
        in_query = list(ox.Store().query(f"SELECT ?{p.name} WHERE {{ {block} }}"))[0][p.name]
        assert in_query == kq.resolve(target, p, p.default), p.name


# -- 1. posts -------------------------------------------------------------------------------------------

POST_GAPS = {
    "H P Jaiswal": "extraction: 003 gives H P Jaiswal's post 'Director' no organisation "
                   "(the MSME Development Centre, Kanpur is not recognised)",
    "Sunil Vaishya": "extraction: 003 names the IIA regional president 'Sunil Vaishyad' "
                     "(the name runs into the next word)",
    "Shahid Latif": "extraction: 004 gives Shahid Latif no post at Hitech India Limited",
}
GOLD_POSTS = [pytest.param(aid, ent["name"], role, id=f"{ent['name']}-{role['title']}",
                           marks=[pytest.mark.xfail(reason=POST_GAPS[ent["name"]], strict=False)]
                           if ent["name"] in POST_GAPS else [])
              for aid, art in GOLD.items() for ent in art.get("entities", []) for role in ent.get("roles", []) or []]


@pytest.mark.parametrize("article,person,role", GOLD_POSTS)
def test_posts_list_who_holds_which_post_as_of_the_article_date(target, article, person, role):
    rows = [r for r in ask(target, "posts") if is_(r, person, "person", "person_hi", target=target)]
    assert rows, f"{person} holds no post in the store"
    title_words = set(role["title"].lower().replace(",", " ").split()) - {"of", "and", "the"}
    found = [r for r in rows if title_words & set(r["title"].lower().replace(",", " ").replace("(", " ").split())
             and r["article"] == article]
    assert found, f"{person}: {[r['title'] for r in rows]}"
    row = found[0]
    if role["org"]:
        assert is_(row, role["org"], "organisation", "organisation_hi", target=target), row
    published = (SEEDS / f"{article}.meta").read_text(encoding="utf-8")
    if "published:" in published:
        assert row["attested"] == str(yaml.safe_load(published)["published"])
    assert row["quote"]


# -- 2. a district --------------------------------------------------------------------------------------

def test_gorakhpur_lists_the_export_conclave_and_its_numbers(target):
    rows = ask(target, "district", district="Gorakhpur")
    events = [r for r in rows if r["section"] == "event" and r["date"] == "2021-09-24"
              and ("एक्सपोर्ट" in r["item_hi"] or "conclave" in r["item"].lower())]
    assert events and events[0]["article"] == "004_20c34a6f234d4514"
    stats = {r["quote"]: r for r in rows if r["section"] == "statistic"}
    assert "करीब 300 करोड़ रुपये" in stats and "3000000000 INR" in stats["करीब 300 करोड़ रुपये"]["detail"]
    assert any("450" in r["detail"] and "450 से अधिक औद्योगिक इकाइयां" in q for q, r in stats.items())
    assert {"Gorakhpur division"} <= {r["item"] for r in rows if r["section"] == "division"}
    assert "Terracotta" in {r["item"] for r in rows if r["section"] == "ODOP product"}
    assert {"002_6b67660b8fd70b02", "004_20c34a6f234d4514"} <= {r["article"] for r in rows if r["section"] == "article"}


def test_gorakhpur_lists_its_officials_and_export_destinations(target):
    rows = ask(target, "district", district="Gorakhpur")
    officials = [r for r in rows if r["section"] == "official"]
    assert any(is_(r, "Ravi Kumar Sharma", "item", "item_hi", target=target) and "Deputy Commissioner" in r["detail"]
               for r in officials)
    exports = {r["item"] for r in rows if r["section"] == "exports to"}
    assert {"South Africa", "Peru", "Egypt"} <= exports


def test_a_district_can_be_named_in_hindi_or_by_iri(target):
    english = ask(target, "district", district="Gorakhpur")
    assert ask(target, "district", district="गोरखपुर") == english
    assert ask(target, "district", district="https://w3id.org/upkg/id/district/gorakhpur") == english
    assert ask(target, "district", district="id:district/gorakhpur") == english


# -- 3. events ------------------------------------------------------------------------------------------

def test_events_form_a_timeline_with_places(target):
    rows = ask(target, "events")
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated) and all(r["date"] for r in rows[:len(dated)])
    lucknow = [r for r in rows if r["date"] == "2021-09-21" and r["place"] == "Lucknow"]
    assert lucknow and lucknow[0]["end"] == "2021-09-22"
    gorakhpur = [r for r in rows if r["date"] == "2021-09-24" and r["kind"] == "conclave or conference"]
    assert gorakhpur and gorakhpur[0]["place"] in ("Gorakhpur", "Industrial Estate, Gorakhnath")
    assert rows.index(lucknow[0]) < rows.index(gorakhpur[0])
    jhansi = [r for r in rows if r["kind"] == "conclave or conference" and "001_cc6166910ea1a3df" in r["articles"]]
    assert jhansi and {r["place"] for r in jhansi} & {"Jhansi", "Hotel Lemon Tree, Jhansi"}


def test_events_say_who_organises_and_takes_part(target):
    rows = ask(target, "events", district="Gorakhpur")
    conclave = next(r for r in rows if r["date"] == "2021-09-24" and r["kind"] == "conclave or conference")
    assert mentions(conclave["organisers"] + ";" + conclave["participants"], "District Industries Centre, Gorakhpur", target)
    lucknow = next(r for r in ask(target, "events", district="Lucknow") if r["date"] == "2021-09-21")
    assert mentions(lucknow["participants"], "Azam Khan", target)
    assert mentions(lucknow["participants"], "Shahid Latif", target)


# -- 4. schemes -----------------------------------------------------------------------------------------

def test_schemes_with_what_they_concern(target):
    rows = ask(target, "schemes")
    nmcp = [r for r in rows if is_(r, "National Manufacturing Competitiveness Programme", "scheme", "scheme_hi", target=target)]
    assert nmcp and all(r["articles"] == "003_3ada5cefde7cd019" for r in nmcp)
    odop = [r for r in rows if is_(r, "One District One Product", "scheme", "scheme_hi", target=target)]
    assert odop and "001_cc6166910ea1a3df" in odop[0]["articles"]
    assert any(is_(r, "Atmanirbhar Bharat", "scheme", "scheme_hi", target=target) for r in rows)
    assert any(r["concerns_kind"] == "sector" and is_(r, "MSME", "concerns", target=target) for r in nmcp)


# -- 5. sectors and products beside ODOP ----------------------------------------------------------------

def test_products_show_article_statements_beside_the_odop_list(target):
    rows = ask(target, "products")
    by = {(r["district_name"], r["name"]): r for r in rows}
    assert by[("Gorakhpur", "Terracotta")]["odop"] == "yes"
    assert by[("Kanpur Nagar", "Leather Products")]["odop"] == "yes"
    leather = by[("Kanpur Nagar", "Leather industry")]
    assert leather["kind"] == "sector" and "000_b16039df73752885" in leather["articles"] and leather["odop"] == ""
    # Jhansi: the article's soft toys and the ODOP list's soft toys are one row, side by side.
    soft_toys = by[("Jhansi", "Soft Toys")]
    assert soft_toys["odop"] == "yes" and "001_cc6166910ea1a3df" in soft_toys["articles"]


def test_products_for_one_district_include_its_whole_odop_list(target):
    rows = ask(target, "products", district="आगरा")
    assert {r["district_name"] for r in rows} == {"Agra"}
    assert {"Leather Products", "Petha industry"} <= {r["name"] for r in rows if r["odop"] == "yes"}


# -- 6. numbers -----------------------------------------------------------------------------------------

def test_numbers_about_gorakhpur_with_their_quotes(target):
    rows = ask(target, "statistics", subject="Gorakhpur")
    assert {r["about"] for r in rows} == {"Gorakhpur"}
    exports = next(r for r in rows if r["unit"] == "INR")
    assert (exports["value"], exports["qualifier"], exports["quote"]) == ("3000000000", "about", "करीब 300 करोड़ रुपये")
    units = next(r for r in rows if r["value"] == "450")
    assert (units["unit"], units["qualifier"]) == ("count", "more than")
    assert units["quote"] == "450 से अधिक औद्योगिक इकाइयां"


@pytest.mark.xfail(reason="extraction: 003's 60 per cent and at least 25 per cent are stated about Kanpur Nagar, not about the National Manufacturing Competitiveness Programme", strict=False)
def test_numbers_about_the_manufacturing_programme(target):
    rows = ask(target, "statistics", subject="National Manufacturing Competitiveness Programme")
    assert ("60", "percent") in {(r["value"], r["unit"]) for r in rows}
    assert any(r["value"] == "25" and r["qualifier"] == "at least" for r in rows)


# -- 7. entities in several articles --------------------------------------------------------------------

def test_entities_in_several_articles_with_their_languages(target):
    rows = {r["name"]: r for r in ask(target, "shared")}
    kanpur = rows["Kanpur Nagar"]
    assert int(kanpur["articles"]) >= 3 and set(kanpur["languages"].split(", ")) == {"hi", "en"}
    assert {"000_b16039df73752885", "003_3ada5cefde7cd019"} <= set(kanpur["article_ids"].split())
    gorakhpur = rows["Gorakhpur"]
    assert set(gorakhpur["article_ids"].split()) == {"002_6b67660b8fd70b02", "004_20c34a6f234d4514"}
    assert gorakhpur["languages"] == "hi"
    assert all(int(r["articles"]) >= 2 for r in rows.values())
    assert all(int(r["articles"]) >= 3 for r in ask(target, "shared", min_articles="3"))


# -- 8. connections -------------------------------------------------------------------------------------

def test_a_district_and_its_odop_product_are_one_reference_step_apart(target):
    rows = ask(target, "connection", **{"from": "Gorakhpur", "to": "Terracotta"})
    assert [(r["length"], r["subject"], r["relation"], r["object"], r["source"]) for r in rows] == [
        ("1", "Gorakhpur", "ODOP product", "Terracotta", "reference")]


def test_kanpur_and_the_msme_centre_director_are_connected_through_article_003(target):
    rows = ask(target, "connection", **{"from": "Kanpur", "to": "H P Jaiswal"})
    assert rows and int(rows[0]["length"]) <= 2
    assert {r["length"] for r in rows} == {rows[0]["length"]}  # only the shortest chains
    article_steps = [r for r in rows if r["source"] != "reference"]
    assert article_steps and all(r["source"] == "003_3ada5cefde7cd019" and r["quote"] for r in article_steps)


@pytest.mark.xfail(reason="extraction: 004 does not link the Gorakhpur entrepreneurs (Azam Khan, ARP, Hitech India) to Gorakhpur, so no chain reaches the Lucknow conclave", strict=False)
def test_gorakhpur_and_lucknow_are_connected_by_the_entrepreneurs_at_the_lucknow_conclave(target):
    rows = ask(target, "connection", **{"from": "Gorakhpur", "to": "Lucknow"})
    assert rows
    assert any(r["source"] == "004_20c34a6f234d4514" for r in rows)


# -- 9. organisations -----------------------------------------------------------------------------------

def test_organisations_by_kind_and_district(target):
    rows = ask(target, "organisations")
    def kind(gold_name):
        return {r["kind"] for r in rows if is_(r, gold_name, "organisation", "organisation_hi", target=target)}

    assert kind("Laghu Udyog Bharati") == {"industry association"}
    assert kind("National Stock Exchange of India") == {"stock exchange"}
    assert any(is_(r, "Azam Rubber Products Limited", "organisation", "organisation_hi", target=target)
               and r["kind"] == "company"
               for r in rows)
    assert any("Kanpur" in r["organisation_hi"] + r["organisation"] and r["district_name"] == "Kanpur Nagar"
               and r["kind"] == "educational institution" for r in rows)


def test_organisations_in_gorakhpur(target):
    rows = ask(target, "organisations", district="Gorakhpur")
    assert {r["district_name"] for r in rows} == {"Gorakhpur"}
    assert any(is_(r, "District Industries Centre, Gorakhpur", "organisation", "organisation_hi", target=target)
               for r in rows)


# -- 10. foreign links ----------------------------------------------------------------------------------

def test_foreign_countries_linked_to_up_industry(target):
    rows = ask(target, "foreign")
    exports = {(r["foreign"], r["other"]) for r in rows if r["relation"] == "export destination of"}
    assert {("South Africa", "Gorakhpur"), ("Peru", "Gorakhpur"), ("Egypt", "Gorakhpur")} <= exports
    japan = [r for r in rows if r["foreign"] == "Japan" and r["relation"] != "mentioned"]
    assert japan and all(r["article"] == "002_6b67660b8fd70b02" and r["quote"] for r in japan)


@pytest.mark.xfail(reason="extraction: 002's Yamanashi Hydrogen Company is typed Company, not ForeignCompany nor located in Japan", strict=False)
def test_the_japanese_hydrogen_company_is_a_foreign_company(target):
    rows = ask(target, "foreign")
    assert any(is_(r, "Yamanashi Hydrogen Company", "foreign", "foreign_hi", target=target)
               and r["type"] == "foreign company"
               for r in rows)


# -- 11. one article ------------------------------------------------------------------------------------

@pytest.mark.parametrize("article", sorted(GOLD))
def test_every_span_an_article_asserts_is_its_own_text(target, article):
    text = (SEEDS / f"{article}.txt").read_text(encoding="utf-8")
    rows = ask(target, "article", article=article)
    assert {"mention", "statistic"} <= {r["kind"] for r in rows} or article == "001_cc6166910ea1a3df"
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == r["quote"], r
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts)


def test_one_article_by_file_name_lists_its_numbers_and_posts(target):
    rows = ask(target, "article", article="004_20c34a6f234d4514.txt")
    stats = {r["quote"]: r for r in rows if r["kind"] == "statistic"}
    assert stats["करीब 300 करोड़ रुपये"]["object"] == "about 3000000000 INR"
    assert any(r["kind"] == "event" and r["relation"] == "starts on" and r["object"] == "2021-09-24" for r in rows)
    assert any(r["kind"] == "mention" and r["quote"] == "गोरखपुर" and r["subject"] == "Gorakhpur" for r in rows)


# -- 12. coverage ---------------------------------------------------------------------------------------

def test_coverage_of_districts_and_divisions(target):
    rows = ask(target, "coverage")
    assert len(rows) == 75 and len({r["district"] for r in rows}) == 75
    by = {r["district"]: r for r in rows}
    for covered in ("Gorakhpur", "Jhansi", "Kanpur Nagar", "Lucknow"):
        assert by[covered]["coverage"] == "covered", covered
    assert int(by["Gorakhpur"]["articles"]) == 2
    assert by["Agra"]["coverage"] == "none" and by["Agra"]["articles"] == "0"
    assert by["Gorakhpur"]["division"] == "Gorakhpur division" and int(by["Gorakhpur"]["division_articles"]) >= 2
    assert by["Agra"]["division_articles"] == "0"
    assert len({r["division"] for r in rows}) == 18


# -- parameters are terms, never pasted text ------------------------------------------------------------

def test_a_hostile_name_is_looked_up_as_a_string_and_found_nowhere(target, seed_store):
    before = len(kq.open_target(seed_store).store)
    with pytest.raises(kq.QueryError, match="no upkg:District named"):
        ask(target, "district", district='Gorakhpur" } } DROP ALL ; SELECT * { "')
    with pytest.raises(kq.QueryError, match="not a valid IRI"):
        ask(target, "district", district="https://w3id.org/x> } DROP ALL")
    assert len(kq.open_target(seed_store).store) == before


def test_substituted_literals_are_escaped():
    text = kq.substitute('SELECT ?x WHERE { VALUES ?x { "a" } }', {"x": ox.Literal('say "hi" }\n\\')})
    assert list(ox.Store().query(text))[0]["x"].value == 'say "hi" }\n\\'


def test_unknown_parameters_and_bad_values_are_reported(target):
    with pytest.raises(kq.QueryError, match="has no parameter 'distrct'"):
        ask(target, "district", distrct="Gorakhpur")
    with pytest.raises(kq.QueryError, match="not an integer"):
        ask(target, "shared", min_articles="two")
    with pytest.raises(kq.QueryError, match="no article"):
        ask(target, "article", article="999_nope")
