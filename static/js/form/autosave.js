/* Saving in place, by "Lagre" or by itself: shortly after the reporter stops typing (IDLE_MS) or leaves a
 * changed field (LEAVE_MS). Never two saves of one page in flight: a change made while a save runs is saved
 * by the next one, started when the first has answered. The state is shown in a live region
 * ("Lagrer …", "Lagret kl. 17:52.", "Ikke lagret – prøver igjen …"). */

import { postInPlace } from "./request.js";
import { changedNames, postedTexts, setInput } from "./values.js";

export const IDLE_MS = 2000;
export const LEAVE_MS = 300;
const RETRY_MS = [5000, 15000, 30000, 60000];

export function makeSaver(form, status, hooks) {
  let saved = postedTexts(form); // what storage holds, as the page would post it
  let inFlight = null;
  let timer = null;
  let retries = 0;
  let stopped = false;

  function say(text, kind) {
    if (!status) {
      return;
    }
    status.textContent = text;
    status.setAttribute("data-state", kind);
  }

  function unsaved() {
    return changedNames(saved, postedTexts(form));
  }

  function signedOut() {
    stopped = true;
    say("", "signed-out");
    const text = document.createElement("span");
    text.textContent = form.getAttribute("data-signed-out") + " ";
    const link = document.createElement("a");
    link.href = form.getAttribute("data-login-url");
    link.setAttribute("data-leave-ok", ""); // what was typed is kept in the browser: no "leave the page?"
    link.textContent = form.getAttribute("data-login-again");
    status.append(text, link);
  }

  function applied(data, sent) {
    form.elements._version.value = data.version;
    form.elements._base.value = data.base;
    const now = postedTexts(form);
    Object.keys(data.inputs).forEach((name) => {
      if ((now[name] || "") === (sent[name] || "")) {
        setInput(form, name, data.inputs[name]); // unless the reporter has typed there since
      }
    });
    saved = sent;
    const after = postedTexts(form);
    Object.keys(data.inputs).forEach((name) => {
      if ((now[name] || "") === (sent[name] || "")) {
        saved[name] = after[name];
      }
    });
    hooks.onSaved(data);
    say(data.message, "saved");
  }

  /** Save now (after the save in flight, if any). Resolves with the outcome's kind. */
  function save(button) {
    clearTimeout(timer);
    timer = null;
    if (inFlight) {
      return inFlight.then(() => save(button));
    }
    if (stopped) {
      return Promise.resolve("signed-out");
    }
    const sent = postedTexts(form);
    say(form.getAttribute("data-saving"), "saving");
    inFlight = postInPlace(form, button).then((outcome) => {
      inFlight = null;
      if (outcome.kind === "saved") {
        retries = 0;
        applied(outcome.data, sent);
        if (unsaved().length) {
          schedule(IDLE_MS); // typed while the save ran
        }
      } else if (outcome.kind === "offline") {
        say(outcome.message || form.getAttribute("data-retrying"), "retrying");
        schedule(RETRY_MS[Math.min(retries, RETRY_MS.length - 1)]);
        retries += 1;
      } else if (outcome.kind === "signed-out") {
        signedOut();
      } else {
        say("", "resubmit");
        hooks.onResubmit(button);
      }
      hooks.onSettled();
      return outcome.kind;
    });
    return inFlight;
  }

  function schedule(delay) {
    if (stopped) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (unsaved().length) {
        save(null);
      }
    }, delay);
  }

  return {
    save: save,
    schedule: schedule,
    unsaved: unsaved,
    busy: () => inFlight !== null,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
