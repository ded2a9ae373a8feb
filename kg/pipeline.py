"""The extraction pipeline for one article: read -> normalise -> mentions -> linking -> relations -> records.

``extract_file`` depends only on the article and the reference vocabularies, so build runs it in
parallel and caches its result per article; ``kg.linking.link_corpus`` then resolves identities
across articles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from kg.models import Article, Entity, Extraction, Mention
from kg.reading import RawArticle, read_article

EXTRACTOR_VERSION = "0.1.0"


def _letters(text: str) -> tuple[int, int, int]:
    """(Devanagari letters, Latin letters, all letters) of ``text``: characters are counted in C,
    and only the distinct ones are looked at in Python."""
    deva = latin = letters = 0
    for c, k in Counter(text).items():
        if c.isalpha():
            letters += k
            if "\u0900" <= c <= "\u097f":
                deva += k
            elif c.isascii():
                latin += k
    return deva, latin, letters


def detect_language(text: str) -> str:
    """``hi``, ``en`` or ``mixed`` from the share of Devanagari among letters.

    >>> detect_language("कानपुर में उद्योग"), detect_language("Kanpur industry"), detect_language("MSME फॉर भारत")
    ('hi', 'en', 'mixed')
    """
    deva, latin, _ = _letters(text)
    total = deva + latin
    if total == 0:
        return "en"
    share = deva / total
    if share >= 0.6:
        return "hi"
    if share <= 0.2:
        return "en"
    return "mixed"


def _script_warnings(raw: RawArticle) -> list[str]:
    """Text mostly in a script other than Devanagari and Latin is read, but little will be understood."""
    deva, latin, letters = _letters(raw.text[raw.body_start:raw.body_start + 20000])
    if letters < 20:
        return [f"{raw.path}: hardly any words to read ({letters} letters)"]
    known = deva + latin
    if known / letters < 0.5:
        return [f"{raw.path}: {100 - round(100 * known / letters)}% of the letters are in a script other "
                "than Devanagari or Latin; only Hindi and English are understood"]
    return []


def article_record(raw: RawArticle, lang: str | None = None, date: dt.date | None = None,
                   url: str | None = None) -> Article:
    """Article metadata: explicit arguments first, then the sidecar/header, then what the text says."""
    from kg.text import byline_author
    from kg.values import publication_date

    meta = raw.meta
    language = lang or meta.get("language") or detect_language(raw.text[raw.body_start:])
    return Article(
        id=raw.id,
        source_file=Path(raw.path).name,
        language=language,
        published=date or meta.get("published") or publication_date(raw.text[raw.body_start:]),
        headline=meta.get("headline"),
        outlet=meta.get("outlet"),
        author=meta.get("author") or byline_author(raw.text[raw.body_start:]),
        url=url or meta.get("url"),
        content_hash=raw.content_hash,
    )


def extract(raw: RawArticle, lang: str | None = None, date: dt.date | None = None,
            url: str | None = None) -> Extraction:
    """Extract one decoded article (provisional IRIs; see ``kg.linking.link_corpus``)."""
    from kg import relations as rel
    from kg.document import prepare
    from kg.entities import group
    from kg.gazetteer import gazetteer
    from kg.mentions import find_mentions
    from kg.text import fold_key
    from kg.values import find_dates, find_numbers

    article = article_record(raw, lang, date, url)
    raw.meta = {**raw.meta, "published": article.published}
    warnings = list(raw.warnings) + _script_warnings(raw)
    gaz = gazetteer()
    doc = prepare(raw)
    cands = find_mentions(doc, gaz)
    dates = find_dates(doc, article.published)
    locals_ = group(doc, cands, gaz, dates)
    ctx = rel.Context(doc, locals_, gaz, [c for c in cands if c.type == "Role"])
    rel.district_offices(ctx)
    entities = []
    for ent in locals_:
        mentions = []
        for c, rule in sorted(zip(ent.cands, ent.rules), key=lambda cr: cr[0].i):
            s, e, text = doc.quote(c.i, c.j)
            key = fold_key(text) if rule == "reference-alias" else ent.key
            mentions.append(Mention(start=s, end=e, text=text, rule=rule, key=key))
        entities.append(Entity(iri=ent.iri, type=ent.type, cls=ent.cls, label=ent.label, label_hi=ent.label_hi,
                               mentions=mentions, new=not ent.known or bool(ent.office_of)))
    return Extraction(
        article=article,
        entities=entities,
        posts=rel.posts(ctx, article.published),
        events=rel.event_details(ctx, dates),
        relations=rel.relations(ctx),
        statistics=rel.statistics(ctx, find_numbers(doc)),
        warnings=warnings,
    )


def extract_file(path: str | Path, lang: str | None = None, date: dt.date | None = None,
                 url: str | None = None) -> Extraction:
    """Read and extract one article file. Raises ``kg.reading.ArticleError`` on unreadable input."""
    return extract(read_article(path), lang, date, url)
