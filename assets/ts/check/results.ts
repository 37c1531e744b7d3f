// The self-check's results: the answers read into a profile, evaluated by
// the engine, and shown measure by measure with the figure, why a condition
// is not met in the visitor's own answers, how each figure is worked out,
// and the answers themselves for the printed copy; and the one-sentence
// summary that stays in view.

import { evaluate, ELIGIBLE, NOT_ANSWERED, MeasureResult, Result } from "../engine/evaluate";
import { decode, readField } from "../engine/profile";
import { Input, Measure, Program, Step, itemInputs, itemSteps, list } from "../engine/rules";
import type { Node } from "../engine/expr";
import { State, fieldKey, keyPrefix } from "./fragment";
import { fieldId, shown } from "./fields";
import { Node_, Words, el } from "./words";

// answersOf reads the answers to inputs, under prefix, from the state.
function answersOf(state: State, inputs: Input[], prefix: string): { raw: Record<string, unknown>; ok: boolean } {
  const raw: Record<string, unknown> = {};
  let ok = true;
  for (const input of inputs) {
    const { value, error } = readField(input, state.fields.get(prefix + input.id) || "");
    if (error) ok = false;
    else if (value !== undefined) raw[input.id] = value;
  }
  return { raw, ok };
}

// profileOf reads the visitor's answers as a profile of rules p (the
// page's, or those of a saved link): the gates' answers, when all are good,
// and each chosen measure whose answers are complete; toFix lists the
// chosen measures whose answers are not.
function profileOf(p: Program, state: State): { gatesOk: boolean; profile: Record<string, unknown>; toFix: string[] } {
  const gates = answersOf(state, list(p.inputs), "");
  const measures: Record<string, unknown> = {};
  const toFix: string[] = [];
  for (const id of state.selected) {
    const m = p.measures.find((x) => x.id === id);
    if (!m) continue;
    const own = answersOf(state, list(m.inputs), keyPrefix(id));
    let ok = own.ok;
    const entry: Record<string, unknown> = { answers: own.raw };
    if (m.item) {
      const items: unknown[] = [];
      for (let i = 1; i <= (state.itemCounts.get(id) || 1); i++) {
        const it = answersOf(state, itemInputs(p, m), keyPrefix(id, i));
        ok = ok && it.ok;
        items.push(it.raw);
      }
      entry.items = items;
    }
    if (ok) measures[id] = entry; else toFix.push(id);
  }
  return { gatesOk: gates.ok, profile: { policy: p.policy, answers: gates.raw, measures }, toFix };
}

// evaluateAnswers is the result of the visitor's answers under rules p,
// leaving out the measures whose answers are not complete; null when the
// answers do not fit p.
export function evaluateAnswers(p: Program, state: State): Result | null {
  const { gatesOk, profile } = profileOf(p, state);
  if (!gatesOk) return null;
  try {
    return evaluate(p, decode(p, profile));
  } catch (e) {
    return null;
  }
}

// rangeBar pictures a measure's figure on the scale of the largest figure
// of the result: a band from low to high where a review decides, a mark
// where the figure is one. It is drawn with SVG attributes, not styles, so
// that the page's CSP holds, and hidden from screen readers, which read
// the figure itself.
function rangeBar(low: string, high: string, r: Result): SVGSVGElement {
  const fen = (a: string): bigint => BigInt(a.replace(".", ""));
  let top = 0n;
  for (const m of r.measures) if (fen(m.high) > top) top = fen(m.high);
  const at = (a: string): string => (top === 0n ? "0" : (Number((fen(a) * 10000n) / top) / 100).toFixed(2));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "range-bar");
  svg.setAttribute("viewBox", "0 0 100 6");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-hidden", "true");
  const rect = (cls: string, x: string, width: string): void => {
    const e = document.createElementNS(ns, "rect");
    e.setAttribute("class", cls);
    e.setAttribute("x", x);
    e.setAttribute("y", "0");
    e.setAttribute("width", width);
    e.setAttribute("height", "6");
    svg.append(e);
  };
  rect("track", "0", "100");
  const x = Number(at(low)), w = Math.max(Number(at(high)) - x, 1);
  rect(low === high ? "figure" : "band", x.toFixed(2), w.toFixed(2));
  return svg;
}

export class Results {
  readonly section: HTMLElement;
  private live: HTMLElement;
  private last: Result | null = null;
  private openWorkings = new Set<string>();

