"""Mentions found by head words: organisations ("... Limited", "... एसोसिएशन"), events
("... Conclave", "... बैठक"), schemes, places, venues and sectors, with the names before them; lists
of organisations; localities before "स्थित". The words live in ``ontology/lexicon/patterns.yaml``."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.document import Doc
from kg.text import fold_key
from kg.gazetteer import ORG_ORGANIZATION as ORG
from kg.mentions import UPKG, Cand, _left_name, _match_at, _name_run, _name_token, _tight, lex, plural_word


@lru_cache(maxsize=1)
def _last_words() -> frozenset[str]:
    """Every word that ends a head phrase of some kind (the keys of the head tables)."""
    L = lex()
    return frozenset(w for kind in ("org", "scheme", "place", "event", "sector", "sector_weak") for w in L[kind])


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    """"seven" in "a seven-day handloom expo" counts like a number."""
    from kg.values import vlex

    return frozenset(vlex()["words"])


@lru_cache(maxsize=1)
def _venue_words() -> frozenset[str]:
    """The one-word venue prefixes (only those can match a single token)."""
    return frozenset(p[0] for p in lex()["venue_prefix"] if len(p) == 1)


def head_mentions(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Organisations, events, schemes, places and sectors named by a head word and its modifiers."""
    L = lex()
    taken = {k: c for c in cands for k in range(c.i, c.j) if c.type != "Role" or True}
    toks = doc.toks
    out: list[Cand] = []
    ends = _last_words()
    for j in range(1, len(toks) + 1):
        if toks[j - 1].chrome or toks[j - 1].stem not in ends and toks[j - 1].text not in ends:
            continue  # no head phrase of any kind ends here (most tokens): skip the six table lookups
        for kind, table in (("Organization", L["org"]), ("Scheme", L["scheme"]), ("Place", L["place"]),
                            ("Event", L["event"]), ("Sector", L["sector"]), ("SectorWeak", L["sector_weak"])):
            hit = _match_at(doc, j, table)
            if hit is None:
                continue
            h, cls = hit
            if fold_key(toks[j - 1].orig) in L["dotted"] and not (toks[j - 1].orig in L["dotted"] and (
                    doc.source[toks[j - 1].end:toks[j - 1].end + 1] == "." or j >= 2 and toks[j - 2].text in L["legal_forms"])):
                continue  # "लि." and "प्रा लि" are Limited; "जमीन ली" (took land) is not
            inner = ("Place", "Sector", "Product", "Role") if kind in ("Organization", "Scheme", "Event") \
                else ("Place", "Sector", "Product")  # "Udyami Samvad": a title word in an event's name
            if any(k in taken and taken[k].type not in inner for k in range(h, j)):
                continue
            head_cap = toks[h].cap or toks[h].deva or toks[h].upper
            if kind == "Event" and not toks[h].deva and not toks[h].cap and not toks[h].upper:
                # lower-case English events: a few descriptive words ("international carpet fair")
                if plural_word(toks[j - 1]):
                    continue  # "dholak workshops", "trade fairs": of a kind in general
                start = h
                while start - 1 >= 0 and h - (start - 1) <= 3 and toks[start - 1].sent == toks[h].sent \
                        and not toks[start - 1].num and toks[start - 1].text not in L["stop"] \
                        and toks[start - 1].text not in L["event_stop"] and _tight(doc, start - 1, start):
                    known = taken.get(start - 1)
                    if known is None:
                        start -= 1
                    elif known.type in ("Product", "Sector") and known.j == start and h - known.i <= 3:
                        start = known.i  # "a seven-day handloom expo", "the carpet fair": what it shows
                    else:
                        break
                b = start - 1
                while start < h and b > 0 and toks[b].text in L["event_stop"] and toks[b].sent == toks[h].sent:
                    b -= 1  # "a mega loan camp" (but "the biannual fair" names no event of its own)
                before = toks[b] if b >= 0 else None
                if before is None or not (before.num or before.text in L["determiners"] or before.text.endswith("'s")
                                          or before.text in _number_words()):
                    continue  # "to impart industrial training" is no event; "a four-day trade fair" is
                if j < len(toks) and not toks[j].cap and toks[j].stem in L["heads"] and _tight(doc, j - 1, j):
                    continue  # "the CM's camp office", "the meeting hall": the event word names a place
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
                # "the Merchant Chamber hall", "Partapur industrial area": a lower-case venue word, or
                # a two-word kind of industrial area, after a capitalised name
                venue = kind == "Place" and (cls == "Venue" or toks[h].text == "village"
                                             or cls == "IndustrialArea" and j - h >= 2) and h > 0 \
                    and toks[h - 1].cap and not toks[h - 1].deva \
                    and _tight(doc, h - 1, h) and toks[h - 1].text not in L["stop"]
                if not toks[h].deva and not head_cap and not venue:
                    continue  # ... but "the Merchant Chamber hall" names a venue
                limit = 3 if kind in ("Event", "Place") else 6
                # an organisation's name may hold a title word ("Handicraft Exporters Association")
                # ... and so may a scheme's ("मुख्यमंत्री युवा उद्यमी ...", "महिला उद्यमी प्रोत्साहन योजना")
                allow = ("Place", "Product", "Sector", "Role") if kind in ("Organization", "Scheme", "Event") \
                    else ("Place", "Product", "Sector")
                start = _left_name(doc, h, taken, limit, allow, opener=kind == "Organization")
                if kind == "Organization" and toks[h].deva and toks[h].text in L["company_back"] \
                        and not any(toks[x].latin or x in taken for x in range(start, h)):
                    continue  # "इंतजाम कंपनी करेगी", "किसान उत्पादक कंपनी": Hindi words before "कंपनी" name no company
                if kind == "Organization" and start < h and toks[start].deva and start > 0 \
                        and toks[start - 1].text in L["genitive"] and h - start == 1 and start not in taken:
                    continue  # "कार्रवाई की रिपोर्ट बोर्ड के ...": one word after "की" is what something has
                if kind == "Organization":
                    start = _after_title(doc, start, h, taken)
                    # "कंपनी गंगा टेक्सटाइल्स प्रा. लि.": a word for what it is, before its name
                    while h - start >= 2 and toks[start].text in L["org_descriptors"] and not toks[start].cap:
                        start += 1
                if venue and not head_cap:
                    # "Weavers of Lohta village": a lower-case head takes only the name right before it
                    while any(toks[x].text in L["stop"] for x in range(start, h)):
                        start += 1
                if kind == "Organization" and start == h and h > 0 and doc.between(h, h).strip() == ")":
                    # "सूक्ष्म लघु एवं मध्यम उद्यम (एमएसएमई) विभाग": the acronym in parentheses
                    # stands between the name and its head word
                    p = next((p for p in range(h - 1, max(0, h - 4), -1) if doc.between(p, p).strip() == "("), None)
                    if p is not None and p >= 1 and toks[p].sent == toks[h].sent and toks[p - 1].sent == toks[h].sent \
                            and toks[p - 1].text not in L["stop"] and not toks[p - 1].num \
                            and (toks[p - 1].deva or toks[p - 1].cap) \
                            and (taken.get(p - 1) is None or taken[p - 1].type in allow):
                        start = _left_name(doc, p - 1, taken, limit, allow)
                if kind == "Event":
                    while start < h and toks[start].text in L["event_stop"]:
                        start += 1
                    if start == h and h >= 2 and toks[h].deva and toks[h - 1].text in L["genitive"] \
                            and cls not in L["standalone_events"]:  # an agreement is named after its parties
                        # "जिला उद्योग बंधु की बैठक": whose meeting it is names it
                        g = _left_name(doc, h - 1, taken, limit, ())
                        if g < h - 1 and not any(toks[x].text in L["event_stop"] or toks[x].num for x in range(g, h - 1)):
                            start = g
            if kind == "Event" and start >= 1 and toks[start].text in L["ordinal"] and toks[start - 1].num \
                    and _tight(doc, start - 1, start):
                start -= 1  # "34वें स्थापना दिवस": the edition number is part of the name
            elif kind == "Event" and start >= 2 and toks[start - 1].text in L["ordinal"] and toks[start - 2].num \
                    and _tight(doc, start - 2, start - 1):
                start -= 2  # "43rd India Carpet Expo"
            elif kind == "Event" and start >= 1 and toks[start - 1].num and toks[start - 1].text[-2:] in ("st", "nd", "rd", "th"):
                start -= 1
            if kind == "Scheme" and toks[j - 1].deva and toks[j - 1].text != toks[j - 1].stem \
                    and toks[j - 1].text.endswith(L["plural_endings"]):
                continue  # "निर्यात प्रोत्साहन योजनाओं": schemes in general, not one scheme
            # "Feroze Gandhi Institute of Engineering and Technology", "the Association of Kanpur
            # Tanners" (a name of the head and one word, "Board of Directors", names no one)
            tail = _of_tail(doc, j, taken) if kind == "Organization" and not toks[h].deva and head_cap else j
            if start == h and tail - j <= 2:
                tail = j
            if kind not in ("Event", "Place") and start == h and tail == j or kind == "Place" and start == h and j - h == 1:
                continue
            if (kind == "Organization" or kind == "Place" and start == h) and _plural(toks[j - 1]):
                continue  # "आवेदन बैंकों", "औद्योगिक क्षेत्रों": banks, industrial areas in general
            j = tail
            bare = start == h and (j - h == 1 or kind == "Place")  # "the conclave", "the industrial area" are
            # bare; "trade fair", "इंटरेक्टिव बैठक" name one
            if kind == "Event":
                j = _event_tail(doc, j, cls)  # "एमओयू का आदान-प्रदान", "एमओयू पर हस्ताक्षर"
            out.append(Cand(start, j, kind, UPKG + cls if cls not in ("Sector",) else UPKG + "Sector",
                            f"{kind.lower()}-head-pattern", bare=bare))
            break
    out += _action_events(doc, out, taken)
    out += _acronym_orgs(doc, out, taken)
    out += _coordinated_orgs(doc, out, taken)
    out += _localities(doc, out, taken)
    out += _unit_places(doc, out, taken)
    out += _suffixed_villages(doc, cands)
    out += _locatives(doc, out, taken)
    # Venues introduced by their kind: "Hotel Clarks Avadh", "होटल ...".
    venue = _venue_words()
    for k, t in enumerate(toks):
        if t.stem in venue or t.text in venue:
            j = _name_run(doc, k + 1, taken, limit=3) if k + 1 < len(toks) else k + 1
            if j > k + 1:
                out.append(Cand(k, j, "Place", UPKG + "Venue", "venue-pattern"))
    return out


