"""A crawl frontier shared in Redis (crawler/frontier.py): two crawlers, each page once.

The end-to-end test runs two real ``scrapy crawl news`` processes at the same time against
the example site on 127.0.0.1, both given the same ``REDIS_URL`` and ``FRONTIER_KEY``, on a
real Redis server (``COPYDESK_TEST_REDIS_URL``; ``.ci/services.sh`` starts one): both take
part, and each page is fetched once. The scheduler's waiting (an idle crawler stays open
while another is busy, takes what it adds, and closes when nobody is busy) is checked step
by step with two schedulers and a stand-in engine. Each test uses its own key, deleted
afterwards.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from test_crawl_runs import Crawl, assert_site_covered_once, of_type, start_crawl
from warcio.archiveiterator import ArchiveIterator

from crawler import settings as project_settings
from crawler.example_site import load_manifest, running_server
from crawler.frontier import RedisFrontier
from crawler.redis_scheduler import RedisScheduler

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SITE = ROOT / "fixtures" / "site"
REDIS_URL = os.environ.get("COPYDESK_TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="COPYDESK_TEST_REDIS_URL is not set (.ci/services.sh starts Redis)"
)


def _settings(**values: Any) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    for name, value in values.items():
        settings.set(name, value, priority="cmdline")
    RedisFrontier().update_settings(settings)
    return settings


def test_without_redis_url_the_scheduler_is_scrapys() -> None:
    settings = _settings()
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy.dupefilters.RFPDupeFilter"


def test_redis_url_switches_scheduler_dupefilter_and_keys() -> None:
    settings = _settings(REDIS_URL="redis://127.0.0.1:1/0", FRONTIER_KEY="site-2026-11")
    assert settings["SCHEDULER"] == "crawler.redis_scheduler.RedisScheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings["SCHEDULER_QUEUE_KEY"] == "site-2026-11:requests"
    assert settings["SCHEDULER_DUPEFILTER_KEY"] == "site-2026-11:dupefilter"
    assert settings.getbool("SCHEDULER_PERSIST") is True
    assert settings.getbool("SCHEDULER_FLUSH_ON_START") is False


@pytest.fixture
def frontier_key() -> Iterator[str]:
    assert REDIS_URL
    key = f"copydesk-test-{uuid.uuid4().hex}"
    yield key
    server = redis.Redis.from_url(REDIS_URL)
    server.delete(*(server.keys(f"{key}:*") or [f"{key}:requests"]))
    assert not server.keys(f"{key}:*")
    server.close()


# --- the scheduler's waiting, with two schedulers on one Redis and a stand-in engine -------
POLL, IDLE = 0.05, 0.3  # FRONTIER_POLL_SECONDS, FRONTIER_IDLE_SECONDS


class _Engine:
    """What the scheduler uses of Scrapy's engine: crawl (hand a request), needs_backout,
    close_spider_async."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.closed: list[str] = []

    def crawl(self, request: Request) -> None:
        assert self.crawler.engine.scheduler.enqueue_request(request)  # type: ignore[union-attr]

    def needs_backout(self) -> bool:
        return False

    async def close_spider_async(self, *, reason: str) -> None:
        self.closed.append(reason)


def _open_scheduler(key: str) -> tuple[Crawler, RedisScheduler, _Engine]:
    settings = _settings(
        REDIS_URL=REDIS_URL,
        FRONTIER_KEY=key,
        FRONTIER_POLL_SECONDS=POLL,
        FRONTIER_IDLE_SECONDS=IDLE,
    )
    names = [name for name in settings if name.startswith(("SCHEDULER", "DUPEFILTER", "FRONT"))]
    crawler = get_crawler(Spider, {"REDIS_URL": REDIS_URL, **{n: settings[n] for n in names}})
    scheduler = RedisScheduler.from_crawler(crawler)
    engine = _Engine(crawler)
    engine.scheduler = scheduler  # type: ignore[attr-defined]
    crawler.engine = engine  # type: ignore[assignment]
    scheduler.open(Spider.from_crawler(crawler, name="news"))
    return crawler, scheduler, engine


def _stays_open(crawler: Crawler) -> bool:
    """Send spider_idle as the engine does: True when a handler raised DontCloseSpider."""
    results = crawler.signals.send_catch_log(
        signals.spider_idle, spider=None, dont_log=DontCloseSpider
    )
    return any(getattr(result, "type", None) is DontCloseSpider for _, result in results)


@needs_redis
def test_an_idle_crawler_waits_for_the_busy_one_and_takes_what_it_adds(frontier_key: str) -> None:
    async def scenario() -> None:
        crawler_a, a, engine_a = _open_scheduler(frontier_key)
        crawler_b, b, engine_b = _open_scheduler(frontier_key)
        # b has nothing to do (the queue is empty) while a is busy: b stays open.
        assert _stays_open(crawler_b)
        await asyncio.sleep(IDLE + 3 * POLL)
        assert engine_b.closed == []
        # a finds a page: b's poll takes it from Redis and hands it to its engine.
        assert a.enqueue_request(Request("https://news.example/2026/11/a-story/"))
        await asyncio.sleep(3 * POLL)
        taken = b.next_request()
        assert taken is not None and taken.url == "https://news.example/2026/11/a-story/"
        assert a.next_request() is None  # taken once
        assert crawler_b.stats.get_value("frontier/taken_when_idle") == 1
        # Both idle, the queue empty: both close after FRONTIER_IDLE_SECONDS, not before.
        assert _stays_open(crawler_a)
        assert _stays_open(crawler_b)
        await asyncio.sleep(IDLE / 2)
        assert engine_a.closed == engine_b.closed == []
        await asyncio.sleep(IDLE + 3 * POLL)
        assert engine_a.closed == engine_b.closed == ["finished"]
        a.close("finished")
        b.close("finished")

    asyncio.run(scenario())


