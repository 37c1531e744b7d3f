// The self-check page: a form generated from the compiled rules, results
// computed in the browser by the same evaluator the parity tests prove equal
// to Go's, and the answers kept in the URL fragment only. Nothing is sent
// anywhere; the rules file is the page's own.

import { evaluate, ELIGIBLE, NOT_ANSWERED, MeasureResult, Result } from "./engine/evaluate";
import * as D from "./engine/decimal";
import { amountText, decode, readField } from "./engine/profile";
import { Clause, Condition, Input, Measure, Program, Step, itemInputs, itemSteps, list, tooDeep } from "./engine/rules";
import type { Node } from "./engine/expr";
import { MAX_ITEMS_SHOWN, State, fieldKey, inputFor, keyPrefix, parseFragment, parseKey, writeFragment } from "./check/fragment";

type Strings = Record<string, string>;

// ---- Small helpers ---------------------------------------------------------

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node_ | string | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(c);
  return e;
}
type Node_ = globalThis.Node;

function format(s: string, ...args: (string | number)[]): string {
  let i = 0;
  return s.replace(/%[sd]/g, () => String(args[i++]));
}

// groups digits by thousands without Intl, so that output is the same in
// every browser and in tests.
export function groupDigits(amount: string): string {
  const negative = amount.startsWith("-");
  const [whole, frac] = amount.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + grouped + (frac !== undefined ? "." + frac : "");
}

// ---- The page ------------------------------------------------------------------

class SelfCheck {
  private state: State = { fields: new Map(), selected: [], itemCounts: new Map() };
  private touched = new Set<string>();
  private form!: HTMLFormElement;
  private results!: HTMLElement;
  private notices!: HTMLElement;
  private answerFirst!: HTMLElement;
  private lastResult: Result | null = null;
  private openWorkings = new Set<string>();

  constructor(private root: HTMLElement, private p: Program, private t: Strings, private lang: string, private asOf: string) {}

  private s(key: string, ...args: (string | number)[]): string {
    const v = this.t[key];
    return v === undefined ? key : args.length ? format(v, ...args) : v;
  }

  private text(t: Record<string, string> | undefined): string {
    return (t && t[this.lang]) || "";
  }

  private clause(id: string): Clause | undefined {
    return this.p.clauses.find((c) => c.id === id);
  }

  private clauseLink(id: string): HTMLElement {
    const c = this.clause(id);
    return c ? el("a", { href: this.text(c.url), class: "clause" }, this.text(c.label)) : el("span", {}, id);
  }

  start(): void {
    const parsed = parseFragment(this.p, location.hash);
    this.state = parsed.state;
    this.state.fields.forEach((_, k) => this.touched.add(k));
    for (const id of this.state.selected) {
      if (!this.state.itemCounts.get(id)) this.state.itemCounts.set(id, 1);
    }
    this.root.replaceChildren();
    this.notices = el("div", { class: "check-notices" });
    if (parsed.version && parsed.version !== this.p.version) this.notices.append(el("p", { class: "notice", role: "status" }, this.s("check_old_version", parsed.version)));
    // Text from the link is never shown as the site's words: the notice
    // counts what was left out and quotes at most the start of the first
    // piece, marked as a quotation.
    if (parsed.unknown.length) {
      const first = Array.from(parsed.unknown[0]);
      const excerpt = first.slice(0, 8).join("") + (first.length > 8 ? "…" : "");
      this.notices.append(el("p", { class: "notice", role: "status" }, this.s("check_bad_fragment", String(parsed.unknown.length)), " ",
        el("code", { class: "link-excerpt" }, excerpt)));
    }
    this.form = el("form", { class: "check-form", novalidate: "" });
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.form.addEventListener("input", (e) => this.onInput(e.target as HTMLInputElement));
    this.form.addEventListener("change", (e) => this.onInput(e.target as HTMLInputElement));
    this.form.addEventListener("focusout", (e) => this.onBlur(e.target as HTMLInputElement));
    this.form.addEventListener("click", (e) => this.onClick(e));
    this.form.append(el("div", { class: "error-summary", id: "error-summary", role: "alert", tabindex: "-1" }), this.gatesSection(), this.measuresSection());
    this.results = el("section", { class: "check-results", "aria-labelledby": "results-heading" });
    // The results are read where they stand; what changes is announced by
    // the summary, in a sentence.
    const live = el("div", { id: "results-live" });
    this.answerFirst = el("div", { class: "check-summary", id: "check-summary", role: "status" });
    this.results.append(el("h2", { id: "results-heading" }, this.s("check_step_results")), live);
    const actions = el("p", { class: "check-actions" },
      el("button", { type: "button", class: "button secondary", id: "print" }, this.s("check_print")), " ",
      el("button", { type: "button", class: "button secondary", id: "start-again" }, this.s("check_start_again")));
    actions.addEventListener("click", (e) => {
      const id = (e.target as HTMLElement).id;
      if (id === "print") window.print();
      if (id === "start-again") this.startAgain();
    });
    // The answer first: the summary stays in view (at the foot of the
    // screen) while the visitor answers, and leads to the details.
    this.root.append(this.notices, this.form, this.answerFirst, this.results, actions);
    this.validateAll();
    this.errorSummary();
    this.update();
  }

