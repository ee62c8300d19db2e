/* Argmap pages: pan and zoom on the map's viewBox, claim details without a reload, and a
   live "your position" form. Our own code, no framework; every feature has a plain-link
   fallback, so the pages work without it. */
(function () {
  "use strict";

  var ZOOM_STEP = 1.25;
  var PAN_STEP = 60; // screen pixels per arrow key press

  function parseBox(svg) {
    var v = (svg.getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
    return { x: v[0], y: v[1], w: v[2], h: v[3] };
  }

  function MapView(viewport) {
    this.viewport = viewport;
    this.svg = viewport.querySelector("svg.argmap");
    if (!this.svg) { return; }
    this.home = parseBox(this.svg);
    this.box = parseBox(this.svg);
    this.bind();
    this.start();
  }

  var READABLE = 0.45; // below this many screen pixels per SVG unit, text is too small
  var OPENING = 1.1; // screen pixels per SVG unit when a large map opens

  // A map too large to read whole opens at a readable scale on its central claim (or the
  // focused one); "Fit" (or the 0 key) shows all of it.
  MapView.prototype.start = function () {
    var key = this.viewport.dataset.center, r = this.viewport.getBoundingClientRect();
    if (!key || !r.width || 1 / this.unit() >= READABLE) { return; }
    var node = this.svg.querySelector('g.node[data-key="' + CSS.escape(key) + '"]');
    var at = node && this.centre(node);
    if (!at) { return; }
    var w = r.width / OPENING, h = r.height / OPENING;
    this.box = { x: at.x - w / 2, y: at.y - h / 4, w: w, h: h };
    this.apply();
  };

  // Centre of an element in the viewBox's coordinates.
  MapView.prototype.centre = function (el) {
    var bb; try { bb = el.getBBox(); } catch (e) { return null; }
    var g = this.svg.querySelector("g.graph"), m = g && g.transform.baseVal.consolidate();
    var dx = m ? m.matrix.e : 0, dy = m ? m.matrix.f : 0;
    return { x: bb.x + dx + bb.width / 2, y: bb.y + dy + bb.height / 2, w: bb.width, h: bb.height };
  };

  MapView.prototype.apply = function () {
    var b = this.box;
    this.svg.setAttribute("viewBox", [b.x, b.y, b.w, b.h].join(" "));
    this.viewport.dataset.scale = (this.home.w / b.w).toFixed(3);
  };

  // Size of one screen pixel in SVG units (the SVG is scaled to fit: "meet").
  MapView.prototype.unit = function () {
    var r = this.viewport.getBoundingClientRect();
    return Math.max(this.box.w / (r.width || 1), this.box.h / (r.height || 1));
  };

  MapView.prototype.zoom = function (factor, cx, cy) {
    var b = this.box;
    if (cx === undefined) { cx = b.x + b.w / 2; cy = b.y + b.h / 2; }
    var w = b.w / factor, h = b.h / factor;
    if (w > this.home.w * 4 || w < this.home.w / 200) { return; }
    this.box = { x: cx - (cx - b.x) / factor, y: cy - (cy - b.y) / factor, w: w, h: h };
    this.apply();
  };

  MapView.prototype.pan = function (dx, dy) {
    var u = this.unit();
    this.box.x -= dx * u; this.box.y -= dy * u;
    this.apply();
  };

  MapView.prototype.reset = function () { this.box = Object.assign({}, this.home); this.apply(); };

  // Screen point -> SVG user coordinates of the viewBox.
  MapView.prototype.toSvg = function (clientX, clientY) {
    var r = this.viewport.getBoundingClientRect(), u = this.unit(), b = this.box;
    var offX = (r.width * u - b.w) / 2, offY = (r.height * u - b.h) / 2;
    return { x: b.x - offX + (clientX - r.left) * u, y: b.y - offY + (clientY - r.top) * u };
  };

  // Keep a node focused from the keyboard inside the visible part of the map.
  MapView.prototype.reveal = function (el) {
    var c = this.centre(el), b = this.box;
    if (!c) { return; }
    if (c.x - c.w / 2 < b.x || c.y - c.h / 2 < b.y || c.x + c.w / 2 > b.x + b.w || c.y + c.h / 2 > b.y + b.h) {
      this.box.x = c.x - b.w / 2; this.box.y = c.y - b.h / 2;
      this.apply();
    }
  };

  MapView.prototype.bind = function () {
    var self = this, vp = this.viewport, drag = null;
    // the wheel scrolls the page unless the reader has turned the map on
    vp.addEventListener("wheel", function (ev) {
      if (!vp.classList.contains("active")) { return; }
      ev.preventDefault();
      var p = self.toSvg(ev.clientX, ev.clientY);
      self.zoom(ev.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, p.x, p.y);
    }, { passive: false });
    vp.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) { return; }
      // a finger on an inactive map scrolls the page (touch-action lets the browser do it)
      if (ev.pointerType === "touch" && !vp.classList.contains("active")) { return; }
      drag = { x: ev.clientX, y: ev.clientY, moved: false, id: ev.pointerId };
    });
    vp.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      if (!drag.moved) { drag.moved = true; vp.setPointerCapture(drag.id); vp.classList.add("dragging"); }
      self.pan(dx, dy); drag.x = ev.clientX; drag.y = ev.clientY;
    });
    function end() {
      if (drag && drag.moved) { vp.dataset.dragged = "1"; setTimeout(function () { delete vp.dataset.dragged; }, 0); }
      drag = null; vp.classList.remove("dragging");
    }
    vp.addEventListener("pointerup", end);
    vp.addEventListener("pointercancel", end);
    vp.addEventListener("keydown", function (ev) {
      var keys = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
      if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
      if (keys[ev.key] && ev.target === vp) { self.pan(keys[ev.key][0], keys[ev.key][1]); ev.preventDefault(); }
      else if (ev.key === "+" || ev.key === "=") { self.zoom(ZOOM_STEP); ev.preventDefault(); }
      else if (ev.key === "-" || ev.key === "_") { self.zoom(1 / ZOOM_STEP); ev.preventDefault(); }
      else if (ev.key === "0") { self.reset(); ev.preventDefault(); }
      else if (ev.key === "Escape") { setActive(vp, false); }
    });
    vp.addEventListener("focusin", function (ev) {
      var link = ev.target.closest && ev.target.closest("a.node-link");
      if (link) { self.reveal(link); }
    });
  };

  var map = null;

  function setActive(vp, on) {
    vp.classList.toggle("active", on);
    var button = document.querySelector("button[data-map='activate']");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Done with the map" : "Use the map";
    }
  }

  // "Fit": a whole map too large to read collapses to the neighbourhood of the chosen (or
  // central) claim instead of shrinking its text out of reach.
  function fit() {
    if (!map) { return; }
    var r = map.viewport.getBoundingClientRect();
    var scale = Math.min((r.width || 1) / map.home.w, (r.height || 1) / map.home.h);
    var params = new URLSearchParams(location.search);
    var key = (document.getElementById("detail") || {}).dataset ? document.getElementById("detail").dataset.key : null;
    key = key || map.viewport.dataset.center;
    if (scale < READABLE && key && !params.get("focus")) {
      params.set("focus", key); params.set("depth", "1");
      location.href = location.pathname + "?" + params.toString() + "#map-heading";
      return;
    }
    map.reset();
  }

  function initMap() {
    var vp = document.getElementById("map");
    map = vp ? new MapView(vp) : null;
  }

  function detailUrl(key) {
    var vp = document.getElementById("map");
    var base = vp ? vp.dataset.detailBase : location.pathname + "/nodes/";
    var query = vp ? vp.dataset.detailQuery : "";
    return base + encodeURIComponent(key) + "/detail" + (query ? "?" + query : "");
  }

  function markSelected(key) {
    document.querySelectorAll("svg.argmap g.node.selected").forEach(function (g) { g.classList.remove("selected"); });
    var g = document.querySelector('svg.argmap g.node[data-key="' + CSS.escape(key) + '"]');
    if (g) { g.classList.add("selected"); }
  }

  // `fromKeyboard`: move focus into the panel (its heading), with a way back to the map.
  function openDetail(key, fromKeyboard) {
    var panel = document.getElementById("detail");
    if (!panel) { return false; }
    panel.classList.add("loading");
    panel.setAttribute("aria-busy", "true");
    fetch(detailUrl(key), { headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
      .then(function (html) {
        panel.innerHTML = html;
        panel.dataset.key = key;
        markSelected(key);
        addBackButton(panel, key);
        loadCruxes(panel);
        var box = panel.getBoundingClientRect();
        if (!fromKeyboard && (box.top > window.innerHeight * 0.8 || box.bottom < 0)) {
          panel.scrollIntoView({ block: "start" }); // a phone shows the detail below the map
        }
        if (fromKeyboard) {
          var heading = panel.querySelector("[tabindex='-1']");
          if (heading) { heading.focus(); }
        }
      })
      .catch(function (err) {
        panel.innerHTML = '<h2 id="detail-heading">Claim detail</h2><p role="alert">Could not load the detail (' + err.message + ").</p>";
      })
      .finally(function () { panel.classList.remove("loading"); panel.removeAttribute("aria-busy"); });
    return true;
  }

  function addBackButton(panel, key) {
    var node = document.querySelector('svg.argmap g.node[data-key="' + CSS.escape(key) + '"] a.node-link');
    var actions = panel.querySelector(".detail-actions");
    if (!node || !actions) { return; }
    var back = document.createElement("button");
    back.type = "button";
    back.className = "back-to-map";
    back.textContent = "Back to the map";
    back.addEventListener("click", function () { node.focus(); });
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(back);
  }

  // Cruxes can take a moment on a large debate: the panel shows first, they follow.
  // A claim's own page of a large debate loads them (and its flips) the same way.
  document.addEventListener("DOMContentLoaded", function () {
    var page = document.querySelector(".detail-page");
    if (page) { loadCruxes(page); }
  });

  function loadCruxes(panel) {
    var slot = panel.querySelector("[data-cruxes-src]");
    if (!slot) { return; }
    var key = panel.dataset.key;
    fetch(slot.getAttribute("data-cruxes-src"), { headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
      .then(function (html) { if (panel.dataset.key === key && slot.isConnected) { slot.outerHTML = html; } })
      .catch(function (err) { slot.removeAttribute("aria-busy"); slot.querySelector("p").textContent = "Could not load the cruxes (" + err.message + ")."; });
  }

  document.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) { return; }
    var link = ev.target.closest && ev.target.closest("a.node-link, a.node-ref");
    if (!link || !document.getElementById("detail")) { return; }
    var vp = document.getElementById("map");
    if (vp && vp.dataset.dragged) { ev.preventDefault(); return; }
    var key = link.getAttribute("data-key") || (link.closest("[data-key]") || {}).dataset.key;
    // a click made by Enter on a focused link has detail 0: the reader uses the keyboard
    if (key && openDetail(key, ev.detail === 0)) { ev.preventDefault(); }
  });

  // "Your position": re-render the map in place and keep the (short) address in sync.
  var SWAP = ["map-region", "view-switcher", "node-table", "position-now", "central-claim"];
  var positionRequest = 0; // only the latest request may update the page

  function updatePosition(form) {
    var body = new URLSearchParams(new FormData(form));
    var status = document.getElementById("position-status");
    var mine = ++positionRequest;
    if (status) { status.textContent = "Updating the map…"; }
    return fetch(form.getAttribute("action"), {
      method: "POST", body: body, headers: { Accept: "text/html" },
    })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.text().then(function (html) { return { html: html, url: r.url }; });
      })
      .then(function (got) {
        if (mine !== positionRequest) { return; }
        var doc = new DOMParser().parseFromString(got.html, "text/html");
        SWAP.forEach(function (id) {
          var fresh = doc.getElementById(id), old = document.getElementById(id);
          if (fresh && old) { old.replaceWith(fresh); }
        });
        doc.querySelectorAll("#position-form li.choice").forEach(function (li) {
          var old = form.querySelector('li.choice[data-item="' + CSS.escape(li.dataset.item) + '"] .badge');
          var fresh = li.querySelector(".badge");
          if (old && fresh) { old.replaceWith(fresh); }
        });
        history.replaceState(null, "", got.url.split("#")[0] + "#position");
        initMap();
        var panel = document.getElementById("detail");
        if (panel && panel.dataset.key) { openDetail(panel.dataset.key); } // now for this position
        var now = document.getElementById("position-now");
        if (status) { status.textContent = "Map updated for your position."; }
        if (now) { now.setAttribute("data-updated", String(mine)); }
      })
      .catch(function (err) { if (status) { status.textContent = "Could not update the map (" + err.message + ")."; } });
  }

  document.addEventListener("change", function (ev) {
    var form = ev.target.closest && ev.target.closest("#position-form");
    if (form && ev.target.type === "radio") { updatePosition(form); }
  });
  document.addEventListener("submit", function (ev) {
    if (ev.target.id === "position-form") { ev.preventDefault(); updatePosition(ev.target); }
  });
  document.addEventListener("input", function (ev) {
    if (ev.target.id !== "position-search") { return; }
    var words = ev.target.value.toLowerCase().split(/\s+/).filter(Boolean);
    document.querySelectorAll("#position-form .choice-group").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll("li.choice").forEach(function (li) {
        var text = li.textContent.toLowerCase();
        var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
        li.hidden = !hit; if (hit) { shown += 1; }
      });
      group.hidden = shown === 0;
      if (words.length && shown && group.tagName === "DETAILS") { group.open = true; }
    });
  });

  document.addEventListener("click", function (ev) {
    var toggle = ev.target.closest && ev.target.closest("button[data-map='activate']");
    var vp = document.getElementById("map");
    if (toggle && vp) { setActive(vp, !vp.classList.contains("active")); if (vp.classList.contains("active")) { vp.focus(); } }
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("button[data-zoom]");
    if (!button || !map) { return; }
    var how = button.getAttribute("data-zoom");
    if (how === "in") { map.zoom(ZOOM_STEP); } else if (how === "out") { map.zoom(1 / ZOOM_STEP); } else { fit(); }
  });

  document.documentElement.classList.remove("no-js");
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", initMap); } else { initMap(); }
  window.argmap = { openDetail: openDetail, map: function () { return map; } };
}());
