// Site search in the browser: the build wrote, per language, the documents
// and an inverted index in shards; a query loads only the shards its terms
// fall in. Nothing leaves the browser but requests for the site's own files.

interface Doc { u: string; c?: string; t: string; x: string; s: string }
type Shard = Record<string, [number, number][]>;

const SHARDS = 32;

// Punctuation and spaces that a Chinese phrase may hold: as inPhrase in
// generator/search.
const IN_PHRASE = " \u3000、，,“”‘\"《》〈〉「」『』·・";

// HAN is Go's unicode.Han as code point ranges (a test holds them equal),
// so that a character is Chinese here exactly when it is for the index.
export const HAN: [number, number][] = [
  [0x2e80, 0x2e99], [0x2e9b, 0x2ef3], [0x2f00, 0x2fd5], [0x3005, 0x3005], [0x3007, 0x3007], [0x3021, 0x3029],
  [0x3038, 0x303b], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfa6d], [0xfa70, 0xfad9], [0x16fe2, 0x16fe3],
  [0x16ff0, 0x16ff1], [0x20000, 0x2a6df], [0x2a700, 0x2b739], [0x2b740, 0x2b81d], [0x2b820, 0x2cea1],
  [0x2ceb0, 0x2ebe0], [0x2f800, 0x2fa1d], [0x30000, 0x3134a], [0x31350, 0x323af],
];

