"""Store methods for documents: the texts a debate cites, kept byte for byte.

A document belongs to one debate and names one of its sources. Its bytes are kept exactly
as uploaded; its passages (:func:`kb.documents.passages`) are stored beside them. Each
document has its own version counter (its ETag); documents are outside the debate's
revisions, so writing one does not change the debate's revision.

Examples
--------
>>> from kb.schemas import SourceCreate
>>> from kb.store.examples import demo_store
>>> store = demo_store()
>>> store.add_source("demo", SourceCreate(key="s1", title="Minutes"), actor="ann").key
's1'
>>> doc, created = store.put_document("demo", "minutes", title="Minutes", source="s1",
...                                   data=b"First.\\n1. A note.\\n", actor="ann")
>>> created, [p.locator for p in doc.passages]
(True, ['¶1', '¶2', 'fn1'])
>>> store.get_passage("demo", "minutes", "fn1").text
'1. A note.'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from kb.documents import (
    DocumentFormat,
    Passage,
    check_size,
    decode,
    normalize_locator,
    passages,
)
from kb.documents_schemas import DocumentPublic, DocumentSummary, PassagePublic
from kb.errors import ConflictError, InvalidInputError, NotFoundError, StaleError
from kb.models import Document, Source, row_id, utcnow
from kb.store.core import StoreBase


def _summary(row: Document) -> dict[str, Any]:
    notes = sum(1 for p in row.passages if p["locator"].startswith("fn"))
    return {"key": row.key, "title": row.title, "format": DocumentFormat(row.format),
            "source": row.source, "size": row.size, "sha256": row.sha256,
            "paragraphs": len(row.passages) - notes, "footnotes": notes,
            "revision": row.revision, "author": row.author, "updated_at": row.updated_at}


def _public(row: Document) -> DocumentPublic:
    return DocumentPublic(**_summary(row),
                          passages=[PassagePublic(**p) for p in row.passages])


class DocumentMethods(StoreBase):
    """Documents of a debate: put (create or replace), read, list, delete, passages."""

    def _document_row(self, session: Session, slug: str, key: str) -> Document:
        debate = self._debate_row(session, slug)
        row = session.exec(select(Document).where(col(Document.debate_id) == debate.id,
                                                  col(Document.key) == key)).first()
        if row is None:
            raise NotFoundError(f"debate '{slug}' has no document '{key}'; list them with "
                                f"GET /api/debates/{slug}/documents")
        return row

    def put_document(self, slug: str, key: str, *, title: str, source: str, data: bytes,
                     format: str = DocumentFormat.TEXT, actor: str,
                     expected: int | None = None,
                     replace: bool = True) -> tuple[DocumentPublic, bool]:
        """Create document `key` of debate `slug`, or replace it; returns it and whether
        it was created.

        `data` must be UTF-8 (InvalidInputError otherwise) and at most
        :data:`kb.documents.MAX_DOCUMENT_BYTES`; `source` must be a source of the debate.
        `expected`, when given, must be the document's current revision (StaleError;
        also when there is no such document yet). Without `replace`, an existing
        document is a ConflictError.
        """
        check_size(data)
        text = decode(data)
        found = passages(text, format)
        if not title.strip():
            raise InvalidInputError("a document needs a title")
        record = [{"locator": p.locator, "text": p.text} for p in found]
        digest = hashlib.sha256(data).hexdigest()
        with self.writing() as session:
            debate = self._debate_row(session, slug)
            if session.exec(select(Source).where(col(Source.debate_id) == debate.id,
                                                 col(Source.key) == source)).first() is None:
                raise InvalidInputError(
                    f"debate '{slug}' has no source '{source}'; add the source first "
                    f"(POST /api/debates/{slug}/sources), then its document")
            row = session.exec(select(Document).where(col(Document.debate_id) == debate.id,
                                                      col(Document.key) == key)).first()
            values: dict[str, Any] = {
                "title": title, "source": source, "format": str(DocumentFormat(format)),
                      "content": data, "size": len(data), "sha256": digest,
                      "passages": record, "author": actor, "updated_at": utcnow()}
            if row is None:
                if expected is not None:
                    raise StaleError(f"debate '{slug}' has no document '{key}' yet; send no "
                                     "If-Match to create it")
                row = Document(debate_id=row_id(debate), key=key, revision=1, **values)
                session.add(row)
                session.flush()
                return _public(row), True
            if not replace:
                raise ConflictError(f"debate '{slug}' already has a document '{key}'; "
                                    "replace it (--replace) or choose another key")
            current = row.revision if expected is None else expected
            done = session.execute(
                update(Document).where(col(Document.id) == row.id,
                                       col(Document.revision) == current)
                .values(revision=current + 1, **values))
            if done.rowcount == 0:  # type: ignore[attr-defined]
                raise StaleError(f"document '{key}' of debate '{slug}' is at revision "
                                 f"{row.revision}, not {expected}; GET it again and retry")
            session.expire(row)
            return _public(self._document_row(session, slug, key)), False

    def get_document(self, slug: str, key: str) -> DocumentPublic:
        """Return document `key` of debate `slug` with its passages (NotFoundError)."""
        with self.reading() as session:
            return _public(self._document_row(session, slug, key))

    def find_document(self, slug: str, key: str) -> DocumentPublic | None:
        """Return document `key` of debate `slug`, or None."""
        try:
            return self.get_document(slug, key)
        except NotFoundError:
            return None

    def document_bytes(self, slug: str, key: str) -> tuple[DocumentSummary, bytes]:
        """Return document `key` and its bytes exactly as uploaded."""
        with self.reading() as session:
            row = self._document_row(session, slug, key)
            return DocumentSummary(**_summary(row)), bytes(row.content)

    def list_documents(self, slug: str) -> list[DocumentSummary]:
        """Return the documents of debate `slug`, by key."""
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            rows = session.exec(select(Document).where(col(Document.debate_id) == debate.id)
                                .order_by(col(Document.key))).all()
            return [DocumentSummary(**_summary(r)) for r in rows]

    def delete_document(self, slug: str, key: str, *, expected: int | None = None) -> None:
        """Delete document `key` (StaleError when `expected` is not its revision)."""
        with self.writing() as session:
            row = self._document_row(session, slug, key)
            if expected is not None and row.revision != expected:
                raise StaleError(f"document '{key}' of debate '{slug}' is at revision "
                                 f"{row.revision}, not {expected}; GET it again and retry")
            session.delete(row)

    def get_passage(self, slug: str, key: str, locator: str) -> Passage:
        """Return passage `locator` (``¶31``, ``fn14``) of document `key` (NotFoundError)."""
        wanted = normalize_locator(locator)
        with self.reading() as session:
            row = self._document_row(session, slug, key)
            for passage in row.passages:
                if passage["locator"] == wanted:
                    return Passage(passage["locator"], passage["text"])
            count = sum(1 for p in row.passages if p["locator"].startswith("¶"))
            raise NotFoundError(f"document '{key}' has no passage '{locator}'; it has "
                                f"paragraphs ¶1 to ¶{count} and its footnotes fn1, fn2 ...")

    def source_documents(self, slug: str, sources: Iterable[str] | None = None
                         ) -> dict[str, tuple[str, dict[str, str]]]:
        """Source key -> (document key, locator -> passage text) for the documents of
        debate `slug` (the first document by key when several copy one source)."""
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            query = select(Document.source, Document.key, Document.passages).where(
                col(Document.debate_id) == debate.id).order_by(col(Document.key))
            if sources is not None:
                query = query.where(col(Document.source).in_(list(sources)))
            found: dict[str, tuple[str, dict[str, str]]] = {}
            for source, key, record in session.exec(query).all():
                found.setdefault(source, (key, {p["locator"]: p["text"] for p in record}))
            return found

    def source_passages(self, slug: str,
                        sources: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
        """Source key -> locator -> passage text, for every document of debate `slug`
        (the first document by key when several copy one source)."""
        return {source: found for source, (_, found)
                in self.source_documents(slug, sources).items()}
