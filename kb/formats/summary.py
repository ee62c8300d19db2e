"""The content of a debate summary, built once for the Markdown and HTML renderings.

A summary reads like a seminar handout: the question (the central claims), the parties,
where they agree, where they diverge and on what evidence (the cruxes), the claims section
by section (sections are the first tag of each node, ordered as their paragraphs appear in
the debate's own text; the central and most connected claims lead each section), and a
bibliography. Labels, explanations, cruxes and strengths come from :mod:`kb.engine`
(grounded semantics). Deterministic: nothing depends on the clock or on hash order.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="D",
...     parties=(PartyDoc(key="a", name="Ann"), PartyDoc(key="b", name="Bo")),
...     nodes=(NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="E."),
...            NodeDoc(key="c", kind=NodeKind.CLAIM, text="C.")),
...     edges=(EdgeDoc(key="s", source="e", relation=Relation.SUPPORTS, target="c"),),
...     acceptance={"a": {"e": "accepted"}, "b": {"e": "rejected"}})
>>> summary = build(doc)
>>> [(s.name, s.label) for s in summary.question[0].statuses]
[('Ann', 'IN'), ('Bo', 'OUT')]
>>> summary.cruxes[0].ways[0].settlements[0]
"If Ann took Bo's stance on it, both would agree the claim does not stand."
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from kb.doc import (
    DebateDoc,
    NodeDoc,
    NodeKind,
    Relation,
    SourceDoc,
    Stance,
)
from kb.engine.structure import central_claims, sub_debate

MAIN_DEGREE = 2
"""Fewest supports and rebuttals of a main claim (raised to the upper quartile on big maps)."""
MAX_SENTENCES = 2
MAX_AGREED = 12
MAX_DIVERGENT = 15
MAX_CRUX_CLAIMS = 8
MAX_WAYS = 3
CRUX_SIZE = 2
"""Largest set of items a crux may have (the search grows fast with it)."""
LABEL_WORDS = {"IN": "stands", "OUT": "does not stand", "UNDEC": "is undecided"}
SILENT_WORDS = {
    "unsupported": "does not stand: nothing that stands supports it (not refuted)",
    "unaddressed": "is not accepted: left unaddressed (not refuted)",
}
_PARAGRAPH = re.compile(r"¶\s*(\d+)")


@dataclass(frozen=True)
class PartyEntry:
    key: str
    name: str
    description: str
    accepted: int
    rejected: int


@dataclass(frozen=True)
class Status:
    """One party's view of one claim."""

    party: str
    name: str
    label: str
    strength: float
    explanation: tuple[str, ...]
    """What decides it for this party (:mod:`kb.engine.decisive`), whole quotes."""
    status: str = ""
    """stands, defeated, rejected, unaddressed, unsupported or undecided."""

    @property
    def words(self) -> str:
        """The label in words; silence (no standing support) is not called a defeat."""
        if self.label == "OUT" and self.status in SILENT_WORDS:
            return SILENT_WORDS[self.status]
        return LABEL_WORDS.get(self.label, self.label)


@dataclass(frozen=True)
class Link:
    """A node that supports or rebuts a claim: its text (shortened) and its citations."""

    text: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class ClaimEntry:
    key: str
    text: str
    citations: tuple[str, ...]
    statuses: tuple[Status, ...]
    supported_by: tuple[Link, ...]
    rebutted_by: tuple[Link, ...]
    central: bool
    degree: int

    @property
    def divergent(self) -> bool:
        return len({s.label for s in self.statuses}) > 1


@dataclass(frozen=True)
class Section:
    tag: str
    title: str
    span: str
    """Where the section stands in the debate's own text, e.g. ``asan-2024 ¶11–¶16``: the
    paragraphs its nodes stand at (each node's first citation of that text)."""
    main: tuple[ClaimEntry, ...]
    others: tuple[ClaimEntry, ...]


@dataclass(frozen=True)
class CruxItem:
    key: str
    text: str
    kind: str
    stances: tuple[tuple[str, str], ...]
    """(party name, stance) for each party compared."""


@dataclass(frozen=True)
class CruxWay:
    """One smallest set of items whose change settles the claim, and how it settles."""

    items: tuple[CruxItem, ...]
    settlements: tuple[str, ...]


