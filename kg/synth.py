"""Synthetic corpora with gold annotations (``kg synth``): realistic Hindi and English articles about
Uttar Pradesh industry, for measuring speed and linking quality at scale.

Districts, ODOP products, schemes, sectors, roles, known people and organisations are drawn from
the reference vocabularies (``ontology/reference/*.ttl``); invented people and companies, the
sentence templates and the page chrome are data in ``ontology/synth/*.yaml``. The generator
records every name it writes, so the gold annotations (the devset format of
``tests/gold/README.md``) hold by construction: each mention occurs verbatim in its article.

Traps a linker must get right are built in: people who share a surname (often in one article),
one person with and without a middle name, one company by its full name and by its acronym, and
the same people and companies in Hindi and English articles across the corpus.

Article ``i`` of a corpus depends only on the seed, the corpus size and ``i`` (its own random
generator), so corpora are reproducible and any prefix of a larger one is cheap to recreate.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.lexicon import ontology_dir

SLOT = re.compile(r"\{([A-Z0-9]+)(?:\.(\w+))?\}|<<|>>")
MIN_BYTES, MAX_BYTES = 2048, 6144
ORG_KINDS = {"IndustryAssociation": "industry association", "ExportPromotionCouncil": "export promotion council",
             "Bank": "company", "Company": "company", "EducationalInstitution": "educational institution",
             "ResearchInstitute": "research institute", "MediaOutlet": "media", "PoliticalParty": "political party"}
LANGS = ("hi", "en")


@dataclass
class Named:
    """Anything an article can name: a reference entity or an invented one."""

    key: str
    type: str  # the gold type: Person, Organization, District, Place, Scheme, Event, Sector, Product
    name: str  # canonical English name (gold)
    names: dict[str, list[str]]  # language -> surface forms, preferred first
    acronym: dict[str, str] = field(default_factory=dict)  # language -> acronym (organisations)
    kind: str | None = None  # organisations: the gold kind
    short: dict[str, str] = field(default_factory=dict)  # people: without the middle name
    role: str | None = None  # people: role slug
    org: Named | None = None  # people: where they hold the role
    district: str | None = None  # officials: their district's key


@dataclass
class Vocab:
    """Everything the generator draws on, read once from ``ontology/``."""

    data: dict
    templates: dict
    ref: dict[str, Named]  # key (IRI slug) -> reference entity
    roles: dict[str, Named]
    role_org: dict[str, str]
    districts: list[str]
    odop: dict[str, list[str]]  # district key -> product keys
    schemes: list[str]
    sectors: list[str]
    names: dict
    companies: dict
    letters: dict[str, str]
    gov: Named  # the state government, by the names articles call it
    labels: dict[str, str]  # every reference entity's English label, by slug


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


@functools.lru_cache(maxsize=2)
def vocab(onto: Path | None = None) -> Vocab:
    """Read the reference vocabularies and the synthetic-data YAML (cached per process)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from kg.gazetteer import alias_key, gazetteer

    onto = Path(onto or ontology_dir())
    synth = onto / "synth"
    load = lambda name: yaml.safe_load((synth / name).read_text(encoding="utf-8"))  # noqa: E731
    data, templates = load("cast.yaml"), load("templates.yaml")
    names, companies = load("names.yaml"), load("companies.yaml")
    letters = {k: v[0] for k, v in yaml.safe_load((onto / "lexicon" / "acronyms.yaml").read_text("utf-8"))["letters"].items()}
    gaz = gazetteer(onto)
    graph = Graph()
    for path in sorted((onto / "reference").glob("*.ttl")):
        graph.parse(path)
    upkg = "https://w3id.org/upkg/ontology#"

    def nested(surface: str, iri: str) -> bool:
        """Does a proper part of ``surface`` name another reference entity (a nested mention)?"""
        from kg.text import fold_key

        toks = fold_key(surface).split()
        for i in range(len(toks)):
            for j in range(i + 1, len(toks) + 1):
                if j - i == len(toks):
                    continue
                key = alias_key(" ".join(toks[i:j]))
                if any(e.iri != iri and e.type != "Role" for e in gaz.lookup(key)):
                    return True
        return False

    def surfaces(s, lang: str) -> list[str]:
        labels = [str(x) for x in graph.objects(s, RDFS.label) if getattr(x, "language", None) == lang]
        alts = sorted(str(x) for x in graph.objects(s, SKOS.altLabel) if getattr(x, "language", None) == lang)
        out = []
        for t in labels + alts:
            if t not in out and "(" not in t and not nested(t, str(s)) and (lang != "en" or t.isascii()):
                out.append(t)
        return out

    ref: dict[str, Named] = {}
    for entry in gaz.entries.values():
        s = URIRef(entry.iri)
        cls = entry.cls.rsplit("#", 1)[-1]
        gold_type = "District" if cls == "District" else entry.type
        en, hi = surfaces(s, "en"), surfaces(s, "hi")
        if not en or en[0] != entry.label:
            continue  # the canonical name itself must be usable
        acr = {}
        if entry.type == "Organization":
            latin = sorted(a for a in en if a.isupper() and a.isalpha() and 2 <= len(a) <= 6)
            if latin:
                acr = {"en": latin[0], "hi": "".join(letters.get(c, c) for c in latin[0])}
            # acronyms are written by the generator after a full name, never on their own
            en, hi = [t for t in en if " " in t] or en[:1], [t for t in hi if " " in t] or hi[:1]
            if not en or en[0] != entry.label:
                continue
        ref[_slug(entry.iri)] = Named(_slug(entry.iri), gold_type, entry.label, {"en": en, "hi": hi},
                                      acronym=acr, kind=ORG_KINDS.get(cls, "government body"))
    roles = {k: v for k, v in ref.items() if v.type == "Role"}
    role_org = {_slug(str(s)): _slug(str(o)) for s, o in graph.subject_objects(URIRef(upkg + "roleOrganization"))}
    districts = sorted(k for k, v in ref.items() if v.type == "District" and v.names["hi"])
    odop: dict[str, list[str]] = {}
    for d, p in graph.subject_objects(URIRef(upkg + "odopProduct")):
        if _slug(str(p)) in ref and ref[_slug(str(p))].names["hi"]:
            odop.setdefault(_slug(str(d)), []).append(_slug(str(p)))
    for v in odop.values():
        v.sort()
    schemes = data.get("schemes") or sorted(k for k, v in ref.items() if v.type == "Scheme" and v.names["hi"])
    sectors = data.get("sectors") or sorted(k for k, v in ref.items() if v.type == "Sector" and v.names["hi"])

    def clean(pairs):  # company name parts that name no reference entity
        return [p for p in pairs if not nested(f"{p[0]} xx", "") and not nested(f"xx {p[1]}", "")]

    companies = {"stems": clean(companies["stems"]), "kinds": [k for k in companies["kinds"] if not nested(f"xx {k[0]}", "")
                                                                  and not nested(f"xx {k[1]}", "")],
                 "suffixes": companies["suffixes"]}
    del RDF
    for k in ("official_roles", "company_roles", "association_roles", "associations", "bodies"):
        data[k] = [x for x in data[k] if x in ref and ref[x].names["hi"]]
    data["known_people"] = [kp for kp in data["known_people"] if kp["person"] in ref and kp["role"] in ref]
    gov = gaz.entries[f"https://w3id.org/upkg/id/org/{data['state_government']}"]
    gov = Named(data["state_government"], "Organization", gov.label,
                {lg: list(data["state_government_names"][lg]) for lg in LANGS}, kind="government body")
    return Vocab(data, templates, ref, roles, role_org, districts, odop, schemes, sectors, names, companies, letters,
                 gov, {_slug(e.iri): e.label for e in gaz.entries.values()})


