"""Mentions: spans of an article that name an entity (or a role), found two ways.

1. The gazetteer: every known name of the reference vocabularies, longest match first.
2. Patterns, for things the vocabularies do not know: a name after a title or honorific is a
   person; words ending in an organisation suffix ("... Limited", "... एसोसिएशन") are an
   organisation; words before an event head ("... Conclave", "... बैठक") are an event; likewise
   schemes, places, venues and sectors. The words live in ``ontology/lexicon/patterns.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kg.document import Doc
from kg.gazetteer import Gazetteer, stem
from kg.lexicon import load
from kg.text import fold_key
from kg.translit import phonetic_key

UPKG = "https://w3id.org/upkg/ontology#"
FOAF_PERSON = "http://xmlns.com/foaf/0.1/Person"


@dataclass
class Cand:
    """A mention candidate over tokens [i, j)."""

    i: int
    j: int
    type: str
    cls: str
    rule: str
    iri: str | None = None
    bare: bool = False  # an event or sector named only by its head word
    alias_of: int | None = None  # index of the candidate this one abbreviates
    role_org: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.iri is not None


@lru_cache(maxsize=1)
def lex() -> dict:
    """The pattern words, folded and tokenised once."""
    d = load("patterns")
    tok = lambda s: tuple(stem(t) for t in fold_key(s).split())  # noqa: E731

    def table(mapping):
        # indexed by the phrase's last word, longest phrases first: one lookup per token
        rows = sorted(((tok(w), cls) for cls, words in mapping.items() for w in words if tok(w)),
                      key=lambda r: -len(r[0]))
        index: dict[str, list] = {}
        for phrase, cls in rows:
            index.setdefault(phrase[-1], []).append((phrase, cls))
        return index

    return {
        "stop": {fold_key(w) for w in d["stopwords"]["en"] + d["stopwords"]["hi"]},
        "honor": {fold_key(w) for w in d["honorifics"]["en"] + d["honorifics"]["hi"]},
        "join": {fold_key(w) for w in d["title_joiners"]},
        "org_before": {fold_key(w) for w in d["org_title_links"]["before"]},
        "org": table(d["org_suffixes"]),
        "event": table(d["event_heads"]),
        "scheme": table({"Scheme": d["scheme_heads"]}),
        "place": table(d["place_heads"]),
        "venue_prefix": {tok(w) for w in d["venue_prefixes"]},
        "sector": table({"Sector": d["sector_heads"]}),
        "sector_weak": table({"Sector": d["sector_heads_weak"]}),
        "speech_en": {fold_key(w) for w in d["speech_verbs"]["en"]},
        "speech_hi": [tok(w) for w in d["speech_verbs"]["hi"]],
        "sector_stop": {fold_key(w) for w in d.get("sector_modifier_stop", [])},
        "heads": {stem(t) for group in (d["event_heads"], d["org_suffixes"], d["place_heads"])
                  for words in group.values() for w in words for t in fold_key(w).split()},
        "event_stop": {fold_key(w) for w in d.get("event_modifier_stop", [])},
        "determiners": {fold_key(w) for w in d.get("determiners", [])},
        "name_words": {fold_key(w) for w in d.get("name_words", [])},
        "located_words": {fold_key(w) for w in d.get("located_words", [])},
        "org_units": {fold_key(w) for w in d.get("org_unit_words", [])},
        "district_offices": set(d.get("district_offices", [])),
        "org_back": {fold_key(w) for w in d.get("org_back_references", [])},
        "ordinal": {fold_key(w) for w in d.get("ordinal_suffixes", [])},
        "gov_cues": [(tuple(fold_key(w).split()), org) for org, ws in d.get("government_cues", {}).items() for w in ws],
        "gov_default": d.get("government_default"),
        "district_roles": set(d.get("district_roles", [])),
    }


def _match_at(doc: Doc, j_end: int, table) -> tuple[int, str] | None:
    """Does a table phrase end at token j_end (exclusive)? Return (start index, class)."""
    last = doc.toks[j_end - 1]
    rows = table.get(last.stem, []) + (table.get(last.text, []) if last.text != last.stem else [])
    for phrase, cls in sorted(rows, key=lambda r: -len(r[0])):
        n = len(phrase)
        i = j_end - n
        if i < 0:
            continue
        if all(doc.toks[i + k].stem == phrase[k] or doc.toks[i + k].text == phrase[k] for k in range(n)):
            if all(doc.toks[i + k].sent == doc.toks[j_end - 1].sent for k in range(n)):
                return i, cls
    return None


def _tight(doc: Doc, a: int, b: int) -> bool:
    """Tokens a and b=a+1 are separated by spaces only (or the dot of an initial / hyphen)."""
    gap = doc.folded.text[doc.toks[a].fend:doc.toks[b].fstart]
    return gap.strip() in ("", ".", "-", "&", "'") and "\n" not in gap


def gazetteer_mentions(doc: Doc, gaz: Gazetteer) -> list[Cand]:
    """Every known alias, longest first; overlapping shorter ones are kept for later choice."""
    out: list[Cand] = []
    toks = doc.toks
    n = len(toks)
    for i in range(n):
        if toks[i].chrome:
            continue
        longest = max(gaz.max_len.get(toks[i].text, 0), gaz.max_len.get(toks[i].stem, 0),
                      gaz.max_len.get(stem((toks[i].latin or "").lower()), 0),
                      gaz.max_len.get((toks[i].latin or "").lower(), 0))
        for length in range(min(longest, n - i), 0, -1):
            j = i + length
            if toks[j - 1].sent != toks[i].sent or any(not _tight(doc, k, k + 1) and
                                                      doc.between(k + 1, k + 1).strip() not in (",",)
                                                      for k in range(i, j - 1)):
                continue
            head = tuple(t.text for t in toks[i:j - 1])
            spelled = tuple((t.latin or t.text).lower() for t in toks[i:j])
            spelled_stem = spelled[:-1] + (stem(spelled[-1]),)
            for key in (head + (toks[j - 1].stem,), head + (toks[j - 1].text,), spelled, spelled_stem):
                if key not in gaz.index:
                    continue
                if key in gaz.capitalised and length == 1 and not toks[i].cap:
                    continue
                forms = gaz.case_sensitive.get(key)
                shown = "".join(t.latin or t.orig for t in toks[i:j]) if key in (spelled, spelled_stem) else doc.quote(i, j)[2]
                shown = shown[:-2] if shown.endswith(("'s", "’s")) else shown  # "BJP's"
                if forms and shown.replace(".", "").replace(" ", "") not in {f.replace(" ", "") for f in forms}:
                    continue
                e = gaz.entries[gaz.index[key][0]]
                out.append(Cand(i, j, e.type, e.cls, "reference-alias", iri=e.iri, role_org=e.org))
                break
            else:
                continue
            break
        else:
            t = toks[i]
            if t.deva and len(t.text) >= 3 and t.text not in lex()["stop"]:
                ids = gaz.sound.get(phonetic_key(t.text, vowels=True))
                if ids and len(ids) == 1:
                    e = gaz.entries[ids[0]]
                    out.append(Cand(i, i + 1, e.type, e.cls, "transliteration-key", iri=e.iri))
    return out


def _name_token(doc: Doc, k: int, taken: dict[int, Cand], english: bool) -> bool:
    t = doc.toks[k]
    L = lex()
    if t.chrome or t.num or t.text in L["stop"] or t.text in L["honor"]:
        return False
    c = taken.get(k)
    if c is not None and c.type != "Person":
        return False
    if t.deva:
        return not english and t.latin is None  # "डिजिटल", "एमएसएमई": English words, not names
    return t.cap


def _name_run(doc: Doc, k: int, taken, limit: int = 4) -> int:
    """End of a run of name tokens starting at k (same sentence, tight spacing); Hindi names,
    with no capitals to end them, are cut at three words."""
    english = not doc.toks[k].deva
    limit = limit if english else min(limit, 3)
    j = k
    while j < len(doc.toks) and j - k < limit and doc.toks[j].sent == doc.toks[k].sent \
            and _name_token(doc, j, taken, english) and (j == k or _tight(doc, j - 1, j)):
        j += 1
    return j


def person_mentions(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Persons after titles and honorifics, before ", <title>", and with verbs of speech."""
    L = lex()
    taken = {k: c for c in cands for k in range(c.i, c.j)}
    toks = doc.toks
    out: list[Cand] = []

    def add(i: int, j: int, rule: str, **extra) -> None:
        if j - i >= 1 and not any(k in taken and taken[k].type != "Person" for k in range(i, j)):
            c = Cand(i, j, "Person", FOAF_PERSON, rule, extra=extra)
            out.append(c)
            for k in range(i, j):
                taken[k] = c

    roles = sorted((c for c in cands if c.type == "Role"), key=lambda c: c.i)
    for r in roles:
        k = r.j
        chain = [r]
        org = None
        while k < len(toks) and toks[k].sent == toks[r.i].sent:
            c = taken.get(k)
            if toks[k].text in L["join"] and k + 1 < len(toks) and taken.get(k + 1) and taken[k + 1].type == "Role":
                k += 1
                continue
            if c is not None and c.type == "Role" and c.i == k:
                chain.append(c)
                k = c.j
                continue
            if c is not None and c.type == "Organization" and c.i == k and org is None:
                org = c
                k = c.j
                continue
            if toks[k].text in L["honor"]:
                k += 1
                continue
            if toks[k].text in ("of", "at") and org is None:
                # "General Manager of the All India Carpet Manufacturers' Union Aslam Mahboob"
                m = k + 1 + (k + 1 < len(toks) and toks[k + 1].text == "the")
                o = taken.get(m)
                if o is not None and o.type == "Organization" and o.i == m:
                    org = o
                    k = o.j
                    continue
            break
        if k >= len(toks) or toks[k].sent != toks[r.i].sent:
            continue
        j = _name_run(doc, k, taken)
        if j - k >= 2 or (j - k == 1 and not toks[k].deva and doc.between(j, j).strip() in (",", "")
                          and j < len(toks) and toks[j].text in L["speech_en"]):
            add(k, j, "title-pattern", roles=[c.i for c in chain], org=org.i if org else None)

    for k, t in enumerate(toks):
        if t.text in L["honor"] and k + 1 < len(toks) and (k + 1) not in taken:
            j = _name_run(doc, k + 1, taken)
            if j - (k + 1) >= (1 if not toks[k + 1].deva else 2):
                add(k + 1, j, "honorific-pattern")

    return out


