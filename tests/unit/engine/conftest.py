"""Small debates built from lists, shared by the engine tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pytest

from kb.doc import DebateDoc, EdgeDoc, Mode, NodeDoc, NodeKind, PartyDoc, Relation, Stance

DebateBuilder = Callable[..., DebateDoc]


def build_debate(
    *,
    evidence: Iterable[str] = (),
    claims: Iterable[str] = (),
    supports: Iterable[tuple[str, str]] = (),
    rebuts: Iterable[tuple[str, str]] = (),
    acceptance: Mapping[str, Mapping[str, str]] | None = None,
    mode: Mode = Mode.UNSUPPORTED,
) -> DebateDoc:
    """Edges are keyed ``s-supports-t``, ``s-rebuts-t`` or ``s-undercuts-EDGE``."""
    nodes = [NodeDoc(k, NodeKind.EVIDENCE, f"evidence {k}") for k in evidence]
    nodes += [NodeDoc(k, NodeKind.CLAIM, f"claim {k}") for k in claims]
    edges = [EdgeDoc(f"{s}-supports-{t}", s, Relation.SUPPORTS, target=t) for s, t in supports]
    for s, t in rebuts:
        if t.startswith("edge:"):
            inner = t.removeprefix("edge:")
            edges.append(EdgeDoc(f"{s}-undercuts-{inner}", s, Relation.REBUTS, target_edge=inner))
        else:
            edges.append(EdgeDoc(f"{s}-rebuts-{t}", s, Relation.REBUTS, target=t))
    acceptance = acceptance or {"p": {}}
    return DebateDoc(
        slug="demo",
        title="Demo",
        mode=mode,
        parties=tuple(PartyDoc(key, key.upper()) for key in acceptance),
        nodes=tuple(nodes),
        edges=tuple(edges),
        acceptance={p: {k: Stance(v) for k, v in a.items()} for p, a in acceptance.items()},
    )


@pytest.fixture
def debate() -> DebateBuilder:
    return build_debate
