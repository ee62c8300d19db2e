"""Store methods for editing in one step: a batch of operations as one revision, and one
party's stance on one item.

Examples
--------
>>> from kb.store.examples import demo_store
>>> from kb.store.edits import parse_operations
>>> store = demo_store()
>>> ops = parse_operations([
...     {"op": "create", "kind": "node", "data": {"key": "c2", "kind": "claim", "text": "B."}},
...     {"op": "update", "kind": "node", "key": "c1", "data": {"text": "A sharper claim."}}])
>>> store.apply_batch("demo", ops, actor="ann", expected=1).revision
2
>>> store.set_stance("demo", "ann", "c2", "rejected", actor="ann").items
{'c2': <Stance.REJECTED: 'rejected'>, 'e1': <Stance.ACCEPTED: 'accepted'>}
>>> store.put_stance("demo", "ann", "c1", "accepted", actor="ann").revision
4
"""

from __future__ import annotations

from kb.doc import EDGE_ITEM_PREFIX, Stance
from kb.errors import InvalidInputError, NotFoundError
from kb.schemas import AcceptancePublic, DebatePublic, StancePublic
from kb.store import writes
from kb.store.core import StoreBase
from kb.store.draft import Draft
from kb.store.edits import Operation, apply_operations
from kb.store.state import State, acceptance_id, item_id
from kb.suggest import did_you_mean


class BatchMethods(StoreBase):
    """Batches and single stances."""

    def apply_batch(self, slug: str, operations: list[Operation], *, actor: str,
                    expected: int | None = None) -> DebatePublic:
        """Apply `operations` in one transaction as one revision (all or nothing).

        `expected` is the debate's revision (its ETag). A refusal lists every problem in
        ``errors``, each with the ``index`` of its operation.
        """

        def mutate(state: State) -> State:
            return apply_operations(slug, state, operations)

        self._change(slug, mutate, actor=actor, kind="batch",
                     summary=f"{len(operations)} operation(s)", expected=expected)
        debate: DebatePublic = self.get_debate(slug)  # type: ignore[attr-defined]
        return debate

    def set_stance(self, slug: str, party: str, item: str, stance: Stance | str, *,
                   actor: str, expected: int | None = None) -> AcceptancePublic:
        """Set `party`'s stance on one `item` (node key or ``edge:KEY``), keeping the rest;
        answer the party's whole acceptance (:meth:`put_stance` answers the one stance).

        `expected` is the acceptance's revision (its ETag).
        """
        self.put_stance(slug, party, item, stance, actor=actor, expected=expected)
        found: AcceptancePublic = self.get_acceptance(slug, party)  # type: ignore[attr-defined]
        return found

    def put_stance(self, slug: str, party: str, item: str, stance: Stance | str, *,
                   actor: str, expected: int | None = None) -> StancePublic:
        """Set `party`'s stance on one `item`, keeping the rest; answer that one stance
        and the acceptance's new revision (its ETag).

        One write reads only the party, the item and the stance, whatever the size of
        the debate, and answers without reading the rest of the acceptance.
        """
        if str(stance) not in {s.value for s in Stance}:
            raise InvalidInputError(f"unknown stance '{stance}'; use accepted, rejected or "
                                    "unstated")

        def check(draft: Draft) -> None:
            if item_id("party", party) not in draft:
                known = [k[6:] for k in draft.load_all() if k.startswith("party:")]
                raise NotFoundError(f"debate '{slug}' has no party '{party}'"
                                    + did_you_mean(party, known))
            ident = (item_id("edge", item[len(EDGE_ITEM_PREFIX):])
                     if item.startswith(EDGE_ITEM_PREFIX) else item_id("node", item))
            if ident not in draft:
                _check_item(slug, draft.load_all(), item)

        done = writes.set_acceptance(self.database, slug, party, {item: stance}, actor=actor,
                                     expected=expected, replace=False, check=check,
                                     kind="set_stance", summary=f"{item}: {stance} for {party}")
        revision = (done.revision if done.changed
                    else done.revision_of(acceptance_id(party)))
        return StancePublic(party=party, item=item, stance=Stance(str(stance)),
                            revision=revision)


def _check_item(slug: str, state: State, item: str) -> None:
    """NotFoundError for an item that is no node nor ``edge:KEY`` of the debate."""
    nodes = [k[5:] for k in state if k.startswith("node:")]
    edges = [EDGE_ITEM_PREFIX + k[5:] for k in state if k.startswith("edge:")]
    if item in nodes or item in edges:
        return
    if EDGE_ITEM_PREFIX + item in edges:
        raise NotFoundError(f"'{item}' is an edge, not a node; write it '{EDGE_ITEM_PREFIX}"
                            f"{item}' to name the edge")
    raise NotFoundError(f"debate '{slug}' has no node or edge '{item}'"
                        + did_you_mean(item, nodes + edges))
