"""The bundled example news site and its server (``crawler/example_site/``).

The site is the input of the crawler's end-to-end tests and benchmark, so these tests pin
down what the manifest promises: the build is deterministic and ``fixtures/site`` is exactly
what the generator writes; every page, robots.txt, sitemap and feed is served as described;
every fault route fails the way it says; the discovery paths the manifest lists are the ones
the site really offers; and ``extract`` gives each article's manifest headline, body and
comments, so all the chrome on the pages is removed.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import time
import urllib.request
from collections import deque
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import Message
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import lxml.etree
import lxml.html
import pytest

from crawler.example_site import (
    FEED,
    LINKS,
    NEWS_SITEMAP,
    SITEMAP,
    ExampleSiteServer,
    SiteManifest,
    build_site,
    load_manifest,
    main,
    render_file,
    resolve_path,
    running_server,
)
from extractors import ExtractOptions, extract

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "fixtures" / "site"
ARTICLES = 20  # fixtures/site is build_site(BUNDLED, articles=ARTICLES) with the default seed
TIMEOUT = 5.0
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example-site")
    build_site(root, articles=ARTICLES)
    return root


@pytest.fixture(scope="module")
def manifest(site: Path) -> SiteManifest:
    return load_manifest(site)


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[tuple[ExampleSiteServer, str]]:
    with running_server(site) as running:
        yield running


@pytest.fixture
def base(served: tuple[ExampleSiteServer, str]) -> str:
    return served[1]


def tree_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def fetch(
    url: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, Message, bytes]:
    """One request, redirects not followed: status, headers, body."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=TIMEOUT)
    try:
        conn.request(
            method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {}
        )
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def follow(url: str) -> tuple[str, bytes]:
    """GET with redirects followed (urllib): the final URL and the body."""
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.geturl(), response.read()


# --- the build ---------------------------------------------------------------------------


def test_build_is_deterministic(tmp_path: Path, site: Path) -> None:
    again = tmp_path / "again"
    build_site(again, articles=ARTICLES)
    assert tree_of(again) == tree_of(site)
    other = tmp_path / "other-seed"
    build_site(other, articles=ARTICLES, seed=1)
    assert tree_of(other) != tree_of(site)


def test_bundled_site_is_what_the_generator_writes(site: Path) -> None:
    bundled, fresh = tree_of(BUNDLED), tree_of(site)
    stale = sorted(set(bundled) ^ set(fresh)) + sorted(
        name for name in set(bundled) & set(fresh) if bundled[name] != fresh[name]
    )
    assert not stale, (
        f"fixtures/site differs from the generator in {stale[:5]}; rebuild it with "
        f"python -m crawler.example_site build --out fixtures/site --articles {ARTICLES}"
    )


def test_bundled_site_is_small() -> None:
    size = sum(len(data) for data in tree_of(BUNDLED).values())
    assert size < 700_000, f"fixtures/site is {size:,} bytes"


def test_build_replaces_a_previous_build_but_not_other_folders(tmp_path: Path) -> None:
    target = tmp_path / "site"
    build_site(target, articles=12)
    build_site(target, articles=3)
    rebuilt = load_manifest(target)
    pages = {f"{p.lstrip('/')}index.html" for a in rebuilt.articles for p in a.comment_pages}
    assert {name for name in tree_of(target) if name.startswith("2026/")} == pages  # no leftovers
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        build_site(foreign, articles=3)
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--out", str(tmp_path / "s"), "--articles", "4", "--seed", "3"]) == 0
    assert "built 4 articles" in capsys.readouterr().out
    assert load_manifest(tmp_path / "s").seed == 3


def test_dates_are_fixed_or_relative_to_today(tmp_path: Path, manifest: SiteManifest) -> None:
    midnight = datetime(2026, 11, 1, tzinfo=UTC)
    assert manifest.reference_date == "2026-11-01"
    for article in (*manifest.articles, *manifest.private):
        published = datetime.fromisoformat(article.published)
        assert published < datetime.fromisoformat(article.modified) + timedelta(seconds=1)
        assert datetime.fromisoformat(article.modified) < midnight
        for comment in article.comments:
            assert published < datetime.fromisoformat(comment.published) < midnight
    today = date(2031, 3, 9)
    recent = build_site(tmp_path / "recent", articles=8, today=today)
    newest = datetime.fromisoformat(recent.articles[0].published)
    assert timedelta(hours=2) < datetime(2031, 3, 9, tzinfo=UTC) - newest < timedelta(hours=10)
    ages = [
        datetime(2031, 3, 9, tzinfo=UTC) - datetime.fromisoformat(a.published)
        for a in recent.articles
    ]
    assert ages == sorted(ages) and ages[-1] < timedelta(days=6)


