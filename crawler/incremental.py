"""Incremental crawls: known articles are not fetched again, young ones are revisited.

A second run of the same crawl skips article pages it already has, except articles younger
than ``REVISIT_DAYS``, which it fetches again to collect new comments. Every record emitted
is remembered in a SQLite file (``INCREMENTAL_STATE``), so no article and no comment is
emitted twice across runs. Spiders mark article requests with ``meta["copydesk_article"]``,
and the requests for an article's later comment pages with ``meta["copydesk_comment_page"]``
and the article's URL in ``meta["copydesk_article_url"]``.

Nothing is lost when the crawl process is killed (SIGKILL, the OOM killer, a container
stop) at any moment; at worst the record being exported at that instant comes out again in
the next run (it is in the output, not yet in the state). A power cut is another matter: the
output is flushed to the operating system, not synced to disk.

* A record is written to the state only once the feed exporters have written it (Scrapy's
  ``item_scraped`` signal, whose exporter handler runs before the pipeline's: extensions are
  built before the engine; ``crawler.exporters`` flushes each line). Until then it is
  *claimed* in memory: copies of it in the same run are dropped, and the middleware already
  knows its article. A killed crawl has no record in its state that is not in its output.
* An article is skipped only once it is *settled*: a run that fetched it, and every comment
  page of it that run asked for, stopped cleanly (any close reason, ``finished``,
  ``shutdown`` or ``closespider_*``: Scrapy closes a spider only after handling every
  response it received). Articles written by a killed run, or whose comment pages a run did
  not reach, are fetched again by the next run, which emits what is missing (new records
  only) and settles them.

Settings: ``INCREMENTAL_ENABLED`` (default True), ``INCREMENTAL_STATE`` (default
``crawl/state.sqlite``), ``REVISIT_DAYS`` (default 3).

Stats: ``incremental/revisited`` (young known articles fetched again),
``incremental/unsettled_refetched`` (old known articles fetched again to finish them),
``incremental/skipped_known``, ``incremental/already_emitted/<type>``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector


class Decision(StrEnum):
    """What a run does with an article page (the values name its stats counter)."""

    NEW = "new"
    REVISIT = "revisited"  # known, younger than the window: fetched for new comments
    UNSETTLED = "unsettled_refetched"  # known, old, but an earlier run did not finish it
    SKIP = "skipped_known"  # known, old, finished: not fetched


ARTICLE_META = "copydesk_article"
REVISIT_META = "copydesk_revisit"
COMMENT_PAGE_META = "copydesk_comment_page"
ARTICLE_URL_META = "copydesk_article_url"

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
# Added to state files of earlier versions: their articles count as settled.
_SETTLED_COLUMN = "ALTER TABLE articles ADD COLUMN settled INTEGER NOT NULL DEFAULT 1"


class CrawlState:
    """What earlier runs emitted (articles by URL, comments by id), and what this run claimed.

    ``add_article``/``add_comment`` write at once; the pipeline instead ``claim``s a record
    as it passes, ``write``s it (unsettled) or ``release``s it once it is known to be
    exported or not, and ``settle``s the articles it finished when the spider closes.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)  # autocommit: no lost records
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(articles)")}
        if "settled" not in columns:
            self._db.execute(_SETTLED_COLUMN)
        self._closed = False
        # Claimed by this run, not yet exported: url -> (id, published, first_seen).
        self._articles: dict[str, tuple[str, str | None, str]] = {}
        self._comments: dict[str, str] = {}  # comment id -> article id

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> CrawlState:
        """The one state of a crawl, shared by its middleware and pipeline.

        Opened on first use, closed when the engine has stopped (after ``spider_closed``,
        whose handlers still write to it).
        """
        state = _STATES.get(crawler)
        if state is None:
            state = _STATES[crawler] = cls(_state_path(crawler.settings))
            crawler.signals.connect(state.close, signal=signals.engine_stopped)
        return state

    def article_age(self, url: str, now: datetime) -> timedelta | None:
        """How old a known article is (by its publication date, else first sight); None if new.

        Known: emitted by an earlier run, or claimed by this one.
        """
        row = self._db.execute(
            "SELECT COALESCE(published, first_seen) FROM articles WHERE url = ?", (url,)
        ).fetchone()
        if row is None and url in self._articles:
            _, published, first_seen = self._articles[url]
            row = (published or first_seen,)
        if row is None:
            return None
        return now - _as_utc(row[0])

    def decide(self, url: str, now: datetime, window: timedelta) -> Decision:
        """Whether an article page is fetched this run, and why."""
        age = self.article_age(url, now)
        if age is None:
            return Decision.NEW
        if age <= window:
            return Decision.REVISIT
        if not self.is_settled(url):
            return Decision.UNSETTLED
        return Decision.SKIP

    def is_settled(self, url: str) -> bool:
        """Whether a known article is complete: not to be fetched again for what it lacks.

        An article claimed by this run counts as settled: this run is fetching it.
        """
        if url in self._articles:
            return True
        row = self._db.execute("SELECT settled FROM articles WHERE url = ?", (url,)).fetchone()
        return bool(row and row[0])

    def add_article(self, url: str, article_id: str, published: str | None, now: datetime) -> bool:
        """Remember a (settled) article; False when it was known already."""
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

    def claim_article(
        self, url: str, article_id: str, published: str | None, now: datetime
    ) -> bool:
        """Claim an article for this run; False when it was emitted or claimed already."""
        if (
            url in self._articles
            or self._db.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
        ):
            return False
        self._articles[url] = (article_id, published, now.isoformat())
        return True

    def claim_comment(self, comment_id: str, article_id: str) -> bool:
        """Claim a comment for this run; False when it was emitted or claimed already."""
        if (
            comment_id in self._comments
            or self._db.execute("SELECT 1 FROM comments WHERE id = ?", (comment_id,)).fetchone()
        ):
            return False
        self._comments[comment_id] = article_id
        return True

    def write_article(self, url: str) -> None:
        """The claimed article was exported: remember it, unsettled until ``settle``."""
        if (claim := self._articles.pop(url, None)) is not None:
            article_id, published, first_seen = claim
            self._db.execute(
                "INSERT OR IGNORE INTO articles (url, id, published, first_seen, settled) "
                "VALUES (?, ?, ?, ?, 0)",
                (url, article_id, published, first_seen),
            )

    def write_comment(self, comment_id: str) -> None:
        """The claimed comment was exported: remember it."""
        if (article_id := self._comments.pop(comment_id, None)) is not None:
            self.add_comment(comment_id, article_id)

    def release_article(self, url: str) -> None:
        """The claimed article was not emitted after all (a later pipeline dropped it)."""
        self._articles.pop(url, None)

    def release_comment(self, comment_id: str) -> None:
        self._comments.pop(comment_id, None)

    def settle(self, urls: set[str]) -> None:
        """These articles, and all their comment pages, were handled by a clean run."""
        self._db.executemany(
            "UPDATE articles SET settled = 1 WHERE url = ? AND settled = 0",
            [(url,) for url in sorted(urls)],
        )

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._db.close()


