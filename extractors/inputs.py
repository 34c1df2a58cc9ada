"""Turn the paths given to the ``copydesk`` CLI into a stream of input documents.

Each path is a file, a folder (walked recursively in sorted order, keeping only files
with a matching extension) or, for HTML, a WARC file whose HTML ``response`` records
become one document each. Every file or record gives exactly one item, either an
:class:`InputDocument` with its bytes or an :class:`InputFailure` that says why it could
not be read, so nothing is lost silently.

The stream is lazy: files are read one at a time, WARC records one at a time, and gzip
data is decompressed incrementally up to the size cap, so memory stays flat however
many inputs there are and however large a (compressed) file claims to be.

WARC reading uses warcio rather than FastWARC. FastWARC is faster, but it is not a
declared dependency, and once it decodes HTTP bodies (``auto_decode``) it gives no way
to tell a truncated record from a complete one: a file cut inside a record yields a
short body or a record with half of its headers, with no error. warcio exposes the
unread part of each record's declared ``Content-Length``, so truncation is detected
here, and its ``content_stream()`` does the dechunking and Content-Encoding decoding.

A crawler archive (crawler/archive.py) says in WARC headers of its own what the live crawl
made of each page: ``Copydesk-Record`` (``article``, ``comment-page`` or ``discovery``)
and, for a later comment page of an article, ``Copydesk-Article-URL`` and
``Copydesk-Comment-Offset``. They are read into :class:`InputDocument` fields; records
without them (other archives) read as before.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, Protocol

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeadersParserException

from extractors.errors import ExtractionError, InputTooLarge, UnreadableInput

_GZIP_MAGIC: Final = b"\x1f\x8b"
_CHUNK: Final = 64 * 1024
_SNIFF_BYTES: Final = 1024
_HTML_SUFFIXES: Final = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
_WARC_SUFFIXES: Final = (".warc", ".warc.gz")
_TEXT_SUFFIXES: Final = (".txt", ".txt.gz")
_HTML_MEDIA_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)

# What warcio raises on a malformed or truncated record. AttributeError is in the list
# because warcio 1.7-1.8 dereferences a missing WARC-Target-URI when a record's headers
# are cut short; it is caught around warcio's own calls only (see _next_record).
_WARC_ERRORS: Final = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    zlib.error,
    AttributeError,
)


@dataclass(frozen=True)
class InputDocument:
    """One readable input: a file's bytes, or the HTTP body of one WARC response record.

    source: the path as given (a file found in a folder: the folder joined with its
        relative path); for a WARC record ``"path#offset"``, the record's byte offset in
        the (possibly compressed) WARC file, the same on every run.
    url, content_type, date_downloaded: WARC-Target-URI, the HTTP Content-Type header
        and WARC-Date (ISO 8601) of a WARC record; ``None`` for plain files.
    crawl_role: the record's ``Copydesk-Record`` header: what the crawl that archived it
        made of the page (``"article"``, ``"comment-page"``, ``"discovery"``); ``None``
        when the record does not say (and for plain files).
    comment_page_of: the record's ``Copydesk-Article-URL`` header: the page is a later
        comment page of that article, whose comments the crawl attached to it, numbered
        from ``comment_offset`` (``Copydesk-Comment-Offset``). ``None``: a page of its own.
    """

    source: str
    body: bytes
    url: str | None = None
    content_type: str | None = None
    date_downloaded: str | None = None
    crawl_role: str | None = None
    comment_page_of: str | None = None
    comment_offset: int = 0


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read; ``error`` is an UnreadableInput or InputTooLarge."""

    source: str
    error: ExtractionError


InputItem = InputDocument | InputFailure


class _Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


@dataclass(frozen=True)
class _Kind:
    """Which files a folder walk keeps, and whether WARC files are opened as archives."""

    label: str
    suffixes: tuple[str, ...]
    reads_warc: bool


