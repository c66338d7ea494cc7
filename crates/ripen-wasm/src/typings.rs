//! TypeScript declarations for the boundary types, shipped in the generated `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const BOUNDARY_TYPES: &str = r#"
/** Whether a client is a person or a company. */
export type ClientKind = "person" | "company";

/** Why a client is also known by another name. */
export type AliasKind = "former" | "latin" | "cyrillic" | "brand" | "project" | "legal_entity" | "duplicate";

/** How a touch reaches a client. */
export type Channel =
  | "call" | "email" | "message" | "meeting" | "presentation" | "visit" | "fax" | "marketing_send";

export type MessengerNetwork = "telegram" | "whatsapp" | "viber" | "signal" | "wechat" | "vk" | "sms" | "other";

export type DateKind = "birthday" | "pet_birthday" | "company_anniversary" | "other";

/** A calendar date, "YYYY-MM-DD". */
export type IsoDate = string;

export interface Alias {
  kind: AliasKind;
  name: string;
  /** For former names: the day the name changed. */
  until?: IsoDate;
}

export interface AliasInput {
  kind: AliasKind;
  name: string;
  until?: IsoDate;
}

export interface AliasRef {
  kind: AliasKind;
  name: string;
}

export interface Phone {
  /** Country code and number, digits only: "79131234567". */
  e164: string;
  /** As it was typed: "8 (913) 123-45-67". */
  display: string;
  /** As the number's own country writes it: "8 (913) 123-45-67", "(415) 555-2671",
   * "020 7946 0958"; null under a calling code whose plan Ripen does not keep. */
  national: string | null;
  /** The number's region (ISO 3166 code: "RU", "KZ", "GB"), or null likewise. */
  region: string | null;
}

export interface Messenger {
  network: MessengerNetwork;
  handle: string;
}

/** A date that recurs every year: a birthday, even a pet's. */
export interface ImportantDate {
  kind: DateKind;
  label?: string;
  month: number;
  day: number;
  year?: number;
}

/** "Wanted to buy X", and when it was noted. */
export interface Wish {
  text: string;
  notedOn: IsoDate;
}

/** An event where we could meet the client. */
export interface Meetup {
  title: string;
  place?: string;
  startsOn: IsoDate;
  endsOn?: IsoDate;
}

/** The editable profile of a client. */
export interface ClientProfile {
  kind: ClientKind;
  phones: Phone[];
  emails: string[];
  messengers: Messenger[];
  website: string | null;
  preferredChannel: Channel | null;
  inconvenientChannels: Channel[];
  region: string | null;
  industry: string | null;
  clientType: string | null;
  source: string | null;
  /** IANA name, e.g. "Asia/Novosibirsk". */
  timeZone: string | null;
  tags: string[];
  notes: string | null;
  dates: ImportantDate[];
  wishes: Wish[];
  meetups: Meetup[];
}

/** A client as the engine holds it. */
export interface Client extends ClientProfile {
  id: string;
  name: string;
  aliases: Alias[];
  /** RFC 3339, UTC, millisecond precision. */
  createdAt: string;
  createdBy: string;
  /** The rep who answers for the client (the user who added it, until a hand-off). */
  owner: string | null;
  /** Users and teams who see the client besides its owner. */
  sharedWith: Grantee[];
  /** Present (true) only on a removed client, as `getClient` may return one. */
  removed?: true;
}

/** Profile fields as given to `addClient` / `updateClient`: phones as typed, dates as ISO strings. */
export interface ProfileInput {
  kind?: ClientKind;
  /** Any common formatting: "+7 913 123-45-67", "8 (913) 123-45-67", "9131234567". */
  phones?: string[] | null;
  emails?: string[] | null;
  messengers?: Messenger[] | null;
  website?: string | null;
  preferredChannel?: Channel | null;
  inconvenientChannels?: Channel[] | null;
  region?: string | null;
  industry?: string | null;
  clientType?: string | null;
  source?: string | null;
  timeZone?: string | null;
  tags?: string[] | null;
  notes?: string | null;
  dates?: ImportantDate[] | null;
  wishes?: Wish[] | null;
  meetups?: Meetup[] | null;
}

/** What `addClient` accepts. Unknown fields are refused with kind "validation". */
export interface ClientInput extends ProfileInput {
  /** Trimmed; whitespace runs folded; 1–300 characters. */
  name: string;
  /** Defaults to "company". */
  kind?: ClientKind;
  aliases?: AliasInput[];
  /** Who answers for the client. Left out, routing decides (with no routing: whoever adds it). */
  owner?: string;
}

/** What `updateClient` accepts: only the fields to change; `null` clears one. */
export type ClientPatch = ProfileInput;

export interface RenameInput {
  name: string;
  /** The day the name changed; kept on the former-name alias. */
  since?: IsoDate;
}

export interface RevertOptions {
  /** Revert even if a later change overwrote what this one wrote. */
  force?: boolean;
}

/** A field's change inside a `client_updated` entry. */
export interface FieldChange {
  field: keyof ClientProfile;
  old: unknown;
  new: unknown;
}

interface HistoryBase {
  eventId: string;
  /** When it was recorded, RFC 3339 UTC. */
  at: string;
  by: string;
  /** The entry that reverted this one, if any. */
  revertedBy?: string;
}

/** One change in a client's history. */
export type HistoryEntry = HistoryBase & HistoryChange;

/** What changed, by type. */
export type HistoryChange =
  | { type: "client_added"; client: string; name: string; kind: ClientKind; aliases: Alias[]; owner: string | null }
  | { type: "client_updated"; client: string; changes: FieldChange[] }
  | { type: "client_renamed"; client: string; old: string; new: string; since: IsoDate | null }
  | { type: "alias_added"; client: string; alias: Alias }
  | { type: "alias_removed"; client: string; alias: Alias }
  | { type: "client_removed"; client: string }
  | { type: "client_restored"; client: string }
  | { type: "owner_changed"; client: string; old: string | null; new: string | null; reason?: string }
  | { type: "client_routed"; client: string; old: string | null; new: string | null; why: RouteReason }
  | { type: "share_changed"; client: string; with: Grantee; old: boolean; new: boolean }
  | { type: "clients_merged" | "clients_unmerged"; merge: Merge }
  | { type: "linked" | "unlinked"; relationship: Relationship }
  | { type: "link_ended"; relationship: string; between: [string, string]; old: IsoDate | null; new: IsoDate | null }
  | { type: "touch_recorded"; touch: Touch }
  | { type: "touch_status_changed"; touch: string; client: string; old: TouchStatusEntry; new: TouchStatusEntry }
  /** `amount`: the deal's value recorded with the move; `movedAt`: when the card moved, for
   * a move recorded later (`moveStage`'s `at`), the entry's `at` being when it was recorded. */
  | {
      type: "stage_moved"; client: string; pipeline: string; from: CardPositionEntry | null; to: CardPositionEntry | null;
      amount?: number; movedAt?: string;
    }
  /** A lead's record captured (`old: null`) or qualified. */
  | { type: "lead_saved"; client: string; old: Lead | null; new: Lead | null }
  /** A consent recorded; `consent_retracted` only inside a revert. `recordedBy`: who
   * recorded it, when a revert puts back someone else's record. */
  | {
      type: "consent_recorded" | "consent_retracted"; client: string;
      consent: { contact: boolean; marketing: boolean; source: string; at: string }; recordedBy?: string;
    }
  /** A website lead taken in (`lead`: what the visitor sent, as text): a new client
   * (`as: "added"`, routed: `owner`, `why`) or an inbound touch on the client it matched. */
  | ({ type: "web_lead_received"; client: string; lead: WebLead } & (
      | { as: "added"; owner: string | null; why: RouteReason | null }
      | { as: "matched"; touch: Touch }
    ))
  | { type: "reverted"; target: string; changes: HistoryChange[] }
  /** A whole import (or the revert of one) taken back: `events` changes, as one. */
  | { type: "import_reverted"; target: string; events: number };

