"""The pages over plain HTTP (no browser): status codes, media types, fallbacks, caching."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx
import pytest

from .conftest import CENTRAL, DEBATE, SAMPLE, Server

pytestmark = [pytest.mark.xdist_group("e2e")]


def get(server: Server, path: str) -> httpx.Response:
    return httpx.get(server.url(path), timeout=60)


def test_pages_index_lists_debates_with_parties_and_size(server: Server) -> None:
    page = get(server, "/")
    assert page.status_code == 200
    assert f'href="/debates/{DEBATE}"' in page.text
    assert "?party=wong" in page.text and "?party=asan-editors" in page.text
    assert "claims," in page.text and "pieces of evidence" in page.text
    assert f'href="/debates/{DEBATE}/nodes/{CENTRAL}"' in page.text  # its central claim


def test_pages_map_svg_is_an_svg_image_with_links_per_node(server: Server) -> None:
    image = get(server, f"/debates/{DEBATE}/map.svg?party=asan-editors")
    assert image.status_code == 200
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert image.headers["etag"]
    root = ET.fromstring(image.text)
    assert root.get("width") is not None  # a standalone image keeps its size
    ns = {"s": "http://www.w3.org/2000/svg"}
    node = root.find(f".//s:g[@data-key='{CENTRAL}']", ns)
    assert node is not None and "label-out" in (node.get("class") or "")
    link = node.find("s:a", ns)
    assert link is not None
    assert link.get("href", "").startswith(f"/debates/{DEBATE}/nodes/{CENTRAL}?party=asan-editors")


def test_pages_bad_queries_give_an_error_page_and_status(server: Server) -> None:
    cases = {
        "/debates/no-such-debate": 404,
        f"/debates/{DEBATE}?party=nobody": 404,
        f"/debates/{DEBATE}?compare=wong": 422,
        f"/debates/{DEBATE}?compare=wong,wong": 422,
        f"/debates/{DEBATE}?focus=no-such-node": 404,
        f"/debates/{DEBATE}?focus={CENTRAL}&depth=99": 422,
        f"/debates/{DEBATE}?semantics=ideal": 422,
        f"/debates/{DEBATE}?position=1&accept=no-such-item": 422,
        f"/debates/{DEBATE}?pos=damaged": 422,
        f"/debates/{DEBATE}/nodes/no-such-node": 404,
    }
    for path, status in cases.items():
        page = get(server, path)
        assert page.status_code == status, path
        assert page.headers["content-type"].startswith("text/html"), path
        assert 'role="alert"' in page.text, path
    image = get(server, f"/debates/{DEBATE}/map.svg?party=nobody")
    assert image.status_code == 404 and image.headers["content-type"].startswith("text/plain")


def test_pages_detail_fragment_is_a_fragment_and_page_is_whole(server: Server) -> None:
    fragment = get(server, f"/debates/{DEBATE}/nodes/{CENTRAL}/detail?party=wong")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and f'data-key="{CENTRAL}"' in fragment.text
    assert "data-cruxes-src=" in fragment.text  # cruxes follow in their own request
    cruxes = get(server, f"/debates/{DEBATE}/nodes/{CENTRAL}/cruxes?party=wong")
    assert cruxes.status_code == 200 and 'class="cruxes-section"' in cruxes.text
    page = get(server, f"/debates/{DEBATE}/nodes/{CENTRAL}?party=wong")
    assert "<html" in page.text and "<h1" in page.text and 'class="cruxes-section"' in page.text


def test_pages_position_with_nothing_accepted_leaves_no_claim_standing(server: Server) -> None:
    page = get(server, f"/debates/{DEBATE}?position=1&party=wong")
    assert page.status_code == 200
    assert 'class="node claim label-in"' not in page.text
    assert f'id="node-{CENTRAL}" class="node claim label-out silent"' in page.text  # unsupported


def test_pages_position_post_redirects_to_a_short_code(server: Server) -> None:
    posted = httpx.post(
        server.url(f"/debates/{DEBATE}/position"), timeout=60,
        data={"from": "wong", f"i.{CENTRAL}": "accepted", "i.edge:no-such": "unstated"},
    )
    assert posted.status_code == 422  # an unknown item changes nothing
    posted = httpx.post(server.url(f"/debates/{DEBATE}/position"), timeout=60,
                        data={"from": "wong", f"i.{CENTRAL}": "accepted"})
    assert posted.status_code == 303
    target = posted.headers["location"]
    assert "pos=" in target and "from=wong" in target and len(target) < 300
    page = get(server, target.split("#")[0])
    assert f'id="node-{CENTRAL}" class="node claim label-in"' in page.text  # conceded


def test_pages_search_matches_every_word(server: Server) -> None:
    page = get(server, "/search?q=independent+china")
    assert page.status_code == 200
    assert f'href="/debates/{DEBATE}/nodes/{CENTRAL}"' in page.text
    none = get(server, "/search?q=zzzzqqq")
    assert "0 results" in none.text


def test_pages_compare_form_for_three_parties(server: Server) -> None:
    page = get(server, f"/debates/{SAMPLE}")
    assert 'class="compare-form"' in page.text and 'value="observer"' in page.text
    compared = get(server, f"/debates/{SAMPLE}?first=wong&second=observer")
    assert compared.status_code == 200
    assert "Ka Ho Wong (left) and An observer (right) compared" in compared.text
    # the undercutter is drawn onto the edge it attacks
    assert 'id="via-s-trade"' in compared.text and 'data-edge="u-trade"' in compared.text


def test_pages_detail_says_what_would_change_each_verdict(server: Server) -> None:
    fragment = get(server, f"/debates/{DEBATE}/nodes/{CENTRAL}/detail?party=wong")
    assert "What would change it" in fragment.text
    assert "This stands for Ka Ho Wong; it would fall if Ka Ho Wong made any one of" \
        in fragment.text
    assert "This does not stand for The Asan Forum editors; it would stand if" in fragment.text
