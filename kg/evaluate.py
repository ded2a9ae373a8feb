"""Scoring the extractor against gold annotations (the devset format: see ``tests/gold/README.md``).

An extracted entity matches a gold entity of a compatible type when one of its mentions and one
of the gold mentions (or the two names) are the same after folding, or one contains the other as
whole words and covers at least half of it. Matching is one-to-one per article. A post matches
when its person matches the gold person, the titles agree (the words of one are all in the other,
so a title without its portfolio still counts) and the organisations agree (or both are absent). A statistic matches when the value and the unit agree (a gold unit that is a noun,
such as "shipments", is matched by our "count").
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.models import Extraction
from kg.text import fold_key

UNIT_ALIASES = {"acres": "acre", "hectares": "hectare", "days": "day", "months": "month", "years": "year", "inr": "INR", "usd": "USD",
                "percentage": "percent", "%": "percent", "sq m": "sq m", "square metre": "sq m"}
KNOWN_UNITS = {"INR", "USD", "percent", "fraction", "count", "times", "acre", "day", "year", "month", "sq m", "hectare", "sq ft"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[tuple[str, str, str], Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    identity: list[tuple[str, list[str], bool]] = field(default_factory=list)
    merges: list[tuple[str, list[str]]] = field(default_factory=list)  # an IRI standing for several gold names

    def add(self, task: str, lang: str, typ: str, tp=0, fp=0, fn=0) -> None:
        for key in ((task, lang, typ), (task, lang, "*"), (task, "*", typ), (task, "*", "*")):
            s = self.scores[key]
            s.tp += tp
            s.fp += fp
            s.fn += fn


def load_gold(path: str | Path) -> dict:
    """Read a gold file; a clear error names the file and what is wrong."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ValueError(f"{path}: cannot read gold annotations: {e}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: gold annotations must map article ids to annotations")
    return data


def _forms(strings) -> list[str]:
    return [k for k in (fold_key(s) for s in strings if s) if k]


def _close(a: str, b: str) -> float:
    if a == b:
        return 1.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if f" {short} " in f" {long_} " and len(short.split()) * 2 >= len(long_.split()):
        return 0.5
    return 0.0


def _similarity(pred_forms: list[str], gold_forms: list[str]) -> float:
    return max((_close(p, g) for p in pred_forms for g in gold_forms), default=0.0)


def _type_of(ent) -> str:
    return "District" if ent.cls.endswith("#District") else ent.type


def _units_match(pred: str, gold: str) -> bool:
    g = UNIT_ALIASES.get(str(gold).lower(), str(gold))
    p = UNIT_ALIASES.get(pred.lower(), pred)
    if p == g:
        return True
    if g.startswith("INR per") and p == "INR":
        return True
    return p == "count" and g not in KNOWN_UNITS


def _match(report: Report, task: str, typ: str, lang: str, golds: list, preds: list, agree, miss, extra) -> None:
    """Match gold items to predictions one to one, first agreeing prediction first; count and list."""
    used: set[int] = set()
    for g in golds:
        hit = next((k for k, p in enumerate(preds) if k not in used and agree(g, p)), None)
        if hit is None:
            report.add(task, lang, typ, fn=1)
            report.misses.append(miss(g))
        else:
            used.add(hit)
            report.add(task, lang, typ, tp=1)
    for k, p in enumerate(preds):
        if k not in used:
            report.add(task, lang, typ, fp=1)
            report.extras.append(extra(p))


def _titles_agree(pred: str, gold: str) -> bool:
    """Titles agree when every word of one is in the other: "Minister of State" agrees with
    "Minister of State for Commerce and Industry" (the portfolio left out), "Managing Director and
    Chief Executive Officer" with "Managing Director"."""
    words = lambda t: set(fold_key(t.replace("-", " ")).split()) - {"and", "of", "the"}  # noqa: E731  Vice-Chancellor
    p, g = words(pred), words(gold)
    return bool(p) and bool(g) and (p <= g or g <= p)


