r"""Read a corpus of news dumps into a Dask bag, and write it as newsdoc's Parquet, on any cluster.

:func:`read_dumps` finds the files with newsdoc's one finder (the same
files ``newsdoc convert`` reads: folders, quoted globs, archives and URLs
such as ``s3://bucket/corpus/``, with the include and exclude globs,
``.gitignore`` and ``--max-bytes``), and gives a bag with one record per
file, read and parsed by the Dask workers (a worker reads from object
storage itself, through fsspec).  :func:`to_parquet` writes the documents
as Parquet parts with the schema, metadata and not-null lists of
``newsdoc convert --to parquet``, in the order of the files.

:func:`corpus_findings` runs the corpus rules (duplicates, near duplicates,
repeated lines: ND301-ND303) over a corpus: the workers read each file and
compute its signature (hashes), and the cluster compares them, grouping
by body hash, LSH band and line hash across partitions
(``newsdoc.rules.reduce``), so that only the findings come back to
the client; they are what ``newsdoc check --select ND3`` reports.

Needs ``newsdoc[dask]`` (Dask and fsspec), and ``newsdoc[parquet]`` to write
Parquet; Dask is imported when these functions are called.

Example::

    import tempfile
    from pathlib import Path

    import newsdoc.dask

    def test_read_dumps() -> None:
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "a.txt").write_text("A body.\n\n\nA headline\n", encoding="utf-8")
            Path(folder, "b.txt").write_text("No headline\n", encoding="utf-8")
            bag = newsdoc.dask.read_dumps(folder)
            docs = newsdoc.dask.documents(bag).compute(scheduler="sync")
            problems = newsdoc.dask.problems(bag).compute(scheduler="sync")
            assert [d["body"] for d in docs] == [["A body."]]
            assert problems[0].endswith(": ND004 the body is not followed by a blank line "
                                        "and a headline list")
"""

from __future__ import annotations

import os
import posixpath
import typing
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

import attrs

from .config.settings import Config
from .convert.parquet import arrow_schema, record_batch
from .convert.sinks import PARQUET_BATCH as _PARQUET_BATCH
from .io import paths as _paths
from .io.errors import InputError
from .io.finder import Source, SourceError, iter_sources
from .io.reading import read_source
from .model.diagnostic import Diagnostic
from .rules import reduce as _steps
from .rules.corpus import CROSS_FILE as _CROSS_FILE
from .rules.engine import validate_signed as _validate_signed
from .rules.merge import CorpusMerge as _CorpusMerge
from .syntax.jsonform import to_dict
from .syntax.parser import parse

if typing.TYPE_CHECKING:
    import dask.bag

__all__ = ["corpus_findings", "documents", "problems", "read_dumps", "to_parquet"]

_Options = tuple[int | None, bool, bool]


def read_dumps(
    urlpath: str | Sequence[str],
    *,
    config: Config | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    max_bytes: int | None = _paths.DEFAULT_MAX_BYTES,
    respect_gitignore: bool = True,
    positions: bool = False,
    lossless: bool = False,
    files_per_partition: int = 1000,
) -> dask.bag.Bag:
    """A bag of one record per file: its document, or the problems that kept it from one.

    ``urlpath`` is what ``newsdoc convert`` takes: files, folders, quoted
    globs, archives, URLs (one, or a list).  The files are found here, by
    the one finder, with ``config``'s include and exclude globs (default:
    the defaults), which ``include`` and ``exclude`` replace; each
    partition of ``files_per_partition`` files is read and parsed by a
    worker.  A document's record is its ``newsdoc/document/1`` form
    (:func:`newsdoc.to_dict` with ``source``, ``positions``, ``lossless``);
    a file that cannot be read or parsed gives ``{"source": name,
    "errors": [message, ...]}``, each message as ``newsdoc convert`` prints
    it.  Split them with :func:`documents` and :func:`problems`.
    """
    import dask.bag as db

    base = config if config is not None else Config()
    if include is not None or exclude is not None:
        base = attrs.evolve(
            base,
            include=tuple(include) if include is not None else base.include,
            exclude=tuple(exclude) if exclude is not None else base.exclude,
        )
    paths = [urlpath] if isinstance(urlpath, str) else list(urlpath)
    sources = list(
        iter_sources(paths, base, max_bytes=max_bytes, respect_gitignore=respect_gitignore)
    )
    options: _Options = (max_bytes, positions, lossless)
    bag = db.from_sequence(sources or [None], partition_size=files_per_partition)
    records: dask.bag.Bag = bag.map(_record, options).filter(_present)
    return records


