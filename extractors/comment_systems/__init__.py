"""Reader-comment threads in static HTML, one module per family of comment systems.

``find_comment_thread`` tries the systems whose markup it knows, most specific first, then
the generic finders (comment-named items, then repeated blocks carrying an author, a date
and a text). ``script_only_system`` names the embed a page loads its comments from when the
static HTML holds none, so that an empty result can say why.

Each module documents the markup it reads, as the systems print it; every selector follows
that markup or a general structure, never one site. The tree is only read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from extractors.comment_systems.blogs import find_blogger, find_movable_type, find_squarespace
from extractors.comment_systems.cms import find_drupal, find_jcomments
from extractors.comment_systems.forums import find_forum
from extractors.comment_systems.generic import (
    ITEM_CLASS_PATTERN,
    ITEM_ID_PATTERN,
    REGION_PATTERN,
    find_named,
    find_repeated,
)
from extractors.comment_systems.hosted import find_disqus, find_livefyre, script_only_system
from extractors.comment_systems.markup import page_names
from extractors.comment_systems.thread import CommentThread
from extractors.comment_systems.wordpress import find_wordpress, find_wpdiscuz

__all__ = ["CommentThread", "find_comment_thread", "page_names", "script_only_system"]

Finder = Callable[[HtmlElement], CommentThread | None]


def _tokens(alternatives: str) -> str:
    """A marker matching one of ``alternatives`` as a whole id or class token."""
    return rf"(?<!\S)(?:{alternatives})(?!\S)"


# Most specific first: a system's own container is unambiguous; WordPress lists come after
# the systems that print WordPress-like ``li.comment`` items inside their own container.
# Each finder runs only on a page whose ids and classes hold a name its queries require (one
# regular expression over them costs far less than a finder's queries over the tree); a
# marker written as whole tokens matches an id or one class of an element.
_FINDERS: tuple[tuple[Finder, re.Pattern[str]], ...] = tuple(
    (finder, re.compile(marker))  # lowercase, as page_names is
    for finder, marker in (
        (find_disqus, r"dsq-comment"),
        (find_livefyre, r"lf_comment_container|fyre-comment-article"),
        (find_blogger, r"comments-block|comment-thread|comments-content"),
        (find_movable_type, r"comments-content|comments-body|posted"),
        (find_squarespace, r"comment-wrapper"),
        (find_drupal, _tokens("comment")),
        (find_jcomments, r"comment-item|comments-list"),
        (
            find_forum,
            _tokens(
                r"postbit(?:legacy)?|postcontainer|post_message_\d+|post-\d+|message--post|js-post"
                r"|postbody|commentlisting"
            ),
        ),
        (
            find_wordpress,
            _tokens(
                r"comments?[-_]?list|commentslist|comments|comment-threads|thecomments"
                r"|(?:li-)?comment-\d+"
            ),
        ),
        (find_named, _tokens(f"{ITEM_ID_PATTERN}|{ITEM_CLASS_PATTERN}")),
        (find_repeated, REGION_PATTERN),
    )
)
_WPDISCUZ = re.compile(r"wpdcom|wpd-thread|wpd-comment")


def find_comment_thread(tree: HtmlElement, names: str | None = None) -> CommentThread | None:
    """The reader-comment thread of a page, or None if the page has no comment section we know.

    A wpDiscuz section with no comments in the static HTML (loaded by AJAX, or none yet)
    still yields a thread, with ``comments == ()``, so its widgets can be dropped; any other
    system needs at least one comment. ``names`` is ``page_names(tree)``, when the caller
    has it.
    """
    if names is None:
        names = page_names(tree)
    wpdiscuz = find_wpdiscuz(tree) if _WPDISCUZ.search(names) else None
    if wpdiscuz is not None and wpdiscuz.comments:
        return wpdiscuz
    for finder, marker in _FINDERS:
        if not marker.search(names):
            continue
        thread = finder(tree)
        if thread is not None and thread.comments:
            return thread
    return wpdiscuz
