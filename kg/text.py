"""Text mechanics: folding with an offset map, tokens, sentences and page chrome.

Every later stage works on a :class:`Folded` text, the article's body folded to a matching key
(NFKD, case-folded, Devanagari spelling variants merged, see ``ontology/lexicon/text.yaml``), and
maps spans back to offsets of the text *as read* through ``orig``. So what is matched is
forgiving, and what is quoted is exactly what the article says.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import load

# Devanagari letters and signs, without the danda (।, ॥) and abbreviation sign (॰): those end words.
_DEVA = "\u0900-\u0963\u0966-\u096f\u0971-\u097f"
TOKEN = re.compile(rf"[0-9]+(?:[.,][0-9]+)*|[^\W\d_][\w{_DEVA}]*(?:'s\b)?|[{_DEVA}][\w{_DEVA}]*", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A word or number of the folded text: ``text`` folded, ``start``/``end`` in folded offsets."""

    text: str
    start: int
    end: int


@dataclass
class Folded:
    """A folded text and the offset of the original character behind each folded character."""

    text: str
    orig: list[int]
    source: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the folded range [start, end)."""
        if start >= len(self.orig):
            return len(self.source), len(self.source)
        o_start = self.orig[start]
        o_end = self.orig[end - 1] + 1 if end > start else o_start
        # Extend over combining marks that were folded away (a nukta or a joiner ending the span).
        while o_end < len(self.source) and _dropped(self.source[o_end]):
            o_end += 1
        return o_start, o_end

    def quote(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.source[s:e]


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = load("text")
    return {
        "chars": data["fold_chars"],
        "nasals": set(data["nasal_consonants"]),
        "virama": data["virama"],
        "anusvara": data["anusvara"],
        "abbrev_raw": data["abbreviations"],
        "closing": set(data.get("closing_abbreviations", [])),
        "end": set(data["sentence_end"]),
    }


@lru_cache(maxsize=1)
def _abbreviations() -> set[str]:
    # folded like the text they are compared with (डॉ folds to डा)
    return {fold(str(a)).text for a in _rules()["abbrev_raw"]}


@lru_cache(maxsize=4096)  # per character of every token span
def _dropped(ch: str) -> bool:
    return _rules()["chars"].get(ch) == "" or unicodedata.category(ch) == "Mn" and not _fold_char(ch)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    rules = _rules()["chars"]
    if ch in rules:
        return rules[ch]
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        c = rules.get(c, c)
        if not c:
            continue
        if unicodedata.category(c) == "Mn" and not ("\u0900" <= c <= "\u097f"):
            continue  # Latin accents: Café = Cafe
        out.append(c.casefold())
    return "".join(out)


@lru_cache(maxsize=1)
def _nasal_cluster() -> re.Pattern:
    """A nasal + virama before a consonant; the consonant is only looked at, so it may start the next one."""
    rules = _rules()
    nasals = "".join(re.escape(c) for c in sorted(rules["nasals"]))
    return re.compile(f"[{nasals}]{re.escape(rules['virama'])}(?=[\u0915-\u0939])")


@lru_cache(maxsize=256)
def _char_class(chars: frozenset) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def fold(source: str, start: int = 0, end: int | None = None) -> Folded:
    """Fold ``source[start:end]`` to its matching key, keeping the map back to ``source``.

    >>> f = fold("कॉन्क्लेव in KANPUR")
    >>> f.text == fold("कांक्लेव in Kanpur").text
    True
    >>> f.quote(f.text.index("kanpur"), f.text.index("kanpur") + 6)
    'KANPUR'
    """
    end = len(source) if end is None else end
    text = source[start:end]
    # Fold each distinct character once and translate in C; a Python loop runs only around the
    # few characters that fold to nothing or to several (nukta, joiners, ligatures).
    table = {ch: _fold_char(ch) for ch in set(text)}
    folded = text.translate({ord(ch): f for ch, f in table.items()})
    odd = frozenset(ch for ch, f in table.items() if len(f) != 1)
    if not odd:
        orig = list(range(start, end))
    else:
        orig = []
        pos = 0
        for m in _char_class(odd).finditer(text):
            orig.extend(range(start + pos, start + m.start()))
            orig.extend([start + m.start()] * len(table[m.group()]))
            pos = m.end()
        orig.extend(range(start + pos, end))
    # nasal + virama + consonant -> anusvara + consonant (the anusvara keeps the nasal's offset)
    cuts = [m.start() for m in _nasal_cluster().finditer(folded)]
    if cuts:
        anusvara = _rules()["anusvara"]
        parts: list[str] = []
        offsets: list[int] = []
        pos = 0
        for k in cuts:
            parts.append(folded[pos:k])
            parts.append(anusvara)
            offsets.extend(orig[pos:k + 1])
            pos = k + 2
        parts.append(folded[pos:])
        offsets.extend(orig[pos:])
        folded, orig = "".join(parts), offsets
    return Folded(folded, orig, source)


@lru_cache(maxsize=1 << 16)  # a pure function of a short string; lexicon words and names recur in every article
def fold_key(text: str) -> str:
    """The folded key of a short string, with runs of space and punctuation made single spaces.

    >>> fold_key("Uttar  Pradesh’s") == fold_key("uttar pradesh's")
    True
    """
    return " ".join(t.text for t in tokens(fold(text).text))


def tokens(text: str) -> list[Token]:
    """Words and numbers of a (folded) text.

    >>> [t.text for t in tokens("हाइटेक इंडिया लिमिटेड (एचआईएल), 1,600 plots")]
    ['हाइटेक', 'इंडिया', 'लिमिटेड', 'एचआईएल', '1,600', 'plots']
    """
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


_DEVA_CHAR = re.compile("[\u0900-\u097f]")


def is_devanagari(text: str) -> bool:
    """Does ``text`` hold a Devanagari character? (A regex search: a generator cost more than the call.)

    >>> is_devanagari("MSME फॉर"), is_devanagari("MSME")
    (True, False)
    """
    return _DEVA_CHAR.search(text) is not None


_WORD_END = re.compile(r"([\w\u0900-\u097f]+)$")


@lru_cache(maxsize=1)
def _sentence_marks() -> re.Pattern:
    return re.compile("[\n" + "".join(re.escape(c) for c in sorted(_rules()["end"])) + "]")


_NEXT_WORD = re.compile(r"\s+(?=\w)")
_NEXT_INITIAL = re.compile(r"\s*([\u0900-\u097f]+)\.")
_LAST_INITIAL = re.compile(r"([\u0900-\u097f]+)\.\s*$")


@lru_cache(maxsize=1)
def _letter_names() -> frozenset[str]:
    """The Devanagari names of Latin letters (ए, के, एस), folded: Hindi writes initials with them."""
    from kg.acronyms import _letters  # (kg.acronyms folds with this module)

    return frozenset(name for name, _ in _letters())


def _in_initials(text: str, w_start: int, dot: int) -> bool:
    """Whether the letter name before the full stop at ``dot`` is one of two or more initials
    ("आर.पी. वर्मा", "एस. के. गुप्ता"): such a stop ends no sentence."""
    after = _NEXT_INITIAL.match(text, dot + 1, dot + 12)
    before = _LAST_INITIAL.search(text, max(0, w_start - 12), w_start)
    return bool(after and after.group(1) in _letter_names() or before and before.group(1) in _letter_names())


def _capital_next(text: str, i: int, folded: Folded | None) -> bool:
    """Whether the next word after ``i`` starts with a capital Latin letter in the original text."""
    m = _NEXT_WORD.match(text, i)
    if m is None:
        return False
    ch = folded.source[folded.orig[m.end()]] if folded is not None else text[m.end()]
    return "A" <= ch <= "Z"


def sentences(text: str, folded: Folded | None = None) -> list[tuple[int, int]]:
    """Sentence ranges of a folded text: split at । ॥ . ? ! and line breaks, not after abbreviations.

    >>> t = "Mr. R K Mishra said. गोरखपुर में बैठक हुई। Next"
    >>> [t[s:e] for s, e in sentences(t)]
    ['Mr. R K Mishra said.', 'गोरखपुर में बैठक हुई।', 'Next']

    ``folded``, when ``text`` is its folded text, lets a company's closing abbreviation end a
    sentence before a capitalised word of the original ("... Pvt Ltd. Union Minister ...").
    """
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    # only the candidate break characters are visited (a regex finds them), not every character
    for m in _sentence_marks().finditer(text):
        i = m.start()
        c = text[i]
        cut = None
        if c == "\n":
            cut = i
        else:
            nxt = text[i + 1] if i + 1 < n else " "
            if c == ".":
                word = _WORD_END.search(text, start, i)
                w = word.group(1).casefold() if word else ""
                closes = w in _rules()["closing"] and nxt.isspace() and _capital_next(text, i + 1, folded)
                if (w in _abbreviations() or (len(w) == 1 and w.isalpha()) or nxt.isdigit()) and not closes:
                    continue
                if w in _letter_names() and _in_initials(text, word.start(), i):
                    continue
            if nxt.isspace() or nxt in "\"'" or i + 1 == n or is_devanagari(nxt) or nxt.isupper():
                cut = i + 1
        if cut is not None:
            if text[start:cut].strip():
                s = start + len(text[start:cut]) - len(text[start:cut].lstrip())
                out.append((s, cut))
            start = cut if c != "\n" else i + 1
    if text[start:].strip():
        s = start + len(text[start:]) - len(text[start:].lstrip())
        out.append((s, len(text.rstrip())))
    return out


@lru_cache(maxsize=1)
def _chrome() -> dict[str, list[re.Pattern]]:
    data = load("chrome")
    out = {kind: [re.compile(p, re.IGNORECASE) for p in data.get(kind, [])] for kind in ("line", "tail", "span")}
    # "line" asks whether any pattern matches, "tail" where the first match starts: an alternation
    # answers both in one search per line (the leftmost match of p|q starts where the earlier of
    # p's and q's does). Patterns anchored at the line's start go in one of their own, which is
    # tried at the start only.
    for kind in ("line", "tail"):
        anchored = [p[1:] for p in data.get(kind, []) if p.startswith("^")]
        floating = [p for p in data.get(kind, []) if not p.startswith("^")]
        out[kind] = [re.compile(head + "(?:" + "|".join(f"(?:{p})" for p in group) + ")", re.IGNORECASE)
                     for head, group in (("^", anchored), ("", floating)) if group]
    out["markup"] = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in data.get("markup", [])]
    return out


_BYLINE = re.compile(r"^\s*(?i:by)\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*){1,3})\s*(?:[,/|].{0,40})?$")


def byline_author(body: str) -> str | None:
    """The author a byline near the top names ("By Rahul Mishra, TNN" -> "Rahul Mishra").

    >>> byline_author("Headline\\n\\nBy Ananya Pathak\\n\\nLucknow: ...")
    'Ananya Pathak'
    """
    for line in body.split("\n")[:8]:
        m = _BYLINE.match(line.strip())
        if m and not line.strip().lower().endswith("team"):
            return m.group(1)
    return None


def chrome_spans(source: str, start: int = 0) -> list[tuple[int, int]]:
    """Ranges of ``source`` (from ``start``) that are page chrome: subscription offers, bylines,
    share widgets, author bios, repeated lines, and HTML markup pasted with the text. Offsets are
    into ``source``.

    >>> s = "Story text.\\nSubscribe now for unlimited access.\\nRead More"
    >>> [s[a:b] for a, b in chrome_spans(s)]
    ['Subscribe now for unlimited access.', 'Read More']
    """
    pats = _chrome()
    out: list[tuple[int, int]] = []
    seen: set[str] = set()
    pos = start
    for line in source[start:].split("\n"):
        line_end = pos + len(line)
        key = line.strip()
        if any(p.search(line) for p in pats["line"]) or (len(key) > 20 and key in seen):
            out.append((pos, line_end))
        else:
            tail = min((m.start() for p in pats["tail"] for m in [p.search(line)] if m), default=None)
            if tail is not None:
                out.append((pos + tail, line_end))
            for p in pats["span"]:
                for m in p.finditer(line[: tail if tail is not None else len(line)]):
                    out.append((pos + m.start(), pos + m.end()))
        if key:
            seen.add(key)
        pos = line_end + 1
    if "<" in source[start:] or "&" in source[start:]:
        for p in pats["markup"]:
            out.extend((m.start(), m.end()) for m in p.finditer(source, start))
    return sorted(out)
