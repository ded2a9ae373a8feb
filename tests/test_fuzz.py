"""Property tests (hypothesis) over extraction, date and number parsing, folding and transliteration.

For any text: extraction raises nothing, every span it reports is ``text[start:end]`` of the text as
read, and the records survive the JSON round trip of the cache and the RDF conversion of the build.
Dates and numbers written the ways articles write them (English and Hindi month names, day ranges,
Indian and Western digit grouping, crore/lakh/करोड़, per cent/प्रतिशत, currency signs) parse back to
the value they were written from. Folding keeps its map to the original text; transliteration is
idempotent, so a Hindi name and its Latin reading get one phonetic key.

The examples are derandomised (the same ones on every run, so CI is stable) and bounded; set
``KG_FUZZ_EXAMPLES`` to search more widely. A failure found here that lies in the extractor is
kept as an ``xfail`` naming the minimal input, until the extractor is fixed.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kg import graphs as kgraphs
from kg import pipeline, rdf
from kg.document import prepare
from kg.models import Extraction
from kg.reading import HEADER_KEYS, ArticleError, RawArticle, blank_markup, decode, mojibake, split_header
from kg.text import chrome_spans, fold, fold_key, sentences, tokens
from kg.translit import phonetic_key, to_latin
from kg.values import find_dates, find_numbers, publication_date, vlex

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "0")) or None


def fuzz(n: int):
    return settings(max_examples=EXAMPLES or n, deadline=None, derandomize=EXAMPLES is None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


# -- text that looks like articles --------------------------------------------------------------------

WORDS = [
    "Agra", "Kanpur", "Kanpur Nagar", "Gorakhpur", "Lucknow", "Jhansi", "Uttar Pradesh", "UP", "India", "Japan",
    "गोरखपुर", "लखनऊ", "कानपुर", "झांसी", "उत्तर प्रदेश", "यूपी", "भारत",
    "District Magistrate", "DM", "Chief Minister", "Yogi Adityanath", "Minister", "Chairman", "President",
    "जिलाधिकारी", "मुख्यमंत्री", "योगी आदित्यनाथ", "मंत्री", "अध्यक्ष", "उपायुक्त उद्योग", "प्रबंध निदेशक",
    "Mr.", "Dr.", "Shri", "श्री", "डॉ.", "Ravi Kumar Sharma", "रवि कुमार शर्मा", "Ashish Chauhan", "आशीष चौहान",
    "MSME", "एमएसएमई", "NSE", "एनएसई", "ODOP", "Ltd", "Limited", "लिमिटेड", "Pvt", "Association", "Council",
    "Department", "विभाग", "Authority", "प्राधिकरण", "Industries", "उद्योग", "Bank", "बैंक",
    "conclave", "summit", "सम्मेलन", "कॉन्क्लेव", "scheme", "योजना", "Yojana", "park", "पार्क", "industrial area",
    "crore", "lakh", "करोड़", "लाख", "रुपये", "Rs", "Rs.", "₹", "$", "%", "per cent", "प्रतिशत", "acre", "एकड़",
    "hectare", "more than", "about", "से अधिक", "करीब", "लगभग", "units", "इकाइयां", "exports", "निर्यात",
    "January", "March", "May", "Sept", "मार्च", "सितंबर", "सितम्बर", "Monday", "सोमवार", "शुक्रवार", "will", "होगा",
    "said", "ने", "के", "की", "का", "में", "से", "को", "और", "एवं", "of", "in", "the", "and", "at", "on", "to",
    "(", ")", ",", ".", "।", "॥", ":", "-", "–", "'s", "’s", "\"", "/", "&", "\n", "\n\n",
    "Published : March 3, 2026", "Subscribe now", "Read More", "Follow us on",
    "\u200d", "\u200c", "\u093c", "\ufeff", "क़", "ज़", "फ़",
]
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", ", ", "\t", "\u00a0"])
NUMBERS = st.one_of(st.integers(0, 10**9).map(str), st.integers(0, 10**7).map(lambda n: f"{n:,}"),
                    st.floats(0, 1e6, allow_nan=False).map(lambda x: f"{x:.2f}"),
                    st.sampled_from(["1,600", "2.5", "450", "2026", "24", "15-18", "1.2.3", "०१२"]))
PIECES = st.one_of(st.sampled_from(WORDS), NUMBERS, st.text(max_size=6),
                   st.text(alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F), max_size=6))


@st.composite
def articles(draw) -> str:
    parts = draw(st.lists(st.tuples(PIECES, SEPARATORS), max_size=80))
    return "".join(p + s for p, s in parts)


ANY_TEXT = st.one_of(articles(), st.text(max_size=400))


def raw(text: str, published: dt.date | None = None) -> RawArticle:
    header, body_start = split_header(text)
    return RawArticle(id="fuzz", path="fuzz.txt", text=text, body_start=body_start,
                      meta={"published": published} if published else {}, content_hash="0" * 64)


def spans_of(ex: Extraction):
    for e in ex.entities:
        yield from e.mentions
    for p in ex.posts:
        yield p.as_stated
    for ev in ex.events:
        yield ev.evidence
    for r in ex.relations:
        yield r.evidence
    for s in ex.statistics:
        yield s.evidence


# -- extraction ----------------------------------------------------------------------------------------

@fuzz(150)
@given(ANY_TEXT, st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))))
@example("कानपुर, 6 जनवरी 2026: जिलाधिकारी रवि कुमार शर्मा ने 450 से अधिक इकाइयों के लिए 300 करोड़ रुपये की घोषणा की।", None)
@example("url: x\nlanguage: hi\n---\nAgra", None)
@example("Agra\u093c\u200d District Magistrate Mr. . ₹ crore", None)
def test_extraction_never_raises_and_every_span_is_the_text_as_read(text, published):
    try:
        decode(text.encode("utf-8"), "fuzz.txt")  # what reading would refuse never reaches extraction
    except ArticleError:
        assume(False)
    ex = pipeline.extract(raw(text, published))
    for span in spans_of(ex):
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span
    assert Extraction.model_validate_json(ex.model_dump_json()) == ex  # the cache's round trip
    kgraphs.triples_from_rdflib(rdf.article_triples(ex))  # the build's conversion to the store's terms
    assert pipeline.extract(raw(text, published)) == ex  # and it is deterministic


# -- reading -------------------------------------------------------------------------------------------

HEADER_VALUES = st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=30)


@fuzz(300)
@given(st.dictionaries(st.sampled_from(sorted(HEADER_KEYS)), HEADER_VALUES, min_size=1), ANY_TEXT)
def test_a_written_header_parses_back_and_the_body_starts_after_it(header, body):
    header = {k: v.strip() for k, v in header.items()}
    text = "".join(f"{k}: {v}\n" for k, v in header.items()) + "---\n" + body
    assert split_header(text) == (header, len(text) - len(body))


@fuzz(300)
@given(ANY_TEXT)
def test_blanking_markup_keeps_every_offset(text):
    blanked, _ = blank_markup(text)
    assert len(blanked) == len(text)
    assert blanked.count("\n") >= text.count("\n")
    if "<" not in text and "&" not in text:
        assert blanked == text


@fuzz(300)
@given(st.text(alphabet=st.characters(min_codepoint=0x0905, max_codepoint=0x0939), min_size=3, max_size=40),
       st.sampled_from(["latin-1", "cp1252"]))
def test_devanagari_read_as_windows_1252_is_recognised_and_clean_text_is_not(word, codec):
    clean = f"Agra {word} Kanpur"
    assert mojibake(clean) == []
    garbled = clean.encode("utf-8").decode(codec, errors="replace")
    found = mojibake(garbled)
    assert found and all(c in clean for _, fixed in found for c in fixed)


# -- folding, tokens, sentences, page chrome -----------------------------------------------------------

@fuzz(300)
@given(ANY_TEXT)
def test_folding_keeps_a_map_to_the_original_text(text):
    f = fold(text)
    assert len(f.orig) == len(f.text)
    assert all(0 <= o < len(text) for o in f.orig)
    assert f.orig == sorted(f.orig)
    for t in tokens(f.text):
        assert f.text[t.start:t.end] == t.text
        s, e = f.span(t.start, t.end)
        assert 0 <= s < e <= len(text)
    previous = 0
    for s, e in sentences(f.text):
        assert previous <= s < e <= len(f.text)
        previous = e
    for s, e in chrome_spans(text):
        assert 0 <= s <= e <= len(text)


@fuzz(300)
@given(ANY_TEXT)
def test_fold_key_is_idempotent(text):
    key = fold_key(text)
    assert fold_key(key) == key


# -- transliteration -----------------------------------------------------------------------------------

DEVANAGARI = st.text(alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F), min_size=1, max_size=12)
NAMES = st.lists(st.one_of(DEVANAGARI, st.sampled_from([w for w in WORDS if re.fullmatch(r"[\w\u0900-\u097f ]+", w)])),
                 min_size=1, max_size=4).map(" ".join)


@fuzz(400)
@given(NAMES)
def test_transliteration_is_idempotent_so_a_name_and_its_reading_share_a_key(name):
    latin = to_latin(name)
    assert to_latin(latin) == latin
    assert phonetic_key(latin) == phonetic_key(name)
    assert phonetic_key(name, vowels=True) == phonetic_key(latin, vowels=True)
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", phonetic_key(name))


@fuzz(200)
@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs"]), max_size=40))
def test_latin_text_passes_through_transliteration(text):
    assert to_latin(text) == text


# -- dates ---------------------------------------------------------------------------------------------

def month_names(lang: str) -> list[tuple[str, int]]:
    months = vlex()["months"]  # folded key -> month
    from kg.lexicon import load

    out = []
    for m, names in load("values")["months"].items():
        for name in names:
            if bool(re.search(r"[\u0900-\u097f]", str(name))) == (lang == "hi") and fold_key(str(name)) in months:
                out.append((str(name), int(m)))
    return out


DATES = st.dates(dt.date(1950, 1, 1), dt.date(2049, 12, 31))


@st.composite
def written_dates(draw):
    d = draw(DATES)
    lang = draw(st.sampled_from(["en", "hi"]))
    name = draw(st.sampled_from([n for n, m in month_names(lang) if m == d.month]))
    if lang == "hi":
        stated = f"{d.day} {name} {d.year}"
        sentence = draw(st.sampled_from(["बैठक {} को लखनऊ में हुई।", "{} को कानपुर में सम्मेलन होगा।",
                                         "उद्यमियों ने {} को जिलाधिकारी से मुलाकात की।"]))
    else:
        name = name.capitalize()
        stated = draw(st.sampled_from([f"{d.day} {name} {d.year}", f"{name} {d.day}, {d.year}",
                                       f"{name} {d.day:02d}, {d.year}"]))
        sentence = draw(st.sampled_from(["The meeting was held on {} in Agra.", "On {}, exporters met in Kanpur.",
                                         "Kanpur, {}: The MSME department met exporters."]))
    return d, stated, sentence.format(stated)


@fuzz(300)
@given(written_dates())
@example((dt.date(2026, 1, 6), "January 06, 2026", "On January 06, 2026, exporters met in Kanpur."))
@example((dt.date(2021, 9, 24), "24 सितंबर 2021", "बैठक 24 सितंबर 2021 को लखनऊ में हुई।"))
def test_a_written_date_parses_back_to_itself(case):
    d, stated, text = case
    found = find_dates(prepare(raw(text)), None)
    assert [(m.date, m.as_stated) for m in found if m.date] == [(d, stated)]


@fuzz(150)
@given(DATES, st.integers(1, 10), st.sampled_from(["hi", "en"]), st.sampled_from([None, 2026]))
def test_a_day_range_parses_to_its_first_and_last_day(d, length, lang, published_year):
    assume(d.day + length <= 28)
    end = d + dt.timedelta(days=length)
    name = next(n for n, m in month_names(lang) if m == d.month)
    if lang == "hi":
        text = f"सम्मेलन {d.day} एवं {end.day} {name} {d.year} को होगा।"
    else:
        text = f"The conclave runs {name.capitalize()} {d.day}-{end.day}, {d.year} in Lucknow."
    found = [m for m in find_dates(prepare(raw(text)), None) if m.date]
    assert [(m.date, m.end_date) for m in found] == [(d, end)]


@fuzz(200)
@given(DATES, st.sampled_from(["en", "en-short", "iso"]))
def test_a_publication_date_line_parses_back(d, form):
    name = max((n for n, m in month_names("en") if m == d.month), key=len)  # the full name
    line = {"en": f"Published : {name.capitalize()} {d.day}, {d.year} at 4:10 PM IST",
            "en-short": f"Publish:Tue, {d.day} {name[:3].capitalize()} {d.year} 03:24 PM (IST)",
            "iso": f" date {d.isoformat()} ETV Bharat"}[form]
    assert publication_date("Kanpur news\n" + line + "\nThe story.") == d


# -- numbers -------------------------------------------------------------------------------------------

def indian(n: int) -> str:
    """1,23,45,678: the last three digits, then groups of two."""
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head] + groups + [tail])


COUNTS = st.integers(2, 10**8).filter(lambda n: not 1900 <= n <= 2099)  # a bare 1900..2099 is a year


@fuzz(200)
@given(COUNTS, st.sampled_from(["plain", "western", "indian"]), st.sampled_from(["hi", "en"]))
@example(450, "plain", "hi")
@example(1600, "western", "en")
def test_a_written_count_parses_back(n, grouping, lang):
    written = {"plain": str(n), "western": f"{n:,}", "indian": indian(n)}[grouping]
    text = (f"आगरा में {written} औद्योगिक इकाइयां हैं।" if lang == "hi"
            else f"Agra has {written} industrial units, officials said.")
    doc = prepare(raw(text))
    found = [(m.value, m.unit, doc.source[m.start:m.end]) for m in find_numbers(doc)]
    assert len(found) == 1 and found[0][:2] == (n, "count") and written in found[0][2], found


AMOUNTS = st.one_of(st.integers(1, 99_999), st.decimals("0.1", "9999.9", places=1).map(float))


@fuzz(200)
@given(AMOUNTS, st.sampled_from([("crore", 1e7), ("lakh", 1e5), ("करोड़", 1e7), ("लाख", 1e5)]),
       st.sampled_from(["{x} {m} rupees", "Rs {x} {m}", "Rs. {x} {m}", "₹{x} {m}", "{x} {m} रुपये"]))
@example(300, ("करोड़", 1e7), "{x} {m} रुपये")
def test_a_written_amount_of_money_parses_back(x, multiplier, form):
    word, factor = multiplier
    written = form.format(x=f"{x:g}", m=word)
    text = f"The state will invest {written} in the park." if word.isascii() else f"सरकार पार्क में {written} का निवेश करेगी।"
    doc = prepare(raw(text))
    found = [(m.value, m.unit) for m in find_numbers(doc)]
    assert len(found) == 1 and found[0][1] == "INR" and found[0][0] == pytest.approx(x * factor), (written, found)


@fuzz(200)
@given(st.one_of(st.integers(1, 100), st.decimals("0.1", "99.9", places=1).map(float)),
       st.sampled_from(["{x}%", "{x} per cent", "{x} percent", "{x} प्रतिशत", "{x} फीसदी"]))
def test_a_written_percentage_parses_back(x, form):
    written = form.format(x=f"{x:g}")
    text = f"Exports grew {written} this year." if form.isascii() else f"निर्यात में {written} की वृद्धि हुई।"
    doc = prepare(raw(text))
    found = [(m.value, m.unit) for m in find_numbers(doc)]
    assert found == [(pytest.approx(x), "percent")], (written, found)
