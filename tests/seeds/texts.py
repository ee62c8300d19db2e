"""The seed maps and the source texts they cite, read the way the seeds README numbers them.

The source texts live outside the checkout, in ``../shared/seeds/`` next to it; tests that
need them skip with a visible reason when that folder is absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.doc import DebateDoc
from kb.formats.json import from_dict

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
TEXTS = Path(__file__).parents[2].parent / "shared" / "seeds"
TEXT_FILES = {"asan-2024": "000_abf9ae15f22cd3dc.txt", "rozman-2016": "001_222e660b56565c1d.txt"}
FOOTNOTE_RE = re.compile(r"^(\d{1,2})\.\s")


@dataclass(frozen=True)
class SourceText:
    """One debate's text as the README numbers it: paragraphs and footnotes."""

    key: str
    paragraphs: tuple[str, ...]
    """Non-empty lines; ``paragraphs[n - 1]`` is ``¶n``."""
    footnotes: dict[int, str]

    @property
    def words(self) -> str:
        return normalize(" ".join(self.paragraphs))


def normalize(text: str) -> str:
    """Lower case, curly quotes and dashes folded, punctuation dropped, single spaces."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[^a-z0-9' ]+", " ", text.replace("'", ""))
    return " ".join(text.split())


def shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    """Every run of `size` consecutive words of `text` (after :func:`normalize`)."""
    words = normalize(text).split()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def read_text(key: str) -> SourceText:
    lines = [line for line in (TEXTS / TEXT_FILES[key]).read_text(encoding="utf-8").splitlines()
             if line.strip()]
    footnotes: dict[int, str] = {}
    # footnotes are the numbered lines that close the text (after the last section)
    for line in lines:
        match = FOOTNOTE_RE.match(line)
        if match and int(match.group(1)) == len(footnotes) + 1:
            footnotes[int(match.group(1))] = line
    return SourceText(key, tuple(lines), footnotes)


def load_seed(slug: str) -> DebateDoc:
    with (SEEDS / f"{slug}.yaml").open(encoding="utf-8") as handle:
        return from_dict(yaml.safe_load(handle))
