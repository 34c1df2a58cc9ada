"""Comment modules of content management systems: Drupal and Joomla's JComments.

* Drupal (``comment.tpl.php`` in 6 and 7, ``comment.html.twig`` from 8): each comment is a
  ``div.comment`` / ``article.comment`` (``comment-published``, ``comment-by-anonymous``,
  ``comment-by-node-author``, ``js-comment`` classes) after an ``<a id="comment-N">`` anchor,
  inside ``div#comments`` / ``section.comment-wrapper``. The byline is ``.submitted``
  ("Submitted by Ann on Tue, 2012-11-06 15:15", or the date first in many themes), the name
  ``.username`` (7) / ``.comment__author`` (8+), the date ``.comment-time`` / ``time``,
  the text ``div.content`` (``.field-name-comment-body``). Replies follow their parent in a
  ``div.indented``.
* JComments (Joomla): ``div#comments-list`` of ``div.comment-item`` / ``div#comment-item-N``,
  each with ``span.comment-author``, ``span.comment-date``, ``div.comment-body`` and the
  votes in ``.comments-vote .vote-good|.vote-poor``.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from extractors.comment_systems import markup
from extractors.comment_systems.markup import any_cls, cls, xpaths
from extractors.comment_systems.section import make_thread
from extractors.comment_systems.thread import CommentThread, Fields, containers_of
from extractors.comment_systems.wordpress import numeric_id

__all__ = ["find_drupal", "find_jcomments"]

_DRUPAL_MARKS = (
    f"{any_cls('comment-published', 'comment-by-anonymous', 'comment-by-node-author')}"
    f" or {any_cls('comment-by-viewer', 'comment-unpublished', 'js-comment')}"
    f" or preceding-sibling::*[1][self::a][{numeric_id('comment-')}]"
)
_DRUPAL_ITEMS = etree.XPath(
    f"//*[self::div or self::article][{cls('comment')}][{_DRUPAL_MARKS}]"
    f"[not(ancestor::*[{cls('comment')}][self::div or self::article][{_DRUPAL_MARKS}])"
    f" or ancestor::*[{cls('indented')}]]"
)
DRUPAL_FIELDS = Fields(
    author=xpaths(
        f".//*[{any_cls('username', 'comment__author', 'commenter-name', 'comment-author')}]",
        f".//*[{cls('submitted')}]//a[not(contains(@href, '#comment'))]",
        f".//*[{any_cls('author', 'user', 'name')}]",
    ),
    date=xpaths(
        f".//*[{any_cls('comment-time', 'comment__time', 'comment-date', 'date', 'time')}]",
        ".//time",
    ),
    text=xpaths(
        f".//*[{any_cls('field-name-comment-body', 'comment-body', 'comment__content')}]",
        f".//*[{cls('content')}]",
    ),
    byline=xpaths(f".//*[{cls('submitted')}]"),
    ui=markup.UI_CLASSES | markup.words("submitted links user-picture new permalink attribution"),
)


def find_drupal(tree: HtmlElement) -> CommentThread | None:
    items = markup.unique(_DRUPAL_ITEMS(tree))
    if not items:
        return None
    units = [(e,) for e in items]
    return make_thread(
        "drupal",
        tree,
        units,
        DRUPAL_FIELDS,
        containers_of(units),
        rule="div.comment with comment-published/by-* classes or after a#comment-N",
    )


# --- JComments ----------------------------------------------------------------------------
_JC_ITEMS = etree.XPath(
    f"//*[@id='comments-list' or {cls('comments-list')}]"
    f"//div[{numeric_id('comment-item-')} or {cls('comment-item')}]"
)
JC_FIELDS = Fields(
    author=xpaths(f".//*[{cls('comment-author')}]"),
    date=xpaths(f".//*[{cls('comment-date')}]"),
    text=xpaths(f".//*[{cls('comment-body')}]"),
    votes=xpaths(
        f".//*[{cls('comments-vote')}]//*[{any_cls('vote-good', 'vote-poor', 'vote-none')}]"
    ),
    ui=markup.UI_CLASSES | markup.words("comments-buttons comment-anchor"),
)


def find_jcomments(tree: HtmlElement) -> CommentThread | None:
    items = markup.unique(_JC_ITEMS(tree))
    if not items:
        return None
    units = [(e,) for e in items]
    return make_thread(
        "jcomments",
        tree,
        units,
        JC_FIELDS,
        containers_of(units),
        rule="div#comment-item-N in #comments-list",
    )
