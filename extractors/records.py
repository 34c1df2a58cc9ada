"""The records copydesk emits: articles, comments and errors.

Field names follow schema.org and Zyte's common Article item so the JSONL drops into
existing tools. Absent values are ``None`` or ``[]``, never ``"None"`` or ``""``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from extractors.errors import ExtractionError, Stage


def stable_id(*parts: str | int | None) -> str:
    """A short id that depends only on ``parts``: the same page gives the same id every run."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One article record.

    ``articleBody`` holds paragraphs separated by a blank line. Dates are ISO 8601
    (``datePublishedRaw`` keeps the text as the page wrote it); ``inLanguage`` is an
    ISO 639-1 code or ``None`` when the text is too short to tell.
    """

    id: str
    source: str
    url: str | None = None
    canonicalUrl: str | None = None
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    datePublished: str | None = None
    datePublishedRaw: str | None = None
    dateModified: str | None = None
    inLanguage: str | None = None
    description: str | None = None
    articleBody: str | None = None
    keywords: list[str] = field(default_factory=list)
    mainImage: str | None = None
    siteName: str | None = None
    commentCount: int | None = None
    dateDownloaded: str | None = None
    type: Literal["article"] = "article"

    def to_dict(self) -> dict[str, Any]:
        return _with_type_first(asdict(self))


@dataclass(frozen=True)
class Comment:
    """One reader comment. ``parentId`` is ``None`` at top level; ``depth`` 0 there."""

    id: str
    source: str
    articleId: str
    parentId: str | None
    position: int
    depth: int
    author: str | None = None
    datePublished: str | None = None
    text: str | None = None
    upvoteCount: int | None = None
    type: Literal["comment"] = "comment"

    def to_dict(self) -> dict[str, Any]:
        return _with_type_first(asdict(self))


@dataclass(frozen=True)
class ErrorRecord:
    """What an input that could not be extracted yields instead of an article."""

    source: str
    stage: Stage
    error: str
    message: str
    type: Literal["error"] = "error"

    @classmethod
    def from_exception(cls, source: str, exc: ExtractionError) -> ErrorRecord:
        return cls(source=source, stage=exc.stage, error=type(exc).__name__, message=str(exc))

    def to_dict(self) -> dict[str, Any]:
        return _with_type_first(asdict(self))


Record = Article | Comment | ErrorRecord


def _with_type_first(values: dict[str, Any]) -> dict[str, Any]:
    kind = values.pop("type")
    return {"type": kind, **values}
