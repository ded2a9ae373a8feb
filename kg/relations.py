"""Relations and facts of one article: posts held, event details, relations between entities and
statistics, each with the span of text that states it."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from kg import iris
from kg.document import Doc
from kg.entities import KIND, Local, name_agreements
from kg.gazetteer import Gazetteer
from kg.lexicon import load
from kg.mentions import Cand, _tight, lex
from kg.people import _portfolio_cand, _portfolio_words, portfolio_end
from kg.models import EventDetails, Post, Relation, Span, Statistic
from kg.text import fold_key
from kg.values import DateMention, NumberMention

DISTRICT = "https://w3id.org/upkg/ontology#District"


class Context:
    """What the relation rules need: the document, the entities and an index from tokens to them."""

    def __init__(self, doc: Doc, entities: list[Local], gaz: Gazetteer, roles: list[Cand]):
        self.doc = doc
        self.entities = entities
        self.gaz = gaz
        self.roles = roles
        self.ent_of: dict[int, Local] = {}
        self.cand_at: dict[int, Cand] = {}
        self.start_at: dict[int, Cand] = {}
        self.end_at: dict[int, Cand] = {}
        for e in entities:
            for c in e.cands:
                self.ent_of[id(c)] = e
                self.start_at.setdefault(c.i, c)
                self.end_at.setdefault(c.j, c)
                for k in range(c.i, c.j):
                    self.cand_at.setdefault(k, c)
        # an organisation wins over a place nested at its start ("Bareilly" in "Bareilly ... Association")
        self.org_at = {c.i: c for e in entities if e.type == "Organization" for c in e.cands}
        for r in roles:
            self.start_at.setdefault(r.i, r)
            self.end_at.setdefault(r.j, r)
        words = load("patterns")
        self.org_markers = [tuple(fold_key(w).split()) for w in words["organiser_markers"]["hi"] + words["organiser_markers"]["en"]]
        self.export_words = {fold_key(w) for w in words["export_words"]}
        self.partner_words = [tuple(fold_key(w).split()) for w in words["partner_words"]]
        self.org_pronouns = {fold_key(w) for w in words.get("org_pronouns", [])}
        self._by_sentence: dict[int, list] | None = None
        self.main_district = self._main_district()
        # an article about one district: what its sentences name without a district is that district's
        named = Counter(e.iri for e in entities if e.cls == DISTRICT for _ in e.cands)
        self.dominant = bool(named) and self.main_district is not None and \
            named[self.main_district.iri] >= 0.6 * sum(named.values())

    def span(self, i: int, j: int) -> Span:
        s, e, text = self.doc.quote(i, j)
        return Span(start=s, end=e, text=text)

    def sentence_span(self, sent: int) -> Span:
        a, b = self.doc.sents[sent]
        return self.span(a, b)

    def in_sentence(self, sent: int) -> list[tuple[Cand, Local]]:
        """The mentions of a sentence with their entities, in text order."""
        if self._by_sentence is None:
            self._by_sentence = {}
            for e in self.entities:
                for c in e.cands:
                    self._by_sentence.setdefault(self.doc.toks[c.i].sent, []).append((c, e))
            for rows in self._by_sentence.values():
                rows.sort(key=lambda ce: ce[0].i)
        return self._by_sentence.get(sent, [])

    def _main_district(self) -> Local | None:
        """The district the article is about: the one it names most, else the home district of the
        known organisation it names most (an article about GIDA is about Gorakhpur)."""
        counts = Counter()
        first = {}
        for e in self.entities:
            if e.cls == DISTRICT:
                counts[id(e)] = len(e.cands)
                first[id(e)] = min(c.i for c in e.cands)
        if not counts:
            homes = Counter()
            for e in self.entities:
                home = self.gaz.located_in.get(e.iri or "")
                if e.type == "Organization" and home in self.gaz.entries and self.gaz.entries[home].cls == DISTRICT:
                    homes[home] += len(e.cands)
            if not homes:
                return None
            home = max(sorted(homes), key=lambda h: homes[h])
            return Local(type="Place", cls=DISTRICT, iri=home, label=self.gaz.entries[home].label)
        best = max(counts, key=lambda x: (counts[x], -first[x]))
        return next(e for e in self.entities if id(e) == best)


def district_offices(ctx: Context) -> None:
    """A district's own office (or building) named in an article about that district becomes that
    district's: "District Industries Centre, Gorakhpur", "Collectorate, Gorakhpur", located in it."""
    d = ctx.main_district
    if d is None:
        return
    renamed = False
    for e in ctx.entities:
        if e.iri in lex()["district_offices"]:
            place = ctx.gaz.entries[d.iri].label if d.iri in ctx.gaz.entries else d.label
            e.label = f"{e.label}, {place}"
            e.label_hi = f"{e.label_hi}, {ctx.gaz.entries[d.iri].label_hi}" if e.label_hi and d.iri in ctx.gaz.entries \
                and ctx.gaz.entries[d.iri].label_hi else e.label_hi
            e.iri = iris.entity_iri(KIND[e.type], e.label)
            e.office_of = d.iri
            renamed = True
    if renamed:
        name_agreements(ctx.doc, ctx.entities)  # "MoU between District administration, Mahoba and ..."


