"""Page metadata: meta tags and JSON-LD first, trafilatura's searches for what they lack."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from extractors import ExtractOptions, extract
from extractors.metadata import PageMetadata, byline_authors, page_metadata


def metadata_of(head: str, body: str = "<p>Text.</p>", url: str | None = None) -> PageMetadata:
    return page_metadata(load_html(f"<html><head>{head}</head><body>{body}</body></html>"), url)


def test_meta_tags_give_fields_and_full_dates() -> None:
    meta = metadata_of(
        '<meta property="og:title" content="  A   Headline ">'
        '<meta name="author" content="Jane Doe, Omar Khan">'
        '<meta property="article:published_time" content="2020-11-26T16:45:12+00:00">'
        '<meta property="article:section" content="World">'
        '<meta property="og:site_name" content="Example News">'
    )
    assert meta.headline == "A Headline"
    assert meta.authors == ("Jane Doe", "Omar Khan")
    assert meta.date_published == "2020-11-26T16:45:12+00:00"
    assert meta.keywords == ("World",)
    assert meta.site_name == "Example News"


def test_one_word_author_that_is_the_site_name_is_no_author() -> None:
    meta = metadata_of(
        '<meta name="Author" content="FilmDrunk">'
        '<meta property="og:site_name" content="FilmDrunk">',
        '<p class="byline">By <span class="author">Ashley Burns</span></p><p>Text.</p>',
    )
    assert meta.authors == ("Ashley Burns",)


def test_meta_author_wins_over_a_footer_credit() -> None:
    meta = metadata_of(
        '<meta name="author" content="admin">',
        '<p>Text.</p><footer>Theme by <a rel="author" href="https://t.example">ThemeGrill</a></footer>',
    )
    assert meta.authors == ("admin",)


def test_site_name_falls_back_to_the_domain() -> None:
    meta = metadata_of("<title>T</title>", url="https://www.example.org/a/b")
    assert meta.site_name == "example.org"


@pytest.mark.parametrize(
    ("head", "body", "url", "headline", "site_name"),
    [
        pytest.param(  # a blog whose only <h1> is its logo
            "<title>» How to Make a Bad Bet :zenhabits</title>",
            "<h1>zenhabits</h1><p>Text.</p>",
            "https://zenhabits.net/bet/",
            "How to Make a Bad Bet",
            "zenhabits.net",
            id="logo-h1-is-the-domain",
        ),
        pytest.param(  # the guessed site name is the title's part with a dot: the headline
            "<title>LG Viper getting Android 4.0 ICS update | Android Community</title>",
            "<h1>LG Viper getting Android 4.0 ICS update</h1><p>Text.</p>",
            None,
            "LG Viper getting Android 4.0 ICS update",
            "Android Community",
            id="site-name-guessed-from-the-headline",
        ),
        pytest.param(  # nothing to separate: the fields already differ
            "<title>Council passes the budget | Example News</title>",
            "<h1>Council passes the budget</h1><p>Text.</p>",
            "https://example.org/budget",
            "Council passes the budget",
            "example.org",
            id="ordinary-page",
        ),
    ],
)
def test_headline_and_site_name_are_told_apart_by_the_title_tag(
    head: str, body: str, url: str | None, headline: str, site_name: str
) -> None:
    meta = metadata_of(head, body, url)
    assert (meta.headline, meta.site_name) == (headline, site_name)


def test_wordpress_category_and_tag_links_are_keywords() -> None:
    meta = metadata_of(
        "",
        '<p>Text.</p><a rel="category tag" href="/c/x">Politics</a>'
        '<a rel="tag" href="/t/y">Idlib</a>',
    )
    assert meta.keywords == ("Politics", "Idlib")


def test_large_page_reads_authors_from_tags_only_and_says_so() -> None:
    """Over ``max_metadata_search_chars`` the whole-page author search (seconds on a page of
    megabytes) is skipped: the author printed in the page is then not found, with a note."""
    prose = "<p>" + "The council met on Tuesday to discuss the budget for next year. " * 6
    page = (
        "<html><head><title>Budget talks</title></head><body><article><h1>Budget talks</h1>"
        f"<p class='byline'><span class='author'>Jane Doe</span></p>{prose * 3}"
        "</article></body></html>"
    ).encode()
    searched = extract(page, "https://news.example/a", ExtractOptions())
    assert searched.article.authors == ["Jane Doe"]
    assert not any(note.startswith("metadata:") for note in searched.diagnostics.notes)
    bounded = extract(page, "https://news.example/a", ExtractOptions(max_metadata_search_chars=100))
    assert bounded.article.authors == []
    assert any("date and authors read from tags only" in n for n in bounded.diagnostics.notes)


@pytest.mark.parametrize(
    ("markup", "authors"),
    [
        (
            '<div class="meta">by <a href="/authors/jen">Jen Walsh</a> on Aug 9, 2012</div>',
            ("Jen Walsh",),
        ),
        ("<p>By <a>Matthew Digby</a>, <a>Minh Do</a> on Monday</p>", ("Matthew Digby", "Minh Do")),
        ("<div><span>Posted by</span> <a>Ann Lee</a></div>", ("Ann Lee",)),
        (
            '<p><a href="/me"><img src="a.png"></a> Posted by <a>David Scott</a></p>',
            ("David Scott",),
        ),
        # credits, menus and sentences are no bylines
        ("<p>Powered by <a>WordPress</a></p>", ()),
        ("<p><a>Glossy Blue</a> by <a>N.Design Studio</a></p>", ()),
        ("<p>By viewing our videos you accept the <a>Video Policy</a></p>", ()),
        ("<nav>by <a>Jen Walsh</a></nav>", ()),
        ("<p>by <a>the editors of this site</a></p>", ()),
    ],
)
def test_byline_authors_reads_a_printed_byline_only(markup: str, authors: tuple[str, ...]) -> None:
    tree = load_html(f"<html><body>{markup}<p>The article.</p></body></html>")
    assert byline_authors(tree, frozenset()) == authors


def test_byline_authors_skips_the_comment_section() -> None:
    tree = load_html(
        "<html><body><article><p>The article has no byline.</p></article>"
        '<div id="comments"><p>by <a>Ann Reader</a> on May 1</p></div></body></html>'
    )
    comments = frozenset(tree.xpath("//*[@id='comments']"))
    assert byline_authors(tree, comments) == ()
    assert byline_authors(tree, frozenset()) == ("Ann Reader",)