  private startAgain(): void {
    history.replaceState(null, "", location.pathname + location.search);
    this.touched.clear();
    this.start();
    (this.form.querySelector("input") as HTMLInputElement | null)?.focus();
  }

  // ---- Building the form ----

  private gatesFor(inputId: string): Condition[] {
    const uses = (n: Node): boolean => (n.k === "var" && n.v === inputId) || list(n.a).some(uses);
    return list(this.p.gates).filter((g) => uses(g.when));
  }

  private gatesSection(): HTMLElement {
    const sec = el("section", { class: "check-part", "aria-labelledby": "part-gates" },
      el("h2", { id: "part-gates" }, this.s("check_step_gates")),
      el("p", {}, this.s("check_step_gates_lead")));
    for (const input of list(this.p.inputs)) {
      const field = this.field(input, input.id);
      for (const g of this.gatesFor(input.id)) {
        field.append(el("p", { class: "hint" }, this.s("check_gate_hint"), " ", this.text(g.explain), " · ", this.clauseLink(g.clause)));
      }
      sec.append(field);
    }
    return sec;
  }

  private measuresSection(): HTMLElement {
    const sec = el("section", { class: "check-part", "aria-labelledby": "part-measures" },
      el("h2", { id: "part-measures" }, this.s("check_step_measures")),
      el("p", {}, this.s("check_step_measures_lead")));
    for (const m of this.p.measures) {
      const chosen = this.state.selected.indexOf(m.id) >= 0;
      const box = el("input", { type: "checkbox", id: `choose-${m.id}`, "data-choose": m.id, "aria-controls": `measure-${m.id}`, "aria-expanded": String(chosen) });
      (box as HTMLInputElement).checked = chosen;
      const label = el("label", { for: `choose-${m.id}` },
        el("strong", {}, `${this.s("measure_number", m.number)} ${this.text(m.title)}`), el("br"), this.text(m.ask));
      const panel = el("div", { id: `measure-${m.id}`, class: "measure-questions" });
      if (!chosen) panel.hidden = true;
      this.fillMeasure(panel, m);
      sec.append(el("div", { class: "choice-measure" }, box, label, panel));
    }
    return sec;
  }

  private fillMeasure(panel: HTMLElement, m: Measure): void {
    panel.replaceChildren();
    for (const input of list(m.inputs)) panel.append(this.field(input, fieldKey({ measure: m.id, input: input.id })));
    if (!m.item) return;
    const name = this.text(m.item.name);
    const n = this.state.itemCounts.get(m.id) || 1;
    for (let i = 1; i <= n; i++) {
      const fs = el("fieldset", { class: "item", id: `item-${m.id}-${i}` }, el("legend", {}, this.s("check_item_heading", name, i)));
      for (const input of itemInputs(this.p, m)) fs.append(this.field(input, fieldKey({ measure: m.id, item: i, input: input.id })));
      if (n > 1) fs.append(el("button", { type: "button", class: "link-button", "data-remove": m.id, "data-item": String(i) }, this.s("check_remove_item", name, i)));
      panel.append(fs);
    }
    panel.append(el("button", { type: "button", class: "button secondary", "data-add": m.id }, this.s("check_add_item", name)));
  }

