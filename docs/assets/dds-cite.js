/* "Cite this": copy a Markdown link (with the headline figure and its date), the plain URL, or an
   HTML snippet. Entry pages carry a .dds-cite block; on the FAQ every question gets one. */
(function () {
  "use strict";

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function formats(title, url, figure) {
    var text = figure ? title + ": " + figure : title;
    return {
      markdown: "[" + text.replace(/([\[\]])/g, "\\$1") + "](" + url + ")",
      url: url,
      html: '<a href="' + escapeHtml(url) + '">' + escapeHtml(title) + "</a>" + (figure ? ": " + escapeHtml(figure) : "")
    };
  }

  function addButtons(box) {
    if (box.querySelector(".dds-cite__buttons")) return;
    var f = formats(box.getAttribute("data-cite-title"), box.getAttribute("data-cite-url"), box.getAttribute("data-cite-figure"));
    var row = document.createElement("p");
    row.className = "dds-cite__buttons";
    var said = document.createElement("span");
    said.className = "dds-copied";
    said.setAttribute("role", "status");
    [["markdown", "Copy Markdown link"], ["url", "Copy URL"], ["html", "Copy HTML"]].forEach(function (pair) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "md-button";
      b.setAttribute("data-cite-format", pair[0]);
      b.textContent = pair[1];
      b.addEventListener("click", function () {
        copy(f[pair[0]]).then(function () { said.textContent = "Copied: " + f[pair[0]]; });
      });
      row.appendChild(b);
    });
    row.appendChild(said);
    box.appendChild(row);
  }

  function faq() {
    if (!document.querySelector("[data-cite-questions]")) return;
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = (canonical ? canonical.href : window.location.href).split("#")[0];
    Array.prototype.forEach.call(document.querySelectorAll("article h2[id]"), function (h) {
      if (h.nextElementSibling && h.nextElementSibling.classList.contains("dds-cite")) return;
      var box = document.createElement("div");
      box.className = "dds-cite dds-cite--question";
      box.setAttribute("data-cite-title", h.textContent.replace(/¶$/, "").trim());
      box.setAttribute("data-cite-url", base + "#" + h.id);
      box.setAttribute("data-cite-figure", "");
      h.parentNode.insertBefore(box, h.nextSibling);
    });
  }

  function init() {
    faq();
    Array.prototype.forEach.call(document.querySelectorAll(".dds-cite[data-cite-url]"), addButtons);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