def test_manifest_shape(manifest: SiteManifest) -> None:
    assert len(manifest.articles) == ARTICLES
    assert len({a.path for a in manifest.articles}) == ARTICLES
    assert len({a.title for a in manifest.articles}) == ARTICLES
    assert manifest.disallowed == ("/private/",)
    assert [p.path.startswith("/private/") for p in manifest.private] == [True]
    assert any(len(s.pages) > 1 for s in manifest.sections), "no section pagination"
    two_pages = [a for a in manifest.articles if len(a.comment_pages) == 2]
    assert two_pages, "no article with a second comment page"
    for article in manifest.articles:
        assert len(article.paragraphs) >= 4
        depths = {c.depth for c in article.comments}
        assert depths <= {0, 1, 2}
        for index, comment in enumerate(article.comments):
            if comment.parent is None:
                assert comment.depth == 0
            else:
                parent = article.comments[comment.parent]
                assert comment.parent < index and parent.depth == comment.depth - 1
                assert parent.page == comment.page  # a thread is whole on one page
        assert {c.page for c in article.comments} <= {1, len(article.comment_pages)}
    assert any(c.depth == 2 for a in manifest.articles for c in a.comments)
    chrome = {name for a in manifest.articles for name in a.chrome}
    assert {"ad-shortcodes", "ad-label", "related-list", "donation-box"} <= chrome


def test_discovery_coverage_is_stated(manifest: SiteManifest) -> None:
    paths = [a.discovery for a in manifest.articles]
    assert all(paths), "an article no path reaches"
    assert sum(d == (SITEMAP,) for d in paths) >= 1
    assert sum(d == (FEED,) for d in paths) >= 1
    assert sum(d == (LINKS,) for d in paths) >= 1
    assert sum(len(d) > 1 for d in paths) > len(paths) / 2
    coverage = manifest.coverage
    assert coverage["articles"] == ARTICLES
    assert coverage["only_sitemap"] == sum(d == (SITEMAP,) for d in paths)
    assert coverage["several"] == sum(len(d) > 1 for d in paths)


# --- discovery, checked against the files ------------------------------------------------


def _linked_paths(site: Path, manifest: SiteManifest) -> tuple[set[str], set[str]]:
    """Paths reached by following <a href> from the home page (robots.txt obeyed), and the
    disallowed paths that were linked."""
    fake = "http://site.test"
    seen, blocked, queue = {"/"}, set(), deque(["/"])
    while queue:
        path = queue.popleft()
        found = resolve_path(site, path)
        if found is None or found.suffix != ".html":
            continue
        page = lxml.html.fromstring(render_file(found, fake))
        for href in page.xpath("//a/@href"):
            parts = urlsplit(urljoin(fake + path, str(href)))
            if f"{parts.scheme}://{parts.netloc}" != fake or parts.path in seen:
                continue
            if any(parts.path.startswith(d) for d in manifest.disallowed):
                blocked.add(parts.path)
                continue
            seen.add(parts.path)
            queue.append(parts.path)
    return seen, blocked


def _locs(site: Path, name: str, xpath: str) -> list[str]:
    found = resolve_path(site, name)
    assert found is not None, name
    doc = lxml.etree.fromstring(render_file(found, "http://site.test"))
    return [urlsplit(str(v)).path for v in doc.xpath(xpath, namespaces=NS)]


