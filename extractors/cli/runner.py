"""Turning input items into records, in one process or several, always in input order.

Every input yields its records or one error record: an ``ExtractionError`` is the input's
fault and becomes an error record of its stage; any other exception is a bug in us or a
dependency on that input, and still becomes an error record (stage "extract", the
exception's class name) so that one page cannot stop a batch of thousands.
"""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from extractors.comment_pages import page_records
from extractors.decoding import decode_text
from extractors.errors import ExtractionError
from extractors.inputs import InputDocument, InputFailure, InputItem
from extractors.options import ExtractOptions
from extractors.pipeline import Extraction, clean_text, extract
from extractors.records import Article, Comment, ErrorRecord

RecordDicts = list[dict[str, Any]]
In = TypeVar("In")
Out = TypeVar("Out")
_CHUNK = 4  # inputs handed to a worker at once
_CHUNKS_PER_WORKER = 2  # in flight: one being worked on, one waiting; bounded memory


@dataclass(frozen=True)
class Job:
    """What to do with each input: extract HTML or clean text, with these options.

    An HTML input that is a later comment page of an article (``comment_page_of``, read
    from a crawler archive) gives only its comments, attached to that article as the live
    crawl attached them (``extractors.comment_pages``).
    """

    mode: str  # "html" or "text"
    options: ExtractOptions
    default_url: str | None = None

    def run(self, item: InputItem) -> RecordDicts:
        if isinstance(item, InputFailure):
            return [ErrorRecord.from_exception(item.source, item.error).to_dict()]
        try:
            records = self.records(item)
        except ExtractionError as exc:
            return [ErrorRecord.from_exception(item.source, exc).to_dict()]
        except Exception as exc:
            detail = "".join(traceback.format_exception_only(exc)).strip()
            return [ErrorRecord(item.source, "extract", type(exc).__name__, detail).to_dict()]
        return [record.to_dict() for record in records]

    def records(self, item: InputDocument) -> list[Article | Comment]:
        if self.mode == "text":
            return self.extract(item).records()
        return page_records(
            item.body,
            item.url or self.default_url,
            self.options,
            source=item.source,
            content_type=item.content_type,
            date_downloaded=item.date_downloaded,
            comment_page_of=item.comment_page_of,
            comment_offset=item.comment_offset,
        )

    def extract(self, item: InputDocument) -> Extraction:
        url = item.url or self.default_url
        if self.mode == "text":
            return clean_text(decode_text(item.body).text, url, self.options, source=item.source)
        return extract(
            item.body,
            url,
            self.options,
            source=item.source,
            content_type=item.content_type,
            date_downloaded=item.date_downloaded,
        )


def run_jobs(job: Job, items: Iterable[InputItem], workers: int) -> Iterator[RecordDicts]:
    """Records of each item, in the order of ``items``, using ``workers`` processes."""
    return ordered_map(job.run, items, workers)


def ordered_map(function: Callable[[In], Out], items: Iterable[In], workers: int) -> Iterator[Out]:
    """``map(function, items)`` in ``workers`` processes, results in input order.

    Items go to the workers a few at a time (``_CHUNK``): handing over one task costs the
    parent process about 2 ms of CPU (its threads, pickling, pipes), which on 2 cores is
    taken from the workers. At most a few chunks per worker are in flight ahead of the
    oldest unfinished one, so memory stays flat however long ``items`` is.
    """
    if workers <= 1:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunks = _ordered(
            pool.submit,
            partial(_map_chunk, function),
            _chunked(items),
            workers * _CHUNKS_PER_WORKER,
        )
        for outputs in chunks:
            yield from outputs


def _map_chunk(function: Callable[[In], Out], chunk: list[In]) -> list[Out]:
    return [function(item) for item in chunk]


def _chunked(items: Iterable[In]) -> Iterator[list[In]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def _ordered(
    submit: Callable[..., Future[Out]],
    function: Callable[[In], Out],
    items: Iterable[In],
    window: int,
) -> Iterator[Out]:
    """Submit at most ``window`` items ahead of the oldest unfinished one; yield in order."""
    pending: deque[Future[Out]] = deque()
    for item in items:
        pending.append(submit(function, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
