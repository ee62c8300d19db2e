"""The editors' workbench in a real browser: sign in, map a debate from nothing, edit,
delete, undo, revert; readers get no editing controls; two editors in conflict."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from kb.db import make_engine
from kb.doc import DebateDoc, NodeDoc, NodeKind, PartyDoc
from kb.store import Store

from .conftest import ARTIFACTS, AXE, ROOT, Server
from .test_accessibility import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
PASSWORD = "workbench password"
NODES = [  # key, kind, text, tags
    ("tax-fair", "claim", "The carbon tax is fair.", "central"),
    ("hurts-poor", "claim", "The tax hurts poor households.", ""),
    ("revenue-recycling", "evidence", "All revenue is paid back to households.", ""),
    ("poor-pay-more", "evidence", "Poor households pay more at first.", ""),
    ("monthly-rebates", "evidence", "Rebates are paid every month.", ""),
    ("late-rebates", "evidence", "The first rebates came a year late.", ""),
]
EDGES = [  # source, relation, target
    ("revenue-recycling", "supports", "tax-fair"),
    ("poor-pay-more", "supports", "hurts-poor"),
    ("hurts-poor", "rebuts", "tax-fair"),
    ("monthly-rebates", "undercuts", "e2"),
    ("late-rebates", "rebuts", "monthly-rebates"),
]
STANCES = {
    "coalition": {"revenue-recycling": "accepted", "poor-pay-more": "accepted",
                  "monthly-rebates": "accepted"},
    # poor-pay-more last: it flips the central claim for the opposition, IN to OUT
    "opposition": {"late-rebates": "accepted", "revenue-recycling": "accepted",
                   "poor-pay-more": "accepted"},
}


@pytest.fixture(scope="module")
def people(server: Server) -> Iterator[dict[str, str]]:
    """An editor of every debate, a reader, and a small debate for the conflict test."""
    if not server.db_url:
        pytest.skip("needs the test's own server (ARGMAP_E2E_URL is set)")
    tag = uuid.uuid4().hex[:6]
    names = {"editor": f"wb-ed-{tag}", "second": f"wb-ed2-{tag}", "reader": f"wb-rd-{tag}",
             "debate": f"wb-conflict-{tag}"}
    engine = make_engine(server.db_url)
    store = Store(engine)
    for role, name in (("editor", names["editor"]), ("editor", names["second"]),
                       ("reader", names["reader"])):
        store.add_user(name, role)
        store.set_password(name, PASSWORD)
    store.import_doc(DebateDoc(slug=names["debate"], title="Two editors",
                               parties=(PartyDoc("p", "P"),),
                               nodes=(NodeDoc("c1", NodeKind.CLAIM, "The first wording."),)),
                     actor="tests")
    yield names
    engine.dispose()


def signed_in(browser: Any, server: Server, name: str, target: str) -> Any:
    """A page of a new browser context, signed in as `name`, opened at `target`."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    page.goto(server.url(f"/login?next={target}"))
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(server.url(target))
    return page


@contextmanager
def two_editors(browser: Any, server: Server, names: tuple[str, str],
                slug: str) -> Iterator[tuple[Any, Any]]:
    """Two editors' workbenches on debate `slug`, in two browser contexts; neither may
    meet a script error."""
    first, second = (signed_in(browser, server, name, f"/debates/{slug}/edit") for name in names)
    try:
        yield first, second
        assert first.errors == [] and second.errors == []
    finally:
        first.context.close()
        second.context.close()


def both_save(pages: tuple[Any, Any], field: str, values: tuple[str, str], save: str,
              done: str) -> None:
    """Both editors hold one item: the first saves `values[0]` in `field` (the workbench
    then says `done`), the second then tries `values[1]` over it."""
    for page, value in zip(pages, values, strict=True):
        page.fill(field, value)
        page.click(save)
        if page is pages[0]:
            saved(page, done)


