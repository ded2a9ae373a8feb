"""Mentions found by head words: organisations ("... Limited", "... एसोसिएशन"), events
("... Conclave", "... बैठक"), schemes, places, venues and sectors, with the names before them; lists
of organisations; localities before "स्थित". The words live in ``ontology/lexicon/patterns.yaml``."""

from __future__ import annotations

from functools import lru_cache

from kg.document import Doc
from kg.mentions import UPKG, Cand, _left_name, _match_at, _name_run, _name_token, _tight, lex


@lru_cache(maxsize=1)
def _last_words() -> frozenset[str]:
    """Every word that ends a head phrase of some kind (the keys of the head tables)."""
    L = lex()
    return frozenset(w for kind in ("org", "scheme", "place", "event", "sector", "sector_weak") for w in L[kind])


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
                start = _left_name(doc, h, taken, limit, allow, opener=kind == "Organization")
                if kind == "Organization":
                    start = _after_title(doc, start, h, taken)
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
                    and toks[j - 1].text.endswith(L["plural_endings"]):
                continue  # "निर्यात प्रोत्साहन योजनाओं": schemes in general, not one scheme
            if kind not in ("Event", "Place") and start == h or kind == "Place" and start == h and j - h == 1:
                continue
            bare = start == h and j - h == 1  # "the conclave" is bare; "trade fair", "इंटरेक्टिव बैठक" name one
            out.append(Cand(start, j, kind, UPKG + cls if cls not in ("Sector",) else UPKG + "Sector",
                            f"{kind.lower()}-head-pattern", bare=bare))
            break
    out += _coordinated_orgs(doc, out, taken)
    out += _localities(doc, out, taken)
    # Venues introduced by their kind: "Hotel Clarks Avadh", "होटल ...".
    venue = _venue_words()
    for k, t in enumerate(toks):
        if t.stem in venue or t.text in venue:
            j = _name_run(doc, k + 1, taken, limit=3) if k + 1 < len(toks) else k + 1
            if j > k + 1:
                out.append(Cand(k, j, "Place", UPKG + "Venue", "venue-pattern"))
    return out


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
