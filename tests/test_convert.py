"""``newsdoc convert``: round trips, batches, order, --jobs, atomic output, usage errors."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdoc
import newsdoc.convert.engine as engine
import newsdoc.io.pool as pool
from newsdoc.cli.main import main
from newsdoc.convert.engine import Input
from newsdoc.io import jobs as _jobs
from newsdoc.io.finder import DUMP
from newsdoc.strategies import dump_texts
from tests import schema_check
from tests.conftest import DATA, SEED

VALID = sorted((DATA / "valid").glob("*.txt"))
INVALID = sorted((DATA / "invalid").glob("*.txt"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of valid dumps in nested folders (every layout in tests/data/valid, and the seed)."""
    root = tmp_path / "corpus"
    for index, path in enumerate([*VALID, SEED]):
        target = root / f"part{index % 3}" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return root


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- round trips -------------------------------------------------------------


@pytest.mark.parametrize("path", [*VALID, SEED], ids=lambda p: p.name)
def test_lossless_round_trip_of_one_file(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dump -> --lossless JSON -> text gives the original bytes; plain JSON gives the canonical form."""
    for extra in (["--lossless"], ["--lossless", "--positions"]):
        code, out, err = run(capsys, "convert", str(path), *extra)
        assert (code, err) == (0, "")
        (document,) = schema_check.documents(out, "json")
        assert "source" not in document
        saved = tmp_path / "doc.json"
        saved.write_text(out, encoding="utf-8")
        assert main(["convert", str(saved), "--to", "text", "-o", str(tmp_path / "back.txt")]) == 0
        assert (tmp_path / "back.txt").read_bytes() == path.read_bytes()
    code, out, _ = run(capsys, "convert", str(path))
    (tmp_path / "plain.json").write_text(out, encoding="utf-8")
    code, out, err = run(capsys, "convert", str(tmp_path / "plain.json"), "--to", "text")
    assert (code, err) == (0, "")
    assert out == newsdoc.dumps(newsdoc.load(path), canonical=True)


def test_lossless_round_trip_of_a_corpus(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder -> one lossless JSONL -> a folder of texts: every file comes back byte for byte."""
    jsonl = tmp_path / "corpus.jsonl"
    assert run(capsys, "convert", str(corpus), "--to", "jsonl", "--lossless", "-o", str(jsonl)) == (
        0,
        "",
        "",
    )
    documents = schema_check.documents(jsonl.read_text(encoding="utf-8"), "jsonl")
    assert [d["source"] for d in documents] == [p.as_posix() for p in files(corpus)]
    out = tmp_path / "back"
    assert run(capsys, "convert", str(jsonl), "--to", "text", "-o", str(out)) == (0, "", "")
    for original in files(corpus):
        copy = out / original.relative_to(original.anchor)
        assert copy.read_bytes() == original.read_bytes(), original


def test_text_to_text_canonical(corpus: Path, tmp_path: Path) -> None:
    """Dumps to --to text --canonical write each file's canonical form under the folder."""
    out = tmp_path / "formatted"
    assert main(["convert", str(corpus), "--to", "text", "--canonical", "-o", str(out)]) == 0
    for original in files(corpus):
        copy = out / original.relative_to(original.anchor)
        assert copy.read_text(encoding="utf-8") == newsdoc.dumps(
            newsdoc.load(original), canonical=True
        )


# --- output shapes -----------------------------------------------------------


def test_json_array_for_several_files(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Several files give a JSON array, written as json.dump(indent=2) would, each with its source.

    NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are escaped, so that line
    readers never split a string.
    """
    code, out, err = run(capsys, "convert", str(corpus), "--positions")
    assert (code, err) == (0, "")
    documents = schema_check.documents(out, "json")
    expected = json.dumps(documents, ensure_ascii=False, indent=2) + "\n"
    for char in "\u0085\u2028\u2029":
        assert char in expected and char not in out
        expected = expected.replace(char, f"\\u{ord(char):04x}")
    assert out == expected
    assert [d["source"] for d in documents] == [p.as_posix() for p in files(corpus)]
    assert all(isinstance(item["line"], int) for d in documents for item in d["body"])


def test_jsonl_one_line_per_document(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON Lines: one compact object per file, in sorted order, even for a single file."""
    code, out, _ = run(capsys, "convert", str(corpus), "--to", "jsonl")
    documents = schema_check.documents(out, "jsonl")
    assert len(documents) == len(files(corpus)) == len(out.splitlines())
    assert all(list(d) == ["schema", "source", "body", "headlines"] for d in documents)
    code, out, _ = run(capsys, "convert", str(SEED), "--to", "jsonl")
    assert code == 0 and json.loads(out)["source"] == SEED.as_posix()


def test_globs_order_and_duplicates(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Globs are expanded in sorted order (** included); a file named twice is converted once."""
    monkeypatch.chdir(corpus)
    code, out, _ = run(capsys, "convert", "part2/*.txt", "**/minimal.txt", "part0", "--to", "jsonl")
    assert code == 0
    sources = [d["source"] for d in schema_check.documents(out, "jsonl")]
    expected = sorted(p.as_posix() for p in Path("part2").glob("*.txt"))
    expected += [
        s for s in sorted(p.as_posix() for p in Path().glob("**/minimal.txt")) if s not in expected
    ]
    expected += [
        p.as_posix() for p in sorted(Path("part0").rglob("*.txt")) if p.as_posix() not in expected
    ]
    assert sources == expected
    assert len(set(sources)) == len(sources)
    code, _, err = run(capsys, "convert", "nothing/*.txt")
    assert (code, err) == (
        2,
        "newsdoc: nothing/*.txt: no files match\nnewsdoc: 1 path not found; no file converted\n",
    )


def test_json_inputs_to_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON and JSON Lines inputs convert to JSON too, keeping their sources, in input order."""
    docs = [newsdoc.to_dict(newsdoc.load(p), source=f"s{i}.txt") for i, p in enumerate(VALID[:3])]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(d) + "\n\n" for d in docs[:2]))
    (tmp_path / "b.json").write_text(json.dumps(docs[2]))
    code, out, err = run(capsys, "convert", str(tmp_path / "a.jsonl"), str(tmp_path / "b.json"))
    assert (code, err) == (0, "")
    assert schema_check.documents(out, "json") == docs
    code, out, _ = run(capsys, "convert", str(tmp_path), "--from", "jsonl", "--to", "jsonl")
    assert schema_check.documents(out, "jsonl") == docs[:2]


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """- reads standard input: a dump by default, JSON with --from json."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes())))
    code, out, err = run(capsys, "convert", "-", "--lossless")
    assert (code, err) == (0, "")
    (document,) = schema_check.documents(out, "json")
    assert "layout" in document and "source" not in document
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(out.encode())))
    code, back, err = run(capsys, "convert", "-", "--from", "json", "--to", "text")
    assert (code, err) == (0, "")
    assert back.encode() == SEED.read_bytes()


# --- batches with problems ---------------------------------------------------


def test_broken_files_do_not_stop_the_batch(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each broken file is reported as path:line:col: CODE message; the rest convert; exit 1."""
    for path in INVALID:
        shutil.copyfile(path, corpus / "part1" / f"bad_{path.name}")
    out_file = tmp_path / "out.jsonl"
    code, out, err = run(capsys, "convert", str(corpus), "--to", "jsonl", "-o", str(out_file))
    assert (code, out) == (1, "")
    bad = sorted((corpus / "part1").glob("bad_*.txt"))
    expected = []
    for path in bad:
        for error in newsdoc.parse(path.read_bytes()).errors:
            expected.append(
                f"newsdoc: {path}:{error.line}:{error.column}: {error.code} {error.msg}"
            )
    assert err.splitlines() == expected
    documents = schema_check.documents(out_file.read_text(encoding="utf-8"), "jsonl")
    assert [d["source"] for d in documents] == [
        p.as_posix() for p in files(corpus) if not p.name.startswith("bad_")
    ]


def test_missing_and_unreadable_inputs_exit_2(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing or unreadable input is named on stderr, exit 2, and the others still convert."""
    locked = files(corpus)[2]

    real = os.open

    def fake_open(path: str, flags: int, *args: int) -> int:
        if str(path) == str(locked):  # as root, chmod 0 would not stop the read
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", fake_open)
    missing = corpus / "missing.txt"
    code, out, err = run(capsys, "convert", str(missing), str(corpus), "--to", "jsonl")
    assert code == 2
    assert err.splitlines() == [
        f"newsdoc: {missing}: no such file or folder",
        f"newsdoc: {locked}: cannot read: Permission denied",
    ]
    assert len(out.splitlines()) == len(files(corpus)) - 1


def test_single_failing_input_leaves_output_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One input that fails: nothing on stdout, and an existing -o file is not replaced."""
    bad = tmp_path / "bad.txt"
    bad.write_text("body only\n")
    code, out, err = run(capsys, "convert", str(bad))
    assert (code, out) == (1, "")
    assert err.startswith(f"newsdoc: {bad}:1:10: ND004 ")
    target = tmp_path / "out.json"
    target.write_text("old")
    assert main(["convert", str(bad), "-o", str(target)]) == 1
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "out.json"]


def test_no_documents_is_an_empty_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder without dumps converts to an empty JSON array (and empty JSON Lines), with a warning."""
    warning = (
        f"newsdoc: warning: no files found in {tmp_path} (include: *.txt, *.txt.gz, *.txt.bz2, *.txt.xz, *.txt.zst); no file converted "
        "(--fail-on-empty makes this an error)\n"
    )
    assert run(capsys, "convert", str(tmp_path)) == (0, "[]\n", warning)
    assert run(capsys, "convert", str(tmp_path), "--to", "jsonl") == (0, "", warning)


# --- atomic output -----------------------------------------------------------


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyboardInterrupt()])
def test_interrupted_run_keeps_old_output(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
) -> None:
    """A failure half-way leaves the old output intact and no temporary file behind."""
    target = tmp_path / "out.jsonl"
    target.write_text("old output\n")
    real = engine.render
    calls = []

    def render(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 3:
            raise failure
        return real(*args)

    monkeypatch.setattr(engine, "render", render)
    code, out, err = run(
        capsys, "convert", str(corpus), "--to", "jsonl", "-o", str(target), "-j", "1"
    )
    assert out == ""
    assert len(calls) == 3
    if isinstance(failure, KeyboardInterrupt):
        assert (code, err) == (130, "newsdoc: interrupted\n")
    else:
        assert code == 2
        assert err == (
            "newsdoc: internal error: RuntimeError: boom (a bug in newsdoc: please report it "
            "with the command and its input at https://github.com/newsdoc/newsdoc/issues)\n"
        )
    assert target.read_text() == "old output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.jsonl"]


def test_failing_disk_keeps_old_output(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An I/O error while finishing the output is exit 2 naming it; the old file stays."""
    import os

    target = tmp_path / "out.json"
    target.write_text("old")

    def fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    code, out, err = run(capsys, "convert", str(corpus), "-o", str(target))
    assert (code, out, err) == (
        2,
        "",
        f"newsdoc: {target}: cannot write: No space left on device\n",
    )
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.json"]


def test_output_file_is_not_read_as_input(tmp_path: Path) -> None:
    """An output inside a searched folder is not converted on the next run."""
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps(newsdoc.to_dict(newsdoc.load(SEED))) + "\n")
    out = tmp_path / "all.jsonl"
    for _ in range(2):
        assert (
            main(["convert", str(tmp_path), "--from", "jsonl", "--to", "jsonl", "-o", str(out)])
            == 0
        )
        assert len(out.read_text().splitlines()) == 1


