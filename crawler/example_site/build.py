"""Writing the example site: every file of a build, and its ``manifest.json``."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

from crawler.example_site.articles import article_page
from crawler.example_site.feeds import atom, robots, rss, sitemaps
from crawler.example_site.frame import Site
from crawler.example_site.manifest import (
    DISALLOWED,
    DISCOVERY_NOTES,
    FEED,
    GENERATOR,
    INFO_PAGES,
    LINKS,
    MANIFEST,
    NEWS_SITEMAP,
    REFERENCE_DATE,
    SECTIONS,
    SITE_NAME,
    SITEMAP,
    SectionSpec,
    SiteManifest,
)
from crawler.example_site.pages import home, info_page, section_pages
from crawler.example_site.plan import Plan, generate
from crawler.example_site.server import FAULTS


def build_site(
    root: Path, *, articles: int = 20, seed: int = 0, today: date = REFERENCE_DATE
) -> SiteManifest:
    """Write the example site for ``seed`` into ``root``, with its ``manifest.json``.

    Every date on the site lies before ``today`` (midnight UTC): the newest article is a few
    hours old, then one every 17 hours or so. ``root`` must be absent, empty, or a previous
    build (which is replaced).
    """
    if articles < 1:
        raise ValueError("a site needs at least one article")
    plan = generate(articles, seed, today)
    site = Site(plan)
    files = _files(site)
    manifest = _manifest(plan, site, sorted(files))
    _prepare(root)
    for url_path, text in sorted(files.items()):
        target = root / url_path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    text = json.dumps(manifest.to_json(), indent=1, ensure_ascii=False) + "\n"
    (root / MANIFEST).write_bytes(text.encode("utf-8"))
    return manifest


def _prepare(root: Path) -> None:
    if root.exists() and any(root.iterdir()):
        marker = root / MANIFEST
        try:
            generator = json.loads(marker.read_text(encoding="utf-8")).get("generator")
        except (OSError, ValueError, AttributeError):
            generator = None
        if generator != GENERATOR:
            raise FileExistsError(f"{root} is not empty and holds no example site to replace")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)


def _manifest(plan: Plan, site: Site, file_paths: list[str]) -> SiteManifest:
    paths = [p.removesuffix("index.html").removesuffix("index.rss").removesuffix("index.atom")
             for p in file_paths]  # fmt: skip
    sections = tuple(
        SectionSpec(name, label, tuple(p for p in paths if p.startswith(f"/section/{name}/")))
        for name, label in SECTIONS
    )
    only = Counter(a.discovery[0] for a in plan.articles if len(a.discovery) == 1)
    coverage = {
        "articles": len(plan.articles),
        **{
            f"through_{kind}": sum(kind in a.discovery for a in plan.articles)
            for kind in (LINKS, SITEMAP, NEWS_SITEMAP, FEED)
        },
        **{f"only_{kind}": only[kind] for kind in (LINKS, SITEMAP, FEED)},
        "several": sum(len(a.discovery) > 1 for a in plan.articles),
    }
    return SiteManifest(
        site_name=SITE_NAME,
        seed=plan.seed,
        reference_date=plan.now.date().isoformat(),
        articles=plan.articles,
        private=(plan.private,),
        disallowed=DISALLOWED,
        sections=sections,
        pages=tuple(f"/{slug}/" for slug, _ in INFO_PAGES),
        feeds=("/feed/", "/feed/atom/"),
        sitemaps=tuple(p for p in paths if p.endswith(".xml")),
        coverage=coverage,
        discovery_notes=DISCOVERY_NOTES,
        faults=FAULTS,
    )


def _files(site: Site) -> dict[str, str]:
    """Every file of the site by URL path (a folder URL ends in its index file)."""
    out: dict[str, str] = {"/index.html": home(site), "/robots.txt": robots()}
    for article in (*site.plan.articles, site.plan.private):
        for page, path in enumerate(article.comment_pages, start=1):
            out[f"{path}index.html"] = article_page(site, article, page)
    for name, label in SECTIONS:
        for path, text in section_pages(site, name, label):
            out[f"{path}index.html"] = text
    for slug, label in INFO_PAGES:
        out[f"/{slug}/index.html"] = info_page(site, slug, label)
    for path, text in sitemaps(site.plan):
        out[path] = text
    out["/feed/index.rss"] = rss(site.plan)
    out["/feed/atom/index.atom"] = atom(site.plan)
    return out
