"""The text cleaner: scraped text in, headline, body paragraphs, metadata and comments out.

It works line by line and records a decision for every input line (kept as headline or
body, captured into a field, or removed by a named rule), which is what ``copydesk
explain`` prints. The steps, in order:

1. split off the reader-comment section (``text_comments.find_comment_section``);
2. strip inline tokens, then apply the zone-independent line rules, then run rules;
3. find the body paragraphs, which divide the article into lead, body and tail zones,
   and apply the rules bound to a zone;
4. find the headline (repeated or last title-like line of the lead) and remove the lead
   chrome above it and the headline's later repeats;
5. cut at the first "related articles" marker after the body has started;
6. clean the comment section with the comment-zone rules and parse its comments.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from extractors.comments import RawComment
from extractors.rules import ARTICLE_ZONES, Rule, RuleKind, Zone
from extractors.text_comments import CommentLine, find_comment_section, parse_comments

# Structural rules: implemented here rather than as patterns, named like the data rules.
HEADLINE = "headline"
REPEATED_HEADLINE = "repeated-headline"
MASTHEAD = "masthead-before-headline"
SITE_NAME = "site-name-line"
STRUCTURAL_RULES = {
    HEADLINE: "The headline line: moved into the headline field.",
    REPEATED_HEADLINE: "A later line repeating the headline (captions, share cards).",
    MASTHEAD: "Short lines above the headline: site name, menus, labels.",
    SITE_NAME: "A line that is only the site's name (logo, sign-off).",
}

_MIN_BODY_WORDS = 10
_LONG_PARAGRAPH_WORDS = 30
_SENTENCE_END = re.compile(r"[.…。！？]['\"”’)\]」』]*$")
# Chinese, Japanese and Korean text has no spaces between words (Korean between phrases):
# about two of these characters count as one word
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CJK_CHARS_PER_WORD = 2
_MAX_TITLE_WORDS = 30
_MAX_TITLE_CHARS = 250
_MAX_MASTHEAD_WORDS = 8
_SIDEBAR_WINDOW = 4  # lines after a sidebar box in the body that are looked at
_SIDEBAR_MIN_PROSE = 3  # how many of them must be body paragraphs for the article to go on
_QUOTE_FOLDS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_LINE_KINDS = frozenset({RuleKind.DROP_LINE, RuleKind.CAPTURE})  # rules that judge one line


class Role(StrEnum):
    BLANK = "blank"
    HEADLINE = "headline"
    BODY = "body"
    CAPTURED = "captured"
    REMOVED = "removed"
    COMMENT = "comment"


@dataclass(frozen=True)
class LineDecision:
    """What the cleaner did with one input line (numbers are 1-based)."""

    number: int
    text: str
    zone: Zone
    role: Role
    rule: str | None = None


@dataclass(frozen=True)
class CleanedText:
    headline: str | None
    paragraphs: tuple[str, ...]
    captures: dict[str, list[str]]
    comments: tuple[RawComment, ...]
    decisions: tuple[LineDecision, ...]

    @property
    def body(self) -> str | None:
        return "\n\n".join(self.paragraphs) or None


@dataclass
class _Line:
    """Working state of one line while the cleaner runs."""

    number: int
    raw: str
    text: str
    zone: Zone
    role: Role = Role.BODY
    rule: str | None = None

    @property
    def alive(self) -> bool:
        return self.role is Role.BODY and bool(self.text.strip())

    def remove(self, rule: str, role: Role = Role.REMOVED) -> None:
        self.role, self.rule = role, rule


@dataclass
class _Captures:
    values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, field_name: str, value: str) -> None:
        self.values.setdefault(field_name, []).append(value)


def clean_lines(
    text: str,
    rules: Sequence[Rule],
    *,
    headline: str | None = None,
    site_names: Iterable[str] = (),
) -> CleanedText:
    """Clean scraped ``text`` with ``rules``.

    ``headline`` is a title known from the page's metadata; ``site_names`` are the site's
    names (from its profile or metadata): a line holding only one of them is removed.
    """
    lines = [
        _Line(number, raw, raw, Zone.LEAD) for number, raw in enumerate(text.splitlines(), start=1)
    ]
    for line in lines:
        if not line.raw.strip():
            line.role = Role.BLANK
    comment_start = find_comment_section([line.raw for line in lines], rules)
    article = lines[:comment_start] if comment_start is not None else lines
    comment_part = lines[comment_start:] if comment_start is not None else []
    for line in comment_part:
        line.zone = Zone.COMMENTS

    captures = _Captures()
    zone_free = [rule for rule in rules if rule.zones >= ARTICLE_ZONES]
    zone_bound = [rule for rule in rules if not rule.zones >= ARTICLE_ZONES]
    _apply_line_rules(article, zone_free, captures)
    _remove_site_names(article, site_names)
    _assign_zones(article)
    _apply_line_rules(article, zone_bound, captures)
    found_headline = _mark_headline(article, headline)
    _apply_cuts(article, rules)

    _apply_line_rules(comment_part, rules, captures)
    comment_lines = [CommentLine(line.raw, line.number) for line in comment_part if line.alive]
    parsed = parse_comments(comment_lines)
    for line in comment_part:
        if line.alive:
            line.role = Role.COMMENT

    paragraphs = tuple(_normalize_space(line.text) for line in article if line.alive)
    return CleanedText(
        headline=found_headline,
        paragraphs=paragraphs,
        captures=captures.values,
        comments=tuple(parsed),
        decisions=tuple(
            LineDecision(line.number, line.raw, line.zone, line.role, line.rule) for line in lines
        ),
    )


def _apply_line_rules(lines: list[_Line], rules: Iterable[Rule], captures: _Captures) -> None:
    """Apply strip-inline, drop-line and capture rules, then drop-run rules, in rule order."""
    rules = list(rules)
    for rule in rules:
        if rule.kind is RuleKind.STRIP_INLINE:
            for line in _alive_in(lines, rule):
                line.text = rule.remove_tokens(line.text)
                if not line.text.strip():
                    line.remove(rule.name)
    _judge_lines(lines, [rule for rule in rules if rule.kind in _LINE_KINDS], captures)
    for rule in rules:
        if rule.kind is RuleKind.DROP_RUN:
            _drop_runs(_alive_in(lines, rule), rule)


def _judge_lines(lines: list[_Line], line_rules: list[Rule], captures: _Captures) -> None:
    """Drop-line and capture rules, in rule order: the first that fires takes the line."""
    for line in lines:
        if not line.alive:
            continue
        text = line.text.strip()
        for rule in line_rules:
            if line.zone not in rule.zones:
                continue
            if rule.kind is RuleKind.DROP_LINE:
                if rule.matches(text):
                    line.remove(rule.name)
                    break
            elif rule.field is not None and (value := rule.capture(text)) is not None:
                captures.add(rule.field, value)
                line.remove(rule.name, Role.CAPTURED)
                break


def strip_inline_tokens(text: str | None, rules: Iterable[Rule]) -> str | None:
    """``text`` (a description, say) without the tokens of strip-inline rules."""
    if text is None:
        return None
    for rule in rules:
        if rule.kind is RuleKind.STRIP_INLINE:
            text = rule.remove_tokens(text)
    return _normalize_space(text) or None


def _remove_site_names(lines: list[_Line], site_names: Iterable[str]) -> None:
    keys = {_fold(name) for name in site_names if name.strip()}
    for line in lines:
        if line.alive and _fold(line.text) in keys:
            line.remove(SITE_NAME)


def _alive_in(lines: Iterable[_Line], rule: Rule) -> list[_Line]:
    return [line for line in lines if line.alive and line.zone in rule.zones]


def _drop_runs(candidates: list[_Line], rule: Rule) -> None:
    """Remove every run of at least ``rule.min_run`` consecutive surviving matching lines."""
    run: list[_Line] = []
    for line in [*candidates, None]:
        if line is not None and rule.matches(line.text):
            run.append(line)
            continue
        if len(run) >= rule.min_run:
            for member in run:
                member.remove(rule.name)
        run = []


def is_body_paragraph(text: str) -> bool:
    """A line that reads as article prose: a long sentence-ending line, or a very long one."""
    words = max(len(text.split()), len(_CJK.findall(text)) // _CJK_CHARS_PER_WORD)
    if words >= _LONG_PARAGRAPH_WORDS:
        return True
    return words >= _MIN_BODY_WORDS and _SENTENCE_END.search(text.strip()) is not None


def _assign_zones(article: list[_Line]) -> None:
    """Lead before the first body paragraph, tail after the last, body in between."""
    prose = [i for i, line in enumerate(article) if line.alive and is_body_paragraph(line.text)]
    if not prose:
        return  # no prose at all: everything stays lead, where the headline is looked for
    first, last = prose[0], prose[-1]
    for i, line in enumerate(article):
        line.zone = Zone.LEAD if i < first else Zone.TAIL if i > last else Zone.BODY


def _fold(text: str) -> str:
    """A comparison key: the same headline with other quotes, dashes or case folds alike."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLDS).casefold()
    return " ".join(folded.split()).strip(" .:")


