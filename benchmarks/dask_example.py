"""Extraction beyond one machine: Dask maps ``kg extract --batch`` over batches of articles.

Extraction of an article depends only on the article and the vocabularies, so any engine that can
map a function over partitions (Dask, Spark, Ray) can run it; only linking needs all extractions
at once, and it is cheap (see benchmarks/README.md). Here each Dask partition is a batch of JSON
Lines piped through ``kg extract --batch -``; the extractions are gathered, linked and written as
N-Quads (one named graph per article plus the linking graph), ready for ``kg build --endpoint``-style
loading into any SPARQL store or for ``pyoxigraph``'s bulk loader.

    .venv/bin/pip install "dask[bag]"
    .venv/bin/kg synth --articles 200 --seed 1 --out /tmp/syn200
    .venv/bin/python benchmarks/dask_example.py /tmp/syn200 --out /tmp/syn200.nq --partitions 8

On a cluster, replace the local scheduler by ``dask.distributed.Client("scheduler:8786")``; each
worker needs this package installed (``pip install .``) and the articles on shared storage, or the
records shipped in the bag as here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

KG = str(Path(sys.executable).with_name("kg"))


def records(folder: Path) -> list[str]:
    """One JSON line per article: ``{"id", "text", "lang"?, "date"?}`` (language and date from the sidecar)."""
    import yaml

    out = []
    for txt in sorted(folder.glob("*.txt")):
        rec = {"id": txt.stem, "text": txt.read_text(encoding="utf-8")}
        meta = txt.with_suffix(".meta")
        if meta.exists():
            m = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
            if m.get("language") in ("hi", "en"):
                rec["lang"] = m["language"]
            if m.get("published"):
                rec["date"] = str(m["published"])
        out.append(json.dumps(rec, ensure_ascii=False))
    return out


def extract_partition(lines: list[str]) -> list[str]:
    """The map step: one ``kg extract --batch`` process per partition (vocabularies loaded once per batch)."""
    proc = subprocess.run([KG, "extract", "--batch", "-"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True)
    return proc.stdout.splitlines()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", type=Path, help="folder of <id>.txt (+ <id>.meta)")
    ap.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--scheduler", default="processes", help="dask scheduler: processes, threads, synchronous")
    args = ap.parse_args(argv)

    import dask
    import dask.bag as db
    import pyoxigraph as ox

    from kg import graphs, iris, rdf
    from kg.linking import link_corpus
    from kg.models import Extraction

    started = time.perf_counter()
    bag = db.from_sequence(records(args.articles), npartitions=args.partitions)
    with dask.config.set(scheduler=args.scheduler):
        lines = bag.map_partitions(extract_partition).compute()
    failed = [json.loads(x) for x in lines if x.startswith('{"id"')]
    extractions = [Extraction.model_validate_json(x) for x in lines if not x.startswith('{"id"')]
    mapped = time.perf_counter() - started
    linked, entities = link_corpus(extractions)  # the reduce step: identities across all articles
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iris.article_graph(ex.article.id)))
             for ex in linked for t in graphs.triples_from_rdflib(rdf.article_triples(ex))]
    quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iris.LINKING_GRAPH))
              for t in graphs.triples_from_rdflib(rdf.linking_triples(entities))]
    ox.serialize(quads, output=str(args.out), format=ox.RdfFormat.N_QUADS)
    print(f"{len(extractions)} articles extracted in {args.partitions} partitions ({mapped:.1f} s), "
          f"{len(failed)} failed; {len(entities)} linked entities; {len(quads):,} quads -> {args.out} "
          f"({time.perf_counter() - started:.1f} s in all)")
    for f in failed:
        print(f"failed: {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
