"""The example site's other HTML pages: home, paginated section listings, info pages."""

# ruff: noqa: E501 (HTML templates keep one element per line, as WordPress prints them)

from __future__ import annotations

from crawler.example_site.frame import Site, esc, long_date, when
from crawler.example_site.manifest import BASE, SECTIONS, SITE_NAME, TAGLINE, ArticleSpec

SECTION_PAGE_SIZE = 3
HOME_ARTICLES = 10


def _card(article: ArticleSpec) -> str:
    section_title = dict(SECTIONS)[article.section]
    return f"""<article id="post-{article.post_id}" class="post-{article.post_id} post type-post hentry category-{article.section}">
<header class="entry-header">
<div class="entry-cats"><a href="{BASE}/section/{article.section}/" rel="category tag">{section_title}</a></div>
<h2 class="entry-title"><a href="{BASE}{article.path}" rel="bookmark">{esc(article.title)}</a></h2>
<div class="entry-meta"><time class="entry-date published" datetime="{article.published}">{long_date(when(article.published))}</time></div>
</header>
<div class="entry-summary"><p>{esc(article.description)}</p></div>
</article>"""


def home(site: Site) -> str:
    private = site.plan.private
    cards = "\n".join(_card(a) for a in site.linked[:HOME_ARTICLES])
    sections = "\n".join(
        f'<li><a href="{BASE}/section/{name}/">{label}</a></li>' for name, label in SECTIONS
    )
    main = f"""<section class="members-box">
<h2 class="widget-title">For members</h2>
<p><a href="{BASE}{private.path}">{esc(private.title)}</a></p>
</section>
<h1 class="page-title screen-reader-text">Latest News</h1>
{cards}
<section class="home-sections">
<h2 class="widget-title">Sections</h2>
<ul>
{sections}
</ul>
</section>"""
    head = site.head(canonical="/", description=TAGLINE, og_type="website", title=SITE_NAME)
    return site.page(
        title=f"{SITE_NAME} \u2013 {TAGLINE}",
        head=head,
        body_class="home blog",
        main=main,
    )


def section_pages(site: Site, name: str, label: str) -> list[tuple[str, str]]:
    articles = site.sections[name]
    chunks = [
        articles[i : i + SECTION_PAGE_SIZE] for i in range(0, len(articles), SECTION_PAGE_SIZE)
    ] or [[]]
    paths = [f"/section/{name}/"] + [
        f"/section/{name}/page/{n}/" for n in range(2, len(chunks) + 1)
    ]
    out = []
    for number, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        cards = "\n".join(_card(a) for a in chunk) or "<p>Nothing found.</p>"
        links = []
        if number > 1:
            links.append(
                f'<a class="prev page-numbers" href="{BASE}{paths[number - 2]}">Previous</a>'
            )
        for other, other_path in enumerate(paths, start=1):
            if other == number:
                links.append(
                    f'<span aria-current="page" class="page-numbers current">{other}</span>'
                )
            else:
                links.append(f'<a class="page-numbers" href="{BASE}{other_path}">{other}</a>')
        if number < len(paths):
            links.append(f'<a class="next page-numbers" href="{BASE}{paths[number]}">Next</a>')
        pagination = (
            '<nav class="navigation pagination" aria-label="Posts">\n'
            '<h2 class="screen-reader-text">Posts navigation</h2>\n'
            f'<div class="nav-links">{"".join(links)}</div>\n</nav>'
        )
        rel = ""
        if number > 1:
            rel += f'\n<link rel="prev" href="{BASE}{paths[number - 2]}">'
        if number < len(paths):
            rel += f'\n<link rel="next" href="{BASE}{paths[number]}">'
        head = site.head(
            canonical=path,
            description=f"{label} news from {SITE_NAME}",
            og_type="website",
            title=f"{label} Archives",
            extra=rel,
        )
        main = f"""<header class="page-header"><h1 class="page-title">Section: <span>{label}</span></h1></header>
{cards}
{pagination}"""
        page_title = f"{label} Archives" + (f" - Page {number}" if number > 1 else "")
        out.append(
            (
                path,
                site.page(
                    title=f"{page_title} | {SITE_NAME}",
                    head=head,
                    body_class=f"archive category category-{name}",
                    main=main,
                ),
            )
        )
    return out


def info_page(site: Site, slug: str, label: str) -> str:
    texts = {
        "about-us": f"{SITE_NAME} has covered the towns along the coast since 1998. Our"
        " newsroom is small and independent, and we answer every letter we receive.",
        "contact": "Write to the newsroom at 12 Quay Street, or call the front desk on"
        " weekdays between nine and five.",
        "privacy-policy": "We keep server logs for thirty days and use them only to run"
        " the site. We do not sell data about our readers to anyone.",
        "terms-of-service": "Articles on this site may be quoted with a link to the"
        " original. Comments are moderated and may be removed without notice.",
        "donate": "Reader donations pay for most of our reporting. Every contribution,"
        " however small, keeps the newsroom open.",
    }
    head = site.head(canonical=f"/{slug}/", description=texts[slug], og_type="website", title=label)
    main = f"""<article class="page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{label}</h1></header>
<div class="entry-content"><p>{esc(texts[slug])}</p></div>
</article>"""
    return site.page(
        title=f"{label} | {SITE_NAME}",
        head=head,
        body_class="page-template-default page",
        main=main,
    )
