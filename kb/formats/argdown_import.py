"""Argdown import: what :mod:`kb.formats.argdown_syntax` reads, mapped onto a debate.

Mapping (docs/formats.md, "Argdown import"):

- a statement is a node, keyed by its title (made into a key when it is not one); its text
  is the first text given to the title (the title itself when it has none); a node tagged
  ``#evidence`` is evidence, every other one a claim; its other tags, and the heading it
  stands under, become its tags;
- an argument with a premise-conclusion structure becomes supports edges, one from each
  premise of an inference to that inference's conclusion (an intermediary conclusion
  supports the next one); an edge of an argument with a single premise is keyed by the
  argument's title, else by the title and a number;
- an argument without one becomes a claim node of its description;
- relations: support is a supports edge, attack a rebuts edge, a contradiction two rebuts
  edges (one each way); an undercut is a rebuts edge aimed at the edges of the argument it
  undercuts. An argument at either end of a support or an attack stands for its
  conclusion (or its own node);
- the export's way of writing an edge that is undercut (an argument whose conclusion is the
  statement ``[edge KEY]``) reads back as that edge.

Everything else (data, inference rules, link targets, undercuts aimed at statements, a
relation from a node to itself) is listed in the report, never dropped silently.

Examples
--------
>>> doc, report = load_report("[a]: Trams are quiet. #evidence\\n  +> [b]: Buy trams.\\n"
...                           "  _> <c>")
>>> [(n.key, n.kind.value) for n in doc.nodes]
[('a', 'evidence'), ('b', 'claim'), ('c', 'claim')]
>>> [(e.key, e.source, e.relation.value, e.target) for e in doc.edges]
[('e1', 'a', 'supports', 'b')]
>>> report
['line 3: undercut of <c>, which has no inference to undercut; dropped']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kb.doc import MAX_TEXT, DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
from kb.errors import InvalidInputError
from kb.formats.aif import KeyAllocator, LoadReport, slugify
from kb.formats.argdown_syntax import ArgdownModel, Argument, Ref, inline, parse
from kb.formats.argdown_syntax import Relation as ArgdownRelation
from kb.formats.summary import section_title

KIND_TAGS = {"claim": NodeKind.CLAIM, "evidence": NodeKind.EVIDENCE}
AUX_PREFIX = "edge "
"""Title prefix of the export's auxiliary conclusion statements (see kb.formats.argdown)."""