def _of_tail(doc: Doc, j: int, taken: dict[int, Cand]) -> int:
    """The end of an English organisation's name that goes on after its head word with "of" or
    "for" and capitalised words ("Institute of Engineering and Technology", "Council for Leather
    Exports"); j when it does not."""
    toks = doc.toks
    if j >= len(toks) or toks[j].text not in ("of", "for") or doc.between(j, j).strip() != "" \
            or toks[j].sent != toks[j - 1].sent:
        return j
    m = end = j + 1
    while m < len(toks) and m - j <= 7 and toks[m].sent == toks[j].sent and doc.between(m, m).strip() == "":
        t, c = toks[m], taken.get(m)
        if c is not None and c.i == m and c.type in ("Place", "Sector", "Product") and all(toks[x].cap for x in range(c.i, c.j)):
            m = end = c.j  # "Ministry of MSME", "Association of Kanpur"
        elif c is None and t.cap and not t.deva and not t.num and t.text not in lex()["stop"]:
            m = end = m + 1
        elif t.text in ("and", "&") and m > j + 1 and m + 1 < len(toks) and toks[m + 1].cap:
            m += 1
        else:
            break
    return end if end > j + 1 else j


def _action_events(doc: Doc, found: list[Cand], taken: dict[int, Cand]) -> list[Cand]:
    """"inaugurated", "laid the foundation stone", "भूमि पूजन", "हरी झंडी": an act that makes an
    event (``action_events`` in patterns.yaml); ``kg.entities`` decides whether it is one."""
    L = lex()
    used = {k for c in found for k in range(c.i, c.j)} | set(taken)
    out: list[Cand] = []
    for j in range(1, len(doc.toks) + 1):
        hit = _match_at(doc, j, L["action"])
        if hit is None or doc.toks[j - 1].chrome or any(k in used for k in range(hit[0], j)):
            continue
        h, act = hit
        c = Cand(h, j, "Event", UPKG + L["action_class"][act], "action-pattern", bare=True)
        c.extra["action"] = act
        out.append(c)
        used.update(range(h, j))
    return out


