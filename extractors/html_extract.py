"""From decoded HTML to main text and metadata: parsing, comment removal, trafilatura.

The comment thread is found and cut out of the tree first, so comment text can never leak
into the body; then the site profile's prune XPaths run; then trafilatura extracts the main
text (one line per paragraph) from what is left, with its fast setting; a short text is
checked against its full setting, which can find the other half of a story split in two
blocks. Metadata is read first, from the whole page.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document, Extractor
from trafilatura.utils import is_dubious_html, repair_faulty_html

from extractors.cleaning import is_body_paragraph
from extractors.comment_systems import (
    CommentThread,
    find_comment_thread,
    page_names,
    script_only_system,
)
from extractors.errors import NoMainContent, NotHtml, UnparsableHtml
from extractors.metadata import PageMetadata, byline_authors, page_metadata
from extractors.options import ExtractOptions
from extractors.profiles import SiteProfile

_MARKUP = re.compile(r"<\s*(?:[a-zA-Z][\w:-]*|!doctype)", re.IGNORECASE)
_MARKUP_PROBE_CHARS = 65536
_DEPTH_LIMIT = re.compile(r"Excessive depth in document: (\d+)")
# A fast-setting text this short is checked against trafilatura's full setting (see
# _with_other_block), which finds another block with at least this many prose paragraphs.
_SHORT_TEXT_WORDS = 150
_OTHER_BLOCK_MIN_PARAGRAPHS = 3

# trafilatura's parser settings (trafilatura.utils.HTML_PARSER), with lxml's element class
# lookup done in C: lxml.html's own lookup is Python code that runs for every element
# proxy made, by us and by trafilatura on our tree (about 8% of a page's time), and adds
# only the form-element classes, which neither uses. The same records on all 1,126 pages.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


@dataclass(frozen=True)
class PageContent:
    """What the HTML stage hands to the cleaners."""

    text: str
    metadata: PageMetadata
    thread: CommentThread | None
    notes: tuple[str, ...]


@cache
def trafilatura_options(options: ExtractOptions) -> Extractor:
    """The one trafilatura Extractor for these options (built once per process)."""
    return Extractor(
        output_format="python",
        fast=not options.fallbacks,
        precision=options.favor_precision,
        comments=False,  # comments come from our own finder, as records
        tables=True,
        with_metadata=False,  # read by extractors.metadata, which is cheaper on news pages
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
    tree = _load_html(text)
    if tree is None:
        raise UnparsableHtml("lxml could not build a document tree from the markup")
    return ParsedHtml(tree, _parse_cut())


def _load_html(text: str) -> lxml.html.HtmlElement | None:
    """trafilatura's ``load_html`` for a decoded page, with ``_PARSER``: its repairs and
    parser settings are what its extraction is tuned on (parsing with plain lxml settings
    loses up to half the text on some pages)."""
    beginning = text[:50].lower()
    text = repair_faulty_html(text, beginning)
    tree = _parse(text)
    if tree is None or len(tree) < 1:
        tree = _parse(text.encode("utf-8", "surrogatepass"))
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None  # no <html> in the first characters and next to nothing parsed
    return tree


def _parse(markup: str | bytes) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(markup, parser=_PARSER)
    except (ValueError, etree.LxmlError):  # ValueError: a str with an XML encoding declaration
        return None


def _parse_cut() -> str | None:
    """Where and why the last ``_load_html`` stopped early (its parser's error log), if it did.

    libxml2 2.14 reports the depth limit as ERR_RESOURCE_LIMIT, 2.12 (lxml 5.3, which has
    no such name) as ERR_INTERNAL_ERROR with the same message; other fatal errors (2.12
    reports an attribute cut off by the end of the input as ERR_NO_MEMORY) lose nothing.
    """
    for error in _PARSER.error_log.filter_from_fatals():
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
    page_chars: int = 0,
) -> PageContent:
    """Find comments, prune, and run trafilatura on ``tree`` (which is modified).

    ``parse_cut`` (from ``parse_html``): the tree is only the part of the page before that
    point; the page degrades to what is there, with a note, or raises UnparsableHtml.
    ``page_chars``: the length of the page's text, which bounds the metadata searches.
    """
    notes = [f"parse: {parse_cut}; the page after that point was not read"] if parse_cut else []
    search_page = page_chars <= options.max_metadata_search_chars
    if not search_page:
        notes.append(
            f"metadata: the page has {page_chars:,} characters, over"
            f" {options.max_metadata_search_chars:,}: date and authors read from tags only"
        )
    metadata = page_metadata(tree, url, search_page=search_page)
    thread, names = None, ""
    if options.include_comments:
        names = page_names(tree)
        thread = find_comment_thread(tree, names)
        # with the comment section known, a comment's "by <a>Name</a>" is not the byline
        if search_page and not metadata.authors:
            outside = frozenset(thread.section_elements if thread else ())
            metadata = replace(metadata, byline_authors=byline_authors(tree, outside))
    if thread is not None:
        notes.append(f"comments: {thread.system} thread, {len(thread.comments)} comments")
        for section in thread.section_elements:
            section.drop_tree()
    quiet = options.include_comments and (thread is None or not thread.comments)
    if quiet and (embed := script_only_system(tree, names)):
        notes.append(f"comments: none in the static HTML; the page loads them by script ({embed})")
    for xpath in profile.prune_xpaths if profile else ():
        for element in tree.xpath(xpath):
            element.drop_tree()

    page_options = copy.copy(trafilatura_options(options))
    page_options.url = url
    page_options.source = url
    text = _main_text(tree, page_options)
    if not text.strip():
        if parse_cut:
            raise UnparsableHtml(
                f"{parse_cut}: the HTML parser stops there, and the page before that point"
                " has no main text"
            )
        raise NoMainContent("trafilatura found no main text on the page")
    if search_page and page_options.fast and len(text.split()) < _SHORT_TEXT_WORDS:
        text, note = _with_other_block(tree, text, page_options)
        notes.extend(note)
    return PageContent(text, metadata, thread, tuple(notes))


def _main_text(tree: lxml.html.HtmlElement, options: Extractor) -> str:
    """trafilatura's main text of ``tree`` ("" when it finds none); ``tree`` is not changed."""
    document = trafilatura.bare_extraction(tree, options=options)
    # as_dict is off, so a result is a Document; None means nothing was found
    return (document.text or "") if isinstance(document, Document) else ""


def _with_other_block(
    tree: lxml.html.HtmlElement, fast_text: str, fast_options: Extractor
) -> tuple[str, list[str]]:
    """``fast_text``, then the article's other block if trafilatura's full setting finds one.

    trafilatura's fast setting keeps one block of the page. Where a story is split in two
    (a lede box above the story's body, say) it can keep the small block, or a wrong one
    such as a teaser; the full setting, which weighs readability's and jusText's picks,
    then finds the other. A full-setting text that shares no line with the fast one and
    has several prose paragraphs is that other block, and both are kept. Where it shares
    lines it is the same block widened, which brings in the page's other posts: not taken.
    """
    full_options = copy.copy(fast_options)
    full_options.fast = False
    full_text = _main_text(tree, full_options)
    fast_lines = {line for line in fast_text.splitlines() if line.strip()}
    full_lines = full_text.splitlines()
    if any(line in fast_lines for line in full_lines):
        return fast_text, []
    paragraphs = sum(map(is_body_paragraph, full_lines))
    if paragraphs < _OTHER_BLOCK_MIN_PARAGRAPHS:
        return fast_text, []
    note = (
        f"body: trafilatura's fast setting found {len(fast_text.split())} words; its full"
        f" setting found another block with {paragraphs} prose paragraphs: both kept"
    )
    return f"{fast_text}\n{full_text}", [note]
