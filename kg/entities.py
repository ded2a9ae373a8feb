"""Within one article: mentions that name the same thing become one entity with a label and an IRI.

Rules, each recorded on the mention as its ``linkRule``:
``reference-alias`` (a name the vocabularies know), ``acronym-in-parentheses`` ("... (IIA)"),
``acronym-initials`` (IIA = the initials of an organisation named in the article),
``person-name-key`` (same first and last name, middle names and honorifics aside, in either
script), ``surname-in-article`` (a surname alone, after the full name), ``same-name`` (the same
folded name), ``event-head`` (a bare "the conclave" after a named one), ``new``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from collections import Counter
from functools import lru_cache

from kg import iris
from kg.acronyms import latin_acronym
from kg.lexicon import load
from kg.loanwords import loanwords
from kg.document import Doc
from kg.gazetteer import Gazetteer
from kg.mentions import Cand, _initial, lex, plural_word
from kg.text import fold_key, is_devanagari
from kg.translit import phonetic_key, spelling_key, to_latin

KIND = {"Person": "person", "Organization": "org", "Place": "place", "Scheme": "scheme",
        "Event": "event", "Sector": "sector", "Product": "product"}


@dataclass
class Local:
    """An entity of one article: its mentions (candidates) and how they were linked."""

    type: str
    cls: str
    cands: list[Cand] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    iri: str | None = None
    label: str = ""
    label_hi: str | None = None
    key: str = ""
    date_hint: object = None
    place_hint: str | None = None
    office_of: str | None = None  # a district's own office (see kg.relations.district_offices)

    @property
    def known(self) -> bool:
        return any(c.known for c in self.cands)


@lru_cache(maxsize=1)
def _surname_spellings() -> dict[str, str]:
    """सिंह = Singh, श्रीवास्तव = Srivastava: surnames as they are usually spelt in English."""
    return {fold_key(h): latin for h, latin in load("names")["hindi"].items()}


@lru_cache(maxsize=1 << 16)  # pure, and linking asks it again for every name of every article
def readable_latin(text: str) -> str:
    """A readable Latin spelling of a Devanagari name, for labels and IRIs: English loanwords are
    read back (``ontology/lexicon/loanwords.yaml``), acronyms spelled out, the rest transliterated.

    >>> readable_latin("संजय कुमार तिवारी")
    'Sanjay Kumar Tiwari'
    >>> readable_latin("हाइटेक इंडिया लिमिटेड (एचआईएल)")
    'Hitech India Limited (HIL)'
    """
    loans = {**loanwords(), **_surname_spellings()}
    words = []
    for word in re.findall(r"[\u0900-\u0963\u0966-\u097f]+|[^\s\u0900-\u097f]+", text):
        key = fold_key(word)
        if key in loans:
            words.append(loans[key])
        elif is_devanagari(word) and latin_acronym(key.replace(" ", "")):
            words.append(latin_acronym(key.replace(" ", "")))
        elif is_devanagari(word):
            latin = to_latin(word)
            latin = re.sub(r"vaal$", "wal", latin)  # अग्रवाल, खंडेलवाल: -wal, as the names are spelt
            latin = re.sub(r"ph$", "f", latin)  # शरीफ = Sharif
            latin = latin.replace("aa", "a").replace("ee", "i").replace("oo", "u")
            words.append(latin[:1].upper() + latin[1:])
        else:
            words.append(word)
    out = " ".join(words)
    return re.sub(r"([(\[]) ", r"\1", re.sub(r" ([)\],.])", r"\1", out))


def _name_words(doc: Doc, c: Cand) -> list[str]:
    honor = lex()["honor"]
    return [t.orig for t in doc.toks[c.i:c.j] if t.text not in honor]


def _readable_name(doc: Doc, c: Cand) -> str:
    """A Hindi name in Latin letters, its initials as the letters they name ("आर.पी. वर्मा" -> "R P Verma")."""
    from kg.acronyms import letter_of

    honor = lex()["honor"]
    return _clean(" ".join(letter_of(doc.toks[k].text) or doc.toks[k].orig if _initial(doc, k)
                           else readable_latin(doc.toks[k].orig)
                           for k in range(c.i, c.j) if doc.toks[k].text not in honor))


def spelled_key(doc: Doc, c: Cand) -> str:
    """A name's key with English loanwords and acronyms read in Latin, so "MSME फॉर भारत कॉन्क्लेव"
    and "एमएसएमई फॉर भारत कॉन्क्लेव" are one name."""
    return fold_key(" ".join((t.latin or t.stem).lower() for t in doc.toks[c.i:c.j]))


def person_key(words: list[str], strict: bool = False) -> str:
    """First and last name as a phonetic key: middle names and spellings do not matter.

    ``strict`` keeps the vowels that tell names apart (``kg.translit.spelling_key``), for linking
    across a corpus where many people share a consonant skeleton.

    >>> person_key(["Sanjay", "Kumar", "Tiwari"]) == person_key(["संजय", "तिवारी"])
    True
    >>> person_key(["Sanjay", "Kumar", "Tiwari"], strict=True) == person_key(["संजय", "तिवारी"], strict=True)
    True
    >>> person_key(["Ajay", "Saini"]) == person_key(["Ajay", "Sinha"])
    True
    >>> person_key(["Ajay", "Saini"], strict=True) == person_key(["Ajay", "Sinha"], strict=True)
    False
    """
    keys = (spelling_key if strict else phonetic_key)(" ".join(words)).split()
    if not keys:
        return ""
    return keys[0] if len(keys) == 1 else f"{keys[0]} {keys[-1]}"


def _clean(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,.-")


def group(doc: Doc, cands: list[Cand], gaz: Gazetteer, dates: list | None = None) -> list[Local]:
    """Group an article's mention candidates into local entities."""
    entities: list[Local] = []
    by_key: dict[tuple, Local] = {}
    of_cand: dict[int, Local] = {}

    def add(c: Cand, key: tuple, rule: str) -> None:
        ent = by_key.get(key)
        if ent is None:
            ent = Local(type=c.type, cls=c.cls, key=key[-1] if isinstance(key[-1], str) else "")
            by_key[key] = ent
            entities.append(ent)
            rule = rule if rule != "same-name" else "new"
        ent.cands.append(c)
        ent.rules.append(rule)
        of_cand[id(c)] = ent

    _pick_towns(cands, gaz)
    known_people = {person_key(e.label.split()): e for e in gaz.entries.values() if e.type == "Person"}
    persons = [c for c in cands if c.type == "Person"]
    for c in cands:
        if c.type == "Role":
            continue
        if c.known:
            add(c, ("iri", c.iri), "reference-alias")
        elif c.extra.get("alias_of") is not None:
            continue  # attached below, once its full name has an entity
        elif c.type == "Person":
            words = _name_words(doc, c)
            ref = known_people.get(person_key(words))
            if ref is not None:
                c.iri = ref.iri
                c.cls = ref.cls
                add(c, ("iri", ref.iri), "person-name-key")
            else:
                # two new people of one article are one person only if their names agree in the
                # vowels that tell names apart (सविता तिवारी is not श्वेता तिवारी), as across articles
                key = person_key(words, strict=True)
                add(c, ("person", key), "person-name-key" if ("person", key) in by_key else "new")
        elif c.type == "Event":
            continue  # events are grouped below with their dates
        elif c.type == "Place" and c.bare:
            continue  # "औद्योगिक क्षेत्र" alone: placed below, after the named places
        else:
            key = spelled_key(doc, c)
            add(c, (c.type, key), "same-name")
    if dates is None:
        from kg.values import find_dates

        dates = find_dates(doc, doc.raw.meta.get("published"))
    _events(doc, [c for c in cands if c.type == "Event" and not c.known and c.extra.get("alias_of") is None],
            entities, dates)
    of_cand.update({id(x): e for e in entities for x in e.cands})
    for c in cands:
        full = c.extra.get("alias_of")
        if full is not None and id(full) in of_cand:
            ent = of_cand[id(full)]
            ent.cands.append(c)
            ent.rules.append("acronym-in-parentheses")
            of_cand[id(c)] = ent
    _acronyms(doc, entities)
    _surnames(doc, cands, entities, persons)
    _org_tails(doc, entities)
    _org_back_references(doc, cands, entities)
    _place_back_references(doc, cands, entities)
    for ent in entities:
        _label(doc, ent, gaz)
    name_agreements(doc, entities)
    _name_unnamed_events(doc, entities, gaz, cands)
    return entities


