// Progressive enhancement for every page. The pages work without it; with it
// the "in force" line follows the visitor's own date instead of the build's.

type Status = "pending" | "in-force" | "expired";

// The policy's dates are Beijing dates (UTC+8, no daylight saving), so the
// visitor's clock is read in that zone whatever their own.
export function beijingDate(now: Date): string {
  const shifted = new Date(now.getTime() + 8 * 60 * 60 * 1000);
  return shifted.toISOString().slice(0, 10);
}

export function statusOn(day: string, from: string, until: string): Status {
  if (day < from) return "pending";
  if (day > until) return "expired";
  return "in-force";
}

function refreshStatus(el: HTMLElement, today: string): void {
  const { from, until } = el.dataset;
  if (!from || !until) return;
  const status = statusOn(today, from, until);
  const label = el.querySelector(".status-label");
  const asOf = el.querySelector(".status-as-of");
  const text = {
    "in-force": el.dataset.textInForce,
    pending: el.dataset.textPending,
    expired: el.dataset.textExpired,
  }[status];
  if (label && text) label.textContent = text;
  if (asOf && el.dataset.textAsOf) asOf.textContent = `${el.dataset.textAsOf} ${today}`;
  el.classList.remove("status-pending", "status-in-force", "status-expired");
  el.classList.add(`status-${status}`);
}

document.querySelectorAll<HTMLElement>("p.status[data-from]").forEach((el) => {
  refreshStatus(el, beijingDate(new Date()));
});
