// Progressive enhancement for every page. The pages work without it; with it
// the "in force" line follows the visitor's own date instead of the build's.

type Status = "pending" | "in-force" | "expired" | "repealed";

// The policy's dates are Beijing dates (UTC+8, no daylight saving), so the
// visitor's clock is read in that zone whatever their own.
export function beijingDate(now: Date): string {
  const shifted = new Date(now.getTime() + 8 * 60 * 60 * 1000);
  return shifted.toISOString().slice(0, 10);
}

// As content.Policy.StatusOn: a repeal counts from its own day, before
// anything else.
export function statusOn(day: string, from: string, until: string, repealed?: string): Status {
  if (repealed && day >= repealed) return "repealed";
  if (day < from) return "pending";
  if (day > until) return "expired";
  return "in-force";
}

function refreshStatus(el: HTMLElement, today: string): void {
  const { from, until, repealed } = el.dataset;
  if (!from || !until) return;
  const status = statusOn(today, from, until, repealed);
  const label = el.querySelector(".status-label");
  const asOf = el.querySelector(".status-as-of");
  const text = {
    "in-force": el.dataset.textInForce,
    pending: el.dataset.textPending,
    expired: el.dataset.textExpired,
    repealed: el.dataset.textRepealed,
  }[status];
  if (label && text) label.textContent = text;
  if (asOf && el.dataset.textAsOf) asOf.textContent = `${el.dataset.textAsOf} ${today}`;
  el.classList.remove("status-pending", "status-in-force", "status-expired", "status-repealed");
  el.classList.add(`status-${status}`);
}

document.querySelectorAll<HTMLElement>("p.status[data-from]").forEach((el) => {
  refreshStatus(el, beijingDate(new Date()));
});

// The list of policies: each filter link is a page of its own, so filters
// work without scripts. With them, filters apply in place and combine (a
// status and a kind together).
function enhanceFilters(root: HTMLElement): void {
  const chosen: Record<string, string> = { status: "", kind: "" };
  root.querySelectorAll<HTMLAnchorElement>('a[data-filter][aria-current="page"]').forEach((a) => {
    chosen[a.dataset.filter as string] = a.dataset.value || "";
  });
  const count = root.querySelector<HTMLElement>(".policy-count");
  const apply = (): void => {
    let shown = 0;
    root.querySelectorAll<HTMLElement>(".policy-list > li").forEach((li) => {
      const ok = (!chosen.status || li.dataset.status === chosen.status) &&
        (!chosen.kind || (li.dataset.kinds || "").split(" ").indexOf(chosen.kind) >= 0);
      li.hidden = !ok;
      if (ok) shown++;
    });
    root.querySelectorAll<HTMLAnchorElement>("a[data-filter]").forEach((a) => {
      if (chosen[a.dataset.filter as string] === (a.dataset.value || "")) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    if (count) count.textContent = shown ? (count.dataset.template || "%d").replace("%d", String(shown)) : count.dataset.none || "";
  };
  root.addEventListener("click", (e) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[data-filter]");
    if (!a) return;
    e.preventDefault();
    chosen[a.dataset.filter as string] = a.dataset.value || "";
    apply();
    history.replaceState(null, "", a.href);
  });
}

const filterRoot = document.getElementById("policy-filter");
if (filterRoot) enhanceFilters(filterRoot);

// A link to the same page in another language (the switcher, "read the
// Chinese original") keeps where the visitor is: the self-check's answers,
// the search query, the anchor, all in the fragment. The fragment is read
// when the link is followed, as the self-check keeps it up to date.
document.addEventListener("click", (e) => {
  const a = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[hreflang]");
  if (!a || !location.hash) return;
  const href = a.getAttribute("href") || "";
  if (href.startsWith("/") && !href.includes("#")) a.setAttribute("href", href + location.hash);
});
