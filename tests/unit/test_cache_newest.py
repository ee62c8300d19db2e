"""A debate written many times a second keeps only its newest revisions in a cache, so it
cannot push every other debate out."""

from __future__ import annotations

from datetime import UTC, datetime

from kb.cache import LRU, DebateKey

BORN = datetime(2026, 1, 1, tzinfo=UTC)


def test_old_revisions_of_one_debate_leave_the_others_in_place() -> None:
    cache: LRU[str] = LRU(8, newest=2)
    large = DebateKey(1, BORN, 1)
    cache.put((large, "evaluation"), "large labels")
    for revision in range(1, 50):  # another debate written 49 times
        busy = DebateKey(2, BORN, revision)
        cache.put(busy, f"doc {revision}")
        cache.put((busy, "node"), f"node {revision}")
    assert cache.peek((large, "evaluation")) == "large labels"
    assert cache.peek(DebateKey(2, BORN, 49)) == "doc 49"
    assert cache.peek(DebateKey(2, BORN, 48)) == "doc 48"
    assert cache.peek(DebateKey(2, BORN, 47)) is None
    assert len(cache) == 5


def test_keys_without_a_debate_are_bounded_as_before() -> None:
    cache: LRU[int] = LRU(3, newest=1)
    for number in range(5):
        cache.put(("page", number), number)
    assert len(cache) == 3 and cache.peek(("page", 4)) == 4