def test_discovery_paths_are_the_sites_own(site: Path, manifest: SiteManifest) -> None:
    def having(kind: str) -> set[str]:
        return {a.path for a in manifest.articles if kind in a.discovery}

    linked, blocked = _linked_paths(site, manifest)
    articles = {a.path for a in manifest.articles}
    assert linked & articles == having(LINKS)
    assert blocked == {p.path for p in manifest.private}
    children = _locs(site, "/sitemap_index.xml", "//sm:sitemap/sm:loc/text()")
    assert set(children) == {"/news-sitemap.xml"} | {
        s for s in manifest.sitemaps if s.startswith("/sitemap-posts")
    }
    posts = [
        loc
        for c in children
        if c != "/news-sitemap.xml"
        for loc in _locs(site, c, "//sm:loc/text()")
    ]
    assert set(posts) == having(SITEMAP) and len(posts) == len(set(posts))
    assert set(_locs(site, "/news-sitemap.xml", "//sm:loc/text()")) == having(NEWS_SITEMAP)
    assert having(NEWS_SITEMAP) and having(NEWS_SITEMAP) <= having(SITEMAP)
    assert set(_locs(site, "/feed/", "//item/link/text()")) == having(FEED)
    atom = "//atom:entry/atom:link[@rel='alternate']/@href"
    assert set(_locs(site, "/feed/atom/", atom)) == having(FEED)


# --- the server --------------------------------------------------------------------------


def test_server_serves_pages(base: str, manifest: SiteManifest) -> None:
    status, headers, body = fetch(base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    home = lxml.html.fromstring(body)
    assert home.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href") == [
        base + "/feed/"
    ]
    assert home.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href") == [
        base + "/feed/atom/"
    ]
    assert base + manifest.private[0].path in home.xpath("//a/@href")
    article = manifest.articles[0]
    status, headers, body = fetch(base + article.path)
    assert status == 200
    page = lxml.html.fromstring(body)
    assert page.xpath("//link[@rel='canonical']/@href") == [base + article.path]
    assert page.xpath("//meta[@property='og:title']/@content") == [article.title]
    assert page.xpath("//meta[@property='article:published_time']/@content") == [article.published]
    assert page.xpath("//meta[@name='author']/@content") == [article.author]
    assert page.xpath("/html/@lang") == ["en-US"]
    assert b"{BASE}" not in body
    status, headers, head_body = fetch(base + article.path, method="HEAD")
    assert (status, head_body, int(headers["Content-Length"])) == (200, b"", len(body))


def test_server_routes(base: str, manifest: SiteManifest) -> None:
    article = manifest.articles[0]
    status, headers, _ = fetch(base + article.path.rstrip("/"))
    assert (status, headers["Location"]) == (301, base + article.path)
    status, headers, _ = fetch(f"{base}/?p={article.post_id}")
    assert (status, headers["Location"]) == (301, base + article.path)
    for path in ("/no-such-page/", "/manifest.json", "/%2e%2e/manifest.json", "/feed/index.rss/"):
        assert fetch(base + path)[0] == 404, path
    for section in manifest.sections:
        for path in section.pages:
            assert fetch(base + path)[0] == 200, path
    for path in manifest.pages:
        assert fetch(base + path)[0] == 200, path


def test_comment_pagination_links(base: str, manifest: SiteManifest) -> None:
    article = next(a for a in manifest.articles if len(a.comment_pages) == 2)
    first = lxml.html.fromstring(fetch(base + article.path)[2])
    assert (
        first.xpath("//*[contains(@class, 'comment-navigation')]//*[@class='nav-next']/a/@href")
        == [base + article.comment_pages[1] + "#comments"] * 2
    )  # above and below the list
    second = lxml.html.fromstring(fetch(base + article.comment_pages[1])[2])
    assert (
        second.xpath(
            "//*[contains(@class, 'comment-navigation')]//*[@class='nav-previous']/a/@href"
        )
        == [base + article.path + "#comments"] * 2
    )
    assert not second.xpath("//*[@class='nav-next']")
    assert second.xpath("//h1/text()") == [article.title]  # page 2 repeats the article


