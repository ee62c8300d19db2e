// The editors' workbench: what it shows beside the forms: the map with the keys of nodes and
// edges, who stands where (with what flipped in the last change), and the history with undo
// and revert. `views(ctx)` takes the workbench's state `wb` and its helpers (api, base,
// clearError, changed, and pick: what a click on a node in the map does).
"use strict";

(() => {
  window.ArgmapWorkbench = window.ArgmapWorkbench || {};
  window.ArgmapWorkbench.views = (ctx) => {
    const { wb, api, base, clearError } = ctx;
    const $ = (id) => document.getElementById(id);
    const changed = (what) => ctx.changed(what);
    const pickFromMap = (key) => ctx.pick(key);

    // ---- the map, with keys ---------------------------------------------------------------
    async function renderMap() {
      const holder = $("wb-map");
      if (!wb.nodes.length) { holder.textContent = "The map appears when the debate has claims."; return; }
      const view = wb.parties.length >= 2 ? `compare=${wb.parties[0].key},${wb.parties[1].key}`
        : wb.parties.length ? `party=${wb.parties[0].key}` : "";
      const response = await fetch(`/debates/${wb.slug}/map.svg?${view}`, { headers: { Accept: "image/svg+xml" } });
      if (!response.ok) { holder.textContent = "The map could not be drawn."; return; }
      holder.innerHTML = await response.text();
      const svg = holder.querySelector("svg");
      if (!svg) return;
      svg.setAttribute("role", "group");
      svg.setAttribute("aria-label", "Map of the debate; choose a claim to edit it");
      for (const group of svg.querySelectorAll("g.node[data-key]")) {
        const key = group.dataset.key;
        const box = group.getBBox();
        const label = document.createElementNS("http://www.w3.org/2000/svg", "text");
        label.setAttribute("x", box.x + 2); label.setAttribute("y", box.y - 3);
        label.setAttribute("class", "wb-key"); label.setAttribute("aria-hidden", "true");
        label.textContent = key;
        group.append(label);
        if (flipped(key).length) group.classList.add("flipped");
        const link = group.querySelector("a");
        if (link) {
          link.addEventListener("click", (event) => { event.preventDefault(); pickFromMap(key); });
          link.addEventListener("keydown", (event) => {
            if (event.key === "Enter" || event.key === " ") { event.preventDefault(); pickFromMap(key); }
          });
        }
      }
      for (const group of svg.querySelectorAll("g.edge[data-edge]")) {
        const path = group.querySelector("path");
        if (!path || !path.getTotalLength) continue;
        const middle = path.getPointAtLength(path.getTotalLength() / 2);
        const label = document.createElementNS("http://www.w3.org/2000/svg", "text");
        label.setAttribute("x", middle.x + 3); label.setAttribute("y", middle.y - 3);
        label.setAttribute("class", "wb-key wb-edge-key"); label.setAttribute("aria-hidden", "true");
        label.textContent = group.dataset.edge;
        group.append(label);
      }
    }

    // ---- labels, and what flipped ----------------------------------------------------------
    function flipped(key) {
      return wb.parties.filter((p) => wb.previous[p.key] && wb.previous[p.key][key]
        && wb.previous[p.key][key] !== wb.labels[p.key][key]).map((p) => p.key);
    }

    // a table with a column per party: its element and its body
    function partyTable(className, corner) {
      const table = document.createElement("table");
      table.className = className;
      const head = table.createTHead().insertRow();
      for (const text of [corner, ...wb.parties.map((p) => p.name)]) {
        const th = document.createElement("th"); th.scope = "col"; th.textContent = text; head.append(th);
      }
      return [table, table.createTBody()];
    }

    function renderLabels() {
      const holder = $("wb-labels");
      if (!wb.parties.length || !wb.nodes.length) { holder.textContent = "Add parties and claims to see who stands where."; return; }
      const [table, body] = partyTable("wb-labels", "Claim");
      for (const n of wb.nodes.filter((node) => node.kind === "claim")) {
        const row = body.insertRow();
        row.dataset.key = n.key;
        const th = document.createElement("th"); th.scope = "row";
        th.textContent = `${n.key}${n.tags.includes("central") ? " (central)" : ""}`;
        row.append(th);
        for (const p of wb.parties) {
          const cell = row.insertCell();
          const label = wb.labels[p.key][n.key] || "—";
          cell.dataset.party = p.key;
          cell.className = `label-${label.toLowerCase()}`;
          cell.textContent = label === "IN" ? "IN (stands)" : label === "OUT" ? "OUT (does not stand)" : label;
          const before = wb.previous[p.key] && wb.previous[p.key][n.key];
          if (before && before !== wb.labels[p.key][n.key]) {
            cell.classList.add("flipped");
            cell.append(` · flipped, was ${before}`);
          }
        }
      }
      holder.replaceChildren(table);
    }

    // ---- history -----------------------------------------------------------------------------
    async function renderHistory() {
      const answer = await api("GET", `${base()}/revisions?limit=30`);
      const list = $("revision-list"); list.replaceChildren();
      for (const r of answer.data.items) {
        const li = document.createElement("li");
        li.value = r.number;
        const when = new Date(r.created_at).toLocaleString();
        const head = document.createElement("p");
        head.textContent = `Revision ${r.number} by ${r.author}, ${when}${r.message ? `: “${r.message}”` : ""}`;
        const details = document.createElement("details");
        const summary = document.createElement("summary");
        summary.textContent = r.changes.length ? `${r.changes[0]}${r.changes.length > 1 ? ` and ${r.changes.length - 1} more` : ""}` : r.summary;
        const lines = document.createElement("ul");
        for (const change of r.changes) { const c = document.createElement("li"); c.textContent = change; lines.append(c); }
        details.append(summary, lines);
        const undo = document.createElement("button");
        undo.type = "button"; undo.textContent = `Undo revision ${r.number}`;
        undo.addEventListener("click", () => undoRevision(r.number));
        const revert = document.createElement("button");
        revert.type = "button"; revert.textContent = `Revert to revision ${r.number}`;
        revert.addEventListener("click", () => revertTo(r.number));
        li.append(head, details, undo, " ", revert);
        list.append(li);
      }
    }

    async function undoRevision(number) {
      try {
        await api("POST", `${base()}/revisions/${number}/undo`, {});
        clearError("history");
        await changed(`undid revision ${number}`);
      } catch (error) {
        const items = (error.problem.errors || []).map((e) => e.item).filter(Boolean);
        $("history-error").textContent = error.message + (items.length ? ` (items: ${items.join(", ")})` : "");
      }
    }
    async function revertTo(number) {
      try {
        await api("POST", `${base()}/revert`, { revision: number });
        clearError("history");
        await changed(`reverted to revision ${number}`);
      } catch (error) { $("history-error").textContent = error.message; }
    }
    $("undo-last").addEventListener("click", () => undoRevision(wb.revision));

    return { renderMap, renderLabels, renderHistory, flipped, partyTable };
  };
})();