def posts(ctx: Context, published) -> list[Post]:
    """"<org> के <title> <name>", "<title> <name>", "<name>, <title> of <org>"."""
    L = lex()
    doc, out = ctx.doc, []
    toks = doc.toks
    post_at: dict[int, tuple[Post, int]] = {}  # a person's mention -> its post, first token stating it
    for e in ctx.entities:
        if e.type != "Person":
            continue
        for c in e.cands:
            k = c.i
            while k > 0 and toks[k - 1].text in L["honor"]:
                k -= 1
            org = None
            prev = ctx.end_at.get(k)
            if prev is not None and prev.type == "Organization" and ctx.ent_of.get(id(prev)) \
                    and toks[prev.i].sent == toks[c.i].sent:
                org = ctx.ent_of[id(prev)]
                k = prev.i
                full = ctx.end_at.get(k)
                if full is not None and doc.between(k, k).strip() == "(" and ctx.ent_of.get(id(full)) is org:
                    k = full.i  # "Chairman of Crystal Exports Private Limited (CEPL), Naveen Saxena"
                # "<title> of the <org> <name>"
                if k > 0 and toks[k - 1].text == "the":
                    k -= 1
                if k > 0 and toks[k - 1].text in ("of", "at") and ctx.end_at.get(k - 1) is not None \
                        and ctx.end_at[k - 1].type == "Role":
                    k -= 1
                elif toks[k].text == "the":
                    k += 1
            r = ctx.end_at.get(k)
            if r is None or r.type != "Role":
                k = _role_before_portfolio(ctx, k)
            chain: list[Cand] = []
            while True:
                r = ctx.end_at.get(k)
                if r is not None and r.type == "Role" and toks[r.i].sent == toks[c.i].sent:
                    if chain and doc.between(chain[0].i, chain[0].i).strip() == "(":
                        chain[0] = r  # "मुख्य अग्निशमन अधिकारी (सीएफओ)": the acronym abbreviates the title
                    else:
                        chain.insert(0, r)
                    k = r.i
                    if k > 0 and toks[k - 1].text in L["join"] and ctx.end_at.get(k - 1) and ctx.end_at[k - 1].type == "Role":
                        k -= 1
                    continue
                break
            place = None
            start = k
            after = False
            if not chain:
                r = _title_before_portfolio(ctx, c)
                if r is not None:
                    chain, start, end = [r], r.i, c.j
                else:
                    chain, org2, end = _title_after(ctx, c)
                    if not chain:
                        continue
                    org = org2 or org  # "X, chairman of Y": the organisation the title names
                    after = True
            else:
                while k > 0 and toks[k - 1].text in _words()["modifiers"] and toks[k - 1].sent == toks[c.i].sent:
                    k -= 1  # "Council for Leather Exports regional chairman", "संघ के प्रांतीय अध्यक्ष"
                # "X के अध्यक्ष", "Alpha Exports Ltd, whose managing director ..."
                b = k - 1 if k > 0 and (toks[k - 1].text in L["org_before"] or toks[k - 1].text == "whose") else k
                if b > 0 and toks[b - 1].text in L["org_units"]:
                    # "आईआईए मेरठ चैप्टर के चेयरमैन": skip the chapter and its place to the organisation
                    b -= 1
                    place_c = ctx.end_at.get(b)
                    if place_c is not None and place_c.type == "Place":
                        b = place_c.i
                before = ctx.end_at.get(b)
                if before is not None and before.type in ("Organization", "Place") and ctx.ent_of.get(id(before)) \
                        and toks[before.i].sent == toks[c.i].sent:
                    owner = ctx.ent_of[id(before)]
                    if before.type == "Organization" and org is None:
                        org, start = owner, before.i
                    elif owner.cls == DISTRICT:
                        place, start = owner, before.i
                    # "(IIA)" after the full name: take the full name too
                    if start > 0 and doc.between(start, start).strip() == "(":
                        prev_full = ctx.end_at.get(start)
                        if prev_full is not None and ctx.ent_of.get(id(prev_full)) is owner:
                            start = prev_full.i
                end = c.j
            chain = [r for r in chain if r.iri in ctx.gaz.entries]
            titles = [ctx.gaz.entries[r.iri] for r in chain]
            if not titles:
                continue
            title = " and ".join(dict.fromkeys(_title_for(ctx, r, t, org) for r, t in zip(chain, titles)))
            org_iri = org.iri if org else next((t.org for t in titles if t.org), None)
            if org_iri is None and org is None and not any(t.label in lex()["district_roles"] for t in titles):
                # (a district's officer is nobody's: "फेडरेशन के तत्वावधान में ... जिलाधिकारी X")
                owner = _possessive_org(ctx, c)  # "नीति आयोग के अफसरों में ... हरिंदर सिंह अवर सचिव"
                org_iri = owner.iri if owner else None
            if org_iri is None and not after:
                owner = _pronoun_org(ctx, chain[0].i)  # "Its secretary, X, said"
                org_iri = owner.iri if owner else None
            if org_iri is None and toks[chain[0].i].deva and all(t.label in L["office_bearers"] for t in titles):
                org_iri = _last_association(ctx, out)  # "समिति के अध्यक्ष X ... महामंत्री Y ने कहा"
            if org_iri is None:
                # ministers are in a government (the state's unless a word says the Union's);
                # other officials only when a word before the title names the government
                cue = _government_cue(ctx, chain[0])
                org_iri = cue or (lex()["gov_default"] if "minister" in title.lower() else None)
                org_iri = org_iri if org_iri in ctx.gaz.entries else None
            district_post = any(t.label in lex()["district_roles"] for t in titles)
            span = ctx.span(min(start, c.i), end) if not after else ctx.span(c.i, end)
            out.append(Post(person=e.iri, title=title, role=titles[0].iri, organization=org_iri,
                            # a post with no organisation is held in the district the article is about
                            place=place.iri if place else None if org_iri and not district_post else
                            (ctx.main_district.iri if ctx.main_district else None),
                            attested=published, as_stated=span))
            post_at[id(c)] = (out[-1], min(start, c.i) if not after else c.i)
            if after:
                out += _further_titles(ctx, e, c, end, published)
            elif org is not None and start < c.i:
                out += _earlier_titles(ctx, e, c, start, published)
    out += _listed_posts(ctx, post_at)
    # one post stated twice ("MD", later "MD and CEO") is kept once, with the fuller title
    unique: list[Post] = []
    for p in out:
        words = set(p.title.lower().split())
        same = [u for u in unique if u.person == p.person and u.organization == p.organization
                and (words <= set(u.title.lower().split()) or set(u.title.lower().split()) <= words)]
        if not same:
            unique.append(p)
        elif len(p.title) > len(same[0].title):
            unique[unique.index(same[0])] = p
    return unique


