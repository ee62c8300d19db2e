"""In the browser: "also argued in" on a claim, the proposition's timeline, and search with
verdicts, highlighted words and filters (the seed debates and seeds/links.yaml)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import CENTRAL, DEBATE, Server

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

LINKED = "identity-forces-behind-putin"


def test_also_argued_leads_to_the_proposition_timeline(page: Any, server: Server) -> None:
    page.goto(server.url(f"/debates/{DEBATE}/nodes/{LINKED}"))
    section = page.locator("section.also-argued")
    if section.count() == 0:
        pytest.skip("the seeds hold no link to this claim")
    other = section.locator("li[data-debate='rozman-2016']")
    assert other.count() >= 1
    assert other.first.locator(".badge").count() >= 1  # Rozman's verdict there
    other.first.locator("a.proposition-link").click()
    page.wait_for_url(re.compile(r"/propositions/\d+$"))
    entries = page.locator("ol.timeline > li.timeline-entry")
    assert entries.count() == 2
    assert entries.nth(0).get_attribute("data-debate") == "rozman-2016"
    assert entries.nth(1).get_attribute("data-debate") == DEBATE
    years = [int(entries.nth(i).locator(".timeline-year").inner_text()) for i in range(2)]
    assert years[0] <= years[1]
    assert entries.nth(1).locator(".verdict").count() == 2  # wong and the editors


def test_search_shows_verdicts_marks_and_filters(page: Any, server: Server) -> None:
    page.goto(server.url("/search?q=independent"))
    hit = page.locator(f".search-results li[data-debate='{DEBATE}'][data-key='{CENTRAL}']")
    assert hit.count() == 1
    assert hit.locator("mark").first.inner_text().lower().startswith("independ")
    assert hit.locator(".verdict").count() == 2
    page.select_option("#search-kind", "evidence")
    page.select_option("#search-debate", "rozman-2016")
    page.locator(".search-page-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"kind=evidence"))
    for item in page.locator(".search-results > li").all():
        assert item.get_attribute("data-debate") == "rozman-2016"