@lru_cache(maxsize=1)
def _event_tails() -> dict[str, list[list[str]]]:
    from kg.lexicon import load
    from kg.text import fold_key

    return {cls: [fold_key(t).replace("-", " ").split() for t in tails]
            for cls, tails in load("patterns").get("event_tails", {}).items()}


def _event_tail(doc: Doc, j: int, cls: str) -> int:
    """The end of an event's words after its head: "का आदान-प्रदान" after an MoU is part of
    what names the event (``event_tails`` in patterns.yaml)."""
    toks = doc.toks
    for words in _event_tails().get(cls, []):
        n = len(words)
        if j + n <= len(toks) and all(toks[j + x].text == w and toks[j + x].sent == toks[j - 1].sent
                                      for x, w in enumerate(words)) \
                and all(doc.between(j + x, j + x).strip() in ("", "-") for x in range(n)):
            return j + n
    return j


def _acronym_orgs(doc: Doc, found: list[Cand], taken: dict[int, Cand]) -> list[Cand]:
    """"FIEO president ...", "president of KMLC", "एफमेक के अध्यक्ष": an unknown acronym next to
    the title of an office in an organisation names that organisation. Titles that belong to a
    government or a district ("CM", "DM") say nothing about the word before them."""
    L = lex()
    toks = doc.toks
    used = {k for c in found for k in range(c.i, c.j)} | set(taken)
    roles = {c.i: c for c in taken.values() if c.type == "Role"}
    ends = {c.j: c for c in taken.values() if c.type == "Role"}

    def office(r: Cand | None) -> bool:
        return r is not None and r.role_org is None and r.iri not in _government_roles()

    # an acronym the article introduces in parentheses is the long name's (kg.mentions.acronym_mentions)
    named_at = {c.j for c in found} | {c.j for c in taken.values() if c.type not in ("Role", "Person")}
    intro_at = {toks[k].text: k for k in range(1, len(toks) - 1) if doc.between(k, k).strip().endswith("(")
                and doc.between(k + 1, k + 1).strip().startswith(")")}
    introduced = {a for a, k in intro_at.items() if k in named_at}
    out: list[Cand] = []
    spelled: set[str] = set()
    for k, t in enumerate(toks):
        if k in used or t.chrome or t.num or t.text in introduced or t.text in spelled \
                or re.sub(r"'s$", "", t.text) in L["org_back"]:
            continue  # ("the SPV's managing director": a word for the company named before)
        word = t.orig[:-2] if t.orig.endswith(("'s", "’s")) else t.orig
        acronym = (not t.deva and word.isalpha() and word.isupper() and 2 <= len(word) <= 8) or \
            (t.deva and t.latin is not None and t.latin.isupper() and 2 <= len(t.latin) <= 8)
        if not acronym:
            continue
        nxt = k + 1
        if t.deva and nxt < len(toks) and toks[nxt].text in L["org_before"]:
            nxt += 1  # "एफमेक के अध्यक्ष"
        after = roles.get(nxt) if nxt < len(toks) and toks[nxt].sent == t.sent and doc.between(nxt, nxt).strip() == "" else None
        m = k - 1 - (k > 0 and toks[k - 1].text == "the")
        before = ends.get(m) if m > 0 and toks[m].text == "of" and toks[m].sent == t.sent else None
        if not (office(after) or office(before)):
            continue
        long_name = _spelled_out(doc, intro_at[t.text], word, used) if t.text in intro_at else None
        if long_name is not None:
            # "Central Test Laboratory (CTL) ... director of CTL": the long name is the
            # organisation's, and kg.mentions.acronym_mentions makes every "CTL" name it
            out.append(Cand(long_name, intro_at[t.text], "Organization", ORG, "acronym-next-to-title"))
            used.update(range(long_name, intro_at[t.text]))
            spelled.add(t.text)
        elif k != intro_at.get(t.text):
            out.append(Cand(k, k + 1, "Organization", ORG, "acronym-next-to-title"))
            used.add(k)
    return out


