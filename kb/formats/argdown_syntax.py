"""A reader of the Argdown syntax: text in, the statements, arguments and relations out.

This module knows Argdown only; :mod:`kb.formats.argdown_import` maps what it reads onto a
debate. It reads (see docs/formats.md, "Argdown import"):

- front matter between ``===`` lines (``title`` and ``summary`` are kept);
- headings ``# Title`` (the section of the statements and arguments below them);
- statements ``[Title]: text``, references ``[Title]`` and untitled statements (plain
  text, titled ``Untitled 1``, ``Untitled 2`` ...);
- arguments ``<Title>: description`` and references ``<Title>``;
- premise-conclusion structures: numbered lines ``(1) ...`` with inference lines
  (``----``, ``-- rule --``, or ``--`` ... ``--`` over several lines) after the premises;
- relations on indented lines under an element: ``+``, ``-``, ``_`` (incoming support,
  attack, undercut), ``<+``, ``<-``, ``<_`` (the same, explicitly incoming), ``+>``,
  ``->``, ``_>`` (outgoing) and ``><`` (contradiction), nested by indentation;
- tags ``#tag`` and ``#(tag with spaces)``; backslash escapes; comments ``<!-- -->``,
  ``/* */`` and ``//`` (to the end of the line, anywhere but in a link's target).

List items (``*`` or ``1.``) are statements, as in Argdown. What it reads but cannot pass
on (YAML data ``{...}`` on an element, inference rules, link targets) is named in
:attr:`ArgdownModel.dropped`.

Examples
--------
>>> model = parse("[A]: Cities need trams. #transport\\n  + [B]: Trams are quiet.\\n"
...               "  -> [C]\\n\\n<Arg>\\n\\n(1) [B]\\n----\\n(2) [A]\\n")
>>> sorted(model.statements), model.statements["A"].tags
(['A', 'B', 'C'], ['transport'])
>>> [(r.source.title, r.kind, r.target.title) for r in model.relations]
[('B', 'support', 'A'), ('A', 'attack', 'C')]
>>> [(m.title, m.role) for m in model.arguments["Arg"].pcs]
[('B', 'premise'), ('A', 'main-conclusion')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import yaml

ElementKind = Literal["statement", "argument"]

_COMMENT = re.compile(r"<!--.*?-->|/\*.*?\*/", re.S)
_LINE_COMMENT = re.compile(r"(?<!\\)(\]\([^)\s]*\))|//[^\n]*")
"""A ``//`` comment runs to the end of its line, anywhere but in a link's target."""
_HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.*)$")
_RELATION = re.compile(r"^(?P<indent>[ \t]+)(?P<op><\+|<-|<_|\+>|->|_>|><|\+|-|_)\s+(?P<rest>.*)$")
_PCS = re.compile(r"^\s*\((?P<number>\d+)\)\s*(?P<rest>.*)$")
_INFERENCE_ONE = re.compile(r"^\s*-{4,}\s*$")
_INFERENCE_RULE = re.compile(r"^\s*--+(?P<rules>.*\S)\s*--+\s*$")
_INFERENCE_OPEN = re.compile(r"^\s*--\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[*]|\d+\.)\s+")
_DEFINITION = re.compile(
    r"^(?P<open>[\[<])(?P<title>(?:\\.|[^\]>\\])+)[\]>](?P<colon>:)?\s*(?P<rest>.*)$")
_TAG = re.compile(r"(?:(?<=\s)|^)#(?:\((?P<long>[^)]*)\)|(?P<short>[\w-]+))")
_DATA = re.compile(r"(?<!\\)\{[^{}]*\}\s*$")
_LINK = re.compile(r"(?<!\\)\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)")
_ESCAPE = re.compile(r"\\(.)")
_EMPHASIS = re.compile(r"(?<![\\\w])(\*\*|__|\*|_)(?=\S)(?P<inner>.+?)(?<=\S)(?<!\\)\1(?!\w)")

