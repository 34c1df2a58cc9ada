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
of links (home, section pages, related-article blocks, sidebars), the sitemaps and the feeds:
one in ten only through the sitemaps, one only through the feeds, one only by links, the rest
through several. The manifest lists each article's paths, and the counts.

Chrome: every page has a masthead ad, a fund-drive banner (currency ladder, "N DAYS LEFT
UNTIL THE END OF <MONTH>"), a Recent Posts sidebar of "Title - Month D, YYYY" lines, a
newsletter widget and a footer (copyright, Privacy Policy); articles add an "Advertisement"
slot, a share bar, a "Related Articles:" block and WordPress's reply links
(``?replytocom=N``, rel=nofollow, the same page). Some articles also carry chrome inside their
content, where markup cannot give it away (``IN_CONTENT_CHROME``, listed per article).

Fault routes (not linked from any page): see ``FAULTS``. The server counts requests by path
in ``ExampleSiteServer.hits``.
"""

# ruff: noqa: E501 (HTML templates keep one element per line, as WordPress prints them)

from __future__ import annotations

import argparse
import bisect
import hashlib
import html
import ipaddress
import json
import math
import random
import re
import shutil
import socket
import struct
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

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
SECTION_PAGE_SIZE = 3
HOME_ARTICLES = 10
RECENT_POSTS = 5
RELATED_POSTS = 3
THREADS_PER_COMMENT_PAGE = 4
POSTS_PER_SITEMAP = 1000
NEWS_SITEMAP_WINDOW = timedelta(days=2)
DISALLOWED = ("/private/",)
INFO_PAGES = (
    ("about-us", "About Us"),
    ("contact", "Contact Us"),
    ("privacy-policy", "Privacy Policy"),
    ("terms-of-service", "Terms of Service"),
    ("donate", "Donate"),
)

LINKS, SITEMAP, NEWS_SITEMAP, FEED = "links", "sitemap", "news-sitemap", "feed"
_DISCOVERY_CYCLE: tuple[tuple[str, ...], ...] = (
    (LINKS, SITEMAP, FEED),
    (LINKS, SITEMAP),
    (LINKS, FEED),
    (SITEMAP,),  # only through the sitemaps
    (LINKS, SITEMAP, FEED),
    (LINKS, SITEMAP, FEED),
    (FEED,),  # only through the feeds
    (LINKS, SITEMAP),
    (LINKS,),  # only by following links
    (SITEMAP, FEED),
)
DISCOVERY_NOTES = {
    LINKS: "linked from the home page, the section pages (following their pagination), "
    "related-article blocks or the Recent Posts sidebar",
    SITEMAP: "listed in /sitemap-posts.xml (via /sitemap_index.xml, named in robots.txt)",
    NEWS_SITEMAP: "also in /news-sitemap.xml (sitemap articles of the last two days)",
    FEED: "an item of /feed/ (RSS 2.0) and of /feed/atom/ (Atom), both autodiscoverable",
}

FAULTS = {
    "/faults/flaky": "500 on the first request (?fail=N: the first N, at most 10), then 200 "
    "with an article page; counted per server and per full URL (add ?key=... to isolate)",
    "/faults/missing": "404",
    "/faults/redirect-chain": "302 -> /faults/redirect-chain/2 (302) -> "
    "/faults/redirect-chain/3 (301) -> the newest article",
    "/faults/redirect-loop": "302 -> /faults/redirect-loop/b, which redirects back, forever",
    "/faults/slow": "sleeps ?seconds=N (default 10, at most 30), then 200 with an article",
    "/faults/truncated": "declares a Content-Length larger than the body it sends, then closes",
    "/faults/huge": "streams a body larger than ?bytes=N (default 1 MiB, at most 256 MiB) "
    "with a Content-Length, or chunked with ?chunked=1",
    "/faults/reset": "resets the connection (TCP RST) without a response",
    "/faults/rate-limited": "429 with Retry-After: 1 the first time (per full URL), then 200",
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
_CHROME_EVERY = {
    "ad-shortcodes": (10, 1),
    "ad-label": (3, 0),
    "share-line": (4, 2),
    "donation-box": (6, 4),
    "newsletter-box": (5, 3),
    "recent-posts": (7, 5),
    "copyright-line": (9, 7),
    "related-list": (4, 1),
}


def _in_content_chrome(index: int) -> tuple[str, ...]:
    return tuple(name for name, (every, at) in _CHROME_EVERY.items() if index % every == at)


_MAX_FLAKY_FAILURES = 10
_MAX_SLOW_SECONDS = 30.0
_DEFAULT_SLOW_SECONDS = 10.0
_MAX_HUGE_BYTES = 256 * 1024 * 1024
_DEFAULT_HUGE_BYTES = 1024 * 1024
_HUGE_CHUNK = (b"<p>" + b"filler text of an oversized page " * 60 + b"</p>\n") * 32

# --- the manifest ------------------------------------------------------------------------


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


# --- text --------------------------------------------------------------------------------

_PLACES = (
    "Millbrook", "North Quay", "Eastfield", "Cedar Falls", "Port Alden", "Greystone",
    "Willow Bend", "Lakemont", "Oakridge", "Stonebridge", "Fairhaven", "Brightwater",
    "Kingsford", "Ashby", "Redcliff", "Marlow Point", "Elmstead", "Southgate", "Hollins Creek",
    "Westmere", "Copper Hill", "Dunmore", "Belhaven", "Larkspur",
)  # fmt: skip
_THINGS = (
    "Bus Depot", "Public Library", "Water Treatment Plant", "Ferry Terminal", "Community Pool",
    "Rail Station", "Market Hall", "Sports Park", "Hospital Wing", "Flood Barrier",
    "Cycle Path", "Fire Station", "Harbor Bridge", "Solar Farm", "Seawall", "Tram Line",
    "Recycling Center", "Youth Center",
)  # fmt: skip
_ORGS = (
    ("City Council", "the city council"),
    ("Port Authority", "the port authority"),
    ("Transit Authority", "the regional transit authority"),
    ("School Board", "the county school board"),
    ("Water Utility", "the water utility"),
    ("Planning Commission", "the planning commission"),
)
_TITLES = (
    "{Place} Council Approves Plan to Rebuild the {Thing}",
    "Residents of {Place} Question Delays at the {Thing}",
    "{Place} Opens New {Thing} After Years of Planning",
    "Costs Rise Again for the {Thing} Project in {Place}",
    "Inspectors Find Cracks in the {Place} {Thing}",
    "{Org} Backs Expansion of the {Thing} in {Place}",
    "Flooding Forces Closure of the {Thing} in {Place}",
    "Survey Shows Support for a New {Thing} in {Place}",
    "{Place} Businesses Wait for Answers on {Thing} Plan",
    "State Grant Brings {Thing} Upgrade in {Place} Closer",
    "Neighbors Push Back Against {Thing} Plan in {Place}",
    "What the {Thing} Vote Means for {Place}",
)
_SENTENCES = (
    "{Org} voted {votes} on {weekday} to approve the plan, which has been debated since {year}.",
    "The project is expected to cost about {amount}, according to figures released by {org}.",
    '"We have waited long enough for this," said {person}, who has followed the issue for years.',
    "Critics argue that the timetable is unrealistic and that the budget leaves little room for"
    " unexpected costs.",
    "Residents of {place} packed a public meeting on {weekday} evening, and many of them left"
    " without getting a chance to speak.",
    "According to a report published in {month}, the number of {stat} in {place} rose by {pct}"
    " percent over the past {n} years.",
    "{Person} said the first phase of the work on the {thing} could begin as early as next"
    " spring if the remaining permits are approved.",
    "Engineers who inspected the {thing} found cracks in the foundations and recommended that"
    " parts of it be closed until repairs are finished.",
    "The decision follows months of negotiations between {org} and local business owners, who"
    " feared a drop in customers during construction.",
    "Officials in {place2} are watching the outcome closely, since they face a similar problem"
    " with their own {thing}.",
    "A spokesperson for {org} declined to comment on the details but said a full statement"
    " would be published later this week.",
    "Supporters of the plan say it will create around {jobs} jobs and bring new life to a part"
    " of town that has been neglected for decades.",
    "{Expert} said the numbers were encouraging but warned against drawing firm conclusions"
    " from a single year of data.",
    "Traffic on the main road through {place} has grown steadily, and commuters now spend an"
    " average of {n} minutes more on the trip than they did five years ago.",
    "The last comparable project in the region, in {place2}, ran two years over schedule and"
    " ended up costing almost twice the original estimate.",
    "Local schools will be asked to take part in a pilot program that starts in the autumn and"
    " runs until the end of the next school year.",
    "Some of the funding will come from a state grant, while the rest is to be covered by a"
    " small increase in local fees.",
    '"Nobody here is against progress, but we want to be heard before the decisions are made,"'
    " said {resident}, who has lived in {place} for {n} years.",
    "The council also agreed to publish monthly progress reports so that residents can follow"
    " how the money is spent.",
    "Environmental groups welcomed the announcement but asked for an independent review of the"
    " impact on the river and the wetlands nearby.",
    "Work on the {thing} was halted last winter after heavy rain flooded the site and damaged"
    " equipment worth several hundred thousand dollars.",
    "The proposal will now go to a second reading, where amendments can still be made before a"
    " final vote in {month}.",
    "Business owners along the waterfront said they had seen fewer visitors this season and"
    " hoped the changes would bring them back.",
    "A survey commissioned by {org} found that {pct} percent of respondents supported the plan,"
    " while a quarter were opposed and the rest were undecided.",
    "Under the agreement, the contractor must finish the main structure within {n} months or"
    " pay a penalty for every week of delay.",
    "{Person} promised that the public would have a say in the final design and that no homes"
    " would be demolished to make room for the {thing}.",
    "Data from the regional statistics office show that the population of {place} has grown by"
    " nearly {pct} percent since {year}.",
    "Several neighbors said they first learned about the plan from a notice taped to a lamppost"
    " rather than from the city itself.",
    "The next public hearing is scheduled for {weekday}, {month} {day}, at the community center"
    " on Mill Street.",
    "Experts say that projects of this kind often take longer than planned because of disputes"
    " over land and rising material costs.",
)
_COMMENTS = (
    "I drive past the {thing} every morning and nothing has changed in months.",
    "Who is going to pay for all of this? Not the people who voted for it, that much is certain.",
    "Good news for once. My kids might get to use it before they grow up.",
    "The article leaves out that the same plan was rejected in {year}.",
    "Thanks for covering this. The other papers ignored the meeting completely.",
    "I was at the hearing on {weekday} and the room was full of people who were against it.",
    "Does anyone know if the road will stay open while the work is going on?",
    "Same story as the {thing} in {place2}. Over budget and years late.",
    "We moved to {place} for the quiet, and now this.",
    "Finally! This should have been done ten years ago.",
    "{n} months of construction sounds optimistic to me. Make it double.",
    "My neighbor works on the site and says the crews are already short of people.",
    "Please keep following this story, the council will not tell us anything.",
    "It is easy to complain. Come to the meetings if you want to change something.",
    "The survey numbers look nothing like what I hear from people on my street.",
)
_REPLIES = (
    "Agreed, it was the same in {place2}.",
    "That is not what the report says. Read page four before you post.",
    "The road stays open, one lane each way. It was in the notice.",
    "You are right about the budget, but the old {thing} was falling apart.",
    "I was there too and I did not see it that way at all.",
    "Fair point. I had not thought about the fees.",
)
_AUTHORS = (
    "Dana Whitfield", "Marcus Ellery", "Priya Raman", "Tom Haskins", "Ines Carvalho",
    "Owen Brady", "Lena Fischer", "Samuel Osei",
)  # fmt: skip
_COMMENTERS = (
    "Joan Whitaker", "harborwatcher", "Luis Moreno", "Hannah Cole", "Peter Lindqvist",
    "Margaret O'Neill", "kayak_kev", "Ravi Menon", "Beth Anders", "old_millbrook",
    "Chris Dalton", "Nadia Petrova", "G. Holloway", "Frank Reyes", "tidewater",
)  # fmt: skip
_OFFICIALS = (
    "Mayor Elena Ruiz", "Councillor Mark Haddad", "Deputy Mayor Priya Nair",
    "Commissioner Ruth Okafor", "Harbor Master Ian Doyle", "Councillor Grace Lin",
)  # fmt: skip
_EXPERTS = (
    "Tomas Berg, an economist at Lakemont University,",
    "Amelia Ward, who studies urban planning at the state university,",
    "Daniel Kim, a transport consultant who advised the county in {year},",
)
_RESIDENTS = ("Joan Whitaker", "Luis Moreno", "Hannah Cole", "Peter Lindqvist", "Ada Morrow")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_MONTHS = ("January", "March", "April", "June", "September", "October", "December")
_STATS = ("commuters", "new businesses", "visitors", "households", "students")
_VOTES = ("7-2", "5-4", "6-3", "8-1")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Fills the text templates for one article from the build's random generator."""

    def __init__(self, rng: random.Random, place: str, thing: str, org: str) -> None:
        self.rng = rng
        self.slots = {
            "place": place,
            "thing": thing.lower(),
            "org": org,
            "place2": rng.choice([p for p in _PLACES if p != place]),
            "person": rng.choice(_OFFICIALS),
            "expert": rng.choice(_EXPERTS),
            "resident": rng.choice(_RESIDENTS),
        }

    def fill(self, template: str) -> str:
        rng = self.rng
        slots = {
            **self.slots,
            "weekday": rng.choice(_WEEKDAYS),
            "month": rng.choice(_MONTHS),
            "day": str(rng.randint(2, 28)),
            "year": str(rng.randint(2009, 2022)),
            "n": str(rng.randint(3, 18)),
            "jobs": str(rng.randint(4, 30) * 10),
            "pct": str(rng.randint(6, 64)),
            "amount": f"${rng.randint(2, 90)}.{rng.randint(1, 9)} million",
            "stat": rng.choice(_STATS),
            "votes": rng.choice(_VOTES),
        }
        slots["expert"] = slots["expert"].replace("{year}", slots["year"])
        slots |= {_upper_first(k): _upper_first(v) for k, v in list(slots.items())}
        return _upper_first(template.format(**slots))

    def paragraphs(self) -> tuple[str, ...]:
        sizes = [self.rng.randint(3, 4) for _ in range(self.rng.randint(4, 5))]
        sentences = self.rng.sample(_SENTENCES, sum(sizes))
        out, start = [], 0
        for size in sizes:
            out.append(" ".join(self.fill(s) for s in sentences[start : start + size]))
            start += size
        return tuple(out)

    def comment(self, reply: bool) -> str:
        pool = _REPLIES if reply else _COMMENTS
        parts = [self.fill(self.rng.choice(pool))]
        if not reply and self.rng.random() < 0.3:
            parts.append(self.fill(self.rng.choice([c for c in _COMMENTS if c != parts[0]])))
        return "\n\n".join(dict.fromkeys(parts))


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _long_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def _description(paragraph: str) -> str:
    first = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "..."


# --- generation --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """All generated content of a build, before rendering."""

    articles: tuple[ArticleSpec, ...]
    private: ArticleSpec
    now: datetime
    seed: int


def _generate(count: int, seed: int, today: date) -> _Plan:
    rng = random.Random(f"copydesk-example-site:{seed}")
    now = datetime.combine(today, time(0, 0), tzinfo=UTC)
    titles: set[str] = set()
    articles = []
    for i in range(count):
        published = now - timedelta(
            hours=3 + 17 * i + rng.randint(0, 5), minutes=rng.randint(0, 59)
        )
        discovery = _DISCOVERY_CYCLE[i % len(_DISCOVERY_CYCLE)]
        if SITEMAP in discovery and now - published <= NEWS_SITEMAP_WINDOW:
            discovery = (*discovery, NEWS_SITEMAP)
        articles.append(
            _article(
                rng,
                now,
                published,
                titles,
                section=SECTIONS[i % len(SECTIONS)][0],
                post_id=4000 + 7 * (count - i),
                discovery=discovery,
                chrome=_in_content_chrome(i),
                threads=rng.randint(5, 6) if i % 8 == 2 else rng.choice((0, 0, 1, 1, 2, 2, 3, 4)),
            )
        )
    private = _article(
        rng,
        now,
        now - timedelta(hours=1, minutes=12),
        titles,
        section=SECTIONS[0][0],
        post_id=4000 + 7 * (count + 1),
        discovery=(LINKS,),
        chrome=(),
        threads=0,
        prefix="Members Only: ",
        path_prefix="/private",
    )
    return _Plan(tuple(articles), private, now, seed)


def _article(
    rng: random.Random,
    now: datetime,
    published: datetime,
    titles: set[str],
    *,
    section: str,
    post_id: int,
    discovery: tuple[str, ...],
    chrome: tuple[str, ...],
    threads: int,
    prefix: str = "",
    path_prefix: str = "",
) -> ArticleSpec:
    title, place, thing, org = _title(rng, titles, prefix)
    writer = _Writer(rng, place, thing, org)
    paragraphs = writer.paragraphs()
    slug = _slug(title)
    path = f"{path_prefix}/{slug}/" if path_prefix else f"/{published:%Y/%m/%d}/{slug}/"
    modified = published + timedelta(minutes=rng.choice((0, 0, 35, 90, 240)))
    comments = _comments(
        rng, writer, threads=threads, published=published, now=now, post_id=post_id
    )
    pages = (path, f"{path}comment-page-2/") if any(c.page == 2 for c in comments) else (path,)
    return ArticleSpec(
        path=path,
        title=title,
        section=section,
        author=rng.choice(_AUTHORS),
        published=_iso(published),
        modified=_iso(min(modified, now - timedelta(minutes=1))),
        description=_description(paragraphs[0]),
        paragraphs=paragraphs,
        comments=comments,
        comment_pages=pages,
        discovery=discovery,
        post_id=post_id,
        chrome=chrome,
    )


def _title(rng: random.Random, taken: set[str], prefix: str) -> tuple[str, str, str, str]:
    for attempt in range(200):
        place, thing = rng.choice(_PLACES), rng.choice(_THINGS)
        org_title, org = rng.choice(_ORGS)
        title = prefix + rng.choice(_TITLES).format(Place=place, Thing=thing, Org=org_title)
        if attempt == 199:  # bounded: a site of many thousands of articles runs out of names
            title = f"{title}, Part {len(taken) + 1}"
        if title not in taken:
            taken.add(title)
            return title, place, thing, org
    raise AssertionError("unreachable: the last attempt always gives a new title")


def _comments(
    rng: random.Random,
    writer: _Writer,
    *,
    threads: int,
    published: datetime,
    now: datetime,
    post_id: int,
) -> tuple[CommentSpec, ...]:
    """``threads`` top-level comments with replies; after the 4th, on comment page 2."""
    shape: list[tuple[int, int | None, int]] = []  # (depth, parent index, page)
    for thread in range(threads):
        page = 1 if thread < THREADS_PER_COMMENT_PAGE else 2
        top = len(shape)
        shape.append((0, None, page))
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            reply = len(shape)
            shape.append((1, top, page))
            if rng.random() < 0.35:
                shape.append((2, reply, page))
    window = min(now - published, timedelta(hours=72)) * 0.9
    out = []
    for index, (depth, parent, page) in enumerate(shape):
        moment = published + window * (index + 1 + rng.random() * 0.5) / (len(shape) + 1)
        out.append(
            CommentSpec(
                id=post_id * 100 + index + 1,
                author=rng.choice(_COMMENTERS),
                text=writer.comment(reply=depth > 0),
                depth=depth,
                parent=parent,
                page=page,
                published=_iso(moment.replace(microsecond=0)),
            )
        )
    return tuple(out)


# --- rendering: shared chrome ------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


class _Site:
    """Renders every file of the site from a plan."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        self.linked = [a for a in plan.articles if LINKS in a.discovery]
        self.sections: dict[str, list[ArticleSpec]] = {name: [] for name, _ in SECTIONS}
        for article in self.linked:
            self.sections[article.section].append(article)
        self.order = {a.path: i for i, a in enumerate(plan.articles)}
        self.section_order = {
            name: [self.order[a.path] for a in articles] for name, articles in self.sections.items()
        }

    def related_posts(self, article: ArticleSpec) -> list[ArticleSpec]:
        """Up to three linked articles of the same section, nearest in time (then any)."""
        same = self.sections[article.section]
        position = self.order.get(article.path, -1)  # the private article is the newest
        at = bisect.bisect_left(self.section_order[article.section], position)
        near = [a for a in same[max(0, at - 2) : at + 3] if a.path != article.path]
        near.sort(key=lambda a: abs(self.order[a.path] - position))
        picks = near[:RELATED_POSTS]
        for other in self.linked:  # a small site: fill up from the other sections
            if len(picks) >= RELATED_POSTS:
                break
            if other.path != article.path and all(other.path != a.path for a in picks):
                picks.append(other)
        return picks

    # --- page frame ---
    def page(self, *, title: str, head: str, body_class: str, main: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
{head}
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{BASE}/feed/">
<link rel="alternate" type="application/atom+xml" title="{SITE_NAME} &raquo; Atom Feed" href="{BASE}/feed/atom/">
<link rel="stylesheet" id="ledger-style-css" href="{BASE}/wp-content/themes/ledger/style.css?ver=2.4.1" media="all">
<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-0000000000000000"></script>
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
{self.masthead()}
{self.donation_bar()}
<div id="content" class="site-content container">
<div id="primary" class="content-area">
<main id="main" class="site-main">
{main}
</main>
</div>
{self.sidebar()}
</div>
{self.footer()}
</div>
</body>
</html>
"""

    def masthead(self) -> str:
        now = self.plan.now
        menu = "\n".join(
            f'<li class="menu-item"><a href="{BASE}/section/{name}/">{label}</a></li>'
            for name, label in SECTIONS
        )
        return f"""<header id="masthead" class="site-header">
<div class="top-bar"><div class="header-date">{now:%A}, {_long_date(now)}</div></div>
<div class="site-branding">
<a href="{BASE}/" class="custom-logo-link" rel="home"><img width="280" height="60" src="{BASE}/wp-content/uploads/2024/02/ledger-logo.png" class="custom-logo" alt="{SITE_NAME}"></a>
<p class="site-description">{TAGLINE}</p>
</div>
<div class="header-ad textwidget"><p class="ad-label">Advertisement</p><ins class="adsbygoogle" style="display:inline-block;width:728px;height:90px" data-ad-client="ca-pub-0000000000000000" data-ad-slot="1010101010"></ins></div>
<nav id="site-navigation" class="main-navigation" aria-label="Main menu">
<ul id="primary-menu" class="menu">
<li class="menu-item menu-item-home"><a href="{BASE}/">Home</a></li>
{menu}
<li class="menu-item"><a href="{BASE}/about-us/">About Us</a></li>
<li class="menu-item menu-item-donate"><a href="{BASE}/donate/">Donate</a></li>
</ul>
</nav>
</header>"""

    def donation_bar(self) -> str:
        today = self.plan.now.date()
        days_left, month = self.days_left()
        raised = 500 + (self.plan.seed * 977 + today.toordinal() * 131) % 4000
        return f"""<div class="donation-bar" id="ledger-donation-bar">
<div class="donation-progress">
<div class="dp-scale"><div class="dp-mark dp-mark-start">0 $</div><div class="dp-mark dp-mark-mid">2,500 $</div><div class="dp-mark dp-mark-end">5,000 $</div></div>
<div class="dp-track"><div class="dp-fill" style="width: {raised / 50:.1f}%;"><div class="dp-current">{raised:,} $</div></div></div>
<div class="dp-days">{days_left} DAYS LEFT UNTIL THE END OF {month}</div>
</div>
<a class="donate-button" href="{BASE}/donate/">Donate now</a>
</div>"""

    def sidebar(self) -> str:
        recent = "\n".join(
            f'<li><a href="{BASE}{a.path}">{_e(a.title)}</a> - '
            f'<span class="post-date">{_long_date(_when(a.published))}</span></li>'
            for a in self.linked[:RECENT_POSTS]
        )
        return f"""<div id="secondary" class="widget-area sidebar" role="complementary">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{BASE}/"><input type="search" class="search-field" placeholder="Search &hellip;" name="s"><input type="submit" class="search-submit" value="Search"></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries">
<h2 class="widget-title">Recent Posts</h2>
<ul>
{recent}
</ul>
</section>
<section id="newsletter-2" class="widget widget_newsletter">
<h2 class="widget-title">Newsletter</h2>
<p>Sign up for our newsletter</p>
<form action="{BASE}/newsletter/" method="post"><label for="nl-email">Enter your email address:</label> <input type="email" id="nl-email" name="email"> <input type="submit" value="Subscribe"></form>
</section>
<section id="custom_html-3" class="widget_text widget widget_custom_html"><div class="textwidget custom-html-widget"><p class="ad-label">Advertisement</p><ins class="adsbygoogle" style="display:inline-block;width:300px;height:250px" data-ad-client="ca-pub-0000000000000000" data-ad-slot="3030303030"></ins></div></section>
</div>"""

    def footer(self) -> str:
        links = "\n".join(
            f'<li class="menu-item"><a href="{BASE}/{slug}/">{label}</a></li>'
            for slug, label in INFO_PAGES
            if slug != "donate"
        )
        return f"""<footer id="colophon" class="site-footer">
<div class="footer-menu"><ul id="footer-menu" class="menu">
{links}
</ul></div>
<div class="site-info">&copy; {self.plan.now.year} {SITE_NAME}. All rights reserved.</div>
</footer>"""

    @staticmethod
    def head(*, canonical: str, description: str, og_type: str, title: str, extra: str = "") -> str:
        return f"""<meta name="description" content="{_e(description)}">
<link rel="canonical" href="{BASE}{canonical}">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{_e(title)}">
<meta property="og:description" content="{_e(description)}">
<meta property="og:url" content="{BASE}{canonical}">
<meta property="og:site_name" content="{SITE_NAME}">{extra}"""

    # --- articles ---
    def article_page(self, article: ArticleSpec, comment_page: int) -> str:
        path = article.comment_pages[comment_page - 1]
        published = _when(article.published)
        section_title = dict(SECTIONS)[article.section]
        ld = json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": article.title,
                "datePublished": article.published,
                "dateModified": article.modified,
                "author": {"@type": "Person", "name": article.author},
                "publisher": {"@type": "Organization", "name": SITE_NAME},
                "commentCount": len(article.comments),
                "inLanguage": "en-US",
            },
            ensure_ascii=False,
        ).replace("</", "<\\/")
        head = self.head(
            canonical=path,
            description=article.description,
            og_type="article",
            title=article.title,
            extra=f"""
<meta property="article:section" content="{section_title}">
<meta property="article:published_time" content="{article.published}">
<meta property="article:modified_time" content="{article.modified}">
<meta name="author" content="{_e(article.author)}">
<script type="application/ld+json">{ld}</script>""",
        )
        main = f"""<article id="post-{article.post_id}" class="post-{article.post_id} post type-post status-publish format-standard hentry category-{article.section}">
<header class="entry-header">
<div class="entry-cats"><a href="{BASE}/section/{article.section}/" rel="category tag">{section_title}</a></div>
<h1 class="entry-title">{_e(article.title)}</h1>
<div class="entry-meta">
<div class="byline">By <span class="author vcard"><span class="fn">{_e(article.author)}</span></span></div>
<div class="posted-on">Posted on <time class="entry-date published" datetime="{article.published}">{_long_date(published)}</time></div>
</div>
</header>
<div class="entry-content">
{self.body(article)}
{self.share_bar(article)}
</div>
</article>
{self.related(article)}
{self.comments(article, comment_page)}"""
        suffix = f" \u2013 Page {comment_page}" if comment_page > 1 else ""
        return self.page(
            title=f"{article.title}{suffix} | {SITE_NAME}",
            head=head,
            body_class=f"post-template-default single single-post postid-{article.post_id}",
            main=main,
        )

    def body(self, article: ArticleSpec) -> str:
        blocks = [f"<p>{_e(p)}</p>" for p in article.paragraphs]
        ad = (
            '<div class="code-block code-block-2" style="margin: 8px auto; text-align: center;">\n'
            '<p class="ad-label">Advertisement</p>\n'
            '<ins class="adsbygoogle" style="display:block; text-align:center;"'
            ' data-ad-layout="in-article" data-ad-format="fluid"'
            ' data-ad-client="ca-pub-0000000000000000" data-ad-slot="2020202020"></ins>\n'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
        )
        if "ad-label" in article.chrome:
            blocks.insert(3, "<p>Advertisement</p>")
        blocks.insert(2, ad)
        if "ad-shortcodes" in article.chrome:
            blocks.insert(0, "<p> [ad_1]<br>\n</p>")
            blocks.append("<p>[ad_2]</p>")
        blocks.extend(self.content_chrome(article))
        return "\n".join(blocks)

    def content_chrome(self, article: ArticleSpec) -> list[str]:
        """The chrome after the body that plugins print inside the content, in page order."""
        out = []
        if "share-line" in article.chrome:
            out.append("<p>Share This Article...</p>")
        if "donation-box" in article.chrome:
            days, month = self.days_left()
            out.append(
                '<div class="wp-block-group">\n'
                f"<p>{days} DAYS LEFT UNTIL THE END OF {month}</p>\n"
                "<p>0 $</p>\n<p>2,500 $</p>\n<p>5,000 $</p>\n"
                "<p>Support us!</p>\n</div>"
            )
        if "newsletter-box" in article.chrome:
            out.append(
                '<div class="wp-block-group">\n<p>Sign up for our newsletter</p>\n'
                "<p>Enter your email address:</p>\n</div>"
            )
        recent = [a for a in self.linked[: RECENT_POSTS + 1] if a.path != article.path]
        if "recent-posts" in article.chrome:
            items = "\n".join(
                f'<li><a href="{BASE}{a.path}">{_e(a.title)}</a> - '
                f"{_long_date(_when(a.published))}</li>"
                for a in recent[:RECENT_POSTS]
            )
            out.append(f"<h4>Latest News</h4>\n<ul>\n{items}\n</ul>")
        if "copyright-line" in article.chrome:
            out.append(f"<p>&copy; {self.plan.now.year} {SITE_NAME}. All rights reserved.</p>")
        if "related-list" in article.chrome:
            items = "\n".join(
                f'<li><a href="{BASE}{a.path}">{_e(a.title)}</a></li>'
                for a in self.related_posts(article)
            )
            out.append(f"<p><strong>Related Articles:</strong></p>\n<ul>\n{items}\n</ul>")
        return out

    def days_left(self) -> tuple[int, str]:
        """The fund drive's countdown: days left in the build's month, and the month."""
        today = self.plan.now.date()
        next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return (next_month - today).days - 1, today.strftime("%B").upper()

    @staticmethod
    def share_bar(article: ArticleSpec) -> str:
        url = f"{BASE}{article.path}"
        items = "".join(
            f'<li class="share-{name.lower()}"><a rel="nofollow noopener" class="sd-button"'
            f' href="{href}" target="_blank"><span>{name}</span></a></li>'
            for name, href in (
                ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
                ("Twitter", f"https://twitter.com/intent/tweet?url={url}"),
                ("Email", f"mailto:?subject={quote(article.title)}&amp;body={url}"),
                ("Print", "#print"),
            )
        )
        return (
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block'
            ' sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3>'
            f'<div class="sd-content"><ul>{items}<li class="share-end"></li></ul></div></div></div>'
        )

    def related(self, article: ArticleSpec) -> str:
        picks = self.related_posts(article)
        if not picks:
            return ""
        items = "\n".join(
            f"""<div class="related-article media">
<div class="media-body"><h4><a href="{BASE}{a.path}">{_e(a.title)}</a></h4>
<p>{_e(a.description)}</p></div>
</div>"""
            for a in picks
        )
        return f"""<section class="related-articles">
<h3 class="section-title">Related Articles:</h3>
{items}
</section>"""

    def comments(self, article: ArticleSpec, page: int) -> str:
        shown = [(i, c) for i, c in enumerate(article.comments) if c.page == page]
        respond = self.respond(article)
        if not shown:
            return f'<div id="comments" class="comments-area">\n{respond}\n</div>'
        count = len(article.comments)
        heading = (
            f"One thought on &ldquo;<span>{_e(article.title)}</span>&rdquo;"
            if count == 1
            else f"{count} thoughts on &ldquo;<span>{_e(article.title)}</span>&rdquo;"
        )
        nav = self.comment_nav(article, page)
        tree = self.comment_items(
            article, shown, parent=None, page_path=article.comment_pages[page - 1]
        )
        return f"""<div id="comments" class="comments-area">
<h2 class="comments-title">{heading}</h2>
{nav}
<ol class="comment-list">
{tree}
</ol><!-- .comment-list -->
{nav}
{respond}
</div><!-- #comments -->"""

    @staticmethod
    def comment_nav(article: ArticleSpec, page: int) -> str:
        if len(article.comment_pages) < 2:
            return ""
        if page == 1:
            link = (
                f'<div class="nav-next"><a href="{BASE}{article.comment_pages[1]}#comments">'
                "Newer Comments &rarr;</a></div>"
            )
        else:
            link = (
                f'<div class="nav-previous"><a href="{BASE}{article.path}#comments">'
                "&larr; Older Comments</a></div>"
            )
        return (
            '<nav class="navigation comment-navigation" aria-label="Comments">\n'
            '<h2 class="screen-reader-text">Comments navigation</h2>\n'
            f'<div class="nav-links">{link}</div>\n</nav>'
        )

    def comment_items(
        self,
        article: ArticleSpec,
        shown: Sequence[tuple[int, CommentSpec]],
        *,
        parent: int | None,
        page_path: str,
    ) -> str:
        items = []
        for index, comment in shown:
            if comment.parent != parent:
                continue
            children = self.comment_items(article, shown, parent=index, page_path=page_path)
            items.append(self.comment_item(article, comment, children, page_path, index))
        return "\n".join(items)

    @staticmethod
    def comment_item(
        article: ArticleSpec, comment: CommentSpec, children: str, page_path: str, index: int
    ) -> str:
        moment = _when(comment.published)
        avatar = hashlib.md5(comment.author.encode(), usedforsecurity=False).hexdigest()[:12]
        paras = "\n".join(f"<p>{_e(p)}</p>" for p in comment.text.split("\n\n"))
        parity = "even" if index % 2 == 0 else "odd alt"
        classes = f"comment {parity} depth-{comment.depth + 1}" + (" parent" if children else "")
        nested = f'\n<ul class="children">\n{children}\n</ul><!-- .children -->' if children else ""
        cid, author = comment.id, _e(comment.author)
        return f"""<li id="comment-{cid}" class="{classes}">
<article id="div-comment-{cid}" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard"><img alt="" src="https://secure.gravatar.com/avatar/{avatar}?s=56&amp;d=mm" class="avatar avatar-56 photo" height="56" width="56"> <b class="fn">{author}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{BASE}{page_path}#comment-{cid}"><time datetime="{comment.published}">{_long_date(moment)} at {_clock(moment)}</time></a></div>
</footer>
<div class="comment-content">
{paras}
</div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{BASE}{article.path}?replytocom={cid}#respond" data-commentid="{cid}" aria-label="Reply to {author}">Reply</a></div>
</article>{nested}
</li>"""

    @staticmethod
    def respond(article: ArticleSpec) -> str:
        return f"""<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{BASE}{article.path}#respond" style="display:none;">Cancel reply</a></small></h3>
<form action="{BASE}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" required></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" required></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"> <input type="hidden" name="comment_post_ID" value="{article.post_id}" id="comment_post_ID"> <input type="hidden" name="comment_parent" id="comment_parent" value="0"></p>
</form>
</div><!-- #respond -->"""

    # --- listings ---
    def card(self, article: ArticleSpec) -> str:
        section_title = dict(SECTIONS)[article.section]
        return f"""<article id="post-{article.post_id}" class="post-{article.post_id} post type-post hentry category-{article.section}">
<header class="entry-header">
<div class="entry-cats"><a href="{BASE}/section/{article.section}/" rel="category tag">{section_title}</a></div>
<h2 class="entry-title"><a href="{BASE}{article.path}" rel="bookmark">{_e(article.title)}</a></h2>
<div class="entry-meta"><time class="entry-date published" datetime="{article.published}">{_long_date(_when(article.published))}</time></div>
</header>
<div class="entry-summary"><p>{_e(article.description)}</p></div>
</article>"""

    def home(self) -> str:
        private = self.plan.private
        cards = "\n".join(self.card(a) for a in self.linked[:HOME_ARTICLES])
        sections = "\n".join(
            f'<li><a href="{BASE}/section/{name}/">{label}</a></li>' for name, label in SECTIONS
        )
        main = f"""<section class="members-box">
<h2 class="widget-title">For members</h2>
<p><a href="{BASE}{private.path}">{_e(private.title)}</a></p>
</section>
<h1 class="page-title screen-reader-text">Latest News</h1>
{cards}
<section class="home-sections">
<h2 class="widget-title">Sections</h2>
<ul>
{sections}
</ul>
</section>"""
        head = self.head(canonical="/", description=TAGLINE, og_type="website", title=SITE_NAME)
        return self.page(
            title=f"{SITE_NAME} \u2013 {TAGLINE}",
            head=head,
            body_class="home blog",
            main=main,
        )

    def section_pages(self, name: str, label: str) -> list[tuple[str, str]]:
        articles = self.sections[name]
        chunks = [
            articles[i : i + SECTION_PAGE_SIZE] for i in range(0, len(articles), SECTION_PAGE_SIZE)
        ] or [[]]
        paths = [f"/section/{name}/"] + [
            f"/section/{name}/page/{n}/" for n in range(2, len(chunks) + 1)
        ]
        out = []
        for number, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
            cards = "\n".join(self.card(a) for a in chunk) or "<p>Nothing found.</p>"
            links = []
            if number > 1:
                links.append(
                    f'<a class="prev page-numbers" href="{BASE}{paths[number - 2]}">Previous</a>'
                )
            for other, other_path in enumerate(paths, start=1):
                if other == number:
                    links.append(
                        f'<span aria-current="page" class="page-numbers current">{other}</span>'
                    )
                else:
                    links.append(f'<a class="page-numbers" href="{BASE}{other_path}">{other}</a>')
            if number < len(paths):
                links.append(f'<a class="next page-numbers" href="{BASE}{paths[number]}">Next</a>')
            pagination = (
                '<nav class="navigation pagination" aria-label="Posts">\n'
                '<h2 class="screen-reader-text">Posts navigation</h2>\n'
                f'<div class="nav-links">{"".join(links)}</div>\n</nav>'
            )
            rel = ""
            if number > 1:
                rel += f'\n<link rel="prev" href="{BASE}{paths[number - 2]}">'
            if number < len(paths):
                rel += f'\n<link rel="next" href="{BASE}{paths[number]}">'
            head = self.head(
                canonical=path,
                description=f"{label} news from {SITE_NAME}",
                og_type="website",
                title=f"{label} Archives",
                extra=rel,
            )
            main = f"""<header class="page-header"><h1 class="page-title">Section: <span>{label}</span></h1></header>
{cards}
{pagination}"""
            page_title = f"{label} Archives" + (f" - Page {number}" if number > 1 else "")
            out.append(
                (
                    path,
                    self.page(
                        title=f"{page_title} | {SITE_NAME}",
                        head=head,
                        body_class=f"archive category category-{name}",
                        main=main,
                    ),
                )
            )
        return out

    def info_page(self, slug: str, label: str) -> str:
        texts = {
            "about-us": f"{SITE_NAME} has covered the towns along the coast since 1998. Our"
            " newsroom is small and independent, and we answer every letter we receive.",
            "contact": "Write to the newsroom at 12 Quay Street, or call the front desk on"
            " weekdays between nine and five.",
            "privacy-policy": "We keep server logs for thirty days and use them only to run"
            " the site. We do not sell data about our readers to anyone.",
            "terms-of-service": "Articles on this site may be quoted with a link to the"
            " original. Comments are moderated and may be removed without notice.",
            "donate": "Reader donations pay for most of our reporting. Every contribution,"
            " however small, keeps the newsroom open.",
        }
        head = self.head(
            canonical=f"/{slug}/", description=texts[slug], og_type="website", title=label
        )
        main = f"""<article class="page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{label}</h1></header>
<div class="entry-content"><p>{_e(texts[slug])}</p></div>
</article>"""
        return self.page(
            title=f"{label} | {SITE_NAME}",
            head=head,
            body_class="page-template-default page",
            main=main,
        )

    # --- robots, sitemaps, feeds ---
    @staticmethod
    def robots() -> str:
        disallow = "".join(f"Disallow: {path}\n" for path in DISALLOWED)
        return (
            f"User-agent: *\n{disallow}Disallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
            f"\nSitemap: {BASE}/sitemap_index.xml\n"
        )

    def sitemaps(self) -> list[tuple[str, str]]:
        listed = [a for a in self.plan.articles if SITEMAP in a.discovery]
        listed.reverse()  # oldest first, as WordPress sitemap plugins list posts
        chunks = [
            listed[i : i + POSTS_PER_SITEMAP] for i in range(0, len(listed), POSTS_PER_SITEMAP)
        ] or [[]]
        files: list[tuple[str, str]] = []
        for number, chunk in enumerate(chunks, start=1):
            urls = "\n".join(
                f"<url><loc>{BASE}{a.path}</loc><lastmod>{a.modified}</lastmod></url>"
                for a in chunk
            )
            name = "/sitemap-posts.xml" if number == 1 else f"/sitemap-posts-{number}.xml"
            files.append((name, _urlset(urls)))
        news = [a for a in self.plan.articles if NEWS_SITEMAP in a.discovery]
        news_urls = "\n".join(
            f"""<url><loc>{BASE}{a.path}</loc><news:news><news:publication><news:name>{SITE_NAME}</news:name><news:language>en</news:language></news:publication><news:publication_date>{a.published}</news:publication_date><news:title>{xml_escape(a.title)}</news:title></news:news></url>"""
            for a in news
        )
        files.append(("/news-sitemap.xml", _urlset(news_urls, news=True)))
        newest = max((a.modified for a in self.plan.articles), default=_iso(self.plan.now))
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

    def rss(self) -> str:
        items = "\n".join(
            f"""<item>
<title>{xml_escape(a.title)}</title>
<link>{BASE}{a.path}</link>
<comments>{BASE}{a.path}#comments</comments>
<dc:creator>{xml_escape(a.author)}</dc:creator>
<pubDate>{format_datetime(_when(a.published))}</pubDate>
<category>{dict(SECTIONS)[a.section]}</category>
<guid isPermaLink="false">{BASE}/?p={a.post_id}</guid>
<description>{xml_escape(a.description)}</description>
</item>"""
            for a in self.plan.articles
            if FEED in a.discovery
        )
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{SITE_NAME}</title>
<atom:link href="{BASE}/feed/" rel="self" type="application/rss+xml"/>
<link>{BASE}/</link>
<description>{TAGLINE}</description>
<lastBuildDate>{format_datetime(self.plan.now)}</lastBuildDate>
<language>en-US</language>
{items}
</channel>
</rss>
"""

    def atom(self) -> str:
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
            for a in self.plan.articles
            if FEED in a.discovery
        )
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">
<title type="text">{SITE_NAME}</title>
<subtitle type="text">{TAGLINE}</subtitle>
<updated>{_iso(self.plan.now)}</updated>
<link rel="alternate" type="text/html" href="{BASE}/"/>
<id>{BASE}/feed/atom/</id>
<link rel="self" type="application/atom+xml" href="{BASE}/feed/atom/"/>
{entries}
</feed>
"""

    # --- everything ---
    def files(self) -> dict[str, str]:
        """Every file of the site by URL path (a folder URL ends in its index file)."""
        out: dict[str, str] = {"/index.html": self.home(), "/robots.txt": self.robots()}
        for article in (*self.plan.articles, self.plan.private):
            for page, path in enumerate(article.comment_pages, start=1):
                out[f"{path}index.html"] = self.article_page(article, page)
        for name, label in SECTIONS:
            for path, text in self.section_pages(name, label):
                out[f"{path}index.html"] = text
        for slug, label in INFO_PAGES:
            out[f"/{slug}/index.html"] = self.info_page(slug, label)
        for path, text in self.sitemaps():
            out[path] = text
        out["/feed/index.rss"] = self.rss()
        out["/feed/atom/index.atom"] = self.atom()
        return out