# --- text output into folders ------------------------------------------------


def test_text_folder_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Documents go to FOLDER/source (without a leading / or ..), else to input-N.txt; clashes exit 1."""
    doc = newsdoc.to_dict(newsdoc.load(SEED))
    lines = [
        {**doc, "source": "/abs/a.txt"},
        doc,
        {**doc, "source": "../escape.txt"},
        {**doc, "source": "abs/a.txt"},
    ]
    data = tmp_path / "in" / "data.jsonl"
    data.parent.mkdir()
    data.write_text("".join(json.dumps(line) + "\n" for line in lines))
    out = tmp_path / "out"
    code, _, err = run(capsys, "convert", str(data), "--to", "text", "-o", str(out))
    assert code == 1
    assert err.splitlines() == [
        f"newsdoc: {data}:4: {out / 'abs/a.txt'} was already written from {data}:1",
    ]
    written = sorted(p.relative_to(out).as_posix() for p in files(out))
    assert written == sorted(
        ["abs/a.txt", "escape.txt", (data.parent / "data-2.txt").relative_to("/").as_posix()]
    )


def test_several_documents_to_text_need_a_folder(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text for several documents cannot go to stdout: exit 2 with a hint."""
    code, out, err = run(capsys, "convert", str(corpus), "--to", "text")
    assert (code, out, err) == (
        2,
        "",
        "newsdoc: converting several documents to text needs -o FOLDER\n",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--to", "text", "--positions"],
            "--positions and --lossless apply to --to json, jsonl and parquet, not --to text",
        ),
        (["--canonical"], "--canonical applies to --to text, not --to json"),
        (["--to", "parquet"], "--to parquet needs -o OUT.parquet"),
    ],
)
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Options that do not fit together are exit 2 with a message saying why."""
    assert run(capsys, "convert", str(SEED), *argv) == (2, "", f"newsdoc: {message}\n")


def test_bad_jobs_and_folder_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs must be a whole number from 1; -o cannot be a folder for a file format."""
    code, _, err = run(capsys, "convert", str(SEED), "--jobs", "0")
    assert code == 2 and "argument -j/--jobs: must be at least 1, got 0" in err
    code, _, err = run(capsys, "convert", str(SEED), "-j", "many")
    assert code == 2 and "expected a whole number, got 'many'" in err
    assert run(capsys, "convert", str(SEED), "-o", str(tmp_path)) == (
        2,
        "",
        f"newsdoc: {tmp_path}: is a folder; --to json writes a file\n",
    )


