// The compiled rules, as the Go generator writes them to rules.json.

import type { Node } from "./expr";

export type Text = Record<string, string>;

export interface Option {
  id: string;
  label: Text;
}

export interface Input {
  id: string;
  type: "money" | "count" | "bool" | "date" | "choice";
  options?: Option[];
  default?: string;
  label: Text;
  help?: Text;
}

export interface Condition {
  id: string;
  when: Node;
  source: string;
  clause: string;
  explain: Text;
}

export interface Step {
  id: string;
  value: Node;
  source: string;
  clause: string;
  flags?: string[];
  explain: Text;
  support?: string; // the kind of non-cash support the step's figure is
}

export interface Level {
  name?: Text;
  inputs: Input[] | null;
  conditions: Condition[] | null;
  steps: Step[] | null;
}

export interface Measure extends Level {
  id: string;
  number: number;
  kind: "cash" | "non-cash";
  title: Text;
  ask: Text;
  item?: Level;
}

export interface Clause {
  id: string;
  label: Text;
  url: Text;
}

export interface Program {
  policy: string;
  version: string;
  languages: string[];
  inputs: Input[] | null;
  gates: Condition[] | null;
  every_item: Level | null;
  notes: { id: string; clause: string; text: Text }[] | null;
  measures: Measure[];
  clauses: Clause[];
  flags: { id: string; label: Text; maximum?: boolean }[] | null;
}

export function list<T>(xs: T[] | null | undefined): T[] {
  return xs || [];
}

export function itemInputs(p: Program, m: Measure): Input[] {
  if (!m.item) return [];
  const own = list(m.item.inputs);
  return m.kind === "cash" && p.every_item ? own.concat(list(p.every_item.inputs)) : own;
}

export function itemSteps(p: Program, m: Measure): Step[] {
  if (!m.item) return [];
  const own = list(m.item.steps);
  return m.kind === "cash" && p.every_item ? own.concat(list(p.every_item.steps)) : own;
}

// MAX_DEPTH is Go's expr.MaxDepth: the build refuses a formula nested
// deeper, and the evaluator refuses rules that hold one, so that its
// recursion cannot exhaust a visitor's stack. The check itself does not
// recurse.
export const MAX_DEPTH = 64;

export function tooDeep(rules: unknown): boolean {
  const stack: [unknown, number][] = [[rules, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (Array.isArray(v)) {
      for (const x of v) stack.push([x, depth]);
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    const o = v as Record<string, unknown>;
    // A formula's node ({"k": …, "a": […]}) is one deeper than its parent
    // node; anything else starts again at 0.
    const d = typeof o.k === "string" ? depth + 1 : 0;
    if (d > MAX_DEPTH) return true;
    for (const x of Object.values(o)) stack.push([x, d]);
  }
  return false;
}
