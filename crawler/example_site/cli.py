"""A bundled example news site, and the local HTTP server that serves it.

The command line (``python -m crawler.example_site build|serve``): ``build`` writes the site
into a folder, ``serve`` serves a built site on 127.0.0.1 until killed.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from crawler.example_site.build import build_site
from crawler.example_site.manifest import MANIFEST, REFERENCE_DATE
from crawler.example_site.server import serve


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.example_site", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write the example site into a folder")
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--articles", type=int, default=20)
    build.add_argument("--seed", type=int, default=0)
    build.add_argument(
        "--today",
        type=date.fromisoformat,
        default=REFERENCE_DATE,
        help=f"dates are relative to this day (default {REFERENCE_DATE})",
    )
    run = commands.add_parser("serve", help="serve a built site on 127.0.0.1")
    run.add_argument("--root", type=Path, required=True)
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=0, help="0 picks a free port")
    run.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            manifest = build_site(
                args.out, articles=args.articles, seed=args.seed, today=args.today
            )
        except (ValueError, FileExistsError) as exc:
            parser.error(str(exc))
        size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
        print(f"built {len(manifest.articles)} articles into {args.out} ({size:,} bytes)")
        return 0
    if not (args.root / MANIFEST).is_file():
        parser.error(f"{args.root} holds no example site (no {MANIFEST})")
    try:
        serve(args.root, args.host, args.port, verbose=args.verbose)
    except ValueError as exc:
        parser.error(str(exc))
    return 0
