// Search: Material's search box, answered by Pagefind's static index (pagefind/, written after
// each build by hooks/search.py). Pagefind loads on the box's focus and then only the index
// chunks a query needs. Its ranking is kept, except that an entry whose name, name without its
// parenthesised qualifier, slug or speaker is exactly the query comes first.
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
  let engine = null;
  let shown = 0;

  const load = () => engine ??= import(new URL("pagefind/pagefind.js", base).href)
    .then(async (pf) => {
      await pf.options({ baseUrl: base.pathname });
      pf.init();
      return pf;
    });

  // The entry named by the query first: 0 its full name or slug, 1 its name without a
  // parenthesised qualifier or a speaker, 2 a myth's subject; then 3, the rest, in Pagefind's order.
  const rank = (q, r) => {
    const slug = r.url.split("/").filter(Boolean).pop() || "";
    const title = r.meta.title || "";
    const tiers = [[title, slug], [title.replace(/\s*\([^)]*\)\s*$/, ""),
      ...(r.meta.speakers || "").split(", ")], [title.split(":")[0]]];
    const tier = tiers.findIndex((names) => names.some((n) => fold(n) === q));
    return tier < 0 ? 3 : tier;
  };

  const show = (q, results, count) => {
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
      h.textContent = r.meta.title;
      const p = document.createElement("p");
      // Pagefind's excerpt is escaped text with <mark> around the matches.
      p.innerHTML = r.excerpt.replace(/<(?!\/?mark>)/g, "&lt;");
      article.append(h, p);
      link.append(article);
      item.append(link);
      return item;
    }));
  };

  const search = async () => {
    const query = input.value.trim();
    const mine = ++shown;
    if (!query) {
      meta.textContent = config.translations["search.result.placeholder"];
      list.replaceChildren();
      return;
    }
    const pf = await load();
    const found = await pf.search(query);
    if (mine !== shown || !found) return; // a later key already asked again
    const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    if (mine !== shown) return;
    const q = fold(query);
    data.sort((a, b) => rank(q, a) - rank(q, b));
    show(q, data, found.results.length);
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
