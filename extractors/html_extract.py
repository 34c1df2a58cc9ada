"""From decoded HTML to main text and metadata: parsing, comment removal, trafilatura.

The comment thread is found and cut out of the tree first, so comment text can never leak
into the body; then the site profile's prune XPaths run; then trafilatura extracts the main
text (one line per paragraph) and the metadata from what is left.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import Document, Extractor
from trafilatura.utils import HTML_PARSER, load_html

from extractors.dates import parse_date
from extractors.errors import NoMainContent, NotHtml, UnparsableHtml
from extractors.html_comments import CommentThread, find_comment_thread
from extractors.options import ExtractOptions
from extractors.profiles import SiteProfile

_MARKUP = re.compile(r"<\s*(?:[a-zA-Z][\w:-]*|!doctype)", re.IGNORECASE)
_MARKUP_PROBE_CHARS = 65536
_AUTHOR_SEPARATOR = re.compile(r"\s*;\s*")
_KEYWORD_SEPARATOR = re.compile(r"\s*[,;]\s*")
# A CMS writes <meta name="author"> on purpose; trafilatura's own search can pick up a
# footer credit ("Theme by ThemeGrill", rel="author") before it, so the meta tag wins.
_META_AUTHOR = lxml.etree.XPath('//meta[@name="author"]/@content')
_META_DATE_XPATHS = {
    "published": lxml.etree.XPath(
        '//meta[@property="article:published_time" or @itemprop="datePublished"'
        ' or @name="pubdate" or @name="publish-date"]/@content'
    ),
    "modified": lxml.etree.XPath(
        '//meta[@property="article:modified_time" or @itemprop="dateModified"]/@content'
    ),
}
_EMPTY_DISQUS = lxml.etree.XPath('//div[@id="disqus_thread"][not(*)]')
_DEPTH_LIMIT = re.compile(r"Excessive depth in document: (\d+)")


@dataclass(frozen=True)
class PageContent:
    """What the HTML stage hands to the cleaners."""

    text: str
    headline: str | None
    authors: tuple[str, ...]
    date_published: str | None
    date_published_raw: str | None
    date_modified: str | None
    description: str | None
    site_name: str | None
    keywords: tuple[str, ...]
    main_image: str | None
    canonical_url: str | None
    thread: CommentThread | None
    notes: tuple[str, ...]


@cache
def trafilatura_options(options: ExtractOptions) -> Extractor:
    """The one trafilatura Extractor for these options (built once per process)."""
    return Extractor(
        output_format="python",
        fast=options.fast,
        precision=options.favor_precision,
        comments=False,  # comments come from our own finder, as records
        tables=True,
        with_metadata=True,
    )


class ParsedHtml(NamedTuple):
    """The tree, and why the parser stopped before the end of the text (``None`` if it did not)."""

    tree: lxml.html.HtmlElement
    cut: str | None


def parse_html(text: str) -> ParsedHtml:
    """An lxml tree of ``text``; NotHtml when there is no markup at all.

    libxml2 stops at a resource limit (markup nested more than 256 elements deep: a page of
    unclosed tags, or a hostile one) without raising: the tree then holds only the page
    before that point, and ``cut`` says where and why, so the loss is never silent.
    """
    if not _MARKUP.search(text[:_MARKUP_PROBE_CHARS]):
        raise NotHtml("no HTML markup in the input: is it a text file? (use clean-text)")
    # trafilatura's own loader: its parser settings and repairs are what its extraction is
    # tuned on (parsing with plain lxml settings loses up to half the text on some pages).
    tree = load_html(text)
    if tree is None:
        raise UnparsableHtml("lxml could not build a document tree from the markup")
    return ParsedHtml(tree, _parse_cut())


def _parse_cut() -> str | None:
    """Where and why the last ``load_html`` stopped early (its parser's error log), if it did.

    libxml2 2.14 reports the depth limit as ERR_RESOURCE_LIMIT, 2.12 (lxml 5.3, which has
    no such name) as ERR_INTERNAL_ERROR with the same message; other fatal errors (2.12
    reports an attribute cut off by the end of the input as ERR_NO_MEMORY) lose nothing.
    """
    for error in HTML_PARSER.error_log.filter_from_fatals():
        where = f"line {error.line}, column {error.column}"
        if depth := _DEPTH_LIMIT.search(error.message):
            return f"the markup is nested more than {depth[1]} elements deep at {where}"
        if error.type_name == "ERR_RESOURCE_LIMIT":
            return f"the HTML parser hit a resource limit at {where} ({error.message.strip()})"
    return None


def read_page(
    tree: lxml.html.HtmlElement,
    url: str | None,
    options: ExtractOptions,
    profile: SiteProfile | None,
    *,
    parse_cut: str | None = None,
) -> PageContent:
    """Find comments, prune, and run trafilatura on ``tree`` (which is modified).

    ``parse_cut`` (from ``parse_html``): the tree is only the part of the page before that
    point; the page degrades to what is there, with a note, or raises UnparsableHtml.
    """
    notes = [f"parse: {parse_cut}; the page after that point was not read"] if parse_cut else []
    thread = find_comment_thread(tree) if options.include_comments else None
    if thread is not None:
        notes.append(f"comments: {thread.system} thread, {len(thread.comments)} comments")
        for section in thread.section_elements:
            section.drop_tree()
    elif options.include_comments and _EMPTY_DISQUS(tree):
        notes.append("comments: empty disqus_thread, comments are loaded by script only")
    meta_dates = {name: _first(xpath(tree)) for name, xpath in _META_DATE_XPATHS.items()}
    meta_author = _first(_META_AUTHOR(tree))
    for xpath in profile.prune_xpaths if profile else ():
        for element in tree.xpath(xpath):
            element.drop_tree()

    page_options = copy.copy(trafilatura_options(options))
    page_options.url = url
    page_options.source = url
    document = trafilatura.bare_extraction(tree, options=page_options)
    # as_dict is off, so a result is a Document; None means nothing was found
    if not isinstance(document, Document) or not (document.text or "").strip():
        if parse_cut:
            raise UnparsableHtml(
                f"{parse_cut}: the HTML parser stops there, and the page before that point"
                " has no main text"
            )
        raise NoMainContent("trafilatura found no main text on the page")
    return PageContent(
        text=document.text or "",
        headline=document.title or None,
        authors=_authors(meta_author, document.author),
        date_published=parse_date(meta_dates["published"] or "") or document.date or None,
        date_published_raw=meta_dates["published"] or document.date or None,
        date_modified=parse_date(meta_dates["modified"] or ""),
        description=document.description or None,
        site_name=document.sitename or None,
        keywords=_keywords([*(document.categories or []), *(document.tags or [])]),
        main_image=document.image or None,
        canonical_url=document.url or None,
        thread=thread,
        notes=tuple(notes),
    )


def _authors(meta_author: str | None, trafilatura_author: str | None) -> tuple[str, ...]:
    if meta_author and not meta_author.startswith(("http://", "https://")):
        names = _KEYWORD_SEPARATOR.split(meta_author)
    else:
        names = _AUTHOR_SEPARATOR.split(trafilatura_author or "")
    return tuple(dict.fromkeys(name.strip() for name in names if name.strip()))


def _keywords(values: list[str]) -> tuple[str, ...]:
    """Categories and tags, split where a page put several in one string, without repeats."""
    split = (part.strip() for value in values for part in _KEYWORD_SEPARATOR.split(value))
    return tuple(dict.fromkeys(part for part in split if part))


def _first(values: list[str]) -> str | None:
    return next((v.strip() for v in values if v and v.strip()), None)
