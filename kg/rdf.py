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

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD

from kg import iris
from kg.graphs import _typed
from kg.models import Entity, Extraction, Span
from kg.vocab import OA, SCHEMA, UPKG

# Values are Oxigraph terms (made in Rust, as the store keeps them); the ontology's terms are
# rdflib's, from the closed namespaces of kg.vocab, and kg.graphs converts those once each.
Triple = tuple[ox.NamedNode | URIRef, URIRef, ox.NamedNode | ox.Literal | URIRef]

_XSD_date, _XSD_anyURI, _XSD_integer = (ox.NamedNode(str(XSD[t])) for t in ("date", "anyURI", "integer"))


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
    art_iri = iris.article_iri(a.id)
    art = ox.NamedNode(art_iri)
    yield art, RDF.type, SCHEMA.NewsArticle
    yield art, UPKG.sourceFile, ox.Literal(a.source_file)
    yield art, UPKG.contentHash, ox.Literal(a.content_hash)
    yield art, SCHEMA.inLanguage, ox.Literal(a.language)
    if a.published:
        yield art, SCHEMA.datePublished, ox.Literal(a.published.isoformat(), datatype=_XSD_date)
    for attr, prop in (("headline", SCHEMA.headline), ("outlet", SCHEMA.publisher), ("author", SCHEMA.author)):
        value = getattr(a, attr)
        if value:
            yield art, prop, ox.Literal(value)
    if a.url:
        yield art, SCHEMA.url, ox.Literal(a.url, datatype=_XSD_anyURI)

    for ent in ex.entities:
        e = ox.NamedNode(ent.iri)
        yield e, RDF.type, ox.NamedNode(ent.cls)
        for m in ent.mentions:
            node = ox.NamedNode(f"{art_iri}#m{m.start}-{m.end}-{_short(ent.iri)[:6]}")
            yield node, RDF.type, UPKG.Mention
            yield node, OA.hasBody, e
            yield from _span(node, art, m)
            yield node, UPKG.linkRule, ox.Literal(m.rule)
            if m.key:
                yield node, UPKG.linkKey, ox.Literal(m.key)

    for post in ex.posts:
        node = ox.NamedNode(f"{art_iri}#post-{_short(post.person, post.title, post.organization or '', post.place or '')}")
        person = ox.NamedNode(post.person)
        yield node, RDF.type, UPKG.PostHolding
        yield node, ORG.member, person
        yield node, UPKG.title, ox.Literal(post.title)
        if post.role:
            yield node, ORG.role, ox.NamedNode(post.role)
        if post.organization:
            yield node, ORG.organization, ox.NamedNode(post.organization)
            yield person, ORG.memberOf, ox.NamedNode(post.organization)
        if post.place:
            yield node, UPKG.postPlace, ox.NamedNode(post.place)
        if post.attested:
            yield node, UPKG.attestedOn, ox.Literal(post.attested.isoformat(), datatype=_XSD_date)
        yield node, PROV.wasDerivedFrom, art
        yield from _evidence(node, art, post.as_stated)

    for ev in ex.events:
        e = ox.NamedNode(ev.event)
        if ev.date:
            yield e, SCHEMA.startDate, ox.Literal(ev.date.isoformat(), datatype=_XSD_date)
        if ev.end_date:
            yield e, SCHEMA.endDate, ox.Literal(ev.end_date.isoformat(), datatype=_XSD_date)
        if ev.place:
            yield e, SCHEMA.location, ox.NamedNode(ev.place)
        for o in ev.organizers:
            yield e, SCHEMA.organizer, ox.NamedNode(o)
        for p in ev.participants:
            yield e, UPKG.participant, ox.NamedNode(p)
        for t in ev.topics:
            yield e, UPKG.concerns, ox.NamedNode(t)
        yield from _evidence(e, art, ev.evidence)

    for rel in ex.relations:
        s, p, o = ox.NamedNode(rel.subject), expand(rel.predicate), ox.NamedNode(rel.object)
        yield s, p, o
        node = ox.NamedNode(f"{art_iri}#rel-{_short(rel.subject, str(p), rel.object, str(rel.evidence.start))}")
        yield node, RDF.type, UPKG.Assertion
        yield node, RDF.subject, s
        yield node, RDF.predicate, p
        yield node, RDF.object, o
        yield node, PROV.wasDerivedFrom, art
        yield from _evidence(node, art, rel.evidence)

    for st in ex.statistics:
        node = ox.NamedNode(f"{art_iri}#stat-{st.evidence.start}-{st.evidence.end}-{_short(st.unit, repr(st.value))[:6]}")
        yield node, RDF.type, UPKG.Statistic
        if st.subject:
            yield node, UPKG.about, ox.NamedNode(st.subject)
        yield node, UPKG.measure, ox.Literal(st.measure)
        yield node, UPKG.value, _typed(_decimal(st.value), str(XSD.decimal))
        yield node, UPKG.unit, ox.Literal(st.unit)
        yield node, UPKG.qualifier, ox.Literal(st.qualifier)
        if st.period:
            yield node, UPKG.period, ox.Literal(st.period)
        yield node, PROV.wasDerivedFrom, art
        yield from _evidence(node, art, st.evidence)


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if "." in text else text + ".0"


def _span(node: ox.NamedNode, art: ox.NamedNode, span: Span) -> Iterator[Triple]:
    yield node, OA.hasSource, art
    # xsd:integer, as the store keeps it (Oxigraph normalises derived integer types)
    yield node, OA.start, ox.Literal(str(span.start), datatype=_XSD_integer)
    yield node, OA.end, ox.Literal(str(span.end), datatype=_XSD_integer)
    yield node, OA.exact, ox.Literal(span.text)


def _evidence(subject: ox.NamedNode, art: ox.NamedNode, span: Span) -> Iterator[Triple]:
    node = ox.NamedNode(f"{art.value}#ev{span.start}-{span.end}")
    yield subject, UPKG.evidence, node
    yield node, RDF.type, UPKG.Evidence
    yield from _span(node, art, span)


def linking_triples(entities: Iterable[Entity]) -> Iterator[Triple]:
    """Canonical labels and every surface form of entities that are not reference entities."""
    for ent in entities:
        if not ent.new:
            continue
        e = ox.NamedNode(ent.iri)
        yield e, RDF.type, ox.NamedNode(ent.cls)
        yield e, RDFS.label, ox.Literal(ent.label, language="en")
        if ent.label_hi:
            yield e, RDFS.label, ox.Literal(ent.label_hi, language="hi")
        if ent.kind:
            yield e, UPKG.kind, ox.Literal(ent.kind)
        for form in sorted({m.text for m in ent.mentions} - {ent.label, ent.label_hi}):
            lang = "hi" if any("\u0900" <= c <= "\u097f" for c in form) else "en"
            yield e, SKOS.altLabel, ox.Literal(form, language=lang)
