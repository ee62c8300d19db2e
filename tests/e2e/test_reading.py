"""Reading a debate for a seminar, at desktop (1400x1000) and phone (390x844) sizes.

The decisive reason per party, no horizontal overflow on a phone, the map never trapping a
swipe, the outline by keyboard, a position started from a party, short share links, the
brief on at most two A4 pages.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import ARTIFACTS, CENTRAL, DEBATE, ROOT, Server

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
REBUTTAL = "russia-fails-independence-standards"
UNDERCUTTER = "standards-exclude-reactive-independence"


def shot(page: Any, name: str, *, docs: bool = False, **options: Any) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), **options)
    if docs and os.environ.get("ARGMAP_UPDATE_DOCS_IMG"):
        shutil.copy(ARTIFACTS / f"{name}.png", ROOT / "docs" / "img" / f"{name}.png")


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def map_labels(page: Any) -> dict[str, str]:
    return dict(page.locator("svg.argmap g.node").evaluate_all(
        """nodes => nodes.map(g => [g.dataset.key,
            (g.getAttribute('class').match(/label-(in|out|undec)/) || ['', ''])[1]])"""))


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_reading_decisive_reason_names_what_decides_for_each_party(
    desktop: Any, server: Server, size: dict[str, int]
) -> None:
    desktop.set_viewport_size(size)
    desktop.goto(server.url(f"/debates/{DEBATE}?party=wong"))
    verdicts = desktop.locator("#central-claim .verdict")
    editors = verdicts.locator("xpath=self::*[@data-party='asan-editors']")
    wong = verdicts.locator("xpath=self::*[@data-party='wong']")
    quoted = "els => els.map(a => a.dataset.key)"
    assert editors.locator(".decisive a.quote").evaluate_all(quoted)[0] == REBUTTAL
    assert wong.locator(".decisive a.quote").evaluate_all(quoted)[0] == UNDERCUTTER
    assert "bar too high" in wong.locator(".decisive").text_content().replace("set the ", "")
    assert editors.locator(".decisive").is_visible() and wong.locator(".decisive").is_visible()
    assert "…" not in verdicts.first.text_content()
    if size == DESKTOP:
        shot(desktop, "reading-central-claim", docs=True)
    else:
        shot(desktop, "reading-central-claim-phone", docs=True)


@pytest.mark.parametrize("path", [
    "/", f"/debates/{DEBATE}?party=wong", f"/debates/{DEBATE}/summary",
    f"/debates/{DEBATE}/brief", "/search?q=china", f"/debates/{DEBATE}/outline",
    f"/debates/{DEBATE}/disagreements", f"/debates/{DEBATE}/nodes/{CENTRAL}",
])
def test_reading_no_page_overflows_at_390_px(phone: Any, server: Server, path: str) -> None:
    phone.goto(server.url(path), timeout=60_000)
    width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path}: {width[0]} px wide in a {width[1]} px window"


def test_reading_swipe_over_the_map_scrolls_the_page(phone: Any, server: Server) -> None:
    phone.goto(server.url(f"/debates/{DEBATE}?party=wong"))
    box = phone.locator("#map").bounding_box()
    phone.evaluate(f"window.scrollTo(0, {box['y']} - 100)")
    before = phone.evaluate("window.scrollY")
    view_box = phone.locator("#map svg").get_attribute("viewBox")
    session = phone.context.new_cdp_session(phone)
    start = 500  # the map spans 100 to about 600 px of the window now
    session.send("Input.dispatchTouchEvent",
                 {"type": "touchStart", "touchPoints": [{"x": 195, "y": start}]})
    for step in range(1, 11):
        session.send("Input.dispatchTouchEvent",
                     {"type": "touchMove", "touchPoints": [{"x": 195, "y": start - 25 * step}]})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    phone.wait_for_function("(start) => window.scrollY > start + 100", arg=before)
    assert phone.locator("#map svg").get_attribute("viewBox") == view_box
    # a tap while the page still glides only stops the glide: wait until it rests
    phone.wait_for_function(
        "() => new Promise(done => { const y = scrollY;"
        " setTimeout(() => done(scrollY === y), 250); })")
    # tapping a node shows its detail in view (the panel is below the map on a phone)
    phone.locator(f"svg.argmap g.node[data-key='{CENTRAL}'] a.node-link").tap()
    detail = phone.locator(f"#detail article.node-detail[data-key='{CENTRAL}']")
    detail.wait_for()
    phone.wait_for_function(
        "() => { const r = document.getElementById('detail').getBoundingClientRect();"
        " return r.top < innerHeight && r.bottom > 0; }")
    shot(phone, "reading-phone-detail", docs=True)


def test_reading_outline_reaches_the_supports_and_back_by_keyboard(
    desktop: Any, server: Server
) -> None:
    desktop.goto(server.url(f"/debates/{DEBATE}/outline?party=wong"))
    heading = desktop.locator("h1").text_content()
    shot(desktop, "reading-outline", docs=True)
    for _ in range(40):
        desktop.keyboard.press("Tab")
        if desktop.evaluate("!!document.activeElement.closest('.pro a.outline-link')"):
            break
    else:
        pytest.fail("Tab never reached a support of the central claim")
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(re.compile(r"at=.*trail="))
    assert desktop.locator(".breadcrumb li").count() == 3
    for _ in range(40):
        desktop.keyboard.press("Tab")
        if desktop.evaluate("document.activeElement.id") == "outline-up":
            break
    else:
        pytest.fail("Tab never reached 'Up one level'")
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(re.compile(r"outline\?(?!.*trail=)"))
    assert desktop.locator("h1").text_content() == heading


def test_reading_position_from_a_party_and_a_short_share_link(
    desktop: Any, server: Server
) -> None:
    desktop.goto(server.url(f"/debates/{DEBATE}?party=asan-editors"))
    editors = map_labels(desktop)
    desktop.locator("a.start-link[data-start='asan-editors']").click()
    desktop.wait_for_url(re.compile(r"pos="))
    assert map_labels(desktop) == editors
    item = desktop.locator("#position-form li.choice[data-item='china-defers-in-central-asia']")
    item.get_by_label("reject").check()
    desktop.locator("#position-now[data-updated]").wait_for()
    share = desktop.locator("#share-link").get_attribute("href")
    assert len(server.url(share)) < 300
    mine = map_labels(desktop)
    shot(desktop, "reading-position", docs=True)
    desktop.goto(server.url(share))
    assert map_labels(desktop) == mine
    assert item.get_by_label("reject").is_checked()


def test_reading_brief_prints_on_at_most_two_a4_pages(desktop: Any, server: Server) -> None:
    desktop.goto(server.url(f"/debates/{DEBATE}/brief"), timeout=60_000)
    assert desktop.locator(".side").count() == 2
    shot(desktop, "reading-brief", docs=True, full_page=True)
    desktop.emulate_media(media="print")
    pdf = desktop.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 2, f"the brief prints on {pages} pages"


def test_reading_key_disagreements_rank_the_central_claims_cruxes(
    desktop: Any, server: Server
) -> None:
    desktop.goto(server.url(f"/debates/{DEBATE}/disagreements"), timeout=60_000)
    first = desktop.locator(".disagreement").first
    assert first.locator(".crux-count").count() == 1
    assert desktop.locator(".disagreement-group h2").count() >= 2
    shot(desktop, "reading-disagreements", docs=True)
