"""``kg build``: articles in ``seeds/`` + ``ontology/`` -> the named graphs of the store.

The steps, each a plain function of the one before: list ``seeds/*.txt``; extract every article
whose cache entry is missing (in parallel; ``kg.pipeline.extract_file``); recognise duplicates;
link identities across all articles (``kg.linking.link_records``); render the article graphs
that changed (``kg.rdf`` via ``kg.graphs``, in parallel) and the linking graph into an N-Quads
spool; bulk-load it into a new store generation, check it and publish it (``kg.store``).

Incremental: an article's extraction is cached in ``<store dir>/cache/`` under a key made of the
article's bytes (and its sidecar's), its file name, ``EXTRACTOR_VERSION``, a hash of the
extraction code (the ``kg`` package less ``NOT_EXTRACTION``) and a hash of ``ontology/``; so editing
an article, the lexicon, the reference data or the extractor's code re-extracts exactly what it
can affect, and a change to the build, linking or rendering code only links and renders again. Linking is rerun over all
articles every time, because a new article can change the identities of the others, but on the
small linking records kept in the cache's index (``_Cache``), not on the extractions; an
article's graph is a function of its extraction and the renames linking gives its IRIs, so it is
rendered again only when one of those changed. Memory holds records and digests, never all
graphs: the rendered graphs stream through a spool file.

An article that cannot be read is reported with its file and problem and left out; the others are
built, and the report's ``ok`` is False so the command exits non-zero.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import stat
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

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


# The parts of the ``kg`` package that never run while an article is extracted (a test checks that
# extracting imports none of them): changing them keeps the extraction cache, so a change to the
# build, the queries or the explorer does not re-extract 100,000 articles. Anything else, including
# a new module, counts as extraction code.
NOT_EXTRACTION = frozenset({
    "analysis.py", "build.py", "cli.py", "docs.py", "evaluate.py", "explain.py", "export.py",
    "extract_cli.py", "graphs.py", "linking.py", "maps.py", "query.py", "query_cli.py", "rdf.py",
    "refdata.py", "remote.py", "server.py", "stats.py", "store.py", "synth.py", "synth_cli.py",
    "validate.py", "viz.py", "viz_cli.py", "vocab.py", "queries", "templates",
})


def code_hash(extraction_only: bool = False) -> str:
    """Hash of the ``kg`` package's source (or of the part extraction runs): a code change
    invalidates what was cached from it."""
    skip = NOT_EXTRACTION if extraction_only else frozenset()
    return kgraphs.tree_hash(Path(kg.__file__).parent, skip_suffixes=(".pyc", ".md", ".html"), skip_top=skip)


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


def _stamp(txt: Path) -> tuple | None:
    """What the file system says of an article and its sidecar (size, times, inode), or None when
    the article may still be changing (modified in the last two seconds, the "racy git" case) or
    cannot be stat'ed: then its bytes are hashed."""
    try:
        st = txt.stat()
        try:
            meta = txt.with_suffix(".meta").stat()
            side = (meta.st_size, meta.st_mtime_ns, meta.st_ctime_ns, meta.st_ino)
        except FileNotFoundError:
            side, meta = None, None
    except OSError:
        return None
    newest = max(st.st_mtime_ns, st.st_ctime_ns, meta.st_ctime_ns if meta else 0)
    if time.time_ns() - newest < 2_000_000_000:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, side)


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


class _Article(NamedTuple):
    """What the build keeps of one article between extraction and writing (never the whole extraction)."""

    key: str  # the extraction cache key
    id: str
    source_file: str
    content_hash: str
    record: linking.Record
    warnings: tuple[str, ...]
    counts: tuple[int, int, int]  # posts, events, statistics

    @classmethod
    def of(cls, key: str, ex: Extraction) -> "_Article":
        a = ex.article
        return cls(key, a.id, a.source_file, a.content_hash, linking.record(ex), tuple(ex.warnings),
                   (len(ex.posts), len(ex.events), len(ex.statistics)))


INDEX_FILE = "index.pickle"
INDEX_VERSION = 4


