"""The interactive explorer: one self-contained HTML page of the graph that works from disk, offline.

``explorer_data`` turns the networkx projection (``kg.analysis.project``) into the page's data: the
nodes and edges (assembled with pyvis), coloured and shaped by type and sized by degree, with
tooltips giving the type, key facts and the source articles with their quotes; ``render`` puts that
data, the page script and vis-network (inlined from the copy bundled in the pyvis package) into
``kg/templates/explorer.html``. No CDN link is kept and the page's Content-Security-Policy forbids
any request, so nothing leaves the page. Every piece of article text is escaped (``html.escape``)
in the tooltips, and the data is embedded as JSON with ``<``, ``>`` and ``&`` escaped.

>>> from kg.analysis import example_graph
>>> page = explorer_html(example_graph())
>>> "cdn" in page.lower() or "https://cdnjs" in page
False
>>> "Asha Verma" in page and "<script>alert" not in page
True
"""

from __future__ import annotations

import html
import json
import math
import os
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.analysis import TYPES, find

TITLE = "UP Industrial Knowledge Graph explorer"
# Colour and vis-network shape per type (shapes whose size follows the node's degree).
STYLE = {
    "Person": ("#e15759", "dot"),
    "Organization": ("#4e79a7", "square"),
    "District": ("#59a14f", "hexagon"),
    "Division": ("#8cd17d", "hexagon"),
    "Place": ("#b6992d", "triangle"),
    "Event": ("#f28e2b", "star"),
    "Scheme": ("#b07aa1", "diamond"),
    "Sector": ("#76b7b2", "triangleDown"),
    "Product": ("#ff9da7", "diamond"),
}
MAX_NODES = 1500  # beyond this the page groups the view by type and asks for a focus
EDGE_LABEL_LIMIT = 150  # edge labels are drawn on views with up to this many edges (always shown on hover)
HUB_DEGREE = 40  # the focus view shows such well-connected neighbours but does not walk through them
_QUOTE = 240


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _clip(text: str, n: int = _QUOTE) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _sources(G: nx.MultiDiGraph, quotes: dict[str, list[str]], limit: int = 4) -> str:
    arts = G.graph.get("articles", {})
    items = []
    for art in sorted(quotes)[:limit]:
        meta = arts.get(art, {})
        head = meta.get("headline") or art
        when = f" ({_e(meta['published'])})" if meta.get("published") else ""
        said = "".join(f"<br><q>{_e(_clip(q))}</q>" for q in quotes[art][:2])
        items.append(f"<li><span class=\"kg-src\">{_e(_clip(head, 120))}{when} [{_e(art)}]</span>{said}</li>")
    more = f"<li>… and {len(quotes) - limit} more</li>" if len(quotes) > limit else ""
    return f"<b>Sources</b><ul>{''.join(items)}{more}</ul>" if items else ""


