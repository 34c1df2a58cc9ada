"""The news spiders: callbacks offline, then real crawls of the bundled example site.

The offline tests drive the spider's callbacks with hand-made responses and a fake
extractor (since/limit filtering, link following, comment pagination, request
serialization for JOBDIR, site spiders' settings). The end-to-end tests start the example
site (crawler/example_site/) on 127.0.0.1 in this process and run real ``scrapy crawl``
subprocesses from the project root (one per core at a time), one server per crawl so that
each server's request counts tell what that crawl fetched; the manifest says what to find.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import pickle
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from scrapy import Field, Item, Request
from scrapy.exporters import JsonLinesItemExporter
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler

from crawler.example_site import (
    ArticleSpec,
    ExampleSiteServer,
    SiteManifest,
    build_site,
    load_manifest,
    start_server,
)
from crawler.exporters import FlushingJsonLinesItemExporter
from crawler.spiders.blacklistednews import BlacklistedNewsSpider
from crawler.spiders.news import NewsSpider, SpiderArgumentError, _comment_pages
from crawler.spiders.southfront import SouthfrontSpider
from crawler.url_rules import BLACKLISTEDNEWS, GENERIC, SOUTHFRONT
from extractors.profiles import profile_named

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SITE = ROOT / "fixtures" / "site"
EX = "https://news.example"
CRAWL_SECONDS = 15


# --- offline: callbacks with a fake extractor ---------------------------------------------
class FakeExtractor:
    """Stands in for PageExtractor: returns the records it was given, per URL.

    A comment page gives its comments, positions shifted, as ``extract_comment_page`` does.
    """

    def __init__(self, records: dict[str, list[dict[str, Any]]]) -> None:
        self.records = records
        self.calls: list[tuple[str, str | None, int | None]] = []

    async def extract(self, response: Response) -> list[Any]:
        self.calls.append((response.url, None, None))
        return [dict(r) for r in self.records[response.url]]

    async def extract_comment_page(
        self, response: Response, article_url: str, offset: int
    ) -> list[Any]:
        self.calls.append((response.url, article_url, offset))
        return [
            {**r, "position": r["position"] + offset}
            for r in self.records[response.url]
            if r["type"] == "comment"
        ]

    def close(self) -> None:
        pass


def make_spider(cls: type[NewsSpider] = NewsSpider, **args: Any) -> NewsSpider:
    crawler = get_crawler(cls, {"EXTRACT_WORKERS": 1, "ROBOTSTXT_OBEY": True})
    spider = cls.from_crawler(crawler, **args)
    spider.extractor.close()
    return spider


def html(url: str, body: str) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode(), encoding="utf-8")


def links_page(url: str, *hrefs: str) -> HtmlResponse:
    anchors = "\n".join(f'<a href="{href}">link</a>' for href in hrefs)
    return html(url, f"<html><body>{anchors}</body></html>")


def urls(results: Iterator[Any] | list[Any]) -> list[str]:
    return [r.url for r in results if isinstance(r, Request)]


async def _collect(agen: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in agen]


def run(agen: AsyncIterator[Any]) -> list[Any]:
    return asyncio.run(_collect(agen))


def test_arguments() -> None:
    spider = make_spider(start="https://News.Example/", since="2020-11-26", limit="3")
    assert spider.start_url == "https://news.example/"
    assert str(spider.since) == "2020-11-26"
    assert spider.limit == 3
    assert spider.discover == {"sitemaps", "feeds", "links"}
    assert callable(spider.start)  # -a start= must not shadow Spider.start()
    assert spider.allowed_domains == ["news.example"]
    assert spider.rules is GENERIC
    assert make_spider(start=EX, discover="feeds,links").discover == {"feeds", "links"}
    assert make_spider(start="https://southfront.org/").rules is SOUTHFRONT


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"start": "ftp://news.example/"},
        {"start": EX, "since": "26/11/2020"},
        {"start": EX, "limit": "many"},
        {"start": EX, "limit": "0"},
        {"start": EX, "discover": "rss"},
        {"start": EX, "discover": ","},
    ],
    ids=["no-start", "bad-start", "bad-since", "bad-limit", "zero-limit", "bad-way", "no-way"],
)
def test_bad_arguments(args: dict[str, str]) -> None:
    with pytest.raises(SpiderArgumentError):
        NewsSpider(**args)


def test_site_spiders_select_their_profile_and_rules() -> None:
    for cls, profile, rules, start in [
        (SouthfrontSpider, "southfront.org", SOUTHFRONT, "https://southfront.org/"),
        (
            BlacklistedNewsSpider,
            "blacklistednews.com",
            BLACKLISTEDNEWS,
            "https://www.blacklistednews.com/",
        ),
    ]:
        spider = make_spider(cls)
        assert spider.start_url == start
        assert spider.rules is rules
        assert spider.settings["EXTRACT_SITE"] == profile
        assert spider.extractor.options.site == profile
        assert profile_named(profile).name == profile
        assert spider.allowed_domains == [rules.domains[0]]


def test_robots_sitemaps_then_start_page() -> None:
    spider = make_spider(start=EX + "/")
    (robots,) = run(spider.start())
    assert robots.url == EX + "/robots.txt"
    response = TextResponse(
        robots.url, body=b"User-agent: *\nDisallow: /private/\nSitemap: /s.xml\n"
    )
    follow = list(spider.parse_robots(response))
    assert urls(follow) == [EX + "/s.xml", EX + "/"]
    # pages fetched only to find articles: the archive marks them (crawler/archive.py)
    assert [r.meta.get("copydesk_discovery") for r in follow] == [True, True]
    # no Sitemap line, or no robots.txt: /sitemap.xml
    assert urls(spider.parse_robots(TextResponse(robots.url, body=b""))) == [
        EX + "/sitemap.xml",
        EX + "/",
    ]
    only_links = make_spider(start=EX, discover="links")
    assert urls(only_links.parse_robots(response)) == [EX + "/"]


NEWS_SITEMAP = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/2020/11/26/new-story/</loc>
  <news:news><news:publication_date>2020-11-26T09:00:00+00:00</news:publication_date>
  </news:news></url>
<url><loc>https://news.example/2020/11/20/old-story-news-date/</loc><lastmod>2020-11-27</lastmod>
  <news:news><news:publication_date>2020-11-20T09:00:00+00:00</news:publication_date>
  </news:news></url>
<url><loc>https://news.example/old-story-by-lastmod/</loc><lastmod>2020-11-01</lastmod></url>
<url><loc>https://news.example/2020/11/01/old-story-by-url-date/</loc></url>
<url><loc>https://news.example/undated-story/</loc></url>
<url><loc>https://news.example/</loc></url>
<url><loc>https://news.example/category/world/</loc></url>
<url><loc>https://elsewhere.example/2020/11/26/offsite-story/</loc></url>
</urlset>"""


