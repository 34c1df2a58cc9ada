"""The ``copydesk`` command: extract, clean-text, explain, eval, export and search.

Exit status: 0 when every input gave records, 1 when some gave an error record (all the
others are still written), 2 on a usage error.

``copydesk extract`` of a crawl's WARC files (crawler/archive.py) gives the records of the
live crawl: later comment pages give their comments, attached to the article; the pages
the crawl fetched only to find articles (``Copydesk-Record: discovery``: start page,
listings) are skipped, as the live crawl does not extract them, unless
``--discovery-pages`` is given.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from extractors.cli.output import Tally, open_record_writer
from extractors.cli.runner import Job, RecordDicts, run_jobs
from extractors.cli.store_commands import add_store_commands, run_export, run_search
from extractors.errors import ExtractionError
from extractors.inputs import (
    InputDocument,
    InputFailure,
    InputItem,
    iter_html_inputs,
    iter_text_inputs,
)
from extractors.options import ExtractOptions
from extractors.pipeline import Extraction
from extractors.profiles import UnknownSite, profile_named
from extractors.store import StoreError, store_target

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
_TEXT_SUFFIXES = (".txt", ".txt.gz")
_FALLBACKS_HELP = "also run trafilatura's fallback extractors (slower; no better F1 here)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description="Clean article and comment records from news pages and scraped text.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    extract_cmd = commands.add_parser(
        "extract", help="records from saved HTML: files, folders, .gz, WARC"
    )
    extract_cmd.add_argument("paths", nargs="+", metavar="PATH")
    _add_output_options(extract_cmd)
    extract_cmd.add_argument(
        "-j", "--jobs", type=_positive_int, default=1, metavar="N", help="worker processes"
    )
    extract_cmd.add_argument(
        "--url", help="the URL the pages came from (for inputs that do not carry one)"
    )
    extract_cmd.add_argument("--fallbacks", action="store_true", help=_FALLBACKS_HELP)
    extract_cmd.add_argument(
        "--discovery-pages",
        action="store_true",
        help=(
            "also extract the WARC records a crawl marked as discovery pages (start page, "
            "listings), which are skipped by default, as the live crawl skips them"
        ),
    )

    text_cmd = commands.add_parser("clean-text", help="records from scraped text files")
    text_cmd.add_argument("paths", nargs="+", metavar="PATH")
    _add_output_options(text_cmd)
    text_cmd.add_argument("--url", help="the URL the text came from")

    eval_cmd = commands.add_parser(
        "eval", help="score extraction on a benchmark set (scrapinghub or dragnet layout)"
    )
    eval_cmd.add_argument("dataset", metavar="DATASET", help="folder of a benchmark set")
    eval_cmd.add_argument(
        "--baseline",
        choices=["trafilatura"],
        help="score bare trafilatura (comments on) in the same run, side by side",
    )
    eval_cmd.add_argument("--report", metavar="HTML", help="write a report page, worst first")
    eval_cmd.add_argument("--limit", type=_positive_int, metavar="N", help="first N pages only")
    eval_cmd.add_argument(
        "-j", "--jobs", type=_positive_int, default=1, metavar="N", help="worker processes"
    )
    eval_cmd.add_argument("--fallbacks", action="store_true", help=_FALLBACKS_HELP)
    eval_cmd.add_argument("--site", metavar="NAME", help="force this site profile")

    explain_cmd = commands.add_parser(
        "explain", help="show which rule removed each line of one input"
    )
    explain_cmd.add_argument("path", metavar="PATH", help="an HTML file or a .txt file")
    explain_cmd.add_argument("--site", metavar="NAME", help="force this site profile")
    explain_cmd.add_argument("--url", help="the URL the input came from")
    add_store_commands(commands)
    return parser


def _add_output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="JSONL file (default: stdout), or a store: a .sqlite path, a postgresql:// URI",
    )
    command.add_argument("--site", metavar="NAME", help="force this site profile")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "site", None) is not None:
            profile_named(args.site)
        if getattr(args, "output", None) not in (None, "-"):
            _check_output_folder(args.output)
    except (UnknownSite, FileNotFoundError) as exc:
        parser.error(str(exc))
    if args.command == "explain":
        return _explain(args)
    if args.command == "eval":
        # the report and scoring modules, and rich, are imported on demand: every batch
        # run would otherwise pay for them at start-up, about 60 ms
        from extractors.cli.evaluate import run_eval  # noqa: PLC0415

        return run_eval(args)
    if args.command == "export":
        return run_export(args)
    if args.command == "search":
        return run_search(args)
    try:
        return _run_batch(args)
    except StoreError as exc:  # the output store could not be opened
        print(f"copydesk: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _check_output_folder(output: str) -> None:
    target = store_target(output)
    if target is not None and target.kind == "postgresql":
        return  # a server, not a file
    output = target.location if target else output
    if Path(output).is_dir() or output.endswith(("/", "\\")):
        raise FileNotFoundError(f"output {output!r} is a folder, not a file")
    folder = Path(output).parent
    if not folder.is_dir():
        raise FileNotFoundError(f"output folder {str(folder)!r} does not exist")


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so the partial output file is removed on the way out."""
    sys.exit(128 + signum)


