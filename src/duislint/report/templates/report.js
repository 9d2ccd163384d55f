/* duislint report: sorting, filtering, keyboard navigation and expand/collapse over a page that is complete
   without it. It reads the page (data-* attributes and text) and never writes markup: no innerHTML, no eval.
   Filtering is one pass that toggles `hidden` on each item (a <tbody>) whose state changes; nothing in the
   pass reads layout, so 5,000 items cost one style and layout pass, not 5,000. */
(function () {
  "use strict";
  var doc = document;
  var form = doc.getElementById("filters");
  var items = Array.prototype.slice.call(doc.querySelectorAll("tbody.item"));
  var texts = items.map(function (item) {
    var extra = item.querySelector(".search-extra");
    return (item.rows[0].textContent + " " + (extra ? extra.textContent : "")).toLowerCase();
  });
  var groups = items.map(groupsOf);
  var index = new Map(items.map(function (item, i) { return [item, i]; }));

  function groupsOf(item) { // the sections an item is in, which hide when none of their items shows
    var found = [];
    for (var el = item.parentElement.closest("[data-group]"); el; el = el.parentElement.closest("[data-group]")) {
      found.push(el);
    }
    return found;
  }

  // --- filtering ------------------------------------------------------------------------------------------------
  function filterState() {
    var state = { levels: null, selects: [], terms: [] };
    if (!form) return state;
    var boxes = form.querySelectorAll("input[type=checkbox][data-filter]");
    if (boxes.length) {
      state.levels = new Set();
      state.levelAttr = boxes[0].getAttribute("data-filter");
      boxes.forEach(function (box) { if (box.checked) state.levels.add(box.value); });
    }
    form.querySelectorAll("select[data-filter]").forEach(function (select) {
      if (select.value) state.selects.push([select.getAttribute("data-filter"), select.value]);
    });
    var text = form.querySelector("input[type=search]");
    state.terms = text ? text.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    return state;
  }

  function matches(item, i, state) {
    if (state.levels && !state.levels.has(item.dataset[state.levelAttr])) return false;
    for (var s = 0; s < state.selects.length; s++) {
      if (item.dataset[state.selects[s][0]] !== state.selects[s][1]) return false;
    }
    for (var t = 0; t < state.terms.length; t++) {
      if (texts[i].indexOf(state.terms[t]) < 0) return false;
    }
    return true;
  }

  function applyFilter() {
    var state = filterState();
    var shown = 0;
    var visibleIn = new Map();
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var ok = matches(item, i, state);
      if (item.hidden === ok) item.hidden = !ok;
      if (ok) {
        shown++;
        for (var g = 0; g < groups[i].length; g++) visibleIn.set(groups[i][g], true);
      }
    }
    doc.querySelectorAll("[data-group]").forEach(function (group) {
      var hide = !visibleIn.get(group);
      if (group.hidden !== hide) group.hidden = hide;
    });
    var out = doc.getElementById("shown");
    if (out) out.textContent = String(shown);
    var none = doc.getElementById("no-match");
    if (none) none.hidden = shown > 0;
    return shown;
  }

  // --- the filter bar folds away on a narrow screen (the CSS shows the button only there) ---------------------
  var fold = form && form.querySelector("button.fold");
  function unfold(open) {
    if (!fold) return;
    fold.setAttribute("aria-expanded", open ? "true" : "false");
    form.classList.toggle("unfolded", open);
  }
  if (fold) fold.addEventListener("click", function () { unfold(fold.getAttribute("aria-expanded") !== "true"); });

  if (form) {
    form.hidden = false;
    form.addEventListener("input", applyFilter);
    form.addEventListener("change", applyFilter);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(applyFilter, 0); });
    applyFilter(); // a browser may restore form state on reload
  }

  // --- sorting --------------------------------------------------------------------------------------------------
  function sortBy(header) {
    var table = header.closest("table");
    var key = header.getAttribute("data-sort");
    var numeric = header.getAttribute("data-type") === "num";
    var dir = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var bodies = Array.prototype.slice.call(table.tBodies);
    var keyed = bodies.map(function (body) {
      var value = body.dataset[key] || "";
      return { body: body, value: numeric ? Number(value) : value.toLowerCase(), order: Number(body.dataset.order) };
    });
    keyed.sort(function (a, b) {
      var c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return c * dir || a.order - b.order;
    });
    var fragment = doc.createDocumentFragment();
    keyed.forEach(function (k) { fragment.appendChild(k.body); });
    table.appendChild(fragment);
    table.querySelectorAll("thead th[data-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    items = Array.prototype.slice.call(doc.querySelectorAll("tbody.item"));
    texts = items.map(function (item) { return texts[index.get(item)]; });
    groups = items.map(groupsOf);
    index = new Map(items.map(function (item, i) { return [item, i]; }));
  }

  doc.querySelectorAll("table.items thead th[data-sort]").forEach(function (th) {
    th.tabIndex = 0;
    th.title = "Sort";
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th); }
    });
  });

  // --- expand, collapse, rule help ------------------------------------------------------------------------------
  function setOpen(item, open) {
    item.classList.toggle("open", open);
    item.rows[0].setAttribute("aria-expanded", open ? "true" : "false");
  }

  function showHelp(item, anchor) {
    var slot = item.querySelector(".help-slot");
    var source = doc.getElementById(anchor);
    if (!slot || !source) return false;
    if (!slot.firstChild) {
      var copy = source.cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      slot.appendChild(copy);
      slot.hidden = false;
    } else {
      slot.hidden = !slot.hidden;
    }
    setOpen(item, true);
    return true;
  }

  items.forEach(function (item) { item.rows[0].setAttribute("aria-expanded", "false"); });

  doc.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    var item = event.target.closest("tbody.item");
    if (link && link.classList.contains("help-link") && item) {
      if (showHelp(item, link.getAttribute("href").slice(1))) event.preventDefault();
      return;
    }
    if (link || !item || event.target.closest("tr.detail")) return;
    setOpen(item, !item.classList.contains("open"));
    item.rows[0].focus({ preventScroll: true });
  });

  var toggles = doc.querySelectorAll("button[data-expand]");
  toggles.forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-expand") === "all";
      items.forEach(function (item) { if (!item.hidden) setOpen(item, open); });
    });
  });

  // --- keyboard -------------------------------------------------------------------------------------------------
  function visible() {
    return Array.prototype.slice.call(doc.querySelectorAll("tbody.item:not([hidden])")).filter(function (item) {
      return !item.closest("[data-group][hidden]");
    });
  }

  function focusItem(item) {
    item.rows[0].focus({ preventScroll: true });
    item.rows[0].scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var list = visible();
    if (!list.length) return;
    var current = doc.activeElement && doc.activeElement.closest ? doc.activeElement.closest("tbody.item") : null;
    var at = current ? list.indexOf(current) : -1;
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    focusItem(list[next]);
  }

  doc.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.matches("input, select, textarea")) {
      if (event.key === "Escape") target.blur();
      if (event.key === "Escape" && fold && form.contains(target)) { unfold(false); fold.focus(); }
      if (event.key === "Enter" && target.type === "search") { event.preventDefault(); unfold(false); move(1); }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var item = target.closest ? target.closest("tbody.item") : null;
    switch (event.key) {
      case "j": case "ArrowDown": event.preventDefault(); move(1); break;
      case "k": case "ArrowUp": event.preventDefault(); move(-1); break;
      case "Home": if (item) { event.preventDefault(); var first = visible()[0]; if (first) focusItem(first); } break;
      case "End": if (item) { event.preventDefault(); var all = visible(); if (all.length) focusItem(all[all.length - 1]); } break;
      case "Enter": case " ": case "o":
        if (item && !target.matches("a, button")) { event.preventDefault(); setOpen(item, !item.classList.contains("open")); }
        break;
      case "h": if (item) { var help = item.querySelector("a.help-link"); if (help) showHelp(item, help.getAttribute("href").slice(1)); } break;
      case "/":
        var search = form && form.querySelector("input[type=search]");
        if (search) { event.preventDefault(); unfold(true); search.focus(); search.select(); }
        break;
      default: break;
    }
  });

  // --- links within the report ----------------------------------------------------------------------------------
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && doc.getElementById(id);
    if (!target) return;
    var details = target.closest("details");
    if (details) details.open = true;
    var item = target.closest("tbody.item");
    if (!item) return;
    if (form && (item.hidden || item.closest("[data-group][hidden]"))) { form.reset(); applyFilter(); }
    setOpen(item, true);
    item.classList.add("flash");
    window.setTimeout(function () { item.classList.remove("flash"); }, 1500);
    target.scrollIntoView({ block: target === item ? "start" : "center" });
    item.rows[0].focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", reveal);
  if (window.location.hash) reveal();

  // rule help is open for a reader without JavaScript; with it, one click opens a rule
  doc.querySelectorAll("details.rule[open]").forEach(function (details) { details.open = false; });
})();
