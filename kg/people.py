"""Mentions of persons found by patterns: a name after a title or honorific, before ", <title>",
with a verb of speech, or ending in a common surname (``ontology/lexicon/names.yaml``)."""

from __future__ import annotations

from functools import lru_cache

from kg.document import Doc
from kg.lexicon import load
from kg.mentions import FOAF_PERSON, Cand, _match_at, _name_run, _name_token, _tight, lex
from kg.text import fold_key
from kg.values import is_age


def person_mentions(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Persons after titles and honorifics, before ", <title>", and with verbs of speech."""
    L = lex()
    taken = {k: c for c in cands for k in range(c.i, c.j)}
    toks = doc.toks
    out: list[Cand] = []

    def add(i: int, j: int, rule: str, **extra) -> None:
        known = taken.get(i)
        if known is not None and known.type == "Person" and known.known and known.i == i and known.j < j:
            j = known.j  # "मुख्यमंत्री योगी आदित्यनाथ चाहते हैं": a known name ends where it ends
        if j - i >= 1 and not any(k in taken and taken[k].type != "Person" for k in range(i, j)):
            c = Cand(i, j, "Person", FOAF_PERSON, rule, extra=extra)
            out.append(c)
            for k in range(i, j):
                taken[k] = c

    plural = _plural_acronym_roles(doc, taken)
    out += plural
    taken.update({k: c for c in plural for k in range(c.i, c.j)})
    roles = sorted((c for c in list(cands) + plural if c.type == "Role"), key=lambda c: c.i)
    known = {k: c for c in cands if _portfolio_cand(c) for k in range(c.i, c.j)}
    shared = _shared_titles()
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
        # "प्रमुख सचिव एमएसएमई आलोक कुमार", "Minister of State for MSME Shobha Karandlaje": the
        # portfolio between the title and the name is skipped, unless the name would be too short
        # (a district's officers hold no portfolio: "जिलाधिकारी विकास चंद्र" is the DM Vikas Chandra)
        p = portfolio_end(doc, k, known)
        if chain[-1].iri in _district_role_iris() and not doc.between(k, k).strip().endswith("("):
            p = k
        if p > k and p < len(toks) and _name_run(doc, p, taken) - p >= 2:
            k = p
        j = _trim_after_surname(doc, k, _name_run(doc, k, taken))
        if any(toks[x].stem in _head_words() and toks[x].text not in _surnames() for x in range(k, j)) \
                or _company_follows(doc, j, any_kind=True):
            continue  # "Exporters Association", "उद्यमी प्रोत्साहन योजना": the name of an organisation or scheme
        if chain[-1].iri in shared and j > k and toks[k].deva and toks[j - 1].text not in _surnames() \
                and not _closes_name(doc, j, cands):
            continue  # "उद्यमी काफी परेशान हैं": a title many hold, then words that are no name
        honoured = k > 0 and toks[k - 1].text in L["honor"] and k - 1 >= r.j
        if j - k >= 2 or (j - k == 1 and not toks[k].deva and not toks[k].upper and doc.between(j, j).strip() in (",", "")
                          and j < len(toks) and toks[j].text in L["speech_en"]) \
                or (j - k == 1 and honoured and toks[k].deva):  # "अध्यक्ष मोहम्मद इरफान"
            add(k, j, "title-pattern", roles=[c.i for c in chain], org=org.i if org else None)
            if chain[-1].iri in shared:
                # "उद्यमी सुनीता बाजपेयी, राहुल मेहरोत्रा और अमित जैन": a title many hold at once
                # is shared by the names listed after it
                for i2, j2 in _listed_names(doc, j, taken):
                    add(i2, j2, "title-list", roles=[c.i for c in chain])

    for r in roles:
        # "राकेश सचान (एमएसएमई मंत्री)", "Priya Nath (deputy director, ...)": a title in
        # parentheses after a name
        b = _paren_start(doc, r.i, known)
        if b is not None and (b - 1) not in taken:
            a = _name_start(doc, b, taken)
            if b - a >= 2:
                add(a, b, "title-pattern", roles=[r.i], after=True)

    for k, t in enumerate(toks[:-1]):
        # a byline, "By Ananya Pathak" (its "By" is chrome): the name that ends the line or comes
        # before the agency ("By Rahul Mishra, TNN") is the author's
        if t.text == "by" and t.chrome and not toks[k + 1].chrome and (k == 0 or "\n" in doc.between(k, k)) \
                and (k + 1) not in taken:
            j = _name_run(doc, k + 1, taken)
            end = doc.between(j, j) if j < len(toks) else "\n"
            if 2 <= j - (k + 1) <= 4 and all(x.cap for x in toks[k + 1:j]) and ("\n" in end or end.strip()[:1] in (",", "/", "|")):
                add(k + 1, j, "byline")
    for k, t in enumerate(toks):
        if t.text in L["honor"] and k + 1 < len(toks) and (k + 1) not in taken:
            j = _name_run(doc, k + 1, taken)
            if t.text in L["name_openers"] and _company_follows(doc, j):
                continue  # "श्री राम एग्रो प्रोडक्ट्स लिमिटेड" is a company's name, not a person's
            if j - (k + 1) >= (1 if not toks[k + 1].deva else 2):
                add(k + 1, j, "honorific-pattern")

    return out


def _company_follows(doc: Doc, j: int, any_kind: bool = False) -> bool:
    """Whether a company suffix ("प्रोडक्ट्स लिमिटेड", "Industries") follows token ``j`` closely;
    with ``any_kind``, the suffix of any organisation ("... मैन्युफैक्चरर्स एसोसिएशन")."""
    toks = doc.toks
    for e in range(j + 1, min(j + 4, len(toks) + 1)):
        if toks[e - 1].sent != toks[j - 1].sent or not _tight(doc, e - 2, e - 1) \
                or toks[e - 1].text in lex()["join"] or toks[e - 1].text in lex()["stop"]:
            return False  # "सुमनेश अग्रवाल और चैंबर ऑफ इंडस्ट्रीज": another name begins
        hit = _match_at(doc, e, lex()["org"])
        if hit is not None and (hit[1] == "Company" or any_kind):
            return True
    return False


@lru_cache(maxsize=1)
def _portfolio_words() -> set[str]:
    d = load("patterns").get("portfolio_words", {})
    return {fold_key(w) for w in d.get("en", []) + d.get("hi", [])}


def portfolio_end(doc: Doc, k: int, known: dict[int, Cand]) -> int:
    """The end of a portfolio that starts at token k, between a title and a name: a parenthesised
    gloss of up to five words ("(एमएसएमई)", "(Industries)"), or, after an optional "for", a run of
    portfolio words and known sectors or products ("औद्योगिक विकास", "for MSME", "MSME and Export
    Promotion"). Returns k when there is none. ``known`` maps token indices to sector and product
    mentions."""
    toks = doc.toks
    if k >= len(toks):
        return k
    sent = toks[k].sent
    if doc.between(k, k).strip().endswith("("):
        for m in range(k + 1, min(len(toks), k + 6)):
            gap = doc.between(m, m).strip()
            if toks[m].sent != sent:
                break
            if gap.startswith(")"):
                return m if gap in (")", "),") else k
            if gap not in ("", ",", "-", "&", "/"):
                break
        return k
    words, join = _portfolio_words(), lex()["join"]
    m = k + 1 if toks[k].text == "for" else k
    start = m
    while m < len(toks) and toks[m].sent == sent and m - start < 8 and not toks[m].chrome:
        if m > start and doc.between(m, m).strip() not in ("", ",", "&", "-", "/"):
            break
        c = known.get(m)
        if c is not None and c.i == m:
            m = c.j
        elif toks[m].text in words and not toks[m].num:
            m += 1
        else:
            break
    while m > start and (toks[m - 1].text in join or toks[m - 1].text in ("&",)):
        m -= 1
    if m == start or m >= len(toks) or doc.between(m, m).strip() != "":
        return k  # "विशेषज्ञ ईएंडएफ, हरिंदर सिंह": after a comma comes the next item of a list
    return m


def _plural_acronym_roles(doc: Doc, taken: dict) -> list[Cand]:
    """"MLAs", "MPs", "CEOs": the plural of a title's acronym (the vocabulary lists the singular,
    and acronyms match only as written)."""
    from kg.gazetteer import gazetteer, stem

    gaz = gazetteer()
    out = []
    for k, t in enumerate(doc.toks):
        if k in taken or t.deva or t.chrome or not t.orig.endswith("s") or not t.orig[:-1].isupper() or len(t.orig) < 3:
            continue
        key = (stem(t.text),)
        ids = gaz.index.get(key, [])
        entry = gaz.entries[ids[0]] if ids else None
        if entry is not None and entry.type == "Role" and t.orig[:-1] in (gaz.case_sensitive.get(key) or {t.orig[:-1]}):
            out.append(Cand(k, k + 1, "Role", entry.cls, "reference-alias", iri=entry.iri, role_org=entry.org))
    return out


@lru_cache(maxsize=1)
def _district_role_iris() -> frozenset[str]:
    """Roles of a district administration whose title names no portfolio (``district_roles``;
    "Deputy Commissioner (Industries)" names one in its label)."""
    from kg.gazetteer import gazetteer

    return frozenset(iri for iri, e in gazetteer().entries.items()
                     if e.type == "Role" and e.label in lex()["district_roles"] and "(" not in e.label)


@lru_cache(maxsize=1)
def _head_words() -> set[str]:
    """Words that end names of organisations, events, places and schemes: never in a person's name."""
    from kg.gazetteer import stem

    d = load("patterns")
    return lex()["heads"] | {stem(t) for w in d["scheme_heads"] for t in fold_key(w).split()}


def _portfolio_cand(c: Cand) -> bool:
    """Known sectors, products and districts may stand in a portfolio ("उपायुक्त उद्योग, आगरा")."""
    return c.type in ("Sector", "Product") or c.cls.endswith("#District")


@lru_cache(maxsize=1)
def _shared_titles() -> set[str]:
    """IRIs of the roles whose English labels ``shared_titles`` in patterns.yaml lists."""
    from kg.gazetteer import gazetteer

    labels = set(load("patterns").get("shared_titles", []))
    return {iri for iri, e in gazetteer().entries.items() if e.type == "Role" and e.label in labels}


def _listed_names(doc: Doc, j: int, taken: dict) -> list[tuple[int, int]]:
    """The names listed after a name that ends at j: ", B", "and C", "व D" (each two words or more)."""
    toks, join = doc.toks, lex()["join"]
    out = []
    while j < len(toks) and toks[j].sent == toks[j - 1].sent:
        gap = doc.between(j, j).strip()
        k = j
        if toks[k].text in join and gap in ("", ","):
            k += 1
            if k >= len(toks) or doc.between(k, k).strip() != "":
                break
        elif gap != ",":
            break
        while k < len(toks) and toks[k].text in lex()["honor"]:
            k += 1
        if k >= len(toks) or k in taken:
            break
        e = _trim_after_surname(doc, k, _name_run(doc, k, taken))
        if e - k < 2:
            break
        out.append((k, e))
        j = e
    return out


def _paren_start(doc: Doc, i: int, known: dict) -> int | None:
    """The token after which "(" opens a parenthesis that holds the title at i, with a portfolio
    before the title allowed ("(एमएसएमई मंत्री)"); None when the title is not parenthesised."""
    words = _portfolio_words()
    k = i
    while k - i > -6:
        if doc.between(k, k).strip().endswith("(") and k > 0:
            return k
        if k - 1 < 0 or doc.between(k, k).strip() not in ("", ","):
            return None
        c = known.get(k - 1)
        if c is not None:
            k = c.i
        elif doc.toks[k - 1].text in words:
            k -= 1
        else:
            return None
    return None


def _name_start(doc: Doc, b: int, taken: dict) -> int:
    """Start of the name tokens that end at b (exclusive), walking left: at most three Hindi or
    four English words, in one sentence and tight."""
    toks = doc.toks
    english = not toks[b - 1].deva
    limit = 4 if english else 3
    a = b
    while a - 1 >= 0 and b - (a - 1) <= limit and toks[a - 1].sent == toks[b - 1].sent \
            and _name_token(doc, a - 1, taken, english) and (a == b or _tight(doc, a - 1, a)):
        a -= 1
    return a


def _trim_after_surname(doc: Doc, k: int, j: int) -> int:
    """A Hindi name of three words whose second is a surname and whose third is not ends at the
    surname: "अनुज मलिक मौजूद" is "अनुज मलिक" (Hindi names have no capitals to end them)."""
    toks = doc.toks
    if j - k == 3 and toks[k].deva:
        names = _surnames()
        if toks[k + 1].text in names and toks[k + 2].text not in names:
            # ... unless what follows closes a name: "गौरव सिंह सोगरवाल और", "... सोगरवाल ने"
            after = doc.between(j, j).strip() if j < len(toks) else "."
            if after or j >= len(toks) or toks[j].text in _name_enders():
                return j
            return k + 2
    return j


def _closes_name(doc: Doc, j: int, cands: list[Cand]) -> bool:
    """Whether what follows token j-1 can follow a Hindi name: punctuation, the end of the
    sentence, a postposition or conjunction (ने, का, और ...), or a known name or title ("... लतीफ
    लखनऊ के कांक्लेव में"). "प्रशासन पूरी मदद करेगा"
    (the administration will help fully) is no person Prashasan Puri."""
    toks = doc.toks
    if j >= len(toks) or toks[j].sent != toks[j - 1].sent or doc.between(j, j).strip():
        return True
    return toks[j].text in _name_enders() or any(c.i == j and c.type != "Person" for c in cands)


@lru_cache(maxsize=1)
def _name_enders() -> frozenset[str]:
    """Hindi words that follow a person's name (``name_enders``), folded as tokens are ("भी" is
    read "भि")."""
    return frozenset(fold_key(w) for w in load("patterns")["name_enders"])


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
        if end - start >= 2 and english or end - start >= 2 and _closes_name(doc, end, cands):
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
        if j - k < 2 or toks[j - 1].stem in L["heads"]:
            continue  # "Government Polytechnic, said": an organisation's name
        after = doc.between(j, j).strip() if j < len(toks) else ""
        nxt = taken.get(j + 0) if j < len(toks) else None
        aged = after == "," and j + 1 < len(toks) and toks[j].num and doc.between(j + 1, j + 1).strip() == "," \
            and toks[j].sent == toks[k].sent
        if after == "," and j < len(toks):
            m = j + 1 if aged else j  # "Harsh Vardhan Singh, 24, founder of ..."
            m = m if toks[m].text not in ("the", "a", "an") else m + 1
            if m + 1 < len(toks) and toks[m].text.endswith("'s") and toks[m].text[:-2].isalpha() and taken.get(m) is None:
                m += 1  # "Nidhi Chaurasia, the incubator's chief executive"
            o = taken.get(m)
            if o is not None and o.type == "Organization" and o.i == m and taken.get(o.j) is not None:
                m = o.j  # "Ravi Kishan, the BJP MP from Gorakhpur"
            if m < len(toks) and taken.get(m) is not None and taken[m].type == "Role":
                add(k, j, "title-pattern", roles=[taken[m].i], after=True)
                continue
        if aged and is_age(toks[j].text):
            add(k, j, "age-pattern")  # "Abdul Wahid, 58, who has carved combs ..."
            continue
        prev = toks[k - 1].text if k > 0 else ""
        if prev in L["speech_en"] or (j < len(toks) and toks[j].text in L["speech_en"] and nxt is None):
            add(k, j, "speech-pattern")
    return out
