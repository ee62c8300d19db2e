"""The claim graph as SVG: laid out by Graphviz ``dot`` (pygraphviz), painted per party.

Rendering has two steps so that switching party never re-runs the layout:

1. :func:`layout` draws the structure (nodes, supports, rebuts, undercutters, an optional
   focus neighbourhood) with a placeholder status line in each node; it depends only on the
   debate and the view, so callers cache it per (slug, revision, view).
2. :func:`paint` writes each node's label for one party (or two, for a comparison) into a
   copy of that layout: fill and border colour, border dash pattern, a glyph (``✓ IN``,
   ``✗ OUT``, ``? UNDEC``; never colour alone), a title, and, for the web pages, a link and
   an ``aria-label`` that make every node focusable and readable by a screen reader.

Supports are solid arrows, rebuts dashed lines with a bar (tee) head. Graphviz cannot point
an edge at an edge, so an attacked edge is split at a small diamond and its undercutters
point at that diamond.

Examples
--------
>>> from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
>>> doc = DebateDoc(slug="d", title="D", nodes=(
...     NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="A fact."),
...     NodeDoc(key="c", kind=NodeKind.CLAIM, text="A claim.")),
...     edges=(EdgeDoc(key="s", source="e", target="c", relation=Relation.SUPPORTS),))
>>> svg = render(doc, [PartyView("P", {"e": "IN", "c": "OUT"})])
>>> "✓ IN" in svg and "✗ OUT" in svg
True
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation, edge_item
from kb.errors import InvalidInputError

MEDIA_TYPE = "image/svg+xml"
EXTENSION = ".svg"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

GLYPHS = {"IN": "✓", "OUT": "✗", "UNDEC": "?"}
"""The glyph shown before each label, so a label never rests on colour alone."""
SILENT_GLYPH = "○"
"""The glyph of an item that is OUT only because a party left it aside (not defeated)."""
STYLES = {  # label -> (fill, stroke, stroke-dasharray)
    "IN": ("#dff3df", "#1d6b1d", ""),
    "OUT": ("#fbe1e1", "#a3201b", "6,3"),
    "UNDEC": ("#fff3c4", "#7a5c00", "2,2"),
    None: ("#ffffff", "#444444", ""),
    "SILENT": ("#f3f3f1", "#6b6b6b", "1,3"),
}
DIVERGE_STYLE = ("#efe3fa", "#5b2a86")
EDGE_COLOURS = {Relation.SUPPORTS: "#24568f", Relation.REBUTS: "#a3201b"}
MAX_LINES = 4
WRAP = 30
VIA = {
    "shape": "diamond",
    "label": "",
    "width": "0.16",
    "height": "0.16",
    "fixedsize": "true",
    "style": "filled",
}
"""The small marker an attacked edge is split at; its undercutters end on it."""
BIG_GRAPH = 300
"""Above this many nodes the layout trades curve quality for speed (straight edges)."""
_SHAPES = tuple(f"{{{SVG_NS}}}{tag}" for tag in ("path", "polygon", "polyline", "ellipse"))
_PLACEHOLDER = {0: "", 1: "? UNDEC", 2: "≠ ? UNDEC │ ? UNDEC"}


@dataclass(frozen=True)
class PartyView:
    """One party's labels for the map: item (node key or ``edge:KEY``) -> IN/OUT/UNDEC."""

    name: str
    labels: Mapping[str, str]
    silent: frozenset[str] = frozenset()
    """Nodes OUT only because the party left them aside (unaddressed or unsupported, not
    defeated): drawn with a hollow ``○`` and a grey dotted border instead of ``✗``."""


