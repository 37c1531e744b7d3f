// One question of the self-check: its label, help, error and answer
// controls, and how it shows what was read from the answer. The answer is
// read by engine/profile's readField alone; this file only shows the code
// it returns in the page's words.

import * as D from "../engine/decimal";
import { amountText, readField } from "../engine/profile";
import { Input, list } from "../engine/rules";
import { Words, el, groupDigits } from "./words";

// fieldId is the id of a field's control: "f-" and the key, dots as dashes.
export function fieldId(key: string): string {
  return "f-" + key.replace(/\./g, "-");
}

// field builds the question for input under key, showing value.
export function field(w: Words, input: Input, key: string, value: string): HTMLElement {
  const id = fieldId(key);
  const errId = id + "-error";
  const helpId = id + "-help";
  const wrap = el("div", { class: "field", "data-field": key });
  const help = w.text(input.help);
  const describe = [help ? helpId : "", errId].filter(Boolean).join(" ");
  // A default is said, never pre-selected: a ticked answer the visitor did
  // not give would read as theirs.
  const defaultText = input.type === "bool" ? w.s(String(input.default) === "true" ? "check_yes" : "check_no")
    : input.type === "choice" ? w.text(list(input.options).find((o) => o.id === String(input.default))?.label) || String(input.default)
    : String(input.default);
  const defaultHint = input.default !== undefined ? w.s("check_default_hint", "“" + defaultText + "”") : "";
  const helpEl = help || defaultHint ? el("p", { class: "hint", id: helpId }, [help, defaultHint].filter(Boolean).join(" ")) : null;
  const error = el("p", { class: "field-error", id: errId });
  if (input.type === "bool" || input.type === "choice") {
    const options = input.type === "bool"
      ? [{ id: "yes", label: w.s("check_yes") }, { id: "no", label: w.s("check_no") }]
      : list(input.options).map((o) => ({ id: o.id, label: w.text(o.label) }));
    const current = value;
    const fs = el("fieldset", { class: "radios", "aria-describedby": describe }, el("legend", {}, w.text(input.label)));
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
  wrap.append(el("label", { for: id }, w.text(input.label)));
  if (helpEl) wrap.append(helpEl);
  // What an amount typed as people write it was read as: 120万 = 1,200,000.00元.
  const echo = input.type === "money" ? el("p", { class: "field-echo", id: id + "-echo" }) : null;
  wrap.append(error, box, ...(echo ? [echo] : []));
  return wrap;
}

// mark shows on the field in wrap what reading raw found: the error, if
// any (an empty required answer only once touched), and what an amount was
// read as. It reports whether the answer is good.
export function mark(w: Words, wrap: Element, input: Input, raw: string, touched: boolean): boolean {
  let { error } = readField(input, raw);
  // A date half typed into the picker has no value yet: say so in the
  // picker's terms, not as an unanswered question or a format to type.
  const picker = wrap.querySelector<HTMLInputElement>('input[type="date"]');
  if (picker && picker.validity.badInput) {
    error = "err_date_incomplete";
    touched = true;
  }
  const show = error && (error !== "err_required" || touched);
  (wrap.querySelector(".field-error") as HTMLElement).textContent = show ? w.s(error as string) : "";
  const echo = wrap.querySelector(".field-echo");
  if (echo) {
    const plain = amountText(raw);
    echo.textContent = !error && raw.trim() !== "" && plain !== raw.trim()
      ? "= " + w.s("money_single", groupDigits(D.fen(D.parse(plain)))) : "";
  }
  wrap.querySelectorAll("input").forEach((i) => {
    if (show) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
  });
  return !error;
}

// shown is an answer as the visitor would say it back: an amount to the
// fen in the page's way, yes or no, a choice's label.
// An answer that cannot be read is said back as typed.
export function shown(w: Words, input: Input, raw: string): string {
  if (raw === "" || readField(input, raw).error) return raw;
  if (input.type === "money") return w.exactAmount(D.fen(D.parse(amountText(raw))));
  if (input.type === "bool") return w.s(raw === "yes" || raw === "true" ? "check_yes" : "check_no");
  if (input.type === "choice") return w.text(list(input.options).find((o) => o.id === raw)?.label) || raw;
  return raw;
}
