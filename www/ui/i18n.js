// The page's words in Russian and English. The language comes from the browser (or the
// embedder's `lang`), can be switched, and is remembered.

import { en } from "./strings-en.js";
import { ru } from "./strings-ru.js";

export const STRINGS = { en, ru };

// Every figure, date and plural the screens show goes through these, with the page's
// language (`app.lang`): never the browser's locale, which may be the other language.
export { formatDateTime, formatDay, formatMonth, formatNumber, formatPercent, locale, plural, relativeDay } from "./format.js";

/**
 * A contact rule's name (of a rule or a violation) in the reader's language while it is
 * still the name Ripen shipped it with; a name someone wrote stays as written.
 */
export const ruleName = (strings, { rule, id, name }) => {
  const key = id ?? rule;
  return en.defaultRules[key] === name ? strings.defaultRules[key] : name;
};

/**
 * A shipped pipeline's or stage's name in the reader's language while it is still the
 * name Ripen created it with (the engine names them in Russian); a renamed one stays as
 * the team wrote it.
 */
export const pipelineName = (strings, { id, name }) =>
  ru.defaultPipelines[id]?.name === name ? strings.defaultPipelines[id].name : name;
export const stageName = (strings, pipeline, { id, stage, name }) => {
  const key = id ?? stage;
  return ru.defaultPipelines[pipeline]?.stages[key] === name ? strings.defaultPipelines[pipeline].stages[key] : name;
};

/**
 * A stage's suggested next action in the reader's language while it is one Ripen shipped
 * (the engine says them in English); one the team wrote stays as written.
 */
export const stimulusText = (strings, pipeline, stage, text) => {
  const shipped = pipeline === "maturation" ? en.defaultStimuli[stage] : null;
  const at = shipped ? shipped.indexOf(text) : -1;
  return at < 0 ? text : strings.defaultStimuli[stage][at];
};

/** A refusal the page makes itself, shaped like the engine's so `describe` says it. */
export const invalid = (problem) => Object.assign(new Error(""), { kind: "validation", problem });

/** The language to start with: the embedder's, the remembered one, or the browser's. */
export function initialLanguage(asked) {
  if (asked in STRINGS) return asked;
  const remembered = globalThis.localStorage?.getItem("ripen.lang");
  if (remembered in STRINGS) return remembered;
  return navigator.language?.toLowerCase().startsWith("ru") ? "ru" : "en";
}

/** A person-readable message for an engine error, by its stable kind and problem. */
export function describe(strings, error) {
  const messages = strings.errors;
  return messages[error?.problem] ?? messages[error?.kind] ?? String(error?.message ?? error);
}