  // marked says whether the form shows an error on a field of a measure.
  constructor(private w: Words, private state: State, private asOf: string, private marked: (measure: string) => boolean) {
    // The results are read where they stand; what changes is announced by
    // the summary, in a sentence.
    this.live = el("div", { id: "results-live" });
    this.section = el("section", { class: "check-results", "aria-labelledby": "results-heading" },
      el("h2", { id: "results-heading" }, w.s("check_step_results")), this.live);
  }

  update(): void {
    // "How it is worked out" stays open for the measures it was open for,
    // also across an answer that hides a measure's result for a moment.
    const open = this.openWorkings;
    this.live.querySelectorAll("details").forEach((d) => { const m = d.getAttribute("data-for") || ""; if (d.open) open.add(m); else open.delete(m); });
    let next: Node_[];
    try {
      next = this.nodes();
    } catch (e) {
      next = [el("p", { class: "notice error", role: "alert" }, this.w.s("check_broken"))];
    }
    for (const n of next) {
      if (n instanceof HTMLElement) n.querySelectorAll("details").forEach((d) => { if (open.has(d.getAttribute("data-for") || "")) d.setAttribute("open", ""); });
    }
    keepEqual(this.live, next);
  }

  // summaryText says the result in a sentence: how many measures may fit,
  // the cash support in round figures (万元 in Chinese), the non-cash apart;
  // or what to answer first.
  summaryText(): string {
    const w = this.w;
    const r = this.last;
    if (!r) return this.live.querySelector("#results-message")?.textContent || "";
    const fit = r.measures.filter((m) => m.status === ELIGIBLE);
    if (fit.length === 0) return w.s("check_summary_none");
    let text = w.s("check_summary", fit.length, w.rough(r.cash.low, r.cash.high));
    if (r.non_cash.length) text += w.s("check_summary_non_cash", r.non_cash.length);
    return text;
  }

  private nodes(): Node_[] {
    const { p } = this.w;
    this.last = null;
    const { gatesOk, profile, toFix } = profileOf(p, this.state);
    if (!gatesOk) {
      const anyBad = list(p.inputs).some((i) => {
        const raw = this.state.fields.get(i.id) || "";
        return raw !== "" && readField(i, raw).error;
      });
      return [el("p", { class: "notice", id: "results-message" }, this.w.s(anyBad ? "check_fix_gates" : "check_answer_gates"))];
    }
    if (this.state.selected.length === 0) return [el("p", { class: "notice", id: "results-message" }, this.w.s("check_no_measures"))];
    const result = evaluate(p, decode(p, profile));
    this.last = result;
    return this.render(result, toFix);
  }

  // entered lists, for a condition, what the visitor answered to each input
  // it reads: "；您填写的「年交易金额」：64万元", the label a link to the field.
  private entered(when: Node, inputs: Input[], prefix: string): (Node_ | string)[] {
    const w = this.w;
    const names = new Set<string>();
    const walk = (n: Node): void => {
      if (n.k === "var" && n.v) names.add(n.v);
      for (const a of n.a || []) walk(a);
    };
    walk(when);
    const out: (Node_ | string)[] = [];
    for (const input of inputs) {
      if (!names.has(input.id)) continue;
      const key = prefix + input.id;
      let raw = this.state.fields.get(key) || "";
      if (raw === "" && input.default !== undefined) {
        raw = input.type === "bool" ? (String(input.default) === "true" ? "yes" : "no") : String(input.default);
      }
      const label = w.text(input.label).replace(/[？?]$/, "");
      out.push(w.s("check_you_entered_before"), el("a", { href: "#" + fieldId(key) }, label), w.s("check_you_entered_after", shown(w, input, raw)));
    }
    return out;
  }

