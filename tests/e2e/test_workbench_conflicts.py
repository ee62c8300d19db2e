"""The workbench in a real browser: two editors in conflict on every kind of edit (both
versions shown, keep / take / merge, nothing lost), edges edited with their gloss and
citations, and the cited passages of a debate's document shown beside each citation."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kb.db import make_engine
from kb.doc import Citation, DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, SourceDoc
from kb.store import Store

from .conftest import ARTIFACTS, AXE, ROOT, Server
from .test_accessibility import serious_violations
from .test_workbench import PASSWORD, both_save, edit, saved, signed_in, two_editors

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
TITLE_IS = "(title) => document.getElementById('debate-title').value === title"
REPORT = "The first paragraph.\nRebates are paid every month.\nThe third paragraph.\n"


@pytest.fixture(scope="module")
def bench(server: Server) -> Iterator[dict[str, str]]:
    """Two editors and a debate with a source, its document, two nodes and an edge."""
    if not server.db_url:
        pytest.skip("needs the test's own server (ARGMAP_E2E_URL is set)")
    tag = uuid.uuid4().hex[:6]
    names = {"first": f"wb-a-{tag}", "second": f"wb-b-{tag}", "debate": f"wb-two-{tag}"}
    engine = make_engine(server.db_url)
    store = Store(engine)
    for name in (names["first"], names["second"]):
        store.add_user(name, "editor")
        store.set_password(name, PASSWORD)
    store.import_doc(DebateDoc(
        slug=names["debate"], title="Two editors at work",
        parties=(PartyDoc("p", "P"),), sources=(SourceDoc("report", "The report"),),
        nodes=(NodeDoc("a", NodeKind.CLAIM, "Rebates make the tax fair."),
               NodeDoc("b", NodeKind.EVIDENCE, "Rebates come monthly.",
                       citations=(Citation("report", "¶2"),))),
        edges=(EdgeDoc("e1", "b", Relation.SUPPORTS, target="a", text="Monthly is soon."),),
    ), actor="tests")
    store.put_document(names["debate"], "report-text", title="The report", source="report",
                       data=REPORT.encode(), actor="tests")
    yield names
    engine.dispose()


def read(server: Server, slug: str, path: str) -> Any:
    """An item of the debate (or with `path` "", the debate), as the API gives it to anyone."""
    return httpx.get(server.url(f"/api/debates/{slug}/{path}".rstrip("/")), timeout=10).json()


def freeze(page: Any, slug: str) -> None:
    """Hold `page`'s workbench at what it has loaded: its polls hear "nothing changed"."""
    def answer(route: Any) -> None:
        if route.request.headers.get("if-none-match"):
            route.fulfill(status=304)
        else:
            route.continue_()
    page.route(f"**/api/debates/{slug}", answer)


def conflict_box(page: Any, form: str, field: str) -> Any:
    """The conflict box of `form`, once it shows both versions of `field`."""
    clash = page.locator(f"#{form}-conflict .wb-clash[data-field='{field}']")
    clash.wait_for()
    return clash


@pytest.fixture
def pair(browser: Any, server: Server, bench: dict[str, str]) -> Iterator[tuple[str, Any, Any]]:
    """The debate, and the workbenches of the two editors on it."""
    with two_editors(browser, server, (bench["first"], bench["second"]), bench["debate"]) as pages:
        yield bench["debate"], *pages


@pytest.fixture
def alone(browser: Any, server: Server, bench: dict[str, str]) -> Iterator[tuple[str, Any]]:
    """The debate, and the second editor's workbench on it (which may meet no script error)."""
    page = signed_in(browser, server, bench["second"], f"/debates/{bench['debate']}/edit")
    yield bench["debate"], page
    assert page.errors == []
    page.context.close()


