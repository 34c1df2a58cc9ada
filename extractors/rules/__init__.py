"""Cleaning rules as named data.

A rule is a name, a kind, a regular expression and the zones of a text it applies to,
plus example lines it must remove and counterexample lines it must keep (the test suite
runs both for every rule). Generic rules live in ``generic.toml`` beside this file; site
profiles add their own in ``extractors/profiles/<site>.toml``.

Patterns may use the macros ``{month}`` and ``{date}`` (see ``MACROS``), expanded when the
rule is loaded, so a date is written once and matched the same way everywhere.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from extractors.dates import parse_date


class RuleKind(StrEnum):
    DROP_LINE = "drop-line"  # a whole line matching the pattern is removed
    DROP_RUN = "drop-run"  # `min_run` or more consecutive matching lines are removed
    CUT_AFTER = "cut-after"  # the marker line and the rest of the article are removed
    STRIP_INLINE = "strip-inline"  # the matched text is removed from the line
    CAPTURE = "capture"  # group `value` goes into a record field; the line is removed


class Zone(StrEnum):
    LEAD = "lead"  # article lines before the first body paragraph
    BODY = "body"  # from the first to the last body paragraph
    TAIL = "tail"  # article lines after the last body paragraph
    COMMENTS = "comments"  # the reader-comment section


ARTICLE_ZONES = frozenset({Zone.LEAD, Zone.BODY, Zone.TAIL})
ALL_ZONES = ARTICLE_ZONES | {Zone.COMMENTS}

# Fields a CAPTURE rule may fill, and how the captured text is validated.
CAPTURE_FIELDS = frozenset({"datePublished", "dateModified", "authors", "commentCount"})

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
MACROS: Mapping[str, str] = {
    "month": _MONTH,
    "date": (
        rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}"
        r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    ),
}


@dataclass(frozen=True)
class Rule:
    """One named cleaning rule; see the module docstring."""

    name: str
    kind: RuleKind
    pattern: re.Pattern[str]
    description: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    zones: frozenset[Zone] = ALL_ZONES
    min_run: int = 1
    field: str | None = None
    comment_marker: bool = False
    origin: str = "generic"

    def matches(self, line: str) -> bool:
        """Whether this rule fires on ``line`` (stripped of surrounding white space)."""
        text = line.strip()
        if self.kind is RuleKind.STRIP_INLINE:
            return self.pattern.search(text) is not None
        if self.kind is RuleKind.CAPTURE:
            return self.capture(text) is not None
        return self.pattern.fullmatch(text) is not None

    def capture(self, line: str) -> str | None:
        """The validated value a CAPTURE rule takes from ``line``, or None."""
        found = self.pattern.fullmatch(line.strip())
        if found is None:
            return None
        value = found.group("value").strip()
        if self.field in {"datePublished", "dateModified"} and parse_date(value) is None:
            return None
        return value

    def remove_tokens(self, line: str) -> str:
        """``line`` with every match of a STRIP_INLINE rule removed."""
        return self.pattern.sub("", line)


def compile_pattern(source: str) -> re.Pattern[str]:
    expanded = re.sub(r"\{(\w+)\}", lambda m: MACROS.get(m.group(1), m.group(0)), source)
    return re.compile(expanded, re.IGNORECASE)


def rule_from_table(table: Mapping[str, Any], origin: str) -> Rule:
    """Build a Rule from one ``[[rule]]`` table of a TOML rule file."""
    kind = RuleKind(table["kind"])
    field = table.get("field")
    if (kind is RuleKind.CAPTURE) != (field is not None):
        raise ValueError(f"rule {table['name']!r}: 'field' goes with kind 'capture' only")
    if field is not None and field not in CAPTURE_FIELDS:
        raise ValueError(f"rule {table['name']!r}: unknown capture field {field!r}")
    try:
        pattern = compile_pattern(table["pattern"])
    except re.error as exc:
        raise ValueError(f"rule {table['name']!r}: bad pattern: {exc}") from exc
    zones = frozenset(Zone(z) for z in table.get("zones", sorted(ALL_ZONES)))
    return Rule(
        name=table["name"],
        kind=kind,
        pattern=pattern,
        description=table["description"],
        examples=tuple(table.get("examples", ())),
        counterexamples=tuple(table.get("counterexamples", ())),
        zones=zones,
        min_run=int(table.get("min_run", 1)),
        field=field,
        comment_marker=bool(table.get("comment_marker", False)),
        origin=origin,
    )


def rules_from_tables(tables: Iterable[Mapping[str, Any]], origin: str) -> tuple[Rule, ...]:
    rules = tuple(rule_from_table(table, origin) for table in tables)
    names = [rule.name for rule in rules]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ValueError(f"{origin}: rule names used twice: {', '.join(duplicated)}")
    return rules


@cache
def generic_rules() -> tuple[Rule, ...]:
    """The rules that apply to every page, in the order they are tried."""
    text = resources.files(__package__).joinpath("generic.toml").read_text(encoding="utf-8")
    return rules_from_tables(tomllib.loads(text)["rule"], origin="generic")