@dataclass
class _Builder:
    model: ArgdownModel
    report: list[str] = field(default_factory=list)
    nodes: dict[str, NodeDoc] = field(default_factory=dict)
    node_of: dict[Ref, str] = field(default_factory=dict)
    edges: list[EdgeDoc] = field(default_factory=list)
    edges_of: dict[str, list[str]] = field(default_factory=dict)
    """Argument title -> keys of the edges of its (last) inference."""
    conclusion_of: dict[str, str] = field(default_factory=dict)
    keys: KeyAllocator = field(default_factory=KeyAllocator)
    edge_keys: KeyAllocator = field(default_factory=KeyAllocator)
    rebut_args: dict[str, str] = field(default_factory=dict)
    """Argument title -> premise node key, for the export's undercut-able rebuttals."""

    # nodes -----------------------------------------------------------------------------

    def node(self, ref: Ref, texts: list[str], tags: Iterable[str], section: str | None,
             kind_default: NodeKind = NodeKind.CLAIM) -> None:
        key = self.keys.allocate(ref.title, fallback="node")
        texts = list(dict.fromkeys(t for t in texts if t))
        if len(texts) > 1:
            self.report.append(f"{_show(ref)} has {len(texts)} different texts; kept the first")
        text = texts[0] if texts else ref.title
        if len(text) > MAX_TEXT:
            self.report.append(f"{_show(ref)}: text cut to {MAX_TEXT} characters")
            text = text[:MAX_TEXT]
        kind = kind_default
        own: list[str] = []
        for tag in tags:
            if tag in KIND_TAGS:
                kind = KIND_TAGS[tag]
            else:
                own.append(tag)
        if section:
            heading, heading_tags, _ = inline(section)
            if heading not in own and all(section_title(t) != heading for t in own):
                own.append(heading)
            own += [t for t in heading_tags if t not in own and t not in KIND_TAGS]
        self.nodes[key] = NodeDoc(key=key, kind=kind, text=text, tags=tuple(own))
        self.node_of[ref] = key

    def add_nodes(self) -> None:
        for arg in self.model.arguments.values():
            if self.is_rebuttal(arg):
                self.rebut_args[arg.title] = arg.pcs[0].title
        aux = {arg.pcs[-1].title for arg in self.model.arguments.values()
               if arg.title in self.rebut_args}
        for st in self.model.statements.values():
            if st.title not in aux:
                self.node(Ref("statement", st.title), st.texts, st.tags, st.section)
        for arg in self.model.arguments.values():
            if not arg.pcs:
                self.node(Ref("argument", arg.title), arg.texts, arg.tags, arg.section)

    def is_rebuttal(self, arg: Argument) -> bool:
        """Whether `arg` is how the export writes an undercut-able rebuts edge."""
        if len(arg.pcs) != 2 or arg.pcs[-1].title != AUX_PREFIX + arg.title:
            return False
        aux = Ref("statement", arg.pcs[-1].title)
        outgoing = [r for r in self.model.relations if r.source == aux]
        return (len(outgoing) == 1 and outgoing[0].kind in ("attack", "undercut")
                and not any(r.target == aux for r in self.model.relations))

    # edges -----------------------------------------------------------------------------

    def edge(self, hint: str | None, source: str, relation: Relation, *,
             target: str | None = None, target_edge: str | None = None, text: str = "") -> str:
        if hint is None:  # a relation: e1, e2 ... (keys the arguments left free)
            number = len(self.edges) + 1
            while f"e{number}" in self.edge_keys.used:
                number += 1
            hint = f"e{number}"
        key = self.edge_keys.allocate(hint, fallback="e")
        self.edges.append(EdgeDoc(key=key, source=source, relation=relation, target=target,
                                  target_edge=target_edge, text=text))
        return key

    def add_argument_edges(self) -> None:
        for arg in self.model.arguments.values():
            if not arg.pcs or arg.title in self.rebut_args:
                continue
            pairs: list[tuple[str, str]] = []
            premises: list[str] = []
            for member in arg.pcs:
                key = self.node_of[Ref("statement", member.title)]
                if member.role == "premise":
                    premises.append(key)
                    continue
                pairs += [(p, key) for p in premises if p != key]
                premises = [key]
            if not pairs:
                self.report.append(f"argument <{arg.title}> has no premise; dropped")
                continue
            text = _gloss(arg, pairs)
            hints = [arg.title] if len(pairs) == 1 else \
                [f"{arg.title} {n}" for n in range(1, len(pairs) + 1)]
            keys = [self.edge(hint, p, Relation.SUPPORTS, target=c, text=text)
                    for hint, (p, c) in zip(hints, pairs, strict=True)]
            last = pairs[-1][1]
            self.edges_of[arg.title] = [k for k, (_, c) in zip(keys, pairs, strict=True)
                                        if c == last]
            self.conclusion_of[arg.title] = last

    def end(self, ref: Ref) -> str | None:
        """The node standing for `ref` at an end of a support or attack."""
        if ref.kind == "argument" and ref.title in self.conclusion_of:
            return self.conclusion_of[ref.title]
        return self.node_of.get(ref)

    def add_relation(self, rel: ArgdownRelation) -> None:
        where = f"line {rel.line}"
        if _is_aux(self, rel):
            self.add_rebuttal(rel)
            return
        source = self.end(rel.source)
        if rel.kind == "undercut":
            self.add_undercut(rel, source, where)
            return
        target = self.end(rel.target)
        if source is None or target is None:
            self.report.append(f"{where}: {rel.kind} between {_show(rel.source)} and "
                               f"{_show(rel.target)}, which are not nodes; dropped")
            return
        if source == target:
            self.report.append(f"{where}: {rel.kind} of {_show(rel.source)} to itself; "
                               "dropped")
            return
        if rel.kind == "support":
            self.edge(None, source, Relation.SUPPORTS, target=target)
        elif rel.kind == "attack":
            self.edge(None, source, Relation.REBUTS, target=target)
        else:  # contradictory: each attacks the other
            self.edge(None, source, Relation.REBUTS, target=target)
            self.edge(None, target, Relation.REBUTS, target=source)

    def add_undercut(self, rel: ArgdownRelation, source: str | None, where: str) -> None:
        targets = self.undercut_targets(rel.target)
        if source is None or not targets:
            self.report.append(f"{where}: undercut of {_show(rel.target)}, which has no "
                               "inference to undercut; dropped")
            return
        for target in targets:
            self.edge(None, source, Relation.REBUTS, target_edge=target)

    def undercut_targets(self, ref: Ref) -> list[str]:
        if ref.kind != "argument":
            return []
        if ref.title in self.rebut_args or ref.title in self.edges_of:
            return self.edges_of.get(ref.title, [])
        node = self.node_of.get(ref)
        return [e.key for e in self.edges if e.source == node and e.target is not None]

    def add_rebuttal(self, rel: ArgdownRelation) -> None:
        title = rel.source.title[len(AUX_PREFIX):]
        premise = self.node_of[Ref("statement", self.rebut_args[title])]
        arg = self.model.arguments[title]
        text = _gloss(arg, [])
        if rel.kind == "undercut":
            targets = self.undercut_targets(rel.target)
            if len(targets) != 1:
                self.report.append(f"line {rel.line}: undercut of {_show(rel.target)}, which "
                                   "has no single inference to undercut; dropped")
                return
            key = self.edge(title, premise, Relation.REBUTS, target_edge=targets[0], text=text)
        else:
            target = self.end(rel.target)
            if target is None:
                self.report.append(f"line {rel.line}: attack on {_show(rel.target)}; dropped")
                return
            key = self.edge(title, premise, Relation.REBUTS, target=target, text=text)
        self.edges_of[title] = [key]


