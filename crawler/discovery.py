"""Finding article URLs without fetching them: robots.txt, sitemaps, feeds, feed links.

Pure parsing (no network, no Scrapy): bytes or text in, URLs and dates out, so every parser
is unit-tested on inline documents. Scrapy's ``SitemapSpider`` drops ``lastmod`` and the
Google News fields; we keep them so a crawl can skip old articles *before* fetching them.

XML is untrusted input. Every document is parsed by a fresh ``_safe_parser()``: entities are
never expanded (no billion laughs), no DTD or external entity is loaded (no file or network
read), libxml2's size limits stay on (``huge_tree=False``), and gzip bodies are decompressed
to a bounded size (a gzip bomb raises ``BodyTooLarge``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from extractors.dates import parse_date

__all__ = [
    "MAX_XML_BYTES",
    "BodyTooLarge",
    "DiscoveryError",
    "FeedEntry",
    "SitemapEntry",
    "SitemapPage",
    "UnreadableBody",
    "feed_links",
    "gunzip_bounded",
    "parse_datetime",
    "parse_feed",
    "parse_sitemap",
    "robots_sitemaps",
]

MAX_XML_BYTES = 50 * 1024 * 1024
"""The sitemap protocol's own cap on an uncompressed sitemap (50 MiB)."""

_GZIP_MAGIC = b"\x1f\x8b"


class DiscoveryError(ValueError):
    """A discovery document that cannot be read; the message says why."""


class BodyTooLarge(DiscoveryError):
    """A (decompressed) document over the size cap: a mistake or a gzip bomb."""


