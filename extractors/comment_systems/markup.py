"""Shared reading of comment markup: XPath helpers, visible text, and tree helpers.

Everything here only reads the tree. Text is collected the way a reader sees it: block tags
split paragraphs, ``<br>`` splits lines, scripts, forms and buttons are skipped, and lines
that are only a widget's button ("Reply", "Report", "Like", "Quote") are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from lxml import etree
from lxml.html import HtmlElement

Skip = Callable[[HtmlElement], bool]


def cls(name: str) -> str:
    """XPath test: the element's class attribute holds the token ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def any_cls(*names: str) -> str:
    return "(" + " or ".join(cls(n) for n in names) + ")"


def xpaths(*queries: str) -> tuple[etree.XPath, ...]:
    return tuple(etree.XPath(q) for q in queries)


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def classes(el: HtmlElement) -> list[str]:
    return str(el.get("class") or "").split()


# --- text -------------------------------------------------------------------------------
BLOCK_TAGS = words(
    "p div blockquote ul ol li dl dt dd h1 h2 h3 h4 h5 h6 pre table tr section article"
    " header footer figure figcaption hr address aside form"
)
SKIP_TAGS = words(
    "script style noscript template button select option textarea input svg iframe form label"
)
# Chrome that comment systems print inside a comment: never part of its text.
UI_CLASSES = words(
    "comment-author vcard comment-meta commentmetadata comment-metadata reply comment-reply-link"
    " comment-reply says avatar edit-link comment-edit-link comment-awaiting-moderation"
    " screen-reader-text children wpd-comment-header wpd-comment-footer wpd-reply-to"
    " wpd-user-nicename wpd-inline-feedback-wrapper wpdiscuz-readmore wpd-comment-last-edited"
    " comment-reply-title comment-respond item-control blog-admin comment-actions comment-tools"
    " comment-footer comment-header comment-links links share-links comment-share report-abuse"
    " vote votes voting comment-vote comments-vote rating comment-rating like-button uid"
    " reply_link reply-link comment-reply-button"
)
LINK_UI = words(
    "reply comment-reply-link comment-reply says avatar edit-link comment-edit-link"
    " comment-awaiting-moderation screen-reader-text children item-control uid"
)
AUTHOR_UI = words(
    "says avatar children screen-reader-text wpd-user-nicename wpd-comment-label uid byby"
    " comment-time comment_time comment-date"
)
_SMILEY_CLASSES = words("wp-smiley emoji")
_PARA = "\x00"
_LINE = "\x01"
_SPACE_RE = re.compile(r"\s+")
_UI_LINE_RE = re.compile(
    r"""^[\[(]?\s*(?:
        reply | reply\s*[↓→»] | reply\s+to\s+this(?:\s+comment)? | log\s*in\s+to\s+reply
        | login\s+to\s+reply | sign\s+in\s+to\s+reply | edit | delete | share | link
        | report(?:\s+(?:comment|abuse|this(?:\s+comment)?))? | flag(?:\s+as\s+inappropriate)?
        | quote | permalink | like | unlike | recommend | read\s+more\s*[\u00bb\u203a]?
        | says: | said: | said\.\.\. | (?:load|show|view)\s+more(?:\s+comments)?
        | (?:hide|show)\s+replies | \d+\s+repl(?:y|ies)
    )\s*[\])]?$
    | ^[-–—|•·*/\\]+$""",
    re.IGNORECASE | re.VERBOSE,
)


def make_skip(
    comment: HtmlElement | Iterable[HtmlElement],
    others: Callable[[HtmlElement], bool],
    ui: frozenset[str] = UI_CLASSES,
) -> Skip:
    """Predicate for elements whose text is not the comment's: other comments, UI, scripts.

    ``others(e)`` says whether ``e`` is (a part of) another comment.
    """
    own = {comment} if isinstance(comment, HtmlElement) else set(comment)

    def skip(e: HtmlElement) -> bool:
        if e.tag in SKIP_TAGS or (e not in own and others(e)):
            return True
        return not ui.isdisjoint(classes(e))

    return skip


def skip_tags(e: HtmlElement) -> bool:
    return e.tag in SKIP_TAGS


def inside(node: HtmlElement | None, stop: HtmlElement, skip: Skip) -> bool:
    """Whether ``node`` or one of its ancestors below ``stop`` is skipped."""
    while node is not None and node is not stop:
        if skip(node):
            return True
        node = node.getparent()
    return False


