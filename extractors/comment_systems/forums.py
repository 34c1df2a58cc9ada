"""Forum software whose threads pages embed as their comments, and Slashcode.

* vBulletin 4: ``ol#posts`` of ``li.postbitlegacy`` / ``li.postcontainer`` (``id="post_N"``)
  with ``.posthead .date``, ``a.username`` and the text in
  ``div#post_message_N`` / ``blockquote.postcontent``. vBulletin 3: a ``table`` per post
  (``id="postN"``) with ``a.bigusername`` and ``div#post_message_N``.
* XenForo 1: ``ol#messageList`` of ``li.message`` (``data-author``, ``id="post-N"``) with
  ``.messageUserInfo a.username``, ``blockquote.messageText`` and ``.DateTime``; XenForo 2:
  ``article.message--post`` with ``.message-name .username``, ``time.u-dt[datetime]`` and
  ``.message-body .bbWrapper``.
* phpBB 3: ``div.post`` (``id="pN"``) with ``p.author`` ("by Ann » Tue Jan 01, 2013 10:00
  am", the name in ``a.username``) and ``div.content``.
* Slashcode (Slashdot): ``ul#commentlisting`` of ``li.comment`` (``id="tree_N"``), each a
  ``div.cw`` with ``.by a`` (the name, then the user id in ``span.uid``), ``.otherdetails``
  (the date) and ``div.commentBody``; replies in a nested ``ul``.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from extractors.comment_systems import markup
from extractors.comment_systems.markup import any_cls, cls, xpaths
from extractors.comment_systems.section import make_thread
from extractors.comment_systems.thread import CommentThread, Fields, containers_of
from extractors.comment_systems.wordpress import numeric_id

__all__ = ["find_forum"]

_SYSTEMS: tuple[tuple[str, etree.XPath, Fields], ...] = (
    (
        "vbulletin",
        etree.XPath(
            f"//li[{any_cls('postbitlegacy', 'postcontainer', 'postbit')}][{numeric_id('post_')}]"
            f" | //table[{numeric_id('post')}][.//*[{numeric_id('post_message_')}]]"
        ),
        Fields(
            author=xpaths(f".//*[{any_cls('username', 'bigusername')}]"),
            date=xpaths(f".//*[{cls('posthead')}]//*[{cls('date')}]", f".//*[{cls('date')}]"),
            text=xpaths(f".//*[{numeric_id('post_message_')}]", f".//*[{cls('postcontent')}]"),
            ui=markup.UI_CLASSES | markup.words("signature usertitle postfoot after_content"),
        ),
    ),
    (
        "xenforo",
        etree.XPath(
            f"//li[{cls('message')}][@data-author][{numeric_id('post-')}]"
            f" | //article[{cls('message')}][{any_cls('message--post', 'js-post')}]"
        ),
        Fields(
            author=xpaths(
                f".//*[{any_cls('messageUserInfo', 'message-name')}]//*[{cls('username')}]",
                f".//*[{cls('username')}]",
            ),
            date=xpaths(f".//*[{any_cls('DateTime', 'u-dt')}]"),
            text=xpaths(
                f".//*[{any_cls('messageText', 'bbWrapper')}]",
                f".//*[{cls('message-body')}]",
            ),
            ui=markup.UI_CLASSES | markup.words("bbCodeQuote messageMeta message-attribution"),
            date_attrs=("datetime", "title", "data-datestring"),
        ),
    ),
    (
        "phpbb",
        etree.XPath(
            f"//div[{cls('post')}][{numeric_id('p')}][.//*[{cls('postbody')}]]"
            f"[.//*[{cls('author')}]]"
        ),
        Fields(
            author=xpaths(
                f".//*[{cls('author')}]//*[{cls('username')}]", f".//*[{cls('author')}]//strong"
            ),
            date=(),
            byline=xpaths(f".//*[{cls('author')}]"),
            text=xpaths(f".//*[{cls('content')}]"),
            ui=markup.UI_CLASSES | markup.words("signature notice postprofile"),
        ),
    ),
    (
        "slashcode",
        etree.XPath(f"//*[@id='commentlisting']//li[{cls('comment')}][./*[{cls('cw')}]]"),
        Fields(
            author=xpaths(f".//*[{cls('by')}]"),
            date=xpaths(f".//*[{cls('otherdetails')}]"),
            text=xpaths(f".//*[{cls('commentBody')}]"),
            ui=markup.UI_CLASSES | markup.words("commentSub commentTop"),
        ),
    ),
)


def find_forum(tree: HtmlElement) -> CommentThread | None:
    for system, items, fields in _SYSTEMS:
        found = (
            markup.outermost(markup.unique(items(tree))) if system == "vbulletin" else items(tree)
        )
        if found:
            units = [(e,) for e in markup.unique(found)]
            return make_thread(
                system, tree, units, fields, containers_of(units), rule=f"{system} posts"
            )
    return None