def _is_title_like(text: str) -> bool:
    text = text.strip()
    words = len(text.split())
    return (
        2 <= words <= _MAX_TITLE_WORDS
        and len(text) <= _MAX_TITLE_CHARS
        and not text.endswith((".", ":", ",", ";"))
    )


def _mark_headline(article: list[_Line], known: str | None) -> str | None:
    """Find the headline line, mark it, and remove the chrome above it and its repeats."""
    lead = [line for line in article if line.alive and line.zone is Zone.LEAD]
    headline_line = _find_headline_line(lead, article, known)
    headline = known or (_normalize_space(headline_line.text) if headline_line else None)
    if headline is None:
        return None
    if headline_line is not None:
        headline_line.remove(HEADLINE, Role.HEADLINE)
        for line in lead[: lead.index(headline_line)]:
            if line.alive and _is_masthead(line.text):
                line.remove(MASTHEAD)
    key = _fold(headline)
    for line in article:
        if line.alive and _fold(line.text) == key:
            line.remove(REPEATED_HEADLINE)
    return headline


def _find_headline_line(lead: list[_Line], article: list[_Line], known: str | None) -> _Line | None:
    if known is not None:
        key = _fold(known)
        return next((line for line in lead if _fold(line.text) == key), None)
    candidates = [line for line in lead if _is_title_like(line.text)]
    for candidate in candidates:
        key = _fold(candidate.text)
        if any(
            line is not candidate and line.alive and _fold(line.text) == key for line in article
        ):
            return candidate
    return candidates[-1] if candidates else None