/** A touch's status as history records it. */
export interface TouchStatusEntry {
  status: TouchStatus;
  result?: string | null;
  outcome?: Outcome;
  /** RFC 3339. */
  doneAt?: string;
  reason?: string | null;
}

/** A card's position as history records it. */
export type CardPositionEntry = { at: "stage"; stage: string } | { at: "lost"; reason: string };

export type Direction = "outbound" | "inbound";
export type Origin = "sales" | "marketing" | "service";
export type Outcome = "success" | "no_answer" | "refused" | "rescheduled";
/** A known contact goal, or the team's own words. */
export type ContactGoal =
  | "identify_need" | "identify_interest" | "send_offer" | "offer_follow_up" | "schedule_meeting"
  | "request_details" | "request_signed_contract" | "request_payment" | "nps_survey" | "repeat_sale"
  | (string & {});
export type TouchStatus = "planned" | "done" | "missed" | "cancelled" | "retracted";

/** One contact with a client: the plan and the result side by side. */
export interface Touch {
  id: string;
  clientId: string;
  channel: Channel;
  direction: Direction;
  origin: Origin;
  author: string;
  /** When it is planned for, or when it happened (RFC 3339). */
  at: string;
  summary: string | null;
  goal: ContactGoal | null;
  approach: string | null;
  plannedResult: string | null;
  status: TouchStatus;
  result: string | null;
  outcome: Outcome | null;
  doneAt: string | null;
  cancelReason: string | null;
  /** The client's NPS answer, 0–10, if the touch asked for one. */
  nps: number | null;
  /** The client asked for it (a scheduled callback). */
  requested: boolean;
  /** Why a warning of the contact policy was overridden. */
  overrideReason: string | null;
  /** A done touch logged (or completed) at a time the contact policy refused: the rules it
   * broke then — a fact is recorded, never refused. Absent when it broke none. */
  violations?: Violation[];
}

interface TouchInputBase {
  clientId: string;
  channel: Channel;
  /** Defaults to "outbound". */
  direction?: Direction;
  /** Defaults to "sales". */
  origin?: Origin;
  /** RFC 3339; now, unless given. */
  at?: string;
  summary?: string;
  /** The client asked for it (a scheduled callback): never blocked by the contact policy. */
  requested?: boolean;
  /** Goes ahead despite the policy's warnings (never its blocks); the reason is kept in
   * the history. `checkTouch` counts it as `planTouch` would. */
  override?: string;
}

/** What `checkTouch` needs: the touch as it would be planned or logged. */
export type CheckTouchInput = TouchInputBase;

export type RuleScope = "person" | "company" | "group";
export type RuleAction = "block" | "warn";
export type CalendarUnit = "day" | "week" | "month";
export type RuleWindow = { rolling: { hours: number } } | { calendar: { unit: CalendarUnit } };
/** What a rule limits: at most `max` touches per window; at least `hours` between two
 * touches; or the hours touches are allowed in — from `from` until `to`, times of day as
 * "HH:MM:SS" in the client's time zone (`to` after `from`), and only Monday to Friday if
 * `weekdaysOnly` (every other hour is quiet). */
export type RuleLimit =
  | { count: { max: number; window: RuleWindow } }
  | { minGap: { hours: number } }
  | { allowedHours: { from: string; to: string; weekdaysOnly: boolean } }
  /** Marketing only to a client whose current consent allows it; nothing outbound to one
   * whose current consent refuses contact (`recordConsent`). */
  | "consent";

/** One rule of the contact policy; all rules must hold. */
export interface Rule {
  id: string;
  name: string;
  scope: RuleScope;
  /** Empty: all channels. */
  channels: Channel[];
  /** Empty: all origins. */
  origins: Origin[];
  limit: RuleLimit;
  action: RuleAction;
  /** Whether inbound touches and callbacks the client asked for still count. */
  countsExempt?: boolean;
}

export interface Violation {
  rule: string;
  name: string;
  /** "block": refuses the touch; "warn": refuses it unless it comes with an `override`. */
  action: RuleAction;
  /** The earliest time this rule alone would allow the touch (the asked time for a
   * consent rule, which no time passes). */
  allowedFrom: string;
  /** Why a consent rule refuses it. */
  reason?: "no_marketing_consent" | "contact_withdrawn";
}

/** A touch for the manager to see (`limitBreaches`): one logged or completed at a time
 * the rules refused (it keeps the rules it broke then, warnings too), or one a blocking
 * rule refuses as things stand — a limit two devices broke together while apart. */
export interface LimitBreach {
  touch: string;
  clientId: string;
  clientName: string;
  /** When it is planned for, or when it was done. */
  at: string;
  /** The rules it broke when it was done, as recorded with it; then the blocking rules it
   * breaks as things stand that are not among them. */
  violations: Violation[];
  /** It was done at a time the rules refused: `violations` starts with what it broke
   * then (the touch's own `violations`). */
  recorded: boolean;
}

/** A touch a rule of the contact budget counts. In a company or holding scope it may be
 * another contact's (`own` false); one the user may not see comes without `touch`,
 * `client` and `clientName` (null): counted, not shown. */
export interface CountedTouch {
  touch: string | null;
  client: string | null;
  clientName: string | null;
  own: boolean;
  channel: Channel;
  origin: Origin;
  at: string;
  /** Planned (else done). */
  planned: boolean;
  /** Inbound or asked for by the client: counted only by rules with `countsExempt`. */
  exempt: boolean;
}

/** What a rule's limit has used up (`contactBudget`). */
export type LimitBudget =
  | {
      kind: "count";
      max: number;
      used: number;
      left: number;
      /** A rolling window is `(start, end]`, the last hours up to the moment; a calendar
       * one `[start, end)`, the day, week or month in the client's zone. */
      rolling: boolean;
      start: string;
      end: string;
      touches: CountedTouch[];
    }
  | {
      kind: "minGap";
      hours: number;
      /** The last counted touch at or before the moment, and the next one after it. */
      last: CountedTouch | null;
      next: CountedTouch | null;
      /** When the gap after `last` ends, if it has not yet. */
      gapEndsAt: string | null;
    }
  | {
      kind: "allowedHours";
      /** "HH:MM", local time. */
      from: string;
      to: string;
      weekdaysOnly: boolean;
      inside: boolean;
      opensAt: string | null;
    }
  | {
      kind: "consent";
      /** Whether any consent is on record; with none, contact is allowed, marketing not. */
      recorded: boolean;
      contact: boolean;
      marketing: boolean;
      salesRefused: "no_marketing_consent" | "contact_withdrawn" | null;
      marketingRefused: "no_marketing_consent" | "contact_withdrawn" | null;
    };

/** One rule of the policy as it stands for a client. */
export interface RuleBudget {
  rule: string;
  name: string;
  scope: RuleScope;
  action: RuleAction;
  channels: Channel[];
  origins: Origin[];
  /** Whether an outbound touch the rule applies to would keep it at the moment. */
  open: boolean;
  /** When not open: the earliest time this rule alone allows such a touch (null for
   * consent, which no time passes). */
  opensAt: string | null;
  limit: LimitBudget;
}

/** When an outbound touch may be, as `checkTouch` answers for one at the moment. */
export interface NextSlot {
  /** The earliest time no rule is broken (`nextClearAt`). */
  clearAt: string | null;
  /** The earliest time no blocking rule is broken (`nextAllowedAt`). */
  allowedAt: string | null;
  /** The rules a touch at the moment would break, the one holding it back longest first. */
  heldBy: string[];
}

/** `contactBudget`: what each rule has counted and when the next slot opens. */
export interface ContactBudget {
  client: string;
  at: string;
  /** The zone calendar windows and allowed hours are read in. */
  timeZone: string;
  rules: RuleBudget[];
  /** Calls and meetings, and the channels the client has an address for. */
  channels: { channel: Channel; sales: NextSlot; marketing: NextSlot }[];
}

/** How warm a lead is: hot leads are planned first, then warm, then cold. */
export type FollowUpPriority = "hot" | "warm" | "cold";

