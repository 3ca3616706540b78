"""Writes that respect the file they replace: format, check --fix, --write-baseline, convert -o."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from newsdoc.io import files
from newsdoc.io.files import RefusedWriteError, atomic_write, file_stamp

from .cli_helpers import run

pytestmark = [
    pytest.mark.usefixtures("plain_environment"),
    pytest.mark.skipif(os.name != "posix", reason="POSIX permissions, links and signals"),
]

UNFORMATTED = "  Body line.\n\nHead\n"
FORMATTED = "Body line.\n\n\nHead\n"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dump that format and check --fix would change, in the current folder."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.txt"
    path.write_text(UNFORMATTED)
    return path


def _writes(capsys: pytest.CaptureFixture[str], path: Path) -> list[tuple[int, str]]:
    """Run format and check --fix on ``path``; their exit codes and stderr."""
    found = []
    for command in (["format"], ["check", "--fix"]):
        code, _, err = run(capsys, *command, path.name)
        found.append((code, err))
    return found


def test_a_read_only_file_is_refused(dump: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As an editor without force: not rewritten (even by root), a message naming it, exit 2."""
    dump.chmod(0o444)
    for code, err in _writes(capsys, dump):
        assert code == 2
        assert "a.txt: cannot write: it is read-only; not written" in err
    assert dump.read_text() == UNFORMATTED
    assert stat.S_IMODE(dump.stat().st_mode) == 0o444


def test_mode_is_kept_and_setuid_setgid_are_never_carried_over(
    dump: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The new file has the old permission bits, without setuid, setgid or sticky."""
    dump.chmod(0o6751)
    code, _, _ = run(capsys, "format", "a.txt")
    assert code == 0 and dump.read_text() == FORMATTED
    assert stat.S_IMODE(dump.stat().st_mode) == 0o751


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")
def test_owner_and_group_are_kept(dump: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file of another user and group keeps them (the write is by root, as in a container)."""
    os.chown(dump, 4321, 8765)
    dump.chmod(0o640)
    code, _, _ = run(capsys, "format", "a.txt")
    info = dump.stat()
    assert code == 0 and dump.read_text() == FORMATTED
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 8765, 0o640)


