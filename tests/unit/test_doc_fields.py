"""The engine's picture of a node carries every field of the model: the fields it names,
and any other one in ``NodeDoc.extra``, through the conversions to and from plain data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import kb.models
from kb.doc import (
    FIELDS,
    MODEL_EXTRAS,
    NodeDoc,
    NodeKind,
    PartyDoc,
    from_plain,
    model_fields,
    plain,
)
from kb.models import ITEM_FIELDS


def test_doc_classes_name_every_model_field_today() -> None:
    assert kb.models.ITEM_BASES  # the model has told kb.doc its fields
    for cls, extras in MODEL_EXTRAS.items():
        assert extras == {}, f"{cls.__name__} carries {sorted(extras)} in extra"
    assert FIELDS[NodeDoc].names == ITEM_FIELDS["node"]


@pytest.fixture
def node_with_note() -> Iterator[None]:
    """The node model as if it had a field ``note`` (default ``""``) the engine never reads."""
    saved = dict(MODEL_EXTRAS)
    model_fields("node", {**{name: None for name in ITEM_FIELDS["node"]}, "note": ""})
    yield
    MODEL_EXTRAS.clear()
    MODEL_EXTRAS.update(saved)


def test_a_model_field_the_doc_does_not_name_rides_in_extra(node_with_note: None) -> None:
    data = {"key": "c1", "kind": "claim", "text": "C.", "note": "A note.", "position": 4}
    node = from_plain(NodeDoc, data)
    assert node.extra == (("note", "A note."),)
    assert node.kind is NodeKind.CLAIM
    assert plain(node) == {"key": "c1", "kind": "claim", "text": "C.", "citations": [],
                           "tags": [], "asserted_by": [], "note": "A note."}
    assert from_plain(NodeDoc, plain(node)) == node
    # a field at its default is no difference: a node built in code equals a read one
    assert from_plain(NodeDoc, {**data, "note": ""}) == NodeDoc("c1", NodeKind.CLAIM, "C.")


def test_a_doc_class_without_extra_refuses_fields_it_does_not_name() -> None:
    with pytest.raises(TypeError, match="PartyDoc lacks the fields \\['colour'\\]"):
        model_fields("party", {"key": None, "name": None, "description": "", "colour": ""})
    assert MODEL_EXTRAS[PartyDoc] == {}
