// The engine as a page without a bundler imports it: from the installed package's files.
import init, { Crm } from "./node_modules/ripen-crm/pkg/ripen_wasm.js";
try {
  await init();
  const crm = await Crm.open(`consumer-${Date.now()}`, { user: "anna" });
  await crm.addClient({ name: "ООО «Ромашка»", kind: "company", phones: ["+7 383 200-00-00"] });
  window.result = { found: crm.search("ромашка")[0]?.client.name ?? null };
} catch (error) {
  window.result = { error: String(error?.message ?? error) };
}
