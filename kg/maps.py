"""Maps of the 75 districts: boundaries joined to the graph's districts, and a matplotlib choropleth.

The boundaries are ``ontology/boundaries/up_districts.geojson``. As its README says, features join
to districts by Census 2011 code first (71 features) and by English name for the four districts made
after the census (Amethi, Hapur, Sambhal, Shamli); a join by name alone would miss Bhadohi.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

Ring = list[tuple[float, float]]


def boundaries_file() -> Path:
    from kg.paths import ontology_dir

    return ontology_dir() / "boundaries" / "up_districts.geojson"


def join_boundaries(G: nx.MultiDiGraph, geojson: dict) -> dict[str, list[Ring]]:
    """District IRI -> outer rings (lon, lat) of its boundary, joined by census code, then by name.

    >>> from kg.analysis import example_graph, AGRA
    >>> G = example_graph()
    >>> G.nodes[AGRA]["census2011Code"] = "146"
    >>> square = [[[78.0, 27.0], [78.1, 27.0], [78.1, 27.1], [78.0, 27.0]]]
    >>> features = [{"properties": {"censuscode": "146", "district": "Agra"},
    ...              "geometry": {"type": "Polygon", "coordinates": square}},
    ...             {"properties": {"censuscode": "NA", "district": "Aligarh"},
    ...              "geometry": {"type": "Polygon", "coordinates": square}}]
    >>> sorted(G.nodes[n]["label"] for n in join_boundaries(G, {"features": features}))
    ['Agra', 'Aligarh']
    """
    districts = [(n, d) for n, d in G.nodes(data=True) if d["type"] == "District"]
    by_code = {d["census2011Code"]: n for n, d in districts if d.get("census2011Code")}
    by_name = {d["label"].casefold(): n for n, d in districts}
    joined: dict[str, list[Ring]] = {}
    for feature in geojson["features"]:
        props, geom = feature["properties"], feature["geometry"]
        iri = by_code.get(str(props.get("censuscode"))) or by_name.get(str(props.get("district", "")).casefold())
        if iri is None:
            continue
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        joined.setdefault(iri, []).extend([tuple(p) for p in poly[0]] for poly in polygons)
    return joined


def district_boundaries(G: nx.MultiDiGraph, path: Path | str | None = None) -> dict[str, list[Ring]]:
    """``join_boundaries`` with the project's boundary file (or ``path``)."""
    return join_boundaries(G, json.loads(Path(path or boundaries_file()).read_text(encoding="utf-8")))


def coverage(G: nx.MultiDiGraph) -> dict[str, int]:
    """District IRI -> number of articles that name it (0 for the others).

    >>> from kg.analysis import example_graph, AGRA
    >>> coverage(example_graph())[AGRA]
    1
    """
    return {n: len(d["articles"]) for n, d in G.nodes(data=True) if d["type"] == "District"}


def odop_products(G: nx.MultiDiGraph) -> dict[str, int]:
    """District IRI -> number of its ODOP products.

    >>> from kg.analysis import example_graph, AGRA
    >>> odop_products(example_graph())[AGRA]
    1
    """
    return {n: sum(1 for _, _, k in G.out_edges(n, keys=True) if k == "odopProduct")
            for n, d in G.nodes(data=True) if d["type"] == "District"}


def choropleth(G: nx.MultiDiGraph, values: dict[str, float], ax=None, title: str = "", cmap: str = "YlOrRd",
               label: str = "", annotate: int = 8, shapes: dict[str, list[Ring]] | None = None):
    """Draw the districts coloured by ``values`` (district IRI -> number) on ``ax``; return the axes.

    Districts without a value are grey; the ``annotate`` districts with the largest values are named.
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    shapes = shapes if shapes is not None else district_boundaries(G)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 7))
    order = sorted(shapes)
    rings = [ring for iri in order for ring in shapes[iri]]
    owner = [iri for iri in order for _ in shapes[iri]]
    data = [values.get(iri, float("nan")) for iri in owner]
    coll = PolyCollection(rings, array=data, cmap=cmap, edgecolors="white", linewidths=0.4)
    coll.cmap.set_bad("#dddddd")
    ax.add_collection(coll)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title)
    plt.colorbar(coll, ax=ax, shrink=0.6, label=label)
    top = sorted((v, iri) for iri, v in values.items() if iri in shapes and v)[-annotate:] if annotate else []
    for _, iri in top:
        xs = [x for ring in shapes[iri] for x, _ in ring]
        ys = [y for ring in shapes[iri] for _, y in ring]
        ax.annotate(G.nodes[iri]["label"], (sum(xs) / len(xs), sum(ys) / len(ys)), ha="center", fontsize=8)
    return ax