def test_since_filters_sitemap_entries_before_fetching() -> None:
    spider = make_spider(start=EX, since="2020-11-25")
    response = XmlResponse(EX + "/news-sitemap.xml", body=NEWS_SITEMAP)
    requests = list(spider.parse_sitemap(response, depth=0))
    assert urls(requests) == [EX + "/2020/11/26/new-story/", EX + "/undated-story/"]
    assert all(r.meta["copydesk_article"] for r in requests)
    stats = spider.crawler.stats
    assert stats is not None
    assert stats.get_value("copydesk/discovery/skipped/sitemap/too_old") == 3
    # without since, every on-site article candidate
    assert len(urls(make_spider(start=EX).parse_sitemap(response, depth=0))) == 5


def test_since_skips_child_sitemaps_last_changed_before() -> None:
    index = b"""<sitemapindex>
    <sitemap><loc>https://news.example/posts-2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
    <sitemap><loc>https://news.example/posts-2020.xml</loc><lastmod>2020-11-26</lastmod></sitemap>
    <sitemap><loc>https://news.example/pages.xml</loc></sitemap>
    </sitemapindex>"""
    response = XmlResponse(EX + "/sitemap_index.xml", body=index)
    spider = make_spider(start=EX, since="2020-01-01")
    assert urls(spider.parse_sitemap(response, depth=0)) == [
        EX + "/posts-2020.xml",
        EX + "/pages.xml",
    ]
    assert urls(spider.parse_sitemap(response, depth=spider.sitemap_depth)) == []


def test_feed_entries_with_since_and_limit() -> None:
    items = "".join(
        f"<item><link>{EX}/story-number-{day}-of-the-month/</link>"
        f"<pubDate>{day:02d} Nov 2020 10:00:00 GMT</pubDate></item>"
        for day in (26, 25, 24, 23, 1)
    )
    feed = f"<rss><channel>{items}</channel></rss>".encode()
    response = XmlResponse(EX + "/feed/", body=feed)
    spider = make_spider(start=EX, since="2020-11-02", limit="3")
    assert urls(spider.parse_feed(response)) == [
        f"{EX}/story-number-{day}-of-the-month/" for day in (26, 25, 24)
    ]
    # the limit holds across discovery ways
    assert urls(spider.parse_sitemap(XmlResponse(EX + "/s.xml", body=NEWS_SITEMAP), 0)) == []


