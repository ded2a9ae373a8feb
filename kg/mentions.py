"""Mentions: spans of an article that name an entity (or a role).

This module owns the candidates, the gazetteer pass (every known name of the reference
vocabularies, longest match first), acronyms in parentheses, the choice among overlapping
candidates and the order of the passes. The pattern passes for things the vocabularies do not
know live beside it: persons in ``kg.people``, organisations, events, schemes, places and sectors
named by head words in ``kg.heads``; their words are in ``ontology/lexicon/patterns.yaml``.
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
        "name_openers": {fold_key(w) for w in d.get("name_opening_honorifics", [])},
        "legal_forms": {fold_key(w) for w in d.get("company_legal_forms", [])},
        "dotted": set(d.get("dotted_abbreviations", [])) | {fold_key(w) for w in d.get("dotted_abbreviations", [])},
        "join": {fold_key(w) for w in d["title_joiners"]},
        "org_before": {fold_key(w) for w in d["org_title_links"]["before"]},
        "title_links": sorted((tuple(fold_key(w).split()) for w in d["org_title_links"]["after"]), key=len, reverse=True),
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
        "heads": {stem(t) for group in (d["event_heads"], d["org_suffixes"], d["place_heads"], {"": d["unit_places"]})
                  for words in group.values() for w in words for t in fold_key(w).split()},
        "unit_places": {fold_key(w) for w in d["unit_places"]},
        "village_suffixes": {fold_key(w) for w in d["village_suffixes"]},
        "event_stop": {fold_key(w) for w in d.get("event_modifier_stop", [])},
        "determiners": {fold_key(w) for w in d.get("determiners", [])},
        "name_words": {fold_key(w) for w in d.get("name_words", [])},
        "located_words": {fold_key(w) for w in d.get("located_words", [])},
        "org_units": {fold_key(w) for w in d.get("org_unit_words", [])},
        "district_offices": set(d.get("district_offices", [])),
        "plural_endings": tuple(fold_key(w) for w in d.get("plural_endings", [])),
        "org_back": {fold_key(w) for w in d.get("org_back_references", [])},
        "company_back": {fold_key(w) for w in d.get("company_back_references", [])},
        "org_descriptors": {fold_key(w) for w in d.get("org_descriptors", [])},
        "office_bearers": set(d.get("office_bearer_titles", [])),
        "ordinal": {fold_key(w) for w in d.get("ordinal_suffixes", [])},
        "gov_cues": [(tuple(fold_key(w).split()), org) for org, ws in d.get("government_cues", {}).items() for w in ws],
        "gov_default": d.get("government_default"),
        "district_roles": set(d.get("district_roles", [])),
        "standalone_events": set(d.get("standalone_events", [])),
        "head_events": set(d.get("head_events", [])),
        "genitive": {fold_key(w) for w in d.get("genitive_words", [])},
        "action": table({act: words for acts in d.get("action_events", {}).values() for act, words in acts.items()}),
        "action_class": {act: cls for cls, acts in d.get("action_events", {}).items() for act in acts},
        "event_english": {fold_key(h): en for en, hs in d.get("event_head_english", {}).items() for h in hs},
    }


def plural_word(t) -> bool:
    """"MoUs", "firms", "करारों": things of a kind in general, not one of them."""
    return t.text != t.stem and (t.deva and t.text.endswith(lex()["plural_endings"])
                                 or not t.deva and t.text.endswith("s") and not t.text.endswith("'s"))


def _match_at(doc: Doc, j_end: int, table) -> tuple[int, str] | None:
    """Does a table phrase end at token j_end (exclusive)? Return (start index, class)."""
    last = doc.toks[j_end - 1]
    by_stem = table.get(last.stem)
    by_text = table.get(last.text) if last.text != last.stem else None
    if not by_stem and not by_text:
        return None  # most tokens end no phrase: answer before building anything
    rows = (by_stem or []) + (by_text or [])
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


@lru_cache(maxsize=1 << 16)
def _sound_key(word: str) -> str:
    return phonetic_key(word, vowels=True)  # cached here too: a keyword call misses the fast path of its cache


def _prefix_run(words: list[str], i: int, end: int, prefixes: set[tuple[str, ...]]) -> int:
    """How many of ``words[i:end - 1]`` (at most) begin some alias of the gazetteer."""
    m = 0
    while i + m < end - 1 and tuple(words[i:i + m + 1]) in prefixes:
        m += 1
    return m


def gazetteer_mentions(doc: Doc, gaz: Gazetteer) -> list[Cand]:
    """Every known alias, longest first; overlapping shorter ones are kept for later choice."""
    out: list[Cand] = []
    toks = doc.toks
    n = len(toks)
    max_len = gaz.max_len
    stop = lex()["stop"]
    # each token's spellings, computed once (a span's keys are built from its tokens' ones)
    texts = [t.text for t in toks]
    spellings = [(t.latin or t.text).lower() for t in toks]
    joins: dict[int, bool] = {}

    def joinable(k: int) -> bool:
        """May an alias run on from token k to k+1? Only spaces (or a comma) between them."""
        if k not in joins:
            joins[k] = _tight(doc, k, k + 1) or doc.between(k + 1, k + 1).strip() in (",",)
        return joins[k]

    for i in range(n):
        t = toks[i]
        if t.chrome:
            continue
        longest = max(max_len.get(t.text, 0), max_len.get(t.stem, 0))
        if t.latin:
            latin = t.latin.lower()
            longest = max(longest, max_len.get(stem(latin), 0), max_len.get(latin, 0))
        found = False
        if longest:
            # a span is an alias only if its words but the last begin one: how many words do?
            cap = min(i + longest, n)
            by_text = _prefix_run(texts, i, cap, gaz.prefixes)
            by_spelling = _prefix_run(spellings, i, cap, gaz.prefixes)
            # the longest such span that stays in the sentence and is joined by spaces only
            top = min(cap, i + max(by_text, by_spelling) + 1)
            reach = i + 1
            while reach < top and toks[reach].sent == t.sent and joinable(reach - 1):
                reach += 1
            for length in range(reach - i, 0, -1):
                j = i + length
                head_keys = spelled_keys = ()
                if length - 1 <= by_text:
                    head = tuple(texts[i:j - 1])
                    head_keys = (head + (toks[j - 1].stem,), head + (toks[j - 1].text,))
                if length - 1 <= by_spelling:
                    spelled = tuple(spellings[i:j])
                    spelled_keys = (spelled, spelled[:-1] + (stem(spelled[-1]),))
                for key in head_keys + spelled_keys:
                    if key not in gaz.index:
                        continue
                    if key in gaz.capitalised and length == 1 and not t.cap:
                        continue
                    forms = gaz.case_sensitive.get(key)
                    if forms:
                        shown = "".join(x.latin or x.orig for x in toks[i:j]) if key in spelled_keys \
                            else doc.quote(i, j)[2]
                        shown = shown[:-2] if shown.endswith(("'s", "’s")) else shown  # "BJP's"
                        if shown.replace(".", "").replace(" ", "") not in {f.replace(" ", "") for f in forms}:
                            continue
                    e = gaz.entries[gaz.index[key][0]]
                    if length == 1 and t.deva and e.type == "Place" and key != (t.text,):
                        continue  # Hindi place names are not inflected: a verb's -ते ending cut off is no town
                    out.append(Cand(i, j, e.type, e.cls, "reference-alias", iri=e.iri, role_org=e.org,
                                    extra=_towns_named(gaz, gaz.index[key])))
                    found = True
                    break
                if found:
                    break
        if not found and t.deva and len(t.text) >= 3 and t.text not in stop:
            ids = gaz.sound.get(_sound_key(t.text))
            towns = _towns_named(gaz, ids or [])
            if ids and (len(ids) == 1 or towns):
                e = gaz.entries[ids[0]]
                out.append(Cand(i, i + 1, e.type, e.cls, "transliteration-key", iri=e.iri, extra=towns))
    return out


def _towns_named(gaz: Gazetteer, ids: list[str]) -> dict:
    """Towns of several districts that share a name ("Lalganj"): kg.entities picks the one in the
    article's district."""
    if len(ids) < 2 or not all(gaz.entries[i].cls.endswith("#City") and i in gaz.located_in for i in ids):
        return {}
    return {"towns": tuple(ids)}