_HTML: Final = _Kind("HTML or WARC", _HTML_SUFFIXES + _WARC_SUFFIXES, reads_warc=True)
_TEXT: Final = _Kind("text", _TEXT_SUFFIXES, reads_warc=False)


def iter_html_inputs(paths: Iterable[str], *, max_bytes: int) -> Iterator[InputItem]:
    """HTML documents from files, folders and WARC files, in the order given.

    Folders keep ``.html``, ``.htm``, ``.xhtml`` (each optionally ``.gz``), ``.warc`` and
    ``.warc.gz`` files; a file named explicitly is read whatever its extension. A WARC
    gives one document per HTML ``response`` record.
    """
    return _iter_inputs(paths, max_bytes, _HTML)


def iter_text_inputs(paths: Iterable[str], *, max_bytes: int) -> Iterator[InputItem]:
    """Text documents from ``.txt`` / ``.txt.gz`` files and folders of them."""
    return _iter_inputs(paths, max_bytes, _TEXT)


def _iter_inputs(paths: Iterable[str], max_bytes: int, kind: _Kind) -> Iterator[InputItem]:
    for path in paths:
        if _is_dir(path):
            yield from _iter_folder(path, max_bytes, kind)
        else:
            yield from _iter_file(path, max_bytes, kind)


def _iter_file(path: str, max_bytes: int, kind: _Kind) -> Iterator[InputItem]:
    if kind.reads_warc and path.lower().endswith(_WARC_SUFFIXES):
        yield from _iter_warc(path, max_bytes)
    else:
        yield _read_file(path, max_bytes)


def _is_dir(path: str) -> bool:
    try:
        return Path(path).is_dir()
    except OSError:  # e.g. a parent folder without search permission: reading will say so
        return False


# --- folders ---------------------------------------------------------------------------


def _iter_folder(folder: str, max_bytes: int, kind: _Kind) -> Iterator[InputItem]:
    found = False
    for entry in _walk(folder, kind):
        if isinstance(entry, InputFailure):
            yield entry
            continue
        found = True
        yield from _iter_file(entry, max_bytes, kind)
    if not found:
        message = f"no {kind.label} files ({', '.join(kind.suffixes)}) in folder {folder}"
        yield InputFailure(folder, UnreadableInput(message))


def _walk(folder: str, kind: _Kind) -> Iterator[str | InputFailure]:
    """Matching file paths under ``folder``, depth first, each folder's entries by name.

    Only one folder's listing is held at a time. Symbolic links to folders are not
    followed (no cycles); symbolic links to files are.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputFailure(folder, UnreadableInput(f"cannot list folder {folder}: {_why(exc)}"))
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, kind)
        elif entry.name.lower().endswith(kind.suffixes):
            yield entry.path


# --- plain and gzip files --------------------------------------------------------------


def _read_file(path: str, max_bytes: int) -> InputItem:
    """The file's bytes, gunzipped if it starts with the gzip magic bytes."""
    try:
        with Path(path).open("rb") as raw:
            if raw.peek(2)[:2] == _GZIP_MAGIC:
                with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                    body, complete = _read_capped(unzipped, max_bytes)
            elif os.fstat(raw.fileno()).st_size > max_bytes:
                body, complete = b"", False
            else:
                body, complete = _read_capped(raw, max_bytes)
    except gzip.BadGzipFile as exc:
        return _unreadable(path, f"{path} is not a valid gzip file: {exc}")
    except EOFError:
        return _unreadable(path, f"{path} is a truncated gzip file (stream ends early)")
    except zlib.error as exc:
        return _unreadable(path, f"{path} holds corrupt gzip data: {exc}")
    except OSError as exc:
        return _unreadable(path, f"cannot read {path}: {_why(exc)}")
    if not complete:
        return InputFailure(path, _too_large(path, max_bytes))
    return InputDocument(path, body)


