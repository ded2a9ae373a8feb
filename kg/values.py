"""Values in text: dates (Hindi and English months, weekdays), money, percentages, counts, areas.

Works on a prepared :class:`kg.document.Doc`; the words come from ``ontology/lexicon/values.yaml``.
A year the text omits is taken from the publication date; a weekday is resolved against it
(the coming one for a sentence in the future tense, else the last one).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.document import Doc
from kg.lexicon import load
from kg.text import fold_key


@dataclass
class DateMention:
    i: int
    j: int
    date: dt.date | None
    end_date: dt.date | None
    as_stated: str
    weekday: bool = False


@dataclass
class NumberMention:
    i: int
    j: int
    value: float
    unit: str
    qualifier: str
    measure: str
    start: int
    end: int


@lru_cache(maxsize=1)
def vlex() -> dict:
    d = load("values")
    fk = lambda w: fold_key(str(w))  # noqa: E731
    months = {fk(w): int(m) for m, ws in d["months"].items() for w in ws}
    weekdays = {fk(w): int(n) for n, ws in d["weekdays"].items() for w in ws}
    return {
        "months": months,
        "weekdays": weekdays,
        "words": {fk(w): float(v) for w, v in d["number_words"].items()},
        "mult": {fk(w): float(v) for w, v in d["multipliers"].items()},
        "times": {fk(w) for w in d["times_words"]},
        "currency": {fk(w): code for code, ws in d["currency"].items() for w in ws if fk(w)},
        "currency_symbols": {w: code for code, ws in d["currency"].items() for w in ws if not fk(w) or w in ("$",)},
        "percent": [tuple(fk(w).split()) for w in d["percent"] if fk(w)],
        "area": [(tuple(fk(w).split()), unit) for unit, ws in d["area_units"].items() for w in ws],
        "spans": [(tuple(fk(w).split()), unit) for unit, ws in d["span_units"].items() for w in ws],
        "q_before": sorted(((tuple(fk(w).split()), q) for q, ws in d["qualifiers_before"].items() for w in ws),
                           key=lambda x: -len(x[0])),
        "q_after": sorted(((tuple(fk(w).split()), q) for q, ws in d["qualifiers_after"].items() for w in ws),
                          key=lambda x: -len(x[0])),
        "not_count": {fk(w) for w in d["not_count_nouns"]},
        "measure_skip": {fk(w) for w in d.get("measure_skip", [])},
        "future_words": {fk(w) for w in d["future_words"]},
        "future_endings": tuple(fk(w) for w in d["future_endings"]),
        "day_joiners": {fk(w) for w in d["day_range_joiners"]},
        "range_joiners": {fk(w) for w in d["range_joiners"]},
        "day_words": {fk(w) for w in d["day_words"]},
        "fractions": sorted(((tuple(fk(w.replace("-", " ")).split()), _ratio(r)) for r, ws in d.get("fractions", {}).items()
                             for w in ws), key=lambda x: -len(x[0])),
        "fraction_stop_before": {fk(w) for w in d.get("fraction_stop_before", [])},
        "fraction_stop_after": {fk(w) for w in d.get("fraction_stop_after", [])},
    }


def _ratio(text: str) -> float:
    a, b = str(text).split("/")
    return int(a) / int(b)


def _num(text: str) -> float | None:
    t = text.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def _is_future(doc: Doc, sent: int) -> bool:
    a, b = doc.sents[sent]
    L = vlex()
    if {t.text for t in doc.toks[a:b]} & L["future_words"]:
        return True
    return any(t.deva and t.text.endswith(L["future_endings"]) for t in doc.toks[a:b])


def resolve_weekday(weekday: int, published: dt.date | None, future: bool) -> dt.date | None:
    """The date of a weekday named in an article published on ``published``.

    >>> resolve_weekday(0, dt.date(2026, 3, 3), future=False)  # Monday before Tue 3 March
    datetime.date(2026, 3, 2)
    >>> resolve_weekday(5, dt.date(2022, 10, 12), future=True)  # the coming Saturday
    datetime.date(2022, 10, 15)
    """
    if published is None:
        return None
    delta = (weekday - published.weekday()) % 7
    if future:
        return published + dt.timedelta(days=delta or 7)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


# a year; tested on every token (compiled once: re's cache lookup cost more than the match)
_YEAR = re.compile(r"(19|20)\d\d")


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(doc: Doc, published: dt.date | None) -> list[DateMention]:
    """Dates and weekdays: "24 सितंबर", "October 15-18", "January 06, 2026", "21 एवं 22 सितंबर", "Friday"."""
    L = vlex()
    toks = doc.toks
    out: list[DateMention] = []
    used: set[int] = set()
    for k, t in enumerate(toks):
        if k in used or t.chrome:
            continue
        month = L["months"].get(t.text)
        if month and (t.text not in ("may", "mar", "sun", "sat", "wed") or (t.cap and (
                (k > 0 and toks[k - 1].num) or (k + 1 < len(toks) and toks[k + 1].num)))):
            i, j = k, k + 1
            days: list[int] = []
            # day(s) before: "24 सितंबर", "21 एवं 22 सितंबर"
            b = k - 1
            while b >= 0 and (toks[b].num or toks[b].text in L["day_joiners"]) and k - b <= 4:
                if toks[b].num:
                    v = _num(toks[b].text)
                    if v is None or not (1 <= v <= 31) or "," in toks[b].text:
                        break
                    days.insert(0, int(v))
                i = b
                b -= 1
            while i < k and not toks[i].num:
                i += 1
            # day(s) after: "October 15-18", "February 21"
            if not days:
                a = k + 1
                while a < len(toks) and toks[a].num and a - k <= 2:
                    v = _num(toks[a].text)
                    if v is None or not (1 <= v <= 31):
                        break
                    days.append(int(v))
                    j = a + 1
                    a += 1
            year = None
            if j < len(toks) and toks[j].num and _YEAR.fullmatch(toks[j].text):
                year = int(toks[j].text)
                j += 1
            if not days:
                continue
            y = year or (published.year if published else None)
            date = _safe_date(y, month, days[0]) if y else None
            end = _safe_date(y, month, days[-1]) if y and len(days) > 1 else None
            s, e, text = doc.quote(i, j)
            out.append(DateMention(i, j, date, end, text))
            used.update(range(i, j))
        elif t.text in L["weekdays"] and (t.deva or t.cap):
            future = _is_future(doc, t.sent)
            date = resolve_weekday(L["weekdays"][t.text], published, future)
            out.append(DateMention(k, k + 1, date, None, t.orig, weekday=True))
            used.add(k)
        elif t.num and _YEAR.fullmatch(t.text) and k + 2 < len(toks) and toks[k + 1].num and toks[k + 2].num \
                and doc.between(k + 1, k + 2) == "-" and doc.between(k + 1, k + 1) == "-":
            d = _safe_date(int(t.text), int(_num(toks[k + 1].text) or 0), int(_num(toks[k + 2].text) or 0))
            if d:
                out.append(DateMention(k, k + 3, d, None, doc.quote(k, k + 3)[2]))
                used.update(range(k, k + 3))
    return out


def publication_date(text: str) -> dt.date | None:
    """The publication date a page states in its date line, if any.

    >>> publication_date("Published : March 3, 2026 at 4:10 PM IST")
    datetime.date(2026, 3, 3)
    >>> publication_date("Publish:Tue, 21 Sep 2021 03:24 PM (IST)")
    datetime.date(2021, 9, 21)
    >>> publication_date(" date 2026-03-03 ETV Bharat")
    datetime.date(2026, 3, 3)
    """
    L = vlex()
    m = re.search(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b", text[:400])
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    pats = [r"(?P<mon>[A-Za-z]+)\.? (?P<day>\d{1,2}),? (?P<year>(?:19|20)\d\d)",
            r"(?P<day>\d{1,2}) (?P<mon>[A-Za-z\u0900-\u097f]+),? (?P<year>(?:19|20)\d\d)"]
    best = None
    for pat in pats:
        for m in re.finditer(r"(?i)(published|updated|publish|date)[^\n]{0,25}?" + pat, text):
            month = L["months"].get(fold_key(m.group("mon")))
            if month:
                d = _safe_date(int(m.group("year")), month, int(m.group("day")))
                if d and (best is None or m.group(1).lower().startswith("publish")):
                    best = d
    return best


def _spells(toks: list, k: int, phrase: tuple[str, ...]) -> bool:
    """Do the tokens from k on read ``phrase``? (Word by word: most phrases fail at the first.)"""
    for x, word in enumerate(phrase):
        if toks[k + x].text != word:
            return False
    return True


def _phrase_at(doc: Doc, k: int, phrases) -> tuple[int, object] | None:
    for phrase, val in phrases:
        n = len(phrase)
        if k + n <= len(doc.toks) and _spells(doc.toks, k, phrase):
            return k + n, val
    return None


def _phrase_before(doc: Doc, k: int, phrases) -> tuple[int, object] | None:
    for phrase, val in phrases:
        n = len(phrase)
        if k - n >= 0 and _spells(doc.toks, k - n, phrase):
            return k - n, val
    return None


def _measure(doc: Doc, k: int, stop: set[str]) -> tuple[str, int]:
    """The noun phrase after a number ("industrial plots", "औद्योगिक इकाइयां")."""
    words = []
    j = k
    skip = vlex()["measure_skip"]
    while j < len(doc.toks) and doc.toks[j].text in skip and doc.toks[j].sent == doc.toks[k - 1].sent:
        j += 1
    while j < len(doc.toks) and len(words) < 2 and doc.toks[j].sent == doc.toks[k - 1].sent \
            and not doc.toks[j].num and doc.toks[j].text not in stop and doc.between(j, j).strip() in ("", "-"):
        words.append(doc.toks[j].orig)
        j += 1
    return " ".join(words), j


def find_numbers(doc: Doc) -> list[NumberMention]:
    """Money, percentages, multiples, areas, durations and counts with their qualifiers."""
    from kg.mentions import lex

    L = vlex()
    stop = lex()["stop"] - {"crore", "lakh"}
    toks = doc.toks
    out: list[NumberMention] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.chrome:
            k += 1
            continue
        value = None
        i = k
        word_number = False
        fraction = _fraction_at(doc, k)
        if fraction:
            j, value = fraction
            out.append(_make(doc, k, j, value, "fraction", "", j))
            k = j
            continue
        if t.num:
            value = _num(t.text)
            if value is not None and k + 1 < len(toks) and toks[k + 1].num and doc.between(k + 1, k + 1) == "." \
                    and "," not in toks[k + 1].text:
                value = _num(t.text + "." + toks[k + 1].text)  # "433.57" split by the tokenizer
                k += 1
        elif t.text in L["words"]:
            value = L["words"][t.text]
            word_number = True
        elif t.text.endswith("fold") and t.text[:-4] in L["words"]:
            value = L["words"][t.text[:-4]]
            out.append(_make(doc, i, k + 1, value, "times", "multiple", k + 1))
            k += 1
            continue
        if value is None:
            k += 1
            continue
        j = k + 1
        # "1,898 crore", "पांच हजार करोड़", "दो दर्जन", "a Rs 5.5-crore plant"
        while j < len(toks) and toks[j].text in L["mult"] and doc.between(j, j).strip() in ("", "-"):
            value *= L["mult"][toks[j].text]
            j += 1
        multiplied = j > k + 1
        if word_number and not multiplied and value == 1:
            k += 1
            continue
        gap_before = doc.folded.text[max(0, toks[i].fstart - 4):toks[i].fstart]
        prev = toks[i - 1].text if i > 0 else ""
        unit = None
        if "₹" in gap_before or "$" in gap_before or prev in L["currency"] and L["currency"].get(prev):
            unit = "USD" if "$" in gap_before or L["currency"].get(prev) == "USD" else "INR"
        if j < len(toks) and toks[j].text in L["currency"] and unit is None:
            unit = L["currency"][toks[j].text]
            j += 1
        after = doc.folded.text[toks[j - 1].fend:toks[j - 1].fend + 2]
        if unit is None and after.lstrip().startswith("%"):
            unit = "percent"
        hit = _phrase_at(doc, j, [(p, "percent") for p in L["percent"]])
        if unit is None and hit:
            unit, j = "percent", hit[0]
        if unit is None and j < len(toks) and toks[j].text in L["times"]:
            unit, j = "times", j + 1
        if unit is None:
            hit = _phrase_at(doc, j, L["area"]) or _phrase_at(doc, j, L["spans"])
            if hit:
                j, unit = hit
        if unit is None:
            if j < len(toks) and toks[j].text in L["day_words"] and doc.between(j, j).strip() in ("", "-"):
                unit, j = "day", j + 1
        if unit is None and t.num and not multiplied and _age_at(doc, i):
            out.append(_make(doc, i, j, value, "years", "age", j))  # "Abdul Wahid, 58,", "हाजी जलील (91)"
            k = j
            continue
        if unit is None:
            if t.num and _YEAR.fullmatch(t.text) and not multiplied and not _counted(doc, i, j):
                k = j
                continue  # a year (but "about 1,950 workers", "करीब 1950 कामगार" count)
            if j < len(toks) and (toks[j].text in L["not_count"] or toks[j].text in L["months"]
                                  or doc.between(j, j).strip() in ("-", "/", ":", "–")):
                k = j
                continue
            if i > 0 and toks[i - 1].text in L["months"]:
                k = j
                continue
            after_q = _phrase_at(doc, j, L["q_after"])  # "450 से अधिक औद्योगिक इकाइयां"
            measure, m_end = _measure(doc, after_q[0] if after_q else j, stop)
            if not measure or (word_number and value < 2):
                k = j
                continue
            crore = any(toks[x].text in L["mult"] and L["mult"][toks[x].text] >= 1e7 for x in range(k + 1, j))
            out.append(_make(doc, i, j, value, "INR" if crore else "count", measure if not crore else "", m_end))
            k = j
            continue
        out.append(_make(doc, i, j, value, unit, "", j))
        k = j
    return out + _range_starts(doc, out)


def _range_starts(doc: Doc, found: list[NumberMention]) -> list[NumberMention]:
    """The first number of a range takes the second's multiplier and unit: "8 से 10 हजार रुपये" is
    8,000 to 10,000 rupees, "दो-तीन अग्निकांड" two to three fires, "4 to 5%" 4 to 5 per cent; the
    evidence is the whole range."""
    L = vlex()
    toks = doc.toks
    at = {x for m in found for x in range(m.i, m.j)}
    out = []
    for m in found:
        b = m.i
        if b < 1 or m.unit == "fraction":
            continue
        if doc.between(b, b).rstrip() in ("-", "–"):
            a = b - 1  # "दो-तीन", "2-3%"
        elif b >= 2 and toks[b - 1].text in L["range_joiners"] and doc.between(b - 1, b - 1).strip() == "" \
                and doc.between(b, b).strip() == "":
            a = b - 2  # "6 से 8 घंटे", "4 to 5%"
        else:
            continue
        low, high = _plain_number(toks[a]), _plain_number(toks[b])
        if a in at or low is None or not high or toks[a].sent != toks[b].sent or low >= high:
            continue
        value = low * (m.value / high)
        s = toks[a].start
        out.append(NumberMention(a, m.j, value, m.unit, "exact", m.measure, s, m.end))
    return out


def _plain_number(t) -> float | None:
    """The value of one number token or number word ("2,500", "आठ"), no multiplier."""
    if t.num:
        return _num(t.text)
    return vlex()["words"].get(t.text)


def _fraction_at(doc: Doc, k: int) -> tuple[int, float] | None:
    """"a third", "two-thirds", "एक चौथाई", "half" from token k: (end, ratio), unless it is a half of
    time or an ordinal half ("first half", "half an hour", "आधी रात")."""
    L = vlex()
    toks = doc.toks
    hit = _phrase_at(doc, k, L["fractions"])
    if hit is None or toks[k].num or any(toks[x].chrome for x in range(k, hit[0])):
        return None
    j = hit[0]
    if any(doc.between(x, x).strip() not in ("", "-") for x in range(k + 1, j)):
        return None
    if k > 0 and toks[k - 1].text in L["fraction_stop_before"]:
        return None
    nxt = j + 1 if j < len(toks) and toks[j].text in ("a", "an", "the") else j
    if j < len(toks) and (doc.between(j, j).strip() == "-" or nxt < len(toks) and toks[nxt].text in L["fraction_stop_after"]):
        return None  # "half-yearly", "half a day"
    return j, round(hit[1], 4)


def is_age(text: str) -> bool:
    """A number that can be a person's age in an appositive ("Abdul Wahid, 58,")."""
    return text.isdigit() and 14 <= int(text) <= 110