  private field(input: Input, key: string): HTMLElement {
    const id = "f-" + key.replace(/\./g, "-");
    const value = this.state.fields.get(key) ?? "";
    const errId = id + "-error";
    const helpId = id + "-help";
    const wrap = el("div", { class: "field", "data-field": key });
    const help = this.text(input.help);
    const describe = [help ? helpId : "", errId].filter(Boolean).join(" ");
    const defaultHint = input.default !== undefined && input.type !== "bool" ? this.s("check_default_hint", input.default) : "";
    const helpEl = help || defaultHint ? el("p", { class: "hint", id: helpId }, [help, defaultHint].filter(Boolean).join(" ")) : null;
    const error = el("p", { class: "field-error", id: errId });
    if (input.type === "bool" || input.type === "choice") {
      const options = input.type === "bool"
        ? [{ id: "yes", label: this.s("check_yes") }, { id: "no", label: this.s("check_no") }]
        : list(input.options).map((o) => ({ id: o.id, label: this.text(o.label) }));
      const current = input.type === "bool" && value === "" && input.default !== undefined ? (input.default === "true" ? "yes" : "no") : value;
      const fs = el("fieldset", { class: "radios", "aria-describedby": describe }, el("legend", {}, this.text(input.label)));
      if (helpEl) fs.append(helpEl);
      fs.append(error); // above the answers, as the eye meets it
      options.forEach((o, i) => {
        const rid = `${id}-${o.id}`;
        const r = el("input", { type: "radio", name: id, id: rid, value: o.id, "data-key": key });
        (r as HTMLInputElement).checked = current === o.id;
        if (i === 0) r.setAttribute("data-first", "");
        fs.append(el("div", { class: "radio" }, r, el("label", { for: rid }, o.label)));
      });
      wrap.append(fs);
      return wrap;
    }
    const attrs: Record<string, string> = { id, name: id, "data-key": key, "aria-describedby": describe, autocomplete: "off" };
    if (input.type === "date") attrs.type = "date";
    else {
      attrs.type = "text";
      // An amount may be typed as 120万 or 1,200,000: the full keyboard.
      if (input.type === "count") attrs.inputmode = "numeric";
    }
    const box = el("input", attrs) as HTMLInputElement;
    box.value = value;
    wrap.append(el("label", { for: id }, this.text(input.label)));
    if (helpEl) wrap.append(helpEl);
    // What an amount typed as people write it was read as: 120万 = 1,200,000.00元.
    const echo = input.type === "money" ? el("p", { class: "field-echo", id: id + "-echo" }) : null;
    wrap.append(error, box, ...(echo ? [echo] : []));
    return wrap;
  }

  // ---- Reacting ----

  private inputFor(key: string): Input | undefined {
    return inputFor(this.p, key);
  }

  private onInput(target: HTMLInputElement): void {
    const choose = target.getAttribute("data-choose");
    if (choose) {
      const panel = document.getElementById(`measure-${choose}`) as HTMLElement;
      target.setAttribute("aria-expanded", String(target.checked));
      panel.hidden = !target.checked;
      const set = new Set(this.state.selected);
      if (target.checked) set.add(choose); else set.delete(choose);
      this.state.selected = this.p.measures.filter((m) => set.has(m.id)).map((m) => m.id);
      this.save();
      return;
    }
    const key = target.getAttribute("data-key");
    if (!key) return;
    if (target.type === "radio" && !target.checked) return;
    this.state.fields.set(key, target.value);
    if (target.value.trim() !== "") this.touched.add(key);
    this.validate(key);
    this.save();
  }