def corpus_findings(
    urlpath: str | Sequence[str],
    *,
    config: Config | None = None,
    max_bytes: int | None = _paths.DEFAULT_MAX_BYTES,
    respect_gitignore: bool = True,
    files_per_partition: int = 1000,
    **compute_options: Any,
) -> list[tuple[str, list[Diagnostic]]]:
    """The corpus rules' findings over a corpus: each file that has some, and them, in file order.

    ``config`` says which corpus rules run and their options (default: the
    three that compare files, ND301-ND303, at their defaults); its include
    and exclude globs and per-file ignores apply as in ``newsdoc check``.
    The files are found here; each partition of ``files_per_partition``
    files is read and signed by a worker, and the signatures are compared
    on the cluster: only the findings come back, and
    they are those of ``newsdoc check`` over the same files.
    ``compute_options`` go to :func:`dask.compute` (``scheduler=...``).
    """
    from dask.base import compute as dask_compute

    if config is None:
        config = Config().with_selection(select=sorted(_CROSS_FILE))
    paths = [urlpath] if isinstance(urlpath, str) else list(urlpath)
    sources = [
        source
        for source in iter_sources(
            paths, config, max_bytes=max_bytes, respect_gitignore=respect_gitignore
        )
        if isinstance(source, Source)
    ]
    if not sources:
        return []
    (found,) = dask_compute(
        _corpus_bag(sources, config, max_bytes, files_per_partition), **compute_options
    )
    return [(name, diagnostics) for _, name, diagnostics in sorted(found, key=itemgetter(0))]


def _corpus_bag(
    sources: Sequence[Source],
    config: Config,
    max_bytes: int | None = _paths.DEFAULT_MAX_BYTES,
    files_per_partition: int = 1000,
) -> dask.bag.Bag:
    """A bag of ``(index, name, findings)``: the corpus rules over ``sources``, reduced on the cluster.

    The workers read and sign the files; then every comparison is a group
    by key across partitions (``groupby`` with the task shuffle): files by
    body hash (exact duplicates, and the first of each body for the
    rest), by LSH band key (near-duplicate candidates, each pair's
    similarity estimated where the band is), by file (the candidates
    verified as the merge does), by line hash (the files holding each line,
    counted in all and per folder; the folders' sizes are a small
    ``foldby``), and by file again (each file's findings).  No step holds
    more than one key's group, and the client receives only the findings.
    """
    import dask.bag as db

    merge = _CorpusMerge(config)
    severities = {code: str(config.severities.get(code, "warning")) for code in _CROSS_FILE}
    options: _steps.MergeOptions = (
        merge.exact,
        merge.threshold,
        merge.min_files,
        merge.share,
        merge.min_folder,
        severities,
    )
    bag = db.from_sequence(list(enumerate(sources)), partition_size=files_per_partition)
    signed = bag.map(_signed, (config, max_bytes)).filter(_steps.has_signature)
    parts = []
    if merge.exact or merge.near:
        bodies = signed.filter(_steps.has_body).groupby(_steps.body_key, shuffle="tasks")
        firsts = bodies.map(_steps.body_group, options).flatten()
        parts.append(firsts.filter(_steps.is_found).map(_steps.unwrap))
        if merge.near:
            bands = firsts.filter(_steps.is_indexed).map(_steps.band_records).flatten()
            pairs = bands.groupby(itemgetter(0), shuffle="tasks").map(_steps.band_group).flatten()
            near = pairs.groupby(itemgetter(0), shuffle="tasks").map(_steps.near_group, options)
            parts.append(near.filter(_present))
    if merge.lines:
        lined = signed.filter(_steps.has_lines)
        sizes = lined.foldby(itemgetter(2), _steps.count, 0, _steps.add, 0).reduction(
            dict, _steps.merged
        )
        lines = lined.map(_steps.line_records).flatten().groupby(itemgetter(0), shuffle="tasks")
        hits = lines.map(_steps.line_group, options, sizes).flatten()
        found = hits.groupby(itemgetter(0), shuffle="tasks").map(_steps.lines_found, options)
        parts.append(found.filter(_present))
    if not parts:
        empty: dask.bag.Bag = db.from_sequence([], npartitions=1)
        return empty
    every = db.concat(parts).groupby(itemgetter(0), shuffle="tasks")
    result: dask.bag.Bag = every.map(_steps.file_findings)
    return result


