"""WARC files read with FastWARC, item for item as ``extractors.inputs`` reads them with warcio.

Each HTML response record gives the same :class:`~extractors.inputs.InputItem` as
``iter_html_inputs`` gives for it (same ``source`` ``path#offset``: FastWARC's
``stream_pos`` is warcio's record offset, in the compressed file for ``.warc.gz``), with the
same choice of records (2xx HTML responses, sniffed when they have no Content-Type), the
same size cap and the same reading of the crawler's ``Copydesk-*`` headers, all through
``extractors.inputs``'s own functions.

Truncation: with HTTP decoding on, FastWARC gives a record cut short by the end of the
file as a short body, without an error (see ``extractors.inputs``). So records are read
raw (``parse_http=False``), the block's length is checked against its ``Content-Length``,
and the HTTP message is then parsed (dechunked and decompressed) from the block by
FastWARC. A cut record, or an error FastWARC raises on a damaged file, ends that file with
one failure, as in ``extractors.inputs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import BinaryIO, Final

from fastwarc import ArchiveIterator, WarcRecord, WarcRecordType
from fastwarc.warc import WarcRecordPayloadReader

from extractors.errors import UnreadableInput
from extractors.inputs import (
    InputFailure,
    InputItem,
    no_html_records,
    read_html_payload,
    warc_document,
)

# FastWARC's own parse errors; OSError also covers a damaged gzip stream.
_FASTWARC_ERRORS: Final = (OSError, ValueError, RuntimeError)


def iter_warc_items(path: str, stream: BinaryIO, *, max_bytes: int) -> Iterator[InputItem]:
    """The HTML documents of one WARC file (``stream``, read from its start) named ``path``."""
    records = iter(ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=False))
    yielded = False
    while True:
        source = path  # where a failure is: the file, until a record's offset is known
        try:
            record = next(records, None)
            if record is None:
                break
            source = f"{path}#{record.stream_pos}"
            item = _item(source, record, max_bytes)
        except _FASTWARC_ERRORS as exc:
            message = f"{source}: malformed WARC record ({' '.join(str(exc).split())})"
            yield InputFailure(source, UnreadableInput(message))
            return
        if item is not None:
            yielded = True
            yield item
    if not yielded:
        yield no_html_records(path)


def _item(source: str, record: WarcRecord, max_bytes: int) -> InputItem | None:
    # One byte over the cap is enough to tell an oversized body, as in extractors.inputs.
    block = record.reader.read(min(record.content_length, max_bytes + 64 * 1024))
    if len(block) < min(record.content_length, max_bytes):
        message = (
            f"{source}: WARC record is truncated: "
            f"{record.content_length - len(block)} of its {record.content_length} bytes are missing"
        )
        return InputFailure(source, UnreadableInput(message))
    record.consume()
    payload: BytesIO | WarcRecordPayloadReader = BytesIO(block)
    status, content_type = None, None
    if http := _http_message(block):
        status, content_type, payload = http
    if status is not None and not 200 <= status < 300:
        return None
    body = read_html_payload(content_type, payload, max_bytes)
    if body is None:
        return None
    return warc_document(source, record.headers.get, content_type, body, max_bytes)


def _http_message(block: bytes) -> tuple[int | None, str | None, WarcRecordPayloadReader] | None:
    """Status, Content-Type and decoded payload of the HTTP response in ``block``.

    ``None`` for a response record without an HTTP message (no status to check).
    """
    if not block.startswith(b"HTTP/"):
        return None
    message = WarcRecord()
    message.init_headers(WarcRecordType.response, content_length=len(block))
    message.set_bytes_content(block)
    message.is_http = True
    message.parse_http(auto_decode="all")
    headers = message.http_headers
    content_type = (headers.get("Content-Type") or "").strip() or None
    return headers.status_code, content_type, message.reader
