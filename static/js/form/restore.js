/* After a lost session (or a closed tab), the section's page offers back what was typed and not saved:
 * "Sett inn og lagre" puts the values into the form with the _version and _base they were typed against
 * and saves, so a colleague's change since is a conflict as always; "Forkast" drops them. */

import * as drafts from "./draft.js";
import { changedNames, postedTexts, setPosted } from "./values.js";

function whenText(at) {
  return new Intl.DateTimeFormat(document.documentElement.lang === "en" ? "en-GB" : "nb-NO", {
    day: "numeric",
    month: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(at));
}

function button(text, primary) {
  const el = document.createElement("button");
  el.type = "button";
  el.textContent = text;
  if (primary) {
    el.className = "primary";
  }
  return el;
}

export function offerDraft(form, key, afterRestore) {
  const entry = drafts.read(key);
  if (!entry) {
    return;
  }
  const names = changedNames(postedTexts(form), entry.values).filter((name) => form.elements[name]);
  if (!names.length) {
    drafts.forget(key); // saved after all (a plain post that went through)
    return;
  }
  const offer = document.createElement("div");
  offer.className = "notice notice-warning draft-offer";
  offer.id = "draft-offer";
  offer.setAttribute("role", "alert");
  const text = document.createElement("p");
  text.textContent = form.getAttribute("data-draft-found").replace("{when}", whenText(entry.at));
  const restore = button(form.getAttribute("data-draft-restore"), true);
  const discard = button(form.getAttribute("data-draft-discard"), false);
  const actions = document.createElement("p");
  actions.className = "actions";
  actions.append(restore, discard);
  offer.append(text, actions);
  form.parentNode.insertBefore(offer, form);

  restore.addEventListener("click", () => {
    form.elements._version.value = entry.version;
    form.elements._base.value = entry.base;
    names.forEach((name) => setPosted(form, name, entry.values[name]));
    offer.remove();
    afterRestore();
  });
  discard.addEventListener("click", () => {
    drafts.forget(key);
    offer.remove();
  });
}
