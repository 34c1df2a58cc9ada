"""WordPress core comment lists (and the shapes themes give them), and wpDiscuz.

* WordPress core (``wp-includes/class-walker-comment.php``): ``wp_list_comments()`` writes an
  ``ol.commentlist`` / ``ol.comment-list`` of ``li.comment`` items (``id="comment-N"``, or
  ``li-comment-N`` in many themes), replies in a nested ``ul.children``, or, with
  ``style=div``, ``div.comment`` nested in their parent. The html5 format puts the author in
  ``.comment-author b.fn``, the date in ``.comment-metadata time[datetime]`` and the text in
  ``.comment-content``; the older format uses ``cite.fn`` + ``span.says``, a
  ``.commentmetadata`` link "May 5, 2019 at 3:12 pm" and bare paragraphs in ``.comment-body``.
  Themes with their own callback print the list under other names (``ol#commentlist``,
  ``ul#comment_list``, ``div#comments-list > ol``, ``ol.comments``) and the comment in other
  wrappers; the ``comment-N`` ids and the ``comment`` class stay. Thesis (and themes passing
  ``style=dl``) print each comment as a ``dt.comment`` header (``.comment_author``,
  ``.comment_time``) and a ``dd.comment`` with the text in ``.format_text``, replies in a
  ``dl.children`` inside the ``dd``.
* wpDiscuz 7 (``themes/default/class.WpdiscuzWalker.php``, ``comment-form.php``): inside
  ``div#wpdcom`` a ``.wpd-thread-list`` of ``div.wpd-comment`` (``wpd-reply`` on replies), each
  holding a ``.wpd-comment-wrap`` with ``.wpd-comment-author``, ``.wpd-comment-date`` (its
  ``title`` holds the full date, the text is often "3 years ago"), ``.wpd-comment-text`` and
  ``.wpd-vote-result``; replies follow the wrap inside the parent ``div.wpd-comment``. The
  count is ``.wpd-thread-info[data-comments-count]``; the floating ``#wpd-bubble-wrapper``
  ("Would love your thoughts, please comment.") lives outside ``#wpdcom``.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from extractors.comment_systems import bylines, markup
from extractors.comment_systems.markup import any_cls, cls, xpaths
from extractors.comment_systems.section import make_thread
from extractors.comment_systems.thread import (
    CommentThread,
    Fields,
    Unit,
    containers_of,
    with_followers,
)

__all__ = ["find_wordpress", "find_wpdiscuz"]


def numeric_id(prefix: str) -> str:
    """XPath test: ``@id`` is ``prefix`` followed by digits only (``comment-123``)."""
    rest = f"substring-after(@id, '{prefix}')"
    return (
        f"(starts-with(@id, '{prefix}') and string-length({rest}) > 0"
        f" and translate({rest}, '0123456789', '') = '')"
    )


# --- WordPress core ---------------------------------------------------------------------
_WP_ID = f"({numeric_id('comment-')} or {numeric_id('li-comment-')})"
_NOT_PING = f"not({any_cls('pingback', 'trackback')})"
_LIST_IDS = " or ".join(
    f"@id='{name}'"
    for name in (
        "comments",
        "commentlist",
        "comment-list",
        "comment_list",
        "commentList",
        "comments-list",
        "comments_list",
        "commentsList",
        "comment-threads",
        "thecomments",
    )
)
_WP_LISTS = etree.XPath(
    "//*[self::ol or self::ul or self::div or self::dl or self::section]"
    f"[{any_cls('commentlist', 'comment-list', 'comments-list', 'commentList')} or {_LIST_IDS}"
    f" or ((self::ol or self::ul) and {cls('comments')})]"
)
_WP_LI = etree.XPath(f".//li[{_NOT_PING}][{cls('comment')} or {_WP_ID}]")
_WP_DT = etree.XPath(f".//dt[{_NOT_PING}][{cls('comment')} or {_WP_ID}]")
_WP_DIV = etree.XPath(
    f".//*[self::div or self::article][{_NOT_PING}][{cls('comment')} or {_WP_ID}]"
    f"[not(ancestor::*[{cls('comment')} or {_WP_ID}][self::dd])]"
)
_WP_ANYWHERE = etree.XPath(f"//li[{_NOT_PING}][{_WP_ID}]")
# a list of the theme's own: every item (or every dt/dd pair) of a comment list is a comment
_WP_BARE = etree.XPath(
    f"self::*[self::ol or self::ul][{any_cls('commentlist', 'comment-list')}]/li[{_NOT_PING}]"
    " | self::dl/dt[following-sibling::*[1][self::dd]] | ./dl/dt[following-sibling::*[1][self::dd]]"
)

_HAS_DIGIT = "[translate(., '0123456789', '') != string(.)]"
WP_FIELDS = Fields(
    author=xpaths(
        f".//*[{cls('comment-author')}]//*[{cls('fn')}]",
        f".//*[{cls('fn')}]",
        f".//*[{any_cls('comment_author', 'comment-author-name', 'comment-author-link')}]",
        f".//*[{cls('comment-author')}]//cite",
        ".//cite[not(ancestor::blockquote)]",
        f".//*[{any_cls('comment_author', 'commentauthor', 'author-name', 'comment-name')}]",
        f".//a[{cls('url')}]",  # get_comment_author_link() in a theme's own header
        f".//*[{any_cls('comment-header', 'comment-head', 'comment-meta', 'comment_meta')}]"
        "//*[self::h3 or self::h4 or self::h5 or self::strong or self::b or self::cite]",
        f".//*[{any_cls('name', 'author', 'user', 'username')}]",
        f".//*[{cls('comment-author')}]",
    ),
    date=xpaths(
        f".//*[{any_cls('comment-date', 'comment-time', 'comment_time', 'comment_date')}]",
        f".//*[{any_cls('comment-metadata', 'commentmetadata')}]//a{_HAS_DIGIT}",
        f".//*[{cls('comment-meta')}]//a[not(ancestor::*[{cls('comment-author')}])]{_HAS_DIGIT}",
        f".//*[{any_cls('comment-metadata', 'commentmetadata')}]{_HAS_DIGIT}",
        f".//*[{any_cls('date', 'time', 'timestamp')}]{_HAS_DIGIT}",
        f".//*[contains(@class, 'date')]{_HAS_DIGIT}",  # comment-date-time, comment-datetime
        ".//time",
        # the permalink get_comment_link() prints around the date in most themes
        f".//a[{any_cls('comment-permalink', 'comment_permalink')}]{_HAS_DIGIT}",
        f".//a[contains(@href, '#comment-')]{_HAS_DIGIT}",
    ),
    byline=xpaths(f".//*[{any_cls('comment-meta', 'commentmetadata', 'comment-info')}]"),
    text=xpaths(
        *(
            f".//*[{cls(name)}]"
            for name in (
                "comment-content",
                "comment-text",
                "comment-entry",
                "comment_text",
                "commenttext",
                "comment_entry",
                "format_text",
                "the-comment-body",
                "comment_body",
            )
        )
    ),
)


def find_wordpress(tree: HtmlElement) -> CommentThread | None:
    """A WordPress comment list with at least one comment, or None.

    Lists in sidebars, widgets and navigation ("Recent Comments") are not the page's
    thread, and a list none of whose items shows an author or a date is not a thread.
    """
    asides = markup.Asides(tree)
    elements: list[HtmlElement] = []
    dts: list[HtmlElement] = []
    for lst in markup.outermost(_WP_LISTS(tree)):
        if asides.excluded(lst):
            continue
        if found := _WP_LI(lst):
            elements.extend(found)
        elif found := _WP_DT(lst):
            dts.extend(found)
        elif found := _WP_DIV(lst):
            elements.extend(_climb(e) for e in found)
        else:
            bare = _WP_BARE(lst)
            elements.extend(e for e in bare if e.tag == "li")
            dts.extend(e for e in bare if e.tag == "dt")
    if not elements and not dts:
        elements = [e for e in _WP_ANYWHERE(tree) if not asides.excluded(e)]
    units: list[Unit] = [(e,) for e in markup.unique(elements)]
    units += with_followers(markup.unique(dts), _is_dd)
    if not units:
        return None
    if dts and elements:
        order = {e: i for i, e in enumerate(tree.getroottree().getroot().iter())}
        units.sort(key=lambda unit: order[unit[0]])
    thread = make_thread(
        "wordpress",
        tree,
        units,
        WP_FIELDS,
        containers_of(units),
        rule="li.comment / #comment-N / dt.comment in a comment list",
    )
    if not any(c.author or c.date_raw or c.date_attr for c in thread.comments):
        return None
    return thread


def _climb(item: HtmlElement) -> HtmlElement:
    """The ``<li>`` around a theme's ``div.comment`` (its header is often printed beside it)."""
    parent = item.getparent()
    if parent is not None and parent.tag == "li" and not parent.get("id"):
        return parent
    return item


