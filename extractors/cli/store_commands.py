"""``copydesk export`` and ``copydesk search``: reading a record store.

``export STORE -o OUT`` writes every record of the store, articles in the order they were
first stored, each followed by its comments by position, then errors: JSON lines (to
stdout without ``-o``), a Parquet table when OUT ends in ``.parquet``, or another store
when OUT names one (copying a SQLite store into PostgreSQL, say).

``search STORE QUERY`` prints the articles whose headline or body has every word and
"quoted phrase" of QUERY, best first; exit status 1 when none matches, as grep's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from extractors.cli.output import open_output, open_record_writer, replacing, write_records
from extractors.store import SearchHit, StoreError, open_store, store_target

EXIT_OK, EXIT_NO_MATCH, EXIT_STORE = 0, 1, 2


def add_store_commands(commands: Any) -> None:  # argparse's subparsers action type is private
    export_cmd = commands.add_parser(
        "export", help="write a store's records as JSONL or Parquet, or into another store"
    )
    export_cmd.add_argument("store", metavar="STORE", help="a .sqlite path or postgresql:// URI")
    export_cmd.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="JSONL file, FILE.parquet, or a store (default: JSONL on stdout)",
    )

    search_cmd = commands.add_parser("search", help="full-text search of a store's articles")
    search_cmd.add_argument("store", metavar="STORE", help="a .sqlite path or postgresql:// URI")
    search_cmd.add_argument("query", metavar="QUERY", help='words and "quoted phrases", all')
    search_cmd.add_argument("--limit", type=int, default=10, metavar="N", help="at most N hits")
    search_cmd.add_argument("--jsonl", action="store_true", help="one JSON object per hit")


def run_export(args: argparse.Namespace) -> int:
    try:
        with open_store(args.store, create=False) as store:
            count = _export(store.records(), args.output)
    except (FileNotFoundError, StoreError) as exc:
        return _fail(exc)
    print(f"copydesk: exported {count} records to {args.output or 'stdout'}", file=sys.stderr)
    return EXIT_OK


def _export(records: Iterator[dict[str, Any]], output: str | None) -> int:
    counted = _Counted(records)
    if output is not None and store_target(output) is not None:
        with open_record_writer(output) as write:
            for record in counted:
                write([record])
    elif output is not None and output.endswith(".parquet"):
        from extractors.store.parquet import write_parquet  # noqa: PLC0415 (pyarrow is slow to import)

        with replacing(Path(output)) as temporary:
            write_parquet(counted, temporary)
    else:
        with open_output(output) as stream:
            write_records(stream, counted)
    return counted.count


class _Counted:
    """The records, counted as they pass."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self._records, self.count = records, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for record in self._records:
            self.count += 1
            yield record


def run_search(args: argparse.Namespace) -> int:
    try:
        with open_store(args.store, create=False) as store:
            hits = store.search(args.query, limit=args.limit)
    except (FileNotFoundError, StoreError, ValueError) as exc:
        return _fail(exc)
    for hit in hits:
        print(json.dumps(asdict(hit), ensure_ascii=False) if args.jsonl else _as_text(hit))
    return EXIT_OK if hits else EXIT_NO_MATCH


def _as_text(hit: SearchHit) -> str:
    snippet = " ".join(hit.snippet.split())  # one line, whatever the paragraphs
    return (
        f"{hit.id}  {hit.headline or '(no headline)'}\n    {hit.url or '(no url)'}\n    {snippet}"
    )


def _fail(exc: Exception) -> int:
    print(f"copydesk: {exc}", file=sys.stderr)
    return EXIT_STORE