def _initial(doc: Doc, k: int) -> bool:
    """A Devanagari letter name with its full stop: an initial of a name ("आर.पी. वर्मा")."""
    from kg.text import _letter_names

    return doc.toks[k].deva and doc.toks[k].text in _letter_names() and k + 1 < len(doc.toks) \
        and doc.between(k + 1, k + 1).strip() == "." and doc.toks[k + 1].sent == doc.toks[k].sent


def _name_token(doc: Doc, k: int, taken: dict[int, Cand], english: bool) -> bool:
    t = doc.toks[k]
    L = lex()
    if not english and _initial(doc, k) and not (k in taken and taken[k].type != "Person"):
        return True
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


@lru_cache(maxsize=1)
def _acts() -> frozenset[str]:
    """One-word acts that make events ("उद्घाटन", "लोकार्पण"; ``action_events``)."""
    return frozenset(phrase[0] for rows in lex()["action"].values() for phrase, _ in rows if len(phrase) == 1)


def _left_name(doc: Doc, end: int, taken, limit: int, allow_known: tuple[str, ...] = ("Place", "Product", "Sector"),
               opener: bool = False) -> int:
    """Start of the name tokens that end at ``end`` (exclusive), walking left; with ``opener``, a
    name-opening honorific ("श्री", "Shree") before them is part of the name."""
    L = lex()
    k = end
    english = not doc.toks[end].deva if end < len(doc.toks) else True
    while k - 1 >= 0 and end - (k - 1) <= limit and doc.toks[k - 1].sent == doc.toks[end].sent \
            and _tight(doc, k - 1, k):
        t = doc.toks[k - 1]
        c = taken.get(k - 1)
        if c is not None and c.type not in allow_known:
            break
        if c is not None and c.type == "Place" and doc.toks[c.j - 1].orig.endswith(("'s", "’s")) and c.j == k:
            break  # "Surat's Narmada Dyes LLP": the home town is no part of the name
        if c is not None and c.i < k - 1 and end - c.i <= limit + 2:
            k = c.i  # a known place inside the name ("उत्तर प्रदेश दिवस"), whatever its words
            continue
        if t.cap and not t.deva and t.text in L["name_words"] and k - 1 > 0 and not doc.toks[k - 2].cap:
            k -= 1  # "All India ..." opens a name
            continue
        if opener and t.text in L["name_openers"] and k < end and (t.deva or t.cap):
            k -= 1
            break
        if _initial(doc, k - 1):
            k -= 1  # "एस.के. ट्रेडर्स"
            continue
        if t.deva and t.stem in _acts():
            break  # "उद्घाटन जननायक चंद्रशेखर विश्वविद्यालय": the act is no part of the name
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
        if k not in by_end or k in by_start or doc.between(k, k).strip() != "(":
            continue  # (the gap is looked at last: few tokens end a name)
        j = k + 1
        while j < len(toks) and doc.between(j, j).strip() == "" and j - k < 4:
            j += 1
        if j < len(toks) and doc.between(j, j).strip().startswith(")"):
            full = by_end[k]
            c = Cand(k, j, full.type, full.cls, "acronym-in-parentheses", iri=full.iri,
                     extra={"alias_of": full})
            out.append(c)
    return out + _repeated_acronyms(doc, cands, out) + _short_company_names(doc, cands)