# --- parallel and streaming --------------------------------------------------


@pytest.mark.parametrize("to", ["json", "jsonl", "text"])
def test_jobs_output_equals_sequential(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    to: str,
) -> None:
    """--jobs 2 writes byte for byte what --jobs 1 writes, with broken files and JSON inputs mixed in."""
    for path in INVALID[:4]:
        shutil.copyfile(path, corpus / "part1" / f"bad_{path.name}")
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps(newsdoc.to_dict(newsdoc.load(SEED), source="from/jsonl.txt")) + "\n"
    )
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)
    monkeypatch.setattr(_jobs, "CHUNK", 3)
    used = []
    real = pool._parallel

    def parallel(*args: Any) -> Any:
        used.append(args[3])  # the number of jobs the pool is started with
        return real(*args)

    monkeypatch.setattr(pool, "_parallel", parallel)
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        argv = ["convert", str(corpus / "part0"), str(extra), str(corpus), "--to", to, "-j", jobs]
        code, stdout, err = run(capsys, *argv, "-o", str(out))
        data = (
            {p.relative_to(out): p.read_bytes() for p in files(out)}
            if to == "text"
            else out.read_bytes()
        )
        results.append((code, stdout, err, data))
    assert used == [2]
    assert results[0] == results[1]
    assert results[0][0] == 1 and results[0][2].count("\n") >= 4


