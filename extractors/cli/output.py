"""Writing records as JSON lines, and the run's tally.

With an output path, records go to a temporary file beside it that replaces the path only
when the run completes: an interrupted run never leaves a torn or half-written file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any


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


def write_records(stream: IO[str], records: list[dict[str, Any]]) -> None:
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
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent or None
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
