"""Source documents: how a text is cut into the passages that citations name.

The one definition of the numbering (docs/documents.md states it for readers); the store,
the API, the pages, the summary export and the checks of citations all use it.

Plain text (``format="text"``)
    Lines are split at ``\\n`` (a ``\\r`` before it is dropped). Every line holding more
    than whitespace is a paragraph, numbered ``¶1``, ``¶2``, ... in order; its passage text
    is the line without surrounding whitespace. Then the *footnotes*: among the paragraphs,
    a run is a paragraph starting ``1.`` followed by the paragraphs starting ``2.``,
    ``3.``, ... in order (a number, a dot, then not a digit). The last run of the text
    gives the footnotes ``fn1``, ``fn2``, ...: each such paragraph is both ``¶N`` and
    ``fnK``, with the same text. Paragraphs after that run stay plain ``¶N``.
Markdown (``format="markdown"``)
    Blocks are separated by blank lines; a fenced code block (```` ``` ```` or ``~~~``) is
    one block even across blank lines; a heading line (``#``) and a footnote definition
    (``[^label]:``) start a block of their own. Every block is a paragraph ``¶N`` (its
    lines stripped and joined with one space); a block that is a footnote definition
    ``[^label]: ...`` is also ``fn`` + label (``[^14]:`` is ``fn14``).

A byte order mark is not part of the first paragraph. Locators are compared exactly,
after removing spaces (``¶ 31`` is ``¶31``).

Examples
--------
>>> for p in passages("Title\\n\\nBody.\\n1. A note.\\n2. B note.\\n"): print(p.locator, p.text)
¶1 Title
¶2 Body.
¶3 1. A note.
fn1 1. A note.
¶4 2. B note.
fn2 2. B note.
>>> [p.locator for p in passages("# T\\nText[^1].\\n\\n[^1]: A note.", "markdown")]
['¶1', '¶2', '¶3', 'fn1']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kb.doc import DebateDoc
from kb.errors import InvalidInputError

MAX_DOCUMENT_BYTES = 2_000_000
"""The largest document, in bytes of UTF-8 text (about 300,000 words)."""
MAX_TITLE = 300
QUOTE_LENGTH = 300
"""The longest quotation of a passage shown beside a citation, in characters."""

_NUMBERED = re.compile(r"^(\d{1,4})\.(?!\d)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]\s]+)\]:")
_BOM = "\ufeff"


class DocumentFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Passage:
    """One numbered passage: ``Passage("¶31", "...")`` or ``Passage("fn14", "...")``."""

    locator: str
    text: str


def decode(data: bytes) -> str:
    """Return `data` as text; InvalidInputError unless it is UTF-8 (a BOM is allowed).

    >>> decode(b"caf\\xc3\\xa9")
    'café'
    >>> decode(b"caf\\xe9")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kb.errors.InvalidInputError: the document is not UTF-8 text (byte 3 cannot be read); ...
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"the document is not UTF-8 text (byte {exc.start} cannot be read); save it "
            "as UTF-8 and send it again") from None