class _Cache:
    """Extractions as JSON files named ``<article id>.<key>.json``; one entry per article is kept.

    Beside them, ``index.pickle`` keeps what a build needs of each cached extraction (its linking
    record and counts) and the digest of each rendered article graph, keyed by the extraction key
    and the renames linking gave it. An up-to-date build then reads one file instead of every
    extraction, and renders only the articles whose extraction or identities changed. The index is
    only a shortcut: when it is missing or unreadable everything is derived from the JSON files.
    """

    def __init__(self, folder: Path, versions: str = ""):
        self.folder = folder
        self.versions = versions  # the code and ontology that link and render: keys of both depend on them
        self._put: dict[str, str] = {}  # slug -> file name of the entries written by this build
        self._entries: frozenset[str] | None = None
        self.articles: dict[str, _Article] = {}  # extraction key -> article
        self.rendered: dict[str, tuple[str, int]] = {}  # render key -> (digest, triples)
        self.stamps: dict[str, tuple] = {}  # article file -> (its _stamp, versions, extraction key)
        self.keys: dict = {}  # the linking keys of pooled entities (kg.linking.link_records' memo)
        self._load_index()

    def _load_index(self) -> None:
        try:
            with open(self.folder / INDEX_FILE, "rb") as f:
                data = pickle.load(f)
            if data.get("version") == INDEX_VERSION:
                self.stamps = data["stamps"]  # they name extraction keys, which carry their own versions
                if data.get("versions") == self.versions:  # records, renders and keys come from this code
                    self.articles, self.rendered, self.keys = data["articles"], data["rendered"], data["keys"]
        except Exception:  # missing, truncated or from another version: start empty
            self.articles, self.rendered, self.stamps, self.keys = {}, {}, {}, {}

    def save_index(self, keep: Iterable[_Article], rendered: Iterable[str]) -> None:
        """Write the index of the articles of this build (older entries are dropped)."""
        keep = {a.key: a for a in keep}
        rendered = {k: self.rendered[k] for k in rendered if k in self.rendered}
        files = {a.source_file for a in keep.values()}
        stamps = {f: v for f, v in self.stamps.items() if Path(f).name in files}
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / INDEX_FILE
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump({"version": INDEX_VERSION, "versions": self.versions, "articles": keep, "rendered": rendered, "stamps": stamps,
                         "keys": self.keys}, f,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        for stale in self.folder.glob(f"{INDEX_FILE.partition('.')[0]}.*.tmp"):  # of a build killed while writing
            pid = stale.name[:-4].rpartition(".")[2]
            if pid.isdigit() and not _alive(int(pid)):
                stale.unlink(missing_ok=True)

    def entries(self) -> frozenset[str]:
        """The names in the cache folder, listed once (a stat per article cost a second at 100,000)."""
        if self._entries is None:
            try:
                self._entries = frozenset(os.listdir(self.folder))
            except OSError:
                self._entries = frozenset()
        return self._entries

    def path(self, article_id: str, key: str) -> Path:
        return self.folder / f"{iris.slugify_id(article_id)}.{key}.json"

    def get(self, article_id: str, key: str) -> Extraction | None:
        return _read_extraction(self.path(article_id, key))

    def put(self, article_id: str, key: str, payload: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path(article_id, key)
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


def _read_extraction(path: Path) -> Extraction | None:
    try:
        return Extraction.model_validate_json(path.read_bytes())
    except (OSError, ValueError):  # missing, or written by an older model: extract again
        return None


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
        base_graphs = kgraphs.ontology_graphs(ontology)
    except kgraphs.OntologyFileError as e:
        raise BuildError(str(e)) from None
    ontology_hash = kgraphs.tree_hash(ontology)
    extractor = os.environ.get("KG_EXTRACTOR") or extractors.DEFAULT  # another extractor, other cache entries
    versions = f"{extractor}/{pipeline.EXTRACTOR_VERSION}/{code_hash(extraction_only=True)}/{ontology_hash}"
    rendering = f"{versions}/{code_hash()}"  # linking and rendering: the whole package
    try:
        with store.build_lock(path):
            store.remove_stale(path)
            cache_dir = Path(cache) if cache is not None else path.parent / CACHE_DIR
            kept = _Cache(cache_dir, rendering)
            articles = _extract(seeds, versions, kept, full, jobs, report)
            linkage = linking.link_records((a.record for a in articles), memo=kept.keys)
            _count(articles, linkage, report)
            if endpoint is not None:
                from kg import remote

                graphs = dict(base_graphs)
                graphs.update(_rendered_graphs(articles, linkage, kept))
                report.store, report.generation = endpoint.query_url, "remote store"
                report.written, report.removed = remote.publish(endpoint, graphs)
                report.graphs, report.triples = len(graphs), sum(len(t) for t in graphs.values())
                rendered = ()
            else:
                rendered = _write(path, base_graphs, articles, linkage, kept, ontology_hash, full, jobs, report)
            kept.keys = linkage.memo
            kept.save_index(articles, rendered)
    except store.StoreError as e:
        raise BuildError(str(e)) from None
    report.seconds = time.monotonic() - started
    return report


def _extract(seeds: Path, versions: str, cache: _Cache, full: bool, jobs: int | None,
             report: BuildReport) -> list[_Article]:
    """Every readable, distinct article, from the cache or freshly extracted."""
    files = sorted(seeds.glob("*.txt"), key=os.fspath)  # strings sort faster than Paths (100,000 of them)
    if not files:
        report.warnings.append(f"no articles (*.txt) in {shown(seeds)}")
    for orphan in sorted(seeds.glob("*.meta")):
        if not orphan.with_suffix(".txt").exists():
            report.warnings.append(f"{shown(orphan)}: a sidecar without an article {orphan.with_suffix('.txt').name}")
    found: dict[str, _Article] = {}
    keys: dict[str, str] = {}
    todo: list[str] = []
    for txt in files:
        shown_path = shown(txt)
        stamp = _stamp(txt)
        memo = cache.stamps.get(shown_path)
        try:
            if stamp is not None and memo is not None and memo[:2] == (stamp, versions):
                keys[shown_path] = memo[2]  # unchanged since it was hashed: do not read it again
            else:
                keys[shown_path], _ = cache_key(txt, versions)
        except ArticleError as e:
            report.errors.append(str(e))
            report.failed.append(shown_path)
            continue
        key = keys[shown_path]
        if stamp is not None:
            cache.stamps[shown_path] = (stamp, versions, key)
        known = None if full else cache.articles.get(key)
        if known is not None and cache.path(txt.stem, key).name not in cache.entries():
            known = None  # the index outlived its extraction: extract again
        if known is None and not full:
            ex = cache.get(txt.stem, key)
            known = _Article.of(key, ex) if ex is not None else None
        if known is not None:
            found[shown_path] = cache.articles[key] = known
            report.reused.append(shown_path)
        else:
            todo.append(shown_path)
    for shown_path, payload, error in _extract_all(todo, jobs):
        if error is not None:
            report.errors.append(error)
            report.failed.append(shown_path)
            continue
        ex = Extraction.model_validate_json(payload)
        key = keys[shown_path]
        cache.put(Path(shown_path).stem, key, payload)
        found[shown_path] = cache.articles[key] = _Article.of(key, ex)
        report.extracted.append(shown_path)
    cache.prune()
    by_content: dict[str, str] = {}
    result = []
    for shown_path in sorted(found):
        art = found[shown_path]
        first = by_content.setdefault(art.content_hash, shown_path)
        if first != shown_path:
            report.duplicates.append(shown_path)
            report.warnings.append(f"{shown_path}: the same text as {first}; skipped as a duplicate")
            continue
        report.warnings.extend(art.warnings)
        result.append(art)
    return result


def _count(articles: list[_Article], linkage: linking.Linkage, report: BuildReport) -> None:
    for a in articles:
        report.posts += a.counts[0]
        report.events += a.counts[1]
        report.statistics += a.counts[2]
    counts = Counter(e.type for e in linkage.entities.values())
    counts.update(linkage.fixed.values())
    report.entities = {t: counts[t] for t in ENTITY_TYPES}


def _render_key(art: _Article, linkage: linking.Linkage, versions: str) -> str:
    """The key of an article's rendered graph: its extraction, the renames that touch it, and the
    code that renders."""
    h = hashlib.sha256(f"{versions}\0{art.key}".encode("utf-8"))
    for old, new in linkage.renames(art.record):
        h.update(f"\0{old}\0{new}".encode("utf-8"))
    return h.hexdigest()


def _linkage_for(art: _Article, linkage: linking.Linkage) -> linking.Linkage:
    """The part of ``linkage`` one article's graph depends on (small enough to send to a worker)."""
    rename = dict(linkage.renames(art.record))
    targets = {rename.get(i, i) for i in art.record.iris}
    return linking.Linkage(rename, {t: linkage.entities[t] for t in targets if t in linkage.entities},
                           linkage.known & targets)


def _render_job(job: tuple[str, str, linking.Linkage]) -> tuple[str, list[str], str] | str:
    """Render one article's graph from its cached extraction: ``(graph IRI, N-Triples lines, digest)``,
    or an error message."""
    cache_file, article_id, part = job
    ex = _read_extraction(Path(cache_file))
    if ex is None:
        return f"{cache_file}: the cached extraction of {article_id} is missing or unreadable; run `kg build --full`"
    rendered = kgraphs.render(rdf.article_triples(linking.apply(ex, part)))
    return iris.article_graph(article_id), rendered.lines, rendered.digest


def _render_all(jobs_list: list, jobs: int | None):
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(jobs_list) < 64:  # a pool costs more than it saves on a few articles
        yield from map(_render_job, jobs_list)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_render_job, jobs_list, chunksize=16)


def _linking_buckets(linkage: linking.Linkage) -> dict[str, list[str]]:
    """The linking graph(s) and the entities each holds (one graph, or 64 for a large corpus)."""
    new = sorted(i for i, n in linkage.entities.items() if n.new)
    buckets: dict[str, list[str]] = {}
    for iri in new:
        buckets.setdefault(iris.linking_graph_of(iri, len(new)), []).append(iri)
    return buckets


def _linking_graph(linkage: linking.Linkage, members: list[str]) -> kgraphs.Rendered:
    return kgraphs.render(rdf.linking_triples(linking.entity(linkage, i) for i in members))


def _bucket_key(graph: str, members: list[str], linkage: linking.Linkage, versions: str) -> str:
    """The render key of a linking graph: its name, everything linking says of its entities, and
    the code that renders."""
    h = hashlib.sha256(f"{versions}\0{graph}".encode("utf-8"))
    for iri in members:
        h.update(repr(linkage.entities[iri]).encode("utf-8"))
    return h.hexdigest()


def _rendered_graphs(articles: list[_Article], linkage: linking.Linkage, cache: _Cache) -> kgraphs.Graphs:
    """Every article graph and the linking graph, in memory (for a remote store, which takes whole graphs)."""
    def extractions():
        for art in articles:
            ex = cache.get(art.id, art.key)
            if ex is None:
                raise BuildError(f"{cache.path(art.id, art.key)}: the cached extraction is missing; run `kg build --full`")
            yield ex
    return _graphs_in_memory(extractions(), linkage)


def _article_graphs(extractions: list[Extraction], report: BuildReport) -> kgraphs.Graphs:
    """One graph per article plus the linking graph, after identities are resolved across articles
    (in memory, from extractions: what ``build`` writes, for tests and tools)."""
    linkage = linking.link_records(linking.record(ex) for ex in extractions)
    _count([_Article.of("", ex) for ex in extractions], linkage, report)
    return _graphs_in_memory(extractions, linkage)


def _graphs_in_memory(extractions, linkage: linking.Linkage) -> kgraphs.Graphs:
    out: kgraphs.Graphs = {}
    for ex in extractions:
        out[iris.article_graph(ex.article.id)] = kgraphs.triples_from_rdflib(rdf.article_triples(linking.apply(ex, linkage)))
    for graph, members in _linking_buckets(linkage).items():
        out[graph] = _linking_graph(linkage, members).triples
    return out


def _write(path: Path, base_graphs: kgraphs.Graphs, articles: list[_Article], linkage: linking.Linkage,
           cache: _Cache, ontology_hash: str, full: bool, jobs: int | None, report: BuildReport) -> list[str]:
    """Render what changed, write it into a new generation and publish it; leave the store alone if
    nothing changed. Graphs stream through a spool file of N-Quads, so memory does not grow with the
    corpus. Returns the render keys of the articles (for the index)."""
    old = None if full else store.read_meta(path)
    base = store.current(path) if old is not None and old.get("format") == store.FORMAT else None
    old_graphs = old["graphs"] if base is not None else {}
    digests: dict[str, dict] = {}
    written: list[str] = []
    spool = path.with_name(f".{path.name}.{os.getpid()}.nq")
    try:
        with open(spool, "w", encoding="utf-8") as out:
            def emit(graph: str, lines: list, digest: str) -> None:
                digests[graph] = {"digest": digest, "triples": len(lines)}
                if old_graphs.get(graph, {}).get("digest") != digest:
                    written.append(graph)
                    tail = f" <{graph}> .\n"
                    out.writelines(f"{line}{tail}" for line in lines)

            for graph, triples in sorted(base_graphs.items()):
                emit(graph, triples, kgraphs.ontology_digest(triples))
            render_keys, todo, todo_keys = [], [], []
            for art in articles:
                graph, rkey = iris.article_graph(art.id), _render_key(art, linkage, cache.versions)
                render_keys.append(rkey)
                hit = cache.rendered.get(rkey)
                if hit is not None and old_graphs.get(graph, {}).get("digest") == hit[0]:
                    digests[graph] = {"digest": hit[0], "triples": hit[1]}  # in the store already
                    continue
                todo.append((str(cache.path(art.id, art.key)), art.id, _linkage_for(art, linkage)))
                todo_keys.append(rkey)
            for rkey, result in zip(todo_keys, _render_all(todo, jobs)):
                if isinstance(result, str):
                    raise BuildError(result)
                graph, lines, digest = result
                cache.rendered[rkey] = (digest, len(lines))
                emit(graph, lines, digest)
            for graph, members in _linking_buckets(linkage).items():
                rkey = _bucket_key(graph, members, linkage, cache.versions)
                render_keys.append(rkey)
                hit = cache.rendered.get(rkey)
                if hit is not None and old_graphs.get(graph, {}).get("digest") == hit[0]:
                    digests[graph] = {"digest": hit[0], "triples": hit[1]}
                    continue
                link = _linking_graph(linkage, members)
                cache.rendered[rkey] = (link.digest, len(link.lines))
                emit(graph, link.lines, link.digest)
        meta = {
            "format": store.FORMAT,
            "extractor_version": pipeline.EXTRACTOR_VERSION,
            "ontology_hash": ontology_hash,
            "articles": {a.id: {"file": a.source_file, "content_hash": a.content_hash,
                                "graph": iris.article_graph(a.id)} for a in articles},
            "graphs": dict(sorted(digests.items())),
        }
        report.graphs = len(digests)
        report.triples = sum(d["triples"] for d in digests.values())
        if base is not None and old == meta:
            report.unchanged = True
            report.generation = base.name
            return render_keys
        gen = store.Generation(path, base)
        try:
            report.removed = sorted(set(old_graphs) - set(digests))
            report.written = sorted(written)
            if base is not None:
                for g in report.removed + report.written:
                    gen.drop_graph(g)
            gen.load_file(spool)
            if base is None:
                gen.publish(meta)
            else:
                gen.publish(meta, report.written, report.removed)
        except BaseException:
            gen.discard()
            raise
    finally:
        spool.unlink(missing_ok=True)
    report.generation = gen.name
    store.remove_stale(path)
    return render_keys
