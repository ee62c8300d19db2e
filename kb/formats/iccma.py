"""ICCMA formats: a party's view of a debate as a Dung framework, and i23/APX/TGF readers.

Export uses the rule-based translation of a normal logic program into an argumentation
framework (Caminada, Sá, Alcântara and Dvořák 2015, "On the equivalence between logic
programming semantics and argumentation semantics"): each argument is a derivation of one
atom (a node or edge). Our rules have at most one positive body atom, so a derivation is a
chain of rules starting at a premise; its vulnerabilities are the atoms its rules negate.
Argument A attacks B when A's conclusion is one of B's vulnerabilities. Chains are kept
without repeated atoms and only with subset-minimal vulnerabilities per conclusion (a chain
with more vulnerabilities and the same conclusion never changes a label), so the framework's
grounded, complete, preferred and stable labellings give, per item, the same labels as the
engine: an item is IN when one of its arguments is IN, OUT when all are OUT (or it has none).

``dump(doc, party=P)`` prints i23: the ``p af N`` line, then one comment line per argument
``# ARG ITEM <- CHAIN`` (the key map: argument number, the item it concludes, the chain of
items from its premise), then the attacks. :func:`key_file` gives the same map as a
separate tab-separated file, :func:`dump_apx` the APX text.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="D", parties=(PartyDoc(key="p", name="P"),),
...     nodes=(NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="E"),
...            NodeDoc(key="f", kind=NodeKind.EVIDENCE, text="F")),
...     edges=(EdgeDoc(key="r", source="f", relation=Relation.REBUTS, target="e"),),
...     acceptance={"p": {"e": "accepted", "f": "accepted"}})
>>> print(dump(doc, party="p"))
p af 3
# 1 e <- e
# 2 f <- f
# 3 edge:r <- f edge:r
3 1
<BLANKLINE>
>>> load("p af 2\\n1 2\\n").edges[0].source
'a1'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from kb.doc import DebateDoc, EdgeDoc, Mode, NodeDoc, NodeKind, PartyDoc, Relation
from kb.engine.dung import FORMATS, Framework
from kb.engine.evaluation import graph_of
from kb.engine.program import NO_ATOM, Program
from kb.errors import InvalidInputError

MEDIA_TYPE = "text/plain"
EXTENSION = ".i23"
MAX_ARGUMENTS = 200_000
"""Largest exported framework; beyond it the export stops with an error."""

Chain = tuple[int, ...]


def derivations(program: Program) -> list[tuple[int, frozenset[int], Chain]]:
    """Arguments of `program`: (conclusion, vulnerabilities, chain of atoms), in a fixed order.

    >>> p = Program.from_rules(["a", "b"], [("a", None, ["b"]), ("b", "a", [])])
    >>> derivations(p)
    [(0, frozenset({1}), (0,)), (1, frozenset({1}), (0, 1))]
    """
    by_positive: dict[int, list[int]] = {}
    for rule, positive in enumerate(program.positives):
        if positive != NO_ATOM:
            by_positive.setdefault(positive, []).append(rule)
    found: dict[int, list[tuple[frozenset[int], Chain]]] = {}
    order: list[tuple[int, frozenset[int], Chain]] = []

    def add(head: int, vulnerable: frozenset[int], chain: Chain) -> bool:
        known = found.setdefault(head, [])
        if any(other <= vulnerable for other, _ in known):
            return False
        known[:] = [(v, c) for v, c in known if not vulnerable <= v]
        known.append((vulnerable, chain))
        if sum(len(v) for v in found.values()) > MAX_ARGUMENTS:
            raise InvalidInputError(
                f"the ICCMA translation needs more than {MAX_ARGUMENTS} arguments; "
                "export a smaller debate or one party's simpler view"
            )
        return True

    frontier: list[tuple[int, frozenset[int], Chain]] = []
    for rule, head in enumerate(program.heads):
        if program.positives[rule] == NO_ATOM:
            vulnerable = frozenset(program.negatives[rule])
            if add(head, vulnerable, (head,)):
                frontier.append((head, vulnerable, (head,)))
    while frontier:
        following = []
        for atom, vulnerable, chain in frontier:
            if (vulnerable, chain) not in found.get(atom, []):
                continue  # superseded by a chain with fewer vulnerabilities
            for rule in by_positive.get(atom, ()):
                head = program.heads[rule]
                if head in chain:
                    continue
                longer = vulnerable | frozenset(program.negatives[rule])
                if add(head, longer, (*chain, head)):
                    following.append((head, longer, (*chain, head)))
        frontier = following
    for head in sorted(found):
        for vulnerable, chain in sorted(found[head], key=lambda vc: (len(vc[1]), vc[1])):
            order.append((head, vulnerable, chain))
    return order


def _party_program(doc: DebateDoc, party: str | None) -> Program:
    if party is None:
        acceptance = doc.acceptance_of(doc.parties[0].key) if doc.parties else {}
    else:
        acceptance = doc.acceptance_of(party)
    return graph_of(doc).program(acceptance)


def translate(doc: DebateDoc, party: str | None = None) -> tuple[list[str], list[tuple[int, int]]]:
    """Key lines (``ITEM <- CHAIN`` per argument) and 1-based attacks of the party's view.

    Without `party`, the first party of the debate (or nobody's acceptance) is used.
    """
    program = _party_program(doc, party)
    arguments = derivations(program)
    by_conclusion: dict[int, list[int]] = {}
    for number, (head, _, _) in enumerate(arguments, start=1):
        by_conclusion.setdefault(head, []).append(number)
    attacks = sorted(
        (attacker, number)
        for number, (_, vulnerable, _) in enumerate(arguments, start=1)
        for atom in vulnerable
        for attacker in by_conclusion.get(atom, ())
    )
    names = program.atoms
    keys = [f"{names[head]} <- {' '.join(names[a] for a in chain)}"
            for head, _, chain in arguments]
    return keys, attacks


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """The party's view as i23 text, with the key map as ``#`` comment lines."""
    keys, attacks = translate(doc, party)
    lines = [f"p af {len(keys)}"]
    lines += [f"# {number} {key}" for number, key in enumerate(keys, start=1)]
    lines += [f"{a} {b}" for a, b in attacks]
    return "\n".join(lines) + "\n"


def key_file(doc: DebateDoc, *, party: str | None = None) -> str:
    """The key map alone: ``NUMBER<TAB>ITEM<TAB>CHAIN`` per argument."""
    keys, _ = translate(doc, party)
    rows = []
    for number, key in enumerate(keys, start=1):
        item, chain = key.split(" <- ")
        rows.append(f"{number}\t{item}\t{chain}")
    return "\n".join(rows) + "\n"


def dump_apx(doc: DebateDoc, *, party: str | None = None) -> str:
    """The party's view as APX (arguments ``a1``, ``a2``, ... numbered as in :func:`dump`)."""
    keys, attacks = translate(doc, party)
    lines = [f"arg(a{number})." for number in range(1, len(keys) + 1)]
    lines += [f"att(a{a},a{b})." for a, b in attacks]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- readers
_APX_LINE = re.compile(r"\s*(arg|att)\(\s*([^,()\s]+)\s*(?:,\s*([^,()\s]+)\s*)?\)\s*\.\s*")


def _from_names(names: list[str], attacks: list[tuple[str, str]], what: str) -> Framework:
    index = {name: number for number, name in enumerate(names)}
    if len(index) != len(names):
        raise InvalidInputError(f"{what}: an argument is declared twice")
    try:
        src = np.array([index[a] for a, _ in attacks], dtype=np.int32)
        dst = np.array([index[b] for _, b in attacks], dtype=np.int32)
    except KeyError as missing:
        raise InvalidInputError(f"{what}: attack names undeclared argument {missing}") from None
    return Framework(len(names), src, dst, tuple(names))


def parse_apx(text: str) -> Framework:
    """Read APX: ``arg(a).`` and ``att(a,b).`` lines (``%`` comments allowed)."""
    names: list[str] = []
    attacks: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("%", 1)[0]
        if not line.strip():
            continue
        match = _APX_LINE.fullmatch(line)
        if match is None or (match[1] == "arg") != (match[3] is None):
            raise InvalidInputError(f"APX line {number}: expected arg(a). or att(a,b).")
        if match[1] == "arg":
            names.append(match[2])
        else:
            attacks.append((match[2], match[3]))
    return _from_names(names, attacks, "APX")


def parse_tgf(text: str) -> Framework:
    """Read TGF: one argument per line, a line ``#``, then one attack ``a b`` per line."""
    names: list[str] = []
    attacks: list[tuple[str, str]] = []
    in_attacks = False
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if fields == ["#"]:
            if in_attacks:
                raise InvalidInputError(f"TGF line {number}: a second '#' separator")
            in_attacks = True
        elif not in_attacks:
            names.append(fields[0])
        elif len(fields) == 2:
            attacks.append((fields[0], fields[1]))
        else:
            raise InvalidInputError(f"TGF line {number}: expected two argument names")
    return _from_names(names, attacks, "TGF")


COMPILED_FROM_BYTES = 4 << 20
"""i23 files at least this large are scanned by the compiled loop (numba); smaller ones in
plain Python, which finishes before numba would even have loaded."""

_I23_ERROR = (
    "i23 line {}: expected 'p af N' first, then one attack 'i j' per line with 1 <= i, j <= N "
    "('#' starts a comment)"
)


def _parse_i23_small(data: bytes) -> Framework:
    lines = data.split(b"\n")
    count = -1
    body: list[bytes] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith(b"#"):
            continue
        if count < 0:
            fields = line.split()
            if len(fields) != 3 or fields[:2] != [b"p", b"af"] or not fields[2].isdigit():
                raise InvalidInputError(_I23_ERROR.format(number))
            count = int(fields[2])
            continue
        fields = line.split()
        if len(fields) != 2 or not (fields[0].isdigit() and fields[1].isdigit()):
            raise InvalidInputError(_I23_ERROR.format(number))
        body.append(line)
    if count < 0:
        raise InvalidInputError(_I23_ERROR.format(len(lines)))
    pairs = np.array(b" ".join(body).split(), dtype=np.int64).reshape(-1, 2) - 1
    bad = np.flatnonzero((pairs < 0).any(axis=1) | (pairs >= count).any(axis=1))
    if len(bad):
        # Report the file line of the first attack out of range.
        seen = -1
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if line and not line.startswith(b"#") and not line.startswith(b"p"):
                seen += 1
                if seen == bad[0]:
                    raise InvalidInputError(_I23_ERROR.format(number))
    return Framework(count, pairs[:, 0].astype(np.int32), pairs[:, 1].astype(np.int32))


def parse_i23(data: Any) -> Framework:
    """Read i23 from bytes or a uint8 array: ``p af N``, ``#`` comments, ``i j`` attacks.

    >>> parse_i23(b"p af 2\\n# c\\n2 1\\n").attackers.tolist()
    [1]
    """
    if isinstance(data, bytes) and len(data) < COMPILED_FROM_BYTES:
        return _parse_i23_small(data)
    from kb.engine.kernels import parse_i23 as scan

    text = np.frombuffer(data, dtype=np.uint8) if isinstance(data, bytes) else data
    count, src, dst, line = scan(text)
    if count < 0:
        raise InvalidInputError(
            f"i23 line {line}: expected 'p af N' first, then one attack 'i j' per line with "
            "1 <= i, j <= N ('#' starts a comment)"
        )
    return Framework(count, src, dst)


def read_framework(path: str | Path, fmt: str = "i23") -> Framework:
    """Read a framework file; i23 is memory-mapped and scanned by a compiled loop."""
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
    file = Path(path)
    try:
        if fmt != "i23":
            text = file.read_text(encoding="utf-8")
            return parse_apx(text) if fmt == "apx" else parse_tgf(text)
        if file.stat().st_size < COMPILED_FROM_BYTES:
            return parse_i23(file.read_bytes())
        # Memory-mapped: the OS pages the file in as the scanner streams through it.
        return parse_i23(np.memmap(file, dtype=np.uint8, mode="r"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"cannot read '{path}': {error}") from None


def load(text: str) -> DebateDoc:
    """A framework (i23, or APX when it has ``arg(`` lines) as a presumptive debate.

    Each argument becomes a claim ``a<N>`` (APX: its name when it is a valid key), each
    attack a rebuttal; in ``presumptive`` mode the debate's labels are Dung's.
    """
    if re.search(r"^\s*arg\(", text, re.MULTILINE):
        framework = parse_apx(text)
    else:
        framework = parse_i23(text.encode("utf-8"))
    keys = [f"a{framework.name(n)}" if framework.names is None else framework.name(n).lower()
            for n in range(framework.count)]
    nodes = tuple(NodeDoc(key=key, kind=NodeKind.CLAIM, text=f"Argument {framework.name(n)}")
                  for n, key in enumerate(keys))
    edges = tuple(
        EdgeDoc(key=f"att{number}", source=keys[int(a)], relation=Relation.REBUTS,
                target=keys[int(b)])
        for number, (a, b) in enumerate(
            zip(framework.attackers, framework.targets, strict=True), start=1)
    )
    return DebateDoc(slug="iccma", title="ICCMA framework", mode=Mode.PRESUMPTIVE,
                     parties=(PartyDoc(key="reader", name="Reader"),), nodes=nodes, edges=edges)