@lru_cache(maxsize=1)
def _words() -> dict:
    d = load("patterns")
    return {"by_org_class": d.get("title_by_org_class", {}),
            "former": {fold_key(w) for w in d.get("former_words", [])},
            "modifiers": {fold_key(w) for w in d.get("title_modifiers", [])},
            "association": {fold_key(w) for w in d["org_suffixes"]["IndustryAssociation"] if " " not in w}}


def _title_for(ctx: Context, role: Cand, entry, org: Local | None) -> str:
    """The English title of a role as stated: a Hindi अध्यक्ष of a council, board or company is
    its Chairman, of an association its President (``title_by_org_class`` in patterns.yaml)."""
    by_class = _words()["by_org_class"].get(entry.label)
    if by_class and org is not None and ctx.doc.toks[role.i].deva:
        words = {ctx.doc.toks[x].stem for c in org.cands for x in range(c.i, c.j)}
        if words & _words()["association"]:
            return entry.label  # "चैंबर ऑफ इंडस्ट्रीज": a chamber, whatever its last word
        return by_class.get(org.cls.rsplit("#", 1)[-1], entry.label)
    return entry.label


def _role_before_portfolio(ctx: Context, k: int) -> int:
    """Where the title ends when a portfolio stands between it and the name at k ("प्रमुख सचिव
    एमएसएमई आलोक कुमार"): the end of that title, else k."""
    toks = ctx.doc.toks
    known = {x: c for x, c in ctx.cand_at.items() if _portfolio_cand(c)}
    for r in ctx.roles:
        if r.j < k and k - r.j <= 9 and toks[r.i].sent == toks[k - 1].sent and portfolio_end(ctx.doc, r.j, known) == k:
            return r.j
    return k


