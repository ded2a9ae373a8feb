"""The gazetteer: every name the reference vocabularies know, indexed by its folded tokens.

Built from ``rdfs:label`` and ``skos:altLabel`` of ``ontology/reference/*.ttl``, so an alias added
there is recognised in every article with no code change.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.lexicon import load, ontology_dir
from kg.text import fold_key, is_devanagari
from kg.translit import phonetic_key

FOAF_PERSON = "http://xmlns.com/foaf/0.1/Person"
ORG_ORGANIZATION = "http://www.w3.org/ns/org#Organization"
UPKG = "https://w3id.org/upkg/ontology#"
ROOTS = {
    FOAF_PERSON: "Person",
    ORG_ORGANIZATION: "Organization",
    UPKG + "Place": "Place",
    UPKG + "Scheme": "Scheme",
    UPKG + "Event": "Event",
    UPKG + "Sector": "Sector",
    UPKG + "Product": "Product",
    UPKG + "Role": "Role",
}
# When one alias names several things, prefer the more specific reading.
TYPE_PRIORITY = {"Person": 0, "Organization": 1, "Scheme": 2, "Event": 3, "Place": 4, "Product": 5,
                 "Sector": 6, "Role": 7}


@dataclass(frozen=True)
class Entry:
    """A reference entity as the extractor sees it."""

    iri: str
    type: str
    cls: str
    label: str
    label_hi: str | None
    org: str | None = None  # a Role's organisation (upkg:roleOrganization)


@dataclass
class Gazetteer:
    """Aliases (tuples of folded tokens) to reference entries."""

    entries: dict[str, Entry] = field(default_factory=dict)
    index: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    case_sensitive: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    max_len: dict[str, int] = field(default_factory=dict)
    # every proper prefix of an index key: a span whose first words are not one cannot be an alias
    prefixes: set[tuple[str, ...]] = field(default_factory=set)
    class_type: dict[str, str] = field(default_factory=dict)
    located_in: dict[str, str] = field(default_factory=dict)
    division_of: dict[str, str] = field(default_factory=dict)
    # Latin names of places by phonetic key, so a Hindi spelling the vocabularies lack still
    # matches (कानपुर = Kanpur); single words only, keys of 3+ letters.
    sound: dict[str, list[str]] = field(default_factory=dict)
    # Single-word Latin aliases written capitalised ("Centre") only match capitalised text.
    capitalised: set[tuple[str, ...]] = field(default_factory=set)

    def lookup(self, key: tuple[str, ...]) -> list[Entry]:
        return [self.entries[i] for i in self.index.get(key, ())]

    def type_of_class(self, cls: str) -> str | None:
        return self.class_type.get(cls)


def _class_types(graph) -> dict[str, str]:
    """Map every class of the ontology to one of the entity types through rdfs:subClassOf."""
    from rdflib.namespace import RDFS

    parents: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(RDFS.subClassOf):
        parents.setdefault(str(s), set()).add(str(o))
    out = dict(ROOTS)

    def resolve(c: str, seen: frozenset = frozenset()) -> str | None:
        if c in out:
            return out[c]
        for p in sorted(parents.get(c, ())):
            if p not in seen:
                t = resolve(p, seen | {c})
                if t:
                    return t
        return None

    for c in parents:
        t = resolve(c)
        if t:
            out[c] = t
    return out


def _stem(token: str, suffixes: list[str]) -> str:
    for suf in suffixes:
        if token.endswith(suf) and len(token) - len(suf) >= 2:
            return token[: -len(suf)]
    return token


@lru_cache(maxsize=1 << 16)  # a pure function of the token, called for every token of every article
def stem(token: str) -> str:
    """Strip one inflection suffix (Hindi oblique/plural endings, English plural/possessive).

    >>> stem("कलाकृतियों"), stem("locks"), stem("upsida's")
    ('कलाकृति', 'lock', 'upsida')
    """
    lex = _suffixes()
    return _stem(token, lex["hi"] if is_devanagari(token) else lex["en"])


@lru_cache(maxsize=1)
def _suffixes() -> dict[str, list[str]]:
    data = load("patterns")["inflection_suffixes"]
    return {k: sorted((fold_key(s) if k == "hi" else s for s in v), key=len, reverse=True) for k, v in data.items()}


def alias_key(alias: str) -> tuple[str, ...]:
    """The index key of an alias: folded tokens with the last one stemmed.

    >>> alias_key("Glass Bangles") == alias_key("glass bangle")
    True
    """
    toks = fold_key(alias).split()
    if not toks:
        return ()
    return tuple(toks[:-1]) + (stem(toks[-1]),)


def _oblique(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A Hindi name ending in -ा also in its oblique/plural form in -े ("पीतल का लोटा": "पीतल के लोटे"),
    which the stemmer reads with its ending cut (-ा itself is never cut: too many words end in it).

    >>> _oblique(alias_key("पीतल लोटा")) == [alias_key("पीतल लोटे")]
    True
    """
    last = key[-1] if key else ""
    if len(last) >= 3 and last.endswith("ा") and is_devanagari(last):
        return [key[:-1] + (stem(last[:-1] + "े"),)]
    return []


