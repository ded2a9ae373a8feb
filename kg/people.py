"""Mentions of persons found by patterns: a name after a title or honorific, before ", <title>",
with a verb of speech, or ending in a common surname (``ontology/lexicon/names.yaml``)."""

from __future__ import annotations

from functools import lru_cache

from kg.document import Doc
from kg.lexicon import load
from kg.mentions import FOAF_PERSON, Cand, _match_at, _name_run, _name_token, _tight, lex
from kg.text import fold_key


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
            if t.text in L["name_openers"] and _company_follows(doc, j):
                continue  # "श्री राम एग्रो प्रोडक्ट्स लिमिटेड" is a company's name, not a person's
            if j - (k + 1) >= (1 if not toks[k + 1].deva else 2):
                add(k + 1, j, "honorific-pattern")

    return out


def _company_follows(doc: Doc, j: int) -> bool:
    """Whether a company suffix ("प्रोडक्ट्स लिमिटेड", "Industries") follows token ``j`` closely."""
    toks = doc.toks
    for e in range(j + 1, min(j + 4, len(toks) + 1)):
        if toks[e - 1].sent != toks[j - 1].sent or not _tight(doc, e - 2, e - 1):
            return False
        hit = _match_at(doc, e, lex()["org"])
        if hit is not None and hit[1] == "Company":
            return True
    return False


@lru_cache(maxsize=1)
def _surnames() -> set[str]:
    d = load("names")
    return {fold_key(w) for w in list(d["latin"]) + list(d["hindi"])}


def surname_mentions(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Two or three name-like words ending in a common surname ("अनिल वर्मा", "Harpreet Singh")."""
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
        # the next word may be a second surname ("Anil Kumar Verma")
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