def _name_unnamed_events(doc: Doc, entities: list[Local], gaz: Gazetteer, cands: list[Cand]) -> None:
    """An event named only by its kind or by an act is called after it and its place: "Workshop in
    Banda", "Inauguration in Mahoba" (the district of its sentence, else the article's)."""
    named = _districts_named(cands)
    home = max(named, key=lambda iri: (named[iri], iri)) if named else None
    for ent in entities:
        if ent.type != "Event" or not ent.rules or ent.rules[0] not in ("head-event", "action-event"):
            continue
        first = min(ent.cands, key=lambda c: c.i)
        head = first.extra["action"] if ent.rules[0] == "action-event" else _english_event_head(doc, first)
        place = ent.place_hint or home
        where = gaz.entries[place].label if place in gaz.entries else None
        ent.label = f"{head} in {where}" if where else head
        published = doc.raw.meta.get("published")
        when = ent.date_hint.isoformat() if ent.date_hint else published.isoformat() if published else doc.raw.id
        ent.iri = iris.entity_iri(KIND["Event"], f"{ent.label} {when}")


def name_agreements(doc: Doc, entities: list[Local]) -> None:
    """An agreement named only "MoU"/"करार" is called after the organisations its sentence names:
    "MoU between Alpha Ltd and Beta Samiti" (and its IRI says so, so two MoUs stay two)."""
    for ent in entities:
        if ent.type != "Event" or ent.cls.rsplit("#", 1)[-1] not in lex()["standalone_events"] \
                or not all(set(fold_key(doc.quote(c.i, c.j)[2]).split()) <= _agreement_words() for c in ent.cands):
            continue  # "the Alpha–Beta pact" has a name of its own
        first = min(ent.cands, key=lambda c: c.i)
        sent = doc.toks[first.i].sent
        parties = sorted((min(x.i for x in e.cands if doc.toks[x.i].sent == sent), e.label) for e in entities
                         if e.type == "Organization" and e.label and any(doc.toks[x.i].sent == sent for x in e.cands))
        names = list(dict.fromkeys(label for _, label in parties))[:2]
        head = _english_event_head(doc, first)
        if names:
            ent.label = f"{head} between {names[0]} and {names[1]}" if len(names) == 2 else f"{head} with {names[0]}"
            ent.iri = iris.entity_iri(KIND["Event"], " ".join(
                x for x in (ent.label, (ent.date_hint.isoformat() if ent.date_hint else "")) if x))