function isHan(cp: number): boolean {
  return HAN.some(([lo, hi]) => cp >= lo && cp <= hi);
}

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
    if (c === "'" || c === "\u2019") continue; // an apostrophe joins: enterprise's
    if (han.length > 0 && IN_PHRASE.includes(c)) {
      flushWord(); // punctuation inside a Chinese phrase does not part it
      continue;
    }
    const cp = c.codePointAt(0) as number;
    if (cp < 0x80) {
      // As in Go: ASCII letters and digits make words, the rest parts them.
      if (/[a-z0-9]/.test(c)) {
        flushHan();
        word += c;
      } else {
        flushWord();
        flushHan();
      }
    } else if (isHan(cp)) {
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

// variants widens a query by the editors' synonyms: each group's word in
// the query is replaced by each of the group's words in turn (补贴 → 补助,
// 资助, 奖励 …; subsidy → grant, award …). The query itself is one of them.
// The longest word of a group that the query holds is the one replaced;
// an English word only as a whole word (ai is not in chain), or its plural.
export function variants(query: string, groups: string[][]): string[] {
  const pattern = (w: string): RegExp => {
    const quoted = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // An English word also in the plural: coupons holds coupon.
    return /^[a-z0-9 '’-]+$/.test(w) ? new RegExp(`(^|[^a-z0-9])${quoted}s?(?![a-z0-9])`, "g") : new RegExp(quoted, "g");
  };
  let out = [query.toLowerCase()];
  for (const g of groups) {
    const next: string[] = [];
    const longestFirst = [...g].sort((x, y) => y.length - x.length);
    for (const v of out) {
      const hit = longestFirst.find((w) => pattern(w).test(v));
      if (hit === undefined) {
        next.push(v);
        continue;
      }
      for (const w of g) next.push(v.replace(pattern(hit), (m, before: string | number) => (typeof before === "string" ? before : "") + w));
    }
    out = Array.from(new Set(next)).slice(0, 64);
  }
  return out;
}

export interface Found { doc: Doc; terms: string[] }

export async function find(base: string, query: string): Promise<Found[]> {
  const groups = await load<string[][]>(`${base}synonyms.json`).catch(() => [] as string[][]);
  const asked = variants(query, groups).map((v) => Array.from(new Set(tokens(v)))).filter((t) => t.length > 0);
  if (!asked.length) return [];
  const all = Array.from(new Set(asked.flat()));
  const [docs, shards] = await Promise.all([
    load<Doc[]>(`${base}docs.json`),
    Promise.all(all.map((t) => load<Shard>(`${base}t${String(shard(t)).padStart(2, "0")}.json`))),
  ]);
  const postings = new Map(all.map((t, i) => [t, shards[i][t] || []]));
  // Within a variant every term must match, and the score adds the terms'
  // weights; a document keeps its best variant, and the terms it matched.
  const best = new Map<number, { score: number; terms: string[] }>();
  for (const terms of asked) {
    const scores = new Map<number, number>();
    const hits = new Map<number, number>();
    for (const t of terms) {
      for (const [doc, w] of postings.get(t) || []) {
        scores.set(doc, (scores.get(doc) || 0) + w);
        hits.set(doc, (hits.get(doc) || 0) + 1);
      }
    }
    scores.forEach((score, doc) => {
      if (hits.get(doc) !== terms.length) return;
      const was = best.get(doc);
      if (!was || score > was.score) best.set(doc, { score, terms });
    });
  }
  return Array.from(best.entries())
    .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
    .slice(0, 30)
    .map(([doc, f]) => ({ doc: docs[doc], terms: f.terms }));
}

// marked shows text with the words a search matched marked, as text nodes
// and <mark> elements (never as HTML from the index): an English word whose
// term matched, and Chinese characters that make a matched pair, or a
// matched single character when the query was one.
export function marked(text: string, terms: string[]): (Node | string)[] {
  const want = new Set(terms);
  const chars = Array.from(text);
  const on = new Array<boolean>(chars.length).fill(false);
  const norm = chars.map((c) => {
    const code = c.codePointAt(0) as number;
    return (code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : c).toLowerCase();
  });
  for (let i = 0; i < chars.length; ) {
    if (/[a-z0-9]/.test(norm[i]) || (norm[i].codePointAt(0) as number) >= 0x80 && !isHan(norm[i].codePointAt(0) as number) && /[\p{L}\p{N}]/u.test(norm[i])) {
      let j = i;
      let w = "";
      while (j < chars.length && (/[a-z0-9'’]/.test(norm[j]) || (norm[j].codePointAt(0) as number) >= 0x80 && !isHan(norm[j].codePointAt(0) as number) && /[\p{L}\p{N}]/u.test(norm[j]))) {
        if (norm[j] !== "'" && norm[j] !== "’") w += norm[j];
        j++;
      }
      if (want.has(stem(w))) for (let k = i; k < j; k++) on[k] = true;
      i = j;
      continue;
    }
    if (isHan(norm[i].codePointAt(0) as number)) {
      if (want.has(norm[i]) && !terms.some((t) => Array.from(t).length > 1 && isHan(t.codePointAt(0) as number))) on[i] = true;
      let j = i + 1;
      while (j < chars.length && IN_PHRASE.includes(norm[j])) j++;
      if (j < chars.length && want.has(norm[i] + norm[j])) on[i] = on[j] = true;
    }
    i++;
  }
  const out: (Node | string)[] = [];
  let run = "";
  let state = false;
  chars.forEach((c, i) => {
    if (on[i] !== state) {
      if (run) out.push(state ? el("mark", {}, run) : run);
      run = "";
      state = on[i];
    }
    run += c;
  });
  if (run) out.push(state ? el("mark", {}, run) : run);
  return out;
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
    let found: Found[];
    try {
      found = await find(base, q);
    } catch (e) {
      root.replaceChildren(el("p", { class: "notice error", role: "alert" }, root.dataset.failed || ""));
      return;
    }
    const count = el("p", { id: "search-count" }, found.length === 1 && root.dataset.countOne ? root.dataset.countOne : (root.dataset.count || "%d").replace("%d", String(found.length)));
    const list = el("ol", { class: "search-results" });
    for (const { doc: d, terms } of found) {
      const item = el("li", {}, el("a", { href: d.u, class: "search-title" }, ...marked(d.t, terms)), el("br", {}), el("span", { class: "search-context" }, d.x));
      if (d.c) item.append(" · ", el("a", { href: d.c }, root.dataset.clause || "§"));
      item.append(el("p", {}, ...marked(d.s, terms)));
      list.append(item);
    }
    root.replaceChildren(count, found.length ? list : el("p", {}, root.dataset.none || ""));
    root.dataset.done = q; // what the results shown are for
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
    // A + is a space, as a form writes one; a typed + is written %2B.
    const q = m ? decodeURIComponent(m[1].replace(/\+/g, " ")) : null;
    if (q !== null && q !== input.value) {
      input.value = q;
      run();
    }
  };
  window.addEventListener("hashchange", fromHash);
  fromHash();
}

// Only on a page: the parity tests load this file in goja to compare its
// tokens with Go's.
if (typeof document !== "undefined") start();