def neighbourhood(doc: DebateDoc, focus: str, depth: int, *, limit: int | None = None,
                  around: Mapping[str, set[str]] | None = None) -> dict[str, int]:
    """Return the nodes within `depth` links of `focus`, with their distance: the nearest
    `limit` of them when there are more (ties in key order).

    An undercutter links its source to both ends of the edge it attacks; `around` is
    :func:`adjacency` of `doc` when the caller keeps it.

    >>> from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
    >>> doc = DebateDoc(slug="d", title="D", nodes=tuple(
    ...     NodeDoc(key=k, kind=NodeKind.CLAIM, text=k) for k in "abc"), edges=(
    ...     EdgeDoc(key="x", source="a", target="b", relation=Relation.SUPPORTS),
    ...     EdgeDoc(key="y", source="b", target="c", relation=Relation.REBUTS)))
    >>> neighbourhood(doc, "a", 1)
    {'a': 0, 'b': 1}
    >>> neighbourhood(doc, "b", 1, limit=2)
    {'b': 0, 'a': 1}
    """
    doc.node(focus)
    if depth < 0:
        raise InvalidInputError(f"depth must be 0 or more, not {depth}")
    adjacent = adjacency(doc) if around is None else around
    distance = {focus: 0}
    frontier = deque([focus])
    while frontier:
        key = frontier.popleft()
        if distance[key] == depth:
            continue
        for other in sorted(adjacent.get(key, ())):
            if limit is not None and len(distance) >= limit:
                return distance
            if other not in distance:
                distance[other] = distance[key] + 1
                frontier.append(other)
    return distance


def focus_part(doc: DebateDoc, focus: str, depth: int, *, limit: int | None = None,
               around: Mapping[str, set[str]] | None = None
               ) -> tuple[DebateDoc, dict[str, int]]:
    """The part of `doc` a map focused on `focus` shows (its :func:`neighbourhood` and the
    edges among it), and per shown node how many of its neighbours are left out.

    >>> from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
    >>> doc = DebateDoc(slug="d", title="D", nodes=tuple(
    ...     NodeDoc(key=k, kind=NodeKind.CLAIM, text=k) for k in "abc"), edges=(
    ...     EdgeDoc(key="x", source="a", target="b", relation=Relation.SUPPORTS),
    ...     EdgeDoc(key="y", source="b", target="c", relation=Relation.REBUTS)))
    >>> part, hidden = focus_part(doc, "a", 1)
    >>> [n.key for n in part.nodes], [e.key for e in part.edges], hidden
    (['a', 'b'], ['x'], {'b': 1})
    """
    adjacent = adjacency(doc) if around is None else around
    shown = neighbourhood(doc, focus, depth, limit=limit, around=adjacent)
    hidden = {key: count for key in shown
              if (count := len(adjacent.get(key, set()) - shown.keys()))}
    nodes = tuple(node for node in doc.nodes if node.key in shown)
    edges = tuple(_visible_edges(doc, set(shown), [e for e in doc.edges if e.source in shown]))
    return replace(doc, nodes=nodes, edges=edges, acceptance={}), hidden


def layout(doc: DebateDoc, *, columns: int = 1, focus: str | None = None, depth: int = 2,
           hidden: Mapping[str, int] | None = None) -> str:
    """Return the Graphviz SVG of the debate's structure, with unpainted status lines.

    `columns` is how many parties :func:`paint` will show (0, 1 or 2); `focus` and `depth`
    restrict the map to one node's neighbourhood; with `hidden` (from :func:`focus_part`),
    `doc` is already that part, `focus` is only drawn bold and ``⊕ N more`` marks the
    nodes `hidden` counts. The output depends only on the arguments.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D",
    ...                 nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM, text="A claim."),))
    >>> layout(doc) == layout(doc) and "A claim." in layout(doc)
    True
    """
    svg: bytes = build_graph(doc, columns=columns, focus=focus, depth=depth, hidden=hidden).draw(
        format="svg", prog="dot"
    )
    return svg.decode("utf-8")