@dataclass(frozen=True)
class CruxEntry:
    """A claim two parties label differently, and each smallest way to settle it."""

    claim: ClaimEntry
    parties: tuple[str, str]
    ways: tuple[CruxWay, ...]
    more_ways: int = 0


@dataclass(frozen=True)
class BibEntry:
    key: str
    text: str
    url: str
    uses: int


@dataclass(frozen=True)
class Summary:
    slug: str
    title: str
    summary: str
    size: str
    """The map in one sentence: how many claims, evidence items, supports, rebuttals."""
    parties: tuple[PartyEntry, ...]
    question: tuple[ClaimEntry, ...]
    agreed_in: tuple[ClaimEntry, ...]
    agreed_out: tuple[ClaimEntry, ...]
    agreed_more: int
    """Claims agreed on but left out of the lists (they are in the sections)."""
    divergent: tuple[ClaimEntry, ...]
    divergent_more: int
    """Divergent claims left out of the list (they are marked in the sections)."""
    cruxes: tuple[CruxEntry, ...]
    sections: tuple[Section, ...]
    bibliography: tuple[BibEntry, ...]
    robustness: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Per central claim (key): one sentence per party on what would change its verdict."""


def short(text: str, limit: int = 90) -> str:
    """One line of at most `limit` characters.

    >>> short("a  b\\nc", 4)
    'a b…'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def possessive(name: str) -> str:
    """English possessive of a name.

    >>> possessive("Ka Ho Wong"), possessive("The editors")
    ("Ka Ho Wong's", "The editors'")
    """
    return name + ("'" if name.endswith("s") else "'s")


def section_title(tag: str) -> str:
    """A heading from a section tag.

    >>> section_title("q1-history"), section_title("")
    ('Q1 History', 'Other claims')
    """
    if not tag:
        return "Other claims"
    words = tag.replace("_", " ").replace("-", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words)


def reference(source: SourceDoc) -> str:
    """A bibliography line (without the URL).

    >>> reference(SourceDoc(key="k", title="A Book", authors=("A. Author", "B. Author"),
    ...                     venue="Press", year=2020))
    'A. Author and B. Author (2020). A Book. Press.'
    >>> reference(SourceDoc(key="k", title="Atlas", authors=("A. Melville", "et al.")))
    'A. Melville et al. Atlas.'
    >>> reference(SourceDoc(key="k", title="Roundtable", venue="MGIMO", year=2023))
    'Roundtable (2023). MGIMO.'
    """
    authors = [a.strip() for a in source.authors if a.strip()]
    tail = " et al." if authors and authors[-1].lower() in ("et al.", "et al") else ""
    authors = authors[:-1] if tail else authors
    who = ", ".join(authors[:-1]) + " and " + authors[-1] if len(authors) > 1 else \
        "".join(authors)
    year = f" ({source.year})" if source.year else ""
    title = source.title.strip().rstrip(".")
    venue = f" {source.venue.strip().rstrip('.')}." if source.venue.strip() else ""
    if who:
        head = f"{who}{tail}{year}"
        return f"{head}{'' if head.endswith('.') else '.'} {title}.{venue}"
    return f"{title}{year}.{venue}"


