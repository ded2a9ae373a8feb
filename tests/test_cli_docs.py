"""Every `kg` command explains itself (`--help` with an example) and is documented in the README;
the ontology's documentation page is generated from the current ontology."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kg.cli import COMMANDS, main
from kg.paths import project_root
from kg.vocab import UPKG_TERMS

ROOT = project_root()
NAMES = [c.name for c in COMMANDS]


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_help_with_an_example(name, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([name, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: kg {name}" in out
    assert "Example:" in out and f"kg {name}" in out.split("Example:", 1)[1]


def test_kg_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps long summaries
    for cmd in COMMANDS:
        assert f" {cmd.name} {cmd.summary}" in out, cmd.name


def test_kg_help_imports_no_command_module():
    """`kg --help` stays fast: the registry is read without importing the commands' libraries."""
    code = ("import sys; from kg.cli import main\ntry: main(['--help'])\nexcept SystemExit: pass\n"
            "heavy = sorted(m for m in ('pyshacl', 'pyoxigraph', 'kg.build', 'kg.pipeline', 'pylode') if m in sys.modules)\n"
            "print(heavy, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["bulid"])
    assert exit_.value.code == 2
    assert "invalid choice: 'bulid'" in capsys.readouterr().err


@pytest.mark.parametrize("name", NAMES)
def test_every_command_is_documented_in_the_readme(name):
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not written yet; every command must appear in it as `kg <name>`")
    assert re.search(rf"\bkg {name}\b", readme.read_text(encoding="utf-8")), f"README.md does not mention `kg {name}`"


def test_the_readme_links_the_ontology_documentation():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not written yet; it must link docs/ontology.html")
    assert "docs/ontology.html" in readme.read_text(encoding="utf-8")


def test_the_ontology_page_documents_exactly_the_terms_of_the_ontology():
    page = (ROOT / "docs" / "ontology.html").read_text(encoding="utf-8")
    documented = set(re.findall(r"https://w3id\.org/upkg/ontology#(\w+)", page))
    assert documented == set(UPKG_TERMS), (
        "docs/ontology.html is out of date with ontology/kg.ttl; run `kg docs` and commit the page "
        f"(missing: {sorted(set(UPKG_TERMS) - documented)}, removed: {sorted(documented - set(UPKG_TERMS))})")


def test_kg_docs_writes_the_page(tmp_path, capsys):
    out = tmp_path / "ontology.html"
    assert main(["docs", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "UP Industrial Knowledge Graph ontology" in html and "post held" in html