def test_workbench_conflicts_on_tags_a_stance_and_an_edge_lose_nothing(
    pair: tuple[str, Any, Any], server: Server
) -> None:
    slug, first, second = pair
    # a non-text field: both change the tags of a; the second keeps theirs
    for page in (first, second):
        edit(page, "a")
    both_save((first, second), "#node-tags", ("alpha", "beta"), "#node-save", "saved a")
    clash = conflict_box(second, "node-form", "tags")
    assert clash.locator(".mine .version-text").inner_text() == "beta"
    assert clash.locator(".theirs .version-text").inner_text() == "alpha"
    assert second.input_value("#node-form-merge-tags") == "beta, alpha"
    assert read(server, slug, "nodes/a")["tags"] == ["alpha"]
    assert second.evaluate("() => document.activeElement.id") == "node-form-merge-tags"
    second.keyboard.press("Tab")  # from the merge box to "Keep mine", with the keyboard
    second.keyboard.press("Enter")
    saved(second, "saved a")
    assert read(server, slug, "nodes/a")["tags"] == ["beta"]
    # the first now changes the text only: it goes on top of the tags, which are kept
    first.fill("#node-text", "Rebates make the tax fair to the poor.")
    first.click("#node-save")
    saved(first, "saved a (kept another editor's change to the tags)")
    node = read(server, slug, "nodes/a")
    assert (node["text"], node["tags"]) == ("Rebates make the tax fair to the poor.", ["beta"])
    assert first.input_value("#node-tags") == "beta"

    # an edge: both change the gloss of e1; the second takes the other's
    for page in (first, second):
        page.click("button:text-is('Edit edge e1')")
        page.locator("#edge-form-heading", has_text="Editing e1").wait_for()
    both_save((first, second), "#edge-text", ("Monthly rebates arrive before the bills.",
                                   "Monthly is soon enough."), "#edge-save", "saved e1")
    clash = conflict_box(second, "edge-form", "text")
    assert clash.locator(".mine .version-text").inner_text() == "Monthly is soon enough."
    assert clash.locator(".theirs .version-text").inner_text() == \
        "Monthly rebates arrive before the bills."
    assert "not saved" in second.locator("#edge-form-error").inner_text()
    second.locator("#edge-form-conflict").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    second.screenshot(path=str(ARTIFACTS / "workbench-edge-conflict.png"))
    if AXE.exists():
        assert serious_violations(second) == []
    second.click("#edge-form-conflict button:text-is('Take theirs')")
    assert second.input_value("#edge-text") == "Monthly rebates arrive before the bills."
    assert second.locator("#edge-form-conflict").is_hidden()
    assert second.evaluate("() => document.activeElement.id") == "edge-source"
    assert read(server, slug, "edges/e1")["text"] == "Monthly rebates arrive before the bills."

    # a stance: both set what P accepts of a (the second's grid not yet current); it merges
    freeze(second, slug)
    first.select_option("select[data-party='p'][data-item='a']", "accepted")
    saved(first, "a: accepted for p")
    second.select_option("select[data-party='p'][data-item='a']", "rejected")
    conflict_box(second, "acceptance", "stance")
    second.select_option("#acceptance-merge-stance", "unstated")
    second.click("#acceptance-conflict button:text-is('Save the merged version')")
    saved(second, "a: unstated for p")
    assert "a" not in read(server, slug, "parties/p/acceptance")


def test_workbench_debate_fields_merge_and_conflict(
    pair: tuple[str, Any, Any], server: Server
) -> None:
    slug, first, second = pair
    for page in (first, second):
        page.wait_for_function(TITLE_IS, arg="Two editors at work")
    # typed in the second workbench before the first's change: another's change never
    # overwrites it, and saving it keeps the other's change to another field
    second.fill("#debate-title", "Two editors, one debate")
    first.select_option("#debate-mode", "presumptive")
    first.click("#debate-save")
    saved(first, "the debate")
    first.fill("#debate-summary", "Whose wording wins?")
    second.click("#debate-save")
    saved(second, "the debate (kept another editor's change to the mode)")
    debate = read(server, slug, "")
    assert (debate["title"], debate["mode"]) == ("Two editors, one debate", "presumptive")
    # both changed the title: the first sees both, and its summary is kept in the form
    first.fill("#debate-title", "The first's title")
    first.click("#debate-save")
    clash = conflict_box(first, "debate-form", "title")
    assert clash.locator(".theirs .version-text").inner_text() == "Two editors, one debate"
    assert clash.locator(".mine .version-text").inner_text() == "The first's title"
    assert first.input_value("#debate-summary") == "Whose wording wins?"
    first.click("#debate-form-conflict button:text-is('Keep mine')")
    saved(first, "the debate")
    debate = read(server, slug, "")
    assert (debate["title"], debate["summary"]) == ("The first's title", "Whose wording wins?")