def test_link_following() -> None:
    spider = make_spider(start=EX + "/")
    list(
        spider.parse_robots(
            TextResponse(EX + "/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
        )
    )
    home = links_page(
        EX + "/",
        "/2020/11/26/a-story/#comments",
        "/2020/11/26/a-story/",
        "/2020/11/26/a-story/comment-page-2/",
        "/private/members-only-survey-of-the-year/",
        "/section/local/",
        "/section/local/page/2/",
        "/section/local/page/99/",
        "/tag/local-news/",
        "/about-us/",
        "/feed/",
        "https://elsewhere.example/2020/11/26/offsite-story/",
        "mailto:desk@news.example",
    )
    results = list(spider.parse_listing(home, depth=0))
    articles = [r for r in results if r.callback == spider.parse_article]
    listings = [r for r in results if r.callback == spider.parse_listing]
    assert urls(articles) == [EX + "/2020/11/26/a-story/"]  # robots.txt, not just the rules
    assert [(r.url, r.cb_kwargs["depth"]) for r in listings] == [
        (EX + "/section/local/", 1),
        (EX + "/section/local/page/2/", 0),  # pagination does not add depth
    ]
    assert all(r.meta.get("copydesk_discovery") for r in listings)
    assert not any(r.meta.get("copydesk_discovery") for r in articles)
    # at the depth bound only pagination is followed; seen articles are not asked again
    deep = list(spider.parse_listing(home, depth=spider.listing_depth))
    assert urls(deep) == [EX + "/section/local/page/2/"]
    # the feeds are read from the start page
    head = '<link rel="alternate" type="application/rss+xml" href="/feed/">'
    start = html(EX + "/", f"<html><head>{head}</head><body></body></html>")
    assert urls(spider.parse_listing(start, depth=0)) == [EX + "/feed/"]


def test_stale_pagination_is_not_followed_with_since() -> None:
    spider = make_spider(start=EX, since="2020-11-20")
    page = links_page(
        EX + "/section/local/page/2/",
        "/2020/10/02/old-story/",
        "/2020/10/01/older-story/",
        "/section/local/page/3/",
    )
    assert urls(spider.parse_listing(page, depth=1)) == []


def _article_page(url: str, *hrefs: str) -> HtmlResponse:
    nav = "".join(f'<div class="nav-next"><a href="{h}">Comments</a></div>' for h in hrefs)
    permalink = f'<a href="{url}comment-page-1/#comment-5">May 5, 2020</a>'
    return html(url, f"<html><body><nav class='comment-navigation'>{nav}</nav>{permalink}</body>")


def _records(url: str, page_url: str, comments: int) -> list[dict[str, Any]]:
    article = {"type": "article", "id": "A", "url": url, "datePublished": "2020-11-26"}
    return [article] + [
        {"type": "comment", "id": f"{page_url}#{i}", "articleId": "A", "position": i}
        for i in range(comments)
    ]


def test_comment_pages_oldest_first() -> None:
    article = EX + "/2020/11/26/a-story/"
    page2, page3 = article + "comment-page-2/", article + "comment-page-3/"
    spider = make_spider(start=EX)
    fake = FakeExtractor(
        {
            article: _records(article, article, 3),
            page2: _records(article, page2, 2),
            page3: _records(article, page3, 1),
        }
    )
    spider.extractor = fake  # type: ignore[assignment]
    first = run(spider.parse_article(_article_page(article, page2 + "#comments")))
    assert [r["type"] for r in first[:-1]] == ["article", "comment", "comment", "comment"]
    request = first[-1]
    assert request.url == page2
    assert request.cb_kwargs == {"article_url": article, "page": 2, "offset": 3}
    # the archive reads them from the meta (crawler/archive.py)
    assert {k: v for k, v in request.meta.items() if k.startswith("copydesk_")} == {
        "copydesk_comment_page": True,
        "copydesk_article_url": article,
        "copydesk_comment_page_number": 2,
        "copydesk_comment_offset": 3,
    }
    second = run(
        spider.parse_comment_page(_article_page(page2, article, page3), **request.cb_kwargs)
    )
    assert [(r["type"], r["position"]) for r in second[:-1]] == [("comment", 3), ("comment", 4)]
    assert second[-1].url == page3
    assert second[-1].cb_kwargs == {"article_url": article, "page": 3, "offset": 5}
    third = run(spider.parse_comment_page(_article_page(page3, page2), **second[-1].cb_kwargs))
    assert [r["position"] for r in third] == [5]
    # later pages are extracted with the article's URL, so the ids match
    assert fake.calls == [(article, None, None), (page2, article, 3), (page3, article, 5)]


def test_comment_pages_newest_first() -> None:
    """WordPress shows the last comment page at the article URL: start again from page 1."""
    article = EX + "/2020/11/26/a-story/"
    page1 = article + "comment-page-1/"
    spider = make_spider(start=EX)
    spider.extractor = FakeExtractor({article: _records(article, article, 2)})  # type: ignore[assignment]
    results = run(spider.parse_article(_article_page(article, page1 + "#comments")))
    assert [r["type"] for r in results[:-1]] == ["article"]
    assert results[-1].url == page1
    assert results[-1].cb_kwargs == {"article_url": article, "page": 1, "offset": 0}


def test_comment_pages_linked_without_naming_one() -> None:
    """On a comment page, a link that names none ("#comments") may lead to a comment page."""
    article = EX + "/2020/11/26/a-story/"
    page2, page3 = article + "comment-page-2/", article + "comment-page-3/"
    body = f'<a href="#comments">3 comments</a><a href="{page3}">next</a><a href="/about/">x</a>'
    assert _comment_pages(html(page2, body), article) == {2: page2, 3: page3}
    assert _comment_pages(html(article, body), article) == {3: page3}


class ScrapyItem(Item):
    """An item that is not a plain dict, as another project's pipeline might yield."""

    id = Field()


@pytest.mark.parametrize("options", [{"encoding": "utf-8"}, {}, {"fields_to_export": ["id"]}])
def test_exporter_writes_what_scrapys_writes(options: dict[str, Any]) -> None:
    """Records skip Scrapy's per-field pass, to the same bytes; other items still take it."""
    items = [
        {"type": "article", "id": "A", "headline": "Caf\u00e9 \u2028", "authors": [], "x": None},
        {"type": "comment", "id": "C", "upvoteCount": 3, "depth": 1.0},
        ScrapyItem(id="I"),
    ]
    ours, scrapys = io.BytesIO(), io.BytesIO()
    ours_exporter = FlushingJsonLinesItemExporter(ours, **options)
    scrapys_exporter = JsonLinesItemExporter(scrapys, **options)
    for item in items:
        ours_exporter.export_item(item)
        scrapys_exporter.export_item(item)
    assert ours.getvalue() == scrapys.getvalue()


def test_article_older_than_since_is_dropped_after_fetch() -> None:
    article = EX + "/undated-story/"
    spider = make_spider(start=EX, since="2020-12-01")
    spider.extractor = FakeExtractor({article: _records(article, article, 2)})  # type: ignore[assignment]
    assert run(spider.parse_article(html(article, "<html></html>"))) == []


def test_error_record_is_passed_on() -> None:
    url = EX + "/2020/11/26/broken/"
    error = {"type": "error", "source": url, "error": "NoMainContent", "message": "empty"}
    spider = make_spider(start=EX)
    spider.extractor = FakeExtractor({url: [error]})  # type: ignore[assignment]
    assert run(spider.parse_article(html(url, "<html></html>"))) == [error]


def test_direct_urls() -> None:
    spider = make_spider(urls=f"{EX}/a/,{EX}/b/", limit="1")
    requests = run(spider.start())
    assert urls(requests) == [EX + "/a/"]
    assert requests[0].meta["copydesk_article"] is True


def test_requests_survive_a_jobdir_round_trip() -> None:
    """Every kind of request the spider makes serializes (callbacks by name, plain kwargs)."""
    spider = make_spider(start=EX + "/")
    article = EX + "/2020/11/26/a-story/"
    spider.extractor = FakeExtractor({article: _records(article, article, 1)})  # type: ignore[assignment]
    requests = [
        *run(spider.start()),
        *spider.parse_robots(TextResponse(EX + "/robots.txt", body=b"Sitemap: /s.xml")),
        *spider.parse_listing(links_page(EX + "/", article, "/section/a/"), depth=0),
        run(spider.parse_article(_article_page(article, article + "comment-page-2/")))[-1],
    ]
    assert len({r.callback for r in requests}) == 5
    for request in requests:
        data = request.to_dict(spider=spider)
        restored = request_from_dict(pickle.loads(pickle.dumps(data)), spider=spider)
        assert restored.url == request.url
        assert restored.callback == request.callback
        assert restored.cb_kwargs == request.cb_kwargs
        assert restored.meta == request.meta


# --- end to end: real crawls of the example site --------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteManifest]:
    """The bundled fixtures/site, or the same 20-article build in a temporary folder."""
    if (BUNDLED_SITE / "manifest.json").is_file():
        return BUNDLED_SITE, load_manifest(BUNDLED_SITE)
    root = tmp_path_factory.mktemp("site")
    return root, build_site(root, articles=20)


@dataclass
class Crawl:
    spider: str
    args: list[str]
    folder: Path
    server: ExampleSiteServer
    base_url: str
    process: subprocess.Popen[str] | None = None
    started: float = 0.0
    seconds: float = 0.0
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def log(self) -> str:
        path = self.folder / "log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def articles(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["type"] == "article"]

    def article_paths(self) -> list[str]:
        return [a["url"].removeprefix(self.base_url) for a in self.articles()]


CRAWLS: dict[str, tuple[str, list[str]]] = {
    "all": ("news", []),
    "sitemaps": ("news", ["-a", "discover=sitemaps"]),
    "feeds": ("news", ["-a", "discover=feeds"]),
    "links": ("news", ["-a", "discover=links"]),
    "since": ("news", []),  # the date is chosen from the manifest
    "limit": ("news", ["-a", "limit=3"]),
    "southfront": ("southfront", []),
}


def since_date(manifest: SiteManifest) -> str:
    """A day that splits the site's articles in two."""
    return manifest.articles[len(manifest.articles) // 2].published[:10]


def _command(crawl: Crawl) -> list[str]:
    return [
        *(sys.executable, "-m", "scrapy", "crawl", crawl.spider, "-a", f"start={crawl.base_url}/"),
        *crawl.args,
        *("-O", str(crawl.folder / "out.jsonl")),
        *("-s", "ARCHIVE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0"),
        *("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"),
        *("-s", "EXTRACT_WORKERS=1", "-s", "LOG_LEVEL=INFO"),
        *("-s", f"LOG_FILE={crawl.folder / 'log'}"),
        *("-s", f"INCREMENTAL_STATE={crawl.folder / 'state.sqlite'}"),
        *("-s", f"STORE_URI={crawl.folder / 'store.sqlite'}"),
    ]


def _finish(crawl: Crawl) -> None:
    assert crawl.process is not None
    output, _ = crawl.process.communicate(timeout=120)
    crawl.seconds = time.perf_counter() - crawl.started
    crawl.server.stop()  # its request counts stay
    assert crawl.process.returncode == 0, output + crawl.log[-3000:]
    lines = (crawl.folder / "out.jsonl").read_text(encoding="utf-8").splitlines()
    crawl.records = [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def crawls(
    site: tuple[Path, SiteManifest], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Crawl]]:
    """Every crawl of ``CRAWLS``, as many at a time as there are cores."""
    root, manifest = site
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parallel = max(1, os.cpu_count() or 1)
    crawls: dict[str, Crawl] = {}
    running: list[Crawl] = []
    try:
        for name, (spider, fixed_args) in CRAWLS.items():
            args = ["-a", f"since={since_date(manifest)}"] if name == "since" else fixed_args
            server, base_url = start_server(root)
            crawl = Crawl(spider, args, tmp_path_factory.mktemp(f"crawl-{name}"), server, base_url)
            crawls[name] = crawl
            if len(running) >= parallel:
                _finish(running.pop(0))
            crawl.started = time.perf_counter()
            crawl.process = subprocess.Popen(
                _command(crawl),
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            running.append(crawl)
        for crawl in running:
            _finish(crawl)
        yield crawls
    finally:
        for crawl in crawls.values():
            if crawl.process is not None and crawl.process.poll() is None:
                crawl.process.kill()
            crawl.server.stop()


def _hits_of(crawl: Crawl, article: ArticleSpec) -> int:
    return sum(crawl.server.hits[path] for path in article.comment_pages)


def test_crawls_are_quick(crawls: dict[str, Crawl]) -> None:
    slow = {name: round(c.seconds, 1) for name, c in crawls.items() if c.seconds > CRAWL_SECONDS}
    assert not slow, f"crawls over {CRAWL_SECONDS} s: {slow}"


def test_every_article_found_exactly_once(
    crawls: dict[str, Crawl], site: tuple[Path, SiteManifest]
) -> None:
    _, manifest = site
    crawl = crawls["all"]
    found = Counter(crawl.article_paths())
    assert found == Counter(a.path for a in manifest.articles)
    assert "copydesk/errors" not in crawl.log
    for article in manifest.articles:  # each page fetched once
        assert [crawl.server.hits[p] for p in article.comment_pages] == [1] * len(
            article.comment_pages
        )


def test_disallowed_article_never_requested(
    crawls: dict[str, Crawl], site: tuple[Path, SiteManifest]
) -> None:
    _, manifest = site
    for name, crawl in crawls.items():
        private = {p: n for p, n in crawl.server.hits.items() if p.startswith("/private/")}
        assert private == {}, name
        assert not any(r["url"].startswith(f"{crawl.base_url}/private/") for r in crawl.articles())
    assert manifest.private  # the site does link one


@pytest.mark.parametrize(
    ("crawl_name", "way"), [("sitemaps", "sitemap"), ("feeds", "feed"), ("links", "links")]
)
def test_each_discovery_way_alone(
    crawls: dict[str, Crawl], site: tuple[Path, SiteManifest], crawl_name: str, way: str
) -> None:
    _, manifest = site
    crawl = crawls[crawl_name]
    expected = Counter(a.path for a in manifest.articles if way in a.discovery)
    assert expected  # the site has articles found only this way
    assert Counter(crawl.article_paths()) == expected
    for article in manifest.articles:
        if way not in article.discovery:
            assert _hits_of(crawl, article) == 0, article.path


def test_records_match_the_manifest(
    crawls: dict[str, Crawl], site: tuple[Path, SiteManifest]
) -> None:
    _, manifest = site
    crawl = crawls["all"]
    by_url = {a["url"]: a for a in crawl.articles()}
    comments = [r for r in crawl.records if r["type"] == "comment"]
    for spec in manifest.articles:
        article = by_url[crawl.base_url + spec.path]
        assert article["headline"] == spec.title
        assert article["articleBody"] == "\n\n".join(spec.paragraphs), spec.path
        assert article["source"] == crawl.base_url + spec.path
        mine = sorted(
            (c for c in comments if c["articleId"] == article["id"]), key=lambda c: c["position"]
        )
        assert [c["position"] for c in mine] == list(range(len(spec.comments))), spec.path
        for record, expected in zip(mine, spec.comments, strict=True):
            assert (record["author"], record["text"], record["depth"]) == (
                expected.author,
                expected.text,
                expected.depth,
            )
            parent = None if expected.parent is None else mine[expected.parent]["id"]
            assert record["parentId"] == parent
            assert record["source"] == crawl.base_url + spec.comment_pages[expected.page - 1]
    assert len(comments) == sum(len(a.comments) for a in manifest.articles)
    assert any(len(a.comment_pages) == 2 for a in manifest.articles)


def test_since_drops_older_articles_before_fetching(
    crawls: dict[str, Crawl], site: tuple[Path, SiteManifest]
) -> None:
    _, manifest = site
    crawl = crawls["since"]
    since = since_date(manifest)
    newer = [a for a in manifest.articles if a.published[:10] >= since]
    older = [a for a in manifest.articles if a.published[:10] < since]
    assert newer
    assert older
    assert sorted(crawl.article_paths()) == sorted(a.path for a in newer)
    assert {a.path: _hits_of(crawl, a) for a in older} == {a.path: 0 for a in older}


def test_limit(crawls: dict[str, Crawl], site: tuple[Path, SiteManifest]) -> None:
    _, manifest = site
    crawl = crawls["limit"]
    assert len(crawl.articles()) == 3
    fetched = sum(crawl.server.hits[a.path] for a in (*manifest.articles, *manifest.private))
    assert fetched == 3


def test_site_spider_on_the_example_site(
    crawls: dict[str, Crawl], site: tuple[Path, SiteManifest]
) -> None:
    """southfront's rules extend the generic ones, so its spider crawls this site too."""
    _, manifest = site
    crawl = crawls["southfront"]
    assert Counter(crawl.article_paths()) == Counter(a.path for a in manifest.articles)
    assert len(crawl.records) == len(crawls["all"].records)
