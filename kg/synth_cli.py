"""The ``kg synth`` subcommand: write a synthetic corpus with gold annotations (see ``kg.synth``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli import Runner, _example


def synth_command(parser: argparse.ArgumentParser) -> Runner:
    _example(parser, "Write N synthetic news articles about Uttar Pradesh industry (about half Hindi, half "
                     "English, 2-6 KB each) as <id>.txt + <id>.meta, and their gold annotations as gold.yaml in "
                     "the devset format, so `kg build --seeds DIR` and `kg evaluate DIR/gold.yaml DIR` run on "
                     "them. The same seed and size give the same corpus.",
             "kg synth --articles 1000 --seed 1 --out /tmp/syn1k\nkg evaluate /tmp/syn1k/gold.yaml /tmp/syn1k")
    parser.add_argument("--articles", metavar="N", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", metavar="S", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--out", metavar="DIR", type=Path, required=True, help="output folder (created if missing)")

    def run(args: argparse.Namespace) -> int:
        from kg.errors import UserError
        from kg.synth import generate

        if args.articles < 1:
            raise UserError("--articles must be at least 1")
        gold = generate(args.articles, args.seed, args.out)
        files = sorted(args.out.glob(f"syn{args.seed}_*.txt"))
        size = sum(f.stat().st_size for f in files)
        print(f"wrote {len(files)} articles ({size / 1e6:.1f} MB) to {args.out} and gold annotations to {gold}")
        return 0

    return run
