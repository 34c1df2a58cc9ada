"""copydesk's extraction library: pages and scraped text in, clean records out.

Pure: no Scrapy, no network, no global state. The crawler and the ``copydesk`` CLI both
call ``extract``/``clean_text``, so a saved page gives the same records as a live crawl.
"""

from extractors.errors import (
    EmptyInput,
    ExtractionError,
    InputTooLarge,
    NoMainContent,
    NotHtml,
    UndecodableInput,
    UnparsableHtml,
    UnreadableInput,
)
from extractors.options import ExtractOptions
from extractors.pipeline import Diagnostics, Extraction, clean_text, extract
from extractors.records import Article, Comment, ErrorRecord, Record

__all__ = [
    "Article",
    "Comment",
    "Diagnostics",
    "EmptyInput",
    "ErrorRecord",
    "ExtractOptions",
    "Extraction",
    "ExtractionError",
    "InputTooLarge",
    "NoMainContent",
    "NotHtml",
    "Record",
    "UndecodableInput",
    "UnparsableHtml",
    "UnreadableInput",
    "clean_text",
    "extract",
]
