/* The capacity estimator on the FAQ: the steps of ddscale/site/capacity.py, recomputed as you type,
   with every constant read from the form's data attributes (rendered from that module) and the
   inputs kept in the URL so an estimate can be linked. */
(function () {
  "use strict";
  var FIELDS = ["users", "minutes", "rpm", "peak", "rps", "util", "pps", "qpr", "dblimit"];

  function fmt(n, digits) {
    return Number(n).toLocaleString("en-US", { maximumFractionDigits: digits });
  }

  function setup(form) {
    if (form.dataset.ddsReady) return;
    form.dataset.ddsReady = "1";
    var k = {
      day: parseFloat(form.dataset.minutesPerDay),
      minute: parseFloat(form.dataset.secondsPerMinute),
      spare: parseFloat(form.dataset.spareServers),
      longVisit: parseFloat(form.dataset.longVisitMinutes)
    };
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var v = parseFloat(params.get(name));
      if (!isNaN(v) && v >= 0) form.elements[name].value = v;
    });
    function out(name) { return document.querySelector('[data-out="' + name + '"]'); }
    function update(push) {
      var v = {};
      var ok = FIELDS.every(function (n) {
        v[n] = parseFloat(form.elements[n].value);
        return n === "qpr" ? v[n] >= 0 : v[n] > 0;
      });
      if (!ok) return;
      var concurrent = v.users * v.minutes / k.day;
      var average = concurrent * v.rpm / k.minute;
      var peak = average * v.peak;
      var processes = Math.ceil(peak / (v.rps * v.util));
      var busy = peak / (processes * v.rps);
      var servers = Math.ceil(processes / v.pps) + k.spare;
      var connections = servers * v.pps;
      out("concurrent").textContent = fmt(Math.round(concurrent), 0);
      out("average").textContent = fmt(average, 1);
      out("peakrps").textContent = fmt(peak, 1);
      out("processes").textContent = fmt(processes, 0);
      out("busy").textContent = fmt(Math.round(busy * 100), 0);
      out("servers").textContent = fmt(servers, 0);
      out("queries").textContent = fmt(Math.round(peak * v.qpr), 0);
      out("connections").textContent = fmt(connections, 0);
      out("pooler").textContent = connections > v.dblimit ? ": more than its limit, so use a connection pooler" : "";
      out("longlived").textContent = v.minutes >= k.longVisit ?
        "Visits this long usually want live updates: long-lived connections need ASGI or a push service." : "";
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
