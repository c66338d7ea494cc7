// Settings: import and export. A file (a workbook, CSV from any spreadsheet or CRM, or
// vCard cards; the engine loads its file readers when the first file is read) is
// previewed first — columns and the fields they fill (changeable), rows that read, rows
// with errors, probable duplicates with a choice each — then imported as one change that
// can be undone whole. Clients go out as CSV or vCard.
import { h, fill, download } from "./dom.js";

const FIELDS = ["name", "firstName", "middleName", "lastName", "company", "position", "kind", "phone", "email", "website",
  "region", "city", "industry", "source", "clientType", "tags", "notes", "birthday", "companyPhone", "companyEmail",
  "companyWebsite", "companyIndustry", "ignore"];
const COLUMNS = ["name", "kind", "company", "position", "phones", "emails", "website", "region", "industry", "source",
  "clientType", "tags", "notes", "birthday", "owner", "createdAt", "id"];
const DEFAULT_COLUMNS = new Set(["name", "kind", "company", "position", "phones", "emails", "region", "tags", "notes"]);

const stamp = () => new Date().toISOString().slice(0, 10);

export function importPart(app, act) {
  const s = app.strings.importing;
  // The readers the first file needs, fetched while the person picks it (and kept by the
  // service worker for offline use); a failure here is said when a file is read.
  app.crm.constructor.loadFileReaders().catch(() => {});
  const select = (id, options) => h("select", { id }, options.map(([value, text]) => h("option", { value }, text)));
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const file = h("input", { type: "file", id: "import-file", accept: ".csv,.txt,.tsv,.vcf,.xlsx,.xls,.ods,text/csv,text/vcard,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet" });
  // Found by itself unless the reader knows better: the encodings contact files come in.
  const encoding = select("import-encoding", [["", s.auto], ["utf-8", "UTF-8"], ["windows-1251", "Windows-1251"], ["koi8-r", "KOI8-R"],
    ["utf-16le", "UTF-16 LE"], ["utf-16be", "UTF-16 BE"], ["windows-1252", "Windows-1252"], ["windows-1250", "Windows-1250"], ["shift_jis", "Shift_JIS"], ["gbk", "GBK"]]);
  const delimiter = select("import-delimiter", [["", s.auto], [";", "; (Excel RU)"], [",", ", (Excel EN, Google)"], ["\t", s.tab]]);
  const preset = select("import-preset", [["", s.auto], ["amoCrm", "amoCRM / Kommo"], ["bitrix24", "Bitrix24"], ["hubSpot", "HubSpot"], ["pipedrive", "Pipedrive"],
    ["google", "Google Contacts"], ["outlook", "Outlook"], ["thunderbird", "Thunderbird"], ["linkedIn", "LinkedIn"], ["salesforce", "Salesforce"], ["zoho", "Zoho CRM"]]);
  const report = h("div", { id: "import-preview", role: "status" });
  // A workbook's sheets, offered once the preview lists more than one.
  const sheet = h("select", { id: "import-sheet" });
  const sheetField = h("label", { class: "field", hidden: true }, h("span", {}, s.sheet), sheet);
  const mapping = {};
  let bytes = null;
  let name = "";
  // The columns a person chose for a file are chosen again for the next file with the same
  // headers (the same export, next month), on this device.
  const memory = (key) => `ripen.mapping.${key}`;
  let recalled = false;
  const recall = (key) => {
    try {
      return JSON.parse(localStorage.getItem(memory(key)) ?? "null");
    } catch {
      return null;
    }
  };
  const remember = (key) => {
    try {
      localStorage.setItem(memory(key), JSON.stringify(mapping));
    } catch {
      // A full storage forgets the choice, nothing else.
    }
  };

  const options = () => ({
    ...(encoding.value ? { encoding: encoding.value } : {}),
    ...(delimiter.value ? { delimiter: delimiter.value } : {}),
    ...(preset.value ? { preset: preset.value } : {}),
    ...(Object.keys(mapping).length ? { mapping } : {}),
    ...(sheet.value ? { sheet: sheet.value } : {}),
    fileName: name,
  });

  // A reader that could not be downloaded (offline before it was ever cached) is said as
  // such, not as a bare network error.
  const refused = (error) => {
    const problem = error?.kind === "network" ? "reader_download" : error?.problem ?? error?.kind ?? "";
    fill(report, h("p", { class: "error", id: "import-refused", "data-problem": problem },
      s.problems[problem] ?? app.describe(error)), h("p", { class: "meta" }, error?.message ?? ""));
  };

  // Each change of an option reads the file again; only the latest reading is shown.
  let reading = 0;
  const show = async () => {
    if (!bytes) return;
    const mine = ++reading;
    let preview;
    try {
      preview = await app.crm.previewImport(bytes, options());
    } catch (error) {
      return mine === reading ? refused(error) : undefined;
    }
    if (mine !== reading) return;
    const chosenBefore = preview.headerKey && !recalled && Object.keys(mapping).length === 0 ? recall(preview.headerKey) : null;
    if (chosenBefore && Object.keys(chosenBefore).length) {
      recalled = true;
      Object.assign(mapping, chosenBefore);
      return show();
    }
    const sheets = preview.sheets ?? [];
    sheetField.hidden = sheets.length < 2;
    fill(sheet, sheets.map((n) => h("option", { value: n, selected: n === preview.sheet }, n)));
    const choices = new Map(preview.duplicates.map((row) => [row.line, "skip"]));
    const header = preview.headerless ? s.headerless : preview.headerLine ? s.headerAt(preview.headerLine) : null;
    const summary = h("p", { id: "import-summary" }, s.summary(preview.rows, preview.ready, preview.duplicateCount, preview.issueCount),
      h("span", { class: "meta" }, ` ${[preview.sheet && s.sheetIs(preview.sheet), preview.encoding, preview.delimiter && s.delimiterIs(preview.delimiter), preview.preset, header, recalled && s.recalled].filter(Boolean).join(" · ")}`));
    // Each column's choice is named by what is on screen: the "field" heading and the column's name in its row.
    const columns = preview.columns.length ? h("table", { class: "mapping", id: "import-columns" },
      h("tr", {}, h("th", {}, s.column), h("th", { id: "import-field-heading" }, s.field)),
      preview.columns.map((column, i) => {
        const choice = h("select", { "aria-labelledby": `import-field-heading import-column-${i}`, "data-header": column.header },
          FIELDS.map((f) => h("option", { value: f, selected: f === column.field }, s.fields[f])));
        choice.addEventListener("change", () => {
          mapping[column.header] = choice.value;
          if (preview.headerKey) remember(preview.headerKey);
          show();
        });
        return h("tr", {}, h("td", { id: `import-column-${i}` }, column.header === column.letter ? column.header : `${column.letter} · ${column.header}`), h("td", {}, choice));
      })) : null;
    // It scrolls sideways on a phone and holds nothing focusable: the keyboard scrolls it.
    const sample = h("table", { class: "sample", id: "import-sample", tabIndex: 0, "aria-labelledby": "import-sample-heading" },
      h("tr", {}, [s.line, s.name, s.company, s.phones, s.emails].map((t) => h("th", {}, t))),
      preview.sample.map((row) => h("tr", {}, h("td", {}, String(row.line)), h("td", {}, row.name, h("span", { class: "meta" }, ` ${app.strings.capture[row.kind]}`)),
        h("td", {}, [row.company, row.position].filter(Boolean).join(", ")), h("td", {}, row.phones.join(", ")), h("td", {}, row.emails.join(", ")))));
    const duplicates = preview.duplicates.length ? h("ul", { class: "rows", id: "import-duplicates" }, preview.duplicates.map((row) => {
      const best = row.duplicates[0];
      const choice = h("select", { "data-line": row.line },
        h("option", { value: "skip" }, s.choices.skip), h("option", { value: "merge" }, s.choices.merge(best.name)), h("option", { value: "add" }, s.choices.add));
      choice.addEventListener("change", () => choices.set(row.line, choice.value));
      return h("li", {}, h("span", { class: "grow" }, `${s.line} ${row.line}: ${row.name}`,
        h("span", { class: "meta" }, s.mayBe(best.name, best.score))), field(s.choice, choice));
    })) : null;
    // Where the value stood: a table's column by its letter and header, a vCard's property by name.
    const where = (issue) => issue.letter ? ` · ${s.columnAt(issue.letter, issue.column)}` : issue.column ? ` · ${issue.column}` : "";
    const issueRow = (issue) => h("li", { "data-problem": issue.problem }, h("span", { class: "grow" }, `${s.line} ${issue.line}${where(issue)}: `,
      s.rowProblems[issue.problem]?.(issue.value ?? "") ?? issue.message, h("span", { class: "meta" }, issue.message)));
    const issues = preview.issues.length ? h("ul", { class: "rows", id: "import-issues" }, preview.issues.map(issueRow)) : null;
    // Contacts that come in with a value kept as text in their notes: said, not hidden.
    const warnings = preview.warnings?.length ? h("ul", { class: "rows", id: "import-warnings" }, preview.warnings.map(issueRow)) : null;
    const go = h("button", { type: "button", id: "import-go", disabled: preview.ready === 0, onclick: () => act(async () => {
      const result = await app.crm.importFile(bytes, { ...options(), choices: Object.fromEntries(choices) });
      bytes = null;
      return result;
    }, s.done) }, s.go(preview.ready - preview.duplicateCount));
    fill(report, summary, columns, preview.sample.length ? [h("h4", { id: "import-sample-heading" }, s.sample), sample] : null,
      duplicates ? [h("h4", {}, s.duplicates), h("p", { class: "meta" }, s.duplicatesHint), duplicates] : null,
      issues ? [h("h4", {}, s.issues(preview.issueCount)), issues] : null,
      warnings ? [h("h4", {}, s.warnings(preview.warningCount)), h("p", { class: "meta" }, s.warningsHint), warnings] : null, go);
  };

  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    name = chosen.name;
    for (const key of Object.keys(mapping)) delete mapping[key];
    recalled = false;
    fill(sheet);
    sheetField.hidden = true;
    fill(report, h("p", { class: "muted" }, s.reading));
    bytes = new Uint8Array(await chosen.arrayBuffer());
    if (isWorkbook(chosen.name, bytes)) fill(report, h("p", { class: "muted" }, s.loadingReader));
    // Let the message paint before a big file is parsed.
    setTimeout(show, 0);
  });
  for (const el of [encoding, delimiter, preset]) el.addEventListener("change", show);
  sheet.addEventListener("change", () => {
    // Another sheet is another table: its columns are its own.
    for (const key of Object.keys(mapping)) delete mapping[key];
    recalled = false;
    show();
  });

  const imports = app.crm.imports();
  const history = imports.length ? h("ul", { class: "rows", id: "import-history" }, imports.map((entry) =>
    h("li", { "data-event": entry.event }, h("span", { class: "grow" }, `${app.formatDate(new Date(entry.at))} · ${entry.file ?? entry.format}`,
      h("span", { class: "meta" }, s.counts(entry.added, entry.merged, entry.skipped))),
    entry.revertedBy
      ? [h("span", { class: "badge" }, s.undone),
        h("button", { type: "button", class: "ghost small", "data-action": "redo", onclick: () => act(() => app.crm.revert(entry.revertedBy), s.redoneDone) }, s.redo)]
      : h("button", { type: "button", class: "ghost small", "data-action": "undo", onclick: () => act(() => app.crm.revert(entry.event), s.undoneDone) }, s.undo)))) : h("p", { class: "muted" }, s.none);

  return h("div", { class: "settings-part" },
    h("h3", {}, s.importHeading), h("p", { class: "muted" }, s.explain),
    h("label", { class: "field" }, h("span", {}, s.file), file),
    sheetField,
    h("details", {}, h("summary", {}, s.options), h("div", { class: "grid" }, field(s.encoding, encoding), field(s.delimiter, delimiter), field(s.preset, preset))),
    report,
    h("h3", {}, s.history), history,
    exportForm(app, act));
}