def test_convert_streams_with_bounded_lookahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine reads inputs only a bounded window ahead of what it has yielded (flat memory)."""
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 4)
    monkeypatch.setattr(_jobs, "CHUNK", 2)
    for jobs in (1, 2):
        taken = 0

        def endless() -> Any:
            nonlocal taken
            while True:
                taken += 1
                yield Input(str(SEED), DUMP)

        outcomes = cast(
            Generator[Any, None, None], engine.convert(endless(), engine.Options("jsonl"), jobs)
        )
        for count in range(1, 41):
            outcome = next(outcomes)
            assert outcome.status == 0
            # At most the window of chunks in flight (and the one being built) is read ahead.
            assert taken <= count + (4 * jobs + 2) * _jobs.CHUNK + _jobs.PARALLEL_MIN
        outcomes.close()


def test_a_spawned_worker_converts(tmp_path: Path) -> None:
    """A fresh (spawned) worker process builds its parser lazily and converts like this process."""
    import multiprocessing
    import pickle

    options = engine.Options("jsonl", positions=True)
    inputs = [Input(str(SEED), DUMP), Input(str(INVALID[0]), DUMP)]
    bound = (engine.convert_input, options)
    expected = pool._run_chunk(bound, inputs)
    with multiprocessing.get_context("spawn").Pool(1) as workers:
        got = workers.apply(pool._run_chunk, (bound, inputs))
    assert got == expected
    (first,), (second,) = got
    assert first.status == 0 and second.status == 1
    document = newsdoc.load(SEED)
    assert pickle.loads(pickle.dumps(document)) == document


def test_check_does_not_import_the_conversion_machinery() -> None:
    """`newsdoc check` stays light: no cattrs, json, multiprocessing, pyarrow or dask."""
    import subprocess

    code = (
        "import sys; from newsdoc.cli.main import main;"
        f"assert main(['check', {str(SEED)!r}]) == 0;"
        "heavy = ['cattrs', 'json', 'multiprocessing', 'concurrent.futures', 'pyarrow', 'dask',"
        " 'newsdoc.convert.engine', 'newsdoc.convert.sinks'];"
        "print('heavy:', [m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "heavy: []"


def _die(options: Any, paths: list[str]) -> Any:
    """A worker task that kills its process, as the OOM killer would."""
    import os

    os._exit(9)


def test_workers_that_die_on_every_chunk_still_convert_everything(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every chunk kills its worker: its files are converted again in fresh processes, in order."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched task reaches workers only when they are forked")
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)
    expected = tmp_path / "expected.jsonl"
    status = run(capsys, "convert", str(corpus), "--to", "jsonl", "-o", str(expected), "-j", "1")
    monkeypatch.setattr(pool, "_run_chunk", _die)
    target = tmp_path / "out.jsonl"
    target.write_text("old")
    code, out, err = run(
        capsys, "convert", str(corpus), "--to", "jsonl", "-o", str(target), "-j", "2"
    )
    assert (code, out, err) == status
    assert target.read_bytes() == expected.read_bytes()


def test_one_text_into_an_existing_folder(tmp_path: Path) -> None:
    """--to text -o FOLDER puts even a single document in the folder, at its path."""
    out = tmp_path / "out"
    out.mkdir()
    assert main(["convert", str(SEED), "--to", "text", "-o", str(out)]) == 0
    assert (out / SEED.relative_to(SEED.anchor)).read_bytes() == SEED.read_bytes()


@settings(max_examples=60)
@given(st.lists(dump_texts(), min_size=1, max_size=4), st.sampled_from(["json", "jsonl"]))
def test_engine_round_trip_of_random_dumps(texts: list[str], to: str) -> None:
    """Random dumps -> lossless JSON (or JSON Lines) files -> text: the original bytes, in order."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, text in enumerate(texts):
            path = Path(folder) / f"{index}.txt"
            path.write_bytes(text.encode("utf-8"))
            paths.append(str(path))
        options = engine.Options(to, lossless=True, single=False)
        outcomes = list(engine.convert([Input(p, DUMP) for p in paths], options, 1))
        assert [o.status for o in outcomes] == [0] * len(texts)
        data = b"".join(o.data for o in outcomes)
        converted = Path(folder) / f"all.{to}"
        converted.write_bytes(
            b"[\n" + b",\n".join(o.data for o in outcomes) + b"\n]\n" if to == "json" else data
        )
        schema_check.documents(converted.read_text(encoding="utf-8"), to)
        back = list(engine.convert([Input(str(converted), to)], engine.Options("text"), 1))
        assert [o.source for o in back] == [Path(p).as_posix() for p in paths]
        assert [o.data.decode("utf-8") for o in back] == texts