def _age_at(doc: Doc, i: int) -> bool:
    """A number set off after a name is the person's age: "Abdul Wahid, 58, who ...", "Haji Jalil
    Ahmed (91)"."""
    from kg.mentions import lex

    toks = doc.toks
    if i == 0 or not is_age(toks[i].text) or toks[i - 1].sent != toks[i].sent:
        return False
    prev = toks[i - 1]
    if prev.num or prev.text in lex()["stop"] or not (prev.deva or prev.cap) or prev.upper:
        return False
    before, after = doc.between(i, i).strip(), doc.between(i + 1, i + 1).strip() if i + 1 < len(toks) else "."
    return before == "," and after[:1] == "," or before == "(" and after[:1] == ")"


def _counted(doc: Doc, i: int, j: int) -> bool:
    """A number like a year is a count when "about" or "more than" qualifies it ("करीब 1950
    कामगार", "over 2,000 units"); "up to 2030", "under 2023 policy" stay years."""
    L = vlex()
    hit = _phrase_before(doc, i, L["q_before"]) or _phrase_at(doc, j, L["q_after"])
    return bool(hit) and hit[1] in ("about", "more than")


def _make(doc: Doc, i: int, j: int, value: float, unit: str, measure: str, m_end: int) -> NumberMention:
    L = vlex()
    qualifier = "exact"
    b = i
    gap = doc.folded.text[max(0, doc.toks[i].fstart - 4):doc.toks[i].fstart]
    if any(s in gap for s in ("₹", "$")) or (i > 0 and doc.toks[i - 1].text in L["currency"]):
        b = i - 1 if i > 0 and doc.toks[i - 1].text in L["currency"] else i
    hit = _phrase_before(doc, b, L["q_before"])
    start_tok = i
    if hit and not (hit[1] == "more than" and doc.toks[hit[0]].deva):
        qualifier = hit[1]
        start_tok = hit[0]
    hit = _phrase_at(doc, j, L["q_after"])
    if hit:
        qualifier = hit[1]
    s = doc.toks[start_tok].start
    # include a currency symbol just before the number
    if start_tok == i and i > 0 and doc.toks[i - 1].text in L["currency"]:
        s = doc.toks[i - 1].start
    else:
        pre = doc.source[max(0, s - 2):s]
        if "₹" in pre or "$" in pre:
            s = s - len(pre) + min(pre.find(c) for c in "₹$" if c in pre)
    e = doc.toks[max(j, m_end) - 1].end
    if doc.source[e:e + 1] == "%":
        e += 1
    return NumberMention(i, j, value, unit, qualifier, measure, s, e)
