"""The Store: the only code that writes the knowledge base.

``Store(engine)``; every write is ONE transaction that locks the debate (bumping its
revision by compare-and-swap), checks ``expected``, builds the new state, validates the
whole debate (:func:`kb.validation.validate_doc`), writes only the rows that differ, and
records a Revision (author, time, kind, each touched item before and after). A write that
changes nothing records nothing. Writes take keyword ``actor: str`` (recorded as author)
and optional ``expected: int | None``: the target's current revision (its ETag) - the
node's for a node change, the party's acceptance revision for ``set_acceptance``, the
debate's for debate-level changes and additions - else :class:`~kb.errors.StaleError`.

Reads
    ``list_debates(actor=None, limit, offset)`` (public ones, plus private ones `actor` may
    read; every one when `limit` is None) and ``count_debates(actor=None)``;
    ``get_debate(slug)`` / ``find_debate``;
    ``list_nodes / list_edges / list_parties / list_sources(slug, limit=None, offset=0)``
    (position order; a given limit at most ``MAX_LIMIT``, none: all); ``count(slug, kind)``;
    ``get_node / get_edge / get_party / get_source(slug, key)`` (NotFoundError) and
    ``find_debate / find_node / find_edge / find_party / find_source`` (None);
    ``get_acceptance(slug, party) -> AcceptancePublic`` (ETag = ``.revision``);
    ``snapshot(slug, revision=None) -> DebateDoc`` (the state at any earlier revision,
    rebuilt from the Revision records); ``list_revisions(slug, limit, offset)`` (newest
    first); ``get_revision(slug, number)``.
Writes (return the Public shape of what they wrote)
    ``create_debate(DebateCreate)``, ``update_debate(slug, DebateUpdate)``,
    ``delete_debate(slug)``; ``add_source / add_party / add_node(slug, *Create)``
    (ConflictError on a taken key), ``update_source / update_party / update_node(slug, key,
    *Update)`` (only the fields set); ``add_edge(slug, EdgeCreate)`` (key ``e1``, ``e2``...
    when absent), ``update_edge``; ``delete_node / delete_edge(slug, key, cascade=False)``
    -> new debate revision (ConflictError while edges use the item, unless ``cascade``,
    which deletes those edges, their undercutters and their acceptance entries);
    ``delete_source / delete_party(slug, key, cascade=False)`` -> new debate revision
    (ConflictError while citations / ``asserted_by`` name it, unless ``cascade``, which
    removes those references; a party's acceptance goes with it);
    ``set_acceptance(slug, party, {item: stance})`` replaces the party's acceptance;
    ``import_doc(doc, slug=None, replace=False)`` (the whole doc in one transaction,
    ConflictError for a taken slug unless ``replace``); ``revert(slug, revision)``.
Editing in one step (:mod:`kb.store.batch`, :mod:`kb.store.history`)
    ``apply_batch(slug, operations)``: a list of :class:`kb.store.edits.Operation` as one
    revision (all or nothing, each refusal with its operation's index);
    ``set_stance(slug, party, item, stance)``: one item of a party's acceptance;
    ``undo(slug, revision)``: the inverse of one revision (ConflictError when later
    revisions touched its items). ``with noting(message):`` (:mod:`kb.store.notes`) gives
    every revision written inside the editor's message.
Signing in (:mod:`kb.store.sessions`)
    ``set_password(name, password)`` (argon2 hash), ``check_password(name, password)``,
    ``open_session(name) -> raw token``, ``actor_for_session(raw)``, ``close_session(raw)``.
Other
    ``Store.memory()``: a store on a fresh in-memory SQLite database (examples, tests);
    snapshots are cached per Store by debate and revision (a revision never changes).
Users (:mod:`kb.store.users`)
    ``add_user(name, role, debates=()) -> (UserPublic, raw_token)`` (an editor without
    `debates` is a global editor of every debate), ``issue_token(name)``,
    ``revoke_token(name, token=None)``, ``actor_for_token(raw) -> Actor | None``,
    ``grant_editor(slug, name)``, ``revoke_editor(slug, name) -> bool``, ``get_user``,
    ``list_users``, ``can_edit(actor, slug)``,
    ``can_read(actor, slug)``.

Examples
--------
>>> from kb.db import make_engine
>>> from kb.models import SQLModel
>>> from kb.schemas import DebateCreate, NodeCreate
>>> engine = make_engine("sqlite://"); SQLModel.metadata.create_all(engine)
>>> store = Store(engine)
>>> store.create_debate(DebateCreate(slug="d", title="D"), actor="ann").revision
1
>>> store.add_node("d", NodeCreate(key="c1", kind="claim", text="A claim."),
...                actor="ann").revision
2
>>> [n.key for n in store.snapshot("d").nodes], store.snapshot("d", revision=1).nodes
(['c1'], ())
"""

from __future__ import annotations

from kb.auth import Actor
from kb.store.batch import BatchMethods
from kb.store.debates import DebateMethods
from kb.store.history import HistoryMethods
from kb.store.links import LinkMethods
from kb.store.reads import MAX_LIMIT
from kb.store.search import SearchMethods
from kb.store.sessions import SessionMethods
from kb.store.users import UserMethods

__all__ = ["MAX_LIMIT", "Actor", "Store"]


class Store(DebateMethods, BatchMethods, HistoryMethods, SessionMethods, UserMethods,
            LinkMethods, SearchMethods):
    """The knowledge base on one engine (SQLite or PostgreSQL); see the module docstring."""
