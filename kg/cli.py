"""The ``kg`` command line: a thin layer over the library, one subcommand per task.

Subcommands are registered in ``COMMANDS`` as ``Command(name, summary, "module:function")``. The
function receives the subcommand's ``argparse`` parser, adds its options, description and an
"Example:" epilog, and returns the runner ``(args) -> exit code``. Only the chosen subcommand's
module is imported, so ``kg --help`` stays fast. To add a subcommand, write such a function in
any module and add one line to ``COMMANDS``.

Exit codes: 0 success; 1 the task found problems (an article failed, a shape is violated) or a
``kg.errors.UserError`` (no store, another build running, ...); 2 bad usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UserError

Runner = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    target: str  # "module:function"; the function configures the parser and returns the runner


COMMANDS = [
    Command("build", "build or update the store from seeds/ and ontology/", "kg.cli:build_command"),
    Command("export", "write the store as N-Quads, TriG, Turtle or JSON-LD", "kg.cli:export_command"),
    Command("stats", "count what the store holds", "kg.cli:stats_command"),
    Command("validate", "check the graph against the SHACL shapes", "kg.cli:validate_command"),
    Command("docs", "generate the ontology's HTML documentation", "kg.cli:docs_command"),
    Command("query", "ask a question from the SPARQL library, a .rq file or an inline query", "kg.query_cli:query_command"),
    Command("queries", "list the library of SPARQL questions", "kg.query_cli:queries_command"),
    Command("serve", "serve the store as a read-only SPARQL endpoint with a query page", "kg.query_cli:serve_command"),
    Command("viz", "write the interactive network explorer as one offline HTML page", "kg.viz_cli:viz_command"),
    Command("extract", "extract one article and print what it yields (store unchanged)", "kg.extract_cli:extract_command"),
    Command("evaluate", "score the extractor against gold annotations", "kg.extract_cli:evaluate_command"),
    Command("explain", "show an entity's names, mentions and the rules that linked them", "kg.extract_cli:explain_command"),
    Command("synth", "write a synthetic corpus of articles with gold annotations", "kg.synth_cli:synth_command"),
]


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="PATH", type=Path, default=None,
                        help="the store (default: $KG_STORE or .kg/store in the current directory)")


def _example(parser: argparse.ArgumentParser, description: str, example: str) -> None:
    parser.description = description
    parser.epilog = "Example:\n  " + example.replace("\n", "\n  ")


def build_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Extract the articles in seeds/ (only those that changed since the last build), link "
                     "them, and publish the new store atomically. Prints a summary; exits 1 if an "
                     "article could not be read (the others are built).",
             "kg build\nkg build --seeds seeds --store .kg/store --full")
    parser.add_argument("--seeds", metavar="DIR", type=Path, default=None,
                        help="folder of <id>.txt articles and <id>.meta sidecars (default: $KG_SEEDS or seeds/)")
    _store_option(parser)
    parser.add_argument("--full", action="store_true", help="re-extract every article and write a fresh store")
    parser.add_argument("--jobs", metavar="N", type=int, default=None,
                        help="parallel extraction processes (default: one per CPU; 1 = in this process)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    from kg.query_cli import endpoint_options

    endpoint_options(parser, "load the graphs into this SPARQL store instead of the embedded one")

    def run(args: argparse.Namespace) -> int:
        from kg.build import build
        from kg.query_cli import endpoint_from_args

        report = build(seeds=args.seeds, store_at=args.store, full=args.full, jobs=args.jobs,
                       endpoint=endpoint_from_args(args))
        print(report.to_json() if args.json else report.summary())
        for line in report.problems():
            print(line, file=sys.stderr)
        return 0 if report.ok else 1

    return run


def export_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Write the whole store, sorted, so identical inputs give byte-identical files. "
                     "turtle merges all graphs into one; the other formats keep the named graphs.",
             "kg export --format trig --out build/graph.trig")
    parser.add_argument("--format", choices=("nquads", "trig", "turtle", "jsonld"), default="trig",
                        help="output format (default: trig)")
    parser.add_argument("--out", metavar="FILE", type=Path, default=None, help="output file (default: stdout)")
    _store_option(parser)

    def run(args: argparse.Namespace) -> int:
        from kg.export import export

        data = export(args.format, out=args.out, store_at=args.store)
        if args.out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return 0

    return run


def stats_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Count the store's graphs, triples, articles, mentions, posts, events, statistics "
                     "and entities by type (all, and those an article mentions).",
             "kg stats\nkg stats --json")
    _store_option(parser)
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def run(args: argparse.Namespace) -> int:
        from kg.stats import render, stats, to_json

        data = stats(args.store)
        print(to_json(data) if args.json else render(data))
        return 0

    return run


def validate_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Validate the store (or an exported file) against ontology/shapes.ttl with the "
                     "ontology and RDFS inference. Prints violations grouped by shape; exits 1 if any.",
             "kg validate\nkg validate --data build/graph.trig")
    _store_option(parser)
    parser.add_argument("--data", metavar="FILE", type=Path, default=None,
                        help="validate this RDF file (.trig, .nq, .ttl, .nt, .jsonld) instead of the store")
    parser.add_argument("--shapes", metavar="FILE", type=Path, default=None,
                        help="SHACL shapes (default: ontology/shapes.ttl)")

    def run(args: argparse.Namespace) -> int:
        from kg.validate import validate_file, validate_store

        if args.data is not None:
            report = validate_file(args.data, args.shapes)
        else:
            report = validate_store(args.store, args.shapes)
        print(report.render())
        return 0 if report.conforms else 1

    return run


def docs_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Generate the ontology's HTML documentation page from ontology/kg.ttl with pyLODE "
                     "(offline). Commit the page when the ontology changes.",
             "kg docs\nkg docs --out docs/ontology.html")
    parser.add_argument("--out", metavar="FILE", type=Path, default=None,
                        help="output file (default: docs/ontology.html in the project)")
    parser.add_argument("--ontology", metavar="FILE", type=Path, default=None,
                        help="the ontology (default: ontology/kg.ttl)")

    def run(args: argparse.Namespace) -> int:
        from kg.docs import make_docs
        from kg.paths import shown

        print(f"wrote {shown(make_docs(args.out, args.ontology))}")
        return 0

    return run


def _load(target: str) -> Callable[[argparse.ArgumentParser], Runner]:
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)


def make_parser(selected: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser, with the subcommand ``selected`` (if any) fully configured."""
    parser = argparse.ArgumentParser(
        prog="kg", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="UP Industrial Knowledge Graph: Hindi and English news about Uttar Pradesh industry "
                    "as a linked, validated RDF graph.",
        epilog="Example:\n  kg build && kg validate && kg export --format trig --out build/graph.trig\n\n"
               "Run `kg COMMAND --help` for a command's options.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subs = {}
    for cmd in COMMANDS:
        subs[cmd.name] = subparsers.add_parser(cmd.name, help=cmd.summary,
                                               formatter_class=argparse.RawDescriptionHelpFormatter)
        if cmd.name == selected:
            subs[cmd.name].set_defaults(run=_load(cmd.target)(subs[cmd.name]))
    return parser, subs


def main(argv: list[str] | None = None) -> int:
    """Run ``kg`` with ``argv`` (default: the process arguments); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    names = {c.name for c in COMMANDS}
    selected = next((a for a in argv if not a.startswith("-")), None)
    parser, _ = make_parser(selected if selected in names else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except BrokenPipeError:
        # `kg ... | head` closed the pipe: not an error of ours; silence the flush at exit too
        sys.stdout = open(os.devnull, "w")
        return 0
    except UserError as e:
        print(f"kg {args.command}: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
