// The editors' workbench: every change goes through the REST API (with the CSRF token).
"use strict";

(() => {
  const root = document.getElementById("workbench");
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const wb = {
    slug: root.dataset.slug, etag: null, revision: 0, nodes: [], edges: [], parties: [],
    sources: [], documents: [], acceptance: {}, labels: {}, previous: {}, keyEdited: false,
    ownRevisions: new Set(), writing: 0, busy: false,
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
    const writing = method !== "GET";
    if (writing) wb.writing += 1;
    let response;
    try { response = await fetch(path, options); } finally { if (writing) wb.writing -= 1; }
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

  // Show a refusal next to the field it concerns, in words (and in the form's error line).
  // `fields` maps the API's names to field ids; an entry may be a function of the location.
  function showError(formId, error, fields = {}) {
    clearRefusals(formId);
    let problems = (error.problem && error.problem.errors) || [];
    // a taken key (409 "already has a node 'x'") concerns the key field
    const keyField = ["key", "slug"].find((name) => fields[name]);
    if (!problems.length && error.status === 409 && /already/.test(error.message) && keyField) {
      problems = [{ loc: [keyField], msg: error.message }];
    }
    let text = error.message;
    for (const problem of problems) {
      const loc = Array.isArray(problem.loc) ? problem.loc : String(problem.loc || "").split(".");
      const name = loc.find((part) => fields[part]);
      if (!name) continue;
      const id = typeof fields[name] === "function" ? fields[name](loc) : fields[name];
      const field = $(id);
      if (!field) continue;
      text = `${field.labels[0] ? field.labels[0].textContent : name}: ${problem.msg}`;
      const note = document.createElement("span");
      note.className = "field-error"; note.id = `${id}-refusal`; note.textContent = problem.msg;
      field.after(note);
      field.setAttribute("aria-invalid", "true"); field.dataset.refused = "1";
      field.setAttribute("aria-describedby", `${note.id} ${field.getAttribute("aria-describedby") || ""}`.trim());
      field.focus();
      break;
    }
    if (error.status === 403) text = `Not allowed: ${error.message}`;
    $(`${formId}-error`).textContent = text;
  }
  function clearRefusals(formId) {
    const form = $(formId);
    if (!form) return;
    form.querySelectorAll(".field-error").forEach((note) => note.remove());
    form.querySelectorAll("[data-refused]").forEach((field) => {
      field.removeAttribute("aria-invalid"); delete field.dataset.refused;
      const rest = (field.getAttribute("aria-describedby") || "").split(" ").filter((i) => i && !i.endsWith("-refusal"));
      if (rest.length) field.setAttribute("aria-describedby", rest.join(" ")); else field.removeAttribute("aria-describedby");
    });
  }
  const clearError = (formId) => { clearRefusals(formId); $(`${formId}-error`).textContent = ""; };
  // the citation rows of form `prefix` named by a location such as nodes.c1.citations.0
  const citationField = (prefix) => (loc) => {
    const index = Number(loc[loc.indexOf("citations") + 1]) || 0;
    const part = loc.includes("locator") ? "locator" : "source";
    return `${prefix}-cite-${part}${index ? `-${index + 1}` : ""}`;
  };

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

  // ---- the shared pieces: saving under an ETag, citations with their passages, the views ---
  const parts = window.ArgmapWorkbench;
  const guard = parts.conflicts({ api, showError, clearError, changed: (what) => changed(what), status });
  const cites = parts.citations({ api, base, sources: () => wb.sources, documents: () => wb.documents });
  const { renderMap, renderLabels, renderHistory, flipped, partyTable } = parts.views({ wb, api, base, clearError,
    changed: (what) => changed(what), pick: (key) => pickFromMap(key) });

  // ---- loading everything ----------------------------------------------------------------
  // Loads may overlap (a poll and a change); only the newest one started is shown.
  let loads = 0;
  async function load() {
    const mine = ++loads;
    const debate = await api("GET", base());
    const [nodes, edges, parties, sources, documents] = await Promise.all(
      ["nodes", "edges", "parties", "sources", "documents"].map((what) => api("GET", `${base()}/${what}?limit=500`)));
    const items = parties.data.items;
    const accepted = await Promise.all(items.map((p) => api("GET", `${base()}/parties/${p.key}/acceptance`)));
    const labels = await Promise.all(items.map((p) => api("GET", `${base()}/evaluation?party=${p.key}`)));
    if (mine !== loads) return;
    wb.etag = debate.etag; wb.revision = debate.data.revision;
    fillDebate(debate);
    wb.nodes = nodes.data.items; wb.edges = edges.data.items;
    wb.parties = items; wb.sources = sources.data.items; wb.documents = documents.data.items;
    wb.acceptance = {};
    items.forEach((p, i) => { wb.acceptance[p.key] = { items: accepted[i].data, etag: accepted[i].etag }; });
    wb.previous = wb.labels;
    wb.labels = {};
    items.forEach((p, i) => { wb.labels[p.key] = labels[i].data.labels; });
    renderLists(); renderAcceptance(); renderLabels();
    nodeCites.refresh(); edgeCites.refresh();
    await Promise.all([renderMap(), renderHistory()]);
  }

  // ---- the debate's own fields -------------------------------------------------------------
  const DEBATE_FIELDS = [{ name: "title", label: "Title", kind: "line" },
    { name: "summary", label: "Summary", kind: "text" },
    { name: "mode", label: "Mode", kind: "choice", options: [["unsupported", "unsupported"], ["presumptive", "presumptive"]] },
    { name: "public", label: "Visibility", kind: "choice", options: [[true, "public"], [false, "private"]] }];
  const debateValues = () => ({ title: $("debate-title").value, summary: $("debate-summary").value,
    mode: $("debate-mode").value, public: $("debate-public").checked });
  function fillDebateForm(values) {
    $("debate-title").value = values.title; $("debate-summary").value = values.summary;
    $("debate-mode").value = values.mode; $("debate-public").checked = values.public;
  }
  const debateEdit = { form: "debate-form", what: "the debate", method: "PATCH", fields: DEBATE_FIELDS,
    get path() { return base(); }, fill: fillDebateForm, message: () => "the debate",
    errorFields: { title: "debate-title", summary: "debate-summary" }, base: null };
  // Another editor's change reaches the form only while nothing typed there is unsaved.
  function fillDebate(answer) {
    const values = guard.pick(debateEdit, answer.data);
    if (debateEdit.base && !guard.same(debateValues(), debateEdit.base.data)) return;
    fillDebateForm(values);
    debateEdit.base = { data: values, etag: answer.etag };
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
      item(parties, `${p.name} (${p.key})`, [[`Edit party ${p.key}`, () => editParty(p)],
        [`Delete party ${p.key}`, () => remove("parties", p.key, p.revision)]]);
    }
    const sources = $("source-list"); sources.replaceChildren();
    for (const s of wb.sources) {
      const who = s.authors.length ? `${s.authors.join("; ")}, ` : "";
      item(sources, `${s.key}: ${who}${s.title}${s.year ? ` (${s.year})` : ""}`,
        [[`Edit source ${s.key}`, () => editSource(s)], [`Delete source ${s.key}`, () => remove("sources", s.key, s.revision)]]);
    }
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
      item(edges, `${describeEdge(e)}${e.text ? `: ${e.text}` : ""}`, [[`Edit edge ${e.id}`, () => editEdge(e.id)],
        [`Delete edge ${e.id}`, () => remove("edges", e.id, e.revision)]]);
      const option = document.createElement("option");
      option.value = e.id; option.label = describeEdge(e);
      edgeOptions.append(option);
    }
  }

  // ---- picking a node in the map ----------------------------------------------------------
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

  // ---- acceptance grid ---------------------------------------------------------------------
  function renderAcceptance() {
    const holder = $("acceptance-grid");
    const items = [...wb.nodes.map((n) => [n.key, `${n.key} (${n.kind})`]),
      ...wb.edges.map((e) => [`edge:${e.id}`, `edge:${describeEdge(e)}`])];
    if (!wb.parties.length || !items.length) { holder.textContent = "Add parties and items first."; return; }
    const [table, body] = partyTable("wb-grid", "Item");
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

  const STANCES = ["unstated", "accepted", "rejected"].map((s) => [s, s]);
  // One party's stance on one item, under the ETag of the acceptance the grid shows.
  function setStance(party, key, select) {
    const stanceOf = (items) => (items || {})[key] || "unstated";
    const cell = () => document.querySelector(`#acceptance-grid select[data-party="${party}"][data-item="${CSS.escape(key)}"]`);
    const edit = { form: "acceptance", what: `what ${party} accepts of ${key}`, method: "PUT",
      path: `${base()}/parties/${party}/acceptance/${encodeURIComponent(key)}`,
      read: `${base()}/parties/${party}/acceptance`,
      base: { data: { stance: stanceOf(wb.acceptance[party].items) }, etag: wb.acceptance[party].etag },
      fields: [{ name: "stance", label: `Stance of ${party} on ${key}`, kind: "choice", options: STANCES }],
      pick: (items) => ({ stance: stanceOf(items) }),
      fill: (values) => { if (cell()) cell().value = values.stance; },
      focus: () => { if (cell()) cell().focus(); },
      message: (values) => `${key}: ${values.stance} for ${party}`,
      saved: (answer) => { wb.acceptance[party] = { items: answer.data, etag: answer.etag }; } };
    return guard.save(edit, { stance: select.value });
  }

  // ---- after each change -----------------------------------------------------------------
  async function changed(what) {
    wb.busy = true;
    try { await load(); } finally { wb.busy = false; }
    wb.ownRevisions.add(wb.revision);
    const flips = wb.nodes.filter((n) => flipped(n.key).length).map((n) => `${n.key} (${flipped(n.key).join(", ")})`);
    status(`Saved: ${what}. Revision ${wb.revision}.${flips.length ? ` Flipped: ${flips.join("; ")}.` : ""}`);
  }

  const PREFIX = { parties: "party", sources: "source", edges: "edge", nodes: "node" };
  async function remove(kind, key, revision, cascade = false) {
    const prefix = PREFIX[kind];
    const errorBox = `${prefix}-form`;
    try {
      await api("DELETE", `${base()}/${kind}/${key}${cascade ? "?cascade=true" : ""}`, undefined,
        { "If-Match": `"${revision}"` });
      clearError(errorBox);
      if (editing[prefix] && editing[prefix].what === key) resets[prefix]();
      await changed(`deleted ${key}${cascade ? " and what rested on it" : ""}`);
    } catch (error) {
      if (error.status === 412) {
        error.message = `${key} was changed by another editor since it was shown; the lists are current again: look at it before deleting it.`;
        await load();
      }
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

  // ---- forms that add an item, or edit one ------------------------------------------------
  // Form `prefix`-form has `prefix`-form-heading, `prefix`-save, `prefix`-new and maybe
  // `prefix`-key and `prefix`-delete; `editing[prefix]` is the edit it holds (null: a new item).
  const editing = { party: null, source: null, node: null, edge: null };
  const resets = {};
  function formMode(prefix, edit) {
    editing[prefix] = edit;
    const [heading, adds] = FORM_WORDS[prefix];
    $(`${prefix}-form-heading`).textContent = edit ? `Editing ${edit.what}` : heading;
    $(`${prefix}-save`).textContent = edit ? "Save" : adds;
    if ($(`${prefix}-key`)) $(`${prefix}-key`).disabled = Boolean(edit);
    $(`${prefix}-new`).hidden = !edit;
    if ($(`${prefix}-delete`)) $(`${prefix}-delete`).hidden = !edit;
    $(`${prefix}-form-conflict`).hidden = true;
    clearError(`${prefix}-form`);
  }
  const FORM_WORDS = { party: ["New party", "Add the party"], source: ["New source", "Add the source"],
    node: ["New claim or evidence", "Add"], edge: ["New support, rebuttal or undercutter", "Add the edge"] };
  // an edit of item `what` at `path`, its base read off `data` with ETag `etag`
  function itemEdit(prefix, what, path, fields, fill, errorFields, data, etag) {
    const edit = { form: `${prefix}-form`, what, path, method: "PATCH", fields, fill, errorFields };
    edit.base = { data: guard.pick(edit, data), etag };
    return edit;
  }
  for (const prefix of Object.keys(editing)) {
    resets[prefix] = () => {
      $(`${prefix}-form`).reset();
      $(`${prefix}-form`).querySelectorAll("[data-edited]").forEach((el) => { delete el.dataset.edited; });
      formMode(prefix, null);
    };
    $(`${prefix}-new`).addEventListener("click", () => {
      resets[prefix]();
      if (prefix === "node") { nodeCites.set([]); wb.keyEdited = false; }
      if (prefix === "edge") edgeCites.set([]);
      $(`${prefix}-form`).querySelector("input, textarea").focus();
    });
  }
  const nostr = (body) => Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));

  // ---- the debate --------------------------------------------------------------------------
  $("debate-title").addEventListener("input", () => {
    if (!wb.slug && !$("debate-slug").dataset.edited) {
      $("debate-slug").value = suggestKey($("debate-title").value, new Set());
    }
  });
  $("debate-slug").addEventListener("input", () => { $("debate-slug").dataset.edited = "1"; });
  $("debate-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (wb.slug) { await guard.save(debateEdit, debateValues()); return; }
    const slug = $("debate-slug").value.trim();
    try {
      await api("POST", "/api/debates", { slug, ...debateValues() });
      wb.slug = slug;
      history.replaceState(null, "", `/debates/${slug}/edit`);
      $("wb-heading").textContent = `Editing ${slug}`;
      $("wb-view-link").href = `/debates/${slug}`;
      $("wb-links").hidden = false; $("wb-editor").hidden = false; $("debate-slug-row").hidden = true;
      $("debate-save").textContent = "Save the debate";
      clearError("debate-form");
      await changed("the debate");
    } catch (error) { showError("debate-form", error, { ...debateEdit.errorFields, slug: "debate-slug" }); }
  });

  // ---- parties and sources ---------------------------------------------------------------
  function keyFollows(from, to) {
    $(from).addEventListener("input", () => {
      if (!$(to).dataset.edited && !$(to).disabled) $(to).value = suggestKey($(from).value, new Set());
    });
    $(to).addEventListener("input", () => { $(to).dataset.edited = "1"; });
  }
  keyFollows("party-name", "party-key");
  keyFollows("source-title", "source-key");
  async function add(formId, path, body, fields) {
    try {
      const answer = await api("POST", `${base()}/${path}`, body);
      clearError(formId);
      $(formId).reset();
      $(formId).querySelectorAll("[data-edited]").forEach((el) => { delete el.dataset.edited; });
      const made = answer.data.key || answer.data.id;
      await changed(`added ${path === "edges" ? `edge ${made}` : made}`);
      return true;
    } catch (error) { showError(formId, error, fields); return false; }
  }
  const PARTY_FIELDS = [{ name: "name", label: "Name", kind: "line" },
    { name: "description", label: "Description", kind: "text" }];
  const PARTY_ERRORS = { key: "party-key", name: "party-name", description: "party-description" };
  const partyValues = () => ({ name: $("party-name").value, description: $("party-description").value });
  const fillParty = (v) => { $("party-name").value = v.name; $("party-description").value = v.description || ""; };
  // The form of a keyed item of `kind` (parties, sources): it adds one, or saves the one
  // that the function it returns puts in it.
  function keyedForm(prefix, kind, fields, errors, values, fill) {
    $(`${prefix}-form`).addEventListener("submit", (event) => {
      event.preventDefault();
      if (editing[prefix]) return guard.save(editing[prefix], values());
      return add(`${prefix}-form`, kind, nostr({ key: $(`${prefix}-key`).value.trim(), ...values() }), errors);
    });
    return (item) => {
      resets[prefix]();
      formMode(prefix, itemEdit(prefix, item.key, `${base()}/${kind}/${item.key}`, fields, fill, errors,
        item, `"${item.revision}"`));
      $(`${prefix}-key`).value = item.key; fill(item);
      $(`${prefix}-form`).querySelector("input:not([disabled]), textarea").focus();
    };
  }
  const editParty = keyedForm("party", "parties", PARTY_FIELDS, PARTY_ERRORS, partyValues, fillParty);

  const SOURCE_FIELDS = [{ name: "title", label: "Title", kind: "line" },
    { name: "authors", label: "Authors", kind: "list", sep: ";" }, { name: "venue", label: "Venue", kind: "line" },
    { name: "year", label: "Year", kind: "line", number: true }, { name: "url", label: "Address", kind: "line" }];
  const SOURCE_ERRORS = { key: "source-key", title: "source-title", authors: "source-authors",
    venue: "source-venue", year: "source-year", url: "source-url" };
  function sourceValues() {
    const year = $("source-year").value.trim();
    return { title: $("source-title").value, venue: $("source-venue").value, url: $("source-url").value,
      authors: $("source-authors").value.split(";").map((a) => a.trim()).filter(Boolean),
      year: year ? Number(year) : null };
  }
  function fillSource(v) {
    $("source-title").value = v.title; $("source-authors").value = (v.authors || []).join("; ");
    $("source-venue").value = v.venue || ""; $("source-year").value = v.year ?? ""; $("source-url").value = v.url || "";
  }
  const editSource = keyedForm("source", "sources", SOURCE_FIELDS, SOURCE_ERRORS, sourceValues, fillSource);

  // ---- claims and evidence ---------------------------------------------------------------
  const NODE_FIELDS = [{ name: "text", label: "Text", kind: "text" },
    { name: "kind", label: "Kind", kind: "choice", options: [["claim", "claim"], ["evidence", "evidence"]] },
    { name: "tags", label: "Tags", kind: "list" }, { name: "citations", label: "Citations", kind: "citations" }];
  const NODE_ERRORS = { key: "node-key", text: "node-text", kind: "node-kind", tags: "node-tags",
    citations: citationField("node") };
  const nodeCites = cites.mount("node");
  $("node-text").addEventListener("input", () => {
    if (editing.node || wb.keyEdited) return;
    $("node-key").value = suggestKey($("node-text").value, new Set(wb.nodes.map((n) => n.key)));
  });
  $("node-key").addEventListener("input", () => { wb.keyEdited = true; });
  const nodeValues = () => ({ text: $("node-text").value, kind: $("node-kind").value, citations: nodeCites.get(),
    tags: $("node-tags").value.split(",").map((t) => t.trim()).filter(Boolean) });
  function fillNode(v) {
    $("node-text").value = v.text; $("node-kind").value = v.kind; $("node-tags").value = v.tags.join(", ");
    nodeCites.set(v.citations);
  }
  function resetNodeForm() { resets.node(); nodeCites.set([]); wb.keyEdited = false; }
  // the node with the text of each cited passage (?expand=passages)
  async function editNode(key) {
    const answer = await api("GET", `${base()}/nodes/${key}?expand=passages`);
    resetNodeForm();
    formMode("node", itemEdit("node", key, `${base()}/nodes/${key}`, NODE_FIELDS, fillNode, NODE_ERRORS,
      answer.data, answer.etag));
    $("node-key").value = key; fillNode(answer.data);
    $("node-text").focus();
  }
  $("node-delete").addEventListener("click", () => {
    if (editing.node) remove("nodes", editing.node.what, editing.node.base.etag.replace(/"/g, ""));
  });
  $("node-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (editing.node) { await guard.save(editing.node, nodeValues()); return; }
    const key = $("node-key").value.trim();
    if (await add("node-form", "nodes", { key, ...nodeValues() }, NODE_ERRORS)) resetNodeForm();
  });

  // ---- supports, rebuttals, undercutters ------------------------------------------------
  function resolveNode(value) {
    const text = value.trim();
    if (wb.nodes.some((n) => n.key === text)) return text;
    const found = wb.nodes.filter((n) => n.text.toLowerCase().includes(text.toLowerCase()));
    return found.length === 1 ? found[0].key : text;
  }
  const EDGE_FIELDS = [{ name: "source", label: "From", kind: "line" },
    { name: "relation", label: "Relation", kind: "choice", options: [["supports", "supports"], ["rebuts", "rebuts"]] },
    { name: "target", label: "To (a node)", kind: "line", nullable: true },
    { name: "target_edge", label: "To (an edge it undercuts)", kind: "line", nullable: true },
    { name: "text", label: "Gloss", kind: "text" }, { name: "citations", label: "Citations", kind: "citations" }];
  const EDGE_ERRORS = { source: "edge-source", target: "edge-target", target_edge: "edge-target",
    relation: "edge-relation", text: "edge-text", citations: citationField("edge") };
  const edgeCites = cites.mount("edge");
  const targetList = () => $("edge-target").setAttribute("list",
    $("edge-relation").value === "undercuts" ? "edge-options" : "node-options");
  $("edge-relation").addEventListener("change", targetList);
  function edgeValues() {
    const under = $("edge-relation").value === "undercuts";
    const target = $("edge-target").value.trim();
    return { source: resolveNode($("edge-source").value), relation: under ? "rebuts" : $("edge-relation").value,
      target: under ? null : resolveNode(target), target_edge: under ? target.replace(/^edge:/, "") : null,
      text: $("edge-text").value, citations: edgeCites.get() };
  }
  function fillEdge(v) {
    $("edge-source").value = v.source; $("edge-relation").value = v.target_edge ? "undercuts" : v.relation;
    $("edge-target").value = v.target_edge || v.target || ""; $("edge-text").value = v.text || "";
    edgeCites.set(v.citations || []); targetList();
  }
  async function editEdge(id) {
    const answer = await api("GET", `${base()}/edges/${id}`);
    resets.edge(); edgeCites.set([]);
    formMode("edge", itemEdit("edge", id, `${base()}/edges/${id}`, EDGE_FIELDS, fillEdge, EDGE_ERRORS,
      answer.data, answer.etag));
    fillEdge(answer.data); $("edge-text").focus();
  }
  $("edge-delete").addEventListener("click", () => {
    if (editing.edge) remove("edges", editing.edge.what, editing.edge.base.etag.replace(/"/g, ""));
  });
  $("edge-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (editing.edge) { await guard.save(editing.edge, edgeValues()); return; }
    if (await add("edge-form", "edges", nostr(edgeValues()), EDGE_ERRORS)) { edgeCites.set([]); targetList(); }
  });

  // ---- others' changes, without a reload -------------------------------------------------
  async function poll() {
    if (!wb.slug || document.hidden || wb.busy || wb.writing) return;
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
