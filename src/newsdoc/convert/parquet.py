"""newsdoc's Parquet files: their fixed Arrow schema, writing rows, and reading documents back.

One row per document; the columns are the keys of the JSON form
(docs/json.md), with the same values:

============  ====================================================================
``source``    ``string`` (null when the document has none)
``body``      ``list<item>``, not null
``headlines`` ``list<item>``, not null
``layout``    with ``--lossless`` only: ``struct<bom: bool, leading: list<string>,
              separator: list<string>, trailing: list<string>>``, not null
============  ====================================================================

An item is a ``string`` (the default form), or with ``--positions`` and
``--lossless`` a ``struct`` of the JSON form's keys: ``text`` (string),
``line`` (int64, null when unknown; ``--positions``), ``indent``,
``trailing`` and ``newline`` (strings; ``--lossless``).  Every field but
``source`` and ``line`` is not null, list elements included.  The file's
metadata key ``newsdoc.schema`` holds ``newsdoc/document/1``.

pyarrow is imported when a Parquet file is written or read (the optional
``newsdoc[parquet]``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final

from ..rules.signals import NAMES as SIGNALS
from ..syntax.jsonform import SCHEMA

__all__ = ["METADATA_KEY", "ParquetError", "arrow_schema", "iter_rows", "record_batch"]

METADATA_KEY: Final = b"newsdoc.schema"
"""The key of the Parquet file's metadata that names the form, ``newsdoc/document/1``."""


class ParquetError(ValueError):
    """A Parquet file that is not one of newsdoc's documents."""


def arrow_schema(positions: bool = False, lossless: bool = False, signals: bool = False) -> Any:
    """The Arrow schema of the Parquet files ``convert --to parquet`` writes with these options."""
    import pyarrow as pa

    def strings() -> Any:
        return pa.list_(pa.field("element", pa.string(), nullable=False))

    if positions or lossless:
        fields = [pa.field("text", pa.string(), nullable=False)]
        if positions:
            fields.append(pa.field("line", pa.int64()))
        if lossless:
            fields += [
                pa.field(name, pa.string(), nullable=False)
                for name in ("indent", "trailing", "newline")
            ]
        item = pa.struct(fields)
    else:
        item = pa.string()
    columns = [
        pa.field("source", pa.string()),
        pa.field("body", pa.list_(pa.field("element", item, nullable=False)), nullable=False),
        pa.field("headlines", pa.list_(pa.field("element", item, nullable=False)), nullable=False),
    ]
    if lossless:
        layout = pa.struct(
            [
                pa.field("bom", pa.bool_(), nullable=False),
                pa.field("leading", strings(), nullable=False),
                pa.field("separator", strings(), nullable=False),
                pa.field("trailing", strings(), nullable=False),
            ]
        )
        columns.append(pa.field("layout", layout, nullable=False))
    if signals:
        fields = [
            pa.field(name, pa.int64() if name in ("lines", "words") else pa.float64(), False)
            for name in SIGNALS
        ]
        columns.append(pa.field("signals", pa.struct(fields), nullable=False))
    return pa.schema(columns, metadata={METADATA_KEY: SCHEMA.encode()})


def record_batch(rows: Sequence[dict[str, Any]], schema: Any) -> Any:
    """A record batch of rows in the JSON form (``schema`` keys left out), column by column."""
    import pyarrow as pa

    return pa.record_batch(
        [pa.array([row.get(field.name) for row in rows], field.type) for field in schema],
        schema=schema,
    )


def iter_rows(stream: Any, name: str, batch: int = 1024) -> Iterator[dict[str, Any]]:
    """The documents of a Parquet file, one JSON-form dict each (with ``schema``), in row order.

    Raises :class:`ParquetError` for a file that is not newsdoc's (a schema
    other than ``newsdoc/document/1`` in its metadata), and lets pyarrow's
    errors through for one that is not Parquet.  Rows are read a batch at a
    time: memory holds one batch.
    """
    import pyarrow.parquet as pq

    reader = pq.ParquetFile(stream)
    metadata = reader.schema_arrow.metadata or {}
    declared = metadata.get(METADATA_KEY)
    if declared is not None and declared != SCHEMA.encode():
        shown = declared.decode("utf-8", "replace")
        raise ParquetError(f'unsupported schema "{shown}": this newsdoc reads "{SCHEMA}"')
    for record in reader.iter_batches(batch_size=batch):
        for row in record.to_pylist():
            yield {"schema": SCHEMA, **{k: v for k, v in row.items() if v is not None}}
