"""Loading ``seeds/links.yaml``: the links between the seed debates, after the debates.

The file holds ``links:``, a list of ``{source: {debate, node}, target: {debate, node},
relation: same-as | related, note?, citations?}`` (citations as in the seed format, full or
``"SOURCE ¶N"``). Loading is idempotent: a link already stored between the same two nodes
(either way round) with the same relation, note and citations is left alone; one that
differs is replaced (deleted and made again, both in the links' history); links that the
file does not name are left alone (editors may have made them). A bad entry is reported as
``links.yaml:LINE: what`` and skipped; the other entries still load.

Examples
--------
>>> import tempfile, pathlib
>>> from kb.store.examples import demo_store
>>> path = pathlib.Path(tempfile.mkdtemp()) / "links.yaml"
>>> _ = path.write_text("links:\\n- source: {debate: demo, node: c1}\\n"
...                     "  target: {debate: demo, node: e1}\\n  relation: related\\n")
>>> store = demo_store()
>>> load_links(store, path), load_links(store, path)
(LinksReport(added=1, replaced=0, unchanged=0, errors=[]), \
LinksReport(added=0, replaced=0, unchanged=1, errors=[]))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kb.errors import ArgmapError, InvalidInputError
from kb.links import LinkCreate
from kb.store import Store

LINKS_FILE = "links.yaml"
SEED_AUTHOR = "seed"


@dataclass
class LinksReport:
    """How many links a run added, replaced and left alone, and ``file:line: what`` errors."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One human line: ``links: 8 added, 0 replaced, 0 unchanged``."""
        return (f"links: {self.added} added, {self.replaced} replaced, "
                f"{self.unchanged} unchanged")


def read_links(path: Path) -> list[tuple[int, LinkCreate | str]]:
    """Return each entry of a links file with its line: a LinkCreate, or what is wrong."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInputError(f"{path.name}:1: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("links", []), list):
        raise InvalidInputError(f"{path.name}:1: expected a mapping with a list 'links'")
    items = data.get("links") or []
    lines = _item_lines(root, len(items))
    found: list[tuple[int, LinkCreate | str]] = []
    for line, item in zip(lines, items, strict=True):
        try:
            found.append((line, LinkCreate.model_validate(item)))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            found.append((line, f"{where}: {first['msg']}" if where else first["msg"]))
    return found


def _item_lines(root: yaml.Node | None, count: int) -> list[int]:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if getattr(key, "value", None) == "links" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return [1] * count


def _same(stored: Any, wanted: LinkCreate) -> bool:
    return (stored.relation == wanted.relation and stored.note == wanted.note
            and [c.model_dump() for c in stored.citations]
            == [c.model_dump() for c in wanted.citations]
            and (stored.source, stored.target) == (wanted.source, wanted.target))


def load_links(store: Store, path: Path) -> LinksReport:
    """Load the links of `path` into `store` (see the module docstring)."""
    report = LinksReport()
    try:
        entries = read_links(path)
    except InvalidInputError as exc:
        report.errors.append(str(exc))
        return report
    for line, entry in entries:
        if isinstance(entry, str):
            report.errors.append(f"{path.name}:{line}: {entry}")
            continue
        try:
            stored = store.find_link_between(entry.source, entry.target)
            if stored is not None and _same(stored, entry):
                report.unchanged += 1
                continue
            if stored is not None:
                store.delete_link(stored.id, actor=SEED_AUTHOR)
            store.add_link(entry, actor=SEED_AUTHOR)
            if stored is not None:
                report.replaced += 1
            else:
                report.added += 1
        except ArgmapError as exc:
            report.errors.append(f"{path.name}:{line}: {exc}")
    return report
