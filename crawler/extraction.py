"""Extraction off the reactor thread: ``extractors.extract`` in a pool of worker processes.

trafilatura takes about 25 ms a page on one core while Scrapy fetches far faster, so running
it in the reactor thread would stall the crawl. Spiders ``await`` a ``PageExtractor`` and get
record dicts or an error record: each response becomes the input ``copydesk extract`` reads
from the crawl's archive and goes through the same ``Job``, so the records are the same. A
later comment page of an article gives only its comments (``extractors.comment_pages``).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Response
from scrapy.settings import BaseSettings

from extractors import ExtractOptions
from extractors.cli.runner import Job
from extractors.inputs import InputDocument

RecordDict = dict[str, Any]


class PageExtractor:
    """A process pool sized to the cores, shared by a spider's callbacks."""

    def __init__(self, options: ExtractOptions, workers: int) -> None:
        self._job = Job("html", options)  # what copydesk extract runs on each input
        self._pool = ProcessPoolExecutor(max_workers=workers)

    @property
    def options(self) -> ExtractOptions:
        return self._job.options

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
        return await self._run(response_input(response, response.url))

    async def extract_comment_page(
        self, response: Response, article_url: str, offset: int
    ) -> list[RecordDict]:
        """Comment records of a later comment page of ``article_url``, or its error record.

        Positions start at ``offset``; see ``extractors.comment_pages``.
        """
        return await self._run(response_input(response, article_url, comment_offset=offset))

    async def _run(self, item: InputDocument) -> list[RecordDict]:
        return await asyncio.wrap_future(self._pool.submit(self._job.run, item))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def response_input(
    response: Response, url: str, *, comment_offset: int | None = None
) -> InputDocument:
    """``response`` as the input ``copydesk extract`` would read from the crawl's archive.

    ``comment_offset``: None for a page extracted whole (article and comments); else the
    page is a later comment page of the article at ``url``, and only its comments are
    kept, numbered from ``comment_offset``.
    """
    content_type = response.headers.get("Content-Type")
    request = response.request
    archived = request.meta.get("archive_date") if request is not None else None
    return InputDocument(
        source=response.url,
        body=response.body,
        url=url,
        content_type=content_type.decode("latin-1") if content_type else None,
        date_downloaded=archived or datetime.now(UTC).isoformat(timespec="seconds"),
        comment_page_of=None if comment_offset is None else url,
        comment_offset=comment_offset or 0,
    )
