"""Retry-After is honoured (crawler/retry_after.py), and crawl faults end in bounded retries.

The middleware offline (its sleep replaced by a recorder), then one real crawl of fault
routes of the example site (crawler/example_site/server.py): 429 and 503 with Retry-After
in seconds and as an HTTP-date, one too long to wait for, an unparsable one, a 5xx storm.
robots.txt that answers 500 or resets the connection is in test_robots.py (it disallows the
site).
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from test_crawl_runs import BUNDLED_SITE, Crawl, run_crawl

import crawler.retry_after
from crawler.example_site import ExampleSiteServer
from crawler.retry_after import RetryAfterMiddleware, retry_after_seconds
from crawler.settings import DOWNLOADER_MIDDLEWARES

NOW = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC)


# --- Retry-After values ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        ("7", 7.0),
        (" 120 ", 120.0),
        ("Sun, 01 Nov 2026 12:00:30 GMT", 30.0),
        ("Sunday, 01-Nov-26 12:01:00 GMT", 60.0),  # RFC 850, obsolete but allowed
        ("Sun Nov  1 12:00:05 2026", 5.0),  # asctime
        ("Sun, 01 Nov 2026 11:00:00 GMT", 0.0),  # in the past: at once
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        ("\u0661\u0662", None),  # Arabic-Indic digits are not delay-seconds
        (None, None),
    ],
)
def test_retry_after_seconds(value: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds


# --- the middleware, offline ---------------------------------------------------------------
def test_it_replaces_scrapys_retry_middleware() -> None:
    assert DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert DOWNLOADER_MIDDLEWARES["crawler.retry_after.RetryAfterMiddleware"] == 550


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(crawler.retry_after, "sleep", sleep)
    return slept


def middleware(**settings: Any) -> tuple[RetryAfterMiddleware, Crawler]:
    base = {"RETRY_TIMES": 2, "RETRY_AFTER_HTTP_CODES": [429, 503], "RETRY_AFTER_MAX": 60}
    crawler_ = get_crawler(Spider, {**base, **settings})
    crawler_.spider = crawler_._create_spider("test")
    return RetryAfterMiddleware.from_crawler(crawler_), crawler_


def respond(
    mw: RetryAfterMiddleware, request: Request, status: int, retry_after: str | None
) -> Request | HtmlResponse:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    response = HtmlResponse(request.url, status=status, headers=headers, request=request)
    result = asyncio.run(mw.process_response(request, response))
    assert isinstance(result, Request | HtmlResponse)
    return result


CASES = {
    # status, Retry-After, retried?, seconds waited, retry_after/* stats
    "429-seconds": (429, "5", True, [5.0], {"honoured": 1, "seconds": 5}),
    "503-http-date": (503, "in 30 s", True, [30.0], {"honoured": 1, "seconds": 31}),
    "429-zero": (429, "0", True, [], {}),
    "429-without-header": (429, None, True, [], {}),
    "429-unparsable": (429, "tomorrow", True, [], {"invalid": 1}),
    "429-too-long": (429, "3600", False, [], {"too_long": 1}),
    "503-date-too-far": (503, "in 2 h", False, [], {"too_long": 1}),
    "500-ignores-retry-after": (500, "5", True, [], {}),  # not in RETRY_AFTER_HTTP_CODES
    "404-not-retried": (404, "5", False, [], {}),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_process_response(case: tuple[Any, ...], waits: list[float]) -> None:
    status, header, retried, slept, counted = case
    if header is not None and header.startswith("in "):
        amount, unit = header.removeprefix("in ").split()
        delta = timedelta(seconds=int(amount)) if unit == "s" else timedelta(hours=int(amount))
        # whole seconds: an HTTP-date has no fraction, so round the wait up to the next one
        when = datetime.now(UTC).replace(microsecond=0) + delta + timedelta(seconds=1)
        header = format_datetime(when, usegmt=True)
        slept = [pytest.approx(s + 1, abs=1.5) for s in slept]
        counted = {k: pytest.approx(v, abs=1) if k == "seconds" else v for k, v in counted.items()}
    mw, crawler_ = middleware()
    request = Request("https://news.example/a")
    result = respond(mw, request, status, header)
    assert isinstance(result, Request) is retried
    if retried:
        assert result.meta["retry_times"] == 1
        assert result.dont_filter
    assert waits == slept
    assert crawler_.stats is not None
    stats = crawler_.stats.get_stats()
    assert {k.removeprefix("retry_after/"): v for k, v in stats.items() if "retry_after" in k} == (
        counted
    )
    assert stats.get("retry/count", 0) == int(retried)


def test_retries_stay_bounded_and_every_wait_is_honoured(waits: list[float]) -> None:
    mw, crawler_ = middleware(RETRY_TIMES=3)
    request: Request | HtmlResponse = Request("https://news.example/a")
    attempts = 0
    while isinstance(request, Request):
        attempts += 1
        request = respond(mw, request, 429, "2")
    assert attempts == 4  # the first try and RETRY_TIMES retries
    assert waits == [2.0, 2.0, 2.0]
    assert crawler_.stats is not None
    stats = crawler_.stats.get_stats()
    assert stats["retry/max_reached"] == 1
    assert stats["retry_after/honoured"] == 3


def test_dont_retry_and_max_setting(waits: list[float]) -> None:
    mw, _ = middleware(RETRY_AFTER_MAX=1)
    request = Request("https://news.example/a")
    assert isinstance(respond(mw, request, 429, "2"), HtmlResponse)  # over the max
    assert isinstance(respond(mw, request, 429, "1"), Request)
    assert isinstance(
        respond(mw, request.replace(meta={"dont_retry": True}), 429, "1"), HtmlResponse
    )
    assert waits == [1.0]


# --- a real crawl of the fault routes -----------------------------------------------------
class TimedServer(ExampleSiteServer):
    """The example site, noting when (wall clock, to compare with HTTP-dates) each fault
    route's request came (by full URL)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.times: dict[str, list[float]] = defaultdict(list)

    def count(self, key: str) -> int:
        with self.lock:
            self.times[key].append(time.time())
        return super().count(key)


