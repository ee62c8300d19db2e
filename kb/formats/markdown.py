"""Markdown debate summary: a seminar handout built from :mod:`kb.formats.summary`.

``party=P`` puts P first in every status line (the content is the same for all parties).

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, NodeKind, PartyDoc
>>> doc = DebateDoc(slug="d", title="Is *tea* better?", parties=(PartyDoc(key="a", name="Ann"),),
...     nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM, text="Tea is better."),),
...     acceptance={"a": {"c": "accepted"}})
>>> print(dump(doc).splitlines()[0])
# Is \\*tea\\* better?
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kb.doc import DebateDoc
from kb.documents import Quotations
from kb.formats.summary import ClaimEntry, CruxEntry, Link, Status, Summary, build

QUOTES_PASSAGES = True
"""``dump`` takes ``passages=``: cited passages become footnoted quotations."""
MEDIA_TYPE = "text/markdown"
EXTENSION = ".md"

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def escape(text: str) -> str:
    """Escape Markdown markup in `text` (and fold it onto one line).

    >>> escape("a *b* | [c]")
    'a \\\\*b\\\\* \\\\| \\\\[c\\\\]'
    """
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def safe_url(url: str) -> str:
    """`url` if it can stand in a Markdown autolink ``<...>``: http(s) only, nothing that
    ends the link or starts markup; else the empty string.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', '')
    """
    if not url.startswith(("http://", "https://")) or any(c in url for c in " <>\n\"'`\\"):
        return ""
    return url


def _status_line(statuses: tuple[Status, ...]) -> str:
    return " · ".join(f"{escape(s.name)}: **{s.label}** ({s.words}, strength {s.strength:.2f})"
                      for s in statuses)


def _ordered(entry: ClaimEntry, party: str | None) -> tuple[Status, ...]:
    return tuple(sorted(entry.statuses, key=lambda s: s.party != party))


def _link(link: Link) -> str:
    cited = f" ({'; '.join(escape(c) for c in link.citations)})" if link.citations else ""
    return f"«{escape(link.text)}»{cited}"


def _cited(citation: str, quotes: Quotations | None) -> str:
    number = quotes.number(citation) if quotes is not None else None
    return escape(citation) + (f"[^q{number}]" if number is not None else "")


def _claim(entry: ClaimEntry, party: str | None, level: str = "####",
           quotes: Quotations | None = None) -> list[str]:
    lines = [f"{level} {escape(entry.text)}", "",
             f"- Status: {_status_line(_ordered(entry, party))}"]
    for status in _ordered(entry, party):
        if status.explanation:
            lines.append("- Why: " + " ".join(escape(s) for s in status.explanation))
    if entry.supported_by:
        lines.append("- Supported by: " + "; ".join(_link(link) for link in entry.supported_by))
    if entry.rebutted_by:
        lines.append("- Rebutted by: " + "; ".join(_link(link) for link in entry.rebutted_by))
    if entry.citations:
        lines.append("- Cited: " + "; ".join(_cited(c, quotes) for c in entry.citations))
    return [*lines, ""]


def _crux(crux: CruxEntry) -> list[str]:
    labels = ", ".join(f"{escape(s.name)} {s.label}" for s in crux.claim.statuses
                       if s.name in crux.parties)
    lines = [f"- **{escape(crux.claim.text)}** ({labels})"]
    for way in crux.ways:
        on = "; ".join(f"the {item.kind} «{escape(item.text)}» ("
                       + ", ".join(f"{escape(name)} {stance}" for name, stance in item.stances)
                       + ")" for item in way.items)
        lines.append(f"  - On {on}:")
        lines += [f"    - {escape(s)}" for s in way.settlements]
    if crux.more_ways:
        ways = "way" if crux.more_ways == 1 else "ways"
        lines.append(f"  - … and {crux.more_ways} more {ways} to settle it.")
    return lines


def _question(summary: Summary, party: str | None) -> list[str]:
    if not summary.question:
        return []
    out = ["## The question", ""]
    robust = dict(summary.robustness)
    for entry in summary.question:
        out += [f"> {escape(entry.text)}", "", f"{_status_line(_ordered(entry, party))}", ""]
        out += [f"- {escape(line)}" for line in robust.get(entry.key, ())]
        out += [""] if robust.get(entry.key) else []
    return out


def _parties(summary: Summary) -> list[str]:
    out = ["## The parties", ""]
    for p in summary.parties:
        about = f": {escape(p.description.strip().rstrip('.'))}." if p.description else "."
        out.append(f"- **{escape(p.name)}** (`{p.key}`){about} Accepts {p.accepted} and "
                   f"rejects {p.rejected} of the debate's items.")
    if not summary.parties:
        out.append("- No parties are recorded for this debate.")
    return [*out, ""]


def _agreement(summary: Summary) -> list[str]:
    out = ["## Where they agree", ""]
    if summary.agreed_in:
        out += ["All parties hold that these claims stand:", ""]
        out += [f"- {escape(e.text)}" for e in summary.agreed_in] + [""]
    if summary.agreed_out:
        out += ["No party's evidence makes these claims stand:", ""]
        out += [f"- {escape(e.text)}" for e in summary.agreed_out] + [""]
    if summary.agreed_more:
        out += [f"They agree on {summary.agreed_more} further claims (see the sections "
                "below).", ""]
    if not (summary.agreed_in or summary.agreed_out or summary.agreed_more):
        out += ["The parties agree on no claim.", ""]
    return out


def _divergence(summary: Summary, party: str | None) -> list[str]:
    out = ["## Where they diverge, and on what evidence", ""]
    if not summary.divergent:
        out += ["The parties label every claim alike.", ""]
    for entry in summary.divergent:
        out.append(f"- {escape(entry.text)} — {_status_line(_ordered(entry, party))}")
    if summary.divergent_more:
        out.append(f"- … and {summary.divergent_more} more (see the sections below).")
    out.append("")
    if summary.cruxes:
        out += ["### Cruxes", "",
                "The smallest differences in what the parties accept that would settle "
                "each disagreement:", ""]
        for crux in summary.cruxes:
            out += _crux(crux)
        out.append("")
    return out


def _sections(summary: Summary, party: str | None, quotes: Quotations | None) -> list[str]:
    out = ["## The claims, section by section", ""]
    if not summary.sections:
        out += ["This debate has no claims yet.", ""]
    for section in summary.sections:
        span = f" ({escape(section.span)})" if section.span else ""
        out += [f"### {escape(section.title)}{span}", ""]
        for entry in section.main:
            out += _claim(entry, party, quotes=quotes)
        if section.others:
            out += ["Also in this section:", ""]
            out += [f"- {escape(e.text)} — {_status_line(_ordered(e, party))}"
                    for e in section.others] + [""]
    return out


def _bibliography(summary: Summary) -> list[str]:
    if not summary.bibliography:
        return []
    out = ["## Bibliography", ""]
    for bib in summary.bibliography:
        url = f" <{safe_url(bib.url)}>" if safe_url(bib.url) else ""
        out.append(f"- {escape(bib.text)}{url} · `{bib.key}`, cited {bib.uses}×")
    return [*out, ""]


def _quoted(quotes: Quotations | None) -> list[str]:
    if quotes is None or not quotes.notes:
        return []
    out = ["## Quoted passages", ""]
    out += [f"[^q{n}]: {escape(citation)}: “{escape(text)}”"
            for n, (citation, text) in enumerate(quotes.notes, start=1)]
    return [*out, ""]


def render(summary: Summary, *, party: str | None = None,
           quotes: Quotations | None = None) -> str:
    """Render a built summary as Markdown: the sections in the order a reader meets them
    (the quoted passages last, once the claims have numbered them).

    >>> from kb.doc import DebateDoc
    >>> from kb.formats.summary import build
    >>> render(build(DebateDoc(slug="d", title="D"))).splitlines()[4]
    '## The parties'
    """
    out = [f"# {escape(summary.title)}", ""]
    if summary.summary:
        out += [escape(summary.summary), ""]
    out += [summary.size, "", *_question(summary, party), *_parties(summary)]
    if len(summary.parties) > 1:
        out += _agreement(summary) + _divergence(summary, party)
    out += _sections(summary, party, quotes) + _bibliography(summary) + _quoted(quotes)
    return "\n".join(out).rstrip("\n") + "\n"


def dump(doc: DebateDoc, *, party: str | None = None,
         passages: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Write the Markdown summary of `doc` (with `party`, that party's view comes first).

    `passages` (source key -> locator -> text: the debate's documents) turns each cited
    passage into a footnoted quotation (at most ``kb.documents.QUOTE_LENGTH`` characters).

    >>> from kb.doc import DebateDoc
    >>> dump(DebateDoc(slug="d", title="D")).splitlines()[-1]
    'This debate has no claims yet.'
    """
    if party is not None:
        doc.party(party)
    quotes = Quotations(passages) if passages else None
    return render(build(doc), party=party, quotes=quotes)