@lru_cache(maxsize=1)
def _surnames() -> set[str]:
    d = load("names")
    return {fold_key(w) for w in list(d["latin"]) + list(d["hindi"])}


def surname_mentions(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Two or three name-like words ending in a common surname ("शाहिद लतीफ", "Harinder Singh")."""
    surnames = _surnames()
    taken = {k for c in cands for k in range(c.i, c.j)}
    toks = doc.toks
    out: list[Cand] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if k in taken or t.text not in surnames or t.chrome or (not t.deva and not t.cap):
            k += 1
            continue
        start = k
        english = not t.deva
        while start - 1 >= 0 and k - (start - 1) < 3 and (start - 1) not in taken \
                and _name_token(doc, start - 1, {}, english) and _tight(doc, start - 1, start) \
                and toks[start - 1].text not in lex()["heads"]:
            start -= 1
        end = k + 1
        # the next word may be a second surname ("Ravi Kumar Sharma")
        while end < len(toks) and end - start < 4 and end not in taken and toks[end].text in surnames \
                and _tight(doc, end - 1, end):
            end += 1
        if end - start >= 2:
            out.append(Cand(start, end, "Person", FOAF_PERSON, "surname-pattern"))
            taken.update(range(start, end))
        k = end
    return out


def speech_mentions(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """English: "Name Name, <title> ..." and "said Name Name" / "Name Name said"."""
    L = lex()
    taken = {k: c for c in cands for k in range(c.i, c.j)}
    toks = doc.toks
    out: list[Cand] = []

    def add(i: int, j: int, rule: str, **extra) -> None:
        c = Cand(i, j, "Person", FOAF_PERSON, rule, extra=extra)
        out.append(c)
        for k in range(i, j):
            taken[k] = c

    for k in range(len(toks)):
        if k in taken or toks[k].deva or not toks[k].cap:
            continue
        j = _name_run(doc, k, taken)
        if j - k < 2:
            continue
        after = doc.between(j, j).strip() if j < len(toks) else ""
        nxt = taken.get(j + 0) if j < len(toks) else None
        if after == "," and j < len(toks):
            m = j if toks[j].text not in ("the", "a", "an") else j + 1
            if m < len(toks) and taken.get(m) is not None and taken[m].type == "Role":
                add(k, j, "title-pattern", roles=[taken[m].i], after=True)
                continue
        prev = toks[k - 1].text if k > 0 else ""
        if prev in L["speech_en"] or (j < len(toks) and toks[j].text in L["speech_en"] and nxt is None):
            add(k, j, "speech-pattern")
    return out


def _left_name(doc: Doc, end: int, taken, limit: int, allow_known: tuple[str, ...] = ("Place", "Product", "Sector")) -> int:
    """Start of the name tokens that end at ``end`` (exclusive), walking left."""
    L = lex()
    k = end
    english = not doc.toks[end].deva if end < len(doc.toks) else True
    while k - 1 >= 0 and end - (k - 1) <= limit and doc.toks[k - 1].sent == doc.toks[end].sent \
            and _tight(doc, k - 1, k):
        t = doc.toks[k - 1]
        c = taken.get(k - 1)
        if c is not None and c.type not in allow_known:
            break
        if c is not None and c.i < k - 1 and end - c.i <= limit + 2:
            k = c.i  # a known place inside the name ("उत्तर प्रदेश दिवस"), whatever its words
            continue
        if t.cap and not t.deva and t.text in L["name_words"] and k - 1 > 0 and not doc.toks[k - 2].cap:
            k -= 1  # "All India ..." opens a name
            continue
        if t.num or t.chrome or t.text in L["stop"] or t.text in L["honor"]:
            # "of"/"and"/"&" inside English names: "Council for Leather Exports"
            if t.text in ("of", "and", "for") and k - 2 >= 0 and doc.toks[k - 2].cap and not t.deva and english:
                k -= 1
                continue
            break
        if not t.deva and english and not t.cap:
            break
        k -= 1
    while k < end and doc.toks[k].text in ("of", "and", "for"):
        k += 1
    return k


def head_mentions(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Organisations, events, schemes, places and sectors named by a head word and its modifiers."""
    L = lex()
    taken = {k: c for c in cands for k in range(c.i, c.j) if c.type != "Role" or True}
    toks = doc.toks
    out: list[Cand] = []
    for j in range(1, len(toks) + 1):
        if toks[j - 1].chrome:
            continue
        for kind, table in (("Organization", L["org"]), ("Scheme", L["scheme"]), ("Place", L["place"]),
                            ("Event", L["event"]), ("Sector", L["sector"]), ("SectorWeak", L["sector_weak"])):
            hit = _match_at(doc, j, table)
            if hit is None:
                continue
            h, cls = hit
            if any(k in taken and taken[k].type not in ("Place", "Sector", "Product") for k in range(h, j)):
                continue
            head_cap = toks[h].cap or toks[h].deva or toks[h].upper
            if kind == "Event" and not toks[h].deva and not toks[h].cap and not toks[h].upper:
                # lower-case English events: a few descriptive words ("international carpet fair")
                start = h
                while start - 1 >= 0 and h - (start - 1) <= 3 and toks[start - 1].sent == toks[h].sent \
                        and not toks[start - 1].num and toks[start - 1].text not in L["stop"] \
                        and toks[start - 1].text not in L["event_stop"] \
                        and _tight(doc, start - 1, start) and (start - 1) not in taken:
                    start -= 1
                before = toks[start - 1] if start > 0 else None
                if before is None or not (before.num or before.text in L["determiners"] or before.text.endswith("'s")):
                    continue  # "to impart industrial training" is no event; "a four-day trade fair" is
            elif kind == "SectorWeak":
                start = h - 1
                if start < 0 or taken.get(start) is None or taken[start].type not in ("Sector", "Product") \
                        or not _tight(doc, start, h):
                    continue
                known = taken[start]
                if known.type == "Sector":
                    out.append(Cand(known.i, j, "Sector", known.cls, "reference-alias", iri=known.iri))
                    break
                start = known.i
                kind = "Sector"
            elif kind == "Sector":
                start = h - 1
                if start < 0 or toks[start].num or toks[start].text in L["stop"] or toks[start].text in L["sector_stop"] \
                        or not _tight(doc, start, h) or toks[start].sent != toks[h].sent \
                        or (start in taken and taken[start].type not in ("Sector", "Product")) \
                        or toks[start].stem in L["heads"]:
                    continue
                known = taken.get(start)
                if known is not None and known.type == "Sector":
                    # "leather industry", "कांच उद्योग": the sector the vocabulary knows, named in full
                    out.append(Cand(known.i, j, "Sector", known.cls, "reference-alias", iri=known.iri))
                    break
                if known is not None:
                    start = known.i
                elif not toks[start].deva and not toks[start].cap:
                    continue  # "generate industry": an English sector word must be known or a name
            else:
                if not toks[h].deva and not head_cap:
                    continue
                limit = 3 if kind in ("Event", "Place") else 6
                # an organisation's name may hold a title word ("Handicraft Exporters Association")
                allow = ("Place", "Product", "Sector", "Role") if kind == "Organization" else ("Place", "Product", "Sector")
                start = _left_name(doc, h, taken, limit, allow)
                if kind == "Event":
                    while start < h and toks[start].text in L["event_stop"]:
                        start += 1
            if kind == "Event" and start >= 1 and toks[start].text in L["ordinal"] and toks[start - 1].num \
                    and _tight(doc, start - 1, start):
                start -= 1  # "34वें स्थापना दिवस": the edition number is part of the name
            elif kind == "Event" and start >= 2 and toks[start - 1].text in L["ordinal"] and toks[start - 2].num \
                    and _tight(doc, start - 2, start - 1):
                start -= 2  # "43rd India Carpet Expo"
            elif kind == "Event" and start >= 1 and toks[start - 1].num and toks[start - 1].text[-2:] in ("st", "nd", "rd", "th"):
                start -= 1
            if kind == "Scheme" and toks[j - 1].deva and toks[j - 1].text != toks[j - 1].stem \
                    and toks[j - 1].text.endswith(("ओं", "यों")):
                continue  # "निर्यात प्रोत्साहन योजनाओं": schemes in general, not one scheme
            if kind not in ("Event", "Place") and start == h or kind == "Place" and start == h and j - h == 1:
                continue
            bare = start == h and j - h == 1  # "the conclave" is bare; "trade fair", "इंटरेक्टिव बैठक" name one
            out.append(Cand(start, j, kind, UPKG + cls if cls not in ("Sector",) else UPKG + "Sector",
                            f"{kind.lower()}-head-pattern", bare=bare))
            break
    out += _coordinated_orgs(doc, out, taken)
    out += _localities(doc, out, taken)
    # Venues introduced by their kind: "Hotel Lemon Tree", "होटल ...".
    for k, t in enumerate(toks):
        if (t.stem,) in L["venue_prefix"] or (t.text,) in L["venue_prefix"]:
            j = _name_run(doc, k + 1, taken, limit=3) if k + 1 < len(toks) else k + 1
            if j > k + 1:
                out.append(Cand(k, j, "Place", UPKG + "Venue", "venue-pattern"))
    return out


def _localities(doc: Doc, found: list[Cand], taken: dict[int, Cand]) -> list[Cand]:
    """"नथमलपुर, गोरखनाथ स्थित ...": the names before "स्थित" (located at) are places."""
    L = lex()
    toks = doc.toks
    used = {k for c in found for k in range(c.i, c.j)} | set(taken)
    out: list[Cand] = []
    for k, t in enumerate(toks):
        if t.text not in L["located_words"] or k == 0:
            continue
        end = k
        while end > 0:
            start = end
            while start - 1 >= 0 and end - (start - 1) <= 2 and (start - 1) not in used \
                    and _name_token(doc, start - 1, {}, not toks[start - 1].deva) \
                    and toks[start - 1].sent == t.sent and (start == end or _tight(doc, start - 1, start)):
                start -= 1
            if start == end:
                break
            out.append(Cand(start, end, "Place", UPKG + "City", "locality-pattern"))
            used.update(range(start, end))
            if start == 0 or doc.between(start, start).strip() != ",":
                break
            end = start
    return out


def _coordinated_orgs(doc: Doc, found: list[Cand], taken: dict[int, Cand]) -> list[Cand]:
    """In "A, B, C एवं D Industries" every item of the list is an organisation like the last one."""
    L = lex()
    toks = doc.toks
    out: list[Cand] = []
    # known products and sectors may stand inside a company's name ("डावर फुटवियर")
    used = {k for c in found for k in range(c.i, c.j)} | {k for k, c in taken.items() if c.type not in ("Product", "Sector")}
    for c in [c for c in found if c.type == "Organization"]:
        end = c.i
        while True:
            k = end - 1
            if k < 0 or toks[k].sent != toks[c.i].sent:
                break
            gap = doc.between(end, end).strip()
            if gap == ",":
                pass
            elif toks[k].text in L["join"] and doc.between(k + 1, k + 1).strip() == "":
                end, k = k, k - 1
                if k < 0 or doc.between(end, end).strip() != "":
                    break
            else:
                break
            start = k + 1
            while start - 1 >= 0 and k - (start - 1) < 4 and (start - 1) not in used and toks[start - 1].sent == toks[c.i].sent \
                    and not toks[start - 1].num and toks[start - 1].text not in L["stop"] \
                    and (toks[start - 1].deva or toks[start - 1].cap) and (start == k + 1 or _tight(doc, start - 1, start)):
                start -= 1
            if start > k or doc.between(start, start).strip() not in ("", ",", ":", "-", "\u2014") and start > 0 \
                    and doc.between(start, start).strip()[-1:] not in (",", ":"):
                break
            if start == k + 1:
                break
            out.append(Cand(start, k + 1, "Organization", c.cls, "list-of-organisations"))
            used.update(range(start, k + 1))
            end = start
    return out


def acronym_mentions(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """"Full Name (ACR)": the parenthesised acronym (or gloss) names the same thing."""
    out: list[Cand] = []
    by_start = {c.i: c for c in cands}
    for c in cands:
        inner = by_start.get(c.j + 0) or by_start.get(c.j)
        if inner is not None and inner is not c and inner.known and not c.known and inner.type == c.type \
                and doc.between(c.j, c.j).strip() == "(" and doc.between(inner.j, inner.j).strip().startswith(")"):
            c.extra["alias_of"] = inner  # "खेल सामान ... परिषद (एसजीईपीसी)": the long form of a known name
            c.rule = "acronym-in-parentheses"
            continue
        if inner is not None and inner is not c and inner.type == c.type and not inner.known and not c.bare \
                and doc.between(c.j, c.j).strip() == "(" and doc.between(inner.j, inner.j).strip().startswith(")"):
            inner.extra["alias_of"] = c
            inner.rule = "acronym-in-parentheses"
    by_end = {c.j: c for c in cands if c.type in ("Organization", "Scheme", "Event", "Place")}
    toks = doc.toks
    for k in range(1, len(toks)):
        gap = doc.between(k, k).strip()
        if gap != "(" or k not in by_end or k in by_start:
            continue
        j = k + 1
        while j < len(toks) and doc.between(j, j).strip() == "" and j - k < 4:
            j += 1
        if j < len(toks) and doc.between(j, j).strip().startswith(")"):
            full = by_end[k]
            c = Cand(k, j, full.type, full.cls, "acronym-in-parentheses", iri=full.iri,
                     extra={"alias_of": full})
            out.append(c)
    return out


def select(cands: list[Cand]) -> list[Cand]:
    """Choose non-overlapping mentions, longest first (known names win ties); known places,
    sectors and products nested inside a longer name are kept too."""
    order = sorted(range(len(cands)), key=lambda x: (-(cands[x].j - cands[x].i), not cands[x].known, cands[x].i))
    chosen: list[Cand] = []
    used: dict[int, Cand] = {}
    for x in order:
        c = cands[x]
        overlap = [used[k] for k in range(c.i, c.j) if k in used]
        if not overlap:
            chosen.append(c)
        elif c.known and c.cls.endswith("#District") and all(
                o.i <= c.i and c.j <= o.j and o.type not in ("Person",) and not (o.known and o.type == c.type)
                for o in overlap):
            chosen.append(c)
            continue
        else:
            continue
        for k in range(c.i, c.j):
            used.setdefault(k, c)
    return sorted(chosen, key=lambda c: (c.i, -c.j))


def find_mentions(doc: Doc, gaz: Gazetteer) -> list[Cand]:
    """All mention candidates of an article, overlaps resolved."""
    known = select(gazetteer_mentions(doc, gaz))
    people = person_mentions(doc, known)
    heads = head_mentions(doc, known + people)
    speakers = speech_mentions(doc, select(known + people + heads))
    named = surname_mentions(doc, select(known + people + heads + speakers))
    base = select(known + people + heads + speakers + named)
    return select(base + acronym_mentions(doc, base)) if base else base