class _Builder:
    def __init__(self, doc: DebateDoc) -> None:
        from kb import engine

        self.doc, self.engine = doc, engine
        self.parties = [p.key for p in doc.parties]
        self.labels = {p: {k: v.value for k, v in engine.evaluate_party(doc, p).labels.items()}
                       for p in self.parties}
        self.strengths = {p: engine.strength(doc, doc.acceptance_of(p)) for p in self.parties}
        self.texts = {n.key: n.text for n in doc.nodes}
        self.degree: Counter[str] = Counter()
        self.into: dict[str, list[tuple[Relation, str]]] = {n.key: [] for n in doc.nodes}
        for edge in doc.edges:
            self.degree[edge.source] += 1
            if edge.target is not None:
                self.degree[edge.target] += 1
                self.into[edge.target].append((edge.relation, edge.source))
        tagged = central_claims(doc)
        claims = [n for n in doc.nodes if n.kind is NodeKind.CLAIM]
        self.central = set(tagged)
        degrees = sorted(self.degree[n.key] for n in claims)
        quartile = degrees[(3 * len(degrees)) // 4] if degrees else 0
        self.main_degree = max(MAIN_DEGREE, quartile)
        self._entries: dict[str, ClaimEntry] = {}

    def entry(self, node: NodeDoc) -> ClaimEntry:
        if node.key not in self._entries:
            statuses = tuple(self._status(p, node.key) for p in self.parties)
            self._entries[node.key] = ClaimEntry(
                key=node.key, text=node.text, citations=tuple(str(c) for c in node.citations),
                statuses=statuses,
                supported_by=tuple(self._link(s) for r, s in self.into[node.key]
                                   if r is Relation.SUPPORTS),
                rebutted_by=tuple(self._link(s) for r, s in self.into[node.key]
                                  if r is Relation.REBUTS),
                central=node.key in self.central, degree=self.degree[node.key])
        return self._entries[node.key]

    def _link(self, key: str) -> Link:
        node = self.doc.node(key)
        return Link(short(node.text), tuple(str(c) for c in node.citations))

    def _status(self, party: str, key: str) -> Status:
        from kb.engine.decisive import decisive_reason, plain

        reason = decisive_reason(self.doc, party, key, labels=self.labels[party])
        return Status(party, self.doc.party(party).name, self.labels[party][key],
                      round(self.strengths[party].get(key, 0.0), 2),
                      tuple(plain(sentence) for sentence in reason.sentences), reason.status)

    def rank(self, node: NodeDoc) -> tuple[bool, int]:
        return (node.key not in self.central, -self.degree[node.key])

    def claims(self) -> list[NodeDoc]:
        return sorted((n for n in self.doc.nodes if n.kind is NodeKind.CLAIM), key=self.rank)

    def sections(self) -> tuple[Section, ...]:
        text_sources = {s.key for s in self.doc.sources if s.kind == "text"}
        groups: dict[str, list[NodeDoc]] = {}
        spans: dict[str, list[tuple[str, int]]] = {}
        for node in self.doc.nodes:
            tag = node.tags[0] if node.tags else ""
            groups.setdefault(tag, [])
            spans.setdefault(tag, [])
            if node.kind is NodeKind.CLAIM:
                groups[tag].append(node)
            if (home := _home(node, text_sources)) is not None:
                spans[tag].append(home)
        first = {tag: i for i, tag in enumerate(groups)}
        order = sorted(groups, key=lambda t: (_median(spans[t]), first[t]))
        result = []
        for tag in order:
            if not groups[tag]:
                continue
            ranked = sorted(groups[tag], key=self.rank)
            entries = [self.entry(n) for n in ranked]
            main = [e for e in entries if e.central or e.degree >= self.main_degree]
            if len(entries) <= 3 or not main:
                main = entries[: max(3, len(main))]
            others = [e for e in entries if e not in main]
            result.append(Section(tag, section_title(tag), _span(spans[tag]), tuple(main),
                                  tuple(others)))
        return tuple(result)

    def crux_entries(self) -> tuple[CruxEntry, ...]:
        found: list[CruxEntry] = []
        for a, b in combinations(self.parties, 2):
            names = (self.doc.party(a).name, self.doc.party(b).name)
            chosen = [n.key for n in self.claims()
                      if self.labels[a][n.key] != self.labels[b][n.key]][: 2 * MAX_CRUX_CLAIMS]
            ways: dict[str, list[CruxWay]] = {key: [] for key in chosen}
            # a claim's label, hence its cruxes, depends only on what reaches it
            for crux in self.engine.cruxes(sub_debate(self.doc, chosen), a, b,
                                           max_size=CRUX_SIZE, claims=chosen):
                if crux.claim in ways:
                    items = tuple(self._crux_item(item, (a, b)) for item in crux.items)
                    settlements = tuple(self._settlement(s, (a, b)) for s in crux.settlements)
                    ways[crux.claim].append(CruxWay(items, settlements))
            found += [CruxEntry(self.entry(self.doc.node(claim)), names,
                                tuple(claim_ways[:MAX_WAYS]), max(0, len(claim_ways) - MAX_WAYS))
                      for claim, claim_ways in ways.items() if claim_ways]
        found.sort(key=lambda c: (not c.claim.central, -c.claim.degree))
        return tuple(found[:MAX_CRUX_CLAIMS])

    def _crux_item(self, item: str, pair: tuple[str, str]) -> CruxItem:
        if item.startswith("edge:"):
            edge = self.doc.edge(item.removeprefix("edge:"))
            aimed = (short(self.texts[edge.target], 60) if edge.target
                     else f"edge {edge.target_edge}")
            text, kind = f"that «{short(self.texts[edge.source], 60)}» {edge.relation.value} " \
                f"«{aimed}»", "edge"
        else:
            node = self.doc.node(item)
            text, kind = node.text, node.kind.value
        stances = tuple((self.doc.party(p).name,
                         Stance(self.doc.acceptance_of(p).get(item, Stance.UNSTATED)).value)
                        for p in pair)
        return CruxItem(item, text, kind, stances)

    def _settlement(self, settlement: object, pair: tuple[str, str]) -> str:
        """One sentence: who takes the other's stance on the crux, and what both then say."""
        mover = getattr(settlement, "party", "")
        other = pair[1] if mover == pair[0] else pair[0]
        count = len(getattr(settlement, "changes", ()))
        agreed = getattr(settlement, "agreed", "")
        words = LABEL_WORDS.get(getattr(agreed, "value", str(agreed)), str(agreed))
        return (f"If {self.doc.party(mover).name} took {possessive(self.doc.party(other).name)} "
                f"stance on {'it' if count == 1 else 'them'}, both would agree the claim {words}.")

    def bibliography(self) -> tuple[BibEntry, ...]:
        uses = Counter(c.source for node in self.doc.nodes for c in node.citations)
        uses.update(c.source for edge in self.doc.edges for c in edge.citations)
        entries = [BibEntry(s.key, reference(s), s.url, uses[s.key]) for s in self.doc.sources]
        return tuple(sorted(entries, key=lambda e: (e.text.lower(), e.key)))


ROBUST_WORDS = {"IN": "fall", "OUT": "stand", "UNDEC": "stand"}


def robustness(doc: DebateDoc, key: str) -> tuple[str, ...]:
    """For each party, how many changes of its stances would change its grounded verdict
    on claim `key`, and the first way to do it (the engine's flips).

    >>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
    >>> doc = DebateDoc(slug="d", title="D", parties=(PartyDoc("a", "Ann"),),
    ...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E."), NodeDoc("c", NodeKind.CLAIM, "C.")),
    ...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),),
    ...     acceptance={"a": {"e": "accepted"}})
    >>> robustness(doc, "c")[0]
    'For Ann it stands; it would fall after 1 change of stance (4 ways, e.g. rejecting «E.»).'
    """
    from kb import engine

    words = {"accepted": "accepting", "rejected": "rejecting", "unstated": "leaving unstated"}
    found = []
    for party in doc.parties:
        flips = engine.flips_party(doc, party.key, key, limit=50)
        lead = f"For {party.name} it {LABEL_WORDS[flips.label.value]}"
        if not flips.size:
            found.append(f"{lead}; no change of its stances would make it "
                         f"{ROBUST_WORDS[flips.label.value]}.")
            continue
        # Taking another stance on the claim itself flips it trivially: named last.
        ways = sorted(flips.flips, key=lambda one: any(c.item == key for c in one))
        count = f"{len(ways)}{'' if flips.complete else '+'}"
        first = " and ".join(f"{words[c.stance.value]} {_item_words(doc, c.item)}"
                             for c in ways[0])
        found.append(f"{lead}; it would {ROBUST_WORDS[flips.label.value]} after "
                     f"{flips.size} change{'' if flips.size == 1 else 's'} of stance "
                     f"({count} way{'' if count == '1' else 's'}, e.g. {first}).")
    return tuple(found)


def _item_words(doc: DebateDoc, item: str) -> str:
    if item.startswith("edge:"):
        edge = doc.edge(item.removeprefix("edge:"))
        return f"the link from «{short(doc.node(edge.source).text, 60)}»"
    return f"«{short(doc.node(item).text, 60)}»"


def map_size(doc: DebateDoc) -> str:
    """The size of the map in words.

    >>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation
    >>> map_size(DebateDoc(slug="d", title="D",
    ...                    nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM, text="C"),)))
    'The map has 1 claim, 0 evidence items, 0 supports and 0 rebuttals.'
    """
    kinds = Counter(n.kind for n in doc.nodes)
    relations = Counter(e.relation for e in doc.edges)
    undercutters = sum(e.is_undercutter for e in doc.edges)
    claims = kinds[NodeKind.CLAIM]
    evidence = kinds[NodeKind.EVIDENCE]
    under = f" ({undercutters} of them undercutters)" if undercutters else ""
    return (f"The map has {claims} claim{'' if claims == 1 else 's'}, {evidence} evidence "
            f"item{'' if evidence == 1 else 's'}, {relations[Relation.SUPPORTS]} supports and "
            f"{relations[Relation.REBUTS]} rebuttals{under}.")


def _home(node: NodeDoc, text_sources: set[str]) -> tuple[str, int] | None:
    """The paragraph of the debate's own text where `node` stands: its first citation of one.

    Later citations are cross-references (a claim of the overview that the conclusion takes
    up again), so they neither stretch a section's span nor move the section.

    >>> from kb.doc import Citation
    >>> node = NodeDoc("c", NodeKind.CLAIM, "C", citations=(
    ...     Citation("book", "p. 3"), Citation("text", "¶6"), Citation("text", "¶23")))
    >>> _home(node, {"text"})
    ('text', 6)
    """
    for c in node.citations:
        if c.source in text_sources and (m := _PARAGRAPH.search(c.locator)):
            return c.source, int(m.group(1))
    return None


def _span(paragraphs: list[tuple[str, int]]) -> str:
    """The paragraphs where most of a section stands (10th to 90th percentile)."""
    if not paragraphs:
        return ""
    source = Counter(s for s, _ in paragraphs).most_common(1)[0][0]
    numbers = sorted(p for s, p in paragraphs if s == source)
    low, high = numbers[len(numbers) // 10], numbers[(9 * len(numbers)) // 10]
    return f"{source} ¶{low}" if low == high else f"{source} ¶{low}–¶{high}"


def _median(paragraphs: list[tuple[str, int]]) -> int:
    numbers = sorted(p for _, p in paragraphs)
    return numbers[len(numbers) // 2] if numbers else 10**9


def build(doc: DebateDoc) -> Summary:
    """Build the summary of `doc` (grounded labels for every party).

    >>> from kb.doc import DebateDoc
    >>> build(DebateDoc(slug="d", title="D")).sections
    ()
    """
    b = _Builder(doc)
    claims = b.claims()
    entries = [b.entry(n) for n in claims]
    agreed = [e for e in entries if e.statuses and not e.divergent]
    agreed_in = [e for e in agreed if e.statuses[0].label == "IN"]
    agreed_out = [e for e in agreed if e.statuses[0].label == "OUT"]
    shown_in, shown_out = agreed_in[:MAX_AGREED], agreed_out[: MAX_AGREED // 2]
    divergent = [e for e in entries if e.divergent]
    parties = tuple(
        PartyEntry(p.key, p.name, p.description,
                   sum(s is Stance.ACCEPTED for s in doc.acceptance_of(p.key).values()),
                   sum(s is Stance.REJECTED for s in doc.acceptance_of(p.key).values()))
        for p in doc.parties)
    return Summary(
        slug=doc.slug, title=doc.title, summary=doc.summary, size=map_size(doc), parties=parties,
        question=tuple(e for e in entries if e.central),
        agreed_in=tuple(shown_in), agreed_out=tuple(shown_out),
        agreed_more=len(agreed) - len(shown_in) - len(shown_out),
        divergent=tuple(divergent[:MAX_DIVERGENT]),
        divergent_more=max(0, len(divergent) - MAX_DIVERGENT),
        cruxes=b.crux_entries() if len(doc.parties) > 1 else (),
        sections=b.sections(), bibliography=b.bibliography(),
        robustness=tuple((e.key, robustness(doc, e.key)) for e in entries if e.central))