def check_size(data: bytes) -> None:
    """InvalidInputError if `data` is larger than :data:`MAX_DOCUMENT_BYTES`.

    >>> check_size(b"x" * 10)
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(
            f"the document is {len(data):,} bytes; the most a document may hold is "
            f"{MAX_DOCUMENT_BYTES:,} bytes; split it into parts")


def _lines(text: str) -> list[str]:
    return [line.rstrip("\r") for line in text.removeprefix(_BOM).split("\n")]


def text_passages(text: str) -> tuple[Passage, ...]:
    """Number plain text: one paragraph per non-empty line, then the footnotes.

    >>> [p.locator for p in text_passages("a\\n1. x\\n2. y\\nb\\n1. n1\\n2. n2\\nEnd")]
    ['¶1', '¶2', '¶3', '¶4', '¶5', 'fn1', '¶6', 'fn2', '¶7']
    """
    paragraphs = [line.strip() for line in _lines(text) if line.strip()]
    notes = _last_run(paragraphs)
    found: list[Passage] = []
    for index, para in enumerate(paragraphs):
        found.append(Passage(f"¶{index + 1}", para))
        if index in notes:
            found.append(Passage(f"fn{notes[index]}", para))
    return tuple(found)


def _last_run(paragraphs: Sequence[str]) -> dict[int, int]:
    """Index -> footnote number of the last run ``1.``, ``2.``, ... of `paragraphs`."""
    best: dict[int, int] = {}
    current: dict[int, int] = {}
    for index, para in enumerate(paragraphs):
        m = _NUMBERED.match(para)
        number = int(m.group(1)) if m else None
        if number == 1:
            current = {index: 1}
            best = current
        elif number is not None and current and number == len(current) + 1 \
                and index - 1 in current:
            current[index] = number
        else:
            current = {}
    return best


def _markdown_blocks(text: str) -> Iterator[list[str]]:
    block: list[str] = []
    fence: str | None = None
    for line in _lines(text):
        if fence is not None:
            block.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        if (m := _FENCE.match(line)) is not None:
            fence = m.group(1)
        if not line.strip():
            if block:
                yield block
            block = []
            continue
        if (_HEADING.match(line) or _FOOTNOTE_DEF.match(line)) and block:
            yield block
            block = []
        block.append(line)
        if _HEADING.match(line):
            yield block
            block = []
    if block:
        yield block


def markdown_passages(text: str) -> tuple[Passage, ...]:
    """Number Markdown: every block a paragraph; footnote definitions also ``fnLABEL``.

    >>> [(p.locator, p.text) for p in markdown_passages("A\\nB\\n\\n[^n]: Note\\n  more")]
    [('¶1', 'A B'), ('¶2', '[^n]: Note more'), ('fnn', '[^n]: Note more')]
    """
    found: list[Passage] = []
    for number, block in enumerate(_markdown_blocks(text), start=1):
        para = " ".join(line.strip() for line in block if line.strip())
        found.append(Passage(f"¶{number}", para))
        if (m := _FOOTNOTE_DEF.match(block[0])) is not None:
            found.append(Passage(f"fn{m['label']}", para))
    return tuple(found)


def passages(text: str, format: str = DocumentFormat.TEXT) -> tuple[Passage, ...]:
    """Number `text` by the rule of its format (see the module docstring).

    >>> passages("One.\\n\\nTwo.")[1]
    Passage(locator='¶2', text='Two.')
    """
    if DocumentFormat(format) is DocumentFormat.MARKDOWN:
        return markdown_passages(text)
    return text_passages(text)


def normalize_locator(locator: str) -> str:
    """The locator as passages name it: spaces removed.

    >>> normalize_locator(" ¶ 31 "), normalize_locator("fn14")
    ('¶31', 'fn14')
    """
    return "".join(locator.split())


def passage_map(found: Iterable[Passage]) -> dict[str, str]:
    """Locator -> text.

    >>> passage_map(passages("a\\nb"))
    {'¶1': 'a', '¶2': 'b'}
    """
    return {p.locator: p.text for p in found}


def paragraph_number(locator: str) -> int | None:
    """The number N of a paragraph locator ``¶N`` (None for a footnote or anything else).

    >>> paragraph_number("¶31"), paragraph_number("fn2")
    (31, None)
    """
    m = re.fullmatch(r"¶(\d+)", normalize_locator(locator))
    return int(m.group(1)) if m else None


def quotation(text: str, limit: int = QUOTE_LENGTH) -> str:
    """`text` cut at `limit` characters on a word boundary, with an ellipsis when cut.

    >>> quotation("one two three four", 12)
    'one two …'
    >>> quotation("short", 12)
    'short'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + " …"


