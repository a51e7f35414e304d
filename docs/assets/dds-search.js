// Search: Material's search box, answered from this site in two steps. Pagefind's full-text index
// (pagefind/, written after each build by hooks/search.py) needs 0.4-1 s for a short query at
// 10,000 entries, too slow for every keystroke; so a names table (search/names.json, written by
// ddscale/site/api.py: each entry's page, section, one line and the names it is known by) answers
// each keystroke at once with the entries it names, best first: the exact name or slug, then the
// name without its qualifier or a speaker, then a myth's subject, then names with a word starting
// with the query. Pagefind's results follow below them, without repeats, once typing pauses.
(() => {
  const form = document.querySelector("form[name=dds-search]");
  if (!form) return;
  const input = form.querySelector("input");
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search");
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base + "/", location.href);
  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f'’.]/g, "").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const PAUSE = 200; // ms after the last keystroke before Pagefind is asked
  let engine = null;
  let names = null;
  let asked = 0;
  let timer = 0;

  const load = () => {
    engine ??= import(new URL("pagefind/pagefind.js", base).href).then(async (pf) => {
      await pf.options({ baseUrl: base.pathname });
      pf.init();
      return pf;
    }).catch(() => null); // without Pagefind, the names table alone answers
    names ??= fetch(new URL("search/names.json", base)).then((r) => r.json())
      .then(({ sections, entries }) => entries.map(([page, section, line, known]) => ({
        url: base.pathname + page,
        title: known[0][0],
        text: line ? `${sections[section]} · ${line}` : sections[section],
        known: known.map((rank) => rank.map(fold)),
      })))
      .catch(() => []); // without the table, Pagefind alone answers
  };

  // Entries whose names match the folded query, best first (the table's order within a rank):
  // 0-2 a whole name of that rank, 3 the start of a name, 4 the start of a later word.
  const named = (q, table) => {
    const found = [[], [], [], [], []];
    for (const row of table) {
      let best = 5;
      row.known.forEach((rank, i) => rank.forEach((n) => {
        best = Math.min(best, n === q ? i : n.startsWith(q) ? 3 : n.includes(` ${q}`) ? 4 : 5);
      }));
      found[best]?.push(row);
    }
    return found.flat();
  };

  const show = (results, count) => {
    meta.textContent = count === 0 ? config.translations["search.result.none"]
      : count === 1 ? config.translations["search.result.one"]
        : config.translations["search.result.other"].replace("#", count);
    list.replaceChildren(...results.map((r) => {
      const item = document.createElement("li");
      item.className = "md-search-result__item";
      const link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = r.url;
      link.tabIndex = -1;
      const article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      const h = document.createElement("h1");
      h.textContent = r.title;
      const p = document.createElement("p");
      if (r.excerpt != null) {
        // Pagefind's excerpt is escaped text with <mark> around the matches.
        p.innerHTML = r.excerpt.replace(/<(?!\/?mark>)/g, "&lt;");
      } else {
        p.textContent = r.text;
      }
      article.append(h, p);
      link.append(article);
      item.append(link);
      return item;
    }));
  };

  // Each keystroke: the names table's matches at once (aria-busy while Pagefind is still to come),
  // then, after a pause in typing, Pagefind's results below them. A later keystroke makes an
  // earlier search's answers stale: they are dropped.
  const search = async () => {
    const query = input.value.trim();
    const mine = ++asked;
    clearTimeout(timer);
    list.toggleAttribute("aria-busy", !!query);
    if (!query) {
      meta.textContent = config.translations["search.result.placeholder"];
      list.replaceChildren();
      return;
    }
    load();
    const table = await names;
    if (mine !== asked) return;
    const q = fold(query);
    const first = q ? named(q, table) : [];
    const top = first.slice(0, 10);
    if (top.length) show(top, first.length); // else the list waits for Pagefind
    timer = setTimeout(async () => {
      const found = await (await engine)?.search(query);
      if (mine !== asked) return;
      const data = await Promise.all((found?.results ?? []).slice(0, 10).map((r) => r.data()));
      if (mine !== asked) return;
      const shown = new Set(top.map((r) => r.url));
      const more = data.filter((r) => !shown.has(new URL(r.url, base).pathname))
        .map((r) => ({ url: r.url, title: r.meta.title, excerpt: r.excerpt }));
      // Nearly every entry a name matches is a full-text match too: the larger count is close.
      show([...top, ...more], Math.max(first.length, found?.results.length ?? 0));
      list.removeAttribute("aria-busy");
    }, PAUSE);
  };

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("focus", () => { toggle.checked = true; }); // opens the results panel
  input.addEventListener("input", search);
  form.addEventListener("reset", () => setTimeout(search));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    list.querySelector("a")?.click();
  });
  list.addEventListener("click", () => { toggle.checked = false; });
  toggle.addEventListener("change", () => toggle.checked && input.focus());
  document.addEventListener("keydown", (e) => {
    const typing = e.target.closest("input, textarea, select, [contenteditable]");
    if (e.key === "/" && !typing && !toggle.checked) {
      e.preventDefault();
      toggle.checked = true;
      input.focus();
    } else if (e.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    }
  });
})();
