"""Extractors by name, imported only when chosen (rdflib's plugin pattern).

The rule-based extractor is the default. A model-based one can stand beside it: a function
``(path, lang=None, date=None, url=None) -> kg.models.Extraction`` registered here by name, or
named at run time as ``module:function`` in ``$KG_EXTRACTOR``; the rest of the pipeline (linking,
RDF, store) is the same for any extractor.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable

EXTRACTORS: dict[str, str] = {
    "rules": "kg.pipeline:extract_file",
}
DEFAULT = "rules"


def get(name: str | None = None) -> Callable:
    """The extractor function called ``name`` (default: ``$KG_EXTRACTOR`` or ``rules``).

    >>> get("rules").__name__
    'extract_file'
    >>> get("nonesuch")
    Traceback (most recent call last):
    ...
    ValueError: unknown extractor 'nonesuch'; known: rules (or give module:function)
    """
    name = name or os.environ.get("KG_EXTRACTOR") or DEFAULT
    target = EXTRACTORS.get(name, name if ":" in name else None)
    if target is None:
        raise ValueError(f"unknown extractor {name!r}; known: {', '.join(sorted(EXTRACTORS))} (or give module:function)")
    module, _, function = target.partition(":")
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as e:
        raise ValueError(f"extractor {name!r} ({target}) cannot be loaded: {e}") from None