/** One lead of `previewFollowUps` / `planFollowUps`. */
export interface FollowUpLead {
  client: string;
  priority: FollowUpPriority;
  /** RFC 3339: among leads of one priority, the earlier captured is planned first. */
  capturedAt?: string;
}

/** How the leads of one priority are followed up; what is left out keeps its default
 * (hot: call, `offer_follow_up`; warm: call, else e-mail, `identify_need`; cold: e-mail,
 * `identify_interest`). */
export interface FollowUpApproach {
  /** In order of preference: the first the client can be reached by and does not find
   * inconvenient. */
  channels?: Channel[];
  goal?: string;
  approach?: string;
  plannedResult?: string;
}

export interface FollowUpOptions {
  clients: FollowUpLead[];
  /** RFC 3339; now, unless given. */
  start?: string;
  /** Working days (Monday to Friday, in the base's default time zone) to spread over,
   * from the start's day: 1 to 60, 5 unless given. */
  days?: number;
  /** The most touches the current user takes on in one day, their touches already planned
   * that day counted; no limit unless given. */
  capacity?: number;
  /** The clients' working hours in their own time zones, Monday to Friday: "09:00" to
   * "18:00" unless given ("HH:MM" or "HH:MM:SS"). */
  hours?: { from: string; to: string };
  /** Minutes between two touches of the plan: 15 unless given. */
  spacing?: number;
  hot?: FollowUpApproach;
  warm?: FollowUpApproach;
  cold?: FollowUpApproach;
}

export interface PlannedFollowUp {
  client: string;
  name: string;
  priority: FollowUpPriority;
  at: string;
  channel: Channel;
  goal: string;
  approach: string;
  plannedResult: string;
  /** The touch written (`planFollowUps` only). */
  touch?: string;
}

/** Why a lead got no follow-up: `not_found` (no such client, or not the user's to see),
 * `removed`, `no_address` (no channel of its priority reaches it), `already_planned` (a
 * touch is planned within the horizon), `policy` (the contact policy refuses every time
 * left), `capacity` (the rep's days are full), `no_hours` (none of its working hours left). */
export type FollowUpRefusal =
  | "not_found" | "removed" | "no_address" | "already_planned" | "policy" | "capacity" | "no_hours";

export interface RefusedFollowUp {
  client: string;
  priority: FollowUpPriority;
  reason: FollowUpRefusal;
  /** The reason in a sentence. */
  detail: string;
  /** For `policy`: the rules that refused the last time tried. */
  violations: Violation[];
  /** For `policy`: when the policy would next allow it, if within a year. */
  nextAllowedAt: string | null;
}

/** A follow-up plan: `planned` in the order planned (hot leads first), `refused` in the
 * order of the leads; `until`, the end of the horizon. */
export interface FollowUpPlan {
  planned: PlannedFollowUp[];
  refused: RefusedFollowUp[];
  until: string;
}

/** Which clients a campaign is for: the client list's filter (`ClientsOptions.filter`),
 * among the clients the user sees. */
export interface CampaignSegment {
  owner?: string; region?: string; tag?: string; stage?: { pipeline: string; stage: string };
  show?: string;
  rating?: Rating;
}

/** `previewCampaign` / `planCampaign` options. */
export interface CampaignOptions {
  /** Every client of the list, unless given. */
  segment?: CampaignSegment;
  /** "marketing_send" unless given. */
  channel?: Channel;
  /** The message template to send, by id: one of `templates()`, for the campaign's channel
   * (an e-mail template fits a marketing send); refused with `not_found` or `validation`. */
  template?: string;
  /** What the sends say, in a line: each touch's summary. */
  summary: string;
  /** RFC 3339; every touch falls in [from, to), from now on; at most 92 days. */
  window: { from: string; to: string };
  /** "marketing" unless given. */
  origin?: Origin;
  /** The clients' hours in their own time zones, every day: "09:00" to "20:00" unless given. */
  hours?: { from: string; to: string };
  /** How many rows of `planned` and `skipped` the answer holds: 50 unless given. */
  rows?: number;
}

/** Why a client of the segment gets no touch: `no_consent` (no current marketing consent,
 * or contact withdrawn), `waiting_stage` (a card waits in a stage of kind "waiting"),
 * `over_budget` (the policy leaves no time in the window), `inconvenient_channel`,
 * `no_address` (nothing to send to on the channel), `removed`. */
export type CampaignSkip =
  | "no_consent" | "waiting_stage" | "over_budget" | "inconvenient_channel" | "no_address" | "removed";

export interface Campaign {
  summary: string;
  channel: Channel;
  origin: Origin;
  template?: string;
  segment: CampaignSegment;
  from: string;
  to: string;
  /** How many clients of the segment it skipped. */
  skipped: number;
}

export interface CampaignTouch {
  client: string;
  name: string;
  at: string;
  /** With a template: its variables this client has no value for (omitted when none). */
  missing?: TemplateVariable[];
}

export interface SkippedClient {
  client: string;
  name: string;
  reason: CampaignSkip;
  /** For `over_budget`: the first time past the window the policy allows, in the
   * client's hours (within a year). */
  nextAllowedAt: string | null;
}

/** A campaign planned (or previewed): the first `rows` of each list, and every count. */
export interface CampaignPlan {
  /** `planCampaign` only: the marker; `revert(event)` takes the campaign back whole. */
  event?: string;
  campaign: Campaign;
  counts: {
    planned: number; skipped: number; noConsent: number; waitingStage: number; overBudget: number;
    inconvenientChannel: number; noAddress: number; removed: number;
  };
  planned: CampaignTouch[];
  skipped: SkippedClient[];
}

/** A campaign as `campaigns()` lists it. */
export interface CampaignEntry {
  event: string;
  at: string;
  by: string;
  campaign: Campaign;
  /** How many touches it planned. */
  touches: number;
  revertedBy: string | null;
}

/** The answer of `checkTouch`, in the words of a refusal (`aggression_limit`). A "block"
 * rule refuses a touch; a "warn" rule refuses it unless it comes with an `override`. */
export interface TouchCheck {
  /** `planTouch` would accept the touch as given: no blocking rule is broken, and no
   * warning either unless the input has an `override`. */
  allowed: boolean;
  /** Not allowed, but only warnings stand in the way: with an `override` it is. */
  overridable: boolean;
  /** Every rule broken, blocking or warning. */
  violations: Violation[];
  /** The earliest time, from the one asked about on, at which no blocking rule is broken —
   * the time asked about itself when none is; an `override` is still needed then if
   * `nextClearAt` is later. Null when no time within a year would do. */
  nextAllowedAt: string | null;
  /** The earliest time, from the one asked about on, at which no rule at all is broken:
   * the touch needs no `override` then. Null when no time within a year would do. */
  nextClearAt: string | null;
}

/** A planned touch states the goal, the approach (заход) and the planned result. */
export interface PlanTouchInput extends TouchInputBase {
  goal: ContactGoal;
  approach: string;
  plannedResult: string;
}

/** A touch that already happened. */
export interface LogTouchInput extends TouchInputBase {
  result?: string;
  /** Defaults to "success". */
  outcome?: Outcome;
  /** The client's answer to "would you recommend us?", 0–10. */
  nps?: number;
}

export interface CompleteTouchInput {
  result?: string;
  outcome: Outcome;
  /** RFC 3339; now, unless given. */
  at?: string;
  /** The client's answer to "would you recommend us?", 0–10. */
  nps?: number;
}

export type StageKind = "active" | "waiting";

export interface Stage {
  id: string;
  name: string;
  kind: StageKind;
  /** A card that stays longer than this is rotting. */
  rotDays?: number;
  /** Percent of cards expected to reach the next stage. */
  expectedConversion?: number;
  retired: boolean;
}

export interface Pipeline {
  id: string;
  name: string;
  stages: Stage[];
}

/** `changeStage`: the stage's id and only what changes (`null` clears a number). */
export interface StagePatch {
  id: string;
  name?: string;
  kind?: StageKind;
  rotDays?: number | null;
  expectedConversion?: number | null;
  retired?: boolean;
}

