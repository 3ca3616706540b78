"""The built wheel and sdist: they contain the grammar, and the wheel works on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_sdist_and_wheel_contain_the_grammar(dist: Path) -> None:
    """The sdist has grammar/newsdoc.lark; the wheel has it inside the package, with py.typed and the JSON Schemas."""
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
        "ND207",
        "ND101",
        "ND109",
    ]
