"""The example site's robots.txt, sitemaps (posts, Google News, index), RSS and Atom feeds."""

# ruff: noqa: E501 (HTML templates keep one element per line, as WordPress prints them)

from __future__ import annotations

from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from crawler.example_site.frame import when
from crawler.example_site.manifest import (
    BASE,
    DISALLOWED,
    FEED,
    NEWS_SITEMAP,
    SECTIONS,
    SITE_NAME,
    SITEMAP,
    TAGLINE,
)
from crawler.example_site.plan import Plan, iso

POSTS_PER_SITEMAP = 1000


def robots() -> str:
    disallow = "".join(f"Disallow: {path}\n" for path in DISALLOWED)
    return (
        f"User-agent: *\n{disallow}Disallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
        f"\nSitemap: {BASE}/sitemap_index.xml\n"
    )


def sitemaps(plan: Plan) -> list[tuple[str, str]]:
    listed = [a for a in plan.articles if SITEMAP in a.discovery]
    listed.reverse()  # oldest first, as WordPress sitemap plugins list posts
    chunks = [
        listed[i : i + POSTS_PER_SITEMAP] for i in range(0, len(listed), POSTS_PER_SITEMAP)
    ] or [[]]
    files: list[tuple[str, str]] = []
    for number, chunk in enumerate(chunks, start=1):
        urls = "\n".join(
            f"<url><loc>{BASE}{a.path}</loc><lastmod>{a.modified}</lastmod></url>" for a in chunk
        )
        name = "/sitemap-posts.xml" if number == 1 else f"/sitemap-posts-{number}.xml"
        files.append((name, _urlset(urls)))
    news = [a for a in plan.articles if NEWS_SITEMAP in a.discovery]
    news_urls = "\n".join(
        f"""<url><loc>{BASE}{a.path}</loc><news:news><news:publication><news:name>{SITE_NAME}</news:name><news:language>en</news:language></news:publication><news:publication_date>{a.published}</news:publication_date><news:title>{xml_escape(a.title)}</news:title></news:news></url>"""
        for a in news
    )
    files.append(("/news-sitemap.xml", _urlset(news_urls, news=True)))
    newest = max((a.modified for a in plan.articles), default=iso(plan.now))
    index = "\n".join(
        f"<sitemap><loc>{BASE}{name}</loc><lastmod>{newest}</lastmod></sitemap>"
        for name, _ in files
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    files.insert(
        0, ("/sitemap_index.xml", f"{head}<sitemapindex {ns}>\n{index}\n</sitemapindex>\n")
    )
    return files


def rss(plan: Plan) -> str:
    items = "\n".join(
        f"""<item>
<title>{xml_escape(a.title)}</title>
<link>{BASE}{a.path}</link>
<comments>{BASE}{a.path}#comments</comments>
<dc:creator>{xml_escape(a.author)}</dc:creator>
<pubDate>{format_datetime(when(a.published))}</pubDate>
<category>{dict(SECTIONS)[a.section]}</category>
<guid isPermaLink="false">{BASE}/?p={a.post_id}</guid>
<description>{xml_escape(a.description)}</description>
</item>"""
        for a in plan.articles
        if FEED in a.discovery
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{SITE_NAME}</title>
<atom:link href="{BASE}/feed/" rel="self" type="application/rss+xml"/>
<link>{BASE}/</link>
<description>{TAGLINE}</description>
<lastBuildDate>{format_datetime(plan.now)}</lastBuildDate>
<language>en-US</language>
{items}
</channel>
</rss>
"""


def atom(plan: Plan) -> str:
    entries = "\n".join(
        f"""<entry>
<author><name>{xml_escape(a.author)}</name></author>
<title type="html">{xml_escape(a.title)}</title>
<link rel="alternate" type="text/html" href="{BASE}{a.path}"/>
<id>{BASE}/?p={a.post_id}</id>
<updated>{a.modified}</updated>
<published>{a.published}</published>
<category scheme="{BASE}" term="{dict(SECTIONS)[a.section]}"/>
<summary type="html">{xml_escape(a.description)}</summary>
</entry>"""
        for a in plan.articles
        if FEED in a.discovery
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">
<title type="text">{SITE_NAME}</title>
<subtitle type="text">{TAGLINE}</subtitle>
<updated>{iso(plan.now)}</updated>
<link rel="alternate" type="text/html" href="{BASE}/"/>
<id>{BASE}/feed/atom/</id>
<link rel="self" type="application/atom+xml" href="{BASE}/feed/atom/"/>
{entries}
</feed>
"""


def _urlset(urls: str, *, news: bool = False) -> str:
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if news:
        ns += ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {ns}>\n{urls}\n</urlset>\n'