def _urlset(urls: str, *, news: bool = False) -> str:
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if news:
        ns += ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {ns}>\n{urls}\n</urlset>\n'


# --- build -------------------------------------------------------------------------------


def build_site(
    root: Path, *, articles: int = 20, seed: int = 0, today: date = REFERENCE_DATE
) -> SiteManifest:
    """Write the example site for ``seed`` into ``root``, with its ``manifest.json``.

    Every date on the site lies before ``today`` (midnight UTC): the newest article is a few
    hours old, then one every 17 hours or so. ``root`` must be absent, empty, or a previous
    build (which is replaced).
    """
    if articles < 1:
        raise ValueError("a site needs at least one article")
    plan = _generate(articles, seed, today)
    site = _Site(plan)
    files = site.files()
    manifest = _manifest(plan, site, sorted(files))
    _prepare(root)
    for url_path, text in sorted(files.items()):
        target = root / url_path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    text = json.dumps(manifest.to_json(), indent=1, ensure_ascii=False) + "\n"
    (root / MANIFEST).write_bytes(text.encode("utf-8"))
    return manifest


def _prepare(root: Path) -> None:
    if root.exists() and any(root.iterdir()):
        marker = root / MANIFEST
        try:
            generator = json.loads(marker.read_text(encoding="utf-8")).get("generator")
        except (OSError, ValueError, AttributeError):
            generator = None
        if generator != GENERATOR:
            raise FileExistsError(f"{root} is not empty and holds no example site to replace")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)


