"""The two entry points: ``extract`` for HTML and ``clean_text`` for scraped text.

Both end in the same cleaner and the same record assembly, so a page and its scraped text
give records of the same shape. Failures raise ``ExtractionError`` subclasses; callers turn
them into error records.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from extractors.cleaning import CleanedText, LineDecision, clean_lines, strip_inline_tokens
from extractors.comments import RawComment, clean_comment_texts, concatenate, to_records
from extractors.dates import parse_date
from extractors.decoding import decode_html
from extractors.errors import EmptyInput, InputTooLarge, NoMainContent
from extractors.html_extract import parse_html, read_page
from extractors.language import detect_language
from extractors.metadata import PageMetadata
from extractors.options import ExtractOptions
from extractors.profiles import SiteProfile, profile_for
from extractors.records import Article, Comment, stable_id
from extractors.rules import Rule, generic_rules

_AUTHOR_LIST = re.compile(r"\s*(?:,|\band\b|&)\s*")


@dataclass(frozen=True)
class Diagnostics:
    """How the records came about: the cleaner's decision on every line, and notes."""

    decisions: tuple[LineDecision, ...]
    profile: str | None = None
    encoding: str | None = None
    notes: tuple[str, ...] = ()
    comment_origins: tuple[str, ...] = ()
    """Why each comment was taken (the markup element and rule, or the scraped text), in the
    order of the comment records."""

    def rules_fired(self) -> Counter[str]:
        """How many lines each rule removed or captured."""
        return Counter(d.rule for d in self.decisions if d.rule is not None)


@dataclass(frozen=True)
class Extraction:
    """One article record, its comment records, and the diagnostics."""

    article: Article
    comments: tuple[Comment, ...]
    diagnostics: Diagnostics = field(repr=False)

    def records(self) -> list[Article | Comment]:
        return [self.article, *self.comments]


@dataclass(frozen=True)
class _Input:
    """Where a text came from, for ids and the ``source`` field."""

    source: str
    url: str | None
    content_digest: str
    date_downloaded: str | None = None


def extract(
    body: bytes | str,
    url: str | None,
    options: ExtractOptions,
    *,
    source: str | None = None,
    content_type: str | None = None,
    date_downloaded: str | None = None,
) -> Extraction:
    """Article and comment records of the HTML page ``body`` fetched from ``url``.

    ``content_type`` is the HTTP header, used for the charset; ``date_downloaded`` (ISO 8601)
    is copied into the article. Raises an ``ExtractionError`` subclass on bad input.
    """
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    _check_size(raw, options)
    decoded = decode_html(raw, content_type=content_type) if isinstance(body, bytes) else None
    text = decoded.text if decoded else str(body)
    profile = profile_for(url, options.site)
    parsed = parse_html(text)
    page = read_page(parsed.tree, url, options, profile, parse_cut=parsed.cut, page_chars=len(text))
    metadata = page.metadata
    site_names = [*(profile.site_names if profile else ()), *_present(metadata.site_name)]
    rules = rules_for(profile)
    cleaned = clean_lines(page.text, rules, headline=metadata.headline, site_names=site_names)
    thread = page.thread
    # as in clean_text: a page whose main text is all boilerplate still gives its comments
    if not cleaned.body and not cleaned.comments and not (thread and thread.comments):
        raise NoMainContent("every line of the main text was removed as boilerplate")
    found, fired = clean_comment_texts(thread.comments if thread else (), rules)
    notes = (*(decoded.notes if decoded else ()), *page.notes)
    if fired:
        removed = ", ".join(f"{name} {count}" for name, count in fired.most_common())
        notes = (*notes, f"comments: cleaners removed lines of comment text ({removed})")
    return _assemble(
        _Input(source or url or "<html>", url, _digest(raw), date_downloaded),
        cleaned,
        replace(metadata, description=strip_inline_tokens(metadata.description, rules)),
        comments=concatenate(found, cleaned.comments),
        stated_comment_count=thread.stated_count if thread else None,
        options=options,
        diagnostics=Diagnostics(
            cleaned.decisions,
            profile.name if profile else None,
            decoded.encoding if decoded else None,
            notes,
            comment_origins=(
                *(thread.origins if thread else ()),
                *("scraped text: the comment section's lines" for _ in cleaned.comments),
            ),
        ),
    )


