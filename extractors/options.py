"""The one options object passed down the extraction pipeline.

Built once from CLI flags or Scrapy settings; frozen, so it can be shared by worker
processes and used as a cache key for the objects derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class ExtractOptions:
    """How pages are extracted and cleaned.

    site: force this site profile (a profile name such as ``"southfront.org"``) instead
        of choosing one by the page URL's domain.
    favor_precision: trafilatura's precision setting. Off: our cleaners remove what it
        would, and its extra pruning costs recall (body F1 measured in the README).
    fallbacks: also run trafilatura's fallback extractors (readability, jusText) and take
        their text where trafilatura prefers it. Off: it doubles trafilatura's time, and
        after our cleaners body F1 was no better on either benchmark.
    include_comments: extract reader comments as comment records.
    max_input_bytes: larger inputs give an ``InputTooLarge`` error record.
    max_metadata_search_chars: on larger pages, the date and authors are read from tags
        only (meta, JSON-LD), not searched for in the whole page, and a short main text is
        not checked against trafilatura's full setting: both take seconds there.
    language_sample_chars: langdetect sees at most this many characters of the body, so
        a long article costs no more than a short one.
    min_language_letters: with fewer letters than this, ``inLanguage`` is ``None``.
    """

    site: str | None = None
    favor_precision: bool = False
    fallbacks: bool = False
    include_comments: bool = True
    max_input_bytes: int = 32 * MIB
    max_metadata_search_chars: int = 2 * MIB
    language_sample_chars: int = 400
    min_language_letters: int = 30
