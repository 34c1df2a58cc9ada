"""Extraction off the reactor thread: ``extractors.extract`` in a pool of worker processes.

trafilatura takes about 25 ms a page on one core while Scrapy fetches far faster, so running
it in the reactor thread would stall the crawl. Spiders ``await`` a ``PageExtractor`` and get
record dicts (the same records the CLI writes) or an error record.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Response
from scrapy.settings import BaseSettings

from extractors import ErrorRecord, ExtractionError, ExtractOptions, extract

RecordDict = dict[str, Any]


@dataclass(frozen=True)
class _Page:
    """What a worker process needs of a response (Response objects do not pickle)."""

    body: bytes
    url: str
    source: str
    content_type: str | None
    date_downloaded: str


def _extract_records(page: _Page, options: ExtractOptions) -> list[RecordDict]:
    """Runs in a worker process: the records of one page, or its error record."""
    try:
        extraction = extract(
            page.body,
            page.url,
            options,
            source=page.source,
            content_type=page.content_type,
            date_downloaded=page.date_downloaded,
        )
    except ExtractionError as exc:
        return [ErrorRecord.from_exception(page.source, exc).to_dict()]
    return [record.to_dict() for record in extraction.records()]


class PageExtractor:
    """A process pool sized to the cores, shared by a spider's callbacks."""

    def __init__(self, options: ExtractOptions, workers: int) -> None:
        self.options = options
        self._pool = ProcessPoolExecutor(max_workers=workers)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> PageExtractor:
        """``EXTRACT_WORKERS`` (0: one per core), ``EXTRACT_FAST``, ``EXTRACT_SITE``."""
        workers = settings.getint("EXTRACT_WORKERS") or os.cpu_count() or 1
        options = ExtractOptions(
            site=settings.get("EXTRACT_SITE") or None,
            fast=settings.getbool("EXTRACT_FAST"),
        )
        return cls(options, workers)

    async def extract(self, response: Response, *, url: str | None = None) -> list[RecordDict]:
        """Records of ``response``; ``url`` overrides the page URL (a comment page's article).

        ``dateDownloaded`` is the WARC-Date of the page's archive record when the archive
        (crawler/archive.py) kept it, so ``copydesk extract`` of the archive gives the same
        value (and resolves relative comment dates against the same moment); else now.
        """
        content_type = response.headers.get("Content-Type")
        request = response.request
        archived = request.meta.get("archive_date") if request is not None else None
        page = _Page(
            body=response.body,
            url=url or response.url,
            source=response.url,
            content_type=content_type.decode("latin-1") if content_type else None,
            date_downloaded=archived or datetime.now(UTC).isoformat(timespec="seconds"),
        )
        job = self._pool.submit(_extract_records, page, self.options)
        return await asyncio.wrap_future(job)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