def node_tooltip(G: nx.MultiDiGraph, n: str, facts: int = 10) -> str:
    """The tooltip of a node as HTML: labels, type, key facts and the source articles with quotes.

    >>> from kg.analysis import example_graph, ASHA
    >>> tip = node_tooltip(example_graph(), ASHA)
    >>> "President of Footwear Guild" in tip and "Asha Verma, president of the guild" in tip
    True
    """
    d = G.nodes[n]
    lines = []
    for u, v, k, e in sorted(G.out_edges(n, keys=True, data=True), key=lambda x: (x[2], G.nodes[x[1]]["label"])):
        text = f"{e['label']} of {G.nodes[v]['label']}" if k == "post" else f"{e['label']}: {G.nodes[v]['label']}"
        lines.append(text)
    for u, v, k, e in sorted(G.in_edges(n, keys=True, data=True), key=lambda x: (x[2], G.nodes[x[0]]["label"])):
        lines.append(f"{G.nodes[u]['label']} ({e['label']})" if k == "post" else f"← {e['label']}: {G.nodes[u]['label']}")
    lines += [f"title: {t}" for t in d.get("titles", [])]
    if d.get("start_date"):
        lines.insert(0, "date: " + d["start_date"] + (f" to {d['end_date']}" if d.get("end_date") else ""))
    for st in d.get("statistics", [])[:4]:
        lines.append(f"{st['measure']}: {st['qualifier'] + ' ' if st['qualifier'] not in ('', 'exact') else ''}"
                     f"{st['value']:g} {st['unit']}" + (f" ({st['period']})" if st.get("period") else ""))
    quotes: dict[str, list[str]] = {}
    for _, _, e in list(G.out_edges(n, data=True)) + list(G.in_edges(n, data=True)):
        for ev in e["evidence"]:
            if ev.get("quote") and ev["quote"] not in quotes.setdefault(ev["article"], []):
                quotes[ev["article"]].append(ev["quote"])
    for m in d["mentions"]:
        quotes.setdefault(m["article"], [])
        if not quotes[m["article"]]:
            quotes[m["article"]].append(m["quote"])
    quotes.pop("reference", None)
    quotes = {a: q for a, q in quotes.items() if q}
    hi = f" <span class=\"kg-hi\" lang=\"hi\">{_e(d['label_hi'])}</span>" if d["label_hi"] else ""
    alt = f"<div>also: {_e(', '.join(d['alt_labels'][:6]))}</div>" if d["alt_labels"] else ""
    kind = " · ".join([d["type"]] + [c for c in d["classes"] if c.lower() != d["type"].lower()])
    ref = " · reference data" if d["reference"] else ""
    shown = "".join(f"<li>{_e(_clip(x, 160))}</li>" for x in lines[:facts])
    more = f"<li>… {len(lines) - facts} more</li>" if len(lines) > facts else ""
    return (f"<b>{_e(d['label'])}</b>{hi}<div class=\"kg-type\">{_e(kind)}{ref}</div>{alt}"
            + (f"<ul>{shown}{more}</ul>" if shown else "") + _sources(G, quotes))


def edge_tooltip(G: nx.MultiDiGraph, u: str, v: str, key: str) -> str:
    """The tooltip of an edge as HTML: subject, relation, object and the evidence for it.

    >>> from kg.analysis import example_graph, ASHA
    >>> G = example_graph()
    >>> tip = edge_tooltip(G, ASHA, next(iter(G[ASHA])), "post")
    >>> tip.startswith("<b>Asha Verma</b> — President → <b>Footwear Guild</b>")
    True
    """
    e = G.edges[u, v, key]
    quotes: dict[str, list[str]] = {}
    for ev in e["evidence"]:
        if ev["article"] != "reference":
            quotes.setdefault(ev["article"], [])
            if ev.get("quote") and ev["quote"] not in quotes[ev["article"]]:
                quotes[ev["article"]].append(ev["quote"])
    ref = "<div class=\"kg-src\">from the reference vocabularies</div>" if any(
        ev["article"] == "reference" for ev in e["evidence"]) else ""
    return (f"<b>{_e(G.nodes[u]['label'])}</b> — {_e(e['label'])} → <b>{_e(G.nodes[v]['label'])}</b>"
            f"{ref}{_sources(G, quotes)}")


def _article(G: nx.MultiDiGraph, article: str) -> str:
    arts = sorted(G.graph.get("articles", {}))
    if article in arts:
        return article
    starts = [a for a in arts if a.startswith(article)]
    if len(starts) == 1:
        return starts[0]
    raise KeyError(f"no article {article!r}; the articles are {', '.join(arts)}")