_OPS: dict[str, tuple[str, bool]] = {
    "+": ("support", True), "<+": ("support", True), "+>": ("support", False),
    "-": ("attack", True), "<-": ("attack", True), "->": ("attack", False),
    "_": ("undercut", True), "<_": ("undercut", True), "_>": ("undercut", False),
    "><": ("contradictory", False),
}
"""Relation marker -> (relation type, whether the related element is the source)."""


@dataclass(frozen=True)
class Ref:
    """One end of a relation: a statement or an argument, by title."""

    kind: ElementKind
    title: str


@dataclass
class Element:
    """What the text says of one title: its texts, tags, section and first line."""

    title: str
    texts: list[str] = field(default_factory=list)
    """Every text given to this title, in order (a statement's equivalence class, an
    argument's descriptions)."""
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    line: int = 0

    def add(self, clean: str, tags: list[str]) -> None:
        """One more text (when not empty) and the tags not yet held."""
        if clean:
            self.texts.append(clean)
        self.tags += [t for t in tags if t not in self.tags]

    def go_on(self, clean: str, tags: list[str]) -> None:
        """A continuation line: `clean` goes on with the last text."""
        if self.texts:
            self.texts[-1] = f"{self.texts[-1]} {clean}".strip()
        else:
            self.texts.append(clean)
        self.tags += [t for t in tags if t not in self.tags]


@dataclass
class Statement(Element):
    """A statement ``[Title]: text``."""


@dataclass(frozen=True)
class PcsMember:
    title: str
    role: Literal["premise", "intermediary-conclusion", "main-conclusion"]
    inference: int
    """The inference (1, 2 ...) a premise feeds or a conclusion concludes."""


@dataclass
class Argument(Element):
    """An argument ``<Title>: text``, with its premise-conclusion structure if any."""

    pcs: list[PcsMember] = field(default_factory=list)


@dataclass(frozen=True)
class Relation:
    source: Ref
    kind: Literal["support", "attack", "undercut", "contradictory"]
    target: Ref
    line: int


@dataclass
class ArgdownModel:
    """What an Argdown text says, by title (the same picture as the Argdown CLI's JSON)."""

    title: str = ""
    summary: str = ""
    statements: dict[str, Statement] = field(default_factory=dict)
    arguments: dict[str, Argument] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def plain_heading(text: str) -> str:
    r"""A heading as Argdown titles its section: emphasis and escapes gone, tags kept.

    >>> plain_heading(r"A *big* \# heading #t")
    'A big # heading #t'
    """
    text = _LINK.sub(lambda m: m["text"], text)
    text = _EMPHASIS.sub(lambda m: m["inner"], text)
    return " ".join(_ESCAPE.sub(r"\1", text).split())


def inline(text: str) -> tuple[str, list[str], list[str]]:
    r"""Return the plain text, the tags and the dropped parts of one element's text.

    Tags stay out of the text when they close it; links keep their text; emphasis marks
    and escapes are removed.

    >>> inline(r"Trams are *quiet* \#1 [see](http://x.org) #(city life) #tram")
    ('Trams are quiet #1 see', ['city life', 'tram'], ['link target http://x.org'])
    """
    dropped: list[str] = []
    if (data := _DATA.search(text)) is not None:
        dropped.append(f"data {data.group(0).strip()}")
        text = text[: data.start()]
    tags = [m["long"] if m["long"] is not None else m["short"] for m in _TAG.finditer(text)]
    tags = [" ".join(t.split()) for t in tags]
    while (m := re.search(r"(?:^|\s)#(?:\([^)]*\)|[\w-]+)\s*$", text)) is not None:
        text = text[: m.start()]
    for link in _LINK.finditer(text):
        dropped.append(f"link target {link['url']}")
    text = _LINK.sub(lambda m: m["text"], text)
    text = _EMPHASIS.sub(lambda m: m["inner"], text)
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split()), list(dict.fromkeys(tags)), dropped


