// The self-check's state and its form in the URL fragment, and the one
// codec of a field's key. Keys: a policy input by its id; a measure's
// input as MEASURE.input; an item's as MEASURE.N.input (N from 1); chosen
// measures as m=MEASURE; the rules version as v.

import { Input, Program, itemInputs, list } from "../engine/rules";

export interface State {
  fields: Map<string, string>; // key → raw text
  selected: string[];          // measure ids, in the rules' order
  itemCounts: Map<string, number>;
}

export const MAX_ITEMS_SHOWN = 50;

// FieldKey is a key taken apart: the measure and the item (from 1) it
// belongs to, if any, and the input's id.
export interface FieldKey {
  measure?: string;
  item?: number;
  input: string;
}

export function fieldKey(k: FieldKey): string {
  if (k.measure === undefined) return k.input;
  return k.item === undefined ? `${k.measure}.${k.input}` : `${k.measure}.${k.item}.${k.input}`;
}

// keyPrefix is what every key of a measure, or of one of its items, starts with.
export function keyPrefix(measure: string, item?: number): string {
  return item === undefined ? `${measure}.` : `${measure}.${item}.`;
}

export function parseKey(key: string): FieldKey | null {
  const parts = key.split(".");
  switch (parts.length) {
    case 1:
      return { input: parts[0] };
    case 2:
      return { measure: parts[0], input: parts[1] };
    case 3:
      if (!/^[1-9]\d?$/.test(parts[1]) || +parts[1] > MAX_ITEMS_SHOWN) return null;
      return { measure: parts[0], item: +parts[1], input: parts[2] };
  }
  return null;
}

// inputFor is the input a key stands for in the rules, if any.
export function inputFor(p: Program, key: string): Input | undefined {
  const k = parseKey(key);
  if (!k) return undefined;
  if (k.measure === undefined) return list(p.inputs).find((i) => i.id === k.input);
  const m = p.measures.find((x) => x.id === k.measure);
  if (!m) return undefined;
  return (k.item === undefined ? list(m.inputs) : itemInputs(p, m)).find((i) => i.id === k.input);
}

export function parseFragment(p: Program, hash: string): { state: State; version: string | null; unknown: string[] } {
  const state: State = { fields: new Map(), selected: [], itemCounts: new Map() };
  const unknown: string[] = [];
  let version: string | null = null;
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const chosen = new Set<string>();
  const twice = new Set<string>();
  params.forEach((value, key) => {
    // A version is what the build names rules by; anything else in its
    // place is text from the link, not ours to show.
    if (key === "v") { if (/^[0-9a-f]{16}$/.test(value) && version === null) version = value; else unknown.push("v"); return; }
    if (key === "m") {
      if (p.measures.some((m) => m.id === value)) chosen.add(value); else unknown.push(`m=${value}`);
      return;
    }
    if (!inputFor(p, key)) { unknown.push(key); return; }
    if (value.length > 64) { unknown.push(key); return; }
    // The same answer twice (in_xihu=yes&in_xihu=no) says nothing: neither
    // is taken, and the question is asked again.
    if (state.fields.has(key) || twice.has(key)) { unknown.push(key); state.fields.delete(key); twice.add(key); return; }
    state.fields.set(key, value);
    const k = parseKey(key);
    if (k && k.measure !== undefined && k.item !== undefined) {
      state.itemCounts.set(k.measure, Math.max(state.itemCounts.get(k.measure) || 0, k.item));
    }
  });
  state.selected = p.measures.filter((m) => chosen.has(m.id)).map((m) => m.id);
  return { state, version, unknown };
}

export function writeFragment(p: Program, s: State): string {
  const params = new URLSearchParams();
  params.set("v", p.version);
  s.fields.forEach((v, k) => { if (v !== "") params.append(k, v); });
  for (const id of s.selected) params.append("m", id);
  return "#" + params.toString();
}