def _further_titles(ctx: Context, person: Local, c: Cand, end: int, published) -> list[Post]:
    """"Rafiq Ahmad, president of the X Association and former member of the Y Board": the
    titles after the first one, each with the organisation it is "of"."""
    doc, toks, join = ctx.doc, ctx.doc.toks, lex()["join"]
    out = []
    j = end
    while j + 1 < len(toks) and toks[j].sent == toks[c.i].sent and toks[j].text in join \
            and doc.between(j, j).strip() in ("", ","):
        k = j + 1
        if toks[k].text in _words()["former"]:
            k += 1
        r = ctx.start_at.get(k)
        if r is None or r.type != "Role" or r.iri not in ctx.gaz.entries or doc.between(k, k).strip() != "":
            break
        j, org = r.j, None
        m = j
        if m < len(toks) and toks[m].text in ("of", "at"):
            m += 1 + (m + 1 < len(toks) and toks[m + 1].text == "the")
            o = ctx.org_at.get(m)
            if o is not None and ctx.ent_of.get(id(o)) is not None:
                org, j = ctx.ent_of[id(o)], o.j
        entry = ctx.gaz.entries[r.iri]
        out.append(Post(person=person.iri, title=_title_for(ctx, r, entry, org), role=entry.iri,
                        organization=org.iri if org else entry.org, place=None if org or entry.org else
                        (ctx.main_district.iri if ctx.main_district else None),
                        attested=published, as_stated=ctx.span(c.i, j)))
    return out


def _earlier_titles(ctx: Context, person: Local, c: Cand, start: int, published) -> list[Post]:
    """"ऑल इंडिया ... बोर्ड के पूर्व सदस्य और ... एसोसिएशन के अध्यक्ष आजम अंसारी": the titles
    before "<org> के <title> <name>", each after its own organisation."""
    toks, L = ctx.doc.toks, lex()
    out = []
    k = start
    while k >= 2 and toks[k - 1].sent == toks[c.i].sent and toks[k - 1].text in L["join"]:
        r = ctx.end_at.get(k - 1)
        if r is None or r.type != "Role" or r.iri not in ctx.gaz.entries:
            break
        k = r.i
        if k > 0 and toks[k - 1].text in _words()["former"]:
            k -= 1
        org = None
        if k >= 2 and toks[k - 1].text in L["org_before"]:
            o = ctx.end_at.get(k - 1)
            if o is not None and o.type == "Organization" and ctx.ent_of.get(id(o)) is not None:
                org, k = ctx.ent_of[id(o)], o.i
        if org is None:
            break
        entry = ctx.gaz.entries[r.iri]
        out.append(Post(person=person.iri, title=_title_for(ctx, r, entry, org), role=entry.iri,
                        organization=org.iri, place=None, attested=published, as_stated=ctx.span(k, c.j)))
    return out


def _listed_posts(ctx: Context, post_at: dict[int, tuple[Post, int]]) -> list[Post]:
    """"उद्यमी सुनीता बाजपेयी, राहुल मेहरोत्रा और अमित जैन", "MLAs A and B": the names listed right
    after a person with a title many hold at once (``shared_titles``) hold it too."""
    from kg.people import _shared_titles

    toks, join = ctx.doc.toks, lex()["join"]
    people = sorted(((c, e) for e in ctx.entities if e.type == "Person" for c in e.cands), key=lambda ce: ce[0].i)
    out = []
    for (a, _), (b, e) in zip(people, people[1:]):
        prev = post_at.get(id(a))
        if prev is None or id(b) in post_at or prev[0].role not in _shared_titles() or toks[a.i].sent != toks[b.i].sent:
            continue
        gap = ctx.doc.between(a.j, a.j).strip()
        k = a.j
        if k < b.i and toks[k].text in join and gap in ("", ","):
            k += 1
            gap = ctx.doc.between(k, k).strip()
        elif gap != ",":
            continue
        while k < b.i and toks[k].text in lex()["honor"]:
            k += 1
        if k != b.i or gap not in ("", ","):
            continue
        prev, first = prev
        post = prev.model_copy(update={"person": e.iri, "as_stated": ctx.span(first, b.j)})
        post_at[id(b)] = (post, first)
        out.append(post)
    return out