  private render(r: Result, toFix: string[]): Node_[] {
    const w = this.w;
    const { p } = w;
    const out: Node_[] = [];
    out.push(el("p", { class: "result-total", id: "cash-total", "data-low": r.cash.low, "data-high": r.cash.high },
      el("strong", {}, w.s("result_cash_total") + " "), w.amount(r.cash.low, r.cash.high, false)));
    if (!r.eligible) {
      const failed = el("ul", { class: "failed" });
      r.gates.forEach((g, i) => {
        if (!g.passed) failed.append(el("li", {}, w.text(list(p.gates)[i].explain), " · ", w.clauseLink(g.clause)));
      });
      out.push(el("div", { class: "notice error", id: "gates-failed" }, el("p", {}, w.s("result_gates_failed")), failed));
    }
    for (const mr of r.measures) {
      const m = p.measures.find((x) => x.id === mr.id) as Measure;
      if (toFix.indexOf(m.id) >= 0) {
        out.push(el("article", { class: "result-measure", "data-measure": m.id, "data-status": "incomplete" },
          el("h3", {}, `${w.s("measure_number", m.number)} ${w.text(m.title)}`),
          el("p", { class: "notice" }, w.s(this.marked(m.id) ? "check_fix_measure" : "check_answer_measure"))));
        continue;
      }
      if (mr.status === NOT_ANSWERED) continue;
      out.push(this.measure(m, mr));
    }
    if (r.non_cash.length) {
      const ul = el("ul", {});
      for (const n of r.non_cash) {
        const m = p.measures.find((x) => x.id === n.measure) as Measure;
        // Named by kind where the rules say it (股权投资, 融资担保), else by item.
        const which = n.kind ? w.s("support_" + n.kind) : n.item >= 0 ? w.s("result_item", n.item + 1) : "";
        const label = w.s("measure_number", m.number) + (which ? " " + which : "");
        ul.append(el("li", { "data-non-cash": n.measure, "data-kind": n.kind || "", "data-low": n.low, "data-high": n.high }, `${label}: ${w.amount(n.low, n.high, m.kind === "non-cash")}`));
      }
      out.push(el("section", { class: "non-cash", "aria-labelledby": "non-cash-heading" }, el("h3", { id: "non-cash-heading" }, w.s("result_non_cash")), ul));
    }
    const notes = el("ul", {});
    for (const n of list(p.notes)) notes.append(el("li", {}, w.text(n.text), " · ", w.clauseLink(n.clause)));
    out.push(el("section", { class: "notes", "aria-labelledby": "notes-heading" }, el("h3", { id: "notes-heading" }, w.s("result_notes")), notes));
    out.push(el("p", { class: "as-of" }, w.s("check_as_of", p.version, this.asOf)));
    out.push(this.answers());
    return out;
  }

  private measure(m: Measure, mr: MeasureResult): HTMLElement {
    const w = this.w;
    const { p } = w;
    // A flag the rules declare a maximum makes the figure "up to" it.
    const upTo = list(p.flags).some((f) => f.maximum && mr.flags.indexOf(f.id) >= 0);
    const art = el("article", { class: "result-measure", "data-measure": m.id, "data-status": mr.status, "data-low": mr.low, "data-high": mr.high },
      el("h3", {}, `${w.s("measure_number", m.number)} ${w.text(m.title)}`));
    if (mr.status === ELIGIBLE) {
      art.append(el("p", { class: "result-amount" }, el("strong", {}, w.amount(mr.low, mr.high, upTo))));
      if (this.last) art.append(rangeBar(mr.low, mr.high, this.last));
      const flags = w.flagLabels(mr.flags);
      if (flags.length) art.append(el("p", { class: "result-flags" }, flags.join(" · ")));
    } else {
      art.append(el("p", { class: "result-amount" }, el("strong", {}, w.s("result_status_" + mr.status))));
    }
    // Why not, in the visitor's words: the condition, then what they
    // entered for each answer it reads, each linked back to its field.
    const why = el("ul", { class: "failed" });
    // A gate that fails stops every measure: each card says which.
    this.last?.gates.forEach((g, i) => {
      const gate = list(p.gates)[i];
      if (!g.passed && gate) why.append(el("li", {}, w.s("check_unmet"), w.text(gate.explain), ...this.entered(gate.when, list(p.inputs), ""), " · ", w.clauseLink(g.clause)));
    });
    mr.conditions.forEach((c, i) => {
      const cond = list(m.conditions)[i];
      if (!c.passed) why.append(el("li", {}, w.s("check_unmet"), w.text(cond.explain), ...this.entered(cond.when, list(m.inputs), keyPrefix(m.id)), " · ", w.clauseLink(c.clause)));
    });
    mr.items.forEach((it, j) => {
      it.conditions.forEach((c, i) => {
        if (c.passed || !m.item) return;
        const cond = list(m.item.conditions)[i];
        why.append(el("li", {}, `${w.s("check_item_heading", w.text(m.item.name), j + 1)}: `, w.s("check_unmet"), w.text(cond.explain),
          ...this.entered(cond.when, itemInputs(p, m), keyPrefix(m.id, j + 1)), " · ", w.clauseLink(c.clause)));
      });
    });
    if (why.childElementCount) art.append(el("h4", {}, w.s(mr.status === ELIGIBLE ? "check_not_counted" : "check_why_not")), why);
    if (mr.status === ELIGIBLE) {
      const steps = el("div", { class: "steps" });
      mr.items.forEach((it, j) => {
        if (!m.item) return;
        const head = `${w.s("check_item_heading", w.text(m.item.name), j + 1)}: ` +
          (it.status === ELIGIBLE ? w.amount(it.low, it.high, false) : w.s("result_status_" + it.status));
        steps.append(el("p", { class: "item-head" }, head));
        if (it.status === ELIGIBLE) steps.append(this.stepList(itemSteps(p, m), it.steps));
      });
      if (mr.steps.length) steps.append(this.stepList(list(m.steps), mr.steps));
      art.append(el("details", { "data-for": m.id }, el("summary", {}, w.s("check_steps")), steps));
    }
    // How the site reads the clause, beside the figure and collapsed: the
    // page carries it, rendered at build time, in a template per measure.
    const reading = document.getElementById(`reading-${m.id}`);
    if (reading instanceof HTMLTemplateElement) art.append(reading.content.cloneNode(true));
    const page = w.clause(`measure-${m.number}`);
    if (page) art.append(el("p", {}, el("a", { href: w.text(page.url) }, w.s("check_read_measure"))));
    return art;
  }

