// The engine as a page without a bundler imports it: from the installed package's files.
import init, { Crm } from "./node_modules/ripen-crm/pkg/ripen_wasm.js";
try {
  await init();
  const crm = await Crm.open(`consumer-${Date.now()}`, { user: "anna" });
  await crm.addClient({ name: "ООО «Ромашка»", kind: "company", phones: ["+7 383 200-00-00"] });
  // The file readers load by themselves, from beside the engine.
  const preview = await crm.previewImport("Имя;Телефон\nАнна;+7 913 000-00-01\n");
  await Crm.loadFileReaders({ workbooks: true });
  const file = await crm.exportCsv();
  window.result = { found: crm.search("ромашка")[0]?.client.name ?? null, ready: preview.ready, exported: file.type };
} catch (error) {
  window.result = { error: String(error?.message ?? error) };
}
