"""The ``kg extract``, ``kg evaluate`` and ``kg explain`` subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from kg.cli import Runner, _example, _store_option
from kg.errors import UserError


def known_entities(store_path: Path | None):
    """Entities already in the store (new to the vocabularies, linked by earlier builds), as
    :class:`kg.models.Entity` records whose mentions are their labels, for linking a new article."""
    from kg.iris import LINKING_GRAPH
    from kg.models import Entity, Mention
    from kg.store import current, open_store
    from kg.paths import store_path as default_store

    path = Path(store_path) if store_path else default_store()
    if current(path) is None:
        return []
    store = open_store(path)
    rows = store.query(use_default_graph_as_union=True, query=f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?e ?cls ?name WHERE {{ GRAPH ?g {{
            ?e a ?cls . {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }} }}
            FILTER(?g = <{LINKING_GRAPH}> || STRSTARTS(STR(?g), "{LINKING_GRAPH}/")) }}""")
    from kg.gazetteer import gazetteer

    gaz = gazetteer()
    found: dict[str, Entity] = {}
    for row in rows:
        iri, cls, name = row["e"].value, row["cls"].value, row["name"].value
        etype = gaz.type_of_class(cls)
        if etype is None or etype == "Role":
            continue
        ent = found.setdefault(iri, Entity(iri=iri, type=etype, cls=cls, label=name, mentions=[], new=False))
        ent.mentions.append(Mention(start=0, end=len(name), text=name, rule="store"))
    for ent in found.values():
        ent.label = max((m.text for m in ent.mentions if m.text.isascii()), key=len, default=ent.label)
    return list(found.values())


def extraction_text(ex) -> str:
    """A readable summary of one extraction."""
    a = ex.article
    lines = [f"{a.source_file}  language={a.language}  published={a.published or 'unknown'}"]
    label = {e.iri: e.label for e in ex.entities}
    lines.append(f"\nentities ({len(ex.entities)}):")
    for e in sorted(ex.entities, key=lambda e: (e.type, e.label)):
        forms = ", ".join(sorted({m.text for m in e.mentions}))
        lines.append(f"  {e.type:<12} {e.label:<40} {'new' if e.new else 'known'}  [{forms}]")
    if ex.posts:
        lines.append(f"\nposts ({len(ex.posts)}):")
        for p in ex.posts:
            where = label.get(p.organization, p.organization) or label.get(p.place, p.place) or "-"
            lines.append(f"  {label.get(p.person, p.person)} — {p.title} — {where}   «{p.as_stated.text}»")
    if ex.events:
        lines.append(f"\nevents ({len(ex.events)}):")
        for ev in ex.events:
            lines.append(f"  {label.get(ev.event, ev.event)} — {ev.date or ev.date_as_stated or 'date unknown'} — "
                         f"{label.get(ev.place, ev.place) or 'place unknown'}")
    if ex.statistics:
        lines.append(f"\nstatistics ({len(ex.statistics)}):")
        for s in ex.statistics:
            lines.append(f"  {label.get(s.subject, s.subject) or '-'}: {s.measure} = {s.value:,.2f} {s.unit} "
                         f"({s.qualifier})   «{s.evidence.text}»")
    if ex.relations:
        lines.append(f"\nrelations ({len(ex.relations)}):")
        for r in ex.relations:
            lines.append(f"  {label.get(r.subject, r.subject)} {r.predicate} {label.get(r.object, r.object)}")
    for w in ex.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines)


