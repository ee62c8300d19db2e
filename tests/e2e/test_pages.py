"""What a student does in the browser: switch sides, read a claim, focus, try a position, search."""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

import pytest

from .conftest import ARTIFACTS, CENTRAL, DEBATE, ROOT, Server

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NODE = "svg.argmap g.node[data-key='{}']"


def node_class(page: Any, key: str) -> str:
    return str(page.locator(NODE.format(key)).get_attribute("class"))


def test_debate_page_party_switch_turns_central_claim_from_in_to_out(
    page: Any, server: Server
) -> None:
    page.goto(server.url(f"/debates/{DEBATE}?party=wong"))
    assert "label-in" in node_class(page, CENTRAL)
    assert page.locator(NODE.format(CENTRAL) + " text").first.text_content() == "✓ IN"
    page.locator(".view-switcher a.party-link[data-party='asan-editors']").click()
    page.wait_for_url(re.compile(r"party=asan-editors"))
    assert "label-out" in node_class(page, CENTRAL)
    assert page.locator(NODE.format(CENTRAL) + " text").first.text_content() == "✗ OUT"
    current = page.locator(".view-switcher a[aria-current='page']")
    assert current.get_attribute("data-party") == "asan-editors"
    if os.environ.get("ARGMAP_UPDATE_DOCS_IMG"):
        page.goto(server.url(f"/debates/{DEBATE}?party=wong"))
        page.locator("#map").screenshot(path=str(ARTIFACTS / "asan-2024-map.png"))
        shutil.copy(ARTIFACTS / "asan-2024-map.png", ROOT / "docs" / "img" / "asan-2024-map.png")


def test_debate_compare_marks_the_central_claim_divergent(page: Any, server: Server) -> None:
    page.goto(server.url(f"/debates/{DEBATE}?compare=wong,asan-editors"))
    assert "diverges" in node_class(page, CENTRAL)
    first_line = page.locator(NODE.format(CENTRAL) + " text").first.text_content()
    assert first_line == "≠ ✓ IN │ ✗ OUT"
    divergent = page.locator(".divergence a[data-key]")
    assert CENTRAL in divergent.evaluate_all("links => links.map(a => a.dataset.key)")


def test_claim_detail_opens_without_reload_with_explanation(page: Any, server: Server) -> None:
    page.goto(server.url(f"/debates/{DEBATE}?party=asan-editors"))
    page.evaluate("window.__sameDocument = true")
    view_box = page.locator("#map svg").get_attribute("viewBox")
    page.locator(NODE.format(CENTRAL) + " a.node-link").click()
    detail = page.locator(f"#detail article.node-detail[data-key='{CENTRAL}']")
    detail.wait_for()
    assert page.locator("#map svg").get_attribute("viewBox") == view_box  # the map stays put
    assert page.evaluate("window.__sameDocument") is True
    assert page.url.endswith("party=asan-editors")
    assert "selected" in node_class(page, CENTRAL)
    wong = detail.locator(".party-label[data-party='wong']")
    editors = detail.locator(".party-label[data-party='asan-editors']")
    assert "✓ IN" in wong.locator(".badge").first.text_content()
    assert "✗ OUT" in editors.locator(".badge").first.text_content()
    assert editors.locator(".explanation li").count() >= 1
    assert detail.locator(".citations li").count() >= 1
    assert page.locator("#detail").get_attribute("aria-live") == "polite"
    cruxes = page.locator("#detail .cruxes-section")
    cruxes.wait_for(timeout=30_000)
    assert "Cruxes" in cruxes.locator("h3").text_content()


