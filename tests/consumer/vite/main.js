// A bundled app: the engine used directly, and the element mounted, both from the
// installed package by its names.
import init, { Crm } from "ripen-crm";
import { mount } from "ripen-crm/element";

try {
  await init();
  const crm = await Crm.open(`bundled-${Date.now()}`, { user: "anna" });
  await crm.addClient({ name: "ИП Кузнецов", kind: "person", phones: ["+7 913 100-00-00"] });
  // The file readers are chunks of the bundle, loaded when the first file is read.
  const preview = await crm.previewImport("Имя;Телефон\nАнна;+7 913 000-00-01\n");
  await Crm.loadFileReaders({ workbooks: true });
  const file = await crm.exportCsv();
  window.result = { found: crm.search("кузнецов")[0]?.client.name ?? null, ready: preview.ready, exported: file.type };
} catch (error) {
  window.result = { error: String(error?.message ?? error) };
}
mount(document.getElementById("crm"), { database: "bundled-element", user: "anna", lang: "ru", screens: ["capture", "clients"] });