  private onBlur(target: HTMLInputElement): void {
    const key = target.getAttribute("data-key");
    if (key && target.type !== "radio" && (this.state.fields.get(key) || "") !== "") {
      this.touched.add(key);
      this.validate(key);
      this.errorSummary();
    }
  }

  private onClick(e: Event): void {
    const b = e.target as HTMLElement;
    const add = b.getAttribute("data-add");
    const remove = b.getAttribute("data-remove");
    if (!add && !remove) return;
    const mid = (add || remove) as string;
    const m = this.p.measures.find((x) => x.id === mid);
    if (!m) return;
    const n = this.state.itemCounts.get(mid) || 1;
    if (add) {
      this.state.itemCounts.set(mid, Math.min(n + 1, MAX_ITEMS_SHOWN));
    } else {
      const gone = +(b.getAttribute("data-item") as string);
      // Shift the later items down by one.
      const next = new Map<string, string>();
      this.state.fields.forEach((v, key) => {
        const k = parseKey(key);
        if (!k || k.measure !== mid || k.item === undefined) { next.set(key, v); return; }
        if (k.item < gone) next.set(key, v);
        else if (k.item > gone) next.set(fieldKey({ ...k, item: k.item - 1 }), v);
      });
      this.state.fields = next;
      this.state.itemCounts.set(mid, Math.max(1, n - 1));
    }
    const panel = document.getElementById(`measure-${mid}`) as HTMLElement;
    this.fillMeasure(panel, m);
    this.validateAll();
    const focusItem = add ? this.state.itemCounts.get(mid) : Math.max(1, +(b.getAttribute("data-item") as string) - 1);
    const target = document.getElementById(`item-${mid}-${focusItem}`)?.querySelector("input") as HTMLInputElement | null;
    target?.focus();
    this.save();
  }

  private validate(key: string): boolean {
    const input = this.inputFor(key);
    const wrap = this.form.querySelector(`[data-field="${CSS.escape(key)}"]`);
    if (!input || !wrap) return true;
    const { error } = readField(input, this.state.fields.get(key) || "");
    const show = error && (error !== "err_required" || this.touched.has(key));
    const msg = wrap.querySelector(".field-error") as HTMLElement;
    msg.textContent = show ? this.s(error as string) : "";
    const echo = wrap.querySelector(".field-echo");
    if (echo) {
      const raw = this.state.fields.get(key) || "";
      const plain = amountText(raw);
      echo.textContent = !error && raw.trim() !== "" && plain !== raw.trim()
        ? "= " + this.s("money_single", groupDigits(D.fen(D.parse(plain)))) : "";
    }
    wrap.querySelectorAll("input").forEach((i) => {
      if (show) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
    });
    return !error;
  }

  private validateAll(): void {
    this.form.querySelectorAll("[data-field]").forEach((w) => this.validate(w.getAttribute("data-field") as string));
  }

  // errorSummary lists, at the top of the form, every answer marked wrong,
  // each a link to its field (the GOV.UK pattern); it is empty when none is.
  private errorSummary(): void {
    const box = this.root.querySelector("#error-summary") as HTMLElement | null;
    if (!box) return;
    const items: Node_[] = [];
    this.form.querySelectorAll(".field-error").forEach((e) => {
      if (!e.textContent) return;
      const field = e.closest("[data-field]") as HTMLElement;
      const target = field.querySelector("input");
      const label = field.querySelector("label, legend");
      items.push(el("li", {}, el("a", { href: "#" + (target ? target.id : "") }, (label ? label.textContent + (this.lang === "zh" ? "：" : ": ") : "") + e.textContent)));
    });
    if (items.length === 0) { box.replaceChildren(); return; }
    box.replaceChildren(el("h2", {}, this.s("check_error_summary")), el("ul", {}, ...items));
  }

  private save(): void {
    history.replaceState(null, "", location.pathname + location.search + writeFragment(this.p, this.state));
    this.errorSummary();
    this.update();
  }

  // ---- Answers to a profile ----