def clean_text(
    text: str,
    url: str | None,
    options: ExtractOptions,
    *,
    source: str | None = None,
) -> Extraction:
    """Article and comment records of ``text`` that a scraper already extracted."""
    raw = text.encode("utf-8", "surrogatepass")
    _check_size(raw, options)
    if not text.strip():
        raise EmptyInput("the text is empty or only white space")
    profile = profile_for(url, options.site)
    cleaned = clean_lines(
        text, rules_for(profile), site_names=profile.site_names if profile else ()
    )
    if not cleaned.body and not cleaned.comments:
        raise NoMainContent("every line of the text was removed as boilerplate")
    return _assemble(
        _Input(source or url or "<text>", url, _digest(raw)),
        cleaned,
        PageMetadata(),
        comments=list(cleaned.comments),
        stated_comment_count=None,
        options=options,
        diagnostics=Diagnostics(
            cleaned.decisions,
            profile.name if profile else None,
            comment_origins=tuple(
                "scraped text: the comment section's lines" for _ in cleaned.comments
            ),
        ),
    )


@cache
def rules_for(profile: SiteProfile | None) -> tuple[Rule, ...]:
    """A profile's own rules first (more specific), then the generic ones."""
    return (*(profile.rules if profile else ()), *generic_rules())


def _assemble(
    origin: _Input,
    cleaned: CleanedText,
    metadata: PageMetadata,
    *,
    comments: Sequence[RawComment],
    stated_comment_count: int | None,
    options: ExtractOptions,
    diagnostics: Diagnostics,
) -> Extraction:
    captured = cleaned.captures
    captured_date = _first(captured.get("datePublished"))
    canonical = metadata.canonical_url
    article_id = stable_id(origin.url or canonical or origin.content_digest)
    body = cleaned.body
    stated = stated_comment_count or _first_int(captured.get("commentCount"))
    article = Article(
        id=article_id,
        source=origin.source,
        url=origin.url,
        canonicalUrl=canonical,
        headline=cleaned.headline,
        authors=list(metadata.authors) or _split_authors(captured) or list(metadata.byline_authors),
        # the raw date comes from where the parsed one came from: metadata first
        datePublished=metadata.date_published or _parsed(captured_date),
        datePublishedRaw=(metadata.date_published_raw if metadata.date_published else None)
        or captured_date,
        dateModified=_parsed(_first(captured.get("dateModified"))) or metadata.date_modified,
        inLanguage=detect_language(
            body,
            max_chars=options.language_sample_chars,
            min_letters=options.min_language_letters,
        ),
        description=metadata.description,
        articleBody=body,
        keywords=list(metadata.keywords),
        mainImage=metadata.main_image,
        siteName=metadata.site_name,
        commentCount=stated if stated is not None else (len(comments) or None),
        dateDownloaded=origin.date_downloaded,
    )
    records = to_records(
        comments,
        article_id=article_id,
        source=origin.source,
        fetched_at=origin.date_downloaded,
    )
    return Extraction(article, tuple(records), diagnostics)


def _check_size(raw: bytes, options: ExtractOptions) -> None:
    if len(raw) > options.max_input_bytes:
        raise InputTooLarge(
            f"input is {len(raw):,} bytes, over the {options.max_input_bytes:,}-byte cap"
        )


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _present(value: str | None) -> list[str]:
    return [value] if value else []


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _first_int(values: list[str] | None) -> int | None:
    value = _first(values)
    return int(value) if value is not None and value.isdigit() else None


def _parsed(value: str | None) -> str | None:
    return parse_date(value) if value else None


def _split_authors(captured: dict[str, list[str]]) -> list[str]:
    names = [name for line in captured.get("authors", []) for name in _AUTHOR_LIST.split(line)]
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))