def explorer_data(G: nx.MultiDiGraph, focus: str | None = None, depth: int = 1, types=None,
                  article: str | None = None, max_nodes: int = MAX_NODES) -> dict:
    """The page's data: nodes, edges, legend, articles and the initial view, as plain JSON-able dicts.

    ``focus`` (a name or IRI) opens the page on that entity's neighbourhood to ``depth``; ``article``
    (an id or a unique prefix) on what one article states; ``types`` limits the types shown. Views
    with more than ``max_nodes`` nodes are grouped by type until the user focuses.

    >>> from kg.analysis import example_graph
    >>> data = explorer_data(example_graph(), focus="Asha Verma", depth=2)
    >>> data["initial"]["focus"], data["initial"]["depth"]
    ('https://w3id.org/upkg/id/person/asha-verma', 2)
    >>> sorted(n["label"] for n in data["nodes"] if n["type"] == "District")
    ['Agra', 'Aligarh']
    >>> [(e["label"], e["relation"]) for e in data["edges"] if e["relation"] == "post"]
    [('President', 'post')]
    """
    from pyvis.network import Network

    types = list(TYPES) if not types else [t.strip() for t in (types.split(",") if isinstance(types, str) else types)]
    unknown = [t for t in types if t not in TYPES]
    if unknown:
        raise ValueError(f"unknown type(s) {', '.join(unknown)}; choose from {', '.join(TYPES)}")
    # the reference vocabularies name hundreds of towns, states and countries no article mentions:
    # the page shows the places that articles name (districts and all other entities stay)
    G = G.subgraph([n for n, d in G.nodes(data=True) if not (d["type"] == "Place" and d["reference"] and not d["articles"])])
    net = Network(directed=True)
    degree = dict(G.degree())
    for n, d in sorted(G.nodes(data=True), key=lambda x: x[0]):
        color, shape = STYLE[d["type"]]
        net.add_node(n, label=_clip(d["label"], 40), shape=shape, color=color, title=node_tooltip(G, n),
                     value=round(1 + math.log2(1 + degree[n]), 3), type=d["type"], label_hi=d["label_hi"], alt_labels=d["alt_labels"],
                     articles=d["articles"])
    for i, (u, v, k, e) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda x: x[:3])):
        net.add_edge(u, v, id=f"e{i}", label=_clip(e["label"] or k, 40), relation=k,
                     title=edge_tooltip(G, u, v, k), articles=e["articles"])
    counts = {t: 0 for t in TYPES}
    for _, d in G.nodes(data=True):
        counts[d["type"]] += 1
    nodes = [{k: n[k] for k in ("id", "label", "shape", "color", "title", "value", "type", "label_hi",
                                "alt_labels", "articles")} for n in net.nodes]
    edges = [{"id": e["id"], "from": e["from"], "to": e["to"], "label": e["label"], "relation": e["relation"],
              "title": e["title"], "articles": e["articles"]} for e in net.edges]
    return {
        "nodes": nodes, "edges": edges, "limit": max_nodes, "edge_label_limit": EDGE_LABEL_LIMIT,
        "hub_degree": HUB_DEGREE,
        "types": [{"name": t, "color": STYLE[t][0], "shape": STYLE[t][1], "count": counts[t]} for t in TYPES],
        "articles": [{"id": a, **m} for a, m in G.graph.get("articles", {}).items()],
        "initial": {"focus": find(G, focus) if focus else None, "depth": max(1, int(depth)), "types": types,
                    "article": _article(G, article) if article else None},
    }


def _shape_svg(shape: str, color: str) -> str:
    pts = {"triangle": "8,2 14,14 2,14", "triangleDown": "2,2 14,2 8,14", "diamond": "8,1 15,8 8,15 1,8",
           "hexagon": "4,2 12,2 15,8 12,14 4,14 1,8",
           "star": "8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6"}
    body = (f'<circle cx="8" cy="8" r="6" fill="{color}"/>' if shape == "dot"
            else f'<rect x="2" y="2" width="12" height="12" fill="{color}"/>' if shape == "square"
            else f'<polygon points="{pts[shape]}" fill="{color}"/>')
    return f'<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{body}</svg>'


def _vis_js() -> str:
    lib = resources.files("pyvis") / "templates" / "lib"
    newest = max((d for d in lib.iterdir() if d.name.startswith("vis-")),
                 key=lambda d: tuple(int(x) for x in d.name[4:].split(".")))
    return (newest / "vis-network.min.js").read_text(encoding="utf-8")