def test_an_owner_that_cannot_be_kept_is_refused(
    dump: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the new file cannot get the old owner (not root), nothing is written."""

    def refuse(*args: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    real = os.stat

    def other_owner(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real(path, *args, **kwargs)
        if Path(path) == dump:
            fields = list(info)
            fields[stat.ST_UID] = info.st_uid + 1
            return os.stat_result(fields)
        return info

    monkeypatch.setattr(os, "chown", refuse)
    monkeypatch.setattr(os, "stat", other_owner)
    with (
        pytest.raises(RefusedWriteError, match="could not be given; not written"),
        atomic_write(dump) as file,
    ):
        file.write(b"new")
    monkeypatch.undo()
    assert dump.read_text() == UNFORMATTED
    assert [p.name for p in dump.parent.iterdir()] == ["a.txt"]


def test_a_file_with_hard_links_is_refused(dump: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Replacing it would leave the other names with the old text: refused, both names intact."""
    other = dump.with_name("b.txt")
    os.link(dump, other)
    for code, err in _writes(capsys, dump):
        assert code == 2
        assert "a.txt: cannot write: it has 2 hard links, and the other names" in err
    assert dump.read_text() == other.read_text() == UNFORMATTED
    assert dump.stat().st_ino == other.stat().st_ino


def test_a_symbolic_link_is_written_through_so_every_name_sees_the_new_text(
    dump: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The target is replaced; the link stays a link to it."""
    link = dump.with_name("link.txt")
    link.symlink_to("a.txt")
    code, _, _ = run(capsys, "format", "link.txt")
    assert code == 0 and link.is_symlink()
    assert link.read_text() == dump.read_text() == FORMATTED


def test_a_file_changed_since_it_was_read_is_not_overwritten(
    dump: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writes the file while newsdoc works on it: its text is kept, exit 2."""
    from newsdoc.cli import fixing, format

    def meanwhile(real: Any) -> Any:
        def changed(*args: Any, **kwargs: Any) -> Any:
            dump.write_text("Someone else's text.\n\n\nTheirs\n")
            return real(*args, **kwargs)

        return changed

    for module, name, command in (
        (format, "canonical_bytes", ["format"]),
        (fixing, "fix_text", ["check", "--fix"]),
    ):
        dump.write_text(UNFORMATTED)
        with monkeypatch.context() as patch:
            patch.setattr(module, name, meanwhile(getattr(module, name)))
            code, _, err = run(capsys, *command, "a.txt")
        assert code == 2, command
        assert "a.txt: cannot write: it changed since it was read; not overwritten" in err
        assert dump.read_text() == "Someone else's text.\n\n\nTheirs\n"
    stamp = file_stamp(dump)
    dump.write_text("again")
    with (
        pytest.raises(RefusedWriteError, match="changed since it was read"),
        atomic_write(dump, expect=stamp) as file,
    ):
        file.write(b"new")
    assert dump.read_text() == "again"
    assert sorted(p.name for p in dump.parent.iterdir()) == ["a.txt"]


def test_the_folder_is_synced_after_the_rename(dump: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rename is made durable: the containing folder is fsynced after it."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(*args: Any) -> None:
        events.append("rename")
        real_replace(*args)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    with atomic_write(dump) as file:
        file.write(FORMATTED.encode())
    assert events == ["fsync file", "rename", "fsync folder"]


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from newsdoc.io.files import atomic_write
    # A process started in the background by a shell ignores SIGINT, and one
    # started by nohup SIGHUP: give them what an interactive run has (Python's
    # KeyboardInterrupt, the default that ends the process).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with atomic_write(sys.argv[1]) as file:
        file.write(b"half of the new text")
        file.flush()
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
        file.write(b" and the rest")
    """
)


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_during_a_write_removes_its_temporary_file(
    tmp_path: Path, signal_name: str
) -> None:
    """SIGTERM, SIGHUP (which end the process) and SIGINT leave the original and no temporary file."""
    target = tmp_path / "out.json"
    target.write_text("old")
    done = subprocess.run(
        [sys.executable, "-c", KILLED, str(target), signal_name],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_an_ignored_signal_stays_ignored_during_a_write(tmp_path: Path) -> None:
    """A process that ignores SIGHUP (started by nohup) goes on: the write ends and replaces the file."""
    target = tmp_path / "out.json"
    target.write_text("old")
    ignoring = KILLED.replace(
        "signal.signal(signal.SIGHUP, signal.SIG_DFL)",
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)",
    )
    assert ignoring != KILLED
    done = subprocess.run(
        [sys.executable, "-c", ignoring, str(target), "SIGHUP"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert target.read_text() == "half of the new text and the rest"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_signal_handlers_are_put_back_after_a_write(dump: Path) -> None:
    """The handlers are only there during a write: an application's own are left alone."""
    import signal

    before = signal.getsignal(signal.SIGTERM)
    with atomic_write(dump) as file:
        file.write(b"x")
        assert signal.getsignal(signal.SIGTERM) is files._on_signal
    assert signal.getsignal(signal.SIGTERM) is before
    assert not files._pending


def test_outputs_are_refused_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--write-baseline and convert -o refuse a read-only output too, and leave it."""
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(UNFORMATTED)
    for name, command in (
        ("base.json", ["check", "--write-baseline", "base.json", "a.txt"]),
        ("out.json", ["convert", "a.txt", "-o", "out.json"]),
    ):
        Path(name).write_text("old")
        Path(name).chmod(0o444)
        code, _, err = run(capsys, *command)
        assert code == 2, command
        assert "it is read-only; not written" in err
        assert Path(name).read_text() == "old"
