"""Importing a directory of debates (a corpus): every file becomes its own debate.

The slug comes from the file name (``nodeset1234.json`` -> ``nodeset1234``), made to fit
the key pattern (lower case; other characters become ``-``; a clash within one run gets
``-2``, ``-3``...). Each file is read, converted and written in ONE transaction: a bad file
is reported and skipped, never half-imported, and the other files still load. A file whose
debate is already stored with the same content is left alone (a second run changes
nothing); one whose debate differs is skipped unless `replace`, which replaces it as one
new revision.

Examples
--------
>>> import tempfile, pathlib
>>> from kb.store import Store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "Map One.json").write_text(
...     '{"nodes": [{"nodeID": "1", "text": "Tax it.", "type": "I"},'
...     ' {"nodeID": "2", "text": "Hi", "type": "TA"}], "edges": []}')
>>> _ = (folder / "broken.json").write_text('{"nodes": [')
>>> store = Store.memory()
>>> [(r.name, r.slug, r.status) for r in import_directory(store, folder, "aif", actor="t")]
[('Map One.json', 'map-one', 'imported'), ('broken.json', 'broken', 'failed')]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.doc import DebateDoc
from kb.errors import ArgmapError, InvalidInputError
from kb.formats import READERS, format_module
from kb.formats.aif import KeyAllocator
from kb.link_transfer import apply_links, read_links
from kb.store import Store
from kb.store.state import doc_to_state

DEFAULT_TITLES = {"Imported AIF argument map"}
"""Titles a format gives a map that names none: the file name is used instead."""


@dataclass
class FileResult:
    """What importing one file did.

    ``status``: imported, replaced, unchanged, differs (stored debate kept) or failed.
    """

    name: str
    slug: str
    status: str = "failed"
    nodes: int = 0
    edges: int = 0
    dropped: list[str] = field(default_factory=list)
    error: str = ""

    def line(self) -> str:
        """One line for the per-file report."""
        head = f"{self.status} {self.name} -> {self.slug}"
        if self.status == "failed":
            return f"{head}: {self.error}"
        if self.status == "differs":
            return f"{head}: a debate '{self.slug}' with other content exists; --replace " \
                   "replaces it"
        body = f"{head}: {self.nodes} nodes, {self.edges} edges"
        return body + "".join(f"; {line}" for line in self.dropped)


def corpus_files(directory: Path) -> list[Path]:
    """Return the files of `directory` (not hidden ones, not subfolders), sorted by name."""
    if not directory.is_dir():
        raise InvalidInputError(f"'{directory}' is not a folder")
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))


def summary(results: list[FileResult], seconds: float) -> str:
    """The summary line: how many files did what, and how long it took.

    >>> summary([FileResult("a", "a", "imported"), FileResult("b", "b")], 1.25)
    '2 files in 1.2 s: 1 imported, 0 replaced, 0 unchanged, 0 differ, 1 failed'
    """
    count = {s: sum(r.status == s for r in results)
             for s in ("imported", "replaced", "unchanged", "differs", "failed")}
    return (f"{len(results)} files in {seconds:.1f} s: {count['imported']} imported, "
            f"{count['replaced']} replaced, {count['unchanged']} unchanged, "
            f"{count['differs']} differ, {count['failed']} failed")


def read_file(path: Path, fmt: str,
              slug: str) -> tuple[DebateDoc, list[str], list[dict[str, Any]]]:
    """Convert one file into a DebateDoc stored under `slug`, with what was dropped and
    the links it holds."""
    module = format_module(fmt)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"not UTF-8 text (byte {exc.start})") from exc
    links: list[dict[str, Any]] = []
    if fmt == "aif":
        doc, dropped, links = module.load_full(text)
    elif hasattr(module, "load_report"):
        doc, dropped = module.load_report(text)
    else:
        doc, dropped = module.load(text), []
        links = read_links(fmt, text)
    title = path.stem if doc.title in DEFAULT_TITLES else doc.title
    links = [{**link, **{end: ({**link[end], "debate": slug}
                               if link[end]["debate"] == doc.slug else link[end])
                         for end in ("source", "target")}} for link in links]
    return dataclasses.replace(doc, slug=slug, title=title[:300]), list(dropped), links


def import_file(store: Store, path: Path, fmt: str, slug: str, *, actor: str,
                replace: bool = False) -> FileResult:
    """Import one file as debate `slug` (see the module docstring); never raises for a bad
    file: the result says what went wrong."""
    result = FileResult(name=path.name, slug=slug)
    try:
        doc, result.dropped, links = read_file(path, fmt, slug)
        result.nodes, result.edges = len(doc.nodes), len(doc.edges)
        if store.find_debate(slug) is None:
            store.import_doc(doc, actor=actor)
            result.status = "imported"
        elif doc_to_state(store.snapshot(slug)) == doc_to_state(doc):
            result.status = "unchanged"
        elif replace:
            store.import_doc(doc, actor=actor, replace=True)
            result.status = "replaced"
        else:
            result.status = "differs"
        if result.status != "differs":
            result.dropped += apply_links(store, links, file_slug=slug, slug=slug, actor=actor)
    except (ArgmapError, OSError) as exc:
        result.status, result.error = "failed", " ".join(str(exc).split())[:500]
    return result


def import_directory(store: Store, directory: Path, fmt: str, *, actor: str,
                     replace: bool = False,
                     done: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Import every file of `directory` in format `fmt`; `done` is called after each file.

    Raises
    ------
    InvalidInputError
        If `directory` is not a folder or `fmt` is not a format Argmap reads.
    """
    if fmt not in READERS:
        raise InvalidInputError(f"cannot import '{fmt}'; choose one of: {', '.join(READERS)}")
    keys = KeyAllocator()
    results = []
    for path in corpus_files(directory):
        result = import_file(store, path, fmt, keys.allocate(path.stem, fallback="debate"),
                             actor=actor, replace=replace)
        results.append(result)
        if done is not None:
            done(result)
    return results
