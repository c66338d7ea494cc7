// Numbers, dates and plurals in the page's language, never the browser's: a Russian page
// in an English browser still says "12 345", "1 мар. 2025 г." and "5 клиентов". It imports
// nothing, so the strings files can use it as well as the screens (through i18n.js).

/** One locale per language, everywhere: "en" is American English (Mar 1, 2025; 12,345). */
const LOCALES = { ru: "ru-RU", en: "en-US" };
export const locale = (lang) => LOCALES[lang] ?? LOCALES.en;

// A formatter is slow to build and a list draws hundreds of figures: one per kind is kept.
const made = new Map();
function formatter(Kind, lang, options = {}) {
  const key = `${Kind.name}|${lang}|${JSON.stringify(options)}`;
  if (!made.has(key)) made.set(key, new Kind(locale(lang), options));
  return made.get(key);
}

const missing = (n) => n === null || n === undefined || Number.isNaN(Number(n));

/** "12 345" / "12,345"; a figure that is not there reads as a dash. */
export const formatNumber = (lang, n, options) => (missing(n) ? "—" : formatter(Intl.NumberFormat, lang, options).format(n));

/** A share (0.25) as a whole per cent: "25 %" / "25%". */
export const formatPercent = (lang, share) => (missing(share) ? "—" : formatter(Intl.NumberFormat, lang, { style: "percent", maximumFractionDigits: 0 }).format(share));

/** A moment, in the device's time zone: "1 мар. 2025 г., 10:00" / "Mar 1, 2025, 10:00 AM". */
export const formatDateTime = (lang, date) => formatter(Intl.DateTimeFormat, lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(date));

/**
 * A calendar day — "2025-03-01", or `{ day, month, year? }` as the engine keeps a
 * birthday — said as one: "1 мар. 2025 г." / "Mar 1, 2025", "1 марта" / "March 1" with no
 * year. Read in UTC, so no time zone moves it to the day before.
 */
export function formatDay(lang, day) {
  const [year, month, date] = typeof day === "string" ? day.slice(0, 10).split("-").map(Number) : [day?.year, day?.month, day?.day];
  // A birthday with no year is drawn in a leap year, so 29 February stays itself.
  const at = new Date(Date.UTC(year ?? 2000, (month ?? NaN) - 1, date ?? NaN));
  if (Number.isNaN(at.getTime())) return typeof day === "string" ? day : "—";
  const options = year ? { dateStyle: "medium", timeZone: "UTC" } : { day: "numeric", month: "long", timeZone: "UTC" };
  return formatter(Intl.DateTimeFormat, lang, options).format(at);
}

/** A month as the engine names it ("2026-03"), as a heading: "Март 2026 г." / "March 2026"
 * (Russian writes month names in lower case, but a heading starts with a capital). */
export function formatMonth(lang, key) {
  const [year, month] = String(key).split("-").map(Number);
  if (!year || !month) return String(key);
  const name = formatter(Intl.DateTimeFormat, lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, 1)));
  return name.charAt(0).toLocaleUpperCase(locale(lang)) + name.slice(1);
}

/** A day counted from today: "сегодня", "завтра", "через 3 дня" / "today", "in 3 days". */
export const relativeDay = (lang, days) => formatter(Intl.RelativeTimeFormat, lang, { numeric: "auto" }).format(days, "day");

/**
 * `n` with the words that agree with it, by the language's plural rules: `forms` holds a
 * phrase per category ("one", "few", "many", "other"), `#` standing for the number.
 * Russian needs three: 1 клиент, 2 клиента, 5 клиентов, 21 клиент; English two.
 */
export function plural(lang, n, forms) {
  const category = formatter(Intl.PluralRules, lang).select(Number(n));
  const form = forms[category] ?? forms.other ?? forms.many;
  return form.replaceAll("#", formatNumber(lang, n));
}

