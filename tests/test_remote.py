"""URLs through fsspec: its memory file system, and a local HTTP server started by the test."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdoc.io import jobs as _jobs
from tests.cli_helpers import CLEAN, WARNING, run, write
from tests.conftest import SEED

# The dev extra (what CI installs) has newsdoc[remote]: in CI a missing fsspec fails.
if not os.environ.get("CI"):
    pytest.importorskip("fsspec", reason="needs newsdoc[remote]")
    pytest.importorskip("aiohttp", reason="needs newsdoc[remote]")
import fsspec

pytestmark = pytest.mark.usefixtures("plain_environment")


@pytest.fixture
def bucket() -> Iterator[str]:
    """A corpus in fsspec's memory file system, removed afterwards."""
    fs = fsspec.filesystem("memory")
    root = "/bucket-test/corpus"
    fs.pipe(f"{root}/a.txt", WARNING.encode())
    fs.pipe(f"{root}/b.txt.gz", gzip.compress(CLEAN.encode()))
    fs.pipe(f"{root}/notes.md", b"# not a dump\n")
    fs.pipe(f"{root}/drafts/c.txt", WARNING.encode())
    fs.pipe(f"{root}/sub/d.txt", CLEAN.encode())
    yield "memory://bucket-test/corpus"
    fs.rm("/bucket-test", recursive=True)


def paths(out: str) -> list[str]:
    return [f["path"] for f in json.loads(out)["files"]]


