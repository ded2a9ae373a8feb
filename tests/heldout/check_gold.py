#!/usr/bin/env python3
"""Validate a held-out test set: articles/*.txt against gold.yaml, in this folder or the one given
(`python3 check_gold.py [FOLDER] [--stats]`; tests/heldout2 runs it on its own folder).

Checks (each failure is an ERROR):
  * every article file has the header `url:`, `language:`, `date:` then `---`, and a body of >= 600 chars;
  * gold.yaml has exactly one entry per article file, with the same language as the header;
  * every entity has a known type, a name and a non-empty list of mentions;
  * every mention, roles[].as_stated, Event date_as_stated and facts[].as_stated occurs verbatim
    in the article body (the text below the `---` line);
  * Person entities have `roles` (a list of {title, org, as_stated}); Organizations have `kind`;
  * Events have date (ISO YYYY-MM-DD or null), date_as_stated, place (the name of a Place/District
    entity of the same article, or null) and participants (names of entities of the same article);
  * alt_types only use known types;
  * facts have subject (the name of an entity of the same article), measure, a numeric value,
    unit and as_stated;
  * a canonical name has one type across the whole set; no canonical name is repeated in one article.
Warnings (not errors): a role's org that is not an Organization entity of the same article;
canonical names that differ only by case/punctuation.

Usage: python3 check_gold.py [--stats]
"""
import datetime
import pathlib
import re
import sys
import unicodedata
from collections import Counter, defaultdict

import yaml

TYPES = {"Person", "Organization", "District", "Place", "Scheme", "Event", "Sector", "Product"}


def read_article(path):
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, body, bool(sep)


def main():
    here = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else __file__).resolve()
    here = here if here.is_dir() else here.parent
    errors, warnings = [], []
    err = errors.append
    warn = warnings.append

    articles = {}
    for path in sorted((here / "articles").glob("*.txt")):
        meta, body, ok = read_article(path)
        aid = path.stem
        if not ok:
            err(f"{aid}: no '---' header separator")
        for key in ("url", "language", "date"):
            if not meta.get(key):
                err(f"{aid}: header lacks {key}")
        if meta.get("language") not in ("hi", "en"):
            err(f"{aid}: header language must be hi or en")
        date = meta.get("date", "")
        if date != "unknown":
            try:
                datetime.date.fromisoformat(date)
            except ValueError:
                err(f"{aid}: header date {date!r} is neither ISO nor 'unknown'")
        if len(body.strip()) < 600:
            err(f"{aid}: body has only {len(body.strip())} characters")
        if unicodedata.normalize("NFC", body) != body:
            warn(f"{aid}: body is not NFC-normalised")
        articles[aid] = (meta, body)

    gold = yaml.safe_load((here / "gold.yaml").read_text(encoding="utf-8"))
    check_gold(gold, articles, err, warn, "header")
    return finish(gold, errors, warnings)


