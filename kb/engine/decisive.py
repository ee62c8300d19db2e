"""The decisive reason: one or two plain sentences on what decides a claim for a party.

An explanation (:mod:`kb.engine.explain`) walks the whole derivation; a reader preparing a
seminar first wants the one thing that decides the verdict. Read off the labels alone:

- a claim that stands with a rebuttal against it stands because that rebuttal fails: the
  undercutter that removes it, the party's rejection of it, or its source not standing;
  then the support that carries the claim;
- a claim that stands unattacked stands because of the support that carries it (or because
  the party concedes it);
- a claim that does not stand falls to its standing rebuttal (and the undercutters that
  would remove it do not stand), or to the party's rejection, or lacks a standing support;
- an undecided claim is held open by an undecided rebuttal or support.

Sentences are sequences of parts: plain strings and :class:`Quote` (a node's whole text and
key, so a page can link it). Nothing is cut, nothing repeated.

The same reading tells **silence** from **refutation** (:func:`standing`): an item that is
OUT for a party because a rebuttal of it stands, or because the party rejects it, is
*defeated*; evidence that is OUT only because the party never accepted it, and that nothing
defeats, is *unaddressed*; a claim OUT only for want of a standing support is *unsupported*.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="D", parties=(PartyDoc("a", "Ann"), PartyDoc("b", "Bo")),
...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "A fact."), NodeDoc("c", NodeKind.CLAIM, "A claim."),
...            NodeDoc("f", NodeKind.EVIDENCE, "A counter."),
...            NodeDoc("u", NodeKind.EVIDENCE, "The counter misses.")),
...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),
...            EdgeDoc("r", "f", Relation.REBUTS, target="c"),
...            EdgeDoc("x", "u", Relation.REBUTS, target_edge="r")),
...     acceptance={"a": {"e": "accepted", "f": "accepted", "u": "accepted"},
...                 "b": {"e": "accepted", "f": "accepted"}})
>>> for sentence in decisive_reason(doc, "a", "c").sentences:
...     print(plain(sentence))
For Ann it stands: the undercutter «The counter misses.» removes the rebuttal «A counter.».
What carries it is «A fact.» (evidence accepted by Ann).
>>> print(plain(decisive_reason(doc, "b", "c").sentences[0])[:60])
For Bo it does not stand: the rebuttal «A counter.» stands a
>>> decisive_reason(doc, "b", "c").deciders
('f',)
>>> standing(doc, "b", "u")
'unaddressed'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation, Stance, edge_item
from kb.engine.evaluation import evaluate
from kb.engine.labels import Semantics

IN, OUT, UNDEC = "IN", "OUT", "UNDEC"
STATUS_WORDS = {
    "stands": "stands",
    "defeated": "defeated",
    "rejected": "rejected",
    "unaddressed": "not accepted, left unaddressed",
    "unsupported": "no standing support",
    "undecided": "undecided",
}
"""How each :func:`standing` status reads."""
SILENT = frozenset({"unaddressed", "unsupported"})
"""Statuses that say a party left an item aside rather than defeated it."""


@dataclass(frozen=True)
class Quote:
    """A node's whole text, with its key so a renderer can link it."""

    key: str
    text: str


Part = str | Quote
Sentence = tuple[Part, ...]


def plain(sentence: Sequence[Part]) -> str:
    """A sentence as plain text, quotes in guillemets.

    >>> plain(("See ", Quote("k", "it"), "."))
    'See «it».'
    """
    return "".join(part if isinstance(part, str) else f"«{part.text}»" for part in sentence)


@dataclass(frozen=True)
class Reason:
    """What decides one claim for one party."""

    party: str
    name: str
    key: str
    label: str
    status: str
    sentences: tuple[Sentence, ...]
    deciders: tuple[str, ...]
    """Keys of the nodes the sentences name as deciding (the first is the decisive one)."""

    def text(self) -> str:
        """The sentences as plain text."""
        return " ".join(plain(sentence) for sentence in self.sentences)


def _plain_labels(labels: Mapping[str, object]) -> Mapping[str, str]:
    """`labels` with plain string values (as given when they already are)."""
    first = next(iter(labels.values()), "")
    if type(first) is str:
        return labels  # type: ignore[return-value]
    return {key: str(getattr(value, "value", value)) for key, value in labels.items()}


