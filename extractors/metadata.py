"""Page metadata: trafilatura's extractors, in the order that is cheap on news pages.

trafilatura's ``extract_metadata`` always runs htmldate's extensive date search and scans the
whole page for category and tag links, about 7 ms a page. News pages state most fields in
meta tags and JSON-LD, so this reads those first and falls back to trafilatura's slower
searches only for what they lack: the title, the author, and a date search (htmldate's
quick one first). Categories and tags come from meta tags and JSON-LD only. Where no tag and
no search names the author, ``byline_authors`` reads the names linked in a printed byline
("By <a>Ann Lee</a>"), outside the comment section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.etree
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    examine_title_element,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)

from extractors.dates import parse_date

_META_DATES = {
    "published": lxml.etree.XPath(
        '//meta[@property="article:published_time" or @itemprop="datePublished"'
        ' or @name="pubdate" or @name="publish-date" or @name="date"]/@content'
        ' | //time[@itemprop="datePublished"]/@datetime'
    ),
    "modified": lxml.etree.XPath(
        '//meta[@property="article:modified_time" or @itemprop="dateModified"]/@content'
    ),
}
# A CMS writes <meta name="author"> on purpose; trafilatura's own search can pick up a
# footer credit ("Theme by ThemeGrill", rel="author") first, so the meta tag wins.
_META_AUTHOR = lxml.etree.XPath('//meta[translate(@name, "AUTHOR", "author") = "author"]/@content')
# Sections, category and tag links (WordPress marks them rel="category tag"): cheaper than
# trafilatura's scan of every link for /category/ paths, and what news pages use. (The
# [@rel] test first spares the string functions on the links without one.)
_SECTIONS = lxml.etree.XPath(
    '//meta[@property="article:section"]/@content'
    ' | //a[@rel][contains(concat(" ", normalize-space(@rel), " "), " category ")'
    ' or contains(concat(" ", normalize-space(@rel), " "), " tag ")]/text()'
)
_AUTHOR_SEPARATOR = re.compile(r"\s*;\s*")  # how trafilatura joins authors
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True)
class PageMetadata:
    """What a page states about its article; dates in ISO 8601, raw date as stated."""

    headline: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_published_raw: str | None = None
    date_modified: str | None = None
    description: str | None = None
    site_name: str | None = None
    keywords: tuple[str, ...] = ()
    main_image: str | None = None
    canonical_url: str | None = None
    byline_authors: tuple[str, ...] = ()
    """Names linked in a byline printed in the page (``byline_authors``): the last resort."""


def page_metadata(tree: HtmlElement, url: str | None, *, search_page: bool = True) -> PageMetadata:
    """The metadata ``tree`` states, looked up in meta tags and JSON-LD first.

    ``search_page=False`` skips the searches of the whole page for a date and authors that
    no tag states (htmldate's and trafilatura's): their cost grows with the page, to tens of
    seconds on a page of many megabytes.
    """
    document = extract_meta_json(tree, examine_meta(tree))
    canonical = document.url or extract_url(tree, url)
    site_name = _site_name(document.sitename or extract_sitename(tree), canonical or url)
    published_raw = _first(_META_DATES["published"](tree))
    # htmldate's search of the whole page runs only where no tag states the date, and only
    # on a document: it drops some elements (iframe, svg, video...) with lxml's drop_tree(),
    # which fails (an AssertionError) on a root element, as in a page that is `<iframe>...`.
    published = parse_date(published_raw or "") or (
        _searched_date(tree, canonical) if search_page and tree.tag == "html" else None
    )
    headline, site_name = _headline_apart_from_site(
        tree, _clean(document.title or extract_title(tree)), site_name, canonical or url
    )
    return PageMetadata(
        headline=headline,
        authors=_authors(
            tree, (_first(_META_AUTHOR(tree)), document.author), site_name, search_page
        ),
        date_published=published or None,
        date_published_raw=published_raw or published or None,
        date_modified=parse_date(_first(_META_DATES["modified"](tree)) or ""),
        description=_clean(document.description),
        site_name=site_name,
        keywords=_unique_split(
            [*_SECTIONS(tree), *(document.categories or []), *(document.tags or [])]
        ),
        main_image=document.image or None,
        canonical_url=canonical or None,
    )


def _searched_date(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate's quick search, and its extensive one only where the quick one finds nothing.

    The extensive search costs about 10 ms a page against 2 ms (and loads dateparser, half
    a second, on first use); on the 957 benchmark pages without a date tag both found the
    same date on 864 pages, the quick one missed 89 and differed on 2.
    """
    return find_date(tree, extensive_search=False, original_date=True, url=url) or find_date(
        tree, extensive_search=True, original_date=True, url=url
    )


def _authors(
    tree: HtmlElement, stated: tuple[str | None, ...], site_name: str | None, search_page: bool
) -> tuple[str, ...]:
    """The first stated author that is a name, else trafilatura's search of the page.

    A ``<meta name="author">`` is written on purpose and wins over trafilatura's search,
    which can pick up a footer credit ("Theme by ThemeGrill"); but a URL, or one word that
    is the site's own name ("FilmDrunk" on FilmDrunk), is no author.
    """
    site = (site_name or "").casefold()
    for candidate in stated:
        if (
            candidate
            and not candidate.startswith(("http://", "https://"))
            and not (" " not in candidate.strip() and candidate.strip().casefold() == site)
        ):
            return _unique_split([candidate.replace(";", ",")])
    found = (extract_author(tree) if search_page else None) or ""
    return tuple(dict.fromkeys(n.strip() for n in _AUTHOR_SEPARATOR.split(found) if n.strip()))


