// The `<ripen-crm>` element's types: the whole Ripen app as one custom element. Importing
// `ripen-crm/element` defines it (its one effect on import).
import type { Crm } from "./pkg/ripen_wasm.js";

/** The screens a `<ripen-crm>` shows as tabs (`screens` attribute), and the card. */
export type RipenScreen = "capture" | "clients" | "card" | "agenda" | "funnel" | "settings";

/**
 * `<ripen-crm database="acme-sales" user="anna" lang="ru" screens="capture clients">`.
 * Its `data-state` is "loading", then "ready" or "failed" (with `data-error-kind`, e.g.
 * "engine_download" when the engine's .wasm could not be fetched); each change is also a
 * bubbling `ripen-state` event.
 */
export declare class RipenCrm extends HTMLElement {
  static observedAttributes: string[];
  /** The open base's engine, once `data-state` is "ready". */
  crm?: Crm;
  /** Shows `screen`; the card takes the client's `id`. */
  go(screen: RipenScreen, params?: { id?: string }): void;
}

/** The element's attributes, as `mount` takes them. */
export interface MountOptions {
  /** The IndexedDB database the app keeps its base in ("ripen" unless given). */
  database?: string;
  /** The user the device is used by, until one is picked in the app. */
  user?: string;
  lang?: "ru" | "en";
  /** The tabs shown, in order (all unless given). */
  screens?: RipenScreen | RipenScreen[] | string;
}

/** Puts a Ripen app into `element`. */
export declare function mount(element: Element, options?: MountOptions): RipenCrm;

declare global {
  interface HTMLElementTagNameMap {
    "ripen-crm": RipenCrm;
  }
}