def _signed(item: tuple[int, Source], options: tuple[Config, int | None]) -> tuple[Any, ...]:
    """One file's index, name, folder and signature (None when it cannot be read)."""
    index, source = item
    config, max_bytes = options
    try:
        data = read_source(source, max_bytes)
    except InputError:
        return index, source.name, "", None
    signature = _validate_signed(data, config.for_path(source.relative))[1]
    return index, source.name, posixpath.dirname(source.name), signature


def _present(record: object) -> bool:
    return record is not None


def _record(source: Source | SourceError | None, options: _Options) -> dict[str, Any] | None:
    """One file's record: the task each worker runs (module level, so that it pickles)."""
    if source is None:
        return None  # a corpus with no file at all
    if isinstance(source, SourceError):
        return {"source": source.name, "errors": [str(source)]}
    max_bytes, positions, lossless = options
    name = source.name if os.sep == "/" else source.name.replace(os.sep, "/")
    try:
        data = read_source(source, max_bytes)
    except InputError as error:
        return {"source": name, "errors": [str(error)]}
    result = parse(data)
    if result.errors or result.document is None:
        messages = [f"{source.name}:{e.line}:{e.column}: {e.code} {e.msg}" for e in result.errors]
        return {"source": name, "errors": messages}
    return to_dict(result.document, source=name, positions=positions, lossless=lossless)


def _is_document(record: dict[str, Any]) -> bool:
    return "errors" not in record


def _is_problem(record: dict[str, Any]) -> bool:
    return "errors" in record


def _messages(record: dict[str, Any]) -> list[str]:
    messages: list[str] = record["errors"]
    return messages


def documents(records: dask.bag.Bag) -> dask.bag.Bag:
    """The documents of :func:`read_dumps`' records, in file order."""
    found: dask.bag.Bag = records.filter(_is_document)
    return found


def problems(records: dask.bag.Bag) -> dask.bag.Bag:
    """The messages of the files that gave no document, in file order."""
    found: dask.bag.Bag = records.filter(_is_problem).map(_messages).flatten()
    return found


def to_parquet(
    records: dask.bag.Bag,
    urlpath: str,
    *,
    positions: bool = False,
    lossless: bool = False,
    compute: bool = True,
    **compute_options: Any,
) -> list[str] | Any:
    """Write the documents as ``urlpath/part-00000.parquet``... (local or any fsspec URL).

    One part per partition, numbered in file order, so that reading the
    parts in name order gives the rows ``newsdoc convert --to parquet``
    writes, with the same schema, metadata (``newsdoc.schema``) and
    not-null lists; ``positions`` and ``lossless`` must be those the
    records were read with.  Returns the parts' URLs (with ``compute``
    False, the Dask delayed objects that write them);
    ``compute_options`` go to :func:`dask.compute` (``scheduler=...``).
    """
    from dask.base import compute as dask_compute
    from dask.delayed import delayed

    parts = documents(records).to_delayed()
    folder = urlpath.rstrip("/")
    writes = [
        delayed(_write_part)(part, f"{folder}/part-{index:05d}.parquet", positions, lossless)
        for index, part in enumerate(parts)
    ]
    if not compute:
        return writes
    (written,) = dask_compute(writes, **compute_options)
    return list(written)


def _write_part(rows: Iterable[dict[str, Any]], url: str, positions: bool, lossless: bool) -> str:
    """Write one partition's documents as one Parquet file (the task of each part)."""
    import fsspec
    import pyarrow.parquet as pq

    schema = arrow_schema(positions, lossless)
    batch: list[dict[str, Any]] = []
    with fsspec.open(url, "wb", auto_mkdir=True) as stream:
        writer = pq.ParquetWriter(stream, schema)
        for row in rows:
            batch.append({key: value for key, value in row.items() if key != "schema"})
            if len(batch) >= _PARQUET_BATCH:
                writer.write_batch(record_batch(batch, schema))
                batch = []
        if batch:
            writer.write_batch(record_batch(batch, schema))
        writer.close()
    return url
