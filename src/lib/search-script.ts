/**
 * The search page's script, as the module source the page inlines (with its CSP hash):
 * loads Pagefind's index and lists the posts that match, with title, excerpt and link.
 * Progressive: the form is a plain GET form, and a `?q=` in the address runs that search
 * at once. Kept as source text so no bundler rewrites Pagefind's import.
 */

/** The module source for a site whose index lives at `indexUrl` and whose pages at `siteBase`. */
export function searchScript(indexUrl: string, siteBase: string): string {
  return `let loading = null;
// Loaded on first use, inside run(): without an index (the dev server builds none) the page says so.
const load = () => (loading ??= import(${JSON.stringify(`${indexUrl}pagefind.js`)}).then(async (pagefind) => {
  await pagefind.options({ baseUrl: ${JSON.stringify(siteBase)} });
  return pagefind;
}));
const form = document.querySelector("form.search-form");
const input = form.querySelector("input[name=q]");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const fill = (text, values) => text.replace(/\\{(\\w+)\\}/g, (whole, key) => values[key] ?? whole);
let latest = 0;
async function run(term) {
  const query = term.trim();
  const mine = ++latest;
  list.replaceChildren();
  if (!query) { status.textContent = ""; return; }
  status.textContent = status.dataset.loading;
  try {
    const search = await (await load()).search(query);
    const results = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
    if (mine !== latest) return;
    status.textContent = fill(results.length === 0 ? status.dataset.none : status.dataset.found, { n: String(search.results.length), q: query });
    for (const result of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title ?? result.url;
      const excerpt = document.createElement("p");
      // Pagefind's excerpt is the page's own text, escaped, with <mark> around the hits.
      excerpt.innerHTML = result.excerpt;
      item.append(link, excerpt);
      list.append(item);
    }
  } catch (error) {
    console.error("Suche:", error);
    if (mine === latest) status.textContent = status.dataset.failed;
  }
}
let timer;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    history.replaceState(null, "", input.value ? "?q=" + encodeURIComponent(input.value) : location.pathname);
    run(input.value);
  }, 200);
});
form.addEventListener("submit", (event) => { event.preventDefault(); run(input.value); });
const initial = new URLSearchParams(location.search).get("q");
if (initial) { input.value = initial; run(initial); }
`;
}