def _site_name(stated: str | None, url: str | None) -> str | None:
    """The stated site name, else the URL's domain (as trafilatura does)."""
    name = (stated or "").lstrip("@").strip()
    if not name:
        host = urlsplit(url).hostname if url else None
        return host.removeprefix("www.") if host else None
    # trafilatura's rule, kept so names read the same: "theguardian" -> "Theguardian"
    return name.title() if "." not in name and not name[0].isupper() else name


# what separates a title tag's parts: "Post title | Site", "Site » Post title", "Post :site"
_TITLE_SEPARATORS = " \t|–—•·:»«›‹~*-"


def _headline_apart_from_site(
    tree: HtmlElement, headline: str | None, site_name: str | None, url: str | None
) -> tuple[str | None, str | None]:
    """The headline and the site name, when a page's markup gave both fields one value.

    A blog's only ``<h1>`` is often its logo ("zenhabits" on zenhabits.net), which
    trafilatura takes for the headline; and its guess of the site name from the ``<title>``
    (the part with a dot) can be the headline ("... Android 4.0 ICS update | Android
    Community"). The ``<title>`` tag names both: when the headline is the site's name (or
    its domain), or the site name is the headline, the tag's other part is the other field,
    the longer of the two being the headline.
    """
    if not headline:
        return headline, site_name
    key, site_key = _key(headline), _key(site_name or "")
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    names = {site_key, _key(host), _key(host.split(".")[0])} - {""}
    if key not in names:
        return headline, site_name
    title = examine_title_element(tree)[0]
    other = _title_remainder(title, headline)
    if other is None:
        return headline, site_name
    longer, shorter = sorted((headline, other), key=lambda part: len(part.split()), reverse=True)
    return longer, shorter if site_key == key else site_name


def _title_remainder(title: str, part: str) -> str | None:
    """``title`` without ``part`` at its start or end and the separators next to it."""
    text, part = " ".join(title.split()), " ".join(part.split())
    key, size = part.casefold(), len(part)
    if text[:size].casefold() == key:
        rest = text[size:]
    elif text[len(text) - size :].casefold() == key:
        rest = text[: len(text) - size]
    else:
        return None
    return rest.strip(_TITLE_SEPARATORS) or None


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None


def _unique_split(values: list[str]) -> tuple[str, ...]:
    """Values split where a page put several in one string, without repeats."""
    parts = (part.strip() for value in values for part in _LIST_SEPARATOR.split(value))
    return tuple(dict.fromkeys(part for part in parts if part))


def _first(values: list[str]) -> str | None:
    return next((v.strip() for v in values if v and v.strip()), None)


# --- a byline printed in the page: "By <a>Name</a>", when nothing else names the author ------
# the byline's own words only: "Powered by", "Theme by" are credits, not authors
_BYLINE_LEAD = re.compile(r"^\W*(?:by|posted by|written by)\s*$", re.IGNORECASE)
_BYLINE_JOINER = re.compile(r"^\s*(?:,|and|&)?\s*$", re.IGNORECASE)
_NAME = re.compile(r"(?:[A-Z][\w.'’-]+)(?:\s+[A-Z][\w.'’-]+){0,3}")
_NOT_BYLINE_TAGS = frozenset({"nav", "footer", "aside", "form", "script", "style"})
_LINKS = lxml.etree.XPath("//body//a")


def byline_authors(tree: HtmlElement, outside: frozenset[HtmlElement]) -> tuple[str, ...]:
    """The names linked in the first byline of the page (``By <a>Ann Lee</a> and
    <a>Omar Khan</a> on ...``) outside the elements ``outside`` (a comment section, whose
    every comment has such a line) and outside navigation, footers, asides and forms.

    A name is what a byline link shows: one to four capitalised words.
    """
    for link in _LINKS(tree):
        before = _text_before(link)
        if not _BYLINE_LEAD.match(before):
            continue
        ancestors = list(link.iterancestors())
        if any(a in outside or a.tag in _NOT_BYLINE_TAGS for a in ancestors):
            continue
        names = _linked_names(link)
        if names:
            return names
    return ()


def _text_before(link: HtmlElement) -> str:
    """The text just before ``link``: its parent's text, or the element before it and its tail
    (``<span>Posted by</span> <a>``)."""
    previous = link.getprevious()
    if previous is not None:
        tail = previous.tail or ""
        if not tail.strip():
            return str(previous.text_content()) + tail
        # "<a>Theme</a> by <a>Studio</a>" is a credit: a byline starts its line (after a
        # line break, or an avatar: an element without text)
        starts_line = previous.tag == "br" or not previous.text_content().strip()
        return tail if starts_line else ""
    parent = link.getparent()
    return (parent.text or "") if parent is not None else ""


def _linked_names(first: HtmlElement) -> tuple[str, ...]:
    """The names of ``first`` and of the links after it joined by commas or "and"."""
    names: list[str] = []
    link: HtmlElement | None = first
    while link is not None and link.tag == "a":
        name = " ".join(link.text_content().split())
        if not _NAME.fullmatch(name):
            break
        names.append(name)
        if not _BYLINE_JOINER.match(link.tail or ""):
            break
        link = link.getnext()
    return tuple(dict.fromkeys(names))
