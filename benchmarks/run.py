"""Benchmarks of the whole pipeline on synthetic corpora, with baselines measured in the same run.

    .venv/bin/python benchmarks/run.py --sizes 1000,10000,100000 --work /tmp/kgbench
    .venv/bin/python benchmarks/run.py --report /tmp/kgbench      # print the table of a (partial) run

For each corpus size N (``kg synth --articles N``) it measures, writing ``<work>/results-N.json``
after every phase so a long run can be reported while it goes on:

- floor (a): read every article, NFC-normalise it and run one regular-expression pass;
- extraction on one process (a sample of articles: the rate does not depend on N) and the full
  ``kg build --full`` with all cores: extraction, linking, RDF, store load, peak memory (the
  process tree's resident memory, sampled), store size on disk;
- every library query through the ``kg query`` code path (parametrise, run, serialise as JSON) and
  directly on pyoxigraph (c): median and p95 latency;
- rdflib (b): the same quads parsed into ``rdflib.Dataset`` and the same queries, in a child
  process with a memory-safe cap on quads and a per-query time limit (capped runs are labelled);
- incremental: one article changed, one article added, each followed by ``kg build``; the result
  is compared graph by graph with a from-scratch build of the same articles;
- linking quality against the synthetic gold: entity F1, merge errors (one IRI for several gold
  entities) and splits (one gold entity under several IRIs).

This is a benchmark, not a test: nothing asserts, it reports. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# -- measuring --------------------------------------------------------------------------------
class PeakMemory:
    """Peak resident memory of this process and its children, sampled every 50 ms."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = psutil.Process()
        while not self._stop.is_set():
            try:
                total = me.memory_info().rss + sum(c.memory_info().rss for c in me.children(recursive=True))
            except psutil.Error:
                total = 0
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class Timed:
    """Wrap ``module.name`` so every call adds its duration to ``self.seconds`` (and keeps the last result)."""

    def __init__(self, module, name: str):
        self.module, self.name, self.seconds, self.result = module, name, 0.0, None
        self.original = getattr(module, name)

        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                self.result = self.original(*a, **k)
                return self.result
            finally:
                self.seconds += time.perf_counter() - t

        setattr(module, name, wrapper)

    def restore(self):
        setattr(self.module, self.name, self.original)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def latencies(fn, reps: int, budget: float) -> list[float]:
    out = []
    started = time.perf_counter()
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
        if time.perf_counter() - started > budget and len(out) >= 3:
            break
    return out


def summary(xs: list[float]) -> dict:
    xs = sorted(xs)
    return {"median": statistics.median(xs), "p95": xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))], "n": len(xs)}


# -- phases -----------------------------------------------------------------------------------
def phase_synth(n: int, seed: int, corpus: Path, res: dict) -> None:
    from kg.synth import generate

    if not (corpus / "gold.yaml").exists():
        t = time.perf_counter()
        generate(n, seed, corpus)
        res["synth_seconds"] = time.perf_counter() - t
    files = sorted(corpus.glob("*.txt"))
    res["articles"] = len(files)
    res["corpus_bytes"] = sum(f.stat().st_size for f in files)


def phase_floor(corpus: Path, res: dict) -> None:
    """Baseline (a): read, NFC-normalise, one regular-expression pass."""
    word = re.compile(r"\w+")
    files = sorted(corpus.glob("*.txt"))
    t = time.perf_counter()
    tokens = 0
    for f in files:
        text = unicodedata.normalize("NFC", f.read_text(encoding="utf-8"))
        tokens += len(word.findall(text))
    secs = time.perf_counter() - t
    res["floor"] = {"seconds": secs, "articles_per_s": len(files) / secs, "tokens": tokens}


def phase_extract_one(corpus: Path, res: dict, sample: int) -> None:
    """Extraction on one process, over the first ``sample`` articles (after a warm-up article)."""
    from kg.pipeline import extract_file

    files = sorted(corpus.glob("*.txt"))[:sample]
    extract_file(files[0])  # vocabularies loaded before timing
    t = time.perf_counter()
    for f in files:
        extract_file(f)
    secs = time.perf_counter() - t
    res["extract_one"] = {"articles": len(files), "seconds": secs, "articles_per_s": len(files) / secs}


