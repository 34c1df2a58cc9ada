"""The frame every HTML page of the example site shares, and the helpers its pages use.

``Site`` holds what rendering needs from a ``Plan`` (linked articles by section, related
posts, the fund drive's countdown) and renders the chrome: masthead with ad, donation bar,
sidebar (Recent Posts, newsletter), footer, and the ``<head>`` metadata.
"""

# ruff: noqa: E501 (HTML templates keep one element per line, as WordPress prints them)

from __future__ import annotations

import bisect
import html
from datetime import datetime, timedelta

from crawler.example_site.manifest import (
    BASE,
    INFO_PAGES,
    LINKS,
    SECTIONS,
    SITE_NAME,
    TAGLINE,
    ArticleSpec,
)
from crawler.example_site.plan import Plan

RECENT_POSTS = 5
RELATED_POSTS = 3


def long_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def when(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


class Site:
    """What the pages of a build are rendered from, and the frame and chrome they share."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.linked = [a for a in plan.articles if LINKS in a.discovery]
        self.sections: dict[str, list[ArticleSpec]] = {name: [] for name, _ in SECTIONS}
        for article in self.linked:
            self.sections[article.section].append(article)
        self.order = {a.path: i for i, a in enumerate(plan.articles)}
        self.section_order = {
            name: [self.order[a.path] for a in articles] for name, articles in self.sections.items()
        }

    def related_posts(self, article: ArticleSpec) -> list[ArticleSpec]:
        """Up to three linked articles of the same section, nearest in time (then any)."""
        same = self.sections[article.section]
        position = self.order.get(article.path, -1)  # the private article is the newest
        at = bisect.bisect_left(self.section_order[article.section], position)
        near = [a for a in same[max(0, at - 2) : at + 3] if a.path != article.path]
        near.sort(key=lambda a: abs(self.order[a.path] - position))
        picks = near[:RELATED_POSTS]
        for other in self.linked:  # a small site: fill up from the other sections
            if len(picks) >= RELATED_POSTS:
                break
            if other.path != article.path and all(other.path != a.path for a in picks):
                picks.append(other)
        return picks

    # --- page frame ---
    def page(self, *, title: str, head: str, body_class: str, main: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{head}
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{BASE}/feed/">
<link rel="alternate" type="application/atom+xml" title="{SITE_NAME} &raquo; Atom Feed" href="{BASE}/feed/atom/">
<link rel="stylesheet" id="ledger-style-css" href="{BASE}/wp-content/themes/ledger/style.css?ver=2.4.1" media="all">
<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-0000000000000000"></script>
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
{self.masthead()}
{self.donation_bar()}
<div id="content" class="site-content container">
<div id="primary" class="content-area">
<main id="main" class="site-main">
{main}
</main>
</div>
{self.sidebar()}
</div>
{self.footer()}
</div>
</body>
</html>
"""

    def masthead(self) -> str:
        now = self.plan.now
        menu = "\n".join(
            f'<li class="menu-item"><a href="{BASE}/section/{name}/">{label}</a></li>'
            for name, label in SECTIONS
        )
        return f"""<header id="masthead" class="site-header">
<div class="top-bar"><div class="header-date">{now:%A}, {long_date(now)}</div></div>
<div class="site-branding">
<a href="{BASE}/" class="custom-logo-link" rel="home"><img width="280" height="60" src="{BASE}/wp-content/uploads/2024/02/ledger-logo.png" class="custom-logo" alt="{SITE_NAME}"></a>
<p class="site-description">{TAGLINE}</p>
</div>
<div class="header-ad textwidget"><p class="ad-label">Advertisement</p><ins class="adsbygoogle" style="display:inline-block;width:728px;height:90px" data-ad-client="ca-pub-0000000000000000" data-ad-slot="1010101010"></ins></div>
<nav id="site-navigation" class="main-navigation" aria-label="Main menu">
<ul id="primary-menu" class="menu">
<li class="menu-item menu-item-home"><a href="{BASE}/">Home</a></li>
{menu}
<li class="menu-item"><a href="{BASE}/about-us/">About Us</a></li>
<li class="menu-item menu-item-donate"><a href="{BASE}/donate/">Donate</a></li>
</ul>
</nav>
</header>"""

    def donation_bar(self) -> str:
        today = self.plan.now.date()
        days_left, month = self.days_left()
        raised = 500 + (self.plan.seed * 977 + today.toordinal() * 131) % 4000
        return f"""<div class="donation-bar" id="ledger-donation-bar">
<div class="donation-progress">
<div class="dp-scale"><div class="dp-mark dp-mark-start">0 $</div><div class="dp-mark dp-mark-mid">2,500 $</div><div class="dp-mark dp-mark-end">5,000 $</div></div>
<div class="dp-track"><div class="dp-fill" style="width: {raised / 50:.1f}%;"><div class="dp-current">{raised:,} $</div></div></div>
<div class="dp-days">{days_left} DAYS LEFT UNTIL THE END OF {month}</div>
</div>
<a class="donate-button" href="{BASE}/donate/">Donate now</a>
</div>"""

    def sidebar(self) -> str:
        recent = "\n".join(
            f'<li><a href="{BASE}{a.path}">{esc(a.title)}</a> - '
            f'<span class="post-date">{long_date(when(a.published))}</span></li>'
            for a in self.linked[:RECENT_POSTS]
        )
        return f"""<div id="secondary" class="widget-area sidebar" role="complementary">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{BASE}/"><input type="search" class="search-field" placeholder="Search &hellip;" name="s"><input type="submit" class="search-submit" value="Search"></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries">
<h2 class="widget-title">Recent Posts</h2>
<ul>
{recent}
</ul>
</section>
<section id="newsletter-2" class="widget widget_newsletter">
<h2 class="widget-title">Newsletter</h2>
<p>Sign up for our newsletter</p>
<form action="{BASE}/newsletter/" method="post"><label for="nl-email">Enter your email address:</label> <input type="email" id="nl-email" name="email"> <input type="submit" value="Subscribe"></form>
</section>
<section id="custom_html-3" class="widget_text widget widget_custom_html"><div class="textwidget custom-html-widget"><p class="ad-label">Advertisement</p><ins class="adsbygoogle" style="display:inline-block;width:300px;height:250px" data-ad-client="ca-pub-0000000000000000" data-ad-slot="3030303030"></ins></div></section>
</div>"""

    def footer(self) -> str:
        links = "\n".join(
            f'<li class="menu-item"><a href="{BASE}/{slug}/">{label}</a></li>'
            for slug, label in INFO_PAGES
            if slug != "donate"
        )
        return f"""<footer id="colophon" class="site-footer">
<div class="footer-menu"><ul id="footer-menu" class="menu">
{links}
</ul></div>
<div class="site-info">&copy; {self.plan.now.year} {SITE_NAME}. All rights reserved.</div>
</footer>"""

    @staticmethod
    def head(*, canonical: str, description: str, og_type: str, title: str, extra: str = "") -> str:
        return f"""<meta name="description" content="{esc(description)}">
<link rel="canonical" href="{BASE}{canonical}">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:description" content="{esc(description)}">
<meta property="og:url" content="{BASE}{canonical}">
<meta property="og:site_name" content="{SITE_NAME}">{extra}"""

    def days_left(self) -> tuple[int, str]:
        """The fund drive's countdown: days left in the build's month, and the month."""
        today = self.plan.now.date()
        next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return (next_month - today).days - 1, today.strftime("%B").upper()
