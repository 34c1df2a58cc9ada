"""The news spider's ``-a name=value`` arguments: parsing, and the error a bad one raises."""

from __future__ import annotations

from datetime import date

DISCOVERY_WAYS = ("sitemaps", "feeds", "links")


class SpiderArgumentError(ValueError):
    """A ``-a name=value`` spider argument that cannot be used; the message says which."""


def parse_since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SpiderArgumentError(f"since={value!r}: expected a date, YYYY-MM-DD") from None


def parse_limit(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        limit = int(value)
    except ValueError:
        raise SpiderArgumentError(f"limit={value!r}: expected a whole number") from None
    if limit < 1:
        raise SpiderArgumentError(f"limit={value!r}: expected 1 or more")
    return limit


def parse_discover(value: str | None) -> frozenset[str]:
    if not value or value == "all":
        return frozenset(DISCOVERY_WAYS)
    ways = frozenset(w.strip() for w in value.split(",") if w.strip())
    unknown = ways - set(DISCOVERY_WAYS)
    if unknown or not ways:
        known = ", ".join(DISCOVERY_WAYS)
        raise SpiderArgumentError(f"discover={value!r}: expected some of {known}, or all")
    return ways
