// The editors' workbench: a list of citations (source + locator) with the cited passages.
//
// `citations(wb).mount("node")` fills <div id="node-cite-rows"> with one row per citation:
// the source (#node-cite-source, then #node-cite-source-2 ...), where in it
// (#node-cite-locator ...), a remove button and, when the debate holds a document of that
// source, the cited passage (read from GET .../documents/{key}/passages/{locator}); a
// locator that names no passage of the document is flagged next to the field, in the API's
// words. The editor's `get()` gives [{source, locator}], `set(list)` shows a list (items
// may carry `passage`, as `?expand=passages` gives them, to skip the look-up).
"use strict";

(() => {
  window.ArgmapWorkbench = window.ArgmapWorkbench || {};
  // `wb` gives: api, base() (the debate's API path), sources() and documents() (the lists).
  window.ArgmapWorkbench.citations = (wb) => {
    const documentOf = (source) => wb.documents().find((d) => d.source === source);
    const extent = (doc) => `¶1 to ¶${doc.paragraphs}${doc.footnotes ? ` and fn1 to fn${doc.footnotes}` : ""}`;

    function say(row, text, missing = false) {
      row.passage.textContent = text;
      row.passage.classList.toggle("wb-passage-missing", missing);
      row.passage.classList.toggle("wb-passage-found", Boolean(text) && !missing);
      if (missing) row.locator.setAttribute("aria-invalid", "true");
      else row.locator.removeAttribute("aria-invalid");
    }

    // Show the passage of the row's citation, or say that it does not exist.
    async function check(row, known) {
      const source = row.source.value;
      const locator = row.locator.value.trim();
      const doc = source ? documentOf(source) : null;
      const asked = (row.asked = `${source} ${locator}`);
      if (!doc) { say(row, source ? `The debate holds no document of ${source}; no passage to show.` : ""); return; }
      if (!locator) { say(row, `Document ${doc.key} has ${extent(doc)}.`); return; }
      if (known !== undefined) {
        if (known === null) say(row, `Document ${doc.key} has no passage '${locator}'; it has ${extent(doc)}.`, true);
        else say(row, `${locator} of ${doc.key}: “${known}”`);
        return;
      }
      try {
        const answer = await wb.api("GET", `${wb.base()}/documents/${doc.key}/passages/${encodeURIComponent(locator)}`);
        if (row.asked === asked) say(row, `${answer.data.locator} of ${doc.key}: “${answer.data.text}”`);
      } catch (error) {
        if (row.asked === asked) say(row, error.status === 404 || error.status === 422 ? error.message
          : `The passage could not be read: ${error.message}`, true);
      }
    }

    function mount(prefix) {
      const holder = document.getElementById(`${prefix}-cite-rows`);
      let rows = [];

      function fillSources(select, chosen) {
        const wanted = ["none", ...wb.sources().map((s) => `${s.key}: ${s.title}`)].join("\n");
        if (wanted === [...select.options].map((o) => o.text).join("\n")) return;
        select.replaceChildren(new Option("none", ""));
        for (const s of wb.sources()) select.append(new Option(`${s.key}: ${s.title}`, s.key));
        if (chosen && ![...select.options].some((o) => o.value === chosen)) select.append(new Option(chosen, chosen));
        select.value = chosen || "";
      }
      function makeRow(index, cite) {
        const suffix = index ? `-${index + 1}` : "";
        const line = document.createElement("div");
        line.className = "wb-cite";
        line.innerHTML = `<label></label> <select></select> <label></label>
          <input maxlength="200" size="8" autocomplete="off"> <button type="button"></button>
          <p class="wb-passage" aria-live="polite"></p>`;
        const [sourceLabel, locatorLabel] = line.querySelectorAll("label");
        const row = { source: line.querySelector("select"), locator: line.querySelector("input"),
          passage: line.querySelector("p"), line };
        row.source.id = `${prefix}-cite-source${suffix}`; row.locator.id = `${prefix}-cite-locator${suffix}`;
        row.passage.id = `${prefix}-cite-passage${suffix}`;
        sourceLabel.htmlFor = row.source.id; sourceLabel.textContent = `Source ${index + 1}`;
        locatorLabel.htmlFor = row.locator.id; locatorLabel.textContent = "where (¶3, fn2, p. 4)";
        row.locator.setAttribute("aria-describedby", row.passage.id);
        const remove = line.querySelector("button");
        remove.textContent = "Remove"; remove.setAttribute("aria-label", `Remove citation ${index + 1}`);
        remove.addEventListener("click", () => {
          const list = get(true); list.splice(index, 1); set(list);
          (rows[Math.min(index, rows.length - 1)] || {}).source?.focus();
        });
        fillSources(row.source, cite.source);
        row.locator.value = cite.locator || "";
        let timer = null;
        row.source.addEventListener("change", () => check(row));
        row.locator.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => check(row), 400); });
        holder.append(line);
        check(row, "passage" in cite ? cite.passage : undefined);
        return row;
      }
      // the citations of the form; with `all`, the empty rows too
      function get(all = false) {
        const list = rows.map((r) => ({ source: r.source.value, locator: r.locator.value.trim() }));
        return all ? list : list.filter((c) => c.source);
      }
      function set(list) {
        holder.replaceChildren();
        const shown = list.length ? list : [{ source: "", locator: "" }];
        rows = shown.map((cite, index) => makeRow(index, cite));
      }
      // after a load: the sources' list, and the passages again when the documents changed
      let documents = JSON.stringify(wb.documents());
      function refresh() {
        const now = JSON.stringify(wb.documents());
        for (const row of rows) {
          fillSources(row.source, row.source.value);
          if (row.source.value && (now !== documents || !row.passage.textContent)) check(row);
        }
        documents = now;
      }
      document.getElementById(`${prefix}-cite-add`).addEventListener("click", () => {
        set([...get(true), { source: "", locator: "" }]);
        rows[rows.length - 1].source.focus();
      });
      set([]);
      return { get, set, refresh };
    }

    return { mount };
  };
})();
