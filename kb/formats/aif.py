"""AIF JSON, the Argument Interchange Format of AIFdb and OVA (export and import).

Export: every node is an I-node (``nodeID`` = node key), every supports edge an RA node and
every rebuts edge a CA node (``nodeID`` = ``"edge:" + edge key``); an undercutter is a CA node
whose conclusion is the RA or CA node of the edge it attacks. A party's acceptance is written
as AIF+ commitments: per accepted (rejected) item an L-node spoken by the party (``locutions``,
``participants``) anchored on the item by a YA node ``Asserting`` (``Disagreeing``). What AIF
cannot say (node kind, citations, tags, sources, edge glosses, who put an item forward) goes
in the extension member ``"argmap"``, which AIF tools ignore (see docs/formats.md).

Import reads AIF and xAIF (the ``"AIF"`` member) from AIFdb, OVA and corpora built on them:
I -> node; RA -> one supports edge per premise; CA -> rebuts (an undercutter when its
conclusion is an S-node); L/YA commitments -> acceptance. TA, MA, PA nodes and anything that
does not map are dropped and reported by :func:`load_report`.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation
>>> doc = DebateDoc(slug="d", title="D",
...     nodes=(NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="E."),
...            NodeDoc(key="c", kind=NodeKind.CLAIM, text="C.")),
...     edges=(EdgeDoc(key="s", source="e", relation=Relation.SUPPORTS, target="c"),))
>>> [n["type"] for n in to_dict(doc)["nodes"]]
['I', 'I', 'RA']
>>> load(dump(doc)) == doc
True
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from typing import Any, NamedTuple, TypedDict

from kb.doc import (
    EDGE_ITEM_PREFIX,
    KEY_RE,
    MAX_TEXT,
    DebateDoc,
    NodeKind,
    PartyDoc,
    Relation,
    Stance,
)
from kb.errors import InvalidInputError
from kb.formats import json as argmap_json

MEDIA_TYPE = "application/json"
EXTENSION = ".json"
EXTENSION_KEY = "argmap"
SCHEME_TEXT = {Relation.SUPPORTS: "Default Inference", Relation.REBUTS: "Default Conflict"}
SCHEME_TYPE = {Relation.SUPPORTS: "RA", Relation.REBUTS: "CA"}
ACCEPTING = {"asserting", "agreeing", "conceding", "restating", "affirming",
             "default illocuting"}
REJECTING = {"disagreeing"}
NODE_EXTRAS = ("kind", "citations", "tags", "asserted_by")
EDGE_EXTRAS = ("text", "citations", "asserted_by")


class AifNode(TypedDict):
    nodeID: str
    text: str
    type: str


class AifEdge(TypedDict):
    edgeID: str
    fromID: str
    toID: str


class AifLocution(TypedDict):
    nodeID: str
    personID: str


class AifParticipant(TypedDict):
    participantID: str
    firstname: str
    surname: str


class LoadReport(NamedTuple):
    """An imported debate and what could not be mapped (one sentence per warning)."""

    doc: DebateDoc
    warnings: list[str]


def slugify(text: str, *, fallback: str = "item") -> str:
    """Return a key matching ``kb.doc.KEY_PATTERN`` made from `text`.

    >>> slugify("Ka Ho Wong"), slugify("edge:12"), slugify("  ")
    ('ka-ho-wong', 'edge-12', 'item')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_.-]+", "-", ascii_text.lower()).strip("-._")[:80].rstrip("-._")
    return slug if slug and KEY_RE.match(slug) else fallback


class KeyAllocator:
    """Hands out unique keys: ``slugify(hint)``, then ``-2``, ``-3``... on a clash.

    >>> keys = KeyAllocator()
    >>> keys.allocate("A b"), keys.allocate("a-b"), keys.allocate("")
    ('a-b', 'a-b-2', 'item')
    """

    def __init__(self) -> None:
        self.used: set[str] = set()

    def allocate(self, hint: str, *, fallback: str = "item") -> str:
        base = slugify(hint, fallback=slugify(fallback))
        key, n = base, 1
        while key in self.used:
            n += 1
            key = f"{base[: 80 - len(str(n)) - 1]}-{n}"
        self.used.add(key)
        return key


# --------------------------------------------------------------------------- export


def _s_id(edge_key: str) -> str:
    return EDGE_ITEM_PREFIX + edge_key


