"""Store methods for full-text search across debates, in each database's own engine.

SQLite: FTS5 (``node_fts``, ranked by ``bm25`` with the text weighted above the tags and
the key, snippets by ``snippet()``); PostgreSQL: ``node.search @@ to_tsquery`` on a GIN
index, ranked by ``ts_rank``, snippets by ``ts_headline``. Both index the text, tags and
key of every node, with English stemming; every word of the query must occur (as a
prefix). Filters: the debates `actor` may read, one debate, a kind, a tag; ties by debate
slug and node position. See :mod:`kb.store.fts` for how the index is kept current.

Every search is bounded: it considers at most :data:`WINDOW` matches, the most recently
written ones (highest node id first), ranks them and cuts the page; when more match,
``Found.more`` is true and the total counts only those considered. Snippets are made for
the page alone. So a word found in every node costs what a rare one does.

Examples
--------
>>> from kb.store.examples import demo_store
>>> found = demo_store().search("claim")
>>> found.total, found.hits[0].key, found.hits[0].snippet, found.more
(1, 'c1', 'A \\x02claim\\x03.', False)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from sqlalchemy import bindparam, text

from kb.auth import Actor
from kb.errors import InvalidInputError
from kb.search import START, STOP, SearchHit, fts5_query, terms, tsquery
from kb.store import fts  # noqa: F401  (creating the tables creates the index too)
from kb.store.core import StoreBase
from kb.store.reads import MAX_LIMIT, check_limit

WINDOW = 2000
"""At most this many matches (the most recently written) are ranked, filtered and counted."""
SNIPPET_WORDS = 24

_SQLITE_WINDOW = """
SELECT n.id, d.slug, n.key, n.position, bm25(node_fts, 10.0, 4.0, 2.0) AS score
FROM node_fts JOIN node n ON n.id = node_fts.rowid JOIN debate d ON d.id = n.debate_id
WHERE node_fts MATCH :query{filters}
ORDER BY node_fts.rowid DESC LIMIT :window
"""
_SQLITE_PAGE = """
SELECT n.id, d.title, n.kind, n.text, n.tags,
       snippet(node_fts, 0, :start, :stop, '…', :words) AS snippet
FROM node_fts JOIN node n ON n.id = node_fts.rowid JOIN debate d ON d.id = n.debate_id
WHERE node_fts MATCH :query AND node_fts.rowid BETWEEN :low AND :high AND n.id IN :ids
"""
_PG_WINDOW = """
SELECT page.id, page.slug, page.key, page.position,
       -ts_rank(page.search, to_tsquery('english', :query)) AS score FROM (
  SELECT n.id, d.slug, n.key, n.position, n.search
  FROM node n JOIN debate d ON d.id = n.debate_id
  WHERE n.search @@ to_tsquery('english', :query){filters}
  ORDER BY n.id DESC LIMIT :window) AS page
"""
_PG_PAGE = """
SELECT n.id, d.title, n.kind, n.text, n.tags,
       ts_headline('english', translate(n.text, '<>', :hidden),
                   to_tsquery('english', :query), :options) AS snippet
FROM node n JOIN debate d ON d.id = n.debate_id WHERE n.id IN :ids
"""
_HIDDEN = "\ue000\ue001"
_SHOWN = str.maketrans(_HIDDEN, "<>")


class Found(NamedTuple):
    """One page of search hits, how many of the considered matches there are, and whether
    more nodes match than the search considered (see :data:`WINDOW`)."""

    hits: list[SearchHit]
    total: int
    more: bool


class _Match(NamedTuple):
    id: int
    debate: str
    key: str
    position: int
    score: float


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
        if dialect == "sqlite":  # FTS5 reads only the rowid range of the debate's nodes
            sql.append("node_fts.rowid BETWEEN "
                       "(SELECT min(m.id) FROM node m JOIN debate e ON e.id = m.debate_id "
                       "WHERE e.slug = :debate) AND "
                       "(SELECT max(m.id) FROM node m JOIN debate e ON e.id = m.debate_id "
                       "WHERE e.slug = :debate)")
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
               offset: int = 0, keep: Callable[[SearchHit], bool] | None = None) -> Found:
        """Return one page of the nodes matching every word of `query`, best first.

        `keep`, when given, is applied to the considered matches before the page is cut;
        the total then counts the kept ones. InvalidInputError for a query without words
        or a kind other than claim and evidence.
        """
        limit = check_limit(limit, offset) or MAX_LIMIT
        if kind not in (None, "claim", "evidence"):
            raise InvalidInputError(f"kind must be claim or evidence, not '{kind}'")
        words = terms(query)
        dialect = self.engine.dialect.name
        filters, params = _filters(dialect, actor, debate, kind, tag)
        params["query"] = fts5_query(words) if dialect == "sqlite" else tsquery(words)
        with self.reading() as session:
            matches = _window(session, dialect, filters, params)
            more = len(matches) == WINDOW
            if keep is not None:
                matches = [m for m in matches if keep(_bare(m))]
            page = matches[offset:offset + limit]
            return Found(_details(session, dialect, params["query"], page), len(matches), more)


def _window(session: Any, dialect: str, filters: str,
            params: dict[str, Any]) -> list[_Match]:
    """The considered matches, best first (ties by debate slug and node position)."""
    sql = (_SQLITE_WINDOW if dialect == "sqlite" else _PG_WINDOW).format(filters=filters)
    rows = session.execute(text(sql), dict(params, window=WINDOW)).all()
    found = [_Match(i, slug, key, at, -float(score or 0.0)) for i, slug, key, at, score in rows]
    return sorted(found, key=lambda m: (-m.score, m.debate, m.position))


def _bare(match: _Match) -> SearchHit:
    """A hit with what `keep` may look at (its debate and key) before the page is read."""
    return SearchHit(debate=match.debate, debate_title="", key=match.key, kind="", text="",
                     score=match.score)


def _details(session: Any, dialect: str, query: str, page: list[_Match]) -> list[SearchHit]:
    """The page's hits with their text, tags and snippet, in the page's order."""
    if not page:
        return []
    ids = [m.id for m in page]
    params: dict[str, Any] = {"query": query, "ids": ids}
    if dialect == "sqlite":
        sql = _SQLITE_PAGE
        params.update(start=START, stop=STOP, words=SNIPPET_WORDS, low=min(ids), high=max(ids))
    else:
        sql = _PG_PAGE
        # ts_headline's parser drops what looks like an HTML tag: hide < and > from it.
        params["hidden"] = _HIDDEN
        params["options"] = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15"
    rows = {r.id: r for r in session.execute(
        text(sql).bindparams(bindparam("ids", expanding=True)), params)}
    return [SearchHit(debate=m.debate, debate_title=rows[m.id].title, key=m.key,
                      kind=rows[m.id].kind, text=rows[m.id].text, tags=_tags(rows[m.id].tags),
                      snippet=(rows[m.id].snippet or rows[m.id].text).translate(_SHOWN),
                      score=m.score)
            for m in page]


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return [str(tag) for tag in value or []]
