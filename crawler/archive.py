"""Archive every fetched HTML page to rotating WARC files, so a crawl can be re-cleaned offline.

``copydesk extract crawl/*.warc.gz`` reads these files back and gives the same records as
the live crawl: each HTML response becomes a WARC/1.1 ``response`` record holding exactly
the body the spider saw, at the URL the spider saw (after redirects), next to a ``request``
record for the request that fetched it.

Settings (defaults in ``crawler/settings.py``):

* ``ARCHIVE_ENABLED`` (True): ``-s ARCHIVE_ENABLED=0`` turns the extension off.
* ``ARCHIVE_DIR`` ("crawl"): folder for the files, relative to the working directory;
  created when the first file is opened.
* ``ARCHIVE_ROTATE_BYTES`` (100 MiB): once a file reaches this size (compressed), it is
  closed after the current request/response pair and the next pair starts a new file.
* ``ARCHIVE_PREFIX`` ("copydesk"): start of each file name, which is
  ``<prefix>-<UTC yyyymmddhhmmss>-<serial>-<pid>.warc.gz``. No part of a name comes from a
  URL, so every file lands inside ``ARCHIVE_DIR``.
* ``ARCHIVE_KEEP_COOKIES`` (False): keep ``Set-Cookie``, ``Cookie`` and ``Authorization``
  headers and URL credentials. By default they are left out, so no session or secret ends
  up in an archive. ``Proxy-Authorization`` (the crawler's own proxy password) is always
  left out.

What is archived: each response the engine hands to the spider (the ``response_received``
signal: once per final response, after redirects and retries, whatever its status, so 404
and 500 pages are kept and ``copydesk extract`` decides what to do with them) whose URL is
http(s), whose request is not a HEAD, whose Content-Type is ``text/html`` or
``application/xhtml+xml`` (or is missing and Scrapy took the body for HTML), and which is
not a ``/robots.txt``. Images, feeds, sitemaps and robots.txt (even a robots.txt 404 page
served as HTML) stay out.

File safety: a file is written under ``<name>.warc.gz.open`` and renamed to
``<name>.warc.gz`` when it is rotated or the spider closes, so a reader globbing
``*.warc.gz`` never takes a half-written file for a complete one. Each record is its own
gzip member and is flushed as soon as it is written, so a crash loses at most the record
being written; the ``.open`` file left behind is readable up to that record. If writing
fails (disk full, permissions), the error is logged, ``archive/errors`` is counted,
archiving stops and the spider is closed with reason ``archive_error``: a crawl whose
archive silently stopped would look complete and not be.

Crawl stats: ``archive/files`` (files opened), ``archive/records`` (WARC records written,
the ``warcinfo`` of each file included), ``archive/bytes`` (compressed bytes written).

What the spider did with a page: ``copydesk extract`` reads each response record alone, so
the response records of a spider that marks its requests (crawler/spiders/news.py does)
carry WARC headers of our own that say what the live crawl made of the page:

* ``Copydesk-Record: article`` (``meta["copydesk_article"]``): extracted whole.
* ``Copydesk-Record: discovery`` (``meta["copydesk_discovery"]``): the start page, a
  listing, a sitemap or feed: fetched only to find articles, never extracted live;
  ``copydesk extract`` skips these records unless given ``--discovery-pages``.
* ``Copydesk-Record: comment-page`` (``meta["copydesk_comment_page"]``, with
  ``meta["copydesk_article_url"]``, ``meta["copydesk_comment_page_number"]`` and
  ``meta["copydesk_comment_offset"]``), with ``Copydesk-Article-URL: <article URL>``,
  ``Copydesk-Comment-Page: <N>`` and ``Copydesk-Comment-Offset: <K>``: a later comment
  page (``comment-page-N/``) whose comments the live crawl attached to the article, numbered
  from K; ``copydesk extract`` does the same (``extractors.comment_pages``).

A request without these marks (another spider's) gets no such header, and its page is
extracted whole offline. (The WARC fields ``WARC-Refers-To`` and ``WARC-Concurrent-To``
are not used for this: they name other records, with other meanings in the WARC spec.)

Each archived response also gets ``response.meta["archive_date"]``, the WARC-Date of its
records, so a spider can pass it to ``extract(..., date_downloaded=...)`` and give the very
``dateDownloaded`` that ``copydesk extract`` reads back from the archive.
"""

