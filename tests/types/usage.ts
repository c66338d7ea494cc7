// Type-checks the generated typings the way an embedding site would use them: if the
// package's .d.ts drifts from this usage, `cargo xtask test` fails.
import init, {
  Crm,
  type Client,
  type ClientInput,
  type ActivityRow,
  type AgendaItem,
  type Card,
  type FunnelReport,
  type HistoryEntry,
  type Outcome,
  type Pipeline,
  type PlanProgress,
  type Relationship,
  type RipenError,
  type Rule,
  type Touch,
  type TouchCheck,
  type RipenErrorKind,
  type RoutingSettings,
  type SearchHit,
  type Change,
  type LimitBreach,
  type StorageInfo,
  type ClientsPage,
  type Rescued,
  type Duplicate,
  type DuplicatePair,
  type Grantee,
  type AccessInfo,
  type HubOptions,
  type SyncStatus,
  type SyncConflict,
} from "../../www/pkg/ripen_wasm.js";

export async function embed(): Promise<Client[]> {
  await init();
  const crm: Crm = await Crm.open("acme-sales", { user: "anna" });
  const input: ClientInput = { kind: "company", name: "ООО «Сибирские моторы»" };
  const added: Client = await crm.addClient(input);
  const id: string = added.id;
  const created: Date = new Date(added.createdAt);
  void id;
  void created;
  const many: string[] = await crm.addClients([{ name: "Анна Петрова", kind: "person" }, { name: "АО «Сибмоторс»" }]);
  void many;
  try {
    await crm.addClient({ name: "" });
  } catch (caught) {
    const error = caught as RipenError;
    const kind: RipenErrorKind = error.kind;
    const field: string | undefined = error.field;
    void kind;
    void field;
  }
  const name: string = crm.name;
  const user: string = crm.user;
  void name;
  void user;
  const full: Client = await crm.addClient({
    name: "ОАО «Моторы»",
    phones: ["8 (383) 200-00-00"],
    emails: ["info@motors.ru"],
    timeZone: "Asia/Novosibirsk",
    dates: [{ kind: "pet_birthday", label: "Джек", month: 4, day: 12 }],
    aliases: [{ name: "Motory", kind: "latin" }],
  });
  const e164: string = full.phones[0].e164;
  void e164;
  await crm.updateClient(full.id, { region: "Сибирь", tags: null });
  await crm.rename(full.id, { name: "АО «Сибмоторс»", since: "2025-03-01" });
  await crm.addAlias(full.id, { name: "Sibmotors", kind: "brand" });
  await crm.removeAlias(full.id, { name: "Sibmotors", kind: "brand" });
  const history: HistoryEntry[] = await crm.history(full.id);
  for (const entry of history) {
    if (entry.type === "client_updated") {
      const fields: string[] = entry.changes.map((change) => change.field);
      void fields;
    }
  }
  const reverted: HistoryEntry = await crm.revert(history[0].eventId, { force: false });
  void reverted;
  const again: Client = crm.getClient(full.id);
  void again;
  await crm.removeClient(full.id);
  await crm.restoreClient(full.id);
  const touch: Touch = await crm.planTouch({
    clientId: full.id,
    channel: "call",
    goal: "send_offer",
    approach: "new plant needs financing",
    plannedResult: "meeting booked",
  });
  const done: Touch = await crm.completeTouch(touch.id, { result: "booked", outcome: "success" });
  const outcome: Outcome | null = done.outcome;
  void outcome;
  await crm.logTouch({ clientId: full.id, channel: "email", direction: "inbound" });
  const card: Card = await crm.moveStage(full.id, { pipeline: "sales", stage: "offer_sent" });
  await crm.moveStage(full.id, { pipeline: "sales", lost: "no budget" });
  const pipelines: Pipeline[] = crm.pipelines();
  void card;
  void pipelines;
  const plant = await crm.addClient({ name: "Завод" });
  const relationship: Relationship = await crm.link(full.id, plant.id, "branch");
  const ended: Relationship = await crm.endLink(relationship.id, { on: "2026-03-01" });
  void ended;
  const group: Client[] = crm.group(plant.id);
  void group;
  await crm.saveTeam("omsk", { name: "Омск" });
  await crm.saveUser("boris", { name: "Борис", role: "manager", team: "omsk" });
  await crm.handOff(full.id, { to: "boris", reason: "key account" });
  const check: TouchCheck = crm.checkTouch({ clientId: full.id, channel: "call", at: "2026-03-02T10:00:00+07:00" });
  const next: string | null = check.nextAllowedAt;
  void next;
  const rules: Rule[] = crm.rules();
  await crm.saveRule({ ...rules[0], limit: { minGap: { hours: 12 } } });
  const pressure: number = crm.pressure(full.id);
  void pressure;
  await crm.planTouch({ clientId: full.id, channel: "call", goal: "g", approach: "a", plannedResult: "r", override: "agreed" });
  const items: AgendaItem[] = crm.agenda({ days: 7 });
  const everyone: AgendaItem[] = crm.agenda({ user: null });
  void items;
  void everyone;
  await crm.saveStimuli("sales", "offer_sent", ["Call"]);
  const report: FunnelReport = crm.funnel({ pipeline: "sales", by: "owner", filter: { tags: ["vip"] } });
  const firstStep: number = report.overall.steps[0].reached;
  void firstStep;
  const score: number | null = crm.nps({ by: "team" }).overall.score;
  const rows: ActivityRow[] = crm.activity({ user: "anna" });
  void score;
  void rows;
  await crm.savePlan({ owner: { team: "omsk" }, metric: "touches", target: 40, from: "2026-03-01", to: "2026-04-01" });
  const progress: PlanProgress[] = crm.plans({ now: "2026-03-16T00:00:00Z" });
  await crm.removePlan(progress[0].id);
  // @ts-expect-error: a plan is removed by its id, not by the whole plan.
  await crm.removePlan(progress[0].plan);
  await crm.saveUser("boris", { name: "Борис", role: "manager", team: "omsk", cap: 30, sees: "team",
    skills: [{ field: "industry", value: "machinery", weight: 0.6 }] });
  await crm.saveRouting({ rules: [{ when: { region: "Сибирь" }, to: { team: "omsk" } }], default: { user: "anna" },
    teams: { omsk: "skills" }, won: { team: "kam" } });
  const settings: RoutingSettings | null = crm.routing();
  void settings;
  const lead = await crm.addClient({ name: "Лид", owner: "boris" });
  const rerouted: Client = await crm.route(lead.id, { to: { team: "omsk" }, reason: "qualified" });
  const shared: Grantee[] = (await crm.share(rerouted.id, { team: "omsk" })).sharedWith;
  void shared;
  await crm.unshare(lead.id, { user: "boris" });
  const entry = (await crm.history(lead.id))[0];
  if (entry.type === "client_routed") {
    const text: string = entry.why.text;
    void text;
  }
  await crm.switchUser("boris");
  const access: AccessInfo = crm.access();
  void access;
  const hub: HubOptions = { url: "http://127.0.0.1:5984/", database: "team", user: "anna", password: "secret" };
  await crm.connectHub(hub);
  await crm.connectHub({ url: "https://hub.example/", database: "team", token: "eyJ…" });
  await crm.syncNow();
  const sync: SyncStatus = crm.syncStatus();
  const syncState: "off" | "syncing" | "idle" | "offline" | "unauthorized" | "error" = sync.state;
  const syncKind: RipenErrorKind | undefined = sync.error?.kind;
  void syncState;
  void syncKind;
  await crm.disconnectHub();
  const conflicts: SyncConflict[] = crm.conflicts();
  for (const conflict of conflicts) {
    const about: string | null =
      conflict.kind === "assignment"
        ? conflict.client.name
        : conflict.kind === "unauthorized"
          ? conflict.author
          : conflict.drop.name;
    void about;
  }
  const hits: SearchHit[] = crm.search("сибмот", { limit: 5, filter: { kind: "company", tags: ["vip"] } });
  const how: string = hits[0].matched.how;
  void how;
  const twins: Duplicate[] = crm.findDuplicates({ name: "Сибмоторс", phones: ["+7 383 200-00-00"] }, { limit: 3 });
  const pairs: DuplicatePair[] = crm.duplicates({ limit: 50 });
  void twins;
  void pairs;
  if (pairs.length > 0) {
    const kept: Client = await crm.merge(pairs[0].a.id, pairs[0].b.id);
    void kept;
  }
  const subscription: number = crm.subscribe((change: Change) => void change.source);
  crm.unsubscribe(subscription);
  const news: number = await crm.refresh();
  void news;
  const backup: Blob = await crm.exportBackup();
  const digest: string = crm.digest();
  const breaches: LimitBreach[] = crm.limitBreaches();
  void breaches[0]?.violations;
  void digest;
  const restored: number = await crm.importBackup(backup).catch(() => crm.importBackup("{}")).catch(() => 0);
  // @ts-expect-error: a backup is a file or its text, not its bytes.
  await crm.importBackup(new Uint8Array(1));
  const storage: StorageInfo = await crm.storageInfo();
  void restored;
  void storage.skipped;
  const eventsSince: number = storage.checkpoint.eventsSince;
  void eventsSince;
  const clients = crm.listClients();
  const page: ClientsPage = crm.clients({ sort: "name", limit: 20, filter: { region: "Сибирь", stage: { pipeline: "sales", stage: "offer_sent" } } });
  const more: ClientsPage | null = page.next ? crm.clients({ sort: "name", after: page.next }) : null;
  void more;
  void storage.gaps;
  const rescued: Rescued = await Crm.rescue("acme-sales");
  void rescued.backup;
  await crm.close();
  await Crm.deleteDatabase("acme-sales");
  return clients;
}

