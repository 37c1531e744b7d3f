// What every part of the self-check page says and how: the page's UI
// strings, the rules' texts in the page's language, links to clauses, and
// amounts written as the visitor's language writes them. Also el, the one
// way the page makes elements (attributes and text only, never HTML).

import { Clause, Program, list } from "../engine/rules";

export type Strings = Record<string, string>;
export type Node_ = globalThis.Node;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node_ | string | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

function format(s: string, ...args: (string | number)[]): string {
  let i = 0;
  return s.replace(/%[sd]/g, () => String(args[i++]));
}

// groupDigits groups digits by thousands without Intl, so that output is
// the same in every browser and in tests.
export function groupDigits(amount: string): string {
  const negative = amount.startsWith("-");
  const [whole, frac] = amount.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + grouped + (frac !== undefined ? "." + frac : "");
}

export class Words {
  constructor(readonly p: Program, private t: Strings, readonly lang: string) {}

  // s is the UI string key, with %s and %d filled from args.
  s(key: string, ...args: (string | number)[]): string {
    const v = this.t[key];
    return v === undefined ? key : args.length ? format(v, ...args) : v;
  }

  // text is a rules text in the page's language.
  text(t: Record<string, string> | undefined): string {
    return (t && t[this.lang]) || "";
  }

  clause(id: string): Clause | undefined {
    return this.p.clauses.find((c) => c.id === id);
  }

  clauseLink(id: string): HTMLElement {
    const c = this.clause(id);
    return c ? el("a", { href: this.text(c.url), class: "clause" }, this.text(c.label)) : el("span", {}, id);
  }

  // colon ends a label before what follows it, as the language writes it.
  colon(): string {
    return this.lang === "zh" ? "：" : ": ";
  }

  amount(low: string, high: string, upTo: boolean): string {
    const single = low === high;
    const text = single ? this.s("money_single", groupDigits(low)) : this.s("money_range", groupDigits(low), groupDigits(high));
    return upTo && single ? this.s("check_up_to", text) : text;
  }

  // exactAmount writes an amount to the fen as the visitor's language says
  // amounts: 64万元, 99.999999万元, 999.99元; CNY 640,000.00.
  exactAmount(a: string): string {
    const fen = BigInt(a.replace(".", ""));
    if (this.lang !== "zh" || fen < 1000000n) return this.s("money_single", groupDigits(a));
    const rest = (fen % 1000000n).toString().padStart(6, "0").replace(/0+$/, ""); // 1万元 = 1,000,000分
    return (fen / 1000000n).toString() + (rest ? "." + rest : "") + "万元";
  }

  // rough writes an amount, or a range, in round figures: 94.9万元 in
  // Chinese, CNY 949,000 in English; the exact figures are in the details.
  rough(low: string, high: string): string {
    const round = (a: string): string => {
      const fen = BigInt(a.replace(".", ""));
      if (this.lang === "zh") {
        const tenths = (fen + 50000n) / 100000n; // 0.1万 = 1,000元 = 100,000分
        return (tenths / 10n).toString() + (tenths % 10n === 0n ? "" : "." + (tenths % 10n).toString());
      }
      return groupDigits(((fen + 50n) / 100n).toString());
    };
    return low === high ? this.s("check_rough_single", round(low)) : this.s("check_rough_range", round(low), round(high));
  }

  flagLabels(ids: string[]): string[] {
    return ids.map((id) => this.text(list(this.p.flags).find((f) => f.id === id)?.label));
  }
}
