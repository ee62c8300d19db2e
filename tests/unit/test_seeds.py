"""Seed loading: idempotent, a changed file is one new revision, bad files report file:line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.db import make_engine
from kb.errors import InvalidInputError
from kb.formats.json import schema
from kb.seeds import load_seeds, read_seed, seed_files, seeds_dir
from kb.store import Store

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
slug: demo
title: Demo
sources:
  - key: src
    title: A source
parties:
  - key: ann
    name: Ann
nodes:
  - key: e1
    kind: evidence
    text: A fact.
    citations: ["src ¶3"]
  - key: c1
    kind: claim
    text: A claim.
edges:
  - key: s1
    source: e1
    target: c1
    relation: supports
acceptance:
  ann: {e1: accepted}
"""


@pytest.fixture
def seed_store(sqlite_url: str) -> Iterator[Store]:
    engine = make_engine(sqlite_url)
    yield Store(engine)
    engine.dispose()


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name, text in files.items():
        (folder / name.replace("_", ".", 1) if "_" in name else folder / name).write_text(
            text, encoding="utf-8")
    return folder


def test_seeds_second_run_changes_nothing(seed_store: Store, tmp_path: Path) -> None:
    folder = _folder(tmp_path, demo_yaml=GOOD)
    first = load_seeds(seed_store, folder)
    assert (first.loaded, first.errors) == (["demo"], [])
    second = load_seeds(seed_store, folder)
    assert (second.loaded, second.replaced, second.unchanged) == ([], [], ["demo"])
    assert seed_store.get_debate("demo").revision == 1
    assert [n.key for n in seed_store.snapshot("demo").nodes] == ["e1", "c1"]


def test_seeds_changed_file_replaces_debate_as_one_revision(
    seed_store: Store, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, demo_yaml=GOOD)
    load_seeds(seed_store, folder)
    (folder / "demo.yaml").write_text(GOOD.replace("A claim.", "A sharper claim."))
    report = load_seeds(seed_store, folder)
    assert report.replaced == ["demo"]
    assert seed_store.get_node("demo", "c1").text == "A sharper claim."
    assert seed_store.get_debate("demo").revision == 2
    assert seed_store.snapshot("demo", revision=1).node("c1").text == "A claim."


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("    text: A claim.", "    text: ''"), 16, "nodes.1.text"),
        (GOOD.replace("    target: c1", "    target: c9"), 20, "unknown node 'c9'"),
        (GOOD.replace('["src ¶3"]', '["nowhere ¶3"]'), 13, "unknown source 'nowhere'"),
        (GOOD.replace("  ann: {e1: accepted}", "  ann: {e1: maybe}"), 23, "acceptance.ann.e1"),
        (GOOD.replace("relation: supports", "relation: supports: x"), 21, "not valid YAML"),
        (GOOD + "colour: red\n", 24, "colour"),
    ],
)
def test_seeds_bad_file_reports_file_and_line(
    seed_store: Store, tmp_path: Path, text: str, line: int, words: str
) -> None:
    folder = _folder(tmp_path, bad_yaml=text, good_yaml=GOOD.replace("slug: demo", "slug: ok"))
    report = load_seeds(seed_store, folder)
    assert report.loaded == ["ok"]  # the other file still loads
    assert len(report.errors) >= 1
    assert report.errors[0].startswith(f"bad.yaml:{line}: "), report.errors
    assert words in report.errors[0]
    assert seed_store.find_debate("demo") is None  # nothing of the bad file


def test_seeds_json_files_load_and_report_lines(seed_store: Store, tmp_path: Path) -> None:
    good = json.dumps({"slug": "j", "title": "J"}, indent=2)
    bad = '{\n  "slug": "k",\n  "title": "K",\n  "mode": 3\n}\n'
    broken = '{\n  "slug": "b",\n  "title": \n}\n'
    folder = _folder(tmp_path, j_json=good, k_json=bad, b_json=broken)
    report = load_seeds(seed_store, folder)
    assert report.loaded == ["j"]
    assert any(e.startswith("k.json:4: mode") for e in report.errors), report.errors
    assert any(e.startswith("b.json:4: not valid") for e in report.errors), report.errors


def test_seeds_duplicate_keys_point_at_the_second(tmp_path: Path) -> None:
    text = GOOD.replace("  - key: c1\n", "  - key: e1\n")
    path = tmp_path / "dup.yaml"
    path.write_text(text)
    with pytest.raises(InvalidInputError, match=r"dup.yaml:\d+: nodes.e1: duplicate node key"):
        read_seed(path)


def test_seeds_project_seed_files_are_valid() -> None:
    for path in seed_files(seeds_dir(ROOT / "seeds")):  # links.yaml is no debate
        assert read_seed(path).slug == path.stem


def test_seeds_format_schema_doc_is_up_to_date() -> None:
    committed = json.loads((ROOT / "docs" / "seed-format.schema.json").read_text())
    assert committed == schema(), "regenerate docs/seed-format.schema.json (docs/seed-format.md)"


def test_seeds_format_doc_example_loads(seed_store: Store, tmp_path: Path) -> None:
    text = (ROOT / "docs" / "seed-format.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    folder = _folder(tmp_path, demo_yaml=example)
    report = load_seeds(seed_store, folder)
    assert (report.loaded, report.errors) == (["demo"], [])
    doc = seed_store.snapshot("demo")
    assert doc.edge("u1").target_edge == "s1"
    assert [str(c) for c in doc.node("measured-fact").citations] == [
        "paper-2024 ¶12", "paper-2024 table 2"]


def test_seeds_key_written_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text(GOOD.replace("    text: A claim.\n", "    text: A claim.\n    text: B.\n"))
    with pytest.raises(InvalidInputError, match=r"^twice.yaml:17: key 'text' appears twice"):
        read_seed(path)