def phase_build(corpus: Path, store: Path, res: dict, jobs: int, seed: int, n: int) -> None:
    """``kg build --full`` with all cores, stage by stage; then linking quality against the gold."""
    from kg import build as kb
    from kg import linking

    shutil.rmtree(store.parent, ignore_errors=True)
    timers = {name: Timed(kb, name) for name in ("_extract", "_write")}
    link = Timed(linking, "link_records")
    try:
        with PeakMemory() as mem:
            t = time.perf_counter()
            report = kb.build(seeds=corpus, store_at=store, full=True, jobs=jobs)
            total = time.perf_counter() - t
    finally:
        for x in (*timers.values(), link):
            x.restore()
    gen = kb.store.current(store)
    res["build"] = {
        "jobs": jobs, "seconds": total, "peak_rss": mem.peak, "ok": report.ok, "errors": report.errors[:5],
        "extract_seconds": timers["_extract"].seconds, "link_seconds": link.seconds,
        "store_seconds": timers["_write"].seconds, "triples": report.triples, "graphs": report.graphs,
        "store_bytes": dir_size(gen / "oxigraph"), "articles": report.articles,
    }
    b = res["build"]
    b["extract_articles_per_s"] = report.articles / b["extract_seconds"]
    b["pipeline_articles_per_s"] = report.articles / (b["extract_seconds"] + b["link_seconds"])
    b["store_triples_per_s"] = report.triples / b["store_seconds"]
    res["quality"] = quality(linked_from_cache(store.parent / kb.CACHE_DIR, link.result), seed, n)


def linked_from_cache(cache: Path, linkage):
    """The build's linked extractions, one at a time (all of them at once would not fit at 100k)."""
    from kg.linking import apply
    from kg.models import Extraction

    for path in sorted(cache.glob("*.json")):
        yield apply(Extraction.model_validate_json(path.read_bytes()), linkage)


def phase_batch(corpus: Path, work: Path, res: dict, jobs: int) -> None:
    """Extraction on all cores the scale-out way: ``jobs`` shards of JSON Lines, each piped through
    ``kg extract --batch`` (the path a Dask/Spark/Ray map takes); the extractions go to files."""
    import yaml

    files = sorted(corpus.glob("*.txt"))
    shards = [work / f"shard{k}.jsonl" for k in range(jobs)]
    t = time.perf_counter()
    outs = [s.open("w", encoding="utf-8") for s in shards]
    for i, f in enumerate(files):
        meta = yaml.load(f.with_suffix(".meta").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        rec = {"id": f.stem, "text": f.read_text(encoding="utf-8"), "lang": meta["language"],
               "date": str(meta["published"])}
        outs[i % jobs].write(json.dumps(rec, ensure_ascii=False) + "\n")
    for o in outs:
        o.close()
    prepare = time.perf_counter() - t
    with PeakMemory() as mem:
        t = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())",
                                   "extract", "--batch", str(s)], stdout=s.with_suffix(".out").open("w"),
                                  cwd=str(ROOT)) for s in shards]
        codes = [p.wait() for p in procs]
        secs = time.perf_counter() - t
    res["batch"] = {"jobs": jobs, "articles": len(files), "seconds": secs, "prepare_seconds": prepare,
                    "articles_per_s": len(files) / secs, "peak_rss": mem.peak, "exit_codes": codes}


def phase_link(work: Path, res: dict, seed: int, n: int, jobs: int) -> None:
    """Linking all the batch extractions at once (the reduce step), and its quality against the gold."""
    from kg.linking import link_corpus
    from kg.models import Extraction

    with PeakMemory() as mem:
        t = time.perf_counter()
        extractions = []
        for k in range(jobs):
            with (work / f"shard{k}.out").open(encoding="utf-8") as f:
                extractions += [Extraction.model_validate_json(line) for line in f if not line.startswith('{"id"')]
        load = time.perf_counter() - t
        t = time.perf_counter()
        linked, entities = link_corpus(extractions)
        secs = time.perf_counter() - t
    res["link"] = {"articles": len(extractions), "load_seconds": load, "seconds": secs, "entities": len(entities),
                   "peak_rss": mem.peak}
    res["quality"] = quality(linked, seed, n)


