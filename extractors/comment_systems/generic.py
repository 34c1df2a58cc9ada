"""Comment threads of systems without a finder of their own: two generic finders.

``find_named`` takes the elements that name themselves comments the way nearly every comment
system does: an id ``comment-123`` / ``comment_item_123`` / ``c123`` (the anchor target of a
permalink) or a class token ``comment`` / ``comment-item`` / ``comment-wrap``. Elements are
grouped by *kind* (tag, id pattern, class token); the largest kind is the thread (an outer
kind wins a tie: ``li#comment-1`` over the ``article#div-comment-1`` inside it).

``find_repeated`` finds, inside a region that names itself a comment section (``#comments``,
``.comments-list``, ``#discussion``...), the largest run of sibling blocks of one shape,
each carrying a date and a text: comment lists printed by hand-made templates.

Both are guarded, since a wrong thread costs a page its comment precision and, when its
section is cut, body text: blocks in sidebars, navigation and widgets are never taken, nor
blocks holding the article; a thread needs two comments (or one with an author and a date),
and most of its comments must show an author or a date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from lxml import etree
from lxml.html import HtmlElement

from extractors.comment_systems import bylines, markup
from extractors.comment_systems.markup import any_cls, cls, xpaths
from extractors.comment_systems.section import make_thread
from extractors.comment_systems.thread import CommentThread, Fields, Unit, containers_of
from extractors.comment_systems.wordpress import WP_FIELDS

__all__ = [
    "ITEM_CLASS_PATTERN",
    "ITEM_ID_PATTERN",
    "REGION_PATTERN",
    "find_named",
    "find_repeated",
]

# an element named as one comment: its whole id, or one of its classes
ITEM_ID_PATTERN = (
    r"(?:(?:li|div|dsq)[-_])?(?:comment|cmt)(?:[-_]?item)?[-_]?(?:\d+|[0-9a-f]{10,})|c\d{4,}"
)
ITEM_CLASS_PATTERN = (
    r"comment(?:[-_]?(?:item|entry|wrap|container|box|block|single|post|row))?"
    r"|single-comment|js-comment|citem|post-comment|commentpost|comment-thread-item"
)
_ITEM_ID = re.compile(rf"^(?:{ITEM_ID_PATTERN})$", re.IGNORECASE)
_ITEM_CLASS = re.compile(rf"^(?:{ITEM_CLASS_PATTERN})$", re.IGNORECASE)
_ITEM_TAGS = markup.words("li div article section ul dd table")
_DIGITS = re.compile(r"\d+|[0-9a-f]{10,}", re.IGNORECASE)
_ARTICLE_INSIDE = xpaths(
    ".//h1 | .//*[@itemprop='articleBody']"
    f" | .//*[{any_cls('entry-content', 'post-content', 'article-body', 'article-content')}]"
)[0]
_MIN_TEXT = 2  # words

GENERIC_FIELDS = Fields(
    author=(
        *WP_FIELDS.author[:-1],
        *xpaths(
            ".//*[contains(@class, 'author') or contains(@class, 'user')]"
            "[not(contains(@class, 'avatar'))]//a[normalize-space()][not(.//img)]",
            f".//*[{any_cls('commenter', 'comment-user', 'user-name', 'nickname', 'poster')}]",
            f".//*[{any_cls('by', 'byline', 'posted-by', 'postedby', 'blod-user')}]",
            ".//*[contains(@class, 'author') and not(contains(@class, 'avatar'))]",
            ".//*[contains(@class, 'user') and not(contains(@class, 'avatar'))][.//a]",
            ".//h3 | .//h4 | .//h5",
            ".//strong | .//b",
        ),
    ),
    date=WP_FIELDS.date,
    text=(
        *WP_FIELDS.text,
        *xpaths(
            *(
                f".//*[{cls(name)}]"
                for name in (
                    "comment-body",
                    "commentBody",
                    "comment-message",
                    "comment_message",
                    "cbody",
                    "c_text",
                    "commenttext",
                    "comment-copy",
                    "blod-text",
                    "message",
                    "body",
                )
            )
        ),
    ),
    byline=xpaths(
        ".//*[contains(@class, 'posted') or contains(@class, 'byline')"
        f" or {any_cls('signature', 'comment-footer', 'comment-meta', 'comment-info')}]"
    ),
    votes=xpaths(
        f".//*[{any_cls('recommended', 'vote-count', 'votes-count', 'likes-count', 'score')}]"
    ),
    ui=markup.UI_CLASSES | markup.words("comment_title recommend badges sig postfoot share"),
)


def _kind(el: HtmlElement) -> tuple[str, str, str] | None:
    if el.tag not in _ITEM_TAGS:
        return None
    ident = str(el.get("id") or "")
    id_kind = _DIGITS.sub("#", ident) if _ITEM_ID.match(ident) else ""
    token = next((c.lower() for c in markup.classes(el) if _ITEM_CLASS.match(c)), "")
    if not id_kind and not token:
        return None
    return str(el.tag), id_kind, token


def _holds_article(tree: HtmlElement, blocks: list[HtmlElement]) -> bool:
    """Whether one of ``blocks`` holds the page's headline or article body."""
    chosen = set(blocks)
    return any(
        any(anc in chosen for anc in marker.iterancestors()) for marker in _ARTICLE_INSIDE(tree)
    )