def _stances(stated: Mapping[str, Stance | str]) -> Mapping[str, Stance]:
    """`stated` with Stance values (as given when they already are)."""
    if all(type(value) is Stance for value in stated.values()):
        return stated  # type: ignore[return-value]
    return {key: Stance(value) for key, value in stated.items()}


def _edges_into(doc: DebateDoc) -> dict[str, list[EdgeDoc]]:
    """Per node key or ``edge:KEY``: the edges aimed at it, in the debate's order."""
    into: dict[str, list[EdgeDoc]] = {}
    for edge in doc.edges:
        head = edge.target if edge.target is not None else edge_item(str(edge.target_edge))
        into.setdefault(head, []).append(edge)
    return into


COMPILED = 2000
"""From this many nodes on, the size of an argument is counted by the compiled walk."""


def _weight(into: Mapping[str, list[EdgeDoc]], key: str) -> int:
    seen = {key}
    stack = [key]
    while stack:
        for edge in into.get(stack.pop(), ()):
            for before in (edge_item(edge.key), edge.source):
                if before not in seen:
                    seen.add(before)
                    stack.append(before)
    return len(seen)


def _compiled_weight(doc: DebateDoc, key: str) -> int:
    """:func:`_weight` of node `key` by :func:`kb.engine.reach.ancestor_counts` on the
    debate's graph (for a node the two walks meet the same items)."""
    import numpy as np

    from kb.engine import reach
    from kb.engine.graph import ArgGraph

    def arrows() -> tuple[dict[str, int], Any, Any]:
        graph = ArgGraph.from_doc(doc)
        edges = [v for v in range(graph.size) if graph.is_edge(v)]
        start, into = reach.arrows_into(graph.size, [graph.source[v] for v in edges] + edges,
                                        edges + [graph.target[v] for v in edges])
        return graph.index(), start, into

    index, start, into = doc.kept("_arrows", arrows)
    return int(reach.ancestor_counts(start, into, np.array([index[key]], dtype=np.int64))[0])


