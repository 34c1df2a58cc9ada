"""Reader-comment threads in static HTML: WordPress core comment lists and wpDiscuz.

The selectors follow the markup the two systems really print, not only our fixtures:

* WordPress core (``wp-includes/class-walker-comment.php``): ``wp_list_comments()`` writes an
  ``ol.commentlist`` / ``ol.comment-list`` of ``li.comment`` items (``id="comment-N"``, or
  ``li-comment-N`` in many themes), replies in a nested ``ul.children`` (``ol.children``), or,
  with ``style=div``, ``div.comment`` nested directly in their parent. The html5 format puts the
  author in ``.comment-author b.fn``, the date in ``.comment-metadata time[datetime]`` and the
  text in ``.comment-content``; the older format uses ``cite.fn`` + ``span.says``, a
  ``.commentmetadata`` link "May 5, 2019 at 3:12 pm" and bare paragraphs in ``.comment-body``.
  Themes with their own callback vary; we fall back to ``cite``/``.comment-author-link``/``a.url``
  and ``.comment-text``/``.comment-entry``, then to the comment's own paragraphs.
* wpDiscuz 7 (``themes/default/class.WpdiscuzWalker.php``, ``comment-form.php``): inside
  ``div#wpdcom`` a ``.wpd-thread-list`` of ``div.wpd-comment`` (``wpd-reply`` on replies), each
  holding a ``.wpd-comment-wrap`` with ``.wpd-comment-author``, ``.wpd-comment-date`` (its
  ``title`` holds the full date, the text is often "3 years ago"), ``.wpd-comment-text`` and
  ``.wpd-vote-result``; replies follow the wrap inside the parent ``div.wpd-comment``. The
  count is ``.wpd-thread-info[data-comments-count]``; the floating ``#wpd-bubble-wrapper``
  ("Would love your thoughts, please comment.") lives outside ``#wpdcom``.

Nesting is read from the tree (a comment's parent is the nearest enclosing comment), so it does
not depend on ``depth-N`` classes or on how a theme wraps the children. The tree is only read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import lxml.html
from lxml import etree

from extractors.comments import RawComment

__all__ = ["CommentThread", "find_comment_thread"]


@dataclass(frozen=True)
class CommentThread:
    """The comments of one page, in document order."""

    system: str
    """``"wordpress"`` or ``"wpdiscuz"``."""
    comments: tuple[RawComment, ...]
    """Empty only for a wpDiscuz section whose comments are not in the static HTML."""
    stated_count: int | None
    """The count the page states ("10 Comments"), which may differ from ``len(comments)``."""
    section_elements: tuple[lxml.html.HtmlElement, ...]
    """Roots of the comment section(s), outermost and in document order, so a caller can drop
    them (on its own copy of the tree) before extracting the article body."""


def _cls(name: str) -> str:
    """XPath test: the element's class attribute holds the token ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _any_cls(*names: str) -> str:
    return "(" + " or ".join(_cls(n) for n in names) + ")"


# --- wpDiscuz ---------------------------------------------------------------------------
_WPD_ROOTS = etree.XPath(
    "//*[@id='wpdcom'] | //*[@id='wpd-threads' or "
    f"{_cls('wpd-thread-list')}][not(ancestor::*[@id='wpdcom'])]"
)
_WPD_WIDGETS = etree.XPath(  # wpDiscuz chrome printed outside #wpdcom
    "//*[@id='wpd-bubble-wrapper' or @id='wpd-editor-source-code-wrapper'"
    " or @id='wpdUserContentInfo']"
)
_WPD_COMMENTS = etree.XPath(f".//div[{_cls('wpd-comment')}]")
_WPD_AUTHOR = etree.XPath(f".//*[{_cls('wpd-comment-author')}]")
_WPD_DATE = etree.XPath(f".//*[{_cls('wpd-comment-date')}]")
_WPD_TEXT = etree.XPath(f".//*[{_cls('wpd-comment-text')}]")
_WPD_VOTES = etree.XPath(f".//*[{_cls('wpd-vote-result')}]")
_WPD_COUNT = etree.XPath(
    f".//*[{_cls('wpd-thread-info')}]/@data-comments-count | .//*[{_cls('wpdtc')}]/@title"
    " | //*[@id='wpd-bubble-all-comments-count']/@title"
)

