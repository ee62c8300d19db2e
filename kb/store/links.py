"""Store methods for links across debates, their history, and propositions.

Links live outside the debates' states (table ``link``), with a history of their own
(table ``link_revision``: one record per creation and per deletion, kept after the link is
gone). A link's ends name a debate and a node key; a link is **active** while both nodes
exist, and reads show active links only, so a revert that removes a node hides its links,
and a revert that brings the node back shows them again. Deleting a debate deletes its
links (their history stays).

Examples
--------
>>> from kb.store.examples import demo_store
>>> from kb.links import LinkCreate
>>> store = demo_store()
>>> link = store.add_link(LinkCreate.model_validate({
...     "source": {"debate": "demo", "node": "c1"}, "target": {"debate": "demo", "node": "e1"},
...     "relation": "same-as"}), actor="ann")
>>> link.id, link.proposition, link.revision
(1, 1, 1)
>>> [n for n in store.proposition_members(1)]
[('demo', 'c1'), ('demo', 'e1')]
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, true, tuple_
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from kb.auth import Actor, Role
from kb.errors import ConflictError, InvalidInputError, NotFoundError, StaleError
from kb.links import LinkCreate, LinkEnd, LinkPublic, LinkRelation, LinkRevisionPublic
from kb.links import members as group_members
from kb.links import propositions as group_ids
from kb.models import Debate, Link, LinkRevision, Node, Source, row_id
from kb.store.core import StoreBase
from kb.store.reads import check_limit

_SOURCE = aliased(Debate, name="source_debate")
_TARGET = aliased(Debate, name="target_debate")
_BATCH = 200
"""Link ends looked up per query while a group is gathered."""
_ANYONE = Actor("store", Role.ADMIN)
"""Reads back what the store itself just wrote, whoever the caller."""


def _active() -> ColumnElement[bool]:
    """Both ends of the link exist as nodes."""
    def end(debate: Any, key: Any) -> ColumnElement[bool]:
        return exists().where(col(Node.debate_id) == debate, col(Node.key) == key)
    return and_(end(Link.source_debate_id, Link.source_node),
                end(Link.target_debate_id, Link.target_node))


def _state(link: Link, source: str, target: str) -> dict[str, Any]:
    return {"source": {"debate": source, "node": link.source_node},
            "target": {"debate": target, "node": link.target_node},
            "relation": link.relation, "note": link.note, "citations": list(link.citations)}


class LinkMethods(StoreBase):
    """Links, their history, and propositions (see the module docstring)."""

    def _link_rows(self, session: Session, *where: Any) -> list[tuple[Link, str, str]]:
        stmt = (select(Link, _SOURCE.slug, _TARGET.slug)
                .join(_SOURCE, col(_SOURCE.id) == col(Link.source_debate_id))
                .join(_TARGET, col(_TARGET.id) == col(Link.target_debate_id))
                .where(_active(), *where).order_by(col(Link.id)))
        return [(link, s, t) for link, s, t in session.exec(stmt)]

    def _same_as(self, session: Session,
                 ends: set[tuple[int, str]]) -> list[tuple[int, tuple[int, str], tuple[int, str]]]:
        """The active same-as links of the groups that hold any of `ends` (whole groups:
        the links touching the ends, then those touching their other ends, and so on), so
        the work is that of the groups asked about, not of every link."""
        c = Link.__table__.c  # type: ignore[attr-defined]
        found: dict[int, tuple[int, tuple[int, str], tuple[int, str]]] = {}
        seen, frontier = set(ends), list(ends)
        while frontier:
            batch, frontier = frontier[:_BATCH], frontier[_BATCH:]
            rows = session.execute(
                sa_select(c.id, c.source_debate_id, c.source_node, c.target_debate_id,
                          c.target_node)
                .where(c.relation == LinkRelation.SAME_AS.value, _active(),
                       or_(tuple_(c.source_debate_id, c.source_node).in_(batch),
                           tuple_(c.target_debate_id, c.target_node).in_(batch))))
            for ident, sd, sn, td, tn in rows:
                found[ident] = (ident, (sd, sn), (td, tn))
                for end in ((sd, sn), (td, tn)):
                    if end not in seen:
                        seen.add(end)
                        frontier.append(end)
        return sorted(found.values())

    def _public_links(self, session: Session,
                      found: list[tuple[Link, str, str]]) -> list[LinkPublic]:
        ends = {end for link, _, _ in found if link.relation == LinkRelation.SAME_AS.value
                for end in ((link.source_debate_id, link.source_node),
                            (link.target_debate_id, link.target_node))}
        groups = group_ids(self._same_as(session, ends)) if ends else {}
        return [LinkPublic(id=row_id(link), revision=link.revision, created_by=link.created_by,
                           created_at=link.created_at, proposition=groups.get(row_id(link)),
                           **_state(link, s, t)) for link, s, t in found]

    # Reads ------------------------------------------------------------------------------

    def find_link(self, ident: int, *, actor: Actor | None = None) -> LinkPublic | None:
        """Return active link `ident` if `actor` may read both its debates, else None."""
        with self.reading() as session:
            found = self._link_rows(session, col(Link.id) == ident,
                                    _visible(actor, _SOURCE), _visible(actor, _TARGET))
            return self._public_links(session, found)[0] if found else None

    def get_link(self, ident: int, *, actor: Actor | None = None) -> LinkPublic:
        """Return link `ident`; NotFoundError if absent, inactive or not readable."""
        found = self.find_link(ident, actor=actor)
        if found is None:
            raise NotFoundError(f"no link {ident}; GET /api/links?debate=SLUG lists a debate's "
                                "links")
        return found

    def list_links(self, *, debate: str | None = None, actor: Actor | None = None,
                   limit: int | None = None, offset: int = 0) -> tuple[list[LinkPublic], int]:
        """Return one page of the active links (with an end in `debate`), and their total."""
        limit = check_limit(limit, offset)
        with self.reading() as session:
            where: list[Any] = [_visible(actor, _SOURCE), _visible(actor, _TARGET)]
            if debate is not None:
                row = self._debate_row(session, debate)
                where.append(or_(col(Link.source_debate_id) == row.id,
                                 col(Link.target_debate_id) == row.id))
            found = self._link_rows(session, *where)
            end = None if limit is None else offset + limit
            return self._public_links(session, found[offset:end]), len(found)

    def links_of(self, slug: str, key: str | None = None, *,
                 actor: Actor | None = None) -> list[LinkPublic]:
        """Return every active link with an end in debate `slug` (at node `key`, if given)."""
        found, _ = self.list_links(debate=slug, actor=actor, limit=None)
        if key is None:
            return found
        return [link for link in found
                if LinkEnd(debate=slug, node=key) in (link.source, link.target)]

    def find_link_between(self, source: LinkEnd, target: LinkEnd) -> LinkPublic | None:
        """Return the active link joining two nodes (either way round), or None."""
        with self.reading() as session:
            found = self._link_rows(session, or_(
                and_(col(_SOURCE.slug) == source.debate, col(Link.source_node) == source.node,
                     col(_TARGET.slug) == target.debate, col(Link.target_node) == target.node),
                and_(col(_SOURCE.slug) == target.debate, col(Link.source_node) == target.node,
                     col(_TARGET.slug) == source.debate, col(Link.target_node) == source.node)))
            return self._public_links(session, found)[0] if found else None

    def list_link_revisions(self, ident: int) -> list[LinkRevisionPublic]:
        """Return the history of link `ident` (creation, then deletion), oldest first."""
        with self.reading() as session:
            found = session.exec(select(LinkRevision).where(col(LinkRevision.link_id) == ident)
                                 .order_by(col(LinkRevision.id)))
            records = [LinkRevisionPublic(link=r.link_id, author=r.author, kind=r.kind,
                                          created_at=r.created_at, before=r.before, after=r.after)
                       for r in found]
        if not records:
            raise NotFoundError(f"no link {ident} was ever made")
        return records

    def proposition_members(self, proposition: int) -> list[tuple[str, str]]:
        """Return the (debate slug, node key) of proposition `proposition`, sorted.

        NotFoundError when no same-as group has that id.
        """
        with self.reading() as session:
            first = session.get(Link, proposition)
            ends = set() if first is None else {(first.source_debate_id, first.source_node)}
            found = group_members(self._same_as(session, ends), proposition)
            ids = [d for d, _ in found]
            slugs: dict[Any, str] = dict(session.execute(
                sa_select(col(Debate.id), col(Debate.slug)).where(col(Debate.id).in_(ids))
            ).tuples().all())
        if not found:
            raise NotFoundError(f"no proposition {proposition}; a proposition's id is that of "
                                "the smallest same-as link of its group")
        return sorted((slugs[d], key) for d, key in found)

    # Writes -----------------------------------------------------------------------------

    def add_link(self, data: LinkCreate, *, actor: str) -> LinkPublic:
        """Link two nodes (who may is the caller's check: editors of both debates).

        NotFoundError for a missing debate or node, InvalidInputError for a node linked
        to itself or a citation naming no source of either debate, ConflictError when the
        two nodes are linked already (either way round).
        """
        if data.source == data.target:
            raise InvalidInputError("a link joins two different nodes; source and target are "
                                    "the same")
        def work() -> int:
            with self.writing() as session:
                ends = [self._end(session, end) for end in (data.source, data.target)]
                self._check_citations(session, data, [d for d, _ in ends])
                (sd, sn), (td, tn) = ends
                taken = session.exec(select(func.count()).select_from(Link).where(or_(
                    and_(col(Link.source_debate_id) == sd, col(Link.source_node) == sn,
                         col(Link.target_debate_id) == td, col(Link.target_node) == tn),
                    and_(col(Link.source_debate_id) == td, col(Link.source_node) == tn,
                         col(Link.target_debate_id) == sd, col(Link.target_node) == sn)))).one()
                if taken:
                    raise ConflictError(
                        f"{data.source.debate}/{data.source.node} and {data.target.debate}/"
                        f"{data.target.node} are linked already; delete that link first")
                link = Link(source_debate_id=sd, source_node=sn, target_debate_id=td,
                            target_node=tn, relation=data.relation.value, note=data.note,
                            citations=[c.model_dump() for c in data.citations],
                            created_by=actor)
                session.add(link)
                session.flush()
                session.add(LinkRevision(link_id=row_id(link), author=actor, kind="create",
                                         before=None, after=_state(link, data.source.debate,
                                                                   data.target.debate)))
                return row_id(link)

        ident: int = self._retrying(work)
        return self.get_link(ident, actor=_ANYONE)

    def delete_link(self, ident: int, *, actor: str, expected: int | None = None) -> None:
        """Delete link `ident` (`expected`: its revision, else StaleError)."""

        def work() -> None:
            with self.writing() as session:
                found = self._link_rows(session, col(Link.id) == ident)
                if not found:
                    raise NotFoundError(f"no link {ident}")
                link, source, target = found[0]
                if expected is not None and link.revision != expected:
                    raise StaleError(f"link {ident} is at revision {link.revision}, not "
                                     f"{expected}; reload it and try again")
                session.add(LinkRevision(link_id=ident, author=actor, kind="delete",
                                         before=_state(link, source, target), after=None))
                session.delete(link)

        self._retrying(work)

    def _end(self, session: Session, end: LinkEnd) -> tuple[int, str]:
        debate = self._debate_row(session, end.debate)
        node = session.exec(select(func.count()).select_from(Node).where(
            col(Node.debate_id) == debate.id, col(Node.key) == end.node)).one()
        if not node:
            raise NotFoundError(f"debate '{end.debate}' has no node '{end.node}'")
        return row_id(debate), end.node

    def _check_citations(self, session: Session, data: LinkCreate, debates: list[int]) -> None:
        keys = set(session.exec(select(Source.key).where(col(Source.debate_id).in_(debates))))
        for citation in data.citations:
            if citation.source not in keys:
                raise InvalidInputError(
                    f"citation source '{citation.source}' is no source of "
                    f"'{data.source.debate}' or '{data.target.debate}'")


def _visible(actor: Actor | None, debate: Any) -> ColumnElement[bool]:
    """The rows of `debate` (an alias of Debate) that `actor` may read."""
    if actor is not None and (actor.is_admin or actor.global_editor):
        return true()
    visible: ColumnElement[bool] = debate.public.is_(True)
    if actor is not None and actor.editor_of:
        visible = or_(visible, debate.slug.in_(sorted(actor.editor_of)))
    return visible
