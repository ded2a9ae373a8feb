"""Records to RDF: one named graph per article, plus the linking graph of canonical labels.

An article graph holds only what that article says (its metadata, the mentions with their spans,
posts, event details, relations and statistics, each with evidence), so it can be replaced alone
when the article changes. Canonical labels of entities that are not in the reference vocabularies
live in the linking graph, which the build rewrites from all articles together.
No blank nodes are used, so exports are byte-identical from run to run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD

from kg import iris
from kg.models import Entity, Extraction, Span
from kg.vocab import OA, SCHEMA, UPKG

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def _short(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def expand(curie: str) -> URIRef:
    """Expand a CURIE with the project's prefixes, or pass a full IRI through.

    >>> str(expand("upkg:locatedIn"))
    'https://w3id.org/upkg/ontology#locatedIn'
    """
    from kg.vocab import PREFIXES

    if curie.startswith(("http://", "https://")):
        return URIRef(curie)
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {curie!r}")
    if prefix == "upkg":
        return UPKG[local]  # closed namespace: a misspelt term raises
    return URIRef(PREFIXES[prefix] + local)


def article_triples(ex: Extraction) -> Iterator[Triple]:
    """All triples of one article's named graph."""
    a = ex.article
    art = URIRef(iris.article_iri(a.id))
    yield art, RDF.type, SCHEMA.NewsArticle
    yield art, UPKG.sourceFile, Literal(a.source_file)
    yield art, UPKG.contentHash, Literal(a.content_hash)
    yield art, SCHEMA.inLanguage, Literal(a.language)
    if a.published:
        yield art, SCHEMA.datePublished, Literal(a.published.isoformat(), datatype=XSD.date)
    for attr, prop in (("headline", SCHEMA.headline), ("outlet", SCHEMA.publisher), ("author", SCHEMA.author)):
        value = getattr(a, attr)
        if value:
            yield art, prop, Literal(value)
    if a.url:
        yield art, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI)

    for ent in ex.entities:
        e = URIRef(ent.iri)
        yield e, RDF.type, URIRef(ent.cls)
        for m in ent.mentions:
            node = URIRef(f"{art}#m{m.start}-{m.end}-{_short(ent.iri)[:6]}")
            yield node, RDF.type, UPKG.Mention
            yield node, OA.hasBody, e
            yield from _span(node, art, m)
            yield node, UPKG.linkRule, Literal(m.rule)
            if m.key:
                yield node, UPKG.linkKey, Literal(m.key)

    for post in ex.posts:
        node = URIRef(f"{art}#post-{_short(post.person, post.title, post.organization or '', post.place or '')}")
        person = URIRef(post.person)
        yield node, RDF.type, UPKG.PostHolding
        yield node, ORG.member, person
        yield node, UPKG.title, Literal(post.title)
        if post.role:
            yield node, ORG.role, URIRef(post.role)
        if post.organization:
            yield node, ORG.organization, URIRef(post.organization)
            yield person, ORG.memberOf, URIRef(post.organization)
        if post.place:
            yield node, UPKG.postPlace, URIRef(post.place)
        if post.attested:
            yield node, UPKG.attestedOn, Literal(post.attested.isoformat(), datatype=XSD.date)
        yield node, PROV.wasDerivedFrom, art
        yield from _evidence(node, art, post.as_stated)

    for ev in ex.events:
        e = URIRef(ev.event)
        if ev.date:
            yield e, SCHEMA.startDate, Literal(ev.date.isoformat(), datatype=XSD.date)
        if ev.end_date:
            yield e, SCHEMA.endDate, Literal(ev.end_date.isoformat(), datatype=XSD.date)
        if ev.place:
            yield e, SCHEMA.location, URIRef(ev.place)
        for o in ev.organizers:
            yield e, SCHEMA.organizer, URIRef(o)
        for p in ev.participants:
            yield e, UPKG.participant, URIRef(p)
        for t in ev.topics:
            yield e, UPKG.concerns, URIRef(t)
        yield from _evidence(e, art, ev.evidence)

    for rel in ex.relations:
        s, p, o = URIRef(rel.subject), expand(rel.predicate), URIRef(rel.object)
        yield s, p, o
        node = URIRef(f"{art}#rel-{_short(rel.subject, str(p), rel.object, str(rel.evidence.start))}")
        yield node, RDF.type, UPKG.Assertion
        yield node, RDF.subject, s
        yield node, RDF.predicate, p
        yield node, RDF.object, o
        yield node, PROV.wasDerivedFrom, art
        yield from _evidence(node, art, rel.evidence)

    for st in ex.statistics:
        node = URIRef(f"{art}#stat-{st.evidence.start}-{st.evidence.end}-{_short(st.unit, repr(st.value))[:6]}")
        yield node, RDF.type, UPKG.Statistic
        if st.subject:
            yield node, UPKG.about, URIRef(st.subject)
        yield node, UPKG.measure, Literal(st.measure)
        yield node, UPKG.value, Literal(_decimal(st.value), datatype=XSD.decimal)
        yield node, UPKG.unit, Literal(st.unit)
        yield node, UPKG.qualifier, Literal(st.qualifier)
        if st.period:
            yield node, UPKG.period, Literal(st.period)
        yield node, PROV.wasDerivedFrom, art
        yield from _evidence(node, art, st.evidence)


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if "." in text else text + ".0"


def _span(node: URIRef, art: URIRef, span: Span) -> Iterator[Triple]:
    yield node, OA.hasSource, art
    # xsd:integer, as the store keeps it (Oxigraph normalises derived integer types)
    yield node, OA.start, Literal(span.start, datatype=XSD.integer)
    yield node, OA.end, Literal(span.end, datatype=XSD.integer)
    yield node, OA.exact, Literal(span.text)


def _evidence(subject: URIRef, art: URIRef, span: Span) -> Iterator[Triple]:
    node = URIRef(f"{art}#ev{span.start}-{span.end}")
    yield subject, UPKG.evidence, node
    yield node, RDF.type, UPKG.Evidence
    yield from _span(node, art, span)


def linking_triples(entities: Iterable[Entity]) -> Iterator[Triple]:
    """Canonical labels and every surface form of entities that are not reference entities."""
    for ent in entities:
        if not ent.new:
            continue
        e = URIRef(ent.iri)
        yield e, RDF.type, URIRef(ent.cls)
        yield e, RDFS.label, Literal(ent.label, lang="en")
        if ent.label_hi:
            yield e, RDFS.label, Literal(ent.label_hi, lang="hi")
        if ent.kind:
            yield e, UPKG.kind, Literal(ent.kind)
        for form in sorted({m.text for m in ent.mentions} - {ent.label, ent.label_hi}):
            lang = "hi" if any("\u0900" <= c <= "\u097f" for c in form) else "en"
            yield e, SKOS.altLabel, Literal(form, lang=lang)