def _read_capped(stream: _Readable, max_bytes: int) -> tuple[bytes, bool]:
    """Up to ``max_bytes`` from ``stream``, and whether the stream ended within the cap.

    Reads in chunks and stops one byte past the cap, so a gzip bomb or a huge record
    costs about ``max_bytes`` of memory. Over the cap, the bytes read are returned too
    (enough to sniff whether a WARC body is HTML).
    """
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks), False


# --- WARC files ------------------------------------------------------------------------


class _BrokenRecordError(Exception):
    """A WARC record that is malformed or cut short; ends reading of its WARC file.

    ``offset`` is where the record starts, or negative when warcio cannot tell (a WARC
    gzipped as one stream instead of record by record).
    """

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


def _iter_warc(path: str, max_bytes: int) -> Iterator[InputItem]:
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        yield _unreadable(path, f"cannot read {path}: {_why(exc)}")
        return
    with handle:
        yield from _iter_warc_stream(path, handle, max_bytes)


def _iter_warc_stream(path: str, handle: IO[bytes], max_bytes: int) -> Iterator[InputItem]:
    """HTML documents of one open WARC file; after a broken record, one failure and stop."""
    records = ArchiveIterator(handle)
    yielded = False
    try:
        while (record := _next_record(records)) is not None:
            body = _read_html_body(record, max_bytes)
            offset = _finish_record(records, record)
            if body is not None:
                yielded = True
                yield _warc_item(f"{path}#{offset}", record, body, max_bytes)
        _check_at_end(records, os.fstat(handle.fileno()).st_size)
    except _BrokenRecordError as exc:
        source = f"{path}#{exc.offset}" if exc.offset >= 0 else path
        yield _unreadable(source, f"{source}: {exc}")
        return
    except OSError as exc:
        yield _unreadable(path, f"cannot read {path}: {_why(exc)}")
        return
    if not yielded:
        yield no_html_records(path)


def _next_record(records: ArchiveIterator) -> Any:
    start: int = records.offset  # where the next record starts (warcio keeps it current)
    try:
        return next(records, None)
    except _WARC_ERRORS as exc:
        if isinstance(exc, AttributeError):  # see _WARC_ERRORS
            reason = "incomplete WARC headers"
        else:
            reason = " ".join(str(exc).split()) or type(exc).__name__
        raise _BrokenRecordError(start, f"malformed WARC record ({reason})") from exc


def _read_html_body(record: Any, max_bytes: int) -> tuple[bytes, bool] | None:
    """The decoded HTTP body (capped) of a successful HTML response record, else ``None``.

    Only 2xx responses are pages: an archived 404 or 500 page is an error page, and a live
    crawl does not extract it either (Scrapy drops non-2xx responses before the spider).
    """
    if record.rec_type != "response" or not _is_success(record):
        return None
    return read_html_payload(_http_content_type(record), record.content_stream(), max_bytes)


def read_html_payload(
    content_type: str | None, payload: _Readable, max_bytes: int
) -> tuple[bytes, bool] | None:
    """The payload (capped, and whether it is whole) of a WARC response that holds HTML.

    ``None`` when the HTTP Content-Type is not HTML, or is missing and the payload does not
    start like HTML. Shared by this module's warcio reader and the FastWARC reader of
    ``extractors.scale``, so both keep the same records.
    """
    if content_type is not None and not _is_html_type(content_type):
        return None
    body, complete = _read_capped(payload, max_bytes)
    if content_type is None and not _HTML_START.search(body[:_SNIFF_BYTES]):
        return None
    return body, complete


def _warc_item(source: str, record: Any, body: tuple[bytes, bool], max_bytes: int) -> InputItem:
    return warc_document(
        source, record.rec_headers.get_header, _http_content_type(record), body, max_bytes
    )