def _run_batch(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    options = ExtractOptions(site=args.site, fallbacks=getattr(args, "fallbacks", False))
    tally = Tally()
    if args.command == "extract":
        items = iter_html_inputs(args.paths, max_bytes=options.max_input_bytes)
        if not args.discovery_pages:
            items = _without_discovery_pages(items, tally)
        job = Job("html", options, args.url)
    else:
        items = iter_text_inputs(args.paths, max_bytes=options.max_input_bytes)
        job = Job("text", options, args.url)
    started = time.perf_counter()
    with open_record_writer(args.output) as write:
        for records in _with_progress(run_jobs(job, items, getattr(args, "jobs", 1))):
            write(records)
            tally.count(records)
    print(tally.summary(time.perf_counter() - started), file=sys.stderr)
    return EXIT_SOME_FAILED if tally.errors else EXIT_OK


def _without_discovery_pages(items: Iterable[InputItem], tally: Tally) -> Iterator[InputItem]:
    """The items but the WARC records a crawl marked ``Copydesk-Record: discovery``."""
    for item in items:
        if isinstance(item, InputDocument) and item.crawl_role == "discovery":
            tally.skipped += 1
        else:
            yield item


def _with_progress(results: Iterator[RecordDicts]) -> Iterator[RecordDicts]:
    """A progress display on an interactive stderr; nothing when it is piped."""
    if not sys.stderr.isatty():
        yield from results
        return
    from rich.console import Console  # noqa: PLC0415 (on demand, as run_eval)
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed} inputs"),
        BarColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("extract", total=None)
        for records in results:
            progress.advance(task)
            yield records


def _explain(args: argparse.Namespace) -> int:
    from rich.console import Console  # noqa: PLC0415 (on demand, as run_eval)

    from extractors.cli.explain import explain  # noqa: PLC0415

    options = ExtractOptions(site=args.site)
    console = Console(soft_wrap=True)  # one output line per input line, even when piped
    try:
        extraction = _extract_one(args.path, args.url, options)
    except ExtractionError as exc:
        message = f"copydesk: {args.path}: {type(exc).__name__}: {exc}"
        Console(stderr=True, soft_wrap=True).print(message, markup=False)
        return EXIT_SOME_FAILED
    explain(extraction, console)
    return EXIT_OK


def _extract_one(path: str, url: str | None, options: ExtractOptions) -> Extraction:
    """The extraction of ``path`` (of a WARC file: its first HTML record)."""
    mode = "text" if path.endswith(_TEXT_SUFFIXES) else "html"
    reader = iter_text_inputs if mode == "text" else iter_html_inputs
    item = next(iter(reader([path], max_bytes=options.max_input_bytes)))
    if isinstance(item, InputFailure):
        raise item.error
    return Job(mode, options, url).extract(item)


if __name__ == "__main__":
    sys.exit(main())
