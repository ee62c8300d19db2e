"""Accessibility in the browser: axe-core finds no serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import AXE, CENTRAL, DEBATE, Server

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

FOCUS = f"focus={CENTRAL}&depth=1"
# axe takes seconds on the whole map; the other views are checked on a focused map,
# which has the same markup around fewer nodes
PAGES = [
    "/",
    f"/debates/{DEBATE}?party=wong",
    f"/debates/{DEBATE}?compare=wong,asan-editors&{FOCUS}",
    f"/debates/{DEBATE}?position=1&party=wong&{FOCUS}",
    f"/debates/{DEBATE}/outline?party=wong",
    f"/debates/{DEBATE}/disagreements",
    f"/debates/{DEBATE}/brief",
    f"/debates/{DEBATE}/nodes/{CENTRAL}?party=asan-editors",
    f"/debates/{DEBATE}/summary",
    "/search?q=china",
    "/debates/no-such-debate",
]


def serious_violations(page: Any) -> list[str]:
    """Run axe-core (injected from node_modules, never committed) on the open page."""
    # evaluated through the browser's protocol, which the pages' CSP does not govern (an
    # injected <script> would be blocked, as it should be)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_accessibility_axe_finds_no_serious_violation(page: Any, server: Server, path: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (run `bash tests/tools/browser.sh`)")
    page.goto(server.url(path))
    assert serious_violations(page) == []


def test_accessibility_axe_after_opening_a_detail(page: Any, server: Server) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (run `bash tests/tools/browser.sh`)")
    page.goto(server.url(f"/debates/{DEBATE}?party=wong&{FOCUS}"))
    page.locator(f"svg.argmap g.node[data-key='{CENTRAL}'] a.node-link").click()
    page.locator("#detail article.node-detail").wait_for()
    assert serious_violations(page) == []
