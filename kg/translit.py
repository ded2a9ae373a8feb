"""Devanagari to Latin transliteration and phonetic keys, for linking Hindi and English names.

The tables live in ``ontology/lexicon/translit.yaml``; this module only applies them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.lexicon import load


@lru_cache(maxsize=1)
def _table() -> dict:
    t = load("translit")
    t = dict(t)
    t["key_rules"] = [(re.compile(a), b) for a, b in t["key_rules"]]
    t["spelling_rules"] = [(re.compile(a), b) for a, b in t["spelling_rules"]]
    t["consonants"] = {unicodedata.normalize("NFC", k): v for k, v in t["consonants"].items()}
    t["conjuncts"] = {unicodedata.normalize("NFC", k): v for k, v in (t.get("conjuncts") or {}).items()}
    t["conjunct_starts"] = {k[0] for k in t["conjuncts"]}
    return t


def _word(word: str, t: dict) -> str:
    """Transliterate one Devanagari word as (consonant, vowel) units, then delete schwas."""
    units: list[list[str]] = []  # [consonant, vowel] with vowel None = inherent a
    joined: set[int] = set()  # units that are a conjunct read as one (ज्ञ)
    cons = t["consonants"]
    i = 0
    n = len(word)
    while i < n:
        conj = word[i] in t["conjunct_starts"] and next((k for k in t["conjuncts"] if word.startswith(k, i)), None)
        if conj:
            joined.add(len(units))
            units.append([t["conjuncts"][conj], None])
            i += len(conj)
            continue
        ch = word[i]
        if i + 1 < n and word[i + 1] == t["nukta"] and ch + word[i + 1] in cons:
            ch = ch + word[i + 1]
            i += 1
        ch = unicodedata.normalize("NFC", ch)
        if ch in cons:
            units.append([cons[ch], None])
        elif ch in t["vowels"]:
            units.append(["", t["vowels"][ch]])
        elif ch in t["vowel_signs"] and units:
            units[-1][1] = t["vowel_signs"][ch]
        elif ch == t["virama"] and units:
            units[-1][1] = ""
        elif ch in (t["anusvara"], t["chandrabindu"]):
            if units:
                if units[-1][1] is None:
                    units[-1][1] = "a"
                units[-1][1] += "n"
        elif ch == t["visarga"]:
            if units:
                units[-1][1] = (units[-1][1] or "a") + "h"
        elif ch in t["digits"]:
            units.append([str(t["digits"].index(ch)), ""])
        elif ch != t["nukta"]:
            units.append([ch, ""])
        i += 1
    # Schwa deletion: word-final, and between V C _ C V (right to left).
    vowels = [u[1] for u in units]
    # ...but a final conjunct ending in a semivowel, liquid or nasal keeps it (नरेंद्र = narendra,
    # शुक्ल = shukla) while other conjuncts drop it (प्रोडक्ट = product).
    # A conjunct read as one (ज्ञ = gy) is such a final conjunct: विशेषज्ञ = visheshgya.
    if len(units) > 1 and vowels[-1] is None:
        conjunct = vowels[-2] == "" or len(units) - 1 in joined
        if not (conjunct and units[-1][0][-1:] in t["final_schwa_after"]):
            vowels[-1] = ""
    for k in range(len(units) - 2, 0, -1):
        if vowels[k] is None:
            nxt_has_vowel = vowels[k + 1] not in ("",)
            # a vowel must come before this consonant within the word (प्रतिष्ठान = prati-)...
            # ...and the consonant must not close a cluster (आदित्यनाथ = aadityanaath).
            b = k - 1 if vowels[k - 1] != "" else -1
            if b >= 0 and nxt_has_vowel and units[k][0] and units[k + 1][0]:
                vowels[k] = ""
    return "".join(c + ("a" if v is None else v) for (c, _), v in zip(units, vowels))


def to_latin(text: str) -> str:
    """Transliterate the Devanagari words of ``text``; Latin text passes through.

    >>> to_latin("संजय कुमार तिवारी")
    'sanjay kumaar tivaaree'
    >>> to_latin("नरेंद्र कमलेश")
    'narendra kamlesh'
    >>> to_latin("ज्ञानेंद्र विज्ञान विशेषज्ञ")
    'gyaanendra vigyaan visheshgya'
    """
    t = _table()
    return re.sub(r"[\u0900-\u097f]+", lambda m: _word(m.group(), t), text)


@lru_cache(maxsize=1 << 16)  # a pure function of the text, called for every token of every article
def phonetic_key(text: str, vowels: bool = False) -> str:
    """A spelling-tolerant key: Hindi and English spellings of one name meet.

    Each word keeps its first letter and its consonants: vowels are where spellings of Indian
    names differ most (Agarwal / Agrawal / अग्रवाल). With ``vowels=True`` the (normalised)
    vowels stay, for matching single words where a consonant skeleton would be too loose.

    >>> phonetic_key("Rajeev Dixit") == phonetic_key("राजीव दीक्षित")
    True
    >>> phonetic_key("Pankaj Goyal") == phonetic_key("पंकज गोयल")
    True
    >>> phonetic_key("Sanjay Tiwari") == phonetic_key("संजय तिवारी")
    True
    >>> phonetic_key("Alok Agarwal") == phonetic_key("आलोक अग्रवाल")
    True
    """
    t = _table()
    latin = unicodedata.normalize("NFKD", to_latin(text).lower())
    latin = "".join(c for c in latin if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", latin)
    out = []
    for w in words:
        for pattern, repl in t["key_rules"]:
            w = pattern.sub(repl, w)
        out.append(w if vowels else w[:1] + re.sub(r"[aeiou]", "", w[1:]))
    return " ".join(out)


def _key_words(text: str) -> list[str]:
    """The words of ``text`` in Latin, lower case, with the key rules applied."""
    t = _table()
    latin = unicodedata.normalize("NFKD", to_latin(text).lower())
    latin = "".join(c for c in latin if not unicodedata.combining(c))
    out = []
    for w in re.findall(r"[a-z0-9]+", latin):
        for pattern, repl in t["key_rules"]:
            w = pattern.sub(repl, w)
        out.append(w)
    return out


@lru_cache(maxsize=1 << 16)
def spelling_key(text: str) -> str:
    """A stricter key than :func:`phonetic_key`, for telling people's names apart: the vowels i, e,
    u and o stay; only "a" goes (and "aa"), since Hindi drops the short a that English spells
    (प्रगति = pragti) and English doubles it where Hindi lengthens it.

    >>> spelling_key("Ajay Saini") == spelling_key("Ajay Sinha")
    False
    >>> spelling_key("Savita") == spelling_key("Shweta")
    False
    >>> spelling_key("Sanjay Tiwari") == spelling_key("संजय तिवारी")
    True
    >>> spelling_key("Ajay Saini") == spelling_key("अजय सैनी"), spelling_key("Ajay Sinha") == spelling_key("अजय सिन्हा")
    (True, True)
    >>> spelling_key("Nazia Bhatia") == spelling_key("नाजिया भाटिया"), spelling_key("Agarwal") == spelling_key("Agrawal")
    (True, True)
    """
    t = _table()
    out = []
    for w in _key_words(text):
        for pattern, repl in t["spelling_rules"]:
            w = pattern.sub(repl, w)
        out.append(w[:1] + w[1:].replace("a", ""))
    return " ".join(out)


@lru_cache(maxsize=1 << 16)
def sound_code(text: str) -> str:
    """A loose key for names of organisations written in either script: each word as the classes of
    its consonants (``sound_classes`` in the table), abbreviations read as words ("Pvt" = "Private").
    Looser than :func:`phonetic_key` on single words, so an organisation's name is keyed by it
    only as a whole (every word agreeing).

    >>> sound_code("Galaxy Agro Products Pvt Ltd") == sound_code("गैलेक्सी एग्रो प्रोडक्ट्स प्राइवेट लिमिटेड")
    True
    >>> sound_code("Sunrise Packaging Limited") == sound_code("सनराइज पैकेजिंग लिमिटेड")
    True
    >>> sound_code("Aarav Exports Pvt Ltd") == sound_code("Aarav Enterprises Pvt Ltd")
    False
    >>> sound_code("Pragati Electricals Limited") == sound_code("Pratham Electricals Limited")
    False
    >>> sound_code("Om Polymers Pvt. Ltd."), sound_code("ओम पॉलिमर्स प्रा लि")
    ('Vm plmrs prvt lmtd', 'Vm plmrs prvt lmtd')
    """
    t = _table()
    classes, abbr, final = t["sound_classes"], t["key_abbreviations"], t["final_sibilants"]
    words = [abbr.get(w, w) for w in re.findall(r"[a-z0-9]+", to_latin(text).lower())]
    out = []
    for w in _key_words(" ".join(words)):
        cons = [ch for k, ch in enumerate(w) if ch not in "aeiouyh" or (k == 0 and ch in "yh")]
        if len(cons) > 1 and cons[-1] in final:
            cons[-1] = "s"
        code = "V" if w[0] in "aeiou" else ""
        for ch in cons:
            c = classes.get(ch, ch)
            if not code.endswith(c):
                code += c
        out.append(code)
    return " ".join(out)