from __future__ import annotations

import http
import itertools
import logging
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from io import BytesIO
from pathlib import Path
from typing import IO, Any, Final, Self
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request, Response
from scrapy.http.headers import Headers
from scrapy.utils.defer import deferred_from_coro
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

_HTML_MEDIA_TYPES: Final = frozenset({b"text/html", b"application/xhtml+xml"})
_PREFIX_RE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Headers that carry a session or a secret, left out unless ARCHIVE_KEEP_COOKIES is set.
_SECRET_RESPONSE_HEADERS: Final = frozenset({b"set-cookie", b"set-cookie2"})
_SECRET_REQUEST_HEADERS: Final = frozenset({b"cookie", b"authorization"})
_ALWAYS_DROPPED_REQUEST_HEADERS: Final = frozenset({b"proxy-authorization"})
# Scrapy hands the spider the body after undoing the transfer coding (chunking) and,
# in HttpCompressionMiddleware, the content coding (gzip, br, ...), and it drops
# Content-Encoding once every coding is undone. The bytes as they came off the wire are
# gone by then, so the record holds the body as the spider saw it: the headers that
# described the wire form (Content-Length of the compressed body, Transfer-Encoding) are
# replaced by a Content-Length of the stored body, so that the record is self-consistent
# and a WARC reader gets the same bytes as the spider. A Content-Encoding still present
# names codings Scrapy could not undo and so still applies to the stored body: it is kept.
_WIRE_FORM_HEADERS: Final = frozenset({b"content-length", b"transfer-encoding"})
_SERIALS: Final = itertools.count()  # per process, so two crawlers never pick one name


@dataclass
class _OpenFile:
    """The WARC file being written: its ``.open`` path, its final path and its writer."""

    temp_path: Path
    final_path: Path
    handle: IO[bytes]
    writer: Any  # warcio.warcwriter.WARCWriter (untyped)


