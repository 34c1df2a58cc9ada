"""Feed exporters that keep the output in step with the incremental state.

The incremental state (crawler/incremental.py) remembers a record once the feed exporters
have written it. Scrapy's JSON-lines exporter writes into a buffered file, so "written"
would mean "in an 8 KB buffer": a crawl killed (SIGKILL, the OOM killer, a container stop)
would lose the last records the state already counts as emitted, and no later run would
emit them. This exporter hands each line to the operating system as it writes it, so a
killed crawl leaves whole lines only.

A record is a plain dict (crawler/extraction.py): it is encoded as it is, without Scrapy's
per-field pass (an ItemAdapter, a field list and a serializer call for every field) that
gives the same dict for a dict without ``FEED_EXPORT_FIELDS``; other items take that pass.
"""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.python import to_bytes


class FlushingJsonLinesItemExporter(JsonLinesItemExporter):
    """``JsonLinesItemExporter`` that hands each line to the operating system at once."""

    def export_item(self, item: Any) -> None:
        if type(item) is dict and self.fields_to_export is None:
            self.file.write(to_bytes(self.encoder.encode(item) + "\n", self.encoding))
        else:
            super().export_item(item)
        self.file.flush()