def test_json_array_to_text_needs_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON array of several documents goes to a folder, made when missing; stdout: one error.

    Without -o nothing is printed and one message says why (exit 2); -o
    names a folder, created when missing, with or without a final /; -o
    naming a file that exists is one error and the file is left alone.
    """
    doc = newsdoc.to_dict(newsdoc.load(SEED))
    data = tmp_path / "two.json"
    data.write_text(json.dumps([doc, doc, doc]))
    code, out, err = run(capsys, "convert", str(data), "--to", "text")
    assert (code, out) == (2, "")
    assert err == (
        f"newsdoc: {data}: holds several documents; converting several documents "
        "to text needs -o FOLDER\n"
    )
    for name in ("out", "slash/"):
        out_dir = tmp_path / name
        target = str(out_dir) + ("/" if name.endswith("/") else "")
        assert run(capsys, "convert", str(data), "--to", "text", "-o", target) == (0, "", "")
        assert sorted(p.name for p in files(out_dir)) == ["two-1.txt", "two-2.txt", "two-3.txt"]
    taken = tmp_path / "taken"
    taken.write_text("keep")
    code, out, err = run(capsys, "convert", str(data), "--to", "text", "-o", str(taken))
    assert (code, out) == (2, "")
    assert err == (
        f"newsdoc: {taken}: is a file, and several documents go to a folder: -o FOLDER/\n"
    )
    assert taken.read_text() == "keep"
