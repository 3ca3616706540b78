"""The HTML report in a real browser: headless Chromium loads it, runs its script, renders it.

Skipped, with the reason, where Chromium is not installed; in CI (``CI=true``)
a missing Chromium fails instead, since ``.ci/run`` installs it.  The
screenshot is kept in the test's folder, and copied to
``$NEWSDOC_SCREENSHOTS`` when that is set (to look at it, or keep it as a
CI artifact).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import html5lib
import pytest

from newsdoc.cli.main import main
from tests.conftest import DATA, SEED

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
SIZE = (1200, 1600)


def chromium() -> str:
    """The browser's path; skip (or fail in CI) when there is none."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Chromium is missing in CI: .ci/run must install it (apt-get install chromium)"
            )
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); CI installs it")
    return found


def browse(tmp_path: Path, url: str, *options: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``url`` with a fresh profile; no network is used."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *options, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def png_size(path: Path) -> tuple[int, int]:
    """The width and height in a PNG's header (and a check that it is one)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A report on the sample, the report test corpus and a file with a hostile name."""
    chromium()
    monkeypatch.chdir(tmp_path)
    shutil.copytree(DATA / "report" / "corpus", tmp_path / "corpus")
    shutil.copy(SEED, tmp_path / "corpus" / SEED.name)
    hostile = tmp_path / "corpus" / "<script>alert(1)<\\script>.txt"
    hostile.write_text("<script>document.title='pwned'</script>\n\n\nHeadline \n")
    assert main(["report", "corpus", "-o", "report.html", "-q"]) == 1
    return tmp_path / "report.html"


def test_page_runs_its_script_and_renders_totals_and_charts(page: Path, tmp_path: Path) -> None:
    """The DOM after load: the script made the tables sortable and applied the #sort in the URL.

    The rule table is sorted by its Code column as the fragment asks; the
    totals, the four charts with a bar per bin, and the hostile file name
    (as text) are there; no script of the corpus ran (the title is ours).
    """
    url = page.as_uri() + "#rules-table-0-ascending"
    dom = browse(tmp_path, url, "--dump-dom").stdout
    document = html5lib.parse(dom, namespaceHTMLElements=False)
    tables = {t.get("id"): t for t in document.iter("table")}
    assert {key: t.get("data-sortable") for key, t in tables.items()} == {
        "rules-table": "ready",
        "worst-table": "ready",
    }
    headers = tables["rules-table"].findall("thead/tr/th")
    assert [h.get("aria-sort") for h in headers] == ["ascending", None, None, None, None]
    assert all(h.find("button") is not None for h in headers)
    codes = [row.findtext("td/a", "") for row in tables["rules-table"].findall("tbody/tr")]
    assert codes == sorted(codes) and len(codes) >= 5
    totals = {dd.get("id"): dd.text for dd in document.iter("dd")}
    assert totals["total-files"] == "8"
    # (errors.txt: bidi controls; broken.txt: no headline list; the hostile file: its
    # <script> tag is leftover markup, ND222.)
    assert totals["total-with-errors"] == "3"
    svg = "{http://www.w3.org/2000/svg}"
    charts = list(document.iter("figure"))
    assert len(charts) == 4
    for chart in charts:
        bars = list(chart.iter(f"{svg}rect"))
        assert len(bars) == 10
        assert any(float(bar.get("width", "0")) > 0 for bar in bars)
    assert document.findtext("head/title") == "newsdoc report: 8 files"
    names = [h.text for h in document.iter("h3")]
    assert "corpus/<script>alert(1)<\\script>.txt" in names


def test_screenshot(page: Path, tmp_path: Path) -> None:
    """A screenshot of the page is saved, at the window's size, with far more on it than a blank page."""
    shot = tmp_path / "report.png"
    blank = tmp_path / "blank.png"
    size = f"--window-size={SIZE[0]},{SIZE[1]}"
    browse(tmp_path, page.as_uri(), size, f"--screenshot={shot}")
    empty = tmp_path / "empty.html"
    empty.write_text("<!DOCTYPE html><title>empty</title>")
    browse(tmp_path, empty.as_uri(), size, f"--screenshot={blank}")
    assert png_size(shot) == SIZE
    assert png_size(blank) == SIZE
    # Text, tables and charts compress far worse than a white page.
    assert shot.stat().st_size > 10 * blank.stat().st_size, (shot.stat(), blank.stat())
    keep = os.environ.get("NEWSDOC_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report.png")