def extraction_json(ex) -> dict:
    """The JSON shape of ``kg extract --format json``."""
    ent = lambda e: {"iri": e.iri, "type": e.type, "class": e.cls, "label": e.label,  # noqa: E731
                     "labels": {k: v for k, v in (("en", e.label), ("hi", e.label_hi)) if v},
                     "mentions": [{"start": m.start, "end": m.end, "text": m.text, "rule": m.rule}
                                  for m in e.mentions], "new": e.new}
    span = lambda s: {"start": s.start, "end": s.end, "text": s.text}  # noqa: E731
    return {
        "article": json.loads(ex.article.model_dump_json()),
        "entities": [ent(e) for e in ex.entities],
        "relations": [{"subject": r.subject, "predicate": r.predicate, "object": r.object, "evidence": span(r.evidence)}
                      for r in ex.relations],
        "posts": [{"person": p.person, "title": p.title, "organization": p.organization, "place": p.place,
                   "attested": p.attested.isoformat() if p.attested else None, "evidence": span(p.as_stated)}
                  for p in ex.posts],
        "events": [{"event": e.event, "date": e.date.isoformat() if e.date else None,
                    "end_date": e.end_date.isoformat() if e.end_date else None, "date_as_stated": e.date_as_stated,
                    "place": e.place, "organizers": e.organizers, "participants": e.participants,
                    "topics": e.topics, "evidence": span(e.evidence)} for e in ex.events],
        "statistics": [{"subject": s.subject, "measure": s.measure, "value": s.value, "unit": s.unit,
                        "qualifier": s.qualifier, "period": s.period, "evidence": span(s.evidence)}
                       for s in ex.statistics],
        "warnings": ex.warnings,
    }


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def extract_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Extract one plain-text article (Hindi or English) without changing the store, linking "
                     "its entities to those the store already holds, and print what it yields.",
             "kg extract seeds/004_20c34a6f234d4514.txt\nkg extract article.txt --lang hi --date 2024-05-01 --format json")
    parser.add_argument("file", type=Path, help="a UTF-8 text file (with --batch: a JSON Lines file, or - for stdin)")
    parser.add_argument("--lang", choices=["hi", "en"], help="the article's language (default: detected)")
    parser.add_argument("--date", type=_date, help="publication date, to resolve dates without a year")
    parser.add_argument("--url", help="the article's address")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--batch", action="store_true",
                        help='read {"id", "text", "lang"?, "date"?} JSON lines and write one extraction (unlinked, '
                             'as kg.models.Extraction JSON) per line, for map-style engines (Dask, Spark, Ray)')
    parser.add_argument("--extractor", default=None,
                        help="extractor by name (default: $KG_EXTRACTOR or 'rules'), or module:function")
    _store_option(parser)

    def run(args: argparse.Namespace) -> int:
        if args.batch:
            return extract_batch(args.file)
        from kg.linking import link_corpus
        from kg import extractors
        from kg.reading import ArticleError

        try:
            try:
                extract = extractors.get(args.extractor)
            except ValueError as e:
                raise UserError(str(e)) from None
            ex = extract(args.file, lang=args.lang, date=args.date, url=args.url)
        except ArticleError as e:
            raise UserError(str(e)) from None
        linked, _ = link_corpus([ex], known_entities(args.store))
        ex = linked[0]
        if args.format == "json":
            json.dump(extraction_json(ex), sys.stdout, ensure_ascii=False, indent=2)
            print()
        else:
            print(extraction_text(ex))
        return 0

    return run


def extract_batch(source: Path) -> int:
    """``kg extract --batch``: JSON Lines in, one extraction JSON line (or ``{"id", "error"}``) out; exit 1 if any failed."""
    import hashlib

    from kg.pipeline import extract
    from kg.reading import MAX_BYTES, ArticleError, RawArticle, decode, split_header

    failed = 0
    stream = sys.stdin if str(source) == "-" else source.open(encoding="utf-8")
    with stream:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            aid = None
            try:
                rec = json.loads(line)
                aid, data = str(rec["id"]), str(rec["text"]).encode("utf-8")
                if len(data) > MAX_BYTES:  # the same checks as for a file: size, then decoding
                    raise ArticleError(f"{aid}.txt", f"the text is {len(data) / 2**20:.1f} MB; articles over "
                                                     f"{MAX_BYTES // 2**20} MB are refused")
                text, warnings = decode(data, f"{aid}.txt")
                meta, body_start = split_header(text)
                raw = RawArticle(id=aid, path=f"{aid}.txt", text=text, body_start=body_start, meta=meta,
                                 content_hash=hashlib.sha256(data).hexdigest(), warnings=warnings)
                date = _date(rec["date"]) if rec.get("date") else None
                out = extract(raw, lang=rec.get("lang"), date=date, url=rec.get("url")).model_dump_json()
            except (ValueError, KeyError, TypeError, ArticleError, argparse.ArgumentTypeError) as e:
                failed += 1
                out = json.dumps({"id": aid, "line": n, "error": f"{type(e).__name__}: {e}"}, ensure_ascii=False)
            sys.stdout.write(out + "\n")
    return 1 if failed else 0


def evaluate_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Score the extractor against gold annotations: precision, recall and F1 per type and "
                     "language for entities, posts held and statistics, and whether entities seen in several "
                     "articles got one IRI.",
             "kg evaluate tests/gold/seeds.yaml seeds\nkg evaluate gold.yaml articles/ --verbose --only d01,d02")
    parser.add_argument("gold", type=Path, help="gold annotations (YAML, devset format)")
    parser.add_argument("articles", type=Path, help="folder with <id>.txt for every gold article")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss and every extra")
    parser.add_argument("--only", help="comma-separated article ids to score")
    parser.add_argument("--exclude", help="comma-separated article ids to leave out")

    def run(args: argparse.Namespace) -> int:
        from kg.evaluate import evaluate, format_report

        split = lambda s: set(filter(None, s.split(","))) if s else None  # noqa: E731
        try:
            report = evaluate(args.gold, args.articles, only=split(args.only), exclude=split(args.exclude))
        except ValueError as e:
            raise UserError(str(e)) from None
        print(format_report(report, verbose=args.verbose))
        return 0

    return run


def explain_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Explain an entity: its labels, every mention in every article with the rule that linked "
                     "it to this IRI, and the posts and statistics that cite it.",
             "kg explain 'Yogi Adityanath'\nkg explain https://w3id.org/upkg/id/district/gorakhpur")
    parser.add_argument("entity", help="an IRI, or a name in English or Hindi")
    _store_option(parser)

    def run(args: argparse.Namespace) -> int:
        from kg.explain import explain

        print(explain(args.entity, args.store))
        return 0

    return run