@lru_cache(maxsize=1)
def event_kind_words() -> frozenset[str]:
    """Words that say what kind of event a name is rather than which one (head words and their
    modifiers in the lexicon: "trade fair", "समीक्षा बैठक", "annual")."""
    p = load("patterns")
    heads = [h for group in p["event_heads"].values() for h in group] + list(p["event_modifier_stop"])
    return frozenset(w for h in heads for w in fold_key(str(h)).split())


@lru_cache(maxsize=1)
def _agreement_words() -> frozenset[str]:
    """... and the words around a bare agreement: its tails ("का आदान-प्रदान") and determiners."""
    p = load("patterns")
    more = [h for hs in p.get("event_tails", {}).values() for h in hs] + list(p["determiners"])
    return event_kind_words() | {w for h in more for w in fold_key(str(h).replace("-", " ")).split()}


@lru_cache(maxsize=1)
def _english_heads() -> dict[str, str]:
    """Hindi event heads in English: ``event_head_english`` ("बैठक" = meeting), then ``head_translations``."""
    heads = {fold_key(h): e for e, hs in load("patterns").get("head_translations", {}).items() for h in hs}
    return {**lex()["event_english"], **heads}


def _english_event_head(doc: Doc, c: Cand) -> str:
    """"MoU", "workshop" as written (capitalised); a Hindi head in its English form ("बैठक" -> "Meeting")."""
    english = _english_heads()
    for n in range(c.j - c.i, 0, -1):  # the head without its tail ("एमओयू पर हस्ताक्षर")
        text = _clean(doc.quote(c.i, c.i + n)[2])
        if not is_devanagari(text):
            words = [w for w in text.split() if fold_key(w) not in lex()["determiners"]]
            text = " ".join(words) or text
            return text if any(ch.isupper() for ch in text) else text.capitalize()
        if fold_key(text) in english:
            e = english[fold_key(text)]
            return e if any(ch.isupper() for ch in e) else e.capitalize()
    return readable_latin(_clean(doc.quote(c.i, c.j)[2]))