def _spelled_out(doc: Doc, end: int, acronym: str, used: set[int]) -> int | None:
    """Where the capitalised words before ``end`` whose initials spell ``acronym`` start
    ("Central Test Laboratory" before "(CTL)"), if they do."""
    toks = doc.toks
    joiners = lex()["join"] | {"of", "for", "the", "on", "in"}
    initials = ""
    k = end
    while k > 0 and len(initials) < len(acronym):
        t = toks[k - 1]
        if k - 1 in used or t.deva or t.sent != toks[end].sent or k < end and doc.between(k, k).strip() not in ("", ","):
            return None
        if t.cap or t.upper:
            initials = t.orig[0].upper() + initials
        elif t.text not in joiners or k == end or not initials:
            return None
        k -= 1
    return k if initials == acronym.upper() and k < end else None


@lru_cache(maxsize=1)
def _government_roles() -> frozenset[str]:
    """Roles of governments and districts (``district_roles`` and ``government_roles`` in
    patterns.yaml): the words next to them are places or parties."""
    from kg.gazetteer import gazetteer
    from kg.lexicon import load

    gaz = gazetteer()
    labels = lex()["district_roles"] | set(load("patterns").get("government_roles", []))
    return frozenset(iri for iri, e in gaz.entries.items() if e.type == "Role" and e.label in labels)


