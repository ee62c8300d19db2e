// The editors' workbench: saving an edit under its ETag, and the conflict of two editors.
//
// Every edit form of the workbench saves through `save(edit, mine)`, where `edit` says what
// the form writes, e.g. for a claim:
//   { form: "node-form", what: "c1", path: "/api/debates/d/nodes/c1", method: "PATCH",
//     base: { data: { text: "...", tags: [] }, etag: '"7"' },   // the version the form loaded
//     fields: [{ name: "text", label: "Text", kind: "text" }, { name: "tags", kind: "list" }],
//     fill: (values) => ..., pick?: (data) => values, read?: path to GET (default `path`) }
// Only the fields changed since `base` are sent, with If-Match: base.etag. When the API
// answers 412 the current version is read: if the other editor changed none of the fields
// changed here, the change is sent again on top of theirs; otherwise both versions are shown
// side by side and the editor keeps theirs, takes the other's, or merges by hand. Nothing
// typed is lost and nothing is written over another's change without the editor's say.
"use strict";

(() => {
  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

  // A field's value in words (for the two versions and the merge box) and back.
  function show(field, value) {
    if (field.kind === "list") return (value || []).join(`${field.sep || ","} `);
    if (field.kind === "citations") {
      return (value || []).map((c) => `${c.source} ${c.locator || ""}`.trim()).join("; ");
    }
    if (field.kind === "choice") {
      const option = field.options.find(([v]) => same(v, value));
      return option ? option[1] : String(value ?? "");
    }
    return value === null || value === undefined ? "" : String(value);
  }
  function parse(field, text) {
    if (field.kind === "list") return text.split(field.sep || ",").map((t) => t.trim()).filter(Boolean);
    if (field.kind === "citations") {
      return text.split(";").map((t) => t.trim()).filter(Boolean).map((t) => {
        const [source, ...where] = t.split(/\s+/);
        return { source, locator: where.join(" ") };
      });
    }
    if (field.kind === "choice") {
      const option = field.options.find(([v]) => String(v) === text);
      return option ? option[0] : text;
    }
    if (field.number) return text.trim() ? Number(text) : null;
    if (field.nullable && !text.trim()) return null;
    return text;
  }
  // The merge box starts with both texts, the union of both lists, or the editor's own value.
  function mergeStart(field, mine, theirs) {
    if (field.kind === "text") return `${show(field, mine)}\n\n${show(field, theirs)}`;
    if (field.kind === "list" || field.kind === "citations") {
      const union = [...(mine || [])];
      for (const value of theirs || []) if (!union.some((v) => same(v, value))) union.push(value);
      return show(field, union);
    }
    return field.kind === "choice" ? String(mine) : show(field, mine);
  }

  function mergeControl(id, field, mine, theirs) {
    let control;
    if (field.kind === "choice") {
      control = document.createElement("select");
      for (const [value, label] of field.options) control.append(new Option(label, String(value)));
    } else if (field.kind === "text") {
      control = document.createElement("textarea"); control.rows = 4;
    } else {
      control = document.createElement("input");
    }
    control.id = id;
    control.value = mergeStart(field, mine, theirs);
    return control;
  }

  function version(who, className, text) {
    const box = document.createElement("div");
    box.className = `wb-version ${className}`;
    const title = document.createElement("p");
    title.className = "wb-version-who"; title.textContent = who;
    const body = document.createElement("p");
    body.className = "version-text"; body.textContent = text || "(empty)";
    box.append(title, body);
    return box;
  }

  // One field both editors changed: yours and theirs side by side, and its merge control.
  function clashView(edit, field, mine, theirs) {
    const block = document.createElement("div");
    block.className = "wb-clash"; block.dataset.field = field.name;
    const title = document.createElement("h4");
    title.textContent = field.label || field.name;
    const versions = document.createElement("div");
    versions.className = "wb-versions";
    versions.append(version("Yours (not saved)", "mine", show(field, mine)),
      version("Theirs (saved now)", "theirs", show(field, theirs)));
    const control = mergeControl(`${edit.form}-merge-${field.name}`, field, mine, theirs);
    const label = document.createElement("label");
    label.htmlFor = control.id; label.textContent = `Merged ${(field.label || field.name).toLowerCase()}`;
    const row = document.createElement("p");
    row.append(label, " ", control);
    block.append(title, versions, row);
    return [block, control];
  }

  window.ArgmapWorkbench = window.ArgmapWorkbench || {};
  // `wb` gives the workbench's own helpers: api, showError, clearError, changed, status.
  window.ArgmapWorkbench.conflicts = (wb) => {
    const box = (edit) => document.getElementById(`${edit.form}-conflict`);
    const names = (edit) => edit.fields.map((f) => f.name);
    // the values of the edit's fields in an answer of the API (citations as source + locator)
    const pick = (edit, data) => (edit.pick ? edit.pick(data) : Object.fromEntries(edit.fields.map((f) => [f.name,
      f.kind === "citations" ? (data[f.name] || []).map((c) => ({ source: c.source, locator: c.locator || "" }))
        : data[f.name]])));
    const message = (edit, values) => (edit.message ? edit.message(values) : `saved ${edit.what}`);
    // close the conflict box; focus that was in it goes back to the form (or `edit.focus()`)
    function close(edit) {
      const holder = box(edit);
      const inside = holder.contains(document.activeElement);
      holder.hidden = true;
      if (!inside) return;
      if (edit.focus) { edit.focus(); return; }
      const form = document.getElementById(edit.form);
      const first = form && form.querySelector("input:not([disabled]), textarea, select");
      if (first) first.focus();
    }

    async function save(edit, mine, note = "") {
      const changed = names(edit).filter((n) => !same(mine[n], edit.base.data[n]));
      if (!changed.length) {
        close(edit); wb.clearError(edit.form);
        wb.status(`Nothing to save: ${edit.what} is as it was loaded.`);
        return true;
      }
      const body = Object.fromEntries(changed.map((n) => [n, mine[n]]));
      try {
        const answer = await wb.api(edit.method, edit.path, body, { "If-Match": edit.base.etag });
        edit.base = { data: pick(edit, answer.data), etag: answer.etag };
        close(edit); wb.clearError(edit.form);
        if (edit.saved) edit.saved(answer);
        await wb.changed(`${message(edit, mine)}${note}`);
        return true;
      } catch (error) {
        if (error.status === 412) return conflict(edit, mine);
        wb.showError(edit.form, error, edit.errorFields || {});
        return false;
      }
    }

    // Another editor saved this item since it was loaded: merge what does not clash,
    // show both versions of what does.
    async function conflict(edit, mine) {
      let current;
      try { current = await wb.api("GET", edit.read || edit.path); } catch (error) {
        wb.showError(edit.form, error, {});
        return false;
      }
      const base = edit.base.data;
      const theirs = pick(edit, current.data);
      const clash = edit.fields.filter((f) => !same(mine[f.name], base[f.name])
        && !same(theirs[f.name], base[f.name]) && !same(mine[f.name], theirs[f.name]));
      const resolved = (choose) => Object.fromEntries(edit.fields.map((f) => [f.name,
        clash.includes(f) ? choose(f) : same(mine[f.name], base[f.name]) ? theirs[f.name] : mine[f.name]]));
      edit.base = { data: theirs, etag: current.etag };
      if (!clash.length) {
        const theirChanges = edit.fields.filter((f) => !same(theirs[f.name], base[f.name]));
        const merged = resolved(() => null);
        edit.fill(merged);
        const which = theirChanges.map((f) => (f.label || f.name).toLowerCase()).join(", ");
        return save(edit, merged, which ? ` (kept another editor's change to the ${which})` : "");
      }
      const holder = box(edit);
      holder.replaceChildren();
      const heading = document.createElement("h3");
      heading.textContent = `${edit.what} was changed by another editor while you were editing it`;
      const intro = document.createElement("p");
      intro.textContent = "Your change is not saved yet. Both versions of what you both changed:";
      holder.append(heading, intro);
      const controls = clash.map((field) => {
        const [block, control] = clashView(edit, field, mine[field.name], theirs[field.name]);
        holder.append(block);
        return [field, control];
      });
      const buttons = document.createElement("p");
      buttons.className = "wb-buttons";
      const button = (label, handler) => {
        const b = document.createElement("button"); b.type = "button"; b.textContent = label;
        b.addEventListener("click", handler); buttons.append(b, " ");
      };
      button("Keep mine", () => save(edit, resolved((f) => mine[f.name])));
      button("Take theirs", () => {
        const values = resolved((f) => theirs[f.name]);
        edit.fill(values); close(edit); wb.clearError(edit.form);
        wb.status(same(values, theirs) ? `Kept the other editor's version of ${edit.what}; nothing of yours was saved.`
          : `The other editor's version of ${edit.what} is in the form, with your other changes (not saved yet).`);
      });
      button("Save the merged version", () => {
        const chosen = new Map(controls.map(([field, control]) => [field, parse(field, control.value)]));
        save(edit, resolved((f) => chosen.get(f)));
      });
      holder.append(buttons);
      holder.hidden = false;
      wb.showError(edit.form, { message: "Your change was not saved: another editor changed the same "
        + `${clash.map((f) => (f.label || f.name).toLowerCase()).join(", ")}; choose what to keep.` }, {});
      controls[0][1].focus();
      return false;
    }

    return { save, same, pick };
  };
})();