def _manifest(plan: _Plan, site: _Site, file_paths: list[str]) -> SiteManifest:
    paths = [p.removesuffix("index.html").removesuffix("index.rss").removesuffix("index.atom")
             for p in file_paths]  # fmt: skip
    sections = tuple(
        SectionSpec(name, label, tuple(p for p in paths if p.startswith(f"/section/{name}/")))
        for name, label in SECTIONS
    )
    only = Counter(a.discovery[0] for a in plan.articles if len(a.discovery) == 1)
    coverage = {
        "articles": len(plan.articles),
        **{
            f"through_{kind}": sum(kind in a.discovery for a in plan.articles)
            for kind in (LINKS, SITEMAP, NEWS_SITEMAP, FEED)
        },
        **{f"only_{kind}": only[kind] for kind in (LINKS, SITEMAP, FEED)},
        "several": sum(len(a.discovery) > 1 for a in plan.articles),
    }
    return SiteManifest(
        site_name=SITE_NAME,
        seed=plan.seed,
        reference_date=plan.now.date().isoformat(),
        articles=plan.articles,
        private=(plan.private,),
        disallowed=DISALLOWED,
        sections=sections,
        pages=tuple(f"/{slug}/" for slug, _ in INFO_PAGES),
        feeds=("/feed/", "/feed/atom/"),
        sitemaps=tuple(p for p in paths if p.endswith(".xml")),
        coverage=coverage,
        discovery_notes=DISCOVERY_NOTES,
        faults=FAULTS,
    )


