// What the quick-capture form holds, kept on the device while the rep types: a refused
// save, a look at a possible duplicate, a reload or a closed tab never lose a lead. Cleared
// once the lead and its next step are saved.

const key = (crm) => `ripen.capture.${crm.name}`;

export function loadDraft(crm) {
  try {
    return JSON.parse(localStorage.getItem(key(crm)) ?? "null");
  } catch {
    return null;
  }
}

export function saveDraft(crm, draft) {
  try {
    localStorage.setItem(key(crm), JSON.stringify(draft));
  } catch {
    // A full storage loses the draft, never the lead: saving it is what counts.
  }
}

export const clearDraft = (crm) => localStorage.removeItem(key(crm));
