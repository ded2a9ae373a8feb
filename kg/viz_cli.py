"""``kg viz``: write the interactive explorer of the store as one self-contained HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli import Runner, _example, _store_option


def viz_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Write the graph as an interactive network page (vis-network inlined: it opens from "
                     "disk with no network). Search an entity, filter by type, focus on a neighbourhood, or "
                     "show what one article states; hover for facts and the quotes they come from.",
             "kg viz --out build/explorer.html\n"
             "kg viz --focus Gorakhpur --depth 2 --out build/gorakhpur.html\n"
             "kg viz --types Person,Organization,Event --article 004")
    _store_option(parser)
    parser.add_argument("--out", metavar="FILE", type=Path, default=Path("build") / "explorer.html",
                        help="the page to write (default: build/explorer.html)")
    parser.add_argument("--focus", metavar="ENTITY", default=None,
                        help="open on this entity (an English or Hindi name, an alias or an IRI)")
    parser.add_argument("--depth", metavar="N", type=int, default=1,
                        help="neighbourhood depth for --focus (default: 1)")
    parser.add_argument("--types", metavar="T,...", default=None,
                        help="show only these types: Person, Organization, District, Division, Place, Event, "
                             "Scheme, Sector, Product (default: all)")
    parser.add_argument("--article", metavar="ID", default=None,
                        help="open on what one article states (its id or a unique prefix of it)")
    parser.add_argument("--max-nodes", metavar="N", type=int, default=None,
                        help="views larger than this are grouped by type until you focus (default: 1500)")

    def run(args: argparse.Namespace) -> int:
        from kg.errors import UserError
        from kg.paths import shown
        from kg.viz import MAX_NODES, write_explorer

        try:
            out = write_explorer(args.out, args.store, focus=args.focus, depth=args.depth, types=args.types,
                                 article=args.article, max_nodes=args.max_nodes or MAX_NODES)
        except (KeyError, ValueError) as e:
            raise UserError(str(e.args[0]) if e.args else str(e)) from None
        print(f"wrote {shown(out)}")
        return 0

    return run
