"""Discovery parsing (crawler/discovery.py) and article-URL rules (crawler/url_rules.py).

Everything here is offline: documents are inline bytes, as sites serve them. Hostile XML
(entity expansion, external entities, gzip bombs) must parse fast, expand nothing and read
no file or socket.
"""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.discovery import (
    BodyTooLarge,
    FeedEntry,
    UnreadableBody,
    feed_links,
    gunzip_bounded,
    parse_datetime,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
)
from crawler.url_rules import (
    BLACKLISTEDNEWS,
    GENERIC,
    SOUTHFRONT,
    UrlRules,
    comment_page_base,
    comment_page_number,
    could_be_comment_page,
    is_article_url,
    is_listing_url,
    normalize_url,
    pagination_number,
    rules_for_url,
    same_site,
    url_date,
    with_comment_page,
)

# --- robots.txt -----------------------------------------------------------------------------
ROBOTS = """\
# robots.txt for a WordPress site
User-agent: *
Disallow: /private/
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: https://news.example/sitemap_index.xml
sitemap:/news-sitemap.xml   # relative, lower case, a trailing comment
SITEMAP: https://news.example/sitemap_index.xml
"""


def test_robots_sitemaps_absolute_deduplicated_in_order() -> None:
    assert robots_sitemaps(ROBOTS, "https://news.example/robots.txt") == [
        "https://news.example/sitemap_index.xml",
        "https://news.example/news-sitemap.xml",
    ]


def test_robots_without_sitemap_lines() -> None:
    assert robots_sitemaps("User-agent: *\nDisallow:\n", "https://news.example/robots.txt") == []
    assert robots_sitemaps("", "https://news.example/robots.txt") == []


# --- sitemaps -------------------------------------------------------------------------------
SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="//news.example/sitemap.xsl"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/post-sitemap.xml</loc>
    <lastmod>2020-11-26T17:02:40+00:00</lastmod></sitemap>
  <sitemap><loc> https://news.example/post-sitemap2.xml </loc></sitemap>
  <sitemap><lastmod>2020-11-26</lastmod></sitemap>
</sitemapindex>
"""

POSTS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://news.example/2020/11/26/bridge-reopens/</loc>
    <lastmod>2020-11-26T17:02:40+01:00</lastmod>
    <image:image><image:loc>https://news.example/wp-content/uploads/bridge.jpg</image:loc></image:image>
  </url>
  <url><loc>https://news.example/2020/10/01/older-story/?a=1&amp;b=2</loc>
    <lastmod>2020-10-01</lastmod></url>
  <url><loc>https://news.example/undated-story/</loc></url>
</urlset>
"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://news.example/2020/11/26/bridge-reopens/</loc>
    <news:news>
      <news:publication><news:name>The Example</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2020-11-26T16:45:12+00:00</news:publication_date>
      <news:title>Bridge Reopens &amp; Patrols Resume</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://news.example/2020/11/25/quiet-day/</loc>
    <lastmod>2020-11-27</lastmod>
    <news:news><news:publication_date>2020-11-25</news:publication_date></news:news>
  </url>
</urlset>
"""


def test_sitemap_index_lists_child_sitemaps_with_lastmod() -> None:
    page = parse_sitemap(SITEMAP_INDEX)
    assert page.is_index
    assert page.urls == ()
    assert [s.loc for s in page.sitemaps] == [
        "https://news.example/post-sitemap.xml",
        "https://news.example/post-sitemap2.xml",
    ]
    assert page.sitemaps[0].lastmod == datetime(2020, 11, 26, 17, 2, 40, tzinfo=UTC)
    assert page.sitemaps[1].lastmod is None