def score_article(ex: Extraction, gold: dict, report: Report, aid: str) -> dict[str, str]:
    """Score one article; return the map gold canonical name -> matched predicted IRI."""
    lang = gold.get("language") or ex.article.language
    gold_ents = gold.get("entities") or []
    preds = list(ex.entities)
    pairs = []
    for gi, g in enumerate(gold_ents):
        g_types = {g["type"], *(g.get("alt_types") or [])}
        if "District" in g_types:
            g_types.add("Place")
        g_forms = _forms([g["name"], *(g.get("mentions") or [])])
        for pi, p in enumerate(preds):
            if _type_of(p) not in g_types and not (_type_of(p) == "Place" and "District" in g_types):
                continue
            sim = _similarity(_forms([p.label, p.label_hi, *(m.text for m in p.mentions)]), g_forms)
            if sim:
                pairs.append((sim, gi, pi))
    matched_g: dict[int, int] = {}
    matched_p: set[int] = set()
    for sim, gi, pi in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if gi not in matched_g and pi not in matched_p:
            matched_g[gi] = pi
            matched_p.add(pi)
    for gi, g in enumerate(gold_ents):
        if gi in matched_g:
            report.add("entities", lang, g["type"], tp=1)
        else:
            report.add("entities", lang, g["type"], fn=1)
            report.misses.append(f"{aid} entity {g['type']} {g['name']!r} mentions={g.get('mentions')}")
    for pi, p in enumerate(preds):
        if pi not in matched_p:
            report.add("entities", lang, _type_of(p), fp=1)
            report.extras.append(f"{aid} entity {_type_of(p)} {p.label!r} mentions={sorted({m.text for m in p.mentions})}")
    gold_of_iri = {preds[pi].iri: gold_ents[gi]["name"] for gi, pi in matched_g.items()}
    label_of = {p.iri: p.label for p in preds}

    def org_ok(pred_org: str | None, gold_org: str | None) -> bool:
        if gold_org is None:
            return pred_org is None
        if pred_org is None:
            return False
        return gold_of_iri.get(pred_org) == gold_org or fold_key(label_of.get(pred_org, "")) == fold_key(gold_org) \
            or fold_key(pred_org.rsplit("/", 1)[-1].replace("-", " ")) == fold_key(gold_org)

    gold_posts = [(e["name"], r) for e in gold_ents if e["type"] == "Person" for r in (e.get("roles") or [])]
    _match(report, "posts", "Post", lang, gold_posts, ex.posts,
           lambda g, post: gold_of_iri.get(post.person) == g[0] and _titles_agree(post.title, g[1]["title"])
           and org_ok(post.organization, g[1].get("org")),
           lambda g: f"{aid} post {g[0]!r} {g[1]['title']!r} org={g[1].get('org')!r}",
           lambda post: f"{aid} post {label_of.get(post.person, post.person)!r} {post.title!r} "
                        f"org={label_of.get(post.organization, post.organization)!r} {post.as_stated.text!r}")
    _match(report, "statistics", "Statistic", lang, gold.get("facts") or [], ex.statistics,
           lambda fact, st: (math.isclose(st.value, float(fact["value"]), rel_tol=1e-6)
                             or st.unit == "fraction" and abs(st.value - float(fact["value"])) < 0.001)  # 0.333 = 1/3
           and _units_match(st.unit, fact["unit"]),
           lambda fact: f"{aid} statistic {fact['value']} {fact['unit']} {fact.get('as_stated')!r}",
           lambda st: f"{aid} statistic {st.value:g} {st.unit} {st.evidence.text!r}")
    return {g_name: iri for iri, g_name in gold_of_iri.items()}


def evaluate(gold_path: str | Path, articles_dir: str | Path, only: set[str] | None = None,
             exclude: set[str] | None = None) -> Report:
    """Extract every gold article from ``articles_dir``, link them together, and score."""
    from kg.linking import link_corpus
    from kg.pipeline import extract_file

    gold = load_gold(gold_path)
    articles_dir = Path(articles_dir)
    ids = [a for a in sorted(gold) if (not only or a in only) and not (exclude and a in exclude)]
    extractions = []
    for aid in ids:
        path = articles_dir / f"{aid}.txt"
        if not path.exists():
            raise ValueError(f"{path}: article {aid} of {gold_path} not found in {articles_dir}")
        lang = gold[aid].get("language")
        extractions.append(extract_file(path, lang=lang if lang in ("hi", "en") else None))
    linked, _ = link_corpus(extractions)
    report = Report()
    names_to_iris: dict[str, dict[str, str]] = defaultdict(dict)
    for ex in linked:
        aid = ex.article.id
        for name, iri in score_article(ex, gold[aid], report, aid).items():
            names_to_iris[name][aid] = iri
    gold_names_of: dict[str, set[str]] = defaultdict(set)
    for name, per_article in names_to_iris.items():
        for iri in per_article.values():
            gold_names_of[iri].add(name)
    report.merges = [(iri, sorted(names)) for iri, names in sorted(gold_names_of.items()) if len(names) > 1]
    for name, per_article in sorted(names_to_iris.items()):
        if len(per_article) > 1:
            langs = sorted({gold[a].get("language", "?") for a in per_article})
            report.identity.append((name, sorted(per_article), len(set(per_article.values())) == 1 and len(langs) >= 1))
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    """An aligned table: P, R, F1 and counts per task, language and type."""
    lines = [f"{'task':<11} {'lang':<4} {'type':<13} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    order = {"entities": 0, "posts": 1, "statistics": 2}
    for (task, lang, typ), s in sorted(report.scores.items(), key=lambda kv: (order[kv[0][0]], kv[0][1] != "*", kv[0][1], kv[0][2] != "*", kv[0][2])):
        lines.append(f"{task:<11} {lang:<4} {typ:<13} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    if report.identity:
        ok = sum(1 for *_, same in report.identity if same)
        lines.append(f"cross-article identity: {ok}/{len(report.identity)} entities found in several articles have one IRI")
    lines.append(f"merge errors: {len(report.merges)} IRIs stand for more than one gold entity")
    if verbose:
        lines += ["", "misses:"] + [f"  - {m}" for m in report.misses]
        lines += ["", "extras:"] + [f"  + {x}" for x in report.extras]
        lines += ["", "identity:"] + [f"  {'ok ' if same else 'SPLIT'} {name} in {', '.join(arts)}"
                                       for name, arts, same in report.identity]
        lines += [f"  MERGED {iri}: {', '.join(names)}" for iri, names in report.merges]
    return "\n".join(lines)
