#!/usr/bin/env python3
"""Validate the seed gold: seeds/<id>.txt (+ <id>.meta) against tests/gold/seeds.yaml.

Only the location and format of the articles differ from the held-out sets, so the checks on the
gold are tests/heldout/check_gold.py's. A seed file has no header: the whole file is the body, and
the article's language comes from the `language` key of its `.meta` sidecar.

Checks (each failure is an ERROR):
  * every seed file has a `.meta` sidecar with `language` hi or en, and a body of >= 600 chars;
  * every seeds.yaml entry has its seed file (keyed by file stem), with the same language as the sidecar;
  * every entity has a known type, a name and a non-empty list of mentions;
  * every mention, roles[].as_stated, Event date_as_stated and facts[].as_stated occurs verbatim
    in the article body (the whole seed file);
  * Person entities have `roles` (a list of {title, org, as_stated}); Organizations have `kind`;
  * Events have date (ISO YYYY-MM-DD or null), date_as_stated, place (the name of a Place/District
    entity of the same article, or null) and participants (names of entities of the same article);
  * alt_types only use known types;
  * facts have subject (the name of an entity of the same article), measure, a numeric value,
    unit and as_stated;
  * a canonical name has one type across the whole set; no canonical name is repeated in one article.
Warnings (not errors): a role's org that is not an Organization entity of the same article;
canonical names that differ only by case/punctuation.

Usage: python3 tests/gold/check_gold.py [--stats]
"""
import importlib.util
import pathlib
import sys
import unicodedata

import yaml

HERE = pathlib.Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "seeds"
GOLD = HERE / "seeds.yaml"
_spec = importlib.util.spec_from_file_location("heldout_check_gold", HERE.parent / "heldout" / "check_gold.py")
shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shared)


def read_article(path):
    """A seed is `<id>.txt` (the whole file is the body) plus `<id>.meta` (YAML metadata)."""
    body = path.read_text(encoding="utf-8")
    sidecar = path.with_suffix(".meta")
    meta = {}
    if sidecar.exists():
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    return meta, body, sidecar.exists()


def main():
    errors, warnings = [], []
    err = errors.append
    warn = warnings.append

    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    articles = {}
    # the founding seeds are those the gold names, as tests/seedstore.core_seeds reads them (seeds/
    # also holds the devset's articles, whose gold is the devset's); a missing file is an error below
    for path in sorted(p for p in SEEDS.glob("*.txt") if p.stem in gold):
        meta, body, ok = read_article(path)
        aid = path.stem
        if not ok:
            err(f"{aid}: no .meta sidecar")
        if meta.get("language") not in ("hi", "en"):
            err(f"{aid}: sidecar language must be hi or en")
        if len(body.strip()) < 600:
            err(f"{aid}: body has only {len(body.strip())} characters")
        if unicodedata.normalize("NFC", body) != body:
            warn(f"{aid}: body is not NFC-normalised")
        articles[aid] = (meta, body)

    shared.check_gold(gold, articles, err, warn, "sidecar")
    return shared.finish(gold, errors, warnings)


if __name__ == "__main__":
    sys.exit(main())
