"""Kialo discussion export (plain text) import.

A Kialo export starts with ``Discussion Title: ...`` and lists every claim on a numbered
line: ``1.`` is the thesis, ``1.1. Pro: ...`` and ``1.1.1. Con: ...`` answer their parent
(the number without its last part). A claim may run over several lines. A line
``1.2.1. Con: -> See 1.1.1.`` reuses claim 1.1.1 as a Con of 1.2.

Mapping: every claim is a node (kind claim, key = its number, e.g. ``1.1.2``); Pro is a
supports edge and Con a rebuts edge to the parent (key ``1.1.2-pro`` / ``1.1.2-con``); a
``-> See`` line adds an edge from the linked claim. Kialo claims stand until attacked, so
the debate is imported in ``presumptive`` mode. There are no parties or sources.

Examples
--------
>>> doc = load("Discussion Title: Bikes\\n\\n1. Cities need bike lanes.\\n"
...            "1.1. Pro: Cycling is cheap.\\n1.2. Con: Lanes take road space\\n"
...            "from buses.\\n1.2.1. Pro: -> See 1.1.\\n")
>>> for e in doc.edges: print(e.key, e.source, e.relation.value, e.target)
1.1-pro 1.1 supports 1
1.2-con 1.2 rebuts 1
1.2.1-pro 1.1 supports 1.2
>>> doc.node("1.2").text
'Lanes take road space from buses.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.doc import MAX_TEXT, DebateDoc, EdgeDoc, Mode, NodeDoc, NodeKind, Relation
from kb.errors import InvalidInputError
from kb.formats.aif import slugify

MEDIA_TYPE = "text/plain"
EXTENSION = ".txt"

_TITLE = re.compile(r"^\s*Discussion Title:\s*(?P<title>.*\S)\s*$")
_CLAIM = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.\s+(?:(?P<side>Pro|Con):\s*)?(?P<text>.*)$")
_SEE = re.compile(r"^->\s*See\s+(?P<number>\d+(?:\.\d+)*)\.?\s*$")


@dataclass
class _Claim:
    number: str
    side: str | None
    line: int
    parts: list[str] = field(default_factory=list)

    @property
    def parent(self) -> str | None:
        head, dot, _ = self.number.rpartition(".")
        return head if dot else None

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _parse(text: str) -> tuple[str, list[_Claim]]:
    title = ""
    claims: list[_Claim] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not title and not claims and (m := _TITLE.match(line)):
            title = m["title"]
            continue
        m = _CLAIM.match(line)
        if m and claims and m["side"] is None and "." not in m["number"]:
            m = None  # "2. ..." after the thesis is a numbered list inside a claim's text
        if m:
            claims.append(_Claim(m["number"], m["side"], lineno, [m["text"]]))
        elif claims:
            claims[-1].parts.append(line)
        else:
            raise InvalidInputError(
                f"line {lineno}: expected 'Discussion Title: ...' or a numbered claim "
                f"such as '1. ...', found {line[:40]!r}; is this a Kialo text export?"
            )
    if not claims:
        raise InvalidInputError("line 1: no numbered claims found; is this a Kialo text export?")
    return title, claims


def load(text: str) -> DebateDoc:
    """Import a Kialo discussion export (see the module docstring for the mapping).

    >>> load("1. Tax sugar.\\n").nodes[0].text
    'Tax sugar.'
    """
    title, claims = _parse(text)
    by_number: dict[str, _Claim] = {}
    for claim in claims:
        where = f"line {claim.line}"
        if claim.number in by_number:
            raise InvalidInputError(f"{where}: claim {claim.number} appears twice")
        if claim.parent is None and claim.side is not None:
            raise InvalidInputError(f"{where}: the thesis {claim.number} cannot be Pro or Con")
        if claim.parent is not None and claim.parent not in by_number:
            raise InvalidInputError(
                f"{where}: claim {claim.number} answers {claim.parent}, which is not above it"
            )
        if not claim.text:
            raise InvalidInputError(f"{where}: claim {claim.number} has no text")
        by_number[claim.number] = claim

    def origin(claim: _Claim) -> str:
        """The claim a ``-> See`` line stands for (followed through chains of links)."""
        seen = {claim.number}
        while m := _SEE.match(claim.text):
            number = m["number"]
            if number not in by_number:
                raise InvalidInputError(
                    f"line {claim.line}: '-> See {number}' names no claim of this export"
                )
            if number in seen:
                raise InvalidInputError(f"line {claim.line}: '-> See' links go round in a circle")
            seen.add(number)
            claim = by_number[number]
        return claim.number

    nodes: list[NodeDoc] = []
    edges: list[EdgeDoc] = []
    for claim in claims:
        source = origin(claim)
        if source == claim.number:
            text = claim.text if len(claim.text) <= MAX_TEXT else claim.text[: MAX_TEXT - 1] + "…"
            nodes.append(NodeDoc(key=claim.number, kind=NodeKind.CLAIM, text=text))
        if claim.side is None or claim.parent is None:
            continue
        relation = Relation.SUPPORTS if claim.side == "Pro" else Relation.REBUTS
        parent = origin(by_number[claim.parent])
        if parent == source:
            raise InvalidInputError(f"line {claim.line}: claim {claim.number} answers itself")
        edges.append(EdgeDoc(key=f"{claim.number}-{claim.side.lower()}", source=source,
                             relation=relation, target=parent))
    title = title or nodes[0].text
    return DebateDoc(
        slug=slugify(title, fallback="kialo-import"),
        title=title[:300],
        mode=Mode.PRESUMPTIVE,
        nodes=tuple(nodes),
        edges=tuple(edges),
    )
