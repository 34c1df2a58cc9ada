"""Incremental crawls: known articles are not fetched again, young ones are revisited.

A second run of the same crawl skips article pages it already has, except articles younger
than ``REVISIT_DAYS``, which it fetches again to collect new comments. Every record emitted
is remembered in a SQLite file (``INCREMENTAL_STATE``), so no article and no comment is
emitted twice across runs. Spiders mark article requests with ``meta["copydesk_article"]``.

Settings: ``INCREMENTAL_ENABLED`` (default True), ``INCREMENTAL_STATE`` (default
``crawl/state.sqlite``), ``REVISIT_DAYS`` (default 3).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

ARTICLE_META = "copydesk_article"
REVISIT_META = "copydesk_revisit"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    published TEXT,          -- ISO 8601 as the page states it, or NULL
    first_seen TEXT NOT NULL -- ISO 8601 UTC
);
CREATE TABLE IF NOT EXISTS comments (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL
);
"""


class CrawlState:
    """What earlier runs emitted: articles by URL, comments by id."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)  # autocommit: no lost records
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def article_age(self, url: str, now: datetime) -> timedelta | None:
        """How old a known article is (by its publication date, else first sight); None if new."""
        row = self._db.execute(
            "SELECT COALESCE(published, first_seen) FROM articles WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        return now - _as_utc(row[0])

    def add_article(self, url: str, article_id: str, published: str | None, now: datetime) -> bool:
        """Remember an article; False when it was known already."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO articles (url, id, published, first_seen) VALUES (?, ?, ?, ?)",
            (url, article_id, published, now.isoformat()),
        )
        return cursor.rowcount == 1

    def add_comment(self, comment_id: str, article_id: str) -> bool:
        """Remember a comment; False when it was known already."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO comments (id, article_id) VALUES (?, ?)",
            (comment_id, article_id),
        )
        return cursor.rowcount == 1

    def close(self) -> None:
        self._db.close()


def _as_utc(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _state_path(settings: BaseSettings) -> Path:
    if not settings.getbool("INCREMENTAL_ENABLED", True):
        raise NotConfigured("INCREMENTAL_ENABLED is off")
    return Path(settings.get("INCREMENTAL_STATE") or "crawl/state.sqlite")


class IncrementalDownloaderMiddleware:
    """Drops requests for known article pages, except those of young articles."""

    def __init__(self, state: CrawlState, window: timedelta, stats: StatsCollector) -> None:
        self.state, self.window, self.stats = state, window, stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalDownloaderMiddleware:
        assert crawler.stats is not None
        window = timedelta(days=crawler.settings.getfloat("REVISIT_DAYS", 3))
        middleware = cls(CrawlState(_state_path(crawler.settings)), window, crawler.stats)
        crawler.signals.connect(middleware.state.close, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        if not request.meta.get(ARTICLE_META):
            return
        age = self.state.article_age(request.url, datetime.now(UTC))
        if age is None:
            return
        if age <= self.window:
            request.meta[REVISIT_META] = True
            self.stats.inc_value("incremental/revisited")
            return
        self.stats.inc_value("incremental/skipped_known")
        raise IgnoreRequest(f"known article, older than the revisit window: {request.url}")


class IncrementalPipeline:
    """Emits each article and each comment once across runs."""

    def __init__(self, state: CrawlState, stats: StatsCollector) -> None:
        self.state, self.stats = state, stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        assert crawler.stats is not None
        pipeline = cls(CrawlState(_state_path(crawler.settings)), crawler.stats)
        crawler.signals.connect(pipeline.state.close, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        now = datetime.now(UTC)
        if item.get("type") == "article":
            is_new = self.state.add_article(
                item["url"] or item["source"], item["id"], item.get("datePublished"), now
            )
        elif item.get("type") == "comment":
            is_new = self.state.add_comment(item["id"], item["articleId"])
        else:
            return item
        if not is_new:
            self.stats.inc_value(f"incremental/already_emitted/{item['type']}")
            raise DropItem(f"already emitted in an earlier run: {item['type']} {item['id']}")
        return item
