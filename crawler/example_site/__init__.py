"""A bundled example news site, and the local HTTP server that serves it.

The crawler's end-to-end tests, its benchmark and the README's main command crawl this site
instead of the real web. ``build_site`` writes a WordPress-like news site as static files
(deterministic for a seed), with a ``manifest.json`` that says what every page holds and how
a crawler can find it; ``start_server``/``serve`` serve it on 127.0.0.1, plus fault routes.

    python -m crawler.example_site build --out DIR --articles N [--seed S] [--today YYYY-MM-DD]
    python -m crawler.example_site serve --root DIR [--host 127.0.0.1] [--port 0]

URL layout (every folder URL serves its ``index.html``, ``index.rss`` or ``index.atom``):

* ``/`` home: the latest articles, links to the sections, a members-only article under
  ``/private/``; ``<link rel="alternate">`` to the RSS and Atom feeds.
* ``/section/<name>/``, ``/section/<name>/page/<n>/``: section listings, 3 articles a page.
* ``/YYYY/MM/DD/<slug>/``: articles (canonical, og:title, article:published_time, meta
  author, ``<html lang>``), each with a WordPress core comment thread (``ol.comment-list``,
  replies in ``ul.children`` to depth 2). Articles with more than 4 top-level threads split
  them over two comment pages: ``<slug>/comment-page-2/`` repeats the article and holds the
  remaining threads, linked by ``.comment-navigation .nav-next a`` (and back by
  ``.nav-previous a``).
* ``/private/<slug>/``: an article linked from the home page that robots.txt disallows.
* ``/robots.txt``, ``/sitemap_index.xml`` -> ``/sitemap-posts.xml`` (``<lastmod>``; split
  every 1,000 URLs as ``/sitemap-posts-2.xml``, ...) and ``/news-sitemap.xml`` (Google News),
  ``/feed/`` (RSS 2.0), ``/feed/atom/`` (Atom), ``/?p=<post id>`` (301 to the article).
* ``/about-us/``, ``/contact/``, ``/privacy-policy/``, ``/terms-of-service/``, ``/donate/``:
  the pages the menus and footer link to.

Files on disk hold the placeholder ``{BASE}`` wherever a page needs an absolute URL; the
server replaces it with ``http://<Host header>`` when it serves a file, so the same files
work on any port (``render_file`` does the same without a server).

Discovery: article ``i`` (0 = newest) is reachable by the paths ``_DISCOVERY_CYCLE[i % 10]``
(in ``plan``) of links (home, section pages, related-article blocks, sidebars), the sitemaps
and the feeds: one in ten only through the sitemaps, one only through the feeds, one only by
links, the rest through several. The manifest lists each article's paths, and the counts.

Chrome: every page has a masthead ad, a fund-drive banner (currency ladder, "N DAYS LEFT
UNTIL THE END OF <MONTH>"), a Recent Posts sidebar of "Title - Month D, YYYY" lines, a
newsletter widget and a footer (copyright, Privacy Policy); articles add an "Advertisement"
slot, a share bar, a "Related Articles:" block and WordPress's reply links
(``?replytocom=N``, rel=nofollow, the same page). Some articles also carry chrome inside their
content, where markup cannot give it away (``IN_CONTENT_CHROME``, listed per article).

Fault routes (not linked from any page): see ``FAULTS``. The server counts requests by path
in ``ExampleSiteServer.hits``.

Modules: ``manifest`` (layout constants, manifest records, ``load_manifest``), ``content``
(seeded text, people, comments), ``plan`` (the articles of a build, before rendering),
``frame`` (page frame and chrome), ``articles``, ``pages`` (home, sections, info pages),
``feeds`` (robots.txt, sitemaps, RSS, Atom), ``build`` (``build_site``), ``server`` (the HTTP
server and fault routes), ``cli`` (``python -m crawler.example_site``).
"""

from crawler.example_site.build import build_site
from crawler.example_site.cli import main
from crawler.example_site.manifest import (
    BASE,
    FEED,
    IN_CONTENT_CHROME,
    LINKS,
    NEWS_SITEMAP,
    REFERENCE_DATE,
    SITEMAP,
    ArticleSpec,
    CommentSpec,
    SectionSpec,
    SiteManifest,
    load_manifest,
)
from crawler.example_site.server import (
    FAULTS,
    ExampleSiteServer,
    render_file,
    resolve_path,
    running_server,
    serve,
    start_server,
)

__all__ = [
    "BASE",
    "FAULTS",
    "FEED",
    "IN_CONTENT_CHROME",
    "LINKS",
    "NEWS_SITEMAP",
    "REFERENCE_DATE",
    "SITEMAP",
    "ArticleSpec",
    "CommentSpec",
    "ExampleSiteServer",
    "SectionSpec",
    "SiteManifest",
    "build_site",
    "load_manifest",
    "main",
    "render_file",
    "resolve_path",
    "running_server",
    "serve",
    "start_server",
]