  private answersOf(inputs: Input[], prefix: string): { raw: Record<string, unknown>; ok: boolean } {
    const raw: Record<string, unknown> = {};
    let ok = true;
    for (const input of inputs) {
      const { value, error } = readField(input, this.state.fields.get(prefix + input.id) || "");
      if (error) ok = false;
      else if (value !== undefined) raw[input.id] = value;
    }
    return { raw, ok };
  }

  private update(): void {
    const live = this.results.querySelector("#results-live") as HTMLElement;
    // "How it is worked out" stays open for the measures it was open for,
    // also across an answer that hides a measure's result for a moment.
    const open = this.openWorkings;
    live.querySelectorAll("details").forEach((d) => { const m = d.getAttribute("data-for") || ""; if (d.open) open.add(m); else open.delete(m); });
    try {
      live.replaceChildren(...this.resultNodes());
    } catch (e) {
      live.replaceChildren(el("p", { class: "notice error", role: "alert" }, this.s("check_broken")));
    }
    live.querySelectorAll("details").forEach((d) => { if (open.has(d.getAttribute("data-for"))) d.setAttribute("open", ""); });
    const said = this.summaryText();
    if (this.answerFirst.dataset.said !== said) {
      this.answerFirst.dataset.said = said;
      this.answerFirst.replaceChildren(el("p", {}, said, " ", el("a", { href: "#results-heading" }, this.s("check_summary_details"))));
    }
  }

  // summaryText says the result in a sentence: how many measures may fit,
  // the cash support in round figures (万元 in Chinese), the non-cash apart;
  // or what to answer first.
  private summaryText(): string {
    const r = this.lastResult;
    if (!r) {
      const msg = this.results.querySelector("#results-message");
      return msg ? msg.textContent || "" : "";
    }
    const fit = r.measures.filter((m) => m.status === ELIGIBLE);
    if (fit.length === 0) return this.s("check_summary_none");
    let text = this.s("check_summary", fit.length, this.rough(r.cash.low, r.cash.high));
    if (r.non_cash.length) text += this.s("check_summary_non_cash", r.non_cash.length);
    return text;
  }

  // rough writes an amount, or a range, in round figures: 94.9万元 in
  // Chinese, CNY 949,000 in English; the exact figures are in the details.
  private rough(low: string, high: string): string {
    const wan = this.lang === "zh";
    const round = (a: string): string => {
      const fen = BigInt(a.replace(".", ""));
      if (wan) {
        const tenths = (fen + 50000n) / 100000n; // 0.1万 = 1,000元 = 100,000分
        const s = (tenths / 10n).toString() + (tenths % 10n === 0n ? "" : "." + (tenths % 10n).toString());
        return s;
      }
      return groupDigits(((fen + 50n) / 100n).toString());
    };
    return low === high ? this.s("check_rough_single", round(low)) : this.s("check_rough_range", round(low), round(high));
  }

  private resultNodes(): Node_[] {
    this.lastResult = null;
    const gates = this.answersOf(list(this.p.inputs), "");
    if (!gates.ok) {
      const anyBad = list(this.p.inputs).some((i) => {
        const raw = this.state.fields.get(i.id) || "";
        return raw !== "" && readField(i, raw).error;
      });
      return [el("p", { class: "notice", id: "results-message" }, this.s(anyBad ? "check_fix_gates" : "check_answer_gates"))];
    }
    if (this.state.selected.length === 0) return [el("p", { class: "notice", id: "results-message" }, this.s("check_no_measures"))];
    const measures: Record<string, unknown> = {};
    const toFix: string[] = [];
    for (const id of this.state.selected) {
      const m = this.p.measures.find((x) => x.id === id) as Measure;
      const own = this.answersOf(list(m.inputs), keyPrefix(id));
      let ok = own.ok;
      const entry: Record<string, unknown> = { answers: own.raw };
      if (m.item) {
        const items: unknown[] = [];
        for (let i = 1; i <= (this.state.itemCounts.get(id) || 1); i++) {
          const it = this.answersOf(itemInputs(this.p, m), keyPrefix(id, i));
          ok = ok && it.ok;
          items.push(it.raw);
        }
        entry.items = items;
      }
      if (ok) measures[id] = entry; else toFix.push(id);
    }
    const result = evaluate(this.p, decode(this.p, { policy: this.p.policy, answers: gates.raw, measures }));
    this.lastResult = result;
    return this.render(result, toFix);
  }