def text_of(root: HtmlElement, skip: Skip) -> str:
    """Visible text of ``root``: paragraphs split on block tags and on ``<br><br>``, a single
    ``<br>`` kept as a newline."""
    parts: list[str] = []
    _collect(root, skip, parts, top=True)
    paragraphs = []
    for chunk in "".join(parts).split(_PARA):
        lines: list[str] = []
        for raw in chunk.split(_LINE):
            line = _SPACE_RE.sub(" ", raw).strip()
            if not line and lines:  # an empty line between two <br>s ends a paragraph
                paragraphs.append("\n".join(lines))
                lines = []
            elif line and not _UI_LINE_RE.match(line):
                lines.append(line)
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _collect(el: HtmlElement, skip: Skip, parts: list[str], *, top: bool = False) -> None:
    tag = el.tag
    if not isinstance(tag, str) or (not top and skip(el)):
        return
    block = tag in BLOCK_TAGS
    if block:
        parts.append(_PARA)
    if tag == "br":
        parts.append(_LINE)
    elif tag == "img" and set(classes(el)) & _SMILEY_CLASSES:
        parts.append(str(el.get("alt") or ""))
    if el.text:
        parts.append(el.text)
    for child in el:
        _collect(child, skip, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append(_PARA)


def flat_text(el: HtmlElement) -> str:
    """All text of ``el`` on one line (for short things: names, dates, counts)."""
    return " ".join(el.text_content().split())


# --- tree helpers -----------------------------------------------------------------------
def is_ancestor(anc: HtmlElement, node: HtmlElement | None) -> bool:
    while node is not None:
        if node is anc:
            return True
        node = node.getparent()
    return False


def outermost(nodes: Iterable[HtmlElement]) -> list[HtmlElement]:
    """``nodes`` without those inside another of them, in the given order."""
    nodes = list(nodes)
    chosen = set(nodes)
    out = []
    for node in nodes:
        parent = node.getparent()
        while parent is not None and parent not in chosen:
            parent = parent.getparent()
        if parent is None:
            out.append(node)
    return out


def unique(nodes: Iterable[HtmlElement]) -> list[HtmlElement]:
    """``nodes`` without repeats, by identity or by ``id`` (tabs that list a thread twice)."""
    seen: set[HtmlElement] = set()
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


def document_order(tree: HtmlElement, elements: Iterable[HtmlElement]) -> tuple[HtmlElement, ...]:
    wanted = set(outermost(unique(elements)))
    root = tree.getroottree().getroot()
    return tuple(e for e in root.iter() if e in wanted)


def siblings_before(el: HtmlElement, limit: int = 3) -> Iterator[HtmlElement]:
    """Up to ``limit`` elements before ``el``, nearest first (where "16 Responses" sits)."""
    sib = el.getprevious()
    for _ in range(limit):
        while sib is not None and not isinstance(sib.tag, str):
            sib = sib.getprevious()
        if sib is None:
            return
        yield sib
        sib = sib.getprevious()


# --- asides ----------------------------------------------------------------------------
_ASIDE_NAMES = re.compile(  # a token that names a sidebar, a widget, navigation, a footer
    r"(?:^|\s)(?:sidebar|widget|recent|popular|most[-_]|related|footer|site-footer|page-footer"
    r"|masthead|nav|navigation|menu|tweet)[\w-]*",
    re.IGNORECASE,
)
ASIDE_TAGS = words("aside nav footer header form")
_NEVER_TAGS = words("script noscript template head")


class Asides:
    """Which elements sit in a sidebar, a widget, navigation or a form, for one page.

    A layout wrapper named for its sidebar (``div.main.has-sidebar``) or an ASP.NET page's
    one ``<form>`` holds most of the page: only a block holding less than half the page's
    text counts as an aside.
    """

    def __init__(self, tree: HtmlElement) -> None:
        body = tree.find("body")
        self.page_chars = len((body if body is not None else tree).text_content())
        self.memo: dict[HtmlElement, bool] = {}

    def excluded(self, el: HtmlElement) -> bool:
        return any(self._aside(anc) for anc in el.iterancestors())

    def _aside(self, el: HtmlElement) -> bool:
        if el.tag in _NEVER_TAGS:
            return True
        if (found := self.memo.get(el)) is not None:
            return found
        names = f"{el.get('id') or ''} {el.get('class') or ''}"
        aside = (
            el.tag in ASIDE_TAGS or bool(names.strip() and _ASIDE_NAMES.search(names))
        ) and len(el.text_content()) * 2 < self.page_chars
        self.memo[el] = aside
        return aside


def describe(el: HtmlElement) -> str:
    """``li#comment-12.comment.even``: an element as a selector, for diagnostics."""
    out = str(el.tag)
    if el.get("id"):
        out += "#" + str(el.get("id"))[:40]
    return out + "".join("." + c for c in classes(el)[:3])


# plain strings: lxml's default "smart" results each build their parent's Python proxy
_NAMES = etree.XPath("//@id | //@class | //script/@src", smart_strings=False)


def page_names(tree: HtmlElement) -> str:
    """The page's id and class tokens and script sources, lowercased, each once, one per
    line: what the comment finders' and the embeds' markers are matched against, read once
    per page. A marker holds no white space, so it matches these lines wherever it matches
    the attributes; without repeats they are a third as long (a dozen searches a page).
    Markers are lowercase and matched case-sensitively: IGNORECASE makes a search several
    times slower."""
    values = " ".join(dict.fromkeys(_NAMES(tree))).lower()
    return "\n".join(dict.fromkeys(values.split()))
