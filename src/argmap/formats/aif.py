"""AIF, the Argument Interchange Format, as AIFdb writes it in JSON: a map out, and a map in (also from OVA).

Out: each claim an I-node; each support an RA-node (a linked support one RA
with all its premises, a convergent one an RA per premise); each rebut,
undermine and undercut a CA-node (an undercut's CA points at the RA of the
step it attacks); each contradiction a pair of CA-nodes, one each way; each
actor a participant, and each claim they hold an L-node (their locution)
with a YA-node ("Asserting") into the claim. What AIF has no field for
(ids, kinds, sources, quotes, grades, arguments, acknowledgements, expected
statuses) is kept in the `argmap` object beside `nodes` and `edges`, keyed by
node id: docs/interchange.md has the tables.

In: the nodes and edges decide the structure; the `argmap` object, when
there is one, gives back ids and details. Node types argmap has no use for
(TA, MA, PA, locutions with no assertion) are left out and named.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from argmap.diagnostics import json_safe
from argmap.formats.argtext import IdMaker, spelt_as_id
from argmap.formats.imported import MAX_ITEMS, Imported, ImportFailure, checked_text, json_type
from argmap.formats.steps import undercut_step
from argmap.model import (
    Acknowledgement,
    Actor,
    Argument,
    ArgumentMap,
    Attack,
    AttackKind,
    CellOverride,
    Claim,
    ClaimKind,
    Contradiction,
    Expectation,
    HypothesisSet,
    Preference,
    Quote,
    Ref,
    Source,
    Status,
    Support,
)

__all__ = ["EXTENSION", "from_aif", "to_aif", "to_aif_data"]

# The key of argmap's own object in an AIF file, and the version of its shape.
EXTENSION = "argmap"
_EXTENSION_VERSION = 1

_ATTACK_TEXT = "Default Conflict"
_SUPPORT_TEXT = "Default Inference"
_PREFERENCE_TEXT = "Default Preference"
_NODE_TYPES_USED = frozenset({"I", "RA", "CA", "PA", "L", "YA"})


# --- out -----------------------------------------------------------------------------


def _plain_claim(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "kind": claim.kind.value,
        "actors": [r.id for r in claim.actors],
        "quotes": [{"source": q.source.id, "text": q.text} for q in claim.quotes],
        "citations": [r.id for r in claim.citations],
        "likelihood": claim.likelihood,
        "probability": claim.probability,
        "confidence": claim.confidence,
        "credibility": claim.credibility,
        "tags": list(claim.tags),
        "notes": list(claim.notes),
        "argument": claim.argument,
    }


class _Writer:
    """Numbers nodes and edges as it adds them; node ids are strings of numbers, as AIFdb's are."""

    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.extension: dict[str, Any] = {}

    def node(self, kind: str, text: str, extra: dict[str, Any] | None = None) -> str:
        node_id = str(len(self.nodes) + 1)
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind})
        if extra is not None:
            self.extension[node_id] = extra
        return node_id

    def edge(self, start: str, end: str) -> None:
        self.edges.append({"edgeID": str(len(self.edges) + 1), "fromID": start, "toID": end, "formEdgeID": None})