@needs_redis
def test_joining_a_frontier_that_holds_requests_warns_of_nothing(
    frontier_key: str, recwarn: pytest.WarningsRecorder
) -> None:
    """scrapy-redis notes queued requests with the deprecated Spider.log(): a process that
    joins a running crawl must not put a ScrapyDeprecationWarning in its log."""

    async def scenario() -> None:
        _, first, _ = _open_scheduler(frontier_key)
        assert first.enqueue_request(Request("https://news.example/2026/11/queued/"))
        _, joining, _ = _open_scheduler(frontier_key)
        first.close("finished")
        joining.close("finished")

    asyncio.run(scenario())
    assert not [w for w in recwarn if issubclass(w.category, ScrapyDeprecationWarning)]


@needs_redis
def test_a_crawler_that_died_busy_holds_the_others_only_until_its_mark_lapses(
    frontier_key: str,
) -> None:
    async def scenario() -> None:
        crawler, scheduler, engine = _open_scheduler(frontier_key)
        server = redis.Redis.from_url(str(REDIS_URL))
        seconds, micros = server.time()
        # A killed crawler's last mark: busy for one more second, never refreshed.
        server.zadd(f"{frontier_key}:workers", {"killed": seconds + micros / 1e6 + 1})
        server.close()
        assert _stays_open(crawler)
        await asyncio.sleep(1 + IDLE / 2)
        assert engine.closed == []
        await asyncio.sleep(IDLE + 3 * POLL)
        assert engine.closed == ["finished"]
        scheduler.close("finished")

    asyncio.run(scenario())


def _archived_articles(folder: Path) -> Counter[str]:
    """URLs of the response records the crawl archived as ``Copydesk-Record: article``."""
    found: Counter[str] = Counter()
    for path in sorted(folder.glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_headers.get_header("Copydesk-Record") == "article":
                    found[record.rec_headers.get_header("WARC-Target-URI")] += 1
    return found


def _wait_until_open(crawls: list[Crawl], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not all("Spider opened" in c.log for c in crawls):
        for crawl in crawls:
            assert crawl.process.poll() is None, crawl.log[-3000:]
        assert time.monotonic() < deadline, "the crawlers did not open in time"
        time.sleep(0.05)


@needs_redis
def test_two_crawlers_share_one_frontier_and_fetch_each_page_once(
    tmp_path: Path, frontier_key: str
) -> None:
    manifest = load_manifest(BUNDLED_SITE)
    with running_server(BUNDLED_SITE) as (server, base_url):
        # The server answers nobody until both crawlers are up, so that both take part.
        gate = _hold_requests(server)
        shared: dict[str, object] = {
            "REDIS_URL": REDIS_URL,
            "FRONTIER_KEY": frontier_key,
            "ARCHIVE_ENABLED": 1,
            # Two requests in flight per process: the rest waits in Redis for either.
            "CONCURRENT_REQUESTS": 2,
            # A polite pace: the local server answers in a fraction of a millisecond, and
            # unpaced, one process could crawl the whole site between two polls of the
            # other's idle frontier (FRONTIER_POLL_SECONDS, 0.5 s).
            "DOWNLOAD_DELAY": 0.1,
            # An idle process closes 1 s after the queue is empty and the other is not busy.
            "FRONTIER_IDLE_SECONDS": 1,
        }
        crawls = []
        for name in ("one", "two"):
            folder = tmp_path / name
            folder.mkdir()
            crawls.append(start_crawl(folder, name, ["-a", f"start={base_url}/"], shared))
        try:
            _wait_until_open(crawls)
        finally:
            gate.set()
        codes = [crawl.wait() for crawl in crawls]
        hits = Counter(server.hits)
    assert codes == [0, 0], [c.log[-3000:] for c in crawls]
    one, two = (crawl.records() for crawl in crawls)
    # Between them, every article and every comment exactly once (so no id in both).
    assert_site_covered_once(one + two, manifest, base_url)
    assert not {r["id"] for r in one} & {r["id"] for r in two}
    # Both took part: an idle process stays open while the other is busy (it used to close
    # when the queue was momentarily empty at the start, and the other crawled alone).
    shares = [len(of_type(records, "article")) for records in (one, two)]
    assert min(shares) >= 1, f"articles fetched by each process: {shares}"
    # The server's side: every article page and comment page fetched once in all.
    pages = [p for a in manifest.articles for p in a.comment_pages]
    assert {p: hits[p] for p in pages} == dict.fromkeys(pages, 1)
    # Each process archived the articles it fetched; together, each article once.
    archived = _archived_articles(tmp_path / "one" / "warc")
    archived.update(_archived_articles(tmp_path / "two" / "warc"))
    assert archived == Counter({base_url + a.path: 1 for a in manifest.articles})
    for crawl in crawls:
        stats = crawl.stats()
        assert stats["scheduler/dequeued/redis"] > 0
        assert stats["finish_reason"] == "finished"
        assert stats["frontier/idle_waits"] >= 1  # it waited for the other before closing
        assert "Traceback" not in crawl.log
        assert "Deprecat" not in crawl.log  # no ScrapyDeprecationWarning from scrapy-redis


def _hold_requests(server: Any) -> threading.Event:
    """Make ``server`` hold each request until the returned event is set (or 30 s)."""
    gate = threading.Event()
    handler = server.RequestHandlerClass

    class Held(handler):  # type: ignore[misc, valid-type]
        def handle(self) -> None:
            gate.wait(30)
            super().handle()

    server.RequestHandlerClass = Held
    return gate
