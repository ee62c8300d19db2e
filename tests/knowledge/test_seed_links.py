"""``links.yaml`` loads with the seeds, after the debates, idempotently; a bad entry is
reported with its line and the others still load."""

from __future__ import annotations

import shutil
from pathlib import Path

from kb.seeds import load_seeds, seed_files
from kb.store import Store

ROOT = Path(__file__).resolve().parents[2] / "seeds"
LINKS = """\
links:
  - source: {debate: rozman-2016, node: overdependence-risk}
    target: {debate: asan-2024, node: mutual-strategic-dependence}
    relation: related
    note: "Test link: the risk of leaning on China, and the claim of equal dependence."
    citations: ["rozman-2016 ¶2", "asan-2024 ¶26"]
  - source: {debate: rozman-2016, node: no-such-node}
    target: {debate: asan-2024, node: russia-independent-of-china}
    relation: same-as
  - source: {debate: rozman-2016, node: split-opening}
    target: {debate: asan-2024, node: russia-independent-of-china}
    relation: equal
"""


def test_seed_links_load_after_the_debates_idempotently(store: Store, tmp_path: Path) -> None:
    for name in ("asan-2024.yaml", "rozman-2016.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "links.yaml").write_text(LINKS, encoding="utf-8")
    assert [p.name for p in seed_files(tmp_path)] == ["asan-2024.yaml", "rozman-2016.yaml"]
    first = load_seeds(store, tmp_path)
    assert sorted(first.loaded) == ["asan-2024", "rozman-2016"]
    assert first.links == "links: 1 added, 0 replaced, 0 unchanged"
    assert first.errors[0].startswith("links.yaml:7: debate 'rozman-2016' has no node")
    assert first.errors[1].startswith("links.yaml:10: relation:")
    links, total = store.list_links(debate="asan-2024")
    assert total == 1 and links[0].citations[1].locator == "¶26"
    second = load_seeds(store, tmp_path)
    assert second.links == "links: 0 added, 0 replaced, 1 unchanged"
    assert sorted(second.unchanged) == ["asan-2024", "rozman-2016"]
    assert store.list_links()[1] == 1 and store.list_link_revisions(links[0].id)[0].kind == "create"
    (tmp_path / "links.yaml").write_text(LINKS.replace("Test link:", "Changed:"), "utf-8")
    assert load_seeds(store, tmp_path).links == "links: 0 added, 1 replaced, 0 unchanged"
    assert store.list_links()[0][0].note.startswith("Changed:")