class Reader:
    """The debate's structure and one party's labels, read for reasons and statuses."""

    def __init__(
        self,
        doc: DebateDoc,
        party: str,
        labels: Mapping[str, object],
        *,
        name: str = "",
        acceptance: Mapping[str, Stance | str] | None = None,
    ) -> None:
        self.doc, self.party = doc, party
        self.name = name or (doc.party(party).name if party else "you")
        self.labels = _plain_labels(labels)
        stated = doc.acceptance.get(party, {}) if acceptance is None else acceptance
        self.stances: Mapping[str, Stance] = (
            doc.kept(f"_stances:{party}", lambda: _stances(stated)) if acceptance is None
            else _stances(stated))
        self.nodes: dict[str, NodeDoc] = doc.nodes_by_key
        self.into: dict[str, list[EdgeDoc]] = doc.kept("_edges_into", lambda: _edges_into(doc))

    def label(self, item: str) -> str:
        return self.labels.get(item, OUT)

    def quote(self, key: str) -> Quote:
        return Quote(key, " ".join(self.nodes[key].text.split()))

    def edges_into(self, item: str, relation: Relation) -> list[EdgeDoc]:
        return [edge for edge in self.into.get(item, []) if edge.relation is relation]

    def undercutters(self, edge: EdgeDoc) -> list[EdgeDoc]:
        return self.into.get(edge_item(edge.key), [])

    def status(self, key: str) -> str:
        """stands, defeated, rejected, unaddressed, unsupported or undecided."""
        label = self.label(key)
        if label == IN:
            return "stands"
        if label == UNDEC:
            return "undecided"
        if self.stances.get(key) is Stance.REJECTED:
            return "rejected"
        if any(self.label(edge_item(e.key)) == IN for e in self.edges_into(key, Relation.REBUTS)):
            return "defeated"
        node = self.nodes.get(key)
        if node is not None and node.kind is NodeKind.EVIDENCE:
            return "unaddressed"
        return "unsupported"

    @cached_property
    def subject(self) -> str:
        """The name after "For" (a leading "The" in lower case)."""
        return "t" + self.name[1:] if self.name.startswith("The ") else self.name

    @cached_property
    def mine(self) -> str:
        return "them" if self.name.lower().startswith("the ") else self.name

    def reason(self, key: str) -> Reason:
        label = self.label(key)
        if label == IN:
            sentences, deciders = self._stands(key)
        elif label == OUT:
            sentences, deciders = self._falls(key)
        else:
            sentences, deciders = self._open(key)
        unique: list[Sentence] = []
        for sentence in sentences:
            if sentence not in unique:
                unique.append(sentence)
        return Reason(self.party, self.name, key, label, self.status(key), tuple(unique),
                      tuple(dict.fromkeys(deciders)))

    def _stands(self, key: str) -> tuple[list[Sentence], list[str]]:
        first: list[Sentence] = []
        deciders: list[str] = []
        failed = sorted(self.edges_into(key, Relation.REBUTS), key=self._removal_rank)
        if failed:
            why, who = self._rebuttal_fails(failed[0], len(failed))
            first.append((f"For {self.subject} it stands: ", *why, "."))
            deciders += who
        carry, carrier = self._carrier(key)
        if carrier:
            deciders.append(carrier)
        if first:
            return [*first, ("What carries it is ", *carry, ".")], deciders
        return [(f"For {self.subject} it stands: ", *carry, ".")], deciders

    def _removal_rank(self, edge: EdgeDoc) -> tuple[int, int, str]:
        """The main attack first: the rebuttal with the most argument behind it; among
        equals, one that something removes (an undercutter, a rejection) before one whose
        source merely fails."""
        if any(self.label(edge_item(u.key)) == IN for u in self.undercutters(edge)):
            how = 0
        elif self.stances.get(edge_item(edge.key)) is Stance.REJECTED:
            how = 1
        else:
            how = {"rejected": 2, "defeated": 3}.get(self.status(edge.source), 4)
        return (-self.weight(edge.source), how, edge.key)

    def weight(self, key: str) -> int:
        """How many items lead to `key` (the size of the argument behind it), worked out
        once per document and item."""
        known: dict[str, int] = self.doc.kept("_weights", dict)
        found = known.get(key)
        if found is None:
            compiled = len(self.doc.nodes) > COMPILED and key in self.nodes
            found = known[key] = (_compiled_weight(self.doc, key) if compiled
                                  else _weight(self.into, key))
        return found

    def _rebuttal_fails(self, edge: EdgeDoc, count: int) -> tuple[Sentence, list[str]]:
        """Why the rebuttal `edge` of a standing claim fails, naming what removes it."""
        more = f" (and {count - 1} other rebuttal{'s fail' if count > 2 else ' fails'} too)" \
            if count > 1 else ""
        rebuttal = self.quote(edge.source)
        if self.stances.get(edge_item(edge.key)) is Stance.REJECTED:
            return (f"{self.subject} rejects the rebuttal ", rebuttal, more), [edge.source]
        under = next((u for u in self.undercutters(edge) if self.label(edge_item(u.key)) == IN),
                     None)
        if under is not None:
            either = "" if self.label(edge.source) == IN else \
                f", which does not stand for {self.mine} either"
            return (("the undercutter ", self.quote(under.source), " removes the rebuttal ",
                     rebuttal, either, more), [under.source, edge.source])
        status = self.status(edge.source)
        why = {"rejected": f"{self.subject} rejects it",
               "defeated": f"it is itself defeated for {self.mine}",
               "unaddressed": f"{self.subject} does not accept it",
               "unsupported": f"nothing that stands for {self.mine} supports it"}.get(
                   status, "it does not stand")
        return ("the rebuttal ", rebuttal, f" fails, as {why}{more}"), [edge.source]

    def _carrier(self, key: str) -> tuple[Sentence, str | None]:
        """The standing support that carries `key`, or the party's own acceptance of it."""
        if self.stances.get(key) is Stance.ACCEPTED:
            what = "evidence" if self.nodes[key].kind is NodeKind.EVIDENCE else "a claim"
            return (f"it is {what} accepted by {self.subject}",), None
        supports = [e for e in self.edges_into(key, Relation.SUPPORTS)
                    if self.label(edge_item(e.key)) == IN]
        if not supports:
            return ("the debate presumes it and nothing defeats it",), None
        accepted = [e for e in supports if self.stances.get(e.source) is Stance.ACCEPTED]
        edge = (accepted or supports)[0]
        node = self.nodes[edge.source]
        note = ""
        if self.stances.get(edge.source) is Stance.ACCEPTED:
            note = f" ({'evidence' if node.kind is NodeKind.EVIDENCE else 'a claim'} " \
                f"accepted by {self.subject})"
        others = len(supports) - 1
        tail = f", with {others} other standing support{'s' if others > 1 else ''}" \
            if others else ""
        return (self.quote(edge.source), note + tail), edge.source

    def _falls(self, key: str) -> tuple[list[Sentence], list[str]]:
        head = f"For {self.subject} it does not stand: "
        if self.stances.get(key) is Stance.REJECTED:
            return [(f"{self.name} rejects it.",)], []
        standing = [e for e in self.edges_into(key, Relation.REBUTS)
                    if self.label(edge_item(e.key)) == IN]
        if standing:
            edge = standing[0]
            parts: list[Part] = [head, "the rebuttal ", self.quote(edge.source),
                                 " stands against it"]
            failed = [u for u in self.undercutters(edge) if self.label(edge_item(u.key)) != IN]
            if failed:
                parts += [", and the undercutter ", self.quote(failed[0].source),
                          f" that would remove it does not stand for {self.mine}"]
            return [(*parts, ".")], [edge.source]
        supports = self.edges_into(key, Relation.SUPPORTS)
        if not supports:
            what = "concede" if self.nodes[key].kind is NodeKind.CLAIM else "accept"
            return [(head, f"nothing supports it and {self.subject} does not {what} it.")], []
        edge = supports[0]
        more = f" (nor do its {len(supports) - 1} other supports)" if len(supports) > 1 else ""
        under = next((u for u in self.undercutters(edge) if self.label(edge_item(u.key)) == IN),
                     None)
        if under is not None:
            return [(head, "the undercutter ", self.quote(under.source),
                     " removes its support by ", self.quote(edge.source), f"{more}.")], \
                [under.source]
        status = STATUS_WORDS.get(self.status(edge.source), "does not stand")
        return [(head, "its support ", self.quote(edge.source), f" does not hold ({status}"
                 f"){more}.")], [edge.source]

    def _open(self, key: str) -> tuple[list[Sentence], list[str]]:
        items = [e for e in self.into.get(key, []) if self.label(edge_item(e.key)) == UNDEC]
        if not items:
            return [(f"For {self.subject} it is undecided.",)], []
        edge = items[0]
        what = "rebuttal" if edge.relation is Relation.REBUTS else "support"
        return [(f"For {self.subject} it is undecided: its {what} ", self.quote(edge.source),
                 " is held open by a cycle of attacks.")], [edge.source]


