// A new client's time zone: the device's unless the phone says where the client is (a
// country code, or a Russian city code), and always editable. The contact rules count
// hours in the client's zone, so a lead east of Moscow must not default to Moscow.

/** The zones the form offers, west to east; the device's own is added if missing. */
export const ZONES = [
  "Europe/London", "Europe/Berlin", "Europe/Kaliningrad", "Europe/Minsk", "Europe/Moscow", "Europe/Samara",
  "Asia/Yekaterinburg", "Asia/Almaty", "Asia/Omsk", "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk",
  "Asia/Shanghai", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka", "America/New_York",
];

export function deviceZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "Europe/Moscow";
  } catch {
    return "Europe/Moscow";
  }
}

/** Longest prefix first: the digits of an international number (no "+"). */
const PREFIXES = [
  ["7343", "Asia/Yekaterinburg"], ["7351", "Asia/Yekaterinburg"], ["7342", "Asia/Yekaterinburg"], ["7345", "Asia/Yekaterinburg"],
  ["7346", "Asia/Yekaterinburg"], ["7347", "Asia/Yekaterinburg"], ["7352", "Asia/Yekaterinburg"],
  ["7381", "Asia/Omsk"], ["7383", "Asia/Novosibirsk"], ["7382", "Asia/Novosibirsk"], ["7384", "Asia/Novosibirsk"],
  ["7385", "Asia/Novosibirsk"], ["7388", "Asia/Novosibirsk"], ["7391", "Asia/Krasnoyarsk"], ["7390", "Asia/Krasnoyarsk"],
  ["7394", "Asia/Krasnoyarsk"], ["7395", "Asia/Irkutsk"], ["7301", "Asia/Irkutsk"], ["7302", "Asia/Yakutsk"],
  ["7411", "Asia/Yakutsk"], ["7416", "Asia/Yakutsk"], ["7423", "Asia/Vladivostok"], ["7421", "Asia/Vladivostok"],
  ["7424", "Asia/Magadan"], ["7413", "Asia/Magadan"], ["7415", "Asia/Kamchatka"], ["7401", "Europe/Kaliningrad"],
  ["7846", "Europe/Samara"], ["7848", "Europe/Samara"], ["7841", "Europe/Samara"], ["7842", "Europe/Samara"],
  ["7495", "Europe/Moscow"], ["7499", "Europe/Moscow"], ["7812", "Europe/Moscow"],
  ["77", "Asia/Almaty"], ["375", "Europe/Minsk"], ["86", "Asia/Shanghai"], ["49", "Europe/Berlin"], ["44", "Europe/London"],
];

/** The zone a phone number points to, or null (a Russian mobile number says nothing). */
export function zoneOfPhone(text) {
  const digits = String(text ?? "").replace(/\D/g, "");
  if (digits.length < 4) return null;
  const international = digits.startsWith("8") && digits.length === 11 ? `7${digits.slice(1)}` : digits;
  return PREFIXES.find(([prefix]) => international.startsWith(prefix))?.[1] ?? null;
}

/** A zone's name as the rep reads it: the city (in `cities`, the reader's words, if
 * there) and the offset now. */
export function zoneLabel(zone, lang, cities = {}) {
  const city = cities[zone] ?? zone.split("/").pop().replace(/_/g, " ");
  try {
    const offset = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: "shortOffset" })
      .formatToParts(new Date()).find((p) => p.type === "timeZoneName")?.value;
    return offset ? `${city} (${offset})` : city;
  } catch {
    return city;
  }
}