/** A workbook, by its name or its first bytes (a ZIP archive, an OLE compound file). */
function isWorkbook(name, bytes) {
  if (/\.(xlsx|xlsm|xls|ods)$/i.test(name)) return true;
  const starts = (...sig) => sig.every((b, i) => bytes[i] === b);
  return starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0);
}

/** Every client the user sees, as CSV (with the columns chosen) or vCard. */
function exportForm(app, act) {
  const s = app.strings.importing;
  const boxes = COLUMNS.map((column) => h("label", { class: "check" },
    h("input", { type: "checkbox", value: column, checked: DEFAULT_COLUMNS.has(column), "data-column": column }), s.columns[column]));
  const dialect = h("select", { id: "export-dialect" },
    h("option", { value: "ru", selected: app.lang === "ru" }, s.dialects.ru), h("option", { value: "en", selected: app.lang !== "ru" }, s.dialects.en),
    h("option", { value: "google" }, s.dialects.google), h("option", { value: "outlook" }, s.dialects.outlook));
  const columns = () => boxes.map((b) => b.firstChild).filter((b) => b.checked).map((b) => b.value);
  return h("div", {},
    h("h3", {}, s.exportHeading),
    h("details", {}, h("summary", {}, s.chooseColumns), h("div", { class: "checks" }, boxes)),
    h("div", { class: "inline bottom" }, h("label", { class: "field" }, h("span", {}, s.dialect), dialect),
      h("button", { type: "button", id: "export-csv", onclick: () => act(async () => {
        download(await app.crm.exportCsv({ columns: columns(), dialect: dialect.value }), `ripen-clients-${stamp()}.csv`);
      }, s.exported, { redraw: false }) }, s.exportCsv),
      h("button", { type: "button", id: "export-vcard", class: "ghost", onclick: () => act(async () => {
        download(await app.crm.exportVcard(), `ripen-clients-${stamp()}.vcf`);
      }, s.exported, { redraw: false }) }, s.exportVcard)));
}
