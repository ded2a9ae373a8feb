"""Bad input: each broken article gets an error naming its file and the problem; the others are built.

Every case runs the real command line (`kg build`) over a folder with two good articles and one bad
one, and checks the exit code, the message and that the good articles are in the store.
"""

from __future__ import annotations

import pytest

from kg import iris
from kg.cli import main
from kg.vocab import UPKG
from storeutil import graphs, value, write_article

GOOD_EN = ("Kanpur, 3 March 2026: The Uttar Pradesh MSME department held a meeting on leather exports "
           "with the Council for Leather Exports in Kanpur.\n")
GOOD_HI = "लखनऊ, 5 मार्च 2026: उत्तर प्रदेश के एमएसएमई विभाग ने निर्यात पर एक बैठक की।\n"
BODY = "Agra footwear units met the District Magistrate on Monday to discuss exports.\n"


def _good(folder):
    write_article(folder, "good_en", GOOD_EN, "language: en\npublished: 2026-03-03\n")
    write_article(folder, "good_hi", GOOD_HI, "language: hi\n")


CASES = {
    # name: (article bytes, sidecar text or None, the file the error names, words of the problem)
    "empty": (b"", None, "bad.txt", "empty"),
    "whitespace": (b"  \n\t \r\n  \n", None, "bad.txt", "only whitespace"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, None,
               "bad.txt", "binary data"),
    "latin-1": ("Caf\u00e9 owners of Kanpur met the District Magistrate \u00e0 propos exports.\n".encode("latin-1"),
                None, "bad.txt", "not valid UTF-8"),
    "malformed sidecar": (BODY.encode(), "headline: [unclosed\nlanguage: en\n", "bad.meta", "not valid YAML"),
    "unknown sidecar key": (BODY.encode(), "headlne: Agra footwear\nlanguage: en\n", "bad.meta",
                            "unknown sidecar key(s) headlne"),
    "wrong type in sidecar": (BODY.encode(), "headline: [Agra, footwear]\n", "bad.meta", "'headline' must be text"),
    "impossible date in sidecar": (BODY.encode(), "published: 2026-02-30\n", "bad.meta", "day is out of range"),
    "date in the wrong form": (BODY.encode(), "published: 30 Feb 2026\n", "bad.meta", "'published' must be a date"),
    "sidecar not a mapping": (BODY.encode(), "- just\n- a list\n", "bad.meta", "must be a mapping"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_article_is_named_skipped_and_the_build_exits_non_zero(case, tmp_path, capsys):
    data, sidecar, named, problem = CASES[case]
    seeds, store_path = tmp_path / "seeds", tmp_path / "data" / "store"
    _good(seeds)
    write_article(seeds, "bad", data, sidecar)
    code = main(["build", "--seeds", str(seeds), "--store", str(store_path), "--jobs", "1"])
    out, err = capsys.readouterr()
    assert code == 1
    error = next(line for line in err.splitlines() if line.startswith("error:"))
    assert named in error and problem in error, error
    assert "1 failed" in out
    for good in ("good_en", "good_hi"):
        assert value(store_path, iris.article_iri(good), str(UPKG.sourceFile)) == f"{good}.txt"
    assert iris.article_graph("bad") not in graphs(store_path)


def test_an_unreadable_article_is_named_and_skipped(tmp_path, capsys):
    seeds, store_path = tmp_path / "seeds", tmp_path / "data" / "store"
    _good(seeds)
    (seeds / "folder.txt").mkdir()  # a name that looks like an article but cannot be read as one
    code = main(["build", "--seeds", str(seeds), "--store", str(store_path), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert any("folder.txt" in line and "cannot read the file" in line for line in err.splitlines()), err
    assert iris.article_graph("good_en") in graphs(store_path)


def test_several_bad_articles_are_each_reported_and_parallel_builds_report_them_too(tmp_path, capsys):
    seeds, store_path = tmp_path / "seeds", tmp_path / "data" / "store"
    _good(seeds)
    write_article(seeds, "bad_empty", b"")
    write_article(seeds, "bad_latin1", "Caf\u00e9 in Kanpur\n".encode("latin-1"))
    write_article(seeds, "bad_meta", BODY, "language: french\n")
    code = main(["build", "--seeds", str(seeds), "--store", str(store_path), "--jobs", "2"])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert code == 1
    assert len(errors) == 3
    assert any("bad_empty.txt" in e and "empty" in e for e in errors)
    assert any("bad_latin1.txt" in e and "UTF-8" in e for e in errors)
    assert any("bad_meta.meta" in e and "'language' must be hi, en or mixed" in e for e in errors)
    assert {iris.article_graph("good_en"), iris.article_graph("good_hi")} <= graphs(store_path)


def test_utf16_with_a_byte_order_mark_is_read_not_refused(tmp_path, capsys):
    seeds, store_path = tmp_path / "seeds", tmp_path / "data" / "store"
    write_article(seeds, "utf16", GOOD_HI.encode("utf-16"), "language: hi\n")
    assert main(["build", "--seeds", str(seeds), "--store", str(store_path), "--jobs", "1"]) == 0
    assert "UTF-16" in capsys.readouterr().err  # reported as a warning
    assert value(store_path, iris.article_iri("utf16"), str(UPKG.sourceFile)) == "utf16.txt"


def test_a_fixed_article_is_built_on_the_next_run(tmp_path, capsys):
    seeds, store_path = tmp_path / "seeds", tmp_path / "data" / "store"
    _good(seeds)
    write_article(seeds, "bad", b"")
    assert main(["build", "--seeds", str(seeds), "--store", str(store_path), "--jobs", "1"]) == 1
    write_article(seeds, "bad", BODY)
    assert main(["build", "--seeds", str(seeds), "--store", str(store_path), "--jobs", "1"]) == 0
    assert iris.article_graph("bad") in graphs(store_path)


def test_a_missing_seeds_folder_is_a_clear_error(tmp_path, capsys):
    code = main(["build", "--seeds", str(tmp_path / "nowhere"), "--store", str(tmp_path / "store")])
    assert code == 1
    assert "the seeds folder" in capsys.readouterr().err


def test_commands_on_a_store_that_was_never_built_say_so(tmp_path, capsys):
    for command in (["stats"], ["validate"], ["export", "--format", "nquads"]):
        assert main([*command, "--store", str(tmp_path / "store")]) == 1
        assert "run `kg build` first" in capsys.readouterr().err