def _short_company_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """"Rangrez Fashions" after "Rangrez Fashions Pvt Ltd": a new company's name without its legal
    form (``company_legal_forms``), two words or more, names the company wherever else it stands,
    even where a pattern took it for a person or a company of its own ("... of Rangrez Fashions, said",
    "Sitara Brass Works" after "Sitara Brass Works Pvt Ltd")."""
    legal = lex()["legal_forms"]
    toks = doc.toks
    forms: dict[tuple[str, ...], Cand] = {}
    for c in cands:
        if c.type != "Organization" or c.known or not c.cls.endswith("#Company"):
            continue
        j = c.j
        while j > c.i and toks[j - 1].text in legal:
            j -= 1
        if c.j > j >= c.i + 2:
            forms.setdefault(tuple(t.orig for t in toks[c.i:j]), c)
    if not forms:
        return []
    weak = {(c.i, c.j) for c in cands if c.type in ("Person", "Organization") and not c.known}
    used = {k for c in cands if (c.i, c.j) not in weak for k in range(c.i, c.j)}
    n_max = max(len(f) for f in forms)
    out = []
    for k in range(len(toks)):
        for n in range(min(n_max, len(toks) - k), 1, -1):
            full = forms.get(tuple(t.orig for t in toks[k:k + n]))
            if full is None or full.i == k or any(x in used for x in range(k, k + n)) \
                    or not all(toks[x].sent == toks[k].sent for x in range(k, k + n)):
                continue
            if k + n < len(toks) and toks[k + n].text in legal and doc.between(k + n, k + n).strip() == "":
                continue  # the name with a legal form of its own
            out.append(Cand(k, k + n, "Organization", full.cls, "short-name", extra={"alias_of": full}))
            used.update(range(k, k + n))
            break
    return out