export interface StageInput {
  /** Lowercase Latin letters, digits, "_" and "-". */
  id: string;
  name: string;
  /** Defaults to "active". */
  kind?: StageKind;
  rotDays?: number;
  expectedConversion?: number;
  retired?: boolean;
}

export interface PipelineInput {
  id: string;
  name: string;
  stages: StageInput[];
}

/** A move to a stage, or into lost with the reason. */
export type MoveStageInput = ({ pipeline: string; stage: string } | { pipeline: string; lost: string }) & {
  /** The deal's value in whole currency units (e.g. on reaching "paid"); plans of metric "amount" add these up. */
  amount?: number;
  /** RFC 3339: when the card moved, for a move recorded later; now, unless given. Not in
   * the future (a few minutes of clock skew aside) nor before the card's last move:
   * kind "validation", `field: "at"`. */
  at?: string;
};

/** A client's card in one pipeline. */
export interface Card {
  clientId: string;
  pipeline: string;
  /** The stage, unless the card is lost. */
  stage: string | null;
  /** The reason, if the card is lost. */
  lost: string | null;
  /** When the card reached its current position. */
  since: string;
  /** The stage's recommended next actions (stage stimuli). */
  suggestions: string[];
}

/** What `to` is to `from`. */
export type RelationKind = "subsidiary" | "branch" | "employee" | "referral" | "partner";

export interface Relationship {
  id: string;
  kind: RelationKind;
  from: string;
  to: string;
  position?: string;
  since?: IsoDate;
  ended?: IsoDate;
}

export interface LinkOptions {
  /** For employees. */
  position?: string;
  since?: IsoDate;
}

export type Role =
  | "telemarketer" | "manager" | "key_account_manager" | "project_manager"
  | "support" | "back_office" | "head_of_sales" | "admin";

/** Which clients a user sees: their own, their team's, or all. */
export type Scope = "own" | "team" | "all";

/** A weighted skill the skills matrix scores clients against; `weight` is 0..1 in hundredths. */
export interface Skill {
  field: "region" | "industry" | "clientType" | "source" | "tag";
  value: string;
  weight: number;
}

export interface UserInput {
  name: string;
  role: Role;
  team?: string;
  /** Gets no new clients while absent. */
  absent?: boolean;
  /** Overrides the role's scope (head of sales and admin: all; support and back office: team; reps: own). */
  sees?: Scope;
  /** The most clients routing gives this user to own. */
  cap?: number;
  skills?: Skill[];
}

export interface User {
  id: string;
  name: string;
  role: Role;
  team?: string;
  absent: boolean;
  sees?: Scope;
  cap?: number;
  skills?: Skill[];
}

/** A user, or every member of a team. */
export type Grantee = { user: string } | { team: string };

/** Where routing sends a client: a user, or a team whose strategy picks the member. */
export type Target = { user: string } | { team: string };

/** Conditions on the client's profile; all given must hold (`tags`: any of them). Case-insensitive. */
export interface RouteConditions {
  region?: string;
  industry?: string;
  clientType?: string;
  source?: string;
  tags?: string[];
}

export interface RoutingSettings {
  /** Tried in order; the first whose conditions hold decides. */
  rules: { when: RouteConditions; to: Target }[];
  /** Where a client goes when no rule holds. */
  default: Target;
  /** Each team's strategy: "taxi" (next free member in turn, the default) or "skills". */
  teams?: Record<string, "taxi" | "skills">;
  /** Where a client goes once its deal is won (key-account managers). */
  won?: Target;
}

export interface RouteOptions {
  /** Route to this user or team's queue instead of by the rules. */
  to?: Target;
  reason?: string;
}

/** Why routing chose an owner, as the history keeps it. */
export interface RouteReason {
  /** The rule that held: its place in `RoutingSettings.rules` counted from 1, as `text`
   * says it ("rule 1" is `rules[0]`); absent when the default applied. */
  rule?: number;
  team?: string;
  strategy?: "taxi" | "skills";
  /** Members passed over, in turn order. */
  skipped?: { user: string; reason: "absent" | "atCap" | "notTheirTurn"; load?: number }[];
  /** The reason given when routing by hand. */
  note?: string;
  /** "rule 1 (region Сибирь) → team nsk; skills: industry machinery 0.6 + region Сибирь 0.3 → anna" */
  text: string;
}

/** Which page of the client list `clients` gives. */
export interface ClientsOptions {
  /** The `next` of the page before; absent for the first page. */
  after?: string | null;
  /** How many clients at most; 50 unless given, 1 to 500. */
  limit?: number;
  /** "newest" (the default: the latest added first), "oldest", or "name". */
  sort?: "newest" | "oldest" | "name";
  /** Only clients with all of these. */
  filter?: {
    owner?: string; region?: string; tag?: string; stage?: { pipeline: string; stage: string };
    /** Leads met at this show. */
    show?: string;
    /** Leads rated so. */
    rating?: Rating;
  };
}

/** What the client list can be filtered by (`clientFacets`). */
export interface ClientFacets {
  owners: string[];
  regions: string[];
  tags: string[];
}

/** One page of the client list. */
export interface ClientsPage {
  items: Client[];
  /** The cursor of the next page, `null` on the last one. */
  next: string | null;
  /** How many clients the filter lets through in all. */
  total: number;
}

export interface SearchOptions {
  /** How many clients at most; 20 unless given, 1 to 1,000. */
  limit?: number;
  /** Only clients with all of these (tags: any of them). */
  filter?: {
    kind?: ClientKind; owner?: string; region?: string; tags?: string[];
    /** Leads met at this show, rated so: a segment of the show's leads. */
    show?: string; rating?: Rating;
  };
  /** Wait for the search index to hold every client rather than answer from the part
   * built so far (right after a big base opens). */
  wait?: boolean;
}

/** A search's hits, best first; `complete` is `false` when the search index was still
 * being built (right after a big base opened) and the hits come from the clients indexed
 * so far: ask again shortly. */
export type SearchResults = SearchHit[] & { complete: boolean };

/** What of a client a search matched. */
export interface SearchMatch {
  field: "name" | "alias" | "phone" | "email" | "tag" | "note" | "wish" | "answer" | "employer";
  /** For an alias: its kind. */
  kind?: AliasKind;
  /** The client's text that matched (for "employer": the company's name). */
  text: string;
  how: "exact" | "prefix" | "transliterated" | "transliterated_prefix" | "typo" | "digits";
  /** In words: "former name until 2024", "latin alias (another script or spelling)", "works at …". */
  note: string;
}

export interface SearchHit {
  client: Client;
  /** Higher is better; only the order means anything. */
  score: number;
  matched: SearchMatch;
}

/** A merge as the history keeps it: what passed from `drop` to `keep`. */
export interface Merge {
  keep: string;
  drop: string;
  changes?: { old: unknown; new: unknown }[];
  aliases?: Alias[];
  touches?: string[];
  cards?: string[];
  relinked?: { old: Relationship; new: Relationship | null }[];
}

/** Why two clients look like one. */
export type DuplicateReason =
  | { kind: "samePhone"; phone: string }
  | { kind: "sameEmail"; email: string }
  /** `share`: the percentage of words that agree. */
  | { kind: "similarName"; name: string; how: "exact" | "transliterated" | "typo"; share: number };

export interface Duplicate {
  client: Client;
  /** 0–100: how sure. A shared phone or email is 90 or more. */
  score: number;
  reasons: DuplicateReason[];
}

/** The shape a scanned contact was written in. */
export type ScanFormat = "vcard" | "mecard" | "bizcard" | "matmsg" | "tel" | "mailto";

/** A scanned lead as `addClient` takes it: `name` absent for a lead to complete (a badge's
 * id alone, a web address); phones with their country code. */
export type ScanDraft = Partial<ClientInput> & { kind: ClientKind };

