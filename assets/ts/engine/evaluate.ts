// Evaluates a profile against the rules and builds the result in the same
// fixed form as Go's eval.Result: the same fields in the same order, amounts
// as strings with two decimals. JSON.stringify then gives Go's bytes.

import * as D from "./decimal";
import { evaluate as evalNode, point, Scope, Value } from "./expr";
import type { Answers, MeasureAnswers, Profile } from "./profile";
import { Condition, Measure, Program, Step, itemSteps, list } from "./rules";

export interface ConditionCheck { id: string; clause: string; passed: boolean }
export interface StepValue { id: string; clause: string; low: string; high: string }
export interface ItemResult { status: string; low: string; high: string; conditions: ConditionCheck[]; steps: StepValue[] }
export interface MeasureResult {
  id: string; number: number; kind: string; status: string; low: string; high: string;
  flags: string[]; conditions: ConditionCheck[]; items: ItemResult[]; steps: StepValue[];
}
export interface NonCashItem { measure: string; item: number; kind?: string; low: string; high: string }
export interface Result {
  policy: string; rules: string; eligible: boolean; gates: ConditionCheck[];
  measures: MeasureResult[]; cash: { low: string; high: string }; non_cash: NonCashItem[]; notes: string[];
}

export const ELIGIBLE = "eligible";
export const INELIGIBLE = "ineligible";
export const NOT_ANSWERED = "not-answered";

class Frame implements Scope {
  readonly vals: Map<string, Value>;
  readonly itemScopes: Scope[] = [];
  constructor(readonly parent: Frame | null, vals: Answers) {
    this.vals = new Map(vals);
  }
  lookup(name: string): Value | undefined {
    for (let f: Frame | null = this; f; f = f.parent) {
      const v = f.vals.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  items(): Scope[] {
    return this.itemScopes;
  }
}

type Range = { lo: D.Dec; hi: D.Dec };

function asRange(v: Value): Range {
  if (v.kind !== "num") throw new Error("a step must give an amount");
  return v;
}

function conditions(conds: Condition[], s: Scope): [ConditionCheck[], boolean] {
  const out: ConditionCheck[] = [];
  let all = true;
  for (const c of conds) {
    const v = evalNode(c.when, s);
    const passed = v.kind === "bool" && v.b;
    out.push({ id: c.id, clause: c.clause, passed });
    all = all && passed;
  }
  return [out, all];
}

function steps(list_: Step[], f: Frame): [StepValue[], Range] {
  const out: StepValue[] = [];
  let last: Range = { lo: D.zero, hi: D.zero };
  for (const st of list_) {
    const v = asRange(evalNode(st.value, f));
    f.vals.set(st.id, { kind: "num", lo: v.lo, hi: v.hi });
    last = v;
    out.push({ id: st.id, clause: st.clause, low: D.fen(v.lo), high: D.fen(v.hi) });
  }
  return [out, last];
}

function flagsOf(p: Program, m: Measure): string[] {
  const used = new Set<string>();
  for (const st of list(m.steps).concat(itemSteps(p, m))) for (const f of list(st.flags)) used.add(f);
  return list(p.flags).filter((f) => used.has(f.id)).map((f) => f.id);
}

function evaluateMeasure(p: Program, m: Measure, answers: MeasureAnswers | undefined, top: Frame, gatesPassed: boolean): MeasureResult {
  const mr: MeasureResult = {
    id: m.id, number: m.number, kind: m.kind, status: NOT_ANSWERED, low: "0.00", high: "0.00",
    flags: flagsOf(p, m), conditions: [], items: [], steps: [],
  };
  if (!answers) return mr;
  const ms = new Frame(top, answers.answers);
  const [conds, ok] = conditions(list(m.conditions), ms);
  mr.conditions = conds;
  const itemTotals: Range[] = [];
  if (m.item) {
    for (const vals of answers.items) {
      const is = new Frame(ms, vals);
      const ir: ItemResult = { status: INELIGIBLE, low: "0.00", high: "0.00", conditions: [], steps: [] };
      const [ic, iok] = conditions(list(m.item.conditions), is);
      ir.conditions = ic;
      if (iok && ok && gatesPassed) {
        const [sv, last] = steps(itemSteps(p, m), is);
        ir.steps = sv;
        ir.status = ELIGIBLE;
        ir.low = D.fen(last.lo);
        ir.high = D.fen(last.hi);
        ms.itemScopes.push(is);
        itemTotals.push(last);
      }
      mr.items.push(ir);
    }
  }
  if (!gatesPassed || !ok || (m.item && itemTotals.length === 0)) {
    mr.status = INELIGIBLE;
    return mr;
  }
  let total: Range;
  if (list(m.steps).length > 0) {
    const [sv, last] = steps(list(m.steps), ms);
    mr.steps = sv;
    total = last;
  } else {
    total = { lo: D.zero, hi: D.zero };
    for (const v of itemTotals) total = { lo: D.add(total.lo, v.lo), hi: D.add(total.hi, v.hi) };
  }
  mr.status = ELIGIBLE;
  mr.low = D.fen(total.lo);
  mr.high = D.fen(total.hi);
  return mr;
}

export function evaluate(p: Program, prof: Profile): Result {
  const top = new Frame(null, prof.answers);
  const [gates, eligible] = conditions(list(p.gates), top);
  const r: Result = {
    policy: p.policy, rules: p.version, eligible, gates, measures: [],
    cash: { low: "0.00", high: "0.00" }, non_cash: [], notes: [],
  };
  let low = D.zero, high = D.zero;
  for (const m of p.measures) {
    const mr = evaluateMeasure(p, m, prof.measures.get(m.id), top, eligible);
    r.measures.push(mr);
    if (mr.status !== ELIGIBLE) continue;
    if (m.kind === "cash") {
      low = D.add(low, D.parse(mr.low));
      high = D.add(high, D.parse(mr.high));
      continue;
    }
    // The measure's steps say what each figure is (equity, a guarantee):
    // each is reported apart, by kind, unless it comes to nothing.
    // mr.steps holds one value per step, in order.
    const steps = list(m.steps);
    if (steps.some((s) => s.support)) {
      mr.steps.forEach((sv, i) => {
        const kind = steps[i].support;
        if (kind && D.cmp(D.parse(sv.high), D.zero) !== 0) r.non_cash.push({ measure: m.id, item: -1, kind, low: sv.low, high: sv.high });
      });
      continue;
    }
    if (!m.item) r.non_cash.push({ measure: m.id, item: -1, low: mr.low, high: mr.high });
    mr.items.forEach((it, i) => {
      if (it.status === ELIGIBLE) r.non_cash.push({ measure: m.id, item: i, low: it.low, high: it.high });
    });
  }
  r.cash = { low: D.fen(low), high: D.fen(high) };
  r.notes = list(p.notes).map((n) => n.id);
  return r;
}

export { point };