def _last_association(ctx: Context, posts: list[Post]) -> str | None:
    """The association of the last post the article gave an organisation, if it is an
    office-bearer's post in an association (a company's director in between ends the list)."""
    cls = {e.iri: e.cls for e in ctx.entities}
    last = next((p for p in reversed(posts) if p.organization), None)
    if last is not None and cls.get(last.organization, "").endswith("#IndustryAssociation") \
            and ctx.gaz.entries.get(last.role) is not None and ctx.gaz.entries[last.role].label in lex()["office_bearers"]:
        return last.organization
    return None


def _possessive_org(ctx: Context, person: Cand) -> Local | None:
    """The nearest organisation before the person in its sentence that is marked as an owner
    ("X के", "X's", "of X")."""
    toks = ctx.doc.toks
    marks = lex()["org_before"] | {"of"}
    best = None
    for c, e in ctx.in_sentence(toks[person.i].sent):
        if c.j > person.i:
            break
        if e.type == "Organization" and c.j < len(toks) and (toks[c.j].text in marks or toks[c.j - 1].text.endswith("'s")):
            best = e
    return best


def _government_cue(ctx: Context, role: Cand) -> str | None:
    """"Union IT minister", "प्रदेश के कैबिनेट मंत्री": a word shortly before a minister's title
    says whose government the post is in."""
    toks = ctx.doc.toks
    lo = max(0, role.i - 6)
    for k in range(role.i - 1, lo - 1, -1):
        if toks[k].sent != toks[role.i].sent:
            break
        inside = ctx.cand_at.get(k)
        if inside is not None and inside.type == "Person":
            break  # the cue is read between the person and the title only
        if inside is not None and inside.type != "Place":
            continue  # "Centre" in "District Industries Centre" names no government
        for phrase, org in lex()["gov_cues"]:
            n = len(phrase)
            if tuple(t.text for t in toks[k:k + n]) == phrase and k + n <= role.i \
                    and (toks[k].deva or toks[k].cap or k + n == role.i):  # "the Centre", not "facility centre"
                return org if org in ctx.gaz.entries else None
    return None


