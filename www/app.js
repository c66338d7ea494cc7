// Ripen's page: a thin shell over the engine. All rules live in the engine; this file
// only renders what it returns and shows the errors it raises.
import init, { Crm } from "./pkg/ripen_wasm.js";

const DATABASE = "ripen-demo";

const STRINGS = {
  en: {
    title: "Ripen", online: "online", offline: "offline", addHeading: "New client", nameLabel: "Name",
    namePlaceholder: "Company or person", kindLabel: "Kind", company: "Company", person: "Person",
    add: "Add client", clients: "Clients", empty: "No clients yet. Add the first one.",
    storedLocally: "Everything is stored on this device and works offline.",
    added: (name) => `Added “${name}”.`, by: (who, when) => `added by ${who}, ${when}`,
    errors: {
      empty: "Enter a name.", too_long: "That name is too long.", control_character: "The name contains an invisible control character.",
      validation: "Please check the input.", quota_exceeded: "This device is out of storage space. Nothing was saved.",
      schema_too_new: "This data was saved by a newer version of Ripen. Reload the page to update.",
      storage: "The browser's storage failed. Nothing was saved.", corrupt: "The stored data cannot be read.",
      unsupported: "This browser cannot run Ripen (it needs WebAssembly and IndexedDB).",
    },
  },
  ru: {
    title: "Ripen", online: "в сети", offline: "офлайн", addHeading: "Новый клиент", nameLabel: "Название или имя",
    namePlaceholder: "Компания или человек", kindLabel: "Тип", company: "Компания", person: "Человек",
    add: "Добавить клиента", clients: "Клиенты", empty: "Клиентов пока нет. Добавьте первого.",
    storedLocally: "Все данные хранятся на этом устройстве и доступны без сети.",
    added: (name) => `Добавлен «${name}».`, by: (who, when) => `добавил(а) ${who}, ${when}`,
    errors: {
      empty: "Введите название или имя.", too_long: "Слишком длинное название.", control_character: "В названии есть невидимый управляющий символ.",
      validation: "Проверьте введённые данные.", quota_exceeded: "На устройстве закончилось место. Ничего не сохранено.",
      schema_too_new: "Данные сохранены более новой версией Ripen. Перезагрузите страницу, чтобы обновиться.",
      storage: "Хранилище браузера дало сбой. Ничего не сохранено.", corrupt: "Сохранённые данные не читаются.",
      unsupported: "Этот браузер не может запустить Ripen (нужны WebAssembly и IndexedDB).",
    },
  },
};

let lang = localStorage.getItem("ripen.lang") ?? (navigator.language?.toLowerCase().startsWith("ru") ? "ru" : "en");
const t = () => STRINGS[lang];
const $ = (selector) => document.querySelector(selector);

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t()[el.dataset.i18n];
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t()[el.dataset.i18nPlaceholder];
  $("#language").textContent = lang === "ru" ? "EN" : "RU";
  showNetwork();
}

function showNetwork() {
  const badge = $("#network");
  badge.textContent = navigator.onLine ? t().online : t().offline;
  badge.classList.toggle("offline", !navigator.onLine);
}

/** A person-readable message for an engine error, by its stable kind and problem. */
function describe(error) {
  const messages = t().errors;
  return messages[error?.problem] ?? messages[error?.kind] ?? String(error?.message ?? error);
}

const dateFormat = () => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });

function render(crm) {
  const clients = crm.listClients();
  const list = $("#clients");
  const format = dateFormat();
  list.replaceChildren(
    ...clients.toReversed().map((client) => {
      const item = document.createElement("li");
      item.dataset.id = client.id;
      const name = Object.assign(document.createElement("span"), { className: "name", textContent: client.name });
      const kind = Object.assign(document.createElement("span"), { className: "kind-tag", textContent: t()[client.kind] });
      const meta = Object.assign(document.createElement("span"), {
        className: "meta",
        textContent: t().by(client.createdBy, format.format(new Date(client.createdAt))),
      });
      item.append(name, kind, meta);
      return item;
    }),
  );
  $("#client-count").textContent = String(clients.length);
  $("#empty").hidden = clients.length > 0;
}

function showFormError(error) {
  const box = $("#form-error");
  box.hidden = !error;
  box.textContent = error ? describe(error) : "";
  box.dataset.kind = error?.kind ?? "";
  $("#client-name").setAttribute("aria-invalid", error?.field === "name" ? "true" : "false");
}

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register("./sw.js");
  } catch (error) {
    console.warn("Ripen: offline support is unavailable:", error);
  }
}

async function main() {
  applyLanguage();
  addEventListener("online", showNetwork);
  addEventListener("offline", showNetwork);
  $("#language").addEventListener("click", () => {
    lang = lang === "ru" ? "en" : "ru";
    localStorage.setItem("ripen.lang", lang);
    applyLanguage();
    if (window.crm) render(window.crm);
  });
  registerServiceWorker();

  await init();
  const user = localStorage.getItem("ripen.user") ?? "demo";
  const crm = await Crm.open(DATABASE, { user });
  window.crm = crm;
  render(crm);

  const form = $("#add-client");
  const button = $("#add-button");
  button.disabled = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    button.disabled = true;
    try {
      await crm.addClient({ name: String(data.get("name") ?? ""), kind: String(data.get("kind")) });
      showFormError(null);
      form.reset();
      render(crm);
    } catch (error) {
      showFormError(error);
    } finally {
      button.disabled = false;
      $("#client-name").focus();
    }
  });
  document.documentElement.dataset.state = "ready";
}

main().catch((error) => {
  console.error("Ripen failed to start:", error);
  const fatal = $("#fatal");
  fatal.hidden = false;
  fatal.textContent = error?.kind ? describe(error) : t().errors.unsupported;
  document.documentElement.dataset.state = "failed";
  document.documentElement.dataset.errorKind = error?.kind ?? "unsupported";
});
