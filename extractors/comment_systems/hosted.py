"""Hosted comment services: Disqus and Livefyre where the page carries the posts, and the
embeds that load their comments by script only.

* Disqus: the WordPress plugin's server-side copy (``comments.php``, ``dsq_comment()``) is
  ``div#disqus_thread > div#dsq-content > ul#dsq-comments`` of ``li#dsq-comment-N``
  (``comment depth-N`` classes), each with a ``div.dsq-comment-header`` holding
  ``cite > a|span#dsq-author-user-N`` and a ``div.dsq-comment-body > div.dsq-comment-message``;
  replies in a nested ``ul.children``. The script replaces it with its iframe. The embed's
  own 2012 templates print ``li.dsq-comment`` with ``.dsq-commenter-name``,
  ``.dsq-comment-header-time`` and the same ``.dsq-comment-message``.
* Livefyre: v2 (``div#livefyre``) prints ``div.lf_comment_container`` (``lf_level_N``)
  with ``a.lf_comment_user_nick``, ``div.lf_body`` and ``label.lf_comment_date``; v3
  (StreamHub, ``.fyre``) prints ``article.fyre-comment-article`` with
  ``.fyre-comment-username``, ``.fyre-comment-date`` and the text in ``.fyre-comment``.
* Script only: an empty ``div#disqus_thread``, ``#livefyre``, ``#idc-container``
  (IntenseDebate), ``fb:comments`` / ``div.fb-comments`` (Facebook), Gigya's comments UI,
  Echo / JS-Kit streams, and Blogger's threaded comments without their items: the static
  HTML holds no comment, and ``script_only_system`` says which embed would load them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from extractors.comment_systems import markup
from extractors.comment_systems.markup import any_cls, cls, xpaths
from extractors.comment_systems.section import make_thread
from extractors.comment_systems.thread import CommentThread, Fields, containers_of
from extractors.comment_systems.wordpress import numeric_id

__all__ = ["find_disqus", "find_livefyre", "script_only_system"]

# --- Disqus -------------------------------------------------------------------------------
_DSQ_ITEMS = etree.XPath(
    f"//li[{numeric_id('dsq-comment-')} or {cls('dsq-comment')}]"
    f"[.//*[{cls('dsq-comment-message')}]]"
)
_DSQ_ROOT = etree.XPath("//*[@id='disqus_thread']")
DSQ_FIELDS = Fields(
    author=xpaths(
        ".//*[starts-with(@id, 'dsq-author-user-')]",
        f".//*[{cls('dsq-commenter-name')}]",
        f".//*[{cls('dsq-comment-header')}]//cite",
    ),
    date=xpaths(
        f".//*[{cls('dsq-comment-header-time')}]",
        f".//*[{cls('dsq-comment-meta')}]//a",
    ),
    text=xpaths(f".//*[{cls('dsq-comment-message')}]"),
)


def find_disqus(tree: HtmlElement) -> CommentThread | None:
    """The posts a Disqus thread carries in the static HTML, or None."""
    items = markup.unique(_DSQ_ITEMS(tree))
    if not items:
        return None
    units = [(e,) for e in items]
    return make_thread(
        "disqus",
        tree,
        units,
        DSQ_FIELDS,
        containers_of(units),
        extra_sections=_DSQ_ROOT(tree),
        rule="li#dsq-comment-N in #disqus_thread",
    )


# --- Livefyre -----------------------------------------------------------------------------
_LF_ITEMS = etree.XPath(
    f"//*[{cls('lf_comment_container')}] | //article[{cls('fyre-comment-article')}]"
)
_LF_ROOT = etree.XPath(f"//*[@id='livefyre' or @id='livefyre-comments' or {cls('fyre')}]")
LF_FIELDS = Fields(
    author=xpaths(
        f".//*[{any_cls('lf_comment_user_nick', 'fyre-comment-username')}]",
        f".//*[{cls('lf_comment_user')}]",
    ),
    date=xpaths(f".//*[{any_cls('lf_comment_date', 'fyre-comment-date')}]"),
    text=xpaths(f".//*[{any_cls('lf_body', 'fyre-comment')}]"),
    ui=markup.UI_CLASSES
    | markup.words("lf_comment_user_rating lf_comment_footer fyre-comment-footer"),
)


def find_livefyre(tree: HtmlElement) -> CommentThread | None:
    items = markup.unique(_LF_ITEMS(tree))
    if not items:
        return None
    units = [(e,) for e in items]
    return make_thread(
        "livefyre",
        tree,
        units,
        LF_FIELDS,
        containers_of(units),
        extra_sections=_LF_ROOT(tree),
        rule="div.lf_comment_container or article.fyre-comment-article",
    )


# --- embeds that load comments by script --------------------------------------------------
@dataclass(frozen=True)
class _Embed:
    """An embed, the query that finds it, and what the page must hold for the query to match.

    The query runs only when one of its signs is there: a name among the page's ids,
    classes and script sources (``page_names``), a text in its inline scripts, or an
    element of one of ``tags``. Signs are necessary conditions of the query and far cheaper
    than it: names are lowercase, as ``page_names`` is; a script sign is the very text the
    query looks for in a script, matched as it is written (lowering the scripts costs more
    than the search).
    """

    name: str
    query: etree.XPath
    names: re.Pattern[str] | None = None
    scripts: re.Pattern[str] | None = None
    tags: tuple[str, ...] = ()


_EMBEDS = (
    _Embed(
        "disqus",
        etree.XPath("//*[@id='disqus_thread'] | //script[contains(@src, 'disqus.com/embed')]"),
        names=re.compile(r"disqus_thread|disqus\.com/embed"),
    ),
    _Embed(
        "livefyre",
        etree.XPath("//*[@id='livefyre' or @id='livefyre-comments']"),
        names=re.compile(r"livefyre"),
    ),
    _Embed(
        "intensedebate",
        etree.XPath("//*[@id='idc-container'] | //script[contains(., 'idcomments_acct')]"),
        names=re.compile(r"idc-container"),
        scripts=re.compile(r"idcomments_acct"),
    ),
    _Embed(
        "facebook",
        etree.XPath(
            f"//*[local-name()='fb:comments' or {cls('fb-comments')}]"
            " | //*[local-name()='comments' and @href and @num_posts]"
        ),
        names=re.compile(r"fb-comments"),
        tags=("fb:comments", "comments"),
    ),
    _Embed(
        "gigya",
        etree.XPath("//script[contains(., 'comments.showCommentsUI')]"),
        scripts=re.compile(r"comments\.showCommentsUI"),
    ),
    _Embed(
        "echo",
        etree.XPath(
            f"//*[{any_cls('echo-stream', 'js-kit-comments', 'js-CommentsArea')}]"
            " | //script[contains(@src, 'js-kit.com') or contains(@src, 'echoenabled.com')]"
        ),
        names=re.compile(r"echo-stream|js-kit|js-commentsarea|echoenabled\.com"),
    ),
    _Embed(
        "blogger",
        etree.XPath(f"//*[{cls('comments-content')}]/script[contains(., 'var items')]"),
        names=re.compile(r"comments-content"),
    ),
)
_SCRIPT_TEXTS = etree.XPath("//script/text()", smart_strings=False)
_BLOGGER_EMPTY = re.compile(r"var\s+items\s*=\s*\[\s*\]")


def script_only_system(tree: HtmlElement, names: str | None = None) -> str | None:
    """The embed that would load the page's comments by script, when the static HTML shows
    one (and, by the caller's check, no comments). ``names`` is ``page_names(tree)``, when
    the caller has it."""
    if names is None:
        names = markup.page_names(tree)
    scripts: str | None = None  # the inline scripts' text, read when an embed needs it
    for embed in _EMBEDS:
        signed = embed.names is not None and embed.names.search(names) is not None
        if not signed and embed.scripts is not None:
            if scripts is None:
                scripts = "\n".join(_SCRIPT_TEXTS(tree))
            signed = embed.scripts.search(scripts) is not None
        if not signed and embed.tags:
            signed = next(tree.iter(*embed.tags), None) is not None
        if not signed:
            continue
        found = embed.query(tree)
        if embed.name == "blogger":
            found = [s for s in found if not _BLOGGER_EMPTY.search(s.text or "")]
        if found:
            return embed.name
    return None