def _in_region(el: HtmlElement) -> bool:
    """Inside an element named as a comment section (``#comments``, ``.discussion``)."""
    for anc in el.iterancestors():
        names = f"{anc.get('id') or ''} {anc.get('class') or ''}"
        if _REGION.search(names):
            return True
    return False


def find_named(tree: HtmlElement) -> CommentThread | None:
    """The largest kind of comment-named elements, if it reads as a thread."""
    kinds: dict[tuple[str, str, str], list[HtmlElement]] = defaultdict(list)
    body = tree.find("body")
    for el in (body if body is not None else tree).iter():
        if isinstance(el.tag, str) and (kind := _kind(el)) is not None:
            kinds[kind].append(el)
    asides = markup.Asides(tree)
    ranked = sorted(kinds.items(), key=lambda item: -len(item[1]))
    for (tag, id_kind, token), members in ranked[:4]:
        found = [e for e in markup.unique(members) if not asides.excluded(e)]
        if not id_kind:  # a class alone names many things: the thread must sit in a region
            found = [e for e in found if _in_region(e)]
        if _holds_article(tree, found):
            continue
        name = tag + (f"#{id_kind}" if id_kind else "") + (f".{token}" if token else "")
        rule = f"the most frequent comment-named elements, {name}"
        thread = _thread("generic", tree, [(e,) for e in found], rule)
        if thread is not None:
            return thread
    return None


def _thread(
    system: str, tree: HtmlElement, units: Sequence[Unit], rule: str
) -> CommentThread | None:
    """The thread of ``units`` if they read as comments: enough of them, with text, and
    most with an author or a date."""
    if not units:
        return None
    thread = make_thread(system, tree, units, GENERIC_FIELDS, containers_of(units), rule=rule)
    comments = thread.comments
    with_text = [c for c in comments if len(c.text.split()) >= _MIN_TEXT]
    signed = [c for c in with_text if c.author or c.date_raw or c.date_attr]
    if len(comments) == 1:
        one = comments[0]
        if not (one.author and (one.date_raw or one.date_attr) and with_text):
            return None
    elif len(with_text) < 2 or len(signed) * 2 < len(comments):
        return None
    return thread


# --- repeated blocks in a comment region -----------------------------------------------------
REGION_PATTERN = r"comment|discussion|respon|reaction|feedback"
_REGION = re.compile(REGION_PATTERN, re.IGNORECASE)
_MIN_BLOCKS = 2
_BLOCK_TAGS = markup.words("li div article section dd table p")


def find_repeated(tree: HtmlElement) -> CommentThread | None:
    """The largest run of same-shaped sibling blocks, each with a date and a text, inside an
    element named as a comment section."""
    best: list[HtmlElement] = []
    best_region = ""
    asides = markup.Asides(tree)
    body = tree.find("body")
    for region in _named_regions(body if body is not None else tree):
        if region.tag in markup.ASIDE_TAGS or asides.excluded(region) or _ARTICLE_INSIDE(region):
            continue
        for run in _runs(region):
            if len(run) > len(best):
                best, best_region = run, markup.describe(region)
    if len(best) < _MIN_BLOCKS:
        return None
    rule = f"same-shaped sibling blocks with a date or an author line, in {best_region}"
    return _thread("repeated-blocks", tree, [(e,) for e in best], rule)


_NAMES_WITHIN = etree.XPath("descendant-or-self::*/@id | descendant-or-self::*/@class")


def _named_regions(root: HtmlElement) -> list[HtmlElement]:
    """Elements in and under ``root`` whose id or class names a comment section, in document
    order. Only the attribute values reach Python: visiting every element costs far more."""
    regions = [name.getparent() for name in _NAMES_WITHIN(root) if _REGION.search(name)]
    return list(dict.fromkeys(regions))


def _runs(region: HtmlElement) -> list[list[HtmlElement]]:
    """Groups of same-shaped sibling blocks under ``region`` and its descendants (two levels),
    each holding a date."""
    out = []
    for parent in [region, *region.iterchildren()]:
        if not isinstance(parent.tag, str):
            continue
        shapes: dict[tuple[str, str], list[HtmlElement]] = defaultdict(list)
        for child in parent.iterchildren():
            if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
                shapes[(str(child.tag), str(child.get("class") or ""))].append(child)
        for blocks in shapes.values():
            dated = [b for b in blocks if _has_date(b)]
            if len(dated) >= _MIN_BLOCKS and len(dated) * 2 >= len(blocks):
                out.append(dated)
    return out


_SAYS = re.compile(r"\b(?:says|said|wrote|writes)\s*[:,.]*$", re.IGNORECASE)


def _has_date(block: HtmlElement) -> bool:
    """Whether a block shows a date, or an author line ("Ann said,")."""
    for el in block.iter():
        if isinstance(el.tag, str) and el.tag not in markup.SKIP_TAGS:
            for text in (el.text, el.tail):
                line = " ".join((text or "").split())
                if line and (bylines.looks_like_date(line) or _SAYS.search(line[:80])):
                    return True
    return False