/** What `readScan` read from a scanned code. */
export interface ScanResult {
  /** "contact": a vCard, MECARD, BIZCARD, MATMSG, `tel:` or `mailto:`; "badge": a
   * badge's attendee id, with the attendee's data when the badge carries it; "url": a
   * web address. */
  kind: "contact" | "badge" | "url";
  format?: ScanFormat;
  draft: ScanDraft;
  /** For a person: the company they work at, by name (the capture form links it). */
  company?: string;
  /** For a person with a company: their job there. */
  position?: string;
  /** A badge's attendee id (also in the draft's notes). */
  badge?: string;
  /** The web address scanned. */
  url?: string;
  /** Values that did not read and were kept in the notes ("unparsed TEL: 53-25"). */
  warnings?: ImportIssue[];
  /** Clients the lead may already be, as `findDuplicates` finds them. */
  duplicates: Duplicate[];
}

export interface DuplicatePair {
  a: Client;
  b: Client;
  score: number;
  reasons: DuplicateReason[];
}

/** A field a column of an imported file fills; "ignore" leaves the column out. */
export type ImportField =
  | "name" | "firstName" | "middleName" | "lastName" | "company" | "position" | "kind" | "phone" | "email"
  | "website" | "region" | "city" | "industry" | "source" | "clientType" | "tags" | "notes" | "birthday"
  /** A person's company's facts: given to the company, never to the person. */
  | "companyPhone" | "companyEmail" | "companyWebsite" | "companyIndustry" | "ignore";

/** The exports of other CRMs and address books whose column names Ripen knows. */
export type ImportPreset =
  | "amoCrm" | "bitrix24" | "hubSpot" | "pipedrive" | "google" | "outlook" | "thunderbird" | "linkedIn"
  | "salesforce" | "zoho";

/** How a column's field was found: the user's `mapping`, the preset's own name, a known
 * name as written, a known name in other words ("Phone 1 - Value", "Телефон рабочий"),
 * guessed from the values of a file without a header, or not at all (ignored). */
export type ImportMatchedBy = "user" | "preset" | "name" | "fuzzy" | "values" | "none";

/** What to do with a row that may duplicate a client: skip it (the default), add it
 * anyway, or merge it into the most probable duplicate (or the one named). */
export type ImportChoice = "skip" | "add" | "merge" | { merge: string };

/** A file to import: a `File` or `Blob` (an `<input type=file>`'s file as it is), its
 * bytes (a `Uint8Array`, any typed array or `DataView`, an `ArrayBuffer`) or its text. At
 * most 40 MB. */
export type ImportFile = Blob | ArrayBufferLike | ArrayBufferView | string;

/** Where the file readers are, and which to load now (`Crm.loadFileReaders`). */
export interface LoadReadersOptions {
  /** The text reader's script (`reader/ripen_reader.js` beside `ripen_wasm.js` unless
   * given), resolved against the page's address. */
  readerUrl?: string;
  /** The spreadsheet reader's script (`sheets/ripen_sheets.js` unless given). */
  sheetsUrl?: string;
  /** Load the spreadsheet reader too (Excel and OpenDocument workbooks). */
  workbooks?: boolean;
}

/** A file's encoding, as the WHATWG Encoding Standard names it; the usual ones listed, and
 * any of the Standard's labels accepted ("cp1251", "sjis", "latin1"). */
export type ImportEncoding =
  | "utf-8" | "utf-16le" | "utf-16be" | "windows-1251" | "koi8-r" | "koi8-u" | "ibm866"
  | "windows-1252" | "windows-1250" | "iso-8859-2" | "shift_jis" | "euc-jp" | "gbk" | "gb18030"
  | "big5" | "euc-kr" | (string & {});

/** The kinds of file an import reads. */
export type ImportFormat = "csv" | "vcard" | "xlsx" | "ods" | "xls";

/** `previewImport` and `importFile` options; everything is found from the file unless given. */
export interface ImportOptions {
  format?: ImportFormat;
  /** The file's encoding, over what the file declares or its statistics suggest (CSV and vCard). */
  encoding?: ImportEncoding;
  delimiter?: ";" | "," | "\t";
  preset?: ImportPreset;
  /** A field for a column, by its header as the file writes it (by its letter, "A",
   * "B"…, in a file without a header). */
  mapping?: Record<string, ImportField>;
  /** Kept with the import. */
  fileName?: string;
  /** By the line a row starts on. */
  choices?: Record<number, ImportChoice>;
  /** Where numbers written without their country code are read (ISO code: "GB"); the
   * region the file's own numbers suggest unless given (`ImportPreview.region`). */
  region?: string;
  /** A workbook's sheet to read, by its name (`ImportPreview.sheets`); the first visible
   * sheet that holds anything unless given. */
  sheet?: string;
}

/** A row left out of an import, and why. */
export interface ImportIssue {
  line: number;
  /** The column as the file names it: its header; its letter ("G") in a file without a
   * header or for a cell beyond the header's; a vCard's property ("TEL"); or what of the
   * row made its name ("name", "company") when no one column did ("" for the file's
   * "no_name_column"). */
  column: string;
  /** In a table (a CSV file, a workbook's sheet): the letter of the column the value
   * stood in, as a spreadsheet shows it ("G"), the same for every row. */
  letter?: string;
  /** A stable code. Of a row left out: "no_name" (nothing to name a client by: no name,
   * company, e-mail or phone), "no_name_column". Among a kept row's `warnings`: "empty",
   * "too_long", "control_character", "not_one_of", "malformed" (a value the engine refused,
   * kept in the notes), "too_many_cells" (cells beyond the header's, kept in the notes),
   * "extension" (a phone's extension kept in the notes), "encoding" (bytes that were not
   * text, replaced) and "unclosed_card" (a card with no END:VCARD: the file may be cut
   * short). */
  problem: string;
  /** The value that was wrong (60 characters at most). */
  value?: string;
  /** The whole reason, in English. */
  message: string;
}

export interface ImportRow {
  line: number;
  name: string;
  kind: ClientKind;
  company?: string;
  position?: string;
  phones: string[];
  emails: string[];
  /** A row or vCard without a name: what named it. */
  namedFrom?: "nickname" | "org" | "email" | "phone";
  /** Values that did not read and were kept in the notes ("unparsed TEL: x752"); the row is imported. */
  warnings?: ImportIssue[];
  /** Clients already in the base this row may be (score 80 or more). */
  duplicates?: { client: string; name: string; score: number; reasons: DuplicateReason[] }[];
}

/** What importing a file would do. */
export interface ImportPreview {
  format: ImportFormat;
  /** A workbook's visible sheets, in its order, and the one read. */
  sheets?: string[];
  sheet?: string;
  /** The encoding the file was read in (a vCard's values may each declare their own). */
  encoding?: ImportEncoding;
  delimiter?: string;
  preset?: ImportPreset;
  /** Each column of a table: its letter as a spreadsheet shows it ("A", "B"… "AA"), its
   * header (its letter again in a file without one), the field it fills and how that was
   * found. */
  columns: { letter: string; header: string; field: ImportField; by: ImportMatchedBy }[];
  /** A CSV file's header set, the same however the file writes its headers (case,
   * punctuation, a BOM): remember the user's mapping of such files by it. */
  headerKey?: string;
  /** The header's line, when lines of text stood above it (skipped). */
  headerLine?: number;
  /** The file had no header: its columns, named by their letters ("A", "B"…), were
   * guessed from their values and its first row is a client. */
  headerless?: true;
  /** The region numbers written without their country code were read in (ISO code). */
  region: string;
  /** Rows (or cards) in the file. */
  rows: number;
  /** Rows that will be imported (with their warnings, if some values did not read). */
  ready: number;
  /** The first rows, as they would be imported. */
  sample: ImportRow[];
  /** Rows that may already be in the base (up to 1,000 listed; `duplicateCount` in all). */
  duplicates: ImportRow[];
  duplicateCount: number;
  /** Rows left out: nothing in them names a client (up to 1,000 listed; `issueCount` in all). */
  issues: ImportIssue[];
  issueCount: number;
  /** Values of imported rows that did not read, kept in their notes (up to 1,000 listed;
   * `warningCount` in all). */
  warnings: ImportIssue[];
  warningCount: number;
}

