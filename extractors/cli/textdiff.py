"""Word differences between a gold text and an extracted text, as HTML for the eval report.

Words are compared, whitespace is not: a paragraph break where the gold has a space is no
difference. Words only in the gold are marked ``missing``, words only in the extraction
``extra``. ``diff_texts`` gives both texts in full, and the differences alone with a few
words of context around each (the part of a long page a rule author reads first).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

__all__ = ["TextDiff", "diff_texts", "highlight_differences"]

_SPACE = re.compile(r"(\s+)")
CONTEXT_WORDS = 8  # words of context shown either side of a difference
LONGEST_SHOWN = 80  # words of one missing or extra run shown in the differences view


@dataclass(frozen=True)
class TextDiff:
    """gold_html, extracted_html: the whole texts, marked; hunks_html: differences only."""

    gold_html: str
    extracted_html: str
    hunks_html: list[str]
    missing_words: int
    extra_words: int


class _Words:
    """A text's words and the whitespace before each, so marked text keeps its line breaks."""

    def __init__(self, text: str) -> None:
        parts = _SPACE.split(text.strip()) if text.strip() else []
        self.words = parts[0::2]
        self.spaces = [*parts[1::2], ""]  # the whitespace after each word

    def render(self, start: int, end: int, css_class: str | None) -> str:
        """Words ``start:end`` with the whitespace between them, marked with ``css_class``."""
        if start >= end:
            return ""
        inner = "".join(
            self.words[i] + (self.spaces[i] if i < end - 1 else "") for i in range(start, end)
        )
        text = html.escape(inner)
        return f'<span class="{css_class}">{text}</span>' if css_class else text

    def after(self, index: int) -> str:
        return html.escape(self.spaces[index]) if index >= 0 else ""

    def plain(self, start: int, end: int) -> str:
        return html.escape(" ".join(self.words[max(start, 0) : end]))


def diff_texts(gold: str, extracted: str) -> TextDiff:
    """Mark the differences of ``gold`` and ``extracted`` word by word."""
    g, e = _Words(gold), _Words(extracted)
    matcher = difflib.SequenceMatcher(None, g.words, e.words, autojunk=False)
    opcodes = matcher.get_opcodes()
    gold_out: list[str] = []
    extracted_out: list[str] = []
    for tag, g1, g2, e1, e2 in opcodes:
        css_gold, css_extracted = (None, None) if tag == "equal" else ("missing", "extra")
        if g2 > g1:
            gold_out.append(g.render(g1, g2, css_gold) + g.after(g2 - 1))
        if e2 > e1:
            extracted_out.append(e.render(e1, e2, css_extracted) + e.after(e2 - 1))
    changes = [op for op in opcodes if op[0] != "equal"]
    return TextDiff(
        gold_html="".join(gold_out),
        extracted_html="".join(extracted_out),
        hunks_html=[_hunk(g, e, op) for op in changes],
        missing_words=sum(g2 - g1 for _, g1, g2, _, _ in changes),
        extra_words=sum(e2 - e1 for _, _, _, e1, e2 in changes),
    )


def _hunk(g: _Words, e: _Words, opcode: tuple[str, int, int, int, int]) -> str:
    """One difference: gold context before, missing then extra words, gold context after."""
    _, g1, g2, e1, e2 = opcode
    before = ("… " if g1 > CONTEXT_WORDS else "") + g.plain(g1 - CONTEXT_WORDS, g1)
    after = g.plain(g2, g2 + CONTEXT_WORDS) + (" …" if g2 + CONTEXT_WORDS < len(g.words) else "")
    parts = [
        f'<span class="context">{before}</span>' if before else "",
        _run(g, g1, g2, "missing"),
        _run(e, e1, e2, "extra"),
        f'<span class="context">{after}</span>' if after else "",
    ]
    return " ".join(part for part in parts if part)


def _run(words: _Words, start: int, end: int, css_class: str) -> str:
    if start >= end:
        return ""
    shown = min(end, start + LONGEST_SHOWN)
    cut = f" <i>(+{end - shown} more words)</i>" if end > shown else ""
    return f'<span class="{css_class}">{words.plain(start, shown)}{cut}</span>'


def highlight_differences(gold: str, extracted: str) -> tuple[str, str]:
    """Both texts as HTML, words only in gold marked missing, words only extracted marked extra.

    >>> highlight_differences("a b c", "a c d")
    ('a <span class="missing">b</span> c', 'a c <span class="extra">d</span>')
    >>> highlight_differences("one\\n\\ntwo", "one two")
    ('one\\n\\ntwo', 'one two')
    """
    diff = diff_texts(gold, extracted)
    return diff.gold_html, diff.extracted_html
