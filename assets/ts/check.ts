// The self-check page: a form generated from the compiled rules, results
// computed in the browser by the same evaluator the parity tests prove equal
// to Go's, and the answers kept in the URL fragment only. Nothing is sent
// anywhere; the rules file is the page's own. This file puts the parts
// together: check/form.ts asks, check/results.ts answers, check/fragment.ts
// keeps the answers in the address, check/words.ts says it all.

import { ELIGIBLE, NOT_ANSWERED } from "./engine/evaluate";
import { Measure, Program, tooDeep } from "./engine/rules";
import { State, parseFragment, writeFragment } from "./check/fragment";
import { Form } from "./check/form";
import { Results, evaluateAnswers } from "./check/results";
import { Strings, Words, el } from "./check/words";

class SelfCheck {
  private w: Words;
  private state: State = { fields: new Map(), selected: [], itemCounts: new Map() };
  private touched = new Set<string>();
  private form!: Form;
  private results!: Results;
  private answerFirst!: HTMLElement;
  private addressTimer = 0;

  constructor(private root: HTMLElement, private p: Program, t: Strings, lang: string, private asOf: string) {
    this.w = new Words(p, t, lang);
  }

  start(): void {
    window.clearTimeout(this.addressTimer);
    const w = this.w;
    const parsed = parseFragment(this.p, location.hash);
    this.state = parsed.state;
    this.touched.clear();
    this.state.fields.forEach((_, k) => this.touched.add(k));
    for (const id of this.state.selected) {
      if (!this.state.itemCounts.get(id)) this.state.itemCounts.set(id, 1);
    }
    const notices = el("div", { class: "check-notices" });
    if (parsed.version && parsed.version !== this.p.version) notices.append(el("p", { class: "notice", role: "status" }, w.s("check_old_version", parsed.version)));
    // Arriving from a measure's page ("estimate this measure"), the
    // visitor is told which measure is chosen and what comes first.
    if (this.state.fields.size === 0 && this.state.selected.length > 0) {
      const chosen = this.state.selected.map((id) => {
        const m = this.p.measures.find((x) => x.id === id);
        return m ? `${w.s("measure_number", m.number)} ${w.text(m.title)}` : id;
      });
      notices.append(el("p", { class: "notice", id: "check-chosen" }, w.s("check_chosen", chosen.join(w.lang === "zh" ? "、" : ", "))));
    }
    // Text from the link is never shown as the site's words: the notice
    // counts what was left out and quotes at most the start of the first
    // piece, marked as a quotation.
    if (parsed.unknown.length) {
      const first = Array.from(parsed.unknown[0]);
      const excerpt = first.slice(0, 8).join("") + (first.length > 8 ? "…" : "");
      notices.append(el("p", { class: "notice", role: "status" }, w.s("check_bad_fragment", String(parsed.unknown.length)), " ",
        el("code", { class: "link-excerpt" }, excerpt)));
    }
    this.form = new Form(w, this.state, this.touched, () => this.save());
    this.results = new Results(w, this.state, this.asOf, (id) => this.form.marked(id));
    this.answerFirst = el("div", { class: "check-summary", id: "check-summary", role: "status" });
    const actions = el("p", { class: "check-actions" },
      el("button", { type: "button", class: "button secondary", id: "print" }, w.s("check_print")), " ",
      el("button", { type: "button", class: "button secondary", id: "start-again" }, w.s("check_start_again")));
    actions.addEventListener("click", (e) => {
      const id = (e.target as HTMLElement).id;
      if (id === "print") window.print();
      if (id === "start-again") this.startAgain();
    });
    // The answer first: the summary stays in view (at the foot of the
    // screen) while the visitor answers, and leads to the details.
    this.root.replaceChildren(notices, this.form.form, this.answerFirst, this.results.section, actions);
    this.form.errorSummary();
    this.update();
    if (parsed.version && parsed.version !== this.p.version) this.compareWith(parsed.version, notices);
  }

