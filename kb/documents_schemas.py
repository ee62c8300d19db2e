"""Input and output shapes of documents (pydantic), shared by the API, the CLI and pages.

Examples
--------
>>> DocumentPut(title="T", text="One.", source="s").format
<DocumentFormat.TEXT: 'text'>
>>> PassagePublic(locator="¶1", text="One.").model_dump()
{'locator': '¶1', 'text': 'One.'}
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from kb.doc import KEY_PATTERN
from kb.documents import MAX_TITLE, DocumentFormat, normalize_locator
from kb.schemas import CitationPublic, NodePublic, UtcDateTime


class DocumentPut(BaseModel):
    """The body of ``PUT /api/debates/{slug}/documents/{key}``."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=MAX_TITLE, description="The document's title.")
    text: str = Field(description="The whole text, kept exactly as sent (UTF-8).")
    format: DocumentFormat = Field(default=DocumentFormat.TEXT,
                                   description="How its passages are numbered.")
    source: str = Field(pattern=KEY_PATTERN, description="The debate's source it is a copy of.")


class PassagePublic(BaseModel):
    locator: str = Field(description="`¶N` for paragraph N, `fnK` for footnote K.")
    text: str


class DocumentSummary(BaseModel):
    """A document without its passages (the list)."""

    key: str
    title: str
    format: DocumentFormat
    source: str
    size: int = Field(description="Bytes of the text as uploaded.")
    sha256: str = Field(description="SHA-256 of the bytes as uploaded (hex).")
    paragraphs: int = Field(description="How many paragraphs `¶N` it has.")
    footnotes: int = Field(description="How many footnotes `fnK` it has.")
    revision: int = Field(description="Its version (1, 2 ...): the ETag.")
    author: str
    updated_at: UtcDateTime


class DocumentPublic(DocumentSummary):
    """A document with its passages."""

    passages: list[PassagePublic]


class CitationPassage(CitationPublic):
    passage: str | None = Field(description="The cited passage's text, or null when the "
                                "debate holds no document of the source or no such passage.")


class NodePassages(NodePublic):
    """A node whose citations carry their passages (``?expand=passages``)."""

    citations: list[CitationPassage] = Field(default_factory=list)  # type: ignore[assignment]


def with_passages(node: NodePublic,
                  passages_by_source: Mapping[str, Mapping[str, str]]) -> NodePassages:
    """`node` with the text of each cited passage (null when there is none).

    >>> from kb.schemas import NodePublic
    >>> node = NodePublic(key="c1", kind="claim", text="C.", revision=1,
    ...                   citations=[{"source": "s", "locator": "¶ 2"}, {"source": "t"}])
    >>> [c.passage for c in with_passages(node, {"s": {"¶2": "Two."}}).citations]
    ['Two.', None]
    """
    citations = []
    for citation in node.citations:
        known = passages_by_source.get(citation.source, {})
        locator = normalize_locator(citation.locator)
        citations.append(CitationPassage(source=citation.source, locator=citation.locator,
                                         passage=known.get(locator) if locator else None))
    return NodePassages(**{**node.model_dump(), "citations": citations})
