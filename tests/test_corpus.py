"""Corpus rules (ND301-ND303): duplicates, near duplicates and repeated lines across files."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

import newsdoc
import newsdoc.io.pool as pool
from newsdoc.config.settings import Config
from newsdoc.io import jobs as _jobs
from newsdoc.rules.corpus import CROSS_FILE
from newsdoc.rules.engine import validate_signed
from newsdoc.rules.merge import CorpusMerge
from newsdoc.rules.sketch import Signature, minhash, similarity
from tests import schema_check
from tests.cli_helpers import run, write

pytestmark = pytest.mark.usefixtures("plain_environment")

WORDS = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ro", "si", "tu") for b in range(60)]


def article(seed: int, paragraphs: int = 6, words: int = 30) -> list[str]:
    """A made-up article: ``paragraphs`` sentences of random words, the same for the same seed."""
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."
        for _ in range(paragraphs)
    ]


def dump(body: list[str], heads: tuple[str, ...] = ("A Headline", "Another Headline")) -> str:
    """A dump with these body lines and headlines."""
    return "\n".join(body) + "\n\n\n" + "\n".join(heads) + "\n"


def edited(body: list[str], seed: int, share: float = 0.05) -> list[str]:
    """The body with ``share`` of its words replaced and its paragraphs reversed."""
    rng = random.Random(seed)
    out = []
    for paragraph in body:
        words = paragraph.split()
        for index in range(len(words)):
            if rng.random() < share:
                words[index] = rng.choice(WORDS)
        out.append(" ".join(words))
    return out[::-1]


def options(folder: Path, code: str, **values: int) -> str:
    """A configuration file in ``folder`` setting the options of rule ``code``."""
    lines = [f"{name.replace('_', '-')} = {value}" for name, value in values.items()]
    return str(write(folder / "newsdoc.toml", f"[rules.{code}]\n" + "\n".join(lines) + "\n"))


def check(
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    *options: str,
    select: str = "ND301,ND302,ND303",
) -> tuple[int, list[str]]:
    """Run check over a folder with the corpus rules; the exit code and the concise lines."""
    argv = ["check", str(folder), "--select", select, "--output-format", "concise", "-q"]
    code, out, _ = run(capsys, *argv, *options)
    return code, [line.replace(str(folder) + "/", "") for line in out.splitlines()]


@pytest.mark.parametrize("code", sorted(CROSS_FILE))
def test_documented_examples_as_a_corpus(
    code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A corpus rule's bad example, after its good one (and 4 more files like it), trips it."""
    rule = newsdoc.RULES[code]
    write(tmp_path / "a.txt", rule.good)
    write(tmp_path / "b.txt", rule.bad)
    for index in range(4):  # ND303 needs its line in min-files (5) files
        body = dump([*article(index, 2), "Sign up for our newsletter."])
        write(tmp_path / f"c{index}.txt", body)
    _, lines = check(capsys, tmp_path, select=code)
    names = [line.split(":")[0] for line in lines if f" {code} " in line]
    expected = ["b.txt", "c0.txt", "c1.txt", "c2.txt", "c3.txt"] if code == "ND303" else ["b.txt"]
    assert names == expected


