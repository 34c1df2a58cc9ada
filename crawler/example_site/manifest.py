"""What a build of the example site holds: its fixed layout, and the manifest records.

``build_site`` writes ``manifest.json`` beside the site (``SiteManifest.to_json``); tests,
the benchmark and the server read it back with ``load_manifest``. The layout constants here
(sections, info pages, disallowed paths, discovery ways, in-content chrome) are the values
the manifest reports; the files on disk hold ``BASE`` wherever a page needs an absolute URL.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

BASE = "{BASE}"
"""Placeholder for ``http://host:port`` in the files on disk, replaced when served."""
REFERENCE_DATE = date(2026, 11, 1)
"""The default "today" of a build: every date on the site is before its midnight (UTC)."""
MANIFEST = "manifest.json"
GENERATOR = "crawler.example_site"
FORMAT_VERSION = 1

SITE_NAME = "The Harbor Ledger"
TAGLINE = "News from the coast since 1998"
SECTIONS = (
    ("local", "Local"),
    ("politics", "Politics"),
    ("business", "Business"),
    ("environment", "Environment"),
)

DISALLOWED = ("/private/",)
INFO_PAGES = (
    ("about-us", "About Us"),
    ("contact", "Contact Us"),
    ("privacy-policy", "Privacy Policy"),
    ("terms-of-service", "Terms of Service"),
    ("donate", "Donate"),
)

LINKS, SITEMAP, NEWS_SITEMAP, FEED = "links", "sitemap", "news-sitemap", "feed"
DISCOVERY_NOTES = {
    LINKS: "linked from the home page, the section pages (following their pagination), "
    "related-article blocks or the Recent Posts sidebar",
    SITEMAP: "listed in /sitemap-posts.xml (via /sitemap_index.xml, named in robots.txt)",
    NEWS_SITEMAP: "also in /news-sitemap.xml (sitemap articles of the last two days)",
    FEED: "an item of /feed/ (RSS 2.0) and of /feed/atom/ (Atom), both autodiscoverable",
}

IN_CONTENT_CHROME = {
    "ad-shortcodes": "unrendered [ad_1] before the body and [ad_2] after it",
    "ad-label": "a bare <p>Advertisement</p> between two paragraphs (an ad plugin's label)",
    "share-line": "<p>Share This Article...</p> after the body",
    "donation-box": "a fund-drive box after the body: N DAYS LEFT UNTIL THE END OF <MONTH>,"
    " a 0 $ / 2,500 $ / 5,000 $ ladder, Support us!",
    "newsletter-box": "Sign up for our newsletter / Enter your email address: after the body",
    "recent-posts": "Latest News and a list of 'Title - Month D, YYYY' lines after the body",
    "copyright-line": "a syndication copyright line after the body",
    "related-list": "Related Articles: and a list of titles, last in the content",
}
"""Chrome that some articles carry inside their content (where extraction cannot drop it by
markup), on top of what every page has: the masthead ad, the donation banner (currency ladder,
days-left countdown), the share bar, the Related Articles block, the Recent Posts sidebar, the
newsletter widget and the footer (copyright, Privacy Policy, ...)."""


@dataclass(frozen=True)
class CommentSpec:
    """One reader comment. ``depth`` 0 is top level; ``parent`` indexes the article's list."""

    id: int
    author: str
    text: str
    """Paragraphs separated by a blank line, as the extractor returns them."""
    depth: int
    parent: int | None
    page: int
    """The comment page it is on (1 or 2); a thread is always whole on one page."""
    published: str


@dataclass(frozen=True)
class ArticleSpec:
    """One article page and what a correct extraction of it gives."""

    path: str
    title: str
    section: str
    author: str
    published: str
    modified: str
    description: str
    paragraphs: tuple[str, ...]
    """The body, paragraph by paragraph, exactly as a clean extraction must give it."""
    comments: tuple[CommentSpec, ...]
    comment_pages: tuple[str, ...]
    """The article's path, then ``<path>comment-page-2/`` when its comments have two pages."""
    discovery: tuple[str, ...]
    """Which of ``links``, ``sitemap``, ``news-sitemap``, ``feed`` reach the article."""
    post_id: int
    chrome: tuple[str, ...]
    """The chrome printed inside this article's content, besides what every page has (see
    ``IN_CONTENT_CHROME``): a clean extraction removes all of it."""


@dataclass(frozen=True)
class SectionSpec:
    name: str
    title: str
    pages: tuple[str, ...]


@dataclass(frozen=True)
class SiteManifest:
    """What ``build_site`` wrote: written beside the site as ``manifest.json``."""

    site_name: str
    seed: int
    reference_date: str
    articles: tuple[ArticleSpec, ...]
    """Newest first."""
    private: tuple[ArticleSpec, ...]
    """Articles under a disallowed path (linked from the home page)."""
    disallowed: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    pages: tuple[str, ...]
    feeds: tuple[str, ...]
    sitemaps: tuple[str, ...]
    coverage: dict[str, int]
    discovery_notes: dict[str, str]
    faults: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"generator": GENERATOR, "format": FORMAT_VERSION, **asdict(self)}

    def article(self, path: str) -> ArticleSpec | None:
        return next((a for a in (*self.articles, *self.private) if a.path == path), None)


def load_manifest(root: Path) -> SiteManifest:
    """The manifest of the site built into ``root``."""
    data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    if data.get("generator") != GENERATOR or data.get("format") != FORMAT_VERSION:
        raise ValueError(f"{root / MANIFEST} was not written by this version of {GENERATOR}")

    def article(item: dict[str, Any]) -> ArticleSpec:
        fields = {
            **item,
            "paragraphs": tuple(item["paragraphs"]),
            "comments": tuple(CommentSpec(**c) for c in item["comments"]),
            "comment_pages": tuple(item["comment_pages"]),
            "discovery": tuple(item["discovery"]),
        }
        return ArticleSpec(**fields)

    return SiteManifest(
        site_name=data["site_name"],
        seed=data["seed"],
        reference_date=data["reference_date"],
        articles=tuple(article(a) for a in data["articles"]),
        private=tuple(article(a) for a in data["private"]),
        disallowed=tuple(data["disallowed"]),
        sections=tuple(
            SectionSpec(s["name"], s["title"], tuple(s["pages"])) for s in data["sections"]
        ),
        pages=tuple(data["pages"]),
        feeds=tuple(data["feeds"]),
        sitemaps=tuple(data["sitemaps"]),
        coverage=dict(data["coverage"]),
        discovery_notes=dict(data["discovery_notes"]),
        faults=dict(data["faults"]),
    )