@dataclass
class World:
    """The invented people and companies of one corpus (shared by all its articles)."""

    people: list[Named]
    companies: list[Named]
    by_surname: dict[str, list[int]]
    officials: dict[str, list[int]]  # district key -> indices of officials there


def make_world(v: Vocab, n_articles: int, seed: int) -> World:
    """People and companies for a corpus of ``n_articles``: enough that each recurs in several articles."""
    rng = random.Random(f"world:{seed}")
    c = v.companies
    combos = [(s, k) for s in c["stems"] for k in c["kinds"]]
    rng.shuffle(combos)
    companies = []
    for stem, kind in combos[: min(len(combos), max(8, n_articles // 5))]:
        suffix = rng.choice(c["suffixes"])
        en = f"{stem[0]} {kind[0]} {suffix[0]}"
        hi = f"{stem[1]} {kind[1]} {suffix[1]}"
        acr = "".join(w[0] for w in en.split() if w[0].isupper())
        companies.append(Named(f"company:{en}", "Organization", en, {"en": [en], "hi": [hi]},
                               acronym={"en": acr, "hi": "".join(v.letters.get(ch, ch) for ch in acr)}, kind="company"))
    n = v.names
    pairs = [(g, s) for g in n["given"] for s in n["surnames"]]
    rng.shuffle(pairs)
    people, by_surname, officials = [], {}, {}
    data = v.data
    for i, (given, sur) in enumerate(pairs[: min(len(pairs), max(12, n_articles // 3))]):
        middle = rng.choice(n["middle"]) if rng.random() < 0.35 else None
        full = {lang: " ".join(w[k] for w in (given, middle, sur) if w) for k, lang in enumerate(("en", "hi"))}
        short = {"en": f"{given[0]} {sur[0]}", "hi": f"{given[1]} {sur[1]}"}
        r = rng.random()
        p = Named(f"person:{short['en']}", "Person", full["en"], {lang: [full[lang]] for lang in LANGS}, short=short)
        if r < 0.4:
            p.role, p.district = rng.choice(data["official_roles"]), rng.choice(v.districts)
            officials.setdefault(p.district, []).append(i)
        elif r < 0.8:
            p.role, p.org = rng.choice(data["company_roles"]), rng.choice(companies)
        else:
            p.role, p.org = rng.choice(data["association_roles"]), v.ref[rng.choice(data["associations"])]
        people.append(p)
        by_surname.setdefault(sur[0], []).append(i)
    return World(people, companies, by_surname, officials)


class _Article:
    """One article being written: its text, and the gold it accumulates."""

    def __init__(self, v: Vocab, lang: str, rng: random.Random, published: dt.date):
        self.v, self.lang, self.rng, self.published = v, lang, rng, published
        self.lines: list[str] = []
        self.size = 0
        self.seen: dict[str, Named] = {}  # key -> entity, in order of first mention
        self.mentions: dict[str, list[str]] = {}
        self.roles: dict[str, list[dict]] = {}
        self.facts: list[dict] = []
        self.event: dict | None = None
        self.acr_known: set[str] = set()
        self.used: set[str] = set()
        self.body: list[bool] = []

    # -- surfaces ---------------------------------------------------------------------------
    def surface(self, ent: Named, form: str | None) -> str:
        lang, rng = self.lang, self.rng
        if form == "short" and ent.short:
            return ent.short[lang]
        if form == "acr" and ent.acronym:
            return ent.acronym[lang] if ent.key in self.acr_known else ent.names[lang][0]
        if ent.type == "Person":
            first = ent.key not in self.seen
            if ent.short and ent.short[lang] != ent.names[lang][0] and not first and rng.random() < 0.5:
                return ent.short[lang]
            if first and ent.short and rng.random() < 0.25:
                return ent.short[lang]  # introduced without the middle name
            return ent.names[lang][0]
        if ent.type == "Organization" and ent.key in self.acr_known and rng.random() < 0.4:
            return ent.acronym[lang]
        forms = ent.names[lang]
        text = forms[0] if len(forms) == 1 or rng.random() < 0.8 else rng.choice(forms[1:])
        if ent.type == "Sector" and lang == "en" and not text.split()[0].isupper():
            text = text[0].lower() + text[1:]
        return text

    # -- rendering --------------------------------------------------------------------------
    def render(self, template: str, binding: dict[str, Named], numbers: dict[str, str] | None = None,
               offset: int = 0) -> tuple[str, dict[str, tuple[int, int]], tuple[int, int] | None] | None:
        """Fill ``template``; None if it names something the article lacks. Returns the text, the span of
        each slot (relative to the text) and the span between << and >>."""
        out, spans, stat, mark = [], {}, None, None
        pos = 0
        pending: list[tuple[Named, str]] = []
        for m in SLOT.finditer(template):
            out.append(template[pos:m.start()])
            pos = m.end()
            here = sum(map(len, out))
            if m.group(0) == "<<":
                mark = here
                continue
            if m.group(0) == ">>":
                stat = (mark, here)
                continue
            name, attr = m.group(1), m.group(2)
            if name in ("N", "DATE", "PUB"):
                text = (numbers or {}).get(name)
                if text is None:
                    return None
                out.append(text)
                spans[name] = (here, here + len(text))
                continue
            ent = binding.get(name)
            if ent is None:
                return None
            if attr == "role":
                text = self.surface(self.v.roles[ent.role], None)
                target = None
            elif attr == "org":
                if ent.org is None:
                    return None
                target = ent.org
                text = self.surface(target, None)
                if target.acronym and target.key not in self.acr_known and target.key not in self.seen \
                        and self.rng.random() < 0.6:
                    pending.append((target, target.acronym[self.lang]))
                    text = f"{text} ({target.acronym[self.lang]})"
            else:
                target = ent
                if attr == "acr" and (not ent.acronym or ent.key not in self.acr_known):
                    return None
                text = self.surface(ent, attr)
                if ent.type == "Organization" and ent.acronym and attr is None and ent.key not in self.seen \
                        and ent.key not in self.acr_known and self.rng.random() < 0.6:
                    pending.append((ent, ent.acronym[self.lang]))
                    text = f"{text} ({ent.acronym[self.lang]})"
            out.append(text)
            spans[f"{name}.{attr}" if attr else name] = (here, here + len(text))
            if target is not None:
                self._mention(target, text, pending)
        out.append(template[pos:])
        for ent, _ in pending:
            self.acr_known.add(ent.key)
        text = "".join(out)
        return text, spans, stat

    def _mention(self, ent: Named, text: str, pending) -> None:
        self.seen.setdefault(ent.key, ent)
        forms = self.mentions.setdefault(ent.key, [])
        acr = next((a for e, a in pending if e is ent), None)
        for t in ([text[: -len(acr) - 3], acr] if acr and text.endswith(f"({acr})") else [text]):
            if t not in forms:
                forms.append(t)

    def add(self, line: str, body: bool = True) -> None:
        self.lines.append(line)
        self.body.append(body)
        self.size += len(line.encode("utf-8")) + 1

    def text(self) -> str:
        """Body sentences grouped into paragraphs of one to three; headline and chrome on lines of their own."""
        out, para = [], []
        for line, body in zip(self.lines, self.body):
            if body:
                para.append(line)
                if len(para) >= self.rng.randint(1, 3):
                    out.append(" ".join(para))
                    para = []
                continue
            if para:
                out.append(" ".join(para))
                para = []
            out.append(line)
        if para:
            out.append(" ".join(para))
        return "\n".join(out) + "\n"


def _date_text(v: Vocab, lang: str, d: dt.date, rng: random.Random) -> str:
    month = v.data["months"][lang][d.month - 1]
    if lang == "en" and rng.random() < 0.5:
        return f"{month} {d.day}"
    return f"{d.day} {month}"


def _number(lang: str, n: int) -> str:
    return f"{n:,}" if lang == "en" or n < 1000 else str(n)


def write_article(v: Vocab, world: World, seed: int, index: int) -> tuple[str, dict, dict]:
    """Article ``index`` of a corpus: ``(text, sidecar metadata, gold annotation)``."""
    rng = random.Random(f"article:{seed}:{index}")
    lang = "hi" if rng.random() < 0.5 else "en"
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
    if published.month == 12 and published.day > 10:
        published -= dt.timedelta(days=30)
    art = _Article(v, lang, rng, published)
    T = v.templates[lang]
    data = v.data

    # the cast: a lead person, the district, others (some sharing the lead's surname)
    lead = world.people[rng.randrange(len(world.people))]
    district = lead.district if lead.district else rng.choice(v.districts)
    people = [lead]
    for _ in range(rng.choice((0, 1, 1, 2))):
        pool = None
        if rng.random() < 0.35:
            pool = [i for i in world.by_surname[lead.short["en"].split()[-1]] if world.people[i] not in people]
        if not pool:
            sample = rng.sample(range(len(world.people)), min(20, len(world.people)))
            pool = world.officials.get(district, []) + [i for i in sample if not world.people[i].district]
            pool = [i for i in pool if world.people[i] not in people]
        cand = world.people[rng.choice(pool)] if pool else None
        if cand is not None and (not cand.district or cand.district == district):
            people.append(cand)
    cast = {"D": v.ref[district], "GOV": None}
    cast["GOV"] = v.gov
    others = [d for d in v.districts if d != district]
    if rng.random() < 0.4:
        cast["D2"] = v.ref[rng.choice(others)]
    companies = [p.org for p in people if p.org is not None and p.org.kind == "company"]
    cast["C"] = companies[0] if companies else (rng.choice(world.companies) if rng.random() < 0.5 else None)
    cast["A"] = v.ref[rng.choice(data["associations"] + data["bodies"])]
    cast["S"] = v.ref[rng.choice(v.schemes)]
    cast["SEC"] = v.ref[rng.choice(v.sectors)]
    if v.odop.get(district):
        cast["PR"] = v.ref[rng.choice(v.odop[district])]
    if rng.random() < 0.3:
        kp = rng.choice(data["known_people"])
        k = v.ref[kp["person"]]
        org = v.labels.get(v.role_org.get(kp["role"], ""))
        cast["K"] = Named(k.key, "Person", k.name, k.names, role=kp["role"],
                          org=Named("", "Organization", org, {}) if org else None)
    event_date = None
    if rng.random() < 0.6:
        ev = rng.choice(data["events"])
        event_date = published + dt.timedelta(days=rng.randint(2, 18))
        name = f"{ev[0]} ({v.ref[district].name}, {event_date.isoformat()})"
        idx = 0 if lang == "en" else 1
        cast["EV"] = Named(f"event:{index}", "Event", name, {lang: [ev[idx]]}, short={lang: ev[idx + 2]})
    cast = {k: e for k, e in cast.items() if e is not None}
    numbers = {"PUB": published.strftime("%d %b %Y"),
               "DATE": _date_text(v, lang, event_date, rng) if event_date else None}

    def use(kind: str, binding: dict | None = None, need: str | None = None) -> bool:
        options = list(T.get(kind, []))
        rng.shuffle(options)
        for tpl in options:
            spec = tpl if isinstance(tpl, dict) else {"text": tpl}
            if spec["text"] in art.used:
                continue
            nums = dict(numbers)
            if "range" in spec:
                n = rng.randint(*spec["range"])
                nums["N"] = _number(lang, n)
            b = {**cast, **(binding or {})}
            if need and f"{{{need}" not in spec["text"]:
                continue
            if not all(m.group(1) in b or m.group(1) in nums or m.group(0) in ("<<", ">>")
                       for m in SLOT.finditer(spec["text"])) or \
                    any(m.group(2) == "acr" and b[m.group(1)].key not in art.acr_known
                        for m in SLOT.finditer(spec["text"]) if m.group(1) in b):
                continue
            got = art.render(spec["text"], b, nums)
            if got is None:
                continue
            text, spans, stat = got
            art.used.add(spec["text"])
            art.add(text, body=not (kind.startswith("chrome") or kind == "headline"))
            if "range" in spec and stat:
                subj = b[spec["subject"]]
                art.facts.append({"subject": subj.name, "measure": spec["measure"],
                                  "value": n * spec["scale"], "unit": spec["unit"], "as_stated": text[stat[0]:stat[1]]})
            if kind.startswith("post_"):
                who = "K" if kind == "post_known" else "P"
                keys = [k for k in (who, f"{who}.role", f"{who}.org") if k in spans]
                s, e = min(spans[k][0] for k in keys), max(spans[k][1] for k in keys)
                ent = b[who]
                art.roles.setdefault(ent.key, []).append(
                    {"title": v.roles[ent.role].name, "org": ent.org.name if ent.org else None, "as_stated": text[s:e]})
            if kind == "event" and "EV" in b:
                parts = [b[k].name for k in ("P",) if "P" in spans]
                art.event = {"date": event_date.isoformat(), "date_as_stated": numbers["DATE"],
                             "place": b["D"].name, "participants": parts}
            return True
        return False

    target = rng.randint(MIN_BYTES + 250, MAX_BYTES - 700)
    use("headline")
    for _ in range(rng.randint(0, 2)):
        use("chrome_top")
    sections: list[tuple[str, dict]] = []
    for p in people:
        kind = "post_official" if p.district else ("post_company" if p.org.kind == "company" else "post_association")
        sections.append((kind, {"P": p}))
    if "K" in cast:
        sections.append(("post_known", {}))
    rng.shuffle(sections)
    extra = [("scheme", {"P": rng.choice(people)}), ("sector", {}), ("stat", {"P": rng.choice(people)}), ("body", {})]
    if "PR" in cast:
        extra.append(("product", {}))
    rng.shuffle(extra)
    if "EV" in cast:
        extra.insert(rng.randint(0, 1), ("event", {"P": rng.choice(people)}))
        extra.append(("event_again", {}))
    sections += extra
    for kind, binding in sections:
        if art.size < MAX_BYTES - 900:
            use(kind, binding)
    fillers = list(T["filler"])
    rng.shuffle(fillers)
    more = [("mention_again", {"P": p, "Q": q}) for p in people for q in people if p is not q] + \
           [("mention_again", {"P": p}) for p in people] + [("stat", {"P": p}) for p in people] + [("body", {})]
    rng.shuffle(more)
    while art.size < target and (fillers or more):
        if more and (not fillers or rng.random() < 0.4):
            use(*more.pop())
        else:
            art.add(fillers.pop())
    if art.size < MIN_BYTES + 100:  # a short article: its own filler once more, reworded by order only
        again = [f for f in T["filler"]]
        rng.shuffle(again)
        while art.size < MIN_BYTES + 100 and again:
            art.add(again.pop())
    for _ in range(rng.randint(0, 2)):
        use("chrome_bottom")

    text = art.text()
    gold_entities = []
    for key, ent in art.seen.items():
        g = {"type": ent.type, "name": ent.name, "mentions": art.mentions[key]}
        if ent.type == "Person":
            g["roles"] = art.roles.get(key, [])
        if ent.type == "Organization":
            g["kind"] = ent.kind
        if ent.type == "Event":
            g.update(art.event or {"date": None, "date_as_stated": None, "place": None, "participants": []})
        gold_entities.append(g)
    gold = {"language": lang, "topic": art.lines[0], "entities": gold_entities, "facts": art.facts}
    meta = {"headline": art.lines[0], "outlet": rng.choice(data["outlets"][lang]), "url": None,
            "language": lang, "published": published}
    return text, meta, gold


def generate(n: int, seed: int, out: str | Path, start: int = 0) -> Path:
    """Write articles ``start``..``n-1`` of the corpus (``<id>.txt`` and ``<id>.meta``) and their gold
    annotations (``gold.yaml``, or ``gold-<start>.yaml`` for a partial run) into ``out``."""
    v = vocab()
    world = make_world(v, n, seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gold = {}
    for i in range(start, n):
        text, meta, g = write_article(v, world, seed, i)
        aid = f"syn{seed}_{i:06d}"
        (out / f"{aid}.txt").write_text(text, encoding="utf-8")
        (out / f"{aid}.meta").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
        gold[aid] = g
    path = out / ("gold.yaml" if start == 0 else f"gold-{start}.yaml")
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(gold, f, allow_unicode=True, sort_keys=True, width=200, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper))
    return path
