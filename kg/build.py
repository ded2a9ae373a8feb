"""``kg build``: articles in ``seeds/`` + ``ontology/`` -> the named graphs of the store.

The steps, each a plain function of the one before: list ``seeds/*.txt``; extract every article
whose cache entry is missing (in parallel; ``kg.pipeline.extract_file``); recognise duplicates;
link identities across all articles (``kg.linking.link_corpus``); turn the records into named
graphs (``kg.rdf`` via ``kg.graphs``); write only the graphs whose digest changed into a new store
generation and publish it (``kg.store``).

Incremental: an article's extraction is cached in ``<store dir>/cache/`` under a key made of the
article's bytes (and its sidecar's), its file name, ``EXTRACTOR_VERSION``, a hash of the ``kg``
package's source and a hash of ``ontology/``; so editing an article, the lexicon, the reference
data or the extractor's code re-extracts exactly what it can affect. Linking is rerun over all
articles every time, because a new article can change the identities of the others.

An article that cannot be read is reported with its file and problem and left out; the others are
built, and the report's ``ok`` is False so the command exits non-zero.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import kg
from kg import extractors
from kg import graphs as kgraphs
from kg import iris, linking, pipeline, rdf, store
from kg.errors import UserError
from kg.models import ENTITY_TYPES, Extraction
from kg.paths import ontology_dir, seeds_dir, shown, store_path
from kg.reading import MAX_SIDECAR_BYTES, ArticleError, read_bytes

CACHE_DIR = "cache"


class BuildError(UserError):
    """The build cannot run at all (no seeds folder, a broken ontology file, a busy store)."""


@dataclass
class BuildReport:
    """What a build did. ``ok`` is False when any article failed."""

    store: str
    generation: str | None = None
    unchanged: bool = False
    extracted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    posts: int = 0
    events: int = 0
    statistics: int = 0
    triples: int = 0
    graphs: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def articles(self) -> int:
        return len(self.extracted) + len(self.reused) - len(self.duplicates)

    def to_json(self) -> str:
        """The report as JSON, for scripts (``kg build --json``)."""
        data = dict(self.__dict__, articles=self.articles, ok=self.ok)
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)

    def summary(self) -> str:
        """The short aligned summary ``kg build`` prints."""
        by_type = ", ".join(f"{n} {t}" for t, n in self.entities.items() if n)
        rows = [
            ("articles", f"{self.articles}  ({len(self.extracted)} extracted, {len(self.reused)} reused, "
                         f"{len(self.failed)} failed, {len(self.duplicates)} duplicate)"),
            ("entities", f"{sum(self.entities.values())}" + (f"  ({by_type})" if by_type else "")),
            ("posts", str(self.posts)),
            ("events", str(self.events)),
            ("statistics", str(self.statistics)),
            ("triples", f"{self.triples:,} in {self.graphs} graphs  "
                        f"({len(self.written)} written, {len(self.removed)} removed)"),
            ("warnings", str(len(self.warnings))),
            ("errors", str(len(self.errors))),
        ]
        if self.unchanged:
            head = f"Store {self.store} is up to date ({self.generation}); nothing changed ({self.seconds:.1f} s)"
        else:
            head = f"Built {self.store} ({self.generation}) in {self.seconds:.1f} s"
        lines = [head]
        lines += [f"  {k:<11} {v}" for k, v in rows]
        return "\n".join(lines)

    def problems(self) -> list[str]:
        """One line per warning and error, each naming its file."""
        return [f"warning: {w}" for w in self.warnings] + [f"error: {e}" for e in self.errors]


def code_hash() -> str:
    """Hash of the ``kg`` package's Python source: a code change invalidates cached extractions."""
    return kgraphs.tree_hash(Path(kg.__file__).parent, skip_suffixes=(".pyc", ".md", ".html"))


def cache_key(txt: Path, versions: str) -> tuple[str, str]:
    """``(key, content hash)`` of an article: its bytes, its sidecar's bytes, its name and the versions."""
    data = read_bytes(shown(txt))  # a regular file within the size limit, else ArticleError
    sidecar = txt.with_suffix(".meta")
    try:
        info = sidecar.stat()
    except FileNotFoundError:
        meta = b""
    except OSError as e:
        raise ArticleError(shown(sidecar), f"cannot read the sidecar: {e.strerror}") from None
    else:
        # A sidecar that is no regular file or too large is refused by the extraction; never read it here.
        ok = stat.S_ISREG(info.st_mode) and info.st_size <= MAX_SIDECAR_BYTES
        try:
            meta = sidecar.read_bytes() if ok else f"unreadable {info.st_mode} {info.st_size} {info.st_mtime_ns}".encode()
        except OSError as e:
            raise ArticleError(shown(sidecar), f"cannot read the sidecar: {e.strerror}") from None
    content = hashlib.sha256(data).hexdigest()
    h = hashlib.sha256()
    for part in (versions, txt.name, content, hashlib.sha256(meta).hexdigest()):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest(), content


