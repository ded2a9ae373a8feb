"""What a user checks in what `kg extract` finds in the seed articles: names, posts, dates, values, spans."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import extract_file

from seedstore import SEEDS  # the five core seeds

ROOT = Path(__file__).resolve().parent.parent
NSE = "https://w3id.org/upkg/id/org/national-stock-exchange-of-india"
GORAKHPUR = "https://w3id.org/upkg/id/district/gorakhpur"


@pytest.fixture(scope="module")
def seeds():
    return {p.stem: extract_file(p) for p in sorted(SEEDS.glob("*.txt"))}


def entity(ex, label):
    found = [e for e in ex.entities if e.label == label]
    assert found, f"{label!r} not among {sorted(e.label for e in ex.entities)}"
    return found[0]


def test_every_span_quotes_the_text_as_read(seeds):
    for stem, ex in seeds.items():
        text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
        spans = [m for e in ex.entities for m in e.mentions]
        spans += [p.as_stated for p in ex.posts] + [s.evidence for s in ex.statistics]
        spans += [r.evidence for r in ex.relations] + [e.evidence for e in ex.events]
        assert spans
        for span in spans:
            assert text[span.start:span.end] == span.text, (stem, span)


def test_hindi_and_english_names_of_one_person_meet(seeds):
    ex = seeds["000_b16039df73752885"]
    chauhan = entity(ex, "Ashish Kumar Chauhan")
    assert {m.text for m in chauhan.mentions} == {"आशीष चौहान", "आशीष कुमार चौहान"}
    assert chauhan.iri == "https://w3id.org/upkg/id/person/ashish-chauhan"
    nse = [e for e in ex.entities if e.iri == NSE][0]
    assert {"एनएसई", "नेशनल स्टॉक एक्सचेंज"} <= {m.text for m in nse.mentions}


def test_posts_with_title_organisation_and_the_quote(seeds):
    posts = {(p.person.rsplit("/", 1)[-1], p.title, p.organization): p for p in seeds["000_b16039df73752885"].posts}
    md = posts[("ashish-chauhan", "Managing Director and Chief Executive Officer", NSE)]
    assert md.as_stated.text == "नेशनल स्टॉक एक्सचेंज के एमडी व सीईओ आशीष कुमार चौहान"
    assert md.attested == dt.date(2026, 1, 6)
    ex = seeds["002_6b67660b8fd70b02"]
    person = [e.iri for e in ex.entities if "दीपक कारीवाल" in {m.text for m in e.mentions}]
    kariwal = [p for p in ex.posts if p.person in person]
    assert kariwal and kariwal[0].title == "State President"
    assert kariwal[0].organization == "https://w3id.org/upkg/id/org/laghu-udyog-bharati"
    sharma = [p for p in seeds["004_20c34a6f234d4514"].posts if p.person.endswith("/ravi-sharma")][0]
    assert (sharma.title, sharma.organization, sharma.place) == ("Deputy Commissioner (Industries)", None, GORAKHPUR)


def test_two_events_with_one_name_stay_apart(seeds):
    ex = seeds["004_20c34a6f234d4514"]
    details = {(e.date, e.place) for e in ex.events if "conclave" in e.event}
    assert (dt.date(2021, 9, 24), GORAKHPUR) in details
    assert (dt.date(2021, 9, 21), "https://w3id.org/upkg/id/district/lucknow") in details


def test_statistics_value_unit_qualifier_and_quote(seeds):
    stats = {(s.value, s.unit, s.qualifier, s.evidence.text) for s in seeds["004_20c34a6f234d4514"].statistics}
    assert (450.0, "count", "more than", "450 से अधिक औद्योगिक इकाइयां") in stats
    assert (3_000_000_000.0, "INR", "about", "करीब 300 करोड़ रुपये") in stats
    assert (24.0, "count", "more than", "दो दर्जन से अधिक स्टाल") in stats
    english = {(s.value, s.unit, s.qualifier) for s in seeds["003_3ada5cefde7cd019"].statistics}
    assert {(5000.0, "count", "more than"), (60.0, "percent", "exact"), (25.0, "percent", "at least")} <= english


def test_page_chrome_is_not_extracted(seeds):
    ex = seeds["003_3ada5cefde7cd019"]
    quotes = " ".join(s.evidence.text for s in ex.statistics)
    assert "900" not in quotes and "3,900" not in quotes  # subscription prices
    assert not any("New York Times" in m.text for e in ex.entities for m in e.mentions)


@pytest.mark.parametrize("line, kept", [
    ("Also Read: Agra: smart city roads to get new drains before monsoon", False),
    ("यह भी पढ़ें: आगरा में सड़क हादसे में दो घायल", False),
    ("इसे भी पढ़ें- नोएडा में 24 घंटे बिजली का दावा", False),
    ("Follow HT Agra on WhatsApp for the latest updates", False),
    ("Click here to join Express Agra on WhatsApp and get latest news and updates", False),
    ("Download The Times of India News App for Latest City News", False),
    ("हिन्दुस्तान का ऐप डाउनलोड करें और पाएं हर खबर सबसे पहले", False),
    ("Get Latest India News along with Latest News and Top Headlines from India and around the world.", False),
    ("शेयर करें: फेसबुक | व्हाट्सएप | एक्स", False),
    # story sentences that only resemble chrome
    ("Exporters in Agra also read the new policy closely, said Ravi Gupta.", True),
    ("Units can download the Nivesh Mitra app to apply for clearances within 30 days, the DM said.", True),
])
def test_links_to_other_stories_and_share_widgets_are_chrome(line, kept):
    from kg.text import chrome_spans
    text = "Agra, March 4: The DM opened a fair.\n" + line + "\n"
    chrome = "".join(text[a:b] for a, b in chrome_spans(text))
    assert (line not in chrome) is kept


def test_metadata_from_sidecar_and_date_line(seeds):
    a = seeds["002_6b67660b8fd70b02"].article
    assert (a.language, a.published, a.outlet) == ("hi", dt.date(2026, 3, 3), "ETV Bharat")


def test_extract_json_shape_and_offsets(tmp_path, capsys):
    article = tmp_path / "kanpur.txt"
    text = ("Kanpur, March 4: Indian Industries Association (IIA) president Sunil Kumar Gupta said over "
            "1,200 units in Kanpur export leather goods worth Rs 1,500 crore a year to the US and Germany.")
    article.write_text(text, encoding="utf-8")
    assert main(["extract", str(article), "--date", "2025-03-05", "--format", "json",
                 "--store", str(tmp_path / "none")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"article", "entities", "relations", "statistics"}
    assert out["article"]["published"] == "2025-03-05"
    by_label = {e["label"]: e for e in out["entities"]}
    person = by_label["Sunil Kumar Gupta"]
    assert (person["type"], person["class"], person["new"]) == ("Person", "http://xmlns.com/foaf/0.1/Person", True)
    assert by_label["Kanpur Nagar"]["class"].endswith("#District") and not by_label["Kanpur Nagar"]["new"]
    for e in out["entities"]:
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    money = [s for s in out["statistics"] if s["unit"] == "INR"][0]
    assert money["value"] == 15_000_000_000 and money["evidence"]["text"] == "Rs 1,500 crore"
    units = [s for s in out["statistics"] if s["unit"] == "count"][0]
    assert (units["value"], units["qualifier"]) == (1200, "more than")
    exports = {(r["predicate"], r["object"].rsplit("/", 1)[-1]) for r in out["relations"]}
    assert ("upkg:exportsTo", "united-states") in exports or ("upkg:exportsTo", "united-states-of-america") in exports


def test_quality_floor_on_the_seed_gold():
    """Regression guard: the seed scores may only go up (numbers in the README)."""
    from kg.evaluate import evaluate

    report = evaluate(ROOT / "tests" / "gold" / "seeds.yaml", SEEDS)
    assert report.scores[("entities", "hi", "*")].f1 >= 0.85  # the targets
    assert report.scores[("entities", "en", "*")].f1 >= 0.85
    assert report.scores[("posts", "*", "*")].f1 >= 0.75
    assert report.scores[("statistics", "*", "*")].f1 >= 0.85
    assert all(same for *_, same in report.identity)


def test_quality_floor_on_the_teams_own_articles():
    """Fictional articles for districts, titles and phrasings the seeds lack (tests/articles)."""
    from kg.evaluate import evaluate

    report = evaluate(ROOT / "tests" / "gold" / "own.yaml", ROOT / "tests" / "articles")
    assert report.scores[("entities", "hi", "*")].f1 >= 0.88
    assert report.scores[("entities", "en", "*")].f1 >= 0.88
    assert report.scores[("posts", "*", "*")].f1 >= 0.95
    assert report.scores[("statistics", "*", "*")].f1 >= 0.95


def test_quality_floor_on_the_first_held_out_set():
    """tests/heldout: written by someone who never saw the extractor; scored first unseen (its README)."""
    from kg.evaluate import evaluate

    report = evaluate(ROOT / "tests" / "heldout" / "gold.yaml", ROOT / "tests" / "heldout" / "articles")
    assert report.scores[("entities", "hi", "*")].f1 >= 0.86
    assert report.scores[("entities", "en", "*")].f1 >= 0.83
    assert report.scores[("posts", "*", "*")].f1 >= 0.85
    assert report.scores[("statistics", "*", "*")].f1 >= 0.89


@pytest.mark.parametrize("folder, floors", [
    ("heldout2", {"hi": 0.86, "en": 0.83, "posts": 0.83, "statistics": 0.92}),
    ("heldout3", {"hi": 0.86, "en": 0.86, "posts": 0.82, "statistics": 0.90}),
    ("heldout4", {"hi": 0.88, "en": 0.84, "posts": 0.80, "statistics": 0.89}),
    ("heldout5", {"hi": 0.88, "en": 0.88, "posts": 0.82, "statistics": 0.90}),
    ("heldout6", {"hi": 0.86, "en": 0.88, "posts": 0.78, "statistics": 0.92}),
])
def test_quality_floor_on_the_later_held_out_sets(folder, floors):
    """Regression guards a little under the scores in the README; no wrong merges across articles."""
    from kg.evaluate import evaluate

    report = evaluate(ROOT / "tests" / folder / "gold.yaml", ROOT / "tests" / folder / "articles")
    assert report.scores[("entities", "hi", "*")].f1 >= floors["hi"]
    assert report.scores[("entities", "en", "*")].f1 >= floors["en"]
    assert report.scores[("posts", "*", "*")].f1 >= floors["posts"]
    assert report.scores[("statistics", "*", "*")].f1 >= floors["statistics"]
    assert not report.merges


def test_a_back_reference_and_a_chapter_give_the_post_its_organisation():
    ex = extract_file(ROOT / "tests" / "articles" / "own01.txt")
    posts = {p.title: p for p in ex.posts}
    chamber = [e for e in ex.entities if e.label == "Varanasi Chamber of Commerce"][0]
    assert posts["President"].organization == chamber.iri
    assert posts["President"].as_stated.text == "Chamber president Vinay Kumar Jaiswal"
    assert "back-reference" in {m.rule for m in chamber.mentions}
    ex = extract_file(ROOT / "tests" / "articles" / "own04.txt")
    chair = [p for p in ex.posts if p.title == "Chairman"][0]
    assert chair.organization == "https://w3id.org/upkg/id/org/indian-industries-association"


def _posts(tmp_path, text, lang):
    """Who holds which post, as (person, title, organisation label or None) triples."""
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    ex = extract_file(path, lang=lang, date=dt.date(2025, 3, 4))
    label = {e.iri: e.label for e in ex.entities}
    return {(label[p.person], p.title, label.get(p.organization, p.organization)) for p in ex.posts}


def test_who_holds_a_post_when_a_portfolio_or_a_district_stands_between_title_and_name(tmp_path):
    posts = _posts(tmp_path, "लखनऊ। प्रमुख सचिव एमएसएमई आलोक कुमार ने समीक्षा की। अपर मुख्य सचिव औद्योगिक विकास "
                             "मनोज सिंह भी मौजूद रहे। उपायुक्त उद्योग, आगरा राजीव बंसल ने जानकारी दी।", "hi")
    assert ("Alok Kumar", "Principal Secretary", None) in posts  # no government named, none assumed
    assert ("Manoj Singh", "Additional Chief Secretary", None) in posts
    assert ("Rajiv Bansal", "Deputy Commissioner (Industries)", None) in posts
    posts = _posts(tmp_path, "The meeting was chaired by Union Minister of State for MSME Shobha Karandlaje on Monday. "
                             "Priya Nath (deputy director, MSME Development Institute) explained the scheme.", "en")
    assert ("Shobha Karandlaje", "Union Minister of State", "https://w3id.org/upkg/id/org/government-of-india") in posts
    assert ("Priya Nath", "Deputy Director", "MSME Development and Facilitation Office") in posts


def test_a_title_many_hold_is_shared_by_the_names_listed_after_it(tmp_path):
    posts = _posts(tmp_path, "आगरा। बैठक में उद्यमी सुनीता बाजपेयी, राहुल मेहरोत्रा और अमित जैन मौजूद रहे। "
                             "जिलाधिकारी मनीष बंसल और रमेश गुप्ता ने निरीक्षण किया।", "hi")
    assert {p for p in posts if p[1] == "Entrepreneur"} == {
        ("Sunita Bajpai", "Entrepreneur", None), ("Rahul Mehrotra", "Entrepreneur", None), ("Amit Jain", "Entrepreneur", None)}
    assert {p[0] for p in posts if p[1] == "District Magistrate"} == {"Manish Bansal"}  # a DM is one person


def test_one_person_may_hold_several_posts_and_a_council_chairman_is_no_president(tmp_path):
    posts = _posts(tmp_path, "Moradabad, March 4: Azam Khan, president of the Moradabad Handicrafts Exporters Association "
                             "and former member of the Export Promotion Council for Handicrafts, said orders were up.", "en")
    assert ("Azam Khan", "President", "Moradabad Handicrafts Exporters Association") in posts
    assert ("Azam Khan", "Member", "Export Promotion Council for Handicrafts") in posts
    posts = _posts(tmp_path, "मेरठ। एसजीईपीसी के अध्यक्ष सुमनेश अग्रवाल और चैंबर ऑफ इंडस्ट्रीज के अध्यक्ष "
                             "विष्णु अजीत ने कहा कि निर्यात बढ़ेगा।", "hi")
    assert ("Sumnesh Agarwal", "Chairman", "Sports Goods and Toys Export Promotion Council") in posts
    assert ("Vishnu Ajit", "President", "Chamber of Industries") in posts


def test_a_title_word_inside_a_scheme_name_makes_no_person(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("झांसी। महिला उद्यमी प्रोत्साहन योजना से 200 महिलाओं को लाभ मिला।", encoding="utf-8")
    ex = extract_file(path, lang="hi")
    assert [e.label for e in ex.entities if e.type == "Person"] == [] and ex.posts == []
    assert "महिला उद्यमी प्रोत्साहन योजना" in {m.text for e in ex.entities if e.type == "Scheme" for m in e.mentions}


def test_html_pasted_as_text_is_read_without_its_markup(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text('<html><head><script>var Kanpur = "x";</script></head><body><div class="Gorakhpur">'
                    "Deepak Kariwal, president of Laghu Udyog Bharati, met officials in Lucknow.</div>&nbsp;</body></html>",
                    encoding="utf-8")
    ex = extract_file(page)
    assert sorted(e.label for e in ex.entities) == ["Deepak Kariwal", "Laghu Udyog Bharati", "Lucknow"]
    assert any("HTML" in w and str(page) in w for w in ex.warnings)


def test_an_article_in_another_script_is_read_with_a_warning(tmp_path):
    tamil = tmp_path / "tamil.txt"
    tamil.write_text("கான்பூர் நகரில் தொழில் வளர்ச்சி பற்றிய கூட்டம் நடைபெற்றது.", encoding="utf-8")
    ex = extract_file(tamil)
    assert ex.entities == []
    assert any(str(tamil) in w and "only Hindi and English are understood" in w for w in ex.warnings)


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    (b"   \n\t\n", "only whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
    ("Kanpur mein udyog".encode("cp1252") + b"\xe9\xe8", "not valid UTF-8"),
])
def test_kg_extract_names_the_file_and_the_problem(tmp_path, capsys, data, problem):
    bad = tmp_path / "bad article.txt"
    bad.write_bytes(data)
    assert main(["extract", str(bad), "--store", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert "bad article.txt" in err and problem in err


def test_another_extractor_plugs_in_by_name(tmp_path, monkeypatch):
    """A model-based extractor stands beside the rules: `module:function` in $KG_EXTRACTOR."""
    from kg.build import build
    from kg.store import open_store

    (tmp_path / "titles_only.py").write_text(
        "from kg.pipeline import extract_file\n"
        "def extract(path, lang=None, date=None, url=None):\n"
        "    ex = extract_file(path, lang=lang, date=date, url=url)\n"
        "    return ex.model_copy(update={'entities': [e for e in ex.entities if e.type == 'Person'],\n"
        "                                 'posts': [], 'events': [], 'relations': [], 'statistics': []})\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("KG_EXTRACTOR", "titles_only:extract")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text((SEEDS / "000_b16039df73752885.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert build(seeds=seeds, store_at=tmp_path / "store", jobs=1).ok
    kinds = {r["t"].value for r in open_store(tmp_path / "store").query(
        "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT DISTINCT ?t WHERE { GRAPH ?g { ?m oa:hasBody ?e . ?e a ?t } }")}
    assert kinds == {"http://xmlns.com/foaf/0.1/Person"}


def test_a_relative_pronoun_before_a_name_is_not_part_of_it(tmp_path):
    path = tmp_path / "camp.txt"
    path.write_text("बागपत, 2 अप्रैल 2024। बागपत में 29 अप्रैल को जागरूकता शिविर होगा, जिसमें अशोक तिवारी "
                    "उद्यमियों को संबोधित करेंगे।\n", encoding="utf-8")
    people = [m.text for e in extract_file(path).entities if e.type == "Person" for m in e.mentions]
    assert people == ["अशोक तिवारी"]


def _posts_of(path, text):
    path.write_text(text, encoding="utf-8")
    ex = extract_file(path)
    label = {e.iri: e.label for e in ex.entities}
    return ex, {(label[p.person], p.title, label.get(p.organization, p.organization)): p.as_stated.text for p in ex.posts}


def test_a_title_and_its_organisation_around_a_name(tmp_path):
    ex, posts = _posts_of(tmp_path / "en.txt",
                          "Meerut, May 3: Output is up, said Vikram Seth, Chairman of Orion Exports Pvt Ltd. "
                          "Union Minister Nitin Gadkari said roads would follow.\n"
                          "Chairman of Crystal Tiles Private Limited (CTPL), Naveen Arora, said costs were high. "
                          "CTPL Director Ashok Malik said demand had improved.\n")
    assert {e.label for e in ex.entities if e.type == "Person"} >= {"Vikram Seth", "Naveen Arora", "Ashok Malik"}
    assert "Vikram Seth" not in {e.label for e in ex.entities if e.type == "Organization"}
    assert posts[("Vikram Seth", "Chairman", "Orion Exports Pvt Ltd")] == \
        "Vikram Seth, Chairman of Orion Exports Pvt Ltd"
    # the company of the sentence before is not the minister's
    assert ("Nitin Gadkari", "Union Minister", "https://w3id.org/upkg/id/org/government-of-india") in posts
    assert posts[("Naveen Arora", "Chairman", "Crystal Tiles Private Limited")] == \
        "Chairman of Crystal Tiles Private Limited (CTPL), Naveen Arora"
    # an acronym introduced in parentheses names the company again later
    assert posts[("Ashok Malik", "Director", "Crystal Tiles Private Limited")] == "CTPL Director Ashok Malik"


def test_a_company_named_with_shri_is_no_person(tmp_path):
    ex, posts = _posts_of(tmp_path / "hi.txt",
                          "आगरा, 3 मई 2024। श्री गणेश फुटवियर्स प्राइवेट लिमिटेड के चेयरमैन राकेश गोयल ने कहा कि "
                          "निर्यात बढ़ेगा। कार्यक्रम में श्री सुरेश खन्ना भी मौजूद रहे।\n")
    people = {e.label for e in ex.entities if e.type == "Person"}
    assert people == {"Rakesh Goyal", "Suresh Kumar Khanna"}  # the minister, known to the vocabulary
    org = [e for e in ex.entities if e.type == "Organization"]
    assert [m.text for e in org for m in e.mentions] == ["श्री गणेश फुटवियर्स प्राइवेट लिमिटेड"]
    assert [k[1] for k in posts if k[0] == "Rakesh Goyal"] == ["Chairman"]


def _extract_text(tmp_path, text: str, date: dt.date | None = None):
    """``text`` written as an article file and extracted."""
    path = tmp_path / "article.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return extract_file(path, date=date)


def test_what_is_no_person_and_no_event_in_hindi(tmp_path):
    ex = _extract_text(tmp_path, "मथुरा, 5 मई 2024। उपायुक्त उद्योग ने कहा कि उद्यमियों को ऋण दिलाने में प्रशासन पूरी मदद करेगा। "
                                 "शिविर में संस्थापक मुकेश प्रताप निगम उद्यमियों को संबोधित करेंगे। कंपनी ने कामगारों के लिए एक "
                                 "प्रशिक्षण केंद्र खोला है और बैंकरों के साथ बैठक प्रस्तावित है।")
    assert {e.label for e in ex.entities if e.type == "Person"} == {"Mukesh Pratap Nigam"}
    assert [e.label for e in ex.entities if e.type in ("Event", "Organization")] == []
    assert [(p.title, p.as_stated.text) for p in ex.posts] == [("Founder", "संस्थापक मुकेश प्रताप निगम")]


def test_short_and_tail_names_of_a_company_and_a_districts_officer(tmp_path):
    ex, posts = _posts_of(tmp_path / "en.txt",
                          "Moradabad, June 4: Sitara Brass Works Pvt Ltd signed an order on Monday. "
                          "Neha Arora, managing director of Sitara Brass Works, said output would double.\n")
    assert posts[("Neha Arora", "Managing Director", "Sitara Brass Works Pvt Ltd")] == \
        "Neha Arora, managing director of Sitara Brass Works"
    ex, posts = _posts_of(tmp_path / "hi.txt",
                          "मुरादाबाद, 4 जून 2024। मुरादाबाद पीतल शिल्प प्रोड्यूसर कंपनी और हस्तशिल्प निर्यातक "
                          "फेडरेशन के संयुक्त तत्वावधान में हुई कार्यशाला का शुभारंभ जिलाधिकारी अनुज सिंह ने किया। "
                          "प्रोड्यूसर कंपनी की निदेशक रीना देवी ने कहा कि ऑर्डर बढ़े हैं। राजेश गुप्ता, अध्यक्ष, "
                          "मुरादाबाद ब्रास मैन्युफैक्चरर्स एसोसिएशन ने भी संबोधित किया।\n")
    labels = {e.label for e in ex.entities if e.type == "Person"}
    assert labels == {"Anuj Singh", "Rina Devi", "Rajesh Gupta"}
    # the district's magistrate is nobody's officer; the director is the producer company's
    assert ("Anuj Singh", "District Magistrate", None) in posts
    company = [e for e in ex.entities if "प्रोड्यूसर कंपनी" in {m.text for m in e.mentions}][0]
    assert [m.text for m in company.mentions][0] == "मुरादाबाद पीतल शिल्प प्रोड्यूसर कंपनी"
    assert ("Rina Devi", "Director", company.label) in posts


def test_a_known_name_ends_where_it_ends(tmp_path):
    path = tmp_path / "hi.txt"
    path.write_text("मथुरा, 8 फरवरी 2025। मुख्यमंत्री योगी आदित्यनाथ चाहते हैं कि उद्योग बढ़ें।\n", encoding="utf-8")
    people = [(e.iri, [m.text for m in e.mentions]) for e in extract_file(path).entities if e.type == "Person"]
    assert people == [("https://w3id.org/upkg/id/person/yogi-adityanath", ["योगी आदित्यनाथ"])]


def test_a_surname_alone_with_a_letter_glued_on_or_dropped_is_still_that_person(tmp_path):
    ex, posts = _posts_of(tmp_path / "typo.txt",
                          "Kanpur, March 4, 2025. The units will grow, said Indian Industries Association "
                          "regional president Sunil Vaishyad\nVaishya said the plan was ready. "
                          "Rakesh Agarwal and Mohan Agrawal spoke too. Agaawal was absent.\n")
    sunil = entity(ex, "Sunil Vaishyad")
    assert {m.text for m in sunil.mentions} == {"Sunil Vaishyad", "Vaishya"}
    # one letter off two people's surnames: nobody's
    assert not any("Agaawal" in {m.text for m in e.mentions} for e in ex.entities if e.type == "Person")
    hi = tmp_path / "hi.txt"
    hi.write_text("कानपुर, 4 मार्च 2025। उपायुक्त उद्योग राजेंद्र प्रसाद ने कहा कि योजना का प्रचार प्रसार किया जाएगा।\n",
                  encoding="utf-8")
    prasad = [e for e in extract_file(hi).entities if e.type == "Person"]
    assert [sorted(m.text for m in e.mentions) for e in prasad] == [["राजेंद्र प्रसाद"]]


def test_organisations_of_titles_given_by_relative_clause_home_town_acronym_and_office_bearers(tmp_path):
    _, en = _posts_of(tmp_path / "en.txt",
                      "Lalitpur, March 4, 2025. Among them are Hyderabad-based Suryodaya Lifesciences Pvt Ltd, "
                      "whose managing director K. Ramana Rao announced a plant, and Ahmedabad's Narmada Pharmachem LLP. "
                      "\"We will start soon,\" said Kavya Mehta, founder and CEO of Narmada Pharmachem. "
                      "Tests will be run by the Central Test Laboratory (CTL). Dr R.S. Verma, director of CTL, "
                      "signed the pact. Imran Ali, president of the Lalitpur Granite Traders Welfare Society, said so. "
                      "The society's general secretary, Mohan Lal Gupta, agreed.\n")
    assert en == {
        ("K Ramana Rao", "Managing Director", "Suryodaya Lifesciences Pvt Ltd"):
            "Suryodaya Lifesciences Pvt Ltd, whose managing director K. Ramana Rao",
        ("Kavya Mehta", "Founder and Chief Executive Officer", "Narmada Pharmachem LLP"):
            "Kavya Mehta, founder and CEO of Narmada Pharmachem",
        ("R S Verma", "Director", "Central Test Laboratory"): "R.S. Verma, director of CTL",
        ("Imran Ali", "President", "Lalitpur Granite Traders Welfare Society"):
            "Imran Ali, president of the Lalitpur Granite Traders Welfare Society",
        ("Mohan Lal Gupta", "General Secretary", "Lalitpur Granite Traders Welfare Society"):
            "society's general secretary, Mohan Lal Gupta",
    }
    _, hi = _posts_of(tmp_path / "hi.txt",
                      "एटा, 5 मई 2025। जलेसर पीतल कारीगर समिति ने ज्ञापन सौंपा। समिति के अध्यक्ष असलम खान ने बताया "
                      "कि भाव बढ़ा है। महामंत्री सुरेश वार्ष्णेय ने मांग की कि बैंक खुले। जिलाधिकारी प्रेम रंजन सिंह ने "
                      "आश्वासन दिया। इस दौरान कोषाध्यक्ष अनिल गुप्ता मौजूद रहे।\n")
    samiti = "Jalesar Pital Karigar Samiti"
    assert {(p, t, o) for p, t, o in hi} >= {("Aslam Khan", "President", samiti),
                                             ("Suresh Varshney", "General Secretary", samiti),
                                             ("Anil Gupta", "Treasurer", samiti)}
    assert ("Prem Ranjan Singh", "District Magistrate", None) in hi


def test_hindi_initials_belong_to_the_name_and_read_as_latin_letters(tmp_path):
    ex, posts = _posts_of(tmp_path / "initials.txt",
                          "मथुरा, 9 फरवरी 2025। बैठक में अग्रणी जिला प्रबंधक ए.के. सिंह और एनटीएच के निदेशक "
                          "डॉ. एस.पी. गौतम आए। के.के. ट्रेडर्स के प्रोप्राइटर कृष्ण कुमार माहेश्वरी ने कहा कि मांग बढ़ी।\n")
    assert {m.text for m in entity(ex, "A K Singh").mentions} == {"ए.के. सिंह"}
    assert {m.text for m in entity(ex, "S P Gautam").mentions} == {"एस.पी. गौतम"}
    assert ("Krishna Kumar Maheshwari", "Proprietor", "K K Traders") in posts
    assert ("A K Singh", "Lead District Manager", None) in posts
    # the initials' full stops end no sentence
    from kg.text import sentences
    text = "बैठक में ए.के. सिंह और आर. के. शर्मा आए। बात खत्म."
    assert [text[a:b] for a, b in sentences(text)] == ["बैठक में ए.के. सिंह और आर. के. शर्मा आए।", "बात खत्म."]


def test_unknown_towns_after_a_locative_word_are_places_and_months_are_not(tmp_path):
    path = tmp_path / "towns.txt"
    path.write_text("Bahraich, October 4, 2024. The park lies near Talbehat, officials said. The bank will hold "
                    "camps in Nanpara and Kaiserganj in November. Buyers in Texas and New York have put orders "
                    "on hold. Kavita Verma of Dhanauli-based Sakhi Crafts LLP spoke at Wednesday's meeting in March. "
                    "The request came from Khandelwal. Forms are printed in Hindi and English. Cloud-based "
                    "billing helps in Diwali season.\n",
                    encoding="utf-8")
    places = {e.label for e in extract_file(path).entities if e.type == "Place"}
    assert {"Talbehat", "Nanpara", "Kaiserganj", "Texas", "New York", "Dhanauli"} <= places
    assert not places & {"November", "Wednesday", "March", "Texas and New", "Khandelwal", "Hindi", "English",
                         "Cloud", "Diwali"}


def test_words_for_the_company_and_hindi_plurals_and_verbs_make_no_new_names(tmp_path):
    _, posts = _posts_of(tmp_path / "spv.txt",
                         "Mathura, February 9, 2025. Braj Sanitary Cluster Development Pvt Ltd, a special purpose "
                         "vehicle (SPV) of 42 units, runs the centre. The SPV's managing director Vikas Khandelwal "
                         "signed the agreement.\n")
    assert posts == {("Vikas Khandelwal", "Managing Director", "Braj Sanitary Cluster Development Pvt Ltd"):
                     "SPV's managing director Vikas Khandelwal"}
    path = tmp_path / "hi.txt"
    path.write_text("सुल्तानपुर, 3 दिसंबर 2024। कार्यशाला में 60 कारीगर हिस्सा ले रही हैं। जिले से 1,430 आवेदन "
                    "बैंकों को भेजे गए हैं।\n", encoding="utf-8")
    ex = extract_file(path)
    assert {e.type for e in ex.entities} == {"Place"} and not ex.posts


def test_a_word_for_what_an_organisation_is_before_its_name_is_no_part_of_it(tmp_path):
    path = tmp_path / "descr.txt"
    path.write_text("मथुरा, 9 फरवरी 2025। क्लस्टर की कंपनी ब्रज सैनिटरी क्लस्टर डेवलपमेंट प्रा. लि. और "
                    "एनटीएच के बीच एमओयू हुआ। कंपनी के 42 सदस्य हैं। Meanwhile the firm Alpha Exports Ltd grew.\n",
                    encoding="utf-8")
    orgs = {e.label: sorted(m.text for m in e.mentions) for e in extract_file(path).entities if e.type == "Organization"}
    assert orgs["Braj Sanitary Cluster Development Pvt. Ltd"] == ["कंपनी", "ब्रज सैनिटरी क्लस्टर डेवलपमेंट प्रा. लि"]
    assert orgs["Alpha Exports Ltd"] == ["Alpha Exports Ltd"]


def test_lower_case_english_events_after_a_describing_word(tmp_path):
    ex = _extract_text(tmp_path, "Bahraich, October 4, 2024. Banks disbursed Rs 38 crore at a mega credit outreach camp on "
                                 "Thursday. The UPEIDA roadshow in Hyderabad drew proposals. The biannual fair was once held "
                                 "in Varanasi.")
    assert {e.label for e in ex.entities if e.type == "Event"} == {"credit outreach camp"}
    # the organisation before a lower-case event word keeps its own mention
    assert [e for e in ex.entities if e.type == "Organization" and "UPEIDA" in {m.text for m in e.mentions}]


def test_an_agreement_between_organisations_is_an_event_named_after_them(tmp_path):
    ex = _extract_text(tmp_path, "आगरा, 3 मार्च। कलेक्ट्रेट सभागार में हुई कार्यशाला में आगरा जूता निर्माता कल्याण समिति और दिल्ली की "
                                 "अल्फा फुटवियर प्राइवेट लिमिटेड के बीच 60 लाख रुपये की आपूर्ति का अनुबंध हुआ। अनुबंध के तहत हर महीने "
                                 "800 जोड़ी जूते खरीदे जाएंगे। इसी मौके पर फर्म और राष्ट्रीय चर्म संस्थान के बीच प्रशिक्षण के लिए समझौता "
                                 "ज्ञापन पर हस्ताक्षर हुए।")
    label = {e.iri: e.label for e in ex.entities}
    events = {e.label: e for e in ex.entities if e.type == "Event"}
    agreement = events["Agreement between Agra Juta Nirmata Kalyan Samiti and Alpha Footwear Private Limited"]
    assert [m.text for m in agreement.mentions] == ["अनुबंध", "अनुबंध"]  # the second one joins the first
    details = next(d for d in ex.events if d.event == agreement.iri)
    assert [label[p] for p in details.participants] == ["Agra Juta Nirmata Kalyan Samiti",
                                                       "Alpha Footwear Private Limited"]
    # the MoU of the last sentence is between other parties: another agreement
    mou = events["MoU between Alpha Footwear Private Limited and Rashtriy Charma Sansthan"]
    assert [m.text for m in mou.mentions] == ["समझौता ज्ञापन पर हस्ताक्षर"]
    # "फर्म" (the firm) refers back to the company; it is no organisation of its own
    assert not [e for e in ex.entities if e.type == "Organization" and {m.text for m in e.mentions} == {"फर्म"}]


def test_agreements_in_general_and_without_parties_are_no_event(tmp_path):
    ex = _extract_text(tmp_path, "Agra, March 3: Many MoUs were signed by Agra firms last year, said Ravi Gupta. The agreement "
                                 "was welcomed.")
    assert not [e for e in ex.entities if e.type == "Event"]
    assert not [e for e in ex.entities if e.type == "Organization"]  # "firms" refers back to no company


def test_towns_of_the_curated_table_are_read_in_their_district(tmp_path):
    ex = _extract_text(tmp_path, "मऊ, 3 मार्च। घोसी और कोपागंज के बुनकरों ने कलेक्ट्रेट पर धरना दिया। खैर, प्रशासन ने बात सुनी। "
                                 "बुनकर संघ ने कहा कि दाम बनते नहीं।")
    places = {e.label: e.iri for e in ex.entities if e.type == "Place"}
    assert places["Ghosi"] == "https://w3id.org/upkg/id/place/ghosi-mau"
    assert places["Kopaganj"] == "https://w3id.org/upkg/id/place/kopaganj-mau"
    # "खैर" (anyway) is also the name of a town: a common word is read as the town only in English
    assert not [e for e in ex.entities if {m.text for m in e.mentions} & {"खैर", "बनते"}]


@pytest.mark.parametrize("district, town", [
    ("Siddharth Nagar", "https://w3id.org/upkg/id/place/naugarh-siddharth-nagar"),
    ("Chandauli", "https://w3id.org/upkg/id/place/naugarh-chandauli"),
])
def test_a_town_name_of_two_districts_is_the_one_in_the_articles_district(tmp_path, district, town):
    ex = _extract_text(tmp_path, f"{district}, March 3: A rice festival opened at Naugarh in {district} district on Monday. "
                                 "Khair tehsil officials attended.")
    places = {e.label: e.iri for e in ex.entities if e.type == "Place"}
    assert places["Naugarh"] == town
    assert places["Khair"] == "https://w3id.org/upkg/id/place/khair-aligarh"


def test_a_hindi_name_ending_in_aa_is_read_in_its_oblique_form(tmp_path):
    ex = _extract_text(tmp_path, "भदोही, 3 मार्च। कारीगरों ने कहा कि ऊनी धागे के दाम बढ़ गए हैं।")
    products = {e.label: [m.text for m in e.mentions] for e in ex.entities if e.type == "Product"}
    assert products == {"Woollen yarn": ["ऊनी धागे"]}


@pytest.mark.parametrize("text, expected", [
    ("Agra, March 3: A Rs 2.4-crore centre will open.", [(24_000_000.0, "INR", "exact", "Rs 2.4-crore")]),
    ("Agra, March 3: Orders fell by a third.", [(0.3333, "fraction", "exact", "a third")]),
    ("Agra, March 3: Nearly two-thirds of the units are idle.", [(0.6667, "fraction", "about", "Nearly two-thirds")]),
    ("Agra, March 3: Half our members have stopped work.", [(0.5, "fraction", "exact", "Half")]),
    ("मऊ, 3 मार्च। करीब एक तिहाई करघे बंद हैं।", [(0.3333, "fraction", "about", "करीब एक तिहाई")]),
    ("मऊ, 3 मार्च। आधी इकाइयां घाटे में हैं।", [(0.5, "fraction", "exact", "आधी")]),
    # halves of time and ordinal halves are no statistics
    ("Agra, March 3: Sales rose in the first half of the year and the meeting took half an hour.", []),
    ("मऊ, 3 मार्च। बुनकर आधी रात तक काम करते हैं।", []),
])
def test_fractions_and_hyphenated_amounts(tmp_path, text, expected):
    ex = _extract_text(tmp_path, text, date=dt.date(2025, 3, 4))
    assert [(s.value, s.unit, s.qualifier, s.evidence.text) for s in ex.statistics] == expected


@pytest.mark.parametrize("text, person, title, org", [
    ("Agra, March 3: The Agra Stone Craft Samiti met on Monday. Its secretary, Ram Prasad Verma, said sales fell.",
     "Ram Prasad Verma", "Secretary", "Agra Stone Craft Samiti"),
    ("Agra, March 3: Alpha Exports LLP shipped 40 tonnes. \"More will follow,\" said Priya Rai, a partner in the LLP.",
     "Priya Rai", "Partner", "Alpha Exports LLP"),
    ("Agra, March 3: The Uttar Pradesh Export Promotion Bureau (EPB) led the visit. Ms Rekha Sharma, joint director "
     "(EPB), said buyers were keen.", "Rekha Sharma", "Joint Director", "Uttar Pradesh Export Promotion Bureau"),
    ("Agra, March 3: Dr Sunita Mehrotra, principal scientist at CIMAP, advised farmers to wait.",
     "Sunita Mehrotra", "Scientist", "CSIR-Central Institute of Medicinal and Aromatic Plants"),
])
def test_the_organisation_of_a_post_named_by_pronoun_parentheses_or_in(tmp_path, text, person, title, org):
    ex = _extract_text(tmp_path, text)
    label = {e.iri: e.label for e in ex.entities}
    assert (person, title, org) in {(label.get(p.person), p.title, label.get(p.organization)) for p in ex.posts}


def test_a_number_like_a_year_with_about_is_a_count_and_a_dms_name_may_be_a_portfolio_word(tmp_path):
    ex = _extract_text(tmp_path, "हरदोई, 5 मई 2024। जिलाधिकारी विकास चंद्र टंडन ने बताया कि इकाई में करीब 1950 कामगार काम "
                                 "करते हैं। योजना 2030 तक चलेगी। Over 2,000 units will be set up up to 2030, said TNN.")
    counts = sorted((s.value, s.qualifier) for s in ex.statistics)
    assert counts == [(1950.0, "about"), (2000.0, "more than")]
    assert [(p.title, p.as_stated.text) for p in ex.posts] == [("District Magistrate", "जिलाधिकारी विकास चंद्र टंडन")]
    media = [e for e in ex.entities if e.type == "Organization"]
    assert [(e.label, e.cls.rsplit("#", 1)[-1]) for e in media] == [("Times News Network", "MediaOutlet")]


def test_cities_beyond_the_state_and_rivers_are_reference_places(tmp_path):
    ex = _extract_text(tmp_path, "Moradabad, May 5, 2024: Exporters who ship to Melbourne and Texas compete with Sialkot. "
                                 "Units on the banks of the Ganga draw on the river. गंगा और सियालकोट का जिक्र।")
    places = {e.label: (e.iri.rsplit("/", 1)[-1], sorted(m.text for m in e.mentions)) for e in ex.entities
              if e.type == "Place" and not e.cls.endswith("#District")}
    assert places["Melbourne"] == ("melbourne", ["Melbourne"])
    assert places["Texas"] == ("texas", ["Texas"])
    assert places["Sialkot"] == ("sialkot", ["Sialkot", "सियालकोट"])
    assert places["Ganga"] == ("ganga", ["Ganga", "गंगा"])


def test_events_named_by_an_act_or_only_by_their_kind(tmp_path):
    ex = _extract_text(tmp_path, "BANDA, March 3, 2025: DM Ravi Kumar inaugurated the common facility centre at Kulpahar on "
                                 "Monday. The district industries office organised a three-day workshop for shajar stone "
                                 "artisans on March 4. The workshop on export standards drew 60 artisans. A meeting with "
                                 "bankers is planned. Several buyers visited the units last week. Later the DM inaugurated "
                                 "the India Carpet Expo.", date=dt.date(2025, 3, 5))
    events = {e.label: sorted(m.text for m in e.mentions) for e in ex.entities if e.type == "Event"}
    assert events == {"Inauguration in Banda": ["inaugurated"], "Workshop in Banda": ["workshop", "workshop"],
                      "India Carpet Expo": ["India Carpet Expo"]}
    details = {d.event.rsplit("/", 1)[-1]: d for d in ex.events}
    workshop = next(d for k, d in details.items() if k.startswith("workshop-in-banda"))
    assert workshop.date == dt.date(2025, 3, 4)


def test_hindi_acts_and_a_meeting_named_by_whose_it_is(tmp_path):
    ex = _extract_text(tmp_path, "हरदोई, 5 मई 2025। जिलाधिकारी ने सोमवार को सीएफसी का लोकार्पण किया। मंत्री ने इकाई का भूमि पूजन "
                                 "किया और आधारशिला रखी। जिला उद्योग बंधु की बैठक 6 मई को कलेक्ट्रेट में हुई। बैठक में 20 उद्यमी आए। "
                                 "बैंकरों के साथ बैठक प्रस्तावित है।")
    events = {e.label: sorted(m.text for m in e.mentions) for e in ex.entities if e.type == "Event"}
    assert events["Inauguration in Hardoi"] == ["लोकार्पण"]
    assert events["Foundation stone laying in Hardoi"] == ["आधारशिला", "भूमि पूजन"]
    meeting = [sorted(m.text for m in e.mentions) for e in ex.entities if e.type == "Event" and e.cls.endswith("#Meeting")]
    assert meeting == [["उद्योग बंधु की बैठक", "बैठक", "बैठक"]]


def test_a_byline_names_the_author_as_a_person_and_as_metadata(tmp_path):
    ex = _extract_text(tmp_path, "Rae Bareli gets its first startup incubator\n\nBy Ananya Pathak\n\n"
                                 "RAE BARELI: A seven-day handloom expo opened on Monday. Dholak workshops run all year.")
    assert ex.article.author == "Ananya Pathak"
    persons = [(e.label, [m.text for m in e.mentions]) for e in ex.entities if e.type == "Person"]
    assert persons == [("Ananya Pathak", ["Ananya Pathak"])]
    assert [sorted(m.text for m in e.mentions) for e in ex.entities if e.type == "Event"] == [["handloom expo"]]
    ex = _extract_text(tmp_path, "Headline\nBy Rahul Mishra, TNN\nMORADABAD: By the end of March, 40 units will open.")
    assert ex.article.author == "Rahul Mishra"
    assert {e.label for e in ex.entities if e.type in ("Person", "Organization")} == {"Rahul Mishra", "Times News Network"}


def test_a_shared_facility_is_its_districts_and_a_block_village_or_suffixed_name_is_a_place(tmp_path):
    ex = _extract_text(tmp_path, "प्रतापगढ़, 5 मई 2025। सांगीपुर ब्लॉक के रामपुर खास में सीएफसी बनेगा। कंपनी से सांगीपुर, लालगंज और "
                                 "संडवा चंद्रिका ब्लॉक के किसान जुड़े हैं। ओडीओपी सीएफसी योजना में 2 करोड़ मिले। जिला उद्यान "
                                 "अधिकारी सुनील कुमार शर्मा भी मौजूद रहे।")
    by_label = {e.label: e for e in ex.entities}
    assert by_label["Common facility centre, Pratapgarh"].iri.endswith("/place/common-facility-centre-pratapgarh")
    assert [m.text for m in by_label["Common facility centre, Pratapgarh"].mentions] == ["सीएफसी"]
    assert by_label["ODOP Common Facility Centre Scheme"].type == "Scheme"
    places = {e.label: sorted(m.text for m in e.mentions) for e in ex.entities
              if e.type == "Place" and not e.cls.endswith("#District")}
    assert places["Rampur Khas"] == ["रामपुर खास"]
    assert places["Sangipur"] == ["सांगीपुर", "सांगीपुर"]
    assert places["Sandva Chandrika"] == ["संडवा चंद्रिका"]
    assert "Rampur" not in by_label  # the district Rampur is not named
    # "भी" after a name closes it, however the folded text spells it
    assert "Sunil Kumar Sharma" in by_label


@pytest.mark.parametrize("text, expected", [
    ("मऊ, 3 मार्च। महिलाएं 8 से 10 हजार रुपये महीना कमा सकेंगी।", [(8000.0, "INR", "8 से 10 हजार रुपये"),
                                                                  (10000.0, "INR", "10 हजार रुपये")]),
    ("मऊ, 3 मार्च। हर साल दो-तीन अग्निकांड होते हैं।", [(2.0, "count", "दो-तीन अग्निकांड होते"),
                                                     (3.0, "count", "तीन अग्निकांड होते")]),
    ("Agra, March 3: Margins are 4 to 5% and prices Rs 940 to Rs 960 a kg.",
     [(4.0, "percent", "4 to 5%"), (5.0, "percent", "5%"), (940.0, "INR", "Rs 940"), (960.0, "INR", "Rs 960")]),
    ("मऊ, 3 मार्च। बिजली छह से आठ घंटे कटती है और स्टेशन 14 किलोमीटर दूर है।",
     [(6.0, "hours", "छह से आठ घंटे"), (8.0, "hours", "आठ घंटे"), (14.0, "km", "14 किलोमीटर")]),
    # a range of days of a month is a date, not two numbers
    ("मऊ, 3 मार्च। मेला 15 से 18 अक्टूबर तक चलेगा।", []),
])
def test_both_ends_of_a_range_and_spans_of_time_and_distance(tmp_path, text, expected):
    ex = _extract_text(tmp_path, text, date=dt.date(2025, 3, 4))
    assert sorted((s.value, s.unit, s.evidence.text) for s in ex.statistics) == sorted(expected)


def test_an_unnamed_industrial_area_is_the_one_named_before_and_a_possession_is_no_organisation(tmp_path):
    ex = _extract_text(tmp_path, "हाथरस, 5 मई 2025। सासनी औद्योगिक क्षेत्र स्थित फैक्टरी में आग लगी। समिति ने औद्योगिक क्षेत्र में "
                                 "फायर स्टेशन की मांग की। स्टील स्क्रैप के बढ़ते दाम और जीएसटी विभाग की सख्ती से उद्यमी परेशान हैं, "
                                 "जबकि कंपनी ने मदद नहीं की।")
    places = {e.label: [m.text for m in e.mentions] for e in ex.entities if e.type == "Place" and "Kshetra" in e.label}
    assert places == {"Sasni Audyogik Kshetra": ["सासनी औद्योगिक क्षेत्र", "औद्योगिक क्षेत्र"]}
    assert [e.label for e in ex.entities if e.type == "Organization"] == ["GST Vibhag"]


def test_an_officer_whose_title_is_unknown_and_a_title_abbreviated_in_parentheses(tmp_path):
    ex = _extract_text(tmp_path, "हाथरस, 5 मई 2025। मुख्य अग्निशमन अधिकारी (सीएफओ) राजकिशोर यादव ने बताया कि एनओसी नहीं थी। "
                                 "फैक्टरी संचालक गिरीश वार्ष्णेय ने बताया कि माल जल गया। मास्टर ट्रेनर रेहाना खातून ने प्रशिक्षण दिया। "
                                 "जिला उद्यान अधिकारी सुनील कुमार शर्मा भी मौजूद रहे।")
    label = {e.iri: e.label for e in ex.entities}
    assert sorted((label[p.person], p.title) for p in ex.posts) == [
        ("Girish Varshney", "Proprietor"), ("Rajkishor Yadav", "Officer"), ("Rehana Khatun", "Master Trainer"),
        ("Sunil Kumar Sharma", "Officer")]


def test_an_organisation_named_on_after_its_head_and_a_persons_age(tmp_path):
    ex = _extract_text(tmp_path, "Rae Bareli, March 3: The Feroze Gandhi Institute of Engineering and Technology (FGIET) "
                                 "opened a lab. Prof Alok Kumar Dwivedi, director, FGIET, said it was good. Harsh Vardhan "
                                 "Singh, 24, founder of Lakdi Labs, said he was happy. For artisans like Abdul Wahid, 58, "
                                 "who has carved combs for decades, it matters. The Association of Kanpur Tanners met the "
                                 "Board of Directors. Sales in Moradabad, 45, fell.", date=dt.date(2025, 3, 4))
    label = {e.iri: e.label for e in ex.entities}
    orgs = {e.label: sorted(m.text for m in e.mentions) for e in ex.entities if e.type == "Organization"}
    assert orgs["Feroze Gandhi Institute of Engineering and Technology"] == [
        "FGIET", "FGIET", "Feroze Gandhi Institute of Engineering and Technology"]
    assert "Association of Kanpur Tanners" in orgs and "Lakdi Labs" in orgs
    assert not any("Directors" in o for o in orgs)  # a head and one word names no one
    assert {e.label for e in ex.entities if e.type == "Person"} == {"Alok Kumar Dwivedi", "Harsh Vardhan Singh", "Abdul Wahid"}
    assert sorted((label[p.person], p.title, label.get(p.organization)) for p in ex.posts) == [
        ("Alok Kumar Dwivedi", "Director", "Feroze Gandhi Institute of Engineering and Technology"),
        ("Harsh Vardhan Singh", "Founder", "Lakdi Labs")]
    ages = sorted((label[s.subject], s.value, s.unit) for s in ex.statistics if s.measure == "age")
    assert ages == [("Abdul Wahid", 58.0, "years"), ("Harsh Vardhan Singh", 24.0, "years")]


def test_hindi_words_before_a_company_word_or_a_verb_read_as_limited_make_no_organisation(tmp_path):
    ex = _extract_text(tmp_path, "झांसी, 5 मई 2025। नोड के लिए 1,030 हेक्टेयर जमीन ली जा चुकी है। मेले में आए कंपनी के प्रमुख ने "
                                 "बताया कि रहने का इंतजाम कंपनी करेगी। शीतगृह भी बना, किसान उत्पादक कंपनी से किसान जुड़े। कार्रवाई की "
                                 "रिपोर्ट बोर्ड के मुख्यालय गई। अन्नपूर्णा पॉलिमर्स प्रा लि और त्रिनेत्र एयरोस्पेस प्रा. लि. ने करार "
                                 "किया। डावर फुटवियर, आर्यमान फुटवियर, काजिको इंडस्ट्रीज एवं गुप्ता एंड एसोसिएट्स सम्मानित हुए।")
    assert sorted(e.label for e in ex.entities if e.type == "Organization") == [
        "Annapurna Polymers Pvt Ltd", "Aryaman Footwear", "Davar Footwear", "Gupta & Associates", "Kajiko Industries",
        "Trinetra Eyrospes Pvt. Ltd"]


def test_hindi_posts_after_prof_a_retired_rank_a_works_firm_and_an_act_before_a_name(tmp_path):
    ex = _extract_text(tmp_path, "बलिया, 5 मई 2025। मेले का उद्घाटन जननायक चंद्रशेखर विश्वविद्यालय के कुलपति प्रो. अरविंद कुमार मिश्र ने "
                                 "किया। कंपनी के प्रबंध निदेशक सेवानिवृत्त कर्नल विक्रम सिंह राठौर ने कहा कि काम शुरू होगा। बंसल "
                                 "ग्लास वर्क्स के संचालक नीरज बंसल ने कहा कि मजदूर खाली हैं।")
    label = {e.iri: e.label for e in ex.entities}
    assert sorted((label[p.person], p.title, label.get(p.organization)) for p in ex.posts) == [
        ("Arvind Kumar Mishra", "Vice Chancellor", "Jannayak Chandrashekhar Vishvavidyalay"),
        ("Niraj Bansal", "Proprietor", "Bansal Glass Works"),
        ("Vikram Singh Rathore", "Managing Director and Colonel", None)]


def test_a_title_many_hold_before_words_that_are_no_name_makes_no_person(tmp_path):
    ex = _extract_text(tmp_path, "आगरा, 5 मई 2025। उद्यमी काफी परेशान हैं। उद्यमी लगातार डंपिंग यार्ड की शिकायत कर रहे हैं। "
                                 "उद्यमी सुनीता बाजपेयी ने कहा कि काम ठप है।")
    assert [(e.label, [m.text for m in e.mentions]) for e in ex.entities if e.type == "Person"] == [
        ("Sunita Bajpai", ["सुनीता बाजपेयी"])]