def _title_after(ctx: Context, c: Cand):
    """"Shailendra Bhatia, additional chief executive officer of the Yamuna ... Authority"."""
    doc, toks = ctx.doc, ctx.doc.toks
    j = c.j
    if j >= len(toks) or toks[j].sent != toks[c.i].sent:
        return [], None, None
    gap = doc.between(j, j).strip()
    if toks[j].num and gap in ("(", ",") and j + 1 < len(toks) and doc.between(j + 1, j + 1).strip() in ("),", ","):
        j += 1  # "Haji Jalil Ahmed (91), a carpet exporter", "Ramesh Gupta, 54, a brass exporter"
        gap = ","
    if gap == "" and toks[j].deva:
        if toks[j].text.endswith(lex()["plural_endings"]):
            return [], None, None  # "अशोक तिवारी उद्यमियों को संबोधित करेंगे": a plural is no title of his
        # Hindi "हरिंदर सिंह अवर सचिव ...": the title right after the name
    elif gap == "(":
        # "राकेश सचान (एमएसएमई मंत्री)", "Priya Nath (deputy director, ...)"
        words = {k: x for k, x in ctx.cand_at.items() if x.type in ("Sector", "Product")}
        while j < len(toks) and j - c.j < 5 and (ctx.start_at.get(j) is None or ctx.start_at[j].type != "Role"):
            if j in words:
                j = words[j].j
            elif toks[j].text in _portfolio_words():
                j += 1
            else:
                break
    elif gap != ",":
        return [], None, None
    if gap == "," and j + 1 < len(toks) and toks[j].text == "who" and toks[j + 1].text in ("is", "was"):
        j += 2  # "Neha Singh, who is the managing director of ..."
    if j < len(toks) and toks[j].text in ("a", "an") and not toks[j].deva:
        # "a carpet manufacturer and exporter", "a leading exporter": up to two describing words
        m = j + 1
        while m < len(toks) and m - j <= 3 and (ctx.start_at.get(m) is None or ctx.start_at[m].type != "Role") \
                and not toks[m].cap and not toks[m].num and toks[m].text not in lex()["stop"] and _tight(doc, m - 1, m):
            m += 1
        j = m if ctx.start_at.get(m) is not None and ctx.start_at[m].type == "Role" else j + 1
    elif j < len(toks) and toks[j].text == "the":
        j += 1
    if j < len(toks) and toks[j].text in _words()["former"]:
        j += 1  # "Suresh Garg, former president of ...": the post as the article states it
    org = None
    o = ctx.org_at.get(j)
    if o is not None and ctx.ent_of.get(id(o)) is not None \
            and ctx.start_at.get(o.j) is not None and ctx.start_at[o.j].type == "Role":
        org, j = ctx.ent_of[id(o)], o.j  # "Gopal Gupta, the chamber's president", ", the BJP MP"
    r = ctx.start_at.get(j)
    if r is None or r.type != "Role":
        return [], None, None
    chain, j = [r], r.j
    while j + 1 < len(toks) and toks[j].text in lex()["join"] and ctx.start_at.get(j + 1) is not None \
            and ctx.start_at[j + 1].type == "Role" and doc.between(j + 1, j + 1).strip() == "":
        chain.append(ctx.start_at[j + 1])  # "a carpet manufacturer and exporter"
        j = chain[-1].j
    k = j
    if k < len(toks) and org is None and doc.between(k, k).strip() == "," and ctx.org_at.get(k) is not None \
            and ctx.ent_of.get(id(ctx.org_at[k])) is not None:
        o = ctx.org_at[k]  # "Puran Dawar, chairman, Dawar Footwear Industries"
        org, j = ctx.ent_of[id(o)], o.j
    elif k < len(toks) and org is None and doc.between(k, k).strip() == "(" and ctx.org_at.get(k) is not None \
            and ctx.ent_of.get(id(ctx.org_at[k])) is not None:
        o = ctx.org_at[k]  # "Asha Verma, joint director (DIC)"
        org, j = ctx.ent_of[id(o)], o.j
    elif k < len(toks) and toks[k].text in ("of", "at", "in"):
        k += 1
        if k < len(toks) and toks[k].text == "the":
            k += 1
        o = ctx.org_at.get(k) or ctx.org_at.get(_past_home(ctx, k))
        if o is not None:
            org = ctx.ent_of.get(id(o))
            j = o.j
    elif k < len(toks) and toks[k].deva and org is None:
        o = ctx.org_at.get(k)  # "अध्यक्ष एसजीईपीसी" after the name
        if o is not None and doc.between(k, k).strip() == "":
            org = ctx.ent_of.get(id(o))
            j = o.j
    return chain, org, j


def _pronoun_org(ctx: Context, k: int) -> Local | None:
    """"Its secretary", "their partners": the organisation named last before the title, in its
    sentence or the one before (``org_pronouns`` in patterns.yaml)."""
    toks = ctx.doc.toks
    if k == 0 or toks[k - 1].text not in ctx.org_pronouns:
        return None
    sent = toks[k].sent
    named = [(c.i, ctx.ent_of[id(c)]) for c in ctx.org_at.values()
             if c.i < k - 1 and sent - 1 <= toks[c.i].sent <= sent and ctx.ent_of.get(id(c)) is not None]
    return max(named, key=lambda x: x[0])[1] if named else None


def _past_home(ctx: Context, k: int) -> int:
    """Past the home town before a company's name: "of Kasganj-based Saral Crafts LLP",
    "of Surat's Narmada Dyes"."""
    doc, toks = ctx.doc, ctx.doc.toks
    c = ctx.cand_at.get(k)
    end = c.j if c is not None and c.i == k and c.type == "Place" else k + 1 if k < len(toks) and toks[k].cap else k
    if end == k or end >= len(toks):
        return k
    if toks[end].text == "based" and doc.between(end, end).strip() == "-":
        return end + 1
    return end if toks[end - 1].orig.endswith(("'s", "’s")) else k


def _title_before_portfolio(ctx: Context, c: Cand):
    """"The state's Additional Chief Secretary, MSME and export promotion, Navneet Sehgal, said":
    a title, a portfolio between commas, then the name."""
    doc, toks = ctx.doc, ctx.doc.toks
    if c.i == 0 or doc.between(c.i, c.i).strip() != ",":
        return None
    for k in range(c.i - 1, max(-1, c.i - 8), -1):
        if toks[k].sent != toks[c.i].sent:
            return None
        r = ctx.end_at.get(k + 1)
        if r is not None and r.type == "Role" and doc.between(r.j, r.j).strip() == ",":
            between = [ctx.cand_at.get(x) for x in range(r.j, c.i)]
            if any(b is not None and b.type in ("Person", "Place") for b in between):
                return None
            return r
    return None


