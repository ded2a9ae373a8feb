"""The ``kg query``, ``kg queries`` and ``kg serve`` commands, and the ``--endpoint`` options ``kg build`` shares.

Each configure function adds its options to the subcommand's parser and returns the runner; the
work is done by ``kg.query`` (the library of questions), ``kg.server`` (the endpoint) and
``kg.remote`` (a remote SPARQL store).
"""

from __future__ import annotations

import argparse


def endpoint_options(parser: argparse.ArgumentParser, what: str) -> None:
    """``--endpoint URL`` and the two URLs that default from it (see ``kg.remote.Endpoint.from_url``)."""
    parser.add_argument("--endpoint", metavar="URL", default=None,
                        help=f"{what}: its SPARQL query URL (e.g. http://127.0.0.1:7878/query for "
                             "`oxigraph serve --union-default-graph`)")
    parser.add_argument("--update-endpoint", metavar="URL", default=None,
                        help="its SPARQL Update URL (default: .../update beside a .../query URL, else the same URL)")
    parser.add_argument("--graph-store", metavar="URL", default=None,
                        help="its Graph Store Protocol URL (default: .../store beside a .../query URL, "
                             "else none: graphs are replaced with SPARQL Update)")


def endpoint_from_args(args: argparse.Namespace):
    """The ``kg.remote.Endpoint`` the options name, or None for the embedded store."""
    if not args.endpoint:
        return None
    from kg.remote import Endpoint

    return Endpoint.from_url(args.endpoint, update=args.update_endpoint, graph_store=args.graph_store)


def _store_option(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    parser.add_argument("--store", metavar="PATH", type=Path, default=None,
                        help="the store (default: $KG_STORE or .kg/store in the current directory)")


def _params(pairs: list[str]) -> dict[str, str]:
    from kg.query import QueryError

    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param takes KEY=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out


def query_command(parser: argparse.ArgumentParser):
    parser.description = ("Ask a question from the library (see `kg queries`), a query file, or a query "
                          "given inline, of the embedded store or a remote SPARQL endpoint. Prints an "
                          "aligned table, or standard SPARQL results (json, xml, csv, tsv) or RDF (ttl, nt) "
                          "for CONSTRUCT and DESCRIBE. Names given as parameters are looked up by label "
                          "(English or Hindi). Inline queries may use the project's prefixes undeclared.")
    parser.epilog = ("Example:\n  kg query district --param district=गोरखपुर\n"
                     "  kg query statistics --param subject=Gorakhpur --format csv\n"
                     "  kg query --sparql 'SELECT ?d WHERE { ?d upkg:inDivision id:division\\/jhansi }'")
    parser.add_argument("name", nargs="?", help="a question from the library (kg queries lists them)")
    parser.add_argument("--file", metavar="Q.rq", default=None, help="run the query in this file")
    parser.add_argument("--sparql", metavar="QUERY", default=None, help="run this query")
    parser.add_argument("--param", metavar="KEY=VALUE", action="append", default=[],
                        help="set a parameter (repeatable); a name, an IRI, a CURIE or 'any'")
    parser.add_argument("--format", choices=("table", "csv", "tsv", "json", "xml", "ttl", "nt"), default="table",
                        help="output format (default: table)")
    parser.add_argument("--max-width", metavar="N", type=int, default=60,
                        help="widest table cell, in columns; 0 for no limit (default: 60)")
    parser.add_argument("--print", action="store_true", help="print the query that would run, and stop")
    _store_option(parser)
    endpoint_options(parser, "query this SPARQL store instead of the embedded one")

    def run(args: argparse.Namespace) -> int:
        import sys

        from kg import query as kq

        chosen = [x for x in (args.name, args.file, args.sparql) if x is not None]
        if len(chosen) != 1:
            raise kq.QueryError("give one of: a query NAME, --file Q.rq or --sparql QUERY")
        params = _params(args.param)
        target = kq.open_target(args.store, endpoint_from_args(args))
        offset = 0
        if args.sparql is not None or (args.file and not _has_header(args.file)):
            if params:
                raise kq.QueryError("--param needs a library query or a .rq file with '# param:' lines")
            text = args.sparql if args.sparql is not None else _read(args.file)
            sparql, offset = kq.with_prefixes(text)
        else:
            sparql = kq.parametrise(kq.load(args.name or args.file), params, target)
        if args.print:
            print(sparql)
            return 0
        result = kq.execute(target, sparql, line_offset=offset)
        sys.stdout.buffer.write(kq.serialize(result, args.format, args.max_width))
        sys.stdout.flush()
        return 0

    return run


def _read(path: str) -> str:
    from kg.query import QueryError

    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise QueryError(f"cannot read {path}: {e.strerror}") from None


def _has_header(path: str) -> bool:
    return any(line.startswith("# title:") for line in _read(path).splitlines()[:3])


def queries_command(parser: argparse.ArgumentParser):
    parser.description = "List the library of questions (kg/queries/*.rq): name, question and parameters."
    parser.epilog = "Example:\n  kg queries\n  kg queries --long"
    parser.add_argument("--long", action="store_true", help="also show the Hindi question and the columns")

    def run(args: argparse.Namespace) -> int:
        import textwrap

        from kg.query import library

        for q in library():
            print(f"{q.name:<14}{q.title}")
            print(textwrap.indent(textwrap.fill(q.question, 86), " " * 14))
            if args.long and q.question_hi:
                print(textwrap.indent(textwrap.fill(q.question_hi, 86), " " * 14))
            for p in q.params:
                print(f"{'':14}--param {p.name}=  {p.doc} (default: {p.default})")
            if args.long:
                print(textwrap.indent(textwrap.fill("columns: " + ", ".join(n for n, _ in q.columns), 86), " " * 14))
        return 0

    return run


def serve_command(parser: argparse.ArgumentParser):
    parser.description = ("Serve the store as a read-only SPARQL 1.1 Protocol endpoint at /sparql (GET and "
                          "POST; JSON, XML, CSV, TSV, Turtle, N-Triples), with a query page at /. Updates "
                          "are refused (403), each query has a time limit (503 when exceeded) and a result "
                          "size limit, and SERVICE is refused unless --allow-service. Binds to 127.0.0.1.")
    parser.epilog = ("Example:\n  kg serve --port 7879\n"
                     "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' "
                     "http://127.0.0.1:7879/sparql")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=7879, help="port (default: 7879)")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=10.0,
                        help="longest a query may run (default: 10)")
    parser.add_argument("--max-result-mb", metavar="MB", type=float, default=16.0,
                        help="largest serialised result, in MB (default: 16)")
    parser.add_argument("--workers", metavar="N", type=int, default=4, help="query worker processes (default: 4)")
    parser.add_argument("--allow-service", action="store_true",
                        help="allow SERVICE clauses (federated queries to other hosts)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    _store_option(parser)

    def run(args: argparse.Namespace) -> int:
        import sys

        from kg.server import Limits, make_server

        limits = Limits(timeout=args.timeout, max_bytes=int(args.max_result_mb * (1 << 20)),
                        workers=max(1, args.workers), allow_service=args.allow_service)
        server = make_server(args.store, args.host, args.port, limits, quiet=args.quiet)
        host, port = server.server_address[:2]
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            print(f"warning: serving on {args.host}, reachable from other machines", file=sys.stderr)
        print(f"SPARQL endpoint http://{host}:{port}/sparql  (query page http://{host}:{port}/); Ctrl-C stops",
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return 0

    return run