def _districts_named(cands: list[Cand]) -> Counter:
    """How often the article names each district."""
    return Counter(c.iri for c in cands if c.cls.endswith("#District") and c.iri)


def _pick_towns(cands: list[Cand], gaz: Gazetteer) -> None:
    """A town name of several districts is the town in the district the article names most."""
    named = _districts_named(cands)
    for c in cands:
        towns = c.extra.get("towns")
        if towns:
            here = [(named[gaz.located_in[t]], -k, t) for k, t in enumerate(towns) if named[gaz.located_in[t]]]
            if here:
                c.iri = max(here)[2]


def _acronyms(doc: Doc, entities: list[Local]) -> None:
    """Merge an unknown all-capitals organisation name into the organisation whose initials it is."""
    orgs = [e for e in entities if e.type == "Organization" and not e.known]
    for short in orgs:
        text = doc.quote(short.cands[0].i, short.cands[0].j)[2]
        if not (text.isupper() and text.isascii() and 2 <= len(text) <= 8):
            continue
        for full in orgs:
            if full is short:
                continue
            words = [w for w in doc.quote(full.cands[0].i, full.cands[0].j)[2].split() if w[:1].isupper()]
            if "".join(w[0] for w in words) == text:
                full.cands.extend(short.cands)
                full.rules.extend(["acronym-initials"] * len(short.cands))
                short.cands = []
    entities[:] = [e for e in entities if e.cands]


