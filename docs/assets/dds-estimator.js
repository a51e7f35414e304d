/* The capacity estimator on the FAQ: the same arithmetic as the FAQ's table (ddscale.macros.capacity),
   recomputed as you type, with the inputs in the URL so an estimate can be linked. */
(function () {
  "use strict";
  var FIELDS = ["users", "minutes", "rpm", "peak", "rps", "pps"];

  function fmt(n, digits) {
    return Number(n).toLocaleString("en-US", { maximumFractionDigits: digits });
  }

  function setup(form) {
    if (form.dataset.ddsReady) return;
    form.dataset.ddsReady = "1";
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var v = parseFloat(params.get(name));
      if (!isNaN(v) && v > 0) form.elements[name].value = v;
    });
    function out(name) { return document.querySelector('[data-out="' + name + '"]'); }
    function update(push) {
      var v = {};
      var ok = FIELDS.every(function (n) { v[n] = parseFloat(form.elements[n].value); return v[n] > 0; });
      if (!ok) return;
      var concurrent = v.users * v.minutes / 1440;
      var average = concurrent * v.rpm / 60;
      var peak = average * v.peak;
      var processes = Math.ceil(peak / v.rps);
      var servers = Math.ceil(processes / v.pps);
      out("concurrent").textContent = fmt(Math.round(concurrent), 0);
      out("average").textContent = fmt(average, 1);
      out("peakrps").textContent = fmt(peak, 1);
      out("processes").textContent = fmt(processes, 0);
      out("servers").textContent = fmt(servers, 0);
      var query = new URLSearchParams();
      FIELDS.forEach(function (n) { query.set(n, form.elements[n].value); });
      out("link").setAttribute("href", "?" + query.toString() + "#estimator");
      if (push) history.replaceState(history.state, "", window.location.pathname + "?" + query.toString() + "#estimator");
    }
    form.addEventListener("input", function () { update(true); });
    update(false);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-estimator]"), setup);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