def citation_warnings(
    doc: DebateDoc, passages_by_source: Mapping[str, Mapping[str, str]]
) -> list[dict[str, str]]:
    """Citations of `doc` whose locator is no passage of their source's document.

    Only sources with a document are checked, and only citations with a locator.

    >>> from kb.doc import Citation, DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D", nodes=(NodeDoc("c1", NodeKind.CLAIM, "C.",
    ...     citations=(Citation("s", "¶2"), Citation("s", "¶9"), Citation("t", "p. 4"))),))
    >>> [w["msg"] for w in citation_warnings(doc, {"s": {"¶1": "a", "¶2": "b"}})]
    ["node c1 cites s ¶9, but the document of source 's' has no passage ¶9 (¶1 to ¶2)"]
    """
    found: list[dict[str, str]] = []
    items = [("node", n.key, n.citations) for n in doc.nodes]
    items += [("edge", e.key, e.citations) for e in doc.edges]
    for kind, key, citations in items:
        for citation in citations:
            known = passages_by_source.get(citation.source)
            locator = normalize_locator(citation.locator)
            if known is None or not locator or locator in known:
                continue
            numbers = [n for n in (paragraph_number(loc) for loc in known) if n is not None]
            span = f" (¶1 to ¶{max(numbers)})" if numbers else ""
            found.append({
                "item": f"{kind}:{key}", "source": citation.source, "locator": citation.locator,
                "msg": f"{kind} {key} cites {citation.source} {citation.locator}, but the "
                       f"document of source '{citation.source}' has no passage "
                       f"{locator}{span}",
            })
    return found


def paragraph_of(found: Sequence[Passage]) -> dict[str, str]:
    """Locator -> the paragraph ``¶N`` it stands in (a footnote is its paragraph's line).

    >>> paragraph_of(passages("a\\n1. n"))
    {'¶1': '¶1', '¶2': '¶2', 'fn1': '¶2'}
    """
    owner: dict[str, str] = {}
    current = ""
    for passage in found:
        if passage.locator.startswith("¶"):
            current = passage.locator
        owner[passage.locator] = current
    return owner


def citing_items(doc: DebateDoc, source: str,
                 found: Sequence[Passage]) -> dict[str, list[str]]:
    """Paragraph ``¶N`` -> the items (``node:KEY``, ``edge:KEY``) citing it in `doc`.

    A citation of a footnote counts for the paragraph that holds it.

    >>> from kb.doc import Citation, DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D", nodes=(NodeDoc("c1", NodeKind.CLAIM, "C.",
    ...     citations=(Citation("s", "fn1"),)),))
    >>> citing_items(doc, "s", passages("a\\n1. n"))
    {'¶1': [], '¶2': ['node:c1']}
    """
    owner = paragraph_of(found)
    citing: dict[str, list[str]] = {p.locator: [] for p in found if p.locator.startswith("¶")}
    items = [(f"node:{n.key}", n.citations) for n in doc.nodes]
    items += [(f"edge:{e.key}", e.citations) for e in doc.edges]
    for item, citations in items:
        for citation in citations:
            paragraph = owner.get(normalize_locator(citation.locator))
            if citation.source == source and paragraph and item not in citing[paragraph]:
                citing[paragraph].append(item)
    return citing


class Quotations:
    """Numbered quotations of cited passages, for the footnotes of a summary.

    `passages_by_source` maps a source key to its document's passages (locator -> text);
    a citation (``"minutes ¶3"``) gets a number the first time it is asked for, when its
    passage exists, and its passage is quoted at most :data:`QUOTE_LENGTH` characters.

    >>> quotes = Quotations({"minutes": {"¶3": "The council voted."}})
    >>> quotes.number("minutes ¶3"), quotes.number("minutes ¶9"), quotes.number("minutes ¶3")
    (1, None, 1)
    >>> quotes.notes
    [('minutes ¶3', 'The council voted.')]
    """

    def __init__(self, passages_by_source: Mapping[str, Mapping[str, str]]) -> None:
        self.passages = passages_by_source
        self.numbers: dict[str, int] = {}
        self.notes: list[tuple[str, str]] = []

    def number(self, citation: str) -> int | None:
        """The footnote number of `citation` (``"SOURCE LOCATOR"``), or None."""
        if citation in self.numbers:
            return self.numbers[citation]
        source, _, locator = citation.partition(" ")
        text = self.passages.get(source, {}).get(normalize_locator(locator))
        if not text:
            return None
        self.notes.append((citation, quotation(text)))
        self.numbers[citation] = len(self.notes)
        return self.numbers[citation]
