"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector + GIN): ranking, snippets,
filters, and freshness after every kind of write."""

from __future__ import annotations

import pytest

from kb.doc import DebateDoc, NodeDoc, NodeKind, PartyDoc, SourceDoc, Stance
from kb.errors import InvalidInputError
from kb.schemas import NodeCreate, NodeUpdate
from kb.store import Store
from tests.knowledge.conftest import World


def _doc(slug: str, nodes: list[NodeDoc], *, public: bool = True) -> DebateDoc:
    return DebateDoc(slug=slug, title=f"On {slug}", public=public,
                     sources=(SourceDoc(key="s", title="S"),),
                     parties=(PartyDoc(key="p", name="P"),), nodes=tuple(nodes),
                     acceptance={"p": {n.key: Stance.ACCEPTED for n in nodes
                                       if n.kind is NodeKind.EVIDENCE}})


def _claim(key: str, text: str, *tags: str) -> NodeDoc:
    return NodeDoc(key=key, kind=NodeKind.CLAIM, text=text, tags=tags)


def _fill(store: Store) -> None:
    store.import_doc(_doc("alpha", [
        _claim("c1", "Pipelines tie Russia to China, and pipelines take decades.", "energy"),
        _claim("c2", "Arms sales to India continue."),
        NodeDoc(key="e1", kind=NodeKind.EVIDENCE, text="Exports of gas through pipelines rose."),
    ]), actor="t")
    store.import_doc(_doc("beta", [
        _claim("c1", "Russia balances between partners; a pipeline is one tie among many."),
        _claim("c3", "The <b>bold</b> & risky turn east.", "turn"),
    ]), actor="t")
    store.import_doc(_doc("hidden", [_claim("c1", "Pipelines in a private debate.")],
                          public=False), actor="t")


def test_search_ranks_by_relevance_with_stems_and_prefixes(store: Store) -> None:
    _fill(store)
    hits, total, more = store.search("pipeline")
    assert not more
    assert total == 3  # the private debate is not searched for an anonymous reader
    assert (hits[0].debate, hits[0].key) == ("alpha", "c1")  # two mentions rank first
    assert hits[0].score >= hits[1].score >= hits[2].score
    assert [h.key for h in store.search("export pipe")[0]] == ["e1"]
    assert store.search("india arms")[0][0].key == "c2"
    assert store.search("nothing-like-this-zzz")[1] == 0
    with pytest.raises(InvalidInputError):
        store.search("  !! ")


def test_search_snippets_mark_words_and_escape_text(store: Store) -> None:
    from kb.search import highlight_html

    _fill(store)
    hit = store.search("risky")[0][0]
    assert "\x02risky\x03" in hit.snippet
    html = highlight_html(hit.snippet)
    assert "<mark>risky</mark>" in html and "&lt;b&gt;bold&lt;/b&gt; &amp;" in html
    assert "<b>" not in html


def test_search_filters_debate_kind_tag_and_visibility(store: Store) -> None:
    from kb.auth import Actor

    _fill(store)
    assert [h.debate for h in store.search("pipelines", debate="beta")[0]] == ["beta"]
    assert [h.key for h in store.search("pipelines", kind="evidence")[0]] == ["e1"]
    assert [h.key for h in store.search("pipelines", tag="energy")[0]] == ["c1"]
    assert store.search("pipelines", tag="nosuch")[1] == 0
    editor = Actor("ed", "editor", frozenset({"hidden"}))
    assert "hidden" in {h.debate for h in store.search("pipelines", actor=editor)[0]}
    assert store.search("pipelines", actor=Actor("root", "admin"))[1] == 4
    page, total, _ = store.search("pipelines", limit=1, offset=1)
    assert total == 3 and len(page) == 1
    assert store.search("pipelines", keep=lambda h: h.debate == "beta")[1] == 1


def test_search_is_fresh_after_create_update_delete_revert_and_debate_delete(
        store: Store) -> None:
    _fill(store)
    store.add_node("beta", NodeCreate(key="c4", kind="claim", text="Shipyards in the Arctic."),
                   actor="t")
    assert [h.key for h in store.search("shipyard")[0]] == ["c4"]
    store.update_node("beta", "c4", NodeUpdate(text="Icebreakers in the Arctic."), actor="t")
    assert store.search("shipyard")[1] == 0 and store.search("icebreaker")[1] == 1
    store.update_node("beta", "c4", NodeUpdate(tags=["northern-route"]), actor="t")
    assert store.search("northern", tag="northern-route")[1] == 1
    revision = store.delete_node("beta", "c4", actor="t")
    assert store.search("icebreaker")[1] == 0
    store.revert("beta", revision - 1, actor="t")
    assert store.search("icebreaker")[1] == 1
    store.delete_debate("beta", actor="t")
    assert store.search("icebreaker")[1] == 0 and store.search("pipelines")[1] == 2


def test_search_considers_a_bounded_window_of_the_newest_matches(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import kb.store.search

    _fill(store)
    store.import_doc(_doc("gamma", [_claim(f"g{i}", f"Pipelines, number {i}.") for i in range(4)]),
                     actor="t")
    monkeypatch.setattr(kb.store.search, "WINDOW", 3)
    hits, total, more = store.search("pipelines")
    assert more and total == 3  # six public nodes match; the three newest are ranked
    assert {h.key for h in hits} == {"g1", "g2", "g3"}
    assert store.search("pipelines", debate="alpha") == (store.search("pipelines", debate="alpha")
                                                         [0], 2, False)
    hits, total, more = store.search("pipelines", keep=lambda h: h.key != "g3")
    assert (total, more) == (2, True)  # the filter applies to the considered matches


def test_api_search_shape_labels_and_label_filter(world: World) -> None:
    c = world.client
    found = c.get("/api/search", params={"q": "russia china"}).json()
    assert [(h["debate"], h["key"]) for h in found["items"]] == [("new", "c1"), ("old", "c1")] \
        or {(h["debate"], h["key"]) for h in found["items"]} == {("new", "c1"), ("old", "c1")}
    assert found["more"] is False
    first = found["items"][0]
    assert first["labels"] == {"p": "IN", "q": "OUT"}
    assert "<mark>" in first["snippet_html"] and "<mark>" not in first["snippet"]
    only = c.get("/api/search", params={"q": "russia", "party": "q", "label": "IN"}).json()
    assert only["total"] == 0
    both = c.get("/api/search", params={"q": "russia", "party": "p", "label": "IN"}).json()
    assert both["total"] == 2
    assert c.get("/api/search", params={"q": "russia", "party": "p"}).status_code == 422
    assert c.get("/api/search", params={"q": "fact", "kind": "evidence"}).json()["total"] == 2
    assert c.get("/api/search", params={"q": "!!"}).status_code == 422
