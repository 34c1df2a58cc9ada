"""robots.txt that errors disallows the site (RFC 9309 2.3.1.4): crawler/robots.py.

The middleware offline (its downloads answered by a stub), then real crawls of the example
site (crawler/example_site/server.py) whose robots.txt answers 500, resets the connection,
or answers 404 with an error page that reads like rules.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.test import get_crawler
from test_crawl_runs import BUNDLED_SITE, run_crawl, take_hits
from twisted.internet.error import ConnectionRefusedError as RefusedError

from crawler.example_site import ExampleSiteServer, load_manifest
from crawler.robots import StrictRobotsTxtMiddleware
from crawler.settings import DOWNLOADER_MIDDLEWARES

RULES = b"User-agent: *\nDisallow: /private/\n"
PAGE_RULES = b"<h1>Error</h1>\nUser-agent: *\nDisallow: /\n"  # an error page, not rules


def test_it_replaces_scrapys_robots_middleware() -> None:
    assert DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] is (
        None
    )
    assert DOWNLOADER_MIDDLEWARES["crawler.robots.StrictRobotsTxtMiddleware"] == 100


class _Engine:
    """Answers every robots.txt download with ``answer`` (a response, or an error to raise)."""

    def __init__(self, answer: tuple[int, bytes] | Exception) -> None:
        self.answer = answer
        self.downloads = 0

    async def download_async(self, request: Request) -> Response:
        self.downloads += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        status, body = self.answer
        return TextResponse(request.url, status=status, body=body, request=request)


def _middleware(
    answer: tuple[int, bytes] | Exception,
) -> tuple[StrictRobotsTxtMiddleware, Crawler, _Engine]:
    crawler_ = get_crawler(Spider, {"ROBOTSTXT_OBEY": True, "USER_AGENT": "copydesk"})
    crawler_.spider = crawler_._create_spider("test")
    engine = _Engine(answer)
    crawler_.engine = engine  # type: ignore[assignment]
    return StrictRobotsTxtMiddleware.from_crawler(crawler_), crawler_, engine


def _fetched(mw: StrictRobotsTxtMiddleware, url: str) -> bool:
    try:
        asyncio.run(mw.process_request(Request(url)))
    except IgnoreRequest:
        return False
    return True


REFUSED = RefusedError("Connection was refused")  # type: ignore[no-untyped-call]
DISALLOWED = {"unavailable": 1, "unavailable_disallow": 2}  # one site, both requests
ANSWERS: dict[str, tuple[tuple[int, bytes] | Exception, bool, bool, dict[str, int]]] = {
    # robots.txt answer, /news/1 fetched?, /private/1 fetched?, stats
    "200-rules": ((200, RULES), True, False, {"forbidden": 1}),
    "200-empty": ((200, b""), True, True, {}),
    "404-page-is-not-rules": ((404, PAGE_RULES), True, True, {}),
    "410": ((410, PAGE_RULES), True, True, {}),
    "403": ((403, PAGE_RULES), True, True, {}),
    "429": ((429, b""), False, False, DISALLOWED),
    "500": ((500, b""), False, False, DISALLOWED),
    "503-with-rules": ((503, RULES), False, False, DISALLOWED),
    "refused": (REFUSED, False, False, DISALLOWED),
    "timeout": (TimeoutError("timed out"), False, False, DISALLOWED),
    "redirects-ignored": (IgnoreRequest("max redirections"), True, True, {}),  # 2.3.1.2
}


@pytest.mark.parametrize("case", ANSWERS.values(), ids=ANSWERS.keys())
def test_robots_answer(case: tuple[Any, bool, bool, dict[str, int]], caplog: Any) -> None:
    answer, news, private, counted = case
    mw, crawler_, engine = _middleware(answer)
    assert _fetched(mw, "https://news.example/news/1") is news
    assert _fetched(mw, "https://news.example/private/1") is private
    assert engine.downloads == 1  # once per site
    assert crawler_.stats is not None
    stats = crawler_.stats.get_stats()
    keys = ("forbidden", "unavailable", "unavailable_disallow")
    assert {k: stats[f"robotstxt/{k}"] for k in keys if f"robotstxt/{k}" in stats} == counted
    warnings = [r.getMessage() for r in caplog.records if r.name == "crawler.robots"]
    if "unavailable" in counted:
        assert len(warnings) == 1
        assert "robots.txt of news.example unavailable" in warnings[0]
        assert "assuming complete disallow" in warnings[0]
    else:
        assert warnings == []


def test_requests_waiting_for_robots_txt_are_disallowed_too() -> None:
    """Requests that arrive while robots.txt is being fetched wait for the same verdict."""
    mw, _, engine = _middleware((500, b""))

    async def both() -> tuple[BaseException | None, ...]:
        return await asyncio.gather(
            mw.process_request(Request("https://news.example/a")),
            mw.process_request(Request("https://news.example/b")),
            return_exceptions=True,
        )

    results = asyncio.run(both())
    assert all(isinstance(r, IgnoreRequest) for r in results), results
    assert engine.downloads == 1


def test_robots_txt_requests_themselves_pass() -> None:
    mw, _, _ = _middleware((500, b""))
    assert _fetched(mw, "https://news.example/a") is False
    robots = Request("https://news.example/robots.txt", meta={"dont_obey_robotstxt": True})
    asyncio.run(mw.process_request(robots))  # the middleware's own download: not refused


# --- real crawls -------------------------------------------------------------------------
def _crawl(tmp_path: Path, fault: str) -> tuple[Any, dict[str, int], dict[str, Any]]:
    server = ExampleSiteServer(BUNDLED_SITE)
    server.robots_fault = fault
    server.start()
    try:
        crawl = run_crawl(tmp_path, f"robots-{fault}", ["-a", f"start={server.base_url}/"])
        hits = dict(take_hits(server))
    finally:
        server.stop()
    return crawl, hits, crawl.stats()


@pytest.mark.parametrize("fault", ["500", "reset"])
def test_crawl_fetches_nothing_when_robots_txt_fails(fault: str, tmp_path: Path) -> None:
    crawl, hits, stats = _crawl(tmp_path, fault)
    assert stats["finish_reason"] == "finished"
    # Only robots.txt was requested: once by the middleware, retried at most RETRY_TIMES (3)
    # times (Twisted may retry a reset on a reused connection once itself); never a page.
    assert set(hits) == {"/robots.txt"}, hits
    assert 1 <= hits["/robots.txt"] <= (4 if fault == "500" else 8), hits
    assert crawl.records() == []
    # The stats say why: one site unavailable, and the requests it disallowed (the
    # spider's own robots.txt request, then its sitemap and start page).
    assert stats["robotstxt/unavailable"] == 1
    assert stats["robotstxt/unavailable_disallow"] >= 2
    assert "downloader/response_status_count/200" not in stats
    assert "robots.txt of 127.0.0.1:" in crawl.log
    assert "assuming complete disallow" in crawl.log
    assert crawl.seconds < 15, crawl.seconds  # the crawl ends at once; no wait on pages


def test_crawl_goes_on_when_robots_txt_is_missing(tmp_path: Path) -> None:
    """A 404 (any 4xx but 429) means no rules: the site is crawled, whatever the page says."""
    manifest = load_manifest(BUNDLED_SITE)
    crawl, hits, stats = _crawl(tmp_path, "404")
    assert stats["finish_reason"] == "finished"
    assert "robotstxt/unavailable" not in stats
    assert "robotstxt/forbidden" not in stats
    found = {urlsplit(r["url"]).path for r in crawl.records() if r["type"] == "article"}
    # No Sitemap line to follow (/sitemap.xml is not there): links and feeds find most.
    assert len(found & {a.path for a in manifest.articles}) >= len(manifest.articles) // 2
    # Even the private page the real robots.txt disallows: with no robots.txt, nothing is.
    assert hits[manifest.private[0].path] == 1, hits
    assert manifest.private[0].path in found
