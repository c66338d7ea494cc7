// The page's words in Russian and English. The language comes from the browser (or the
// embedder's `lang`), can be switched, and is remembered.

const en = {
  title: "Ripen", online: "online", offline: "offline", switchTo: "RU",
  screens: { capture: "New lead", clients: "Clients", card: "Client", agenda: "Today", funnel: "Funnel", settings: "Settings" },
  storedLocally: "Everything is stored on this device and works offline.",
  capture: {
    heading: "New lead", name: "Name", namePlaceholder: "Company or person", kind: "Kind", company: "Company",
    person: "Person", worksAt: "Company they work at", phone: "Phone", email: "E-mail", interest: "Interest or wish",
    note: "Note", nextStep: "Next step", goal: "Goal", when: "When", channel: "How", plannedResult: "Planned result",
    save: "Save lead", saved: (name) => `Saved “${name}”.`, duplicates: "Maybe already in the base:",
    open: "Open", noNextStep: "No next step", approachFromInterest: "Lead from the stand",
  },
  clients: {
    search: "Search: name, phone, e-mail, tag — any script", all: "All", owner: "Owner", region: "Region",
    tag: "Tag", stage: "Stage", empty: "No clients match.", count: (n) => `${n} clients`, atLimit: "at contact limit",
    rotting: "rotting", matched: (how) => `matched: ${how}`,
  },
  card: {
    back: "Back", contacts: "Contacts", aliases: "Also known as", relationships: "Relationships", dates: "Dates",
    wishes: "Wishes", timeline: "History", revert: "Undo", reverted: "undone", stage: "Stage", move: "Move",
    plan: "Plan the next touch", approach: "Approach", planIt: "Plan", touches: "Touches", complete: "Done",
    result: "Result", blocked: (names, next) => `Blocked: ${names}${next ? ` — next allowed ${next}` : ""}`,
    warned: (names) => `Warning: ${names}`, allowed: "Allowed by the contact rules", override: "Reason to go ahead anyway",
    none: "—", conflict: "A later change stands in the way.",
    edit: "Edit contacts", phones: "Phones", emails: "E-mails", region: "Region", tags: "Tags", save: "Save",
  },
  settings: {
    storage: "Storage on this device", used: "Used / available", persisted: "Kept under storage pressure", yes: "yes", no: "no",
    held: "Holds", counts: (c, e) => `${c} clients, ${e} changes`, checkpoint: "Checkpoint", since: (n) => `${n} changes since the last one`,
    skipped: "Damaged records left out", backup: "Backup", exportBackup: "Export a backup", importBackup: "Restore a backup (into an empty CRM)",
    exported: "Backup saved.", imported: "Backup restored.", language: "Language", users: "Users", teams: "Teams",
    login: "Login", name: "Name", role: "Role", team: "Team", noTeam: "No team", teamId: "Team id", saveUser: "Save user",
    saveTeam: "Save team", saved: "Saved.", absent: "absent", rules: "Contact rules", block: "blocks", warn: "warns",
    remove: "Remove", ruleName: "What the rule says", scope: "Counted per", channel: "Channel", max: "At most",
    days: "In days", action: "When broken", addRule: "Add the rule",
    scopes: { person: "person", company: "company", group: "holding" },
    roles: { manager: "Sales rep", telemarketer: "Telemarketer", key_account_manager: "Key account manager", project_manager: "Project manager", support: "Support", back_office: "Back office", head_of_sales: "Head of sales", admin: "Admin" },
  },
  funnel: {
    chart: "The sales funnel", period: "Period", days: (n) => `Last ${n} days`, by: "Split", noSplit: "Not split",
    groups: { owner: "By owner", team: "By team", region: "By region", month: "By month" }, none: "none",
    cards: (n) => `${n} cards entered`, bottleneck: (from, to, share, drop) => `Bottleneck: ${from} → ${to}, ${share} pass (${drop} lost)`,
    nps: "NPS", npsLine: (score, p, pa, d) => `NPS ${score ?? "—"}: ${p} promoters, ${pa} passives, ${d} detractors`,
    noAnswers: "No answers in the period.", plans: "Plans", noPlans: "No plans.",
    metrics: { deals: "deals", amount: "amount", touches: "touches" }, forecast: (n) => `forecast ${n}`,
  },
  agenda: {
    heading: "Today", empty: "Nothing to do today.", call: "Call", done: "Done", plan: "Plan",
    why: {
      overdue: () => "A planned touch is overdue: do it now or move it.", today: () => "A touch is planned for today.",
      rotting: (stage) => `Stuck at “${stage}” longer than the stage allows.`, no_next_step: (stage) => `At “${stage}” with no next touch planned.`,
      after_sale: () => "After the sale: ask how it went (NPS) and offer the next purchase.", date: () => "An important date is coming.",
    },
    kinds: { overdue: "overdue", today: "today", rotting: "stuck", no_next_step: "no next step", after_sale: "after the sale", date: "date" },
  },
  goals: {
    identify_need: "Identify the need", identify_interest: "Identify interest", send_offer: "Send an offer",
    offer_follow_up: "Follow up the offer", schedule_meeting: "Schedule a meeting", request_details: "Ask for details",
    request_signed_contract: "Ask for the signed contract", request_payment: "Ask for payment", nps_survey: "NPS survey",
    repeat_sale: "Repeat sale",
  },
  channels: { call: "Call", email: "E-mail", meeting: "Meeting", message: "Message", marketing_send: "Mailing" },
  events: {
    client_added: "added", client_updated: "changed", client_renamed: "renamed", alias_added: "alias added",
    alias_removed: "alias removed", client_removed: "removed", client_restored: "restored", owner_changed: "handed off",
    client_routed: "routed", share_changed: "sharing changed", clients_merged: "merged", clients_unmerged: "unmerged",
    linked: "linked", unlinked: "unlinked", link_ended: "link ended", touch_recorded: "touch recorded",
    touch_status_changed: "touch updated", stage_moved: "stage moved", reverted: "undone",
  },
  errors: {
    empty: "Fill this in.", too_long: "That is too long.", control_character: "It contains an invisible control character.",
    validation: "Please check the input.", quota_exceeded: "This device is out of storage space. Nothing was saved.",
    schema_too_new: "This data was saved by a newer version of Ripen. Reload the page to update.",
    storage: "The browser's storage failed. Nothing was saved.", corrupt: "The stored data cannot be read.",
    aggression_limit: "The contact rules do not allow this touch now.", conflict: "A later change stands in the way.",
    forbidden: "You may not do that.", not_found: "Not found.",
    reload: "Ripen was updated or reset in another tab. Reload the page.",
    unsupported: "This browser cannot run Ripen (it needs WebAssembly and IndexedDB).",
  },
};