def quality(linked, seed: int, n: int) -> dict:
    """Entity F1, merge errors and splits of the linked extractions against the generator's gold."""
    from kg.evaluate import Report, score_article
    from kg.synth import make_world, vocab, write_article

    v = vocab()
    world = make_world(v, n, seed)
    report = Report()
    iri_names: dict[str, set[str]] = defaultdict(set)
    name_iris: dict[str, set[str]] = defaultdict(set)
    for ex in linked:
        index = int(ex.article.id.rsplit("_", 1)[1])
        gold = write_article(v, world, seed, index)[2]
        for name, iri in score_article(ex, gold, report, ex.article.id).items():
            iri_names[iri].add(name)
            name_iris[name].add(iri)
    s = report.scores[("entities", "*", "*")]
    p = report.scores[("posts", "*", "*")]
    person = report.scores[("entities", "*", "Person")]
    org = report.scores[("entities", "*", "Organization")]
    return {
        "entity_f1": s.f1, "entity_p": s.precision, "entity_r": s.recall, "post_f1": p.f1,
        "person_f1": person.f1, "organization_f1": org.f1,
        "merge_errors": sum(len(names) - 1 for names in iri_names.values() if len(names) > 1),
        "merged_iris": sum(1 for names in iri_names.values() if len(names) > 1),
        "splits": sum(len(iris) - 1 for iris in name_iris.values() if len(iris) > 1),
        "gold_names_linked": len(name_iris),
        "merge_examples": sorted(sorted(names)[:3] for names in iri_names.values() if len(names) > 1)[:5],
    }


def phase_queries(store: Path, res: dict, reps: int, budget: float) -> None:
    """Every library query, each in a child process stopped after ``budget`` seconds: through the
    ``kg query`` code path, and directly on pyoxigraph (c)."""
    from kg import query as kq

    out = {}
    for q in kq.library():
        if q.name.startswith("_"):
            continue
        try:
            proc = subprocess.run([sys.executable, __file__, "--one-query", q.name, "--store", str(store),
                                   "--reps", str(reps), "--budget", str(budget / 3)],
                                  capture_output=True, text=True, timeout=budget)
            out[q.name] = json.loads(proc.stdout) if proc.returncode == 0 else {"error": proc.stderr[-500:]}
        except subprocess.TimeoutExpired:
            out[q.name] = {"timeout": budget, "sparql": kq.parametrise(q, {}, kq.open_target(store))}
    res["queries"] = out


def one_query(name: str, store: Path, reps: int, budget: float) -> dict:
    import pyoxigraph as ox

    from kg import query as kq
    from kg.store import current

    target = kq.open_target(store)
    raw = ox.Store.read_only(str(current(store) / "oxigraph"))
    q = kq.load(name)
    sparql = kq.parametrise(q, {}, target)

    def via_kg():
        text = kq.parametrise(q, {}, target)
        return kq.serialize(kq.execute(target, text), "json")

    def direct():
        r = raw.query(sparql, use_default_graph_as_union=True)
        return [tuple(s) for s in r] if isinstance(r, ox.QuerySolutions) else (r if isinstance(r, bool) else list(r))

    first = direct()  # warms the store's caches for both paths
    return {"rows": 1 if isinstance(first, bool) else len(first), "sparql": sparql,
            "pyoxigraph": summary(latencies(direct, reps, budget)), "kg": summary(latencies(via_kg, reps, budget))}


RDFLIB_CHILD = r"""
import json, signal, sys, time, statistics, resource
import rdflib
path, limit, timeout, reps = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
queries = json.loads(sys.stdin.read())
lines = []
with open(path, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= limit:
            break
        lines.append(line)
data = "".join(lines)
ds = rdflib.Dataset(default_union=True)
t = time.perf_counter()
ds.parse(data=data, format="nquads")
load = time.perf_counter() - t
out = {"quads": len(lines), "load_seconds": load, "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "queries": {}}
class Timeout(Exception): pass
def alarm(*a): raise Timeout()
signal.signal(signal.SIGALRM, alarm)
for name, sparql in queries.items():
    times = []
    try:
        for _ in range(reps):
            signal.setitimer(signal.ITIMER_REAL, timeout)
            t = time.perf_counter()
            list(ds.query(sparql))
            times.append(time.perf_counter() - t)
            signal.setitimer(signal.ITIMER_REAL, 0)
            if sum(times) > timeout:
                break
        out["queries"][name] = {"times": times}
    except Timeout:
        out["queries"][name] = {"times": times, "timeout": timeout}
    except Exception as e:
        signal.setitimer(signal.ITIMER_REAL, 0)
        out["queries"][name] = {"times": times, "error": f"{type(e).__name__}: {e}"[:200]}
print(json.dumps(out))
"""