  // entered lists, for a condition, what the visitor answered to each input
  // it reads: "；您填写的「年交易金额」：64万元", the label a link to the field.
  private entered(when: Node, inputs: Input[], prefix: string): Node_[] {
    const names = new Set<string>();
    const walk = (n: Node): void => {
      if (n.k === "var" && n.v) names.add(n.v);
      for (const a of n.a || []) walk(a);
    };
    walk(when);
    const out: Node_[] = [];
    for (const input of inputs) {
      if (!names.has(input.id)) continue;
      const key = prefix + input.id;
      const raw = this.state.fields.get(key) || "";
      let shown = raw;
      if (raw === "") shown = input.default !== undefined ? String(input.default) : "";
      if (input.type === "money" && shown !== "") shown = this.exactAmount(D.fen(D.parse(amountText(shown))));
      else if (input.type === "bool") shown = this.s(shown === "yes" || shown === "true" ? "check_yes" : "check_no");
      else if (input.type === "choice") shown = this.text(list(input.options).find((o) => o.id === shown)?.label) || shown;
      const label = this.text(input.label).replace(/[？?]$/, "");
      out.push(this.s("check_you_entered_before"), el("a", { href: "#f-" + key.replace(/\./g, "-") }, label), this.s("check_you_entered_after", shown));
    }
    return out;
  }

  // exactAmount writes an amount to the fen as the visitor's language says
  // amounts: 64万元, 99.999999万元, 999.99元; CNY 640,000.00.
  private exactAmount(a: string): string {
    const fen = BigInt(a.replace(".", ""));
    if (this.lang !== "zh" || fen < 1000000n) return this.s("money_single", groupDigits(a));
    const rest = (fen % 1000000n).toString().padStart(6, "0").replace(/0+$/, ""); // 1万元 = 1,000,000分
    return (fen / 1000000n).toString() + (rest ? "." + rest : "") + "万元";
  }

  // ---- Rendering a result ----

  private amount(low: string, high: string, upTo: boolean): string {
    const single = low === high;
    const text = single ? this.s("money_single", groupDigits(low)) : this.s("money_range", groupDigits(low), groupDigits(high));
    return upTo && single ? this.s("check_up_to", text) : text;
  }

  private flagLabels(ids: string[]): string[] {
    return ids.map((id) => this.text(list(this.p.flags).find((f) => f.id === id)?.label));
  }

  private render(r: Result, toFix: string[]): Node_[] {
    const out: Node_[] = [];
    const total = el("p", { class: "result-total", id: "cash-total", "data-low": r.cash.low, "data-high": r.cash.high },
      el("strong", {}, this.s("result_cash_total") + " "), this.amount(r.cash.low, r.cash.high, false));
    out.push(total);
    if (!r.eligible) {
      const failed = el("ul", { class: "failed" });
      r.gates.forEach((g, i) => {
        if (!g.passed) failed.append(el("li", {}, this.text(list(this.p.gates)[i].explain), " · ", this.clauseLink(g.clause)));
      });
      out.push(el("div", { class: "notice error", id: "gates-failed" }, el("p", {}, this.s("result_gates_failed")), failed));
    }
    for (const mr of r.measures) {
      const m = this.p.measures.find((x) => x.id === mr.id) as Measure;
      if (toFix.indexOf(m.id) >= 0) {
        const marked = this.form.querySelector(`[id^="measure-${CSS.escape(m.id)}"] [aria-invalid="true"]`) !== null;
        out.push(el("article", { class: "result-measure", "data-measure": m.id, "data-status": "incomplete" },
          el("h3", {}, `${this.s("measure_number", m.number)} ${this.text(m.title)}`),
          el("p", { class: "notice" }, this.s(marked ? "check_fix_measure" : "check_answer_measure"))));
        continue;
      }
      if (mr.status === NOT_ANSWERED) continue;
      out.push(this.renderMeasure(m, mr));
    }
    if (r.non_cash.length) {
      const ul = el("ul", {});
      for (const n of r.non_cash) {
        const m = this.p.measures.find((x) => x.id === n.measure) as Measure;
        const label = this.s("measure_number", m.number) + (n.item >= 0 ? " " + this.s("result_item", n.item + 1) : "");
        ul.append(el("li", { "data-non-cash": n.measure, "data-low": n.low, "data-high": n.high }, `${label}: ${this.amount(n.low, n.high, m.kind === "non-cash")}`));
      }
      out.push(el("section", { class: "non-cash", "aria-labelledby": "non-cash-heading" }, el("h3", { id: "non-cash-heading" }, this.s("result_non_cash")), ul));
    }
    const notes = el("ul", {});
    for (const n of list(this.p.notes)) notes.append(el("li", {}, this.text(n.text), " · ", this.clauseLink(n.clause)));
    out.push(el("section", { class: "notes", "aria-labelledby": "notes-heading" }, el("h3", { id: "notes-heading" }, this.s("result_notes")), notes));
    out.push(el("p", { class: "as-of" }, this.s("check_as_of", this.p.version, this.asOf)));
    out.push(this.summary());
    return out;
  }