  // compareWith shows, for a link saved under older rules, what those rules
  // and today's give for the same answers, measure by measure: the build
  // keeps the older rules published under their version.
  private async compareWith(version: string, notices: HTMLElement): Promise<void> {
    const w = this.w;
    const url = (this.root.getAttribute("data-rules") || "").replace(/rules-[0-9a-f]{16}\.json$/, `rules-${version}.json`);
    let old: Program;
    try {
      const res = await fetch(url, { credentials: "same-origin" });
      if (!res.ok) return;
      old = (await res.json()) as Program;
      if (tooDeep(old)) return;
    } catch (e) {
      return;
    }
    const was = evaluateAnswers(old, this.state);
    const now = evaluateAnswers(this.p, this.state);
    if (!was || !now) return;
    const lines: HTMLElement[] = [];
    const fig = (status: string, low: string, high: string): string =>
      status === ELIGIBLE ? w.amount(low, high, false) : w.s("result_status_" + status);
    for (const m of now.measures) {
      const o = was.measures.find((x) => x.id === m.id);
      if (!o || m.status === NOT_ANSWERED) continue;
      const a = fig(o.status, o.low, o.high), b = fig(m.status, m.low, m.high);
      if (a === b) continue;
      const def = this.p.measures.find((x) => x.id === m.id) as Measure;
      lines.push(el("li", { "data-measure": m.id, "data-was": o.low + "-" + o.high, "data-now": m.low + "-" + m.high },
        w.s("check_was_now", `${w.s("measure_number", def.number)} ${w.text(def.title)}`, a, b)));
    }
    if (was.cash.low !== now.cash.low || was.cash.high !== now.cash.high) {
      lines.push(el("li", { "data-cash": "" }, w.s("check_was_now", w.s("result_cash_total"), w.amount(was.cash.low, was.cash.high, false), w.amount(now.cash.low, now.cash.high, false))));
    }
    notices.append(el("div", { class: "notice", id: "check-changed", role: "status" },
      el("p", {}, w.s(lines.length ? "check_changed_for_you" : "check_same_for_you", version)), ...(lines.length ? [el("ul", {}, ...lines)] : [])));
  }

  private startAgain(): void {
    window.clearTimeout(this.addressTimer);
    history.replaceState(null, "", location.pathname + location.search);
    this.start();
    (this.form.form.querySelector("input") as HTMLInputElement | null)?.focus();
  }

  private save(): void {
    this.form.errorSummary();
    this.update();
    window.clearTimeout(this.addressTimer);
    this.addressTimer = window.setTimeout(() => this.writeAddress(), 400);
  }

  // writeAddress puts the answers in the address. While the visitor types,
  // it waits for a pause: a browser does work for every change of address
  // (Safari refuses more than a hundred in a few seconds), and an address
  // that changes at every key helps no one. Anything that reads or leaves
  // the address first writes it at once (see main).
  writeAddress(): void {
    window.clearTimeout(this.addressTimer);
    const here = location.pathname + location.search;
    const want = here + writeFragment(this.p, this.state);
    if (here + location.hash !== want) history.replaceState(null, "", want);
  }

  private update(): void {
    this.results.update();
    const said = this.results.summaryText();
    if (this.answerFirst.dataset.said !== said) {
      this.answerFirst.dataset.said = said;
      this.answerFirst.replaceChildren(el("p", {}, said, " ", el("a", { href: "#results-heading" }, this.w.s("check_summary_details"))));
    }
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
  // A link within the self-check (to a field from an error or a "change"
  // link, to the results from the summary) moves there without touching
  // the address: its fragment holds the answers, and a new fragment would
  // start the self-check again from nothing.
  document.addEventListener("click", (e) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[href^="#"]');
    if (!a || !root.contains(a)) return;
    const id = decodeURIComponent(a.hash.slice(1));
    // A yes/no or a choice has no control of the field's own id: its
    // chosen answer, or else its first, stands for it.
    const options = `input[id^="${CSS.escape(id)}-"]`;
    const target = document.getElementById(id) || root.querySelector<HTMLElement>(options + ":checked") || root.querySelector<HTMLElement>(options);
    if (!target) return;
    e.preventDefault();
    target.scrollIntoView({ block: "center" });
    if (!target.matches("input, select, textarea, button, a[href]")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  });
  window.addEventListener("hashchange", () => app.start());
  // Before a link is followed (the language switch reads the address), a
  // field is left, or the page is hidden, printed or closed, the address
  // gets the answers typed since the last pause.
  const writeNow = (): void => app.writeAddress();
  document.addEventListener("click", writeNow, true);
  root.addEventListener("focusout", writeNow);
  window.addEventListener("pagehide", writeNow);
  window.addEventListener("beforeprint", writeNow);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") writeNow();
  });
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
