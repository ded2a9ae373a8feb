"""Cross-article identity: provisional entities of many articles resolve to one IRI per real thing."""

from __future__ import annotations

from kg.models import Entity, Extraction


def link_corpus(extractions: list[Extraction]) -> tuple[list[Extraction], list[Entity]]:
    """Resolve identities across articles; return the extractions with final IRIs and the merged entities.

    The result does not depend on the order of ``extractions``.
    """
    merged: dict[str, Entity] = {}
    for ex in sorted(extractions, key=lambda e: e.article.id):
        for ent in ex.entities:
            if ent.iri in merged:
                merged[ent.iri].mentions.extend(ent.mentions)
            else:
                merged[ent.iri] = ent.model_copy(deep=True)
    return extractions, [merged[k] for k in sorted(merged)]