def test_keyboard_tab_reaches_a_claim_and_enter_opens_its_detail(page: Any, server: Server) -> None:
    page.goto(server.url(f"/debates/{DEBATE}?party=wong"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('node-link')"):
            break
    else:
        pytest.fail("Tab never reached a node of the map")
    key = page.evaluate("document.activeElement.dataset.key")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert "Ka Ho Wong:" in label
    page.keyboard.press("Enter")
    page.locator(f"#detail article.node-detail[data-key='{key}']").wait_for()
    assert f"/debates/{DEBATE}?" in page.url
    # focus moved into the panel, and a button leads back to the same node
    page.wait_for_function("() => document.activeElement.id.startsWith('detail-title-')")
    page.get_by_role("button", name="Back to the map").click()
    assert page.evaluate("document.activeElement.dataset.key") == key


def test_map_zooms_with_buttons_and_keys(page: Any, server: Server) -> None:
    page.goto(server.url(f"/debates/{DEBATE}?party=wong"))
    svg = page.locator("#map svg.argmap")
    start = svg.get_attribute("viewBox")
    page.get_by_role("button", name="Zoom in").click()
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != start
    width = lambda box: float(box.split()[2])  # noqa: E731
    assert width(zoomed) < width(start)
    page.locator("#map").focus()
    page.keyboard.press("ArrowLeft")
    assert svg.get_attribute("viewBox").split()[0] != zoomed.split()[0]
    page.keyboard.press("0")
    assert width(svg.get_attribute("viewBox")) >= width(start)


def test_focus_mode_expands_and_collapses(page: Any, server: Server) -> None:
    page.goto(server.url(f"/debates/{DEBATE}?party=wong&focus={CENTRAL}&depth=1"))
    nodes = page.locator("svg.argmap g.node")
    one = nodes.count()
    assert "label-in" in node_class(page, CENTRAL)
    page.locator("#depth-more").click()
    page.wait_for_url(re.compile(r"depth=2"))
    two = nodes.count()
    assert two >= one > 1
    page.locator("#depth-less").click()
    page.wait_for_url(re.compile(r"depth=1"))
    assert nodes.count() == one
    page.locator("#focus-off").click()
    page.wait_for_url(re.compile(r"^(?!.*focus=)"))
    assert nodes.count() >= two


def test_position_updates_map_in_place_and_url(page: Any, server: Server) -> None:
    page.goto(server.url(f"/debates/{DEBATE}?party=wong"))
    page.locator(".view-switcher").get_by_role("link", name="Your position").click()
    page.wait_for_url(re.compile(r"pos="))
    page.evaluate("window.__sameDocument = true")
    assert page.locator("svg.argmap g.node.label-in").count() == 0  # started from nothing
    assert "label-out" in node_class(page, CENTRAL)
    choice = page.locator("#position-form li.choice").filter(
        has=page.locator("input[value=accepted]")).nth(3)
    key = choice.get_attribute("data-item")
    started = page.url
    choice.get_by_label("accept").check()
    page.wait_for_function("(before) => location.href !== before", arg=started)
    page.wait_for_selector(NODE.format(key) + ".label-in")
    page.locator("#position-status", has_text="Map updated").wait_for()
    assert page.evaluate("window.__sameDocument") is True
    shared = page.url
    page.goto(shared)
    assert "label-in" in node_class(page, key)
    assert choice.get_by_label("accept").is_checked()


def test_search_finds_the_central_claim(page: Any, server: Server) -> None:
    page.goto(server.url("/"))
    assert page.locator(f"a[href='/debates/{DEBATE}']").count() == 1
    page.get_by_label("Search claims").fill("independent")
    page.get_by_label("Search claims").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=independent"))
    hit = page.locator(f".search-results a[href='/debates/{DEBATE}/nodes/{CENTRAL}']")
    assert hit.count() == 1
    hit.click()
    page.wait_for_url(re.compile(CENTRAL))
    assert page.locator("h1").first.text_content() is not None
    assert page.locator(".party-label").count() >= 2


def test_pages_work_without_javascript(static_page: Any, server: Server) -> None:
    static_page.goto(server.url(f"/debates/{DEBATE}?party=wong"))
    static_page.locator(NODE.format(CENTRAL) + " a.node-link").click()
    static_page.wait_for_url(re.compile(f"/nodes/{CENTRAL}"))
    assert static_page.locator(f"article.node-detail[data-key='{CENTRAL}']").count() == 1
    static_page.goto(server.url(f"/debates/{DEBATE}?position=1&party=wong"))
    static_page.locator("#position-form button[type=submit]").click()
    static_page.wait_for_url(re.compile(r"pos="))
    assert "label-out" in static_page.locator(NODE.format(CENTRAL)).get_attribute("class")


def test_map_svg_and_summary_are_served(page: Any, server: Server) -> None:
    response = page.goto(server.url(f"/debates/{DEBATE}/map.svg?party=wong"))
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert CENTRAL in response.text()
    page.goto(server.url(f"/debates/{DEBATE}/summary"), timeout=60_000)
    assert page.locator("h1").count() == 1
    assert "OUT" in page.locator("main").text_content()
