"""What a hostile site cannot make copydesk do.

- fetch anything but http(s): links, feed entries, sitemap entries, robots.txt ``Sitemap:``
  lines and sitemap indexes naming ``file://``, ``ftp://``, ``data:``, ``s3://`` URLs are
  dropped by the spider, and the project's settings take Scrapy's handlers for those
  schemes away (``DOWNLOAD_HANDLERS``), so no request can read a local file;
- send the crawl off-site for articles;
- exhaust memory with a gzip bomb (``DOWNLOAD_MAXSIZE`` caps the decompressed size);
- run its JavaScript (nothing runs it: no browser, no JS engine; script text is dropped);
- choose where archive and output files go, or what they are called, through its URLs;
- get secrets (cookies, Authorization, user:password in URLs) into the WARC archive.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.core.downloader.handlers import DownloadHandlers
from scrapy.exceptions import NotSupported
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from test_crawl import EX, links_page, make_spider, urls
from test_crawl_runs import BUNDLED_SITE, run_crawl, take_hits

from crawler import settings as project_settings
from crawler.archive import WarcArchive
from crawler.example_site import ExampleSiteServer
from extractors import ExtractOptions, extract

ROOT = Path(__file__).resolve().parent.parent
COPYDESK = Path(sys.executable).with_name("copydesk")

SECRET = "TOP-SECRET-MARKER"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.xml"
    path.write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{EX}/2020/11/26/{SECRET}/</loc></url></urlset>",
        encoding="utf-8",
    )
    return path


def hostile_urls(secret: Path) -> list[str]:
    return [
        secret.as_uri(),
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://news.example/2020/11/26/a-story/",
        "s3://bucket/2020/11/26/a-story/",
        "data:text/html,<h1>a-story</h1>",
        "javascript:alert(1)",
        "gopher://news.example/2020/11/26/a-story/",
        "http://",  # no host
    ]


# --- only http(s) ---------------------------------------------------------------------------
def test_links_feeds_and_sitemaps_give_only_http_requests(secret_file: Path) -> None:
    bad = hostile_urls(secret_file)
    spider = make_spider(start=EX + "/")
    robots = "".join(f"Sitemap: {url}\n" for url in bad).encode()
    requested = urls(spider.parse_robots(TextResponse(EX + "/robots.txt", body=robots)))
    assert requested == [EX + "/"], requested  # the start page only: no sitemap at all

    locs = "".join(f"<sitemap><loc>{url.replace('<', '&lt;')}</loc></sitemap>" for url in bad)
    index = (
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>'
    )
    assert urls(spider.parse_sitemap(XmlResponse(EX + "/s.xml", body=index.encode()), 0)) == []

    entries = "".join(f"<url><loc>{url.replace('<', '&lt;')}</loc></url>" for url in bad)
    urlset = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    assert urls(spider.parse_sitemap(XmlResponse(EX + "/s.xml", body=urlset.encode()), 0)) == []

    items = "".join(f"<item><link>{url.replace('<', '&lt;')}</link></item>" for url in bad)
    feed = f"<rss><channel>{items}</channel></rss>".encode()
    assert urls(spider.parse_feed(XmlResponse(EX + "/feed/", body=feed))) == []

    assert urls(spider.parse_listing(links_page(EX + "/", *bad), depth=0)) == []
    stats = spider.crawler.stats
    assert stats is not None
    assert stats.get_value("copydesk/discovery/skipped/sitemap/not_http") == 2 * len(bad)


def test_off_site_articles_are_not_requested() -> None:
    spider = make_spider(start=EX + "/")
    off_site = [
        "https://elsewhere.example/2020/11/26/a-story/",
        "https://news.example.evil.example/2020/11/26/a-story/",
        "https://news.example:8443/2020/11/26/a-story/",
        "http://127.0.0.1/2020/11/26/a-story/",
    ]
    assert urls(spider.parse_listing(links_page(EX + "/", *off_site), depth=0)) == []
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in off_site)
    urlset = f"<urlset>{entries}</urlset>".encode()
    assert urls(spider.parse_sitemap(XmlResponse(EX + "/s.xml", body=urlset), 0)) == []
    # Scrapy's OffsiteMiddleware is the second line: the spider names its site.
    assert spider.allowed_domains == ["news.example"]


def download(settings: dict[str, Any], url: str) -> bytes:
    crawler = get_crawler(Spider, settings)
    crawler.spider = crawler._create_spider("test")
    handlers = DownloadHandlers(crawler)

    async def fetch() -> bytes:
        response = await handlers.download_request_async(Request(url))
        return response.body

    return asyncio.run(fetch())


@pytest.mark.parametrize("scheme", ["file", "ftp", "s3", "data"])
def test_project_settings_take_the_non_http_handlers_away(scheme: str, secret_file: Path) -> None:
    handlers = project_settings.DOWNLOAD_HANDLERS
    assert handlers == {"file": None, "ftp": None, "s3": None, "data": None}
    url = {
        "file": secret_file.as_uri(),
        "ftp": "ftp://127.0.0.1:9/x",
        "s3": "s3://bucket/x",
        "data": "data:text/plain,x",
    }[scheme]
    with pytest.raises(NotSupported, match=f"Unsupported URL scheme '{scheme}'"):
        download({"DOWNLOAD_HANDLERS": handlers}, url)


def test_scrapy_alone_would_read_a_local_file(secret_file: Path) -> None:
    """Why the settings above matter: Scrapy's default handlers read file:// URLs."""
    assert SECRET.encode() in download({}, secret_file.as_uri())


