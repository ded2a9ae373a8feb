"""The explorer in a real headless browser (Debian's chromium driven by Playwright), offline.

The page is opened from ``file://`` with every other request aborted by Playwright's route API; the
tests assert no request was even attempted, no console error was logged, and the network object holds
the entities a user would look for. A screenshot goes to ``test-artifacts/explorer.png``.
Run ``make chromium`` (or ``apt-get install chromium``) first; Playwright never downloads a browser.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import networkx as nx
import pytest

from kg import iris, viz
from kg.analysis import ASHA
from seedstore import ARTIFACTS, seed_graph
from test_viz import evil_graph

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
GORAKHPUR = iris.entity_iri("district", "Gorakhpur")
EXPORT_CONCLAVE_ARTICLE = "004_20c34a6f234d4514"

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (make chromium)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing: run `make chromium`", allow_module_level=True)
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


class Browser:
    """One chromium with a fresh profile; every page records its requests and console errors."""

    def __init__(self, profile: Path):
        self._pw = sync_playwright().start()
        self.context = self._pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1400, "height": 900}, service_workers="block")
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: Path, timeout: float = 60):
        page = self.context.new_page()
        page.requests, page.errors = [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        started = time.monotonic()
        page.goto(path.as_uri())
        settled(page, timeout)
        page.load_seconds = time.monotonic() - started
        return page

    def close(self):
        self.context.close()
        self._pw.stop()


def settled(page, timeout: float = 60) -> None:
    """Wait until the layout has settled and physics is off."""
    page.wait_for_function("window.kgExplorer && kgExplorer.state.settled", timeout=timeout * 1000)


def shown(page) -> set[str]:
    return set(page.evaluate("kgExplorer.nodes.getIds()"))


def labels(page) -> set[str]:
    return set(page.evaluate("kgExplorer.nodes.get().map(n => n.label)"))


def assert_offline_and_clean(page, browser, path: Path) -> None:
    assert page.requests == [path.as_uri()], page.requests  # the page itself, nothing else
    assert browser.blocked == [], browser.blocked
    assert page.errors == []


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "explorer.html"
    path.write_text(viz.explorer_html(seed_graph()), encoding="utf-8")
    return path


def test_the_page_loads_offline_with_the_districts_and_their_relations(browser, seed_page):
    page = browser.open(seed_page)
    ids = shown(page)
    for name in ("Gorakhpur", "Jhansi", "Kanpur Nagar", "Lucknow"):
        assert iris.entity_iri("district", name) in ids, name
    assert {"Gorakhpur", "Gorakhpur division", "Terracotta"} <= labels(page)
    edges = page.evaluate("kgExplorer.edges.get().map(e => [e.from, e.to, e.relation])")
    assert [GORAKHPUR, iris.entity_iri("division", "Gorakhpur"), "inDivision"] in edges
    # The export conclave of the Gorakhpur article is an event located in Gorakhpur.
    events = page.evaluate("""g => kgExplorer.data.edges.filter(e => e.to === g && e.relation === 'location'
        && kgExplorer.data.nodes.find(n => n.id === e.from).type === 'Event').map(e => e.articles).flat()""", GORAKHPUR)
    assert EXPORT_CONCLAVE_ARTICLE in events
    assert page.evaluate("kgExplorer.network.physics.options.enabled") is False  # physics stopped
    assert page.evaluate("getComputedStyle(document.getElementById('kg-banner')).display") == "none"
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("kgExplorer.focus(arguments[0], 2)".replace("arguments[0]", repr(GORAKHPUR)))
    settled(page)
    page.screenshot(path=str(ARTIFACTS / "explorer.png"))
    assert (ARTIFACTS / "explorer.png").stat().st_size > 10_000
    assert_offline_and_clean(page, browser, seed_page)
    page.close()


def test_search_box_focuses_on_an_entity_and_depth_widens_it(browser, seed_page):
    page = browser.open(seed_page)
    page.fill("#kg-search", "Gorakhpur")
    page.press("#kg-search", "Enter")
    settled(page)
    assert page.evaluate("kgExplorer.state.mode") == "focus"
    assert page.evaluate("kgExplorer.state.focus") == GORAKHPUR
    near = labels(page)
    assert {"Gorakhpur", "Gorakhpur division", "Terracotta"} <= near and "Jhansi" not in near
    assert "Gorakhpur" in page.inner_text("#kg-details") and "गोरखपुर" in page.inner_text("#kg-details")
    page.select_option("#kg-depth", "2")
    settled(page)
    wider = labels(page)
    assert near < wider and {"Deoria", "Kushi Nagar"} & wider  # districts of the Gorakhpur division
    page.fill("#kg-search", "झांसी")  # Hindi names work too
    page.press("#kg-search", "Enter")
    settled(page)
    assert page.evaluate("kgExplorer.state.focus") == iris.entity_iri("district", "Jhansi")
    assert_offline_and_clean(page, browser, seed_page)
    page.close()


def test_article_view_and_type_filters(browser, seed_page):
    page = browser.open(seed_page)
    page.select_option("#kg-article", EXPORT_CONCLAVE_ARTICLE)
    settled(page)
    art = labels(page)
    assert {"Gorakhpur", "Lucknow"} <= art and "Jhansi" not in art
    page.click("#kg-show-all")
    settled(page)
    page.uncheck("#kg-legend input[value=Product]")
    settled(page)
    types = set(page.evaluate("kgExplorer.nodes.get().map(n => n.type)"))
    assert "Product" not in types and "District" in types
    assert_offline_and_clean(page, browser, seed_page)
    page.close()


def test_names_with_markup_show_as_text(browser, tmp_path):
    path = tmp_path / "evil.html"
    path.write_text(viz.explorer_html(evil_graph()), encoding="utf-8")
    page = browser.open(path)
    page.evaluate(f"kgExplorer.focus({ASHA!r}, 1)")
    settled(page)
    details = page.inner_text("#kg-details")
    assert "<script>window.__pwned=1</script>" in details and "<b>आशा</b>" in details
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('#kg-details img, #kg-details script, #kg-details b b').length") == 0
    assert "<script>alert('headline')</script>" in page.inner_text("#kg-article")
    assert_offline_and_clean(page, browser, path)
    page.close()


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A random graph of ``n`` entities in the projection's shape, for size tests."""
    import random

    rnd = random.Random(seed)
    G = nx.MultiDiGraph(articles={}, statistics=[])
    types = ["Person", "Organization", "Event", "Place", "Sector"]
    for i in range(n):
        G.add_node(f"urn:x:{i}", label=f"Entity {i}", label_hi="", alt_labels=[], type=types[i % 5], classes=[],
                   reference=False, articles=[], mentions=[], statistics=[])
    for i in range(1, n):
        for j in {rnd.randrange(i), rnd.randrange(i)}:
            G.add_edge(f"urn:x:{i}", f"urn:x:{j}", "partnerOf", relation="partnerOf", label="partner of",
                       evidence=[{"article": "reference"}], articles=[])
    return G


