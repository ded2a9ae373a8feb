"""English loanwords written in Devanagari, read back (``ontology/lexicon/loanwords.yaml``)."""

from __future__ import annotations

from functools import lru_cache

from kg.lexicon import load
from kg.text import fold_key


@lru_cache(maxsize=1)
def loanwords() -> dict[str, str]:
    """Folded Devanagari word -> English word."""
    return {fold_key(k): v for k, v in load("loanwords")["words"].items()}


def loanword(folded: str) -> str | None:
    """The English word a (folded) Devanagari token spells, if the lexicon knows it.

    >>> loanword(fold_key("टेक्सटाइल"))
    'Textile'
    """
    return loanwords().get(folded)
