"""The WARC archive extension (crawler/archive.py), end to end.

Real ``scrapy runspider`` crawls (run from the repository root, so with the project's
settings and asyncio reactor) fetch pages from an HTTP server on 127.0.0.1 started here,
then warcio and ``copydesk extract`` read the files back. The four crawls (defaults,
tiny rotation size with cookies kept, archive off, archive folder unwritable) run in
parallel to keep the test fast.
"""

from __future__ import annotations

import ast
import gzip
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.archive import WarcArchive
from extractors import ExtractOptions, extract

ROOT = Path(__file__).resolve().parent.parent
NAME_RE = re.compile(r"copydesk-(\d{14})-(\d{5})-(\d+)\.warc\.gz")
WARC_DATE_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
COOKIE_SECRET = "session=cookie-from-server"
REQUEST_COOKIE = "visitor=cookie-from-spider"
AUTHORIZATION = "Basic c2VjcmV0OnBhc3N3b3Jk"
CRAWL_TIMEOUT = 60


# --- the pages ---------------------------------------------------------------------------


def _article(title: str, topic: str, comments: str = "") -> bytes:
    paragraphs = "\n".join(
        f"<p>{sentence}</p>"
        for sentence in (
            f"The city council voted on Tuesday to expand {topic}, after a debate that "
            "lasted well into the evening and drew residents from every district.",
            f"Supporters said {topic} would cut travel times and make the streets safer for "
            "children, older people and everyone who walks to the café on the corner.",
            "Opponents questioned the cost, which the finance office puts at 4.2 million "
            "euros over five years, and asked for an independent review of the estimates.",
            "The mayor promised that the first phase would start in the spring and that the "
            "council would publish a report on its progress every three months.",
            "Local businesses were divided: some expect more customers, while others worry "
            "about deliveries and parking during the months of construction work.",
        )
    )
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Test Gazette</title>
<meta property="og:title" content="{title}">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-01T08:00:00+00:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>
<main><article><h1>{title}</h1>
<p class="byline">By Jane Reporter, March 1, 2024</p>
{paragraphs}
</article>{comments}</main>
<footer><p>© 2024 Test Gazette. All rights reserved.</p></footer>
</body></html>
"""
    return html.encode()


WORDPRESS_COMMENTS = """
<div id="comments" class="comments-area">
<h2 class="comments-title">2 thoughts on &ldquo;Council expands the tram&rdquo;</h2>
<ol class="comment-list">
<li id="comment-11" class="comment even thread-even depth-1">
<article id="div-comment-11" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Maria Lopez</b>
<span class="says">says:</span></div>
<div class="comment-metadata"><a href="#comment-11">
<time datetime="2024-03-02T10:15:00+00:00">March 2, 2024 at 10:15 am</time></a></div>
</footer>
<div class="comment-content"><p>Finally! I have waited ten years for this line.</p></div>
</article>
<ol class="children">
<li id="comment-12" class="comment odd alt depth-2">
<article id="div-comment-12" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Tom Baker</b>
<span class="says">says:</span></div>
<div class="comment-metadata"><a href="#comment-12">
<time datetime="2024-03-02T11:40:00+00:00">March 2, 2024 at 11:40 am</time></a></div>
</footer>
<div class="comment-content"><p>Ten years and it still is not built, Maria.</p></div>
</article>
</li>
</ol>
</li>
</ol>
</div>
"""

NOT_FOUND = (
    b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
    b"</head><body><h1>Page not found</h1><p>Sorry, there is nothing here.</p></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title></channel></rss>'
HTML_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Route:
    status: int
    body: bytes
    content_type: str | None = HTML_TYPE
    headers: tuple[tuple[str, str], ...] = ()
    gzip: bool = False
    chunked: bool = False


ROUTES: dict[str, Route] = {
    "/news/alpha.html": Route(
        200, _article("Council expands the tram", "the tram", WORDPRESS_COMMENTS)
    ),
    "/news/beta.html": Route(200, _article("Bike lanes for the old town", "bike lanes"), gzip=True),
    "/news/gamma.html": Route(
        200,
        _article("New bus depot opens", "the bus network"),
        headers=(("Set-Cookie", f"{COOKIE_SECRET}; Path=/; HttpOnly"),),
        chunked=True,
    ),
    "/moved": Route(301, b"", content_type=None, headers=(("Location", "/news/gamma.html"),)),
    "/missing.html": Route(404, NOT_FOUND),
    "/robots.txt": Route(404, NOT_FOUND),  # an HTML error page: must stay out of the archive
    "/img/photo.png": Route(200, PNG, content_type="image/png"),
    "/feed.xml": Route(200, FEED, content_type="application/rss+xml"),
}
ARTICLES = ("/news/alpha.html", "/news/beta.html", "/news/gamma.html")
ARCHIVED = (*ARTICLES, "/missing.html")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        route = ROUTES.get(self.path, Route(404, NOT_FOUND))
        body = gzip.compress(route.body) if route.gzip else route.body
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        for name, value in route.headers:
            self.send_header(name, value)
        if route.gzip:
            self.send_header("Content-Encoding", "gzip")
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 1000):
                chunk = body[start : start + 1000]
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


SPIDER = f"""
import scrapy


