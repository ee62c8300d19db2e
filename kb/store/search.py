"""Store methods for full-text search across debates, in each database's own engine.

SQLite: FTS5 (``node_fts``, ranked by ``bm25`` with the text weighted above the tags and
the key, snippets by ``snippet()``); PostgreSQL: ``node.search @@ to_tsquery`` on a GIN
index, ranked by ``ts_rank``, snippets by ``ts_headline``. Both index the text, tags and
key of every node, with English stemming; every word of the query must occur (as a
prefix). Filters: the debates `actor` may read, one debate, a kind, a tag; ties by debate
slug and node position. See :mod:`kb.store.fts` for how the index is kept current.

Examples
--------
>>> from kb.store.examples import demo_store
>>> hits, total = demo_store().search("claim")
>>> total, hits[0].key, hits[0].snippet
(1, 'c1', 'A \\x02claim\\x03.')
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from kb.auth import Actor
from kb.errors import InvalidInputError
from kb.search import START, STOP, SearchHit, fts5_query, terms, tsquery
from kb.store import fts  # noqa: F401  (creating the tables creates the index too)
from kb.store.core import StoreBase
from kb.store.reads import MAX_LIMIT, check_limit

MAX_SCAN = 2000
"""With a `keep` filter (a party's label), at most this many ranked matches are examined."""
SNIPPET_WORDS = 24

_SQLITE = """
SELECT d.slug, d.title, n.key, n.kind, n.text, n.tags, n.position,
       bm25(node_fts, 10.0, 4.0, 2.0) AS score{snippet}
FROM node_fts JOIN node n ON n.id = node_fts.rowid JOIN debate d ON d.id = n.debate_id
WHERE node_fts MATCH :query{filters}
"""
_SQLITE_SNIPPET = ", snippet(node_fts, 0, :start, :stop, '…', :words) AS snippet"
_PG = """
SELECT d.slug, d.title, n.key, n.kind, n.text, n.tags, n.position,
       -ts_rank(n.search, to_tsquery('english', :query)) AS score
FROM node n JOIN debate d ON d.id = n.debate_id
WHERE n.search @@ to_tsquery('english', :query){filters}
"""
_PG_SNIPPET = """
SELECT page.*, ts_headline('english', translate(page.text, '<>', :hidden),
                           to_tsquery('english', :query), :options)
       AS snippet FROM ({inner}) AS page ORDER BY page.score, page.slug, page.position
"""
_ORDER = " ORDER BY score, d.slug, n.position"
_HIDDEN = "\ue000\ue001"
_SHOWN = str.maketrans(_HIDDEN, "<>")


def _filters(dialect: str, actor: Actor | None, debate: str | None, kind: str | None,
             tag: str | None) -> tuple[str, dict[str, Any]]:
    sql: list[str] = []
    params: dict[str, Any] = {}
    if actor is None or not (actor.is_admin or actor.global_editor):
        editable = sorted(actor.editor_of) if actor is not None else []
        names = [f":ed{i}" for i in range(len(editable))]
        params.update({f"ed{i}": slug for i, slug in enumerate(editable)})
        mine = f" OR d.slug IN ({', '.join(names)})" if names else ""
        sql.append(f"(d.public = :yes{mine})")
        params["yes"] = True
    if debate is not None:
        sql.append("d.slug = :debate")
        params["debate"] = debate
    if kind is not None:
        sql.append("n.kind = :kind")
        params["kind"] = kind
    if tag is not None:
        if dialect == "sqlite":
            sql.append("EXISTS (SELECT 1 FROM json_each(n.tags) WHERE json_each.value = :tag)")
            params["tag"] = tag
        else:
            sql.append("CAST(n.tags AS jsonb) @> CAST(:tag AS jsonb)")
            params["tag"] = json.dumps([tag])
    return "".join(f" AND {part}" for part in sql), params


class SearchMethods(StoreBase):
    """Full-text search over the nodes of every debate (see the module docstring)."""

    def search(self, query: str, *, actor: Actor | None = None, debate: str | None = None,
               kind: str | None = None, tag: str | None = None, limit: int | None = 50,
               offset: int = 0,
               keep: Callable[[SearchHit], bool] | None = None) -> tuple[list[SearchHit], int]:
        """Return one page of the nodes matching every word of `query`, best first, and
        how many match in all.

        `keep`, when given, is applied to the ranked matches (at most MAX_SCAN of them)
        before the page is cut; the total then counts the kept ones. InvalidInputError
        for a query without words or a kind other than claim and evidence.
        """
        limit = check_limit(limit, offset) or MAX_LIMIT
        if kind not in (None, "claim", "evidence"):
            raise InvalidInputError(f"kind must be claim or evidence, not '{kind}'")
        words = terms(query)
        dialect = self.engine.dialect.name
        filters, params = _filters(dialect, actor, debate, kind, tag)
        params["query"] = fts5_query(words) if dialect == "sqlite" else tsquery(words)
        with self.reading() as session:
            if keep is not None:
                found = self._rows(session, dialect, filters, params, MAX_SCAN, 0, snippets=True)
                kept = [hit for hit in found if keep(hit)]
                return kept[offset:offset + limit], len(kept)
            page = self._rows(session, dialect, filters, params, limit, offset, snippets=True)
            if offset == 0 and len(page) < limit:
                return page, len(page)
            base = (_SQLITE if dialect == "sqlite" else _PG).format(snippet="", filters=filters)
            total = session.execute(text(f"SELECT count(*) FROM ({base}) AS matches"),
                                    params).scalar_one()
            return page, int(total)

    def _rows(self, session: Any, dialect: str, filters: str, params: dict[str, Any],
              limit: int, offset: int, *, snippets: bool) -> list[SearchHit]:
        window = dict(params, limit=limit, offset=offset)
        if dialect == "sqlite":
            sql = _SQLITE.format(snippet=_SQLITE_SNIPPET, filters=filters)
            window.update(start=START, stop=STOP, words=SNIPPET_WORDS)
            sql += _ORDER + " LIMIT :limit OFFSET :offset"
        else:
            inner = _PG.format(filters=filters) + _ORDER + " LIMIT :limit OFFSET :offset"
            sql = _PG_SNIPPET.format(inner=inner)
            # ts_headline's parser drops what looks like an HTML tag: hide < and > from it.
            window["hidden"] = _HIDDEN
            window["options"] = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15"
        found = session.execute(text(sql), window).mappings()
        return [SearchHit(debate=r["slug"], debate_title=r["title"], key=r["key"],
                          kind=r["kind"], text=r["text"], tags=_tags(r["tags"]),
                          snippet=(r["snippet"] or r["text"]).translate(_SHOWN),
                          score=-float(r["score"] or 0.0))
                for r in found]


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return [str(tag) for tag in value or []]
