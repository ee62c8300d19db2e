"""The dry run of an import: every problem of a file, with its line, and nothing written."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kb.errors import ArgmapError
from kb.formats import format_module
from kb.store import Store
from kb.validation import problems


def _problem(error: dict[str, Any]) -> dict[str, Any]:
    loc = error.get("loc", "")
    if isinstance(loc, list | tuple):
        loc = ".".join(str(part) for part in loc)
    found = {"loc": loc, "msg": str(error.get("msg", ""))}
    if "line" in error:
        found["line"] = error["line"]
    return found


def check_import(raw: bytes, store: Store, format: str, slug: str | None) -> dict[str, Any]:
    """Return ``{"valid", "slug", "exists", "counts", "problems"}`` for an import of `raw`.

    Each problem is ``{"loc", "msg"}`` plus ``"line"`` when the format knows it (seed,
    yaml). Nothing is written.
    """
    report: dict[str, Any] = {"valid": False, "slug": slug, "exists": False, "counts": {},
                              "problems": []}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        report["problems"] = [{"loc": "", "msg": f"the file is not UTF-8 text (byte {exc.start})"}]
        return report
    try:
        doc = format_module(format).load(text)
    except ArgmapError as exc:
        found = exc.errors or [{"loc": "", "msg": exc.detail}]
        report["problems"] = [_problem(e) for e in found]
        return report
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        report["problems"] = [{"loc": "", "msg": f"could not read the file as {format}: {exc}"}]
        return report
    if slug is not None:
        doc = replace(doc, slug=slug)
    report["slug"] = doc.slug
    report["exists"] = store.find_debate(doc.slug) is not None
    report["counts"] = {"sources": len(doc.sources), "parties": len(doc.parties),
                        "nodes": len(doc.nodes), "edges": len(doc.edges)}
    report["problems"] = [_problem(p) for p in problems(doc)]
    report["valid"] = not report["problems"]
    return report