# --- WordPress core ---------------------------------------------------------------------
_WP_LISTS = etree.XPath(
    f"//*[self::ol or self::ul or self::div][{_any_cls('commentlist', 'comment-list')}]"
)
_NOT_PING = f"not({_any_cls('pingback', 'trackback')})"
_WP_LI = etree.XPath(
    f".//li[{_NOT_PING}][{_cls('comment')} or starts-with(@id, 'comment-')"
    " or starts-with(@id, 'li-comment-')]"
)
_WP_DIV = etree.XPath(f".//div[{_NOT_PING}][{_cls('comment')}]")
_WP_AUTHOR = tuple(
    etree.XPath(q)
    for q in (
        f".//*[{_cls('comment-author')}]//*[{_cls('fn')}]",
        f".//*[{_cls('fn')}]",
        f".//*[{_cls('comment-author')}]//cite",
        ".//cite[not(ancestor::blockquote)]",
        f".//*[{_any_cls('comment-author-link', 'comment-author-name', 'comment_author')}]",
        f".//*[{_cls('author-name')}]",
        f".//a[{_cls('url')}]",  # get_comment_author_link() in a theme's own header
        f".//*[{_any_cls('name', 'author')}]",
        f".//*[{_cls('comment-author')}]",
    )
)
_WP_TIME = etree.XPath(".//time[@datetime]")
_HAS_DIGIT = "[translate(., '0123456789', '') != string(.)]"
_WP_DATE = tuple(
    etree.XPath(q)
    for q in (
        f".//*[{_any_cls('comment-metadata', 'commentmetadata')}]//a",
        f".//*[{_cls('comment-meta')}]//a[not(ancestor::*[{_cls('comment-author')}])]",
        f".//*[{_any_cls('comment-date', 'comment-time', 'date', 'comment_date')}]",
        f".//*[contains(@class, 'date')]{_HAS_DIGIT}",  # comment-date-time, comment-datetime
        # the permalink get_comment_link() prints around the date in most themes
        f".//a[{_any_cls('comment-permalink', 'comment_permalink')}]{_HAS_DIGIT}",
        f".//a[contains(@href, '#comment-')]{_HAS_DIGIT}",
    )
)
_WP_TEXT = tuple(
    etree.XPath(f".//*[{_cls(name)}]")
    for name in ("comment-content", "comment-text", "comment-entry", "comment_text", "commenttext")
)
_WP_PARAS = etree.XPath(".//*[self::p or self::blockquote or self::pre]")
_WP_RESPOND = etree.XPath("//*[@id='respond']")
_HEADINGS = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    f" or @id='comments-title' or {_cls('comments-title')}]"
)

# --- section roots ----------------------------------------------------------------------
_SECTION_WRAPPER = etree.XPath(
    "ancestor::*[@id='comments' or @id='comments-area'"
    f" or {_any_cls('comments-area', 'comments', 'post-comments', 'comment-section')}][1]"
)
_ARTICLE_MARKERS = etree.XPath(
    ".//h1 | .//*[@itemprop='articleBody'] | "
    f".//*[{_any_cls('entry-content', 'post-content', 'article-body', 'article-content')}]"
)


# --- text -------------------------------------------------------------------------------
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BLOCK_TAGS = _words(
    "p div blockquote ul ol li dl dt dd h1 h2 h3 h4 h5 h6 pre table tr section article"
    " header footer figure figcaption hr address aside form"
)
_SKIP_TAGS = _words("script style noscript template button select option textarea input svg iframe")
_UI_CLASSES = _words(
    "comment-author vcard comment-meta commentmetadata comment-metadata reply comment-reply-link"
    " comment-reply says avatar edit-link comment-edit-link comment-awaiting-moderation"
    " screen-reader-text children wpd-comment-header wpd-comment-footer wpd-reply-to"
    " wpd-user-nicename wpd-inline-feedback-wrapper wpdiscuz-readmore wpd-comment-last-edited"
)
_LINK_UI = _words(
    "reply comment-reply-link comment-reply says avatar edit-link comment-edit-link"
    " comment-awaiting-moderation screen-reader-text children"
)
_AUTHOR_UI = _words("says avatar children screen-reader-text wpd-user-nicename wpd-comment-label")
_SMILEY_CLASSES = _words("wp-smiley emoji")
_PARA = "\x00"
_LINE = "\x01"
_SPACE_RE = re.compile(r"\s+")
_UI_LINE_RE = re.compile(
    r"""^[\[(]?\s*(?:
        reply | reply\s*[↓→»] | log\s*in\s+to\s+reply | login\s+to\s+reply | edit
        | report(?:\s+comment)? | quote | flag | permalink | read\s+more\s*[\u00bb\u203a]?
        | says: | said:
    )\s*[\])]?$""",
    re.IGNORECASE | re.VERBOSE,
)
_AUTHOR_TAIL_RE = re.compile(r"\s*(?:says|said|wrote)\s*:?\s*$", re.IGNORECASE)
_DATE_TRIM = " \t\n/|\u00b7\u2022\u2013\u2014-,"

