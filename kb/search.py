"""Full-text search: the words of a query, and snippets highlighted safely.

The databases do the searching (:mod:`kb.store.search`); this module turns what a user
typed into the words both engines are given (letters and digits only, so no query syntax
ever reaches them), and a snippet into HTML whose highlight marks are added **after**
escaping, so no node text can inject markup.

Examples
--------
>>> terms('Russia "defers" to China?!')
['russia', 'defers', 'to', 'china']
>>> highlight_html(START + "Russia" + STOP + " & <China>")
'<mark>Russia</mark> &amp; &lt;China&gt;'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from kb.errors import InvalidInputError

START = "\x02"
STOP = "\x03"
"""The marks the databases put around matched words in a snippet (control characters no
node text shows)."""
MAX_TERMS = 12
_WORD = re.compile(r"[^\W_]+")
_PAIR = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


@dataclass(frozen=True)
class SearchHit:
    """One matching node: where it is, what it says, its snippet (with marks) and score."""

    debate: str
    debate_title: str
    key: str
    kind: str
    text: str
    tags: list[str] = field(default_factory=list)
    snippet: str = ""
    score: float = 0.0


def terms(query: str) -> list[str]:
    """Return the words of `query` (lower case, letters and digits), at most MAX_TERMS.

    >>> terms("  ")
    Traceback (most recent call last):
    ...
    kb.errors.InvalidInputError: the search has no word to look for; type a word or two
    """
    found = _WORD.findall(query.casefold())[:MAX_TERMS]
    if not found:
        raise InvalidInputError("the search has no word to look for; type a word or two")
    return found


def fts5_query(words: list[str]) -> str:
    """Return the FTS5 query: every word, as a prefix, must occur.

    >>> fts5_query(["russia", "chin"])
    '"russia"* "chin"*'
    """
    return " ".join(f'"{word}"*' for word in words)


def tsquery(words: list[str]) -> str:
    """Return the PostgreSQL ``to_tsquery`` text: every word, as a prefix, must occur.

    >>> tsquery(["russia", "chin"])
    'russia:* & chin:*'
    """
    return " & ".join(f"{word}:*" for word in words)


def plain(snippet: str) -> str:
    """Return a snippet without its marks.

    >>> plain(START + "a" + STOP + " b")
    'a b'
    """
    return snippet.replace(START, "").replace(STOP, "")


def highlight_html(snippet: str) -> str:
    """Return `snippet` as HTML: escaped, then its marked words wrapped in ``<mark>``.

    Marks that do not pair up (a text that held the mark characters itself) are dropped
    rather than trusted.

    >>> highlight_html("<b>" + START + "x" + STOP)
    '&lt;b&gt;<mark>x</mark>'
    >>> highlight_html(STOP + "x" + START)
    'x'
    """
    escaped = escape(snippet, quote=True)
    marked = _PAIR.sub(r"<mark>\1</mark>", escaped)
    return marked.replace(START, "").replace(STOP, "")
