"""Questions asked of a saved build, without SPARQL: `kg.load("exports/")` and the methods of KnowledgeGraph.

Everything is answered from the build's graph.json (no re-extraction, no inputs needed). Names are matched by any
alias, case and spelling variants included; a name that matches nothing raises UnknownName with the closest names.
A family or class stands for everything under it: "LLaMA" covers Llama-2-7B, "GPU" covers the A100.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rapidfuzz import fuzz, process

from kg.errors import UnknownName
from kg.graphfile import read_graph_json
from kg.names import key
from kg.records import EntityType, Role

BROADER = "broader"


@dataclass(frozen=True)
class Link:
    paper: str
    entity: str
    role: str
    evidence: str


def load(path: Path | str = "exports") -> KnowledgeGraph:
    """The graph of a build folder (what `kg build` wrote)."""
    return KnowledgeGraph(read_graph_json(Path(path) / "graph.json"))


class KnowledgeGraph:
    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.links: list[Link] = []
        self.by_paper: dict[str, list[Link]] = defaultdict(list)
        self.by_entity: dict[str, list[Link]] = defaultdict(list)
        self.narrower: dict[str, list[str]] = defaultdict(list)
        self.names: dict[str, set[str]] = defaultdict(set)
        for node, data in graph.nodes(data=True):
            kind = data.get("kind")
            if kind == "entity":
                for name in [data["label"], node, *data.get("aliases", [])]:
                    self.names[key(name)].add(node)
            elif kind == "paper":
                self.names[key(data["title"])].add(node)
                self.names[key(node)].add(node)
                if data.get("arxiv_id"):
                    self.names[key(data["arxiv_id"])].add(node)
        for u, v, k, data in graph.edges(keys=True, data=True):
            if k == BROADER:
                self.narrower[v].append(u)
            elif graph.nodes[u].get("kind") == "paper" and graph.nodes[v].get("kind") == "entity":
                link = Link(u, v, k, (data.get("evidence") or [""])[0])
                self.links.append(link)
                self.by_paper[u].append(link)
                self.by_entity[v].append(link)

    # ------------------------------------------------------------ names

    def node(self, node_id: str) -> dict:
        return self.graph.nodes[node_id]

    def label(self, node_id: str) -> str:
        return self.graph.nodes[node_id].get("label", node_id)

    def resolve(self, name: str, kind: str = "entity") -> str:
        """The node a name means: an entity (or paper) id, label or alias in any spelling."""
        if name in self.graph and self.node(name).get("kind") == kind:
            return name
        matches = sorted(n for n in self.names.get(key(name), ()) if self.node(n).get("kind") == kind)
        if matches:
            return min(matches, key=lambda n: (self.node(n).get("discovered", False), -self.paper_count(n), n))
        raise UnknownName(name, self.suggest(name, kind))

    def suggest(self, name: str, kind: str, limit: int = 5) -> list[str]:
        """The closest known names, for "did you mean"."""
        choices = {}
        for node, data in self.graph.nodes(data=True):
            if data.get("kind") != kind:
                continue
            for alias in [data["label"], *data.get("aliases", [])] if kind == "entity" else [data["title"]]:
                choices[alias] = node
        found = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=limit * 3)
        names = []
        for alias, score, _ in found:
            label = self.label(choices[alias])
            if score >= 60 and label not in names:
                names.append(label)
        return names[:limit]

    def members(self, entity_id: str) -> set[str]:
        """The entity and everything under it (variants of a family, products of a class)."""
        seen, frontier = {entity_id}, [entity_id]
        while frontier:
            for child in self.narrower.get(frontier.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    frontier.append(child)
        return seen

    def ancestors(self, entity_id: str) -> list[str]:
        seen, frontier = [], list(self.node(entity_id).get("broader", []))
        while frontier:
            parent = frontier.pop(0)
            if parent in self.graph and parent not in seen:
                seen.append(parent)
                frontier += self.node(parent).get("broader", [])
        return seen

    def paper_count(self, entity_id: str) -> int:
        return len({link.paper for link in self.by_entity.get(entity_id, ())})

    # ------------------------------------------------------------ questions

    def papers(self, uses: list[str] = (), role: list[str] = (), type: str | None = None, since: str | None = None,
               until: str | None = None, text: str | None = None) -> list[dict]:
        """Papers matching every filter: each `uses` name (or anything under it), in one of the roles, of the type,
        dated within [since, until], with `text` in the title or abstract."""
        wanted_type = EntityType.parse(type).value if type else None
        groups = [self.members(self.resolve(name)) for name in uses]
        rows = []
        for paper, data in self.graph.nodes(data=True):
            if data.get("kind") != "paper" or not self.dated_within(data, since, until):
                continue
            if text and text.lower() not in (data["title"] + " " + data.get("abstract", "")).lower():
                continue
            links = [link for link in self.by_paper.get(paper, ()) if not role or link.role in role]
            if wanted_type:
                links = [link for link in links if self.node(link.entity)["type"] == wanted_type]
            if (role or wanted_type) and not links:
                continue
            matched = [[link for link in links if link.entity in group] for group in groups]
            if not all(matched):
                continue
            rows.append({
                "paper": paper, "title": data["title"], "date": data.get("date") or data.get("date_text", ""),
                "matched": sorted({f"{self.label(link.entity)} ({link.role})" for group in matched for link in group}),
            })
        return sorted(rows, key=lambda r: (r["date"], r["title"]), reverse=True)

    @staticmethod
    def dated_within(data: dict, since: str | None, until: str | None) -> bool:
        if not since and not until:
            return True
        date = data.get("date")
        if not date:
            return False
        return (not since or date >= since) and (not until or date <= until + "\uffff")

    def entity(self, name: str) -> dict:
        """What an entity is, what it is called, where it sits, how papers use it, what it appears with."""
        entity_id = self.resolve(name)
        data = self.node(entity_id)
        members = self.members(entity_id)
        links = [link for m in members for link in self.by_entity.get(m, ())]
        papers = {link.paper for link in links}
        together = Counter()
        for paper in papers:
            together.update({link.entity for link in self.by_paper[paper]} - members)
        return {
            "id": entity_id, "label": data["label"], "type": data["type"], "level": data.get("level"),
            "definition": data.get("definition"), "aliases": data.get("aliases", []),
            "broader": [self.label(a) for a in self.ancestors(entity_id)],
            "narrower": sorted(self.label(m) for m in members - {entity_id}),
            "papers": len(papers), "papers_directly": self.paper_count(entity_id),
            "roles": dict(Counter(link.role for link in links).most_common()),
            "linked_with": [{"entity": self.label(e), "type": self.node(e)["type"], "papers": n}
                            for e, n in sorted(together.items(), key=lambda t: (-t[1], self.label(t[0])))[:10]],
        }

    def top(self, type: str, since: str | None = None, role: list[str] = (), limit: int = 10,
            uses: list[str] = ()) -> list[dict]:
        """The entities of a type linked to the most papers; with `uses`, only among the papers that use those
        ("what hardware do speculative-decoding papers run on?")."""
        wanted = EntityType.parse(type).value
        among = {row["paper"] for row in self.papers(uses=uses)} if uses else None
        counts: dict[str, set[str]] = defaultdict(set)
        for link in self.links:
            if self.node(link.entity)["type"] != wanted or (role and link.role not in role):
                continue
            if among is not None and link.paper not in among:
                continue
            if self.dated_within(self.node(link.paper), since, None):
                counts[link.entity].add(link.paper)
        ranked = sorted(counts.items(), key=lambda t: (-len(t[1]), self.label(t[0])))[:limit]
        return [{"entity": self.label(e), "id": e, "papers": len(p)} for e, p in ranked]

    def cooccur(self, type: str, with_type: str, limit: int = 20) -> list[dict]:
        """Which entities of one type appear in the same papers as entities of another, with counts."""
        a, b = EntityType.parse(type).value, EntityType.parse(with_type).value
        counts: Counter = Counter()
        for links in self.by_paper.values():
            firsts = {link.entity for link in links if self.node(link.entity)["type"] == a}
            seconds = {link.entity for link in links if self.node(link.entity)["type"] == b}
            counts.update((x, y) for x in firsts for y in seconds if x != y)
        ranked = sorted(counts.items(), key=lambda t: (-t[1], self.label(t[0][0]), self.label(t[0][1])))[:limit]
        return [{a.lower(): self.label(x), b.lower(): self.label(y), "papers": n} for (x, y), n in ranked]

    def related(self, paper: str, limit: int = 10) -> list[dict]:
        """Papers sharing the most specific entities with a paper: each shared entity weighs log(N / its papers),
        so a rare method counts for more than "GPU"."""
        paper_id = self.resolve(paper, kind="paper")
        total = sum(1 for _, d in self.graph.nodes(data=True) if d.get("kind") == "paper")
        mine = {link.entity for link in self.by_paper.get(paper_id, ())}
        scores: dict[str, float] = defaultdict(float)
        shared: dict[str, list[str]] = defaultdict(list)
        for entity in mine:
            others = {link.paper for link in self.by_entity[entity]} - {paper_id}
            weight = math.log(total / (len(others) + 1))
            for other in others:
                scores[other] += weight
                shared[other].append(entity)
        ranked = sorted(scores.items(), key=lambda t: (-t[1], t[0]))[:limit]
        return [{"paper": p, "title": self.label(p), "score": round(s, 3),
                 "shared": sorted(self.label(e) for e in shared[p])} for p, s in ranked]

    def path(self, a: str, b: str) -> list[dict]:
        """The shortest chain of papers and entities joining two entities."""
        start, end = self.resolve(a), self.resolve(b)
        undirected = nx.Graph()
        undirected.add_edges_from((link.paper, link.entity) for link in self.links)
        try:
            nodes = nx.shortest_path(undirected, start, end)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return []
        return [{"id": n, "kind": self.node(n)["kind"], "label": self.label(n)} for n in nodes]

    def trend(self, name: str, by: str = "year") -> list[dict]:
        """Papers per year (or month) that link to an entity or anything under it."""
        members = self.members(self.resolve(name))
        width = 4 if by == "year" else 7
        periods: dict[str, set[str]] = defaultdict(set)
        for member in members:
            for link in self.by_entity.get(member, ()):
                date = self.node(link.paper).get("date")
                if date:
                    periods[date[:width]].add(link.paper)
        return [{by: period, "papers": len(papers)} for period, papers in sorted(periods.items())]

    def claims(self, hardware: str | None = None, quantity: str | None = None, subject: str | None = None,
               kind: str | None = None) -> list[dict]:
        """Quantitative claims, largest value first: measured on the hardware (or anything under it), about the
        quantity, with the subject (or anything under it), of the kind."""
        on = self.members(self.resolve(hardware)) if hardware else None
        about = self.members(self.resolve(subject)) if subject else None
        rows = []
        for node, data in self.graph.nodes(data=True):
            if data.get("kind") != "claim":
                continue
            targets = {k: v for _, v, k in self.graph.out_edges(node, keys=True)}
            if (on is not None and targets.get("measuredOn") not in on) or (quantity and data["quantity"] != quantity):
                continue
            if (about is not None and targets.get("subject") not in about) or (kind and data["claim_kind"] != kind):
                continue
            paper = next(u for u, _ in self.graph.in_edges(node))
            rows.append({"value": data["value_text"], "kind": data["claim_kind"], "quantity": data["quantity"],
                         "direction": data["direction"], "qualifier": data.get("qualifier"),
                         "hardware": data.get("hardware"), "baseline": data.get("baseline"),
                         "subject": data.get("subject"), "paper": self.label(paper), "sentence": data["evidence"],
                         "number": data["value"]})
        return sorted(rows, key=lambda r: (-r["number"], r["paper"]))

    def stats(self) -> dict:
        kinds = Counter(d.get("kind") for _, d in self.graph.nodes(data=True))
        types = Counter(d["type"] for _, d in self.graph.nodes(data=True) if d.get("kind") == "entity")
        undirected = nx.Graph()
        undirected.add_nodes_from(n for n, d in self.graph.nodes(data=True) if d.get("kind") in ("paper", "entity"))
        undirected.add_edges_from((link.paper, link.entity) for link in self.links)
        largest = max(nx.connected_components(undirected), key=len, default=set())
        orphans = sorted(self.label(n) for n, d in self.graph.nodes(data=True)
                         if d.get("kind") == "entity" and not self.paper_count(n))
        return {
            "papers": kinds.get("paper", 0),
            "entities": dict(sorted(types.items())),
            "links": len(self.links),
            "links_by_role": {r.value: n for r in Role if (n := sum(1 for x in self.links if x.role == r.value))},
            "claims": kinds.get("claim", 0),
            "largest_component": {"nodes": len(largest),
                                  "papers": sum(1 for n in largest if self.node(n)["kind"] == "paper")},
            "entities_without_papers": orphans,  # classes and families that only their members' papers reach
        }