def test_urlset_entries_with_lastmod_not_image_locs() -> None:
    page = parse_sitemap(POSTS_SITEMAP)
    assert not page.is_index
    assert [u.loc for u in page.urls] == [
        "https://news.example/2020/11/26/bridge-reopens/",
        "https://news.example/2020/10/01/older-story/?a=1&b=2",
        "https://news.example/undated-story/",
    ]
    first, second, third = page.urls
    assert first.lastmod == datetime(2020, 11, 26, 17, 2, 40, tzinfo=timezone(timedelta(hours=1)))
    assert second.lastmod == datetime(2020, 10, 1, tzinfo=UTC)
    assert third.lastmod is None
    assert third.date is None
    assert first.news_title is None


def test_news_sitemap_fields() -> None:
    first, second = parse_sitemap(NEWS_SITEMAP).urls
    assert first.news_publication_date == datetime(2020, 11, 26, 16, 45, 12, tzinfo=UTC)
    assert first.news_title == "Bridge Reopens & Patrols Resume"
    assert first.lastmod is None
    assert first.date == first.news_publication_date
    # the publication date wins over lastmod for filtering
    assert second.lastmod == datetime(2020, 11, 27, tzinfo=UTC)
    assert second.date == datetime(2020, 11, 25, tzinfo=UTC)
    assert second.news_title is None


def test_sitemap_without_namespace_and_relative_locs() -> None:
    body = b"<urlset><url><loc>/2020/11/26/a-story/</loc></url></urlset>"
    page = parse_sitemap(body, base_url="https://news.example/sitemap.xml")
    assert [u.loc for u in page.urls] == ["https://news.example/2020/11/26/a-story/"]


def test_gzip_sitemap() -> None:
    page = parse_sitemap(gzip.compress(POSTS_SITEMAP))
    assert len(page.urls) == 3


def test_gzip_multi_member_and_truncated() -> None:
    half = len(POSTS_SITEMAP) // 2
    two_members = gzip.compress(POSTS_SITEMAP[:half]) + gzip.compress(POSTS_SITEMAP[half:])
    assert gunzip_bounded(two_members) == POSTS_SITEMAP
    truncated = gzip.compress(POSTS_SITEMAP)[:-12]
    assert POSTS_SITEMAP.startswith(gunzip_bounded(truncated)[:100])


