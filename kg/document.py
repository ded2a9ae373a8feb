"""A prepared article: folded body, tokens with their original spans, sentences, chrome masked."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from kg.acronyms import latin_acronym
from kg.loanwords import loanword
from kg.gazetteer import stem
from kg.reading import RawArticle
from kg.text import TOKEN, Folded, _dropped, chrome_spans, fold, is_devanagari, sentences


@dataclass(slots=True)  # hundreds per article, read everywhere: slots make both cheaper
class Tok:
    """One token: folded ``text`` and ``stem``, original offsets, and what it looked like."""

    text: str
    stem: str
    fstart: int
    fend: int
    start: int
    end: int
    orig: str
    sent: int
    cap: bool
    upper: bool
    deva: bool
    num: bool
    chrome: bool
    # a Devanagari word read in Latin: an acronym (एनएसई -> NSE) or an English loanword (टेक्सटाइल -> Textile)
    latin: str | None = None


@dataclass
class Doc:
    """An article ready for mention finding."""

    raw: RawArticle
    folded: Folded
    toks: list[Tok] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)  # token index ranges
    sent_spans: list[tuple[int, int]] = field(default_factory=list)  # original offsets
    chrome: list[tuple[int, int]] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.raw.text

    def quote(self, i: int, j: int) -> tuple[int, int, str]:
        """Original (start, end, text) of tokens [i, j)."""
        s, e = self.toks[i].start, self.toks[j - 1].end
        return s, e, self.source[s:e]

    def between(self, i: int, j: int) -> str:
        """Folded text between the end of token i-1 and the start of token j (punctuation, spaces)."""
        a = self.toks[i - 1].fend if i > 0 else 0
        b = self.toks[j].fstart if j < len(self.toks) else len(self.folded.text)
        return self.folded.text[a:b]


class _Ranges:
    """Membership in a set of [start, end) ranges in O(log n) (page chrome can be thousands of lines)."""

    def __init__(self, ranges: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(ranges):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]

    def overlaps(self, start: int, end: int) -> bool:
        """Does some range share a position with [start, end)?"""
        k = bisect.bisect_left(self.starts, end) - 1  # the last range starting before end
        return k >= 0 and self.ends[k] > start


@lru_cache(maxsize=1 << 16)  # a pure function of the folded word; news repeats its words
def _word(text: str) -> tuple[str, bool, bool, str | None]:
    """(stem, is Devanagari, is a number, Latin reading) of a folded token."""
    deva = is_devanagari(text)
    return stem(text), deva, text[:1].isdigit(), (latin_acronym(text) or loanword(text)) if deva else None


def prepare(raw: RawArticle) -> Doc:
    """Fold the article body, find tokens, sentences and page chrome."""
    folded = fold(raw.text, raw.body_start)
    doc = Doc(raw=raw, folded=folded, chrome=chrome_spans(raw.text, raw.body_start))
    chrome = _Ranges(doc.chrome)
    sent_ranges = sentences(folded.text, folded)
    ftext, source, toks = folded.text, raw.text, doc.toks
    # Folded.span inlined (it ran for every token): original offsets, then over marks folded away
    orig_at, n_source = folded.orig, len(source)
    dropped = {c for c in set(source) if _dropped(c)}
    for si, (fs, fe) in enumerate(sent_ranges):
        first = len(toks)
        s0, _ = folded.span(fs, fs + 1)
        _, e0 = folded.span(fe - 1, fe)
        # most sentences hold no page chrome: then no token of theirs needs looking up
        chrome_here = chrome.overlaps(s0, e0)
        # matching in place over [fs, fe) finds what matching the slice would (no look-behind in TOKEN)
        for m in TOKEN.finditer(ftext, fs, fe):
            a, b = m.span()
            text = m.group()
            o_start, o_end = orig_at[a], orig_at[b - 1] + 1
            while o_end < n_source and source[o_end] in dropped:
                o_end += 1
            orig = source[o_start:o_end]
            stem_, deva, num, latin = _word(text)
            toks.append(Tok(text, stem_, a, b, o_start, o_end, orig, si, orig[:1].isupper(),
                            orig.isupper() and len(orig) > 1, deva, num, chrome_here and o_start in chrome, latin))
        doc.sents.append((first, len(toks)))
        doc.sent_spans.append((s0, e0))
    return doc
