"""The Store: the only code that writes the knowledge base; every method documented here.

A ``Store`` is composed of a :class:`~kb.store.database.Database` (sessions, transactions,
retries) and the :class:`~kb.cache.Caches` of results computed from debates. Its methods
delegate to small modules: :mod:`~kb.store.reads`, :mod:`~kb.store.edits` and
:mod:`~kb.store.removals` (through the one write path, :mod:`~kb.store.changes`); users,
tokens and editor grants are the methods of :class:`~kb.store.accounts.Accounts`.

Every write is ONE transaction that locks the debate, checks `expected` (the target's
current revision, its ETag: the node's for a node change, the party's acceptance revision
for ``set_acceptance``, the debate's for debate-level changes and additions; else
StaleError), validates, writes only what changed and records a Revision. A write that
changes nothing records nothing. Writes take keyword ``actor`` (recorded as author).

Examples
--------
>>> from kb.schemas import DebateCreate, NodeCreate
>>> store = Store.memory()
>>> store.create_debate(DebateCreate(slug="d", title="D"), actor="ann").revision
1
>>> store.add_node("d", NodeCreate(key="c1", kind="claim", text="A claim."),
...                actor="ann").revision
2
>>> [n.key for n in store.snapshot("d").nodes], store.snapshot("d", revision=1).nodes
(['c1'], ())
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace as with_slug
from typing import Self

from sqlmodel import SQLModel

from kb.auth import Actor
from kb.cache import DebateKey
from kb.db import make_engine
from kb.doc import DebateDoc, Stance
from kb.schemas import (
    AcceptancePublic,
    DebateCreate,
    DebatePublic,
    DebateUpdate,
    EdgeCreate,
    EdgePublic,
    EdgeUpdate,
    NodeCreate,
    NodePublic,
    NodeUpdate,
    PartyCreate,
    PartyPublic,
    PartyUpdate,
    RevisionPublic,
    SourceCreate,
    SourcePublic,
    SourceUpdate,
)
from kb.store import reads, removals, writes
from kb.store.accounts import Accounts
from kb.store.batch import BatchMethods
from kb.store.documents import DocumentMethods
from kb.store.history import HistoryMethods
from kb.store.links import LinkMethods
from kb.store.search import SearchMethods
from kb.store.sessions import SessionMethods
from kb.store.writes import all_fields, fields_set


class Store(Accounts, BatchMethods, HistoryMethods, SessionMethods, LinkMethods,
            SearchMethods, DocumentMethods):
    """The knowledge base on one engine (SQLite or PostgreSQL).

    Debates, their items and history are the methods below; the other groups are classes
    of their own, each documented where its methods are: users, tokens and grants
    (:class:`~kb.store.accounts.Accounts`), batches and single stances
    (:class:`~kb.store.batch.BatchMethods`), undo (:class:`~kb.store.history.HistoryMethods`),
    sign-in sessions (:class:`~kb.store.sessions.SessionMethods`), links between debates
    (:class:`~kb.store.links.LinkMethods`), full-text search
    (:class:`~kb.store.search.SearchMethods`) and the documents a debate cites
    (:class:`~kb.store.documents.DocumentMethods`); all stand on
    :class:`~kb.store.core.StoreBase` (database, caches, write path).
    """

    @classmethod
    def memory(cls) -> Self:
        """Return a store on a fresh in-memory SQLite database (examples, quick tests).

        >>> Store.memory().list_debates()
        []
        """
        engine = make_engine("sqlite://")
        SQLModel.metadata.create_all(engine)
        return cls(engine)

    # Debates ------------------------------------------------------------------------------

    def list_debates(self, *, actor: Actor | None = None, limit: int | None = None,
                     offset: int = 0) -> list[DebatePublic]:
        """Return the debates `actor` may read, by slug (None: public debates only).

        Without `limit`, every one of them from `offset` on; `count_debates` gives the total
        a page of them belongs to.

        >>> from kb.store.examples import demo_store
        >>> [d.slug for d in demo_store().list_debates()]
        ['demo']
        """
        return reads.list_debates(self.database, actor, limit, offset)

    def count_debates(self, *, actor: Actor | None = None) -> int:
        """Return how many debates `actor` may read (see list_debates).

        >>> from kb.store.examples import demo_store
        >>> demo_store().count_debates()
        1
        """
        return reads.count_debates(self.database, actor)

    def find_debate(self, slug: str) -> DebatePublic | None:
        """Return debate `slug`, or None."""
        return reads.find_debate(self.database, slug)

    def get_debate(self, slug: str) -> DebatePublic:
        """Return debate `slug`; NotFoundError if there is none."""
        return reads.get_debate(self.database, slug)

    def create_debate(self, data: DebateCreate, *, actor: str) -> DebatePublic:
        """Create an empty debate (revision 1); ConflictError if the slug is taken.

        When `actor` names an editor user, that user becomes an editor of the debate.
        """
        doc = DebateDoc(slug=data.slug, title=data.title, summary=data.summary,
                        mode=data.mode, public=data.public)
        writes.create_debate(self.database, doc, actor=actor)
        return self.get_debate(data.slug)

    def update_debate(self, slug: str, data: DebateUpdate, *, actor: str,
                      expected: int | None = None) -> DebatePublic:
        """Change title, summary, mode or public of debate `slug`."""
        writes.update_debate(self.database, slug, data, actor=actor, expected=expected)
        return self.get_debate(slug)

    def delete_debate(self, slug: str, *, actor: str, expected: int | None = None) -> None:
        """Delete debate `slug` with all its items and history."""
        writes.delete_debate(self.database, slug, expected=expected)

    def import_doc(self, doc: DebateDoc, slug: str | None = None, *, actor: str,
                   replace: bool = False, expected: int | None = None,
                   progress: Callable[[int], None] | None = None) -> DebatePublic:
        """Write a whole debate in one transaction (a bad doc writes nothing).

        With `slug`, the doc is stored under that slug. An existing debate is a
        ConflictError unless `replace`, which makes the doc its new state as one revision.
        A new debate is written in bulk (batches of ``rows.BATCH`` rows); `progress` is
        told how many more items were written as they are.

        >>> store = Store.memory()
        >>> store.import_doc(DebateDoc(slug="d", title="D"), actor="ann").revision
        1
        >>> store.import_doc(DebateDoc(slug="d", title="D2"), actor="ann", replace=True).title
        'D2'
        """
        if slug is not None:
            doc = with_slug(doc, slug=slug)
        writes.import_doc(self.database, doc, actor=actor, replace=replace, expected=expected,
                          progress=progress)
        return self.get_debate(doc.slug)

    # The whole debate and its history -------------------------------------------------

    def read_doc(self, slug: str, revision: int | None = None, *,
                 check: Callable[[DebatePublic], None] | None = None,
                 ) -> tuple[DebatePublic, DebateKey, DebateDoc]:
        """Return debate `slug`, its cache key and its document, read in ONE transaction.

        The document is that of the current revision, or of `revision` (rebuilt from the
        Revision records); it comes from ``caches.docs`` when it is there. `check` is
        called with the debate before its document is read (to refuse a reader early).

        >>> from kb.store.examples import demo_store
        >>> debate, key, doc = demo_store().read_doc("demo")
        >>> key.revision == debate.revision == 1, doc.node("c1").text
        (True, 'A claim.')
        """
        return reads.read_doc(self.database, self.caches, slug, revision, check)

    def snapshot(self, slug: str, revision: int | None = None) -> DebateDoc:
        """Return the whole debate as a DebateDoc, now or as it was at `revision`.

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.delete_edge("demo", "s1", actor="ann")
        2
        >>> len(store.snapshot("demo").edges), len(store.snapshot("demo", revision=1).edges)
        (0, 1)
        """
        return self.read_doc(slug, revision)[2]

    def list_revisions(self, slug: str, *, limit: int | None = None,
                       offset: int = 0) -> list[RevisionPublic]:
        """Return the revisions of debate `slug`, newest first.

        >>> from kb.store.examples import demo_store
        >>> [(r.number, r.kind, r.author) for r in demo_store().list_revisions("demo")]
        [(1, 'import', 'ann')]
        """
        return reads.list_revisions(self.database, slug, limit, offset)

    def get_revision(self, slug: str, number: int) -> RevisionPublic:
        """Return revision `number` of debate `slug`; NotFoundError if absent.

        >>> from kb.store.examples import demo_store
        >>> demo_store().get_revision("demo", 2**70)
        Traceback (most recent call last):
        ...
        kb.errors.NotFoundError: debate 'demo' has no revision 1180591620717411303424
        """
        return reads.get_revision(self.database, slug, number)

    def revert(self, slug: str, revision: int, *, actor: str,
               expected: int | None = None) -> DebatePublic:
        """Make the state of `revision` the current state, as a new revision.

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.update_node("demo", "c1", NodeUpdate(text="Changed."), actor="bob").revision
        2
        >>> store.revert("demo", 1, actor="ann").revision
        3
        >>> store.get_node("demo", "c1").text
        'A claim.'
        """
        writes.revert(self.database, slug, revision, actor=actor, expected=expected)
        return self.get_debate(slug)

    # Items: lists and counts ----------------------------------------------------------

    def list_nodes(self, slug: str, *, limit: int | None = None,
                   offset: int = 0) -> list[NodePublic]:
        """Return the nodes of debate `slug` in order (at most MAX_LIMIT)."""
        found: list[NodePublic] = reads.list_items(self.database, "node", slug, limit, offset)
        return found

    def list_edges(self, slug: str, *, limit: int | None = None,
                   offset: int = 0) -> list[EdgePublic]:
        """Return the edges of debate `slug` in order (at most MAX_LIMIT)."""
        found: list[EdgePublic] = reads.list_items(self.database, "edge", slug, limit, offset)
        return found

    def list_parties(self, slug: str, *, limit: int | None = None,
                     offset: int = 0) -> list[PartyPublic]:
        """Return the parties of debate `slug` in order (at most MAX_LIMIT)."""
        found: list[PartyPublic] = reads.list_items(self.database, "party", slug, limit,
                                                    offset)
        return found

    def list_sources(self, slug: str, *, limit: int | None = None,
                     offset: int = 0) -> list[SourcePublic]:
        """Return the sources of debate `slug` in order (at most MAX_LIMIT)."""
        found: list[SourcePublic] = reads.list_items(self.database, "source", slug, limit,
                                                     offset)
        return found

    def count(self, slug: str, kind: str) -> int:
        """Return how many items of `kind` (node, edge, party, source) debate `slug` has."""
        return reads.count_items(self.database, slug, kind)

    def public_sizes(self) -> list[tuple[str, int]]:
        """(slug, number of nodes) of every public debate, the largest first.

        >>> from kb.store.examples import demo_store
        >>> demo_store().public_sizes()
        [('demo', 2)]
        """
        return reads.public_sizes(self.database)

    # Items: one at a time ----------------------------------------------------------------

    def find_node(self, slug: str, key: str) -> NodePublic | None:
        """Return node `key` of debate `slug`, or None."""
        found: NodePublic | None = reads.find_item(self.database, "node", slug, key)
        return found

    def get_node(self, slug: str, key: str) -> NodePublic:
        """Return node `key` of debate `slug`; NotFoundError if absent.

        >>> from kb.store.examples import demo_store
        >>> demo_store().get_node("demo", "c1").text
        'A claim.'
        """
        found: NodePublic = reads.get_item(self.database, "node", slug, key)
        return found

    def find_edge(self, slug: str, key: str) -> EdgePublic | None:
        """Return edge `key` of debate `slug`, or None."""
        found: EdgePublic | None = reads.find_item(self.database, "edge", slug, key)
        return found

    def get_edge(self, slug: str, key: str) -> EdgePublic:
        """Return edge `key` of debate `slug`; NotFoundError if absent."""
        found: EdgePublic = reads.get_item(self.database, "edge", slug, key)
        return found

    def find_party(self, slug: str, key: str) -> PartyPublic | None:
        """Return party `key` of debate `slug`, or None."""
        found: PartyPublic | None = reads.find_item(self.database, "party", slug, key)
        return found

    def get_party(self, slug: str, key: str) -> PartyPublic:
        """Return party `key` of debate `slug`; NotFoundError if absent."""
        found: PartyPublic = reads.get_item(self.database, "party", slug, key)
        return found

    def find_source(self, slug: str, key: str) -> SourcePublic | None:
        """Return source `key` of debate `slug`, or None."""
        found: SourcePublic | None = reads.find_item(self.database, "source", slug, key)
        return found

    def get_source(self, slug: str, key: str) -> SourcePublic:
        """Return source `key` of debate `slug`; NotFoundError if absent."""
        found: SourcePublic = reads.get_item(self.database, "source", slug, key)
        return found

    # Items: writes -------------------------------------------------------------------------

    def add_source(self, slug: str, data: SourceCreate, *, actor: str,
                   expected: int | None = None) -> SourcePublic:
        """Add a source; ConflictError if its key is taken."""
        found: SourcePublic = writes.add_item(self.database, slug, "source", all_fields(data),
                                             actor=actor, expected=expected)
        return found

    def update_source(self, slug: str, key: str, data: SourceUpdate, *, actor: str,
                      expected: int | None = None) -> SourcePublic:
        """Change the fields of source `key` that `data` sets (`expected`: its revision)."""
        found: SourcePublic = writes.update_item(self.database, slug, "source", key,
                                                fields_set(data), actor=actor,
                                                expected=expected)
        return found

    def delete_source(self, slug: str, key: str, *, actor: str, expected: int | None = None,
                      cascade: bool = False) -> int:
        """Delete source `key`; ConflictError while citations name it, unless `cascade`,
        which removes those citations in the same revision. Returns the new revision.

        >>> from kb.store.examples import demo_store
        >>> from kb.schemas import SourceCreate, NodeUpdate
        >>> store = demo_store()
        >>> _ = store.add_source("demo", SourceCreate(key="s", title="S"), actor="ann")
        >>> _ = store.update_node("demo", "c1", NodeUpdate(citations=["s p. 2"]), actor="ann")
        >>> store.delete_source("demo", "s", actor="ann")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kb.errors.ConflictError: source 's' is cited by node c1; ...
        >>> store.delete_source("demo", "s", actor="ann", cascade=True)
        4
        >>> store.get_node("demo", "c1").citations
        []
        """
        return removals.delete_source(self.database, slug, key, actor=actor,
                                      expected=expected, cascade=cascade)

    def add_party(self, slug: str, data: PartyCreate, *, actor: str,
                  expected: int | None = None) -> PartyPublic:
        """Add a party; ConflictError if its key is taken."""
        found: PartyPublic = writes.add_item(self.database, slug, "party", all_fields(data),
                                            actor=actor, expected=expected)
        return found

    def update_party(self, slug: str, key: str, data: PartyUpdate, *, actor: str,
                     expected: int | None = None) -> PartyPublic:
        """Change the name or description of party `key`."""
        found: PartyPublic = writes.update_item(self.database, slug, "party", key,
                                               fields_set(data), actor=actor,
                                               expected=expected)
        return found

    def delete_party(self, slug: str, key: str, *, actor: str, expected: int | None = None,
                     cascade: bool = False) -> int:
        """Delete party `key` with its acceptance; ConflictError while nodes or edges name
        it in ``asserted_by``, unless `cascade`, which removes it there in the same
        revision. Returns the new revision.

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.delete_party("demo", "ann", actor="ann")
        2
        >>> store.snapshot("demo").parties, store.snapshot("demo").acceptance
        ((), {})
        """
        return removals.delete_party(self.database, slug, key, actor=actor,
                                     expected=expected, cascade=cascade)

    def add_node(self, slug: str, data: NodeCreate, *, actor: str,
                 expected: int | None = None) -> NodePublic:
        """Add a node; ConflictError if its key is taken, InvalidInputError for a bad
        citation or party."""
        found: NodePublic = writes.add_item(self.database, slug, "node", all_fields(data),
                                           actor=actor, expected=expected)
        return found

    def update_node(self, slug: str, key: str, data: NodeUpdate, *, actor: str,
                    expected: int | None = None) -> NodePublic:
        """Change the fields of node `key` that `data` sets (`expected`: its revision).

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.update_node("demo", "c1", NodeUpdate(text="New."), actor="bob",
        ...                   expected=0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kb.errors.StaleError: node c1 of debate 'demo' is at revision 1, not 0; reload it ...
        """
        found: NodePublic = writes.update_item(self.database, slug, "node", key,
                                              fields_set(data), actor=actor,
                                              expected=expected)
        return found

    def delete_node(self, slug: str, key: str, *, actor: str, expected: int | None = None,
                    cascade: bool = False) -> int:
        """Delete node `key`; the edges that use it too when `cascade`, else ConflictError.

        Returns the debate's new revision.

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.delete_node("demo", "e1", actor="ann")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kb.errors.ConflictError: node 'e1' is used by edge(s) s1; delete those first or ...
        >>> store.delete_node("demo", "e1", actor="ann", cascade=True)
        2
        >>> store.snapshot("demo").edges
        ()
        """
        return writes.delete_graph_item(self.database, slug, "node", key, actor=actor,
                                       expected=expected, cascade=cascade)

    def add_edge(self, slug: str, data: EdgeCreate, *, actor: str,
                 expected: int | None = None) -> EdgePublic:
        """Add an edge; its key is ``e1``, ``e2``... when `data.key` is None.

        >>> from kb.store.examples import demo_store
        >>> edge = demo_store().add_edge(
        ...     "demo", EdgeCreate(source="c1", target="e1", relation="rebuts"), actor="ann")
        >>> edge.id, edge.revision
        ('e1', 2)
        """
        found: EdgePublic = writes.add_item(self.database, slug, "edge", all_fields(data),
                                           actor=actor, expected=expected)
        return found

    def update_edge(self, slug: str, key: str, data: EdgeUpdate, *, actor: str,
                    expected: int | None = None) -> EdgePublic:
        """Change fields of edge `key`; giving `target` clears `target_edge` and back."""
        found: EdgePublic = writes.update_item(self.database, slug, "edge", key,
                                              fields_set(data), actor=actor,
                                              expected=expected)
        return found

    def delete_edge(self, slug: str, key: str, *, actor: str, expected: int | None = None,
                    cascade: bool = False) -> int:
        """Delete edge `key`; its undercutters too when `cascade`, else ConflictError."""
        return writes.delete_graph_item(self.database, slug, "edge", key, actor=actor,
                                       expected=expected, cascade=cascade)

    # Acceptance -----------------------------------------------------------------------------

    def get_acceptance(self, slug: str, party: str) -> AcceptancePublic:
        """Return the acceptance of `party` (stated items only); ETag = its revision.

        >>> from kb.store.examples import demo_store
        >>> demo_store().get_acceptance("demo", "ann").items
        {'e1': <Stance.ACCEPTED: 'accepted'>}
        """
        return reads.get_acceptance(self.database, slug, party)

    def set_acceptance(self, slug: str, party: str, items: Mapping[str, Stance | str], *,
                       actor: str, expected: int | None = None) -> AcceptancePublic:
        """Replace the whole acceptance of `party` (``unstated`` entries are dropped).

        `expected` is the acceptance's revision (its ETag, see get_acceptance).

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.set_acceptance("demo", "ann", {"c1": "rejected", "e1": "unstated"},
        ...                      actor="ann").items
        {'c1': <Stance.REJECTED: 'rejected'>}
        """
        writes.set_acceptance(self.database, slug, party, items, actor=actor,
                             expected=expected)
        return self.get_acceptance(slug, party)