# --- gzip bomb over HTTP --------------------------------------------------------------------
@pytest.fixture(scope="module")
def bomb_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    server = ExampleSiteServer(BUNDLED_SITE)
    server.start()
    try:
        base = server.base_url
        bomb = base + "/faults/gzip-bomb?bytes=67108864"  # 64 MiB inflated, 65 KB sent
        small = base + "/faults/gzip-bomb?bytes=1048576"  # 1 MiB: under the cap
        folder = tmp_path_factory.mktemp("bomb")
        crawl = run_crawl(folder, "bomb", ["-a", f"urls={bomb},{small}"], {"LOG_LEVEL": "DEBUG"})
        yield crawl, take_hits(server)
    finally:
        server.stop()


def test_gzip_bomb_response_is_dropped_at_the_decompressed_size_cap(
    bomb_crawl: tuple[Any, Any],
) -> None:
    crawl, hits = bomb_crawl
    stats = crawl.stats()
    assert stats["finish_reason"] == "finished"
    assert hits["/faults/gzip-bomb"] == 2  # not retried
    assert project_settings.DOWNLOAD_MAXSIZE == 32 * 1024 * 1024
    assert re.search(r"exceeded DOWNLOAD_MAXSIZE \(33554432 B\) during decompression", crawl.log), (
        crawl.log[-3000:]
    )
    # The page under the cap is decompressed and read (it has no article text).
    assert stats.get("httpcompression/response_count") == 1
    assert stats.get("httpcompression/response_bytes") == 1024 * 1024 + 40


# --- no JavaScript --------------------------------------------------------------------------
def test_scripts_are_never_run_nor_taken_as_text() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} of a plain article about the council budget and its new bike lanes, "
        "long enough to be taken as the main text of the page.</p>"
        for n in range(5)
    )
    page = (
        "<html><head><title>Budget</title>"
        '<script>document.title = "SCRIPT-RAN"; fetch("http://127.0.0.1:9/")</script></head>'
        f"<body><article><h1>Budget</h1>{paragraphs}"
        '<script>document.write("<p>SCRIPT-RAN written by a script</p>")</script>'
        '<noscript>Enable JavaScript</noscript><img src=x onerror="alert(1)"></article>'
        "</body></html>"
    )
    extraction = extract(page.encode(), "https://news.example/budget", ExtractOptions())
    text = repr(extraction.article.to_dict())
    assert "Paragraph 4" in text
    assert "SCRIPT-RAN" not in text
    assert "document.write" not in text


# --- file names never come from URLs --------------------------------------------------------
HOSTILE_PAGE_URLS = [
    "http://news.example/../../../../etc/passwd",
    "http://news.example/%2e%2e/%2e%2e/evil.warc.gz",
    "http://news.example/..%2f..%2fcopydesk-evil.warc.gz",
    "http://news.example/" + "a" * 5000 + ".html",
    "http://news.example/\u202e\u0000name?x=/../../y",
    "http://user:hunter2@news.example/private",
]


def test_archive_file_names_do_not_come_from_urls(tmp_path: Path) -> None:
    archive_dir = tmp_path / "crawl"
    crawler = get_crawler(Spider, {"ARCHIVE_DIR": str(archive_dir), "ARCHIVE_ENABLED": True})
    crawler.spider = crawler._create_spider("test")
    archive = WarcArchive.from_crawler(crawler)
    for url in HOSTILE_PAGE_URLS:
        request = Request(
            url, headers={"Cookie": "session=COOKIE-SECRET", "Authorization": "Bearer AUTH-SECRET"}
        )
        response = HtmlResponse(
            url,
            body=b"<html><body><p>page</p></body></html>",
            headers={"Content-Type": "text/html", "Set-Cookie": "id=SET-COOKIE-SECRET"},
            request=request,
        )
        archive.response_received(response, request)
    archive.spider_closed()

    everything = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert everything[0] == Path("crawl")
    names = [path.name for path in everything[1:]]
    assert all(path.parent == Path("crawl") for path in everything[1:]), everything
    assert len(names) == 1
    assert re.fullmatch(r"copydesk-\d{14}-\d{5}-\d+\.warc\.gz", names[0]), names
    with gzip.open(archive_dir / names[0]) as unzipped:
        warc = unzipped.read()
    assert warc.count(b"WARC-Type: response") == len(HOSTILE_PAGE_URLS)
    for secret in (b"COOKIE-SECRET", b"AUTH-SECRET", b"SET-COOKIE-SECRET", b"hunter2"):
        assert secret not in warc


def test_output_file_is_where_it_was_asked_whatever_the_url(tmp_path: Path) -> None:
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<html><body><article><h1>A</h1><p>"
        + "Some words of an article that is long enough to keep. " * 10
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for url in HOSTILE_PAGE_URLS[:4]:
        result = subprocess.run(
            [COPYDESK, "extract", str(page), "--url", url, "-o", str(out_dir / "out.jsonl")],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    found = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert found == ["in", "in/page.html", "out", "out/out.jsonl"]