def decisive_reason(
    doc: DebateDoc,
    party: str,
    key: str,
    *,
    labels: Mapping[str, object] | None = None,
    semantics: Semantics | str = Semantics.GROUNDED,
    acceptance: Mapping[str, Stance | str] | None = None,
    name: str = "",
) -> Reason:
    """What decides node `key` for `party`, in one or two sentences.

    Parameters
    ----------
    doc : DebateDoc
    party : str
        A party key of `doc`.
    key : str
        A node key.
    labels : mapping, optional
        The party's labels (item -> IN/OUT/UNDEC), when already computed.
    semantics : Semantics or str
        Used only when `labels` is not given.
    acceptance : mapping, optional
        A reader's own position instead of the party's acceptance (`party` may then be
        empty and `name` says whose position it is).
    name : str
        The name used in the sentences (default: the party's).

    Returns
    -------
    Reason
        The sentences, and the keys of the nodes they name as deciding.

    Examples
    --------
    >>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
    >>> doc = DebateDoc(slug="d", title="D", parties=(PartyDoc("a", "Ann"),),
    ...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E."), NodeDoc("c", NodeKind.CLAIM, "C.")),
    ...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),))
    >>> decisive_reason(doc, "a", "c").text()
    'For Ann it does not stand: its support «E.» does not hold (not accepted, left unaddressed).'
    """
    stated = doc.acceptance_of(party) if acceptance is None else acceptance
    if labels is None:
        labels = evaluate(doc, stated, semantics=semantics).labels
    return Reader(doc, party, labels, name=name, acceptance=stated).reason(key)