def build_graph(
    doc: DebateDoc, *, columns: int = 1, focus: str | None = None, depth: int = 2,
    hidden: Mapping[str, int] | None = None,
) -> Any:
    """Return the pygraphviz ``AGraph`` that :func:`layout` draws (its DOT: ``.to_string()``).

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D",
    ...                 nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM, text="A claim."),))
    >>> build_graph(doc).to_string().startswith("digraph d {")
    True
    """
    import pygraphviz

    if columns not in _PLACEHOLDER:
        raise InvalidInputError(f"a map shows 0, 1 or 2 parties, not {columns}")
    shown = neighbourhood(doc, focus, depth) if focus is not None and hidden is None else None
    if hidden is None:
        hidden = _hidden_links(doc, shown) if shown is not None else {}
    graph = pygraphviz.AGraph(directed=True, strict=False, name=doc.slug)
    graph.graph_attr.update(rankdir="BT", nodesep="0.25", ranksep="0.45", bgcolor="transparent")
    graph.node_attr.update(fontname="Helvetica", fontsize="11", margin="0.12,0.06")
    graph.edge_attr.update(fontname="Helvetica", fontsize="9", arrowsize="0.8")
    nodes = [node for node in doc.nodes if shown is None or node.key in shown]
    if len(nodes) > BIG_GRAPH:
        graph.graph_attr.update(splines="line", mclimit="0.1", nslimit="1", nslimit1="1")
    for node in nodes:
        lines = [_PLACEHOLDER[columns]] if columns else []
        lines += _wrap(node.text)
        if node.key in hidden:
            lines.append(f"⊕ {hidden[node.key]} more")
        evidence = node.kind is NodeKind.EVIDENCE
        graph.add_node(
            node.key,
            id=f"node-{node.key}",
            label="\\n".join(_escape(line) for line in lines),
            shape="note" if evidence else "box",
            style="filled" if evidence else "rounded,filled",
            fillcolor="white",
            penwidth="3" if node.key == focus else "1.2",
        )
    edges = _visible_edges(doc, {node.key for node in nodes})
    attacked = {edge.target_edge for edge in edges if edge.target_edge}
    stagger = _stagger(edges)
    for edge in edges:
        head = f"via/{edge.target_edge}" if edge.target_edge else str(edge.target)
        style = {
            "color": EDGE_COLOURS[edge.relation],
            "style": "solid" if edge.relation is Relation.SUPPORTS else "dashed",
            "arrowhead": "normal" if edge.relation is Relation.SUPPORTS else "tee",
            "minlen": str(stagger.get(edge.key, 1)),
        }
        if edge.key in attacked:
            via = f"via/{edge.key}"
            colour = style["color"]
            graph.add_node(via, id=f"via-{edge.key}", fillcolor=colour, color=colour, **VIA)
            tail = {"color": colour, "style": style["style"], "dir": "none"}
            graph.add_edge(edge.source, via, id=f"edge-{edge.key}~tail", **tail)
            graph.add_edge(via, head, id=f"edge-{edge.key}", **style)
        else:
            graph.add_edge(edge.source, head, id=f"edge-{edge.key}", **style)
    return graph


def paint(
    svg: str,
    doc: DebateDoc,
    views: Sequence[PartyView] = (),
    *,
    href: Callable[[str], str] | None = None,
    inline: bool = False,
) -> str:
    """Write the labels of one party (or two, compared) into a :func:`layout`.

    `href(key)` gives each node a link; `inline` drops the fixed size so a page can scale
    the map through its ``viewBox``.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D",
    ...                 nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM, text="A claim."),))
    >>> out = paint(layout(doc), doc, [PartyView("P", {"c": "UNDEC"})], href=lambda k: "/" + k)
    >>> 'aria-label="? UNDEC A claim. Claim. P: UNDEC."' in out
    True
    """
    if len(views) > 2:
        raise InvalidInputError("a map compares at most two parties")
    root = ET.fromstring(svg)
    texts = {node.key: node for node in doc.nodes}
    edges = {edge.key: edge for edge in doc.edges}
    root.set("role", "group")
    root.set("aria-label", f"Claim graph of {doc.title}")
    root.set("class", "argmap")
    if inline:
        for attribute in ("width", "height"):
            root.attrib.pop(attribute, None)
    for group in root.iter(f"{{{SVG_NS}}}g"):
        ident = group.get("id", "")
        if ident.startswith("node-") and ident[5:] in texts:
            _paint_node(group, texts[ident[5:]].key, doc, views, href)
        elif ident.startswith("edge-"):
            key = ident[5:].removesuffix("~tail")
            if key in edges:
                _paint_edge(group, edges[key], views)
        elif ident.startswith("via-"):
            group.set("class", "via")
            group.set("aria-hidden", "true")
    return ET.tostring(root, encoding="unicode")


