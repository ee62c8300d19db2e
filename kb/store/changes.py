"""The one write path of the store: a change of one debate is one transaction.

:func:`change` locks the debate (bumping its revision by compare-and-swap), checks the
caller's ``expected`` revision, builds the new state, validates it, writes only the rows
that differ and records a Revision (author, time, kind, each touched item before and after).
A change that changes nothing records nothing. :func:`create` writes a new debate as
revision 1; :func:`state_at` rebuilds an earlier state from the Revision records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from kb.doc import EDGE_ITEM_PREFIX, KEY_RE, DebateDoc
from kb.errors import ConflictError, InvalidInputError, NotFoundError, StaleError
from kb.models import Debate, DebateRole, Revision, row_id, utcnow
from kb.store import rows
from kb.store.database import Database, no_debate
from kb.store.draft import Draft
from kb.store.notes import noted_message
from kb.store.state import (
    Changes,
    State,
    apply_changes,
    doc_to_state,
    item_id,
    split_id,
    split_stance,
    state_to_doc,
)
from kb.validation import validate_doc

Mutation = Callable[[State], State]
"""Current state -> new state; raises an ArgmapError to refuse the change."""


@dataclass(frozen=True)
class Change:
    """What one write did: the debate's revision after it, the items it read and wrote
    (``draft.get(ident)``, ``draft.revisions``), and each written item before and after."""

    slug: str
    revision: int
    draft: Draft | None
    changed: bool
    before: Changes = field(default_factory=dict)
    after: Changes = field(default_factory=dict)
    debate_id: int = 0
    born: datetime | None = None
    """The debate's identity: its id and creation time."""

    def state_of(self, ident: str) -> Any:
        """The state of item `ident` after the change."""
        return self.after[ident] if ident in self.after else (
            self.draft.get(ident) if self.draft is not None else None)

    def revision_of(self, ident: str) -> int:
        """The revision (ETag) of item `ident` after the change."""
        if ident in self.after:
            return self.revision
        return self.draft.revisions[ident] if self.draft is not None else self.revision


def subject(slug: str, target: str) -> str:
    """Name an item of a debate for messages: ``node c1 of debate 'demo'``.

    >>> subject("demo", "acceptance:ann")
    "the acceptance of party ann in debate 'demo'"
    """
    kind, _, key = target.partition(":")
    if kind == "debate":
        return f"debate '{slug}'"
    if kind == "acceptance":
        return f"the acceptance of party {key} in debate '{slug}'"
    return f"{kind} {key} of debate '{slug}'"


def _check_expected(slug: str, revisions: dict[str, int], target: str,
                    expected: int | None) -> None:
    if expected is None:
        return
    current = revisions.get(target)
    if current is None:
        what, _, key = target.partition(":")
        what = "party" if what == "acceptance" else what
        raise NotFoundError(f"debate '{slug}' has no {what} '{key}'")
    if current != expected:
        raise StaleError(f"{subject(slug, target)} is at revision {current}, not {expected}; "
                         "reload it and apply your change again")


def _lock(session: Session, slug: str) -> Debate:
    """Bump the revision of debate `slug` (which locks it) and return its row."""
    bumped = session.execute(update(Debate).where(col(Debate.slug) == slug)
                             .values(revision=Debate.revision + 1, updated_at=utcnow()))
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        raise no_debate(slug)
    return Database.debate_row(session, slug)


Edit = Callable[[Draft], None]
"""Reads what it needs from the draft and puts the change into it; raises to refuse."""


def whole(mutate: Mutation) -> Edit:
    """An edit that reads the whole debate: for changes that may touch anything."""

    def edit(draft: Draft) -> None:
        draft.replace_all(mutate(draft.load_all()))

    return edit


def _location(ident: str) -> str:
    """The validation location of an item id: ``node:c1`` -> ``nodes.c1``."""
    kind, key = split_id(ident)
    if kind == "stance":
        party, item = split_stance(ident)
        return f"acceptance.{party}.{item}"
    return {"source": "sources", "party": "parties", "node": "nodes",
            "edge": "edges"}.get(kind, kind) + "." + key


def _references(draft: Draft, ident: str, value: Any) -> list[str]:
    """The ids of the items `value` refers to (an undercutter's whole chain of targets)."""
    kind = split_id(ident)[0]
    found = [item_id("source", c["source"]) for c in value.get("citations", ())
             ] if isinstance(value, dict) else []
    if isinstance(value, dict):
        found += [item_id("party", p) for p in value.get("asserted_by", ())]
    if kind == "edge":
        found += [item_id("node", k) for k in (value["source"], value["target"]) if k]
        target, seen = value["target_edge"], {split_id(ident)[1]}
        while target is not None and target not in seen:
            seen.add(target)
            found.append(item_id("edge", target))
            aimed = draft.get(item_id("edge", target))
            target = aimed["target_edge"] if aimed is not None else None
    elif kind == "stance":
        party, item = split_stance(ident)
        found.append(item_id("party", party))
        if item.startswith(EDGE_ITEM_PREFIX):
            found.append(item_id("edge", item[len(EDGE_ITEM_PREFIX):]))
        else:  # and the edge of that key, for the hint that names its prefix
            found += [item_id("node", item), item_id("edge", item)]
    return found