  private renderMeasure(m: Measure, mr: MeasureResult): HTMLElement {
    // A flag the rules declare a maximum makes the figure "up to" it.
    const upTo = list(this.p.flags).some((f) => f.maximum && mr.flags.indexOf(f.id) >= 0);
    const art = el("article", { class: "result-measure", "data-measure": m.id, "data-status": mr.status, "data-low": mr.low, "data-high": mr.high },
      el("h3", {}, `${this.s("measure_number", m.number)} ${this.text(m.title)}`));
    if (mr.status === ELIGIBLE) {
      art.append(el("p", { class: "result-amount" }, el("strong", {}, this.amount(mr.low, mr.high, upTo))));
      const flags = this.flagLabels(mr.flags);
      if (flags.length) art.append(el("p", { class: "result-flags" }, flags.join(" · ")));
    } else {
      art.append(el("p", { class: "result-amount" }, el("strong", {}, this.s("result_status_" + mr.status))));
    }
    // Why not, in the visitor's words: the condition, then what they
    // entered for each answer it reads, each linked back to its field.
    const why = el("ul", { class: "failed" });
    // A gate that fails stops every measure: each card says which.
    this.lastResult?.gates.forEach((g, i) => {
      const gate = list(this.p.gates)[i];
      if (!g.passed && gate) why.append(el("li", {}, this.s("check_unmet"), this.text(gate.explain), ...this.entered(gate.when, list(this.p.inputs), ""), " · ", this.clauseLink(g.clause)));
    });
    mr.conditions.forEach((c, i) => {
      const cond = list(m.conditions)[i];
      if (!c.passed) why.append(el("li", {}, this.s("check_unmet"), this.text(cond.explain), ...this.entered(cond.when, list(m.inputs), keyPrefix(m.id)), " · ", this.clauseLink(c.clause)));
    });
    mr.items.forEach((it, j) => {
      it.conditions.forEach((c, i) => {
        if (c.passed || !m.item) return;
        const cond = list(m.item.conditions)[i];
        why.append(el("li", {}, `${this.s("check_item_heading", this.text(m.item.name), j + 1)}: `, this.s("check_unmet"), this.text(cond.explain),
          ...this.entered(cond.when, itemInputs(this.p, m), keyPrefix(m.id, j + 1)), " · ", this.clauseLink(c.clause)));
      });
    });
    if (why.childElementCount) art.append(el("h4", {}, this.s(mr.status === ELIGIBLE ? "check_not_counted" : "check_why_not")), why);
    if (mr.status === ELIGIBLE) {
      const steps = el("div", { class: "steps" });
      mr.items.forEach((it, j) => {
        if (!m.item) return;
        const head = `${this.s("check_item_heading", this.text(m.item.name), j + 1)}: ` +
          (it.status === ELIGIBLE ? this.amount(it.low, it.high, false) : this.s("result_status_" + it.status));
        steps.append(el("p", { class: "item-head" }, head));
        if (it.status === ELIGIBLE) steps.append(this.stepList(itemSteps(this.p, m), it.steps));
      });
      if (mr.steps.length) steps.append(this.stepList(list(m.steps), mr.steps));
      art.append(el("details", { "data-for": m.id }, el("summary", {}, this.s("check_steps")), steps));
    }
    const page = this.clause(`measure-${m.number}`);
    if (page) art.append(el("p", {}, el("a", { href: this.text(page.url) }, this.s("check_read_measure"))));
    return art;
  }

