"""Word differences between a gold text and an extracted text, as HTML for the eval report.

The words compared are the metric's tokens (the ``\\w+`` runs, as in ``scoring``): what
lies between them (spaces, line breaks, punctuation) is shown but never a difference, so a
paragraph break where the gold has a space, or a different dash, is not marked. Words only
in the gold are marked ``missing``, words only in the extraction ``extra``. ``diff_texts``
gives both texts in full, and the differences alone with a few words of context around
each, differences closer than twice that merged into one hunk (the part of a long page a
rule author reads first).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

__all__ = ["TextDiff", "diff_texts", "highlight_differences"]

_TOKEN = re.compile(r"\w+")  # the tokens of ``scoring.tokenize``
_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"(\s*\n\s*)")
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
    """A text's tokens, what precedes the first and what follows each (kept for display)."""

    def __init__(self, text: str) -> None:
        matches = list(_TOKEN.finditer(text))
        self.words = [m.group() for m in matches]
        self.lead = text[: matches[0].start()] if matches else text
        ends = [m.start() for m in matches[1:]] + [len(text)] if matches else []
        self.spaces = [text[m.end() : end] for m, end in zip(matches, ends, strict=True)]

    def render(self, start: int, end: int, css_class: str | None) -> str:
        """Words ``start:end`` with the whitespace between them, marked with ``css_class``."""
        if start >= end:
            return ""
        inner = "".join(
            self.words[i] + (self.spaces[i] if i < end - 1 else "") for i in range(start, end)
        )
        if not css_class:
            return html.escape(inner)
        # one mark a line: line breaks and indents stay unmarked
        pieces = _LINE_BREAK.split(inner)
        return "".join(
            html.escape(piece)
            if n % 2
            else f'<span class="{css_class}">{html.escape(piece)}</span>'
            for n, piece in enumerate(pieces)
            if piece
        )

    def after(self, index: int) -> str:
        return html.escape(self.spaces[index]) if index >= 0 else ""

    def plain(self, start: int, end: int) -> str:
        """Words ``start:end`` and what lies between them, on one line."""
        start = max(start, 0)
        if start >= end:
            return ""
        inner = "".join(self.words[i] + self.spaces[i] for i in range(start, end - 1))
        return html.escape(_SPACES.sub(" ", inner + self.words[end - 1]))


def diff_texts(gold: str, extracted: str) -> TextDiff:
    """Mark the differences of ``gold`` and ``extracted`` word by word."""
    g, e = _Words(gold), _Words(extracted)
    matcher = difflib.SequenceMatcher(None, g.words, e.words, autojunk=False)
    opcodes = matcher.get_opcodes()
    gold_out, extracted_out = [html.escape(g.lead)], [html.escape(e.lead)]
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
        hunks_html=[_hunk(g, e, group) for group in matcher.get_grouped_opcodes(CONTEXT_WORDS)],
        missing_words=sum(g2 - g1 for _, g1, g2, _, _ in changes),
        extra_words=sum(e2 - e1 for _, _, _, e1, e2 in changes),
    )


def _hunk(g: _Words, e: _Words, group: list[tuple[str, int, int, int, int]]) -> str:
    """Differences near each other: the gold's words between them as context, then for each
    change its missing words (from the gold) and its extra words (from the extraction)."""
    first, last = group[0], group[-1]
    parts = ["…" if first[1] > 0 else ""]
    for tag, g1, g2, e1, e2 in group:
        if tag == "equal":
            parts.append(f'<span class="context">{g.plain(g1, g2)}</span>')
        else:
            parts += [_run(g, g1, g2, "missing"), _run(e, e1, e2, "extra")]
    parts.append("…" if last[2] < len(g.words) else "")
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
    >>> highlight_differences("x\\n  y z", "z")
    ('<span class="missing">x</span>\\n  <span class="missing">y</span> z', 'z')
    >>> highlight_differences("one\\n\\ntwo—three", "one two - three")
    ('one\\n\\ntwo—three', 'one two - three')
    """
    diff = diff_texts(gold, extracted)
    return diff.gold_html, diff.extracted_html
