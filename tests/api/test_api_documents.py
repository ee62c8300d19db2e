"""Documents over HTTP, on SQLite and PostgreSQL: rights, If-Match, refusals, exact bytes,
passage numbering, passages in node JSON, and the citation warnings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.doc import Citation, DebateDoc, NodeDoc, NodeKind, SourceDoc
from kb.documents import MAX_DOCUMENT_BYTES
from kb.store import Store
from tests.api.helpers import assert_problem

TEXT = ("The Minutes of March\n"
        "\n"
        "The council met at six.\r\n"
        "   \n"
        "It voted to rebuild the bridge[1].\n"
        "1. Vote of 12 March, item 4.\n"
        "2. Two members abstained.\n"
        "Now Reading: the April minutes\n")
MARKDOWN = ("# Survey\n\nThe deck is *poor*[^1].\nIt needs work.\n\n```\ncode\n\nblock\n```\n\n"
            "[^1]: Rated in 2023.\n[^method]: An old method.\n")


def _doc(slug: str, *, public: bool = True) -> DebateDoc:
    return DebateDoc(
        slug=slug, title="Bridge", public=public,
        sources=(SourceDoc("minutes", "Council minutes, March", kind="text"),
                 SourceDoc("survey", "Bridge survey")),
        nodes=(NodeDoc("c1", NodeKind.CLAIM, "The council chose to rebuild.",
                       citations=(Citation("minutes", "¶3"), Citation("minutes", "fn2"),
                                  Citation("minutes", "¶40"), Citation("survey", "p. 4"))),
               NodeDoc("e1", NodeKind.EVIDENCE, "The vote was on 12 March.",
                       citations=(Citation("minutes", "fn1"),))),
    )


@dataclass
class Env:
    client: TestClient
    store: Store
    tokens: dict[str, str]

    def as_(self, who: str | None) -> dict[str, str]:
        return {} if who is None else {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def env(db_url: str) -> Iterator[Env]:
    app = create_app(db_url)
    store: Store = app.state.store
    store.import_doc(_doc("bridge"), actor="t")
    store.import_doc(_doc("secret", public=False), actor="t")
    tokens = {"admin": store.add_user("root", "admin")[1],
              "editor": store.add_user("ed", "editor", debates=["bridge", "secret"])[1],
              "other": store.add_user("oth", "editor", debates=["secret"])[1],
              "reader": store.add_user("rea", "reader")[1]}
    with TestClient(app) as client:
        yield Env(client, store, tokens)


def _put(env: Env, key: str = "minutes-text", who: str | None = "editor", *,
         slug: str = "bridge", text: str = TEXT, fmt: str = "text", source: str = "minutes",
         if_match: str | None = None):
    headers = env.as_(who)
    if if_match is not None:
        headers["If-Match"] = if_match
    return env.client.put(f"/api/debates/{slug}/documents/{key}", headers=headers,
                          json={"title": "Minutes", "text": text, "format": fmt,
                                "source": source})


def test_document_put_numbers_plain_text_and_keeps_bytes(env: Env) -> None:
    made = _put(env)
    assert made.status_code == 201, made.text
    assert made.headers["etag"] == '"1"'
    assert made.headers["location"] == "/api/debates/bridge/documents/minutes-text"
    body = made.json()
    assert {k: body[k] for k in ("key", "title", "format", "source")} == {
        "key": "minutes-text", "title": "Minutes", "format": "text", "source": "minutes"}
    assert body["passages"] == [
        {"locator": "¶1", "text": "The Minutes of March"},
        {"locator": "¶2", "text": "The council met at six."},
        {"locator": "¶3", "text": "It voted to rebuild the bridge[1]."},
        {"locator": "¶4", "text": "1. Vote of 12 March, item 4."},
        {"locator": "fn1", "text": "1. Vote of 12 March, item 4."},
        {"locator": "¶5", "text": "2. Two members abstained."},
        {"locator": "fn2", "text": "2. Two members abstained."},
        {"locator": "¶6", "text": "Now Reading: the April minutes"},
    ]
    assert env.client.get("/api/debates/bridge/documents/minutes-text").json() == body
    raw = env.client.get("/api/debates/bridge/documents/minutes-text/text")
    assert raw.status_code == 200
    assert raw.content == TEXT.encode("utf-8")
    assert raw.headers["content-type"] == "text/plain; charset=utf-8"


def test_document_raw_upload_keeps_exact_bytes_bom_and_crlf(env: Env) -> None:
    data = "\ufeffFirst line\r\n\r\nSecond – line\r\n".encode()
    made = env.client.put("/api/debates/bridge/documents/raw", content=data,
                          params={"title": "Raw", "source": "minutes"},
                          headers={**env.as_("editor"), "Content-Type": "text/plain"})
    assert made.status_code == 201, made.text
    assert [p["text"] for p in made.json()["passages"]] == ["First line", "Second – line"]
    assert env.client.get("/api/debates/bridge/documents/raw/text").content == data


def test_document_markdown_blocks_and_footnotes(env: Env) -> None:
    made = _put(env, "survey-md", text=MARKDOWN, fmt="markdown", source="survey")
    assert made.status_code == 201, made.text
    assert [(p["locator"], p["text"]) for p in made.json()["passages"]] == [
        ("¶1", "# Survey"),
        ("¶2", "The deck is *poor*[^1]. It needs work."),
        ("¶3", "``` code block ```"),
        ("¶4", "[^1]: Rated in 2023."), ("fn1", "[^1]: Rated in 2023."),
        ("¶5", "[^method]: An old method."), ("fnmethod", "[^method]: An old method."),
    ]
    raw = env.client.get("/api/debates/bridge/documents/survey-md/text")
    assert raw.headers["content-type"] == "text/markdown; charset=utf-8"


def test_document_one_passage_by_locator(env: Env) -> None:
    _put(env)
    url = "/api/debates/bridge/documents/minutes-text/passages/"
    assert env.client.get(url + quote("¶3")).json() == {
        "locator": "¶3", "text": "It voted to rebuild the bridge[1]."}
    assert env.client.get(url + "fn2").json()["text"] == "2. Two members abstained."
    assert_problem(env.client.get(url + quote("¶99")), 404, "not-found")
    assert_problem(env.client.get("/api/debates/bridge/documents/nope/passages/fn1"), 404)


def test_document_writes_need_an_editor_of_the_debate(env: Env) -> None:
    assert_problem(_put(env, who=None), 401)
    assert_problem(_put(env, who="reader"), 403)
    assert_problem(_put(env, who="other"), 403)
    assert _put(env, who="admin").status_code == 201
    assert env.client.get("/api/debates/bridge/documents").json()["total"] == 1
    assert_problem(env.client.delete("/api/debates/bridge/documents/minutes-text",
                                     headers={**env.as_("reader"), "If-Match": '"1"'}), 403)


def test_document_of_private_debate_is_hidden_from_others(env: Env) -> None:
    assert _put(env, slug="secret", who="other").status_code == 201
    for who in (None, "reader"):
        for path in ("", "/minutes-text", "/minutes-text/text",
                     "/minutes-text/passages/fn1"):
            answer = env.client.get(f"/api/debates/secret/documents{path}",
                                    headers=env.as_(who))
            assert_problem(answer, 404, "not-found")
        assert_problem(env.client.get("/api/debates/secret/problems",
                                      headers=env.as_(who)), 404)
    seen = env.client.get("/api/debates/secret/documents/minutes-text", headers=env.as_("other"))
    assert seen.status_code == 200


def test_document_replace_needs_if_match_and_delete_too(env: Env) -> None:
    assert _put(env).status_code == 201
    assert_problem(_put(env, text="New text."), 428, "precondition-required")
    assert_problem(_put(env, text="New text.", if_match='"7"'), 412, "stale")
    replaced = _put(env, text="New text.", if_match='"1"')
    assert replaced.status_code == 200, replaced.text
    assert replaced.headers["etag"] == '"2"'
    assert replaced.json()["passages"] == [{"locator": "¶1", "text": "New text."}]
    assert_problem(_put(env, "fresh", if_match='"1"'), 412)
    url = "/api/debates/bridge/documents/minutes-text"
    assert_problem(env.client.delete(url, headers=env.as_("editor")), 428)
    assert_problem(env.client.delete(url, headers={**env.as_("editor"), "If-Match": '"1"'}),
                   412)
    gone = env.client.delete(url, headers={**env.as_("editor"), "If-Match": '"2"'})
    assert gone.status_code == 204
    assert_problem(env.client.get(url), 404)


def test_document_refuses_large_non_utf8_and_unknown_source(env: Env) -> None:
    big = "x" * (MAX_DOCUMENT_BYTES + 1)
    assert_problem(_put(env, text=big), 413, "payload-too-large")
    latin1 = env.client.put("/api/debates/bridge/documents/l1", content="café\n".encode("latin-1"),
                            params={"title": "L", "source": "minutes"},
                            headers={**env.as_("editor"), "Content-Type": "text/plain"})
    body = assert_problem(latin1, 422, "invalid-input")
    assert "not UTF-8" in body["detail"]
    json_latin1 = env.client.put("/api/debates/bridge/documents/l2",
                                 content=b'{"title": "L", "text": "caf\xe9", "source": "minutes"}',
                                 headers={**env.as_("editor"),
                                          "Content-Type": "application/json"})
    assert "not UTF-8" in assert_problem(json_latin1, 422)["detail"]
    unknown = _put(env, source="nowhere")
    assert "no source 'nowhere'" in assert_problem(unknown, 422)["detail"]
    assert_problem(_put(env, fmt="pdf"), 422)
    assert env.client.get("/api/debates/bridge/documents").json()["items"] == []


def test_node_expand_passages_in_node_and_list(env: Env) -> None:
    plain = env.client.get("/api/debates/bridge/nodes/c1").json()
    assert all("passage" not in c for c in plain["citations"])
    before = env.client.get("/api/debates/bridge/nodes/c1", params={"expand": "passages"})
    assert [c["passage"] for c in before.json()["citations"]] == [None, None, None, None]
    _put(env)
    node = env.client.get("/api/debates/bridge/nodes/c1", params={"expand": "passages"})
    assert node.headers["etag"] == '"1"'
    assert [(c["locator"], c["passage"]) for c in node.json()["citations"]] == [
        ("¶3", "It voted to rebuild the bridge[1]."), ("fn2", "2. Two members abstained."),
        ("¶40", None), ("p. 4", None)]
    listed = env.client.get("/api/debates/bridge/nodes", params={"expand": "passages"}).json()
    assert listed["total"] == 2
    assert listed["items"][1]["citations"] == [
        {"source": "minutes", "locator": "fn1", "passage": "1. Vote of 12 March, item 4."}]
    assert_problem(env.client.get("/api/debates/bridge/nodes", params={"expand": "x"}), 422)


def test_problems_lists_citations_without_passage(env: Env) -> None:
    assert env.client.get("/api/debates/bridge/problems").json() == {
        "debate": "bridge", "warnings": []}
    _put(env)
    warnings = env.client.get("/api/debates/bridge/problems").json()["warnings"]
    assert [(w["item"], w["source"], w["locator"]) for w in warnings] == [
        ("node:c1", "minutes", "¶40")]
    assert "no passage ¶40 (¶1 to ¶6)" in warnings[0]["msg"]


def test_import_report_names_citations_without_passage(env: Env) -> None:
    _put(env)
    text = env.client.get("/api/debates/bridge/export", params={"format": "json"}).text
    current = env.client.get("/api/debates/bridge").headers["etag"]
    replaced = env.client.post("/api/import", params={"format": "json", "slug": "bridge",
                                                      "replace": "true"},
                               content=text, headers={**env.as_("admin"), "If-Match": current})
    assert replaced.status_code == 200, replaced.text
    assert any("¶40" in line for line in replaced.json()["report"])


def test_document_coverage_lists_uncited_paragraphs(env: Env) -> None:
    _put(env)
    coverage = env.client.get("/api/debates/bridge/documents/minutes-text/coverage").json()
    assert coverage["paragraphs"] == 6 and coverage["cited"] == 3
    assert [p["locator"] for p in coverage["uncited"]] == ["¶1", "¶2", "¶6"]
    assert coverage["citing"]["¶3"] == ["node:c1"]
    assert coverage["citing"]["¶4"] == ["node:e1"]  # through fn1
    assert coverage["citing"]["¶5"] == ["node:c1"]  # through fn2
    assert_problem(env.client.get("/api/debates/bridge/documents/nope/coverage"), 404)


def test_pages_show_cited_passage_document_and_coverage(env: Env) -> None:
    _put(env)
    detail = env.client.get("/debates/bridge/nodes/c1/detail")
    assert detail.status_code == 200, detail.text
    assert "It voted to rebuild the bridge[1]." in detail.text
    assert 'href="/debates/bridge/documents/minutes-text?highlight=%C2%B63#p3"' in detail.text
    page = env.client.get("/debates/bridge/documents/minutes-text",
                          params={"highlight": "¶3"})
    assert page.status_code == 200
    assert '<li id="p3" class="passage highlighted"' in page.text
    assert page.text.count("highlighted") == 1
    assert 'href="/debates/bridge/nodes/c1"' in page.text
    by_footnote = env.client.get("/debates/bridge/documents/minutes-text",
                                 params={"highlight": "fn1"})
    assert '<li id="p4" class="passage highlighted"' in by_footnote.text
    coverage = env.client.get("/debates/bridge/documents/minutes-text/coverage")
    assert "3 of 6 paragraphs" in coverage.text
    assert env.client.get("/debates/secret/documents/minutes-text").status_code == 404
    assert env.client.get("/debates/bridge/documents/nope").status_code == 404


def test_summary_exports_quote_cited_passages_as_footnotes(env: Env) -> None:
    plain = env.client.get("/api/debates/bridge/export", params={"format": "markdown"}).text
    assert "Quoted passages" not in plain
    _put(env)
    markdown = env.client.get("/api/debates/bridge/export", params={"format": "markdown"})
    assert markdown.status_code == 200
    text = markdown.text
    assert "- Cited: minutes ¶3[^q1]; minutes fn2[^q2]; minutes ¶40; survey p. 4" in text
    assert "[^q1]: minutes ¶3: “It voted to rebuild the bridge\\[1\\].”" in text
    html = env.client.get("/api/debates/bridge/export", params={"format": "html"}).text
    assert '<sup><a href="#q1">1</a></sup>' in html
    assert '<li id="q2">' in html and "Two members abstained." in html


def test_summary_page_quotes_cited_passages_like_the_html_export(env: Env) -> None:
    before = env.client.get("/debates/bridge/summary")
    assert before.status_code == 200, before.text
    assert "Quoted passages" not in before.text
    made = _put(env)
    page = env.client.get("/debates/bridge/summary")
    assert page.status_code == 200
    assert '<sup><a href="#q1">1</a></sup>' in page.text
    assert '<li id="q1">' in page.text and "It voted to rebuild the bridge[1]." in page.text
    assert '<li id="q2">' in page.text and "Two members abstained." in page.text
    export = env.client.get("/api/debates/bridge/export", params={"format": "html"}).text
    quoted = export.split('<section aria-labelledby="quoted">', 1)[1].split("</section>")[0]
    assert quoted in page.text
    # a changed document shows at once, though the debate's revision is the same
    changed = _put(env, text=TEXT.replace("Two members abstained.", "Nobody abstained."),
                    if_match=made.headers["ETag"])
    assert changed.status_code == 200, changed.text
    again = env.client.get("/debates/bridge/summary").text
    assert "Nobody abstained." in again and "Two members abstained." not in again
    assert env.client.get("/debates/secret/summary").status_code == 404


def test_openapi_declares_expand_passages_and_the_passage_field() -> None:
    spec = TestClient(create_app("sqlite://")).get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path, model in (("/api/debates/{slug}/nodes/{key}", "NodePassages"),
                        ("/api/debates/{slug}/nodes", "Page_NodePassages_")):
        operation = spec["paths"][path]["get"]
        expand = next(p for p in operation["parameters"] if p["name"] == "expand")
        assert expand["in"] == "query" and not expand["required"]
        assert "passages" in expand["description"]
        assert {"const": "passages", "type": "string"} in expand["schema"]["anyOf"]
        shown = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert {"$ref": f"#/components/schemas/{model}"} in shown["anyOf"]
    citation = schemas["NodePassages"]["properties"]["citations"]["items"]["$ref"]
    field = schemas[citation.rsplit("/", 1)[1]]["properties"]["passage"]
    assert {"type": "string"} in field["anyOf"] and {"type": "null"} in field["anyOf"]