def http_date_in(seconds: int) -> tuple[str, float]:
    """An HTTP-date ``seconds`` from now (URL-quoted: the comma as %2C), and its epoch time."""
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=seconds)
    return quote(format_datetime(when, usegmt=True)), when.timestamp()


FAULTS = {
    "seconds": "/faults/retry-after?status=429&after=1&key=seconds",
    "date": "/faults/retry-after?status=503&key=date&after=",  # + an HTTP-date, at crawl time
    "too-long": "/faults/retry-after?status=429&after=3600&key=long",
    "unparsable": "/faults/retry-after?status=503&after=later&key=bad",
    "always": "/faults/retry-after?status=429&after=1&fail=10&key=always",
    "storm": "/faults/flaky?fail=10&key=storm",  # 500 every time: a 5xx storm
}


@pytest.fixture(scope="module")
def fault_crawl(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Crawl, TimedServer, float]]:
    server = TimedServer(BUNDLED_SITE)
    server.start()
    try:
        base = server.base_url
        urls = [base + path for path in FAULTS.values()]
        # far enough ahead that a slow start on a loaded machine still meets it in the future
        date, date_due = http_date_in(6)
        urls[1] += date
        folder = tmp_path_factory.mktemp("retry-after")
        crawl = run_crawl(folder, "faults", ["-a", "urls=" + ",".join(urls)])
        yield crawl, server, date_due
    finally:
        server.stop()


def test_crawl_honours_retry_after_and_bounds_every_retry(
    fault_crawl: tuple[Crawl, TimedServer, float],
) -> None:
    crawl, server, date_due = fault_crawl
    base = server.base_url
    stats = crawl.stats()
    assert stats["finish_reason"] == "finished"
    articles = {r["url"] for r in crawl.records() if r["type"] == "article"}
    assert articles == {base + FAULTS[name] for name in ("seconds", "unparsable")} | {
        u for u in articles if "key=date" in u
    }
    assert any("key=date" in u for u in articles)
    counted = {
        # seconds 1, date 1, always 3 (then gives up)
        "retry_after/honoured": 1 + 1 + 3,
        "retry_after/too_long": 1,
        "retry_after/invalid": 1,
        "retry/count": 1 + 1 + 1 + 3 + 3,  # seconds, date, unparsable, always, storm
        "retry/max_reached": 2,  # always, storm
        "retry/reason_count/500 Internal Server Error": 3,
        "httperror/response_ignored_status_count/429": 2,  # too long, always
        "httperror/response_ignored_status_count/500": 1,
    }
    assert {key: stats.get(key) for key in counted} == counted
    times = {key.split("key=")[1].split("&")[0]: value for key, value in server.times.items()}
    assert {key: len(value) for key, value in times.items()} == {
        "seconds": 2,
        "date": 2,
        "long": 1,
        "bad": 2,
        "always": 4,
        "storm": 4,
    }
    # The waits were honoured: never retried sooner than Retry-After said (1 s; the date).
    for key in ("seconds", "always"):
        gaps = [b - a for a, b in zip(times[key], times[key][1:], strict=False)]
        assert min(gaps) >= 0.9, (key, gaps)
    assert times["date"][0] < date_due <= times["date"][1] + 0.05, (times["date"], date_due)
    assert stats["retry_after/seconds"] >= 1 + 4 * 0.9  # waited, whole crawl: not at once
