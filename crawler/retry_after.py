"""Retries that honour ``Retry-After``: Scrapy's RetryMiddleware, made to wait when asked.

Scrapy's ``RetryMiddleware`` retries a 429 or 503 at once, whatever the server's
``Retry-After`` header says, which is exactly what a rate-limited site asked us not to do.
``RetryAfterMiddleware`` replaces it (same settings, same ``retry/*`` stats, same bound
``RETRY_TIMES``) and, for a response whose status is in ``RETRY_AFTER_HTTP_CODES`` (429,
503) with a ``Retry-After`` of delay-seconds or an HTTP-date:

- waits that long before the retry is scheduled, without blocking the reactor (the download
  slot is free while it waits; other requests go on), and counts ``retry_after/honoured``
  and the seconds waited (each wait rounded up) in ``retry_after/seconds``;
- gives up at once when the wait would be longer than ``RETRY_AFTER_MAX`` seconds (a crawl
  should not sit for hours on one page), counting ``retry_after/too_long``: the response
  goes on to HttpErrorMiddleware, which drops it like any other error status.

A ``Retry-After`` that is missing, unparsable, zero or in the past gives Scrapy's behaviour:
a retry at once (an unparsable one is counted in ``retry_after/invalid``).
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from ``now`` by a ``Retry-After`` header value; ``None`` if invalid.

    >>> now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    >>> retry_after_seconds("120", now)
    120.0
    >>> retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now)
    30.0
    >>> retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now)  # in the past
    0.0
    >>> retry_after_seconds("soon", now) is None
    True
    """
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdecimal():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110: an HTTP-date is in GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits ``Retry-After`` (up to RETRY_AFTER_MAX) before retrying."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 60.0)
        self.after_codes = {int(code) for code in settings.getlist("RETRY_AFTER_HTTP_CODES")}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    # Scrapy's method is synchronous and keeps a deprecated ``spider`` argument; the manager
    # awaits a coroutine all the same (and passes ``spider`` only to methods that take it).
    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        delay = self._delay(response) if response.status in self.after_codes else None
        if delay is not None and delay > self.max_wait:
            self._count("retry_after/too_long")
            logger.info(
                "Gave up on %s: Retry-After asks for %.0f s, over RETRY_AFTER_MAX (%.0f s)",
                request,
                delay,
                self.max_wait,
            )
            return response
        retry = self._retry(request, reason)
        if retry is None:
            return response
        if delay:
            self._count("retry_after/honoured")
            self._count("retry_after/seconds", math.ceil(delay))
            logger.debug("Retrying %s in %.1f s (Retry-After)", request, delay)
            await sleep(delay)
        return retry

    def _delay(self, response: Response) -> float | None:
        raw = response.headers.get(b"Retry-After")
        if raw is None:
            return None
        delay = retry_after_seconds(raw.decode("latin-1"), datetime.now(UTC))
        if delay is None:
            self._count("retry_after/invalid")
        return delay

    def _count(self, key: str, value: int = 1) -> None:
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(key, value)
