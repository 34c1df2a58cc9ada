"""Writing records as JSON lines or to a store, and the run's tally.

With an output path, records go to a temporary file beside it that replaces the path only
when the run completes: an interrupted run never leaves a torn or half-written file. A
store target (``.sqlite`` path, ``postgresql://`` URI; ``extractors.store``) takes the run's
records in one transaction, for the same reason: an interrupted run leaves it as it was.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any

from extractors.store import open_store, store_target

RecordWriter = Callable[[list[dict[str, Any]]], None]


@dataclass
class Tally:
    inputs: int = 0
    articles: int = 0
    comments: int = 0
    errors: int = 0
    skipped: int = 0  # inputs left out unread (WARC records of discovery pages)

    def count(self, records: list[dict[str, Any]]) -> None:
        self.inputs += 1
        for record in records:
            kind = record["type"]
            if kind == "article":
                self.articles += 1
            elif kind == "comment":
                self.comments += 1
            else:
                self.errors += 1

    def summary(self, seconds: float) -> str:
        rate = self.inputs / seconds if seconds > 0 else 0.0
        skipped = f", {self.skipped} discovery pages skipped" if self.skipped else ""
        return (
            f"copydesk: {self.inputs} inputs, {self.articles} articles, "
            f"{self.comments} comments, {self.errors} errors{skipped} "
            f"({seconds:.1f} s, {rate:.1f} inputs/s)"
        )


def write_records(stream: IO[str], records: Iterable[dict[str, Any]]) -> None:
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False))
        stream.write("\n")


@contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a temporary file that becomes ``path`` when the block completes."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with replacing(Path(path)) as temporary, temporary.open("w", encoding="utf-8") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it when the block completes."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent or None
    )
    os.close(handle)
    try:
        yield Path(temporary)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def open_record_writer(path: str | None) -> Iterator[RecordWriter]:
    """Where a run's records go: a store when ``path`` names one, else JSON lines."""
    if path is not None and store_target(path) is not None:
        with open_store(path) as store, store.transaction():
            yield store.write
        return
    with open_output(path) as stream:
        yield partial(write_records, stream)