def _repeated_acronyms(doc: Doc, cands: list[Cand], introduced: list[Cand]) -> list[Cand]:
    """An acronym introduced in parentheses names its organisation wherever else the article writes
    it: "Balaji Polymers Pvt Ltd (BPPL) ... BPPL Director Ashok Tiwari said"."""
    toks = doc.toks
    forms: dict[tuple[str, ...], Cand] = {}
    for c in introduced:
        words = tuple(t.text for t in toks[c.i:c.j])
        if c.type == "Organization" and len(words) == 1 and (toks[c.i].upper or toks[c.i].deva):
            forms.setdefault(words, c)
    if not forms:
        return []
    used = {k for c in cands + introduced for k in range(c.i, c.j)}
    out = []
    for k, t in enumerate(toks):
        c = forms.get((t.text,))
        if c is None or k in used or k == c.i or t.chrome or (not t.deva and t.orig != toks[c.i].orig):
            continue
        out.append(Cand(k, k + 1, c.type, c.cls, "acronym-repeated", iri=c.iri, extra={"alias_of": c.extra["alias_of"]}))
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
                and not o.extra.get("whole")
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
    from kg.heads import head_mentions  # the pattern modules build on this one
    from kg.people import person_mentions, speech_mentions, surname_mentions

    known = select(gazetteer_mentions(doc, gaz))
    people = person_mentions(doc, known)
    heads = head_mentions(doc, known + people)
    speakers = speech_mentions(doc, select(known + people + heads))
    named = surname_mentions(doc, select(known + people + heads + speakers))
    base = select(known + people + heads + speakers + named)
    if not base:
        return base
    extra = acronym_mentions(doc, base)
    shorts = {(c.i, c.j) for c in extra if c.rule == "short-name"}
    # the short name of a company stated in full ("Sitara Brass Works" after "... Works Pvt Ltd") is
    # that company, not a person or a company of its own
    return select([c for c in base if not (c.type in ("Person", "Organization") and not c.known and (c.i, c.j) in shorts)]
                  + extra)