class ArchiveTestSpider(scrapy.Spider):
    name = "archive_test"

    async def start(self):
        for path in ("/news/alpha.html", "/news/beta.html", "/img/photo.png", "/feed.xml",
                     "/missing.html"):
            yield scrapy.Request(self.base + path)
        secrets = {{"Cookie": "{REQUEST_COOKIE}", "Authorization": "{AUTHORIZATION}"}}
        yield scrapy.Request(self.base + "/moved", headers=secrets)

    def parse(self, response):
        self.logger.info("archive_date %s %s", response.url, response.meta.get("archive_date"))
"""


# --- the crawls --------------------------------------------------------------------------


@dataclass
class Crawl:
    folder: Path
    result: subprocess.CompletedProcess[str]
    started: datetime
    finished: datetime
    stats: dict[str, Any] = field(default_factory=dict)

    def files(self) -> list[Path]:
        return sorted(self.folder.iterdir()) if self.folder.exists() else []


@dataclass
class Crawls:
    base: str
    default: Crawl
    rotating: Crawl
    disabled: Crawl
    unwritable: Crawl


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawls]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        work = tmp_path_factory.mktemp("archive")
        spider = work / "archive_spider.py"
        spider.write_text(SPIDER)
        settings = {
            "default": [],
            "rotating": ["ARCHIVE_ROTATE_BYTES=1", "ARCHIVE_KEEP_COOKIES=1"],
            "disabled": ["ARCHIVE_ENABLED=0"],
            "unwritable": [],  # its ARCHIVE_DIR is a file, made below
        }
        (work / "unwritable").write_text("not a folder")
        started = datetime.now(UTC)
        running = {
            name: _start_crawl(spider, base, work / name, extra) for name, extra in settings.items()
        }
        done = {}
        for name, process in running.items():
            stdout, stderr = process.communicate(timeout=CRAWL_TIMEOUT)
            result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
            crawl = Crawl(work / name, result, started, datetime.now(UTC))
            assert result.returncode == 0, stderr  # also when archiving fails: see its test
            crawl.stats = _stats(stderr)
            done[name] = crawl
        yield Crawls(base, **done)
    finally:
        server.shutdown()
        server.server_close()


def _start_crawl(spider: Path, base: str, folder: Path, extra: list[str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"base={base}"]
    fast = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=0", "LOG_LEVEL=DEBUG"]
    state = f"INCREMENTAL_STATE={folder}.state.sqlite"
    store = f"STORE_URI={folder}.store.sqlite"
    for setting in [f"ARCHIVE_DIR={folder}", state, store, *fast, *extra]:
        command += ["-s", setting]
    env = {key: value for key, value in os.environ.items() if key != "SCRAPY_SETTINGS_MODULE"}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _stats(log: str) -> dict[str, Any]:
    """The stats dict Scrapy dumps at the end of the crawl (a pprint of a dict)."""
    match = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n", log, re.DOTALL)
    assert match, log
    text = re.sub(r"datetime\.datetime\([^)]*\)", "None", match.group(1))
    stats: dict[str, Any] = ast.literal_eval(text)
    return stats


# --- reading the archive -----------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """A response record and the request record that points at it."""

    uri: str
    date: str
    ip: str | None
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    request_line: str
    request_headers: list[tuple[str, str]]


def _records(path: Path) -> list[tuple[Any, bytes]]:
    """Every record of a WARC file with its content, digests checked (warcio raises)."""
    records = []
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle, check_digests="raise"):
            content = record.content_stream().read()
            if record.rec_type in {"request", "response"}:
                assert record.digest_checker.passed is True, record.rec_headers
            records.append((record, content))
    return records


def _exchanges(files: list[Path]) -> dict[str, Exchange]:
    responses: dict[str, tuple[Any, bytes]] = {}
    requests: dict[str, Any] = {}
    for path in files:
        records = _records(path)
        assert records[0][0].rec_type == "warcinfo"
        assert records[0][0].rec_headers.get_header("WARC-Filename") == path.name
        for record, content in records[1:]:
            headers = record.rec_headers
            if record.rec_type == "response":
                responses[headers.get_header("WARC-Record-ID")] = (record, content)
            else:
                assert record.rec_type == "request"
                requests[headers.get_header("WARC-Concurrent-To")] = record
    assert requests.keys() == responses.keys()
    exchanges = {}
    for record_id, (response, body) in responses.items():
        request = requests[record_id]
        uri = response.rec_headers.get_header("WARC-Target-URI")
        date = response.rec_headers.get_header("WARC-Date")
        assert request.rec_headers.get_header("WARC-Target-URI") == uri
        assert request.rec_headers.get_header("WARC-Date") == date
        assert uri not in exchanges
        exchanges[uri] = Exchange(
            uri=uri,
            date=date,
            ip=response.rec_headers.get_header("WARC-IP-Address"),
            status=int(response.http_headers.get_statuscode()),
            response_headers=list(response.http_headers.headers),
            body=body,
            request_line=f"{request.http_headers.protocol} {request.http_headers.statusline}",
            request_headers=list(request.http_headers.headers),
        )
    return exchanges


def _header(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key.lower() == name.lower()]


# --- tests -------------------------------------------------------------------------------


def test_crawl_uses_the_project_settings(crawls: Crawls) -> None:
    log = crawls.default.result.stderr
    assert "Using reactor: twisted.internet.asyncioreactor.AsyncioSelectorReactor" in log
    assert "crawler.archive.WarcArchive" in log
    assert "Traceback" not in log


def test_files_are_named_and_closed(crawls: Crawls) -> None:
    files = crawls.default.files()
    assert len(files) == 1
    match = NAME_RE.fullmatch(files[0].name)
    assert match, files[0].name
    stamp = datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    assert crawls.default.started.replace(microsecond=0) <= stamp <= crawls.default.finished
    assert not list(crawls.default.folder.rglob("*.open"))


def test_html_responses_are_archived_as_pairs(crawls: Crawls) -> None:
    crawl = crawls.default
    exchanges = _exchanges(crawl.files())
    assert sorted(exchanges) == sorted(crawls.base + path for path in ARCHIVED)
    for path in ARCHIVED:
        exchange = exchanges[crawls.base + path]
        route = ROUTES[path]
        assert exchange.status == route.status
        assert exchange.body == route.body
        assert exchange.ip == "127.0.0.1"
        assert WARC_DATE_RE.fullmatch(exchange.date), exchange.date
        fetched = datetime.strptime(exchange.date, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        assert crawl.started <= fetched <= crawl.finished
        assert exchange.request_line == f"GET {path} HTTP/1.1"
        assert _header(exchange.request_headers, "Host") == [crawls.base.split("//")[1]]
        assert _header(exchange.response_headers, "Content-Type") == [HTML_TYPE]
        # The record holds the decoded body, so it describes it: no wire-only headers.
        assert _header(exchange.response_headers, "Content-Length") == [str(len(route.body))]
        assert not _header(exchange.response_headers, "Content-Encoding")
        assert not _header(exchange.response_headers, "Transfer-Encoding")
    # The spider sees the WARC-Date of its response, to use as dateDownloaded.
    for path in ARTICLES:
        url = crawls.base + path
        assert f"archive_date {url} {exchanges[url].date}" in crawl.result.stderr


def test_no_cookie_or_secret_by_default(crawls: Crawls) -> None:
    exchanges = _exchanges(crawls.default.files())
    gamma = exchanges[crawls.base + "/news/gamma.html"]
    assert not _header(gamma.response_headers, "Set-Cookie")
    assert not _header(gamma.request_headers, "Cookie")
    assert not _header(gamma.request_headers, "Authorization")
    for path in crawls.default.files():
        with gzip.open(path) as unzipped:
            text = unzipped.read()
        for secret in (COOKIE_SECRET, REQUEST_COOKIE, AUTHORIZATION):
            assert secret.encode() not in text


def test_stats_count_files_records_and_bytes(crawls: Crawls) -> None:
    for crawl in (crawls.default, crawls.rotating):
        files = crawl.files()
        records = sum(len(_records(path)) for path in files)
        assert crawl.stats["archive/files"] == len(files)
        assert crawl.stats["archive/records"] == records == len(files) + 2 * len(ARCHIVED)
        assert crawl.stats["archive/bytes"] == sum(path.stat().st_size for path in files)
        assert "archive/errors" not in crawl.stats


def test_tiny_rotation_size_gives_one_file_per_pair(crawls: Crawls) -> None:
    files = crawls.rotating.files()
    assert len(files) == len(ARCHIVED)
    assert all(NAME_RE.fullmatch(path.name) for path in files), files
    assert not list(crawls.rotating.folder.rglob("*.open"))
    serials = sorted(int(NAME_RE.fullmatch(path.name).group(2)) for path in files)  # type: ignore[union-attr]
    assert serials == list(range(len(files)))
    for path in files:
        assert [record.rec_type for record, _ in _records(path)] == [
            "warcinfo",
            "response",
            "request",
        ]
    assert sorted(_exchanges(files)) == sorted(crawls.base + path for path in ARCHIVED)


def test_keep_cookies_keeps_them(crawls: Crawls) -> None:
    gamma = _exchanges(crawls.rotating.files())[crawls.base + "/news/gamma.html"]
    assert _header(gamma.response_headers, "Set-Cookie") == [f"{COOKIE_SECRET}; Path=/; HttpOnly"]
    assert _header(gamma.request_headers, "Cookie") == [REQUEST_COOKIE]
    assert _header(gamma.request_headers, "Authorization") == [AUTHORIZATION]


def test_disabled_archive_writes_nothing(crawls: Crawls) -> None:
    assert not crawls.disabled.folder.exists()
    assert not any(key.startswith("archive/") for key in crawls.disabled.stats)
    assert crawls.disabled.stats["response_received_count"] >= len(ARCHIVED)


def test_write_failure_stops_the_crawl_loudly(crawls: Crawls) -> None:
    crawl = crawls.unwritable
    assert crawl.stats["archive/errors"] == 1
    assert crawl.stats["finish_reason"] == "archive_error"
    assert "cannot write the WARC archive" in crawl.result.stderr
    assert crawl.folder.read_text() == "not a folder"


def test_bad_prefix_is_refused_and_disabling_raises_not_configured() -> None:
    with pytest.raises(ValueError, match="ARCHIVE_PREFIX"):
        WarcArchive.from_crawler(get_crawler(settings_dict={"ARCHIVE_PREFIX": "../elsewhere"}))
    with pytest.raises(NotConfigured):
        WarcArchive.from_crawler(get_crawler(settings_dict={"ARCHIVE_ENABLED": "0"}))


def test_response_records_say_what_the_spider_made_of_the_page(tmp_path: Path) -> None:
    """The ``Copydesk-*`` headers come from the request meta the news spider sets."""
    archive = WarcArchive(
        get_crawler(), folder=tmp_path, rotate_bytes=10**9, prefix="t", keep_cookies=False
    )
    article = "http://news.example/2024/05/01/story/"
    comment_page = {
        "copydesk_comment_page": True,
        "copydesk_article_url": "http://user:pw@news.example/2024/05/01/story/",
        "copydesk_comment_page_number": 3,
        "copydesk_comment_offset": 100,
    }
    metas: dict[str, dict[str, Any]] = {
        "/article": {"copydesk_article": True, "copydesk_via": "links"},
        "/comments": comment_page,
        "/home": {"copydesk_discovery": True, "allow_offsite": True},
        "/other": {},  # another spider's request
        # queued in a JOBDIR by a version that did not put page and offset in the meta
        "/old-queue": {k: v for k, v in comment_page.items() if k != "copydesk_comment_offset"},
    }
    for url_path, meta in metas.items():
        request = scrapy.Request("http://news.example" + url_path, meta=meta)
        response = HtmlResponse(request.url, body=b"<html></html>", request=request)
        archive.response_received(response, request)
    archive.spider_closed()

    (warc,) = tmp_path.glob("*.warc.gz")
    found = {}
    for record, _ in _records(warc):
        if record.rec_type == "response":
            headers = record.rec_headers.headers
            uri = record.rec_headers.get_header("WARC-Target-URI")
            found[uri.removeprefix("http://news.example")] = {
                name: value for name, value in headers if name.startswith("Copydesk-")
            }
    assert found == {
        "/article": {"Copydesk-Record": "article"},
        "/comments": {
            "Copydesk-Record": "comment-page",
            "Copydesk-Article-URL": article,  # no credentials in the archive
            "Copydesk-Comment-Page": "3",
            "Copydesk-Comment-Offset": "100",
        },
        "/home": {"Copydesk-Record": "discovery"},
        "/other": {},
        "/old-queue": {},
    }


def test_copydesk_extract_reads_the_archive_like_the_live_pages(
    crawls: Crawls, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    files = [str(path) for path in crawls.default.files()]
    command = [sys.executable, "-m", "extractors.cli.main", "extract", *files, "-o", str(out)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode in {0, 1}, result.stderr  # 1: the 404 page may give an error
    records = [json.loads(line) for line in out.read_text().splitlines()]
    exchanges = _exchanges(crawls.default.files())
    articles = [record for record in records if record["type"] == "article"]
    by_url = {record["url"]: record for record in articles}
    for path in ARTICLES:
        url = crawls.base + path
        assert [record["url"] for record in articles].count(url) == 1
        article = by_url[url]
        live = extract(ROUTES[path].body, url, ExtractOptions())
        assert article["headline"] == live.article.headline
        assert article["articleBody"] == live.article.articleBody
        assert article["dateDownloaded"] == exchanges[url].date
        comments = [
            _without_source(record)
            for record in records
            if record["type"] == "comment" and record["articleId"] == article["id"]
        ]
        assert comments == [_without_source(comment.to_dict()) for comment in live.comments]
    alpha = by_url[crawls.base + "/news/alpha.html"]
    assert alpha["headline"] == "Council expands the tram"
    assert "café on the corner" in alpha["articleBody"]
    assert len([record for record in records if record["type"] == "comment"]) == 2


def _without_source(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "source"}
