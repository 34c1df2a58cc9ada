"""Blog platforms: Blogger, TypePad and Movable Type, Squarespace.

* Blogger, three forms. The classic layout: ``dl#comments-block`` of ``dt.comment-author``
  ("Ann said...") followed by ``dd.comment-body`` and ``dd.comment-footer`` (its
  ``.comment-timestamp`` link). The threaded layout, once its script has run:
  ``div.comment-thread`` with ``li.comment`` items, each a ``div.comment-block`` holding
  ``.comment-header`` (``cite.user``, ``.datetime``) and ``p.comment-content``, replies in
  ``div.comment-replies``. Before the script runs, ``div.comments-content`` holds only a
  ``<script>`` with ``var items = [{'id', 'parentId', 'body', 'timestamp', 'author':
  {'name'}, 'displayTime'}, ...]``, a JavaScript literal that ``blogger_items`` reads.
* TypePad (and Movable Type 4+): ``div.comments-content`` of ``div.comment#comment-<id>``,
  the text in ``div.comment-content``, the byline in ``p.comment-footer`` ("Posted by: Ann |
  09/21/2012 at 09:38 PM"). Movable Type 3's default templates: ``div.comments-body`` with
  the text and a ``span.comments-post`` byline; or, older, an anchor ``<a id="c123">`` (or
  ``<div id="c123">`` holding the text) followed by the text and ``p.posted``.
* Squarespace 5 journals: ``div.comment-wrapper`` > ``div.comment#commentN`` with the text
  in ``div.body`` and "October 19, 2012 | Ann" in ``div.signature``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from extractors.comment_systems import bylines, markup
from extractors.comment_systems.jsliteral import JsSyntaxError, parse_js_literal
from extractors.comment_systems.markup import any_cls, cls, xpaths
from extractors.comment_systems.section import make_thread
from extractors.comment_systems.thread import (
    CommentThread,
    Fields,
    Unit,
    containers_of,
    with_followers,
)
from extractors.comments import RawComment

__all__ = ["find_blogger", "find_movable_type", "find_squarespace"]

# --- Blogger ------------------------------------------------------------------------------
_BLOGGER_DTS = etree.XPath(f"//dl[@id='comments-block']/dt[{cls('comment-author')}]")
_BLOGGER_THREAD = etree.XPath(
    f"//*[{cls('comment-thread')}]//li[{cls('comment')}][./*[{cls('comment-block')}]]"
)
_BLOGGER_SCRIPTS = etree.XPath(f"//*[{cls('comments-content')}]/script[contains(., 'var items')]")
_BLOGGER_ROOT = etree.XPath("ancestor::*[@id='comments' or " + cls("comments") + "][1]")
_ITEMS_RE = re.compile(r"var\s+items\s*=\s*(\[)")
BLOGGER_FIELDS = Fields(
    author=xpaths(f".//cite[{cls('user')}]", f"self::dt[{cls('comment-author')}]"),
    date=xpaths(f".//*[{any_cls('comment-timestamp', 'datetime')}]"),
    text=xpaths(f".//*[{any_cls('comment-content')}]", f"self::dd[{cls('comment-body')}]"),
    ui=markup.UI_CLASSES | markup.words("avatar-image-container comment-replybox-single"),
    author_ui=markup.AUTHOR_UI | markup.words("avatar-image-container"),
    date_attrs=(),
)


def find_blogger(tree: HtmlElement) -> CommentThread | None:
    units: list[Unit] = with_followers(_BLOGGER_DTS(tree), lambda e: e.tag == "dd")
    units += [(e,) for e in markup.unique(_BLOGGER_THREAD(tree))]
    if units:
        return make_thread(
            "blogger",
            tree,
            units,
            BLOGGER_FIELDS,
            containers_of(units),
            rule="dt.comment-author + dd in dl#comments-block, or li.comment in .comment-thread",
        )
    for script in _BLOGGER_SCRIPTS(tree):
        comments = blogger_items(script.text or "")
        if comments:
            section = _BLOGGER_ROOT(script) or [script.getparent()]
            headings = (h for root in section for h in root.iter("h2", "h3", "h4"))
            stated = next((n for n in map(bylines.count_in, headings) if n is not None), None)
            return CommentThread(
                "blogger",
                comments,
                stated,
                markup.document_order(tree, section),
                tuple("blogger: an item of var items in the comments script" for _ in comments),
            )
    return None


def blogger_items(script: str) -> tuple[RawComment, ...]:
    """The comments of Blogger's ``var items = [...]`` (empty if there is none to read).

    >>> [c.author for c in blogger_items("var items = [{'id': '1', 'body': 'Hi \\\\74b\\\\76"
    ...     "there\\\\74/b\\\\76', 'author': {'name': 'Ann'}}];")]
    ['Ann']
    """
    found = _ITEMS_RE.search(script)
    if found is None:
        return ()
    try:
        items, _ = parse_js_literal(script, found.start(1))
    except JsSyntaxError:
        return ()
    if not isinstance(items, list):
        return ()
    index: dict[str, int] = {}
    out: list[RawComment] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        author = item.get("author")
        name = author.get("name") if isinstance(author, dict) else None
        parent = index.get(str(item.get("parentId")))
        depth = out[parent].depth + 1 if parent is not None else 0
        index[str(item.get("id"))] = len(out)
        out.append(
            RawComment(
                bylines.clean_author(str(name)) if name else None,
                _html_text(str(item.get("body") or "")),
                depth,
                parent,
                bylines.clean_date(str(item.get("displayTime") or "")),
                _from_millis(item.get("timestamp")),
            )
        )
    return tuple(out)


def _html_text(fragment: str) -> str:
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return markup.text_of(root, markup.skip_tags)


def _from_millis(value: object) -> str | None:
    try:
        millis = int(str(value))
    except ValueError:
        return None
    return datetime.fromtimestamp(millis / 1000, tz=UTC).isoformat(timespec="seconds")


# --- TypePad and Movable Type -------------------------------------------------------------
_TP_ITEMS = etree.XPath(
    f"//*[{cls('comments-content')}]/div[{cls('comment')}][starts-with(@id, 'comment-')]"
    f" | //div[{cls('comments-body')}][.//*[{cls('comments-post')}]]"
)
_C_ID = "(starts-with(@id, 'c') and translate(substring(@id, 2), '0123456789', '') = '')"
_MT_DIVS = etree.XPath(
    f"//div[{_C_ID} and string-length(@id) > 3][following-sibling::*[1][self::p][{cls('posted')}]]"
)
_MT_ANCHORS = etree.XPath(
    f"//a[{_C_ID} and string-length(@id) > 3][not(normalize-space())][not(*)]"
    f"[following-sibling::*[{cls('posted')}]]"
)
_BYLINE_CLASSES = ("comment-footer", "comments-post", "posted", "signature", "comment-byline")
MT_FIELDS = Fields(
    author=(),
    date=(),
    text=xpaths(f".//*[{cls('comment-content')}]"),
    byline=xpaths(f".//*[{any_cls(*_BYLINE_CLASSES)}]", f"self::*[{any_cls(*_BYLINE_CLASSES)}]"),
    ui=markup.UI_CLASSES | markup.words("comments-post posted signature comment-avatar"),
)
_BLOCKS = markup.words("p blockquote ul ol pre div dl table")


def find_movable_type(tree: HtmlElement) -> CommentThread | None:
    units: list[Unit] = [(e,) for e in markup.unique(_TP_ITEMS(tree))]
    if not units:
        units = with_followers(_MT_DIVS(tree), lambda e: cls_of(e, "posted"))
    if not units:
        units = [_anchor_run(a) for a in _MT_ANCHORS(tree)]
        units = [u for u in units if len(u) > 2]
    if not units:
        return None
    return make_thread(
        "movabletype",
        tree,
        units,
        MT_FIELDS,
        containers_of(units),
        rule="div.comment in .comments-content, .comments-body, or #cN and its p.posted byline",
    )


def cls_of(el: HtmlElement, name: str) -> bool:
    return name in markup.classes(el)


def _anchor_run(anchor: HtmlElement) -> Unit:
    """An anchor ``<a id="c123">`` and the blocks after it, up to its ``p.posted`` byline."""
    parts = [anchor]
    sib = anchor.getnext()
    while sib is not None and isinstance(sib.tag, str) and sib.tag in _BLOCKS | {"p"}:
        parts.append(sib)
        if cls_of(sib, "posted"):
            break
        sib = sib.getnext()
    return tuple(parts)


# --- Squarespace --------------------------------------------------------------------------
_SQS_ITEMS = etree.XPath(
    f"//*[{cls('comment-wrapper')}]/div[{cls('comment')}][starts-with(@id, 'comment')]"
)
SQS_FIELDS = Fields(
    author=(),
    date=(),
    text=xpaths(f"./*[{cls('body')}]"),
    byline=xpaths(f".//*[{cls('signature')}]"),
    ui=markup.UI_CLASSES | markup.words("signature"),
)


def find_squarespace(tree: HtmlElement) -> CommentThread | None:
    units = [(e,) for e in markup.unique(_SQS_ITEMS(tree))]
    if not units:
        return None
    return make_thread(
        "squarespace",
        tree,
        units,
        SQS_FIELDS,
        containers_of(units),
        rule="div.comment in .comment-wrapper",
    )
