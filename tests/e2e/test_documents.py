"""In the browser: a claim's cited passage, and the document with that paragraph
highlighted beside the nodes that cite it. The document is one the test writes itself."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARGMAP, CENTRAL, DEBATE, Server

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
NODE = "svg.argmap g.node[data-key='{}']"


def _attach_document(server: Server, folder: Path) -> None:
    """Attach a made-up text of 70 paragraphs as a copy of source asan-2024."""
    if not server.db_url:
        pytest.skip("ARGMAP_E2E_URL names a server whose database this test cannot reach")
    lines = [f"Test paragraph {n}: words written for the browser test." for n in range(1, 71)]
    text = folder / "asan-test.txt"
    text.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [ARGMAP, "document", "add", DEBATE, str(text), "--key", "asan-test", "--source",
         DEBATE, "--replace", "--db", server.db_url],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_claim_shows_cited_passage_and_document_highlights_it(
    page: Any, server: Server, tmp_path: Path
) -> None:
    _attach_document(server, tmp_path)
    page.goto(server.url(f"/debates/{DEBATE}?party=wong"))
    page.locator(NODE.format(CENTRAL) + " a.node-link").click()
    detail = page.locator(f"#detail article.node-detail[data-key='{CENTRAL}']")
    detail.wait_for()
    passages = detail.locator(".cited-passage")
    passages.first.wait_for()
    first = passages.first
    quoted = first.locator("blockquote").text_content() or ""
    match = re.search(r"Test paragraph (\d+):", quoted)
    assert match, quoted
    number = match.group(1)
    first.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/debates/{DEBATE}/documents/asan-test\?highlight=.*#p{number}$"))
    highlighted = page.locator("li.passage.highlighted")
    assert highlighted.count() == 1
    assert highlighted.get_attribute("id") == f"p{number}"
    assert highlighted.evaluate("el => el.matches(':target')") is True
    assert f"Test paragraph {number}:" in (highlighted.locator(".passage-text").text_content()
                                          or "")
    citing = highlighted.locator(f".citing a.node-ref[data-key='{CENTRAL}']")
    assert citing.count() == 1
    assert highlighted.evaluate("el => getComputedStyle(el).backgroundColor") != \
        "rgba(0, 0, 0, 0)"
    citing.click()
    page.wait_for_url(re.compile(rf"/debates/{DEBATE}/nodes/{CENTRAL}$"))


def test_summary_page_quotes_the_cited_passages(page: Any, server: Server,
                                                tmp_path: Path) -> None:
    _attach_document(server, tmp_path)
    page.goto(server.url(f"/debates/{DEBATE}/summary"), timeout=60_000)
    notes = page.locator("section[aria-labelledby='quoted'] li")
    notes.first.wait_for()
    first = notes.first
    quoted = first.locator("blockquote").text_content() or ""
    assert re.search(r"Test paragraph \d+:", quoted), quoted
    mark = page.locator("article sup a[href='#q1']").first
    mark.click()
    page.wait_for_url(re.compile(r"/summary#q1$"))
    assert page.locator("li#q1").evaluate("el => el.matches(':target')") is True