def _localities(doc: Doc, found: list[Cand], taken: dict[int, Cand]) -> list[Cand]:
    """"चिनहट, लखनऊ स्थित ...": the names before "स्थित" (located at) are places."""
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


def _unit_places(doc: Doc, found: list[Cand], taken: dict[int, Cand]) -> list[Cand]:
    """"सांगीपुर, लालगंज और संडवा चंद्रिका ब्लॉक", "Pannuganj village", "Fatehpur tehsil": the
    names before a block, tehsil or village word (``unit_places``) are places, each item of a list
    too; names already known are left as they are."""
    L = lex()
    toks = doc.toks
    owner = {k: c for c in found for k in range(c.i, c.j)}
    owner.update(taken)
    out: list[Cand] = []
    for k, t in enumerate(toks):
        if t.text not in L["unit_places"] or k == 0 or t.chrome:
            continue
        end = k
        while end > 0 and toks[end - 1].sent == t.sent:
            english = not toks[end - 1].deva
            start = end
            while start - 1 >= 0 and end - (start - 1) <= 2 and (start - 1) not in owner \
                    and _name_token(doc, start - 1, {}, english) and toks[start - 1].text not in L["heads"] \
                    and toks[start - 1].sent == t.sent and (start == end or _tight(doc, start - 1, start)):
                start -= 1
            if start == end and (end - 1) in owner:
                start = owner[end - 1].i  # a known name: skip it, the list may go on
            elif start == end:
                break
            else:
                c = Cand(start, end, "Place", UPKG + "City", "unit-pattern")
                out.append(c)
                owner.update((x, c) for x in range(start, end))
            # the items before it: "A, B और C ब्लॉक"
            gap = doc.between(start, start).strip()
            if start >= 2 and gap == "," or start >= 2 and gap == "" and toks[start - 1].text in L["join"] \
                    and toks[start - 1].sent == t.sent:
                end = start if gap == "," else start - 1
                if doc.between(end, end).strip() not in ("", ","):
                    break
                continue
            break
    return out


