"""Hostile input, all at once: scraped pages, broken encodings, huge files and odd names in one seeds folder.

``test_bad_input.py`` runs one broken article per build; here a single ``kg build --jobs 2`` meets
every kind of bad input side by side with good articles, as a folder of scraped pages would. Each
bad file gets exactly one error line naming it and its problem, the readable ones are built, and
the build ends in bounded time. The last tests build 10,000 tiny articles (generated in tmp).

Decided limits (``kg.reading``): an article file over ``MAX_BYTES`` (2 MB) is refused before it is
read -- extraction runs at about 100 KB/s (a 1 MB article takes ~10 s, 10 MB would take minutes),
so a 10 MB or 50 MB file is refused with a message naming the limit; a sidecar over 64 KB too.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kg import iris, pipeline
from kg.build import build
from kg.cli import main
from kg.reading import MAX_BYTES, ArticleError, read_article
from kg.vocab import UPKG
from storeutil import graphs, value, write_article

GOOD_EN = ("Kanpur, 3 March 2026: The Uttar Pradesh MSME department held a meeting on leather exports "
           "with the Council for Leather Exports in Kanpur.\n")
GOOD_HI = "लखनऊ, 5 मार्च 2026: उत्तर प्रदेश के एमएसएमई विभाग ने निर्यात पर एक बैठक की।\n"
BODY = "Agra footwear units met the District Magistrate on Monday to discuss exports.\n"
MB = 1024 * 1024

# file stem: (article bytes, sidecar text or None, the file the error names, words the error must hold)
BAD = {
    "empty": (b"", None, "empty.txt", ["empty"]),
    "whitespace": (b" \n\t \r\n\xc2\xa0\n", None, "whitespace.txt", ["only whitespace"]),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, None, "binary.txt", ["binary data"]),
    "controls": (bytes(range(1, 32)) * 40, None, "controls.txt", ["binary data", "control characters"]),
    "truncated utf8": (GOOD_HI.encode()[:-2], None, "truncated utf8.txt",
                       ["not valid UTF-8", "ends in the middle of a character", "truncated"]),
    "cp1252": ("\u201cKanpur\u201d exporters \u2013 caf\u00e9 owners met the DM.\n".encode("cp1252"), None,
               "cp1252.txt", ["not valid UTF-8", "0x93", "Windows-1252"]),
    "latin1": ("Caf\u00e9 owners of Agra met \u00e0 propos exports.\n".encode("latin-1"), None, "latin1.txt",
               ["not valid UTF-8", "0xe9", "Latin-1"]),
    "utf16 no bom": (GOOD_EN.encode("utf-16-le"), None, "utf16 no bom.txt", ["UTF-16", "without a byte-order mark"]),
    "utf16 cut": ("\ufeff".encode("utf-16-le") + GOOD_EN.encode("utf-16-le")[:-1], None, "utf16 cut.txt",
                  ["UTF-16 text that ends in the middle of a character", "truncated"]),
    "mojibake": (GOOD_HI.encode().decode("cp1252", "replace").encode(), None, "mojibake.txt",
                 ["mojibake", "Windows-1252", "save the original UTF-8"]),
    "mojibake latin1": ((GOOD_HI + GOOD_HI).encode().decode("latin-1").encode(), None, "mojibake latin1.txt",
                        ["mojibake"]),
    "html no text": (b"<!DOCTYPE html><html><head><script>var a = '<p>Kanpur</p>';</script></head>"
                     b"<body><div class=\"x\"></div></body></html>", None, "html no text.txt",
                     ["HTML page with no text"]),
    "खाली लेख": (b"   ", None, "खाली लेख.txt", ["only whitespace"]),
    # sidecars with wrong types and unknown fields
    "meta int date": (BODY.encode(), "published: 2026\n", "meta int date.meta", ["'published' must be a date", "2026"]),
    "meta int headline": (BODY.encode(), "headline: 12\n", "meta int headline.meta", ["'headline' must be text", "int"]),
    "meta list language": (BODY.encode(), "language: [hi]\n", "meta list language.meta", ["'language' must be text", "list"]),
    "meta url mapping": (BODY.encode(), "url: {href: x}\n", "meta url mapping.meta", ["'url' must be text", "dict"]),
    "meta bool author": (BODY.encode(), "author: yes\n", "meta bool author.meta", ["'author' must be text", "bool"]),
    "meta unknown": (BODY.encode(), "headline: Agra\ntags: [leather]\nsource_url: x\n", "meta unknown.meta",
                     ["unknown sidecar key(s) source_url, tags", "allowed:"]),
    "meta number keys": (BODY.encode(), "1: x\nnull: y\n", "meta number keys.meta", ["unknown sidecar key(s) 1, None"]),
    "meta python tag": (BODY.encode(), "headline: !!python/object/apply:os.system [echo pwned]\n",
                        "meta python tag.meta", ["not valid YAML"]),
    "meta language": (BODY.encode(), "language: fr\n", "meta language.meta", ["'language' must be hi, en or mixed"]),
    "मेटा": (BODY.encode(), "शीर्षक: कानपुर\n", "मेटा.meta", ["unknown sidecar key(s) शीर्षक"]),
}
BAD_BYTES_SIDECARS = {  # sidecars that are not text at all
    "meta not utf8": (b"headline: Caf\xe9\n", "meta not utf8.meta", ["sidecar is not valid UTF-8", "0xe9"]),
    "meta huge": (b"notes: " + b"x" * (70 * 1024) + b"\n", "meta huge.meta", ["sidecars over 64 KB are refused"]),
}
HUGE = {"huge 50mb": 50 * MB, "huge 10mb": 10 * MB}  # refused before they are read, whatever they hold

HTML_PAGE = ("<!DOCTYPE html>\n<html><head><title>Leather news</title>\n"
             "<script>function evilTracker(){document.write('<p>Zzyzx Corporation</p>')}</script>\n"
             "<style>.Qwerty{color:red}</style><!-- Plinko Industries comment --></head>\n"
             "<body><nav><a href=\"/\">Home</a></nav><article><h1>Agra footwear</h1>\n"
             "<p>" + GOOD_EN.strip() + "</p>\n<p>Agra footwear units met on Monday about exports &amp; imports.</p>\n"
             "</article></body></html>\n")


def _write_hostile(seeds: Path) -> dict[str, list[str]]:
    """Write every case into ``seeds``; return {file the error names: words it must hold}."""
    expected = {}
    for stem, (data, sidecar, named, words) in BAD.items():
        write_article(seeds, stem, data, sidecar)
        expected[named] = words
    for stem, (meta, named, words) in BAD_BYTES_SIDECARS.items():
        write_article(seeds, stem, BODY.replace("Monday", stem))  # distinct texts: not duplicates
        (seeds / f"{stem}.meta").write_bytes(meta)
        expected[named] = words
    for stem, size in HUGE.items():
        with open(seeds / f"{stem}.txt", "wb") as f:
            chunk = (GOOD_EN * 200).encode()
            while f.tell() < size:
                f.write(chunk)
        expected[f"{stem}.txt"] = ["too large", f"articles over {MAX_BYTES // MB} MB are refused"]
    os.mkfifo(seeds / "named pipe.txt")  # a build that opened it would wait for a writer forever
    expected["named pipe.txt"] = ["cannot read the file", "not a regular file"]
    write_article(seeds, "fifo meta", BODY.replace("Agra", "Meerut"))
    os.mkfifo(seeds / "fifo meta.meta")
    expected["fifo meta.meta"] = ["cannot read the sidecar", "not a regular file"]
    return expected


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One `kg build --jobs 2` over good articles and every hostile case; (seeds, store, exit code, out, err, seconds)."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("hostile")
    seeds, store_path = root / "seeds", root / "data" / "store"
    write_article(seeds, "good_en", GOOD_EN, "language: en\npublished: 2026-03-03\n")
    write_article(seeds, "good_hi", GOOD_HI, "language: hi\n")
    write_article(seeds, "my article", BODY, "headline: A name with spaces\n")
    write_article(seeds, "कानपुर समाचार", "कानपुर में 450 से अधिक औद्योगिक इकाइयां हैं।\n", "language: hi\n")
    write_article(seeds, "utf16 bom", GOOD_HI.replace("लखनऊ", "आगरा").encode("utf-16"), "language: hi\n")
    write_article(seeds, "page", HTML_PAGE)
    write_article(seeds, "smart quotes", "It\u2019s Agra\u2019s day: footwear units met.\n".encode().decode("cp1252"))
    write_article(seeds, "zz copy of good_en", GOOD_EN)  # same bytes as good_en.txt
    write_article(seeds, "कॉपी", GOOD_HI)  # same bytes as good_hi.txt
    expected = _write_hostile(seeds)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--seeds", str(seeds), "--store", str(store_path),
                           "--jobs", "2"], cwd=root, capture_output=True, text=True, timeout=600)
    return {"seeds": seeds, "store": store_path, "code": proc.returncode, "out": proc.stdout, "err": proc.stderr,
            "seconds": time.monotonic() - started, "expected": expected}


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning:")]


def test_every_bad_file_gets_one_error_naming_it_and_its_problem(hostile):
    errors = _errors(hostile["err"])
    assert hostile["code"] == 1
    for named, words in hostile["expected"].items():
        lines = [e for e in errors if f"seeds/{named}:" in e]
        assert len(lines) == 1, (named, errors)
        for word in words:
            assert word in lines[0], (named, word, lines[0])
    assert len(errors) == len(hostile["expected"]), errors  # nothing else failed
    assert f"{len(hostile['expected'])} failed" in hostile["out"]


def test_the_build_is_bounded_and_the_readable_articles_stand(hostile):
    assert hostile["seconds"] < 180, hostile["seconds"]  # the 60 MB of huge files are never read
    store_path = hostile["store"]
    for name in ("good_en", "good_hi", "my article", "कानपुर समाचार", "utf16 bom", "page", "smart quotes"):
        assert value(store_path, iris.article_iri(name), str(UPKG.sourceFile)) == f"{name}.txt", name
    present = graphs(store_path)
    for named in hostile["expected"]:
        assert iris.article_graph(Path(named).stem) not in present, named
    assert "articles    7  " in hostile["out"], hostile["out"]


def test_readable_but_odd_files_are_built_with_a_warning_naming_them(hostile):
    warnings = _warnings(hostile["err"])

    def one(file: str, *words: str) -> None:
        lines = [w for w in warnings if w.startswith(f"warning: seeds/{file}: ")]
        assert len(lines) == 1 and all(w in lines[0] for w in words), (file, warnings)

    one("utf16 bom.txt", "UTF-16", "byte-order mark")
    one("page.txt", "HTML page", "markup", "blanked")
    one("smart quotes.txt", "mojibake")


def test_duplicates_under_other_names_are_recognised_and_name_both_files(hostile):
    warnings = [w for w in _warnings(hostile["err"]) if "duplicate" in w]
    assert len(warnings) == 2, warnings
    # The first name in sorted order is kept; the other is skipped, named with it.
    assert "warning: seeds/zz copy of good_en.txt: the same text as seeds/good_en.txt; skipped as a duplicate" in warnings
    assert "warning: seeds/कॉपी.txt: the same text as seeds/good_hi.txt; skipped as a duplicate" in warnings
    assert "2 duplicate" in hostile["out"]
    present = graphs(hostile["store"])
    assert iris.article_graph("zz copy of good_en") not in present and iris.article_graph("कॉपी") not in present


def test_names_with_spaces_and_devanagari_get_distinct_valid_iris(hostile):
    names = ["my article", "कानपुर समाचार", "कॉपी", "खाली लेख", "मेटा"]
    found = {iris.article_iri(n) for n in names}
    assert len(found) == len(names)
    for n in names:
        assert " " not in iris.article_iri(n) and iris.article_iri(n).isascii()
    # The store answers about them by their IRIs, and keeps the file name as written.
    assert value(hostile["store"], iris.article_iri("कानपुर समाचार"), str(UPKG.sourceFile)) == "कानपुर समाचार.txt"


def test_an_html_page_is_read_as_its_text_and_offsets_still_index_the_file(tmp_path):
    path = write_article(tmp_path, "page", HTML_PAGE)
    ex = pipeline.extract_file(path)
    labels = {e.label for e in ex.entities}
    assert {"Agra", "Kanpur Nagar"} <= labels, labels
    found = " ".join(m.text for e in ex.entities for m in e.mentions)
    for hidden in ("evilTracker", "Zzyzx", "Qwerty", "Plinko", "href"):  # script, style, comment, attributes
        assert hidden not in found
    text = path.read_text(encoding="utf-8")
    for e in ex.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text, m  # the quote is the file's own text
    assert any("HTML page" in w for w in ex.warnings)


def test_the_size_limit_is_exact_and_named(tmp_path):
    at = tmp_path / "at_limit.txt"
    over = tmp_path / "over_limit.txt"
    line = (GOOD_EN * 50).encode()
    data = (line * (MAX_BYTES // len(line) + 1))[:MAX_BYTES]
    at.write_bytes(data)
    over.write_bytes(data + b"x")
    assert len(read_article(at).text) == MAX_BYTES  # read (extraction would take ~20 s)
    with pytest.raises(ArticleError) as e:
        read_article(over)
    assert str(e.value).startswith(f"{over}: the file is too large (2.0 MB); articles over 2 MB are refused")


def test_a_50_mb_article_is_refused_at_once_without_being_read(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    write_article(seeds, "good", GOOD_EN)
    with open(seeds / "dump.txt", "wb") as f:
        f.truncate(50 * MB)  # a sparse file: reading it would show NULs, but it must not be read at all
    started = time.monotonic()
    code = main(["build", "--seeds", str(seeds), "--store", str(tmp_path / "store"), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1 and time.monotonic() - started < 60
    assert "dump.txt: the file is too large (50.0 MB); articles over 2 MB are refused" in err
    assert "binary" not in err  # refused for its size, before its bytes were looked at


# -- the cache under many names ------------------------------------------------------------------------

def test_the_cache_keeps_one_entry_per_article_and_never_another_articles(tmp_path):
    seeds, cache = tmp_path / "seeds", tmp_path / "cache"
    write_article(seeds, "a", BODY)
    write_article(seeds, "a.b", BODY.replace("Agra", "Kanpur"))
    write_article(seeds, "कानपुर समाचार", GOOD_HI)
    assert build(seeds, tmp_path / "store", jobs=1, cache=cache).ok
    (cache / f"{iris.slugify_id('a')}.{'0' * 64}.4000000.tmp").write_text("{", encoding="utf-8")  # a killed writer's
    for text in (BODY + "Second edit.\n", BODY + "Third edit.\n"):
        write_article(seeds, "a", text)
        assert build(seeds, tmp_path / "store", jobs=1, cache=cache).ok
    entries = sorted(p.name for p in cache.iterdir() if p.name != "index.pickle")  # the build's index of them
    assert len(entries) == 3, entries
    assert sum(e.startswith("a.b.") for e in entries) == 1
    assert not any(e.endswith(".tmp") for e in entries)


# -- 10,000 tiny articles --------------------------------------------------------------------------------

PLACES = ["Agra", "Kanpur", "Lucknow", "Gorakhpur", "Varanasi", "Meerut", "Jhansi", "Aligarh"]


def tiny_corpus(folder: Path, n: int) -> Path:
    """``n`` distinct one-line articles, half Hindi and half English."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        p = PLACES[i % len(PLACES)]
        text = (f"{p} footwear unit number {i} met the District Magistrate on Monday to discuss exports.\n" if i % 2
                else f"{p} में {i} उद्यमियों ने जिला उद्योग केंद्र में बैठक की।\n")
        (folder / f"tiny_{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_ten_thousand_tiny_articles_build_in_bounded_time(tmp_path):
    seeds = tiny_corpus(tmp_path / "seeds", 9_995)
    write_article(seeds, "tiny_bad_empty", b"")
    write_article(seeds, "tiny_bad_latin1", "Caf\u00e9 in Agra\n".encode("latin-1"))
    write_article(seeds, "tiny_bad_binary", bytes(range(256)))
    write_article(seeds, "tiny_dup_a", (seeds / "tiny_00001.txt").read_bytes())
    write_article(seeds, "tiny_dup_b", (seeds / "tiny_00002.txt").read_bytes())
    started = time.monotonic()
    report = build(seeds, tmp_path / "store", jobs=2)
    seconds = time.monotonic() - started
    print(f"\n10,000 tiny articles (jobs=2): {seconds:.1f} s, {report.triples:,} triples in {report.graphs:,} graphs")
    assert seconds < 420
    assert report.articles == 9_995 and len(report.extracted) == 9_997
    assert sorted(Path(f).name for f in report.failed) == ["tiny_bad_binary.txt", "tiny_bad_empty.txt",
                                                          "tiny_bad_latin1.txt"]
    assert sorted(Path(f).name for f in report.duplicates) == ["tiny_dup_a.txt", "tiny_dup_b.txt"]
    assert len(report.errors) == 3 and all("tiny_bad_" in e for e in report.errors)
    assert sum(g.startswith(iris.GRAPH + "article/") for g in report.written) == 9_995  # one graph per article
    assert len(list((tmp_path / "cache").glob("*.json"))) == 9_997  # one cache entry per extracted article