def _is_dd(el: HtmlElement) -> bool:
    return bool(el.tag == "dd")


# --- wpDiscuz ---------------------------------------------------------------------------
_WPD_ROOTS = etree.XPath(
    "//*[@id='wpdcom'] | //*[@id='wpd-threads' or "
    f"{cls('wpd-thread-list')}][not(ancestor::*[@id='wpdcom'])]"
)
_WPD_WIDGETS = etree.XPath(  # wpDiscuz chrome printed outside #wpdcom
    "//*[@id='wpd-bubble-wrapper' or @id='wpd-editor-source-code-wrapper'"
    " or @id='wpdUserContentInfo']"
)
_WPD_COMMENTS = etree.XPath(f".//div[{cls('wpd-comment')}]")
_WPD_COUNT = etree.XPath(
    f".//*[{cls('wpd-thread-info')}]/@data-comments-count | .//*[{cls('wpdtc')}]/@title"
    " | //*[@id='wpd-bubble-all-comments-count']/@title"
)
WPD_FIELDS = Fields(
    author=xpaths(f".//*[{cls('wpd-comment-author')}]"),
    date=xpaths(f".//*[{cls('wpd-comment-date')}]"),
    text=xpaths(f".//*[{cls('wpd-comment-text')}]"),
    votes=xpaths(f".//*[{cls('wpd-vote-result')}]"),
)


def find_wpdiscuz(tree: HtmlElement) -> CommentThread | None:
    """A wpDiscuz section, even one whose comments are not in the static HTML (loaded by
    AJAX, or none yet): its widgets must still be cut out of the body."""
    roots = markup.outermost(_WPD_ROOTS(tree))
    if not roots:
        return None
    elements = markup.unique([c for root in roots for c in _WPD_COMMENTS(root)])
    counts = (bylines.to_int(str(value)) for root in roots for value in _WPD_COUNT(root))
    stated = next((n for n in counts if n is not None), None)
    return make_thread(
        "wpdiscuz",
        tree,
        [(e,) for e in elements],
        WPD_FIELDS,
        roots,
        extra_sections=_WPD_WIDGETS(tree),
        rule="div.wpd-comment in #wpdcom",
        stated=stated,
    )