def _suffixed_villages(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """"रामपुर खास", "Sikandarpur Kalan": a known name with a village suffix (``village_suffixes``)
    is a village of its own, not the district or town it starts with."""
    toks, suffixes = doc.toks, lex()["village_suffixes"]
    out = []
    for c in cands:
        if c.type == "Place" and c.j < len(toks) and toks[c.j].text in suffixes and toks[c.j].sent == toks[c.i].sent \
                and _tight(doc, c.j - 1, c.j) and (toks[c.j].deva or toks[c.j].cap):
            out.append(Cand(c.i, c.j + 1, "Place", UPKG + "City", "village-suffix-pattern", extra={"whole": True}))
    return out


def _plural(t) -> bool:
    """A Hindi noun in its plural form ("बैंकों", "क्षेत्रों")."""
    return t.deva and t.text != t.stem and t.text.endswith(lex()["plural_endings"])


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Capitalised words after "in"/"at" that name no place: months, weekdays, head words."""
    from kg.lexicon import load

    v = load("values")
    words = [w for table in (v["months"], v["weekdays"]) for ws in table.values() for w in ws]
    words += load("patterns").get("not_places", [])
    return frozenset(fold_key(str(w)) for w in words) | lex()["heads"] | lex()["stop"] | lex()["honor"]


def _locatives(doc: Doc, found: list[Cand], taken: dict[int, Cand]) -> list[Cand]:
    """English: "near Sirsaganj", "in Jaswantnagar and Bharthana", "Kasganj-based": an unknown
    capitalised name of one or two words after a locative word (``locative_words``), ending the
    phrase, or before "-based", is a place."""
    from kg.lexicon import load
    from kg.people import _surnames  # (kg.people builds on this module's neighbours)

    toks = doc.toks
    locative = {fold_key(w) for w in load("patterns").get("locative_words", [])}
    used = {k for c in found for k in range(c.i, c.j)} | set(taken)
    # a surname after a locative word is a person's ("in Khandelwal's words")
    skip = _not_places() | _surnames()

    def name_end(k: int) -> int:
        j = k
        while j < len(toks) and j - k < 2 and j not in used and toks[j].cap and not toks[j].upper \
                and not toks[j].deva and not toks[j].chrome and re.sub(r"'s$", "", toks[j].text) not in skip \
                and toks[j].sent == toks[k].sent \
                and (j == k or doc.between(j, j) == " "):
            j += 1
        return j

    def ends_phrase(j: int) -> bool:
        return j >= len(toks) or toks[j].sent != toks[j - 1].sent or doc.between(j, j).strip() in (",", ".", ";") \
            or not toks[j].cap and not toks[j].num and doc.between(j, j) == " "

    out: list[Cand] = []
    for k, t in enumerate(toks):
        if t.deva or t.chrome:
            continue
        if t.text == "based" and k > 1 and doc.between(k, k) == "-" and (k - 1) not in used and toks[k - 1].cap \
                and not toks[k - 1].upper and toks[k - 1].text not in skip and toks[k - 2].sent == t.sent:
            out.append(Cand(k - 1, k, "Place", UPKG + "City", "locative-pattern"))
            used.add(k - 1)
            continue
        if t.text not in locative or t.cap:
            continue
        start = k + 1
        while start < len(toks):
            j = name_end(start)
            if j == start or not ends_phrase(j) or j < len(toks) and toks[j].text.endswith("'s"):
                break
            out.append(Cand(start, j, "Place", UPKG + "City", "locative-pattern"))
            used.update(range(start, j))
            if j < len(toks) and toks[j].text == "and" and doc.between(j, j) == " ":
                start = j + 1  # "in Jaswantnagar and Bharthana"
                continue
            break
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
            if gap == "," and end == c.i and not (c.j < len(toks) and (toks[c.j].text in L["join"]
                                                                    or doc.between(c.j, c.j).strip() == ",")):
                break  # a list goes on to "and": "शीतगृह भी बना, किसान ... कंपनी से" is none
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
                    and doc.between(start, start).strip()[-1:] not in (",", ":") and toks[start - 1].sent == toks[start].sent:
                break
            if start == k + 1 or all(toks[x].stem in L["org_back"] for x in range(start, k + 1)):
                break  # "फर्म और ... संस्थान": "the firm" refers back to one already named
            if start > 0 and toks[start - 1].text in L["genitive"] and doc.between(start, start).strip() == "":
                break  # "स्क्रैप के बढ़ते दाम और जीएसटी विभाग": what something has is no organisation
            out.append(Cand(start, k + 1, "Organization", c.cls, "list-of-organisations"))
            used.update(range(start, k + 1))
            end = start
    return out


def _after_title(doc: Doc, start: int, h: int, taken: dict[int, Cand]) -> int:
    """A name that opens with a title and "of" is the title's organisation: in "Chairman of Alpha
    Exports Pvt Ltd" the organisation starts at "Alpha" (the title is the person's, not the name's)."""
    r = taken.get(start)
    if r is None or r.type != "Role" or r.i != start or r.j >= h:
        return start
    words = [t.text for t in doc.toks[r.j:h]]
    for link in lex()["title_links"]:
        if tuple(words[:len(link)]) == link and r.j + len(link) < h:
            return r.j + len(link)
    return start