def render(
    doc: DebateDoc,
    views: Sequence[PartyView] = (),
    *,
    focus: str | None = None,
    depth: int = 2,
    href: Callable[[str], str] | None = None,
    inline: bool = False,
) -> str:
    """Lay out and paint in one go (no caching); see :func:`layout` and :func:`paint`.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D",
    ...                 nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM, text="A claim."),))
    >>> render(doc).startswith("<svg")
    True
    """
    drawn = layout(doc, columns=len(views), focus=focus, depth=depth)
    return paint(drawn, doc, views, href=href, inline=inline)


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """Return the whole map as a standalone SVG file, labelled for `party` if given.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D",
    ...                 nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM, text="A claim."),))
    >>> dump(doc).startswith("<svg")
    True
    """
    views: list[PartyView] = []
    if party is not None:
        from kb import engine

        labelling = engine.evaluate_party(doc, party)
        labels = {key: str(label) for key, label in _label_items(labelling)}
        views.append(PartyView(doc.party(party).name, labels))
    return render(doc, views)


def _stagger(edges: Sequence[EdgeDoc]) -> dict[str, int]:
    """Edge lengths 1, 2, 3, 1, ... for the leaves under one node, as Graphviz's unflatten.

    A claim with many pieces of evidence beneath it would otherwise put them all on one
    rank and make the map very wide; staggering them over three ranks narrows it.
    """
    heads = {edge.target for edge in edges} | {edge.target_edge for edge in edges}
    leaves: dict[str, list[str]] = {}
    for edge in edges:
        if edge.source not in heads and edge.target is not None:
            leaves.setdefault(edge.target, []).append(edge.key)
    lengths: dict[str, int] = {}
    for keys in leaves.values():
        if len(keys) > 3:
            lengths.update((key, 1 + index % 3) for index, key in enumerate(keys))
    return lengths


def _label_items(labelling: object) -> list[tuple[str, object]]:
    """Item -> label pairs of an engine labelling (a mapping, or an object with `labels`)."""
    labels = getattr(labelling, "labels", labelling)
    if isinstance(labels, Mapping):
        return [(str(key), value) for key, value in labels.items()]
    raise InvalidInputError("the engine returned a labelling this renderer cannot read")


@dataclass(frozen=True)
class _NodeMarks:
    """What the shown parties say of one node: a label per view, whether each OUT is
    silence (the party never addressed it), and whether two compared views diverge."""

    labels: list[str | None]
    silent: list[bool]
    diverges: bool

    @classmethod
    def of(cls, key: str, views: Sequence[PartyView]) -> _NodeMarks:
        labels = [_label(view.labels.get(key)) for view in views]
        silent = [label == "OUT" and key in view.silent
                  for view, label in zip(views, labels, strict=True)]
        return cls(labels, silent, len(labels) == 2 and labels[0] != labels[1])

    def classes(self, kind: NodeKind) -> str:
        classes = ["node", kind.value] + [f"label-{(label or 'none').lower()}"
                                          for label in self.labels]
        if any(self.silent):
            classes.append("silent")
        if self.diverges:
            classes.append("diverges")
        return " ".join(classes)

    def style(self) -> tuple[str, str, str | None]:
        """Fill, stroke and dash of the node's shapes."""
        labels = self.labels
        fill, stroke, dash = STYLES[labels[0] if len(labels) == 1 else None]
        if len(labels) == 1 and self.silent[0]:
            fill, stroke, dash = STYLES["SILENT"]
        if self.diverges:
            fill, stroke = DIVERGE_STYLE
        elif len(labels) == 2:
            fill, stroke, _ = STYLES[labels[0]]
        return fill, stroke, dash

    def status_line(self) -> str:
        """The first text line: a glyph and label per view (``≠`` first when diverging)."""
        statuses = [f"{SILENT_GLYPH if quiet else GLYPHS.get(label or '', '·')} {label or '—'}"
                    for label, quiet in zip(self.labels, self.silent, strict=True)]
        return ("≠ " if self.diverges else "") + " │ ".join(statuses)

    def said(self, views: Sequence[PartyView]) -> str:
        """The labels in words: ``Ann: IN. Bob: OUT, not addressed.``"""
        return " ".join(
            f"{view.name}: {label or 'no label'}{', not addressed' if quiet else ''}."
            for view, label, quiet in zip(views, self.labels, self.silent, strict=True))


