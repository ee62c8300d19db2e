"""The one write path of the store: a change of one debate is one transaction.

:func:`change` locks the debate (bumping its revision by compare-and-swap), checks the
caller's ``expected`` revision, builds the new state, validates it, writes only the rows
that differ and records a Revision (author, time, kind, each touched item before and after).
A change that changes nothing records nothing. :func:`create` writes a new debate as
revision 1; :func:`state_at` rebuilds an earlier state from the Revision records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from kb.doc import KEY_RE, DebateDoc
from kb.errors import ConflictError, InvalidInputError, NotFoundError, StaleError
from kb.models import Debate, DebateRole, Revision, row_id, utcnow
from kb.store import rows
from kb.store.database import Database, no_debate
from kb.store.state import State, apply_changes, diff, doc_to_state, state_to_doc
from kb.validation import validate_doc

Mutation = Callable[[State], State]
"""Current state -> new state; raises an ArgmapError to refuse the change."""


@dataclass(frozen=True)
class Change:
    """What one write did: the debate's revision after it and the resulting state."""

    slug: str
    revision: int
    state: State
    revisions: dict[str, int]
    changed: bool


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


def change(database: Database, slug: str, mutate: Mutation, *, actor: str, kind: str,
           summary: str | Callable[[], str], expected: int | None = None,
           target: str = "debate") -> Change:
    """Apply `mutate` to the state of debate `slug` in one transaction.

    The debate row is locked first (its revision bumped), so every change of one debate
    is serialized, across workers and hosts. `expected`, when given, must equal the
    current revision of item `target` (``debate``, ``node:KEY``...), else StaleError. The
    new state is validated before anything is written; a change that changes nothing
    records no revision. `summary` may be a callable, called after `mutate` (for what only
    `mutate` decides, like an automatic edge key).
    """
    if not KEY_RE.match(slug):
        raise NotFoundError(f"no debate {slug!r}; list the debates to see their slugs")

    def work() -> Change:
        with database.writing() as session:
            debate = _lock(session, slug)
            new_revision = debate.revision
            state, revisions = rows.load(session, debate)
            revisions["debate"] = new_revision - 1
            _check_expected(slug, revisions, target, expected)
            new_state = mutate(state)
            validate_doc(state_to_doc(slug, new_state))
            before, after = diff(state, new_state)
            if not before:
                session.rollback()
                return Change(slug, new_revision - 1, state, revisions, changed=False)
            rows.write(session, debate, before, after, new_revision)
            text = summary if isinstance(summary, str) else summary()
            session.add(Revision(debate_id=row_id(debate), number=new_revision, author=actor,
                                 kind=kind, summary=text, before=before, after=after))
            for ident, value in after.items():
                if value is not None:
                    revisions[ident] = new_revision
            revisions["debate"] = new_revision
            return Change(slug, new_revision, new_state, revisions, changed=True)

    return database.retrying(work)


def create(database: Database, doc: DebateDoc, *, actor: str, kind: str, summary: str,
           grant_user_id: int | None = None) -> Change:
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
            rows.write(session, debate, before, dict(state), 1)
            session.add(Revision(debate_id=row_id(debate), number=1, author=actor, kind=kind,
                                 summary=summary, before=before, after=state))
            if grant_user_id is not None:
                session.add(DebateRole(debate_id=row_id(debate), user_id=grant_user_id))
            return Change(doc.slug, 1, state, {ident: 1 for ident in state}, changed=True)

    return database.retrying(work)


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