  private stepList(defs: Step[], values: { id: string; clause: string; low: string; high: string }[]): HTMLElement {
    const ol = el("ol", { class: "step-list" });
    values.forEach((v, i) => {
      ol.append(el("li", {}, this.text(defs[i].explain), ": ", el("strong", {}, this.amount(v.low, v.high, false)), " · ", this.clauseLink(v.clause)));
    });
    return ol;
  }

  // The answers, for the printed summary.
  private summary(): HTMLElement {
    const dl = el("dl", {});
    const add = (input: Input, key: string) => {
      const raw = this.state.fields.get(key);
      if (raw === undefined || raw === "") return;
      let shown = raw;
      if (input.type === "bool") shown = this.s(raw === "yes" ? "check_yes" : "check_no");
      if (input.type === "choice") shown = this.text(list(input.options).find((o) => o.id === raw)?.label) || raw;
      dl.append(el("dt", {}, this.text(input.label)), el("dd", {}, shown));
    };
    for (const i of list(this.p.inputs)) add(i, i.id);
    for (const id of this.state.selected) {
      const m = this.p.measures.find((x) => x.id === id) as Measure;
      dl.append(el("dt", { class: "summary-measure" }, `${this.s("measure_number", m.number)} ${this.text(m.title)}`), el("dd", {}, this.text(m.ask)));
      for (const i of list(m.inputs)) add(i, fieldKey({ measure: id, input: i.id }));
      for (let n = 1; n <= (this.state.itemCounts.get(id) || 1); n++) for (const i of itemInputs(this.p, m)) add(i, fieldKey({ measure: id, item: n, input: i.id }));
    }
    return el("section", { class: "answers-summary print-only", "aria-labelledby": "summary-heading" }, el("h3", { id: "summary-heading" }, this.s("check_your_answers")), dl);
  }
}

async function main(): Promise<void> {
  const root = document.getElementById("check-app");
  const stringsEl = document.getElementById("check-strings");
  if (!root || !stringsEl) return;
  const t = JSON.parse(stringsEl.textContent || "{}") as Strings;
  const lang = root.getAttribute("data-lang") || "zh";
  root.replaceChildren(el("p", { class: "notice" }, t.check_loading || ""));
  let p: Program;
  try {
    const res = await fetch(root.getAttribute("data-rules") as string, { credentials: "same-origin" });
    if (!res.ok) throw new Error(String(res.status));
    p = (await res.json()) as Program;
    if (tooDeep(p)) throw new Error("rules nested too deep");
  } catch (e) {
    root.replaceChildren(el("p", { class: "notice error", role: "alert" }, t.check_load_failed || ""));
    return;
  }
  const app = new SelfCheck(root, p, t, lang, root.getAttribute("data-as-of") || "");
  app.start();
  window.addEventListener("hashchange", () => app.start());
  // A printed summary shows how every figure is worked out: open the
  // collapsed steps for printing, and close again those that were closed.
  let opened: HTMLDetailsElement[] = [];
  window.addEventListener("beforeprint", () => {
    opened = Array.from(root.querySelectorAll("details:not([open])")) as HTMLDetailsElement[];
    opened.forEach((d) => (d.open = true));
  });
  window.addEventListener("afterprint", () => opened.forEach((d) => (d.open = false)));
}

main();
