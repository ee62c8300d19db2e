"""Fixtures of the knowledge-base tests: an app in process over each backend, two small
debates, and users (an admin, an editor of one debate only, a global editor)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

with warnings.catch_warnings():  # starlette's notice about httpx; the client works the same
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from api.app import create_app
from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, SourceDoc, Stance
from kb.store import Store


def small_debate(slug: str, year: int, texts: dict[str, str]) -> DebateDoc:
    """A debate with one party `p` who accepts the evidence `e1`, which supports every claim."""
    nodes = [NodeDoc(key="e1", kind=NodeKind.EVIDENCE, text="A fact of " + slug + ".")]
    nodes += [NodeDoc(key=k, kind=NodeKind.CLAIM, text=t) for k, t in texts.items()]
    edges = [EdgeDoc(key=f"s{i}", source="e1", target=k, relation=Relation.SUPPORTS)
             for i, k in enumerate(texts, 1)]
    return DebateDoc(
        slug=slug, title=f"Debate {slug}",
        sources=(SourceDoc(key="src", title="A text", year=year),),
        parties=(PartyDoc(key="p", name="Party P"), PartyDoc(key="q", name="Party Q")),
        nodes=tuple(nodes), edges=tuple(edges),
        acceptance={"p": {"e1": Stance.ACCEPTED}})


@dataclass
class World:
    client: TestClient
    store: Store
    tokens: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    """An app over a fresh database with debates `old` (2016) and `new` (2024)."""
    app = create_app(db_url)
    with TestClient(app) as client:
        store: Store = app.state.store
        store.import_doc(small_debate("old", 2016, {
            "c1": "Russia has no real alternative to closer ties with China.",
            "c2": "Sanctions push Moscow eastward."}), actor="t")
        store.import_doc(small_debate("new", 2024, {
            "c1": "Russia defers to China in foreign policy.",
            "c9": "The turn to the east is incomplete."}), actor="t")
        tokens = {
            "admin": store.add_user("root", "admin")[1],
            "editor": store.add_user("ed", "editor", debates=("old",))[1],
            "global": store.add_user("gl", "editor")[1],
        }
        yield World(client=client, store=store, tokens=tokens)