def _events(doc: Doc, events: list[Cand], entities: list[Local], dates: list) -> None:
    """Named events group by name and date; a bare head word joins the last named event of its kind."""
    sent_date = {}
    for d in dates:
        sent_date.setdefault(doc.toks[d.i].sent, d)
    district_at: dict[int, list[tuple[int, str]]] = {}
    for e in entities:
        if e.cls.endswith("#District"):
            for x in e.cands:
                district_at.setdefault(doc.toks[x.i].sent, []).append((x.i, e.cands[0].iri or ""))
    for rows in district_at.values():
        rows.sort()

    def place_of(c: Cand) -> str | None:
        # the district named nearest before the event in its sentence, else the nearest after it
        same = district_at.get(doc.toks[c.i].sent, [])
        before = [x for x in same if x[0] < c.i]
        if before:
            return before[-1][1]
        return same[0][1] if same else None
    named: list[Local] = []

    def fits(e: Local, date, place) -> bool:
        return (date is None or e.date_hint in (None, date)) and (place is None or e.place_hint in (None, place))

    bare = []
    actions = [c for c in events if c.extra.get("action")]
    events = [c for c in events if not c.extra.get("action")]
    for c in sorted(events, key=lambda c: c.i):
        d = sent_date.get(doc.toks[c.i].sent)
        date = d.date if d and not d.weekday else None
        place = place_of(c)
        if c.bare:
            bare.append((c, date, place))
            continue
        # the edition number does not change which event it is ("34वें स्थापना दिवस" = "स्थापना दिवस")
        key = " ".join(w for w in spelled_key(doc, c).split() if not w[:1].isdigit() and w not in lex()["ordinal"])
        match = [e for e in named if e.key == key and fits(e, date, place)]
        if match:
            match[0].cands.append(c)
            match[0].rules.append("same-name")
            match[0].date_hint = match[0].date_hint or date
            match[0].place_hint = match[0].place_hint or place
            continue
        ent = Local(type="Event", cls=c.cls, key=key, date_hint=date, place_hint=place)
        ent.cands.append(c)
        ent.rules.append("new")
        named.append(ent)
        entities.append(ent)
    # "कारपेट एक्सपो" after "इंडिया कारपेट एक्सपो": a shorter name that ends the longer one of an
    # event of the same kind is the same event
    for short in sorted(named, key=lambda e: len(e.key.split())):
        words = short.key.split()
        longer = [e for e in named if e is not short and e.cls == short.cls and e.cands
                  and len(e.key.split()) > len(words) and e.key.split()[-len(words):] == words
                  and fits(e, short.date_hint, short.place_hint)]
        if words and longer and short.cands:
            target = longer[0]
            target.cands.extend(short.cands)
            target.rules.extend(["same-name"] * len(short.cands))
            short.cands = []
    for e in [e for e in named if not e.cands]:
        named.remove(e)
        entities.remove(e)
    # An agreement needs no name ("X और Y के बीच करार हुआ"): a bare one whose sentence names
    # organisations is an event, unless it is one already made between them (``standalone_events``).
    orgs_in: dict[int, set[int]] = {}
    for e in entities:
        if e.type == "Organization":
            for x in e.cands:
                orgs_in.setdefault(doc.toks[x.i].sent, set()).add(id(e))
    parties: dict[int, set[int]] = {id(e): orgs_in.get(doc.toks[e.cands[0].i].sent, set()) for e in named}
    standalone = lex()["standalone_events"]
    for c, date, place in list(bare):
        here = orgs_in.get(doc.toks[c.i].sent, set())
        if c.cls.rsplit("#", 1)[-1] in standalone and here and not plural_word(doc.toks[c.j - 1]) \
                and not any(e.cls == c.cls and (parties[id(e)] & here or not parties[id(e)]) for e in named):
            ent = Local(type="Event", cls=c.cls, key=spelled_key(doc, c), date_hint=date, place_hint=place)
            parties[id(ent)] = here
            ent.cands.append(c)
            ent.rules.append("standalone-event")
            named.append(ent)
            entities.append(ent)
            bare.remove((c, date, place))
    # A kind of event the article names only by its head word ("a three-day workshop", "बैठक में")
    # is one event: its first mention makes it, and the others join it below (``head_events``).
    kinds = {e.cls for e in named}
    for c, date, place in list(bare):
        if c.cls in kinds or c.cls.rsplit("#", 1)[-1] not in lex()["head_events"] or plural_word(doc.toks[c.j - 1]) \
                or doc.toks[c.i].sent not in sent_date:
            continue  # "a meeting with bankers is planned": an event of no day is no one event
        ent = Local(type="Event", cls=c.cls, key=spelled_key(doc, c), date_hint=date, place_hint=place)
        ent.cands.append(c)
        ent.rules.append("head-event")
        named.append(ent)
        entities.append(ent)
        kinds.add(c.cls)
        bare.remove((c, date, place))
    # A bare head word ("the conclave", "कांक्लेव") is the named event of its kind nearest to it
    # (the last one before it, else the next one).
    starts = {id(e): sorted(x.i for x in e.cands) for e in named}  # named mentions only: fixed below

    def dist(e: Local, i: int) -> int:
        pos = starts[id(e)]
        k = bisect.bisect_left(pos, i)
        return i - pos[k - 1] if k > 0 else 10_000_000 + pos[0] - i

    for c, date, place in bare:
        same = [e for e in named if e.cls == c.cls and fits(e, date, place)]
        if not same or plural_word(doc.toks[c.j - 1]):
            continue
        target = min(same, key=lambda e: dist(e, c.i))
        target.cands.append(c)
        target.rules.append("event-head")
    # An act ("inaugurated", "भूमि पूजन") is an event of its own unless its sentence names another
    # event ("inaugurated the trade fair"); each act is one event of the article.
    event_sents = {doc.toks[x.i].sent for e in named for x in e.cands}
    acts: dict[str, Local] = {}
    for c in sorted(actions, key=lambda c: c.i):
        sent = doc.toks[c.i].sent
        if sent in event_sents:
            continue
        d = sent_date.get(sent)
        date = d.date if d and not d.weekday else None
        act = c.extra["action"]
        if d is None and c.cls.rsplit("#", 1)[-1] in lex()["head_events"] and act not in acts:
            continue  # "buyers visited the units last week": a visit of no day is no one event
        ent = acts.get(act)
        if ent is None:
            ent = acts[act] = Local(type="Event", cls=c.cls, key=fold_key(act), date_hint=date, place_hint=place_of(c))
            ent.rules.append("action-event")
            entities.append(ent)
        else:
            ent.rules.append("same-act")
            ent.date_hint = ent.date_hint or date
        ent.cands.append(c)


