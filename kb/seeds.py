"""Loading the seed debates: every ``seeds/*.yaml``, ``*.yml`` and ``*.json``, through the Store.

A seed file has the shape of :mod:`kb.formats.json` (see ``docs/seed-format.md``). Loading is
idempotent: a debate whose stored state equals its file is left alone; a file that differs
from the stored debate replaces it as ONE new revision (author ``seed``), which
``Store.revert`` can undo. A bad file is reported as ``file:line: what`` for each problem and
nothing of it is written, while the other files still load. After the debates,
``links.yaml`` (when present) links their nodes across debates (:mod:`kb.seed_links`),
idempotently as well.

Examples
--------
>>> import tempfile, pathlib
>>> from kb.db import make_engine
>>> from kb.models import SQLModel
>>> from kb.store import Store
>>> engine = make_engine("sqlite://"); SQLModel.metadata.create_all(engine)
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "demo.yaml").write_text("slug: demo\\ntitle: Demo\\n")
>>> _ = (folder / "bad.yaml").write_text("slug: bad\\ntitle: Bad\\nmode: sometimes\\n")
>>> report = load_seeds(Store(engine), folder)
>>> report.loaded, report.errors
(['demo'], ["bad.yaml:3: mode: Input should be 'unsupported' or 'presumptive'"])
>>> load_seeds(Store(engine), folder).unchanged
['demo']
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.doc import DebateDoc
from kb.errors import ArgmapError, InvalidInputError, NotFoundError
from kb.formats.json import from_dict
from kb.seed_links import LINKS_FILE, load_links
from kb.store import Store
from kb.store.state import doc_to_state
from kb.validation import problems

SEED_AUTHOR = "seed"
PATTERNS = ("*.yaml", "*.yml", "*.json")


@dataclass
class SeedReport:
    """What a seed run did: slugs loaded, replaced, unchanged, and ``file:line: what`` errors."""

    loaded: list[str] = field(default_factory=list)
    links: str = ""
    """What loading ``links.yaml`` did (empty without the file)."""
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """Return one human line per debate (errors excluded)."""
        return ([f"loaded {s}" for s in self.loaded] + [f"replaced {s}" for s in self.replaced]
                + [f"unchanged {s}" for s in self.unchanged]
                + ([self.links] if self.links else []))


def seeds_dir(directory: str | Path | None = None) -> Path:
    """Return the seeds folder: `directory`, else ``./seeds``, else the checkout's ``seeds/``.

    Examples
    --------
    >>> seeds_dir("/tmp/x")
    PosixPath('/tmp/x')
    >>> seeds_dir().name
    'seeds'
    """
    if directory is not None:
        return Path(directory)
    here = Path("seeds")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "seeds"


def seed_files(directory: Path) -> list[Path]:
    """Return the seed files of `directory`, sorted by name."""
    if not directory.is_dir():
        raise NotFoundError(f"no seeds folder at '{directory}'; pass --seeds DIR")
    found = {p for pattern in PATTERNS for p in directory.glob(pattern)
             if p.is_file() and p.name != LINKS_FILE}
    return sorted(found)


def _line_of(root: yaml.Node | None, loc: str) -> int:
    """Return the 1-based line of the value at dotted `loc` (list items by index or key)."""
    node = root
    line = 1 if root is None else root.start_mark.line + 1
    for part in loc.split(".") if loc else []:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == part:
                    child = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode):
            if part.isdigit() and int(part) < len(node.value):
                child = node.value[int(part)]
            else:
                child = next((item for item in node.value if isinstance(item, yaml.MappingNode)
                              and any(getattr(k, "value", None) == "key"
                                      and getattr(v, "value", None) == part
                                      for k, v in item.value)), None)
        if child is None:
            break
        if isinstance(node, yaml.SequenceNode):
            line = child.start_mark.line + 1
        node = child
    return line


def read_seed(path: Path) -> DebateDoc:
    """Parse and validate one seed file; InvalidInputError lists ``file:line: what``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("slug: x\\ntitle: X\\nnodes:\\n- key: c1\\n  kind: claim\\n  text: ''\\n")
    >>> read_seed(p)
    Traceback (most recent call last):
    ...
    kb.errors.InvalidInputError: x.yaml:6: nodes.0.text: String should have at least 1 character
    """
    return read_seed_text(path.read_text(encoding="utf-8"), name=path.name,
                          json_text=path.suffix == ".json")


def read_seed_text(text: str, *, name: str = "seed.yaml", json_text: bool = False) -> DebateDoc:
    """Parse and validate a seed file's text; InvalidInputError lists ``name:line: what``
    and holds each problem in ``errors`` (``file``, ``line``, ``loc``, ``msg``).

    >>> read_seed_text("slug: x\\ntitle: X\\nnodes:\\n- key: c1\\n  kind: claim\\n  txet: A\\n")
    Traceback (most recent call last):
    ...
    kb.errors.InvalidInputError: seed.yaml:4: nodes.0.text: Field required
    seed.yaml:6: nodes.0.txet: unknown field 'txet' (did you mean 'text' or 'target'?)
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = json.loads(text) if json_text else yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise InvalidInputError(f"{name}:{line}: not valid YAML: {exc.problem}") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{name}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    except yaml.YAMLError as exc:
        raise InvalidInputError(f"{name}:1: not valid YAML: {exc}") from exc
    repeated = _repeated_keys(root)
    if repeated:
        raise InvalidInputError("\n".join(f"{name}:{line}: {msg}" for line, msg in repeated),
                                errors=[{"file": name, "line": line, "loc": "", "msg": msg}
                                        for line, msg in repeated])
    try:
        doc = from_dict(data)
    except InvalidInputError as exc:
        found = exc.errors or [{"loc": "", "msg": exc.detail}]
        raise _located(name, root, found) from exc
    found = problems(doc)
    if found:
        raise _located(name, root, found)
    return doc


