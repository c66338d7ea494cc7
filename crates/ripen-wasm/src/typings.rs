//! TypeScript declarations for the boundary types, shipped in the generated `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const BOUNDARY_TYPES: &str = r#"
/** Whether a client is a person or a company. */
export type ClientKind = "person" | "company";

/** What `addClient` accepts. Unknown fields are refused with kind "validation". */
export interface ClientInput {
  /** Defaults to "company". */
  kind?: ClientKind;
  /** Trimmed; whitespace runs folded; 1–300 characters. */
  name: string;
}

/** A client as the engine holds it. */
export interface Client {
  id: string;
  kind: ClientKind;
  name: string;
  /** RFC 3339, UTC, millisecond precision. */
  createdAt: string;
  createdBy: string;
}

/** What `Crm.open` needs to know. */
export interface OpenOptions {
  /** The current user: the author of every change. */
  user: string;
}

/** The stable classification every rejected call carries as `error.kind`. */
export type RipenErrorKind =
  | "validation"
  | "not_found"
  | "conflict"
  | "quota_exceeded"
  | "storage"
  | "schema_too_new"
  | "corrupt"
  | "closed";

/** Every promise the engine rejects, it rejects with one of these. */
export interface RipenError extends Error {
  name: "RipenError";
  kind: RipenErrorKind;
  /** For kind "validation": the path of the invalid field, e.g. "clients[3].name". */
  field?: string;
  /** For kind "validation": a stable code — "empty", "too_long", "not_one_of", "shape", … */
  problem?: string;
}
"#;