def test_robots_txt(base: str, manifest: SiteManifest) -> None:
    status, headers, body = fetch(base + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    assert "Disallow: /private/\n" in text
    assert f"Sitemap: {base}/sitemap_index.xml\n" in text
    robots = RobotFileParser()
    robots.parse(text.splitlines())
    assert robots.can_fetch("copydesk", base + manifest.articles[0].path)
    assert not robots.can_fetch("copydesk", base + manifest.private[0].path)


def test_host_header_is_substituted(base: str) -> None:
    _, _, body = fetch(base + "/robots.txt", headers={"Host": "news.example:8080"})
    assert "Sitemap: http://news.example:8080/sitemap_index.xml" in body.decode()
    _, _, body = fetch(base + "/robots.txt", headers={"Host": "bad host/<x>"})
    assert f"Sitemap: {base}/sitemap_index.xml" in body.decode()


def test_keep_alive_responses_are_not_held_back(base: str, manifest: SiteManifest) -> None:
    """Pages on one keep-alive connection come at once: with Nagle's algorithm on, each body
    waited for the client's delayed ACK of its headers (40 ms a page, 44 ms measured)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.netloc, timeout=TIMEOUT)
    seconds = []
    try:
        for article in manifest.articles[:9]:
            started = time.perf_counter()
            conn.request("GET", article.path)
            assert conn.getresponse().read()
            seconds.append(time.perf_counter() - started)
    finally:
        conn.close()
    assert sorted(seconds)[len(seconds) // 2] < 0.02


def test_sitemaps(base: str, manifest: SiteManifest) -> None:
    status, headers, body = fetch(base + "/sitemap_index.xml")
    assert status == 200 and "xml" in headers["Content-Type"]
    index = lxml.etree.fromstring(body)
    children = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert base + "/sitemap-posts.xml" in children and base + "/news-sitemap.xml" in children
    posts = lxml.etree.fromstring(fetch(base + "/sitemap-posts.xml")[2])
    urls = posts.xpath("//sm:url", namespaces=NS)
    assert urls and all(u.xpath("sm:lastmod/text()", namespaces=NS) for u in urls)
    news = lxml.etree.fromstring(fetch(base + "/news-sitemap.xml")[2])
    entries = news.xpath("//sm:url", namespaces=NS)
    assert entries
    by_path = {a.path: a for a in manifest.articles}
    for entry in entries:
        article = by_path[urlsplit(entry.xpath("sm:loc/text()", namespaces=NS)[0]).path]
        item = entry.xpath("news:news", namespaces=NS)[0]
        assert item.xpath("news:publication_date/text()", namespaces=NS) == [article.published]
        assert item.xpath("news:title/text()", namespaces=NS) == [article.title]
        assert item.xpath("news:publication/news:name/text()", namespaces=NS) == [
            manifest.site_name
        ]
        assert item.xpath("news:publication/news:language/text()", namespaces=NS) == ["en"]


def test_feeds(base: str, manifest: SiteManifest) -> None:
    in_feed = [a for a in manifest.articles if FEED in a.discovery]
    status, headers, body = fetch(base + "/feed/")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    rss = lxml.etree.fromstring(body)
    assert rss.get("version") == "2.0"
    assert rss.xpath("//item/link/text()") == [base + a.path for a in in_feed]
    assert rss.xpath("//item/title/text()") == [a.title for a in in_feed]
    assert all(rss.xpath("//item/pubDate/text()"))
    status, headers, body = fetch(base + "/feed/atom/")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    atom = lxml.etree.fromstring(body)
    links = atom.xpath("//atom:entry/atom:link[@rel='alternate']/@href", namespaces=NS)
    assert links == [base + a.path for a in in_feed]
    assert atom.xpath("//atom:entry/atom:published/text()", namespaces=NS) == [
        a.published for a in in_feed
    ]


def test_server_binds_to_loopback_only(site: Path) -> None:
    with pytest.raises(ValueError, match="loopback"):
        ExampleSiteServer(site, host="0.0.0.0")


def test_cli_serve_prints_its_url(site: Path) -> None:
    command = [sys.executable, "-m", "crawler.example_site", "serve", "--root", str(site)]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.startswith("serving http://127.0.0.1:") and line.endswith("/\n")
            assert fetch(line.split()[1] + "robots.txt")[0] == 200
        finally:
            process.terminate()
            process.wait(timeout=TIMEOUT)


# --- faults ------------------------------------------------------------------------------


def test_fault_flaky(base: str, manifest: SiteManifest) -> None:
    assert fetch(base + "/faults/flaky?key=once")[0] == 500
    status, _, body = fetch(base + "/faults/flaky?key=once")
    assert status == 200 and manifest.articles[0].title.encode() in body
    statuses = [fetch(base + "/faults/flaky?key=twice&fail=2")[0] for _ in range(3)]
    assert statuses == [500, 500, 200]


def test_fault_missing(base: str) -> None:
    assert fetch(base + "/faults/missing")[0] == 404
    assert fetch(base + "/faults/no-such-fault")[0] == 404


def test_fault_redirect_chain(base: str, manifest: SiteManifest) -> None:
    hops = []
    url = base + "/faults/redirect-chain"
    for _ in range(3):
        status, headers, _ = fetch(url)
        url = headers["Location"]
        hops.append((status, urlsplit(url).path))
    assert hops == [
        (302, "/faults/redirect-chain/2"),
        (302, "/faults/redirect-chain/3"),
        (301, manifest.articles[0].path),
    ]
    final, body = follow(base + "/faults/redirect-chain")
    assert final == base + manifest.articles[0].path and manifest.articles[0].title.encode() in body


def test_fault_redirect_loop(base: str) -> None:
    status, headers, _ = fetch(base + "/faults/redirect-loop")
    assert (status, headers["Location"]) == (302, base + "/faults/redirect-loop/b")
    status, headers, _ = fetch(base + "/faults/redirect-loop/b")
    assert (status, headers["Location"]) == (302, base + "/faults/redirect-loop")
    with pytest.raises(HTTPError) as caught:
        follow(base + "/faults/redirect-loop")
    caught.value.close()
    assert caught.value.code == 302


def test_fault_slow(base: str) -> None:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.netloc, timeout=0.3)
    try:
        conn.request("GET", "/faults/slow?seconds=2")
        with pytest.raises(TimeoutError):
            conn.getresponse()
    finally:
        conn.close()
    assert fetch(base + "/faults/slow?seconds=0.1")[0] == 200


def test_fault_truncated(base: str) -> None:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.netloc, timeout=TIMEOUT)
    try:
        conn.request("GET", "/faults/truncated")
        response = conn.getresponse()
        declared = int(response.headers["Content-Length"])
        with pytest.raises(http.client.IncompleteRead) as caught:
            response.read()
    finally:
        conn.close()
    assert 0 < len(caught.value.partial) < declared


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_fault_huge(base: str, chunked: bool) -> None:
    limit = 200_000
    status, headers, body = fetch(f"{base}/faults/huge?bytes={limit}&chunked={int(chunked)}")
    assert status == 200 and len(body) > limit
    if chunked:
        assert headers["Transfer-Encoding"] == "chunked" and "Content-Length" not in headers
    else:
        assert int(headers["Content-Length"]) == len(body)


def test_fault_reset(base: str) -> None:
    with pytest.raises(ConnectionError):
        fetch(base + "/faults/reset")
    assert fetch(base + "/")[0] == 200  # the server carries on


def test_fault_rate_limited(base: str) -> None:
    status, headers, _ = fetch(base + "/faults/rate-limited?key=a")
    assert (status, headers["Retry-After"]) == (429, "1")
    assert fetch(base + "/faults/rate-limited?key=a")[0] == 200
    assert fetch(base + "/faults/rate-limited?key=b")[0] == 429  # counted per URL


def test_faults_are_not_linked_and_requests_are_counted(
    site: Path, manifest: SiteManifest, served: tuple[ExampleSiteServer, str]
) -> None:
    linked, _ = _linked_paths(site, manifest)
    assert not [p for p in linked if p.startswith("/faults")]
    server, base = served
    before = server.hits["/about-us/"]
    fetch(base + "/about-us/")
    assert server.hits["/about-us/"] == before + 1


# --- extraction --------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(ARTICLES), ids=lambda i: f"article-{i:02d}")
def test_extraction_matches_manifest(base: str, manifest: SiteManifest, index: int) -> None:
    """Headline, exact body paragraphs and comments: all chrome must be cleaned away."""
    article = manifest.articles[index]
    offset = 0
    for page, path in enumerate(article.comment_pages, start=1):
        status, headers, body = fetch(base + path)
        assert status == 200
        result = extract(body, base + path, ExtractOptions(), content_type=headers["Content-Type"])
        record = result.article
        assert record.headline == article.title
        assert (record.articleBody or "").split("\n\n") == list(article.paragraphs)
        assert record.authors == [article.author]
        assert record.datePublished is not None
        assert record.datePublished.startswith(article.published[:16])
        expected = [c for c in article.comments if c.page == page]
        got = [(c.author, c.text, c.depth) for c in result.comments]
        assert got == [(c.author, c.text, c.depth) for c in expected]
        positions = {c.id: c.position for c in result.comments}
        parents = [positions[c.parentId] if c.parentId else None for c in result.comments]
        assert parents == [None if c.parent is None else c.parent - offset for c in expected]
        offset += len(expected)