/** What an import did. */
export interface ImportSummary {
  format: ImportFormat;
  file?: string;
  rows: number;
  /** New clients, companies created for people included. */
  added: number;
  /** Existing clients filled in. */
  merged: number;
  /** Duplicates skipped and rows with errors. */
  skipped: number;
}

export interface ImportResult extends ImportSummary {
  /** The import's change: `revert(event)` takes the whole import back. */
  event: string;
}

export interface ImportEntry extends ImportResult {
  at: string;
  by: string;
  revertedBy: string | null;
}

export type ExportColumn =
  | "name" | "kind" | "company" | "position" | "phones" | "emails" | "website" | "region" | "industry"
  | "source" | "clientType" | "tags" | "notes" | "birthday" | "owner" | "createdAt" | "id";

export interface ExportOptions {
  /** The clients, in this order; every client the user sees unless given. */
  ids?: string[];
  /** CSV: the columns, in order. */
  columns?: ExportColumn[];
  /** CSV: "ru" (`;`, Excel in Russia; the default), "en" (`,`), or the header Google
   * Contacts ("google") or Outlook ("outlook") imports, whose columns are fixed. */
  dialect?: "ru" | "en" | "google" | "outlook";
  /** vCard: "3.0" (the default, what every address book reads) or "4.0" (RFC 6350). */
  version?: "3.0" | "4.0";
}

/** A change `subscribe` reports: this tab's own write, another tab's (already read in),
 * or "reload": another tab upgraded or deleted the database, so this page must reload. */
export interface Change {
  source: "this" | "other" | "reload";
  /** How many changes (history entries) it brought. */
  events: number;
}

/** What `Crm.rescue` got out of a database that cannot be opened. */
export interface Rescued {
  /** A backup document of every change that could be read (restore it with `importBackup` into an empty CRM). */
  backup: string;
  events: number;
  skipped: { position: number; problem: SkipProblem; reason: string }[];
}

/** Why a stored record was left out when the database was opened. */
export type SkipProblem = "checksum" | "not_text" | "key" | "unreadable" | "format" | "unknown_event" | "part" | "incomplete";

/** What the storage holds and may hold. */
export interface StorageInfo {
  /** Bytes the origin uses and may use, as the browser estimates them; null when it will not say. */
  usage: number | null;
  quota: number | null;
  /** Whether the browser keeps the data through storage pressure (asked for after the first write). */
  persisted: boolean | null;
  clients: number;
  events: number;
  /**
   * Records left out when the database was opened (with the rest of their commits): the
   * record's log position (0 when it lies under a key that is no position), a stable code
   * for what is wrong with it, and the reason in words.
   */
  skipped: { position: number; problem: SkipProblem; reason: string }[];
  /**
   * Changes missing from the log: counters `first`..`last` of one device's (replica's)
   * changes, each run a lost record — or, with team sync, one not arrived yet.
   */
  gaps: { replica: string; first: number; last: number }[];
  /**
   * The checkpoint the next open starts from: the log position it covers, how many events
   * came after it (what that open reads from the log), and why it could not be used, if
   * it could not (then the whole log was read, and a new checkpoint is written); and
   * whether this page is writing one now (writes go on meanwhile).
   */
  checkpoint: { covers: number; eventsSince: number; problem: string | null; writing: boolean };
  /**
   * A device whose clock runs far ahead of this one's: its newest change is stamped more
   * than ten minutes in this device's future. Later changes everywhere are stamped after
   * it to keep their order; that device's clock should be set right.
   */
  clockAhead: { replica: string; aheadMs: number } | null;
  /** Photos of business cards kept on this device, and their bytes (in `usage` too). */
  photos: { count: number; bytes: number };
}

/** The image types a card photo may be in. */
export type ImageType = "image/jpeg" | "image/png" | "image/webp" | "image/heic" | "image/heif" | "image/avif" | "image/gif";

/** A photo of a business card (or a badge) kept with a client, on this device only. */
export interface CardPhoto {
  id: string;
  client: string;
  type: ImageType;
  /** Its size in bytes. */
  bytes: number;
  /** When it was kept. */
  addedAt: string;
  /** The user who kept it. */
  by: string;
}

/** A card photo with its bytes: show it with `URL.createObjectURL(photo.blob)`. */
export interface CardPhotoWithBlob extends CardPhoto {
  blob: Blob;
}

/** What the current user may see and do. */
export interface AccessInfo {
  user: string;
  sees: Scope | "nothing";
  /** May change users, teams, routing, pipelines, the contact policy and plans. */
  configures: boolean;
}

export interface Team {
  id: string;
  name: string;
}

export interface HandOffInput {
  /** The new owner's user id, or null for nobody. */
  to: string | null;
  reason?: string;
}

export type AgendaKind = "overdue" | "today" | "rotting" | "no_next_step" | "after_sale" | "date" | "waiting";

/** One thing to do today, with why and what. */
export interface AgendaItem {
  kind: AgendaKind;
  client: string;
  touch?: string;
  pipeline?: string;
  stage?: string;
  /** When it was or is due (RFC 3339). */
  due: string;
  why: string;
  todo: string;
  /** The stage's recommended next actions (stage stimuli). */
  suggestions?: string[];
  /** Higher is more urgent; the list is sorted by it. */
  urgency: number;
  /** For kind "waiting" (a web lead not yet touched): how long it has waited, in ms. */
  waitingMs?: number;
}

/** A web lead (`source` "web") no one has been in touch with yet (`waiting`). */
export interface WaitingLead {
  client: string;
  name: string;
  source: string;
  /** When it arrived: when the client was added. */
  arrivedAt: string;
  /** How long it has waited, in milliseconds. */
  waitingMs: number;
}

/** What a suggestion hooks on (`nextTouch`, `suggestions`), by priority. */
export type HookKind = "web_lead" | "rotting" | "nps" | "repeat_sale" | "date" | "meetup" | "wish" | "stimulus" | "quiet";

/** A reason to get in touch: its kind and parameters (for the UI to word it) and an
 * English sentence. */
export interface Hook {
  kind: HookKind;
  reason: string;
  /** Days: until the date or meetup; silent (rotting, quiet); since the sale (nps,
   * repeat_sale). A quiet hook without `days`: never in touch. */
  days?: number;
  /** For a web lead: how long it has waited. */
  minutes?: number;
  /** The date's name, the meetup's title, the wish, the stimulus, the rotting stage. */
  subject?: string;
  /** The date or meetup's day, the day the wish was noted (YYYY-MM-DD). */
  on?: string;
  /** Higher is more urgent. */
  urgency: number;
}

/** The next best touch of a client: with `clientId`, `channel`, `at`, `goal`, `approach`
 * and `plannedResult` it is what `planTouch` takes — an outbound sales touch that breaks
 * no rule, no override needed. */
export interface Suggestion {
  clientId: string;
  clientName: string;
  owner?: string;
  channel: Channel;
  /** The earliest time every rule allows, in the client's hours (RFC 3339). */
  at: string;
  goal: ContactGoal;
  approach: string;
  plannedResult: string;
  hook: Hook;
  /** The other hooks that apply, by priority. */
  also: Hook[];
  /** The card's stage's recommended actions. */
  stimuli: string[];
  pipeline?: string;
  stage?: string;
  urgency: number;
}

/** Why a client gets no suggestion. */
export type SuggestionSkip = "removed" | "planned" | "consent_refused" | "no_address" | "no_channel" | "no_time";

/** `nextTouch`'s answer: a suggestion, or why none (`touch`: the touch already planned). */
export interface NextTouch {
  clientId: string;
  suggestion: Suggestion | null;
  skipped: SuggestionSkip | null;
  touch?: string;
}

/** `suggestions`' options: whose clients first; at most `limit` (50 unless given, 1 to
 * 1,000,000); `now` unless given. */
export interface SuggestOptions {
  user?: string;
  limit?: number;
  now?: string;
}

/** Time to first touch of a group of clients added in the period (`responseTimes`). */
export interface ResponseTime {
  leads: number;
  /** With a done touch by now, either way, any channel. */
  touched: number;
  untouched: number;
  /** From being added to the first done touch, in ms, over the touched; null when none is. */
  medianMs: number | null;
  p90Ms: number | null;
}

