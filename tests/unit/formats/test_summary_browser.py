"""The HTML summary in a real browser: it renders with no external request and axe-core finds
no serious or critical accessibility violation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kb.formats import html
from tests.unit.formats.format_samples import sample_debate

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "tests" / "tools" / "browser" / "node_modules" / "axe-core" / "axe.min.js"


def test_html_summary_has_no_serious_accessibility_violation_in_chromium(browser: Any) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (run `bash tests/tools/browser.sh`)")
    requests: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.set_content(html.dump(sample_debate(), party="residents"))
        assert page.locator("h1").inner_text() == "Should the town rebuild the old bridge?"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    serious = [f"{v['id']}: {v['help']}" for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert requests == []  # standalone: no stylesheet, script, font or image is fetched