def _extract_job(path: str) -> tuple[str, str | None, str | None]:
    """Extract one file in a worker: ``(path, Extraction JSON, None)`` or ``(path, None, error)``."""
    try:
        return path, extractors.get()(path).model_dump_json(), None
    except ArticleError as e:
        return path, None, str(e)
    except Exception as e:  # an extractor bug on one article must not sink the others
        return path, None, f"{path}: the extractor failed on this article ({type(e).__name__}: {e})"


def _extract_all(paths: list[str], jobs: int | None):
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(paths) <= 1:
        yield from map(_extract_job, paths)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        yield from pool.map(_extract_job, paths)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Cache:
    """Extractions as JSON files named ``<article id>.<key>.json``; one entry per article is kept."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._put: dict[str, str] = {}  # slug -> file name of the entries written by this build

    def _file(self, article_id: str, key: str) -> Path:
        return self.folder / f"{iris.slugify_id(article_id)}.{key}.json"

    def get(self, article_id: str, key: str) -> Extraction | None:
        try:
            return Extraction.model_validate_json(self._file(article_id, key).read_bytes())
        except (OSError, ValueError):  # missing, or written by an older model: extract again
            return None

    def put(self, article_id: str, key: str, payload: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._file(article_id, key)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(payload, encoding="utf-8")
        os.replace(tmp, target)
        self._put[iris.slugify_id(article_id)] = target.name

    def prune(self) -> None:
        """Remove the older entries of the articles ``put`` since the last prune, in one pass over
        the folder (a glob per article made a build of n new articles O(n²))."""
        if not self._put or not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if entry.name.endswith(".tmp"):  # "<id>.<key>.<pid>.tmp" of a build that was killed while writing
                pid = entry.name[:-4].rpartition(".")[2]
                if pid.isdigit() and not _alive(int(pid)):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)
                continue
            stem, dot, rest = entry.name.rpartition(".")[0].rpartition(".")
            # "<id>.<key>.json": only this article's keys are its old entries ("a.b.<key>.json" is another article's).
            if (entry.name.endswith(".json") and dot and stem in self._put and rest.isalnum()
                    and self._put[stem] != entry.name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
        self._put.clear()


def build(seeds: Path | str | None = None, store_at: Path | str | None = None, full: bool = False,
          jobs: int | None = None, ontology: Path | str | None = None,
          cache: Path | str | None = None, endpoint=None) -> BuildReport:
    """Build (or bring up to date) the store at ``store_at`` from the articles in ``seeds``.

    ``cache`` is the extraction cache folder (default: ``cache/`` beside the store). With
    ``endpoint`` (a ``kg.remote.Endpoint``) the graphs go to that SPARQL store instead, each
    replaced whole; ``store_at`` then only holds the lock and the cache. Raises
    ``BuildError`` when the build cannot run; per-article problems are in the report.
    """
    started = time.monotonic()
    seeds = Path(seeds) if seeds is not None else seeds_dir()
    path = Path(store_at) if store_at is not None else store_path()
    ontology = Path(ontology) if ontology is not None else ontology_dir()
    report = BuildReport(store=shown(path))
    if not seeds.is_dir():
        raise BuildError(f"the seeds folder {shown(seeds)} does not exist (pass --seeds DIR)")
    try:
        graphs = kgraphs.ontology_graphs(ontology)
    except kgraphs.OntologyFileError as e:
        raise BuildError(str(e)) from None
    ontology_hash = kgraphs.tree_hash(ontology)
    extractor = os.environ.get("KG_EXTRACTOR") or extractors.DEFAULT  # another extractor, other cache entries
    versions = f"{extractor}/{pipeline.EXTRACTOR_VERSION}/{code_hash()}/{ontology_hash}"
    try:
        with store.build_lock(path):
            store.remove_stale(path)
            cache_dir = Path(cache) if cache is not None else path.parent / CACHE_DIR
            extractions = _extract(seeds, versions, _Cache(cache_dir), full, jobs, report)
            graphs.update(_article_graphs(extractions, report))
            meta = _meta(extractions, graphs, ontology_hash)
            if endpoint is not None:
                from kg import remote

                report.store, report.generation = endpoint.query_url, "remote store"
                report.written, report.removed = remote.publish(endpoint, graphs)
            else:
                _write(path, graphs, meta, full, report)
    except store.StoreError as e:
        raise BuildError(str(e)) from None
    report.graphs = len(graphs)
    report.triples = sum(len(t) for t in graphs.values())
    report.seconds = time.monotonic() - started
    return report


def _extract(seeds: Path, versions: str, cache: _Cache, full: bool, jobs: int | None,
             report: BuildReport) -> list[Extraction]:
    """Every readable, distinct article's extraction, from the cache or freshly extracted."""
    files = sorted(seeds.glob("*.txt"))
    if not files:
        report.warnings.append(f"no articles (*.txt) in {shown(seeds)}")
    for orphan in sorted(seeds.glob("*.meta")):
        if not orphan.with_suffix(".txt").exists():
            report.warnings.append(f"{shown(orphan)}: a sidecar without an article {orphan.with_suffix('.txt').name}")
    found: dict[str, Extraction] = {}
    keys: dict[str, str] = {}
    todo: list[str] = []
    for txt in files:
        shown_path = shown(txt)
        try:
            keys[shown_path], _ = cache_key(txt, versions)
        except ArticleError as e:
            report.errors.append(str(e))
            report.failed.append(shown_path)
            continue
        cached = None if full else cache.get(txt.stem, keys[shown_path])
        if cached is not None:
            found[shown_path] = cached
            report.reused.append(shown_path)
        else:
            todo.append(shown_path)
    for shown_path, payload, error in _extract_all(todo, jobs):
        if error is not None:
            report.errors.append(error)
            report.failed.append(shown_path)
            continue
        ex = Extraction.model_validate_json(payload)
        cache.put(Path(shown_path).stem, keys[shown_path], payload)
        found[shown_path] = ex
        report.extracted.append(shown_path)
    cache.prune()
    by_content: dict[str, str] = {}
    result = []
    for shown_path in sorted(found):
        ex = found[shown_path]
        first = by_content.setdefault(ex.article.content_hash, shown_path)
        if first != shown_path:
            report.duplicates.append(shown_path)
            report.warnings.append(f"{shown_path}: the same text as {first}; skipped as a duplicate")
            continue
        report.warnings.extend(ex.warnings)
        result.append(ex)
    return result


