"""A debate too large to lay out whole is read in parts: its page opens on the central
claim with a bounded map, a claim's page defers the searches that can take long, and the
central claim is the one with the largest sub-debate."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.pages.views import LARGE, MAP_NODES
from bench.generate import large_debate
from kb.doc import NodeKind
from kb.engine.graph import ArgGraph

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NODES = 600
DOC = large_debate(NODES, 3 * NODES, seed=3)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from api.app import create_app
    from kb.db import upgrade

    url = f"sqlite:///{Path(tmp_path_factory.mktemp('large')) / 'large.db'}"
    upgrade(url)
    app = create_app(url)
    app.state.store.import_doc(DOC, actor="test")
    with TestClient(app) as test_client:
        yield test_client


def largest() -> str:
    graph = ArgGraph.from_doc(DOC)
    index = graph.index()
    claims = [node.key for node in DOC.nodes if node.kind is NodeKind.CLAIM]
    return max(claims, key=lambda key: len(graph.ancestors(index[key])))


def test_large_debate_page_opens_on_the_central_claim_with_a_bounded_map(
    client: TestClient,
) -> None:
    assert NODES > LARGE
    page = client.get("/debates/large?party=p1")
    assert page.status_code == 200
    central = largest()
    assert f'data-center="{central}"' in page.text
    drawn = set(re.findall(r'<g id="node-([^"]+)"', page.text))
    assert central in drawn and 1 < len(drawn) <= MAP_NODES
    assert 'id="focus-off"' not in page.text  # no whole map to go back to
    assert 'id="large-note"' in page.text and 'name="debate" value="large"' in page.text
    row = r'<tr(?: class="diverges")?><td><a href="[^"]*" class="node-ref"'
    listed = re.findall(row, page.text)
    assert len(listed) == len(drawn)


def test_large_debate_focus_and_depth_stay_bounded(client: TestClient) -> None:
    page = client.get(f"/debates/large?focus={DOC.nodes[NODES // 2].key}&depth=8")
    assert page.status_code == 200
    drawn = set(re.findall(r'<g id="node-([^"]+)"', page.text))
    assert DOC.nodes[NODES // 2].key in drawn and len(drawn) <= MAP_NODES
    assert "more</text>" in page.text  # the nodes left out are counted


def test_large_debate_claim_page_defers_flips_and_cruxes(client: TestClient) -> None:
    key = largest()
    page = client.get(f"/debates/large/nodes/{key}")
    assert page.status_code == 200
    assert f'data-cruxes-src="/debates/large/nodes/{key}/cruxes' in page.text
    assert "What would change it" not in page.text
    later = client.get(f"/debates/large/nodes/{key}/cruxes")
    assert later.status_code in (200, 503)
    if later.status_code == 200:
        assert 'class="cruxes-section"' in later.text
        # one bounded child answered every party's flips and every diverging pair's
        # cruxes, each kept where the page's own searches look for it
        pages = client.app.state.pages  # type: ignore[attr-defined]
        doc, revision = pages.debate("large")
        from api.pages.flips import flips_key
        from api.pages.views import cruxes_key

        assert all(pages.known(flips_key(doc, revision, party.key, key, "grounded"))
                   for party in doc.parties)
        assert all(pages.known(cruxes_key(doc, revision, pair, key, "grounded"))
                   for pair in pages.diverging(doc, revision, key, "grounded"))


def test_large_debate_outline_and_compare_answer(client: TestClient) -> None:
    assert client.get("/debates/large/outline").status_code == 200
    compared = client.get("/debates/large?compare=p0,p1")
    assert compared.status_code == 200
    assert "pieces of evidence where" in compared.text


def test_large_debate_position_codes_stay_short_and_list_the_map_only(
    client: TestClient,
) -> None:
    page = client.get("/debates/large")
    start = re.search(r'href="(/debates/large\?[^"]*from=p2[^"]*)"', page.text)
    assert start is not None
    link = start.group(1).replace("&amp;", "&")
    assert len(link) < 200  # a party's whole position, as the changes from that party
    mine = client.get(link)
    assert mine.status_code == 200
    assert 'id="position-partial"' in mine.text
    offered = set(re.findall(r'name="i\.([^"]+)" value="accepted"', mine.text))
    assert offered and len([item for item in offered if not item.startswith("edge:")]) <= MAP_NODES
    # the reader's labels equal the party's when nothing changed
    party = client.get("/api/debates/large/evaluation?party=p2").json()["labels"]
    chosen = re.findall(r'data-item="([^"]+)">\s*<span class="choice-text"[^>]*>[^<]*'
                        r'<span class="badge label-(\w+)', mine.text)
    assert chosen and all(party[key].lower() == label.lower()
                          for key, label in chosen if key in party)


def test_large_debate_full_reasoning_has_a_page_of_its_own(client: TestClient) -> None:
    key = largest()
    page = client.get(f"/debates/large/nodes/{key}?party=p1")
    link = f"/debates/large/nodes/{key}/reasoning?party=p2"
    assert link in page.text.replace("&amp;", "&")
    assert 'class="explanation"' not in page.text  # not worked out for the claim's page
    reasoning = client.get(link)
    assert reasoning.status_code == 200
    assert "The full reasoning for Party 2" in reasoning.text
    assert reasoning.text.count("<li>") >= 1
    assert client.get("/debates/large/nodes/no-such-node/reasoning").status_code == 404


def test_a_worker_warms_its_large_debates_at_start(client: TestClient) -> None:
    from api.warm import warm

    state = client.app.state  # type: ignore[attr-defined]
    assert warm(state, budget=NODES - 1) == []  # over the budget: left for its readers
    assert warm(state, budget=10 * NODES) == ["large"]
    pages = state.pages
    doc, revision = pages.debate("large")
    central = pages.central(doc, revision)
    assert central == largest()
    assert pages.caches.results.peek(("pages", pages.identity["large"], "part", "large",
                                      revision, central, 2)) is not None
