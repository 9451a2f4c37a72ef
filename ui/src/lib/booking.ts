// How the appointment screens print what the core sends: a day's name, a time of day,
// minutes as hours. Presentation only: the dates, loads and flags are the core's.
import { currentLang, t } from "./i18n.svelte";
import { bpText } from "./quantity";

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

/** A show rate in basis points (the core's) as a percentage, as the printed tally shows
 *  it: 6666 → "66.66%"; "—" when nothing was booked. */
export function showRate(bp: number | null | undefined): string {
  return bp == null ? "—" : `${bpText(bp)}%`;
}

/** Monday = 0 … Sunday = 6 → "Monday" / "星期一". */
export function weekdayName(i: number): string {
  // 5 January 2026 is a Monday.
  return new Intl.DateTimeFormat(locale(), { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2026, 0, 5 + i)));
}

/** 510 → "08:30". */
export function clockOf(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** "08:30" → 510; "24:00" → 1440 (a window may run to midnight); null when unreadable. */
export function minuteOf(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/** 70 → "1 h 10 min", 25 → "25 min", in the window's language. */
export function overBy(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? t("overrun.h_min", { h, m }) : t("overrun.min", { m });
}
