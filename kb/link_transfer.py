"""Links in exports and imports: the JSON format's ``links`` and AIF's MA nodes.

``links_for(store, slug, actor)`` gives the links with an end in a debate, as the plain
dicts the formats write; ``read_links(fmt, text)`` reads them back from a file;
``apply_links`` stores them after the debate was imported, renaming the file's own slug to
the one the debate was stored under. A link already stored between the same two nodes is
left as it is, and a link whose other end does not exist (yet) is skipped with a warning,
so importing the same file twice changes nothing.

Examples
--------
>>> from kb.store.examples import demo_store
>>> store = demo_store()
>>> link = {"source": {"debate": "old", "node": "c1"}, "target": {"debate": "old",
...         "node": "e1"}, "relation": "related", "note": "", "citations": []}
>>> apply_links(store, [link], file_slug="old", slug="demo", actor="t")
[]
>>> [x["source"] for x in links_for(store, "demo")]
[{'debate': 'demo', 'node': 'c1'}]
"""

from __future__ import annotations

from typing import Any

from kb.auth import Actor
from kb.errors import ArgmapError
from kb.links import LinkCreate
from kb.store import Store

LINK_FORMATS = ("json", "aif")
"""The formats that carry links."""
EVERYONE = Actor("export", "admin")


def links_for(store: Store, slug: str, actor: Actor | None = EVERYONE) -> list[dict[str, Any]]:
    """Return the links with an end in debate `slug` that `actor` may read, as plain dicts."""
    return [link.model_dump(mode="json", include={"source", "target", "relation", "note",
                                                   "citations"})
            for link in store.links_of(slug, actor=actor)]


def read_links(fmt: str, text: str) -> list[dict[str, Any]]:
    """Return the links a file of format `fmt` holds (none for formats without links)."""
    if fmt == "json":
        from kb.formats.json import load_links

        return load_links(text)
    if fmt == "aif":
        from kb.formats.aif import load_full

        return load_full(text)[2]
    return []


def apply_links(store: Store, links: list[dict[str, Any]], *, file_slug: str, slug: str,
                actor: str) -> list[str]:
    """Store `links` (ends in `file_slug` renamed to `slug`); return one warning per link
    that could not be stored."""
    warnings = []
    for raw in links:
        data = {**raw, **{end: _renamed(raw[end], file_slug, slug)
                          for end in ("source", "target")}}
        try:
            link = LinkCreate.model_validate(data)
            if store.find_link_between(link.source, link.target) is None:
                store.add_link(link, actor=actor)
        except (ArgmapError, ValueError) as exc:
            first = " ".join(str(exc).split())[:200]
            warnings.append(f"link {raw['source']['debate']}/{raw['source']['node']} -> "
                            f"{raw['target']['debate']}/{raw['target']['node']} skipped: {first}")
    return warnings


def _renamed(end: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return {**end, "debate": new} if end.get("debate") == old else dict(end)