const ru = {
  title: "Ripen", online: "в сети", offline: "офлайн", switchTo: "EN",
  screens: { capture: "Новый лид", clients: "Клиенты", card: "Клиент", agenda: "Сегодня", funnel: "Воронка", settings: "Настройки" },
  storedLocally: "Все данные хранятся на этом устройстве и доступны без сети.",
  capture: {
    heading: "Новый лид", name: "Название или имя", namePlaceholder: "Компания или человек", kind: "Тип",
    company: "Компания", person: "Человек", worksAt: "Где работает", phone: "Телефон", email: "E-mail",
    interest: "Интерес или пожелание", note: "Заметка", nextStep: "Следующий шаг", goal: "Цель", when: "Когда",
    channel: "Как", plannedResult: "Планируемый результат", save: "Сохранить лид", saved: (name) => `Сохранён «${name}».`,
    duplicates: "Возможно, уже есть в базе:", open: "Открыть", noNextStep: "Без следующего шага",
    approachFromInterest: "Лид со стенда",
  },
  clients: {
    search: "Поиск: название, телефон, e-mail, тег — любым алфавитом", all: "Все", owner: "Ответственный",
    region: "Регион", tag: "Тег", stage: "Этап", empty: "Нет подходящих клиентов.", count: (n) => `Клиентов: ${n}`,
    atLimit: "лимит касаний", rotting: "застрял", matched: (how) => `совпало: ${how}`,
  },
  card: {
    back: "Назад", contacts: "Контакты", aliases: "Другие названия", relationships: "Связи", dates: "Даты",
    wishes: "Пожелания", timeline: "История", revert: "Отменить", reverted: "отменено", stage: "Этап", move: "Перевести",
    plan: "Запланировать касание", approach: "Заход", planIt: "Запланировать", touches: "Касания", complete: "Выполнено",
    result: "Результат", blocked: (names, next) => `Нельзя: ${names}${next ? ` — можно с ${next}` : ""}`,
    warned: (names) => `Внимание: ${names}`, allowed: "Правила касаний позволяют", override: "Почему всё же нужно",
    none: "—", conflict: "Мешает более позднее изменение.",
    edit: "Изменить контакты", phones: "Телефоны", emails: "E-mail", region: "Регион", tags: "Теги", save: "Сохранить",
  },
  settings: {
    storage: "Хранилище на устройстве", used: "Занято / доступно", persisted: "Защищено от очистки", yes: "да", no: "нет",
    held: "Хранится", counts: (c, e) => `клиентов ${c}, изменений ${e}`, checkpoint: "Снимок", since: (n) => `изменений после последнего: ${n}`,
    skipped: "Пропущены повреждённые записи", backup: "Резервная копия", exportBackup: "Сохранить копию", importBackup: "Восстановить из копии (в пустую CRM)",
    exported: "Копия сохранена.", imported: "Копия восстановлена.", language: "Язык", users: "Пользователи", teams: "Команды",
    login: "Логин", name: "Имя", role: "Роль", team: "Команда", noTeam: "Без команды", teamId: "Код команды", saveUser: "Сохранить пользователя",
    saveTeam: "Сохранить команду", saved: "Сохранено.", absent: "отсутствует", rules: "Правила касаний", block: "запрещает", warn: "предупреждает",
    remove: "Убрать", ruleName: "Формулировка правила", scope: "Считать на", channel: "Канал", max: "Не больше",
    days: "За дней", action: "При нарушении", addRule: "Добавить правило",
    scopes: { person: "человека", company: "компанию", group: "холдинг" },
    roles: { manager: "Менеджер", telemarketer: "Телемаркетолог", key_account_manager: "Ключевой менеджер", project_manager: "Руководитель проекта", support: "Поддержка", back_office: "Бэк-офис", head_of_sales: "РОП", admin: "Администратор" },
  },
  funnel: {
    chart: "Воронка продаж", period: "Период", days: (n) => `Последние ${n} дн.`, by: "Разбивка", noSplit: "Без разбивки",
    groups: { owner: "По менеджерам", team: "По командам", region: "По регионам", month: "По месяцам" }, none: "нет",
    cards: (n) => `Вошло карточек: ${n}`, bottleneck: (from, to, share, drop) => `Узкое место: ${from} → ${to}, проходят ${share} (потеряно ${drop})`,
    nps: "NPS", npsLine: (score, p, pa, d) => `NPS ${score ?? "—"}: промоутеров ${p}, нейтральных ${pa}, критиков ${d}`,
    noAnswers: "Ответов за период нет.", plans: "Планы", noPlans: "Планов нет.",
    metrics: { deals: "сделки", amount: "сумма", touches: "касания" }, forecast: (n) => `прогноз ${n}`,
  },
  agenda: {
    heading: "Сегодня", empty: "На сегодня дел нет.", call: "Позвонить", done: "Выполнено", plan: "Запланировать",
    why: {
      overdue: () => "Запланированное касание просрочено: выполните или перенесите.", today: () => "На сегодня запланировано касание.",
      rotting: (stage) => `Застрял на этапе «${stage}» дольше, чем положено.`, no_next_step: (stage) => `На этапе «${stage}», а следующее касание не запланировано.`,
      after_sale: () => "После продажи: спросите оценку (NPS) и предложите следующую покупку.", date: () => "Скоро важная дата.",
    },
    kinds: { overdue: "просрочено", today: "сегодня", rotting: "застрял", no_next_step: "нет следующего шага", after_sale: "после продажи", date: "дата" },
  },
  goals: {
    identify_need: "Выявить потребность", identify_interest: "Выявить интерес", send_offer: "Отправить КП",
    offer_follow_up: "Контрольный звонок по КП", schedule_meeting: "Назначить встречу", request_details: "Запросить реквизиты",
    request_signed_contract: "Получить подписанный договор", request_payment: "Запросить оплату", nps_survey: "Опрос NPS",
    repeat_sale: "Повторная продажа",
  },
  channels: { call: "Звонок", email: "E-mail", meeting: "Встреча", message: "Сообщение", marketing_send: "Рассылка" },
  events: {
    client_added: "добавлен", client_updated: "изменён", client_renamed: "переименован", alias_added: "добавлено название",
    alias_removed: "убрано название", client_removed: "удалён", client_restored: "восстановлен", owner_changed: "передан",
    client_routed: "распределён", share_changed: "доступ изменён", clients_merged: "объединён", clients_unmerged: "разъединён",
    linked: "связан", unlinked: "связь убрана", link_ended: "связь завершена", touch_recorded: "касание",
    touch_status_changed: "касание обновлено", stage_moved: "смена этапа", reverted: "отмена",
  },
  errors: {
    empty: "Заполните поле.", too_long: "Слишком длинно.", control_character: "Есть невидимый управляющий символ.",
    validation: "Проверьте введённые данные.", quota_exceeded: "На устройстве закончилось место. Ничего не сохранено.",
    schema_too_new: "Данные сохранены более новой версией Ripen. Перезагрузите страницу, чтобы обновиться.",
    storage: "Хранилище браузера дало сбой. Ничего не сохранено.", corrupt: "Сохранённые данные не читаются.",
    aggression_limit: "Правила касаний сейчас не позволяют это касание.", conflict: "Мешает более позднее изменение.",
    forbidden: "Нет прав на это действие.", not_found: "Не найдено.",
    reload: "Ripen обновили или сбросили в другой вкладке. Перезагрузите страницу.",
    unsupported: "Этот браузер не может запустить Ripen (нужны WebAssembly и IndexedDB).",
  },
};

export const STRINGS = { en, ru };

/** The language to start with: the embedder's, the remembered one, or the browser's. */
export function initialLanguage(asked) {
  if (asked in STRINGS) return asked;
  const remembered = globalThis.localStorage?.getItem("ripen.lang");
  if (remembered in STRINGS) return remembered;
  return navigator.language?.toLowerCase().startsWith("ru") ? "ru" : "en";
}

/** A person-readable message for an engine error, by its stable kind and problem. */
export function describe(strings, error) {
  const messages = strings.errors;
  return messages[error?.problem] ?? messages[error?.kind] ?? String(error?.message ?? error);
}
