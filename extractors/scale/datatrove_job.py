"""``copydesk extract`` of WARC files as a datatrove job: one machine or a cluster.

Three pipeline steps, each usable in a datatrove pipeline of your own:

* :class:`WarcPagesReader` reads the WARC files of a folder (local, or any fsspec URL:
  ``s3://``, ``hf://``...) with FastWARC (``extractors.scale.fastwarc_reader``), one
  document per HTML response record, with the ``source`` ``copydesk extract`` gives
  (``<path>#<offset>``); the records a copydesk crawl marked ``Copydesk-Record:
  discovery`` are skipped unless ``discovery_pages=True``, as ``copydesk extract`` skips them.
* :class:`ExtractRecords` turns each document into its records with ``Job.run`` of
  ``copydesk extract`` (``extractors.cli.runner``): an article page gives its article and
  comments, a later comment page its comments attached to the article
  (``extractors.comment_pages.page_records``), an unreadable record or page an error record.
* :class:`RecordsWriter` writes the records as JSON lines, as ``copydesk extract`` writes
  them, to ``<output>/<rank>.jsonl`` (one file per task).

Tasks split the input files (datatrove gives task ``r`` of ``n`` the files ``r, r+n, ...`` in
sorted order); within a task the records come in file order, then record order. So the
union of the task files holds exactly the records of ``copydesk extract`` over the same
files. A task that completed is skipped when the same command runs again with the same
``--logs`` folder (datatrove's ``completions/``), so a stopped job resumes.

Command line (``python -m extractors.scale.datatrove_job --help``)::

    python -m extractors.scale.datatrove_job crawl/ out/ --tasks 8 --workers 2
    python -m extractors.scale.datatrove_job s3://bucket/crawl/ s3://bucket/records/ \\
        --executor slurm --tasks 200 --partition cpu --time 04:00:00 --logs /shared/logs
    python -m extractors.scale.datatrove_job /shared/crawl/ /shared/records/ \\
        --executor ray --tasks 200 --logs /shared/logs
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers.disk_base import DiskWriter

from extractors.cli.output import write_records
from extractors.cli.runner import Job
from extractors.inputs import InputDocument, InputItem
from extractors.options import ExtractOptions
from extractors.scale.fastwarc_reader import iter_warc_items

DEFAULT_GLOB = "**/*.warc.gz"
_ITEM = "copydesk_item"  # the InputItem a document carries, from reader to extractor
_RECORD = "copydesk_record"  # the record dict a document carries, from extractor to writer


class WarcPagesReader(BaseDiskReader):  # type: ignore[misc]  # datatrove has no type hints
    """The HTML response records of WARC files, read with FastWARC, as documents.

    ``data_folder`` and ``glob_pattern`` as in datatrove's readers; ``max_bytes`` is the
    size cap of ``ExtractOptions``.
    """

    name = "copydesk WARC pages (FastWARC)"

    def __init__(
        self,
        data_folder: Any,
        *,
        glob_pattern: str | None = DEFAULT_GLOB,
        max_bytes: int = ExtractOptions().max_input_bytes,
        discovery_pages: bool = False,
    ) -> None:
        super().__init__(data_folder, glob_pattern=glob_pattern, add_file_path=False)
        self.max_bytes = max_bytes
        self.discovery_pages = discovery_pages

    def read_file(self, filepath: str) -> Iterator[Document]:
        path = self.data_folder.resolve_paths(filepath)
        with self.data_folder.open(filepath, "rb") as stream:
            for item in iter_warc_items(path, stream, max_bytes=self.max_bytes):
                if self._skipped(item):
                    self.stat_update("discovery_pages_skipped")
                    continue
                yield Document(text="", id=item.source, metadata={_ITEM: item})

    def _skipped(self, item: InputItem) -> bool:
        # The same choice as `copydesk extract` (extractors/cli/main.py).
        return (
            not self.discovery_pages
            and isinstance(item, InputDocument)
            and item.crawl_role == "discovery"
        )


class ExtractRecords(PipelineStep):  # type: ignore[misc]
    """Each page document becomes one document per record (article, comment or error)."""

    name = "copydesk extract"
    type = "EXTRACTOR"

    def __init__(self, options: ExtractOptions, default_url: str | None = None) -> None:
        super().__init__()
        self.job = Job("html", options, default_url)

    def run(
        self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
    ) -> Iterator[Document]:
        for document in data or ():
            with self.track_time():
                records = self.job.run(document.metadata[_ITEM])
            for record in records:
                self.stat_update(f"records/{record['type']}")
                yield Document(
                    text="", id=str(record.get("id") or document.id), metadata={_RECORD: record}
                )


class RecordsWriter(DiskWriter):  # type: ignore[misc]
    """Records as JSON lines, one file per task: ``<output_folder>/<rank>.jsonl``."""

    name = "copydesk JSON lines"
    default_output_filename = "${rank}.jsonl"

    def __init__(self, output_folder: Any, *, compression: str | None = None) -> None:
        super().__init__(output_folder, compression=compression, adapter=_record_of, mode="wt")

    def _write(self, document: dict[str, Any], file_handler: IO[str], _filename: str) -> None:
        write_records(file_handler, [document])


def _record_of(_writer: object, document: Document) -> dict[str, Any]:
    record: dict[str, Any] = document.metadata[_RECORD]
    return record


def build_pipeline(
    input_folder: str,
    output_folder: str,
    options: ExtractOptions,
    *,
    glob_pattern: str | None = DEFAULT_GLOB,
    default_url: str | None = None,
    discovery_pages: bool = False,
) -> list[PipelineStep]:
    """The job's steps, for any datatrove executor."""
    return [
        WarcPagesReader(
            input_folder,
            glob_pattern=glob_pattern,
            max_bytes=options.max_input_bytes,
            discovery_pages=discovery_pages,
        ),
        ExtractRecords(options, default_url),
        RecordsWriter(output_folder),
    ]