def to_aif_data(argument_map: ArgumentMap) -> dict[str, Any]:
    """The map as AIFdb JSON data, with the `argmap` object that lets `from_aif` give the same map back."""
    out = _Writer()
    claim_nodes: dict[str, str] = {}
    for claim in argument_map.claims:
        node_id = out.node("I", claim.text, {"claim": _plain_claim(claim)})
        claim_nodes.setdefault(claim.id, node_id)

    def claim_node(ref: Ref) -> str:
        # A reference to a claim the map does not define gets a node of its own, marked as such.
        if ref.id not in claim_nodes:
            claim_nodes[ref.id] = out.node("I", ref.id, {"undefined": ref.id})
        return claim_nodes[ref.id]

    step_nodes: list[str] = []
    for support in argument_map.supports:
        extra = {"support": {"linked": support.linked, "argument": support.argument, "implicit": support.implicit}}
        ra = out.node("RA", _SUPPORT_TEXT, extra)
        step_nodes.append(ra)
        for premise in support.premises:
            out.edge(claim_node(premise), ra)
        out.edge(ra, claim_node(support.conclusion))
    for attack in argument_map.attacks:
        extra = {"attack": {"kind": attack.kind.value, "target": attack.target.id,
                            "to": attack.inference_to.id if attack.inference_to else None,
                            "argument": attack.argument}}  # fmt: skip
        ca = out.node("CA", _ATTACK_TEXT, extra)
        out.edge(claim_node(attack.attacker), ca)
        if attack.kind is AttackKind.UNDERCUT:
            out.edge(ca, _step_node(out, attack, step_nodes, argument_map))
        else:
            out.edge(ca, claim_node(attack.target))
    for contradiction in argument_map.contradictions:
        left, right = claim_node(contradiction.left), claim_node(contradiction.right)
        extra = {"contradiction": {"acknowledged": contradiction.acknowledged, "argument": contradiction.argument}}
        forth = out.node("CA", _ATTACK_TEXT, extra)
        out.edge(left, forth)
        out.edge(forth, right)
        back = out.node("CA", _ATTACK_TEXT, {"pair": forth})
        out.edge(right, back)
        out.edge(back, left)
    sources = {source.id for source in argument_map.sources}
    for preference in argument_map.preferences:
        if preference.better.id in sources or preference.worse.id in sources:
            continue  # AIF has no node for a source: the preference is kept in argmap's object only
        better, worse = claim_node(preference.better), claim_node(preference.worse)
        pa = out.node("PA", _PREFERENCE_TEXT, {"preference": True})
        out.edge(better, pa)
        out.edge(pa, worse)
    participants, locutions = _commitments(out, argument_map, claim_nodes)
    extension = {
        "version": _EXTENSION_VERSION,
        "title": argument_map.title,
        "sources": [
            {"id": s.id, "title": s.title, "file": s.file, "reliability": s.reliability, "tags": list(s.tags),
             "notes": list(s.notes)}
            for s in argument_map.sources
        ],
        "actors": [
            {"id": a.id, "name": a.name, "role": a.role, "unnamed": a.unnamed, "tags": list(a.tags),
             "notes": list(a.notes)}
            for a in argument_map.actors
        ],
        "arguments": [
            {"id": a.id, "title": a.title, "premises": [r.id for r in a.premises],
             "conclusions": [r.id for r in a.conclusions], "actors": [r.id for r in a.actors],
             "citations": [r.id for r in a.citations], "tags": list(a.tags), "notes": list(a.notes)}
            for a in argument_map.arguments
        ],
        "acknowledgements": [
            {"rule": a.rule, "reason": a.reason, "target": a.target.id if a.target else None}
            for a in argument_map.acknowledgements
        ],
        "expectations": [{"claim": e.claim.id, "status": e.status.value} for e in argument_map.expectations],
        "hypotheses": [
            {"id": h.id, "question": h.question, "members": [r.id for r in h.members]} for h in argument_map.hypotheses
        ],
        "cell_overrides": [
            {"hypothesis": o.hypothesis.id, "evidence": o.evidence.id, "cell": o.cell, "reason": o.reason}
            for o in argument_map.cell_overrides
        ],
        "preferences": [{"better": p.better.id, "worse": p.worse.id} for p in argument_map.preferences],
        "nodes": out.extension,
    }  # fmt: skip
    return {"nodes": out.nodes, "edges": out.edges, "locutions": locutions, "participants": participants,
            EXTENSION: extension}  # fmt: skip


def _step_node(out: _Writer, attack: Attack, steps: list[str], argument_map: ArgumentMap) -> str:
    """The RA-node an undercut hits; with no such step in the map (`argmap check` says so), one of its own."""
    step = undercut_step(attack, argument_map.supports, argument_map)
    return steps[step] if step is not None else out.node("RA", _SUPPORT_TEXT, {"step": True})


