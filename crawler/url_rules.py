"""Which URLs of a site are articles and which are listings: rules as data.

A ``UrlRules`` is five tables of regular expressions matched (case-insensitively, with
``re.search``) against a URL's path plus query (``/2020/11/26/slug/?amp=1``):

* ``exclude``: never fetched by link following (feeds, admin, login, search, comment pages,
  reply links, attachments, static files, pages about the site itself);
* ``article`` / ``not_article``: an article URL matches one of ``article`` and none of
  ``not_article`` (tag, category, author and pagination pages have long slugs too);
* ``listing`` / ``not_listing``: pages whose links lead to articles (home, sections,
  pagination); ``not_listing`` keeps tag and author pages out, which multiply without end.

``GENERIC`` works on sites we have no rules for (date paths, long hyphenated slugs, numeric
``.html`` ids); a site's rules extend it (``GENERIC.extended(...)``) and are chosen by the
URL's domain (``rules_for_url``), like site profiles in ``extractors/profiles``.
Fragments never matter: ``normalize_url`` drops them, so ``/slug/#comments`` is ``/slug/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = [
    "BLACKLISTEDNEWS",
    "GENERIC",
    "SITE_RULES",
    "SOUTHFRONT",
    "UrlRules",
    "comment_page_base",
    "comment_page_number",
    "could_be_comment_page",
    "is_article_url",
    "is_excluded",
    "is_listing_url",
    "may_be_article",
    "normalize_url",
    "pagination_number",
    "rules_for_url",
    "same_site",
    "url_date",
    "with_comment_page",
]

Patterns = tuple[re.Pattern[str], ...]


def _compile(*patterns: str) -> Patterns:
    return tuple(re.compile(p, re.IGNORECASE | re.VERBOSE) for p in patterns)


@dataclass(frozen=True)
class UrlRules:
    """One site's URL shapes (see the module docstring for what each table means)."""

    name: str
    domains: tuple[str, ...] = ()
    article: Patterns = ()
    not_article: Patterns = ()
    listing: Patterns = ()
    not_listing: Patterns = ()
    exclude: Patterns = field(default=())

    def extended(
        self,
        name: str,
        *,
        domains: Iterable[str] = (),
        article: Iterable[str] = (),
        not_article: Iterable[str] = (),
        listing: Iterable[str] = (),
        not_listing: Iterable[str] = (),
        exclude: Iterable[str] = (),
    ) -> UrlRules:
        """These rules plus a site's own patterns (tried first)."""
        return replace(
            self,
            name=name,
            domains=tuple(domains),
            article=(*_compile(*article), *self.article),
            not_article=(*_compile(*not_article), *self.not_article),
            listing=(*_compile(*listing), *self.listing),
            not_listing=(*_compile(*not_listing), *self.not_listing),
            exclude=(*_compile(*exclude), *self.exclude),
        )

    def handles(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.domains)


_SLUG = r"(?=[^/]*[a-z])[^/?]+"  # a path segment with at least one letter

