"""`kg query` and `kg queries`: the questions from the command line, in a table or standard formats."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg import query as kq
from kg.query import width
from seedstore import seed_store as shared_seed_store


@pytest.fixture(scope="session")
def seed_store():
    return shared_seed_store()


@pytest.fixture(scope="session")
def kg(seed_store):
    """Run ``kg ARGS`` on the seed store: ``(exit code, stdout, stderr)``."""
    env = dict(os.environ, KG_STORE=str(seed_store))

    def run(*args: str) -> tuple[int, str, str]:
        p = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, env=env, timeout=120)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")

    return run


def test_queries_lists_every_question_with_its_parameters(kg):
    code, out, _ = kg("queries")
    assert code == 0
    for q in kq.library():
        assert f"{q.name:<14}{q.title}" in out
    assert "Who holds which post in which organisation, as of when, according to which article?" in out
    assert "--param district=" in out and "(default: Gorakhpur)" in out
    code, out, _ = kg("queries", "--long")
    assert "कौन किस संगठन में किस पद पर है" in out and "columns: section, item, item_hi" in out


def test_the_district_question_in_hindi_prints_an_aligned_table(kg):
    code, out, err = kg("query", "district", "--param", "district=गोरखपुर")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["section", "item", "item_hi", "detail", "date", "article", "quote"]
    assert "करीब 300 करोड़ रुपये" in out and "Gorakhpur division" in out
    assert lines[-1].endswith("rows)")


def test_table_columns_line_up_in_devanagari(kg):
    code, out, _ = kg("query", "--sparql",
                      'SELECT ?name ?n WHERE { VALUES (?name ?n) { ("गोरखपुर" 1) ("Gorakhpur" 2) ("कानपुर नगर" 3) } }')
    assert code == 0
    lines = out.splitlines()
    # The second column starts at the same screen column on every line, header included.
    starts = {width(line[: line.rindex(marker)]) for line, marker in zip(lines[:1] + lines[2:5], "n123")}
    assert len(starts) == 1, lines


def test_standard_result_formats(kg, seed_store):
    target = kq.open_target(seed_store)
    expected = kq.records(kq.execute(target, kq.load("coverage").text))
    code, out, _ = kg("query", "coverage", "--format", "json")
    data = json.loads(out)
    assert data["head"]["vars"][:3] == ["division", "division_articles", "district"]
    assert [b["district"]["value"] for b in data["results"]["bindings"]] == [r["district"] for r in expected]
    code, out, _ = kg("query", "coverage", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["district"] for r in rows] == [r["district"] for r in expected]
    code, out, _ = kg("query", "coverage", "--format", "tsv")
    assert out.splitlines()[0].startswith("?division\t?division_articles\t?district")
    parsed = list(ox.parse_query_results(out, ox.QueryResultsFormat.TSV))
    assert len(parsed) == 75
    code, out, _ = kg("query", "coverage", "--format", "xml")
    assert list(ox.parse_query_results(out, ox.QueryResultsFormat.XML))[0]["district"].value == expected[0]["district"]


def test_construct_results_as_turtle_and_ask_as_a_boolean(kg):
    code, out, _ = kg("query", "--sparql", "CONSTRUCT { ?d upkg:inDivision ?v } WHERE { ?d upkg:inDivision ?v }",
                      "--format", "ttl")
    assert code == 0 and "@prefix upkg:" in out
    triples = list(ox.parse(out, ox.RdfFormat.TURTLE))
    assert len(triples) == 75
    code, out, _ = kg("query", "--sparql", "ASK { id:district\\/gorakhpur upkg:inDivision id:division\\/gorakhpur }",
                      "--format", "json")
    assert json.loads(out) == {"head": {}, "boolean": True}
    code, out, err = kg("query", "--sparql", "ASK {}", "--format", "ttl")
    assert code == 1 and "for CONSTRUCT and DESCRIBE" in err


def test_a_malformed_query_reports_line_and_column(kg, tmp_path):
    code, out, err = kg("query", "--sparql", "SELECT ?d WHERE {\n  ?d upkg:inDivision ?v\n  FILTER( }")
    assert code == 1 and out == ""
    assert "error at 3:" in err  # the line of the query as the user wrote it (prefixes added above it)
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX upkg: <https://w3id.org/upkg/ontology#>\nSELECT * WHERE { ?s upkg:nope }\n", encoding="utf-8")
    code, _, err = kg("query", "--file", str(bad))
    assert code == 1 and "error at 2:" in err


def test_query_files_with_and_without_a_header(kg, tmp_path):
    plain = tmp_path / "plain.rq"
    plain.write_text("SELECT ?label WHERE { id:district\\/jhansi rdfs:label ?label } ORDER BY ?label", encoding="utf-8")
    code, out, _ = kg("query", "--file", str(plain), "--format", "csv")
    assert out.split() == ["label", "Jhansi", "झांसी"]
    mine = tmp_path / "mine.rq"
    mine.write_text(kq.load("statistics").text, encoding="utf-8")
    code, out, err = kg("query", "--file", str(mine), "--param", "subject=गोरखपुर", "--format", "csv")
    assert code == 0, err
    assert "करीब 300 करोड़ रुपये" in out and "Kanpur" not in out


def test_parameters_are_shown_as_the_terms_they_resolve_to(kg):
    code, out, _ = kg("query", "district", "--param", "district=Jhansi", "--print")
    assert "VALUES ?district { <https://w3id.org/upkg/id/district/jhansi> }" in out
    code, out, _ = kg("query", "events", "--param", "district=any", "--print")
    assert "VALUES ?district { UNDEF }" in out


def test_bad_requests_exit_non_zero_with_a_message(kg):
    assert kg("query", "nope")[0] == 1 and "no query named 'nope'" in kg("query", "nope")[2]
    code, _, err = kg("query", "district", "--param", "district=Atlantis")
    assert code == 1 and "no upkg:District named 'Atlantis'" in err
    code, _, err = kg("query", "district", "--param", "district")
    assert code == 1 and "KEY=VALUE" in err
    code, _, err = kg("query", "posts", "--sparql", "ASK {}")
    assert code == 1 and "give one of" in err


def test_a_query_nested_too_deep_is_refused_not_a_crash(tmp_path, capsys):
    from kg.cli import main
    from seedstore import seed_store

    deep = tmp_path / "deep.rq"
    deep.write_text("SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000, encoding="utf-8")
    assert main(["query", "--store", str(seed_store()), "--file", str(deep)]) == 1
    assert "nests groups 5000 deep" in capsys.readouterr().err
