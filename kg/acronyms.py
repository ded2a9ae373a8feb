"""Acronyms written in Devanagari letter names (एनएसई) read as their Latin letters (NSE)."""

from __future__ import annotations

from functools import lru_cache

from kg.lexicon import load
from kg.text import fold


@lru_cache(maxsize=1)
def _letters() -> list[tuple[str, str]]:
    rows = [(fold(name).text, latin) for latin, names in load("acronyms")["letters"].items() for name in names]
    return sorted(rows, key=lambda r: -len(r[0]))


@lru_cache(maxsize=1 << 16)  # a pure function of the token, asked for every Devanagari word and name
def latin_acronym(token: str) -> str | None:
    """The Latin acronym a folded Devanagari token spells, if it is a run of letter names (2+ letters).

    >>> latin_acronym(fold("एनएसई").text), latin_acronym(fold("एसजीईपीसी").text), latin_acronym(fold("कानपुर").text)
    ('NSE', 'SGEPC', None)
    """
    out = []
    i = 0
    letters = _letters()
    while i < len(token):
        for name, latin in letters:
            if token.startswith(name, i):
                out.append(latin)
                i += len(name)
                break
        else:
            return None
    return "".join(out) if len(out) >= 2 else None


@lru_cache(maxsize=64)
def letter_of(token: str) -> str | None:
    """The Latin letter a folded Devanagari token names, if it is one letter name ("के" -> "K")."""
    return next((latin for name, latin in _letters() if name == token), None)
