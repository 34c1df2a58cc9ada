"""Extraction off the reactor thread: ``extractors.extract`` in a pool of worker processes.

trafilatura takes about 25 ms a page on one core while Scrapy fetches far faster, so running
it in the reactor thread would stall the crawl. Spiders ``await`` a ``PageExtractor`` and get
record dicts (the same records the CLI writes) or an error record. A later comment page of
an article goes through ``extractors.comment_pages.extract_comment_page``, as in
``copydesk extract`` of the archive.
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

from extractors import ErrorRecord, ExtractionError, ExtractOptions
from extractors.comment_pages import page_records

RecordDict = dict[str, Any]


@dataclass(frozen=True)
class _Page:
    """What a worker process needs of a response (Response objects do not pickle).

    ``comment_offset``: None for a page extracted whole (article and comments); else the
    page is a later comment page of the article at ``url``, and only its comments are
    kept, numbered from ``comment_offset``.
    """

    body: bytes
    url: str
    source: str
    content_type: str | None
    date_downloaded: str
    comment_offset: int | None = None


def _extract_records(page: _Page, options: ExtractOptions) -> list[RecordDict]:
    """Runs in a worker process: the records of one page, or its error record."""
    try:
        records = page_records(
            page.body,
            page.url,
            options,
            source=page.source,
            content_type=page.content_type,
            date_downloaded=page.date_downloaded,
            comment_page_of=None if page.comment_offset is None else page.url,
            comment_offset=page.comment_offset or 0,
        )
    except ExtractionError as exc:
        return [ErrorRecord.from_exception(page.source, exc).to_dict()]
    return [record.to_dict() for record in records]


class PageExtractor:
    """A process pool sized to the cores, shared by a spider's callbacks."""

    def __init__(self, options: ExtractOptions, workers: int) -> None:
        self.options = options
        self._pool = ProcessPoolExecutor(max_workers=workers)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> PageExtractor:
        """``EXTRACT_WORKERS`` (0: one per core), ``EXTRACT_FALLBACKS``, ``EXTRACT_SITE``."""
        workers = settings.getint("EXTRACT_WORKERS") or os.cpu_count() or 1
        options = ExtractOptions(
            site=settings.get("EXTRACT_SITE") or None,
            fallbacks=settings.getbool("EXTRACT_FALLBACKS"),
        )
        return cls(options, workers)

    async def extract(self, response: Response) -> list[RecordDict]:
        """Records of ``response``: its article and comments, or its error record.

        ``dateDownloaded`` is the WARC-Date of the page's archive record when the archive
        (crawler/archive.py) kept it, so ``copydesk extract`` of the archive gives the same
        value (and resolves relative comment dates against the same moment); else now.
        """
        return await self._run(_page(response, response.url))

    async def extract_comment_page(
        self, response: Response, article_url: str, offset: int
    ) -> list[RecordDict]:
        """Comment records of a later comment page of ``article_url``, or its error record.

        Positions start at ``offset``; see ``extractors.comment_pages``.
        """
        return await self._run(_page(response, article_url, comment_offset=offset))

    async def _run(self, page: _Page) -> list[RecordDict]:
        job = self._pool.submit(_extract_records, page, self.options)
        return await asyncio.wrap_future(job)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _page(response: Response, url: str, *, comment_offset: int | None = None) -> _Page:
    content_type = response.headers.get("Content-Type")
    request = response.request
    archived = request.meta.get("archive_date") if request is not None else None
    return _Page(
        body=response.body,
        url=url,
        source=response.url,
        content_type=content_type.decode("latin-1") if content_type else None,
        date_downloaded=archived or datetime.now(UTC).isoformat(timespec="seconds"),
        comment_offset=comment_offset,
    )