GENERIC = UrlRules(
    name="generic",
    article=_compile(
        # date paths: /2020/11/26/slug/, /news/2020/11/slug.html
        rf"/(?:19|20)\d\d/[01]?\d/(?:[0-3]?\d/)?{_SLUG}/?(?:\?|$)",
        # long hyphenated slugs (four words or more) as the last segment
        r"/[a-z0-9%]+(?:-[a-z0-9%]+){3,}(?:/|\.s?html?|\.php)?(?:\?|$)",
        # numeric article ids: /article/75112/slug.html, /world-news-12345.html, /story/12345
        r"/\d{3,}/[^/?]+\.s?html?(?:\?|$)",
        r"[-_/]\d{4,}\.s?html?(?:\?|$)",
        r"/(?:article|articles|story|stories|news|post)/\d{3,}(?:/|$|\?)",
    ),
    not_article=_compile(
        r"/(?:tags?|category|categories|author|authors|topics?|section|sections|archives?)/",
        r"/page/\d+/?(?:\?|$)",
    ),
    listing=_compile(
        r"^/?(?:\?|$)",  # home
        r"^/(?:category|categories|section|sections|topics?)/[^?]+$",
        r"/page/\d+/?$",  # WordPress pagination (of the home page or a section)
        r"[?&](?:page|paged)=\d+$",
        r"^/[a-z]+(?:-[a-z]+){0,2}/?$",  # /world/, /middle-east/
        r"^/(?:news|sections?)/[a-z]+(?:-[a-z]+){0,2}/?$",  # /news/world/
    ),
    not_listing=_compile(
        r"/(?:tags?|author|authors|archives?)/",
    ),
    exclude=_compile(
        r"/(?:feed|rss|atom)(?:/|\.xml)?(?:\?|$)",  # feeds are read by autodiscovery
        r"/(?:wp-admin|wp-json|wp-content|wp-includes|cdn-cgi)/",
        r"/(?:wp-login|xmlrpc|wp-signup|wp-cron)\.php",
        r"/comment-page-\d+",  # comment pages are followed from their article only
        r"[?&](?:cpage|replytocom|like_comment|share|print|s|q|attachment_id)=",
        r"/search(?:/|\?|$)",
        r"/attachment/",
        # pages about the site itself: /about-us/, /privacy-policy/, /terms-of-use/
        r"""^/(?:about|contacts?|privacy|terms|cookies?|advertise|advertising|donate
              |donations?|support|subscribe|imprint|impressum|disclaimer|faq|login|register
              |account|my-account|cart|checkout|shop|store|newsletter)(?:-[a-z]+){0,2}/?$""",
        r"/(?:trackback|embed|amp)/?(?:\?|$)",  # trackbacks, oEmbed and AMP copies
        r"""\.(?:jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|css|js|json|xml|rss|txt|pdf
              |zip|gz|rar|7z|mp[34]|m4[av]|ogg|wav|mov|avi|webm|woff2?|ttf|eot
              |docx?|xlsx?|pptx?|odt|exe|dmg|apk|epub)(?:\?|$)""",
    ),
)

SOUTHFRONT = GENERIC.extended(
    "southfront.org",
    domains=("southfront.org", "southfront.press"),
    # WordPress with /%postname%/ permalinks: every post is one slug at the root.
    article=(r"^/[a-z0-9]+(?:-[a-z0-9]+){2,}/?(?:\?|$)",),
)

BLACKLISTEDNEWS = GENERIC.extended(
    "blacklistednews.com",
    domains=("blacklistednews.com",),
    article=(r"^/article/\d+/[^/?]+\.html(?:\?|$)",),
    listing=(r"^/news\.php(?:\?(?:page|p)=\d+)?$",),
    # the other .php pages are the site's own (radio, print, contact, patreon login, ads)
    exclude=(r"^/(?!news\.php)[a-z_]+\.php",),
)

SITE_RULES: tuple[UrlRules, ...] = (SOUTHFRONT, BLACKLISTEDNEWS)


def rules_for_url(url: str) -> UrlRules:
    """The rules of the site ``url`` belongs to, else ``GENERIC``."""
    host = urlsplit(url).hostname or ""
    return next((rules for rules in SITE_RULES if rules.handles(host)), GENERIC)