def _show(ref: Ref) -> str:
    return f"[{ref.title}]" if ref.kind == "statement" else f"<{ref.title}>"


def _gloss(arg: Argument, pairs: list[tuple[str, str]]) -> str:
    """An argument's description as the gloss of its edges, unless it is the export's
    default gloss (``SOURCE supports TARGET``) or the title itself."""
    text = arg.texts[0] if arg.texts else ""
    defaults = {f"{s} supports {t}" for s, t in pairs}
    return "" if text in defaults or text == arg.title else text[:MAX_TEXT]


def _is_aux(builder: _Builder, rel: ArgdownRelation) -> bool:
    title = rel.source.title
    return (rel.source.kind == "statement" and title.startswith(AUX_PREFIX)
            and title[len(AUX_PREFIX):] in builder.rebut_args)


def _ready(builder: _Builder, rel: ArgdownRelation) -> bool:
    """Whether the edges an undercut aims at are known yet."""
    ref = rel.target
    if ref.kind != "argument":
        return True
    if ref.title in builder.rebut_args:
        return ref.title in builder.edges_of
    return True


def _add_relations(builder: _Builder) -> None:
    """Supports and attacks first, then undercuts once the edges they aim at exist
    (an undercut may aim at an edge that is itself an undercut)."""
    pending: list[ArgdownRelation] = []
    for rel in builder.model.relations:
        if rel.kind == "undercut":
            pending.append(rel)
        else:
            builder.add_relation(rel)
    while pending:
        ready = [r for r in pending if _ready(builder, r)] or pending[:1]
        for rel in ready:
            builder.add_relation(rel)
        pending = [r for r in pending if r not in ready]


def to_doc(model: ArgdownModel, *, slug: str | None = None) -> LoadReport:
    """Map a parsed Argdown text onto a debate; the report lists what was left out."""
    builder = _Builder(model, report=list(model.dropped))
    builder.add_nodes()
    builder.add_argument_edges()
    _add_relations(builder)
    if not builder.nodes:
        raise InvalidInputError("the file holds no Argdown statement or argument; is it an "
                                "Argdown text?")
    title = model.title or "Imported Argdown"
    doc = DebateDoc(slug=slug or slugify(model.title, fallback="argdown"), title=title[:300],
                    summary=model.summary, nodes=tuple(builder.nodes.values()),
                    edges=_undercut_order(builder.edges))
    return LoadReport(doc, builder.report)


def _undercut_order(edges: list[EdgeDoc]) -> tuple[EdgeDoc, ...]:
    """Edges with every undercutter after the edge it aims at (as the store expects)."""
    placed: dict[str, EdgeDoc] = {}
    pending = list(edges)
    while pending:
        progress = [e for e in pending if e.target_edge is None or e.target_edge in placed]
        if not progress:  # a cycle of undercutters: keep the order, validation will say
            progress = pending
        for edge in progress:
            placed[edge.key] = edge
        pending = [e for e in pending if e.key not in placed]
    return tuple(placed.values())


def load_report(text: str) -> LoadReport:
    """Import an Argdown text and say what could not be represented.

    >>> doc, report = load_report("<A>: Fares fund it.\\n\\n(1) [p]: Fares rise.\\n"
    ...                           "(2) [q]: Costs fall.\\n----\\n(3) [c]: Keep the line.")
    >>> [(e.key, e.source, e.target) for e in doc.edges], report
    ([('a-1', 'p', 'c'), ('a-2', 'q', 'c')], [])
    """
    return to_doc(parse(text))