CASES = [
    (
        "exact duplicate: other headlines, other whitespace",
        {
            "a/1.txt": dump(article(1)),
            "b/2.txt": dump([p.replace(" ", "  ", 1) + " " for p in article(1)], ("Other",)),
        },
        ["b/2.txt:1:1: ND301 [warning] same body as a/1.txt: the same article twice"],
    ),
    (
        "near duplicate: 5% of words changed, paragraphs reversed, headlines swapped",
        {"a/1.txt": dump(article(2)), "a/2.txt": dump(edited(article(2), 7), ("Other", "List"))},
        [
            "a/2.txt:1:1: ND302 [warning] nearly the same body as a/1.txt (about 85% of "
            "word shingles shared): the same article, edited"
        ],
    ),
    (
        "different articles: nothing",
        {f"x/{n}.txt": dump(article(100 + n)) for n in range(20)},
        [],
    ),
    (
        "half the articles edited: a near duplicate names the first of its cluster",
        {
            "1.txt": dump(article(3)),
            "2.txt": dump(edited(article(3), 1, 0.02)),
            "3.txt": dump(article(4)),
        },
        [
            "2.txt:1:1: ND302 [warning] nearly the same body as 1.txt (about 81% of "
            "word shingles shared): the same article, edited"
        ],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_duplicates(
    files: dict[str, str], expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exact and near duplicates are reported on the later file, naming the earlier one."""
    for name, text in files.items():
        write(tmp_path / name, text)
    _, lines = check(capsys, tmp_path, select="ND301,ND302")
    assert lines == expected


def test_repeated_lines_in_enough_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A line in min-files files is reported once per file, with its count and the first file."""
    for index in range(6):
        extra = ["Comments powered by Disqus."] if index % 2 == 0 or index == 5 else []
        write(
            tmp_path / f"{index}.txt", dump([*article(index, 2), *extra], ("Menu", f"Head {index}"))
        )
    _, lines = check(
        capsys, tmp_path, "--select", "ND303", "--config", options(tmp_path, "ND303", min_files=4)
    )
    more = "; 1 more line of this file too (line 6)"
    expected = []
    for n in range(6):
        if n in (0, 2, 4, 5):
            where = "this file first" if n == 0 else "first in 0.txt"
            expected.append(f"{n}.txt:3:1: ND303 [warning] line repeated in 4 files ({where})")
            expected[-1] += ": probable page furniture" + more
        else:
            expected.append(
                f"{n}.txt:5:1: ND303 [warning] line repeated in 6 files (first in 0.txt): "
                "probable page furniture"
            )
    assert lines == expected


@pytest.mark.parametrize(
    ("files_in_folder", "holding", "reported"),
    [(10, 5, True), (10, 4, False), (9, 5, False), (20, 10, True)],
)
def test_folder_share(
    files_in_folder: int,
    holding: int,
    reported: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A line in folder-share (50%) of a folder of at least min-folder-files (10) files is reported."""
    for index in range(files_in_folder):
        extra = ["Follow us on the site."] if index < holding else []
        write(
            tmp_path / "site" / f"{index:02d}.txt",
            dump([*article(index, 2), *extra], (f"H{index}",)),
        )
    for index in range(10):  # another folder: the share is per folder
        write(tmp_path / "other" / f"{index}.txt", dump(article(50 + index, 2), (f"O{index}",)))
    _, lines = check(
        capsys, tmp_path, "--select", "ND303", "--config", options(tmp_path, "ND303", min_files=100)
    )
    assert len(lines) == (holding if reported else 0)


def test_corpus_rules_are_opt_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a selection naming them (ALL does not), duplicates are not reported."""
    for name in ("1.txt", "2.txt"):
        write(tmp_path / name, dump(article(9)))
    for options in ([], ["--select", "ALL"], ["--extend-select", "ND"]):
        _, out, _ = run(capsys, "check", str(tmp_path), "--output-format", "concise", *options)
        assert "ND30" not in out, options
    _, lines = check(capsys, tmp_path, select="duplicate-dump")
    assert len(lines) == 1 and " ND301 " in lines[0]
    assert newsdoc.validate(dump(article(9)), Config().with_selection(select=["ND3"])) == []


def test_per_file_ignores_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A per-file ignore of ND301 hides the duplicate finding of the files it matches."""
    write(tmp_path / "a.txt", dump(article(5)))
    write(tmp_path / "copies" / "b.txt", dump(article(5)))
    write(tmp_path / "newsdoc.toml", '[per-file-ignores]\n"copies/*" = ["ND301"]\n')
    _, lines = check(capsys, tmp_path, "--config", str(tmp_path / "newsdoc.toml"))
    assert lines == []


def test_jobs_merge_equals_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2 (signatures computed in workers, merged here) reports what --jobs 1 reports."""
    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)
    monkeypatch.setattr(_jobs, "CHUNK", 7)
    used = []
    real = pool._parallel

    def parallel(*args: Any) -> Any:
        used.append(args[3])
        return real(*args)

    monkeypatch.setattr(pool, "_parallel", parallel)
    for index in range(60):
        body = article(index % 40, 3)
        if index >= 50:
            body = edited(body, index, 0.03)
        furniture = ["Read our cookie policy."] if index % 3 == 0 else []
        write(tmp_path / f"{index % 4}" / f"{index:02d}.txt", dump([*body, *furniture]))
    outputs = [check(capsys, tmp_path, "-j", jobs) for jobs in ("1", "2")]
    assert used == [2]
    assert outputs[0] == outputs[1]
    codes = {line.split()[1] for line in outputs[0][1]}
    assert codes == {"ND301", "ND302", "ND303"}


def test_minhash_estimates_jaccard() -> None:
    """The one-permutation MinHash estimate is within 0.15 of the true Jaccard of the tiled triples."""
    for seed in range(5):
        first = article(seed)
        for share in (0.02, 0.05, 0.15):
            second = edited(first, seed, share)

            def shingles(body: list[str]) -> set[str]:
                out: set[str] = set()
                for p in body:
                    words = p.lower().split()
                    out.update(" ".join(words[i : i + 3]) for i in range(0, len(words) - 2, 3))
                return out

            a, b = shingles(first), shingles(second)
            truth = len(a & b) / len(a | b)
            assert abs(similarity(minhash(first), minhash(second)) - truth) < 0.15, (seed, share)


def test_merge_takes_signatures_in_any_chunking() -> None:
    """The merge's findings depend only on the signatures and their order, not on who made them."""
    config = Config().with_selection(select=["ND3"])
    texts = [dump(article(i % 5, 3)) for i in range(12)]
    signatures = [validate_signed(text, config)[1] for text in texts]
    assert all(isinstance(s, Signature) for s in signatures)
    merge = CorpusMerge(config)
    for index, signature in enumerate(signatures):
        merge.add(f"{index}.txt", "", signature)
    found = list(merge.findings())
    assert [index for index, _ in found] == list(range(12))  # every line repeats >= 2... 5 times
    assert [c.first for c in merge.clusters()] == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]
    first = signatures[0]
    assert isinstance(first, Signature) and first.body is not None
    assert sys.getsizeof(first.body.minhash) < 300


@pytest.mark.parametrize("form", ["text", "json", "html"])
def test_report_lists_clusters(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`newsdoc report` counts the corpus findings and lists the duplicate clusters in each format."""
    write(tmp_path / "a.txt", dump(article(1)))
    write(tmp_path / "b.txt", dump(article(1), ("Other",)))
    write(tmp_path / "c.txt", dump(edited(article(1), 3, 0.02)))
    write(tmp_path / "d.txt", dump(article(2)))
    argv = ["report", str(tmp_path), "--select", "ND301,ND302", "--format", form, "--worst", "0"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    a, b, c = (str(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt"))
    if form == "text":
        assert f"Duplicates (1 cluster)\n  {a}\n    = {b}\n    ~ 95% {c}\n" in out
        assert "  with warnings  2  50.0%\n" in out
    elif form == "json":
        data = json.loads(out)
        assert data["duplicates"] == {
            "clusters": [
                {
                    "first": a,
                    "others": [
                        {"path": b, "code": "ND301", "similarity": 1.0},
                        {"path": c, "code": "ND302", "similarity": 0.949},
                    ],
                }
            ],
            "clusters_omitted": 0,
        }
        assert data["totals"]["warnings"] == 2 and data["totals"]["clean"] == 2
        assert list(schema_check.validator("report").iter_errors(data)) == []
    else:
        assert f"<li>{b} (exact)</li><li>{c} (about 95%)</li>" in out


def test_report_without_corpus_rules_has_no_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a corpus rule selected, the report is what it was: no duplicates section."""
    for name in ("a.txt", "b.txt"):
        write(tmp_path / name, dump(article(1)))
    _, out, _ = run(capsys, "report", str(tmp_path), "--format", "json")
    assert "duplicates" not in json.loads(out)


def test_repeated_line_shows_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The full format shows a repeated line's text, read again from the file, underlined whole."""
    for index in range(5):
        write(tmp_path / f"{index}.txt", dump([*article(index, 1), "Comments powered by Disqus."]))
    _, out, _ = run(capsys, "check", str(tmp_path), "--select", "ND303", "-q")
    assert (
        "warning[ND303]: line repeated in 5 files (first in "
        f"{tmp_path}/0.txt): probable page furniture; 2 more lines of this file too "
        "(line 5, 6)\n"
        f" --> {tmp_path}/4.txt:2:1\n"
        "  |\n"
        "2 | Comments powered by Disqus.\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    ) in out


def test_standard_input_and_fix_with_corpus_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Standard input takes part in the comparison; --fix runs without the corpus rules' findings."""
    import io

    text = dump(article(8))
    write(tmp_path / "a.txt", text)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    argv = ["check", str(tmp_path / "a.txt"), "-", "--stdin-filename", "in.txt"]
    code, out, _ = run(capsys, *argv, "--select", "ND301", "--output-format", "concise", "-q")
    assert (
        out
        == f"in.txt:1:1: ND301 [warning] same body as {tmp_path}/a.txt: the same article twice\n"
    )
    assert code == 0
    write(tmp_path / "b.txt", text)
    code, out, _ = run(capsys, "check", str(tmp_path), "--select", "ND301", "--fix", "-q")
    assert (code, out) == (0, "")


def test_the_measured_signal_is_preferred(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a line ND303 reports, the furniture rules' guess from its wording (ND217) gives way."""
    for index in range(5):
        body = [*article(index, 2), "Sign up for our newsletter."]
        write(tmp_path / f"{index}.txt", dump(body, (f"Headline {index}", f"Other {index}")))
    _, out, _ = run(capsys, "check", str(tmp_path), "--output-format", "concise", "-q")
    assert out.count(":3:1: ND217 ") == 5
    _, lines = check(capsys, tmp_path, select="ND217,ND303")
    assert [line.split(": ")[1].split()[0] for line in lines] == ["ND303"] * 5


def test_report_leaves_out_the_corpus_findings_of_the_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report --baseline` hides the corpus findings `check --write-baseline` recorded, as check does.

    A duplicate (ND301) and a line repeated in every file (ND303, whose
    line `report` reads again to fingerprint it) are both in the baseline:
    the report counts them as hidden, not as warnings.
    """
    corpus = tmp_path / "corpus"
    for index in range(5):
        body = [*article(index if index != 4 else 0, 3), "Comments powered by Disqus."]
        write(corpus / f"{index}.txt", dump(body, ("Menu", f"Head {index}")))
    baseline = str(tmp_path / "baseline.json")
    select = ["--select", "ND301,ND303"]
    assert run(capsys, "check", str(corpus), *select, "--write-baseline", baseline)[0] == 0
    code, out, _ = run(capsys, "report", str(corpus), *select, "--format", "json")
    totals = json.loads(out)["totals"]
    assert (code, totals["warnings"], totals["hidden_by_baseline"]) == (0, 6, 0)
    argv = ["report", str(corpus), *select, "--format", "json", "--baseline", baseline]
    code, out, _ = run(capsys, *argv)
    totals = json.loads(out)["totals"]
    assert (code, totals["warnings"], totals["hidden_by_baseline"], totals["clean"]) == (0, 0, 6, 5)