def saved(page: Any, what: str) -> None:
    """Wait until the workbench says it saved `what` (else fail with what it says)."""
    try:
        page.locator("#wb-status", has_text=f"Saved: {what}").wait_for()
    except Exception:
        errors = page.evaluate("""() => [...document.querySelectorAll('.form-error, #wb-status')]
            .map((e) => `${e.id}: ${e.textContent}`).filter((t) => !t.endsWith(': '))""")
        raise AssertionError(f"not saved: {what}; the page says {errors}") from None


def edit(page: Any, key: str) -> None:
    """Open `key` in the node form and wait until the form holds it."""
    page.click(f"button:text-is('Edit {key}')")
    page.locator("#node-form-heading", has_text=f"Editing {key}").wait_for()


def add_node(page: Any, key: str, kind: str, text: str, tags: str) -> None:
    page.fill("#node-text", text)
    page.fill("#node-key", key)
    page.select_option("#node-kind", kind)
    page.fill("#node-tags", tags)
    if kind == "evidence":
        page.select_option("#node-cite-source", "okafor-2024")
        page.fill("#node-cite-locator", "¶3")
    page.click("#node-save")
    saved(page, f"added {key}.")


def test_workbench_editor_maps_edits_undoes_and_reverts(
    browser: Any, server: Server, people: dict[str, str]
) -> None:
    page = signed_in(browser, server, people["editor"], "/debates/new")
    slug = f"carbon-{uuid.uuid4().hex[:6]}"
    page.fill("#debate-title", "A carbon tax with rebates")
    assert page.input_value("#debate-slug") == "carbon-tax-rebates"
    page.fill("#debate-slug", slug)
    page.fill("#debate-summary", "Is a carbon tax fair when its revenue is paid back?")
    page.click("#debate-save")
    saved(page, "the debate")
    assert page.url.endswith(f"/debates/{slug}/edit")
    for name in ("Coalition", "Opposition"):
        page.fill("#party-name", name)
        page.click("#party-form button[type=submit]")
        saved(page, f"added {name.lower()}")
    page.fill("#source-title", "Carbon dividends in practice")
    page.fill("#source-key", "okafor-2024")
    page.fill("#source-authors", "Okafor, A.")
    page.fill("#source-year", "2024")
    page.click("#source-form button[type=submit]")
    saved(page, "added okafor-2024")
    for node in NODES:
        add_node(page, *node)
    page.locator("svg g.node[data-key='tax-fair'] text.wb-key").wait_for()
    for number, (source, relation, target) in enumerate(EDGES, start=1):
        page.fill("#edge-source", source)
        page.select_option("#edge-relation", relation)
        page.fill("#edge-target", target)
        page.click("#edge-form button[type=submit]")
        saved(page, f"added edge e{number}.")
    for party, stances in STANCES.items():
        for item, stance in stances.items():
            page.select_option(f"select[data-party='{party}'][data-item='{item}']", stance)
            saved(page, f"{item}: {stance} for {party}")
    row = page.locator("#wb-labels tr[data-key='tax-fair']")
    shown = page.evaluate("""() => [...document.querySelectorAll('#acceptance-grid select')]
        .filter((s) => s.value !== 'unstated')
        .map((s) => `${s.dataset.party}/${s.dataset.item}`)""")
    why = f"{shown} {page.locator('#wb-labels').inner_text()}"
    assert row.locator("td[data-party='coalition']").inner_text().startswith("IN"), why
    assert row.locator("td[data-party='opposition']").inner_text().startswith("OUT"), why
    assert "flipped" in row.locator("td[data-party='opposition']").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "workbench.png"))
    if os.environ.get("ARGMAP_DOC_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "img" / "workbench.png"))
    if AXE.exists():
        assert serious_violations(page) == []

    # edit, then delete with the API's refusal and the cascade it offers
    edit(page, "hurts-poor")
    page.fill("#node-text", "The tax hurts poor households most.")
    page.click("#node-save")
    saved(page, "saved hurts-poor")
    edit(page, "late-rebates")
    page.click("#node-delete")
    error = page.locator("#node-form-error")
    error.locator("text=is used by edge(s) e5").wait_for()
    page.click("button:text-is('Delete late-rebates and everything that rests on it')")
    saved(page, "deleted late-rebates")
    assert page.locator("#node-list li", has_text="late-rebates").count() == 0

    # undo the deletion, then revert to the state before the edit
    page.click("#undo-last")
    saved(page, "undid revision")
    page.locator("#node-list li", has_text="late-rebates").wait_for()
    page.locator("#revision-list li", has_text="hurts-poor").first.wait_for()
    edited = page.locator("#revision-list li", has_text="text 'The tax hurts poor households.'")
    number = int(edited.first.get_attribute("value") or 0)
    page.click(f"button:text-is('Revert to revision {number - 1}')")
    saved(page, f"reverted to revision {number - 1}")
    edit(page, "hurts-poor")
    assert page.input_value("#node-text") == "The tax hurts poor households."
    history = page.locator("#revision-list").inner_text()
    assert people["editor"] in history and "revenue-recycling: unstated -> accepted" in history
    assert page.errors == []
    page.context.close()


def test_workbench_readers_and_anonymous_get_no_editing_controls(
    browser: Any, server: Server, people: dict[str, str]
) -> None:
    slug = people["debate"]
    anonymous = browser.new_context().new_page()
    anonymous.goto(server.url(f"/debates/{slug}"))
    assert anonymous.locator("a.edit-link").count() == 0
    assert anonymous.locator("a.login-link").count() == 1
    anonymous.goto(server.url(f"/debates/{slug}/edit"))
    assert "/login?next=" in anonymous.url
    anonymous.context.close()
    reader = signed_in(browser, server, people["reader"], f"/debates/{slug}")
    assert reader.locator(".account-name").inner_text().startswith("Signed in as")
    assert reader.locator("a.edit-link, a.new-debate-link").count() == 0
    refused = reader.goto(server.url(f"/debates/{slug}/edit"))
    assert refused is not None and refused.status == 403
    reader.context.close()
    editor = signed_in(browser, server, people["editor"], f"/debates/{slug}")
    assert editor.locator("a.edit-link").count() == 1
    forged = editor.evaluate(
        """async (slug) => {
            const r = await fetch(`/api/debates/${slug}`, {method: "PATCH",
              headers: {"Content-Type": "application/json", "If-Match": "*"},
              body: JSON.stringify({title: "Forged"})});
            return [r.status, (await r.json()).detail];
        }""", slug)
    assert forged[0] == 403 and "X-CSRF-Token" in forged[1]
    title = editor.evaluate(
        "async (slug) => (await (await fetch(`/api/debates/${slug}`)).json()).title", slug)
    assert title == "Two editors"
    editor.context.close()


def test_workbench_two_editors_see_the_conflict_and_keep_both_texts(
    browser: Any, server: Server, people: dict[str, str]
) -> None:
    slug = people["debate"]
    with two_editors(browser, server, (people["editor"], people["second"]), slug) as (first,
                                                                                    second):
        for page in (first, second):
            edit(page, "c1")
        both_save((first, second), "#node-text",
                  ("The first editor's wording.", "The second editor's wording."), "#node-save",
                  "saved c1")
        box = second.locator("#node-form-conflict")
        box.wait_for()
        assert box.locator(".mine .version-text").inner_text() == "The second editor's wording."
        assert box.locator(".theirs .version-text").inner_text() == "The first editor's wording."
        merged = second.input_value("#node-form-merge-text")
        assert "second editor's" in merged and "first editor's" in merged
        box.scroll_into_view_if_needed()
        second.screenshot(path=str(ARTIFACTS / "workbench-conflict.png"))
        if os.environ.get("ARGMAP_DOC_SCREENSHOTS"):
            second.screenshot(path=str(ROOT / "docs" / "img" / "workbench-conflict.png"))
        second.click("button:text-is('Save the merged version')")
        saved(second, "saved c1")
        # the first workbench sees the change without a reload
        first.locator("#node-list li", has_text="The second editor's wording.").wait_for(
            timeout=15_000)