export interface SourceResponseTime extends ResponseTime {
  /** The source as first written (sources differing in case are one); null: none given. */
  source: string | null;
}

export interface ResponseTimes {
  overall: ResponseTime;
  /** Most clients first. */
  sources: SourceResponseTime[];
}

export interface AgendaOptions {
  /** Whose clients. Left out (or `undefined`): the current user's own. A user id: the
   * clients that user owns. `null`: every client the current user sees, whoever owns it,
   * clients with no owner included (a head of sales' whole desk). Always only clients the
   * current user may see. */
  user?: string | null;
  /** RFC 3339; now unless given. */
  now?: string;
  /** How many days ahead to look for dates and events (14 unless given). */
  days?: number;
}

export type Cohort = "entered" | "activity";
export type FunnelGroupBy = "owner" | "team" | "region" | "industry" | "source" | "month";

export interface FunnelOptions {
  pipeline: string;
  /** RFC 3339; 30 days before `to` unless given. */
  from?: string;
  /** RFC 3339; now unless given. */
  to?: string;
  /** "entered" (default): cards that entered in the period, followed on; "activity": stage entries in the period. */
  cohort?: Cohort;
  by?: FunnelGroupBy;
  filter?: {
    owner?: string; team?: string; region?: string; industry?: string; source?: string;
    clientType?: string; kind?: ClientKind; tags?: string[];
    /** Leads met at this show, rated so. */
    show?: string; rating?: Rating;
  };
}

export interface FunnelStep {
  stage: string;
  name: string;
  /** Cards that reached this stage or a later one (skipped stages count as passed). */
  reached: number;
  /** Share (0–1) of the previous step's cards; null for the first step or an empty one. */
  conversion: number | null;
  fromFirst: number | null;
  lost: number;
  lostReasons: Record<string, number>;
  waiting: number;
  medianHoursToNext: number | null;
  p90HoursToNext: number | null;
}

export interface FunnelBottleneck {
  stage: string;
  next: string;
  drop: number;
  conversion: number | null;
  /** The stage's expected conversion, where the actual one falls short. */
  belowExpected: number | null;
  /** Split by owner: the median conversion of the owners of the same team, where this owner's falls short. */
  belowTeamMedian: number | null;
}

export interface Funnel {
  pipeline: string;
  cards: number;
  steps: FunnelStep[];
  /** Worst first: the largest loss, then the lowest conversion. */
  bottlenecks: FunnelBottleneck[];
}

export interface Nps {
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Promoters minus detractors, percent of the answers; null without answers. */
  score: number | null;
}

export interface NpsReport {
  overall: Nps;
  /** Split by owner or team: one per key ("" for clients without one). */
  groups?: Record<string, Nps>;
}

export interface ActivityRow {
  author: string;
  channel: Channel;
  /** The contact goal; "" for touches logged without a plan. */
  goal: string;
  /** Touches that were planned, whatever became of them. */
  planned: number;
  /** Of those, still waiting to happen. */
  pending: number;
  done: number;
  missed: number;
  cancelled: number;
  /** Of planned touches now done, the share the rep reported as going to plan (outcome "success"); null if none is done. */
  asPlanned: number | null;
}

/** A target for a user or a team over a period of calendar days `[from, to)`. */
export interface SalesPlan {
  owner: { user: string } | { team: string };
  /** "deals": cards reaching the sales pipeline's last stage (each once); "amount": the last amount recorded for each; "touches": touches done. */
  metric: "deals" | "amount" | "touches";
  target: number;
  from: IsoDate;
  to: IsoDate;
}

export interface PlanProgress {
  /** The plan's id, what `removePlan` takes: its metric, period and owner written out
   * ("amount/2026-03-01/2026-04-01/user:anna"), the same for as long as the plan is. */
  id: string;
  plan: SalesPlan;
  fact: number;
  /** fact / target; above 1 when the plan is beaten. */
  share: number;
  /** Where the period will end at the pace so far; null before it starts. */
  forecast: number | null;
}

export interface FunnelReport {
  overall: Funnel;
  /** One funnel per group when split `by`; a null key for clients without one. */
  groups?: { key: string | null; funnel: Funnel }[];
}

/** What `Crm.open` needs to know. */
export interface OpenOptions {
  /** The current user: the author of every change. */
  user: string;
  /** Where phones typed without their country code are read (ISO code: "GB", "KZ");
   * "RU" unless given. */
  defaultRegion?: string;
}

/** `connectHub`: a team hub (a CouchDB-protocol server) and a login — a name and password
 * (used once, never stored), a token the host site already has, or a name alone to go on
 * with the hub's session from an earlier login (after a reload). */
export type HubOptions = (
  | { url: string; database: string; user: string; password: string }
  | { url: string; database: string; token: string }
  | { url: string; database: string; user: string }
) & {
  /** How long a request may go unanswered before it is tried again (ms, 100–600000; 30000). */
  timeoutMs?: number;
};

/** Where team sync stands. */
export interface SyncStatus {
  state: "off" | "syncing" | "idle" | "offline" | "unauthorized" | "error";
  /** Local changes not yet on the hub. */
  pending: number;
  /** When a sync last completed, ISO 8601. */
  lastSyncedAt: string | null;
  /** How far the sync under way is. */
  progress: { done: number; total: number } | null;
  /** What went wrong last, if anything. */
  error: { kind: RipenErrorKind; message: string } | null;
}

/** The public half of the team's lead key (an EC P-256 JWK): what the site's
 * `<ripen-lead-form team-key=…>` takes. */
export interface LeadKey {
  kty: "EC";
  crv: "P-256";
  /** base64url, 43 characters. */
  x: string;
  y: string;
}

/** A website lead as opened and checked: every field the visitor's, untrusted text. */
export interface WebLead {
  /** `lead:` and 26 characters: the inbox document's id. */
  id: string;
  name: string;
  /** As the visitor wrote them (the client gets them parsed). */
  phone?: string;
  email?: string;
  question?: string;
  /** `text`: the wording agreed to; `at`: the visitor's clock. */
  consent: { contact: boolean; marketing: boolean; text?: string; at?: string };
  page?: string;
  lang?: string;
  submittedAt?: string;
  /** Milliseconds from the form's first touch to its sending. */
  fillMs?: number;
}

/** What this device's pull of the website leads' inbox met (`inboxStatus`). */
export interface InboxStatus {
  /** `off`: no hub; `waiting`: not pulled yet; `no_key`: the team has no lead key;
   * `no_inbox`: the hub has no `<database>-inbox`; `forbidden`: not this user's to read. */
  state: "off" | "waiting" | "no_key" | "no_inbox" | "forbidden" | "idle" | "error";
  /** Inbox documents met (design documents and purges aside). */
  received: number;
  /** Taken in as new clients. */
  added: number;
  /** Taken in as an inbound touch on a client the base held (same phone or e-mail). */
  matched: number;
  /** Already taken in (by this device, or another first): nothing written. */
  known: number;
  /** Not taken in. */
  refused: number;
  /** The latest refusals (at most 50): `code` `shape` (not a sealed lead of the known
   * shape), `sealed` (does not open with the team's keys), `malformed` (opens to no lead),
   * `no_contact` (neither a phone nor an e-mail), `tampered` (changed after delivery). */
  refusals: { id: string; code: "shape" | "sealed" | "malformed" | "no_contact" | "tampered"; reason: string; at: string }[];
}

/** A client a conflict is about, by its current name (`null` if the base no longer holds it). */
export interface ClientRef {
  id: string;
  name: string | null;
}

/** What the team's devices decided at once that the fold could not both keep
 * (`conflicts()`): a lead given an owner on two devices (the owner who stands and the one
 * overridden), a merge left out because its duplicate was merged elsewhere first, or a
 * change left out because its author no longer had the right to it (`rule`: not a user
 * any more, the `client` out of their sight, the `setting` not theirs to change, the admin
 * role not theirs to give or take, the `user` the last admin); `events`: how many events
 * of an import refused as a whole went with it. */