def _paint_shapes(group: ET.Element, marks: _NodeMarks) -> None:
    fill, stroke, dash = marks.style()
    for shape in group:
        if shape.tag in _SHAPES:
            if shape.get("fill") not in (None, "none"):
                shape.set("fill", fill)
            shape.set("stroke", stroke)
            if dash and shape.tag != f"{{{SVG_NS}}}polyline":
                shape.set("stroke-dasharray", dash)
            if marks.diverges:
                shape.set("stroke-width", "3")


def _spoken_names(node: NodeDoc, texts: Sequence[ET.Element], marks: _NodeMarks,
                  views: Sequence[PartyView]) -> tuple[str, str]:
    """The node's tooltip (``title``) and its link's accessible name, which starts with
    the visible text (WCAG 2.5.3, label in name)."""
    kind = "Evidence" if node.kind is NodeKind.EVIDENCE else "Claim"
    said = marks.said(views)
    diverge = " The parties diverge." if marks.diverges else ""
    title = f"{kind}: {node.text}" + (f" {said}" if said else "") + diverge
    visible = " ".join(text.text or "" for text in texts).strip()
    shown_in_full = " ".join(node.text.split()) in visible
    stop = "" if visible.endswith((".", "?", "!")) else "."
    spoken = f"{visible}{stop} {kind}" + ("" if shown_in_full else f": {node.text}")
    spoken += (f". {said}" if said else ".") + diverge
    return title, spoken


def _wrap_in_link(group: ET.Element, key: str, href: str, label: str) -> None:
    """Move the group's drawing (not its title) into one focusable link to `href`."""
    link = ET.Element(f"{{{SVG_NS}}}a", {"href": href, "class": "node-link", "tabindex": "0",
                                         "role": "link", "aria-label": label, "data-key": key})
    link.extend(child for child in list(group) if child.tag != f"{{{SVG_NS}}}title")
    for child in list(group):
        if child.tag != f"{{{SVG_NS}}}title":
            group.remove(child)
    group.append(link)


def _paint_node(
    group: ET.Element,
    key: str,
    doc: DebateDoc,
    views: Sequence[PartyView],
    href: Callable[[str], str] | None,
) -> None:
    node = doc.node(key)
    marks = _NodeMarks.of(key, views)
    _paint_shapes(group, marks)
    texts = group.findall(f"{{{SVG_NS}}}text")
    if views and texts:
        texts[0].text = marks.status_line()
        texts[0].set("font-weight", "bold")
    tooltip, spoken = _spoken_names(node, texts, marks, views)
    title = group.find(f"{{{SVG_NS}}}title")
    if title is not None:
        title.text = tooltip
    group.set("class", marks.classes(node.kind))
    group.set("data-key", key)
    if href is not None:
        _wrap_in_link(group, key, href(key), spoken)


