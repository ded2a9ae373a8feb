"""The records the pipeline produces: the one in-memory form between extraction and RDF.

Every field names the RDF term it becomes (``rdf=`` in its metadata; ``None`` for fields that stay
in Python, such as the article text). ``tests/test_model_ontology.py`` checks each of those terms
against ``ontology/kg.ttl`` and the W3C vocabularies, and checks that every property the ontology
defines for article content is carried by some field, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

EntityType = Literal["Person", "Organization", "Place", "Scheme", "Event", "Sector", "Product"]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]

Qualifier = Literal["exact", "about", "more than", "at least", "less than", "at most", "up to"]


def rdf(term: str | None, **extra):
    """Field metadata naming the RDF term (CURIE with the project's prefixes) a field maps to."""
    return {"json_schema_extra": {"rdf": term, **extra}}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Record):
    """A span of the article text as read: ``text == article_text[start:end]``."""

    start: int = Field(ge=0, **rdf("oa:start"))
    end: int = Field(ge=0, **rdf("oa:end"))
    text: str = Field(**rdf("oa:exact"))

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        return self


class Mention(Span):
    """A span naming an entity, with the rule and key that linked it."""

    rule: str = Field(default="new", **rdf("upkg:linkRule"))
    key: str = Field(default="", **rdf("upkg:linkKey"))


class Article(_Record):
    """A news article's metadata (from its sidecar, header or date line)."""

    id: str = Field(**rdf(None))
    source_file: str = Field(**rdf("upkg:sourceFile"))
    language: Literal["hi", "en", "mixed"] = Field(**rdf("schema:inLanguage"))
    published: dt.date | None = Field(default=None, **rdf("schema:datePublished"))
    headline: str | None = Field(default=None, **rdf("schema:headline"))
    outlet: str | None = Field(default=None, **rdf("schema:publisher"))
    author: str | None = Field(default=None, **rdf("schema:author"))
    url: str | None = Field(default=None, **rdf("schema:url"))
    content_hash: str = Field(**rdf("upkg:contentHash"))


class Entity(_Record):
    """An entity an article mentions, resolved to an IRI."""

    iri: str = Field(**rdf(None))
    type: EntityType = Field(**rdf(None))
    cls: str = Field(**rdf("rdf:type"))
    label: str = Field(**rdf("rdfs:label", lang="en"))
    label_hi: str | None = Field(default=None, **rdf("rdfs:label", lang="hi"))
    mentions: list[Mention] = Field(default_factory=list, **rdf("upkg:Mention"))
    new: bool = Field(default=True, **rdf(None))
    kind: str | None = Field(default=None, **rdf("upkg:kind"))


class Post(_Record):
    """A person holding a post, as the article attests it."""

    person: str = Field(**rdf("org:member"))
    title: str = Field(**rdf("upkg:title"))
    role: str | None = Field(default=None, **rdf("org:role"))
    organization: str | None = Field(default=None, **rdf("org:organization"))
    place: str | None = Field(default=None, **rdf("upkg:postPlace"))
    attested: dt.date | None = Field(default=None, **rdf("upkg:attestedOn"))
    as_stated: Span = Field(**rdf("upkg:evidence"))


class EventDetails(_Record):
    """When, where, by whom and with whom an event happens."""

    event: str = Field(**rdf(None))
    date: dt.date | None = Field(default=None, **rdf("schema:startDate"))
    end_date: dt.date | None = Field(default=None, **rdf("schema:endDate"))
    date_as_stated: str | None = Field(default=None, **rdf(None))
    place: str | None = Field(default=None, **rdf("schema:location"))
    organizers: list[str] = Field(default_factory=list, **rdf("schema:organizer"))
    participants: list[str] = Field(default_factory=list, **rdf("upkg:participant"))
    topics: list[str] = Field(default_factory=list, **rdf("upkg:concerns"))
    evidence: Span = Field(**rdf("upkg:evidence"))


class Relation(_Record):
    """A relation between two entities as an article states it (an upkg:Assertion)."""

    subject: str = Field(**rdf("rdf:subject"))
    predicate: str = Field(**rdf("rdf:predicate"))
    object: str = Field(**rdf("rdf:object"))
    evidence: Span = Field(**rdf("upkg:evidence"))


class Statistic(_Record):
    """A number the article states about a subject."""

    subject: str | None = Field(default=None, **rdf("upkg:about"))
    measure: str = Field(**rdf("upkg:measure"))
    value: float = Field(**rdf("upkg:value"))
    unit: str = Field(**rdf("upkg:unit"))
    qualifier: Qualifier = Field(default="exact", **rdf("upkg:qualifier"))
    period: str | None = Field(default=None, **rdf("upkg:period"))
    evidence: Span = Field(**rdf("upkg:evidence"))


class Extraction(_Record):
    """Everything one article yields."""

    article: Article
    entities: list[Entity] = Field(default_factory=list)
    posts: list[Post] = Field(default_factory=list)
    events: list[EventDetails] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