def event_details(ctx: Context, dates: list[DateMention]) -> list[EventDetails]:
    """Date, place, organisers, participants and topics from the sentences that name the event."""
    doc = ctx.doc
    by_sent: dict[int, list[DateMention]] = {}
    for d in dates:
        by_sent.setdefault(doc.toks[d.i].sent, []).append(d)
    out = []
    for e in ctx.entities:
        if e.type != "Event":
            continue
        sents = sorted({doc.toks[c.i].sent for c in e.cands})
        date = end = None
        stated = None
        for s in sents:
            for d in sorted(by_sent.get(s, []), key=lambda d: d.weekday):
                if e.date_hint is not None and d.date not in (None, e.date_hint):
                    continue
                if date is None and d.date is not None or stated is None:
                    date, end, stated = d.date or date, d.end_date or end, d.as_stated
            if date:
                break
        place = organizers = None
        organizers, participants, topics = [], [], []
        # an agreement's parties: the organisations of the sentence that first names it
        agreement = e.cls.rsplit("#", 1)[-1] in lex()["standalone_events"]
        first_sent = doc.toks[min(c.i for c in e.cands)].sent
        for s in sents:
            near = ctx.in_sentence(s)
            for c, other in near:
                if other is e:
                    continue
                if agreement and s == first_sent and other.type == "Organization" and other.iri not in participants:
                    participants.append(other.iri)
                    continue
                if other.type == "Place" and place is None and other.cls.endswith(("Venue", "IndustrialArea")):
                    place = other
                elif other.type == "Person" and other.iri not in participants:
                    participants.append(other.iri)
                elif other.type == "Organization" and _marked(ctx, c) and other.iri not in organizers:
                    organizers.append(other.iri)
                elif other.type in ("Sector", "Product") and other.iri not in topics:
                    topics.append(other.iri)
            if place is None:
                ev_i = min(c.i for c in e.cands if doc.toks[c.i].sent == s)
                districts = [(abs(c.i - ev_i), other) for c, other in near if other.cls == DISTRICT]
                if districts:
                    place = min(districts, key=lambda x: x[0])[1]
        if place is None and ctx.main_district is not None:
            place = ctx.main_district
        first = min(e.cands, key=lambda c: c.i)
        out.append(EventDetails(event=e.iri, date=date, end_date=end, date_as_stated=stated,
                                place=place.iri if place else None, organizers=organizers,
                                participants=participants, topics=topics,
                                evidence=ctx.sentence_span(doc.toks[first.i].sent)))
    return out


def _marked(ctx: Context, c: Cand) -> bool:
    """Is the organisation followed by "की ओर से" / preceded by "organised by"?"""
    toks = ctx.doc.toks
    for phrase in ctx.org_markers:
        n = len(phrase)
        after = tuple(t.text for t in toks[c.j:c.j + n])
        before = tuple(t.text for t in toks[max(0, c.i - n):c.i])
        if after == phrase or before == phrase:
            return True
    return False