def _commitments(
    out: _Writer, argument_map: ArgumentMap, claim_nodes: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A participant per actor; for each claim an actor holds, their L-node asserting it through a YA-node."""
    participants: list[dict[str, Any]] = []
    numbers: dict[str, str] = {}
    for actor in argument_map.actors:
        first, _, last = actor.name.rpartition(" ")
        number = str(len(participants) + 1)
        numbers.setdefault(actor.id, number)
        participants.append({"participantID": number, "firstname": first, "surname": last})
    names = {a.id: a.name for a in argument_map.actors}
    locutions: list[dict[str, Any]] = []
    for claim in argument_map.claims:
        if claim_nodes.get(claim.id) is None:
            continue
        for ref in claim.actors:
            if ref.id not in names:
                continue  # an actor the map does not declare: kept in the claim's details only
            locution = out.node("L", f"{names[ref.id]}: {claim.text}")
            locutions.append({"nodeID": locution, "personID": numbers[ref.id]})
            assertion = out.node("YA", "Asserting")
            out.edge(locution, assertion)
            out.edge(assertion, claim_nodes[claim.id])
    return participants, locutions


def to_aif(argument_map: ArgumentMap) -> str:
    """The map as AIFdb JSON text (see `to_aif_data`), unprintable characters escaped."""
    return json_safe(json.dumps(to_aif_data(argument_map), ensure_ascii=False, indent=2)) + "\n"


# --- in ------------------------------------------------------------------------------


class _Node:
    __slots__ = ("id", "incoming", "kind", "outgoing", "text")

    def __init__(self, node_id: str, kind: str, text: str) -> None:
        self.id = node_id
        self.kind = kind
        self.text = text
        self.incoming: list[_Node] = []
        self.outgoing: list[_Node] = []


def _node_id(value: Any, where: str) -> str:
    if isinstance(value, dict):  # OVA writes an edge's ends as the nodes themselves
        value = value.get("nodeID", value.get("id"))
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ImportFailure(f"{where}: a node id should be a string or a number, not {json_type(value)}")
    return str(value)


def _list(data: dict[str, Any], key: str, name: str, required: bool = True) -> list[Any]:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        found = "nothing" if value is None else json_type(value)
        raise ImportFailure(f"{name}: '{key}' should be a list of {key}, found {found}")
    if len(value) > MAX_ITEMS:
        raise ImportFailure(f"{name}: {len(value):,} {key}, more than the {MAX_ITEMS:,} argmap imports")
    return value


def _read_graph(data: Any, name: str) -> tuple[dict[str, _Node], list[str]]:
    """The nodes with their edges, in the order written; unknown ends and repeated ids are errors."""
    if not isinstance(data, dict):
        raise ImportFailure(f"{name}: an AIF file is a JSON object with 'nodes' and 'edges', not {json_type(data)}")
    nodes: dict[str, _Node] = {}
    for number, raw in enumerate(_list(data, "nodes", name), start=1):
        where = f"{name}: node {number}"
        if not isinstance(raw, dict):
            raise ImportFailure(f"{where}: should be an object, not {json_type(raw)}")
        node_id = _node_id(raw.get("nodeID", raw.get("id")), where)
        where = f"{name}: node {node_id}"
        if node_id in nodes:
            raise ImportFailure(f"{where}: a second node with this id")
        kind = checked_text(raw.get("type"), where, "type")
        text = checked_text(raw.get("text", ""), where)
        nodes[node_id] = _Node(node_id, kind, text)
    for number, raw in enumerate(_list(data, "edges", name), start=1):
        where = f"{name}: edge {number}"
        if not isinstance(raw, dict):
            raise ImportFailure(f"{where}: should be an object, not {json_type(raw)}")
        ends = []
        for key in ("from", "to"):
            end = _node_id(raw.get(f"{key}ID", raw.get(key)), f"{where} ('{key}')")
            if end not in nodes:
                raise ImportFailure(f"{where}: no node '{end}' for its '{key}' end")
            ends.append(nodes[end])
        ends[0].outgoing.append(ends[1])
        ends[1].incoming.append(ends[0])
    left_out: list[str] = []
    unused: dict[str, int] = {}
    for node in nodes.values():
        if node.kind not in _NODE_TYPES_USED:
            unused[node.kind] = unused.get(node.kind, 0) + 1
    for kind, count in sorted(unused.items()):
        left_out.append(f"{count} {kind}-node{'s' if count > 1 else ''}")
    _refuse_cycles(nodes, name)
    return nodes, left_out


def _refuse_cycles(nodes: dict[str, _Node], name: str) -> None:
    """Inference and conflict nodes that lead into each other round a circle: no map reads that way."""
    scheme = {"RA", "CA", "PA"}
    state: dict[str, int] = {}
    for start in nodes.values():
        if start.kind not in scheme or start.id in state:
            continue
        path: list[_Node] = [start]
        stack = [iter([n for n in start.outgoing if n.kind in scheme])]
        state[start.id] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop().id] = 2
                stack.pop()
                continue
            if state.get(following.id) == 1:
                circle = [*path[[n.id for n in path].index(following.id) :], following]
                shown = " -> ".join(f"{n.kind} {n.id}" for n in circle)
                raise ImportFailure(f"{name}: node {following.id}: the scheme nodes form a cycle ({shown})")
            if following.id not in state:
                state[following.id] = 1
                path.append(following)
                stack.append(iter([n for n in following.outgoing if n.kind in scheme]))


def _extension(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    extension = data.get(EXTENSION)
    if extension is None:
        return None
    if not isinstance(extension, dict) or not isinstance(extension.get("nodes", {}), dict):
        raise ImportFailure(f"{name}: '{EXTENSION}' should be the object argmap writes, not {json_type(extension)}")
    if extension.get("version") != _EXTENSION_VERSION:
        raise ImportFailure(f"{name}: '{EXTENSION}' is of version {extension.get('version')!r}; this argmap reads "
                            f"version {_EXTENSION_VERSION}")  # fmt: skip
    return extension


class _Details:
    """Reads argmap's own object, each value checked before it enters the map."""

    def __init__(self, name: str) -> None:
        self.name = name

    def text(self, where: str, value: Any, key: str, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        return checked_text(value, f"{self.name}: {where}", key)

    def word(self, where: str, value: Any, key: str, optional: bool = False) -> str | None:
        text = self.text(where, value, key, optional)
        if text is not None and not spelt_as_id(text):
            raise ImportFailure(f"{self.name}: {where}: the {key} {text!r} is not an id")
        return text

    def words(self, where: str, entry: dict[str, Any], key: str) -> tuple[str, ...]:
        value = entry.get(key) or []
        if not isinstance(value, list):
            raise ImportFailure(f"{self.name}: {where}: '{key}' should be a list, not {json_type(value)}")
        return tuple(self.word(where, item, key) or "" for item in value)

    def texts(self, where: str, entry: dict[str, Any], key: str) -> tuple[str, ...]:
        value = entry.get(key) or []
        if not isinstance(value, list):
            raise ImportFailure(f"{self.name}: {where}: '{key}' should be a list, not {json_type(value)}")
        return tuple(self.text(where, item, key) or "" for item in value)

    def confidence(self, where: str, value: Any) -> str | None:
        """An analytic confidence: low, moderate or high (an older file's likelihood term is refused, named)."""
        text = self.text(where, value, "confidence", optional=True)
        if text is not None and text not in ("low", "moderate", "high"):
            raise ImportFailure(
                f"{self.name}: {where}: the confidence should be low, moderate or high, not {text!r}"
                " (a likelihood such as 'likely' goes in 'likelihood')"
            )
        return text

    def refs(self, where: str, entry: dict[str, Any], key: str) -> tuple[Ref, ...]:
        return tuple(Ref(word) for word in self.words(where, entry, key))

    def entries(self, extension: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        value = extension.get(key) or []
        if not isinstance(value, list):
            raise ImportFailure(f"{self.name}: '{EXTENSION}.{key}' should be a list, not {json_type(value)}")
        for number, entry in enumerate(value, start=1):
            where = f"{EXTENSION}.{key}[{number}]"
            if not isinstance(entry, dict):
                raise ImportFailure(f"{self.name}: {where} should be an object, not {json_type(entry)}")
            yield where, entry

    def claim(self, node: _Node, entry: dict[str, Any]) -> Claim:
        where = f"node {node.id}"
        kind = entry.get("kind", "claim")
        if kind not in {k.value for k in ClaimKind}:
            raise ImportFailure(f"{self.name}: {where}: unknown claim kind {kind!r}")
        probability = entry.get("probability")
        if probability is not None and (isinstance(probability, bool) or not isinstance(probability, int | float)
                                        or not 0 <= probability <= 1):  # fmt: skip
            raise ImportFailure(f"{self.name}: {where}: the probability should be a number from 0 to 1")
        credibility = entry.get("credibility")
        if credibility is not None and (isinstance(credibility, bool) or not isinstance(credibility, int)
                                        or not 0 <= credibility < 1000):  # fmt: skip
            raise ImportFailure(f"{self.name}: {where}: the credibility should be a whole number, 1 to 6")
        quotes = entry.get("quotes") or []
        if not isinstance(quotes, list) or not all(isinstance(q, dict) for q in quotes):
            raise ImportFailure(f"{self.name}: {where}: 'quotes' should be a list of objects")
        return Claim(
            id=self.word(where, entry.get("id"), "id") or "",
            text=node.text,
            kind=ClaimKind(kind),
            actors=self.refs(where, entry, "actors"),
            quotes=tuple(
                Quote(
                    Ref(self.word(where, q.get("source"), "source") or ""),
                    self.text(where, q.get("text"), "quote") or "",
                )
                for q in quotes
            ),
            citations=self.refs(where, entry, "citations"),
            likelihood=self.text(where, entry.get("likelihood"), "likelihood", optional=True),
            probability=None if probability is None else float(probability),
            confidence=self.confidence(where, entry.get("confidence")),
            credibility=credibility,
            tags=self.words(where, entry, "tags"),
            notes=self.texts(where, entry, "notes"),
            argument=self.word(where, entry.get("argument"), "argument", optional=True),
        )


def from_aif(data: Any, name: str) -> Imported:
    """The map an AIF (AIFdb or OVA) JSON document lays out; `name` locates errors."""
    nodes, left_out = _read_graph(data, name)
    extension = _extension(data, name)
    details = _Details(name)
    marks: dict[str, Any] = extension.get("nodes", {}) if extension else {}
    ids = IdMaker()
    if extension:
        ids.taken.update(
            str(mark["claim"].get("id"))
            for mark in marks.values()
            if isinstance(mark, dict) and isinstance(mark.get("claim"), dict)
        )
    claim_of: dict[str, str] = {}
    claims: list[Claim] = []
    for node in nodes.values():
        if node.kind != "I":
            continue
        mark = marks.get(node.id)
        if isinstance(mark, dict) and "undefined" in mark:
            claim_of[node.id] = details.word(f"node {node.id}", mark["undefined"], "id") or ""
            continue
        if isinstance(mark, dict) and isinstance(mark.get("claim"), dict):
            claim = details.claim(node, mark["claim"])
        else:
            claim = Claim(ids.make(node.text, "c_", "claim"), " ".join(node.text.split()))
        claims.append(claim)
        claim_of[node.id] = claim.id
    builder = _Structure(name, nodes, marks, claim_of, ids)
    builder.build()
    if extension:
        argument_map = _with_extension(details, extension, claims, builder)
    else:
        actors, claims = _speakers(data, name, nodes, claims, claim_of, ids, left_out)
        argument_map = ArgumentMap(
            claims=tuple(claims), actors=tuple(actors), arguments=tuple(builder.arguments),
            supports=tuple(builder.supports), attacks=tuple(builder.attacks),
            contradictions=tuple(builder.contradictions), preferences=tuple(builder.preferences),
        )  # fmt: skip
    return Imported(argument_map, left_out=tuple(left_out + builder.left_out))


class _Structure:
    """Supports, attacks and contradictions from the RA- and CA-nodes, in the order the nodes are written."""

    def __init__(
        self, name: str, nodes: dict[str, _Node], marks: dict[str, Any], claim_of: dict[str, str], ids: IdMaker
    ) -> None:
        self.name = name
        self.nodes = nodes
        self.marks = marks
        self.claim_of = claim_of
        self.ids = ids
        self.supports: list[Support] = []
        self.attacks: list[Attack] = []
        self.contradictions: list[Contradiction] = []
        self.arguments: list[Argument] = []
        self.preferences: list[Preference] = []
        self.left_out: list[str] = []
        self.wrapped: dict[str, str] = {}  # RA node -> the argument made for it, when an undercut needs a name
        self.premises_of_steps = {p.id for n in nodes.values() if n.kind == "RA" for p in n.incoming if p.kind == "I"}

    def mark(self, node: _Node, key: str) -> dict[str, Any] | None:
        mark = self.marks.get(node.id)
        value = mark.get(key) if isinstance(mark, dict) else None
        return value if isinstance(value, dict) else None

    def ends(self, node: _Node) -> tuple[list[str], list[_Node]]:
        return [self.claim_of[n.id] for n in node.incoming if n.kind == "I"], node.outgoing

    def build(self) -> None:
        undercut = {t.id for n in self.nodes.values() if n.kind == "CA" for t in n.outgoing if t.kind == "RA"}
        for node in self.nodes.values():
            if node.kind == "RA":
                self.inference(node, node.id in undercut)
        paired: set[str] = set()
        for node in self.nodes.values():
            if node.kind == "CA" and node.id not in paired:
                self.conflict(node, paired)
        for node in self.nodes.values():
            if node.kind == "PA":
                self.preference(node)

    def preference(self, node: _Node) -> None:
        """A PA-node from the preferred I-node to the other: `prefer better over worse`."""
        better = [n for n in node.incoming if n.kind == "I"]
        worse = [n for n in node.outgoing if n.kind == "I"]
        if len(better) == 1 and len(worse) == 1 and len(node.incoming) == 1 and len(node.outgoing) == 1:
            self.preferences.append(Preference(Ref(self.claim_of[better[0].id]), Ref(self.claim_of[worse[0].id])))
        else:
            self.left_out.append(f"the preference between scheme nodes by PA-node {node.id}")

    def inference(self, node: _Node, undercut: bool) -> None:
        where = f"{self.name}: node {node.id}"
        mark = self.marks.get(node.id)
        if isinstance(mark, dict) and mark.get("step"):
            return
        premises, after = self.ends(node)
        conclusions = [n for n in after if n.kind == "I"]
        if not premises:
            raise ImportFailure(f"{where}: an RA-node needs a premise (an edge from an I-node into it)")
        if len(conclusions) != 1:
            raise ImportFailure(f"{where}: an RA-node needs exactly one conclusion (an edge to an I-node), "
                                f"it has {len(conclusions)}")  # fmt: skip
        if any(n.kind == "RA" for n in after):
            self.left_out.append(f"the support of an inference by RA-node {node.id}")
        conclusion = Ref(self.claim_of[conclusions[0].id])
        refs = tuple(Ref(p) for p in premises)
        own = self.mark(node, "support")
        if own is not None:
            argument = own.get("argument")
            self.supports.append(Support(refs, conclusion, linked=bool(own.get("linked")),
                                         argument=argument if isinstance(argument, str) else None,
                                         implicit=bool(own.get("implicit"))))  # fmt: skip
        elif undercut and len(refs) > 1:
            # A linked step that is undercut needs a name: an argument of its own, whose step it is.
            argument_id = self.ids.make("", "a_", f"step {conclusion.id}")
            self.wrapped[node.id] = argument_id
            title = f"The step to: {conclusions[0].text}"
            self.arguments.append(
                Argument(argument_id, " ".join(title.split()), premises=refs, conclusions=(conclusion,))
            )
            self.supports.append(Support(refs, conclusion, linked=True, argument=argument_id, implicit=True))
        else:
            self.supports.append(Support(refs, conclusion, linked=len(refs) > 1))

    def conflict(self, node: _Node, paired: set[str]) -> None:
        where = f"{self.name}: node {node.id}"
        attackers, after = self.ends(node)
        if isinstance(self.marks.get(node.id), dict) and "pair" in self.marks[node.id]:
            return
        if not attackers:
            raise ImportFailure(f"{where}: a CA-node needs an attacker (an edge from an I-node into it)")
        targets = [n for n in after if n.kind in ("I", "RA")]
        if len(targets) != 1:
            if any(n.kind in ("CA", "PA") for n in after):
                self.left_out.append(f"the attack on a conflict or preference by CA-node {node.id}")
                return
            raise ImportFailure(f"{where}: a CA-node needs exactly one target (an edge to an I- or RA-node), "
                                f"it has {len(targets)}")  # fmt: skip
        target = targets[0]
        contradiction = self.mark(node, "contradiction")
        if contradiction is not None and target.kind == "I":
            acknowledged, argument = contradiction.get("acknowledged"), contradiction.get("argument")
            self.contradictions.append(Contradiction(
                Ref(attackers[0]), Ref(self.claim_of[target.id]),
                acknowledged=checked_text(acknowledged, where, "reason") if acknowledged is not None else None,
                argument=argument if isinstance(argument, str) else None,
            ))  # fmt: skip
            return
        own = self.mark(node, "attack")
        if own is not None:
            self.own_attack(node, own, attackers)
            return
        if target.kind == "I" and len(attackers) == 1:
            back = self.counter(node, target, next(n for n in node.incoming if n.kind == "I"))
            if back is not None:
                paired.add(back.id)
                self.contradictions.append(Contradiction(Ref(attackers[0]), Ref(self.claim_of[target.id])))
                return
        for attacker in attackers:
            self.attacks.append(self.foreign_attack(attacker, target))

    def counter(self, node: _Node, target: _Node, attacker: _Node) -> _Node | None:
        """A CA-node from `target` back to the attacker: the pair is a contradiction."""
        for other in target.outgoing:
            plain = other is not node and other.kind == "CA" and self.mark(other, "attack") is None
            # Preference nodes may point at either conflict: only the claims at its ends count.
            ends = [n for n in other.incoming if n.kind == "I"], [n for n in other.outgoing if n.kind in ("I", "RA")]
            if plain and ends == ([target], [attacker]):
                return other
        return None

    def foreign_attack(self, attacker: str, target: _Node) -> Attack:
        if target.kind == "I":
            kind = AttackKind.UNDERMINE if target.id in self.premises_of_steps else AttackKind.REBUT
            return Attack(Ref(attacker), kind, Ref(self.claim_of[target.id]))
        premises, after = self.ends(target)
        conclusion = next(self.claim_of[n.id] for n in after if n.kind == "I")
        if target.id in self.wrapped:
            return Attack(Ref(attacker), AttackKind.UNDERCUT, Ref(self.wrapped[target.id]))
        return Attack(Ref(attacker), AttackKind.UNDERCUT, Ref(premises[0]), Ref(conclusion))

    def own_attack(self, node: _Node, own: dict[str, Any], attackers: list[str]) -> None:
        where = f"node {node.id}"
        words = _Details(self.name)
        kind = own.get("kind")
        if kind not in {k.value for k in AttackKind}:
            raise ImportFailure(f"{self.name}: {where}: unknown attack kind {kind!r}")
        target = words.word(where, own.get("target"), "target") or ""
        step = words.word(where, own.get("to"), "to", optional=True)
        argument = own.get("argument")
        for attacker in attackers:
            self.attacks.append(Attack(Ref(attacker), AttackKind(kind), Ref(target), Ref(step) if step else None,
                                       argument=argument if isinstance(argument, str) else None))  # fmt: skip


def _with_extension(
    details: _Details, extension: dict[str, Any], claims: list[Claim], built: _Structure
) -> ArgumentMap:
    title = extension.get("title")
    sources = [
        Source(
            id=details.word(where, e.get("id"), "id") or "", title=details.text(where, e.get("title"), "title") or "",
            file=details.text(where, e.get("file"), "file", optional=True),
            reliability=details.word(where, e.get("reliability"), "reliability", optional=True),
            tags=details.words(where, e, "tags"), notes=details.texts(where, e, "notes"),
        )
        for where, e in details.entries(extension, "sources")
    ]  # fmt: skip
    actors = [
        Actor(
            id=details.word(where, e.get("id"), "id") or "", name=details.text(where, e.get("name"), "name") or "",
            role=details.text(where, e.get("role"), "role", optional=True), unnamed=bool(e.get("unnamed")),
            tags=details.words(where, e, "tags"), notes=details.texts(where, e, "notes"),
        )
        for where, e in details.entries(extension, "actors")
    ]  # fmt: skip
    arguments = [
        Argument(
            id=details.word(where, e.get("id"), "id") or "", title=details.text(where, e.get("title"), "title") or "",
            premises=details.refs(where, e, "premises"), conclusions=details.refs(where, e, "conclusions"),
            actors=details.refs(where, e, "actors"), citations=details.refs(where, e, "citations"),
            tags=details.words(where, e, "tags"), notes=details.texts(where, e, "notes"),
        )
        for where, e in details.entries(extension, "arguments")
    ]  # fmt: skip
    acknowledgements = []
    for where, e in details.entries(extension, "acknowledgements"):
        target = details.word(where, e.get("target"), "target", optional=True)
        rule = details.word(where, e.get("rule"), "rule") or ""
        reason = details.text(where, e.get("reason"), "reason") or ""
        acknowledgements.append(Acknowledgement(rule, reason, Ref(target) if target else None))
    expectations = []
    for where, e in details.entries(extension, "expectations"):
        status = e.get("status")
        if status not in {s.value for s in Status}:
            raise ImportFailure(f"{details.name}: {where}: unknown status {status!r}")
        expectations.append(Expectation(Ref(details.word(where, e.get("claim"), "claim") or ""), Status(status)))
    hypotheses = [
        HypothesisSet(
            id=details.word(where, e.get("id"), "id") or "",
            question=details.text(where, e.get("question"), "question") or "",
            members=details.refs(where, e, "members"),
        )
        for where, e in details.entries(extension, "hypotheses")
    ]
    overrides = [
        CellOverride(
            hypothesis=Ref(details.word(where, e.get("hypothesis"), "hypothesis") or ""),
            evidence=Ref(details.word(where, e.get("evidence"), "evidence") or ""),
            cell=details.word(where, e.get("cell"), "cell") or "",
            reason=details.text(where, e.get("reason"), "reason") or "",
        )
        for where, e in details.entries(extension, "cell_overrides")
    ]
    preferences = [
        Preference(
            Ref(details.word(where, e.get("better"), "better") or ""),
            Ref(details.word(where, e.get("worse"), "worse") or ""),
        )
        for where, e in details.entries(extension, "preferences")
    ]
    return ArgumentMap(
        title=details.text(f"'{EXTENSION}.title'", title, "title", optional=True),
        hypotheses=tuple(hypotheses), cell_overrides=tuple(overrides), preferences=tuple(preferences),
        sources=tuple(sources), actors=tuple(actors), claims=tuple(claims),
        arguments=tuple(arguments + built.arguments), supports=tuple(built.supports), attacks=tuple(built.attacks),
        contradictions=tuple(built.contradictions), acknowledgements=tuple(acknowledgements),
        expectations=tuple(expectations),
    )  # fmt: skip


def _speakers(
    data: dict[str, Any],
    name: str,
    nodes: dict[str, _Node],
    claims: list[Claim],
    claim_of: dict[str, str],
    ids: IdMaker,
    left_out: list[str],
) -> tuple[list[Actor], list[Claim]]:
    """Actors from the participants and the L-nodes; a claim's actors from the L-nodes asserting it through YA-nodes."""
    people: dict[str, str] = {}
    for number, raw in enumerate(_list(data, "participants", name, required=False), start=1):
        if not isinstance(raw, dict):
            raise ImportFailure(f"{name}: participant {number}: should be an object, not {json_type(raw)}")
        person = _node_id(raw.get("participantID"), f"{name}: participant {number}")
        first = checked_text(raw.get("firstname") or "", f"{name}: participant {person}", "first name")
        last = checked_text(raw.get("surname") or "", f"{name}: participant {person}", "surname")
        people[person] = " ".join(f"{first} {last}".split())
    speaker_of: dict[str, str] = {}
    for number, raw in enumerate(_list(data, "locutions", name, required=False), start=1):
        if isinstance(raw, dict) and raw.get("nodeID") is not None and raw.get("personID") is not None:
            person = _node_id(raw.get("personID"), f"{name}: locution {number}")
            if person in people:
                speaker_of[_node_id(raw["nodeID"], f"{name}: locution {number}")] = people[person]
    actors: dict[str, Actor] = {}
    held: dict[str, list[Ref]] = {}
    unasserted = 0
    for node in nodes.values():
        if node.kind != "L":
            continue
        speaker = speaker_of.get(node.id) or (node.text.split(":", 1)[0].strip() if ":" in node.text else "")
        asserted = [c for ya in node.outgoing if ya.kind == "YA" for c in ya.outgoing if c.kind == "I"]
        if not speaker or not asserted:
            unasserted += 1
            continue
        if speaker not in actors:
            actors[speaker] = Actor(ids.make(speaker, "p_", "actor"), " ".join(speaker.split()))
        for claim_node in asserted:
            refs = held.setdefault(claim_of[claim_node.id], [])
            if all(r.id != actors[speaker].id for r in refs):
                refs.append(Ref(actors[speaker].id))
    if unasserted:
        left_out.append(f"{unasserted} L-node{'s' if unasserted > 1 else ''} asserting no I-node or with no speaker")
    claims = [Claim(c.id, c.text, actors=tuple(held.get(c.id, ()))) if held.get(c.id) else c for c in claims]
    return list(actors.values()), claims
