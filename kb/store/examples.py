"""A tiny debate in a fresh in-memory store, for the examples of the Store's docstrings.

>>> store = demo_store()
>>> [n.key for n in store.list_nodes("demo")]
['e1', 'c1']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, Stance

if TYPE_CHECKING:
    from kb.store import Store


def demo_doc() -> DebateDoc:
    """Return debate ``demo``: evidence e1 supports claim c1 (edge s1); party ann accepts e1.

    >>> demo_doc().edge("s1").target
    'c1'
    """
    return DebateDoc(
        slug="demo",
        title="Demo",
        parties=(PartyDoc(key="ann", name="Ann"),),
        nodes=(NodeDoc(key="e1", kind=NodeKind.EVIDENCE, text="A fact."),
               NodeDoc(key="c1", kind=NodeKind.CLAIM, text="A claim.")),
        edges=(EdgeDoc(key="s1", source="e1", relation=Relation.SUPPORTS, target="c1"),),
        acceptance={"ann": {"e1": Stance.ACCEPTED}},
    )


def demo_store() -> Store:
    """Return an in-memory store holding :func:`demo_doc` at revision 1.

    >>> demo_store().get_debate("demo").revision
    1
    """
    from kb.store import Store

    store = Store.memory()
    store.import_doc(demo_doc(), actor="ann")
    return store
