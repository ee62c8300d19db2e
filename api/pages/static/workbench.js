// The editors' workbench: every change goes through the REST API (with the CSRF token).
"use strict";

(() => {
  const root = document.getElementById("workbench");
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const wb = {
    slug: root.dataset.slug, etag: null, revision: 0, nodes: [], edges: [], parties: [],
    sources: [], acceptance: {}, labels: {}, previous: {}, editing: null, keyEdited: false,
    ownRevisions: new Set(),
  };

  // ---- talking to the API ---------------------------------------------------------------
  async function api(method, path, body, headers = {}) {
    const options = { method, headers: { "X-CSRF-Token": csrf, ...headers } };
    const note = $("wb-note").value.trim();
    if (method !== "GET" && note) options.headers["X-Argmap-Message"] = encodeURIComponent(note);
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    let data = null;
    const type = response.headers.get("content-type") || "";
    if (response.status !== 204 && type.includes("json")) data = await response.json();
    if (!response.ok) {
      const error = new Error((data && data.detail) || `${response.status} ${response.statusText}`);
      error.status = response.status;
      error.problem = data || {};
      throw error;
    }
    if (method !== "GET") $("wb-note").value = "";
    return { data, etag: response.headers.get("etag"), status: response.status };
  }
  const base = () => `/api/debates/${wb.slug}`;
  const status = (text) => { $("wb-status").textContent = text; };

  // Show a refusal next to the field it concerns, in words.
  function showError(formId, error, fields = {}) {
    const box = $(`${formId}-error`);
    const problems = (error.problem && error.problem.errors) || [];
    document.querySelectorAll(`#${formId} [aria-invalid]`).forEach((el) => {
      el.removeAttribute("aria-invalid");
    });
    let text = error.message;
    for (const problem of problems) {
      const loc = Array.isArray(problem.loc) ? problem.loc : String(problem.loc || "").split(".");
      const name = loc.find((part) => fields[part]);
      if (name) {
        const field = $(fields[name]);
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", `${formId}-error`);
        text = `${field.labels[0] ? field.labels[0].textContent : name}: ${problem.msg}`;
        field.focus();
        break;
      }
    }
    if (error.status === 403) text = `Not allowed: ${error.message}`;
    box.textContent = text;
  }
  const clearError = (formId) => { $(`${formId}-error`).textContent = ""; };

  // ---- keys suggested from the text ----------------------------------------------------
  const SMALL = new Set(["the", "a", "an", "of", "and", "or", "to", "in", "on", "is", "are", "be",
    "that", "this", "it", "its", "for", "with", "by", "as", "at", "from", "not"]);
  function suggestKey(text, taken) {
    const words = text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9\s-]/g, " ")
      .split(/\s+/).filter((w) => w && !SMALL.has(w)).slice(0, 4);
    let key = words.join("-").slice(0, 60).replace(/-+$/, "") || "item";
    let candidate = key;
    for (let n = 2; taken.has(candidate); n += 1) candidate = `${key}-${n}`;
    return candidate;
  }

  // ---- loading everything ----------------------------------------------------------------
  async function load() {
    const debate = await api("GET", base());
    wb.etag = debate.etag; wb.revision = debate.data.revision;
    fillDebate(debate.data);
    const [nodes, edges, parties, sources] = await Promise.all(
      ["nodes", "edges", "parties", "sources"].map((what) => api("GET", `${base()}/${what}?limit=500`)));
    wb.nodes = nodes.data.items; wb.edges = edges.data.items;
    wb.parties = parties.data.items; wb.sources = sources.data.items;
    const accepted = await Promise.all(wb.parties.map((p) => api("GET", `${base()}/parties/${p.key}/acceptance`)));
    wb.acceptance = {};
    wb.parties.forEach((p, i) => { wb.acceptance[p.key] = { items: accepted[i].data, etag: accepted[i].etag }; });
    const labels = await Promise.all(wb.parties.map((p) => api("GET", `${base()}/evaluation?party=${p.key}`)));
    wb.previous = wb.labels;
    wb.labels = {};
    wb.parties.forEach((p, i) => { wb.labels[p.key] = labels[i].data.labels; });
    renderLists(); renderAcceptance(); renderLabels();
    await Promise.all([renderMap(), renderHistory()]);
  }

  function fillDebate(debate) {
    if (document.activeElement && $("debate-form").contains(document.activeElement)) return;
    $("debate-title").value = debate.title;
    $("debate-summary").value = debate.summary;
    $("debate-mode").value = debate.mode;
    $("debate-public").checked = debate.public;
  }

  // ---- lists ----------------------------------------------------------------------------
  function item(list, text, actions) {
    const li = document.createElement("li");
    const span = document.createElement("span");
    span.textContent = text;
    li.append(span);
    for (const [label, handler] of actions) {
      const button = document.createElement("button");
      button.type = "button"; button.textContent = label;
      button.addEventListener("click", handler);
      li.append(" ", button);
    }
    list.append(li);
  }
  const describeEdge = (e) => `${e.id}: ${e.source} ${e.relation} ${e.target || `edge ${e.target_edge}`}`;

  function renderLists() {
    const parties = $("party-list"); parties.replaceChildren();
    for (const p of wb.parties) {
      item(parties, `${p.name} (${p.key})`, [[`Delete party ${p.key}`, () => remove("parties", p.key, p.revision)]]);
    }
    const sources = $("source-list"); sources.replaceChildren();
    const select = $("node-cite-source");
    const chosen = select.value;
    select.replaceChildren(new Option("none", ""));
    for (const s of wb.sources) {
      const who = s.authors.length ? `${s.authors.join("; ")}, ` : "";
      item(sources, `${s.key}: ${who}${s.title}${s.year ? ` (${s.year})` : ""}`,
        [[`Delete source ${s.key}`, () => remove("sources", s.key, s.revision)]]);
      select.append(new Option(`${s.key}: ${s.title}`, s.key));
    }
    select.value = chosen;
    const nodes = $("node-list"); nodes.replaceChildren();
    const options = $("node-options"); options.replaceChildren();
    for (const n of wb.nodes) {
      item(nodes, `${n.key} (${n.kind}): ${n.text}`, [[`Edit ${n.key}`, () => editNode(n.key)]]);
      const option = document.createElement("option");
      option.value = n.key; option.label = n.text.slice(0, 80);
      options.append(option);
    }
    const edges = $("edge-list"); edges.replaceChildren();
    const edgeOptions = $("edge-options"); edgeOptions.replaceChildren();
    for (const e of wb.edges) {
      item(edges, describeEdge(e), [[`Delete edge ${e.id}`, () => remove("edges", e.id, e.revision)]]);
      const option = document.createElement("option");
      option.value = e.id; option.label = describeEdge(e);
      edgeOptions.append(option);
    }
  }

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

  let lastPicker = null;
  for (const id of ["edge-source", "edge-target"]) {
    $(id).addEventListener("focus", () => { lastPicker = id; });
  }
  function pickFromMap(key) {
    if (lastPicker && $(lastPicker).value === "") {
      $(lastPicker).value = key;
      status(`${key} chosen for the edge's ${lastPicker === "edge-source" ? "start" : "end"}`);
      lastPicker = lastPicker === "edge-source" ? "edge-target" : null;
      return;
    }
    editNode(key);
  }

  // ---- labels, and what flipped ----------------------------------------------------------
  function flipped(key) {
    return wb.parties.filter((p) => wb.previous[p.key] && wb.previous[p.key][key]
      && wb.previous[p.key][key] !== wb.labels[p.key][key]).map((p) => p.key);
  }

  function renderLabels() {
    const holder = $("wb-labels");
    if (!wb.parties.length || !wb.nodes.length) { holder.textContent = "Add parties and claims to see who stands where."; return; }
    const table = document.createElement("table");
    table.className = "wb-labels";
    const head = table.createTHead().insertRow();
    for (const text of ["Claim", ...wb.parties.map((p) => p.name)]) {
      const th = document.createElement("th"); th.scope = "col"; th.textContent = text; head.append(th);
    }
    const body = table.createTBody();
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

  // ---- acceptance grid ---------------------------------------------------------------------
  function renderAcceptance() {
    const holder = $("acceptance-grid");
    const items = [...wb.nodes.map((n) => [n.key, `${n.key} (${n.kind})`]),
      ...wb.edges.map((e) => [`edge:${e.id}`, `edge:${describeEdge(e)}`])];
    if (!wb.parties.length || !items.length) { holder.textContent = "Add parties and items first."; return; }
    const table = document.createElement("table");
    table.className = "wb-grid";
    const head = table.createTHead().insertRow();
    for (const text of ["Item", ...wb.parties.map((p) => p.name)]) {
      const th = document.createElement("th"); th.scope = "col"; th.textContent = text; head.append(th);
    }
    const body = table.createTBody();
    for (const [key, text] of items) {
      const row = body.insertRow();
      const th = document.createElement("th"); th.scope = "row"; th.textContent = text; row.append(th);
      for (const p of wb.parties) {
        const select = document.createElement("select");
        select.setAttribute("aria-label", `${p.name} on ${key}`);
        select.dataset.party = p.key; select.dataset.item = key;
        for (const stance of ["unstated", "accepted", "rejected"]) select.append(new Option(stance, stance));
        select.value = (wb.acceptance[p.key].items || {})[key] || "unstated";
        select.addEventListener("change", () => setStance(p.key, key, select));
        row.insertCell().append(select);
      }
    }
    holder.replaceChildren(table);
  }

  async function setStance(party, key, select) {
    try {
      const answer = await api("PUT", `${base()}/parties/${party}/acceptance/${encodeURIComponent(key)}`,
        { stance: select.value }, { "If-Match": wb.acceptance[party].etag });
      wb.acceptance[party] = { items: answer.data, etag: answer.etag };
      clearError("acceptance");
      await changed(`${key}: ${select.value} for ${party}`);
    } catch (error) {
      $("acceptance-error").textContent = error.status === 412
        ? `Someone else changed what ${party} accepts; the grid now shows their version.`
        : error.message;
      await load();
    }
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

  // ---- after each change -----------------------------------------------------------------
  async function changed(what) {
    await load();
    wb.ownRevisions.add(wb.revision);
    const flips = wb.nodes.filter((n) => flipped(n.key).length).map((n) => `${n.key} (${flipped(n.key).join(", ")})`);
    status(`Saved: ${what}. Revision ${wb.revision}.${flips.length ? ` Flipped: ${flips.join("; ")}.` : ""}`);
  }

  async function remove(kind, key, revision, cascade = false) {
    const errorBox = { parties: "party-form", sources: "source-form", edges: "edge-form", nodes: "node-form" }[kind];
    try {
      await api("DELETE", `${base()}/${kind}/${key}${cascade ? "?cascade=true" : ""}`, undefined,
        { "If-Match": `"${revision}"` });
      clearError(errorBox);
      if (kind === "nodes") resetNodeForm();
      await changed(`deleted ${key}${cascade ? " and what rested on it" : ""}`);
    } catch (error) {
      showError(errorBox, error);
      if (error.status === 409 && !cascade) {
        const box = $(`${errorBox}-error`);
        const button = document.createElement("button");
        button.type = "button"; button.textContent = `Delete ${key} and everything that rests on it`;
        button.addEventListener("click", () => remove(kind, key, revision, true));
        box.append(" ", button);
      }
    }
  }

  // ---- the debate --------------------------------------------------------------------------
  $("debate-title").addEventListener("input", () => {
    if (!wb.slug && !$("debate-slug").dataset.edited) {
      $("debate-slug").value = suggestKey($("debate-title").value, new Set());
    }
  });
  $("debate-slug").addEventListener("input", () => { $("debate-slug").dataset.edited = "1"; });
  $("debate-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { title: $("debate-title").value, summary: $("debate-summary").value,
      mode: $("debate-mode").value, public: $("debate-public").checked };
    const fields = { title: "debate-title", slug: "debate-slug", summary: "debate-summary" };
    try {
      if (!wb.slug) {
        const slug = $("debate-slug").value.trim();
        await api("POST", "/api/debates", { slug, ...body });
        wb.slug = slug;
        history.replaceState(null, "", `/debates/${slug}/edit`);
        $("wb-heading").textContent = `Editing ${slug}`;
        $("wb-view-link").href = `/debates/${slug}`;
        $("wb-links").hidden = false; $("wb-editor").hidden = false; $("debate-slug-row").hidden = true;
        $("debate-save").textContent = "Save the debate";
      } else {
        await api("PATCH", base(), body, { "If-Match": wb.etag });
      }
      clearError("debate-form");
      await changed("the debate");
    } catch (error) { showError("debate-form", error, fields); }
  });

  // ---- parties and sources ---------------------------------------------------------------
  function keyFollows(from, to) {
    $(from).addEventListener("input", () => {
      if (!$(to).dataset.edited) $(to).value = suggestKey($(from).value, new Set());
    });
    $(to).addEventListener("input", () => { $(to).dataset.edited = "1"; });
  }
  keyFollows("party-name", "party-key");
  keyFollows("source-title", "source-key");
  async function add(formId, path, body, fields) {
    try {
      await api("POST", `${base()}/${path}`, body);
      clearError(formId);
      $(formId).reset();
      $(formId).querySelectorAll("[data-edited]").forEach((el) => { delete el.dataset.edited; });
      await changed(`added ${body.key || "an edge"}`);
      return true;
    } catch (error) { showError(formId, error, fields); return false; }
  }
  $("party-form").addEventListener("submit", (event) => {
    event.preventDefault();
    add("party-form", "parties", { key: $("party-key").value.trim(), name: $("party-name").value },
      { key: "party-key", name: "party-name" });
  });
  $("source-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const year = $("source-year").value.trim();
    add("source-form", "sources", {
      key: $("source-key").value.trim(), title: $("source-title").value,
      authors: $("source-authors").value.split(";").map((a) => a.trim()).filter(Boolean),
      venue: $("source-venue").value, url: $("source-url").value,
      ...(year ? { year: Number(year) } : {}),
    }, { key: "source-key", title: "source-title", year: "source-year", url: "source-url" });
  });

  // ---- nodes, and the conflict of two editors -------------------------------------------
  const NODE_FIELDS = { key: "node-key", text: "node-text", kind: "node-kind", tags: "node-tags",
    citations: "node-cite-source", source: "node-cite-source", locator: "node-cite-locator" };
  $("node-text").addEventListener("input", () => {
    if (wb.editing || wb.keyEdited) return;
    $("node-key").value = suggestKey($("node-text").value, new Set(wb.nodes.map((n) => n.key)));
  });
  $("node-key").addEventListener("input", () => { wb.keyEdited = true; });

  function nodeBody() {
    const citations = $("node-cite-source").value
      ? [{ source: $("node-cite-source").value, locator: $("node-cite-locator").value.trim() }] : [];
    return { text: $("node-text").value, kind: $("node-kind").value, citations,
      tags: $("node-tags").value.split(",").map((t) => t.trim()).filter(Boolean) };
  }
  function resetNodeForm() {
    wb.editing = null; wb.keyEdited = false;
    $("node-form").reset();
    $("node-key").disabled = false;
    $("node-form-heading").textContent = "New claim or evidence";
    $("node-save").textContent = "Add";
    $("node-delete").hidden = true;
    $("node-conflict").hidden = true;
    clearError("node-form");
  }
  function fillNode(node) {
    $("node-text").value = node.text; $("node-key").value = node.key; $("node-kind").value = node.kind;
    $("node-tags").value = node.tags.join(", ");
    const cite = node.citations[0];
    $("node-cite-source").value = cite ? cite.source : "";
    $("node-cite-locator").value = cite ? cite.locator : "";
  }
  async function editNode(key) {
    const answer = await api("GET", `${base()}/nodes/${key}`);
    resetNodeForm();
    wb.editing = { key, etag: answer.etag };
    fillNode(answer.data);
    $("node-key").disabled = true;
    $("node-form-heading").textContent = `Editing ${key}`;
    $("node-save").textContent = "Save";
    $("node-delete").hidden = false;
    $("node-text").focus();
  }
  $("node-new").addEventListener("click", () => { resetNodeForm(); $("node-text").focus(); });
  $("node-delete").addEventListener("click", () => {
    if (wb.editing) remove("nodes", wb.editing.key, wb.editing.etag.replace(/"/g, ""));
  });
  $("node-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = nodeBody();
    try {
      if (wb.editing) {
        const answer = await api("PATCH", `${base()}/nodes/${wb.editing.key}`, body, { "If-Match": wb.editing.etag });
        wb.editing.etag = answer.etag;
        $("node-conflict").hidden = true;
        clearError("node-form");
        await changed(`saved ${wb.editing.key}`);
      } else {
        const key = $("node-key").value.trim();
        if (await add("node-form", "nodes", { key, ...body }, NODE_FIELDS)) resetNodeForm();
      }
    } catch (error) {
      if (error.status === 412 && wb.editing) await conflict(body);
      else showError("node-form", error, NODE_FIELDS);
    }
  });

  // Another editor saved this node since it was opened: show both, lose nothing.
  async function conflict(mine) {
    const key = wb.editing.key;
    const current = await api("GET", `${base()}/nodes/${key}`);
    const theirs = current.data;
    const box = $("node-conflict");
    box.replaceChildren();
    const heading = document.createElement("h4");
    heading.textContent = `${key} was changed by another editor while you were editing it`;
    const yours = document.createElement("div");
    yours.className = "wb-version mine";
    yours.innerHTML = "<h5>Your version</h5>";
    const yourText = document.createElement("p"); yourText.className = "version-text"; yourText.textContent = mine.text;
    yours.append(yourText);
    const other = document.createElement("div");
    other.className = "wb-version theirs";
    other.innerHTML = "<h5>Their version (now saved)</h5>";
    const otherText = document.createElement("p"); otherText.className = "version-text"; otherText.textContent = theirs.text;
    other.append(otherText);
    const mergeLabel = document.createElement("label");
    mergeLabel.htmlFor = "node-merge"; mergeLabel.textContent = "Merge by hand";
    const merge = document.createElement("textarea");
    merge.id = "node-merge"; merge.rows = 4; merge.value = `${mine.text}\n\n${theirs.text}`;
    const buttons = document.createElement("p");
    buttons.className = "wb-buttons";
    const button = (label, handler) => {
      const b = document.createElement("button"); b.type = "button"; b.textContent = label;
      b.addEventListener("click", handler); buttons.append(b, " ");
    };
    const retry = async (body) => {
      wb.editing.etag = current.etag;
      try {
        const answer = await api("PATCH", `${base()}/nodes/${key}`, body, { "If-Match": current.etag });
        wb.editing.etag = answer.etag;
        box.hidden = true; clearError("node-form");
        await changed(`saved ${key}`);
      } catch (error) {
        if (error.status === 412) await conflict(body); else showError("node-form", error, NODE_FIELDS);
      }
    };
    button("Keep mine", () => retry(mine));
    button("Take theirs", () => { wb.editing.etag = current.etag; fillNode(theirs); box.hidden = true; clearError("node-form"); });
    button("Save the merged text", () => retry({ ...mine, text: merge.value }));
    box.append(heading, yours, other, mergeLabel, merge, buttons);
    box.hidden = false;
    $("node-form-error").textContent = "Your change was not saved: choose which text to keep.";
    merge.focus();
  }

  // ---- edges -----------------------------------------------------------------------------
  function resolveNode(value) {
    const text = value.trim();
    if (wb.nodes.some((n) => n.key === text)) return text;
    const found = wb.nodes.filter((n) => n.text.toLowerCase().includes(text.toLowerCase()));
    return found.length === 1 ? found[0].key : text;
  }
  $("edge-relation").addEventListener("change", () => {
    $("edge-target").setAttribute("list", $("edge-relation").value === "undercuts" ? "edge-options" : "node-options");
  });
  $("edge-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const relation = $("edge-relation").value;
    const source = resolveNode($("edge-source").value);
    const target = $("edge-target").value.trim();
    const body = relation === "undercuts"
      ? { source, target_edge: target.replace(/^edge:/, ""), relation: "rebuts" }
      : { source, target: resolveNode(target), relation };
    add("edge-form", "edges", body, { source: "edge-source", target: "edge-target", target_edge: "edge-target" });
  });

  // ---- others' changes, without a reload -------------------------------------------------
  async function poll() {
    if (!wb.slug || document.hidden) return;
    try {
      const response = await fetch(base(), { headers: { "If-None-Match": wb.etag || "" } });
      if (response.status === 200) {
        const debate = await response.json();
        if (debate.revision !== wb.revision && !wb.ownRevisions.has(debate.revision)) {
          await load();
          status(`Another editor changed the debate: now at revision ${debate.revision}.`);
        }
      }
    } catch (error) { /* offline for a moment: the next poll tries again */ }
  }
  setInterval(poll, 3000);

  if (wb.slug) load().catch((error) => status(error.message));
})();
