"""Article text with HTML and JavaScript in it is shown as text: in the explorer and on the endpoint's page.

An article whose body and sidecar carry ``<script>``, ``onerror=``/``onload=``/``onmouseover=``
handlers and ``javascript:`` URLs goes through the real pipeline (extraction, store, ``kg viz``,
``kg serve``) and both pages are opened in headless chromium. Every payload would set
``window.__pwned``; the tests prove it stays unset while the payloads are on screen as text, and
that no element the payloads describe (img, svg, iframe, links) exists. ``test_viz_browser.py``
does this for a hand-made graph; here the markup comes from an article.
"""

from __future__ import annotations

import threading
import urllib.parse

import pytest

from kg import iris, viz
from kg.build import build
from kg.server import Limits, make_server
from storeutil import write_article
from test_viz_browser import Browser, settled

BODY = """Agra, 3 March 2026: <script>window.__pwned = "script"</script> The District Magistrate of Agra, \
<img src=x onerror="window.__pwned='img'"> Ravi Kumar Sharma, met leather exporters of the Agra Footwear \
Manufacturers Association <b onmouseover="window.__pwned='b'">on Monday</b>.
Agra has more than 450 industrial units <a href="javascript:window.__pwned='link'">click here</a>, officials said.
The <svg onload="window.__pwned='svg'"> Uttar Pradesh MSME department will hold an export conclave in Agra on \
24 March 2026 <iframe src="javascript:window.__pwned='iframe'"></iframe>.
"""
SIDECAR = """headline: "<script>window.__pwned='headline'</script> Agra <img src=x onerror=\\"window.__pwned='headline-img'\\">"
author: "<a href=\\"javascript:window.__pwned='author'\\">Reporter</a>"
url: "javascript:window.__pwned='url'"
outlet: "<iframe src=\\"javascript:window.__pwned='outlet'\\"></iframe>"
language: en
published: 2026-03-03
"""
HEADLINE = "<script>window.__pwned='headline'</script> Agra <img src=x onerror=\"window.__pwned='headline-img'\">"
IN_QUOTES = ['<script>window.__pwned = "script"</script>', "<img src=x onerror=\"window.__pwned='img'\">",
             "<svg onload=\"window.__pwned='svg'\">"]
ELEMENTS = "img, svg, iframe, object, embed, script:not([src]):not([type]), a[href^='javascript'], [onerror], [onload], [onmouseover]"


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    write_article(root / "seeds", "evil", BODY, SIDECAR)
    report = build(root / "seeds", root / "store", jobs=1)
    assert report.ok, report.problems()
    assert not any("HTML page" in w for w in report.warnings)  # text with markup in it, not a saved page
    return root / "store"


class LoopbackBrowser(Browser):
    """The test browser, also allowed to reach this machine's loopback address (the endpoint)."""

    def _route(self, route):
        if route.request.url.startswith(("file://", "http://127.0.0.1:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def visit(self, url: str):
        page = self.context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(url)
        return page


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = LoopbackBrowser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def assert_not_run(page, own_scripts: int = 0, own_svgs: int = 0) -> None:
    """No payload ran, and the page holds no element a payload describes beyond its own scripts and
    legend icons."""
    assert page.evaluate("window.__pwned") is None
    found = page.evaluate(f"Array.from(document.querySelectorAll({ELEMENTS!r})).map(e => e.tagName)")
    assert sorted(found) == ["SCRIPT"] * own_scripts + ["svg"] * own_svgs, found


def test_the_explorer_shows_article_markup_as_text(evil_store, browser, tmp_path):
    path = viz.write_explorer(tmp_path / "explorer.html", store_at=evil_store)
    page = browser.open(path)  # the whole graph is drawn: every node's and edge's tooltip is built
    titles = page.evaluate("kgExplorer.nodes.get().concat(kgExplorer.edges.get()).map(x => x.title)"
                           ".filter(t => t && t.nodeType === 1).map(t => [t.textContent, "
                           f"t.querySelectorAll({ELEMENTS!r}).length])")
    text = " ".join(t for t, _ in titles)
    assert HEADLINE in text
    assert any(payload in text for payload in IN_QUOTES)  # the quotes of what the article states
    assert all(n == 0 for _, n in titles)
    # The article menu, and the details pane of the entities the article is a source for.
    assert HEADLINE[:60] in page.inner_text("#kg-article")  # clipped to 70 characters there
    sourced = [n["id"] for n in page.evaluate("kgExplorer.data.nodes") if "evil" in n["articles"]]
    assert len(sourced) >= 3
    shown_as_text = 0
    for node in sourced[:6]:
        page.evaluate("id => kgExplorer.focus(id, 1)", node)
        settled(page)
        shown_as_text += HEADLINE in page.inner_text("#kg-details")
    assert shown_as_text >= 2
    page.hover("#kg-network")
    page.mouse.move(700, 450)
    page.wait_for_timeout(300)
    legend = page.evaluate("document.querySelectorAll('#kg-legend svg').length")
    assert_not_run(page, own_scripts=2, own_svgs=legend)  # vis-network and the page's script; the legend's icons
    assert page.errors == [] and browser.blocked == []
    page.close()


@pytest.fixture(scope="module")
def endpoint(evil_store):
    server = make_server(evil_store, port=0, limits=Limits(workers=1, timeout=10), quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_endpoint_page_shows_article_markup_as_text(endpoint, browser):
    query = f"""# </textarea><script>window.__pwned='textarea'</script>
SELECT DISTINCT ?value WHERE {{ GRAPH <{iris.article_graph("evil")}> {{ ?s ?p ?value . FILTER(isLiteral(?value)) }} }}
ORDER BY ?value"""
    page = browser.visit(endpoint + "/?" + urllib.parse.urlencode({"query": query}))
    cells = page.evaluate("Array.from(document.querySelectorAll('td')).map(td => td.textContent)")
    text = "\n".join(cells)
    assert HEADLINE in cells
    assert "javascript:window.__pwned='url'" in text  # the url is a value to read, not a link to follow
    assert "<a href=\"javascript:window.__pwned='author'\">Reporter</a>" in cells
    assert any(payload in text for payload in IN_QUOTES)
    assert page.input_value("textarea") == query  # the query, closing tag and all, is the text box's content
    assert_not_run(page)
    assert page.errors == [] and browser.blocked == []
    page.close()


def test_the_endpoint_page_shows_a_parser_message_about_markup_as_text(endpoint, browser):
    query = "SELECT * WHERE { <img src=x onerror=window.__pwned=1> ?p ?o "
    page = browser.visit(endpoint + "/?" + urllib.parse.urlencode({"query": query}))
    error = page.inner_text(".error")
    assert "syntax error" in error.lower()
    assert_not_run(page)
    page.close()
