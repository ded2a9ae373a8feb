"""Loading the language data of ``ontology/lexicon/`` (month names, number words, title words, ...)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml


def ontology_dir() -> Path:
    """The ``ontology/`` folder: ``$KG_ONTOLOGY`` if set, else the one beside the package."""
    env = os.environ.get("KG_ONTOLOGY")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "ontology"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed ``ontology/lexicon/<name>.yaml``."""
    path = ontology_dir() / "lexicon" / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}
