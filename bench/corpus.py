"""A deterministic corpus of news dumps, grown from the files in seeds/.

Every dump is made from the seeds' own body lines and headlines, chosen,
word-shuffled and laid out by a ``random.Random`` with a fixed seed, so two
runs (on any machine) get the same bytes.  Most dumps look like the sample
(LF line breaks, two blank lines, three trailing blank lines); some have what
scrapers leave behind: CRLF line breaks, a BOM, blank lines at the start,
trailing spaces.  Every dump is valid.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from baseline import split_dump

SEED = 20260601
ROOT = Path(__file__).resolve().parent.parent


class Pools:
    """The body lines and headlines of the seeds, and variants of them."""

    def __init__(self, seeds: Path = ROOT / "seeds", variants: int = 2000, seed: int = SEED):
        body: list[str] = []
        headlines: list[str] = []
        for path in sorted(seeds.glob("*.txt")):
            b, h = split_dump(path.read_text(encoding="utf-8"))
            body.extend(b)
            headlines.extend(h)
        if not body or not headlines:
            raise SystemExit(f"bench: no seed dumps in {seeds}")
        rng = random.Random(seed)
        self.body = body + [_shuffle_words(rng, rng.choice(body)) for _ in range(variants)]
        self.headlines = headlines + [
            _shuffle_words(rng, rng.choice(headlines)) for _ in range(variants)
        ]


def _shuffle_words(rng: random.Random, line: str) -> str:
    words = line.split()
    rng.shuffle(words)
    if len(words) > 3 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    return " ".join(words)


def small_dump(rng: random.Random, pools: Pools) -> str:
    """One seed-sized dump (about 3 KB): 3 to 8 paragraphs, 8 to 20 headlines."""
    body = [rng.choice(pools.body) for _ in range(rng.randint(3, 8))]
    headlines = [rng.choice(pools.headlines) for _ in range(rng.randint(8, 20))]
    return _lay_out(rng, body, headlines)


def _lay_out(rng: random.Random, body: list[str], headlines: list[str]) -> str:
    newline = "\r\n" if rng.random() < 0.1 else "\n"
    if rng.random() < 0.1:  # trailing spaces left by a scraper
        body = [line + " " if rng.random() < 0.3 else line for line in body]
        headlines = [line + " " if rng.random() < 0.3 else line for line in headlines]
    parts = ["\ufeff"] if rng.random() < 0.05 else []
    if rng.random() < 0.05:
        parts.append(newline)
    parts.append(newline.join(body))
    parts.append(newline * (1 + rng.choice([2, 2, 2, 1, 3])))
    parts.append(newline.join(headlines))
    parts.append(newline * rng.choice([4, 4, 4, 1, 2, 0]))
    return "".join(parts)


def small_dumps(count: int, pools: Pools, seed: int = SEED) -> list[str]:
    """``count`` seed-sized dumps, always the same for the same arguments."""
    rng = random.Random(seed)
    return [small_dump(rng, pools) for _ in range(count)]


def large_dump(size: int, pools: Pools, seed: int = SEED) -> str:
    """One dump of about ``size`` bytes of UTF-8: nine tenths body, one tenth headlines."""
    rng = random.Random(seed)
    return "".join(_large_parts(rng, size, pools))


def _large_parts(rng: random.Random, size: int, pools: Pools) -> Iterator[str]:
    total = 0
    while total < size * 0.9 or total == 0:
        line = rng.choice(pools.body)
        total += len(line.encode()) + 1
        yield line + "\n"
    yield "\n\n"
    first = True
    while total < size or first:
        line = rng.choice(pools.headlines)
        total += len(line.encode()) + 1
        yield ("" if first else "\n") + line
        first = False
    yield "\n"


def write_corpus(folder: Path, size: int, pools: Pools, seed: int) -> tuple[int, int]:
    """Write seed-sized dumps until about ``size`` bytes; return (files, bytes)."""
    rng = random.Random(seed)
    texts: list[str] = []
    total = 0
    while total < size:
        texts.append(small_dump(rng, pools))
        total += len(texts[-1].encode("utf-8"))
    return len(texts), write_files(folder, texts)


def write_files(folder: Path, texts: list[str], per_folder: int = 1000) -> int:
    """Write the dumps as UTF-8 files, ``per_folder`` to a sub-folder; return the bytes written."""
    written = 0
    for index, text in enumerate(texts):
        sub = folder / f"{index // per_folder:03d}"
        if index % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"{index:06d}.txt").write_bytes(data)
        written += len(data)
    return written