# --- counts -----------------------------------------------------------------------------
_COUNT_WORDS = (
    r"comments?|responses?|repl(?:y|ies)|thoughts?|reactions?|kommentare?|commentaires?"
    r"|comentarios?|commenti|reacties"
)
_COUNT_RES = (
    re.compile(rf"(\d[\d,.\u00a0 ]*)\s*(?:{_COUNT_WORDS})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_COUNT_WORDS})\s*[(:]\s*(\d[\d,.]*)", re.IGNORECASE),
)
_ONE_NO_RE = re.compile(rf"^\s*(one|no)\s+(?:{_COUNT_WORDS})\b", re.IGNORECASE)
_HEADING_TAG = re.compile(r"h[1-6]")
_VOTES_RE = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*([kKmM]?)$")


def find_comment_thread(tree: lxml.html.HtmlElement) -> CommentThread | None:
    """The reader-comment thread of a page, or None if the page has no comment section we know.

    wpDiscuz is tried first (its ``#wpdcom`` is unambiguous), then WordPress core lists. A
    wpDiscuz section with no comments in the static HTML (loaded by AJAX, or none yet) still
    yields a thread, with ``comments == ()``, so its widgets can be dropped; a WordPress page
    needs at least one comment, and an empty ``div#disqus_thread`` or a bare reply form is None.
    """
    wpdiscuz = _find_wpdiscuz(tree)
    if wpdiscuz is not None and wpdiscuz.comments:
        return wpdiscuz
    return _find_wordpress(tree) or wpdiscuz


# --- systems ----------------------------------------------------------------------------
def _find_wpdiscuz(tree: lxml.html.HtmlElement) -> CommentThread | None:
    roots = _outermost(_WPD_ROOTS(tree))
    if not roots:
        return None
    elements = _unique([c for root in roots for c in _WPD_COMMENTS(root)])
    comments = _build(elements, _wpd_fields)
    counts = (_to_int(str(value)) for root in roots for value in _WPD_COUNT(root))
    stated = next((n for n in counts if n is not None), None)
    sections = [_widen(root) for root in roots] + list(_WPD_WIDGETS(tree))
    return CommentThread("wpdiscuz", comments, stated, _document_order(tree, sections))


def _find_wordpress(tree: lxml.html.HtmlElement) -> CommentThread | None:
    lists = _outermost(_WP_LISTS(tree))
    elements: list[lxml.html.HtmlElement] = []
    for lst in lists:
        found = _WP_LI(lst)
        elements.extend(found if found else _WP_DIV(lst))
    if not elements:
        return None
    comments = _build(_unique(elements), _wp_fields)
    used = [lst for lst in lists if any(_is_ancestor(lst, e) for e in elements)]
    sections = [_widen(lst) for lst in used]
    before = list(_preceding(used[0]))
    if sections[0] is used[0]:  # a bare list: its heading ("16 Responses") is a sibling
        sections.extend(e for e in before if _HEADING_TAG.fullmatch(e.tag))
    sections.extend(_WP_RESPOND(tree))
    candidates = [h for s in sections for h in _HEADINGS(s)] + before
    stated = next((n for n in map(_count_in, candidates) if n is not None), None)
    return CommentThread("wordpress", comments, stated, _document_order(tree, sections))


Fields = tuple[str | None, str | None, str | None, str, int | None]


def _build(
    elements: list[lxml.html.HtmlElement],
    fields: Callable[[lxml.html.HtmlElement, frozenset[lxml.html.HtmlElement]], Fields],
) -> tuple[RawComment, ...]:
    """Comments in document order, each linked to its nearest enclosing comment."""
    members = frozenset(elements)
    index: dict[lxml.html.HtmlElement, int] = {}
    out: list[RawComment] = []
    for el in elements:
        parent = _owner(el.getparent(), members)
        parent_index = index.get(parent) if parent is not None else None
        depth = out[parent_index].depth + 1 if parent_index is not None else 0
        author, date_raw, date_attr, text, votes = fields(el, members)
        index[el] = len(out)
        out.append(RawComment(author, text, depth, parent_index, date_raw, date_attr, votes))
    return tuple(out)