def _article_graphs(extractions: list[Extraction], report: BuildReport) -> kgraphs.Graphs:
    """One graph per article plus the linking graph, after identities are resolved across articles."""
    linked, entities = linking.link_corpus(extractions)
    out: kgraphs.Graphs = {}
    for ex in linked:
        out[iris.article_graph(ex.article.id)] = kgraphs.triples_from_rdflib(rdf.article_triples(ex))
        report.posts += len(ex.posts)
        report.events += len(ex.events)
        report.statistics += len(ex.statistics)
    counts = Counter(e.type for e in entities)
    report.entities = {t: counts[t] for t in ENTITY_TYPES}
    linking_graph = kgraphs.triples_from_rdflib(rdf.linking_triples(entities))
    if linking_graph:
        out[iris.LINKING_GRAPH] = linking_graph
    return out


def _meta(extractions: list[Extraction], graphs: kgraphs.Graphs, ontology_hash: str) -> dict:
    return {
        "format": store.FORMAT,
        "extractor_version": pipeline.EXTRACTOR_VERSION,
        "ontology_hash": ontology_hash,
        "articles": {
            ex.article.id: {"file": ex.article.source_file, "content_hash": ex.article.content_hash,
                            "graph": iris.article_graph(ex.article.id)}
            for ex in extractions
        },
        "graphs": {g: {"digest": kgraphs.digest(t), "triples": len(t)} for g, t in sorted(graphs.items())},
    }


def _write(path: Path, graphs: kgraphs.Graphs, meta: dict, full: bool, report: BuildReport) -> None:
    """Write what changed into a new generation and publish it; leave the store alone if nothing did."""
    old = None if full else store.read_meta(path)
    base = store.current(path) if old is not None and old.get("format") == store.FORMAT else None
    if base is not None and old == meta:
        report.unchanged = True
        report.generation = base.name
        return
    gen = store.Generation(path, base)
    try:
        if base is None:
            gen.load(graphs)
            report.written = sorted(graphs)
        else:
            old_graphs = old["graphs"]
            report.removed = sorted(set(old_graphs) - set(graphs))
            report.written = sorted(g for g in graphs
                                    if old_graphs.get(g, {}).get("digest") != meta["graphs"][g]["digest"])
            for g in report.removed:
                gen.drop_graph(g)
            for g in report.written:
                gen.replace_graph(g, graphs[g])
        gen.publish(meta, report.written)
    except BaseException:
        gen.discard()
        raise
    report.generation = gen.name
    store.remove_stale(path)
