"""The seminar brief: a debate on one or two printed pages (Markdown; HTML in ``brief_html``).

The question, each side's verdict on the central claim with what decides it and its three
strongest reasons, the cruxes (the smallest differences in what the sides accept that would
make them agree on the central claim), and the sources. Labels, reasons, strengths and
cruxes come from :mod:`kb.engine` (grounded semantics); quotes are whole node texts.
Every text from the debate is escaped for the format it is written in.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="Tea?", parties=(PartyDoc("a", "Ann"), PartyDoc("b", "Bo")),
...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "Tea <b>calms</b>."),
...            NodeDoc("c", NodeKind.CLAIM, "Tea is better.", tags=("central",))),
...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),),
...     acceptance={"a": {"e": "accepted"}})
>>> b = build(doc)
>>> [(side.name, side.label) for side in b.sides]
[('Ann', 'IN'), ('Bo', 'OUT')]
>>> print(dump(doc).splitlines()[0])
# Seminar brief: Tea?
>>> "Tea \\\\<b\\\\>calms\\\\</b\\\\>." in dump(doc)
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from kb.doc import DebateDoc, Relation, Stance, edge_item
from kb.engine.decisive import Quote, Reason, decisive_reason, plain
from kb.formats.markdown import escape, safe_url
from kb.formats.summary import LABEL_WORDS, possessive, reference

MEDIA_TYPE = "text/markdown"
EXTENSION = ".md"
STRONGEST = 3
MAX_CRUXES = 4
CRUX_SIZE = 2


@dataclass(frozen=True)
class Strong:
    """One reason a side has for its verdict: a standing item bearing on the central claim."""

    key: str
    text: str
    role: str
    """``supports``, ``rebuts``, ``undercuts a rebuttal`` or ``undercuts a support``."""
    strength: float
    cited: str


@dataclass(frozen=True)
class Side:
    party: str
    name: str
    label: str
    words: str
    decisive: Reason
    reasons: tuple[Strong, ...]


@dataclass(frozen=True)
class BriefCrux:
    """A smallest set of items whose stances, if one side took the other's, settle it."""

    items: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    """(key, text, ((party name, stance), ...)) per item."""
    settles: tuple[str, ...]


@dataclass(frozen=True)
class Brief:
    slug: str
    title: str
    question: str
    central: str
    central_text: str
    sides: tuple[Side, ...]
    cruxes: tuple[BriefCrux, ...]
    more_cruxes: int
    sources: tuple[tuple[str, str, str], ...]
    """(key, reference, url) of each source cited by the items of the brief, else all."""


def central_claim(doc: DebateDoc) -> str | None:
    """The debate's first central claim (:func:`kb.engine.structure.central_claims`)."""
    from kb.engine.structure import central_claims

    return next(iter(central_claims(doc)), None)


def _strongest(doc: DebateDoc, party: str, central: str, labels: dict[str, str],
               strength: dict[str, float], decisive: Reason) -> tuple[Strong, ...]:
    """The standing items that bear most on the central claim for `party`."""
    stands = labels.get(central) == "IN"
    found: dict[str, Strong] = {}

    def add(key: str, role: str) -> None:
        if labels.get(key) == "IN" and key not in found:
            node = doc.node(key)
            found[key] = Strong(key, node.text, role, round(strength.get(key, 0.0), 2),
                                "; ".join(str(c) for c in node.citations))

    for edge in doc.edges:
        if edge.target != central or labels.get(edge_item(edge.key)) != "IN":
            continue
        if (edge.relation is Relation.SUPPORTS) == stands:
            add(edge.source, edge.relation.value)
    for edge in doc.edges:
        if edge.target != central:
            continue
        for under in doc.edges:
            if (under.target_edge == edge.key and labels.get(edge_item(under.key)) == "IN"
                    and (edge.relation is Relation.REBUTS) == stands):
                add(under.source, f"undercuts a {'rebuttal' if stands else 'support'}")
    order = {key: i for i, key in enumerate(decisive.deciders)}
    ranked = sorted(found.values(),
                    key=lambda s: (order.get(s.key, len(order)), -s.strength, s.key))
    return tuple(ranked[:STRONGEST])