def _wpd_fields(el: lxml.html.HtmlElement, members: frozenset[lxml.html.HtmlElement]) -> Fields:
    skip = _skipper(el, members)
    author = _first_text(
        (_WPD_AUTHOR,), el, members, _skipper(el, members, _AUTHOR_UI), _clean_author
    )
    date_el = _first_own(_WPD_DATE(el), el, members)
    date_raw = date_attr = None
    if date_el is not None:
        date_raw = _clean_date(_text(date_el, skip))
        stamp = date_el.xpath(".//time/@datetime") or [date_el.get("title")]
        date_attr = _clean_date(str(stamp[0] or ""))
    text = _first_text((_WPD_TEXT,), el, members, skip, _nonempty) or ""
    vote_el = _first_own(_WPD_VOTES(el), el, members)
    votes = None
    if vote_el is not None:
        votes = _to_int(str(vote_el.get("title") or ""))
        votes = _to_int(vote_el.text_content()) if votes is None else votes
    return author, date_raw, date_attr, text, votes


def _wp_fields(el: lxml.html.HtmlElement, members: frozenset[lxml.html.HtmlElement]) -> Fields:
    skip = _skipper(el, members)
    author = _first_text(_WP_AUTHOR, el, members, _skipper(el, members, _AUTHOR_UI), _clean_author)
    date_raw = date_attr = None
    time_el = _first_own(_WP_TIME(el), el, members)
    if time_el is not None:
        date_attr = _clean_date(str(time_el.get("datetime")))
        date_raw = _clean_date(_text(time_el, skip))
    date_raw = date_raw or _first_text(_WP_DATE, el, members, _tags_only, _clean_date)
    text = (
        _first_text(_WP_TEXT, el, members, skip, _nonempty)
        # the old format: bare <p>s in .comment-body, next to author and meta
        or _paragraphs(el, members, skip)
        # themes that wrap the text in their .comment-meta: only UI links are left out
        or _paragraphs(el, members, _skipper(el, members, _LINK_UI))
    )
    return author, date_raw, date_attr, text, None


def _paragraphs(
    el: lxml.html.HtmlElement,
    members: frozenset[lxml.html.HtmlElement],
    skip: Callable[[lxml.html.HtmlElement], bool],
) -> str:
    """The comment's own outermost ``<p>``/``<blockquote>``/``<pre>`` outside skipped parts."""
    blocks = [p for p in _own(_WP_PARAS(el), el, members) if not _inside(p, el, skip)]
    outer = [p for p in blocks if not any(_is_ancestor(q, p) for q in blocks if q is not p)]
    return "\n\n".join(t for t in (_text(p, skip) for p in outer) if t)


def _first_text(
    queries: Iterable[Callable[[lxml.html.HtmlElement], list[lxml.html.HtmlElement]]],
    comment: lxml.html.HtmlElement,
    members: frozenset[lxml.html.HtmlElement],
    skip: Callable[[lxml.html.HtmlElement], bool],
    clean: Callable[[str], str | None],
) -> str | None:
    """The first non-empty cleaned text of the comment's own nodes, query by query."""
    for query in queries:
        for node in _own(query(comment), comment, members):
            if not _inside(node, comment, skip) and (value := clean(_text(node, skip))):
                return value
    return None


# --- tree helpers -----------------------------------------------------------------------
def _owner(
    node: lxml.html.HtmlElement | None, members: frozenset[lxml.html.HtmlElement]
) -> lxml.html.HtmlElement | None:
    """The nearest comment element at or above ``node``."""
    while node is not None and node not in members:
        node = node.getparent()
    return node


def _own(
    nodes: Iterable[lxml.html.HtmlElement],
    comment: lxml.html.HtmlElement,
    members: frozenset[lxml.html.HtmlElement],
) -> Iterator[lxml.html.HtmlElement]:
    """The nodes that belong to ``comment`` itself, not to a reply nested in it."""
    return (n for n in nodes if _owner(n, members) is comment)


def _first_own(
    nodes: Iterable[lxml.html.HtmlElement],
    comment: lxml.html.HtmlElement,
    members: frozenset[lxml.html.HtmlElement],
) -> lxml.html.HtmlElement | None:
    return next(_own(nodes, comment, members), None)


def _is_ancestor(anc: lxml.html.HtmlElement, node: lxml.html.HtmlElement) -> bool:
    while node is not None:
        if node is anc:
            return True
        node = node.getparent()
    return False


