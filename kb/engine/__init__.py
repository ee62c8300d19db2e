"""The graph engine: which claims stand for each party, why, and what would change it.

A debate is read, per party, as a normal logic program (DESIGN.md; ``docs/semantics.md``);
grounded is its well-founded model, complete its partial stable models, preferred those with
a maximal IN set, stable the two-valued ones. Pure: no database, no I/O.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="D", parties=(PartyDoc("p", "P"),),
...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "A fact"), NodeDoc("c", NodeKind.CLAIM, "A claim")),
...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),),
...     acceptance={"p": {"e": "accepted"}})
>>> from kb.engine import evaluate_party, explain
>>> evaluate_party(doc, "p").to_json(debate="d", party="p")["labels"]
{'e': 'IN', 'c': 'IN'}
>>> explain(doc, doc.acceptance_of("p"), "c", party="P").sentences()[0]
'«A claim» stands because «A fact» supports it.'
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from kb.engine.labels import Label, Semantics, parse_semantics

if TYPE_CHECKING:
    from kb.doc import DebateDoc, Stance
    from kb.engine.compare import Comparison, compare
    from kb.engine.cruxes import Crux, cruxes
    from kb.engine.evaluation import (
        Evaluation,
        EvaluationCache,
        evaluate,
        evaluate_party,
    )
    from kb.engine.explain import Explanation, Step
    from kb.engine.flips import Change, Flips, flips, flips_party
    from kb.engine.graph import ArgGraph

_HOMES = {
    "Comparison": "compare", "compare": "compare", "Crux": "cruxes", "cruxes": "cruxes",
    "Evaluation": "evaluation", "EvaluationCache": "evaluation", "evaluate": "evaluation",
    "evaluate_party": "evaluation", "Explanation": "explain", "Step": "explain",
    "Change": "flips", "Flips": "flips", "flips": "flips", "flips_party": "flips",
}
"""Where each name of the facade lives; its module is imported on first use, so that
importing one engine module (``kb.engine.dung`` for ``argmap solve``) does not load numpy
and every other module through this package."""


class _Facade(ModuleType):
    """This package as a module whose functions named like a submodule (``compare``,
    ``cruxes``, ``explain``, ``flips``, ``strength``) are not replaced by that submodule
    when it is imported (the import system sets each loaded submodule as an attribute of
    its package)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and (
                _HOMES.get(name) == name or callable(self.__dict__.get(name))):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Facade


def __getattr__(name: str) -> Any:
    """A name of the facade, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kb.engine' has no attribute '{name}'")
    value = getattr(import_module(f"kb.engine.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Change",
    "Comparison",
    "Crux",
    "Evaluation",
    "EvaluationCache",
    "Explanation",
    "Flips",
    "Label",
    "Semantics",
    "Step",
    "compare",
    "cruxes",
    "evaluate",
    "evaluate_party",
    "explain",
    "explain_party",
    "flips",
    "flips_party",
    "parse_semantics",
    "strength",
    "what_if",
]


def explain(
    doc: DebateDoc,
    acceptance: Mapping[str, Stance | str],
    key: str,
    *,
    semantics: Semantics | str = Semantics.GROUNDED,
    party: str | None = None,
    graph: ArgGraph | None = None,
) -> Explanation:
    """Why `key` (node key or ``edge:KEY``) has its label for `acceptance`.

    For grounded, the grounded labelling is explained. For the other semantics the first
    labelling in which the item has its skeptical label is explained (when the item is
    UNDEC in the skeptical view only because labellings disagree, the first labelling is
    explained and a first step says so). `party` is the name used in sentences.
    """
    from kb.engine.evaluation import evaluate, graph_of
    from kb.engine.explain import Explanation, Step, explain_labelling

    chosen = parse_semantics(semantics)
    graph = graph_of(doc) if graph is None else graph
    evaluation = evaluate(doc, acceptance, semantics=chosen, graph=graph)
    if key not in evaluation.labels:
        from kb.errors import NotFoundError

        raise NotFoundError(f"debate '{doc.slug}' has no node or edge '{key}'")
    label = evaluation.labels[key]
    if not evaluation.labellings:
        step = Step("no-labelling", key, Label.UNDEC,
                    f"No {chosen.value} labelling exists for this position, so nothing stands.")
        return Explanation(key, Label.UNDEC, [step])
    chosen_labelling = next(
        (lab for lab in evaluation.labellings if lab[key] == label), evaluation.labellings[0]
    )
    labels = [chosen_labelling[item] for item in graph.items]
    explanation = explain_labelling(graph, acceptance, labels, key, party=party)
    if chosen_labelling[key] != label:
        credulous = evaluation.credulous[key]
        lead = Step("labellings", key, label,
                    f"Under {chosen.value} semantics the labellings disagree on this item "
                    f"({'IN in some' if credulous else 'never IN'}); one of them is explained.")
        return Explanation(key, label, [lead, *explanation.steps])
    return Explanation(key, label, explanation.steps)


def explain_party(
    doc: DebateDoc, party: str, key: str, *, semantics: Semantics | str = Semantics.GROUNDED,
    graph: ArgGraph | None = None,
) -> Explanation:
    """:func:`explain` for the acceptance of `party`, naming it in the sentences."""
    name = doc.party(party).name
    return explain(doc, doc.acceptance_of(party), key, semantics=semantics, party=name,
                   graph=graph)


def what_if(
    doc: DebateDoc,
    acceptance: Mapping[str, Stance | str],
    *,
    semantics: Semantics | str = Semantics.GROUNDED,
) -> Evaluation:
    """Labels for any position a caller supplies (same as :func:`evaluate`)."""
    from kb.engine.evaluation import evaluate

    return evaluate(doc, acceptance, semantics=semantics)


def strength(doc: DebateDoc, acceptance: Mapping[str, Stance | str]) -> dict[str, float]:
    """DF-QuAD strength in [0, 1] per node of `doc` for `acceptance` (edges left out).

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> strength(DebateDoc(slug="d", title="D", nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E"),)),
    ...          {"e": "accepted"})
    {'e': 1.0}
    """
    from kb.engine.evaluation import graph_of
    from kb.engine.strength import strengths

    scores = strengths(graph_of(doc), acceptance)
    return {k: v for k, v in scores.items() if not k.startswith("edge:")}