def validate(slug: str, draft: Draft) -> None:
    """Validate the change in `draft`: the whole debate after a change that read it all,
    else only the written items, against the items they refer to."""
    if draft.full:
        validate_doc(state_to_doc(slug, draft.load_all()))
        return
    written = {i: v for i, v in draft.new.items() if v is not None and i != "debate"}
    referred = [r for i, v in written.items() for r in _references(draft, i, v)]
    draft.load(referred)
    part = {"debate": draft.get("debate")}
    for ident in [*written, *referred]:
        value = draft.get(ident)
        if value is not None:
            part[ident] = value
    only = [_location(i) for i in written]
    if "debate" in draft.new:
        only += ["slug", "title"]
    validate_doc(state_to_doc(slug, part), only=only)


def change(database: Database, slug: str, edit: Edit, *, actor: str, kind: str,
           summary: str | Callable[[], str], expected: int | None = None,
           target: str = "debate") -> Change:
    """Apply `edit` to debate `slug` in one transaction.

    The debate row is locked first (its revision bumped), so every change of one debate
    is serialized, across workers and hosts. `expected`, when given, must equal the
    current revision of item `target` (``debate``, ``node:KEY``, ``acceptance:PARTY``...),
    else StaleError. The change is validated before anything is written; a change that
    changes nothing records no revision. `summary` may be a callable, called after `edit`
    (for what only `edit` decides, like an automatic edge key).
    """
    if not KEY_RE.match(slug):
        raise no_debate(slug)

    def work() -> Change:
        with database.writing() as session:
            debate = _lock(session, slug)
            new_revision = debate.revision
            draft = Draft(session, debate, new_revision - 1)
            if target != "debate":
                draft.load([item_id("party", split_id(target)[1])
                            if target.startswith("acceptance:") else target])
            _check_expected(slug, draft.revisions, target, expected)
            edit(draft)
            validate(slug, draft)
            before, after = draft.changes()
            if not before:
                session.rollback()
                return Change(slug, new_revision - 1, draft, changed=False)
            rows.write(session, debate, before, after, new_revision)
            text = summary if isinstance(summary, str) else summary()
            session.add(Revision(debate_id=row_id(debate), number=new_revision, author=actor,
                                 kind=kind, summary=text, before=before, after=after,
                                 message=noted_message()))
            for ident, value in after.items():
                if value is not None:
                    draft.revisions[ident] = new_revision
            draft.revisions["debate"] = new_revision
            return Change(slug, new_revision, draft, changed=True, before=before,
                          after=after, debate_id=row_id(debate), born=debate.created_at)

    done = database.retrying(work)
    if done.changed:
        for listener in database.committed:
            listener(done)
    return done


def create(database: Database, doc: DebateDoc, *, actor: str, kind: str, summary: str,
           grant_user_id: int | None = None, progress: rows.Progress | None = None) -> Change:
    """Create debate `doc.slug` with its whole content as revision 1."""
    validate_doc(doc)
    state = doc_to_state(doc)

    def work() -> Change:
        with database.writing() as session:
            exists = session.exec(
                select(func.count()).select_from(Debate).where(col(Debate.slug) == doc.slug)
            ).one()
            if exists:
                raise ConflictError(
                    f"debate '{doc.slug}' already exists; choose another slug or replace it"
                )
            debate = Debate(slug=doc.slug, revision=1, **state["debate"])
            session.add(debate)
            session.flush()
            before = {ident: None for ident in state}
            rows.write(session, debate, before, dict(state), 1, progress=progress)
            session.add(Revision(debate_id=row_id(debate), number=1, author=actor, kind=kind,
                                 summary=summary, before=before, after=state,
                                 message=noted_message()))
            if grant_user_id is not None:
                session.add(DebateRole(debate_id=row_id(debate), user_id=grant_user_id))
            return Change(doc.slug, 1, None, changed=True, before=before, after=state)

    done = database.retrying(work)
    if len(state) >= ANALYZE_FROM and database.engine.dialect.name == "postgresql":
        # fresh statistics, so that the next single writes' plans use the indexes
        with database.engine.begin() as conn:
            for table in ("node", "edge", "acceptance", "party", "source"):
                conn.exec_driver_sql(f"ANALYZE {table}")
    return done


ANALYZE_FROM = 10_000
"""A debate created with this many items or more is followed by ``ANALYZE`` on PostgreSQL."""


def state_at(session: Session, debate: Debate, revision: int) -> State:
    """Rebuild the state of `debate` at `revision` from the Revision records."""
    if not 1 <= revision <= debate.revision:
        raise InvalidInputError(
            f"debate '{debate.slug}' has revisions 1 to {debate.revision}, not {revision}"
        )
    state, _ = rows.load(session, debate)
    later = session.exec(
        select(Revision).where(col(Revision.debate_id) == debate.id,
                               col(Revision.number) > revision)
        .order_by(col(Revision.number).desc())
    )
    for record in later:
        state = apply_changes(state, record.before)
    if "debate" not in state:
        raise NotFoundError(f"debate '{debate.slug}' did not exist at revision {revision}")
    return state
