// How the appointment screens print what the core sends: a day's name, a time of day,
// minutes as hours. Presentation only: the dates, loads and flags are the core's.
import { currentLang, t } from "./i18n.svelte";

function locale(): string {
  const l = currentLang();
  return l === "en" ? "en-GB" : l === "zh-Hans" ? "zh-CN" : "zh-TW";
}

/** `2026-12-08` → "Tue 8 Dec" / "12月8日 周二". */
export function dayLabel(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale(), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** `2026-12-08T09:30:00` → "09:30". */
export function timeOf(iso: string): string {
  return iso.slice(11, 16);
}

/** 90 → "1.5"; whole hours without a decimal. */
export function hours(minutes: number): string {
  const h = minutes / 60;
  return Number.isInteger(h) ? String(h) : h.toFixed(1);
}

/** 70 → "1 h 10 min", 25 → "25 min", in the window's language. */
export function overBy(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? t("overrun.h_min", { h, m }) : t("overrun.min", { m });
}
