// The self-check's form: the questions every company answers (the gates),
// then a panel of questions per measure chosen, with items added and
// removed; the answers go into the shared state, each field says what is
// wrong with it, and an error summary at the top links to each (the GOV.UK
// pattern). changed is called after every answer.

import { Condition, Measure, itemInputs, list } from "../engine/rules";
import type { Node } from "../engine/expr";
import { MAX_ITEMS_SHOWN, State, fieldKey, inputFor, parseKey } from "./fragment";
import { field, mark } from "./fields";
import { Node_, Words, el } from "./words";

export class Form {
  readonly form: HTMLFormElement;

  constructor(private w: Words, private state: State, private touched: Set<string>, private changed: () => void) {
    this.form = el("form", { class: "check-form", novalidate: "" });
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.form.addEventListener("input", (e) => this.onInput(e.target as HTMLInputElement));
    this.form.addEventListener("change", (e) => this.onInput(e.target as HTMLInputElement));
    this.form.addEventListener("focusout", (e) => this.onBlur(e.target as HTMLInputElement));
    this.form.addEventListener("click", (e) => this.onClick(e));
    this.form.append(el("div", { class: "error-summary", id: "error-summary", role: "alert", tabindex: "-1" }), this.gatesSection(), this.measuresSection());
    this.validateAll();
  }

  // marked says whether a field of measure id shows an error.
  marked(id: string): boolean {
    return this.form.querySelector(`[id^="measure-${CSS.escape(id)}"] [aria-invalid="true"]`) !== null;
  }

  private gatesFor(inputId: string): Condition[] {
    const uses = (n: Node): boolean => (n.k === "var" && n.v === inputId) || list(n.a).some(uses);
    return list(this.w.p.gates).filter((g) => uses(g.when));
  }

  private field(key: string): HTMLElement {
    return field(this.w, inputFor(this.w.p, key)!, key, this.state.fields.get(key) ?? "");
  }

  private gatesSection(): HTMLElement {
    const w = this.w;
    const sec = el("section", { class: "check-part", "aria-labelledby": "part-gates" },
      el("h2", { id: "part-gates" }, w.s("check_step_gates")),
      el("p", {}, w.s("check_step_gates_lead")));
    for (const input of list(w.p.inputs)) {
      const f = this.field(input.id);
      for (const g of this.gatesFor(input.id)) {
        f.append(el("p", { class: "hint" }, w.s("check_gate_hint"), " ", w.text(g.explain), " · ", w.clauseLink(g.clause)));
      }
      sec.append(f);
    }
    return sec;
  }

  private measuresSection(): HTMLElement {
    const w = this.w;
    const sec = el("section", { class: "check-part", "aria-labelledby": "part-measures" },
      el("h2", { id: "part-measures" }, w.s("check_step_measures")),
      el("p", {}, w.s("check_step_measures_lead")));
    for (const m of w.p.measures) {
      const chosen = this.state.selected.indexOf(m.id) >= 0;
      const box = el("input", { type: "checkbox", id: `choose-${m.id}`, "data-choose": m.id, "aria-controls": `measure-${m.id}`, "aria-expanded": String(chosen) });
      (box as HTMLInputElement).checked = chosen;
      const label = el("label", { for: `choose-${m.id}` },
        el("strong", {}, `${w.s("measure_number", m.number)} ${w.text(m.title)}`), el("br"), w.text(m.ask));
      const panel = el("div", { id: `measure-${m.id}`, class: "measure-questions" });
      if (!chosen) panel.hidden = true;
      this.fillMeasure(panel, m);
      sec.append(el("div", { class: "choice-measure" }, box, label, panel));
    }
    return sec;
  }

  private fillMeasure(panel: HTMLElement, m: Measure): void {
    const w = this.w;
    panel.replaceChildren();
    for (const input of list(m.inputs)) panel.append(this.field(fieldKey({ measure: m.id, input: input.id })));
    if (!m.item) return;
    const name = w.text(m.item.name);
    const n = this.state.itemCounts.get(m.id) || 1;
    for (let i = 1; i <= n; i++) {
      const fs = el("fieldset", { class: "item", id: `item-${m.id}-${i}` }, el("legend", {}, w.s("check_item_heading", name, i)));
      for (const input of itemInputs(w.p, m)) fs.append(this.field(fieldKey({ measure: m.id, item: i, input: input.id })));
      if (n > 1) fs.append(el("button", { type: "button", class: "link-button", "data-remove": m.id, "data-item": String(i) }, w.s("check_remove_item", name, i)));
      panel.append(fs);
    }
    panel.append(el("button", { type: "button", class: "button secondary", "data-add": m.id }, w.s("check_add_item", name)));
  }

  private onInput(target: HTMLInputElement): void {
    const choose = target.getAttribute("data-choose");
    if (choose) {
      const panel = document.getElementById(`measure-${choose}`) as HTMLElement;
      target.setAttribute("aria-expanded", String(target.checked));
      panel.hidden = !target.checked;
      const set = new Set(this.state.selected);
      if (target.checked) set.add(choose); else set.delete(choose);
      this.state.selected = this.w.p.measures.filter((m) => set.has(m.id)).map((m) => m.id);
      this.changed();
      return;
    }
    const key = target.getAttribute("data-key");
    if (!key) return;
    if (target.type === "radio" && !target.checked) return;
    this.state.fields.set(key, target.value);
    if (target.value.trim() !== "") this.touched.add(key);
    this.validate(key);
    this.changed();
  }

  private onBlur(target: HTMLInputElement): void {
    const key = target.getAttribute("data-key");
    if (key && target.type !== "radio" && ((this.state.fields.get(key) || "") !== "" || target.validity.badInput)) {
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
    const m = this.w.p.measures.find((x) => x.id === mid);
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
    this.changed();
  }

  private validate(key: string): void {
    const input = inputFor(this.w.p, key);
    const wrap = this.form.querySelector(`[data-field="${CSS.escape(key)}"]`);
    if (input && wrap) mark(this.w, wrap, input, this.state.fields.get(key) || "", this.touched.has(key));
  }

  private validateAll(): void {
    this.form.querySelectorAll("[data-field]").forEach((wrap) => this.validate(wrap.getAttribute("data-field") as string));
  }

  // errorSummary lists, at the top of the form, every answer marked wrong,
  // each a link to its field; it is empty when none is.
  errorSummary(): void {
    const box = this.form.querySelector("#error-summary") as HTMLElement;
    const items: Node_[] = [];
    this.form.querySelectorAll(".field-error").forEach((e) => {
      if (!e.textContent) return;
      const f = e.closest("[data-field]") as HTMLElement;
      const target = f.querySelector("input");
      const label = f.querySelector("label, legend");
      items.push(el("li", {}, el("a", { href: "#" + (target ? target.id : "") }, (label ? label.textContent + this.w.colon() : "") + e.textContent)));
    });
    if (items.length === 0) { box.replaceChildren(); return; }
    box.replaceChildren(el("h2", {}, this.w.s("check_error_summary")), el("ul", {}, ...items));
  }
}