def test_a_graph_of_thousands_is_grouped_until_the_user_focuses(browser, tmp_path):
    path = tmp_path / "big.html"
    path.write_text(viz.explorer_html(synthetic(4000), max_nodes=1500), encoding="utf-8")
    page = browser.open(path, timeout=60)
    assert page.evaluate("kgExplorer.state.aggregated") is True
    assert page.evaluate("kgExplorer.nodes.length") == 5  # one node per type
    assert "too many to draw" in page.inner_text("#kg-banner")
    page.fill("#kg-search", "Entity 17")
    page.press("#kg-search", "Enter")
    settled(page)
    assert page.evaluate("kgExplorer.state.aggregated") is False and "urn:x:17" in shown(page)
    assert_offline_and_clean(page, browser, path)
    page.close()


def test_two_thousand_nodes_lay_out_and_stop(browser, tmp_path):
    path = tmp_path / "large.html"
    path.write_text(viz.explorer_html(synthetic(2000), max_nodes=2500), encoding="utf-8")
    page = browser.open(path, timeout=90)
    assert page.evaluate("kgExplorer.nodes.length") == 2000
    assert page.evaluate("kgExplorer.network.physics.options.enabled") is False
    assert page.load_seconds < 90
    assert_offline_and_clean(page, browser, path)
    page.close()
