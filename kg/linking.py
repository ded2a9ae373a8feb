"""Cross-article identity: the entities of many articles resolve to one IRI per real thing.

Per-article extraction already gives reference entities their reference IRIs. Here the entities
that are new to the vocabularies are clustered across articles (and with entities already in the
store) by keys that survive script and spelling: a person's first and last name as a spelling key
(संजय तिवारी = Sanjay Kumar Tiwari), an organisation's whole name as written, as read in Latin and as
a sound code (गैलेक्सी एक्सपोर्ट्स प्रा लि = Galaxy Exports Pvt Ltd), an acronym read in either script
(एनटीपीसी = NTPC) for an entity known only by it. Each cluster gets one IRI, chosen from its members
by a rule that does not depend on the order of the articles. Keys are kept strict enough that their
collisions do not grow with the corpus: two people who share only a surname, or whose names share
only a consonant skeleton (Saini, Sinha), never share a key; nor do two companies that share a first
word or a set of initials."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from kg import iris
from kg.acronyms import latin_acronym
from kg.entities import KIND, event_kind_words, person_key, readable_latin
from kg.gazetteer import alias_key
from kg.lexicon import load
from kg.mentions import lex
from kg.models import Entity, Extraction, Mention
from kg.text import fold, fold_key, is_devanagari
from kg.translit import phonetic_key, sound_code



@lru_cache(maxsize=1)
def _ordinal() -> re.Pattern:
    """An edition number and its ordinal ending ("34th", "34वें"; endings from the lexicon)."""
    endings = sorted((str(w) for w in load("patterns")["ordinal_suffixes"]), key=len, reverse=True)
    return re.compile(r"(\d+)\s*(?:" + "|".join(re.escape(w) for w in endings) + r")(?![a-z])", re.IGNORECASE)


def _event_keys(ent: Entity, details: list) -> set[tuple[str, ...]]:
    """An event is the same event in another article (in either language) when its kind and place
    agree and so does its date, or the edition number in its name ("34th" = "34वें"), or its name
    or its topic when one of the two has no date (and a topic shared in one script needs a shared
    word of the names too). A dated event whose name only says its kind ("Review
    Meeting", "जागरूकता शिविर") is not joined by name: such events recur at one place, and the
    date tells them apart."""
    keys: set[tuple[str, ...]] = {("event", ent.iri)}
    generic = any(d.date for d in details) and all(
        set(fold_key(m.text).split()) <= event_kind_words() for m in ent.mentions)
    for d in details:
        if not d.place:
            continue
        # the same name at the same place ("प्रबुद्धजन सम्मेलन" = "Prabuddhajan Sammelan"); link_corpus
        # only joins on this key when the dates do not disagree
        if not generic:
            keys.add(("event-name", ent.cls, d.place, phonetic_key(ent.label)))
        if d.date:
            keys.add(("event-date", ent.cls, d.place, d.date.isoformat()))
        # what it is about: an English "brassware fair" and a Hindi "पीतल एक्सपो" at one place
        for topic in d.topics:
            keys.add(("event-topic", ent.cls, d.place, topic))
        for m in ent.mentions:
            for n in _ordinal().findall(m.text):
                keys.add(("event-edition", ent.cls, d.place, n))
    return keys


@lru_cache(maxsize=1)
def _role_names() -> frozenset[tuple[str, ...]]:
    """The names of roles in the reference vocabularies, as gazetteer index keys."""
    from kg.gazetteer import gazetteer

    gaz = gazetteer()
    return frozenset(k for k, iris in gaz.index.items() if any(gaz.entries[i].type == "Role" for i in iris))


def _after_title(name: str) -> str | None:
    """The organisation in a name that begins with a title and "of": "Chairman of Crystal Exports
    Private Limited" is keyed as Crystal Exports Private Limited too.

    >>> _after_title("Chief Executive Officer of the Galaxy Polymers Limited")
    'galaxy polymers limited'
    >>> _after_title("Federation of Indian Export Organisations") is None
    True
    """
    toks = fold_key(name).split()
    for k in range(1, min(len(toks) - 2, 6)):
        if alias_key(" ".join(toks[:k])) not in _role_names():
            continue
        for link in lex()["title_links"]:  # "of", "of the", longest first
            rest = toks[k + len(link):]
            if tuple(toks[k:k + len(link)]) == link and len(rest) >= 2:
                return " ".join(rest)
    return None


def _acronym(text: str) -> str | None:
    """The Latin acronym ``text`` is, in either script ("एनटीपीसी" and "NTPC" are "NTPC"), or None."""
    compact = fold_key(text).replace(" ", "")
    if is_devanagari(compact):
        return latin_acronym(fold(compact).text)
    if text.isupper() and text.isascii() and 2 <= len(text) <= 8:
        return text.replace(".", "")
    return None


def _keys(ent: Entity, details: list | None = None) -> set[tuple[str, ...]]:
    """The linking keys of an entity: any shared key puts two entities in one cluster.

    A person is keyed by first and last name, spelled with the vowels that tell names apart
    (Saini is not Sinha) but not those that Hindi and English spell differently. Other entities
    are keyed by their names, as written, as read in Latin, and as a sound code of the whole name
    (every word must agree, so "Aarav Exports Pvt Ltd" is not "Aarav Enterprises Pvt Ltd"). An
    acronym keys an entity only when the entity has no other name: many companies share one set
    of initials, and an acronym would join every full name it abbreviates.
    """
    keys: set[tuple[str, ...]] = set()
    texts = {m.text for m in ent.mentions if m.rule != "back-reference"} | {ent.label}
    texts |= {ent.label_hi} if ent.label_hi else set()
    if ent.type == "Person":
        for t in texts:
            words = [w for w in t.split() if w.strip(".")]
            if len(words) >= 2:
                k = person_key(words, strict=True)
                if k:
                    keys.add(("person", k))
        return keys
    if ent.type == "Event":
        return _event_keys(ent, details or [])
    named = False
    acronyms = set()
    for t in texts:
        acr, name_keys = _name_keys(ent.type, t)
        if acr:
            acronyms.add(acr)
        elif name_keys:
            named = True
            keys |= name_keys
    if not named:
        keys |= {(ent.type, "acronym", a) for a in acronyms}
    return keys


@lru_cache(maxsize=1 << 16)  # names recur in article after article
def _name_keys(typ: str, text: str) -> tuple[str | None, frozenset[tuple[str, ...]]]:
    """The acronym ``text`` is, or else the keys of ``text`` as the name of an entity of type ``typ``."""
    acr = _acronym(text)
    if acr:
        return acr, frozenset()
    names = [text] if fold_key(text) else []
    rest = _after_title(text) if names and typ == "Organization" else None
    if rest:
        names.append(rest)
    keys = set()
    for t in names:
        fk = fold_key(t)
        keys.add((typ, "name", fk))
        readable = _english_head(t) or readable_latin(t) if is_devanagari(t) else t
        keys.add((typ, "name", fold_key(readable)))  # हाइटेक इंडिया लिमिटेड = Hitech India Limited
        if len(fk.split()) >= 2:
            keys.add((typ, "sound", sound_code(t)))
            keys.add((typ, "sound", sound_code(readable)))
            # compounds written as one word or two ("रामनगर" = "Ram Nagar", "Shivshakti")
            keys.add((typ, "joined", sound_code(t).replace(" ", "")))
            keys.add((typ, "joined", sound_code(readable).replace(" ", "")))
    return None, frozenset(keys)


@lru_cache(maxsize=1)
def _head_translations() -> list[tuple[str, str]]:
    rows = [(fold_key(hi), en) for en, his in load("patterns").get("head_translations", {}).items() for hi in his]
    return sorted(rows, key=lambda r: -len(r[0]))


def _english_head(text: str) -> str | None:
    """A Hindi name read in Latin letters with its head word in English ("रामनगर औद्योगिक
    क्षेत्र" -> "Ramnagar Industrial Area"), if its head word has an English form."""
    fk = fold_key(text)
    for hi, en in _head_translations():
        if fk.endswith(" " + hi):
            words = text.split()
            rest = " ".join(words[:len(words) - len(hi.split())])
            return f"{readable_latin(rest)} {en.title()}" if rest else None
    return None


class _Union:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _representative(members: list[_Pooled]) -> _Pooled:
    """The member whose label names the cluster: a known entity, else an English spelling, else
    the most mentioned, the longest, the alphabetically first (order-independent)."""
    def rank(e: Entity):
        latin = not any(is_devanagari(t) for t in (*e.texts, *e.back))
        return (e.new, not latin, -len(e.texts) - len(e.back), -len(e.label.split()), e.label, e.iri)
    return min(members, key=rank)


def _iri_for(rep: Entity) -> str:
    if not rep.new:
        return rep.iri
    if rep.type == "Event":
        return rep.iri
    name = rep.label
    if rep.type == "Person":
        words = rep.label.split()
        name = " ".join(words[:1] + words[-1:])
    return iris.entity_iri(KIND[rep.type], name)


class _Text(NamedTuple):
    text: str
    rule: str = "new"


class _Detail(NamedTuple):
    place: str | None
    date: dt.date | None
    topics: tuple[str, ...] = ()


class Named(NamedTuple):
    """One entity as one article names it: what linking needs of it (no spans). A tuple, so that
    the build's index of 100,000 articles pickles and loads fast."""

    iri: str
    type: str
    cls: str
    label: str
    label_hi: str | None
    new: bool
    kind: str | None
    texts: tuple[str, ...]  # its mentions' texts, in order, repeats kept (they count)
    back: tuple[str, ...] = ()  # the texts of its back-references ("the company"): no names

    @classmethod
    def of(cls, ent: Entity, new: bool | None = None) -> "Named":
        return cls(ent.iri, ent.type, ent.cls, ent.label, ent.label_hi, ent.new if new is None else new,
                   ent.kind, tuple(m.text for m in ent.mentions if m.rule != _BACK),
                   tuple(m.text for m in ent.mentions if m.rule == _BACK))


_BACK = "back-reference"  # the rule of a mention that refers back by a common noun


class Record(NamedTuple):
    """What linking needs of one article; small enough to keep for 100,000 articles."""

    article: str
    month: str | None  # "YYYY-MM" of publication
    entities: tuple[Named, ...]  # the entities linking may rename: new ones and people
    events: tuple[tuple[str, str | None, dt.date | None, tuple[str, ...]], ...]  # (event, place, date, topics)
    iris: frozenset[str]  # every IRI the extraction refers to: renaming any of them changes its graph
    fixed: tuple[tuple[str, str], ...] = ()  # (IRI, type) of its other (reference) entities
    towns: tuple[tuple[str, str], ...] = ()  # (IRI, its district) of new towns and district offices
    parties: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (agreement IRI, its organisations)


def _linkable(ent: Entity) -> bool:
    """Reference entities other than people already have their one IRI: linking never renames them."""
    return ent.new or ent.type == "Person"


def record(ex: Extraction) -> Record:
    """The linking record of one extraction."""
    refs = {e.iri for e in ex.entities}
    for p in ex.posts:
        refs.update(x for x in (p.person, p.organization, p.place) if x)
    for d in ex.events:
        refs.update([d.event, *(x for x in (d.place,) if x), *d.organizers, *d.participants, *d.topics])
    for r in ex.relations:
        refs.update((r.subject, r.object))
    refs.update(s.subject for s in ex.statistics if s.subject)
    month = ex.article.published.strftime("%Y-%m") if ex.article.published else None
    districts = [e for e in ex.entities if e.cls.endswith("#District") and e.mentions]
    home = max(districts, key=lambda e: (len(e.mentions), -min(m.start for m in e.mentions))).iri if districts else None
    towns = tuple((e.iri, home) for e in ex.entities if home and e.new and e.type == "Place" and e.cls.endswith("#City"))
    # a district's own office ("District Industries Centre, X") is the office of its district only:
    # every article calls it by the same words
    offices = {r.subject: r.object for r in ex.relations if r.predicate == "upkg:locatedIn"}
    towns += tuple((e.iri, offices[e.iri]) for e in ex.entities if e.new and e.type in ("Organization", "Place")
                   and e.iri in offices and any(m.rule == "reference-alias" for m in e.mentions))
    orgs = {e.iri for e in ex.entities if e.type == "Organization"}
    agreements = {e.iri for e in ex.entities if e.type == "Event" and e.cls.rsplit("#", 1)[-1] in lex()["standalone_events"]}
    parties = tuple((d.event, tuple(sorted({p for p in d.participants if p in orgs})))
                    for d in ex.events if d.event in agreements)
    return Record(ex.article.id, month, tuple(Named.of(e) for e in ex.entities if _linkable(e)),
                  tuple((d.event, d.place, d.date, tuple(d.topics)) for d in ex.events), frozenset(refs),
                  tuple((e.iri, e.type) for e in ex.entities if not _linkable(e)), towns, parties)


class _Pooled:
    """The entities of all articles that already share an IRI, as ``_keys`` reads them."""

    __slots__ = ("iri", "type", "cls", "label", "label_hi", "new", "kind", "texts", "back")

    def __init__(self, n: Named):
        self.iri, self.type, self.cls, self.label, self.label_hi = n.iri, n.type, n.cls, n.label, n.label_hi
        self.new, self.kind = n.new, n.kind
        self.texts, self.back = list(n.texts), list(n.back)

    @property
    def mentions(self) -> list[_Text]:
        return [_Text(t) for t in self.texts] + [_Text(t, _BACK) for t in self.back]


@dataclass
class Linkage:
    """The outcome of linking: every provisional IRI's final IRI and one merged entity per final IRI."""

    rename: dict[str, str]
    entities: dict[str, Named]  # final IRI -> the merged entity (texts: its distinct surface forms, sorted)
    known: frozenset[str] = frozenset()
    memo: dict = field(default_factory=dict)  # the linking keys computed, for the next call (see link_records)
    fixed: dict[str, str] = field(default_factory=dict)  # reference entities (IRI -> type), never renamed
    split: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, IRI) -> IRI in that article

    def target(self, article: str, iri: str) -> str:
        """The final IRI of a provisional IRI of one article."""
        iri = self.split.get((article, iri), iri)
        return self.rename.get(iri, iri)

    def renames(self, rec: Record) -> tuple[tuple[str, str], ...]:
        """The renames that touch one article (sorted): its graph is a function of its extraction and these."""
        return tuple(sorted((i, t) for i in rec.iris if (t := self.target(rec.article, i)) != i))


def link_records(records: Iterable[Record], known: Iterable[Entity] = (), memo: dict | None = None) -> Linkage:
    """Resolve identities across articles (and against ``known`` entities, e.g. from the store).

    The result does not depend on the order of ``records``. ``memo`` keeps the linking keys of
    each pooled entity between calls (the build keeps it in its cache index), so an unchanged
    entity's names are not read again.
    """
    memo = {} if memo is None else memo
    used: dict = {}
    records = sorted(records, key=lambda r: r.article)
    split = _split_by_place(records)
    # a new town is keyed with its article's district: two Chandpurs of two districts stay two
    within = {split.get((rec.article, iri), iri): home for rec in records for iri, home in rec.towns}
    pool: dict[str, _Pooled] = {}
    details: dict[str, list] = {}
    when: dict[str, set] = {}  # event IRI -> its dates, or the months of the articles naming it
    for rec in records:
        for event, place, date, topics in rec.events:
            event = split.get((rec.article, event), event)
            details.setdefault(event, []).append(_Detail(place, date, topics))
            stamp = date.isoformat() if date else rec.month
            if stamp:
                when.setdefault(event, set()).add(stamp)
    known = list(known)
    for ent in known:
        pool.setdefault(ent.iri, _Pooled(Named.of(ent, new=False)))
    for rec in records:
        for n in rec.entities:
            if (rec.article, n.iri) in split:
                n = n._replace(iri=split[rec.article, n.iri])
            merged = pool.get(n.iri)
            if merged is not None and merged.type == n.type:
                merged.texts.extend(n.texts)
                merged.back.extend(n.back)
                if not merged.label_hi and n.label_hi:
                    merged.label_hi = n.label_hi
            else:
                pool[n.iri] = _Pooled(n)

    uf = _Union()
    cluster_when: dict[str, set] = {}  # cluster root -> the dates (or months) of all its events

    def compatible(a: str, b: str) -> bool:
        """Two events joined by name must not disagree on when: the same day when both clusters
        have exact dates, else the same month."""
        wa, wb = cluster_when.get(uf.find(a), set()), cluster_when.get(uf.find(b), set())
        if not wa or not wb:
            return True
        da, db = {x for x in wa if len(x) == 10}, {x for x in wb if len(x) == 10}
        if da and db:
            return bool(da & db)
        return any(x[:7] == y[:7] for x in wa for y in wb)

    cluster_iris: dict[str, list[str]] = {}  # cluster root -> its IRIs (events' names are compared with all)

    def join(a: str, b: str) -> None:
        ra, rb = uf.find(a), uf.find(b)
        if ra != rb:
            stamps = cluster_when.pop(ra, set()) | cluster_when.pop(rb, set())
            both = cluster_iris.pop(ra, [ra]) + cluster_iris.pop(rb, [rb])
            uf.union(ra, rb)
            cluster_iris[uf.find(ra)] = both
            if stamps:
                cluster_when[uf.find(ra)] = stamps

    def dated(a: str, b: str) -> bool:
        """Whether either cluster has an exact date."""
        return any(len(x) == 10 for r in (a, b) for x in cluster_when.get(uf.find(r), ()))

    def names_agree(a: str, ent: _Pooled) -> bool:
        return all(_names_agree(pool[m], ent) for m in cluster_iris.get(uf.find(a), [a]))

    owner: dict[tuple[str, ...], str] = {}
    for iri in sorted(pool):
        ent = pool[iri]
        uf.find(iri)
        if iri in when:
            cluster_when[iri] = set(when[iri])
        if not ent.new and ent.type != "Person":
            continue  # reference entities are already one IRI each
        detail = tuple(details.get(iri, ()))
        seen = (iri, ent.type, ent.cls, ent.label, ent.label_hi, tuple(sorted(set(ent.texts))),
                tuple(sorted(set(ent.back))), detail, within.get(iri))
        keys = memo.get(seen)
        if keys is None:
            keys = tuple(sorted(_keys(ent, list(detail))))
            if iri in within:
                keys = tuple(k + (within[iri],) for k in keys)
        used[seen] = keys
        for key in keys:
            if key in owner:
                if key[0] in ("event-name", "event-topic") and not compatible(owner[key], iri):
                    continue
                if key[0] in ("event-date", "event-topic") and not names_agree(owner[key], ent):
                    continue
                if key[0] == "event-topic" and not dated(owner[key], iri):
                    continue  # two undated events on one topic at one place may be any two
                join(owner[key], iri)
            else:
                owner[key] = iri
    # an agreement between the same two organisations (once they are linked) on agreeing dates is
    # one agreement, whatever each article calls it ("MoU between A and B", "A और B के बीच करार")
    by_parties: dict[tuple, str] = {}
    for rec in records:
        for event, parties in rec.parties:
            event = split.get((rec.article, event), event)
            if len(parties) < 2 or event not in pool:
                continue
            key = (pool[event].cls, frozenset(uf.find(p) for p in parties))
            if len(key[1]) < 2:
                continue
            if key in by_parties and compatible(by_parties[key], event):
                join(by_parties[key], event)
            else:
                by_parties.setdefault(key, event)
    clusters: dict[str, list[_Pooled]] = {}
    for iri in sorted(pool):
        clusters.setdefault(uf.find(iri), []).append(pool[iri])
    rename: dict[str, str] = {}
    merged_entities: dict[str, Named] = {}
    for members in clusters.values():
        knowns = {m.iri for m in members if not m.new}
        if len(knowns) > 1:
            # two reference entities never merge: keep the cluster apart
            for m in members:
                rename[m.iri] = m.iri
                merged_entities[m.iri] = _named(m, m.iri, m.label_hi, [m])
            continue
        rep = _representative(members)
        target = _iri_for(rep)
        district = within.get(rep.iri, "").rsplit("/", 1)[-1]
        if district and not target.endswith("-" + district):  # a new town's IRI says its district: "place/chandpur-bijnor"
            target = f"{target}-{district}"
        hi = next((m.label_hi for m in sorted(members, key=lambda m: m.iri) if m.label_hi), None)
        merged_entities[target] = _named(rep, target, rep.label_hi or hi, members)
        for m in members:
            rename[m.iri] = target
    fixed = {iri: typ for rec in records for iri, typ in rec.fixed if iri not in merged_entities}
    return Linkage(rename, merged_entities, frozenset(e.iri for e in known), used, fixed, split)


def _names_agree(a: _Pooled, b: _Pooled) -> bool:
    """Two events of one kind, place and day are one event unless their names, read in the same
    script, share no word ("Awareness Camp" and "Skill Development Workshop" in one district on
    one day are two events; "Trade Fair" and "व्यापार मेला" cannot be compared, so they join)."""
    for script in (True, False):
        wa = {w for t in a.texts if is_devanagari(t) == script for w in fold_key(t).split()}
        wb = {w for t in b.texts if is_devanagari(t) == script for w in fold_key(t).split()}
        if wa and wb and not wa & wb:
            return False
    return True


def _split_by_place(records: list[Record]) -> dict[tuple[str, str], str]:
    """Events and new towns that got one provisional IRI in articles that place them in different
    districts (an article names "Awareness Camp" and its date but the IRI was minted before the
    place was found; "Chandpur" is a town in two districts): ``(article, IRI) -> IRI of the one at
    that place``. Without this, two camps of one day in two districts would be one event, and more
    of them the larger the corpus."""
    place_of: dict[tuple[str, str], str] = {}
    for rec in records:
        for event, place, *_ in rec.events:
            if place:
                key = (rec.article, event)
                place_of[key] = min(place_of.get(key, place), place)
        for town, home in rec.towns:
            place_of[(rec.article, town)] = home
    places: dict[str, set] = {}
    for (_, event), place in place_of.items():
        places.setdefault(event, set()).add(place)
    return {(article, event): f"{event}-{place.rsplit('/', 1)[-1]}"
            for (article, event), place in place_of.items() if len(places[event]) > 1}


def entity(linkage: Linkage, iri: str) -> Entity:
    """The merged entity of a final IRI, its surface forms as mentions without spans (what the
    linking graph says of it)."""
    n = linkage.entities[iri]
    return Entity(iri=n.iri, type=n.type, cls=n.cls, label=n.label, label_hi=n.label_hi,
                  mentions=[Mention(start=0, end=0, text=t) for t in n.texts], new=n.new, kind=n.kind)


def _named(rep: _Pooled, iri: str, label_hi: str | None, members: list[_Pooled]) -> Named:
    forms = tuple(sorted({t for e in members for t in (*e.texts, *e.back)}))
    return Named(iri, rep.type, rep.cls, rep.label, label_hi, rep.new, rep.kind, forms)


def apply(ex: Extraction, linkage: Linkage) -> Extraction:
    """One extraction with the final IRIs and labels of ``linkage``."""
    merged, aid = linkage.entities, ex.article.id
    r = lambda x: linkage.target(aid, x) if x else x  # noqa: E731
    entities = []
    seen: dict[str, Entity] = {}
    for ent in ex.entities:
        target = r(ent.iri)
        rule = None if target == ent.iri else ("person-name-key" if ent.type == "Person" else "cross-article-key")
        ment = [m.model_copy(update={"rule": rule}) if rule and m.rule in ("new",) else m for m in ent.mentions]
        if target in seen:
            seen[target].mentions.extend(ment)
            continue
        rep = merged.get(target)
        label, label_hi = (rep.label, rep.label_hi) if rep else (ent.label, ent.label_hi)
        new_ent = ent.model_copy(update={"iri": target, "label": label, "label_hi": label_hi or ent.label_hi,
                                         "mentions": ment, "new": ent.new and target not in linkage.known})
        seen[target] = new_ent
        entities.append(new_ent)
    return ex.model_copy(update={
        "entities": entities,
        "posts": [p.model_copy(update={"person": r(p.person), "organization": r(p.organization), "place": r(p.place)})
                  for p in ex.posts],
        "events": [e.model_copy(update={"event": r(e.event), "place": r(e.place),
                                        "organizers": [r(x) for x in e.organizers],
                                        "participants": [r(x) for x in e.participants],
                                        "topics": [r(x) for x in e.topics]}) for e in ex.events],
        "relations": [x.model_copy(update={"subject": r(x.subject), "object": r(x.object)}) for x in ex.relations],
        "statistics": [s.model_copy(update={"subject": r(s.subject)}) for s in ex.statistics],
    })


def link_corpus(extractions: list[Extraction], known: Iterable[Entity] = ()
                ) -> tuple[list[Extraction], list[Entity]]:
    """Resolve identities across articles (and against ``known`` entities, e.g. from the store).

    Returns the extractions with final IRIs and one merged entity per IRI (sorted by IRI, with
    the mentions of all its members). The result does not depend on the order of ``extractions``.
    """
    extractions = sorted(extractions, key=lambda e: e.article.id)
    known = list(known)
    linkage = link_records((record(ex) for ex in extractions), known)
    mentions: dict[str, dict] = {}
    for aid, ent in [*(("", e) for e in known), *((ex.article.id, e) for ex in extractions for e in ex.entities)]:
        target = linkage.target(aid, ent.iri)
        bucket = mentions.setdefault(target, {})
        for m in ent.mentions:
            bucket.setdefault((m.start, m.end, m.text, m.rule, m.key), m)
    first: dict[str, Entity] = {}  # the reference entities, as the first article names them
    for ent in (e for ex in extractions for e in ex.entities if e.iri in linkage.fixed):
        if ent.iri not in first:
            first[ent.iri] = ent
        elif not first[ent.iri].label_hi and ent.label_hi:
            first[ent.iri] = first[ent.iri].model_copy(update={"label_hi": ent.label_hi})
    entities = []
    for iri in sorted({*linkage.entities, *first}):
        n = linkage.entities[iri] if iri in linkage.entities else Named.of(first[iri], new=False)
        ms = sorted(mentions.get(iri, {}).values(), key=lambda m: (m.start, m.end, m.text))
        entities.append(Entity(iri=iri, type=n.type, cls=n.cls, label=n.label, label_hi=n.label_hi,
                               mentions=ms, new=n.new, kind=n.kind))
    return [apply(ex, linkage) for ex in extractions], entities