_STATES: WeakKeyDictionary[Crawler, CrawlState] = WeakKeyDictionary()


def _as_utc(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def revisit_window(settings: BaseSettings) -> timedelta:
    return timedelta(days=settings.getfloat("REVISIT_DAYS", 3))


def _state_path(settings: BaseSettings) -> Path:
    if not settings.getbool("INCREMENTAL_ENABLED", True):
        raise NotConfigured("INCREMENTAL_ENABLED is off")
    return Path(settings.get("INCREMENTAL_STATE") or "crawl/state.sqlite")


class IncrementalDownloaderMiddleware:
    """Drops requests for known settled article pages, except those of young articles."""

    def __init__(self, state: CrawlState, window: timedelta, stats: StatsCollector) -> None:
        self.state, self.window, self.stats = state, window, stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalDownloaderMiddleware:
        assert crawler.stats is not None
        return cls(CrawlState.for_crawler(crawler), revisit_window(crawler.settings), crawler.stats)

    def process_request(self, request: Request) -> None:
        if not request.meta.get(ARTICLE_META):
            return
        decision = self.state.decide(request.url, datetime.now(UTC), self.window)
        if decision is Decision.NEW:
            return
        self.stats.inc_value(f"incremental/{decision.value}")
        if decision is Decision.SKIP:
            raise IgnoreRequest(f"known article, older than the revisit window: {request.url}")
        request.meta[REVISIT_META] = True


class AlreadyEmitted(DropItem):
    """The record was emitted by an earlier run, or earlier in this one."""


class IncrementalPipeline:
    """Emits each article and each comment once across runs; settles finished articles.

    A record goes to the state when it has been exported (``item_scraped``); its claim is
    let go when a later pipeline drops it or fails on it. The articles this run handled
    (their records, or their comment pages) are settled when the spider closes, except
    those with a comment page that was asked for and never received.
    """

    def __init__(self, state: CrawlState, stats: StatsCollector) -> None:
        self.state, self.stats = state, stats
        self._handled: set[str] = set()  # article URLs this run fetched pages of
        self._waiting: dict[str, set[str]] = {}  # article URL -> comment pages asked for

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        assert crawler.stats is not None
        pipeline = cls(CrawlState.for_crawler(crawler), crawler.stats)
        connect = crawler.signals.connect
        connect(pipeline.item_scraped, signal=signals.item_scraped)
        connect(pipeline.item_dropped, signal=signals.item_dropped)
        connect(pipeline.item_error, signal=signals.item_error)
        connect(pipeline.request_scheduled, signal=signals.request_scheduled)
        connect(pipeline.request_dropped, signal=signals.request_dropped)
        connect(pipeline.response_received, signal=signals.response_received)
        connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        now = datetime.now(UTC)
        if item.get("type") == "article":
            key = _article_key(item)
            self._handled.add(key)
            is_new = self.state.claim_article(key, item["id"], item.get("datePublished"), now)
        elif item.get("type") == "comment":
            is_new = self.state.claim_comment(item["id"], item["articleId"])
        else:
            return item
        if not is_new:
            self.stats.inc_value(f"incremental/already_emitted/{item['type']}")
            raise AlreadyEmitted(f"already emitted: {item['type']} {item['id']}")
        return item

    # --- records: written once exported ---------------------------------------------
    def item_scraped(self, item: Any) -> None:
        """Runs after the feed exporters' handler: the record is in the output now."""
        if not isinstance(item, dict):
            return
        if item.get("type") == "article":
            self.state.write_article(_article_key(item))
        elif item.get("type") == "comment":
            self.state.write_comment(item["id"])

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        if not isinstance(exception, AlreadyEmitted):
            self.item_error(item)

    def item_error(self, item: Any) -> None:
        if not isinstance(item, dict):
            return
        if item.get("type") == "article":
            self.state.release_article(_article_key(item))
        elif item.get("type") == "comment":
            self.state.release_comment(item["id"])

    # --- comment pages: an article is settled once all of them came back --------------
    def request_scheduled(self, request: Request) -> None:
        if article := _comment_page_article(request):
            self._waiting.setdefault(article, set()).add(request.url)

    def request_dropped(self, request: Request) -> None:
        """A duplicate of a page already asked for: that one settles the article."""
        self._received(request)

    def response_received(self, response: Response, request: Request) -> None:
        # Any final response (a 404 too): the spider has all this page will give. A page
        # that never came (a download error after the retries, robots.txt) keeps its article
        # unsettled, so the next run tries again.
        self._received(request)

    def _received(self, request: Request) -> None:
        if article := _comment_page_article(request):
            self._handled.add(article)
            waiting = self._waiting.get(article, set())
            waiting.difference_update([request.url, *request.meta.get("redirect_urls", ())])
            if not waiting:
                self._waiting.pop(article, None)

    def spider_closed(self) -> None:
        """A clean close: every response received was handled, every record exported.

        Not called when the crawl is killed: its articles stay unsettled.
        """
        self.state.settle(self._handled - self._waiting.keys())


def _article_key(item: dict[str, Any]) -> str:
    return str(item["url"] or item["source"])


def _comment_page_article(request: Request) -> str | None:
    if not request.meta.get(COMMENT_PAGE_META):
        return None
    article = request.meta.get(ARTICLE_URL_META)
    return str(article) if article else None
