"""Site profiles: per-site cleaning data, registered by domain.

A profile is a TOML file in this folder: the site's domains and names, XPath expressions of
page parts to drop before extraction, and extra cleaning rules (same format as
``extractors/rules/generic.toml``; they are tried before the generic ones). Pages are
matched to a profile by their URL's host, or a profile is chosen by name (``--site``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from extractors.rules import Rule, rules_from_tables


@dataclass(frozen=True)
class SiteProfile:
    name: str
    domains: tuple[str, ...]
    site_names: tuple[str, ...]
    prune_xpaths: tuple[str, ...]
    rules: tuple[Rule, ...]

    def handles(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


class UnknownSite(ValueError):
    """``--site`` named a profile that does not exist."""


@cache
def all_profiles() -> Mapping[str, SiteProfile]:
    """Every bundled profile by name, loaded once."""
    profiles = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            profile = _profile_from_toml(entry.read_text(encoding="utf-8"), entry.name)
            profiles[profile.name] = profile
    return profiles


def profile_named(name: str) -> SiteProfile:
    try:
        return all_profiles()[name]
    except KeyError:
        known = ", ".join(sorted(all_profiles()))
        raise UnknownSite(f"no site profile {name!r}; known profiles: {known}") from None


def profile_for(url: str | None, site: str | None = None) -> SiteProfile | None:
    """The profile forced by ``site``, else the one whose domains cover ``url``'s host."""
    if site is not None:
        return profile_named(site)
    host = urlsplit(url).hostname if url else None
    if not host:
        return None
    return next((p for p in all_profiles().values() if p.handles(host)), None)


def _profile_from_toml(text: str, filename: str) -> SiteProfile:
    data = tomllib.loads(text)
    return SiteProfile(
        name=data["name"],
        domains=tuple(data["domains"]),
        site_names=tuple(data.get("site_names", ())),
        prune_xpaths=tuple(data.get("prune_xpaths", ())),
        rules=rules_from_tables(data.get("rule", ()), origin=filename),
    )