export type SyncConflict =
  | { kind: "assignment"; event: string; client: ClientRef; owner: string | null; overridden: string | null }
  | { kind: "merge_left_out"; event: string; keep: ClientRef; drop: ClientRef; mergedInto: ClientRef }
  | {
      kind: "unauthorized";
      event: string;
      author: string;
      rule: "not_member" | "client" | "configures" | "admins_only" | "last_admin";
      client: ClientRef | null;
      setting: "users" | "teams" | "routing" | "pipelines" | "contact_policy" | "plans" | "stimuli" | "shows" | "lead_keys" | "templates" | "settings" | "backups" | null;
      user: string | null;
      clients: ClientRef[];
      events: number;
    };

/** The stable classification every rejected call carries as `error.kind`. */
export type RipenErrorKind =
  | "validation"
  | "not_found"
  | "conflict"
  | "aggression_limit"
  | "forbidden"
  | "quota_exceeded"
  | "storage"
  | "schema_too_new"
  | "foreign_database"
  | "corrupt"
  | "closed"
  | "unauthorized"
  | "network";

/** How warm a lead is, as the rep judged it at the stand. */
export type Rating = "hot" | "warm" | "cold";

/** A qualification question: one tap on a listed option (`choices`), yes or no, or text. */
export interface Question {
  /** Lowercase Latin letters, digits, `_` and `-`: `interest`. */
  id: string;
  text: string;
  kind: "choices" | "yes_no" | "text";
  /** A choice's options (2 to 12), in the order shown; absent for the other kinds. */
  options?: string[];
}

/** The language a template is written in. */
export type TemplateLocale = "ru" | "en";

/** What a template's `{…}` may name (`{{` and `}}` write a brace itself). */
export type TemplateVariable = "name" | "first_name" | "company" | "event" | "wish" | "rep" | "date";

/** `saveTemplate`: a new template, or a change to the one with its `id`. */
export interface TemplateInput {
  /** Lowercase Latin letters, digits, `_` and `-`: `offer_sent-email-ru`. */
  id: string;
  pipeline: string;
  stage: string;
  channel: Channel;
  locale: TemplateLocale;
  /** Up to 100 characters. */
  name: string;
  /** An e-mail's subject, up to 200 characters; only for `channel: "email"`. */
  subject?: string | null;
  /** Up to 4000 characters, line breaks kept. */
  body: string;
}

/** A message template for a stage and a channel. */
export interface Template {
  id: string;
  pipeline: string;
  stage: string;
  channel: Channel;
  locale: TemplateLocale;
  name: string;
  subject?: string;
  body: string;
}

/** `templates(filter)`: each value given must match. */
export interface TemplateFilter {
  pipeline?: string;
  stage?: string;
  channel?: Channel;
  locale?: TemplateLocale;
}

/** A link that sends the text from the device. */
export interface SendLink {
  kind: "mailto" | "sms" | "tel" | "whatsapp" | "telegram" | "viber";
  /** The channel to log the touch on once sent. */
  channel: Channel;
  /** `mailto:…`, `sms:+7…?&body=…`, `tel:+7…`, `https://wa.me/…?text=…`, `https://t.me/…`, `viber://chat?number=…`. */
  href: string;
  /** The address: an e-mail, a phone as written, a handle. */
  label: string;
}

/** `renderTemplate`: a template filled in for a client. */
export interface RenderedTemplate {
  template: Template;
  subject: string | null;
  body: string;
  /** Variables the client has no value for, left in the text as `{name}`. */
  missing: TemplateVariable[];
  /** The stage's recommended next actions. */
  stimuli: string[];
  links: SendLink[];
}

/** `saveShow`: a new show without `id`, a change to one with it. */
export interface ShowInput {
  id?: string;
  /** Up to 100 characters. */
  name: string;
  /** Its first and last day (YYYY-MM-DD), in its own time zone; at most 60 days. */
  starts: string;
  ends: string;
  place?: string;
  stand?: string;
  /** IANA name; the contact policy's default zone unless given. */
  timeZone?: string;
  /** The users at the stand. */
  team?: string[];
  /** Where a lead captured at the show gets its card. */
  pipeline: string;
  stage: string;
  /** Up to 20; the defaults (interest, budget, timeframe, role, note) unless given. */
  questions?: Question[];
}

/** A trade show, forum or conference the team has a stand at. */
export interface Show {
  id: string;
  name: string;
  starts: string;
  ends: string;
  place: string | null;
  stand: string | null;
  timeZone: string | null;
  team: string[];
  pipeline: string;
  stage: string;
  questions: Question[];
  /** Archived shows take no new leads. */
  archived: boolean;
}

/** Answers by question id: a choice's option or a text; `true` / `false` for a yes-no
 * question; `null` takes an answer back (`qualifyLead`). */
export type Answers = { [questionId: string]: string | boolean | null };

/** The consent asked: to be contacted, to receive marketing. */
export interface ConsentInput {
  contact: boolean;
  marketing: boolean;
  /** "stand", "web form", "import", "call", or the team's own word; "stand" at a
   * `captureLead` unless given, required by `recordConsent`. */
  source?: string;
  /** RFC 3339; now unless given. */
  at?: string;
}

/** `captureLead`: a lead met at a show. */
export interface LeadInput {
  /** The show; the one running today that the rep works at unless given. */
  show?: string;
  client: ClientInput;
  answers?: Answers;
  rating?: Rating;
  consent?: ConsentInput;
  /** What the badge's barcode held. */
  badge?: string;
  /** RFC 3339; now unless given. */
  at?: string;
}

/** A client's record as a lead. Stored answers: a choice's option as listed, a text, or
 * "yes" / "no". */
export interface Lead {
  show: string;
  /** The rep who captured it. */
  by: string;
  at: string;
  answers: { [questionId: string]: string };
  rating: Rating | null;
  badge: string | null;
}

/** One consent as recorded; the last of a client's is current. */
export interface ConsentRecord {
  contact: boolean;
  marketing: boolean;
  source: string;
  at: string;
  /** Who recorded it. */
  by: string;
}

/** A lead on the stand dashboard. */
export interface StandLead {
  client: string;
  name: string;
  rating?: Rating;
  at: string;
  by: string;
}

/** `standDashboard`: a show's leads at a glance, of the clients the user sees. */
export interface StandDashboard {
  show: string;
  /** Where hours and days are read: the show's zone, else the policy's default. */
  timeZone: string;
  total: number;
  /** Captured today, in that zone. */
  today: number;
  /** From the first lead's hour to the last's, hours without leads included;
   * `hour` as the show's clock reads it, a wall time: "2026-07-07 10:00". */
  perHour: { hour: string; leads: number }[];
  /** Most leads first. */
  perRep: { user: string; leads: number; hot: number }[];
  /** Rated hot, newest first. */
  hot: StandLead[];
  /** Owned by nobody yet, newest first. */
  unassigned: StandLead[];
}

/** Every call the engine refuses, it refuses with one of these. */
export interface RipenError extends Error {
  name: "RipenError";
  kind: RipenErrorKind;
  /** For kind "validation": the argument at fault as the typings name it ("clientId"), or
   * the path inside it, e.g. "phones[1]" or "clients[3].name". */
  field?: string;
  /** For kind "validation": a stable code — "empty", "too_long", "control_character",
   * "not_one_of", "malformed", "shape", "wrong_type", "too_large", "too_many",
   * "lone_surrogate", "invalid_date", "out_of_range", … (docs/api.md, "Limits"). */
  problem?: string;
  /** For kind "conflict": the id of the later change that stands in the way. */
  later?: string;
  /** For kind "aggression_limit": every broken rule (as `checkTouch` says). */
  violations?: Violation[];
  /** For kind "aggression_limit": the earliest time no blocking rule is broken. */
  nextAllowedAt?: string | null;
  /** For kind "aggression_limit": the earliest time no rule at all is broken. */
  nextClearAt?: string | null;
  /** For kind "aggression_limit": only warnings stand in the way; retry with `override`. */
  overridable?: boolean;
}
"#;