def phase_rdflib(store: Path, work: Path, res: dict, cap: int, timeout: float, reps: int) -> None:
    """Baseline (b): rdflib's in-memory Dataset with the same quads (at most ``cap``), same queries."""
    from kg.export import export

    nq = work / "graph.nq"
    t = time.perf_counter()
    export("nquads", out=nq, store_at=store)
    res["export_nquads_seconds"] = time.perf_counter() - t
    total = sum(1 for _ in nq.open(encoding="utf-8"))
    # pyoxigraph loading the same file, for a like-for-like parse-and-load rate
    import pyoxigraph as ox

    tmp = work / "oxload"
    shutil.rmtree(tmp, ignore_errors=True)
    st = ox.Store(str(tmp))
    t = time.perf_counter()
    st.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    st.flush()
    res["oxigraph_load"] = {"quads": total, "seconds": time.perf_counter() - t}
    del st
    shutil.rmtree(tmp, ignore_errors=True)
    queries = {name: q["sparql"] for name, q in res["queries"].items() if "sparql" in q}
    proc = subprocess.run([sys.executable, "-c", RDFLIB_CHILD, str(nq), str(cap), str(timeout), str(reps)],
                          input=json.dumps(queries), capture_output=True, text=True)
    if proc.returncode != 0:
        res["rdflib"] = {"error": proc.stderr[-2000:]}
        return
    out = json.loads(proc.stdout)
    out["total_quads"] = total
    out["capped"] = out["quads"] < total
    for name, q in out["queries"].items():
        if q["times"]:
            q.update(summary(q["times"]))
    res["rdflib"] = out
    nq.unlink(missing_ok=True)


def phase_incremental(corpus: Path, store: Path, work: Path, res: dict, seed: int, n: int, jobs: int) -> None:
    """Change one article, then add one, rebuilding after each; compare with a from-scratch build."""
    import yaml

    from kg import build as kb
    from kg.store import read_meta
    from kg.synth import make_world, vocab, write_article

    files = sorted(corpus.glob("*.txt"))
    changed = files[len(files) // 2]
    changed.write_text(changed.read_text(encoding="utf-8") + "Officials said a follow-up meeting would be held soon.\n",
                       encoding="utf-8")
    t = time.perf_counter()
    r1 = kb.build(seeds=corpus, store_at=store, jobs=jobs)
    change_s = time.perf_counter() - t
    text, meta, _ = write_article(vocab(), make_world(vocab(), n, seed), seed, n)
    new = corpus / f"syn{seed}_{n:06d}.txt"
    new.write_text(text, encoding="utf-8")
    new.with_suffix(".meta").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    t = time.perf_counter()
    r2 = kb.build(seeds=corpus, store_at=store, jobs=jobs)
    add_s = time.perf_counter() - t
    # from scratch (a new store; extractions from the shared cache, which depend only on each article)
    fresh = work / "fresh" / "store"
    shutil.rmtree(fresh.parent, ignore_errors=True)
    t = time.perf_counter()
    kb.build(seeds=corpus, store_at=fresh, jobs=jobs, cache=store.parent / kb.CACHE_DIR)
    scratch_s = time.perf_counter() - t
    same = read_meta(store)["graphs"] == read_meta(fresh)["graphs"]
    res["incremental"] = {
        "change_seconds": change_s, "change_written": len(r1.written), "change_extracted": len(r1.extracted),
        "add_seconds": add_s, "add_written": len(r2.written), "add_extracted": len(r2.extracted),
        "scratch_from_cache_seconds": scratch_s, "same_as_scratch": same,
    }
    shutil.rmtree(fresh.parent, ignore_errors=True)
    # leave the corpus as generated
    new.unlink()
    new.with_suffix(".meta").unlink()
    changed.write_text(write_article(vocab(), make_world(vocab(), n, seed), seed, int(changed.stem.rsplit("_", 1)[1]))[0],
                       encoding="utf-8")


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pyoxigraph
    import rdflib

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "os": platform.platform(), "pyoxigraph": pyoxigraph.__version__,
            "rdflib": rdflib.__version__}


# -- report -----------------------------------------------------------------------------------
def fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.1f} s"