def _org_tails(doc: Doc, entities: list[Local]) -> None:
    """"प्रोड्यूसर कंपनी" after "बरेली जरी क्राफ्ट प्रोड्यूसर कंपनी": a new organisation of two words
    or more whose name ends the name of exactly one new organisation named before it is that one."""
    orgs = [e for e in entities if e.type == "Organization" and not e.known and e.cands]
    words = {id(e): e.key.split() for e in orgs}
    for short in sorted(orgs, key=lambda e: len(words[id(e)])):
        w = words[id(short)]
        first = min(c.i for c in short.cands)
        longer = [e for e in orgs if e is not short and e.cands and len(words[id(e)]) > len(w) >= 2
                  and words[id(e)][-len(w):] == w and min(c.i for c in e.cands) < first]
        if len(longer) == 1:
            longer[0].cands.extend(short.cands)
            longer[0].rules.extend(["same-name"] * len(short.cands))
            short.cands = []
    entities[:] = [e for e in entities if e.cands]


def _org_back_references(doc: Doc, cands: list[Cand], entities: list[Local]) -> None:
    """"Chamber president ...", "the company's managing director ...": a word that ends organisation
    names, alone and after the organisation was named, refers back to the last one it fits."""
    L = lex()
    covered = {k for c in cands for k in range(c.i, c.j)}
    orgs = [e for e in entities if e.type == "Organization"]
    named_at = {c.i for e in orgs for c in e.cands}
    for k, t in enumerate(doc.toks):
        if k in covered or t.chrome or t.stem not in L["org_back"] or k + 1 in named_at or plural_word(t):
            continue  # ("the firm Alpha Exports Ltd": the word says what the name after it is)
        fits = []
        for e in orgs:
            first = min(c.i for c in e.cands)
            if first >= k:
                continue
            words = {doc.toks[x].stem for c in e.cands for x in range(c.i, c.j)}
            company = t.stem in L["company_back"] and e.cls.endswith(("#Company", "#ForeignCompany"))
            if t.stem in words or company:
                fits.append((max(c.i for c in e.cands if c.i < k), e))
        if fits:
            e = max(fits, key=lambda f: f[0])[1]
            c = Cand(k, k + 1, "Organization", e.cls, "back-reference", iri=e.cands[0].iri)
            e.cands.append(c)
            e.rules.append("back-reference")


def _place_back_references(doc: Doc, cands: list[Cand], entities: list[Local]) -> None:
    """"the industrial area", "औद्योगिक क्षेत्र" with no name is the named place of that kind the
    article spoke of last ("सासनी औद्योगिक क्षेत्र"), or, unless where it is says which one
    ("गोरखनाथ स्थित इंडस्ट्रियल एस्टेट"), nothing: a place needs a name."""
    places = [e for e in entities if e.type == "Place"]
    for c in sorted((c for c in cands if c.type == "Place" and c.bare and not c.known), key=lambda c: c.i):
        head = [doc.toks[x].stem for x in range(c.i, c.j)]
        fits = [(max(x.i for x in e.cands if x.i < c.i), e) for e in places
                if any(x.i < c.i and x.j - x.i > len(head) and [doc.toks[y].stem for y in range(x.j - len(head), x.j)] == head
                       for x in e.cands)]
        if fits:
            e = max(fits, key=lambda f: f[0])[1]
            e.cands.append(c)
            e.rules.append("back-reference")
        elif c.i > 0 and doc.toks[c.i - 1].text in lex()["located_words"]:
            # "गोरखनाथ स्थित इंडस्ट्रियल एस्टेट": named by where it is
            e = Local(type=c.type, cls=c.cls, cands=[c], rules=["new"], key=spelled_key(doc, c))
            entities.append(e)
            places.append(e)