def to_dict(doc: DebateDoc, *, party: str | None = None) -> dict[str, Any]:
    """Return `doc` as an AIF graph (a dict); with `party`, only that party's commitments.

    >>> from kb.doc import DebateDoc, PartyDoc
    >>> to_dict(DebateDoc(slug="d", title="D", parties=(PartyDoc(key="p",
    ...                                                          name="P"),)))["participants"]
    [{'participantID': 'p', 'firstname': 'P', 'surname': ''}]
    """
    nodes: list[AifNode] = [{"nodeID": n.key, "text": n.text, "type": "I"} for n in doc.nodes]
    edges: list[AifEdge] = []
    for e in doc.edges:
        sid = _s_id(e.key)
        nodes.append({"nodeID": sid, "text": SCHEME_TEXT[e.relation],
                      "type": SCHEME_TYPE[e.relation]})
        target = e.target if e.target is not None else _s_id(e.target_edge or "")
        edges.append({"edgeID": f"{sid}/premise", "fromID": e.source, "toID": sid})
        edges.append({"edgeID": f"{sid}/conclusion", "fromID": sid, "toID": target})
    parties = [p for p in doc.parties if party is None or p.key == party]
    if party is not None and not parties:
        doc.party(party)  # raises NotFoundError naming the debate
    locutions: list[AifLocution] = []
    texts = {n.key: n.text for n in doc.nodes}
    for p in parties:
        for item, stance in sorted(doc.acceptance.get(p.key, {}).items()):
            if stance is Stance.UNSTATED:
                continue
            said = texts.get(item, item)
            l_id, ya_id = f"l:{p.key}:{item}", f"ya:{p.key}:{item}"
            verb = "Asserting" if stance is Stance.ACCEPTED else "Disagreeing"
            nodes.append({"nodeID": l_id, "text": f"{p.name} : {said}", "type": "L"})
            nodes.append({"nodeID": ya_id, "text": verb, "type": "YA"})
            edges.append({"edgeID": f"{ya_id}/locution", "fromID": l_id, "toID": ya_id})
            # node keys and "edge:KEY" are already the ids of I- and S-nodes
            edges.append({"edgeID": f"{ya_id}/content", "fromID": ya_id, "toID": item})
            locutions.append({"nodeID": l_id, "personID": p.key})
    participants: list[AifParticipant] = [
        {"participantID": p.key, "firstname": p.name, "surname": ""} for p in doc.parties
    ]
    return {"nodes": nodes, "edges": edges, "locutions": locutions,
            "participants": participants, EXTENSION_KEY: _extension(doc)}