def test_gzip_bomb_is_bounded() -> None:
    bomb = gzip.compress(b"<" * (2 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 10_000
    with pytest.raises(BodyTooLarge):
        gunzip_bounded(bomb, max_bytes=1024 * 1024)
    with pytest.raises(BodyTooLarge):
        parse_sitemap(bomb, max_bytes=1024 * 1024)


def test_gzip_bomb_over_the_default_cap() -> None:
    bomb = gzip.compress(b" " * (51 * 1024 * 1024), compresslevel=1)
    started = time.perf_counter()
    with pytest.raises(BodyTooLarge):
        parse_sitemap(bomb)
    assert time.perf_counter() - started < 5


def test_corrupt_gzip_is_a_typed_error() -> None:
    with pytest.raises(UnreadableBody):
        parse_sitemap(b"\x1f\x8b\x08\x00 this is not deflate data")


def test_plain_body_over_the_cap() -> None:
    with pytest.raises(BodyTooLarge):
        parse_sitemap(POSTS_SITEMAP, max_bytes=100)


@pytest.mark.parametrize(
    "body",
    [b"", b"   ", b"<html><body>Not found</body></html>", b"\x00\xff garbage", b"{}"],
    ids=["empty", "blank", "html", "binary", "json"],
)
def test_not_a_sitemap_gives_an_empty_page(body: bytes) -> None:
    page = parse_sitemap(body)
    assert page.urls == ()
    assert page.sitemaps == ()
    assert parse_feed(body) == []


def test_sitemap_with_bom_and_stray_ampersand() -> None:
    body = (
        b"\xef\xbb\xbf\n<?xml version='1.0'?><urlset><url>"
        b"<loc>https://news.example/a?x=1&y=2</loc></url></urlset>"
    )
    assert [u.loc for u in parse_sitemap(body).urls] == ["https://news.example/a?x=1&y=2"]


# --- hostile XML ----------------------------------------------------------------------------
LAUGHS = "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">' for i in range(10)
)
BILLION_LAUGHS_SITEMAP = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [{LAUGHS}]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/a-story/</loc><lastmod>&lol9;</lastmod></url>
<url><loc>https://news.example/&lol9;</loc></url>
</urlset>""".encode()
BILLION_LAUGHS_FEED = f"""<?xml version="1.0"?>
<!DOCTYPE rss [{LAUGHS}]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://news.example/a-story/</link></item>
</channel></rss>""".encode()
QUADRATIC_BLOWUP = (
    f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "{"a" * 50_000}">]>'
    f"<urlset><url><loc>https://news.example/x</loc><lastmod>{'&a;' * 20_000}</lastmod></url>"
    "</urlset>"
).encode()


@pytest.mark.parametrize(
    "body", [BILLION_LAUGHS_SITEMAP, QUADRATIC_BLOWUP], ids=["billion-laughs", "quadratic"]
)
def test_entity_expansion_sitemap_is_not_expanded(body: bytes) -> None:
    started = time.perf_counter()
    page = parse_sitemap(body)
    assert time.perf_counter() - started < 1
    assert all(len(u.loc) < 100 for u in page.urls)
    assert "lol" not in repr(page)
    assert "aaaa" not in repr(page)
    assert page.urls[0].loc in {"https://news.example/a-story/", "https://news.example/x"}


def test_entity_expansion_feed_is_not_expanded() -> None:
    started = time.perf_counter()
    entries = parse_feed(BILLION_LAUGHS_FEED)
    assert time.perf_counter() - started < 1
    # libxml2 stops at its amplification limit: what was read before is kept, never expanded
    assert "lol" not in repr(entries)
    assert all(entry.url == "https://news.example/a-story/" for entry in entries)


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    return path


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A listening socket that a parser fetching an external entity would connect to."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        sock.settimeout(0.3)
        yield sock


def _assert_no_connection(sock: socket.socket) -> None:
    with pytest.raises(TimeoutError):
        sock.accept()


def _xxe_documents(secret: Path, port: int) -> list[str]:
    file_url, net_url = secret.as_uri(), f"http://127.0.0.1:{port}/evil.dtd"
    return [
        # external general entity (file)
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{file_url}">]>'
        "<urlset><url><loc>https://news.example/&xxe;</loc><lastmod>&xxe;</lastmod></url>"
        "</urlset>",
        # external parameter entity (network)
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY % dtd SYSTEM "{net_url}"> %dtd;]>'
        "<urlset><url><loc>https://news.example/b</loc></url></urlset>",
        # external DTD subset (network) and a file entity in a feed
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{net_url}">'
        "<urlset><url><loc>https://news.example/c</loc></url></urlset>",
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{file_url}">]>'
        "<rss><channel><item><title>&xxe;</title><link>https://news.example/d</link>"
        "</item></channel></rss>",
    ]


def test_external_entities_read_no_file_and_no_socket(
    secret_file: Path, listener: socket.socket
) -> None:
    port = listener.getsockname()[1]
    for document in _xxe_documents(secret_file, port):
        body = document.encode()
        started = time.perf_counter()
        results = repr(parse_sitemap(body)) + repr(parse_feed(body))
        assert time.perf_counter() - started < 1
        assert "TOP-SECRET-MARKER" not in results
    _assert_no_connection(listener)


# --- feeds ----------------------------------------------------------------------------------
RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel>
  <title>The Example</title><link>https://news.example/</link>
  <item>
    <title>Bridge Reopens</title>
    <link>https://news.example/2020/11/26/bridge-reopens/?utm_source=rss</link>
    <pubDate>Thu, 26 Nov 2020 16:45:12 +0000</pubDate>
    <guid isPermaLink="false">https://news.example/?p=123</guid>
  </item>
  <item>
    <title>Guid only</title>
    <guid>https://news.example/2020/11/25/guid-only/</guid>
    <dc:date>2020-11-25T08:00:00Z</dc:date>
  </item>
  <item>
    <title>Through FeedBurner</title>
    <link>https://feeds.feedburner.example/~r/example/~3/abc/</link>
    <feedburner:origLink>https://news.example/2020/11/24/real-url/</feedburner:origLink>
    <pubDate>Tue, 24 Nov 2020 10:00:00 GMT</pubDate>
  </item>
  <item><title>Relative</title><link>/2020/11/23/relative/</link></item>
  <item><title>No link at all</title><guid isPermaLink="false">tag:x,2020:1</guid></item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>The Example</title>
  <link rel="self" href="https://news.example/feed/atom/"/>
  <entry>
    <title type="html">Bridge Reopens</title>
    <link rel="replies" href="https://news.example/2020/11/26/bridge-reopens/#comments"/>
    <link rel="alternate" type="text/html" href="https://news.example/2020/11/26/bridge-reopens/"/>
    <published>2020-11-26T16:45:12Z</published>
    <updated>2020-11-26T17:02:40Z</updated>
  </entry>
  <entry>
    <title>Updated only</title>
    <link href="https://news.example/2020/11/25/updated-only/"/>
    <updated>2020-11-25T08:00:00+02:00</updated>
  </entry>
  <entry><title>No link</title><link rel="edit" href="https://news.example/edit/1"/></entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example/"><title>The Example</title></channel>
  <item rdf:about="https://news.example/2020/11/26/rdf-story/">
    <title>RDF story</title><link>https://news.example/2020/11/26/rdf-story/</link>
    <dc:date>2020-11-26</dc:date>
  </item>
</rdf:RDF>
"""


def test_rss_entries() -> None:
    entries = parse_feed(RSS, base_url="https://news.example/feed/")
    assert entries == [
        FeedEntry(
            "https://news.example/2020/11/26/bridge-reopens/?utm_source=rss",
            datetime(2020, 11, 26, 16, 45, 12, tzinfo=UTC),
            "Bridge Reopens",
        ),
        FeedEntry(
            "https://news.example/2020/11/25/guid-only/",
            datetime(2020, 11, 25, 8, tzinfo=UTC),
            "Guid only",
        ),
        FeedEntry(
            "https://news.example/2020/11/24/real-url/",
            datetime(2020, 11, 24, 10, tzinfo=UTC),
            "Through FeedBurner",
        ),
        FeedEntry("https://news.example/2020/11/23/relative/", None, "Relative"),
    ]


def test_atom_entries() -> None:
    assert parse_feed(gzip.compress(ATOM)) == [
        FeedEntry(
            "https://news.example/2020/11/26/bridge-reopens/",
            datetime(2020, 11, 26, 16, 45, 12, tzinfo=UTC),
            "Bridge Reopens",
        ),
        FeedEntry(
            "https://news.example/2020/11/25/updated-only/",
            datetime(2020, 11, 25, 8, tzinfo=timezone(timedelta(hours=2))),
            "Updated only",
        ),
    ]


def test_rss_1_rdf_entries() -> None:
    assert parse_feed(RDF) == [
        FeedEntry(
            "https://news.example/2020/11/26/rdf-story/",
            datetime(2020, 11, 26, tzinfo=UTC),
            "RDF story",
        )
    ]


def test_a_sitemap_is_not_a_feed_and_a_feed_not_a_sitemap() -> None:
    assert parse_feed(POSTS_SITEMAP) == []
    assert parse_sitemap(RSS).urls == ()


# --- autodiscovery --------------------------------------------------------------------------
HOME = """<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<link rel="alternate" type="application/rss+xml" title="The Example &raquo; Feed"
      href="https://news.example/feed/">
<link rel="alternate" type="application/rss+xml" title="The Example &raquo; Comments Feed"
      href="https://news.example/comments/feed/">
<link rel="alternate" type="application/atom+xml" href="/feed/atom/">
<link rel="alternate" type="application/rss+xml" href="https://news.example/feed/">
<link rel="Alternate" type="application/RSS+XML; charset=UTF-8" href="/section/world/feed/">
<link rel="alternate" hreflang="de" href="https://news.example/de/">
<link rel="alternate" type="application/json" href="https://news.example/wp-json/wp/v2/pages/2">
<link rel="alternate" type="application/feed+json" href="https://news.example/feed/json/">
<link rel="stylesheet" type="text/css" href="/style.css">
</head><body><a rel="alternate" type="application/rss+xml" href="/not-in-head/">x</a></body>
</html>"""


def test_feed_links_autodiscovery() -> None:
    assert feed_links(HOME, "https://news.example/") == [
        "https://news.example/feed/",
        "https://news.example/feed/atom/",
        "https://news.example/section/world/feed/",
    ]


def test_feed_links_from_bytes_and_xml_declared_text() -> None:
    declared = '<?xml version="1.0" encoding="utf-8"?>\n' + HOME.split("\n", 1)[1]
    assert feed_links(HOME.encode(), "https://news.example/")[0] == "https://news.example/feed/"
    assert feed_links(declared, "https://news.example/")[0] == "https://news.example/feed/"


@pytest.mark.parametrize("page", ["", "   ", b"", "<html><head></head></html>"])
def test_feed_links_none(page: str | bytes) -> None:
    assert feed_links(page, "https://news.example/") == []


# --- dates ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-11-26T16:45:12Z", datetime(2020, 11, 26, 16, 45, 12, tzinfo=UTC)),
        ("2020-11-26T16:45:12.5+00:00", datetime(2020, 11, 26, 16, 45, 12, 500000, tzinfo=UTC)),
        ("2020-11-26T16:45", datetime(2020, 11, 26, 16, 45, tzinfo=UTC)),
        ("Thu, 26 Nov 2020 16:45:12 -0500", datetime(2020, 11, 26, 21, 45, 12, tzinfo=UTC)),
        ("26 Nov 2020 16:45:12 EST", datetime(2020, 11, 26, 21, 45, 12, tzinfo=UTC)),
        ("November 26, 2020", datetime(2020, 11, 26, tzinfo=UTC)),
        ("2020-11", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_datetime(text: str | None, expected: datetime | None) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is not None


# --- URL rules ------------------------------------------------------------------------------
SF = "https://southfront.org"
BLN = "https://www.blacklistednews.com"
EX = "https://news.example"

ARTICLES = [
    (f"{EX}/2020/11/26/bridge-reopens/", GENERIC),
    (f"{EX}/2020/11/26/bridge-reopens", GENERIC),
    (f"{EX}/news/2020/11/bridge-reopens.html", GENERIC),
    (f"{EX}/2020/11/26/bridge-reopens/#comments", GENERIC),
    (f"{EX}/russian-engineers-reopen-m4-bridge-near-ariha/", GENERIC),
    (f"{EX}/world/europe/russian-engineers-reopen-m4-bridge/", GENERIC),
    (f"{EX}/world/some-headline-12345678.html", GENERIC),
    (f"{EX}/article/75112/some-slug.html", GENERIC),
    (f"{EX}/story/123456", GENERIC),
    (f"{SF}/turkey-russia-conduct-second-limited-joint-patrol-in-idlib-video-maps/", SOUTHFRONT),
    (f"{SF}/turkey-russia-conduct-second-limited-joint-patrol-in-idlib-video-maps/", GENERIC),
    (f"{SF}/syrian-war-report/", SOUTHFRONT),
    (f"{SF}/israeli-drones-spotted-over-southern-lebanon/", SOUTHFRONT),
    (f"{BLN}/article/75112/some-slug.html", BLACKLISTEDNEWS),
    (
        f"{BLN}/article/75112/county-sheriff-switches-off-license-plate-readers-after-audit"
        "-finds-data-shared-with.html",
        BLACKLISTEDNEWS,
    ),
]
NOT_ARTICLES = [
    (f"{EX}/", GENERIC),
    (f"{EX}/2020/11/26/", GENERIC),
    (f"{EX}/2020/11/", GENERIC),
    (f"{EX}/tag/joint-patrols-in-northern-syria/", GENERIC),
    (f"{EX}/category/middle-east-and-north-africa/", GENERIC),
    (f"{EX}/author/john-smith-the-editor/", GENERIC),
    (f"{EX}/page/2/", GENERIC),
    (f"{EX}/section/local/page/2/", GENERIC),
    (f"{EX}/feed/", GENERIC),
    (f"{EX}/2020/11/26/bridge-reopens/feed/", GENERIC),
    (f"{EX}/2020/11/26/bridge-reopens/comment-page-2/", GENERIC),
    (f"{EX}/2020/11/26/bridge-reopens/?replytocom=71402", GENERIC),
    (f"{EX}/2020/11/26/bridge-reopens/amp/", GENERIC),
    (f"{EX}/2020/11/26/bridge-reopens/attachment/m4-bridge-ariha-one/", GENERIC),
    (f"{EX}/wp-admin/post-new-article-page-here.php", GENERIC),
    (f"{EX}/wp-login.php?redirect_to=a-b-c-d", GENERIC),
    (f"{EX}/wp-content/uploads/2020/11/m4-bridge-ariha-1.jpg", GENERIC),
    (f"{EX}/search/joint-patrols-in-idlib-today/", GENERIC),
    (f"{EX}/?s=joint-patrols-in-idlib-today", GENERIC),
    (f"{EX}/downloads/annual-report-of-the-year-2020.pdf", GENERIC),
    (f"{EX}/terms-of-service/", GENERIC),
    (f"{EX}/short-slug/", GENERIC),
    (f"{SF}/", SOUTHFRONT),
    (f"{SF}/about-us/", SOUTHFRONT),
    (f"{SF}/support-us/", SOUTHFRONT),
    (f"{SF}/privacy-policy/", SOUTHFRONT),
    (f"{SF}/contacts/", SOUTHFRONT),
    (f"{SF}/category/all-articles/middle-east/", SOUTHFRONT),
    (f"{SF}/tag/m4-highway/", SOUTHFRONT),
    (
        f"{SF}/russian-engineers-reopen-m4-bridge-near-ariha-as-joint-patrols-resume/feed/",
        SOUTHFRONT,
    ),
    (f"{SF}/wp-content/plugins/wpdiscuz/themes/default/style.css?ver=7.0.9", SOUTHFRONT),
    (f"{BLN}/", BLACKLISTEDNEWS),
    (f"{BLN}/news.php", BLACKLISTEDNEWS),
    (f"{BLN}/print.php?id=75112", BLACKLISTEDNEWS),
    (f"{BLN}/radio.php", BLACKLISTEDNEWS),
    (f"{BLN}/patreon_login.php", BLACKLISTEDNEWS),
]
LISTINGS = [
    (f"{EX}/", GENERIC),
    (f"{EX}", GENERIC),
    (f"{EX}/section/local/", GENERIC),
    (f"{EX}/section/local/page/3/", GENERIC),
    (f"{EX}/category/world/europe/", GENERIC),
    (f"{EX}/page/2/", GENERIC),
    (f"{EX}/world/", GENERIC),
    (f"{EX}/middle-east/", GENERIC),
    (f"{EX}/news/world/", GENERIC),
    (f"{EX}/news?page=2", GENERIC),
    (f"{SF}/category/all-articles/", SOUTHFRONT),
    (f"{SF}/category/all-articles/analysis/page/2/", SOUTHFRONT),
    (f"{BLN}/", BLACKLISTEDNEWS),
    (f"{BLN}/news.php", BLACKLISTEDNEWS),
    (f"{BLN}/news.php?page=2", BLACKLISTEDNEWS),
]
NOT_LISTINGS = [
    (f"{EX}/2020/11/26/bridge-reopens/", GENERIC),
    (f"{EX}/tag/idlib/", GENERIC),
    (f"{EX}/tag/idlib/page/2/", GENERIC),
    (f"{EX}/author/john/", GENERIC),
    (f"{EX}/feed/", GENERIC),
    (f"{EX}/about-us/", GENERIC),
    (f"{EX}/contact/", GENERIC),
    (f"{EX}/donate/", GENERIC),
    (f"{EX}/wp-admin/", GENERIC),
    (f"{EX}/search/", GENERIC),
    (f"{EX}/style.css", GENERIC),
    (f"{SF}/syrian-war-report/", SOUTHFRONT),
    (f"{SF}/support-us/", SOUTHFRONT),
    (f"{SF}/tag/syria/", SOUTHFRONT),
    (f"{BLN}/radio.php", BLACKLISTEDNEWS),
    (f"{BLN}/article/75112/some-slug.html", BLACKLISTEDNEWS),
]


def _case_id(case: tuple[str, UrlRules]) -> str:
    url, rules = case
    return f"{rules.name}:{url.split('://', 1)[1]}"


@pytest.mark.parametrize("case", ARTICLES, ids=_case_id)
def test_article_urls(case: tuple[str, UrlRules]) -> None:
    url, rules = case
    assert is_article_url(url, rules)
    assert not is_listing_url(url, rules)


@pytest.mark.parametrize("case", NOT_ARTICLES, ids=_case_id)
def test_not_article_urls(case: tuple[str, UrlRules]) -> None:
    url, rules = case
    assert not is_article_url(url, rules)


@pytest.mark.parametrize("case", LISTINGS, ids=_case_id)
def test_listing_urls(case: tuple[str, UrlRules]) -> None:
    url, rules = case
    assert is_listing_url(url, rules)
    assert not is_article_url(url, rules)


@pytest.mark.parametrize("case", NOT_LISTINGS, ids=_case_id)
def test_not_listing_urls(case: tuple[str, UrlRules]) -> None:
    url, rules = case
    assert not is_listing_url(url, rules)


def test_site_rules_chosen_by_domain() -> None:
    assert rules_for_url(f"{SF}/some/") is SOUTHFRONT
    assert rules_for_url("https://www.southfront.org/") is SOUTHFRONT
    assert rules_for_url("https://southfront.press/x/") is SOUTHFRONT
    assert rules_for_url(f"{BLN}/") is BLACKLISTEDNEWS
    assert rules_for_url("https://blacklistednews.com.evil.example/") is GENERIC
    assert rules_for_url(f"{EX}/") is GENERIC


def test_site_rules_extend_the_generic_ones() -> None:
    # a short single-slug post is an article on southfront.org only
    assert is_article_url(f"{SF}/syrian-war-report/", SOUTHFRONT)
    assert not is_article_url(f"{SF}/syrian-war-report/", GENERIC)
    # and the generic shapes still hold there
    assert is_article_url(f"{SF}/2020/11/26/a-story/", SOUTHFRONT)
    assert not is_article_url(f"{SF}/feed/", SOUTHFRONT)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://News.Example:443/a/?utm_source=rss&utm_medium=x#top", "https://news.example/a/"),
        ("http://news.example:80/a?b=1&utm_campaign=z&c=2", "http://news.example/a?b=1&c=2"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
        ("https://news.example/a?fbclid=abc", "https://news.example/a"),
        ("javascript:void(0)", None),
        ("mailto:desk@news.example", None),
        ("ftp://news.example/file", None),
        ("https://news.example:99999/", None),
        ("//cdn.example/x.js", None),
    ],
)
def test_normalize_url(url: str, expected: str | None) -> None:
    assert normalize_url(url) == expected


def test_normalize_relative_url() -> None:
    base = "https://news.example/section/local/"
    assert normalize_url("../politics/", base) == "https://news.example/section/politics/"
    assert normalize_url("#comments", base) == base
    assert normalize_url("//cdn.example/x.js", base) == "https://cdn.example/x.js"


@pytest.mark.parametrize(
    ("url", "site", "expected"),
    [
        ("https://www.news.example/a", "https://news.example/", True),
        ("http://news.example/a", "https://news.example/", False),  # other port
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/", True),
        ("http://127.0.0.1:8081/a", "http://127.0.0.1:8080/", False),
        ("https://evil.example/news.example/", "https://news.example/", False),
        ("https://sub.news.example/a", "https://news.example/", False),
    ],
)
def test_same_site(url: str, site: str, expected: bool) -> None:
    assert same_site(url, site) is expected


def test_url_shapes() -> None:
    assert pagination_number(f"{EX}/section/local/page/3/") == 3
    assert pagination_number(f"{BLN}/news.php?page=7") == 7
    assert pagination_number(f"{EX}/section/local/") is None
    assert url_date(f"{EX}/news/2020/02/30/impossible/") is None
    assert url_date(f"{EX}/2020/2/3/short-date/") == date(2020, 2, 3)
    assert url_date(f"{SF}/syrian-war-report/") is None


def test_comment_page_urls() -> None:
    article = f"{EX}/2020/11/26/bridge-reopens/"
    page2 = article + "comment-page-2/"
    assert comment_page_number(page2) == 2
    assert comment_page_number(article) is None
    assert comment_page_number(f"{EX}/?p=12&cpage=3") == 3
    assert comment_page_base(page2) == article
    assert comment_page_base(f"{EX}/?cpage=3&p=12") == f"{EX}/?p=12"
    assert with_comment_page(page2, 1) == article + "comment-page-1/"
    assert with_comment_page(f"{EX}/?p=12&cpage=3", 1) == f"{EX}/?p=12&cpage=1"


@pytest.mark.parametrize(
    "href",
    [
        "comment-page-2/",
        "../comment-page-3/#comments",
        "COMMENT-PAGE-4/",
        "comment-\npage-5/",  # urlsplit drops the newline
        "?cpage=6",
        "?c%70age=7&utm_source=feed",  # re-encoded when the tracking parameter goes
        "?replytocom=3",
        "",
        "#respond",
        "/about/",
        "https://news.example/2020/11/26/bridge-reopens/",
    ],
)
@pytest.mark.parametrize(
    "base",
    [
        f"{EX}/2020/11/26/bridge-reopens/",
        f"{EX}/2020/11/26/bridge-reopens/comment-page-2/",
        f"{EX}/?p=12&cpage=2",
    ],
)
def test_could_be_comment_page_lets_every_comment_page_through(href: str, base: str) -> None:
    """The spider skips ``normalize_url`` for a link that ``could_be_comment_page`` rules out
    (unless the page's own URL could be one): that must never lose a comment page."""
    url = normalize_url(href, base)
    if url and comment_page_number(url) is not None:
        assert could_be_comment_page(href) or could_be_comment_page(base)
    if not could_be_comment_page(base):
        assert could_be_comment_page(href) is (comment_page_number(url or "") is not None)


def test_hostile_url_is_fast() -> None:
    url = "https://news.example/" + "a-" * 50_000 + "/" + "page/" * 10_000
    started = time.perf_counter()
    for rules in (GENERIC, SOUTHFRONT, BLACKLISTEDNEWS):
        is_article_url(url, rules)
        is_listing_url(url, rules)
    comment_page_number(url)
    pagination_number(url)
    assert time.perf_counter() - started < 1