# --- command line ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m extractors.scale.datatrove_job",
        description="copydesk extract of WARC files as a datatrove job (local, Slurm or Ray).",
    )
    parser.add_argument("input", help="folder (or fsspec URL) holding the WARC files")
    parser.add_argument("output", help="folder (or fsspec URL) for <rank>.jsonl files")
    parser.add_argument(
        "--glob", default=DEFAULT_GLOB, help=f"WARC files under INPUT (default {DEFAULT_GLOB})"
    )
    parser.add_argument("--tasks", type=int, default=1, help="tasks (the input files split)")
    parser.add_argument("--workers", type=int, default=-1, help="tasks run at once (default: all)")
    parser.add_argument("--executor", choices=("local", "slurm", "ray"), default="local")
    parser.add_argument(
        "--logs", help="datatrove's logs, stats and completions (default OUTPUT/logs)"
    )
    parser.add_argument("--partition", help="Slurm partition (--executor slurm)")
    parser.add_argument("--time", default="04:00:00", help="Slurm time limit per task")
    parser.add_argument("--cpus-per-task", type=int, default=1)
    parser.add_argument("--url", help="the URL of records that do not carry one")
    parser.add_argument("--site", help="site profile for every page (as copydesk extract)")
    parser.add_argument(
        "--fallbacks", action="store_true", help="also run trafilatura's fallback extractors"
    )
    parser.add_argument(
        "--discovery-pages",
        action="store_true",
        help="also extract the records a crawl marked as discovery pages",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    options = ExtractOptions(site=args.site, fallbacks=args.fallbacks)
    pipeline = build_pipeline(
        args.input,
        args.output,
        options,
        glob_pattern=args.glob,
        default_url=args.url,
        discovery_pages=args.discovery_pages,
    )
    logs = args.logs or args.output.rstrip("/") + "/logs"
    executor = _executor(args, pipeline, logs)
    executor.run()
    return 0


def _executor(args: argparse.Namespace, pipeline: list[PipelineStep], logs: str) -> Any:
    if args.executor == "slurm":
        from datatrove.executor import SlurmPipelineExecutor  # noqa: PLC0415

        if not args.partition:
            sys.exit("--executor slurm needs --partition")
        return SlurmPipelineExecutor(
            pipeline=pipeline,
            tasks=args.tasks,
            workers=args.workers,
            time=args.time,
            partition=args.partition,
            cpus_per_task=args.cpus_per_task,
            job_name="copydesk-extract",
            logging_dir=logs,
            venv_path=_venv_activate(),
        )
    if args.executor == "ray":
        from datatrove.executor import RayPipelineExecutor  # noqa: PLC0415

        return RayPipelineExecutor(
            pipeline=pipeline,
            tasks=args.tasks,
            workers=args.workers,
            cpus_per_task=args.cpus_per_task,
            logging_dir=logs,
        )
    make: Callable[..., Any] = LocalPipelineExecutor
    return make(pipeline=pipeline, tasks=args.tasks, workers=args.workers, logging_dir=logs)


def _venv_activate() -> str | None:
    """This interpreter's virtualenv ``activate`` script, which Slurm jobs source."""
    activate = Path(sys.prefix) / "bin" / "activate"
    return str(activate) if activate.is_file() else None


if __name__ == "__main__":
    sys.exit(main())