class UnreadableBody(DiscoveryError):
    """A body that claims to be gzip but does not decompress."""


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` of a urlset, or one ``<sitemap>`` of an index (news fields ``None``)."""

    loc: str
    lastmod: datetime | None = None
    news_publication_date: datetime | None = None
    news_title: str | None = None

    @property
    def date(self) -> datetime | None:
        """The best date to filter on: the news publication date, else ``lastmod``."""
        return self.news_publication_date or self.lastmod


@dataclass(frozen=True)
class SitemapPage:
    """A parsed sitemap: an index lists child ``sitemaps``, a urlset lists ``urls``."""

    sitemaps: tuple[SitemapEntry, ...] = ()
    urls: tuple[SitemapEntry, ...] = ()

    @property
    def is_index(self) -> bool:
        return bool(self.sitemaps)


@dataclass(frozen=True)
class FeedEntry:
    """One RSS item or Atom entry."""

    url: str
    published: datetime | None = None
    title: str | None = None


# --- robots.txt -------------------------------------------------------------------------
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(?P<url>\S+)", re.IGNORECASE | re.MULTILINE)


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, absolute, deduplicated, in file order.

    >>> robots_sitemaps("User-agent: *\\nSitemap: /sitemap.xml\\n", "https://a.example/robots.txt")
    ['https://a.example/sitemap.xml']
    """
    found = (urljoin(base_url, m.group("url")) for m in _SITEMAP_LINE.finditer(text))
    return list(dict.fromkeys(found))


# --- XML --------------------------------------------------------------------------------
def _safe_parser() -> etree.XMLParser:
    """A parser that never expands entities nor reads anything but the bytes it is given."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,  # real sitemaps and feeds carry stray '&' and bad bytes
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def gunzip_bounded(body: bytes, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """``body`` decompressed if it is gzip (several members allowed), else as is.

    Raises ``BodyTooLarge`` past ``max_bytes`` of output and ``UnreadableBody`` on a
    corrupt stream; a truncated stream gives what decompressed.
    """
    if not body.startswith(_GZIP_MAGIC):
        return body
    out = bytearray()
    data = body
    while data.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(data, max_bytes + 1 - len(out))
            while inflater.unconsumed_tail and len(out) <= max_bytes:
                out += inflater.decompress(inflater.unconsumed_tail, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise UnreadableBody(f"gzip body does not decompress: {exc}") from exc
        if len(out) > max_bytes:
            raise BodyTooLarge(f"gzip body decompresses to over {max_bytes:,} bytes")
        data = inflater.unused_data
    return bytes(out)


# "?a=1&b=2" unescaped, which many sitemaps and feeds print: recover mode would drop "b".
_BARE_AMPERSAND = re.compile(rb"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)")


def _xml_root(body: bytes, max_bytes: int) -> etree._Element | None:
    body = gunzip_bounded(body, max_bytes)
    if len(body) > max_bytes:
        raise BodyTooLarge(f"document is {len(body):,} bytes, over the {max_bytes:,} cap")
    body = _BARE_AMPERSAND.sub(b"&amp;", body.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if not body:
        return None
    try:
        root = etree.fromstring(body, _safe_parser())
    except etree.XMLSyntaxError:
        return None
    if root is not None:  # unexpanded entity references (&xxe;) are no part of any value
        etree.strip_elements(root, etree.Entity, with_tail=False)
    return root


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, entity references
        return ""
    return tag.rpartition("}")[2].lower()


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) == name)


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(t for t in element.itertext() if isinstance(t, str)).strip()
    return text or None


def _child_text(element: etree._Element, name: str) -> str | None:
    return _text(next(_children(element, name), None))


# --- dates ------------------------------------------------------------------------------
def parse_datetime(text: str | None) -> datetime | None:
    """An aware datetime for a sitemap or feed date; a date without a zone is taken as UTC.

    W3C datetimes (sitemaps, Atom) and RFC 822 dates (RSS) are read; a date must state its
    day (``2020-11`` gives ``None``: it cannot be compared to a day without guessing).

    >>> parse_datetime("2020-11-26T16:45:12+01:00").isoformat()
    '2020-11-26T16:45:12+01:00'
    >>> parse_datetime("Thu, 26 Nov 2020 16:45:12 GMT").isoformat()
    '2020-11-26T16:45:12+00:00'
    >>> parse_datetime("2020-11-26").isoformat()
    '2020-11-26T00:00:00+00:00'
    """
    if not text or not (text := text.strip()):
        return None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            iso = parse_date(text)
            parsed = datetime.fromisoformat(iso) if iso else None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- sitemaps ---------------------------------------------------------------------------
def _sitemap_entry(element: etree._Element, base_url: str | None) -> SitemapEntry | None:
    loc = _child_text(element, "loc")
    if not loc:
        return None
    news = next(_children(element, "news"), None)
    return SitemapEntry(
        loc=urljoin(base_url, loc) if base_url else loc,
        lastmod=parse_datetime(_child_text(element, "lastmod")),
        news_publication_date=(
            parse_datetime(_child_text(news, "publication_date")) if news is not None else None
        ),
        news_title=_child_text(news, "title") if news is not None else None,
    )


def parse_sitemap(
    body: bytes, *, base_url: str | None = None, max_bytes: int = MAX_XML_BYTES
) -> SitemapPage:
    """A sitemap index's child sitemaps, or a urlset's URL entries with their dates.

    Reads ``lastmod`` and the Google News ``news:publication_date`` and ``news:title``.
    Elements are matched by local name, so a sitemap with a wrong namespace still reads.
    A body that is not XML gives an empty page.
    """
    root = _xml_root(body, max_bytes)
    if root is None:
        return SitemapPage()
    kind = _local(root)
    if kind == "sitemapindex":
        children = (_sitemap_entry(e, base_url) for e in _children(root, "sitemap"))
        return SitemapPage(sitemaps=tuple(e for e in children if e))
    if kind == "urlset":
        entries = (_sitemap_entry(e, base_url) for e in _children(root, "url"))
        return SitemapPage(urls=tuple(e for e in entries if e))
    return SitemapPage()


# --- feeds ------------------------------------------------------------------------------
_RawEntry = tuple[str | None, str | None, str | None]  # link, date, title


def _rss_link(item: etree._Element) -> str | None:
    # FeedBurner rewrites <link> to its redirector and keeps the real URL in origLink.
    link = _child_text(item, "origlink") or _child_text(item, "link")
    if link:
        return link
    guid = next(_children(item, "guid"), None)
    if guid is not None and guid.get("isPermaLink", "true").lower() == "true":
        return _text(guid)
    return None


def _rss_entries(items: Iterator[etree._Element]) -> Iterator[_RawEntry]:
    for item in items:
        date = (
            _child_text(item, "pubdate")
            or _child_text(item, "date")  # dc:date (RSS 1.0 and many RSS 2.0 feeds)
            or _child_text(item, "published")
        )
        yield _rss_link(item), date, _child_text(item, "title")


def _atom_link(entry: etree._Element) -> str | None:
    for link in _children(entry, "link"):
        href = link.get("href")
        if link.get("rel", "alternate") == "alternate" and href:
            return str(href)
    return None


def _atom_entries(root: etree._Element) -> Iterator[_RawEntry]:
    for entry in _children(root, "entry"):
        date = _child_text(entry, "published") or _child_text(entry, "updated")
        yield _atom_link(entry), date, _child_text(entry, "title")


def parse_feed(
    body: bytes, *, base_url: str | None = None, max_bytes: int = MAX_XML_BYTES
) -> list[FeedEntry]:
    """The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order.

    ``published`` is the item's ``pubDate`` (or ``dc:date``), the entry's ``published``
    (or ``updated``). Entries without a link are skipped; relative links are resolved
    against ``base_url``. A body that is not a feed gives ``[]``.
    """
    root = _xml_root(body, max_bytes)
    if root is None:
        return []
    kind = _local(root)
    if kind == "feed":
        raw = _atom_entries(root)
    elif kind == "rss":
        channel = next(_children(root, "channel"), root)
        raw = _rss_entries(_children(channel, "item"))
    elif kind == "rdf":
        raw = _rss_entries(_children(root, "item"))
    else:
        return []
    entries = []
    for link, date, title in raw:
        if link:
            url = urljoin(base_url, link) if base_url else link
            entries.append(FeedEntry(url=url, published=parse_datetime(date), title=title))
    return entries


# --- feed autodiscovery -----------------------------------------------------------------
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml"}
)
# WordPress advertises its comment feeds beside the posts feed; they list comments.
_COMMENT_FEED = re.compile(r"/comments/feed\b|[?&]feed=comments-", re.IGNORECASE)
_ALTERNATE_LINKS = etree.XPath("//link[@href][@rel][@type]")


def feed_links(html: str | bytes, base_url: str) -> list[str]:
    """The feeds a page advertises with ``<link rel="alternate" type="...rss+xml">``.

    Absolute, deduplicated, in page order; comment feeds are left out.

    >>> feed_links('<link rel="alternate" type="application/rss+xml" href="/feed/">',
    ...            "https://a.example/")
    ['https://a.example/feed/']
    """
    if not html.strip():
        return []
    try:
        document = lxml.html.document_fromstring(html)
    except ValueError:  # a str with an XML encoding declaration: parse its bytes
        document = lxml.html.document_fromstring(html.encode() if isinstance(html, str) else html)
    except etree.ParserError:
        return []
    found = []
    for link in _ALTERNATE_LINKS(document):
        rel = link.get("rel", "").lower().split()
        kind = link.get("type", "").split(";")[0].strip().lower()
        href = link.get("href", "").strip()
        if "alternate" in rel and kind in _FEED_TYPES and href and not _COMMENT_FEED.search(href):
            found.append(urljoin(base_url, href))
    return list(dict.fromkeys(found))