# --- URLs -------------------------------------------------------------------------------
_TRACKING_PARAM = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|_ga)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str, base: str | None = None) -> str | None:
    """``url`` made absolute, without fragment or tracking parameters; ``None`` unless http(s).

    >>> normalize_url("/2020/11/26/a-b/?utm_source=rss#comments", "HTTPS://Example.org:443/")
    'https://example.org/2020/11/26/a-b/'
    >>> normalize_url("mailto:desk@example.org") is None
    True
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _TRACKING_PARAM.match(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def same_site(url: str, site_url: str) -> bool:
    """Same host (``www.`` aside) and port."""
    a, b = urlsplit(url), urlsplit(site_url)
    if not a.hostname or not b.hostname:
        return False
    try:
        ports = a.port or _DEFAULT_PORTS.get(a.scheme), b.port or _DEFAULT_PORTS.get(b.scheme)
    except ValueError:
        return False
    host_a, host_b = (h.lower().removeprefix("www.") for h in (a.hostname, b.hostname))
    return host_a == host_b and ports[0] == ports[1]


def _target(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"


def _any(patterns: Patterns, target: str) -> bool:
    return any(p.search(target) for p in patterns)


def is_excluded(url: str, rules: UrlRules = GENERIC) -> bool:
    """Never to be followed (feeds, admin, search, comment pages, static files...)."""
    return _any(rules.exclude, _target(url))


def is_article_url(url: str, rules: UrlRules = GENERIC) -> bool:
    """Whether ``url`` looks like an article page under ``rules``."""
    target = _target(url)
    return (
        not _any(rules.exclude, target)
        and _any(rules.article, target)
        and not _any(rules.not_article, target)
    )


def may_be_article(url: str, rules: UrlRules = GENERIC) -> bool:
    """Whether a URL that a sitemap or feed lists can be an article.

    Sitemaps and feeds list articles of any URL shape, so only what the rules rule out is
    left out: excluded URLs, the home page, tag/category/author/pagination pages.
    """
    target = _target(url)
    if is_article_url(url, rules):
        return True
    return not (
        _any(rules.exclude, target) or _any(rules.not_article, target) or target in {"/", "/?"}
    )


def is_listing_url(url: str, rules: UrlRules = GENERIC) -> bool:
    """Whether ``url`` is a page of links to articles: home, section, pagination."""
    target = _target(url)
    return (
        not is_article_url(url, rules)
        and not _any(rules.exclude, target)
        and _any(rules.listing, target)
        and not _any(rules.not_listing, target)
    )


_PAGINATION = re.compile(r"/page/(\d+)/?$|[?&](?:page|paged)=(\d+)$", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)/")
_COMMENT_PAGE = re.compile(r"/comment-page-(\d+)/?|[?&]cpage=(\d+)", re.IGNORECASE)


def pagination_number(url: str) -> int | None:
    """The page number of a paginated listing (``/page/3/``, ``?page=3``), else ``None``."""
    found = _PAGINATION.search(_target(url))
    return int(found.group(1) or found.group(2)) if found else None


def url_date(url: str) -> date | None:
    """The date in a ``/YYYY/MM/DD/`` path, else ``None``.

    >>> url_date("https://a.example/2020/11/26/slug/")
    datetime.date(2020, 11, 26)
    """
    found = _URL_DATE.search(urlsplit(url).path)
    return calendar_day(found.groups()) if found else None


def calendar_day(parts: Sequence[str | None]) -> date | None:
    """The date of year, month and day digits, or ``None`` when there is no such day.

    >>> calendar_day(("2020", "02", "30")) is None
    True
    """
    try:
        return date(*(int(part or "") for part in parts))
    except ValueError:
        return None


def comment_page_number(url: str) -> int | None:
    """The WordPress comment page of ``url`` (``/comment-page-2/``, ``?cpage=2``), else ``None``."""
    found = _COMMENT_PAGE.search(_target(url))
    return int(found.group(1) or found.group(2)) if found else None


# What a link needs to name a comment page. A percent-escape may hide the letters of
# ``cpage`` (normalize_url re-encodes the query of a link with tracking parameters), and
# urlsplit drops tabs and newlines anywhere in a URL (``comment-\npage-2``): those pass.
_COMMENT_PAGE_HINT = re.compile(r"comment-page-|cpage=|[%\t\r\n]", re.IGNORECASE)


def could_be_comment_page(href: str) -> bool:
    """False when ``href`` cannot be a comment page, resolved against any base that is not.

    A test of the link as written, far cheaper than ``normalize_url`` then
    ``comment_page_number``; it lets through every link for which they can find a number.

    >>> could_be_comment_page("../comment-page-2/#comments"), could_be_comment_page("/about/")
    (True, False)
    """
    return _COMMENT_PAGE_HINT.search(href) is not None


def with_comment_page(url: str, number: int) -> str:
    """``url`` (a comment page URL) turned to comment page ``number``."""

    def renumber(found: re.Match[str]) -> str:
        text = found.group(0)
        old = found.group(1) or found.group(2)
        return text.replace(old, str(number), 1)

    parts = urlsplit(url)
    path = _COMMENT_PAGE.sub(renumber, parts.path)
    query = _COMMENT_PAGE.sub(renumber, "&" + parts.query)[1:] if parts.query else ""
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


_COMMENT_PAGE_PART = re.compile(r"comment-page-\d+/?$|(?<=[?&])cpage=\d+&?", re.IGNORECASE)


def comment_page_base(url: str) -> str:
    """The article a comment page belongs to: ``url`` without its comment-page part.

    >>> comment_page_base("https://a.example/2020/11/26/slug/comment-page-2/")
    'https://a.example/2020/11/26/slug/'
    >>> comment_page_base("https://a.example/?p=12&cpage=2")
    'https://a.example/?p=12'
    """
    parts = urlsplit(url)
    path = _COMMENT_PAGE_PART.sub("", parts.path) or "/"
    query = _COMMENT_PAGE_PART.sub("", "?" + parts.query)[1:].rstrip("&")
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))