def _paint_edge(group: ET.Element, edge: EdgeDoc, views: Sequence[PartyView]) -> None:
    labels = [_label(view.labels.get(edge_item(edge.key))) for view in views]
    classes = ["edge", edge.relation.value]
    if edge.is_undercutter:
        classes.append("undercutter")
    classes += [f"label-{label.lower()}" for label in labels if label]
    group.set("class", " ".join(classes))
    group.set("data-edge", edge.key)
    group.set("aria-hidden", "true")
    title = group.find(f"{{{SVG_NS}}}title")
    if title is not None:
        target = edge.target if edge.target is not None else f"the edge {edge.target_edge}"
        said = "".join(
            f" {view.name}: {label}." for view, label in zip(views, labels, strict=True) if label
        )
        title.text = f"{edge.source} {edge.relation.value} {target}.{said}"
    if len(labels) == 1 and labels[0] == "OUT":
        for shape in group:
            if shape.tag in _SHAPES:
                shape.set("opacity", "0.45")


def _label(value: object) -> str | None:
    if value is None:
        return None
    text = str(getattr(value, "value", value)).upper()
    return text if text in GLYPHS else None


def _wrap(text: str) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), WRAP) or [""]
    if len(lines) > MAX_LINES:
        lines = [
            *lines[: MAX_LINES - 1],
            textwrap.shorten(" ".join(lines[MAX_LINES - 1 :]), WRAP, placeholder=" …"),
        ]
    return lines


def _escape(line: str) -> str:
    """Graphviz reads backslashes in labels as escapes (``\\n``, ``\\N``): double them."""
    return line.replace("\\", "\\\\")


def _endpoints(doc: DebateDoc, edge: EdgeDoc) -> set[str]:
    """The nodes an edge connects; an undercutter reaches through to the edge it attacks."""
    ends = {edge.source}
    seen = {edge.key}
    while edge.target_edge is not None and edge.target_edge not in seen:
        seen.add(edge.target_edge)
        edge = doc.edge(edge.target_edge)
        ends.add(edge.source)
    if edge.target is not None:
        ends.add(edge.target)
    return ends


def adjacency(doc: DebateDoc) -> dict[str, set[str]]:
    """Per node, the nodes one link away (an undercutter's source counts as next to both
    ends of the edge it attacks).

    >>> from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
    >>> doc = DebateDoc(slug="d", title="D", nodes=tuple(
    ...     NodeDoc(key=k, kind=NodeKind.CLAIM, text=k) for k in "ab"), edges=(
    ...     EdgeDoc(key="x", source="a", target="b", relation=Relation.SUPPORTS),))
    >>> sorted(adjacency(doc).items())
    [('a', {'b'}), ('b', {'a'})]
    """
    adjacent: dict[str, set[str]] = {}
    for edge in doc.edges:
        ends = _endpoints(doc, edge)
        for end in ends:
            adjacent.setdefault(end, set()).update(ends - {end})
    return adjacent


def _hidden_links(doc: DebateDoc, shown: Mapping[str, int]) -> dict[str, int]:
    """For each shown node, how many of its neighbours the focus view leaves out."""
    hidden = {}
    for key, others in adjacency(doc).items():
        if key in shown and (count := len(others - shown.keys())):
            hidden[key] = count
    return hidden


def _visible_edges(doc: DebateDoc, shown: set[str],
                   among: Sequence[EdgeDoc] | None = None) -> list[EdgeDoc]:
    """Edges (of `among`, default all) whose ends are all shown (an undercutter needs the
    edge it attacks too), in the order of `doc`."""
    visible: dict[str, EdgeDoc] = {}
    pending = list(doc.edges if among is None else among)
    while pending:
        later = []
        for edge in pending:
            if edge.source not in shown:
                continue
            if edge.target is not None and edge.target in shown:
                visible[edge.key] = edge
            elif edge.target_edge is not None:
                later.append(edge)
        resolved = [edge for edge in later if edge.target_edge in visible]
        for edge in resolved:
            visible[edge.key] = edge
        if not resolved:
            break
        pending = [edge for edge in later if edge.key not in visible]
    return [edge for edge in (doc.edges if among is None else among) if edge.key in visible]
