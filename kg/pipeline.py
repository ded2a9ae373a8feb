"""The extraction pipeline for one article: read -> normalise -> mentions -> linking -> relations -> records.

``extract_file`` depends only on the article and the reference vocabularies, so build runs it in
parallel and caches its result per article; ``kg.linking.link_corpus`` then resolves identities
across articles.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg.models import Article, Extraction
from kg.reading import RawArticle, read_article

EXTRACTOR_VERSION = "0.1.0"


def detect_language(text: str) -> str:
    """``hi``, ``en`` or ``mixed`` from the share of Devanagari among letters.

    >>> detect_language("कानपुर में उद्योग"), detect_language("Kanpur industry"), detect_language("MSME फॉर भारत")
    ('hi', 'en', 'mixed')
    """
    deva = sum(1 for c in text if "\u0900" <= c <= "\u097f" and c.isalpha())
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    total = deva + latin
    if total == 0:
        return "en"
    share = deva / total
    if share >= 0.6:
        return "hi"
    if share <= 0.2:
        return "en"
    return "mixed"


def article_record(raw: RawArticle, lang: str | None = None, date: dt.date | None = None,
                   url: str | None = None) -> Article:
    """Article metadata: explicit arguments first, then the sidecar/header, then what the text says."""
    meta = raw.meta
    language = lang or meta.get("language") or detect_language(raw.text[raw.body_start:])
    return Article(
        id=raw.id,
        source_file=Path(raw.path).name,
        language=language,
        published=date or meta.get("published"),
        headline=meta.get("headline"),
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        url=url or meta.get("url"),
        content_hash=raw.content_hash,
    )


def extract(raw: RawArticle, lang: str | None = None, date: dt.date | None = None,
            url: str | None = None) -> Extraction:
    """Extract one decoded article (provisional IRIs; see ``kg.linking.link_corpus``)."""
    article = article_record(raw, lang, date, url)
    return Extraction(article=article, warnings=list(raw.warnings))


def extract_file(path: str | Path, lang: str | None = None, date: dt.date | None = None,
                 url: str | None = None) -> Extraction:
    """Read and extract one article file. Raises ``kg.reading.ArticleError`` on unreadable input."""
    return extract(read_article(path), lang, date, url)