def check_gold(gold, articles, err, warn, source):
    """The checks on gold.yaml against the articles' bodies and metadata (`source` says where
    their language was read: "header" or "sidecar"); shared with tests/gold/check_gold.py."""
    if set(gold) != set(articles):
        err(f"gold ids {sorted(set(gold) ^ set(articles))} do not match article files")

    name_types = defaultdict(set)
    for aid in sorted(gold):
        if aid not in articles:
            continue
        meta, body = articles[aid]
        g = gold[aid]
        where = aid

        def verbatim(s, what):
            if not isinstance(s, str) or not s:
                err(f"{where}: {what} is empty or not a string: {s!r}")
            elif s not in body:
                err(f"{where}: {what} {s!r} not found verbatim in the article body")

        if g.get("language") != meta.get("language"):
            err(f"{aid}: language {g.get('language')} differs from {source} {meta.get('language')}")
        if not g.get("topic"):
            err(f"{aid}: no topic")
        ents = g.get("entities") or []
        names = Counter(e.get("name") for e in ents)
        for n, c in names.items():
            if c > 1:
                err(f"{aid}: canonical name {n!r} used by {c} entities")
        by_name = {e.get("name"): e for e in ents}
        for e in ents:
            t, n = e.get("type"), e.get("name")
            where = f"{aid}/{n}"
            if t not in TYPES:
                err(f"{where}: unknown type {t!r}")
            if not n:
                err(f"{aid}: entity without name")
            name_types[n].add(t)
            ms = e.get("mentions")
            if not ms or not isinstance(ms, list):
                err(f"{where}: mentions must be a non-empty list")
            else:
                if len(set(ms)) != len(ms):
                    err(f"{where}: duplicate mention strings")
                for m in ms:
                    verbatim(m, "mention")
            for at in e.get("alt_types") or []:
                if at not in TYPES or at == t:
                    err(f"{where}: bad alt_type {at!r}")
            if t == "Person":
                roles = e.get("roles")
                if not isinstance(roles, list):
                    err(f"{where}: Person needs a roles list ([] if none)")
                    roles = []
                for r in roles:
                    if set(r) != {"title", "org", "as_stated"}:
                        err(f"{where}: role keys must be title, org, as_stated: {sorted(r)}")
                    if not r.get("title"):
                        err(f"{where}: role without title")
                    verbatim(r.get("as_stated"), "role as_stated")
                    org = r.get("org")
                    if org is not None and (org not in by_name or by_name[org].get("type") != "Organization"):
                        warn(f"{where}: role org {org!r} is not an Organization entity of {aid}")
            elif "roles" in e:
                err(f"{where}: roles only belong to Person entities")
            if t == "Organization":
                if not e.get("kind"):
                    err(f"{where}: Organization needs kind")
            elif "kind" in e:
                err(f"{where}: kind only belongs to Organization entities")
            if t == "Event":
                for key in ("date", "date_as_stated", "place", "participants"):
                    if key not in e:
                        err(f"{where}: Event lacks {key}")
                d = e.get("date")
                if d is not None:
                    try:
                        datetime.date.fromisoformat(str(d))
                    except ValueError:
                        err(f"{where}: date {d!r} is not ISO")
                if e.get("date_as_stated") is not None:
                    verbatim(e.get("date_as_stated"), "date_as_stated")
                p = e.get("place")
                if p is not None and (p not in by_name or by_name[p].get("type") not in ("Place", "District")):
                    err(f"{where}: place {p!r} is not a Place/District entity of {aid}")
                parts = e.get("participants")
                if not isinstance(parts, list):
                    err(f"{where}: participants must be a list")
                else:
                    for p in parts:
                        if p not in by_name:
                            err(f"{where}: participant {p!r} is not an entity of {aid}")
            else:
                for key in ("date", "date_as_stated", "place", "participants"):
                    if key in e:
                        err(f"{where}: {key} only belongs to Event entities")
        where = aid
        facts = g.get("facts")
        if not isinstance(facts, list):
            err(f"{aid}: facts must be a list ([] if none)")
            facts = []
        for f in facts:
            fw = f"{aid}/fact {f.get('as_stated')!r}"
            if set(f) != {"subject", "measure", "value", "unit", "as_stated"}:
                err(f"{fw}: keys must be subject, measure, value, unit, as_stated")
            if f.get("subject") not in by_name:
                err(f"{fw}: subject {f.get('subject')!r} is not an entity of {aid}")
            if not f.get("measure") or not f.get("unit"):
                err(f"{fw}: measure and unit are required")
            if not isinstance(f.get("value"), (int, float)) or isinstance(f.get("value"), bool):
                err(f"{fw}: value must be a number")
            verbatim(f.get("as_stated"), "fact as_stated")

    for n, ts in sorted(name_types.items()):
        if len(ts) > 1:
            err(f"canonical name {n!r} has several types across the set: {sorted(ts)}")
    keyed = defaultdict(set)
    for n in name_types:
        keyed[re.sub(r"[^a-z0-9]", "", (n or "").lower())].add(n)
    for k, ns in keyed.items():
        if len(ns) > 1:
            warn(f"near-duplicate canonical names: {sorted(ns)}")


def finish(gold, errors, warnings):
    """Print the warnings, errors and (with --stats) the totals; the exit status."""
    for w in warnings:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)

    if "--stats" in sys.argv:
        print_stats(gold)
    print(f"ERRORS {len(errors)}")
    return 1 if errors else 0


def print_stats(gold):
    per = defaultdict(Counter)
    distinct = defaultdict(set)
    langs = Counter()
    districts = set()
    facts = Counter()
    for aid, g in gold.items():
        lang = g["language"]
        langs[lang] += 1
        facts[lang] += len(g.get("facts") or [])
        for e in g.get("entities") or []:
            per[e["type"]][lang] += 1
            distinct[e["type"]].add(e["name"])
            if e["type"] == "District":
                districts.add(e["name"])
    print(f"articles: {dict(langs)}")
    print(f"{'type':<13} {'hi':>4} {'en':>4} {'all':>4} {'distinct names':>15}")
    for t in sorted(TYPES):
        c = per[t]
        print(f"{t:<13} {c['hi']:>4} {c['en']:>4} {c['hi'] + c['en']:>4} {len(distinct[t]):>15}")
    tot = Counter()
    for c in per.values():
        tot.update(c)
    print(f"{'total':<13} {tot['hi']:>4} {tot['en']:>4} {tot['hi'] + tot['en']:>4}")
    print(f"facts: hi {facts['hi']}, en {facts['en']}")
    print(f"districts ({len(districts)}): {', '.join(sorted(districts))}")


if __name__ == "__main__":
    sys.exit(main())
