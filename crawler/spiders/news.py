"""The generic news spider: finds a site's articles and yields their records.

Discovery, in three ways that can be switched on one by one (``-a discover=``):

* ``sitemaps``: robots.txt ``Sitemap:`` lines (else ``/sitemap.xml``), sitemap indexes,
  Google News sitemaps;
* ``feeds``: the RSS and Atom feeds the start page advertises (``<link rel="alternate">``);
* ``links``: links of the start page, followed through listing pages (sections, pagination)
  to a bounded depth; article URLs are told apart by ``crawler.url_rules``.

With ``-a since=YYYY-MM-DD`` an article is dropped *before* it is fetched when its sitemap
(``news:publication_date``, else ``lastmod``), feed (``pubDate``) or URL (``/YYYY/MM/DD/``)
date is older; an article without such a date is fetched and dropped if the date it states
is older. ``-a limit=N`` stops requesting articles after N.

Each article page yields the records of ``extractors.extract`` (run in worker processes by
``PageExtractor``): one article and its comments. WordPress comment pages
(``/comment-page-2/``) are followed and their comments attached to the same article, with
positions following those of the pages before. The spider holds no extraction code.

Requests survive a ``JOBDIR`` restart: callbacks are spider methods, ``cb_kwargs`` plain data,
and the article count and seen URLs live in ``self.state``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit

from lxml import etree
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.robotstxt import RobotParser
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from crawler.discovery import DiscoveryError, feed_links, parse_feed, parse_sitemap
from crawler.discovery import robots_sitemaps as sitemaps_in_robots
from crawler.extraction import PageExtractor, RecordDict
from crawler.incremental import CrawlState, Decision, revisit_window
from crawler.spiders.arguments import (
    SpiderArgumentError,
    parse_discover,
    parse_limit,
    parse_since,
)
from crawler.url_rules import (
    UrlRules,
    calendar_day,
    comment_page_base,
    comment_page_number,
    could_be_comment_page,
    is_article_url,
    is_listing_url,
    may_be_article,
    normalize_url,
    pagination_number,
    rules_for_url,
    same_site,
    url_date,
    with_comment_page,
)

# Comment pages first (they finish an article), then articles, then discovery documents.
_PRIORITY = {"comments": 30, "article": 20, "sitemap": 10, "feed": 10, "listing": 0}
# Marks the requests for pages fetched only to find articles (start page, listings, feeds,
# sitemaps): the archive labels them so that ``copydesk extract`` leaves them out, as the
# live crawl does (crawler/archive.py).
_DISCOVERY_META = {"copydesk_discovery": True}


def _day(value: date | datetime) -> date:
    """The calendar day of a date or timestamp, as written in its own time zone."""
    return value.date() if isinstance(value, datetime) else value


class NewsSpider(Spider):
    """``scrapy crawl news -a start=URL [-a since=YYYY-MM-DD] [-a limit=N]``.

    Arguments: ``start`` (the site's home page; required unless ``urls`` is given),
    ``since``, ``limit``, ``discover`` (comma-separated: ``sitemaps``, ``feeds``, ``links``;
    default all) and ``urls`` (comma-separated article URLs fetched directly, without
    discovery). Site spiders subclass it with ``default_start`` and ``url_rules``.
    """

    name = "news"
    default_start: ClassVar[str | None] = None
    url_rules: ClassVar[UrlRules | None] = None
    """None: the rules of the start URL's site (``crawler.url_rules.rules_for_url``)."""

    extractor: PageExtractor
    known: CrawlState | None = None  # the incremental state, when incremental crawling is on
    revisit_window: timedelta = timedelta(days=3)
    listing_depth = 2
    """Hops from the start page through listing pages (pagination does not count)."""
    listing_pages = 10
    """Highest page number of a paginated listing that is followed."""
    sitemap_depth = 3
    """Nesting of sitemap indexes followed."""

    def __init__(
        self,
        start: str | None = None,
        since: str | None = None,
        limit: str | int | None = None,
        urls: str | None = None,
        discover: str | None = None,
        **kwargs: Any,
    ) -> None:
        # ``start`` is taken here: left in kwargs, Spider.__init__ would shadow Spider.start().
        super().__init__(**kwargs)
        direct = [u for u in (normalize_url(u) for u in (urls or "").split(",") if u) if u]
        start_url = normalize_url(start) if start else self.default_start
        if start and not start_url:
            raise SpiderArgumentError(f"start={start!r}: expected an http(s) URL")
        if not start_url and not direct:
            raise SpiderArgumentError("give the site's home page: -a start=https://...")
        self.start_url: str | None = start_url
        self.direct_urls = direct
        self.since = parse_since(since)
        self.limit = parse_limit(limit)
        self.discover = parse_discover(discover)
        site = start_url or direct[0]
        self.rules: UrlRules = self.url_rules or rules_for_url(site)
        hosts = {urlsplit(u).hostname or "" for u in (site, *direct)}
        self.allowed_domains = sorted(h.removeprefix("www.") for h in hosts if h)
        # Replaced by the saved state when a JOBDIR crawl resumes (SpiderState extension).
        self.state: dict[str, Any] = {}
        self._robots: RobotParser | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.listing_depth = settings.getint("NEWS_LISTING_DEPTH", 2)
        spider.listing_pages = settings.getint("NEWS_LISTING_PAGES", 10)
        spider.sitemap_depth = settings.getint("NEWS_SITEMAP_DEPTH", 3)
        spider.extractor = PageExtractor.from_settings(settings)
        try:
            spider.known = CrawlState.for_crawler(crawler)
        except NotConfigured:  # incremental crawling is off
            spider.known = None
        spider.revisit_window = revisit_window(settings)
        crawler.signals.connect(spider._close_extractor, signal=signals.spider_closed)
        return spider

    def _close_extractor(self) -> None:
        self.extractor.close()

    # --- start ----------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        if self.direct_urls:
            for url in self.direct_urls:
                if request := self._article_request(url, via="urls", checked=True):
                    yield request
            return
        assert self.start_url is not None
        # robots.txt first: its rules keep disallowed articles out of the count for `limit`
        # (the robots.txt middleware would drop them only after they were counted), and its
        # Sitemap lines start the sitemap discovery.
        yield Request(
            _origin(self.start_url) + "/robots.txt",
            callback=self.parse_robots,
            errback=self.robots_failed,
            priority=_PRIORITY["sitemap"],
            dont_filter=True,
        )

    def parse_robots(self, response: Response) -> Iterator[Request]:
        if self.settings.getbool("ROBOTSTXT_OBEY"):
            parser_class = load_object(self.settings["ROBOTSTXT_PARSER"])
            self._robots = parser_class.from_crawler(self.crawler, response.body)
        text = response.body.decode("utf-8", errors="replace")
        yield from self._discovery_requests(sitemaps_in_robots(text, response.url))

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        """No robots.txt (or an error fetching it): discovery starts all the same."""
        self.logger.info(f"robots.txt not read: {failure.getErrorMessage()}")
        yield from self._discovery_requests([])

    def _discovery_requests(self, sitemaps: list[str]) -> Iterator[Request]:
        assert self.start_url is not None
        if "sitemaps" in self.discover:
            for url in sitemaps or [_origin(self.start_url) + "/sitemap.xml"]:
                if request := self._sitemap_request(url, depth=0):
                    yield request
        if self.discover & {"feeds", "links"}:
            yield Request(
                self.start_url,
                callback=self.parse_listing,
                cb_kwargs={"depth": 0},
                priority=_PRIORITY["listing"],
                dont_filter=True,
                meta=_DISCOVERY_META,
            )

    def _robots_allow(self, url: str) -> bool:
        if self._robots is None:
            return True
        agent = self.settings.get("ROBOTSTXT_USER_AGENT") or self.settings.get("USER_AGENT")
        return bool(self._robots.allowed(url, agent))

    # --- sitemaps -------------------------------------------------------------------
    def _sitemap_request(self, url: str, depth: int) -> Request | None:
        """A request for a sitemap named by robots.txt or a sitemap index; None unless http(s).

        A site's robots.txt or sitemap must not make the crawler read ``file://`` (a local
        file), ``ftp://``, ``data:`` or ``s3://`` URLs (Scrapy has handlers for them).
        """
        normalized = normalize_url(url)
        if normalized is None:
            self._count("discovery/skipped/sitemap/not_http")
            return None
        return Request(
            normalized,
            callback=self.parse_sitemap,
            cb_kwargs={"depth": depth},
            priority=_PRIORITY["sitemap"],
            # a sitemap may live on a CDN; its URLs are checked
            meta={"allow_offsite": True, **_DISCOVERY_META},
        )

    def parse_sitemap(self, response: Response, depth: int) -> Iterator[Request]:
        try:
            page = parse_sitemap(response.body, base_url=response.url)
        except DiscoveryError as exc:
            self._count(f"discovery/errors/{type(exc).__name__}")
            self.logger.warning(f"sitemap {response.url}: {exc}")
            return
        for child in page.sitemaps:
            if depth >= self.sitemap_depth:
                self._count("discovery/sitemaps_too_deep")
            elif self._older_than_since(child.lastmod):
                # a sitemap last changed before `since` holds no newer article
                self._count("discovery/sitemaps_too_old")
            elif request := self._sitemap_request(child.loc, depth + 1):
                yield request
        for entry in page.urls:
            when = entry.date or url_date(entry.loc)
            if request := self._article_request(entry.loc, via="sitemap", when=when):
                yield request

    # --- feeds ----------------------------------------------------------------------
    def parse_feed(self, response: Response) -> Iterator[Request]:
        try:
            entries = parse_feed(response.body, base_url=response.url)
        except DiscoveryError as exc:
            self._count(f"discovery/errors/{type(exc).__name__}")
            self.logger.warning(f"feed {response.url}: {exc}")
            return
        for entry in entries:
            when = entry.published or url_date(entry.url)
            if request := self._article_request(entry.url, via="feed", when=when):
                yield request

    # --- link following -------------------------------------------------------------
    def parse_listing(self, response: Response, depth: int) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        if depth == 0 and "feeds" in self.discover:
            for url in feed_links(response.text, response.url):
                yield Request(
                    url,
                    callback=self.parse_feed,
                    priority=_PRIORITY["feed"],
                    meta={"allow_offsite": True, **_DISCOVERY_META},
                )
        if "links" not in self.discover or self._limit_reached():
            return
        links = [normalize_url(href, response.url) for href in _hrefs(response)]
        site_links = list(dict.fromkeys(u for u in links if u and self._on_site(u)))
        articles = [u for u in site_links if is_article_url(u, self.rules)]
        for url in articles:
            if request := self._article_request(url, via="links", when=url_date(url)):
                yield request
        yield from self._listing_requests(site_links, articles, depth)

    def _listing_requests(
        self, site_links: Iterable[str], articles: list[str], depth: int
    ) -> Iterator[Request]:
        # A page whose dated articles are all older than `since` ends its pagination.
        dates = [d for d in map(url_date, articles) if d]
        stale = bool(self.since and dates and all(d < self.since for d in dates))
        for url in site_links:
            # The start page has its own request (dont_filter, so that a resumed job reads
            # it again): a link back to it would be a second fetch the dupe filter lets by.
            if url == self.start_url or not is_listing_url(url, self.rules):
                continue
            page = pagination_number(url)
            if page is not None:
                if stale or page > self.listing_pages:
                    continue
                next_depth = depth
            elif depth >= self.listing_depth:
                continue
            else:
                next_depth = depth + 1
            yield Request(
                url,
                callback=self.parse_listing,
                cb_kwargs={"depth": next_depth},
                priority=_PRIORITY["listing"],
                meta=_DISCOVERY_META,
            )

    # --- articles -------------------------------------------------------------------
    def _article_request(
        self, url: str, *, via: str, when: date | datetime | None = None, checked: bool = False
    ) -> Request | None:
        """A request for a newly found article, or None (skipped, seen, over the limit).

        ``checked``: given by the user (``-a urls=``), so not held to the site or ``since``.
        """
        normalized = normalize_url(url)
        if normalized is None:
            return None
        skipped = None if checked else self._skip_reason(normalized, when)
        if skipped:
            self._count(f"discovery/skipped/{via}/{skipped}")
            return None
        seen: set[str] = self.state.setdefault("seen_articles", set())
        if normalized in seen:
            return None
        if self._known_and_finished(normalized):
            # not counted towards `limit`: a re-run goes on to articles it does not have
            seen.add(normalized)
            self._count(f"discovery/skipped/{via}/known")
            return None
        if self._limit_reached():
            self._count("discovery/skipped/over_limit")
            return None
        seen.add(normalized)
        self._count(f"discovery/articles/{via}")
        return Request(
            normalized,
            callback=self.parse_article,
            priority=_PRIORITY["article"],
            meta={"copydesk_article": True, "copydesk_via": via},
        )

    def _skip_reason(self, url: str, when: date | datetime | None) -> str | None:
        """Why a discovered URL is not fetched as an article, or None.

        Link following asks ``is_article_url`` before calling here; sitemap and feed
        entries need only not be ruled out (``may_be_article``).
        """
        if not self._on_site(url) or not may_be_article(url, self.rules):
            return "not_article"
        if self._older_than_since(when):
            return "too_old"
        if not self._robots_allow(url):
            return "robots"
        return None

    async def parse_article(self, response: Response) -> AsyncIterator[RecordDict | Request]:
        records = await self.extractor.extract(response)
        article = next((r for r in records if r["type"] == "article"), None)
        if article is None:  # an error record
            for record in records:
                yield record
            return
        if self._older_than_since(_record_date(article)):
            self._count("discovery/dropped_after_fetch/too_old")
            return
        pages = _comment_pages(response, article["url"])
        # A page that links to comment page 1 (or not to page 2) is a later page itself
        # (WordPress "newest page first"): its comments come again when the chain from
        # page 1 reaches it, so only the article is kept from it.
        later_page = bool(pages) and (1 in pages or 2 not in pages)
        comments = 0
        for record in records:
            if record["type"] == "comment":
                if later_page:
                    continue
                comments += 1
            yield record
        if later_page:
            first = pages.get(1) or with_comment_page(next(iter(pages.values())), 1)
            yield self._comment_page_request(first, article["url"], page=1, offset=0)
        elif 2 in pages:
            yield self._comment_page_request(pages[2], article["url"], page=2, offset=comments)

    async def parse_comment_page(
        self, response: Response, article_url: str, page: int, offset: int
    ) -> AsyncIterator[RecordDict | Request]:
        """Comments of a later comment page, numbered after the ``offset`` ones before it.

        ``extractors.comment_pages.extract_comment_page`` (also used by ``copydesk extract``
        of the archive): extracted with the article's URL, so ``articleId`` and comment ids
        are the ones the article page gives (each WordPress comment page holds whole
        threads, so parents are always on the same page).
        """
        records = await self.extractor.extract_comment_page(response, article_url, offset)
        comments = [r for r in records if r["type"] == "comment"]
        for record in records:
            yield record  # its comments, or its error record
        pages = _comment_pages(response, article_url)
        if page + 1 in pages:
            yield self._comment_page_request(
                pages[page + 1], article_url, page=page + 1, offset=offset + len(comments)
            )

    def _comment_page_request(
        self, url: str, article_url: str, *, page: int, offset: int
    ) -> Request:
        self._count("discovery/comment_pages")
        return Request(
            url,
            callback=self.parse_comment_page,
            cb_kwargs={"article_url": article_url, "page": page, "offset": offset},
            priority=_PRIORITY["comments"],
            meta={
                # the incremental state settles the article once its comment pages came back
                "copydesk_comment_page": True,
                "copydesk_article_url": article_url,
                # for the archive, so that `copydesk extract` attaches the page's comments
                # to the article as this spider does (crawler/archive.py)
                "copydesk_comment_page_number": page,
                "copydesk_comment_offset": offset,
            },
        )

    # --- helpers --------------------------------------------------------------------
    def _on_site(self, url: str) -> bool:
        sites = [self.start_url] if self.start_url else self.direct_urls
        return any(same_site(url, site) for site in sites)

    def _older_than_since(self, when: date | datetime | None) -> bool:
        return bool(self.since and when and _day(when) < self.since)

    def _known_and_finished(self, url: str) -> bool:
        """An article an earlier run emitted in full, too old to revisit for comments."""
        if self.known is None:
            return False
        return self.known.decide(url, datetime.now(UTC), self.revisit_window) is Decision.SKIP

    def _limit_reached(self) -> bool:
        seen = self.state.get("seen_articles", ())
        return self.limit is not None and len(seen) >= self.limit

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"copydesk/{key}")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


_LINKS = etree.XPath("descendant-or-self::a/@href", smart_strings=False)


def _hrefs(response: TextResponse) -> list[str]:
    """``response.css("a::attr(href)").getall()`` without a Selector made for each link."""
    return list(_LINKS(response.selector.root))


_ISO_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")


def _record_date(article: RecordDict) -> date | None:
    found = _ISO_DAY.match(article.get("datePublished") or "")
    return calendar_day(found.groups()) if found else None


def _comment_pages(response: Response, article_url: str) -> dict[int, str]:
    """The comment pages of ``article_url`` that ``response`` links to, by number."""
    if not isinstance(response, TextResponse):
        return {}
    article = normalize_url(article_url)
    # A link resolved against a comment page may be one without naming it ("?replytocom=3").
    any_link = could_be_comment_page(response.url)
    pages: dict[int, str] = {}
    for href in _hrefs(response):
        if "#comment-" in href:  # a comment's permalink, not a link to a page of comments
            continue
        if not (any_link or could_be_comment_page(href)):
            continue
        url = normalize_url(href, response.url)
        number = comment_page_number(url) if url else None
        if url and number is not None and comment_page_base(url) == article:
            pages.setdefault(number, url)
    return pages