class _Reader:
    """Line by line reading; state: the current section, argument and relation stack."""

    def __init__(self) -> None:
        self.model = ArgdownModel()
        self.section: str | None = None
        self.untitled = 0
        self.stack: list[tuple[int, Ref]] = []
        self.last: tuple[Ref, bool] | None = None
        """The element whose text a continuation line extends, and whether it is a
        description (arguments) rather than a statement's text."""
        self.argument: str | None = None
        self.pcs_open = False
        self.seq: list[str | None] = []
        """The statements of the open premise-conclusion structure; None for an inference."""
        self.in_rules = False
        self.rules: list[str] = []

    # elements --------------------------------------------------------------------------

    def statement(self, title: str | None, text: str, line: int) -> Ref:
        if title is None:
            self.untitled += 1
            title = f"Untitled {self.untitled}"
        return self.define(Ref("statement", title), text, line)

    def define(self, ref: Ref, text: str, line: int) -> Ref:
        """Give the statement or argument `ref` one more text (made at its first one)."""
        clean, tags, dropped = inline(text)
        self.found(ref, line).add(clean, tags)
        self.model.dropped += [f"line {line}: {d} of {_show(ref)}" for d in dropped]
        return ref

    def found(self, ref: Ref, line: int) -> Element:
        """The element `ref` names, made in the current section if it is new."""
        if ref.kind == "statement":
            return self.model.statements.setdefault(
                ref.title, Statement(ref.title, section=self.section, line=line))
        return self.model.arguments.setdefault(
            ref.title, Argument(ref.title, section=self.section, line=line))

    def element(self, content: str, line: int) -> Ref:
        m = _DEFINITION.match(content)
        if m is None:
            ref = self.statement(None, content, line)
        else:
            title = " ".join(_ESCAPE.sub(r"\1", m["title"]).split())
            rest = m["rest"]
            if m["open"] == "[":
                ref = self.statement(title, rest, line)
            else:
                ref = self.define(Ref("argument", title), rest, line)
        self.last = (ref, ref.kind == "argument")
        return ref

    # premise-conclusion structures -----------------------------------------------------

    def pcs_statement(self, content: str, line: int) -> None:
        if not self.pcs_open:
            self.pcs_open, self.seq = True, []
            if self.argument is None:
                self.untitled += 1
                self.argument = f"Untitled {self.untitled}"
                self.model.arguments[self.argument] = Argument(
                    self.argument, section=self.section, line=line)
        ref = self.element(content, line)
        if ref.kind != "statement":
            self.model.dropped.append(f"line {line}: an argument inside a premise-conclusion "
                                      f"structure, <{ref.title}>")
            return
        self.seq.append(ref.title)
        self.stack = [(0, ref)]

    def inference(self, line: int, rules: str = "") -> None:
        if not self.pcs_open or self.argument is None:
            self.model.dropped.append(f"line {line}: an inference line outside an argument")
            return
        if rules.strip():
            self.model.dropped.append(f"line {line}: inference rules '{rules.strip()}' of "
                                      f"<{self.argument}>")
        self.seq.append(None)
        self.last = None

    def close_pcs(self) -> None:
        """Give each statement of the structure its role, as Argdown does."""
        if not self.pcs_open or self.argument is None:
            return
        arg = self.model.arguments[self.argument]
        members: list[PcsMember] = []
        inference, after_inference = 1, False
        for item in self.seq:
            if item is None:
                after_inference = True
                continue
            if after_inference:
                members.append(PcsMember(item, "intermediary-conclusion", inference))
                inference += 1
                after_inference = False
            else:
                members.append(PcsMember(item, "premise", inference))
        if after_inference or not members or members[-1].role == "premise":
            self.model.dropped.append(f"argument <{arg.title}>: its premise-conclusion "
                                      "structure does not end with a conclusion")
        else:
            last = members[-1]
            members[-1] = PcsMember(last.title, "main-conclusion", last.inference)
        arg.pcs = members
        self.pcs_open = False
        self.argument = None

    # lines -----------------------------------------------------------------------------

    def relation(self, m: re.Match[str], line: int) -> None:
        indent = len(m["indent"].expandtabs(4))
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if not self.stack:
            self.model.dropped.append(f"line {line}: a relation without an element above it")
            return
        parent = self.stack[-1][1]
        other = self.element(m["rest"], line)
        kind, incoming = _OPS[m["op"]]
        source, target = (other, parent) if incoming else (parent, other)
        self.model.relations.append(Relation(source, kind, target, line))  # type: ignore[arg-type]
        self.stack.append((indent, other))

    def top(self, raw: str, line: int) -> None:
        stripped = raw.strip()
        if _INFERENCE_ONE.match(raw) or _INFERENCE_OPEN.match(raw):
            if _INFERENCE_OPEN.match(raw):
                self.in_rules = True
                self.rules = []
                return
            self.inference(line)
            return
        if (m := _INFERENCE_RULE.match(raw)) and self.pcs_open:
            self.inference(line, m["rules"])
            return
        if (m := _PCS.match(raw)) is not None:
            self.pcs_statement(m["rest"], line)
            return
        self.close_pcs()
        if (m := _HEADING.match(raw)) is not None:
            self.section = plain_heading(m["text"])
            self.stack, self.last, self.argument = [], None, None
            return
        if _LIST_ITEM.match(raw):  # a list item is a statement, as in Argdown
            stripped = _LIST_ITEM.sub("", raw).strip()
        ref = self.element(stripped, line)
        self.argument = ref.title if ref.kind == "argument" else None
        self.stack = [(0, ref)]

    def continuation(self, text: str, line: int) -> None:
        if self.last is None:
            return
        ref, _ = self.last
        clean, tags, dropped = inline(text)
        self.model.dropped += [f"line {line}: {d} of {_show(ref)}" for d in dropped]
        self.found(ref, line).go_on(clean, tags)

    def read(self, text: str) -> ArgdownModel:
        text = self.front_matter(text)
        text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        text = _LINE_COMMENT.sub(lambda m: m.group(1) or "", text)
        blank = True
        for number, raw in enumerate(text.splitlines(), start=1):
            if self.in_rules:
                if _INFERENCE_OPEN.match(raw) or raw.strip().endswith("--"):
                    self.in_rules = False
                    self.inference(number, " ".join(self.rules))
                else:
                    self.rules.append(raw.strip())
                continue
            if not raw.strip():
                blank = True
                self.last = None if not self.pcs_open else self.last
                continue
            if (m := _RELATION.match(raw)) is not None and self.stack:
                self.relation(m, number)
            elif not blank and self.last is not None and _continues(raw):
                self.continuation(raw.strip(), number)
            else:
                self.top(raw, number)
            blank = False
        self.close_pcs()
        return self.model

    def front_matter(self, text: str) -> str:
        lines = text.splitlines()
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        if first is None or lines[first].strip() != "===":
            return text
        end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "==="), None)
        if end is None:
            return text
        try:
            data = yaml.safe_load("\n".join(lines[first + 1:end])) or {}
        except yaml.YAMLError:
            data = {}
            self.model.dropped.append("front matter: not YAML")
        if isinstance(data, dict):
            self.model.title = str(data.pop("title", "") or "")
            self.model.summary = str(data.pop("summary", "") or "")
            self.model.dropped += [f"front matter: {key}" for key in data]
        return "\n" * (end + 1) + "\n".join(lines[end + 1:])


def _show(ref: Ref) -> str:
    return f"[{ref.title}]" if ref.kind == "statement" else f"<{ref.title}>"


def _continues(raw: str) -> bool:
    """Whether a line right under an element's text goes on with that text."""
    return (raw[:1] in " \t" and not _PCS.match(raw)) or not _starts_element(raw)


def _starts_element(raw: str) -> bool:
    stripped = raw.strip()
    return bool(_DEFINITION.match(stripped) or _PCS.match(raw) or _HEADING.match(raw)
                or _LIST_ITEM.match(raw)
                or _INFERENCE_ONE.match(raw) or _INFERENCE_OPEN.match(raw)
                or _INFERENCE_RULE.match(raw))


def parse(text: str) -> ArgdownModel:
    """Read an Argdown text; never fails (what it cannot read is in ``dropped``).

    >>> parse("===\\ntitle: Trams\\n===\\n\\n# Costs\\n\\n[A]: Too dear.").statements["A"]
    Statement(title='A', texts=['Too dear.'], tags=[], section='Costs', line=7)
    """
    return _Reader().read(text)
