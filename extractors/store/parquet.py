"""Records as one Parquet table, for analysis tools (``copydesk export -o FILE.parquet``).

The Parquet table has one row per record and one column per record field (articles',
comments' and errors' fields together, ``type`` first); a field a record type does not have
is null in its rows. Column types come from the record dataclasses: ``int`` fields are
int64, ``list[str]`` fields lists of strings, the rest strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields
from itertools import islice
from pathlib import Path
from typing import Any, get_args, get_type_hints

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.records import Article, Comment, ErrorRecord

_ROW_GROUP = 2000  # records per Parquet row group: bounded memory on large stores
_RECORD_TYPES = {"article": Article, "comment": Comment, "error": ErrorRecord}


def _arrow_type(hint: object) -> pa.DataType:
    if hint == list[str]:
        return pa.list_(pa.string())
    if (set(get_args(hint)) - {type(None)} or {hint}) == {int}:  # int, int | None
        return pa.int64()
    return pa.string()


def _record_fields() -> dict[str, dict[str, pa.DataType]]:
    """Per record type, its fields (``type`` first, as in JSONL) and their column types."""
    by_type = {}
    for kind, cls in _RECORD_TYPES.items():
        hints = get_type_hints(cls)
        names = ["type", *(f.name for f in fields(cls) if f.name != "type")]
        by_type[kind] = {name: _arrow_type(hints[name]) for name in names}
    return by_type


RECORD_FIELDS = _record_fields()
PARQUET_SCHEMA = pa.schema(
    {name: kind for columns in RECORD_FIELDS.values() for name, kind in columns.items()}
)


def write_parquet(records: Iterable[Mapping[str, Any]], path: Path) -> int:
    """Write records as one Parquet table (see the module's doc); how many."""
    count = 0
    rows = iter(records)
    with pq.ParquetWriter(str(path), PARQUET_SCHEMA) as writer:
        while batch := list(islice(rows, _ROW_GROUP)):
            writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
            count += len(batch)
        if not count:
            writer.write_table(PARQUET_SCHEMA.empty_table())
    return count


def read_parquet(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a Parquet export, each with its own type's fields only, in order."""
    for batch in pq.ParquetFile(str(path)).iter_batches(batch_size=_ROW_GROUP):
        for row in batch.to_pylist():
            yield {name: row[name] for name in RECORD_FIELDS[row["type"]]}
