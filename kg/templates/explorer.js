// kg explorer: draws the network, then lets the reader search, filter and read nodes.
// Every string that came from a paper is written with textContent, never as HTML.
(function () {
  "use strict";
  const json = (id) => JSON.parse(document.getElementById(id).textContent);
  const allNodes = json("kg-nodes");
  const allEdges = json("kg-edges");
  const details = json("kg-details");
  const options = json("kg-options");
  const byId = new Map(allNodes.map((n) => [n.id, n]));
  const state = { startedAt: performance.now(), drawnAt: null, settledAt: null, hiddenTypes: new Set() };
  window.kgExplorer = state;

  const visible = new Set(json("kg-visible"));
  const nodes = new vis.DataSet(allNodes.filter((n) => visible.has(n.id)));
  const edgeId = (e) => e.from + "|" + e.role + "|" + e.to;
  const edges = new vis.DataSet(allEdges.filter((e) => visible.has(e.from) && visible.has(e.to))
    .map((e) => Object.assign({ id: edgeId(e) }, e)));
  const network = new vis.Network(document.getElementById("network"), { nodes, edges }, options);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;

  network.once("afterDrawing", () => { state.drawnAt = performance.now(); });
  const freeze = () => {
    if (state.settledAt !== null) return;
    network.setOptions({ physics: { enabled: false } });
    state.settledAt = performance.now();
  };
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);

  // ---- the side panel ----
  const panel = document.getElementById("panel");
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const linkTo = (id, text) => {
    const a = el("span", text, "link");
    a.addEventListener("click", () => focusNode(id));
    return a;
  };

  function showPaper(id, d) {
    panel.append(el("h2", d.title));
    const meta = [d.date || d.date_text, d.organisation,
      d.author_count ? d.author_count + " authors" : null, d.arxiv_id ? "arXiv " + d.arxiv_id : null];
    panel.append(el("div", meta.filter(Boolean).join(" · "), "meta"));
    if (d.authors && d.authors.length) panel.append(el("div", d.authors.join(", "), "meta"));
    panel.append(el("h3", "Abstract"));
    panel.append(el("p", d.abstract, "abstract"));
    for (const role of Object.keys(d.links).sort()) {
      panel.append(el("h3", role));
      const ul = el("ul");
      for (const link of d.links[role]) {
        const li = el("li");
        li.append(linkTo(link.id, link.label), el("span", " (" + link.type.toLowerCase() + ")", "meta"));
        li.append(el("div", link.evidence, "evidence"));
        ul.append(li);
      }
      panel.append(ul);
    }
    if (d.claims && d.claims.length) {
      panel.append(el("h3", "Claims"));
      const ul = el("ul");
      for (const c of d.claims) {
        const parts = [c.value, c.quantity, c.hardware ? "on " + c.hardware : null,
          c.baseline ? "vs " + c.baseline : null];
        const li = el("li", parts.filter(Boolean).join(" · "));
        li.append(el("div", c.evidence, "evidence"));
        ul.append(li);
      }
      panel.append(ul);
    }
  }

  function showEntity(id, d) {
    panel.append(el("h2", d.label));
    panel.append(el("div", [d.type.toLowerCase(), d.level].filter(Boolean).join(" · "), "meta"));
    if (d.definition) panel.append(el("p", d.definition));
    if (d.aliases.length) { panel.append(el("h3", "Also written")); panel.append(el("p", d.aliases.join(", "))); }
    for (const [title, list] of [["Family or class", d.broader], ["Members", d.narrower]]) {
      if (!list.length) continue;
      panel.append(el("h3", title));
      const p = el("p");
      list.forEach(([nid, label], i) => { if (i) p.append(", "); p.append(linkTo(nid, label)); });
      panel.append(p);
    }
    panel.append(el("h3", d.papers.length + " papers"));
    const ul = el("ul");
    for (const paper of d.papers) {
      const li = el("li");
      li.append(linkTo(paper.id, paper.title), el("span", " (" + paper.role + ")", "meta"));
      li.append(el("div", paper.evidence, "evidence"));
      ul.append(li);
    }
    panel.append(ul);
  }

  function show(id) {
    panel.replaceChildren();
    const d = details[id];
    if (!d) return;
    if (d.kind === "paper") showPaper(id, d); else showEntity(id, d);
    state.shown = id;
  }

  // ---- neighbourhood highlight ----
  function highlight(id) {
    const keep = new Set([id, ...network.getConnectedNodes(id)]);
    nodes.update(nodes.get().map((n) => ({ id: n.id, color: keep.has(n.id) ? byId.get(n.id).color : "#e4e4e4" })));
    state.highlighted = id;
  }
  function clearHighlight() {
    nodes.update(nodes.get().map((n) => ({ id: n.id, color: byId.get(n.id).color })));
    state.highlighted = null;
  }

  // ---- revealing nodes outside the current view ----
  function reveal(id) {
    if (nodes.get(id)) return;
    const neighbours = new Set([id]);
    for (const e of allEdges) {
      if (e.from === id) neighbours.add(e.to);
      if (e.to === id) neighbours.add(e.from);
    }
    const add = [...neighbours].filter((n) => !nodes.get(n) && byId.has(n)).map((n) => byId.get(n));
    nodes.add(add);
    const present = new Set(nodes.getIds());
    edges.update(allEdges.filter((e) => (e.from === id || e.to === id) && present.has(e.from) && present.has(e.to))
      .map((e) => Object.assign({ id: edgeId(e) }, e)));
    applyFilters();
  }

  function focusNode(id) {
    if (!byId.has(id)) return;
    reveal(id);
    const node = byId.get(id);
    if (state.hiddenTypes.has(node.group)) {
      state.hiddenTypes.delete(node.group);
      document.querySelector(`#filters input[data-type="${node.group}"]`).checked = true;
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    highlight(id);
    show(id);
    state.focused = id;
  }
  state.focusNode = focusNode;

  network.on("click", (params) => {
    if (params.nodes.length) { highlight(params.nodes[0]); show(params.nodes[0]); }
    else { clearHighlight(); }
  });

  // ---- search by any alias or title ----
  const index = [];
  for (const [id, d] of Object.entries(details)) {
    const names = d.kind === "paper" ? [d.title] : [d.label, ...d.aliases];
    for (const name of names) index.push([name.toLowerCase(), name, id]);
  }
  function search(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const rank = ([key]) => (key === q ? 0 : key.startsWith(q) ? 1 : 2);
    const hits = index.filter(([key]) => key.includes(q)).sort((a, b) => rank(a) - rank(b) || a[0].length - b[0].length);
    const seen = new Set();
    return hits.filter(([, , id]) => !seen.has(id) && seen.add(id)).slice(0, 12);
  }
  state.search = search;
  const input = document.getElementById("search");
  const results = document.getElementById("results");
  input.addEventListener("input", () => {
    results.replaceChildren();
    for (const [, name, id] of search(input.value)) {
      const li = el("li", name + (details[id].label && details[id].label !== name ? " → " + details[id].label : ""));
      li.addEventListener("click", () => focusNode(id));
      results.append(li);
    }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const hits = search(input.value);
    if (hits.length) focusNode(hits[0][2]);
  });

  // ---- type filters ----
  function applyFilters() {
    nodes.update(nodes.get().map((n) => ({ id: n.id, hidden: state.hiddenTypes.has(n.group) })));
  }
  for (const box of document.querySelectorAll("#filters input")) {
    box.addEventListener("change", () => {
      if (box.checked) state.hiddenTypes.delete(box.dataset.type); else state.hiddenTypes.add(box.dataset.type);
      applyFilters();
    });
  }
})();
