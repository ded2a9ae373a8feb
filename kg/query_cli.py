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