class WarcArchive:
    """Scrapy extension writing HTML responses to rotating ``.warc.gz`` files."""

    def __init__(
        self,
        crawler: Crawler,
        *,
        folder: Path,
        rotate_bytes: int,
        prefix: str,
        keep_cookies: bool,
    ) -> None:
        if not _PREFIX_RE.fullmatch(prefix):
            message = (
                f"ARCHIVE_PREFIX must be letters, digits, '.', '_' or '-' (and not start "
                f"with '.', '_' or '-'), got {prefix!r}"
            )
            raise ValueError(message)
        self.crawler = crawler
        self.folder = folder
        self.rotate_bytes = rotate_bytes
        self.prefix = prefix
        self.keep_cookies = keep_cookies
        self._file: _OpenFile | None = None
        self._failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED", True):
            raise NotConfigured("ARCHIVE_ENABLED is off")
        archive = cls(
            crawler,
            folder=Path(settings.get("ARCHIVE_DIR", "crawl")),
            rotate_bytes=settings.getint("ARCHIVE_ROTATE_BYTES", 100 * 1024 * 1024),
            prefix=settings.get("ARCHIVE_PREFIX", "copydesk"),
            keep_cookies=settings.getbool("ARCHIVE_KEEP_COOKIES", False),
        )
        crawler.signals.connect(archive.response_received, signal=signals.response_received)
        crawler.signals.connect(archive.spider_closed, signal=signals.spider_closed)
        return archive

    # --- signal handlers ---------------------------------------------------------------

    def response_received(self, response: Response, request: Request) -> None:
        if self._failed or not _should_archive(response, request):
            return
        fetched = datetime.now(UTC)
        warc_date = fetched.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        try:
            self._write_pair(response, request, warc_date, fetched)
        except Exception:  # OSError mostly; anything else may have torn the file just as well
            self._fail(f"cannot write the WARC archive in {self.folder}")
            return
        request.meta["archive_date"] = warc_date

    def spider_closed(self) -> None:
        try:
            self._close_file()
        except OSError:
            self._fail(f"cannot finish the WARC archive in {self.folder}", close_spider=False)

    # --- writing -----------------------------------------------------------------------

    def _write_pair(
        self, response: Response, request: Request, warc_date: str, fetched: datetime
    ) -> None:
        current = self._file or self._open_file(fetched, warc_date)
        writer = current.writer
        uri = response.url if self.keep_cookies else _without_userinfo(response.url)
        response_headers = _warc_headers("response", uri, warc_date)
        if response.ip_address is not None:
            response_headers["WARC-IP-Address"] = str(response.ip_address)
        response_headers.update(self._copydesk_headers(request.meta))
        body = response.body
        response_record = writer.create_warc_record(
            uri,
            "response",
            payload=BytesIO(body),
            length=len(body),
            warc_headers_dict=response_headers,
            http_headers=self._response_http_headers(response, len(body)),
        )
        request_record = writer.create_warc_record(
            uri,
            "request",
            payload=BytesIO(request.body),
            length=len(request.body),
            warc_headers_dict=_warc_headers("request", uri, warc_date),
            http_headers=self._request_http_headers(request, response),
        )
        # Writes the response, then the request with WARC-Concurrent-To the response's id.
        self._write(current, writer.write_request_response_pair, request_record, response_record)
        self._count("archive/records", 2)
        if current.handle.tell() >= self.rotate_bytes:
            self._close_file()

    def _open_file(self, opened: datetime, warc_date: str) -> _OpenFile:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = opened.strftime("%Y%m%d%H%M%S")
        while True:
            name = f"{self.prefix}-{stamp}-{next(_SERIALS):05d}-{os.getpid()}.warc.gz"
            final_path = self.folder / name
            temp_path = self.folder / f"{name}.open"
            if final_path.exists():
                continue
            try:
                handle = temp_path.open("xb")  # never overwrite: another crawl may own it
            except FileExistsError:
                continue
            break
        writer = WARCWriter(handle, gzip=True, warc_version="1.1")
        self._file = _OpenFile(temp_path, final_path, handle, writer)
        self._count("archive/files", 1)
        logger.info("Archiving HTML responses to %s", temp_path)
        warcinfo = writer.create_warcinfo_record(name, self._warcinfo_fields())
        warcinfo.rec_headers.replace_header("WARC-Date", warc_date)  # not after its records
        self._write(self._file, writer.write_record, warcinfo)
        self._count("archive/records", 1)
        return self._file

    def _write(self, current: _OpenFile, write: Callable[..., object], *records: Any) -> None:
        """Write records with ``write`` (each is flushed by warcio); count the bytes."""
        before = current.handle.tell()
        write(*records)
        current.handle.flush()
        self._count("archive/bytes", current.handle.tell() - before)

    def _close_file(self) -> None:
        current, self._file = self._file, None
        if current is None:
            return
        current.handle.close()
        current.temp_path.rename(current.final_path)
        logger.info("Closed WARC file %s", current.final_path)

    def _fail(self, message: str, *, close_spider: bool = True) -> None:
        """Log the error, stop archiving and close the spider: the archive is incomplete."""
        then = "archiving stops and the spider is closed" if close_spider else "archiving stops"
        logger.exception("%s; %s", message, then)
        self._count("archive/errors", 1)
        self._failed = True
        current, self._file = self._file, None
        if current is not None:
            try:
                current.handle.close()  # keeps its .open name: it ends with a torn record
            except OSError:
                logger.warning("Could not close %s", current.temp_path)
        engine = self.crawler.engine
        if close_spider and engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="archive_error"))

    def _count(self, key: str, amount: int) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, amount)

    # --- records -----------------------------------------------------------------------

    def _warcinfo_fields(self) -> dict[str, str]:
        settings = self.crawler.settings
        spider = self.crawler.spider
        fields = {
            "software": (
                f"copydesk crawler/archive.py (Scrapy {scrapy.__version__}, "
                f"warcio {package_version('warcio')})"
            ),
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": str(settings.get("USER_AGENT", "")),
        }
        if spider is not None:
            fields["isPartOf"] = spider.name
        return fields

    def _copydesk_headers(self, meta: dict[str, Any]) -> dict[str, str]:
        """What the spider made of the page, from its request's meta (module docstring)."""
        if meta.get("copydesk_comment_page"):
            article_url = meta.get("copydesk_article_url")
            page = meta.get("copydesk_comment_page_number")
            offset = meta.get("copydesk_comment_offset")
            if not (isinstance(article_url, str) and _is_count(page) and _is_count(offset)):
                return {}  # e.g. a request queued in a JOBDIR by an older version
            if not self.keep_cookies:
                article_url = _without_userinfo(article_url)
            return {
                "Copydesk-Record": "comment-page",
                "Copydesk-Article-URL": article_url,
                "Copydesk-Comment-Page": str(page),
                "Copydesk-Comment-Offset": str(offset),
            }
        if meta.get("copydesk_article"):
            return {"Copydesk-Record": "article"}
        if meta.get("copydesk_discovery"):
            return {"Copydesk-Record": "discovery"}
        return {}

    def _response_http_headers(self, response: Response, body_length: int) -> Any:
        drop = _WIRE_FORM_HEADERS
        if not self.keep_cookies:
            drop = drop | _SECRET_RESPONSE_HEADERS
        headers = _header_pairs(response.headers, drop)
        headers.append(("Content-Length", str(body_length)))
        status = response.status
        statusline = f"{status} {_reason_phrase(status)}"
        return StatusAndHeaders(statusline, headers, protocol=_http_version(response))

    def _request_http_headers(self, request: Request, response: Response) -> Any:
        drop = _ALWAYS_DROPPED_REQUEST_HEADERS
        if not self.keep_cookies:
            drop = drop | _SECRET_REQUEST_HEADERS
        parts = urlsplit(request.url)
        headers = _header_pairs(request.headers, drop | {b"host", b"content-length"})
        # Twisted adds Host (and Content-Length for a body) below Scrapy's request headers.
        headers.insert(0, ("Host", parts.netloc.rpartition("@")[2]))
        if request.body:
            headers.append(("Content-Length", str(len(request.body))))
        target = parts.path or "/"
        if parts.query:
            target = f"{target}?{parts.query}"
        line = f"{request.method} {target} {_http_version(response)}"
        return StatusAndHeaders(line, headers, is_http_request=True)