def standing(
    doc: DebateDoc, party: str, key: str, *, labels: Mapping[str, object] | None = None
) -> str:
    """The status of node `key` for `party`: silence (unaddressed) is not refutation.

    One of ``stands``, ``defeated``, ``rejected``, ``unaddressed`` (evidence the party does
    not accept and nothing defeats), ``unsupported`` (a claim with no standing support and
    no standing rebuttal) or ``undecided``.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind, PartyDoc
    >>> doc = DebateDoc(slug="d", title="D", parties=(PartyDoc("a", "Ann"),),
    ...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E."),), acceptance={"a": {"e": "rejected"}})
    >>> standing(doc, "a", "e")
    'rejected'
    """
    if labels is None:
        labels = evaluate(doc, doc.acceptance_of(party)).labels
    return Reader(doc, party, labels).status(key)


def statuses(
    doc: DebateDoc,
    party: str,
    labels: Mapping[str, object],
    *,
    acceptance: Mapping[str, Stance | str] | None = None,
) -> dict[str, str]:
    """:func:`standing` of every node at once (`acceptance` instead of `party`'s own, for a
    reader's position; `party` may then be empty).

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind, PartyDoc
    >>> doc = DebateDoc(slug="d", title="D", parties=(PartyDoc("a", "Ann"),),
    ...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E."),))
    >>> statuses(doc, "a", {"e": "OUT"})
    {'e': 'unaddressed'}
    """
    reader = Reader(doc, party, labels, acceptance=acceptance)
    return {node.key: reader.status(node.key) for node in doc.nodes}


_QUOTED = re.compile(r"«([^«»]+)»")


class _Texts:
    """The debate's node texts (spaces normalised), for finding the node a quote names:
    by whole text, or the first in the debate's order that begins with a stem."""

    def __init__(self, doc: DebateDoc) -> None:
        self.texts = {node.key: " ".join(node.text.split()) for node in doc.nodes}
        self.whole: dict[str, str] = {}
        for key, text in self.texts.items():
            self.whole.setdefault(text, key)
        self.order = {key: number for number, key in enumerate(self.texts)}
        self.sorted = sorted((text, key) for key, text in self.texts.items())

    def find(self, inner: str) -> str | None:
        found = self.whole.get(inner)
        if found is not None or not inner.endswith("…"):
            return found
        stem = inner.removesuffix("…").rstrip()
        start = bisect.bisect_left(self.sorted, (stem, ""))
        keys = []
        for text, key in self.sorted[start:]:
            if not text.startswith(stem):
                break
            keys.append(key)
        return min(keys, key=self.order.__getitem__, default=None)


def quoted_parts(doc: DebateDoc, sentence: str, texts: _Texts | None = None) -> Sentence:
    """A sentence of the engine's explanation with every «quote» made whole and linked.

    The explanation shortens long texts (``«The three tests may…»``); each quote is matched
    to the node whose text it is (or begins), and replaced by that node's whole text.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D",
    ...     nodes=(NodeDoc("c", NodeKind.CLAIM, "A long claim about things."),))
    >>> quoted_parts(doc, "«A long claim…» stands.")
    (Quote(key='c', text='A long claim about things.'), ' stands.')
    """
    texts = _Texts(doc) if texts is None else texts
    parts: list[Part] = []
    last = 0
    for match in _QUOTED.finditer(sentence):
        found = texts.find(match.group(1))
        if found is None:
            continue
        if match.start() > last:
            parts.append(sentence[last:match.start()])
        parts.append(Quote(found, texts.texts[found]))
        last = match.end()
    if last < len(sentence):
        parts.append(sentence[last:])
    return tuple(parts)


def full_reasoning(doc: DebateDoc, sentences: Sequence[str]) -> list[Sentence]:
    """The engine's explanation sentences with whole, linked quotes, each said once.

    >>> from kb.doc import DebateDoc
    >>> full_reasoning(DebateDoc(slug="d", title="D"), ["A.", "B.", "A."])
    [('A.',), ('B.',)]
    """
    seen: set[str] = set()
    result = []
    texts = _Texts(doc) if sentences else None
    for sentence in sentences:
        if sentence in seen:
            continue
        seen.add(sentence)
        result.append(quoted_parts(doc, sentence, texts))
    return result

