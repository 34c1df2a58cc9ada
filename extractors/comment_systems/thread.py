"""From the comment elements a system's selectors found to ``RawComment`` records.

A comment is a *unit*: one element (``li#comment-12``), or a few siblings that a system
prints for one comment (a ``<dt>`` header and its ``<dd>`` text; a text ``<div>`` and the
``<p class="posted">`` byline after it). Each system describes where the author, date,
text and votes sit inside a unit as XPath cascades (``Fields``); ``read_units`` applies them.

Nesting is read from the tree: a unit's parent is the nearest unit around it, or, where a
system prints replies in a container after their parent (Drupal's ``div.indented``,
a ``ul.children`` next to the parent rather than inside it), the unit just before that
container.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from extractors.comment_systems import bylines, markup
from extractors.comment_systems.markup import Skip
from extractors.comments import RawComment

Unit = tuple[HtmlElement, ...]
XPaths = tuple[etree.XPath, ...]

# Containers a system prints replies in, after (not inside) the comment they answer.
_REPLY_BOXES = markup.words("indented children replies comment-replies sub-comments")
_TIME = etree.XPath(
    ".//time[@datetime] | .//abbr[@title][contains(@class, 'date')"
    " or contains(@class, 'time') or contains(@class, 'published')]"
)
_SHORT_BLOCKS = etree.XPath(
    ".//*[self::p or self::span or self::div or self::small or self::em or self::strong"
    " or self::a or self::li or self::dd or self::h3 or self::h4 or self::h5 or self::h6"
    " or self::time or self::abbr][string-length(normalize-space(.)) <= 80]"
)
_PARAS = etree.XPath(
    "descendant-or-self::*[self::p or self::blockquote or self::pre or self::ul or self::ol]"
)


@dataclass(frozen=True)
class CommentThread:
    """The comments of one page, in document order."""

    system: str
    """The comment system whose markup was read (``"wordpress"``, ``"disqus"``, ...)."""
    comments: tuple[RawComment, ...]
    """Empty only for a section whose comments are not in the static HTML."""
    stated_count: int | None
    """The count the page states ("10 Comments"), which may differ from ``len(comments)``."""
    section_elements: tuple[HtmlElement, ...]
    """Roots of the comment section(s), outermost and in document order, so a caller can drop
    them (on its own copy of the tree) before extracting the article body."""
    origins: tuple[str, ...] = ()
    """Why each comment was taken (its element and the rule), parallel to ``comments``."""


@dataclass(frozen=True)
class Fields:
    """Where a system prints a comment's parts, as XPath cascades relative to a unit's parts.

    The first cascade entry that yields a non-empty value wins. Without a text match, the
    comment's own paragraphs outside the author and date elements are its text.
    """

    author: XPaths
    date: XPaths
    text: XPaths
    votes: XPaths = ()
    byline: XPaths = ()
    """Elements printing "Posted by: Ann | May 5, 2012": read for what the others left out."""
    ui: frozenset[str] = markup.UI_CLASSES
    author_ui: frozenset[str] = markup.AUTHOR_UI
    date_attrs: tuple[str, ...] = ("datetime", "title")


@dataclass
class _Units:
    """The units of one thread and which unit each of their elements belongs to."""

    units: Sequence[Unit]
    member: dict[HtmlElement, int] = field(default_factory=dict)
    roots: list[HtmlElement] = field(default_factory=list)
    """The parts not inside another unit's part: a query run on them sees every unit once."""
    cache: dict[etree.XPath, dict[int, list[HtmlElement]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, unit in enumerate(self.units):
            for part in unit:
                self.member.setdefault(part, index)
        self.roots = [
            part for unit in self.units for part in unit if self.owner(part.getparent()) is None
        ]

    def found(self, query: etree.XPath, index: int) -> list[HtmlElement]:
        """The nodes ``query`` (relative to a part) finds that belong to unit ``index`` itself,
        not to a reply nested in it; each query runs once per thread, not once per unit."""
        buckets = self.cache.get(query)
        if buckets is None:
            buckets = {}
            every = str(query.path).startswith("self::")
            for root in (p for unit in self.units for p in unit) if every else self.roots:
                for node in query(root):
                    owner = self.owner(node)
                    if owner is not None:
                        buckets.setdefault(owner, []).append(node)
            self.cache[query] = buckets
        return buckets.get(index, [])

    def owner(self, node: HtmlElement | None) -> int | None:
        while node is not None:
            if (index := self.member.get(node)) is not None:
                return index
            node = node.getparent()
        return None

    def parent(self, index: int) -> int | None:
        first = self.units[index][0]
        node = first.getparent()
        while node is not None:
            if (owner := self.member.get(node)) is not None:
                return owner
            if not _REPLY_BOXES.isdisjoint(markup.classes(node)):
                before = self._unit_before(node)
                if before is not None:
                    return before
            node = node.getparent()
        return None

    def _unit_before(self, box: HtmlElement) -> int | None:
        """The unit printed just before a reply box (the box's previous element, or its last
        unit)."""
        sib = box.getprevious()
        while sib is not None and not isinstance(sib.tag, str):
            sib = sib.getprevious()
        if sib is None:
            return None
        found = self.member.get(sib)
        if found is not None:
            return found
        inner = [self.member[e] for e in sib.iter() if e in self.member]
        return max(inner) if inner else None


def read_units(
    units: Sequence[Unit], fields: Fields, *, why: str
) -> tuple[tuple[RawComment, ...], tuple[str, ...]]:
    """The comments of ``units`` (in document order) and why each was taken."""
    table = _Units(units)
    comments: list[RawComment] = []
    origins: list[str] = []
    for index, unit in enumerate(units):
        parent = table.parent(index)
        if parent is not None and parent >= index:
            parent = None
        depth = comments[parent].depth + 1 if parent is not None else 0
        author, date_raw, date_attr, text, votes = _fields(table, index, fields)
        comments.append(RawComment(author, text, depth, parent, date_raw, date_attr, votes))
        origins.append(f"{why}: {' + '.join(markup.describe(p) for p in unit)}")
    return tuple(comments), tuple(origins)


def _fields(
    table: _Units, index: int, fields: Fields
) -> tuple[str | None, str | None, str | None, str, int | None]:
    unit = table.units[index]

    def others(e: HtmlElement) -> bool:
        return table.member.get(e, index) != index

    skip = markup.make_skip(unit, others, fields.ui)
    author_skip = markup.make_skip(unit, others, fields.author_ui)
    author_node, author = _first(
        table, index, fields.author, author_skip, clean=bylines.clean_author
    )
    date_node, date_raw, date_attr = _date(table, index, fields, skip)
    if author is None and date_node is not None:
        # "Ann — <a>May 5, 2012</a>", "1. Ann - <a>May 5, 2012</a>": the name is the rest
        header = unit[0] if len(unit) > 1 else _block_around(date_node, unit[0])
        author = bylines.name_beside(_without(header, [date_node], author_skip))
        author_node = header if author else None
    elif author is None and len(unit) > 1:  # a header part "1. Ann - May 5, 2012"
        head = markup.text_of(unit[0], author_skip)
        if len(head) <= bylines.MAX_DATE_CHARS * 2:
            author, date_raw = bylines.split_byline(head)
            author_node = date_node = unit[0] if author or date_raw else None
    if (author is None or (date_raw is None and date_attr is None)) and fields.byline:
        byline_node, line = _first(
            table, index, fields.byline, markup.skip_tags, clean=bylines.nonempty
        )
        if byline_node is not None and line is not None:
            named, dated = bylines.split_byline(line)
            author = author or named
            date_raw = date_raw or dated
            author_node = byline_node if author_node is None else author_node
    author, date_raw = bylines.untangle(author, date_raw)
    used = [n for n in (author_node, date_node) if n is not None]
    # a text element the system names is taken even inside its header or meta block
    bare = markup.make_skip(unit, others, frozenset())
    gone = set(used)

    def text_skip(e: HtmlElement) -> bool:
        return e in gone or skip(e)

    text = _first(table, index, fields.text, text_skip, clean=bylines.nonempty, hide=bare)[1]
    if text is None:
        # themes that wrap the text in their .comment-meta: then only UI links are left out
        loose = markup.make_skip(unit, others, markup.LINK_UI)
        text = (
            _paragraphs(table, index, skip, used)
            or _paragraphs(table, index, loose, used)
            or _rest(unit, skip, used)
        )
    return author, date_raw, date_attr, text or "", _votes(table, index, fields)


_MAX_BESIDE = 60
_PARAGRAPH = etree.XPath(".//*[self::p or self::blockquote or self::ul or self::ol or self::pre]")
_HEADER_BLOCKS = markup.words("p div span h2 h3 h4 h5 h6 li dt header footer cite small strong")


def _block_around(node: HtmlElement, stop: HtmlElement) -> HtmlElement:
    """The header line that holds ``node`` (a date) and, beside it, the name: the nearest
    block around it that adds a few words and no paragraph."""
    date_chars = len(markup.flat_text(node))
    block = node
    while block is not stop and block.getparent() is not None:
        block = block.getparent()
        chars = len(markup.flat_text(block))
        if chars > date_chars + _MAX_BESIDE or (block.tag != "p" and _PARAGRAPH(block)):
            return node
        if block.tag in _HEADER_BLOCKS and chars > date_chars:
            return block
    return node


def _votes(table: _Units, index: int, fields: Fields) -> int | None:
    for query in fields.votes:
        for node in table.found(query, index):
            value = bylines.to_int(str(node.get("title") or ""))
            if value is None:
                value = bylines.to_int(markup.flat_text(node))
            if value is not None:
                return value
    return None


def _without(root: HtmlElement, hidden: list[HtmlElement], skip: Skip) -> str:
    gone = set(hidden)
    return markup.text_of(root, lambda e: e in gone or skip(e))


def _hidden(node: HtmlElement, unit: Unit, skip: Skip) -> bool:
    """Whether ``node`` sits in a skipped element (UI, another comment) of its unit."""
    return any(markup.inside(node, part, skip) for part in unit if markup.is_ancestor(part, node))


def _first(
    table: _Units,
    index: int,
    queries: XPaths,
    skip: Skip,
    *,
    clean: Callable[[str], str | None],
    hide: Skip | None = None,
) -> tuple[HtmlElement | None, str | None]:
    """The first node (and its cleaned text) of the unit's own nodes, query by query, that
    is not inside an element ``hide`` (by default ``skip``) rejects."""
    unit = table.units[index]
    for query in queries:
        for node in table.found(query, index):
            if _hidden(node, unit, hide or skip):
                continue
            if value := clean(markup.text_of(node, skip)):
                return node, value
    return None, None


def _date(
    table: _Units, index: int, fields: Fields, skip: Skip
) -> tuple[HtmlElement | None, str | None, str | None]:
    unit = table.units[index]
    for node in table.found(_TIME, index):
        stamp = node.get("datetime") or node.get("title")
        return node, bylines.clean_date(markup.flat_text(node)), bylines.clean_date(str(stamp))
    node, raw = _first(
        table, index, fields.date, skip, clean=bylines.clean_date, hide=markup.skip_tags
    )
    if node is None:  # a theme's bare "<p>August 9th, 2012 at 8:38 am</p>"
        found = [
            e
            for e in table.found(_SHORT_BLOCKS, index)
            if bylines.mostly_date(markup.flat_text(e)) and not _hidden(e, unit, skip)
        ]
        innermost = [
            e for e in found if not any(f is not e and e in f.iterancestors() for f in found)
        ]
        node = innermost[0] if innermost else None
        raw = bylines.clean_date(markup.flat_text(node)) if node is not None else None
    attr = None
    if node is not None:
        attr = next((str(node.get(a)) for a in fields.date_attrs if node.get(a)), None)
    return node, raw, bylines.clean_date(attr) if attr else None


def _paragraphs(table: _Units, index: int, skip: Skip, used: list[HtmlElement]) -> str:
    """The unit's own outermost paragraphs that hold neither the author nor the date."""
    unit = table.units[index]
    blocks = [
        p
        for p in table.found(_PARAS, index)
        if not _hidden(p, unit, skip) and not any(markup.is_ancestor(p, u) for u in used)
    ]
    outer = markup.outermost(blocks)
    return "\n\n".join(t for t in (markup.text_of(p, skip) for p in outer) if t)


def _rest(unit: Unit, skip: Skip, used: list[HtmlElement]) -> str:
    """The unit's text without the author and date elements (comments written without any
    paragraph markup)."""
    texts = [_without(part, used, skip) for part in unit if part not in used and not skip(part)]
    return "\n\n".join(t for t in texts if t)


def with_followers(
    heads: Iterable[HtmlElement], follows: Callable[[HtmlElement], bool]
) -> list[Unit]:
    """Each head with the siblings after it that ``follows`` accepts, up to the next head:
    a ``<dt>`` and its ``<dd>``s, a comment ``<div>`` and the byline printed after it."""
    heads = list(heads)
    head_set = set(heads)
    units = []
    for head in heads:
        parts = [head]
        sib = head.getnext()
        while sib is not None and sib not in head_set:
            if isinstance(sib.tag, str):
                if not follows(sib):
                    break
                parts.append(sib)
            sib = sib.getnext()
        units.append(tuple(parts))
    return units


def containers_of(units: Sequence[Unit]) -> list[HtmlElement]:
    """The elements that hold the units: each top-level unit's parent."""
    table = _Units(units)
    out: list[HtmlElement] = []
    for unit in units:
        parent = unit[0].getparent()
        if table.owner(parent) is None and parent is not None and parent not in out:
            out.append(parent)
    return out
