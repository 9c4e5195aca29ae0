/* Questionnaire pages: show and hide questions as answers change, the live per-inhabitant hint, saving in place
 * (by "Lagre" and by itself), the typed values kept in the browser until saved, and a question before leaving
 * with unsaved input. The modules under form/ hold each part.
 *
 * The server stays the truth: it recomputes what is shown on every save, and the page works without this
 * script. Hidden inputs are still posted, so answers to hidden questions are kept.
 */

import { updateAllAmounts, updateAmount } from "./form/amount_hint.js";
import { IDLE_MS, LEAVE_MS, makeSaver } from "./form/autosave.js";
import * as drafts from "./form/draft.js";
import { showFindings } from "./form/findings.js";
import { guardLeaving } from "./form/leave.js";
import { offerDraft } from "./form/restore.js";
import { makeRouter } from "./form/routing.js";
import { postedTexts } from "./form/values.js";

const form = document.getElementById("section-form");

function contextValues() {
  const context = document.getElementById("form-context");
  try {
    return (context && JSON.parse(context.textContent)) || {};
  } catch (e) {
    return {};
  }
}

if (form) {
  const route = makeRouter(form, contextValues());
  const status = document.getElementById("save-status");
  const editable = Boolean(status) && Boolean(window.fetch);
  const key = form.getAttribute("data-draft-key");
  let plainPost = false;
  let keepTimer = null;

  route();
  if (editable) {
    const saver = makeSaver(form, status, {
      onSaved: (data) => {
        showFindings(form, data.findings);
        document.getElementById("section-summary").innerHTML = data.summary;
        route();
      },
      onSettled: () => keepDraft(),
      onResubmit: (button) => postPlainly(button),
    });

    /* The inputs that differ from storage, kept in the browser until saved (form/draft.js). */
    const keepDraft = () => drafts.keep(key, form, postedTexts(form), saver.unsaved());

    /* The server's own page, for what a save in place cannot show (a conflict, a stale page). */
    const postPlainly = (button) => {
      plainPost = true;
      saver.stop();
      const target = button || form.querySelector("button[name=save]");
      if (form.requestSubmit) {
        form.requestSubmit(target);
      } else {
        target.click();
      }
    };

    form.addEventListener("submit", (event) => {
      const button = event.submitter;
      if (plainPost || !button || button.name !== "save") {
        plainPost = true; // "Lagre og gå videre" and the fallback leave the page by design
        return;
      }
      event.preventDefault();
      saver.save(button);
    });
    form.addEventListener("input", (event) => {
      if (event.target.hasAttribute("data-population")) {
        updateAmount(form, event.target);
      }
      clearTimeout(keepTimer);
      keepTimer = setTimeout(keepDraft, 250);
      saver.schedule(IDLE_MS);
    });
    form.addEventListener("change", (event) => {
      route();
      keepDraft();
      saver.schedule(event.target.type === "checkbox" || event.target.type === "radio" ? IDLE_MS : LEAVE_MS);
    });
    guardLeaving(saver, () => plainPost, keepDraft);
    offerDraft(form, key, () => {
      route();
      updateAllAmounts(form);
      return saver.save(null);
    });
  } else {
    form.addEventListener("change", route);
    form.addEventListener("input", (event) => {
      if (event.target.hasAttribute("data-population")) {
        updateAmount(form, event.target);
      }
    });
  }
}
