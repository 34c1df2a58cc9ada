"""What a build contains before it is rendered: articles, dates, discovery ways, comments.

``generate`` turns a seed, an article count and "today" into a ``Plan``: every article's
``ArticleSpec`` (which the manifest lists as is), newest first, plus the members-only
article. Article ``i`` is reachable by the ways ``_DISCOVERY_CYCLE[i % 10]`` and carries the
in-content chrome ``_CHROME_EVERY`` picks for it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from crawler.example_site.content import (
    AUTHORS,
    COMMENTERS,
    Writer,
    description,
    pick_title,
    slugify,
)
from crawler.example_site.manifest import (
    FEED,
    LINKS,
    NEWS_SITEMAP,
    SECTIONS,
    SITEMAP,
    ArticleSpec,
    CommentSpec,
)

THREADS_PER_COMMENT_PAGE = 4
NEWS_SITEMAP_WINDOW = timedelta(days=2)

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


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Plan:
    """All generated content of a build, before rendering."""

    articles: tuple[ArticleSpec, ...]
    private: ArticleSpec
    now: datetime
    seed: int


def generate(count: int, seed: int, today: date) -> Plan:
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
    return Plan(tuple(articles), private, now, seed)


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
    title, place, thing, org = pick_title(rng, titles, prefix)
    writer = Writer(rng, place, thing, org)
    paragraphs = writer.paragraphs()
    slug = slugify(title)
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
        author=rng.choice(AUTHORS),
        published=iso(published),
        modified=iso(min(modified, now - timedelta(minutes=1))),
        description=description(paragraphs[0]),
        paragraphs=paragraphs,
        comments=comments,
        comment_pages=pages,
        discovery=discovery,
        post_id=post_id,
        chrome=chrome,
    )


def _comments(
    rng: random.Random,
    writer: Writer,
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
                author=rng.choice(COMMENTERS),
                text=writer.comment(reply=depth > 0),
                depth=depth,
                parent=parent,
                page=page,
                published=iso(moment.replace(microsecond=0)),
            )
        )
    return tuple(out)