def _repeated_keys(root: yaml.Node | None) -> list[tuple[int, str]]:
    """Return (line, message) for each mapping key written twice (YAML keeps the last)."""
    found: list[tuple[int, str]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = getattr(key_node, "value", None)
                if isinstance(key, str):
                    if key in seen:
                        found.append((key_node.start_mark.line + 1,
                                      f"key '{key}' appears twice in the same mapping"))
                    seen.add(key)
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(found)


def _located(name: str, root: yaml.Node | None, found: list[dict[str, str]]) -> InvalidInputError:
    lines = [f"{name}:{_line_of(root, p['loc'])}: {p['loc']}: {p['msg']}".replace(": : ", ": ")
             for p in found]
    errors = [{"file": name, "line": _line_of(root, p["loc"]), **p} for p in found]
    return InvalidInputError("\n".join(lines), errors=errors)


def load_seeds(store: Store, directory: str | Path | None = None) -> SeedReport:
    """Load every seed file of `directory` (see :func:`seeds_dir`) into `store`.

    Returns a SeedReport; a bad file adds its errors and writes nothing.
    """
    report = SeedReport()
    for path in seed_files(seeds_dir(directory)):
        try:
            doc = read_seed(path)
            existing = store.find_debate(doc.slug)
            if existing is None:
                store.import_doc(doc, actor=SEED_AUTHOR)
                report.loaded.append(doc.slug)
            elif doc_to_state(store.snapshot(doc.slug)) == doc_to_state(doc):
                report.unchanged.append(doc.slug)
            else:
                store.import_doc(doc, actor=SEED_AUTHOR, replace=True)
                report.replaced.append(doc.slug)
        except ArgmapError as exc:
            message = str(exc)
            if not message.startswith(path.name + ":"):
                message = f"{path.name}:1: {message}"
            report.errors.extend(message.splitlines())
    links = seeds_dir(directory) / LINKS_FILE
    if links.is_file():  # after the debates, whose nodes the links name
        done = load_links(store, links)
        report.links = done.line()
        report.errors.extend(done.errors)
    return report