// @ts-expect-error: a client kind outside the union is a type error.
export const wrongKind: ClientInput = { kind: "lead", name: "X" };

// @ts-expect-error: the name is required.
export const noName: ClientInput = { kind: "person" };

// @ts-expect-error: a patch cannot rename; rename() keeps the old name findable.
export const patchWithName: import("../../www/pkg/ripen_wasm.js").ClientPatch = { name: "X" };

// @ts-expect-error: a planned touch needs its planned result.
export const halfPlan: import("../../www/pkg/ripen_wasm.js").PlanTouchInput = { clientId: "c", channel: "call", goal: "send_offer", approach: "a" };

// @ts-expect-error: a share goes to a user or a team, nothing else.
export const wrongGrantee: Grantee = { city: "omsk" };

/** An import previewed, its duplicates merged, then taken back; the clients exported. */
export async function importAndExport(crm: Crm, file: Uint8Array): Promise<string> {
  const preview: import("../../www/pkg/ripen_wasm.js").ImportPreview = await crm.previewImport(file, { preset: "bitrix24", mapping: { "Код": "ignore" } });
  const choices: Record<number, import("../../www/pkg/ripen_wasm.js").ImportChoice> = {};
  for (const row of preview.duplicates) choices[row.line] = row.duplicates?.[0] ? { merge: row.duplicates[0].client } : "skip";
  const done = await crm.importFile(file, { fileName: "contacts.csv", choices });
  const entries: import("../../www/pkg/ripen_wasm.js").ImportEntry[] = crm.imports();
  if (entries[0].revertedBy === null) await crm.revert(done.event);
  const csv: Blob = await crm.exportCsv({ columns: ["name", "phones", "birthday"], dialect: "en" });
  const google: Blob = await crm.exportCsv({ dialect: "google" });
  // @ts-expect-error: an export is a file (a Blob) to save, not text.
  const text: string = await crm.exportVcard();
  return (await (await crm.exportVcard({ ids: [], version: "4.0" })).text()) + csv.size + google.size + text;
}