def _should_archive(response: Response, request: Request) -> bool:
    if urlsplit(response.url).scheme not in {"http", "https"} or request.method == "HEAD":
        return False
    urls = [response.url, *request.meta.get("redirect_urls", [])]
    if any(urlsplit(url).path == "/robots.txt" for url in urls):
        return False
    content_type = response.headers.get(b"Content-Type")
    if not content_type or not content_type.strip():
        return isinstance(response, HtmlResponse)
    return content_type.split(b";", 1)[0].strip().lower() in _HTML_MEDIA_TYPES


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _warc_headers(record_type: str, uri: str, warc_date: str) -> dict[str, str]:
    """The WARC headers we set, in the usual order (warcio appends the ones it adds)."""
    return {
        "WARC-Type": record_type,
        "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
        "WARC-Date": warc_date,
        "WARC-Target-URI": uri,
    }


def _header_pairs(headers: Headers, drop: frozenset[bytes]) -> list[tuple[str, str]]:
    """Header lines as (name, value) text, one per value, leaving out the names in ``drop``.

    Scrapy keeps header names title-cased (``Etag``, ``X-Xss-Protection``) and the values
    of a repeated header together, so neither the original case nor the interleaving of
    repeated headers can be restored; values are kept byte for byte (as Latin-1 text,
    which warcio writes back as the same bytes when they are ASCII and %-encodes else).
    """
    pairs: list[tuple[str, str]] = []
    for name, values in headers.items():
        if name.lower() in drop:
            continue
        text_name = name.decode("latin-1")
        pairs.extend((text_name, value.decode("latin-1")) for value in values)
    return pairs


def _reason_phrase(status: int) -> str:
    """The standard reason phrase: Scrapy does not keep the one the server sent."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _http_version(response: Response) -> str:
    """``HTTP/1.1`` and the like; Scrapy names HTTP/2 ``h2``, and may not know at all."""
    protocol = response.protocol or ""
    if protocol.upper().startswith("HTTP/"):
        return protocol.upper()
    if protocol.lower() == "h2":
        return "HTTP/2"
    return "HTTP/1.1"


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