# --- serving -----------------------------------------------------------------------------

_CONTENT_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".rss": "application/rss+xml; charset=UTF-8",
    ".atom": "application/atom+xml; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".txt": "text/plain; charset=UTF-8",
}
_INDEX_FILES = ("index.html", "index.rss", "index.atom")
_HOST_RE = re.compile(r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
_MISSING_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en-US"><head><title>Page not found</title></head>'
    b"<body><h1>Oops! That page can&rsquo;t be found.</h1></body></html>\n"
)


def resolve_path(root: Path, url_path: str) -> Path | None:
    """The file that serves ``url_path`` (no query), or None (missing, or outside the site)."""
    parts = [p for p in unquote(url_path).split("/") if p]
    if any(p in {".", ".."} or "\\" in p or "\x00" in p for p in parts):
        return None
    if parts == [MANIFEST]:
        return None
    base = root.joinpath(*parts)
    candidates = [base / name for name in _INDEX_FILES] if url_path.endswith("/") else [base]
    for candidate in candidates:
        if candidate.suffix in _CONTENT_TYPES and candidate.is_file():
            return candidate
    return None


def render_file(path: Path, base_url: str) -> bytes:
    """A site file as the server sends it: ``{BASE}`` replaced by ``base_url`` (no slash)."""
    return path.read_bytes().replace(BASE.encode(), base_url.rstrip("/").encode())