def _surnames(doc: Doc, cands: list[Cand], entities: list[Local], persons: list[Cand]) -> None:
    """A surname alone ("said Mishra", "तिवारी ने") after the full name is the same person."""
    covered = {k for c in cands for k in range(c.i, c.j)}
    people = [e for e in entities if e.type == "Person"]
    last: dict[str, Local] = {}
    for e in people:
        for c in e.cands:
            if c.j - c.i >= 2:
                last.setdefault(doc.toks[c.j - 1].text, e)
    for k, t in enumerate(doc.toks):
        if k in covered or t.chrome or (not t.deva and not t.cap):
            continue
        e = last.get(t.text) or _misspelt(t.text, last)
        if e is None:
            continue
        if min(c.i for c in e.cands) < k:
            c = Cand(k, k + 1, "Person", e.cls, "surname-in-article", iri=e.cands[0].iri)
            e.cands.append(c)
            e.rules.append("surname-in-article")


def _misspelt(word: str, last: dict[str, Local]) -> Local | None:
    """The one person whose surname is this long word with one letter added, dropped or changed
    ("Mehrotra said" after "Vinod Mehrotrad", where a scrape glued a letter on): news copy has typos,
    and a surname alone is only ever read after the full name."""
    if len(word) < 6 or not word.isascii():
        return None  # (Hindi has no capitals to tell a name from a word: "प्रसार" is no "प्रसाद")
    near = {id(e): e for name, e in last.items() if len(name) >= 6 and name[0] == word[0] and _one_edit(word, name)}
    return next(iter(near.values())) if len(near) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    i = next((k for k, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return short[i:] == long_[i + 1:]


def _label(doc: Doc, ent: Local, gaz: Gazetteer) -> None:
    iri = next((c.iri for c in ent.cands if c.iri), None)
    if iri and iri in gaz.entries:
        entry = gaz.entries[iri]
        ent.iri, ent.label, ent.label_hi, ent.cls = iri, entry.label, entry.label_hi, entry.cls
        return
    texts = [_clean(" ".join(_name_words(doc, c)) if ent.type == "Person" else doc.quote(c.i, c.j)[2])
             for c in ent.cands if not c.bare and c.rule != "back-reference"]
    texts = [t for t in texts if t] or [_clean(doc.quote(c.i, c.j)[2]) for c in ent.cands]
    latin = [t for t in texts if not is_devanagari(t) and not (t.isupper() and len(ent.cands) > 1 and len(t) <= 8)]
    deva = [t for t in texts if is_devanagari(t)]
    longest = lambda xs: max(xs, key=lambda x: (len(x.split()), len(x), x))  # noqa: E731
    if latin:
        ent.label = longest(latin)
    elif deva and (ent.type == "Person" or any(_initial(doc, k) for c in ent.cands for k in range(c.i, c.j))):
        ent.label = longest([_readable_name(doc, c) for c in ent.cands if not c.bare])
    elif deva:
        ent.label = readable_latin(longest(deva))
    else:
        ent.label = longest(texts)
    ent.label_hi = longest(deva) if deva else None
    name = ent.label
    if ent.type == "Event":
        # one name can denote several events (the Gorakhpur and the Lucknow "export conclave")
        # with no date, the article's month (or the article itself) keeps two "trade fairs" apart
        where = (ent.place_hint or "").rsplit("/", 1)[-1]
        published = doc.raw.meta.get("published")
        when = ent.date_hint.isoformat() if ent.date_hint else published.strftime("%Y-%m") if published else doc.raw.id
        name = " ".join(x for x in (ent.label, where, when) if x)
    if ent.type == "Person":
        name = person_key(ent.label.split()) and " ".join(ent.label.split()[:1] + ent.label.split()[-1:])
    ent.iri = iris.entity_iri(KIND[ent.type], name)
