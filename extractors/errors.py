"""Typed failures of the extraction pipeline.

Each failure names the pipeline stage it happened in, so the CLI can turn it into an
error record (``{"type": "error", "stage": ..., "error": <class name>, "message": ...}``)
and a crawler pipeline into a dropped item plus a stats counter.
"""

from __future__ import annotations

from typing import ClassVar, Literal

Stage = Literal["read", "decode", "parse", "extract"]


class ExtractionError(Exception):
    """Base class: an input that yields an error record instead of an article."""

    stage: ClassVar[Stage] = "extract"


class InputTooLarge(ExtractionError):
    """The input (or its decompressed form) is over the configured size cap."""

    stage = "read"


class UnreadableInput(ExtractionError):
    """The input could not be read: a missing file, a broken gzip stream, a bad WARC record."""

    stage = "read"


class EmptyInput(ExtractionError):
    """The input holds no bytes, or only white space."""

    stage = "decode"


class UndecodableInput(ExtractionError):
    """The bytes are not text in any encoding we can trust (binary files, images, PDFs)."""

    stage = "decode"


class NotHtml(ExtractionError):
    """The text decoded but has no HTML structure to extract from."""

    stage = "parse"


class UnparsableHtml(ExtractionError):
    """lxml could not build a document tree from the markup."""

    stage = "parse"


class NoMainContent(ExtractionError):
    """The page parsed, but no article text was found in it."""

    stage = "extract"