def _extension(doc: DebateDoc) -> dict[str, Any]:
    """What AIF cannot say, keyed by AIF nodeID (the Argmap JSON shape of each item)."""
    file = argmap_json.to_dict(doc)
    return {
        "format": file["format"],
        **{k: file[k] for k in ("slug", "title", "summary", "mode", "public", "sources",
                                "parties")},
        "nodes": {n["key"]: {k: n[k] for k in NODE_EXTRAS if k in n} for n in file["nodes"]},
        "edges": {_s_id(e["key"]): {k: e[k] for k in EDGE_EXTRAS if k in e}
                  for e in file["edges"]},
    }


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """Serialize `doc` as AIF JSON (see :func:`to_dict`).

    >>> from kb.doc import DebateDoc
    >>> dump(DebateDoc(slug="d", title="D")).splitlines()[1]
    '  "nodes": [],'
    """
    return json.dumps(to_dict(doc, party=party), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- import


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc


def _str_field(obj: Any, name: str, where: str, *, default: str | None = None) -> str:
    value = obj.get(name) if isinstance(obj, dict) else None
    value = default if value is None and isinstance(obj, dict) else value
    if value is None or isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidInputError(
            f"{where}: missing or invalid '{name}' (expected a string); "
            "check the file is AIF JSON from AIFdb or OVA"
        )
    return str(value)


def _list_field(graph: dict[str, Any], name: str, where: str) -> list[Any]:
    value = graph.get(name, [])
    if not isinstance(value, list):
        raise InvalidInputError(f"{where}{name}: expected a list")
    return value


class _Graph:
    """The parsed AIF graph: nodes by id, edges in and out, speakers of L-nodes."""

    def __init__(self, data: Any) -> None:
        prefix = ""
        if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
            data, prefix = data["AIF"], "AIF."  # xAIF wraps the AIF graph
        if not isinstance(data, dict) or "nodes" not in data:
            raise InvalidInputError(
                "not an AIF graph: expected an object with 'nodes' and 'edges' "
                "(or an xAIF object with an 'AIF' member)"
            )
        self.data = data
        self.nodes: dict[str, tuple[str, str]] = {}
        self.order: list[str] = []
        self.warnings: list[str] = []
        for i, raw in enumerate(_list_field(data, "nodes", prefix)):
            where = f"{prefix}nodes[{i}]"
            node_id = _str_field(raw, "nodeID", where)
            kind = _str_field(raw, "type", where).upper()
            text = _str_field(raw, "text", where, default="")
            if node_id in self.nodes:
                raise InvalidInputError(f"{where}: duplicate nodeID '{node_id}'")
            self.nodes[node_id] = (kind, text)
            self.order.append(node_id)
        self.ins: dict[str, list[str]] = defaultdict(list)
        self.outs: dict[str, list[str]] = defaultdict(list)
        for i, raw in enumerate(_list_field(data, "edges", prefix)):
            where = f"{prefix}edges[{i}]"
            src, dst = _str_field(raw, "fromID", where), _str_field(raw, "toID", where)
            if src not in self.nodes or dst not in self.nodes:
                self.warnings.append(f"{where}: dropped, it joins an unknown node "
                                     f"('{src}' -> '{dst}')")
                continue
            self.outs[src].append(dst)
            self.ins[dst].append(src)
        self.person_of: dict[str, str] = {}
        for i, raw in enumerate(_list_field(data, "locutions", prefix)):
            where = f"{prefix}locutions[{i}]"
            self.person_of[_str_field(raw, "nodeID", where)] = _str_field(
                raw, "personID", where)
        self.names: dict[str, str] = {}
        for i, raw in enumerate(_list_field(data, "participants", prefix)):
            where = f"{prefix}participants[{i}]"
            pid = _str_field(raw, "participantID", where)
            first = _str_field(raw, "firstname", where, default="")
            last = _str_field(raw, "surname", where, default="")
            self.names[pid] = f"{first} {last}".strip() or pid

    def of_type(self, *types: str) -> list[str]:
        return [i for i in self.order if self.nodes[i][0] in types]

    def kind(self, node_id: str) -> str:
        return self.nodes[node_id][0]


def _said_by(text: str) -> str | None:
    """The speaker's name in an L-node text ``Name : what was said``."""
    name, sep, _ = text.partition(":")
    return name.strip() if sep and 0 < len(name.strip()) <= 100 else None


class _Importer:
    """Builds the Argmap file shape from the graph, then checks it once with ``from_dict``."""

    def __init__(self, graph: _Graph) -> None:
        self.g = graph
        raw_ext = graph.data.get(EXTENSION_KEY)
        self.ext: dict[str, Any] = raw_ext if isinstance(raw_ext, dict) else {}
        self.warnings = list(graph.warnings)
        self.edge_keys = KeyAllocator()
        self.key_of: dict[str, str] = {}  # I-node id -> node key
        self.edges_of: dict[str, list[str]] = {}  # S-node id -> edge keys
        self.edges: list[dict[str, Any]] = []

    def _extra(self, group: str, node_id: str, names: tuple[str, ...]) -> dict[str, Any]:
        items = self.ext.get(group)
        extra = items.get(node_id) if isinstance(items, dict) else None
        return {k: extra[k] for k in names if k in extra} if isinstance(extra, dict) else {}

    def run(self) -> DebateDoc:
        nodes = self._nodes()
        self._plan_schemes()
        self._build_schemes()
        parties, acceptance, asserted = self._commitments()
        self._report_dropped()
        if not self.ext.get("nodes"):  # without the extension, speakers put items forward
            for node in nodes:
                if node["key"] in asserted:
                    node["asserted_by"] = sorted(asserted[node["key"]])
        ext = {k: self.ext[k] for k in ("slug", "title", "summary", "mode", "public", "sources")
               if k in self.ext}
        return argmap_json.from_dict({
            "slug": "aif-import", "title": "Imported AIF argument map", **ext,
            "parties": [{"key": p.key, "name": p.name, "description": p.description}
                        for p in parties],
            "nodes": nodes, "edges": self.edges,
            "acceptance": {p: {i: s.value for i, s in items.items()}
                           for p, items in acceptance.items()},
        })

    def _nodes(self) -> list[dict[str, Any]]:
        keys, result = KeyAllocator(), []
        for node_id in self.g.of_type("I"):
            text = self.g.nodes[node_id][1]
            if not text.strip():
                self.warnings.append(f"I-node '{node_id}' has no text; kept as '(no text)'")
                text = "(no text)"
            if len(text) > MAX_TEXT:
                self.warnings.append(f"I-node '{node_id}': text cut to {MAX_TEXT} characters")
                text = text[: MAX_TEXT - 1] + "…"
            self.key_of[node_id] = keys.allocate(node_id)
            result.append({"key": self.key_of[node_id], "kind": self._infer_kind(node_id),
                           "text": text, **self._extra("nodes", node_id, NODE_EXTRAS)})
        return result

    def _infer_kind(self, node_id: str) -> str:
        """Evidence: a premise of some RA/CA that is no RA or CA's conclusion."""
        concluded = any(self.g.kind(s) in ("RA", "CA") for s in self.g.ins[node_id])
        premise = any(self.g.kind(s) in ("RA", "CA") for s in self.g.outs[node_id])
        return (NodeKind.EVIDENCE if premise and not concluded else NodeKind.CLAIM).value

    def _plan_schemes(self) -> None:
        """Give each usable RA/CA node its edge keys (one per premise)."""
        for s_id in self.g.of_type("RA", "CA"):
            premises = [p for p in self.g.ins[s_id] if p in self.key_of]
            if not premises:
                self.warnings.append(f"{self.g.kind(s_id)} node '{s_id}' has no I-node "
                                     "premise; dropped")
                continue
            base = s_id.removeprefix(EDGE_ITEM_PREFIX)
            hints = [base] if len(premises) == 1 else [f"{base}-{self.key_of[p]}"
                                                        for p in premises]
            self.edges_of[s_id] = [self.edge_keys.allocate(hint) for hint in hints]

    def _drop(self, s_id: str, why: str) -> None:
        self.warnings.append(f"{self.g.kind(s_id)} node '{s_id}' {why}; dropped")
        del self.edges_of[s_id]

    def _build_schemes(self) -> None:
        for s_id in self.g.of_type("RA", "CA"):
            if s_id not in self.edges_of:
                continue
            kind = self.g.kind(s_id)
            targets = [t for t in self.g.outs[s_id]
                       if t in self.key_of or self.g.kind(t) in ("RA", "CA")]
            if len(targets) != 1:
                self._drop(s_id, f"has {len(targets) or 'no'} conclusion(s)")
                continue
            target = targets[0]
            if kind == "RA" and target not in self.key_of:
                self._drop(s_id, "supports an inference, which Argmap cannot express")
                continue
            if target not in self.key_of and target not in self.edges_of:
                self._drop(s_id, f"attacks '{target}', which was dropped")
                continue
            relation = Relation.SUPPORTS if kind == "RA" else Relation.REBUTS
            aimed = [None] if target in self.key_of else list(self.edges_of[target])
            premises = [p for p in self.g.ins[s_id] if p in self.key_of]
            new_keys = []
            for premise, key in zip(premises, self.edges_of[s_id], strict=True):
                if premise == target:
                    self.warnings.append(f"{kind} node '{s_id}': '{premise}' cannot "
                                         f"{relation.value[:-1]} itself; that premise dropped")
                    continue
                for n, target_edge in enumerate(aimed):
                    edge_key = key if n == 0 else self.edge_keys.allocate(f"{key}-{n + 1}")
                    aim = ({"target": self.key_of[target]} if target_edge is None
                           else {"target_edge": target_edge})
                    self.edges.append({"key": edge_key, "source": self.key_of[premise],
                                       "relation": relation.value, **aim,
                                       **self._extra("edges", _s_id(edge_key), EDGE_EXTRAS)})
                    new_keys.append(edge_key)
            self.edges_of[s_id] = new_keys

    def _commitments(self) -> tuple[list[PartyDoc], dict[str, dict[str, Stance]],
                                    dict[str, set[str]]]:
        parties: dict[str, PartyDoc] = {}
        party_keys = KeyAllocator()
        key_of_person: dict[str, str] = {}
        known = self.ext.get("parties")
        for raw in known if isinstance(known, list) else []:
            if isinstance(raw, dict) and "key" in raw:
                key = party_keys.allocate(str(raw["key"]))
                key_of_person[str(raw["key"])] = key
                parties[key] = PartyDoc(key=key, name=str(raw.get("name") or key),
                                        description=str(raw.get("description", "")))
        acceptance: dict[str, dict[str, Stance]] = defaultdict(dict)
        asserted: dict[str, set[str]] = defaultdict(set)
        skipped = 0
        for ya in self.g.of_type("YA"):
            verb = self.g.nodes[ya][1].strip().lower()
            stance = (Stance.ACCEPTED if verb in ACCEPTING else
                      Stance.REJECTED if verb in REJECTING else None)
            speaker = self._ya_speaker(ya)
            items = [item for t in self.g.outs[ya] for item in self._items(t)]
            if stance is None or speaker is None or not items:
                skipped += 1
                continue
            person, name = speaker
            if person not in key_of_person:
                hint = person if not person.isdigit() else name
                key = party_keys.allocate(hint, fallback=f"person-{person}")
                key_of_person[person] = key
                parties[key] = PartyDoc(key=key, name=name[:200] or key)
            pkey = key_of_person[person]
            for item in items:
                previous = acceptance[pkey].get(item)
                if previous is not None and previous is not stance:
                    self.warnings.append(f"party '{pkey}' both accepts and rejects '{item}'; "
                                         "the later YA node wins")
                acceptance[pkey][item] = stance
                if verb == "asserting" and not item.startswith(EDGE_ITEM_PREFIX):
                    asserted[item].add(pkey)
        if skipped:
            self.warnings.append(f"dropped {skipped} YA node(s) that carry no commitment "
                                 "Argmap keeps (anchored on a transition, questions, "
                                 "challenges, or no speaker or content)")
        return list(parties.values()), dict(acceptance), dict(asserted)

    def _ya_speaker(self, ya: str) -> tuple[str, str] | None:
        """(person id, name) of the L-node a YA node comes from; None when it is not one.

        Only YAs anchored on a locution count: those anchored on a transition (TA) carry
        the relation's illocution (arguing, disagreeing), not a commitment to an item.
        """
        for src in self.g.ins[ya]:
            if self.g.kind(src) != "L":
                continue
            text_name = _said_by(self.g.nodes[src][1])
            person = self.g.person_of.get(src) or text_name
            if person is None:
                return None
            return person, self.g.names.get(person) or text_name or person
        return None

    def _items(self, node_id: str) -> list[str]:
        """Acceptance items of an I- or S-node (every edge made from an S-node)."""
        if node_id in self.key_of:
            return [self.key_of[node_id]]
        return [EDGE_ITEM_PREFIX + key for key in self.edges_of.get(node_id, [])]

    def _report_dropped(self) -> None:
        reasons = {"TA": "dialogue transitions", "MA": "rephrases", "PA": "preferences",
                   "L": "locutions (their commitments are kept as acceptance)"}
        for kind, reason in reasons.items():
            count = len(self.g.of_type(kind))
            if count:
                self.warnings.append(f"dropped {count} {kind} node(s): {reason}")
        known = {"I", "RA", "CA", "YA", *reasons}
        for node_id in self.g.order:
            if self.g.kind(node_id) not in known:
                self.warnings.append(f"dropped node '{node_id}' of unknown type "
                                     f"'{self.g.kind(node_id)}'")


def load_report(text: str) -> LoadReport:
    """Import AIF or xAIF JSON and say what was dropped.

    >>> doc, warnings = load_report('{"nodes": [{"nodeID": "1", "text": "Tax it.", '
    ...     '"type": "I"}, {"nodeID": "2", "text": "Hi", "type": "TA"}], "edges": []}')
    >>> doc.nodes[0].key, warnings
    ('1', ['dropped 1 TA node(s): dialogue transitions'])
    """
    importer = _Importer(_Graph(_parse(text)))
    doc = importer.run()
    return LoadReport(doc, importer.warnings)


def load(text: str) -> DebateDoc:
    """Import AIF or xAIF JSON (see :func:`load_report` for what is dropped).

    >>> load('{"AIF": {"nodes": [{"nodeID": 7, "text": "Hi.", "type": "I"}]}}').nodes[0].key
    '7'
    """
    return load_report(text).doc
