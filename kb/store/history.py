"""Store methods over history: undo of one revision by applying its inverse.

Revert (:meth:`~kb.store.Store.revert`) restores a whole earlier state; undo takes back
one revision only, and keeps every later change of other items. It is refused
(ConflictError, each item in ``errors``) when a later revision changed an item that
revision touched, or when taking it back would break what came later (an edge added
since on a node the revision created).

Examples
--------
>>> from kb.store.examples import demo_store
>>> from kb.schemas import NodeUpdate, PartyUpdate
>>> store = demo_store()
>>> _ = store.update_node("demo", "c1", NodeUpdate(text="Changed."), actor="bob")
>>> _ = store.update_party("demo", "ann", PartyUpdate(name="Ann B."), actor="bob")
>>> store.undo("demo", 2, actor="ann").revision
4
>>> store.get_node("demo", "c1").text, store.get_party("demo", "ann").name
('A claim.', 'Ann B.')
>>> store.undo("demo", 2, actor="ann")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kb.errors.ConflictError: cannot undo revision 2 of debate 'demo': later revisions changed node c1...
"""

from __future__ import annotations

from typing import Any

from kb.errors import ArgmapError, ConflictError, InvalidInputError
from kb.revision_summary import describe_item
from kb.schemas import DebatePublic
from kb.store.core import StoreBase
from kb.store.state import State, apply_changes


def _conflicts(state: State, after: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the items whose current state is not what the revision left."""
    found = []
    for ident in sorted(after):
        now = state.get(ident)
        if now != after[ident]:
            found.append({"item": ident, "then": after[ident], "now": now,
                          "changes": describe_item(ident, after[ident], now)})
    return found


class HistoryMethods(StoreBase):
    """Undo of one revision."""

    def undo(self, slug: str, revision: int, *, actor: str,
             expected: int | None = None) -> DebatePublic:
        """Apply the inverse of `revision` as a new revision.

        Raises
        ------
        ConflictError
            When later revisions changed an item `revision` touched (``errors`` lists each
            item with its state then and now), or the result would be invalid.
        InvalidInputError
            For revision 1, which created the debate, or an unknown revision.
        """
        record = self.get_revision(slug, revision)  # type: ignore[attr-defined]
        if record.before.get("debate", True) is None:
            raise InvalidInputError(
                f"revision {revision} created debate '{slug}'; delete the debate instead")

        def mutate(state: State) -> State:
            conflicts = _conflicts(state, record.after)
            if conflicts:
                names = ", ".join(c["item"].replace(":", " ", 1) for c in conflicts)
                raise ConflictError(
                    f"cannot undo revision {revision} of debate '{slug}': later revisions "
                    f"changed {names}; undo those first or revert to an earlier revision",
                    errors=conflicts)
            return apply_changes(state, record.before)

        try:
            self._change(slug, mutate, actor=actor, kind="undo",
                         summary=f"undo revision {revision}", expected=expected)
        except ConflictError:
            raise
        except InvalidInputError as exc:
            raise ConflictError(
                f"cannot undo revision {revision} of debate '{slug}': later changes rest on "
                f"it ({exc.detail}); undo those first", errors=exc.errors) from exc
        except ArgmapError:
            raise
        debate: DebatePublic = self.get_debate(slug)  # type: ignore[attr-defined]
        return debate
