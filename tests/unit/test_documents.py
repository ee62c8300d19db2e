"""The numbering of passages (kb.documents): plain text and Markdown, footnotes, quotes."""

from __future__ import annotations

import pytest

from kb.documents import (
    QUOTE_LENGTH,
    Quotations,
    check_size,
    decode,
    markdown_passages,
    quotation,
    text_passages,
)
from kb.errors import InvalidInputError


def _locs(found) -> list[str]:
    return [p.locator for p in found]


def test_text_numbering_skips_blank_and_whitespace_lines_and_crlf():
    found = text_passages("\ufeffOne\r\n \t\r\n\r\nTwo  \n\n   Three\n")
    assert [(p.locator, p.text) for p in found] == [("¶1", "One"), ("¶2", "Two"),
                                                    ("¶3", "Three")]


def test_text_footnotes_are_the_last_run_from_one():
    text = "Body\n1. listed\n2. listed\nMore\n1. note a\n2. note b\n3. note c\nNow Reading\n"
    found = text_passages(text)
    assert _locs(found) == ["¶1", "¶2", "¶3", "¶4", "¶5", "fn1", "¶6", "fn2", "¶7", "fn3",
                            "¶8"]
    assert dict((p.locator, p.text) for p in found)["fn3"] == "3. note c"


def test_text_footnote_run_breaks_on_wrong_order_and_decimals():
    assert "fn2" not in _locs(text_passages("1. a\n3. b\n"))
    assert _locs(text_passages("1.5 million\n")) == ["¶1"]
    assert _locs(text_passages("x\n1. a\n\n\n2. b\n")) == ["¶1", "¶2", "fn1", "¶3", "fn2"]


def test_markdown_blocks_headings_fences_and_footnotes():
    text = ("# Title\nIntro line one\nline two\n\n```\na\n\nb\n```\n\n## Part\n"
            "Text[^1] and[^x].\n\n[^1]: First note\n    continued.\n[^x]: Second.\n")
    found = markdown_passages(text)
    assert [(p.locator, p.text) for p in found] == [
        ("¶1", "# Title"), ("¶2", "Intro line one line two"), ("¶3", "``` a b ```"),
        ("¶4", "## Part"), ("¶5", "Text[^1] and[^x]."),
        ("¶6", "[^1]: First note continued."), ("fn1", "[^1]: First note continued."),
        ("¶7", "[^x]: Second."), ("fnx", "[^x]: Second."),
    ]


def test_decode_refuses_non_utf8_and_size_cap():
    assert decode("é".encode()) == "é"
    with pytest.raises(InvalidInputError, match="not UTF-8 text"):
        decode(b"\xff\xfe")
    with pytest.raises(InvalidInputError, match="2,000,000 bytes"):
        check_size(b"x" * 2_000_001)


def test_quotation_cuts_on_a_word_boundary_at_fair_length():
    long = " ".join(["word"] * 200)
    quoted = quotation(long)
    assert len(quoted) <= QUOTE_LENGTH and quoted.endswith("word …")
    assert quotation("short text") == "short text"
    quotes = Quotations({"s": {"¶1": long}})
    assert quotes.number("s ¶ 1") == 1 and quotes.notes[0][1] == quoted