def _is_masthead(text: str) -> bool:
    return len(text.split()) <= _MAX_MASTHEAD_WORDS and not _SENTENCE_END.search(text.strip())


def _apply_cuts(article: list[_Line], rules: Sequence[Rule]) -> None:
    """At the first cut marker inside body or tail, remove it and every later article line.

    A marker in the lead (a sidebar heading above the article) removes only itself: cutting
    there would throw the article away. So does a marker inside the body that a sidebar box
    puts between paragraphs: when the article's prose goes on after the box's short lines
    (``_continues_as_prose``), only the marker and those short lines are removed.
    """
    cut_rules = [rule for rule in rules if rule.kind is RuleKind.CUT_AFTER]
    for index, line in enumerate(article):
        rule = next((r for r in cut_rules if line.alive and r.matches(line.text)), None)
        if rule is None:
            continue
        if line.zone not in rule.zones:
            line.remove(rule.name)
            continue
        later = [other for other in article[index + 1 :] if other.alive]
        box = list(itertools.takewhile(lambda other: not is_body_paragraph(other.text), later))
        if line.zone is Zone.BODY and _continues_as_prose(article[:index], later[len(box) :]):
            for member in [line, *box]:
                member.remove(rule.name)
            continue
        for member in [line, *later]:
            member.remove(rule.name)
        return


def _continues_as_prose(before: Sequence[_Line], after: Sequence[_Line]) -> bool:
    """Whether the article goes on in ``after``, past a sidebar box, rather than ending.

    A related-articles list alternates titles and one-sentence teasers, or is a few teaser
    paragraphs, shorter than the article above it; the article going on after a sidebar box
    is paragraph after paragraph (at least 3 of the next 4 lines), and more prose than came
    before the box.
    """
    window = after[:_SIDEBAR_WINDOW]
    if sum(is_body_paragraph(line.text) for line in window) < _SIDEBAR_MIN_PROSE:
        return False
    return _prose_words(after) > _prose_words(before)


def _prose_words(lines: Iterable[_Line]) -> int:
    return sum(
        len(line.text.split()) for line in lines if line.alive and is_body_paragraph(line.text)
    )


def _normalize_space(text: str) -> str:
    """Collapse runs of white space (no-break spaces too) inside one paragraph."""
    return " ".join(text.split())
