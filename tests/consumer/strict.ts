// A newcomer's TypeScript against the installed package, compiled with `strict` and
// `skipLibCheck: false` under lib ES2022: the package's own typings must compile, right
// calls must type-check and wrong ones must not (each `@ts-expect-error` must find its error).
import init, { Crm, type ImportPreview, type Client } from "ripen-crm";
import { mount, RipenCrm, type MountOptions } from "ripen-crm/element";
import { MIN_FILL_MS, type RipenLeadForm } from "ripen-crm/lead-form";

/** The website lead form, found by its tag's type. */
export function leadForm(): number {
  const form: RipenLeadForm | null = document.querySelector("ripen-lead-form");
  form?.setAttribute("lang", "en");
  return MIN_FILL_MS;
}

export async function newcomer(): Promise<string> {
  await init();
  const crm = await Crm.open("shop", { user: "anna" });
  const client: Client = await crm.addClient({ name: "ООО «Ромашка»", kind: "company" });
  const preview: ImportPreview = await crm.previewImport("Имя\nАнна\n");
  await Crm.loadFileReaders({ workbooks: true });
  const saved: Blob = await crm.exportCsv();
  // @ts-expect-error: a preview is a promise to await.
  const notAwaited: ImportPreview = crm.previewImport("Имя\nАнна\n");
  void notAwaited;
  void saved;
  // @ts-expect-error: a client's kind is "person" or "company".
  await crm.addClient({ name: "Анна", kind: "robot" });
  // @ts-expect-error: open needs the database's name.
  await Crm.open();
  // @ts-expect-error: a preview's count is a number.
  const rows: string = preview.rows;
  return client.id + rows;
}

export function embed(host: HTMLElement): RipenCrm {
  const options: MountOptions = { database: "shop", user: "anna", lang: "ru", screens: ["capture", "clients"] };
  const app = mount(host, options);
  app.go("clients");
  // @ts-expect-error: there is no such screen.
  app.go("reports");
  const found: RipenCrm | null = document.querySelector("ripen-crm");
  return found ?? app;
}