def test_a_bucket_folder_is_searched_like_a_local_one(
    bucket: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder URL gives its dumps, sorted, with the include and exclude globs."""
    code, out, _ = run(capsys, "check", "--output-format", "json", bucket)
    assert code == 0
    assert paths(out) == [
        "memory:///bucket-test/corpus/a.txt",
        "memory:///bucket-test/corpus/b.txt.gz",
        "memory:///bucket-test/corpus/drafts/c.txt",
        "memory:///bucket-test/corpus/sub/d.txt",
    ]
    _, out, _ = run(
        capsys, "check", "--output-format", "json", "--extend-exclude", "drafts", bucket
    )
    assert "memory:///bucket-test/corpus/drafts/c.txt" not in paths(out)


def test_files_and_globs_by_url(bucket: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A file URL is read as named; a quoted glob gives its matches; a missing URL is an error."""
    code, out, _ = run(capsys, "check", "--output-format", "concise", "-q", f"{bucket}/a.txt")
    assert (code, out) == (
        0,
        f"{bucket}/a.txt:1:33: ND101 [warning] trailing whitespace: a space after the text\n",
    )
    _, out, _ = run(capsys, "check", "--output-format", "json", f"{bucket}/**/*.txt")
    assert paths(out) == [
        "memory:///bucket-test/corpus/a.txt",
        "memory:///bucket-test/corpus/drafts/c.txt",
        "memory:///bucket-test/corpus/sub/d.txt",
    ]
    code, _, err = run(capsys, "check", f"{bucket}/nothing-here")
    assert code == 2
    assert err.startswith(f"newsdoc: {bucket}/nothing-here: no such file or folder\n")


def test_max_bytes_applies_to_urls(bucket: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--max-bytes refuses a remote file over the limit, and the run goes on."""
    code, out, err = run(capsys, "check", "--output-format", "json", "--max-bytes", "60", bucket)
    assert code == 2
    assert "memory:///bucket-test/corpus/a.txt" in paths(out)  # 58 bytes
    assert err.splitlines()[0] == (
        "newsdoc: memory:///bucket-test/corpus/b.txt.gz: larger than the limit of 60 bytes; "
        "skipped (raise it with --max-bytes, or 0 for no limit)"
    )


def test_jobs_give_the_same_ordered_output(
    bucket: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With worker processes the results are the same, in the same order, for check and convert."""
    fs = fsspec.filesystem("memory")
    for index in range(30):
        fs.pipe(
            f"/bucket-test/corpus/many/{index:02}.txt", (WARNING if index % 3 else CLEAN).encode()
        )
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 4)
    monkeypatch.setattr(_jobs, "CHUNK", 3)
    outputs = []
    for jobs in ("1", "2"):
        code, out, _ = run(capsys, "check", "--output-format", "concise", "-j", jobs, bucket)
        converted = run(capsys, "convert", bucket, "--to", "jsonl", "-j", jobs)
        outputs.append((code, out, converted))
    assert outputs[0] == outputs[1]
    assert outputs[0][1].count("ND101") == 2 + 20


def test_convert_and_report_read_urls(bucket: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Convert names each document by its URL; report counts the same files."""
    code, out, _ = run(capsys, "convert", bucket, "--to", "jsonl")
    assert code == 0
    sources = [json.loads(line)["source"] for line in out.splitlines()]
    assert sources[0] == "memory:///bucket-test/corpus/a.txt" and len(sources) == 4
    code, out, _ = run(capsys, "report", "--format", "json", bucket)
    assert json.loads(out)["totals"]["files"] == 4


def test_urls_are_read_only(bucket: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Format says a remote file is read-only and leaves it as it was."""
    url = f"{bucket}/a.txt"
    code, _, err = run(capsys, "format", url)
    assert code == 2
    assert err.splitlines()[0] == (
        f"newsdoc: {url}: a remote file is read-only: not formatted "
        "(format rewrites local files; --check and --diff read)"
    )
    assert fsspec.filesystem("memory").cat("/bucket-test/corpus/a.txt") == WARNING.encode()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A local HTTP server of a folder, on a free port of 127.0.0.1, for the test's duration."""
    folder = tmp_path / "site"
    write(folder / "a.txt", WARNING)
    (folder / "corpus.tar.gz").write_bytes(_tar_gz({"x.txt": CLEAN, "y.txt": WARNING}))
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: the test reads stderr."""


def _tar_gz(members: dict[str, str]) -> bytes:
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(text.encode())
            tar.addfile(info, io.BytesIO(text.encode()))
    return buffer.getvalue()


def test_https_style_urls_through_a_local_server(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file and an archive served over HTTP are read; a missing one is one error."""
    code, out, err = run(
        capsys,
        "check",
        "--output-format",
        "concise",
        "-q",
        f"{server}/a.txt",
        f"{server}/corpus.tar.gz",
        f"{server}/missing.txt",
    )
    assert code == 2
    assert out.splitlines() == [
        f"{server}/a.txt:1:33: ND101 [warning] trailing whitespace: a space after the text",
        f"{server}/corpus.tar.gz:y.txt:1:33: ND101 [warning] trailing whitespace: a space after the text",
    ]
    assert err == f"newsdoc: {server}/missing.txt: no such file\n"


def test_worker_processes_read_urls_themselves(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --jobs 2 the workers fetch the URLs; the output is --jobs 1's, in order."""
    for index in range(12):
        write(tmp_path / "site" / f"d{index:02}.txt", WARNING if index % 2 else CLEAN)
    urls = [f"{server}/d{index:02}.txt" for index in range(12)]
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 4)
    monkeypatch.setattr(_jobs, "CHUNK", 2)
    one = run(capsys, "check", "--output-format", "concise", "-j", "1", *urls)
    two = run(capsys, "check", "--output-format", "concise", "-j", "2", *urls)
    assert one == two
    assert one[1].count("ND101") == 6 and one[1].index("d01.txt") < one[1].index("d11.txt")


def test_the_default_install_never_imports_fsspec() -> None:
    """Checking a local file imports neither fsspec nor a compressor nor tarfile."""
    code = (
        "import sys\n"
        "from newsdoc.cli.main import main\n"
        f"main(['check', '-q', {str(SEED)!r}])\n"
        "print(sorted(m for m in ('fsspec', 'gzip', 'tarfile', 'zipfile', 'zstandard', 'pathspec')"
        " if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.splitlines()[-1] == "[]"


def test_a_url_without_fsspec_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without fsspec a URL is one error naming the extra to install."""
    monkeypatch.setitem(sys.modules, "fsspec", None)
    code, _, err = run(capsys, "check", "s3://bucket/corpus/")
    assert code == 2
    assert err.startswith(
        "newsdoc: s3://bucket/corpus/: reading URLs needs fsspec: pip install 'newsdoc[remote]'\n"
    )
