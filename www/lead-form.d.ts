// The `<ripen-lead-form>` element's types: the website lead form. Importing
// `ripen-crm/lead-form` defines it (its one effect on import). docs/lead-form.md.

/**
 * `<ripen-lead-form inbox="https://leads.example/acme-inbox" team-key='{"kty":"EC",…}' lang="ru">`.
 * Events (bubbling, composed): `ripen-lead-submit` `{ id, state: "sent" | "queued" }` when
 * a lead is sent or kept to send later; `ripen-lead-sent` `{ id }` when a kept one went.
 */
export declare class RipenLeadForm extends HTMLElement {
  static observedAttributes: string[];
}

/** A form sent sooner than this many milliseconds after it was shown is thanked and not sent. */
export declare const MIN_FILL_MS: number;
/** …and so is one sent sooner than this after its first touch, or never touched. */
export declare const MIN_TOUCH_MS: number;
/** Characters allowed per field. */
export declare const LIMITS: {
  readonly name: number;
  readonly phone: number;
  readonly email: number;
  readonly question: number;
  readonly consentText: number;
  readonly page: number;
};

declare global {
  interface HTMLElementTagNameMap {
    "ripen-lead-form": RipenLeadForm;
  }
}