  private stepList(defs: Step[], values: { id: string; clause: string; low: string; high: string }[]): HTMLElement {
    const w = this.w;
    const ol = el("ol", { class: "step-list" });
    values.forEach((v, i) => {
      ol.append(el("li", {}, w.text(defs[i].explain), ": ", el("strong", {}, w.amount(v.low, v.high, false)), " · ", w.clauseLink(v.clause)));
    });
    return ol;
  }

  // answers is "check your answers" (the GOV.UK pattern): every answer
  // given, as the self-check understood it, grouped by measure and by
  // item, each with a link that takes the visitor back to change it. It
  // is also what a printed copy shows of the answers.
  private answers(): HTMLElement {
    const w = this.w;
    const { p } = w;
    const list_ = (): HTMLDListElement => el("dl", { class: "summary-list" });
    const row = (dl: HTMLDListElement, input: Input, key: string) => {
      const raw = this.state.fields.get(key);
      if (raw === undefined || raw === "") return;
      const question = w.text(input.label);
      dl.append(el("div", { class: "summary-row" },
        el("dt", {}, question),
        el("dd", {}, shown(w, input, raw)),
        el("dd", { class: "summary-change" }, el("a", { href: "#" + fieldId(key) }, w.s("check_change"), el("span", { class: "visually-hidden" }, " " + question)))));
    };
    const section = el("section", { class: "answers-summary", "aria-labelledby": "summary-heading" }, el("h3", { id: "summary-heading" }, w.s("check_your_answers")));
    const gates = list_();
    for (const i of list(p.inputs)) row(gates, i, i.id);
    if (gates.childElementCount) section.append(gates);
    for (const id of this.state.selected) {
      const m = p.measures.find((x) => x.id === id) as Measure;
      const own = list_();
      for (const i of list(m.inputs)) row(own, i, fieldKey({ measure: id, input: i.id }));
      section.append(el("h4", {}, `${w.s("measure_number", m.number)} ${w.text(m.title)}`));
      if (own.childElementCount) section.append(own);
      if (!m.item) continue;
      for (let n = 1; n <= (this.state.itemCounts.get(id) || 1); n++) {
        const item = list_();
        for (const i of itemInputs(p, m)) row(item, i, fieldKey({ measure: id, item: n, input: i.id }));
        if (item.childElementCount) section.append(el("p", { class: "summary-item" }, w.s("check_item_heading", w.text(m.item.name), n)), item);
      }
    }
    return section;
  }
}

// keepEqual makes parent's children next, leaving in place each child equal
// to the one that replaces it: most answers change one measure's result, and
// the browser then lays out and paints that one again, not all of them.
function keepEqual(parent: HTMLElement, next: Node_[]): void {
  const old = Array.from(parent.childNodes);
  if (old.length !== next.length) {
    parent.replaceChildren(...next);
    return;
  }
  next.forEach((n, i) => {
    if (!old[i].isEqualNode(n)) parent.replaceChild(n, old[i]);
  });
}