def _outermost(nodes: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    return [n for n in nodes if not any(m is not n and _is_ancestor(m, n) for m in nodes)]


def _unique(nodes: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """``nodes`` without repeats, by identity or by ``id`` (tabs that list a thread twice)."""
    seen: set[lxml.html.HtmlElement] = set()
    seen_ids: set[str] = set()
    out = []
    for node in nodes:
        node_id = str(node.get("id") or "")
        if node in seen or (node_id and node_id in seen_ids):
            continue
        seen.add(node)
        seen_ids.add(node_id)
        out.append(node)
    return out


def _widen(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The theme's comments wrapper (``#comments``, ``.comments-area``) if it holds no article."""
    wrappers = _SECTION_WRAPPER(root)
    if wrappers and not _ARTICLE_MARKERS(wrappers[0]):
        return wrappers[0]
    return root


def _preceding(lst: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """Up to three elements before a list, where themes print "16 Responses to ..."."""
    sib = lst.getprevious()
    for _ in range(3):
        while sib is not None and not isinstance(sib.tag, str):
            sib = sib.getprevious()
        if sib is None:
            return
        yield sib
        sib = sib.getprevious()


def _document_order(
    tree: lxml.html.HtmlElement, elements: list[lxml.html.HtmlElement]
) -> tuple[lxml.html.HtmlElement, ...]:
    outer = _outermost(_unique(elements))
    wanted = set(outer)
    root = tree.getroottree().getroot()
    return tuple(e for e in root.iter() if e in wanted)


# --- text helpers -----------------------------------------------------------------------
def _skipper(
    comment: lxml.html.HtmlElement,
    members: frozenset[lxml.html.HtmlElement],
    ui: frozenset[str] = _UI_CLASSES,
) -> Callable[[lxml.html.HtmlElement], bool]:
    """Predicate for elements whose text is not the comment's: replies, UI, scripts."""

    def skip(e: lxml.html.HtmlElement) -> bool:
        if e.tag in _SKIP_TAGS or (e is not comment and e in members):
            return True
        return not ui.isdisjoint(str(e.get("class") or "").split())

    return skip


def _inside(
    node: lxml.html.HtmlElement,
    stop: lxml.html.HtmlElement,
    skip: Callable[[lxml.html.HtmlElement], bool],
) -> bool:
    while node is not None and node is not stop:
        if skip(node):
            return True
        node = node.getparent()
    return False


def _text(root: lxml.html.HtmlElement, skip: Callable[[lxml.html.HtmlElement], bool]) -> str:
    """Visible text of ``root``: paragraphs split on block tags, ``<br>`` kept as a newline."""
    parts: list[str] = []
    _collect(root, skip, parts, top=True)
    paragraphs = []
    for chunk in "".join(parts).split(_PARA):
        lines = [_SPACE_RE.sub(" ", line).strip() for line in chunk.split(_LINE)]
        lines = [line for line in lines if line and not _UI_LINE_RE.match(line)]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _collect(
    el: lxml.html.HtmlElement,
    skip: Callable[[lxml.html.HtmlElement], bool],
    parts: list[str],
    *,
    top: bool = False,
) -> None:
    tag = el.tag
    if not isinstance(tag, str) or (not top and skip(el)):
        return
    block = tag in _BLOCK_TAGS
    if block:
        parts.append(_PARA)
    if tag == "br":
        parts.append(_LINE)
    elif tag == "img" and set(str(el.get("class") or "").split()) & _SMILEY_CLASSES:
        parts.append(str(el.get("alt") or ""))
    if el.text:
        parts.append(el.text)
    for child in el:
        _collect(child, skip, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append(_PARA)


def _tags_only(e: lxml.html.HtmlElement) -> bool:
    return e.tag in _SKIP_TAGS


def _nonempty(text: str) -> str | None:
    return text or None


def _clean_author(text: str) -> str | None:
    text = _AUTHOR_TAIL_RE.sub("", " ".join(text.split())).strip(" :,")
    return text or None


def _clean_date(text: str) -> str | None:
    text = " ".join(text.split()).strip(_DATE_TRIM)
    return text or None


def _to_int(value: str) -> int | None:
    """A vote or count as wpDiscuz prints it: "12", "-3", "1.2K" (its title holds the exact)."""
    match = _VOTES_RE.match(value.strip().replace("\u2212", "-"))
    if not match:
        return None
    number, suffix = match.group(1), match.group(2).lower()
    if not suffix:
        return int(re.sub(r"[.,]", "", number))
    return round(float(number.replace(",", ".")) * (1_000 if suffix == "k" else 1_000_000))


def _count_in(heading: lxml.html.HtmlElement) -> int | None:
    text = " ".join(heading.text_content().split())[:120]  # a broken </h2> may swallow the list
    if match := _ONE_NO_RE.match(text):
        return 1 if match.group(1).lower() == "one" else 0
    for pattern in _COUNT_RES:
        if match := pattern.search(text):
            digits = re.sub(r"[^\d]", "", match.group(1))
            return int(digits) if digits else None
    return None