def warc_document(
    source: str,
    warc_header: Callable[[str], str | None],
    content_type: str | None,
    body: tuple[bytes, bool],
    max_bytes: int,
) -> InputItem:
    """The input item of one HTML response record: its body and what its WARC headers say.

    ``warc_header`` looks a WARC header up by name (``None`` when missing); ``body`` is
    ``read_html_payload``'s. A body over the cap, or a comment page without a valid
    ``Copydesk-Comment-Offset``, gives an ``InputFailure``.
    """
    content, complete = body
    if not complete:
        return InputFailure(source, _too_large(source, max_bytes))
    article_url = _header(warc_header, "Copydesk-Article-URL")
    offset = 0
    if article_url is not None:
        offset_text = _header(warc_header, "Copydesk-Comment-Offset") or ""
        if not (offset_text.isascii() and offset_text.isdecimal()):
            message = (
                f"{source}: WARC record has Copydesk-Article-URL but no valid "
                f"Copydesk-Comment-Offset ({offset_text!r})"
            )
            return _unreadable(source, message)
        offset = int(offset_text)
    return InputDocument(
        source=source,
        body=content,
        url=warc_header("WARC-Target-URI"),
        content_type=content_type,
        date_downloaded=warc_header("WARC-Date"),
        crawl_role=_header(warc_header, "Copydesk-Record"),
        comment_page_of=article_url,
        comment_offset=offset,
    )


def _header(warc_header: Callable[[str], str | None], name: str) -> str | None:
    """A WARC header's value, stripped; ``None`` when missing or blank."""
    value = warc_header(name)
    return value.strip() if value is not None and value.strip() else None


def _is_success(record: Any) -> bool:
    if not record.http_headers:
        return True  # a resource record without HTTP headers has no status to check
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2")


def _http_content_type(record: Any) -> str | None:
    if not record.http_headers:
        return None
    value: str | None = record.http_headers.get_header("Content-Type")
    if value is None or not value.strip():
        return None
    return value.strip()


def _is_html_type(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in _HTML_MEDIA_TYPES


def _finish_record(records: ArchiveIterator, record: Any) -> int:
    """Read the rest of the record and return its offset, or raise _BrokenRecordError.

    warcio stops quietly at the end of the file, so compare what it read with the
    record's Content-Length; and it only warns (on stderr, counting ``err_count``) when
    the block is not followed by a blank line, which means the Content-Length is wrong.
    """
    warnings_before: int = records.err_count
    offset: int = records.get_record_offset()  # also reads the rest of the record
    declared = record.rec_headers.get_header("Content-Length")
    if declared is None or not declared.strip().isdigit():
        raise _BrokenRecordError(offset, "WARC record has no valid Content-Length")
    stream = record.raw_stream
    if isinstance(stream, LimitReader) and stream.limit > 0:
        message = (
            f"WARC record is truncated: {stream.limit} of its {declared.strip()} bytes are missing"
        )
        raise _BrokenRecordError(offset, message)
    if records.err_count > warnings_before:
        raise _BrokenRecordError(offset, "WARC record does not end where its Content-Length says")
    return offset


def _check_at_end(records: ArchiveIterator, size: int) -> None:
    """Raise _BrokenRecordError if warcio stopped before the end of the file.

    warcio treats a file that ends inside a record's HTTP headers as a clean end; its
    ``offset`` then still points at the start of that record.
    """
    end: int = records.offset
    if end < size:
        raise _BrokenRecordError(end, "WARC file ends inside this record (truncated)")


# --- failures --------------------------------------------------------------------------


def no_html_records(path: str) -> InputFailure:
    """The failure of a WARC file that held no page to extract."""
    return _unreadable(path, f"{path}: no successful (2xx) HTML response records in this WARC file")


def _unreadable(source: str, message: str) -> InputFailure:
    return InputFailure(source, UnreadableInput(message))


def _too_large(source: str, max_bytes: int) -> InputTooLarge:
    return InputTooLarge(f"{source} is over the size cap of {max_bytes} bytes")


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