def relations(ctx: Context) -> list[Relation]:
    """Located-in, concerns, has-sector/product, partnerships and export destinations."""
    doc, out = ctx.doc, []
    for s in range(len(doc.sents)):
        near = ctx.in_sentence(s)
        if not near:
            continue
        ev = ctx.sentence_span(s)
        words = {t.text for t in doc.toks[doc.sents[s][0]:doc.sents[s][1]]}
        districts = {o.iri: o for _, o in near if o.cls == DISTRICT}
        for c, o in near:
            if o.type == "Organization" and not o.known:
                nested = [x for x, ox in near if ox.cls == DISTRICT and c.i <= x.i and x.j <= c.j]
                follow = ctx.start_at.get(c.j)
                if nested:
                    out.append(Relation(subject=o.iri, predicate="upkg:locatedIn", object=ctx.ent_of[id(nested[0])].iri, evidence=ev))
                elif follow is not None and doc.between(c.j, c.j).strip() == "," and ctx.ent_of.get(id(follow)) \
                        and ctx.ent_of[id(follow)].cls == DISTRICT:
                    out.append(Relation(subject=o.iri, predicate="upkg:locatedIn", object=ctx.ent_of[id(follow)].iri, evidence=ev))
            if o.type == "Scheme":
                for _, x in near:
                    if x.type in ("Sector", "Product") or x.cls == DISTRICT:
                        out.append(Relation(subject=o.iri, predicate="upkg:concerns", object=x.iri, evidence=ev))
        # a sentence that names no district but a scheme ("under ODOP, brassware and soft toys are
        # promoted") in a story about one district speaks of that district
        schemed = any(o.type == "Scheme" for _, o in near)
        d = next(iter(districts.values())) if len(districts) == 1 else \
            ctx.main_district if not districts and ctx.dominant and schemed else None
        if d is not None:
            for _, x in near:
                if x.type == "Sector":
                    out.append(Relation(subject=d.iri, predicate="upkg:hasSector", object=x.iri, evidence=ev))
                elif x.type == "Product":
                    out.append(Relation(subject=d.iri, predicate="upkg:hasProduct", object=x.iri, evidence=ev))
        countries = [o for _, o in near if o.cls.endswith("#Country")]
        if countries and words & ctx.export_words:
            subj = next(iter(districts.values()), None) if len(districts) == 1 else ctx.main_district
            if subj is not None:
                for cty in countries:
                    out.append(Relation(subject=subj.iri, predicate="upkg:exportsTo", object=cty.iri, evidence=ev))
        folded = " ".join(t.text for t in doc.toks[doc.sents[s][0]:doc.sents[s][1]])
        if any(" ".join(p) in folded for p in ctx.partner_words):
            parties = list(dict.fromkeys(o.iri for _, o in near if o.type == "Organization" or o.cls.endswith("#Country")))
            for a in range(len(parties)):
                for b in range(a + 1, len(parties)):
                    out.append(Relation(subject=parties[a], predicate="upkg:partnerOf", object=parties[b], evidence=ev))
    for e in ctx.entities:
        if e.office_of:
            first = min(e.cands, key=lambda c: c.i)
            out.append(Relation(subject=e.iri, predicate="upkg:locatedIn", object=e.office_of,
                                evidence=ctx.sentence_span(doc.toks[first.i].sent)))
    seen, unique = set(), []
    for r in out:
        key = (r.subject, r.predicate, r.object)
        if r.subject != r.object and key not in seen:
            seen.add(key)
            unique.append(r)
    return unique


SUBJECT_TYPES = ("Organization", "Event", "Scheme", "Sector")


def _recent_subject(ctx: Context, sent: int, back: int = 2) -> Local | None:
    """A sentence that names nothing continues the one before ("The project is based on a PPP model,
    wherein 60 per cent ..."): its subject is the last thing the previous sentences named."""
    for s in range(sent - 1, max(-1, sent - 1 - back), -1):
        near = [o for _, o in ctx.in_sentence(s) if o.type in ("Scheme", "Event", "Organization")]
        if near:
            return near[-1]
    return None


def statistics(ctx: Context, numbers: list[NumberMention]) -> list[Statistic]:
    """Each number with the entity it is about: the nearest organisation, district, event, scheme
    or sector before it in its sentence (else after it, else the article's main district)."""
    doc, out = ctx.doc, []
    seen = set()
    for n in numbers:
        s = doc.toks[n.i].sent
        near = [(c, o) for c, o in ctx.in_sentence(s) if o.type in SUBJECT_TYPES or o.cls == DISTRICT
                or o.cls.endswith("#Country")]
        before = [(c, o) for c, o in near if c.j <= n.i]
        after = [(c, o) for c, o in near if c.i >= n.j]
        subj = before[-1][1] if before else after[0][1] if after else _recent_subject(ctx, s) or ctx.main_district
        if n.measure == "age":  # "Abdul Wahid, 58,": the age is the person's, right before it
            person = [o for c, o in ctx.in_sentence(s) if o.type == "Person" and c.j == n.i]
            if not person:
                continue
            subj = person[-1]
        measure = n.measure or {"INR": "amount", "USD": "amount", "percent": "share", "fraction": "share", "times": "multiple",
                                "day": "duration"}.get(n.unit, n.unit)
        key = (n.value, n.unit)  # a headline repeats the body's numbers
        if key in seen:
            continue
        seen.add(key)
        out.append(Statistic(subject=subj.iri if subj else None, measure=measure, value=n.value, unit=n.unit,
                             qualifier=n.qualifier, evidence=Span(start=n.start, end=n.end, text=doc.source[n.start:n.end])))
    return out