def report(work: Path) -> str:
    results = sorted((json.loads(p.read_text()) for p in work.glob("results-*.json")), key=lambda r: r["n"])
    if not results:
        return "no results yet"
    m = results[0]["machine"]
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}, "
             f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}; {m['os']}.", ""]
    head = "| measure | " + " | ".join(f"{r['n']:,} articles" for r in results) + " |"
    lines += [head, "| --- |" + " --- |" * len(results)]

    gib = lambda b: f"{b / 2**30:.2f} GiB"  # noqa: E731

    def row(label, fn):
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("corpus (MB)", lambda r: f"{r['corpus_bytes'] / 1e6:.1f}")
    row("(a) floor: read + NFC + regex, articles/s", lambda r: f"{r['floor']['articles_per_s']:,.0f}")
    row("extraction, 1 process, articles/s", lambda r: f"{r['extract_one']['articles_per_s']:.1f} (sample {r['extract_one']['articles']:,})")
    row("extraction, all cores, articles/s", lambda r: f"{r['build']['extract_articles_per_s']:.1f} ({r['build']['jobs']} procs)")
    row("extraction vs floor (a)", lambda r: f"{r['floor']['articles_per_s'] / r['extract_one']['articles_per_s']:.0f}x slower")
    row("extraction, all cores, `kg extract --batch` shards, articles/s",
        lambda r: f"{r['batch']['articles_per_s']:.1f} ({r['batch']['jobs']} procs, peak {gib(r['batch']['peak_rss'])})")
    row("linking (all articles)", lambda r: fmt_s(r["build"]["link_seconds"]) if "build" in r else
        f"{fmt_s(r['link']['seconds'])} (+ {fmt_s(r['link']['load_seconds'])} reading the extractions; peak {gib(r['link']['peak_rss'])})")
    row("extraction + linking, all cores, articles/s", lambda r: f"{r['build']['pipeline_articles_per_s']:.1f}")
    row("RDF + store: render (workers), spool, bulk load, check, publish", lambda r: fmt_s(r["build"]["store_seconds"]))
    row("`kg build --full` total", lambda r: fmt_s(r["build"]["seconds"]))
    row("peak memory (build, process tree)", lambda r: gib(r["build"]["peak_rss"]))
    row("triples (graphs)", lambda r: f"{r['build']['triples']:,} ({r['build']['graphs']:,})")
    row("RDF + store, triples/s (kg build)", lambda r: f"{r['build']['store_triples_per_s']:,.0f}")
    row("store load from N-Quads, pyoxigraph bulk_load, quads/s",
        lambda r: f"{r['oxigraph_load']['quads'] / r['oxigraph_load']['seconds']:,.0f}")
    row("(b) rdflib Dataset parse of the same N-Quads, quads/s",
        lambda r: f"{r['rdflib']['quads'] / r['rdflib']['load_seconds']:,.0f}"
                  + (f" (first {r['rdflib']['quads']:,})" if r["rdflib"]["capped"] else ""))
    row("load: pyoxigraph vs rdflib", lambda r: f"{(r['oxigraph_load']['quads'] / r['oxigraph_load']['seconds']) / (r['rdflib']['quads'] / r['rdflib']['load_seconds']):.1f}x faster")
    row("rdflib peak memory", lambda r: gib(r["rdflib"]["peak_rss"]) + (" (capped)" if r["rdflib"]["capped"] else ""))
    row("store size on disk", lambda r: f"{r['build']['store_bytes'] / 1e6:.0f} MB")
    row("incremental: change 1 article", lambda r: f"{fmt_s(r['incremental']['change_seconds'])} ({r['build']['seconds'] / r['incremental']['change_seconds']:.0f}x faster than full)")
    row("incremental: add 1 article", lambda r: f"{fmt_s(r['incremental']['add_seconds'])} ({r['build']['seconds'] / r['incremental']['add_seconds']:.0f}x faster than full)")
    row("incremental = from-scratch build", lambda r: "yes" if r["incremental"]["same_as_scratch"] else "NO")
    row("entity F1 (P / R)", lambda r: f"{r['quality']['entity_f1']:.3f} ({r['quality']['entity_p']:.3f} / {r['quality']['entity_r']:.3f})")
    row("person F1 / organisation F1", lambda r: f"{r['quality']['person_f1']:.3f} / {r['quality']['organization_f1']:.3f}")
    row("post F1", lambda r: f"{r['quality']['post_f1']:.3f}")
    row("merge errors (IRIs with several gold entities)", lambda r: f"{r['quality']['merge_errors']:,} ({r['quality']['merged_iris']:,} IRIs)")
    row("splits (gold entities under several IRIs)", lambda r: f"{r['quality']['splits']:,}")
    names = sorted({q for r in results for q in r.get("queries", {})})
    if names:
        lines += ["", "Query latency, median / p95 (`kg query` path = parametrise + run + JSON; (c) = pyoxigraph "
                      "directly; (b) = rdflib, on the quads it loaded):", ""]
        lines += ["| query | " + " | ".join(f"{r['n']:,}: kg / (c) pyoxigraph / (b) rdflib" for r in results) + " |",
                  "| --- |" + " --- |" * len(results)]
        for name in names:
            cells = []
            for r in results:
                q = r.get("queries", {}).get(name)
                if not q or "kg" not in q:
                    cells.append(f"> {q['timeout']:.0f} s (stopped)" if q and "timeout" in q else "—")
                    continue
                rl = r.get("rdflib", {}).get("queries", {}).get(name, {})
                rtxt = (f"{fmt_s(rl['median'])}" if rl.get("median") is not None else "—") + \
                       (" (timeout)" if rl.get("timeout") else "") + (" (error)" if rl.get("error") else "")
                ratio = q["kg"]["median"] / q["pyoxigraph"]["median"]
                cells.append(f"{fmt_s(q['kg']['median'])} / {fmt_s(q['kg']['p95'])} · {fmt_s(q['pyoxigraph']['median'])} / "
                             f"{fmt_s(q['pyoxigraph']['p95'])} · {rtxt} · kg/(c) {ratio:.2f}")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes (comma-separated)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kgbench"), help="work folder (corpora, stores, results)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--sample", type=int, default=1000, help="articles for the one-process extraction rate")
    ap.add_argument("--reps", type=int, default=20, help="repetitions per query")
    ap.add_argument("--rdflib-cap", type=int, default=3_000_000, help="most quads rdflib loads (memory)")
    ap.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds per rdflib query")
    ap.add_argument("--phases", default="synth,floor,extract1,build,queries,rdflib,incremental",
                    help="phases to run; also batch,link: extraction as kg extract --batch shards and linking them")
    ap.add_argument("--report", type=Path, default=None, help="print the table of the results in this folder and stop")
    ap.add_argument("--query-budget", type=float, default=180.0, help="seconds per library query (all repetitions)")
    ap.add_argument("--one-query", help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--budget", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one_query:
        print(json.dumps(one_query(args.one_query, args.store, args.reps, args.budget)))
        return 0
    if args.report:
        print(report(args.report))
        return 0
    phases = set(args.phases.split(","))
    for n in (int(x) for x in args.sizes.split(",")):
        work = args.work / f"n{n}"
        work.mkdir(parents=True, exist_ok=True)
        corpus, store = work / "corpus", work / "kg" / "store"
        out = args.work / f"results-{n}.json"
        res = json.loads(out.read_text()) if out.exists() else {}
        res.update(n=n, seed=args.seed, machine=machine())

        def save():
            out.write_text(json.dumps(res, indent=1, default=str))

        steps = [("synth", lambda: phase_synth(n, args.seed, corpus, res)),
                 ("floor", lambda: phase_floor(corpus, res)),
                 ("extract1", lambda: phase_extract_one(corpus, res, args.sample)),
                 ("build", lambda: phase_build(corpus, store, res, args.jobs, args.seed, n)),
                 ("batch", lambda: phase_batch(corpus, work, res, args.jobs)),
                 ("link", lambda: phase_link(work, res, args.seed, n, args.jobs)),
                 ("queries", lambda: phase_queries(store, res, args.reps, args.query_budget)),
                 ("rdflib", lambda: phase_rdflib(store, work, res, args.rdflib_cap, args.rdflib_timeout, min(args.reps, 5))),
                 ("incremental", lambda: phase_incremental(corpus, store, work, res, args.seed, n, args.jobs))]
        for name, step in steps:
            if name not in phases:
                continue
            t = time.perf_counter()
            print(f"[{time.strftime('%H:%M:%S')}] n={n} {name} ...", flush=True)
            step()
            res.setdefault("phase_seconds", {})[name] = time.perf_counter() - t
            save()
            print(f"[{time.strftime('%H:%M:%S')}] n={n} {name} done in {time.perf_counter() - t:.1f} s", flush=True)
    print(report(args.work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