def safe_json(data) -> str:
    """JSON to embed in a ``<script>`` element: ``<``, ``>`` and ``&`` are escaped, so ``</script>`` cannot end it.

    >>> safe_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render(data: dict, title: str = TITLE) -> str:
    """The explorer page for ``data`` (from ``explorer_data``): one self-contained HTML document."""
    import re

    template = (resources.files("kg") / "templates" / "explorer.html").read_text(encoding="utf-8")
    legend = "".join(f'<label><input type="checkbox" value="{_e(t["name"])}" checked> '
                     f'{_shape_svg(t["shape"], t["color"])} {_e(t["name"])}'
                     f'<span class="kg-count">{t["count"]}</span></label>' for t in data["types"] if t["count"])
    options = "".join(f'<option value="{_e(a["id"])}">{_e(a.get("published") or "")} '
                      f'{_e(_clip(a.get("headline") or a["id"], 70))}</option>' for a in data["articles"])
    summary = f"{len(data['nodes'])} entities, {len(data['edges'])} relations, {len(data['articles'])} articles"
    parts = {"TITLE": _e(title), "SUMMARY": _e(summary), "LEGEND": legend, "ARTICLE_OPTIONS": options,
             "DATA": safe_json(data), "VIS_JS": _vis_js().replace("</script", "<\\/script")}
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def explorer_html(G: nx.MultiDiGraph, **options) -> str:
    """``render(explorer_data(G, **options))``: the explorer page of ``G`` as a string."""
    return render(explorer_data(G, **options))


def write_explorer(out: Path | str, store_at: Path | str | None = None, **options) -> Path:
    """Write the explorer of the store (default: ``$KG_STORE`` or ``.kg/store``) to ``out``."""
    from kg.analysis import load

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    page = explorer_html(load(store_at), **options)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")  # a killed run never leaves half a page in place
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    return out


def notebook_frame(page: str, height: int = 640):
    """Show an explorer page inside a notebook (an ``<iframe srcdoc>``, so it stays self-contained)."""
    from IPython.display import HTML

    return HTML(f'<div><iframe srcdoc="{_e(page)}" style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
                f'sandbox="allow-scripts"></iframe></div>')


class Table:
    """Rows of dicts shown as an HTML table in a notebook (escaped) and as text elsewhere.

    >>> print(Table([{"district": "Agra", "n": 2}]))
    district | n
    Agra     | 2
    """

    def __init__(self, rows, columns=None, limit: int = 50):
        self.rows = list(rows)
        self.columns = list(columns or (self.rows[0].keys() if self.rows else []))
        self.limit = limit

    def _cells(self):
        def cell(v):
            if isinstance(v, float):
                return f"{v:,.6g}" if not math.isnan(v) else ""
            return ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if v is None else str(v))
        return [[cell(r.get(c)) for c in self.columns] for r in self.rows[: self.limit]]

    def _repr_html_(self) -> str:
        if not self.rows:
            return "<p><i>(no rows)</i></p>"
        head = "".join(f"<th style=\"text-align:left\">{_e(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td style=\"text-align:left\">{_e(v)}</td>" for v in row) + "</tr>"
                       for row in self._cells())
        more = f"<p>{len(self.rows) - self.limit} more rows</p>" if len(self.rows) > self.limit else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"

    def __repr__(self) -> str:
        if not self.rows:
            return "(no rows)"
        cells = self._cells()
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = [" | ".join(c.ljust(w) for c, w in zip(self.columns, widths)).rstrip()]
        lines += [" | ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
        return "\n".join(lines)

    __str__ = __repr__


def query_table(name: str, store_at: Path | str | None = None, limit: int = 50, **params) -> Table:
    """Run the library question ``name`` (``kg/queries/<name>.rq``, see ``kg.query``) and show its rows."""
    from kg import query

    q = query.load(name)
    target = query.open_target(store_at)
    return Table(query.records(query.execute(target, query.parametrise(q, params, target))), limit=limit)
