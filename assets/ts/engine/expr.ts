// Runs the expression trees that the Go side parsed and type-checked. Every
// number is a range [lo, hi] of exact decimals, as in Go's expr.Eval.

import * as D from "./decimal";

export interface Node {
  k: string; // num, date, str, bool, var, bin, not, neg, call
  op?: string;
  v?: string;
  a?: Node[];
}

export type Value =
  | { kind: "num"; lo: D.Dec; hi: D.Dec }
  | { kind: "bool"; b: boolean }
  | { kind: "text"; s: string }; // a date or a choice

export interface Scope {
  lookup(name: string): Value | undefined;
  items(): Scope[];
}

export function point(d: D.Dec): Value {
  return { kind: "num", lo: d, hi: d };
}

function num(v: Value): { lo: D.Dec; hi: D.Dec } {
  if (v.kind !== "num") throw new Error("a number was expected");
  return v;
}

function bool(v: Value): boolean {
  if (v.kind !== "bool") throw new Error("a condition was expected");
  return v.b;
}

export function evaluate(n: Node, s: Scope): Value {
  const args = n.a || [];
  switch (n.k) {
    case "num":
      return point(D.parse(n.v as string));
    case "date":
    case "str":
      return { kind: "text", s: n.v as string };
    case "bool":
      return { kind: "bool", b: n.v === "true" };
    case "var": {
      const v = s.lookup(n.v as string);
      if (v === undefined) throw new Error(`no value for ${n.v}`);
      return v;
    }
    case "not":
      return { kind: "bool", b: !bool(evaluate(args[0], s)) };
    case "neg": {
      const x = num(evaluate(args[0], s));
      return { kind: "num", lo: D.neg(x.hi), hi: D.neg(x.lo) };
    }
    case "bin":
      return binary(n.op as string, args, s);
    case "call":
      return call(n.op as string, args, s);
  }
  throw new Error(`unknown node ${n.k}`);
}

function binary(op: string, args: Node[], s: Scope): Value {
  const l = evaluate(args[0], s);
  if (op === "and" && !bool(l)) return { kind: "bool", b: false };
  if (op === "or" && bool(l)) return { kind: "bool", b: true };
  const r = evaluate(args[1], s);
  switch (op) {
    case "and":
    case "or":
      return { kind: "bool", b: bool(r) };
    case "+": {
      const a = num(l), b = num(r);
      return { kind: "num", lo: D.add(a.lo, b.lo), hi: D.add(a.hi, b.hi) };
    }
    case "-": {
      const a = num(l), b = num(r);
      return { kind: "num", lo: D.sub(a.lo, b.hi), hi: D.sub(a.hi, b.lo) };
    }
    case "*": {
      const a = num(l), b = num(r);
      const p = [D.mul(a.lo, b.lo), D.mul(a.lo, b.hi), D.mul(a.hi, b.lo), D.mul(a.hi, b.hi)];
      return { kind: "num", lo: p.reduce(D.min), hi: p.reduce(D.max) };
    }
  }
  return { kind: "bool", b: compare(op, l, r) };
}

function compare(op: string, l: Value, r: Value): boolean {
  let c: number;
  if (l.kind === "text" && r.kind === "text") c = l.s < r.s ? -1 : l.s > r.s ? 1 : 0;
  else if (l.kind === "bool" && r.kind === "bool") c = l.b === r.b ? 0 : 1;
  else c = D.cmp(num(l).lo, num(r).lo);
  switch (op) {
    case "<": return c < 0;
    case "<=": return c <= 0;
    case ">": return c > 0;
    case ">=": return c >= 0;
    case "==": return c === 0;
  }
  return c !== 0;
}

function call(fn: string, args: Node[], s: Scope): Value {
  switch (fn) {
    case "min":
    case "max": {
      const pick = fn === "min" ? D.min : D.max;
      let out = num(evaluate(args[0], s));
      for (const a of args.slice(1)) {
        const v = num(evaluate(a, s));
        out = { lo: pick(out.lo, v.lo), hi: pick(out.hi, v.hi) };
      }
      return { kind: "num", lo: out.lo, hi: out.hi };
    }
    case "range":
      return { kind: "num", lo: num(evaluate(args[0], s)).lo, hi: num(evaluate(args[1], s)).hi };
    case "if":
      return evaluate(bool(evaluate(args[0], s)) ? args[1] : args[2], s);
    case "match": {
      const subject = evaluate(args[0], s);
      if (subject.kind !== "text") throw new Error("match needs a choice");
      for (let i = 1; i < args.length; i += 2) {
        if (args[i].v === subject.s) return evaluate(args[i + 1], s);
      }
      throw new Error(`no option ${subject.s} in match`);
    }
    case "sum": {
      let lo = D.zero, hi = D.zero;
      for (const item of s.items()) {
        const v = num(evaluate(args[0], item));
        lo = D.add(lo, v.lo);
        hi = D.add(hi, v.hi);
      }
      return { kind: "num", lo, hi };
    }
    case "count":
      return point(D.parse(String(s.items().length)));
  }
  throw new Error(`unknown function ${fn}`);
}
