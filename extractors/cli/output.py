"""Writing records as JSON lines or to a store, and the run's tally.

With an output path, records go to a temporary file beside it that replaces the path only
when the run completes: an interrupted run never leaves a torn or half-written file (and
the next run for the same path removes the temporary file a killed run left). A
store target (``.sqlite`` path, ``postgresql://`` URI; ``extractors.store``) takes the run's
records in one transaction, for the same reason: an interrupted run leaves it as it was.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any

from extractors.store import open_store, store_target

try:
    import fcntl
except ImportError:  # Windows: no flock, so no removal of stale partial files
    fcntl = None  # type: ignore[assignment]

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
    """stdout, or a temporary file that becomes ``path`` when the block completes.

    A ``path`` that exists and is no regular file (``/dev/null``, a named pipe) is written
    to directly: renaming a file over it would replace the device or pipe itself.
    """
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.exists() and not target.is_file():
        with target.open("w", encoding="utf-8") as stream:
            yield stream
        return
    with replacing(target) as temporary, temporary.open("w", encoding="utf-8") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it when the block completes.

    The temporary file (``.<name>.<random>.partial``) is locked (``flock``) while its run
    lives. A run killed with SIGKILL cannot remove it, so each run first removes the
    partials of ``target`` that no process holds locked (``remove_stale_partials``).
    """
    remove_stale_partials(target)
    handle, temporary = _locked_partial(target)
    try:
        yield temporary
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        os.close(handle)  # releases the lock


def _locked_partial(target: Path) -> tuple[int, Path]:
    """A new partial file of ``target``, open and locked, still there once it is locked."""
    while True:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent or None
        )
        temporary = Path(name)
        if fcntl is None:
            return handle, temporary
        fcntl.flock(handle, fcntl.LOCK_EX)
        # Another run may have taken it for stale between mkstemp and flock, and removed it.
        if _is_open_as(temporary, handle):
            return handle, temporary
        os.close(handle)


def _is_open_as(path: Path, handle: int) -> bool:
    try:
        return os.path.samestat(path.stat(follow_symlinks=False), os.fstat(handle))
    except FileNotFoundError:
        return False


def remove_stale_partials(target: Path) -> list[Path]:
    """Remove the partial files of ``target`` whose run is gone; return them.

    Only ``target``'s own partials (``.<name>.<8 random characters>.partial``), and only
    those no process holds locked: a lock dies with its process, even after SIGKILL, so a
    live run's partial is never touched. Without ``fcntl`` (Windows) nothing is removed.
    """
    if fcntl is None:
        return []
    own = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.partial")
    candidates = sorted(path for path in target.parent.iterdir() if own.fullmatch(path.name))
    return [path for path in candidates if _remove_if_unlocked(path)]


def _remove_if_unlocked(path: Path) -> bool:
    assert fcntl is not None
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:  # gone meanwhile (its run completed), or a symlink: not ours
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # a live run writes it
        os.close(handle)
        return False
    try:
        if _is_open_as(path, handle):
            path.unlink()
            return True
        return False
    finally:
        os.close(handle)


@contextmanager
def open_record_writer(path: str | None) -> Iterator[RecordWriter]:
    """Where a run's records go: a store when ``path`` names one, else JSON lines."""
    if path is not None and store_target(path) is not None:
        with open_store(path) as store, store.transaction():
            yield store.write
        return
    with open_output(path) as stream:
        yield partial(write_records, stream)
