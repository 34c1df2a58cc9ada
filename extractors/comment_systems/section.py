"""The section of a page a thread occupies, which the caller cuts out before extracting the body.

The section is the element holding the comments, widened to the theme's comments wrapper
(``#comments``, ``.comments-area``) when that wrapper holds no article, with the heading
over the comments ("16 Responses") and the reply form. Where the comments are printed among
the article's own blocks (an old Movable Type template), only the comments and their heading
go, so that a cut never takes article text with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml import etree
from lxml.html import HtmlElement

from extractors.comment_systems import bylines, markup
from extractors.comment_systems.thread import CommentThread, Fields, Unit, read_units

__all__ = ["make_thread", "widen"]

_WRAPPER = etree.XPath(
    "ancestor::*[@id='comments' or @id='comments-area' or @id='comment-area'"
    f" or {markup.any_cls('comments-area', 'comments', 'post-comments', 'comment-section')}"
    f" or {markup.any_cls('comments-section', 'comment-wrapper', 'comments-wrapper')}][1]"
)
_ARTICLE_MARKERS = etree.XPath(
    ".//h1 | .//*[@itemprop='articleBody']"
    f" | .//*[{markup.any_cls('entry-content', 'post-content')}]"
    f" | .//*[{markup.any_cls('article-body', 'article-content', 'entry-body', 'post-body')}]"
)
_RESPOND = etree.XPath("//*[@id='respond']")
_HEADINGS = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    f" or @id='comments-title' or {markup.cls('comments-title')}]"
)
_HEADING_TAGS = markup.words("h1 h2 h3 h4 h5 h6")


def widen(root: HtmlElement) -> HtmlElement:
    """The theme's comments wrapper (``#comments``, ``.comments-area``) if it holds no article."""
    wrappers = _WRAPPER(root)
    if wrappers and not _ARTICLE_MARKERS(wrappers[0]):
        return wrappers[0]
    return root


def make_thread(
    system: str,
    tree: HtmlElement,
    units: Sequence[Unit],
    fields: Fields,
    containers: Sequence[HtmlElement],
    *,
    extra_sections: Iterable[HtmlElement] = (),
    stated: int | None = None,
    rule: str = "",
) -> CommentThread:
    """The thread of ``units`` read with ``fields``; its section is the outermost
    ``containers`` (widened to the theme's comments wrapper), their heading and the reply form."""
    comments, origins = read_units(units, fields, why=f"{system} ({rule})" if rule else system)
    used = markup.outermost(markup.unique(containers))
    parts = markup.outermost(p for unit in units for p in unit)
    sections: list[HtmlElement] = []
    before: list[HtmlElement] = []
    for container in used:
        wrapper = widen(container)
        if wrapper is not container:
            sections.append(wrapper)
            continue
        inner = [p for p in parts if markup.is_ancestor(container, p)]
        first = inner[0] if _shared(container, inner) else container
        # a bare list, or comments printed among the article's blocks: the heading before
        # the first of them ("16 Responses") goes with them
        before = before or list(markup.siblings_before(first))
        sections.extend(e for e in markup.siblings_before(first) if _comment_heading(e))
        sections.extend(inner if first is not container else [container])
    sections.extend(_RESPOND(tree))
    sections.extend(extra_sections)
    if stated is None:
        candidates = [h for s in sections for h in _HEADINGS(s)] + before
        stated = next((n for n in map(bylines.count_in, candidates) if n is not None), None)
    return CommentThread(system, comments, stated, markup.document_order(tree, sections), origins)


_HEADING_WORDS = re.compile(
    r"\b(?:comments?|responses?|repl(?:y|ies)|discussion|reactions?|thoughts?|says|said)\b",
    re.IGNORECASE,
)


def _comment_heading(el: HtmlElement) -> bool:
    """A heading over comments: "16 Responses to ...", "Comments", "Discussion"."""
    if el.tag not in _HEADING_TAGS:
        return False
    text = markup.flat_text(el)[:200]
    return bylines.count_in(el) is not None or _HEADING_WORDS.search(text) is not None


_SHARED_MIN_CHARS = 300
_LIST_TAGS = markup.words("ol ul dl")


def _shared(container: HtmlElement, inner: list[HtmlElement]) -> bool:
    """Whether ``container`` holds much text besides the comments (the article, say): forms,
    scripts and headings aside. A list (``ol``, ``ul``, ``dl``) never is: what it holds
    besides the comments are more items (pingbacks, say)."""
    if container.tag in _LIST_TAGS:
        return False
    hidden = set(inner)

    def skip(e: HtmlElement) -> bool:
        return e in hidden or e.tag in markup.SKIP_TAGS or e.tag in _HEADING_TAGS

    outside = markup.text_of(container, skip)
    return len(" ".join(outside.split())) > _SHARED_MIN_CHARS
