/* Filters and sorting for the index tables, with their state in the URL so a view can be linked.
   Without JavaScript the full table stays readable; this only adds controls. */
(function () {
  "use strict";

  function words(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  function rowValue(row, key) {
    var attr = row.getAttribute("data-m-" + key);
    if (attr !== null) return attr === "" ? null : parseFloat(attr);
    var cell = row.querySelector('[data-col="' + key + '"]');
    if (!cell) return null;
    var sort = cell.getAttribute("data-sort");
    if (sort !== null) return sort === "" ? null : (isNaN(parseFloat(sort)) ? sort.toLowerCase() : parseFloat(sort));
    return cell.textContent.trim().toLowerCase();
  }

  function label(text) {
    return text.replace(/_/g, " ").replace(/^./, function (c) { return c.toUpperCase(); });
  }

  function setup(table) {
    if (table.dataset.ddsReady) return;
    table.dataset.ddsReady = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var filters = words(table.getAttribute("data-filters"));
    var params = new URLSearchParams(window.location.search);
    var form = document.createElement("form");
    form.className = "dds-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the table");
    var status = document.createElement("p");
    status.className = "dds-filters__count";
    status.setAttribute("aria-live", "polite");

    var selects = {};
    filters.forEach(function (name) {
      var values = {};
      rows.forEach(function (r) { words(r.getAttribute("data-" + name)).forEach(function (v) { values[v] = true; }); });
      var keys = Object.keys(values).sort();
      if (!keys.length) return;
      var id = table.id + "-filter-" + name;
      var wrap = document.createElement("span");
      var lab = document.createElement("label");
      lab.htmlFor = id;
      lab.textContent = label(name);
      var select = document.createElement("select");
      select.id = id;
      select.name = name;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = "any";
      select.appendChild(any);
      keys.forEach(function (k) {
        var o = document.createElement("option");
        o.value = k;
        o.textContent = k.replace(/_/g, " ");
        select.appendChild(o);
      });
      select.value = params.get(name) && values[params.get(name)] ? params.get(name) : "";
      select.addEventListener("change", update);
      wrap.appendChild(lab);
      wrap.appendChild(select);
      form.appendChild(wrap);
      selects[name] = select;
    });
    var reset = document.createElement("button");
    reset.type = "reset";
    reset.className = "md-button";
    reset.textContent = "Clear";
    form.appendChild(reset);
    form.addEventListener("reset", function () { setTimeout(function () { sortKey = null; update(); }, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var scroll = table.closest(".md-typeset__scrollwrap") || table;
    scroll.parentNode.insertBefore(form, scroll);
    scroll.parentNode.insertBefore(status, scroll);

    var sortKey = params.get("sort");
    var sortedBy = null;  /* the order the rows are in now: rearrange only when it changes */
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (th) {
      var key = th.getAttribute("data-col");
      if (!key) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dds-sort";
      button.innerHTML = th.innerHTML;
      th.innerHTML = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        sortKey = sortKey === key ? "-" + key : key;
        update();
      });
    });

    function update() {
      var shown = 0;
      var query = new URLSearchParams(window.location.search);
      Object.keys(selects).forEach(function (name) {
        var v = selects[name].value;
        if (v) query.set(name, v); else query.delete(name);
      });
      rows.forEach(function (r) {
        var ok = Object.keys(selects).every(function (name) {
          var v = selects[name].value;
          return !v || words(r.getAttribute("data-" + name)).indexOf(v) >= 0;
        });
        r.hidden = !ok;
        if (ok) shown += 1;
      });
      if (sortKey && sortKey !== sortedBy) {
        var desc = sortKey.charAt(0) === "-";
        var key = desc ? sortKey.slice(1) : sortKey;
        var sorted = rows.slice().sort(function (a, b) {
          var x = rowValue(a, key), y = rowValue(b, key);
          if (x === null && y === null) return 0;
          if (x === null) return 1;  /* rows without a value go last either way */
          if (y === null) return -1;
          var c = x < y ? -1 : x > y ? 1 : 0;
          return desc ? -c : c;
        });
        var frag = document.createDocumentFragment();
        sorted.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
        sortedBy = sortKey;
        heads.forEach(function (th) {
          var k = th.getAttribute("data-col");
          if (k) th.setAttribute("aria-sort", k === key ? (desc ? "descending" : "ascending") : "none");
        });
      } else if (!sortKey && sortedBy) {
        var original = document.createDocumentFragment();
        rows.forEach(function (r) { original.appendChild(r); });
        body.appendChild(original);
        sortedBy = null;
        heads.forEach(function (th) { if (th.getAttribute("data-col")) th.setAttribute("aria-sort", "none"); });
      }
      if (sortKey) query.set("sort", sortKey); else query.delete("sort");
      status.textContent = shown + " of " + rows.length + " shown";
      var search = query.toString();
      if (search === window.location.search.replace(/^\?/, "")) return;
      history.replaceState(history.state, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }
    var active = Object.keys(selects).some(function (n) { return selects[n].value; }) || sortKey;
    if (active) update();  /* a linked view: apply it */
    else status.textContent = rows.length + " of " + rows.length + " shown";
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-filters]"), setup);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
