// Site search in the browser: the build wrote, per language, the documents
// and an inverted index in shards; a query loads only the shards its terms
// fall in. Nothing leaves the browser but requests for the site's own files.

interface Doc { u: string; c?: string; t: string; x: string; s: string }
type Shard = Record<string, [number, number][]>;

const SHARDS = 32;

// tokens splits text as generator/search.Tokens does.
export function tokens(text: string): string[] {
  const out: string[] = [];
  let word = "";
  let han: string[] = [];
  const flushWord = (): void => {
    if (word) out.push(stem(word));
    word = "";
  };
  const flushHan = (): void => {
    han.forEach((c, i) => {
      out.push(c);
      if (i + 1 < han.length) out.push(c + han[i + 1]);
    });
    han = [];
  };
  for (const ch of Array.from(text)) {
    let c = ch;
    const code = c.codePointAt(0) as number;
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCodePoint(code - 0xfee0);
    c = c.toLowerCase();
    if (/\p{Script=Han}/u.test(c)) {
      flushWord();
      han.push(c);
    } else if (/[\p{L}\p{N}]/u.test(c)) {
      flushHan();
      word += c;
    } else {
      flushWord();
      flushHan();
    }
  }
  flushWord();
  flushHan();
  return out;
}

function stem(w: string): string {
  return Array.from(w).length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w;
}

// shard is FNV-1a of the term's UTF-8 bytes, as in Go.
export function shard(term: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(term)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % SHARDS;
}

const cache = new Map<string, Promise<unknown>>();
function load<T>(url: string): Promise<T> {
  let p = cache.get(url);
  if (!p) {
    p = fetch(url, { credentials: "same-origin" }).then((r) => {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
    cache.set(url, p);
  }
  return p as Promise<T>;
}

export async function find(base: string, query: string): Promise<Doc[]> {
  const terms = Array.from(new Set(tokens(query)));
  if (!terms.length) return [];
  const [docs, shards] = await Promise.all([
    load<Doc[]>(`${base}docs.json`),
    Promise.all(terms.map((t) => load<Shard>(`${base}t${String(shard(t)).padStart(2, "0")}.json`))),
  ]);
  // Every term must match; the score adds the terms' weights.
  const scores = new Map<number, number>();
  const hits = new Map<number, number>();
  terms.forEach((t, i) => {
    for (const [doc, w] of shards[i][t] || []) {
      scores.set(doc, (scores.get(doc) || 0) + w);
      hits.set(doc, (hits.get(doc) || 0) + 1);
    }
  });
  return Array.from(scores.entries())
    .filter(([doc]) => hits.get(doc) === terms.length)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 30)
    .map(([doc]) => docs[doc]);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}

function start(): void {
  const root = document.getElementById("search-app");
  const form = document.getElementById("search-form") as HTMLFormElement | null;
  const input = document.getElementById("search-q") as HTMLInputElement | null;
  if (!root || !form || !input) return;
  const base = root.dataset.index as string;
  const run = async (): Promise<void> => {
    const q = input.value.trim();
    history.replaceState(null, "", q ? "#q=" + encodeURIComponent(q) : location.pathname);
    if (!q) {
      root.replaceChildren();
      return;
    }
    let found: Doc[];
    try {
      found = await find(base, q);
    } catch (e) {
      root.replaceChildren(el("p", { class: "notice error", role: "alert" }, root.dataset.failed || ""));
      return;
    }
    const count = el("p", { id: "search-count" }, found.length === 1 && root.dataset.countOne ? root.dataset.countOne : (root.dataset.count || "%d").replace("%d", String(found.length)));
    const list = el("ol", { class: "search-results" });
    for (const d of found) {
      const item = el("li", {}, el("a", { href: d.u, class: "search-title" }, d.t), el("br", {}), el("span", { class: "search-context" }, d.x));
      if (d.c) item.append(" · ", el("a", { href: d.c }, root.dataset.clause || "§"));
      item.append(el("p", {}, d.s));
      list.append(item);
    }
    root.replaceChildren(count, found.length ? list : el("p", {}, root.dataset.none || ""));
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  let timer = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 150);
  });
  const fromHash = (): void => {
    const m = /^#q=(.*)$/.exec(location.hash);
    if (m && decodeURIComponent(m[1]) !== input.value) {
      input.value = decodeURIComponent(m[1]);
      run();
    }
  };
  window.addEventListener("hashchange", fromHash);
  fromHash();
}

start();