class ExampleSiteServer(ThreadingHTTPServer):
    """Serves a built site and the fault routes; counts requests in ``hits`` (by path)."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((_loopback(host), port), _Handler)
        self.root = root.resolve()
        self.manifest = load_manifest(self.root) if (self.root / MANIFEST).is_file() else None
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.fault_counts: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.log_requests = False
        self._resets: set[int] = set()
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def post_paths(self) -> dict[int, str]:
        if self.manifest is None:
            return {}
        return {a.post_id: a.path for a in self.manifest.articles}

    def sample_article(self, base_url: str) -> bytes:
        """The newest article's page, served by the fault routes that end in a 200."""
        if self.manifest is not None and self.manifest.articles:
            path = resolve_path(self.root, self.manifest.articles[0].path)
            if path is not None:
                return render_file(path, base_url)
        return _MISSING_PAGE.replace(b"Page not found", b"Sample article")

    def count(self, key: str) -> int:
        """How many times ``key`` was counted, this time included."""
        with self.lock:
            self.fault_counts[key] += 1
            return self.fault_counts[key]

    def mark_reset(self, request: socket.socket) -> None:
        with self.lock:
            self._resets.add(id(request))

    def shutdown_request(self, request: Any) -> None:
        with self.lock:
            reset = id(request) in self._resets
            self._resets.discard(id(request))
        if reset:  # close without the FIN of shutdown(): with SO_LINGER 0, the peer gets RST
            self.close_request(request)
        else:
            super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a client that went away: not worth a traceback
        super().handle_error(request, client_address)

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="example-site", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving (wakes sleeping fault handlers) and close the socket."""
        self.stopping.set()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self.server_close()


def _loopback(host: str) -> str:
    address = "127.0.0.1" if host == "localhost" else host
    try:
        ok = ipaddress.IPv4Address(address).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"the example site binds to an IPv4 loopback address only, not {host!r}")
    return address


def _query_number(query: dict[str, list[str]], name: str, default: float) -> float:
    """A finite number from the query string, else ``default``."""
    try:
        value = float(query.get(name, [str(default)])[0])
    except ValueError:
        return default
    return value if math.isfinite(value) else default


class _Handler(BaseHTTPRequestHandler):
    server: ExampleSiteServer
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 60  # idle keep-alive connections end after a minute

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log_requests:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self.respond(head=False)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    # --- plumbing ---
    def base_url(self) -> str:
        host = self.headers.get("Host", "")
        return f"http://{host}" if _HOST_RE.fullmatch(host) else self.server.base_url

    def send(
        self,
        status: int,
        body: bytes = b"",
        *,
        content_type: str = "text/html; charset=UTF-8",
        headers: Sequence[tuple[str, str]] = (),
        head: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def redirect(self, status: int, target: str) -> None:
        self.send(status, headers=[("Location", self.base_url() + target)])

    def respond(self, *, head: bool) -> None:
        split = urlsplit(self.path)
        with self.server.lock:
            self.server.hits[split.path] += 1
        try:
            if split.path == "/faults" or split.path.startswith("/faults/"):
                if head:
                    self.send(HTTPStatus.METHOD_NOT_ALLOWED, headers=[("Allow", "GET")], head=True)
                else:
                    self.fault(split.path, parse_qs(split.query))
            else:
                self.static(split.path, parse_qs(split.query), head=head)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def static(self, path: str, query: dict[str, list[str]], *, head: bool) -> None:
        if path == "/" and query.get("p", [""])[0].isdecimal():
            target = self.server.post_paths().get(int(query["p"][0]))
            if target is not None:
                self.redirect(HTTPStatus.MOVED_PERMANENTLY, target)
                return
        found = resolve_path(self.server.root, path)
        if found is None and not path.endswith("/") and resolve_path(self.server.root, path + "/"):
            self.redirect(HTTPStatus.MOVED_PERMANENTLY, path + "/")
            return
        if found is None:
            self.send(HTTPStatus.NOT_FOUND, _MISSING_PAGE, head=head)
            return
        body = render_file(found, self.base_url())
        self.send(HTTPStatus.OK, body, content_type=_CONTENT_TYPES[found.suffix], head=head)

    # --- faults ---
    def fault(self, path: str, query: dict[str, list[str]]) -> None:
        routes: dict[str, Callable[[dict[str, list[str]]], None]] = {
            "/faults/flaky": self.flaky,
            "/faults/missing": lambda _: self.send(HTTPStatus.NOT_FOUND, _MISSING_PAGE),
            "/faults/redirect-chain": lambda _: self.redirect(302, "/faults/redirect-chain/2"),
            "/faults/redirect-chain/2": lambda _: self.redirect(302, "/faults/redirect-chain/3"),
            "/faults/redirect-chain/3": self.chain_end,
            "/faults/redirect-loop": lambda _: self.redirect(302, "/faults/redirect-loop/b"),
            "/faults/redirect-loop/b": lambda _: self.redirect(302, "/faults/redirect-loop"),
            "/faults/slow": self.slow,
            "/faults/truncated": self.truncated,
            "/faults/huge": self.huge,
            "/faults/reset": self.reset,
            "/faults/rate-limited": self.rate_limited,
        }
        route = routes.get(path.rstrip("/") or path)
        if route is None:
            self.send(HTTPStatus.NOT_FOUND, _MISSING_PAGE)
        else:
            route(query)

    def flaky(self, query: dict[str, list[str]]) -> None:
        failures = max(0, min(_MAX_FLAKY_FAILURES, int(_query_number(query, "fail", 1))))
        if self.server.count(self.path) <= failures:
            self.send(HTTPStatus.INTERNAL_SERVER_ERROR, b"<h1>Internal Server Error</h1>\n")
        else:
            self.send(HTTPStatus.OK, self.server.sample_article(self.base_url()))

    def chain_end(self, _query: dict[str, list[str]]) -> None:
        manifest = self.server.manifest
        target = manifest.articles[0].path if manifest and manifest.articles else "/"
        self.redirect(HTTPStatus.MOVED_PERMANENTLY, target)

    def slow(self, query: dict[str, list[str]]) -> None:
        seconds = _query_number(query, "seconds", _DEFAULT_SLOW_SECONDS)
        if self.server.stopping.wait(max(0.0, min(_MAX_SLOW_SECONDS, seconds))):
            self.close_connection = True
            return
        self.send(HTTPStatus.OK, self.server.sample_article(self.base_url()))

    def truncated(self, _query: dict[str, list[str]]) -> None:
        body = self.server.sample_article(self.base_url())
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True

    def huge(self, query: dict[str, list[str]]) -> None:
        limit = int(
            max(0, min(_MAX_HUGE_BYTES, _query_number(query, "bytes", _DEFAULT_HUGE_BYTES)))
        )
        total = limit + len(_HUGE_CHUNK) // 2
        chunked = query.get("chunked", ["0"])[0] not in {"", "0", "false", "no"}
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        while sent < total and not self.server.stopping.is_set():  # bounded by ``total``
            piece = _HUGE_CHUNK[: total - sent]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            sent += len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def reset(self, _query: dict[str, list[str]]) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.server.mark_reset(self.connection)
        self.close_connection = True

    def rate_limited(self, _query: dict[str, list[str]]) -> None:
        if self.server.count(self.path) == 1:
            self.send(
                HTTPStatus.TOO_MANY_REQUESTS,
                b"<h1>Too Many Requests</h1>\n",
                headers=[("Retry-After", "1")],
            )
        else:
            self.send(HTTPStatus.OK, self.server.sample_article(self.base_url()))


def start_server(
    root: Path, host: str = "127.0.0.1", port: int = 0
) -> tuple[ExampleSiteServer, str]:
    """Serve ``root`` in a background thread: the server (call ``stop()``) and its base URL."""
    server = ExampleSiteServer(root, host, port)
    server.start()
    return server, server.base_url


@contextmanager
def running_server(root: Path) -> Iterator[tuple[ExampleSiteServer, str]]:
    """``start_server`` as a context manager that stops the server on exit."""
    server, base_url = start_server(root)
    try:
        yield server, base_url
    finally:
        server.stop()


def serve(root: Path, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False) -> None:
    """Serve ``root`` until killed, after printing ``serving http://HOST:PORT/``."""
    server = ExampleSiteServer(root, host, port)
    server.log_requests = verbose
    print(f"serving {server.base_url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping.set()
        server.server_close()


# --- command line ------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.example_site", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write the example site into a folder")
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--articles", type=int, default=20)
    build.add_argument("--seed", type=int, default=0)
    build.add_argument(
        "--today",
        type=date.fromisoformat,
        default=REFERENCE_DATE,
        help=f"dates are relative to this day (default {REFERENCE_DATE})",
    )
    run = commands.add_parser("serve", help="serve a built site on 127.0.0.1")
    run.add_argument("--root", type=Path, required=True)
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=0, help="0 picks a free port")
    run.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            manifest = build_site(
                args.out, articles=args.articles, seed=args.seed, today=args.today
            )
        except (ValueError, FileExistsError) as exc:
            parser.error(str(exc))
        size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
        print(f"built {len(manifest.articles)} articles into {args.out} ({size:,} bytes)")
        return 0
    if not (args.root / MANIFEST).is_file():
        parser.error(f"{args.root} holds no example site (no {MANIFEST})")
    try:
        serve(args.root, args.host, args.port, verbose=args.verbose)
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