def _joined(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The key with two neighbouring name words written as one, as compounds often are
    ("रामनगर" for "राम नगर", "Shivshakti" for "Shiv Shakti"); words of one letter and
    stopwords are never joined.

    >>> _joined(alias_key("Ram Nagar Industrial Area"))[0]
    ('ramnagar', 'industrial', 'area')
    """
    out = []
    for k in range(len(key) - 1):
        a, b = key[k], key[k + 1]
        if min(len(a), len(b)) >= 2 and a not in _join_stop() and b not in _join_stop():
            joined = key[:k] + (stem(a + b) if k + 2 == len(key) else a + b,) + key[k + 2:]
            out.append(joined)
    return out


@lru_cache(maxsize=1)
def _join_stop() -> frozenset[str]:
    """Stopwords never run into a neighbour ("of", "के": "Bank of Baroda" is not "Bankof")."""
    from kg.lexicon import load

    words = load("patterns")["stopwords"]
    return frozenset(fold_key(str(w)) for w in words["en"] + words["hi"])


def _sources_digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def reference_files(onto: Path | None = None) -> list[Path]:
    onto = onto or ontology_dir()
    return sorted((onto / "reference").glob("*.ttl"))


def build_gazetteer(onto: Path | None = None) -> Gazetteer:
    """Read the ontology and reference vocabularies into a :class:`Gazetteer`."""
    from rdflib import Graph
    from rdflib.namespace import RDF, RDFS, SKOS

    onto = onto or ontology_dir()
    graph = Graph()
    graph.parse(onto / "kg.ttl")
    for path in reference_files(onto):
        graph.parse(path)
    gaz = Gazetteer(class_type=_class_types(graph))
    upkg = lambda t: __import__("rdflib").URIRef(UPKG + t)  # noqa: E731
    for s in sorted(set(graph.subjects(RDF.type, None))):
        types = sorted(str(c) for c in graph.objects(s, RDF.type))
        typed = [(gaz.class_type[c], c) for c in types if c in gaz.class_type]
        if not typed:
            continue
        typed.sort(key=lambda tc: (TYPE_PRIORITY[tc[0]], -len(tc[1]), tc[1]))
        etype, cls = typed[0]
        # The most specific class: one whose subclasses are not also asserted.
        labels = {lit.language: str(lit) for lit in graph.objects(s, RDFS.label)}
        label = labels.get("en") or next(iter(labels.values()), None)
        if not label:
            continue
        org = graph.value(s, upkg("roleOrganization"))
        iri = str(s)
        gaz.entries[iri] = Entry(iri, etype, cls, label, labels.get("hi"), str(org) if org else None)
        loc = graph.value(s, upkg("locatedIn"))
        if loc:
            gaz.located_in[iri] = str(loc)
        div = graph.value(s, upkg("inDivision"))
        if div:
            gaz.division_of[iri] = str(div)
        names = {str(x) for x in graph.objects(s, RDFS.label)}
        names |= {str(x) for x in graph.objects(s, SKOS.altLabel)}
        names |= {str(x) for x in graph.objects(s, SKOS.prefLabel)}
        for name in names:
            key = alias_key(name)
            if not key:
                continue
            for k in (key, *_oblique(key)):
                ids = gaz.index.setdefault(k, [])
                if iri not in ids:
                    ids.append(iri)
                gaz.max_len[k[0]] = max(gaz.max_len.get(k[0], 0), len(k))
            if name.isupper() and name.isascii() and len(name.replace(".", "")) <= 4:
                gaz.case_sensitive.setdefault(key, set()).add(name.replace(".", ""))
            elif len(key) == 1 and name.isascii() and name[:1].isupper() and etype in NAME_TYPES:
                gaz.capitalised.add(key)
            # a place with no Hindi name (a town that is also a common word) is not read in Hindi
            if etype == "Place" and len(key) == 1 and name.isascii() and name.isalpha() and labels.get("hi"):
                sk = phonetic_key(name, vowels=True)
                hindi_keys = {phonetic_key(n, vowels=True) for n in names if is_devanagari(n)}
                if len(sk) >= 3 and " " not in sk and sk not in hindi_keys:
                    ids = gaz.sound.setdefault(sk, [])
                    if iri not in ids:
                        ids.append(iri)
            gaz.max_len[key[0]] = max(gaz.max_len.get(key[0], 0), len(key))
            if etype in ("Place", "Organization"):
                for joined in _joined(key):
                    ids = gaz.index.setdefault(joined, [])
                    if iri not in ids:
                        ids.append(iri)
                    if len(joined) == 1 and name.isascii():
                        gaz.capitalised.add(joined)
                    gaz.max_len[joined[0]] = max(gaz.max_len.get(joined[0], 0), len(joined))
    for key, ids in gaz.index.items():
        ids.sort(key=lambda i: (TYPE_PRIORITY[gaz.entries[i].type], len(i), i))
        gaz.prefixes.update(key[:k] for k in range(1, len(key)))

    return gaz


# Types whose single-word names are proper names (capitalised); sectors, products and roles are
# common nouns ("tourism", "the director") and match in any case.
NAME_TYPES = {"Person", "Organization", "Place", "Scheme", "Event"}

_CACHE: dict[str, Gazetteer] = {}
_STAMPS: dict[tuple, str] = {}
_LISTINGS: dict[tuple, list[str]] = {}


@lru_cache(maxsize=8)
def _default_ontology(env: str | None) -> Path:
    return ontology_dir()  # it resolves a path on every call; its answer changes only with $KG_ONTOLOGY


@lru_cache(maxsize=8)
def _folders(onto: Path) -> tuple[str, ...]:
    return str(onto), str(onto / "reference"), str(onto / "lexicon")


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _source_files(onto: Path) -> list[str]:
    """The files the gazetteer is built from. Listing the folders cost as much as a tenth of an
    extraction, so they are listed again only when one of them changes (a file added or removed)."""
    key = tuple((d, _mtime(d)) for d in _folders(onto))
    if key not in _LISTINGS:
        here = Path(__file__)
        # the module itself is part of the key: a change to how the index is built invalidates it
        _LISTINGS[key] = [str(f) for f in (onto / "kg.ttl", *reference_files(onto),
                                           *sorted((onto / "lexicon").glob("*.yaml")),
                                           here, here.with_name("text.py"), here.with_name("translit.py"))]
    return _LISTINGS[key]


def gazetteer(onto: Path | None = None, cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer for ``onto``, memoised in-process and pickled on disk by the sources' digest."""
    onto = onto or _default_ontology(os.environ.get("KG_ONTOLOGY"))
    files = _source_files(onto)
    # hashing the sources costs more than an extraction: hash again only when a file's stat changes
    stamp = tuple((f, st.st_mtime_ns, st.st_size) for f, st in zip(files, map(os.stat, files)))
    if stamp in _STAMPS:
        return _CACHE[_STAMPS[stamp]]
    digest = _sources_digest([Path(f) for f in files])
    if digest in _CACHE:
        _STAMPS[stamp] = digest
        return _CACHE[digest]
    path = (cache_dir or Path.home() / ".cache" / "upkg") / f"gazetteer-{digest}.pickle"
    gaz = None
    if path.exists():
        try:
            gaz = pickle.loads(path.read_bytes())
        except Exception:  # a stale or truncated cache is rebuilt, never trusted
            gaz = None
    if gaz is None:
        gaz = build_gazetteer(onto)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(gaz))
            tmp.replace(path)
        except OSError:
            pass
    _CACHE[digest] = gaz
    _STAMPS[stamp] = digest
    return gaz
