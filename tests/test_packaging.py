"""The built wheel and sdist: they contain the grammar, and the wheel works on its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

from newsdoc.rules.phrasebook import LANGUAGES
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow


def _build(out: Path, env: dict[str, str] | None = None) -> Path:
    """Build the sdist and the wheel into ``out`` (in an isolated build environment)."""
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        env=env,
    )
    return out


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("dist"))


def _floor() -> str:
    """The lowest hatchling that ``[build-system] requires`` allows."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (requirement,) = data["build-system"]["requires"]
    match = re.fullmatch(r"hatchling>=([\d.]+)", requirement)
    assert match, requirement
    return match.group(1)


def _check_metadata(dist: Path) -> None:
    """The wheel's and the sdist's metadata declare the licence as PEP 639 says (core 2.4+)."""
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        (info,) = {n.split("/")[0] for n in archive.namelist() if ".dist-info/" in n}
        names = archive.namelist()
        wheel_metadata = archive.read(f"{info}/METADATA").decode("utf-8")
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("/PKG-INFO"))
        file = archive.extractfile(member)
        assert file is not None
        sdist_metadata = file.read().decode("utf-8")
    assert f"{info}/licenses/LICENSE" in names
    for text in (wheel_metadata, sdist_metadata):
        headers = HeaderParser().parsestr(text)
        # PEP 639's fields need core metadata 2.4 or later.
        version = tuple(int(part) for part in headers["Metadata-Version"].split("."))
        assert version >= (2, 4), headers["Metadata-Version"]
        assert headers["License-Expression"] == "MIT"
        assert headers.get_all("License-File") == ["LICENSE"]
        assert headers["License"] is None  # the legacy field, which 2.4 replaces
        assert headers["Name"] == "newsdoc"
        assert headers["Requires-Python"] == ">=3.11"


def test_the_latest_hatchling_builds_correct_metadata(dist: Path) -> None:
    """The build with the newest hatchling declares the licence and its file (PEP 639)."""
    _check_metadata(dist)


def test_the_lowest_hatchling_allowed_builds_correct_metadata(tmp_path: Path) -> None:
    """The build floor of pyproject.toml is honest: that exact hatchling builds the same metadata.

    hatchling 1.21 to 1.25 refuse ``license-files`` as a list; 1.26 writes
    metadata 2.3 with a legacy ``License`` field.  The build environment is
    pinned to the floor with a pip constraint.
    """
    floor = _floor()
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(f"hatchling=={floor}\n", encoding="utf-8")
    out = _build(tmp_path / "dist", {**os.environ, "PIP_CONSTRAINT": str(constraints)})
    _check_metadata(out)


def test_sdist_and_wheel_contain_the_grammar(dist: Path) -> None:
    """The sdist has grammar/newsdoc.lark; the wheel has it inside the package, with py.typed, the JSON Schemas and the phrase files."""
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(n.endswith("/grammar/newsdoc.lark") for n in names)
    assert any(n.endswith("/LICENSE") for n in names)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "newsdoc/syntax/newsdoc.lark" in names
        assert "newsdoc/py.typed" in names
        for schema in (ROOT / "src" / "newsdoc" / "schemas").glob("*.schema.json"):
            assert f"newsdoc/schemas/{schema.name}" in names
        phrases = sorted((ROOT / "src" / "newsdoc" / "rules" / "phrases").glob("*.txt"))
        assert [path.stem for path in phrases] == sorted(LANGUAGES)
        for phrase_file in phrases:
            assert f"newsdoc/rules/phrases/{phrase_file.name}" in names
        grammar = archive.read("newsdoc/syntax/newsdoc.lark")
    assert grammar == (ROOT / "grammar" / "newsdoc.lark").read_bytes()


def test_installed_wheel_parses_the_sample(dist: Path, tmp_path: Path) -> None:
    """A non-editable wheel in a scratch venv, run away from the checkout, parses the sample."""
    (wheel,) = dist.glob("*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    # lark and attrs come from this interpreter's site-packages, read-only.
    site = [p for p in sys.path if p.endswith("site-packages")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(site), "NEWSDOC_CACHE_DIR": ""}
    code = (
        "import newsdoc, sys, pathlib;"
        "assert 'site-packages' in newsdoc.__file__, newsdoc.__file__;"
        f"d = newsdoc.load({str(SEED)!r});"
        "from newsdoc.rules.phrasebook import default_phrasebook as b;"
        "assert b().match('related', 'Lesen Sie auch: x');"
        "print(len(d.body), len(d.headlines))"
    )
    out = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, check=True
    )
    assert out.stdout == "6 15\n"
    cli = subprocess.run(
        [str(env_dir / "bin" / "newsdoc"), "check", "--output-format", "concise", str(SEED)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "GITHUB_ACTIONS": ""},
    )
    assert (cli.returncode, cli.stderr) == (0, "")
    assert [line.split(": ")[1].split()[0] for line in cli.stdout.splitlines()] == [
        "ND101",
        "ND109",
    ]