def test_workbench_edits_an_edge_and_shows_cited_passages(
    alone: tuple[str, Any], server: Server
) -> None:
    slug, page = alone
    # the node editor shows the passage each citation opens, and flags one that opens none
    edit(page, "b")
    passage = page.locator("#node-cite-passage")
    passage.locator("text=Rebates are paid every month.").wait_for()
    page.fill("#node-cite-locator", "¶9")
    page.locator("#node-cite-passage.wb-passage-missing").wait_for()
    assert "has no passage '¶9'" in passage.inner_text()
    assert page.get_attribute("#node-cite-locator", "aria-invalid") == "true"
    page.click("#node-cite-add")
    page.select_option("#node-cite-source-2", "report")
    page.fill("#node-cite-locator-2", "¶3")
    page.locator("#node-cite-passage-2", has_text="The third paragraph.").wait_for()
    page.locator("#node-form").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workbench-passages.png"))
    if os.environ.get("ARGMAP_DOC_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "img" / "workbench-passages.png"))
    page.fill("#node-cite-locator", "¶1")
    passage.locator("text=The first paragraph.").wait_for()
    page.click("#node-save")
    saved(page, "saved b")
    cited = [(c["source"], c["locator"]) for c in read(server, slug, "nodes/b")["citations"]]
    assert cited == [("report", "¶1"), ("report", "¶3")]

    # an edge's gloss and citations are edited in place; a refusal is shown at its field
    page.click("button:text-is('Edit edge e1')")
    page.locator("#edge-form-heading", has_text="Editing e1").wait_for()
    page.fill("#edge-text", "Paid monthly, so felt at once.")
    page.select_option("#edge-cite-source", "report")
    page.fill("#edge-cite-locator", "¶2")
    page.locator("#edge-cite-passage", has_text="Rebates are paid every month.").wait_for()
    page.fill("#edge-target", "nowhere")
    page.click("#edge-save")
    refusal = page.locator("#edge-target-refusal")
    refusal.wait_for()
    assert "unknown node 'nowhere'" in refusal.inner_text()
    assert page.get_attribute("#edge-target", "aria-invalid") == "true"
    assert read(server, slug, "edges/e1")["target"] == "a"
    page.fill("#edge-target", "a")
    page.click("#edge-save")
    saved(page, "saved e1")
    assert page.locator("#edge-target-refusal").count() == 0
    edge = read(server, slug, "edges/e1")
    assert edge["text"] == "Paid monthly, so felt at once."
    assert [(c["source"], c["locator"]) for c in edge["citations"]] == [("report", "¶2")]
    page.locator("#edge-list li", has_text="Paid monthly, so felt at once.").wait_for()
    page.locator("#edge-form").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "workbench-edge.png"))
    if AXE.exists():
        assert serious_violations(page) == []


def test_workbench_edits_parties_and_sources_and_shows_a_taken_key_at_its_field(
    alone: tuple[str, Any], server: Server
) -> None:
    slug, page = alone
    page.click("button:text-is('Edit party p')")
    page.locator("#party-form-heading", has_text="Editing p").wait_for()
    assert page.is_disabled("#party-key")
    page.fill("#party-name", "The P party")
    page.fill("#party-description", "Those who say P.")
    page.click("#party-save")
    saved(page, "saved p")
    party = read(server, slug, "parties/p")
    assert (party["name"], party["description"]) == ("The P party", "Those who say P.")
    page.click("button:text-is('Edit source report')")
    page.fill("#source-year", "2024")
    page.fill("#source-authors", "Okafor, A.; Lind, B.")
    page.click("#source-save")
    saved(page, "saved report")
    source = read(server, slug, "sources/report")
    assert (source["year"], source["authors"]) == (2024, ["Okafor, A.", "Lind, B."])
    page.click("#party-new")
    page.fill("#party-name", "Another P")
    page.fill("#party-key", "p")
    page.click("#party-save")
    refusal = page.locator("#party-key-refusal")
    refusal.wait_for()
    assert "already has a party 'p'" in refusal.inner_text()
    assert page.evaluate("() => document.activeElement.id") == "party-key"
