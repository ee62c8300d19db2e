"""Position codes: every position comes back from its code, read against the same base,
and the code is the shorter of the dense and the relative form."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kb import position
from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation, Stance

DOC = DebateDoc(
    slug="d", title="D",
    nodes=tuple(NodeDoc(f"n{i}", NodeKind.CLAIM if i % 3 else NodeKind.EVIDENCE, f"N{i}")
                for i in range(40)),
    edges=tuple(EdgeDoc(f"x{i}", f"n{i}", Relation.SUPPORTS, target=f"n{i + 1}")
                for i in range(30)),
)
ITEMS = position.items(DOC)
stances = st.dictionaries(st.sampled_from(ITEMS),
                          st.sampled_from([Stance.ACCEPTED, Stance.REJECTED, Stance.UNSTATED]),
                          max_size=60)


def stated(found: dict[str, Stance]) -> dict[str, Stance]:
    return {item: stance for item, stance in found.items() if stance is not Stance.UNSTATED}


@settings(max_examples=300, deadline=None)
@given(stances, st.one_of(st.none(), stances))
def test_position_code_round_trips_against_its_base(
    mine: dict[str, Stance], base: dict[str, Stance] | None
) -> None:
    code = position.encode(DOC, mine, base)
    assert position.decode(DOC, code, base) == stated(mine)
    dense = position.encode(DOC, mine, None)
    if not dense.startswith(position.RELATIVE):
        assert len(code) <= len(dense)


def test_a_party_position_is_five_characters_against_itself() -> None:
    party = {"n1": Stance.ACCEPTED, "n38": Stance.REJECTED, "edge:x29": Stance.REJECTED}
    code = position.encode(DOC, party, party)
    assert code.startswith(position.RELATIVE) and len(code) == 1 + position.STAMP
    changed = {**party, "n2": Stance.ACCEPTED}
    assert position.decode(DOC, position.encode(DOC, changed, party), party) == changed


def test_a_damaged_relative_code_is_refused() -> None:
    import pytest

    from kb.errors import InvalidInputError

    stamp = position.encode(DOC, {})
    for body in ("!!", "_w", "AAAA", "gICAgICA"):
        with pytest.raises(InvalidInputError):
            position.decode(DOC, position.RELATIVE + stamp + body)