/** A File or Blob as it is, a file's text, or its bytes in a buffer will do. */
export async function previewAnyForm(crm: Crm, chosen: File): Promise<number> {
  const fromText = await crm.previewImport("Имя\nАнна\n");
  const fromBuffer = await crm.previewImport(await chosen.arrayBuffer());
  const fromFile = await crm.previewImport(chosen);
  // @ts-expect-error: a number is no file.
  await crm.previewImport(42);
  // @ts-expect-error: a preview is a promise.
  void crm.previewImport(chosen).ready;
  using scoped = await Crm.open("scoped", { user: "anna" }); // disposed by free()
  scoped.free();
  return fromText.ready + fromBuffer.ready + fromFile.ready;
}

// @ts-expect-error: only the known presets.
export const wrongPreset: import("../../www/pkg/ripen_wasm.js").ImportOptions = { preset: "sugarCrm" };

// @ts-expect-error: only the known export columns.
export const wrongColumn: import("../../www/pkg/ripen_wasm.js").ExportOptions = { columns: ["salary"] };

/** A workbook: the readers loaded ahead (from where a bundler put them), a sheet chosen by name. */
export async function previewWorkbook(crm: Crm, workbook: Uint8Array): Promise<string[]> {
  await Crm.loadFileReaders({ workbooks: true, readerUrl: "/assets/ripen_reader.js" });
  // @ts-expect-error: the options name the readers' addresses, nothing else.
  await Crm.loadFileReaders({ workbook: true });
  const preview = await crm.previewImport(workbook, { sheet: "Клиенты" });
  const format: "xlsx" | "ods" | "xls" | "csv" | "vcard" = preview.format;
  // @ts-expect-error: a sheet is named, not numbered.
  crm.previewImport(workbook, { sheet: 2 });
  return [format, preview.sheet ?? "", ...(preview.sheets ?? [])];
}

/** A scanned code into the capture form: the draft `addClient` takes, once it has a name. */
export async function scanLead(crm: Crm, text: string): Promise<string | null> {
  const scan: import("../../www/pkg/ripen_wasm.js").ScanResult = await crm.readScan(text);
  const kind: "contact" | "badge" | "url" = scan.kind;
  const twins: Duplicate[] = scan.duplicates;
  void twins;
  // @ts-expect-error: a scan is text, not an image.
  void crm.readScan(new Uint8Array(1));
  if (kind === "badge" && scan.draft.name === undefined) return scan.badge ?? null;
  const client: Client = await crm.addClient({ ...scan.draft, name: scan.draft.name ?? scan.url ?? "?" });
  return client.id;
}