def _cruxes(doc: DebateDoc, central: str) -> tuple[list[BriefCrux], int]:
    from kb import engine

    if len(doc.parties) < 2:
        return [], 0
    from kb.engine.structure import sub_debate

    part = sub_debate(doc, [central])
    found: list[BriefCrux] = []
    for a, b in combinations([p.key for p in doc.parties], 2):
        for crux in engine.cruxes(part, a, b, claims=[central], max_size=CRUX_SIZE):
            items = tuple(
                (item, _item_text(doc, item),
                 tuple((doc.party(p).name,
                        str(Stance(doc.acceptance_of(p).get(item, Stance.UNSTATED))))
                       for p in (a, b)))
                for item in crux.items)
            settles = tuple(
                f"If {doc.party(s.party).name} took "
                f"{possessive(doc.party(b if s.party == a else a).name)} stance, both would "
                f"agree the central claim {LABEL_WORDS.get(str(s.agreed), str(s.agreed))}."
                for s in crux.settlements)
            found.append(BriefCrux(items, settles))
    return found[:MAX_CRUXES], max(0, len(found) - MAX_CRUXES)


def _item_text(doc: DebateDoc, item: str) -> str:
    if not item.startswith("edge:"):
        return doc.node(item).text
    edge = doc.edge(item.removeprefix("edge:"))
    aimed = doc.node(edge.target).text if edge.target else "a link"
    return f"the link: «{doc.node(edge.source).text}» {edge.relation.value} «{aimed}»"


def build(doc: DebateDoc) -> Brief:
    """Build the brief of `doc` (empty sides when it has no claim).

    >>> build(DebateDoc(slug="d", title="D")).sides
    ()
    """
    from kb import engine

    central = central_claim(doc)
    if central is None:
        return Brief(doc.slug, doc.title, doc.summary, "", "", (), (), 0, ())
    sides = []
    for party in doc.parties:
        labels = {k: str(v) for k, v in engine.evaluate_party(doc, party.key).labels.items()}
        strength = engine.strength(doc, doc.acceptance_of(party.key))
        decisive = decisive_reason(doc, party.key, central, labels=labels)
        sides.append(Side(party.key, party.name, labels[central],
                          LABEL_WORDS.get(labels[central], labels[central]), decisive,
                          _strongest(doc, party.key, central, labels, strength, decisive)))
    cruxes, more = _cruxes(doc, central)
    cited = Counter(c.source for side in sides for s in side.decisive.sentences for p in s
                    if isinstance(p, Quote) for c in doc.node(p.key).citations)
    cited.update(c.source for c in doc.node(central).citations)
    sources = tuple((s.key, reference(s), s.url) for s in doc.sources
                    if s.key in cited or not cited)
    return Brief(doc.slug, doc.title, doc.summary, central, doc.node(central).text,
                 tuple(sides), tuple(cruxes), more, sources)


def markdown_sentence(reason: Reason) -> str:
    """A decisive reason in Markdown: every quote escaped, in guillemets."""
    return " ".join(escape(plain(sentence)) for sentence in reason.sentences)


def render(brief: Brief) -> str:
    """The brief as Markdown."""
    lines = [f"# Seminar brief: {escape(brief.title)}", ""]
    if brief.question:
        lines += ["## The question", "", escape(brief.question), ""]
    if brief.central:
        lines += ["## The central claim", "", f"> {escape(brief.central_text)}", ""]
    for side in brief.sides:
        lines += [f"## {escape(side.name)}: it {side.words} ({side.label})", "",
                  markdown_sentence(side.decisive), ""]
        if side.reasons:
            lines.append("Strongest reasons:")
            lines.append("")
            for i, strong in enumerate(side.reasons, 1):
                cited = f" ({escape(strong.cited)})" if strong.cited else ""
                lines.append(f"{i}. {strong.role[:1].upper()}{strong.role[1:]}: "
                             f"«{escape(strong.text)}»{cited}")
            lines.append("")
    if brief.cruxes:
        lines += ["## The cruxes", ""]
        for crux in brief.cruxes:
            items = "; ".join(
                f"«{escape(text)}» (" + ", ".join(f"{escape(n)}: {s}" for n, s in stances) + ")"
                for _, text, stances in crux.items)
            lines.append(f"- On {items}: " + " ".join(escape(s) for s in crux.settles))
        if brief.more_cruxes:
            lines.append(f"- … and {brief.more_cruxes} more.")
        lines.append("")
    if brief.sources:
        lines += ["## Sources", ""]
        lines += [f"- {escape(text)}" + (f" <{safe_url(url)}>" if safe_url(url) else "")
                  for _, text, url in brief.sources]
        lines.append("")
    return "\n".join(lines)


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """The brief of `doc` as Markdown (`party` is accepted for the common signature)."""
    return render(build(doc))

